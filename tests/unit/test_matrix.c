/* Tests for the matrix module: the travel model, the model matrix (properties, thread
 * independence), the matrix file (round trip and every error with its line), k-nearest
 * neighbours against brute force, and the OSRM provider against the fixture server
 * tests/fixtures/osrm_server.py (started here on a free port, stopped at the end). */
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "saha_test.h"

#include "internal/core.h"
#include "internal/http.h"
#include "internal/geo_fast.h"
#include "internal/matrix_parse.h"

static saha_latlon ll(double lat, double lon)
{
    saha_latlon p;
    p.lat_deg = lat;
    p.lon_deg = lon;
    return p;
}

/* n random points in a box around Bursa-Istanbul (~250 x 300 km) */
static void random_points(saha_latlon *p, size_t n, uint64_t seed)
{
    saha__rng r;
    saha__rng_seed(&r, seed);
    for (size_t i = 0; i < n; i++)
        p[i] = ll(39.5 + 2.5 * saha__rng_double(&r), 27.5 + 3.5 * saha__rng_double(&r));
}

/* ---- travel model ------------------------------------------------------------------ */

static void test_travel_leg(void **state)
{
    saha_travel_model tm = SAHA_TRAVEL_MODEL_INIT;
    double d, t, prev = -1;
    (void)state;
    saha_travel_model_leg(&tm, 0, &d, &t);
    SAHA_TEST_NEAR(d, 0, 0);
    SAHA_TEST_NEAR(t, 0, 0);
    /* road 5 km at 25 km/h = 720 s */
    saha_travel_model_leg(&tm, 5000 / 1.3, &d, &t);
    SAHA_TEST_NEAR(d, 5000, 1e-9);
    SAHA_TEST_NEAR(t, 720, 1e-9);
    /* road 50 km: 720 + 45 km at 50 km/h (3240 s) */
    saha_travel_model_leg(&tm, 50000 / 1.3, &d, &t);
    SAHA_TEST_NEAR(t, 3960, 1e-9);
    /* road 100 km: + 50 km at 80 km/h (2250 s) */
    saha_travel_model_leg(&tm, 100000 / 1.3, &d, &t);
    SAHA_TEST_NEAR(d, 100000, 1e-6);
    SAHA_TEST_NEAR(t, 6210, 1e-6);
    /* continuous at the band edges, and increasing everywhere */
    for (int k = 0; k < 2; k++) {
        double edge_geo = tm.upto_km[k] * 1000 / tm.circuity, t0, t1;
        saha_travel_model_leg(&tm, edge_geo * (1 - 1e-9), NULL, &t0);
        saha_travel_model_leg(&tm, edge_geo * (1 + 1e-9), NULL, &t1);
        assert_true(t1 > t0);
        SAHA_TEST_NEAR(t1, t0, 1e-4);
    }
    for (double g = 0; g < 200000; g += 37.0) {
        saha_travel_model_leg(&tm, g, NULL, &t);
        assert_true(t > prev);
        prev = t;
    }
    /* one band: plain distance / speed; legs beyond the last bound keep its speed */
    {
        saha_travel_model one = {1.0, 1, {10}, {60}, 0, {0}, {0}};
        saha_travel_model_leg(&one, 30000, &d, &t);
        SAHA_TEST_NEAR(t, 1800, 1e-9);
    }
    saha_travel_model_leg(&tm, NAN, &d, &t);
    assert_true(isnan(d) && isnan(t));
}

/* Circuity knots: the road distance follows the knots, is continuous and increasing;
 * the check refuses knots that are out of order, out of [1, 5] or whose road falls. */
static void test_travel_knots(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_travel_model tm = SAHA_TRAVEL_MODEL_INIT;
    double d, prev = -1;
    (void)state;
    tm.ncirc = 3;
    tm.circ_km[0] = 1;
    tm.circ[0] = 1.8;
    tm.circ_km[1] = 4;
    tm.circ[1] = 1.2;
    tm.circ_km[2] = 10;
    tm.circ[2] = 1.6;
    SAHA_TEST_OK(ctx, saha_travel_model_check(ctx, &tm));
    saha_travel_model_leg(&tm, 500, &d, NULL); /* before the first knot: its circuity */
    SAHA_TEST_NEAR(d, 900, 1e-6);
    saha_travel_model_leg(&tm, 4000, &d, NULL); /* on a knot */
    SAHA_TEST_NEAR(d, 4800, 1e-6);
    saha_travel_model_leg(&tm, 7000, &d, NULL); /* halfway: 4.8 + (16 - 4.8) / 2 km */
    SAHA_TEST_NEAR(d, 10400, 1e-6);
    saha_travel_model_leg(&tm, 50000, &d, NULL); /* beyond the last: its circuity */
    SAHA_TEST_NEAR(d, 80000, 1e-6);
    for (double g = 1; g < 30000; g += 7.0) {
        saha_travel_model_leg(&tm, g, &d, NULL);
        assert_true(d > prev);
        assert_true(d - prev < 8 * 7.0); /* continuous: no jump at a knot */
        prev = d;
    }
    tm.circ[1] = 0.9;
    SAHA_TEST_EQ(saha_travel_model_check(ctx, &tm), SAHA_EINVAL);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "circuity_by_km[1]");
    tm.circ[1] = 1.2;
    tm.circ_km[1] = 1; /* not increasing */
    SAHA_TEST_EQ(saha_travel_model_check(ctx, &tm), SAHA_EINVAL);
    tm.circ_km[1] = 1.4; /* road 1.4 x 1.2 = 1.68 km < 1.8: falls */
    SAHA_TEST_EQ(saha_travel_model_check(ctx, &tm), SAHA_EINVAL);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "must not fall");
    saha_ctx_free(ctx);
}

