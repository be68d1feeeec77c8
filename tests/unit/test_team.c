/* Tests for the team module: the reps file with rep-file columns and a rep_file, the
 * rep lookup, owners and shards, results that do not depend on the thread count, and
 * --unassigned assign checked against brute force: on a small team, no account goes to
 * a rep when moving it to another rep would clearly raise the team's profit, and the
 * assignment's profit is close to the best of every possible assignment. */
#include "saha_test.h"

#include <stdio.h>
#include <unistd.h>

/* Writes text to a fresh file in the test's temp folder; returns its path (static buf
 * per slot). */
static const char *write_tmp(char path[256], const char *name, const char *text)
{
    FILE *f;
    snprintf(path, 256, "%s/saha-test-team-%ld-%s", P_tmpdir, (long)getpid(), name);
    f = fopen(path, "w");
    assert_non_null(f);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
    return path;
}

static saha_ctx *new_ctx(void)
{
    saha_ctx *ctx = NULL;
    assert_int_equal(saha_ctx_create(&ctx, NULL), SAHA_OK);
    return ctx;
}

static void test_reps_columns(void **state)
{
    char p1[256], p2[256], p3[256];
    saha_ctx *ctx = new_ctx();
    saha_team *team = NULL;
    const saha_team_member *m;
    char csv[1024];
    (void)state;
    write_tmp(p2, "rep.json",
              "{\"name\": \"From JSON\", \"home\": {\"lat\": 39.5, \"lon\": 27.5},\n"
              " \"day_end\": \"16:00\", \"max_km_per_day\": 250}\n");
    snprintf(csv, sizeof csv,
             "id,name,lat,lon,day_start,day_end,lunch_minutes,days,cost_per_km,"
             "cost_per_hour,overnight,max_drive_minutes_per_day,timezone,rep_file\n"
             "a,Ayşe,41,29,07:45,17:15,0,Mo-We;Fr,0.5,20,yes,240,Europe/Athens,\n"
             "b,,,,,,,,,,,,,%s\n"
             "c,Can,40,28,,,,,,,,,,\n",
             strrchr(p2, '/') + 1);
    write_tmp(p1, "reps.csv", csv);
    SAHA_TEST_OK(ctx, saha_team_load(&team, ctx, p1));
    SAHA_TEST_EQ(saha_team_count(team), 3);
    m = saha_team_at(team, 0);
    assert_string_equal(m->id, "a");
    SAHA_TEST_EQ(m->rep.day_start_min, 7 * 60 + 45);
    SAHA_TEST_EQ(m->rep.day_end_min, 17 * 60 + 15);
    SAHA_TEST_EQ(m->rep.lunch_min, 0);
    SAHA_TEST_EQ(m->rep.days_mask, 0x17); /* Mo Tu We Fr */
    SAHA_TEST_NEAR(m->rep.cost_per_km, 0.5, 1e-12);
    SAHA_TEST_NEAR(m->rep.cost_per_hour, 20, 1e-12);
    SAHA_TEST_EQ(m->rep.overnight_allowed, 1);
    SAHA_TEST_EQ(m->rep.max_drive_min, 240);
    assert_string_equal(m->rep.timezone, "Europe/Athens");
    assert_string_equal(m->rep.name, "Ayşe");
    /* b: everything from its rep file, relative to the reps file's folder */
    m = saha_team_at(team, 1);
    SAHA_TEST_NEAR(m->rep.home.lat_deg, 39.5, 1e-12);
    SAHA_TEST_EQ(m->rep.day_end_min, 16 * 60);
    SAHA_TEST_NEAR(m->rep.max_km, 250, 1e-12);
    assert_string_equal(m->name, "From JSON");
    /* c: defaults */
    m = saha_team_at(team, 2);
    SAHA_TEST_EQ(m->rep.day_start_min, 8 * 60 + 30);
    SAHA_TEST_EQ(m->rep.lunch_min, 45);
    /* lookup: id, folded id, folded name; unknown */
    SAHA_TEST_EQ(saha_team_find(team, "c"), 2);
    SAHA_TEST_EQ(saha_team_find(team, " a "), 0); /* blanks are folded away */
    SAHA_TEST_EQ(saha_team_find(team, "A"), 0);
    SAHA_TEST_EQ(saha_team_find(team, "AYSE"), 0);
    SAHA_TEST_EQ(saha_team_find(team, "nobody"), SIZE_MAX);
    saha_team_free(team);
    team = NULL;

    /* errors name the file, the line and the column */
    write_tmp(p3, "bad.csv", "id,lat,lon,lunch_minutes\nx,40,29,45\ny,40,29,lots\n");
    SAHA_TEST_EQ(saha_team_load(&team, ctx, p3), SAHA_EPARSE);
    assert_null(team);
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->line, 3);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "lunch_minutes: expected");
    write_tmp(p3, "bad.csv", "id,lat,lon,day_start,day_end\nx,40,29,18:00,09:00\n");
    SAHA_TEST_EQ(saha_team_load(&team, ctx, p3), SAHA_EPARSE);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "day_end");
    write_tmp(p3, "bad.csv", "id,lat,lon,days\nx,40,29,Mo-Xy\n");
    SAHA_TEST_EQ(saha_team_load(&team, ctx, p3), SAHA_EPARSE);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "days: expected");
    remove(p1);
    remove(p2);
    remove(p3);
    saha_ctx_free(ctx);
}

