/* Tests for shared helpers of src/util/: the CSV reader, field writer and dialect writer
 * (the dialect, RFC 4180, physical line numbers, .xls refused) and the JSON load helper
 * (jansson's errors as saha_error with source, line and column), and the k-d tree's
 * nearest neighbours against a brute-force search. */
#include "saha_test.h"

#include "util/csv.h"
#include "util/json.h"
#include "util/kdtree.h"

/* Reads text (copied: the reader works in place) and checks the records' lines and
 * cells against want: "line|cell|cell...", one string per record. */
static void expect_records(const char *text, char delim, const char *const *want,
                           size_t nwant)
{
    saha_ctx *ctx = saha_test_ctx();
    size_t len = strlen(text), k = 0;
    char *buf = malloc(len + 1);
    saha__csv c;
    memcpy(buf, text, len + 1);
    saha__csv_init(&c, ctx, "t.csv", buf, len, delim);
    while (saha__csv_next(&c) == 1) {
        char got[256];
        size_t o = (size_t)snprintf(got, sizeof got, "%zu", c.line);
        for (size_t i = 0; i < c.n; i++)
            o += (size_t)snprintf(got + o, sizeof got - o, "|%s", c.cells[i]);
        assert_true(k < nwant);
        assert_string_equal(got, want[k]);
        k++;
    }
    SAHA_TEST_EQ(k, nwant);
    saha__csv_free(&c);
    free(buf);
    saha_ctx_free(ctx);
}

static void test_csv_reader(void **state)
{
    static const char *const basic[] = {"1|id|name", "2|A|x, y", "3|B|say \"hi\"",
                                        "4|C|two\nlines", "6|D|"};
    static const char *const crs[] = {"1|a|b", "2|1|2", "3|3|4", "4|5|6"};
    static const char *const after[] = {"1|id|n", "2|A|quoted tail"};
    (void)state;
    expect_records("id,name\nA,\"x, y\"\r\nB,\"say \"\"hi\"\"\"\nC,\"two\nlines\"\nD,", 0,
                   basic, 5);
    /* LF, CRLF and a lone CR each end one physical line */
    expect_records("a;b\r1;2\r\n3;4\n5;6\n", 0, crs, 4);
    /* text after a closing quote is kept as written */
    expect_records("id,n\nA,\"quoted\" tail\n", 0, after, 2);
}

/* The header lookup: folded names, the first alias by preference, SIZE_MAX when none. */
static void test_csv_column(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    char hdr[] = " Müşteri No ;ACCOUNT-ID;Bitiş\n";
    static const char *const ids[] = {"id", "account_id", "musteri_no", NULL};
    static const char *const until[] = {"until", "bitis", NULL};
    static const char *const none[] = {"date", "tarih", NULL};
    saha__csv c;
    (void)state;
    saha__csv_init(&c, ctx, "h.csv", hdr, strlen(hdr), 0);
    SAHA_TEST_EQ(saha__csv_next(&c), 1);
    /* "account_id" is preferred to "musteri_no" though it stands later */
    SAHA_TEST_EQ(saha__csv_column(&c, ids), 1);
    SAHA_TEST_EQ(saha__csv_column(&c, ids + 2), 0); /* spaces and Turkish letters fold */
    SAHA_TEST_EQ(saha__csv_column(&c, until), 2);
    SAHA_TEST_EQ(saha__csv_column(&c, none), SIZE_MAX);
    saha__csv_free(&c);
    saha_ctx_free(ctx);
}

