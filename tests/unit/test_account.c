/* Tests for the account module: CSV / JSON / GeoJSON readers, aliases, validation, the
 * CSV writer, failure injection. Opening hours and dates: test_hours.c. */
#include <stdio.h>
#include <unistd.h>

#include "saha_test.h"

/* Parses text (as a CSV unless the name says otherwise) with default options. */
static saha_account_set *parse_opts(saha_ctx *ctx, const char *name, const char *text,
                                    const saha_account_load_options *o)
{
    saha_account_set *set = NULL;
    SAHA_TEST_OK(ctx, saha_account_parse(&set, ctx, name, text, strlen(text), o));
    assert_non_null(set);
    return set;
}

static saha_account_set *parse(saha_ctx *ctx, const char *text)
{
    return parse_opts(ctx, "t.csv", text, NULL);
}

static saha_account_set *load(saha_ctx *ctx, const char *path)
{
    saha_account_set *set = NULL;
    SAHA_TEST_OK(ctx, saha_account_load(&set, ctx, path, NULL));
    assert_non_null(set);
    return set;
}

/* The single issue of a one-bad-row input: checks line, field and exact message. */
static void expect_issue(saha_ctx *ctx, const char *text, size_t line, const char *field,
                         const char *message)
{
    saha_account_set *set = parse(ctx, text);
    const saha_account_issue *is;
    if (saha_account_issue_count(set) != 1) {
        print_error("input:\n%s\nwant 1 issue, got %zu\n", text,
                    saha_account_issue_count(set));
        for (size_t i = 0; i < saha_account_issue_count(set); i++)
            print_error("  %zu %s: %s\n", saha_account_issue_at(set, i)->line,
                        saha_account_issue_at(set, i)->field,
                        saha_account_issue_at(set, i)->message);
        fail();
    }
    is = saha_account_issue_at(set, 0);
    SAHA_TEST_EQ(is->line, line);
    assert_string_equal(is->field, field);
    assert_string_equal(is->message, message);
    SAHA_TEST_EQ(is->warning, 0);
    SAHA_TEST_EQ(saha_account_rejected_count(set), 1);
    SAHA_TEST_EQ(saha_account_rows_read(set),
                 saha_account_count(set) + saha_account_rejected_count(set));
    saha_account_set_free(set);
}

