/* plan_replan: re-planning the week from a moment (saha_plan_options visits, previous,
 * moment, stability, confirmed_slack_min, days_off, urgent).
 *
 * Method. Before the model is built (saha_plan__replan_build) the visit log and the
 * previous plan are resolved per account: done visits (and, where the log is silent,
 * the previous plan's visits before the moment) become frozen visits, fixed on their
 * day at their time; a cancellation bars the account from the rest of the week unless
 * a later `rescheduled` row re-books it (that row's time is the new appointment); a
 * done account gets no new visit before its cadence is due again (no cadence: not
 * again in the horizon). The model (plan_model.c) then makes frozen visits required
 * customers allowed only on their day with a zero-width window, and allows regular
 * visits only from the moment on. After the windows are built
 * (saha_plan__replan_apply): confirmed previous visits keep their day and start within
 * the slack; urgent accounts must be visited on the first two working days from the
 * moment; the moment's day starts at the moment (with a position: from the position
 * node, or with the last frozen visit's legs replaced by the position's, lunch after
 * it); and stability enters the objective:
 * a previous visit's customer earns `stability` more and pays `stability` as a day
 * cost on every day other than its previous one, so moving it (or dropping it) must
 * win more than the stability amount, inside the optimiser's own trade-offs.
 * Cost: O(accounts + log + previous + customers x days). Caller: plan.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/plan_model.h"

void saha_plan__replan_free(saha_plan__replan *rp)
{
    if (!rp || !rp->ctx)
        return;
    saha__free(rp->ctx, rp->acc);
    saha__free(rp->ctx, rp->cancelled);
    saha__free(rp->ctx, rp->cancel_line);
    saha__free(rp->ctx, rp->urgent);
    saha__free(rp->ctx, rp->done_day);
    saha__free(rp->ctx, rp->done_line);
    saha__free(rp->ctx, rp->frozen);
    saha__free(rp->ctx, rp->days_off);
    saha__free(rp->ctx, rp->night_prev);
    memset(rp, 0, sizeof *rp);
}

static int64_t civil(saha_datetime d)
{
    return saha__days_from_civil(d.year, d.month, d.day);
}

static int64_t minutes_of(saha_datetime d)
{
    return civil(d) * 1440 + d.hour * 60 + d.minute;
}

static int cmp_frozen(const void *x, const void *y)
{
    const saha_plan__frozen *a = x, *b = y;
    int64_t ta = minutes_of(a->date), tb = minutes_of(b->date);
    if (a->account != b->account)
        return a->account < b->account ? -1 : 1;
    return ta < tb ? -1 : ta > tb;
}

/* Order of log rows by time (then input order). */
typedef struct log_ref {
    int64_t t;
    size_t i;
} log_ref;

