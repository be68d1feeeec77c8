/* Recreate step of the periodic VRP search: greedy insertion with a choice of day
 * combination.
 *
 * Method: the removed customers are sorted (SISR's orders, Christiaens & Vanden Berghe
 * 2020: random 4/11, largest total demand 4/11, farthest from the depot 2/11, closest
 * 1/11) and put back one at a time. For customer c, every day of any of its allowed
 * combinations gets its cheapest position: over the day's routes (one empty route
 * stands for all empty ones), the added arc cost plus the penalised growth of the
 * excess load and duration; with "blinks" each position is skipped with a small
 * probability. Days are independent (c is visited at most once a day), so the best
 * combination is the one whose days' cheapest positions sum lowest; c is inserted at
 * those positions.
 * Complexity: O(n_visits) per customer (every position of the days it may use).
 * Invariants: afterwards every customer of w->removed is placed on one allowed
 * combination and w->isrem is clear; w->removed keeps its members. Caller: vrp_pvrp.c.
 */
#include <math.h>

#include "vrp/vrp_pvrp.h"

#define MAX_DAYS 32
#define K_NEAR 30 /* neighbours whose routes are tried */

typedef struct day_best {
    double val;
    size_t r, pos;
} day_best;

/* Cheapest position of c over route r (val/r/pos of out improved in place). */
static void eval_route(const pv_sol *s, const pv_pen *pen, uint64_t blink, uint64_t *lcg,
                       size_t c, size_t r, day_best *out)
{
    const pv_shared *sh = s->sh;
    const saha_vrp_pvrp *in = sh->in;
    size_t nn = sh->n + 1, dep = sh->depot, prev = dep;
    const saha_cost *cc = in->cost + c * nn;
    const int64_t *tc = in->time + c * nn;
    const pv_route *rt = &s->r[r];
    int64_t dmax = in->max_duration[r / sh->nv];
    int timed = dmax != SAHA_VRP_NO_LIMIT;
    double pl, xd0;

    pl = pen->load * (double)(saha__pv_xload(sh, r, rt->load + in->demand[c]) -
                              saha__pv_xload(sh, r, rt->load));
    if (pl >= out->val)
        return;
    xd0 = (double)saha__pv_xdur(sh, r, rt->dur);
    for (size_t pos = 0; pos <= rt->len; pos++) {
        size_t next = pos < rt->len ? rt->seq[pos] : dep;
        double val;
        if (blink) {
            *lcg = *lcg * 6364136223846793005u + 1442695040888963407u;
            if ((*lcg >> 40) < blink) {
                prev = next;
                continue;
            }
        }
        val = (double)(cc[prev] + cc[next] - in->cost[prev * nn + next]) + pl;
        if (timed) {
            int64_t dur = rt->dur + tc[prev] + tc[next] - in->time[prev * nn + next] +
                          in->service[c];
            val += pen->dur * ((double)(dur > dmax ? dur - dmax : 0) - xd0);
        }
        if (val < out->val) {
            out->val = val;
            out->r = r;
            out->pos = pos;
        }
        prev = next;
    }
}

/* Cheapest position of c on day d: over the routes visiting one of c's K_NEAR nearest
 * neighbours that day (all routes when none does) and one empty route. */
static void eval_day(const pv_sol *s, pv_work *w, const pv_pen *pen, uint64_t blink,
                     uint64_t *lcg, size_t c, size_t d, day_best *out)
{
    const pv_shared *sh = s->sh;
    size_t n = sh->n, nc = 0, kmax = n < K_NEAR ? n : K_NEAR;
    int seen_empty = 0;

    out->val = HUGE_VAL;
    out->r = VRP_NONE;
    out->pos = 0;
    for (size_t k = 0; k < kmax; k++) {
        size_t r = s->where[sh->nbr[c * n + k] * sh->nd + d];
        if (r != VRP_NONE && !w->cand[r]) {
            w->cand[r] = 1;
            w->clist[nc++] = r;
        }
    }
    for (size_t k = 0; k < nc; k++) {
        w->cand[w->clist[k]] = 0;
        eval_route(s, pen, blink, lcg, c, w->clist[k], out);
    }
    for (size_t v = 0; v < sh->nv; v++) {
        size_t r = d * sh->nv + v;
        if (s->r[r].len == 0) {
            if (seen_empty)
                continue;
            seen_empty = 1;
        } else if (nc > 0) {
            continue;
        }
        eval_route(s, pen, blink, lcg, c, r, out);
    }
}

