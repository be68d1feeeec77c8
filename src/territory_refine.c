/* territory_refine.c: boundary refinement of a balanced assignment.
 *
 * Method. Local search on the integer cost sum_i c(i, assign_i):
 *  - move: account i leaves territory s for a candidate u when that lowers its cost and
 *    both loads stay inside their bounds (and u stays within max_accounts);
 *  - swap: when such a move is blocked by the bounds, i (s -> u) is exchanged with an
 *    account j of u that has s among its three nearest centres, when the pair lowers the
 *    total cost and both loads stay inside their bounds. Partners come from a list of
 *    (from, to, account, gain) grouped by territory pair (counting sort), each pair's
 *    SWAP_SCAN best by falling gain first (selection, then a sort of those), rebuilt
 *    every fourth pass, so a blocked move looks at the most willing partners first (at
 *    most SWAP_SCAN of them).
 * Each accepted step lowers the integer total cost, so the search terminates; passes
 * stop when one finds nothing or after max_passes. With a previous assignment only
 * accounts that have already left their previous territory (or are new) may move, and
 * no swaps are made, so refinement never adds a move (stability first).
 *
 * Complexity: one pass O(n c) (moves, and building the partner list: O(n) grouping
 * plus O(SWAP_SCAN log SWAP_SCAN) per territory pair; a full O(n log n) sort past
 * BUCKET_MAX_K territories) plus O(log n + SWAP_SCAN) per blocked move; in practice the
 * move scan reads only the candidates nearer than the account's own territory. Memory
 * O(n + k^2) (3 partner entries per account, the pair offsets). Invariants: loads within
 * bounds stay within bounds; locked accounts never move. Caller: territory.c. */
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

/* Partner lists are grouped by territory pair with a counting sort when the k^2 bucket
 * offsets stay small; past that, one qsort of the whole list. */
#define BUCKET_MAX_K 1024

/* ceil(log2 m) for m >= 1: the comparisons per entry charged for a qsort of m. */
static size_t log2_ceil(size_t m)
{
    size_t l = 0;
    while (((size_t)1 << l) < m)
        l++;
    return l;
}

/* Puts the `want` first entries of pt[0..m) in partner_cmp order at the front, in any
 * order among themselves (quickselect, median-of-three pivot; deterministic). Returns
 * the entries visited. */
static size_t select_front(partner *pt, size_t m, size_t want)
{
    size_t lo = 0, hi = m, work = 0;
    while (hi - lo > 1 && want > lo && want < hi) {
        size_t mid = lo + (hi - lo) / 2, a = lo, b = hi - 1, st = lo;
        partner piv, tmp;
        /* Median of three as pivot. */
        if (partner_cmp(&pt[mid], &pt[a]) < 0)
            a = mid, mid = lo;
        if (partner_cmp(&pt[b], &pt[mid]) < 0)
            mid = b;
        if (partner_cmp(&pt[mid], &pt[a]) < 0)
            mid = a;
        piv = pt[mid];
        pt[mid] = pt[hi - 1];
        pt[hi - 1] = piv;
        for (size_t q = lo; q + 1 < hi; q++) {
            if (partner_cmp(&pt[q], &piv) < 0) {
                tmp = pt[q];
                pt[q] = pt[st];
                pt[st] = tmp;
                st++;
            }
        }
        pt[hi - 1] = pt[st];
        pt[st] = piv;
        work += hi - lo;
        /* pt[st] is in its final place. */
        if (st + 1 == want || st == want)
            break;
        if (st < want)
            lo = st + 1;
        else
            hi = st;
    }
    return work;
}

/* Fills pt with one entry per (free account j, one of its BOUNDARY_CAND nearest
 * candidates v other than its territory s), grouped by pair (s, v). Within each pair the
 * SWAP_SCAN entries of largest gain come first, sorted by falling gain (partner_cmp):
 * refine() never reads further into a pair than SWAP_SCAN entries, so ordering the rest
 * would be wasted (the same list order as a full sort where it is read). bstart: k^2 + 1
 * offsets (NULL past BUCKET_MAX_K: one qsort). O(n c) plus O(SWAP_SCAN log SWAP_SCAN)
 * per pair; *work gets entries placed, entries visited by the selection and
 * m ceil(log2 m) per qsort of m entries. */
