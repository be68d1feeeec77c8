/* The weekly plan's private pieces (plan_model.c, plan_reasons.c, plan_itinerary.c;
 * orchestrated by plan.c). Exposed here for the unit tests. */
#ifndef SAHA_INTERNAL_PLAN_MODEL_H
#define SAHA_INTERNAL_PLAN_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "internal/core.h"
#include "internal/vrp.h"
#include "saha/account.h"
#include "saha/plan.h"

/* One planned day (a vehicle of the instance). */
typedef struct saha_plan__day {
    saha_datetime date;
    int weekday; /* 0 = Monday */
    /* the working window of this date (per-weekday hours, half-day holidays), minutes */
    int start_min, end_min;
    int holiday; /* 1: one of the rep's holidays (a half day): PH hours apply */
    int off;     /* day offset from the horizon's first day */
} saha_plan__day;

/* The day r (len stops) with c put at position p, written to seq (len + 1 entries):
 * the trial sequence of an insertion (plan_fill.c, plan_room.c, plan_reasons.c). */
static inline void saha_plan__seq_insert(size_t *seq, const size_t *r, size_t len,
                                         size_t p, size_t c)
{
    memcpy(seq, r, p * sizeof *seq);
    seq[p] = c;
    memcpy(seq + p + 1, r + p, (len - p) * sizeof *seq);
}

/* Puts c at position p of day v in the flat order (total stops, room for one more) and
 * moves the later days' starts (route_start, nv + 1 entries); returns the new total. */
static inline size_t saha_plan__order_insert(size_t *order, size_t *route_start,
                                             size_t nv, size_t total, size_t v, size_t p,
                                             size_t c)
{
    size_t at = route_start[v] + p;
    memmove(order + at + 1, order + at, (total - at) * sizeof *order);
    order[at] = c;
    for (size_t w = v + 1; w <= nv; w++)
        route_start[w]++;
    return total + 1;
}

/* Cost of day v holding seq[0..len), or -1 when infeasible (plan_fill.c). */
saha_cost saha_plan__route_cost(const saha_vrp *inst, size_t v, const size_t *seq,
                                size_t len);
/* The cheapest feasible insertion of customer c into sol, whatever it costs: its day,
 * position and added cost; 0 when no day of its window has room (plan_fill.c, for the
 * fill steps and plan_reasons.c). seq is scratch of cap entries; a day of cap - 1 stops
 * or more is passed over. */
int saha_plan__cheapest_insertion(const saha_vrp *inst, const saha_vrp_solution *sol,
                                  size_t c, size_t *seq, size_t cap, size_t *v_out,
                                  size_t *p_out, saha_cost *delta_out);

#define SAHA_PLAN__MAX_HOTELS 3
/* A re-plan also offers the hotels of the previous plan's nights (at most this many
 * places), so that the nights spent and booked can be kept. */
#define SAHA_PLAN__MAX_BOOKED_HOTELS 8
#define SAHA_PLAN__MAX_HOTEL_NODES (SAHA_PLAN__MAX_HOTELS + SAHA_PLAN__MAX_BOOKED_HOTELS)
/* Hotel places are considered among accounts at least this far from home (seconds of
 * driving), and a place's pull is the value of the far accounts within
 * SAHA_PLAN__HOTEL_REACH_S of it. */
#define SAHA_PLAN__FAR_S 5400.0
#define SAHA_PLAN__HOTEL_REACH_S 2700.0

/* A visit before the re-plan moment, fixed on its day at its time (plan_replan.c). */
typedef struct saha_plan__frozen {
    size_t account;
    saha_datetime date; /* hour/minute: the visit start */
    int64_t day;        /* saha__days_from_civil(date) */
    int from_log;       /* 1: a done row of the log; 0: the previous plan */
    size_t line;        /* log or previous-plan line */
} saha_plan__frozen;

/* What the visit log, the previous plan and the moment say, per account, resolved
 * before the model is built (plan_replan.c). All arrays have one entry per account. */
