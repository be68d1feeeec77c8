/* Tests for the weekly plan: the model (windows, appointments, lunch, caps, cadence),
 * the reasons (each produced by a crafted instance), the independent checker (accepts
 * solver output, rejects broken itineraries) and saha_plan_solve end to end. */
#include "saha_test.h"

#include "internal/core.h"
#include "helper_plan_check.h"
#include "internal/plan_model.h"

#define HOME_LAT 40.2106
#define HOME_LON 29.0095
static const saha_datetime MONDAY = {2026, 11, 30, 0, 0};

typedef struct fixture {
    saha_ctx *ctx;
    saha_geo *geo;
    saha_account_set *set;
    saha_rep rep;
    size_t n;
    double *dur, *dist;
} fixture;

static void fx_init(fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    fx->ctx = saha_test_ctx();
    assert_non_null(fx->ctx);
    SAHA_TEST_OK(fx->ctx, saha_geo_create(&fx->geo, fx->ctx));
    saha_rep_defaults(&fx->rep);
    fx->rep.home.lat_deg = HOME_LAT;
    fx->rep.home.lon_deg = HOME_LON;
    fx->rep.cost_per_km = 0.3;
    fx->rep.cost_per_hour = 20;
}

/* Loads accounts from CSV text and builds the travel matrix with the model provider
 * (home first, then accounts with coordinates), as saha_plan_solve does. */
static void fx_load(fixture *fx, const char *csv)
{
    saha_account_load_options lo;
    saha_matrix_options mo;
    saha_matrix *mx = NULL;
    saha_latlon *pts;
    const char **ids;
    (void)saha_account_load_options_init(&lo, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    (void)saha_matrix_options_init(&mo, SAHA_MATRIX_OPTIONS_VERSION);
    lo.format = SAHA_ACCOUNT_FORMAT_CSV;
    SAHA_TEST_OK(fx->ctx,
                 saha_account_parse(&fx->set, fx->ctx, "t.csv", csv, strlen(csv), &lo));
    fx->n = saha_plan__matrix_points(fx->set, &fx->rep, NULL, NULL, NULL);
    pts = calloc(fx->n, sizeof *pts);
    ids = calloc(fx->n, sizeof *ids);
    fx->dur = calloc(fx->n * fx->n, sizeof *fx->dur);
    fx->dist = calloc(fx->n * fx->n, sizeof *fx->dist);
    assert_non_null(pts);
    assert_non_null(ids);
    saha_plan__matrix_points(fx->set, &fx->rep, NULL, pts, ids);
    mo.travel = fx->rep.travel;
    mo.threads = 1;
    SAHA_TEST_OK(fx->ctx, saha_matrix_build(&mx, fx->ctx, fx->geo, ids, pts, fx->n, &mo));
    for (size_t i = 0; i < fx->n; i++)
        for (size_t j = 0; j < fx->n; j++) {
            fx->dur[i * fx->n + j] = saha_matrix_duration_s(mx, i, j);
            fx->dist[i * fx->n + j] = saha_matrix_distance_m(mx, i, j);
        }
    saha_matrix_free(mx);
    free(pts);
    free(ids);
}

static void fx_free(fixture *fx)
{
    saha_account_set_free(fx->set);
    saha_geo_free(fx->geo);
    saha_ctx_free(fx->ctx);
    free(fx->dur);
    free(fx->dist);
}

static saha_status fx_model(fixture *fx, saha_plan_model *m, int days)
{
    return saha_plan__model_build(m, fx->ctx, fx->set, &fx->rep, SAHA_OBJECTIVE_PROFIT,
                                  MONDAY, days, NULL, fx->dur, fx->dist, fx->n, 0.0, 0,
                                  NULL, 0, NULL, NULL);
}

static size_t acc(const fixture *fx, const char *id)
{
    size_t a = saha_account_find(fx->set, id);
    assert_int_not_equal(a, SIZE_MAX);
    return a;
}

#define HDR                                                                              \
    "id,name,address,lat,lon,value,probability,visit_minutes,opening_hours,must_visit,"  \
    "appointment,last_visit,frequency_days\n"

static const char model_csv[] =
    HDR "A,Split,,40.20,29.02,1000,1,30,\"Mo-Fr 08:00-12:00,13:00-17:00\",,,,\n"
        "B,MoWe,,40.21,29.03,1000,1,60,\"Mo,We 09:00-17:00\",,,,\n"
        "C,Appt,,40.22,29.04,1000,1,45,,,2026-12-01T10:30,,\n"
        "D,Must,,40.19,29.00,500,0.5,30,,true,,,\n"
        "E,Cadence,,40.18,29.05,1000,0.5,30,,,,2026-10-01,30\n"
        "N,NoCoords,\"Nilüfer, Bursa, Türkiye\",,,800,1,30,,,,,\n";

static const saha_vrp_tw *tw_of(const saha_plan_model *m, size_t v, size_t a, size_t *n)
{
    size_t c = m->cust_of[a], slot = v * m->vrp.ncustomers + c;
    *n = m->ntw[slot];
    return m->tw + slot * SAHA_VRP_MAX_TW;
}

static void test_model_windows_and_days(void **state)
{
    fixture fx;
    saha_plan_model m;
    const saha_vrp_tw *w;
    size_t n;
    (void)state;
    fx_init(&fx);
    fx_load(&fx, model_csv);
    SAHA_TEST_OK(fx.ctx, fx_model(&fx, &m, 7));
    /* Mo-Fr of a 7-day horizon are the vehicles */
    SAHA_TEST_EQ(m.ndays, 5);
    SAHA_TEST_EQ(m.vrp.nvehicles, 5);
    SAHA_TEST_EQ(m.days[0].weekday, 0);
    SAHA_TEST_EQ(m.days[4].date.day, 4);
    /* N has no coordinates: not a customer */
    SAHA_TEST_EQ(m.vrp.ncustomers, 5);
    SAHA_TEST_EQ(m.cust_of[acc(&fx, "N")], SIZE_MAX);
    SAHA_TEST_EQ(m.pre_reason[acc(&fx, "N")], SAHA_SKIP_NO_COORDS);
    /* A: two spans 08:00-12:00,13:00-17:00 cut to the day 08:30-18:00, minus the 30 min
     * visit: start in [08:30, 11:30] or [13:00, 16:30] */
    w = tw_of(&m, 0, acc(&fx, "A"), &n);
    SAHA_TEST_EQ(n, 2);
    SAHA_TEST_EQ(w[0].open, 510 * 60);
    SAHA_TEST_EQ(w[0].close, 690 * 60);
    SAHA_TEST_EQ(w[1].open, 780 * 60);
    SAHA_TEST_EQ(w[1].close, 990 * 60);
    /* B: Mo and We only, 09:00-17:00 with a 60 min visit */
    w = tw_of(&m, 0, acc(&fx, "B"), &n);
    SAHA_TEST_EQ(n, 1);
    SAHA_TEST_EQ(w[0].open, 540 * 60);
    SAHA_TEST_EQ(w[0].close, 960 * 60);
    tw_of(&m, 1, acc(&fx, "B"), &n);
    SAHA_TEST_EQ(n, 0);
    tw_of(&m, 2, acc(&fx, "B"), &n);
    SAHA_TEST_EQ(n, 1);
    /* D: no hours = always open, within the working day */
    w = tw_of(&m, 3, acc(&fx, "D"), &n);
    SAHA_TEST_EQ(n, 1);
    SAHA_TEST_EQ(w[0].open, 510 * 60);
    SAHA_TEST_EQ(w[0].close, (1080 - 30) * 60);
    SAHA_TEST_EQ(m.required[m.cust_of[acc(&fx, "D")]], 1);
    SAHA_TEST_EQ(m.required[m.cust_of[acc(&fx, "A")]], 0);
    SAHA_TEST_EQ(m.service[m.cust_of[acc(&fx, "B")]], 3600);
    saha_plan__model_free(&m);
    fx_free(&fx);
}

static void test_model_appointment_lunch_caps(void **state)
{
    fixture fx;
    saha_plan_model m;
    const saha_vrp_tw *w;
    size_t n, c;
    (void)state;
    fx_init(&fx);
    fx.rep.max_drive_min = 200;
    fx.rep.max_km = 150;
    fx.rep.max_visits = 6;
    fx_load(&fx, model_csv);
    SAHA_TEST_OK(fx.ctx, fx_model(&fx, &m, 7));
    /* C: appointment Tuesday 10:30: one window [t, t] on Tuesday, none on other days */
    c = m.cust_of[acc(&fx, "C")];
    SAHA_TEST_EQ(m.required[c], 1);
    for (size_t v = 0; v < 5; v++) {
        w = tw_of(&m, v, acc(&fx, "C"), &n);
        SAHA_TEST_EQ(n, v == 1 ? 1 : 0);
        if (v == 1) {
            SAHA_TEST_EQ(w[0].open, 630 * 60);
            SAHA_TEST_EQ(w[0].close, 630 * 60);
        }
    }
    /* lunch -> the vehicle's break; caps -> vehicle limits; home -> depot */
    for (size_t v = 0; v < 5; v++) {
        const saha_vrp_vehicle *veh = &m.vrp.vehicles[v];
        SAHA_TEST_EQ(veh->break_duration, 45 * 60);
        SAHA_TEST_EQ(veh->break_earliest, 720 * 60);
        SAHA_TEST_EQ(veh->break_latest, 840 * 60);
        SAHA_TEST_EQ(veh->earliest_start, 510 * 60);
        SAHA_TEST_EQ(veh->latest_end, 1080 * 60);
        SAHA_TEST_EQ(veh->max_travel_time, 200 * 60);
        SAHA_TEST_EQ(veh->max_distance, 150000);
        SAHA_TEST_EQ(veh->max_visits, 6);
        SAHA_TEST_EQ(veh->start_node, m.vrp.ncustomers);
        SAHA_TEST_EQ(veh->end_node, m.vrp.ncustomers);
    }
    /* integer travel: seconds and metres rounded from the matrix, cost in cents */
    {
        size_t a = acc(&fx, "A"), depot = m.vrp.ncustomers, nn = m.vrp.nnodes;
        size_t ca = m.cust_of[a], mp = m.mat_of[a];
        double d = fx.dist[mp], t = fx.dur[mp]; /* home -> A */
        SAHA_TEST_EQ(m.vrp.time[depot * nn + ca], llround(t));
        SAHA_TEST_EQ(m.vrp.dist[depot * nn + ca], llround(d));
        SAHA_TEST_NEAR((double)m.vrp.cost[depot * nn + ca],
                       (d / 1000.0 * 0.3 + t / 3600.0 * 20) * 100.0, 0.5);
        SAHA_TEST_EQ(saha_plan__leg_m(&m, depot, ca), llround(d));
    }
    saha_plan__model_free(&m);
    /* without a km cap the model keeps no n^2 distance copy; the legs still read */
    fx.rep.max_km = 0;
    SAHA_TEST_OK(fx.ctx, fx_model(&fx, &m, 7));
    assert_null(m.vrp.dist);
    {
        size_t a = acc(&fx, "A"), depot = m.vrp.ncustomers;
        SAHA_TEST_EQ(saha_plan__leg_m(&m, depot, m.cust_of[a]),
                     llround(fx.dist[m.mat_of[a]]));
        SAHA_TEST_EQ(saha_plan__leg_m(&m, m.cust_of[a], m.cust_of[a]), 0);
    }
    saha_plan__model_free(&m);
    fx_free(&fx);
}

static void test_cadence_formula(void **state)
{
    fixture fx;
    saha_plan_model m;
    static const char csv[] = HDR "due,Due,,40.2,29.0,100,1,30,,,,2026-10-31,30\n"
                                  "half,Half,,40.2,29.0,100,1,30,,,,2026-10-16,30\n"
                                  "late,Late,,40.2,29.0,100,1,30,,,,2026-06-01,30\n"
                                  "early,Early,,40.2,29.0,100,1,30,,,,2026-11-20,30\n"
                                  "nolast,NoLast,,40.2,29.0,100,1,30,,,,,30\n"
                                  "none,None,,40.2,29.0,100,0.5,30,,,,,\n";
    (void)state;
    fx_init(&fx);
    fx_load(&fx, csv);
    /* due on the start day: 1; 15 days late of 30: 1.5; far late: capped at 3 */
    SAHA_TEST_NEAR(saha_plan_urgency(saha_account_at(fx.set, acc(&fx, "due")), MONDAY),
                   1.0, 1e-12);
    SAHA_TEST_NEAR(saha_plan_urgency(saha_account_at(fx.set, acc(&fx, "half")), MONDAY),
                   1.5, 1e-12);
    SAHA_TEST_NEAR(saha_plan_urgency(saha_account_at(fx.set, acc(&fx, "late")), MONDAY),
                   3.0, 1e-12);
    SAHA_TEST_NEAR(saha_plan_urgency(saha_account_at(fx.set, acc(&fx, "early")), MONDAY),
                   1.0, 1e-12);
    SAHA_TEST_NEAR(saha_plan_urgency(saha_account_at(fx.set, acc(&fx, "nolast")), MONDAY),
                   1.0, 1e-12);
    SAHA_TEST_OK(fx.ctx, fx_model(&fx, &m, 5));
    /* what a visit earns = value x probability x urgency, and the prize is in cents */
    SAHA_TEST_NEAR(m.earn[acc(&fx, "half")], 150.0, 1e-9);
    SAHA_TEST_NEAR(m.earn[acc(&fx, "none")], 50.0, 1e-9);
    SAHA_TEST_EQ(m.vrp.prize[m.cust_of[acc(&fx, "late")]], 30000);
    saha_plan__model_free(&m);
    fx_free(&fx);
}

static void test_model_infeasible_inputs(void **state)
{
    fixture fx;
    saha_plan_model m;
    (void)state;
    fx_init(&fx);
    fx_load(&fx, HDR "X,SatMust,,40.2,29.0,100,1,30,Sa 09:00-12:00,true,,,\n");
    SAHA_TEST_EQ(fx_model(&fx, &m, 7), SAHA_EINFEASIBLE);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(fx.ctx)->message, "account X (SatMust)");
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(fx.ctx)->message, "closed on Mo-Fr");
    SAHA_TEST_EQ(saha_ctx_last_error(fx.ctx)->line, 2);
    saha_plan__model_free(&m);
    fx_free(&fx);

    /* a horizon without a working day (Saturday and Sunday) */
    fx_init(&fx);
    fx_load(&fx, HDR "Z,Any,,40.2,29.0,100,1,30,,,,,\n");
    {
        saha_datetime sat = {2026, 12, 5, 0, 0};
        SAHA_TEST_EQ(saha_plan__model_build(&m, fx.ctx, fx.set, &fx.rep,
                                            SAHA_OBJECTIVE_PROFIT, sat, 2, NULL, fx.dur,
                                            fx.dist, fx.n, 0.0, 0, NULL, 0, NULL, NULL),
                     SAHA_EINVAL);
        SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(fx.ctx)->message,
                               "no working day (Mo-Fr) in 2026-12-05..2026-12-06");
    }
    saha_plan__model_free(&m);
    fx_free(&fx);

    fx_init(&fx);
    fx_load(&fx, HDR "Y,Late,,40.2,29.0,100,1,30,,,2026-12-02T19:00,,\n");
    SAHA_TEST_EQ(fx_model(&fx, &m, 7), SAHA_EINFEASIBLE);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(fx.ctx)->message, "account Y (Late)");
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(fx.ctx)->message, "19:00");
    saha_plan__model_free(&m);
    fx_free(&fx);
}

