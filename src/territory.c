/* territory.c: the public territory API. Turns accounts and reps into the point problem
 * of territory_solve.c (local projection from module geo, workload estimate, locked and
 * previous territories), then builds the result: per-territory figures, moves against
 * the previous assignment, the territory areas (territory_area.c).
 *
 * Workload of an account, hours per period (default 28 days):
 *   visits = period_days / frequency_days   (default frequency 28 days: one visit)
 *   travel = the marginal tour length of one visit (territory_workload.c, from the
 *            Beardwood-Halton-Hammersley tour length and the kn-nearest-neighbour
 *            density), driven at the travel model's speed for a leg that long
 *   workload = visits x (visit_min + travel_min) / 60
 * The travel weight of an account (its cost per metre from the centre) is its visits.
 * Caller: the CLI (cmd_territory.c), tests, the demo. */
#include <math.h>
#include <string.h>

#include "internal/territory.h"
#include "saha/matrix.h"
#include "saha/territory.h"

/* Drive time (s) of a straight-line length geo_m with the travel model (matrix.h). */
static double leg_time_s(const saha_travel_model *tm, double geo_m)
{
    double t_s = 0;
    saha_travel_model_leg(tm, geo_m, NULL, &t_s);
    return t_s;
}

static int same_key(const char *a, const char *b)
{
    char fa[128], fb[128];
    if (!a[0] || !b[0])
        return 0;
    if (!strcmp(a, b))
        return 1;
    saha__fold_key(a, strlen(a), fa, sizeof fa);
    saha__fold_key(b, strlen(b), fb, sizeof fb);
    return fa[0] && !strcmp(fa, fb);
}

/* Territory index named by text (id first, then rep name), or NONE. */
static uint32_t find_territory(const saha_territory_result *res, const char *text)
{
    for (size_t t = 0; t < res->k; t++)
        if (same_key(res->info[t].id, text))
            return (uint32_t)t;
    for (size_t t = 0; t < res->k; t++)
        if (same_key(res->info[t].rep_name, text))
            return (uint32_t)t;
    return SAHA_TERRITORY__NONE;
}

void saha_territory_result_free(saha_territory_result *res)
{
    saha_ctx *ctx;
    if (!res)
        return;
    ctx = res->ctx;
    saha__free(ctx, res->info);
    saha__free(ctx, res->terr);
    saha__free(ctx, res->workload_h);
    saha__free(ctx, res->moves);
    saha_territory__area_free(ctx, &res->area);
    saha__arena_free(&res->arena);
    saha__free(ctx, res);
}

/* Working arrays of one solve, released together. */
typedef struct work {
    size_t *idx; /* point -> valid account index */
    saha_latlon *ll;
    saha_xy *xy, *centre;
    double *w, *capacity, *travel_m;
    int64_t *b;
    uint32_t *locked, *prev;
    int *anchored;
    size_t *max_count;
    int64_t *load_before;
} work;

static void work_free(saha_ctx *ctx, work *wk)
{
    saha__free(ctx, wk->idx);
    saha__free(ctx, wk->ll);
    saha__free(ctx, wk->xy);
    saha__free(ctx, wk->centre);
    saha__free(ctx, wk->w);
    saha__free(ctx, wk->capacity);
    saha__free(ctx, wk->travel_m);
    saha__free(ctx, wk->b);
    saha__free(ctx, wk->locked);
    saha__free(ctx, wk->prev);
    saha__free(ctx, wk->anchored);
    saha__free(ctx, wk->max_count);
    saha__free(ctx, wk->load_before);
}

static saha_status setup_territories(saha_territory_result *res, saha_ctx *ctx,
                                     const saha_territory_reps *reps, size_t k)
{
    res->info = saha__calloc(ctx, k, sizeof *res->info);
    if (!res->info)
        return SAHA_ENOMEM;
    for (size_t t = 0; t < k; t++) {
        saha_territory_info *ti = &res->info[t];
        if (reps) {
            const saha_territory_rep *r = saha_territory_reps_at(reps, t);
            ti->id = saha__arena_strdup(&res->arena, r->id);
            ti->rep_name = saha__arena_strdup(&res->arena, r->name[0] ? r->name : r->id);
            ti->capacity = r->capacity;
            ti->anchored = r->has_home;
        } else {
            char buf[32];
            snprintf(buf, sizeof buf, "T%zu", t + 1);
            ti->id = saha__arena_strdup(&res->arena, buf);
            ti->rep_name = "";
            ti->capacity = 1.0;
        }
        if (!ti->id || !ti->rep_name)
            return SAHA_ENOMEM;
    }
    return SAHA_OK;
}

