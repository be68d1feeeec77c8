/* matrix_osrm: the OSRM provider, through the Table service
 *
 *   GET {base}/table/v1/driving/{lon,lat;lon,lat;...}?annotations=duration,distance
 *       [&sources=i;j;..&destinations=k;l;..]
 *
 * An OSRM server refuses tables over its --max-table-size (TooBig), so a request never
 * carries more than osrm_max_table coordinates (default 100): up to that many points go
 * in one request; beyond, the points are cut into blocks of max/2 and each ordered pair
 * of blocks (I, J) is one request with I's points as sources and J's as destinations
 * (I == J: the block alone). n points thus take ceil(n / (max/2))^2 requests and OSRM
 * computes exactly the n^2 entries. Retries, timeouts and the rate limit are
 * saha_http's. A reply whose "code" is not "Ok" is an error carrying OSRM's code and
 * message; a null entry is an unroutable pair (SAHA_ENOTFOUND naming both ids).
 * Caller: saha_matrix_build (matrix.c). */
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "internal/core.h"
#include "util/json.h"
#include "internal/matrix_parse.h"

/* Reads one annotation table ("durations" or "distances"). */
static saha_status parse_table(saha_ctx *ctx, const char *source, const json_t *root,
                               const char *key, const char *const *src_ids, size_t nsrc,
                               const char *const *dst_ids, size_t ndst, float *out,
                               size_t stride)
{
    const json_t *rows = json_object_get(root, key);
    if (!rows)
        return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                               "OSRM reply has no \"%s\" (a server before 5.18 cannot "
                               "return distances)",
                               key);
    if (!json_is_array(rows) || json_array_size(rows) != nsrc)
        return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                               "OSRM reply: \"%s\" should be an array of %zu rows", key,
                               nsrc);
    for (size_t s = 0; s < nsrc; s++) {
        const json_t *row = json_array_get(rows, s);
        if (!json_is_array(row) || json_array_size(row) != ndst)
            return saha__error_set(
                ctx, SAHA_EPARSE, source, 0, 0,
                "OSRM reply: %s[%zu] should be an array of %zu numbers", key, s, ndst);
        for (size_t d = 0; d < ndst; d++) {
            const json_t *e = json_array_get(row, d);
            double v;
            if (json_is_null(e))
                return saha__error_set(ctx, SAHA_ENOTFOUND, source, 0, 0,
                                       "unroutable: %s -> %s (OSRM found no route)",
                                       src_ids[s], dst_ids[d]);
            if (!json_is_number(e))
                return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                                       "OSRM reply: %s[%zu][%zu] is %s, not a number",
                                       key, s, d, saha__json_type_name(e));
            v = json_number_value(e);
            if (!isfinite(v) || v < 0 || v > SAHA_MATRIX__MAX_VALUE)
                return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                                       "OSRM reply: %s[%zu][%zu] = %g is not in [0, 1e9]",
                                       key, s, d, v);
            out[s * stride + d] = (float)v;
        }
    }
    return SAHA_OK;
}

saha_status saha_matrix__parse_osrm(saha_ctx *ctx, const char *source, const char *body,
                                    size_t len, const char *const *src_ids, size_t nsrc,
                                    const char *const *dst_ids, size_t ndst, float *dur,
                                    float *dist, size_t stride)
{
    json_t *root;
    const json_t *code;
    saha_status rc;

    if (!source)
        source = "OSRM";
    root = saha__json_load(ctx, body, len, JSON_REJECT_DUPLICATES, source,
                           "OSRM reply is not JSON");
    if (!root)
        return SAHA_EPARSE;
    if (!json_is_object(root)) {
        rc = saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                             "OSRM reply is %s, not an object", saha__json_type_name(root));
        goto done;
    }
    code = json_object_get(root, "code");
    if (!json_is_string(code)) {
        rc =
            saha__error_set(ctx, SAHA_EPARSE, source, 0, 0, "OSRM reply has no \"code\"");
        goto done;
    }
    if (strcmp(json_string_value(code), "Ok") != 0) {
        const json_t *msg = json_object_get(root, "message");
        const char *c = json_string_value(code);
        /* NoSegment: a coordinate could not be snapped to a road */
        rc = saha__error_set(
            ctx, strcmp(c, "NoSegment") == 0 ? SAHA_ENOTFOUND : SAHA_ENET, source, 0, 0,
            "OSRM %s: %s", c,
            json_is_string(msg) ? json_string_value(msg) : "(no message)");
        goto done;
    }
    rc = parse_table(ctx, source, root, "durations", src_ids, nsrc, dst_ids, ndst, dur,
                     stride);
    if (rc == SAHA_OK)
        rc = parse_table(ctx, source, root, "distances", src_ids, nsrc, dst_ids, ndst,
                         dist, stride);
done:
    json_decref(root);
    return rc;
}

/* Appends "lon,lat" of points [lo, hi) separated by ';'. */
static saha_status put_coords(saha__buf *b, const saha_latlon *pts, size_t lo, size_t hi,
                              int first)
{
    char x[40], y[40];
    for (size_t i = lo; i < hi; i++) {
        double lon = pts[i].lon_deg;
        saha_status rc;
        /* OSRM wants -180..180 */
        while (lon > 180.0)
            lon -= 360.0;
        while (lon < -180.0)
            lon += 360.0;
        if (saha__fmt_double(x, sizeof x, lon, 6) < 0 ||
            saha__fmt_double(y, sizeof y, pts[i].lat_deg, 6) < 0)
            return SAHA_EINVAL;
        if (!first || i > lo) {
            rc = saha__buf_putc(b, ';');
            if (rc < 0)
                return rc;
        }
        rc = saha__buf_printf(b, "%s,%s", x, y);
        if (rc < 0)
            return rc;
    }
    return SAHA_OK;
}

