/* territory_assign.c: the balanced assignment step of the territory solver.
 *
 * Method. Assigning accounts (balance quantity b_i, cost c_it = visits x squared
 * distance to centre t, the least-squares / k-means criterion) to territories with
 * loads in [lo_t, hi_t] is a generalised assignment problem; its LP relaxation is a
 * transportation problem. We solve the LP's Lagrangian dual: with a price p_t per unit
 * of load on each territory, every account goes to the candidate minimising
 * c_it + p_t b_i. With squared distances and b_i proportional to the visits this is a
 * power diagram of the centres, so territories come out convex (Aurenhammer, Hoffmann
 * and Aronov 1998, "Minkowski-type theorems and least-squares clustering"). Prices
 * follow a sign-based subgradient ascent with a per-territory adaptive step (Rprop: the
 * step grows while the excess keeps its sign, halves when it flips) until every load is
 * inside half the tolerance band, or the summed excess has not improved for 20
 * iterations; the best prices are kept (and warm-start the next round). At the LP
 * optimum at most k-1 accounts would be split between two territories; assigning each
 * account whole (the argmin) resolves the splitting, and repair() fixes the loads left
 * outside their bounds: first in bulk (the worst territory hands its cheapest accounts,
 * by cost increase per unit of load, to candidates with room, or draws them from
 * neighbours that can spare them), then by single moves that strictly lower the total
 * bound violation (so it terminates).
 *
 * Complexity: candidates O(n k); one price iteration O(n) tests plus O(c) for each
 * account near a boundary (c = min(k, 16) candidates; an account whose two best
 * candidates are further apart than the prices have moved since it was last evaluated
 * keeps its choice: reassign_lazy, the same result as a full O(n c) pass); a bulk repair
 * step O((n c / k) c + sort) through an inverse candidate index. Memory O(n c).
 * Invariants: assign[i] is a territory for every i; locked accounts never move. Caller:
 * territory_solve.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/territory.h"

double saha_territory__dist(saha_xy a, saha_xy b)
{
    double dx = a.x_m - b.x_m, dy = a.y_m - b.y_m;
    return sqrt(dx * dx + dy * dy);
}

int64_t saha_territory__cost_of(double w, double d_m)
{
    double d = d_m / SAHA_TERRITORY__COST_UNIT_M;
    return (int64_t)llround(w * d * d);
}

int64_t saha_territory__cost(const saha_territory__problem *p, size_t i, size_t t)
{
    return saha_territory__cost_of(p->w[i], saha_territory__dist(p->xy[i], p->centre[t]));
}

saha_status saha_territory__candidates(saha_territory__problem *p)
{
    size_t nc = p->k < SAHA_TERRITORY__MAX_CAND ? p->k : SAHA_TERRITORY__MAX_CAND;
    double dist[SAHA_TERRITORY__MAX_CAND];

    if (!p->cand) {
        p->cand = saha__alloc_array(p->ctx, p->n, nc * sizeof *p->cand);
        p->ccost = saha__alloc_array(p->ctx, p->n, nc * sizeof *p->ccost);
        if (!p->cand || !p->ccost)
            return SAHA_ENOMEM;
    }
    p->ncand = nc;
    for (size_t i = 0; i < p->n; i++) {
        uint32_t *ci = p->cand + i * nc;
        size_t m = 0;
        saha_xy q = p->xy[i];
        /* Keep the nc nearest centres by insertion (nc is small), on squared distances
         * (no square root for the centres that are not kept). */
        for (size_t t = 0; t < p->k; t++) {
            double dx = q.x_m - p->centre[t].x_m, dy = q.y_m - p->centre[t].y_m,
                   d = dx * dx + dy * dy;
            size_t j;
            if (m == nc && d >= dist[nc - 1])
                continue;
            j = m < nc ? m++ : nc - 1;
            while (j > 0 && dist[j - 1] > d) {
                dist[j] = dist[j - 1];
                ci[j] = ci[j - 1];
                j--;
            }
            dist[j] = d;
            ci[j] = (uint32_t)t;
        }
        for (size_t j = 0; j < nc; j++)
            p->ccost[i * nc + j] = saha_territory__cost_of(p->w[i], sqrt(dist[j]));
    }
    return SAHA_OK;
}

