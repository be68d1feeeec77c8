/* matrix_osrm: the OSRM provider, through the Table service
 *
 *   GET {base}/table/v1/driving/{lon,lat;lon,lat;...}?annotations=duration,distance
 *       [&sources=i;j;..&destinations=k;l;..]
 *
 * Blocks. osrm-routed --max-table-size L refuses a table when sources x destinations
 * exceeds L^2 (TooBig); the number of coordinates itself is not limited. So the n x n
 * matrix is cut into a grid of rectangles: rows into kr balanced blocks, columns into
 * kc, each block (I, J) one request whose sources are I's points and destinations J's,
 * with |I| x |J| <= L^2. saha_matrix__osrm_grid picks kr x kc as small as such a grid
 * allows (about n^2 / L^2; 1,000 points at L = 100: 100 requests, not the 400 of
 * half-size square blocks), ties broken by fewer coordinates per request. A request
 * sends the union of I and J when they overlap (a diagonal block sends its points
 * once), else I's points then J's. OSRM refuses a table of one coordinate
 * (InvalidOptions), so a block whose union is one point (that point to itself) is not
 * sent: its entry is 0.
 *
 * Snapping. Every waypoint of a reply carries "distance", the metres the server moved
 * the point to reach its road network; it is kept per point (saha_matrix_snap_m). Above
 * o->snap_warn_m a warning names the point; above o->snap_max_m the point is flagged
 * unroutable (saha_matrix_unroutable): its entries are the far road's, not its own.
 *
 * Connections. A reused keep-alive connection can stall ~40 ms a request when the
 * server writes its header and body in separate small segments (Nagle on the server
 * waiting for the client's delayed ACK; a fresh connection is in quick-ACK mode), so
 * plain-http requests go on a fresh connection each (~0.1 ms on a LAN); https keeps
 * the connection, since its handshake costs more than the stall.
 *
 * Retries, timeouts and the rate limit are saha_http__client's. A reply whose "code" is
 * not "Ok" is an error carrying OSRM's code and message; a null entry is an unroutable
 * pair (SAHA_ENOTFOUND naming both ids). Caller: saha_matrix_build (matrix.c). */
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "internal/core.h"
#include "internal/http.h"
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

/* Reads the waypoints' "distance" (metres moved to a road); NaN when absent. */
static saha_status parse_snap(saha_ctx *ctx, const char *source, const json_t *root,
                              const char *key, size_t count, float *out)
{
    const json_t *wps = json_object_get(root, key);
    if (!out)
        return SAHA_OK;
    for (size_t i = 0; i < count; i++)
        out[i] = NAN;
    if (!wps)
        return SAHA_OK;
    if (!json_is_array(wps) || json_array_size(wps) != count)
        return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                               "OSRM reply: \"%s\" should be an array of %zu waypoints",
                               key, count);
    for (size_t i = 0; i < count; i++) {
        const json_t *d = json_object_get(json_array_get(wps, i), "distance");
        double v;
        if (!d)
            continue;
        v = json_number_value(d);
        if (!json_is_number(d) || !isfinite(v) || v < 0 || v > SAHA_MATRIX__MAX_VALUE)
            return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                                   "OSRM reply: %s[%zu].distance is not a distance in "
                                   "metres",
                                   key, i);
        out[i] = (float)v;
    }
    return SAHA_OK;
}

saha_status saha_matrix__parse_osrm(saha_ctx *ctx, const char *source, const char *body,
                                    size_t len, const char *const *src_ids, size_t nsrc,
                                    const char *const *dst_ids, size_t ndst, float *dur,
                                    float *dist, size_t stride)
{
    return saha_matrix__parse_osrm_snap(ctx, source, body, len, src_ids, nsrc, dst_ids,
                                        ndst, dur, dist, stride, NULL, NULL);
}

