/* matrix_route: road shapes from the OSRM Route service, with an SQLite route cache.
 *
 *   GET {base}/route/v1/driving/{lon,lat;...}?overview=full&geometries=polyline6
 *       &steps=false
 *
 * One request per route (a day: home, the stops, home). polyline6 (Google's encoded
 * polyline at 1e-6 degrees) is about a fifth of the GeoJSON geometry; the parser reads
 * both, so a cached or replayed GeoJSON answer works too. The geometry passes through
 * the server's snapped waypoints, so leg k starts at a shape point on waypoint k (of
 * those, the one whose distance along the shape best fits the server's leg distances:
 * a route may pass a point twice). O(shape points x legs).
 *
 * Cache: one table routes(url TEXT PRIMARY KEY, body TEXT, fetched_at INTEGER) holding
 * the server's verbatim answer per request URL (the URL names the server and every
 * coordinate at 6 decimals, so a moved stop is a new request). Only "Ok" answers are
 * stored. The file is created 0600, WAL mode; a file that is not provably a saha route
 * cache (SQLite with saha's meta and routes tables) is refused and never touched, and
 * a damaged one is an error (the cache is only a time saver: delete it).
 * Caller: the CLI (plan --provider osrm) before the exports; O(shape points) a route. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "internal/core.h"
#include "internal/geo_fast.h"
#include "internal/http.h"
#include "internal/matrix_parse.h"
#include "util/json.h"
#include "util/sqlite.h"

#define MAX_WAYPOINTS 500 /* osrm-routed --max-viaroute-size default */

struct saha_roads {
    saha_ctx *ctx;
    saha_http__client *http;
    sqlite3 *db;
    sqlite3_stmt *get, *put;
    char *cache_path;
    char base[512];
    saha_matrix__road *r; /* nr routes; n == 0: no shape */
    size_t nr;
    size_t requests, hits;
};

void saha_matrix__road_clear(saha_ctx *ctx, saha_matrix__road *r)
{
    saha__free(ctx, r->pts);
    saha__free(ctx, r->leg_start);
    saha__free(ctx, r->leg_m);
    saha__free(ctx, r->leg_s);
    memset(r, 0, sizeof *r);
}

saha_status saha_matrix__polyline_decode(saha_ctx *ctx, const char *source, const char *s,
                                         size_t len, int precision, saha_latlon **out,
                                         size_t *n_out)
{
    double scale = precision == 5 ? 1e5 : 1e6;
    size_t cap = len / 2 + 1, n = 0, i = 0;
    int64_t v[2] = {0, 0};
    saha_latlon *pts;

    *out = NULL;
    *n_out = 0;
    /* each point takes at least two characters (one per coordinate) */
    pts = saha__alloc_array(ctx, cap, sizeof *pts);
    if (!pts)
        return SAHA_ENOMEM;
    while (i < len) {
        for (int c = 0; c < 2; c++) {
            uint64_t acc = 0;
            unsigned shift = 0;
            int byte;
            do {
                if (i >= len || shift > 60) {
                    saha__free(ctx, pts);
                    return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                                           "OSRM reply: polyline ends inside a number "
                                           "(byte %zu)",
                                           i);
                }
                byte = (unsigned char)s[i] - 63;
                if (byte < 0 || byte > 63) {
                    saha__free(ctx, pts);
                    return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                                           "OSRM reply: polyline byte %zu is not in "
                                           "'?'..'~'",
                                           i);
                }
                i++;
                acc |= (uint64_t)(byte & 0x1f) << shift;
                shift += 5;
            } while (byte >= 0x20);
            v[c] += (acc & 1) ? -(int64_t)(acc >> 1) - 1 : (int64_t)(acc >> 1);
        }
        if (n == cap) { /* cannot happen (two bytes a point), kept as a guard */
            saha__free(ctx, pts);
            return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0, "polyline too long");
        }
        pts[n].lat_deg = (double)v[0] / scale;
        pts[n].lon_deg = (double)v[1] / scale;
        if (fabs(pts[n].lat_deg) > 90 || fabs(pts[n].lon_deg) > 180) {
            saha__free(ctx, pts);
            return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                                   "OSRM reply: polyline point %zu is off the globe", n);
        }
        n++;
    }
    *out = pts;
    *n_out = n;
    return SAHA_OK;
}