/* ---- a small team for the planning tests ------------------------------------------ */

/* Three reps on a line of latitude 40, about 43 km apart; A works a short day that its
 * own accounts fill. Own accounts (rep column) near each home; U1 is nearest to A's
 * home but A has no time left, U2 lies between B and C, U3 near C, U4 far east. */
static const char REPS[] = "id,name,lat,lon,day_end,lunch_minutes\n"
                           "A,Rep A,40.0,28.0,11:00,0\n"
                           "B,Rep B,40.0,28.5,,\n"
                           "C,Rep C,40.0,29.0,,\n";
static const char ACCOUNTS[] = "id,name,lat,lon,value,visit_minutes,rep\n"
                               "a1,A one,40.01,28.01,900,40,A\n"
                               "a2,A two,40.02,27.99,900,40,A\n"
                               "a3,A three,39.99,28.02,900,40,A\n"
                               "b1,B one,40.01,28.51,500,30,B\n"
                               "b2,B two,39.98,28.49,500,30,rep b\n"
                               "c1,C one,40.02,29.01,500,30,C\n"
                               "c2,C two,39.99,28.98,500,30,c\n"
                               "u1,U one,40.02,28.12,1200,45,\n"
                               "u2,U two,40.01,28.76,800,45,\n"
                               "u3,U three,39.98,29.04,700,30,nobody\n"
                               "u4,U four,40.00,29.60,1500,30,\n"
                               "n1,No coords,,,1000,30,\n";

typedef struct small_team {
    saha_ctx *ctx;
    saha_team *team;
    saha_account_set *set;
    saha_geo *geo;
    char reps_path[256];
    saha_team_options opts;
} small_team;

static void small_team_init(small_team *t)
{
    saha_team_options o;
    saha_team_options_init(&o, SAHA_TEAM_OPTIONS_VERSION);
    memset(t, 0, sizeof *t);
    t->ctx = new_ctx();
    write_tmp(t->reps_path, "small.csv", REPS);
    SAHA_TEST_OK(t->ctx, saha_team_load(&t->team, t->ctx, t->reps_path));
    SAHA_TEST_OK(t->ctx, saha_account_parse(&t->set, t->ctx, "accounts.csv", ACCOUNTS,
                                            strlen(ACCOUNTS), NULL));
    SAHA_TEST_OK(t->ctx, saha_geo_create(&t->geo, t->ctx));
    t->opts = o;
    t->opts.plan.start.year = 2026;
    t->opts.plan.start.month = 11;
    t->opts.plan.start.day = 30;   /* a Monday */
    t->opts.plan.horizon_days = 1; /* Monday only: A has one short day */
    t->opts.plan.iterations = 400;
    t->opts.plan.time_limit_s = 0;
    t->opts.plan.seed = 7;
}

static void small_team_free(small_team *t)
{
    remove(t->reps_path);
    saha_geo_free(t->geo);
    saha_account_set_free(t->set);
    saha_team_free(t->team);
    saha_ctx_free(t->ctx);
}

static size_t acc(const small_team *t, const char *id)
{
    size_t a = saha_account_find(t->set, id);
    assert_true(a != SIZE_MAX);
    return a;
}

