/* Local search: first-improvement descent over neighbour-pruned moves.
 *
 * Method: a queue of customers (all at the start, or those a perturbation touched).
 * For a popped customer c and each of its k nearest neighbours w, moves that make c and
 * w adjacent or exchange them are tried; the first that raises the objective
 * (eprize - cost) is applied and the customers around it are queued again:
 *   visited c:   drop c; replace c by an unvisited neighbour; relocate the segment of
 *                1-3 customers starting at c next to w (either orientation, same or
 *                other route: Or-opt); swap c and w; 2-opt inside a route (both arcs
 *                that join c and w); 2-opt* between routes (tail exchange, two ways);
 *                when all of those fail, cross-exchange of 1-3 segments between
 *                routes (vrp_cross.c);
 *   unvisited c: insert at its cheapest position near its neighbours; replace a
 *                visited neighbour by c; failing both, drop a run of visits worth
 *                less than c to make room for it (vrp_replace.c; the dropped ones are
 *                queued, to find a place on another day);
 *   when the queue is empty: reverse a whole route, exchange two routes' sequences.
 * A move's cost change is computed first from prefix sums (O(pieces)); feasibility
 * (caps, and the time recursion for timed vehicles) only for improving ones.
 * Complexity: O(k * 14) move evaluations per popped customer; each is O(1) untimed or
 * O(len) timed. Terminates: every applied move raises an integer objective.
 * Invariants: the solution stays feasible; required customers are never dropped (their
 * bonus prize outweighs any cost). Callers: vrp_solve.c, vrp_ils.c. */
#include "vrp/vrp_engine.h"

#define SEG(r_, a_, b_)                                                                  \
    {                                                                                    \
        (r_), (a_), (b_), 0, 0                                                           \
    }
#define REV(r_, a_, b_)                                                                  \
    {                                                                                    \
        (r_), (a_), (b_), 1, 0                                                           \
    }
#define ONE(x_)                                                                          \
    {                                                                                    \
        VRP_NONE, 0, 0, 0, (x_)                                                          \
    }

void saha__vrp_push(vrp_work *w, const vrp_shared *sh, size_t c)
{
    if (w->inq[c] || w->qn >= sh->nc)
        return;
    w->inq[c] = 1;
    w->queue[(w->qh + w->qn) % sh->nc] = c;
    w->qn++;
}

static size_t pop(vrp_work *w, const vrp_shared *sh)
{
    size_t c = w->queue[w->qh];
    w->qh = (w->qh + 1) % sh->nc;
    w->qn--;
    w->inq[c] = 0;
    return c;
}

/* Queues x, its route neighbours and (when x changed) its unvisited neighbours. */
static void push_around(vrp_sol *s, vrp_work *w, size_t x)
{
    const vrp_shared *sh = s->sh;
    size_t v = s->route_of[x];
    saha__vrp_push(w, sh, x);
    if (v != VRP_NONE) {
        size_t i = s->pos_of[x];
        if (i > 0)
            saha__vrp_push(w, sh, s->r[v].seq[i - 1]);
        if (i + 1 < s->r[v].len)
            saha__vrp_push(w, sh, s->r[v].seq[i + 1]);
    }
}

typedef struct mv {
    vrp_sol *s;
    vrp_work *w;
    size_t x; /* the other customer of the last applied move */
} mv;

/* Neighbours scanned per customer (the lists hold more, for the ruin step). */
#define LS_K 12

/* One-route move: applies it when it raises the objective. */
static int try1(mv *m, size_t v, const vrp_piece *p, size_t np, saha_cost dprize)
{
    vrp_sol *s = m->s;
    vrp_eval e;
    saha_cost nc = saha__vrp_piece_cost(s, v, p, np);
    if (dprize - (nc - s->r[v].cost) <= 0)
        return 0;
    if (!saha__vrp_eval(s, v, p, np, m->w->buf, &e))
        return 0;
    saha__vrp_apply(s, v, p, np, m->w->buf);
    return 1;
}

static int try2(mv *m, size_t v1, const vrp_piece *p1, size_t n1, size_t v2,
                const vrp_piece *p2, size_t n2, saha_cost dprize)
{
    vrp_sol *s = m->s;
    vrp_eval e1, e2;
    saha_cost c1 = saha__vrp_piece_cost(s, v1, p1, n1);
    saha_cost c2 = saha__vrp_piece_cost(s, v2, p2, n2);
    if (dprize - (c1 + c2 - s->r[v1].cost - s->r[v2].cost) <= 0)
        return 0;
    if (!saha__vrp_eval(s, v1, p1, n1, m->w->buf, &e1) ||
        !saha__vrp_eval(s, v2, p2, n2, m->w->buf, &e2))
        return 0;
    saha__vrp_apply2(s, v1, p1, n1, v2, p2, n2, m->w->buf, m->w->buf2);
    return 1;
}