static saha_status geojson_line(saha_ctx *ctx, const char *source, const json_t *g,
                                saha_latlon **out, size_t *n_out)
{
    const json_t *c = json_object_get(g, "coordinates");
    size_t n;
    saha_latlon *pts;

    *out = NULL;
    *n_out = 0;
    if (!json_is_string(json_object_get(g, "type")) ||
        strcmp(json_string_value(json_object_get(g, "type")), "LineString") != 0 ||
        !json_is_array(c))
        return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                               "OSRM reply: geometry is not a LineString");
    n = json_array_size(c);
    pts = saha__alloc_array(ctx, n ? n : 1, sizeof *pts);
    if (!pts)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const json_t *p = json_array_get(c, i);
        double lon = json_number_value(json_array_get(p, 0));
        double lat = json_number_value(json_array_get(p, 1));
        if (!json_is_array(p) || json_array_size(p) < 2 ||
            !json_is_number(json_array_get(p, 0)) ||
            !json_is_number(json_array_get(p, 1)) || fabs(lat) > 90 || fabs(lon) > 180) {
            saha__free(ctx, pts);
            return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                                   "OSRM reply: geometry point %zu is not [lon, lat]", i);
        }
        pts[i].lat_deg = lat;
        pts[i].lon_deg = lon;
    }
    *out = pts;
    *n_out = n;
    return SAHA_OK;
}

/* leg_start[k]: where waypoint k is on the shape. A road may pass a waypoint twice (out
 * and back along a street), so of the points (from the previous cut on) within 1 m of
 * the nearest one, the cut is the one whose distance along the shape is nearest the
 * server's legs before it (scaled to the shape's length). Distances are the geo
 * module's ellipsoidal ones (internal/geo_fast.h) on points prepared once. cum holds n
 * doubles, pt n prepared points. */
static void split_legs(saha_matrix__road *r, const saha_latlon *wp, double *cum,
                       saha_geo__pt *pt)
{
    size_t from = 0;
    double legs = 0, want = 0, scale;
    cum[0] = 0;
    for (size_t i = 0; i < r->n; i++)
        pt[i] = saha_geo__prepare(r->pts[i]);
    for (size_t i = 1; i < r->n; i++)
        cum[i] = cum[i - 1] + saha_geo__fast_m(&pt[i - 1], &pt[i]);
    for (size_t k = 0; k < r->nlegs; k++)
        legs += r->leg_m[k];
    scale = legs > 0 ? cum[r->n - 1] / legs : 0;
    r->leg_start[0] = 0;
    for (size_t k = 1; k < r->nlegs; k++) {
        double dmin = INFINITY, bw = INFINITY;
        size_t best = from;
        saha_geo__pt w = saha_geo__prepare(wp[k]);
        want += r->leg_m[k - 1] * scale;
        for (size_t i = from; i < r->n; i++)
            dmin = fmin(dmin, saha_geo__fast_m(&pt[i], &w));
        for (size_t i = from; i < r->n; i++) {
            if (saha_geo__fast_m(&pt[i], &w) > fmax(dmin + 1, 1))
                continue;
            if (fabs(cum[i] - want) < bw) {
                bw = fabs(cum[i] - want);
                best = i;
            }
        }
        r->leg_start[k] = best;
        from = best;
    }
}