static saha_status put_range(saha__buf *b, const char *key, size_t lo, size_t hi)
{
    saha_status rc = saha__buf_printf(b, "&%s=", key);
    for (size_t i = lo; i < hi && rc == SAHA_OK; i++)
        rc = saha__buf_printf(b, i > lo ? ";%zu" : "%zu", i);
    return rc;
}

/* One Table request: sources = points [s0, s1), destinations = [d0, d1); when the two
 * ranges are the same, the coordinates are sent once. Fills the block of m. */
static saha_status osrm_block(saha_matrix *m, saha_ctx *ctx, saha_http *http,
                              const char *base, const char *source,
                              const char *const *ids, const saha_latlon *pts, size_t s0,
                              size_t s1, size_t d0, size_t d1)
{
    saha__buf url;
    saha_http_response resp;
    saha_status rc;
    int same = s0 == d0 && s1 == d1;

    memset(&resp, 0, sizeof resp);
    saha__buf_init(&url, ctx, (size_t)1 << 20);
    rc = saha__buf_printf(&url, "%s/table/v1/driving/", base);
    if (rc == SAHA_OK)
        rc = put_coords(&url, pts, s0, s1, 1);
    if (rc == SAHA_OK && !same)
        rc = put_coords(&url, pts, d0, d1, 0);
    if (rc == SAHA_OK)
        rc = saha__buf_puts(&url, "?annotations=duration,distance");
    if (rc == SAHA_OK && !same) {
        rc = put_range(&url, "sources", 0, s1 - s0);
        if (rc == SAHA_OK)
            rc = put_range(&url, "destinations", s1 - s0, s1 - s0 + d1 - d0);
    }
    if (rc < 0) {
        if (rc == SAHA_EINVAL)
            rc = saha__error_set(ctx, SAHA_EINVAL, source, 0, 0, "bad coordinate");
        goto done;
    }
    rc = saha_http_get(http, url.data, &resp);
    if (rc < 0)
        goto done;
    if (resp.status < 200 || resp.status > 299) {
        /* OSRM answers errors (400 TooBig, InvalidQuery, ...) with a JSON body: use it */
        if (resp.body && resp.len > 0 && resp.body[0] == '{') {
            rc = saha_matrix__parse_osrm(
                ctx, source, resp.body, resp.len, ids + s0, s1 - s0, ids + d0, d1 - d0,
                m->dur_s + s0 * m->n + d0, m->dist_m + s0 * m->n + d0, m->n);
            if (rc == SAHA_OK || rc == SAHA_EPARSE)
                rc = saha__error_replace(ctx, SAHA_ENET, source, 0, 0,
                                         "OSRM answered HTTP %ld", resp.status);
        } else {
            rc = saha__error_set(ctx, SAHA_ENET, source, 0, 0,
                                 "OSRM answered HTTP %ld after %u attempt(s)",
                                 resp.status, resp.attempts);
        }
        goto done;
    }
    rc = saha_matrix__parse_osrm(ctx, source, resp.body, resp.len, ids + s0, s1 - s0,
                                 ids + d0, d1 - d0, m->dur_s + s0 * m->n + d0,
                                 m->dist_m + s0 * m->n + d0, m->n);
done:
    saha_http_response_free(&resp);
    saha__buf_free(&url);
    return rc;
}

saha_status saha_matrix__fill_osrm(saha_matrix *m, saha_ctx *ctx, const char *const *ids,
                                   const saha_latlon *pts, const saha_matrix_options *o)
{
    saha_http *http = NULL;
    char base[512], source[sizeof base + 8];
    size_t max = o->osrm_max_table ? o->osrm_max_table : 100, blk, nb, done = 0, total;
    size_t blen;
    saha_status rc;

    if (!o->osrm_url || !o->osrm_url[0])
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "matrix provider 'osrm' needs the server's URL");
    if (max < 2)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "osrm_max_table must be at least 2, got %zu", max);
    blen = strlen(o->osrm_url);
    while (blen > 0 && o->osrm_url[blen - 1] == '/')
        blen--;
    if (blen >= sizeof base)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "OSRM URL too long");
    memcpy(base, o->osrm_url, blen);
    base[blen] = '\0';
    snprintf(source, sizeof source, "%s/table", base);
    if (m->n == 0)
        return SAHA_OK;
    rc = saha_http_create(&http, ctx, o->http);
    if (rc < 0)
        return rc;
    blk = m->n <= max ? m->n : max / 2;
    nb = (m->n + blk - 1) / blk;
    total = nb * nb;
    for (size_t bi = 0; bi < nb && rc == SAHA_OK; bi++) {
        for (size_t bj = 0; bj < nb && rc == SAHA_OK; bj++) {
            size_t s0 = bi * blk, s1 = s0 + blk < m->n ? s0 + blk : m->n;
            size_t d0 = bj * blk, d1 = d0 + blk < m->n ? d0 + blk : m->n;
            rc = osrm_block(m, ctx, http, base, source, ids, pts, s0, s1, d0, d1);
            done++;
            if (rc == SAHA_OK && o->progress && o->progress(done, total, o->payload))
                rc = saha__error_set(ctx, SAHA_ECANCEL, NULL, 0, 0, "cancelled");
        }
    }
    for (size_t i = 0; i < m->n && rc == SAHA_OK; i++) {
        m->dur_s[i * m->n + i] = 0.0f;
        m->dist_m[i * m->n + i] = 0.0f;
    }
    saha_http_free(http);
    return rc;
}
