/* Private: the parsed basemap (saha/basemap.h), read by the SVG map (svgmap.c) and the
 * HTML report's interactive map (export_html_map.c). */
#ifndef SAHA_INTERNAL_BASEMAP_H
#define SAHA_INTERNAL_BASEMAP_H

#include <stddef.h>

#include "internal/core.h"
#include "saha/basemap.h"

/* The values are written into the HTML maps' data ("k"): append only. */
enum saha_basemap__kind {
    SAHA_BASEMAP__LAND,
    SAHA_BASEMAP__WATER,
    SAHA_BASEMAP__BORDER,  /* a country border */
    SAHA_BASEMAP__PROVINCE /* a province (admin-1) border: "border" with admin 1 */
};

/* One ring (land or water polygon ring) or one border line: pts[first .. first+n). */
typedef struct saha_basemap__part {
    enum saha_basemap__kind kind;
    size_t first, n;
    double s, w, n_, e; /* bounding box, degrees */
} saha_basemap__part;

typedef struct saha_basemap__place {
    saha_latlon pos;
    const char *name; /* arena */
    int rank;
} saha_basemap__place;

struct saha_basemap {
    saha_ctx *ctx;
    saha__arena arena;
    saha_latlon *pts;
    size_t npts, cap_pts;
    saha_basemap__part *parts;
    size_t nparts, cap_parts;
    saha_basemap__place *places;
    size_t nplaces, cap_places;
    double box[4]; /* south, west, north, east */
    size_t nland;  /* land rings */
};

#endif
