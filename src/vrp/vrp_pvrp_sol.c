/* The periodic VRP solution state (vrp_pvrp.h): setup, journaled insert and remove,
 * rollback, and the from-scratch check saha__vrp_pvrp_check.
 *
 * Method: a route keeps its customer sequence with its load, duration (travel +
 * service) and arc cost, updated in O(1) per insertion or removal (plus the O(len)
 * shift of the sequence). A step journals each route the first time it touches it
 * (copy of the sequence and totals) and the old combination of each customer it
 * removes, so a rollback costs O(touched routes' lengths).
 * Setup: neighbour lists O(n^2 log n).
 * Invariants: where[c * nd + d] == r iff c is in r's sequence and r is a route of day d;
 * a placed customer is on exactly the days of its combination.
 * Callers: vrp_pvrp.c and the ruin, recreate and local search files. */
#include <stdlib.h>
#include <string.h>

#include "vrp/vrp_pvrp.h"

typedef struct keyed {
    saha_cost cost;
    size_t k;
} keyed;

static int by_cost(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost < y->cost ? -1 : 1;
    return x->k < y->k ? -1 : x->k > y->k;
}

saha_status saha__pv_shared_init(saha_ctx *ctx, pv_shared *sh, const saha_vrp_pvrp *in)
{
    size_t n = in->ncustomers, nn;
    memset(sh, 0, sizeof *sh);
    sh->in = in;
    sh->n = n;
    sh->nd = in->ndays;
    sh->nv = in->nvehicles;
    sh->nr = in->ndays * in->nvehicles;
    sh->depot = n;
    if (saha__mul_size(n, n, &nn) != 0)
        return saha__error_set(ctx, SAHA_ELIMIT, NULL, 0, 0, "instance too large");
    sh->nbr = saha__alloc_array(ctx, nn ? nn : 1, sizeof *sh->nbr);
    if (!sh->nbr)
        return SAHA_ENOMEM;
    {
        keyed *tmp = saha__alloc_array(ctx, n ? n : 1, sizeof *tmp);
        if (!tmp)
            return SAHA_ENOMEM;
        for (size_t c = 0; c < n; c++) {
            for (size_t k = 0; k < n; k++) {
                tmp[k].cost = in->cost[c * (n + 1) + k];
                tmp[k].k = k;
            }
            qsort(tmp, n, sizeof *tmp, by_cost);
            for (size_t k = 0; k < n; k++)
                sh->nbr[c * n + k] = tmp[k].k;
        }
        saha__free(ctx, tmp);
    }
    {
        size_t visits = 0;
        for (size_t c = 0; c < n; c++) {
            uint32_t m = in->comb[in->comb_start[c]];
            while (m) {
                visits += m & 1u;
                m >>= 1;
            }
        }
        sh->avg_len = sh->nr ? (double)visits / (double)sh->nr : 1;
        if (sh->avg_len < 1)
            sh->avg_len = 1;
    }
    return SAHA_OK;
}

void saha__pv_shared_free(saha_ctx *ctx, pv_shared *sh)
{
    saha__free(ctx, sh->nbr);
    sh->nbr = NULL;
}

static void routes_free(saha_ctx *ctx, pv_route *r, size_t nr)
{
    if (!r)
        return;
    for (size_t k = 0; k < nr; k++)
        saha__free(ctx, r[k].seq);
    saha__free(ctx, r);
}

static pv_route *routes_alloc(saha_ctx *ctx, const pv_shared *sh)
{
    pv_route *r = saha__calloc(ctx, sh->nr ? sh->nr : 1, sizeof *r);
    if (!r)
        return NULL;
    for (size_t k = 0; k < sh->nr; k++) {
        r[k].seq = saha__alloc_array(ctx, sh->n ? sh->n : 1, sizeof *r[k].seq);
        if (!r[k].seq) {
            routes_free(ctx, r, sh->nr);
            return NULL;
        }
    }
    return r;
}

