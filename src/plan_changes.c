/* plan_changes: calendar identities of the planned visits and, for a re-plan, what
 * changed against the previous plan, with the reason in words.
 *
 * Identity: a visit's UID is "<account id, %XX-escaped>-<horizon start>-<k>@saha", k
 * the visit's ordinal for that account in the week (a cadence period), so it survives a
 * move of day. With a previous plan, visits are matched per account (the same day
 * first, then in date order) and a matched visit keeps the previous UID (an itinerary
 * without a uid column had "<id>-<date>@saha", which is kept so old calendar events are
 * updated); its SEQUENCE rises by one when its day or time changed. Previous visits left
 * unmatched are the dropped ones (cancelled in calendars with SEQUENCE + 1). The
 * nights away follow, in date order: each night of the previous plan kept or
 * cancelled, each new one added.
 * Reasons for a move: the day off, a customer's rescheduling, a must-visit that took the
 * old day, or the value won: the best insertion into the old day's new route against
 * what the visit's removal saves on its new day, without the stability term.
 * Cost: O(previous x stops + moved x route length^2). Caller: plan.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal/plan_model.h"
#include "saha/export.h" /* saha_export_detail_text: the reasons' English */

const char *saha_change_status_name(saha_change_status s)
{
    switch (s) {
    case SAHA_CHANGE_KEPT:
        return "kept";
    case SAHA_CHANGE_MOVED:
        return "moved";
    case SAHA_CHANGE_ADDED:
        return "added";
    case SAHA_CHANGE_DROPPED:
        return "dropped";
    case SAHA_CHANGE_NIGHT_KEPT:
        return "night_kept";
    case SAHA_CHANGE_NIGHT_CANCELLED:
        return "night_cancelled";
    case SAHA_CHANGE_NIGHT_ADDED:
        return "night_added";
    }
    return "unknown";
}

static int64_t civil(saha_datetime d)
{
    return saha__days_from_civil(d.year, d.month, d.day);
}

/* The UID a previous visit had, into b: its uid column, or for a file without one the
 * old "<id>-<date>@saha" (see the top of this file). Kept and dropped visits use it
 * alike, so a calendar event keeps its identity whichever way the visit goes. */
static saha_status previous_uid(saha__buf *b, const char *id,
                                const saha_previous_visit *p)
{
    saha_status rc;
    saha__buf_clear(b);
    if (p->uid[0])
        return saha__buf_puts(b, p->uid);
    rc = saha__buf_put_id_escaped(b, id);
    if (rc == SAHA_OK)
        rc = saha__buf_printf(b, "-%04d%02d%02d@saha", p->date.year, p->date.month,
                              p->date.day);
    return rc;
}

/* 1240.5 -> "1,241" */
typedef struct stop_ref {
    size_t day, k; /* itinerary day, stop */
    size_t prev;   /* matched previous visit, SIZE_MAX none */
} stop_ref;

static int day_off(const saha_plan_model *m, const saha_plan_options *o, int64_t day)
{
    for (size_t k = 0; k < m->rep.ndays_off; k++)
        if (civil(m->rep.days_off[k]) == day)
            return 1;
    for (size_t k = 0; k < o->ndays_off; k++)
        if (civil(o->days_off[k]) == day)
            return 1;
    return 0;
}

static const saha_visit_entry *log_last(const saha_plan_options *o, size_t a,
                                        saha_visit_outcome oc)
{
    const saha_visit_entry *best = NULL;
    for (size_t i = 0; i < saha_visit_log_count(o->visits); i++) {
        const saha_visit_entry *e = saha_visit_log_at(o->visits, i);
        if (e->account == a && e->outcome == oc)
            best = e;
    }
    return best;
}

static size_t vehicle_at(const saha_plan_model *m, int64_t day)
{
    for (size_t v = 0; v < m->ndays; v++)
        if (civil(m->days[v].date) == day)
            return v;
    return SIZE_MAX;
}