static char *read_all(FILE *f, size_t *len)
{
    long n;
    char *buf;
    fflush(f);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

/* Writes the set as CSV into a malloc'd string. */
static char *write_csv(saha_ctx *ctx, const saha_account_set *set,
                       const saha_account_write_options *o)
{
    FILE *f = tmpfile();
    size_t len;
    char *out;
    assert_non_null(f);
    SAHA_TEST_OK(ctx, saha_account_write_csv(f, ctx, set, o));
    out = read_all(f, &len);
    fclose(f);
    return out;
}

/* ---- CSV ------------------------------------------------------------------------------
 */

/* Opening hours are parsed once per distinct text and shared (issue #19: 1M rows
 * with a handful of patterns); rows without hours share the set's 24/7; a bad text is
 * still an issue on every row that has it. */
static void test_hours_interned(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set = parse(ctx, "id,lat,lon,hours\n"
                                       "A,40,29,Mo-Fr 09:00-18:00\n"
                                       "B,40,29,Mo-Sa 08:00-12:00\n"
                                       "C,40,29,Mo-Fr 09:00-18:00\n"
                                       "D,40,29,\n"
                                       "E,40,29,Mo-Fr 25:00-26:00\n"
                                       "F,40,29,\n"
                                       "G,40,29,Mo-Fr 25:00-26:00\n");
    const saha_account *a, *b, *c, *d, *f;
    (void)state;
    SAHA_TEST_EQ(saha_account_count(set), 5);
    SAHA_TEST_EQ(saha_account_rejected_count(set), 2);
    SAHA_TEST_EQ(saha_account_issue_count(set), 2);
    assert_string_equal(saha_account_issue_at(set, 0)->field, "hours");
    assert_string_equal(saha_account_issue_at(set, 1)->field, "hours");
    SAHA_TEST_EQ(saha_account_issue_at(set, 1)->line, 8);
    a = saha_account_at(set, 0);
    b = saha_account_at(set, 1);
    c = saha_account_at(set, 2);
    d = saha_account_at(set, 3);
    f = saha_account_at(set, 4);
    assert_ptr_equal(a->hours, c->hours);
    assert_ptr_not_equal(a->hours, b->hours);
    assert_ptr_equal(d->hours, f->hours);
    assert_ptr_not_equal(d->hours, a->hours);
    SAHA_TEST_EQ(a->has_hours, 1);
    SAHA_TEST_EQ(d->has_hours, 0);
    assert_true(saha_hours_is_open(c->hours, 4, 17 * 60));
    assert_false(saha_hours_is_open(c->hours, 5, 10 * 60));
    assert_true(saha_hours_is_open(b->hours, 5, 10 * 60));
    assert_true(saha_hours_is_open(d->hours, 6, 23 * 60));
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

static void test_csv_basic(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set;
    const saha_account *a;
    (void)state;
    set = load(ctx, DATA("accounts/basic.csv"));
    SAHA_TEST_EQ(saha_account_rows_read(set), 3);
    SAHA_TEST_EQ(saha_account_count(set), 3);
    SAHA_TEST_EQ(saha_account_issue_count(set), 0);
    assert_string_equal(saha_account_source(set), DATA("accounts/basic.csv"));

    a = saha_account_at(set, 0);
    SAHA_TEST_EQ(a->line, 2);
    assert_string_equal(a->id, "A1");
    assert_string_equal(a->address, "Atatürk Cd. 12, Nilüfer");
    SAHA_TEST_NEAR(a->lat_deg, 40.214, 1e-12);
    SAHA_TEST_NEAR(a->lon_deg, 28.944, 1e-12);
    SAHA_TEST_NEAR(a->value, 1200, 0);
    SAHA_TEST_NEAR(a->probability, 0.5, 0);
    SAHA_TEST_NEAR(a->visit_min, 45, 0);
    SAHA_TEST_EQ(a->must_visit, 1);
    SAHA_TEST_EQ(a->has_hours, 1);
    SAHA_TEST_EQ(a->hours->nspans[0], 2);
    SAHA_TEST_EQ(a->hours->nspans[5], 1);
    SAHA_TEST_EQ(a->hours->nspans[6], 0);
    assert_string_equal(saha_account_get_column(set, 0, "notes"), "plain note");

    /* doubled quotes, an embedded line break; the percent probability */
    a = saha_account_at(set, 1);
    SAHA_TEST_EQ(a->line, 3);
    assert_string_equal(a->name, "Ali \"Usta\" Tamir");
    assert_string_equal(a->address, "line one\nline two");
    SAHA_TEST_NEAR(a->probability, 0.8, 1e-12);
    SAHA_TEST_NEAR(a->visit_min, 30, 0); /* default */
    SAHA_TEST_EQ(a->must_visit, 0);
    SAHA_TEST_EQ(a->has_hours, 0);
    assert_true(saha_hours_is_open(a->hours, 6, 0)); /* no hours: always open */
    assert_string_equal(saha_account_get_column(set, 1, "notes"), "quoted, with comma");

    /* the record after a two-line record starts on physical line 5 */
    a = saha_account_at(set, 2);
    SAHA_TEST_EQ(a->line, 5);
    SAHA_TEST_EQ(a->has_coords, 0);
    assert_true(isnan(a->lat_deg) && isnan(a->lon_deg));
    SAHA_TEST_NEAR(a->value, 0, 0);
    SAHA_TEST_NEAR(a->probability, 1, 0);
    assert_string_equal(a->rep, "");
    assert_string_equal(a->city, "");
    SAHA_TEST_EQ(saha_account_missing_coords_count(set), 1);

    SAHA_TEST_EQ(saha_account_find(set, "A3"), 2);
    SAHA_TEST_EQ(saha_account_find(set, "nope"), SIZE_MAX);
    assert_null(saha_account_at(set, 3));
    /* columns by header and by canonical name; unknown column name */
    assert_string_equal(saha_account_get_column(set, 0, "lat"), "40.2140");
    assert_string_equal(saha_account_get_column(set, 0, "id"), "A1");
    assert_null(saha_account_get_column(set, 0, "no such column"));
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

static void test_csv_crlf(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set;
    (void)state;
    set = load(ctx, DATA("accounts/crlf.csv"));
    SAHA_TEST_EQ(saha_account_count(set), 2);
    assert_string_equal(saha_account_at(set, 0)->name, "Fırın");
    SAHA_TEST_NEAR(saha_account_at(set, 0)->lon_deg, 29.1, 1e-12); /* no '\r' left */
    /* a quoted line break is kept as written */
    assert_string_equal(saha_account_at(set, 1)->name, "CR\r\nLF");
    SAHA_TEST_EQ(saha_account_at(set, 1)->line, 3);
    saha_account_set_free(set);

    /* lone CR line ends, and no final newline */
    set = parse(ctx, "id,lat,lon\rE1,1,2\rE2,3,4");
    SAHA_TEST_EQ(saha_account_count(set), 2);
    SAHA_TEST_EQ(saha_account_at(set, 1)->line, 3);
    SAHA_TEST_NEAR(saha_account_at(set, 1)->lon_deg, 4, 0);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

static void test_csv_bom_semicolon_decimal_comma(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set;
    const saha_account *a;
    (void)state;
    set = load(ctx, DATA("accounts/bom_semicolon.csv"));
    SAHA_TEST_EQ(saha_account_count(set), 1);
    a = saha_account_at(set, 0);
    assert_string_equal(a->id, "C1"); /* the BOM is not part of the "id" header */
    assert_string_equal(a->name, "Şarküteri");
    SAHA_TEST_NEAR(a->lat_deg, 40.195, 1e-12);
    SAHA_TEST_NEAR(a->lon_deg, 29.06, 1e-12);
    SAHA_TEST_NEAR(a->value, 1500.5, 1e-9);
    saha_account_set_free(set);

    /* with ',' as the delimiter a decimal comma cannot exist: "40,5" is two cells */
    expect_issue(ctx, "id,lat,lon\nX,\"40,5\",29\n", 2, "lat", "not a number: '40,5'");

    /* tab */
    set = load(ctx, DATA("accounts/tab.tsv"));
    SAHA_TEST_EQ(saha_account_count(set), 1);
    assert_string_equal(saha_account_at(set, 0)->name, "Tab Ltd");
    SAHA_TEST_NEAR(saha_account_at(set, 0)->lat_deg, 41.0, 0);
    saha_account_set_free(set);

    /* sniffing ignores delimiters inside quotes; an explicit delimiter wins */
    set = parse(ctx, "\"a,b,c,d\";id;lat;lon\nx;S1;1;2\n");
    SAHA_TEST_EQ(saha_account_count(set), 1);
    assert_string_equal(saha_account_get_column(set, 0, "a,b,c,d"), "x");
    saha_account_set_free(set);
    {
        saha_account_load_options o;
        (void)saha_account_load_options_init(&o, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
        o.delimiter = '|';
        set = parse_opts(ctx, "t.csv", "id|name,x\nP1|a,b\n", &o);
        SAHA_TEST_EQ(saha_account_count(set), 1);
        assert_string_equal(saha_account_get_column(set, 0, "name,x"), "a,b");
        saha_account_set_free(set);
    }
    saha_ctx_free(ctx);
}

static void test_csv_turkish_headers(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set;
    const saha_account *a;
    (void)state;
    set = load(ctx, DATA("accounts/turkish.csv"));
    SAHA_TEST_EQ(saha_account_issue_count(set), 0);
    SAHA_TEST_EQ(saha_account_count(set), 2);
    a = saha_account_at(set, 0);
    assert_string_equal(a->id, "T-001");
    assert_string_equal(a->name, "Yılmaz Ticaret");
    assert_string_equal(a->address, "Cumhuriyet Cd. 5");
    assert_string_equal(a->street, "Cumhuriyet Cd.");
    assert_string_equal(a->city, "Bursa");
    assert_string_equal(a->district, "Osmangazi");
    assert_string_equal(a->postcode, "16010");
    assert_string_equal(a->country, "Türkiye");
    SAHA_TEST_NEAR(a->lat_deg, 40.1885, 1e-12);
    SAHA_TEST_NEAR(a->lon_deg, 29.061, 1e-12);
    SAHA_TEST_NEAR(a->value, 2500, 0);
    SAHA_TEST_NEAR(a->probability, 0.7, 1e-12);
    SAHA_TEST_NEAR(a->visit_min, 40, 0);
    SAHA_TEST_EQ(a->has_hours, 1);
    assert_true(saha_hours_is_open(a->hours, 0, 9 * 60));
    assert_false(saha_hours_is_open(a->hours, 5, 10 * 60));
    SAHA_TEST_EQ(a->must_visit, 1);
    SAHA_TEST_EQ(a->has_appointment, 1);
    SAHA_TEST_EQ(a->appointment.day, 1);
    SAHA_TEST_EQ(a->appointment.hour, 10);
    SAHA_TEST_EQ(a->appointment.minute, 30);
    assert_string_equal(a->rep, "Ayşe");
    SAHA_TEST_EQ(a->has_last_visit, 1);
    SAHA_TEST_EQ(a->last_visit.month, 10);
    SAHA_TEST_EQ(a->frequency_days, 14);
    a = saha_account_at(set, 1);
    SAHA_TEST_NEAR(a->probability, 0.4, 1e-12);             /* decimal comma */
    SAHA_TEST_EQ(a->must_visit, 0);                         /* hayır */
    assert_false(saha_hours_is_open(a->hours, 3, 10 * 60)); /* Th off */
    assert_true(saha_hours_is_open(a->hours, 5, 10 * 60));
    SAHA_TEST_EQ(a->has_appointment, 0);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

/* phone and notes: optional fields under any of their header names, case and accents
 * folded like the others; "" when the input has no such column. */
static void test_csv_phone_notes(void **state)
{
    static const char *const heads[][2] = {
        {"phone", "notes"},        {"Telefon", "NOTLAR"},       {"TEL", "Açıklama"},
        {"Telephone", "AÇIKLAMA"}, {"phone number", "Comment"}, {"tel", "not"}};
    saha_ctx *ctx = saha_test_ctx();
    (void)state;
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++) {
        char text[256];
        saha_account_set *set;
        const saha_account *a;
        snprintf(text, sizeof text, "id,%s,%s\nA,+90 224 111 22 33,gate 2\nB,,\n",
                 heads[k][0], heads[k][1]);
        set = parse(ctx, text);
        SAHA_TEST_EQ(saha_account_count(set), 2);
        a = saha_account_at(set, 0);
        assert_string_equal(a->phone, "+90 224 111 22 33");
        assert_string_equal(a->notes, "gate 2");
        assert_string_equal(saha_account_get_column(set, 0, "notes"), "gate 2");
        a = saha_account_at(set, 1);
        assert_string_equal(a->phone, "");
        assert_string_equal(a->notes, "");
        saha_account_set_free(set);
    }
    {
        saha_account_set *set = parse(ctx, "id,name\nA,x\n");
        assert_string_equal(saha_account_at(set, 0)->phone, "");
        assert_string_equal(saha_account_at(set, 0)->notes, "");
        saha_account_set_free(set);
    }
    saha_ctx_free(ctx);
}

static void test_csv_aliases(void **state)
{
    static const struct {
        const char *header;
        const char *field;
    } cases[] = {
        {"account_id", "id"},
        {"Code", "id"},
        {"KOD", "id"},
        {"müşteri_no", "id"},
        {"company", "name"},
        {"Unvan", "name"},
        {"street_address", "address"},
        {"şehir", "city"},
        {"il", "city"},
        {"ilçe", "district"},
        {"posta_kodu", "postcode"},
        {"ülke", "country"},
        {"Latitude", "lat"},
        {"enlem", "lat"},
        {"Y", "lat"},
        {"lng", "lon"},
        {"long", "lon"},
        {"Longitude", "lon"},
        {"boylam", "lon"},
        {"x", "lon"},
        {"deal_value", "value"},
        {"amount", "value"},
        {"opportunity", "value"},
        {"tutar", "value"},
        {"prob", "probability"},
        {"olasılık", "probability"},
        {"duration", "visit_minutes"},
        {"service_minutes", "visit_minutes"},
        {"süre", "visit_minutes"},
        {"opening_hours", "hours"},
        {"çalışma_saatleri", "hours"},
        {"required", "must_visit"},
        {"zorunlu", "must_visit"},
        {"randevu", "appointment"},
        {"territory", "rep"},
        {"temsilci", "rep"},
        {"son_ziyaret", "last_visit"},
        {"sıklık", "frequency_days"},
        {"Frequency Days", "frequency_days"},
        {"sokak", "street"},
    };
    saha_ctx *ctx = saha_test_ctx();
    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[256];
        saha_account_set *set;
        int id_col = strcmp(cases[k].field, "id") == 0;
        /* the alias column holds "1" (a valid value for every field but dates/hours) */
        snprintf(text, sizeof text, "%s%s\n%s1\n", id_col ? "" : "id,", cases[k].header,
                 id_col ? "" : "R1,");
        set = parse(ctx, text);
        if (!strcmp(cases[k].field, "hours") || !strcmp(cases[k].field, "appointment") ||
            !strcmp(cases[k].field, "last_visit")) {
            /* rejected, but the issue names the canonical field: the alias matched */
            SAHA_TEST_EQ(saha_account_issue_count(set), 1);
            assert_string_equal(saha_account_issue_at(set, 0)->field, cases[k].field);
        } else if (!strcmp(cases[k].field, "lat") || !strcmp(cases[k].field, "lon")) {
            /* one coordinate alone: "lon: missing while lat is given" and vice versa */
            SAHA_TEST_EQ(saha_account_issue_count(set), 1);
            SAHA_TEST_STR_CONTAINS(saha_account_issue_at(set, 0)->message,
                                   cases[k].field);
        } else {
            SAHA_TEST_EQ(saha_account_issue_count(set), 0);
            assert_string_equal(saha_account_get_column(set, 0, cases[k].field), "1");
        }
        saha_account_set_free(set);
    }
    /* x/y read as lon/lat */
    {
        saha_account_set *set = parse(ctx, "id,x,y\nP,29.5,40.5\n");
        SAHA_TEST_NEAR(saha_account_at(set, 0)->lon_deg, 29.5, 0);
        SAHA_TEST_NEAR(saha_account_at(set, 0)->lat_deg, 40.5, 0);
        saha_account_set_free(set);
    }
    saha_ctx_free(ctx);
}

static void test_csv_structure_errors(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set = NULL;
    const char *t;
    (void)state;

    /* no id column: the whole file */
    assert_int_equal(saha_account_load(&set, ctx, DATA("accounts/no_id.csv"), NULL),
                     SAHA_EPARSE);
    assert_null(set);
    assert_string_equal(saha_ctx_last_error(ctx)->source, DATA("accounts/no_id.csv"));
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->line, 1);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "no id column");

    /* empty input */
    assert_int_equal(saha_account_parse(&set, ctx, "e.csv", "", 0, NULL), SAHA_EPARSE);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "no header");
    t = "\n\n  \n";
    assert_int_equal(saha_account_parse(&set, ctx, "e.csv", t, strlen(t), NULL),
                     SAHA_EPARSE);

    /* a quote never closed: the line where it opened */
    t = "id,name\nA,ok\nB,\"never\nclosed\n";
    assert_int_equal(saha_account_parse(&set, ctx, "q.csv", t, strlen(t), NULL),
                     SAHA_EPARSE);
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->line, 3);
    assert_string_equal(saha_ctx_last_error(ctx)->source, "q.csv");
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "never closed");

    /* a missing file */
    assert_int_equal(saha_account_load(&set, ctx, DATA("accounts/none.csv"), NULL),
                     SAHA_EIO);

    /* size limit */
    {
        saha_account_load_options o;
        (void)saha_account_load_options_init(&o, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
        o.max_bytes = 10;
        t = "id,name\nA,long enough\n";
        assert_int_equal(saha_account_parse(&set, ctx, "big.csv", t, strlen(t), &o),
                         SAHA_ELIMIT);
        assert_int_equal(saha_account_load(&set, ctx, DATA("accounts/basic.csv"), &o),
                         SAHA_ELIMIT);
        assert_null(set);
    }
    /* blank lines and all-empty records carry nothing and are skipped */
    set = parse(ctx, "\nid,name\n\n,\nA,x\n\n");
    SAHA_TEST_EQ(saha_account_rows_read(set), 1);
    SAHA_TEST_EQ(saha_account_at(set, 0)->line, 5);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

static void test_csv_row_problems(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set;
    char text[64];
    (void)state;
    expect_issue(ctx, "id,name,lat\nA,x\n", 2, "", "row has 2 fields, the header has 3");
    expect_issue(ctx, "id,name\nA,x,y\n", 2, "", "row has 3 fields, the header has 2");
    expect_issue(ctx, "id,name\nA,\xff\xfe\n", 2, "name", "invalid UTF-8 text");
    expect_issue(ctx, "id,notes\nA,\xc3\x28\n", 2, "notes", "invalid UTF-8 text");
    /* a NUL byte (cannot be in a C string literal handed to strlen: length given) */
    memcpy(text, "id,name\nA,x\0y\nB,ok\n", 20);
    SAHA_TEST_OK(ctx, saha_account_parse(&set, ctx, "nul.csv", text, 19, NULL));
    SAHA_TEST_EQ(saha_account_rows_read(set), 2);
    SAHA_TEST_EQ(saha_account_count(set), 1);
    SAHA_TEST_EQ(saha_account_issue_count(set), 1);
    SAHA_TEST_EQ(saha_account_issue_at(set, 0)->line, 2);
    assert_string_equal(saha_account_issue_at(set, 0)->field, "name");
    assert_string_equal(saha_account_issue_at(set, 0)->message, "contains a NUL byte");
    assert_string_equal(saha_account_at(set, 0)->id, "B");
    {
        /* written back whole, the NUL marked with U+FFFD */
        char *out = write_csv(ctx, set, NULL);
        assert_string_equal(out, "id,name\nA,x\xEF\xBF\xBDy\nB,ok\n");
        free(out);
    }
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

static void test_csv_duplicate_header(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set;
    const saha_account_issue *is;
    char *out;
    (void)state;
    /* decision: the first column for a field is read; a later one is kept as an unknown
     * column (written back unchanged) and a warning issue at line 1 says so */
    set = parse(ctx, "id,lat,lon,Latitude\nA,40,29,41\n");
    SAHA_TEST_EQ(saha_account_count(set), 1);
    SAHA_TEST_EQ(saha_account_rejected_count(set), 0);
    SAHA_TEST_NEAR(saha_account_at(set, 0)->lat_deg, 40, 0);
    SAHA_TEST_EQ(saha_account_issue_count(set), 1);
    is = saha_account_issue_at(set, 0);
    SAHA_TEST_EQ(is->line, 1);
    SAHA_TEST_EQ(is->warning, 1);
    assert_string_equal(is->field, "lat");
    assert_string_equal(
        is->message,
        "column 4 'Latitude' ignored: field lat is read from column 2 'lat'");
    assert_string_equal(saha_account_get_column(set, 0, "Latitude"), "41");
    out = write_csv(ctx, set, NULL);
    assert_string_equal(out, "id,lat,lon,Latitude\nA,40,29,41\n");
    free(out);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

/* ---- validation
 * -------------------------------------------------------------------------- */

static void test_validation_messages(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    (void)state;
    expect_issue(ctx, "id,name\n,x\n", 2, "id",
                 "missing (every account needs a unique id)");
    expect_issue(ctx, "id,lat,lon\nA,91.2,29\n", 2, "lat",
                 "out of range [-90, 90]: '91.2'");
    expect_issue(ctx, "id,lat,lon\nA,-90.5,29\n", 2, "lat",
                 "out of range [-90, 90]: '-90.5'");
    expect_issue(ctx, "id,lat,lon\nA,40,180.01\n", 2, "lon",
                 "out of range [-180, 180]: '180.01'");
    expect_issue(ctx, "id,lat,lon\nA,north,29\n", 2, "lat", "not a number: 'north'");
    expect_issue(ctx, "id,lat,lon\nA,inf,29\n", 2, "lat", "not a number: 'inf'");
    expect_issue(ctx, "id,lat,lon\nA,nan,29\n", 2, "lat", "not a number: 'nan'");
    expect_issue(ctx, "id,lat,lon\nA,40,\n", 2, "lon", "missing while lat is given");
    expect_issue(ctx, "id,lat,lon\nA,,29\n", 2, "lat", "missing while lon is given");
    expect_issue(ctx, "id,value\nA,-5\n", 2, "value", "negative: '-5'");
    expect_issue(ctx, "id,value\nA,12 TL\n", 2, "value", "not a number: '12 TL'");
    expect_issue(ctx, "id,probability\nA,150\n", 2, "probability",
                 "out of range (0..1, or 0..100 as a percent): '150'");
    expect_issue(ctx, "id,probability\nA,-0.1\n", 2, "probability",
                 "out of range (0..1, or 0..100 as a percent): '-0.1'");
    expect_issue(ctx, "id,visit_minutes\nA,0\n", 2, "visit_minutes",
                 "must be > 0 and <= 1440: '0'");
    expect_issue(ctx, "id,visit_minutes\nA,1441\n", 2, "visit_minutes",
                 "must be > 0 and <= 1440: '1441'");
    expect_issue(ctx, "id,must_visit\nA,maybe\n", 2, "must_visit",
                 "not a boolean (true/false, yes/no, 1/0, evet/hayır): 'maybe'");
    expect_issue(ctx, "id,appointment\nA,2026-02-30 10:00\n", 2, "appointment",
                 "not a local date-time (YYYY-MM-DD HH:MM): '2026-02-30 10:00'");
    expect_issue(ctx, "id,appointment\nA,2026-03-01T10:00Z\n", 2, "appointment",
                 "not a local date-time (YYYY-MM-DD HH:MM): '2026-03-01T10:00Z'");
    expect_issue(ctx, "id,last_visit\nA,yesterday\n", 2, "last_visit",
                 "not a date (YYYY-MM-DD): 'yesterday'");
    expect_issue(ctx, "id,frequency_days\nA,-3\n", 2, "frequency_days",
                 "not a whole number of days >= 0: '-3'");
    expect_issue(ctx, "id,frequency_days\nA,2.5\n", 2, "frequency_days",
                 "not a whole number of days >= 0: '2.5'");
    expect_issue(
        ctx, "id,hours\nA,Mo-Fx 09:00-17:00\n", 2, "hours",
        "invalid opening hours 'Mo-Fx 09:00-17:00': unknown weekday 'Fx' (use Mo "
        "Tu We Th Fr Sa Su, Pzt Sal Çar Per Cum Cmt Paz, or Mo Di Mi Do Fr Sa So)");
    expect_issue(ctx, "id,name\nA,x\nB,y\nA,z\n", 4, "id",
                 "duplicate id 'A', first used on line 2");
    saha_ctx_free(ctx);
}

static void test_validation_values(void **state)
{
    static const struct {
        const char *text;
        int want;
    } bools[] = {{"true", 1},  {"TRUE", 1},  {"yes", 1},   {"1", 1},    {"evet", 1},
                 {"EVET", 1},  {"e", 1},     {"false", 0}, {"No", 0},   {"0", 0},
                 {"hayır", 0}, {"HAYIR", 0}, {"h", 0},     {" yes ", 1}};
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set;
    (void)state;
    for (size_t k = 0; k < sizeof bools / sizeof bools[0]; k++) {
        char text[64];
        snprintf(text, sizeof text, "id,must_visit\nA,%s\n", bools[k].text);
        set = parse(ctx, text);
        SAHA_TEST_EQ(saha_account_count(set), 1);
        SAHA_TEST_EQ(saha_account_at(set, 0)->must_visit, bools[k].want);
        saha_account_set_free(set);
    }
    /* probability: 0..1 as is, above 1 a percent, 100 allowed */
    set = parse(ctx, "id,probability\nA,1\nB,100\nC,0\nD,2\n");
    SAHA_TEST_EQ(saha_account_count(set), 4);
    SAHA_TEST_NEAR(saha_account_at(set, 0)->probability, 1, 0);
    SAHA_TEST_NEAR(saha_account_at(set, 1)->probability, 1, 0);
    SAHA_TEST_NEAR(saha_account_at(set, 2)->probability, 0, 0);
    SAHA_TEST_NEAR(saha_account_at(set, 3)->probability, 0.02, 1e-15);
    saha_account_set_free(set);
    /* edges of the ranges are valid */
    set = parse(ctx, "id,lat,lon,visit_minutes\nA,90,180,1440\nB,-90,-180,0.5\n");
    SAHA_TEST_EQ(saha_account_count(set), 2);
    saha_account_set_free(set);
    /* default visit from the options */
    {
        saha_account_load_options o;
        (void)saha_account_load_options_init(&o, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
        o.default_visit_min = 50;
        set = parse_opts(ctx, "t.csv", "id\nA\n", &o);
        SAHA_TEST_NEAR(saha_account_at(set, 0)->visit_min, 50, 0);
        saha_account_set_free(set);
    }
    saha_ctx_free(ctx);
}

static void test_mixed_nothing_lost(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set;
    static const struct {
        size_t line;
        const char *field;
    } want[] = {{3, "lat"}, {5, "hours"}, {6, "id"}, {7, "value"}, {8, ""}};
    (void)state;
    set = load(ctx, DATA("accounts/mixed.csv"));
    SAHA_TEST_EQ(saha_account_rows_read(set), 8);
    SAHA_TEST_EQ(saha_account_count(set), 3);
    SAHA_TEST_EQ(saha_account_rejected_count(set), 5);
    SAHA_TEST_EQ(saha_account_rows_read(set),
                 saha_account_count(set) + saha_account_rejected_count(set));
    SAHA_TEST_EQ(saha_account_missing_coords_count(set), 1);
    SAHA_TEST_EQ(saha_account_issue_count(set), 5);
    for (size_t k = 0; k < 5; k++) {
        SAHA_TEST_EQ(saha_account_issue_at(set, k)->line, want[k].line);
        assert_string_equal(saha_account_issue_at(set, k)->field, want[k].field);
    }
    SAHA_TEST_STR_CONTAINS(saha_account_issue_at(set, 2)->message,
                           "first used on line 2");
    assert_string_equal(saha_account_at(set, 0)->id, "M1");
    assert_string_equal(saha_account_at(set, 1)->id, "M3");
    assert_string_equal(saha_account_at(set, 2)->id, "M8");
    SAHA_TEST_EQ(saha_account_at(set, 2)->line, 9);
    /* the duplicate M1 did not replace the first */
    assert_string_equal(saha_account_at(set, saha_account_find(set, "M1"))->name,
                        "ok one");
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

static void test_strict(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set = NULL;
    saha_account_load_options o;
    (void)saha_account_load_options_init(&o, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    (void)state;
    o.strict = 1;
    assert_int_equal(saha_account_load(&set, ctx, DATA("accounts/mixed.csv"), &o),
                     SAHA_EPARSE);
    assert_null(set);
    assert_string_equal(saha_ctx_last_error(ctx)->source, DATA("accounts/mixed.csv"));
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->line, 3);
    assert_string_equal(saha_ctx_last_error(ctx)->message,
                        "lat: out of range [-90, 90]: '91.2'");
    /* a whole-row problem has no field prefix */
    {
        const char *t = "id,name\nA\n";
        assert_int_equal(saha_account_parse(&set, ctx, "s.csv", t, strlen(t), &o),
                         SAHA_EPARSE);
        assert_string_equal(saha_ctx_last_error(ctx)->message,
                            "row has 1 fields, the header has 2");
    }
    /* strict on a clean file is fine */
    SAHA_TEST_OK(ctx, saha_account_load(&set, ctx, DATA("accounts/basic.csv"), &o));
    SAHA_TEST_EQ(saha_account_count(set), 3);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

/* ---- JSON and GeoJSON
 * ---------------------------------------------------------------------- */

static void test_json(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set;
    const saha_account *a;
    (void)state;
    set = load(ctx, DATA("accounts/accounts.json"));
    SAHA_TEST_EQ(saha_account_issue_count(set), 0);
    SAHA_TEST_EQ(saha_account_count(set), 3);
    a = saha_account_at(set, 0);
    SAHA_TEST_EQ(a->line, 2);
    assert_string_equal(a->id, "J1");
    SAHA_TEST_NEAR(a->lat_deg, 40.195, 1e-12);
    SAHA_TEST_NEAR(a->value, 1000, 0);
    SAHA_TEST_EQ(a->must_visit, 1);
    assert_string_equal(saha_account_get_column(set, 0, "tags"), "[\"a\",\"b\"]");
    a = saha_account_at(set, 1);
    SAHA_TEST_EQ(a->line, 4);
    SAHA_TEST_EQ(a->has_coords, 0); /* null */
    SAHA_TEST_NEAR(a->probability, 0.25, 1e-12);
    a = saha_account_at(set, 2);
    SAHA_TEST_EQ(a->line, 6);
    assert_string_equal(a->id, "3");
    assert_string_equal(saha_account_get_column(set, 2, "extra"), "{\"k\":1}");
    /* absent keys are empty cells */
    assert_string_equal(saha_account_get_column(set, 2, "probability"), "");
    SAHA_TEST_EQ(saha_account_missing_coords_count(set), 1);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

static void test_json_errors(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set = NULL;
    const char *t;
    (void)state;
    /* syntax error: jansson's line and column */
    t = "[\n {\"id\": \"A\"},\n {\"id\": \"B\" \"x\": 1}\n]";
    assert_int_equal(saha_account_parse(&set, ctx, "bad.json", t, strlen(t), NULL),
                     SAHA_EPARSE);
    assert_string_equal(saha_ctx_last_error(ctx)->source, "bad.json");
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->line, 3);
    assert_true(saha_ctx_last_error(ctx)->column > 0);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "invalid JSON");
    /* duplicate keys are refused */
    t = "[{\"id\": \"A\", \"id\": \"B\"}]";
    assert_int_equal(saha_account_parse(&set, ctx, "d.json", t, strlen(t), NULL),
                     SAHA_EPARSE);
    /* not an array / FeatureCollection */
    t = "{\"id\": \"A\"}";
    assert_int_equal(saha_account_parse(&set, ctx, "o.json", t, strlen(t), NULL),
                     SAHA_EPARSE);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(ctx)->message, "expected a JSON array");
    /* no id anywhere */
    t = "[\n\n {\"name\": \"A\"}]";
    assert_int_equal(saha_account_parse(&set, ctx, "n.json", t, strlen(t), NULL),
                     SAHA_EPARSE);
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->line, 3);

    /* row problems: a non-object element, a nested value in a known field, bad values;
     * lines found by the scan (strings with brackets and escapes do not confuse it) */
    t = "[{\"id\": \"A\", \"name\": \"[{\\\"x\\\"\"},\n"
        "  42,\n"
        "  {\"id\": \"C\", \"lat\": [1, 2], \"lon\": 3},\n"
        "  {\"id\": \"D\", \"lat\": 95, \"lon\": 3},\n"
        "  {\"id\": \"E\", \"lat\": \"40,5\", \"lon\": 3}]";
    set = parse_opts(ctx, "rows.json", t, NULL);
    SAHA_TEST_EQ(saha_account_rows_read(set), 5);
    SAHA_TEST_EQ(saha_account_count(set), 1);
    assert_string_equal(saha_account_at(set, 0)->name, "[{\"x\"");
    SAHA_TEST_EQ(saha_account_issue_count(set), 4);
    SAHA_TEST_EQ(saha_account_issue_at(set, 0)->line, 2);
    assert_string_equal(saha_account_issue_at(set, 0)->message,
                        "expected an object, got a number");
    SAHA_TEST_EQ(saha_account_issue_at(set, 1)->line, 3);
    assert_string_equal(saha_account_issue_at(set, 1)->field, "lat");
    assert_string_equal(saha_account_issue_at(set, 1)->message,
                        "expected a string, number, boolean or null, got an array");
    SAHA_TEST_EQ(saha_account_issue_at(set, 2)->line, 4);
    assert_string_equal(saha_account_issue_at(set, 2)->message,
                        "out of range [-90, 90]: '95'");
    SAHA_TEST_EQ(saha_account_issue_at(set, 3)->line, 5);
    assert_string_equal(saha_account_issue_at(set, 3)->message, "not a number: '40,5'");
    saha_account_set_free(set);

    /* an empty array is a valid empty set */
    set = parse_opts(ctx, "e.json", " [ ] ", NULL);
    SAHA_TEST_EQ(saha_account_rows_read(set), 0);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

static void test_geojson(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set;
    const saha_account *a;
    char *out;
    (void)state;
    set = load(ctx, DATA("accounts/accounts.geojson"));
    SAHA_TEST_EQ(saha_account_rows_read(set), 3);
    SAHA_TEST_EQ(saha_account_count(set), 2);
    a = saha_account_at(set, 0);
    assert_string_equal(a->id, "G1");
    SAHA_TEST_EQ(a->line, 3);
    SAHA_TEST_EQ(a->has_coords, 1);
    SAHA_TEST_NEAR(a->lat_deg, 40.195, 1e-12);
    SAHA_TEST_NEAR(a->lon_deg, 29.06, 1e-12);
    SAHA_TEST_NEAR(a->value, 500, 0);
    a = saha_account_at(set, 1);
    assert_string_equal(a->id, "G2");
    SAHA_TEST_EQ(a->line, 6);
    SAHA_TEST_EQ(a->has_coords, 0); /* null geometry: needs geocoding */
    assert_string_equal(a->address, "Bursa");
    SAHA_TEST_EQ(saha_account_missing_coords_count(set), 1);
    SAHA_TEST_EQ(saha_account_issue_count(set), 1);
    SAHA_TEST_EQ(saha_account_issue_at(set, 0)->line, 8);
    assert_string_equal(saha_account_issue_at(set, 0)->field, "geometry");
    assert_string_equal(saha_account_issue_at(set, 0)->message,
                        "expected a Point, got Polygon");
    /* written as CSV: id first, properties, then lat/lon; ',' for JSON input */
    out = write_csv(ctx, set, NULL);
    assert_string_equal(out, "id,name,value,address,lat,lon\n"
                             "G1,Geo One,500,,40.195,29.06\n"
                             "G2,Geo Two,,Bursa,,\n"
                             "G3,Geo Three,,,,\n");
    free(out);
    saha_account_set_free(set);

    /* a FeatureCollection in a .json file is recognised by its content */
    {
        const char *t =
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
            "\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},"
            "\"properties\":{\"kod\":\"K\"}}]}";
        set = parse_opts(ctx, "fc.json", t, NULL);
        SAHA_TEST_EQ(saha_account_count(set), 1);
        assert_string_equal(saha_account_at(set, 0)->id, "K");
        SAHA_TEST_NEAR(saha_account_at(set, 0)->lat_deg, 2, 0);
        SAHA_TEST_EQ(saha_account_at(set, 0)->line, 1);
        saha_account_set_free(set);
    }
    saha_ctx_free(ctx);
}

/* ---- writer
 * --------------------------------------------------------------------------------- */

static void test_write_round_trip(void **state)
{
    /* already in canonical form ('\n' ends, quotes only where needed): written back
     * byte for byte, unknown columns and rejected rows included */
    static const char text[] =
        "id,Name,notes,lat,lon,weird col\n"
        "A,\"Ali \"\"Usta\"\"\",\"two\nlines\",40.1,29.1,\" padded \"\n"
        "B,\"a;b,c\",,,,\n"
        "C,bad,x,99,29,y\n"
        "D,tab\tinside,,,,\n";
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set, *again;
    char *out, *out2;
    saha_account_write_options wo;
    (void)saha_account_write_options_init(&wo, SAHA_ACCOUNT_WRITE_OPTIONS_VERSION);
    (void)state;
    set = parse(ctx, text);
    SAHA_TEST_EQ(saha_account_rejected_count(set), 1);
    out = write_csv(ctx, set, NULL);
    assert_string_equal(out, text);
    /* reading the output again gives the same cells */
    again = parse(ctx, out);
    SAHA_TEST_EQ(saha_account_count(again), saha_account_count(set));
    for (size_t i = 0; i < saha_account_count(set); i++) {
        static const char *const cols[] = {"id",  "Name", "notes",
                                           "lat", "lon",  "weird col"};
        for (size_t c = 0; c < 6; c++)
            assert_string_equal(saha_account_get_column(again, i, cols[c]),
                                saha_account_get_column(set, i, cols[c]));
    }
    saha_account_set_free(again);
    /* without rejected rows */
    wo.include_rejected = 0;
    out2 = write_csv(ctx, set, &wo);
    assert_null(strstr(out2, "C,bad"));
    assert_non_null(strstr(out2, "D,"));
    free(out2);
    /* another delimiter: cells with it get quoted */
    wo.include_rejected = 1;
    wo.delimiter = ';';
    out2 = write_csv(ctx, set, &wo);
    assert_non_null(strstr(out2, "B;\"a;b,c\";;;;\n"));
    free(out2);
    free(out);
    saha_account_set_free(set);

    /* a ';' file is written back with ';'; CRLF input gets '\n' */
    set = parse(ctx, "id;lat;lon\r\nA;40,5;29,5\r\n");
    out = write_csv(ctx, set, NULL);
    assert_string_equal(out, "id;lat;lon\nA;40,5;29,5\n");
    free(out);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

static void test_write_coords_and_extras(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set;
    char *out;
    saha_latlon p = {40.1234567, 29.5};
    saha_latlon bad = {91, 0};
    (void)state;
    set = parse(ctx, "id,lat,lon,note\nA,,,x\nB,1,2,y\nC,oops,2,z\n");
    SAHA_TEST_EQ(saha_account_missing_coords_count(set), 1);
    SAHA_TEST_OK(ctx, saha_account_update_coords(set, 0, p));
    SAHA_TEST_EQ(saha_account_missing_coords_count(set), 0);
    SAHA_TEST_EQ(saha_account_at(set, 0)->has_coords, 1);
    SAHA_TEST_NEAR(saha_account_at(set, 0)->lat_deg, 40.1234567, 0);
    assert_int_equal(saha_account_update_coords(set, 0, bad), SAHA_EINVAL);
    assert_int_equal(saha_account_update_coords(set, 9, p), SAHA_EINVAL);
    SAHA_TEST_OK(ctx, saha_account_update_extra(set, 1, "geocode_status", "input"));
    SAHA_TEST_OK(ctx, saha_account_update_extra(set, 0, "geocode_status", "ok, cached"));
    SAHA_TEST_OK(ctx, saha_account_update_extra(set, 0, "territory", "T1"));
    SAHA_TEST_OK(ctx,
                 saha_account_update_extra(set, 0, "territory", "T2")); /* replaced */
    assert_int_equal(saha_account_update_extra(set, 5, "x", "y"), SAHA_EINVAL);
    assert_string_equal(saha_account_get_column(set, 0, "territory"), "T2");
    assert_string_equal(saha_account_get_column(set, 1, "territory"), "");
    assert_string_equal(saha_account_get_column(set, 0, "lat"), "40.123457");
    out = write_csv(ctx, set, NULL);
    assert_string_equal(out, "id,lat,lon,note,geocode_status,territory\n"
                             "A,40.123457,29.500000,x,\"ok, cached\",T2\n"
                             "B,1,2,y,input,\n"
                             "C,oops,2,z,,\n");
    free(out);
    saha_account_set_free(set);

    /* no lat/lon columns in the input: added when coordinates are set */
    set = parse(ctx, "id,address\nA,Bursa\nB,İzmir\n");
    out = write_csv(ctx, set, NULL);
    assert_string_equal(out, "id,address\nA,Bursa\nB,İzmir\n");
    free(out);
    SAHA_TEST_OK(ctx, saha_account_update_coords(set, 1, p));
    assert_string_equal(saha_account_get_column(set, 1, "lon"), "29.500000");
    assert_string_equal(saha_account_get_column(set, 0, "lat"), "");
    out = write_csv(ctx, set, NULL);
    assert_string_equal(out,
                        "id,address,lat,lon\nA,Bursa,,\nB,İzmir,40.123457,29.500000\n");
    free(out);
    saha_account_set_free(set);

    /* columns the input already has are updated in place, never duplicated (re-running
     * geocode or territory on its own output) */
    set = parse(ctx, "id,Temsilci,geocode_status,value\nA,R1,failed,5\nB,,ok,6\n");
    SAHA_TEST_OK(ctx, saha_account_update_extra(set, 0, "geocode_status", "cached"));
    SAHA_TEST_OK(ctx, saha_account_update_extra(set, 1, "Temsilci", "R2"));
    assert_string_equal(saha_account_at(set, 1)->rep, "R2");
    assert_int_equal(saha_account_update_extra(set, 0, "value", "7"), SAHA_EINVAL);
    out = write_csv(ctx, set, NULL);
    assert_string_equal(out,
                        "id,Temsilci,geocode_status,value\nA,R1,cached,5\nB,R2,ok,6\n");
    free(out);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

/* CSV rows are packed at load (their cells moved together in the input buffer, no
 * per-cell refs: issue #19, 1M rows): quoted cells with doubled quotes and line breaks,
 * empty cells first and last, a ragged row, a last row without a line end; then a
 * packed row whose cell is replaced (twice: it turns into refs, then reuses its slot)
 * keeps its other cells, and its neighbours are untouched. */
static void test_packed_rows(void **state)
{
    static const char text[] = "id,name,note,lat,lon\n"
                               ",\"lead \"\"empty\"\" id\",x,1,2\n"
                               "A,\"Ali, \"\"Usta\"\"\",\"two\nlines\",40.5,29.5\n"
                               "B,,,,\n"
                               "C,short\n"
                               "D,\"q\",,41,30";
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set;
    const saha_account *a;
    saha_latlon p = {41.5, 30.25};
    char *out;
    (void)state;
    set = parse(ctx, text);
    SAHA_TEST_EQ(saha_account_count(set), 3);
    SAHA_TEST_EQ(saha_account_rejected_count(set), 2);
    SAHA_TEST_EQ(saha_account_issue_count(set), 2);
    SAHA_TEST_EQ(saha_account_issue_at(set, 0)->line, 2);
    assert_string_equal(saha_account_issue_at(set, 0)->id, "");
    SAHA_TEST_EQ(saha_account_issue_at(set, 1)->line, 6);
    assert_string_equal(saha_account_issue_at(set, 1)->id, "C");
    a = saha_account_at(set, 0);
    assert_string_equal(a->id, "A");
    assert_string_equal(a->name, "Ali, \"Usta\"");
    assert_string_equal(saha_account_get_column(set, 0, "note"), "two\nlines");
    assert_string_equal(saha_account_get_column(set, 0, "lat"), "40.5");
    assert_string_equal(saha_account_get_column(set, 0, "lon"), "29.5");
    SAHA_TEST_EQ(a->line, 3);
    for (size_t c = 0; c < 5; c++)
        assert_string_equal(
            saha_account_get_column(set, 1, saha_account_column_name(set, c)),
            c == 0 ? "B" : "");
    a = saha_account_at(set, 2);
    assert_string_equal(a->name, "q");
    assert_string_equal(saha_account_get_column(set, 2, "lon"), "30");
    SAHA_TEST_NEAR(a->lon_deg, 30.0, 0);

    SAHA_TEST_OK(ctx, saha_account_update_extra(set, 0, "name", "N1"));
    SAHA_TEST_OK(ctx, saha_account_update_extra(set, 0, "name", "N2"));
    assert_string_equal(saha_account_at(set, 0)->name, "N2");
    assert_string_equal(saha_account_get_column(set, 0, "name"), "N2");
    assert_string_equal(saha_account_get_column(set, 0, "note"), "two\nlines");
    assert_string_equal(saha_account_get_column(set, 0, "lat"), "40.5");
    assert_string_equal(saha_account_get_column(set, 1, "id"), "B");
    SAHA_TEST_OK(ctx, saha_account_update_coords(set, 2, p));
    assert_string_equal(saha_account_get_column(set, 2, "name"), "q");
    out = write_csv(ctx, set, NULL);
    assert_string_equal(out, "id,name,note,lat,lon\n"
                             ",\"lead \"\"empty\"\" id\",x,1,2\n"
                             "A,N2,\"two\nlines\",40.5,29.5\n"
                             "B,,,,\n"
                             "C,short\n"
                             "D,q,,41.500000,30.250000\n");
    free(out);
    saha_account_set_free(set);

    /* no account -> row index is kept: JSON elements on one line (a rejected one between)
     * are told apart by their id cell, for updates and for the writer */
    set = parse_opts(ctx, "t.json",
                     "[{\"id\":\"A\",\"name\":\"x\"},{\"id\":\"\",\"name\":\"w\"},"
                     "{\"id\":\"B\",\"name\":\"y\"}]",
                     NULL);
    SAHA_TEST_EQ(saha_account_count(set), 2);
    SAHA_TEST_EQ(saha_account_rejected_count(set), 1);
    SAHA_TEST_OK(ctx, saha_account_update_extra(set, 1, "name", "z"));
    SAHA_TEST_OK(ctx, saha_account_update_extra(set, 0, "tag", "t0"));
    assert_string_equal(saha_account_get_column(set, 0, "name"), "x");
    assert_string_equal(saha_account_get_column(set, 1, "name"), "z");
    assert_string_equal(saha_account_get_column(set, 1, "tag"), "");
    out = write_csv(ctx, set, NULL);
    assert_string_equal(out, "id,name,tag\nA,x,t0\n,w,\nB,z,\n");
    free(out);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

/* The id index (tagged slots, sized once at load 0.7): every id of a 20,000-row list is
 * found at its own index, an absent id is not, and a duplicate far down names the line of
 * the first use. */
static void test_id_index(void **state)
{
    enum { N = 20000 };
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set;
    char *text = malloc((size_t)N * 16 + 64), id[16];
    size_t o = 0;
    (void)state;
    assert_non_null(text);
    o += (size_t)snprintf(text + o, 16, "id\n");
    for (int i = 0; i < N; i++)
        o += (size_t)snprintf(text + o, 16, "K%d\n", i);
    snprintf(text + o, 16, "K17\n");
    set = parse(ctx, text);
    SAHA_TEST_EQ(saha_account_count(set), N);
    SAHA_TEST_EQ(saha_account_rejected_count(set), 1);
    assert_string_equal(saha_account_issue_at(set, 0)->message,
                        "duplicate id 'K17', first used on line 19");
    for (int i = 0; i < N; i++) {
        snprintf(id, sizeof id, "K%d", i);
        SAHA_TEST_EQ(saha_account_find(set, id), (size_t)i);
    }
    SAHA_TEST_EQ(saha_account_find(set, "K20000"), SIZE_MAX);
    SAHA_TEST_EQ(saha_account_find(set, ""), SIZE_MAX);
    saha_account_set_free(set);
    free(text);
    saha_ctx_free(ctx);
}

static void test_write_io_error(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set;
    FILE *f;
    (void)state;
    set = parse(ctx, "id\nA\n");
    f = fopen("/dev/full", "w");
    if (f) {
        assert_int_equal(saha_account_write_csv(f, ctx, set, NULL), SAHA_EIO);
        fclose(f);
    }
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

/* ---- CRS
 * --------------------------------------------------------------------------------- */

static void test_crs(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_geo *geo = NULL;
    saha_account_set *set = NULL;
    saha_account_load_options o;
    char *out;
    (void)saha_account_load_options_init(&o, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    /* Web Mercator of (lat 40, lon 29): x = R * lon_rad, y = R * ln(tan(pi/4 + lat/2)) */
    const double r = 6378137.0, pi = 3.14159265358979323846;
    double x = r * 29.0 * pi / 180.0, y = r * log(tan(pi / 4 + 40.0 * pi / 360.0));
    char text[256];
    (void)state;
    SAHA_TEST_OK(ctx, saha_geo_create(&geo, ctx));
    snprintf(text, sizeof text, "id,x,y\nA,%.3f,%.3f\nB,,\n", x, y);
    o.geo = geo;
    o.crs = "EPSG:3857";
    set = parse_opts(ctx, "m.csv", text, &o);
    SAHA_TEST_EQ(saha_account_rows_read(set), 2);
    SAHA_TEST_NEAR(saha_account_at(set, 0)->lat_deg, 40.0, 1e-6);
    SAHA_TEST_NEAR(saha_account_at(set, 0)->lon_deg, 29.0, 1e-6);
    SAHA_TEST_EQ(saha_account_at(set, 1)->has_coords, 0);
    /* written back as WGS84 degrees */
    out = write_csv(ctx, set, NULL);
    SAHA_TEST_STR_CONTAINS(out, "A,29.000000,40.000000\n");
    free(out);
    saha_account_set_free(set);
    /* no geo handle: a caller mistake */
    o.geo = NULL;
    assert_int_equal(saha_account_parse(&set, ctx, "m.csv", text, strlen(text), &o),
                     SAHA_EINVAL);
    /* "EPSG:4326" is WGS84: no transform, no geo needed */
    o.crs = "epsg:4326";
    set = parse_opts(ctx, "w.csv", "id,lat,lon\nA,40,29\n", &o);
    SAHA_TEST_NEAR(saha_account_at(set, 0)->lat_deg, 40, 0);
    saha_account_set_free(set);
    saha_geo_free(geo);
    saha_ctx_free(ctx);
}

static void test_misc_api(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    saha_account_set *set = NULL;
    saha_account_load_options o;
    const char *t;
    (void)saha_account_load_options_init(&o, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    (void)state;
    /* delimiter accessor */
    set = parse(ctx, "id;name\nA;x\n");
    assert_int_equal(saha_account_delimiter(set), ';');
    saha_account_set_free(set);
    set = parse_opts(ctx, "j.json", "[{\"id\": \"A\"}]", NULL);
    assert_int_equal(saha_account_delimiter(set), ',');
    saha_account_set_free(set);
    /* strict JSON: the object's line and the field */
    o.strict = 1;
    t = "[{\"id\": \"A\"},\n\n {\"id\": \"B\", \"value\": -1}]";
    assert_int_equal(saha_account_parse(&set, ctx, "s.json", t, strlen(t), &o),
                     SAHA_EPARSE);
    assert_null(set);
    SAHA_TEST_EQ(saha_ctx_last_error(ctx)->line, 3);
    assert_string_equal(saha_ctx_last_error(ctx)->message, "value: negative: '-1'");
    /* GeoJSON: a null geometry keeps coordinates from the properties; a property id wins
     * over the Feature id; the "features" word elsewhere does not confuse the line scan
     */
    t = "{\"type\": \"FeatureCollection\", \"name\": \"features\",\n"
        " \"features\": [\n"
        "  {\"type\": \"Feature\", \"id\": 9, \"geometry\": null,\n"
        "   \"properties\": {\"code\": \"P1\", \"lat\": 40.5, \"lon\": 29.5}},\n"
        "  {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": "
        "[1]},\n"
        "   \"properties\": {\"code\": \"P2\"}},\n"
        "  {\"type\": \"Thing\", \"properties\": {\"code\": \"P3\"}}]}";
    set = parse_opts(ctx, "p.geojson", t, NULL);
    SAHA_TEST_EQ(saha_account_count(set), 1);
    assert_string_equal(saha_account_at(set, 0)->id, "P1");
    SAHA_TEST_EQ(saha_account_at(set, 0)->line, 3);
    SAHA_TEST_NEAR(saha_account_at(set, 0)->lat_deg, 40.5, 0);
    SAHA_TEST_EQ(saha_account_issue_count(set), 2);
    SAHA_TEST_EQ(saha_account_issue_at(set, 0)->line, 5);
    assert_string_equal(saha_account_issue_at(set, 0)->message,
                        "Point coordinates must be [lon, lat] numbers");
    SAHA_TEST_EQ(saha_account_issue_at(set, 1)->line, 7);
    SAHA_TEST_STR_CONTAINS(saha_account_issue_at(set, 1)->message,
                           "expected a GeoJSON Feature");
    saha_account_set_free(set);
    /* the id rule is per feature: a Feature-level id counts for its feature even when
     * other features carry properties.id */
    t = "{\"type\": \"FeatureCollection\", \"features\": [\n"
        "  {\"type\": \"Feature\", \"properties\": {\"id\": \"P1\"},\n"
        "   \"geometry\": {\"type\": \"Point\", \"coordinates\": [29, 40]}},\n"
        "  {\"type\": \"Feature\", \"id\": \"F2\", \"properties\": {\"name\": \"b\"},\n"
        "   \"geometry\": {\"type\": \"Point\", \"coordinates\": [29.1, 40.1]}},\n"
        "  {\"type\": \"Feature\", \"id\": 7, \"properties\": {\"id\": \"P3\"},\n"
        "   \"geometry\": {\"type\": \"Point\", \"coordinates\": [29.2, 40.2]}}]}";
    set = parse_opts(ctx, "m.geojson", t, NULL);
    SAHA_TEST_EQ(saha_account_count(set), 3);
    SAHA_TEST_EQ(saha_account_issue_count(set), 0);
    assert_string_equal(saha_account_at(set, 0)->id, "P1");
    assert_string_equal(saha_account_at(set, 1)->id, "F2");
    assert_string_equal(saha_account_at(set, 2)->id, "P3");
    saha_account_set_free(set);
    /* caller mistakes */
    assert_int_equal(saha_account_parse(NULL, ctx, "x", "id\n", 3, NULL), SAHA_EINVAL);
    assert_int_equal(saha_account_load(&set, ctx, NULL, NULL), SAHA_EINVAL);
    assert_int_equal(saha_account_write_csv(stdout, ctx, NULL, NULL), SAHA_EINVAL);
    SAHA_TEST_EQ(saha_account_count(NULL), 0);
    assert_null(saha_account_issue_at(NULL, 0));
    saha_account_set_free(NULL);
    /* a source name is always set */
    SAHA_TEST_OK(ctx, saha_account_parse(&set, ctx, NULL, "id\nA\n", 5, NULL));
    assert_string_equal(saha_account_source(set), "<input>");
    saha_account_set_free(set);
    saha_ctx_free(ctx);
}

/* ---- failure injection
 * -------------------------------------------------------------------- */

static void inject(const char *path)
{
    size_t n, successes = 0;
    for (n = 0; n < 100000; n++) {
        saha_test_alloc a = {n, 0, 0};
        saha_allocator al;
        saha_ctx *ctx = saha_test_ctx_failing(&a, &al);
        saha_account_set *set = NULL;
        saha_status rc;
        if (!ctx) { /* the context itself was the failing allocation */
            assert_int_equal(a.live, 0);
            continue;
        }
        rc = saha_account_load(&set, ctx, path, NULL);
        if (rc == SAHA_OK) {
            char *out;
            assert_true(saha_account_count(set) > 0);
            /* the mutators fail cleanly too */
            if (saha_account_update_extra(set, 0, "territory", "T1") == SAHA_OK &&
                saha_account_update_coords(set, 0, (saha_latlon){1, 2}) == SAHA_OK) {
                /* the writer's buffer may be the failing allocation */
                FILE *f = tmpfile();
                size_t len;
                assert_non_null(f);
                rc = saha_account_write_csv(f, ctx, set, NULL);
                if (rc == SAHA_OK) {
                    out = read_all(f, &len);
                    assert_true(len > 0);
                    free(out);
                    successes++;
                } else {
                    assert_int_equal(rc, SAHA_ENOMEM);
                }
                fclose(f);
            } else {
                assert_int_equal(saha_ctx_last_error(ctx)->code, SAHA_ENOMEM);
            }
        } else {
            if (rc != SAHA_ENOMEM)
                print_error("%s: fail_at %zu: %s\n", path, n,
                            saha_ctx_last_error(ctx)->message);
            assert_int_equal(rc, SAHA_ENOMEM);
            assert_null(set);
        }
        saha_account_set_free(set);
        saha_ctx_free(ctx);
        assert_int_equal(a.live, 0);
        if (successes)
            break;
    }
    assert_int_equal(successes, 1);
}

static void test_failure_injection(void **state)
{
    (void)state;
    inject(DATA("accounts/basic.csv"));
    inject(DATA("accounts/mixed.csv"));
    inject(DATA("accounts/turkish.csv"));
    inject(DATA("accounts/accounts.json"));
    inject(DATA("accounts/accounts.geojson"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_basic),
        cmocka_unit_test(test_hours_interned),
        cmocka_unit_test(test_csv_crlf),
        cmocka_unit_test(test_csv_phone_notes),
        cmocka_unit_test(test_csv_bom_semicolon_decimal_comma),
        cmocka_unit_test(test_csv_turkish_headers),
        cmocka_unit_test(test_csv_aliases),
        cmocka_unit_test(test_csv_structure_errors),
        cmocka_unit_test(test_csv_row_problems),
        cmocka_unit_test(test_csv_duplicate_header),
        cmocka_unit_test(test_validation_messages),
        cmocka_unit_test(test_validation_values),
        cmocka_unit_test(test_mixed_nothing_lost),
        cmocka_unit_test(test_strict),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_geojson),
        cmocka_unit_test(test_write_round_trip),
        cmocka_unit_test(test_write_coords_and_extras),
        cmocka_unit_test(test_packed_rows),
        cmocka_unit_test(test_id_index),
        cmocka_unit_test(test_write_io_error),
        cmocka_unit_test(test_crs),
        cmocka_unit_test(test_misc_api),
        cmocka_unit_test(test_failure_injection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
