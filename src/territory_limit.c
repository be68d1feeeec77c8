/* territory_limit.c: why a territory is still off its share after the solve, so that
 * the report can say it in words instead of "tolerance not met" (issue #19).
 *
 * Method. For each territory t outside its bounds (or over its max_accounts), in this
 * order:
 *  - MAX_ACCOUNTS: it has more accounts than max_accounts, or is under its share with
 *    max_accounts reached;
 *  - LOCKED: over, and its locked accounts alone are above the upper bound; or under,
 *    no account can join it, and locked accounts of other territories would;
 *  - ISLAND: no account can cross its border in the needed direction: over, and every
 *    territory its movable accounts have as a candidate (their nearest centres) is
 *    full; under, and every account that has t as a candidate is locked, already in t,
 *    or in a territory that cannot spare it. The nearest territory (by centre) that
 *    could take (over) or give (under) load is named, with its distance;
 *  - HEAVY: accounts could cross, but each one would overshoot the other bound (loads
 *    heavier than the tolerance band);
 *  - SEARCH: a move exists; the search stopped before finding it.
 * ISLAND and SEARCH become SHARED_COORDS when the territory's accounts sit on few
 * coordinates, at least SHARED_MIN accounts each on average (city-level geocodes: 300k
 * accounts on 50 points): its border must then split one coordinate's accounts between
 * territories, the search found no split inside the band, and that is the reason worth
 * naming (better geocodes, or a larger tolerance), not an island.
 *
 * Complexity O(n c + k^2) time (one pass over the candidate lists) plus O(n log n) to
 * count distinct coordinates when the balance is not met; O(k) memory, O(n) then.
 * Caller: territory.c after the solve. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/territory.h"

static int locked_at(const saha_territory__problem *p, size_t i)
{
    return p->locked && p->locked[i] != SAHA_TERRITORY__NONE;
}

static int full_count(const saha_territory__problem *p, size_t t)
{
    return p->max_count && p->max_count[t] && p->count[t] >= p->max_count[t];
}

/* The nearest territory u != t (centre distance) with room for b (take) or load to
 * spare above its lower bound (!take). */
static size_t nearest_with(const saha_territory__problem *p, size_t t, int take,
                           int64_t b, double *km)
{
    size_t best = SIZE_MAX;
    double bd = HUGE_VAL;
    for (size_t u = 0; u < p->k; u++) {
        double d;
        int ok = take ? p->load[u] + b <= p->hi[u] && !full_count(p, u)
                      : p->load[u] - b >= p->lo[u];
        if (u == t || !ok)
            continue;
        d = saha_territory__dist(p->centre[t], p->centre[u]);
        if (d < bd) {
            bd = d;
            best = u;
        }
    }
    *km = best == SIZE_MAX ? NAN : bd / 1000.0;
    return best;
}

/* Mean accounts per coordinate from which a territory's limit is SHARED_COORDS. */
#define SHARED_MIN 5.0

typedef struct coord_key {
    uint32_t t;
    double x, y;
} coord_key;

static int coord_cmp(const void *a, const void *b)
{
    const coord_key *u = a, *v = b;
    if (u->t != v->t)
        return u->t < v->t ? -1 : 1;
    if (u->x != v->x)
        return u->x < v->x ? -1 : 1;
    if (u->y != v->y)
        return u->y < v->y ? -1 : 1;
    return 0;
}

/* info[t].coords = distinct coordinates of t's accounts. */
static saha_status count_coords(const saha_territory__problem *p,
                                saha_territory_info *info)
{
    coord_key *ck = saha__alloc_array(p->ctx, p->n ? p->n : 1, sizeof *ck);
    if (!ck)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < p->n; i++) {
        ck[i].t = p->assign[i];
        ck[i].x = p->xy[i].x_m;
        ck[i].y = p->xy[i].y_m;
    }
    qsort(ck, p->n, sizeof *ck, coord_cmp);
    for (size_t i = 0; i < p->n; i++)
        if (i == 0 || coord_cmp(&ck[i - 1], &ck[i]) != 0)
            info[ck[i].t].coords++;
    saha__free(p->ctx, ck);
    return SAHA_OK;
}