static void test_owners_and_shards(void **state)
{
    small_team t;
    saha_team_result *res = NULL, *r2 = NULL;
    (void)state;
    small_team_init(&t);
    t.opts.jobs = 2;
    SAHA_TEST_OK(t.ctx, saha_team_plan(&res, t.ctx, t.set, t.team, &t.opts));
    SAHA_TEST_EQ(saha_team_owner(res, acc(&t, "a1")), 0);
    SAHA_TEST_EQ(saha_team_owner(res, acc(&t, "b2")), 1); /* by name, folded */
    SAHA_TEST_EQ(saha_team_owner(res, acc(&t, "c2")), 2); /* by id, folded */
    SAHA_TEST_EQ(saha_team_owner(res, acc(&t, "u1")), SIZE_MAX);
    SAHA_TEST_EQ(saha_team_owner_kind_of(res, acc(&t, "u1")), SAHA_TEAM_OWNER_NONE);
    SAHA_TEST_EQ(saha_team_owner_kind_of(res, acc(&t, "u3")), SAHA_TEAM_OWNER_UNKNOWN);
    SAHA_TEST_EQ(saha_team_unassigned_count(res), 5);
    SAHA_TEST_EQ(saha_team_rep_accounts(res, 0), 3);
    /* a rep's plan covers exactly its own accounts */
    for (size_t r = 0; r < 3; r++) {
        const saha_itinerary *it = saha_plan_itinerary(saha_team_rep_plan(res, r));
        size_t n = it->nskipped;
        for (size_t d = 0; d < it->ndays; d++) {
            n += it->days[d].nstops;
            for (size_t s = 0; s < it->days[d].nstops; s++)
                SAHA_TEST_EQ(saha_team_owner(res, it->days[d].stops[s].account), r);
        }
        SAHA_TEST_EQ(n, saha_team_rep_accounts(res, r));
    }
    /* shard 1 of 2 plans only the rep at position 1 in id order (B) */
    t.opts.shard = 1;
    t.opts.nshards = 2;
    t.opts.jobs = 1;
    SAHA_TEST_OK(t.ctx, saha_team_plan(&r2, t.ctx, t.set, t.team, &t.opts));
    SAHA_TEST_EQ(saha_team_rep_selected(r2, 0), 0);
    SAHA_TEST_EQ(saha_team_rep_selected(r2, 1), 1);
    SAHA_TEST_EQ(saha_team_rep_selected(r2, 2), 0);
    assert_null(saha_team_rep_plan(r2, 0));
    {
        /* the same plan for B whatever the shard and thread count */
        const saha_itinerary *x = saha_plan_itinerary(saha_team_rep_plan(res, 1));
        const saha_itinerary *y = saha_plan_itinerary(saha_team_rep_plan(r2, 1));
        SAHA_TEST_NEAR(x->value_won, y->value_won, 0);
        SAHA_TEST_NEAR(x->drive_m, y->drive_m, 0);
    }
    saha_team_result_free(r2);
    r2 = NULL;
    /* assign refuses shards */
    t.opts.unassigned = SAHA_TEAM_UNASSIGNED_ASSIGN;
    SAHA_TEST_EQ(saha_team_plan(&r2, t.ctx, t.set, t.team, &t.opts), SAHA_EINVAL);
    assert_null(r2);
    saha_team_result_free(res);
    small_team_free(&t);
}

/* Profit (value won - travel cost) of rep r planning the accounts in mask. */
static double rep_profit(small_team *t, size_t r, const uint8_t *mask)
{
    saha_plan_options po = t->opts.plan;
    saha_plan *plan = NULL;
    double p;
    po.threads = 1;
    po.matrix.threads = 1;
    po.only = mask;
    SAHA_TEST_OK(t->ctx, saha_plan_solve(&plan, t->ctx, t->geo, t->set,
                                         &saha_team_at(t->team, r)->rep, &po));
    p = saha_plan_itinerary(plan)->value_won - saha_plan_itinerary(plan)->travel_cost;
    saha_plan_free(plan);
    return p;
}

#define NU 4
static const char *const UNASSIGNED[NU] = {"u1", "u2", "u3", "u4"};

/* Team profit when unassigned account k goes to rep choice[k]. Plans are cached by
 * (rep, subset of the unassigned accounts). */
static double team_profit(small_team *t, const size_t *choice, double cache[3][1 << NU],
                          uint8_t done[3][1 << NU])
{
    double total = 0;
    size_t n = saha_account_count(t->set);
    for (size_t r = 0; r < 3; r++) {
        unsigned sub = 0;
        for (size_t k = 0; k < NU; k++)
            if (choice[k] == r)
                sub |= 1u << k;
        if (!done[r][sub]) {
            uint8_t *mask = calloc(n, 1);
            assert_non_null(mask);
            for (size_t a = 0; a < n; a++) {
                const char *rep = saha_account_at(t->set, a)->rep;
                mask[a] = rep[0] && saha_team_find(t->team, rep) == r;
            }
            for (size_t k = 0; k < NU; k++)
                if (sub & (1u << k))
                    mask[acc(t, UNASSIGNED[k])] = 1;
            cache[r][sub] = rep_profit(t, r, mask);
            done[r][sub] = 1;
            free(mask);
        }
        total += cache[r][sub];
    }
    return total;
}

