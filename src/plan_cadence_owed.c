/* plan_cadence_owed: owed visits the search left out of a quarter plan, put in by making
 * room on a day of their window (issue #15: >= 98 % on rhythm when capacity allows).
 *
 * Method. When the work fits (no price of time), the search still leaves out owed
 * visits whose days are full in the plan, though the day assignment's estimate gave
 * them room: on the quarter bench's fitting case (tests/bench/RESULTS.md) 17-25 of 629,
 * most of them the first windows of accounts overdue at the start, which all fall in
 * the first days. For each unplanned owed visit c, the most valuable first, the
 * cheapest of: its feasible insertion as it is; a chain that moves one planned visit x
 * of a day v of c's window to another day u of x's own window and puts c on v in its
 * place; the same with x put on u in place of a visit y that moves to a third day w of
 * its window (depth OWED_DEPTH). The chain is kept when c's prize is above the real
 * cost it adds to the days it changes (the price of time taken off, as plan_room.c
 * counts it), so it never buys a visit the value does not pay for. A visit moves only
 * inside its own window, so the spacing the windows guarantee holds; no planned visit
 * is dropped, no day is emptied, and a visit before a re-plan's moment stays.
 *
 * Complexity: O(misses x window days x stops x days x stops x days x route length)
 * schedule calls at depth 2 (about 1 s for the fitting case's 300 accounts and 17-25
 * misses). Invariants: every changed day stays feasible (a chain is kept only when each
 * of its days' schedules is). Caller: plan.c (after the room fill, before the
 * kept-visit fill). */
#include <math.h>
#include <string.h>

#include "internal/plan_cadence.h"
#include "internal/plan_model.h"

/* How many visits a chain may move to make room: x off c's day, and y off x's day
 * (depth 1 recovered 1 of the 25, 17 and 20 missed owed visits of the fitting case's
 * seeds 1-3, depth 2 recovered 4, 0 and 1). */
#define OWED_DEPTH 2

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

/* The real cost of a schedule: its cost less the price of the time driven. */
static int real_cost(const saha_plan_model *m, size_t v, const size_t *seq, size_t len,
                     saha_cost *out)
{
    saha_vrp_sched sc;
    if (!saha__vrp_schedule(&m->vrp, v, seq, len, NULL, NULL, &sc))
        return 0;
    *out = sc.cost - (saha_cost)llround(m->time_price * 100.0 * (double)sc.travel_time);
    return 1;
}

/* Cheapest feasible insertion of c into day v (r, len stops) by real cost: its
 * position and added cost; 0 when none. seq is scratch of len + 1 entries. */
static int best_on_day(const saha_plan_model *m, size_t v, const size_t *r, size_t len,
                       size_t c, size_t *seq, size_t *p_out, saha_cost *delta_out)
{
    saha_cost base, with;
    int found = 0;
    if (m->vrp.ntw[v * m->vrp.ncustomers + c] == 0 || !real_cost(m, v, r, len, &base))
        return 0;
    for (size_t p = 0; p <= len; p++) {
        saha_plan__seq_insert(seq, r, len, p, c);
        if (!real_cost(m, v, seq, len + 1, &with))
            continue;
        if (!found || with - base < *delta_out) {
            found = 1;
            *p_out = p;
            *delta_out = with - base;
        }
    }
    return found;
}

/* Takes the stop at position p of day u off the flat order; returns the new total. */
static size_t order_remove(size_t *order, size_t *route_start, size_t nv, size_t total,
                           size_t u, size_t p)
{
    size_t at = route_start[u] + p;
    memmove(order + at, order + at + 1, (total - at - 1) * sizeof *order);
    for (size_t w = u + 1; w <= nv; w++)
        route_start[w]--;
    return total - 1;
}

/* One planned move: c on day v at position pc (after x left v); x from v to day u at
 * position px (after y left u); y from u to day w at position py. x = SIZE_MAX: c
 * inserted as it is; y = SIZE_MAX: x inserted on u as it is. */
typedef struct owed_move {
    size_t v, pc, x, u, px, y, w, py;
    saha_cost delta;
} owed_move;

/* Scratch of the search: three trial days. */
typedef struct owed_scratch {
    size_t *seq, *less_v, *less_u;
} owed_scratch;

/* A visit that may move: a customer of another account than c's, not one before the
 * re-plan moment. */
