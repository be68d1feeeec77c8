/* Tests for the rep file reader (src/plan_rep.c): defaults, every key, and errors that
 * name the file, the line and the key. */
#include "saha_test.h"

static void test_defaults(void **state)
{
    saha_rep r;
    (void)state;
    saha_rep_defaults(&r);
    SAHA_TEST_EQ(r.days_mask, 0x1f);
    SAHA_TEST_EQ(r.day_start_min, 510);
    SAHA_TEST_EQ(r.day_end_min, 1080);
    SAHA_TEST_EQ(r.lunch_min, 45);
    SAHA_TEST_EQ(r.lunch_earliest_min, 720);
    SAHA_TEST_EQ(r.lunch_latest_min, 840);
    SAHA_TEST_EQ(r.max_drive_min, 0);
    assert_true(isnan(r.home.lat_deg));
    SAHA_TEST_NEAR(r.travel.circuity, 1.3, 1e-12);
    assert_string_equal(r.currency, "EUR");
}

static void test_load_every_key(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_rep r;
    (void)state;
    SAHA_TEST_OK(ctx, saha_rep_load(&r, ctx, DATA("plan/rep_ok.json")));
    assert_string_equal(r.name, "Test Rep");
    SAHA_TEST_NEAR(r.home.lat_deg, 40.2106, 1e-12);
    SAHA_TEST_NEAR(r.home.lon_deg, 29.0095, 1e-12);
    assert_string_equal(r.timezone, "Europe/Istanbul");
    SAHA_TEST_EQ(r.days_mask, 0x1f);
    SAHA_TEST_EQ(r.day_start_min, 480);
    SAHA_TEST_EQ(r.day_end_min, 1050);
    SAHA_TEST_EQ(r.lunch_min, 30);
    SAHA_TEST_EQ(r.lunch_earliest_min, 720);
    SAHA_TEST_EQ(r.lunch_latest_min, 810);
    SAHA_TEST_EQ(r.max_drive_min, 240);
    SAHA_TEST_NEAR(r.max_km, 300, 1e-12);
    SAHA_TEST_EQ(r.max_visits, 8);
    SAHA_TEST_NEAR(r.travel.circuity, 1.25, 1e-12);
    SAHA_TEST_EQ(r.travel.nbands, 2);
    SAHA_TEST_NEAR(r.travel.upto_km[0], 10, 1e-12);
    SAHA_TEST_NEAR(r.travel.speed_kmh[1], 70, 1e-12);
    SAHA_TEST_NEAR(r.cost_per_km, 0.3, 1e-12);
    SAHA_TEST_NEAR(r.cost_per_hour, 20, 1e-12);
    assert_string_equal(r.currency, "EUR");
    SAHA_TEST_EQ(r.overnight_allowed, 0);
    SAHA_TEST_NEAR(r.hotel_cost, 80, 1e-12);
    saha_ctx_free(ctx);
}

static void test_sample_rep(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_rep r;
    (void)state;
    SAHA_TEST_OK(ctx, saha_rep_load(&r, ctx, SAHA_SOURCE_DIR "/maps/marmara/rep.json"));
    SAHA_TEST_EQ(r.max_drive_min, 300);
    assert_string_equal(r.currency, "TRY");
    SAHA_TEST_EQ(r.travel.nbands, 3);
    saha_ctx_free(ctx);
}

static void test_days_forms(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_rep r;
    const char *a = "{\"home\":{\"lat\":1,\"lon\":2},\"days\":\"Mo-We,Fr\"}";
    const char *b =
        "{\"home\":{\"lat\":1,\"lon\":2},\"days\":[\"Sa\",\"Su\"],\"lunch\":null}";
    const char *c = "{\"home\":{\"lat\":1,\"lon\":2},\"days\":\"Sa-Mo\"}";
    (void)state;
    SAHA_TEST_OK(ctx, saha_rep_parse(&r, ctx, "a.json", a, strlen(a)));
    SAHA_TEST_EQ(r.days_mask, 0x17);
    SAHA_TEST_OK(ctx, saha_rep_parse(&r, ctx, "b.json", b, strlen(b)));
    SAHA_TEST_EQ(r.days_mask, 0x60);
    SAHA_TEST_EQ(r.lunch_min, 0);
    SAHA_TEST_OK(ctx, saha_rep_parse(&r, ctx, "c.json", c, strlen(c)));
    SAHA_TEST_EQ(r.days_mask, 0x61);
    saha_ctx_free(ctx);
}

