/* plan_cadence: visit cadences over a horizon of weeks (`saha plan --weeks`).
 *
 * Method. An account with frequency_days F and tolerance T (its frequency_tolerance
 * column, else the rep's share of F) gets dated visit windows: window k is centred on
 * phase + k F and reaches h = floor(T / 2) days either side, so any two visits in
 * consecutive windows are F +- 2h <= F +- T apart whatever days the optimiser picks
 * (a hard time window in the engine, not a penalty). The first centre, the phase, may
 * move within the tolerance of the due date (last_visit + F; day 0 when overdue: due at
 * once) or anywhere in the first cycle without a last_visit. A window that closes inside
 * the horizon is owed; one cut by the horizon's end is offered, not owed.
 *
 * The horizon is one problem: before the search, a day assignment by geography chooses
 * every phase jointly. Accounts are taken by falling visit count then value (when the
 * work does not fit: by value per hour of work, and a visit joins a day only while the
 * day has room, so the visits the optimiser will leave out do not spread the days, and
 * those that find no room get no preferred day); for each
 * allowed phase, each window's best day is the one where the account is nearest to the
 * accounts already assigned that day (or home), plus a convex load term (seconds^2 over
 * the day's capacity) that evens the days; the phase with the least total wins and the
 * account joins those days. When the work fits, REASSIGN_ROUNDS improvement rounds
 * follow: each account in turn leaves its days and chooses phase and days again against
 * all the others (the first accounts chose while the days were empty); on the quarter
 * bench's fitting case (300 accounts in Bursa, 629 visits owed) they cut the km with
 * the drive home by 3 % and kept more visits on rhythm (tests/bench/RESULTS.md). O(rounds
 * x accounts x phases x window days x day members). The engine then sees only the
 * chosen windows, and a soft day cost (the extra driving the assignment estimated) for
 * leaving the preferred day.
 * So nearby accounts share days and the week-by-week greed (visit the most urgent now,
 * wherever they are) is avoided. A phase is scored on its windows as shifted off
 * holidays and days off (the windows the engine gets), and earns the bonus for its
 * windows only for owed windows with a day to work: counting unworkable or optional
 * ones (a Sunday at the horizon's end) made the early phases win, so 13-14 visits
 * crowded the first Mondays while other days stayed empty and owed visits were lost
 * (test_quarter's 40 accounts without last_visit: 74 of 97 owed planned, now 97). In
 * a re-plan a phase must hold the visits before the moment in its windows.
 *
 * Even weeks (opts->week_band > 0, when the work fits): the day score adds the day
 * load term's twin over the week against the week's target (week_targets), and past
 * target x (1 + band) costs as much as past a day's capacity.
 *
 * Price of time. When the owed work does not fit, an hour of the rep's time is worth
 * about the value per hour of the owed visit at which the work, taken by value per
 * hour, fills the days (the fractional knapsack's marginal item, hour_value). Half of
 * that price is added to the cost of every drive of a visit, from and back home too
 * (m->time_price, plan_model.c): the values dwarf the rep's km and hour costs, so
 * without it the optimiser takes any of the many equally valuable visit sets and the
 * days spread. Half: at the full price some weeks were left two thirds full. Priced
 * home drives alone left days short (3 of 65 empty while due visits waited); after
 * the search the room fill (plan_room.c) adds back every unplanned visit worth more
 * than its real cost, the price taken off (tests/bench/RESULTS.md). An account worth
 * less per hour than hour_value also gets no bonus for a phase with more windows
 * (they would be visits left out, and the early phases that give one more window
 * crowded such accounts into the same weeks, leaving others half empty).
 * Measured with tests/bench/quarter.sh's input, 3,000 iterations, seeds 1-2 (visits
 * on rhythm / owed, km to the visits, emptiest week): unpriced 380-388 / 968, 9,500-
 * 9,840 km, 35 h; now 385-388 / 908, 8,330 km, 35 h, the same value.
 *
 * Too much work: need = sum over owed visits of (service + the drive to the nearest
 * other account), against the days' working time less a drive out and back per day
 * (twice the median drive from home). --overload stretch multiplies every F by the
 * smallest factor on a 1% grid that fits (binary search; need is non-increasing in the
 * factor); --overload drop removes owed visits by least value per hour of work until it
 * fits, each visit's hours counted on the day the assignment gave it (drop_visits);
 * then every kept visit, most valuable first, takes a day of its window with room, or
 * is dropped as "days full" (room_pass), so the kept visits are ones that fit. Too
 * little: accounts first due within opts->spare_days after the horizon get an optional
 * window at its end earning half their value, which the optimiser takes only where time
 * is left.
 *
 * Complexity: setup O(A^2) for the nearest neighbours plus O(A x phases x windows x
 * days x members) for the assignment (A accounts); report O(stops). Caller: plan_model.c
 * (setup, prefs), plan.c (report). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/plan_cadence.h"
#include "internal/plan_model.h"
#include "util/csv.h"

/* The share of the marginal value of an hour that prices driving between visits when
 * the work does not fit (see "Price of time" above). */
#define TIME_PRICE_SHARE 0.5
/* What a phase pays for an owed window without a working day it is open: more than
 * any day's load, so a phase that loses a visit to a holiday or a weekend never wins
 * while one that keeps it exists (at 4 h, overloaded days made such phases cheaper,
 * and the kept visits of --overload drop sat on Saturdays). */
#define LOST_OWED_S (1000.0 * 3600)
/* Improvement rounds of the day assignment when the work fits (tests/bench/RESULTS.md:
 * 5 rounds measured no better than 2 on the quarter bench's fitting case). */
#define REASSIGN_ROUNDS 2

saha_status saha_plan__cadence_tolerance(saha_ctx *ctx, const saha_account_set *set,
                                         size_t i, int freq, double share, int *out,
                                         double *share_out)
{
    const char *v = saha_account_get_column(set, i, "frequency_tolerance");
    const saha_account *acc = saha_account_at(set, i);
    double x;
    size_t n;
    *out = (int)floor(share * freq + 0.5);
    if (share_out)
        *share_out = share;
    if (!v || !v[0])
        return SAHA_OK;
    n = strlen(v);
    if (v[n - 1] == '%') {
        if (saha__parse_double(v, n - 1, 0, &x) < 0 || !(x >= 0 && x <= 50))
            return saha__error_set(ctx, SAHA_EPARSE, saha_account_source(set), acc->line,
                                   0,
                                   "frequency_tolerance: expected days (3) or a share of "
                                   "frequency_days from 0%% to 50%% (20%%), got '%.40s'",
                                   v);
        *out = (int)floor(x / 100.0 * freq + 0.5);
        if (share_out)
            *share_out = x / 100.0;
        return SAHA_OK;
    }
    if (saha__parse_double(v, n, 0, &x) < 0 || !(x >= 0 && x <= 366) || x != floor(x))
        return saha__error_set(ctx, SAHA_EPARSE, saha_account_source(set), acc->line, 0,
                               "frequency_tolerance: expected whole days (3) or a share "
                               "of frequency_days (20%%), got '%.40s'",
                               v);
    *out = (int)x;
    if (share_out)
        *share_out = -1;
    return SAHA_OK;
}

