/* territory_move.c: moves one territory (its centre) from where the balance has a
 * territory to spare to where it is short of one, for the territory solver.
 *
 * Why. Prices, chain transfers and repair (territory_assign.c, territory_transfer.c)
 * move accounts between territories whose centres are neighbours. When a region carries
 * more territories' worth of load than it has centres (accounts on a few coordinates: a
 * row of eleven city points 1 km apart carrying 21.9 shares held by 21 territories,
 * 100 km from anything else), every territory there is over its bound, its accounts have
 * only the region's centres among their candidates, and no move of accounts can help:
 * the shortage is a whole territory (issue #19). The other regions then hold the spare
 * territory as one or two centres that roam between cities to reach their lower bound.
 *
 * Method. A relocation move on the centres in the spirit of J-means (Hansen and
 * Mladenovic 2001, "J-means: a new local search heuristic for minimum sum of squares
 * clustering") and of ISODATA's split step (Ball and Hall 1965): take the centre of a
 * donor territory away and split the receiving territory in two along its principal
 * axis. The receiver is the territory furthest over its upper bound (relative to its
 * target); the donor is the free territory below its target, other than the receiver,
 * with the lowest dual price of the balance constraint (the Lagrangian value of one
 * more unit of load there: the lowest price marks the territory that most wants load,
 * the roaming spare one). When no territory is over but some are under, the donor is
 * the one furthest under its lower bound and the receiver the one with the largest load
 * relative to its target. The receiver's accounts are cut at the load-weighted median
 * of their projection on the principal axis (of the visit-weighted covariance); the two
 * halves' visit-weighted means become the centres of the receiver and the donor (an
 * anchored receiver keeps its centre and the donor takes the half further from it), and
 * the donor takes the receiver's price. Only the centres and the donor's price change;
 * the caller re-solves the assignment (a round of candidates, prices, transfers, repair,
 * refinement) and keeps the move only when it lowers the bound violation, so a move
 * never makes the result worse.
 *
 * Complexity O(n + m log m) for a receiver with m accounts; memory O(m). Invariants:
 * anchored centres never move; assignments are not changed here. Caller:
 * territory_solve.c (after the rounds, only when the best round is out of balance;
 * CONTRIBUTING.md §8: one heuristic step per file, this file is that step). */
#include <math.h>
#include <stdlib.h>

#include "internal/territory.h"

typedef struct proj_key {
    double key;
    uint32_t i;
} proj_key;

