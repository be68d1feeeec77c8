/* Tests for src/http.c against the fixture server (tests/fixtures/geocode_server.py) on
 * 127.0.0.1: retries, Retry-After, rate limit, size cap, timeouts, redirects, redaction.
 */
#include "saha_test.h"
#include "helper_fixture.h"

#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal/core.h"
#include "internal/http.h"

static saha_test_server fx; /* test-only state: one server for the whole file */

#define now_s saha_test_now_s

static int server_start(void **state)
{
    (void)state;
    return saha_test_geocode_server_start(&fx, "saha-http");
}

static int server_stop(void **state)
{
    (void)state;
    saha_test_server_stop(&fx);
    return 0;
}

static void url(char *dst, size_t cap, const char *path)
{
    saha_test_server_url(&fx, dst, cap, path);
}

/* Fast retries for tests. */
static saha_http__client *quick_http(saha_ctx *ctx, unsigned retries)
{
    saha_http__client *h = NULL;
    saha_http_options o;
    (void)saha_http_options_init(&o, SAHA_HTTP_OPTIONS_VERSION);
    o.max_retries = retries;
    o.backoff_base_s = 0.01;
    o.backoff_max_s = 0.05;
    o.timeout_ms = 5000;
    if (saha_http__create(&h, ctx, &o) != SAHA_OK)
        return NULL;
    return h;
}

static void test_get_ok(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_http__client *h = quick_http(ctx, 2);
    saha_http__response r;
    char u[256];
    (void)state;
    assert_non_null(h);
    url(u, sizeof u, "/_http/echo?x=1");
    SAHA_TEST_OK(ctx, saha_http__get(h, u, &r));
    SAHA_TEST_EQ(r.status, 200);
    SAHA_TEST_EQ(r.attempts, 1);
    SAHA_TEST_EQ(strlen(r.body), r.len);
    SAHA_TEST_STR_CONTAINS(r.body, "\"method\": \"GET\"");
    SAHA_TEST_STR_CONTAINS(r.body, "saha/" SAHA_VERSION_STRING);
    SAHA_TEST_STR_CONTAINS(r.content_type, "application/json");
    SAHA_TEST_NEAR(r.retry_after_s, -1, 0);
    saha_http__response_free(&r);
    saha_http__free(h);
    saha_ctx_free(ctx);
}

static void test_post(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_http__client *h = quick_http(ctx, 0);
    saha_http__response r;
    char u[256];
    (void)state;
    url(u, sizeof u, "/_http/echo");
    SAHA_TEST_OK(ctx, saha_http__post(h, u, "application/json", "{\"a\":1}", 7, &r));
    SAHA_TEST_EQ(r.status, 200);
    SAHA_TEST_STR_CONTAINS(r.body, "\"method\": \"POST\"");
    SAHA_TEST_STR_CONTAINS(r.body, "\"ctype\": \"application/json\"");
    SAHA_TEST_STR_CONTAINS(r.body, "{\\\"a\\\":1}");
    saha_http__response_free(&r);
    saha_http__free(h);
    saha_ctx_free(ctx);
}

static void test_retry_5xx_then_ok(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_http__client *h = quick_http(ctx, 4);
    saha_http__response r;
    char u[256];
    (void)state;
    url(u, sizeof u, "/_http/status?code=503&times=2&id=r5");
    SAHA_TEST_OK(ctx, saha_http__get(h, u, &r));
    SAHA_TEST_EQ(r.status, 200);
    SAHA_TEST_EQ(r.attempts, 3);
    assert_string_equal(r.body, "ok");
    saha_http__response_free(&r);
    /* never recovering: the last answer is returned, not an error */
    url(u, sizeof u, "/_http/status?code=500&id=r500");
    SAHA_TEST_OK(ctx, saha_http__get(h, u, &r));
    SAHA_TEST_EQ(r.status, 500);
    SAHA_TEST_EQ(r.attempts, 5);
    saha_http__response_free(&r);
    /* 404 is final at once */
    url(u, sizeof u, "/_http/status?code=404&id=r404");
    SAHA_TEST_OK(ctx, saha_http__get(h, u, &r));
    SAHA_TEST_EQ(r.status, 404);
    SAHA_TEST_EQ(r.attempts, 1);
    saha_http__response_free(&r);
    saha_http__free(h);
    saha_ctx_free(ctx);
}

