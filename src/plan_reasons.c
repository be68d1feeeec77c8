/* plan_reasons: the greedy repair after the solver, and why each unvisited account was
 * left out.
 *
 * Method: cheapest feasible insertion. For customer c, every position of every day's
 * route is tried; feasibility and cost come from saha__vrp_schedule (the reference
 * timing rule), so a reason never contradicts the itinerary. Repair inserts, one at a
 * time, the insertion with the largest positive gain (prize - added cost) until none is
 * left. A reason is then: not_worth (a feasible insertion exists but costs at least what
 * the visit earns), drive_limit (infeasible only because of the daily drive time or
 * distance caps: feasible once they are lifted), no_time (no day has room within the
 * account's hours and the working day). Reasons found before solving (no_coords, closed,
 * outside_horizon) come from the model.
 * Complexity: one insertion scan is O(sum over days of len^2 x windows); repair repeats
 * it at most once per inserted customer. Caller: plan.c, plan_itinerary.c. */
#include <stdio.h>
#include <string.h>

#include "internal/plan_model.h"
#include "saha/export.h" /* saha_export_detail_text: the details' English */

const char *saha_skip_reason_name(saha_skip_reason r)
{
    switch (r) {
    case SAHA_SKIP_NONE:
        return "none";
    case SAHA_SKIP_NO_COORDS:
        return "no_coords";
    case SAHA_SKIP_CLOSED:
        return "closed";
    case SAHA_SKIP_NO_TIME:
        return "no_time";
    case SAHA_SKIP_NOT_WORTH:
        return "not_worth";
    case SAHA_SKIP_DRIVE_LIMIT:
        return "drive_limit";
    case SAHA_SKIP_OUTSIDE_HORIZON:
        return "outside_horizon";
    case SAHA_SKIP_UNROUTABLE:
        return "unroutable";
    case SAHA_SKIP_DONE:
        return "done";
    case SAHA_SKIP_CANCELLED:
        return "cancelled";
    case SAHA_SKIP_NOT_CONSIDERED:
        return "not_considered";
    case SAHA_SKIP_NOT_DUE:
        return "not_due";
    }
    return "unknown";
}

typedef struct insertion {
    int found;
    size_t v, pos;
    saha_cost delta; /* added cost */
} insertion;

#define SEQ_MAX 1024

/* Cheapest feasible insertion of customer c into sol under inst. */
static insertion best_insertion(const saha_vrp *inst, const saha_vrp_solution *sol,
                                size_t c)
{
    insertion best = {0, 0, 0, 0};
    size_t seq[SEQ_MAX + 1];
    best.found = saha_plan__cheapest_insertion(inst, sol, c, seq, SEQ_MAX + 1, &best.v,
                                               &best.pos, &best.delta);
    return best;
}

/* Cheapest insertion cost of c ignoring every constraint but the days it may be visited
 * on (windows exist): the least travel its visit adds to the plan. -1 when no day. */
static saha_cost cheapest_cost(const saha_vrp *inst, const saha_vrp_solution *sol,
                               size_t c, size_t *v_out)
{
    saha_cost best = -1;
    size_t nn = inst->nnodes;
    for (size_t v = 0; v < inst->nvehicles; v++) {
        const size_t *r = sol->order + sol->route_start[v];
        size_t len = sol->route_start[v + 1] - sol->route_start[v];
        size_t s = inst->vehicles[v].start_node, e = inst->vehicles[v].end_node;
        if (inst->ntw && inst->ntw[v * inst->ncustomers + c] == 0)
            continue;
        for (size_t p = 0; p <= len; p++) {
            size_t a = p == 0 ? s : r[p - 1], b = p == len ? e : r[p];
            saha_cost d = inst->cost[a * nn + c] + inst->cost[c * nn + b];
            if (len > 0)
                d -= inst->cost[a * nn + b];
            if (best < 0 || d < best) {
                best = d;
                *v_out = v;
            }
        }
    }
    return best;
}

static int visited_mask(const saha_plan_model *m, const saha_vrp_solution *sol,
                        uint8_t *seen)
{
    memset(seen, 0, m->vrp.ncustomers + 1);
    for (size_t v = 0; v < sol->nvehicles; v++)
        for (size_t k = sol->route_start[v]; k < sol->route_start[v + 1]; k++)
            if (sol->order[k] < m->vrp.ncustomers)
                seen[sol->order[k]] = 1;
    return 0;
}

saha_status saha_plan__repair(const saha_plan_model *m, saha_vrp_solution *sol)
{
    saha_ctx *ctx = m->ctx;
    size_t nc = m->vrp.ncustomers, nv = m->vrp.nvehicles, total;
    uint8_t *seen;
    size_t *order;

    if (nc == 0 || nv == 0)
        return SAHA_OK;
    seen = saha__calloc(ctx, nc + 1, 1);
    if (!seen)
        return SAHA_ENOMEM;
    total = sol->route_start[nv];
    /* Room for every customer: the old order array is replaced by ours. */
    order = saha__alloc_array(ctx, nc + 1, sizeof *order);
    if (!order) {
        saha__free(ctx, seen);
        return SAHA_ENOMEM;
    }
    memcpy(order, sol->order, total * sizeof *order);
    saha__free(ctx, sol->order);
    sol->order = order;
    visited_mask(m, sol, seen);
    for (;;) {
        insertion pick = {0, 0, 0, 0};
        size_t pick_c = SIZE_MAX;
        saha_cost pick_gain = 0;
        for (size_t c = 0; c < nc; c++) {
            insertion ins;
            if (seen[c])
                continue;
            ins = best_insertion(&m->vrp, sol, c);
            if (ins.found && m->vrp.prize[c] - ins.delta > pick_gain) {
                pick = ins;
                pick_c = c;
                pick_gain = m->vrp.prize[c] - ins.delta;
            }
        }
        if (pick_c == SIZE_MAX)
            break;
        {
            size_t at = sol->route_start[pick.v] + pick.pos;
            memmove(order + at + 1, order + at, (total - at) * sizeof *order);
            order[at] = pick_c;
            total++;
            for (size_t v = pick.v + 1; v <= nv; v++)
                sol->route_start[v]++;
            seen[pick_c] = 1;
        }
    }
    saha__free(ctx, seen);
    sol->feasible = saha__vrp_evaluate(&m->vrp, sol, &sol->objective);
    return SAHA_OK;
}