static int movable(const saha_plan_model *m, size_t x, size_t c)
{
    return x < m->vrp.ncustomers && m->account_of[x] != m->account_of[c] &&
           !(m->rp && m->frozen_day[x] != SIZE_MAX);
}

/* Day r (len stops) without its stop k, into dst (len - 1 entries). */
static void without(size_t *dst, const size_t *r, size_t len, size_t k)
{
    memcpy(dst, r, k * sizeof *dst);
    memcpy(dst + k, r + k + 1, (len - k - 1) * sizeof *dst);
}

/* The cheapest place for x off day v (and off day v2, SIZE_MAX: none): another day u of
 * its window as it is, or, with depth 2, in place of one visit y of u that moves to a
 * third day of its own window. Writes the u, px, y, w, py fields of mv and *delta_out
 * (what those days cost more); 0 when none is feasible. */
static int place_elsewhere(const saha_plan_model *m, const saha_vrp_solution *sol,
                           size_t x, size_t c, size_t v, owed_scratch *sc, int depth,
                           owed_move *mv, saha_cost *delta_out)
{
    const saha_vrp *inst = &m->vrp;
    size_t nc = inst->ncustomers, nv = inst->nvehicles;
    int found = 0;
    for (size_t u = 0; u < nv; u++) {
        const size_t *ru = sol->order + sol->route_start[u];
        size_t lu = sol->route_start[u + 1] - sol->route_start[u], px;
        saha_cost dx, base_u, left;
        if (u == v || lu == 0 || inst->ntw[u * nc + x] == 0)
            continue;
        if (best_on_day(m, u, ru, lu, x, sc->seq, &px, &dx) &&
            (!found || dx < *delta_out)) {
            found = 1;
            *delta_out = dx;
            mv->u = u;
            mv->px = px;
            mv->y = SIZE_MAX;
        }
        if (depth < 2 || lu < 2 || !real_cost(m, u, ru, lu, &base_u))
            continue;
        for (size_t j = 0; j < lu; j++) {
            size_t y = ru[j];
            if (!movable(m, y, c) || y == x)
                continue;
            without(sc->less_u, ru, lu, j);
            if (!real_cost(m, u, sc->less_u, lu - 1, &left) ||
                !best_on_day(m, u, sc->less_u, lu - 1, x, sc->seq, &px, &dx))
                continue;
            dx += left - base_u;
            if (found && dx >= *delta_out)
                continue;
            for (size_t w = 0; w < nv; w++) {
                const size_t *rw = sol->order + sol->route_start[w];
                size_t lw = sol->route_start[w + 1] - sol->route_start[w], py;
                saha_cost dy;
                if (w == u || w == v || lw == 0 || inst->ntw[w * nc + y] == 0)
                    continue;
                if (!best_on_day(m, w, rw, lw, y, sc->seq, &py, &dy))
                    continue;
                if (!found || dx + dy < *delta_out) {
                    found = 1;
                    *delta_out = dx + dy;
                    mv->u = u;
                    mv->px = px;
                    mv->y = y;
                    mv->w = w;
                    mv->py = py;
                }
            }
        }
    }
    return found;
}

/* The cheapest way to put unplanned c in: as it is, or by moving one visit x of a day of
 * its window elsewhere (place_elsewhere, to the given depth). 0 when none is
 * feasible. */
static int best_move(const saha_plan_model *m, const saha_vrp_solution *sol, size_t c,
                     owed_scratch *sc, int depth, owed_move *out)
{
    const saha_vrp *inst = &m->vrp;
    size_t nc = inst->ncustomers, nv = inst->nvehicles;
    int found = 0;
    for (size_t v = 0; v < nv; v++) {
        const size_t *r = sol->order + sol->route_start[v];
        size_t len = sol->route_start[v + 1] - sol->route_start[v], p;
        saha_cost d, base_v;
        if (inst->ntw[v * nc + c] == 0 || len == 0 || !real_cost(m, v, r, len, &base_v))
            continue;
        if (best_on_day(m, v, r, len, c, sc->seq, &p, &d) && (!found || d < out->delta)) {
            found = 1;
            *out = (owed_move){v, p, SIZE_MAX, 0, 0, SIZE_MAX, 0, 0, d};
        }
        if (len < 2 || depth < 1)
            continue; /* moving its only visit would empty the day */
        for (size_t k = 0; k < len; k++) {
            size_t x = r[k], pc;
            saha_cost dv, left, dx = 0;
            owed_move mv = {0};
            if (!movable(m, x, c))
                continue;
            without(sc->less_v, r, len, k);
            if (!real_cost(m, v, sc->less_v, len - 1, &left) ||
                !best_on_day(m, v, sc->less_v, len - 1, c, sc->seq, &pc, &dv))
                continue;
            dv += left - base_v;
            if (found && dv >= out->delta)
                continue; /* x's new day only adds */
            if (!place_elsewhere(m, sol, x, c, v, sc, depth, &mv, &dx))
                continue;
            if (!found || dv + dx < out->delta) {
                found = 1;
                mv.v = v;
                mv.pc = pc;
                mv.x = x;
                mv.delta = dv + dx;
                *out = mv;
            }
        }
    }
    return found;
}

