/* libFuzzer harness: the PVRP reader (Cordeau's periodic VRP format, read_pvrp in
 * src/vrp/vrp_read.c), each input read as PVRP explicitly and with format detection.
 * Invariants (abort on failure): a parse either succeeds with a consistent instance or
 * fails with SAHA_EPARSE / SAHA_ELIMIT and an error message and no instance; a parsed
 * PVRP has n customers and n + 1 nodes (the depot last, point 0), ndays in 1..30,
 * vehicles >= 1, combination offsets increasing from 0, every combination a non-empty
 * set of the horizon's days, non-negative service and demand, a demand within some
 * day's capacity, limits positive or none, a zero diagonal and symmetric non-negative
 * costs with times at least the costs' rounding; the feasibility check runs on an empty
 * plan and finds it infeasible (every customer must be served). */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "saha.h"
#include "vrp/vrp_engine.h"
#include "vrp/vrp_read.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

static void check_pvrp(const saha_vrp_problem *p)
{
    const saha_vrp_pvrp *v = p->pvrp;
    size_t n, nn;
    int64_t capmax = 0;
    check(v != NULL);
    n = v->ncustomers;
    nn = n + 1;
    check(n >= 1 && p->vrp.ncustomers == n && p->vrp.nnodes == nn && p->npoints == nn);
    check(v->ndays >= 1 && v->ndays <= 30 && v->nvehicles >= 1);
    check(p->vrp.nvehicles == v->ndays * v->nvehicles);
    check(p->point_of[n] == 0);
    for (size_t i = 0; i < n; i++)
        check(p->point_of[i] == i + 1);
    for (size_t d = 0; d < v->ndays; d++) {
        check(v->capacity[d] > 0);
        check(v->max_duration[d] > 0);
        if (v->capacity[d] > capmax)
            capmax = v->capacity[d];
    }
    check(v->comb_start[0] == 0);
    for (size_t c = 0; c < n; c++) {
        check(v->comb_start[c + 1] > v->comb_start[c]);
        for (size_t k = v->comb_start[c]; k < v->comb_start[c + 1]; k++)
            check(v->comb[k] != 0 && (v->comb[k] >> v->ndays) == 0);
        check(v->service[c] >= 0 && v->demand[c] >= 0 && v->demand[c] <= capmax);
    }
    for (size_t i = 0; i < nn; i++) {
        check(v->cost[i * nn + i] == 0 && v->time[i * nn + i] == 0);
        for (size_t j = 0; j < nn; j++) {
            check(v->cost[i * nn + j] >= 0 && v->cost[i * nn + j] == v->cost[j * nn + i]);
            check(v->time[i * nn + j] >= v->cost[i * nn + j] - 1);
        }
    }
    {
        size_t *rs = calloc(p->vrp.nvehicles + 1, sizeof *rs), seq[1] = {0};
        saha_vrp_solution sol;
        saha_cost cost = -1;
        check(rs != NULL);
        memset(&sol, 0, sizeof sol);
        sol.nvehicles = p->vrp.nvehicles;
        sol.route_start = rs;
        sol.order = seq;
        check(saha__vrp_pvrp_check(v, &sol, &cost) == 0);
        free(rs);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const saha_vrp_format formats[] = {SAHA_VRP_FORMAT_PVRP, SAHA_VRP_FORMAT_AUTO};
    if (size > 4096)
        return 0;
    for (size_t f = 0; f < 2; f++) {
        saha_ctx *ctx = NULL;
        saha_vrp_problem *p = NULL;
        saha_vrp_read_options o;
        saha_status rc;
        if (saha_ctx_create(&ctx, NULL) != SAHA_OK)
            return 0;
        memset(&o, 0, sizeof o);
        o.format = formats[f];
        rc = saha__vrp_read_buffer(ctx, (const char *)data, size, "fuzz.txt", &o, &p);
        if (rc == SAHA_OK) {
            check(p != NULL);
            if (p->format == SAHA_VRP_FORMAT_PVRP)
                check_pvrp(p);
            else
                check(f == 1 && p->pvrp == NULL);
        } else {
            check(p == NULL);
            check(rc == SAHA_EPARSE || rc == SAHA_ELIMIT);
            check(saha_ctx_last_error(ctx)->message[0] != '\0');
        }
        saha__vrp_problem_free(ctx, p);
        saha_ctx_free(ctx);
    }
    return 0;
}
