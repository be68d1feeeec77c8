/* Route state of the optimisation engine: the shared instance data of one solve, the
 * solution representation, and the evaluation of candidate routes built from pieces.
 *
 * Method: each route keeps prefix sums of time, distance and cost along its arcs, in
 * both directions, so the totals of a candidate route made of k pieces of existing
 * routes (a move) cost O(k); vehicles with a time dimension (windows, a finite end time,
 * a break) then run the exact two-state recursion of vrp_schedule.c on the candidate
 * sequence, O(len). Nearest-neighbour lists (k per customer, by cost + cost back)
 * prune the moves; they are built once in O(nc^2 log k).
 * Invariants: route_of/pos_of mirror the sequences; s->obj = sum of eprize over visited
 * customers - sum of route costs; an empty route costs 0. Nothing here allocates after
 * the init functions, so searches can run in threads.
 * Callers: vrp_construct.c, vrp_ls.c, vrp_ils.c, vrp_regret.c, vrp_solve.c. */
#include <string.h>

#include "vrp/vrp_engine.h"

/* An empty route: not driven when it starts and ends at the same node; otherwise the
 * direct drive from start to end (a day between two nights away from home). Sets the
 * totals; 1 when feasible. */
static int empty_route(const saha_vrp *inst, size_t v, int64_t *travel, int64_t *dist,
                       saha_cost *cost)
{
    const saha_vrp_vehicle *veh = &inst->vehicles[v];
    size_t a = veh->start_node, e = veh->end_node, nn = inst->nnodes;
    int64_t tN, tT;
    *travel = *dist = 0;
    *cost = 0;
    if (a == e || !inst->empty_drives)
        return 1;
    *travel = inst->time[a * nn + e];
    *dist = inst->dist ? inst->dist[a * nn + e] : 0;
    *cost = inst->cost[a * nn + e] + saha__vrp_balance_cost(inst, *travel);
    if (*travel > veh->max_travel_time || (inst->dist && *dist > veh->max_distance))
        return 0;
    saha__vrp_fwd_init(inst, v, &tN, &tT);
    return saha__vrp_fwd_end(inst, v, a, tN, tT);
}

static size_t tw_count(const saha_vrp *inst, size_t v, size_t c)
{
    return inst->ntw ? inst->ntw[v * inst->ncustomers + c] : 1;
}

saha_status saha__vrp_shared_init(saha_ctx *ctx, vrp_shared *sh, const saha_vrp *inst)
{
    size_t nc = inst->ncustomers, nv = inst->nvehicles, nn = inst->nnodes;
    size_t nreq = 0;
    saha_cost bonus;

    memset(sh, 0, sizeof *sh);
    sh->inst = inst;
    sh->nc = nc;
    sh->nv = nv;
    sh->nn = nn;
    sh->cap = nc;
    sh->knn = nc > 1 ? (nc - 1 < 24 ? nc - 1 : 24) : 0;
    sh->timed = saha__calloc(ctx, nv ? nv : 1, 1);
    sh->allowed = saha__calloc(ctx, (nv * nc) > 0 ? nv * nc : 1, 1);
    sh->eprize = saha__alloc_array(ctx, nc ? nc : 1, sizeof *sh->eprize);
    sh->nbr =
        saha__alloc_array(ctx, (nc * sh->knn) > 0 ? nc * sh->knn : 1, sizeof *sh->nbr);
    if (!sh->timed || !sh->allowed || !sh->eprize || !sh->nbr)
        return SAHA_ENOMEM;
    for (size_t v = 0; v < nv; v++) {
        const saha_vrp_vehicle *veh = &inst->vehicles[v];
        sh->timed[v] = inst->ntw != NULL || veh->latest_end != SAHA_VRP_NO_LIMIT ||
                       veh->break_duration > 0;
        for (size_t c = 0; c < nc; c++)
            sh->allowed[v * nc + c] = tw_count(inst, v, c) > 0;
    }
    /* Required customers carry a bonus larger than any route cost difference, so the
     * search never trades one for travel savings. Bounded to keep sums in int64. */
    for (size_t c = 0; c < nc; c++)
        nreq += inst->required && inst->required[c];
    bonus = (INT64_MAX / 8) / (saha_cost)(nreq + 1);
    if (bonus > (saha_cost)1000000000000000LL)
        bonus = (saha_cost)1000000000000000LL;
    for (size_t c = 0; c < nc; c++)
        sh->eprize[c] =
            inst->prize[c] + (inst->required && inst->required[c] ? bonus : 0);
    /* k nearest neighbours: insertion into a small sorted list per customer. */
    if (sh->knn > 0) {
        saha_cost *key = saha__alloc_array(ctx, sh->knn, sizeof *key);
        if (!key)
            return SAHA_ENOMEM;
        for (size_t c = 0; c < nc; c++) {
            size_t cnt = 0, *nb = sh->nbr + c * sh->knn;
            for (size_t d = 0; d < nc; d++) {
                saha_cost k;
                size_t p;
                if (d == c)
                    continue;
                k = inst->cost[c * nn + d] + inst->cost[d * nn + c];
                if (cnt == sh->knn && k >= key[cnt - 1])
                    continue;
                p = cnt < sh->knn ? cnt++ : cnt - 1;
                while (p > 0 && key[p - 1] > k) {
                    key[p] = key[p - 1];
                    nb[p] = nb[p - 1];
                    p--;
                }
                key[p] = k;
                nb[p] = d;
            }
        }
        saha__free(ctx, key);
    }
    return SAHA_OK;
}

