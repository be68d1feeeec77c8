/* Unit tests for the room fill of quarter plans (src/plan_room.c,
 * saha_plan__fill_room): hand-made two-day instances where the visits it must insert
 * and the ones it must leave out can be told by hand. */
#include "saha_test.h"

#include "internal/core.h"
#include "internal/plan_cadence.h"
#include "internal/plan_model.h"

/* Customers 0..7, node 8 the rep's home; two days (vehicles), 600 s each. */
#define NC 8
#define NN (NC + 1)
#define NV 2
#define DAY_S 600
/* The model's time price: per_s = time_price x 100 cost units a second of driving
 * (plan_room.c). The arc costs below are the real cost (1 a second) plus that price. */
#define TIME_PRICE 0.02
#define PER_S 2

typedef struct room_case {
    int64_t time[NN * NN];
    saha_cost cost[NN * NN];
    saha_cost prize[NC];
    int64_t service[NC];
    uint8_t ntw[NV * NC];
    saha_vrp_tw tw[NV * NC * SAHA_VRP_MAX_TW];
    saha_vrp_vehicle veh[NV];
    struct saha_plan__cad *cad_dummy;
    saha_plan_model m;
} room_case;

/* Positions (time = rounded Euclidean distance, seconds):
 *   home (0,0); c0 (0,100) planned on day 0; c1 (100,0) planned on day 1;
 *   c2 (0,110), prize 40: on day 0 after c0 it adds 20 s, a real cost of 20 but a model
 *     cost of 60 (with the time price): inserted, on day 0;
 *   c3 (110,0), prize 15: at best 20 s more on day 1 (real cost 20): left out;
 *   c4 (0,90), prize 1e6, a 1000 s visit: longer than a day: left out (no room);
 *   c5 (0,-100), prize 1e6, no window on either day (its open day is the rep's day
 *     off): left out;
 *   c6 (90,10), prize 1000, closed on day 0: about 5 s more on day 1: inserted there;
 *   c7 (100,-10), prize 500, a 200 s visit, closed on day 0: fits day 1 alone (510 s)
 *     but not with c6 (about 615 s > 600): c6's gain is larger, so c7 is left out. */
static void make_case(room_case *t, saha_ctx *ctx)
{
    static const double xy[NN][2] = {{0, 100},  {100, 0}, {0, 110},   {110, 0}, {0, 90},
                                     {0, -100}, {90, 10}, {100, -10}, {0, 0}};
    static const saha_cost prize[NC] = {100, 100, 40, 15, 1000000, 1000000, 1000, 500};
    static const int64_t service[NC] = {100, 100, 100, 100, 1000, 100, 100, 200};
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < NN; i++)
        for (size_t j = 0; j < NN; j++) {
            double dx = xy[i][0] - xy[j][0], dy = xy[i][1] - xy[j][1];
            int64_t s = (int64_t)llround(sqrt(dx * dx + dy * dy));
            t->time[i * NN + j] = s;
            t->cost[i * NN + j] = s + PER_S * s;
        }
    memcpy(t->prize, prize, sizeof prize);
    memcpy(t->service, service, sizeof service);
    for (size_t v = 0; v < NV; v++) {
        saha_vrp_vehicle h = {
            NC, NC, 0, DAY_S, SAHA_VRP_NO_LIMIT, SAHA_VRP_NO_LIMIT, SAHA_VRP_NO_LIMIT,
            0,  0,  0, 0};
        t->veh[v] = h;
        for (size_t c = 0; c < NC; c++) {
            int closed =
                c == 5 || (v == 0 && (c == 1 || c == 6 || c == 7)) || (v == 1 && c == 0);
            t->ntw[v * NC + c] = closed ? 0 : 1;
            t->tw[(v * NC + c) * SAHA_VRP_MAX_TW].open = 0;
            t->tw[(v * NC + c) * SAHA_VRP_MAX_TW].close = DAY_S;
        }
    }
    t->m.ctx = ctx;
    t->m.vrp.ncustomers = NC;
    t->m.vrp.nnodes = NN;
    t->m.vrp.nvehicles = NV;
    t->m.vrp.time = t->time;
    t->m.vrp.cost = t->cost;
    t->m.vrp.prize = t->prize;
    t->m.vrp.service = t->service;
    t->m.vrp.ntw = t->ntw;
    t->m.vrp.tw = t->tw;
    t->m.vrp.vehicles = t->veh;
    t->m.vrp.symmetric = 1;
    /* any non-NULL cadence marks a quarter plan; the fill does not read it */
    t->m.cad = (struct saha_plan__cad *)&t->cad_dummy;
    t->m.time_price = TIME_PRICE;
}

/* The planned days: c0 on day 0, c1 on day 1. */
static saha_status make_sol(saha_ctx *ctx, saha_vrp_solution *sol)
{
    memset(sol, 0, sizeof *sol);
    sol->nvehicles = NV;
    sol->route_start = saha__alloc_array(ctx, NV + 1, sizeof *sol->route_start);
    sol->order = saha__alloc_array(ctx, 2, sizeof *sol->order);
    if (!sol->route_start || !sol->order)
        return SAHA_ENOMEM;
    sol->route_start[0] = 0;
    sol->route_start[1] = 1;
    sol->route_start[2] = 2;
    sol->order[0] = 0;
    sol->order[1] = 1;
    return SAHA_OK;
}

