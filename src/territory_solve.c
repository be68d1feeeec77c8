/* territory_solve.c: the territory solver on projected points (orchestration of the
 * steps), centre updates and plain k-means.
 *
 * Method. Free centres start as the means of a recursive coordinate bisection (cut the
 * points across their longer side where the load reaches the capacity share of one
 * half, recurse; the frame is rotated by an angle drawn from the seed): balanced and
 * compact from the start. When some centres are anchored (reps' homes) and others free,
 * the free ones come from k-means++ seeding (D^2 sampling, PRNG seeded by the options,
 * anchored centres count as chosen) and a few Lloyd iterations. Then rounds of:
 *   candidates (nearest min(k,16) centres) -> price-based balanced assignment
 *   (territory_assign.c) -> chain transfers for territories far outside their bounds
 *   (territory_transfer.c) -> repair to the bounds -> boundary refinement
 *   (territory_refine.c) -> centre update (visit-weighted mean),
 * stopping when the integer cost no longer improves by 0.1 % or after max_rounds; the
 * best round is kept. A round out of balance ends the run, except once when it is
 * cheaper than the best balanced one (its centres may balance in the next round).
 * Anchored centres (reps' homes) never move, so one round suffices. With a previous
 * assignment, the start is that assignment (new accounts at their nearest centre) and
 * only repair plus restricted refinement run: accounts move only to restore the bounds.
 *
 * Accounts sharing one coordinate are first spread over a small disc
 * (territory_spread.c) so that prices can split them; the solve runs on that copy, with
 * the accounts in Morton curve order for memory locality (territory_order.c; outputs come
 * back in the caller's order).
 *
 * Complexity: O(rounds x (n k + iterations x n c)); memory O(n c). Caller: territory.c
 * (public API), the unit tests and tests/bench/bench_territory.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/territory.h"

/* k-means++ seeding of the centres t with !fixed[t] (fixed may be NULL). */
static saha_status seed_centres(saha_ctx *ctx, const saha_xy *xy, const double *w,
                                size_t n, size_t k, const int *fixed, uint64_t seed,
                                saha_xy *centre)
{
    double *d2 = saha__alloc_array(ctx, n, sizeof *d2);
    saha__rng rng;
    size_t chosen = 0;

    if (!d2)
        return SAHA_ENOMEM;
    saha__rng_seed(&rng, seed);
    for (size_t i = 0; i < n; i++)
        d2[i] = HUGE_VAL;
    for (size_t t = 0; t < k; t++) {
        if (!fixed || !fixed[t])
            continue;
        for (size_t i = 0; i < n; i++) {
            double d = saha_territory__dist(xy[i], centre[t]);
            if (d * d < d2[i])
                d2[i] = d * d;
        }
        chosen++;
    }
    for (size_t t = 0; t < k; t++) {
        double total = 0, r, acc = 0;
        size_t pick = n - 1;
        if (fixed && fixed[t])
            continue;
        for (size_t i = 0; i < n; i++)
            total += (w[i] + 1e-9) * (chosen ? d2[i] : 1.0);
        r = saha__rng_double(&rng) * total;
        for (size_t i = 0; i < n; i++) {
            acc += (w[i] + 1e-9) * (chosen ? d2[i] : 1.0);
            if (acc > r) {
                pick = i;
                break;
            }
        }
        centre[t] = xy[pick];
        for (size_t i = 0; i < n; i++) {
            double d = saha_territory__dist(xy[i], centre[t]);
            if (d * d < d2[i])
                d2[i] = d * d;
        }
        chosen++;
    }
    saha__free(ctx, d2);
    return SAHA_OK;
}

static size_t nearest(const saha_xy *c, size_t k, saha_xy q)
{
    size_t best = 0;
    double bd = HUGE_VAL;
    for (size_t t = 0; t < k; t++) {
        double dx = c[t].x_m - q.x_m, dy = c[t].y_m - q.y_m, d = dx * dx + dy * dy;
        if (d < bd) {
            bd = d;
            best = t;
        }
    }
    return best;
}