typedef struct saha_plan__replan {
    saha_ctx *ctx;
    int64_t day0; /* days_from_civil of the horizon's first day */
    int has_moment;
    int64_t moment_day; /* days_from_civil of the moment's date */
    int32_t moment_s;   /* seconds after midnight */
    saha_account *acc;  /* the accounts as the model sees them (appointment, last
                           visit updated); strings borrowed from the set */
    uint8_t *cancelled; /* cancelled by the customer and not re-booked */
    size_t *cancel_line;
    uint8_t *urgent;
    int64_t *done_day; /* last done day (log or frozen), INT64_MIN: none */
    size_t *done_line;
    size_t nfrozen;
    saha_plan__frozen *frozen; /* by account, then time */
    size_t ndays_off;
    int64_t *days_off; /* rep + options */
    double stability;  /* currency per moved visit (resolved, >= 0) */
    int64_t slack_s;   /* confirmed slack */
    const saha_previous_plan *prev;
    const saha_visit_log *log;
    /* Where the rest of the moment's day starts (opts has_position): the place, the
     * time the rep is free there (seconds after midnight, >= the moment) and its
     * travel-matrix point (set by plan.c; SIZE_MAX when there is no position). */
    int has_position;
    saha_latlon position;
    int32_t resume_s;
    size_t pos_point;
    /* The previous plan's nights away: per day offset of the horizon (horizon
     * entries), the account near whose hotel the rep spends the night after that day
     * (SIZE_MAX: at home). */
    size_t horizon;
    size_t *night_prev;
} saha_plan__replan;

saha_status saha_plan__replan_build(saha_plan__replan *rp, saha_ctx *ctx,
                                    const saha_account_set *accounts, const saha_rep *rep,
                                    const saha_plan_options *opts);
void saha_plan__replan_free(saha_plan__replan *rp);
struct saha_plan_model;
/* After the customers and windows are built: confirmed visits, urgent accounts, the
 * moment's day (start time, lunch), past days that cannot be replayed exactly, and the
 * stability day costs. pstart/pend: each customer's period (day offsets). */
saha_status saha_plan__replan_apply(struct saha_plan_model *m, int64_t day0,
                                    const int *pstart, const int *pend);
/* Before the candidate hotels are chosen (rep overnight.allowed): the hotels of the
 * previous plan's nights become the first hotel places (at most
 * SAHA_PLAN__MAX_BOOKED_HOTELS, accounts with coordinates). */
void saha_plan__replan_hotels(struct saha_plan_model *m);

/* After the search (re-plan with a previous plan and stability > 0): each day whose
 * kept visits (planned that day before too) are out of their previous order is
 * rebuilt with them in that order and the day's other visits at their cheapest
 * feasible places, when that is feasible and costs at most one stability amount more.
 * @return SAHA_OK, SAHA_ENOMEM */
saha_status saha_plan__replan_order(const struct saha_plan_model *m,
                                    saha_vrp_solution *sol);

/* When the search missed a required visit: places the required visits alone, the
 * most constrained first (frozen ones on their days, then the one with the fewest
 * feasible places at its cheapest), and keeps each on the day it got (the windows of
 * the other days removed) for a second solve.
 * @return SAHA_OK, SAHA_EINFEASIBLE (one fits nowhere; m unchanged), SAHA_ENOMEM */
saha_status saha_plan__pin_required(struct saha_plan_model *m);

/* Accounts + rep + travel matrix as a saha_vrp. Points of the travel matrix: index 0 is
 * the rep's home, then the accounts that have coordinates in account order (mat_of[a]).
 * Customers of the instance are the accounts that can be visited at all (coordinates,
 * open on some planned day, appointment inside the horizon); the rest get a reason
 * before solving (pre_reason[a] != SAHA_SKIP_NONE). */
