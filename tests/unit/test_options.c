/* Tests for the option structs' init functions (CONTRIBUTING.md §3): each fills the
 * documented defaults (the values the old positional INIT macros held), refuses another
 * version, and the function taking the struct refuses a struct of another version with
 * SAHA_EINVAL. */
#include "saha_test.h"

#include <stdio.h>

#define ACCOUNTS                                                                         \
    "id,name,lat,lon,visit_min\n"                                                        \
    "a1,A,40.19,29.06,30\n"                                                              \
    "a2,B,40.21,29.10,30\n"                                                              \
    "a3,C,40.25,29.02,30\n"

/* The default road model, field by field. */
static void check_default_travel(const saha_travel_model *tm)
{
    const saha_travel_model want = SAHA_TRAVEL_MODEL_INIT;
    SAHA_TEST_NEAR(tm->circuity, want.circuity, 0.0);
    SAHA_TEST_EQ(tm->nbands, want.nbands);
    for (size_t k = 0; k < want.nbands; k++) {
        SAHA_TEST_NEAR(tm->upto_km[k], want.upto_km[k], 0.0);
        SAHA_TEST_NEAR(tm->speed_kmh[k], want.speed_kmh[k], 0.0);
    }
    SAHA_TEST_EQ(tm->ncirc, 0);
}

static saha_account_set *parse_accounts(saha_ctx *ctx)
{
    saha_account_set *set = NULL;
    SAHA_TEST_OK(
        ctx, saha_account_parse(&set, ctx, "acc.csv", ACCOUNTS, strlen(ACCOUNTS), NULL));
    return set;
}

static void test_ctx_options(void **state)
{
    saha_ctx_options o;
    saha_ctx *ctx = NULL;
    (void)state;
    memset(&o, 0x5a, sizeof o);
    SAHA_TEST_EQ(saha_ctx_options_init(&o, SAHA_CTX_OPTIONS_VERSION), SAHA_OK);
    SAHA_TEST_EQ(o.version, SAHA_CTX_OPTIONS_VERSION);
    SAHA_TEST_EQ(o.seed, 12345u);
    assert_null(o.allocator);
    SAHA_TEST_EQ(saha_ctx_options_init(&o, SAHA_CTX_OPTIONS_VERSION + 1), SAHA_EINVAL);
    SAHA_TEST_EQ(saha_ctx_options_init(NULL, SAHA_CTX_OPTIONS_VERSION), SAHA_EINVAL);
    SAHA_TEST_EQ(saha_ctx_options_init(&o, SAHA_CTX_OPTIONS_VERSION), SAHA_OK);
    o.version = 0;
    SAHA_TEST_EQ(saha_ctx_create(&ctx, &o), SAHA_EINVAL);
    assert_null(ctx);
    o.version = SAHA_CTX_OPTIONS_VERSION;
    SAHA_TEST_EQ(saha_ctx_create(&ctx, &o), SAHA_OK);
    saha_ctx_free(ctx);
}