static size_t build_partners(const saha_territory__problem *p, partner *pt,
                             size_t *bstart, size_t *work)
{
    size_t nb = p->ncand < BOUNDARY_CAND ? p->ncand : BOUNDARY_CAND, m = 0,
           nk = p->k * p->k;
    for (int fill = bstart ? 0 : 1; fill < 2; fill++) {
        if (bstart && fill == 0)
            memset(bstart, 0, (nk + 1) * sizeof *bstart);
        for (size_t j = 0; j < p->n; j++) {
            size_t s = p->assign[j];
            int64_t cs;
            if (!is_free(p, j))
                continue;
            cs = cost_in(p, j, s);
            for (size_t q = 0; q < nb; q++) {
                size_t v = p->cand[j * p->ncand + q], e;
                uint64_t key = (uint64_t)s * p->k + v;
                if (v == s)
                    continue;
                if (fill == 0) {
                    bstart[key + 1]++;
                    continue;
                }
                e = bstart ? bstart[key]++ : m;
                pt[e].pair = key;
                pt[e].gain = cs - p->ccost[j * p->ncand + q];
                pt[e].j = (uint32_t)j;
                m++;
            }
        }
        if (bstart && fill == 0)
            for (size_t key = 0; key < nk; key++)
                bstart[key + 1] += bstart[key];
    }
    *work += m;
    if (!bstart) {
        qsort(pt, m, sizeof *pt, partner_cmp);
        *work += m * log2_ceil(m);
        return m;
    }
    /* bstart[key] now holds the end of pair key (the start of key + 1). */
    for (size_t key = 0, a = 0; key < nk; key++) {
        size_t b = bstart[key], len = b - a, top = len < SWAP_SCAN ? len : SWAP_SCAN;
        if (len > SWAP_SCAN)
            *work += select_front(pt + a, len, SWAP_SCAN);
        if (top > 1) {
            qsort(pt + a, top, sizeof *pt, partner_cmp);
            *work += top * log2_ceil(top);
        }
        a = b;
    }
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
    size_t nc = p->ncand, npt = 0, *bstart = NULL;
    partner *pt = NULL;
    int swaps = !p->prev && p->k > 1;

    if (swaps) {
        pt = saha__alloc_array(p->ctx, p->n ? p->n : 1, BOUNDARY_CAND * sizeof *pt);
        if (p->k <= BUCKET_MAX_K)
            bstart = saha__alloc_array(p->ctx, p->k * p->k + 1, sizeof *bstart);
        if (!pt || (p->k <= BUCKET_MAX_K && !bstart)) {
            saha__free(p->ctx, pt);
            saha__free(p->ctx, bstart);
            return SAHA_ENOMEM;
        }
    }
    saha_territory__recount(p);
    for (size_t pass = 0; pass < max_passes; pass++) {
        size_t improved = 0;
        p->refine_passes++;
        /* Built on the first pass and every fourth: entries whose account has moved
         * since are skipped (assign checked), their gains stay exact because centres
         * do not move during refinement. */
        if (swaps && pass % 4 == 0)
            npt = build_partners(p, pt, bstart, &p->refine_work);
        for (size_t i = 0; i < p->n; i++) {
            size_t s = p->assign[i], best_u = SIZE_MAX, blocked_u = SIZE_MAX;
            int64_t cs, best_gain = 0, blocked_gain = 0;
            size_t qs = 0;
            if (!is_free(p, i))
                continue;
            /* Candidates come nearest first, costs non-decreasing: only those before s
             * in the list can gain (most accounts sit at their nearest centre). */
            while (qs < nc && p->cand[i * nc + qs] != s)
                qs++;
            cs = qs < nc ? p->ccost[i * nc + qs] : saha_territory__cost(p, i, s);
            p->refine_work += qs + 1;
            for (size_t j = 0; j < qs; j++) {
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
    saha__free(p->ctx, bstart);
    return SAHA_OK;
}
