/* Iterated local search by ruin and recreate, with simulated-annealing acceptance.
 *
 * Method (after Schrimpf et al. 2000 and the SISR idea of Christiaens & Vanden Berghe
 * 2020): each iteration copies the current solution, removes q customers (q uniform in
 * 1..qmax) either as strings of consecutive customers in routes near a random seed
 * customer (70%) or at random (30%), adds up to q unvisited customers (the removed
 * ones' nearest, or from a random offset; the choice adapts to what each pool found),
 * re-inserts them all one by one at their cheapest
 * feasible position (random order, or by prize with noise; a random slack lets some
 * in at a loss early in the run, and one time in 20 all go in whatever they cost;
 * optionally, by regret insertion: vrp_regret.c), then runs the local search
 * on the touched customers, which also inserts unvisited customers that now fit.
 * The candidate replaces the current solution when it is better, or with probability
 * exp(delta / T); T falls geometrically from 0.5 to 0.005 times the mean prize-plus-cost
 * per visit over the run (by iteration count, or by elapsed time when a wall-clock
 * limit is set, whichever is further along). After many iterations without a new best
 * the search restarts from the best.
 * Complexity: O(q * P * E + local search on O(q k) customers) per iteration.
 * Invariants: *best is the best feasible solution seen; cur, best, tmp stay feasible.
 * Determinism: only w->rng drives choices, so a run bounded by iterations (no deadline)
 * repeats exactly. Caller: vrp_solve.c (one call per search thread). */
#include <math.h>
#include <time.h>

#include "vrp/vrp_engine.h"

/* Regret insertion in recreate: one time in prm->regret (saha_vrp_options.regret,
 * `saha solve --regret N`), off by default. Measured at fixed iterations (1 in 3, noise
 * 0 or 0.1): +0.1 % on Chao TOP, -0.2 % on TOPTW m = 2 and -0.1 to -0.7 % on the weekly
 * plan, at 10-30 % more time per iteration; see tests/bench/RESULTS.md. */
#define VRP_REGRET_NOISE 0.1

double saha__vrp_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Removes positions [a, b) of route v: 1 done, 0 when the shorter route would be
 * infeasible (possible when travel times break the triangle inequality). */
static int remove_range(vrp_sol *s, vrp_work *w, size_t v, size_t a, size_t b)
{
    vrp_piece p[2] = {{v, 0, a, 0, 0}, {v, b, s->r[v].len, 0, 0}};
    vrp_eval e;
    if (!saha__vrp_eval(s, v, p, 2, w->buf, &e))
        return 0;
    saha__vrp_apply(s, v, p, 2, w->buf);
    return 1;
}

/* Removes up to q customers; writes them to w->list, returns how many. Required
 * customers may be removed too: the recreate step puts them back first. */
static size_t ruin(vrp_sol *s, vrp_work *w, size_t q)
{
    const vrp_shared *sh = s->sh;
    size_t n = 0;
    if (s->nvisited == 0)
        return 0;
    if (saha__rng_below(&w->rng, 10) < 7) {
        /* Strings near a seed customer: one string per route. */
        size_t seed, v0, k = 0;
        uint64_t pick = saha__rng_below(&w->rng, s->nvisited);
        for (v0 = 0; v0 < sh->nv; v0++) {
            if (pick < s->r[v0].len)
                break;
            pick -= s->r[v0].len;
        }
        seed = s->r[v0].seq[pick];
        /* visit the seed, then its neighbours */
        for (;;) {
            size_t x = k == 0 ? seed : sh->nbr[seed * sh->knn + (k - 1)];
            size_t v = s->route_of[x];
            k++;
            if (v != VRP_NONE) {
                int done_route = 0;
                for (size_t t = 0; t < n; t++)
                    if (w->queue[t] == v)
                        done_route = 1;
                if (!done_route) {
                    size_t L = s->r[v].len, i = s->pos_of[x];
                    size_t maxl = q - n < 10 ? q - n : 10;
                    size_t l = 1 + (size_t)saha__rng_below(&w->rng, maxl < L ? maxl : L);
                    size_t lo = i + 1 >= l ? i + 1 - l : 0;
                    size_t hi = i < L - l ? i : L - l;
                    size_t a = lo + (size_t)saha__rng_below(&w->rng, hi - lo + 1);
                    size_t n0 = n;
                    for (size_t t = a; t < a + l; t++) {
                        w->queue[n] = v; /* which route each removed customer left */
                        w->list[n++] = s->r[v].seq[t];
                    }
                    if (!remove_range(s, w, v, a, a + l))
                        n = n0;
                }
            }
            if (n >= q || k > sh->knn)
                break;
        }
    } else {
        for (size_t t = 0; t < q && s->nvisited > 0; t++) {
            uint64_t pick = saha__rng_below(&w->rng, s->nvisited);
            size_t v;
            for (v = 0; v < sh->nv; v++) {
                if (pick < s->r[v].len)
                    break;
                pick -= s->r[v].len;
            }
            w->list[n] = s->r[v].seq[pick];
            if (remove_range(s, w, v, (size_t)pick, (size_t)pick + 1))
                n++;
        }
    }
    return n;
}

