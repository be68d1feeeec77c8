/* team_plan: every rep's week, in parallel, and the assignment of unassigned accounts.
 *
 * Method: (1) owners: an account's assigned_rep, territory or rep text names a rep
 * (saha_team_find). (2) With --unassigned assign: each unassigned account with
 * coordinates gets its near_reps nearest reps by home distance (geodesic) as
 * candidates. Round 0: every rep plans its own accounts (what they earn alone). Round
 * 1: every rep plans its own accounts plus the unassigned ones it is a candidate for;
 * an account's winner is the rep whose plan makes most from it: its earnings minus the
 * travel it adds (legs in and out minus the direct leg, road model and the rep's
 * costs), scaled down by the share of those profits the rep paid in own visits given
 * up. Round 2: every rep plans its own accounts plus the ones it won; an account stays
 * with its winner unless inserting it into another candidate's round-2 week (cheapest
 * detour fitting a day's slack and caps) makes more. Accounts no candidate takes at a
 * profit go to the nearest rep, reported as
 * such. (3) Every selected rep plans its final accounts. Plans are independent: a pool
 * of `jobs` threads takes reps in id order, each plan made in a context of its own (it
 * allocates from it) with the thread's projection, single-threaded with the options'
 * seed, so the result does not depend on the thread count at a fixed iteration budget.
 * Cost: the reps' plans (four rounds with assign) + O(accounts x reps) for the
 * candidates.
 * Caller: the CLI (saha team). */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/team.h"
#include "saha/geo.h"
#include "saha/matrix.h"
#include "util/parallel.h"

#define TEAM_MAX_JOBS 256

/* ---- ordering ------------------------------------------------------------------- */

