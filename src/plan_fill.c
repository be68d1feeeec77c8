/* plan_fill: what the search left undone in a quarter plan (issue #15), filled after it.
 *
 * Empty days (saha_plan__fill_days). Every day of the horizon left without a visit
 * while some visit's cadence window is open on it (the customer has a time window on
 * that vehicle) gets one: among those visits, unplanned ones go there alone, and
 * planned ones move there from a day that keeps at least one visit; of the feasible
 * candidates the one whose day costs the least more (its drive out and back, less
 * what leaving its old day saves) wins, owed windows before optional ones. A visit
 * stays inside its window, so the spacing the windows guarantee holds, and a day
 * emptied by a move is never made. The search alone may leave such days: merging two
 * days' visits into one saves a drive out and back (tests/cli/test_quarter.sh, the
 * even-weeks case drawn with generator seeds 3 and 7: Fridays were left empty).
 *
 * Kept visits (saha_plan__fill_kept, --overload drop). The drop pass keeps the visits
 * that fit by its estimate of each day's room; the search may fill those days
 * otherwise. Every kept owed window still without a visit after the greedy repair is
 * put at its cheapest feasible place whatever it costs (it was kept for its value), or,
 * when no day of the window has room in the plan, dropped as "days full" (drop[k] =
 * 2), so the summary and the cadence report name it (before, the rich case of
 * test_quarter.sh left 4 kept visits of R27, C12 and C16 out, unnamed).
 *
 * Complexity: O(empty days x customers x route length) and O(kept windows x days x
 * route length) schedule calls. Invariants: the solution stays feasible (every
 * changed route is rescheduled), no planned visit is dropped. Caller: plan.c (after
 * the search: fill_days before the greedy repair, which may then add visits to the
 * filled days; fill_kept after it). Both are one kind of step, insertion after the
 * search, and share the helpers below. */
#include <string.h>

#include "internal/plan_cadence.h"
#include "internal/plan_model.h"

saha_cost saha_plan__route_cost(const saha_vrp *inst, size_t v, const size_t *seq,
                                size_t len)
{
    saha_vrp_sched sc;
    if (!saha__vrp_schedule(inst, v, seq, len, NULL, NULL, &sc))
        return -1;
    return sc.cost;
}

/* where[c] = the vehicle serving customer c (SIZE_MAX: none), pos[c] its place. */
static void locate(const saha_vrp_solution *sol, size_t nv, size_t nc, size_t *where,
                   size_t *pos)
{
    for (size_t c = 0; c < nc; c++)
        where[c] = SIZE_MAX;
    for (size_t v = 0; v < nv; v++)
        for (size_t k = sol->route_start[v]; k < sol->route_start[v + 1]; k++)
            if (sol->order[k] < nc) {
                where[sol->order[k]] = v;
                pos[sol->order[k]] = k - sol->route_start[v];
            }
}

saha_status saha_plan__order_room(saha_ctx *ctx, saha_vrp_solution *sol, size_t nv,
                                  size_t nc)
{
    size_t total = sol->route_start[nv];
    size_t *order = saha__alloc_array(ctx, nc + total + 1, sizeof *order);
    if (!order)
        return SAHA_ENOMEM;
    memcpy(order, sol->order, total * sizeof *order);
    saha__free(ctx, sol->order);
    sol->order = order;
    return SAHA_OK;
}

/* The fill steps' scratch: a trial day (nc + 2 entries), where[] and pos[] of every
 * customer (nc + 1), located, and room for one more stop in sol's order. On
 * SAHA_ENOMEM nothing is left allocated. */
static saha_status fill_start(saha_ctx *ctx, saha_vrp_solution *sol, size_t nv, size_t nc,
                              size_t **seq, size_t **where, size_t **pos)
{
    *seq = saha__alloc_array(ctx, nc + 2, sizeof **seq);
    *where = saha__alloc_array(ctx, nc + 1, sizeof **where);
    *pos = saha__alloc_array(ctx, nc + 1, sizeof **pos);
    if (!*seq || !*where || !*pos || saha_plan__order_room(ctx, sol, nv, nc) != SAHA_OK) {
        saha__free(ctx, *seq);
        saha__free(ctx, *where);
        saha__free(ctx, *pos);
        *seq = *where = *pos = NULL;
        return SAHA_ENOMEM;
    }
    locate(sol, nv, nc, *where, *pos);
    return SAHA_OK;
}

