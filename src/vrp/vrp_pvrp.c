/* saha__vrp_pvrp_solve: orchestrates the periodic VRP search.
 *
 * Method: ruin-and-recreate under simulated annealing, the SISR scheme of Christiaens &
 * Vanden Berghe (2020) extended to day combinations. Each step removes strings of
 * customers around a seed from all their days (vrp_pvrp_ruin.c) and re-inserts each on
 * the combination and positions of least penalised cost (vrp_pvrp_recreate.c). Load and
 * duration may be exceeded at a price per unit; the prices adapt every ADAPT_EVERY
 * steps towards a share of plans within the limits between 20% and 50% (after Vidal et
 * al. 2012). A step is kept when its penalised cost is below the current one plus
 * T * -ln(U), T falling geometrically from T0 to TF times the mean arc cost over the
 * run (time or iterations). Each route a step changed gets a 2-opt pass before the
 * step is judged (vrp_pvrp_ls.c). Every plan within the limits that beats the best is
 * kept; at the end the best one's routes are polished by 2-opt and or-opt.
 * VRP_PV_SEARCHES independent searches run side by side (saha__run_searches) from
 * seeds derived from opts->seed; the cheapest feasible plan wins (ties: the lower
 * index), so the answer for a given seed and iteration count does not depend on the
 * number of threads.
 * Complexity: O(removed customers * visits) per step. Invariants: all memory is
 * allocated before the threads start; threads never touch ctx.
 * Callers: saha_solve_run (src/solve.c). */
#include <math.h>
#include <string.h>

#include "util/parallel.h"
#include "vrp/vrp_pvrp.h"

#define VRP_PV_SEARCHES 2
#define ADAPT_EVERY 100
#define AVG_REMOVED 10.0
#define BLINK 0.01
#define T0 0.3 /* temperatures, times the mean arc cost of the first plan */
#define TF 0.003

typedef struct pv_search {
    const pv_shared *sh;
    pv_sol cur, best;
    pv_work w;
    pv_pen pen;
    int found; /* best holds a plan within the limits */
    size_t iterations;
    double deadline; /* monotonic seconds, 0 = none */
    volatile int *stop;
    saha_progress_fn progress; /* search 0 only */
    void *payload;
} pv_search;

static void polish(pv_sol *s, const pv_pen *pen)
{
    for (size_t r = 0; r < s->sh->nr; r++)
        saha__pv_route_opt(s, pen, r);
    saha__pv_sol_price(s, pen);
}

static void construct(pv_search *sr)
{
    const pv_shared *sh = sr->sh;
    pv_work *w = &sr->w;
    saha__pv_begin(&sr->cur, &w->u);
    w->nrem = 0;
    for (size_t c = 0; c < sh->n; c++)
        w->removed[w->nrem++] = c;
    saha__pv_recreate(&sr->cur, w, &sr->pen, 0);
    saha__pv_commit(&w->u);
    polish(&sr->cur, &sr->pen);
}

static void keep_if_best(pv_search *sr)
{
    if (sr->cur.xload != 0 || sr->cur.xdur != 0)
        return;
    if (sr->found && sr->cur.cost >= sr->best.cost)
        return;
    saha__pv_sol_copy(&sr->best, &sr->cur);
    sr->found = 1;
}