void saha_plan__cadence_phase_range(int has_last, int due0, int freq, int tol, int *pmin,
                                    int *pmax)
{
    int h = saha_plan__cadence_half(tol), slack = tol - h;
    if (!has_last) {
        *pmin = 0;
        *pmax = freq > 1 ? freq - 1 : 0;
        return;
    }
    if (due0 < 0)
        due0 = 0; /* overdue: due at once */
    *pmin = due0 - slack < 0 ? 0 : due0 - slack;
    *pmax = due0 + slack;
}

size_t saha_plan__cadence_windows(int freq, int tol, int phase, int horizon, int *lo,
                                  int *hi, uint8_t *req, size_t cap)
{
    int h = saha_plan__cadence_half(tol);
    size_t n = 0;
    if (freq <= 0)
        return 0;
    for (int c = phase; c - h < horizon && n < cap; c += freq) {
        int a = c - h < 0 ? 0 : c - h, b = c + h + 1 > horizon ? horizon : c + h + 1;
        if (b <= a)
            continue;
        lo[n] = a;
        hi[n] = b;
        req[n] = (uint8_t)(c + h < horizon);
        n++;
    }
    return n;
}

static int window_workable(const uint8_t *workable, int horizon, int a, int b)
{
    for (int o = a < 0 ? 0 : a; o < b && o < horizon; o++)
        if (workable[o])
            return 1;
    return 0;
}

void saha_plan__cadence_shift(int freq, int tol, int phase, const uint8_t *workable,
                              int horizon, int *lo, int *hi, uint8_t *req, size_t n)
{
    int h = saha_plan__cadence_half(tol), s = tol - 2 * h, prev = phase;
    for (size_t k = 1; k < n; k++) {
        int nominal = phase + (int)k * freq, cmin = prev + freq - s,
            cmax = prev + freq + s;
        int c = nominal < cmin ? cmin : nominal > cmax ? cmax : nominal;
        if (!window_workable(workable, horizon, c - h, c + h + 1))
            /* the nearest centre to the rhythm whose window has a day to work */
            for (int d = 1; d <= cmax - cmin; d++) {
                if (nominal - d >= cmin && nominal - d <= cmax &&
                    window_workable(workable, horizon, nominal - d - h,
                                    nominal - d + h + 1)) {
                    c = nominal - d;
                    break;
                }
                if (nominal + d >= cmin && nominal + d <= cmax &&
                    window_workable(workable, horizon, nominal + d - h,
                                    nominal + d + h + 1)) {
                    c = nominal + d;
                    break;
                }
            }
        lo[k] = c - h < 0 ? 0 : c - h;
        hi[k] = c + h + 1 > horizon ? horizon : c + h + 1;
        if (hi[k] < lo[k])
            hi[k] = lo[k] = horizon; /* pushed past the end: no day */
        req[k] = (uint8_t)(c + h < horizon);
        prev = c;
    }
}

/* Interval and tolerance at stretch s. */
static void stretched(const saha_plan__cad_need *n, double s, int *f, int *t)
{
    *f = (int)ceil(n->freq * s - 1e-9);
    if (*f < 1)
        *f = 1;
    *t = n->tol_days >= 0 ? n->tol_days : (int)floor(n->share * *f + 0.5);
}

size_t saha_plan__cadence_required(const saha_plan__cad_need *n, double s, int horizon)
{
    int f, t, pmin, pmax, lo[SAHA_PLAN__MAX_SLOTS], hi[SAHA_PLAN__MAX_SLOTS];
    uint8_t req[SAHA_PLAN__MAX_SLOTS];
    size_t k, cnt = 0;
    int64_t due;
    if (n->freq <= 0)
        return 0;
    stretched(n, s, &f, &t);
    due = n->has_last ? n->last_off + f : 0;
    if (due > (int64_t)horizon + 1000) /* far past the end: no window either way */
        due = (int64_t)horizon + 1000;
    if (due < -1)
        due = -1;
    saha_plan__cadence_phase_range(n->has_last, (int)due, f, t, &pmin, &pmax);
    k = saha_plan__cadence_windows(f, t, pmin, horizon, lo, hi, req,
                                   SAHA_PLAN__MAX_SLOTS);
    for (size_t i = 0; i < k; i++)
        cnt += req[i];
    return cnt;
}

double saha_plan__cadence_need_s(const saha_plan__cad_need *n, size_t count, double s,
                                 int horizon)
{
    double need = 0;
    for (size_t i = 0; i < count; i++)
        need += (double)saha_plan__cadence_required(&n[i], s, horizon) * n[i].work_s;
    return need;
}

double saha_plan__cadence_stretch(const saha_plan__cad_need *n, size_t count, int horizon,
                                  double avail_s)
{
    int lo = 100, hi = 400; /* percent */
    if (saha_plan__cadence_need_s(n, count, 1.0, horizon) <= avail_s)
        return 1.0;
    if (saha_plan__cadence_need_s(n, count, 4.0, horizon) > avail_s)
        return 4.0;
    while (hi - lo > 1) { /* need(lo) > avail, need(hi) <= avail */
        int mid = (lo + hi) / 2;
        if (saha_plan__cadence_need_s(n, count, mid / 100.0, horizon) <= avail_s)
            hi = mid;
        else
            lo = mid;
    }
    return hi / 100.0;
}

typedef struct hv_item {
    double key; /* value per hour of work */
    double work_s;
} hv_item;

static int cmp_hv(const void *x, const void *y)
{
    const hv_item *a = x, *b = y;
    return a->key > b->key ? -1 : a->key < b->key;
}

saha_status saha_plan__cadence_hour_value(saha_ctx *ctx, const saha_plan__cad_need *n,
                                          size_t count, double s, int horizon,
                                          double avail_s, double *out)
{
    hv_item *it = saha__alloc_array(ctx, count + 1, sizeof *it);
    double used = 0;
    *out = 0;
    if (!it)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        it[i].key = n[i].work_s > 0 ? n[i].value / (n[i].work_s / 3600.0) : 0;
        it[i].work_s =
            (double)saha_plan__cadence_required(&n[i], s, horizon) * n[i].work_s;
    }
    qsort(it, count, sizeof *it, cmp_hv); /* equal keys: any order gives the same key */
    for (size_t i = 0; i < count; i++) {
        used += it[i].work_s;
        if (used > avail_s) {
            *out = it[i].key;
            break;
        }
    }
    saha__free(ctx, it);
    return SAHA_OK;
}

/* ---- setup ------------------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct assign_ctx {
    const saha_plan_model *m;
    size_t nv;
    size_t *veh_of_off; /* day offset -> vehicle, SIZE_MAX not worked */
    double *load_s;     /* vehicle -> assigned work */
    double *cap_s;      /* vehicle -> working time */
    double *room_s;     /* vehicle -> working time less a drive out and back */
    size_t **members;   /* vehicle -> assigned accounts' matrix points */
    size_t *nmem, *capmem;
    /* even weeks (opts->week_band > 0; nweeks 0: no week term) */
    size_t nweeks;
    size_t *week_of;   /* vehicle -> week of the horizon (day offset / 7) */
    double *wload_s;   /* week -> assigned work */
    double *wtarget_s; /* week -> the horizon's mean week scaled by its room */
    double band;       /* opts->week_band */
} assign_ctx;

static double dur(const saha_plan_model *m, size_t pa, size_t pb)
{
    return m->dur_s[pa * m->nmat + pb];
}

