/* Tests for the geocode module: cache keys, the three reply parsers on canned replies
 * (tests/data/geocode/), lookups against the fixture server on 127.0.0.1 (every fault
 * mode), the SQLite cache (no repeated requests, TTL, 0600, corrupt file), and
 * saha_geocode_accounts on a small account file. */
#include "saha_test.h"
#include "helper_fixture.h"

#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include "internal/core.h"
#include "internal/http.h"
#include "internal/geocode_parse.h"

static saha_test_server fx; /* test-only state: one server for the whole file */

#define now_s saha_test_now_s

static int server_start(void **state)
{
    (void)state;
    return saha_test_geocode_server_start(&fx, "saha-geoc");
}

static int server_stop(void **state)
{
    (void)state;
    saha_test_server_stop(&fx);
    return 0;
}

static void endpoint(char *dst, size_t cap)
{
    saha_test_server_url(&fx, dst, cap, "");
}

/* GETs a control URL of the fixture server; returns the body's "total" for /_stats. */
static long server_get(const char *path)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_http__client *h = NULL;
    saha_http__response r;
    char u[256];
    long total = -1;
    saha_test_server_url(&fx, u, sizeof u, path);
    if (saha_http__create(&h, ctx, NULL) == SAHA_OK &&
        saha_http__get(h, u, &r) == SAHA_OK) {
        const char *t = r.body ? strstr(r.body, "\"total\": ") : NULL;
        if (t) {
            t += 9;
            if (saha__parse_long(t, strcspn(t, ","), &total) < 0)
                total = -1;
        } else {
            total = 0;
        }
        saha_http__response_free(&r);
    }
    saha_http__free(h);
    saha_ctx_free(ctx);
    return total;
}

static long requests_seen(void)
{
    return server_get("/_stats");
}

static void cache_path(char *dst, size_t cap, const char *name)
{
    snprintf(dst, cap, "%s/%s", fx.dir, name);
}

/* A geocoder against the fixture server, fast retries. */
static saha_geocoder *make(saha_ctx *ctx, saha_geocode_provider p, const char *cache,
                           const char *key)
{
    saha_geocoder *g = NULL;
    saha_geocoder_options o;
    saha_http_options h;
    char ep[64];
    (void)saha_geocoder_options_init(&o, SAHA_GEOCODER_OPTIONS_VERSION);
    (void)saha_http_options_init(&h, SAHA_HTTP_OPTIONS_VERSION);
    endpoint(ep, sizeof ep);
    h.max_retries = 2;
    h.backoff_base_s = 0.01;
    h.backoff_max_s = 0.05;
    h.timeout_ms = 1000;
    o.provider = p;
    o.endpoint = ep;
    o.rate_per_s = 50;
    o.cache_path = cache;
    o.api_key = key;
    o.http = &h;
    if (saha_geocoder_create(&g, ctx, &o) != SAHA_OK) {
        print_error("create: %s\n", saha_ctx_last_error(ctx)->message);
        return NULL;
    }
    return g;
}

static saha_geocode_query text_query(const char *text)
{
    saha_geocode_query q = {text, NULL, NULL, NULL, NULL, NULL};
    return q;
}

/* ---- keys ------------------------------------------------------------------------ */

static void test_cache_key_folding(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    const char *same[] = {"İSTANBUL", "istanbul", "Istanbul", "  ISTANBUL ", "ıstanbul"};
    char *ref, *k;
    saha_geocode_query q;
    (void)state;
    q = text_query(same[0]);
    ref = saha_geocode_cache_key(ctx, SAHA_GEOCODE_NOMINATIM, &q);
    assert_non_null(ref);
    assert_string_equal(ref, "nominatim\tq=istanbul");
    for (size_t i = 1; i < sizeof same / sizeof same[0]; i++) {
        q = text_query(same[i]);
        k = saha_geocode_cache_key(ctx, SAHA_GEOCODE_NOMINATIM, &q);
        assert_string_equal(k, ref);
        saha_geocode_free_string(ctx, k);
    }
    saha_geocode_free_string(ctx, ref);
    /* commas and blanks around them, accents */
    q = text_query("Kad\xc4\xb1k\xc3\xb6y ,  \xc4\xb0stanbul,T\xc3\xbcrkiye");
    k = saha_geocode_cache_key(ctx, SAHA_GEOCODE_PHOTON, &q);
    assert_string_equal(k, "photon\tq=kadikoy,istanbul,turkiye");
    saha_geocode_free_string(ctx, k);
    /* different places stay different; the provider is part of the key */
    q = text_query("Nil\xc3\xbc"
                   "fer, Bursa");
    k = saha_geocode_cache_key(ctx, SAHA_GEOCODE_GOOGLE, &q);
    assert_string_equal(k, "google\tq=nilufer,bursa");
    saha_geocode_free_string(ctx, k);
    /* structured form */
    q = text_query("ignored when structured");
    q.district = "Nil\xc3\xbc"
                 "fer";
    q.city = "BURSA";
    k = saha_geocode_cache_key(ctx, SAHA_GEOCODE_NOMINATIM, &q);
    assert_string_equal(k, "nominatim\tdistrict=nilufer|city=bursa");
    saha_geocode_free_string(ctx, k);
    /* nothing to look up */
    q = text_query(" , ");
    k = saha_geocode_cache_key(ctx, SAHA_GEOCODE_NOMINATIM, &q);
    assert_string_equal(k, "nominatim\t");
    saha_geocode_free_string(ctx, k);
    saha_ctx_free(ctx);
}

