/* Tests for quarter plans (plan_cadence.c): visit windows keep any two consecutive
 * visits F +- T apart (random inputs); the stretch factor is the smallest that fits
 * (against a brute-force scan on small random cases); the tolerance column and the
 * rep file's holidays, holiday file and working hours parse, with FILE:LINE errors; and
 * a whole 4-week plan end to end: holidays and days off never worked, a half day ends
 * at its hour, PH-off accounts left alone on it, spacing within tolerance and the
 * independent checker's verdict (helper_plan_check.c, which checks spacing itself). */
#include "saha_test.h"

#include <stdio.h>
#include <unistd.h>

#include "internal/core.h"
#include "helper_plan_check.h"
#include "internal/plan_cadence.h"
#include "internal/plan_model.h"

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

static void test_windows_spacing(void **state)
{
    uint64_t seed = 7;
    (void)state;
    for (int iter = 0; iter < 20000; iter++) {
        int f = 1 + (int)(lcg(&seed) % 90), horizon = 7 * (1 + (int)(lcg(&seed) % 13));
        int tol = (int)floor((double)(lcg(&seed) % 51) / 100.0 * f + 0.5);
        int has_last = (int)(lcg(&seed) % 2), due0 = (int)(lcg(&seed) % 200) - 100;
        int pmin, pmax, lo[SAHA_PLAN__MAX_SLOTS], hi[SAHA_PLAN__MAX_SLOTS];
        uint8_t req[SAHA_PLAN__MAX_SLOTS];
        size_t n;
        int phase;
        saha_plan__cadence_phase_range(has_last, due0, f, tol, &pmin, &pmax);
        assert_true(pmin <= pmax);
        assert_true(pmin >= 0);
        phase = pmin + (int)(lcg(&seed) % (uint64_t)(pmax - pmin + 1));
        if (has_last && due0 >= 0) /* first visit within tolerance of the due day */
            assert_true(phase - saha_plan__cadence_half(tol) >= due0 - tol &&
                        phase + saha_plan__cadence_half(tol) <= due0 + tol);
        n = saha_plan__cadence_windows(f, tol, phase, horizon, lo, hi, req,
                                       SAHA_PLAN__MAX_SLOTS);
        for (size_t k = 0; k < n; k++) {
            assert_true(lo[k] >= 0 && lo[k] < hi[k] && hi[k] <= horizon);
            if (k + 1 < n) {
                /* the extremes: earliest of one and latest of the next, and back */
                int gmax = hi[k + 1] - 1 - lo[k], gmin = lo[k + 1] - (hi[k] - 1);
                assert_true(gmax <= f + tol);
                assert_true(gmin >= f - tol);
                assert_true(lo[k + 1] >= hi[k]); /* never overlap */
            }
            if (req[k])
                assert_true(hi[k] <= horizon);
        }
        /* every owed window closes inside the horizon; the count matches */
        for (size_t k = 0; k + 1 < n; k++)
            assert_true(req[k] || !req[k + 1]);
    }
}

static void test_stretch_bruteforce(void **state)
{
    uint64_t seed = 11;
    (void)state;
    for (int iter = 0; iter < 300; iter++) {
        saha_plan__cad_need n[6];
        size_t cnt = 1 + lcg(&seed) % 6;
        int horizon = 7 * (1 + (int)(lcg(&seed) % 13));
        double need1, avail, s, brute = 4.0;
        for (size_t i = 0; i < cnt; i++) {
            n[i].freq = 3 + (int)(lcg(&seed) % 40);
            n[i].tol_days = -1;
            n[i].share = (double)(lcg(&seed) % 40) / 100.0;
            n[i].has_last = (int)(lcg(&seed) % 2);
            n[i].last_off = -(int64_t)(lcg(&seed) % 60);
            n[i].work_s = 1800 + (double)(lcg(&seed) % 7200);
        }
        need1 = saha_plan__cadence_need_s(n, cnt, 1.0, horizon);
        avail = need1 * (double)(20 + lcg(&seed) % 100) / 100.0;
        s = saha_plan__cadence_stretch(n, cnt, horizon, avail);
        for (int pc = 100; pc <= 400; pc++)
            if (saha_plan__cadence_need_s(n, cnt, pc / 100.0, horizon) <= avail) {
                brute = pc / 100.0;
                break;
            }
        SAHA_TEST_NEAR(s, brute, 1e-9); /* exactly the grid point */
        if (s > 1.0 && s < 4.0) {
            assert_true(saha_plan__cadence_need_s(n, cnt, s, horizon) <= avail);
            assert_true(saha_plan__cadence_need_s(n, cnt, s - 0.01, horizon) > avail);
        }
    }
}