static void test_csv_dialect(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    char bom[] = "\xEF\xBB\xBF"
                 "id;value\n7;1,5\n";
    char bad[] = "id,n\nA,ok\nB,\"open\nstill\n";
    char blank[] = "id,n\n , \t\n,\nA,1\n";
    char blank2[] = "id,n\n , \t\n,\nA,1\n\n \n";
    char bad2[] = "id\n\n\"open\n";
    saha__csv c;
    (void)state;
    /* delimiters inside quotes do not count when sniffing */
    SAHA_TEST_EQ(saha__csv_sniff("\"a,b,c\";d;e\n1,2", 14), ';');
    SAHA_TEST_EQ(saha__csv_sniff("a\tb\tc,d\n", 8), '\t');
    SAHA_TEST_EQ(saha__csv_sniff("a;b,c\n", 6), ','); /* tie: ',' */
    SAHA_TEST_EQ(saha__csv_sniff("abc", 3), ',');
    /* BOM skipped; ';' means a decimal comma */
    saha__csv_init(&c, ctx, "b.csv", bom, strlen(bom), 0);
    SAHA_TEST_EQ(c.delim, ';');
    assert_true(c.decimal_comma);
    SAHA_TEST_EQ(saha__csv_next(&c), 1);
    assert_string_equal(c.cells[0], "id");
    SAHA_TEST_EQ(saha__csv_next(&c), 1);
    assert_string_equal(c.cells[1], "1,5");
    SAHA_TEST_EQ(saha__csv_next(&c), 0);
    saha__csv_free(&c);
    /* a quote never closed: the line where it opened, the field's column */
    saha__csv_init(&c, ctx, "q.csv", bad, strlen(bad), 0);
    assert_false(c.decimal_comma);
    SAHA_TEST_EQ(saha__csv_next(&c), 1);
    SAHA_TEST_EQ(saha__csv_next(&c), 1);
    SAHA_TEST_EQ(saha__csv_next(&c), SAHA_EPARSE);
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->line, 3);
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->column, 2);
    assert_string_equal(saha_ctx_last_error(ctx)->source, "q.csv");
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "never closed");
    saha__csv_free(&c);
    saha_ctx_clear_error(ctx);
    /* blank records: only spaces and tabs (" , \t"), or empty cells (",") */
    saha__csv_init(&c, ctx, "e.csv", blank, strlen(blank), ',');
    SAHA_TEST_EQ(saha__csv_next(&c), 1);
    assert_false(saha__csv_blank(&c));
    SAHA_TEST_EQ(saha__csv_next(&c), 1);
    assert_true(saha__csv_blank(&c));
    assert_false(c.all_empty);
    SAHA_TEST_EQ(saha__csv_next(&c), 1);
    assert_true(saha__csv_blank(&c));
    assert_true(c.all_empty);
    SAHA_TEST_EQ(saha__csv_next(&c), 1);
    assert_false(saha__csv_blank(&c));
    assert_string_equal(saha__csv_cell(&c, 1), "1");
    assert_string_equal(saha__csv_cell(&c, 7), "");
    saha__csv_free(&c);
    /* the row loop: the blank records above passed over, the line numbers kept */
    saha__csv_init(&c, ctx, "e.csv", blank2, strlen(blank2), ',');
    SAHA_TEST_EQ(saha__csv_next_nonblank(&c), 1);
    SAHA_TEST_EQ(c.line, 1);
    assert_string_equal(saha__csv_cell(&c, 0), "id");
    SAHA_TEST_EQ(saha__csv_next_nonblank(&c), 1);
    SAHA_TEST_EQ(c.line, 4);
    assert_string_equal(saha__csv_cell(&c, 0), "A");
    SAHA_TEST_EQ(saha__csv_next_nonblank(&c), 0);
    saha__csv_free(&c);
    saha__csv_init(&c, ctx, "q.csv", bad2, strlen(bad2), ',');
    SAHA_TEST_EQ(saha__csv_next_nonblank(&c), 1);
    SAHA_TEST_EQ(saha__csv_next_nonblank(&c), SAHA_EPARSE);
    saha__csv_free(&c);
    saha_ctx_clear_error(ctx);
    saha_ctx_free(ctx);
}

