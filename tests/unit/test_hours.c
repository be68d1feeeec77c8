/* Tests for opening hours (saha_hours_*) and saha_datetime_parse. */
#include "saha_test.h"

#define H(h, m) ((h)*60 + (m))

static void parse_ok(saha_ctx *ctx, const char *text, saha_hours *h)
{
    SAHA_TEST_OK(ctx, saha_hours_parse(h, ctx, text));
}

/* Checks day d has exactly the spans given as minute pairs. */
static void expect_day(const saha_hours *h, int d, int n, const int *spans)
{
    if (h->nspans[d] != n) {
        print_error("day %d: %d spans, want %d\n", d, h->nspans[d], n);
        fail();
    }
    for (int k = 0; k < n; k++) {
        SAHA_TEST_EQ(h->span[d][k].open_min, spans[2 * k]);
        SAHA_TEST_EQ(h->span[d][k].close_min, spans[2 * k + 1]);
    }
}

static void expect_format(const saha_hours *h, const char *want)
{
    char buf[256];
    int n = saha_hours_format(h, buf, sizeof buf);
    assert_int_equal(n, (int)strlen(want));
    assert_string_equal(buf, want);
}

static void test_hours_weekdays_and_lunch(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_hours h;
    static const int wk[] = {H(8, 30), H(12, 0), H(13, 0), H(17, 30)};
    static const int sa[] = {H(9, 0), H(13, 0)};
    (void)state;
    parse_ok(ctx, "Mo-Fr 08:30-12:00,13:00-17:30; Sa 09:00-13:00", &h);
    for (int d = 0; d < 5; d++)
        expect_day(&h, d, 2, wk);
    expect_day(&h, 5, 1, sa);
    expect_day(&h, 6, 0, NULL);
    assert_true(saha_hours_is_open(&h, 0, H(8, 30)));
    assert_false(saha_hours_is_open(&h, 0, H(8, 29)));
    assert_true(saha_hours_is_open(&h, 4, H(11, 59)));
    assert_false(saha_hours_is_open(&h, 4, H(12, 0))); /* spans are [open, close) */
    assert_false(saha_hours_is_open(&h, 2, H(12, 30)));
    assert_true(saha_hours_is_open(&h, 5, H(10, 0)));
    assert_false(saha_hours_is_open(&h, 6, H(10, 0)));
    assert_false(saha_hours_is_open(&h, 7, H(10, 0))); /* bad weekday */
    assert_false(saha_hours_is_open(&h, 0, 1440));     /* bad minute */
    expect_format(&h, "Mo-Fr 08:30-12:00,13:00-17:30; Sa 09:00-13:00");
    /* spaces are free */
    parse_ok(ctx, "  Mo - Fr  08:30 - 12:00 , 13:00-17:30 ;Sa 9:00-13:00;", &h);
    expect_format(&h, "Mo-Fr 08:30-12:00,13:00-17:30; Sa 09:00-13:00");
    saha_ctx_free(ctx);
}

