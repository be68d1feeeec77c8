/* Private interface of the periodic VRP solver (vrp_pvrp*.c).
 *
 * A pv_sol holds ndays * nvehicles routes (route r is vehicle r % nvehicles of day
 * r / nvehicles), each customer's chosen combination and, per customer and day, the
 * route that visits it. Capacity and duration may be exceeded during the search; the
 * excess is priced by the penalties in pv_pen, so the search can cross infeasible
 * plans on tight instances (after Vidal et al. 2012). A change is made on the current
 * solution and undone from a journal of the routes it touched (pv_undo), so one
 * ruin-and-recreate step costs time in proportion to what it changes.
 * Nothing here allocates after pv_sol_init / pv_work_init. */
#ifndef SAHA_INTERNAL_VRP_PVRP_H
#define SAHA_INTERNAL_VRP_PVRP_H

#include <stddef.h>
#include <stdint.h>

#include "vrp/vrp_engine.h"

/* Read-only data of one solve. */
typedef struct pv_shared {
    const saha_vrp_pvrp *in;
    size_t n, nd, nv, nr, depot; /* customers, days, vehicles a day, routes, depot */
    size_t *nbr;                 /* n * n: customers by increasing cost from each */
    double avg_len;              /* customers per non-empty route (ruin sizes) */
} pv_shared;

/* Penalty prices of the excess, in cost units per unit. */
typedef struct pv_pen {
    double load, dur;
} pv_pen;

typedef struct pv_route {
    size_t *seq; /* n entries */
    size_t len;
    int64_t load, dur; /* demand; travel + service time */
    saha_cost cost;    /* arc cost, depot to depot (0 when empty) */
} pv_route;

typedef struct pv_sol {
    const pv_shared *sh;
    pv_route *r;    /* nr */
    size_t *comb;   /* n: index into in->comb, VRP_NONE = not placed */
    size_t *where;  /* n * nd: route visiting c on day d, VRP_NONE */
    saha_cost cost; /* sum of route costs */
    double pcost;   /* cost + penalties at the last pv_sol_price */
    int64_t xload;  /* total excess load */
    int64_t xdur;   /* total excess duration */
    size_t nplaced; /* customers with a combination */
} pv_sol;

/* Journal of one step: the routes touched (their content before) and the customers
 * whose combination changed. */
typedef struct pv_undo {
    pv_route *saved;   /* nr: copies, valid where touched */
    uint8_t *touched;  /* nr */
    size_t *tlist, nt; /* touched routes */
    size_t *clist, nc; /* customers removed (combination saved in ccomb) */
    size_t *ccomb;     /* n */
    saha_cost cost;
    int64_t xload, xdur;
    size_t nplaced;
} pv_undo;

/* Per-search scratch. */
typedef struct pv_work {
    const pv_shared *sh;
    pv_undo u;
    size_t *removed, nrem; /* customers taken out by the ruin */
    uint8_t *isrem;        /* n */
    uint8_t *ruined;       /* nr: route already cut by a string this step */
    uint8_t *cand;         /* nr: route already a candidate of the recreate */
    size_t *clist;         /* nr: the candidate routes of one day */
    saha_cost *key;        /* n: sort keys of the recreate */
    saha__rng rng;
} pv_work;

saha_status saha__pv_shared_init(saha_ctx *ctx, pv_shared *sh, const saha_vrp_pvrp *in);
void saha__pv_shared_free(saha_ctx *ctx, pv_shared *sh);
saha_status saha__pv_sol_init(saha_ctx *ctx, pv_sol *s, const pv_shared *sh);
void saha__pv_sol_free(saha_ctx *ctx, pv_sol *s);
void saha__pv_sol_copy(pv_sol *dst, const pv_sol *src);
saha_status saha__pv_work_init(saha_ctx *ctx, pv_work *w, const pv_shared *sh);
void saha__pv_work_free(saha_ctx *ctx, pv_work *w);

/* Excess of a route over its day's limits (inline: the recreate's inner loop). */
static inline int64_t saha__pv_xload(const pv_shared *sh, size_t r, int64_t load)
{
    int64_t q = sh->in->capacity[r / sh->nv];
    return load > q ? load - q : 0;
}
static inline int64_t saha__pv_xdur(const pv_shared *sh, size_t r, int64_t dur)
{
    int64_t d = sh->in->max_duration[r / sh->nv];
    return dur > d ? dur - d : 0;
}
/* Sets s->pcost from cost, xload, xdur and the prices. */
void saha__pv_sol_price(pv_sol *s, const pv_pen *pen);

/* Starts a journal on s (empty). */
void saha__pv_begin(pv_sol *s, pv_undo *u);
/* Keeps the step's changes (clears the journal). */
void saha__pv_commit(pv_undo *u);
/* Restores s to the state at pv_begin. */
void saha__pv_rollback(pv_sol *s, pv_undo *u);
/* Takes customer c out of every route (journaled); its combination becomes NONE. */
void saha__pv_remove(pv_sol *s, pv_undo *u, size_t c);
/* Inserts c on route r at position pos (journaled). */
void saha__pv_insert(pv_sol *s, pv_undo *u, size_t c, size_t r, size_t pos);

/* Ruin (vrp_pvrp_ruin.c): removes strings of customers around a random seed customer
 * (all their visits); fills w->removed. avg_removed: mean customers per step. */
void saha__pv_ruin(pv_sol *s, pv_work *w, double avg_removed);
/* Recreate (vrp_pvrp_recreate.c): puts back every customer of w->removed (and any
 * other unplaced one), each on the combination and positions of least penalised cost;
 * blink > 0 skips each position with that probability. */
void saha__pv_recreate(pv_sol *s, pv_work *w, const pv_pen *pen, double blink);

/* Intra-route 2-opt and or-opt of route r to a local optimum (vrp_pvrp_ls.c); the
 * route keeps its customers, so loads do not change. Not journaled: a kept plan only. */
void saha__pv_route_opt(pv_sol *s, const pv_pen *pen, size_t r);
/* 2-opt of route r with O(1) move evaluation, to a local optimum; for a route the step
 * has journaled (it changes only the order inside the route). */
void saha__pv_route_2opt(pv_sol *s, const pv_pen *pen, size_t r);

#endif