static int cmp_ref(const void *x, const void *y)
{
    const log_ref *a = x, *b = y;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* Does the log have a row for account a on `day`? */
static int logged_on(const saha_visit_log *log, size_t a, int64_t day)
{
    for (size_t i = 0; i < saha_visit_log_count(log); i++) {
        const saha_visit_entry *e = saha_visit_log_at(log, i);
        if (e->account == a && civil(e->when) == day)
            return 1;
    }
    return 0;
}

static int working_day(const saha_rep *rep, const saha_plan__replan *rp, int64_t day)
{
    int y, m, d;
    saha__civil_from_days(day, &y, &m, &d);
    if (!(rep->days_mask & (1u << saha__weekday(y, m, d))))
        return 0;
    for (size_t k = 0; k < rep->ndays_off; k++)
        if (civil(rep->days_off[k]) == day)
            return 0;
    for (size_t k = 0; k < rp->ndays_off; k++)
        if (rp->days_off[k] == day)
            return 0;
    return 1;
}

saha_status saha_plan__replan_build(saha_plan__replan *rp, saha_ctx *ctx,
                                    const saha_account_set *accounts, const saha_rep *rep,
                                    const saha_plan_options *opts)
{
    size_t na = saha_account_count(accounts), nlog = saha_visit_log_count(opts->visits);
    size_t nprev = saha_previous_plan_count(opts->previous), cap;
    int64_t hend, mmin = INT64_MAX;
    log_ref *refs = NULL;
    saha_status rc = SAHA_OK;
    const char *lsrc = saha_visit_log_source(opts->visits);

    memset(rp, 0, sizeof *rp);
    rp->ctx = ctx;
    rp->log = opts->visits;
    rp->prev = opts->previous;
    rp->day0 = civil(opts->start);
    hend = rp->day0 + opts->horizon_days;
    if (opts->moment.year) {
        /* hour and minute are unsigned (saha_datetime): only the upper bound */
        if (opts->moment.month < 1 || opts->moment.month > 12 || opts->moment.day < 1 ||
            opts->moment.hour > 23 || opts->moment.minute > 59)
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "invalid re-plan moment");
        rp->has_moment = 1;
        rp->moment_day = civil(opts->moment);
        rp->moment_s = (int32_t)(opts->moment.hour * 3600 + opts->moment.minute * 60);
        mmin = minutes_of(opts->moment);
    }
    if (opts->confirmed_slack_min < 0 || opts->confirmed_slack_min > 24 * 60)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "confirmed slack must be 0 to 1440 minutes, got %d",
                               opts->confirmed_slack_min);
    if (opts->stability > 1e12 || isnan(opts->stability))
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "stability out of range");
    rp->pos_point = SIZE_MAX;
    if (opts->has_position && rp->has_moment) {
        if (!(opts->position.lat_deg >= -90 && opts->position.lat_deg <= 90) ||
            !(opts->position.lon_deg >= -180 && opts->position.lon_deg <= 180))
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "position: latitude -90..90 and longitude "
                                   "-180..180, got %g, %g",
                                   opts->position.lat_deg, opts->position.lon_deg);
        if (opts->position_min < 0 || opts->position_min >= 24 * 60 ||
            (opts->position_min > 0 && opts->position_min * 60 < rp->moment_s))
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "position: the time %02d:%02d is before the re-plan "
                                   "moment %02d:%02d",
                                   opts->position_min / 60 % 100, opts->position_min % 60,
                                   opts->moment.hour, opts->moment.minute);
        rp->has_position = 1;
        rp->position = opts->position;
        rp->resume_s =
            opts->position_min > 0 ? (int32_t)(opts->position_min * 60) : rp->moment_s;
    }
    rp->slack_s = (int64_t)opts->confirmed_slack_min * 60;
    rp->stability = opts->stability; /* < 0: resolved in saha_plan__replan_apply */
    cap = nlog + nprev + 1;
    rp->acc = saha__alloc_array(ctx, na + 1, sizeof *rp->acc);
    rp->cancelled = saha__calloc(ctx, na + 1, 1);
    rp->cancel_line = saha__calloc(ctx, na + 1, sizeof *rp->cancel_line);
    rp->urgent = saha__calloc(ctx, na + 1, 1);
    rp->done_day = saha__alloc_array(ctx, na + 1, sizeof *rp->done_day);
    rp->done_line = saha__calloc(ctx, na + 1, sizeof *rp->done_line);
    rp->frozen = saha__alloc_array(ctx, cap, sizeof *rp->frozen);
    rp->days_off = saha__alloc_array(ctx, opts->ndays_off + 1, sizeof *rp->days_off);
    refs = saha__alloc_array(ctx, nlog + 1, sizeof *refs);
    rp->horizon = opts->horizon_days > 0 ? (size_t)opts->horizon_days : 0;
    rp->night_prev = saha__alloc_array(ctx, rp->horizon + 1, sizeof *rp->night_prev);
    if (!rp->acc || !rp->cancelled || !rp->cancel_line || !rp->urgent || !rp->done_day ||
        !rp->done_line || !rp->frozen || !rp->days_off || !refs || !rp->night_prev) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    /* The previous plan's nights: the night after a day is the next day's night
     * before (the first row that names one wins). */
    for (size_t k = 0; k < rp->horizon; k++)
        rp->night_prev[k] = SIZE_MAX;
    for (size_t i = 0; i < nprev; i++) {
        const saha_previous_visit *p = saha_previous_plan_at(opts->previous, i);
        int64_t off = civil(p->date) - rp->day0;
        if (p->night_after != SIZE_MAX && off >= 0 && off < (int64_t)rp->horizon &&
            rp->night_prev[off] == SIZE_MAX)
            rp->night_prev[off] = p->night_after;
        if (p->night_before != SIZE_MAX && off >= 1 && off <= (int64_t)rp->horizon &&
            rp->night_prev[off - 1] == SIZE_MAX)
            rp->night_prev[off - 1] = p->night_before;
    }
    for (size_t k = 0; k < opts->ndays_off; k++)
        rp->days_off[rp->ndays_off++] = civil(opts->days_off[k]);
    for (size_t a = 0; a < na; a++) {
        rp->acc[a] = *saha_account_at(accounts, a);
        rp->done_day[a] = INT64_MIN;
        /* an appointment before the moment is the past: frozen, logged or lost */
        if (rp->has_moment && rp->acc[a].has_appointment &&
            minutes_of(rp->acc[a].appointment) < mmin)
            rp->acc[a].has_appointment = 0;
    }
    for (size_t k = 0; k < opts->nurgent; k++) {
        if (opts->urgent[k] >= na) {
            rc = saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                 "urgent account %zu: no such "
                                 "account",
                                 opts->urgent[k]);
            goto done;
        }
        rp->urgent[opts->urgent[k]] = 1;
    }

    /* The log, in time order. */
    for (size_t i = 0; i < nlog; i++) {
        refs[i].t = minutes_of(saha_visit_log_at(opts->visits, i)->when);
        refs[i].i = i;
    }
    if (nlog > 1)
        qsort(refs, nlog, sizeof *refs, cmp_ref);
    for (size_t r = 0; r < nlog; r++) {
        const saha_visit_entry *e = saha_visit_log_at(opts->visits, refs[r].i);
        size_t a = e->account;
        int64_t day = civil(e->when);
        saha_account *acc = &rp->acc[a];
        switch (e->outcome) {
        case SAHA_VISIT_DONE:
            if (rp->has_moment && refs[r].t > mmin) {
                rc = saha__error_set(ctx, SAHA_EPARSE, lsrc, e->line, 0,
                                     "when: a done visit after the re-plan moment "
                                     "%04d-%02d-%02d %02d:%02d",
                                     opts->moment.year, opts->moment.month,
                                     opts->moment.day, opts->moment.hour,
                                     opts->moment.minute);
                goto done;
            }
            if (day >= rp->day0 && day < hend) {
                if (!working_day(rep, rp, day)) {
                    rc = saha__error_set(
                        ctx, SAHA_EPARSE, lsrc, e->line, 0,
                        "when: %04d-%02d-%02d is not a working day of the "
                        "plan (rep days and days off)",
                        e->when.year, e->when.month, e->when.day);
                    goto done;
                }
                rp->frozen[rp->nfrozen].account = a;
                rp->frozen[rp->nfrozen].date = e->when;
                rp->frozen[rp->nfrozen].day = day;
                rp->frozen[rp->nfrozen].from_log = 1;
                rp->frozen[rp->nfrozen].line = e->line;
                rp->nfrozen++;
            }
            if (day > rp->done_day[a]) {
                rp->done_day[a] = day;
                rp->done_line[a] = e->line;
            }
            break;
        case SAHA_VISIT_CANCELLED:
            rp->cancelled[a] = 1;
            rp->cancel_line[a] = e->line;
            acc->has_appointment = 0;
            break;
        case SAHA_VISIT_RESCHEDULED:
            rp->cancelled[a] = 0;
            acc->has_appointment = 1;
            acc->appointment = e->when;
            break;
        case SAHA_VISIT_NO_SHOW:
        default:
            break; /* still due */
        }
    }
    /* The previous plan before the moment, where the log is silent: done as planned. */
    for (size_t i = 0; i < nprev && rp->has_moment; i++) {
        const saha_previous_visit *p = saha_previous_plan_at(opts->previous, i);
        int64_t day = civil(p->date);
        size_t a = p->account;
        if (minutes_of(p->date) >= mmin || day < rp->day0 || day >= hend ||
            logged_on(opts->visits, a, day) || rp->cancelled[a] ||
            !working_day(rep, rp, day))
            continue;
        rp->frozen[rp->nfrozen].account = a;
        rp->frozen[rp->nfrozen].date = p->date;
        rp->frozen[rp->nfrozen].day = day;
        rp->frozen[rp->nfrozen].from_log = 0;
        rp->frozen[rp->nfrozen].line = p->line;
        rp->nfrozen++;
        if (day > rp->done_day[a]) {
            rp->done_day[a] = day;
            rp->done_line[a] = p->line;
        }
    }
    if (rp->nfrozen > 1)
        qsort(rp->frozen, rp->nfrozen, sizeof *rp->frozen, cmp_frozen);
    /* One frozen visit per account and day (a second row the same day is the same
     * visit logged twice: keep the first). */
    {
        size_t k = 0;
        for (size_t f = 0; f < rp->nfrozen; f++) {
            if (k > 0 && rp->frozen[k - 1].account == rp->frozen[f].account &&
                rp->frozen[k - 1].day == rp->frozen[f].day)
                continue;
            rp->frozen[k++] = rp->frozen[f];
        }
        rp->nfrozen = k;
    }
