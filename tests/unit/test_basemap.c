/* basemap: reading the GeoJSON, the land test (rings, holes, lakes, box) and the water
 * length of a straight line. */
#include "internal/basemap.h"
#include "saha_test.h"

static saha_ctx *new_ctx(void)
{
    saha_ctx *ctx = NULL;
    assert_int_equal(saha_ctx_create(&ctx, NULL), SAHA_OK);
    return ctx;
}

/* A square island [29.0, 29.2] x [40.0, 40.2] with a lake hole [29.05, 29.07] x
 * [40.05, 40.07], a separate lake feature [29.12, 29.14] x [40.12, 40.14] with an islet
 * in it as land, a border and two places; box [39.5, 28.5, 40.5, 29.5]. */
static const char MAP[] =
    "{\"type\":\"FeatureCollection\",\"properties\":{\"box\":[39.5,28.5,40.5,29.5]},"
    "\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"kind\":\"land\"},\"geometry\":{\"type\":"
    "\"Polygon\",\"coordinates\":[[[29.0,40.0],[29.2,40.0],[29.2,40.2],[29.0,40.2],"
    "[29.0,40.0]],[[29.05,40.05],[29.05,40.07],[29.07,40.07],[29.07,40.05],"
    "[29.05,40.05]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"kind\":\"lake\"},\"geometry\":{\"type\":"
    "\"MultiPolygon\",\"coordinates\":[[[[29.12,40.12],[29.14,40.12],[29.14,40.14],"
    "[29.12,40.14],[29.12,40.12]]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"kind\":\"land\"},\"geometry\":{\"type\":"
    "\"Polygon\",\"coordinates\":[[[29.125,40.125],[29.135,40.125],[29.135,40.135],"
    "[29.125,40.135],[29.125,40.125]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"kind\":\"border\"},\"geometry\":{\"type\":"
    "\"LineString\",\"coordinates\":[[29.1,40.0],[29.1,40.2]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"kind\":\"place\",\"name\":\"Town\",\"rank\":"
    "1},"
    "\"geometry\":{\"type\":\"Point\",\"coordinates\":[29.1,40.1]}},"
    "{\"type\":\"Feature\",\"properties\":{\"kind\":\"other\"},\"geometry\":{\"type\":"
    "\"Point\",\"coordinates\":[29.1,40.1]}}"
    "]}";

static void test_land(void **state)
{
    saha_ctx *ctx = new_ctx();
    saha_basemap *bm = NULL;
    size_t rings, lines, places;
    (void)state;
    SAHA_TEST_OK(ctx, saha_basemap_parse(&bm, ctx, "map", MAP, strlen(MAP)));
    saha_basemap_counts(bm, &rings, &lines, &places);
    assert_int_equal(rings, 4);
    assert_int_equal(lines, 1);
    assert_int_equal(places, 1);
    assert_int_equal(saha_basemap_is_land(bm, (saha_latlon){40.1, 29.1}), 1);
    assert_int_equal(saha_basemap_is_land(bm, (saha_latlon){40.3, 29.1}), 0);   /* sea */
    assert_int_equal(saha_basemap_is_land(bm, (saha_latlon){40.06, 29.06}), 0); /* hole */
    assert_int_equal(saha_basemap_is_land(bm, (saha_latlon){40.122, 29.122}),
                     0); /* lake */
    assert_int_equal(saha_basemap_is_land(bm, (saha_latlon){40.13, 29.13}),
                     1);                                                       /* islet */
    assert_int_equal(saha_basemap_is_land(bm, (saha_latlon){41.0, 29.1}), -1); /* box */
    assert_int_equal(saha_basemap_is_land(NULL, (saha_latlon){40.1, 29.1}), -1);
    saha_basemap_free(bm);
    saha_ctx_free(ctx);
}