static void test_names(void **state)
{
    saha_geocode_provider p = SAHA_GEOCODE_NOMINATIM;
    (void)state;
    assert_string_equal(saha_geocode_status_name(SAHA_GEOCODE_NOT_FOUND), "not_found");
    assert_string_equal(saha_geocode_status_name(SAHA_GEOCODE_CACHED), "cached");
    assert_int_equal(saha_geocode_provider_parse("Photon", &p), 0);
    assert_int_equal(p, SAHA_GEOCODE_PHOTON);
    assert_int_equal(saha_geocode_provider_parse("bing", &p), SAHA_EINVAL);
    /* the provider table: one row per enum value, names round-trip */
    {
        const saha_geocode_provider all[] = {SAHA_GEOCODE_NOMINATIM, SAHA_GEOCODE_PHOTON,
                                             SAHA_GEOCODE_GOOGLE};
        const char *names[] = {"nominatim", "photon", "google"};
        for (size_t i = 0; i < 3; i++) {
            const saha_geocode__provider_info *info = saha_geocode__provider(all[i]);
            assert_non_null(info);
            assert_int_equal(info->id, all[i]);
            assert_string_equal(saha_geocode_provider_name(all[i]), names[i]);
            assert_int_equal(saha_geocode_provider_parse(names[i], &p), SAHA_OK);
            assert_int_equal(p, all[i]);
            assert_non_null(info->url);
            assert_non_null(info->parse);
            assert_int_equal(info->needs_key, all[i] == SAHA_GEOCODE_GOOGLE);
        }
        SAHA_TEST_NEAR(saha_geocode__provider(SAHA_GEOCODE_GOOGLE)->rate_per_s, 10.0,
                       0.0);
        SAHA_TEST_NEAR(saha_geocode__provider(SAHA_GEOCODE_NOMINATIM)->rate_per_s, 1.0,
                       0.0);
        assert_null(saha_geocode__provider((saha_geocode_provider)7));
        assert_string_equal(saha_geocode_provider_name((saha_geocode_provider)7),
                            "unknown");
    }
}

/* ---- parsers ----------------------------------------------------------------------- */

static saha_status parse_file(saha_ctx *ctx, const char *name,
                              saha_status (*fn)(saha_ctx *, const char *, const char *,
                                                size_t, saha_geocode__reply *),
                              saha_geocode__reply *out)
{
    char path[512];
    char *data = NULL;
    size_t len = 0;
    saha_status rc;
    snprintf(path, sizeof path, "%s/geocode/%s", SAHA_TEST_DATA, name);
    rc = saha__read_file(ctx, path, 1 << 20, &data, &len);
    if (rc < 0)
        return rc;
    rc = fn(ctx, name, data, len, out);
    saha__free(ctx, data);
    return rc;
}

static void test_parse_nominatim(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_geocode__reply r;
    (void)state;
    SAHA_TEST_OK(
        ctx, parse_file(ctx, "nominatim_two.json", saha_geocode__parse_nominatim, &r));
    SAHA_TEST_EQ(r.total, 5);
    SAHA_TEST_EQ(r.n, 3); /* a non-numeric and an out-of-range latitude are skipped */
    SAHA_TEST_NEAR(r.cand[0].lat_deg, 40.1424580, 1e-9);
    SAHA_TEST_NEAR(r.cand[0].lon_deg, 28.8130675, 1e-9);
    SAHA_TEST_NEAR(r.cand[0].quality, 0.61, 1e-12);
    assert_string_equal(r.cand[0].display_name,
                        "Nil\xc3\xbc"
                        "fer, Bursa, Marmara B\xc3\xb6lgesi, T\xc3\xbcrkiye");
    assert_string_equal(r.cand[0].country_code, "tr");
    SAHA_TEST_NEAR(r.cand[2].quality, 18.0 / 30.0, 1e-12); /* place_rank fallback */
    SAHA_TEST_NEAR(r.cand[2].lat_deg, 41.0, 0);
    SAHA_TEST_OK(
        ctx, parse_file(ctx, "nominatim_empty.json", saha_geocode__parse_nominatim, &r));
    SAHA_TEST_EQ(r.n, 0);
    SAHA_TEST_EQ(r.api_status, SAHA_GEOCODE__API_ZERO_RESULTS);
    SAHA_TEST_EQ(
        parse_file(ctx, "nominatim_error.json", saha_geocode__parse_nominatim, &r),
        SAHA_EPARSE);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "cannot be used together");
    saha_ctx_clear_error(ctx);
    SAHA_TEST_EQ(parse_file(ctx, "truncated.json", saha_geocode__parse_nominatim, &r),
                 SAHA_EPARSE);
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->line, 1);
    assert_string_equal(saha_ctx_last_error(ctx)->source, "truncated.json");
    saha_ctx_clear_error(ctx);
    /* another provider's shape is refused, not misread */
    SAHA_TEST_EQ(parse_file(ctx, "photon_ok.json", saha_geocode__parse_nominatim, &r),
                 SAHA_EPARSE);
    saha_ctx_free(ctx);
}

static void test_parse_photon(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_geocode__reply r;
    (void)state;
    SAHA_TEST_OK(ctx, parse_file(ctx, "photon_ok.json", saha_geocode__parse_photon, &r));
    SAHA_TEST_EQ(r.total, 3);
    SAHA_TEST_EQ(r.n, 2);
    SAHA_TEST_NEAR(r.cand[0].lat_deg, 41.0082, 1e-12); /* [lon, lat] order */
    SAHA_TEST_NEAR(r.cand[0].lon_deg, 29.0275, 1e-12);
    SAHA_TEST_NEAR(r.cand[0].quality, 0.6, 1e-12); /* district */
    SAHA_TEST_NEAR(r.cand[1].quality, 0.8, 1e-12); /* street */
    /* city and state are equal: written once */
    assert_string_equal(r.cand[0].display_name,
                        "Kad\xc4\xb1k\xc3\xb6y, \xc4\xb0stanbul, T\xc3\xbcrkiye");
    assert_string_equal(r.cand[0].country_code, "TR");
    SAHA_TEST_EQ(parse_file(ctx, "photon_error.json", saha_geocode__parse_photon, &r),
                 SAHA_EPARSE);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "missing query");
    saha_ctx_clear_error(ctx);
    SAHA_TEST_EQ(parse_file(ctx, "nominatim_two.json", saha_geocode__parse_photon, &r),
                 SAHA_EPARSE);
    saha_ctx_free(ctx);
}

