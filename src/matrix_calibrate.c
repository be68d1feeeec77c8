/* matrix_calibrate: fits the offline road model (circuity and the speed bands of the
 * rep's "travel" block) to a matrix of road data, and measures the model's errors
 * before and after, per straight-line distance band (with opts->by_km, a circuity per
 * band too: fit_knots). The method is documented at
 * saha_travel_calibrate (include/saha/matrix.h). Caller: saha calibrate. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/core.h"
#include "internal/matrix_parse.h"

static const double band_edges_km[SAHA_CALIBRATE_BANDS] = {2,  5,   10,      20,
                                                           50, 100, INFINITY};

typedef struct cal_pair {
    double geo_m, road_m, road_s;
} cal_pair;

static size_t band_of(double geo_m)
{
    size_t b = 0;
    while (b + 1 < SAHA_CALIBRATE_BANDS && geo_m / 1000.0 >= band_edges_km[b])
        b++;
    return b;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* q-quantile (0..1) of v[0..n), sorting v; nearest rank. NaN when n == 0. */
static double quantile(double *v, size_t n, double q)
{
    size_t k;
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof *v, cmp_double);
    k = (size_t)ceil(q * (double)n);
    if (k > 0)
        k--;
    if (k >= n)
        k = n - 1;
    if (q == 0.5 && n % 2 == 0)
        return 0.5 * (v[n / 2 - 1] + v[n / 2]);
    return v[k];
}

/* Errors of model tm on pairs p[0..n); scratch holds n doubles. */
static saha_calibrate_errors errors_of(const saha_travel_model *tm, const cal_pair *p,
                                       size_t n, double *scratch)
{
    saha_calibrate_errors e;
    for (size_t i = 0; i < n; i++) {
        double d;
        saha_travel_model_leg(tm, p[i].geo_m, &d, NULL);
        scratch[i] = fabs(d - p[i].road_m) / p[i].road_m;
    }
    e.dist_median = quantile(scratch, n, 0.5);
    e.dist_p90 = quantile(scratch, n, 0.9);
    for (size_t i = 0; i < n; i++) {
        double t;
        saha_travel_model_leg(tm, p[i].geo_m, NULL, &t);
        scratch[i] = fabs(t - p[i].road_s) / p[i].road_s;
    }
    e.time_median = quantile(scratch, n, 0.5);
    e.time_p90 = quantile(scratch, n, 0.9);
    return e;
}

/* km of a road leg of length road_km inside each band of tm (the last band takes the
 * rest), as saha_travel_model_leg counts them. */
static void band_lengths(const saha_travel_model *tm, double road_km, double *len)
{
    double lo = 0;
    for (size_t k = 0; k < tm->nbands; k++) {
        double hi = k + 1 == tm->nbands ? INFINITY : tm->upto_km[k];
        double part = (road_km < hi ? road_km : hi) - lo;
        len[k] = part > 0 ? part : 0;
        lo = hi;
    }
}

/* Solves a x = b (k x k, row-major, k <= SAHA_TRAVEL_MAX_BANDS) by Gaussian elimination
 * with partial pivoting; -1 when singular. a and b are destroyed. */
static int solve(double *a, double *b, size_t k, double *x)
{
    for (size_t c = 0; c < k; c++) {
        size_t piv = c;
        for (size_t r = c + 1; r < k; r++)
            if (fabs(a[r * k + c]) > fabs(a[piv * k + c]))
                piv = r;
        if (!(fabs(a[piv * k + c]) > 1e-300))
            return -1;
        if (piv != c) {
            for (size_t j = 0; j < k; j++) {
                double t = a[c * k + j];
                a[c * k + j] = a[piv * k + j];
                a[piv * k + j] = t;
            }
            {
                double t = b[c];
                b[c] = b[piv];
                b[piv] = t;
            }
        }
        for (size_t r = c + 1; r < k; r++) {
            double f = a[r * k + c] / a[c * k + c];
            for (size_t j = c; j < k; j++)
                a[r * k + j] -= f * a[c * k + j];
            b[r] -= f * b[c];
        }
    }
    for (size_t c = k; c-- > 0;) {
        double s = b[c];
        for (size_t j = c + 1; j < k; j++)
            s -= a[c * k + j] * x[j];
        x[c] = s / a[c * k + c];
    }
    return 0;
}