static saha_account_set *load(saha_ctx *ctx, const char *csv)
{
    saha_account_set *set = NULL;
    saha_account_load_options lo;
    (void)saha_account_load_options_init(&lo, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    lo.format = SAHA_ACCOUNT_FORMAT_CSV;
    SAHA_TEST_OK(ctx, saha_account_parse(&set, ctx, "acc.csv", csv, strlen(csv), &lo));
    return set;
}

static void test_tolerance_column(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set =
        load(ctx, "id,lat,lon,frequency_days,frequency_tolerance\n"
                  "A,40.2,29.0,14,3\nB,40.2,29.0,20,25%\nC,40.2,29.0,10,\n"
                  "D,40.2,29.0,10,abc\nE,40.2,29.0,10,80%\n");
    int t = -1;
    (void)state;
    SAHA_TEST_OK(ctx, saha_plan__cadence_tolerance(ctx, set, 0, 14, 0.2, &t, NULL));
    SAHA_TEST_EQ(t, 3);
    SAHA_TEST_OK(ctx, saha_plan__cadence_tolerance(ctx, set, 1, 20, 0.2, &t, NULL));
    SAHA_TEST_EQ(t, 5);
    SAHA_TEST_OK(ctx, saha_plan__cadence_tolerance(ctx, set, 2, 10, 0.2, &t, NULL));
    SAHA_TEST_EQ(t, 2); /* the rep's share */
    SAHA_TEST_EQ(saha_plan__cadence_tolerance(ctx, set, 3, 10, 0.2, &t, NULL),
                 SAHA_EPARSE);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "frequency_tolerance");
    SAHA_TEST_EQ((long)saha_ctx_last_error(ctx)->line, 5);
    SAHA_TEST_EQ(saha_plan__cadence_tolerance(ctx, set, 4, 10, 0.2, &t, NULL),
                 SAHA_EPARSE);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

static void test_rep_calendar(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_rep rep;
    char dir[] = "/tmp/saha_cad_XXXXXX", path[128], hpath[128];
    const char *good = "{\"home\": {\"lat\": 40.2, \"lon\": 29.0},\n"
                       " \"holidays\": [\"2026-12-09\", {\"date\": \"2026-12-02\", "
                       "\"until\": \"13:00\"}],\n"
                       " \"working_hours\": \"Mo-Th 08:00-18:00; Fr 08:00-15:00\",\n"
                       " \"frequency_tolerance\": \"25%\"}\n";
    FILE *f;
    (void)state;
    SAHA_TEST_OK(ctx, saha_rep_parse(&rep, ctx, "rep.json", good, strlen(good)));
    SAHA_TEST_EQ(rep.nholidays, 2);
    SAHA_TEST_EQ(rep.holidays[0].date.day, 2); /* sorted */
    SAHA_TEST_EQ(rep.holidays[0].end_min, 13 * 60);
    SAHA_TEST_EQ(rep.holidays[1].end_min, -1);
    SAHA_TEST_EQ(rep.has_week_hours, 1);
    SAHA_TEST_EQ(rep.week_end_min[4], 15 * 60);
    SAHA_TEST_EQ(rep.days_mask, 0x1f);
    SAHA_TEST_NEAR(rep.frequency_tolerance, 0.25, 1e-12);
    {
        const char *bad = "{\"home\": {\"lat\": 40.2, \"lon\": 29.0},\n"
                          " \"holidays\": [\"2026-13-09\"]}\n";
        SAHA_TEST_EQ(saha_rep_parse(&rep, ctx, "rep.json", bad, strlen(bad)),
                     SAHA_EPARSE);
        SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "holidays");
        SAHA_TEST_EQ((long)saha_ctx_last_error(ctx)->line, 2);
    }
    /* a holiday file beside the rep file, with a bad row */
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/rep.json", dir);
    snprintf(hpath, sizeof hpath, "%s/h.csv", dir);
    f = fopen(hpath, "w");
    assert_non_null(f);
    fputs("date,name,until\n2026-12-09,Bayram,\n2026-12-08,Arife,13:00\n", f);
    fclose(f);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"home\": {\"lat\": 40.2, \"lon\": 29.0}, \"holidays_file\": \"h.csv\"}\n",
          f);
    fclose(f);
    SAHA_TEST_OK(ctx, saha_rep_load(&rep, ctx, path));
    SAHA_TEST_EQ(rep.nholidays, 2);
    SAHA_TEST_EQ(rep.holidays[0].date.day, 8);
    SAHA_TEST_EQ(rep.holidays[0].end_min, 13 * 60);
    /* the header is matched folded, as in every reader: Turkish names, any case */
    f = fopen(hpath, "w");
    assert_non_null(f);
    fputs("Tarih;Ad;Biti\xC5\x9F\n2026-12-09;Bayram;\n2026-12-08;Arife;13:00\n", f);
    fclose(f);
    SAHA_TEST_OK(ctx, saha_rep_load(&rep, ctx, path));
    SAHA_TEST_EQ(rep.nholidays, 2);
    SAHA_TEST_EQ(rep.holidays[0].end_min, 13 * 60);
    f = fopen(hpath, "w");
    assert_non_null(f);
    fputs("date,name,until\n2026-12-09,Bayram,\n2026-12-08,Arife,1pm\n", f);
    fclose(f);
    SAHA_TEST_EQ(saha_rep_load(&rep, ctx, path), SAHA_EPARSE);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "until");
    SAHA_TEST_EQ((long)saha_ctx_last_error(ctx)->line, 3);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->source, "h.csv");
    unlink(hpath);
    unlink(path);
    rmdir(dir);
    saha_ctx_free(ctx);
}

