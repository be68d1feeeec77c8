/* Tests for the optimisation engine (src/vrp/): the reference schedule, the
 * evaluation, and the solver against brute force on tiny instances. The feasibility
 * checker here is written independently of vrp_schedule.c: it simulates one route for
 * every possible break position (start, after each customer, at the end) with plain
 * earliest-time propagation, and accepts when any placement works. */
#include "saha_test.h"

#include "internal/core.h"
#include "internal/vrp.h"
#include "vrp/vrp_engine.h"

#define MAXN 12          /* customers */
#define MAXNN (MAXN + 2) /* nodes */
#define MAXV 3

/* A random instance with owned arrays. */
typedef struct tinst {
    saha_vrp vrp;
    size_t nc, nv, nn;
    int64_t time[MAXNN * MAXNN], dist[MAXNN * MAXNN];
    saha_cost cost[MAXNN * MAXNN], prize[MAXN];
    int64_t service[MAXN];
    uint8_t required[MAXN];
    uint8_t ntw[MAXV * MAXN];
    saha_vrp_tw tw[MAXV * MAXN * SAHA_VRP_MAX_TW];
    saha_vrp_vehicle veh[MAXV];
} tinst;

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}
static int64_t rnd(uint64_t *s, int64_t lo, int64_t hi) /* inclusive */
{
    return lo + (int64_t)(lcg(s) % (uint64_t)(hi - lo + 1));
}

/* flags: 1 windows, 2 caps, 4 break, 8 required, 16 asymmetric cost, 32 travel times
 * that break the triangle inequality (removing a stop can make a route longer), 64 the
 * break may fall on the road (with 4) */
static void make_inst(tinst *t, uint64_t seed, size_t nc, size_t nv, int flags)
{
    uint64_t s = seed * 2654435761u + 17;
    int64_t x[MAXNN], y[MAXNN];
    memset(t, 0, sizeof *t);
    t->nc = nc;
    t->nv = nv;
    t->nn = nc + 2;
    for (size_t i = 0; i < t->nn; i++) {
        x[i] = rnd(&s, 0, 100);
        y[i] = rnd(&s, 0, 100);
    }
    for (size_t i = 0; i < t->nn; i++)
        for (size_t j = 0; j < t->nn; j++) {
            double d = sqrt(
                (double)((x[i] - x[j]) * (x[i] - x[j]) + (y[i] - y[j]) * (y[i] - y[j])));
            t->time[i * t->nn + j] =
                (int64_t)ceil(d) + ((flags & 32) && i != j ? rnd(&s, 0, 40) : 0);
            t->dist[i * t->nn + j] = (int64_t)ceil(d) * 10;
            t->cost[i * t->nn + j] =
                (int64_t)ceil(d) + ((flags & 16) && i < j ? rnd(&s, 0, 20) : 0);
        }
    for (size_t c = 0; c < nc; c++) {
        t->prize[c] = rnd(&s, 0, 120);
        t->service[c] = rnd(&s, 0, 15);
        t->required[c] = (flags & 8) && rnd(&s, 0, 5) == 0;
    }
    for (size_t v = 0; v < nv; v++) {
        saha_vrp_vehicle *h = &t->veh[v];
        h->start_node = nc;
        h->end_node = v % 2 ? nc : nc + 1;
        h->earliest_start = rnd(&s, 0, 20);
        h->latest_end = (flags & 1) ? rnd(&s, 200, 400) : SAHA_VRP_NO_LIMIT;
        h->max_travel_time = (flags & 2) ? rnd(&s, 150, 300) : SAHA_VRP_NO_LIMIT;
        h->max_distance = (flags & 2) ? rnd(&s, 1500, 3500) : SAHA_VRP_NO_LIMIT;
        h->max_visits = (flags & 2) ? rnd(&s, 2, 5) : SAHA_VRP_NO_LIMIT;
        if (flags & 4) {
            h->break_duration = rnd(&s, 10, 40);
            h->break_earliest = rnd(&s, 50, 120);
            h->break_latest = h->break_earliest + rnd(&s, 0, 60);
            h->break_on_road = (flags & 64) != 0;
        }
        if (flags & 1) {
            for (size_t c = 0; c < nc; c++) {
                size_t k = v * nc + c;
                size_t n = (size_t)rnd(&s, 0, 3);
                int64_t at = 0;
                t->ntw[k] = (uint8_t)n;
                for (size_t w = 0; w < n; w++) {
                    at += rnd(&s, 0, 120);
                    t->tw[k * SAHA_VRP_MAX_TW + w].open = at;
                    at += rnd(&s, 0, 80);
                    t->tw[k * SAHA_VRP_MAX_TW + w].close = at;
                }
                /* windows are given in no particular order */
                if (n == 2 && rnd(&s, 0, 1)) {
                    saha_vrp_tw tmp = t->tw[k * SAHA_VRP_MAX_TW];
                    t->tw[k * SAHA_VRP_MAX_TW] = t->tw[k * SAHA_VRP_MAX_TW + 1];
                    t->tw[k * SAHA_VRP_MAX_TW + 1] = tmp;
                }
            }
        }
    }
    t->vrp.ncustomers = nc;
    t->vrp.nnodes = t->nn;
    t->vrp.nvehicles = nv;
    t->vrp.time = t->time;
    t->vrp.cost = t->cost;
    t->vrp.dist = t->dist;
    t->vrp.prize = t->prize;
    t->vrp.service = t->service;
    t->vrp.required = (flags & 8) ? t->required : NULL;
    t->vrp.ntw = (flags & 1) ? t->ntw : NULL;
    t->vrp.tw = (flags & 1) ? t->tw : NULL;
    t->vrp.vehicles = t->veh;
    t->vrp.symmetric = !(flags & 16);
}

/* ---- the independent checker ------------------------------------------------------ */
/* On the road: the route with the break on leg bp (into customer bp, bp = len: into
 * the end node) after driving x of it: the break starts at max(ready + x, earliest) and
 * the rest of the leg follows it. Arrival is piecewise linear in x (falling while the
 * vehicle would wait for the window, flat after), so x = 0, the leg's whole time and
 * the wait for the window cover every case. */
static int sim_road(const saha_vrp *in, size_t v, const size_t *seq, size_t len,
                    size_t bp, int64_t x_pick)
{
    const saha_vrp_vehicle *h = &in->vehicles[v];
    size_t n = in->nnodes, at = h->start_node;
    int64_t t = h->earliest_start;
    for (size_t k = 0; k <= len; k++) {
        size_t c = k < len ? seq[k] : h->end_node;
        int64_t tt = in->time[at * n + c], a = t + tt;
        if (k == bp) {
            int64_t x = x_pick == 0 ? 0 : x_pick == 1 ? tt : h->break_earliest - t, b;
            if (x < 0)
                x = 0;
            if (x > tt)
                x = tt;
            b = t + x < h->break_earliest ? h->break_earliest : t + x;
            if (b > h->break_latest)
                return 0;
            a = b + h->break_duration + (tt - x);
        }
        if (k == len)
            return a <= h->latest_end;
        {
            int64_t best = INT64_MAX;
            if (!in->ntw) {
                best = a;
            } else {
                size_t key = v * in->ncustomers + c;
                for (size_t w = 0; w < in->ntw[key]; w++) {
                    const saha_vrp_tw *tw = &in->tw[key * SAHA_VRP_MAX_TW + w];
                    int64_t st = a < tw->open ? tw->open : a;
                    if (st <= tw->close && st < best)
                        best = st;
                }
            }
            if (best == INT64_MAX)
                return 0;
            t = best + (in->service ? in->service[c] : 0);
            at = c;
        }
    }
    return 1;
}

/* Simulates the route with the break at position bp (0 = start before leaving,
 * k = after the k-th customer's service, len+1 = at the end node, -1 = no break). */
static int sim(const saha_vrp *in, size_t v, const size_t *seq, size_t len, long bp)
{
    const saha_vrp_vehicle *h = &in->vehicles[v];
    size_t n = in->nnodes, at = h->start_node;
    int64_t t = h->earliest_start;
    for (size_t k = 0; k <= len + 1; k++) {
        if (bp == (long)k) {
            int64_t b = t < h->break_earliest ? h->break_earliest : t;
            if (b > h->break_latest)
                return 0;
            t = b + h->break_duration;
            if (k == len + 1 && t > h->latest_end)
                return 0;
        }
        if (k == len)
            t += in->time[at * n + h->end_node];
        if (k == len && t > h->latest_end)
            return 0;
        if (k >= len)
            continue;
        {
            size_t c = seq[k];
            int64_t a = t + in->time[at * n + c], best = INT64_MAX;
            if (!in->ntw) {
                best = a;
            } else {
                size_t key = v * in->ncustomers + c;
                for (size_t w = 0; w < in->ntw[key]; w++) {
                    const saha_vrp_tw *tw = &in->tw[key * SAHA_VRP_MAX_TW + w];
                    int64_t st = a < tw->open ? tw->open : a;
                    if (st <= tw->close && st < best)
                        best = st;
                }
            }
            if (best == INT64_MAX)
                return 0;
            t = best + (in->service ? in->service[c] : 0);
            at = c;
        }
    }
    return 1;
}

