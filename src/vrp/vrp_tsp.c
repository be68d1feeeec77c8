/* TSP fast path: iterated local search for a pure closed tour.
 *
 * Method: when the instance is one vehicle whose start and end are the same depot, every
 * customer is required, there are no windows, caps, break or end time, and the cost is
 * symmetric (saha__vrp_tsp_eligible), the problem is the symmetric TSP on the customers
 * plus the depot, and the generic engine's machinery (prefix sums, ruin and recreate) is
 * wasted work. Here the tour is an array with a position index. The local search is
 * 2-opt plus Or-opt (segments of 1-3 nodes moved next to a near neighbour, in either
 * orientation), driven by a queue of nodes whose don't-look bit is off and pruned by
 * k-nearest-neighbour candidate lists (TSP_K) and the usual gain criterion (the new arc
 * at the node must be shorter than the arc it replaces). Every move is done as a
 * sequence of 2-opt reversals, each reversing the shorter side of the cycle. The ILS
 * (after Lourenco, Martin and Stuetzle, "Iterated local search", 2003, and Johnson and
 * McGeoch's iterated 3-opt) perturbs with a local double bridge: two adjacent tour
 * segments swap places (one of them sometimes reversed), cutting the tour either after a
 * random node and two segments of at most TSP_KICK_L nodes, or (half the time) after a
 * random node and two of its near neighbours, wherever they are on the tour (this joins
 * places near in space but far apart on the tour: clustered instances need it); then
 * the local search repairs around the six touched nodes only. The new tour is kept when
 * it is not worse than the current one, otherwise it is undone from a journal of the
 * reversals (so an iteration costs O(work done), not O(n)).
 * Threads: VRP_SEARCHES independent searches seeded from the options' seed and their
 * index, run in parallel or one after the other exactly as saha__vrp_solve does; the
 * better tour wins (ties: lower index), so an iteration-bounded run does not depend on
 * the thread count.
 * Complexity: setup O(m^2 k) for the candidate lists (m = customers + 1); a move
 * evaluation is O(1), applying one O(m) worst case (O(segment) in practice).
 * Invariants: tour/pos are inverse permutations; cost is the exact integer length of
 * tour; best holds the shortest tour seen; nothing allocates after setup.
 * Caller: saha__vrp_solve (vrp_solve.c) when saha__vrp_tsp_eligible holds. */
#include <string.h>

#include "util/parallel.h"
#include "vrp/vrp_engine.h"

#define TSP_K 10          /* candidate neighbours per node */
#define TSP_KICK_L 60     /* longest segment of the double bridge */
#define TSP_JOURNAL 16384 /* reversals remembered for undo (pairs) */
#define TSP_SEARCHES 2    /* as VRP_SEARCHES in vrp_solve.c */

typedef struct tsp_data {
    const saha_cost *cost;
    size_t nn;   /* row stride of cost */
    size_t m;    /* tour nodes: customers 0..m-2, depot m-1 */
    size_t *nd;  /* m: tour node -> instance node */
    size_t k;    /* neighbours per node */
    size_t *nbr; /* m * k, nearest first */
} tsp_data;

typedef struct tsp_search {
    const tsp_data *d;
    size_t *tour, *pos, *best; /* m each */
    size_t *queue;             /* m: nodes whose don't-look bit is off */
    uint8_t *inq;              /* m */
    size_t qh, qn;
    size_t *jr; /* 2 * TSP_JOURNAL: (start position, length) of each reversal */
    size_t jn;
    int jover; /* journal overflowed: cannot undo */
    saha_cost cost, best_cost;
    saha__rng rng;
    size_t iterations;
    double deadline;
    volatile int *stop;
    saha_progress_fn progress;
    void *payload;
} tsp_search;

static saha_cost D(const tsp_data *d, size_t a, size_t b)
{
    return d->cost[d->nd[a] * d->nn + d->nd[b]];
}

static size_t nxt(const tsp_search *s, size_t a)
{
    size_t i = s->pos[a] + 1;
    return s->tour[i == s->d->m ? 0 : i];
}

static size_t prv(const tsp_search *s, size_t a)
{
    size_t i = s->pos[a];
    return s->tour[i == 0 ? s->d->m - 1 : i - 1];
}

static size_t advance(const tsp_search *s, size_t a, size_t steps)
{
    return s->tour[(s->pos[a] + steps) % s->d->m];
}

