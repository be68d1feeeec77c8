/* export_road: the road shapes (saha_export_options.roads, from OSRM's Route service)
 * that the GeoJSON, KML, GPX and HTML writers draw instead of straight legs. Route
 * index = day index. O(shape points). Callers: export_geojson.c, export_kml.c,
 * export_gpx.c, export_html.c, export_html_map.c. */
#include "internal/export.h"

const saha_latlon *saha_export__road(const saha_export_options *o, size_t d, size_t *n)
{
    *n = 0;
    if (!o || !o->roads)
        return NULL;
    return saha_roads_shape(o->roads, d, n);
}

saha_status saha_export__day_line(saha__buf *b, const saha_plan_day *day, size_t d,
                                  const saha_account_set *acc,
                                  const saha_export_options *o, const char *sep,
                                  saha_status (*put)(saha__buf *b, saha_latlon p))
{
    size_t n;
    const saha_latlon *road = saha_export__road(o, d, &n);
    saha_status rc = SAHA_OK;

    if (!road || n < 2)
        return saha_export__day_path(b, day, acc, sep, put);
    for (size_t i = 0; i < n && rc == SAHA_OK; i++) {
        if (i > 0)
            rc = saha__buf_puts(b, sep);
        if (rc == SAHA_OK)
            rc = put(b, road[i]);
    }
    return rc;
}
