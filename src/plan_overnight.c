/* plan_overnight: which nights the rep spends at a hotel instead of at home.
 *
 * Method: the optimiser's days are vehicles with their own start and end nodes, so a
 * night away between two consecutive working days is day v ending at a hotel node and
 * day v + 1 starting there (plan_model.c offers up to SAHA_PLAN__MAX_HOTELS places, each
 * at an account in a far, valuable cluster). Which nights and where is decided around
 * the optimiser, greedily: first the plan with every night at home (the fallback); then
 * rounds that try each free night at each place with a short, fixed-iteration solve
 * (one thread: repeatable) and keep the one that raises the objective minus the hotel
 * cost most over the same short solve of the current choice; then one full solve of
 * the chosen nights, kept only when it beats the all-home plan. Budget with a time
 * limit T: 35 % for the all-home plan; the screening stops at 65 % of T (keeping the
 * best night found by then; the screening solves are shortened, down to
 * SCREEN_MIN_ITERATIONS, so that the first round fits in half of that window); the rest
 * for the final solve. Without a time limit every step is bounded by iterations, so the
 * whole choice repeats exactly.
 * Complexity: at most nights x places x nights screening solves of SCREEN_ITERATIONS.
 * Invariant: m->vrp.vehicles describe the returned solution's nights on return.
 * Caller: plan.c (saha_plan_solve). */
#include <string.h>

#include "internal/plan_model.h"

#define SCREEN_ITERATIONS 150
#define SCREEN_MIN_ITERATIONS 20
#define HOME SIZE_MAX

/* Sets every day's start and end: home, except nights[v] != HOME (day v ends at that
 * hotel, day v + 1 starts there). */
static void apply(saha_plan_model *m, const size_t *nights)
{
    size_t nv = m->ndays, depot = m->vrp.ncustomers;
    for (size_t v = 0; v < nv; v++)
        m->vehicles[v].start_node = m->vehicles[v].end_node = depot;
    for (size_t v = 0; v + 1 < nv; v++)
        if (nights[v] != HOME) {
            m->vehicles[v].end_node = depot + 1 + nights[v];
            m->vehicles[v + 1].start_node = depot + 1 + nights[v];
        }
    /* a re-plan's day that goes on from --position starts there, wherever the night */
    if (m->pos_vehicle < nv && m->pos_after == SIZE_MAX)
        m->vehicles[m->pos_vehicle].start_node = m->pos_node;
}

static size_t count_nights(const size_t *nights, size_t nv)
{
    size_t n = 0;
    for (size_t v = 0; v + 1 < nv; v++)
        n += nights[v] != HOME;
    return n;
}

/* What the nights cost in the objective: the hotels, and the stability amount for
 * each booked night (re-plan) that is not kept at its hotel. */
static saha_cost night_terms(const saha_plan_model *m, const size_t *nights)
{
    saha_cost t = (saha_cost)count_nights(nights, m->ndays) * m->hotel_units;
    for (size_t v = 0; m->night_booked && v + 1 < m->ndays; v++)
        if (m->night_booked[v] != HOME && nights[v] != m->night_booked[v])
            t += m->stability_units;
    return t;
}

/* The nights a plan starts from: the re-plan's past nights, and with `booked` the
 * nights the previous plan booked; every other night at home. */
static void base_nights(const saha_plan_model *m, size_t *nights, int booked)
{
    for (size_t v = 0; v < m->ndays; v++) {
        nights[v] = m->night_fixed ? m->night_fixed[v] : HOME;
        if (booked && nights[v] == HOME && m->night_booked)
            nights[v] = m->night_booked[v];
    }
}

/* Day v + 1 is the calendar day after day v. */
static int consecutive(const saha_plan_model *m, size_t v)
{
    const saha_datetime *a = &m->days[v].date, *b = &m->days[v + 1].date;
    return saha__days_from_civil(b->year, b->month, b->day) -
               saha__days_from_civil(a->year, a->month, a->day) ==
           1;
}

/* Objective minus hotels of a short repeatable solve of the current nights;
 * *ok = 0 when it fails (required visits that do not fit, or an error). */
static saha_cost screen(saha_plan_model *m, const saha_vrp_options *vo,
                        const size_t *nights, size_t iterations, int *ok)
{
    saha_vrp_options so = *vo;
    saha_vrp_solution s;
    saha_status rc;
    saha_cost obj;
    memset(&s, 0, sizeof s);
    so.time_limit_s = 0;
    so.iterations = iterations;
    so.threads = 1;
    so.progress = NULL;
    apply(m, nights);
    rc = saha__vrp_solve(m->ctx, &m->vrp, &so, &s);
    *ok = rc == SAHA_OK;
    obj = s.objective - night_terms(m, nights);
    saha__vrp_solution_free(m->ctx, &s);
    return obj;
}