static void test_assign_brute_force(void **state)
{
    small_team t;
    saha_team_result *res = NULL;
    static double cache[3][1 << NU];
    static uint8_t done[3][1 << NU];
    size_t chosen[NU], choice[NU];
    double p_chosen, best = -1e300, value_u[NU];
    (void)state;
    small_team_init(&t);
    t.opts.unassigned = SAHA_TEAM_UNASSIGNED_ASSIGN;
    t.opts.near_reps = 3;
    memset(done, 0, sizeof done);
    SAHA_TEST_OK(t.ctx, saha_team_plan(&res, t.ctx, t.set, t.team, &t.opts));
    for (size_t k = 0; k < NU; k++) {
        size_t a = acc(&t, UNASSIGNED[k]);
        chosen[k] = saha_team_owner(res, a);
        assert_true(chosen[k] < 3);
        SAHA_TEST_EQ(saha_team_owner_kind_of(res, a), SAHA_TEAM_OWNER_ASSIGNED);
        assert_true(strlen(saha_team_assign_reason(res, a)) > 10);
        value_u[k] = saha_account_at(t.set, a)->value;
    }
    /* no coordinates: stays unassigned, and says why */
    SAHA_TEST_EQ(saha_team_owner(res, acc(&t, "n1")), SIZE_MAX);
    SAHA_TEST_STR_CONTAINS(saha_team_assign_reason(res, acc(&t, "n1")), "no coordinates");
    /* u1 is nearest to A's home, but A's short day is full: B takes it */
    SAHA_TEST_EQ(chosen[0], 1);
    SAHA_TEST_STR_CONTAINS(saha_team_assign_reason(res, acc(&t, "u1")),
                           "B has room for it");

    p_chosen = team_profit(&t, chosen, cache, done);
    /* 1. no single move to another rep is clearly better (> 2 % of its value) */
    for (size_t k = 0; k < NU; k++) {
        for (size_t r = 0; r < 3; r++) {
            double p;
            if (r == chosen[k])
                continue;
            memcpy(choice, chosen, sizeof choice);
            choice[k] = r;
            p = team_profit(&t, choice, cache, done);
            if (p > p_chosen + 0.02 * value_u[k]) {
                print_error(
                    "%s: moving it from %zu to %zu raises the profit %.2f -> %.2f\n",
                    UNASSIGNED[k], chosen[k], r, p_chosen, p);
                fail();
            }
        }
    }
    /* 2. brute force over all 3^4 assignments: within 2 % of the best */
    for (size_t code = 0; code < 81; code++) {
        size_t c = code;
        for (size_t k = 0; k < NU; k++) {
            choice[k] = c % 3;
            c /= 3;
        }
        best = fmax(best, team_profit(&t, choice, cache, done));
    }
    if (!(p_chosen >= best - 0.02 * fabs(best))) {
        print_error("assignment profit %.2f, best of all assignments %.2f\n", p_chosen,
                    best);
        fail();
    }
    /* the final plans are the ones of that assignment */
    {
        double sum = 0;
        for (size_t r = 0; r < 3; r++) {
            const saha_itinerary *it = saha_plan_itinerary(saha_team_rep_plan(res, r));
            sum += it->value_won - it->travel_cost;
        }
        SAHA_TEST_NEAR(sum, p_chosen, 1e-6);
    }
    saha_team_result_free(res);
    small_team_free(&t);
}