/* Cost in seconds of putting a visit of matrix point pa (work w) on vehicle v. */
static double day_score(const assign_ctx *ac, size_t pa, double w, size_t v)
{
    const saha_plan_model *m = ac->m;
    double near = dur(m, 0, pa), l0 = ac->load_s[v], l1 = l0 + w + 0.0,
           cap = ac->cap_s[v];
    double pen;
    for (size_t k = 0; k < ac->nmem[v]; k++) {
        double d = dur(m, ac->members[v][k], pa);
        if (d < near)
            near = d;
    }
    l1 += near;
    /* convex load term: zero cost to fill an empty day's first half, then steeper;
     * past capacity it costs more than any detour */
    pen = (l1 * l1 - l0 * l0) / (cap > 0 ? cap : 1.0) * 0.5;
    if (l1 > cap)
        pen += 4.0 * (l1 - (l0 > cap ? l0 : cap));
    if (ac->nweeks) {
        /* even weeks: the same convex term over the week against its target, and past
         * the band's top as dear as past a day's capacity */
        size_t wk = ac->week_of[v];
        double w0 = ac->wload_s[wk], w1 = w0 + w, t = ac->wtarget_s[wk],
               top = t * (1.0 + ac->band);
        if (t > 0) {
            pen += (w1 * w1 - w0 * w0) / t * 0.5;
            if (w1 > top)
                pen += 4.0 * (w1 - (w0 > top ? w0 : top));
        }
    }
    return near + pen;
}

/* Re-plan: how many of account a's visits before the moment (frozen) lie in none of
 * the windows [lo, hi). O(frozen x windows). */
static size_t frozen_missed(const saha_plan_model *m, size_t a, const int *lo,
                            const int *hi, size_t nw)
{
    size_t missed = 0;
    for (size_t f = 0; f < m->rp->nfrozen; f++) {
        int64_t o = m->rp->frozen[f].day - m->day0;
        int in = 0;
        if (m->rp->frozen[f].account != a)
            continue;
        for (size_t k = 0; k < nw && !in; k++)
            in = o >= lo[k] && o < hi[k];
        missed += !in;
    }
    return missed;
}

/* Records a visit of work w on vehicle v in the day's and the week's load. */
static void add_load(assign_ctx *ac, size_t v, double w)
{
    ac->load_s[v] += w;
    if (ac->nweeks)
        ac->wload_s[ac->week_of[v]] += w;
}

static saha_status add_member(assign_ctx *ac, size_t v, size_t pa)
{
    if (ac->nmem[v] == ac->capmem[v]) {
        size_t nc = ac->capmem[v] ? 2 * ac->capmem[v] : 8;
        size_t *p = saha__realloc_array(ac->m->ctx, ac->members[v], nc, sizeof *p);
        if (!p)
            return SAHA_ENOMEM;
        ac->members[v] = p;
        ac->capmem[v] = nc;
    }
    ac->members[v][ac->nmem[v]++] = pa;
    return SAHA_OK;
}

/* One owed visit for --overload drop: its account, window and value per hour. */
typedef struct drop_item {
    size_t a, k;
    double key;
} drop_item;

static int cmp_drop(const void *x, const void *y)
{
    const drop_item *a = x, *b = y;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->k > b->k ? -1 : (a->k < b->k); /* an account's later window first */
}

/* A day of window k of account a with room for work w (load_s + w <= room_s): the
 * assignment's preferred day when it has room, else the one with the most room left;
 * SIZE_MAX: none. */
static size_t day_with_room(const saha_plan_model *m, const assign_ctx *ac,
                            const double *load_s, size_t a, size_t k, double w)
{
    const saha_plan__cad *c = &m->cad[a];
    size_t best = SIZE_MAX, p = c->pref ? c->pref[k] : SIZE_MAX;
    double left = -1;
    if (p != SIZE_MAX && load_s[p] + w <= ac->room_s[p])
        return p;
    for (int o = c->wlo[k]; o < c->whi[k]; o++) {
        size_t v = ac->veh_of_off[o];
        if (v == SIZE_MAX || !m->open_av[a * m->ndays + v] ||
            load_s[v] + w > ac->room_s[v])
            continue;
        if (ac->room_s[v] - load_s[v] > left) {
            left = ac->room_s[v] - load_s[v];
            best = v;
        }
    }
    return best;
}

/* --overload drop, after the value pass: the kept owed visits, most valuable per hour
 * first, each take a day of their window with room left (the day's room, as the
 * assignment counts it); a kept visit whose days are all full is dropped too (drop[k]
 * = 2: "days full"), so every kept visit has a day it fits on. An account left with no
 * visit then keeps the first of its dropped windows that still has room. Kept visits
 * move their preferred day (pref) to the day found. O(W x window days). */
static saha_status room_pass(saha_plan_model *m, const assign_ctx *ac,
                             const drop_item *it, size_t n, const size_t *need_of,
                             size_t ncad)
{
    double *load = saha__calloc(m->ctx, ac->nv + 1, sizeof *load);
    if (!load)
        return SAHA_ENOMEM;
    for (size_t i = n; i-- > 0;) {
        saha_plan__cad *c = &m->cad[it[i].a];
        size_t k = it[i].k, v;
        if (c->drop[k])
            continue;
        v = day_with_room(m, ac, load, it[i].a, k, c->work_s);
        if (v == SIZE_MAX) {
            c->drop[k] = 2;
            c->ndrop++;
            continue;
        }
        load[v] += c->work_s;
        c->pref[k] = v;
    }
    for (size_t i = 0; i < ncad; i++) {
        saha_plan__cad *c = &m->cad[need_of[i]];
        if (!c->drop || c->nreq == 0 || c->ndrop < c->nreq)
            continue;
        for (size_t k = 0; k < c->nwin; k++) {
            size_t v;
            if (c->drop[k] != 1)
                continue;
            v = day_with_room(m, ac, load, need_of[i], k, c->work_s);
            if (v == SIZE_MAX)
                continue;
            c->drop[k] = 0;
            c->ndrop--;
            load[v] += c->work_s;
            c->pref[k] = v;
            break;
        }
    }
    saha__free(m->ctx, load);
    return SAHA_OK;
}

/* --overload drop: marks owed windows dropped (c->drop[k], c->ndrop) until the work
 * left fits, the least value per hour first, at least one visit kept an account. A
 * visit's hours are its service plus the drive to its nearest neighbour on the day the
 * assignment gave it (from home and back when alone there, the nearest account when
 * it found no room), so an isolated visit goes before a clustered one of the same
 * account; the first visit earns the account's urgency. O(W log W), W owed visits. */
