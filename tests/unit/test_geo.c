/* Tests for src/geo.c: geodesic distances against published values, the local
 * projection (round trip, exact distances from its centre), CRS transforms. */
#include "saha_test.h"

#include "internal/core.h"
#include "internal/geo_fast.h"

static saha_latlon ll(double lat, double lon)
{
    saha_latlon p;
    p.lat_deg = lat;
    p.lon_deg = lon;
    return p;
}

static void test_distance_reference(void **state)
{
    (void)state;
    /* GeographicLib's GeodSolve documentation example (JFK to LHR, rounded
     * coordinates): 5551759.400 m. */
    SAHA_TEST_NEAR(saha_geo_distance_m(ll(40.6, -73.8), ll(51.6, -0.5)), 5551759.400,
                   0.001);
    /* Karney (2013), "Algorithms for geodesics", J. Geodesy 87, worked inverse example
     * (nearly antipodal): lat1 -30, lat2 29.9, lon12 179.8 -> s12 = 19989832.827610 m. */
    SAHA_TEST_NEAR(saha_geo_distance_m(ll(-30, 0), ll(29.9, 179.8)), 19989832.827610,
                   0.001);
    /* The following reference values were obtained with PROJ 9.1.1's `geod -I
     * +ellps=WGS84 -f %.6f` (proj-bin, Debian 12). */
    /* geodesic.h's JFK -> Singapore Changi example */
    SAHA_TEST_NEAR(saha_geo_distance_m(ll(40.64, -73.78), ll(1.36, 103.99)), 15347512.941,
                   0.001);
    /* JFK -> LHR (airport reference points) */
    SAHA_TEST_NEAR(saha_geo_distance_m(ll(40.6397, -73.7789), ll(51.4700, -0.4543)),
                   5555072.558, 0.001);
    /* Istanbul (Sultanahmet) -> Ankara (Kizilay) */
    SAHA_TEST_NEAR(saha_geo_distance_m(ll(41.0082, 28.9784), ll(39.9334, 32.8597)),
                   350082.334, 0.001);
    /* a 14 m leg in Bursa */
    SAHA_TEST_NEAR(saha_geo_distance_m(ll(40.195, 29.060), ll(40.1951, 29.0601)), 13.993,
                   0.001);
    /* near-antipodal on the equator */
    SAHA_TEST_NEAR(saha_geo_distance_m(ll(0, 0), ll(0.5, 179.5)), 19936288.579, 0.001);
    /* symmetric, zero on the diagonal, NaN for bad input */
    SAHA_TEST_NEAR(saha_geo_distance_m(ll(41.0082, 28.9784), ll(41.0082, 28.9784)), 0.0,
                   0.0);
    SAHA_TEST_NEAR(saha_geo_distance_m(ll(39.9334, 32.8597), ll(41.0082, 28.9784)),
                   350082.334, 0.001);
    assert_true(isnan(saha_geo_distance_m(ll(NAN, 0), ll(1, 1))));
    assert_true(isnan(saha_geo_distance_m(ll(91, 0), ll(1, 1))));
}

/* The bulk formula (Lambert) against geod_inverse: relative error below 1e-5 (1 cm per
 * km) over Turkey-sized and world-sized pairs and on short legs. */
