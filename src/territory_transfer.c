/* territory_transfer.c: load transfers along chains of territories, before repair.
 *
 * Method. After the price-based assignment some territories can be far outside their
 * bounds while every neighbour sits at its own bound (many accounts on a few
 * coordinates: prices move whole groups). Repair's single moves must each lower the
 * total violation, so load then travels one hop per scan of a big territory, a few
 * accounts at a time: O(n^2 / k) work (issue #19, D3). Here the territory t with the
 * largest relative violation takes its whole gap to its target in one transfer along a
 * path of territories: a breadth-first search in the graph "a -> b when an account of a
 * has b among its candidates" finds the nearest territory with load to spare (t under)
 * or with room (t over); then, from the receiving end back, each hop a -> b moves the
 * cheapest accounts of a (cost increase per unit of load) into b until b got what the
 * next hop took out of it, so intermediate territories keep their load up to one
 * account. A transfer that does not lower the violation of the territories on its path
 * is undone and t is skipped until another transfer succeeds; so the total violation
 * falls at every kept transfer and the loop ends (at most 4 k + 100 transfers).
 *
 * Complexity: a transfer costs O(k^2) for the search plus O(E log E) per hop, E the
 * candidate entries of the receiving territory (about n c / k); about one transfer per
 * territory outside its bounds, so O(n c log n) in all. Memory O(k^2 + n c). Runs only
 * without a previous assignment (stability keeps repair's move order) and for
 * k <= SAHA_TERRITORY__TRANSFER_MAX_K. Invariants: locked accounts never move; a kept
 * transfer lowers the total bound violation. Caller: territory_solve.c, before repair. */
#include <stdlib.h>
#include <string.h>

#include "internal/territory.h"

typedef struct xfer_move {
    double score;
    uint32_t i;
} xfer_move;