/* Every reason from one crafted one-day instance (Monday, 60 min drive limit) and a
 * hand-made solution visiting only L1 (4 h visit). */
/* saha_plan__reason with its detail worded in English, as the itinerary words it */
static saha_skip_reason reason_text(const saha_plan_model *m,
                                    const saha_vrp_solution *sol, size_t a, char *detail,
                                    size_t cap)
{
    saha_detail why;
    char scratch[128];
    saha_skip_reason r = saha_plan__reason(m, sol, a, &why, scratch, sizeof scratch);
    if (saha_export_detail_text(detail, cap, NULL, &why, NULL) != SAHA_OK)
        detail[0] = '\0';
    return r;
}

static void test_reasons(void **state)
{
    fixture fx;
    saha_plan_model m;
    saha_vrp_solution sol;
    size_t route_start[2], order[1];
    char detail[400];
    static const char csv[] =
        HDR "NC,NoCoords,\"Nilüfer, Bursa, Türkiye\",,,1000,1,30,,,,,\n"
            "S,SatOnly,,40.20,29.02,1000,1,30,Sa 09:00-14:00,,,,\n"
            "O,Outside,,40.20,29.02,1000,1,30,,,2027-01-05T10:00,,\n"
            "W,Cheap,,40.25,29.10,1,1,30,,,,,\n"
            "F,Far,,41.00,29.00,100000,1,30,,,,,\n"
            "L1,Long,,40.21,29.01,50000,1,240,,,,,\n"
            "L2,Long2,,40.212,29.012,50000,1,300,,,,,\n";
    (void)state;
    fx_init(&fx);
    fx.rep.max_drive_min = 60;
    fx_load(&fx, csv);
    SAHA_TEST_OK(fx.ctx, fx_model(&fx, &m, 1));
    SAHA_TEST_EQ(m.vrp.nvehicles, 1);
    route_start[0] = 0;
    route_start[1] = 1;
    order[0] = m.cust_of[acc(&fx, "L1")];
    memset(&sol, 0, sizeof sol);
    sol.nvehicles = 1;
    sol.route_start = route_start;
    sol.order = order;
    /* the crafted solution itself is feasible */
    assert_true(saha__vrp_schedule(&m.vrp, 0, order, 1, NULL, NULL, NULL));

    SAHA_TEST_EQ(reason_text(&m, &sol, acc(&fx, "NC"), detail, sizeof detail),
                 SAHA_SKIP_NO_COORDS);
    SAHA_TEST_STR_CONTAINS(detail, "Nilüfer, Bursa");
    SAHA_TEST_EQ(reason_text(&m, &sol, acc(&fx, "S"), detail, sizeof detail),
                 SAHA_SKIP_CLOSED);
    SAHA_TEST_STR_CONTAINS(detail, "closed on Mo-Fr");
    SAHA_TEST_STR_CONTAINS(detail, "Sa 09:00-14:00");
    SAHA_TEST_EQ(reason_text(&m, &sol, acc(&fx, "O"), detail, sizeof detail),
                 SAHA_SKIP_OUTSIDE_HORIZON);
    SAHA_TEST_STR_CONTAINS(detail, "2027-01-05");
    SAHA_TEST_EQ(reason_text(&m, &sol, acc(&fx, "W"), detail, sizeof detail),
                 SAHA_SKIP_NOT_WORTH);
    SAHA_TEST_STR_CONTAINS(detail, "earns 1 ");
    SAHA_TEST_EQ(reason_text(&m, &sol, acc(&fx, "F"), detail, sizeof detail),
                 SAHA_SKIP_DRIVE_LIMIT);
    SAHA_TEST_STR_CONTAINS(detail, "60 min");
    SAHA_TEST_EQ(reason_text(&m, &sol, acc(&fx, "L2"), detail, sizeof detail),
                 SAHA_SKIP_NO_TIME);
    SAHA_TEST_STR_CONTAINS(detail, "full");
    /* names are stable */
    assert_string_equal(saha_skip_reason_name(SAHA_SKIP_NOT_WORTH), "not_worth");
    assert_string_equal(saha_skip_reason_name(SAHA_SKIP_OUTSIDE_HORIZON),
                        "outside_horizon");
    saha_plan__model_free(&m);
    fx_free(&fx);
}

