/* saha__vrp_solve: orchestrates the optimisation engine.
 *
 * Method: validates the instance, builds the shared data (neighbour lists, vehicle
 * flags, required-customer bonus), then runs VRP_SEARCHES independent searches, each
 * greedy construction (vrp_construct.c) + local search (vrp_ls.c) + ruin-and-recreate
 * ILS (vrp_ils.c) seeded from opts->seed and its index. With two or more threads the
 * searches run in parallel (pthreads), otherwise one after the other, so for a given
 * seed and iteration count the answer does not depend on the thread count or timing.
 * The better result wins (ties: the lower index). The winner is re-checked from scratch
 * with saha__vrp_schedule, and required customers left out are reported.
 * A pure closed tour (saha__vrp_tsp_eligible) goes to the TSP fast path, vrp_tsp.c.
 * Complexity: dominated by the searches; setup O(nc^2) for the neighbour lists.
 * Invariants: all memory is allocated before threads start; threads never touch ctx.
 * Callers: `saha solve` (src/cli/cmd_solve.c), the plan module, tests. */
#include <string.h>

#include "util/parallel.h"
#include "vrp/vrp_engine.h"

#define VRP_SEARCHES 2

typedef struct search {
    vrp_sol cur, best, tmp;
    vrp_work w;
    vrp_ils_params prm;
} search;

static void run_search(search *sr)
{
    saha__vrp_construct(&sr->cur, &sr->w, 0.0);
    saha__vrp_local_search(&sr->cur, &sr->w, 1);
    saha__vrp_ils(&sr->cur, &sr->best, &sr->tmp, &sr->w, &sr->prm);
}

static void run_search_task(void *arg)
{
    run_search(arg);
}

static saha_status check_instance(saha_ctx *ctx, const saha_vrp *inst)
{
    size_t nn = inst->nnodes;
    SAHA__CHECK_ARG(ctx, inst->ncustomers <= inst->nnodes);
    SAHA__CHECK_ARG(ctx, inst->time && inst->cost && inst->prize);
    SAHA__CHECK_ARG(ctx, inst->nvehicles == 0 || inst->vehicles);
    SAHA__CHECK_ARG(ctx, !inst->ntw || inst->tw);
    SAHA__CHECK_ARG(ctx, inst->balance >= 0 && inst->balance < 1e6);
    for (size_t v = 0; v < inst->nvehicles; v++) {
        const saha_vrp_vehicle *veh = &inst->vehicles[v];
        if (veh->start_node >= nn || veh->end_node >= nn)
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "vehicle %zu: start or end node out of range", v);
        if (veh->break_duration < 0 || veh->max_visits < 0)
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "vehicle %zu: negative break or visit cap", v);
    }
    if (inst->service)
        for (size_t c = 0; c < inst->ncustomers; c++)
            if (inst->service[c] < 0)
                return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                       "customer %zu: negative service time", c);
    return SAHA_OK;
}

/* Why a required customer cannot be served even alone. */
static const char *alone_reason(const saha_vrp *inst, size_t c)
{
    int allowed = 0;
    for (size_t v = 0; v < inst->nvehicles; v++) {
        if (inst->ntw && inst->ntw[v * inst->ncustomers + c] == 0)
            continue;
        allowed = 1;
        if (saha__vrp_schedule(inst, v, &c, 1, NULL, NULL, NULL))
            return NULL;
    }
    return allowed ? "no vehicle can reach it within its windows, caps and times"
                   : "no vehicle may visit it (no time window on any day)";
}