static void test_water_length(void **state)
{
    saha_ctx *ctx = new_ctx();
    saha_basemap *bm = NULL;
    double w, d;
    (void)state;
    SAHA_TEST_OK(ctx, saha_basemap_parse(&bm, ctx, "map", MAP, strlen(MAP)));
    /* on land all the way */
    assert_true(saha_basemap_water_m(bm, (saha_latlon){40.01, 29.01},
                                     (saha_latlon){40.19, 29.01}) == 0);
    /* across the lake hole: 0.02 degrees of latitude, about 2.2 km */
    w = saha_basemap_water_m(bm, (saha_latlon){40.03, 29.06},
                             (saha_latlon){40.09, 29.06});
    assert_true(w > 2000 && w < 2500);
    /* out to sea and back: 0.1 of 0.3 degrees is water */
    d = saha_geo_distance_m((saha_latlon){40.15, 29.1}, (saha_latlon){40.45, 29.1});
    w = saha_basemap_water_m(bm, (saha_latlon){40.15, 29.1}, (saha_latlon){40.45, 29.1});
    assert_true(fabs(w - d * 5.0 / 6.0) < 400);
    /* an end outside the box: unknown */
    assert_true(saha_basemap_water_m(bm, (saha_latlon){40.1, 29.1},
                                     (saha_latlon){41.0, 29.1}) < 0);
    saha_basemap_free(bm);
    saha_ctx_free(ctx);
}

static void expect_parse_error(saha_ctx *ctx, const char *text, const char *msg)
{
    saha_basemap *bm = (saha_basemap *)1;
    assert_int_equal(saha_basemap_parse(&bm, ctx, "bad.geojson", text, strlen(text)),
                     SAHA_EPARSE);
    assert_null(bm);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, msg);
    assert_string_equal(saha_ctx_last_error(ctx)->source, "bad.geojson");
}

static void test_bad_input(void **state)
{
    saha_ctx *ctx = new_ctx();
    saha_basemap *bm = NULL;
    (void)state;
    expect_parse_error(ctx, "{\"type\":", "not JSON");
    expect_parse_error(ctx, "[1,2]", "expected a GeoJSON FeatureCollection");
    expect_parse_error(
        ctx,
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
        "\"properties\":{\"kind\":\"land\"},\"geometry\":{\"type\":"
        "\"Polygon\",\"coordinates\":[[[29,40],[29,91],[30,40],[29,40]]]}}]}",
        "feature 1: coordinates: a position is not [lon, lat] in range");
    expect_parse_error(ctx,
                       "{\"type\":\"FeatureCollection\",\"features\":[{},{\"type\":"
                       "\"Feature\",\"properties\":{\"kind\":\"land\"},\"geometry\":"
                       "{\"type\":\"Point\",\"coordinates\":[29,40]}}]}",
                       "feature 2: land and lake features need a Polygon");
    expect_parse_error(
        ctx,
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
        "\"properties\":{\"kind\":\"place\"},\"geometry\":{\"type\":"
        "\"Point\",\"coordinates\":[29,40]}}]}",
        "place: properties.name missing");
    expect_parse_error(ctx,
                       "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
                       "\"Feature\",\"properties\":{\"kind\":\"border\",\"admin\":2},"
                       "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[29,40],"
                       "[30,40]]}}]}",
                       "feature 1: border: properties.admin must be 0 or 1");
    expect_parse_error(
        ctx,
        "{\"type\":\"FeatureCollection\",\"properties\":{\"box\":[41,28,40,"
        "29]},\"features\":[]}",
        "properties.box");
    assert_int_equal(saha_basemap_load(&bm, ctx, "/nonexistent/basemap.geojson"),
                     SAHA_EIO);
    assert_null(bm);
    saha_ctx_free(ctx);
}

static void test_sample_basemap(void **state)
{
    saha_ctx *ctx = new_ctx();
    saha_basemap *bm = NULL;
    (void)state;
    SAHA_TEST_OK(ctx, saha_basemap_load(&bm, ctx,
                                        SAHA_SOURCE_DIR
                                        "/maps/basemap/marmara-aegean.geojson"));
    /* Bursa and Istanbul on land, the Sea of Marmara and the Aegean not */
    assert_int_equal(saha_basemap_is_land(bm, (saha_latlon){40.1826, 29.0665}), 1);
    assert_int_equal(saha_basemap_is_land(bm, (saha_latlon){41.0082, 28.9784}), 1);
    assert_int_equal(saha_basemap_is_land(bm, (saha_latlon){40.70, 28.20}), 0);
    assert_int_equal(saha_basemap_is_land(bm, (saha_latlon){39.00, 25.80}), 0);
    /* Yalova to Istanbul (Kadikoy) by a straight line: mostly sea */
    assert_true(saha_basemap_water_m(bm, (saha_latlon){40.655, 29.275},
                                     (saha_latlon){40.990, 29.030}) > 25000);
    /* Bursa to Inegol: none */
    assert_true(saha_basemap_water_m(bm, (saha_latlon){40.1826, 29.0665},
                                     (saha_latlon){40.0780, 29.5130}) == 0);
    /* GSHHG's lakes: Iznik and Uluabat are water, Iznik town on its shore is land; a
     * straight line across Lake Iznik is flagged */
    assert_int_equal(saha_basemap_is_land(bm, (saha_latlon){40.44, 29.53}), 0);
    assert_int_equal(saha_basemap_is_land(bm, (saha_latlon){40.18, 28.62}), 0);
    assert_int_equal(saha_basemap_is_land(bm, (saha_latlon){40.4290, 29.7210}), 1);
    assert_true(saha_basemap_water_m(bm, (saha_latlon){40.4290, 29.7210},
                                     (saha_latlon){40.4440, 29.3100}) > 10000);
    /* the province borders of Natural Earth's admin-1 (maps/basemap/README.md) */
    {
        size_t nprov = 0;
        for (size_t i = 0; i < bm->nparts; i++)
            nprov += bm->parts[i].kind == SAHA_BASEMAP__PROVINCE;
        assert_true(nprov >= 30);
    }
    saha_basemap_free(bm);
    saha_ctx_free(ctx);
}

