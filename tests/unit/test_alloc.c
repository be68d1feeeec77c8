/* Tests for src/util/alloc.c's growable arrays: saha__grow_cap's capacities (the first
 * one, doubling, enough already, overflow) and saha__grow keeping the contents, and
 * leaving the array and its capacity as they were when the size overflows or the
 * allocation fails. */
#include "saha_test.h"

#include "internal/core.h"

static void test_grow_cap(void **state)
{
    size_t c = 0;
    (void)state;
    assert_int_equal(saha__grow_cap(0, 1, 16, &c), 0);
    SAHA_TEST_EQ(c, 16); /* empty: the first capacity */
    assert_int_equal(saha__grow_cap(0, 40, 16, &c), 0);
    SAHA_TEST_EQ(c, 64); /* the first one doubled until it holds need */
    assert_int_equal(saha__grow_cap(16, 17, 4, &c), 0);
    SAHA_TEST_EQ(c, 32); /* full: doubled once */
    assert_int_equal(saha__grow_cap(16, 16, 4, &c), 0);
    SAHA_TEST_EQ(c, 16); /* enough: unchanged */
    assert_int_equal(saha__grow_cap(16, 0, 4, &c), 0);
    SAHA_TEST_EQ(c, 16);
    assert_int_equal(saha__grow_cap(0, 0, 0, &c), 0);
    SAHA_TEST_EQ(c, 1); /* no first capacity given: 1 */
    assert_int_equal(saha__grow_cap(3, 100, 64, &c), 0);
    SAHA_TEST_EQ(c, 192); /* 3 -> 6 -> ... -> 192: the old capacity, not `first` */
    c = 7;
    assert_int_equal(saha__grow_cap(SIZE_MAX / 2 + 1, SIZE_MAX, 16, &c), -1);
    SAHA_TEST_EQ(c, 7); /* overflow: *out untouched */
    assert_int_equal(saha__grow_cap(SIZE_MAX / 2, SIZE_MAX / 2 + 1, 16, &c), 0);
    SAHA_TEST_EQ(c, SIZE_MAX / 2 * 2); /* the last doubling that fits */
}

static void test_grow_keeps_contents(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    int *v = NULL;
    size_t n = 0, cap = 0;
    (void)state;
    for (int i = 0; i < 1000; i++) {
        SAHA_TEST_OK(ctx, SAHA__GROW(ctx, v, cap, n + 1, 8));
        assert_true(cap >= n + 1);
        v[n++] = i * 3;
    }
    SAHA_TEST_EQ(cap, 1024); /* 8 doubled seven times */
    for (size_t i = 0; i < n; i++)
        SAHA_TEST_EQ(v[i], (int)i * 3);
    /* enough room: neither the pointer nor the capacity moves */
    {
        int *before = v;
        SAHA_TEST_OK(ctx, SAHA__GROW(ctx, v, cap, 1024, 8));
        assert_ptr_equal(v, before);
        SAHA_TEST_EQ(cap, 1024);
    }
    saha__free(ctx, v);
    saha_ctx_free(ctx);
}

static void test_grow_failures(void **state)
{
    saha_test_alloc a = {SIZE_MAX, 0, 0};
    saha_allocator al;
    saha_ctx *ctx = saha_test_ctx_failing(&a, &al);
    double *v = NULL;
    size_t cap = 0;
    (void)state;
    assert_non_null(ctx);
    SAHA_TEST_OK(ctx, SAHA__GROW(ctx, v, cap, 3, 4));
    SAHA_TEST_EQ(cap, 4);
    v[0] = 1.5;
    /* the allocation fails: ENOMEM, the old array and capacity stay */
    {
        double *before = v;
        a.fail_at = a.count;
        SAHA_TEST_EQ(SAHA__GROW(ctx, v, cap, 5, 4), SAHA_ENOMEM);
        assert_ptr_equal(v, before);
        SAHA_TEST_EQ(cap, 4);
        SAHA_TEST_EQ(saha_ctx_last_error(ctx)->code, SAHA_ENOMEM);
        a.fail_at = SIZE_MAX;
    }
    saha_ctx_clear_error(ctx);
    /* the byte size overflows (the element count alone would not): no allocation */
    {
        size_t count = a.count;
        SAHA_TEST_EQ(saha__grow(ctx, (void **)&v, &cap, SIZE_MAX / 4, 16, 4),
                     SAHA_ENOMEM);
        SAHA_TEST_EQ(a.count, count);
        SAHA_TEST_EQ(cap, 4);
        SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "overflows");
    }
    SAHA_TEST_NEAR(v[0], 1.5, 0);
    saha__free(ctx, v);
    SAHA_TEST_EQ(a.live, 1); /* only the context itself */
    saha_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow_cap),
        cmocka_unit_test(test_grow_keeps_contents),
        cmocka_unit_test(test_grow_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