static void test_travel_check(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_travel_model tm = SAHA_TRAVEL_MODEL_INIT;
    (void)state;
    SAHA_TEST_OK(ctx, saha_travel_model_check(ctx, &tm));
    tm.circuity = 0.9;
    SAHA_TEST_EQ(saha_travel_model_check(ctx, &tm), SAHA_EINVAL);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "circuity");
    tm.circuity = 1.3;
    tm.upto_km[1] = 4; /* not increasing */
    SAHA_TEST_EQ(saha_travel_model_check(ctx, &tm), SAHA_EINVAL);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "band 2");
    tm.upto_km[1] = 50;
    tm.speed_kmh[2] = 0;
    SAHA_TEST_EQ(saha_travel_model_check(ctx, &tm), SAHA_EINVAL);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "band 3");
    tm.speed_kmh[2] = 80;
    tm.nbands = 0;
    SAHA_TEST_EQ(saha_travel_model_check(ctx, &tm), SAHA_EINVAL);
    saha_ctx_free(ctx);
}

/* ---- model matrix ----------------------------------------------------------------- */

static void test_model_matrix(void **state)
{
    enum { N = 300 };
    saha_ctx *ctx = saha_test_ctx();
    saha_latlon *p = malloc(N * sizeof *p);
    saha_matrix *m1 = NULL, *m2 = NULL, *m3 = NULL;
    saha_matrix_options o;
    double worst = 0;
    (void)saha_matrix_options_init(&o, SAHA_MATRIX_OPTIONS_VERSION);
    (void)state;
    random_points(p, N, 11);
    p[5] = p[4]; /* a duplicate point: distance 0 both ways */
    o.threads = 1;
    SAHA_TEST_OK(ctx, saha_matrix_build(&m1, ctx, NULL, NULL, p, N, &o));
    o.threads = 2;
    SAHA_TEST_OK(ctx, saha_matrix_build(&m2, ctx, NULL, NULL, p, N, &o));
    o.threads = 7;
    SAHA_TEST_OK(ctx, saha_matrix_build(&m3, ctx, NULL, NULL, p, N, &o));
    SAHA_TEST_EQ(saha_matrix_size(m1), N);
    /* identical for any thread count (bitwise) */
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            assert_true(saha_matrix_duration_s(m1, i, j) ==
                        saha_matrix_duration_s(m2, i, j));
            assert_true(saha_matrix_distance_m(m1, i, j) ==
                        saha_matrix_distance_m(m2, i, j));
            assert_true(saha_matrix_duration_s(m1, i, j) ==
                        saha_matrix_duration_s(m3, i, j));
            assert_true(saha_matrix_distance_m(m1, i, j) ==
                        saha_matrix_distance_m(m3, i, j));
        }
    for (size_t i = 0; i < N; i++) {
        SAHA_TEST_NEAR(saha_matrix_duration_s(m1, i, i), 0, 0);
        SAHA_TEST_NEAR(saha_matrix_distance_m(m1, i, i), 0, 0);
        for (size_t j = 0; j < N; j++) {
            double d = saha_matrix_distance_m(m1, i, j),
                   t = saha_matrix_duration_s(m1, i, j);
            double de, te;
            /* exactly symmetric */
            assert_true(d == saha_matrix_distance_m(m1, j, i));
            assert_true(t == saha_matrix_duration_s(m1, j, i));
            /* the model applied to PROJ's geodesic: relative 2e-5 (formula 1e-5, float
             * storage 6e-8) */
            saha_travel_model_leg(&o.travel, saha_geo_distance_m(p[i], p[j]), &de, &te);
            if (i != j && de > 0) {
                double e = fabs(d - de) / de;
                if (e > worst)
                    worst = e;
                SAHA_TEST_NEAR(t, te, 2e-5 * te);
            }
        }
    }
    print_message("model matrix: max relative distance error vs geod_inverse %.3g\n",
                  worst);
    assert_true(worst < 2e-5);
    SAHA_TEST_NEAR(saha_matrix_distance_m(m1, 4, 5), 0, 0);
    /* triangle inequality for distances and (the time profile is concave: speeds rise
     * with length) for durations, on sampled triples; tolerance 1e-4 relative */
    {
        saha__rng r;
        saha__rng_seed(&r, 5);
        for (int s = 0; s < 20000; s++) {
            size_t a = saha__rng_below(&r, N), b = saha__rng_below(&r, N),
                   c = saha__rng_below(&r, N);
            double ac = saha_matrix_distance_m(m1, a, c);
            double abc =
                saha_matrix_distance_m(m1, a, b) + saha_matrix_distance_m(m1, b, c);
            assert_true(ac <= abc * (1 + 1e-4) + 0.01);
            ac = saha_matrix_duration_s(m1, a, c);
            abc = saha_matrix_duration_s(m1, a, b) + saha_matrix_duration_s(m1, b, c);
            assert_true(ac <= abc * (1 + 1e-4) + 0.01);
        }
    }
    /* out of range accessors */
    assert_true(isnan(saha_matrix_duration_s(m1, N, 0)));
    saha_matrix_free(m1);
    saha_matrix_free(m2);
    saha_matrix_free(m3);
    free(p);
    saha_ctx_free(ctx);
}

static int cancel_at_half(size_t done, size_t total, void *payload)
{
    size_t *calls = payload;
    (*calls)++;
    return done * 2 >= total;
}