/* Route cost of vehicle v's route with customer `drop` removed and `add` inserted at
 * the best position (SIZE_MAX: none), without the stability day costs. 0: infeasible. */
static int route_cost(const saha_plan_model *m, const saha_vrp_solution *sol, size_t v,
                      size_t drop, size_t add, size_t *buf, saha_cost *out)
{
    saha_vrp inst = m->vrp;
    const size_t *r = sol->order + sol->route_start[v];
    size_t len = sol->route_start[v + 1] - sol->route_start[v], n = 0;
    saha_vrp_sched sc;
    int found = 0;
    inst.day_cost = NULL;
    for (size_t i = 0; i < len; i++)
        if (r[i] != drop)
            buf[n++] = r[i];
    if (add == SIZE_MAX) {
        if (!saha__vrp_schedule(&inst, v, buf, n, NULL, NULL, &sc))
            return 0;
        *out = sc.cost;
        return 1;
    }
    for (size_t pos = 0; pos <= n; pos++) {
        memmove(buf + pos + 1, buf + pos, (n - pos) * sizeof *buf);
        buf[pos] = add;
        if (saha__vrp_schedule(&inst, v, buf, n + 1, NULL, NULL, &sc) &&
            (!found || sc.cost < *out)) {
            *out = sc.cost;
            found = 1;
        }
        memmove(buf + pos, buf + pos + 1, (n - pos) * sizeof *buf);
    }
    return found;
}

/* Customer of the solution that is stop k of day d. */
static size_t stop_customer(const saha_vrp_solution *sol, size_t d, size_t k)
{
    return sol->order[sol->route_start[d] + k];
}

static saha_detail why_of(saha_detail_code code)
{
    saha_detail d;
    memset(&d, 0, sizeof d);
    d.code = code;
    return d;
}

static saha_detail on_day(saha_detail_code code, int weekday)
{
    saha_detail d = why_of(code);
    d.weekday = weekday;
    return d;
}

static saha_detail move_reason(const saha_plan_model *m, const saha_vrp_solution *sol,
                               const saha_plan_options *o, const saha_previous_visit *p,
                               size_t nd, size_t nk, const uint8_t *added_required,
                               size_t *buf)
{
    int64_t oldday = civil(p->date);
    size_t ov = vehicle_at(m, oldday), c = stop_customer(sol, nd, nk);
    saha_cost with_old, old_cost, new_cost, new_without;
    if (day_off(m, o, oldday))
        return why_of(SAHA_DETAIL_DAY_OFF);
    if (log_last(o, p->account, SAHA_VISIT_RESCHEDULED))
        return why_of(SAHA_DETAIL_RESCHEDULED);
    if (m->frozen_day[c] != SIZE_MAX)
        return on_day(SAHA_DETAIL_DONE_ON_DAY, m->days[nd].weekday);
    if (ov == SIZE_MAX || (m->rp->has_moment && oldday < m->rp->moment_day))
        return on_day(SAHA_DETAIL_DAY_PAST,
                      saha__weekday(p->date.year, p->date.month, p->date.day));
    {
        const size_t *r = sol->order + sol->route_start[ov];
        size_t len = sol->route_start[ov + 1] - sol->route_start[ov];
        for (size_t i = 0; i < len; i++)
            if (added_required[r[i]]) {
                saha_detail d = why_of(SAHA_DETAIL_ROOM_MUST);
                d.text[0] = saha_account_at(m->accounts, m->account_of[r[i]])->id;
                return d;
            }
    }
    if (!route_cost(m, sol, ov, SIZE_MAX, SIZE_MAX, buf, &old_cost) ||
        !route_cost(m, sol, ov, SIZE_MAX, c, buf, &with_old))
        return on_day(SAHA_DETAIL_NO_ROOM, m->days[ov].weekday);
    if (!route_cost(m, sol, nd, SIZE_MAX, SIZE_MAX, buf, &new_cost) ||
        !route_cost(m, sol, nd, c, SIZE_MAX, buf, &new_without))
        return on_day(SAHA_DETAIL_FITS_BETTER, m->days[nd].weekday);
    {
        double gain = (double)((with_old - old_cost) - (new_cost - new_without));
        saha_detail d;
        if (m->objective == SAHA_OBJECTIVE_PROFIT) {
            d = on_day(SAHA_DETAIL_WORTH_MORE, m->days[nd].weekday);
            d.num[0] = gain / 100.0;
            d.text[0] = m->rep.currency;
        } else {
            d = on_day(SAHA_DETAIL_KM_LESS, m->days[nd].weekday);
            d.num[0] = gain / 1000.0;
        }
        return d;
    }
}