done:
    saha__free(ctx, refs);
    if (rc < 0)
        saha_plan__replan_free(rp);
    return rc;
}

static size_t vehicle_at(const saha_plan_model *m, int64_t day)
{
    for (size_t v = 0; v < m->ndays; v++)
        if (civil(m->days[v].date) == day)
            return v;
    return SIZE_MAX;
}

/* The regular customer of account a whose period holds day offset off (else the
 * first regular one); SIZE_MAX when none. */
static size_t customer_for(const saha_plan_model *m, size_t a, int off, const int *pstart,
                           const int *pend)
{
    size_t first = m->reg_of[a], end;
    if (m->cust_of[a] == SIZE_MAX || first == SIZE_MAX)
        return SIZE_MAX;
    end = m->cust_of[a] + m->ncopies[a];
    for (size_t c = first; c < end; c++)
        if (off >= pstart[c] && off < pend[c])
            return c;
    return first < end ? first : SIZE_MAX;
}

/* Keeps only vehicle v for customer c, its windows cut to [lo, hi]. 0: nothing left
 * (then c is unchanged). */
static int pin(saha_plan_model *m, size_t c, size_t v, int64_t lo, int64_t hi)
{
    size_t nc = m->vrp.ncustomers, slot = v * nc + c, k = 0;
    saha_vrp_tw *w = m->tw + slot * SAHA_VRP_MAX_TW;
    saha_vrp_tw cut[SAHA_VRP_MAX_TW];
    for (size_t i = 0; i < m->ntw[slot]; i++) {
        int64_t o = w[i].open > lo ? w[i].open : lo,
                e = w[i].close < hi ? w[i].close : hi;
        if (o <= e) {
            cut[k].open = o;
            cut[k].close = e;
            k++;
        }
    }
    if (k == 0)
        return 0;
    memcpy(w, cut, k * sizeof *cut);
    m->ntw[slot] = (uint8_t)k;
    for (size_t u = 0; u < m->ndays; u++)
        if (u != v)
            m->ntw[u * nc + c] = 0;
    return 1;
}