void saha__vrp_shared_free(saha_ctx *ctx, vrp_shared *sh)
{
    saha__free(ctx, sh->timed);
    saha__free(ctx, sh->allowed);
    saha__free(ctx, sh->eprize);
    saha__free(ctx, sh->nbr);
    memset(sh, 0, sizeof *sh);
}

saha_status saha__vrp_sol_init(saha_ctx *ctx, vrp_sol *s, const vrp_shared *sh)
{
    size_t cap = sh->cap ? sh->cap : 1;
    memset(s, 0, sizeof *s);
    s->sh = sh;
    s->r = saha__calloc(ctx, sh->nv ? sh->nv : 1, sizeof *s->r);
    s->route_of = saha__alloc_array(ctx, sh->nc ? sh->nc : 1, sizeof *s->route_of);
    s->pos_of = saha__alloc_array(ctx, sh->nc ? sh->nc : 1, sizeof *s->pos_of);
    if (!s->r || !s->route_of || !s->pos_of)
        return SAHA_ENOMEM;
    for (size_t v = 0; v < sh->nv; v++) {
        vrp_route *r = &s->r[v];
        r->seq = saha__alloc_array(ctx, cap, sizeof *r->seq);
        r->pt = saha__alloc_array(ctx, cap, sizeof *r->pt);
        r->rt = saha__alloc_array(ctx, cap, sizeof *r->rt);
        r->pd = saha__alloc_array(ctx, cap, sizeof *r->pd);
        r->rd = saha__alloc_array(ctx, cap, sizeof *r->rd);
        r->pc = saha__alloc_array(ctx, cap, sizeof *r->pc);
        r->rc = saha__alloc_array(ctx, cap, sizeof *r->rc);
        if (!r->seq || !r->pt || !r->rt || !r->pd || !r->rd || !r->pc || !r->rc)
            return SAHA_ENOMEM;
        if (sh->timed[v]) {
            r->fN = saha__alloc_array(ctx, cap, sizeof *r->fN);
            r->fT = saha__alloc_array(ctx, cap, sizeof *r->fT);
            r->lN = saha__alloc_array(ctx, cap + 1, sizeof *r->lN);
            r->lT = saha__alloc_array(ctx, cap + 1, sizeof *r->lT);
            if (!r->fN || !r->fT || !r->lN || !r->lT)
                return SAHA_ENOMEM;
        }
        if (sh->inst->balance > 0) {
            r->ps = saha__alloc_array(ctx, cap, sizeof *r->ps);
            if (!r->ps)
                return SAHA_ENOMEM;
        }
        if (sh->inst->day_cost) {
            r->pq = saha__alloc_array(ctx, cap, sizeof *r->pq);
            if (!r->pq)
                return SAHA_ENOMEM;
        }
    }
    saha__vrp_sol_clear(s);
    return SAHA_OK;
}

void saha__vrp_sol_free(saha_ctx *ctx, vrp_sol *s)
{
    if (s->r) {
        for (size_t v = 0; v < s->sh->nv; v++) {
            vrp_route *r = &s->r[v];
            saha__free(ctx, r->seq);
            saha__free(ctx, r->pt);
            saha__free(ctx, r->rt);
            saha__free(ctx, r->pd);
            saha__free(ctx, r->rd);
            saha__free(ctx, r->pc);
            saha__free(ctx, r->rc);
            saha__free(ctx, r->fN);
            saha__free(ctx, r->fT);
            saha__free(ctx, r->lN);
            saha__free(ctx, r->lT);
            saha__free(ctx, r->pq);
            saha__free(ctx, r->ps);
        }
    }
    saha__free(ctx, s->r);
    saha__free(ctx, s->route_of);
    saha__free(ctx, s->pos_of);
    memset(s, 0, sizeof *s);
}

