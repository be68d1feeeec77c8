/* bench_matrix: the matrix module's speed, memory and accuracy.
 *
 *   bench_matrix model N THREADS [REGION]   build the N x N model matrix
 *
 * REGION is "turkey" (default: uniform over 36-42 N, 26-45 E, legs up to ~1,700 km) or
 * "city" (a 40 km square around Bursa). Prints one line:
 *
 *   model N threads seconds cpu_seconds maxrss_mb max_rel_err pairs_checked
 *
 * seconds is wall-clock time of the build alone; cpu_seconds is user + system time of
 * all threads over the same span (on a shared machine, wall time includes waiting for
 * the CPU; cpu_seconds / threads is what an idle machine would take, roughly). *
 * max_rel_err compares the matrix's distance / circuity with PROJ's geod_inverse
 * (saha_geo_distance_m) on 200,000 sampled pairs (all pairs when fewer). Peak memory
 * is the process's ru_maxrss, so run one case per process (tests/bench/matrix.sh does).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "internal/core.h"
#include "saha.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double maxrss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static void points(saha_latlon *p, size_t n, const char *region)
{
    saha__rng r;
    int city = region && !strcmp(region, "city");
    saha__rng_seed(&r, 2026);
    for (size_t i = 0; i < n; i++) {
        if (city) {
            p[i].lat_deg = 40.10 + 0.36 * saha__rng_double(&r);
            p[i].lon_deg = 28.85 + 0.47 * saha__rng_double(&r);
        } else {
            p[i].lat_deg = 36.0 + 6.0 * saha__rng_double(&r);
            p[i].lon_deg = 26.0 + 19.0 * saha__rng_double(&r);
        }
    }
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

static int parse_size(const char *s, size_t *out)
{
    long v;
    if (saha__parse_long(s, strlen(s), &v) != 0 || v < 0)
        return -1;
    *out = (size_t)v;
    return 0;
}

static int bench_model(size_t n, unsigned threads, const char *region)
{
    saha_ctx *ctx = NULL;
    saha_latlon *p = malloc(n * sizeof *p);
    saha_matrix *m = NULL;
    saha_matrix_options o;
    saha__rng r;
    double t0, t1, c0, c1, worst = 0;
    size_t checks = n * (n - 1) < 200000 ? n * (n - 1) : 200000, done = 0;
    (void)saha_matrix_options_init(&o, SAHA_MATRIX_OPTIONS_VERSION);

    if (!p || saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return 1;
    points(p, n, region);
    o.threads = threads;
    c0 = cpu_s();
    t0 = now();
    if (saha_matrix_build(&m, ctx, NULL, NULL, p, n, &o) != SAHA_OK) {
        fprintf(stderr, "bench_matrix: %s\n", saha_ctx_last_error(ctx)->message);
        return 1;
    }
    t1 = now();
    c1 = cpu_s();
    saha__rng_seed(&r, 7);
    while (done < checks) {
        size_t i = saha__rng_below(&r, n), j = saha__rng_below(&r, n);
        double g, e;
        if (i == j)
            continue;
        g = saha_geo_distance_m(p[i], p[j]);
        e = fabs(saha_matrix_distance_m(m, i, j) / o.travel.circuity - g) / g;
        if (e > worst)
            worst = e;
        done++;
    }
    printf("model %zu %u %.3f %.3f %.1f %.3g %zu\n", n, threads, t1 - t0, c1 - c0,
           maxrss_mb(), worst, done);
    saha_matrix_free(m);
    saha_ctx_free(ctx);
    free(p);
    return 0;
}

int main(int argc, char **argv)
{
    size_t n, t;
    if (argc >= 4 && !strcmp(argv[1], "model") && parse_size(argv[2], &n) == 0 &&
        n >= 2 && parse_size(argv[3], &t) == 0)
        return bench_model(n, (unsigned)t, argc > 4 ? argv[4] : NULL);
    fprintf(stderr, "usage: bench_matrix model N THREADS [turkey|city]\n");
    return 2;
}