saha_status saha_plan__solve_overnight(saha_plan_model *m, const saha_vrp_options *vo,
                                       saha_vrp_solution *sol, size_t *nights_out)
{
    saha_ctx *ctx = m->ctx;
    size_t nv = m->ndays, *nights, *base = NULL, changed = 0;
    saha_vrp_options vb = *vo;
    saha_vrp_solution fin;
    saha_status rc;
    saha_cost cur, base_terms;
    size_t sit = SCREEN_ITERATIONS;
    double t0 = saha__vrp_now();
    int ok, any_night = 0;

    *nights_out = 0;
    for (size_t v = m->night_from; v + 1 < nv; v++)
        any_night |= consecutive(m, v);
    if (m->nhotels == 0 || m->hotel_units < 0 || (!any_night && !m->night_fixed))
        return saha__vrp_solve(ctx, &m->vrp, vo, sol);
    nights = saha__alloc_array(ctx, nv, sizeof *nights);
    base = saha__alloc_array(ctx, nv, sizeof *base);
    if (!nights || !base) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    /* The base plan: every night at home (a re-plan: the past nights, and the booked
     * ones unless they make it infeasible); the fallback, and the bar the changes of
     * nights must clear. */
    if (vo->time_limit_s > 0)
        vb.time_limit_s = 0.35 * vo->time_limit_s;
    base_nights(m, nights, 1);
    apply(m, nights);
    rc = saha__vrp_solve(ctx, &m->vrp, &vb, sol);
    if (rc == SAHA_EINFEASIBLE && m->night_booked) {
        base_nights(m, nights, 0);
        apply(m, nights);
        saha__vrp_solution_free(ctx, sol);
        memset(sol, 0, sizeof *sol);
        saha__error_clear(ctx);
        rc = saha__vrp_solve(ctx, &m->vrp, &vb, sol);
    }
    if (rc != SAHA_OK && rc != SAHA_EINFEASIBLE)
        goto done;
    memcpy(base, nights, nv * sizeof *nights);
    base_terms = night_terms(m, base);
    /* Screening: greedy, one night a round. With a time limit, the screening solves
     * are shortened so the first round fits in half of the screening window. */
    {
        double ts = saha__vrp_now(), one;
        cur = screen(m, vo, nights, sit, &ok);
        one = saha__vrp_now() - ts;
        if (vo->time_limit_s > 0 && one > 0) {
            size_t ncand = 0;
            double window = 0.5 * (0.65 - 0.35) * vo->time_limit_s;
            for (size_t v = m->night_from; v + 1 < nv; v++)
                ncand += consecutive(m, v) ? m->nhotels : 0;
            if ((double)ncand * one > window) {
                double f = window / ((double)ncand * one);
                sit = (size_t)((double)SCREEN_ITERATIONS * f);
                if (sit < SCREEN_MIN_ITERATIONS)
                    sit = SCREEN_MIN_ITERATIONS;
                if (sit < SCREEN_ITERATIONS)
                    cur =
                        screen(m, vo, nights, sit, &ok); /* the bar at the same length */
            }
        }
    }
    if (!ok)
        cur = INT64_MIN / 4;
    for (int late = 0; !late;) {
        size_t bv = HOME, bk = HOME;
        saha_cost best = cur;
        for (size_t v = m->night_from; v + 1 < nv && !late; v++) {
            if (nights[v] != HOME || !consecutive(m, v))
                continue;
            for (size_t k = 0; k < m->nhotels && !late; k++) {
                saha_cost val;
                if (vo->time_limit_s > 0 &&
                    saha__vrp_now() - t0 > 0.65 * vo->time_limit_s) {
                    late = 1; /* keep what this round found so far */
                    break;
                }
                nights[v] = k;
                val = screen(m, vo, nights, sit, &ok);
                nights[v] = HOME;
                if (ok && val > best) {
                    best = val;
                    bv = v;
                    bk = k;
                }
            }
        }
        if (bv == HOME)
            break;
        nights[bv] = bk;
        cur = best;
        changed++;
    }
    /* A booked night is cancelled when the plan without it wins more than the
     * stability amount (night_terms charges it). */
    for (size_t v = m->night_from; m->night_booked && v + 1 < nv; v++) {
        saha_cost val;
        if (nights[v] == HOME || nights[v] != m->night_booked[v] ||
            (vo->time_limit_s > 0 && saha__vrp_now() - t0 > 0.65 * vo->time_limit_s))
            continue;
        nights[v] = HOME;
        val = screen(m, vo, nights, sit, &ok);
        if (ok && val > cur) {
            cur = val;
            changed++;
        } else {
            nights[v] = m->night_booked[v];
        }
    }
    if (changed == 0) {
        apply(m, nights);
        *nights_out = count_nights(nights, nv);
        goto done;
    }
    /* The chosen nights with the rest of the time; kept only if better. */
    memset(&fin, 0, sizeof fin);
    vb = *vo;
    if (vo->time_limit_s > 0) {
        double left = vo->time_limit_s - (saha__vrp_now() - t0);
        vb.time_limit_s = left > 0.001 ? left : 0.001;
    }
    apply(m, nights);
    {
        saha_status rf = saha__vrp_solve(ctx, &m->vrp, &vb, &fin);
        saha_cost fin_obj = fin.objective - night_terms(m, nights);
        if (rf == SAHA_OK && (rc != SAHA_OK || fin_obj > sol->objective - base_terms)) {
            saha__vrp_solution_free(ctx, sol);
            *sol = fin;
            rc = SAHA_OK;
            *nights_out = count_nights(nights, nv);
        } else {
            saha__vrp_solution_free(ctx, &fin);
            if (rf < 0 && rf != SAHA_EINFEASIBLE) {
                rc = rf;
                goto done;
            }
            apply(m, base);
            *nights_out = count_nights(base, nv);
        }
    }
done:
    saha__free(ctx, nights);
    saha__free(ctx, base);
    return rc;
}