static saha_status drop_visits(saha_plan_model *m, const assign_ctx *ac,
                               const size_t *need_of, size_t ncad, double over)
{
    drop_item *it;
    size_t n = 0, cap = 0;
    saha_status rc;
    for (size_t i = 0; i < ncad; i++)
        cap += m->cad[need_of[i]].nreq;
    it = saha__alloc_array(m->ctx, cap + 1, sizeof *it);
    if (!it)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < ncad; i++) {
        size_t a = need_of[i], pa = m->mat_of[a];
        saha_plan__cad *c = &m->cad[a];
        const saha_account *acc =
            m->rp ? &m->rp->acc[a] : saha_account_at(m->accounts, a);
        const uint8_t *req = c->wreq;
        size_t nw, first = 1;
        if (c->nreq == 0 || !c->pref || !req)
            continue;
        c->drop = saha__arena_alloc(&m->arena, c->nwin + 1);
        if (!c->drop) {
            saha__free(m->ctx, it);
            return SAHA_ENOMEM;
        }
        memset(c->drop, 0, c->nwin + 1);
        c->drop_key = saha__arena_alloc(&m->arena, (c->nwin + 1) * sizeof *c->drop_key);
        if (!c->drop_key) {
            saha__free(m->ctx, it);
            return SAHA_ENOMEM;
        }
        memset(c->drop_key, 0, (c->nwin + 1) * sizeof *c->drop_key);
        nw = c->nwin;
        for (size_t k = 0; k < nw; k++) {
            size_t v = c->pref[k];
            double drive = c->work_s - acc->visit_min * 60.0; /* nearest account */
            double value = first ? m->earn[a] : acc->value * acc->probability;
            if (!req[k])
                continue;
            first = 0;
            if (v != SIZE_MAX) {
                drive = 2.0 * dur(m, 0, pa);
                for (size_t j = 0; j < ac->nmem[v]; j++)
                    if (ac->members[v][j] != pa && dur(m, ac->members[v][j], pa) < drive)
                        drive = dur(m, ac->members[v][j], pa);
            }
            it[n].a = a;
            it[n].k = k;
            it[n].key = value / ((acc->visit_min * 60.0 + drive) / 3600.0 + 1e-9);
            c->drop_key[k] = it[n].key;
            n++;
        }
    }
    qsort(it, n, sizeof *it, cmp_drop);
    m->drop_kept_per_h = 0;
    for (size_t i = 0; i < n; i++) {
        saha_plan__cad *c = &m->cad[it[i].a];
        if (c->nreq - c->ndrop <= 1)
            continue;    /* keep at least one visit an account */
        if (over <= 0) { /* the first visit kept that could have gone: the bar */
            m->drop_kept_per_h = it[i].key;
            break;
        }
        c->drop[it[i].k] = 1;
        c->ndrop++;
        over -= c->work_s;
    }
    rc = room_pass(m, ac, it, n, need_of, ncad);
    saha__free(m->ctx, it);
    return rc;
}

/* Even weeks. A week's hours (leaving home to being back, as the summary and
 * tests/cli/week_check.py count them) are its assigned work plus, on each working day,
 * what the room leaves out (the lunch and a drive out and back). The hours the windows
 * ask for (every window of every account at its earliest phase, at most the room of
 * the horizon, plus that overhead on every day) are shared out in proportion to each
 * week's working time (day_start to day_end), so a week with a holiday is not asked
 * to hold a full week's work; a week's target is its share less its days' overhead.
 * O(A x windows + days). */
static saha_status week_targets(assign_ctx *ac, const saha_plan_model *m,
                                const saha_plan__cad_need *need, const size_t *need_of,
                                size_t ncad, int horizon, double band)
{
    size_t nw = (size_t)(horizon + 6) / 7;
    double total = 0, room = 0, span = 0, over = 0;
    ac->week_of = saha__calloc(m->ctx, ac->nv + 1, sizeof *ac->week_of);
    ac->wload_s = saha__calloc(m->ctx, nw + 1, sizeof *ac->wload_s);
    ac->wtarget_s = saha__calloc(m->ctx, nw + 1, sizeof *ac->wtarget_s);
    if (!ac->week_of || !ac->wload_s || !ac->wtarget_s)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < ncad; i++) {
        const saha_plan__cad *c = &m->cad[need_of[i]];
        int lo[SAHA_PLAN__MAX_SLOTS], hi[SAHA_PLAN__MAX_SLOTS];
        uint8_t req[SAHA_PLAN__MAX_SLOTS];
        if (c->pmin > c->pmax || c->pmin >= horizon)
            continue;
        total += (double)saha_plan__cadence_windows(c->freq, c->tol, c->pmin, horizon, lo,
                                                    hi, req, SAHA_PLAN__MAX_SLOTS) *
                 need[i].work_s;
    }
    for (size_t v = 0; v < ac->nv; v++) {
        double sp = (double)(m->days[v].end_min - m->days[v].start_min) * 60.0;
        ac->week_of[v] = (size_t)m->days[v].off / 7;
        if (ac->week_of[v] >= nw)
            ac->week_of[v] = nw - 1;
        room += ac->room_s[v];
        span += sp;
        over += sp > ac->room_s[v] ? sp - ac->room_s[v] : 0;
    }
    if (total > room)
        total = room;
    if (!(span > 0) || !(total > 0))
        return SAHA_OK; /* no week term */
    for (size_t v = 0; v < ac->nv; v++) {
        double sp = (double)(m->days[v].end_min - m->days[v].start_min) * 60.0;
        ac->wtarget_s[ac->week_of[v]] +=
            (total + over) * sp / span - (sp > ac->room_s[v] ? sp - ac->room_s[v] : 0);
    }
    for (size_t w = 0; w < nw; w++)
        if (ac->wtarget_s[w] < 0)
            ac->wtarget_s[w] = 0;
    ac->nweeks = nw;
    ac->band = band;
    return SAHA_OK;
}

typedef struct order_item {
    size_t a;
    double key;
} order_item;

static int cmp_order(const void *x, const void *y)
{
    const order_item *a = x, *b = y;
    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return a->a < b->a ? -1 : (a->a > b->a);
}

/* The day assignment of one account (the step's body, see the top of the file): the
 * phase with the least total day score over its windows, owed windows first; then
 * each window's best day becomes its preferred day and takes the visit's work. */