/* Lloyd iterations moving only the centres with !fixed[t]. */
static saha_status lloyd(saha_ctx *ctx, const saha_xy *xy, const double *w, size_t n,
                         size_t k, const int *fixed, size_t iters, uint32_t *assign,
                         saha_xy *centre)
{
    double *sx = saha__calloc(ctx, k, sizeof *sx), *sy = saha__calloc(ctx, k, sizeof *sy),
           *sw = saha__calloc(ctx, k, sizeof *sw);
    saha_status rc = SAHA_OK;

    if (!sx || !sy || !sw) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t it = 0; it <= iters; it++) {
        size_t changed = 0;
        for (size_t i = 0; i < n; i++) {
            uint32_t t = (uint32_t)nearest(centre, k, xy[i]);
            if (it == 0 || t != assign[i])
                changed++;
            assign[i] = t;
        }
        if (it == iters || changed == 0)
            break;
        memset(sx, 0, k * sizeof *sx);
        memset(sy, 0, k * sizeof *sy);
        memset(sw, 0, k * sizeof *sw);
        for (size_t i = 0; i < n; i++) {
            double wi = w[i] + 1e-9;
            sx[assign[i]] += wi * xy[i].x_m;
            sy[assign[i]] += wi * xy[i].y_m;
            sw[assign[i]] += wi;
        }
        for (size_t t = 0; t < k; t++) {
            if ((fixed && fixed[t]) || !(sw[t] > 0))
                continue; /* an empty cluster keeps its centre */
            centre[t].x_m = sx[t] / sw[t];
            centre[t].y_m = sy[t] / sw[t];
        }
    }
done:
    saha__free(ctx, sx);
    saha__free(ctx, sy);
    saha__free(ctx, sw);
    return rc;
}

saha_status saha_territory__kmeans(saha_ctx *ctx, const saha_xy *xy, const double *w,
                                   size_t n, size_t k, uint64_t seed, size_t max_iter,
                                   uint32_t *assign_out, saha_xy *centre_out)
{
    saha_status rc = seed_centres(ctx, xy, w, n, k, NULL, seed, centre_out);
    if (rc < 0)
        return rc;
    return lloyd(ctx, xy, w, n, k, NULL, max_iter, assign_out, centre_out);
}

void saha_territory__update_centres(saha_territory__problem *p, size_t steps)
{
    size_t k = p->k;
    /* Three accumulators per territory. */
    double *acc = saha__calloc(p->ctx, k * 3 + 1, sizeof *acc);
    (void)steps; /* the mean is exact in one step */
    if (!acc)
        return; /* centres stay; the caller's result is still valid */
    for (size_t i = 0; i < p->n; i++) {
        size_t t = p->assign[i];
        double f = p->w[i] + 1e-9;
        acc[3 * t] += f * p->xy[i].x_m;
        acc[3 * t + 1] += f * p->xy[i].y_m;
        acc[3 * t + 2] += f;
    }
    for (size_t t = 0; t < k; t++) {
        if ((p->anchored && p->anchored[t]) || !(acc[3 * t + 2] > 0))
            continue;
        p->centre[t].x_m = acc[3 * t] / acc[3 * t + 2];
        p->centre[t].y_m = acc[3 * t + 1] / acc[3 * t + 2];
    }
    saha__free(p->ctx, acc);
}

/* ---- recursive coordinate bisection (initial free centres) ----------------------- */