/* Stable merge sort of idx[0..n) by member id (tmp: n entries). */
static void sort_ids(const saha_team *team, size_t *idx, size_t *tmp, size_t n)
{
    size_t h = n / 2, i = 0, j = h, k = 0;
    if (n < 2)
        return;
    sort_ids(team, idx, tmp, h);
    sort_ids(team, idx + h, tmp, n - h);
    while (i < h && j < n)
        tmp[k++] = strcmp(team->member[idx[j]].id, team->member[idx[i]].id) < 0
                       ? idx[j++]
                       : idx[i++];
    while (i < h)
        tmp[k++] = idx[i++];
    while (j < n)
        tmp[k++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

size_t *saha_team__id_order(saha_ctx *ctx, const saha_team *team)
{
    size_t *order = saha__alloc_array(ctx, team->n + 1, sizeof *order);
    size_t *tmp = saha__alloc_array(ctx, team->n + 1, sizeof *tmp);
    if (!order || !tmp) {
        saha__free(ctx, order);
        saha__free(ctx, tmp);
        return NULL;
    }
    for (size_t i = 0; i < team->n; i++)
        order[i] = i;
    sort_ids(team, order, tmp, team->n);
    saha__free(ctx, tmp);
    return order;
}

/* ---- the result ------------------------------------------------------------------ */

void saha_team_result_free(saha_team_result *res)
{
    if (!res)
        return;
    for (size_t r = 0; r < res->nrep && res->slot; r++) {
        saha_plan_free(res->slot[r].plan);
        saha_ctx_free(res->slot[r].ctx);
        saha__free(res->ctx, res->slot[r].only);
    }
    saha__free(res->ctx, res->slot);
    saha__free(res->ctx, res->owner);
    saha__free(res->ctx, res->kind);
    saha__free(res->ctx, res->reason);
    saha__arena_free(&res->arena);
    saha__free(res->ctx, res);
}

size_t saha_team_owner(const saha_team_result *res, size_t a)
{
    return res && a < res->nacc ? res->owner[a] : SIZE_MAX;
}

saha_team_owner_kind saha_team_owner_kind_of(const saha_team_result *res, size_t a)
{
    return res && a < res->nacc ? (saha_team_owner_kind)res->kind[a]
                                : SAHA_TEAM_OWNER_NONE;
}

const char *saha_team_assign_reason(const saha_team_result *res, size_t a)
{
    return res && a < res->nacc && res->reason[a] ? res->reason[a] : "";
}

const saha_plan *saha_team_rep_plan(const saha_team_result *res, size_t i)
{
    return res && i < res->nrep ? res->slot[i].plan : NULL;
}

int saha_team_rep_selected(const saha_team_result *res, size_t i)
{
    return res && i < res->nrep ? res->slot[i].selected : 0;
}

saha_status saha_team_rep_status(const saha_team_result *res, size_t i,
                                 const char **message_out)
{
    if (message_out)
        *message_out = res && i < res->nrep ? res->slot[i].message : "";
    return res && i < res->nrep ? res->slot[i].status : SAHA_EINVAL;
}

size_t saha_team_rep_accounts(const saha_team_result *res, size_t i)
{
    return res && i < res->nrep ? res->slot[i].naccounts : 0;
}

const uint8_t *saha_team_rep_only(const saha_team_result *res, size_t i)
{
    return res && i < res->nrep ? res->slot[i].only : NULL;
}

size_t saha_team_unassigned_count(const saha_team_result *res)
{
    return res ? res->nunassigned : 0;
}

saha_status saha_team_apply(const saha_team_result *res, saha_ctx *ctx,
                            saha_account_set *set)
{
    SAHA__CHECK_ARG(ctx, res != NULL && set != NULL);
    saha__error_clear(ctx);
    if (saha_account_count(set) != res->nacc)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "the account set is not the one the team planned");
    for (size_t a = 0; a < res->nacc; a++) {
        size_t o = res->owner[a];
        saha_status rc = saha_account_update_extra(
            set, a, "assigned_rep", o == SIZE_MAX ? "" : res->team->member[o].id);
        if (rc == SAHA_OK)
            rc = saha_account_update_extra(set, a, "assign_reason",
                                           res->reason[a] ? res->reason[a] : "");
        if (rc < 0)
            return rc;
    }
    return SAHA_OK;
}

/* ---- the worker pool ----------------------------------------------------------------
 */

typedef struct pool {
    saha_team_result *res;
    const saha_team_options *opts;
    const size_t *jobs; /* rep indexes to plan, in id order */
    size_t njobs, next, done;
    uint8_t *const *only;            /* per rep: the flags to plan with */
    saha_plan **plans;               /* per rep: out */
    saha_status *status;             /* per rep: out */
    char (*message)[SAHA_TEAM__MSG]; /* per rep: out */
    saha_ctx **ctxs; /* per rep: out, the context its plan was made in (the plan
                        allocates from it, so it lives as long as the plan) */
    saha_ctx_options co;
    pthread_mutex_t lock;
    int cancel;
} pool;

/* What a pool run gives per rep (arrays of nrep + 1): the plan, its status and error
 * text, and the context the plan was made in (the plan allocates from it). */
typedef struct pool_out {
    saha_plan **plans;
    saha_status *status;
    char (*message)[SAHA_TEAM__MSG];
    saha_ctx **ctxs;
} pool_out;

/* Allocates o's arrays for n reps, zeroed: 1, or 0 when one of them failed (free o
 * with outs_free either way). */
static int outs_alloc(saha_ctx *ctx, size_t n, pool_out *o)
{
    o->plans = saha__calloc(ctx, n + 1, sizeof *o->plans);
    o->status = saha__calloc(ctx, n + 1, sizeof *o->status);
    o->message = saha__calloc(ctx, n + 1, sizeof *o->message);
    o->ctxs = saha__calloc(ctx, n + 1, sizeof *o->ctxs);
    return o->plans && o->status && o->message && o->ctxs;
}

/* Frees the plans of reps 0..n) and their contexts, leaving the slots NULL. */
static void outs_clear(pool_out *o, size_t n)
{
    for (size_t r = 0; r < n; r++) {
        saha_plan_free(o->plans[r]);
        saha_ctx_free(o->ctxs[r]);
        o->plans[r] = NULL;
        o->ctxs[r] = NULL;
    }
}

/* outs_clear of reps 0..n) (0: the plans were handed on), then the arrays. */
static void outs_free(saha_ctx *ctx, pool_out *o, size_t n)
{
    if (o->plans && o->ctxs)
        outs_clear(o, n);
    saha__free(ctx, o->ctxs);
    saha__free(ctx, o->plans);
    saha__free(ctx, o->status);
    saha__free(ctx, o->message);
}

static void error_text(const saha_ctx *ctx, char *dst, size_t cap)
{
    const saha_error *e = saha_ctx_last_error(ctx);
    if (e->source[0] && e->line)
        snprintf(dst, cap, "%s:%zu: %s", e->source, e->line, e->message);
    else if (e->source[0])
        snprintf(dst, cap, "%s: %s", e->source, e->message);
    else
        snprintf(dst, cap, "%s", e->message);
}

static void *worker(void *payload)
{
    pool *p = payload;
    saha_ctx *gctx = NULL;
    saha_geo *geo = NULL;
    int ready = saha_ctx_create(&gctx, &p->co) == SAHA_OK &&
                saha_geo_create(&geo, gctx) == SAHA_OK;
    for (;;) {
        saha_ctx *ctx = NULL;
        size_t k, r;
        saha_plan_options po;
        saha_status st;
        pthread_mutex_lock(&p->lock);
        k = p->cancel ? p->njobs : p->next;
        if (k < p->njobs)
            p->next++;
        pthread_mutex_unlock(&p->lock);
        if (k >= p->njobs)
            break;
        r = p->jobs[k];
        if (ready && saha_ctx_create(&p->ctxs[r], &p->co) == SAHA_OK)
            ctx = p->ctxs[r];
        if (!ctx) {
            p->status[r] = SAHA_ENOMEM;
            snprintf(p->message[r], sizeof p->message[r], "out of memory");
        } else {
            po = p->opts->plan;
            po.threads = 1;
            po.matrix.threads = 1;
            po.progress = NULL;
            po.payload = NULL;
            po.only = p->only[r];
            st = saha_plan_solve(&p->plans[r], ctx, geo, p->res->accounts,
                                 &p->res->team->member[r].rep, &po);
            p->status[r] = st;
            if (st < 0)
                error_text(ctx, p->message[r], sizeof p->message[r]);
        }
        pthread_mutex_lock(&p->lock);
        p->done++;
        if (p->opts->progress &&
            p->opts->progress(p->done, p->njobs, p->opts->payload) != 0)
            p->cancel = 1;
        pthread_mutex_unlock(&p->lock);
    }
    saha_geo_free(geo);
    saha_ctx_free(gctx);
    return NULL;
}

/* Plans jobs[0..njobs) with only[r]; o's slots of those reps filled. */
static saha_status run_pool(saha_team_result *res, const saha_team_options *opts,
                            const size_t *jobs, size_t njobs, uint8_t *const *only,
                            const pool_out *o)
{
    pool p;
    pthread_t tid[TEAM_MAX_JOBS];
    size_t nt = saha__thread_count(opts->jobs, njobs, TEAM_MAX_JOBS), started = 0;

    memset(&p, 0, sizeof p);
    p.res = res;
    p.opts = opts;
    p.jobs = jobs;
    p.njobs = njobs;
    p.only = only;
    p.plans = o->plans;
    p.status = o->status;
    p.message = o->message;
    p.ctxs = o->ctxs;
    (void)saha_ctx_options_init(&p.co, SAHA_CTX_OPTIONS_VERSION);
    p.co.seed = opts->plan.seed;
    p.co.allocator = res->ctx->has_alloc ? &res->ctx->alloc : NULL;
    if (pthread_mutex_init(&p.lock, NULL) != 0)
        return saha__error_set(res->ctx, SAHA_ERR, NULL, 0, 0, "cannot create a mutex");
    for (size_t t = 1; t < nt; t++) {
        if (pthread_create(&tid[started], NULL, worker, &p) != 0)
            break; /* fewer threads: the calling thread works too */
        started++;
    }
    worker(&p);
    for (size_t t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&p.lock);
    if (p.cancel)
        return saha__error_set(res->ctx, SAHA_ECANCEL, NULL, 0, 0, "cancelled");
    /* Out of memory is no rep's fault: the whole call fails. */
    for (size_t k = 0; k < njobs; k++)
        if (o->status[jobs[k]] == SAHA_ENOMEM)
            return saha__error_set(res->ctx, SAHA_ENOMEM, NULL, 0, 0,
                                   "out of memory planning rep '%s'",
                                   res->team->member[jobs[k]].id);
    return SAHA_OK;
}

/* ---- assignment ---------------------------------------------------------------------
 */

/* Where the day is just before its stop i: its start for i = 0, stop i - 1's account,
 * its end for i = nstops + 1 (so the point after stop k is pos_before(day, set, k + 2)).
 */
static saha_latlon pos_before(const saha_plan_day *day, const saha_account_set *set,
                              size_t i)
{
    saha_latlon p;
    const saha_account *a;
    if (i == 0)
        return day->start_pos;
    if (i > day->nstops)
        return day->end_pos;
    a = saha_account_at(set, day->stops[i - 1].account);
    p.lat_deg = a->lat_deg;
    p.lon_deg = a->lon_deg;
    return p;
}

/* Profit rep r's plan makes by visiting account a: the earnings of its stops minus the
 * travel each adds (legs in and out minus the direct leg). -INFINITY when not visited. */
static double visit_profit(const saha_team_member *m, const saha_itinerary *it,
                           const saha_account_set *set, size_t a, size_t *day_out)
{
    double profit = 0;
    int seen = 0;
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        for (size_t s = 0; s < day->nstops; s++) {
            const saha_plan_stop *st = &day->stops[s];
            saha_latlon prev, next;
            double out_m, out_s, dm = 0, ds = 0, add_m, add_s;
            if (st->account != a)
                continue;
            prev = pos_before(day, set, s);
            next = pos_before(day, set, s + 2);
            if (s + 1 < day->nstops) {
                out_m = day->stops[s + 1].leg_m;
                out_s = day->stops[s + 1].leg_s;
            } else {
                out_m = day->return_leg_m;
                out_s = day->return_leg_s;
            }
            saha_travel_model_leg(&m->rep.travel, saha_geo_distance_m(prev, next), &dm,
                                  &ds);
            add_m = st->leg_m + out_m - dm;
            add_s = st->leg_s + out_s - ds;
            profit += st->value - (add_m / 1000.0 * m->rep.cost_per_km +
                                   add_s / 3600.0 * m->rep.cost_per_hour);
            if (!seen && day_out)
                *day_out = d;
            seen = 1;
        }
    }
    return seen ? profit : -INFINITY;
}

