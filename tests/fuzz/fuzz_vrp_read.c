/* libFuzzer harness: the routing benchmark readers (src/vrp/vrp_read.c), each input tried
 * with format detection and with every explicit format. Invariants (abort on failure):
 * a parse either succeeds with a consistent instance or fails with SAHA_EPARSE /
 * SAHA_ELIMIT / SAHA_EINVAL and an error message; a parsed instance has
 * nnodes = ncustomers + depots, point_of a one-to-one map into the file's points, a
 * zero diagonal and non-negative symmetric integer distances, vehicles on depot
 * nodes, non-negative prizes and windows with open <= close or none; the reference
 * schedule and the evaluation run on it (an empty solution is feasible, value 0). */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "saha.h"
#include "vrp/vrp_read.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

static void check_problem(const saha_vrp_problem *p)
{
    const saha_vrp *in = &p->vrp;
    size_t nn = in->nnodes, nc = in->ncustomers;
    uint8_t *seen = calloc(p->npoints ? p->npoints : 1, 1);
    check(seen != NULL);
    check(nn > nc && nn <= nc + 2 && nn == p->npoints);
    for (size_t i = 0; i < nn; i++) {
        check(p->point_of[i] < p->npoints && !seen[p->point_of[i]]);
        seen[p->point_of[i]] = 1;
        check(in->time[i * nn + i] == 0);
        for (size_t j = 0; j < nn; j++) {
            check(in->time[i * nn + j] >= 0 && in->cost[i * nn + j] >= 0);
            check(in->time[i * nn + j] == in->time[j * nn + i]);
        }
    }
    free(seen);
    for (size_t c = 0; c < nc; c++)
        check(in->prize[c] >= 0 && (!in->service || in->service[c] >= 0));
    check(in->nvehicles >= 1);
    for (size_t v = 0; v < in->nvehicles; v++) {
        check(in->vehicles[v].start_node >= nc && in->vehicles[v].start_node < nn);
        check(in->vehicles[v].end_node >= nc && in->vehicles[v].end_node < nn);
        if (in->ntw)
            for (size_t c = 0; c < nc; c++) {
                size_t k = v * nc + c;
                check(in->ntw[k] <= SAHA_VRP_MAX_TW);
                for (size_t w = 0; w < in->ntw[k]; w++)
                    (void)in->tw[k * SAHA_VRP_MAX_TW + w].open;
            }
    }
    /* the schedule of the first few customers runs; an empty solution is feasible */
    {
        size_t seq[4], len = nc < 4 ? nc : 4;
        saha_vrp_sched sc;
        size_t *rs = calloc(in->nvehicles + 1, sizeof *rs);
        saha_vrp_solution sol;
        saha_cost obj = -1;
        for (size_t i = 0; i < len; i++)
            seq[i] = i;
        (void)saha__vrp_schedule(in, 0, seq, len, NULL, NULL, &sc);
        check(rs != NULL);
        sol.nvehicles = in->nvehicles;
        sol.route_start = rs;
        sol.order = seq;
        sol.objective = 0;
        sol.feasible = 0;
        if (!in->required || p->format != SAHA_VRP_FORMAT_TSPLIB || nc == 0) {
            check(saha__vrp_evaluate(in, &sol, &obj) == 1);
            check(obj == 0);
            check(saha__vrp_problem_value(p, &sol) == 0.0);
        }
        free(rs);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    for (int f = SAHA_VRP_FORMAT_AUTO; f <= SAHA_VRP_FORMAT_OPTW; f++) {
        saha_ctx *ctx = NULL;
        saha_vrp_problem *p = NULL;
        saha_vrp_read_options o;
        saha_status rc;
        if (saha_ctx_create(&ctx, NULL) != SAHA_OK)
            return 0;
        memset(&o, 0, sizeof o);
        o.format = (saha_vrp_format)f;
        rc = saha__vrp_read_buffer(ctx, (const char *)data, size, "fuzz.txt", &o, &p);
        if (rc == SAHA_OK) {
            check(p != NULL);
            check_problem(p);
        } else {
            check(p == NULL);
            check(rc == SAHA_EPARSE || rc == SAHA_ELIMIT || rc == SAHA_EINVAL);
            check(saha_ctx_last_error(ctx)->message[0] != '\0');
        }
        saha__vrp_problem_free(ctx, p);
        saha_ctx_free(ctx);
    }
    return 0;
}