static void test_account_options(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_load_options lo;
    saha_account_write_options wo;
    saha_account_set *set = NULL;
    FILE *f = tmpfile();
    (void)state;
    assert_non_null(f);
    memset(&lo, 0x5a, sizeof lo);
    SAHA_TEST_EQ(saha_account_load_options_init(&lo, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION),
                 SAHA_OK);
    SAHA_TEST_EQ(lo.version, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    SAHA_TEST_EQ(lo.format, SAHA_ACCOUNT_FORMAT_AUTO);
    SAHA_TEST_EQ(lo.delimiter, 0);
    SAHA_TEST_EQ(lo.strict, 0);
    SAHA_TEST_NEAR(lo.default_visit_min, 30.0, 0.0);
    assert_null(lo.geo);
    assert_null(lo.crs);
    SAHA_TEST_EQ(lo.max_bytes, 0);
    assert_null(lo.columns);
    assert_null(lo.sheet);
    SAHA_TEST_EQ(saha_account_load_options_init(&lo, 2), SAHA_EINVAL);
    SAHA_TEST_EQ(saha_account_load_options_init(&lo, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION),
                 SAHA_OK);
    lo.version = 0;
    SAHA_TEST_EQ(
        saha_account_parse(&set, ctx, "acc.csv", ACCOUNTS, strlen(ACCOUNTS), &lo),
        SAHA_EINVAL);
    assert_null(set);
    SAHA_TEST_EQ(saha_account_load(&set, ctx, "/nonexistent/acc.csv", &lo), SAHA_EINVAL);
    lo.version = SAHA_ACCOUNT_LOAD_OPTIONS_VERSION;
    SAHA_TEST_OK(
        ctx, saha_account_parse(&set, ctx, "acc.csv", ACCOUNTS, strlen(ACCOUNTS), &lo));
    SAHA_TEST_EQ(saha_account_count(set), 3);

    memset(&wo, 0x5a, sizeof wo);
    SAHA_TEST_EQ(saha_account_write_options_init(&wo, SAHA_ACCOUNT_WRITE_OPTIONS_VERSION),
                 SAHA_OK);
    SAHA_TEST_EQ(wo.version, SAHA_ACCOUNT_WRITE_OPTIONS_VERSION);
    SAHA_TEST_EQ(wo.delimiter, 0);
    SAHA_TEST_EQ(wo.include_rejected, 1);
    SAHA_TEST_EQ(wo.bom, 0);
    SAHA_TEST_EQ(wo.crlf, 0);
    SAHA_TEST_EQ(saha_account_write_options_init(&wo, 0), SAHA_EINVAL);
    SAHA_TEST_EQ(saha_account_write_options_init(&wo, SAHA_ACCOUNT_WRITE_OPTIONS_VERSION),
                 SAHA_OK);
    wo.version = 7;
    SAHA_TEST_EQ(saha_account_write_csv(f, ctx, set, &wo), SAHA_EINVAL);
    SAHA_TEST_EQ(ftell(f), 0); /* nothing written */
    wo.version = SAHA_ACCOUNT_WRITE_OPTIONS_VERSION;
    SAHA_TEST_OK(ctx, saha_account_write_csv(f, ctx, set, &wo));
    assert_true(ftell(f) > 0);
    fclose(f);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

static void test_http_options(void **state)
{
    saha_http_options o;
    (void)state;
    memset(&o, 0x5a, sizeof o);
    SAHA_TEST_EQ(saha_http_options_init(&o, SAHA_HTTP_OPTIONS_VERSION), SAHA_OK);
    SAHA_TEST_EQ(o.version, SAHA_HTTP_OPTIONS_VERSION);
    assert_null(o.user_agent);
    SAHA_TEST_NEAR(o.rate_per_s, 0.0, 0.0);
    SAHA_TEST_EQ(o.connect_timeout_ms, 10000);
    SAHA_TEST_EQ(o.timeout_ms, 30000);
    SAHA_TEST_EQ(o.max_retries, 4);
    SAHA_TEST_NEAR(o.backoff_base_s, 1.0, 0.0);
    SAHA_TEST_NEAR(o.backoff_max_s, 60.0, 0.0);
    SAHA_TEST_EQ(o.max_body, 16u << 20);
    SAHA_TEST_EQ(o.max_redirects, 3);
    assert_null(o.secrets);
    SAHA_TEST_EQ(o.fresh_connection, 0);
    assert_null(o.username);
    assert_null(o.password);
    SAHA_TEST_EQ(o.netrc, 0);
    SAHA_TEST_EQ(saha_http_options_init(&o, SAHA_HTTP_OPTIONS_VERSION + 1), SAHA_EINVAL);
}

static void test_geocode_options(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_geocoder_options go;
    saha_geocode_accounts_options ao;
    saha_http_options ho;
    saha_geocoder *g = NULL;
    saha_account_set *set = parse_accounts(ctx);
    (void)state;
    memset(&go, 0x5a, sizeof go);
    SAHA_TEST_EQ(saha_geocoder_options_init(&go, SAHA_GEOCODER_OPTIONS_VERSION), SAHA_OK);
    SAHA_TEST_EQ(go.version, SAHA_GEOCODER_OPTIONS_VERSION);
    SAHA_TEST_EQ(go.provider, SAHA_GEOCODE_NOMINATIM);
    assert_null(go.endpoint);
    assert_null(go.api_key);
    assert_null(go.email);
    assert_null(go.language);
    SAHA_TEST_NEAR(go.rate_per_s, 0.0, 0.0);
    assert_null(go.cache_path);
    SAHA_TEST_NEAR(go.cache_ttl_days, 90.0, 0.0);
    SAHA_TEST_NEAR(go.not_found_ttl_days, 7.0, 0.0);
    SAHA_TEST_EQ(go.offline, 0);
    SAHA_TEST_EQ(go.limit, 5);
    SAHA_TEST_NEAR(go.ambiguous_km, 5.0, 0.0);
    assert_null(go.http);
    SAHA_TEST_EQ(saha_geocoder_options_init(&go, 0), SAHA_EINVAL);
    SAHA_TEST_EQ(saha_geocoder_options_init(&go, SAHA_GEOCODER_OPTIONS_VERSION), SAHA_OK);
    go.version = 2;
    SAHA_TEST_EQ(saha_geocoder_create(&g, ctx, &go), SAHA_EINVAL);
    assert_null(g);
    /* the HTTP options it passes on are checked too */
    go.version = SAHA_GEOCODER_OPTIONS_VERSION;
    SAHA_TEST_EQ(saha_http_options_init(&ho, SAHA_HTTP_OPTIONS_VERSION), SAHA_OK);
    ho.version = 0;
    go.http = &ho;
    SAHA_TEST_EQ(saha_geocoder_create(&g, ctx, &go), SAHA_EINVAL);
    assert_null(g);
    ho.version = SAHA_HTTP_OPTIONS_VERSION;
    SAHA_TEST_OK(ctx, saha_geocoder_create(&g, ctx, &go));

    memset(&ao, 0x5a, sizeof ao);
    SAHA_TEST_EQ(
        saha_geocode_accounts_options_init(&ao, SAHA_GEOCODE_ACCOUNTS_OPTIONS_VERSION),
        SAHA_OK);
    SAHA_TEST_EQ(ao.version, SAHA_GEOCODE_ACCOUNTS_OPTIONS_VERSION);
    assert_null(ao.filter.country_code);
    SAHA_TEST_EQ(ao.filter.has_bbox, 0);
    SAHA_TEST_EQ(ao.force, 0);
    SAHA_TEST_EQ(ao.dry_run, 0);
    assert_null(ao.progress);
    assert_null(ao.payload);
    SAHA_TEST_EQ(saha_geocode_accounts_options_init(&ao, 9), SAHA_EINVAL);
    SAHA_TEST_EQ(
        saha_geocode_accounts_options_init(&ao, SAHA_GEOCODE_ACCOUNTS_OPTIONS_VERSION),
        SAHA_OK);
    ao.version = 0;
    SAHA_TEST_EQ(saha_geocode_accounts(g, set, &ao, NULL), SAHA_EINVAL);
    /* all three have coordinates: a good run asks for nothing */
    ao.version = SAHA_GEOCODE_ACCOUNTS_OPTIONS_VERSION;
    SAHA_TEST_OK(ctx, saha_geocode_accounts(g, set, &ao, NULL));
    SAHA_TEST_EQ(saha_geocode_request_count(g), 0);
    saha_geocoder_free(g);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

static void test_matrix_options(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_matrix_options mo;
    saha_calibrate_options co;
    saha_calibrate_result cr;
    saha_matrix *m = NULL;
    const saha_latlon pts[3] = {{40.19, 29.06}, {40.21, 29.10}, {40.25, 29.02}};
    (void)state;
    memset(&mo, 0x5a, sizeof mo);
    SAHA_TEST_EQ(saha_matrix_options_init(&mo, SAHA_MATRIX_OPTIONS_VERSION), SAHA_OK);
    SAHA_TEST_EQ(mo.version, SAHA_MATRIX_OPTIONS_VERSION);
    SAHA_TEST_EQ(mo.provider, SAHA_MATRIX_MODEL);
    check_default_travel(&mo.travel);
    assert_null(mo.osrm_url);
    SAHA_TEST_EQ(mo.osrm_max_table, 0);
    assert_null(mo.file_path);
    SAHA_TEST_EQ(mo.threads, 0);
    assert_null(mo.progress);
    assert_null(mo.payload);
    assert_null(mo.http);
    SAHA_TEST_NEAR(mo.snap_warn_m, 500.0, 0.0);
    SAHA_TEST_NEAR(mo.snap_max_m, 5000.0, 0.0);
    SAHA_TEST_EQ(saha_matrix_options_init(&mo, 0), SAHA_EINVAL);
    SAHA_TEST_EQ(saha_matrix_options_init(&mo, SAHA_MATRIX_OPTIONS_VERSION), SAHA_OK);
    mo.version = 0;
    SAHA_TEST_EQ(saha_matrix_build(&m, ctx, NULL, NULL, pts, 3, &mo), SAHA_EINVAL);
    assert_null(m);
    mo.version = SAHA_MATRIX_OPTIONS_VERSION;
    SAHA_TEST_OK(ctx, saha_matrix_build(&m, ctx, NULL, NULL, pts, 3, &mo));

    memset(&co, 0x5a, sizeof co);
    SAHA_TEST_EQ(saha_calibrate_options_init(&co, SAHA_CALIBRATE_OPTIONS_VERSION),
                 SAHA_OK);
    SAHA_TEST_EQ(co.version, SAHA_CALIBRATE_OPTIONS_VERSION);
    check_default_travel(&co.start);
    SAHA_TEST_EQ(co.samples, 0);
    SAHA_TEST_EQ(co.seed, 1);
    SAHA_TEST_EQ(co.by_km, 0);
    SAHA_TEST_EQ(saha_calibrate_options_init(&co, 2), SAHA_EINVAL);
    SAHA_TEST_EQ(saha_calibrate_options_init(&co, SAHA_CALIBRATE_OPTIONS_VERSION),
                 SAHA_OK);
    co.version = 0;
    SAHA_TEST_EQ(saha_travel_calibrate(ctx, m, pts, &co, &cr), SAHA_EINVAL);
    saha_matrix_free(m);
    saha_ctx_free(ctx);
}

static void test_territory_options(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_territory_options to;
    saha_territory_html_options ho;
    saha_territory_result *res = NULL;
    saha_account_set *set = parse_accounts(ctx);
    saha_geo *geo = NULL;
    FILE *f = tmpfile();
    (void)state;
    assert_non_null(f);
    SAHA_TEST_OK(ctx, saha_geo_create(&geo, ctx));
    memset(&to, 0x5a, sizeof to);
    SAHA_TEST_EQ(saha_territory_options_init(&to, SAHA_TERRITORY_OPTIONS_VERSION),
                 SAHA_OK);
    SAHA_TEST_EQ(to.version, SAHA_TERRITORY_OPTIONS_VERSION);
    SAHA_TEST_EQ(to.balance, SAHA_TERRITORY_BALANCE_WORKLOAD);
    SAHA_TEST_NEAR(to.tolerance, 0.03, 0.0);
    SAHA_TEST_EQ(to.k, 0);
    SAHA_TEST_EQ(to.keep_assigned, 0);
    assert_null(to.previous);
    SAHA_TEST_EQ(to.seed, 1);
    SAHA_TEST_NEAR(to.period_days, 28.0, 0.0);
    SAHA_TEST_NEAR(to.default_frequency_days, 28.0, 0.0);
    SAHA_TEST_EQ(to.neighbours, 5);
    check_default_travel(&to.travel);
    SAHA_TEST_EQ(to.max_rounds, 8);
    assert_null(to.progress);
    assert_null(to.payload);
    SAHA_TEST_EQ(saha_territory_options_init(&to, 0), SAHA_EINVAL);
    SAHA_TEST_EQ(saha_territory_options_init(&to, SAHA_TERRITORY_OPTIONS_VERSION),
                 SAHA_OK);
    to.k = 1;
    to.version = 0;
    SAHA_TEST_EQ(saha_territory_solve(&res, ctx, geo, set, NULL, &to), SAHA_EINVAL);
    assert_null(res);
    to.version = SAHA_TERRITORY_OPTIONS_VERSION;
    SAHA_TEST_OK(ctx, saha_territory_solve(&res, ctx, geo, set, NULL, &to));

    memset(&ho, 0x5a, sizeof ho);
    SAHA_TEST_EQ(
        saha_territory_html_options_init(&ho, SAHA_TERRITORY_HTML_OPTIONS_VERSION),
        SAHA_OK);
    SAHA_TEST_EQ(ho.version, SAHA_TERRITORY_HTML_OPTIONS_VERSION);
    assert_null(ho.basemap);
    assert_null(ho.leaflet_js);
    assert_null(ho.leaflet_css);
    assert_null(ho.tiles_url);
    assert_null(ho.tiles_attribution);
    assert_null(ho.title);
    SAHA_TEST_EQ(saha_territory_html_options_init(&ho, 3), SAHA_EINVAL);
    SAHA_TEST_EQ(
        saha_territory_html_options_init(&ho, SAHA_TERRITORY_HTML_OPTIONS_VERSION),
        SAHA_OK);
    ho.version = 0;
    SAHA_TEST_EQ(saha_territory_write_html(f, ctx, res, set, geo, &ho), SAHA_EINVAL);
    SAHA_TEST_EQ(ftell(f), 0);
    ho.version = SAHA_TERRITORY_HTML_OPTIONS_VERSION;
    SAHA_TEST_OK(ctx, saha_territory_write_html(f, ctx, res, set, geo, &ho));
    assert_true(ftell(f) > 0);
    fclose(f);
    saha_territory_result_free(res);
    saha_geo_free(geo);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ctx_options),    cmocka_unit_test(test_account_options),
        cmocka_unit_test(test_http_options),   cmocka_unit_test(test_geocode_options),
        cmocka_unit_test(test_matrix_options), cmocka_unit_test(test_territory_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