/* Per territory: what the single pass over the accounts found. */
typedef struct reach {
    int64_t locked;  /* locked load (over) */
    int locked_near; /* a locked account of another territory has t as a candidate */
    int crossable;   /* some account can cross the border in the needed direction */
    int fits;        /* ... without overshooting t's other bound */
} reach;

saha_status saha_territory__limits(const saha_territory__problem *p,
                                   saha_territory_info *info)
{
    size_t nc = p->ncand, k = p->k;
    reach *r = saha__calloc(p->ctx, k, sizeof *r);

    if (!r)
        return SAHA_ENOMEM;
    for (size_t t = 0; t < k; t++)
        info[t].coords = 0;
    if (!saha_territory__feasible(p) && count_coords(p, info) < 0) {
        saha__free(p->ctx, r);
        return SAHA_ENOMEM;
    }
    for (size_t i = 0; i < p->n; i++) {
        size_t s = p->assign[i];
        const uint32_t *ci = p->cand + i * nc;
        int64_t b = p->b[i];
        if (locked_at(p, i)) {
            r[s].locked += b;
            for (size_t j = 0; j < nc; j++)
                if (ci[j] != s)
                    r[ci[j]].locked_near = 1;
            continue;
        }
        for (size_t j = 0; j < nc; j++) {
            size_t u = ci[j];
            if (u == s)
                continue;
            /* i leaving an over s for u */
            if (p->load[s] > p->hi[s] && !full_count(p, u) &&
                p->load[u] + b <= p->hi[u]) {
                r[s].crossable = 1;
                r[s].fits |= p->load[s] - b >= p->lo[s];
            }
            /* i joining an under u from s */
            if (p->load[u] < p->lo[u] && p->load[s] - b >= p->lo[s]) {
                r[u].crossable = 1;
                r[u].fits |= p->load[u] + b <= p->hi[u];
            }
        }
    }
    for (size_t t = 0; t < k; t++) {
        saha_territory_info *ti = &info[t];
        int over = p->load[t] > p->hi[t], under = p->load[t] < p->lo[t];

        ti->limit = SAHA_TERRITORY_LIMIT_NONE;
        ti->nearest = SIZE_MAX;
        ti->nearest_km = NAN;
        if ((p->max_count && p->max_count[t] && p->count[t] > p->max_count[t]) ||
            (under && full_count(p, t)))
            ti->limit = SAHA_TERRITORY_LIMIT_MAX_ACCOUNTS;
        else if (!over && !under)
            continue;
        else if ((over && r[t].locked > p->hi[t]) ||
                 (under && !r[t].crossable && r[t].locked_near))
            ti->limit = SAHA_TERRITORY_LIMIT_LOCKED;
        else if (!r[t].crossable) {
            ti->limit = SAHA_TERRITORY_LIMIT_ISLAND;
            ti->nearest = nearest_with(p, t, over, 1, &ti->nearest_km);
        } else if (!r[t].fits)
            ti->limit = SAHA_TERRITORY_LIMIT_HEAVY;
        else
            ti->limit = SAHA_TERRITORY_LIMIT_SEARCH;
        if ((ti->limit == SAHA_TERRITORY_LIMIT_ISLAND ||
             ti->limit == SAHA_TERRITORY_LIMIT_SEARCH) &&
            ti->coords > 0 && (double)p->count[t] >= SHARED_MIN * (double)ti->coords) {
            ti->limit = SAHA_TERRITORY_LIMIT_SHARED_COORDS;
            ti->nearest = SIZE_MAX;
            ti->nearest_km = NAN;
        }
    }
    saha__free(p->ctx, r);
    return SAHA_OK;
}