static void run_search(void *arg)
{
    pv_search *sr = arg;
    const pv_shared *sh = sr->sh;
    pv_work *w = &sr->w;
    double t_start = saha__vrp_now(), temp0, tempf, frac = 0;
    size_t nload = 0, ndur = 0, visits = 0, used = 0;

    construct(sr);
    saha__pv_sol_price(&sr->cur, &sr->pen);
    keep_if_best(sr);
    for (size_t r = 0; r < sh->nr; r++) {
        visits += sr->cur.r[r].len;
        used += sr->cur.r[r].len > 0;
    }
    {
        double arc = visits + used ? (double)sr->cur.cost / (double)(visits + used) : 1;
        temp0 = T0 * arc;
        tempf = TF * arc;
    }
    for (size_t it = 0; it < sr->iterations; it++) {
        double before = sr->cur.pcost, temp;
        if (sr->stop && *sr->stop)
            break;
        if (sr->deadline > 0) {
            if ((it & 7) == 0) {
                double now = saha__vrp_now();
                if (now >= sr->deadline)
                    break;
                frac = (now - t_start) / (sr->deadline - t_start);
            }
        } else {
            frac = (double)it / (double)sr->iterations;
        }
        if (sr->progress && (it & 255) == 0 &&
            (sr->deadline > 0
                 ? sr->progress((size_t)((saha__vrp_now() - t_start) * 1000.0),
                                (size_t)((sr->deadline - t_start) * 1000.0), sr->payload)
                 : sr->progress(it, sr->iterations, sr->payload)) != 0) {
            if (sr->stop)
                *sr->stop = 2;
            break;
        }
        temp = temp0 * pow(tempf / temp0, frac);
        saha__pv_begin(&sr->cur, &w->u);
        saha__pv_ruin(&sr->cur, w, AVG_REMOVED);
        saha__pv_recreate(&sr->cur, w, &sr->pen, BLINK);
        for (size_t k = 0; k < w->u.nt; k++)
            saha__pv_route_2opt(&sr->cur, &sr->pen, w->u.tlist[k]);
        saha__pv_sol_price(&sr->cur, &sr->pen);
        if (sr->cur.pcost < before + temp * -log(1.0 - saha__rng_double(&w->rng))) {
            saha__pv_commit(&w->u);
            keep_if_best(sr);
        } else {
            saha__pv_rollback(&sr->cur, &w->u);
            sr->cur.pcost = before;
        }
        nload += sr->cur.xload != 0;
        ndur += sr->cur.xdur != 0;
        if ((it + 1) % ADAPT_EVERY == 0) {
            /* aim for 20-50% of the current plans over a limit */
            if (nload > ADAPT_EVERY / 2)
                sr->pen.load *= 1.3;
            else if (nload < ADAPT_EVERY / 5)
                sr->pen.load *= 0.85;
            if (ndur > ADAPT_EVERY / 2)
                sr->pen.dur *= 1.3;
            else if (ndur < ADAPT_EVERY / 5)
                sr->pen.dur *= 0.85;
            if (sr->pen.load < 1e-3)
                sr->pen.load = 1e-3;
            if (sr->pen.dur < 1e-3)
                sr->pen.dur = 1e-3;
            nload = ndur = 0;
            saha__pv_sol_price(&sr->cur, &sr->pen);
        }
    }
    if (sr->found) {
        /* the kept plan's routes polished under prohibitive prices: it stays within
         * the limits */
        pv_pen hard = {1e12, 1e12};
        polish(&sr->best, &hard);
    }
}

/* Starting prices: the mean depot distance per mean demand unit; 1 per time unit. */
static pv_pen initial_pen(const saha_vrp_pvrp *in)
{
    pv_pen pen;
    size_t n = in->ncustomers, nn = n + 1;
    double dsum = 0, qsum = 0;
    for (size_t c = 0; c < n; c++) {
        dsum += (double)in->cost[n * nn + c];
        qsum += (double)in->demand[c];
    }
    pen.load = qsum > 0 ? dsum / qsum : 1;
    if (pen.load < 1)
        pen.load = 1;
    pen.dur = 1;
    return pen;
}

static saha_status check_input(saha_ctx *ctx, const saha_vrp_pvrp *in)
{
    SAHA__CHECK_ARG(ctx, in->cost && in->time && in->service && in->demand);
    SAHA__CHECK_ARG(ctx, in->capacity && in->max_duration && in->comb_start && in->comb);
    SAHA__CHECK_ARG(ctx, in->ndays >= 1 && in->ndays <= 31 && in->nvehicles >= 1);
    for (size_t c = 0; c < in->ncustomers; c++) {
        if (in->comb_start[c + 1] <= in->comb_start[c])
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "customer %zu: no day combination", c + 1);
        for (size_t k = in->comb_start[c]; k < in->comb_start[c + 1]; k++)
            if (in->comb[k] == 0 || (in->comb[k] >> in->ndays) != 0)
                return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                       "customer %zu: combination outside the days",
                                       c + 1);
    }
    return SAHA_OK;
}