saha_status saha_matrix__parse_route(saha_ctx *ctx, const char *source, const char *body,
                                     size_t len, size_t npts, saha_matrix__road *out)
{
    json_t *root = NULL;
    const json_t *route, *geom, *legs, *wps;
    saha_latlon *wp = NULL;
    double *cum = NULL;
    saha_geo__pt *pt = NULL;
    saha_status rc = SAHA_OK;

    memset(out, 0, sizeof *out);
    if (!source)
        source = "OSRM";
    if (npts < 2)
        return saha__error_set(ctx, SAHA_EINVAL, source, 0, 0,
                               "a route needs at least two points");
    rc = saha_matrix__osrm_load(ctx, source, body, len, 1, &root);
    if (rc < 0)
        return rc;
    route = json_array_get(json_object_get(root, "routes"), 0);
    geom = json_object_get(route, "geometry");
    legs = json_object_get(route, "legs");
    wps = json_object_get(root, "waypoints");
    if (!json_is_object(route) || !geom || !json_is_array(legs) ||
        json_array_size(legs) != npts - 1 || !json_is_array(wps) ||
        json_array_size(wps) != npts) {
        rc = saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                             "OSRM reply: want routes[0] with a geometry and %zu legs, "
                             "and %zu waypoints",
                             npts - 1, npts);
        goto done;
    }
    if (json_is_string(geom))
        rc =
            saha_matrix__polyline_decode(ctx, source, json_string_value(geom),
                                         json_string_length(geom), 6, &out->pts, &out->n);
    else
        rc = geojson_line(ctx, source, geom, &out->pts, &out->n);
    if (rc < 0)
        goto done;
    if (out->n < 2) {
        rc = saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                             "OSRM reply: geometry has %zu point(s)", out->n);
        goto done;
    }
    out->nlegs = npts - 1;
    out->leg_start = saha__alloc_array(ctx, out->nlegs, sizeof *out->leg_start);
    out->leg_m = saha__alloc_array(ctx, out->nlegs, sizeof *out->leg_m);
    out->leg_s = saha__alloc_array(ctx, out->nlegs, sizeof *out->leg_s);
    wp = saha__alloc_array(ctx, npts, sizeof *wp);
    if (!out->leg_start || !out->leg_m || !out->leg_s || !wp) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t k = 0; k < out->nlegs; k++) {
        const json_t *l = json_array_get(legs, k);
        const json_t *dm = json_object_get(l, "distance"),
                     *ds = json_object_get(l, "duration");
        if (!json_is_number(dm) || !json_is_number(ds) || json_number_value(dm) < 0 ||
            json_number_value(ds) < 0) {
            rc = saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                                 "OSRM reply: legs[%zu] has no distance and duration", k);
            goto done;
        }
        out->leg_m[k] = json_number_value(dm);
        out->leg_s[k] = json_number_value(ds);
    }
    for (size_t k = 0; k < npts; k++) {
        const json_t *loc = json_object_get(json_array_get(wps, k), "location");
        if (!json_is_array(loc) || !json_is_number(json_array_get(loc, 0)) ||
            !json_is_number(json_array_get(loc, 1))) {
            rc = saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                                 "OSRM reply: waypoints[%zu] has no location", k);
            goto done;
        }
        wp[k].lon_deg = json_number_value(json_array_get(loc, 0));
        wp[k].lat_deg = json_number_value(json_array_get(loc, 1));
    }
    cum = saha__alloc_array(ctx, out->n, sizeof *cum);
    pt = saha__alloc_array(ctx, out->n, sizeof *pt);
    if (!cum || !pt) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    split_legs(out, wp, cum, pt);
done:
    saha__free(ctx, pt);
    saha__free(ctx, cum);
    saha__free(ctx, wp);
    json_decref(root);
    if (rc < 0)
        saha_matrix__road_clear(ctx, out);
    return rc;
}

/* ---- the cache ---------------------------------------------------------------- */

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT);"
    "INSERT OR IGNORE INTO meta(k, v) VALUES('routes_schema', '1');"
    "CREATE TABLE IF NOT EXISTS routes(url TEXT PRIMARY KEY, body TEXT NOT NULL,"
    " fetched_at INTEGER NOT NULL) WITHOUT ROWID;";

