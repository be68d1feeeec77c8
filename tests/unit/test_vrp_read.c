/* Tests for the benchmark readers (src/vrp/vrp_read.c) and the engine on what they build:
 * hand-made TSPLIB / OP / TOP / OPTW instances with optima worked out by hand, the
 * integer conversion at the budget's edge, and errors naming line and field. */
#include "saha_test.h"

#include "internal/core.h"
#include "internal/vrp.h"
#include "vrp/vrp_read.h"

static saha_vrp_problem *parse(saha_ctx *ctx, const char *text, saha_vrp_format f,
                               size_t vehicles)
{
    saha_vrp_problem *p = NULL;
    saha_vrp_read_options o;
    memset(&o, 0, sizeof o);
    o.format = f;
    o.vehicles = vehicles;
    SAHA_TEST_OK(ctx, saha__vrp_read_buffer(ctx, text, strlen(text), "tiny.txt", &o, &p));
    return p;
}

static double solve_value(saha_ctx *ctx, saha_vrp_problem *p, saha_vrp_solution *sol)
{
    saha_vrp_options o;
    memset(&o, 0, sizeof o);
    o.seed = 3;
    o.iterations = 300;
    o.threads = 1;
    SAHA_TEST_OK(ctx, saha__vrp_solve(ctx, &p->vrp, &o, sol));
    return saha__vrp_problem_value(p, sol);
}

/* Six points on a 20 x 10 rectangle (with midpoints): optimal tour 60. */
static void test_tsplib_tiny(void **state)
{
    static const char text[] =
        "NAME : rect6\n"
        "TYPE: TSP\n"
        "COMMENT : hand-made\n"
        "DIMENSION : 6\n"
        "EDGE_WEIGHT_TYPE : EUC_2D\n"
        "NODE_COORD_SECTION\n"
        " 1 0 0\n2 10.0 10\n3 2.0e1 0\n4 0 10\n5 10 0\n6 20 10\nEOF\n";
    saha_ctx *ctx = saha_test_ctx();
    saha_vrp_problem *p = parse(ctx, text, SAHA_VRP_FORMAT_AUTO, 0);
    saha_vrp_solution sol;
    int seen[6] = {0};
    (void)state;
    assert_int_equal(p->format, SAHA_VRP_FORMAT_TSPLIB);
    assert_string_equal(p->name, "rect6");
    assert_int_equal(p->vrp.ncustomers, 5);
    assert_int_equal(p->vrp.nnodes, 6);
    /* nint: node "point 2" to "point 3" is sqrt(200) = 14.14 -> 14 */
    assert_int_equal(p->vrp.time[0 * 6 + 1], 14);
    SAHA_TEST_NEAR(solve_value(ctx, p, &sol), 60.0, 0);
    assert_int_equal(sol.route_start[1], 5);
    for (size_t i = 0; i < 5; i++)
        seen[p->point_of[sol.order[i]]]++;
    for (size_t i = 1; i < 6; i++)
        assert_int_equal(seen[i], 1);
    saha__vrp_solution_free(ctx, &sol);
    saha__vrp_problem_free(ctx, p);
    saha_ctx_free(ctx);
}

/* OP: start (0,0), end (0,0) as the second point; customers (3,0) 5, (0,4) 7, (3,4) 10.
 * Tmax 10 allows only the 3-4-5 triangle's far corner and back (length exactly 10):
 * the integer conversion must keep a route that fits exactly. Tmax 14 takes all. */
static void test_op_budget_edge(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_vrp_problem *p;
    saha_vrp_solution sol;
    (void)state;
    p = parse(ctx, "10 1\n0 0 0\n0 0 0\n3 0 5\n0 4 7\n3 4 10\n", SAHA_VRP_FORMAT_AUTO, 0);
    assert_int_equal(p->format, SAHA_VRP_FORMAT_OP);
    assert_int_equal(p->vrp.ncustomers, 3);
    SAHA_TEST_NEAR(solve_value(ctx, p, &sol), 10.0, 0);
    assert_int_equal(sol.route_start[1], 1);
    assert_int_equal(p->point_of[sol.order[0]], 4);
    saha__vrp_solution_free(ctx, &sol);
    saha__vrp_problem_free(ctx, p);
    /* Tmax 9.99: the far corner no longer fits; every pair needs 12; (0,4) alone is 8 */
    p = parse(ctx, "9.99 1\n0 0 0\n0 0 0\n3 0 5\n0 4 7\n3 4 10\n", SAHA_VRP_FORMAT_OP, 0);
    SAHA_TEST_NEAR(solve_value(ctx, p, &sol), 7.0, 0);
    saha__vrp_solution_free(ctx, &sol);
    saha__vrp_problem_free(ctx, p);
    p = parse(ctx, "14 1\n0 0 0\n0 0 0\n3 0 5\n0 4 7\n3 4 10\n", SAHA_VRP_FORMAT_OP, 0);
    SAHA_TEST_NEAR(solve_value(ctx, p, &sol), 22.0, 0);
    saha__vrp_solution_free(ctx, &sol);
    saha__vrp_problem_free(ctx, p);
    saha_ctx_free(ctx);
}