static int route_ok(const saha_vrp *in, size_t v, const size_t *seq, size_t len,
                    saha_cost *cost_out)
{
    const saha_vrp_vehicle *h = &in->vehicles[v];
    size_t n = in->nnodes, prev = h->start_node;
    int64_t tt = 0, dd = 0;
    saha_cost cc = 0;
    int ok = 0;
    *cost_out = 0;
    if (len == 0)
        return 1;
    for (size_t k = 0; k <= len; k++) {
        size_t c = k < len ? seq[k] : h->end_node;
        if (k < len && in->ntw && in->ntw[v * in->ncustomers + c] == 0)
            return 0;
        tt += in->time[prev * n + c];
        dd += in->dist ? in->dist[prev * n + c] : 0;
        cc += in->cost[prev * n + c];
        prev = c;
    }
    *cost_out = cc;
    if (tt > h->max_travel_time || (int64_t)len > h->max_visits)
        return 0;
    if (in->dist && dd > h->max_distance)
        return 0;
    if (h->break_duration <= 0)
        return sim(in, v, seq, len, -1);
    for (long bp = 0; bp <= (long)len + 1 && !ok; bp++)
        ok = sim(in, v, seq, len, bp);
    if (h->break_on_road)
        for (size_t bp = 0; bp <= len && !ok; bp++)
            for (int64_t xp = 0; xp < 3 && !ok; xp++)
                ok = sim_road(in, v, seq, len, bp, xp);
    return ok;
}

/* Full solution check: routes feasible, customers at most once, required served.
 * Returns 1/0 and the objective. */
static int sol_ok(const saha_vrp *in, const saha_vrp_solution *sol, saha_cost *obj_out)
{
    int seen[MAXN] = {0}, ok = 1;
    saha_cost obj = 0;
    for (size_t v = 0; v < in->nvehicles; v++) {
        size_t b = sol->route_start[v], e = sol->route_start[v + 1];
        saha_cost c;
        for (size_t i = b; i < e; i++) {
            if (sol->order[i] >= in->ncustomers || seen[sol->order[i]]++)
                ok = 0;
            else
                obj += in->prize[sol->order[i]];
        }
        if (!route_ok(in, v, sol->order + b, e - b, &c))
            ok = 0;
        obj -= c;
    }
    for (size_t c = 0; c < in->ncustomers; c++)
        if (in->required && in->required[c] && !seen[c])
            ok = 0;
    *obj_out = obj;
    return ok;
}

/* ---- brute force ------------------------------------------------------------------ */
typedef struct bf {
    const saha_vrp *in;
    size_t seq[MAXV][MAXN], len[MAXV];
    int used[MAXN];
    saha_cost best;
    int found;
} bf;

static void bf_rec(bf *b, size_t v)
{
    const saha_vrp *in = b->in;
    saha_cost c;
    /* close route v here */
    if (route_ok(in, v, b->seq[v], b->len[v], &c)) {
        if (v + 1 < in->nvehicles) {
            bf_rec(b, v + 1);
        } else {
            saha_cost obj = 0;
            int ok = 1;
            for (size_t x = 0; x < in->ncustomers; x++) {
                if (b->used[x])
                    obj += in->prize[x];
                else if (in->required && in->required[x])
                    ok = 0;
            }
            for (size_t u = 0; u < in->nvehicles; u++) {
                route_ok(in, u, b->seq[u], b->len[u], &c);
                obj -= c;
            }
            if (ok && (!b->found || obj > b->best)) {
                b->best = obj;
                b->found = 1;
            }
        }
    }
    for (size_t x = 0; x < in->ncustomers; x++) {
        if (b->used[x])
            continue;
        b->used[x] = 1;
        b->seq[v][b->len[v]++] = x;
        bf_rec(b, v);
        b->len[v]--;
        b->used[x] = 0;
    }
}

static int brute(const saha_vrp *in, saha_cost *best)
{
    bf b;
    memset(&b, 0, sizeof b);
    b.in = in;
    bf_rec(&b, 0);
    *best = b.best;
    return b.found;
}

/* ---- tests ------------------------------------------------------------------------- */

/* The reference schedule agrees with the independent checker on random routes (seeds
 * 401-800: the break may also fall on the road). */
static void test_schedule_matches_checker(void **state)
{
    size_t agree_feasible = 0, agree_infeasible = 0;
    (void)state;
    for (uint64_t seed = 1; seed <= 800; seed++) {
        tinst t;
        uint64_t s = seed;
        size_t seq[MAXN], len;
        int flags = (int)(seed % 64) | (seed > 400 ? 64 | 4 : 0);
        make_inst(&t, seed, 8, 2, flags);
        for (int rep = 0; rep < 20; rep++) {
            size_t v = (size_t)rnd(&s, 0, 1);
            int used[MAXN] = {0};
            saha_vrp_sched sc;
            saha_cost c;
            int64_t arr[MAXN], st[MAXN];
            int a, b;
            len = (size_t)rnd(&s, 0, 5);
            for (size_t k = 0; k < len; k++) {
                size_t x;
                do
                    x = (size_t)rnd(&s, 0, 7);
                while (used[x]);
                used[x] = 1;
                seq[k] = x;
            }
            a = saha__vrp_schedule(&t.vrp, v, seq, len, arr, st, &sc);
            b = route_ok(&t.vrp, v, seq, len, &c);
            SAHA_TEST_EQ(a, b);
            /* the solver's time-only check agrees when the caps are met */
            if (!a && saha__vrp_time_feasible(&t.vrp, v, seq, len)) {
                int64_t tt = 0, dd = 0;
                size_t prev = t.veh[v].start_node;
                for (size_t k = 0; k <= len; k++) {
                    size_t x = k < len ? seq[k] : t.veh[v].end_node;
                    tt += t.time[prev * t.nn + x];
                    dd += t.dist[prev * t.nn + x];
                    prev = x;
                }
                assert_true(tt > t.veh[v].max_travel_time || dd > t.veh[v].max_distance ||
                            (int64_t)len > t.veh[v].max_visits);
            }
            if (a) {
                agree_feasible++;
                SAHA_TEST_EQ(sc.cost, c);
                /* the reported times obey the windows and the order */
                for (size_t k = 0; k < len; k++) {
                    assert_true(st[k] >= arr[k]);
                    if (k > 0)
                        assert_true(arr[k] >= st[k - 1] + t.service[seq[k - 1]] +
                                                  t.time[seq[k - 1] * t.nn + seq[k]]);
                    /* a break on the leg into k delays the arrival by at least the
                     * break less what the vehicle would otherwise have waited */
                    if (k > 0 && t.veh[v].break_on_road && sc.break_after == k)
                        assert_true(arr[k] >= sc.break_start + t.veh[v].break_duration);
                }
                if (len > 0)
                    assert_true(sc.arrive_end <= t.veh[v].latest_end);
                if (t.veh[v].break_duration > 0 && len > 0) {
                    assert_true(sc.break_start >= t.veh[v].break_earliest);
                    assert_true(sc.break_start <= t.veh[v].break_latest);
                    assert_true(sc.break_drive >= 0);
                }
                if (t.veh[v].break_on_road && len > 0) {
                    /* the break lies on its leg: after the vehicle could be there,
                     * and the leg's rest is driven after it */
                    size_t bk = sc.break_after;
                    size_t from = bk == 0 ? t.veh[v].start_node : seq[bk - 1];
                    size_t to = bk == len ? t.veh[v].end_node : seq[bk];
                    int64_t leg = t.time[from * t.nn + to];
                    int64_t left =
                        bk == 0 ? sc.depart_start : st[bk - 1] + t.service[from];
                    assert_true(bk <= len);
                    assert_true(sc.break_drive <= leg);
                    assert_true(sc.break_start >= left + sc.break_drive);
                    if (bk < len)
                        assert_true(arr[bk] >= sc.break_start + t.veh[v].break_duration +
                                                   leg - sc.break_drive);
                    else
                        assert_true(sc.break_start + t.veh[v].break_duration + leg -
                                        sc.break_drive <=
                                    t.veh[v].latest_end);
                }
            } else {
                agree_infeasible++;
            }
        }
    }
    /* both outcomes were exercised */
    assert_true(agree_feasible > 500);
    assert_true(agree_infeasible > 500);
}

/* Hand-checked schedule: two windows, the first missed, waiting, the break. */
static void test_schedule_hand(void **state)
{
    /* nodes: 0,1 customers; 2 depot. time 10 everywhere off-diagonal */
    int64_t tm[9] = {0, 10, 10, 10, 0, 10, 10, 10, 0};
    saha_cost pz[2] = {5, 5};
    int64_t sv[2] = {5, 5};
    uint8_t ntw[2] = {2, 1};
    saha_vrp_tw tw[2 * SAHA_VRP_MAX_TW] = {{0}};
    saha_vrp_vehicle h = {
        2,  2,  0,  200, SAHA_VRP_NO_LIMIT, SAHA_VRP_NO_LIMIT, SAHA_VRP_NO_LIMIT,
        30, 20, 40, 0};
    saha_vrp in = {2, 3, 1, tm, tm, NULL, pz, sv, NULL, ntw, tw, &h, 1, 0, 0, NULL};
    size_t seq[2] = {0, 1};
    int64_t arr[2], st[2];
    saha_vrp_sched sc;
    (void)state;
    tw[0].open = 0;
    tw[0].close = 5; /* missed: arrival at 10 */
    tw[1].open = 50;
    tw[1].close = 60;
    tw[SAHA_VRP_MAX_TW].open = 0;
    tw[SAHA_VRP_MAX_TW].close = 100;
    assert_int_equal(saha__vrp_schedule(&in, 0, seq, 2, arr, st, &sc), 1);
    /* break [20,40] of 30: at the start (0 -> 20..50), then customer 0 at 60 (arrive
     * 60, window 50-60), or after customer 0 at 55 > 40: too late. So at the start. */
    assert_int_equal(sc.break_after, 0);
    assert_int_equal(sc.break_start, 20);
    assert_int_equal(st[0], 60);
    assert_int_equal(st[1], 75);
    assert_int_equal(sc.arrive_end, 90);
    assert_int_equal(sc.cost, 30);
    /* without the break the first customer waits for the second window; the departure
     * is delayed so the vehicle arrives just in time */
    h.break_duration = 0;
    assert_int_equal(saha__vrp_schedule(&in, 0, seq, 2, arr, st, &sc), 1);
    assert_int_equal(sc.depart_start, 40);
    assert_int_equal(arr[0], 50);
    assert_int_equal(st[0], 50);
    assert_int_equal(sc.break_start, -1);
    /* latest_end too early */
    h.latest_end = 70;
    assert_int_equal(saha__vrp_schedule(&in, 0, seq, 2, NULL, NULL, NULL), 0);
    /* vehicle may not visit customer 1 */
    h.latest_end = 200;
    ntw[1] = 0;
    assert_int_equal(saha__vrp_schedule(&in, 0, seq, 2, NULL, NULL, NULL), 0);
    assert_int_equal(saha__vrp_schedule(&in, 0, seq, 1, NULL, NULL, NULL), 1);
}

