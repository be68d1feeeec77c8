/* Tests for the road shapes of the matrix module (src/matrix_route.c): the polyline
 * decoder against Google's published example, the Route reply parser on the recorded
 * Andorra day (tests/data/osrm/andorra: polyline6 and GeoJSON answers of one request
 * must give the same shape, and the legs cut at the waypoints must be as long as the
 * server says), its errors, failure injection, and the route cache's refusal of a
 * file that is not one. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "saha_test.h"

#include "internal/core.h"
#include "internal/matrix_parse.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
            buf[n] = '\0';
            *len = (size_t)n;
        } else {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    return buf;
}

static double hav(saha_latlon a, saha_latlon b)
{
    const double k = 3.14159265358979323846 / 180;
    double dl = (b.lat_deg - a.lat_deg) * k, dn = (b.lon_deg - a.lon_deg) * k;
    double h = sin(dl / 2) * sin(dl / 2) +
               cos(a.lat_deg * k) * cos(b.lat_deg * k) * sin(dn / 2) * sin(dn / 2);
    return 2 * 6371008.8 * asin(sqrt(h));
}

/* https://developers.google.com/maps/documentation/utilities/polylinealgorithm */
static void test_polyline_google(void **state)
{
    static const char enc[] = "_p~iF~ps|U_ulLnnqC_mqNvxq`@";
    saha_ctx *ctx = saha_test_ctx();
    saha_latlon *p = NULL;
    size_t n = 0;
    (void)state;
    SAHA_TEST_OK(ctx,
                 saha_matrix__polyline_decode(ctx, "t", enc, sizeof enc - 1, 5, &p, &n));
    SAHA_TEST_EQ(n, 3);
    SAHA_TEST_NEAR(p[0].lat_deg, 38.5, 1e-9);
    SAHA_TEST_NEAR(p[0].lon_deg, -120.2, 1e-9);
    SAHA_TEST_NEAR(p[1].lat_deg, 40.7, 1e-9);
    SAHA_TEST_NEAR(p[1].lon_deg, -120.95, 1e-9);
    SAHA_TEST_NEAR(p[2].lat_deg, 43.252, 1e-9);
    SAHA_TEST_NEAR(p[2].lon_deg, -126.453, 1e-9);
    saha__free(ctx, p);
    /* cut inside a number, and a byte below '?' */
    SAHA_TEST_EQ(saha_matrix__polyline_decode(ctx, "t", enc, 4, 5, &p, &n), SAHA_EPARSE);
    assert_null(p);
    SAHA_TEST_EQ(saha_matrix__polyline_decode(ctx, "t", "_p~iF ps|U", 10, 5, &p, &n),
                 SAHA_EPARSE);
    saha_ctx_free(ctx);
}

