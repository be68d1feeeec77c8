/* Quarter plans: dated cadence windows, the stretch factor and the day assignment by
 * geography (plan_cadence.c; used by plan_model.c and plan.c). Exposed here for the
 * unit tests (tests/unit/test_cadence.c). */
#ifndef SAHA_INTERNAL_PLAN_CADENCE_H
#define SAHA_INTERNAL_PLAN_CADENCE_H

#include <stddef.h>
#include <stdint.h>

#include "saha/account.h"
#include "saha/error.h"
#include "saha/plan.h"

/* The most visit windows one account gets (a 91-day horizon visited daily). */
#define SAHA_PLAN__MAX_SLOTS 400

/* An account's cadence as the model sees it. Day offsets count from the horizon's
 * first day. */
typedef struct saha_plan__cad {
    int freq;         /* F in days (stretched when overloaded); 0 = no cadence */
    int base_freq;    /* frequency_days as given */
    int tol;          /* T: a visit is on time within T days of its due date */
    int has_last;     /* last_visit known */
    int due0;         /* first due day offset (last_visit + F - start); may be < 0 */
    int pmin, pmax;   /* allowed centres of the first window; pmin > pmax: not due */
    int phase;        /* the chosen centre of the first window */
    size_t nreq;      /* windows that close inside the horizon at the chosen phase */
    size_t ndrop;     /* of them, dropped by --overload drop */
    int spare;        /* 1: not due in the horizon, offered an early visit */
    double work_s;    /* estimated working time one visit needs (service + travel) */
    size_t nwin;      /* windows at the chosen phase (owed, then optional) */
    size_t *pref;     /* window -> preferred vehicle of the day assignment (SIZE_MAX) */
    uint8_t *drop;    /* window -> 1: dropped by --overload drop for its value, 2: its
                       * days were full (room_pass); NULL: none dropped */
    double *drop_key; /* window -> its value per hour of work (owed windows; with drop) */
    int *wlo, *whi;   /* window -> its days [wlo, whi) (after saha_plan__cadence_shift) */
    uint8_t *wreq;    /* window -> owed in this plan; all three NULL: no windows */
} saha_plan__cad;

/* Tolerance T (days) of account i for interval freq: its `frequency_tolerance` column
 * ("3": days, "20%": a share of freq) when set, else share x freq, rounded. Writes *out,
 * and *share_out (may be NULL): the share used, or -1 for a fixed number of days.
 * @return SAHA_OK or SAHA_EPARSE ("FILE:LINE: frequency_tolerance: reason") */
saha_status saha_plan__cadence_tolerance(saha_ctx *ctx, const saha_account_set *set,
                                         size_t i, int freq, double share, int *out,
                                         double *share_out);

/* Window half-width h = T / 2 (floor): consecutive windows' centres are freq apart, so
 * any two visits in consecutive windows are freq +- 2h, within freq +- T. */
static inline int saha_plan__cadence_half(int tol)
{
    return tol / 2;
}

/* The allowed centres [*pmin, *pmax] of the first window: without last_visit, any day
 * of the first cycle [0, freq - 1]; with it, the due day (0 when overdue: due at once)
 * +- (T - h), never before day 0. pmin >= horizon: not due in the horizon. */
void saha_plan__cadence_phase_range(int has_last, int due0, int freq, int tol, int *pmin,
                                    int *pmax);

/* Windows of a cadence with first centre `phase`: window k is [lo, hi) (day offsets)
 * with centre phase + k freq, +- h, cut to [0, horizon); req[k] = 1 when the window
 * closes inside the horizon (centre + h < horizon), so the visit is owed in this plan.
 * Writes at most cap windows, returns how many. */
size_t saha_plan__cadence_windows(int freq, int tol, int phase, int horizon, int *lo,
                                  int *hi, uint8_t *req, size_t cap);

/* Moves the centres of windows 1 .. n-1 (from saha_plan__cadence_windows with this
 * phase) off days the account cannot be visited: centre k stays within F +- s of
 * centre k-1 (s = T - 2h, the slack the half-width leaves), so any two visits in
 * consecutive windows remain F +- T apart; it is the nominal phase + k F when that
 * window has a workable day (workable[offset] != 0), else the nearest centre to it
 * in that range whose window has one (earlier first on a tie), else the nominal
 * clamped to the range. Rewrites lo, hi, req (a window pushed past the horizon gets
 * lo = hi = horizon). A holiday on a one-day window (F 7, T 1) then moves the visit
 * a day instead of losing it. */