/* Random small instances: accounts around home with random hours, visits and values. */
static char *random_csv(saha__rng *r, size_t n)
{
    static const char *const hours[] = {"",
                                        "Mo-Fr 08:30-18:00",
                                        "Mo-Fr 09:00-12:00,13:30-17:00",
                                        "Tu-Fr 10:00-16:00",
                                        "Mo,We,Fr 08:00-13:00",
                                        "Mo-Th 14:00-18:00"};
    size_t cap = 200 + n * 160, len;
    char *s = malloc(cap);
    assert_non_null(s);
    len = (size_t)snprintf(s, cap, "%s", HDR);
    for (size_t i = 0; i < n; i++) {
        double lat = HOME_LAT + (saha__rng_double(r) - 0.5) * 0.4;
        double lon = HOME_LON + (saha__rng_double(r) - 0.5) * 0.5;
        int v = 100 + (int)saha__rng_below(r, 5000);
        int minutes = 15 + 15 * (int)saha__rng_below(r, 4);
        size_t hi = saha__rng_below(r, 6);
        const char *h = hours[hi];
        /* must-visit only where it is always feasible: open all working day */
        const char *must = hi < 2 && saha__rng_below(r, 6) == 0 ? "true" : "";
        len += (size_t)snprintf(
            s + len, cap - len, "R%zu,Acc %zu,,%.5f,%.5f,%d,1,%d,%s%s%s,%s,,,\n", i, i,
            lat, lon, v, minutes, h[0] ? "\"" : "", h, h[0] ? "\"" : "", must);
    }
    return s;
}

typedef struct copy {
    saha_itinerary it;
    saha_plan_day days[8];
    saha_plan_stop stops[256];
    size_t off[8];
} copy;
/* Mutable stop k of day d of a copy. */
#define STOP(c, d, k) ((c).stops[(c).off[d] + (k)])

/* A mutable deep copy of an itinerary (days and stops). */
static void copy_it(copy *c, const saha_itinerary *it)
{
    size_t k = 0;
    assert_true(it->ndays <= 8);
    c->it = *it;
    for (size_t d = 0; d < it->ndays; d++) {
        c->days[d] = it->days[d];
        assert_true(k + it->days[d].nstops <= 256);
        memcpy(c->stops + k, it->days[d].stops, it->days[d].nstops * sizeof *c->stops);
        c->days[d].stops = c->stops + k;
        c->off[d] = k;
        k += it->days[d].nstops;
    }
    c->it.days = c->days;
}

static size_t check(const fixture *fx, const saha_itinerary *it, const saha_rep *rep,
                    char *msg, size_t cap)
{
    return saha_plan__check(fx->ctx, it, fx->set, rep, fx->dur, fx->dist, fx->n, MONDAY,
                            7, msg, cap);
}

static void test_checker_accepts_solver_output_rejects_broken(void **state)
{
    saha__rng r;
    (void)state;
    saha__rng_seed(&r, 42);
    for (int round = 0; round < 6; round++) {
        fixture fx;
        saha_plan *plan = NULL;
        saha_plan_options po;
        const saha_itinerary *it;
        char msg[256];
        char *csv = random_csv(&r, 12 + (size_t)round * 4);
        copy c;
        size_t visits = 0, di = SIZE_MAX;
        (void)saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION);

        fx_init(&fx);
        if (round % 2)
            fx.rep.max_drive_min = 90;
        fx_load(&fx, csv);
        po.start = MONDAY;
        po.iterations = 300;
        po.threads = 1;
        po.seed = (uint64_t)round + 1;
        SAHA_TEST_OK(fx.ctx,
                     saha_plan_solve(&plan, fx.ctx, fx.geo, fx.set, &fx.rep, &po));
        it = saha_plan_itinerary(plan);
        if (check(&fx, it, &fx.rep, msg, sizeof msg) != 0) {
            print_error("round %d: checker rejects solver output: %s\n", round, msg);
            for (size_t d = 0; d < it->ndays; d++) {
                print_error("day %zu leave %d return %d lunch %d after %zu n %zu\n", d,
                            it->days[d].leave_s, it->days[d].return_s,
                            it->days[d].lunch_start_s, it->days[d].lunch_after,
                            it->days[d].nstops);
                for (size_t k = 0; k < it->days[d].nstops; k++)
                    print_error("  %d %d %d\n", it->days[d].stops[k].arrive_s,
                                it->days[d].stops[k].start_s,
                                it->days[d].stops[k].depart_s);
            }
            fail();
        }
        /* every valid account is exactly once a visit or a skip */
        for (size_t d = 0; d < it->ndays; d++) {
            visits += it->days[d].nstops;
            if (it->days[d].nstops >= 2 && di == SIZE_MAX)
                di = d;
        }
        SAHA_TEST_EQ(visits + it->nskipped, saha_account_count(fx.set));
        assert_true(visits > 0);
        assert_int_not_equal(di, SIZE_MAX);

        /* broken on purpose: each must be rejected */
        copy_it(&c, it);
        STOP(c, di, 1).arrive_s -= 120;
        STOP(c, di, 1).start_s = STOP(c, di, 1).arrive_s;
        STOP(c, di, 1).depart_s -= 120;
        assert_true(check(&fx, &c.it, &fx.rep, msg, sizeof msg) > 0);

        copy_it(&c, it);
        c.days[di].lunch_start_s = -1;
        assert_true(check(&fx, &c.it, &fx.rep, msg, sizeof msg) > 0);

        copy_it(&c, it);
        c.days[di].lunch_start_s = 16 * 3600;
        c.days[di].lunch_after = c.days[di].nstops;
        assert_true(check(&fx, &c.it, &fx.rep, msg, sizeof msg) > 0);

        copy_it(&c, it);
        STOP(c, di, 1).account = STOP(c, di, 0).account;
        assert_true(check(&fx, &c.it, &fx.rep, msg, sizeof msg) > 0);

        /* an account lost (neither visited nor skipped), and totals that do not add up */
        if (it->nskipped > 0) {
            copy_it(&c, it);
            c.it.nskipped--;
            assert_true(check(&fx, &c.it, &fx.rep, msg, sizeof msg) > 0);
            SAHA_TEST_STR_CONTAINS(msg, "visited 0 times and skipped 0 times");
        }
        copy_it(&c, it);
        c.it.value_won += 100.0;
        assert_true(check(&fx, &c.it, &fx.rep, msg, sizeof msg) > 0);
        SAHA_TEST_STR_CONTAINS(msg, "value_won");

        copy_it(&c, it);
        STOP(c, di, 0).depart_s += 60; /* a visit shorter/longer than its duration */
        assert_true(check(&fx, &c.it, &fx.rep, msg, sizeof msg) > 0);
        SAHA_TEST_STR_CONTAINS(msg, "lasts");
        {
            /* the same plan under a tighter rep: earlier day end, tiny drive cap */
            saha_rep tight = fx.rep;
            tight.day_end_min = 11 * 60;
            assert_true(check(&fx, it, &tight, msg, sizeof msg) > 0);
            tight = fx.rep;
            tight.max_drive_min = 1;
            assert_true(check(&fx, it, &tight, msg, sizeof msg) > 0);
            SAHA_TEST_STR_CONTAINS(msg, "driving");
        }
        /* a visit moved to a time its account is closed */
        copy_it(&c, it);
        {
            int moved = 0;
            for (size_t d = 0; d < c.it.ndays && !moved; d++)
                for (size_t k = 0; k < c.days[d].nstops && !moved; k++) {
                    const saha_account *a =
                        saha_account_at(fx.set, STOP(c, d, k).account);
                    if (a->has_hours &&
                        !saha_hours_is_open(a->hours, c.days[d].weekday, 23 * 60)) {
                        int32_t shift = 23 * 3600 - STOP(c, d, k).start_s;
                        STOP(c, d, k).start_s += shift;
                        STOP(c, d, k).depart_s += shift;
                        moved = 1;
                    }
                }
            if (moved)
                assert_true(check(&fx, &c.it, &fx.rep, msg, sizeof msg) > 0);
        }
        saha_plan_free(plan);
        free(csv);
        fx_free(&fx);
    }
}