static void test_hours_special(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_hours h, always;
    static const int all[] = {0, 1440};
    static const int day[] = {H(9, 0), H(18, 0)};
    (void)state;
    saha_hours_always(&always);
    parse_ok(ctx, "24/7", &h);
    for (int d = 0; d < 7; d++)
        expect_day(&h, d, 1, all);
    assert_memory_equal(&h, &always, sizeof h);
    expect_format(&h, "24/7");
    parse_ok(ctx, "", &h); /* empty: always open */
    assert_memory_equal(&h, &always, sizeof h);

    /* a later rule overrides the days it names */
    parse_ok(ctx, "Mo-Sa 09:00-18:00; Th off", &h);
    for (int d = 0; d < 6; d++)
        expect_day(&h, d, d == 3 ? 0 : 1, day);
    expect_day(&h, 6, 0, NULL);
    expect_format(&h, "Mo-We,Fr-Sa 09:00-18:00");
    parse_ok(ctx, "Mo-Su 09:00-18:00; Su 10:00-12:00", &h);
    SAHA_TEST_EQ(h.span[6][0].open_min, H(10, 0));
    SAHA_TEST_EQ(h.nspans[6], 1);

    /* times without days: every day; "off" alone: never open; days alone: all day */
    parse_ok(ctx, "09:00-18:00", &h);
    for (int d = 0; d < 7; d++)
        expect_day(&h, d, 1, day);
    expect_format(&h, "Mo-Su 09:00-18:00");
    parse_ok(ctx, "off", &h);
    for (int d = 0; d < 7; d++)
        expect_day(&h, d, 0, NULL);
    expect_format(&h, "off");
    parse_ok(ctx, "closed", &h);
    SAHA_TEST_EQ(h.nspans[2], 0);
    parse_ok(ctx, "Sa,Su", &h);
    expect_day(&h, 5, 1, all);
    expect_day(&h, 0, 0, NULL);

    /* lists, wrap-around ranges, lower case, a colon after the days; PH kept apart */
    parse_ok(ctx, "mo,we,FR: 10:00-11:00; PH off", &h);
    SAHA_TEST_EQ(h.nspans[0] + h.nspans[2] + h.nspans[4], 3);
    SAHA_TEST_EQ(h.nspans[1] + h.nspans[3] + h.nspans[5] + h.nspans[6], 0);
    SAHA_TEST_EQ(h.has_ph, 1);
    SAHA_TEST_EQ(h.ph_nspans, 0);
    expect_format(&h, "Mo,We,Fr 10:00-11:00; PH off");
    parse_ok(ctx, "Mo-Fr 09:00-18:00; PH 10:00-13:00", &h);
    SAHA_TEST_EQ(h.nspans[0], 1);
    SAHA_TEST_EQ(h.ph_nspans, 1);
    SAHA_TEST_EQ(h.ph_span[0].open_min, H(10, 0));
    SAHA_TEST_EQ(h.ph_span[0].close_min, H(13, 0));
    expect_format(&h, "Mo-Fr 09:00-18:00; PH 10:00-13:00");
    parse_ok(ctx, "Mo-Fr 09:00-18:00", &h);
    SAHA_TEST_EQ(h.has_ph, 0);
    parse_ok(ctx, "Sa-Mo 10:00-14:00", &h);
    SAHA_TEST_EQ(h.nspans[5], 1);
    SAHA_TEST_EQ(h.nspans[6], 1);
    SAHA_TEST_EQ(h.nspans[0], 1);
    SAHA_TEST_EQ(h.nspans[1], 0);
    expect_format(&h, "Mo,Sa-Su 10:00-14:00");
    saha_ctx_free(ctx);
}

static void test_hours_midnight_and_merge(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_hours h, back;
    static const int fri[] = {H(22, 0), 1440};
    static const int sat[] = {0, H(2, 0), H(22, 0), 1440};
    static const int mon[] = {0, H(2, 0)};
    char buf[256];
    (void)state;
    /* past midnight: split into two days; Su's tail wraps onto Mo */
    parse_ok(ctx, "Fr-Su 22:00-02:00", &h);
    expect_day(&h, 4, 1, fri);
    expect_day(&h, 5, 2, sat);
    expect_day(&h, 0, 1, mon);
    assert_true(saha_hours_is_open(&h, 5, H(1, 59)));
    assert_false(saha_hours_is_open(&h, 5, H(2, 0)));
    /* "until midnight" written as 00:00 */
    parse_ok(ctx, "Mo 18:00-00:00", &h);
    SAHA_TEST_EQ(h.span[0][0].close_min, 1440);
    SAHA_TEST_EQ(h.nspans[1], 0);
    /* overlapping and touching spans merge */
    parse_ok(ctx, "Mo 09:00-12:00,11:00-13:00,13:00-14:00", &h);
    SAHA_TEST_EQ(h.nspans[0], 1);
    SAHA_TEST_EQ(h.span[0][0].close_min, H(14, 0));
    /* format then parse gives the same hours */
    parse_ok(ctx, "Mo-Fr 08:00-12:00,13:00-17:00; Sa 22:00-03:00; We 07:00-09:00", &h);
    assert_true(saha_hours_format(&h, buf, sizeof buf) > 0);
    parse_ok(ctx, buf, &back);
    assert_memory_equal(&h, &back, sizeof h);
    /* too small a buffer */
    assert_int_equal(saha_hours_format(&h, buf, 5), -1);
    saha_ctx_free(ctx);
}