void saha_plan__cadence_shift(int freq, int tol, int phase, const uint8_t *workable,
                              int horizon, int *lo, int *hi, uint8_t *req, size_t n);

/* One account for the capacity check: its interval, tolerance share (or fixed T when
 * tol_days >= 0), first due day and estimated work per visit. */
typedef struct saha_plan__cad_need {
    int freq;
    int tol_days; /* >= 0: a fixed tolerance in days; < 0: share x freq */
    double share; /* tolerance share when tol_days < 0 */
    int has_last;
    int64_t last_off; /* last_visit - start in days (has_last) */
    double work_s;
    double value; /* what one visit earns: value x probability (currency) */
} saha_plan__cad_need;

/* Required visits of one account when every interval is stretched by s (F' = ceil(F s)),
 * counted at its earliest phase. Non-increasing in s. */
size_t saha_plan__cadence_required(const saha_plan__cad_need *n, double s, int horizon);
/* Working time the required visits need at stretch s. */
double saha_plan__cadence_need_s(const saha_plan__cad_need *n, size_t count, double s,
                                 int horizon);
/* The smallest stretch factor on the grid 1, 1.01, 1.02, ... 4 whose need fits
 * avail_s (binary search: the need is non-increasing in s); 1 when it fits already,
 * and 4 when nothing on the grid fits. */
double saha_plan__cadence_stretch(const saha_plan__cad_need *n, size_t count, int horizon,
                                  double avail_s);

/* What an hour of work earns at the margin when the required visits at stretch s do
 * not fit avail_s: taking the accounts by falling value per hour of work (value /
 * work_s), the value per hour of the one whose visits first pass avail_s (the marginal
 * item of a fractional knapsack). Writes *out (currency per hour), 0 when all fit.
 * @return SAHA_OK or SAHA_ENOMEM */
saha_status saha_plan__cadence_hour_value(saha_ctx *ctx, const saha_plan__cad_need *n,
                                          size_t count, double s, int horizon,
                                          double avail_s, double *out);

struct saha_plan_model;
struct saha_plan__store;
/* The cadence of every account of the model (m->cad), before customers are made:
 * tolerance, phase range, the overload rule (stretch / drop) and the day assignment by
 * geography that chooses each account's phase. opts: the caller's plan options. */
saha_status saha_plan__cadence_setup(struct saha_plan_model *m,
                                     const saha_account_set *accounts,
                                     saha_datetime start, int horizon,
                                     const saha_plan_options *opts);
/* Soft day preferences from the day assignment (vrp.day_cost): a visit off its
 * preferred day costs the extra driving the assignment estimated. After the customers
 * and the re-plan costs are in. */
saha_status saha_plan__cadence_prefs(struct saha_plan_model *m);
/* The itinerary's cadence entries (it->cadence), after the itinerary is built. */
saha_status saha_plan__cadence_report(struct saha_plan__store *st,
                                      const struct saha_plan_model *m);

struct saha_vrp_solution;
/* Gives sol->order room for every customer (nc entries more than its nv days hold), the
 * stops kept, so that the fill steps insert without reallocating (plan_fill.c). */
saha_status saha_plan__order_room(saha_ctx *ctx, struct saha_vrp_solution *sol, size_t nv,
                                  size_t nc);
/* After the search (plan_fill.c): every day left empty while a visit's window is open
 * on it gets the visit that costs its day the least (unplanned, or moved from a day
 * that keeps one), owed windows first. sol stays feasible.
 * @return SAHA_OK, SAHA_ENOMEM */
saha_status saha_plan__fill_days(const struct saha_plan_model *m,
                                 struct saha_vrp_solution *sol);
/* After the greedy repair (--overload drop, plan_fill.c): every kept owed window
 * without a visit gets one at its cheapest feasible place, or is dropped as "days full"
 * (cad drop[k] = 2) when no day of it has room, so the report names it.
 * @return SAHA_OK, SAHA_ENOMEM */
saha_status saha_plan__fill_kept(struct saha_plan_model *m,
                                 struct saha_vrp_solution *sol);
/* After the greedy repair (plan_room.c): unplanned visits whose value is above the
 * real cost of their cheapest feasible insertion (the price of time taken off) are
 * inserted, the best gain first.
 * @return SAHA_OK, SAHA_ENOMEM */
saha_status saha_plan__fill_room(const struct saha_plan_model *m,
                                 struct saha_vrp_solution *sol);

#endif
