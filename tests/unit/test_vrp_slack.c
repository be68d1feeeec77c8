/* Tests for the engine's split time checks (forward states and latest arrivals kept per
 * route, vrp_route.c time_ok and vrp_schedule.c fwd_* / bwd_*): on random instances with
 * several windows a day, a lunch break, a finite end and different start and end nodes,
 * every candidate route of every move shape must get the same verdict as the full
 * recursion (saha__vrp_time_feasible on the flattened sequence), also after a long run
 * of applied moves has rewritten the stored values many times. Also the balance term:
 * the cost a move is priced at (saha__vrp_piece_cost, saha__vrp_eval) is the cost the
 * applied route then has, and the reference schedule's cost, recomputed here. */
#include "saha_test.h"

#include "internal/core.h"
#include "internal/vrp.h"
#include "vrp/vrp_engine.h"

#define NC 40
#define NN (NC + 3)
#define NV 3

typedef struct sinst {
    saha_vrp vrp;
    int64_t time[NN * NN];
    saha_cost cost[NN * NN], prize[NC];
    int64_t service[NC];
    uint8_t ntw[NV * NC];
    saha_vrp_tw tw[NV * NC * SAHA_VRP_MAX_TW];
    saha_vrp_vehicle veh[NV];
} sinst;

static int64_t rnd(saha__rng *r, int64_t lo, int64_t hi) /* inclusive */
{
    return lo + (int64_t)saha__rng_below(r, (uint64_t)(hi - lo + 1));
}

/* A working day of 0..600 minutes; windows of 40-200 minutes, 0-3 a day (0 = may not
 * visit that day); a 30-60 minute break starting in [180, 300] on break days; asymmetric
 * travel times that may break the triangle inequality. */
static void make(sinst *t, uint64_t seed, int with_break)
{
    saha__rng s;
    int64_t x[NN], y[NN];
    memset(t, 0, sizeof *t);
    saha__rng_seed(&s, seed * 0x9E3779B97F4A7C15ULL + 3);
    for (size_t i = 0; i < NN; i++) {
        x[i] = rnd(&s, 0, 60);
        y[i] = rnd(&s, 0, 60);
    }
    for (size_t i = 0; i < NN; i++)
        for (size_t j = 0; j < NN; j++) {
            int64_t d = (x[i] > x[j] ? x[i] - x[j] : x[j] - x[i]) +
                        (y[i] > y[j] ? y[i] - y[j] : y[j] - y[i]);
            t->time[i * NN + j] = d + (i != j ? rnd(&s, 0, 6) : 0);
            t->cost[i * NN + j] = d;
        }
    for (size_t c = 0; c < NC; c++) {
        t->prize[c] = rnd(&s, 50, 200);
        t->service[c] = rnd(&s, 5, 30);
    }
    for (size_t v = 0; v < NV; v++) {
        saha_vrp_vehicle *h = &t->veh[v];
        h->start_node = NC + v % 2;
        h->end_node = NC + 2 - v % 2;
        h->earliest_start = rnd(&s, 0, 30);
        h->latest_end = rnd(&s, 480, 600);
        h->max_travel_time = SAHA_VRP_NO_LIMIT;
        h->max_distance = SAHA_VRP_NO_LIMIT;
        h->max_visits = SAHA_VRP_NO_LIMIT;
        if (with_break && v != 1) {
            h->break_duration = rnd(&s, 30, 60);
            h->break_earliest = rnd(&s, 180, 240);
            h->break_latest = h->break_earliest + rnd(&s, 0, 60);
        }
        for (size_t c = 0; c < NC; c++) {
            size_t k = v * NC + c, n = (size_t)rnd(&s, 0, 3);
            int64_t at = 0;
            if (n == 0 && rnd(&s, 0, 2) != 0)
                n = 1; /* mostly visitable */
            t->ntw[k] = (uint8_t)n;
            for (size_t w = 0; w < n; w++) {
                at += rnd(&s, 0, 150);
                t->tw[k * SAHA_VRP_MAX_TW + w].open = at;
                at += rnd(&s, 40, 200);
                t->tw[k * SAHA_VRP_MAX_TW + w].close = at;
            }
        }
    }
    t->vrp.ncustomers = NC;
    t->vrp.nnodes = NN;
    t->vrp.nvehicles = NV;
    t->vrp.time = t->time;
    t->vrp.cost = t->cost;
    t->vrp.prize = t->prize;
    t->vrp.service = t->service;
    t->vrp.ntw = t->ntw;
    t->vrp.tw = t->tw;
    t->vrp.vehicles = t->veh;
}