void saha_territory__recount(saha_territory__problem *p)
{
    for (size_t t = 0; t < p->k; t++) {
        p->load[t] = 0;
        p->count[t] = 0;
    }
    for (size_t i = 0; i < p->n; i++) {
        p->load[p->assign[i]] += p->b[i];
        p->count[p->assign[i]]++;
    }
}

static int64_t violation(const saha_territory__problem *p, size_t t)
{
    int64_t v = 0;
    if (p->load[t] > p->hi[t])
        v += p->load[t] - p->hi[t];
    if (p->load[t] < p->lo[t])
        v += p->lo[t] - p->load[t];
    return v;
}

static int count_over(const saha_territory__problem *p, size_t t)
{
    return p->max_count && p->max_count[t] && p->count[t] > p->max_count[t];
}

int saha_territory__feasible(const saha_territory__problem *p)
{
    for (size_t t = 0; t < p->k; t++)
        if (violation(p, t) > 0 || count_over(p, t))
            return 0;
    return 1;
}

static int is_locked(const saha_territory__problem *p, size_t i)
{
    return p->locked && p->locked[i] != SAHA_TERRITORY__NONE;
}

/* Sum of the relative deviations beyond half the tolerance: what the prices should
 * bring to 0. */
static double sum_rel_dev(const saha_territory__problem *p)
{
    double m = 0;
    for (size_t t = 0; t < p->k; t++) {
        double d = fabs((double)p->load[t] - p->target[t]) / p->target[t];
        if (d > 0.5 * p->tolerance)
            m += d - 0.5 * p->tolerance;
    }
    return m;
}

/* The argmin of account i under the prices: writes assign[i] and the account's slack
 * (how far, in price units, the prices must move before another candidate can win:
 * the gap to the second best over b_i; HUGE_VAL when none can). */
static uint32_t best_with_prices(const saha_territory__problem *p, const double *price,
                                 size_t i, double *slack)
{
    size_t nc = p->ncand;
    const uint32_t *ci = p->cand + i * nc;
    const int64_t *cc = p->ccost + i * nc;
    double bi = (double)p->b[i], best, second = HUGE_VAL;
    size_t bj = 0;

    if (is_locked(p, i)) {
        *slack = HUGE_VAL;
        return p->locked[i];
    }
    best = (double)cc[0] + price[ci[0]] * bi;
    for (size_t j = 1; j < nc; j++) {
        double v = (double)cc[j] + price[ci[j]] * bi;
        if (v < best) {
            second = best;
            best = v;
            bj = j;
        } else if (v < second) {
            second = v;
        }
    }
    /* Without load the prices cannot change the choice. */
    *slack = bi > 0 ? (second - best) / bi : HUGE_VAL;
    return ci[bj];
}

static void assign_with_prices(saha_territory__problem *p, const double *price)
{
    double slack;
    for (size_t i = 0; i < p->n; i++)
        p->assign[i] = best_with_prices(p, price, i, &slack);
    saha_territory__recount(p);
}

/* Territories with more than this many use one global drift (the k x k table of
 * neighbourhoods would pass 4 MB). */
#define LAZY_LOCAL_MAX_K 2048

/* What the lazy re-assignment needs. nb_start / nb: the neighbourhoods (see
 * neighbourhoods() below). drift[t] sums, over the
 * iterations, |change of t's price| + the largest change in its neighbourhood: a bound
 * on how much any gap between the best and another candidate of an account assigned to
 * t has moved, per unit of load. stamp[i] is drift[assign[i]] when account i was last
 * evaluated and slack[i] its gap then. */
typedef struct lazy_state {
    size_t *nb_start; /* k + 1, NULL: global drift */
    uint32_t *nb;
    double *drift, *dp; /* k; dp: |price change| of this iteration */
    double *slack, *stamp;
} lazy_state;

/* Neighbourhoods: for each territory t (CSR: nb[start[t] .. start[t + 1])) every
 * territory that shares a candidate list with t, t included. An account of t has all
 * its candidates in t's neighbourhood, and a move between s and u changes only what the
 * neighbourhoods of s and u can do. O(n c^2 + k^2) time (one list per run of equal
 * lists), k^2 bytes of scratch; *start_out stays NULL past LAZY_LOCAL_MAX_K
 * territories (callers then treat every territory as a neighbour). */
