/* bench_territory: the territory solver on clustered synthetic data.
 *
 *   bench_territory N K [SEED [clustered|uniform|identical|file=PATH [TOLERANCE_PCT]]]
 *
 * Generates N accounts in 40 clusters of very uneven sizes (lognormal) over a 600 km
 * square (clustered, the default; uniform: spread evenly over the square; identical:
 * every account on one of 50 coordinates, as city-level geocodes put them; file=PATH:
 * the first N "x_m y_m" lines of PATH, e.g. tests/bench/holdout_gen.py's spread over
 * Turkey), with 1-4
 * visits per period and 20-60 minute visits; computes the workload (visit + BHH marginal
 * travel at 50 km/h) as the balance quantity; runs the balanced solver with K free
 * territories (tolerance 5 % unless given) and, for comparison, plain k-means (Lloyd,
 * k-means++ seeding, same seed, no balance). Prints one line:
 *
 *   n k seconds maxrss_mb maxdev_pct spread_km kmeans_seconds kmeans_maxdev_pct
 *   kmeans_spread_km spread_ratio cpu_seconds repair_work
 *
 * repair_work: candidate entries scanned plus moves evaluated by the transfers and
 * repair (a count of work that does not depend on the machine's load).
 * spread = visit-weighted mean distance from each account to its territory's
 * visit-weighted mean point (the same measure for both). Peak memory is the process's
 * ru_maxrss, so run one size per process (tests/bench/territory.sh does). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "internal/core.h"
#include "internal/territory.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double gauss(saha__rng *r)
{
    double u = saha__rng_double(r), v = saha__rng_double(r);
    if (u < 1e-300)
        u = 1e-300;
    return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

static double spread_km(const saha_xy *xy, const double *w, size_t n, const uint32_t *a,
                        size_t k)
{
    double *s = calloc(3 * k, sizeof *s), tot = 0, tw = 0;
    if (!s)
        return NAN;
    for (size_t i = 0; i < n; i++) {
        s[3 * a[i]] += w[i] * xy[i].x_m;
        s[3 * a[i] + 1] += w[i] * xy[i].y_m;
        s[3 * a[i] + 2] += w[i];
    }
    for (size_t i = 0; i < n; i++) {
        size_t t = a[i];
        saha_xy c = {s[3 * t] / s[3 * t + 2], s[3 * t + 1] / s[3 * t + 2]};
        tot += w[i] * saha_territory__dist(xy[i], c);
        tw += w[i];
    }
    free(s);
    return tot / tw / 1000.0;
}

static double max_dev_pct(const int64_t *b, size_t n, const uint32_t *a, size_t k)
{
    double *load = calloc(k, sizeof *load), total = 0, m = 0;
    if (!load)
        return NAN;
    for (size_t i = 0; i < n; i++) {
        load[a[i]] += (double)b[i];
        total += (double)b[i];
    }
    for (size_t t = 0; t < k; t++) {
        double d = fabs(load[t] - total / (double)k) / (total / (double)k) * 100.0;
        if (d > m)
            m = d;
    }
    free(load);
    return m;
}

int main(int argc, char **argv)
{
    size_t n, k, nclus = 40;
    uint64_t seed = 1;
    saha_ctx *ctx = NULL;
    saha__rng r;
    saha_xy *xy, *centre, *kc, cx[40];
    double *w, *travel, *cap, csd[40], cw[40], cwsum = 0, t0, t_bal, t_km, cpu_bal;
    clock_t c0;
    int64_t *b;
    int *anchored;
    uint32_t *ka;
    saha_territory__problem p;
    struct rusage ru;
    char *end;
    const char *mode = "clustered";
    FILE *pfile = NULL;
    double tol = 0.05;

    if (argc < 3) {
        fprintf(stderr, "usage: bench_territory N K [SEED]\n");
        return 2;
    }
    n = strtoul(argv[1], &end, 10);
    k = strtoul(argv[2], &end, 10);
    if (argc > 3)
        seed = strtoull(argv[3], &end, 10);
    if (argc > 4)
        mode = argv[4];
    if (argc > 5)
        tol = strtod(argv[5], &end) / 100.0;
    if (!strncmp(mode, "file=", 5)) {
        pfile = fopen(mode + 5, "r");
        if (!pfile) {
            fprintf(stderr, "bench_territory: cannot open %s\n", mode + 5);
            return 2;
        }
    } else if (strcmp(mode, "clustered") && strcmp(mode, "uniform") &&
               strcmp(mode, "identical")) {
        fprintf(stderr, "bench_territory: unknown distribution %s\n", mode);
        return 2;
    }
    if (!(tol >= 0.0 && tol < 1.0)) {
        fprintf(stderr, "bench_territory: bad TOLERANCE_PCT\n");
        return 2;
    }
    if (n < 10 || k < 1 || k > n) {
        fprintf(stderr, "bench_territory: bad N or K\n");
        return 2;
    }
    if (saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return 1;
    xy = malloc(n * sizeof *xy);
    w = malloc(n * sizeof *w);
    travel = malloc(n * sizeof *travel);
    b = malloc(n * sizeof *b);
    ka = malloc(n * sizeof *ka);
    centre = calloc(k, sizeof *centre);
    kc = calloc(k, sizeof *kc);
    cap = malloc(k * sizeof *cap);
    anchored = calloc(k, sizeof *anchored);
    if (!xy || !w || !travel || !b || !ka || !centre || !kc || !cap || !anchored)
        return 1;
    saha__rng_seed(&r, seed);
    for (size_t c = 0; c < nclus; c++) {
        cx[c].x_m = saha__rng_double(&r) * 600000.0;
        cx[c].y_m = saha__rng_double(&r) * 600000.0;
        csd[c] = 3000.0 + saha__rng_double(&r) * 25000.0;
        cw[c] = exp(1.2 * gauss(&r)); /* lognormal sizes: a few big cities */
        cwsum += cw[c];
    }
    for (size_t i = 0; i < n; i++) {
        double u = saha__rng_double(&r) * cwsum, acc = 0;
        size_t c = nclus - 1;
        for (size_t j = 0; j < nclus; j++) {
            acc += cw[j];
            if (u < acc) {
                c = j;
                break;
            }
        }
        if (pfile) {
            char line[128], *e2;
            if (!fgets(line, sizeof line, pfile)) {
                fprintf(stderr, "bench_territory: %s has fewer than %zu points\n",
                        mode + 5, n);
                return 2;
            }
            xy[i].x_m = strtod(line, &e2);
            xy[i].y_m = strtod(e2, &end);
            if (end == e2) {
                fprintf(stderr, "bench_territory: %s:%zu: expected x_m y_m\n", mode + 5,
                        i + 1);
                return 2;
            }
        } else if (!strcmp(mode, "uniform")) {
            xy[i].x_m = saha__rng_double(&r) * 600000.0;
            xy[i].y_m = saha__rng_double(&r) * 600000.0;
        } else if (!strcmp(mode, "identical")) {
            /* 50 coordinates: one of the 40 cluster centres or 10 more near the first */
            size_t q = saha__rng_below(&r, 50);
            xy[i] = cx[q < nclus ? q : 0];
            if (q >= nclus)
                xy[i].x_m += 1000.0 * (double)(q - nclus + 1);
        } else {
            xy[i].x_m = cx[c].x_m + gauss(&r) * csd[c];
            xy[i].y_m = cx[c].y_m + gauss(&r) * csd[c];
        }
        w[i] = 1.0 + (double)saha__rng_below(&r, 4);
    }
    if (pfile)
        fclose(pfile);
    for (size_t t = 0; t < k; t++)
        cap[t] = 1.0;

    t0 = now();
    c0 = clock();
    if (saha_territory__marginal_tour_m(ctx, xy, n, 5, travel) != SAHA_OK)
        return 1;
    for (size_t i = 0; i < n; i++) {
        double visit_min = 20.0 + 10.0 * (double)(i % 5);
        /* road = 1.3 x straight line at 50 km/h */
        double travel_s = travel[i] * 1.3 / (50000.0 / 3600.0);
        b[i] = (int64_t)llround(w[i] * (visit_min * 60.0 + travel_s));
    }
    memset(&p, 0, sizeof p);
    p.ctx = ctx;
    p.n = n;
    p.k = k;
    p.xy = xy;
    p.w = w;
    p.b = b;
    p.centre = centre;
    p.anchored = anchored;
    p.capacity = cap;
    p.tolerance = tol;
    p.max_rounds = 8;
    p.seed = seed;
    if (saha_territory__solve_points(&p) != SAHA_OK) {
        fprintf(stderr, "bench_territory: %s\n", saha_ctx_last_error(ctx)->message);
        return 1;
    }
    t_bal = now() - t0;
    cpu_bal = (double)(clock() - c0) / CLOCKS_PER_SEC;

    t0 = now();
    if (saha_territory__kmeans(ctx, xy, w, n, k, seed, 100, ka, kc) != SAHA_OK)
        return 1;
    t_km = now() - t0;

    getrusage(RUSAGE_SELF, &ru);
    {
        double sb = spread_km(xy, w, n, p.assign, k), sk = spread_km(xy, w, n, ka, k);
        printf("%zu %zu %.3f %.1f %.2f %.2f %.3f %.1f %.2f %.3f %.3f %zu\n", n, k, t_bal,
               (double)ru.ru_maxrss / 1024.0, max_dev_pct(b, n, p.assign, k), sb, t_km,
               max_dev_pct(b, n, ka, k), sk, sb / sk, cpu_bal, p.repair_work);
    }
    saha_territory__problem_release(&p);
    free(xy);
    free(w);
    free(travel);
    free(b);
    free(ka);
    free(centre);
    free(kc);
    free(cap);
    free(anchored);
    saha_ctx_free(ctx);
    return 0;
}