/* The reference verdict: every customer allowed and the full recursion feasible. */
static int reference(const vrp_sol *s, size_t v, const vrp_piece *p, size_t np,
                     size_t *buf)
{
    const saha_vrp *inst = s->sh->inst;
    size_t len = 0;
    for (size_t k = 0; k < np; k++) {
        if (p[k].r == VRP_NONE) {
            buf[len++] = p[k].node;
            continue;
        }
        for (size_t i = p[k].a; i < p[k].b; i++)
            buf[len++] = s->r[p[k].r].seq[p[k].rev ? p[k].b - 1 - (i - p[k].a) : i];
    }
    for (size_t i = 0; i < len; i++)
        if (inst->ntw[v * NC + buf[i]] == 0)
            return 0;
    return saha__vrp_time_feasible(inst, v, buf, len);
}

static size_t pick(saha__rng *g, size_t n) /* 0 .. n-1; n > 0 */
{
    return (size_t)saha__rng_below(g, n);
}

/* A random candidate for route v (and maybe a second route v2) in one of the shapes the
 * local search and the ruin step build; returns the number of pieces. */
static size_t random_move(const vrp_sol *s, saha__rng *g, size_t v, size_t v2,
                          size_t *unv, size_t nunv, vrp_piece *p)
{
    size_t L = s->r[v].len, L2 = s->r[v2].len;
    switch (pick(g, 7)) {
    case 0: { /* insert an unvisited customer at i */
        size_t i = pick(g, L + 1);
        if (nunv == 0)
            break;
        p[0] = (vrp_piece){v, 0, i, 0, 0};
        p[1] = (vrp_piece){VRP_NONE, 0, 0, 0, unv[pick(g, nunv)]};
        p[2] = (vrp_piece){v, i, L, 0, 0};
        return 3;
    }
    case 1: { /* remove [a, b) */
        size_t a, b;
        if (L == 0)
            break;
        a = pick(g, L);
        b = a + 1 + pick(g, L - a < 3 ? L - a : 3);
        p[0] = (vrp_piece){v, 0, a, 0, 0};
        p[1] = (vrp_piece){v, b, L, 0, 0};
        return 2;
    }
    case 2: { /* Or-opt: move [a, b) after position c >= b, maybe reversed */
        size_t a, b, c;
        if (L < 2)
            break;
        a = pick(g, L - 1);
        b = a + 1 + pick(g, L - 1 - a < 3 ? L - 1 - a : 3);
        c = b + pick(g, L - b + 1);
        p[0] = (vrp_piece){v, 0, a, 0, 0};
        p[1] = (vrp_piece){v, b, c, 0, 0};
        p[2] = (vrp_piece){v, a, b, (int)pick(g, 2), 0};
        p[3] = (vrp_piece){v, c, L, 0, 0};
        return 4;
    }
    case 3: { /* 2-opt */
        size_t i, j;
        if (L < 2)
            break;
        i = pick(g, L);
        j = i + 1 + pick(g, L - i);
        p[0] = (vrp_piece){v, 0, i, 0, 0};
        p[1] = (vrp_piece){v, i, j, 1, 0};
        p[2] = (vrp_piece){v, j, L, 0, 0};
        return 3;
    }
    case 4: { /* 2-opt*: head of v, tail of v2 */
        size_t i = pick(g, L + 1), j = pick(g, L2 + 1);
        p[0] = (vrp_piece){v, 0, i, 0, 0};
        p[1] = (vrp_piece){v2, j, L2, 0, 0};
        return 2;
    }
    case 5: { /* segment of v2 into v, possibly replacing a segment of v (cross) */
        size_t i, k, a, b;
        if (L2 == 0)
            break;
        i = pick(g, L + 1);
        k = i + pick(g, L - i + 1 < 3 ? L - i + 1 : 3);
        a = pick(g, L2);
        b = a + 1 + pick(g, L2 - a < 3 ? L2 - a : 3);
        p[0] = (vrp_piece){v, 0, i, 0, 0};
        p[1] = (vrp_piece){v2, a, b, (int)pick(g, 2), 0};
        p[2] = (vrp_piece){v, k, L, 0, 0};
        return 3;
    }
    default: { /* swap position i with an unvisited customer */
        size_t i;
        if (L == 0 || nunv == 0)
            break;
        i = pick(g, L);
        p[0] = (vrp_piece){v, 0, i, 0, 0};
        p[1] = (vrp_piece){VRP_NONE, 0, 0, 0, unv[pick(g, nunv)]};
        p[2] = (vrp_piece){v, i + 1, L, 0, 0};
        return 3;
    }
    }
    /* fallback: the route as it is, split in two */
    p[0] = (vrp_piece){v, 0, L / 2, 0, 0};
    p[1] = (vrp_piece){v, L / 2, L, 0, 0};
    return 2;
}