saha_status saha__pv_sol_init(saha_ctx *ctx, pv_sol *s, const pv_shared *sh)
{
    size_t nw;
    memset(s, 0, sizeof *s);
    s->sh = sh;
    if (saha__mul_size(sh->n, sh->nd, &nw) != 0)
        return saha__error_set(ctx, SAHA_ELIMIT, NULL, 0, 0, "instance too large");
    s->r = routes_alloc(ctx, sh);
    s->comb = saha__alloc_array(ctx, sh->n ? sh->n : 1, sizeof *s->comb);
    s->where = saha__alloc_array(ctx, nw ? nw : 1, sizeof *s->where);
    if (!s->r || !s->comb || !s->where)
        return SAHA_ENOMEM;
    for (size_t c = 0; c < sh->n; c++)
        s->comb[c] = VRP_NONE;
    for (size_t k = 0; k < nw; k++)
        s->where[k] = VRP_NONE;
    return SAHA_OK;
}

void saha__pv_sol_free(saha_ctx *ctx, pv_sol *s)
{
    if (s->sh)
        routes_free(ctx, s->r, s->sh->nr);
    saha__free(ctx, s->comb);
    saha__free(ctx, s->where);
    memset(s, 0, sizeof *s);
}

static void route_copy(pv_route *dst, const pv_route *src)
{
    memcpy(dst->seq, src->seq, src->len * sizeof *src->seq);
    dst->len = src->len;
    dst->load = src->load;
    dst->dur = src->dur;
    dst->cost = src->cost;
}

void saha__pv_sol_copy(pv_sol *dst, const pv_sol *src)
{
    const pv_shared *sh = src->sh;
    for (size_t k = 0; k < sh->nr; k++)
        route_copy(&dst->r[k], &src->r[k]);
    memcpy(dst->comb, src->comb, sh->n * sizeof *src->comb);
    memcpy(dst->where, src->where, sh->n * sh->nd * sizeof *src->where);
    dst->cost = src->cost;
    dst->pcost = src->pcost;
    dst->xload = src->xload;
    dst->xdur = src->xdur;
    dst->nplaced = src->nplaced;
}

saha_status saha__pv_work_init(saha_ctx *ctx, pv_work *w, const pv_shared *sh)
{
    size_t n = sh->n ? sh->n : 1, nr = sh->nr ? sh->nr : 1;
    memset(w, 0, sizeof *w);
    w->sh = sh;
    w->u.saved = routes_alloc(ctx, sh);
    w->u.touched = saha__calloc(ctx, nr, 1);
    w->u.tlist = saha__alloc_array(ctx, nr, sizeof *w->u.tlist);
    w->u.clist = saha__alloc_array(ctx, n, sizeof *w->u.clist);
    w->u.ccomb = saha__alloc_array(ctx, n, sizeof *w->u.ccomb);
    w->removed = saha__alloc_array(ctx, n, sizeof *w->removed);
    w->isrem = saha__calloc(ctx, n, 1);
    w->ruined = saha__calloc(ctx, nr, 1);
    w->cand = saha__calloc(ctx, nr, 1);
    w->clist = saha__alloc_array(ctx, nr, sizeof *w->clist);
    w->key = saha__alloc_array(ctx, n, sizeof *w->key);
    if (!w->u.saved || !w->u.touched || !w->u.tlist || !w->u.clist || !w->u.ccomb ||
        !w->removed || !w->isrem || !w->ruined || !w->key || !w->cand || !w->clist)
        return SAHA_ENOMEM;
    return SAHA_OK;
}

void saha__pv_work_free(saha_ctx *ctx, pv_work *w)
{
    if (w->sh)
        routes_free(ctx, w->u.saved, w->sh->nr);
    saha__free(ctx, w->u.touched);
    saha__free(ctx, w->u.tlist);
    saha__free(ctx, w->u.clist);
    saha__free(ctx, w->u.ccomb);
    saha__free(ctx, w->removed);
    saha__free(ctx, w->isrem);
    saha__free(ctx, w->ruined);
    saha__free(ctx, w->cand);
    saha__free(ctx, w->clist);
    saha__free(ctx, w->key);
    memset(w, 0, sizeof *w);
}