static int xfer_cmp(const void *a, const void *b)
{
    const xfer_move *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

typedef struct xfer_state {
    size_t k, nc;
    uint32_t *own;   /* k x k: own[b * k + a] = free accounts of a listing b */
    size_t *start;   /* k + 1: accounts listing each territory (CSR) */
    uint32_t *acc;   /* n x nc */
    uint32_t *pred;  /* k: BFS parent */
    uint32_t *queue; /* k */
    uint32_t *path;  /* k + 1 */
    xfer_move *cand; /* n: one hop's accounts */
    uint32_t *log_i; /* n: moves of the current transfer, to undo */
    uint32_t *log_from;
    size_t nlog;
    unsigned char *stuck; /* k */
} xfer_state;

static int is_free(const saha_territory__problem *p, size_t i)
{
    return !p->locked || p->locked[i] == SAHA_TERRITORY__NONE;
}

static int64_t violation(const saha_territory__problem *p, size_t t)
{
    if (p->load[t] > p->hi[t])
        return p->load[t] - p->hi[t];
    if (p->load[t] < p->lo[t])
        return p->lo[t] - p->load[t];
    return 0;
}

static void move_account(saha_territory__problem *p, xfer_state *x, size_t i, size_t to)
{
    size_t from = p->assign[i], k = x->k;
    const uint32_t *ci = p->cand + i * x->nc;
    for (size_t j = 0; j < x->nc; j++) {
        x->own[(size_t)ci[j] * k + from]--;
        x->own[(size_t)ci[j] * k + to]++;
    }
    p->load[from] -= p->b[i];
    p->count[from]--;
    p->load[to] += p->b[i];
    p->count[to]++;
    p->assign[i] = (uint32_t)to;
}

/* Moves the cheapest accounts of a that list b into b until they carry `want` load;
 * returns the load moved. */
static int64_t hop(saha_territory__problem *p, xfer_state *x, size_t a, size_t b,
                   int64_t want)
{
    size_t nc = x->nc, m = 0;
    int64_t moved = 0;
    p->repair_work += x->start[b + 1] - x->start[b];
    for (size_t e = x->start[b]; e < x->start[b + 1]; e++) {
        size_t i = x->acc[e];
        int64_t ca = -1, cb = 0;
        if (p->assign[i] != a || !is_free(p, i))
            continue;
        for (size_t j = 0; j < nc; j++) {
            if (p->cand[i * nc + j] == a)
                ca = p->ccost[i * nc + j];
            if (p->cand[i * nc + j] == b)
                cb = p->ccost[i * nc + j];
        }
        if (ca < 0) /* a is not among i's candidates */
            ca = saha_territory__cost(p, i, a);
        x->cand[m].score = (double)(cb - ca) / (double)(p->b[i] > 0 ? p->b[i] : 1);
        x->cand[m].i = (uint32_t)i;
        m++;
    }
    qsort(x->cand, m, sizeof *x->cand, xfer_cmp);
    for (size_t q = 0; q < m && moved < want; q++) {
        size_t i = x->cand[q].i;
        if (p->max_count && p->max_count[b] && p->count[b] + 1 > p->max_count[b])
            break;
        x->log_i[x->nlog] = (uint32_t)i;
        x->log_from[x->nlog] = (uint32_t)a;
        x->nlog++;
        move_account(p, x, i, b);
        moved += p->b[i];
    }
    return moved;
}

/* Breadth-first search from t: forward (over: to a territory with room below its
 * target) or backward (under: to one with load above its target). Writes the path
 * source .. sink into x->path and returns its number of territories (0: none). */
static size_t find_path(saha_territory__problem *p, xfer_state *x, size_t t, int over)
{
    size_t k = x->k, head = 0, tail = 0, end = SIZE_MAX, len = 0;
    for (size_t u = 0; u < k; u++)
        x->pred[u] = SAHA_TERRITORY__NONE;
    x->pred[t] = (uint32_t)t;
    x->queue[tail++] = (uint32_t)t;
    while (head < tail && end == SIZE_MAX) {
        size_t a = x->queue[head++];
        p->repair_work += k;
        for (size_t u = 0; u < k; u++) {
            /* over: a's accounts can go to u; under: u's accounts can come to a */
            uint32_t edge = over ? x->own[u * k + a] : x->own[a * k + u];
            if (!edge || x->pred[u] != SAHA_TERRITORY__NONE)
                continue;
            x->pred[u] = (uint32_t)a;
            if (over ? p->load[u] < p->hi[u] : p->load[u] > p->lo[u]) {
                end = u;
                break;
            }
            x->queue[tail++] = (uint32_t)u;
        }
    }
    if (end == SIZE_MAX)
        return 0;
    /* Walk back end -> t; the path runs source -> sink. */
    for (size_t u = end;; u = x->pred[u]) {
        x->path[len++] = (uint32_t)u;
        if (u == t)
            break;
    }
    if (over) /* collected sink .. t: reverse to t .. sink */
        for (size_t a = 0, b = len - 1; a < b; a++, b--) {
            uint32_t tmp = x->path[a];
            x->path[a] = x->path[b];
            x->path[b] = tmp;
        }
    return len;
}

/* One transfer for t; 1 when kept, 0 when none helped. */
static int transfer(saha_territory__problem *p, xfer_state *x, size_t t)
{
    int over = p->load[t] > p->hi[t];
    size_t len = find_path(p, x, t, over), src, snk;
    int64_t want, before = 0, after = 0;

    if (len < 2)
        return 0;
    src = x->path[0];
    snk = x->path[len - 1];
    want = over ? p->load[t] - (int64_t)p->target[t] : (int64_t)p->target[t] - p->load[t];
    {
        int64_t other = over ? p->hi[snk] - p->load[snk] : p->load[src] - p->lo[src];
        if (other < want)
            want = other;
    }
    if (want <= 0)
        return 0;
    for (size_t q = 0; q < len; q++)
        before += violation(p, x->path[q]);
    x->nlog = 0;
    for (size_t q = len - 1; q > 0 && want > 0; q--)
        want = hop(p, x, x->path[q - 1], x->path[q], want);
    for (size_t q = 0; q < len; q++)
        after += violation(p, x->path[q]);
    if (after < before)
        return 1;
    while (x->nlog > 0) {
        x->nlog--;
        move_account(p, x, x->log_i[x->nlog], x->log_from[x->nlog]);
    }
    return 0;
}

static void xfer_free(saha_territory__problem *p, xfer_state *x)
{
    saha__free(p->ctx, x->own);
    saha__free(p->ctx, x->start);
    saha__free(p->ctx, x->acc);
    saha__free(p->ctx, x->pred);
    saha__free(p->ctx, x->queue);
    saha__free(p->ctx, x->path);
    saha__free(p->ctx, x->cand);
    saha__free(p->ctx, x->log_i);
    saha__free(p->ctx, x->log_from);
    saha__free(p->ctx, x->stuck);
}

saha_status saha_territory__transfer(saha_territory__problem *p)
{
    size_t k = p->k, n = p->n, nc = p->ncand, nn = n ? n : 1;
    xfer_state x;
    saha_status rc = SAHA_ENOMEM;

    if (p->prev || k < 2 || k > SAHA_TERRITORY__TRANSFER_MAX_K || n == 0)
        return SAHA_OK;
    memset(&x, 0, sizeof x);
    x.k = k;
    x.nc = nc;
    x.own = saha__calloc(p->ctx, k * k, sizeof *x.own);
    x.start = saha__calloc(p->ctx, k + 1, sizeof *x.start);
    x.acc = saha__alloc_array(p->ctx, nn, nc * sizeof *x.acc);
    x.pred = saha__alloc_array(p->ctx, k, sizeof *x.pred);
    x.queue = saha__alloc_array(p->ctx, k, sizeof *x.queue);
    x.path = saha__alloc_array(p->ctx, k + 1, sizeof *x.path);
    x.cand = saha__alloc_array(p->ctx, nn, sizeof *x.cand);
    x.log_i = saha__alloc_array(p->ctx, nn, sizeof *x.log_i);
    x.log_from = saha__alloc_array(p->ctx, nn, sizeof *x.log_from);
    x.stuck = saha__calloc(p->ctx, k, 1);
    if (!x.own || !x.start || !x.acc || !x.pred || !x.queue || !x.path || !x.cand ||
        !x.log_i || !x.log_from || !x.stuck)
        goto done;
    saha_territory__recount(p);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < nc; j++) {
            size_t u = p->cand[i * nc + j];
            x.start[u + 1]++;
            if (is_free(p, i))
                x.own[u * k + p->assign[i]]++;
        }
    for (size_t t = 0; t < k; t++)
        x.start[t + 1] += x.start[t];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < nc; j++) {
            size_t u = p->cand[i * nc + j];
            x.acc[x.start[u]++] = (uint32_t)i;
        }
    for (size_t t = k; t > 0; t--)
        x.start[t] = x.start[t - 1];
    x.start[0] = 0;
    for (size_t it = 0; it < 4 * k + 100; it++) {
        size_t t = SIZE_MAX;
        double worst = 0;
        for (size_t u = 0; u < k; u++) {
            double v = (double)violation(p, u) / p->target[u];
            if (v > worst && !x.stuck[u]) {
                worst = v;
                t = u;
            }
        }
        if (t == SIZE_MAX)
            break;
        if (transfer(p, &x, t)) {
            p->transfer_moves += x.nlog;
            memset(x.stuck, 0, k);
        } else {
            x.stuck[t] = 1;
        }
    }
    rc = SAHA_OK;
done:
    xfer_free(p, &x);
    return rc;
}
