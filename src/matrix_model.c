/* matrix_model: the offline road model for every ordered pair.
 *
 * Method: each point is prepared once (unit vector of its parametric latitude, see
 * internal/geo_fast.h); a pair's geodesic distance comes from Lambert's formula
 * (~20 ns, relative error < 1e-5 against geod_inverse, measured in test_geo and
 * tests/bench/matrix.sh), its road distance is that x circuity and its drive time the
 * piecewise speed profile, evaluated from precomputed cumulative band times.
 * Complexity: O(n^2) time, no memory besides the matrix and n prepared points.
 * The upper triangle is computed in square tiles and each tile is also written
 * transposed, so both writes stay in cache; tile rows are dealt to the threads
 * alternately from both ends (the triangle makes early rows longer). Every entry is a
 * pure function of its two points, so the result does not depend on the thread count, and
 * the matrix is exactly symmetric. Caller: saha_matrix_build (matrix.c). Also the
 * travel model's leg function and its check (public, saha/matrix.h), which the matrix
 * file reader uses for the legs a file lacks. */
#include <math.h>

#include "internal/core.h"
#include "internal/geo_fast.h"
#include "internal/matrix_parse.h"
#include "util/parallel.h"

#define TILE 64

typedef struct model_job {
    const saha_geo__pt *p;
    size_t n, ntiles;
    size_t nb;
    double circuity;
    const saha_travel_model *tm;         /* for the circuity knots (tm->ncirc > 0) */
    double lo_m[SAHA_TRAVEL_MAX_BANDS];  /* band start, road metres */
    double cum_s[SAHA_TRAVEL_MAX_BANDS]; /* time to reach the band start */
    double inv_v[SAHA_TRAVEL_MAX_BANDS]; /* seconds per road metre */
    float *dur, *dist;
} model_job;

static void model_prepare(model_job *j, const saha_travel_model *tm)
{
    double lo = 0, t = 0;
    j->nb = tm->nbands;
    j->circuity = tm->circuity;
    j->tm = tm;
    for (size_t k = 0; k < tm->nbands; k++) {
        j->lo_m[k] = lo;
        j->cum_s[k] = t;
        j->inv_v[k] = 3.6 / tm->speed_kmh[k]; /* s per m = 3600 / (1000 v) */
        t += (tm->upto_km[k] * 1000.0 - lo) * j->inv_v[k];
        lo = tm->upto_km[k] * 1000.0;
    }
}

static inline double model_time_s(const model_job *j, double road_m)
{
    size_t k = j->nb - 1;
    for (size_t b = 1; b < j->nb; b++)
        if (road_m < j->lo_m[b]) {
            k = b - 1;
            break;
        }
    return j->cum_s[k] + (road_m - j->lo_m[k]) * j->inv_v[k];
}

static void model_tile_row(size_t lo, size_t hi, size_t slot, void *payload)
{
    const model_job *j = payload;
    const size_t n = j->n;
    (void)slot;
    /* q indexes tile rows taken alternately from both ends, so that each thread's
     * contiguous part [lo, hi) gets both long and short rows of the triangle */
    for (size_t q = lo; q < hi; q++) {
        size_t ti = q % 2 == 0 ? q / 2 : j->ntiles - 1 - q / 2;
        size_t i0 = ti * TILE, i1 = i0 + TILE < n ? i0 + TILE : n;
        for (size_t tj = ti; tj < j->ntiles; tj++) {
            size_t j0 = tj * TILE, j1 = j0 + TILE < n ? j0 + TILE : n;
            for (size_t a = i0; a < i1; a++) {
                size_t b0 = tj == ti ? a + 1 : j0;
                if (tj == ti) {
                    j->dur[a * n + a] = 0.0f;
                    j->dist[a * n + a] = 0.0f;
                }
                for (size_t b = b0; b < j1; b++) {
                    double g = saha_geo__fast_m(&j->p[a], &j->p[b]);
                    double road =
                        j->tm->ncirc ? saha_matrix__road_m(j->tm, g) : g * j->circuity;
                    float d = (float)road, t = (float)model_time_s(j, road);
                    j->dist[a * n + b] = d;
                    j->dur[a * n + b] = t;
                    j->dist[b * n + a] = d;
                    j->dur[b * n + a] = t;
                }
            }
        }
    }
}

saha_status saha_matrix__fill_model(saha_matrix *m, saha_ctx *ctx, const saha_latlon *pts,
                                    const saha_matrix_options *o)
{
    model_job job;
    saha_geo__pt *p;
    saha_status rc;

    if (m->n == 0)
        return SAHA_OK;
    p = saha__alloc_array(ctx, m->n, sizeof *p);
    if (!p)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < m->n; i++)
        p[i] = saha_geo__prepare(pts[i]);
    job.p = p;
    job.n = m->n;
    job.ntiles = (m->n + TILE - 1) / TILE;
    job.dur = m->dur_s;
    job.dist = m->dist_m;
    model_prepare(&job, &o->travel);
    rc = saha__parallel_for(ctx, job.ntiles, o->threads, model_tile_row, &job,
                            o->progress, o->payload);
    saha__free(ctx, p);
    return rc;
}

