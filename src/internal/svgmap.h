/* Private: a small SVG map renderer shared by the HTML itinerary report (export_html.c)
 * and the territory map (cmd_territory / territory module).
 *
 * Usage: create a map, add layers in drawing order (polygons first, then lines, then
 * points and markers, which end up on top), then render once into a saha__buf. Geometry
 * is given in WGS84 degrees; at render time the map fits a local metric projection
 * (saha_geo_local_* from saha/geo.h) to every point added, projects, and scales the
 * result into a viewBox of SAHA_SVGMAP_WIDTH pixels wide (height from the data's
 * aspect, clamped), with a margin, north up, and a scale bar (bottom left). Marker sizes
 * and line widths are in those pixels, so maps look the same whatever the region's
 * size. The output is one <svg> element (no XML prolog), deterministic (fixed order,
 * one decimal for pixel coordinates, '\n' line ends), every text escaped for XML/HTML.
 *
 * Elements carry classes and data-* attributes so that tests and stylesheets can find
 * them: polygons "map-polygon", lines "map-line", points "map-point", numbered markers
 * "map-marker" (a <g> with a circle and a <text>), the home mark "map-home", the scale
 * bar "map-scale", plus the style's own cls. Greyed items also get "map-greyed".
 *
 *   saha_svgmap *m = NULL;
 *   saha_svgmap_style st = SAHA_SVGMAP_STYLE_INIT;
 *   rc = saha_svgmap_create(&m, ctx, geo);         (geo: the caller's saha_geo)
 *   st.color = saha_svgmap_color(0); st.cls = "route"; st.data_name = "day";
 *   st.data_value = "1";
 *   rc = saha_svgmap_polyline(m, pts, n, &st);
 *   rc = saha_svgmap_render(m, &buf, "Week of 30 Nov");   (appends to buf)
 *   saha_svgmap_free(m);
 */
#ifndef SAHA_INTERNAL_SVGMAP_H
#define SAHA_INTERNAL_SVGMAP_H

#include <stddef.h>

#include "internal/core.h"
#include "saha/basemap.h"
#include "saha/geo.h"

/* Width of the viewBox in pixels; the height follows the data (200..1000). */
#define SAHA_SVGMAP_WIDTH 800

typedef struct saha_svgmap saha_svgmap;

/* How one item is drawn. Every string is copied at add time (may be NULL). */
typedef struct saha_svgmap_style {
    const char *cls;       /* extra CSS class(es), e.g. "route day-1"; [A-Za-z0-9_ -] */
    const char *color;     /* "#rrggbb" (anything else falls back to grey) */
    double width_px;       /* line width / outline width; 0 = default (3 lines, 1.5) */
    double fill_opacity;   /* polygons; 0 = default 0.2 */
    const char *title;     /* tooltip (<title>), escaped here */
    const char *label;     /* text of a numbered marker, escaped here */
    const char *data_name; /* one data-* attribute: name ([a-z0-9-]) and value */
    const char *data_value;
    const char *data_name2; /* a second data-* attribute */
    const char *data_value2;
    int greyed;    /* draw in grey, semi-transparent (e.g. skipped accounts) */
    int no_fit;    /* context only: the frame fits the other items and grows
                      towards this one by at most the fitted extent on each
                      side, so one far outlier does not shrink the map; what
                      falls outside is clipped */
    int clip_land; /* groups only: what the group draws is cut to the basemap's
                      land (sea and lakes inside its box stay clear; outside
                      the box nothing is cut); no effect without land */
} saha_svgmap_style;
#define SAHA_SVGMAP_STYLE_INIT                                                           \
    {                                                                                    \
        NULL, NULL, 0.0, 0.0, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0                \
    }

/* A distinct colour for series i (day, territory): a fixed palette of 10 colours that
 * stay apart for colour-blind readers, cycling. Returns a static "#rrggbb" string. */
