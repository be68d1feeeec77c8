/* An itinerary checker independent of the optimiser (tests/unit/helper_plan_check.c): it
 * recomputes every time from the travel matrix, the rep file and the accounts' opening
 * hours, without using the solver's instance, windows or schedule. Used by the tests. */
#ifndef SAHA_INTERNAL_PLAN_CHECK_H
#define SAHA_INTERNAL_PLAN_CHECK_H

#include <stddef.h>

#include "saha/account.h"
#include "saha/plan.h"

/* Checks `it` against the accounts, the rep and the travel matrix (nmat x nmat over home
 * then the accounts with coordinates in account order; durations rounded to whole
 * seconds, as the plan does): legs and arrival times, waiting only forward, visit start
 * inside an opening span of that weekday that also holds the whole visit and inside the
 * working day, lunch once per day with visits, inside its window and not overlapping a
 * visit or a drive, return home by day_end, drive/km/visit caps, must-visit accounts and
 * appointments (on their day, at their time) present, every valid account exactly once
 * in a day or in the skipped list, reported totals.
 * ctx: for allocation only. Writes the first problem to msg (cap bytes; "" when none).
 * @return the number of problems found (0: the itinerary is feasible) */
size_t saha_plan__check(saha_ctx *ctx, const saha_itinerary *it,
                        const saha_account_set *accounts, const saha_rep *rep,
                        const double *dur_s, const double *dist_m, size_t nmat,
                        saha_datetime start, int horizon_days, char *msg, size_t cap);

/* The same for a re-plan (ro: the options it was planned with): appointments as the
 * visit log moved or cancelled them, and the re-plan's rules: every done row of the log
 * in the horizon replayed on its day at its time (the frozen past is a day like the
 * others for the checks above), no new visit before the moment, no visit on a day off,
 * no visit of a cancelled account, no repeat of a done account before its cadence. */
size_t saha_plan__check_replan(saha_ctx *ctx, const saha_itinerary *it,
                               const saha_account_set *accounts, const saha_rep *rep,
                               const double *dur_s, const double *dist_m, size_t nmat,
                               const saha_plan_options *ro, char *msg, size_t cap);

/* The same for a re-plan from a position (ro->has_position): pos_dur_s / pos_dist_m
 * hold the legs from the position to each of the nmat matrix points (the rep's travel
 * model, as the plan takes them); the moment's day goes on from there. */
size_t saha_plan__check_replan_at(saha_ctx *ctx, const saha_itinerary *it,
                                  const saha_account_set *accounts, const saha_rep *rep,
                                  const double *dur_s, const double *dist_m, size_t nmat,
                                  const saha_plan_options *ro, const double *pos_dur_s,
                                  const double *pos_dist_m, char *msg, size_t cap);

#endif