/* Reverses the tour positions i, i+1, ..., i+len-1 (cyclic). */
static void rev_pos(tsp_search *s, size_t i, size_t len)
{
    size_t m = s->d->m, j = (i + len - 1) % m;
    for (size_t t = 0; t < len / 2; t++) {
        size_t a = s->tour[i], b = s->tour[j];
        s->tour[i] = b;
        s->pos[b] = i;
        s->tour[j] = a;
        s->pos[a] = j;
        i = i + 1 == m ? 0 : i + 1;
        j = j == 0 ? m - 1 : j - 1;
    }
}

/* Reverses the path from u forward to v, or the rest of the cycle when that is shorter
 * (the same cyclic tour, read the other way); journals what it did. */
static void reverse_path(tsp_search *s, size_t u, size_t v)
{
    size_t m = s->d->m, i = s->pos[u];
    size_t len = (s->pos[v] + m - i) % m + 1;
    if (2 * len > m) {
        i = s->pos[nxt(s, v)];
        len = m - len;
    }
    if (len < 2)
        return;
    rev_pos(s, i, len);
    if (s->jn < TSP_JOURNAL) {
        s->jr[2 * s->jn] = i;
        s->jr[2 * s->jn + 1] = len;
        s->jn++;
    } else {
        s->jover = 1;
    }
}

/* 2-opt move: the tour runs a->b ... c->d in one of its two directions; arcs (a,b) and
 * (c,d) become (a,c) and (b,d). */
static void make2opt(tsp_search *s, size_t a, size_t b, size_t c, size_t d)
{
    (void)d;
    if (nxt(s, a) == b)
        reverse_path(s, b, c);
    else
        reverse_path(s, c, b);
}

static void push(tsp_search *s, size_t a)
{
    size_t m = s->d->m;
    if (s->inq[a])
        return;
    s->inq[a] = 1;
    s->queue[(s->qh + s->qn) % m] = a;
    s->qn++;
}

/* 2-opt moves that give a a new arc to a near neighbour c. */
static int try_2opt(tsp_search *s, size_t a)
{
    const tsp_data *d = s->d;
    for (int dir = 0; dir < 2; dir++) {
        size_t b = dir ? prv(s, a) : nxt(s, a);
        saha_cost dab = D(d, a, b);
        for (size_t j = 0; j < d->k; j++) {
            size_t c = d->nbr[a * d->k + j], e;
            saha_cost dac = D(d, a, c), delta;
            if (dac >= dab)
                break;
            e = dir ? prv(s, c) : nxt(s, c);
            if (c == b || e == a)
                continue;
            delta = dac + D(d, b, e) - dab - D(d, c, e);
            if (delta < 0) {
                make2opt(s, a, b, c, e);
                s->cost += delta;
                push(s, a);
                push(s, b);
                push(s, c);
                push(s, e);
                return 1;
            }
        }
    }
    return 0;
}

/* Or-opt: a segment of 1-3 nodes with a at one end moves between a near neighbour c of
 * a and one of c's tour neighbours, either way round. */
static int try_oropt(tsp_search *s, size_t a)
{
    const tsp_data *d = s->d;
    size_t m = d->m;
    for (size_t L = 1; L <= 3 && L + 3 <= m; L++) {
        for (int side = 0; side < (L == 1 ? 1 : 2); side++) {
            size_t s1 = side ? advance(s, a, m - (L - 1)) : a;
            size_t s2 = side ? a : advance(s, a, L - 1);
            size_t p = prv(s, s1), n = nxt(s, s2), y = a == s1 ? s2 : s1;
            size_t p1 = s->pos[s1];
            saha_cost G = D(d, p, s1) + D(d, s2, n) - D(d, p, n);
            if (G <= 0)
                continue;
            for (size_t j = 0; j < d->k; j++) {
                size_t c = d->nbr[a * d->k + j];
                saha_cost dca = D(d, c, a);
                if (dca >= G)
                    break;
                if ((s->pos[c] + m - p1) % m < L)
                    continue;
                for (int es = 0; es < 2; es++) {
                    size_t e = es ? prv(s, c) : nxt(s, c), cc, ee, f;
                    saha_cost delta;
                    if ((s->pos[e] + m - p1) % m < L)
                        continue;
                    delta = dca + D(d, y, e) - D(d, c, e) - G;
                    if (delta >= 0)
                        continue;
                    /* the arc (cc, ee) runs forward; f is the segment end next to cc */
                    if (es == 0) {
                        cc = c;
                        ee = e;
                        f = a;
                    } else {
                        cc = e;
                        ee = c;
                        f = y;
                    }
                    if (ee == p)
                        continue; /* same as moving p to the other side of the segment */
                    /* p s1..s2 n ... cc ee  ->  p cc ... n s2..s1 ee */
                    make2opt(s, p, s1, cc, ee);
                    /* -> p n ... cc s2..s1 ee */
                    if (cc != n)
                        make2opt(s, p, cc, n, s2);
                    /* -> p n ... cc s1..s2 ee */
                    if (f == s1 && L > 1)
                        make2opt(s, cc, s2, s1, ee);
                    s->cost += delta;
                    push(s, a);
                    push(s, p);
                    push(s, n);
                    push(s, y);
                    push(s, cc);
                    push(s, ee);
                    return 1;
                }
            }
        }
    }
    return 0;
}