const char *saha_svgmap_color(size_t i);

/* Creates an empty map. geo is borrowed (must outlive the map; used at render time).
 * @return SAHA_OK, SAHA_EINVAL, SAHA_ENOMEM */
saha_status saha_svgmap_create(saha_svgmap **out, saha_ctx *ctx, saha_geo *geo);
/* NULL is a no-op. */
void saha_svgmap_free(saha_svgmap *m);

/* A filled polygon (one ring, n >= 3 points, closing point optional), e.g. a territory.
 * Points with NaN coordinates are refused (SAHA_EINVAL). */
saha_status saha_svgmap_polygon(saha_svgmap *m, const saha_latlon *ring, size_t n,
                                const saha_svgmap_style *st);
/* An open polyline of n >= 2 points (straight segments in the projection), e.g. a day's
 * route. */
saha_status saha_svgmap_polyline(saha_svgmap *m, const saha_latlon *pts, size_t n,
                                 const saha_svgmap_style *st);
/* A small dot (e.g. an account, a skipped account with st->greyed). */
saha_status saha_svgmap_point(saha_svgmap *m, saha_latlon pos,
                              const saha_svgmap_style *st);
/* A numbered marker: a circle in st->color with st->label (short: 1-3 characters) in
 * white. */
saha_status saha_svgmap_marker(saha_svgmap *m, saha_latlon pos,
                               const saha_svgmap_style *st);
/* The home (start/end) mark: a dark square with a white "H". */
saha_status saha_svgmap_home(saha_svgmap *m, saha_latlon pos,
                             const saha_svgmap_style *st);

/* Separate straight segments (pts[0]-pts[1], pts[2]-pts[3], ...; n even >= 2) drawn as
 * one path "map-segments", e.g. the boundary of a territory. */
saha_status saha_svgmap_segments(saha_svgmap *m, const saha_latlon *pts, size_t n,
                                 const saha_svgmap_style *st);
/* A text label "map-label" (st->label, required) centred at pos in st->color with a white
 * halo, e.g. a territory's name inside its area. */
saha_status saha_svgmap_label(saha_svgmap *m, saha_latlon pos,
                              const saha_svgmap_style *st);
/* Draws bm (borrowed: must outlive the map) under every item: the frame turns sea blue,
 * land and lakes are filled, borders dashed, main places (rank 1; rank 2 too when the
 * frame is under 150 km wide) named. The basemap never changes the frame. Classes:
 * "map-land", "map-water", "map-border", "map-place". NULL = none. */
void saha_svgmap_basemap(saha_svgmap *m, const saha_basemap *bm);
/* Reserves `px` pixels of empty space under the map (for a legend the caller draws
 * there, so it never covers data): the viewBox grows, the map does not move. */
void saha_svgmap_footer(saha_svgmap *m, double px);
/* Height in pixels of the last rendered map's frame (without the footer). */
double saha_svgmap_frame_height(const saha_svgmap *m);

/* A group: the items added between group_begin and group_end are written inside one
 * <g class="map-group CLS" data-..="..">, e.g. every route of one rep on a team map
 * (st: cls, data_name/data_value, title; geometry fields unused). Groups nest; one
 * left open is closed at render time.
 * @return SAHA_OK, SAHA_EINVAL (end without begin, bad class), SAHA_ENOMEM */
saha_status saha_svgmap_group_begin(saha_svgmap *m, const saha_svgmap_style *st);
saha_status saha_svgmap_group_end(saha_svgmap *m);

/* Renders the map as one <svg> element appended to out (title: the SVG's <title> and
 * aria-label, may be NULL). A map with no geometry renders an empty frame with a note.
 * @return SAHA_OK, SAHA_EPROJ (projection), SAHA_ENOMEM, SAHA_ELIMIT (buffer ceiling) */
saha_status saha_svgmap_render(saha_svgmap *m, saha__buf *out, const char *title);

#endif