static saha_status place_account(saha_plan_model *m, assign_ctx *ac, const order_item *oi,
                                 int horizon, uint8_t *workable, int overloaded,
                                 double hour_value)
{
    saha_status rc = SAHA_OK;
    size_t a = oi->a, pa = m->mat_of[a];
    saha_plan__cad *c = &m->cad[a];
    int lo[SAHA_PLAN__MAX_SLOTS], hi[SAHA_PLAN__MAX_SLOTS], best_p = c->pmin;
    uint8_t req[SAHA_PLAN__MAX_SLOTS];
    double best = INFINITY;
    size_t nw;
    if (c->pmin > c->pmax || c->pmin >= horizon) {
        c->phase = c->pmin;
        return SAHA_OK;
    }
    for (int o = 0; o < horizon; o++)
        workable[o] = (uint8_t)(ac->veh_of_off[o] != SIZE_MAX &&
                                m->open_av[a * m->ndays + ac->veh_of_off[o]]);
    for (int p = c->pmin; p <= c->pmax && p < horizon; p++) {
        double sc = 0;
        size_t nowed = 0; /* owed windows with a day to work */
        nw = saha_plan__cadence_windows(c->freq, c->tol, p, horizon, lo, hi, req,
                                        SAHA_PLAN__MAX_SLOTS);
        /* scored on the windows the engine will see: off holidays and days off */
        saha_plan__cadence_shift(c->freq, c->tol, p, workable, horizon, lo, hi, req, nw);
        /* a re-plan keeps the rhythm of the visits before the moment: a phase
         * whose windows miss one of them would space the next visit from a
         * window that was never used */
        if (m->rp)
            sc += 10.0 * LOST_OWED_S * (double)frozen_missed(m, a, lo, hi, nw);
        for (size_t k = 0; k < nw; k++) {
            double bd = INFINITY;
            for (int o = lo[k]; o < hi[k]; o++) {
                size_t v = ac->veh_of_off[o];
                double s;
                if (v == SIZE_MAX || !m->open_av[a * m->ndays + v])
                    continue;
                s = day_score(ac, pa, c->work_s, v);
                if (s < bd)
                    bd = s;
            }
            /* a window without a working day it is open loses the visit */
            sc += isfinite(bd) ? bd : (req[k] ? LOST_OWED_S : 3600);
            nowed += isfinite(bd) && req[k];
        }
        /* owed windows first: a phase that owes fewer visits is not a saving;
         * but when the work does not fit, more windows of an account worth less
         * than an hour earns at the margin are only more visits left out, and
         * the bonus would crowd their windows into the same weeks (the phases
         * that give one more window are the early ones). When the work fits,
         * only owed windows with a day to work count: one on a weekend at the
         * horizon's end is no visit. When it does not, every window counts as
         * before (owed only: 356-360 of 915-920 owed on rhythm on the quarter
         * bench's accounts, 1,000 iterations, against 369-377 of 909) */
        if (!overloaded || oi->key >= hour_value)
            sc -= 8.0 * 3600 * (double)(overloaded ? nw : nowed);
        if (sc < best) {
            best = sc;
            best_p = p;
        }
    }
    c->phase = best_p;
    nw = saha_plan__cadence_windows(c->freq, c->tol, best_p, horizon, lo, hi, req,
                                    SAHA_PLAN__MAX_SLOTS);
    saha_plan__cadence_shift(c->freq, c->tol, best_p, workable, horizon, lo, hi, req, nw);
    c->nwin = nw;
    c->wlo = saha__arena_alloc(&m->arena, (nw + 1) * sizeof *c->wlo);
    c->whi = saha__arena_alloc(&m->arena, (nw + 1) * sizeof *c->whi);
    c->wreq = saha__arena_alloc(&m->arena, nw + 1);
    if (!c->wlo || !c->whi || !c->wreq) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    memcpy(c->wlo, lo, nw * sizeof *lo);
    memcpy(c->whi, hi, nw * sizeof *hi);
    memcpy(c->wreq, req, nw);
    c->pref = saha__arena_alloc(&m->arena, (nw + 1) * sizeof *c->pref);
    if (!c->pref) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    c->nreq = 0;
    for (size_t k = 0; k < nw; k++) {
        size_t bv = SIZE_MAX;
        double bd = INFINITY;
        c->nreq += req[k];
        for (int o = lo[k]; o < hi[k]; o++) {
            size_t v = ac->veh_of_off[o];
            double s;
            if (v == SIZE_MAX || !m->open_av[a * m->ndays + v] ||
                (overloaded && ac->load_s[v] + c->work_s > ac->room_s[v]))
                continue;
            s = day_score(ac, pa, c->work_s, v);
            if (s < bd) {
                bd = s;
                bv = v;
            }
        }
        c->pref[k] = bv;
        if (bv != SIZE_MAX) {
            add_load(ac, bv, c->work_s);
            rc = add_member(ac, bv, pa);
            if (rc < 0)
                goto done;
        }
    }
done:
    return rc;
}

/* Takes account a's visits off their preferred days (load and members), so that
 * place_account can choose again. */
static void unplace_account(const saha_plan_model *m, assign_ctx *ac, size_t a)
{
    const saha_plan__cad *c = &m->cad[a];
    size_t pa = m->mat_of[a];
    if (!c->pref)
        return;
    for (size_t k = 0; k < c->nwin; k++) {
        size_t v = c->pref[k];
        if (v == SIZE_MAX)
            continue;
        ac->load_s[v] -= c->work_s;
        if (ac->nweeks)
            ac->wload_s[ac->week_of[v]] -= c->work_s;
        for (size_t j = 0; j < ac->nmem[v]; j++)
            if (ac->members[v][j] == pa) {
                ac->members[v][j] = ac->members[v][--ac->nmem[v]];
                break;
            }
    }
}