/* Re-inserts the removed customers. slack > 0 lets a customer in at a loss of up to
 * slack: a lone customer may not pay for its detour while a group of them does, and
 * the local search afterwards drops whoever does not pay for itself. */
static void recreate(vrp_sol *s, vrp_work *w, size_t n, saha_cost slack, unsigned regret)
{
    const vrp_shared *sh = s->sh;
    size_t *list = w->list;
    /* Random order; half of the time sorted by prize (noisy) instead. */
    saha__rng_shuffle(&w->rng, list, n);
    /* Some of the time regret insertion (vrp_regret.c) instead, when there are routes
     * to choose between (with one, regret is just the gain, at O(n) times the cost). */
    if (regret > 0 && sh->nv >= 2 && saha__rng_below(&w->rng, regret) == 0) {
        saha__vrp_insert_regret(s, w, list, n, slack, VRP_REGRET_NOISE);
        return;
    }
    if (saha__rng_below(&w->rng, 2) == 0) {
        for (size_t i = 1; i < n; i++) {
            size_t x = list[i], j = i;
            while (j > 0 && sh->eprize[list[j - 1]] < sh->eprize[x]) {
                list[j] = list[j - 1];
                j--;
            }
            list[j] = x;
        }
    }
    saha__vrp_insert_in_order(s, w, list, n, slack);
}

/* Appends up to q customers that were unvisited before the ruin, so the recreate step
 * also tries customers the current solution skips. near: the unvisited nearest
 * neighbours of the removed customers (nearest first, each removed customer's next one
 * in turn), which compete for the freed places; else (or when nothing was removed)
 * from a random offset, which reaches customers far from the current routes.
 * O(q + n * knn), or O(nc) for the random pool. */
size_t saha__vrp_add_unvisited(const vrp_sol *s, vrp_work *w, size_t n, size_t q,
                               int near)
{
    const vrp_shared *sh = s->sh;
    size_t nc = sh->nc, off, added = 0;
    if (nc == 0 || s->nvisited + n >= nc)
        return n;
    for (size_t i = 0; i < n; i++)
        w->inq[w->list[i]] = 1;
    if (near && n > 0) {
        for (size_t k = 0; k < sh->knn && added < q; k++)
            for (size_t i = 0; i < n && added < q; i++) {
                size_t c = sh->nbr[w->list[i] * sh->knn + k];
                if (s->route_of[c] == VRP_NONE && !w->inq[c]) {
                    w->inq[c] = 1;
                    w->list[n + added++] = c;
                }
            }
    } else {
        off = (size_t)saha__rng_below(&w->rng, nc);
        for (size_t k = 0; k < nc && added < q; k++) {
            size_t c = (off + k) % nc;
            if (s->route_of[c] == VRP_NONE && !w->inq[c])
                w->list[n + added++] = c;
        }
    }
    for (size_t i = 0; i < n + added; i++)
        w->inq[w->list[i]] = 0;
    return n + added;
}