static void test_hours_errors(void **state)
{
    static const struct {
        const char *text;
        const char *reason;
    } bad[] = {
        {"Mo-Fx 09:00-17:00", "unknown weekday 'Fx'"},
        {"Mondai 09:00-17:00",
         "unknown weekday 'Mondai'"}, /* Monday is read (local words) */
        {"Mo 25:00-26:00", "bad time '25:00'"},
        {"Mo 09:00-17:60", "bad time '17:60'"},
        {"Mo 09:00", "expected '-' after the opening time"},
        {"Mo 09:00-", "expected a time (HH:MM)"},
        {"Mo 10:00-10:00", "empty time span"},
        {"Mo 24:00-02:00", "cannot start at 24:00"},
        {"Mo 09:00-17:00 extra", "unexpected 'e'"},
        {"Mo sometimes", "unexpected word 'sometimes'"},
        {"Jan-Mar 10:00-12:00", "unknown weekday 'Jan'"},
        {"Mo 01:00-02:00,03:00-04:00,05:00-06:00,07:00-08:00,09:00-10:00,11:00-12:00,"
         "13:00-14:00",
         "more than 6 time spans on Mo"},
        {"Mo 09:00-12:00\n", "control character"},
        {"Mo-PH 09:00-12:00", "PH cannot be part of a weekday range"},
    };
    saha_ctx *ctx = saha_test_ctx();
    saha_hours h;
    (void)state;
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char quoted[256];
        saha_status rc = saha_hours_parse(&h, ctx, bad[k].text);
        if (rc != SAHA_EPARSE) {
            print_error("'%s' parsed\n", bad[k].text);
            fail();
        }
        /* the message quotes the value and says what is wrong */
        snprintf(quoted, sizeof quoted, "invalid opening hours '%.40s", bad[k].text);
        for (char *p = quoted; *p; p++)
            if (*p == '\n')
                *p = ' ';
        SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, quoted);
        SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, bad[k].reason);
    }
    assert_int_equal(saha_hours_parse(NULL, ctx, "24/7"), SAHA_EINVAL);
    saha_ctx_free(ctx);
}

static void test_datetime(void **state)
{
    saha_datetime t;
    static const char *const bad[] = {"2026-02-29",
                                      "2026-13-01",
                                      "2026-00-10",
                                      "2026-1-01",
                                      "26-01-01",
                                      "2026-01-01Z",
                                      "2026-01-01T10:00Z",
                                      "2026-01-01T10:00+03:00",
                                      "2026-01-01 24:00",
                                      "2026-01-01 10:60",
                                      "2026-01-01 10:00:61",
                                      "2026-01-01x10:00",
                                      "",
                                      "2026/01/01",
                                      "2026-01-01 1:00"};
    (void)state;
    assert_int_equal(saha_datetime_parse("2024-02-29", &t), 0);
    SAHA_TEST_EQ(t.year, 2024);
    SAHA_TEST_EQ(t.month, 2);
    SAHA_TEST_EQ(t.day, 29);
    SAHA_TEST_EQ(t.hour, 0);
    assert_int_equal(saha_datetime_parse("2026-12-01T10:30", &t), 0);
    SAHA_TEST_EQ(t.hour, 10);
    SAHA_TEST_EQ(t.minute, 30);
    assert_int_equal(saha_datetime_parse("2026-12-01 23:59:59", &t), 0);
    SAHA_TEST_EQ(t.hour, 23);
    SAHA_TEST_EQ(t.minute, 59);
    assert_int_equal(saha_datetime_parse("2000-02-29", &t), 0);
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        if (saha_datetime_parse(bad[k], &t) != SAHA_EINVAL) {
            print_error("'%s' accepted\n", bad[k]);
            fail();
        }
    }
    assert_int_equal(saha_datetime_parse("1900-02-29", &t), SAHA_EINVAL);
    assert_int_equal(saha_datetime_parse(NULL, &t), SAHA_EINVAL);
}

/* Turkish, German and English spellings read as the same OSM rules; the folded
 * matching takes any case and with or without Turkish letters; unknown words still
 * fail, quoting the text as written. */