/* SAHA_OK when path is missing, empty, or a saha route cache; else SAHA_EINVAL (left
 * alone) or SAHA_EIO (also a damaged file: the cache only saves requests). */
static saha_status check_ours(saha_ctx *ctx, const char *path)
{
    saha_status rc =
        saha__sqlite_cache_check(ctx, path, "route", "routes", "--route-cache");
    if (rc == SAHA_ERR)
        rc = saha__error_set(ctx, SAHA_EIO, path, 0, 0,
                             "route cache: cannot read it (damaged? delete it: it only "
                             "saves requests)");
    return rc;
}

static saha_status cache_open(saha_roads *r, const char *path)
{
    saha_ctx *ctx = r->ctx;
    int fd, e;
    saha_status rc = check_ours(ctx, path);

    if (rc < 0)
        return rc;
    fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return saha__error_set(ctx, SAHA_EIO, path, 0, 0,
                               "route cache: cannot create: %s", strerror(errno));
    close(fd);
    e = sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READWRITE, NULL);
    if (e == SQLITE_OK) {
        sqlite3_busy_timeout(r->db, 5000);
        e = sqlite3_exec(r->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                         NULL, NULL, NULL);
    }
    if (e == SQLITE_OK)
        e = sqlite3_exec(r->db, schema_sql, NULL, NULL, NULL);
    if (e == SQLITE_OK)
        e = sqlite3_prepare_v2(r->db, "SELECT body FROM routes WHERE url=?", -1, &r->get,
                               NULL);
    if (e == SQLITE_OK)
        e = sqlite3_prepare_v2(r->db,
                               "INSERT OR REPLACE INTO routes(url, body, fetched_at)"
                               " VALUES(?,?,?)",
                               -1, &r->put, NULL);
    if (e != SQLITE_OK)
        return saha__error_set(ctx, SAHA_EIO, path, 0, 0, "route cache: %s",
                               r->db ? sqlite3_errmsg(r->db) : sqlite3_errstr(e));
    chmod(path, 0600);
    return SAHA_OK;
}

/* The cached body for url (a copy in *out, NULL when absent). */
static saha_status cache_get(saha_roads *r, const char *url, char **out, size_t *len)
{
    int e;
    *out = NULL;
    *len = 0;
    if (!r->get)
        return SAHA_OK;
    sqlite3_reset(r->get);
    sqlite3_bind_text(r->get, 1, url, -1, SQLITE_STATIC);
    e = sqlite3_step(r->get);
    if (e == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(r->get, 0);
        size_t n = (size_t)sqlite3_column_bytes(r->get, 0);
        if (t) {
            *out = saha__alloc_array(r->ctx, n + 1, 1);
            if (!*out) {
                sqlite3_reset(r->get);
                return SAHA_ENOMEM;
            }
            memcpy(*out, t, n);
            (*out)[n] = '\0';
            *len = n;
        }
    } else if (e != SQLITE_DONE) {
        sqlite3_reset(r->get);
        return saha__error_set(r->ctx, SAHA_EIO, r->cache_path, 0, 0, "route cache: %s",
                               sqlite3_errmsg(r->db));
    }
    sqlite3_reset(r->get);
    return SAHA_OK;
}