/* Which pool (near or random) the next iteration draws from, adapted to what each
 * produced (the adaptive weights of Ropke & Pisinger's ALNS, 2006): a use scores 3 for
 * a new best, 2 for a candidate better than the current solution, else 0; every
 * POOL_SEGMENT iterations each weight moves a fifth of the way to its mean score. The
 * near pool is chosen with probability w_near / (w_near + w_random), kept in
 * [0.1, 0.9] so neither pool stops being tried. Why: on a week plan over the 1,000
 * preselected of 5,000 accounts, where most candidates are far from a full day's
 * route, the random pool alone found 1.4 % less than the plan over all 5,000 (whose
 * random pool was mostly worthless accounts near the routes) and the near pool alone
 * 5.9 % more, but the near pool alone lost on TOPTW and the realistic weeks, where
 * the random pool finds customers that fit a window elsewhere (issue #19;
 * tests/bench/RESULTS.md, plan_presel). */
#define POOL_SEGMENT 100

typedef struct pool_choice {
    double weight[2], score[2], uses[2]; /* [0] near, [1] random */
    size_t seg;
    int last; /* the pool of the current iteration */
} pool_choice;

static int pool_pick(pool_choice *pc, vrp_work *w)
{
    double p = pc->weight[0] / (pc->weight[0] + pc->weight[1]);
    if (p < 0.1)
        p = 0.1;
    if (p > 0.9)
        p = 0.9;
    pc->last = saha__rng_double(&w->rng) < p ? 0 : 1;
    return pc->last == 0;
}

static void pool_score(pool_choice *pc, double score)
{
    pc->score[pc->last] += score;
    pc->uses[pc->last] += 1;
    if (++pc->seg < POOL_SEGMENT)
        return;
    for (int k = 0; k < 2; k++) {
        if (pc->uses[k] > 0)
            pc->weight[k] = 0.8 * pc->weight[k] + 0.2 * (pc->score[k] / pc->uses[k]);
        pc->score[k] = pc->uses[k] = 0;
    }
    pc->seg = 0;
}

/* Typical objective change of one visit: mean |prize| plus mean cost to the nearest
 * neighbour and back. */
static double scale_of(const vrp_sol *s)
{
    const vrp_shared *sh = s->sh;
    const saha_vrp *inst = sh->inst;
    double tot = 0;
    for (size_t c = 0; c < sh->nc; c++) {
        tot += fabs((double)inst->prize[c]);
        if (sh->knn > 0) {
            size_t d = sh->nbr[c * sh->knn];
            tot += (double)(inst->cost[c * sh->nn + d] + inst->cost[d * sh->nn + c]);
        }
    }
    tot /= (double)(sh->nc + 1);
    return tot > 1 ? tot : 1;
}

/* The objective of s without the search's bonus for required customers: sum of the
 * instance prizes of the visited customers minus the route costs. */
static saha_cost reported_obj(const vrp_sol *s)
{
    const vrp_shared *sh = s->sh;
    saha_cost obj = s->obj;
    for (size_t v = 0; v < sh->nv; v++)
        for (size_t i = 0; i < s->r[v].len; i++) {
            size_t c = s->r[v].seq[i];
            obj -= sh->eprize[c] - sh->inst->prize[c];
        }
    return obj;
}

void saha__vrp_clock_init(vrp_clock *c, size_t iterations, double t_start,
                          double deadline, double (*now)(void))
{
    c->iterations = iterations;
    c->t_start = t_start;
    c->deadline = deadline;
    c->time_frac = 0;
    c->now = now;
}

int saha__vrp_clock_tick(vrp_clock *c, size_t it, double *frac)
{
    double f = c->iterations ? (double)it / (double)c->iterations : 1;
    /* The clock is read every 8 iterations; the share of the limit spent holds until
     * the next reading. Taken from the iteration count alone in between, 7 iterations
     * in 8 of a timed search (bound SIZE_MAX) ran at the start temperature. */
    if (c->deadline > 0 && (it & 7) == 0) {
        double t = c->now();
        if (t >= c->deadline)
            return 0;
        c->time_frac = (t - c->t_start) / (c->deadline - c->t_start);
    }
    *frac = c->time_frac > f ? c->time_frac : f;
    return 1;
}