typedef struct keyed {
    double key;
    uint32_t i;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Splits kd[0..m) (points, in a frame rotated by the seed) among territories
 * [t0, t0 + kk): cut across the longer side where the load reaches the first half's
 * share of capacity, recurse. Balanced and compact by construction. */
static void rcb(const saha_territory__problem *p, const saha_xy *rot, keyed *kd, size_t m,
                size_t t0, size_t kk, uint32_t *assign)
{
    double minx = HUGE_VAL, maxx = -HUGE_VAL, miny = HUGE_VAL, maxy = -HUGE_VAL;
    double total = 0, cap1 = 0, capall = 0, want, acc = 0;
    size_t k1 = kk / 2, cut;
    int along_x;

    if (kk <= 1 || m <= 1) {
        for (size_t q = 0; q < m; q++)
            assign[kd[q].i] = (uint32_t)t0;
        return;
    }
    for (size_t q = 0; q < m; q++) {
        saha_xy v = rot[kd[q].i];
        minx = fmin(minx, v.x_m);
        maxx = fmax(maxx, v.x_m);
        miny = fmin(miny, v.y_m);
        maxy = fmax(maxy, v.y_m);
        total += (double)p->b[kd[q].i];
    }
    along_x = maxx - minx >= maxy - miny;
    for (size_t q = 0; q < m; q++)
        kd[q].key = along_x ? rot[kd[q].i].x_m : rot[kd[q].i].y_m;
    qsort(kd, m, sizeof *kd, keyed_cmp);
    for (size_t t = 0; t < kk; t++) {
        capall += p->capacity[t0 + t];
        if (t < k1)
            cap1 += p->capacity[t0 + t];
    }
    want = total * cap1 / capall;
    /* Each side keeps at least as many points as territories. */
    cut = k1;
    for (size_t q = 0; q < m; q++) {
        acc += (double)p->b[kd[q].i];
        if (acc >= want) {
            cut = q + 1;
            break;
        }
    }
    if (cut < k1)
        cut = k1;
    if (m - cut < kk - k1)
        cut = m - (kk - k1);
    rcb(p, rot, kd, cut, t0, k1, assign);
    rcb(p, rot, kd + cut, m - cut, t0 + k1, kk - k1, assign);
}

/* Free centres (none anchored): the weighted means of a bisection partition in a frame
 * rotated by an angle drawn from the seed. */
static saha_status rcb_centres(saha_territory__problem *p)
{
    size_t n = p->n, k = p->k;
    saha_xy *rot = saha__alloc_array(p->ctx, n, sizeof *rot);
    keyed *kd = saha__alloc_array(p->ctx, n, sizeof *kd);
    saha__rng rng;
    double a, ca, sa;

    if (!rot || !kd) {
        saha__free(p->ctx, rot);
        saha__free(p->ctx, kd);
        return SAHA_ENOMEM;
    }
    saha__rng_seed(&rng, p->seed);
    a = saha__rng_double(&rng) * M_PI;
    ca = cos(a);
    sa = sin(a);
    for (size_t i = 0; i < n; i++) {
        rot[i].x_m = ca * p->xy[i].x_m - sa * p->xy[i].y_m;
        rot[i].y_m = sa * p->xy[i].x_m + ca * p->xy[i].y_m;
        kd[i].i = (uint32_t)i;
        kd[i].key = 0;
    }
    rcb(p, rot, kd, n, 0, k, p->assign);
    saha__free(p->ctx, rot);
    saha__free(p->ctx, kd);
    saha_territory__update_centres(p, 1);
    return SAHA_OK;
}

static int64_t total_cost(const saha_territory__problem *p)
{
    int64_t c = 0;
    for (size_t i = 0; i < p->n; i++)
        c += saha_territory__cost(p, i, p->assign[i]);
    return c;
}

void saha_territory__problem_release(saha_territory__problem *p)
{
    saha__free(p->ctx, p->assign);
    saha__free(p->ctx, p->lo);
    saha__free(p->ctx, p->hi);
    saha__free(p->ctx, p->target);
    saha__free(p->ctx, p->load);
    saha__free(p->ctx, p->count);
    saha__free(p->ctx, p->cand);
    saha__free(p->ctx, p->ccost);
    saha__free(p->ctx, p->price);
    p->assign = NULL;
    p->lo = p->hi = p->load = NULL;
    p->target = NULL;
    p->count = NULL;
    p->cand = NULL;
    p->ccost = NULL;
    p->price = NULL;
}

static saha_status bounds(saha_territory__problem *p)
{
    double total = 0, capsum = 0;
    for (size_t i = 0; i < p->n; i++)
        total += (double)p->b[i];
    for (size_t t = 0; t < p->k; t++)
        capsum += p->capacity[t];
    if (!(total > 0) || !(capsum > 0))
        return saha__error_set(p->ctx, SAHA_EINVAL, NULL, 0, 0,
                               "nothing to balance: the total load is 0");
    for (size_t t = 0; t < p->k; t++) {
        double tg = total * p->capacity[t] / capsum;
        double lo = ceil(tg * (1.0 - p->tolerance)),
               hi = floor(tg * (1.0 + p->tolerance));
        /* Integer loads cannot do better than the integers around the target. */
        if (lo > floor(tg))
            lo = floor(tg);
        if (hi < ceil(tg))
            hi = ceil(tg);
        p->target[t] = tg > 0 ? tg : 1e-9;
        p->lo[t] = (int64_t)lo;
        p->hi[t] = (int64_t)hi;
    }
    return SAHA_OK;
}

static saha_status progress(const saha_territory__problem *p, size_t done, size_t total)
{
    if (p->progress && p->progress(done, total, p->payload))
        return saha__error_set(p->ctx, SAHA_ECANCEL, NULL, 0, 0, "cancelled");
    return SAHA_OK;
}

/* One round on the current centres: candidates, price-based assignment, chain
 * transfers, repair and refinement. */
static saha_status run_round(saha_territory__problem *p)
{
    saha_status rc = saha_territory__candidates(p);
    int rep;
    if (rc == SAHA_OK)
        rc = saha_territory__assign_prices(p);
    if (rc == SAHA_OK)
        rc = saha_territory__transfer(p);
    if (rc < 0)
        return rc;
    rep = saha_territory__repair(p);
    if (rep < 0)
        return SAHA_ENOMEM;
    return saha_territory__refine(p, 20);
}

/* Summed bound violation (load outside [lo, hi]); p's loads must be current. */
static int64_t total_violation(const saha_territory__problem *p)
{
    int64_t v = 0;
    for (size_t t = 0; t < p->k; t++) {
        if (p->load[t] > p->hi[t])
            v += p->load[t] - p->hi[t];
        else if (p->load[t] < p->lo[t])
            v += p->lo[t] - p->load[t];
    }
    return v;
}

/* The kept state of the rounds: assignment, centres, prices, and the cost
 * (INT64_MAX while out of balance). */
typedef struct saha_territory__best {
    uint32_t *assign;
    saha_xy *centre;
    double *price;
    int64_t cost;
} saha_territory__best;

static void best_save(const saha_territory__problem *p, saha_territory__best *b,
                      int64_t cost)
{
    memcpy(b->assign, p->assign, p->n * sizeof *b->assign);
    memcpy(b->centre, p->centre, p->k * sizeof *b->centre);
    memcpy(b->price, p->price, p->k * sizeof *b->price);
    b->cost = cost;
}

static void best_load(saha_territory__problem *p, const saha_territory__best *b)
{
    memcpy(p->assign, b->assign, p->n * sizeof *p->assign);
    memcpy(p->centre, b->centre, p->k * sizeof *p->centre);
    memcpy(p->price, b->price, p->k * sizeof *p->price);
    saha_territory__recount(p);
}

/* Relocation trials (territory_move.c) when the best round is out of balance: each
 * trial moves one centre from the best state and runs a round; a trial that balances,
 * or lowers the violation, is kept (and the donor marks are cleared), any other is
 * undone and its donor marked. Once balanced, rounds with centre updates go on while
 * they stay balanced and lower the cost by 0.1 %, as in the main loop. At most
 * MOVE_TRIALS trials, so at most MOVE_TRIALS + max_rounds extra rounds. On return p
 * holds the best state. */
#define MOVE_TRIALS 8
static saha_status relocate(saha_territory__problem *p, saha_territory__best *b,
                            size_t rounds)
{
    unsigned char *tried = saha__calloc(p->ctx, p->k, 1);
    int64_t best_viol;
    saha_status rc = SAHA_OK;

    if (!tried)
        return SAHA_ENOMEM;
    best_load(p, b);
    best_viol = total_violation(p);
    for (size_t trial = 0; trial < MOVE_TRIALS && b->cost == INT64_MAX; trial++) {
        size_t d = saha_territory__move_centre(p, tried);
        int64_t viol;
        if (d == SAHA_TERRITORY__NONE)
            break;
        rc = run_round(p);
        if (rc < 0)
            goto done;
        saha_territory__recount(p);
        viol = total_violation(p);
        if (saha_territory__feasible(p) || viol < best_viol) {
            best_save(p, b, saha_territory__feasible(p) ? total_cost(p) : INT64_MAX);
            best_viol = viol;
            memset(tried, 0, p->k);
        } else {
            tried[d] = 1;
            best_load(p, b);
        }
    }
    for (size_t r = 0; b->cost != INT64_MAX && r + 1 < rounds; r++) {
        int64_t cost, prev = b->cost;
        saha_territory__update_centres(p, 5);
        rc = run_round(p);
        if (rc < 0)
            goto done;
        cost = total_cost(p);
        if (!saha_territory__feasible(p) || cost >= prev)
            break;
        best_save(p, b, cost);
        if ((double)cost > (double)prev * (1.0 - 1e-3))
            break; /* converged */
    }
    best_load(p, b);
done:
    saha__free(p->ctx, tried);
    return rc;
}

static saha_status solve_spread(saha_territory__problem *p)
{
    size_t n = p->n, k = p->k, rounds;
    uint32_t *best_assign = NULL;
    saha_xy *best_centre = NULL;
    double *best_price = NULL;
    int all_anchored = 1, rep, went_on = 0;
    int64_t best = INT64_MAX;
    saha_status rc;

    p->assign = saha__alloc_array(p->ctx, n, sizeof *p->assign);
    p->lo = saha__alloc_array(p->ctx, k, sizeof *p->lo);
    p->hi = saha__alloc_array(p->ctx, k, sizeof *p->hi);
    p->target = saha__alloc_array(p->ctx, k, sizeof *p->target);
    p->load = saha__alloc_array(p->ctx, k, sizeof *p->load);
    p->count = saha__alloc_array(p->ctx, k, sizeof *p->count);
    p->price = saha__calloc(p->ctx, k, sizeof *p->price);
    if (!p->assign || !p->lo || !p->hi || !p->target || !p->load || !p->count ||
        !p->price)
        return SAHA_ENOMEM;
    rc = bounds(p);
    if (rc < 0)
        return rc;
    for (size_t t = 0; t < k; t++)
        if (!p->anchored || !p->anchored[t])
            all_anchored = 0;

    if (p->prev) {
        /* Stability: free centres start at the previous territories' weighted means
         * (k-means++ for territories nobody had). */
        if (!all_anchored) {
            int *have = saha__calloc(p->ctx, k, sizeof *have);
            double *acc = saha__calloc(p->ctx, 3 * k, sizeof *acc);
            if (!have || !acc) {
                saha__free(p->ctx, have);
                saha__free(p->ctx, acc);
                return SAHA_ENOMEM;
            }
            for (size_t i = 0; i < n; i++) {
                size_t t = p->prev[i];
                if (t == SAHA_TERRITORY__NONE)
                    continue;
                acc[3 * t] += (p->w[i] + 1e-9) * p->xy[i].x_m;
                acc[3 * t + 1] += (p->w[i] + 1e-9) * p->xy[i].y_m;
                acc[3 * t + 2] += p->w[i] + 1e-9;
            }
            for (size_t t = 0; t < k; t++) {
                if (p->anchored && p->anchored[t]) {
                    have[t] = 1;
                } else if (acc[3 * t + 2] > 0) {
                    p->centre[t].x_m = acc[3 * t] / acc[3 * t + 2];
                    p->centre[t].y_m = acc[3 * t + 1] / acc[3 * t + 2];
                    have[t] = 1;
                }
            }
            rc = seed_centres(p->ctx, p->xy, p->w, n, k, have, p->seed, p->centre);
            saha__free(p->ctx, have);
            saha__free(p->ctx, acc);
            if (rc < 0)
                return rc;
        }
        rc = saha_territory__candidates(p);
        if (rc < 0)
            return rc;
        for (size_t i = 0; i < n; i++) {
            if (p->locked && p->locked[i] != SAHA_TERRITORY__NONE)
                p->assign[i] = p->locked[i];
            else if (p->prev[i] != SAHA_TERRITORY__NONE)
                p->assign[i] = p->prev[i];
            else
                p->assign[i] = p->cand[i * p->ncand];
        }
        saha_territory__recount(p);
        if (p->load_before)
            memcpy(p->load_before, p->load, k * sizeof *p->load_before);
        rep = saha_territory__repair(p);
        if (rep < 0)
            return SAHA_ENOMEM;
        rc = saha_territory__refine(p, 10);
        if (rc < 0)
            return rc;
        saha_territory__update_centres(p, 10);
        saha_territory__recount(p);
        return progress(p, 1, 1);
    }

    if (!all_anchored) {
        int none_anchored = 1;
        for (size_t t = 0; t < k; t++)
            if (p->anchored && p->anchored[t])
                none_anchored = 0;
        if (none_anchored) {
            rc = rcb_centres(p);
        } else {
            rc = seed_centres(p->ctx, p->xy, p->w, n, k, p->anchored, p->seed, p->centre);
            if (rc == SAHA_OK)
                rc = lloyd(p->ctx, p->xy, p->w, n, k, p->anchored, 10, p->assign,
                           p->centre);
        }
        if (rc < 0)
            return rc;
    }
    rounds = all_anchored ? 1 : (p->max_rounds ? p->max_rounds : 1);
    best_assign = saha__alloc_array(p->ctx, n, sizeof *best_assign);
    best_centre = saha__alloc_array(p->ctx, k, sizeof *best_centre);
    best_price = saha__alloc_array(p->ctx, k, sizeof *best_price);
    if (!best_assign || !best_centre || !best_price) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t r = 0; r < rounds; r++) {
        int64_t cost;
        int feasible;
        rc = run_round(p);
        if (rc < 0)
            goto done;
        cost = total_cost(p);
        feasible = saha_territory__feasible(p);
        /* A feasible round always beats an infeasible one. */
        if (r == 0 || (feasible && cost < best) || (feasible && best == INT64_MAX)) {
            int64_t prev_best = best;
            best = feasible ? cost : INT64_MAX;
            memcpy(best_assign, p->assign, n * sizeof *best_assign);
            memcpy(best_centre, p->centre, k * sizeof *best_centre);
            memcpy(best_price, p->price, k * sizeof *best_price);
            if (r > 0 && prev_best != INT64_MAX &&
                (double)cost > (double)prev_best * (1.0 - 1e-3))
                r = rounds; /* converged */
        } else if (!feasible && best != INT64_MAX && cost < best && !went_on) {
            /* Cheaper but out of balance: its centres moved towards a better round, so
             * one such round does not end the run (the best feasible one is kept). */
            went_on = 1;
        } else {
            r = rounds; /* no better: stop */
        }
        rc = progress(p, r < rounds ? r + 1 : rounds, rounds);
        if (rc < 0)
            goto done;
        if (r + 1 < rounds)
            saha_territory__update_centres(p, 5);
    }
    memcpy(p->assign, best_assign, n * sizeof *best_assign);
    memcpy(p->centre, best_centre, k * sizeof *best_centre);
    memcpy(p->price, best_price, k * sizeof *best_price);
    if (best == INT64_MAX && !all_anchored) {
        /* Out of balance: a region may be short of a whole territory. */
        saha_territory__best b = {best_assign, best_centre, best_price, best};
        rc = relocate(p, &b, rounds);
        if (rc < 0)
            goto done;
    }
    saha_territory__update_centres(p, 10);
    saha_territory__recount(p);
    rc = SAHA_OK;
done:
    saha__free(p->ctx, best_assign);
    saha__free(p->ctx, best_centre);
    saha__free(p->ctx, best_price);
    return rc;
}

saha_status saha_territory__solve_points(saha_territory__problem *p)
{
    saha_territory__order ord;
    const saha_xy *xy;
    saha_xy *spread = NULL;
    int spread_used = 0;
    saha_status rc, rc2;

    /* The solve runs in curve order (territory_order.c); its outputs come back in the
     * caller's order. */
    rc = saha_territory__order_apply(p, &ord);
    if (rc < 0)
        return rc;
    xy = p->xy;
    rc = saha_territory__spread_duplicates(p->ctx, xy, p->n, &spread, NULL);
    if (rc == SAHA_OK) {
        spread_used = spread != NULL;
        if (spread)
            p->xy = spread;
        rc = solve_spread(p);
        p->xy = xy;
    }
    saha__free(p->ctx, spread);
    rc2 = saha_territory__order_restore(p, &ord);
    saha_territory__order_free(p->ctx, &ord);
    if (rc == SAHA_OK)
        rc = rc2;
    /* Centres from the true points (the spread moved them by metres). */
    if (rc == SAHA_OK && spread_used)
        saha_territory__update_centres(p, 1);
    return rc;
}