static void test_solve_end_to_end(void **state)
{
    fixture fx;
    saha_plan *plan = NULL;
    saha_plan_options po;
    const saha_itinerary *it;
    char msg[256];
    size_t visits = 0, must_seen = 0;
    (void)saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION);
    (void)state;
    fx_init(&fx);
    fx_load(&fx, model_csv);
    po.start = MONDAY;
    po.iterations = 300;
    po.threads = 1;
    SAHA_TEST_OK(fx.ctx, saha_plan_solve(&plan, fx.ctx, fx.geo, fx.set, &fx.rep, &po));
    it = saha_plan_itinerary(plan);
    SAHA_TEST_EQ(it->ndays, 5);
    assert_string_equal(it->currency, "EUR");
    if (check(&fx, it, &fx.rep, msg, sizeof msg) != 0) {
        print_error("checker: %s\n", msg);
        fail();
    }
    for (size_t d = 0; d < it->ndays; d++)
        for (size_t k = 0; k < it->days[d].nstops; k++) {
            const saha_plan_stop *s = &it->days[d].stops[k];
            visits++;
            if (s->account == acc(&fx, "D"))
                must_seen++;
            if (s->account == acc(&fx, "C")) {
                SAHA_TEST_EQ(d, 1); /* Tuesday */
                SAHA_TEST_EQ(s->start_s, 630 * 60);
            }
        }
    SAHA_TEST_EQ(must_seen, 1);
    SAHA_TEST_EQ(visits + it->nskipped, 6);
    /* the one without coordinates is skipped for that reason */
    {
        int found = 0;
        for (size_t i = 0; i < it->nskipped; i++)
            if (it->skipped[i].account == acc(&fx, "N")) {
                SAHA_TEST_EQ(it->skipped[i].reason, SAHA_SKIP_NO_COORDS);
                found = 1;
            }
        assert_true(found);
    }
    SAHA_TEST_NEAR(it->travel_cost,
                   it->drive_m / 1000.0 * 0.3 + it->drive_s / 3600.0 * 20, 1e-6);
    saha_plan_free(plan);
    fx_free(&fx);
}

/* D7 (issue #19): a list longer than SAHA_PLAN_MAX_CANDIDATES is cut before the travel
 * matrix: the must-visit account stays whatever its value, the cheap accounts are the
 * ones left out (as not_considered, each once), and the plan made from the kept ones
 * passes the independent checker against the full matrix. */
static void test_solve_preselects_big_list(void **state)
{
    enum { NBIG = SAHA_PLAN_MAX_CANDIDATES + 100, NCHEAP = 150 };
    size_t cap = 64 + (size_t)NBIG * 64, len = 0, nc = 0, visits = 0;
    char *csv = malloc(cap), msg[256];
    fixture fx;
    saha_plan *plan = NULL;
    saha_plan_options po;
    const saha_itinerary *it;
    int must_seen = 0;
    (void)state;
    assert_non_null(csv);
    len += (size_t)snprintf(csv + len, cap - len, "id,lat,lon,value,must_visit\n");
    for (size_t i = 0; i < NBIG; i++) {
        /* a 30 x 70 grid 1 km apart around home; the first NCHEAP are worth 1-150 */
        double lat = HOME_LAT - 0.15 + 0.009 * (double)(i % 30),
               lon = HOME_LON - 0.4 + 0.0118 * (double)(i / 30);
        len += (size_t)snprintf(csv + len, cap - len, "K%05zu,%.5f,%.5f,%zu,%d\n", i, lat,
                                lon, i < NCHEAP ? i + 1 : 5000 + i, i == 7);
    }
    fx_init(&fx);
    fx_load(&fx, csv);
    (void)saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION);
    po.start = MONDAY;
    po.iterations = 200;
    po.threads = 1;
    SAHA_TEST_OK(fx.ctx, saha_plan_solve(&plan, fx.ctx, fx.geo, fx.set, &fx.rep, &po));
    it = saha_plan_itinerary(plan);
    if (check(&fx, it, &fx.rep, msg, sizeof msg) != 0) {
        print_error("checker: %s\n", msg);
        fail();
    }
    for (size_t i = 0; i < it->nskipped; i++) {
        if (it->skipped[i].reason != SAHA_SKIP_NOT_CONSIDERED)
            continue;
        nc++;
        /* only cheap accounts are left out, and never the must-visit one */
        assert_true(it->skipped[i].account < NCHEAP);
        assert_true(it->skipped[i].account != acc(&fx, "K00007"));
        assert_string_equal(saha_skip_reason_name(it->skipped[i].reason),
                            "not_considered");
    }
    SAHA_TEST_EQ(nc, NBIG - SAHA_PLAN_MAX_CANDIDATES);
    for (size_t d = 0; d < it->ndays; d++)
        for (size_t k = 0; k < it->days[d].nstops; k++) {
            visits++;
            if (it->days[d].stops[k].account == acc(&fx, "K00007"))
                must_seen = 1;
        }
    assert_true(must_seen);
    assert_true(visits > 10);
    saha_plan_free(plan);
    fx_free(&fx);
    free(csv);
}

/* Hours of driving and visits per day (what the balance term weighs), and their spread
 * (longest - shortest) and sum of squares. */
static void day_work(const saha_itinerary *it, double *spread, double *sumsq)
{
    double lo = 0, hi = 0;
    *sumsq = 0;
    for (size_t d = 0; d < it->ndays; d++) {
        double w = it->days[d].nstops ? it->days[d].drive_s : 0;
        for (size_t k = 0; k < it->days[d].nstops; k++)
            w += it->days[d].stops[k].depart_s - it->days[d].stops[k].start_s;
        w /= 3600.0;
        if (d == 0 || w < lo)
            lo = w;
        if (d == 0 || w > hi)
            hi = w;
        *sumsq += w * w;
    }
    *spread = hi - lo;
}

/* Objective cost packs the visits into as few days as the hours allow; the balance
 * term spreads the same visits over the week: smaller spread and sum of squares, every
 * account still visited, and the plan still passes the checker. */
