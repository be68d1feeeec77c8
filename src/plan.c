/* plan: saha_plan_solve orchestrates the weekly plan.
 *
 * Steps: travel matrix over home + accounts with coordinates (matrix.c, with the rep's
 * travel model) -> model (plan_model.c) -> optimiser (saha__vrp_solve, src/vrp/) ->
 * greedy repair and reasons (plan_reasons.c) -> itinerary (plan_itinerary.c).
 * This file only orchestrates; see each step's file for its method. */
#include <math.h>
#include <string.h>

#include "internal/matrix_parse.h"
#include "internal/plan_cadence.h"
#include "internal/plan_model.h"
#include "saha/matrix.h"

struct saha_plan {
    saha_ctx *ctx;
    size_t nmat;
    double *dur_s, *dist_m;
    double *off_road_m; /* per matrix point: NaN, or metres moved when over snap_max */
    uint8_t *est_pt;    /* per matrix point: its legs are the model's */
    int est_all;
    saha_plan_model model;
    saha_plan__store store;
    saha_plan__replan replan;
    uint8_t *presel; /* big lists: the accounts kept (saha_plan__preselect) */
    saha_plan_options presel_opts; /* opts with only = presel */
};

void saha_plan_free(saha_plan *plan)
{
    saha_ctx *ctx;
    if (!plan)
        return;
    ctx = plan->ctx;
    saha_plan__store_free(ctx, &plan->store);
    saha_plan__model_free(&plan->model);
    saha_plan__replan_free(&plan->replan);
    saha__free(ctx, plan->dur_s);
    saha__free(ctx, plan->dist_m);
    saha__free(ctx, plan->off_road_m);
    saha__free(ctx, plan->est_pt);
    saha__free(ctx, plan->presel);
    saha__free(ctx, plan);
}

saha_status saha_plan_set_etag(saha_plan *plan, const char *uid, const char *etag)
{
    saha_plan__store *st;
    if (!plan || !uid || !etag)
        return SAHA_EINVAL;
    st = &plan->store;
    for (size_t d = 0; d < st->it.ndays; d++)
        for (size_t k = 0; k < st->days[d].nstops; k++) {
            saha_plan_stop *s = &st->stops[(size_t)(st->days[d].stops - st->stops) + k];
            if (s->uid && !strcmp(s->uid, uid)) {
                char *e = saha__arena_strdup(&st->arena, etag);
                if (!e)
                    return SAHA_ENOMEM;
                s->etag = e;
                return SAHA_OK;
            }
        }
    return saha__error_set(plan->ctx, SAHA_EINVAL, NULL, 0, 0, "no visit with UID %s",
                           uid);
}

const saha_itinerary *saha_plan_itinerary(const saha_plan *plan)
{
    return plan ? &plan->store.it : NULL;
}