static void update_times(const saha_vrp *inst, size_t v, vrp_route *r, size_t keep);

void saha__vrp_sol_clear(vrp_sol *s)
{
    saha_cost empty = 0;
    for (size_t v = 0; v < s->sh->nv; v++) {
        vrp_route *r = &s->r[v];
        r->len = 0;
        empty_route(s->sh->inst, v, &r->travel, &r->dist, &r->cost);
        empty += r->cost;
        if (r->fN)
            update_times(s->sh->inst, v, r, 0);
    }
    for (size_t c = 0; c < s->sh->nc; c++) {
        s->route_of[c] = VRP_NONE;
        s->pos_of[c] = 0;
    }
    s->obj = -empty;
    s->nvisited = 0;
}

void saha__vrp_sol_copy(vrp_sol *dst, const vrp_sol *src)
{
    const vrp_shared *sh = src->sh;
    for (size_t v = 0; v < sh->nv; v++) {
        const vrp_route *a = &src->r[v];
        vrp_route *b = &dst->r[v];
        size_t n = a->len;
        memcpy(b->seq, a->seq, n * sizeof *a->seq);
        memcpy(b->pt, a->pt, n * sizeof *a->pt);
        memcpy(b->rt, a->rt, n * sizeof *a->rt);
        memcpy(b->pd, a->pd, n * sizeof *a->pd);
        memcpy(b->rd, a->rd, n * sizeof *a->rd);
        memcpy(b->pc, a->pc, n * sizeof *a->pc);
        memcpy(b->rc, a->rc, n * sizeof *a->rc);
        if (a->fN) {
            memcpy(b->fN, a->fN, n * sizeof *a->fN);
            memcpy(b->fT, a->fT, n * sizeof *a->fT);
            memcpy(b->lN, a->lN, (n + 1) * sizeof *a->lN);
            memcpy(b->lT, a->lT, (n + 1) * sizeof *a->lT);
        }
        if (a->ps)
            memcpy(b->ps, a->ps, n * sizeof *a->ps);
        if (a->pq)
            memcpy(b->pq, a->pq, n * sizeof *a->pq);
        b->len = n;
        b->travel = a->travel;
        b->dist = a->dist;
        b->cost = a->cost;
    }
    memcpy(dst->route_of, src->route_of, sh->nc * sizeof *src->route_of);
    memcpy(dst->pos_of, src->pos_of, sh->nc * sizeof *src->pos_of);
    dst->obj = src->obj;
    dst->nvisited = src->nvisited;
}

/* Writes the pieces' customers into buf; returns the length. */
static size_t flatten(const vrp_sol *s, const vrp_piece *p, size_t np, size_t *buf)
{
    size_t len = 0;
    for (size_t k = 0; k < np; k++) {
        if (p[k].r == VRP_NONE) {
            buf[len++] = p[k].node;
            continue;
        }
        const size_t *seq = s->r[p[k].r].seq;
        if (!p[k].rev)
            for (size_t i = p[k].a; i < p[k].b; i++)
                buf[len++] = seq[i];
        else
            for (size_t i = p[k].b; i > p[k].a; i--)
                buf[len++] = seq[i - 1];
    }
    return len;
}

static int64_t svc_of(const saha_vrp *inst, size_t c)
{
    return inst->service ? inst->service[c] : 0;
}

/* Day cost on vehicle v of positions [a, b) of route r (inst->day_cost set): from the
 * route's own prefix sums when r is route v, else summed over the piece. */
static saha_cost seg_day_cost(const vrp_sol *s, size_t v, size_t ri, size_t a, size_t b)
{
    const saha_vrp *inst = s->sh->inst;
    const vrp_route *r = &s->r[ri];
    const saha_cost *dc = inst->day_cost + v * s->sh->nc;
    saha_cost sum = 0;
    if (ri == v)
        return r->pq[b - 1] - (a > 0 ? r->pq[a - 1] : 0);
    for (size_t i = a; i < b; i++)
        sum += dc[r->seq[i]];
    return sum;
}

/* Service time of positions [a, b) of a route (balance term only). */
static int64_t seg_service(const vrp_route *r, size_t a, size_t b)
{
    return r->ps[b - 1] - (a > 0 ? r->ps[a - 1] : 0);
}

