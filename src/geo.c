/* geo: the PROJ context, geodesic distance, the local metric projection and CRS
 * transforms. Every PROJ error is translated here into SAHA_EPROJ with a message; PROJ's
 * own log lines go to the saha context's log callback, never to stderr.
 *
 * Local projection: azimuthal equidistant (aeqd, PROJ's ellipsoidal form, built on
 * Karney's geodesics) centred on the centroid of the data. Why not UTM: Turkey spans
 * UTM zones 35 to 38 and a territory may straddle a zone edge, where a fixed zone's
 * scale error grows; aeqd has no zones, distances and azimuths from the centre are
 * exact, and the scale error at distance r from the centre is about (r/R)^2 / 6
 * (0.04 % at 100 km, 1 % at 500 km), which is small for the data of one rep or one
 * team. The centroid is the normalised mean of the points' unit vectors, so data
 * across the antimeridian is centred correctly. */
#include <math.h>
#include <string.h>

#include <geodesic.h>
#include <proj.h>

#include "internal/core.h"
#include "saha/geo.h"

struct saha_geo {
    saha_ctx *ctx;
    PJ_CONTEXT *pj;
    char last_log[200]; /* PROJ's last error log line: added to our messages */
};

struct saha_geo_local {
    saha_geo *geo;
    PJ *op; /* the aeqd conversion (radians in, metres out) */
    char def[192];
};

static void geo_proj_log(void *payload, int level, const char *msg)
{
    saha_geo *geo = payload;
    size_t len;

    if (!geo || !msg)
        return;
    len = strlen(msg);
    while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
        len--;
    if (level <= PJ_LOG_ERROR) {
        size_t n = len < sizeof geo->last_log - 1 ? len : sizeof geo->last_log - 1;
        memcpy(geo->last_log, msg, n);
        geo->last_log[n] = '\0';
    }
    /* PROJ's errors are also returned to us and become the call's error message, so
     * they are logged at debug level only (the caller prints the error once). */
    saha__log(geo->ctx, SAHA_LOG_DEBUG, "PROJ: %.*s", (int)(len > 400 ? 400 : len), msg);
}

saha_status saha_geo_create(saha_geo **out, saha_ctx *ctx)
{
    saha_geo *geo;

    if (!ctx)
        return SAHA_EINVAL;
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    geo = saha__calloc(ctx, 1, sizeof *geo);
    if (!geo)
        return SAHA_ENOMEM;
    geo->ctx = ctx;
    geo->pj = proj_context_create();
    if (!geo->pj) {
        saha__free(ctx, geo);
        return saha__error_set(ctx, SAHA_EPROJ, NULL, 0, 0,
                               "PROJ: cannot create a context");
    }
    proj_log_func(geo->pj, geo, geo_proj_log);
    /* tests and the CLI never leave the machine unless told to: no grid downloads */
    proj_context_set_enable_network(geo->pj, 0);
    *out = geo;
    return SAHA_OK;
}

void saha_geo_free(saha_geo *geo)
{
    if (!geo)
        return;
    proj_context_destroy(geo->pj);
    saha__free(geo->ctx, geo);
}

double saha_geo_distance_m(saha_latlon a, saha_latlon b)
{
    struct geod_geodesic g;
    double s12 = NAN;

    if (!isfinite(a.lat_deg) || !isfinite(a.lon_deg) || !isfinite(b.lat_deg) ||
        !isfinite(b.lon_deg) || fabs(a.lat_deg) > 90 || fabs(b.lat_deg) > 90)
        return NAN;
    geod_init(&g, 6378137.0, 1.0 / 298.257223563);
    geod_inverse(&g, a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg, &s12, NULL, NULL);
    return s12;
}

/* PROJ's reason for the context's current error: its last log line when there is one
 * (it says more, e.g. "crs not found", than the errno text, which for most failures is
 * "Unknown error (code 4096)"), else proj_context_errno_string(). */
static const char *geo_proj_reason(saha_geo *geo, char *buf, size_t cap)
{
    int e = proj_context_errno(geo->pj);
    const char *s = e ? proj_context_errno_string(geo->pj, e) : NULL;
    const char *log = geo->last_log;
    const char *colon = strstr(log, ": ");
    if (strncmp(log, "proj_", 5) == 0 && colon)
        log = colon + 2; /* "proj_create: crs not found" -> "crs not found" */
    if (log[0])
        snprintf(buf, cap, "%s", log);
    else
        snprintf(buf, cap, "%s", s ? s : "unknown PROJ error");
    return buf;
}

/* PROJ 9.1 has no public way to clear a context's errno: a failing call sets it, so
 * only the log line is reset before each call. */