static void test_fast_distance(void **state)
{
    saha__rng rng;
    double worst_rel = 0, worst_short = 0; /* relative errors */
    (void)state;
    saha__rng_seed(&rng, 7);
    for (int i = 0; i < 20000; i++) {
        saha_latlon a, b;
        saha_geo__pt pa, pb;
        double exact, fast;
        if (i < 10000) { /* Turkey's bounding box */
            a = ll(36 + 6 * saha__rng_double(&rng), 26 + 19 * saha__rng_double(&rng));
            b = ll(36 + 6 * saha__rng_double(&rng), 26 + 19 * saha__rng_double(&rng));
        } else { /* anywhere, avoiding near-antipodal pairs */
            a = ll(-80 + 160 * saha__rng_double(&rng),
                   -180 + 360 * saha__rng_double(&rng));
            b = ll(-80 + 160 * saha__rng_double(&rng),
                   a.lon_deg - 90 + 180 * saha__rng_double(&rng));
        }
        pa = saha_geo__prepare(a);
        pb = saha_geo__prepare(b);
        exact = saha_geo_distance_m(a, b);
        fast = saha_geo__fast_m(&pa, &pb);
        if (exact > 1000 && fabs(fast - exact) / exact > worst_rel)
            worst_rel = fabs(fast - exact) / exact;
        /* a short leg near a: ~0..2 km */
        b = ll(a.lat_deg + 0.02 * (saha__rng_double(&rng) - 0.5),
               a.lon_deg + 0.02 * (saha__rng_double(&rng) - 0.5));
        pb = saha_geo__prepare(b);
        exact = saha_geo_distance_m(a, b);
        fast = saha_geo__fast_m(&pa, &pb);
        if (exact > 1.0 && fabs(fast - exact) / exact > worst_short)
            worst_short = fabs(fast - exact) / exact;
    }
    print_message("fast distance: max relative error %.3g (long), %.3g (legs < 2 km)\n",
                  worst_rel, worst_short);
    assert_true(worst_rel < 1e-5);
    assert_true(worst_short < 1e-5);
    {
        saha_geo__pt p = saha_geo__prepare(ll(40, 29));
        SAHA_TEST_NEAR(saha_geo__fast_m(&p, &p), 0.0, 0.0);
    }
}

static void test_local_projection(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_geo *geo = NULL;
    saha_geo_local *loc = NULL;
    saha_latlon pts[400], back[400], centre;
    saha_xy xy[400];
    saha__rng rng;
    const char *def;
    (void)state;
    SAHA_TEST_OK(ctx, saha_geo_create(&geo, ctx));
    saha__rng_seed(&rng, 3);
    /* a 300 km x 300 km region around Bursa / Istanbul */
    for (int i = 0; i < 400; i++)
        pts[i] =
            ll(39.5 + 2.7 * saha__rng_double(&rng), 27.5 + 3.5 * saha__rng_double(&rng));
    pts[7] = ll(NAN, NAN); /* ignored when fitting */
    SAHA_TEST_OK(ctx, saha_geo_local_create(&loc, geo, pts, 400));
    def = saha_geo_local_definition(loc);
    SAHA_TEST_STR_CONTAINS(def, "+proj=aeqd");
    SAHA_TEST_STR_CONTAINS(def, "+ellps=WGS84");
    pts[7] = ll(40.9, 29.1);
    SAHA_TEST_OK(ctx, saha_geo_local_forward(loc, pts, xy, 400));
    SAHA_TEST_OK(ctx, saha_geo_local_inverse(loc, xy, back, 400));
    /* round trip < 1 mm: 1e-8 degree is ~1.1 mm, so compare distances */
    for (int i = 0; i < 400; i++)
        SAHA_TEST_NEAR(saha_geo_distance_m(pts[i], back[i]), 0.0, 1e-3);
    /* azimuthal equidistant: the distance from the centre is the geodesic one (to the
     * mm), which also proves the projection takes degrees the right way round */
    {
        saha_xy c0;
        saha_xy zero = {0, 0};
        SAHA_TEST_OK(ctx, saha_geo_local_inverse(loc, &zero, &centre, 1));
        SAHA_TEST_OK(ctx, saha_geo_local_forward(loc, &centre, &c0, 1));
        SAHA_TEST_NEAR(c0.x_m, 0.0, 1e-6);
        SAHA_TEST_NEAR(c0.y_m, 0.0, 1e-6);
        /* centre is near the middle of the box */
        SAHA_TEST_NEAR(centre.lat_deg, 40.85, 0.2);
        SAHA_TEST_NEAR(centre.lon_deg, 29.25, 0.2);
        for (int i = 0; i < 400; i++)
            SAHA_TEST_NEAR(hypot(xy[i].x_m, xy[i].y_m),
                           saha_geo_distance_m(centre, pts[i]), 1e-3);
        /* east is +x, north is +y */
        SAHA_TEST_OK(
            ctx, saha_geo_local_forward(
                     loc, (saha_latlon[]){{centre.lat_deg + 0.1, centre.lon_deg + 0.1}},
                     &c0, 1));
        assert_true(c0.x_m > 8000 && c0.y_m > 11000);
    }
    /* a point that cannot be converted names itself, in either direction (point 300 is
     * in the second chunk of 256) */
    pts[300] = ll(NAN, NAN);
    SAHA_TEST_EQ(saha_geo_local_forward(loc, pts, xy, 400), SAHA_EPROJ);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message,
                           "point 300 (nan, nan) cannot be projected");
    xy[300].x_m = NAN;
    SAHA_TEST_EQ(saha_geo_local_inverse(loc, xy, back, 400), SAHA_EPROJ);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "point 300 (nan, ");
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "cannot be unprojected");
    /* no finite point */
    {
        saha_geo_local *none = NULL;
        saha_latlon bad = {NAN, 1};
        SAHA_TEST_EQ(saha_geo_local_create(&none, geo, &bad, 1), SAHA_EINVAL);
        assert_null(none);
    }
    saha_geo_local_free(loc);
    saha_geo_free(geo);
    saha_ctx_free(ctx);
}