static void free_sol(saha_ctx *ctx, saha_vrp_solution *sol)
{
    saha__free(ctx, sol->route_start);
    saha__free(ctx, sol->order);
}

/* v's route has c (SIZE_MAX: c on no day) */
static size_t day_of(const saha_vrp_solution *sol, size_t c)
{
    for (size_t v = 0; v < NV; v++)
        for (size_t k = sol->route_start[v]; k < sol->route_start[v + 1]; k++)
            if (sol->order[k] == c)
                return v;
    return SIZE_MAX;
}

static void test_room_hand(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    room_case *t = malloc(sizeof *t);
    saha_vrp_solution sol;
    (void)state;
    assert_non_null(ctx);
    assert_non_null(t);
    make_case(t, ctx);
    SAHA_TEST_OK(ctx, make_sol(ctx, &sol));
    SAHA_TEST_OK(ctx, saha_plan__fill_room(&t->m, &sol));

    /* the planned visits stay on their days */
    SAHA_TEST_EQ(day_of(&sol, 0), 0);
    SAHA_TEST_EQ(day_of(&sol, 1), 1);
    /* value above the real cost (below the priced one): in, on the cheap day */
    SAHA_TEST_EQ(day_of(&sol, 2), 0);
    SAHA_TEST_EQ(day_of(&sol, 6), 1);
    /* value below the real cost; no day long enough; no open day; no room left */
    SAHA_TEST_EQ(day_of(&sol, 3), SIZE_MAX);
    SAHA_TEST_EQ(day_of(&sol, 4), SIZE_MAX);
    SAHA_TEST_EQ(day_of(&sol, 5), SIZE_MAX);
    SAHA_TEST_EQ(day_of(&sol, 7), SIZE_MAX);
    SAHA_TEST_EQ(sol.route_start[NV], 4);

    /* every day within its hours, and the solution says so */
    for (size_t v = 0; v < NV; v++) {
        saha_vrp_sched sc;
        size_t len = sol.route_start[v + 1] - sol.route_start[v];
        assert_int_equal(saha__vrp_schedule(&t->m.vrp, v, sol.order + sol.route_start[v],
                                            len, NULL, NULL, &sc),
                         1);
        assert_true(sc.arrive_end <= DAY_S);
    }
    assert_true(sol.feasible);

    /* c7 fits day 1 once c6 is not offered: the room, not c7, kept it out */
    free_sol(ctx, &sol);
    t->prize[6] = 0;
    SAHA_TEST_OK(ctx, make_sol(ctx, &sol));
    SAHA_TEST_OK(ctx, saha_plan__fill_room(&t->m, &sol));
    SAHA_TEST_EQ(day_of(&sol, 6), SIZE_MAX);
    SAHA_TEST_EQ(day_of(&sol, 7), 1);
    SAHA_TEST_EQ(day_of(&sol, 2), 0);

    /* without a time price (the work fits) the step does nothing */
    free_sol(ctx, &sol);
    t->m.time_price = 0;
    SAHA_TEST_OK(ctx, make_sol(ctx, &sol));
    SAHA_TEST_OK(ctx, saha_plan__fill_room(&t->m, &sol));
    SAHA_TEST_EQ(sol.route_start[NV], 2);
    free_sol(ctx, &sol);
    free(t);
    saha_ctx_free(ctx);
}

/* Failure injection (CONTRIBUTING.md §10): every allocation of the step fails in turn,
 * each returns SAHA_ENOMEM, keeps the planned days and leaks nothing. */
static void test_room_nomem(void **state)
{
    int ok = 0;
    (void)state;
    for (size_t n = 0; n < 16 && !ok; n++) {
        saha_test_alloc a = {SIZE_MAX, 0, 0};
        saha_allocator al;
        saha_ctx *ctx = saha_test_ctx_failing(&a, &al);
        room_case *t = malloc(sizeof *t);
        saha_vrp_solution sol;
        saha_status rc;
        assert_non_null(ctx);
        assert_non_null(t);
        make_case(t, ctx);
        SAHA_TEST_OK(ctx, make_sol(ctx, &sol));
        a.fail_at = a.count + n;
        rc = saha_plan__fill_room(&t->m, &sol);
        a.fail_at = SIZE_MAX;
        if (rc == SAHA_OK) {
            ok = 1;
            SAHA_TEST_EQ(sol.route_start[NV], 4);
        } else {
            SAHA_TEST_EQ(rc, SAHA_ENOMEM);
            SAHA_TEST_EQ(sol.route_start[NV], 2);
            SAHA_TEST_EQ(day_of(&sol, 0), 0);
            SAHA_TEST_EQ(day_of(&sol, 1), 1);
        }
        free_sol(ctx, &sol);
        free(t);
        saha_ctx_free(ctx);
        SAHA_TEST_EQ(a.live, 0);
    }
    assert_true(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_room_hand),
        cmocka_unit_test(test_room_nomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