/* Time feasibility of the route made of pieces on timed vehicle v: starts from the
 * stored forward states when the first piece is route v's own prefix, stops at the
 * stored latest arrival when the last piece is route v's own suffix, and runs the
 * recursion through the pieces in between. */
static int time_ok(const vrp_sol *s, size_t v, const vrp_piece *p, size_t np)
{
    const saha_vrp *inst = s->sh->inst;
    const vrp_route *rv = &s->r[v];
    size_t first = 0, last = np; /* pieces [first, last) are walked */
    size_t prev = inst->vehicles[v].start_node;
    int64_t tN, tT;

    /* Skip empty pieces at both ends so the prefix and suffix tests see real ones. */
    while (first < last && p[first].r != VRP_NONE && p[first].a >= p[first].b)
        first++;
    while (last > first && p[last - 1].r != VRP_NONE && p[last - 1].a >= p[last - 1].b)
        last--;
    if (first == last) { /* empty route */
        if (inst->vehicles[v].start_node == inst->vehicles[v].end_node ||
            !inst->empty_drives)
            return 1;
        saha__vrp_fwd_init(inst, v, &tN, &tT);
        return saha__vrp_fwd_end(inst, v, prev, tN, tT);
    }
    if (p[first].r == v && !p[first].rev && p[first].a == 0) {
        size_t b = p[first].b;
        if (last - first == 1 && b == rv->len)
            return 1; /* the route itself, unchanged */
        tN = rv->fN[b - 1];
        tT = rv->fT[b - 1];
        prev = rv->seq[b - 1];
        first++;
    } else {
        saha__vrp_fwd_init(inst, v, &tN, &tT);
    }
    {
        const vrp_piece *q = &p[last - 1];
        size_t stop = last;
        int suffix = q->r == v && !q->rev && q->b == rv->len && last > first;
        if (suffix)
            stop = last - 1;
        for (size_t k = first; k < stop; k++) {
            if (p[k].r == VRP_NONE) {
                saha__vrp_fwd_step(inst, v, prev, p[k].node, &tN, &tT);
                prev = p[k].node;
            } else {
                const size_t *seq = s->r[p[k].r].seq;
                if (p[k].a >= p[k].b)
                    continue;
                if (!p[k].rev)
                    for (size_t i = p[k].a; i < p[k].b; i++) {
                        saha__vrp_fwd_step(inst, v, prev, seq[i], &tN, &tT);
                        prev = seq[i];
                    }
                else
                    for (size_t i = p[k].b; i > p[k].a; i--) {
                        saha__vrp_fwd_step(inst, v, prev, seq[i - 1], &tN, &tT);
                        prev = seq[i - 1];
                    }
            }
            if (tN >= VRP_INF && tT >= VRP_INF)
                return 0;
        }
        if (suffix) {
            return saha__vrp_join_ok(inst, v, prev, rv->seq[q->a], tN, tT, rv->lN[q->a],
                                     rv->lT[q->a]);
        }
    }
    return saha__vrp_fwd_end(inst, v, prev, tN, tT);
}

