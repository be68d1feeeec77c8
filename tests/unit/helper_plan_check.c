/* helper_plan_check (tests only): an itinerary feasibility checker that shares nothing
 * with the optimiser.
 *
 * Method: replays each day from the itinerary alone. Starting at leave_s (not before
 * day_start), each leg's duration is the travel matrix entry rounded to whole seconds;
 * arrival must equal the replayed time (the rep never idles on the road), the visit
 * starts at or after arrival, inside one of the account's opening spans of that weekday
 * (taken from the account's saha_hours, not from the solver's windows) that also holds
 * the whole visit, and within the working day; lunch is replayed where the itinerary
 * says it is taken and must start inside the lunch window after the previous visit ended
 * and end before the next drive starts, or (lunch on the road) after lunch_drive_s of
 * the next leg, whose rest follows it. A re-plan from a position (--position): the first
 * visit of the moment's day not logged done is driven to from the position (legs given
 * by the caller, the rep's travel model), leaving no earlier than the time the rep is
 * free there. Return home by day_end. Caps (drive minutes, km,
 * visits) are summed from the matrix. Coverage: every valid account visited, or skipped
 * once; visited more than once only as its cadence allows (frequency_days F shorter
 * than the horizon: at most one visit per period of F days counted from the day it is
 * due, none before; README "Cadence"); must-visit accounts and in-horizon appointments
 * visited, the appointment on its date at its time. Totals are compared with a stated
 * tolerance. Complexity: O(accounts + stops). Caller: the unit tests (and anyone auditing
 * a plan).
 */
#include <math.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal/core.h"
#include "helper_plan_check.h"

typedef struct checker {
    size_t problems;
    char *msg;
    size_t cap;
} checker;

