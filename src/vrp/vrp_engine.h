/* Private interface between the optimisation engine's files (src/vrp/).
 *
 * A search works on a vrp_sol: one customer sequence per vehicle plus, per route,
 * prefix sums of time, distance and cost in both directions, so that the totals of a
 * route built from pieces of existing routes (a move) cost O(number of pieces). Time
 * feasibility of vehicles with windows, a finite end time or a break is checked by the
 * two-state recursion of vrp_schedule.c split at the route's stops: each timed route
 * keeps its forward ready times and backward latest arrival times, so a candidate that
 * keeps a prefix and a suffix of the route is checked in time proportional to the
 * pieces in between (forward/backward slack, after Savelsbergh 1992 and Vidal et al.
 * 2013, extended to several windows a day and one break).
 * Nothing here allocates after vrp_sol_init: searches run in threads. */
#ifndef SAHA_INTERNAL_VRP_ENGINE_H
#define SAHA_INTERNAL_VRP_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "internal/vrp.h"

#define VRP_INF (INT64_MAX / 4)
#define VRP_NEG (-VRP_INF)
#define VRP_NONE SIZE_MAX

/* Earliest service start at customer c for vehicle v when arriving at `arrive`;
 * VRP_INF when no window can still be met. */
int64_t saha__vrp_service_start(const saha_vrp *inst, size_t v, size_t c, int64_t arrive);
/* Time feasibility only (windows, latest_end, break) of seq on vehicle v: 1 or 0. */
int saha__vrp_time_feasible(const saha_vrp *inst, size_t v, const size_t *seq,
                            size_t len);

/* The time recursion split at any point of a route (vrp_schedule.c), for checks of a
 * candidate route in time proportional to its changed part. States: N = break still
 * owed, T = break taken (or none to take). Forward: ready-to-leave times; fwd_init at
 * the start node, fwd_step on arriving at and serving c coming from prev, fwd_end: 1
 * when the end node is reached in time. Backward: latest arrival times from which the
 * rest of the route is feasible (VRP_NEG: none); bwd_end at the end node, bwd_step
 * turns the values of `next` into those of c (c followed by next). */
void saha__vrp_fwd_init(const saha_vrp *inst, size_t v, int64_t *tN, int64_t *tT);
void saha__vrp_fwd_step(const saha_vrp *inst, size_t v, size_t prev, size_t c,
                        int64_t *tN, int64_t *tT);
int saha__vrp_fwd_end(const saha_vrp *inst, size_t v, size_t prev, int64_t tN,
                      int64_t tT);
/* 1 when a route ready to leave prev in states (tN, tT) can go straight to j and on
 * with j's latest arrivals (lN, lT): the join of a candidate to a kept suffix (a break
 * on the road may fall on the joining leg). */
int saha__vrp_join_ok(const saha_vrp *inst, size_t v, size_t prev, size_t j, int64_t tN,
                      int64_t tT, int64_t lN, int64_t lT);
void saha__vrp_bwd_end(const saha_vrp *inst, size_t v, int64_t *lN, int64_t *lT);
void saha__vrp_bwd_step(const saha_vrp *inst, size_t v, size_t c, size_t next,
                        int64_t *lN, int64_t *lT);

/* Read-only data shared by every search of one solve. */
typedef struct vrp_shared {
    const saha_vrp *inst;
    size_t nc, nv, nn;
    size_t cap;        /* max route length stored (nc) */
    uint8_t *timed;    /* nv: vehicle needs the time recursion */
    uint8_t *allowed;  /* nv * nc: vehicle may visit customer (a window exists) */
    saha_cost *eprize; /* nc: prize used by the search (required get a bonus) */
    size_t knn;        /* neighbours per customer */
    size_t *nbr;       /* nc * knn nearest customers by cost (symmetrised) */
} vrp_shared;

