/* Regret insertion weighted by value: a recreate step for the ruin-and-recreate search.
 *
 * Method (regret-2 insertion, after Potvin & Rousseau 1993 and the ALNS of Ropke &
 * Pisinger 2006, adapted to prizes): for every customer u still to insert and every
 * route v, the cheapest feasible insertion of u into v is cached (cost delta, position).
 * gain1 = eprize[u] - the cheapest cost over all routes, gain2 = eprize[u] - the
 * second cheapest (another route). A customer that is not required may also stay out
 * (gain 0), so its regret is gain1 - max(gain2, 0), at most gain1: a customer with one
 * good option gets regret gain1. A required customer has no such alternative: regret
 * gain1 - gain2, or gain1 (the bonus, so it is large) when one route is its only one.
 * Each step inserts the customer with the highest key = gain1 + regret (times a random
 * factor in [1 - noise, 1 + noise] when noise > 0) among those with gain1 > -slack,
 * required customers before any other, then recomputes the cache for the one route
 * that changed. Positions: all of them in short routes; in long routes (and once the
 * solution is large, as saha__vrp_best_insert does) only the route ends and the places
 * next to u's nearest neighbours that lie in that route.
 * Complexity: O(U * V * P * E) to fill the cache, then per insertion O(U * V) to pick
 * and O(U * P * E) to refresh one route, with U customers left, V routes, P positions
 * per route and E the evaluation cost (O(1) untimed, O(len) timed).
 * Invariants: the solution stays feasible (every insertion was evaluated on the current
 * route); list[0..n) keeps the same customers (reordered); no allocation (the cache is
 * vrp_work's ins_cost / ins_pos, nc * nv entries each). Randomness only from w->rng.
 * Callers: vrp_ils.c (recreate, one time in saha_vrp_options.regret; off by default),
 * tests. */
#include "vrp/vrp_engine.h"

/* Tries u at position pos of route v; keeps the cheapest in *bc, *bp. */
static void try_at(const vrp_sol *s, vrp_work *w, size_t u, size_t v, size_t pos,
                   saha_cost *bc, size_t *bp)
{
    const vrp_route *r = &s->r[v];
    vrp_piece p[3] = {{v, 0, pos, 0, 0}, {VRP_NONE, 0, 0, 0, u}, {v, pos, r->len, 0, 0}};
    vrp_eval e;
    saha_cost d;
    int64_t dt;
    if (saha__vrp_insert_delta(s, u, v, pos, &d, &dt) &&
        ((*bc != VRP_INF && d >= *bc) ||
         r->travel + dt > s->sh->inst->vehicles[v].max_travel_time))
        return;
    if (!saha__vrp_eval(s, v, p, 3, w->buf, &e))
        return;
    d = e.cost - r->cost;
    if (*bc == VRP_INF || d < *bc) {
        *bc = d;
        *bp = pos;
    }
}

/* Cheapest feasible insertion of u into route v, into the cache (cost VRP_INF: none). */
static void route_best(const vrp_sol *s, vrp_work *w, size_t u, size_t v, int nbr)
{
    const vrp_shared *sh = s->sh;
    const vrp_route *r = &s->r[v];
    size_t k = u * sh->nv + v;
    saha_cost bc = VRP_INF;
    size_t bp = 0;

    if (sh->allowed[v * sh->nc + u] && r->len < sh->cap &&
        (int64_t)r->len < sh->inst->vehicles[v].max_visits) {
        if (!nbr || r->len < 8) {
            for (size_t pos = 0; pos <= r->len; pos++)
                try_at(s, w, u, v, pos, &bc, &bp);
        } else {
            const size_t *nb = sh->nbr + u * sh->knn;
            try_at(s, w, u, v, 0, &bc, &bp);
            try_at(s, w, u, v, r->len, &bc, &bp);
            for (size_t j = 0; j < sh->knn; j++) {
                size_t x = nb[j];
                if (s->route_of[x] != v)
                    continue;
                try_at(s, w, u, v, s->pos_of[x], &bc, &bp);
                try_at(s, w, u, v, s->pos_of[x] + 1, &bc, &bp);
            }
        }
    }
    w->ins_cost[k] = bc;
    w->ins_pos[k] = bp;
}

void saha__vrp_insert_regret(vrp_sol *s, vrp_work *w, size_t *list, size_t n,
                             saha_cost slack, double noise)
{
    const vrp_shared *sh = s->sh;
    size_t nv = sh->nv, m = 0;
    int nbr = s->nvisited > 4 * sh->knn + 16;

    /* Keep the customers still to insert in list[0..m); the inserted ones move to the
     * back, so list[0..n) holds the same customers afterwards. */
    for (size_t i = 0; i < n; i++) {
        size_t u = list[i];
        if (s->route_of[u] != VRP_NONE)
            continue;
        list[i] = list[m];
        list[m++] = u;
        for (size_t v = 0; v < nv; v++)
            route_best(s, w, u, v, nbr);
    }
    while (m > 0) {
        size_t best_i = VRP_NONE, best_v = 0;
        int best_req = 0;
        double best_key = 0;
        for (size_t i = 0; i < m; i++) {
            size_t u = list[i], v1 = VRP_NONE;
            const saha_cost *ic = w->ins_cost + u * nv;
            saha_cost c1 = VRP_INF, c2 = VRP_INF, gain1, regret;
            int req = sh->eprize[u] != sh->inst->prize[u];
            double key;
            for (size_t v = 0; v < nv; v++) {
                if (ic[v] < c1) {
                    c2 = c1;
                    c1 = ic[v];
                    v1 = v;
                } else if (ic[v] < c2) {
                    c2 = ic[v];
                }
            }
            if (v1 == VRP_NONE)
                continue;
            gain1 = sh->eprize[u] - c1;
            if (gain1 <= -slack || (best_req && !req))
                continue;
            if (req)
                regret = c2 == VRP_INF ? gain1 : c2 - c1;
            else if (c2 == VRP_INF || sh->eprize[u] - c2 <= 0)
                regret = gain1 > 0 ? gain1 : 0;
            else
                regret = c2 - c1;
            key = (double)gain1 + (double)regret;
            if (noise > 0)
                key *= 1.0 + noise * (2.0 * saha__rng_double(&w->rng) - 1.0);
            if (best_i == VRP_NONE || (req && !best_req) || key > best_key) {
                best_i = i;
                best_v = v1;
                best_key = key;
                best_req = req;
            }
        }
        if (best_i == VRP_NONE)
            break;
        {
            size_t u = list[best_i];
            saha__vrp_insert_at(s, u, best_v, w->ins_pos[u * nv + best_v], w->buf);
            list[best_i] = list[m - 1];
            list[m - 1] = u;
            m--;
        }
        nbr = s->nvisited > 4 * sh->knn + 16;
        for (size_t i = 0; i < m; i++)
            route_best(s, w, list[i], best_v, nbr);
    }
}