/* Search state for t, with feasible starting routes: cheapest feasible insertion of
 * every customer in index order. */
static void open_sol(saha_ctx *ctx, const sinst *t, vrp_shared *sh, vrp_sol *s,
                     vrp_work *w)
{
    SAHA_TEST_OK(ctx, saha__vrp_shared_init(ctx, sh, &t->vrp));
    SAHA_TEST_OK(ctx, saha__vrp_sol_init(ctx, s, sh));
    SAHA_TEST_OK(ctx, saha__vrp_work_init(ctx, w, sh));
    for (size_t c = 0; c < NC; c++) {
        size_t v, pos;
        saha_cost dc;
        if (saha__vrp_best_insert(s, c, 0, VRP_INF, w->buf, &v, &pos, &dc, NULL))
            saha__vrp_insert_at(s, c, v, pos, w->buf);
    }
}

static void close_sol(saha_ctx *ctx, vrp_shared *sh, vrp_sol *s, vrp_work *w)
{
    saha__vrp_work_free(ctx, w);
    saha__vrp_sol_free(ctx, s);
    saha__vrp_shared_free(ctx, sh);
    saha_ctx_free(ctx);
}

static void run_case(uint64_t seed, int with_break, size_t *n_ok, size_t *n_bad)
{
    saha_ctx *ctx = saha_test_ctx();
    sinst t;
    vrp_shared sh;
    vrp_sol s;
    vrp_work w;
    size_t ref[NC + 8], unv[NC];
    saha__rng g;
    saha__rng_seed(&g, seed + 99);
    make(&t, seed, with_break);
    t.vrp.empty_drives = (int)(seed % 2); /* empty days between different ends drive */
    open_sol(ctx, &t, &sh, &s, &w);
    for (size_t v = 0; v < NV; v++)
        assert_true(sh.timed[v]);
    assert_true(s.nvisited >= 10);
    for (size_t it = 0; it < 3000; it++) {
        vrp_piece p[4];
        vrp_eval e;
        size_t v = pick(&g, NV), v2 = (v + 1 + pick(&g, NV - 1)) % NV, nunv = 0, np;
        int fast, slow;
        for (size_t c = 0; c < NC; c++)
            if (s.route_of[c] == VRP_NONE)
                unv[nunv++] = c;
        np = random_move(&s, &g, v, v2, unv, nunv, p);
        fast = saha__vrp_eval(&s, v, p, np, w.buf, &e);
        slow = reference(&s, v, p, np, ref);
        if (fast != slow)
            fail_msg("seed %llu it %zu: split check %d, full recursion %d",
                     (unsigned long long)seed, it, fast, slow);
        if (fast) {
            (*n_ok)++;
            /* Apply one-route candidates now and then (those drawing on v2 would need
             * v2 rewritten too) so the stored values are rebuilt many times. */
            int single = 1;
            for (size_t k = 0; k < np; k++)
                single &= p[k].r == VRP_NONE || p[k].r == v;
            if (single && pick(&g, 2) == 0)
                saha__vrp_apply(&s, v, p, np, w.buf);
        } else {
            (*n_bad)++;
        }
    }
    /* Whatever was applied is still feasible from scratch. */
    for (size_t v = 0; v < NV; v++)
        assert_true(saha__vrp_time_feasible(&t.vrp, v, s.r[v].seq, s.r[v].len));
    close_sol(ctx, &sh, &s, &w);
}