static void test_model_cancel_and_bad_input(void **state)
{
    enum { N = 2000 };
    saha_ctx *ctx = saha_test_ctx();
    saha_latlon *p = malloc(N * sizeof *p);
    const char *ids[3] = {"A1", "A2", "A3"};
    saha_matrix *m = NULL;
    saha_matrix_options o;
    size_t calls = 0;
    (void)saha_matrix_options_init(&o, SAHA_MATRIX_OPTIONS_VERSION);
    (void)state;
    random_points(p, N, 3);
    o.progress = cancel_at_half;
    o.payload = &calls;
    SAHA_TEST_EQ(saha_matrix_build(&m, ctx, NULL, NULL, p, N, &o), SAHA_ECANCEL);
    assert_null(m);
    assert_true(calls >= 1 && calls < 20);
    /* a NaN point is named by its id */
    o.progress = NULL;
    p[1].lat_deg = NAN;
    SAHA_TEST_EQ(saha_matrix_build(&m, ctx, NULL, ids, p, 3, &o), SAHA_EINVAL);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "A2");
    /* a bad travel model */
    p[1].lat_deg = 40;
    o.travel.circuity = 0.5;
    SAHA_TEST_EQ(saha_matrix_build(&m, ctx, NULL, ids, p, 3, &o), SAHA_EINVAL);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "circuity");
    /* n = 0 and n = 1 */
    o.travel.circuity = 1.3;
    SAHA_TEST_OK(ctx, saha_matrix_build(&m, ctx, NULL, ids, p, 0, &o));
    SAHA_TEST_EQ(saha_matrix_size(m), 0);
    saha_matrix_free(m);
    SAHA_TEST_OK(ctx, saha_matrix_build(&m, ctx, NULL, ids, p, 1, &o));
    SAHA_TEST_NEAR(saha_matrix_duration_s(m, 0, 0), 0, 0);
    saha_matrix_free(m);
    free(p);
    saha_ctx_free(ctx);
}

/* Every allocation failure is SAHA_ENOMEM without a leak (model and file providers). */
static void test_matrix_enomem(void **state)
{
    const char *ids[4] = {"A", "B", "C", "HOME"};
    saha_latlon p[4] = {{40, 29}, {40.1, 29.1}, {40.2, 29}, {40.05, 29.05}};
    (void)state;
    for (int provider = 0; provider < 2; provider++) {
        for (size_t k = 0; k < 40; k++) {
            saha_test_alloc a = {k, 0, 0};
            saha_allocator al;
            saha_ctx *ctx = saha_test_ctx_failing(&a, &al);
            saha_matrix *m = NULL;
            saha_matrix_options o;
            saha_status rc;
            (void)saha_matrix_options_init(&o, SAHA_MATRIX_OPTIONS_VERSION);
            if (!ctx)
                continue;
            if (provider == 1) {
                o.provider = SAHA_MATRIX_FILE;
                o.file_path = DATA("matrix/ok3.csv");
            }
            rc = saha_matrix_build(&m, ctx, NULL, ids, p, provider ? 4 : 3, &o);
            assert_true(rc == SAHA_OK || rc == SAHA_ENOMEM);
            saha_matrix_free(m);
            saha_ctx_free(ctx);
            SAHA_TEST_EQ(a.live, 0);
        }
    }
}

/* ---- matrix file ------------------------------------------------------------------ */

static void test_file_round_trip(void **state)
{
    enum { N = 40 };
    saha_ctx *ctx = saha_test_ctx();
    saha_latlon p[N];
    char names[N][16], path[] = "/tmp/saha-matrix-XXXXXX";
    const char *ids[N];
    saha_matrix *m = NULL, *back = NULL;
    saha_matrix_options o;
    FILE *f;
    int fd;
    (void)saha_matrix_options_init(&o, SAHA_MATRIX_OPTIONS_VERSION);
    (void)state;
    random_points(p, N, 21);
    for (size_t i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "A%u", (unsigned)(i % 100000));
        ids[i] = names[i];
    }
    ids[3] = "Kahve, \"Merkez\""; /* quoted on write */
    ids[4] = "Şube 7";
    SAHA_TEST_OK(ctx, saha_matrix_build(&m, ctx, NULL, ids, p, N, &o));
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    SAHA_TEST_OK(ctx, saha_matrix_write_csv(f, ctx, m, ids));
    assert_int_equal(fclose(f), 0);
    o.provider = SAHA_MATRIX_FILE;
    o.file_path = path;
    SAHA_TEST_OK(ctx, saha_matrix_build(&back, ctx, NULL, ids, p, N, &o));
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            /* written with one decimal */
            SAHA_TEST_NEAR(saha_matrix_duration_s(back, i, j),
                           saha_matrix_duration_s(m, i, j),
                           0.05 + 1e-7 * saha_matrix_duration_s(m, i, j));
            SAHA_TEST_NEAR(saha_matrix_distance_m(back, i, j),
                           saha_matrix_distance_m(m, i, j),
                           0.05 + 1e-7 * saha_matrix_distance_m(m, i, j));
        }
    /* the header and the row count */
    {
        char *data = NULL;
        size_t len = 0, lines = 0;
        SAHA_TEST_OK(ctx, saha__read_file(ctx, path, 1u << 24, &data, &len));
        assert_memory_equal(data, "from_id,to_id,duration_s,distance_m\n", 36);
        for (size_t i = 0; i < len; i++)
            lines += data[i] == '\n';
        SAHA_TEST_EQ(lines, 1 + N * (N - 1));
        assert_non_null(strstr(data, "\n\"Kahve, \"\"Merkez\"\"\",A0,"));
        saha__free(ctx, data);
    }
    unlink(path);
    saha_matrix_free(back);
    saha_matrix_free(m);
    saha_ctx_free(ctx);
}

static saha_status load3(saha_ctx *ctx, saha_matrix **m, const char *file)
{
    const char *ids[3] = {"A", "B", "C"};
    saha_latlon p[3] = {{40, 29}, {40.1, 29.1}, {40.2, 29}};
    saha_matrix_options o;
    (void)saha_matrix_options_init(&o, SAHA_MATRIX_OPTIONS_VERSION);
    o.provider = SAHA_MATRIX_FILE;
    o.file_path = file;
    return saha_matrix_build(m, ctx, NULL, ids, p, 3, &o);
}