/* One weighted least squares solve of the inverse speeds of the free bands; the pair
 * weights wt[i] multiply 1 / T_i^2. Returns 0 with the speeds set, 1 when a band was
 * fixed instead (retry), -1 when every band is fixed. */
static int solve_speeds(saha_travel_model *tm, const cal_pair *p, size_t n,
                        const double *wt, int *fixed, const double *cover)
{
    const size_t K = tm->nbands;
    double a[SAHA_TRAVEL_MAX_BANDS * SAHA_TRAVEL_MAX_BANDS] = {0};
    double b[SAHA_TRAVEL_MAX_BANDS] = {0}, x[SAHA_TRAVEL_MAX_BANDS];
    double len[SAHA_TRAVEL_MAX_BANDS];
    size_t idx[SAHA_TRAVEL_MAX_BANDS], nf = 0;
    int changed = 0;

    for (size_t k = 0; k < K; k++)
        if (!fixed[k])
            idx[nf++] = k;
    if (nf == 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        double t_h = p[i].road_s / 3600.0, w = wt[i] / (t_h * t_h), rest = t_h;
        band_lengths(tm, saha_matrix__road_m(tm, p[i].geo_m) / 1000.0, len);
        for (size_t k = 0; k < K; k++)
            if (fixed[k])
                rest -= len[k] / tm->speed_kmh[k];
        for (size_t r = 0; r < nf; r++) {
            for (size_t c = 0; c < nf; c++)
                a[r * nf + c] += w * len[idx[r]] * len[idx[c]];
            b[r] += w * len[idx[r]] * rest;
        }
    }
    if (solve(a, b, nf, x) < 0) {
        /* singular: fix the free band with the least road and retry */
        size_t worst = idx[0];
        for (size_t r = 1; r < nf; r++)
            if (cover[idx[r]] < cover[worst])
                worst = idx[r];
        fixed[worst] = 1;
        return 1;
    }
    for (size_t r = 0; r < nf; r++) {
        double v = x[r] > 0 ? 1.0 / x[r] : INFINITY;
        if (!(v >= 1.0 && v <= 300.0)) {
            fixed[idx[r]] = 1;
            changed = 1;
        }
    }
    if (changed)
        return 1;
    for (size_t r = 0; r < nf; r++)
        tm->speed_kmh[idx[r]] = 1.0 / x[r];
    return 0;
}

/* The speeds. With the road distance fixed (circuity), a leg's model time is linear in
 * the inverse speeds w_k: sum_k L_ik w_k, L_ik its km in band k. The fit minimises the
 * sum of |relative time error| (least absolute deviations, by iteratively reweighted
 * least squares: 30 rounds of weighted least squares with weights 1 / max(|e_i|, 1 %)),
 * which follows the bulk of the legs rather than the few a server snapped oddly. A band
 * with under 500 m of road in the sample, or whose fit is no speed in [1, 300] km/h,
 * keeps its start speed and the others are refitted. */
static saha_status fit_speeds(saha_ctx *ctx, saha_travel_model *tm, const cal_pair *p,
                              size_t n)
{
    const size_t K = tm->nbands;
    int fixed[SAHA_TRAVEL_MAX_BANDS] = {0};
    double cover[SAHA_TRAVEL_MAX_BANDS] = {0};
    double len[SAHA_TRAVEL_MAX_BANDS];
    double *wt = saha__alloc_array(ctx, n ? n : 1, sizeof *wt);

    if (!wt)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        wt[i] = 1.0;
        band_lengths(tm, saha_matrix__road_m(tm, p[i].geo_m) / 1000.0, len);
        for (size_t k = 0; k < K; k++)
            cover[k] += len[k];
    }
    for (size_t k = 0; k < K; k++)
        fixed[k] = !(cover[k] > 0.5);
    for (size_t round = 0; round < 30; round++) {
        int r;
        size_t tries = 0;
        while ((r = solve_speeds(tm, p, n, wt, fixed, cover)) == 1 && tries++ <= K) {
        }
        if (r != 0)
            break;
        for (size_t i = 0; i < n; i++) {
            double t, e;
            saha_travel_model_leg(tm, p[i].geo_m, NULL, &t);
            e = fabs(t - p[i].road_s) / p[i].road_s;
            wt[i] = 1.0 / (e > 0.01 ? e : 0.01);
        }
    }
    saha__free(ctx, wt);
    return SAHA_OK;
}