static int is_none(uint32_t v)
{
    return v == SAHA_TERRITORY__NONE;
}

saha_status saha_territory_options_init(saha_territory_options *opts, unsigned version)
{
    const saha_travel_model tm = SAHA_TRAVEL_MODEL_INIT;
    if (!opts || version != SAHA_TERRITORY_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    opts->balance = SAHA_TERRITORY_BALANCE_WORKLOAD;
    opts->tolerance = 0.03;
    opts->seed = 1u;
    opts->period_days = 28.0;
    opts->default_frequency_days = 28.0;
    opts->neighbours = 5;
    opts->travel = tm;
    opts->max_rounds = 8;
    return SAHA_OK;
}

saha_status saha_territory_solve(saha_territory_result **out, saha_ctx *ctx,
                                 saha_geo *geo, const saha_account_set *accounts,
                                 const saha_territory_reps *reps,
                                 const saha_territory_options *opts)
{
    saha_territory_options o;
    saha_territory_result *res = NULL;
    saha_geo_local *loc = NULL;
    saha_territory__problem p;
    work wk;
    size_t nacc, n = 0, k, nmoves = 0;
    const char *example_rep = NULL;
    saha_status rc;

    memset(&wk, 0, sizeof wk);
    memset(&p, 0, sizeof p);
    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, geo != NULL && accounts != NULL);
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, !opts || opts->version == SAHA_TERRITORY_OPTIONS_VERSION);
    (void)saha_territory_options_init(&o, SAHA_TERRITORY_OPTIONS_VERSION);
    if (opts)
        o = *opts;
    if (!(o.tolerance >= 0.0 && o.tolerance < 1.0))
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "tolerance must be in [0, 100) %%");
    if (!(o.period_days > 0))
        o.period_days = 28.0;
    if (!(o.default_frequency_days > 0))
        o.default_frequency_days = 28.0;
    k = reps ? saha_territory_reps_count(reps) : o.k;
    if (k == 0)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "need at least one territory (reps or k)");
    nacc = saha_account_count(accounts);

    res = saha__calloc(ctx, 1, sizeof *res);
    if (!res)
        return SAHA_ENOMEM;
    res->ctx = ctx;
    res->set = accounts;
    res->nacc = nacc;
    res->k = k;
    saha__arena_init(&res->arena, ctx);
    rc = setup_territories(res, ctx, reps, k);
    if (rc < 0)
        goto done;
    res->terr = saha__alloc_array(ctx, nacc ? nacc : 1, sizeof *res->terr);
    res->workload_h = saha__calloc(ctx, nacc ? nacc : 1, sizeof *res->workload_h);
    wk.idx = saha__alloc_array(ctx, nacc ? nacc : 1, sizeof *wk.idx);
    if (!res->terr || !res->workload_h || !wk.idx) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < nacc; i++) {
        res->terr[i] = SAHA_TERRITORY__NONE;
        if (saha_account_at(accounts, i)->has_coords)
            wk.idx[n++] = i;
        else
            res->missing++;
    }
    if (n == 0) {
        rc = saha__error_set(ctx, SAHA_EINVAL, saha_account_source(accounts), 0, 0,
                             "no account has coordinates (geocode them first)");
        goto done;
    }
    if (k > n) {
        rc = saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                             "%zu territories but only %zu accounts with coordinates", k,
                             n);
        goto done;
    }
    wk.ll = saha__alloc_array(ctx, n + k, sizeof *wk.ll);
    wk.xy = saha__alloc_array(ctx, n + k, sizeof *wk.xy);
    wk.centre = saha__calloc(ctx, k, sizeof *wk.centre);
    wk.w = saha__alloc_array(ctx, n, sizeof *wk.w);
    wk.travel_m = saha__alloc_array(ctx, n, sizeof *wk.travel_m);
    wk.b = saha__alloc_array(ctx, n, sizeof *wk.b);
    wk.capacity = saha__alloc_array(ctx, k, sizeof *wk.capacity);
    wk.anchored = saha__calloc(ctx, k, sizeof *wk.anchored);
    wk.max_count = saha__calloc(ctx, k, sizeof *wk.max_count);
    if (!wk.ll || !wk.xy || !wk.centre || !wk.w || !wk.travel_m || !wk.b ||
        !wk.capacity || !wk.anchored || !wk.max_count) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t j = 0; j < n; j++) {
        const saha_account *a = saha_account_at(accounts, wk.idx[j]);
        wk.ll[j].lat_deg = a->lat_deg;
        wk.ll[j].lon_deg = a->lon_deg;
    }
    rc = saha_geo_local_create(&loc, geo, wk.ll, n);
    if (rc < 0)
        goto done;
    /* Homes are projected with the accounts (after them in the arrays). */
    for (size_t t = 0; t < k; t++) {
        const saha_territory_rep *r = reps ? saha_territory_reps_at(reps, t) : NULL;
        wk.capacity[t] = res->info[t].capacity;
        if (r) {
            wk.max_count[t] = r->max_accounts;
            wk.anchored[t] = r->has_home;
        }
        wk.ll[n + t] = r && r->has_home ? r->home : wk.ll[0];
    }
    rc = saha_geo_local_forward(loc, wk.ll, wk.xy, n + k);
    if (rc < 0)
        goto done;
    for (size_t t = 0; t < k; t++)
        wk.centre[t] = wk.xy[n + t];

    /* Workload and balance quantities. */
    rc = saha_territory__marginal_tour_m(ctx, wk.xy, n, o.neighbours, wk.travel_m);
    if (rc < 0)
        goto done;
    for (size_t j = 0; j < n; j++) {
        const saha_account *a = saha_account_at(accounts, wk.idx[j]);
        double freq =
            a->frequency_days > 0 ? (double)a->frequency_days : o.default_frequency_days;
        double visits = o.period_days / freq;
        double work_s =
            visits * (a->visit_min * 60.0 + leg_time_s(&o.travel, wk.travel_m[j]));
        wk.w[j] = visits;
        res->workload_h[wk.idx[j]] = work_s / 3600.0;
        switch (o.balance) {
        case SAHA_TERRITORY_BALANCE_VALUE:
            wk.b[j] = (int64_t)llround(a->value * a->probability * 100.0);
            break;
        case SAHA_TERRITORY_BALANCE_COUNT:
            wk.b[j] = 1;
            break;
        default:
            wk.b[j] = (int64_t)llround(work_s);
            break;
        }
    }

    /* Locked accounts. */
    if (o.keep_assigned) {
        wk.locked = saha__alloc_array(ctx, n, sizeof *wk.locked);
        if (!wk.locked) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        for (size_t j = 0; j < n; j++) {
            const saha_account *a = saha_account_at(accounts, wk.idx[j]);
            wk.locked[j] = SAHA_TERRITORY__NONE;
            if (!a->rep[0])
                continue;
            wk.locked[j] = find_territory(res, a->rep);
            if (is_none(wk.locked[j])) {
                res->unknown_rep++;
                if (!example_rep)
                    example_rep = a->rep;
            }
        }
        if (res->unknown_rep)
            saha__log(ctx, SAHA_LOG_WARN,
                      "%zu accounts name a rep that is not a territory (e.g. '%s'); they "
                      "were assigned freely",
                      res->unknown_rep, example_rep);
    }
    /* Previous assignment. */
    if (o.previous) {
        wk.prev = saha__alloc_array(ctx, n, sizeof *wk.prev);
        res->moves = saha__alloc_array(ctx, n, sizeof *res->moves);
        wk.load_before = saha__calloc(ctx, k, sizeof *wk.load_before);
        if (!wk.prev || !res->moves || !wk.load_before) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        for (size_t j = 0; j < n; j++) {
            const saha_account *a = saha_account_at(accounts, wk.idx[j]);
            const char *pt = saha_territory_previous_lookup(o.previous, a->id);
            wk.prev[j] = pt ? find_territory(res, pt) : SAHA_TERRITORY__NONE;
            if (pt && is_none(wk.prev[j])) {
                saha_territory_move *mv = &res->moves[nmoves++];
                mv->account = wk.idx[j];
                mv->from = SIZE_MAX;
                mv->reason = SAHA_TERRITORY_MOVE_GONE;
            }
        }
    }

    p.ctx = ctx;
    p.n = n;
    p.k = k;
    p.xy = wk.xy;
    p.w = wk.w;
    p.b = wk.b;
    p.locked = wk.locked;
    p.prev = wk.prev;
    p.centre = wk.centre;
    p.anchored = wk.anchored;
    p.capacity = wk.capacity;
    p.max_count = wk.max_count;
    p.tolerance = o.tolerance;
    p.max_rounds = o.max_rounds;
    p.seed = o.seed;
    p.progress = o.progress;
    p.payload = o.payload;
    p.load_before = wk.load_before;
    rc = saha_territory__solve_points(&p);
    if (rc < 0)
        goto done;

    /* Figures per territory. */
    {
        double tw = 0, twd = 0;
        double *sw = saha__calloc(ctx, k, sizeof *sw),
               *swd = saha__calloc(ctx, k, sizeof *swd);
        if (!sw || !swd) {
            saha__free(ctx, sw);
            saha__free(ctx, swd);
            rc = SAHA_ENOMEM;
            goto done;
        }
        for (size_t j = 0; j < n; j++) {
            const saha_account *a = saha_account_at(accounts, wk.idx[j]);
            size_t t = p.assign[j];
            double d = saha_territory__dist(wk.xy[j], wk.centre[t]);
            saha_territory_info *ti = &res->info[t];
            res->terr[wk.idx[j]] = (uint32_t)t;
            ti->accounts++;
            if (wk.locked && !is_none(wk.locked[j]))
                ti->locked++;
            ti->workload_h += res->workload_h[wk.idx[j]];
            ti->value += a->value * a->probability;
            sw[t] += wk.w[j];
            swd[t] += wk.w[j] * d;
            tw += wk.w[j];
            twd += wk.w[j] * d;
        }
        res->spread_km = tw > 0 ? twd / tw / 1000.0 : 0;
        res->balanced = saha_territory__feasible(&p);
        /* Candidates of the final centres, for what the limits say about borders. */
        rc = res->balanced ? SAHA_OK : saha_territory__candidates(&p);
        if (rc == SAHA_OK)
            rc = saha_territory__limits(&p, res->info);
        if (rc < 0) {
            saha__free(ctx, sw);
            saha__free(ctx, swd);
            goto done;
        }
        for (size_t t = 0; t < k; t++) {
            saha_territory_info *ti = &res->info[t];
            double unit = o.balance == SAHA_TERRITORY_BALANCE_WORKLOAD ? 3600.0
                          : o.balance == SAHA_TERRITORY_BALANCE_VALUE  ? 100.0
                                                                       : 1.0;
            ti->spread_km = sw[t] > 0 ? swd[t] / sw[t] / 1000.0 : 0;
            ti->load = (double)p.load[t] / unit;
            ti->target = p.target[t] / unit;
            ti->deviation_pct = 100.0 * ((double)p.load[t] - p.target[t]) / p.target[t];
            ti->deviation_before_pct =
                o.previous
                    ? 100.0 * ((double)wk.load_before[t] - p.target[t]) / p.target[t]
                    : ti->deviation_pct;
            if (fabs(ti->deviation_pct) > res->max_dev)
                res->max_dev = fabs(ti->deviation_pct);
        }
        saha__free(ctx, sw);
        saha__free(ctx, swd);
        rc = saha_geo_local_inverse(loc, wk.centre, wk.ll, k);
        if (rc < 0)
            goto done;
        for (size_t t = 0; t < k; t++) {
            const saha_territory_rep *r = reps ? saha_territory_reps_at(reps, t) : NULL;
            res->info[t].centre = r && r->has_home ? r->home : wk.ll[t];
        }
    }
    /* Moves against the previous assignment, in account order. */
    if (o.previous) {
        for (size_t j = 0; j < n; j++) {
            size_t from = wk.prev[j], to = p.assign[j];
            saha_territory_move *mv;
            if (is_none(wk.prev[j]) || from == to)
                continue;
            mv = &res->moves[nmoves++];
            mv->account = wk.idx[j];
            mv->from = from;
            mv->to = to;
            if (wk.locked && !is_none(wk.locked[j]))
                mv->reason = SAHA_TERRITORY_MOVE_LOCKED;
            else if (res->info[from].deviation_before_pct > 100.0 * o.tolerance)
                mv->reason = SAHA_TERRITORY_MOVE_FROM_OVER;
            else if (res->info[to].deviation_before_pct < -100.0 * o.tolerance)
                mv->reason = SAHA_TERRITORY_MOVE_TO_UNDER;
            else /* a link of a chain: name the side that was further off */
                mv->reason = res->info[from].deviation_before_pct >=
                                     -res->info[to].deviation_before_pct
                                 ? SAHA_TERRITORY_MOVE_FROM_OVER
                                 : SAHA_TERRITORY_MOVE_TO_UNDER;
        }
        /* GONE moves were recorded first; fill their destination. */
        for (size_t m = 0; m < nmoves; m++) {
            if (res->moves[m].reason != SAHA_TERRITORY_MOVE_GONE)
                continue;
            res->moves[m].to = res->terr[res->moves[m].account];
        }
        res->nmoves = nmoves;
        /* Account order. */
        for (size_t m = 1; m < nmoves; m++) {
            saha_territory_move v = res->moves[m];
            size_t q = m;
            while (q > 0 && res->moves[q - 1].account > v.account) {
                res->moves[q] = res->moves[q - 1];
                q--;
            }
            res->moves[q] = v;
        }
    }
    rc = saha_territory__areas(ctx, loc, wk.xy, p.assign, n, k, &res->area);
    if (rc < 0)
        goto done;
    *out = res;
    res = NULL;