static int moves_visited(mv *m, size_t c)
{
    vrp_sol *s = m->s;
    const vrp_shared *sh = s->sh;
    size_t v = s->route_of[c], i = s->pos_of[c], L = s->r[v].len;
    const size_t *nb = sh->nbr + c * sh->knn;

    m->x = VRP_NONE;
    {
        vrp_piece p[2] = {SEG(v, 0, i), SEG(v, i + 1, L)};
        if (try1(m, v, p, 2, -sh->eprize[c]))
            return 1;
    }
    size_t kmax = sh->knn < LS_K ? sh->knn : LS_K;
    for (size_t k = 0; k < kmax; k++) {
        size_t x = nb[k], v2 = s->route_of[x], j, L2;
        m->x = x;
        if (v2 == VRP_NONE) {
            vrp_piece p[3] = {SEG(v, 0, i), ONE(x), SEG(v, i + 1, L)};
            if (try1(m, v, p, 3, sh->eprize[x] - sh->eprize[c]))
                return 1;
            continue;
        }
        j = s->pos_of[x];
        L2 = s->r[v2].len;
        /* Or-opt / relocate of [i, i+len) next to x. */
        for (size_t sl = 1; sl <= 3 && i + sl <= L; sl++) {
            for (int side = 0; side < 2; side++) {
                size_t q = j + (size_t)side;
                for (int rev = 0; rev < 2; rev++) {
                    vrp_piece seg = {v, i, i + sl, rev, 0};
                    if (rev && sl == 1)
                        continue;
                    if (v2 == v) {
                        if (q >= i && q <= i + sl)
                            continue;
                        if (q < i) {
                            vrp_piece p[4] = {SEG(v, 0, q), seg, SEG(v, q, i),
                                              SEG(v, i + sl, L)};
                            if (try1(m, v, p, 4, 0))
                                return 1;
                        } else {
                            vrp_piece p[4] = {SEG(v, 0, i), SEG(v, i + sl, q), seg,
                                              SEG(v, q, L)};
                            if (try1(m, v, p, 4, 0))
                                return 1;
                        }
                    } else {
                        vrp_piece p1[2] = {SEG(v, 0, i), SEG(v, i + sl, L)};
                        vrp_piece p2[3] = {SEG(v2, 0, q), seg, SEG(v2, q, L2)};
                        if (try2(m, v, p1, 2, v2, p2, 3, 0))
                            return 1;
                    }
                }
            }
        }
        /* Swap c and x. */
        if (v2 == v) {
            size_t a = i < j ? i : j, b = i < j ? j : i;
            size_t ca = s->r[v].seq[a], cb = s->r[v].seq[b];
            vrp_piece p[5] = {SEG(v, 0, a), ONE(cb), SEG(v, a + 1, b), ONE(ca),
                              SEG(v, b + 1, L)};
            if (try1(m, v, p, 5, 0))
                return 1;
            /* 2-opt: both reversals that join seq[a] and seq[b]. */
            if (b > a + 1) {
                vrp_piece q1[3] = {SEG(v, 0, a + 1), REV(v, a + 1, b + 1),
                                   SEG(v, b + 1, L)};
                vrp_piece q2[3] = {SEG(v, 0, a), REV(v, a, b), SEG(v, b, L)};
                if (try1(m, v, q1, 3, 0) || try1(m, v, q2, 3, 0))
                    return 1;
            }
        } else {
            vrp_piece p1[3] = {SEG(v, 0, i), ONE(x), SEG(v, i + 1, L)};
            vrp_piece p2[3] = {SEG(v2, 0, j), ONE(c), SEG(v2, j + 1, L2)};
            if (try2(m, v, p1, 3, v2, p2, 3, 0))
                return 1;
            /* 2-opt*: c then x; x then c. */
            {
                vrp_piece a1[2] = {SEG(v, 0, i + 1), SEG(v2, j, L2)};
                vrp_piece a2[2] = {SEG(v2, 0, j), SEG(v, i + 1, L)};
                if (try2(m, v, a1, 2, v2, a2, 2, 0))
                    return 1;
            }
            {
                vrp_piece b1[2] = {SEG(v, 0, i), SEG(v2, j + 1, L2)};
                vrp_piece b2[2] = {SEG(v2, 0, j + 1), SEG(v, i, L)};
                if (try2(m, v, b1, 2, v2, b2, 2, 0))
                    return 1;
            }
        }
    }
    /* Cross-exchange: the costliest neighbourhood, only once the cheaper ones failed. */
    m->x = VRP_NONE;
    return saha__vrp_cross(s, m->w, c, kmax, &m->x);
}