saha_status saha_plan__fill_days(const saha_plan_model *m, saha_vrp_solution *sol)
{
    saha_ctx *ctx = m->ctx;
    const saha_vrp *inst = &m->vrp;
    size_t nc = inst->ncustomers, nv = inst->nvehicles, total;
    size_t *order, *seq, *where, *pos;

    if (!m->cad || nc == 0 || nv < 2)
        return SAHA_OK;
    total = sol->route_start[nv];
    if (fill_start(ctx, sol, nv, nc, &seq, &where, &pos) != SAHA_OK)
        return SAHA_ENOMEM;
    order = sol->order;
    for (size_t v = 0; v < nv; v++) {
        size_t best_c = SIZE_MAX;
        saha_cost best_d = 0;
        int best_owed = 0;
        if (sol->route_start[v + 1] != sol->route_start[v])
            continue;
        for (size_t c = 0; c < nc; c++) {
            size_t u = where[c];
            int owed = m->win_req ? m->win_req[c] != 0 : 1;
            saha_cost alone, saved = 0;
            if (!inst->ntw || inst->ntw[v * nc + c] == 0 || u == v)
                continue;
            if (best_c != SIZE_MAX && best_owed > owed)
                continue;
            alone = saha_plan__route_cost(inst, v, &c, 1);
            if (alone < 0)
                continue;
            if (u != SIZE_MAX) {
                size_t len = sol->route_start[u + 1] - sol->route_start[u];
                const size_t *r = sol->order + sol->route_start[u];
                saha_cost before, after;
                if (len < 2)
                    continue; /* would empty its day */
                memcpy(seq, r, pos[c] * sizeof *seq);
                memcpy(seq + pos[c], r + pos[c] + 1, (len - pos[c] - 1) * sizeof *seq);
                before = saha_plan__route_cost(inst, u, r, len);
                after = saha_plan__route_cost(inst, u, seq, len - 1);
                if (after < 0)
                    continue;
                saved = before >= 0 ? before - after : 0;
            } else if (inst->prize[c] <= 0) {
                continue; /* the value says so: nothing to earn */
            }
            if (best_c == SIZE_MAX || owed > best_owed || alone - saved < best_d) {
                best_c = c;
                best_d = alone - saved;
                best_owed = owed;
            }
        }
        if (best_c == SIZE_MAX)
            continue;
        if (where[best_c] != SIZE_MAX) { /* take it off its day */
            size_t u = where[best_c], at = sol->route_start[u] + pos[best_c];
            memmove(order + at, order + at + 1, (total - at - 1) * sizeof *order);
            total--;
            for (size_t w = u + 1; w <= nv; w++)
                sol->route_start[w]--;
        }
        total = saha_plan__order_insert(order, sol->route_start, nv, total, v, 0, best_c);
        locate(sol, nv, nc, where, pos);
    }
    saha__free(ctx, seq);
    saha__free(ctx, where);
    saha__free(ctx, pos);
    sol->feasible = saha__vrp_evaluate(inst, sol, &sol->objective);
    return SAHA_OK;
}

int saha_plan__cheapest_insertion(const saha_vrp *inst, const saha_vrp_solution *sol,
                                  size_t c, size_t *seq, size_t cap, size_t *v_out,
                                  size_t *p_out, saha_cost *delta_out)
{
    size_t nc = inst->ncustomers;
    saha_cost best = 0;
    int found = 0;
    for (size_t v = 0; v < inst->nvehicles; v++) {
        const size_t *r = sol->order + sol->route_start[v];
        size_t len = sol->route_start[v + 1] - sol->route_start[v];
        saha_cost base;
        if (inst->ntw && inst->ntw[v * nc + c] == 0)
            continue;
        if (len + 1 >= cap)
            continue;
        base = saha_plan__route_cost(inst, v, r, len);
        if (base < 0)
            base = 0;
        for (size_t p = 0; p <= len; p++) {
            saha_cost cost;
            saha_plan__seq_insert(seq, r, len, p, c);
            cost = saha_plan__route_cost(inst, v, seq, len + 1);
            if (cost < 0)
                continue;
            if (!found || cost - base < best) {
                found = 1;
                best = cost - base;
                *v_out = v;
                *p_out = p;
            }
        }
    }
    if (found && delta_out)
        *delta_out = best;
    return found;
}

saha_status saha_plan__fill_kept(saha_plan_model *m, saha_vrp_solution *sol)
{
    saha_ctx *ctx = m->ctx;
    const saha_vrp *inst = &m->vrp;
    size_t nc = inst->ncustomers, nv = inst->nvehicles, total;
    size_t *order, *seq, *where, *pos;

    if (!m->cad || !m->win_k || nv == 0)
        return SAHA_OK;
    total = sol->route_start[nv];
    if (fill_start(ctx, sol, nv, nc, &seq, &where, &pos) != SAHA_OK)
        return SAHA_ENOMEM;
    order = sol->order;
    for (size_t a = 0; a < m->naccounts; a++) {
        saha_plan__cad *cd = &m->cad[a];
        if (!cd->drop || !cd->wreq)
            continue;
        for (size_t k = 0; k < cd->nwin; k++) {
            size_t c = SIZE_MAX, v = 0, p = 0;
            if (!cd->wreq[k] || cd->drop[k])
                continue;
            for (size_t j = 0; m->cust_of[a] != SIZE_MAX && j < m->ncopies[a]; j++)
                if (m->win_k[m->cust_of[a] + j] == k)
                    c = m->cust_of[a] + j;
            if (c != SIZE_MAX && where[c] != SIZE_MAX)
                continue; /* planned */
            if (c == SIZE_MAX ||
                !saha_plan__cheapest_insertion(inst, sol, c, seq, nc + 2, &v, &p, NULL)) {
                cd->drop[k] = 2; /* no day of its window has room in the plan */
                cd->ndrop++;
                continue;
            }
            total = saha_plan__order_insert(order, sol->route_start, nv, total, v, p, c);
            locate(sol, nv, nc, where, pos);
        }
    }
    saha__free(ctx, seq);
    saha__free(ctx, where);
    saha__free(ctx, pos);
    sol->feasible = saha__vrp_evaluate(inst, sol, &sol->objective);
    return SAHA_OK;
}