static void expect_error(const char *path, size_t line, const char *needle)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_rep r;
    saha_rep_defaults(&r);
    r.day_start_min = 1; /* must not be touched on failure */
    SAHA_TEST_EQ(saha_rep_load(&r, ctx, path), SAHA_EPARSE);
    SAHA_TEST_EQ(r.day_start_min, 1);
    assert_string_equal(saha_ctx_last_error(ctx)->source, path);
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->line, line);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, needle);
    saha_ctx_free(ctx);
}

static void test_errors_name_line_and_key(void **state)
{
    (void)state;
    expect_error(DATA("plan/rep_bad_hhmm.json"), 7,
                 "day_end: expected \"HH:MM\", got \"25:00\"");
    expect_error(DATA("plan/rep_bad_key.json"), 5, "lunch.minuts: unknown key");
    expect_error(DATA("plan/rep_bad_syntax.json"), 4, "");
    expect_error(DATA("plan/rep_no_home.json"), 1, "home: missing");
}

static void test_errors_inline(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_rep r;
    static const struct {
        const char *json, *needle;
        size_t line;
    } cases[] = {
        {"{\"home\":{\"lat\":95,\"lon\":2}}", "home.lat: 95 is out of range", 1},
        {"{\"home\":{\"lat\":1,\"lon\":2},\n\"days\":\"Mo-Xx\"}", "days: expected days",
         2},
        {"{\"home\":{\"lat\":1,\"lon\":2},\n\n\"lunch\":{\"minutes\":\"45\"}}",
         "lunch.minutes: expected a number, got a string", 3},
        {"{\"home\":{\"lat\":1,\"lon\":2},\"day_start\":\"18:00\",\n\"day_end\":\"08:"
         "00\"}",
         "day_end: 08:00 is not after day_start 18:00", 2},
        {"{\"home\":{\"lat\":1,\"lon\":2},\"travel\":{\"speed_kmh\":[[50,50],[10,80]]}}",
         "travel.speed_kmh: band 2", 1},
        {"{\"home\":{\"lat\":1,\"lon\":2},\"max_drive_minutes_per_day\":90.5}",
         "max_drive_minutes_per_day: expected a whole number", 1},
        {"{\"home\":{\"lat\":1,\"lon\":2},\"overnight\":{\"allowed\":1}}",
         "overnight.allowed: expected true or false", 1},
        {"{\"home\":{\"lat\":1,\"lon\":2},\"home\":{\"lat\":1,\"lon\":2}}", "duplicate",
         1},
        {"[1,2]", "expected a JSON object, got an array", 1},
        /* a zone is loaded, not just found: folders, tables, paths, ".." are refused */
        {"{\"home\":{\"lat\":1,\"lon\":2},\n\"timezone\":\"Europe\"}",
         "timezone: 'Europe' is not a time zone", 2},
        {"{\"home\":{\"lat\":1,\"lon\":2},\"timezone\":\"zone.tab\"}",
         "timezone: 'zone.tab' is not a time zone", 1},
        {"{\"home\":{\"lat\":1,\"lon\":2},\"timezone\":\"/etc/localtime\"}", "not a path",
         1},
        {"{\"home\":{\"lat\":1,\"lon\":2},\"timezone\":\"Europe/../UTC\"}",
         "timezone: 'Europe/../UTC': want an IANA zone name", 1},
        {"{\"home\":{\"lat\":1,\"lon\":2},\"timezone\":\"Mars/Olympus\"}",
         "not in the system's time zone database", 1},
        {"", "", 1},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        SAHA_TEST_EQ(
            saha_rep_parse(&r, ctx, "x.json", cases[i].json, strlen(cases[i].json)),
            SAHA_EPARSE);
        SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, cases[i].needle);
        assert_string_equal(saha_ctx_last_error(ctx)->source, "x.json");
        if (cases[i].line != (size_t)-1 &&
            saha_ctx_last_error(ctx)->line != cases[i].line) {
            print_error("case %zu: line %zu, want %zu (%s)\n", i,
                        saha_ctx_last_error(ctx)->line, cases[i].line,
                        saha_ctx_last_error(ctx)->message);
            fail();
        }
    }
    saha_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_load_every_key),
        cmocka_unit_test(test_sample_rep),
        cmocka_unit_test(test_days_forms),
        cmocka_unit_test(test_errors_name_line_and_key),
        cmocka_unit_test(test_errors_inline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