static void test_parse_google(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_geocode__reply r;
    (void)state;
    SAHA_TEST_OK(ctx, parse_file(ctx, "google_ok.json", saha_geocode__parse_google, &r));
    SAHA_TEST_EQ(r.api_status, SAHA_GEOCODE__API_OK);
    SAHA_TEST_EQ(r.n, 1);
    SAHA_TEST_NEAR(r.cand[0].lat_deg, 39.9179, 1e-12);
    SAHA_TEST_NEAR(r.cand[0].lon_deg, 32.8627, 1e-12);
    SAHA_TEST_NEAR(r.cand[0].quality, 0.6 * 0.8, 1e-12); /* GEOMETRIC_CENTER, partial */
    assert_string_equal(r.cand[0].country_code, "TR");
    SAHA_TEST_OK(ctx,
                 parse_file(ctx, "google_zero.json", saha_geocode__parse_google, &r));
    SAHA_TEST_EQ(r.api_status, SAHA_GEOCODE__API_ZERO_RESULTS);
    SAHA_TEST_OK(ctx,
                 parse_file(ctx, "google_denied.json", saha_geocode__parse_google, &r));
    SAHA_TEST_EQ(r.api_status, SAHA_GEOCODE__API_REQUEST_DENIED);
    assert_string_equal(r.message, "The provided API key is invalid.");
    SAHA_TEST_OK(
        ctx, parse_file(ctx, "google_overlimit.json", saha_geocode__parse_google, &r));
    SAHA_TEST_EQ(r.api_status, SAHA_GEOCODE__API_OVER_QUERY_LIMIT);
    SAHA_TEST_OK(ctx,
                 parse_file(ctx, "google_unknown.json", saha_geocode__parse_google, &r));
    SAHA_TEST_EQ(r.api_status, SAHA_GEOCODE__API_UNKNOWN_ERROR);
    SAHA_TEST_EQ(parse_file(ctx, "nominatim_two.json", saha_geocode__parse_google, &r),
                 SAHA_EPARSE);
    saha_ctx_free(ctx);
}

/* ---- lookups against the fixture server
 * ------------------------------------------------- */

static void test_lookup_providers(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    const saha_geocode_provider ps[] = {SAHA_GEOCODE_NOMINATIM, SAHA_GEOCODE_PHOTON,
                                        SAHA_GEOCODE_GOOGLE};
    (void)state;
    for (size_t i = 0; i < 3; i++) {
        saha_geocoder *g = make(ctx, ps[i], NULL, "k-123");
        saha_geocode_query q = text_query("Nil\xc3\xbc"
                                          "fer, Bursa, T\xc3\xbcrkiye");
        saha_geocode_result r;
        assert_non_null(g);
        SAHA_TEST_OK(ctx, saha_geocode_lookup(g, &q, NULL, &r));
        SAHA_TEST_EQ(r.status, SAHA_GEOCODE_OK);
        /* the gazetteer's Nilüfer point */
        SAHA_TEST_NEAR(r.pos.lat_deg, 40.142458, 1e-6);
        SAHA_TEST_NEAR(r.pos.lon_deg, 28.8130675, 1e-6);
        assert_true(r.quality > 0 && r.quality <= 1);
        SAHA_TEST_STR_CONTAINS(r.display_name, "Nil\xc3\xbc"
                                               "fer");
        assert_string_equal(r.country_code, "tr");
        SAHA_TEST_EQ(r.from_cache, 0);
        /* upper-case Turkish letters reach the server intact (URL-encoded UTF-8) */
        q = text_query("KADIK\xc3\x96Y, \xc4\xb0STANBUL, T\xc3\x9cRK\xc4\xb0YE");
        SAHA_TEST_OK(ctx, saha_geocode_lookup(g, &q, NULL, &r));
        SAHA_TEST_EQ(r.status, SAHA_GEOCODE_OK);
        SAHA_TEST_NEAR(r.pos.lat_deg, 40.99, 0.05);
        SAHA_TEST_EQ(saha_geocode_request_count(g), 2);
        saha_geocoder_free(g);
    }
    saha_ctx_free(ctx);
}

static void test_structured_nominatim(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_geocoder *g = make(ctx, SAHA_GEOCODE_NOMINATIM, NULL, NULL);
    saha_geocode_query q = text_query(NULL);
    saha_geocode_result r;
    (void)state;
    q.district = "Osmangazi";
    q.city = "Bursa";
    SAHA_TEST_OK(ctx, saha_geocode_lookup(g, &q, NULL, &r));
    SAHA_TEST_EQ(r.status, SAHA_GEOCODE_OK);
    SAHA_TEST_STR_CONTAINS(r.display_name, "Osmangazi, Bursa");
    saha_geocoder_free(g);
    saha_ctx_free(ctx);
}

static void expect_status(saha_geocoder *g, saha_ctx *ctx, const char *text,
                          const saha_geocode_filter *f, saha_geocode_status want,
                          saha_status want_rc)
{
    saha_geocode_query q = text_query(text);
    saha_geocode_result r;
    saha_status rc = saha_geocode_lookup(g, &q, f, &r);
    if (rc != want_rc || r.status != want) {
        print_error("%s: got %s/%s, want %s/%s (%s)\n", text, saha_status_name(rc),
                    saha_geocode_status_name(r.status), saha_status_name(want_rc),
                    saha_geocode_status_name(want), saha_ctx_last_error(ctx)->message);
        fail();
    }
    if (want == SAHA_GEOCODE_AMBIGUOUS || want == SAHA_GEOCODE_FAILED)
        assert_true(r.status != SAHA_GEOCODE_OK);
}

