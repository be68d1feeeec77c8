/* The reference schedule of one route and the from-scratch evaluation of a solution.
 *
 * Method: forward time propagation with two states per stop, "break not yet taken" (N)
 * and "break taken" (T), each holding the earliest time the vehicle is ready to leave
 * the stop. Arriving earlier never hurts (the vehicle may wait anywhere), so the earliest
 * time dominates within a state and the recursion is exact:
 *   arrive = ready(prev) + time[prev][c]; service starts at the earliest start >= arrive
 *   inside one of c's windows for this vehicle (none: at arrival); ready = start +
 * service; T(c) = min(T via the previous T, N(c) then the break at c: max(N(c),
 * b_earliest)
 *   + duration, allowed when that start <= b_latest).
 * The break may also be taken at the start node before leaving, and at the end node when
 * the vehicle arrives there with the break still owed (it then starts within its window
 * and must end by latest_end). Among equally early finishes the earliest break position
 * wins.
 * Break on the road (vehicle break_on_road): the break may also fall during a leg.
 * Leaving a node ready at r with the break owed, on a leg of tt, the vehicle drives while
 * it waits for the window, stops as soon as it may (b = max(r, b_earliest), allowed when
 * b <= b_latest) and drives the rest afterwards, reaching the leg's end at
 * max(r + tt, b_earliest) + duration. That is never later than the break at either end
 * of the leg, so in this mode T comes only from legs (the start's and the end node's
 * legs included) and the break position is a leg: "after that many customers", with
 * break_drive = the part of the leg driven before it. A second pass with the chosen break
 * position fills the per-stop times, and the departure from the start is then delayed so
 * the vehicle arrives at its first customer exactly when service starts (this saves
 * waiting and changes no later time). An empty route is not driven (cost 0, always
 * feasible) unless inst->empty_drives and its start and end differ: then it is the direct
 * drive, checked like any route.
 *
 * Complexity: O(len * SAHA_VRP_MAX_TW) per route; saha__vrp_evaluate is O(n + sum len).
 * Invariants: all times are int64 and guarded against overflow by VRP_INF arithmetic.
 * Callers: the solver (final check of every route), tests, the plan's itinerary, bench.
 */
#include <math.h>
#include <string.h>

#include "internal/vrp.h"
#include "vrp/vrp_engine.h"

#define BPOS_NONE SIZE_MAX
#define BPOS_END (SIZE_MAX - 1)

static int64_t add_sat(int64_t a, int64_t b)
{
    if (a >= VRP_INF || b >= VRP_INF)
        return VRP_INF;
    if (a > 0 && b > INT64_MAX - a)
        return VRP_INF;
    return a + b;
}

int64_t saha__vrp_service_start(const saha_vrp *inst, size_t v, size_t c, int64_t arrive)
{
    if (arrive >= VRP_INF)
        return VRP_INF;
    if (!inst->ntw)
        return arrive;
    size_t k = v * inst->ncustomers + c;
    size_t nw = inst->ntw[k];
    int64_t best = VRP_INF;
    const saha_vrp_tw *w = inst->tw + k * SAHA_VRP_MAX_TW;
    if (nw > SAHA_VRP_MAX_TW)
        nw = SAHA_VRP_MAX_TW;
    for (size_t i = 0; i < nw; i++) {
        int64_t s = arrive > w[i].open ? arrive : w[i].open;
        if (s <= w[i].close && s < best)
            best = s;
    }
    return best;
}

/* Ready time after taking the break at a point where the vehicle is ready at r;
 * VRP_INF when the break window has passed. */
static int64_t take_break(const saha_vrp_vehicle *veh, int64_t r)
{
    if (r >= VRP_INF)
        return VRP_INF;
    int64_t b = r > veh->break_earliest ? r : veh->break_earliest;
    if (b > veh->break_latest)
        return VRP_INF;
    return add_sat(b, veh->break_duration);
}

/* Arrival at the end of a leg of tt when the break is taken on it, leaving ready at r
 * with the break owed (break on the road, see the top comment); VRP_INF when the break
 * would start after its window. */