done:
    saha_territory__problem_release(&p);
    work_free(ctx, &wk);
    saha_geo_local_free(loc);
    saha_territory_result_free(res);
    return rc;
}

size_t saha_territory_count(const saha_territory_result *res)
{
    return res ? res->k : 0;
}

const saha_territory_info *saha_territory_at(const saha_territory_result *res, size_t t)
{
    return res && t < res->k ? &res->info[t] : NULL;
}

size_t saha_territory_of(const saha_territory_result *res, size_t i)
{
    if (!res || i >= res->nacc || is_none(res->terr[i]))
        return SIZE_MAX;
    return res->terr[i];
}

double saha_territory_account_workload_h(const saha_territory_result *res, size_t i)
{
    return res && i < res->nacc ? res->workload_h[i] : 0.0;
}

int saha_territory_balanced(const saha_territory_result *res)
{
    return res ? res->balanced : 0;
}

double saha_territory_max_deviation_pct(const saha_territory_result *res)
{
    return res ? res->max_dev : 0.0;
}

double saha_territory_spread_km(const saha_territory_result *res)
{
    return res ? res->spread_km : 0.0;
}

size_t saha_territory_unknown_rep_count(const saha_territory_result *res)
{
    return res ? res->unknown_rep : 0;
}

size_t saha_territory_missing_coords_count(const saha_territory_result *res)
{
    return res ? res->missing : 0;
}

size_t saha_territory_move_count(const saha_territory_result *res)
{
    return res ? res->nmoves : 0;
}

const saha_territory_move *saha_territory_move_at(const saha_territory_result *res,
                                                  size_t i)
{
    return res && i < res->nmoves ? &res->moves[i] : NULL;
}

saha_status saha_territory_apply(const saha_territory_result *res, saha_ctx *ctx,
                                 saha_account_set *set)
{
    SAHA__CHECK_ARG(ctx, res != NULL && set != NULL);
    saha__error_clear(ctx);
    if (set != res->set || saha_account_count(set) != res->nacc)
        return saha__error_set(
            ctx, SAHA_EINVAL, NULL, 0, 0,
            "the account set is not the one the territories were made from");
    for (size_t i = 0; i < res->nacc; i++) {
        size_t t = saha_territory_of(res, i);
        saha_status rc = saha_account_update_extra(set, i, "territory",
                                                   t == SIZE_MAX ? "" : res->info[t].id);
        if (rc == SAHA_OK)
            rc = saha_account_update_extra(set, i, "rep",
                                           t == SIZE_MAX ? "" : res->info[t].rep_name);
        if (rc < 0)
            return rc;
    }
    return SAHA_OK;
}