static void test_fault_modes(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_geocoder *g = make(ctx, SAHA_GEOCODE_NOMINATIM, NULL, NULL);
    saha_geocode_filter tr = SAHA_GEOCODE_FILTER_INIT;
    saha_geocode_filter box = SAHA_GEOCODE_FILTER_INIT;
    (void)state;
    tr.country_code = "TR";
    /* Marmara: S,W,N,E */
    box.has_bbox = 1;
    box.south_deg = 39.5;
    box.west_deg = 26.0;
    box.north_deg = 42.0;
    box.east_deg = 31.0;
    expect_status(g, ctx,
                  "fault429once Nil\xc3\xbc"
                  "fer, Bursa",
                  NULL, SAHA_GEOCODE_OK, SAHA_OK);
    expect_status(g, ctx,
                  "fault503once Nil\xc3\xbc"
                  "fer, Bursa",
                  NULL, SAHA_GEOCODE_OK, SAHA_OK);
    expect_status(g, ctx, "fault500", NULL, SAHA_GEOCODE_FAILED, SAHA_ENET);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "HTTP 500");
    expect_status(g, ctx, "faultstall", NULL, SAHA_GEOCODE_FAILED, SAHA_ENET);
    expect_status(g, ctx, "faulttrunc", NULL, SAHA_GEOCODE_FAILED, SAHA_ENET);
    expect_status(g, ctx, "faultbadjson", NULL, SAHA_GEOCODE_FAILED, SAHA_EPARSE);
    expect_status(g, ctx, "faultempty", NULL, SAHA_GEOCODE_NOT_FOUND, SAHA_OK);
    expect_status(g, ctx, "Atlantis, Nowhere", NULL, SAHA_GEOCODE_NOT_FOUND, SAHA_OK);
    expect_status(g, ctx, "faultwrong", &tr, SAHA_GEOCODE_AMBIGUOUS, SAHA_OK);
    expect_status(g, ctx, "faultwrong", NULL, SAHA_GEOCODE_OK, SAHA_OK);
    expect_status(g, ctx, "faultfar", NULL, SAHA_GEOCODE_AMBIGUOUS, SAHA_OK);
    expect_status(g, ctx,
                  "\xc3\x87"
                  "ankaya, Ankara",
                  &box, SAHA_GEOCODE_AMBIGUOUS, SAHA_OK);
    expect_status(g, ctx,
                  "Nil\xc3\xbc"
                  "fer, Bursa",
                  &box, SAHA_GEOCODE_OK, SAHA_OK);
    assert_null(saha_geocode_stopped(g));
    saha_geocoder_free(g);
    saha_ctx_free(ctx);
}

static void test_provider_stops(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_geocoder *g = make(ctx, SAHA_GEOCODE_NOMINATIM, NULL, NULL);
    long before, after;
    (void)state;
    expect_status(g, ctx, "fault403", NULL, SAHA_GEOCODE_FAILED, SAHA_ENET);
    assert_non_null(saha_geocode_stopped(g));
    SAHA_TEST_STR_CONTAINS(saha_geocode_stopped(g), "HTTP 403");
    SAHA_TEST_STR_CONTAINS(saha_geocode_stopped(g), "--email");
    before = requests_seen();
    expect_status(g, ctx,
                  "Nil\xc3\xbc"
                  "fer, Bursa",
                  NULL, SAHA_GEOCODE_SKIPPED, SAHA_OK);
    after = requests_seen();
    SAHA_TEST_EQ(after, before); /* a stopped provider is not asked again */
    saha_geocoder_free(g);

    /* 429 with Retry-After: 1 s, capped by backoff_max_s (0.05 s here), then stop */
    g = make(ctx, SAHA_GEOCODE_NOMINATIM, NULL, NULL);
    {
        double t0 = now_s();
        expect_status(g, ctx, "fault429ra", NULL, SAHA_GEOCODE_FAILED, SAHA_ENET);
        assert_true(now_s() - t0 < 1.5);
    }
    SAHA_TEST_STR_CONTAINS(saha_geocode_stopped(g),
                           "429 Too Many Requests (after 3 tries)");
    saha_geocoder_free(g);

    /* 429 that persists after the http layer's retries */
    g = make(ctx, SAHA_GEOCODE_PHOTON, NULL, NULL);
    expect_status(g, ctx, "fault429", NULL, SAHA_GEOCODE_FAILED, SAHA_ENET);
    SAHA_TEST_STR_CONTAINS(saha_geocode_stopped(g), "429");
    saha_geocoder_free(g);
    saha_ctx_free(ctx);
}

static void test_google_key_never_shown(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    const char *key = "AIzaSECRETSECRET0123";
    saha_geocoder *g;
    saha_geocoder_options o;
    (void)saha_geocoder_options_init(&o, SAHA_GEOCODER_OPTIONS_VERSION);
    (void)state;
    /* Google without a key is refused at once */
    o.provider = SAHA_GEOCODE_GOOGLE;
    SAHA_TEST_EQ(saha_geocoder_create(&g, ctx, &o), SAHA_EINVAL);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "SAHA_GOOGLE_API_KEY");

    g = make(ctx, SAHA_GEOCODE_GOOGLE, NULL, key);
    expect_status(g, ctx, "fault500", NULL, SAHA_GEOCODE_FAILED, SAHA_ENET);
    assert_null(strstr(saha_ctx_last_error(ctx)->message, "SECRET"));
    assert_null(strstr(saha_ctx_last_error(ctx)->source, "SECRET"));
    expect_status(g, ctx, "faultstall", NULL, SAHA_GEOCODE_FAILED, SAHA_ENET);
    assert_null(strstr(saha_ctx_last_error(ctx)->message, "SECRET"));
    assert_null(strstr(saha_ctx_last_error(ctx)->source, "SECRET"));
    expect_status(g, ctx, "faultempty", NULL, SAHA_GEOCODE_NOT_FOUND, SAHA_OK);
    /* the fixture's REQUEST_DENIED message quotes the key, as a careless server might */
    expect_status(g, ctx, "faultdenied", NULL, SAHA_GEOCODE_FAILED, SAHA_ENET);
    SAHA_TEST_STR_CONTAINS(saha_geocode_stopped(g), "REQUEST_DENIED");
    assert_null(strstr(saha_geocode_stopped(g), "SECRET"));
    assert_null(strstr(saha_ctx_last_error(ctx)->message, "SECRET"));
    saha_geocoder_free(g);

    g = make(ctx, SAHA_GEOCODE_GOOGLE, NULL, key);
    expect_status(g, ctx, "faultoverlimit", NULL, SAHA_GEOCODE_FAILED, SAHA_ENET);
    SAHA_TEST_STR_CONTAINS(saha_geocode_stopped(g), "OVER_QUERY_LIMIT");
    saha_geocoder_free(g);
    saha_ctx_free(ctx);
}