static saha_detail drop_reason(const saha_plan__store *st, const saha_plan_model *m,
                               const saha_vrp_solution *sol,
                               const uint8_t *added_required, const saha_plan_options *o,
                               const saha_previous_visit *p)
{
    size_t ov = vehicle_at(m, civil(p->date));
    const saha_visit_entry *done = log_last(o, p->account, SAHA_VISIT_DONE);
    if (m->rp && m->rp->cancelled[p->account])
        return why_of(SAHA_DETAIL_CANCELLED);
    if (day_off(m, o, civil(p->date)))
        return why_of(SAHA_DETAIL_DAY_OFF);
    if (done) {
        saha_detail d = why_of(SAHA_DETAIL_DONE_ON_DATE);
        d.date[0] = done->when;
        return d;
    }
    if (m->rp && m->rp->has_moment && civil(p->date) < m->rp->moment_day)
        return why_of(SAHA_DETAIL_NOT_DONE);
    if (ov != SIZE_MAX) { /* its day now holds a promise it did not: it made room */
        const size_t *r = sol->order + sol->route_start[ov];
        size_t len = sol->route_start[ov + 1] - sol->route_start[ov];
        for (size_t i = 0; i < len; i++)
            if (added_required[r[i]]) {
                const saha_account *a = saha_account_at(m->accounts, m->account_of[r[i]]);
                saha_detail d = why_of(
                    a->has_appointment ||
                            (m->rp && m->rp->acc[m->account_of[r[i]]].has_appointment)
                        ? SAHA_DETAIL_ROOM_APPT
                        : SAHA_DETAIL_ROOM_MUST);
                d.text[0] = a->id;
                return d;
            }
    }
    for (size_t i = 0; i < st->it.nskipped; i++)
        if (st->it.skipped[i].account == p->account) {
            saha_detail d = why_of(SAHA_DETAIL_SKIPPED);
            d.skip = st->it.skipped[i].reason;
            d.text[0] = saha_skip_reason_name(d.skip);
            d.inner = &st->it.skipped[i].why;
            return d;
        }
    return why_of(SAHA_DETAIL_ELSEWHERE);
}

/* e->why = d, its texts copied into the plan's arena, and its English as e->reason; 0,
 * or -1 out of memory */
static int set_reason(saha_plan__store *st, saha_plan_change *e, saha_detail d)
{
    char text[400]; /* as long as the reasons always were */
    for (int k = 0; k < 2; k++)
        if (d.text[k] && !(d.text[k] = saha__arena_strdup(&st->arena, d.text[k])))
            return -1;
    e->why = d;
    (void)saha_export_detail_text(text, sizeof text, NULL, &e->why, NULL);
    e->reason = saha__arena_strdup(&st->arena, text);
    return e->reason ? 0 : -1;
}

/* The nights away against the previous plan's (rp->night_prev), appended to ch in
 * date order: kept (the same hotel after the same day), cancelled (with why), added.
 * Returns the number of entries written, or SIZE_MAX when out of memory. */