/* A 4-week quarter plan of 30 random accounts around Bursa. */
/* Windows moved off unworkable days: on random calendars, any two visits in
 * consecutive windows stay F +- T apart; a window keeps its nominal place when it has a
 * workable day, and gets one whenever a centre in reach of the previous has one. */
static void test_shift(void **state)
{
    uint64_t seed = 11;
    (void)state;
    for (int trial = 0; trial < 3000; trial++) {
        int freq = 1 + (int)(lcg(&seed) % 30), tol = (int)(lcg(&seed) % (freq / 2 + 2));
        int horizon = 7 + (int)(lcg(&seed) % 85),
            phase = (int)(lcg(&seed) % (size_t)freq);
        int h = saha_plan__cadence_half(tol), lo[SAHA_PLAN__MAX_SLOTS],
            hi[SAHA_PLAN__MAX_SLOTS], lo0[SAHA_PLAN__MAX_SLOTS],
            hi0[SAHA_PLAN__MAX_SLOTS];
        uint8_t req[SAHA_PLAN__MAX_SLOTS], work[100];
        size_t n = saha_plan__cadence_windows(freq, tol, phase, horizon, lo, hi, req,
                                              SAHA_PLAN__MAX_SLOTS);
        for (int o = 0; o < horizon; o++)
            work[o] = (uint8_t)(lcg(&seed) % 4 != 0);
        memcpy(lo0, lo, sizeof lo);
        memcpy(hi0, hi, sizeof hi);
        saha_plan__cadence_shift(freq, tol, phase, work, horizon, lo, hi, req, n);
        for (size_t k = 1; k < n; k++) {
            int any0 = 0, any = 0;
            if (hi[k] <= lo[k])
                continue; /* pushed past the end */
            assert_true(lo[k] >= 0 && hi[k] <= horizon);
            /* every pair of days of windows k-1, k: F +- T apart (uncut windows) */
            if (lo[k - 1] > 0 && hi[k] < horizon && hi[k - 1] - lo[k - 1] == 2 * h + 1 &&
                hi[k] - lo[k] == 2 * h + 1) {
                assert_true(hi[k] - 1 - lo[k - 1] <= freq + tol);
                assert_true(lo[k] - (hi[k - 1] - 1) >= freq - tol);
            }
            for (int o = lo0[k]; o < hi0[k]; o++)
                any0 |= work[o];
            for (int o = lo[k]; o < hi[k]; o++)
                any |= work[o];
            if (any0 && k == 1) /* nominal workable and the previous unmoved */
                assert_true(lo[k] == lo0[k] && hi[k] == hi0[k]);
            if (any0 && k == 1)
                assert_true(any);
        }
    }
}