static void test_file_good(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_matrix *m = NULL, *m2 = NULL;
    (void)state;
    SAHA_TEST_OK(ctx, load3(ctx, &m, DATA("matrix/ok3.csv")));
    SAHA_TEST_NEAR(saha_matrix_duration_s(m, 0, 2), 1200.5, 1e-9);
    SAHA_TEST_NEAR(saha_matrix_distance_m(m, 2, 1), 6050, 1e-9);
    SAHA_TEST_NEAR(saha_matrix_duration_s(m, 1, 0), 610, 1e-9);
    SAHA_TEST_NEAR(saha_matrix_duration_s(m, 1, 1), 0, 0);
    /* BOM, CRLF, columns in another order, an extra quoted column, a blank line */
    SAHA_TEST_OK(ctx, load3(ctx, &m2, DATA("matrix/ok3_reordered_crlf.csv")));
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++) {
            assert_true(saha_matrix_duration_s(m, i, j) ==
                        saha_matrix_duration_s(m2, i, j));
            assert_true(saha_matrix_distance_m(m, i, j) ==
                        saha_matrix_distance_m(m2, i, j));
        }
    saha_matrix_free(m);
    saha_matrix_free(m2);
    saha_ctx_free(ctx);
}

typedef struct file_case {
    const char *file;
    saha_status code;
    size_t line, column;
    const char *needle1, *needle2;
} file_case;

static void test_file_errors(void **state)
{
    static const file_case cases[] = {
        {"matrix/missing_pair.csv", SAHA_ENOTFOUND, 0, 0, "missing pair B -> C", NULL},
        {"matrix/unknown_id.csv", SAHA_EPARSE, 4, 2, "to_id", "'D'"},
        {"matrix/bad_number.csv", SAHA_EPARSE, 3, 3, "duration_s", "'12x'"},
        {"matrix/negative.csv", SAHA_EPARSE, 4, 4, "distance_m", "'-3'"},
        {"matrix/infinite.csv", SAHA_EPARSE, 3, 3, "duration_s", "'inf'"},
        {"matrix/missing_column.csv", SAHA_EPARSE, 1, 0, "missing column distance_m",
         NULL},
        {"matrix/duplicate.csv", SAHA_EPARSE, 4, 0, "duplicate pair A -> B", NULL},
        {"matrix/short_row.csv", SAHA_EPARSE, 3, 0, "distance_m", "missing field"},
        {"matrix/unterminated.csv", SAHA_EPARSE, 3, 1, "unterminated", NULL},
        {"matrix/empty.csv", SAHA_EPARSE, 1, 0, "empty file", NULL},
        {"matrix/does_not_exist.csv", SAHA_EIO, 0, 0, "does_not_exist.csv", NULL},
    };
    saha_ctx *ctx = saha_test_ctx();
    (void)state;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        saha_matrix *m = NULL;
        char path[512];
        const saha_error *e;
        saha_status rc;
        snprintf(path, sizeof path, "%s/%s", SAHA_TEST_DATA, cases[c].file);
        rc = load3(ctx, &m, path);
        e = saha_ctx_last_error(ctx);
        if (rc != cases[c].code)
            print_error("%s: got %s: %s\n", cases[c].file, saha_status_name(rc),
                        e->message);
        SAHA_TEST_EQ(rc, cases[c].code);
        assert_null(m);
        if (cases[c].code != SAHA_EIO) {
            SAHA_TEST_STR_CONTAINS(e->source, cases[c].file);
            SAHA_TEST_EQ(e->line, cases[c].line);
            SAHA_TEST_EQ(e->column, cases[c].column);
        }
        if (cases[c].needle1)
            SAHA_TEST_STR_CONTAINS(e->message, cases[c].needle1);
        if (cases[c].needle2)
            SAHA_TEST_STR_CONTAINS(e->message, cases[c].needle2);
    }
    saha_ctx_free(ctx);
}

static void grab_warning(saha_log_level level, const char *msg, void *payload)
{
    if (level == SAHA_LOG_WARN)
        snprintf(payload, 256, "%s", msg);
}

/* A file without legs for HOME: those are computed with the model, with a warning. */
static void test_file_home_from_model(void **state)
{
    const char *ids[4] = {"A", "HOME", "B", "C"};
    saha_latlon p[4] = {{40, 29}, {40.05, 29.05}, {40.1, 29.1}, {40.2, 29}};
    saha_ctx *ctx = saha_test_ctx();
    saha_matrix *m = NULL;
    saha_matrix_options o;
    char warn[256] = "";
    (void)saha_matrix_options_init(&o, SAHA_MATRIX_OPTIONS_VERSION);
    (void)state;
    saha_ctx_use_log(ctx, grab_warning, warn);
    o.provider = SAHA_MATRIX_FILE;
    o.file_path = DATA("matrix/ok3.csv");
    SAHA_TEST_OK(ctx, saha_matrix_build(&m, ctx, NULL, ids, p, 4, &o));
    SAHA_TEST_STR_CONTAINS(warn, "HOME");
    SAHA_TEST_STR_CONTAINS(warn, "model");
    SAHA_TEST_NEAR(saha_matrix_duration_s(m, 0, 2), 600, 0); /* A -> B from the file */
    for (size_t j = 0; j < 4; j++) {
        double d, t;
        if (j == 1)
            continue;
        saha_travel_model_leg(&o.travel, saha_geo_distance_m(p[1], p[j]), &d, &t);
        SAHA_TEST_NEAR(saha_matrix_distance_m(m, 1, j), d, 1e-6 * d);
        SAHA_TEST_NEAR(saha_matrix_duration_s(m, j, 1), t, 1e-6 * t);
    }
    saha_matrix_free(m);
    /* without HOME, a 4th id is simply missing */
    ids[1] = "D";
    SAHA_TEST_EQ(saha_matrix_build(&m, ctx, NULL, ids, p, 4, &o), SAHA_ENOTFOUND);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "missing pair A -> D");
    saha_ctx_free(ctx);
}