void saha__pv_sol_price(pv_sol *s, const pv_pen *pen)
{
    s->pcost =
        (double)s->cost + pen->load * (double)s->xload + pen->dur * (double)s->xdur;
}

void saha__pv_begin(pv_sol *s, pv_undo *u)
{
    u->nt = 0;
    u->nc = 0;
    u->cost = s->cost;
    u->xload = s->xload;
    u->xdur = s->xdur;
    u->nplaced = s->nplaced;
}

static void touch(pv_sol *s, pv_undo *u, size_t r)
{
    if (u->touched[r])
        return;
    u->touched[r] = 1;
    u->tlist[u->nt++] = r;
    route_copy(&u->saved[r], &s->r[r]);
}

void saha__pv_rollback(pv_sol *s, pv_undo *u)
{
    const pv_shared *sh = s->sh;
    for (size_t k = 0; k < u->nt; k++) {
        const pv_route *rt = &s->r[u->tlist[k]];
        size_t d = u->tlist[k] / sh->nv;
        for (size_t i = 0; i < rt->len; i++)
            s->where[rt->seq[i] * sh->nd + d] = VRP_NONE;
    }
    for (size_t k = 0; k < u->nt; k++) {
        size_t r = u->tlist[k], d = r / sh->nv;
        route_copy(&s->r[r], &u->saved[r]);
        for (size_t i = 0; i < s->r[r].len; i++)
            s->where[s->r[r].seq[i] * sh->nd + d] = r;
        u->touched[r] = 0;
    }
    for (size_t k = 0; k < u->nc; k++)
        s->comb[u->clist[k]] = u->ccomb[k];
    s->cost = u->cost;
    s->xload = u->xload;
    s->xdur = u->xdur;
    s->nplaced = u->nplaced;
    u->nt = 0;
    u->nc = 0;
}

static void route_totals_changed(pv_sol *s, size_t r, int64_t load0, int64_t dur0,
                                 saha_cost cost0)
{
    const pv_shared *sh = s->sh;
    const pv_route *rt = &s->r[r];
    s->cost += rt->cost - cost0;
    s->xload += saha__pv_xload(sh, r, rt->load) - saha__pv_xload(sh, r, load0);
    s->xdur += saha__pv_xdur(sh, r, rt->dur) - saha__pv_xdur(sh, r, dur0);
}

void saha__pv_remove(pv_sol *s, pv_undo *u, size_t c)
{
    const pv_shared *sh = s->sh;
    const saha_vrp_pvrp *in = sh->in;
    size_t nn = sh->n + 1;
    if (s->comb[c] == VRP_NONE)
        return;
    u->clist[u->nc] = c;
    u->ccomb[u->nc++] = s->comb[c];
    for (size_t d = 0; d < sh->nd; d++) {
        size_t r = s->where[c * sh->nd + d], i, prev, next;
        pv_route *rt;
        int64_t load0, dur0;
        saha_cost cost0;
        if (r == VRP_NONE)
            continue;
        touch(s, u, r);
        rt = &s->r[r];
        load0 = rt->load;
        dur0 = rt->dur;
        cost0 = rt->cost;
        for (i = 0; i < rt->len && rt->seq[i] != c; i++)
            ;
        prev = i ? rt->seq[i - 1] : sh->depot;
        next = i + 1 < rt->len ? rt->seq[i + 1] : sh->depot;
        if (rt->len == 1) {
            rt->cost = 0;
            rt->dur = 0;
        } else {
            rt->cost += in->cost[prev * nn + next] - in->cost[prev * nn + c] -
                        in->cost[c * nn + next];
            rt->dur += in->time[prev * nn + next] - in->time[prev * nn + c] -
                       in->time[c * nn + next] - in->service[c];
        }
        rt->load -= in->demand[c];
        memmove(rt->seq + i, rt->seq + i + 1, (rt->len - i - 1) * sizeof *rt->seq);
        rt->len--;
        s->where[c * sh->nd + d] = VRP_NONE;
        route_totals_changed(s, r, load0, dur0, cost0);
    }
    s->comb[c] = VRP_NONE;
    s->nplaced--;
}

