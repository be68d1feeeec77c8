/* territory_order.c: the solver's accounts in the order of a space-filling curve, for
 * memory locality.
 *
 * Why. Every step of the solver walks the accounts by index and reads per-account rows
 * (candidates and their costs: 192 bytes an account at 16 candidates); the price
 * iterations re-evaluate only accounts near a moving boundary. In the caller's order
 * (a CSV, a generator) neighbours in space are far apart in memory, so at 300k accounts
 * (58 MB of rows, past the last-level cache) each evaluation misses the cache and the
 * time per evaluation grows with n (issue #19, Deliver 3: clustered 100k -> 300k took
 * 3.6x for 3x the points). In curve order the accounts near one boundary sit in a few
 * runs of memory that the hardware prefetches.
 *
 * Method. Each point gets a Morton (Z-order) key: x and y scaled to 32-bit integers over
 * the bounding box, bits interleaved. The indices are sorted by (key, index), O(n log n);
 * the solver then runs on permuted copies of the per-account inputs, and its per-account
 * outputs (assignment, candidate rows) are permuted back, so the caller sees its own
 * order. Points with equal coordinates keep their input order among themselves (the
 * tie-break by index), which is all the input order can still decide (territory_spread.c
 * lays such points on its spiral in that order). Memory O(n): the copies of xy, w, b,
 * locked, prev and the permutation.
 *
 * Caller: territory_solve.c (saha_territory__solve_points). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/territory.h"

typedef struct curve_key {
    uint64_t key;
    uint32_t i;
} curve_key;

static int curve_cmp(const void *a, const void *b)
{
    const curve_key *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* The 32 bits of v spread to the even bits of the result. */
static uint64_t spread_bits(uint64_t v)
{
    v &= 0xffffffffu;
    v = (v | (v << 16)) & 0x0000ffff0000ffffu;
    v = (v | (v << 8)) & 0x00ff00ff00ff00ffu;
    v = (v | (v << 4)) & 0x0f0f0f0f0f0f0f0fu;
    v = (v | (v << 2)) & 0x3333333333333333u;
    v = (v | (v << 1)) & 0x5555555555555555u;
    return v;
}

/* v scaled from [lo, lo + span] to 0 .. 2^32 - 1. */
static uint64_t scale32(double v, double lo, double span)
{
    double f = span > 0 ? (v - lo) / span : 0.0;
    if (!(f > 0))
        return 0;
    if (f >= 1.0)
        return 0xffffffffu;
    return (uint64_t)(f * 4294967295.0);
}

/* perm_out[r] = the caller's index of the r-th point along the curve. */
static saha_status curve_perm(saha_ctx *ctx, const saha_xy *xy, size_t n,
                              uint32_t *perm_out)
{
    double minx = HUGE_VAL, maxx = -HUGE_VAL, miny = HUGE_VAL, maxy = -HUGE_VAL;
    curve_key *ck = saha__alloc_array(ctx, n, sizeof *ck);

    if (!ck)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        minx = fmin(minx, xy[i].x_m);
        maxx = fmax(maxx, xy[i].x_m);
        miny = fmin(miny, xy[i].y_m);
        maxy = fmax(maxy, xy[i].y_m);
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t x = scale32(xy[i].x_m, minx, maxx - minx),
                 y = scale32(xy[i].y_m, miny, maxy - miny);
        ck[i].key = spread_bits(x) << 1 | spread_bits(y);
        ck[i].i = (uint32_t)i;
    }
    qsort(ck, n, sizeof *ck, curve_cmp);
    for (size_t r = 0; r < n; r++)
        perm_out[r] = ck[r].i;
    saha__free(ctx, ck);
    return SAHA_OK;
}