/* The circuity knots: per straight-line band with at least KNOT_MIN_PAIRS sampled
 * pairs (pick is in band order, want[b] pairs each), a knot at the band's median
 * straight-line km whose circuity minimises the band's median relative distance error
 * (a scan of [1, 5] by 0.005: the error of a short leg is skewed, so the band's median
 * road/line ratio is not its best circuity); a knot whose road distance would fall
 * below the previous knot's is raised to it. scratch holds npick doubles. */
#define KNOT_MIN_PAIRS 30
static void fit_knots(saha_travel_model *tm, const cal_pair *pick, const size_t *want,
                      double *scratch)
{
    size_t at = 0;
    tm->ncirc = 0;
    for (size_t b = 0; b < SAHA_CALIBRATE_BANDS; b++) {
        const cal_pair *p = pick + at;
        size_t n = want[b];
        double best = INFINITY, best_c = tm->circuity, km;
        at += n;
        if (n < KNOT_MIN_PAIRS || tm->ncirc >= SAHA_TRAVEL_MAX_BANDS)
            continue;
        for (int k = 0; k <= 800; k++) {
            double c = 1.0 + 0.005 * k, e;
            for (size_t i = 0; i < n; i++)
                scratch[i] = fabs(c * p[i].geo_m - p[i].road_m) / p[i].road_m;
            e = quantile(scratch, n, 0.5);
            if (e < best) {
                best = e;
                best_c = c;
            }
        }
        for (size_t i = 0; i < n; i++)
            scratch[i] = p[i].geo_m / 1000.0;
        km = quantile(scratch, n, 0.5);
        if (tm->ncirc > 0) {
            size_t q = tm->ncirc - 1;
            if (!(km > tm->circ_km[q]))
                continue;
            if (km * best_c < tm->circ_km[q] * tm->circ[q])
                best_c = tm->circ_km[q] * tm->circ[q] / km;
        }
        tm->circ_km[tm->ncirc] = km;
        tm->circ[tm->ncirc] = best_c;
        tm->ncirc++;
    }
}