void saha__pv_insert(pv_sol *s, pv_undo *u, size_t c, size_t r, size_t pos)
{
    const pv_shared *sh = s->sh;
    const saha_vrp_pvrp *in = sh->in;
    size_t nn = sh->n + 1, d = r / sh->nv, prev, next;
    pv_route *rt = &s->r[r];
    int64_t load0 = rt->load, dur0 = rt->dur;
    saha_cost cost0 = rt->cost;
    touch(s, u, r);
    prev = pos ? rt->seq[pos - 1] : sh->depot;
    next = pos < rt->len ? rt->seq[pos] : sh->depot;
    rt->cost +=
        in->cost[prev * nn + c] + in->cost[c * nn + next] - in->cost[prev * nn + next];
    rt->dur += in->time[prev * nn + c] + in->time[c * nn + next] -
               in->time[prev * nn + next] + in->service[c];
    rt->load += in->demand[c];
    memmove(rt->seq + pos + 1, rt->seq + pos, (rt->len - pos) * sizeof *rt->seq);
    rt->seq[pos] = c;
    rt->len++;
    s->where[c * sh->nd + d] = r;
    route_totals_changed(s, r, load0, dur0, cost0);
}

void saha__pv_commit(pv_undo *u)
{
    for (size_t k = 0; k < u->nt; k++)
        u->touched[u->tlist[k]] = 0;
    u->nt = 0;
    u->nc = 0;
}

int saha__vrp_pvrp_check(const saha_vrp_pvrp *in, const saha_vrp_solution *sol,
                         saha_cost *cost_out)
{
    size_t n = in->ncustomers, nn = n + 1, nr = in->ndays * in->nvehicles;
    uint32_t seen_small[64];
    int ok = 1;
    saha_cost total = 0;
    /* day sets by customer, in chunks so that no allocation is needed */
    if (sol->nvehicles != nr)
        ok = 0;
    for (size_t r = 0; r < sol->nvehicles && r < nr; r++) {
        size_t d = r / in->nvehicles, prev = n;
        int64_t load = 0, dur = 0;
        saha_cost cost = 0;
        if (sol->route_start[r] == sol->route_start[r + 1])
            continue;
        for (size_t i = sol->route_start[r]; i < sol->route_start[r + 1]; i++) {
            size_t c = sol->order[i];
            if (c >= n)
                return *cost_out = 0, 0;
            cost += in->cost[prev * nn + c];
            dur += in->time[prev * nn + c] + in->service[c];
            load += in->demand[c];
            prev = c;
        }
        cost += in->cost[prev * nn + n];
        dur += in->time[prev * nn + n];
        if (load > in->capacity[d] || dur > in->max_duration[d])
            ok = 0;
        total += cost;
    }
    *cost_out = total;
    if (nr > sol->nvehicles)
        return 0;
    for (size_t base = 0; base < n; base += 64) {
        size_t hi = base + 64 < n ? base + 64 : n;
        memset(seen_small, 0, sizeof seen_small);
        for (size_t r = 0; r < nr; r++) {
            uint32_t bit = 1u << (r / in->nvehicles);
            for (size_t i = sol->route_start[r]; i < sol->route_start[r + 1]; i++) {
                size_t c = sol->order[i];
                if (c < base || c >= hi)
                    continue;
                if (seen_small[c - base] & bit)
                    ok = 0; /* twice on one day */
                seen_small[c - base] |= bit;
            }
        }
        for (size_t c = base; c < hi; c++) {
            int match = 0;
            for (size_t k = in->comb_start[c]; k < in->comb_start[c + 1]; k++)
                if (in->comb[k] == seen_small[c - base])
                    match = 1;
            if (!match)
                ok = 0;
        }
    }
    return ok;
}