int saha__vrp_eval(const vrp_sol *s, size_t v, const vrp_piece *p, size_t np, size_t *buf,
                   vrp_eval *out)
{
    const vrp_shared *sh = s->sh;
    const saha_vrp *inst = sh->inst;
    const saha_vrp_vehicle *veh = &inst->vehicles[v];
    size_t nn = sh->nn, nc = sh->nc;
    size_t prev = veh->start_node, len = 0;
    int64_t travel = 0, dist = 0, work = 0;
    saha_cost cost = 0;
    const uint8_t *allowed = sh->allowed + v * nc;
    int bal = inst->balance > 0;

    for (size_t k = 0; k < np; k++) {
        size_t first, last;
        if (p[k].r == VRP_NONE) {
            first = last = p[k].node;
            if (!allowed[first])
                return 0;
            len++;
            if (bal)
                work += svc_of(inst, first);
            if (inst->day_cost)
                cost += inst->day_cost[v * nc + first];
        } else {
            const vrp_route *r = &s->r[p[k].r];
            size_t a = p[k].a, b = p[k].b;
            if (a >= b)
                continue;
            if (p[k].r != v)
                for (size_t i = a; i < b; i++)
                    if (!allowed[r->seq[i]])
                        return 0;
            len += b - a;
            if (bal)
                work += seg_service(r, a, b);
            if (inst->day_cost)
                cost += seg_day_cost(s, v, p[k].r, a, b);
            if (!p[k].rev) {
                first = r->seq[a];
                last = r->seq[b - 1];
                travel += r->pt[b - 1] - r->pt[a];
                dist += r->pd[b - 1] - r->pd[a];
                cost += r->pc[b - 1] - r->pc[a];
            } else {
                first = r->seq[b - 1];
                last = r->seq[a];
                travel += r->rt[b - 1] - r->rt[a];
                dist += r->rd[b - 1] - r->rd[a];
                cost += r->rc[b - 1] - r->rc[a];
            }
        }
        travel += inst->time[prev * nn + first];
        cost += inst->cost[prev * nn + first];
        if (inst->dist)
            dist += inst->dist[prev * nn + first];
        prev = last;
    }
    if (len == 0) {
        out->len = 0;
        return empty_route(inst, v, &out->travel, &out->dist, &out->cost);
    }
    travel += inst->time[prev * nn + veh->end_node];
    cost += inst->cost[prev * nn + veh->end_node];
    if (inst->dist)
        dist += inst->dist[prev * nn + veh->end_node];
    if (bal)
        cost += saha__vrp_balance_cost(inst, travel + work);
    out->travel = travel;
    out->dist = dist;
    out->cost = cost;
    out->len = len;
    if (len > sh->cap || (int64_t)len > veh->max_visits || travel > veh->max_travel_time)
        return 0;
    if (inst->dist && dist > veh->max_distance)
        return 0;
    (void)buf;
    if (sh->timed[v] && !time_ok(s, v, p, np))
        return 0;
    return 1;
}

saha_cost saha__vrp_piece_cost(const vrp_sol *s, size_t v, const vrp_piece *p, size_t np)
{
    const saha_vrp *inst = s->sh->inst;
    size_t nn = s->sh->nn, prev = inst->vehicles[v].start_node;
    saha_cost cost = 0;
    int64_t work = 0;
    int any = 0, bal = inst->balance > 0;
    for (size_t k = 0; k < np; k++) {
        size_t first, last;
        if (p[k].r == VRP_NONE) {
            first = last = p[k].node;
            if (bal)
                work += svc_of(inst, first);
            if (inst->day_cost)
                cost += inst->day_cost[v * s->sh->nc + first];
        } else {
            const vrp_route *r = &s->r[p[k].r];
            size_t a = p[k].a, b = p[k].b;
            if (a >= b)
                continue;
            if (inst->day_cost)
                cost += seg_day_cost(s, v, p[k].r, a, b);
            if (!p[k].rev) {
                first = r->seq[a];
                last = r->seq[b - 1];
                cost += r->pc[b - 1] - r->pc[a];
                if (bal)
                    work += r->pt[b - 1] - r->pt[a];
            } else {
                first = r->seq[b - 1];
                last = r->seq[a];
                cost += r->rc[b - 1] - r->rc[a];
                if (bal)
                    work += r->rt[b - 1] - r->rt[a];
            }
            if (bal)
                work += seg_service(r, a, b);
        }
        cost += inst->cost[prev * nn + first];
        if (bal)
            work += inst->time[prev * nn + first];
        prev = last;
        any = 1;
    }
    if (!any) {
        int64_t t, d;
        empty_route(inst, v, &t, &d, &cost);
        return cost;
    }
    cost += inst->cost[prev * nn + inst->vehicles[v].end_node];
    if (bal)
        cost += saha__vrp_balance_cost(
            inst, work + inst->time[prev * nn + inst->vehicles[v].end_node]);
    return cost;
}

/* Recomputes the forward states from position keep on and every backward value. */
static void update_times(const saha_vrp *inst, size_t v, vrp_route *r, size_t keep)
{
    size_t len = r->len, prev;
    int64_t tN, tT, lN, lT;
    if (keep == 0) {
        saha__vrp_fwd_init(inst, v, &tN, &tT);
        prev = inst->vehicles[v].start_node;
    } else {
        tN = r->fN[keep - 1];
        tT = r->fT[keep - 1];
        prev = r->seq[keep - 1];
    }
    for (size_t i = keep; i < len; i++) {
        saha__vrp_fwd_step(inst, v, prev, r->seq[i], &tN, &tT);
        r->fN[i] = tN;
        r->fT[i] = tT;
        prev = r->seq[i];
    }
    saha__vrp_bwd_end(inst, v, &lN, &lT);
    r->lN[len] = lN;
    r->lT[len] = lT;
    for (size_t i = len; i > 0; i--) {
        size_t next = i < len ? r->seq[i] : inst->vehicles[v].end_node;
        saha__vrp_bwd_step(inst, v, r->seq[i - 1], next, &lN, &lT);
        r->lN[i - 1] = lN;
        r->lT[i - 1] = lT;
    }
}