saha_status saha_matrix__osrm_load(saha_ctx *ctx, const char *source, const char *body,
                                   size_t len, int no_route, json_t **out)
{
    json_t *root;
    const json_t *code, *msg;
    const char *c;
    saha_status rc;

    *out = NULL;
    root = saha__json_load(ctx, body, len, JSON_REJECT_DUPLICATES, source,
                           "OSRM reply is not JSON");
    if (!root)
        return SAHA_EPARSE;
    if (!json_is_object(root)) {
        rc = saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                             "OSRM reply is %s, not an object",
                             saha__json_type_name(root));
        json_decref(root);
        return rc;
    }
    code = json_object_get(root, "code");
    if (!json_is_string(code)) {
        json_decref(root);
        return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                               "OSRM reply has no \"code\"");
    }
    c = json_string_value(code);
    if (strcmp(c, "Ok") == 0) {
        *out = root;
        return SAHA_OK;
    }
    msg = json_object_get(root, "message");
    /* NoSegment: a coordinate could not be snapped to a road; NoRoute: no road joins
     * two of them (the Route service) */
    rc = saha__error_set(ctx,
                         !strcmp(c, "NoSegment") || (no_route && !strcmp(c, "NoRoute"))
                             ? SAHA_ENOTFOUND
                             : SAHA_ENET,
                         source, 0, 0, "OSRM %s: %s", c,
                         json_is_string(msg) ? json_string_value(msg) : "(no message)");
    json_decref(root);
    return rc;
}