/* Frozen visits of vehicle v in time order into seq; returns how many. */
static size_t frozen_seq(const saha_plan_model *m, size_t v, size_t *seq)
{
    size_t n = 0, nc = m->vrp.ncustomers;
    for (size_t c = 0; c < nc; c++) {
        size_t j;
        if (m->frozen_day[c] != v)
            continue;
        j = n++;
        while (j > 0 && m->tw[(v * nc + seq[j - 1]) * SAHA_VRP_MAX_TW].open >
                            m->tw[(v * nc + c) * SAHA_VRP_MAX_TW].open) {
            seq[j] = seq[j - 1];
            j--;
        }
        seq[j] = c;
    }
    return n;
}

/* The rep is at the position node at resume_s after frozen customer f on vehicle v:
 * f's outgoing legs become the position's (the drive to the position is the past and
 * not counted), and no other visit of v may start before the rep could get there from
 * the position. */
static void resume_from(saha_plan_model *m, size_t v, size_t f, int32_t resume_s)
{
    size_t nn = m->vrp.nnodes, nc = m->vrp.ncustomers, p = m->pos_node;
    m->pos_after = f;
    for (size_t j = 0; j < nn; j++) {
        if (j == f)
            continue;
        m->time[f * nn + j] = m->time[p * nn + j];
        if (m->dist)
            m->dist[f * nn + j] = m->dist[p * nn + j];
        m->cost[f * nn + j] = m->cost[p * nn + j];
    }
    for (size_t c = 0; c < nc; c++) {
        size_t slot = v * nc + c, k = 0;
        saha_vrp_tw *w = m->tw + slot * SAHA_VRP_MAX_TW;
        int64_t lo = resume_s + m->time[p * nn + c];
        if (m->frozen_day[c] != SIZE_MAX)
            continue;
        for (size_t i = 0; i < m->ntw[slot]; i++) {
            if (w[i].close < lo)
                continue;
            w[k] = w[i];
            if (w[k].open < lo)
                w[k].open = lo;
            k++;
        }
        m->ntw[slot] = (uint8_t)k;
    }
}

void saha_plan__replan_hotels(saha_plan_model *m)
{
    const saha_plan__replan *rp = m->rp;
    for (size_t k = 0; k < rp->horizon; k++) {
        size_t a = rp->night_prev[k], h = 0;
        if (a == SIZE_MAX || a >= m->naccounts || m->mat_of[a] == SIZE_MAX)
            continue;
        while (h < m->nhotels && m->hotel_account[h] != a)
            h++;
        if (h == m->nhotels && m->nhotels < SAHA_PLAN__MAX_BOOKED_HOTELS)
            m->hotel_account[m->nhotels++] = a;
    }
}

/* The trip around the previous plan's night after day `day`: its visits on that day
 * and the next not done before the moment. 1 when there are some and the log cancelled
 * every one or moved it to another day (the night is then not booked: nothing to sleep
 * away for). */
static int trip_cancelled(const saha_plan__replan *rp, int64_t day)
{
    size_t n = saha_previous_plan_count(rp->prev), left = 0;
    int64_t mom = rp->moment_day * 1440 + rp->moment_s / 60;
    for (size_t i = 0; i < n; i++) {
        const saha_previous_visit *p = saha_previous_plan_at(rp->prev, i);
        const saha_account *a = &rp->acc[p->account];
        int64_t pd = civil(p->date), ad;
        if ((pd != day && pd != day + 1) ||
            (rp->has_moment && pd * 1440 + p->date.hour * 60 + p->date.minute < mom))
            continue;
        left++;
        if (rp->cancelled[p->account])
            continue;
        ad = a->has_appointment ? civil(a->appointment) : INT64_MIN;
        if (ad == INT64_MIN || ad == day || ad == day + 1)
            return 0;
    }
    return left > 0;
}

/* The previous plan's nights on the model's days: a night after a day before the
 * moment's is past and stays (night_fixed, and the two days' end and start nodes are
 * set now, so that the frozen visits replay from the hotel); a later one is booked
 * (night_booked, plan_overnight.c starts from it). A night needs the next calendar day
 * to be a planned day too (a day off in between cancels it), and a trip left to make:
 * one whose visits were all cancelled or moved is not booked (night_trip_off). */