/* ---- travel model ---------------------------------------------------------------- */

double saha_matrix__road_m(const saha_travel_model *tm, double geo_m)
{
    size_t n = tm->ncirc;
    double x = geo_m / 1000.0;
    if (n == 0 || n > SAHA_TRAVEL_MAX_BANDS)
        return geo_m * tm->circuity;
    if (x <= tm->circ_km[0])
        return geo_m * tm->circ[0];
    for (size_t k = 1; k < n; k++)
        if (x <= tm->circ_km[k]) {
            double y0 = tm->circ_km[k - 1] * tm->circ[k - 1];
            double y1 = tm->circ_km[k] * tm->circ[k];
            return 1000.0 * (y0 + (y1 - y0) * (x - tm->circ_km[k - 1]) /
                                      (tm->circ_km[k] - tm->circ_km[k - 1]));
        }
    return geo_m * tm->circ[n - 1];
}

void saha_travel_model_leg(const saha_travel_model *tm, double geo_m, double *dist_m_out,
                           double *time_s_out)
{
    double road_km, t_h = 0, lo = 0;
    size_t nb;

    if (!tm || isnan(geo_m)) {
        if (dist_m_out)
            *dist_m_out = NAN;
        if (time_s_out)
            *time_s_out = NAN;
        return;
    }
    if (geo_m <= 0) {
        if (dist_m_out)
            *dist_m_out = 0;
        if (time_s_out)
            *time_s_out = 0;
        return;
    }
    road_km = saha_matrix__road_m(tm, geo_m) / 1000.0;
    nb = tm->nbands < 1                       ? 1
         : tm->nbands > SAHA_TRAVEL_MAX_BANDS ? SAHA_TRAVEL_MAX_BANDS
                                              : tm->nbands;
    for (size_t k = 0; k < nb; k++) {
        /* the last band also takes whatever lies beyond its upper edge */
        double hi = k + 1 == nb ? INFINITY : tm->upto_km[k];
        double part = (road_km < hi ? road_km : hi) - lo;
        if (part > 0)
            t_h += part / tm->speed_kmh[k];
        if (road_km <= hi)
            break;
        lo = hi;
    }
    if (dist_m_out)
        *dist_m_out = road_km * 1000.0;
    if (time_s_out)
        *time_s_out = t_h * 3600.0;
}

saha_status saha_travel_model_check(saha_ctx *ctx, const saha_travel_model *tm)
{
    if (!ctx)
        return SAHA_EINVAL;
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, tm != NULL);
    if (!isfinite(tm->circuity) || tm->circuity < 1.0)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "travel.circuity: must be a number >= 1, got %g",
                               tm->circuity);
    if (tm->nbands < 1 || tm->nbands > SAHA_TRAVEL_MAX_BANDS)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "travel.speed_kmh: want 1..%d bands, got %zu",
                               SAHA_TRAVEL_MAX_BANDS, tm->nbands);
    if (tm->ncirc > SAHA_TRAVEL_MAX_BANDS)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "travel.circuity_by_km: at most %d knots, got %zu",
                               SAHA_TRAVEL_MAX_BANDS, tm->ncirc);
    for (size_t k = 0; k < tm->ncirc; k++) {
        if (!(tm->circ_km[k] > 0) || !isfinite(tm->circ_km[k]) ||
            (k > 0 && !(tm->circ_km[k] > tm->circ_km[k - 1])))
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "travel.circuity_by_km[%zu]: km must be > 0 and "
                                   "increasing, got %g",
                                   k, tm->circ_km[k]);
        if (!(tm->circ[k] >= 1.0 && tm->circ[k] <= 5.0))
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "travel.circuity_by_km[%zu]: circuity must be in "
                                   "[1, 5], got %g",
                                   k, tm->circ[k]);
        if (k > 0 && tm->circ_km[k] * tm->circ[k] <
                         tm->circ_km[k - 1] * tm->circ[k - 1] * (1 - 1e-9))
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "travel.circuity_by_km[%zu]: the road distance "
                                   "(km x circuity) must not fall from one knot to "
                                   "the next",
                                   k);
    }
    for (size_t k = 0; k < tm->nbands; k++) {
        if (!(tm->speed_kmh[k] > 0) || !isfinite(tm->speed_kmh[k]))
            return saha__error_set(
                ctx, SAHA_EINVAL, NULL, 0, 0,
                "travel.speed_kmh: band %zu: speed must be > 0, got %g", k + 1,
                tm->speed_kmh[k]);
        if (!(tm->upto_km[k] > (k ? tm->upto_km[k - 1] : 0.0)))
            return saha__error_set(
                ctx, SAHA_EINVAL, NULL, 0, 0,
                "travel.speed_kmh: band %zu: upper bound %g km must be > 0 "
                "and above the previous band's",
                k + 1, tm->upto_km[k]);
    }
    return SAHA_OK;
}