static void test_retry_after(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_http__client *h = NULL;
    saha_http_options o;
    saha_http__response r;
    char u[256];
    double t0, dt;
    (void)saha_http_options_init(&o, SAHA_HTTP_OPTIONS_VERSION);
    (void)state;
    o.backoff_base_s = 0.01;
    o.backoff_max_s = 5;
    SAHA_TEST_OK(ctx, saha_http__create(&h, ctx, &o));
    url(u, sizeof u, "/_http/status?code=429&times=1&retry_after=1&id=ra1");
    t0 = now_s();
    SAHA_TEST_OK(ctx, saha_http__get(h, u, &r));
    dt = now_s() - t0;
    SAHA_TEST_EQ(r.status, 200);
    SAHA_TEST_EQ(r.attempts, 2);
    if (dt < 0.95) { /* the server asked for 1 s */
        print_error("waited %.3f s, want >= 1 s\n", dt);
        fail();
    }
    saha_http__response_free(&r);
    saha_http__free(h);

    /* Retry-After is capped by backoff_max_s; an HTTP-date form is understood */
    o.backoff_max_s = 0.2;
    SAHA_TEST_OK(ctx, saha_http__create(&h, ctx, &o));
    url(u, sizeof u,
        "/_http/"
        "status?code=429&times=1&retry_after=Wed,%2021%20Oct%202099%2007:28:00%20GMT"
        "&id=ra2");
    t0 = now_s();
    SAHA_TEST_OK(ctx, saha_http__get(h, u, &r));
    dt = now_s() - t0;
    SAHA_TEST_EQ(r.status, 200);
    SAHA_TEST_EQ(r.attempts, 2);
    if (dt < 0.19 || dt > 2.0) {
        print_error("waited %.3f s, want the 0.2 s cap\n", dt);
        fail();
    }
    saha_http__response_free(&r);
    /* persistent 429: the final answer carries its Retry-After */
    url(u, sizeof u, "/_http/status?code=429&retry_after=0&id=ra3");
    SAHA_TEST_OK(ctx, saha_http__get(h, u, &r));
    SAHA_TEST_EQ(r.status, 429);
    SAHA_TEST_NEAR(r.retry_after_s, 0, 0);
    saha_http__response_free(&r);
    saha_http__free(h);
    saha_ctx_free(ctx);
}

static void test_rate_limit(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_http__client *h = NULL;
    saha_http_options o;
    saha_http__response r;
    char u[256];
    double t0, dt;
    const int n = 6;
    (void)saha_http_options_init(&o, SAHA_HTTP_OPTIONS_VERSION);
    (void)state;
    o.rate_per_s = 5;
    SAHA_TEST_OK(ctx, saha_http__create(&h, ctx, &o));
    url(u, sizeof u, "/_http/hit?id=rate");
    t0 = now_s();
    for (int i = 0; i < n; i++) {
        SAHA_TEST_OK(ctx, saha_http__get(h, u, &r));
        SAHA_TEST_EQ(r.status, 200);
        saha_http__response_free(&r);
    }
    dt = now_s() - t0;
    /* n starts at 5/s span at least (n-1)/5 s; tolerance for clock granularity */
    if (dt < (n - 1) / 5.0 - 0.01) {
        print_error("%d requests took %.3f s, want >= %.3f s\n", n, dt, (n - 1) / 5.0);
        fail();
    }
    saha_http__free(h);
    saha_ctx_free(ctx);
}

static void test_body_cap(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_http__client *h = NULL;
    saha_http_options o;
    saha_http__response r;
    char u[256];
    (void)saha_http_options_init(&o, SAHA_HTTP_OPTIONS_VERSION);
    (void)state;
    o.max_body = 1000;
    SAHA_TEST_OK(ctx, saha_http__create(&h, ctx, &o));
    url(u, sizeof u, "/_http/big?bytes=1000");
    SAHA_TEST_OK(ctx, saha_http__get(h, u, &r));
    SAHA_TEST_EQ(r.len, 1000);
    saha_http__response_free(&r);
    url(u, sizeof u, "/_http/big?bytes=50000");
    SAHA_TEST_EQ(saha_http__get(h, u, &r), SAHA_ELIMIT);
    SAHA_TEST_EQ(r.attempts, 1);
    assert_null(r.body);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "1000 bytes");
    saha_http__response_free(&r);
    saha_http__free(h);
    saha_ctx_free(ctx);
}