static void test_solve_balance(void **state)
{
    double spread[2], sumsq[2], drive[2];
    saha__rng r;
    char *csv;
    (void)state;
    saha__rng_seed(&r, 7);
    csv = random_csv(&r, 24);
    for (int b = 0; b < 2; b++) {
        fixture fx;
        saha_plan *plan = NULL;
        saha_plan_options po;
        const saha_itinerary *it;
        char msg[256];
        size_t visits = 0;
        (void)saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION);
        fx_init(&fx);
        fx_load(&fx, csv);
        po.start = MONDAY;
        po.objective = SAHA_OBJECTIVE_COST;
        po.iterations = 2000;
        po.threads = 1;
        po.balance = b ? 50.0 : 0.0;
        SAHA_TEST_OK(fx.ctx,
                     saha_plan_solve(&plan, fx.ctx, fx.geo, fx.set, &fx.rep, &po));
        it = saha_plan_itinerary(plan);
        if (check(&fx, it, &fx.rep, msg, sizeof msg) != 0) {
            print_error("balance %d: checker: %s\n", b, msg);
            fail();
        }
        for (size_t d = 0; d < it->ndays; d++)
            visits += it->days[d].nstops;
        SAHA_TEST_EQ(visits, 24);
        day_work(it, &spread[b], &sumsq[b]);
        drive[b] = it->drive_s;
        saha_plan_free(plan);
        fx_free(&fx);
    }
    print_message("spread %.2f h -> %.2f h, sum of squares %.1f -> %.1f, drive %.0f -> "
                  "%.0f s\n",
                  spread[0], spread[1], sumsq[0], sumsq[1], drive[0], drive[1]);
    assert_true(spread[0] > 3.0); /* without the term some day is much longer */
    assert_true(spread[1] < spread[0] - 1.0);
    assert_true(sumsq[1] < sumsq[0]);
    assert_true(drive[1] >= drive[0] - 1.0); /* it costs some driving, never saves */
    free(csv);
}

/* A negative or non-number balance is refused with SAHA_EINVAL. */
static void test_solve_balance_invalid(void **state)
{
    fixture fx;
    saha_plan *plan = NULL;
    saha_plan_options po;
    (void)saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION);
    (void)state;
    fx_init(&fx);
    fx_load(&fx, model_csv);
    po.start = MONDAY;
    po.iterations = 10;
    po.balance = -1;
    SAHA_TEST_EQ(saha_plan_solve(&plan, fx.ctx, fx.geo, fx.set, &fx.rep, &po),
                 SAHA_EINVAL);
    assert_null(plan);
    assert_non_null(strstr(saha_ctx_last_error(fx.ctx)->message, "balance"));
    po.balance = NAN;
    SAHA_TEST_EQ(saha_plan_solve(&plan, fx.ctx, fx.geo, fx.set, &fx.rep, &po),
                 SAHA_EINVAL);
    fx_free(&fx);
}

/* max_candidates: init sets SAHA_PLAN_MAX_CANDIDATES; past SAHA_PLAN_MAX_MODEL_ACCOUNTS
 * it is SAHA_EINVAL naming the option; with 3 over model_csv's five accounts with
 * coordinates, the two required ones (C appointment, D must-visit) and one other are
 * planned and the other two are skipped as not_considered, the detail giving 3. */
static void test_solve_max_candidates(void **state)
{
    fixture fx;
    saha_plan *plan = NULL;
    saha_plan_options po;
    const saha_itinerary *it;
    size_t nc = 0;
    (void)state;
    (void)saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION);
    SAHA_TEST_EQ(po.max_candidates, SAHA_PLAN_MAX_CANDIDATES);
    fx_init(&fx);
    fx_load(&fx, model_csv);
    po.start = MONDAY;
    po.iterations = 10;
    po.max_candidates = SAHA_PLAN_MAX_MODEL_ACCOUNTS + 1;
    SAHA_TEST_EQ(saha_plan_solve(&plan, fx.ctx, fx.geo, fx.set, &fx.rep, &po),
                 SAHA_EINVAL);
    assert_null(plan);
    assert_non_null(strstr(saha_ctx_last_error(fx.ctx)->message, "max_candidates"));
    po.max_candidates = 3;
    SAHA_TEST_OK(fx.ctx, saha_plan_solve(&plan, fx.ctx, fx.geo, fx.set, &fx.rep, &po));
    it = saha_plan_itinerary(plan);
    for (size_t i = 0; i < it->nskipped; i++) {
        const saha_plan_skip *sk = &it->skipped[i];
        const char *id = saha_account_at(fx.set, sk->account)->id;
        if (sk->reason != SAHA_SKIP_NOT_CONSIDERED)
            continue;
        nc++;
        assert_true(strcmp(id, "C") && strcmp(id, "D"));
        SAHA_TEST_NEAR(sk->why.num[0], 3.0, 0.0);
    }
    SAHA_TEST_EQ(nc, 2);
    saha_plan_free(plan);
    fx_free(&fx);
}

/* Cadence shorter than the horizon: one visit per period of F days from the due day.
 * Mo-Fr week of 7 days. F2: every 2 days, overdue: periods Mo-Tu, We-Th, Fr-Sa, Su, so
 * three visits (Su is no working day). F3 last visited the Sunday before: due We, periods
 * We-Fr and Sa-Su: one visit, not before We. W7: weekly (F = horizon): one visit. All
 * are valuable and near home, so the plan takes every visit it may. */
static const char cadence_csv[] =
    HDR "F2,Every two days,,40.215,29.015,9000,1,30,,,,2026-11-01,2\n"
        "F3,Every three days,,40.205,29.020,9000,1,30,,,,2026-11-29,3\n"
        "W7,Weekly,,40.200,29.000,9000,1,30,,,,2026-11-01,7\n"
        "P0,Plain,,40.212,29.005,9000,1,30,,,,,\n"
        "T2,Twin of F2,,40.215,29.015,9000,1,30,,,,,\n"
        "T7,Twin of W7,,40.200,29.000,9000,1,30,,,,,\n";

static void test_solve_cadence_repeat_visits(void **state)
{
    fixture fx;
    saha_plan *plan = NULL;
    saha_plan_options po;
    const saha_itinerary *it;
    char msg[256];
    size_t n[4] = {0, 0, 0, 0};
    int f2_days[5] = {0, 0, 0, 0, 0};
    const char *ids[4] = {"F2", "F3", "W7", "P0"};
    copy c;
    (void)saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION);
    (void)state;
    fx_init(&fx);
    fx_load(&fx, cadence_csv);
    po.start = MONDAY;
    po.iterations = 500;
    po.threads = 1;
    SAHA_TEST_OK(fx.ctx, saha_plan_solve(&plan, fx.ctx, fx.geo, fx.set, &fx.rep, &po));
    it = saha_plan_itinerary(plan);
    if (check(&fx, it, &fx.rep, msg, sizeof msg) != 0) {
        print_error("checker: %s\n", msg);
        fail();
    }
    SAHA_TEST_EQ(it->nskipped, 0);
    for (size_t d = 0; d < it->ndays; d++)
        for (size_t k = 0; k < it->days[d].nstops; k++)
            for (size_t i = 0; i < 4; i++)
                if (it->days[d].stops[k].account == acc(&fx, ids[i])) {
                    n[i]++;
                    if (i == 0)
                        f2_days[d]++;
                    if (i == 1)
                        assert_true(d >= 2); /* not before it is due (We) */
                }
    SAHA_TEST_EQ(n[0], 3);
    SAHA_TEST_EQ(f2_days[0] + f2_days[1], 1);
    SAHA_TEST_EQ(f2_days[2] + f2_days[3], 1);
    SAHA_TEST_EQ(f2_days[4], 1);
    SAHA_TEST_EQ(n[1], 1);
    SAHA_TEST_EQ(n[2], 1);
    SAHA_TEST_EQ(n[3], 1);
    /* repeat visits earn value x probability; the first one x urgency too */
    {
        double won = 0;
        for (size_t d = 0; d < it->ndays; d++)
            won += it->days[d].value;
        SAHA_TEST_NEAR(won, it->value_won, 1e-6);
        assert_true(won > 6 * 9000.0 - 1e-6);
    }
    /* The checker refuses a second visit of F2 in one of its periods and a second visit
     * of the weekly W7: T2 and T7 are twins at the same place (same legs, same hours),
     * so relabelling a twin's stop changes nothing but whose visit it is. */
    for (int which = 0; which < 2; which++) {
        size_t twin = acc(&fx, which ? "T7" : "T2"), orig = acc(&fx, which ? "W7" : "F2");
        int done = 0;
        copy_it(&c, it);
        for (size_t d = 0; d < c.it.ndays && !done; d++)
            for (size_t k = 0; k < c.days[d].nstops && !done; k++)
                if (STOP(c, d, k).account == twin) {
                    STOP(c, d, k).account = orig;
                    done = 1;
                }
        assert_true(done);
        assert_true(check(&fx, &c.it, &fx.rep, msg, sizeof msg) > 0);
        SAHA_TEST_STR_CONTAINS(msg, which ? "W7 is visited 2 times without a cadence"
                                          : "F2: two visits in one 2-day cadence period");
    }
    saha_plan_free(plan);
    fx_free(&fx);
}