typedef struct saha_plan_model {
    saha_ctx *ctx;
    const saha_account_set *accounts;
    const uint8_t *only; /* NULL = every account; else account a is planned iff only[a]
                            (the others get no customer and are not reported) */
    /* Set by saha_plan_solve after a preselection (saha_plan__preselect): only is the
     * selection, user_only the caller's flags (NULL = all); accounts the caller asked
     * for that were not selected are reported as SAHA_SKIP_NOT_CONSIDERED. */
    int preselected;
    const uint8_t *user_only;
    saha_datetime presel_start; /* the horizon start (values of the left-out accounts) */
    size_t presel_cap;          /* the accounts it kept besides the required ones */
    saha_rep rep;
    saha_objective objective;
    size_t naccounts;
    size_t nmat;          /* matrix points: 1 + accounts with coordinates */
    const double *dur_s;  /* nmat x nmat, borrowed */
    const double *dist_m; /* nmat x nmat, borrowed */
    /* which legs are the road model's estimates (set after saha_plan__model_build):
     * all when est_all, else leg (i, j) when est_pt[i] or est_pt[j] (NULL: none) */
    int est_all;
    const uint8_t *est_pt;
    size_t *mat_of;     /* account -> matrix point, SIZE_MAX without coordinates */
    size_t *cust_of;    /* account -> its first customer, SIZE_MAX when none */
    size_t *ncopies;    /* account -> customers (visits it may get: its copies are
                           cust_of[a] .. cust_of[a] + ncopies[a] - 1) */
    size_t *account_of; /* customer -> account */
    double *visit_earn; /* customer -> what that visit earns (currency) */
    double *earn;       /* account -> value x probability x urgency (currency) */
    double *urgency;    /* account -> cadence factor (1 = none) */
    saha_skip_reason *pre_reason; /* account -> reason found before solving */
    saha_detail *pre_why; /* account -> its detail (texts in the arena); code 0 none */
    size_t ndays;
    saha_plan__day *days; /* vehicles */
    saha_vrp vrp;         /* arrays below are owned by the model */
    int64_t *time, *dist;
    saha_cost *cost, *prize;
    int64_t *service;
    uint8_t *required, *ntw;
    saha_vrp_tw *tw;
    saha_vrp_vehicle *vehicles;
    /* Overnight stays (rep overnight.allowed): candidate hotel places, each at the
     * position of an account in a far, valuable cluster; node depot + 1 + k. */
    size_t nhotels;
    size_t hotel_account[SAHA_PLAN__MAX_HOTEL_NODES];
    saha_cost hotel_units; /* one night in objective units */
    /* Re-plan: per vehicle v, the hotel (index into hotel_account) of the night after
     * it that is past and stays (night_fixed), or that the previous plan booked and is
     * kept unless dropping it wins more than the stability amount (night_booked);
     * SIZE_MAX: none. night_from: the first vehicle whose night may still change (the
     * moment's day). NULL/0 outside re-plans. */
    size_t *night_fixed, *night_booked;
    size_t night_from;
    /* Re-plan: per vehicle, 1 when the previous plan's night after it is not booked
     * because every visit of its trip was cancelled or moved (NULL: none). */
    uint8_t *night_trip_off;
    /* Re-plan (rp != NULL): per customer, the vehicle of a frozen visit (SIZE_MAX =
     * a regular visit) and whether it is confirmed; per account, its first regular
     * customer (SIZE_MAX none); the stability day costs (vrp.day_cost). */
    const saha_plan__replan *rp;
    size_t *frozen_day;
    uint8_t *confirmed;
    size_t *reg_of;
    saha_cost *day_cost;
    saha_cost stability_units;
    double stability; /* currency */
    /* Re-plan with a position: its node (after the hotels; SIZE_MAX none), the day it
     * applies to, and the frozen customer after which the rep is there (SIZE_MAX: the
     * day starts at the position node). The frozen customer's outgoing legs are the
     * position's (plan_replan.c). */
    size_t pos_node, pos_vehicle, pos_after;
    saha__arena arena;
    /* Quarter plans (opts->cadence, plan_cadence.c); cad is NULL otherwise. */
    struct saha_plan__cad *cad; /* account -> cadence */
    int *win_lo, *win_hi;       /* customer -> its window, day offsets [lo, hi) */
    uint8_t *win_req;           /* customer -> owed by the cadence in this plan */
    size_t *win_k;              /* customer -> window index of its account */
    int64_t day0;
    int horizon;
    double stretch, need_s, avail_s;
    double drop_kept_per_h; /* --overload drop: least value per hour of a droppable kept
                               visit (saha_itinerary.drop_kept_value_per_hour) */
    /* overloaded quarter plan: currency per second of driving between two visits on
     * top of the rep's costs (the value an hour of work earns at the margin), 0 else */
    double time_price;
    uint8_t *open_av;     /* [a * ndays + v]: account a has a window on vehicle v */
    const int *tier_freq; /* opts->frequency_days (suggested cadences) or NULL */
} saha_plan_model;