static void local_search(tsp_search *s)
{
    size_t m = s->d->m;
    while (s->qn > 0) {
        size_t a = s->queue[s->qh];
        s->qh = s->qh + 1 == m ? 0 : s->qh + 1;
        s->qn--;
        s->inq[a] = 0;
        if (try_2opt(s, a) || try_oropt(s, a))
            push(s, a);
    }
}

/* Local double bridge: a X Y b -> a Y X b (or a Y X' b, a Y' X b). */
static void kick(tsp_search *s)
{
    const tsp_data *d = s->d;
    size_t m = d->m, lmax = (m - 2) / 2, L1, L2, a, x1, x2, y1, y2, b;
    saha_cost old, now;
    uint64_t var;
    if (lmax > TSP_KICK_L)
        lmax = TSP_KICK_L;
    L1 = 1 + (size_t)saha__rng_below(&s->rng, lmax);
    L2 = 1 + (size_t)saha__rng_below(&s->rng, lmax);
    a = s->tour[saha__rng_below(&s->rng, m)];
    if (d->k >= 2 && saha__rng_below(&s->rng, 2) == 0) {
        /* the other two cut points at near neighbours of a, wherever they are on the
         * tour: new arcs join places close in space but far apart on the tour */
        size_t c1 = d->nbr[a * d->k + saha__rng_below(&s->rng, d->k)];
        size_t c2 = d->nbr[a * d->k + saha__rng_below(&s->rng, d->k)];
        size_t o1 = (s->pos[c1] + m - s->pos[a]) % m,
               o2 = (s->pos[c2] + m - s->pos[a]) % m;
        if (o1 > o2) {
            size_t t = o1;
            o1 = o2;
            o2 = t;
        }
        if (o1 >= 1 && o2 > o1 && o2 + 2 <= m) {
            L1 = o1;
            L2 = o2 - o1;
        }
    }
    x1 = nxt(s, a);
    x2 = advance(s, a, L1);
    y1 = nxt(s, x2);
    y2 = advance(s, x2, L2);
    b = nxt(s, y2);
    var = saha__rng_below(&s->rng, 4);
    old = D(d, a, x1) + D(d, x2, y1) + D(d, y2, b);
    make2opt(s, a, x1, y2, b); /* a y2..y1 x2..x1 b */
    if (var == 3) {
        make2opt(s, y1, x2, x1, b); /* a y2..y1 x1..x2 b */
        now = D(d, a, y2) + D(d, y1, x1) + D(d, x2, b);
    } else {
        make2opt(s, a, y2, y1, x2); /* a y1..y2 x2..x1 b */
        if (var == 2) {
            now = D(d, a, y1) + D(d, y2, x2) + D(d, x1, b);
        } else {
            make2opt(s, y2, x2, x1, b); /* a y1..y2 x1..x2 b */
            now = D(d, a, y1) + D(d, y2, x1) + D(d, x2, b);
        }
    }
    s->cost += now - old;
    push(s, a);
    push(s, x1);
    push(s, x2);
    push(s, y1);
    push(s, y2);
    push(s, b);
}

static saha_cost tour_cost(const tsp_data *d, const size_t *tour)
{
    saha_cost c = 0;
    for (size_t i = 0; i < d->m; i++)
        c += D(d, tour[i], tour[i + 1 == d->m ? 0 : i + 1]);
    return c;
}

/* Nearest-neighbour tour from a random node (inq doubles as the "used" mark). */
static void construct(tsp_search *s)
{
    const tsp_data *d = s->d;
    size_t m = d->m, cur = (size_t)saha__rng_below(&s->rng, m);
    for (size_t i = 0; i < m; i++) {
        size_t nx = VRP_NONE;
        s->tour[i] = cur;
        s->pos[cur] = i;
        s->inq[cur] = 1;
        if (i + 1 == m)
            break;
        for (size_t j = 0; j < d->k && nx == VRP_NONE; j++)
            if (!s->inq[d->nbr[cur * d->k + j]])
                nx = d->nbr[cur * d->k + j];
        if (nx == VRP_NONE) {
            saha_cost bd = 0;
            for (size_t v = 0; v < m; v++)
                if (!s->inq[v] && (nx == VRP_NONE || D(d, cur, v) < bd)) {
                    nx = v;
                    bd = D(d, cur, v);
                }
        }
        cur = nx;
    }
    memset(s->inq, 0, m);
}