/* Hand-checked break on the road: the vehicle drives while it waits for the window. */
static void test_schedule_road_hand(void **state)
{
    /* nodes: 0,1 customers; 2 depot. 0-1 takes 40, the depot legs 10 */
    int64_t tm[9] = {0, 40, 10, 40, 0, 10, 10, 10, 0};
    saha_cost pz[2] = {5, 5};
    int64_t sv[2] = {10, 10};
    saha_vrp_vehicle h = {
        2,  2,  0,  200, SAHA_VRP_NO_LIMIT, SAHA_VRP_NO_LIMIT, SAHA_VRP_NO_LIMIT,
        30, 40, 45, 1};
    saha_vrp in = {2, 3, 1, tm, tm, NULL, pz, sv, NULL, NULL, NULL, &h, 1, 0, 0, NULL};
    size_t seq[2] = {0, 1};
    int64_t arr[2], st[2];
    saha_vrp_sched sc;
    (void)state;
    /* customer 0 served 10-20; the break may start at 40: the vehicle leaves at 20,
     * drives 20 of the 40 to customer 1, breaks 40-70, arrives at 90 */
    assert_int_equal(saha__vrp_schedule(&in, 0, seq, 2, arr, st, &sc), 1);
    assert_int_equal(sc.break_after, 1);
    assert_int_equal(sc.break_start, 40);
    assert_int_equal(sc.break_drive, 20);
    assert_int_equal(arr[1], 90);
    assert_int_equal(sc.arrive_end, 110);
    /* at a stop the best is the break after customer 0 (40-70): arrival 110 */
    h.break_on_road = 0;
    assert_int_equal(saha__vrp_schedule(&in, 0, seq, 2, arr, st, &sc), 1);
    assert_int_equal(sc.break_after, 1);
    assert_int_equal(sc.break_drive, 0);
    assert_int_equal(arr[1], 110);
    /* a day end at 115 only works on the road */
    h.latest_end = 115;
    assert_int_equal(saha__vrp_schedule(&in, 0, seq, 2, NULL, NULL, NULL), 0);
    assert_int_equal(saha__vrp_time_feasible(&in, 0, seq, 2), 0);
    h.break_on_road = 1;
    assert_int_equal(saha__vrp_schedule(&in, 0, seq, 2, NULL, NULL, NULL), 1);
    assert_int_equal(saha__vrp_time_feasible(&in, 0, seq, 2), 1);
    /* a break window at the start of the day: taken before leaving */
    h.break_earliest = 0;
    h.break_latest = 10;
    assert_int_equal(saha__vrp_schedule(&in, 0, seq, 2, arr, st, &sc), 1);
    assert_int_equal(sc.break_after, 0);
    assert_int_equal(sc.break_start, 0);
    assert_int_equal(sc.break_drive, 0);
    assert_int_equal(arr[0], 40);
    h.break_earliest = 40;
    h.break_latest = 45;
    /* the break on the way home, with the rest driven after it */
    seq[0] = 1;
    tm[1 * 3 + 2] = 60;
    h.latest_end = 200;
    assert_int_equal(saha__vrp_schedule(&in, 0, seq, 1, arr, st, &sc), 1);
    assert_int_equal(sc.break_after, 1);
    assert_int_equal(sc.break_start, 40);
    assert_int_equal(sc.break_drive, 20); /* served 10-20, then 20 of the 60 */
    assert_int_equal(sc.arrive_end, 110);
}

static void solve_and_check(tinst *t, uint64_t seed, size_t iters, int compare_brute)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_vrp_solution sol;
    saha_vrp_options o;
    saha_status rc;
    saha_cost obj, ev, opt = 0;
    int found;
    memset(&o, 0, sizeof o);
    o.seed = seed;
    o.iterations = iters;
    o.threads = 1;
    rc = saha__vrp_solve(ctx, &t->vrp, &o, &sol);
    found = compare_brute ? brute(&t->vrp, &opt) : 1;
    if (rc == SAHA_EINFEASIBLE) {
        /* only acceptable when no solution serves every required customer */
        if (compare_brute)
            assert_false(found);
        SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "required customer");
    } else {
        SAHA_TEST_OK(ctx, rc);
        assert_true(sol_ok(&t->vrp, &sol, &obj));
        assert_int_equal(saha__vrp_evaluate(&t->vrp, &sol, &ev), 1);
        assert_int_equal(ev, obj);
        assert_int_equal(sol.objective, obj);
        assert_int_equal(sol.feasible, 1);
        if (compare_brute) {
            assert_true(found);
            if (obj != opt)
                print_error("seed %llu: solver %lld, optimum %lld\n",
                            (unsigned long long)seed, (long long)obj, (long long)opt);
            assert_int_equal(obj, opt);
        }
    }
    saha__vrp_solution_free(ctx, &sol);
    saha_ctx_free(ctx);
}

/* Tiny instances of every flavour: the solver finds the brute-force optimum. */
static void test_brute_force_optimum(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 60; seed++) {
        tinst t;
        size_t nv = seed % 3 == 0 ? 2 : 1;
        size_t nc = nv == 2 ? 6 : 8;
        make_inst(&t, seed, nc, nv, (int)(seed * 7 % 32));
        solve_and_check(&t, seed, 2000, 1);
    }
}

/* Larger random instances: every answer passes the independent checker. */
static void test_random_feasible(void **state)
{
    (void)state;
    for (uint64_t seed = 100; seed < 228; seed++) {
        tinst t;
        make_inst(&t, seed, MAXN, MAXV, (int)(seed % 64));
        solve_and_check(&t, seed, 300, 0);
    }
}

/* The break on the road in the search: brute-force optima on tiny instances, and
 * every answer on larger ones passes the independent checker (the constant-time checks
 * of a kept suffix include the joining leg's break). */
static void test_road_break_solve(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        tinst t;
        size_t nv = seed % 3 == 0 ? 2 : 1;
        make_inst(&t, seed, nv == 2 ? 6 : 8, nv, (int)(seed * 7 % 32) | 4 | 64);
        solve_and_check(&t, seed, 2000, 1);
    }
    for (uint64_t seed = 300; seed < 360; seed++) {
        tinst t;
        make_inst(&t, seed, MAXN, MAXV, (int)(seed % 64) | 4 | 64);
        solve_and_check(&t, seed, 300, 0);
    }
}

static void test_deterministic(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    tinst t;
    saha_vrp_solution a, b;
    saha_vrp_options o;
    (void)state;
    make_inst(&t, 7, MAXN, MAXV, 1 | 4);
    memset(&o, 0, sizeof o);
    o.seed = 42;
    o.iterations = 500;
    o.threads = 1;
    SAHA_TEST_OK(ctx, saha__vrp_solve(ctx, &t.vrp, &o, &a));
    o.threads = 2;
    SAHA_TEST_OK(ctx, saha__vrp_solve(ctx, &t.vrp, &o, &b));
    assert_int_equal(a.objective, b.objective);
    assert_int_equal(a.route_start[MAXV], b.route_start[MAXV]);
    for (size_t v = 0; v <= MAXV; v++)
        assert_int_equal(a.route_start[v], b.route_start[v]);
    for (size_t i = 0; i < a.route_start[MAXV]; i++)
        assert_int_equal(a.order[i], b.order[i]);
    saha__vrp_solution_free(ctx, &a);
    saha__vrp_solution_free(ctx, &b);
    saha_ctx_free(ctx);
}

/* A required customer no vehicle can reach in time: SAHA_EINFEASIBLE names it, and the
 * solution returned still serves the rest. */
static void test_required_infeasible(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    tinst t;
    saha_vrp_solution sol;
    saha_vrp_options o;
    saha_cost obj;
    (void)state;
    make_inst(&t, 3, 6, 1, 1 | 8);
    memset(t.required, 0, sizeof t.required);
    t.required[4] = 1;
    t.ntw[4] = 1;
    t.tw[4 * SAHA_VRP_MAX_TW].open = 100000;
    t.tw[4 * SAHA_VRP_MAX_TW].close = 100001;
    memset(&o, 0, sizeof o);
    o.iterations = 100;
    assert_int_equal(saha__vrp_solve(ctx, &t.vrp, &o, &sol), SAHA_EINFEASIBLE);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "required customer 4");
    assert_non_null(sol.route_start);
    assert_int_equal(sol.feasible, 0);
    t.required[4] = 0;
    assert_true(sol_ok(&t.vrp, &sol, &obj));
    saha__vrp_solution_free(ctx, &sol);
    saha_ctx_free(ctx);
}

