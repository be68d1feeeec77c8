/* plan_model: accounts + rep + travel matrix -> the optimiser's instance (saha_vrp).
 *
 * Method: every working day of the horizon is a vehicle leaving home at day_start and
 * back by day_end, with lunch as its break and the rep's daily caps. A customer's
 * windows on a day are its opening spans that weekday intersected with the working day,
 * shortened by the visit so that the whole visit fits (service must START in
 * [max(open, day_start), min(close, day_end) - visit]). An appointment is one window
 * [t, t] on its day only, and required; must_visit is required. Accounts that cannot be
 * visited whatever the plan (no coordinates, closed on every working day, appointment
 * outside the horizon) are not customers; they get their reason here. Prizes and costs
 * are integers: cents for `profit`, value cents x SAHA_PLAN__VALUE_SCALE against metres
 * for `value`, metres for `cost` (every customer required). Times are seconds after the
 * day's local midnight.
 * Complexity: O(days x accounts x spans + nodes^2). Invariant: every account is either
 * a customer (cust_of != SIZE_MAX) or has pre_reason != SAHA_SKIP_NONE.
 * Caller: plan.c (saha_plan_solve) and the unit tests. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/plan_cadence.h"
#include "internal/plan_model.h"
#include "saha/export.h" /* saha_export_detail_text: the details' English */
#include "util/kdtree.h"

double saha_plan_urgency(const saha_account *account, saha_datetime start)
{
    int64_t due, overdue;
    double u;
    if (!account || account->frequency_days <= 0 || !account->has_last_visit)
        return 1.0;
    due = saha__days_from_civil(account->last_visit.year, account->last_visit.month,
                                account->last_visit.day) +
          account->frequency_days;
    overdue = saha__days_from_civil(start.year, start.month, start.day) - due;
    if (overdue <= 0)
        return 1.0;
    u = (double)overdue / (double)account->frequency_days;
    return 1.0 + (u > 2.0 ? 2.0 : u);
}

size_t saha_plan__matrix_points(const saha_account_set *accounts, const saha_rep *rep,
                                const uint8_t *only, saha_latlon *pts, const char **ids)
{
    size_t n = 1, na = saha_account_count(accounts);
    if (pts)
        pts[0] = rep->home;
    if (ids)
        ids[0] = "HOME";
    for (size_t a = 0; a < na; a++) {
        const saha_account *acc = saha_account_at(accounts, a);
        if (!acc->has_coords || (only && !only[a]))
            continue;
        if (pts) {
            pts[n].lat_deg = acc->lat_deg;
            pts[n].lon_deg = acc->lon_deg;
        }
        if (ids)
            ids[n] = acc->id;
        n++;
    }
    return n;
}

/* The calendar date of a day number (saha__days_from_civil's count). */
static saha_datetime date_of(int64_t day)
{
    saha_datetime d = {0, 0, 0, 0, 0};
    int y, m, dd;
    saha__civil_from_days(day, &y, &m, &dd);
    d.year = (int16_t)y;
    d.month = (uint8_t)m;
    d.day = (uint8_t)dd;
    return d;
}