static void test_timeout_and_refused(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_http__client *h = NULL;
    saha_http_options o;
    saha_http__response r;
    char u[256];
    double t0, dt;
    (void)saha_http_options_init(&o, SAHA_HTTP_OPTIONS_VERSION);
    (void)state;
    o.timeout_ms = 300;
    o.max_retries = 1;
    o.backoff_base_s = 0.01;
    SAHA_TEST_OK(ctx, saha_http__create(&h, ctx, &o));
    url(u, sizeof u, "/_http/stall?s=2");
    t0 = now_s();
    SAHA_TEST_EQ(saha_http__get(h, u, &r), SAHA_ENET);
    dt = now_s() - t0;
    SAHA_TEST_EQ(r.attempts, 2);
    if (dt > 1.5) {
        print_error("timeout not applied: %.3f s\n", dt);
        fail();
    }
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "after 2 tries");
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->source, "/_http/stall");
    saha_http__response_free(&r);
    /* truncated body: libcurl's partial-file error, retried then reported */
    url(u, sizeof u, "/_http/trunc");
    SAHA_TEST_EQ(saha_http__get(h, u, &r), SAHA_ENET);
    SAHA_TEST_EQ(r.attempts, 2);
    saha_http__response_free(&r);
    /* nothing listens on port 1 */
    SAHA_TEST_EQ(saha_http__get(h, "http://127.0.0.1:1/x", &r), SAHA_ENET);
    SAHA_TEST_EQ(r.attempts, 2);
    saha_http__response_free(&r);
    /* only http and https */
    SAHA_TEST_EQ(saha_http__get(h, "file:///etc/passwd", &r), SAHA_ENET);
    SAHA_TEST_EQ(r.attempts, 1);
    saha_http__response_free(&r);
    saha_http__free(h);
    saha_ctx_free(ctx);
}

static void test_redirects(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_http__client *h = NULL;
    saha_http_options o;
    saha_http__response r;
    char u[512], to[256];
    (void)saha_http_options_init(&o, SAHA_HTTP_OPTIONS_VERSION);
    (void)state;
    o.max_redirects = 2;
    SAHA_TEST_OK(ctx, saha_http__create(&h, ctx, &o));
    /* same host: followed */
    url(u, sizeof u, "/_http/redirect?to=/_http/echo%3Fvia%3Dredirect");
    SAHA_TEST_OK(ctx, saha_http__get(h, u, &r));
    SAHA_TEST_EQ(r.status, 200);
    SAHA_TEST_STR_CONTAINS(r.body, "\"via\": \"redirect\"");
    saha_http__response_free(&r);
    /* another host (localhost is not 127.0.0.1 by name): refused, not fetched */
    snprintf(to, sizeof to, "http://localhost:%d/_http/hit%%3Fid%%3Dforeign", fx.port);
    snprintf(u, sizeof u, "http://127.0.0.1:%d/_http/redirect?to=%s", fx.port, to);
    SAHA_TEST_EQ(saha_http__get(h, u, &r), SAHA_ENET);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "another host");
    saha_http__response_free(&r);
    url(u, sizeof u, "/_http/count?id=foreign");
    SAHA_TEST_OK(ctx, saha_http__get(h, u, &r));
    assert_string_equal(r.body, "0");
    saha_http__response_free(&r);
    /* the same host on another port is another server: refused, never connected to */
    snprintf(to, sizeof to, "http://127.0.0.1:%d/_http/echo",
             fx.port == 65535 ? 1 : fx.port + 1);
    snprintf(u, sizeof u, "http://127.0.0.1:%d/_http/redirect?to=%s", fx.port, to);
    SAHA_TEST_EQ(saha_http__get(h, u, &r), SAHA_ENET);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message,
                           "another server of the host");
    saha_http__response_free(&r);
    /* and so is another scheme of the same host and port */
    snprintf(to, sizeof to, "https://127.0.0.1:%d/_http/echo", fx.port);
    snprintf(u, sizeof u, "http://127.0.0.1:%d/_http/redirect?to=%s", fx.port, to);
    SAHA_TEST_EQ(saha_http__get(h, u, &r), SAHA_ENET);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message,
                           "another server of the host");
    saha_http__response_free(&r);
    /* a loop: stops after max_redirects */
    url(u, sizeof u, "/_http/loop");
    SAHA_TEST_EQ(saha_http__get(h, u, &r), SAHA_ENET);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "too many redirects");
    saha_http__response_free(&r);
    saha_http__free(h);
    saha_ctx_free(ctx);
}