static int64_t road_break(const saha_vrp_vehicle *veh, int64_t r, int64_t tt)
{
    int64_t a;
    if (r >= VRP_INF)
        return VRP_INF;
    if ((r > veh->break_earliest ? r : veh->break_earliest) > veh->break_latest)
        return VRP_INF;
    a = add_sat(r, tt);
    if (a < veh->break_earliest)
        a = veh->break_earliest;
    return add_sat(a, veh->break_duration);
}

static int on_road(const saha_vrp_vehicle *veh)
{
    return veh->break_duration > 0 && veh->break_on_road;
}

static int64_t svc(const saha_vrp *inst, size_t c)
{
    return inst->service ? inst->service[c] : 0;
}

saha_cost saha__vrp_balance_cost(const saha_vrp *inst, int64_t work)
{
    double w, c;
    if (!(inst->balance > 0) || work <= 0)
        return 0;
    w = (double)work;
    c = inst->balance * w * w;
    return c < 1e17 ? (saha_cost)llround(c) : (saha_cost)100000000000000000LL;
}

/* First pass: the two-state recursion. Returns 1 when the times work out and sets
 * *bpos_out to the chosen break position (after that many customers, NONE or END). */
static int forward(const saha_vrp *inst, size_t v, const size_t *seq, size_t len,
                   size_t *bpos_out)
{
    const saha_vrp_vehicle *veh = &inst->vehicles[v];
    size_t n = inst->nnodes, prev;
    int ok = 1, has_break, road = on_road(veh);
    int64_t tN, tT;
    size_t bpos_T = BPOS_NONE; /* break position of the T state (0 = at start) */
    size_t bpos;               /* chosen: after that many customers, or NONE / END */

    has_break = veh->break_duration > 0;
    tN = veh->earliest_start;
    tT = VRP_INF;
    if (has_break && !road) {
        tT = take_break(veh, tN);
        if (tT < VRP_INF)
            bpos_T = 0;
    }
    prev = veh->start_node;
    for (size_t k = 0; k < len; k++) {
        size_t c = seq[k];
        int64_t tt = inst->time[prev * n + c];
        int64_t aT = add_sat(tT, tt);
        int64_t sN, sT;
        if (road) {
            int64_t aR = road_break(veh, tN, tt);
            if (aR < aT) {
                aT = aR;
                bpos_T = k; /* on the leg into customer k */
            }
        }
        sN = saha__vrp_service_start(inst, v, c, add_sat(tN, tt));
        sT = saha__vrp_service_start(inst, v, c, aT);
        tN = add_sat(sN, svc(inst, c));
        tT = add_sat(sT, svc(inst, c));
        if (has_break && !road) {
            int64_t b = take_break(veh, tN);
            if (b < tT) {
                tT = b;
                bpos_T = k + 1;
            }
        }
        prev = c;
    }
    {
        int64_t tt = inst->time[prev * n + veh->end_node];
        int64_t aN = add_sat(tN, tt), aT = add_sat(tT, tt);
        if (!has_break) {
            bpos = BPOS_NONE;
            if (aN > veh->latest_end)
                ok = 0;
        } else if (road) {
            int64_t aR = road_break(veh, tN, tt); /* on the last leg */
            if (aT <= veh->latest_end && aT <= aR)
                bpos = bpos_T;
            else if (aR <= veh->latest_end)
                bpos = len;
            else {
                ok = 0;
                bpos = bpos_T != BPOS_NONE ? bpos_T : len;
            }
        } else {
            int64_t fin_end = take_break(veh, aN); /* the break at the end node */
            if (aT <= veh->latest_end && aT <= fin_end)
                bpos = bpos_T;
            else if (fin_end <= veh->latest_end)
                bpos = BPOS_END;
            else {
                ok = 0;
                bpos = bpos_T != BPOS_NONE ? bpos_T : BPOS_END;
            }
        }
    }

    *bpos_out = bpos;
    return ok;
}