static void test_csv_writer(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha__buf b;
    static const struct {
        const char *in;
        char delim;
        const char *out;
    } cases[] = {
        {"plain", ',', "plain"},
        {"a,b", ',', "\"a,b\""},
        {"a,b", ';', "a,b"},
        {"a;b", ';', "\"a;b\""},
        {"say \"x\"", ',', "\"say \"\"x\"\"\""},
        {" lead", ',', "\" lead\""},
        {"trail\t", ',', "\"trail\t\""},
        {"two\nlines", ',', "\"two\nlines\""},
        {"\xEF\xBB\xBF"
         "bom",
         ',',
         "\"\xEF\xBB\xBF"
         "bom\""},
        {"", ',', ""},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        saha__buf_init(&b, ctx, SAHA__BUF_NOLIMIT);
        SAHA_TEST_OK(ctx,
                     saha__csv_put(&b, cases[i].in, strlen(cases[i].in), cases[i].delim));
        assert_string_equal(b.data ? b.data : "", cases[i].out);
        saha__buf_free(&b);
    }
    /* prefixed: the start of s is not the field's start */
    assert_false(saha__csv_needs_quotes("\tx", 2, ',', 1));
    assert_true(saha__csv_needs_quotes("\tx", 2, ',', 0));
    saha_ctx_free(ctx);
}

/* One document of the dialect writer: header, a text row and a number row. */
static char *csvw_doc(saha_ctx *ctx, char delim, int dc, int crlf, int bom)
{
    saha__buf b;
    saha__csvw w;
    char *doc;
    saha__buf_init(&b, ctx, SAHA__BUF_NOLIMIT);
    saha__csvw_init(&w, &b, delim, dc, crlf);
    SAHA_TEST_OK(ctx, saha__csvw_header(&w, "id,name,km,n", bom));
    SAHA_TEST_OK(ctx, saha__csvw_text(&w, 0, "A1"));
    SAHA_TEST_OK(ctx, saha__csvw_sep(&w));
    SAHA_TEST_OK(ctx, saha__csvw_text(&w, '\'', "=a, b; c"));
    SAHA_TEST_OK(ctx, saha__csvw_sep(&w));
    SAHA_TEST_OK(ctx, saha__csvw_num(&w, 1234.567, 2, "x"));
    SAHA_TEST_OK(ctx, saha__csvw_sep(&w));
    SAHA_TEST_OK(ctx, saha__csvw_uint(&w, 42));
    SAHA_TEST_OK(ctx, saha__csvw_eol(&w));
    SAHA_TEST_OK(ctx, saha__csvw_text(&w, 0, NULL));
    SAHA_TEST_OK(ctx, saha__csvw_sep(&w));
    SAHA_TEST_OK(ctx, saha__csvw_text(&w, 0, "say \"x\""));
    SAHA_TEST_OK(ctx, saha__csvw_sep(&w));
    SAHA_TEST_OK(ctx, saha__csvw_num(&w, -0.001, 1, "x")); /* no "-0.0" */
    SAHA_TEST_OK(ctx, saha__csvw_sep(&w));
    SAHA_TEST_OK(ctx, saha__csvw_num(&w, NAN, 1, "x"));
    SAHA_TEST_OK(ctx, saha__csvw_eol(&w));
    doc = saha__buf_take(&b, NULL);
    saha__buf_free(&b);
    return doc;
}