/* Fills plan->dur_s / dist_m from the matrix provider. */
static saha_status build_matrix(saha_plan *plan, saha_geo *geo,
                                const saha_account_set *accounts, const saha_rep *rep,
                                const saha_plan_options *opts)
{
    saha_ctx *ctx = plan->ctx;
    size_t n = saha_plan__matrix_points(accounts, rep, opts->only, NULL, NULL), n2;
    /* a re-plan's position is one more point, after the others, its legs by the
     * rep's travel model (a matrix file or OSRM server does not know it) */
    size_t np = n + (opts->has_position && opts->moment.year ? 1 : 0);
    saha_latlon *pts = NULL;
    const char **ids = NULL;
    saha_matrix *mx = NULL;
    saha_matrix_options mo = opts->matrix;
    saha_status rc;

    if (saha__mul_size(np, np, &n2) < 0)
        return saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "too many points");
    pts = saha__alloc_array(ctx, n, sizeof *pts);
    ids = saha__alloc_array(ctx, n, sizeof *ids);
    plan->dur_s = saha__alloc_array(ctx, n2, sizeof *plan->dur_s);
    plan->dist_m = saha__alloc_array(ctx, n2, sizeof *plan->dist_m);
    plan->off_road_m = saha__alloc_array(ctx, np, sizeof *plan->off_road_m);
    plan->est_pt = saha__calloc(ctx, np, sizeof *plan->est_pt);
    if (!pts || !ids || !plan->dur_s || !plan->dist_m || !plan->off_road_m ||
        !plan->est_pt) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    saha_plan__matrix_points(accounts, rep, opts->only, pts, ids);
    /* The rep's travel model is the truth for the model provider and for legs a matrix
     * file lacks. */
    mo.travel = rep->travel;
    if (!mo.progress) {
        mo.progress = opts->progress;
        mo.payload = opts->payload;
    }
    if (!mo.threads)
        mo.threads = opts->threads;
    rc = saha_matrix_build(&mx, ctx, geo, ids, pts, n, &mo);
    if (rc < 0)
        goto done;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            plan->dur_s[i * np + j] = saha_matrix_duration_s(mx, i, j);
            plan->dist_m[i * np + j] = saha_matrix_distance_m(mx, i, j);
        }
    if (np > n) {
        size_t p = n;
        for (size_t j = 0; j < np; j++) {
            double d = 0, t = 0;
            if (j != p)
                saha_travel_model_leg(
                    &rep->travel,
                    saha_geo_distance_m(opts->position, j < n ? pts[j] : opts->position),
                    &d, &t);
            /* the matrix keeps floats: round the same way */
            plan->dur_s[p * np + j] = plan->dur_s[j * np + p] = (double)(float)t;
            plan->dist_m[p * np + j] = plan->dist_m[j * np + p] = (double)(float)d;
        }
        plan->off_road_m[p] = NAN;
        plan->est_pt[p] = 1;
    }
    /* the model provider: every leg an estimate; a file: HOME's legs when it lacked
     * them */
    plan->est_all = mx->all_estimated;
    for (size_t i = 0; i < n && mx->flags; i++)
        plan->est_pt[i] = (mx->flags[i] & SAHA_MATRIX__F_ESTIMATED) != 0;
    for (size_t i = 0; i < n; i++)
        plan->off_road_m[i] =
            saha_matrix_unroutable(mx, i) ? saha_matrix_snap_m(mx, i) : NAN;
    if (!isnan(plan->off_road_m[0])) {
        rc = saha__error_set(ctx, SAHA_ENOTFOUND, NULL, 0, 0,
                             "the rep's home: the OSRM server moved it %.0f m to reach a "
                             "road (more than the %.0f m allowed)",
                             plan->off_road_m[0], mo.snap_max_m);
        goto done;
    }
    plan->nmat = np;
done:
    saha_matrix_free(mx);
    saha__free(ctx, pts);
    saha__free(ctx, ids);
    return rc;
}

/* The solver reports an infeasible required customer by index; name the account. */
static saha_status name_infeasible(const saha_plan_model *m, const saha_vrp_solution *sol)
{
    uint8_t *seen = saha__calloc(m->ctx, m->vrp.ncustomers + 1, 1);
    size_t who = SIZE_MAX;
    if (!seen)
        return SAHA_ENOMEM;
    if (sol->route_start && sol->order)
        for (size_t k = 0; k < sol->route_start[sol->nvehicles]; k++)
            if (sol->order[k] < m->vrp.ncustomers)
                seen[sol->order[k]] = 1;
    for (size_t c = 0; c < m->vrp.ncustomers && who == SIZE_MAX; c++)
        if (m->required[c] && !seen[c])
            who = c;
    saha__free(m->ctx, seen);
    if (who != SIZE_MAX) {
        size_t a = m->account_of[who];
        const saha_account *acc = saha_account_at(m->accounts, a);
        const char *why = NULL;
        char proof[768];
        const char *sep = ": ";
        if (!saha_plan__explain_required(m, who, proof, sizeof proof))
            proof[0] = '\0', sep = "";
        if (m->rp) { /* a re-plan: appointments as the visit log moved them */
            const saha_account *eff = &m->rp->acc[a];
            why = eff->has_appointment
                      ? "has an appointment"
                      : (m->rp->urgent[a]
                             ? "is urgent"
                             : (acc->must_visit ? "must be visited"
                                                : (m->confirmed && m->confirmed[who]
                                                       ? "is a confirmed visit"
                                                       : NULL)));
        }
        if (!why && (acc->has_appointment || acc->must_visit))
            why = acc->has_appointment ? "has an appointment" : "must be visited";
        if (why)
            return saha__error_replace(
                m->ctx, SAHA_EINFEASIBLE, saha_account_source(m->accounts), acc->line, 0,
                "account %s (%s) %s, but no plan found fits it with the other required "
                "visits into the working days%s%s",
                acc->id, acc->name, why, sep, proof);
        return saha__error_replace(
            m->ctx, SAHA_EINFEASIBLE, saha_account_source(m->accounts), acc->line, 0,
            "objective cost visits every account, but account %s (%s) does not fit "
            "into the working days with the others (try --objective profit or value)",
            acc->id, acc->name);
    }
    return SAHA_EINFEASIBLE;
}