static saha_status replan_nights(saha_plan_model *m)
{
    const saha_plan__replan *rp = m->rp;
    size_t nv = m->ndays, depot = m->vrp.ncustomers;
    m->night_from = 0;
    while (rp->has_moment && m->night_from < nv &&
           civil(m->days[m->night_from].date) < rp->moment_day)
        m->night_from++;
    if (m->nhotels == 0)
        return SAHA_OK;
    m->night_fixed = saha__arena_alloc(&m->arena, (nv + 1) * sizeof *m->night_fixed);
    m->night_booked = saha__arena_alloc(&m->arena, (nv + 1) * sizeof *m->night_booked);
    m->night_trip_off = saha__arena_alloc(&m->arena, nv + 1);
    if (!m->night_fixed || !m->night_booked || !m->night_trip_off)
        return SAHA_ENOMEM;
    memset(m->night_trip_off, 0, nv + 1);
    for (size_t v = 0; v < nv; v++) {
        int64_t off = civil(m->days[v].date) - rp->day0;
        size_t a = off >= 0 && off < (int64_t)rp->horizon ? rp->night_prev[off]
                                                          : SIZE_MAX,
               h = 0;
        m->night_fixed[v] = m->night_booked[v] = SIZE_MAX;
        if (a == SIZE_MAX || v + 1 >= nv ||
            civil(m->days[v + 1].date) != civil(m->days[v].date) + 1)
            continue;
        while (h < m->nhotels && m->hotel_account[h] != a)
            h++;
        if (h == m->nhotels)
            continue;
        if (v < m->night_from) {
            m->night_fixed[v] = h;
            m->vehicles[v].end_node = depot + 1 + h;
            m->vehicles[v + 1].start_node = depot + 1 + h;
        } else if (rp->prev && trip_cancelled(rp, civil(m->days[v].date))) {
            m->night_trip_off[v] = 1;
        } else {
            m->night_booked[v] = h;
        }
    }
    return SAHA_OK;
}

/* Objective units of one currency unit of value. */
static double value_units(const saha_plan_model *m)
{
    switch (m->objective) {
    case SAHA_OBJECTIVE_VALUE:
        return 100.0 * (double)SAHA_PLAN__VALUE_SCALE;
    case SAHA_OBJECTIVE_COST:
        return 1000.0 / (m->rep.cost_per_km > 0 ? m->rep.cost_per_km : 1.0);
    case SAHA_OBJECTIVE_PROFIT:
    default:
        return 100.0;
    }
}