/* The parser on memory buffers (what the fuzzer calls) never reads past the end. */
static void test_parse_csv_buffer(void **state)
{
    const char *ids[2] = {"x", "y"};
    saha_ctx *ctx = saha_test_ctx();
    saha_matrix *m = NULL;
    saha_travel_model tm = SAHA_TRAVEL_MODEL_INIT;
    const char good[] =
        "from_id,to_id,duration_s,distance_m\nx,y,1,2\ny,x,3,4"; /* no \n */
    (void)state;
    SAHA_TEST_OK(ctx, saha_matrix__new(&m, ctx, 2));
    SAHA_TEST_OK(ctx, saha_matrix__parse_csv(m, ctx, "buf", good, sizeof good - 1, ids,
                                             NULL, &tm));
    SAHA_TEST_NEAR(saha_matrix_duration_s(m, 1, 0), 3, 0);
    SAHA_TEST_NEAR(saha_matrix_distance_m(m, 0, 1), 2, 0);
    {
        /* a spreadsheet's ';' file with decimal commas, quoted ids, a BOM */
        const char semi[] = "\xEF\xBB\xBF"
                            "from_id;to_id;duration_s;distance_m\r\n"
                            "\"x\";y;1,5;2000,25\r\ny;x;3;4\r\n";
        SAHA_TEST_OK(ctx, saha_matrix__parse_csv(m, ctx, "semi", semi, sizeof semi - 1,
                                                 ids, NULL, &tm));
        SAHA_TEST_NEAR(saha_matrix_duration_s(m, 0, 1), 1.5, 0);
        SAHA_TEST_NEAR(saha_matrix_distance_m(m, 0, 1), 2000.25, 1e-3);
        SAHA_TEST_NEAR(saha_matrix_duration_s(m, 1, 0), 3, 0);
    }
    /* truncated anywhere: an error or success, never a crash (ASan checks reads) */
    for (size_t cut = 0; cut < sizeof good - 1; cut++) {
        char *copy = malloc(cut ? cut : 1);
        memcpy(copy, good, cut);
        (void)saha_matrix__parse_csv(m, ctx, "buf", copy, cut, ids, NULL, &tm);
        free(copy);
    }
    saha_matrix_free(m);
    saha_ctx_free(ctx);
}

/* ---- OSRM against the fixture server --------------------------------------------- */

typedef struct server {
    pid_t pid;
    int port;
    char dir[64];
} server;

static int server_start(server *s, const char *max_table)
{
    char portfile[128];
    snprintf(s->dir, sizeof s->dir, "/tmp/saha-osrm-XXXXXX");
    if (!mkdtemp(s->dir))
        return -1;
    snprintf(portfile, sizeof portfile, "%s/port", s->dir);
    s->pid = fork();
    if (s->pid < 0)
        return -1;
    if (s->pid == 0) {
        if (!freopen("/dev/null", "w", stdout))
            _exit(127);
        execlp("python3", "python3", SAHA_SOURCE_DIR "/tests/fixtures/osrm_server.py",
               "--port-file", portfile, "--max-table", max_table, (char *)NULL);
        _exit(127);
    }
    for (int tries = 0; tries < 300; tries++) { /* up to 30 s on a busy machine */
        FILE *f = fopen(portfile, "r");
        struct timespec ts = {0, 100000000};
        if (f) {
            char buf[16] = "";
            if (fgets(buf, sizeof buf, f)) {
                s->port = (int)strtol(buf, NULL, 10);
                fclose(f);
                return s->port > 0 ? 0 : -1;
            }
            fclose(f);
        }
        nanosleep(&ts, NULL);
    }
    return -1;
}

static void server_stop(server *s)
{
    char portfile[128];
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
    }
    snprintf(portfile, sizeof portfile, "%s/port", s->dir);
    unlink(portfile);
    rmdir(s->dir);
}

/* GET path from the server; returns the body (caller frees) or NULL. */
static char *server_get(saha_ctx *ctx, const server *s, const char *path)
{
    saha_http__client *http = NULL;
    saha_http__response r;
    char url[256], *body = NULL;
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", s->port, path);
    if (saha_http__create(&http, ctx, NULL) != SAHA_OK)
        return NULL;
    if (saha_http__get(http, url, &r) == SAHA_OK && r.body)
        body = strdup(r.body);
    saha_http__response_free(&r);
    saha_http__free(http);
    return body;
}

/* The fixture's formula (see osrm_server.py), before its rounding to 0.1. */
static void formula(saha_latlon a, saha_latlon b, double *t, double *d)
{
    const double r = M_PI / 180;
    double h = pow(sin((b.lat_deg - a.lat_deg) * r / 2), 2) +
               cos(a.lat_deg * r) * cos(b.lat_deg * r) *
                   pow(sin((b.lon_deg - a.lon_deg) * r / 2), 2);
    *d = 2 * 6371000.0 * asin(fmin(1.0, sqrt(h))) * 1.25;
    *t = *d / 12.5;
}

/* Points on a 1e-6 degree grid, as the URL carries them. */
static void grid_points(saha_latlon *p, const char **ids, char (*names)[16], size_t n)
{
    saha__rng r;
    saha__rng_seed(&r, 77);
    for (size_t i = 0; i < n; i++) {
        p[i] = ll(40.0 + (double)saha__rng_below(&r, 1000000) * 1e-6,
                  29.0 + (double)saha__rng_below(&r, 1000000) * 1e-6);
        snprintf(names[i], 16, "B%u", (unsigned)(i % 100000));
        ids[i] = names[i];
    }
}

typedef struct progress_log {
    size_t calls, last_done, last_total;
} progress_log;