saha_status saha_plan__cadence_setup(saha_plan_model *m, const saha_account_set *accounts,
                                     saha_datetime start, int horizon,
                                     const saha_plan_options *opts)
{
    saha_ctx *ctx = m->ctx;
    size_t na = m->naccounts, nv = m->ndays, ncad = 0;
    int64_t day0 = saha__days_from_civil(start.year, start.month, start.day);
    saha_plan__cad_need *need = NULL;
    size_t *need_of = NULL;
    double *home_d = NULL;
    order_item *order = NULL;
    assign_ctx ac;
    saha_status rc = SAHA_OK;
    uint8_t *workable = NULL; /* day offset -> the account may be visited then */
    double avail = 0, med_home = 0, hour_value = 0;
    int overloaded;

    memset(&ac, 0, sizeof ac);
    m->cad = saha__arena_alloc(&m->arena, (na + 1) * sizeof *m->cad);
    if (!m->cad)
        return SAHA_ENOMEM;
    memset(m->cad, 0, (na + 1) * sizeof *m->cad);
    m->day0 = day0;
    m->horizon = horizon;
    m->stretch = 1.0;
    need = saha__calloc(ctx, na + 1, sizeof *need);
    need_of = saha__calloc(ctx, na + 1, sizeof *need_of);
    home_d = saha__calloc(ctx, na + 1, sizeof *home_d);
    order = saha__calloc(ctx, na + 1, sizeof *order);
    ac.m = m;
    ac.nv = nv;
    ac.veh_of_off = saha__alloc_array(ctx, (size_t)horizon + 1, sizeof *ac.veh_of_off);
    workable = saha__calloc(ctx, (size_t)horizon + 1, 1);
    ac.load_s = saha__calloc(ctx, nv + 1, sizeof *ac.load_s);
    ac.cap_s = saha__calloc(ctx, nv + 1, sizeof *ac.cap_s);
    ac.room_s = saha__calloc(ctx, nv + 1, sizeof *ac.room_s);
    ac.members = saha__calloc(ctx, nv + 1, sizeof *ac.members);
    ac.nmem = saha__calloc(ctx, nv + 1, sizeof *ac.nmem);
    ac.capmem = saha__calloc(ctx, nv + 1, sizeof *ac.capmem);
    if (!need || !need_of || !home_d || !order || !ac.veh_of_off || !workable ||
        !ac.load_s || !ac.cap_s || !ac.room_s || !ac.members || !ac.nmem || !ac.capmem) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (int o = 0; o <= horizon; o++)
        ac.veh_of_off[o] = SIZE_MAX;
    for (size_t v = 0; v < nv; v++) {
        const saha_plan__day *d = &m->days[v];
        int lunch = m->rep.lunch_min > 0 &&
                            d->end_min >= m->rep.lunch_earliest_min + m->rep.lunch_min
                        ? m->rep.lunch_min
                        : 0;
        ac.veh_of_off[d->off] = v;
        ac.cap_s[v] = (double)(d->end_min - d->start_min - lunch) * 60.0;
    }

    /* Cadence, tolerance, work per visit of every plannable account. */
    {
        size_t nh = 0;
        for (size_t a = 0; a < na; a++)
            if (m->pre_reason[a] == SAHA_SKIP_NONE && m->mat_of[a] != SIZE_MAX &&
                (!m->only || m->only[a]))
                home_d[nh++] = dur(m, 0, m->mat_of[a]);
        if (nh) {
            qsort(home_d, nh, sizeof *home_d, cmp_double);
            med_home = home_d[nh / 2];
        }
    }
    for (size_t v = 0; v < nv; v++)
        avail += ac.cap_s[v] > 2 * med_home ? ac.cap_s[v] - 2 * med_home : 0;
    for (size_t a = 0; a < na; a++) {
        const saha_account *acc = m->rp ? &m->rp->acc[a] : saha_account_at(accounts, a);
        saha_plan__cad *c = &m->cad[a];
        size_t pa = m->mat_of[a];
        double nn = INFINITY;
        int tol;
        double tshare;
        c->pmin = 1;
        c->pmax = 0;
        if (m->pre_reason[a] != SAHA_SKIP_NONE || pa == SIZE_MAX ||
            (m->only && !m->only[a]))
            continue;
        for (size_t b = 0; b < na; b++)
            if (b != a && m->mat_of[b] != SIZE_MAX &&
                m->pre_reason[b] == SAHA_SKIP_NONE && (!m->only || m->only[b]) &&
                dur(m, pa, m->mat_of[b]) < nn)
                nn = dur(m, pa, m->mat_of[b]);
        if (!isfinite(nn))
            nn = dur(m, 0, pa);
        c->work_s = acc->visit_min * 60.0 + nn;
        int f0 = acc->frequency_days > 0 ? acc->frequency_days
                                         : (m->tier_freq ? m->tier_freq[a] : 0);
        if (f0 <= 0 || acc->has_appointment)
            continue;
        rc = saha_plan__cadence_tolerance(ctx, accounts, a, f0,
                                          m->rep.frequency_tolerance, &tol, &tshare);
        if (rc < 0)
            goto done;
        c->base_freq = c->freq = f0;
        c->tol = tol;
        c->has_last = acc->has_last_visit;
        need[ncad].freq = c->freq;
        need[ncad].tol_days = tshare < 0 ? tol : -1; /* days stay days when stretched */
        need[ncad].share = tshare < 0 ? 0 : tshare;
        need[ncad].has_last = c->has_last;
        need[ncad].last_off = c->has_last ? saha__days_from_civil(acc->last_visit.year,
                                                                  acc->last_visit.month,
                                                                  acc->last_visit.day) -
                                                day0
                                          : 0;
        need[ncad].work_s = c->work_s;
        need[ncad].value = acc->value * acc->probability;
        need_of[ncad] = a;
        ncad++;
    }
    m->avail_s = avail;
    m->need_s = saha_plan__cadence_need_s(need, ncad, 1.0, horizon);
    if (opts && opts->overload == SAHA_OVERLOAD_STRETCH && m->need_s > avail) {
        m->stretch = saha_plan__cadence_stretch(need, ncad, horizon, avail);
        for (size_t i = 0; i < ncad; i++) {
            saha_plan__cad *c = &m->cad[need_of[i]];
            stretched(&need[i], m->stretch, &c->freq, &c->tol);
        }
    }
    /* Phase ranges. */
    for (size_t i = 0; i < ncad; i++) {
        saha_plan__cad *c = &m->cad[need_of[i]];
        int64_t due = need[i].last_off + c->freq;
        if (due > horizon + 1000)
            due = horizon + 1000;
        if (due < -1000)
            due = -1000;
        c->due0 = (int)due;
        saha_plan__cadence_phase_range(c->has_last, c->due0, c->freq, c->tol, &c->pmin,
                                       &c->pmax);
        if (c->pmin >= horizon && opts && opts->spare_days > 0 &&
            c->due0 < horizon + opts->spare_days)
            c->spare = 1;
    }
    /* The day assignment by geography. When the work fits, the accounts with the most
     * visits choose first (the most constrained); when it does not, the most valuable
     * per hour of work (those the optimiser keeps), and a visit joins a day only while
     * the day has room: the visits that will be left out do not spread the days. */
    overloaded = saha_plan__cadence_need_s(need, ncad, m->stretch, horizon) > avail;
    for (size_t v = 0; v < nv; v++)
        ac.room_s[v] = ac.cap_s[v] > 2 * med_home ? ac.cap_s[v] - 2 * med_home : 0;
    for (size_t i = 0; i < ncad; i++) {
        size_t a = need_of[i];
        const saha_account *acc = saha_account_at(accounts, a);
        order[i].a = a;
        if (overloaded)
            order[i].key = need[i].value / (need[i].work_s / 3600.0);
        else
            order[i].key =
                (double)saha_plan__cadence_required(&need[i], m->stretch, horizon) *
                    1e12 +
                acc->value * acc->probability;
    }
    qsort(order, ncad, sizeof *order, cmp_order);
    /* even weeks only when the work fits: when it does not, the days fill up to
     * their room anyway, and the term would only make the valuable accounts' phases
     * avoid the full weeks and lose visits */
    if (opts && opts->week_band > 0 && horizon > 7 && !overloaded) {
        rc = week_targets(&ac, m, need, need_of, ncad, horizon, opts->week_band);
        if (rc < 0)
            goto done;
    }
    if (overloaded) {
        rc = saha_plan__cadence_hour_value(ctx, need, ncad, m->stretch, horizon, avail,
                                           &hour_value);
        if (rc < 0)
            goto done;
        m->time_price = hour_value / 3600.0 * TIME_PRICE_SHARE;
    }
    for (size_t i = 0; i < ncad; i++) {
        rc = place_account(m, &ac, &order[i], horizon, workable, overloaded, hour_value);
        if (rc < 0)
            goto done;
    }
    /* When the work fits, improvement rounds: each account in turn leaves its days and
     * chooses its phase and days again against all the others (the first accounts
     * chose theirs when the days were still empty). */
    for (int r = 0; r < REASSIGN_ROUNDS && !overloaded; r++)
        for (size_t i = 0; i < ncad; i++) {
            const saha_plan__cad *c = &m->cad[order[i].a];
            if (c->pmin > c->pmax || c->pmin >= horizon || !c->pref)
                continue;
            unplace_account(m, &ac, order[i].a);
            rc = place_account(m, &ac, &order[i], horizon, workable, overloaded,
                               hour_value);
            if (rc < 0)
                goto done;
        }
    /* Too much work, drop: the owed visits of least value per hour first. */
    if (opts && opts->overload == SAHA_OVERLOAD_DROP && m->need_s > avail) {
        rc = drop_visits(m, &ac, need_of, ncad, m->need_s - avail);
        if (rc < 0)
            goto done;
    }
done:
    for (size_t v = 0; ac.members && v < nv; v++)
        saha__free(ctx, ac.members[v]);
    saha__free(ctx, ac.members);
    saha__free(ctx, ac.nmem);
    saha__free(ctx, ac.capmem);
    saha__free(ctx, ac.load_s);
    saha__free(ctx, ac.cap_s);
    saha__free(ctx, ac.room_s);
    saha__free(ctx, ac.week_of);
    saha__free(ctx, ac.wload_s);
    saha__free(ctx, ac.wtarget_s);
    saha__free(ctx, ac.veh_of_off);
    saha__free(ctx, workable);
    saha__free(ctx, order);
    saha__free(ctx, home_d);
    saha__free(ctx, need_of);
    saha__free(ctx, need);
    return rc;
}