saha_status saha_territory__order_apply(saha_territory__problem *p,
                                        saha_territory__order *o)
{
    size_t n = p->n;
    saha_status rc = SAHA_ENOMEM;

    memset(o, 0, sizeof *o);
    o->xy = p->xy;
    o->w = p->w;
    o->b = p->b;
    o->locked = p->locked;
    o->prev = p->prev;
    if (n < 2)
        return SAHA_OK;
    o->perm = saha__alloc_array(p->ctx, n, sizeof *o->perm);
    o->pxy = saha__alloc_array(p->ctx, n, sizeof *o->pxy);
    o->pw = saha__alloc_array(p->ctx, n, sizeof *o->pw);
    o->pb = saha__alloc_array(p->ctx, n, sizeof *o->pb);
    if (p->locked)
        o->plocked = saha__alloc_array(p->ctx, n, sizeof *o->plocked);
    if (p->prev)
        o->pprev = saha__alloc_array(p->ctx, n, sizeof *o->pprev);
    if (!o->perm || !o->pxy || !o->pw || !o->pb || (p->locked && !o->plocked) ||
        (p->prev && !o->pprev))
        goto fail;
    rc = curve_perm(p->ctx, p->xy, n, o->perm);
    if (rc < 0)
        goto fail;
    for (size_t r = 0; r < n; r++) {
        size_t i = o->perm[r];
        o->pxy[r] = p->xy[i];
        o->pw[r] = p->w[i];
        o->pb[r] = p->b[i];
        if (o->plocked)
            o->plocked[r] = p->locked[i];
        if (o->pprev)
            o->pprev[r] = p->prev[i];
    }
    p->xy = o->pxy;
    p->w = o->pw;
    p->b = o->pb;
    p->locked = o->plocked;
    p->prev = o->pprev;
    return SAHA_OK;
fail:
    saha_territory__order_free(p->ctx, o);
    return rc;
}

/* Rows of `width` bytes (at most ROW_MAX) of a, in curve order, back to the caller's
 * order in place: row r goes to perm[r], following each cycle of the permutation once
 * (done: n flags, cleared here). */
#define ROW_MAX (SAHA_TERRITORY__MAX_CAND * sizeof(int64_t))

static void unpermute(const uint32_t *perm, size_t n, size_t width, void *a,
                      unsigned char *done)
{
    unsigned char *rows = a, carry[ROW_MAX], held[ROW_MAX];
    memset(done, 0, n);
    for (size_t start = 0; start < n; start++) {
        size_t r = start;
        if (done[start])
            continue;
        memcpy(carry, rows + start * width, width);
        do {
            size_t d = perm[r];
            memcpy(held, rows + d * width, width);
            memcpy(rows + d * width, carry, width);
            memcpy(carry, held, width);
            done[d] = 1;
            r = d;
        } while (r != start);
    }
}

saha_status saha_territory__order_restore(saha_territory__problem *p,
                                          saha_territory__order *o)
{
    size_t n = p->n, nc = p->ncand;
    unsigned char *done;

    p->xy = o->xy;
    p->w = o->w;
    p->b = o->b;
    p->locked = o->locked;
    p->prev = o->prev;
    if (!o->perm)
        return SAHA_OK;
    done = saha__alloc_array(p->ctx, n, 1);
    if (!done)
        return SAHA_ENOMEM;
    if (p->assign)
        unpermute(o->perm, n, sizeof *p->assign, p->assign, done);
    if (p->cand && nc) {
        unpermute(o->perm, n, nc * sizeof *p->cand, p->cand, done);
        unpermute(o->perm, n, nc * sizeof *p->ccost, p->ccost, done);
    }
    saha__free(p->ctx, done);
    return SAHA_OK;
}

void saha_territory__order_free(saha_ctx *ctx, saha_territory__order *o)
{
    saha__free(ctx, o->perm);
    saha__free(ctx, o->pxy);
    saha__free(ctx, o->pw);
    saha__free(ctx, o->pb);
    saha__free(ctx, o->plocked);
    saha__free(ctx, o->pprev);
    o->perm = NULL;
    o->pxy = NULL;
    o->pw = NULL;
    o->pb = NULL;
    o->plocked = NULL;
    o->pprev = NULL;
}