static const char *const wd_names[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

/* Candidate reps of account a: the k nearest homes (ties: team order). */
static size_t nearest_reps(const saha_team *team, const saha_account *acc, size_t k,
                           size_t *cand, double *dist)
{
    size_t n = 0;
    saha_latlon pos;
    pos.lat_deg = acc->lat_deg;
    pos.lon_deg = acc->lon_deg;
    for (size_t r = 0; r < team->n; r++) {
        double d = saha_geo_distance_m(pos, team->member[r].rep.home);
        size_t j = n < k ? n++ : k;
        if (j == k) {
            if (!(d < dist[k - 1]))
                continue;
            j = k - 1;
        }
        while (j > 0 && d < dist[j - 1]) {
            cand[j] = cand[j - 1];
            dist[j] = dist[j - 1];
            j--;
        }
        cand[j] = r;
        dist[j] = d;
    }
    return n;
}

/* Profit of inserting account u into rep m's planned week without moving anything
 * else: its earnings minus the travel of the cheapest detour (road model) among the
 * places in its open days where the detour and the visit fit into the day's slack
 * (back home by day_end) and the daily caps. -INFINITY when it fits nowhere (and for
 * appointments, which are never inserted). */
static double insert_profit(const saha_team_member *m, const saha_itinerary *it,
                            const saha_account_set *set, const saha_account *u,
                            double earn, size_t *day_out)
{
    double best = -INFINITY;
    saha_latlon up;
    if (u->has_appointment || !u->has_coords)
        return -INFINITY;
    up.lat_deg = u->lat_deg;
    up.lon_deg = u->lon_deg;
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        double slack_s;
        if (u->has_hours && u->hours->nspans[day->weekday % 7] == 0)
            continue;
        if (m->rep.max_visits > 0 && day->nstops + 1 > (size_t)m->rep.max_visits)
            continue;
        if (day->nstops == 0)
            slack_s =
                (m->rep.day_end_min - m->rep.day_start_min - m->rep.lunch_min) * 60.0;
        else
            slack_s = m->rep.day_end_min * 60.0 - day->return_s;
        for (size_t i = 0; i <= day->nstops; i++) {
            saha_latlon prev, next;
            double d1, t1, d2, t2, d0 = 0, t0 = 0, add_m, add_s, p;
            prev = pos_before(day, set, i);
            next = pos_before(day, set, i + 1);
            saha_travel_model_leg(&m->rep.travel, saha_geo_distance_m(prev, up), &d1,
                                  &t1);
            saha_travel_model_leg(&m->rep.travel, saha_geo_distance_m(up, next), &d2,
                                  &t2);
            if (day->nstops > 0)
                saha_travel_model_leg(&m->rep.travel, saha_geo_distance_m(prev, next),
                                      &d0, &t0);
            add_m = d1 + d2 - d0;
            add_s = t1 + t2 - t0;
            if (add_s + u->visit_min * 60.0 > slack_s)
                continue;
            if (m->rep.max_drive_min > 0 &&
                day->drive_s + add_s > m->rep.max_drive_min * 60.0)
                continue;
            if (m->rep.max_km > 0 && day->drive_m + add_m > m->rep.max_km * 1000.0)
                continue;
            p = earn - (add_m / 1000.0 * m->rep.cost_per_km +
                        add_s / 3600.0 * m->rep.cost_per_hour);
            if (p > best) {
                best = p;
                if (day_out)
                    *day_out = d;
            }
        }
    }
    return best;
}