/* TOP with two paths of budget 10 from (0,0) to (0,0): each path can take one corner
 * worth 10 (length 10) or (0,4) (length 8): best 10 + 7 = 17. */
static void test_top_two_paths(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_vrp_problem *p;
    saha_vrp_solution sol;
    (void)state;
    p = parse(ctx, "n 5\nm 2\ntmax 10.0\n0\t0\t0\n3\t0\t5\n0\t4\t7\n3\t4\t10\n0\t0\t0\n",
              SAHA_VRP_FORMAT_AUTO, 0);
    assert_int_equal(p->format, SAHA_VRP_FORMAT_TOP);
    assert_int_equal(p->vrp.nvehicles, 2);
    SAHA_TEST_NEAR(solve_value(ctx, p, &sol), 17.0, 0);
    saha__vrp_solution_free(ctx, &sol);
    saha__vrp_problem_free(ctx, p);
    saha_ctx_free(ctx);
}

/* OPTW: depot (0,0) open 0..20. Customer 1 at (3,4) [service 2, window 0..5, score 4];
 * customer 2 at (6,8) [service 0, window 12..13, score 9]. Distances: 5, 5, 10.
 * 1 then 2: serve 1 at 5, leave 7, arrive 12 at 2, back at 22 > 20: no. 2 alone:
 * arrive 10, wait to 12, back at 22: no. 1 alone: back at 12: yes -> 4.
 * With the depot open to 22 both fit: 13. Truncation: (0,0)-(1,1) = 1.41 -> 1.4. */
static void test_optw(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_vrp_problem *p;
    saha_vrp_solution sol;
    (void)state;
    p = parse(ctx,
              "1 1 2 1\n0 200\n0 0 0 0 0 0 0 0 20\n1 3 4 2 4 0 1 1 0 5\n"
              "2 6 8 0 9 0 1 1 12 13\n",
              SAHA_VRP_FORMAT_AUTO, 1);
    assert_int_equal(p->format, SAHA_VRP_FORMAT_OPTW);
    assert_int_equal(p->tw_decimals, 1);
    SAHA_TEST_NEAR(solve_value(ctx, p, &sol), 4.0, 0);
    saha__vrp_solution_free(ctx, &sol);
    saha__vrp_problem_free(ctx, p);
    p = parse(ctx,
              "1 1 2 1\n0 200\n0 0 0 0 0 0 0 0 22\n1 3 4 2 4 0 1 1 0 5\n"
              "2 6 8 0 9 0 1 1 12 13\n",
              SAHA_VRP_FORMAT_OPTW, 1);
    SAHA_TEST_NEAR(solve_value(ctx, p, &sol), 13.0, 0);
    saha__vrp_solution_free(ctx, &sol);
    saha__vrp_problem_free(ctx, p);
    p = parse(ctx, "1 1 1 1\n0 200\n0 0 0 0 0 0 0 0 20\n1 1 1 0 1 0 1 1 0 5\n",
              SAHA_VRP_FORMAT_OPTW, 1);
    assert_int_equal(p->vrp.time[0 * 2 + 1], 140); /* 1.4 in hundredths */
    saha__vrp_problem_free(ctx, p);
    saha_ctx_free(ctx);
}