static saha_status neighbourhoods(saha_territory__problem *p, size_t **start_out,
                                  uint32_t **nb_out)
{
    size_t k = p->k, nc = p->ncand, *start = NULL;
    unsigned char *adj = NULL;
    uint32_t *nb = NULL;
    saha_status rc = SAHA_ENOMEM;

    *start_out = NULL;
    *nb_out = NULL;
    if (k > LAZY_LOCAL_MAX_K)
        return SAHA_OK;
    adj = saha__calloc(p->ctx, k * k, 1);
    start = saha__calloc(p->ctx, k + 1, sizeof *start);
    if (!adj || !start)
        goto done;
    for (size_t i = 0; i < p->n; i++) {
        const uint32_t *ci = p->cand + i * nc;
        /* Neighbouring accounts mostly share a list: skip a repeat of the last one. */
        if (i > 0 && !memcmp(ci, ci - nc, nc * sizeof *ci))
            continue;
        for (size_t a = 0; a < nc; a++)
            for (size_t b = 0; b < nc; b++)
                adj[(size_t)ci[a] * k + ci[b]] = 1;
    }
    for (size_t t = 0; t < k; t++) {
        size_t m = 0;
        for (size_t u = 0; u < k; u++)
            m += adj[t * k + u];
        start[t + 1] = start[t] + m;
    }
    nb = saha__alloc_array(p->ctx, start[k] ? start[k] : 1, sizeof *nb);
    if (!nb)
        goto done;
    for (size_t t = 0, e = 0; t < k; t++)
        for (size_t u = 0; u < k; u++)
            if (adj[t * k + u])
                nb[e++] = (uint32_t)u;
    *start_out = start;
    *nb_out = nb;
    start = NULL;
    nb = NULL;
    rc = SAHA_OK;
done:
    saha__free(p->ctx, adj);
    saha__free(p->ctx, start);
    saha__free(p->ctx, nb);
    return rc;
}

static saha_status lazy_init(saha_territory__problem *p, lazy_state *z)
{
    size_t k = p->k, n = p->n ? p->n : 1;

    memset(z, 0, sizeof *z);
    z->drift = saha__calloc(p->ctx, k, sizeof *z->drift);
    z->dp = saha__calloc(p->ctx, k, sizeof *z->dp);
    z->slack = saha__alloc_array(p->ctx, n, sizeof *z->slack);
    z->stamp = saha__calloc(p->ctx, n, sizeof *z->stamp);
    if (!z->drift || !z->dp || !z->slack || !z->stamp)
        return SAHA_ENOMEM;
    return neighbourhoods(p, &z->nb_start, &z->nb);
}

static void lazy_free(saha_territory__problem *p, lazy_state *z)
{
    saha__free(p->ctx, z->nb_start);
    saha__free(p->ctx, z->nb);
    saha__free(p->ctx, z->drift);
    saha__free(p->ctx, z->dp);
    saha__free(p->ctx, z->slack);
    saha__free(p->ctx, z->stamp);
}

/* Adds this iteration's price changes (z->dp) to the drifts and clears them. */
static void lazy_add_drift(const saha_territory__problem *p, lazy_state *z)
{
    double global = 0;
    for (size_t t = 0; t < p->k; t++)
        if (z->dp[t] > global)
            global = z->dp[t];
    for (size_t t = 0; t < p->k; t++) {
        double m = z->nb_start ? 0 : global;
        if (z->nb_start)
            for (size_t e = z->nb_start[t]; e < z->nb_start[t + 1]; e++)
                if (z->dp[z->nb[e]] > m)
                    m = z->dp[z->nb[e]];
        z->drift[t] += z->dp[t] + m;
    }
    memset(z->dp, 0, p->k * sizeof *z->dp);
}

/* Lazy re-assignment after a price change: an account's choice cannot change while the
 * drift of its territory since its evaluation stays below its slack, so only accounts
 * near a boundary whose neighbourhood's prices moved are evaluated again: O(n) cheap
 * tests plus O(c) per evaluation, where a full pass costs O(n c). Loads and counts are
 * kept up to date. */