static size_t night_changes(saha_plan__store *st, const saha_plan_model *m,
                            const saha_plan_options *o, saha_plan_change *ch)
{
    const saha_plan__replan *rp = m->rp;
    const saha_itinerary *it = &st->it;
    size_t n = 0;
    if (!rp || !rp->night_prev)
        return 0;
    for (size_t off = 0; off < rp->horizon; off++) {
        int64_t day = rp->day0 + (int64_t)off;
        size_t was = rp->night_prev[off], now = SIZE_MAX, v = vehicle_at(m, day);
        saha_datetime date;
        int y, mo, d, off_trip;
        if (v != SIZE_MAX && v < it->ndays)
            now = it->days[v].end_hotel;
        if (was == SIZE_MAX && now == SIZE_MAX)
            continue;
        saha__civil_from_days(day, &y, &mo, &d);
        memset(&date, 0, sizeof date);
        date.year = y;
        date.month = mo;
        date.day = d;
        /* a trip called off cancels its night even when the plan sleeps there again
         * for other visits: that night is then added, for them */
        off_trip =
            was != SIZE_MAX && v != SIZE_MAX && m->night_trip_off && m->night_trip_off[v];
        for (int pass = 0; pass < 2; pass++) {
            saha_plan_change *e = &ch[n];
            saha_detail why;
            if (pass == 0 ? was == SIZE_MAX
                          : (now == SIZE_MAX || (now == was && !off_trip)))
                continue;
            memset(e, 0, sizeof *e);
            e->uid = "";
            e->etag = "";
            if (pass == 0) {
                e->account = was;
                e->from = date;
                if (now == was && !off_trip) {
                    e->status = SAHA_CHANGE_NIGHT_KEPT;
                    e->to = date;
                    why = why_of(rp->has_moment && day < rp->moment_day
                                     ? SAHA_DETAIL_NIGHT_SPENT
                                     : SAHA_DETAIL_NIGHT_BOOKED);
                } else {
                    e->status = SAHA_CHANGE_NIGHT_CANCELLED;
                    if (v == SIZE_MAX || day_off(m, o, day) || day_off(m, o, day + 1)) {
                        why = why_of(SAHA_DETAIL_DAY_OFF);
                    } else if (m->night_trip_off && m->night_trip_off[v]) {
                        why = why_of(SAHA_DETAIL_TRIP_CANCELLED);
                    } else if (vehicle_at(m, day + 1) == SIZE_MAX) {
                        why = why_of(SAHA_DETAIL_NO_DAY_AFTER);
                    } else if (now != SIZE_MAX && now != was) {
                        why = why_of(SAHA_DETAIL_HOTEL_INSTEAD);
                        why.text[0] = saha_account_at(m->accounts, now)->id;
                    } else {
                        why = why_of(SAHA_DETAIL_NIGHT_NOT_WORTH);
                    }
                }
            } else {
                e->account = now;
                e->status = SAHA_CHANGE_NIGHT_ADDED;
                e->to = date;
                why = why_of(off_trip && now == was ? SAHA_DETAIL_NIGHT_WORTH_NOW
                                                    : SAHA_DETAIL_NIGHT_WORTH);
            }
            if (set_reason(st, e, why) < 0)
                return SIZE_MAX;
            n++;
        }
    }
    return n;
}