static const char *const wd_names[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

/* "Mo-Fr", "Mo,We,Fr", "Tu-Th,Sa" for a weekday mask. */
static void mask_text(unsigned mask, char *dst, size_t cap)
{
    size_t len = 0;
    dst[0] = '\0';
    for (int d = 0; d < 7; d++) {
        int e = d;
        int w;
        if (!(mask & (1u << d)))
            continue;
        while (e + 1 < 7 && (mask & (1u << (e + 1))))
            e++;
        if (e >= d + 2)
            w = snprintf(dst + len, cap - len, "%s%s-%s", len ? "," : "", wd_names[d],
                         wd_names[e]);
        else if (e == d + 1)
            w = snprintf(dst + len, cap - len, "%s%s,%s", len ? "," : "", wd_names[d],
                         wd_names[e]);
        else
            w = snprintf(dst + len, cap - len, "%s%s", len ? "," : "", wd_names[d]);
        if (w < 0 || (size_t)w >= cap - len)
            return;
        len += (size_t)w;
        d = e;
    }
}

void saha_plan__hours_text(const saha_account *acc, char *dst, size_t cap)
{
    if (!acc->has_hours || saha_hours_format(acc->hours, dst, cap) < 0) {
        snprintf(dst, cap, "%s", acc->has_hours ? "?" : "24/7");
        return;
    }
    if (!dst[0])
        snprintf(dst, cap, "closed");
}

void saha_plan__model_free(saha_plan_model *m)
{
    saha_ctx *ctx;
    if (!m || !m->ctx)
        return;
    ctx = m->ctx;
    saha__free(ctx, m->mat_of);
    saha__free(ctx, m->cust_of);
    saha__free(ctx, m->ncopies);
    saha__free(ctx, m->visit_earn);
    saha__free(ctx, m->account_of);
    saha__free(ctx, m->earn);
    saha__free(ctx, m->urgency);
    saha__free(ctx, m->pre_reason);
    saha__free(ctx, m->pre_why);
    saha__free(ctx, m->days);
    saha__free(ctx, m->time);
    saha__free(ctx, m->dist);
    saha__free(ctx, m->cost);
    saha__free(ctx, m->prize);
    saha__free(ctx, m->service);
    saha__free(ctx, m->required);
    saha__free(ctx, m->ntw);
    saha__free(ctx, m->tw);
    saha__free(ctx, m->vehicles);
    saha__arena_free(&m->arena);
    memset(m, 0, sizeof *m);
}

static saha_detail detail_of(saha_detail_code code)
{
    saha_detail d;
    memset(&d, 0, sizeof d);
    d.code = code;
    return d;
}

/* Account a's detail before solving (its texts copied into the model's arena); its
 * English into text (cap bytes) when text is not NULL. 0, or -1 out of memory. */
static int set_why(saha_plan_model *m, size_t a, saha_detail d, char *text, size_t cap)
{
    for (int k = 0; k < 2; k++)
        if (d.text[k] && !(d.text[k] = saha__arena_strdup(&m->arena, d.text[k])))
            return -1;
    m->pre_why[a] = d;
    if (text)
        (void)saha_export_detail_text(text, cap, NULL, &d, NULL); /* truncated if long */
    return 0;
}

/* Windows of account acc on vehicle v (its weekday, its working window; on a holiday
 * the account's PH hours when it has them), in seconds, as saha_vrp_tw; returns their
 * count (0..SAHA_VRP_MAX_TW). */
/* The spans (one day's opening hours) clipped to [ds, de] that still fit the service,
 * as windows for its start. */
static size_t clip_spans(const saha_hours_span *span, size_t nspans, int64_t ds,
                         int64_t de, int64_t service, saha_vrp_tw *out)
{
    size_t n = 0;
    for (size_t k = 0; k < nspans && n < SAHA_VRP_MAX_TW; k++) {
        int64_t o = (int64_t)span[k].open_min * 60;
        int64_t c = (int64_t)span[k].close_min * 60;
        if (o < ds)
            o = ds;
        if (c > de)
            c = de;
        if (c - service >= o) {
            out[n].open = o;
            out[n].close = c - service;
            n++;
        }
    }
    return n;
}

static size_t day_windows(const saha_plan_model *m, const saha_account *acc, size_t v,
                          int64_t service, saha_vrp_tw *out)
{
    const saha_plan__day *day = &m->days[v];
    int wd = day->weekday;
    int64_t ds = (int64_t)day->start_min * 60, de = (int64_t)day->end_min * 60;
    size_t n = 0;
    if (!acc->has_hours) {
        if (de - service >= ds) {
            out[0].open = ds;
            out[0].close = de - service;
            n = 1;
        }
        return n;
    }
    if (day->holiday && acc->hours->has_ph)
        return clip_spans(acc->hours->ph_span, acc->hours->ph_nspans, ds, de, service,
                          out);
    return clip_spans(acc->hours->span[wd], acc->hours->nspans[wd], ds, de, service, out);
}

/* na accounts, at most ncap customers (visits), nv days, at most nn nodes. */
static saha_status alloc_all(saha_plan_model *m, size_t na, size_t ncap, size_t nv,
                             size_t nn)
{
    saha_ctx *ctx = m->ctx;
    size_t nn2, nvc, nvn;
    if (saha__mul_size(nn, nn, &nn2) < 0 || saha__mul_size(nv, ncap + 1, &nvn) < 0 ||
        saha__mul_size(nv, ncap, &nvc) < 0 ||
        saha__mul_size(nvc, SAHA_VRP_MAX_TW, &nvc) < 0)
        return saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "instance too large");
    m->mat_of = saha__alloc_array(ctx, na + 1, sizeof *m->mat_of);
    m->cust_of = saha__alloc_array(ctx, na + 1, sizeof *m->cust_of);
    m->ncopies = saha__calloc(ctx, na + 1, sizeof *m->ncopies);
    m->account_of = saha__alloc_array(ctx, ncap + 1, sizeof *m->account_of);
    m->visit_earn = saha__calloc(ctx, ncap + 1, sizeof *m->visit_earn);
    m->earn = saha__alloc_array(ctx, na + 1, sizeof *m->earn);
    m->urgency = saha__alloc_array(ctx, na + 1, sizeof *m->urgency);
    m->pre_reason = saha__calloc(ctx, na + 1, sizeof *m->pre_reason);
    m->pre_why = saha__calloc(ctx, na + 1, sizeof *m->pre_why);
    m->time = saha__alloc_array(ctx, nn2, sizeof *m->time);
    /* the engine reads distances only for a daily km cap (max_distance): without
     * one, no int64 n^2 distance copy (the itinerary reads dist_m) */
    if (m->rep.max_km > 0)
        m->dist = saha__alloc_array(ctx, nn2, sizeof *m->dist);
    m->cost = saha__alloc_array(ctx, nn2, sizeof *m->cost);
    m->prize = saha__calloc(ctx, ncap + 1, sizeof *m->prize);
    m->service = saha__calloc(ctx, ncap + 1, sizeof *m->service);
    m->required = saha__calloc(ctx, ncap + 1, sizeof *m->required);
    m->ntw = saha__calloc(ctx, nvn, sizeof *m->ntw);
    m->tw = saha__calloc(ctx, nvc + 1, sizeof *m->tw);
    m->vehicles = saha__calloc(ctx, nv + 1, sizeof *m->vehicles);
    if (!m->mat_of || !m->cust_of || !m->ncopies || !m->visit_earn || !m->account_of ||
        !m->earn || !m->urgency || !m->pre_reason || !m->pre_why || !m->time ||
        (m->rep.max_km > 0 && !m->dist) || !m->cost || !m->prize || !m->service ||
        !m->required || !m->ntw || !m->tw || !m->vehicles)
        return SAHA_ENOMEM;
    return SAHA_OK;
}

size_t saha_plan__periods(const saha_account *acc, saha_datetime start, int horizon_days,
                          int *lo, int *hi, size_t cap)
{
    int f = acc ? acc->frequency_days : 0, s0 = 0;
    size_t n = 0;
    if (cap == 0)
        return 0;
    if (!acc || f <= 0 || f >= horizon_days || acc->has_appointment || cap < 2) {
        lo[0] = 0;
        hi[0] = horizon_days;
        return 1;
    }
    if (acc->has_last_visit) {
        int64_t due = saha__days_from_civil(acc->last_visit.year, acc->last_visit.month,
                                            acc->last_visit.day) +
                      f - saha__days_from_civil(start.year, start.month, start.day);
        s0 = due <= 0 ? 0 : (due >= horizon_days ? horizon_days - 1 : (int)due);
    }
    for (int d = s0; d < horizon_days && n < cap; d += f) {
        lo[n] = d;
        hi[n] = d + f < horizon_days ? d + f : horizon_days;
        n++;
    }
    return n;
}

int64_t saha_plan__leg_m(const saha_plan_model *m, size_t i, size_t j)
{
    if (m->dist)
        return m->dist[i * m->vrp.nnodes + j];
    if (i == j)
        return 0;
    return (int64_t)llround(
        m->dist_m[saha_plan__node_point(m, i) * m->nmat + saha_plan__node_point(m, j)]);
}

size_t saha_plan__node_point(const saha_plan_model *m, size_t node)
{
    size_t nc = m->vrp.ncustomers;
    if (node < nc)
        return m->mat_of[m->account_of[node]];
    if (node == m->pos_node && m->rp)
        return m->rp->pos_point;
    if (node == nc || node - nc - 1 >= m->nhotels)
        return 0;
    return m->mat_of[m->hotel_account[node - nc - 1]];
}

size_t saha_plan__node_hotel(const saha_plan_model *m, size_t node)
{
    size_t nc = m->vrp.ncustomers;
    if (node <= nc || node - nc - 1 >= m->nhotels)
        return SIZE_MAX;
    return m->hotel_account[node - nc - 1];
}

