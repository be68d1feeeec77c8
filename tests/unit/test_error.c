/* Tests for the context, the error slot and the shared helpers in src/util/. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "saha_test.h"

#include "internal/core.h"

static void test_error_first_wins(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    (void)state;
    assert_non_null(ctx);
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->code, SAHA_OK);
    SAHA_TEST_EQ(saha__error_set(ctx, SAHA_EPARSE, "a.csv", 14, 3,
                                 "latitude out of range: %.1f", 91.2),
                 SAHA_EPARSE);
    saha__error_set(ctx, SAHA_EIO, "b.csv", 1, 0, "second");
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->code, SAHA_EPARSE);
    assert_string_equal(saha_ctx_last_error(ctx)->message, "latitude out of range: 91.2");
    assert_string_equal(saha_ctx_last_error(ctx)->source, "a.csv");
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->line, 14);
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->column, 3);
    saha_ctx_clear_error(ctx);
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->code, SAHA_OK);
    /* messages are one line */
    saha__error_set(ctx, SAHA_ERR, NULL, 0, 0, "a\nb");
    assert_string_equal(saha_ctx_last_error(ctx)->message, "a b");
    saha_ctx_free(ctx);
}

static void test_parse_double(void **state)
{
    double v = 0;
    (void)state;
    assert_int_equal(saha__parse_double(" 40.195 ", 8, 0, &v), 0);
    SAHA_TEST_NEAR(v, 40.195, 1e-12);
    assert_int_equal(saha__parse_double("40,195", 6, 1, &v), 0);
    SAHA_TEST_NEAR(v, 40.195, 1e-12);
    assert_int_equal(saha__parse_double("40,195", 6, 0, &v), -1);
    assert_int_equal(saha__parse_double("1.2.3", 5, 0, &v), -1);
    assert_int_equal(saha__parse_double("abc", 3, 0, &v), -1);
    assert_int_equal(saha__parse_double("", 0, 0, &v), -1);
    assert_int_equal(saha__parse_double("nan", 3, 0, &v), -1);
    assert_int_equal(saha__parse_double("-1e3", 4, 0, &v), 0);
    SAHA_TEST_NEAR(v, -1000.0, 0);
}

/* A program that set LC_NUMERIC to a decimal-comma locale (tr_TR: "1,5") still reads
 * and writes '.' numbers: the locale is generated here when the system has none (Debian
 * package locales; LOCPATH, no root). */
static void test_parse_double_locale(void **state)
{
    char dir[] = "/tmp/saha-locale.XXXXXX", cmd[256], buf[32];
    double v = 0;
    int made = 0;
    (void)state;
    if (!setlocale(LC_NUMERIC, "tr_TR.UTF-8")) {
        assert_non_null(mkdtemp(dir));
        made = 1;
        snprintf(cmd, sizeof cmd,
                 "localedef -i tr_TR -f UTF-8 %s/tr_TR.UTF-8 >/dev/null 2>&1", dir);
        assert_int_equal(system(cmd), 0);
        assert_int_equal(setenv("LOCPATH", dir, 1), 0);
        assert_non_null(setlocale(LC_NUMERIC, "tr_TR.UTF-8"));
    }
    /* the locale really has a decimal comma: a plain strtod stops at the '.' */
    assert_string_equal(localeconv()->decimal_point, ",");
    SAHA_TEST_NEAR(strtod("40.195", NULL), 40.0, 0);
    assert_int_equal(saha__parse_double("40.195", 6, 0, &v), 0);
    SAHA_TEST_NEAR(v, 40.195, 1e-12);
    assert_int_equal(saha__parse_double("40,195", 6, 1, &v), 0);
    SAHA_TEST_NEAR(v, 40.195, 1e-12);
    assert_int_equal(saha__parse_double("40,195", 6, 0, &v), -1);
    assert_int_equal(saha__parse_double("-1.5e3", 6, 0, &v), 0);
    SAHA_TEST_NEAR(v, -1500.0, 0);
    assert_int_equal(saha__fmt_double(buf, sizeof buf, 1.25, 2), 4);
    assert_string_equal(buf, "1.25");
    setlocale(LC_NUMERIC, "C");
    if (made) {
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        assert_int_equal(system(cmd), 0);
        unsetenv("LOCPATH");
    }
}