/* A TSP by hand: 6 points on two rows, every customer required, prize 0. The optimum
 * tour is the rectangle's perimeter, 2 * (20 + 10) = 60 (nint Euclidean). */
static void test_tsp_tiny(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    static const int xy[6][2] = {{0, 0}, {10, 10}, {20, 0}, {0, 10}, {10, 0}, {20, 10}};
    int64_t m[36];
    saha_cost pz[5] = {0};
    uint8_t req[5] = {1, 1, 1, 1, 1};
    saha_vrp_vehicle h = {5,
                          5,
                          0,
                          SAHA_VRP_NO_LIMIT,
                          SAHA_VRP_NO_LIMIT,
                          SAHA_VRP_NO_LIMIT,
                          SAHA_VRP_NO_LIMIT,
                          0,
                          0,
                          0,
                          0};
    saha_vrp in = {5, 6, 1, m, m, NULL, pz, NULL, req, NULL, NULL, &h, 1, 0, 0, NULL};
    saha_vrp_solution sol;
    saha_vrp_options o;
    (void)state;
    /* customers are points 1..5, the depot point 0 is node 5 */
    for (size_t i = 0; i < 6; i++)
        for (size_t j = 0; j < 6; j++) {
            size_t pi = i == 5 ? 0 : i + 1, pj = j == 5 ? 0 : j + 1;
            double dx = xy[pi][0] - xy[pj][0], dy = xy[pi][1] - xy[pj][1];
            m[i * 6 + j] = (int64_t)(sqrt(dx * dx + dy * dy) + 0.5);
        }
    memset(&o, 0, sizeof o);
    o.iterations = 200;
    SAHA_TEST_OK(ctx, saha__vrp_solve(ctx, &in, &o, &sol));
    assert_int_equal(sol.route_start[1], 5);
    assert_int_equal(sol.objective, -60);
    saha__vrp_solution_free(ctx, &sol);
    saha_ctx_free(ctx);
}

/* Every allocation failure gives SAHA_ENOMEM and leaks nothing. */
static void test_alloc_failures(void **state)
{
    tinst t;
    size_t n;
    (void)state;
    make_inst(&t, 5, 8, 2, 1 | 2 | 4);
    for (n = 0; n < 400; n++) {
        saha_test_alloc a = {n, 0, 0};
        saha_allocator al;
        saha_ctx *ctx = saha_test_ctx_failing(&a, &al);
        saha_vrp_solution sol;
        saha_vrp_options o;
        saha_status rc;
        if (!ctx)
            continue; /* the context itself failed */
        memset(&o, 0, sizeof o);
        o.iterations = 20;
        o.threads = 1;
        rc = saha__vrp_solve(ctx, &t.vrp, &o, &sol);
        if (rc == SAHA_OK) {
            saha__vrp_solution_free(ctx, &sol);
            saha_ctx_free(ctx);
            break;
        }
        assert_int_equal(rc, SAHA_ENOMEM);
        assert_null(sol.route_start);
        saha_ctx_free(ctx);
        assert_int_equal(a.live, 0);
    }
    assert_true(n > 10 && n < 400);
}

/* ---- the TSP fast path (vrp_tsp.c) ----------------------------------------------- */
#define TSP_MAXN 200 /* customers */

/* A random Euclidean closed tour: customers 0..n-1, depot node n, all required. */
typedef struct ttsp {
    saha_vrp vrp;
    size_t n;
    int64_t x[TSP_MAXN + 1], y[TSP_MAXN + 1];
    saha_cost cost[(TSP_MAXN + 1) * (TSP_MAXN + 1)];
    saha_cost prize[TSP_MAXN];
    uint8_t required[TSP_MAXN];
    saha_vrp_vehicle veh;
} ttsp;

static void make_tsp(ttsp *t, uint64_t seed, size_t n)
{
    uint64_t s = seed * 2654435761u + 99;
    memset(t, 0, sizeof *t);
    t->n = n;
    for (size_t i = 0; i <= n; i++) {
        t->x[i] = rnd(&s, 0, 1000);
        t->y[i] = rnd(&s, 0, 1000);
    }
    for (size_t i = 0; i <= n; i++)
        for (size_t j = 0; j <= n; j++) {
            double dx = (double)(t->x[i] - t->x[j]), dy = (double)(t->y[i] - t->y[j]);
            t->cost[i * (n + 1) + j] = (saha_cost)(sqrt(dx * dx + dy * dy) + 0.5);
        }
    for (size_t c = 0; c < n; c++) {
        t->prize[c] = rnd(&s, 0, 50); /* irrelevant: everybody is visited */
        t->required[c] = 1;
    }
    t->veh.start_node = t->veh.end_node = n;
    t->veh.earliest_start = 0;
    t->veh.latest_end = SAHA_VRP_NO_LIMIT;
    t->veh.max_travel_time = SAHA_VRP_NO_LIMIT;
    t->veh.max_distance = SAHA_VRP_NO_LIMIT;
    t->veh.max_visits = SAHA_VRP_NO_LIMIT;
    t->vrp.ncustomers = n;
    t->vrp.nnodes = n + 1;
    t->vrp.nvehicles = 1;
    t->vrp.time = t->cost;
    t->vrp.cost = t->cost;
    t->vrp.prize = t->prize;
    t->vrp.required = t->required;
    t->vrp.vehicles = &t->veh;
    t->vrp.symmetric = 1;
}

/* Checks the solution is one closed tour through every customer exactly once and
 * returns its length, recomputed here from the matrix. */
static saha_cost tsp_check(const ttsp *t, const saha_vrp_solution *sol)
{
    uint8_t seen[TSP_MAXN] = {0};
    size_t n = t->n, at = n;
    saha_cost len = 0, pz = 0;
    assert_int_equal(sol->nvehicles, 1);
    assert_int_equal(sol->route_start[0], 0);
    assert_int_equal(sol->route_start[1], n);
    for (size_t i = 0; i < n; i++) {
        size_t c = sol->order[i];
        assert_true(c < n);
        assert_false(seen[c]);
        seen[c] = 1;
        len += t->cost[at * (n + 1) + c];
        pz += t->prize[c];
        at = c;
    }
    len += t->cost[at * (n + 1) + n];
    assert_int_equal(sol->feasible, 1);
    assert_int_equal(sol->objective, pz - len);
    return len;
}

static saha_cost tsp_solve(saha_ctx *ctx, ttsp *t, uint64_t seed, size_t iters,
                           unsigned threads, saha_vrp_solution *sol)
{
    saha_vrp_options o;
    saha_cost len, ev;
    memset(&o, 0, sizeof o);
    o.seed = seed;
    o.iterations = iters;
    o.threads = threads;
    SAHA_TEST_OK(ctx, saha__vrp_solve(ctx, &t->vrp, &o, sol));
    len = tsp_check(t, sol);
    assert_int_equal(saha__vrp_evaluate(&t->vrp, sol, &ev), 1);
    assert_int_equal(ev, sol->objective);
    return len;
}

/* Exact optimum by depth-first enumeration with pruning (n <= 9). */
static void tsp_bf(const ttsp *t, size_t at, size_t depth, saha_cost len, uint8_t *used,
                   saha_cost *best)
{
    size_t n = t->n;
    if (len >= *best)
        return;
    if (depth == n) {
        len += t->cost[at * (n + 1) + n];
        if (len < *best)
            *best = len;
        return;
    }
    for (size_t c = 0; c < n; c++) {
        if (used[c])
            continue;
        used[c] = 1;
        tsp_bf(t, c, depth + 1, len + t->cost[at * (n + 1) + c], used, best);
        used[c] = 0;
    }
}

static void test_tsp_eligible(void **state)
{
    ttsp *t = malloc(sizeof *t);
    (void)state;
    assert_non_null(t);
    make_tsp(t, 1, 20);
    assert_true(saha__vrp_tsp_eligible(&t->vrp));
    t->veh.max_visits = 20; /* a cap, even a loose one, takes the generic engine */
    assert_false(saha__vrp_tsp_eligible(&t->vrp));
    t->veh.max_visits = SAHA_VRP_NO_LIMIT;
    t->required[3] = 0;
    assert_false(saha__vrp_tsp_eligible(&t->vrp));
    t->required[3] = 1;
    t->veh.break_duration = 5;
    assert_false(saha__vrp_tsp_eligible(&t->vrp));
    t->veh.break_duration = 0;
    t->cost[2 * 21 + 5] += 1; /* asymmetric despite the flag */
    assert_false(saha__vrp_tsp_eligible(&t->vrp));
    t->cost[2 * 21 + 5] -= 1;
    t->veh.start_node = 4; /* a customer as the depot */
    assert_false(saha__vrp_tsp_eligible(&t->vrp));
    free(t);
}