/* The marginal value of an hour (the price of driving between visits when the work
 * does not fit): accounts by falling value per hour, the one whose visits pass the time
 * available; 0 when everything fits. */
static void test_hour_value(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    /* every 7 days, due on day 0, no tolerance: 4 visits owed in 28 days */
    saha_plan__cad_need n[3] = {
        {7, 0, 0, 1, -7, 3600.0, 1000.0}, /* 1000 an hour, 4 h */
        {7, 0, 0, 1, -7, 1800.0, 300.0},  /* 600 an hour, 2 h */
        {7, 0, 0, 1, -7, 3600.0, 100.0},  /* 100 an hour, 4 h */
    };
    static const struct {
        double avail_h, want;
    } cases[] = {{3, 1000}, {4, 600}, {5, 600}, {6, 100}, {9.9, 100}, {10, 0}, {50, 0}};
    double v;
    (void)state;
    for (size_t i = 0; i < 3; i++)
        SAHA_TEST_EQ(saha_plan__cadence_required(&n[i], 1.0, 28), 4);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        SAHA_TEST_OK(ctx, saha_plan__cadence_hour_value(ctx, n, 3, 1.0, 28,
                                                        cases[k].avail_h * 3600.0, &v));
        SAHA_TEST_NEAR(v, cases[k].want, 1e-9); /* exact: a ratio of the inputs */
    }
    /* input order does not matter */
    {
        saha_plan__cad_need r[3] = {n[2], n[0], n[1]};
        SAHA_TEST_OK(ctx,
                     saha_plan__cadence_hour_value(ctx, r, 3, 1.0, 28, 5 * 3600.0, &v));
        SAHA_TEST_NEAR(v, 600, 1e-9);
    }
    /* stretched to 14 days, 2 visits each (5 h in all): 2.5 h passes at the second */
    SAHA_TEST_OK(ctx,
                 saha_plan__cadence_hour_value(ctx, n, 3, 2.0, 28, 2.5 * 3600.0, &v));
    SAHA_TEST_NEAR(v, 600, 1e-9);
    SAHA_TEST_OK(ctx, saha_plan__cadence_hour_value(ctx, n, 3, 2.0, 28, 5 * 3600.0, &v));
    SAHA_TEST_NEAR(v, 0, 1e-9);
    saha_ctx_free(ctx);
}