/* Candidate hotel places: among the accounts at least SAHA_PLAN__FAR_S from home,
 * repeatedly the one with the most value within SAHA_PLAN__HOTEL_REACH_S (of accounts
 * not yet near a chosen place). O(far^2) per place. */
static void choose_hotels(saha_plan_model *m, size_t nc)
{
    size_t nmat = m->nmat, cap = m->nhotels + SAHA_PLAN__MAX_HOTELS;
    /* a re-plan's booked hotels (already in hotel_account) count as chosen */
    while (m->nhotels < cap) {
        size_t best = SIZE_MAX;
        double best_mass = 0;
        for (size_t c = 0; c < nc; c++) {
            size_t a = m->account_of[c], pa = m->mat_of[a];
            double mass = 0;
            if (m->cust_of[a] != c || m->dur_s[pa] < SAHA_PLAN__FAR_S)
                continue; /* first visit of far accounts only */
            for (size_t d = 0; d < nc; d++) {
                size_t b = m->account_of[d], pb = m->mat_of[b];
                int covered = 0;
                if (m->cust_of[b] != d || m->dur_s[pb] < SAHA_PLAN__FAR_S ||
                    m->dur_s[pa * nmat + pb] > SAHA_PLAN__HOTEL_REACH_S)
                    continue;
                for (size_t k = 0; k < m->nhotels && !covered; k++)
                    covered = m->dur_s[m->mat_of[m->hotel_account[k]] * nmat + pb] <=
                              SAHA_PLAN__HOTEL_REACH_S;
                if (!covered)
                    mass += m->earn[b];
            }
            if (mass > best_mass) {
                best_mass = mass;
                best = a;
            }
        }
        if (best == SIZE_MAX)
            break;
        m->hotel_account[m->nhotels++] = best;
    }
}

/* Objective cost of a leg; price: currency per second of driving on top of the rep's
 * costs (an overloaded quarter plan's price of time between visits, plan_cadence.c). */
static saha_cost cost_of(const saha_plan_model *m, double dist_m, double dur_s,
                         double price)
{
    double c;
    switch (m->objective) {
    case SAHA_OBJECTIVE_VALUE:
        c = dist_m + dur_s * price * 100.0 * (double)SAHA_PLAN__VALUE_SCALE;
        return (saha_cost)llround(fmin(c, 1e17));
    case SAHA_OBJECTIVE_COST:
        return (saha_cost)llround(dist_m);
    case SAHA_OBJECTIVE_PROFIT:
    default:
        c = (dist_m / 1000.0 * m->rep.cost_per_km +
             dur_s * (m->rep.cost_per_hour / 3600.0 + price)) *
            100.0;
        c = fmin(c, 1e17);
        return (saha_cost)llround(c);
    }
}

/* The account as the model sees it (re-plan: with the log's changes). */
static const saha_account *acct(const saha_plan_model *m,
                                const saha_account_set *accounts, size_t a)
{
    return m->rp ? &m->rp->acc[a] : saha_account_at(accounts, a);
}

/* The rep's holiday on `day`: -1 none, 0 a whole day off, else 1 + its end minute. */
static int holiday_of(const saha_rep *rep, int64_t day)
{
    for (size_t k = 0; k < rep->nholidays; k++)
        if (saha__days_from_civil(rep->holidays[k].date.year, rep->holidays[k].date.month,
                                  rep->holidays[k].date.day) == day)
            return rep->holidays[k].end_min < 0 ? 0 : 1 + rep->holidays[k].end_min;
    return -1;
}

static int is_day_off(const saha_rep *rep, const saha_plan__replan *rp, int64_t day)
{
    for (size_t k = 0; k < rep->ndays_off; k++)
        if (saha__days_from_civil(rep->days_off[k].year, rep->days_off[k].month,
                                  rep->days_off[k].day) == day)
            return 1;
    for (size_t k = 0; rp && k < rp->ndays_off; k++)
        if (rp->days_off[k] == day)
            return 1;
    return 0;
}

static size_t vehicle_of_day(const saha_plan_model *m, int64_t day)
{
    for (size_t v = 0; v < m->ndays; v++)
        if (saha__days_from_civil(m->days[v].date.year, m->days[v].date.month,
                                  m->days[v].date.day) == day)
            return v;
    return SIZE_MAX;
}

/* May account a get a (new) visit on vehicle v? Not before the moment, not when
 * cancelled, not before its cadence is due again after a done visit. */
static int replan_day_ok(const saha_plan_model *m, size_t a, const saha_account *acc,
                         size_t v)
{
    const saha_plan__replan *rp = m->rp;
    int64_t day = saha__days_from_civil(m->days[v].date.year, m->days[v].date.month,
                                        m->days[v].date.day);
    if (rp->cancelled[a])
        return 0;
    if (rp->has_moment && day < rp->moment_day)
        return 0;
    if (rp->done_day[a] != INT64_MIN) {
        if (acc->frequency_days <= 0) {
            /* no cadence: a visit done in the horizon is the week's visit */
            if (rp->done_day[a] >= rp->day0)
                return 0;
        } else if (day < rp->done_day[a] + acc->frequency_days) {
            return 0;
        }
    }
    return 1;
}

static int replan_any_day(const saha_plan_model *m, size_t a, const saha_account *acc,
                          int64_t day0)
{
    (void)day0;
    for (size_t v = 0; v < m->ndays; v++)
        if (replan_day_ok(m, a, acc, v))
            return 1;
    return 0;
}

/* Why an account gets no new visit in a re-plan (cancelled, or done). */
static saha_detail replan_reason(saha_plan_model *m, size_t a, const saha_account *acc)
{
    const saha_plan__replan *rp = m->rp;
    saha_detail d;
    if (rp->cancelled[a]) {
        m->pre_reason[a] = SAHA_SKIP_CANCELLED;
        d = detail_of(SAHA_DETAIL_CANCELLED_LOG);
        d.num[0] = (double)rp->cancel_line[a];
        return d;
    }
    m->pre_reason[a] = SAHA_SKIP_DONE;
    if (rp->done_day[a] != INT64_MIN) {
        if (acc->frequency_days > 0) {
            d = detail_of(SAHA_DETAIL_VISITED_NEXT);
            d.date[0] = date_of(rp->done_day[a] + acc->frequency_days);
            d.num[0] = acc->frequency_days;
        } else {
            d = detail_of(SAHA_DETAIL_VISITED_WEEK);
        }
        return d;
    }
    return detail_of(SAHA_DETAIL_NO_DAY_LEFT);
}