/* Tiny instances: the fast path finds the enumerated optimum. */
static void test_tsp_brute(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    ttsp *t = malloc(sizeof *t);
    (void)state;
    assert_non_null(t);
    for (uint64_t seed = 1; seed <= 40; seed++) {
        size_t n = 1 + (size_t)(seed % 9);
        uint8_t used[TSP_MAXN] = {0};
        saha_cost opt = INT64_MAX, len;
        saha_vrp_solution sol;
        make_tsp(t, seed, n);
        tsp_bf(t, n, 0, 0, used, &opt);
        len = tsp_solve(ctx, t, seed, 50, 1, &sol);
        if (len != opt)
            print_error("seed %llu n %zu: fast path %lld, optimum %lld\n",
                        (unsigned long long)seed, n, (long long)len, (long long)opt);
        assert_int_equal(len, opt);
        saha__vrp_solution_free(ctx, &sol);
    }
    free(t);
    saha_ctx_free(ctx);
}

/* Random instances up to 200 customers: a valid tour whose objective is its recomputed
 * length, never worse than the generic engine with the same seed and iterations (run by
 * adding a cap that does not bind, which makes the instance ineligible). */
static void test_tsp_vs_generic(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    ttsp *t = malloc(sizeof *t);
    (void)state;
    assert_non_null(t);
    for (uint64_t seed = 1; seed <= 6; seed++) {
        size_t n = seed <= 4 ? 10 + 10 * (size_t)seed : TSP_MAXN;
        size_t iters = seed <= 4 ? 400 : 100;
        saha_vrp_solution a, b;
        saha_cost fast, slow;
        make_tsp(t, seed + 1000, n);
        fast = tsp_solve(ctx, t, seed, iters, 1, &a);
        t->veh.max_visits = (int64_t)n;
        assert_false(saha__vrp_tsp_eligible(&t->vrp));
        slow = tsp_solve(ctx, t, seed, iters, 1, &b);
        t->veh.max_visits = SAHA_VRP_NO_LIMIT;
        if (fast > slow)
            print_error("seed %llu n %zu: fast path %lld, generic %lld\n",
                        (unsigned long long)seed, n, (long long)fast, (long long)slow);
        assert_true(fast <= slow);
        saha__vrp_solution_free(ctx, &a);
        saha__vrp_solution_free(ctx, &b);
    }
    free(t);
    saha_ctx_free(ctx);
}

/* Same seed and iterations: the same tour with one thread or two. */
static void test_tsp_deterministic(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    ttsp *t = malloc(sizeof *t);
    saha_vrp_solution a, b, c;
    (void)state;
    assert_non_null(t);
    make_tsp(t, 77, 150);
    tsp_solve(ctx, t, 5, 3000, 1, &a);
    tsp_solve(ctx, t, 5, 3000, 2, &b);
    tsp_solve(ctx, t, 5, 3000, 0, &c);
    for (size_t i = 0; i < t->n; i++) {
        assert_int_equal(a.order[i], b.order[i]);
        assert_int_equal(a.order[i], c.order[i]);
    }
    assert_int_equal(a.objective, b.objective);
    saha__vrp_solution_free(ctx, &a);
    saha__vrp_solution_free(ctx, &b);
    saha__vrp_solution_free(ctx, &c);
    free(t);
    saha_ctx_free(ctx);
}

/* Every allocation failure on the fast path gives SAHA_ENOMEM and leaks nothing. */
static void test_tsp_alloc_failures(void **state)
{
    ttsp *t = malloc(sizeof *t);
    size_t n;
    (void)state;
    assert_non_null(t);
    make_tsp(t, 3, 30);
    for (n = 0; n < 100; n++) {
        saha_test_alloc a = {n, 0, 0};
        saha_allocator al;
        saha_ctx *ctx = saha_test_ctx_failing(&a, &al);
        saha_vrp_solution sol;
        saha_vrp_options o;
        saha_status rc;
        if (!ctx)
            continue;
        memset(&o, 0, sizeof o);
        o.iterations = 20;
        o.threads = 1;
        rc = saha__vrp_solve(ctx, &t->vrp, &o, &sol);
        if (rc == SAHA_OK) {
            tsp_check(t, &sol);
            saha__vrp_solution_free(ctx, &sol);
            saha_ctx_free(ctx);
            break;
        }
        assert_int_equal(rc, SAHA_ENOMEM);
        assert_null(sol.route_start);
        saha_ctx_free(ctx);
        assert_int_equal(a.live, 0);
    }
    assert_true(n > 5 && n < 100);
    free(t);
}

/* Cross-exchange instance: customers on a line, P cluster at x = 10 (customers 0, 1, 6,
 * 7), Q cluster at x = 90 (2, 3, 4, 5); vehicle 0 from and back to a depot at 0,
 * vehicle 1 at 100; every customer required; at most 4 visits per vehicle; cost = time
 * = |dx|. Start: route 0 = P Q Q P, route 1 = Q P P Q, each 180, total 360. Both routes
 * are full, so nothing can be relocated or dropped; any route that holds a customer of
 * the far cluster costs 180 whatever its order, so reordering, swapping one pair and
 * tail exchanges (2-opt*: equal cuts only, as both routes are full) all stay at 360.
 * Only exchanging the Q pair of route 0 with the P pair of route 1 (a 2-for-2 cross
 * exchange) brings the total to 20 + 20 = 40. forbid: vehicle 1 may not visit customer
 * 2 (ntw 0), which makes the start optimal. */
typedef struct xinst {
    saha_vrp vrp;
    int64_t time[100];
    saha_cost prize[8];
    uint8_t required[8], ntw[16];
    saha_vrp_tw tw[16 * SAHA_VRP_MAX_TW];
    saha_vrp_vehicle veh[2];
} xinst;

static void make_cross_inst(xinst *t, int forbid)
{
    static const int64_t x[10] = {10, 10, 90, 90, 90, 90, 10, 10, 0, 100};
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < 10; i++)
        for (size_t j = 0; j < 10; j++)
            t->time[i * 10 + j] = x[i] > x[j] ? x[i] - x[j] : x[j] - x[i];
    for (size_t c = 0; c < 8; c++) {
        t->prize[c] = 1000;
        t->required[c] = 1;
    }
    for (size_t k = 0; k < 16; k++) {
        t->ntw[k] = 1;
        t->tw[k * SAHA_VRP_MAX_TW].open = 0;
        t->tw[k * SAHA_VRP_MAX_TW].close = 100000;
    }
    if (forbid)
        t->ntw[1 * 8 + 2] = 0;
    for (size_t v = 0; v < 2; v++) {
        t->veh[v].start_node = t->veh[v].end_node = 8 + v;
        t->veh[v].latest_end = 100000;
        t->veh[v].max_travel_time = SAHA_VRP_NO_LIMIT;
        t->veh[v].max_distance = SAHA_VRP_NO_LIMIT;
        t->veh[v].max_visits = 4;
    }
    t->vrp.ncustomers = 8;
    t->vrp.nnodes = 10;
    t->vrp.nvehicles = 2;
    t->vrp.time = t->time;
    t->vrp.cost = t->time;
    t->vrp.prize = t->prize;
    t->vrp.required = t->required;
    t->vrp.ntw = t->ntw;
    t->vrp.tw = t->tw;
    t->vrp.vehicles = t->veh;
    t->vrp.symmetric = 1;
}

/* Route cost total of s, and s checked from scratch by saha__vrp_evaluate. */
static saha_cost cross_check(const saha_vrp *inst, const vrp_sol *s)
{
    size_t rs[3], order[8], n = 0;
    saha_vrp_solution out;
    saha_cost obj, cost = 0;
    for (size_t v = 0; v < 2; v++) {
        rs[v] = n;
        for (size_t i = 0; i < s->r[v].len; i++)
            order[n++] = s->r[v].seq[i];
        cost += s->r[v].cost;
    }
    rs[2] = n;
    assert_int_equal(n, 8); /* nobody lost */
    memset(&out, 0, sizeof out);
    out.nvehicles = 2;
    out.route_start = rs;
    out.order = order;
    assert_int_equal(saha__vrp_evaluate(inst, &out, &obj), 1);
    assert_int_equal(obj, 8 * 1000 - cost);
    return cost;
}

static void run_cross_case(int forbid)
{
    static const size_t start[2][4] = {{0, 2, 3, 1}, {4, 6, 7, 5}};
    saha_ctx *ctx = saha_test_ctx();
    xinst t;
    vrp_shared sh;
    vrp_sol s;
    vrp_work w;
    size_t other = VRP_NONE;
    int applied = 0;
    make_cross_inst(&t, forbid);
    SAHA_TEST_OK(ctx, saha__vrp_shared_init(ctx, &sh, &t.vrp));
    SAHA_TEST_OK(ctx, saha__vrp_sol_init(ctx, &s, &sh));
    SAHA_TEST_OK(ctx, saha__vrp_work_init(ctx, &w, &sh));
    saha__rng_seed(&w.rng, 5);
    for (size_t v = 0; v < 2; v++)
        for (size_t i = 0; i < 4; i++)
            saha__vrp_insert_at(&s, start[v][i], v, i, w.buf);
    assert_int_equal(cross_check(&t.vrp, &s), 360);

    /* The operator itself, from customer 2 (route 0's first Q). */
    applied = saha__vrp_cross(&s, &w, 2, sh.knn, &other);
    if (forbid) {
        assert_int_equal(applied, 0);
        for (size_t c = 0; c < 8; c++)
            assert_int_equal(saha__vrp_cross(&s, &w, c, sh.knn, NULL), 0);
        assert_int_equal(cross_check(&t.vrp, &s), 360);
    } else {
        assert_int_equal(applied, 1);
        assert_true(other == 4 || other == 5); /* a Q of route 1 */
        assert_int_equal(cross_check(&t.vrp, &s), 40);
        for (size_t c = 0; c < 8; c++) /* each route holds one cluster */
            assert_int_equal(s.route_of[c], (c >= 2 && c <= 5) ? 1u : 0u);
        /* Back to the start: the whole local search finds it too. */
        saha__vrp_sol_clear(&s);
        for (size_t v = 0; v < 2; v++)
            for (size_t i = 0; i < 4; i++)
                saha__vrp_insert_at(&s, start[v][i], v, i, w.buf);
    }
    saha__vrp_local_search(&s, &w, 1);
    assert_int_equal(cross_check(&t.vrp, &s), forbid ? 360 : 40);
    saha__vrp_work_free(ctx, &w);
    saha__vrp_sol_free(ctx, &s);
    saha__vrp_shared_free(ctx, &sh);
    saha_ctx_free(ctx);
}