static void test_csv_dialect_writer(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    static const struct {
        char delim;
        int dc, crlf, bom;
        const char *want;
    } cases[] = {
        /* plain */
        {0, 0, 0, 0,
         "id,name,km,n\nA1,\"'=a, b; c\",1234.57,42\n,\"say \"\"x\"\"\",0.0,x\n"},
        /* rfc4180 / excel: CR LF, the BOM */
        {',', 0, 1, 1,
         "\xEF\xBB\xBFid,name,km,n\r\nA1,\"'=a, b; c\",1234.57,42\r\n,\"say "
         "\"\"x\"\"\",0.0,x\r\n"},
        /* excel-tr: ';', decimal comma; "a, b" needs no quotes, "; c" does */
        {';', 1, 1, 1,
         "\xEF\xBB\xBFid;name;km;n\r\nA1;\"'=a, b; c\";1234,57;42\r\n;\"say "
         "\"\"x\"\"\";0,0;x\r\n"},
        /* a decimal comma with ',' (no preset does this): the number is quoted */
        {',', 1, 0, 0,
         "id,name,km,n\nA1,\"'=a, b; c\",\"1234,57\",42\n,\"say \"\"x\"\"\",\"0,0\",x\n"},
        /* tab */
        {'\t', 0, 0, 0,
         "id\tname\tkm\tn\nA1\t'=a, b; c\t1234.57\t42\n\t\"say \"\"x\"\"\"\t0.0\tx\n"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *doc =
            csvw_doc(ctx, cases[i].delim, cases[i].dc, cases[i].crlf, cases[i].bom);
        saha__csv c;
        assert_non_null(doc);
        assert_string_equal(doc, cases[i].want);
        /* the reader takes every dialect back: sniffed delimiter, BOM skipped, cells */
        saha__csv_init(&c, ctx, "w.csv", doc, strlen(doc), 0);
        SAHA_TEST_EQ(c.delim, cases[i].delim ? cases[i].delim : ',');
        SAHA_TEST_EQ(saha__csv_next(&c), 1);
        SAHA_TEST_EQ(c.n, 4);
        assert_string_equal(c.cells[0], "id");
        SAHA_TEST_EQ(saha__csv_next(&c), 1);
        assert_string_equal(c.cells[1], "'=a, b; c");
        {
            double v = 0;
            assert_int_equal(
                saha__parse_double(c.cells[2], strlen(c.cells[2]), cases[i].dc, &v), 0);
            SAHA_TEST_NEAR(v, 1234.57, 1e-9);
        }
        SAHA_TEST_EQ(saha__csv_next(&c), 1);
        assert_string_equal(c.cells[1], "say \"x\"");
        SAHA_TEST_EQ(saha__csv_next(&c), 0);
        saha__csv_free(&c);
        free(doc);
    }
    saha_ctx_free(ctx);
}

/* An old Excel .xls (OLE2) read as CSV is refused on its first record, by name. */
static void test_csv_refuses_xls(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    char xls[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1id,name\n";
    char almost[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE0id,name\n";
    saha__csv c;
    (void)state;
    assert_true(saha__is_ole2(xls, sizeof xls - 1));
    assert_false(saha__is_ole2(xls, 7));
    assert_false(saha__is_ole2(almost, sizeof almost - 1));
    saha__csv_init(&c, ctx, "old.xls", xls, sizeof xls - 1, 0);
    SAHA_TEST_EQ(saha__csv_next(&c), SAHA_EPARSE);
    assert_string_equal(saha_ctx_last_error(ctx)->source, "old.xls");
    assert_string_equal(
        saha_ctx_last_error(ctx)->message,
        "old Excel .xls format is not supported; save it as .xlsx or .csv");
    saha__csv_free(&c);
    saha_ctx_clear_error(ctx);
    saha__csv_init(&c, ctx, "fine.csv", almost, sizeof almost - 1, 0);
    SAHA_TEST_EQ(saha__csv_next(&c), 1);
    saha__csv_free(&c);
    saha_ctx_free(ctx);
}

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

/* The k nearest by brute force: the k-th smallest squared distance from point q. */
static double brute_kth(const double *xy, size_t n, size_t q, size_t k)
{
    double best[16];
    size_t m = 0;
    for (size_t j = 0; j < n; j++) {
        double dx = xy[2 * j] - xy[2 * q], dy = xy[2 * j + 1] - xy[2 * q + 1],
               d = dx * dx + dy * dy;
        size_t p;
        if (j == q || (m == k && d >= best[k - 1]))
            continue;
        p = m < k ? m++ : k - 1;
        while (p > 0 && best[p - 1] > d) {
            best[p] = best[p - 1];
            p--;
        }
        best[p] = d;
    }
    return best[m - 1];
}

static void test_kdtree(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    enum { N = 3000, K = 7 };
    double *xy = malloc(2 * N * sizeof *xy), d2[K];
    uint32_t id[K];
    saha__rng r;
    saha__kdtree t;
    (void)state;
    assert_non_null(xy);
    saha__rng_seed(&r, 5);
    /* Three spreads: uniform, a tight cluster with duplicates, and 4 coordinates only. */
    for (int shape = 0; shape < 3; shape++) {
        size_t ops = 0;
        for (size_t i = 0; i < N; i++) {
            if (shape == 0) {
                xy[2 * i] = saha__rng_double(&r) * 1e5;
                xy[2 * i + 1] = saha__rng_double(&r) * 1e5;
            } else if (shape == 1) {
                xy[2 * i] = i < 10 ? 1e6 * (double)i : (double)saha__rng_below(&r, 30);
                xy[2 * i + 1] = i < 10 ? 0 : (double)saha__rng_below(&r, 30);
            } else {
                xy[2 * i] = 100.0 * (double)(i % 2);
                xy[2 * i + 1] = 100.0 * (double)(i % 4 / 2);
            }
        }
        SAHA_TEST_OK(ctx, saha__kdtree_build(ctx, xy, N, &t));
        for (size_t q = 0; q < N; q++) {
            size_t m = saha__kdtree_knn(&t, xy[2 * q], xy[2 * q + 1], q, K, id, d2, &ops);
            SAHA_TEST_EQ(m, K);
            /* Ascending, the reported distances match the ids, none is q itself. */
            for (size_t j = 0; j < K; j++) {
                double dx = xy[2 * id[j]] - xy[2 * q],
                       dy = xy[2 * id[j] + 1] - xy[2 * q + 1];
                assert_true(id[j] != q);
                SAHA_TEST_NEAR(d2[j], dx * dx + dy * dy, 0.0);
                if (j > 0)
                    assert_true(d2[j - 1] <= d2[j]);
            }
            SAHA_TEST_NEAR(d2[K - 1], brute_kth(xy, N, q, K), 0.0);
        }
        /* 4 coordinates (750 points on each): the work per query must grow about like
         * log n, not like the points sharing a coordinate; compare with an eighth of
         * the points (a scan of everything on the coordinate grows 8x). */
        if (shape == 2) {
            size_t ops8 = 0;
            saha__kdtree t8;
            SAHA_TEST_OK(ctx, saha__kdtree_build(ctx, xy, N / 8, &t8));
            for (size_t q = 0; q < N / 8; q++)
                saha__kdtree_knn(&t8, xy[2 * q], xy[2 * q + 1], q, K, id, d2, &ops8);
            saha__kdtree_free(&t8);
            assert_true(ops / N < 2 * (ops8 / (N / 8)));
            /* and stay small: the K-th is at 0 m (a grid cell scan examines ~750) */
            assert_true(ops < (size_t)N * 40);
        }
        saha__kdtree_free(&t);
    }
    /* Fewer points than asked, and the query point excluded. */
    SAHA_TEST_OK(ctx, saha__kdtree_build(ctx, xy, 3, &t));
    SAHA_TEST_EQ(saha__kdtree_knn(&t, 0, 0, 1, K, id, d2, NULL), 2);
    saha__kdtree_free(&t);
    free(xy);
    saha_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_reader),         cmocka_unit_test(test_csv_dialect),
        cmocka_unit_test(test_csv_column),         cmocka_unit_test(test_csv_writer),
        cmocka_unit_test(test_csv_dialect_writer), cmocka_unit_test(test_csv_refuses_xls),
        cmocka_unit_test(test_json_load),          cmocka_unit_test(test_kdtree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