static void test_route_recorded(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    size_t l6 = 0, lg = 0;
    char *b6 = slurp(DATA("osrm/andorra/route_day_polyline6.json"), &l6);
    char *bg = slurp(DATA("osrm/andorra/route_day_geojson.json"), &lg);
    saha_matrix__road r6, rg;
    double total = 0, legs = 0;
    (void)state;
    assert_non_null(b6);
    assert_non_null(bg);
    SAHA_TEST_OK(ctx, saha_matrix__parse_route(ctx, "p6", b6, l6, 8, &r6));
    SAHA_TEST_OK(ctx, saha_matrix__parse_route(ctx, "gj", bg, lg, 8, &rg));
    /* the same request in two encodings: the same shape (GeoJSON has 6 decimals too) */
    SAHA_TEST_EQ(r6.n, rg.n);
    assert_true(r6.n > 1000);
    for (size_t i = 0; i < r6.n; i++) {
        SAHA_TEST_NEAR(r6.pts[i].lat_deg, rg.pts[i].lat_deg, 1e-9);
        SAHA_TEST_NEAR(r6.pts[i].lon_deg, rg.pts[i].lon_deg, 1e-9);
    }
    SAHA_TEST_EQ(r6.nlegs, 7);
    SAHA_TEST_NEAR(r6.leg_m[0], 12214.4, 1e-6);
    SAHA_TEST_NEAR(r6.leg_s[6], 497.3, 1e-6);
    /* starts at the snapped home; each leg as long as the server says (1 %) */
    SAHA_TEST_NEAR(r6.pts[0].lat_deg, 42.507484, 1e-6);
    SAHA_TEST_NEAR(r6.pts[0].lon_deg, 1.521804, 1e-6);
    SAHA_TEST_EQ(r6.leg_start[0], 0);
    for (size_t k = 0; k < r6.nlegs; k++) {
        size_t a = r6.leg_start[k], b = k + 1 < r6.nlegs ? r6.leg_start[k + 1] : r6.n - 1;
        double len = 0;
        assert_true(a <= b);
        for (size_t i = a; i < b; i++)
            len += hav(r6.pts[i], r6.pts[i + 1]);
        SAHA_TEST_NEAR(len, r6.leg_m[k], 0.01 * r6.leg_m[k] + 5);
        total += len;
        legs += r6.leg_m[k];
    }
    SAHA_TEST_NEAR(total, legs, 0.01 * legs);
    /* leg 4 starts on AD004's snapped waypoint (1.501934, 42.462568) */
    SAHA_TEST_NEAR(r6.pts[r6.leg_start[4]].lon_deg, 1.501934, 2e-6);
    SAHA_TEST_NEAR(r6.pts[r6.leg_start[4]].lat_deg, 42.462568, 2e-6);
    /* asked with another number of points: an error, not a wrong cut */
    saha_matrix__road_clear(ctx, &r6);
    SAHA_TEST_EQ(saha_matrix__parse_route(ctx, "p6", b6, l6, 7, &r6), SAHA_EPARSE);
    assert_null(r6.pts);
    saha_matrix__road_clear(ctx, &rg);
    free(b6);
    free(bg);
    saha_ctx_free(ctx);
}

static void test_route_errors(void **state)
{
    static const struct {
        const char *body;
        saha_status want;
        const char *msg;
    } cases[] = {
        {"{\"code\":\"NoRoute\",\"message\":\"Impossible route between points\"}",
         SAHA_ENOTFOUND, "NoRoute"},
        {"{\"code\":\"InvalidOptions\",\"message\":\"x\"}", SAHA_ENET, "InvalidOptions"},
        {"{\"routes\":[]}", SAHA_EPARSE, "code"},
        {"{\"code\":\"Ok\",\"routes\":[],\"waypoints\":[]}", SAHA_EPARSE, "routes[0]"},
        {"{\"code\":\"Ok\",\"routes\":[{\"geometry\":\"??\",\"legs\":[{\"distance\":1,"
         "\"duration\":1}]}],\"waypoints\":[{\"location\":[0,0]},{\"location\":[0,0]}]}",
         SAHA_EPARSE, "1 point"},
        {"{\"code\":\"Ok\",\"routes\":[{\"geometry\":{\"type\":\"Point\"},\"legs\":[{"
         "\"distance\":1,\"duration\":1}]}],\"waypoints\":[{\"location\":[0,0]},{"
         "\"location\":[0,0]}]}",
         SAHA_EPARSE, "LineString"},
        {"{\"code\":\"Ok\",\"routes\":[{\"geometry\":\"????\",\"legs\":[{\"distance\":-1,"
         "\"duration\":1}]}],\"waypoints\":[{\"location\":[0,0]},{\"location\":[0,0]}]}",
         SAHA_EPARSE, "legs[0]"},
        {"{\"code\":\"Ok\",\"routes\":[{\"geometry\":\"????\",\"legs\":[{\"distance\":1,"
         "\"duration\":1}]}],\"waypoints\":[{\"location\":[0,0]},{}]}",
         SAHA_EPARSE, "waypoints[1]"},
        {"{\"code\":\"Ok\"", SAHA_EPARSE, "JSON"},
    };
    saha_ctx *ctx = saha_test_ctx();
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        saha_matrix__road r;
        saha__error_clear(ctx);
        SAHA_TEST_EQ(saha_matrix__parse_route(ctx, "osrm", cases[i].body,
                                              strlen(cases[i].body), 2, &r),
                     cases[i].want);
        assert_null(r.pts);
        SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, cases[i].msg);
    }
    {
        /* "????" decodes to two points (0, 0): a valid two-point route */
        static const char ok[] =
            "{\"code\":\"Ok\",\"routes\":[{\"geometry\":\"????\",\"legs\":[{\"distance\":"
            "1,\"duration\":1}]}],\"waypoints\":[{\"location\":[0,0]},{\"location\":[0,"
            "0]}]}";
        saha_matrix__road r;
        SAHA_TEST_OK(ctx,
                     saha_matrix__parse_route(ctx, "osrm", ok, sizeof ok - 1, 2, &r));
        SAHA_TEST_EQ(r.n, 2);
        saha_matrix__road_clear(ctx, &r);
    }
    saha_ctx_free(ctx);
}