/* ---- Constant-time checks: the recursion split at any point of a route. ----
 * Forward: the (N, T) ready times after a stop, exactly as in forward() above.
 * Backward: for a stop (or the end node) and a state, the LATEST arrival time from which
 * the rest of the route is still feasible. Feasibility of the rest is monotone in the
 * arrival time (earlier never hurts), so it is a threshold: at the end node latest_end
 * (T) or the latest arrival that still fits the break (N); at customer c followed by x,
 * the latest ready time R = L(x) - time[c][x] (N also: R for taking the break at c then
 * continuing in T), and the latest arrival is the maximum over c's windows of
 * min(close, R - service) when that is not before the window opens. A candidate route
 * joining forward states (tN, tT) at node m to a kept suffix starting at j is feasible
 * iff tN + time[m][j] <= LN(j) or tT + time[m][j] <= LT(j). VRP_NEG = no arrival works.
 */
void saha__vrp_fwd_init(const saha_vrp *inst, size_t v, int64_t *tN, int64_t *tT)
{
    const saha_vrp_vehicle *veh = &inst->vehicles[v];
    *tN = veh->earliest_start;
    *tT = veh->break_duration > 0 && !veh->break_on_road ? take_break(veh, *tN) : VRP_INF;
}

void saha__vrp_fwd_step(const saha_vrp *inst, size_t v, size_t prev, size_t c,
                        int64_t *tN, int64_t *tT)
{
    const saha_vrp_vehicle *veh = &inst->vehicles[v];
    int64_t tt = inst->time[prev * inst->nnodes + c];
    int64_t aT = add_sat(*tT, tt);
    int64_t sN, sT, nN, nT;
    if (on_road(veh)) {
        int64_t aR = road_break(veh, *tN, tt);
        if (aR < aT)
            aT = aR;
    }
    sN = saha__vrp_service_start(inst, v, c, add_sat(*tN, tt));
    sT = saha__vrp_service_start(inst, v, c, aT);
    nN = add_sat(sN, svc(inst, c));
    nT = add_sat(sT, svc(inst, c));
    if (veh->break_duration > 0 && !veh->break_on_road) {
        int64_t b = take_break(veh, nN);
        if (b < nT)
            nT = b;
    }
    *tN = nN;
    *tT = nT;
}

int saha__vrp_fwd_end(const saha_vrp *inst, size_t v, size_t prev, int64_t tN, int64_t tT)
{
    const saha_vrp_vehicle *veh = &inst->vehicles[v];
    int64_t tt = inst->time[prev * inst->nnodes + veh->end_node];
    int64_t aN = add_sat(tN, tt), aT = add_sat(tT, tt);
    if (veh->break_duration <= 0)
        return aN <= veh->latest_end;
    if (veh->break_on_road)
        return aT <= veh->latest_end || road_break(veh, tN, tt) <= veh->latest_end;
    return aT <= veh->latest_end || take_break(veh, aN) <= veh->latest_end;
}

int saha__vrp_join_ok(const saha_vrp *inst, size_t v, size_t prev, size_t j, int64_t tN,
                      int64_t tT, int64_t lN, int64_t lT)
{
    const saha_vrp_vehicle *veh = &inst->vehicles[v];
    int64_t tt = inst->time[prev * inst->nnodes + j];
    if (add_sat(tN, tt) <= lN || add_sat(tT, tt) <= lT)
        return 1;
    return on_road(veh) && road_break(veh, tN, tt) <= lT;
}

static int64_t sub_neg(int64_t a, int64_t b)
{
    if (a <= VRP_NEG)
        return VRP_NEG;
    a -= b;
    return a < VRP_NEG ? VRP_NEG : a;
}

/* Latest ready time before the break such that the break then ends by r (and starts in
 * its window). */
static int64_t break_latest(const saha_vrp_vehicle *veh, int64_t r)
{
    int64_t m;
    if (r <= VRP_NEG)
        return VRP_NEG;
    m = sub_neg(r, veh->break_duration);
    if (m > veh->break_latest)
        m = veh->break_latest;
    return veh->break_earliest <= m ? m : VRP_NEG;
}

