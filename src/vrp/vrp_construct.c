/* Construction: greedy insertion weighted by prize.
 *
 * Method: while some unvisited customer can be inserted with a positive gain
 * (eprize - added cost; required customers carry a large bonus so they come first),
 * insert the one with the best key gain / (added travel time + 1) at its cheapest
 * feasible position. With noise > 0 each key is multiplied by a random factor in
 * [1 - noise, 1 + noise] (used by the ruin-and-recreate search). When more than
 * GREEDY_MAX customers are unvisited, the per-step scan over all of them would be
 * quadratic in n, so customers are instead inserted one by one in a random order
 * (required first), each at its cheapest position ("random insertion").
 * Complexity: greedy O(U^2 * P * E), ordered O(U * P * E), with U unvisited customers,
 * P candidate positions (all, or next to the k nearest neighbours once routes are long)
 * and E the evaluation cost (O(1) untimed, O(len) timed).
 * Invariants: the solution stays feasible; a customer is never inserted at a loss unless
 * required. Caller: vrp_solve.c (initial solution) and vrp_ils.c (recreate). */
#include "vrp/vrp_engine.h"

#define GREEDY_MAX 300

static int use_nbr(const vrp_sol *s)
{
    return s->nvisited > 4 * s->sh->knn + 16;
}

/* Random insertion: a random order, required customers first. */
static void ordered(vrp_sol *s, vrp_work *w, size_t n)
{
    saha__rng_shuffle(&w->rng, w->list, n);
    saha__vrp_insert_in_order(s, w, w->list, n, 0);
}

void saha__vrp_insert_in_order(vrp_sol *s, vrp_work *w, const size_t *list, size_t n,
                               saha_cost slack)
{
    const vrp_shared *sh = s->sh;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            size_t u = list[i], v, pos;
            saha_cost dc;
            int req = sh->eprize[u] != sh->inst->prize[u];
            if ((pass == 0) != req || s->route_of[u] != VRP_NONE)
                continue;
            /* no insertion at a loss of slack or more (VRP_INF: any) */
            saha_cost limit = slack >= VRP_INF ? VRP_INF : sh->eprize[u] + slack;
            if (!saha__vrp_best_insert(s, u, use_nbr(s), limit, w->buf, &v, &pos, &dc,
                                       NULL))
                continue;
            if (sh->eprize[u] - dc <= -slack)
                continue;
            saha__vrp_insert_at(s, u, v, pos, w->buf);
        }
    }
}

void saha__vrp_construct(vrp_sol *s, vrp_work *w, double noise)
{
    const vrp_shared *sh = s->sh;
    size_t n = 0;
    for (size_t c = 0; c < sh->nc; c++)
        if (s->route_of[c] == VRP_NONE)
            w->list[n++] = c;
    if (n > GREEDY_MAX) {
        ordered(s, w, n);
        return;
    }
    for (;;) {
        double best_key = 0;
        size_t best_u = VRP_NONE, best_v = 0, best_p = 0, best_i = 0;
        int nbr = use_nbr(s);
        for (size_t i = 0; i < n; i++) {
            size_t u = w->list[i], v, pos;
            saha_cost dc, gain;
            int64_t dt;
            double key;
            if (!saha__vrp_best_insert(s, u, nbr, sh->eprize[u], w->buf, &v, &pos, &dc,
                                       &dt))
                continue;
            gain = sh->eprize[u] - dc;
            if (gain <= 0)
                continue;
            key = (double)gain / ((double)(dt > 0 ? dt : 0) + 1.0);
            if (noise > 0)
                key *= 1.0 + noise * (2.0 * saha__rng_double(&w->rng) - 1.0);
            if (best_u == VRP_NONE || key > best_key) {
                best_key = key;
                best_u = u;
                best_v = v;
                best_p = pos;
                best_i = i;
            }
        }
        if (best_u == VRP_NONE)
            break;
        saha__vrp_insert_at(s, best_u, best_v, best_p, w->buf);
        w->list[best_i] = w->list[--n];
    }
}