static int proj_cmp(const void *a, const void *b)
{
    const proj_key *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static int is_free(const saha_territory__problem *p, size_t t)
{
    return !p->anchored || !p->anchored[t];
}

/* Relative excess over the upper bound (> 0 when over), and shortfall below the lower
 * bound (> 0 when under). */
static double rel_over(const saha_territory__problem *p, size_t t)
{
    return (double)(p->load[t] - p->hi[t]) / p->target[t];
}

static double rel_under(const saha_territory__problem *p, size_t t)
{
    return (double)(p->lo[t] - p->load[t]) / p->target[t];
}

/* Picks the receiver and the donor (see the file comment); 0 when there is no pair. */
static int pick(const saha_territory__problem *p, const unsigned char *tried,
                size_t *r_out, size_t *d_out)
{
    size_t k = p->k, r = SIZE_MAX, d = SIZE_MAX;
    double worst = 0;

    for (size_t t = 0; t < k; t++)
        if (rel_over(p, t) > worst) {
            worst = rel_over(p, t);
            r = t;
        }
    if (r != SIZE_MAX) {
        for (size_t t = 0; t < k; t++) {
            if (t == r || !is_free(p, t) || (tried && tried[t]) ||
                (double)p->load[t] > p->target[t])
                continue;
            if (d == SIZE_MAX || p->price[t] < p->price[d])
                d = t;
        }
    } else {
        double most = -HUGE_VAL;
        for (size_t t = 0; t < k; t++)
            if (is_free(p, t) && !(tried && tried[t]) && rel_under(p, t) > worst) {
                worst = rel_under(p, t);
                d = t;
            }
        if (d == SIZE_MAX)
            return 0;
        for (size_t t = 0; t < k; t++) {
            double rel = (double)p->load[t] / p->target[t];
            if (t != d && rel > most) {
                most = rel;
                r = t;
            }
        }
    }
    if (r == SIZE_MAX || d == SIZE_MAX)
        return 0;
    *r_out = r;
    *d_out = d;
    return 1;
}

/* Visit-weighted mean of the receiver's accounts key[a .. e). */
static saha_xy half_mean(const saha_territory__problem *p, const proj_key *key, size_t a,
                         size_t e)
{
    double sx = 0, sy = 0, sw = 0;
    saha_xy c;
    for (size_t q = a; q < e; q++) {
        double f = p->w[key[q].i] + 1e-9;
        sx += f * p->xy[key[q].i].x_m;
        sy += f * p->xy[key[q].i].y_m;
        sw += f;
    }
    c.x_m = sx / sw;
    c.y_m = sy / sw;
    return c;
}

size_t saha_territory__move_centre(saha_territory__problem *p, const unsigned char *tried)
{
    size_t r, d, m = 0, cut;
    double sx = 0, sy = 0, sw = 0, cxx = 0, cxy = 0, cyy = 0, ax, ay, total = 0, acc = 0;
    proj_key *key;
    saha_xy ca, cb;

    if (p->k < 2 || !pick(p, tried, &r, &d) || p->count[r] < 2)
        return SAHA_TERRITORY__NONE;
    key = saha__alloc_array(p->ctx, p->count[r], sizeof *key);
    if (!key)
        return SAHA_TERRITORY__NONE; /* no move: the caller's result stands */
    for (size_t i = 0; i < p->n && m < p->count[r]; i++)
        if (p->assign[i] == r) {
            double f = p->w[i] + 1e-9;
            sx += f * p->xy[i].x_m;
            sy += f * p->xy[i].y_m;
            sw += f;
            key[m++].i = (uint32_t)i;
        }
    sx /= sw;
    sy /= sw;
    for (size_t q = 0; q < m; q++) {
        double f = p->w[key[q].i] + 1e-9, dx = p->xy[key[q].i].x_m - sx,
               dy = p->xy[key[q].i].y_m - sy;
        cxx += f * dx * dx;
        cxy += f * dx * dy;
        cyy += f * dy * dy;
    }
    /* Principal axis of the 2 x 2 covariance: angle 0.5 atan2(2 cxy, cxx - cyy). */
    {
        double ang = 0.5 * atan2(2.0 * cxy, cxx - cyy);
        ax = cos(ang);
        ay = sin(ang);
    }
    for (size_t q = 0; q < m; q++) {
        size_t i = key[q].i;
        key[q].key = ax * (p->xy[i].x_m - sx) + ay * (p->xy[i].y_m - sy);
        total += (double)p->b[i];
    }
    qsort(key, m, sizeof *key, proj_cmp);
    /* Cut where half the load is reached; each half keeps at least one account. */
    cut = 1;
    for (size_t q = 0; q + 1 < m; q++) {
        acc += (double)p->b[key[q].i];
        cut = q + 1;
        if (acc >= 0.5 * total)
            break;
    }
    ca = half_mean(p, key, 0, cut);
    cb = half_mean(p, key, cut, m);
    saha__free(p->ctx, key);
    if (is_free(p, r)) {
        p->centre[r] = ca;
        p->centre[d] = cb;
    } else {
        p->centre[d] = saha_territory__dist(ca, p->centre[r]) >
                               saha_territory__dist(cb, p->centre[r])
                           ? ca
                           : cb;
    }
    p->price[d] = p->price[r];
    return d;
}
