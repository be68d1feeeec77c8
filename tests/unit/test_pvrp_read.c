/* Tests for the PVRP reader (Cordeau's periodic VRP format, read_pvrp in
 * src/vrp/vrp_read.c): a hand-made instance whose every field is checked (day-bit
 * order of the combination codes, D = 0 as no limit, the 1e4 integer scale of
 * distances, the depot as the last node), the vehicles override, detection, errors
 * naming line and field, a benchmark file, and failure injection (every allocation
 * failing in turn gives SAHA_ENOMEM and leaks nothing). */
#include "saha_test.h"

#include "internal/core.h"
#include "internal/vrp.h"
#include "vrp/vrp_engine.h"
#include "vrp/vrp_read.h"

/* type 1, 2 vehicles, 3 customers, 2 days; day 1 unlimited duration, capacity 10;
 * day 2 duration 50, capacity 20. Codes are 2-bit strings from the left: 1 = "01" =
 * day 2, 2 = "10" = day 1, 3 = both. */
static const char tiny[] = "1 2 3 2\n"
                           "0 10\n"
                           "50 20\n"
                           " 0  0 0 0 0 0 0\n"
                           " 1  3 4 1 5 1 2 1 2\n"
                           " 2  0 5 2 7 2 1 3\n"
                           " 3 -6 8 0 3 1 1 2\n";

static saha_status parse(saha_ctx *ctx, const char *text, saha_vrp_format f,
                         size_t vehicles, saha_vrp_problem **p)
{
    saha_vrp_read_options o;
    memset(&o, 0, sizeof o);
    o.format = f;
    o.vehicles = vehicles;
    return saha__vrp_read_buffer(ctx, text, strlen(text), "tiny.txt", &o, p);
}

static void test_tiny(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_vrp_problem *p = NULL;
    const saha_vrp_pvrp *v;
    size_t nn = 4;
    (void)state;
    SAHA_TEST_OK(ctx, parse(ctx, tiny, SAHA_VRP_FORMAT_AUTO, 0, &p));
    assert_int_equal(p->format, SAHA_VRP_FORMAT_PVRP);
    v = p->pvrp;
    assert_non_null(v);
    assert_int_equal(v->ncustomers, 3);
    assert_int_equal(v->ndays, 2);
    assert_int_equal(v->nvehicles, 2);
    assert_int_equal(p->vrp.ncustomers, 3);
    assert_int_equal(p->vrp.nnodes, 4);
    assert_int_equal(p->vrp.nvehicles, 4); /* days x vehicles a day */
    assert_true(v->max_duration[0] == SAHA_VRP_NO_LIMIT);
    assert_true(v->max_duration[1] == 500000);
    assert_true(v->capacity[0] == 10 && v->capacity[1] == 20);
    assert_true(v->service[0] == 10000 && v->service[1] == 20000 && v->service[2] == 0);
    assert_true(v->demand[0] == 5 && v->demand[1] == 7 && v->demand[2] == 3);
    /* combinations: customer 1 has codes 1 (day 2) and 2 (day 1) */
    assert_int_equal(v->comb_start[0], 0);
    assert_int_equal(v->comb_start[1], 2);
    assert_int_equal(v->comb_start[2], 3);
    assert_int_equal(v->comb_start[3], 4);
    assert_int_equal(v->comb[0], 2u); /* bit d - 1 for day d */
    assert_int_equal(v->comb[1], 1u);
    assert_int_equal(v->comb[2], 3u);
    assert_int_equal(v->comb[3], 1u);
    /* nodes: customers 0..2 are file points 1..3, the depot (point 0) is node 3 */
    assert_int_equal(p->point_of[0], 1);
    assert_int_equal(p->point_of[3], 0);
    assert_true(v->cost[3 * nn + 0] == 50000); /* (0,0)-(3,4): 5 */
    assert_true(v->cost[0 * nn + 2] == 98489); /* (3,4)-(-6,8): 9.84886 */
    assert_true(v->time[0 * nn + 2] == 98489); /* ceil of 98488.58 */
    assert_true(v->cost[2 * nn + 0] == v->cost[0 * nn + 2]);
    for (size_t i = 0; i < nn; i++)
        assert_true(v->cost[i * nn + i] == 0 && v->time[i * nn + i] == 0);
    saha__vrp_problem_free(ctx, p);
    /* --vehicles overrides m */
    SAHA_TEST_OK(ctx, parse(ctx, tiny, SAHA_VRP_FORMAT_PVRP, 5, &p));
    assert_int_equal(p->pvrp->nvehicles, 5);
    assert_int_equal(p->vrp.nvehicles, 10);
    saha__vrp_problem_free(ctx, p);
    saha_ctx_free(ctx);
}

static void expect_error(const char *text, size_t line, const char *needle)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_vrp_problem *p = (saha_vrp_problem *)1;
    assert_int_equal(parse(ctx, text, SAHA_VRP_FORMAT_PVRP, 0, &p), SAHA_EPARSE);
    assert_null(p);
    assert_string_equal(saha_ctx_last_error(ctx)->source, "tiny.txt");
    if (saha_ctx_last_error(ctx)->line != line ||
        !strstr(saha_ctx_last_error(ctx)->message, needle)) {
        print_error("line %zu '%s', want line %zu with '%s'\n",
                    (size_t)saha_ctx_last_error(ctx)->line,
                    saha_ctx_last_error(ctx)->message, line, needle);
        fail();
    }
    saha_ctx_free(ctx);
}