saha_status saha_plan__replan_apply(saha_plan_model *m, int64_t day0, const int *pstart,
                                    const int *pend)
{
    const saha_plan__replan *rp = m->rp;
    size_t nc = m->vrp.ncustomers, nv = m->ndays;
    size_t nprev = saha_previous_plan_count(rp->prev);
    size_t *seq = NULL;
    saha_status rc = SAHA_OK;
    int64_t mom = rp->has_moment ? rp->moment_day * 1440 + rp->moment_s / 60 : INT64_MIN;

    seq = saha__alloc_array(m->ctx, nc + 1, sizeof *seq);
    if (!seq)
        return SAHA_ENOMEM;
    rc = replan_nights(m);
    if (rc < 0)
        goto done;
    /* Appointments are promises too (their window is the time itself). */
    for (size_t a = 0; a < m->naccounts; a++)
        if (m->reg_of[a] != SIZE_MAX && rp->acc[a].has_appointment &&
            m->cust_of[a] != SIZE_MAX)
            m->confirmed[m->reg_of[a]] = 1;
    /* Confirmed visits of the previous plan: their day, their time +- the slack. */
    for (size_t i = 0; i < nprev; i++) {
        const saha_previous_visit *p = saha_previous_plan_at(rp->prev, i);
        int64_t day = civil(p->date),
                t = (int64_t)(p->date.hour * 60 + p->date.minute) * 60;
        size_t v = vehicle_at(m, day), c;
        if (!p->confirmed || v == SIZE_MAX || minutes_of(p->date) < mom)
            continue;
        c = customer_for(m, p->account, (int)(day - day0), pstart, pend);
        if (c == SIZE_MAX || rp->acc[p->account].has_appointment)
            continue;
        if (pin(m, c, v, t - rp->slack_s, t + rp->slack_s)) {
            m->required[c] = 1;
            m->confirmed[c] = 1;
        }
    }
    /* Urgent: within a day of the moment (its day or the next calendar day); when
     * neither is a working day, the first working day after it. */
    {
        int64_t from = rp->has_moment ? rp->moment_day : day0, until = from + 1;
        size_t v0 = 0;
        while (v0 < nv && civil(m->days[v0].date) < from)
            v0++;
        if (v0 < nv && civil(m->days[v0].date) > until)
            until = civil(m->days[v0].date);
        for (size_t a = 0; a < m->naccounts; a++) {
            size_t c = m->reg_of[a];
            if (!rp->urgent[a] || c == SIZE_MAX || m->cust_of[a] == SIZE_MAX)
                continue;
            for (size_t v = 0; v < nv; v++) {
                int64_t d = civil(m->days[v].date);
                if (d < from || d > until)
                    m->ntw[v * nc + c] = 0;
            }
            m->required[c] = 1;
        }
    }
    /* The moment's day: leave no earlier than the moment when nothing was done yet;
     * a lunch window already over is not asked for. With a position the rest of the
     * day starts there: from the position node when nothing was done yet, else after
     * the last frozen visit (resume_from). */
    if (rp->has_moment) {
        size_t v = vehicle_at(m, rp->moment_day);
        if (v != SIZE_MAX) {
            saha_vrp_vehicle *veh = &m->vehicles[v];
            size_t nf = frozen_seq(m, v, seq);
            int32_t resume = m->pos_node != SIZE_MAX ? rp->resume_s : rp->moment_s;
            if (m->pos_node != SIZE_MAX) {
                m->pos_vehicle = v;
                if (nf == 0)
                    veh->start_node = m->pos_node;
                else {
                    resume_from(m, v, seq[nf - 1], resume);
                    /* the leg out of the last done visit is driven from the position
                     * at resume: no part of it before, so lunch at a stop that day */
                    veh->break_on_road = 0;
                }
            }
            if (nf == 0 && veh->earliest_start < resume)
                veh->earliest_start = resume;
            if (veh->break_duration > 0 && veh->break_latest < resume)
                veh->break_duration = 0;
            else if (m->pos_node != SIZE_MAX && veh->break_earliest < resume)
                veh->break_earliest = resume; /* lunch at or after the position */
        }
    }
    /* Days with frozen visits must replay: if the logged times do not fit the travel
     * model with lunch, the day goes without the lunch rule; if they still do not fit,
     * each visit may start later than logged. */
    for (size_t v = 0; v < nv; v++) {
        size_t n = frozen_seq(m, v, seq);
        saha_vrp_sched sc;
        if (n == 0 || saha__vrp_schedule(&m->vrp, v, seq, n, NULL, NULL, &sc))
            continue;
        m->vehicles[v].break_duration = 0;
        if (saha__vrp_schedule(&m->vrp, v, seq, n, NULL, NULL, &sc))
            continue;
        for (size_t k = 0; k < n; k++)
            m->tw[(v * nc + seq[k]) * SAHA_VRP_MAX_TW].close =
                m->vehicles[v].latest_end - m->service[seq[k]];
        if (!saha__vrp_schedule(&m->vrp, v, seq, n, NULL, NULL, &sc)) {
            const saha_account *acc = &rp->acc[m->account_of[seq[n - 1]]];
            rc =
                saha__error_set(m->ctx, SAHA_EINFEASIBLE, NULL, 0, 0,
                                "the visits done on %04d-%02d-%02d (last: %s) do not fit "
                                "the working day",
                                m->days[v].date.year, m->days[v].date.month,
                                m->days[v].date.day, acc->id);
            goto done;
        }
    }
    /* Stability, in the objective. */
    {
        double s = rp->stability;
        if (s < 0) {
            double tot = 0;
            size_t cnt = 0;
            for (size_t c = 0; c < nc; c++)
                if (m->frozen_day[c] == SIZE_MAX && m->visit_earn[c] > 0) {
                    tot += m->visit_earn[c];
                    cnt++;
                }
            s = cnt ? SAHA_PLAN_STABILITY_SHARE * tot / (double)cnt : 0;
        }
        m->stability_units = (saha_cost)llround(fmin(s * value_units(m), 1e15));
        m->stability = s;
    }
    if (m->stability_units > 0 && nprev > 0) {
        size_t nvc;
        if (saha__mul_size(nv, nc ? nc : 1, &nvc) < 0) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        m->day_cost = saha__arena_alloc(&m->arena, nvc * sizeof *m->day_cost);
        if (!m->day_cost) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        memset(m->day_cost, 0, nvc * sizeof *m->day_cost);
        memset(seq, 0, (nc + 1) * sizeof *seq); /* seq[c] = 1: has a previous day */
        for (size_t i = 0; i < nprev; i++) {
            const saha_previous_visit *p = saha_previous_plan_at(rp->prev, i);
            int64_t day = civil(p->date);
            size_t c;
            if (minutes_of(p->date) < mom || rp->cancelled[p->account])
                continue;
            c = customer_for(m, p->account, (int)(day - day0), pstart, pend);
            if (c == SIZE_MAX || seq[c])
                continue;
            seq[c] = 1;
            m->prize[c] += m->stability_units;
            for (size_t v = 0; v < nv; v++)
                if (civil(m->days[v].date) != day)
                    m->day_cost[v * nc + c] = m->stability_units;
        }
        m->vrp.day_cost = m->day_cost;
    }
done:
    saha__free(m->ctx, seq);
    return rc;
}

/* Previous plan's position (1-based) of customer c's account on day `day`, at or after
 * moment minute mom; 0 when it was not planned that day. */
static size_t prev_seq_on(const saha_plan_model *m, size_t c, int64_t day, int64_t mom)
{
    const saha_plan__replan *rp = m->rp;
    size_t a = m->account_of[c], n = saha_previous_plan_count(rp->prev);
    for (size_t i = 0; i < n; i++) {
        const saha_previous_visit *p = saha_previous_plan_at(rp->prev, i);
        if (p->account == a && civil(p->date) == day && minutes_of(p->date) >= mom)
            return p->seq ? p->seq : i + 1;
    }
    return 0;
}

/* Cost of route seq[0..len) on v, or INT64_MAX when it is not feasible. */
static saha_cost route_cost(const saha_plan_model *m, size_t v, const size_t *seq,
                            size_t len)
{
    saha_vrp_sched sc;
    if (!saha__vrp_schedule(&m->vrp, v, seq, len, NULL, NULL, &sc))
        return INT64_MAX;
    return sc.cost;
}