static void geo_reset_error(saha_geo *geo)
{
    geo->last_log[0] = '\0';
}

saha_status saha_geo_to_wgs84(saha_geo *geo, const char *crs, double *x, double *y,
                              size_t n)
{
    saha_ctx *ctx;
    PJ *src = NULL, *dst = NULL, *op = NULL, *norm = NULL;
    saha_status rc = SAHA_OK;
    char why[SAHA_ERROR_SIZE];

    if (!geo)
        return SAHA_EINVAL;
    ctx = geo->ctx;
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, crs != NULL);
    SAHA__CHECK_ARG(ctx, n == 0 || (x != NULL && y != NULL));
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || !isfinite(y[i]))
            return saha__error_set(ctx, SAHA_EPROJ, NULL, 0, 0,
                                   "point %zu: non-finite coordinate in %s", i, crs);
    geo_reset_error(geo);
    src = proj_create(geo->pj, crs);
    if (!src) {
        rc = saha__error_set(ctx, SAHA_EPROJ, NULL, 0, 0, "unknown CRS '%s': %s", crs,
                             geo_proj_reason(geo, why, sizeof why));
        goto done;
    }
    if (!proj_is_crs(src)) {
        rc = saha__error_set(ctx, SAHA_EPROJ, NULL, 0, 0,
                             "'%s' is not a coordinate reference system%s", crs,
                             crs[0] == '+' ? " (add +type=crs to a PROJ string)" : "");
        goto done;
    }
    dst = proj_create(geo->pj, "EPSG:4326");
    if (!dst) {
        rc = saha__error_set(ctx, SAHA_EPROJ, NULL, 0, 0, "EPSG:4326 unavailable: %s",
                             geo_proj_reason(geo, why, sizeof why));
        goto done;
    }
    op = proj_create_crs_to_crs_from_pj(geo->pj, src, dst, NULL, NULL);
    if (op)
        norm = proj_normalize_for_visualization(geo->pj, op);
    if (!norm) {
        rc = saha__error_set(ctx, SAHA_EPROJ, NULL, 0, 0,
                             "no transformation from '%s' to WGS84: %s", crs,
                             geo_proj_reason(geo, why, sizeof why));
        goto done;
    }
    if (n == 0)
        goto done;
    proj_trans_generic(norm, PJ_FWD, x, sizeof *x, n, y, sizeof *y, n, NULL, 0, 0, NULL,
                       0, 0);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i]) || fabs(y[i]) > 90.0) {
            rc = saha__error_set(ctx, SAHA_EPROJ, NULL, 0, 0,
                                 "point %zu cannot be transformed from '%s' to WGS84", i,
                                 crs);
            goto done;
        }
    }
done:
    proj_destroy(norm);
    proj_destroy(op);
    proj_destroy(dst);
    proj_destroy(src);
    return rc;
}

saha_status saha_geo_local_create(saha_geo_local **out, saha_geo *geo,
                                  const saha_latlon *pts, size_t n)
{
    saha_ctx *ctx;
    saha_geo_local *loc = NULL;
    double sx = 0, sy = 0, sz = 0, lat0, lon0, r;
    size_t used = 0;
    char la[40], lo[40], why[SAHA_ERROR_SIZE];
    int len;
    const double d2r = M_PI / 180.0;
    saha_status rc = SAHA_OK;

    if (!geo)
        return SAHA_EINVAL;
    ctx = geo->ctx;
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, pts != NULL || n == 0);
    for (size_t i = 0; i < n; i++) {
        double phi = pts[i].lat_deg * d2r, lam = pts[i].lon_deg * d2r;
        if (!isfinite(phi) || !isfinite(lam) || fabs(pts[i].lat_deg) > 90.0)
            continue;
        sx += cos(phi) * cos(lam);
        sy += cos(phi) * sin(lam);
        sz += sin(phi);
        used++;
    }
    if (used == 0)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "no point with finite coordinates to fit a projection");
    r = sqrt(sx * sx + sy * sy);
    if (r < 1e-12 && fabs(sz) < 1e-12) {
        /* points symmetric about the earth's centre: any centre will do */
        lat0 = pts[0].lat_deg;
        lon0 = pts[0].lon_deg;
        for (size_t i = 0; i < n; i++)
            if (isfinite(pts[i].lat_deg) && isfinite(pts[i].lon_deg)) {
                lat0 = pts[i].lat_deg;
                lon0 = pts[i].lon_deg;
                break;
            }
    } else {
        lat0 = atan2(sz, r) / d2r;
        lon0 = r < 1e-12 ? 0.0 : atan2(sy, sx) / d2r;
    }
    /* a readable definition: 1e-7 degree (1 cm) is plenty for the centre */
    if (saha__fmt_double(la, sizeof la, lat0, 7) < 0 ||
        saha__fmt_double(lo, sizeof lo, lon0, 7) < 0)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "bad projection centre");
    loc = saha__calloc(ctx, 1, sizeof *loc);
    if (!loc)
        return SAHA_ENOMEM;
    loc->geo = geo;
    len = snprintf(loc->def, sizeof loc->def,
                   "+proj=aeqd +lat_0=%s +lon_0=%s +x_0=0 +y_0=0 +ellps=WGS84 +units=m "
                   "+no_defs",
                   la, lo);
    if (len < 0 || (size_t)len >= sizeof loc->def) {
        rc = saha__error_set(ctx, SAHA_ERR, NULL, 0, 0, "projection definition too long");
        goto done;
    }
    geo_reset_error(geo);
    loc->op = proj_create(geo->pj, loc->def);
    if (!loc->op) {
        rc = saha__error_set(ctx, SAHA_EPROJ, NULL, 0, 0, "cannot create '%s': %s",
                             loc->def, geo_proj_reason(geo, why, sizeof why));
        goto done;
    }
    *out = loc;
    loc = NULL;