/* Sets route v to its first `keep` customers (unchanged) followed by buf[0..n), and
 * recomputes sums and positions from position keep on. */
static void set_route(vrp_sol *s, size_t v, size_t keep, const size_t *buf, size_t n)
{
    const vrp_shared *sh = s->sh;
    const saha_vrp *inst = sh->inst;
    const saha_vrp_vehicle *veh = &inst->vehicles[v];
    vrp_route *r = &s->r[v];
    size_t nn = sh->nn, len = keep + n;

    memmove(r->seq + keep, buf, n * sizeof *buf);
    r->len = len;
    for (size_t i = keep; i < len; i++) {
        size_t c = r->seq[i];
        s->route_of[c] = v;
        s->pos_of[c] = i;
        s->obj += sh->eprize[c];
        if (r->ps)
            r->ps[i] = (i > 0 ? r->ps[i - 1] : 0) + svc_of(inst, c);
        if (r->pq)
            r->pq[i] = (i > 0 ? r->pq[i - 1] : 0) + inst->day_cost[v * sh->nc + c];
        if (i == 0) {
            r->pt[0] = r->rt[0] = r->pd[0] = r->rd[0] = 0;
            r->pc[0] = r->rc[0] = 0;
        } else {
            size_t b = r->seq[i - 1];
            r->pt[i] = r->pt[i - 1] + inst->time[b * nn + c];
            r->rt[i] = r->rt[i - 1] + inst->time[c * nn + b];
            r->pc[i] = r->pc[i - 1] + inst->cost[b * nn + c];
            r->rc[i] = r->rc[i - 1] + inst->cost[c * nn + b];
            r->pd[i] = r->pd[i - 1] + (inst->dist ? inst->dist[b * nn + c] : 0);
            r->rd[i] = r->rd[i - 1] + (inst->dist ? inst->dist[c * nn + b] : 0);
        }
    }
    s->nvisited += n;
    if (r->fN)
        update_times(inst, v, r, keep);
    if (len == 0) {
        empty_route(inst, v, &r->travel, &r->dist, &r->cost);
    } else {
        size_t f = r->seq[0], l = r->seq[len - 1];
        size_t a = veh->start_node, e = veh->end_node;
        r->travel = r->pt[len - 1] + inst->time[a * nn + f] + inst->time[l * nn + e];
        r->cost = r->pc[len - 1] + inst->cost[a * nn + f] + inst->cost[l * nn + e];
        r->dist = r->pd[len - 1] +
                  (inst->dist ? inst->dist[a * nn + f] + inst->dist[l * nn + e] : 0);
        if (r->ps)
            r->cost += saha__vrp_balance_cost(inst, r->travel + r->ps[len - 1]);
        if (r->pq)
            r->cost += r->pq[len - 1];
    }
    s->obj -= r->cost;
}

/* Forgets route v from position keep on (and its cost). */
static void unset_route(vrp_sol *s, size_t v, size_t keep)
{
    vrp_route *r = &s->r[v];
    for (size_t i = keep; i < r->len; i++) {
        s->route_of[r->seq[i]] = VRP_NONE;
        s->obj -= s->sh->eprize[r->seq[i]];
    }
    s->nvisited -= r->len - keep;
    s->obj += r->cost;
    r->len = keep;
    r->cost = 0;
    r->travel = r->dist = 0;
}

/* Length of the unchanged prefix when the pieces start with route v's own [0, b). */
static size_t kept_prefix(size_t v, const vrp_piece *p, size_t np)
{
    if (np > 0 && p[0].r == v && p[0].a == 0 && !p[0].rev)
        return p[0].b;
    return 0;
}

void saha__vrp_apply(vrp_sol *s, size_t v, const vrp_piece *p, size_t np, size_t *buf)
{
    size_t keep = kept_prefix(v, p, np);
    size_t n = flatten(s, keep ? p + 1 : p, keep ? np - 1 : np, buf);
    unset_route(s, v, keep);
    set_route(s, v, keep, buf, n);
}