static int moves_unvisited(mv *m, size_t c)
{
    vrp_sol *s = m->s;
    const vrp_shared *sh = s->sh;
    const size_t *nb = sh->nbr + c * sh->knn;
    size_t v, pos;
    saha_cost dc;
    m->x = VRP_NONE;
    if (saha__vrp_best_insert(s, c, 1, sh->eprize[c], m->w->buf, &v, &pos, &dc, NULL) &&
        sh->eprize[c] - dc > 0) {
        saha__vrp_insert_at(s, c, v, pos, m->w->buf);
        return 1;
    }
    size_t kmax = sh->knn < LS_K ? sh->knn : LS_K;
    m->x = VRP_NONE;
    for (size_t k = 0; k < kmax; k++) {
        size_t x = nb[k], v2 = s->route_of[x], j;
        if (v2 == VRP_NONE)
            continue;
        m->x = x;
        j = s->pos_of[x];
        {
            vrp_piece p[3] = {SEG(v2, 0, j), ONE(c), SEG(v2, j + 1, s->r[v2].len)};
            if (try1(m, v2, p, 3, sh->eprize[c] - sh->eprize[x]))
                return 1;
        }
    }
    m->x = VRP_NONE;
    {
        size_t nrem = saha__vrp_replace(s, m->w, c);
        for (size_t k = 0; k < nrem; k++) /* they may fit elsewhere */
            saha__vrp_push(m->w, sh, m->w->buf2[k]);
        return nrem > 0;
    }
}

/* Whole-route moves, tried when the queue runs dry: reverse a route, and exchange the
 * customer sequences of two vehicles (each kept or reversed); they matter when
 * vehicles differ (start, end, times, caps). Queues the customers of changed routes. */
static int route_moves(mv *m)
{
    vrp_sol *s = m->s;
    const vrp_shared *sh = s->sh;
    int any = 0;
    for (size_t v = 0; v < sh->nv; v++) {
        size_t L = s->r[v].len;
        vrp_piece p[1] = {REV(v, 0, L)};
        if (L > 1 && try1(m, v, p, 1, 0)) {
            any = 1;
            for (size_t i = 0; i < s->r[v].len; i++)
                saha__vrp_push(m->w, sh, s->r[v].seq[i]);
        }
    }
    for (size_t v1 = 0; v1 < sh->nv; v1++)
        for (size_t v2 = v1 + 1; v2 < sh->nv; v2++)
            for (int k = 0; k < 4; k++) {
                size_t L1 = s->r[v1].len, L2 = s->r[v2].len;
                vrp_piece p1[1] = {{v2, 0, L2, k & 1, 0}};
                vrp_piece p2[1] = {{v1, 0, L1, (k >> 1) & 1, 0}};
                if (L1 + L2 == 0)
                    break;
                if (try2(m, v1, p1, 1, v2, p2, 1, 0)) {
                    any = 1;
                    for (size_t i = 0; i < s->r[v1].len; i++)
                        saha__vrp_push(m->w, sh, s->r[v1].seq[i]);
                    for (size_t i = 0; i < s->r[v2].len; i++)
                        saha__vrp_push(m->w, sh, s->r[v2].seq[i]);
                }
            }
    return any;
}

void saha__vrp_local_search(vrp_sol *s, vrp_work *w, int all)
{
    const vrp_shared *sh = s->sh;
    mv m = {s, w, VRP_NONE};
    if (sh->nc == 0)
        return;
    if (all) {
        for (size_t c = 0; c < sh->nc; c++)
            w->list[c] = c;
        saha__rng_shuffle(&w->rng, w->list, sh->nc);
        for (size_t i = 0; i < sh->nc; i++)
            saha__vrp_push(w, sh, w->list[i]);
    }
    for (;;) {
        size_t c;
        if (w->qn == 0 && (!route_moves(&m) || w->qn == 0))
            break;
        c = pop(w, sh);
        size_t before[2] = {VRP_NONE, VRP_NONE};
        size_t v = s->route_of[c];
        int moved;
        if (v != VRP_NONE) {
            size_t i = s->pos_of[c];
            if (i > 0)
                before[0] = s->r[v].seq[i - 1];
            if (i + 1 < s->r[v].len)
                before[1] = s->r[v].seq[i + 1];
            moved = moves_visited(&m, c);
        } else {
            moved = moves_unvisited(&m, c);
        }
        if (!moved)
            continue;
        push_around(s, w, c);
        if (m.x != VRP_NONE)
            push_around(s, w, m.x);
        for (int k = 0; k < 2; k++)
            if (before[k] != VRP_NONE)
                push_around(s, w, before[k]);
        if (s->route_of[c] == VRP_NONE || v == VRP_NONE) {
            /* a customer left or joined: unvisited neighbours may fit now */
            const size_t *nb = sh->nbr + c * sh->knn;
            for (size_t k = 0; k < sh->knn; k++)
                if (s->route_of[nb[k]] == VRP_NONE)
                    saha__vrp_push(w, sh, nb[k]);
        }
    }
}