static void test_hours_local_words(void **state)
{
    static const char *const same[][2] = {
        {"Pzt-Cum 09:00-18:00", "Mo-Fr 09:00-18:00"},
        {"Hafta içi 09:00-18:00", "Mo-Fr 09:00-18:00"},
        {"HAFTA İÇİ 09.00-18.00; Cumartesi 10.00-13.00",
         "Mo-Fr 09:00-18:00; Sa 10:00-13:00"},
        {"Pazartesi-Cuma 08:30–17:30; Cmt 9.30-13.00; Paz kapalı",
         "Mo-Fr 08:30-17:30; Sa 09:30-13:00"},
        {"Pzt,Çar,Cum 10:00-16:00", "Mo,We,Fr 10:00-16:00"},
        {"carsamba 10:00-12:00; persembe 10:00-12:00", "We-Th 10:00-12:00"},
        {"Hafta sonu 10:00-14:00", "Sa-Su 10:00-14:00"},
        {"Mo-Fr 09:00-18:00; Resmi tatil kapalı", "Mo-Fr 09:00-18:00; PH off"},
        {"Di-Do 08:00-12:00; So geschlossen", "Tu-Th 08:00-12:00"},
        {"Montag-Freitag 07:00-15:00; Samstag 08:00-12:00",
         "Mo-Fr 07:00-15:00; Sa 08:00-12:00"},
        {"Monday-Friday 9:00-17:00", "Mo-Fr 09:00-17:00"},
    };
    saha_ctx *ctx = saha_test_ctx();
    saha_hours a, b;
    (void)state;
    for (size_t k = 0; k < sizeof same / sizeof same[0]; k++) {
        char fa[256], fb[256];
        if (saha_hours_parse(&a, ctx, same[k][0]) != SAHA_OK) {
            print_error("'%s': %s\n", same[k][0], saha_ctx_last_error(ctx)->message);
            fail();
        }
        parse_ok(ctx, same[k][1], &b);
        saha_hours_format(&a, fa, sizeof fa);
        saha_hours_format(&b, fb, sizeof fb);
        if (strcmp(fa, fb) != 0) {
            print_error("'%s' reads as '%s', want '%s'\n", same[k][0], fa, fb);
            fail();
        }
    }
    /* a closed day really is closed, and a Turkish half day keeps its end */
    parse_ok(ctx, "Hafta içi 09:00-18:00; Cmt 09:00-13:00; Pazar tatil", &a);
    assert_false(saha_hours_is_open(&a, 6, H(10, 0)));
    assert_true(saha_hours_is_open(&a, 5, H(12, 59)));
    assert_false(saha_hours_is_open(&a, 5, H(13, 0)));
    /* still an error, quoting the input as written */
    SAHA_TEST_EQ(saha_hours_parse(&a, ctx, "Pazartes 09:00-18:00"), SAHA_EPARSE);
    assert_non_null(strstr(saha_ctx_last_error(ctx)->message, "'Pazartes 09:00-18:00'"));
    assert_non_null(strstr(saha_ctx_last_error(ctx)->message, "Pzt Sal"));
    /* a date-like 12.2026 or a three-digit 100.00 is not turned into a time */
    SAHA_TEST_EQ(saha_hours_parse(&a, ctx, "Mo 100.00-18:00"), SAHA_EPARSE);
    saha_ctx_free(ctx);
}

/* Day-first dotted dates (Turkish and German spreadsheets). */
static void test_datetime_dotted(void **state)
{
    saha_datetime t;
    static const char *const bad[] = {"31.02.2026",  "08.13.2026",       "8.12.26",
                                      "08.12.2026x", "08.12.2026 25:00", "008.12.2026",
                                      ".12.2026",    "08..2026"};
    (void)state;
    assert_int_equal(saha_datetime_parse("08.12.2026 10:30", &t), 0);
    SAHA_TEST_EQ(t.year, 2026);
    SAHA_TEST_EQ(t.month, 12);
    SAHA_TEST_EQ(t.day, 8);
    SAHA_TEST_EQ(t.hour, 10);
    SAHA_TEST_EQ(t.minute, 30);
    assert_int_equal(saha_datetime_parse("1.3.2027", &t), 0);
    SAHA_TEST_EQ(t.month, 3);
    SAHA_TEST_EQ(t.day, 1);
    SAHA_TEST_EQ(t.hour, 0);
    assert_int_equal(saha_datetime_parse("29.02.2028 08:00:15", &t), 0);
    SAHA_TEST_EQ(t.day, 29);
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        if (saha_datetime_parse(bad[k], &t) != SAHA_EINVAL) {
            print_error("'%s' accepted\n", bad[k]);
            fail();
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hours_weekdays_and_lunch),
        cmocka_unit_test(test_hours_special),
        cmocka_unit_test(test_hours_midnight_and_merge),
        cmocka_unit_test(test_hours_errors),
        cmocka_unit_test(test_datetime),
        cmocka_unit_test(test_hours_local_words),
        cmocka_unit_test(test_datetime_dotted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