size_t saha__vrp_ils(vrp_sol *cur, vrp_sol *best, vrp_sol *tmp, vrp_work *w,
                     const vrp_ils_params *prm)
{
    const vrp_shared *sh = cur->sh;
    size_t it, last_best = 0;
    double t_start = saha__vrp_now();
    double scale = scale_of(cur);
    double T0 = 0.5 * scale, Tf = 0.005 * scale;
    size_t qmax = cur->nvisited / 5;
    size_t restart_after = prm->iterations / 10 > 2000 ? prm->iterations / 10 : 2000;
    pool_choice pool = {{1, 1}, {0, 0}, {0, 0}, 0, 0};
    vrp_clock clock;

    if (qmax < 10)
        qmax = cur->nvisited < 10 ? (cur->nvisited > 4 ? cur->nvisited : 4) : 10;
    if (qmax > 30)
        qmax = 30;
    saha__vrp_sol_copy(best, cur);
    if (sh->nc == 0)
        return 0;
    saha__vrp_clock_init(&clock, prm->iterations, t_start, prm->deadline, saha__vrp_now);
    for (it = 0; it < prm->iterations; it++) {
        double frac, T;
        size_t q, n;
        if (prm->stop && *prm->stop)
            break;
        if (!saha__vrp_clock_tick(&clock, it, &frac))
            break;
        /* progress: milliseconds elapsed out of the time limit when there is one (the
         * iteration bound is then only a ceiling), else iterations out of the bound */
        if (prm->best_out && (it & 255) == 0)
            *prm->best_out = reported_obj(best);
        if (prm->progress && (it & 255) == 0 &&
            (prm->deadline > 0
                 ? prm->progress((size_t)((saha__vrp_now() - t_start) * 1000.0),
                                 (size_t)((prm->deadline - t_start) * 1000.0),
                                 prm->payload)
                 : prm->progress(it, prm->iterations, prm->payload)) != 0) {
            if (prm->stop)
                *prm->stop = 2;
            break;
        }
        T = T0 * pow(Tf / T0, frac);
        saha__vrp_sol_copy(tmp, cur);
        q = 1 + (size_t)saha__rng_below(&w->rng, qmax);
        n = ruin(tmp, w, q);
        n = saha__vrp_add_unvisited(tmp, w, n, q, pool_pick(&pool, w));
        /* Now and then every candidate goes in whatever it costs, and the local search
         * drops those that do not pay: finds groups that only pay together. */
        recreate(tmp, w, n,
                 saha__rng_below(&w->rng, 20) == 0
                     ? VRP_INF
                     : (saha_cost)(2.0 * T * saha__rng_double(&w->rng)),
                 prm->regret);
        w->qh = w->qn = 0;
        for (size_t c = 0; c < sh->nc; c++)
            w->inq[c] = 0;
        for (size_t i = 0; i < n; i++) {
            size_t c = w->list[i], v = tmp->route_of[c];
            saha__vrp_push(w, sh, c);
            if (v != VRP_NONE) {
                size_t p = tmp->pos_of[c];
                if (p > 0)
                    saha__vrp_push(w, sh, tmp->r[v].seq[p - 1]);
                if (p + 1 < tmp->r[v].len)
                    saha__vrp_push(w, sh, tmp->r[v].seq[p + 1]);
            }
        }
        saha__vrp_local_search(tmp, w, 0);
        pool_score(&pool, tmp->obj > best->obj ? 3.0 : tmp->obj > cur->obj ? 2.0 : 0.0);
        if (tmp->obj > best->obj) {
            saha__vrp_sol_copy(best, tmp);
            last_best = it;
        }
        if (tmp->obj >= cur->obj ||
            saha__rng_double(&w->rng) < exp((double)(tmp->obj - cur->obj) / T)) {
            vrp_sol t = *cur;
            *cur = *tmp;
            *tmp = t;
        }
        if (it - last_best > restart_after) {
            saha__vrp_sol_copy(cur, best);
            last_best = it;
        }
    }
    return it;
}