static void reassign_lazy(saha_territory__problem *p, const double *price, lazy_state *z)
{
    /* Relative margin for rounding in the values compared. */
    const double guard = 1.0 + 1e-9;
    for (size_t i = 0; i < p->n; i++) {
        uint32_t t, s = p->assign[i];
        if ((z->drift[s] - z->stamp[i]) * guard < z->slack[i])
            continue;
        t = best_with_prices(p, price, i, &z->slack[i]);
        z->stamp[i] = z->drift[t];
        if (t == s)
            continue;
        p->load[s] -= p->b[i];
        p->count[s]--;
        p->load[t] += p->b[i];
        p->count[t]++;
        p->assign[i] = t;
    }
}

saha_status saha_territory__assign_prices(saha_territory__problem *p)
{
    const size_t max_iter = 200;
    size_t nc = p->ncand, k = p->k;
    double scale = 0, *step = NULL, *best_price = NULL, best_dev = HUGE_VAL;
    signed char *last = NULL;
    size_t ns = 0, best_it = 0;
    lazy_state z;
    saha_status rc;

    step = saha__alloc_array(p->ctx, k, sizeof *step);
    best_price = saha__alloc_array(p->ctx, k, sizeof *best_price);
    last = saha__calloc(p->ctx, k, 1);
    rc = lazy_init(p, &z);
    if (rc == SAHA_OK && (!step || !best_price || !last))
        rc = SAHA_ENOMEM;
    if (rc < 0)
        goto done;
    /* Price scale: the typical cost gap between an account's two nearest centres per
     * unit of its load, so that one step moves the boundary by a fraction of a cell. */
    if (nc >= 2) {
        for (size_t i = 0; i < p->n; i++) {
            if (p->b[i] <= 0)
                continue;
            scale += (double)(p->ccost[i * nc + 1] - p->ccost[i * nc]) / (double)p->b[i];
            ns++;
        }
    }
    scale = ns ? scale / (double)ns : 1.0;
    if (!(scale > 0))
        scale = 1.0;
    for (size_t t = 0; t < k; t++) {
        step[t] = 1e-3 * scale;
        best_price[t] = p->price[t];
    }
    for (size_t i = 0; i < p->n; i++)
        p->assign[i] = best_with_prices(p, p->price, i, &z.slack[i]);
    saha_territory__recount(p);
    for (size_t it = 0; it < max_iter; it++) {
        double dev;
        int inside = 1;
        if (it > 0)
            reassign_lazy(p, p->price, &z);
        dev = sum_rel_dev(p);
        if (dev < best_dev) {
            best_dev = dev;
            best_it = it;
            memcpy(best_price, p->price, k * sizeof *best_price);
        } else if (it - best_it >= 20) {
            break; /* stalled: repair takes it from here */
        }
        for (size_t t = 0; t < k; t++) {
            double ex = ((double)p->load[t] - p->target[t]) / p->target[t];
            signed char s = ex > 0 ? 1 : -1;
            if (fabs(ex) <= 0.5 * p->tolerance)
                continue;
            inside = 0;
            if (last[t] && last[t] != s)
                step[t] *= 0.5;
            else if (last[t] == s)
                step[t] *= 1.3;
            last[t] = s;
            p->price[t] += s * step[t];
            z.dp[t] = step[t];
        }
        if (inside)
            break;
        lazy_add_drift(p, &z);
    }
    memcpy(p->price, best_price, k * sizeof *best_price);
    assign_with_prices(p, p->price);
done:
    saha__free(p->ctx, step);
    saha__free(p->ctx, best_price);
    saha__free(p->ctx, last);
    lazy_free(p, &z);
    return rc;
}

/* ---- repair ---------------------------------------------------------------------- */

/* Inverse candidate index: for each territory the accounts that have it as a
 * candidate (CSR layout). */
typedef struct inv_index {
    size_t *start; /* k + 1 */
    uint32_t *acc; /* n x ncand */
} inv_index;

static saha_status inv_build(saha_territory__problem *p, inv_index *ix)
{
    size_t nc = p->ncand, total = p->n * nc;
    ix->start = saha__calloc(p->ctx, p->k + 1, sizeof *ix->start);
    ix->acc = saha__alloc_array(p->ctx, total ? total : 1, sizeof *ix->acc);
    if (!ix->start || !ix->acc)
        return SAHA_ENOMEM;
    for (size_t e = 0; e < total; e++)
        ix->start[p->cand[e] + 1]++;
    for (size_t t = 0; t < p->k; t++)
        ix->start[t + 1] += ix->start[t];
    for (size_t i = 0; i < p->n; i++)
        for (size_t j = 0; j < nc; j++) {
            uint32_t t = p->cand[i * nc + j];
            ix->acc[ix->start[t]++] = (uint32_t)i;
        }
    for (size_t t = p->k; t > 0; t--)
        ix->start[t] = ix->start[t - 1];
    ix->start[0] = 0;
    return SAHA_OK;
}