/* The own visits a rep gives up for unassigned ones are charged to them, in proportion
 * to their profit: share[r] = 1 - displaced / (their total profit), displaced = what
 * the rep's own accounts earn when planned alone (won0) minus what they earn in plans. */
static void compute_shares(const saha_team_result *res, saha_plan *const *plans,
                           const double *won0, double *share)
{
    const saha_team *team = res->team;
    for (size_t r = 0; r < team->n; r++) {
        const saha_itinerary *it = plans[r] ? saha_plan_itinerary(plans[r]) : NULL;
        double v1 = 0, own = 0, displaced;
        share[r] = 1;
        if (!it)
            continue;
        for (size_t d = 0; d < it->ndays; d++)
            for (size_t s = 0; s < it->days[d].nstops; s++) {
                size_t a = it->days[d].stops[s].account;
                double vp;
                if (res->owner[a] == r) {
                    own += it->days[d].stops[s].value;
                    continue;
                }
                if (res->owner[a] != SIZE_MAX)
                    continue;
                vp = visit_profit(&team->member[r], it, res->accounts, a, NULL);
                /* each account once, at its first stop */
                for (size_t d2 = 0; d2 <= d; d2++)
                    for (size_t s2 = 0; s2 < it->days[d2].nstops; s2++)
                        if ((d2 < d || s2 < s) && it->days[d2].stops[s2].account == a)
                            vp = 0;
                v1 += vp > 0 ? vp : 0;
            }
        displaced = won0[r] - own;
        if (v1 > 0 && displaced > 0)
            share[r] = displaced >= v1 ? 0 : 1 - displaced / v1;
    }
}

