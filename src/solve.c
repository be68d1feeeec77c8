/* solve: the public face of the benchmark readers (vrp/vrp_read.c) and the engine
 * (saha__vrp_solve) for `saha solve` and other clients of include/saha/solve.h. */
#include <string.h>

#include "saha/solve.h"
#include "vrp/vrp_engine.h"
#include "vrp/vrp_read.h"

_Static_assert((int)SAHA_SOLVE_FORMAT_AUTO == (int)SAHA_VRP_FORMAT_AUTO &&
                   (int)SAHA_SOLVE_FORMAT_TSPLIB == (int)SAHA_VRP_FORMAT_TSPLIB &&
                   (int)SAHA_SOLVE_FORMAT_TOP == (int)SAHA_VRP_FORMAT_TOP &&
                   (int)SAHA_SOLVE_FORMAT_OP == (int)SAHA_VRP_FORMAT_OP &&
                   (int)SAHA_SOLVE_FORMAT_OPTW == (int)SAHA_VRP_FORMAT_OPTW &&
                   (int)SAHA_SOLVE_FORMAT_PVRP == (int)SAHA_VRP_FORMAT_PVRP,
               "saha_solve_format and saha_vrp_format agree");

struct saha_solve_problem {
    saha_ctx *ctx;
    saha_vrp_problem *p;
};

/* The result handed out, with what freeing it needs behind the public part. */
typedef struct solve_result_box {
    saha_solve_result pub; /* first: the address handed out */
    saha_ctx *ctx;
} solve_result_box;

const char *saha_solve_format_name(saha_solve_format f)
{
    return saha__vrp_format_name((saha_vrp_format)f);
}

saha_status saha_solve_format_parse(const char *name, saha_solve_format *out)
{
    saha_vrp_format f;
    if (!name || !out || saha__vrp_format_parse(name, &f) != 0)
        return SAHA_EINVAL;
    *out = (saha_solve_format)f;
    return SAHA_OK;
}