/* Builds into out the day seq[0..len) with its nf frozen visits first, then the kept
 * visits kept[0..nk) (positions in seq, in their previous order) except kept[skip],
 * then every other visit placed where it fits: each round places the one with the
 * fewest feasible places (ties: the cheapest) at its cheapest place. mark: len scratch
 * flags. Returns the day's cost, INT64_MAX when some visit fits nowhere. */
static saha_cost build_in_order(const saha_plan_model *m, size_t v, const size_t *seq,
                                size_t len, size_t nf, const size_t *kept, size_t nk,
                                size_t skip, uint8_t *mark, size_t *out)
{
    size_t n = 0;
    memset(mark, 0, len);
    for (size_t k = 0; k < nf; k++) {
        out[n++] = seq[k];
        mark[k] = 1;
    }
    for (size_t j = 0; j < nk; j++)
        if (j != skip) {
            out[n++] = seq[kept[j]];
            mark[kept[j]] = 1;
        }
    while (n < len) {
        size_t bk = SIZE_MAX, bat = SIZE_MAX, bcount = SIZE_MAX;
        saha_cost bcost = INT64_MAX;
        for (size_t k = nf; k < len; k++) {
            size_t count = 0, at = SIZE_MAX;
            saha_cost cbest = INT64_MAX;
            if (mark[k])
                continue;
            for (size_t pos = nf; pos <= n; pos++) {
                saha_cost cst;
                memmove(out + pos + 1, out + pos, (n - pos) * sizeof *out);
                out[pos] = seq[k];
                cst = route_cost(m, v, out, n + 1);
                memmove(out + pos, out + pos + 1, (n - pos) * sizeof *out);
                if (cst == INT64_MAX)
                    continue;
                count++;
                if (cst < cbest) {
                    cbest = cst;
                    at = pos;
                }
            }
            if (count < bcount || (count == bcount && cbest < bcost)) {
                bcount = count;
                bcost = cbest;
                bk = k;
                bat = at;
            }
        }
        if (bat == SIZE_MAX)
            return INT64_MAX;
        memmove(out + bat + 1, out + bat, (n - bat) * sizeof *out);
        out[bat] = seq[bk];
        mark[bk] = 1;
        n++;
    }
    return route_cost(m, v, out, len);
}

/* Length of the longest increasing subsequence of key[kept[0..nk)] read in route
 * order (the kept visits still in their previous order). O(nk^2). */
static size_t in_order(const size_t *key, const size_t *pos_in_route, size_t nk,
                       size_t *tmp)
{
    size_t best = 0;
    for (size_t i = 0; i < nk; i++) {
        tmp[i] = 1;
        for (size_t j = 0; j < i; j++)
            if (key[pos_in_route[j]] < key[pos_in_route[i]] && tmp[j] + 1 > tmp[i])
                tmp[i] = tmp[j] + 1;
        if (tmp[i] > best)
            best = tmp[i];
    }
    return best;
}

saha_status saha_plan__replan_order(const saha_plan_model *m, saha_vrp_solution *sol)
{
    const saha_plan__replan *rp = m->rp;
    size_t nc = m->vrp.ncustomers, maxlen = 0;
    size_t *key = NULL, *kept = NULL, *route = NULL, *out = NULL, *best_out = NULL,
           *tmp = NULL;
    uint8_t *mark = NULL;
    int64_t mom =
        rp && rp->has_moment ? rp->moment_day * 1440 + rp->moment_s / 60 : INT64_MIN;
    saha_status rc = SAHA_OK;

    if (!rp || !rp->prev || m->stability_units <= 0 || !sol->route_start)
        return SAHA_OK;
    for (size_t v = 0; v < sol->nvehicles; v++)
        if (sol->route_start[v + 1] - sol->route_start[v] > maxlen)
            maxlen = sol->route_start[v + 1] - sol->route_start[v];
    key = saha__alloc_array(m->ctx, maxlen + 1, sizeof *key);
    kept = saha__alloc_array(m->ctx, maxlen + 1, sizeof *kept);
    route = saha__alloc_array(m->ctx, maxlen + 1, sizeof *route);
    out = saha__alloc_array(m->ctx, maxlen + 1, sizeof *out);
    best_out = saha__alloc_array(m->ctx, maxlen + 1, sizeof *best_out);
    tmp = saha__alloc_array(m->ctx, maxlen + 1, sizeof *tmp);
    mark = saha__calloc(m->ctx, maxlen + 1, 1);
    if (!key || !kept || !route || !out || !best_out || !tmp || !mark) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t v = 0; v < sol->nvehicles; v++) {
        size_t b = sol->route_start[v], len = sol->route_start[v + 1] - b, nf = 0, nk = 0;
        size_t *seq = sol->order + b, now;
        int64_t day = civil(m->days[v].date);
        saha_cost old, best = INT64_MAX;
        while (nf < len && seq[nf] < nc && m->frozen_day[seq[nf]] != SIZE_MAX)
            nf++;
        /* the kept visits (planned this day before too): route[] in route order,
         * kept[] sorted by their previous position */
        for (size_t k = nf; k < len; k++) {
            size_t ps = prev_seq_on(m, seq[k], day, mom), j;
            key[k] = ps;
            if (!ps)
                continue;
            route[nk] = k;
            j = nk++;
            while (j > 0 && key[kept[j - 1]] > ps) {
                kept[j] = kept[j - 1];
                j--;
            }
            kept[j] = k;
        }
        now = in_order(key, route, nk, tmp);
        if (nk < 2 || now == nk)
            continue;
        old = route_cost(m, v, seq, len);
        /* all of them in order; else all but one (when that still beats the day) */
        best = build_in_order(m, v, seq, len, nf, kept, nk, SIZE_MAX, mark, best_out);
        if (best == INT64_MAX && now + 1 < nk)
            for (size_t skip = 0; skip < nk; skip++) {
                saha_cost c =
                    build_in_order(m, v, seq, len, nf, kept, nk, skip, mark, out);
                if (c < best) {
                    best = c;
                    memcpy(best_out, out, len * sizeof *out);
                }
            }
        /* keeping the order may cost at most what a move of one visit is worth */
        if (best == INT64_MAX || old == INT64_MAX || best - old > m->stability_units)
            continue;
        memcpy(seq, best_out, len * sizeof *seq);
        sol->objective -= best - old;
    }