void saha__vrp_apply2(vrp_sol *s, size_t v1, const vrp_piece *p1, size_t n1, size_t v2,
                      const vrp_piece *p2, size_t n2, size_t *buf, size_t *buf2)
{
    size_t k1 = kept_prefix(v1, p1, n1), k2 = kept_prefix(v2, p2, n2);
    size_t l1 = flatten(s, k1 ? p1 + 1 : p1, k1 ? n1 - 1 : n1, buf);
    size_t l2 = flatten(s, k2 ? p2 + 1 : p2, k2 ? n2 - 1 : n2, buf2);
    unset_route(s, v1, k1);
    unset_route(s, v2, k2);
    set_route(s, v1, k1, buf, l1);
    set_route(s, v2, k2, buf2, l2);
}

void saha__vrp_sol_recount(vrp_sol *s)
{
    saha_cost obj = 0;
    for (size_t v = 0; v < s->sh->nv; v++) {
        const vrp_route *r = &s->r[v];
        for (size_t i = 0; i < r->len; i++)
            obj += s->sh->eprize[r->seq[i]];
        obj -= r->cost;
    }
    s->obj = obj;
}

int saha__vrp_insert_delta(const vrp_sol *s, size_t u, size_t v, size_t pos,
                           saha_cost *dcost_out, int64_t *dtime_out)
{
    const saha_vrp *inst = s->sh->inst;
    const vrp_route *r = &s->r[v];
    const saha_vrp_vehicle *veh = &inst->vehicles[v];
    size_t nn = s->sh->nn, a, b;
    if (r->len == 0 || inst->balance > 0 || inst->day_cost)
        return 0;
    a = pos > 0 ? r->seq[pos - 1] : veh->start_node;
    b = pos < r->len ? r->seq[pos] : veh->end_node;
    *dcost_out = inst->cost[a * nn + u] + inst->cost[u * nn + b] - inst->cost[a * nn + b];
    *dtime_out = inst->time[a * nn + u] + inst->time[u * nn + b] - inst->time[a * nn + b];
    return 1;
}

/* The rest of saha__vrp_eval's verdict on inserting u at position pos of non-empty
 * route v once the caller has checked the visit cap, that v may serve u and the drive
 * cap: the distance cap, then the time recursion from the stored states at pos - 1
 * through u, joined to the stored latest arrivals at pos (O(1) but for u's windows). */
static int insert_feasible(const vrp_sol *s, size_t u, size_t v, size_t pos)
{
    const saha_vrp *inst = s->sh->inst;
    const vrp_route *r = &s->r[v];
    const saha_vrp_vehicle *veh = &inst->vehicles[v];
    size_t nn = s->sh->nn, prev = pos > 0 ? r->seq[pos - 1] : veh->start_node;
    int64_t tN, tT;
    if (inst->dist && veh->max_distance != SAHA_VRP_NO_LIMIT) {
        size_t b = pos < r->len ? r->seq[pos] : veh->end_node;
        int64_t dd = inst->dist[prev * nn + u] + inst->dist[u * nn + b] -
                     inst->dist[prev * nn + b];
        if (r->dist + dd > veh->max_distance)
            return 0;
    }
    if (!s->sh->timed[v])
        return 1;
    if (pos > 0) {
        tN = r->fN[pos - 1];
        tT = r->fT[pos - 1];
    } else {
        saha__vrp_fwd_init(inst, v, &tN, &tT);
    }
    saha__vrp_fwd_step(inst, v, prev, u, &tN, &tT);
    if (tN >= VRP_INF && tT >= VRP_INF)
        return 0;
    if (pos < r->len)
        return saha__vrp_join_ok(inst, v, u, r->seq[pos], tN, tT, r->lN[pos], r->lT[pos]);
    return saha__vrp_fwd_end(inst, v, u, tN, tT);
}

/* Tries u at position pos of route v: keeps it in *best.. when feasible and cheaper than
 * *best (or the first feasible when *bv is VRP_NONE and *best is VRP_INF). The O(1)
 * delta rejects positions that cannot win, or break the drive cap, before the full
 * evaluation. */
static int try_pos(const vrp_sol *s, size_t u, size_t v, size_t pos, size_t *buf,
                   saha_cost *best, int64_t *best_t, size_t *bv, size_t *bp)
{
    const vrp_route *r = &s->r[v];
    vrp_piece p[3] = {{v, 0, pos, 0, 0}, {VRP_NONE, 0, 0, 0, u}, {v, pos, r->len, 0, 0}};
    vrp_eval e;
    saha_cost d;
    int64_t dt;
    if (saha__vrp_insert_delta(s, u, v, pos, &d, &dt)) {
        if (d >= *best || r->travel + dt > s->sh->inst->vehicles[v].max_travel_time ||
            !insert_feasible(s, u, v, pos))
            return 0;
        e.travel = r->travel + dt;
    } else {
        if (!saha__vrp_eval(s, v, p, 3, buf, &e))
            return 0;
        d = e.cost - r->cost;
    }
    if (d < *best) {
        *best = d;
        *best_t = e.travel - r->travel;
        *bv = v;
        *bp = pos;
    }
    return 1;
}