/* The search missed a required visit. It places required visits first, but its
 * greedy choices can still block a tight one (an appointment far from the others
 * once a must-visit took its day): solve the required visits alone (the search, else
 * saha_plan__pin_required), keep each on the day found for it, and solve again. sol: the
 * failed solution, replaced. Returns the new solve's status, or SAHA_EINFEASIBLE (sol
 * unchanged) when the required visits do not fit even alone. A failing plan so takes up
 * to twice the time limit. */
static saha_status solve_required_first(saha_plan_model *m, const saha_vrp_options *vo,
                                        saha_vrp_solution *sol, size_t *nights)
{
    size_t nc = m->vrp.ncustomers, nv = m->vrp.nvehicles, nvc;
    saha_vrp req = m->vrp;
    saha_vrp_options ro = *vo;
    saha_vrp_solution rs;
    uint8_t *ntw;
    saha_status rc;

    if (saha__mul_size(nv, nc ? nc : 1, &nvc) < 0)
        return SAHA_ENOMEM;
    ntw = saha__alloc_array(m->ctx, nvc, 1);
    if (!ntw)
        return SAHA_ENOMEM;
    for (size_t v = 0; v < nv; v++)
        for (size_t c = 0; c < nc; c++)
            ntw[v * nc + c] = m->required[c] ? m->ntw[v * nc + c] : 0;
    req.ntw = ntw;
    ro.progress = NULL;
    ro.best_out = NULL;
    memset(&rs, 0, sizeof rs);
    rc = saha__vrp_solve(m->ctx, &req, &ro, &rs);
    saha__free(m->ctx, ntw);
    if (rc == SAHA_OK) {
        for (size_t v = 0; v < nv; v++)
            for (size_t k = rs.route_start[v]; k < rs.route_start[v + 1]; k++)
                for (size_t u = 0; u < nv; u++)
                    if (u != v)
                        m->ntw[u * nc + rs.order[k]] = 0;
    } else if (rc == SAHA_EINFEASIBLE) {
        /* the search missed them even alone: the most constrained first */
        rc = saha_plan__pin_required(m);
    }
    saha__vrp_solution_free(m->ctx, &rs);
    if (rc != SAHA_OK)
        return rc;
    saha__vrp_solution_free(m->ctx, sol);
    memset(sol, 0, sizeof *sol);
    saha__error_clear(m->ctx);
    return saha_plan__solve_overnight(m, vo, sol, nights);
}

/* Objective units per currency unit: cents for profit; for value and cost, whose travel
 * is counted in metres, the metres a currency unit buys at cost_per_km (1 km when 0). */
static double currency_units(const saha_plan_options *opts, const saha_rep *rep)
{
    if (opts->objective == SAHA_OBJECTIVE_PROFIT)
        return 100.0;
    return 1000.0 / (rep->cost_per_km > 0 ? rep->cost_per_km : 1.0);
}

/* The balance weight in the engine's units: objective units per second^2. */
static double balance_factor(const saha_plan_options *opts, const saha_rep *rep)
{
    if (!(opts->balance > 0))
        return 0;
    return opts->balance * currency_units(opts, rep) / (3600.0 * 3600.0);
}

/* One night at a hotel in objective units. */
static saha_cost hotel_units(const saha_plan_options *opts, const saha_rep *rep)
{
    double c = (rep->hotel_cost > 0 ? rep->hotel_cost : 0) * currency_units(opts, rep);
    return (saha_cost)llround(c < 1e15 ? c : 1e15);
}