/* A planning round of assign_unassigned: every rep planned with only[r], then the
 * shares of those plans (compute_shares against the own-only profits p0). */
static saha_status plan_round(saha_team_result *res, const saha_team_options *opts,
                              const size_t *order, uint8_t *const *only,
                              const pool_out *outs, const double *p0, double *share)
{
    saha_status rc = run_pool(res, opts, order, res->team->n, only, outs);
    if (rc < 0)
        return rc;
    compute_shares(res, outs->plans, p0, share);
    return rc;
}

/* What rep r's plan makes from visiting account a, its profit scaled by the rep's
 * share: how round 1 picks an account's winner and round 2 weighs the winner against
 * inserting the account into another rep's week, so both rank the reps alike. */
static double shared_profit(const saha_team_result *res, saha_plan *const *plans,
                            const double *share, size_t r, size_t a, size_t *day_out)
{
    double p = visit_profit(&res->team->member[r], saha_plan_itinerary(plans[r]),
                            res->accounts, a, day_out);
    if (isfinite(p) && p > 0)
        p *= share[r];
    return p;
}

static saha_status assign_unassigned(saha_team_result *res, const saha_team_options *opts)
{
    saha_ctx *ctx = res->ctx;
    const saha_team *team = res->team;
    size_t k = opts->near_reps ? opts->near_reps : 3, *cand = NULL, *ncand = NULL;
    size_t *order = NULL, *all = NULL;
    double dist[64];
    uint8_t **only1 = NULL;
    pool_out outs = {0};
    saha_plan **plans;
    saha_status rc = SAHA_OK;
    double *p0 = NULL, *share = NULL;
    size_t *win = NULL;

    if (k > 64)
        k = 64;
    if (k > team->n)
        k = team->n;
    cand = saha__alloc_array(ctx, res->nacc + 1, k * sizeof *cand);
    ncand = saha__calloc(ctx, res->nacc + 1, sizeof *ncand);
    only1 = saha__calloc(ctx, team->n + 1, sizeof *only1);
    (void)outs_alloc(ctx, team->n, &outs);
    plans = outs.plans;
    p0 = saha__calloc(ctx, team->n + 1, sizeof *p0);
    share = saha__calloc(ctx, team->n + 1, sizeof *share);
    win = saha__alloc_array(ctx, res->nacc + 1, sizeof *win);
    order = saha_team__id_order(ctx, team);
    if (!cand || !ncand || !only1 || !outs.plans || !outs.status || !outs.message ||
        !order || !outs.ctxs || !p0 || !share || !win) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t a = 0; a < res->nacc; a++)
        win[a] = SIZE_MAX;
    for (size_t r = 0; r < team->n; r++) {
        only1[r] = saha__alloc_array(ctx, res->nacc + 1, 1);
        if (!only1[r]) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        memcpy(only1[r], res->slot[r].only, res->nacc);
    }
    for (size_t a = 0; a < res->nacc; a++) {
        const saha_account *acc = saha_account_at(res->accounts, a);
        if (res->owner[a] != SIZE_MAX || !acc->has_coords)
            continue;
        ncand[a] = nearest_reps(team, acc, k, cand + a * k, dist);
        for (size_t j = 0; j < ncand[a]; j++)
            only1[cand[a * k + j]][a] = 1;
    }
    /* phase 0: own accounts only, what each rep makes without the unassigned ones */
    {
        uint8_t **own = saha__calloc(ctx, team->n + 1, sizeof *own);
        if (!own) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        for (size_t r = 0; r < team->n; r++)
            own[r] = res->slot[r].only;
        rc = run_pool(res, opts, order, team->n, own, &outs);
        saha__free(ctx, own);
        if (rc < 0)
            goto done;
        for (size_t r = 0; r < team->n; r++) {
            const saha_itinerary *it = plans[r] ? saha_plan_itinerary(plans[r]) : NULL;
            p0[r] = it ? it->value_won : 0;
        }
        outs_clear(&outs, team->n);
    }
    /* Round 1: own accounts plus the unassigned accounts each rep is near, planned
     * together; an account's winner is the rep whose plan makes most from it (its
     * earnings minus the detour, net of the own visits the rep gave up). Round 2: each
     * rep plans its own accounts plus those it won; the winner keeps an account unless
     * inserting it into another near rep's round-2 week (the cheapest detour that fits
     * a day's slack and caps) makes more. */
    rc = plan_round(res, opts, order, only1, &outs, p0, share);
    if (rc < 0)
        goto done;
    for (size_t a = 0; a < res->nacc; a++) {
        const saha_account *acc = saha_account_at(res->accounts, a);
        double best_p = -INFINITY;
        if (res->owner[a] != SIZE_MAX || !acc->has_coords)
            continue;
        for (size_t j = 0; j < ncand[a]; j++) {
            size_t r = cand[a * k + j];
            double p;
            if (!plans[r])
                continue;
            p = shared_profit(res, plans, share, r, a, NULL);
            if (p > best_p && p > 0) {
                best_p = p;
                win[a] = r;
            }
        }
    }
    outs_clear(&outs, team->n);
    for (size_t r = 0; r < team->n; r++)
        memcpy(only1[r], res->slot[r].only, res->nacc);
    for (size_t a = 0; a < res->nacc; a++)
        if (res->owner[a] == SIZE_MAX && win[a] != SIZE_MAX)
            only1[win[a]][a] = 1;
    rc = plan_round(res, opts, order, only1, &outs, p0, share);
    if (rc < 0)
        goto done;
    for (size_t a = 0; a < res->nacc; a++) {
        const saha_account *acc = saha_account_at(res->accounts, a);
        size_t best = SIZE_MAX, second = SIZE_MAX, best_day = 0;
        double best_p = -INFINITY, second_p = -INFINITY;
        double earn =
            acc->value * acc->probability * saha_plan_urgency(acc, opts->plan.start);
        int inserted = 0;
        char text[SAHA_TEAM__MSG];
        if (res->owner[a] != SIZE_MAX)
            continue;
        if (!acc->has_coords) {
            res->reason[a] = "not assigned: no coordinates (geocode it first)";
            continue;
        }
        for (size_t j = 0; j < ncand[a]; j++) {
            size_t r = cand[a * k + j], day = 0;
            double p;
            int ins = r != win[a];
            if (!plans[r])
                continue;
            if (!ins) {
                p = shared_profit(res, plans, share, r, a, &day);
            } else {
                p = insert_profit(&team->member[r], saha_plan_itinerary(plans[r]),
                                  res->accounts, acc, earn, &day);
            }
            if (p > best_p) {
                second_p = best_p;
                second = best;
                best_p = p;
                best = r;
                best_day = day;
                inserted = ins;
            } else if (p > second_p) {
                second_p = p;
                second = r;
            }
        }
        if (best != SIZE_MAX && isfinite(best_p) && best_p > 0) {
            const saha_itinerary *it = saha_plan_itinerary(plans[best]);
            const saha_plan_day *d = &it->days[best_day];
            char next[96] = "";
            if (second != SIZE_MAX && isfinite(second_p))
                snprintf(next, sizeof next, "next best %s: %.2f", team->member[second].id,
                         second_p);
            else
                snprintf(next, sizeof next, "no other of the %zu nearest reps fits it in",
                         ncand[a]);
            snprintf(text, sizeof text,
                     "%s %s on %s %04d-%02d-%02d at a profit of %.2f %s (%s)",
                     team->member[best].id, inserted ? "has room for it" : "visits it",
                     wd_names[d->weekday % 7], d->date.year, d->date.month, d->date.day,
                     best_p, it->currency, next);
        } else {
            best = ncand[a] ? cand[a * k] : SIZE_MAX;
            if (best == SIZE_MAX)
                continue;
            snprintf(text, sizeof text,
                     "no near rep visits it at a profit this week: nearest home (%s)",
                     team->member[best].id);
        }
        res->reason[a] = saha__arena_strdup(&res->arena, text);
        if (!res->reason[a]) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        res->owner[a] = best;
        res->kind[a] = SAHA_TEAM_OWNER_ASSIGNED;
        res->slot[best].only[a] = 1;
        res->slot[best].naccounts++;
        res->nunassigned--;
    }