static void test_public_nominatim_rate(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_geocoder *g = NULL;
    saha_geocoder_options o;
    (void)saha_geocoder_options_init(&o, SAHA_GEOCODER_OPTIONS_VERSION);
    (void)state;
    o.rate_per_s = 2;
    SAHA_TEST_EQ(saha_geocoder_create(&g, ctx, &o), SAHA_EINVAL);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "1 request per second");
    o.endpoint = "https://nominatim.openstreetmap.org/";
    SAHA_TEST_EQ(saha_geocoder_create(&g, ctx, &o), SAHA_EINVAL);
    assert_null(g);
    o.rate_per_s = 1;
    SAHA_TEST_OK(ctx, saha_geocoder_create(&g, ctx, &o)); /* no request is made */
    saha_geocoder_free(g);
    saha_ctx_free(ctx);
}

static void test_rate_limit_holds(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_geocoder *g = NULL;
    saha_geocoder_options o;
    char ep[64];
    const char *places[] = {"Nil\xc3\xbc"
                            "fer, Bursa",
                            "Osmangazi, Bursa", "Y\xc4\xb1ld\xc4\xb1rim, Bursa",
                            "Gemlik, Bursa", "\xc4\xb0neg\xc3\xb6l, Bursa"};
    double t0, dt;
    (void)saha_geocoder_options_init(&o, SAHA_GEOCODER_OPTIONS_VERSION);
    (void)state;
    endpoint(ep, sizeof ep);
    o.endpoint = ep;
    o.rate_per_s = 4;
    SAHA_TEST_OK(ctx, saha_geocoder_create(&g, ctx, &o));
    t0 = now_s();
    for (size_t i = 0; i < 5; i++) {
        saha_geocode_query q = text_query(places[i]);
        saha_geocode_result r;
        SAHA_TEST_OK(ctx, saha_geocode_lookup(g, &q, NULL, &r));
        SAHA_TEST_EQ(r.status, SAHA_GEOCODE_OK);
    }
    dt = now_s() - t0;
    if (dt < 4 / 4.0 - 0.01) { /* 5 requests at 4/s: at least (5-1)/4 s */
        print_error("5 lookups took %.3f s\n", dt);
        fail();
    }
    saha_geocoder_free(g);
    saha_ctx_free(ctx);
}

/* ---- cache ----------------------------------------------------------------------- */

static void test_cache_no_repeat(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    char path[256];
    saha_geocoder *g;
    saha_geocode_query q;
    saha_geocode_result r;
    struct stat sb;
    long before;
    (void)state;
    cache_path(path, sizeof path, "norepeat.sqlite");
    g = make(ctx, SAHA_GEOCODE_NOMINATIM, path, NULL);
    assert_non_null(g);
    assert_int_equal(stat(path, &sb), 0);
    SAHA_TEST_EQ(sb.st_mode & 0777, 0600);
    q = text_query("Kad\xc4\xb1k\xc3\xb6y, \xc4\xb0stanbul, T\xc3\xbcrkiye");
    SAHA_TEST_OK(ctx, saha_geocode_lookup(g, &q, NULL, &r));
    SAHA_TEST_EQ(r.status, SAHA_GEOCODE_OK);
    q = text_query("Atlantis, Nowhere");
    SAHA_TEST_OK(ctx, saha_geocode_lookup(g, &q, NULL, &r));
    SAHA_TEST_EQ(r.status, SAHA_GEOCODE_NOT_FOUND);
    q = text_query("fault500");
    SAHA_TEST_EQ(saha_geocode_lookup(g, &q, NULL, &r), SAHA_ENET);
    saha_geocoder_free(g);

    /* a new geocoder (a new run) on the same file: no request for answered queries,
     * whatever the case or spacing; failures are asked again */
    before = requests_seen();
    g = make(ctx, SAHA_GEOCODE_NOMINATIM, path, NULL);
    q = text_query("KADIK\xc3\x96Y,\xc4\xb0STANBUL,   T\xc3\x9cRK\xc4\xb0YE");
    SAHA_TEST_OK(ctx, saha_geocode_lookup(g, &q, NULL, &r));
    SAHA_TEST_EQ(r.status, SAHA_GEOCODE_CACHED);
    SAHA_TEST_EQ(r.from_cache, 1);
    SAHA_TEST_STR_CONTAINS(r.display_name, "Kad\xc4\xb1k\xc3\xb6y");
    q = text_query("atlantis, nowhere");
    SAHA_TEST_OK(ctx, saha_geocode_lookup(g, &q, NULL, &r));
    SAHA_TEST_EQ(r.status, SAHA_GEOCODE_NOT_FOUND);
    SAHA_TEST_EQ(r.from_cache, 1);
    SAHA_TEST_EQ(requests_seen(), before);
    q = text_query("fault500");
    SAHA_TEST_EQ(saha_geocode_lookup(g, &q, NULL, &r), SAHA_ENET);
    assert_true(requests_seen() > before);
    saha_geocoder_free(g);

    /* the key ignores the endpoint: offline against "the public host" still hits */
    {
        saha_geocoder_options o;
        (void)saha_geocoder_options_init(&o, SAHA_GEOCODER_OPTIONS_VERSION);
        o.cache_path = path;
        o.offline = 1;
        SAHA_TEST_OK(ctx, saha_geocoder_create(&g, ctx, &o));
        q = text_query("kadikoy, istanbul, turkiye");
        SAHA_TEST_OK(ctx, saha_geocode_lookup(g, &q, NULL, &r));
        SAHA_TEST_EQ(r.status, SAHA_GEOCODE_CACHED);
        q = text_query("Gemlik, Bursa");
        SAHA_TEST_OK(ctx, saha_geocode_lookup(g, &q, NULL, &r));
        SAHA_TEST_EQ(r.status, SAHA_GEOCODE_SKIPPED);
        SAHA_TEST_EQ(saha_geocode_request_count(g), 0);
        saha_geocoder_free(g);
    }
    saha_ctx_free(ctx);
}