done:
    saha__free(m->ctx, key);
    saha__free(m->ctx, kept);
    saha__free(m->ctx, route);
    saha__free(m->ctx, out);
    saha__free(m->ctx, best_out);
    saha__free(m->ctx, tmp);
    saha__free(m->ctx, mark);
    return rc;
}

/* Places the required visits alone, the most constrained first: the frozen ones on
 * their days in time order, then each round the required visit with the fewest
 * feasible places over all days (ties: the cheapest) at its cheapest place; then keeps
 * each on its day (the other days' windows are removed). For plan.c when the search
 * missed a required visit. O(R^2 x days x len^2) for R required visits.
 * @return SAHA_OK (days pinned), SAHA_EINFEASIBLE (one fits nowhere; m unchanged),
 *         SAHA_ENOMEM */
saha_status saha_plan__pin_required(saha_plan_model *m)
{
    size_t nc = m->vrp.ncustomers, nv = m->vrp.nvehicles, nvc;
    size_t *routes = NULL, *len = NULL, *day_of = NULL;
    saha_status rc = SAHA_OK;

    if (saha__mul_size(nv, nc ? nc : 1, &nvc) < 0)
        return SAHA_ENOMEM;
    routes = saha__alloc_array(m->ctx, nvc + 1, sizeof *routes);
    len = saha__calloc(m->ctx, nv + 1, sizeof *len);
    day_of = saha__alloc_array(m->ctx, nc + 1, sizeof *day_of);
    if (!routes || !len || !day_of) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t c = 0; c < nc; c++)
        day_of[c] = SIZE_MAX;
    for (size_t v = 0; m->frozen_day && v < nv; v++) {
        len[v] = frozen_seq(m, v, routes + v * nc);
        for (size_t k = 0; k < len[v]; k++)
            day_of[routes[v * nc + k]] = v;
    }
    for (;;) {
        size_t bu = SIZE_MAX, bv = SIZE_MAX, bpos = SIZE_MAX, bcount = SIZE_MAX;
        saha_cost bcost = INT64_MAX;
        for (size_t u = 0; u < nc; u++) {
            size_t count = 0, uv = SIZE_MAX, upos = SIZE_MAX;
            saha_cost ubest = INT64_MAX;
            if (!m->required[u] || day_of[u] != SIZE_MAX)
                continue;
            for (size_t v = 0; v < nv; v++) {
                size_t *r = routes + v * nc, n = len[v];
                saha_cost base;
                if (!m->ntw[v * nc + u])
                    continue;
                base = route_cost(m, v, r, n);
                for (size_t pos = 0; pos <= n; pos++) {
                    saha_cost cst;
                    memmove(r + pos + 1, r + pos, (n - pos) * sizeof *r);
                    r[pos] = u;
                    cst = route_cost(m, v, r, n + 1);
                    memmove(r + pos, r + pos + 1, (n - pos) * sizeof *r);
                    if (cst == INT64_MAX)
                        continue;
                    count++;
                    if (base != INT64_MAX)
                        cst -= base;
                    if (cst < ubest) {
                        ubest = cst;
                        uv = v;
                        upos = pos;
                    }
                }
            }
            if (count < bcount || (count == bcount && ubest < bcost)) {
                bcount = count;
                bcost = ubest;
                bu = u;
                bv = uv;
                bpos = upos;
            }
        }
        if (bu == SIZE_MAX)
            break; /* all placed */
        if (bv == SIZE_MAX) {
            rc = SAHA_EINFEASIBLE;
            goto done;
        }
        {
            size_t *r = routes + bv * nc;
            memmove(r + bpos + 1, r + bpos, (len[bv] - bpos) * sizeof *r);
            r[bpos] = bu;
            len[bv]++;
            day_of[bu] = bv;
        }
    }
    for (size_t c = 0; c < nc; c++)
        if (day_of[c] != SIZE_MAX)
            for (size_t u = 0; u < nv; u++)
                if (u != day_of[c])
                    m->ntw[u * nc + c] = 0;
done:
    saha__free(m->ctx, routes);
    saha__free(m->ctx, len);
    saha__free(m->ctx, day_of);
    return rc;
}