/* Cross-exchange leaves a local optimum of the other moves. */
static void test_cross_exchange(void **state)
{
    (void)state;
    run_cross_case(0);
}

/* ... but never sends a customer to a vehicle that may not visit it (ntw 0). */
static void test_cross_exchange_forbidden(void **state)
{
    (void)state;
    run_cross_case(1);
}

/* ---- regret insertion (vrp_regret.c) ---------------------------------------------- */

/* Copies s into out (arrays rs: nv + 1, order: nc) and checks it from scratch: every
 * route passes the independent checker and the objective of saha__vrp_evaluate equals
 * the incremental one (without the required bonus). Returns saha__vrp_evaluate's
 * verdict, which also asks for every required customer (as does sol_ok). */
static int regret_check(const saha_vrp *in, const vrp_sol *s, size_t *rs, size_t *order,
                        saha_cost *obj_out)
{
    saha_vrp_solution out;
    saha_cost obj, mine, inc = 0;
    size_t n = 0;
    int ok;
    for (size_t v = 0; v < in->nvehicles; v++) {
        rs[v] = n;
        for (size_t i = 0; i < s->r[v].len; i++) {
            order[n++] = s->r[v].seq[i];
            inc += in->prize[s->r[v].seq[i]];
        }
        inc -= s->r[v].cost;
    }
    rs[in->nvehicles] = n;
    assert_int_equal(n, s->nvisited);
    for (size_t v = 0; v < in->nvehicles; v++) {
        saha_cost c;
        assert_true(route_ok(in, v, order + rs[v], rs[v + 1] - rs[v], &c));
        assert_int_equal(c, s->r[v].cost);
    }
    memset(&out, 0, sizeof out);
    out.nvehicles = in->nvehicles;
    out.route_start = rs;
    out.order = order;
    ok = saha__vrp_evaluate(in, &out, &obj);
    assert_int_equal(obj, inc);
    assert_int_equal(sol_ok(in, &out, &mine), ok);
    assert_int_equal(mine, obj);
    *obj_out = obj;
    return ok;
}

/* Random instances of every flavour: regret insertion from empty routes keeps the
 * solution feasible, keeps list a permutation of the customers, serves every required
 * customer when nothing limits the routes, and (slack 0) stops only when no customer
 * left out can be inserted at a gain. With slack VRP_INF on unlimited routes everybody
 * goes in. */
static void test_regret_random(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    size_t served_req = 0;
    (void)state;
    for (uint64_t seed = 1; seed <= 192; seed++) {
        tinst t;
        vrp_shared sh;
        vrp_sol s;
        vrp_work w;
        size_t list[MAXN], rs[MAXV + 1], order[MAXN];
        int flags = (int)(seed % 64), unlimited = (flags & (1 | 2 | 4 | 32)) == 0;
        saha_cost slack = seed % 4 == 3 ? VRP_INF : 0, obj;
        double noise = seed % 2 ? 0.3 : 0.0;
        int seen[MAXN] = {0}, all_req;
        make_inst(&t, seed, MAXN, 1 + seed % MAXV, flags);
        SAHA_TEST_OK(ctx, saha__vrp_shared_init(ctx, &sh, &t.vrp));
        SAHA_TEST_OK(ctx, saha__vrp_sol_init(ctx, &s, &sh));
        SAHA_TEST_OK(ctx, saha__vrp_work_init(ctx, &w, &sh));
        saha__rng_seed(&w.rng, seed);
        for (size_t c = 0; c < MAXN; c++)
            list[c] = (c * 5 + (size_t)seed) % MAXN;
        saha__vrp_insert_regret(&s, &w, list, MAXN, slack, noise);
        for (size_t c = 0; c < MAXN; c++)
            seen[list[c]]++;
        for (size_t c = 0; c < MAXN; c++)
            assert_int_equal(seen[c], 1);
        all_req = 1;
        for (size_t c = 0; c < MAXN; c++)
            if (t.vrp.required && t.vrp.required[c] && s.route_of[c] == VRP_NONE)
                all_req = 0;
        assert_int_equal(regret_check(&t.vrp, &s, rs, order, &obj), all_req);
        for (size_t c = 0; c < MAXN; c++) {
            size_t v, pos;
            saha_cost dc;
            if (s.route_of[c] != VRP_NONE) {
                served_req += t.vrp.required && t.vrp.required[c];
                continue;
            }
            if (unlimited && t.vrp.required)
                assert_false(t.vrp.required[c]);
            if (unlimited && slack == VRP_INF)
                fail_msg("seed %llu: customer %zu left out", (unsigned long long)seed, c);
            if (slack == 0 &&
                saha__vrp_best_insert(&s, c, 0, VRP_INF, w.buf, &v, &pos, &dc, NULL))
                assert_true(sh.eprize[c] - dc <= 0);
        }
        saha__vrp_work_free(ctx, &w);
        saha__vrp_sol_free(ctx, &s);
        saha__vrp_shared_free(ctx, &sh);
    }
    assert_true(served_req > 0); /* the required case was exercised */
    saha_ctx_free(ctx);
}

/* Two customers on a line, cost = time = |dx|: X at -10, Y at 9; vehicle 0 from and
 * back to a depot at 0, vehicle 1 at 30 with at most 50 of travel; one visit each;
 * prizes 100. X fits only vehicle 0 (cost 20; from 30 it needs 80). Y costs 18 on
 * vehicle 0 and 42 on vehicle 1. Greedy by gain per time takes Y first (82/19 > 80/21)
 * into vehicle 0, and X is then left out: 100 - 18 = 82. Regret sees that X has a
 * single option (regret 80, key 160) while Y loses only 24 on vehicle 1 (key 106), so
 * X goes first: 200 - 20 - 42 = 138, the optimum (brute force). required: both must
 * be served, which only the regret order achieves. */
typedef struct rinst {
    saha_vrp vrp;
    int64_t time[16];
    saha_cost prize[2];
    uint8_t required[2];
    saha_vrp_vehicle veh[2];
} rinst;

static void make_regret_inst(rinst *t, int required)
{
    static const int64_t x[4] = {-10, 9, 0, 30};
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++)
            t->time[i * 4 + j] = x[i] > x[j] ? x[i] - x[j] : x[j] - x[i];
    for (size_t c = 0; c < 2; c++) {
        t->prize[c] = 100;
        t->required[c] = 1;
    }
    for (size_t v = 0; v < 2; v++) {
        t->veh[v].start_node = t->veh[v].end_node = 2 + v;
        t->veh[v].latest_end = SAHA_VRP_NO_LIMIT;
        t->veh[v].max_travel_time = v == 0 ? SAHA_VRP_NO_LIMIT : 50;
        t->veh[v].max_distance = SAHA_VRP_NO_LIMIT;
        t->veh[v].max_visits = 1;
    }
    t->vrp.ncustomers = 2;
    t->vrp.nnodes = 4;
    t->vrp.nvehicles = 2;
    t->vrp.time = t->time;
    t->vrp.cost = t->time;
    t->vrp.prize = t->prize;
    t->vrp.required = required ? t->required : NULL;
    t->vrp.vehicles = t->veh;
    t->vrp.symmetric = 1;
}

static void run_regret_case(int required)
{
    saha_ctx *ctx = saha_test_ctx();
    rinst t;
    vrp_shared sh;
    vrp_sol s;
    vrp_work w;
    size_t list[2] = {1, 0}, rs[3], order[2];
    saha_cost opt, obj;
    make_regret_inst(&t, required);
    assert_true(brute(&t.vrp, &opt));
    assert_int_equal(opt, 138);
    SAHA_TEST_OK(ctx, saha__vrp_shared_init(ctx, &sh, &t.vrp));
    SAHA_TEST_OK(ctx, saha__vrp_sol_init(ctx, &s, &sh));
    SAHA_TEST_OK(ctx, saha__vrp_work_init(ctx, &w, &sh));
    saha__rng_seed(&w.rng, 3);

    /* The greedy construction is fooled (the case is not trivial)... */
    saha__vrp_construct(&s, &w, 0.0);
    assert_int_equal(regret_check(&t.vrp, &s, rs, order, &obj), !required);
    assert_int_equal(obj, 82);
    assert_int_equal(s.route_of[0], VRP_NONE);

    /* ... regret insertion is not. */
    saha__vrp_sol_clear(&s);
    saha__vrp_insert_regret(&s, &w, list, 2, 0, 0.0);
    assert_int_equal(regret_check(&t.vrp, &s, rs, order, &obj), 1);
    assert_int_equal(obj, opt);
    assert_int_equal(s.route_of[0], 0);
    assert_int_equal(s.route_of[1], 1);
    saha__vrp_work_free(ctx, &w);
    saha__vrp_sol_free(ctx, &s);
    saha__vrp_shared_free(ctx, &sh);
    saha_ctx_free(ctx);
}