saha_status saha_calibrate_options_init(saha_calibrate_options *opts, unsigned version)
{
    const saha_travel_model tm = SAHA_TRAVEL_MODEL_INIT;
    if (!opts || version != SAHA_CALIBRATE_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    opts->start = tm;
    opts->seed = 1;
    return SAHA_OK;
}

saha_status saha_travel_calibrate(saha_ctx *ctx, const saha_matrix *m,
                                  const saha_latlon *pts,
                                  const saha_calibrate_options *opts,
                                  saha_calibrate_result *out)
{
    saha_calibrate_options defaults;
    cal_pair *pool = NULL, *pick = NULL;
    size_t count[SAHA_CALIBRATE_BANDS] = {0}, start[SAHA_CALIBRATE_BANDS + 1];
    size_t want[SAHA_CALIBRATE_BANDS] = {0}, npool = 0, npick = 0, samples, n, nn;
    double *scratch = NULL;
    saha__rng rng;
    saha_status rc = SAHA_OK;

    if (!ctx)
        return SAHA_EINVAL;
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, m != NULL && out != NULL);
    SAHA__CHECK_ARG(ctx, !opts || opts->version == SAHA_CALIBRATE_OPTIONS_VERSION);
    (void)saha_calibrate_options_init(&defaults, SAHA_CALIBRATE_OPTIONS_VERSION);
    if (!opts)
        opts = &defaults;
    memset(out, 0, sizeof *out);
    n = m->n;
    SAHA__CHECK_ARG(ctx, n == 0 || pts != NULL);
    rc = saha_travel_model_check(ctx, &opts->start);
    if (rc < 0)
        return rc;
    samples = opts->samples ? opts->samples : 2000;
    if (saha__mul_size(n, n, &nn) < 0)
        return saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "too many points");
    pool = saha__alloc_array(ctx, nn ? nn : 1, sizeof *pool);
    if (!pool)
        return SAHA_ENOMEM;
    /* the usable pairs, grouped by band (counting pass, then placing) */
    for (int pass = 0; pass < 2; pass++) {
        size_t at[SAHA_CALIBRATE_BANDS];
        if (pass == 1) {
            start[0] = 0;
            for (size_t b = 0; b < SAHA_CALIBRATE_BANDS; b++)
                start[b + 1] = start[b] + count[b];
            memcpy(at, start, sizeof at);
        }
        for (size_t i = 0; i < n; i++) {
            if (saha_matrix_unroutable(m, i))
                continue;
            for (size_t j = 0; j < n; j++) {
                double g, r, t;
                size_t b;
                if (i == j || saha_matrix_unroutable(m, j) ||
                    saha_matrix_is_estimate(m, i, j))
                    continue;
                r = m->dist_m[i * n + j];
                t = m->dur_s[i * n + j];
                g = saha_geo_distance_m(pts[i], pts[j]);
                if (!(r > 0 && t > 0 && g > 50))
                    continue;
                b = band_of(g);
                if (pass == 0) {
                    count[b]++;
                } else {
                    pool[at[b]].geo_m = g;
                    pool[at[b]].road_m = r;
                    pool[at[b]].road_s = t;
                    at[b]++;
                }
            }
        }
    }
    npool = start[SAHA_CALIBRATE_BANDS];
    if (npool == 0) {
        rc = saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                             "no pair of road data to calibrate from (need two points "
                             "more than 50 m apart, routable, not model estimates)");
        goto done;
    }
    /* even shares over the bands that have pairs; a short band's rest goes on */
    {
        size_t left = samples < npool ? samples : npool, open = 0;
        for (size_t b = 0; b < SAHA_CALIBRATE_BANDS; b++)
            open += count[b] > 0;
        while (left > 0 && open > 0) {
            size_t share = left / open ? left / open : 1, opened = 0;
            for (size_t b = 0; b < SAHA_CALIBRATE_BANDS && left > 0; b++) {
                size_t room = count[b] - want[b], take = share < room ? share : room;
                if (take > left)
                    take = left;
                want[b] += take;
                left -= take;
                opened += count[b] > want[b];
            }
            open = opened;
        }
    }
    pick = saha__alloc_array(ctx, npool, sizeof *pick);
    scratch = saha__alloc_array(ctx, npool, sizeof *scratch);
    if (!pick || !scratch) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    saha__rng_seed(&rng, opts->seed);
    for (size_t b = 0; b < SAHA_CALIBRATE_BANDS; b++) {
        /* partial Fisher-Yates over the band's pairs */
        cal_pair *base = pool + start[b];
        for (size_t k = 0; k < want[b]; k++) {
            size_t r = k + (size_t)saha__rng_below(&rng, count[b] - k);
            cal_pair t = base[k];
            base[k] = base[r];
            base[r] = t;
            pick[npick++] = base[k];
        }
    }
    /* circuity: median road / straight */
    for (size_t i = 0; i < npick; i++)
        scratch[i] = pick[i].road_m / pick[i].geo_m;
    out->fitted = opts->start;
    out->fitted.circuity = quantile(scratch, npick, 0.5);
    if (out->fitted.circuity < 1.0)
        out->fitted.circuity = 1.0;
    if (out->fitted.circuity > 5.0)
        out->fitted.circuity = 5.0;
    out->fitted.ncirc = 0;
    if (opts->by_km)
        fit_knots(&out->fitted, pick, want, scratch);
    rc = fit_speeds(ctx, &out->fitted, pick, npick);
    if (rc < 0)
        goto done;
    out->pairs = npick;
    /* the report: pick is in band order */
    {
        size_t at = 0;
        for (size_t b = 0; b < SAHA_CALIBRATE_BANDS; b++) {
            saha_calibrate_band *bd = &out->band[b];
            const cal_pair *p = pick + at;
            bd->lo_km = b ? band_edges_km[b - 1] : 0;
            bd->hi_km = band_edges_km[b];
            bd->pairs = want[b];
            for (size_t i = 0; i < want[b]; i++)
                scratch[i] = p[i].road_m / p[i].geo_m;
            bd->ratio_median = quantile(scratch, want[b], 0.5);
            bd->before = errors_of(&opts->start, p, want[b], scratch);
            bd->after = errors_of(&out->fitted, p, want[b], scratch);
            at += want[b];
        }
    }
    out->all.lo_km = 0;
    out->all.hi_km = INFINITY;
    out->all.pairs = npick;
    for (size_t i = 0; i < npick; i++)
        scratch[i] = pick[i].road_m / pick[i].geo_m;
    out->all.ratio_median = quantile(scratch, npick, 0.5);
    out->all.before = errors_of(&opts->start, pick, npick, scratch);
    out->all.after = errors_of(&out->fitted, pick, npick, scratch);
done:
    saha__free(ctx, pool);
    saha__free(ctx, pick);
    saha__free(ctx, scratch);
    return rc;
}