static saha_status cache_put(saha_roads *r, const char *url, const char *body, size_t len)
{
    int e;
    if (!r->put)
        return SAHA_OK;
    sqlite3_reset(r->put);
    sqlite3_bind_text(r->put, 1, url, -1, SQLITE_STATIC);
    sqlite3_bind_text(r->put, 2, body, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(r->put, 3, (sqlite3_int64)time(NULL));
    e = sqlite3_step(r->put);
    sqlite3_reset(r->put);
    if (e != SQLITE_DONE)
        return saha__error_set(r->ctx, SAHA_EIO, r->cache_path, 0, 0,
                               "route cache: cannot store: %s", sqlite3_errmsg(r->db));
    return SAHA_OK;
}

/* ---- the public API ------------------------------------------------------------ */

saha_status saha_roads_options_init(saha_roads_options *opts, unsigned version)
{
    if (!opts || version != SAHA_ROADS_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    return SAHA_OK;
}

void saha_roads_free(saha_roads *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nr; i++)
        saha_matrix__road_clear(r->ctx, &r->r[i]);
    saha__free(r->ctx, r->r);
    sqlite3_finalize(r->get);
    sqlite3_finalize(r->put);
    if (r->db)
        sqlite3_close(r->db);
    saha_http__free(r->http);
    saha__free(r->ctx, r->cache_path);
    saha__free(r->ctx, r);
}

saha_status saha_roads_create(saha_roads **out, saha_ctx *ctx,
                              const saha_roads_options *opts)
{
    saha_roads *r = NULL;
    saha_http_options ho;
    size_t blen;
    saha_status rc;
    (void)saha_http_options_init(&ho, SAHA_HTTP_OPTIONS_VERSION);

    SAHA__CHECK_ARG(ctx, out && opts);
    saha__error_clear(ctx);
    *out = NULL;
    if (opts->version != SAHA_ROADS_OPTIONS_VERSION)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "saha_roads_options: unknown version %u", opts->version);
    if (!opts->osrm_url || !opts->osrm_url[0])
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "road shapes need the OSRM server's URL");
    r = saha__calloc(ctx, 1, sizeof *r);
    if (!r)
        return SAHA_ENOMEM;
    r->ctx = ctx;
    blen = strlen(opts->osrm_url);
    while (blen > 0 && opts->osrm_url[blen - 1] == '/')
        blen--;
    if (blen >= sizeof r->base) {
        rc = saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "OSRM URL too long");
        goto done;
    }
    memcpy(r->base, opts->osrm_url, blen);
    r->base[blen] = '\0';
    if (opts->http)
        ho = *opts->http;
    /* plain http: a fresh connection per request (see matrix_osrm.c, Connections) */
    if (strncmp(r->base, "http://", 7) == 0 || strncmp(r->base, "HTTP://", 7) == 0)
        ho.fresh_connection = 1;
    rc = saha_http__create(&r->http, ctx, &ho);
    if (rc < 0)
        goto done;
    if (opts->cache_path && opts->cache_path[0]) {
        r->cache_path = saha__strdup(ctx, opts->cache_path);
        if (!r->cache_path) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        rc = cache_open(r, opts->cache_path);
        if (rc < 0)
            goto done;
    }
    *out = r;
    r = NULL;
done:
    saha_roads_free(r);
    return rc;
}

static saha_status put_coord(saha__buf *b, saha_latlon p, int first)
{
    char x[40], y[40];
    double lon = p.lon_deg;
    while (lon > 180.0)
        lon -= 360.0;
    while (lon < -180.0)
        lon += 360.0;
    if (!isfinite(lon) || !isfinite(p.lat_deg) || fabs(p.lat_deg) > 90 ||
        saha__fmt_double(x, sizeof x, lon, 6) < 0 ||
        saha__fmt_double(y, sizeof y, p.lat_deg, 6) < 0)
        return SAHA_EINVAL;
    return saha__buf_printf(b, "%s%s,%s", first ? "" : ";", x, y);
}