/* Repeat visits (cadence): an account with frequency_days F shorter than the horizon
 * of H days may be visited once per period of F days: the periods start on the day it
 * is due (day 0 when overdue or without last_visit; periods before it are cut) and tile
 * the rest of the horizon: [s0 + kF, min(s0 + (k+1)F, H)). Any other account has one
 * period, the whole horizon. Writes at most cap periods as day offsets from the start
 * (lo inclusive, hi exclusive) and returns how many. */
#define SAHA_PLAN__MAX_VISITS 14
size_t saha_plan__periods(const saha_account *acc, saha_datetime start, int horizon_days,
                          int *lo, int *hi, size_t cap);

/* Prize scale of the `value` objective: prize = value in cents x this, so that one
 * currency unit of value (1e8) outweighs any travel distance in metres a week can have
 * (< 100,000 km); earned values are capped at SAHA_PLAN__VALUE_CAP currency units. */
#define SAHA_PLAN__VALUE_SCALE INT64_C(1000000)
#define SAHA_PLAN__VALUE_CAP 1e8

/* Builds the model. off_road_m (may be NULL): per matrix point, NaN, or the metres the
 * OSRM server moved it to reach a road when that exceeds snap_max_m: such an account is
 * left out (SAHA_SKIP_UNROUTABLE). days: the first day of the horizon; horizon_days
 * calendar days, of which the rep's working days become vehicles. dur_s/dist_m are
 * borrowed (nmat x nmat over home + accounts with coordinates, in account order) and must
 * outlive the model. balance (saha_vrp.balance, objective units per work second squared)
 * and hotel_units (one night, objective units) complete it: nothing edits the model once
 * it is built.
 * @return SAHA_OK, SAHA_EINVAL, SAHA_EINFEASIBLE (a must-visit or appointment that cannot
 *         be met whatever the plan: message names the account), SAHA_ENOMEM */
saha_status saha_plan__model_build(
    saha_plan_model *m, saha_ctx *ctx, const saha_account_set *accounts,
    const saha_rep *rep, saha_objective objective, saha_datetime start, int horizon_days,
    const uint8_t *only, const double *dur_s, const double *dist_m, size_t nmat,
    double balance, saha_cost hotel_units, const double *off_road_m, double snap_max_m,
    const saha_plan__replan *rp, const saha_plan_options *qopts);
void saha_plan__model_free(saha_plan_model *m);
/* Solves the model, choosing nights away at the candidate hotels when the rep allows
 * them (plan_overnight.c); otherwise exactly saha__vrp_solve. On return the model's
 * vehicles hold the returned solution's start and end nodes; *nights = nights away. */
saha_status saha_plan__solve_overnight(saha_plan_model *m, const saha_vrp_options *vo,
                                       saha_vrp_solution *sol, size_t *nights);
/* Travel-matrix point of a node of the model's instance (customer, home or hotel). */
size_t saha_plan__node_point(const saha_plan_model *m, size_t node);
/* The engine's distance (metres, rounded) of the leg between nodes i and j: vrp.dist when
 * the model keeps it (a daily km cap), else from dist_m as the model build rounds it. */