/* Start (seconds) of account a's frozen visit on `day`. */
static int64_t frozen_start(const saha_plan__replan *rp, size_t a, int64_t day)
{
    for (size_t f = 0; f < rp->nfrozen; f++)
        if (rp->frozen[f].account == a && rp->frozen[f].day == day)
            return (int64_t)(rp->frozen[f].date.hour * 60 + rp->frozen[f].date.minute) *
                   60;
    return 0;
}

/* Windows on the moment's day start at the moment. Returns the windows kept. */
static size_t clip_to_moment(const saha_plan__replan *rp, int64_t day, saha_vrp_tw *w,
                             size_t n)
{
    size_t k = 0;
    if (!rp->has_moment || day != rp->moment_day)
        return n;
    for (size_t i = 0; i < n; i++) {
        if (w[i].close < rp->moment_s)
            continue;
        w[k] = w[i];
        if (w[k].open < rp->moment_s)
            w[k].open = rp->moment_s;
        k++;
    }
    return k;
}

static int open_on(const saha_plan_model *m, size_t a, size_t v)
{
    const saha_account *acc = acct(m, m->accounts, a);
    saha_vrp_tw w[SAHA_VRP_MAX_TW];
    if (m->rp && !replan_day_ok(m, a, acc, v))
        return 0;
    return day_windows(m, acc, v, (int64_t)llround(acc->visit_min * 60.0), w) > 0;
}

/* Customers of a cadence account (plan_cadence.c chose its phase): one per window that
 * has a working day it is open, the owed ones first earning value x probability (the
 * first with urgency); the windows --overload drop dropped left out; an
 * account not due in the horizon gets the spare window or a reason. */
static saha_status cadence_customers(saha_plan_model *m, size_t a,
                                     const saha_account *acc, int *pstart, int *pend,
                                     size_t *ncp, size_t first, char *text, size_t cap)
{
    const saha_plan__cad *cd = &m->cad[a];
    const int *lo = cd->wlo, *hi = cd->whi;
    const uint8_t *req = cd->wreq;
    size_t nw = lo ? cd->nwin : 0, nc = *ncp;
    double base = acc->value * acc->probability;
    for (size_t k = 0; k < nw; k++) {
        int open = 0;
        if (cd->drop && cd->drop[k])
            continue; /* dropped (--overload drop) */
        for (size_t v = 0; v < m->ndays && !open; v++)
            if (m->days[v].off >= lo[k] && m->days[v].off < hi[k] && open_on(m, a, v))
                open = 1;
        if (!open)
            continue;
        pstart[nc] = lo[k];
        pend[nc] = hi[k];
        m->account_of[nc] = a;
        m->visit_earn[nc] = nc == first ? m->earn[a] : base;
        m->win_k[nc] = k;
        m->win_req[nc] = req[k];
        if (m->rp)
            m->frozen_day[nc] = SIZE_MAX;
        nc++;
    }
    if (nw == 0 && cd->spare) {
        int s0 = m->horizon > 7 ? m->horizon - 7 : 0;
        int open = 0;
        for (size_t v = 0; v < m->ndays && !open; v++)
            if (m->days[v].off >= s0 && open_on(m, a, v))
                open = 1;
        if (open) {
            pstart[nc] = s0;
            pend[nc] = m->horizon;
            m->account_of[nc] = a;
            m->visit_earn[nc] = 0.5 * base; /* early: half the value */
            if (m->rp)
                m->frozen_day[nc] = SIZE_MAX;
            nc++;
        }
    }
    if (nc == first && m->pre_reason[a] == SAHA_SKIP_NONE) {
        saha_detail dt =
            detail_of(nw == 0 ? SAHA_DETAIL_NOT_DUE : SAHA_DETAIL_NO_OPEN_WINDOW);
        m->pre_reason[a] = SAHA_SKIP_NOT_DUE;
        if (nw == 0) {
            /* the due date (last visit + F) the text names, not the first day of
             * its window (pmin, the tolerance earlier) */
            dt.date[0] = date_of(m->day0 + cd->due0);
            dt.num[0] = cd->freq;
        } else {
            dt.num[0] = (double)nw;
        }
        if (set_why(m, a, dt, text, cap) < 0)
            return SAHA_ENOMEM;
    }
    *ncp = nc;
    return SAHA_OK;
}

