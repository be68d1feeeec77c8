/* The optimisation engine's instance and solution (private; plan_*.c and the `saha solve`
 * readers build instances, src/vrp/ solves them).
 *
 * One general model covers the weekly plan and the benchmark sets: prize-collecting
 * routing with several vehicles (days), each from its own start node to its own end node,
 * with per-vehicle time windows on customers (several windows a day), service times,
 * per-vehicle caps (drive time, distance, visits, route duration), an optional break
 * (lunch) per vehicle, required customers, and integer costs.
 *
 *   maximise  sum(prize[c] for visited c) - sum(cost[i][j] over travelled arcs)
 *             - sum(balance term of each route)   (optional, see saha_vrp.balance)
 *
 * subject to feasibility. Every customer is visited at most once. Objectives map as:
 *   profit: prize = value (cents), cost = travel cost (cents);
 *   value (orienteering): prize = score * BIG, cost = distance (ties: least travel);
 *   cost (TSP/VRP): every customer required, prize 0, cost = distance.
 *
 * Integer units: time in seconds (or the instance's unit, scaled), cost and prize in
 * saha_cost units. All matrices are row-major nnodes x nnodes. */
#ifndef SAHA_INTERNAL_VRP_H
#define SAHA_INTERNAL_VRP_H

#include <stddef.h>
#include <stdint.h>

#include "internal/core.h"

typedef int64_t saha_cost;

#define SAHA_VRP_MAX_TW 6
#define SAHA_VRP_NO_LIMIT INT64_MAX

typedef struct saha_vrp_tw {
    int64_t open, close; /* service must START within [open, close] */
} saha_vrp_tw;

typedef struct saha_vrp_vehicle {
    size_t start_node, end_node; /* node indices (depots: >= ncustomers) */
    int64_t earliest_start;      /* may leave start_node at or after this time */
    int64_t latest_end;          /* must reach end_node at or before this time */
    int64_t max_travel_time;     /* sum of time[][] on the route; SAHA_VRP_NO_LIMIT */
    int64_t max_distance;        /* sum of dist[][]; SAHA_VRP_NO_LIMIT (needs dist) */
    int64_t max_visits;          /* SAHA_VRP_NO_LIMIT */
    /* Break: break_duration > 0 means one break of that length must START within
     * [break_earliest, break_latest]. It is taken at a node, after its service (or at the
     * start node before leaving, or at the end node when the route ends early enough):
     * the schedule takes it where the route then finishes earliest, ties going to
     * the earliest point (exact; see vrp_schedule.c). */
    int64_t break_duration, break_earliest, break_latest;
    /* 1: the break may also fall during a leg: the vehicle drives part of the leg,
     * stops for the break, then drives the rest (so waiting for the break window can be
     * spent driving). This includes every at-a-node position above. 0 = at a node only.
     */
    int break_on_road;
} saha_vrp_vehicle;

typedef struct saha_vrp {
    size_t ncustomers; /* customers are nodes 0 .. ncustomers-1 */
    size_t nnodes;     /* customers + depots */
    size_t nvehicles;
    const int64_t *time;     /* nnodes^2 travel time */
    const saha_cost *cost;   /* nnodes^2 arc cost (objective units) */
    const int64_t *dist;     /* nnodes^2 distance for max_distance; NULL if unused */
    const saha_cost *prize;  /* ncustomers */
    const int64_t *service;  /* ncustomers service time; NULL = 0 */
    const uint8_t *required; /* ncustomers: must be visited; NULL = none */
    /* Windows: ntw[v * ncustomers + c] windows for customer c on vehicle v, stored at
     * tw[(v * ncustomers + c) * SAHA_VRP_MAX_TW + k]; ntw 0 = vehicle v may not visit c.
     * ntw == NULL: every customer may be visited by every vehicle at any time. */
    const uint8_t *ntw;
    const saha_vrp_tw *tw;
    const saha_vrp_vehicle *vehicles;
    int symmetric; /* time/cost/dist are symmetric (lets 2-opt reverse cheaply) */
    /* Balance term: > 0 adds llround(balance * work^2) to each non-empty route's cost,
     * work = the route's travel time plus its service times (waiting and the break not
     * counted). Convex in work, so for a fixed total it is least when the routes are
     * equal: it moves work from long days to short ones. 0 = off. */
    double balance;
    /* 0: an empty route is not driven (cost 0, always feasible), as the benchmark sets
     * want (an unused team member stays put). 1: an empty route whose start and end
     * nodes differ is the direct drive between them (a day between two nights away). */
    int empty_drives;
    /* Day cost: NULL = none; else day_cost[v * ncustomers + c] is added to the cost of
     * route v when it serves customer c (a re-plan's stability: the penalty of moving a
     * visit off the day it had). Part of every route cost the engine computes. */
    const saha_cost *day_cost;
} saha_vrp;