static int count_progress(size_t done, size_t total, void *payload)
{
    progress_log *l = payload;
    l->calls++;
    l->last_done = done;
    l->last_total = total;
    return 0;
}

static void test_osrm(void **state)
{
    progress_log progress = {0, 0, 0};
    enum { N = 250 };
    server srv;
    saha_ctx *ctx = saha_test_ctx();
    saha_latlon p[N];
    const char *ids[N];
    char names[N][16], url[160], *stats;
    saha_matrix *m = NULL;
    saha_matrix_options o;
    saha_http_options ho;
    (void)saha_matrix_options_init(&o, SAHA_MATRIX_OPTIONS_VERSION);
    (void)saha_http_options_init(&ho, SAHA_HTTP_OPTIONS_VERSION);
    (void)state;
    grid_points(p, ids, names, N);
    if (server_start(&srv, "100") != 0) {
        print_error("cannot start tests/fixtures/osrm_server.py\n");
        fail();
    }
    ho.backoff_base_s = 0.01;
    ho.backoff_max_s = 0.1;
    ho.max_retries = 2;
    o.http = &ho;
    o.provider = SAHA_MATRIX_OSRM;
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", srv.port); /* trailing / is fine */
    o.osrm_url = url;

    /* 250 points, server limit 100 (sources x destinations <= 10,000): the least
     * grid is 7 requests (62,500 / 10,000 rounded up) of 250 x 36 (or 35) points, not
     * the 25 of 50 x 50 blocks; progress is reported after each */
    o.osrm_max_table = 100;
    o.progress = count_progress;
    o.payload = &progress;
    SAHA_TEST_OK(ctx, saha_matrix_build(&m, ctx, NULL, ids, p, N, &o));
    SAHA_TEST_EQ(progress.calls, 7);
    SAHA_TEST_EQ(progress.last_done, 7);
    SAHA_TEST_EQ(progress.last_total, 7);
    o.progress = NULL;
    stats = server_get(ctx, &srv, "/stats");
    assert_non_null(stats);
    SAHA_TEST_STR_CONTAINS(stats, "\"table_requests\": 7,");
    SAHA_TEST_STR_CONTAINS(stats, "\"max_cells\": 9000,");
    free(stats);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            double t, d;
            formula(p[i], p[j], &t, &d);
            /* 0.05 rounding to 0.1 + float storage (< 0.016 at 400 km) */
            SAHA_TEST_NEAR(saha_matrix_distance_m(m, i, j), d, 0.07);
            SAHA_TEST_NEAR(saha_matrix_duration_s(m, i, j), t, 0.06);
        }
    saha_matrix_free(m);
    m = NULL;

    /* up to max points: one request */
    free(server_get(ctx, &srv, "/reset"));
    SAHA_TEST_OK(ctx, saha_matrix_build(&m, ctx, NULL, ids, p, 100, &o));
    stats = server_get(ctx, &srv, "/stats");
    SAHA_TEST_STR_CONTAINS(stats, "\"table_requests\": 1,");
    free(stats);
    saha_matrix_free(m);
    m = NULL;

    /* a client limit above the server's: OSRM's TooBig message comes through */
    o.osrm_max_table = 200;
    SAHA_TEST_EQ(saha_matrix_build(&m, ctx, NULL, ids, p, 150, &o), SAHA_ENET);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "TooBig");
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message,
                           "Too many table coordinates");
    o.osrm_max_table = 0; /* default 100 */

    /* a first 429, then Ok; a first 503, then Ok: retried by saha_http__client */
    snprintf(url, sizeof url, "http://127.0.0.1:%d/once429/t1", srv.port);
    SAHA_TEST_OK(ctx, saha_matrix_build(&m, ctx, NULL, ids, p, 20, &o));
    {
        double t, d;
        formula(p[3], p[7], &t, &d);
        SAHA_TEST_NEAR(saha_matrix_duration_s(m, 3, 7), t, 0.06);
    }
    saha_matrix_free(m);
    m = NULL;
    snprintf(url, sizeof url, "http://127.0.0.1:%d/once503/t2", srv.port);
    SAHA_TEST_OK(ctx, saha_matrix_build(&m, ctx, NULL, ids, p, 20, &o));
    saha_matrix_free(m);
    m = NULL;
    /* without retries the 503 is an error naming the status */
    ho.max_retries = 0;
    snprintf(url, sizeof url, "http://127.0.0.1:%d/once503/t3", srv.port);
    SAHA_TEST_EQ(saha_matrix_build(&m, ctx, NULL, ids, p, 20, &o), SAHA_ENET);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message,
                           "OSRM answered HTTP 503 after 1 attempt(s)");
    ho.max_retries = 2;

    /* a null entry: unroutable, naming both ids */
    snprintf(url, sizeof url, "http://127.0.0.1:%d/null/%.6f,%.6f", srv.port,
             p[7].lon_deg, p[7].lat_deg);
    SAHA_TEST_EQ(saha_matrix_build(&m, ctx, NULL, ids, p, 20, &o), SAHA_ENOTFOUND);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "unroutable: B0 -> B7");
    assert_null(m);

    /* bad JSON; NoSegment */
    snprintf(url, sizeof url, "http://127.0.0.1:%d/badjson", srv.port);
    SAHA_TEST_EQ(saha_matrix_build(&m, ctx, NULL, ids, p, 5, &o), SAHA_EPARSE);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "not JSON");
    snprintf(url, sizeof url, "http://127.0.0.1:%d/nosegment", srv.port);
    SAHA_TEST_EQ(saha_matrix_build(&m, ctx, NULL, ids, p, 5, &o), SAHA_ENOTFOUND);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "NoSegment");

    /* the snap distances: /snap/ makes the fixture report 700 m for p[3], 9 km for
     * p[5]; warn 500 names p[3]; max 5000 flags p[5] unroutable and the CSV leaves it
     * out; the others report 0 */
    snprintf(url, sizeof url, "http://127.0.0.1:%d/snap/%.6f,%.6f,700", srv.port,
             p[3].lon_deg, p[3].lat_deg);
    SAHA_TEST_OK(ctx, saha_matrix_build(&m, ctx, NULL, ids, p, 6, &o));
    SAHA_TEST_NEAR(saha_matrix_snap_m(m, 3), 700.0, 1e-3);
    SAHA_TEST_NEAR(saha_matrix_snap_m(m, 2), 0.0, 1e-9);
    SAHA_TEST_EQ(saha_matrix_unroutable(m, 3), 0);
    SAHA_TEST_EQ(saha_matrix_is_estimate(m, 1, 3), 0);
    saha_matrix_free(m);
    m = NULL;
    o.snap_max_m = 600;
    SAHA_TEST_OK(ctx, saha_matrix_build(&m, ctx, NULL, ids, p, 6, &o));
    SAHA_TEST_EQ(saha_matrix_unroutable(m, 3), 1);
    SAHA_TEST_EQ(saha_matrix_unroutable(m, 2), 0);
    {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        SAHA_TEST_OK(ctx, saha_matrix_write_csv(f, ctx, m, ids));
        fclose(f);
        /* 5 routable points: header + 20 rows, none naming B3 */
        {
            size_t lines = 0;
            for (size_t k = 0; k < len; k++)
                lines += buf[k] == '\n';
            SAHA_TEST_EQ(lines, 21);
        }
        assert_null(strstr(buf, "B3,"));
        free(buf);
    }
    o.snap_max_m = 5000;
    saha_matrix_free(m);
    m = NULL;

    /* one point: no request at all (OSRM refuses a one-coordinate table), entry 0 */
    free(server_get(ctx, &srv, "/reset"));
    snprintf(url, sizeof url, "http://127.0.0.1:%d", srv.port);
    SAHA_TEST_OK(ctx, saha_matrix_build(&m, ctx, NULL, ids, p, 1, &o));
    SAHA_TEST_NEAR(saha_matrix_duration_s(m, 0, 0), 0.0, 0.0);
    stats = server_get(ctx, &srv, "/stats");
    SAHA_TEST_STR_CONTAINS(stats, "\"table_requests\": 0,");
    free(stats);
    saha_matrix_free(m);
    m = NULL;
    /* limit 2 (4 cells), 5 points: never a one-coordinate table (the fixture would
     * answer 400 InvalidOptions), every entry right */
    o.osrm_max_table = 2;
    {
        server small;
        if (server_start(&small, "2") != 0)
            fail();
        snprintf(url, sizeof url, "http://127.0.0.1:%d", small.port);
        for (size_t n = 1; n <= 7; n++) {
            SAHA_TEST_OK(ctx, saha_matrix_build(&m, ctx, NULL, ids, p, n, &o));
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++) {
                    double t, d;
                    formula(p[i], p[j], &t, &d);
                    SAHA_TEST_NEAR(saha_matrix_distance_m(m, i, j), d, 0.07);
                }
            saha_matrix_free(m);
            m = NULL;
        }
        server_stop(&small);
    }
    o.osrm_max_table = 0;

    server_stop(&srv);
    /* nobody listening any more */
    ho.max_retries = 0;
    snprintf(url, sizeof url, "http://127.0.0.1:%d", srv.port);
    SAHA_TEST_EQ(saha_matrix_build(&m, ctx, NULL, ids, p, 5, &o), SAHA_ENET);
    saha_ctx_free(ctx);
}

