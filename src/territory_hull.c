/* territory_hull.c: territory polygons and the GeoJSON writer.
 *
 * Method. Each territory's polygon is the convex hull of its accounts in the local
 * projection (Andrew's monotone chain: sort by x then y, build the lower and upper
 * chains dropping non-left turns; O(m log m) for m points, output counter-clockwise as
 * RFC 7946 wants for exterior rings), projected back to WGS84. A territory with fewer
 * than three distinct (non-collinear) points gets the hull of 500 m squares around them
 * so that every territory has a real polygon. Accounts locked to their rep
 * (--keep-assigned) shape the polygon only when the territory has no other account:
 * they are exceptions, shown as dots. Hulls of neighbouring territories may
 * overlap where territories interleave; the account assignment (CSV) is the truth, the
 * polygons are for the map. Caller: territory.c, territory_svg.c, the CLI. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/export.h"
#include "internal/territory.h"

#define BUFFER_M 500.0

static int xy_cmp(const void *a, const void *b)
{
    const saha_xy *p = a, *q = b;
    if (p->x_m != q->x_m)
        return p->x_m < q->x_m ? -1 : 1;
    if (p->y_m != q->y_m)
        return p->y_m < q->y_m ? -1 : 1;
    return 0;
}

static double cross(saha_xy o, saha_xy a, saha_xy b)
{
    return (a.x_m - o.x_m) * (b.y_m - o.y_m) - (a.y_m - o.y_m) * (b.x_m - o.x_m);
}

size_t saha_territory__convex_hull(saha_xy *pts, size_t n, saha_xy *hull)
{
    size_t m = 0, lower;
    if (n == 0)
        return 0;
    qsort(pts, n, sizeof *pts, xy_cmp);
    for (size_t i = 0; i < n; i++) {
        while (m >= 2 && cross(hull[m - 2], hull[m - 1], pts[i]) <= 0)
            m--;
        hull[m++] = pts[i];
    }
    lower = m + 1;
    for (size_t i = n - 1; i-- > 0;) {
        while (m >= lower && cross(hull[m - 2], hull[m - 1], pts[i]) <= 0)
            m--;
        hull[m++] = pts[i];
    }
    /* The last point repeats the first. */
    return m > 1 ? m - 1 : m;
}

saha_status saha_territory__hulls(saha_ctx *ctx, const saha_geo_local *loc,
                                  const saha_xy *xy, const uint32_t *assign,
                                  const uint32_t *locked, size_t n, size_t k,
                                  size_t **start_out, saha_latlon **hull_out)
{
    size_t *start = NULL, *bucket = NULL, cap, used = 0, maxm = 0;
    saha_xy *pts = NULL, *tmp = NULL, *ring = NULL;
    saha_latlon *hull = NULL;
    saha_status rc = SAHA_OK;

    *start_out = NULL;
    *hull_out = NULL;
    cap = n + 8 * k + 8;
    start = saha__calloc(ctx, k + 1, sizeof *start);
    bucket = saha__calloc(ctx, k + 1, sizeof *bucket);
    pts = saha__alloc_array(ctx, n, sizeof *pts);
    ring = saha__alloc_array(ctx, cap, sizeof *ring);
    hull = saha__alloc_array(ctx, cap, sizeof *hull);
    if (!start || !bucket || !pts || !ring || !hull) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    /* Which points shape the polygon: locked accounts only when their territory has
     * nothing else (a key account far away would otherwise stretch the hull over the
     * neighbours). start[] counts free accounts per territory for now. */
    for (size_t i = 0; i < n; i++)
        if (!locked || locked[i] == SAHA_TERRITORY__NONE)
            start[assign[i]]++;
#define SHAPES(i) (!locked || locked[i] == SAHA_TERRITORY__NONE || start[assign[i]] == 0)
    /* Group the points by territory. */
    for (size_t i = 0; i < n; i++)
        if (SHAPES(i))
            bucket[assign[i] + 1]++;
    for (size_t t = 0; t < k; t++) {
        if (bucket[t + 1] > maxm)
            maxm = bucket[t + 1];
        bucket[t + 1] += bucket[t];
    }
    for (size_t i = 0; i < n; i++)
        if (SHAPES(i))
            pts[bucket[assign[i]]++] = xy[i];
#undef SHAPES
    for (size_t t = k; t > 0; t--)
        bucket[t] = bucket[t - 1];
    bucket[0] = 0;
    tmp = saha__alloc_array(ctx, 4 * maxm + 8, sizeof *tmp);
    if (!tmp) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t t = 0; t < k; t++) {
        size_t m = bucket[t + 1] - bucket[t], h;
        saha_xy *mine = pts + bucket[t];
        start[t] = used;
        if (m == 0)
            continue;
        memcpy(tmp, mine, m * sizeof *tmp);
        h = saha_territory__convex_hull(tmp, m, ring + used);
        if (h < 3) {
            /* One or two distinct places (or a line): hull of squares around them. */
            size_t q = 0;
            for (size_t i = 0; i < m; i++) {
                static const double sx[4] = {-1, 1, 1, -1}, sy[4] = {-1, -1, 1, 1};
                for (int c = 0; c < 4; c++) {
                    tmp[q].x_m = mine[i].x_m + sx[c] * BUFFER_M;
                    tmp[q].y_m = mine[i].y_m + sy[c] * BUFFER_M;
                    q++;
                }
            }
            h = saha_territory__convex_hull(tmp, q, ring + used);
        }
        used += h;
    }
    start[k] = used;
    rc = saha_geo_local_inverse(loc, ring, hull, used);
    if (rc < 0)
        goto done;
    *start_out = start;
    *hull_out = hull;
    start = NULL;
    hull = NULL;
done:
    saha__free(ctx, start);
    saha__free(ctx, bucket);
    saha__free(ctx, pts);
    saha__free(ctx, tmp);
    saha__free(ctx, ring);
    saha__free(ctx, hull);
    return rc;
}

/* ---- GeoJSON ----------------------------------------------------------------------- */

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