done:
    for (size_t r = 0; r < team->n && only1; r++)
        saha__free(ctx, only1[r]);
    outs_free(ctx, &outs, team->n);
    saha__free(ctx, p0);
    saha__free(ctx, share);
    saha__free(ctx, win);
    saha__free(ctx, only1);
    saha__free(ctx, order);
    saha__free(ctx, cand);
    saha__free(ctx, ncand);
    saha__free(ctx, all);
    return rc;
}

/* ---- the team --------------------------------------------------------------------- */

static saha_status find_owners(saha_team_result *res)
{
    for (size_t a = 0; a < res->nacc; a++) {
        const char *texts[3];
        int named = 0;
        texts[0] = saha_account_get_column(res->accounts, a, "assigned_rep");
        texts[1] = saha_account_get_column(res->accounts, a, "territory");
        texts[2] = saha_account_at(res->accounts, a)->rep;
        res->owner[a] = SIZE_MAX;
        res->kind[a] = SAHA_TEAM_OWNER_NONE;
        for (int t = 0; t < 3; t++) {
            const char *s = texts[t];
            if (!s)
                continue;
            while (*s == ' ')
                s++;
            if (!*s)
                continue;
            named = 1;
            res->owner[a] = saha_team_find(res->team, s);
            break; /* the first non-empty column decides */
        }
        if (res->owner[a] != SIZE_MAX) {
            res->kind[a] = SAHA_TEAM_OWNER_OWN;
            res->slot[res->owner[a]].only[a] = 1;
            res->slot[res->owner[a]].naccounts++;
        } else {
            res->kind[a] = named ? SAHA_TEAM_OWNER_UNKNOWN : SAHA_TEAM_OWNER_NONE;
            res->reason[a] = named ? "not assigned: its rep is not in the reps file"
                                   : "not assigned: no rep given";
            res->nunassigned++;
        }
    }
    return SAHA_OK;
}