/* The balance term of a route with `work` time units of travel and service. */
saha_cost saha__vrp_balance_cost(const saha_vrp *inst, int64_t work);

typedef struct saha_vrp_options {
    uint64_t seed;
    size_t iterations;   /* 0 = default for the size */
    double time_limit_s; /* 0 = none */
    unsigned threads;    /* 0 = all cores; results do not depend on it when iterations
                            bound the run */
    unsigned regret;     /* 1 recreate step in `regret` uses regret insertion instead
                            of cheapest insertion (0 = never, the default: see
                            vrp_ils.c for why) */
    saha_progress_fn progress;
    void *payload;
    saha_cost *best_out; /* when set: the generic engine's search 0 stores its best
                            objective (prizes of the visited minus route costs,
                            without the search's bonus for required customers)
                            here before each progress call; the TSP path does not */
} saha_vrp_options;

typedef struct saha_vrp_solution {
    size_t nvehicles;
    size_t *route_start; /* nvehicles + 1 offsets into order */
    size_t *order; /* customers of vehicle v: order[route_start[v] .. route_start[v+1]) */
    saha_cost objective; /* prize - cost as evaluated by saha__vrp_evaluate */
    int feasible;
} saha_vrp_solution;

/* Solves inst. On success out holds a feasible solution (possibly empty routes); when
 * required customers cannot all be served, returns SAHA_EINFEASIBLE with a message
 * naming one (by customer index) and out holds the best solution found anyway.
 * Free out with saha__vrp_solution_free. */
saha_status saha__vrp_solve(saha_ctx *ctx, const saha_vrp *inst,
                            const saha_vrp_options *opts, saha_vrp_solution *out);
void saha__vrp_solution_free(saha_ctx *ctx, saha_vrp_solution *sol);

/* Schedule of one route (customers seq[0..len) on vehicle v), the reference timing rule
 * shared by the solver and the plan's itinerary: leave the start at earliest_start (or
 * later if that saves waiting; see vrp_schedule.c), arrive, wait for the first window
 * that can still be met, serve; the break where the route finishes earliest. An
 * empty route is not driven: cost 0, always feasible.
 * Writes per-stop times when arrays are non-NULL; returns 1 when feasible, 0 when not. */
typedef struct saha_vrp_sched {
    int64_t depart_start; /* leave the start node */
    int64_t arrive_end;   /* reach the end node */
    int64_t break_start;  /* -1 none */
    size_t break_after;   /* break after this many customers (0 = at start) */
    int64_t travel_time, distance;
    int64_t service_time; /* sum of service times */
    saha_cost cost;       /* arc costs plus the balance term */
    /* Time driven on the leg after break_after customers before the break starts: 0 =
     * at the node before the leg (or the start); the leg's whole time = on reaching its
     * end (a customer, before service; or the end node). 0 when there is no break. */
    int64_t break_drive;
} saha_vrp_sched;
int saha__vrp_schedule(const saha_vrp *inst, size_t v, const size_t *seq, size_t len,
                       int64_t *arrive, int64_t *start, saha_vrp_sched *out);

/* Monotonic clock, seconds (deadlines of the engine and of the plan). */
double saha__vrp_now(void);

/* Recomputes the objective and feasibility of a whole solution from scratch (used by the
 * solver's tests and the benchmarks): 1 feasible, 0 not; *objective_out set either way.
 */
int saha__vrp_evaluate(const saha_vrp *inst, const saha_vrp_solution *sol,
                       saha_cost *objective_out);

#endif