static void inv_free(saha_territory__problem *p, inv_index *ix)
{
    saha__free(p->ctx, ix->start);
    saha__free(p->ctx, ix->acc);
}

/* Change of the total bound violation if account i moves from s to u. */
static int64_t move_delta_violation(const saha_territory__problem *p, size_t i, size_t s,
                                    size_t u)
{
    int64_t before = violation(p, s) + violation(p, u), after = 0, ls, lu;
    ls = p->load[s] - p->b[i];
    lu = p->load[u] + p->b[i];
    if (ls > p->hi[s])
        after += ls - p->hi[s];
    if (ls < p->lo[s])
        after += p->lo[s] - ls;
    if (lu > p->hi[u])
        after += lu - p->hi[u];
    if (lu < p->lo[u])
        after += p->lo[u] - lu;
    return after - before;
}

/* Stability class of a move: -1 returns an account to its previous territory, 0 moves
 * an account that has already left it (or had none), 1 makes a new move. */
static int move_class(const saha_territory__problem *p, size_t i, size_t u)
{
    if (!p->prev || p->prev[i] == SAHA_TERRITORY__NONE)
        return 0;
    if (p->prev[i] == u)
        return -1;
    return p->assign[i] == p->prev[i] ? 1 : 0;
}

typedef struct move_cand {
    int found;
    size_t i, u;
    int cls;
    double score; /* cost increase per unit of load */
    int64_t dviol;
} move_cand;

static void consider(const saha_territory__problem *p, move_cand *m, size_t i, size_t u,
                     int fix_count)
{
    size_t s = p->assign[i];
    int64_t dv;
    int cls;
    double score;

    if (u == s || is_locked(p, i))
        return;
    if (p->max_count && p->max_count[u] && p->count[u] + 1 > p->max_count[u])
        return;
    dv = move_delta_violation(p, i, s, u);
    /* A move must lower the total violation, or fix a max_accounts excess without
     * raising it. */
    if (!(dv < 0 || (fix_count && dv == 0)))
        return;
    cls = move_class(p, i, u);
    score = (double)(saha_territory__cost(p, i, u) - saha_territory__cost(p, i, s)) /
            (double)(p->b[i] > 0 ? p->b[i] : 1);
    if (m->found) {
        if (cls != m->cls) {
            if (cls > m->cls)
                return;
        } else if (score > m->score || (score == m->score && dv >= m->dviol)) {
            return;
        }
    }
    m->found = 1;
    m->i = i;
    m->u = u;
    m->cls = cls;
    m->score = score;
    m->dviol = dv;
}

static void apply_move(saha_territory__problem *p, size_t i, size_t u)
{
    p->repair_moves++;
    size_t s = p->assign[i];
    p->load[s] -= p->b[i];
    p->count[s]--;
    p->load[u] += p->b[i];
    p->count[u]++;
    p->assign[i] = (uint32_t)u;
}

/* A planned move of account i to territory `to`, with its stability class and cost
 * increase per unit of load. */
typedef struct bulk_move {
    int cls;
    double score;
    uint32_t i, to;
} bulk_move;