int64_t saha_plan__leg_m(const saha_plan_model *m, size_t i, size_t j);
/* Account index of the hotel at node `node`, or SIZE_MAX (home or not a depot). */
size_t saha_plan__node_hotel(const saha_plan_model *m, size_t node);

/* The preselection for big lists (see SAHA_PLAN_MAX_CANDIDATES): *sel_out is NULL when
 * at most cap accounts with coordinates are among `only` (NULL = all); else
 * saha_account_count() flags (free with saha__free): accounts without coordinates as
 * in only, every must-visit/appointment account and every one flagged in keep (NULL =
 * none), then the best others by score until cap. O(n log n). *nsel_out (may be NULL)
 * gets how many it kept. */
saha_status saha_plan__preselect(saha_ctx *ctx, const saha_account_set *accounts,
                                 const saha_rep *rep, const uint8_t *only,
                                 const uint8_t *keep, saha_datetime start, size_t cap,
                                 uint8_t **sel_out, size_t *nsel_out);

/* Number of accounts with coordinates (among `only`, NULL = all), and their matrix order
 * (home first) for the caller that builds the matrix: fills pts[0] = home, pts[1..] =
 * accounts with coords. */
size_t saha_plan__matrix_points(const saha_account_set *accounts, const saha_rep *rep,
                                const uint8_t *only, saha_latlon *pts, const char **ids);

/* Adds every unvisited customer whose cheapest feasible insertion improves the objective
 * (greedy repair after the solver). Updates sol in place. @return SAHA_OK, SAHA_ENOMEM */
saha_status saha_plan__repair(const saha_plan_model *m, saha_vrp_solution *sol);

/* Why customer-less or unvisited account a was left out, with its detail written to
 * *why (saha_export_detail_text words it); a text of *why may point into scratch (cap
 * bytes) or the model, so the caller copies them. sol: the final solution. */
saha_skip_reason saha_plan__reason(const saha_plan_model *m, const saha_vrp_solution *sol,
                                   size_t a, saha_detail *why, char *scratch, size_t cap);

/* Why required customer c cannot be placed in any plan, when a short proof exists
 * (plan_explain.c): the sentence is written to buf (cap bytes) and 1 returned; else 0
 * (the search may just have missed it). Days beyond SAHA_PLAN__EXPLAIN_MAX_DAYS: 0. */
#define SAHA_PLAN__EXPLAIN_MAX_DAYS 128
int saha_plan__explain_required(const saha_plan_model *m, size_t c, char *buf,
                                size_t cap);

/* 1 when the leg between matrix points i and j is the road model's estimate. */
static inline int saha_plan__leg_estimated(const saha_plan_model *m, size_t i, size_t j)
{
    return m->est_all || (m->est_pt && (m->est_pt[i] || m->est_pt[j]));
}

/* The itinerary storage; filled by saha_plan__itinerary_build. */
typedef struct saha_plan__store {
    saha_itinerary it;
    saha_plan_day *days;
    saha_plan_stop *stops;
    saha_plan_skip *skipped;
    saha__arena arena;
} saha_plan__store;

/* Calendar identities (uid, sequence, etag) of every stop and, with a previous plan,
 * the changes list with reasons (plan_changes.c). */
saha_status saha_plan__changes_build(saha_plan__store *st, const saha_plan_model *m,
                                     const saha_vrp_solution *sol,
                                     const saha_plan_options *opts);

saha_status saha_plan__itinerary_build(saha_plan__store *st, const saha_plan_model *m,
                                       const saha_vrp_solution *sol);
void saha_plan__store_free(saha_ctx *ctx, saha_plan__store *st);

/* Formats opening hours of account a restricted to nothing (canonical OSM text), for
 * details. */
void saha_plan__hours_text(const saha_account *acc, char *dst, size_t cap);

#endif