saha_skip_reason saha_plan__reason(const saha_plan_model *m, const saha_vrp_solution *sol,
                                   size_t a, saha_detail *why, char *scratch, size_t cap)
{
    size_t c;
    const saha_vrp *inst = &m->vrp;
    const saha_account *acc = saha_account_at(m->accounts, a);
    insertion ins;
    saha_vrp_vehicle *relaxed_veh;
    saha_vrp relaxed;

    memset(why, 0, sizeof *why);
    scratch[0] = '\0';
    if (m->pre_reason[a] != SAHA_SKIP_NONE) {
        *why = m->pre_why[a];
        return m->pre_reason[a];
    }
    c = m->cust_of[a];
    if (m->objective == SAHA_OBJECTIVE_PROFIT) {
        /* Not worth the drive: what it earns does not pay for the least travel its visit
         * adds, whether or not a day has room for it. */
        size_t v = 0;
        saha_cost least = cheapest_cost(inst, sol, c, &v);
        if (least >= 0 && inst->prize[c] <= least) {
            const saha_plan__day *d = &m->days[v];
            why->code = SAHA_DETAIL_EARNS;
            why->num[0] = (double)inst->prize[c] / 100.0; /* cents */
            why->num[1] = (double)least / 100.0;
            why->text[0] = m->rep.currency;
            why->weekday = d->weekday;
            why->date[0] = d->date;
            why->flag = inst->balance > 0;
            return SAHA_SKIP_NOT_WORTH;
        }
    }
    ins = best_insertion(inst, sol, c);
    if (ins.found) {
        const saha_plan__day *d = &m->days[ins.v];
        if (inst->prize[c] <= 0) {
            why->code = SAHA_DETAIL_NO_VALUE;
            why->num[0] = acc->value;
            why->num[1] = acc->probability;
            return SAHA_SKIP_NOT_WORTH;
        }
        why->weekday = d->weekday;
        if (m->objective == SAHA_OBJECTIVE_PROFIT) {
            why->code = SAHA_DETAIL_EARNS;
            why->num[0] = (double)inst->prize[c] / 100.0;
            why->num[1] = (double)ins.delta / 100.0;
            why->text[0] = m->rep.currency;
            why->date[0] = d->date;
            why->flag = inst->balance > 0;
        } else {
            why->code = SAHA_DETAIL_FEASIBLE_KM;
            why->num[0] = (double)ins.delta / 1000.0;
        }
        return SAHA_SKIP_NOT_WORTH;
    }
    /* Would it fit if the drive caps were lifted? */
    relaxed_veh = saha__alloc_array(m->ctx, inst->nvehicles + 1, sizeof *relaxed_veh);
    if (relaxed_veh) {
        relaxed = *inst;
        memcpy(relaxed_veh, inst->vehicles, inst->nvehicles * sizeof *relaxed_veh);
        for (size_t v = 0; v < inst->nvehicles; v++) {
            relaxed_veh[v].max_travel_time = SAHA_VRP_NO_LIMIT;
            relaxed_veh[v].max_distance = SAHA_VRP_NO_LIMIT;
        }
        relaxed.vehicles = relaxed_veh;
        ins = best_insertion(&relaxed, sol, c);
        saha__free(m->ctx, relaxed_veh);
        if (ins.found) {
            size_t depot = inst->ncustomers, nn = inst->nnodes;
            why->num[0] =
                (double)(inst->time[depot * nn + c] + inst->time[c * nn + depot]) / 60.0;
            why->num[1] =
                (double)(saha_plan__leg_m(m, depot, c) + saha_plan__leg_m(m, c, depot)) /
                1000.0;
            why->num[2] = m->rep.max_drive_min;
            why->num[3] = m->rep.max_km;
            if (m->rep.max_drive_min > 0 && m->rep.max_km > 0)
                why->code = SAHA_DETAIL_DRIVE_BOTH;
            else if (m->rep.max_km > 0)
                why->code = SAHA_DETAIL_DRIVE_KM;
            else
                why->code = SAHA_DETAIL_DRIVE_MIN;
            return SAHA_SKIP_DRIVE_LIMIT;
        }
    }
    saha_plan__hours_text(acc, scratch, cap);
    {
        /* Could it be done alone on an empty day? If not, the day is too short for it. */
        int alone = 0;
        for (size_t v = 0; v < inst->nvehicles && !alone; v++) {
            saha_vrp_sched sc;
            if (inst->ntw && inst->ntw[v * inst->ncustomers + c] == 0)
                continue;
            alone = saha__vrp_schedule(inst, v, &c, 1, NULL, NULL, &sc);
        }
        why->code = alone ? SAHA_DETAIL_DAYS_FULL : SAHA_DETAIL_TOO_LONG;
        why->num[0] = acc->visit_min;
        why->text[0] = scratch;
    }
    return SAHA_SKIP_NO_TIME;
}