typedef struct vrp_route {
    size_t *seq; /* cap */
    size_t len;
    int64_t *pt, *rt;     /* cap: prefix time forward / reversed arcs */
    int64_t *pd, *rd;     /* same for distance (when inst->dist) */
    saha_cost *pc, *rc;   /* same for cost */
    int64_t travel, dist; /* totals including depot arcs (0 when empty) */
    saha_cost cost;
    /* Timed vehicles only (else NULL): fN/fT[i] ready times after stop i (cap entries);
     * lN/lT[i] latest arrival at stop i, [len] at the end node (cap + 1 entries). */
    int64_t *fN, *fT, *lN, *lT;
    /* Balance term only (else NULL): ps[i] = service times of seq[0..i]. */
    int64_t *ps;
    /* Day cost only (else NULL): pq[i] = day costs of seq[0..i] on this route's vehicle.
     */
    saha_cost *pq;
} vrp_route;

typedef struct vrp_sol {
    const vrp_shared *sh;
    vrp_route *r;     /* nv */
    size_t *route_of; /* nc: vehicle or VRP_NONE */
    size_t *pos_of;   /* nc */
    saha_cost obj;    /* sum eprize(visited) - sum route cost */
    size_t nvisited;
} vrp_sol;

/* A piece of a candidate route: route r's positions [a, b) (reversed when rev), or the
 * single customer `node` when r == VRP_NONE. */
typedef struct vrp_piece {
    size_t r, a, b;
    int rev;
    size_t node;
} vrp_piece;

typedef struct vrp_eval {
    int64_t travel, dist;
    saha_cost cost;
    size_t len;
} vrp_eval;

/* Per-search scratch memory and RNG. */
typedef struct vrp_work {
    size_t *buf, *buf2; /* cap + 8 each */
    size_t *list;       /* nc */
    size_t *queue;      /* nc */
    uint8_t *inq;       /* nc */
    size_t qh, qn;      /* circular queue head and length */
    /* Regret insertion cache (vrp_regret.c), nc * nv, entry u * nv + v: cheapest
     * insertion of customer u into route v (cost delta, VRP_INF none; position). */
    saha_cost *ins_cost;
    size_t *ins_pos;
    saha__rng rng;
} vrp_work;

saha_status saha__vrp_shared_init(saha_ctx *ctx, vrp_shared *sh, const saha_vrp *inst);
void saha__vrp_shared_free(saha_ctx *ctx, vrp_shared *sh);
saha_status saha__vrp_sol_init(saha_ctx *ctx, vrp_sol *s, const vrp_shared *sh);
void saha__vrp_sol_free(saha_ctx *ctx, vrp_sol *s);
void saha__vrp_sol_copy(vrp_sol *dst, const vrp_sol *src);
void saha__vrp_sol_clear(vrp_sol *s);
saha_status saha__vrp_work_init(saha_ctx *ctx, vrp_work *w, const vrp_shared *sh);
void saha__vrp_work_free(saha_ctx *ctx, vrp_work *w);

/* Evaluates the route made of pieces on vehicle v: 1 feasible (totals in out), 0 not.
 * buf: scratch of cap + 8 entries. */
int saha__vrp_eval(const vrp_sol *s, size_t v, const vrp_piece *p, size_t np, size_t *buf,
                   vrp_eval *out);
/* Cost of the route made of pieces on vehicle v, without any feasibility check. */
saha_cost saha__vrp_piece_cost(const vrp_sol *s, size_t v, const vrp_piece *p, size_t np);
/* Replaces route v by the pieces (already evaluated feasible); updates positions. */
void saha__vrp_apply(vrp_sol *s, size_t v, const vrp_piece *p, size_t np, size_t *buf);
/* Replaces two routes at once (pieces may refer to either). */
void saha__vrp_apply2(vrp_sol *s, size_t v1, const vrp_piece *p1, size_t n1, size_t v2,
                      const vrp_piece *p2, size_t n2, size_t *buf, size_t *buf2);
/* Recomputes obj from scratch. */
void saha__vrp_sol_recount(vrp_sol *s);