saha_status saha_plan__changes_build(saha_plan__store *st, const saha_plan_model *m,
                                     const saha_vrp_solution *sol,
                                     const saha_plan_options *opts)
{
    saha_ctx *ctx = m->ctx;
    saha_itinerary *it = &st->it;
    const saha_previous_plan *prev = opts->previous;
    size_t nprev = saha_previous_plan_count(prev), nstops = 0, nch = 0;
    stop_ref *refs = NULL;
    uint8_t *pmatched = NULL, *added_req = NULL;
    size_t *buf = NULL;
    saha_plan_change *ch = NULL;
    saha_status rc = SAHA_OK;
    saha__buf uid;

    saha__buf_init(&uid, ctx, SAHA__BUF_NOLIMIT);

    for (size_t d = 0; d < it->ndays; d++)
        nstops += it->days[d].nstops;
    refs = saha__calloc(ctx, nstops + 1, sizeof *refs);
    pmatched = saha__calloc(ctx, nprev + 1, 1);
    added_req = saha__calloc(ctx, m->vrp.ncustomers + 1, 1);
    buf = saha__alloc_array(ctx, m->vrp.ncustomers + 2, sizeof *buf);
    if (!refs || !pmatched || !added_req || !buf) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    {
        size_t n = 0;
        for (size_t d = 0; d < it->ndays; d++)
            for (size_t k = 0; k < it->days[d].nstops; k++) {
                refs[n].day = d;
                refs[n].k = k;
                refs[n].prev = SIZE_MAX;
                n++;
            }
    }
    /* Match: same account and day first, then the rest in date order. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < nstops; i++) {
            const saha_plan_day *day = &it->days[refs[i].day];
            size_t a = day->stops[refs[i].k].account;
            if (refs[i].prev != SIZE_MAX)
                continue;
            for (size_t j = 0; j < nprev; j++) {
                const saha_previous_visit *p = saha_previous_plan_at(prev, j);
                if (pmatched[j] || p->account != a ||
                    (pass == 0 && civil(p->date) != civil(day->date)))
                    continue;
                refs[i].prev = j;
                pmatched[j] = 1;
                break;
            }
        }
    /* Stops: uid, sequence, etag. */
    for (size_t i = 0; i < nstops; i++) {
        saha_plan_day *day = (saha_plan_day *)&it->days[refs[i].day];
        saha_plan_stop *s = (saha_plan_stop *)&day->stops[refs[i].k];
        const saha_account *acc = saha_account_at(m->accounts, s->account);
        if (refs[i].prev != SIZE_MAX) {
            const saha_previous_visit *p = saha_previous_plan_at(prev, refs[i].prev);
            int changed =
                civil(p->date) != civil(day->date) ||
                p->date.hour * 3600 + p->date.minute * 60 != (s->start_s + 30) / 60 * 60;
            if ((rc = previous_uid(&uid, acc->id, p)) != SAHA_OK)
                goto done;
            s->sequence = p->sequence + (changed ? 1u : 0u);
            s->etag = p->etag;
        } else {
            /* k-th visit of the account this week; skip any UID already in use */
            unsigned k = 1;
            int clash;
            for (size_t j = 0; j < i; j++)
                if (it->days[refs[j].day].stops[refs[j].k].account == s->account)
                    k++;
            do {
                clash = 0;
                saha__buf_clear(&uid);
                rc = saha__buf_put_id_escaped(&uid, acc->id);
                if (rc == SAHA_OK)
                    rc = saha__buf_printf(&uid, "-%04d%02d%02d-%u@saha",
                                          it->horizon_start.year, it->horizon_start.month,
                                          it->horizon_start.day, k);
                if (rc != SAHA_OK)
                    goto done;
                for (size_t j = 0; j < nprev && !clash; j++)
                    clash = !strcmp(saha_previous_plan_at(prev, j)->uid, uid.data);
                for (size_t j = 0; j < i && !clash; j++)
                    clash = !strcmp(it->days[refs[j].day].stops[refs[j].k].uid, uid.data);
                k++;
            } while (clash);
            s->sequence = 0;
            s->etag = "";
        }
        s->uid = saha__arena_strdup(&st->arena, uid.data);
        if (!s->uid) {
            rc = SAHA_ENOMEM;
            goto done;
        }
    }
    if (!prev)
        goto done;
    /* Required visits new in this plan (must-visit, urgent): they can take a day. */
    for (size_t i = 0; i < nstops; i++) {
        size_t c = stop_customer(sol, refs[i].day, refs[i].k);
        const saha_plan_day *day = &it->days[refs[i].day];
        int moved_in =
            refs[i].prev != SIZE_MAX &&
            civil(saha_previous_plan_at(prev, refs[i].prev)->date) != civil(day->date);
        if ((refs[i].prev == SIZE_MAX || moved_in) && m->required[c] &&
            (m->frozen_day == NULL || m->frozen_day[c] == SIZE_MAX))
            added_req[c] = 1;
    }
    ch = saha__arena_alloc(
        &st->arena, (nstops + nprev + 2 * (m->rp ? m->rp->horizon : 0) + 1) * sizeof *ch);
    if (!ch) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < nstops; i++) {
        const saha_plan_day *day = &it->days[refs[i].day];
        const saha_plan_stop *s = &day->stops[refs[i].k];
        size_t c = stop_customer(sol, refs[i].day, refs[i].k);
        saha_plan_change *e = &ch[nch++];
        saha_detail d;
        memset(e, 0, sizeof *e);
        e->account = s->account;
        e->uid = s->uid;
        e->sequence = s->sequence;
        e->etag = s->etag;
        e->to = day->date;
        e->to.hour = (s->start_s + 30) / 3600;
        e->to.minute = (s->start_s + 30) / 60 % 60;
        if (refs[i].prev == SIZE_MAX) {
            e->status = SAHA_CHANGE_ADDED;
            if (m->rp && m->rp->urgent[s->account])
                d = why_of(SAHA_DETAIL_URGENT);
            else if (s->frozen)
                d = why_of(SAHA_DETAIL_DONE_LOG);
            else if (log_last(opts, s->account, SAHA_VISIT_RESCHEDULED))
                d = why_of(SAHA_DETAIL_REBOOKED);
            else if (saha_account_at(m->accounts, s->account)->must_visit)
                d = why_of(SAHA_DETAIL_MUST_VISIT);
            else
                d = why_of(SAHA_DETAIL_WORTH_VISIT);
        } else {
            const saha_previous_visit *p = saha_previous_plan_at(prev, refs[i].prev);
            e->from = p->date;
            if (civil(p->date) == civil(day->date)) {
                e->status = SAHA_CHANGE_KEPT;
                d = why_of(s->frozen      ? SAHA_DETAIL_DONE
                           : s->confirmed ? SAHA_DETAIL_CONFIRMED
                                          : SAHA_DETAIL_SAME_DAY);
            } else {
                e->status = SAHA_CHANGE_MOVED;
                d = move_reason(m, sol, opts, p, refs[i].day, refs[i].k, added_req, buf);
            }
        }
        (void)c;
        if (set_reason(st, e, d) < 0) {
            rc = SAHA_ENOMEM;
            goto done;
        }
    }
    for (size_t j = 0; j < nprev; j++) {
        const saha_previous_visit *p = saha_previous_plan_at(prev, j);
        const saha_account *acc = saha_account_at(m->accounts, p->account);
        saha_plan_change *e;
        if (pmatched[j])
            continue;
        e = &ch[nch++];
        memset(e, 0, sizeof *e);
        e->account = p->account;
        e->status = SAHA_CHANGE_DROPPED;
        e->from = p->date;
        if ((rc = previous_uid(&uid, acc->id, p)) != SAHA_OK)
            goto done;
        e->uid = saha__arena_strdup(&st->arena, uid.data);
        e->sequence = p->sequence + 1;
        e->etag = p->etag;
        if (!e->uid ||
            set_reason(st, e, drop_reason(st, m, sol, added_req, opts, p)) < 0) {
            rc = SAHA_ENOMEM;
            goto done;
        }
    }
    /* account order, then date */
    for (size_t i = 1; i < nch; i++) {
        saha_plan_change x = ch[i];
        size_t j = i;
        while (j > 0 && (ch[j - 1].account > x.account)) {
            ch[j] = ch[j - 1];
            j--;
        }
        ch[j] = x;
    }
    {
        size_t nn = night_changes(st, m, opts, ch + nch);
        if (nn == SIZE_MAX) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        nch += nn;
    }
    it->changes = ch;
    it->nchanges = nch;
done:
    saha__buf_free(&uid);
    saha__free(ctx, refs);
    saha__free(ctx, pmatched);
    saha__free(ctx, added_req);
    saha__free(ctx, buf);
    return rc;
}