/* ---- day preferences ----------------------------------------------------------------
 */

saha_status saha_plan__cadence_prefs(saha_plan_model *m)
{
    size_t nc = m->vrp.ncustomers, nv = m->ndays;
    double per_s; /* objective units per second of extra driving */
    if (!m->cad || !m->win_k || nc == 0)
        return SAHA_OK;
    /* a second of driving at 50 km/h in the objective's units */
    if (m->objective == SAHA_OBJECTIVE_PROFIT)
        per_s =
            (13.9 / 1000.0 * m->rep.cost_per_km + m->rep.cost_per_hour / 3600.0) * 100.0;
    else
        per_s = 13.9;
    if (!m->day_cost) {
        size_t nvc;
        if (saha__mul_size(nv, nc, &nvc) < 0)
            return SAHA_ENOMEM;
        m->day_cost = saha__arena_alloc(&m->arena, (nvc + 1) * sizeof *m->day_cost);
        if (!m->day_cost)
            return SAHA_ENOMEM;
        memset(m->day_cost, 0, (nvc + 1) * sizeof *m->day_cost);
    }
    for (size_t c = 0; c < nc; c++) {
        size_t a = m->account_of[c], k = m->win_k[c], pref, pa = m->mat_of[a];
        const saha_plan__cad *cd = &m->cad[a];
        if (k == SIZE_MAX || !cd->pref || k >= cd->nwin || cd->pref[k] == SIZE_MAX)
            continue;
        pref = cd->pref[k];
        for (size_t v = 0; v < nv; v++) {
            double near_pref = m->dur_s[pa], near_v = m->dur_s[pa];
            if (v == pref || !m->ntw[v * nc + c])
                continue;
            /* the nearest other preferred visit on each day */
            for (size_t d = 0; d < nc; d++) {
                size_t b = m->account_of[d], kb = m->win_k[d];
                double t;
                if (b == a || kb == SIZE_MAX || !m->cad[b].pref || kb >= m->cad[b].nwin)
                    continue;
                t = m->dur_s[pa * m->nmat + m->mat_of[b]];
                if (m->cad[b].pref[kb] == pref && t < near_pref)
                    near_pref = t;
                if (m->cad[b].pref[kb] == v && t < near_v)
                    near_v = t;
            }
            if (near_v > near_pref)
                m->day_cost[v * nc + c] += (saha_cost)llround(
                    fmin(2.0 * (near_v - near_pref) * per_s * 0.5, 1e12));
        }
    }
    m->vrp.day_cost = m->day_cost;
    return SAHA_OK;
}

/* ---- report -------------------------------------------------------------------------
 */

saha_status saha_plan__cadence_report(saha_plan__store *st, const saha_plan_model *m)
{
    saha_itinerary *it = &st->it;
    size_t na = m->naccounts, n = 0;
    saha_plan_cadence *out;
    int64_t *days = NULL;
    size_t cap = 0;
    if (!m->cad)
        return SAHA_OK;
    it->stretch = m->stretch;
    it->work_needed_s = m->need_s;
    it->work_avail_s = m->avail_s;
    it->drop_kept_value_per_hour = m->drop_kept_per_h;
    for (size_t a = 0; a < na; a++)
        n += m->cad[a].base_freq > 0;
    out = saha__arena_alloc(&st->arena, (n + 1) * sizeof *out);
    if (!out)
        return SAHA_ENOMEM;
    memset(out, 0, (n + 1) * sizeof *out);
    for (size_t d = 0; d < it->ndays; d++)
        cap += it->days[d].nstops;
    days = saha__alloc_array(m->ctx, cap + 1, sizeof *days);
    if (!days)
        return SAHA_ENOMEM;
    n = 0;
    for (size_t a = 0; a < na; a++) {
        const saha_plan__cad *c = &m->cad[a];
        const saha_account *acc =
            m->rp ? &m->rp->acc[a] : saha_account_at(m->accounts, a);
        saha_plan_cadence *e;
        size_t nd = 0;
        int64_t prev, next;
        if (c->base_freq <= 0)
            continue;
        e = &out[n++];
        e->account = a;
        e->frequency_days = c->freq;
        e->tolerance_days = c->tol;
        e->required = c->nreq;
        e->dropped = c->ndrop;
        if (c->ndrop && c->drop && c->drop_key) {
            saha_datetime *f = saha__arena_alloc(&st->arena, c->ndrop * sizeof *f),
                          *t = saha__arena_alloc(&st->arena, c->ndrop * sizeof *t);
            uint8_t *full = saha__arena_alloc(&st->arena, c->ndrop);
            size_t j = 0;
            if (!f || !t || !full) {
                saha__free(m->ctx, days);
                return SAHA_ENOMEM;
            }
            memset(f, 0, c->ndrop * sizeof *f);
            memset(t, 0, c->ndrop * sizeof *t);
            for (size_t k = 0; k < c->nwin && j < c->ndrop; k++) {
                int y, mo, d;
                if (!c->drop[k])
                    continue;
                saha__civil_from_days(m->day0 + c->wlo[k], &y, &mo, &d);
                f[j].year = y;
                f[j].month = mo;
                f[j].day = d;
                saha__civil_from_days(m->day0 + c->whi[k] - 1, &y, &mo, &d);
                t[j].year = y;
                t[j].month = mo;
                t[j].day = d;
                full[j] = (uint8_t)(c->drop[k] == 2);
                if (c->drop[k] == 1 && c->drop_key[k] > e->dropped_value_per_hour)
                    e->dropped_value_per_hour = c->drop_key[k];
                j++;
            }
            e->dropped_from = f;
            e->dropped_to = t;
            e->dropped_full = full;
        }
        for (size_t d = 0; d < it->ndays; d++)
            for (size_t k = 0; k < it->days[d].nstops; k++)
                if (it->days[d].stops[k].account == a)
                    days[nd++] = saha__days_from_civil(it->days[d].date.year,
                                                       it->days[d].date.month,
                                                       it->days[d].date.day);
        e->planned = nd;
        prev = acc->has_last_visit
                   ? saha__days_from_civil(acc->last_visit.year, acc->last_visit.month,
                                           acc->last_visit.day)
                   : INT64_MIN;
        for (size_t k = 0; k < nd; k++) {
            int on_time;
            if (prev == INT64_MIN) {
                on_time = 1; /* the first visit ever */
            } else {
                int64_t gap = days[k] - prev;
                if (gap > e->largest_gap_days)
                    e->largest_gap_days = (int)gap;
                if (k == 0 && prev + c->freq < m->day0) {
                    /* overdue: due at once, then on the rhythm from the start */
                    int64_t g0 = days[k] - m->day0, mult = (g0 + c->freq / 2) / c->freq;
                    on_time =
                        g0 >= mult * c->freq - c->tol && g0 <= mult * c->freq + c->tol;
                } else {
                    /* on its rhythm: m intervals after the previous visit, m >= 1 (a
                     * window left empty before it shows in planned < required) */
                    int64_t mult = (gap + c->freq / 2) / c->freq;
                    if (mult < 1)
                        mult = 1;
                    on_time =
                        gap >= mult * c->freq - c->tol && gap <= mult * c->freq + c->tol;
                }
            }
            e->on_time += (size_t)on_time;
            prev = days[k];
        }
        if (prev != INT64_MIN) {
            int y, mo, d;
            if (nd) {
                saha__civil_from_days(prev, &y, &mo, &d);
                e->last_planned.year = y;
                e->last_planned.month = mo;
                e->last_planned.day = d;
            }
            next = prev + c->freq;
            saha__civil_from_days(next, &y, &mo, &d);
            e->next_due.year = y;
            e->next_due.month = mo;
            e->next_due.day = d;
        } else {
            e->next_due.year = 0;
        }
    }
    saha__free(m->ctx, days);
    it->ncadence = n;
    it->cadence = out;
    return SAHA_OK;
}