/* Best feasible insertion of unvisited customer u whose route cost delta is below
 * limit (VRP_INF: any): 1 found (route, position, delta of route cost, of travel time),
 * 0 none. nbr_only: consider only positions next to u's neighbours and the route ends.
 * Ties go to the first position tried. */
int saha__vrp_best_insert(const vrp_sol *s, size_t u, int nbr_only, saha_cost limit,
                          size_t *buf, size_t *v_out, size_t *pos_out,
                          saha_cost *dcost_out, int64_t *dtime_out);
/* Route cost and travel time deltas of inserting u at position pos of non-empty route v
 * in O(1): 1 when exact (no balance term, no day cost), 0 when only saha__vrp_eval can
 * tell (then the outputs are unset). Feasibility is not checked. */
int saha__vrp_insert_delta(const vrp_sol *s, size_t u, size_t v, size_t pos,
                           saha_cost *dcost_out, int64_t *dtime_out);
void saha__vrp_insert_at(vrp_sol *s, size_t u, size_t v, size_t pos, size_t *buf);

/* Cross-exchange (vrp_cross.c): exchanges a segment of 1-3 customers with c at one end
 * and a 1-3 segment of another route next to one of c's first kmax neighbours, making c
 * and that neighbour adjacent; applies the first exchange that lowers the cost and is
 * feasible. 1 applied (*other, when non-NULL, = the neighbour), 0 none. */
int saha__vrp_cross(vrp_sol *s, vrp_work *w, size_t c, size_t kmax, size_t *other);

/* Segment replacement (vrp_replace.c): puts unvisited customer c in the place of the
 * run of consecutive visits of some route that gains most (c's prize minus the run's
 * minus the cost change), when that is positive and feasible. Returns how many
 * customers it removed (0: no move), listed in w->buf2. Uses w->buf. */
size_t saha__vrp_replace(vrp_sol *s, vrp_work *w, size_t c);

/* Construction: greedy insertion (prize per added time, required first; noise >= 0
 * randomises the keys). Inserts while anything improves or is required. */
void saha__vrp_construct(vrp_sol *s, vrp_work *w, double noise);
/* Inserts list[0..n) in that order, required customers in a first pass, each at its
 * cheapest feasible position when its gain (eprize - added cost) is above -slack. */
void saha__vrp_insert_in_order(vrp_sol *s, vrp_work *w, const size_t *list, size_t n,
                               saha_cost slack);
/* Regret-2 insertion weighted by value (vrp_regret.c): inserts customers of
 * list[0..n) that are not yet visited, one at a time, each at its cheapest feasible
 * position; picks the one with the highest gain + regret (gain = eprize - added cost;
 * regret = how much is lost by not taking its best route: its lead over the second best
 * route, or over leaving it out), required customers first, only while gain > -slack
 * (slack VRP_INF: whatever it costs). noise > 0 multiplies each key by a random factor
 * in [1 - noise, 1 + noise] drawn from w->rng. list is reordered, not changed as a set.
 * No allocation (uses w->ins_*). */
void saha__vrp_insert_regret(vrp_sol *s, vrp_work *w, size_t *list, size_t n,
                             saha_cost slack, double noise);
/* Local search to a local optimum over the customers in w->queue (all when all). */
void saha__vrp_local_search(vrp_sol *s, vrp_work *w, int all);
/* Queue of customers for the local search. */
void saha__vrp_push(vrp_work *w, const vrp_shared *sh, size_t c);
/* The annealing clock of saha__vrp_ils: the share of the search done, the larger of
 * iterations done / the bound and time spent / the time limit (the clock `now`, read
 * every 8 iterations; deadline 0 = none). tick: 0 once the deadline has passed, else 1
 * with the share in *frac. */
typedef struct vrp_clock {
    size_t iterations;
    double t_start, deadline, time_frac;
    double (*now)(void);
} vrp_clock;
void saha__vrp_clock_init(vrp_clock *c, size_t iterations, double t_start,
                          double deadline, double (*now)(void));