saha_status saha_plan__fill_owed(const saha_plan_model *m, saha_vrp_solution *sol)
{
    saha_ctx *ctx = m->ctx;
    const saha_vrp *inst = &m->vrp;
    size_t nc = inst->ncustomers, nv = inst->nvehicles, total;
    size_t *where, *pos;
    uint8_t *tried;
    owed_scratch sc;

    /* only when the work fits: when it does not, the price of time (m->time_price > 0)
     * left out the visits that are not worth their hours, and there are hundreds */
    if (!m->cad || !m->win_req || nc == 0 || !inst->ntw || m->time_price > 0)
        return SAHA_OK;
    total = sol->route_start[nv];
    sc.seq = saha__alloc_array(ctx, nc + 2, sizeof *sc.seq);
    sc.less_v = saha__alloc_array(ctx, nc + 2, sizeof *sc.less_v);
    sc.less_u = saha__alloc_array(ctx, nc + 2, sizeof *sc.less_u);
    where = saha__alloc_array(ctx, nc + 1, sizeof *where);
    pos = saha__alloc_array(ctx, nc + 1, sizeof *pos);
    tried = saha__calloc(ctx, nc + 1, 1);
    if (!sc.seq || !sc.less_v || !sc.less_u || !where || !pos || !tried ||
        saha_plan__order_room(ctx, sol, nv, nc) != SAHA_OK) {
        saha__free(ctx, sc.seq);
        saha__free(ctx, sc.less_v);
        saha__free(ctx, sc.less_u);
        saha__free(ctx, where);
        saha__free(ctx, pos);
        saha__free(ctx, tried);
        return SAHA_ENOMEM;
    }
    locate(sol, nv, nc, where, pos);
    for (;;) {
        size_t c = SIZE_MAX;
        owed_move mv = {0};
        /* the most valuable unplanned owed visit not tried yet */
        for (size_t d = 0; d < nc; d++)
            if (where[d] == SIZE_MAX && !tried[d] && m->win_req[d] &&
                inst->prize[d] > 0 && (c == SIZE_MAX || inst->prize[d] > inst->prize[c]))
                c = d;
        if (c == SIZE_MAX)
            break;
        tried[c] = 1;
        if (!best_move(m, sol, c, &sc, OWED_DEPTH, &mv) || inst->prize[c] <= mv.delta)
            continue;
        /* take the moved visits off their days, then put each on its new day (the
         * positions are within each day, so the order of the steps does not matter) */
        if (mv.x != SIZE_MAX)
            total =
                order_remove(sol->order, sol->route_start, nv, total, mv.v, pos[mv.x]);
        if (mv.x != SIZE_MAX && mv.y != SIZE_MAX)
            total =
                order_remove(sol->order, sol->route_start, nv, total, mv.u, pos[mv.y]);
        if (mv.x != SIZE_MAX && mv.y != SIZE_MAX)
            total = saha_plan__order_insert(sol->order, sol->route_start, nv, total, mv.w,
                                            mv.py, mv.y);
        if (mv.x != SIZE_MAX)
            total = saha_plan__order_insert(sol->order, sol->route_start, nv, total, mv.u,
                                            mv.px, mv.x);
        total = saha_plan__order_insert(sol->order, sol->route_start, nv, total, mv.v,
                                        mv.pc, c);
        locate(sol, nv, nc, where, pos);
    }
    saha__free(ctx, sc.seq);
    saha__free(ctx, sc.less_v);
    saha__free(ctx, sc.less_u);
    saha__free(ctx, where);
    saha__free(ctx, pos);
    saha__free(ctx, tried);
    sol->feasible = saha__vrp_evaluate(inst, sol, &sol->objective);
    return SAHA_OK;
}