static void test_hhmm(void **state)
{
    int m = -1;
    (void)state;
    assert_int_equal(saha__parse_hhmm("08:30", 5, &m), 0);
    assert_int_equal(m, 510);
    assert_int_equal(saha__parse_hhmm("8:05", 4, &m), 0);
    assert_int_equal(m, 485);
    assert_int_equal(saha__parse_hhmm("24:00", 5, &m), 0);
    assert_int_equal(m, 1440);
    assert_int_equal(saha__parse_hhmm("24:01", 5, &m), -1);
    assert_int_equal(saha__parse_hhmm("12:60", 5, &m), -1);
    assert_int_equal(saha__parse_hhmm("1230", 4, &m), -1);
}

static void test_fold_key(void **state)
{
    char out[64];
    (void)state;
    saha__fold_key("İlçe", strlen("İlçe"), out, sizeof out);
    assert_string_equal(out, "ilce");
    saha__fold_key("  Müşteri No ", strlen("  Müşteri No "), out, sizeof out);
    assert_string_equal(out, "musteri_no");
    saha__fold_key("OLASILIK", 8, out, sizeof out);
    assert_string_equal(out, "olasilik");
    saha__fold_key("Çalışma_Saatleri", strlen("Çalışma_Saatleri"), out, sizeof out);
    assert_string_equal(out, "calisma_saatleri");
    saha__fold_key("Şehir", strlen("Şehir"), out, sizeof out);
    assert_string_equal(out, "sehir");
    /* truncation keeps a terminated string */
    saha__fold_key("abcdef", 6, out, 4);
    assert_string_equal(out, "abc");
}

static void test_dates(void **state)
{
    int y, m, d;
    (void)state;
    assert_int_equal(saha__days_from_civil(1970, 1, 1), 0);
    assert_int_equal(saha__weekday(2026, 11, 30), 0); /* a Monday */
    assert_int_equal(saha__weekday(2026, 11, 26), 3); /* a Thursday */
    assert_int_equal(saha__weekday(2000, 2, 29), 1);
    saha__civil_from_days(saha__days_from_civil(2024, 2, 29) + 1, &y, &m, &d);
    assert_int_equal(y, 2024);
    assert_int_equal(m, 3);
    assert_int_equal(d, 1);
}

static void test_rng_deterministic(void **state)
{
    saha__rng a, b;
    (void)state;
    saha__rng_seed(&a, 42);
    saha__rng_seed(&b, 42);
    for (int i = 0; i < 100; i++)
        assert_true(saha__rng_next(&a) == saha__rng_next(&b));
    for (int i = 0; i < 1000; i++) {
        uint64_t x = saha__rng_below(&a, 7);
        double dd = saha__rng_double(&a);
        assert_true(x < 7);
        assert_true(dd >= 0.0 && dd < 1.0);
    }
    saha__rng_seed(&b, 43);
    saha__rng_seed(&a, 42);
    assert_true(saha__rng_next(&a) != saha__rng_next(&b));
}

static void test_buf_limit(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha__buf b;
    (void)state;
    saha__buf_init(&b, ctx, 8);
    SAHA_TEST_OK(ctx, saha__buf_puts(&b, "12345678"));
    SAHA_TEST_EQ(saha__buf_putc(&b, '9'), SAHA_ELIMIT);
    assert_string_equal(b.data, "12345678");
    saha__buf_free(&b);
    saha_ctx_free(ctx);
}

static void test_alloc_failure(void **state)
{
    saha_test_alloc a = {SIZE_MAX, 0, 0};
    saha_allocator al;
    saha_ctx *ctx;
    (void)state;
    ctx = saha_test_ctx_failing(&a, &al);
    assert_non_null(ctx);
    a.fail_at = a.count; /* next allocation fails */
    assert_null(saha__alloc_array(ctx, 10, 10));
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->code, SAHA_ENOMEM);
    saha_ctx_clear_error(ctx);
    assert_null(saha__alloc_array(ctx, SIZE_MAX / 2, 4));
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->code, SAHA_ENOMEM);
    saha_ctx_free(ctx);
    assert_int_equal(a.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_first_wins),
        cmocka_unit_test(test_parse_double),
        cmocka_unit_test(test_parse_double_locale),
        cmocka_unit_test(test_hhmm),
        cmocka_unit_test(test_fold_key),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_rng_deterministic),
        cmocka_unit_test(test_buf_limit),
        cmocka_unit_test(test_alloc_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
