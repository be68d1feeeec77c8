/* territory_geojson.c: the territory GeoJSON writer: per territory its area
 * (territory_area.c: merged Voronoi cells, so no two overlap), its label point, the
 * accounts and the centres or homes. Caller: the CLI (saha territory --geojson). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/export.h"
#include "internal/territory.h"

/* One property "name":number with fixed decimals (null when not finite). */
static saha_status put_num(saha__buf *b, const char *name, double v, int decimals)
{
    saha_status rc = saha__buf_printf(b, ",\"%s\":", name);
    return rc < 0 ? rc : saha_export__num(b, v, decimals, "null");
}

/* "id" and "rep" of a territory's feature. */
static saha_status put_names(saha__buf *b, const saha_territory_info *ti)
{
    saha_status rc = saha__buf_puts(b, ",\"id\":");
    if (rc >= 0)
        rc = saha_export__json(b, ti->id);
    if (rc >= 0)
        rc = saha__buf_puts(b, ",\"rep\":");
    if (rc >= 0)
        rc = saha_export__json(b, ti->rep_name);
    return rc;
}

/* [lon,lat] with 6 decimals, '.' whatever the locale. */
static saha_status put_point(saha__buf *b, saha_latlon q)
{
    return saha_export__num_pair(b, "[", q.lon_deg, ",", q.lat_deg, "]");
}

/* The whole document into b: one polygon per territory with accounts, then one point
 * per centre (or home). */
static saha_status geojson_doc(saha__buf *b, const saha_territory_result *res)
{
    saha_status rc = SAHA_OK;
    int first = 1;
    SAHA_EXPORT__TRY(
        saha__buf_puts(b, "{\"type\":\"FeatureCollection\",\"features\":[\n"));
    for (size_t t = 0; t < res->k; t++) {
        const saha_territory_info *ti = &res->info[t];
        const saha_territory__area *ar = &res->area;
        size_t c0 = ar->cell_start[t], c1 = ar->cell_start[t + 1];
        if (c1 == c0)
            continue; /* a territory without accounts has no area */
        SAHA_EXPORT__TRY(saha__buf_puts(b, first ? "" : ",\n"));
        first = 0;
        SAHA_EXPORT__TRY(saha__buf_puts(
            b, "{\"type\":\"Feature\",\"properties\":{\"kind\":\"territory\""));
        SAHA_EXPORT__TRY(put_names(b, ti));
        SAHA_EXPORT__TRY(saha__buf_printf(b, ",\"accounts\":%zu", ti->accounts));
        SAHA_EXPORT__TRY(put_num(b, "workload_h", ti->workload_h, 2));
        SAHA_EXPORT__TRY(put_num(b, "value", ti->value, 2));
        SAHA_EXPORT__TRY(put_num(b, "spread_km", ti->spread_km, 3));
        SAHA_EXPORT__TRY(put_num(b, "deviation_pct", ti->deviation_pct, 2));
        SAHA_EXPORT__TRY(put_num(b, "capacity", ti->capacity, 3));
        SAHA_EXPORT__TRY(put_num(b, "area_radius_km", ar->radius_m / 1000.0, 3));
        SAHA_EXPORT__TRY(saha__buf_puts(
            b, "},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["));
        for (size_t c = c0; c < c1; c++) {
            size_t a = ar->ring_start[c], e = ar->ring_start[c + 1];
            SAHA_EXPORT__TRY(saha__buf_puts(b, c == c0 ? "[[" : ",\n[["));
            for (size_t v = a; v <= e; v++) {
                SAHA_EXPORT__TRY(saha__buf_puts(b, v == a ? "" : ","));
                SAHA_EXPORT__TRY(put_point(b, ar->ring[v < e ? v : a]));
            }
            SAHA_EXPORT__TRY(saha__buf_puts(b, "]]"));
        }
        SAHA_EXPORT__TRY(saha__buf_puts(b, "]}}"));
    }
    for (size_t t = 0; t < res->k; t++) {
        const saha_territory__area *ar = &res->area;
        if (ar->cell_start[t + 1] == ar->cell_start[t] || !isfinite(ar->label[t].lat_deg))
            continue;
        SAHA_EXPORT__TRY(saha__buf_puts(b, first ? "" : ",\n"));
        first = 0;
        SAHA_EXPORT__TRY(saha__buf_puts(
            b, "{\"type\":\"Feature\",\"properties\":{\"kind\":\"label\""));
        SAHA_EXPORT__TRY(put_names(b, &res->info[t]));
        SAHA_EXPORT__TRY(
            saha__buf_puts(b, "},\"geometry\":{\"type\":\"Point\",\"coordinates\":"));
        SAHA_EXPORT__TRY(put_point(b, ar->label[t]));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "}}"));
    }
    for (size_t t = 0; t < res->k; t++) {
        const saha_territory_info *ti = &res->info[t];
        SAHA_EXPORT__TRY(saha__buf_puts(b, first ? "" : ",\n"));
        first = 0;
        SAHA_EXPORT__TRY(
            saha__buf_printf(b, "{\"type\":\"Feature\",\"properties\":{\"kind\":\"%s\"",
                             ti->anchored ? "home" : "centre"));
        SAHA_EXPORT__TRY(put_names(b, ti));
        SAHA_EXPORT__TRY(
            saha__buf_puts(b, "},\"geometry\":{\"type\":\"Point\",\"coordinates\":"));
        SAHA_EXPORT__TRY(put_point(b, ti->centre));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "}}"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "\n]}\n"));
done:
    return rc;
}

saha_status saha_territory_write_geojson(FILE *f, saha_ctx *ctx,
                                         const saha_territory_result *res)
{
    saha__buf b;
    saha_status rc;
    SAHA__CHECK_ARG(ctx, res != NULL && f != NULL);
    saha__error_clear(ctx);
    saha__buf_init(&b, ctx, SAHA_EXPORT__MAX_BYTES);
    rc = geojson_doc(&b, res);
    if (rc >= 0)
        rc = saha_export__write(ctx, f, &b);
    saha__buf_free(&b);
    return rc;
}