static void problem(checker *ck, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void problem(checker *ck, const char *fmt, ...)
{
    va_list ap;
    if (ck->problems++ == 0 && ck->cap) {
        va_start(ap, fmt);
        if (vsnprintf(ck->msg, ck->cap, fmt, ap) < 0)
            ck->msg[0] = '\0';
        va_end(ap);
    }
}

/* Index of the opening span of acc on weekday wd holding [s, e] (seconds), or -1. */
static int span_holding(const saha_account *acc, int wd, int64_t s, int64_t e)
{
    if (!acc->has_hours)
        return 0;
    for (size_t k = 0; k < acc->hours->nspans[wd]; k++) {
        int64_t o = (int64_t)acc->hours->span[wd][k].open_min * 60;
        int64_t c = (int64_t)acc->hours->span[wd][k].close_min * 60;
        if (s >= o && e <= c)
            return (int)k;
    }
    return -1;
}

/* A visit of acc on day offset `off` (visits come in date order): with a cadence of F
 * days shorter than the horizon, periods of F days start on the due day (day 0 when
 * overdue or no last_visit) and each may hold one visit, none before the first; without
 * one, a second visit is a problem. */
static void check_cadence(checker *ck, const saha_account *acc, int64_t off,
                          int horizon_days, int64_t day0, int64_t *last, size_t nth)
{
    int64_t f = acc->frequency_days, s0 = 0, per;
    if (f <= 0 || f >= horizon_days || acc->has_appointment) {
        if (nth > 1)
            problem(ck,
                    "account %s is visited %zu times without a cadence that asks for it",
                    acc->id, nth);
        return;
    }
    if (acc->has_last_visit) {
        s0 = saha__days_from_civil(acc->last_visit.year, acc->last_visit.month,
                                   acc->last_visit.day) +
             f - day0;
        if (s0 < 0)
            s0 = 0;
        if (s0 > horizon_days - 1)
            s0 = horizon_days - 1;
    }
    if (off < s0) {
        if (nth > 1)
            problem(ck,
                    "account %s: repeat visit on day %lld, before it is due (day %lld)",
                    acc->id, (long long)off, (long long)s0);
        return;
    }
    per = (off - s0) / f;
    if (per <= *last)
        problem(ck, "account %s: two visits in one %lld-day cadence period", acc->id,
                (long long)f);
    *last = per;
}

/* Quarter plans (it->ncadence > 0): a visit of acc on day `dd` after its previous one
 * (*last, INT64_MIN: none; the first compares with last_visit) must come m F +- T days
 * later (m >= 1: a visit window may stay empty), F and T as the cadence entry says; an
 * overdue first visit within T days of the horizon's start. */
static void check_spacing(checker *ck, const saha_itinerary *it, const saha_account *acc,
                          size_t a, int64_t dd, int64_t day0, int64_t *last)
{
    const saha_plan_cadence *e = NULL;
    int64_t prev = *last;
    for (size_t i = 0; i < it->ncadence && !e; i++)
        if (it->cadence[i].account == a)
            e = &it->cadence[i];
    *last = dd;
    if (!e) {
        if (prev != INT64_MIN)
            problem(ck, "account %s is visited twice without a cadence", acc->id);
        return;
    }
    if (prev == INT64_MIN) {
        if (!acc->has_last_visit)
            return;
        prev = saha__days_from_civil(acc->last_visit.year, acc->last_visit.month,
                                     acc->last_visit.day);
        if (prev + e->frequency_days < day0) { /* overdue: due at once, then rhythm */
            int64_t f = e->frequency_days, g0 = dd - day0, mult = (g0 + f / 2) / f;
            if (g0 < mult * f - e->tolerance_days || g0 > mult * f + e->tolerance_days)
                problem(ck, "account %s: overdue, first visit %lld days in, off rhythm",
                        acc->id, (long long)g0);
            return;
        }
    }
    {
        /* m intervals apart, m >= 1 (a window may stay empty) */
        int64_t f = e->frequency_days, gap = dd - prev, mult = (gap + f / 2) / f;
        if (mult < 1)
            mult = 1;
        if (gap < mult * f - e->tolerance_days || gap > mult * f + e->tolerance_days)
            problem(ck, "account %s: visits %lld days apart, want a multiple of %d +- %d",
                    acc->id, (long long)gap, e->frequency_days, e->tolerance_days);
    }
}

/* The rep's holiday on day dd: -1 none, 0 whole day, else 1 + the half day's end. */
static int rep_holiday(const saha_rep *rep, int64_t dd)
{
    for (size_t k = 0; k < rep->nholidays; k++)
        if (saha__days_from_civil(rep->holidays[k].date.year, rep->holidays[k].date.month,
                                  rep->holidays[k].date.day) == dd)
            return rep->holidays[k].end_min < 0 ? 0 : 1 + rep->holidays[k].end_min;
    return -1;
}

/* Day v's nights away: each end at a hotel is the next calendar day's start there,
 * each start at a hotel the previous calendar day's end there, only when the rep allows
 * overnight stays, at an account with coordinates. Returns bit 1 when the start hotel
 * is usable for the replay, bit 2 the end hotel. */
static size_t check_nights(checker *ck, const saha_itinerary *it, size_t v,
                           const saha_account_set *accounts, const saha_rep *rep,
                           const size_t *mat, size_t nmat)
{
    const saha_plan_day *d = &it->days[v];
    size_t na = saha_account_count(accounts), ok = 0;
    int64_t dd = saha__days_from_civil(d->date.year, d->date.month, d->date.day);
    if (!rep->overnight_allowed)
        problem(ck, "day %zu: a night away, but the rep file does not allow them", v);
    if (d->start_hotel != SIZE_MAX) {
        const saha_plan_day *p = v > 0 ? &it->days[v - 1] : NULL;
        if (d->start_hotel >= na || mat[d->start_hotel] >= nmat)
            problem(ck, "day %zu: starts at a hotel near an account without a place", v);
        else
            ok |= 1;
        if (!p || p->end_hotel != d->start_hotel ||
            saha__days_from_civil(p->date.year, p->date.month, p->date.day) != dd - 1)
            problem(ck, "day %zu: starts at a hotel the day before did not end at", v);
    }
    if (d->end_hotel != SIZE_MAX) {
        const saha_plan_day *n = v + 1 < it->ndays ? &it->days[v + 1] : NULL;
        if (d->end_hotel >= na || mat[d->end_hotel] >= nmat)
            problem(ck, "day %zu: ends at a hotel near an account without a place", v);
        else
            ok |= 2;
        if (!n || n->start_hotel != d->end_hotel ||
            saha__days_from_civil(n->date.year, n->date.month, n->date.day) != dd + 1)
            problem(ck, "day %zu: ends at a hotel the next day does not start from", v);
    }
    return ok;
}

static int64_t minutes_of(saha_datetime d)
{
    return saha__days_from_civil(d.year, d.month, d.day) * 1440 + d.hour * 60 + d.minute;
}

/* The accounts as a re-plan must honour them: the log's last rescheduled row is the
 * appointment, a later cancellation removes it (and must_visit); an appointment before
 * the moment is the past. */
static void effective_accounts(const saha_account_set *accounts,
                               const saha_plan_options *ro, saha_account *eff)
{
    size_t na = saha_account_count(accounts), nl = saha_visit_log_count(ro->visits);
    int64_t mom = ro->moment.year ? minutes_of(ro->moment) : INT64_MIN;
    for (size_t a = 0; a < na; a++) {
        int64_t last = INT64_MIN;
        eff[a] = *saha_account_at(accounts, a);
        if (eff[a].has_appointment && minutes_of(eff[a].appointment) < mom)
            eff[a].has_appointment = 0;
        for (size_t i = 0; i < nl; i++) {
            const saha_visit_entry *e = saha_visit_log_at(ro->visits, i);
            if (e->account != a || minutes_of(e->when) < last ||
                (e->outcome != SAHA_VISIT_RESCHEDULED &&
                 e->outcome != SAHA_VISIT_CANCELLED))
                continue;
            last = minutes_of(e->when);
            eff[a].has_appointment = e->outcome == SAHA_VISIT_RESCHEDULED;
            eff[a].appointment = e->when;
            if (e->outcome == SAHA_VISIT_CANCELLED)
                eff[a].must_visit = 0;
        }
    }
}

/* 1 when the log has account a done on day dd (days_from_civil). */
static int done_on(const saha_plan_options *ro, size_t a, int64_t dd)
{
    for (size_t i = 0; i < saha_visit_log_count(ro->visits); i++) {
        const saha_visit_entry *e = saha_visit_log_at(ro->visits, i);
        if (e->account == a && e->outcome == SAHA_VISIT_DONE &&
            saha__days_from_civil(e->when.year, e->when.month, e->when.day) == dd)
            return 1;
    }
    return 0;
}

/* The re-plan's own rules, replayed from the log and the options. */
static void check_replan(checker *ck, const saha_itinerary *it,
                         const saha_account_set *accounts, const saha_account *eff,
                         const saha_rep *rep, const saha_plan_options *ro)
{
    int64_t mom = ro->moment.year ? minutes_of(ro->moment) : INT64_MIN;
    size_t nl = saha_visit_log_count(ro->visits);
    for (size_t i = 0; i < nl; i++) {
        const saha_visit_entry *e = saha_visit_log_at(ro->visits, i);
        int found = 0;
        if (e->outcome != SAHA_VISIT_DONE)
            continue;
        for (size_t v = 0; v < it->ndays; v++)
            for (size_t k = 0; k < it->days[v].nstops; k++) {
                const saha_plan_stop *s = &it->days[v].stops[k];
                const saha_datetime *d = &it->days[v].date;
                if (s->account == e->account && d->year == e->when.year &&
                    d->month == e->when.month && d->day == e->when.day &&
                    s->start_s >= (e->when.hour * 60 + e->when.minute) * 60 - 30 &&
                    s->start_s <= (e->when.hour * 60 + e->when.minute) * 60 + 120)
                    found = 1;
            }
        if (!found &&
            saha__days_from_civil(e->when.year, e->when.month, e->when.day) >=
                saha__days_from_civil(it->horizon_start.year, it->horizon_start.month,
                                      it->horizon_start.day))
            problem(ck, "done visit of %s (log line %zu) is not replayed at its time",
                    saha_account_at(accounts, e->account)->id, e->line);
    }
    for (size_t v = 0; v < it->ndays; v++) {
        const saha_datetime *d = &it->days[v].date;
        int64_t dd = saha__days_from_civil(d->year, d->month, d->day);
        for (size_t k = 0; k < ro->ndays_off; k++)
            if (saha__days_from_civil(ro->days_off[k].year, ro->days_off[k].month,
                                      ro->days_off[k].day) == dd)
                problem(ck, "day %zu is a day off", v);
        for (size_t k = 0; k < rep->ndays_off; k++)
            if (saha__days_from_civil(rep->days_off[k].year, rep->days_off[k].month,
                                      rep->days_off[k].day) == dd)
                problem(ck, "day %zu is a day off (rep file)", v);
        for (size_t k = 0; k < it->days[v].nstops; k++) {
            const saha_plan_stop *s = &it->days[v].stops[k];
            int64_t t = dd * 1440 + s->start_s / 60;
            int logged_done = 0, cancelled = 0;
            int64_t done_day = INT64_MIN, last = INT64_MIN;
            for (size_t i = 0; i < nl; i++) {
                const saha_visit_entry *e = saha_visit_log_at(ro->visits, i);
                int64_t ed =
                    saha__days_from_civil(e->when.year, e->when.month, e->when.day);
                if (e->account != s->account)
                    continue;
                if (e->outcome == SAHA_VISIT_DONE) {
                    if (ed == dd)
                        logged_done = 1;
                    else if (ed > done_day)
                        done_day = ed;
                }
                if ((e->outcome == SAHA_VISIT_CANCELLED ||
                     e->outcome == SAHA_VISIT_RESCHEDULED) &&
                    minutes_of(e->when) >= last) {
                    last = minutes_of(e->when);
                    cancelled = e->outcome == SAHA_VISIT_CANCELLED;
                }
            }
            if (logged_done)
                continue;  /* the frozen past */
            if (t < mom) { /* must be the previous plan's visit, as planned */
                int planned = 0;
                for (size_t i = 0; i < saha_previous_plan_count(ro->previous); i++) {
                    const saha_previous_visit *p = saha_previous_plan_at(ro->previous, i);
                    if (p->account == s->account && minutes_of(p->date) / 1440 == dd &&
                        llabs(minutes_of(p->date) % 1440 - s->start_s / 60) <= 2)
                        planned = 1;
                }
                if (!planned)
                    problem(ck, "account %s: a new visit before the re-plan moment",
                            eff[s->account].id);
            }
            if (cancelled)
                problem(ck, "account %s: cancelled by the customer but planned",
                        eff[s->account].id);
            if (done_day != INT64_MIN && dd > done_day &&
                (eff[s->account].frequency_days <= 0 ||
                 dd < done_day + eff[s->account].frequency_days))
                problem(ck, "account %s: visited again before its cadence is due",
                        eff[s->account].id);
        }
    }
}

static size_t check_impl(saha_ctx *ctx, const saha_itinerary *it,
                         const saha_account_set *accounts, const saha_rep *rep,
                         const double *dur_s, const double *dist_m, size_t nmat,
                         saha_datetime start, int horizon_days,
                         const saha_plan_options *ro, const double *pos_dur_s,
                         const double *pos_dist_m, char *msg, size_t cap)
{
    checker ck = {0, msg, cap};
    saha_account *eff = NULL;
    size_t na = saha_account_count(accounts);
    size_t mp = 1;
    size_t *mat = NULL, *count = NULL, *skips = NULL;
    int64_t *last_period = NULL;
    int64_t ds = (int64_t)rep->day_start_min * 60, de = (int64_t)rep->day_end_min * 60;
    int64_t day0 = saha__days_from_civil(start.year, start.month, start.day);
    double won = 0, drive_m = 0, drive_s = 0;

    if (cap)
        msg[0] = '\0';
    mat = saha__calloc(ctx, na + 1, sizeof *mat);
    count = saha__calloc(ctx, na + 1, sizeof *count);
    skips = saha__calloc(ctx, na + 1, sizeof *skips);
    last_period = saha__alloc_array(ctx, na + 1, sizeof *last_period);
    eff = saha__alloc_array(ctx, na + 1, sizeof *eff);
    if (!mat || !count || !skips || !last_period || !eff) {
        problem(&ck, "out of memory");
        goto done;
    }
    if (ro) {
        effective_accounts(accounts, ro, eff);
    } else {
        for (size_t a = 0; a < na; a++)
            eff[a] = *saha_account_at(accounts, a);
    }
    for (size_t a = 0; a < na; a++) {
        mat[a] = saha_account_at(accounts, a)->has_coords ? mp++ : SIZE_MAX;
        last_period[a] = it->ncadence > 0 ? INT64_MIN : -1;
    }
    if (mp != nmat)
        problem(&ck, "matrix has %zu points, the accounts need %zu", nmat, mp);
    if (ro && ro->has_position && ro->moment.year && (!pos_dur_s || !pos_dist_m))
        problem(&ck, "a re-plan from a position, but no legs from it to check with");

    for (size_t v = 0; v < it->ndays; v++) {
        const saha_plan_day *d = &it->days[v];
        int64_t dd = saha__days_from_civil(d->date.year, d->date.month, d->date.day);
        int64_t t = d->leave_s, dm = 0, dsec = 0, t_home;
        double km_sum = 0;
        size_t prev = 0, endp = 0; /* matrix points: home, or a hotel's account */
        int lunch_done = 0;
        int64_t lunch_len = (int64_t)rep->lunch_min * 60;
        /* --position: on the moment's day, the first visit not done there is driven to
         * from the position, no earlier than the time the rep is free there */
        int resume = ro && ro->has_position && pos_dur_s && pos_dist_m &&
                     dd == saha__days_from_civil(ro->moment.year, ro->moment.month,
                                                 ro->moment.day);
        int64_t resume_s = ro && ro->position_min > 0 ? (int64_t)ro->position_min * 60
                           : ro ? (int64_t)(ro->moment.hour * 60 + ro->moment.minute) * 60
                                : 0;

        int hol = rep_holiday(rep, dd);
        /* this date's working window: per-weekday hours, a half day ends early */
        ds = (int64_t)(rep->has_week_hours ? rep->week_start_min[d->weekday % 7]
                                           : rep->day_start_min) *
             60;
        de = (int64_t)(rep->has_week_hours ? rep->week_end_min[d->weekday % 7]
                                           : rep->day_end_min) *
             60;
        if (hol > 0 && (int64_t)(hol - 1) * 60 < de)
            de = (int64_t)(hol - 1) * 60;
        if (de < (int64_t)(rep->lunch_earliest_min + rep->lunch_min) * 60)
            lunch_len = 0; /* a half day that ends before lunch */
        if (hol == 0)
            problem(&ck, "day %zu (%04d-%02d-%02d) is a holiday", v, d->date.year,
                    d->date.month, d->date.day);
        for (size_t k = 0; k < rep->ndays_off; k++)
            if (saha__days_from_civil(rep->days_off[k].year, rep->days_off[k].month,
                                      rep->days_off[k].day) == dd)
                problem(&ck, "day %zu (%04d-%02d-%02d) is a day off", v, d->date.year,
                        d->date.month, d->date.day);
        if (dd < day0 || dd >= day0 + horizon_days)
            problem(&ck, "day %zu (%04d-%02d-%02d) is outside the horizon", v,
                    d->date.year, d->date.month, d->date.day);
        if (d->weekday != saha__weekday(d->date.year, d->date.month, d->date.day) ||
            !(rep->days_mask & (1u << d->weekday)))
            problem(&ck, "day %zu: weekday %d is wrong or not a working day", v,
                    d->weekday);
        if (d->start_hotel != SIZE_MAX || d->end_hotel != SIZE_MAX) {
            size_t ok = check_nights(&ck, it, v, accounts, rep, mat, nmat);
            prev = ok & 1 ? mat[d->start_hotel] : 0;
            endp = ok & 2 ? mat[d->end_hotel] : 0;
        }
        if (d->nstops == 0 && prev == endp)
            continue;
        if (d->leave_s < ds)
            problem(&ck, "day %zu: leaves at %d s, before day_start %lld s", v,
                    d->leave_s, (long long)ds);
        for (size_t k = 0; k <= d->nstops; k++) {
            /* Lunch taken after k stops? After the last stop it is either taken there or
             * at home after the last leg (then it starts at or after the return). */
            int from_pos = resume && k < d->nstops && d->stops[k].account < na &&
                           !done_on(ro, d->stops[k].account, dd);
            int at_home;
            if (from_pos) { /* the rep is at the position, free from resume_s */
                resume = 0;
                if (t < resume_s)
                    t = resume_s;
            }
            at_home = k == d->nstops && k > 0 && d->lunch_start_s >= 0 &&
                      d->lunch_start_s >= t + (int64_t)llround(dur_s[prev * nmat + endp]);
            if (lunch_len > 0 && d->lunch_start_s >= 0 && k == 0 && d->lunch_after == 0 &&
                d->lunch_drive_s == 0) {
                /* at home before leaving: inside the working day, over before leave_s */
                if (d->lunch_start_s < ds || d->lunch_start_s + lunch_len > d->leave_s)
                    problem(&ck,
                            "day %zu: lunch at home at %d s does not end before leaving "
                            "at %d s",
                            v, d->lunch_start_s, d->leave_s);
                lunch_done = 1;
            } else if (lunch_len > 0 && d->lunch_start_s >= 0 && d->lunch_after == k &&
                       !at_home) {
                /* on the road: lunch_drive_s of the next leg driven before it */
                int64_t x = d->lunch_drive_s;
                if (d->lunch_start_s < t + x)
                    problem(&ck,
                            "day %zu: lunch starts at %d s, before the rep is free at "
                            "%lld s",
                            v, d->lunch_start_s, (long long)(t + x));
                t = (int64_t)d->lunch_start_s + lunch_len - x; /* the leg follows */
                lunch_done = 1;
            }
            if (k == d->nstops)
                break;
            {
                const saha_plan_stop *s = &d->stops[k];
                const saha_account *acc;
                size_t m;
                int64_t leg, svc;
                if (s->account >= na) {
                    problem(&ck, "day %zu stop %zu: account index %zu out of range", v, k,
                            s->account);
                    continue;
                }
                acc = &eff[s->account];
                count[s->account]++;
                if (it->ncadence > 0)
                    check_spacing(&ck, it, acc, s->account, dd, day0,
                                  &last_period[s->account]);
                else if (count[s->account] > 1 || acc->frequency_days > 0)
                    check_cadence(&ck, acc, dd - day0, horizon_days, day0,
                                  &last_period[s->account], count[s->account]);
                m = mat[s->account];
                if (m == SIZE_MAX || m >= nmat) {
                    problem(&ck, "account %s is visited but has no coordinates", acc->id);
                    continue;
                }
                if (from_pos) {
                    leg = (int64_t)llround(pos_dur_s[m]);
                    km_sum += pos_dist_m[m];
                    dm += (int64_t)llround(pos_dist_m[m]);
                } else {
                    leg = (int64_t)llround(dur_s[prev * nmat + m]);
                    km_sum += dist_m[prev * nmat + m];
                    dm += (int64_t)llround(dist_m[prev * nmat + m]);
                }
                dsec += leg;
                t += leg;
                if (s->arrive_s != t)
                    problem(&ck, "account %s: arrives at %d s, the drive gives %lld s",
                            acc->id, s->arrive_s, (long long)t);
                if (s->start_s < s->arrive_s)
                    problem(&ck, "account %s: starts before arriving", acc->id);
                svc = (int64_t)llround(acc->visit_min * 60.0);
                if (s->depart_s != s->start_s + svc)
                    problem(&ck, "account %s: visit lasts %d s, want %lld", acc->id,
                            s->depart_s - s->start_s, (long long)svc);
                if (s->start_s < ds || s->start_s + svc > de)
                    problem(&ck, "account %s: visit %d-%lld s is outside the working day",
                            acc->id, s->start_s, (long long)(s->start_s + svc));
                if (acc->has_appointment) {
                    int64_t ad = saha__days_from_civil(acc->appointment.year,
                                                       acc->appointment.month,
                                                       acc->appointment.day);
                    int64_t at =
                        (int64_t)(acc->appointment.hour * 60 + acc->appointment.minute) *
                        60;
                    if (ad != dd || s->start_s != at)
                        problem(&ck,
                                "account %s: appointment not kept (visit on day %zu at "
                                "%d s)",
                                acc->id, v, s->start_s);
                } else if (hol > 0 && acc->has_hours && acc->hours->has_ph) {
                    int in = 0;
                    for (size_t q = 0; q < acc->hours->ph_nspans; q++)
                        in |= s->start_s >= acc->hours->ph_span[q].open_min * 60 &&
                              s->start_s + svc <= acc->hours->ph_span[q].close_min * 60;
                    if (!in)
                        problem(&ck,
                                "account %s: visit on a holiday outside its PH hours",
                                acc->id);
                } else if (span_holding(acc, d->weekday, s->start_s, s->start_s + svc) <
                           0) {
                    problem(&ck,
                            "account %s: visit %d-%lld s on weekday %d is outside its "
                            "opening hours",
                            acc->id, s->start_s, (long long)(s->start_s + svc),
                            d->weekday);
                }
                won += s->value;
                t = s->start_s + svc;
                prev = m;
            }
        }
        {
            int64_t leg = (int64_t)llround(dur_s[prev * nmat + endp]);
            dsec += leg;
            km_sum += dist_m[prev * nmat + endp];
            dm += (int64_t)llround(dist_m[prev * nmat + endp]);
            t += leg;
        }
        t_home = t;
        if (lunch_len > 0 && !lunch_done && d->lunch_start_s >= 0 &&
            d->lunch_after == d->nstops) {
            /* lunch at home after the last leg */
            if (d->lunch_start_s < t)
                problem(&ck,
                        "day %zu: lunch at home at %d s, before getting home at %lld s",
                        v, d->lunch_start_s, (long long)t);
            t = (int64_t)d->lunch_start_s + lunch_len;
            lunch_done = 1;
        }
        if (lunch_len > 0) {
            if (!lunch_done)
                problem(&ck, "day %zu: no lunch break", v);
            else if (d->lunch_start_s < (int64_t)rep->lunch_earliest_min * 60 ||
                     d->lunch_start_s > (int64_t)rep->lunch_latest_min * 60)
                problem(&ck, "day %zu: lunch at %d s is outside its window %d-%d min", v,
                        d->lunch_start_s, rep->lunch_earliest_min, rep->lunch_latest_min);
            else if (d->lunch_s != lunch_len)
                problem(&ck, "day %zu: lunch lasts %d s, want %lld", v, d->lunch_s,
                        (long long)lunch_len);
        }
        if (t > de)
            problem(&ck, "day %zu: back home at %lld s, after day_end %lld s", v,
                    (long long)t, (long long)de);
        if (d->return_s != t_home)
            problem(&ck, "day %zu: return_s %d s, the replayed return is %lld s", v,
                    d->return_s, (long long)t_home);
        if (rep->max_drive_min > 0 && dsec > (int64_t)rep->max_drive_min * 60)
            problem(&ck, "day %zu: %lld s of driving, limit %d min", v, (long long)dsec,
                    rep->max_drive_min);
        if (rep->max_km > 0 && (double)dm > rep->max_km * 1000.0)
            problem(&ck, "day %zu: %.1f km, limit %.1f km", v, km_sum / 1000.0,
                    rep->max_km);
        if (rep->max_visits > 0 && d->nstops > (size_t)rep->max_visits)
            problem(&ck, "day %zu: %zu visits, limit %d", v, d->nstops, rep->max_visits);
        if (fabs(d->drive_m - km_sum) > 1.0)
            problem(&ck, "day %zu: reports %.0f m of driving, legs add up to %.0f m", v,
                    d->drive_m, km_sum);
        drive_m += km_sum;
        drive_s += (double)dsec;
    }
    for (size_t i = 0; i < it->nskipped; i++) {
        if (it->skipped[i].account >= na) {
            problem(&ck, "skipped entry %zu: account index out of range", i);
            continue;
        }
        skips[it->skipped[i].account]++;
        if (it->skipped[i].reason == SAHA_SKIP_NONE)
            problem(&ck, "account %s skipped without a reason",
                    saha_account_at(accounts, it->skipped[i].account)->id);
    }
    for (size_t a = 0; a < na; a++) {
        const saha_account *acc = &eff[a];
        if (!(count[a] >= 1 && skips[a] == 0) && !(count[a] == 0 && skips[a] == 1))
            problem(
                &ck,
                "account %s is visited %zu times and skipped %zu times (want visited, "
                "or skipped once)",
                acc->id, count[a], skips[a]);
        if (acc->must_visit && acc->has_coords && count[a] == 0)
            problem(&ck, "must-visit account %s is not visited", acc->id);
        if (acc->has_appointment && acc->has_coords) {
            int64_t ad = saha__days_from_civil(
                acc->appointment.year, acc->appointment.month, acc->appointment.day);
            int working = ad >= day0 && ad < day0 + horizon_days &&
                          (rep->days_mask & (1u << saha__weekday(acc->appointment.year,
                                                                 acc->appointment.month,
                                                                 acc->appointment.day)));
            for (size_t i = 0; working && i < it->nskipped; i++)
                if (it->skipped[i].account == a)
                    problem(&ck,
                            "account %s has an appointment in the horizon but is not "
                            "visited",
                            acc->id);
        }
    }
    {
        size_t nights = 0;
        for (size_t v = 0; v < it->ndays; v++)
            nights += it->days[v].end_hotel != SIZE_MAX;
        if (nights != it->nights ||
            fabs(it->hotel_cost - (double)nights * rep->hotel_cost) > 1e-6)
            problem(&ck, "%zu nights away and hotel cost %.2f, the days say %zu",
                    it->nights, it->hotel_cost, nights);
    }
    if (fabs(won - it->value_won) > 1e-6 * (1.0 + fabs(won)))
        problem(&ck, "value_won %.2f, the stops add up to %.2f", it->value_won, won);
    if (fabs(drive_m - it->drive_m) > 1.0)
        problem(&ck, "drive_m %.0f, the legs add up to %.0f", it->drive_m, drive_m);
    if (fabs(drive_s - it->drive_s) > 60.0)
        problem(&ck, "drive_s %.0f, the legs add up to %.0f", it->drive_s, drive_s);
    if (ro)
        check_replan(&ck, it, accounts, eff, rep, ro);
done:
    saha__free(ctx, eff);
    saha__free(ctx, mat);
    saha__free(ctx, count);
    saha__free(ctx, skips);
    saha__free(ctx, last_period);
    return ck.problems;
}

size_t saha_plan__check(saha_ctx *ctx, const saha_itinerary *it,
                        const saha_account_set *accounts, const saha_rep *rep,
                        const double *dur_s, const double *dist_m, size_t nmat,
                        saha_datetime start, int horizon_days, char *msg, size_t cap)
{
    return check_impl(ctx, it, accounts, rep, dur_s, dist_m, nmat, start, horizon_days,
                      NULL, NULL, NULL, msg, cap);
}

size_t saha_plan__check_replan(saha_ctx *ctx, const saha_itinerary *it,
                               const saha_account_set *accounts, const saha_rep *rep,
                               const double *dur_s, const double *dist_m, size_t nmat,
                               const saha_plan_options *ro, char *msg, size_t cap)
{
    return check_impl(ctx, it, accounts, rep, dur_s, dist_m, nmat, ro->start,
                      ro->horizon_days, ro, NULL, NULL, msg, cap);
}

size_t saha_plan__check_replan_at(saha_ctx *ctx, const saha_itinerary *it,
                                  const saha_account_set *accounts, const saha_rep *rep,
                                  const double *dur_s, const double *dist_m, size_t nmat,
                                  const saha_plan_options *ro, const double *pos_dur_s,
                                  const double *pos_dist_m, char *msg, size_t cap)
{
    return check_impl(ctx, it, accounts, rep, dur_s, dist_m, nmat, ro->start,
                      ro->horizon_days, ro, pos_dur_s, pos_dist_m, msg, cap);
}