static void test_cache_ttl(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    char path[256];
    saha_geocode__cache *c = NULL;
    saha_geocode__entry e, got;
    int64_t now = 1700000000;
    (void)state;
    cache_path(path, sizeof path, "ttl.sqlite");
    SAHA_TEST_OK(ctx, saha_geocode__cache_open(&c, ctx, path, 0));
    memset(&e, 0, sizeof e);
    e.status = SAHA_GEOCODE_OK;
    e.lat_deg = 40.5;
    e.lon_deg = 29.25;
    e.quality = 0.5;
    e.fetched_at = now - 10 * 86400;
    snprintf(e.display_name, sizeof e.display_name, "X");
    SAHA_TEST_OK(ctx, saha_geocode__cache_put(c, "nominatim", "q=x", &e));
    e.status = SAHA_GEOCODE_NOT_FOUND;
    e.lat_deg = e.lon_deg = e.quality = NAN;
    SAHA_TEST_OK(ctx, saha_geocode__cache_put(c, "nominatim", "q=nf", &e));
    SAHA_TEST_OK(ctx, saha_geocode__cache_get(c, "nominatim", "q=x", now, 90 * 86400.0,
                                              7 * 86400.0, &got));
    SAHA_TEST_NEAR(got.lat_deg, 40.5, 0);
    SAHA_TEST_NEAR(got.lon_deg, 29.25, 0);
    /* 10 days old: too old for a 7-day not_found TTL and for a 5-day TTL */
    SAHA_TEST_EQ(saha_geocode__cache_get(c, "nominatim", "q=nf", now, 90 * 86400.0,
                                         7 * 86400.0, &got),
                 SAHA_ENOTFOUND);
    SAHA_TEST_OK(ctx, saha_geocode__cache_get(c, "nominatim", "q=nf", now, 90 * 86400.0,
                                              30 * 86400.0, &got));
    SAHA_TEST_EQ(got.status, SAHA_GEOCODE_NOT_FOUND);
    SAHA_TEST_EQ(saha_geocode__cache_get(c, "nominatim", "q=x", now, 5 * 86400.0,
                                         7 * 86400.0, &got),
                 SAHA_ENOTFOUND);
    /* provider is part of the key */
    SAHA_TEST_EQ(
        saha_geocode__cache_get(c, "photon", "q=x", now, 90 * 86400.0, 7 * 86400.0, &got),
        SAHA_ENOTFOUND);
    /* an entry far older than any TTL: refetched online, but used offline */
    e.status = SAHA_GEOCODE_OK;
    e.lat_deg = 40.43;
    e.lon_deg = 29.16;
    e.quality = 0.5;
    e.fetched_at = 1000;
    SAHA_TEST_OK(ctx, saha_geocode__cache_put(c, "nominatim", "q=gemlik,bursa", &e));
    saha_geocode__cache_close(c);
    {
        saha_geocoder *g = NULL;
        saha_geocoder_options o;
        saha_geocode_query q = text_query("GEMLIK, Bursa");
        saha_geocode_result r;
        (void)saha_geocoder_options_init(&o, SAHA_GEOCODER_OPTIONS_VERSION);
        o.cache_path = path;
        o.offline = 1;
        SAHA_TEST_OK(ctx, saha_geocoder_create(&g, ctx, &o));
        SAHA_TEST_OK(ctx, saha_geocode_lookup(g, &q, NULL, &r));
        SAHA_TEST_EQ(r.status, SAHA_GEOCODE_CACHED);
        SAHA_TEST_NEAR(r.pos.lat_deg, 40.43, 0);
        saha_geocoder_free(g);
        g = make(ctx, SAHA_GEOCODE_NOMINATIM, path, NULL);
        SAHA_TEST_OK(ctx, saha_geocode_lookup(g, &q, NULL, &r));
        SAHA_TEST_EQ(r.status, SAHA_GEOCODE_OK); /* expired: asked again */
        SAHA_TEST_EQ(saha_geocode_request_count(g), 1);
        saha_geocoder_free(g);
    }
    saha_ctx_free(ctx);
}

static void count_log(saha_log_level level, const char *msg, void *payload)
{
    size_t *n = payload;
    if (level == SAHA_LOG_WARN && strstr(msg, "corrupt"))
        (*n)++;
}

static size_t count_aside(const char *prefix)
{
    size_t n = 0, len = strlen(prefix);
    DIR *d = opendir(fx.dir);
    struct dirent *e;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, prefix, len) == 0)
            n++;
    closedir(d);
    return n;
}

/* A file that is not a saha cache is refused and left exactly as it was. */
static void test_cache_not_ours(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    char path[256], back[5000];
    const char text[] = "id,name,address\nK1,Acme,\"Nilüfer, Bursa\"\n";
    saha_geocoder *g = NULL;
    saha_geocoder_options o;
    FILE *f;
    size_t n;
    (void)saha_geocoder_options_init(&o, SAHA_GEOCODER_OPTIONS_VERSION);
    (void)state;
    cache_path(path, sizeof path, "accounts.csv");
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    o.cache_path = path;
    o.endpoint = "http://127.0.0.1:1";
    SAHA_TEST_EQ(saha_geocoder_create(&g, ctx, &o), SAHA_EINVAL);
    assert_null(g);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "not a saha geocode cache");
    f = fopen(path, "rb");
    assert_non_null(f);
    n = fread(back, 1, sizeof back, f);
    fclose(f);
    SAHA_TEST_EQ(n, sizeof text - 1);
    assert_memory_equal(back, text, n);
    SAHA_TEST_EQ(count_aside("accounts.csv."), 0);
    saha_ctx_free(ctx);
}

