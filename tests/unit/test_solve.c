/* Tests for the public benchmark API (include/saha/solve.h): options with versions,
 * format names, reading, solving hand-made instances whose optima are known, and the
 * errors a client sees. Uses only public headers, as `saha solve` does. */
#include "saha_test.h"

/* Six points on a 20 x 10 rectangle (with midpoints): optimal tour 60. */
static const char rect6[] = "NAME : rect6\n"
                            "TYPE: TSP\n"
                            "DIMENSION : 6\n"
                            "EDGE_WEIGHT_TYPE : EUC_2D\n"
                            "NODE_COORD_SECTION\n"
                            "1 0 0\n2 10 10\n3 20 0\n4 0 10\n5 10 0\n6 20 10\nEOF\n";

static void test_options_init(void **state)
{
    saha_solve_options o;
    saha_solve_read_options r;
    (void)state;
    memset(&o, 0xff, sizeof o);
    SAHA_TEST_EQ(saha_solve_options_init(&o, SAHA_SOLVE_OPTIONS_VERSION), SAHA_OK);
    SAHA_TEST_EQ(o.version, SAHA_SOLVE_OPTIONS_VERSION);
    SAHA_TEST_EQ(o.seed, 1);
    SAHA_TEST_EQ(o.iterations, 0);
    assert_null(o.progress);
    SAHA_TEST_EQ(saha_solve_options_init(&o, SAHA_SOLVE_OPTIONS_VERSION + 1),
                 SAHA_EINVAL);
    memset(&r, 0xff, sizeof r);
    SAHA_TEST_EQ(saha_solve_read_options_init(&r, SAHA_SOLVE_READ_OPTIONS_VERSION),
                 SAHA_OK);
    SAHA_TEST_EQ(r.format, SAHA_SOLVE_FORMAT_AUTO);
    SAHA_TEST_EQ(r.vehicles, 0);
    SAHA_TEST_EQ(saha_solve_read_options_init(&r, 0), SAHA_EINVAL);
}

static void test_format_names(void **state)
{
    saha_solve_format f = SAHA_SOLVE_FORMAT_AUTO;
    (void)state;
    SAHA_TEST_EQ(saha_solve_format_parse("optw", &f), SAHA_OK);
    SAHA_TEST_EQ(f, SAHA_SOLVE_FORMAT_OPTW);
    assert_string_equal(saha_solve_format_name(f), "optw");
    SAHA_TEST_EQ(saha_solve_format_parse("tsp", &f), SAHA_EINVAL);
    SAHA_TEST_EQ(f, SAHA_SOLVE_FORMAT_OPTW); /* untouched */
    assert_string_equal(saha_solve_format_name(SAHA_SOLVE_FORMAT_TSPLIB), "tsplib");
}

static void test_tsp_tour(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_solve_problem *p = NULL;
    saha_solve_result *r = NULL;
    saha_solve_options o;
    int seen[6] = {0};
    (void)state;
    SAHA_TEST_OK(ctx, saha_solve_read(&p, ctx, rect6, strlen(rect6), "rect6.tsp", NULL));
    assert_string_equal(saha_solve_problem_name(p), "rect6");
    SAHA_TEST_EQ(saha_solve_problem_format(p), SAHA_SOLVE_FORMAT_TSPLIB);
    SAHA_TEST_EQ(saha_solve_problem_npoints(p), 6);
    SAHA_TEST_EQ(saha_solve_problem_ncustomers(p), 5);
    SAHA_TEST_EQ(saha_solve_problem_nvehicles(p), 1);
    SAHA_TEST_OK(ctx, saha_solve_options_init(&o, SAHA_SOLVE_OPTIONS_VERSION));
    o.iterations = 200;
    o.threads = 1;
    SAHA_TEST_OK(ctx, saha_solve_run(&r, ctx, p, &o));
    SAHA_TEST_NEAR(r->objective, 60.0, 0);
    assert_true(r->feasible);
    SAHA_TEST_EQ(r->nroutes, 1);
    SAHA_TEST_EQ(r->visited, 5);
    /* TSPLIB: the whole tour from point 0, every point once */
    SAHA_TEST_EQ(r->route_start[0], 0);
    SAHA_TEST_EQ(r->route_start[1], 6);
    SAHA_TEST_EQ(r->points[0], 0);
    for (size_t i = 0; i < 6; i++)
        seen[r->points[i]]++;
    for (size_t i = 0; i < 6; i++)
        SAHA_TEST_EQ(seen[i], 1);
    saha_solve_result_free(r);
    saha_solve_problem_free(p);
    saha_ctx_free(ctx);
}

/* OP: start and end (0,0); customers (3,0) 5, (0,4) 7, (3,4) 10; Tmax 10 reaches only
 * (3,4) and back (exactly 10): the score is 10 and the route is that one point. */
static void test_op_route(void **state)
{
    static const char op[] = "10 1\n0 0 0\n0 0 0\n3 0 5\n0 4 7\n3 4 10\n";
    saha_ctx *ctx = saha_test_ctx();
    saha_solve_problem *p = NULL;
    saha_solve_result *r = NULL;
    saha_solve_read_options ro;
    (void)state;
    SAHA_TEST_OK(ctx, saha_solve_read_options_init(&ro, SAHA_SOLVE_READ_OPTIONS_VERSION));
    ro.format = SAHA_SOLVE_FORMAT_OP;
    SAHA_TEST_OK(ctx, saha_solve_read(&p, ctx, op, strlen(op), "tiny.txt", &ro));
    SAHA_TEST_OK(ctx, saha_solve_run(&r, ctx, p, NULL));
    SAHA_TEST_NEAR(r->objective, 10.0, 0);
    SAHA_TEST_EQ(r->nroutes, 1);
    SAHA_TEST_EQ(r->route_start[1] - r->route_start[0], 1);
    SAHA_TEST_EQ(r->points[0], 4); /* file position of (3,4) */
    saha_solve_result_free(r);
    saha_solve_problem_free(p);
    saha_ctx_free(ctx);
}

static void test_errors(void **state)
{
    static const char bad[] =
        "NAME: x\nTYPE: TSP\nDIMENSION: 2\nEDGE_WEIGHT_TYPE: EUC_2D\n"
        "NODE_COORD_SECTION\n1 0 0\n2 zero 1\nEOF\n";
    saha_ctx *ctx = saha_test_ctx();
    saha_solve_problem *p = (saha_solve_problem *)&ctx; /* must be reset to NULL */
    saha_solve_read_options ro;
    const saha_error *e;
    (void)state;
    SAHA_TEST_EQ(saha_solve_read(&p, ctx, bad, strlen(bad), "bad.tsp", NULL),
                 SAHA_EPARSE);
    assert_null(p);
    e = saha_ctx_last_error(ctx);
    assert_string_equal(e->source, "bad.tsp");
    SAHA_TEST_EQ(e->line, 7);
    saha_ctx_clear_error(ctx);
    /* options of an unknown version are refused, not misread */
    SAHA_TEST_OK(ctx, saha_solve_read_options_init(&ro, SAHA_SOLVE_READ_OPTIONS_VERSION));
    ro.version = 99;
    SAHA_TEST_EQ(saha_solve_read(&p, ctx, rect6, strlen(rect6), "x", &ro), SAHA_EINVAL);
    assert_null(p);
    saha_solve_problem_free(NULL);
    saha_solve_result_free(NULL);
    saha_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_init), cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_tsp_tour),     cmocka_unit_test(test_op_route),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