saha_status saha_matrix__parse_osrm_snap(saha_ctx *ctx, const char *source,
                                         const char *body, size_t len,
                                         const char *const *src_ids, size_t nsrc,
                                         const char *const *dst_ids, size_t ndst,
                                         float *dur, float *dist, size_t stride,
                                         float *src_snap, float *dst_snap)
{
    json_t *root = NULL;
    saha_status rc;

    if (!source)
        source = "OSRM";
    rc = saha_matrix__osrm_load(ctx, source, body, len, 0, &root);
    if (rc < 0)
        return rc;
    rc = parse_table(ctx, source, root, "durations", src_ids, nsrc, dst_ids, ndst, dur,
                     stride);
    if (rc == SAHA_OK)
        rc = parse_table(ctx, source, root, "distances", src_ids, nsrc, dst_ids, ndst,
                         dist, stride);
    if (rc == SAHA_OK)
        rc = parse_snap(ctx, source, root, "sources", nsrc, src_snap);
    if (rc == SAHA_OK)
        rc = parse_snap(ctx, source, root, "destinations", ndst, dst_snap);
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

static size_t ceil_div(size_t a, size_t b)
{
    return a / b + (a % b != 0);
}

void saha_matrix__osrm_grid(size_t n, size_t max, size_t *kr, size_t *kc)
{
    size_t cells = max > SIZE_MAX / max ? SIZE_MAX : max * max;
    size_t best_req = SIZE_MAX, best_coords = SIZE_MAX;

    *kr = *kc = 1;
    if (n < 2 || max < 2)
        return;
    /* rows: kr blocks of at most ceil(n / kr) points; columns: as many as fit */
    for (size_t r = 1; r <= n; r++) {
        size_t rows = ceil_div(n, r), cols, c, coords, req;
        if (r > 1 && rows == ceil_div(n, r - 1))
            continue; /* same block height as r - 1, more requests */
        cols = cells / rows;
        if (cols == 0)
            continue;
        if (cols > n)
            cols = n;
        c = ceil_div(n, cols);
        cols = ceil_div(n, c);
        if (r > SIZE_MAX / c)
            break;
        req = r * c;
        coords = r == 1 && c == 1 ? n : rows + cols;
        if (req < best_req || (req == best_req && coords < best_coords)) {
            best_req = req;
            best_coords = coords;
            *kr = r;
            *kc = c;
        }
    }
}

/* One Table request: sources = points [s0, s1), destinations = [d0, d1). Overlapping
 * ranges send their union once. Fills the block of m and the points' snap distances. */
static saha_status osrm_block(saha_matrix *m, saha_ctx *ctx, saha_http__client *http,
                              const char *base, const char *source,
                              const char *const *ids, const saha_latlon *pts, size_t s0,
                              size_t s1, size_t d0, size_t d1, float *snap_s,
                              float *snap_d)
{
    saha__buf url;
    saha_http__response resp;
    saha_status rc;
    size_t lo = s0 < d0 ? s0 : d0, hi = s1 > d1 ? s1 : d1;
    size_t ns = s1 - s0, nd = d1 - d0;
    int uni = hi - lo <= ns + nd; /* overlapping or adjacent: send [lo, hi) */

    memset(&resp, 0, sizeof resp);
    saha__buf_init(&url, ctx, SAHA__BUF_NOLIMIT);
    rc = saha__buf_printf(&url, "%s/table/v1/driving/", base);
    if (rc == SAHA_OK && uni)
        rc = put_coords(&url, pts, lo, hi, 1);
    if (rc == SAHA_OK && !uni) {
        rc = put_coords(&url, pts, s0, s1, 1);
        if (rc == SAHA_OK)
            rc = put_coords(&url, pts, d0, d1, 0);
    }
    if (rc == SAHA_OK)
        rc = saha__buf_puts(&url, "?annotations=duration,distance");
    if (rc == SAHA_OK && !(uni && s0 == lo && s1 == hi && d0 == lo && d1 == hi)) {
        size_t so = uni ? s0 - lo : 0, dof = uni ? d0 - lo : ns;
        rc = put_range(&url, "sources", so, so + ns);
        if (rc == SAHA_OK)
            rc = put_range(&url, "destinations", dof, dof + nd);
    }
    if (rc < 0) {
        if (rc == SAHA_EINVAL)
            rc = saha__error_set(ctx, SAHA_EINVAL, source, 0, 0, "bad coordinate");
        goto done;
    }
    rc = saha_http__get(http, url.data, &resp);
    if (rc < 0)
        goto done;
    if (resp.status < 200 || resp.status > 299) {
        if (saha_matrix__osrm_json_body(&resp))
            rc = saha_matrix__parse_osrm(ctx, source, resp.body, resp.len, ids + s0, ns,
                                         ids + d0, nd, m->dur_s + s0 * m->n + d0,
                                         m->dist_m + s0 * m->n + d0, m->n);
        rc = saha_matrix__osrm_refused(ctx, source, &resp, rc);
        goto done;
    }
    rc = saha_matrix__parse_osrm_snap(ctx, source, resp.body, resp.len, ids + s0, ns,
                                      ids + d0, nd, m->dur_s + s0 * m->n + d0,
                                      m->dist_m + s0 * m->n + d0, m->n, snap_s, snap_d);
done:
    saha_http__response_free(&resp);
    saha__buf_free(&url);
    return rc;
}

int saha_matrix__osrm_json_body(const saha_http__response *resp)
{
    return resp->body && resp->len > 0 && resp->body[0] == '{';
}

saha_status saha_matrix__osrm_refused(saha_ctx *ctx, const char *source,
                                      const saha_http__response *resp, saha_status parsed)
{
    if (!saha_matrix__osrm_json_body(resp))
        return saha__error_set(ctx, SAHA_ENET, source, 0, 0,
                               "OSRM answered HTTP %ld after %u attempt(s)", resp->status,
                               resp->attempts);
    if (parsed == SAHA_OK || parsed == SAHA_EPARSE)
        return saha__error_replace(ctx, SAHA_ENET, source, 0, 0, "OSRM answered HTTP %ld",
                                   resp->status);
    return parsed;
}

/* Keeps the largest snap distance seen for each point of [lo, hi). */
static void merge_snap(float *snap, size_t lo, size_t hi, const float *got)
{
    for (size_t i = lo; i < hi; i++)
        if (!isnan(got[i - lo]) && (isnan(snap[i]) || got[i - lo] > snap[i]))
            snap[i] = got[i - lo];
}

/* Warnings and the unroutable flag from the points' snap distances. */
static saha_status check_snap(saha_matrix *m, saha_ctx *ctx, const char *const *ids,
                              const saha_matrix_options *o)
{
    for (size_t i = 0; i < m->n; i++) {
        double d = m->snap_m[i];
        if (isnan(d))
            continue;
        if (o->snap_max_m > 0 && d > o->snap_max_m) {
            unsigned char *f = saha_matrix__flags(m);
            if (!f)
                return SAHA_ENOMEM;
            f[i] |= SAHA_MATRIX__F_UNROUTABLE;
            saha__log(ctx, SAHA_LOG_WARN,
                      "%s: the OSRM server moved this point %.0f m to reach a road "
                      "(more than the %.0f m allowed): treated as unroutable",
                      ids[i], d, o->snap_max_m);
        } else if (o->snap_warn_m > 0 && d > o->snap_warn_m) {
            saha__log(ctx, SAHA_LOG_WARN,
                      "%s: the OSRM server moved this point %.0f m to reach a road "
                      "(more than %.0f m): its travel times start from that road",
                      ids[i], d, o->snap_warn_m);
        }
    }
    return SAHA_OK;
}

saha_status saha_matrix__fill_osrm(saha_matrix *m, saha_ctx *ctx, const char *const *ids,
                                   const saha_latlon *pts, const saha_matrix_options *o)
{
    saha_http__client *http = NULL;
    saha_http_options ho;
    char base[512], source[sizeof base + 8];
    size_t max = o->osrm_max_table ? o->osrm_max_table : 100, kr, kc, done = 0, total = 0;
    size_t blen;
    float *sbuf = NULL, *dbuf = NULL;
    saha_status rc;
    (void)saha_http_options_init(&ho, SAHA_HTTP_OPTIONS_VERSION);

    if (!o->osrm_url || !o->osrm_url[0])
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "matrix provider 'osrm' needs the server's URL");
    if (max < 2)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "osrm_max_table must be at least 2, got %zu", max);
    if (o->snap_warn_m < 0 || o->snap_max_m < 0 || isnan(o->snap_warn_m) ||
        isnan(o->snap_max_m))
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "snap_warn_m and snap_max_m must be >= 0");
    blen = strlen(o->osrm_url);
    while (blen > 0 && o->osrm_url[blen - 1] == '/')
        blen--;
    if (blen >= sizeof base)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "OSRM URL too long");
    memcpy(base, o->osrm_url, blen);
    base[blen] = '\0';
    snprintf(source, sizeof source, "%s/table", base);
    m->snap_m = saha__alloc_array(ctx, m->n ? m->n : 1, sizeof *m->snap_m);
    if (!m->snap_m)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < m->n; i++) {
        m->snap_m[i] = NAN;
        m->dur_s[i * m->n + i] = 0.0f;
        m->dist_m[i * m->n + i] = 0.0f;
    }
    if (m->n < 2)
        return SAHA_OK; /* one point: its only entry is 0, and OSRM wants two */
    if (o->http)
        ho = *o->http;
    if (strncmp(base, "http://", 7) == 0 || strncmp(base, "HTTP://", 7) == 0)
        ho.fresh_connection = 1;
    rc = saha_http__create(&http, ctx, &ho);
    if (rc < 0)
        return rc;
    saha_matrix__osrm_grid(m->n, max, &kr, &kc);
    sbuf = saha__alloc_array(ctx, m->n, sizeof *sbuf);
    dbuf = saha__alloc_array(ctx, m->n, sizeof *dbuf);
    if (!sbuf || !dbuf) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t bi = 0; bi < kr; bi++)
        for (size_t bj = 0; bj < kc; bj++) {
            size_t s0 = m->n * bi / kr, s1 = m->n * (bi + 1) / kr;
            size_t d0 = m->n * bj / kc, d1 = m->n * (bj + 1) / kc;
            if (!(s1 - s0 == 1 && s0 == d0 && s1 == d1))
                total++;
        }
    for (size_t bi = 0; bi < kr && rc == SAHA_OK; bi++) {
        for (size_t bj = 0; bj < kc && rc == SAHA_OK; bj++) {
            size_t s0 = m->n * bi / kr, s1 = m->n * (bi + 1) / kr;
            size_t d0 = m->n * bj / kc, d1 = m->n * (bj + 1) / kc;
            if (s1 - s0 == 1 && s0 == d0 && s1 == d1)
                continue; /* one point to itself: 0, and a one-coordinate table */
            rc = osrm_block(m, ctx, http, base, source, ids, pts, s0, s1, d0, d1, sbuf,
                            dbuf);
            if (rc < 0)
                break;
            merge_snap(m->snap_m, s0, s1, sbuf);
            merge_snap(m->snap_m, d0, d1, dbuf);
            done++;
            if (o->progress && o->progress(done, total, o->payload))
                rc = saha__error_set(ctx, SAHA_ECANCEL, NULL, 0, 0, "cancelled");
        }
    }
    for (size_t i = 0; i < m->n && rc == SAHA_OK; i++) {
        m->dur_s[i * m->n + i] = 0.0f;
        m->dist_m[i * m->n + i] = 0.0f;
    }
    if (rc == SAHA_OK)
        rc = check_snap(m, ctx, ids, o);
done:
    saha__free(ctx, sbuf);
    saha__free(ctx, dbuf);
    saha_http__free(http);
    return rc;
}