static void test_regret_single_option_first(void **state)
{
    (void)state;
    run_regret_case(0);
}

static void test_regret_required(void **state)
{
    (void)state;
    run_regret_case(1);
}

/* saha__vrp_best_insert against every position evaluated with saha__vrp_eval: the same
 * route, position and deltas (ties: the first position), none when the limit is not
 * above the cheapest delta; and saha__vrp_insert_delta equal to the evaluated deltas
 * whenever it claims to be exact (it must decline under a balance term). */
static void test_best_insert_limit(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    size_t exact = 0, found = 0;
    (void)state;
    for (uint64_t seed = 1; seed <= 128; seed++) {
        tinst t;
        vrp_shared sh;
        vrp_sol s;
        vrp_work w;
        make_inst(&t, seed, MAXN, 1 + seed % MAXV, (int)(seed % 64));
        if (seed % 5 == 0)
            t.vrp.balance = 0.01;
        SAHA_TEST_OK(ctx, saha__vrp_shared_init(ctx, &sh, &t.vrp));
        SAHA_TEST_OK(ctx, saha__vrp_sol_init(ctx, &s, &sh));
        SAHA_TEST_OK(ctx, saha__vrp_work_init(ctx, &w, &sh));
        /* a partial solution: every other customer where it fits first */
        for (size_t c = 0; c < MAXN; c += 2) {
            size_t v, pos;
            saha_cost dc;
            if (saha__vrp_best_insert(&s, c, 0, VRP_INF, w.buf, &v, &pos, &dc, NULL))
                saha__vrp_insert_at(&s, c, v, pos, w.buf);
        }
        for (size_t u = 0; u < MAXN; u++) {
            size_t bv = VRP_NONE, bp = 0, v, pos;
            saha_cost bc = 0, dc;
            int64_t bt = 0, dt;
            if (s.route_of[u] != VRP_NONE)
                continue;
            for (size_t r = 0; r < t.nv; r++) {
                const vrp_route *rt = &s.r[r];
                if (!sh.allowed[r * MAXN + u] || (int64_t)rt->len >= t.veh[r].max_visits)
                    continue;
                for (size_t q = 0; q <= rt->len; q++) {
                    vrp_piece p[3] = {
                        {r, 0, q, 0, 0}, {VRP_NONE, 0, 0, 0, u}, {r, q, rt->len, 0, 0}};
                    vrp_eval e;
                    saha_cost d0;
                    int64_t t0;
                    int ok = saha__vrp_eval(&s, r, p, 3, w.buf, &e);
                    if (saha__vrp_insert_delta(&s, u, r, q, &d0, &t0)) {
                        assert_true(t.vrp.balance == 0 && rt->len > 0);
                        assert_int_equal(d0, e.cost - rt->cost);
                        assert_int_equal(t0, e.travel - rt->travel);
                        exact++;
                    }
                    if (ok && (bv == VRP_NONE || e.cost - rt->cost < bc)) {
                        bv = r;
                        bp = q;
                        bc = e.cost - rt->cost;
                        bt = e.travel - rt->travel;
                    }
                }
            }
            if (bv == VRP_NONE) {
                assert_false(
                    saha__vrp_best_insert(&s, u, 0, VRP_INF, w.buf, &v, &pos, &dc, &dt));
                continue;
            }
            found++;
            assert_true(
                saha__vrp_best_insert(&s, u, 0, VRP_INF, w.buf, &v, &pos, &dc, &dt));
            assert_int_equal(v, bv);
            assert_int_equal(pos, bp);
            assert_int_equal(dc, bc);
            assert_int_equal(dt, bt);
            assert_false(saha__vrp_best_insert(&s, u, 0, bc, w.buf, &v, &pos, &dc, &dt));
            assert_true(
                saha__vrp_best_insert(&s, u, 0, bc + 1, w.buf, &v, &pos, &dc, &dt));
            assert_int_equal(v, bv);
            assert_int_equal(pos, bp);
        }
        saha__vrp_work_free(ctx, &w);
        saha__vrp_sol_free(ctx, &s);
        saha__vrp_shared_free(ctx, &sh);
    }
    assert_true(exact > 100 && found > 100); /* both paths were exercised */
    saha_ctx_free(ctx);
}

/* ---- segment replacement (vrp_replace.c) ------------------------------------------ */

/* Random instances of every flavour, partial solutions: for each unvisited customer u,
 * brute force with the independent checker over every route, every run of consecutive
 * visits worth less than u and every position of u outside the run gives the best gain
 * (u's search prize minus the run's minus the cost change) of the move family, and
 * over u in the run's own place the gain the operator must at least reach (it tries
 * that place and u's cheapest ones). saha__vrp_replace then gains between the two
 * (returning how many it removed, listed in w.buf2, with a solution that passes the
 * checks from scratch), or returns 0 and changes nothing when no candidate gains. */
static void test_replace_random(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    size_t applied = 0, declined = 0, moved = 0;
    (void)state;
    for (uint64_t seed = 1; seed <= 160; seed++) {
        tinst t;
        vrp_shared sh;
        vrp_sol s, s0;
        vrp_work w;
        size_t rs[MAXV + 1], order[MAXN], seq[MAXN];
        saha_cost obj;
        make_inst(&t, seed, MAXN, 1 + seed % MAXV, (int)(seed % 128));
        SAHA_TEST_OK(ctx, saha__vrp_shared_init(ctx, &sh, &t.vrp));
        SAHA_TEST_OK(ctx, saha__vrp_sol_init(ctx, &s, &sh));
        SAHA_TEST_OK(ctx, saha__vrp_sol_init(ctx, &s0, &sh));
        SAHA_TEST_OK(ctx, saha__vrp_work_init(ctx, &w, &sh));
        /* low prizes first, so the routes fill up with what is worth replacing */
        for (size_t c = 0; c < MAXN; c++) {
            size_t v, pos;
            saha_cost dc;
            if (t.prize[c] < 60 &&
                saha__vrp_best_insert(&s, c, 0, VRP_INF, w.buf, &v, &pos, &dc, NULL))
                saha__vrp_insert_at(&s, c, v, pos, w.buf);
        }
        saha__vrp_sol_copy(&s0, &s);
        for (size_t u = 0; u < MAXN; u++) {
            saha_cost inplace = 0, any = 0;
            if (s0.route_of[u] != VRP_NONE)
                continue;
            for (size_t v = 0; v < t.nv; v++) {
                const vrp_route *r = &s0.r[v];
                saha_cost c0, c1;
                assert_true(route_ok(&t.vrp, v, r->seq, r->len, &c0));
                for (size_t i = 0; i < r->len; i++)
                    for (size_t j = i + 1; j <= r->len; j++) {
                        saha_cost run = 0;
                        for (size_t k = i; k < j; k++)
                            run += sh.eprize[r->seq[k]];
                        if (run >= sh.eprize[u])
                            continue;
                        /* u after kept visit q - 1 (q = 0: first), run left out */
                        for (size_t q = 0; q <= r->len; q++) {
                            size_t n = 0;
                            saha_cost g;
                            if (q > i && q < j)
                                continue;
                            for (size_t k = 0; k <= r->len; k++) {
                                if (k == q)
                                    seq[n++] = u;
                                if (k < r->len && (k < i || k >= j))
                                    seq[n++] = r->seq[k];
                            }
                            if (!route_ok(&t.vrp, v, seq, n, &c1))
                                continue;
                            g = sh.eprize[u] - run - (c1 - c0);
                            if (g > any)
                                any = g;
                            if ((q == i || q == j) && g > inplace)
                                inplace = g;
                        }
                    }
            }
            saha__vrp_sol_copy(&s, &s0);
            if (any > 0) {
                size_t nrem = saha__vrp_replace(&s, &w, u);
                if (nrem == 0) {
                    assert_int_equal(inplace, 0);
                    assert_int_equal(s.obj, s0.obj);
                    continue;
                }
                assert_true(s.obj - s0.obj >= inplace && s.obj - s0.obj <= any);
                moved += s.obj - s0.obj > inplace;
                assert_int_not_equal(s.route_of[u], VRP_NONE);
                assert_int_equal(s.nvisited + nrem, s0.nvisited + 1);
                for (size_t k = 0; k < nrem; k++) { /* the removed ones */
                    assert_int_equal(s.route_of[w.buf2[k]], VRP_NONE);
                    assert_int_not_equal(s0.route_of[w.buf2[k]], VRP_NONE);
                }
                regret_check(&t.vrp, &s, rs, order, &obj);
                applied++;
            } else {
                assert_int_equal(saha__vrp_replace(&s, &w, u), 0);
                assert_int_equal(s.obj, s0.obj);
                assert_int_equal(s.nvisited, s0.nvisited);
                declined++;
            }
        }
        saha__vrp_work_free(ctx, &w);
        saha__vrp_sol_free(ctx, &s0);
        saha__vrp_sol_free(ctx, &s);
        saha__vrp_shared_free(ctx, &sh);
    }
    assert_true(moved > 50);                    /* u away from the run's place won */
    assert_true(applied > 50 && declined > 50); /* both outcomes were exercised */
    saha_ctx_free(ctx);
}