saha_status saha__vrp_pvrp_solve(saha_ctx *ctx, const saha_vrp_pvrp *in,
                                 const saha_vrp_options *opts, saha_vrp_solution *out)
{
    saha_vrp_options o;
    pv_shared sh;
    pv_search sr[VRP_PV_SEARCHES];
    saha__search_task tasks[VRP_PV_SEARCHES];
    volatile int stop = 0;
    size_t win = VRP_NONE, nthreads, total = 0;
    double t0 = saha__vrp_now();
    saha_status rc;
    const pv_sol *b;

    SAHA__CHECK_ARG(ctx, out != NULL);
    memset(out, 0, sizeof *out);
    SAHA__CHECK_ARG(ctx, in != NULL);
    rc = check_input(ctx, in);
    if (rc < 0)
        return rc;
    memset(&o, 0, sizeof o);
    if (opts)
        o = *opts;
    memset(sr, 0, sizeof sr);
    rc = saha__pv_shared_init(ctx, &sh, in);
    if (rc < 0)
        goto done;
    if (o.iterations == 0)
        o.iterations = o.time_limit_s > 0 ? SIZE_MAX : 20000;
    for (size_t k = 0; k < VRP_PV_SEARCHES; k++) {
        sr[k].sh = &sh;
        rc = saha__pv_sol_init(ctx, &sr[k].cur, &sh);
        if (rc == SAHA_OK)
            rc = saha__pv_sol_init(ctx, &sr[k].best, &sh);
        if (rc == SAHA_OK)
            rc = saha__pv_work_init(ctx, &sr[k].w, &sh);
        if (rc < 0)
            goto done;
        saha__rng_seed(&sr[k].w.rng, saha__rng_mix(o.seed * VRP_PV_SEARCHES + k));
        sr[k].pen = initial_pen(in);
        sr[k].iterations = o.iterations;
        sr[k].stop = &stop;
        if (k == 0) {
            sr[k].progress = o.progress;
            sr[k].payload = o.payload;
        }
        tasks[k].run = run_search;
        tasks[k].arg = &sr[k];
        tasks[k].deadline = &sr[k].deadline;
    }
    nthreads = o.threads == 0 ? VRP_PV_SEARCHES : o.threads;
    if (nthreads > VRP_PV_SEARCHES)
        nthreads = VRP_PV_SEARCHES;
    saha__run_searches(tasks, VRP_PV_SEARCHES, (unsigned)nthreads, t0, o.time_limit_s);
    if (stop == 2) {
        rc = saha__error_set(ctx, SAHA_ECANCEL, NULL, 0, 0, "solve cancelled");
        goto done;
    }
    for (size_t k = 0; k < VRP_PV_SEARCHES; k++)
        if (sr[k].found && (win == VRP_NONE || sr[k].best.cost < sr[win].best.cost))
            win = k;
    /* nothing within the limits: the current plan of search 0, reported infeasible */
    b = win == VRP_NONE ? &sr[0].cur : &sr[win].best;
    out->nvehicles = sh.nr;
    out->route_start = saha__alloc_array(ctx, sh.nr + 1, sizeof *out->route_start);
    {
        size_t nvis = 0;
        for (size_t r = 0; r < sh.nr; r++)
            nvis += b->r[r].len;
        out->order = saha__alloc_array(ctx, nvis ? nvis : 1, sizeof *out->order);
    }
    if (!out->route_start || !out->order) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t r = 0; r < sh.nr; r++) {
        out->route_start[r] = total;
        memcpy(out->order + total, b->r[r].seq, b->r[r].len * sizeof *b->r[r].seq);
        total += b->r[r].len;
    }
    out->route_start[sh.nr] = total;
    {
        saha_cost cost = 0;
        out->feasible = saha__vrp_pvrp_check(in, out, &cost);
        out->objective = -cost;
    }
    if (win != VRP_NONE && !out->feasible)
        rc = saha__error_set(ctx, SAHA_ERR, NULL, 0, 0,
                             "internal error: the periodic plan failed the final check");
    else if (!out->feasible)
        rc = saha__error_set(ctx, SAHA_EINFEASIBLE, NULL, 0, 0,
                             "no plan within the capacities and durations found "
                             "(vehicles a day: %zu)",
                             sh.nv);
done:
    for (size_t k = 0; k < VRP_PV_SEARCHES; k++) {
        saha__pv_sol_free(ctx, &sr[k].cur);
        saha__pv_sol_free(ctx, &sr[k].best);
        saha__pv_work_free(ctx, &sr[k].w);
    }
    saha__pv_shared_free(ctx, &sh);
    if (rc < 0 && rc != SAHA_EINFEASIBLE)
        saha__vrp_solution_free(ctx, out);
    return rc;
}