saha_status saha__vrp_solve(saha_ctx *ctx, const saha_vrp *inst,
                            const saha_vrp_options *opts, saha_vrp_solution *out)
{
    saha_vrp_options o;
    vrp_shared sh;
    search sr[VRP_SEARCHES];
    saha__search_task tasks[VRP_SEARCHES];
    saha_status rc;
    volatile int stop = 0;
    size_t nthreads, win = 0, total;
    double t0 = saha__vrp_now();

    SAHA__CHECK_ARG(ctx, out != NULL);
    memset(out, 0, sizeof *out);
    SAHA__CHECK_ARG(ctx, inst != NULL);
    rc = check_instance(ctx, inst);
    if (rc < 0)
        return rc;
    memset(&o, 0, sizeof o);
    if (opts)
        o = *opts;
    if (saha__vrp_tsp_eligible(inst))
        return saha__vrp_tsp_solve(ctx, inst, &o, out);
    memset(sr, 0, sizeof sr);
    rc = saha__vrp_shared_init(ctx, &sh, inst);
    if (rc < 0)
        goto done;
    if (o.iterations == 0) {
        size_t def = 1000 + 25 * inst->ncustomers;
        /* with a time limit the deadline ends the search (no iteration bound) */
        o.iterations = o.time_limit_s > 0 ? SIZE_MAX : (def > 30000 ? 30000 : def);
    }
    for (size_t k = 0; k < VRP_SEARCHES; k++) {
        rc = saha__vrp_sol_init(ctx, &sr[k].cur, &sh);
        if (rc == SAHA_OK)
            rc = saha__vrp_sol_init(ctx, &sr[k].best, &sh);
        if (rc == SAHA_OK)
            rc = saha__vrp_sol_init(ctx, &sr[k].tmp, &sh);
        if (rc == SAHA_OK)
            rc = saha__vrp_work_init(ctx, &sr[k].w, &sh);
        if (rc < 0)
            goto done;
        saha__rng_seed(&sr[k].w.rng, saha__rng_mix(o.seed * VRP_SEARCHES + k));
        sr[k].prm.iterations = o.iterations;
        sr[k].prm.regret = o.regret;
        sr[k].prm.stop = &stop;
        if (k == 0) {
            sr[k].prm.progress = o.progress;
            sr[k].prm.payload = o.payload;
            sr[k].prm.best_out = o.best_out;
        }
    }
    nthreads = o.threads == 0 ? VRP_SEARCHES : o.threads;
    if (nthreads > VRP_SEARCHES)
        nthreads = VRP_SEARCHES;
    for (size_t k = 0; k < VRP_SEARCHES; k++) {
        tasks[k].run = run_search_task;
        tasks[k].arg = &sr[k];
        tasks[k].deadline = &sr[k].prm.deadline;
    }
    saha__run_searches(tasks, VRP_SEARCHES, (unsigned)nthreads, t0, o.time_limit_s);
    if (stop == 2) {
        rc = saha__error_set(ctx, SAHA_ECANCEL, NULL, 0, 0, "solve cancelled");
        goto done;
    }
    for (size_t k = 1; k < VRP_SEARCHES; k++)
        if (sr[k].best.obj > sr[win].best.obj)
            win = k;

    /* Copy out, re-checking every route with the reference schedule. */
    {
        const vrp_sol *b = &sr[win].best;
        out->nvehicles = inst->nvehicles;
        out->route_start =
            saha__alloc_array(ctx, inst->nvehicles + 1, sizeof *out->route_start);
        out->order =
            saha__alloc_array(ctx, b->nvisited ? b->nvisited : 1, sizeof *out->order);
        if (!out->route_start || !out->order) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        total = 0;
        for (size_t v = 0; v < inst->nvehicles; v++) {
            const vrp_route *r = &b->r[v];
            out->route_start[v] = total;
            if (!saha__vrp_schedule(inst, v, r->seq, r->len, NULL, NULL, NULL)) {
                rc = saha__error_set(ctx, SAHA_ERR, NULL, 0, 0,
                                     "internal error: route %zu failed the final check",
                                     v);
                goto done;
            }
            memcpy(out->order + total, r->seq, r->len * sizeof *r->seq);
            total += r->len;
        }
        out->route_start[inst->nvehicles] = total;
        out->feasible = saha__vrp_evaluate(inst, out, &out->objective);
        if (inst->required) {
            for (size_t c = 0; c < inst->ncustomers; c++) {
                const char *why;
                if (!inst->required[c] || b->route_of[c] != VRP_NONE)
                    continue;
                why = alone_reason(inst, c);
                rc = saha__error_set(ctx, SAHA_EINFEASIBLE, NULL, 0, 0,
                                     "required customer %zu cannot be served: %s", c,
                                     why ? why
                                         : "not together with the other required ones");
                break;
            }
        }
    }
done:
    for (size_t k = 0; k < VRP_SEARCHES; k++) {
        saha__vrp_sol_free(ctx, &sr[k].cur);
        saha__vrp_sol_free(ctx, &sr[k].best);
        saha__vrp_sol_free(ctx, &sr[k].tmp);
        saha__vrp_work_free(ctx, &sr[k].w);
    }
    saha__vrp_shared_free(ctx, &sh);
    if (rc < 0 && rc != SAHA_EINFEASIBLE)
        saha__vrp_solution_free(ctx, out);
    return rc;
}