static void test_errors(void **state)
{
    static const char *const v3 = " 0 0 0 0 0 0 0\n 1 3 4 1 5 1 1 2\n";
    char buf[256];
    (void)state;
    expect_error("2 2 1 2\n0 10\n0 10\n", 1, "type: want 1");
    expect_error("1 2 1\n", 1, "header: want 4 numbers");
    expect_error("1 2 1 31\n", 1, "t (days)");
    expect_error("1 2 0 2\n", 1, "n (customers)");
    expect_error("1 2 1 2\n0 10\n", 2, "want 2 day lines");
    expect_error("1 2 1 2\n0 10\n0\n", 3, "day 2: want 2 numbers");
    expect_error("1 2 1 2\n0 10\n0 -1\n", 3, "Q (capacity)");
    snprintf(buf, sizeof buf, "1 2 1 2\n0 10\n0 10\n%s", " 0 0 0 0 0 0 0\n");
    expect_error(buf, 4, "want 2 vertex lines, got 1");
    expect_error("1 2 1 2\n0 10\n0 10\n 0 0 0 0 0 0 1 3\n 1 3 4 1 5 1 1 2\n", 4,
                 "the depot (line 0) has no combinations");
    expect_error("1 2 1 2\n0 10\n0 10\n 0 0 0 0 0 0 0\n 1 3 4 1 5 1 0\n", 5,
                 "has no allowed combination");
    expect_error("1 2 1 2\n0 10\n0 10\n 0 0 0 0 0 0 0\n 1 3 4 1 5 1 1 4\n", 5,
                 "combination");
    expect_error("1 2 1 2\n0 10\n0 10\n 0 0 0 0 0 0 0\n 1 3 4 1 50 1 1 2\n", 5,
                 "above every day's capacity");
    expect_error(
        "1 2 2 2\n0 10\n0 10\n 0 0 0 0 0 0 0\n 2 3 4 1 5 1 1 2\n 1 3 4 1 5 1 1 2\n", 5,
        "numbered 0..n in order");
    expect_error("1 2 1 2\n0 10\n0 10\n 0 0 0 0 0 0 0\n 1 3 4 1 5 1 2 2\n", 5,
                 "says 2 combinations, the line has 1");
    expect_error("1 2 1 2\n0 10\n0 10\n 0 0 0 0 0 0 0\n 1 3 x 1 5 1 1 2\n", 5, "y");
    snprintf(buf, sizeof buf, "1 2 1 2\n0 10\n0 10\n%s 2 1 1 0 1 1 1 1\n", v3);
    expect_error(buf, 6, "more vertex lines than n + 1");
}

/* A header claiming the most customers with no lines behind it fails on the missing
 * lines, not on allocating the distance matrices (which come last). */
static void test_big_header(void **state)
{
    saha_test_alloc a = {SIZE_MAX, 0, 0};
    saha_allocator al;
    saha_ctx *ctx = saha_test_ctx_failing(&a, &al);
    saha_vrp_problem *p = NULL;
    (void)state;
    assert_int_equal(parse(ctx, "1 2 4999 2\n0 10\n0 10\n 0 0 0 0 0 0 0\n",
                           SAHA_VRP_FORMAT_PVRP, 0, &p),
                     SAHA_EPARSE);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "want 5000 vertex lines");
    saha_ctx_free(ctx);
    assert_int_equal(a.live, 0);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    for (size_t n = 0;; n++) {
        saha_test_alloc a = {n, 0, 0};
        saha_allocator al;
        saha_ctx *ctx = saha_test_ctx_failing(&a, &al);
        saha_vrp_problem *p = NULL;
        saha_status rc;
        if (!ctx) /* the context's own allocation failed */
            continue;
        rc = parse(ctx, tiny, SAHA_VRP_FORMAT_AUTO, 0, &p);
        if (rc == SAHA_OK) {
            saha__vrp_problem_free(ctx, p);
            saha_ctx_free(ctx);
            assert_int_equal(a.live, 0);
            assert_true(n > 5); /* the reader allocates; failures were injected */
            break;
        }
        assert_int_equal(rc, SAHA_ENOMEM);
        assert_null(p);
        saha_ctx_free(ctx);
        assert_int_equal(a.live, 0);
    }
}

/* Cordeau's p01 (tests/data/bench/pvrp): 51 customers over 2 days, 3 vehicles; every
 * customer has a combination on a day of the horizon. */
static void test_p01(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_vrp_problem *p = NULL;
    char path[512];
    (void)state;
    snprintf(path, sizeof path, "%s/bench/pvrp/p01", SAHA_TEST_DATA);
    SAHA_TEST_OK(ctx, saha__vrp_read_file(ctx, path, NULL, &p));
    assert_int_equal(p->format, SAHA_VRP_FORMAT_PVRP);
    assert_int_equal(p->pvrp->ncustomers, 51);
    assert_int_equal(p->pvrp->ndays, 2);
    assert_int_equal(p->pvrp->nvehicles, 3);
    for (size_t c = 0; c < 51; c++) {
        assert_true(p->pvrp->comb_start[c + 1] > p->pvrp->comb_start[c]);
        for (size_t k = p->pvrp->comb_start[c]; k < p->pvrp->comb_start[c + 1]; k++)
            assert_true(p->pvrp->comb[k] >= 1 && p->pvrp->comb[k] <= 3);
    }
    saha__vrp_problem_free(ctx, p);
    saha_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiny),       cmocka_unit_test(test_errors),
        cmocka_unit_test(test_big_header), cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_p01),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