/* The request grid: every block within limit^2 cells, as few requests as the bound
 * n^2 / limit^2 allows up to rounding, and the counts the issue measured. */
static void test_osrm_grid(void **state)
{
    static const size_t limits[] = {2, 3, 25, 100};
    size_t kr, kc;
    (void)state;
    /* 1,000 points at 100: 100 requests (the half-size square blocks took 400) */
    saha_matrix__osrm_grid(1000, 100, &kr, &kc);
    SAHA_TEST_EQ(kr * kc, 100);
    /* 101 points (100 accounts + home) at 100: 2 requests, not 4 */
    saha_matrix__osrm_grid(101, 100, &kr, &kc);
    SAHA_TEST_EQ(kr * kc, 2);
    saha_matrix__osrm_grid(100, 100, &kr, &kc);
    SAHA_TEST_EQ(kr * kc, 1);
    saha_matrix__osrm_grid(5000, 100, &kr, &kc);
    SAHA_TEST_EQ(kr * kc, 2500);
    for (size_t li = 0; li < sizeof limits / sizeof limits[0]; li++) {
        size_t L = limits[li];
        for (size_t n = 2; n <= 400; n++) {
            size_t rows, cols, lower = (n * n + L * L - 1) / (L * L);
            saha_matrix__osrm_grid(n, L, &kr, &kc);
            rows = (n + kr - 1) / kr;
            cols = (n + kc - 1) / kc;
            if (rows * cols > L * L || kr > n || kc > n)
                fail_msg("n %zu limit %zu: %zu x %zu blocks of %zu x %zu", n, L, kr, kc,
                         rows, cols);
            /* within 40 % of the lower bound (rounding of the two cuts) */
            if ((double)(kr * kc) > 1.4 * (double)lower + 1)
                fail_msg("n %zu limit %zu: %zu requests, bound %zu", n, L, kr * kc,
                         lower);
        }
    }
}

/* Calibration: a matrix file made by a known model (circuity 1.42; 30 / 55 / 90 km/h)
 * is fitted back to it; a model matrix (all estimates) has nothing to fit on. */