/* Overnight stays: twelve valuable accounts in a cluster about 100 km from home (an
 * hour and a half each way), four near home. Allowed at a modest hotel price, the plan
 * spends nights near the cluster (consecutive days, the next day starting where the
 * last one ended), wins at least as much as the all-home plan, and passes the checker;
 * at a prohibitive price or when not allowed, every day starts and ends at home. */
static char *far_csv(void)
{
    size_t cap = 4096, len;
    char *s = malloc(cap);
    assert_non_null(s);
    len = (size_t)snprintf(s, cap, "%s", HDR);
    for (int i = 0; i < 12; i++)
        len += (size_t)snprintf(s + len, cap - len,
                                "F%02d,Far %d,,%.4f,%.4f,4000,1,45,,,,,\n", i, i,
                                41.05 + 0.01 * (i % 4), 29.02 + 0.012 * (i / 4));
    for (int i = 0; i < 4; i++)
        len +=
            (size_t)snprintf(s + len, cap - len, "N%d,Near %d,,%.4f,%.4f,500,1,30,,,,,\n",
                             i, i, HOME_LAT + 0.01 * i, HOME_LON + 0.01);
    return s;
}

static void run_far(const char *csv, int allowed, double hotel, size_t *nights,
                    double *profit)
{
    fixture fx;
    saha_plan *plan = NULL;
    saha_plan_options po;
    const saha_itinerary *it;
    char msg[256];
    copy c;
    (void)saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION);
    fx_init(&fx);
    fx.rep.overnight_allowed = allowed;
    fx.rep.hotel_cost = hotel;
    fx_load(&fx, csv);
    po.start = MONDAY;
    po.iterations = 400;
    po.threads = 1;
    SAHA_TEST_OK(fx.ctx, saha_plan_solve(&plan, fx.ctx, fx.geo, fx.set, &fx.rep, &po));
    it = saha_plan_itinerary(plan);
    if (check(&fx, it, &fx.rep, msg, sizeof msg) != 0) {
        print_error("overnight %d/%g: checker: %s\n", allowed, hotel, msg);
        fail();
    }
    *nights = it->nights;
    *profit = it->value_won - it->travel_cost - it->hotel_cost;
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        if (day->end_hotel == SIZE_MAX)
            continue;
        /* a hotel is near the far cluster, and tomorrow starts there */
        assert_true(saha_account_at(fx.set, day->end_hotel)->id[0] == 'F');
        assert_true(d + 1 < it->ndays);
        SAHA_TEST_EQ(it->days[d + 1].start_hotel, day->end_hotel);
        assert_true(it->days[d + 1].start_pos.lat_deg == day->end_pos.lat_deg);
        /* broken on purpose: the next day starting at home instead */
        copy_it(&c, it);
        c.days[d + 1].start_hotel = SIZE_MAX;
        c.days[d + 1].start_pos = fx.rep.home;
        assert_true(check(&fx, &c.it, &fx.rep, msg, sizeof msg) > 0);
        SAHA_TEST_STR_CONTAINS(msg, "does not start from");
    }
    saha_plan_free(plan);
    fx_free(&fx);
}

static void test_solve_overnight(void **state)
{
    char *csv = far_csv();
    size_t n_home, n_away, n_dear;
    double p_home, p_away, p_dear;
    (void)state;
    run_far(csv, 0, 60, &n_home, &p_home);
    run_far(csv, 1, 60, &n_away, &p_away);
    run_far(csv, 1, 1e6, &n_dear, &p_dear);
    print_message("all home %.0f, nights %zu: %.0f, prohibitive hotel %zu nights: %.0f\n",
                  p_home, n_away, p_away, n_dear, p_dear);
    SAHA_TEST_EQ(n_home, 0);
    assert_true(n_away >= 1);
    assert_true(p_away > p_home);
    SAHA_TEST_EQ(n_dear, 0);
    free(csv);
}

static void test_solve_infeasible_names_account(void **state)
{
    fixture fx;
    saha_plan *plan = NULL;
    saha_plan_options po;
    (void)saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION);
    (void)state;
    fx_init(&fx);
    /* two appointments at the same time, 90 km apart: they cannot both be kept */
    fx_load(&fx, HDR "P1,Bursa,,40.20,29.02,100,1,30,,,2026-12-01T10:00,,\n"
                     "P2,Istanbul,,41.00,29.00,100,1,30,,,2026-12-01T10:00,,\n");
    po.start = MONDAY;
    po.iterations = 200;
    po.threads = 1;
    SAHA_TEST_EQ(saha_plan_solve(&plan, fx.ctx, fx.geo, fx.set, &fx.rep, &po),
                 SAHA_EINFEASIBLE);
    assert_null(plan);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(fx.ctx)->message, "appointment");
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(fx.ctx)->message, "account P");
    fx_free(&fx);
}

/* Plans the accounts with a daily drive cap of cap_min minutes; expects no plan and
 * returns the error message (in fx's context). */
static const char *infeasible_message(fixture *fx, const char *csv, int cap_min)
{
    saha_plan *plan = NULL;
    saha_plan_options po;
    (void)saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION);
    fx_load(fx, csv);
    fx->rep.max_drive_min = cap_min;
    po.start = MONDAY;
    po.iterations = 300;
    po.threads = 1;
    SAHA_TEST_EQ(saha_plan_solve(&plan, fx->ctx, fx->geo, fx->set, &fx->rep, &po),
                 SAHA_EINFEASIBLE);
    assert_null(plan);
    print_message("%s\n", saha_ctx_last_error(fx->ctx)->message);
    return saha_ctx_last_error(fx->ctx)->message;
}

/* plan_explain.c: a required visit that cannot be placed is explained only when the
 * explanation is a proof. Model legs: home-E and home-W 58 min each, E-W 93 min. */
static void test_solve_infeasible_explained(void **state)
{
    fixture fx;
    const char *msg;
    (void)state;
    /* two appointments on Monday 43 km east and west of home, a 150 min cap: each fits
     * alone (116 min there and back), both take 58 + 93 + 58 min */
    fx_init(&fx);
    msg = infeasible_message(&fx,
                             HDR "E,East,,40.2106,29.40,100,1,30,,,2026-11-30T10:00,,\n"
                                 "W,West,,40.2106,28.62,100,1,30,,,2026-11-30T15:00,,\n",
                             150);
    SAHA_TEST_STR_CONTAINS(msg, "(appointment) can only be on Mo 2026-11-30");
    SAHA_TEST_STR_CONTAINS(msg,
                           "do not fit into one day: doing both is 209 min of driving");
    SAHA_TEST_STR_CONTAINS(msg, "more than the 150 min a day allows");
    fx_free(&fx);
    /* the same at a 100 min cap: neither fits even alone */
    fx_init(&fx);
    msg = infeasible_message(&fx,
                             HDR "E,East,,40.2106,29.40,100,1,30,,,2026-11-30T10:00,,\n"
                                 "W,West,,40.2106,28.62,100,1,30,,,2026-11-30T15:00,,\n",
                             100);
    SAHA_TEST_STR_CONTAINS(msg,
                           "the drive there and back alone is 116 min, more than the "
                           "100 min a day allows");
    fx_free(&fx);
    /* three appointments 21-24 km out, any two fit a 140 min cap (111-118 min) but not
     * all three (at least 152): no pair is to blame, so nothing is claimed */
    fx_init(&fx);
    msg =
        infeasible_message(&fx,
                           HDR "E2,East,,40.2106,29.20,100,1,30,,,2026-11-30T09:30,,\n"
                               "W2,West,,40.2106,28.82,100,1,30,,,2026-11-30T12:30,,\n"
                               "N2,North,,40.38,29.0095,100,1,30,,,2026-11-30T15:30,,\n",
                           140);
    SAHA_TEST_STR_CONTAINS(msg, "no plan found fits it with the other required visits");
    assert_null(strstr(msg, "can only be on"));
    assert_null(strstr(msg, "alone"));
    fx_free(&fx);
}