static void test_redaction(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_http__client *h = NULL;
    saha_http_options o;
    const char *secrets[] = {"S3CRET-KEY-42", NULL};
    saha_http__response r;
    char buf[256];
    const saha_error *e;
    (void)saha_http_options_init(&o, SAHA_HTTP_OPTIONS_VERSION);
    (void)state;
    o.secrets = secrets;
    o.max_retries = 0;
    SAHA_TEST_OK(ctx, saha_http__create(&h, ctx, &o));
    saha_http__redact(h, "https://x/y?address=a&key=S3CRET-KEY-42&z=1", buf, sizeof buf);
    assert_string_equal(buf, "https://x/y?address=a&key=***&z=1");
    saha_http__redact(h, "token S3CRET-KEY-42 in text", buf, sizeof buf);
    assert_string_equal(buf, "token *** in text");
    /* a key=... parameter is masked even when not listed as a secret */
    saha_http__redact(NULL, "/geo?key=OTHER&q=1", buf, sizeof buf);
    assert_string_equal(buf, "/geo?key=***&q=1");
    /* "monkey=" is not a key parameter */
    saha_http__redact(NULL, "/geo?monkey=1", buf, sizeof buf);
    assert_string_equal(buf, "/geo?monkey=1");
    /* truncation keeps the NUL */
    saha_http__redact(h, "abcdef", buf, 4);
    assert_string_equal(buf, "abc");
    /* failure messages never carry the key */
    SAHA_TEST_EQ(saha_http__get(h, "http://127.0.0.1:1/q?key=S3CRET-KEY-42", &r),
                 SAHA_ENET);
    e = saha_ctx_last_error(ctx);
    assert_null(strstr(e->message, "S3CRET"));
    assert_null(strstr(e->source, "S3CRET"));
    SAHA_TEST_STR_CONTAINS(e->source, "key=***");
    saha_http__response_free(&r);
    saha_http__free(h);
    saha_ctx_free(ctx);
}

static void test_escape(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_http__client *h = quick_http(ctx, 0);
    char *s;
    (void)state;
    s = saha_http__escape(h, "Kad\xc4\xb1k\xc3\xb6y, \xc4\xb0stanbul&x=1");
    assert_non_null(s);
    assert_string_equal(s, "Kad%C4%B1k%C3%B6y%2C%20%C4%B0stanbul%26x%3D1");
    saha_http__free_string(h, s);
    saha_http__free(h);
    saha_ctx_free(ctx);
}

static void test_bad_args(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_http__client *h = NULL;
    saha_http_options o;
    saha_http__response r;
    (void)saha_http_options_init(&o, SAHA_HTTP_OPTIONS_VERSION);
    (void)state;
    o.rate_per_s = -1;
    SAHA_TEST_EQ(saha_http__create(&h, ctx, &o), SAHA_EINVAL);
    assert_null(h);
    SAHA_TEST_EQ(saha_http__get(NULL, "http://x/", &r), SAHA_EINVAL);
    saha_http__response_free(&r);
    h = quick_http(ctx, 0);
    SAHA_TEST_EQ(saha_http__get(h, NULL, &r), SAHA_EINVAL);
    saha_http__response_free(&r);
    saha_http__free(h);
    saha_http__free(NULL);
    saha_http__response_free(NULL);
    saha_ctx_free(ctx);
}

/* Every allocation the module makes can fail: the call returns SAHA_ENOMEM and leaks
 * nothing. */
static void test_alloc_failures(void **state)
{
    char u[256];
    size_t n;
    (void)state;
    url(u, sizeof u, "/_http/echo");
    for (n = 0; n < 200; n++) {
        saha_test_alloc a = {n, 0, 0};
        saha_allocator al;
        saha_ctx *ctx = saha_test_ctx_failing(&a, &al);
        saha_http__client *h = NULL;
        saha_http__response r;
        saha_status rc;
        if (!ctx) {
            continue; /* the context itself was the failed allocation */
        }
        rc = saha_http__create(&h, ctx, NULL);
        if (rc == SAHA_OK) {
            rc = saha_http__get(h, u, &r);
            if (rc == SAHA_OK)
                SAHA_TEST_EQ(r.status, 200);
            saha_http__response_free(&r);
        }
        saha_http__free(h);
        assert_true(rc == SAHA_OK || rc == SAHA_ENOMEM);
        saha_ctx_free(ctx);
        SAHA_TEST_EQ(a.live, 0);
        if (rc == SAHA_OK)
            break;
    }
    assert_true(n < 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_ok),
        cmocka_unit_test(test_post),
        cmocka_unit_test(test_retry_5xx_then_ok),
        cmocka_unit_test(test_retry_after),
        cmocka_unit_test(test_rate_limit),
        cmocka_unit_test(test_body_cap),
        cmocka_unit_test(test_timeout_and_refused),
        cmocka_unit_test(test_redirects),
        cmocka_unit_test(test_redaction),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_alloc_failures),
    };
    int rc;
    if (saha_global_init() != SAHA_OK)
        return 1;
    rc = cmocka_run_group_tests(tests, server_start, server_stop);
    saha_global_cleanup();
    return rc;
}