/* ---- suggested cadences (--tiers) ---------------------------------------------------
 */

saha_status saha_plan_suggest_cadence(saha_ctx *ctx, const saha_account_set *set,
                                      const char *spec, int *freq_out, char *tier_out)
{
    int tf[26];
    char tl[26];
    size_t nt = 0, na, nr = 0;
    order_item *rank;
    const char *p = spec;
    SAHA__CHECK_ARG(ctx, set && spec);
    saha__error_clear(ctx);
    while (*p) { /* "A:7,B:14" */
        long f = 0;
        const char *q;
        if (nt == 26 || !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) ||
            p[1] != ':')
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "tiers: expected LETTER:DAYS[,LETTER:DAYS...] such as "
                                   "A:7,B:14,C:28,D:56, got '%.60s'",
                                   spec);
        tl[nt] = *p;
        q = p + 2;
        while (*q >= '0' && *q <= '9' && f < 10000)
            f = f * 10 + (*q++ - '0');
        if (q == p + 2 || f < 1 || f > 366 || (*q && *q != ','))
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "tiers: %c: expected days from 1 to 366 in '%.60s'",
                                   tl[nt], spec);
        tf[nt++] = (int)f;
        p = *q ? q + 1 : q;
    }
    if (nt == 0)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "tiers: empty");
    na = saha_account_count(set);
    rank = saha__calloc(ctx, na + 1, sizeof *rank);
    if (!rank)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < na; i++) {
        const saha_account *acc = saha_account_at(set, i);
        if (freq_out)
            freq_out[i] = 0;
        if (tier_out)
            tier_out[i] = '\0';
        if (acc->frequency_days > 0)
            continue;
        rank[nr].a = i;
        rank[nr].key = acc->value * acc->probability;
        nr++;
    }
    qsort(rank, nr, sizeof *rank, cmp_order); /* most valuable first, then input order */
    for (size_t r = 0; r < nr; r++) {
        size_t t = r * nt / nr;
        if (freq_out)
            freq_out[rank[r].a] = tf[t];
        if (tier_out)
            tier_out[rank[r].a] = tl[t];
    }
    saha__free(ctx, rank);
    return SAHA_OK;
}

/* ---- the cadence report (CSV) ------------------------------------------------------ */

static saha_status put_cell(saha__buf *b, const char *s, int first)
{
    saha_status rc = first ? SAHA_OK : saha__buf_append(b, ",", 1);
    return rc < 0 ? rc : saha__csv_put(b, s, strlen(s), ',');
}

static void ymd(char *dst, size_t cap, saha_datetime d)
{
    if (d.year)
        snprintf(dst, cap, "%04d-%02d-%02d", d.year, d.month, d.day);
    else
        dst[0] = '\0';
}

saha_status saha_plan_cadence_csv(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                                  const saha_account_set *accounts)
{
    static const char *const cols[] = {"id",
                                       "name",
                                       "frequency_days",
                                       "tolerance_days",
                                       "required",
                                       "planned",
                                       "on_time",
                                       "dropped",
                                       "largest_gap_days",
                                       "last_planned",
                                       "next_due",
                                       "planned_dates",
                                       "dropped_windows",
                                       "dropped_value_per_hour",
                                       "dropped_days_full"};
    saha__buf b;
    saha_status rc = SAHA_OK;
    SAHA__CHECK_ARG(ctx, f && it && accounts);
    saha__error_clear(ctx);
    saha__buf_init(&b, ctx, (size_t)1 << 30);
    for (size_t k = 0; k < sizeof cols / sizeof cols[0] && rc == SAHA_OK; k++)
        rc = put_cell(&b, cols[k], k == 0);
    if (rc == SAHA_OK)
        rc = saha__buf_append(&b, "\n", 1);
    for (size_t i = 0; i < it->ncadence && rc == SAHA_OK; i++) {
        const saha_plan_cadence *e = &it->cadence[i];
        const saha_account *acc = saha_account_at(accounts, e->account);
        char num[32], d1[16], d2[16];
        size_t nd = 0;
        ymd(d1, sizeof d1, e->last_planned);
        ymd(d2, sizeof d2, e->next_due);
        rc = put_cell(&b, acc->id, 1);
        if (rc == SAHA_OK)
            rc = put_cell(&b, acc->name, 0);
        {
            long vals[] = {e->frequency_days,  e->tolerance_days, (long)e->required,
                           (long)e->planned,   (long)e->on_time,  (long)e->dropped,
                           e->largest_gap_days};
            for (size_t k = 0; k < sizeof vals / sizeof vals[0] && rc == SAHA_OK; k++) {
                snprintf(num, sizeof num, "%ld", vals[k]);
                rc = put_cell(&b, num, 0);
            }
        }
        if (rc == SAHA_OK)
            rc = put_cell(&b, d1, 0);
        if (rc == SAHA_OK)
            rc = put_cell(&b, d2, 0);
        if (rc == SAHA_OK)
            rc = saha__buf_append(&b, ",", 1);
        for (size_t d = 0; d < it->ndays && rc == SAHA_OK; d++)
            for (size_t k = 0; k < it->days[d].nstops && rc == SAHA_OK; k++)
                if (it->days[d].stops[k].account == e->account) {
                    ymd(d1, sizeof d1, it->days[d].date);
                    rc = saha__buf_printf(&b, "%s%s", nd++ ? " " : "", d1);
                }
        /* dropped windows as ISO 8601 intervals, "2026-05-18/2026-05-22 ..." */
        if (rc == SAHA_OK)
            rc = saha__buf_append(&b, ",", 1);
        for (size_t k = 0; k < e->dropped && e->dropped_from && rc == SAHA_OK; k++) {
            ymd(d1, sizeof d1, e->dropped_from[k]);
            ymd(d2, sizeof d2, e->dropped_to[k]);
            rc = saha__buf_printf(&b, "%s%s/%s", k ? " " : "", d1, d2);
        }
        if (rc == SAHA_OK)
            rc = saha__buf_append(&b, ",", 1);
        if (rc == SAHA_OK && e->dropped)
            rc = saha__buf_printf(&b, "%.0f", e->dropped_value_per_hour);
        if (rc == SAHA_OK) { /* of the dropped, those whose days were full */
            size_t nf = 0;
            for (size_t k = 0; k < e->dropped && e->dropped_full; k++)
                nf += e->dropped_full[k] != 0;
            rc = saha__buf_printf(&b, ",%zu", nf);
        }
        if (rc == SAHA_OK)
            rc = saha__buf_append(&b, "\n", 1);
    }
    if (rc == SAHA_OK)
        rc = saha__csv_flush(&b, f);
    saha__buf_free(&b);
    return rc;
}