static void test_split_check_matches_recursion(void **state)
{
    size_t ok = 0, bad = 0;
    (void)state;
    for (uint64_t seed = 1; seed <= 12; seed++)
        run_case(seed, (int)(seed % 3 != 0), &ok, &bad);
    /* Both verdicts are exercised substantially, or the comparison proves little. */
    print_message("split checks: %zu feasible, %zu infeasible candidates\n", ok, bad);
    assert_true(ok > 3000);
    assert_true(bad > 3000);
}

/* The latest arrival of a stop is exact: arriving then is feasible, one unit later not
 * (checked against the full recursion by shifting the vehicle's start). */
static void test_latest_arrival_is_tight(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    sinst t;
    vrp_shared sh;
    vrp_sol s;
    vrp_work w;
    size_t tight = 0;
    (void)state;
    make(&t, 7, 1);
    open_sol(ctx, &t, &sh, &s, &w);
    for (size_t v = 0; v < NV; v++) {
        const vrp_route *r = &s.r[v];
        saha_vrp_vehicle save = t.veh[v];
        if (r->len == 0)
            continue;
        /* A vehicle that leaves straight for its first stop at time T arrives at
         * T + time: with the break already excluded (T state needs no break: use a
         * break-free copy of the vehicle and compare with lT[0] only when no break). */
        if (save.break_duration > 0)
            continue;
        int64_t L = r->lN[0];
        int64_t tt = t.time[save.start_node * NN + r->seq[0]];
        assert_true(L > VRP_NEG);
        t.veh[v].earliest_start = L - tt;
        assert_true(saha__vrp_time_feasible(&t.vrp, v, r->seq, r->len));
        t.veh[v].earliest_start = L - tt + 1;
        assert_false(saha__vrp_time_feasible(&t.vrp, v, r->seq, r->len));
        t.veh[v] = save;
        tight++;
    }
    assert_true(tight >= 1);
    close_sol(ctx, &sh, &s, &w);
}

/* Route cost recomputed here from the sequence: arcs + llround(balance * work^2). */
static saha_cost own_cost(const saha_vrp *in, size_t v, const size_t *seq, size_t len)
{
    size_t prev = in->vehicles[v].start_node;
    int64_t work = 0;
    saha_cost c = 0;
    double w;
    if (len == 0)
        return 0;
    for (size_t i = 0; i <= len; i++) {
        size_t x = i < len ? seq[i] : in->vehicles[v].end_node;
        c += in->cost[prev * NN + x];
        work += in->time[prev * NN + x] + (i < len ? in->service[x] : 0);
        prev = x;
    }
    w = (double)work;
    return c + (saha_cost)llround(in->balance * w * w);
}

static void test_balance_costs_consistent(void **state)
{
    size_t applied = 0;
    (void)state;
    for (uint64_t seed = 1; seed <= 6; seed++) {
        saha_ctx *ctx = saha_test_ctx();
        sinst t;
        vrp_shared sh;
        vrp_sol s;
        vrp_work w;
        size_t unv[NC];
        saha__rng g;
        saha__rng_seed(&g, seed * 7 + 1);
        make(&t, seed, (int)(seed % 2));
        t.vrp.balance = 0.001 * (double)seed; /* 0.001 .. 0.006 per minute^2 */
        open_sol(ctx, &t, &sh, &s, &w);
        for (size_t it = 0; it < 1500; it++) {
            vrp_piece p[4];
            vrp_eval e;
            size_t v = pick(&g, NV), v2 = (v + 1 + pick(&g, NV - 1)) % NV, nunv = 0, np;
            saha_cost pc;
            int single = 1;
            for (size_t c = 0; c < NC; c++)
                if (s.route_of[c] == VRP_NONE)
                    unv[nunv++] = c;
            np = random_move(&s, &g, v, v2, unv, nunv, p);
            for (size_t k = 0; k < np; k++)
                single &= p[k].r == VRP_NONE || p[k].r == v;
            pc = saha__vrp_piece_cost(&s, v, p, np);
            if (!saha__vrp_eval(&s, v, p, np, w.buf, &e))
                continue;
            SAHA_TEST_EQ(e.cost, pc);
            if (!single)
                continue;
            saha__vrp_apply(&s, v, p, np, w.buf);
            applied++;
            SAHA_TEST_EQ(s.r[v].cost, pc);
            SAHA_TEST_EQ(pc, own_cost(&t.vrp, v, s.r[v].seq, s.r[v].len));
            {
                saha_vrp_sched sc;
                assert_true(saha__vrp_schedule(&t.vrp, v, s.r[v].seq, s.r[v].len, NULL,
                                               NULL, &sc));
                SAHA_TEST_EQ(sc.cost, pc);
            }
        }
        {
            saha_cost obj = s.obj;
            saha__vrp_sol_recount(&s);
            SAHA_TEST_EQ(s.obj, obj);
        }
        close_sol(ctx, &sh, &s, &w);
    }
    assert_true(applied > 1000);
}