/* A damaged saha cache (its tables still listed) is set aside and rebuilt. */
static void test_cache_corrupt(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    char path[256], junk[4096];
    saha_geocoder *g;
    FILE *f;
    long size;
    size_t warnings = 0;
    saha_geocode_query q = text_query("Gemlik, Bursa");
    saha_geocode_result r;
    (void)state;
    cache_path(path, sizeof path, "corrupt.sqlite");
    g = make(ctx, SAHA_GEOCODE_NOMINATIM, path, NULL);
    assert_non_null(g);
    SAHA_TEST_OK(ctx, saha_geocode_lookup(g, &q, NULL, &r));
    saha_geocoder_free(g);
    /* keep page 1 (the schema), overwrite every later page */
    memset(junk, 'x', sizeof junk);
    f = fopen(path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    size = ftell(f);
    assert_true(size > 4096);
    assert_int_equal(fseek(f, 4096, SEEK_SET), 0);
    for (long off = 4096; off < size; off += (long)sizeof junk)
        fwrite(junk, 1, sizeof junk, f);
    fclose(f);
    saha_ctx_use_log(ctx, count_log, &warnings);
    g = make(ctx, SAHA_GEOCODE_NOMINATIM, path, NULL);
    assert_non_null(g);
    SAHA_TEST_EQ(warnings, 1);
    SAHA_TEST_OK(ctx, saha_geocode_lookup(g, &q, NULL, &r));
    SAHA_TEST_EQ(r.status, SAHA_GEOCODE_OK);
    saha_geocoder_free(g);
    SAHA_TEST_EQ(count_aside("corrupt.sqlite.corrupt-"), 1);
    /* the rebuilt cache works */
    g = make(ctx, SAHA_GEOCODE_NOMINATIM, path, NULL);
    SAHA_TEST_OK(ctx, saha_geocode_lookup(g, &q, NULL, &r));
    SAHA_TEST_EQ(r.status, SAHA_GEOCODE_CACHED);
    saha_geocoder_free(g);
    saha_ctx_free(ctx);
}

/* ---- whole account sets ----------------------------------------------------------- */

static saha_account_set *load(saha_ctx *ctx)
{
    saha_account_set *set = NULL;
    saha_account_load_options lo;
    (void)saha_account_load_options_init(&lo, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    if (saha_account_load(&set, ctx, DATA("geocode/accounts.csv"), &lo) != SAHA_OK) {
        print_error("load: %s\n", saha_ctx_last_error(ctx)->message);
        return NULL;
    }
    return set;
}

static const char *col(const saha_account_set *set, const char *id, const char *c)
{
    size_t i = saha_account_find(set, id);
    const char *v = i == SIZE_MAX ? NULL : saha_account_get_column(set, i, c);
    return v ? v : "(none)";
}

static void test_accounts(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    char path[256];
    saha_account_set *set = load(ctx);
    saha_geocoder *g;
    saha_geocode_accounts_options o;
    saha_geocode_stats st;
    const saha_account *a;
    (void)saha_geocode_accounts_options_init(&o, SAHA_GEOCODE_ACCOUNTS_OPTIONS_VERSION);
    (void)state;
    assert_non_null(set);
    SAHA_TEST_EQ(saha_account_count(set), 9);
    SAHA_TEST_EQ(saha_account_rejected_count(set), 1);
    cache_path(path, sizeof path, "accounts.sqlite");
    g = make(ctx, SAHA_GEOCODE_NOMINATIM, path, NULL);

    /* dry run: 7 distinct queries to make (a1 and a7 are the same), a6 has none */
    o.dry_run = 1;
    SAHA_TEST_OK(ctx, saha_geocode_accounts(g, set, &o, &st));
    SAHA_TEST_EQ(st.considered, 8);
    SAHA_TEST_EQ(st.requests, 6);
    SAHA_TEST_EQ(st.skipped, 1);
    SAHA_TEST_NEAR(st.est_seconds, 5 / 50.0, 1e-9);
    SAHA_TEST_EQ(saha_geocode_request_count(g), 0);
    SAHA_TEST_EQ(saha_account_missing_coords_count(set), 8);

    o.dry_run = 0;
    SAHA_TEST_OK(ctx, saha_geocode_accounts(g, set, &o, &st));
    SAHA_TEST_EQ(st.considered, 8);
    SAHA_TEST_EQ(st.ok, 3);        /* a1 a2 a8 */
    SAHA_TEST_EQ(st.cached, 1);    /* a7 = a1 */
    SAHA_TEST_EQ(st.not_found, 1); /* a4 */
    SAHA_TEST_EQ(st.ambiguous, 1); /* a5 */
    SAHA_TEST_EQ(st.failed, 1);    /* a9 */
    SAHA_TEST_EQ(st.skipped, 1);   /* a6 */
    SAHA_TEST_EQ(st.ok + st.cached + st.not_found + st.ambiguous + st.failed + st.skipped,
                 st.considered);
    SAHA_TEST_EQ(st.provider_stopped, 0);
    assert_string_equal(col(set, "a1", "geocode_status"), "ok");
    assert_string_equal(col(set, "a1", "geocode_quality"), "0.550");
    assert_string_equal(col(set, "a1", "geocode_display_name"),
                        "Nil\xc3\xbc"
                        "fer, Bursa, T\xc3\xbcrkiye");
    assert_string_equal(col(set, "a7", "geocode_status"), "cached");
    assert_string_equal(col(set, "a4", "geocode_status"), "not_found");
    assert_string_equal(col(set, "a5", "geocode_status"), "ambiguous");
    assert_string_equal(col(set, "a6", "geocode_status"), "skipped");
    assert_string_equal(col(set, "a9", "geocode_status"), "failed");
    assert_string_equal(col(set, "a1", "notes"), "keep me");
    a = saha_account_at(set, saha_account_find(set, "a1"));
    assert_true(a->has_coords);
    SAHA_TEST_NEAR(a->lat_deg, 40.142458, 1e-6);
    a = saha_account_at(set, saha_account_find(set, "a5"));
    assert_false(a->has_coords); /* ambiguous: not trusted */
    a = saha_account_at(set, saha_account_find(set, "a3"));
    SAHA_TEST_NEAR(a->lat_deg, 40.18, 0); /* had coordinates: untouched */
    SAHA_TEST_EQ(saha_account_missing_coords_count(set), 4);
    saha_geocoder_free(g);
    saha_account_set_free(set);

    /* offline on the same cache: everything answered comes back, nothing is sent */
    {
        saha_geocoder_options go;
        long before = requests_seen();
        (void)saha_geocoder_options_init(&go, SAHA_GEOCODER_OPTIONS_VERSION);
        set = load(ctx);
        go.cache_path = path;
        go.offline = 1;
        SAHA_TEST_OK(ctx, saha_geocoder_create(&g, ctx, &go));
        SAHA_TEST_OK(ctx, saha_geocode_accounts(g, set, &o, &st));
        SAHA_TEST_EQ(st.cached, 4);    /* a1 a2 a7 a8 */
        SAHA_TEST_EQ(st.not_found, 1); /* a4 */
        SAHA_TEST_EQ(st.ambiguous, 1); /* a5 */
        SAHA_TEST_EQ(st.skipped, 2);   /* a6 (no address), a9 (failed: not cached) */
        SAHA_TEST_EQ(requests_seen(), before);
        saha_geocoder_free(g);
        saha_account_set_free(set);
    }
    saha_ctx_free(ctx);
}

static int cancel_after_two(size_t done, size_t total, void *payload)
{
    (void)total;
    (void)payload;
    return done >= 2;
}

static void test_accounts_stop_and_cancel(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set = load(ctx);
    saha_geocoder *g;
    saha_geocode_accounts_options o;
    saha_geocode_stats st;
    (void)saha_geocode_accounts_options_init(&o, SAHA_GEOCODE_ACCOUNTS_OPTIONS_VERSION);
    (void)state;
    /* the server blocks everyone: first row failed, the rest skipped, none lost */
    assert_true(server_get("/_control?mode=403") >= 0);
    g = make(ctx, SAHA_GEOCODE_NOMINATIM, NULL, NULL);
    SAHA_TEST_OK(ctx, saha_geocode_accounts(g, set, &o, &st));
    assert_true(server_get("/_control?mode=none") >= 0);
    SAHA_TEST_EQ(st.provider_stopped, 1);
    SAHA_TEST_STR_CONTAINS(st.message, "403");
    SAHA_TEST_EQ(st.failed, 1);
    SAHA_TEST_EQ(st.skipped, 7);
    SAHA_TEST_EQ(saha_geocode_request_count(g), 1);
    assert_string_equal(col(set, "a1", "geocode_status"), "failed");
    assert_string_equal(col(set, "a8", "geocode_status"), "skipped");
    saha_geocoder_free(g);
    saha_account_set_free(set);

    set = load(ctx);
    g = make(ctx, SAHA_GEOCODE_NOMINATIM, NULL, NULL);
    o.progress = cancel_after_two;
    SAHA_TEST_EQ(saha_geocode_accounts(g, set, &o, &st), SAHA_ECANCEL);
    SAHA_TEST_EQ(st.ok, 2);
    saha_geocoder_free(g);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

static void test_alloc_failures(void **state)
{
    char path[256];
    size_t n;
    (void)state;
    cache_path(path, sizeof path, "oom.sqlite");
    for (n = 0; n < 400; n++) {
        saha_test_alloc a = {n, 0, 0};
        saha_allocator al;
        saha_ctx *ctx = saha_test_ctx_failing(&a, &al);
        saha_geocoder *g = NULL;
        saha_geocoder_options o;
        saha_geocode_query q = text_query("Nil\xc3\xbc"
                                          "fer, Bursa");
        saha_geocode_result r;
        char ep[64];
        saha_status rc;
        (void)saha_geocoder_options_init(&o, SAHA_GEOCODER_OPTIONS_VERSION);
        if (!ctx)
            continue;
        endpoint(ep, sizeof ep);
        o.endpoint = ep;
        o.rate_per_s = 100;
        o.cache_path = path;
        rc = saha_geocoder_create(&g, ctx, &o);
        if (rc == SAHA_OK)
            rc = saha_geocode_lookup(g, &q, NULL, &r);
        saha_geocoder_free(g);
        saha_ctx_free(ctx);
        assert_true(rc == SAHA_OK || rc == SAHA_ENOMEM);
        SAHA_TEST_EQ(a.live, 0);
        if (rc == SAHA_OK) {
            SAHA_TEST_EQ(r.status == SAHA_GEOCODE_OK || r.status == SAHA_GEOCODE_CACHED,
                         1);
            break;
        }
    }
    assert_true(n < 400);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cache_key_folding),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_parse_nominatim),
        cmocka_unit_test(test_parse_photon),
        cmocka_unit_test(test_parse_google),
        cmocka_unit_test(test_lookup_providers),
        cmocka_unit_test(test_structured_nominatim),
        cmocka_unit_test(test_fault_modes),
        cmocka_unit_test(test_provider_stops),
        cmocka_unit_test(test_google_key_never_shown),
        cmocka_unit_test(test_public_nominatim_rate),
        cmocka_unit_test(test_rate_limit_holds),
        cmocka_unit_test(test_cache_no_repeat),
        cmocka_unit_test(test_cache_ttl),
        cmocka_unit_test(test_cache_not_ours),
        cmocka_unit_test(test_cache_corrupt),
        cmocka_unit_test(test_accounts),
        cmocka_unit_test(test_accounts_stop_and_cancel),
        cmocka_unit_test(test_alloc_failures),
    };
    int rc;
    if (saha_global_init() != SAHA_OK)
        return 1;
    rc = cmocka_run_group_tests(tests, server_start, server_stop);
    saha_global_cleanup();
    return rc;
}