static void run(tsp_search *s)
{
    const tsp_data *d = s->d;
    size_t m = d->m;
    saha_cost cur;
    double t_start = saha__vrp_now();
    construct(s);
    s->cost = tour_cost(d, s->tour);
    s->qh = s->qn = 0;
    for (size_t i = 0; i < m; i++)
        push(s, s->tour[i]);
    local_search(s);
    cur = s->best_cost = s->cost;
    memcpy(s->best, s->tour, m * sizeof *s->tour);
    if (m < 5)
        return; /* 2-opt alone is exact on 4 nodes or fewer */
    for (size_t it = 0; it < s->iterations; it++) {
        if (s->stop && *s->stop)
            break;
        if (s->deadline > 0 && (it & 15) == 0 && saha__vrp_now() >= s->deadline)
            break;
        /* progress: milliseconds elapsed out of the time limit when there is one,
         * else iterations out of the bound */
        if (s->progress && (it & 1023) == 0 &&
            (s->deadline > 0
                 ? s->progress((size_t)((saha__vrp_now() - t_start) * 1000.0),
                               (size_t)((s->deadline - t_start) * 1000.0), s->payload)
                 : s->progress(it, s->iterations, s->payload)) != 0) {
            if (s->stop)
                *s->stop = 2;
            break;
        }
        s->jn = 0;
        s->jover = 0;
        kick(s);
        local_search(s);
        if (s->cost < s->best_cost) {
            s->best_cost = s->cost;
            memcpy(s->best, s->tour, m * sizeof *s->tour);
        }
        if (s->cost <= cur) {
            cur = s->cost;
        } else if (!s->jover) {
            while (s->jn > 0) {
                s->jn--;
                rev_pos(s, s->jr[2 * s->jn], s->jr[2 * s->jn + 1]);
            }
            s->cost = cur;
        } else {
            memcpy(s->tour, s->best, m * sizeof *s->tour);
            for (size_t i = 0; i < m; i++)
                s->pos[s->tour[i]] = i;
            s->cost = cur = s->best_cost;
        }
    }
}

static void run_task(void *arg)
{
    run(arg);
}

int saha__vrp_tsp_eligible(const saha_vrp *inst)
{
    const saha_vrp_vehicle *v;
    size_t nc = inst->ncustomers, nn = inst->nnodes, dep;
    if (inst->nvehicles != 1 || nc < 1 || inst->ntw || !inst->required ||
        !inst->symmetric || inst->balance > 0 || inst->day_cost)
        return 0;
    v = &inst->vehicles[0];
    dep = v->start_node;
    if (dep != v->end_node || dep < nc || dep >= nn ||
        v->latest_end != SAHA_VRP_NO_LIMIT || v->max_travel_time != SAHA_VRP_NO_LIMIT ||
        v->max_distance != SAHA_VRP_NO_LIMIT || v->max_visits != SAHA_VRP_NO_LIMIT ||
        v->break_duration != 0)
        return 0;
    for (size_t c = 0; c < nc; c++)
        if (!inst->required[c])
            return 0;
    /* trust, but verify, the symmetric flag on the nodes of the tour */
    for (size_t i = 0; i <= nc; i++)
        for (size_t j = 0; j < i; j++) {
            size_t a = i == nc ? dep : i, b = j;
            if (inst->cost[a * nn + b] != inst->cost[b * nn + a])
                return 0;
        }
    return 1;
}

/* k nearest other nodes of every node, nearest first (ties: lower index). */
static void build_neighbours(tsp_data *d)
{
    for (size_t a = 0; a < d->m; a++) {
        size_t *row = d->nbr + a * d->k, cnt = 0;
        for (size_t b = 0; b < d->m; b++) {
            size_t t;
            saha_cost db;
            if (b == a)
                continue;
            db = D(d, a, b);
            if (cnt == d->k && db >= D(d, a, row[cnt - 1]))
                continue;
            t = cnt < d->k ? cnt++ : cnt - 1;
            while (t > 0 && D(d, a, row[t - 1]) > db) {
                row[t] = row[t - 1];
                t--;
            }
            row[t] = b;
        }
    }
}

