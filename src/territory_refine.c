/* territory_refine.c: boundary refinement of a balanced assignment.
 *
 * Method. Local search on the integer cost sum_i c(i, assign_i):
 *  - move: account i leaves territory s for a candidate u when that lowers its cost and
 *    both loads stay inside their bounds (and u stays within max_accounts);
 *  - swap: when such a move is blocked by the bounds, i (s -> u) is exchanged with an
 *    account j of u that has s among its three nearest centres, when the pair lowers the
 *    total cost and both loads stay inside their bounds. Partners come from a list of
 *    (from, to, account, gain) sorted by territory pair and falling gain, rebuilt every
 *    fourth pass, so a blocked move looks at the most willing partners first (at most
 *    SWAP_SCAN of them).
 * Each accepted step lowers the integer total cost, so the search terminates; passes
 * stop when one finds nothing or after max_passes. With a previous assignment only
 * accounts that have already left their previous territory (or are new) may move, and
 * no swaps are made, so refinement never adds a move (stability first).
 *
 * Complexity: one pass O(n c + n log n) (moves, and sorting the partner list) plus
 * O(log n + SWAP_SCAN) per blocked move. Memory O(n) (3 partner entries per account).
 * Invariants: loads within bounds stay within bounds; locked accounts never move. Caller:
 * territory.c. */
#include <stdlib.h>
#include <string.h>

#include "internal/territory.h"

#define BOUNDARY_CAND 3
#define SWAP_SCAN 64

static int is_free(const saha_territory__problem *p, size_t i)
{
    if (p->locked && p->locked[i] != SAHA_TERRITORY__NONE)
        return 0;
    if (p->prev && p->prev[i] != SAHA_TERRITORY__NONE && p->assign[i] == p->prev[i])
        return 0;
    return 1;
}

static int fits(const saha_territory__problem *p, size_t t, int64_t load, size_t count)
{
    if (load < p->lo[t] || load > p->hi[t])
        return 0;
    if (p->max_count && p->max_count[t] && count > p->max_count[t])
        return 0;
    return 1;
}

/* An account j of territory `from` that could go to `to`, and what that would gain
 * (cost in from minus cost in to; may be negative). */
typedef struct partner {
    uint64_t pair; /* from * k + to */
    int64_t gain;
    uint32_t j;
} partner;

static int partner_cmp(const void *a, const void *b)
{
    const partner *x = a, *y = b;
    if (x->pair != y->pair)
        return x->pair < y->pair ? -1 : 1;
    if (x->gain != y->gain)
        return x->gain > y->gain ? -1 : 1;
    return x->j < y->j ? -1 : x->j > y->j;
}

/* Cost of account i in territory t, from its candidate list when t is there. */
static int64_t cost_in(const saha_territory__problem *p, size_t i, size_t t)
{
    for (size_t q = 0; q < p->ncand; q++)
        if (p->cand[i * p->ncand + q] == t)
            return p->ccost[i * p->ncand + q];
    return saha_territory__cost(p, i, t);
}

static size_t build_partners(const saha_territory__problem *p, partner *pt)
{
    size_t nb = p->ncand < BOUNDARY_CAND ? p->ncand : BOUNDARY_CAND, m = 0;
    for (size_t j = 0; j < p->n; j++) {
        size_t s = p->assign[j];
        int64_t cs;
        if (!is_free(p, j))
            continue;
        cs = cost_in(p, j, s);
        for (size_t q = 0; q < nb; q++) {
            size_t v = p->cand[j * p->ncand + q];
            if (v == s)
                continue;
            pt[m].pair = (uint64_t)s * p->k + v;
            pt[m].gain = cs - p->ccost[j * p->ncand + q];
            pt[m].j = (uint32_t)j;
            m++;
        }
    }
    qsort(pt, m, sizeof *pt, partner_cmp);
    return m;
}

/* First entry of pair `key` in the sorted list, or m. */
static size_t lower_bound(const partner *pt, size_t m, uint64_t key)
{
    size_t lo = 0, hi = m;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pt[mid].pair < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

saha_status saha_territory__refine(saha_territory__problem *p, size_t max_passes)
{
    size_t nc = p->ncand, npt = 0;
    partner *pt = NULL;
    int swaps = !p->prev && p->k > 1;

    if (swaps) {
        pt = saha__alloc_array(p->ctx, p->n ? p->n : 1, BOUNDARY_CAND * sizeof *pt);
        if (!pt)
            return SAHA_ENOMEM;
    }
    saha_territory__recount(p);
    for (size_t pass = 0; pass < max_passes; pass++) {
        size_t improved = 0;
        /* Built on the first pass and every fourth: entries whose account has moved
         * since are skipped (assign checked), their gains stay exact because centres
         * do not move during refinement. */
        if (swaps && pass % 4 == 0)
            npt = build_partners(p, pt);
        for (size_t i = 0; i < p->n; i++) {
            size_t s = p->assign[i], best_u = SIZE_MAX, blocked_u = SIZE_MAX;
            int64_t cs, best_gain = 0, blocked_gain = 0;
            if (!is_free(p, i))
                continue;
            cs = cost_in(p, i, s);
            for (size_t j = 0; j < nc; j++) {
                size_t u = p->cand[i * nc + j];
                int64_t gain = cs - p->ccost[i * nc + j];
                if (u == s || gain <= 0)
                    continue;
                if (fits(p, s, p->load[s] - p->b[i], p->count[s] - 1) &&
                    fits(p, u, p->load[u] + p->b[i], p->count[u] + 1)) {
                    if (gain > best_gain) {
                        best_gain = gain;
                        best_u = u;
                    }
                } else if (gain > blocked_gain) {
                    blocked_gain = gain;
                    blocked_u = u;
                }
            }
            if (best_u != SIZE_MAX) {
                p->load[s] -= p->b[i];
                p->count[s]--;
                p->load[best_u] += p->b[i];
                p->count[best_u]++;
                p->assign[i] = (uint32_t)best_u;
                improved++;
                continue;
            }
            if (blocked_u == SIZE_MAX || !swaps)
                continue;
            /* Swap with the most willing account of blocked_u that leans towards s. */
            {
                size_t u = blocked_u;
                uint64_t key = (uint64_t)u * p->k + s;
                size_t e = lower_bound(pt, npt, key), scanned = 0;
                for (; e < npt && pt[e].pair == key && scanned < SWAP_SCAN;
                     e++, scanned++) {
                    size_t jj = pt[e].j;
                    int64_t ls, lu;
                    if (blocked_gain + pt[e].gain <= 0)
                        break; /* sorted by falling gain: nothing better follows */
                    if (jj == i || p->assign[jj] != u || !is_free(p, jj))
                        continue;
                    ls = p->load[s] - p->b[i] + p->b[jj];
                    lu = p->load[u] + p->b[i] - p->b[jj];
                    if (!fits(p, s, ls, p->count[s]) || !fits(p, u, lu, p->count[u]))
                        continue;
                    p->load[s] = ls;
                    p->load[u] = lu;
                    p->assign[i] = (uint32_t)u;
                    p->assign[jj] = (uint32_t)s;
                    improved++;
                    break;
                }
            }
        }
        if (!improved)
            break;
    }
    saha__free(p->ctx, pt);
    return SAHA_OK;
}