/* empty_drives: an empty route between different start and end nodes is the direct
 * drive (its cost counts, and it must fit the day); without it, not driven. Nodes: one
 * customer 0, home 1, hotel 2; day 0 home -> hotel, day 1 hotel -> home. */
static void test_empty_route_drives(void **state)
{
    int64_t tm[9] = {0, 50, 10, 50, 0, 300, 10, 300, 0};
    saha_cost cost[9] = {0, 5, 1, 5, 0, 30, 1, 30, 0};
    saha_cost prize[1] = {100};
    saha_vrp_vehicle veh[2];
    saha_vrp in;
    size_t rs[3] = {0, 0, 0}, order[1] = {0};
    saha_vrp_solution sol;
    saha_cost obj;
    (void)state;
    memset(veh, 0, sizeof veh);
    for (size_t v = 0; v < 2; v++) {
        veh[v].start_node = v == 0 ? 1 : 2;
        veh[v].end_node = v == 0 ? 2 : 1;
        veh[v].latest_end = 1000;
        veh[v].max_travel_time = SAHA_VRP_NO_LIMIT;
        veh[v].max_distance = SAHA_VRP_NO_LIMIT;
        veh[v].max_visits = SAHA_VRP_NO_LIMIT;
    }
    memset(&in, 0, sizeof in);
    in.ncustomers = 1;
    in.nnodes = 3;
    in.nvehicles = 2;
    in.time = tm;
    in.cost = cost;
    in.prize = prize;
    in.vehicles = veh;
    memset(&sol, 0, sizeof sol);
    sol.nvehicles = 2;
    sol.route_start = rs;
    sol.order = order;
    /* nothing visited: free when empty days are not driven, 2 x 30 when they are */
    assert_true(saha__vrp_evaluate(&in, &sol, &obj));
    SAHA_TEST_EQ(obj, 0);
    in.empty_drives = 1;
    assert_true(saha__vrp_evaluate(&in, &sol, &obj));
    SAHA_TEST_EQ(obj, -60);
    /* the customer on day 0: home -> 0 -> hotel = 5 + 1; day 1 still drives back */
    rs[1] = rs[2] = 1;
    assert_true(saha__vrp_evaluate(&in, &sol, &obj));
    SAHA_TEST_EQ(obj, 100 - 6 - 30);
    /* a drive longer than the day makes the empty day infeasible */
    veh[1].latest_end = 299;
    assert_false(saha__vrp_evaluate(&in, &sol, &obj));
    in.empty_drives = 0;
    assert_true(saha__vrp_evaluate(&in, &sol, &obj));
    /* and the solver prices the empty day the same way: its best keeps the visit */
    {
        saha_ctx *ctx = saha_test_ctx();
        saha_vrp_options o;
        saha_vrp_solution out;
        veh[1].latest_end = 1000;
        in.empty_drives = 1;
        memset(&o, 0, sizeof o);
        o.seed = 1;
        o.iterations = 50;
        o.threads = 1;
        SAHA_TEST_OK(ctx, saha__vrp_solve(ctx, &in, &o, &out));
        assert_true(out.feasible);
        SAHA_TEST_EQ(out.objective, 100 - 6 - 30);
        saha__vrp_solution_free(ctx, &out);
        saha_ctx_free(ctx);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_check_matches_recursion),
        cmocka_unit_test(test_latest_arrival_is_tight),
        cmocka_unit_test(test_balance_costs_consistent),
        cmocka_unit_test(test_empty_route_drives),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