saha_status saha_solve_read_options_init(saha_solve_read_options *opts, unsigned version)
{
    if (!opts || version != SAHA_SOLVE_READ_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    return SAHA_OK;
}

saha_status saha_solve_options_init(saha_solve_options *opts, unsigned version)
{
    if (!opts || version != SAHA_SOLVE_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    opts->seed = 1;
    return SAHA_OK;
}

saha_status saha_solve_read(saha_solve_problem **out, saha_ctx *ctx, const char *data,
                            size_t len, const char *source,
                            const saha_solve_read_options *opts)
{
    saha_vrp_read_options ro;
    saha_solve_problem *sp = NULL;
    saha_status st;

    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, data != NULL || len == 0);
    SAHA__CHECK_ARG(ctx,
                    opts == NULL || opts->version == SAHA_SOLVE_READ_OPTIONS_VERSION);
    memset(&ro, 0, sizeof ro);
    if (opts) {
        ro.format = (saha_vrp_format)opts->format;
        ro.vehicles = opts->vehicles;
        ro.tw_decimals = opts->tw_decimals;
    }
    sp = saha__calloc(ctx, 1, sizeof *sp);
    if (!sp)
        return SAHA_ENOMEM;
    sp->ctx = ctx;
    st = saha__vrp_read_buffer(ctx, data ? data : "", len, source ? source : "-", &ro,
                               &sp->p);
    if (st < 0) {
        saha__free(ctx, sp);
        return st;
    }
    *out = sp;
    return SAHA_OK;
}

void saha_solve_problem_free(saha_solve_problem *p)
{
    if (!p)
        return;
    saha__vrp_problem_free(p->ctx, p->p);
    saha__free(p->ctx, p);
}

const char *saha_solve_problem_name(const saha_solve_problem *p)
{
    return p->p->name;
}

saha_solve_format saha_solve_problem_format(const saha_solve_problem *p)
{
    return (saha_solve_format)p->p->format;
}

size_t saha_solve_problem_npoints(const saha_solve_problem *p)
{
    return p->p->npoints;
}

size_t saha_solve_problem_ncustomers(const saha_solve_problem *p)
{
    return p->p->vrp.ncustomers;
}

size_t saha_solve_problem_nvehicles(const saha_solve_problem *p)
{
    return p->p->vrp.nvehicles;
}

size_t saha_solve_problem_ndays(const saha_solve_problem *p)
{
    return p->p->pvrp ? p->p->pvrp->ndays : 1;
}

/* Copies sol into r's file positions (TSPLIB: the depot first on each route). */
static saha_status fill_result(saha_ctx *ctx, const saha_vrp_problem *p,
                               const saha_vrp_solution *sol, saha_solve_result *r)
{
    size_t visited = sol->route_start[sol->nvehicles], npts = visited, k = 0;
    int tsplib = p->format == SAHA_VRP_FORMAT_TSPLIB;

    if (tsplib && saha__add_size(npts, sol->nvehicles, &npts) != 0)
        return saha__error_set(ctx, SAHA_ELIMIT, NULL, 0, 0, "solution too large");
    r->route_start = saha__alloc_array(ctx, sol->nvehicles + 1, sizeof *r->route_start);
    r->points = saha__alloc_array(ctx, npts ? npts : 1, sizeof *r->points);
    if (!r->route_start || !r->points)
        return SAHA_ENOMEM;
    r->nroutes = sol->nvehicles;
    r->visited = visited;
    r->feasible = sol->feasible;
    r->objective = saha__vrp_problem_value(p, sol);
    for (size_t v = 0; v < sol->nvehicles; v++) {
        r->route_start[v] = k;
        if (tsplib)
            r->points[k++] = p->point_of[p->vrp.vehicles[v].start_node];
        for (size_t i = sol->route_start[v]; i < sol->route_start[v + 1]; i++)
            r->points[k++] = p->point_of[sol->order[i]];
    }
    r->route_start[sol->nvehicles] = k;
    return SAHA_OK;
}

saha_status saha_solve_run(saha_solve_result **out, saha_ctx *ctx,
                           const saha_solve_problem *p, const saha_solve_options *opts)
{
    saha_vrp_options so;
    saha_vrp_solution sol;
    solve_result_box *box = NULL;
    saha_status st, rc;

    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, p != NULL);
    SAHA__CHECK_ARG(ctx, opts == NULL || opts->version == SAHA_SOLVE_OPTIONS_VERSION);
    memset(&so, 0, sizeof so);
    memset(&sol, 0, sizeof sol);
    so.seed = 1;
    if (opts) {
        so.seed = opts->seed;
        so.iterations = opts->iterations;
        so.time_limit_s = opts->time_limit_s;
        so.threads = opts->threads;
        so.regret = opts->regret;
        so.progress = opts->progress;
        so.payload = opts->payload;
    }
    if (p->p->pvrp)
        rc = saha__vrp_pvrp_solve(ctx, p->p->pvrp, &so, &sol);
    else
        rc = saha__vrp_solve(ctx, &p->p->vrp, &so, &sol);
    if (rc < 0 && rc != SAHA_EINFEASIBLE)
        goto done;
    box = saha__calloc(ctx, 1, sizeof *box);
    if (!box) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    box->ctx = ctx;
    st = fill_result(ctx, p->p, &sol, &box->pub);
    if (st < 0) {
        saha_solve_result_free(&box->pub);
        rc = st;
        goto done;
    }
    *out = &box->pub;
done:
    saha__vrp_solution_free(ctx, &sol);
    return rc;
}

void saha_solve_result_free(saha_solve_result *r)
{
    solve_result_box *box = (solve_result_box *)r;
    if (!r)
        return;
    saha__free(box->ctx, r->route_start);
    saha__free(box->ctx, r->points);
    saha__free(box->ctx, box);
}
