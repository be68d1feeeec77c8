/* plan_explain: why a required visit (an appointment, a must-visit, an urgent account, a
 * confirmed visit) could not be placed, in words the rep can act on.
 *
 * Method: a proof by relaxation, so that what is said is always true. For the missed
 * customer c, the days it fits alone are found with saha__vrp_schedule (the reference
 * timing rule: windows, working day, lunch, drive cap). If there are none, it fits no
 * day even alone, and the drive there and back is compared with the drive cap. Else, for
 * each such day v, a partner is sought: another required customer that fits alone on v
 * only, such that neither order of the two (c then p, p then c) is feasible on v, even
 * with nothing else on the route. Adding visits never makes a route feasible again, so
 * when every day c fits has such a partner, c cannot be placed in any plan. Otherwise
 * nothing is claimed (the search just missed it, or more than two visits conflict).
 * Complexity: O(days x required customers) schedules of at most two stops.
 * Caller: plan.c (name_infeasible). See CONTRIBUTING.md, "Errors". */
#include <stdio.h>
#include <string.h>

#include "internal/plan_model.h"

static const char *const wd_names[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

/* A short tag for why customer c must be visited ("urgent"), or NULL. */
static const char *why_tag(const saha_plan_model *m, size_t c)
{
    size_t a = m->account_of[c];
    const saha_account *acc = saha_account_at(m->accounts, a);
    int appt = m->rp ? m->rp->acc[a].has_appointment : acc->has_appointment;
    if (appt)
        return "appointment";
    if (m->rp && m->rp->urgent[a])
        return "urgent";
    if (acc->must_visit)
        return "must visit";
    if (m->rp && m->confirmed && m->confirmed[c])
        return "confirmed visit";
    return NULL;
}

static int fits(const saha_vrp *inst, size_t v, const size_t *seq, size_t len)
{
    saha_vrp_sched sc;
    for (size_t k = 0; k < len; k++)
        if (inst->ntw && !inst->ntw[v * inst->ncustomers + seq[k]])
            return 0;
    return saha__vrp_schedule(inst, v, seq, len, NULL, NULL, &sc);
}

/* Drive time of start -> seq -> end on vehicle v (time units of the instance). */
static int64_t drive(const saha_vrp *inst, size_t v, const size_t *seq, size_t len)
{
    const saha_vrp_vehicle *veh = &inst->vehicles[v];
    size_t n = inst->nnodes, at = veh->start_node;
    int64_t t = 0;
    for (size_t k = 0; k < len; k++) {
        t += inst->time[at * n + seq[k]];
        at = seq[k];
    }
    return t + inst->time[at * n + veh->end_node];
}

static void day_label(const saha_plan_model *m, size_t v, char *buf, size_t cap)
{
    if (v < m->ndays) {
        const saha_plan__day *d = &m->days[v];
        snprintf(buf, cap, "%s %04d-%02d-%02d", wd_names[d->weekday % 7], d->date.year,
                 d->date.month, d->date.day);
    } else
        snprintf(buf, cap, "day %zu", v + 1);
}

/* The only vehicle on which customer p fits alone, SIZE_MAX when none or several. */
static size_t only_day(const saha_vrp *inst, size_t p)
{
    size_t found = SIZE_MAX;
    for (size_t v = 0; v < inst->nvehicles; v++)
        if (fits(inst, v, &p, 1)) {
            if (found != SIZE_MAX)
                return SIZE_MAX;
            found = v;
        }
    return found;
}

/* "HEAD T minTAIL, more than the CAP min a day allows" into buf when the drive time t
 * is over the vehicle's drive cap cap_t: 1 then, else 0. */
static int over_cap(char *buf, size_t cap, const char *head, const char *tail, int64_t t,
                    int64_t cap_t)
{
    if (cap_t == SAHA_VRP_NO_LIMIT || t <= cap_t)
        return 0;
    snprintf(buf, cap, "%s %lld min%s, more than the %lld min a day allows", head,
             (long long)((t + 59) / 60), tail, (long long)(cap_t / 60));
    return 1;
}

/* Why c and p do not fit on v together: the drive cap, or the clock. */
static void pair_reason(const saha_vrp *inst, size_t v, size_t c, size_t p, char *buf,
                        size_t cap)
{
    size_t ab[2] = {c, p}, ba[2] = {p, c};
    int64_t t1 = drive(inst, v, ab, 2), t2 = drive(inst, v, ba, 2);
    int64_t t = t1 < t2 ? t1 : t2;
    if (!over_cap(buf, cap, "doing both is", " of driving at the least", t,
                  inst->vehicles[v].max_travel_time))
        snprintf(buf, cap,
                 "in either order one of them misses its hours or the working "
                 "day");
}

int saha_plan__explain_required(const saha_plan_model *m, size_t c, char *buf, size_t cap)
{
    const saha_vrp *inst = &m->vrp;
    size_t nv = inst->nvehicles, ndays_fit = 0, last = SIZE_MAX, len = 0;
    size_t partner_of[SAHA_PLAN__EXPLAIN_MAX_DAYS];
    char day[32], why[128];
    if (!cap || c >= inst->ncustomers || nv == 0 || nv > SAHA_PLAN__EXPLAIN_MAX_DAYS)
        return 0;
    buf[0] = '\0';
    for (size_t v = 0; v < nv; v++) {
        partner_of[v] = SIZE_MAX;
        if (!fits(inst, v, &c, 1))
            continue;
        ndays_fit++;
        last = v;
        for (size_t p = 0; p < inst->ncustomers && partner_of[v] == SIZE_MAX; p++) {
            size_t ab[2] = {c, p}, ba[2] = {p, c};
            if (p == c || !inst->required || !inst->required[p] || !why_tag(m, p) ||
                only_day(inst, p) != v)
                continue;
            if (!fits(inst, v, ab, 2) && !fits(inst, v, ba, 2))
                partner_of[v] = p;
        }
        if (partner_of[v] == SIZE_MAX)
            return 0; /* a day where no single partner blocks it: no proof */
    }
    if (ndays_fit == 0) {
        /* Fits no day alone: say whether the drive there and back is the cause. */
        int64_t best = -1, cap_t = -1;
        for (size_t v = 0; v < nv; v++) {
            int64_t t;
            if (inst->ntw && !inst->ntw[v * inst->ncustomers + c])
                continue;
            t = drive(inst, v, &c, 1);
            if (best < 0 || t < best) {
                best = t;
                cap_t = inst->vehicles[v].max_travel_time;
            }
        }
        if (best < 0)
            snprintf(buf, cap, "its hours meet none of the working days left");
        else if (!over_cap(buf, cap, "the drive there and back alone is", "", best,
                           cap_t))
            snprintf(buf, cap,
                     "it fits no working day left even alone (its hours, the "
                     "working day and lunch leave no room for the visit and "
                     "the drive)");
        return 1;
    }
    if (ndays_fit == 1) {
        size_t p = partner_of[last];
        const saha_account *pa = saha_account_at(m->accounts, m->account_of[p]);
        day_label(m, last, day, sizeof day);
        pair_reason(inst, last, c, p, why, sizeof why);
        snprintf(buf, cap,
                 "it and %s (%s) can only be on %s, and the two do not fit into one "
                 "day: %s",
                 pa->id, why_tag(m, p), day, why);
        return 1;
    }
    len = (size_t)snprintf(buf, cap,
                           "on each day it fits, another required visit can only be on "
                           "that day and does not fit with it:");
    for (size_t v = 0; v < nv && len < cap; v++) {
        size_t p = partner_of[v];
        const saha_account *pa;
        int w;
        if (p == SIZE_MAX)
            continue;
        pa = saha_account_at(m->accounts, m->account_of[p]);
        day_label(m, v, day, sizeof day);
        pair_reason(inst, v, c, p, why, sizeof why);
        w = snprintf(buf + len, cap - len, "%s %s %s (%s): %s", len ? ";" : "", day,
                     pa->id, why_tag(m, p), why);
        if (w < 0)
            break;
        len += (size_t)w;
    }
    return 1;
}