void saha__vrp_bwd_end(const saha_vrp *inst, size_t v, int64_t *lN, int64_t *lT)
{
    const saha_vrp_vehicle *veh = &inst->vehicles[v];
    int64_t le = veh->latest_end < VRP_INF ? veh->latest_end : VRP_INF;
    if (veh->break_duration <= 0) {
        *lN = le;
        *lT = VRP_NEG;
        return;
    }
    *lT = le;
    /* on the road the break at the end node is part of the last leg (bwd_step) */
    *lN = veh->break_on_road ? VRP_NEG : break_latest(veh, le);
}

/* Latest arrival at c from which service ends by r. */
static int64_t latest_arrival(const saha_vrp *inst, size_t v, size_t c, int64_t r)
{
    int64_t best = VRP_NEG, e;
    if (r <= VRP_NEG)
        return VRP_NEG;
    e = sub_neg(r, svc(inst, c));
    if (!inst->ntw)
        return e;
    {
        size_t k = v * inst->ncustomers + c;
        size_t nw = inst->ntw[k];
        const saha_vrp_tw *w = inst->tw + k * SAHA_VRP_MAX_TW;
        if (nw > SAHA_VRP_MAX_TW)
            nw = SAHA_VRP_MAX_TW;
        for (size_t i = 0; i < nw; i++) {
            int64_t x = e < w[i].close ? e : w[i].close;
            if (w[i].open <= x && x > best)
                best = x;
        }
    }
    return best;
}

void saha__vrp_bwd_step(const saha_vrp *inst, size_t v, size_t c, size_t next,
                        int64_t *lN, int64_t *lT)
{
    const saha_vrp_vehicle *veh = &inst->vehicles[v];
    int64_t tt = inst->time[c * inst->nnodes + next];
    int64_t rN = sub_neg(*lN, tt), rT = sub_neg(*lT, tt);
    if (on_road(veh)) {
        /* the break on the leg to next: leave by b_latest and reach next by lT */
        if (*lT > VRP_NEG && veh->break_earliest <= veh->break_latest &&
            add_sat(veh->break_earliest, veh->break_duration) <= *lT) {
            int64_t b = sub_neg(rT, veh->break_duration);
            if (b > veh->break_latest)
                b = veh->break_latest;
            if (b > rN)
                rN = b;
        }
    } else if (veh->break_duration > 0) {
        int64_t b = break_latest(veh, rT);
        if (b > rN)
            rN = b;
    }
    *lN = latest_arrival(inst, v, c, rN);
    *lT = veh->break_duration > 0 ? latest_arrival(inst, v, c, rT) : VRP_NEG;
}

int saha__vrp_time_feasible(const saha_vrp *inst, size_t v, const size_t *seq, size_t len)
{
    size_t bpos;
    if (len == 0 && (inst->vehicles[v].start_node == inst->vehicles[v].end_node ||
                     !inst->empty_drives))
        return 1;
    return forward(inst, v, seq, len, &bpos);
}

/* The second pass of a break-on-the-road schedule: the break on leg bpos (after that
 * many customers), taken as soon as it may with as much of the leg driven before it as
 * the wait allows. Fills the times, departure, arrival and break fields of *sc; 1 when
 * every time works out. The vehicle leaves its start at earliest_start, or later when
 * that only means waiting: for the first customer's window, or (break on the first leg)
 * for the break window. */
