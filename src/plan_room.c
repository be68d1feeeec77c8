/* plan_room: unplanned visits that pay for themselves, inserted after a quarter plan's
 * search and greedy repair (issue #15).
 *
 * The model prices the time driven (m->time_price, plan_cadence.c) on every drive of a
 * visit, the drive home included, so the search does not buy visits with long drives
 * out and back when the work does not fit. That price is a steering device, not money:
 * once the search is done, an unplanned visit whose value (its prize) is above the real
 * cost of its cheapest feasible insertion (the route's cost less the price of the time
 * driven) is put there, the best gain first, until none is left. On the quarter bench
 * (tests/bench/RESULTS.md) pricing the drive home alone cut km but lost visits on
 * rhythm and the emptiest week; with this step all three are better than before.
 *
 * Complexity: O(rounds x customers x total route length) schedule calls. Invariants:
 * every changed route stays feasible (an insertion is kept only when its schedule is),
 * no planned visit is moved or dropped. Caller: plan.c (after the greedy repair, before
 * the kept-visit fill). */
#include <math.h>
#include <string.h>

#include "internal/plan_cadence.h"
#include "internal/plan_model.h"

/* where[c] = the vehicle serving customer c (SIZE_MAX: none). */
static void locate(const saha_vrp_solution *sol, size_t nv, size_t nc, size_t *where)
{
    for (size_t c = 0; c < nc; c++)
        where[c] = SIZE_MAX;
    for (size_t v = 0; v < nv; v++)
        for (size_t k = sol->route_start[v]; k < sol->route_start[v + 1]; k++)
            if (sol->order[k] < nc)
                where[sol->order[k]] = v;
}

/* Best insertion of unplanned c by its real cost (the price of time taken off). */
static int room_insert(const saha_plan_model *m, const saha_vrp_solution *sol, size_t c,
                       size_t *seq, size_t *v_out, size_t *p_out, saha_cost *delta_out)
{
    const saha_vrp *inst = &m->vrp;
    size_t nc = inst->ncustomers;
    int found = 0;
    double per_s = m->time_price * 100.0; /* the model's price per second, in cents */
    for (size_t v = 0; v < inst->nvehicles; v++) {
        const size_t *r = sol->order + sol->route_start[v];
        size_t len = sol->route_start[v + 1] - sol->route_start[v];
        saha_vrp_sched b, sc;
        if (inst->ntw[v * nc + c] == 0 || len == 0)
            continue;
        if (!saha__vrp_schedule(inst, v, r, len, NULL, NULL, &b))
            continue;
        for (size_t p = 0; p <= len; p++) {
            saha_cost d;
            saha_plan__seq_insert(seq, r, len, p, c);
            if (!saha__vrp_schedule(inst, v, seq, len + 1, NULL, NULL, &sc))
                continue;
            d = sc.cost - b.cost -
                (saha_cost)llround(per_s * (double)(sc.travel_time - b.travel_time));
            if (!found || d < *delta_out) {
                found = 1;
                *v_out = v;
                *p_out = p;
                *delta_out = d;
            }
        }
    }
    return found;
}

saha_status saha_plan__fill_room(const saha_plan_model *m, saha_vrp_solution *sol)
{
    saha_ctx *ctx = m->ctx;
    const saha_vrp *inst = &m->vrp;
    size_t nc = inst->ncustomers, nv = inst->nvehicles, total;
    size_t *order, *seq, *where;

    if (!m->cad || !(m->time_price > 0) || nc == 0 || !inst->ntw)
        return SAHA_OK;
    total = sol->route_start[nv];
    seq = saha__alloc_array(ctx, nc + 2, sizeof *seq);
    where = saha__alloc_array(ctx, nc, sizeof *where);
    if (!seq || !where || saha_plan__order_room(ctx, sol, nv, nc) != SAHA_OK) {
        saha__free(ctx, seq);
        saha__free(ctx, where);
        return SAHA_ENOMEM;
    }
    order = sol->order;
    locate(sol, nv, nc, where);
    for (;;) {
        size_t pick = SIZE_MAX, pv = 0, pp = 0;
        saha_cost pick_gain = 0;
        for (size_t c = 0; c < nc; c++) {
            size_t v = 0, p = 0;
            saha_cost d = 0;
            if (where[c] != SIZE_MAX || inst->prize[c] <= 0)
                continue;
            if (room_insert(m, sol, c, seq, &v, &p, &d) &&
                inst->prize[c] - d > pick_gain) {
                pick = c;
                pv = v;
                pp = p;
                pick_gain = inst->prize[c] - d;
            }
        }
        if (pick == SIZE_MAX)
            break;
        total = saha_plan__order_insert(order, sol->route_start, nv, total, pv, pp, pick);
        where[pick] = pv;
    }
    saha__free(ctx, seq);
    saha__free(ctx, where);
    sol->feasible = saha__vrp_evaluate(inst, sol, &sol->objective);
    return SAHA_OK;
}