saha_status saha_plan_options_init(saha_plan_options *opts, unsigned version)
{
    if (!opts || version != SAHA_PLAN_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    opts->objective = SAHA_OBJECTIVE_PROFIT;
    opts->horizon_days = 7;
    opts->seed = 1;
    (void)saha_matrix_options_init(&opts->matrix, SAHA_MATRIX_OPTIONS_VERSION);
    opts->stability = -1.0;
    opts->confirmed_slack_min = 30;
    opts->max_candidates = SAHA_PLAN_MAX_CANDIDATES;
    return SAHA_OK;
}

/* Any re-planning input? */
static int replanning(const saha_plan_options *o)
{
    return o->visits || o->previous || o->moment.year || o->ndays_off || o->nurgent;
}

/* The accounts a re-plan must keep in its model whatever the preselection ranks: those
 * of the previous plan (its visits and the nights' accounts), of the visit log and the
 * urgent ones. *out: saha_account_count() flags (free with saha__free). */
static saha_status replan_keep(saha_ctx *ctx, const saha_account_set *accounts,
                               const saha_plan_options *o, uint8_t **out)
{
    size_t na = saha_account_count(accounts);
    uint8_t *keep = saha__calloc(ctx, na ? na : 1, 1);
    if (!keep)
        return SAHA_ENOMEM;
    for (size_t i = 0; o->previous && i < saha_previous_plan_count(o->previous); i++) {
        const saha_previous_visit *p = saha_previous_plan_at(o->previous, i);
        size_t acc[3] = {p->account, p->night_before, p->night_after};
        for (size_t k = 0; k < 3; k++)
            if (acc[k] < na)
                keep[acc[k]] = 1;
    }
    for (size_t i = 0; o->visits && i < saha_visit_log_count(o->visits); i++) {
        size_t a = saha_visit_log_at(o->visits, i)->account;
        if (a < na)
            keep[a] = 1;
    }
    for (size_t i = 0; o->urgent && i < o->nurgent; i++)
        if (o->urgent[i] < na)
            keep[o->urgent[i]] = 1;
    *out = keep;
    return SAHA_OK;
}

/* The caller's progress callback, with the best profit so far in the rep's currency
 * stored in *best_out first (objective profit only; NAN until the search reports). */
typedef struct plan_progress {
    saha_progress_fn fn;
    void *payload;
    saha_cost best; /* INT64_MIN until the engine stores one */
    double units;   /* objective units per currency unit */
    double *best_out;
} plan_progress;

static int plan_progress_cb(size_t done, size_t total, void *payload)
{
    plan_progress *pp = payload;
    if (pp->best_out)
        *pp->best_out = pp->best != INT64_MIN ? (double)pp->best / pp->units : NAN;
    return pp->fn ? pp->fn(done, total, pp->payload) : 0;
}

saha_status saha_plan_solve(saha_plan **out, saha_ctx *ctx, saha_geo *geo,
                            const saha_account_set *accounts, const saha_rep *rep,
                            const saha_plan_options *opts)
{
    saha_plan *plan = NULL;
    saha_vrp_solution sol;
    saha_vrp_options vo;
    plan_progress pp;
    saha_status rc;
    int have_sol = 0;
    double t0, t_built, budget_s = 0, search_s = 0;
    size_t nights = 0;
    const saha_plan__replan *rp = NULL;
    const uint8_t *user_only;
    size_t cap;

    SAHA__CHECK_ARG(ctx, out);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, accounts && rep && opts);
    SAHA__CHECK_ARG(ctx, opts->version == SAHA_PLAN_OPTIONS_VERSION);
    saha__error_clear(ctx);
    memset(&sol, 0, sizeof sol);
    user_only = opts->only;
    cap = opts->max_candidates ? opts->max_candidates : SAHA_PLAN_MAX_CANDIDATES;
    if (opts->objective < SAHA_OBJECTIVE_PROFIT || opts->objective > SAHA_OBJECTIVE_COST)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "unknown objective %d",
                               (int)opts->objective);
    if (!(opts->balance >= 0) || opts->balance > 1e6)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "balance must be in [0, 1e6], got %g", opts->balance);
    if (!(opts->week_band >= 0) || opts->week_band > 1)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "week_band must be in [0, 1], got %g", opts->week_band);
    if (opts->max_candidates > SAHA_PLAN_MAX_MODEL_ACCOUNTS)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "max_candidates must be in [1, %d], got %zu",
                               SAHA_PLAN_MAX_MODEL_ACCOUNTS, opts->max_candidates);
    if (!isfinite(rep->home.lat_deg) || !isfinite(rep->home.lon_deg))
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "the rep has no home position");
    plan = saha__calloc(ctx, 1, sizeof *plan);
    if (!plan)
        return SAHA_ENOMEM;
    plan->ctx = ctx;
    plan->model.ctx = ctx;
    saha__arena_init(&plan->model.arena, ctx);
    saha__arena_init(&plan->store.arena, ctx);

    t0 = saha__vrp_now();
    {
        /* Big lists: plan the best max_candidates (issue #19, D7); a re-plan keeps
         * the accounts its previous plan, visit log and urgent list name. */
        size_t nsel = 0;
        uint8_t *keep = NULL;
        if (replanning(opts)) {
            rc = replan_keep(ctx, accounts, opts, &keep);
            if (rc < 0)
                goto done;
        }
        rc = saha_plan__preselect(ctx, accounts, rep, opts->only, keep, opts->start, cap,
                                  &plan->presel, &nsel);
        saha__free(ctx, keep);
        if (rc < 0)
            goto done;
        if (plan->presel) {
            saha__log(ctx, SAHA_LOG_WARN,
                      "%zu accounts with coordinates: planning %zu (every must-visit and "
                      "appointment%s, then the best by value per hour); the others are "
                      "skipped as not_considered",
                      saha_plan__matrix_points(accounts, rep, opts->only, NULL, NULL) - 1,
                      nsel,
                      replanning(opts) ? ", every account of the previous plan and the "
                                         "visit log"
                                       : "");
            plan->presel_opts = *opts;
            plan->presel_opts.only = plan->presel;
            opts = &plan->presel_opts;
        }
    }
    {
        /* the documented size limit, checked before the n^2 matrix and model exist */
        size_t npts = saha_plan__matrix_points(accounts, rep, opts->only, NULL, NULL) - 1;
        if (npts > SAHA_PLAN_MAX_MODEL_ACCOUNTS) {
            rc = saha__error_set(
                ctx, SAHA_ELIMIT, NULL, 0, 0,
                "%zu accounts to plan in one model (%s), more than the %d one plan "
                "takes: split the list by territory (saha territory) and plan each "
                "rep's part",
                npts,
                replanning(opts) ? "every must-visit and appointment account, and every "
                                   "account of the previous plan and the visit log, is "
                                   "planned"
                                 : "every must-visit and appointment account is planned",
                SAHA_PLAN_MAX_MODEL_ACCOUNTS);
            goto done;
        }
    }
    rc = build_matrix(plan, geo, accounts, rep, opts);
    if (rc < 0)
        goto done;
    if (replanning(opts)) {
        rc = saha_plan__replan_build(&plan->replan, ctx, accounts, rep, opts);
        if (rc < 0)
            goto done;
        rp = &plan->replan;
        if (plan->replan.has_position)
            plan->replan.pos_point = plan->nmat - 1;
    }
    rc = saha_plan__model_build(&plan->model, ctx, accounts, rep, opts->objective,
                                opts->start, opts->horizon_days, opts->only, plan->dur_s,
                                plan->dist_m, plan->nmat, balance_factor(opts, rep),
                                hotel_units(opts, rep), plan->off_road_m,
                                opts->matrix.snap_max_m, rp, opts);
    if (rc < 0)
        goto done;
    if (plan->presel) {
        plan->model.preselected = 1;
        plan->model.presel_cap = cap;
        plan->model.user_only = user_only;
        plan->model.presel_start = opts->start;
    }
    plan->model.est_all = plan->est_all;
    plan->model.est_pt = plan->est_pt;
    t_built = saha__vrp_now();
    memset(&vo, 0, sizeof vo);
    vo.seed = opts->seed;
    vo.iterations = opts->iterations;
    vo.time_limit_s = opts->time_limit_s;
    if (vo.time_limit_s > 0) {
        /* The limit covers the whole call: keep some for what follows the search
         * (repair, the skip reasons, the itinerary). That work is per candidate like
         * the model build: at 1,000 candidates it took 0.06-0.07 s after a 0.10-0.20
         * s build (20k and 100k accounts), so keep half the build time, at least 10
         * ms and at most a quarter of the limit. */
        double keep = 0.5 * (t_built - t0);
        double left;
        if (keep < 0.01)
            keep = 0.01;
        if (keep > 0.25 * opts->time_limit_s)
            keep = 0.25 * opts->time_limit_s;
        left = opts->time_limit_s - (t_built - t0) - keep;
        vo.time_limit_s = left > 0.001 ? left : 0.001;
        budget_s = vo.time_limit_s;
    }
    vo.threads = opts->threads;
    vo.progress = opts->progress;
    vo.payload = opts->payload;
    if (opts->progress && opts->progress_best &&
        opts->objective == SAHA_OBJECTIVE_PROFIT) {
        pp.fn = opts->progress;
        pp.payload = opts->payload;
        pp.best = INT64_MIN;
        pp.units = currency_units(opts, rep);
        pp.best_out = opts->progress_best;
        *pp.best_out = NAN;
        vo.progress = plan_progress_cb;
        vo.payload = &pp;
        vo.best_out = &pp.best;
    }
    rc = saha_plan__solve_overnight(&plan->model, &vo, &sol, &nights);
    have_sol = 1;
    if (rc == SAHA_EINFEASIBLE) {
        saha_status r2 = solve_required_first(&plan->model, &vo, &sol, &nights);
        if (r2 != SAHA_EINFEASIBLE)
            rc = r2;
    }
    if (rc == SAHA_EINFEASIBLE) {
        rc = name_infeasible(&plan->model, &sol);
        goto done;
    }
    if (rc < 0)
        goto done;
    search_s = saha__vrp_now() - t_built;
    rc = saha_plan__fill_days(&plan->model, &sol);
    if (rc < 0)
        goto done;
    rc = saha_plan__repair(&plan->model, &sol);
    if (rc < 0)
        goto done;
    rc = saha_plan__fill_room(&plan->model, &sol);
    if (rc < 0)
        goto done;
    rc = saha_plan__fill_kept(&plan->model, &sol);
    if (rc < 0)
        goto done;
    if (rp) {
        rc = saha_plan__replan_order(&plan->model, &sol);
        if (rc < 0)
            goto done;
    }
    rc = saha_plan__itinerary_build(&plan->store, &plan->model, &sol);
    if (rc < 0)
        goto done;
    plan->store.it.horizon_start = opts->start;
    rc = saha_plan__cadence_report(&plan->store, &plan->model);
    if (rc < 0)
        goto done;
    plan->store.it.stability = plan->model.stability;
    plan->store.it.build_s = t_built - t0;
    plan->store.it.search_s = search_s;
    plan->store.it.search_budget_s = budget_s;
    /* The engine stops at its deadline or at its iteration bound and does not say
     * which: a search that ran (almost) its whole budget was cut by the limit. */
    plan->store.it.stopped_by_limit =
        budget_s > 0 && (budget_s <= 0.001 || search_s >= 0.95 * budget_s);
    rc = saha_plan__changes_build(&plan->store, &plan->model, &sol, opts);
    if (rc < 0)
        goto done;
    /* The itinerary is self-contained: drop the model and the travel matrix (O(n^2)),
     * so that many plans held at once (saha team) cost only their itineraries. */
    saha_plan__model_free(&plan->model);
    memset(&plan->model, 0, sizeof plan->model);
    saha__free(ctx, plan->dur_s);
    saha__free(ctx, plan->dist_m);
    plan->dur_s = plan->dist_m = NULL;
    plan->store.it.total_s = saha__vrp_now() - t0;
    *out = plan;
    plan = NULL;
done:
    if (have_sol)
        saha__vrp_solution_free(ctx, &sol);
    saha_plan_free(plan);
    return rc;
}