saha_status saha__vrp_tsp_solve(saha_ctx *ctx, const saha_vrp *inst,
                                const saha_vrp_options *o, saha_vrp_solution *out)
{
    tsp_data d;
    tsp_search sr[TSP_SEARCHES];
    saha__search_task tasks[TSP_SEARCHES];
    saha_status rc = SAHA_OK;
    volatile int stop = 0;
    size_t nc = inst->ncustomers, m = nc + 1, iters, nthreads, win = 0, at;
    double t0 = saha__vrp_now();

    memset(&d, 0, sizeof d);
    memset(sr, 0, sizeof sr);
    d.cost = inst->cost;
    d.nn = inst->nnodes;
    d.m = m;
    d.k = m - 1 < TSP_K ? m - 1 : TSP_K;
    d.nd = saha__alloc_array(ctx, m, sizeof *d.nd);
    d.nbr = saha__alloc_array(ctx, m * (d.k ? d.k : 1), sizeof *d.nbr);
    if (!d.nd || !d.nbr) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < nc; i++)
        d.nd[i] = i;
    d.nd[nc] = inst->vehicles[0].start_node;
    build_neighbours(&d);
    iters = o->iterations;
    if (iters == 0) {
        /* an iteration here is a kick plus a local repair: far cheaper than one of the
         * generic engine's */
        size_t def = 20000 + 200 * m;
        /* with a time limit the deadline ends the search (no iteration bound) */
        iters = o->time_limit_s > 0 ? SIZE_MAX : (def > 2000000 ? 2000000 : def);
    }
    for (size_t k = 0; k < TSP_SEARCHES; k++) {
        tsp_search *s = &sr[k];
        s->d = &d;
        s->tour = saha__alloc_array(ctx, m, sizeof *s->tour);
        s->pos = saha__alloc_array(ctx, m, sizeof *s->pos);
        s->best = saha__alloc_array(ctx, m, sizeof *s->best);
        s->queue = saha__alloc_array(ctx, m, sizeof *s->queue);
        s->inq = saha__calloc(ctx, m, 1);
        s->jr = saha__alloc_array(ctx, 2 * TSP_JOURNAL, sizeof *s->jr);
        if (!s->tour || !s->pos || !s->best || !s->queue || !s->inq || !s->jr) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        /* the same seeds as the generic engine's searches */
        saha__rng_seed(&s->rng, saha__rng_mix(o->seed * TSP_SEARCHES + k));
        s->iterations = iters;
        s->stop = &stop;
        if (k == 0) {
            s->progress = o->progress;
            s->payload = o->payload;
        }
    }
    nthreads = o->threads == 0 ? TSP_SEARCHES : o->threads;
    for (size_t k = 0; k < TSP_SEARCHES; k++) {
        tasks[k].run = run_task;
        tasks[k].arg = &sr[k];
        tasks[k].deadline = &sr[k].deadline;
    }
    saha__run_searches(tasks, TSP_SEARCHES, (unsigned)nthreads, t0, o->time_limit_s);
    if (stop == 2) {
        rc = saha__error_set(ctx, SAHA_ECANCEL, NULL, 0, 0, "solve cancelled");
        goto done;
    }
    for (size_t k = 1; k < TSP_SEARCHES; k++)
        if (sr[k].best_cost < sr[win].best_cost)
            win = k;
    if (tour_cost(&d, sr[win].best) != sr[win].best_cost) {
        rc = saha__error_set(ctx, SAHA_ERR, NULL, 0, 0,
                             "internal error: TSP tour length drifted");
        goto done;
    }
    out->nvehicles = 1;
    out->route_start = saha__alloc_array(ctx, 2, sizeof *out->route_start);
    out->order = saha__alloc_array(ctx, nc, sizeof *out->order);
    if (!out->route_start || !out->order) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    /* the route starts after the depot (tour node nc) and goes round */
    for (at = 0; sr[win].best[at] != nc; at++)
        ;
    for (size_t i = 0; i < nc; i++)
        out->order[i] = sr[win].best[(at + 1 + i) % m];
    out->route_start[0] = 0;
    out->route_start[1] = nc;
    out->feasible = saha__vrp_evaluate(inst, out, &out->objective);
done:
    for (size_t k = 0; k < TSP_SEARCHES; k++) {
        saha__free(ctx, sr[k].tour);
        saha__free(ctx, sr[k].pos);
        saha__free(ctx, sr[k].best);
        saha__free(ctx, sr[k].queue);
        saha__free(ctx, sr[k].inq);
        saha__free(ctx, sr[k].jr);
    }
    saha__free(ctx, d.nd);
    saha__free(ctx, d.nbr);
    if (rc < 0)
        saha__vrp_solution_free(ctx, out);
    return rc;
}