static int bulk_cmp(const void *a, const void *b)
{
    const bulk_move *x = a, *y = b;
    if (x->cls != y->cls)
        return x->cls < y->cls ? -1 : 1;
    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static int has_room(const saha_territory__problem *p, size_t u, int64_t b)
{
    if (p->load[u] + b > p->hi[u])
        return 0;
    return !(p->max_count && p->max_count[u] && p->count[u] + 1 > p->max_count[u]);
}

static int can_give(const saha_territory__problem *p, size_t s, int64_t b)
{
    return p->load[s] - b >= p->lo[s];
}

/* Bulk repair of territory t: an over territory hands its cheapest accounts (cost
 * increase per unit of load) to candidates with room until it is back within its
 * bounds; an under territory draws the cheapest accounts of neighbours that can spare
 * them. Every move keeps the other side within its bounds, so no territory is pushed
 * out of them. Returns the number of moves. */
static size_t bulk_step(saha_territory__problem *p, const inv_index *ix, size_t t,
                        bulk_move *bm)
{
    size_t nc = p->ncand, m = 0, moved = 0;
    int over = p->load[t] > p->hi[t] || count_over(p, t);

    p->repair_work += (ix->start[t + 1] - ix->start[t]) * (over ? nc : 1);
    for (size_t e = ix->start[t]; e < ix->start[t + 1]; e++) {
        size_t i = ix->acc[e], s = p->assign[i];
        double bi = (double)(p->b[i] > 0 ? p->b[i] : 1);
        if (is_locked(p, i))
            continue;
        if (over) {
            int64_t cs;
            size_t bu = SIZE_MAX;
            double bs = HUGE_VAL;
            int bc = 2;
            if (s != t)
                continue;
            cs = saha_territory__cost(p, i, t);
            for (size_t j = 0; j < nc; j++) {
                size_t u = p->cand[i * nc + j];
                int cls;
                double sc;
                if (u == t || !has_room(p, u, p->b[i]))
                    continue;
                cls = move_class(p, i, u);
                sc = (double)(p->ccost[i * nc + j] - cs) / bi;
                if (cls < bc || (cls == bc && sc < bs)) {
                    bc = cls;
                    bs = sc;
                    bu = u;
                }
            }
            if (bu == SIZE_MAX)
                continue;
            bm[m].cls = bc;
            bm[m].score = bs;
            bm[m].to = (uint32_t)bu;
        } else {
            int64_t here = 0;
            if (s == t || !can_give(p, s, p->b[i]))
                continue;
            for (size_t j = 0; j < nc; j++)
                if (p->cand[i * nc + j] == t)
                    here = p->ccost[i * nc + j];
            bm[m].cls = move_class(p, i, t);
            bm[m].score = (double)(here - saha_territory__cost(p, i, s)) / bi;
            bm[m].to = (uint32_t)t;
        }
        bm[m].i = (uint32_t)i;
        m++;
    }
    if (m == 0)
        return 0;
    qsort(bm, m, sizeof *bm, bulk_cmp);
    for (size_t q = 0; q < m; q++) {
        size_t i = bm[q].i, s = p->assign[i], u = bm[q].to;
        if (over ? !(p->load[t] > p->hi[t] || count_over(p, t))
                 : !(p->load[t] < p->lo[t]))
            break;
        /* Re-check: earlier moves of this step changed the loads. */
        if (!has_room(p, u, p->b[i]) || (!over && !can_give(p, s, p->b[i])))
            continue;
        if (over && p->load[t] - p->b[i] < p->lo[t])
            continue; /* would overshoot below the bound */
        apply_move(p, i, u);
        moved++;
    }
    return moved;
}

/* Territories with more candidate entries than this take their single moves in
 * batches (one scan, then the moves in order of cost while each still lowers the
 * total violation): a scan per move made repair O(n^2 / k) when prices cannot split
 * accounts that share one coordinate (issue #19, D3). Smaller ones keep one move per
 * scan, as before. */
#define BATCH_MIN 4096

/* Binary min-heap of planned moves in bulk_cmp order (cheapest first). */
static void heap_down(bulk_move *h, size_t m, size_t q)
{
    for (;;) {
        size_t l = 2 * q + 1, r = l + 1, s = q;
        bulk_move tmp;
        if (l < m && bulk_cmp(&h[l], &h[s]) < 0)
            s = l;
        if (r < m && bulk_cmp(&h[r], &h[s]) < 0)
            s = r;
        if (s == q)
            return;
        tmp = h[q];
        h[q] = h[s];
        h[s] = tmp;
        q = s;
    }
}

/* The best move of account i out of over territory t under the current loads, in bm
 * form; 0 when none lowers the violation. */
static int best_push(saha_territory__problem *p, size_t i, int fixc, bulk_move *out)
{
    size_t nc = p->ncand;
    move_cand c = {0, 0, 0, 0, 0, 0};
    for (size_t j = 0; j < nc; j++)
        consider(p, &c, i, p->cand[i * nc + j], fixc);
    p->repair_work += nc;
    if (!c.found)
        return 0;
    out->cls = c.cls;
    out->score = c.score;
    out->i = (uint32_t)c.i;
    out->to = (uint32_t)c.u;
    return 1;
}

/* One batch on territory t. The planned moves sit in a heap; a move that no longer
 * lowers the violation when its turn comes is planned again under the current loads
 * (an over territory's account may still fit another candidate: within one batch the
 * receivers only fill up, so each account is planned at most c + 1 times). Before, a
 * failed move was dropped, so a batch made one or two moves (all the cheapest moves of
 * accounts on one coordinate aim at the same neighbour) and the next batch scanned the
 * territory again: O(n^2 / k) scans on 300k accounts at 50 coordinates. O(E c log E)
 * for a territory with E candidate entries. */
static size_t batch_step(saha_territory__problem *p, const inv_index *ix, size_t t,
                         int over, int fixc, bulk_move *bm)
{
    size_t m = 0, moved = 0;
    p->repair_work += ix->start[t + 1] - ix->start[t];
    for (size_t e = ix->start[t]; e < ix->start[t + 1]; e++) {
        size_t i = ix->acc[e];
        if (over) {
            if (p->assign[i] != t)
                continue;
            m += (size_t)best_push(p, i, fixc, &bm[m]);
        } else {
            move_cand c = {0, 0, 0, 0, 0, 0};
            if (p->assign[i] == t)
                continue;
            if (count_over(p, p->assign[i]) == 0 && p->max_count && p->max_count[t] &&
                p->count[t] + 1 > p->max_count[t])
                continue;
            consider(p, &c, i, t, 0);
            p->repair_work++;
            if (!c.found)
                continue;
            bm[m].cls = c.cls;
            bm[m].score = c.score;
            bm[m].i = (uint32_t)c.i;
            bm[m].to = (uint32_t)c.u;
            m++;
        }
    }
    for (size_t q = m / 2; q-- > 0;)
        heap_down(bm, m, q);
    while (m > 0) {
        size_t i = bm[0].i, u = bm[0].to, s = p->assign[i];
        int64_t dv;
        int ok;
        if (!(violation(p, t) > 0 || count_over(p, t)))
            break;
        ok = !(p->max_count && p->max_count[u] && p->count[u] + 1 > p->max_count[u]);
        if (ok) {
            dv = move_delta_violation(p, i, s, u);
            ok = dv < 0 || (over && fixc && dv == 0 && count_over(p, t));
        }
        if (ok) {
            apply_move(p, i, u);
            moved++;
        }
        if (!ok && over && best_push(p, i, fixc, &bm[0]) && bm[0].to != u) {
            heap_down(bm, m, 0); /* planned again: its turn may come later */
            continue;
        }
        bm[0] = bm[--m];
        heap_down(bm, m, 0);
    }
    return moved;
}

/* Territories where a repair step found nothing stay skipped until a move changes a
 * load or count in their neighbourhood (the only things their step reads); past
 * LAZY_LOCAL_MAX_K territories (no neighbourhoods) any move frees them all. Before, every
 * move freed every territory, and big territories were scanned again and again for
 * nothing (300k accounts on 50 coordinates: 10,000 scans of 48,000 entries). */
typedef struct stuck_state {
    unsigned char *stuck; /* k */
    size_t *nb_start;
    uint32_t *nb;
    int64_t *load; /* k: loads and counts when last compared */
    size_t *count;
} stuck_state;

static saha_status stuck_init(saha_territory__problem *p, stuck_state *st)
{
    st->stuck = saha__calloc(p->ctx, p->k, 1);
    st->load = saha__alloc_array(p->ctx, p->k, sizeof *st->load);
    st->count = saha__alloc_array(p->ctx, p->k, sizeof *st->count);
    if (!st->stuck || !st->load || !st->count)
        return SAHA_ENOMEM;
    return neighbourhoods(p, &st->nb_start, &st->nb);
}

static void stuck_free(saha_territory__problem *p, stuck_state *st)
{
    saha__free(p->ctx, st->stuck);
    saha__free(p->ctx, st->nb_start);
    saha__free(p->ctx, st->nb);
    saha__free(p->ctx, st->load);
    saha__free(p->ctx, st->count);
}

static void stuck_snapshot(const saha_territory__problem *p, stuck_state *st)
{
    memcpy(st->load, p->load, p->k * sizeof *st->load);
    memcpy(st->count, p->count, p->k * sizeof *st->count);
}

static void unstick_changed(const saha_territory__problem *p, stuck_state *st)
{
    if (!st->nb_start) {
        memset(st->stuck, 0, p->k);
        return;
    }
    for (size_t t = 0; t < p->k; t++) {
        if (st->load[t] == p->load[t] && st->count[t] == p->count[t])
            continue;
        for (size_t e = st->nb_start[t]; e < st->nb_start[t + 1]; e++)
            st->stuck[st->nb[e]] = 0;
    }
    stuck_snapshot(p, st);
}

int saha_territory__repair(saha_territory__problem *p)
{
    inv_index ix = {NULL, NULL};
    size_t nc = p->ncand, limit = 2000 + p->n / 20;
    stuck_state st = {NULL, NULL, NULL, NULL, NULL};
    unsigned char *stuck = NULL;
    bulk_move *bm = NULL;
    int result = 0;

    if (inv_build(p, &ix) < 0 || stuck_init(p, &st) < 0)
        goto fail;
    stuck = st.stuck;
    bm = saha__alloc_array(p->ctx, p->n ? p->n : 1, sizeof *bm);
    if (!bm)
        goto fail;
    saha_territory__recount(p);
    stuck_snapshot(p, &st);
    /* Bulk steps on the worst territory first; then single moves that may also
     * overshoot (as long as the total violation falls) for what is left. */
    for (size_t steps = 0; steps < 50 * p->k + 100; steps++) {
        size_t t = SIZE_MAX;
        double worst = 0;
        for (size_t u = 0; u < p->k; u++) {
            double v =
                (double)violation(p, u) / p->target[u] + (count_over(p, u) ? 1.0 : 0);
            if (v > worst && !stuck[u]) {
                worst = v;
                t = u;
            }
        }
        if (t == SIZE_MAX)
            break;
        if (bulk_step(p, &ix, t, bm) == 0)
            stuck[t] = 1;
        else
            unstick_changed(p, &st);
    }
    memset(stuck, 0, p->k);
    for (size_t moves = 0; moves < limit; moves++) {
        size_t t = SIZE_MAX;
        double worst = 0;
        move_cand m = {0, 0, 0, 0, 0, 0};
        int over, fixc;

        /* The territory with the largest relative violation that can still be helped. */
        for (size_t u = 0; u < p->k; u++) {
            double v = (double)violation(p, u) / p->target[u];
            if (count_over(p, u))
                v += 1.0;
            if (v > worst && !stuck[u]) {
                worst = v;
                t = u;
            }
        }
        if (t == SIZE_MAX)
            break;
        fixc = count_over(p, t);
        over = fixc || p->load[t] > p->hi[t];
        if (ix.start[t + 1] - ix.start[t] > BATCH_MIN) {
            size_t done = batch_step(p, &ix, t, over, fixc, bm);
            if (done == 0)
                stuck[t] = 1;
            else
                unstick_changed(p, &st);
            moves += done > 0 ? done - 1 : 0;
            continue;
        }
        p->repair_work += (ix.start[t + 1] - ix.start[t]) * (over ? nc : 1);
        if (over) {
            /* Push one of its accounts to a neighbour. */
            for (size_t e = ix.start[t]; e < ix.start[t + 1]; e++) {
                size_t i = ix.acc[e];
                if (p->assign[i] != t)
                    continue;
                for (size_t j = 0; j < nc; j++)
                    consider(p, &m, i, p->cand[i * nc + j], fixc);
            }
        } else {
            /* Pull an account from a neighbour. */
            for (size_t e = ix.start[t]; e < ix.start[t + 1]; e++) {
                size_t i = ix.acc[e];
                if (p->assign[i] == t)
                    continue;
                if (count_over(p, p->assign[i]) == 0 && p->max_count && p->max_count[t] &&
                    p->count[t] + 1 > p->max_count[t])
                    continue;
                consider(p, &m, i, t, 0);
            }
        }
        if (!m.found) {
            stuck[t] = 1;
            continue;
        }
        apply_move(p, m.i, m.u);
        unstick_changed(p, &st);
    }
    result = saha_territory__feasible(p);
    inv_free(p, &ix);
    stuck_free(p, &st);
    saha__free(p->ctx, bm);
    return result;
fail:
    inv_free(p, &ix);
    stuck_free(p, &st);
    saha__free(p->ctx, bm);
    return SAHA_ENOMEM;
}