static int road_pass(const saha_vrp *inst, size_t v, const size_t *seq, size_t len,
                     size_t bpos, int64_t *arrive, int64_t *start, saha_vrp_sched *sc)
{
    const saha_vrp_vehicle *veh = &inst->vehicles[v];
    size_t n = inst->nnodes, prev = veh->start_node;
    int64_t t = veh->earliest_start, first_start = -1;
    int ok = 1;

    for (size_t k = 0; k <= len; k++) {
        size_t c = k < len ? seq[k] : veh->end_node;
        int64_t tt = inst->time[prev * n + c], a, reach;
        if (k == bpos) {
            int64_t b, x;
            if (k == 0 && veh->break_earliest - tt > t) {
                t = veh->break_earliest - tt; /* arrive as the break may start */
                sc->depart_start = t;
            }
            b = t > veh->break_earliest ? t : veh->break_earliest;
            x = b - t < tt ? b - t : tt;
            if (b > veh->break_latest)
                ok = 0;
            sc->break_start = b;
            sc->break_after = k;
            sc->break_drive = x;
            a = add_sat(add_sat(b, veh->break_duration), tt - x);
            /* the end node is reached before a break taken there */
            reach = x == tt ? add_sat(t, tt) : a;
        } else {
            a = reach = add_sat(t, tt);
        }
        if (k == len) {
            sc->arrive_end = reach;
            if (a > veh->latest_end)
                ok = 0;
            break;
        }
        {
            int64_t st = saha__vrp_service_start(inst, v, c, a);
            if (st >= VRP_INF)
                ok = 0;
            if (arrive)
                arrive[k] = a;
            if (start)
                start[k] = st;
            if (k == 0)
                first_start = st;
            t = add_sat(st, svc(inst, c));
        }
        prev = c;
    }
    if (sc->break_start < 0)
        ok = 0;
    if (bpos != 0 && len > 0 && first_start >= 0 && first_start < VRP_INF) {
        int64_t d = first_start - inst->time[veh->start_node * n + seq[0]];
        if (d > sc->depart_start) {
            sc->depart_start = d;
            if (arrive)
                arrive[0] = first_start;
        }
    }
    return ok;
}

int saha__vrp_schedule(const saha_vrp *inst, size_t v, const size_t *seq, size_t len,
                       int64_t *arrive, int64_t *start, saha_vrp_sched *out)
{
    saha_vrp_sched sc;
    const saha_vrp_vehicle *veh;
    int ok = 1;
    size_t nc, n, prev;
    size_t bpos;

    memset(&sc, 0, sizeof sc);
    sc.break_start = -1;
    if (!inst || v >= inst->nvehicles) {
        if (out)
            *out = sc;
        return 0;
    }
    veh = &inst->vehicles[v];
    nc = inst->ncustomers;
    n = inst->nnodes;
    sc.depart_start = veh->earliest_start;
    sc.arrive_end = veh->earliest_start;
    if (len == 0 && (veh->start_node == veh->end_node || !inst->empty_drives)) {
        if (out)
            *out = sc;
        return 1; /* not driven */
    }
    if (veh->start_node >= n || veh->end_node >= n)
        ok = 0;
    for (size_t k = 0; k < len && ok; k++) {
        if (seq[k] >= nc)
            ok = 0;
        else if (inst->ntw && inst->ntw[v * nc + seq[k]] == 0)
            ok = 0;
    }
    if (!ok) {
        if (out)
            *out = sc;
        return 0;
    }
    /* Sums along the route. */
    prev = veh->start_node;
    for (size_t k = 0; k <= len; k++) {
        size_t c = k < len ? seq[k] : veh->end_node;
        sc.travel_time += inst->time[prev * n + c];
        sc.cost += inst->cost[prev * n + c];
        if (inst->dist)
            sc.distance += inst->dist[prev * n + c];
        if (k < len)
            sc.service_time += svc(inst, c);
        if (k < len && inst->day_cost)
            sc.cost += inst->day_cost[v * nc + c];
        prev = c;
    }
    sc.cost += saha__vrp_balance_cost(inst, sc.travel_time + sc.service_time);
    if (sc.travel_time > veh->max_travel_time)
        ok = 0;
    if (inst->dist && sc.distance > veh->max_distance)
        ok = 0;
    if ((int64_t)len > veh->max_visits)
        ok = 0;

    if (!forward(inst, v, seq, len, &bpos))
        ok = 0;

    /* Second pass with the break position fixed, filling the outputs. */
    if (on_road(veh)) {
        if (!road_pass(inst, v, seq, len, bpos, arrive, start, &sc))
            ok = 0;
    } else {
        int64_t t = veh->earliest_start;
        int64_t first_start = -1;
        if (bpos == 0) {
            sc.break_start = t > veh->break_earliest ? t : veh->break_earliest;
            sc.break_after = 0;
            t = take_break(veh, t);
        }
        prev = veh->start_node;
        for (size_t k = 0; k < len; k++) {
            size_t c = seq[k];
            int64_t a = add_sat(t, inst->time[prev * n + c]);
            int64_t s = saha__vrp_service_start(inst, v, c, a);
            if (s >= VRP_INF)
                ok = 0;
            if (arrive)
                arrive[k] = a;
            if (start)
                start[k] = s;
            if (k == 0)
                first_start = s;
            t = add_sat(s, svc(inst, c));
            if (bpos == k + 1) {
                sc.break_start = t > veh->break_earliest ? t : veh->break_earliest;
                sc.break_after = k + 1;
                t = take_break(veh, t);
            }
            prev = c;
        }
        t = add_sat(t, inst->time[prev * n + veh->end_node]);
        sc.arrive_end = t;
        if (t > veh->latest_end)
            ok = 0;
        if (bpos == BPOS_END) {
            sc.break_start = t > veh->break_earliest ? t : veh->break_earliest;
            sc.break_after = len;
            sc.break_drive = inst->time[prev * n + veh->end_node]; /* at the end node */
            if (take_break(veh, t) > veh->latest_end)
                ok = 0;
        }
        if (veh->break_duration > 0 && sc.break_start < 0)
            ok = 0;
        /* Leave later so the first customer is served on arrival (no change downstream).
         */
        if (bpos != 0 && first_start >= 0 && first_start < VRP_INF) {
            int64_t d = first_start - inst->time[veh->start_node * n + seq[0]];
            if (d > sc.depart_start) {
                sc.depart_start = d;
                if (arrive)
                    arrive[0] = first_start;
            }
        }
    }
    if (out)
        *out = sc;
    return ok;
}