/* ---- the recreate pool (vrp_ils.c) ----------------------------------------------- */

#define POOL_NC 300

/* Position of c in r's neighbour list, or knn when absent. */
static size_t nbr_rank(const vrp_shared *sh, size_t r, size_t c)
{
    for (size_t k = 0; k < sh->knn; k++)
        if (sh->nbr[r * sh->knn + k] == c)
            return k;
    return sh->knn;
}

/* 300 customers at random points, one unlimited vehicle serving some of the first 60;
 * the others of those 60 are the ruined ones (w.list[0..n)). The pool must hold only
 * unvisited customers outside the list, each a neighbour of a ruined one, nearest
 * first over the ruined ones (an eligible neighbour left out means the pool is full
 * and holds none deeper in the lists), all of them when fewer than q; with nothing
 * ruined, or from the random pool, q unvisited customers outside the list. (A random pool
 * fails the neighbour checks: 24 neighbours of a few customers out of 300.) */
static void test_add_unvisited(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    const size_t nc = POOL_NC, nn = POOL_NC + 1;
    int64_t *tm = calloc(nn * nn, sizeof *tm);
    saha_cost *cost = calloc(nn * nn, sizeof *cost), prize[POOL_NC];
    double x[POOL_NC + 1], y[POOL_NC + 1];
    saha_vrp_vehicle veh;
    saha_vrp inst;
    vrp_shared sh;
    vrp_sol s;
    vrp_work w;
    uint64_t g = 7;
    size_t full = 0, short_pool = 0;
    (void)state;
    assert_non_null(tm);
    assert_non_null(cost);
    for (size_t i = 0; i < nn; i++) {
        x[i] = (double)rnd(&g, 0, 1000);
        y[i] = (double)rnd(&g, 0, 1000);
    }
    for (size_t i = 0; i < nn; i++)
        for (size_t j = 0; j < nn; j++) {
            double d =
                sqrt((x[i] - x[j]) * (x[i] - x[j]) + (y[i] - y[j]) * (y[i] - y[j]));
            tm[i * nn + j] = (int64_t)ceil(d);
            cost[i * nn + j] = (saha_cost)ceil(d);
        }
    for (size_t c = 0; c < nc; c++)
        prize[c] = 1000;
    memset(&veh, 0, sizeof veh);
    veh.start_node = veh.end_node = nc;
    veh.latest_end = veh.max_travel_time = veh.max_distance = veh.max_visits =
        SAHA_VRP_NO_LIMIT;
    memset(&inst, 0, sizeof inst);
    inst.ncustomers = nc;
    inst.nnodes = nn;
    inst.nvehicles = 1;
    inst.time = tm;
    inst.cost = cost;
    inst.prize = prize;
    inst.vehicles = &veh;
    inst.symmetric = 1;
    SAHA_TEST_OK(ctx, saha__vrp_shared_init(ctx, &sh, &inst));
    assert_int_equal(sh.knn, 24);
    SAHA_TEST_OK(ctx, saha__vrp_work_init(ctx, &w, &sh));
    saha__rng_seed(&w.rng, 3);
    for (uint64_t trial = 0; trial < 200; trial++) {
        size_t n = 0, q = 1 + (size_t)rnd(&g, 0, 29), len, added;
        uint8_t ruined[POOL_NC] = {0}, seen[POOL_NC] = {0};
        size_t rl[60];
        SAHA_TEST_OK(ctx, saha__vrp_sol_init(ctx, &s, &sh));
        for (size_t c = 0; c < 60; c++) {
            /* none ruined, one (often fewer eligible neighbours than q), or about 6 */
            if (trial % 10 != 0 &&
                (trial % 3 == 0 ? c == trial % 60 : rnd(&g, 0, 9) == 0)) {
                ruined[c] = 1;
                rl[n] = c;
                w.list[n++] = c;
            } else {
                saha__vrp_insert_at(&s, c, 0, s.r[0].len, w.buf);
            }
        }
        len = saha__vrp_add_unvisited(&s, &w, n, q, 1);
        assert_true(len >= n && len - n <= q);
        added = len - n;
        for (size_t c = 0; c < nc; c++)
            assert_int_equal(w.inq[c], 0);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(w.list[i], rl[i]); /* the ruined ones stay first */
        for (size_t i = n; i < len; i++) {
            size_t c = w.list[i];
            assert_true(c < nc);
            assert_int_equal(s.route_of[c], VRP_NONE);
            assert_false(ruined[c]);
            assert_false(seen[c]);
            seen[c] = 1;
        }
        if (n == 0) {
            assert_int_equal(added, q); /* 240 unvisited, q <= 30 */
            saha__vrp_sol_free(ctx, &s);
            continue;
        }
        {
            size_t deepest = 0, missed = sh.knn;
            for (size_t i = n; i < len; i++) {
                size_t c = w.list[i], d = sh.knn;
                for (size_t r = 0; r < n; r++) {
                    size_t k = nbr_rank(&sh, w.list[r], c);
                    d = k < d ? k : d;
                }
                assert_true(d < sh.knn); /* a neighbour of a ruined customer */
                deepest = d > deepest ? d : deepest;
            }
            for (size_t r = 0; r < n; r++)
                for (size_t k = 0; k < sh.knn; k++) {
                    size_t c = sh.nbr[w.list[r] * sh.knn + k];
                    if (s.route_of[c] == VRP_NONE && !ruined[c] && !seen[c] && k < missed)
                        missed = k;
                }
            if (missed < sh.knn) {
                assert_int_equal(added, q); /* left one out: the pool is full */
                assert_true(deepest <= missed);
                full++;
            } else {
                short_pool += added < q;
            }
        }
        /* the random pool: q unvisited customers outside the list, wherever they are */
        len = saha__vrp_add_unvisited(&s, &w, n, q, 0);
        assert_int_equal(len, n + q);
        memset(seen, 0, sizeof seen);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(w.list[i], rl[i]);
        for (size_t i = n; i < len; i++) {
            size_t c = w.list[i];
            assert_int_equal(s.route_of[c], VRP_NONE);
            assert_false(ruined[c]);
            assert_false(seen[c]);
            seen[c] = 1;
        }
        for (size_t c = 0; c < nc; c++)
            assert_int_equal(w.inq[c], 0);
        saha__vrp_sol_free(ctx, &s);
    }
    assert_true(full > 20 && short_pool > 5); /* both cases were exercised */
    saha__vrp_work_free(ctx, &w);
    saha__vrp_shared_free(ctx, &sh);
    free(tm);
    free(cost);
    saha_ctx_free(ctx);
}

/* A fake clock for the annealing clock: one second a reading. */
static double fake_time;
static double fake_now(void)
{
    fake_time += 1.0;
    return fake_time;
}

/* A timed search (no iteration bound): the share done follows the time spent at every
 * iteration, not only at those that read the clock, and never goes back; the deadline
 * stops it. */
static void test_clock_timed(void **state)
{
    vrp_clock c;
    double frac, prev = 0;
    size_t it;
    (void)state;
    fake_time = 0;
    saha__vrp_clock_init(&c, SIZE_MAX, 0.0, 10.0, fake_now);
    for (it = 0; saha__vrp_clock_tick(&c, it, &frac); it++) {
        assert_true(frac >= prev);
        /* the clock was read at it - it % 8, at second it / 8 + 1 */
        assert_true(fabs(frac - (double)(it / 8 + 1) / 10.0) < 1e-12);
        prev = frac;
    }
    assert_int_equal(it, 72); /* the 10th reading, at second 10, is the deadline */
}

/* An iteration bound with a later deadline: the bound's share wins while ahead. */
static void test_clock_bounded(void **state)
{
    vrp_clock c;
    double frac;
    (void)state;
    fake_time = 0;
    saha__vrp_clock_init(&c, 100, 0.0, 1000.0, fake_now);
    assert_true(saha__vrp_clock_tick(&c, 48, &frac)); /* reads the clock: 1 s of 1000 */
    assert_true(fabs(frac - 0.48) < 1e-12);
    saha__vrp_clock_init(&c, 100, 0.0, 0.0, fake_now); /* no deadline: no reading */
    assert_true(saha__vrp_clock_tick(&c, 8, &frac));
    assert_true(fabs(frac - 0.08) < 1e-12);
    assert_true(fake_time == 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schedule_hand),
        cmocka_unit_test(test_schedule_matches_checker),
        cmocka_unit_test(test_brute_force_optimum),
        cmocka_unit_test(test_random_feasible),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_schedule_road_hand),
        cmocka_unit_test(test_road_break_solve),
        cmocka_unit_test(test_required_infeasible),
        cmocka_unit_test(test_tsp_tiny),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_tsp_eligible),
        cmocka_unit_test(test_tsp_brute),
        cmocka_unit_test(test_tsp_vs_generic),
        cmocka_unit_test(test_tsp_deterministic),
        cmocka_unit_test(test_tsp_alloc_failures),
        cmocka_unit_test(test_cross_exchange),
        cmocka_unit_test(test_cross_exchange_forbidden),
        cmocka_unit_test(test_regret_random),
        cmocka_unit_test(test_regret_single_option_first),
        cmocka_unit_test(test_regret_required),
        cmocka_unit_test(test_best_insert_limit),
        cmocka_unit_test(test_replace_random),
        cmocka_unit_test(test_add_unvisited),
        cmocka_unit_test(test_clock_timed),
        cmocka_unit_test(test_clock_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