static void test_calibrate(void **state)
{
    enum { N = 70 };
    saha_ctx *ctx = saha_test_ctx();
    saha_latlon p[N];
    char names[N][16];
    const char *ids[N];
    saha_matrix *m = NULL, *road = NULL;
    saha_matrix_options o;
    saha_calibrate_options co;
    saha_calibrate_result res;
    char *buf = NULL;
    size_t len = 0;
    FILE *f;
    (void)saha_matrix_options_init(&o, SAHA_MATRIX_OPTIONS_VERSION);
    (void)saha_calibrate_options_init(&co, SAHA_CALIBRATE_OPTIONS_VERSION);
    (void)state;
    random_points(p, N, 5);
    for (size_t i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "C%zu", i);
        ids[i] = names[i];
    }
    o.travel.circuity = 1.42;
    o.travel.speed_kmh[0] = 30;
    o.travel.speed_kmh[1] = 55;
    o.travel.speed_kmh[2] = 90;
    SAHA_TEST_OK(ctx, saha_matrix_build(&m, ctx, NULL, ids, p, N, &o));
    SAHA_TEST_EQ(saha_matrix_is_estimate(m, 0, 1), 1);
    SAHA_TEST_EQ(saha_travel_calibrate(ctx, m, p, &co, &res), SAHA_EINVAL);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "no pair of road data");
    f = open_memstream(&buf, &len);
    assert_non_null(f);
    SAHA_TEST_OK(ctx, saha_matrix_write_csv(f, ctx, m, ids));
    fclose(f);
    SAHA_TEST_OK(ctx, saha_matrix__new(&road, ctx, N));
    SAHA_TEST_OK(ctx,
                 saha_matrix__parse_csv(road, ctx, "m.csv", buf, len, ids, p, &o.travel));
    SAHA_TEST_EQ(saha_matrix_is_estimate(road, 0, 1), 0);
    co.samples = 3000;
    SAHA_TEST_OK(ctx, saha_travel_calibrate(ctx, road, p, &co, &res));
    SAHA_TEST_NEAR(res.fitted.circuity, 1.42, 1.42 * 0.002);
    SAHA_TEST_NEAR(res.fitted.speed_kmh[0], 30, 30 * 0.005);
    SAHA_TEST_NEAR(res.fitted.speed_kmh[1], 55, 55 * 0.005);
    SAHA_TEST_NEAR(res.fitted.speed_kmh[2], 90, 90 * 0.005);
    /* the default model (1.3; 25 / 50 / 80) is worse than the fit on every band */
    SAHA_TEST_EQ(res.pairs, 3000);
    for (size_t b = 0; b < SAHA_CALIBRATE_BANDS; b++) {
        if (res.band[b].pairs == 0)
            continue;
        assert_true(res.band[b].after.time_median < res.band[b].before.time_median);
        assert_true(res.band[b].after.dist_median < 0.002);
        SAHA_TEST_NEAR(res.band[b].ratio_median, 1.42, 0.01);
    }
    free(buf);
    saha_matrix_free(m);
    saha_matrix_free(road);
    saha_ctx_free(ctx);
}

/* The reply parser on memory buffers: shapes and values. */
static void test_parse_osrm_buffer(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    const char *s[2] = {"S0", "S1"}, *d[1] = {"D0"};
    float dur[4], dist[4];
    const char *ok =
        "{\"code\":\"Ok\",\"durations\":[[1.5],[2]],\"distances\":[[10],[20.5]]}";
    (void)state;
    SAHA_TEST_OK(
        ctx, saha_matrix__parse_osrm(ctx, "x", ok, strlen(ok), s, 2, d, 1, dur, dist, 2));
    SAHA_TEST_NEAR(dur[0], 1.5, 0);
    SAHA_TEST_NEAR(dur[2], 2, 0);
    SAHA_TEST_NEAR(dist[2], 20.5, 0);
    {
        const char *bad[] = {
            "[]",
            "{\"code\":\"Ok\",\"durations\":[[1]],\"distances\":[[1],[2]]}",
            "{\"code\":\"Ok\",\"durations\":[[1],[\"a\"]],\"distances\":[[1],[2]]}",
            "{\"code\":\"Ok\",\"durations\":[[1],[-1]],\"distances\":[[1],[2]]}",
            "{\"code\":\"Ok\",\"durations\":[[1],[1]]}",
            "{\"durations\":[[1],[1]]}",
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            saha_ctx_clear_error(ctx);
            SAHA_TEST_EQ(saha_matrix__parse_osrm(ctx, "x", bad[i], strlen(bad[i]), s, 2,
                                                 d, 1, dur, dist, 2),
                         SAHA_EPARSE);
        }
    }
    {
        const char *nul =
            "{\"code\":\"Ok\",\"durations\":[[1],[null]],\"distances\":[[1],[2]]}";
        saha_ctx_clear_error(ctx);
        SAHA_TEST_EQ(
            saha_matrix__parse_osrm(ctx, "x", nul, strlen(nul), s, 2, d, 1, dur, dist, 2),
            SAHA_ENOTFOUND);
        SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "unroutable: S1 -> D0");
    }
    saha_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_travel_leg),
        cmocka_unit_test(test_travel_check),
        cmocka_unit_test(test_travel_knots),
        cmocka_unit_test(test_model_matrix),
        cmocka_unit_test(test_model_cancel_and_bad_input),
        cmocka_unit_test(test_matrix_enomem),
        cmocka_unit_test(test_file_round_trip),
        cmocka_unit_test(test_file_good),
        cmocka_unit_test(test_file_errors),
        cmocka_unit_test(test_file_home_from_model),
        cmocka_unit_test(test_parse_csv_buffer),
        cmocka_unit_test(test_parse_osrm_buffer),
        cmocka_unit_test(test_osrm),
        cmocka_unit_test(test_osrm_grid),
        cmocka_unit_test(test_calibrate),
    };
    int rc;
    if (saha_global_init() != SAHA_OK)
        return 1;
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    saha_global_cleanup();
    return rc;
}