static void test_report_roundtrip(void **state)
{
    small_team t;
    saha_team_result *res = NULL;
    saha_team_report *rep = NULL;
    saha_team_row tot;
    char *buf = NULL;
    size_t len = 0;
    FILE *f;
    (void)state;
    small_team_init(&t);
    SAHA_TEST_OK(t.ctx, saha_team_plan(&res, t.ctx, t.set, t.team, &t.opts));
    SAHA_TEST_OK(t.ctx, saha_team_report_create(&rep, t.ctx));
    SAHA_TEST_OK(t.ctx, saha_team_report_add_result(rep, t.ctx, res, t.set, t.team));
    SAHA_TEST_EQ(saha_team_report_count(rep), 3);
    /* adding the same reps again is refused (two shards planned them) */
    SAHA_TEST_EQ(saha_team_report_add_result(rep, t.ctx, res, t.set, t.team),
                 SAHA_EINVAL);
    tot = saha_team_report_total(rep);
    SAHA_TEST_EQ(tot.accounts, 7);
    f = open_memstream(&buf, &len);
    assert_non_null(f);
    SAHA_TEST_OK(t.ctx, saha_team_report_write_html(f, t.ctx, rep, t.geo, NULL));
    fclose(f);
    /* one route group per rep */
    {
        size_t n = 0;
        for (const char *p = buf; (p = strstr(p, "class=\"map-group rep-route\"")); p++)
            n++;
        SAHA_TEST_EQ(n, 3);
    }
    SAHA_TEST_STR_CONTAINS(buf, "data-rep=\"B\"");
    SAHA_TEST_STR_CONTAINS(buf, "href=\"C/week.html\"");
    assert_null(strstr(buf, "saha-team-map-data")); /* no Leaflet: no map data */
    free(buf);
    buf = NULL;
    /* with Leaflet: its code inlined, the map data with one entry per rep, a legend
     * toggle per rep; another options version is refused */
    {
        saha_team_html_options o;
        size_t n = 0;
        assert_int_equal(saha_team_html_options_init(&o, 99), SAHA_EINVAL);
        SAHA_TEST_OK(t.ctx,
                     saha_team_html_options_init(&o, SAHA_TEAM_HTML_OPTIONS_VERSION));
        o.leaflet_js = "/*LEAFLET-JS*/";
        o.leaflet_css = "/*LEAFLET-CSS*/";
        f = open_memstream(&buf, &len);
        assert_non_null(f);
        SAHA_TEST_OK(t.ctx, saha_team_report_write_html_map(f, t.ctx, rep, t.geo, &o));
        fclose(f);
        SAHA_TEST_STR_CONTAINS(buf, "/*LEAFLET-JS*/");
        SAHA_TEST_STR_CONTAINS(buf, "/*LEAFLET-CSS*/");
        SAHA_TEST_STR_CONTAINS(buf, "id=\"saha-team-map-data\">{\"reps\":[");
        for (const char *p = buf;
             (p = strstr(p, "<input type=\"checkbox\" checked data-rep=")); p++)
            n++;
        SAHA_TEST_EQ(n, 3);
        free(buf);
        buf = NULL;
        o.version = 2;
        f = open_memstream(&buf, &len);
        assert_non_null(f);
        assert_int_equal(saha_team_report_write_html_map(f, t.ctx, rep, t.geo, &o),
                         SAHA_EINVAL);
        fclose(f);
        free(buf);
    }
    saha_team_report_free(rep);
    saha_team_result_free(res);
    small_team_free(&t);
}

/* Every failing allocation makes the call return SAHA_ENOMEM and leak nothing. */
static void test_enomem(void **state)
{
    char path[256];
    int ok = 0;
    (void)state;
    write_tmp(path, "enomem.csv", REPS);
    for (int mode = 0; mode < 2; mode++) {
        ok = 0;
        for (size_t n = 0; n < 100000 && !ok; n += 1 + n / 40) {
            saha_test_alloc a = {SIZE_MAX, 0, 0};
            saha_allocator al;
            saha_ctx *ctx = saha_test_ctx_failing(&a, &al);
            saha_team *team = NULL;
            saha_account_set *set = NULL;
            saha_team_result *res = NULL;
            saha_team_options o;
            saha_status rc;
            saha_team_options_init(&o, SAHA_TEAM_OPTIONS_VERSION);
            assert_non_null(ctx);
            SAHA_TEST_OK(ctx, saha_team_load(&team, ctx, path));
            SAHA_TEST_OK(ctx, saha_account_parse(&set, ctx, "a.csv", ACCOUNTS,
                                                 strlen(ACCOUNTS), NULL));
            o.plan.start.year = 2026;
            o.plan.start.month = 11;
            o.plan.start.day = 30;
            o.plan.horizon_days = 1;
            o.plan.iterations = 50;
            o.plan.time_limit_s = 0;
            o.jobs = 1; /* the counting allocator is not thread-safe */
            o.unassigned = mode ? SAHA_TEAM_UNASSIGNED_ASSIGN : SAHA_TEAM_UNASSIGNED_SKIP;
            a.fail_at = a.count + n;
            rc = saha_team_plan(&res, ctx, set, team, &o);
            a.fail_at = SIZE_MAX;
            if (rc == SAHA_OK) {
                ok = 1;
                assert_non_null(res);
            } else {
                SAHA_TEST_EQ(rc, SAHA_ENOMEM);
                assert_null(res);
            }
            saha_team_result_free(res);
            saha_account_set_free(set);
            saha_team_free(team);
            saha_ctx_free(ctx);
            assert_int_equal(a.live, 0);
        }
        assert_true(ok);
    }
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reps_columns),
        cmocka_unit_test(test_owners_and_shards),
        cmocka_unit_test(test_assign_brute_force),
        cmocka_unit_test(test_report_roundtrip),
        cmocka_unit_test(test_enomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