int saha__vrp_best_insert(const vrp_sol *s, size_t u, int nbr_only, saha_cost limit,
                          size_t *buf, size_t *v_out, size_t *pos_out,
                          saha_cost *dcost_out, int64_t *dtime_out)
{
    const vrp_shared *sh = s->sh;
    size_t bv = VRP_NONE, bp = 0;
    saha_cost best = limit;
    int64_t best_t = 0;

    for (size_t v = 0; v < sh->nv; v++) {
        const vrp_route *r = &s->r[v];
        if (!sh->allowed[v * sh->nc + u])
            continue;
        if (r->len >= sh->cap || (int64_t)r->len >= sh->inst->vehicles[v].max_visits)
            continue;
        if (!nbr_only || r->len < 8) {
            for (size_t pos = 0; pos <= r->len; pos++)
                try_pos(s, u, v, pos, buf, &best, &best_t, &bv, &bp);
        } else {
            try_pos(s, u, v, 0, buf, &best, &best_t, &bv, &bp);
            try_pos(s, u, v, r->len, buf, &best, &best_t, &bv, &bp);
        }
    }
    if (nbr_only) {
        const size_t *nb = sh->nbr + u * sh->knn;
        for (size_t k = 0; k < sh->knn; k++) {
            size_t w = nb[k], v = s->route_of[w];
            if (v == VRP_NONE || s->r[v].len < 8 || !sh->allowed[v * sh->nc + u])
                continue;
            if ((int64_t)s->r[v].len >= sh->inst->vehicles[v].max_visits)
                continue;
            try_pos(s, u, v, s->pos_of[w], buf, &best, &best_t, &bv, &bp);
            try_pos(s, u, v, s->pos_of[w] + 1, buf, &best, &best_t, &bv, &bp);
        }
    }
    if (bv == VRP_NONE)
        return 0;
    *v_out = bv;
    *pos_out = bp;
    *dcost_out = best;
    if (dtime_out)
        *dtime_out = best_t;
    return 1;
}

void saha__vrp_insert_at(vrp_sol *s, size_t u, size_t v, size_t pos, size_t *buf)
{
    vrp_piece p[3] = {
        {v, 0, pos, 0, 0}, {VRP_NONE, 0, 0, 0, u}, {v, pos, s->r[v].len, 0, 0}};
    saha__vrp_apply(s, v, p, 3, buf);
}

saha_status saha__vrp_work_init(saha_ctx *ctx, vrp_work *w, const vrp_shared *sh)
{
    size_t cap = sh->cap + 8, nc = sh->nc ? sh->nc : 1, nv = sh->nv ? sh->nv : 1;
    memset(w, 0, sizeof *w);
    if (nc > SIZE_MAX / nv)
        return SAHA_ENOMEM;
    w->buf = saha__alloc_array(ctx, cap, sizeof *w->buf);
    w->buf2 = saha__alloc_array(ctx, cap, sizeof *w->buf2);
    w->list = saha__alloc_array(ctx, nc, sizeof *w->list);
    w->queue = saha__alloc_array(ctx, nc, sizeof *w->queue);
    w->inq = saha__calloc(ctx, nc, 1);
    w->ins_cost = saha__alloc_array(ctx, nc * nv, sizeof *w->ins_cost);
    w->ins_pos = saha__alloc_array(ctx, nc * nv, sizeof *w->ins_pos);
    if (!w->buf || !w->buf2 || !w->list || !w->queue || !w->inq || !w->ins_cost ||
        !w->ins_pos)
        return SAHA_ENOMEM;
    return SAHA_OK;
}

void saha__vrp_work_free(saha_ctx *ctx, vrp_work *w)
{
    saha__free(ctx, w->buf);
    saha__free(ctx, w->buf2);
    saha__free(ctx, w->list);
    saha__free(ctx, w->queue);
    saha__free(ctx, w->inq);
    saha__free(ctx, w->ins_cost);
    saha__free(ctx, w->ins_pos);
    memset(w, 0, sizeof *w);
}