done:
    saha_geo_local_free(loc);
    return rc;
}

void saha_geo_local_free(saha_geo_local *loc)
{
    if (!loc)
        return;
    proj_destroy(loc->op);
    saha__free(loc->geo->ctx, loc);
}

const char *saha_geo_local_definition(const saha_geo_local *loc)
{
    return loc ? loc->def : "";
}

/* Converts in chunks through a small stack buffer: one proj_trans_array call per chunk.
 */
#define GEO_CHUNK 256

/* Both directions of a local projection: in is n saha_latlon (PJ_FWD) or n saha_xy
 * (PJ_INV), out the other kind. */
static saha_status transform(const saha_geo_local *loc, PJ_DIRECTION dir, const void *in,
                             void *out, size_t n)
{
    PJ_COORD buf[GEO_CHUNK];
    const saha_latlon *ll_in = in;
    const saha_xy *xy_in = in;
    saha_latlon *ll_out = out;
    saha_xy *xy_out = out;
    saha_ctx *ctx;

    if (!loc)
        return SAHA_EINVAL;
    ctx = loc->geo->ctx;
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, n == 0 || (in != NULL && out != NULL));
    for (size_t base = 0; base < n; base += GEO_CHUNK) {
        size_t m = n - base < GEO_CHUNK ? n - base : GEO_CHUNK;
        for (size_t i = 0, j = base; i < m; i++, j++)
            buf[i] = dir == PJ_FWD ? proj_coord(proj_torad(ll_in[j].lon_deg),
                                                proj_torad(ll_in[j].lat_deg), 0, 0)
                                   : proj_coord(xy_in[j].x_m, xy_in[j].y_m, 0, 0);
        proj_trans_array(loc->op, dir, m, buf);
        for (size_t i = 0, j = base; i < m; i++, j++) {
            /* v[0], v[1]: xy.x, xy.y forward; lp.lam, lp.phi (radians) inverse */
            double u = buf[i].v[0], v = buf[i].v[1];
            if (!isfinite(u) || !isfinite(v) || fabs(u) >= HUGE_VAL) {
                if (dir == PJ_FWD)
                    return saha__error_set(
                        ctx, SAHA_EPROJ, NULL, 0, 0,
                        "point %zu (%.6f, %.6f) cannot be projected with %s", j,
                        ll_in[j].lat_deg, ll_in[j].lon_deg, loc->def);
                return saha__error_set(
                    ctx, SAHA_EPROJ, NULL, 0, 0,
                    "point %zu (%.3f, %.3f) cannot be unprojected with %s", j,
                    xy_in[j].x_m, xy_in[j].y_m, loc->def);
            }
            if (dir == PJ_FWD) {
                xy_out[j].x_m = u;
                xy_out[j].y_m = v;
            } else {
                ll_out[j].lat_deg = proj_todeg(v);
                ll_out[j].lon_deg = proj_todeg(u);
            }
        }
    }
    return SAHA_OK;
}

saha_status saha_geo_local_forward(const saha_geo_local *loc, const saha_latlon *in,
                                   saha_xy *out, size_t n)
{
    return transform(loc, PJ_FWD, in, out, n);
}

saha_status saha_geo_local_inverse(const saha_geo_local *loc, const saha_xy *in,
                                   saha_latlon *out, size_t n)
{
    return transform(loc, PJ_INV, in, out, n);
}