saha_status saha_roads_fetch(saha_roads *r, size_t route, const saha_latlon *pts,
                             size_t n)
{
    saha_ctx *ctx;
    saha__buf url;
    saha_http__response resp;
    saha_matrix__road got;
    char *body = NULL, source[sizeof r->base + 8];
    size_t blen = 0;
    saha_status rc = SAHA_OK;

    if (!r)
        return SAHA_EINVAL;
    ctx = r->ctx;
    SAHA__CHECK_ARG(ctx, pts);
    saha__error_clear(ctx);
    if (n < 2 || n > MAX_WAYPOINTS)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "a road shape needs 2 to %d points, got %zu",
                               MAX_WAYPOINTS, n);
    if (route >= r->nr) {
        saha_matrix__road *g;
        if (route >= SIZE_MAX / 2)
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "route index too big");
        g = saha__realloc_array(ctx, r->r, route + 1, sizeof *g);
        if (!g)
            return SAHA_ENOMEM;
        memset(g + r->nr, 0, (route + 1 - r->nr) * sizeof *g);
        r->r = g;
        r->nr = route + 1;
    }
    saha_matrix__road_clear(ctx, &r->r[route]);
    memset(&resp, 0, sizeof resp);
    memset(&got, 0, sizeof got);
    snprintf(source, sizeof source, "%s/route", r->base);
    saha__buf_init(&url, ctx, SAHA__BUF_NOLIMIT);
    rc = saha__buf_printf(&url, "%s/route/v1/driving/", r->base);
    for (size_t i = 0; i < n && rc == SAHA_OK; i++)
        rc = put_coord(&url, pts[i], i == 0);
    if (rc == SAHA_EINVAL) {
        rc = saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "road shape: bad coordinate");
        goto done;
    }
    if (rc == SAHA_OK)
        rc = saha__buf_puts(&url, "?overview=full&geometries=polyline6&steps=false");
    if (rc < 0)
        goto done;
    rc = cache_get(r, url.data, &body, &blen);
    if (rc < 0)
        goto done;
    if (body) {
        rc = saha_matrix__parse_route(ctx, source, body, blen, n, &got);
        if (rc == SAHA_OK) {
            r->hits++;
            goto keep;
        }
        if (rc == SAHA_ENOMEM)
            goto done;
        saha__error_clear(ctx); /* a bad cached answer: ask again */
        rc = SAHA_OK;
    }
    rc = saha_http__get(r->http, url.data, &resp);
    if (rc < 0)
        goto done;
    r->requests++;
    if (resp.status < 200 || resp.status > 299) {
        if (saha_matrix__osrm_json_body(&resp)) {
            rc = saha_matrix__parse_route(ctx, source, resp.body, resp.len, n, &got);
            saha_matrix__road_clear(ctx, &got);
        }
        rc = saha_matrix__osrm_refused(ctx, source, &resp, rc);
        goto done;
    }
    rc = saha_matrix__parse_route(ctx, source, resp.body, resp.len, n, &got);
    if (rc < 0)
        goto done;
    rc = cache_put(r, url.data, resp.body, resp.len);
    if (rc < 0)
        goto done;
keep:
    r->r[route] = got;
    memset(&got, 0, sizeof got);
done:
    saha_matrix__road_clear(ctx, &got);
    saha__free(ctx, body);
    saha_http__response_free(&resp);
    saha__buf_free(&url);
    return rc;
}

const saha_latlon *saha_roads_shape(const saha_roads *r, size_t route, size_t *n_out)
{
    if (n_out)
        *n_out = 0;
    if (!r || route >= r->nr || r->r[route].n == 0)
        return NULL;
    if (n_out)
        *n_out = r->r[route].n;
    return r->r[route].pts;
}

size_t saha_roads_leg_start(const saha_roads *r, size_t route, size_t leg)
{
    if (!r || route >= r->nr || leg >= r->r[route].nlegs)
        return SIZE_MAX;
    return r->r[route].leg_start[leg];
}

double saha_roads_leg_distance_m(const saha_roads *r, size_t route, size_t leg)
{
    if (!r || route >= r->nr || leg >= r->r[route].nlegs)
        return NAN;
    return r->r[route].leg_m[leg];
}

double saha_roads_leg_duration_s(const saha_roads *r, size_t route, size_t leg)
{
    if (!r || route >= r->nr || leg >= r->r[route].nlegs)
        return NAN;
    return r->r[route].leg_s[leg];
}

size_t saha_roads_requests(const saha_roads *r)
{
    return r ? r->requests : 0;
}

size_t saha_roads_cache_hits(const saha_roads *r)
{
    return r ? r->hits : 0;
}