static void expect_error(const char *text, saha_vrp_format f, saha_status code,
                         size_t line, const char *needle)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_vrp_problem *p = (saha_vrp_problem *)1;
    saha_vrp_read_options o;
    memset(&o, 0, sizeof o);
    o.format = f;
    assert_int_equal(saha__vrp_read_buffer(ctx, text, strlen(text), "bad.txt", &o, &p),
                     code);
    assert_null(p);
    assert_string_equal(saha_ctx_last_error(ctx)->source, "bad.txt");
    assert_int_equal(saha_ctx_last_error(ctx)->line, line);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, needle);
    saha_ctx_free(ctx);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("NAME: x\nDIMENSION: 2\nEDGE_WEIGHT_TYPE: GEO\nNODE_COORD_SECTION\n",
                 SAHA_VRP_FORMAT_AUTO, SAHA_EPARSE, 3, "EUC_2D");
    expect_error("NAME: x\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 0\n",
                 SAHA_VRP_FORMAT_AUTO, SAHA_EPARSE, 3, "DIMENSION");
    expect_error("NAME: x\nDIMENSION: 3\nNODE_COORD_SECTION\n1 0 0\n2 1 zz\n3 0 1\n",
                 SAHA_VRP_FORMAT_AUTO, SAHA_EPARSE, 5, "y: not a number");
    expect_error("NAME: x\nDIMENSION: 3\nNODE_COORD_SECTION\n1 0 0\n1 1 1\n3 0 1\n",
                 SAHA_VRP_FORMAT_AUTO, SAHA_EPARSE, 5, "duplicate");
    expect_error("NAME: x\nDIMENSION: 3\nNODE_COORD_SECTION\n1 0 0\n2 1 1\nEOF\n",
                 SAHA_VRP_FORMAT_AUTO, SAHA_EPARSE, 6, "2 of 3");
    expect_error("NAME: x\nDIMENSION: 99999\nNODE_COORD_SECTION\n", SAHA_VRP_FORMAT_AUTO,
                 SAHA_ELIMIT, 2, "more than");
    expect_error("n 4\nm 2\ntmax 5\n0 0 0\n1 1 1\n0 0 0\n", SAHA_VRP_FORMAT_AUTO,
                 SAHA_EPARSE, 6, "n says 4 points");
    expect_error("n 3\nm 2\ntmax 5\n0 0 0\n1 1 -1\n0 0 0\n", SAHA_VRP_FORMAT_TOP,
                 SAHA_EPARSE, 5, "score out of range");
    expect_error("10 1\n0 0 0\n0 0 0\n1 2\n", SAHA_VRP_FORMAT_OP, SAHA_EPARSE, 4,
                 "score");
    expect_error("1 1 2 1\n0 200\n0 0 0 0 0 0 0 0 20\n1 3 4 2 4 0 1 1 0 5\n",
                 SAHA_VRP_FORMAT_OPTW, SAHA_EPARSE, 4, "want 3 vertex lines");
    expect_error("a b c d e\n", SAHA_VRP_FORMAT_AUTO, SAHA_EPARSE, 0,
                 "cannot tell the format");
    /* one token: the OPTW header split over lines (as in c204), but too short */
    expect_error("hello\n", SAHA_VRP_FORMAT_AUTO, SAHA_EPARSE, 1,
                 "header: want 6 numbers");
    expect_error("2\n4 x 1 0 700\n", SAHA_VRP_FORMAT_AUTO, SAHA_EPARSE, 2,
                 "N: not a number");
    expect_error("", SAHA_VRP_FORMAT_AUTO, SAHA_EPARSE, 0, "cannot tell the format");
}

/* Standard benchmark files parse (one or more of each set, tests/data/bench/). */
static void test_shared_files(void **state)
{
    static const char *const files[] = {"tsplib/pr1002.tsp",   "tsplib/d493.tsp",
                                        "top_chao/p7.4.t.txt", "op/set_66_1_050.txt",
                                        "toptw/pr11.txt",      "toptw/c101.txt",
                                        "toptw/c204.txt"};
    (void)state;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        saha_ctx *ctx = saha_test_ctx();
        saha_vrp_problem *p = NULL;
        char path[512];
        snprintf(path, sizeof path, "%s/bench/%s", SAHA_TEST_DATA, files[i]);
        SAHA_TEST_OK(ctx, saha__vrp_read_file(ctx, path, NULL, &p));
        assert_true(p->vrp.ncustomers > 40);
        saha__vrp_problem_free(ctx, p);
        saha_ctx_free(ctx);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tsplib_tiny),   cmocka_unit_test(test_op_budget_edge),
        cmocka_unit_test(test_top_two_paths), cmocka_unit_test(test_optw),
        cmocka_unit_test(test_errors),        cmocka_unit_test(test_shared_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