static void test_to_wgs84(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_geo *geo = NULL;
    const double R = 6378137.0, d2r = M_PI / 180.0;
    double x[2], y[2];
    (void)state;
    SAHA_TEST_OK(ctx, saha_geo_create(&geo, ctx));
    /* EPSG:3857: x = R lon, y = R ln(tan(pi/4 + lat/2)) on the sphere of radius a */
    x[0] = R * 28.9784 * d2r;
    y[0] = R * log(tan(M_PI / 4 + 41.0082 * d2r / 2));
    x[1] = R * -73.78 * d2r;
    y[1] = R * log(tan(M_PI / 4 + -33.5 * d2r / 2));
    SAHA_TEST_OK(ctx, saha_geo_to_wgs84(geo, "EPSG:3857", x, y, 2));
    SAHA_TEST_NEAR(x[0], 28.9784, 1e-9);
    SAHA_TEST_NEAR(y[0], 41.0082, 1e-9);
    SAHA_TEST_NEAR(x[1], -73.78, 1e-9);
    SAHA_TEST_NEAR(y[1], -33.5, 1e-9);
    /* EPSG:5254 (TUREF / TM30) values from `cs2cs -f %.4f EPSG:4326 EPSG:5254`
     * (PROJ 9.1.1), whose output is northing then easting; we take easting as x. */
    x[0] = 414057.5060;
    y[0] = 4541986.7108;
    x[1] = 744455.9528;
    y[1] = 4426051.8677;
    SAHA_TEST_OK(ctx, saha_geo_to_wgs84(geo, "EPSG:5254", x, y, 2));
    /* 1e-7 degree is ~1 cm; cs2cs printed 0.1 mm */
    SAHA_TEST_NEAR(x[0], 28.9784, 1e-7);
    SAHA_TEST_NEAR(y[0], 41.0082, 1e-7);
    SAHA_TEST_NEAR(x[1], 32.8597, 1e-7);
    SAHA_TEST_NEAR(y[1], 39.9334, 1e-7);
    /* a PROJ string works too, and WGS84 itself is lon/lat in and out */
    x[0] = 29.06;
    y[0] = 40.195;
    SAHA_TEST_OK(ctx, saha_geo_to_wgs84(geo, "EPSG:4326", x, y, 1));
    SAHA_TEST_NEAR(x[0], 29.06, 1e-12);
    SAHA_TEST_NEAR(y[0], 40.195, 1e-12);
    x[0] = 0;
    y[0] = 0;
    SAHA_TEST_OK(ctx, saha_geo_to_wgs84(geo, "+proj=utm +zone=35 +datum=WGS84 +type=crs",
                                        x, y, 1));
    /* easting 0 on the equator, from `cs2cs -f %.9f +proj=utm +zone=35 +datum=WGS84
     * +type=crs +to EPSG:4326`: 22.511256116 E, 0 N */
    SAHA_TEST_NEAR(x[0], 22.511256116, 1e-8);
    SAHA_TEST_NEAR(y[0], 0.0, 1e-9);
    /* unknown CRS: named */
    x[0] = 1;
    y[0] = 1;
    SAHA_TEST_EQ(saha_geo_to_wgs84(geo, "EPSG:99999", x, y, 1), SAHA_EPROJ);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "EPSG:99999");
    SAHA_TEST_EQ(saha_geo_to_wgs84(geo, "not a crs at all", x, y, 1), SAHA_EPROJ);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "not a crs at all");
    /* a bad point: its index is named */
    x[0] = 414057.5060;
    y[0] = 4541986.7108;
    x[1] = NAN;
    y[1] = 1;
    SAHA_TEST_EQ(saha_geo_to_wgs84(geo, "EPSG:5254", x, y, 2), SAHA_EPROJ);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "point 1");
    /* a point the projection cannot invert (far outside transverse Mercator's domain;
     * `cs2cs EPSG:5254 EPSG:4326` prints "* *" for it too) */
    x[0] = 414057.5060;
    y[0] = 4541986.7108;
    x[1] = 1e8;
    y[1] = 1e8;
    SAHA_TEST_EQ(saha_geo_to_wgs84(geo, "EPSG:5254", x, y, 2), SAHA_EPROJ);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "point 1");
    saha_geo_free(geo);
    saha_ctx_free(ctx);
}

