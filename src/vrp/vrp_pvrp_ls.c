/* Intra-route improvement of the periodic VRP search: 2-opt and or-opt on one route.
 *
 * Method: first-improvement 2-opt (reverse seq[i..j]) and or-opt (move a segment of 1-3
 * customers elsewhere in the route, either direction) on the penalised route cost
 * (arc cost + duration excess price; the load does not change), repeated until no move
 * improves. The costs are symmetric (Euclidean), so a reversal changes two arcs.
 * Complexity: O(len^3) per pass (each candidate is re-totalled). Invariants: the route
 * keeps its customers; not journaled, so only for a kept plan. Caller: vrp_pvrp.c, on
 * the routes of a new best plan.
 */
#include <string.h>

#include "vrp/vrp_pvrp.h"

#define SEG_MAX 3

/* Totals of seq[0..len) on route r's day. */
static void totals(const pv_shared *sh, const size_t *seq, size_t len, saha_cost *cost,
                   int64_t *dur)
{
    const saha_vrp_pvrp *in = sh->in;
    size_t nn = sh->n + 1, prev = sh->depot;
    *cost = 0;
    *dur = 0;
    if (len == 0)
        return;
    for (size_t i = 0; i < len; i++) {
        *cost += in->cost[prev * nn + seq[i]];
        *dur += in->time[prev * nn + seq[i]] + in->service[seq[i]];
        prev = seq[i];
    }
    *cost += in->cost[prev * nn + sh->depot];
    *dur += in->time[prev * nn + sh->depot];
}

static double priced(const pv_shared *sh, const pv_pen *pen, size_t r, saha_cost cost,
                     int64_t dur)
{
    return (double)cost + pen->dur * (double)saha__pv_xdur(sh, r, dur);
}

/* Totals tmp (a reordering of rt's customers); if it beats *best by more than half a
 * unit, copies it into rt, sets *cost, *dur and *best, and returns 1. Else returns 0. */
static int take_if_better(const pv_shared *sh, const pv_pen *pen, size_t r,
                          const size_t *tmp, pv_route *rt, saha_cost *cost, int64_t *dur,
                          double *best)
{
    saha_cost c2;
    int64_t d2;
    double p;

    totals(sh, tmp, rt->len, &c2, &d2);
    p = priced(sh, pen, r, c2, d2);
    if (!(p + 0.5 < *best))
        return 0;
    memcpy(rt->seq, tmp, rt->len * sizeof *tmp);
    *cost = c2;
    *dur = d2;
    *best = p;
    return 1;
}

void saha__pv_route_opt(pv_sol *s, const pv_pen *pen, size_t r)
{
    const pv_shared *sh = s->sh;
    pv_route *rt = &s->r[r];
    size_t len = rt->len, tmp[256];
    int improved = 1;
    saha_cost cost = rt->cost;
    int64_t dur = rt->dur;
    double best;

    if (len < 3 || len > 256)
        return;
    best = priced(sh, pen, r, cost, dur);
    while (improved) {
        improved = 0;
        /* 2-opt */
        for (size_t i = 0; i + 1 < len && !improved; i++)
            for (size_t j = i + 1; j < len && !improved; j++) {
                memcpy(tmp, rt->seq, len * sizeof *tmp);
                for (size_t a = i, b = j; a < b; a++, b--) {
                    size_t x = tmp[a];
                    tmp[a] = tmp[b];
                    tmp[b] = x;
                }
                improved = take_if_better(sh, pen, r, tmp, rt, &cost, &dur, &best);
            }
        /* or-opt */
        for (size_t l = 1; l <= SEG_MAX && !improved; l++)
            for (size_t i = 0; i + l <= len && !improved; i++)
                for (size_t p = 0; p + l <= len && !improved; p++) {
                    size_t k = 0;
                    if (p == i)
                        continue;
                    /* the route without seq[i..i+l), the segment put back at p */
                    for (size_t q = 0; q < len; q++)
                        if (q < i || q >= i + l)
                            tmp[k++] = rt->seq[q];
                    memmove(tmp + p + l, tmp + p, (len - l - p) * sizeof *tmp);
                    memcpy(tmp + p, rt->seq + i, l * sizeof *tmp);
                    improved = take_if_better(sh, pen, r, tmp, rt, &cost, &dur, &best);
                }
    }
    if (cost != rt->cost || dur != rt->dur) {
        s->cost += cost - rt->cost;
        s->xdur += saha__pv_xdur(sh, r, dur) - saha__pv_xdur(sh, r, rt->dur);
        rt->cost = cost;
        rt->dur = dur;
    }
}

void saha__pv_route_2opt(pv_sol *s, const pv_pen *pen, size_t r)
{
    const pv_shared *sh = s->sh;
    const saha_vrp_pvrp *in = sh->in;
    pv_route *rt = &s->r[r];
    size_t len = rt->len, nn = sh->n + 1, dep = sh->depot;
    size_t *q = rt->seq;
    int64_t dmax = in->max_duration[r / sh->nv];
    int timed = dmax != SAHA_VRP_NO_LIMIT, improved = 1;
    saha_cost cost = rt->cost;
    int64_t dur = rt->dur;

    if (len < 3)
        return;
    while (improved) {
        improved = 0;
        for (size_t i = 0; i + 1 < len; i++) {
            size_t a = i ? q[i - 1] : dep;
            for (size_t j = i + 1; j < len; j++) {
                size_t b = j + 1 < len ? q[j + 1] : dep;
                saha_cost dc = in->cost[a * nn + q[j]] + in->cost[q[i] * nn + b] -
                               in->cost[a * nn + q[i]] - in->cost[q[j] * nn + b];
                double gain = (double)dc;
                int64_t dt = 0;
                if (timed) {
                    int64_t x0 = dur > dmax ? dur - dmax : 0, x1;
                    dt = in->time[a * nn + q[j]] + in->time[q[i] * nn + b] -
                         in->time[a * nn + q[i]] - in->time[q[j] * nn + b];
                    x1 = dur + dt > dmax ? dur + dt - dmax : 0;
                    gain += pen->dur * (double)(x1 - x0);
                }
                if (gain < -0.5) {
                    for (size_t x = i, y = j; x < y; x++, y--) {
                        size_t t = q[x];
                        q[x] = q[y];
                        q[y] = t;
                    }
                    cost += dc;
                    dur += dt;
                    improved = 1;
                    a = i ? q[i - 1] : dep;
                }
            }
        }
    }
    if (cost != rt->cost || dur != rt->dur) {
        s->cost += cost - rt->cost;
        s->xdur += saha__pv_xdur(sh, r, dur) - saha__pv_xdur(sh, r, rt->dur);
        rt->cost = cost;
        rt->dur = dur;
    }
}