/* Province borders: "border" with admin 1 is its own kind, never land or water. */
static void test_province_border(void **state)
{
    static const char PROV[] =
        "{\"type\":\"FeatureCollection\",\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"kind\":\"land\"},\"geometry\":{"
        "\"type\":\"Polygon\",\"coordinates\":[[[29,40],[30,40],[30,41],[29,41],"
        "[29,40]]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"kind\":\"border\",\"admin\":1},"
        "\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[[[29.5,40],"
        "[29.5,41]],[[29,40.5],[29.5,40.5]]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"kind\":\"border\",\"admin\":0},"
        "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[29.9,40],"
        "[29.9,41]]}}]}";
    saha_ctx *ctx = new_ctx();
    saha_basemap *bm = NULL;
    size_t rings, lines, nprov = 0, nctry = 0;
    (void)state;
    SAHA_TEST_OK(ctx, saha_basemap_parse(&bm, ctx, "prov", PROV, strlen(PROV)));
    saha_basemap_counts(bm, &rings, &lines, NULL);
    assert_int_equal(rings, 1);
    assert_int_equal(lines, 3);
    for (size_t i = 0; i < bm->nparts; i++) {
        nprov += bm->parts[i].kind == SAHA_BASEMAP__PROVINCE;
        nctry += bm->parts[i].kind == SAHA_BASEMAP__BORDER;
    }
    assert_int_equal(nprov, 2);
    assert_int_equal(nctry, 1);
    /* a point on a province line is still land */
    assert_int_equal(saha_basemap_is_land(bm, (saha_latlon){40.5, 29.5}), 1);
    saha_basemap_free(bm);
    saha_ctx_free(ctx);
}

/* Andorra's basemap (the recorded OSRM region): the parishes' borders and names. */
static void test_andorra_basemap(void **state)
{
    saha_ctx *ctx = new_ctx();
    saha_basemap *bm = NULL;
    size_t nprov = 0, nctry = 0;
    int capital = 0;
    (void)state;
    SAHA_TEST_OK(ctx, saha_basemap_load(&bm, ctx,
                                        SAHA_SOURCE_DIR "/maps/basemap/andorra.geojson"));
    for (size_t i = 0; i < bm->nparts; i++) {
        nprov += bm->parts[i].kind == SAHA_BASEMAP__PROVINCE;
        nctry += bm->parts[i].kind == SAHA_BASEMAP__BORDER;
    }
    assert_true(nprov >= 6); /* seven parishes */
    assert_true(nctry >= 2); /* Spain and France */
    assert_int_equal(bm->nplaces, 7);
    for (size_t i = 0; i < bm->nplaces; i++)
        capital += !strcmp(bm->places[i].name, "Andorra la Vella");
    assert_int_equal(capital, 1);
    /* land-locked: Andorra la Vella to Canillo crosses no water */
    assert_int_equal(saha_basemap_is_land(bm, (saha_latlon){42.5063, 1.5218}), 1);
    assert_true(saha_basemap_water_m(bm, (saha_latlon){42.5063, 1.5218},
                                     (saha_latlon){42.5676, 1.5976}) == 0);
    saha_basemap_free(bm);
    saha_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_land),
        cmocka_unit_test(test_water_length),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_sample_basemap),
        cmocka_unit_test(test_province_border),
        cmocka_unit_test(test_andorra_basemap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