/* PROJ's log lines reach the context's log callback (and nothing reaches stderr). */
static void count_log(saha_log_level level, const char *msg, void *payload)
{
    size_t *n = payload;
    (void)level;
    if (strstr(msg, "PROJ: "))
        (*n)++;
}

static void test_proj_log_forwarded(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_geo *geo = NULL;
    size_t n = 0;
    double x = 1, y = 1;
    (void)state;
    saha_ctx_use_log(ctx, count_log, &n);
    saha_ctx_use_log_level(ctx, SAHA_LOG_DEBUG);
    SAHA_TEST_OK(ctx, saha_geo_create(&geo, ctx));
    SAHA_TEST_EQ(saha_geo_to_wgs84(geo, "EPSG:99999", &x, &y, 1), SAHA_EPROJ);
    assert_true(n > 0);
    saha_geo_free(geo);
    saha_ctx_free(ctx);
}

/* Every allocation failure is SAHA_ENOMEM without a leak. */
static void test_geo_enomem(void **state)
{
    (void)state;
    for (size_t k = 0; k < 10; k++) {
        saha_test_alloc a = {k, 0, 0};
        saha_allocator al;
        saha_ctx *ctx = saha_test_ctx_failing(&a, &al);
        saha_geo *geo = NULL;
        saha_geo_local *loc = NULL;
        saha_latlon p = {40, 29};
        saha_status rc;
        if (!ctx)
            continue; /* the context itself failed */
        rc = saha_geo_create(&geo, ctx);
        if (rc == SAHA_OK)
            rc = saha_geo_local_create(&loc, geo, &p, 1);
        assert_true(rc == SAHA_OK || rc == SAHA_ENOMEM);
        saha_geo_local_free(loc);
        saha_geo_free(geo);
        saha_ctx_free(ctx);
        SAHA_TEST_EQ(a.live, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance_reference), cmocka_unit_test(test_fast_distance),
        cmocka_unit_test(test_local_projection),   cmocka_unit_test(test_to_wgs84),
        cmocka_unit_test(test_proj_log_forwarded), cmocka_unit_test(test_geo_enomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
