/* saha/basemap.h: an offline basemap for the maps of the reports (land and sea, lakes,
 * borders, place names) read from a small GeoJSON file, and the land/water test that
 * flags legs whose straight line crosses open water.
 *
 * The file is a FeatureCollection whose features carry properties.kind:
 *   "land"  Polygon or MultiPolygon (holes and "lake"/"land-hole" polygons are water)
 *   "lake"  Polygon or MultiPolygon of inland water
 *   "border" LineString or MultiLineString: a country border (drawn dashed), or with
 *            properties.admin 1 a province border (drawn thinner and lighter)
 *   "place" Point with properties.name (text) and properties.rank (1 = main places)
 * Other features are ignored. An optional top-level properties.box [south, west, north,
 * east] bounds where the land test answers (outside it: unknown); without it, the
 * bounding box of the land polygons. maps/basemap/ holds the samples' basemap and the
 * script that builds it from Natural Earth. */
#ifndef SAHA_BASEMAP_H
#define SAHA_BASEMAP_H

#include <stddef.h>

#include "saha/error.h"
#include "saha/geo.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct saha_basemap saha_basemap;

/** Reads a basemap GeoJSON file (at most 64 MiB).
 *  @return SAHA_OK, SAHA_EIO, SAHA_EPARSE (not JSON, not a FeatureCollection, a bad
 *          geometry: the message names the feature), SAHA_ELIMIT, SAHA_ENOMEM */
SAHA_API saha_status saha_basemap_load(saha_basemap **out, saha_ctx *ctx,
                                       const char *path);
/** The same from memory; source names the input in messages. */
SAHA_API saha_status saha_basemap_parse(saha_basemap **out, saha_ctx *ctx,
                                        const char *source, const char *data, size_t len);
/** NULL is a no-op. */
SAHA_API void saha_basemap_free(saha_basemap *bm);
/** Numbers of land rings, border lines (country and province) and places read. */
SAHA_API void saha_basemap_counts(const saha_basemap *bm, size_t *rings, size_t *lines,
                                  size_t *places);
/** 1 on land, 0 on water, -1 unknown (no land polygons, or outside the box). */
SAHA_API int saha_basemap_is_land(const saha_basemap *bm, saha_latlon p);
/** Metres of the straight line a-b (sampled every 200 m) that lie on water; -1 when
 *  unknown (an end outside the box, or no land polygons). */
SAHA_API double saha_basemap_water_m(const saha_basemap *bm, saha_latlon a,
                                     saha_latlon b);

/** A leg is flagged as crossing open water when at least this much of its straight
 *  line lies on water. */
#define SAHA_BASEMAP_WATER_FLAG_M 600.0

#ifdef __cplusplus
}
#endif
#endif /* SAHA_BASEMAP_H */