/* Every allocation failing in turn: SAHA_ENOMEM (or success), never a leak or crash. */
static void test_solve_enomem(void **state)
{
    fixture fx;
    size_t leaks = 0;
    (void)state;
    fx_init(&fx);
    fx_load(&fx, model_csv);
    for (size_t k = 0; k < 4000; k++) {
        saha_test_alloc ta = {k, 0, 0};
        saha_allocator al;
        saha_ctx *ctx = saha_test_ctx_failing(&ta, &al);
        saha_plan *plan = NULL;
        saha_plan_options po;
        saha_status rc;
        (void)saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION);
        if (!ctx)
            continue;
        po.start = MONDAY;
        po.iterations = 50;
        po.threads = 1;
        rc = saha_plan_solve(&plan, ctx, fx.geo, fx.set, &fx.rep, &po);
        if (rc == SAHA_OK)
            assert_non_null(plan);
        else
            SAHA_TEST_EQ(rc, SAHA_ENOMEM);
        saha_plan_free(plan);
        saha_ctx_free(ctx);
        if (ta.live != 0) {
            print_error("allocation %zu failing (rc %d): %zu blocks leaked\n", k, (int)rc,
                        ta.live);
            leaks++;
        }
        if (rc == SAHA_OK && ta.count <= k)
            break; /* no allocation failed: all points covered */
    }
    fx_free(&fx);
    SAHA_TEST_EQ(leaks, 0);
}

/* ---- re-planning ------------------------------------------------------------------ */

static const char replan_csv[] = HDR "A,Alfa,,40.22,29.02,9000,1,30,,,,,\n"
                                     "B,Bravo,,40.20,29.03,8000,1,30,,,,,\n"
                                     "C,Charlie,,40.23,29.00,7000,1,30,,,,,\n"
                                     "D,Delta,,40.19,29.01,6000,1,30,,,,,\n"
                                     "E,Echo,,40.21,28.99,5000,1,30,,,,,\n";

static void test_visit_log_parse(void **state)
{
    fixture fx;
    saha_visit_log *log = NULL;
    const char *tr = "\xEF\xBB\xBFkod;zaman;sonu\xC3\xA7;not\r\n"
                     "A;2026-11-30 09:00;yap\xC4\xB1ld\xC4\xB1;ok\r\n"
                     "B;2026-11-30 10:00;iptal;\"aradi; sonra\"\r\n"
                     ";;;\r\n"
                     "C;2026-12-01 11:00;gelmedi;\r\n"
                     "D;2026-12-02 14:30;ertelendi;\r\n";
    (void)state;
    fx_init(&fx);
    fx_load(&fx, replan_csv);
    SAHA_TEST_OK(fx.ctx,
                 saha_visit_log_parse(&log, fx.ctx, "v.csv", tr, strlen(tr), fx.set));
    SAHA_TEST_EQ(saha_visit_log_count(log), 4);
    SAHA_TEST_EQ(saha_visit_log_at(log, 0)->outcome, SAHA_VISIT_DONE);
    SAHA_TEST_EQ(saha_visit_log_at(log, 1)->outcome, SAHA_VISIT_CANCELLED);
    assert_string_equal(saha_visit_log_at(log, 1)->notes, "aradi; sonra");
    SAHA_TEST_EQ(saha_visit_log_at(log, 2)->outcome, SAHA_VISIT_NO_SHOW);
    SAHA_TEST_EQ(saha_visit_log_at(log, 2)->line, 5); /* the blank record is skipped */
    SAHA_TEST_EQ(saha_visit_log_at(log, 3)->outcome, SAHA_VISIT_RESCHEDULED);
    SAHA_TEST_EQ(saha_visit_log_at(log, 3)->when.hour, 14);
    SAHA_TEST_EQ(saha_visit_log_at(log, 3)->account, acc(&fx, "D"));
    saha_visit_log_free(log);
    {
        static const struct {
            const char *text, *want;
        } bad[] = {
            {"id,when,outcome\nA,2026-11-30 09:00,done\nZ,2026-11-30 10:00,done\n",
             "id: not a valid account: 'Z'"},
            {"id,when,outcome\nA,2026-11-30,done\n", "when: expected local"},
            {"id,when,outcome\nA,2026-11-30 09:00,maybe\n", "outcome: expected done"},
            {"id,outcome\nA,done\n", "when: no such column"},
            {"id,when,outcome\nA,\"2026-11-30 09:00,done\n", "never closed"},
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            log = NULL;
            SAHA_TEST_EQ(saha_visit_log_parse(&log, fx.ctx, "v.csv", bad[i].text,
                                              strlen(bad[i].text), fx.set),
                         SAHA_EPARSE);
            assert_null(log);
            SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(fx.ctx)->message, bad[i].want);
            assert_string_equal(saha_ctx_last_error(fx.ctx)->source, "v.csv");
        }
        SAHA_TEST_EQ(saha_ctx_last_error(fx.ctx)->line, 2);
    }
    fx_free(&fx);
}

/* The previous itinerary's night columns: "" is home, an id the hotel near that
 * account; an id that is not a valid account is an error naming the column. */
static void test_previous_plan_nights(void **state)
{
    fixture fx;
    saha_previous_plan *pp = NULL;
    const char *ok = "date,id,start,night_before,night_after\n"
                     "2026-11-30,A,09:00,,C\n"
                     "2026-12-01,B,10:00,C,\n";
    const char *bad = "date,id,start,night_after\n2026-11-30,A,09:00,Z\n";
    (void)state;
    fx_init(&fx);
    fx_load(&fx, replan_csv);
    SAHA_TEST_OK(fx.ctx,
                 saha_previous_plan_parse(&pp, fx.ctx, "p.csv", ok, strlen(ok), fx.set));
    SAHA_TEST_EQ(saha_previous_plan_count(pp), 2);
    SAHA_TEST_EQ(saha_previous_plan_at(pp, 0)->night_before, SIZE_MAX);
    SAHA_TEST_EQ(saha_previous_plan_at(pp, 0)->night_after, acc(&fx, "C"));
    SAHA_TEST_EQ(saha_previous_plan_at(pp, 1)->night_before, acc(&fx, "C"));
    SAHA_TEST_EQ(saha_previous_plan_at(pp, 1)->night_after, SIZE_MAX);
    saha_previous_plan_free(pp);
    pp = NULL;
    SAHA_TEST_EQ(saha_previous_plan_parse(&pp, fx.ctx, "p.csv", bad, strlen(bad), fx.set),
                 SAHA_EPARSE);
    assert_null(pp);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(fx.ctx)->message,
                           "night_after: not a valid account: 'Z'");
    SAHA_TEST_EQ(saha_ctx_last_error(fx.ctx)->line, 2);
    fx_free(&fx);
}

/* Writes the itinerary as the previous-plan CSV saha plan --csv would (the columns the
 * reader needs), parses it back. */
static saha_previous_plan *as_previous(fixture *fx, const saha_itinerary *it,
                                       const char *conf)
{
    char buf[4096];
    size_t o = 0;
    saha_previous_plan *pp = NULL;
    o += (size_t)snprintf(buf + o, sizeof buf - o,
                          "date,id,start,confirmed,uid,sequence\n");
    for (size_t d = 0; d < it->ndays; d++)
        for (size_t k = 0; k < it->days[d].nstops; k++) {
            const saha_plan_stop *s = &it->days[d].stops[k];
            const saha_account *a = saha_account_at(fx->set, s->account);
            int m = (s->start_s + 30) / 60;
            o += (size_t)snprintf(
                buf + o, sizeof buf - o, "%04d-%02d-%02d,%s,%02d:%02d,%s,%s,%u\n",
                it->days[d].date.year, it->days[d].date.month, it->days[d].date.day,
                a->id, m / 60, m % 60, conf && !strcmp(conf, a->id) ? "yes" : "", s->uid,
                s->sequence);
        }
    SAHA_TEST_OK(fx->ctx,
                 saha_previous_plan_parse(&pp, fx->ctx, "prev.csv", buf, o, fx->set));
    return pp;
}

static const saha_plan_stop *find_stop(const saha_itinerary *it, size_t a, size_t *day)
{
    for (size_t d = 0; d < it->ndays; d++)
        for (size_t k = 0; k < it->days[d].nstops; k++)
            if (it->days[d].stops[k].account == a) {
                *day = d;
                return &it->days[d].stops[k];
            }
    return NULL;
}