saha_status saha_plan__model_build(
    saha_plan_model *m, saha_ctx *ctx, const saha_account_set *accounts,
    const saha_rep *rep, saha_objective objective, saha_datetime start, int horizon_days,
    const uint8_t *only, const double *dur_s, const double *dist_m, size_t nmat,
    double balance, saha_cost hotel_units, const double *off_road_m, double snap_max_m,
    const saha_plan__replan *rp, const saha_plan_options *qopts)
{
    size_t na, nv = 0, nc = 0, nn, depot, ncap;
    int *pstart, *pend; /* customer -> its period, day offsets [pstart, pend) */
    int cadence = qopts && qopts->cadence;
    int64_t day0;
    saha_status rc;
    char text[320], hours[96];

    memset(m, 0, sizeof *m);
    m->ctx = ctx;
    m->rp = rp;
    saha__arena_init(&m->arena, ctx);
    SAHA__CHECK_ARG(ctx, accounts && rep && dur_s && dist_m);
    if (horizon_days < 1 || horizon_days > 366)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "horizon of %d days: expected 1 to 366", horizon_days);
    if (start.year < 1 || start.month < 1 || start.month > 12 || start.day < 1 ||
        start.day > 31)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "no start date for the plan");
    if (!isfinite(rep->home.lat_deg) || !isfinite(rep->home.lon_deg))
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "the rep has no home position");
    m->accounts = accounts;
    m->only = only;
    m->tier_freq = cadence ? qopts->frequency_days : NULL;
    m->rep = *rep;
    m->objective = objective;
    m->dur_s = dur_s;
    m->dist_m = dist_m;
    na = saha_account_count(accounts);
    m->naccounts = na;
    m->nmat = nmat;
    if (nmat != saha_plan__matrix_points(accounts, rep, only, NULL, NULL) +
                    (rp && rp->pos_point != SIZE_MAX)) /* + a re-plan's position */
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "travel matrix has %zu points, want %zu", nmat,
                               saha_plan__matrix_points(accounts, rep, only, NULL, NULL));

    /* The days: working days of the horizon. */
    day0 = saha__days_from_civil(start.year, start.month, start.day);
    m->days = saha__calloc(ctx, (size_t)horizon_days, sizeof *m->days);
    if (!m->days)
        return SAHA_ENOMEM;
    for (int k = 0; k < horizon_days; k++) {
        saha_datetime d = date_of(day0 + k);
        int wd;
        wd = saha__weekday(d.year, d.month, d.day);
        int hol = holiday_of(rep, day0 + k);
        if (!(rep->days_mask & (1u << wd)) || is_day_off(rep, rp, day0 + k) || hol == 0)
            continue;
        m->days[nv].date = d;
        m->days[nv].weekday = wd;
        m->days[nv].start_min =
            rep->has_week_hours ? rep->week_start_min[wd] : rep->day_start_min;
        m->days[nv].end_min =
            rep->has_week_hours ? rep->week_end_min[wd] : rep->day_end_min;
        if (hol > 0 && hol - 1 < m->days[nv].end_min)
            m->days[nv].end_min = hol - 1; /* a half day */
        m->days[nv].holiday = hol > 0;
        m->days[nv].off = k;
        if (m->days[nv].end_min <= m->days[nv].start_min)
            continue; /* a half day that ends before the working day starts */
        nv++;
    }
    m->ndays = nv;
    if (nv == 0) {
        char dm[32], r0[48];
        saha_datetime last = date_of(day0 + horizon_days - 1);
        mask_text(rep->days_mask, dm, sizeof dm);
        snprintf(r0, sizeof r0, "%04d-%02d-%02d..%04d-%02d-%02d", start.year, start.month,
                 start.day, last.year, last.month, last.day);
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "no working day (%s) in %s: nothing to plan", dm, r0);
    }
    /* Upper bound on customers: every period of every account. */
    {
        int plo[SAHA_PLAN__MAX_VISITS], phi[SAHA_PLAN__MAX_VISITS];
        ncap = 0;
        for (size_t a = 0; a < na; a++) {
            const saha_account *acc = acct(m, accounts, a);
            if (only && !only[a])
                continue;
            int tf = m->tier_freq ? m->tier_freq[a] : 0;
            if (cadence && (acc->frequency_days > 0 || tf > 0))
                ncap += (size_t)(horizon_days /
                                 (acc->frequency_days > 0 ? acc->frequency_days : tf)) +
                        3;
            else
                ncap += saha_plan__periods(acc, start, horizon_days, plo, phi,
                                           SAHA_PLAN__MAX_VISITS);
        }
    }
    if (rp)
        ncap += rp->nfrozen;
    nn = ncap + 2 + SAHA_PLAN__MAX_HOTEL_NODES; /* upper bound on nodes (+ position) */
    rc = alloc_all(m, na, ncap, nv, nn);
    if (rc < 0)
        return rc;
    if (rp) {
        m->frozen_day = saha__arena_alloc(&m->arena, (ncap + 1) * sizeof *m->frozen_day);
        m->confirmed = saha__arena_alloc(&m->arena, ncap + 1);
        m->reg_of = saha__arena_alloc(&m->arena, (na + 1) * sizeof *m->reg_of);
        if (!m->frozen_day || !m->confirmed || !m->reg_of)
            return SAHA_ENOMEM;
        memset(m->confirmed, 0, ncap + 1);
    }

    /* Accounts: matrix point, value, reason before solving. */
    {
        size_t mp = 1;
        for (size_t a = 0; a < na; a++) {
            const saha_account *acc = acct(m, accounts, a);
            m->mat_of[a] = acc->has_coords && (!only || only[a]) ? mp++ : SIZE_MAX;
            m->cust_of[a] = SIZE_MAX;
            m->urgency[a] = saha_plan_urgency(acc, start);
            m->earn[a] = acc->value * acc->probability * m->urgency[a];
        }
    }
    for (size_t a = 0; a < na; a++) {
        const saha_account *acc = acct(m, accounts, a);
        int64_t service = (int64_t)llround(acc->visit_min * 60.0);
        size_t nwin = 0, appt_day = SIZE_MAX;
        saha_vrp_tw w[SAHA_VRP_MAX_TW];

        if (only && !only[a])
            continue; /* not this rep's account: no customer, no reason */
        if (!acc->has_coords) {
            saha_detail dt = detail_of(SAHA_DETAIL_NO_COORDS);
            m->pre_reason[a] = SAHA_SKIP_NO_COORDS;
            dt.flag = acc->must_visit || acc->has_appointment;
            dt.text[0] = acc->address;
            if (set_why(m, a, dt, NULL, 0) < 0)
                return SAHA_ENOMEM;
            continue;
        }
        if (off_road_m && !isnan(off_road_m[m->mat_of[a]])) {
            saha_detail dt = detail_of(SAHA_DETAIL_UNROUTABLE);
            m->pre_reason[a] = SAHA_SKIP_UNROUTABLE;
            dt.flag = acc->must_visit || acc->has_appointment;
            dt.num[0] = off_road_m[m->mat_of[a]];
            dt.num[1] = snap_max_m;
            if (set_why(m, a, dt, NULL, 0) < 0)
                return SAHA_ENOMEM;
            continue;
        }
        if (acc->has_appointment) {
            const saha_datetime *ap = &acc->appointment;
            for (size_t v = 0; v < nv; v++)
                if (m->days[v].date.year == ap->year &&
                    m->days[v].date.month == ap->month && m->days[v].date.day == ap->day)
                    appt_day = v;

            if (appt_day == SIZE_MAX) {
                int64_t ad = saha__days_from_civil(ap->year, ap->month, ap->day);
                int inside = ad >= day0 && ad < day0 + horizon_days;
                saha_detail dt = detail_of(inside ? SAHA_DETAIL_APPT_NOT_WORKING_DAY
                                                  : SAHA_DETAIL_APPT_OUTSIDE);
                m->pre_reason[a] = SAHA_SKIP_OUTSIDE_HORIZON;
                dt.date[0] = *ap;
                dt.date[1] = start;
                dt.date[2] = date_of(day0 + horizon_days - 1);
                if (set_why(m, a, dt, NULL, 0) < 0)
                    return SAHA_ENOMEM;
                continue;
            }
            {
                /* the appointment's own working day (per-weekday hours, half days) */
                int ds = m->days[appt_day].start_min, de = m->days[appt_day].end_min;
                int64_t t = (int64_t)(ap->hour * 60 + ap->minute) * 60;
                if (t < (int64_t)ds * 60 || t + service > (int64_t)de * 60)
                    return saha__error_set(ctx, SAHA_EINFEASIBLE,
                                           saha_account_source(accounts), acc->line, 0,
                                           "account %s (%s): appointment at %02d:%02d "
                                           "with a %g min visit is "
                                           "outside the working day %02d:%02d-%02d:%02d",
                                           acc->id, acc->name, ap->hour, ap->minute,
                                           acc->visit_min, ds / 60, ds % 60, de / 60,
                                           de % 60);
            }
            continue;
        }
        for (size_t v = 0; v < nv; v++)
            nwin += day_windows(m, acc, v, service, w);
        if (nwin == 0) {
            int open_some = 0;
            for (size_t v = 0; v < nv; v++)
                if (acc->hours->nspans[m->days[v].weekday])
                    open_some = 1;
            saha_plan__hours_text(acc, hours, sizeof hours);
            saha_detail dt =
                detail_of(open_some ? SAHA_DETAIL_NO_SPAN : SAHA_DETAIL_CLOSED);
            m->pre_reason[a] = SAHA_SKIP_CLOSED;
            dt.num[0] = acc->visit_min;
            dt.num[1] = rep->day_start_min;
            dt.num[2] = rep->day_end_min;
            dt.mask = rep->days_mask;
            dt.date[1] = start;
            dt.date[2] = date_of(day0 + horizon_days - 1);
            dt.text[0] = hours;
            if (set_why(m, a, dt, text, sizeof text) < 0)
                return SAHA_ENOMEM;
            if (acc->must_visit)
                return saha__error_set(
                    ctx, SAHA_EINFEASIBLE, saha_account_source(accounts), acc->line, 0,
                    "account %s (%s) must be visited but %s", acc->id, acc->name, text);
        }
    }

    if (cadence) {
        size_t nav;
        if (saha__mul_size(na, nv, &nav) < 0)
            return SAHA_ENOMEM;
        m->open_av = saha__arena_alloc(&m->arena, nav + 1);
        if (!m->open_av)
            return SAHA_ENOMEM;
        for (size_t a = 0; a < na; a++)
            for (size_t v = 0; v < nv; v++)
                m->open_av[a * nv + v] =
                    (uint8_t)(m->pre_reason[a] == SAHA_SKIP_NONE && (!only || only[a]) &&
                              open_on(m, a, v));
        rc = saha_plan__cadence_setup(m, accounts, start, horizon_days, qopts);
        if (rc < 0)
            return rc;
        m->win_k = saha__arena_alloc(&m->arena, (ncap + 1) * sizeof *m->win_k);
        m->win_req = saha__arena_alloc(&m->arena, ncap + 1);
        if (!m->win_k || !m->win_req)
            return SAHA_ENOMEM;
        for (size_t c = 0; c <= ncap; c++) {
            m->win_k[c] = SIZE_MAX;
            m->win_req[c] = 0;
        }
    }
    /* Customers: one per visit an account may get (one per cadence period that has a
     * working day it is open; at least one). */
    if (ncap + 1 > SIZE_MAX / (2 * sizeof *pstart))
        return SAHA_ENOMEM;
    pstart = saha__arena_alloc(&m->arena, (ncap + 1) * sizeof *pstart);
    pend = saha__arena_alloc(&m->arena, (ncap + 1) * sizeof *pend);
    if (!pstart || !pend)
        return SAHA_ENOMEM;
    for (size_t a = 0; a < na; a++) {
        const saha_account *acc = acct(m, accounts, a);
        int plo[SAHA_PLAN__MAX_VISITS], phi[SAHA_PLAN__MAX_VISITS];
        size_t np, first = nc, reg;
        if (m->pre_reason[a] != SAHA_SKIP_NONE || (only && !only[a]))
            continue;
        if (rp) /* visits before the moment, fixed: first of the account's customers */
            for (size_t f = 0; f < rp->nfrozen; f++) {
                const saha_plan__frozen *fz = &rp->frozen[f];
                size_t v = vehicle_of_day(m, fz->day);
                if (fz->account != a || v == SIZE_MAX)
                    continue;
                pstart[nc] = (int)(fz->day - day0);
                pend[nc] = pstart[nc] + 1;
                m->account_of[nc] = a;
                m->visit_earn[nc] =
                    nc == first ? m->earn[a] : acc->value * acc->probability;
                m->frozen_day[nc] = v;
                nc++;
            }
        reg = nc;
        if (rp && !replan_any_day(m, a, acc, day0)) {
            /* cancelled, or done and not due again in the horizon */
            if (nc == first) {
                if (set_why(m, a, replan_reason(m, a, acc), NULL, 0) < 0)
                    return SAHA_ENOMEM;
            }
            m->cust_of[a] = nc > first ? first : SIZE_MAX;
            m->ncopies[a] = nc - first;
            m->reg_of[a] = SIZE_MAX;
            continue;
        }
        if (m->cad && m->cad[a].freq > 0) {
            rc =
                cadence_customers(m, a, acc, pstart, pend, &nc, first, text, sizeof text);
            if (rc < 0)
                return rc;
            if (rp)
                m->reg_of[a] = nc > reg ? reg : SIZE_MAX;
            m->cust_of[a] = nc > first ? first : SIZE_MAX;
            m->ncopies[a] = nc - first;
            continue;
        }
        np =
            saha_plan__periods(acc, start, horizon_days, plo, phi, SAHA_PLAN__MAX_VISITS);
        for (size_t k = 0; k < np && np > 1; k++) {
            int open = 0;
            saha_vrp_tw w[SAHA_VRP_MAX_TW];
            int64_t service = (int64_t)llround(acc->visit_min * 60.0);
            for (size_t v = 0; v < nv && !open; v++) {
                int64_t off =
                    saha__days_from_civil(m->days[v].date.year, m->days[v].date.month,
                                          m->days[v].date.day) -
                    day0;
                if (off >= plo[k] && off < phi[k] &&
                    day_windows(m, acc, v, service, w) > 0 &&
                    (!rp || replan_day_ok(m, a, acc, v)))
                    open = 1;
            }
            if (!open)
                continue;
            pstart[nc] = plo[k];
            pend[nc] = phi[k];
            m->account_of[nc] = a;
            m->visit_earn[nc] = nc == first ? m->earn[a] : acc->value * acc->probability;
            if (rp)
                m->frozen_day[nc] = SIZE_MAX;
            nc++;
        }
        if (nc == reg) { /* one visit in the horizon */
            pstart[nc] = 0;
            pend[nc] = horizon_days;
            m->account_of[nc] = a;
            m->visit_earn[nc] = nc == first ? m->earn[a] : acc->value * acc->probability;
            if (rp)
                m->frozen_day[nc] = SIZE_MAX;
            nc++;
        }
        if (rp)
            m->reg_of[a] = reg;
        m->cust_of[a] = first;
        m->ncopies[a] = nc - first;
    }
    depot = nc;
    m->vrp.ncustomers = nc;
    m->nhotels = 0;
    if (rep->overnight_allowed) {
        if (rp)
            saha_plan__replan_hotels(m);
        choose_hotels(m, nc);
    }
    nn = nc + 1 + m->nhotels;
    m->pos_node = m->pos_vehicle = m->pos_after = SIZE_MAX;
    if (rp && rp->pos_point != SIZE_MAX)
        m->pos_node = nn++; /* the re-plan's position (plan_replan.c) */
    for (size_t i = 0; i < nn; i++) {
        size_t mi = saha_plan__node_point(m, i);
        for (size_t j = 0; j < nn; j++) {
            size_t mj = saha_plan__node_point(m, j);
            double d = i == j ? 0.0 : dist_m[mi * nmat + mj];
            double t = i == j ? 0.0 : dur_s[mi * nmat + mj];
            /* every drive of a visit, the drive home too (plan_room.c) */
            double price = i < nc || j < nc ? m->time_price : 0.0;
            if (!isfinite(d) || !isfinite(t) || d < 0 || t < 0)
                return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                       "travel matrix entry %zu->%zu is not a finite "
                                       "non-negative number",
                                       mi, mj);
            m->time[i * nn + j] = (int64_t)llround(t);
            if (m->dist)
                m->dist[i * nn + j] = (int64_t)llround(d);
            m->cost[i * nn + j] = i == j ? 0 : cost_of(m, d, t, price);
        }
    }
    for (size_t c = 0; c < nc; c++) {
        size_t a = m->account_of[c];
        const saha_account *acc = acct(m, accounts, a);
        double e = m->visit_earn[c];
        int first = rp ? c == m->reg_of[a] : c == m->cust_of[a];
        int frozen = rp && m->frozen_day[c] != SIZE_MAX;
        m->service[c] = (int64_t)llround(acc->visit_min * 60.0);
        m->required[c] = (uint8_t)((first && (acc->must_visit || acc->has_appointment ||
                                              (rp && rp->urgent[a]))) ||
                                   frozen || objective == SAHA_OBJECTIVE_COST);
        switch (objective) {
        case SAHA_OBJECTIVE_VALUE:
            if (e > SAHA_PLAN__VALUE_CAP)
                e = SAHA_PLAN__VALUE_CAP;
            m->prize[c] = (saha_cost)llround(e * 100.0) * SAHA_PLAN__VALUE_SCALE;
            break;
        case SAHA_OBJECTIVE_COST:
            m->prize[c] = 0;
            break;
        case SAHA_OBJECTIVE_PROFIT:
        default:
            if (e > 1e15)
                e = 1e15;
            m->prize[c] = (saha_cost)llround(e * 100.0);
            break;
        }
        for (size_t v = 0; v < nv; v++) {
            size_t slot = v * nc + c;
            saha_vrp_tw *w = m->tw + slot * SAHA_VRP_MAX_TW;
            int64_t off =
                saha__days_from_civil(m->days[v].date.year, m->days[v].date.month,
                                      m->days[v].date.day) -
                day0;
            if (off < pstart[c] || off >= pend[c]) {
                m->ntw[slot] = 0; /* another visit's period */
                continue;
            }
            if (frozen) { /* before the moment: as it happened */
                m->ntw[slot] = 0;
                if (m->frozen_day[c] == v) {
                    /* the log is in whole minutes, a plan's CSV rounded to the
                     * nearest: allow the rounding either side (a start forced to the
                     * whole minute can push the day's end past the working day) */
                    w[0].open = frozen_start(rp, a, day0 + off) - 30;
                    w[0].close = w[0].open + 150;
                    m->ntw[slot] = 1;
                }
                continue;
            }
            if (rp && !replan_day_ok(m, a, acc, v)) {
                m->ntw[slot] = 0;
                continue;
            }
            if (acc->has_appointment) {
                const saha_datetime *ap = &acc->appointment;
                if (m->days[v].date.year == ap->year &&
                    m->days[v].date.month == ap->month &&
                    m->days[v].date.day == ap->day) {
                    w[0].open = w[0].close = (int64_t)(ap->hour * 60 + ap->minute) * 60;
                    m->ntw[slot] = 1;
                }
                continue;
            }
            m->ntw[slot] = (uint8_t)day_windows(m, acc, v, m->service[c], w);
            if (rp)
                m->ntw[slot] = (uint8_t)clip_to_moment(rp, day0 + off, w, m->ntw[slot]);
        }
    }
    for (size_t v = 0; v < nv; v++) {
        saha_vrp_vehicle *veh = &m->vehicles[v];
        veh->start_node = veh->end_node = depot;
        veh->earliest_start = (int64_t)m->days[v].start_min * 60;
        veh->latest_end = (int64_t)m->days[v].end_min * 60;
        veh->max_travel_time =
            rep->max_drive_min > 0 ? (int64_t)rep->max_drive_min * 60 : SAHA_VRP_NO_LIMIT;
        veh->max_distance =
            rep->max_km > 0 ? (int64_t)llround(rep->max_km * 1000.0) : SAHA_VRP_NO_LIMIT;
        veh->max_visits = rep->max_visits > 0 ? rep->max_visits : SAHA_VRP_NO_LIMIT;
        if (rep->lunch_min > 0 &&
            m->days[v].end_min >= rep->lunch_earliest_min + rep->lunch_min) {
            /* no lunch on a half day that ends before it */
            veh->break_duration = (int64_t)rep->lunch_min * 60;
            veh->break_earliest = (int64_t)rep->lunch_earliest_min * 60;
            veh->break_latest = (int64_t)rep->lunch_latest_min * 60;
            veh->break_on_road = rep->lunch_on_road != 0;
        }
    }
    m->vrp.ncustomers = nc;
    m->vrp.nnodes = nn;
    m->vrp.empty_drives = 1; /* a day between two hotels still drives */
    m->vrp.nvehicles = nv;
    m->vrp.time = m->time;
    m->vrp.cost = m->cost;
    m->vrp.dist = m->dist;
    m->vrp.prize = m->prize;
    m->vrp.service = m->service;
    m->vrp.required = m->required;
    /* ntw/tw were laid out with stride nc (customers), as vrp.h wants. */
    m->vrp.ntw = m->ntw;
    m->vrp.tw = m->tw;
    m->vrp.vehicles = m->vehicles;
    if (rp) {
        rc = saha_plan__replan_apply(m, day0, pstart, pend);
        if (rc < 0)
            return rc;
    }
    if (m->cad) {
        m->win_lo = pstart;
        m->win_hi = pend;
        rc = saha_plan__cadence_prefs(m);
        if (rc < 0)
            return rc;
    }
    /* Symmetric matrices let the optimiser reverse segments cheaply. */
    m->vrp.symmetric = 1;
    for (size_t i = 0; i < nn && m->vrp.symmetric; i++)
        for (size_t j = i + 1; j < nn; j++)
            if (m->time[i * nn + j] != m->time[j * nn + i] ||
                m->cost[i * nn + j] != m->cost[j * nn + i] ||
                saha_plan__leg_m(m, i, j) != saha_plan__leg_m(m, j, i)) {
                m->vrp.symmetric = 0;
                break;
            }
    m->vrp.balance = balance;
    m->hotel_units = hotel_units;
    return SAHA_OK;
}