static void test_route_nomem(void **state)
{
    size_t len = 0;
    char *body = slurp(DATA("osrm/andorra/route_day_polyline6.json"), &len);
    (void)state;
    assert_non_null(body);
    for (size_t fail = 0; fail < 40; fail++) {
        saha_test_alloc a = {fail, 0, 0};
        saha_allocator al;
        saha_ctx *ctx = saha_test_ctx_failing(&a, &al);
        saha_matrix__road r;
        saha_status rc;
        if (!ctx)
            continue;
        rc = saha_matrix__parse_route(ctx, "p6", body, len, 8, &r);
        assert_true(rc == SAHA_OK || rc == SAHA_ENOMEM);
        if (rc == SAHA_ENOMEM)
            assert_null(r.pts);
        saha_matrix__road_clear(ctx, &r);
        saha_ctx_free(ctx);
        SAHA_TEST_EQ(a.live, 0);
    }
    free(body);
}

static void test_roads_api(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_roads_options o;
    saha_roads *r = NULL;
    char path[] = "/tmp/saha-roads-XXXXXX";
    static const char text[] = "id,name\nA1,not a cache\n";
    char back[64] = {0};
    saha_latlon one[1] = {{42.5, 1.5}};
    int fd;
    FILE *f;
    (void)state;
    SAHA_TEST_EQ(saha_roads_options_init(&o, 99), SAHA_EINVAL);
    SAHA_TEST_OK(ctx, saha_roads_options_init(&o, SAHA_ROADS_OPTIONS_VERSION));
    SAHA_TEST_EQ(saha_roads_create(&r, ctx, &o), SAHA_EINVAL); /* no URL */
    assert_null(r);
    /* a CSV given as the cache: refused, left as it was */
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_true(write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1));
    close(fd);
    o.osrm_url = "http://127.0.0.1:9";
    o.cache_path = path;
    SAHA_TEST_EQ(saha_roads_create(&r, ctx, &o), SAHA_EINVAL);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "not a saha route cache");
    assert_null(r);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_true(fread(back, 1, sizeof back - 1, f) == sizeof text - 1);
    fclose(f);
    assert_string_equal(back, text);
    unlink(path);
    /* no cache: made; one point is not a route; no shape for unknown routes */
    o.cache_path = NULL;
    SAHA_TEST_OK(ctx, saha_roads_create(&r, ctx, &o));
    SAHA_TEST_EQ(saha_roads_fetch(r, 0, one, 1), SAHA_EINVAL);
    {
        size_t n = 5;
        assert_null(saha_roads_shape(r, 0, &n));
        SAHA_TEST_EQ(n, 0);
    }
    SAHA_TEST_EQ(saha_roads_leg_start(r, 3, 0), SIZE_MAX);
    assert_true(isnan(saha_roads_leg_distance_m(r, 0, 0)));
    SAHA_TEST_EQ(saha_roads_requests(r), 0);
    saha_roads_free(r);
    saha_roads_free(NULL);
    saha_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_polyline_google), cmocka_unit_test(test_route_recorded),
        cmocka_unit_test(test_route_errors),    cmocka_unit_test(test_route_nomem),
        cmocka_unit_test(test_roads_api),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