static void test_replan_solve(void **state)
{
    fixture fx;
    saha_plan *p1 = NULL, *p2 = NULL;
    saha_plan_options po;
    const saha_itinerary *it1, *it2;
    saha_previous_plan *prev;
    saha_visit_log *log = NULL;
    saha_datetime off = {2026, 12, 2, 0, 0}; /* Wednesday */
    char text[512], msg[256];
    size_t d0 = 0, d, done_acc = SIZE_MAX, canc = SIZE_MAX, o = 0;
    const saha_plan_stop *s;
    (void)state;
    saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION);
    fx_init(&fx);
    fx.rep.max_visits = 2; /* spread A-E over the days */
    fx_load(&fx, replan_csv);
    po.start = MONDAY;
    po.horizon_days = 5;
    po.iterations = 300;
    po.threads = 1;
    SAHA_TEST_OK(fx.ctx, saha_plan_solve(&p1, fx.ctx, fx.geo, fx.set, &fx.rep, &po));
    it1 = saha_plan_itinerary(p1);
    assert_true(it1->days[0].nstops > 0);
    /* UIDs: account, horizon start, visit ordinal; SEQUENCE 0 */
    s = &it1->days[0].stops[0];
    snprintf(text, sizeof text, "%s-20261130-1@saha",
             saha_account_at(fx.set, s->account)->id);
    assert_string_equal(s->uid, text);
    SAHA_TEST_EQ(s->sequence, 0);
    /* log: Monday's first visit done at its time; a later visit cancelled */
    done_acc = s->account;
    for (size_t k = 1; k < it1->ndays; k++) /* the last visit after Monday */
        if (it1->days[k].nstops)
            canc = it1->days[k].stops[it1->days[k].nstops - 1].account;
    assert_true(canc != SIZE_MAX);
    o += (size_t)snprintf(text + o, sizeof text - o,
                          "id,when,outcome\n%s,2026-11-30 %02d:%02d,done\n",
                          saha_account_at(fx.set, done_acc)->id, (s->start_s + 30) / 3600,
                          (s->start_s + 30) / 60 % 60);
    o += (size_t)snprintf(text + o, sizeof text - o, "%s,2026-11-30 17:00,cancelled\n",
                          saha_account_at(fx.set, canc)->id);
    SAHA_TEST_OK(fx.ctx, saha_visit_log_parse(&log, fx.ctx, "log.csv", text, o, fx.set));
    prev = as_previous(&fx, it1, NULL);
    /* the un-replanned week fails the re-plan checker: it is still on the day off */
    po.visits = log;
    po.previous = prev;
    po.moment = (saha_datetime){2026, 12, 1, 8, 0}; /* Tuesday 08:00 */
    po.days_off = &off;
    po.ndays_off = 1;
    po.stability = 1e6;
    assert_true(saha_plan__check_replan(fx.ctx, it1, fx.set, &fx.rep, fx.dur, fx.dist,
                                        fx.n, &po, msg, sizeof msg) > 0);
    SAHA_TEST_OK(fx.ctx, saha_plan_solve(&p2, fx.ctx, fx.geo, fx.set, &fx.rep, &po));
    it2 = saha_plan_itinerary(p2);
    if (saha_plan__check_replan(fx.ctx, it2, fx.set, &fx.rep, fx.dur, fx.dist, fx.n, &po,
                                msg, sizeof msg) != 0) {
        print_error("checker: %s\n", msg);
        fail();
    }
    /* Monday as it happened, frozen */
    SAHA_TEST_EQ(it2->days[0].nstops, it1->days[0].nstops);
    for (size_t k = 0; k < it1->days[0].nstops; k++) {
        SAHA_TEST_EQ(it2->days[0].stops[k].account, it1->days[0].stops[k].account);
        assert_true(it2->days[0].stops[k].frozen);
        assert_true(abs(it2->days[0].stops[k].start_s - it1->days[0].stops[k].start_s) <=
                    120);
    }
    s = find_stop(it2, canc, &d);
    assert_null(s);
    for (size_t i = 0; i < it2->nskipped; i++)
        if (it2->skipped[i].account == canc)
            SAHA_TEST_EQ(it2->skipped[i].reason, SAHA_SKIP_CANCELLED);
    for (size_t k = 0; k < it2->ndays; k++) /* no Wednesday */
        assert_false(it2->days[k].date.day == 2);
    /* changes: one per previous visit (kept / moved / dropped), UIDs carried over */
    {
        size_t n_prev = 0, n_old = 0, n_canc = 0;
        for (size_t k = 0; k < it1->ndays; k++)
            n_prev += it1->days[k].nstops;
        for (size_t i = 0; i < it2->nchanges; i++) {
            const saha_plan_change *c = &it2->changes[i];
            if (c->status != SAHA_CHANGE_ADDED)
                n_old++;
            if (c->account == canc) {
                SAHA_TEST_EQ(c->status, SAHA_CHANGE_DROPPED);
                assert_string_equal(c->reason, "cancelled by the customer");
                n_canc++;
            }
            if (c->status == SAHA_CHANGE_KEPT || c->status == SAHA_CHANGE_MOVED) {
                int same = c->from.day == c->to.day && c->from.hour == c->to.hour &&
                           c->from.minute == c->to.minute;
                SAHA_TEST_EQ(c->sequence, same ? 0u : 1u); /* SEQUENCE counts changes */
            }
        }
        SAHA_TEST_EQ(n_old, n_prev);
        SAHA_TEST_EQ(n_canc, 1);
    }
    s = find_stop(it2, done_acc, &d0);
    assert_non_null(s);
    assert_string_equal(s->uid, it1->days[0].stops[0].uid);
    saha_plan_free(p2);
    saha_plan_free(p1);
    saha_previous_plan_free(prev);
    saha_visit_log_free(log);
    fx_free(&fx);
}

/* A long account id (450 bytes, with bytes to escape) keeps its whole escaped form in
 * both UID rules: a new visit's "<id>-<start>-<k>@saha", and the old "<id>-<date>@saha"
 * a previous plan without a uid column falls back to (the one the ICS writer made), so
 * a re-plan still updates the calendar event of such an account. */
static void test_uid_long_id(void **state)
{
    fixture fx;
    saha_plan *p1 = NULL, *p2 = NULL;
    saha_plan_options po;
    const saha_itinerary *it;
    saha_previous_plan *prev = NULL;
    char id[451], esc[1400], csv[2048], want[1500], pcsv[1024];
    size_t e = 0, n;
    (void)state;
    for (size_t i = 0; i < 450; i++)
        id[i] = i % 50 == 49 ? '+' : (char)('a' + i % 26);
    id[450] = '\0';
    for (size_t i = 0; i < 450; i++)
        e += (size_t)(id[i] == '+' ? snprintf(esc + e, sizeof esc - e, "%%2B")
                                   : snprintf(esc + e, sizeof esc - e, "%c", id[i]));
    snprintf(csv, sizeof csv, HDR "%s,Long,,40.22,29.02,9000,1,30,,,,,\n", id);
    saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION);
    fx_init(&fx);
    fx_load(&fx, csv);
    po.start = MONDAY;
    po.horizon_days = 1;
    po.iterations = 50;
    po.threads = 1;
    SAHA_TEST_OK(fx.ctx, saha_plan_solve(&p1, fx.ctx, fx.geo, fx.set, &fx.rep, &po));
    it = saha_plan_itinerary(p1);
    SAHA_TEST_EQ(it->days[0].nstops, 1);
    snprintf(want, sizeof want, "%s-20261130-1@saha", esc);
    assert_string_equal(it->days[0].stops[0].uid, want);
    /* a previous plan from before the uid column: the visit keeps the old UID */
    n = (size_t)snprintf(pcsv, sizeof pcsv, "date,id,start\n2026-11-30,%s,09:00\n", id);
    SAHA_TEST_OK(fx.ctx,
                 saha_previous_plan_parse(&prev, fx.ctx, "prev.csv", pcsv, n, fx.set));
    po.previous = prev;
    SAHA_TEST_OK(fx.ctx, saha_plan_solve(&p2, fx.ctx, fx.geo, fx.set, &fx.rep, &po));
    it = saha_plan_itinerary(p2);
    SAHA_TEST_EQ(it->days[0].nstops, 1);
    snprintf(want, sizeof want, "%s-20261130@saha", esc);
    assert_string_equal(it->days[0].stops[0].uid, want);
    saha_plan_free(p2);
    saha_plan_free(p1);
    saha_previous_plan_free(prev);
    fx_free(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_windows_and_days),
        cmocka_unit_test(test_model_appointment_lunch_caps),
        cmocka_unit_test(test_cadence_formula),
        cmocka_unit_test(test_model_infeasible_inputs),
        cmocka_unit_test(test_reasons),
        cmocka_unit_test(test_checker_accepts_solver_output_rejects_broken),
        cmocka_unit_test(test_solve_end_to_end),
        cmocka_unit_test(test_solve_preselects_big_list),
        cmocka_unit_test(test_solve_balance),
        cmocka_unit_test(test_solve_cadence_repeat_visits),
        cmocka_unit_test(test_solve_overnight),
        cmocka_unit_test(test_solve_balance_invalid),
        cmocka_unit_test(test_solve_max_candidates),
        cmocka_unit_test(test_solve_infeasible_names_account),
        cmocka_unit_test(test_solve_infeasible_explained),
        cmocka_unit_test(test_solve_enomem),
        cmocka_unit_test(test_visit_log_parse),
        cmocka_unit_test(test_previous_plan_nights),
        cmocka_unit_test(test_replan_solve),
        cmocka_unit_test(test_uid_long_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