/* ---- preselection for big lists (issue #19, D7) ----------------------------------- */

typedef struct presel_key {
    double score;
    uint32_t a;
} presel_key;

static int presel_cmp(const void *x, const void *y)
{
    const presel_key *p = x, *q = y;
    if (p->score != q->score)
        return p->score > q->score ? -1 : 1;
    return p->a < q->a ? -1 : p->a > q->a;
}

/* Method: the plan can use only a few visits a day, so a list far longer than that is
 * cut before the O(n^2) travel matrix: every required account (must-visit,
 * appointment) stays; the others are ranked by earn / hours, hours = visit time + the
 * BHH marginal tour time of its 5 nearest neighbours (as territory_workload.c; from a
 * k-d tree, O(n log n) on any spread) + an eighth of the round trip from home (a day
 * shares its drive out among its visits); accounts whose round trip alone exceeds the
 * working day come last unless nights away are allowed. Ties by account order. A
 * re-plan keeps (keep) every account its previous plan, visit log and urgent list name,
 * so the visits done and planned are all in the model. */
saha_status saha_plan__preselect(saha_ctx *ctx, const saha_account_set *accounts,
                                 const saha_rep *rep, const uint8_t *only,
                                 const uint8_t *keep, saha_datetime start, size_t cap,
                                 uint8_t **sel_out, size_t *nsel_out)
{
    size_t na = saha_account_count(accounts), nc = 0, nsel = 0;
    double *pts = NULL, coslat = cos(rep->home.lat_deg * M_PI / 180.0),
           day_s = (double)(rep->day_end_min - rep->day_start_min) * 60.0;
    presel_key *key = NULL;
    uint8_t *sel = NULL;
    saha__kdtree tree = {0};
    saha_status rc = SAHA_OK;

    tree.ctx = ctx;
    *sel_out = NULL;
    if (nsel_out)
        *nsel_out = 0;
    for (size_t a = 0; a < na; a++) {
        const saha_account *acc = saha_account_at(accounts, a);
        if (acc->has_coords && (!only || only[a]))
            nc++;
    }
    if (nc <= cap)
        return SAHA_OK;
    pts = saha__alloc_array(ctx, nc, 2 * sizeof *pts);
    key = saha__alloc_array(ctx, nc, sizeof *key);
    sel = saha__calloc(ctx, na ? na : 1, 1);
    if (!pts || !key || !sel) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    nc = 0;
    for (size_t a = 0; a < na; a++) {
        const saha_account *acc = saha_account_at(accounts, a);
        if (!acc->has_coords) {
            sel[a] = !only || only[a]; /* reported as before (no coordinates) */
            continue;
        }
        if (only && !only[a])
            continue;
        /* local plane around home, metres (ranking only) */
        pts[2 * nc] = (acc->lon_deg - rep->home.lon_deg) * coslat * 111195.0;
        pts[2 * nc + 1] = (acc->lat_deg - rep->home.lat_deg) * 111195.0;
        key[nc].a = (uint32_t)a;
        nc++;
    }
    rc = saha__kdtree_build(ctx, pts, nc, &tree);
    if (rc < 0)
        goto done;
    for (size_t q = 0; q < nc; q++) {
        const saha_account *acc = saha_account_at(accounts, key[q].a);
        double d2[5], near_m, near_s = 0, home_s = 0, hours, earn;
        size_t m =
            saha__kdtree_knn(&tree, pts[2 * q], pts[2 * q + 1], q, 5, NULL, d2, NULL);
        near_m = m ? 0.7124 * sqrt(d2[m - 1]) * sqrt(M_PI) / (2.0 * sqrt((double)m)) : 0;
        saha_travel_model_leg(&rep->travel, near_m, NULL, &near_s);
        saha_travel_model_leg(
            &rep->travel, sqrt(pts[2 * q] * pts[2 * q] + pts[2 * q + 1] * pts[2 * q + 1]),
            NULL, &home_s);
        if (isnan(near_s))
            near_s = 0;
        if (isnan(home_s))
            home_s = 0;
        earn = acc->value * acc->probability * saha_plan_urgency(acc, start);
        hours = (acc->visit_min * 60.0 + near_s + 2.0 * home_s / 8.0) / 3600.0;
        key[q].score = earn / (hours > 1e-3 ? hours : 1e-3);
        if (!rep->overnight_allowed && 2.0 * home_s + acc->visit_min * 60.0 > day_s)
            key[q].score = -1.0 / (1.0 + home_s); /* out of a day's reach: last */
        if (acc->must_visit || acc->has_appointment || (keep && keep[key[q].a]))
            key[q].score = HUGE_VAL; /* required, or the caller's: always kept */
    }
    qsort(key, nc, sizeof *key, presel_cmp);
    for (size_t q = 0; q < nc; q++) {
        if (nsel >= cap && key[q].score != HUGE_VAL)
            break;
        sel[key[q].a] = 1;
        nsel++;
    }
    *sel_out = sel;
    sel = NULL;
    if (nsel_out)
        *nsel_out = nsel;
done:
    saha__kdtree_free(&tree);
    saha__free(ctx, pts);
    saha__free(ctx, key);
    saha__free(ctx, sel);
    return rc;
}
