/* Tests for shared helpers of src/util/: the JSON load helper (jansson's errors as
 * saha_error with source, line and column). */
#include "saha_test.h"

#include "util/json.h"

static void test_json_load(void **state)
{
    static const char good[] = "{\"a\": [1, 2]}";
    static const char bad[] = "{\n  \"a\": 1,\n  \"b\" 2\n}";
    static const char dup[] = "{\"a\": 1, \"a\": 2}";
    saha_ctx *ctx = saha_test_ctx();
    const saha_error *e;
    json_t *root;
    (void)state;
    root = saha__json_load(ctx, good, strlen(good), 0, "good.json", "x");
    assert_non_null(root);
    SAHA_TEST_EQ(json_array_size(json_object_get(root, "a")), 2);
    json_decref(root);
    /* not NUL-terminated: only len bytes count */
    root = saha__json_load(ctx, "[1]]]", 3, 0, "cut.json", NULL);
    assert_non_null(root);
    json_decref(root);

    assert_null(
        saha__json_load(ctx, bad, strlen(bad), 0, "bad.json", "reply is not JSON"));
    e = saha_ctx_last_error(ctx);
    SAHA_TEST_EQ(e->code, SAHA_EPARSE);
    assert_string_equal(e->source, "bad.json");
    SAHA_TEST_EQ(e->line, 3);
    SAHA_TEST_EQ(e->column, 7);
    SAHA_TEST_STR_CONTAINS(e->message, "reply is not JSON: ");
    saha_ctx_clear_error(ctx);

    assert_null(
        saha__json_load(ctx, dup, strlen(dup), JSON_REJECT_DUPLICATES, "d.json", NULL));
    e = saha_ctx_last_error(ctx);
    SAHA_TEST_STR_CONTAINS(e->message, "duplicate");
    assert_true(strncmp(e->message, ": ", 2) != 0); /* no prefix without `what` */
    saha_ctx_clear_error(ctx);

    assert_null(saha__json_load(ctx, NULL, 0, 0, "empty.json", "invalid JSON"));
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->code, SAHA_EPARSE);
    saha_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