static void test_quarter_plan(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_geo *geo = NULL;
    saha_account_set *set;
    saha_plan *plan = NULL;
    saha_plan_options po;
    saha_rep rep;
    const saha_itinerary *it;
    char csv[8192], msg[256];
    size_t len = 0, nv = 0;
    uint64_t seed = 3;
    const char *rj = "{\"home\": {\"lat\": 40.2106, \"lon\": 29.0095},\n"
                     " \"holidays\": [\"2026-12-09\", {\"date\": \"2026-12-15\", "
                     "\"until\": \"13:00\"}],\n"
                     " \"days_off\": [\"2026-12-18\"],\n"
                     " \"cost\": {\"per_km\": 0.3, \"per_hour\": 20}}\n";
    static const int freqs[] = {7, 14, 14, 28};
    (void)state;
    SAHA_TEST_OK(ctx, saha_geo_create(&geo, ctx));
    SAHA_TEST_OK(ctx, saha_rep_parse(&rep, ctx, "rep.json", rj, strlen(rj)));
    len += (size_t)snprintf(csv + len, sizeof csv - len,
                            "id,lat,lon,value,visit_minutes,opening_hours,last_visit,"
                            "frequency_days\n");
    for (int i = 0; i < 30; i++) {
        double lat = 40.15 + (double)(lcg(&seed) % 1000) / 1000.0 * 0.15;
        double lon = 28.95 + (double)(lcg(&seed) % 1000) / 1000.0 * 0.2;
        int f = freqs[lcg(&seed) % 4], ago = (int)(lcg(&seed) % 40);
        len += (size_t)snprintf(
            csv + len, sizeof csv - len, "A%02d,%.5f,%.5f,%d,30,%s,2026-11-%02d,%d\n", i,
            lat, lon, 500 + (int)(lcg(&seed) % 2000),
            i % 3 ? "Mo-Fr 08:30-18:00; PH off" : "Mo-Fr 08:00-18:00", 1 + ago % 29, f);
    }
    set = load(ctx, csv);
    SAHA_TEST_OK(ctx, saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION));
    po.start.year = 2026;
    po.start.month = 11;
    po.start.day = 30;
    po.horizon_days = 28;
    po.cadence = 1;
    po.iterations = 3000;
    po.threads = 1;
    SAHA_TEST_OK(ctx, saha_plan_solve(&plan, ctx, geo, set, &rep, &po));
    it = saha_plan_itinerary(plan);
    SAHA_TEST_EQ(it->ncadence, 30);
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        assert_false(day->date.month == 12 &&
                     (day->date.day == 9 || day->date.day == 18));
        if (day->date.month == 12 && day->date.day == 15) {
            nv++;
            if (day->nstops)
                assert_true(day->return_s <= 13 * 3600);
            for (size_t k = 0; k < day->nstops; k++)
                assert_true(saha_account_at(set, day->stops[k].account)->hours->has_ph ==
                            0);
        }
    }
    SAHA_TEST_EQ(nv, 1);             /* the half day is worked */
    SAHA_TEST_EQ(it->ndays, 20 - 2); /* 20 weekdays, one holiday, one day off */
    {
        size_t req = 0, planned = 0, on_time = 0;
        for (size_t i = 0; i < it->ncadence; i++) {
            req += it->cadence[i].required;
            planned += it->cadence[i].planned;
            on_time += it->cadence[i].on_time;
        }
        assert_true(req > 40);
        assert_true(planned >= req * 9 / 10); /* the territory is small: nearly all fit */
        for (size_t i = 0; i < it->ncadence; i++)
            if (it->cadence[i].on_time != it->cadence[i].planned)
                print_message("%s: F %d T %d planned %zu on time %zu gap %d\n",
                              saha_account_at(set, it->cadence[i].account)->id,
                              it->cadence[i].frequency_days,
                              it->cadence[i].tolerance_days, it->cadence[i].planned,
                              it->cadence[i].on_time, it->cadence[i].largest_gap_days);
        SAHA_TEST_EQ(on_time, planned);
    }
    /* the independent checker replays the days and the spacing */
    {
        size_t n = saha_plan__matrix_points(set, &rep, NULL, NULL, NULL);
        saha_latlon *pts = calloc(n, sizeof *pts);
        const char **ids = calloc(n, sizeof *ids);
        double *dur = calloc(n * n, sizeof *dur), *dist = calloc(n * n, sizeof *dist);
        saha_matrix_options mo;
        saha_matrix *mx = NULL;
        saha_plan_cadence *cd = (saha_plan_cadence *)it->cadence;
        int saved;
        (void)saha_matrix_options_init(&mo, SAHA_MATRIX_OPTIONS_VERSION);
        saha_plan__matrix_points(set, &rep, NULL, pts, ids);
        mo.travel = rep.travel;
        mo.threads = 1;
        SAHA_TEST_OK(ctx, saha_matrix_build(&mx, ctx, geo, ids, pts, n, &mo));
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                dur[i * n + j] = saha_matrix_duration_s(mx, i, j);
                dist[i * n + j] = saha_matrix_distance_m(mx, i, j);
            }
        if (saha_plan__check(ctx, it, set, &rep, dur, dist, n, po.start, 28, msg,
                             sizeof msg) != 0) {
            print_error("%s\n", msg);
            fail();
        }
        /* and catches a tolerance that is too tight (the check can fail) */
        saved = cd[0].tolerance_days;
        for (size_t i = 0; i < it->ncadence; i++)
            cd[i].tolerance_days = -1;
        assert_true(saha_plan__check(ctx, it, set, &rep, dur, dist, n, po.start, 28, msg,
                                     sizeof msg) > 0);
        SAHA_TEST_STR_CONTAINS(msg, "account A");
        cd[0].tolerance_days = saved;
        saha_matrix_free(mx);
        free(pts);
        free(ids);
        free(dur);
        free(dist);
    }
    saha_plan_free(plan);
    saha_account_set_free(set);
    saha_geo_free(geo);
    saha_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_windows_spacing),
        cmocka_unit_test(test_stretch_bruteforce),
        cmocka_unit_test(test_tolerance_column),
        cmocka_unit_test(test_rep_calendar),
        cmocka_unit_test(test_hour_value),
        cmocka_unit_test(test_shift),
        cmocka_unit_test(test_quarter_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