int saha__vrp_clock_tick(vrp_clock *c, size_t it, double *frac);
/* Iterated ruin-and-recreate: best in *best. stop: polled; returns iterations done. */
typedef struct vrp_ils_params {
    size_t iterations;
    double deadline; /* monotonic seconds; 0 = none */
    volatile int *stop;
    unsigned regret;           /* saha_vrp_options.regret */
    saha_progress_fn progress; /* called by search 0 only */
    void *payload;
    saha_cost *best_out; /* saha_vrp_options.best_out (search 0 only) */
} vrp_ils_params;
size_t saha__vrp_ils(vrp_sol *cur, vrp_sol *best, vrp_sol *tmp, vrp_work *w,
                     const vrp_ils_params *prm);
/* The recreate pool of the ILS: w->list[0..n) holds customers just removed from s (so
 * unvisited); appends up to q other unvisited customers and returns the new length.
 * near (and n > 0): the nearest unvisited neighbours of the removed ones, nearest
 * first; else from a random offset. Leaves w->inq all zero. */
size_t saha__vrp_add_unvisited(const vrp_sol *s, vrp_work *w, size_t n, size_t q,
                               int near);

/* TSP fast path (vrp_tsp.c): 1 when inst is a pure closed symmetric tour (one vehicle
 * from and back to one depot, every customer required, no windows, caps, break or end
 * time). Then saha__vrp_tsp_solve solves it under saha__vrp_solve's contract (o already
 * copied, iterations 0 = default). */
int saha__vrp_tsp_eligible(const saha_vrp *inst);
saha_status saha__vrp_tsp_solve(saha_ctx *ctx, const saha_vrp *inst,
                                const saha_vrp_options *o, saha_vrp_solution *out);

/* Periodic VRP (Cordeau, Gendreau & Laporte 1997; vrp_pvrp*.c): over `ndays` days, each
 * customer gets one of its allowed day combinations and is visited once on each day of
 * it, by one of at most `nvehicles` routes of that day leaving and returning to the
 * depot (node ncustomers); a route's load (demands) is at most capacity[day] and its
 * travel + service time at most max_duration[day]. Minimises the total arc cost. */
typedef struct saha_vrp_pvrp {
    size_t ncustomers, ndays, nvehicles; /* nvehicles: routes available per day */
    saha_cost *cost;                     /* (n+1)^2 arc costs, node n = the depot */
    int64_t *time;                       /* (n+1)^2 travel times (duration units) */
    int64_t *service;                    /* n service times */
    int64_t *demand;                     /* n */
    int64_t *capacity;                   /* ndays; SAHA_VRP_NO_LIMIT = none */
    int64_t *max_duration;               /* ndays; SAHA_VRP_NO_LIMIT = none */
    size_t *comb_start;                  /* n + 1 offsets into comb */
    uint32_t *comb;                      /* day sets: bit d (0-based) = day d + 1 */
} saha_vrp_pvrp;

/* Solves a PVRP (vrp_pvrp.c). out gets ndays * nvehicles routes, route r being
 * vehicle r % nvehicles on day r / nvehicles; out->objective = - total cost,
 * out->feasible from saha__vrp_pvrp_check. Returns SAHA_OK, SAHA_EINFEASIBLE (no
 * feasible plan found; out holds the least violating one), SAHA_ENOMEM, SAHA_ECANCEL,
 * SAHA_EINVAL. Free out with saha__vrp_solution_free. */
saha_status saha__vrp_pvrp_solve(saha_ctx *ctx, const saha_vrp_pvrp *inst,
                                 const saha_vrp_options *opts, saha_vrp_solution *out);
/* Checks sol from scratch: every customer on exactly one allowed combination, once a
 * day, loads and durations within limits. 1 feasible, 0 not; *cost_out = total cost. */
int saha__vrp_pvrp_check(const saha_vrp_pvrp *inst, const saha_vrp_solution *sol,
                         saha_cost *cost_out);

#endif