/* Places c on its best combination; 0 when blinks left no position on some day of
 * every combination (the caller retries without blinks). */
static int place(pv_sol *s, pv_work *w, const pv_pen *pen, uint64_t blink, size_t c)
{
    const pv_shared *sh = s->sh;
    const saha_vrp_pvrp *in = sh->in;
    day_best db[MAX_DAYS];
    uint32_t all = 0;
    size_t bestk = VRP_NONE;
    double bestv = HUGE_VAL;
    uint64_t lcg = saha__rng_next(&w->rng);

    for (size_t k = in->comb_start[c]; k < in->comb_start[c + 1]; k++)
        all |= in->comb[k];
    for (size_t d = 0; d < sh->nd; d++)
        if ((all >> d) & 1u)
            eval_day(s, w, pen, blink, &lcg, c, d, &db[d]);
    for (size_t k = in->comb_start[c]; k < in->comb_start[c + 1]; k++) {
        double v = 0;
        for (size_t d = 0; d < sh->nd && v < HUGE_VAL; d++)
            if ((in->comb[k] >> d) & 1u)
                v += db[d].r == VRP_NONE ? HUGE_VAL : db[d].val;
        if (v < bestv) {
            bestv = v;
            bestk = k;
        }
    }
    if (bestk == VRP_NONE)
        return 0;
    for (size_t d = 0; d < sh->nd; d++)
        if ((in->comb[bestk] >> d) & 1u)
            saha__pv_insert(s, &w->u, c, db[d].r, db[d].pos);
    s->comb[c] = bestk;
    s->nplaced++;
    return 1;
}

/* Insertion sort of list[0..n) by w->key, ascending (lists are short; the first
 * construction sorts n once). */
static void sort_by_key(size_t *list, size_t n, const saha_cost *key)
{
    for (size_t i = 1; i < n; i++) {
        size_t x = list[i], j = i;
        while (j > 0 && key[list[j - 1]] > key[x]) {
            list[j] = list[j - 1];
            j--;
        }
        list[j] = x;
    }
}

void saha__pv_recreate(pv_sol *s, pv_work *w, const pv_pen *pen, double blink)
{
    const pv_shared *sh = s->sh;
    const saha_vrp_pvrp *in = sh->in;
    size_t nn = sh->n + 1, dep = sh->depot;
    uint64_t order = saha__rng_below(&w->rng, 11);
    uint64_t bl = blink > 0 ? (uint64_t)(blink * 16777216.0) : 0;

    if (order < 4) {
        saha__rng_shuffle(&w->rng, w->removed, w->nrem);
    } else {
        for (size_t k = 0; k < w->nrem; k++) {
            size_t c = w->removed[k];
            saha_cost dd = in->cost[dep * nn + c];
            if (order < 8) {
                uint32_t m = in->comb[in->comb_start[c]];
                saha_cost f = 0;
                for (; m; m &= m - 1)
                    f++;
                w->key[c] = -(saha_cost)in->demand[c] * f;
            } else {
                w->key[c] = order < 10 ? -dd : dd;
            }
        }
        sort_by_key(w->removed, w->nrem, w->key);
    }
    for (size_t k = 0; k < w->nrem; k++) {
        size_t c = w->removed[k];
        if (!place(s, w, pen, bl, c))
            (void)place(s, w, pen, 0, c);
        w->isrem[c] = 0;
    }
}