saha_status saha_team_plan(saha_team_result **out, saha_ctx *ctx,
                           const saha_account_set *accounts, const saha_team *team,
                           const saha_team_options *opts)
{
    saha_team_result *res = NULL;
    size_t *order = NULL, *jobs = NULL, njobs = 0, nshards;
    uint8_t **only = NULL;
    pool_out outs = {0};
    saha_status rc;

    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, accounts && team && opts);
    saha__error_clear(ctx);
    nshards = opts->nshards ? opts->nshards : 1;
    if (opts->shard >= nshards)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "shard %zu of %zu: want 0 <= K < N", opts->shard, nshards);
    if (nshards > 1 && opts->unassigned == SAHA_TEAM_UNASSIGNED_ASSIGN)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "assigning unassigned accounts needs every rep: run it "
                               "once without shards, then shard its assignment.csv");
    if (opts->plan.only)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "team plan options: only must be NULL");
    res = saha__calloc(ctx, 1, sizeof *res);
    if (!res)
        return SAHA_ENOMEM;
    res->ctx = ctx;
    res->team = team;
    res->accounts = accounts;
    res->nacc = saha_account_count(accounts);
    res->nrep = team->n;
    saha__arena_init(&res->arena, ctx);
    res->owner = saha__alloc_array(ctx, res->nacc + 1, sizeof *res->owner);
    res->kind = saha__calloc(ctx, res->nacc + 1, 1);
    res->reason = saha__calloc(ctx, res->nacc + 1, sizeof *res->reason);
    res->slot = saha__calloc(ctx, res->nrep + 1, sizeof *res->slot);
    order = saha_team__id_order(ctx, team);
    jobs = saha__alloc_array(ctx, res->nrep + 1, sizeof *jobs);
    only = saha__calloc(ctx, res->nrep + 1, sizeof *only);
    if (!outs_alloc(ctx, res->nrep, &outs) || !res->owner || !res->kind || !res->reason ||
        !res->slot || !order || !jobs || !only) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t r = 0; r < res->nrep; r++) {
        res->slot[r].only = saha__calloc(ctx, res->nacc + 1, 1);
        if (!res->slot[r].only) {
            rc = SAHA_ENOMEM;
            goto done;
        }
    }
    rc = find_owners(res);
    if (rc < 0)
        goto done;
    if (opts->unassigned == SAHA_TEAM_UNASSIGNED_ASSIGN) {
        rc = assign_unassigned(res, opts);
        if (rc < 0)
            goto done;
    }
    for (size_t p = 0; p < res->nrep; p++) {
        size_t r = order[p];
        only[r] = res->slot[r].only;
        if (p % nshards == opts->shard) {
            res->slot[r].selected = 1;
            jobs[njobs++] = r;
        }
    }
    rc = run_pool(res, opts, jobs, njobs, only, &outs);
    for (size_t r = 0; r < res->nrep; r++) {
        res->slot[r].ctx = outs.ctxs[r];
        res->slot[r].plan = outs.plans[r];
        res->slot[r].status = outs.status[r];
        memcpy(res->slot[r].message, outs.message[r], sizeof res->slot[r].message);
    }
    if (rc < 0)
        goto done;
    *out = res;
    res = NULL;
done:
    saha_team_result_free(res);
    saha__free(ctx, order);
    saha__free(ctx, jobs);
    saha__free(ctx, only);
    outs_free(ctx, &outs, 0); /* the plans and contexts went to res->slot */
    return rc;
}