int saha__vrp_evaluate(const saha_vrp *inst, const saha_vrp_solution *sol,
                       saha_cost *objective_out)
{
    int ok = 1;
    saha_cost obj = 0;
    size_t nc = inst->ncustomers;
    size_t total;

    if (objective_out)
        *objective_out = 0;
    if (!sol || sol->nvehicles != inst->nvehicles || !sol->route_start)
        return 0;
    total = sol->route_start[sol->nvehicles];
    /* Each customer at most once (quadratic, but allocation-free: tests and bench). */
    for (size_t i = 0; i < total; i++) {
        size_t c = sol->order[i];
        if (c >= nc) {
            ok = 0;
            continue;
        }
        for (size_t j = i + 1; j < total; j++)
            if (sol->order[j] == c)
                ok = 0;
        obj += inst->prize[c];
    }
    if (inst->required) {
        for (size_t c = 0; c < nc; c++) {
            int seen = 0;
            if (!inst->required[c])
                continue;
            for (size_t i = 0; i < total && !seen; i++)
                seen = sol->order[i] == c;
            if (!seen)
                ok = 0;
        }
    }
    for (size_t v = 0; v < sol->nvehicles; v++) {
        saha_vrp_sched sc;
        size_t b = sol->route_start[v], e = sol->route_start[v + 1];
        if (e < b || e > total) {
            ok = 0;
            continue;
        }
        if (!saha__vrp_schedule(inst, v, sol->order + b, e - b, NULL, NULL, &sc))
            ok = 0;
        obj -= sc.cost;
    }
    if (objective_out)
        *objective_out = obj;
    return ok;
}

void saha__vrp_solution_free(saha_ctx *ctx, saha_vrp_solution *sol)
{
    if (!sol)
        return;
    saha__free(ctx, sol->route_start);
    saha__free(ctx, sol->order);
    memset(sol, 0, sizeof *sol);
}
