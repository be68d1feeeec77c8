/* territory_spread.c: spreads accounts that share one coordinate over a small disc, for
 * the territory solver only.
 *
 * Why. The balanced assignment (territory_assign.c) sends every account to the
 * candidate minimising w_i d^2 + p_t b_i; accounts on one coordinate (city-level
 * geocodes, a mall) see the same distances, so prices can only move them all at once
 * (or by their load-to-visit ratio), and repair then balances them by single moves:
 * O(n^2 / k) scans, 30 CPU seconds for 300k accounts on 50 coordinates (issue #19, D3).
 * Spread over a disc, such a group is cut by the power diagram's straight boundaries at
 * any fraction, so prices balance it like any other dense area.
 *
 * Method. Sort the point indices by (x, y, index), O(n log n); every run of M > 1 equal
 * points becomes a Vogel (sunflower) spiral around the coordinate: member m at radius
 * SPREAD_M x sqrt(m + 0.5) and angle m x the golden angle, an even density of one
 * account per pi x SPREAD_M^2 square metres (M = 6000 fills a disc of 390 m radius).
 * Members keep their input order along the spiral, so the result is deterministic and
 * independent of the platform. Points that are unique stay where they are.
 *
 * Complexity O(n log n) time, O(n) memory. The solver works on the spread copy and
 * reports nothing from it: centres and spreads are recomputed from the true points.
 * Caller: territory_solve.c. */
#include <math.h>
#include <stdlib.h>

#include "internal/territory.h"

/* Radius unit of the spiral, metres: small against a territory, large against the
 * integer cost unit (SAHA_TERRITORY__COST_UNIT_M) so that members are told apart. */
#define SPREAD_M 5.0

typedef struct point_key {
    double x, y;
    uint32_t i;
} point_key;

static int key_cmp(const void *a, const void *b)
{
    const point_key *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    if (p->y != q->y)
        return p->y < q->y ? -1 : 1;
    return p->i < q->i ? -1 : p->i > q->i;
}

saha_status saha_territory__spread_duplicates(saha_ctx *ctx, const saha_xy *xy, size_t n,
                                              saha_xy **out, size_t *moved_out)
{
    const double golden = M_PI * (3.0 - sqrt(5.0));
    point_key *key = NULL;
    saha_xy *sp = NULL;
    size_t moved = 0;
    saha_status rc = SAHA_OK;

    *out = NULL;
    if (moved_out)
        *moved_out = 0;
    if (n < 2)
        return SAHA_OK;
    key = saha__alloc_array(ctx, n, sizeof *key);
    if (!key)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        key[i].x = xy[i].x_m;
        key[i].y = xy[i].y_m;
        key[i].i = (uint32_t)i;
    }
    qsort(key, n, sizeof *key, key_cmp);
    for (size_t a = 0, e; a < n; a = e) {
        for (e = a + 1; e < n && key[e].x == key[a].x && key[e].y == key[a].y; e++)
            ;
        if (e - a < 2)
            continue;
        if (!sp) {
            sp = saha__alloc_array(ctx, n, sizeof *sp);
            if (!sp) {
                rc = SAHA_ENOMEM;
                goto done;
            }
            for (size_t i = 0; i < n; i++)
                sp[i] = xy[i];
        }
        for (size_t m = 0; m < e - a; m++) {
            double r = SPREAD_M * sqrt((double)m + 0.5), ang = golden * (double)m;
            saha_xy *v = &sp[key[a + m].i];
            v->x_m = key[a].x + r * cos(ang);
            v->y_m = key[a].y + r * sin(ang);
        }
        moved += e - a;
    }
    *out = sp;
    sp = NULL;
    if (moved_out)
        *moved_out = moved;
done:
    saha__free(ctx, sp);
    saha__free(ctx, key);
    return rc;
}
