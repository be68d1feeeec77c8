/* Tests for the export writers (src/export*.c) and the SVG map (src/svgmap.c): escaping
 * (XML, CSV, JSON, iCalendar), iCalendar folding at 75 octets with multi-byte text, GPX
 * structure and gpx_max_points splitting, CSV columns and the CSV formula guard, GeoJSON
 * order, HTML content, determinism, write errors (read-only stream, closed pipe) and
 * allocation failures. The itineraries are built by hand over
 * tests/data/export/accounts.csv (test_csv_guard: over its own hostile accounts). */
#include "saha_test.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "internal/export.h"
#include "internal/svgmap.h"

/* ---- fixtures -------------------------------------------------------------------- */

typedef struct fixture {
    saha_ctx *ctx;
    saha_account_set *acc;
    size_t a1, a2, a3, a4, a5;
} fixture;

static int fixture_setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    char *data = NULL;
    size_t len = 0;
    saha_account_load_options lo;
    (void)saha_account_load_options_init(&lo, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    if (!fx)
        return -1;
    fx->ctx = saha_test_ctx();
    if (!fx->ctx || saha__read_file(fx->ctx, DATA("export/accounts.csv"), 1 << 20, &data,
                                    &len) != SAHA_OK)
        return -1;
    if (saha_account_parse(&fx->acc, fx->ctx, "accounts.csv", data, len, &lo) !=
        SAHA_OK) {
        saha__free(fx->ctx, data);
        return -1;
    }
    saha__free(fx->ctx, data);
    fx->a1 = saha_account_find(fx->acc, "A1");
    fx->a2 = saha_account_find(fx->acc, "A2");
    fx->a3 = saha_account_find(fx->acc, "A3");
    fx->a4 = saha_account_find(fx->acc, "A4");
    fx->a5 = saha_account_find(fx->acc, "A5");
    if (fx->a5 == SIZE_MAX || saha_account_count(fx->acc) != 5)
        return -1;
    *state = fx;
    return 0;
}

static int fixture_teardown(void **state)
{
    fixture *fx = *state;
    saha_account_set_free(fx->acc);
    saha_ctx_free(fx->ctx);
    free(fx);
    return 0;
}

#define HOME_LAT 40.195
#define HOME_LON 29.060

/* Mon 30 Nov 2026: A1, A2 (waits 10 min), A3; Tue 1 Dec: no visits; Wed 2 Dec: A1.
 * Skipped: A4 closed, A5 no coordinates. Everything lives in `storage`. */
typedef struct test_plan {
    saha_plan_stop mon[3], wed[1];
    saha_plan_day days[3];
    saha_plan_skip skipped[2];
    saha_itinerary it;
} test_plan;

static void make_plan(test_plan *p, const fixture *fx)
{
    saha_latlon home = {HOME_LAT, HOME_LON};
    memset(p, 0, sizeof *p);
    p->mon[0] = (saha_plan_stop){fx->a1,
                                 9 * 3600 + 40 * 60,
                                 9 * 3600 + 40 * 60,
                                 10 * 3600 + 10 * 60,
                                 1234.0,
                                 600.0,
                                 1200.0,
                                 0,
                                 0,
                                 0,
                                 NULL,
                                 0,
                                 NULL};
    p->mon[1] = (saha_plan_stop){fx->a2,
                                 10 * 3600 + 35 * 60,
                                 10 * 3600 + 45 * 60,
                                 11 * 3600 + 15 * 60,
                                 2100.0,
                                 900.0,
                                 800.0,
                                 1,
                                 0,
                                 0,
                                 NULL,
                                 0,
                                 NULL};
    p->mon[2] = (saha_plan_stop){fx->a3,
                                 11 * 3600 + 50 * 60,
                                 11 * 3600 + 50 * 60,
                                 12 * 3600 + 20 * 60,
                                 5000.0,
                                 1500.0,
                                 450.5,
                                 0,
                                 0,
                                 0,
                                 NULL,
                                 0,
                                 NULL};
    p->wed[0] = (saha_plan_stop){
        fx->a1, 9 * 3600, 9 * 3600, 9 * 3600 + 1800, 1234.0, 600.0, 1200.0, 0, 0, 0,
        NULL,   0,        NULL};
    p->days[0] = (saha_plan_day){{2026, 11, 30, 0, 0},
                                 0,
                                 home,
                                 home,
                                 9 * 3600 + 30 * 60,
                                 13 * 3600,
                                 12 * 3600 + 20 * 60,
                                 45 * 60,
                                 3,
                                 4000.0,
                                 600.0,
                                 3,
                                 p->mon,
                                 12334.0,
                                 3600.0,
                                 2450.5,
                                 SIZE_MAX,
                                 SIZE_MAX,
                                 0,
                                 4 * 60}; /* lunch on the way home */
    p->days[1] = (saha_plan_day){{2026, 12, 1, 0, 0},
                                 1,
                                 home,
                                 home,
                                 8 * 3600 + 30 * 60,
                                 8 * 3600 + 30 * 60,
                                 -1,
                                 0,
                                 0,
                                 0.0,
                                 0.0,
                                 0,
                                 NULL,
                                 0.0,
                                 0.0,
                                 0.0,
                                 SIZE_MAX,
                                 SIZE_MAX,
                                 0,
                                 0};
    p->days[2] = (saha_plan_day){{2026, 12, 2, 0, 0},
                                 2,
                                 home,
                                 home,
                                 8 * 3600 + 50 * 60,
                                 9 * 3600 + 40 * 60,
                                 -1,
                                 0,
                                 0,
                                 1234.0,
                                 600.0,
                                 1,
                                 p->wed,
                                 2468.0,
                                 1200.0,
                                 1200.0,
                                 SIZE_MAX,
                                 SIZE_MAX,
                                 0,
                                 0};
    p->skipped[0] = (saha_plan_skip){
        fx->a4, SAHA_SKIP_CLOSED, "closed Mo-Fr (opens Sa 10:00-13:00)", 300.0, {0}};
    p->skipped[1] =
        (saha_plan_skip){fx->a5, SAHA_SKIP_NO_COORDS, "missing coordinates", 100.0, {0}};
    p->it.rep_name = "Ayşe Demir";
    p->it.timezone = "Europe/Istanbul";
    p->it.currency = "EUR";
    p->it.home = home;
    p->it.ndays = 3;
    p->it.days = p->days;
    p->it.nskipped = 2;
    p->it.skipped = p->skipped;
    p->it.value_won = 3650.5;
    p->it.value_left = 400.0;
    p->it.legs = 6;
    p->it.legs_estimated = 1; /* mon[1]'s leg */
    p->it.drive_m = 14802.0;
    p->it.drive_s = 4800.0;
    p->it.work_s = 3.5 * 3600 + 50 * 60;
    p->it.travel_cost = 57.0;
}

typedef saha_status (*writer_fn)(FILE *, saha_ctx *, const saha_itinerary *,
                                 const saha_account_set *, const saha_export_options *);

/* Runs a writer into memory; returns a malloc'ed NUL-terminated copy (NULL on error). */
static char *run_writer(writer_fn fn, saha_ctx *ctx, const saha_itinerary *it,
                        const saha_account_set *acc, const saha_export_options *o,
                        saha_status *rc_out)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    saha_status rc;
    if (!f)
        return NULL;
    rc = fn(f, ctx, it, acc, o);
    fclose(f);
    if (rc_out)
        *rc_out = rc;
    if (rc != SAHA_OK) {
        const saha_error *e = saha_ctx_last_error(ctx);
        if (!rc_out)
            print_error("writer failed: %s: %s\n", saha_status_name(rc), e->message);
        free(buf);
        return NULL;
    }
    return buf;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + k, needle))
        n++;
    return n;
}

static char *esc(saha_status (*fn)(saha__buf *, const char *), const char *in)
{
    saha_ctx *ctx = saha_test_ctx();
    saha__buf b;
    char *out;
    saha__buf_init(&b, ctx, SAHA__BUF_NOLIMIT);
    assert_int_equal(fn(&b, in), SAHA_OK);
    out = strdup(b.data ? b.data : "");
    saha__buf_free(&b);
    saha_ctx_free(ctx);
    return out;
}

#define ASSERT_ESC(fn, in, want)                                                         \
    do {                                                                                 \
        char *got_ = esc(fn, in);                                                        \
        assert_string_equal(got_, want);                                                 \
        free(got_);                                                                      \
    } while (0)

/* ---- escaping -------------------------------------------------------------------- */

static void test_xml_escape(void **state)
{
    (void)state;
    ASSERT_ESC(saha_export__xml, "Çınar & Şeker <Gıda> \"x\" 'y'",
               "Çınar &amp; Şeker &lt;Gıda&gt; &quot;x&quot; &#39;y&#39;");
    /* C0 controls other than tab/LF/CR are not XML characters: dropped */
    ASSERT_ESC(saha_export__xml,
               "a\x01"
               "b\x1f"
               "c\td\ne\rf",
               "abc&#9;d&#10;e&#13;f");
    /* invalid UTF-8 (a lone Latin-1 byte, an overlong '/', a surrogate) -> U+FFFD */
    ASSERT_ESC(saha_export__xml, "caf\xe9", "caf\xEF\xBF\xBD");
    ASSERT_ESC(saha_export__xml, "\xc0\xaf", "\xEF\xBF\xBD\xEF\xBF\xBD");
    ASSERT_ESC(saha_export__xml, "\xed\xa0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    ASSERT_ESC(saha_export__xml, NULL, "");
    ASSERT_ESC(saha_export__xml, "]]>", "]]&gt;");
}

static void test_csv_escape(void **state)
{
    (void)state;
    ASSERT_ESC(saha_export__csv, "plain", "plain");
    ASSERT_ESC(saha_export__csv, "", "");
    ASSERT_ESC(saha_export__csv, "Acme, Ltd", "\"Acme, Ltd\"");
    ASSERT_ESC(saha_export__csv, "say \"hi\"", "\"say \"\"hi\"\"\"");
    ASSERT_ESC(saha_export__csv, "two\nlines", "\"two\nlines\"");
    ASSERT_ESC(saha_export__csv, "cr\rhere", "\"cr\rhere\"");
    ASSERT_ESC(saha_export__csv, " padded ", "\" padded \"");
    ASSERT_ESC(saha_export__csv, "Şeker;Gıda", "Şeker;Gıda");
    ASSERT_ESC(saha_export__csv, "bad\xff", "bad\xEF\xBF\xBD");
}

static saha_status csv_guarded(saha__buf *b, const char *s)
{
    return saha_export__csv_text(b, s, 1);
}

static saha_status csv_unguarded(saha__buf *b, const char *s)
{
    return saha_export__csv_text(b, s, 0);
}

/* The formula guard (OWASP "CSV Injection"): an apostrophe before a leading = + - @
 * TAB CR, then the usual RFC 4180 quoting of the field as written. */
static void test_csv_formula_guard_escape(void **state)
{
    (void)state;
    ASSERT_ESC(csv_guarded, "=1+1", "'=1+1");
    ASSERT_ESC(csv_guarded, "+90 224 000 0001", "'+90 224 000 0001");
    ASSERT_ESC(csv_guarded, "-5", "'-5");
    ASSERT_ESC(csv_guarded, "@SUM(A1)", "'@SUM(A1)");
    ASSERT_ESC(csv_guarded, "=HYPERLINK(\"http://x\",\"y\")",
               "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    ASSERT_ESC(csv_guarded, "=A1,B1", "\"'=A1,B1\"");
    /* TAB/CR: spreadsheets skip them and read what follows; the apostrophe is now the
     * first byte, CR still forces quotes */
    ASSERT_ESC(csv_guarded, "\t=1+1", "'\t=1+1");
    ASSERT_ESC(csv_guarded, "\r=1+1", "\"'\r=1+1\"");
    /* only the first byte counts; other text is as saha_export__csv writes it */
    ASSERT_ESC(csv_guarded, "a=b-c", "a=b-c");
    ASSERT_ESC(csv_guarded, " =1", "\" =1\"");
    ASSERT_ESC(csv_guarded, "'=1", "'=1");
    ASSERT_ESC(csv_guarded, "Acme, Ltd", "\"Acme, Ltd\"");
    ASSERT_ESC(csv_guarded, "", "");
    ASSERT_ESC(csv_guarded, NULL, "");
    ASSERT_ESC(csv_guarded, "-bad\xff", "'-bad\xEF\xBF\xBD");
    /* guard off: exactly saha_export__csv */
    ASSERT_ESC(csv_unguarded, "=1+1", "=1+1");
    ASSERT_ESC(csv_unguarded, "=HYPERLINK(\"http://x\",\"y\")",
               "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    ASSERT_ESC(csv_unguarded, "\t=1", "\"\t=1\"");
    assert_int_equal(saha_export__csv_formula_start("-3.7"), 1);
    assert_int_equal(saha_export__csv_formula_start("3.7"), 0);
    assert_int_equal(saha_export__csv_formula_start(""), 0);
    assert_int_equal(saha_export__csv_formula_start(NULL), 0);
}

static void test_json_escape(void **state)
{
    (void)state;
    ASSERT_ESC(saha_export__json, "a\"b\\c\nd\x01", "\"a\\\"b\\\\c\\nd\\u0001\"");
    ASSERT_ESC(saha_export__json, "İnönü", "\"İnönü\"");
    ASSERT_ESC(saha_export__json, NULL, "\"\"");
}

static void test_ics_escape(void **state)
{
    (void)state;
    ASSERT_ESC(saha_export__ics_text, "a,b;c\\d\ne", "a\\,b\\;c\\\\d\\ne");
    ASSERT_ESC(saha_export__ics_text, "cr\r\nlf", "cr\\nlf");
    ASSERT_ESC(saha_export__ics_text, "tab\there\x02", "tab\there");
    ASSERT_ESC(saha_export__ics_text, "Ayşe: 10:00", "Ayşe: 10:00");
}

/* Checks a folded iCalendar text: every physical line <= 75 octets, ends in CRLF,
 * continuations start with one space, no line starts inside a UTF-8 sequence, and
 * unfolding gives back `want`. */
static void check_folded(const char *folded, const char *want)
{
    char *unfolded = calloc(1, strlen(folded) + 1);
    size_t u = 0, nlines = 0;
    const char *p = folded;
    assert_non_null(unfolded);
    while (*p) {
        const char *eol = strstr(p, "\r\n");
        size_t len;
        assert_non_null(eol);
        len = (size_t)(eol - p);
        assert_true(len <= 75);
        assert_null(memchr(p, '\n', len));
        if (nlines > 0) {
            assert_int_equal(p[0], ' ');
            p++;
            len--;
        }
        /* the first byte of a line segment is never a UTF-8 continuation byte */
        if (len > 0)
            assert_true(((unsigned char)p[0] & 0xC0) != 0x80);
        /* and the segment is valid UTF-8 on its own */
        assert_true(saha__utf8_valid(p, len));
        memcpy(unfolded + u, p, len);
        u += len;
        p = eol + 2;
        nlines++;
    }
    unfolded[u] = '\0';
    assert_string_equal(unfolded, want);
    free(unfolded);
}

static char *fold(const char *line)
{
    saha_ctx *ctx = saha_test_ctx();
    saha__buf b;
    char *out;
    saha__buf_init(&b, ctx, SAHA__BUF_NOLIMIT);
    assert_int_equal(saha_export__ics_line(&b, line, strlen(line)), SAHA_OK);
    out = strdup(b.data);
    saha__buf_free(&b);
    saha_ctx_free(ctx);
    return out;
}

static void test_ics_folding(void **state)
{
    char line[1024], *out;
    (void)state;
    /* exactly 75 octets: not folded; 76: folded once */
    memset(line, 'x', 75);
    line[75] = '\0';
    out = fold(line);
    assert_int_equal(count(out, "\r\n"), 1);
    check_folded(out, line);
    free(out);
    line[75] = 'y';
    line[76] = '\0';
    out = fold(line);
    assert_int_equal(count(out, "\r\n"), 2);
    assert_string_equal(out + 75, "\r\n y\r\n");
    check_folded(out, line);
    free(out);
    /* 2-, 3- and 4-byte characters at every alignment around the fold points */
    for (size_t shift = 0; shift < 4; shift++) {
        size_t n = 0;
        memcpy(line, "DESCRIPTION:", 12);
        n = 12;
        memset(line + n, 'a', shift);
        n += shift;
        for (int k = 0; k < 30; k++) {
            static const char *const chars[] = {"Ş", "€", "\xF0\x9F\x9A\x97" /* car */,
                                                "ı"};
            size_t cl = strlen(chars[k % 4]);
            memcpy(line + n, chars[k % 4], cl);
            n += cl;
        }
        line[n] = '\0';
        out = fold(line);
        assert_true(count(out, "\r\n") >= 2);
        check_folded(out, line);
        free(out);
    }
}

/* ---- writers --------------------------------------------------------------------- */

static void test_gpx(void **state)
{
    fixture *fx = *state;
    test_plan p;
    saha_export_options o;
    char *gpx;
    const char *rte;
    (void)saha_export_options_init(&o, SAHA_EXPORT_OPTIONS_VERSION);
    make_plan(&p, fx);
    o.utc_offset_min = 180; /* the fixture rep works in Istanbul (UTC+03:00) */

    gpx = run_writer(saha_export_gpx, fx->ctx, &p.it, fx->acc, &o, NULL);
    assert_non_null(gpx);
    /* one wpt per stop, one route per day with visits, home first and last */
    assert_int_equal(count(gpx, "<wpt "), 4);
    assert_int_equal(count(gpx, "<rte>"), 2);
    assert_int_equal(count(gpx, "<rtept "), 3 + 2 + 1 + 2);
    assert_int_equal(count(gpx, "<name>Home</name>"), 4);
    SAHA_TEST_STR_CONTAINS(gpx, "<name>Mon 30 Nov \xE2\x80\x94 3 visits, 12 km</name>");
    SAHA_TEST_STR_CONTAINS(gpx, "<name>Wed 2 Dec \xE2\x80\x94 1 visit, 2 km</name>");
    SAHA_TEST_STR_CONTAINS(gpx, "<number>3</number>");
    rte = strstr(gpx, "<rte>");
    assert_non_null(rte);
    /* the first route point is home */
    SAHA_TEST_STR_CONTAINS(rte, "<rtept lat=\"40.195000\" lon=\"29.060000\">");
    assert_true(strstr(rte, "<rtept lat=\"40.195000\"") <
                strstr(rte, "<name>01 Acme, Ltd"));
    SAHA_TEST_STR_CONTAINS(gpx, "<name>02 Çınar &amp; Şeker &lt;Gıda&gt;</name>");
    SAHA_TEST_STR_CONTAINS(gpx, "<cmt>ETA 09:40, 30 min</cmt>");
    SAHA_TEST_STR_CONTAINS(gpx, "<saha:eta>10:35</saha:eta>");
    SAHA_TEST_STR_CONTAINS(gpx, "window 09:00-17:00");
    SAHA_TEST_STR_CONTAINS(gpx, "<bounds minlat=\"40.190000\" minlon=\"29.050000\" "
                                "maxlat=\"40.210000\" maxlon=\"29.100000\"/>");
    /* no <time> unless asked (metadata time only with `generated`) */
    assert_null(strstr(gpx, "<time>"));
    /* metadata comes before the first wpt, wpts before the first rte (schema order) */
    assert_true(strstr(gpx, "</metadata>") < strstr(gpx, "<wpt "));
    assert_true(strstr(gpx, "</wpt>\n  <rte>") != NULL);
    free(gpx);

    o.gpx_times = 1;
    o.generated = "2026-11-26T20:00:00Z";
    gpx = run_writer(saha_export_gpx, fx->ctx, &p.it, fx->acc, &o, NULL);
    assert_non_null(gpx);
    /* 09:40 at UTC+03:00 is 06:40Z */
    SAHA_TEST_STR_CONTAINS(gpx, "<time>2026-11-30T06:40:00Z</time>");
    SAHA_TEST_STR_CONTAINS(gpx, "<time>2026-11-26T20:00:00Z</time>");
    /* <time> precedes <name> inside wpt (schema order) */
    SAHA_TEST_STR_CONTAINS(gpx, "<time>2026-11-30T06:40:00Z</time>\n    <name>01 Acme");
    free(gpx);
    o.generated = "2026-11-26 20:00:00"; /* not xsd:dateTime */
    assert_null(
        run_writer(saha_export_gpx, fx->ctx, &p.it, fx->acc, &o, &(saha_status){0}));
    SAHA_TEST_EQ(saha_ctx_last_error(fx->ctx)->code, SAHA_EINVAL);
}

/* Splits "<rte>" blocks and checks gpx_max_points: every route has <= max points,
 * consecutive parts share their joining point, and all stops appear in order. */
static void test_gpx_max_points(void **state)
{
    fixture *fx = *state;
    test_plan p;
    saha_plan_stop six[6];
    saha_export_options o;
    saha_status rc;
    char *gpx;
    (void)saha_export_options_init(&o, SAHA_EXPORT_OPTIONS_VERSION);
    make_plan(&p, fx);
    /* Monday with 6 stops: 8 points with home at both ends */
    for (size_t i = 0; i < 6; i++) {
        six[i] = p.mon[i % 3];
        six[i].arrive_s = six[i].start_s = (int32_t)(9 * 3600 + 3600 * i);
        six[i].depart_s = six[i].start_s + 1800;
    }
    p.days[0].stops = six;
    p.days[0].nstops = 6;
    p.days[2].nstops = 0;

    for (size_t maxp = 2; maxp <= 9; maxp++) {
        const char *r;
        size_t parts = 0, total = 0;
        char prev_last[64] = "";
        o.gpx_max_points = maxp;
        gpx = run_writer(saha_export_gpx, fx->ctx, &p.it, fx->acc, &o, NULL);
        assert_non_null(gpx);
        for (r = strstr(gpx, "<rte>"); r; r = strstr(r + 1, "<rte>")) {
            const char *end = strstr(r, "</rte>");
            const char *q, *first = NULL, *last = NULL;
            size_t n = 0;
            for (q = strstr(r, "<rtept "); q && q < end; q = strstr(q + 1, "<rtept ")) {
                if (!first)
                    first = q;
                last = q;
                n++;
            }
            assert_true(n >= 2 && n <= maxp);
            /* the part starts where the previous one ended */
            if (prev_last[0])
                assert_memory_equal(first, prev_last, strlen(prev_last));
            snprintf(prev_last, sizeof prev_last, "%.*s", (int)(strchr(last, '>') - last),
                     last);
            total += n;
            parts++;
        }
        /* 8 points, and each extra part repeats one */
        assert_int_equal(total, 8 + (parts - 1));
        if (maxp >= 8) {
            assert_int_equal(parts, 1);
            assert_null(strstr(gpx, "(1/"));
        } else {
            assert_int_equal(parts, (7 + maxp - 2) / (maxp - 1));
            SAHA_TEST_STR_CONTAINS(gpx, "Mon 30 Nov (1/");
        }
        /* all 6 stops in visit order across the parts (a shared joining stop repeats) */
        {
            const char *q = strstr(gpx, "<rte>");
            long want = 1, last = 0;
            while ((q = strstr(q, "<saha:seq>")) != NULL) {
                long v = strtol(q + 10, NULL, 10);
                q += 10;
                if (v == last)
                    continue;
                assert_int_equal(v, want);
                last = v;
                want++;
            }
            assert_int_equal(want, 7);
        }
        free(gpx);
    }
    o.gpx_max_points = 1;
    gpx = run_writer(saha_export_gpx, fx->ctx, &p.it, fx->acc, &o, &rc);
    assert_null(gpx);
    assert_int_equal(rc, SAHA_EINVAL);
}

static void test_csv(void **state)
{
    fixture *fx = *state;
    test_plan p;
    char *csv;
    make_plan(&p, fx);
    csv = run_writer(saha_export_csv, fx->ctx, &p.it, fx->acc, NULL, NULL);
    assert_non_null(csv);
    assert_int_equal(strncmp(csv,
                             "day,date,seq,id,name,lat,lon,arrival,departure,drive_km,"
                             "drive_min,value,",
                             strlen("day,date,seq,id,name,lat,lon,arrival,departure,"
                                    "drive_km,drive_min,value,")),
                     0);
    assert_int_equal(count(csv, "\n"), 1 + 4);
    SAHA_TEST_STR_CONTAINS(csv,
                           "\n1,2026-11-30,1,A1,\"Acme, Ltd\",40.200000,29.070000,09:40,"
                           "10:10,1.2,10,1200.00,09:40,0,30,\"Atatürk Cd. 1, Osmangazi, "
                           "Bursa\",09:00-17:00,,,,,0,,road,,,\n");
    /* the lunch columns: on the way home after the day's last visit, 4 min into it */
    assert_int_equal(count(csv, ",after,12:20,4\n"), 1);
    assert_int_equal(count(csv, ",before,"), 0);
    /* wait 10 min at A2, which has no opening hours */
    SAHA_TEST_STR_CONTAINS(
        csv, "\n1,2026-11-30,2,A2,Çınar & Şeker <Gıda>,40.210000,29.050000,"
             "10:35,11:15,2.1,15,800.00,10:45,10,30,İnönü Cd. 5,,,,,,0,,model,,,\n");
    SAHA_TEST_STR_CONTAINS(csv,
                           ",\"08:00-12:00,13:00-18:00\",,,,,0,,road,after,12:20,4\n");
    /* the drive_source column: one leg of the model, the rest road data */
    assert_int_equal(count(csv, ",,,0,,model,,,\n"), 1);
    assert_int_equal(count(csv, ",,,0,,road,"), 3);
    SAHA_TEST_STR_CONTAINS(csv, "\n3,2026-12-02,1,A1,");
    assert_null(strstr(csv, "\r"));
    free(csv);

    csv = run_writer(saha_export_unvisited_csv, fx->ctx, &p.it, fx->acc, NULL, NULL);
    assert_non_null(csv);
    assert_int_equal(strncmp(csv, "id,name,reason,detail,value,lat,lon,address,", 44), 0);
    assert_int_equal(count(csv, "\n"), 3);
    SAHA_TEST_STR_CONTAINS(
        csv, "\nA4,Skipped Closed,closed,closed Mo-Fr (opens Sa 10:00-13:00),"
             "300.00,40.230000,28.990000,Nilüfer,,,,'+90 224 000 0004,,");
    /* (the phone starts with '+': formula guard on by default, see test_csv_guard) */
    /* no coordinates: empty lat/lon, still listed for the call list */
    SAHA_TEST_STR_CONTAINS(csv,
                           "\nA5,No Coords Ltd,no_coords,missing coordinates,100.00,,,"
                           "Gemlik,,,,'+90 224 000 0005,,,false\n");
    free(csv);
}

/* Splits an RFC 4180 document (as the writers produce it: '\n' rows, '"' quoting) into
 * rows of unquoted cells; *ncols_out = cells per row (the same for every row, checked).
 * Returns the cells row-major, each malloc'ed, the array NULL-terminated. */
static char **csv_cells(const char *doc, size_t *nrows_out, size_t *ncols_out)
{
    size_t cap = 16, n = 0, row_cells = 0, ncols = 0, nrows = 0;
    char **cells = malloc(cap * sizeof *cells);
    const char *p = doc;
    assert_non_null(cells);
    while (*p) {
        size_t len = 0;
        char *cell = malloc(strlen(p) + 1);
        assert_non_null(cell);
        if (*p == '"') {
            for (p++;; p++) {
                assert_true(*p != '\0'); /* unterminated quote */
                if (*p == '"' && p[1] == '"')
                    cell[len++] = *p++;
                else if (*p == '"')
                    break;
                else
                    cell[len++] = *p;
            }
            p++;
        } else {
            while (*p && *p != ',' && *p != '\n')
                cell[len++] = *p++;
        }
        cell[len] = '\0';
        if (n + 2 > cap) {
            cap *= 2;
            cells = realloc(cells, cap * sizeof *cells);
            assert_non_null(cells);
        }
        cells[n++] = cell;
        row_cells++;
        assert_true(*p == ',' || *p == '\n'); /* every row ends in '\n' */
        if (*p++ == '\n') {
            if (nrows == 0)
                ncols = row_cells;
            assert_int_equal(row_cells, ncols);
            nrows++;
            row_cells = 0;
        }
    }
    cells[n] = NULL;
    *nrows_out = nrows;
    *ncols_out = ncols;
    return cells;
}

static void free_cells(char **cells)
{
    for (size_t i = 0; cells[i]; i++)
        free(cells[i]);
    free(cells);
}

/* The cell of row r (0 = header) in the column named col. */
static const char *cell_at(char **cells, size_t ncols, size_t r, const char *col)
{
    for (size_t c = 0; c < ncols; c++)
        if (!strcmp(cells[c], col))
            return cells[r * ncols + c];
    print_error("no column %s\n", col);
    fail();
    return NULL;
}

/* Every cell of a guarded report: a number column holds a number (or nothing) and is
 * never prefixed; any other cell does not start with a formula trigger. */
static void check_guarded(const char *doc, const char *const *numeric)
{
    size_t nrows, ncols;
    char **cells = csv_cells(doc, &nrows, &ncols);
    assert_true(nrows >= 2);
    for (size_t r = 1; r < nrows; r++)
        for (size_t c = 0; c < ncols; c++) {
            const char *v = cells[r * ncols + c];
            int is_num = 0;
            for (const char *const *k = numeric; *k; k++)
                is_num |= !strcmp(cells[c], *k);
            if (is_num && v[0]) {
                char *end;
                strtod(v, &end);
                if (*end != '\0') {
                    print_error("row %zu %s: '%s' is not a number\n", r, cells[c], v);
                    fail();
                }
            } else if (!is_num && saha_export__csv_formula_start(v)) {
                print_error("row %zu %s: '%s' starts a formula\n", r, cells[c], v);
                fail();
            }
        }
    free_cells(cells);
}

/* Accounts whose text starts with formula triggers (OWASP "CSV Injection"), at negative
 * coordinates: text cells get an apostrophe, numbers stay as they are; csv_raw turns
 * the guard off. */
static void test_csv_guard(void **state)
{
    static const char input[] =
        "id,name,address,city,district,postcode,lat,lon,value,phone,email,notes\n"
        "@id,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+1 street,Madrid,=D,-28001,"
        "40.4168,-3.7,100,-5,@mail,-5\n"
        "B-2,-Bad Co,-2 road,+City,@Dist,=1,-34.6037,-58.3816,50,+54 11 5555 0000,"
        "=x@y.z,\n"
        "C3,Plain Name,Main St = 5,Bursa,,16000,40.2,29.07,10,0224 000,c@d.e,\n";
    static const char *const itin_num[] = {"day",       "seq",       "lat",   "lon",
                                           "drive_km",  "drive_min", "value", "wait_min",
                                           "visit_min", NULL};
    static const char *const unv_num[] = {"value", "lat", "lon", NULL};
    fixture *fx = *state;
    saha_account_load_options lo;
    saha_export_options o;
    saha_account_set *acc = NULL;
    saha_plan_stop stops[2];
    saha_plan_day day;
    saha_plan_skip skip;
    saha_itinerary it;
    saha_latlon home = {40.4, -3.69};
    size_t nrows, ncols;
    char *csv, **cells;
    (void)saha_account_load_options_init(&lo, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    (void)saha_export_options_init(&o, SAHA_EXPORT_OPTIONS_VERSION);

    assert_int_equal(o.csv_raw, 0); /* guarded by default */
    SAHA_TEST_OK(fx->ctx, saha_account_parse(&acc, fx->ctx, "hostile.csv", input,
                                             sizeof input - 1, &lo));
    assert_int_equal(saha_account_count(acc), 3);
    memset(stops, 0, sizeof stops);
    memset(&day, 0, sizeof day);
    memset(&it, 0, sizeof it);
    stops[0] = (saha_plan_stop){saha_account_find(acc, "@id"),
                                9 * 3600,
                                9 * 3600,
                                9 * 3600 + 1800,
                                1500.0,
                                300.0,
                                -12.5,
                                0,
                                0,
                                0,
                                NULL,
                                0,
                                NULL};
    stops[1] = (saha_plan_stop){saha_account_find(acc, "C3"),
                                11 * 3600,
                                11 * 3600,
                                11 * 3600 + 1800,
                                2500.0,
                                600.0,
                                10.0,
                                0,
                                0,
                                0,
                                NULL,
                                0,
                                NULL};
    day.date = (saha_datetime){2026, 11, 30, 0, 0};
    day.lunch_start_s = -1; /* no lunch */
    day.weekday = 0;
    day.start_pos = day.end_pos = home;
    day.start_hotel = day.end_hotel = SIZE_MAX; /* home every night */
    day.nstops = 2;
    day.stops = stops;
    skip = (saha_plan_skip){saha_account_find(acc, "B-2"),
                            SAHA_SKIP_NOT_WORTH,
                            "-3 EUR after travel",
                            -3.0,
                            {0}};
    it.rep_name = "Rep";
    it.timezone = "Europe/Madrid";
    it.currency = "EUR";
    it.home = home;
    it.ndays = 1;
    it.days = &day;
    it.nskipped = 1;
    it.skipped = &skip;

    /* itinerary, default options (NULL) */
    csv = run_writer(saha_export_csv, fx->ctx, &it, acc, NULL, NULL);
    assert_non_null(csv);
    SAHA_TEST_STR_CONTAINS(csv, "\n1,2026-11-30,1,'@id,"
                                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","
                                "40.416800,-3.700000,09:00,09:30,1.5,5,-12.50,09:00,0,30,"
                                "'+1 street,,,,,,0,,road,,,\n");
    /* a text with a trigger further in is not touched */
    SAHA_TEST_STR_CONTAINS(csv, "\n1,2026-11-30,2,C3,Plain Name,40.200000,29.070000,");
    SAHA_TEST_STR_CONTAINS(csv, ",Main St = 5,,,,,,0,,road,,,\n");
    check_guarded(csv, itin_num);
    cells = csv_cells(csv, &nrows, &ncols);
    assert_int_equal(nrows, 3);
    assert_string_equal(cell_at(cells, ncols, 1, "lon"), "-3.700000");
    assert_string_equal(cell_at(cells, ncols, 1, "value"), "-12.50");
    assert_string_equal(cell_at(cells, ncols, 1, "name"),
                        "'=HYPERLINK(\"http://x\",\"y\")");
    free_cells(cells);
    free(csv);

    /* unvisited list: every text column, including the copied phone and email */
    csv = run_writer(saha_export_unvisited_csv, fx->ctx, &it, acc, &o, NULL);
    assert_non_null(csv);
    SAHA_TEST_STR_CONTAINS(csv, "\nB-2,'-Bad Co,not_worth,'-3 EUR after travel,-3.00,"
                                "-34.603700,-58.381600,'-2 road,'+City,'@Dist,'=1,"
                                "'+54 11 5555 0000,'=x@y.z,,false\n");
    check_guarded(csv, unv_num);
    free(csv);

    /* csv_raw: the text as read, byte for byte, and no apostrophe anywhere */
    o.csv_raw = 1;
    csv = run_writer(saha_export_csv, fx->ctx, &it, acc, &o, NULL);
    assert_non_null(csv);
    SAHA_TEST_STR_CONTAINS(csv, "\n1,2026-11-30,1,@id,"
                                "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","
                                "40.416800,-3.700000,09:00,09:30,1.5,5,-12.50,09:00,0,30,"
                                "+1 street,,,,,,0,,road,,,\n");
    assert_null(strchr(csv, '\''));
    free(csv);
    csv = run_writer(saha_export_unvisited_csv, fx->ctx, &it, acc, &o, NULL);
    assert_non_null(csv);
    SAHA_TEST_STR_CONTAINS(csv, "\nB-2,-Bad Co,not_worth,-3 EUR after travel,-3.00,"
                                "-34.603700,-58.381600,-2 road,+City,@Dist,=1,"
                                "+54 11 5555 0000,=x@y.z,,false\n");
    assert_null(strchr(csv, '\''));
    free(csv);
    saha_account_set_free(acc);
}

static void test_geojson(void **state)
{
    fixture *fx = *state;
    test_plan p;
    char *js;
    const char *first_point;
    make_plan(&p, fx);
    js = run_writer(saha_export_geojson, fx->ctx, &p.it, fx->acc, NULL, NULL);
    assert_non_null(js);
    assert_int_equal(strncmp(js, "{\"type\":\"FeatureCollection\"", 27), 0);
    assert_int_equal(count(js, "\"kind\":\"route\""), 2);
    assert_int_equal(count(js, "\"kind\":\"stop\""), 4);
    assert_int_equal(count(js, "\"kind\":\"home\""), 1);
    /* A5 has no coordinates: only A4 appears as a skipped point */
    assert_int_equal(count(js, "\"kind\":\"skipped\""), 1);
    /* [lon, lat] order, 6 decimals; a route runs home -> stops -> home */
    SAHA_TEST_STR_CONTAINS(js,
                           "\"coordinates\":[[29.060000,40.195000],[29.070000,40.200000],"
                           "[29.050000,40.210000],[29.100000,40.190000],"
                           "[29.060000,40.195000]]");
    first_point = strstr(js, "\"kind\":\"stop\"");
    SAHA_TEST_STR_CONTAINS(first_point, "\"seq\":1,\"id\":\"A1\",\"name\":\"Acme, Ltd\","
                                        "\"arrival\":\"09:40\",\"departure\":\"10:10\","
                                        "\"value\":1200.00");
    SAHA_TEST_STR_CONTAINS(js, "\"name\":\"Çınar & Şeker <Gıda>\"");
    free(js);
}

static void test_ics(void **state)
{
    fixture *fx = *state;
    test_plan p;
    saha_export_options o;
    char *ics, *again;
    (void)saha_export_options_init(&o, SAHA_EXPORT_OPTIONS_VERSION);
    make_plan(&p, fx);
    o.utc_offset_min = 180; /* the fixture rep works in Istanbul (UTC+03:00) */
    ics = run_writer(saha_export_ics, fx->ctx, &p.it, fx->acc, &o, NULL);
    assert_non_null(ics);
    /* every line ends in CRLF, none is longer than 75 octets */
    for (const char *q = ics; *q;) {
        const char *eol = strstr(q, "\r\n");
        assert_non_null(eol);
        assert_true(eol - q <= 75);
        assert_null(memchr(q, '\n', (size_t)(eol - q)));
        q = eol + 2;
    }
    assert_int_equal(strncmp(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 37), 0);
    assert_int_equal(count(ics, "BEGIN:VEVENT"), 4);
    assert_int_equal(count(ics, "END:VEVENT"), 4);
    SAHA_TEST_STR_CONTAINS(ics, "TZID:Europe/Istanbul\r\n");
    SAHA_TEST_STR_CONTAINS(ics, "TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\n");
    SAHA_TEST_STR_CONTAINS(ics, "DTSTART;TZID=Europe/Istanbul:20261130T094000\r\n");
    /* A2: the event starts at the visit start (10:45, after waiting) */
    SAHA_TEST_STR_CONTAINS(ics, "DTSTART;TZID=Europe/Istanbul:20261130T104500\r\n"
                                "DTEND;TZID=Europe/Istanbul:20261130T111500\r\n");
    SAHA_TEST_STR_CONTAINS(ics, "UID:A1-20261130@saha\r\n");
    SAHA_TEST_STR_CONTAINS(ics, "UID:A1-20261202@saha\r\n");
    SAHA_TEST_STR_CONTAINS(ics, "DTSTAMP:20261130T000000Z\r\n");
    SAHA_TEST_STR_CONTAINS(ics, "GEO:40.200000;29.070000\r\n");
    SAHA_TEST_STR_CONTAINS(ics, "LOCATION:Atatürk Cd. 1\\, Osmangazi\\, Bursa\r\n");
    /* deterministic */
    again = run_writer(saha_export_ics, fx->ctx, &p.it, fx->acc, &o, NULL);
    assert_non_null(again);
    assert_string_equal(ics, again);
    free(again);
    free(ics);

    o.generated = "2026-11-26T20:05:09Z";
    o.utc_offset_min = -150;
    p.it.timezone = "";
    ics = run_writer(saha_export_ics, fx->ctx, &p.it, fx->acc, &o, NULL);
    assert_non_null(ics);
    SAHA_TEST_STR_CONTAINS(ics, "DTSTAMP:20261126T200509Z\r\n");
    SAHA_TEST_STR_CONTAINS(ics, "TZOFFSETTO:-0230\r\n");
    SAHA_TEST_STR_CONTAINS(ics, "DTSTART;TZID=UTC-02_30:20261130T094000\r\n");
    free(ics);
    o.generated = "yesterday";
    assert_null(
        run_writer(saha_export_ics, fx->ctx, &p.it, fx->acc, &o, &(saha_status){0}));
    SAHA_TEST_EQ(saha_ctx_last_error(fx->ctx)->code, SAHA_EINVAL);
}

/* Options carry a version: the defaults come from saha_export_options_init, and a
 * struct of another version is refused, not misread. */
static void test_options_version(void **state)
{
    fixture *fx = *state;
    test_plan p;
    saha_export_options o;
    saha_plan_options po;
    FILE *f = tmpfile();
    (void)state;
    assert_non_null(f);
    make_plan(&p, fx);
    memset(&o, 0x5a, sizeof o);
    SAHA_TEST_EQ(saha_export_options_init(&o, SAHA_EXPORT_OPTIONS_VERSION), SAHA_OK);
    SAHA_TEST_EQ(o.version, SAHA_EXPORT_OPTIONS_VERSION);
    SAHA_TEST_EQ(o.utc_offset_min, 0); /* UTC unless the caller knows the zone */
    assert_null(o.geo);
    SAHA_TEST_EQ(saha_export_options_init(&o, SAHA_EXPORT_OPTIONS_VERSION + 1),
                 SAHA_EINVAL);
    SAHA_TEST_EQ(saha_export_options_init(&o, SAHA_EXPORT_OPTIONS_VERSION), SAHA_OK);
    o.version = 0;
    SAHA_TEST_EQ(saha_export_csv(f, fx->ctx, &p.it, fx->acc, &o), SAHA_EINVAL);
    SAHA_TEST_EQ(saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION), SAHA_OK);
    SAHA_TEST_EQ(po.horizon_days, 7);
    SAHA_TEST_EQ(po.seed, 1);
    SAHA_TEST_EQ(po.objective, SAHA_OBJECTIVE_PROFIT);
    SAHA_TEST_EQ(po.matrix.provider, SAHA_MATRIX_MODEL);
    SAHA_TEST_EQ(saha_plan_options_init(&po, 0), SAHA_EINVAL);
    fclose(f);
}

static void test_kml(void **state)
{
    fixture *fx = *state;
    test_plan p;
    char *kml;
    make_plan(&p, fx);
    kml = run_writer(saha_export_kml, fx->ctx, &p.it, fx->acc, NULL, NULL);
    assert_non_null(kml);
    assert_int_equal(count(kml, "<Folder id=\"day-"), 2);
    assert_int_equal(count(kml, "<LineString>"), 2);
    assert_int_equal(count(kml, "<Point>"), 4 + 1 + 1);
    SAHA_TEST_STR_CONTAINS(kml, "<coordinates>29.060000,40.195000 29.070000,40.200000 "
                                "29.050000,40.210000 29.100000,40.190000 "
                                "29.060000,40.195000</coordinates>");
    SAHA_TEST_STR_CONTAINS(kml, "<name>02 Çınar &amp; Şeker &lt;Gıda&gt;</name>");
    /* Tableau blue #4e79a7 as KML aabbggrr */
    SAHA_TEST_STR_CONTAINS(kml, "<color>ffa7794e</color>");
    free(kml);
}

/* A stand-in for gettext: a few Turkish texts, the msgid otherwise; counts its calls. */
static size_t tr_calls;
static const char *fake_tr(const char *msgid, const char *msgid_plural, unsigned long n,
                           void *payload)
{
    static const char *const map[][2] = {
        {"Expected value", "Beklenen değer"},
        {"= deal", "= anlaşma"},
        {" &#215; %s %% likely", " &#215; %%%s olasılık"},
        {"Week of %s", "%s haftası"},
        {"Call list (%zu)", "Arama listesi (%zu)"}};
    assert_ptr_equal(payload, &tr_calls);
    tr_calls++;
    if (msgid_plural && !strcmp(msgid, "%zu visit"))
        return n == 1 ? "%zu ziyaret" : "%zu ziyaret!";
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(msgid, map[i][0]))
            return map[i][1];
    return NULL; /* the writer falls back to the msgid */
}

/* The report in Turkish: numbers and dates from saha_format_* with opts.lang, texts
 * from opts.translate; the machine attributes (data-date, data-lat) stay as they are. */
static void test_html_lang(void **state)
{
    fixture *fx = *state;
    test_plan p;
    saha_export_options o;
    char *html;
    make_plan(&p, fx);
    assert_int_equal(saha_export_options_init(&o, SAHA_EXPORT_OPTIONS_VERSION), SAHA_OK);
    o.lang = "tr_TR.UTF-8";
    o.translate = fake_tr;
    o.translate_payload = &tr_calls;
    tr_calls = 0;
    html = run_writer(saha_export_html, fx->ctx, &p.it, fx->acc, &o, NULL);
    assert_non_null(html);
    assert_true(tr_calls > 20);
    SAHA_TEST_STR_CONTAINS(html, "<html lang=\"tr\">");
    SAHA_TEST_STR_CONTAINS(html, "<title>30 Kasım 2026 haftası</title>");
    SAHA_TEST_STR_CONTAINS(html, "Beklenen değer <b>1.200 EUR</b> <span "
                                 "class=\"muted\">= anlaşma 1.200 EUR &#215; "
                                 "%100 olasılık");
    SAHA_TEST_STR_CONTAINS(html, "<span>Expected value won</span><b>3.651 EUR</b>");
    /* 2 December 2026 is a Wednesday; the plural form is the translator's */
    SAHA_TEST_STR_CONTAINS(html, "2 Aralık 2026 Çarşamba \xE2\x80\x94 1 ziyaret,");
    SAHA_TEST_STR_CONTAINS(html, "30 Kasım 2026 Pazartesi \xE2\x80\x94 3 ziyaret!");
    SAHA_TEST_STR_CONTAINS(html, ">30 Kas Pzt (3)</a>");
    SAHA_TEST_STR_CONTAINS(html, "Arama listesi (2)");
    /* decimal comma in the report's km, never in its data attributes */
    assert_null(strstr(html, "data-lat=\"40,"));
    assert_null(strstr(html, "Monday"));
    assert_null(strstr(html, "1,200"));
    free(html);
}

/* The formatting helper: the language's marks, whatever the process locale. */
/* saha_export_detail_text in English words every code as the plan module wrote its
 * detail and reason strings before they became codes (the old printf formats, filled
 * by hand here); every code of saha_detail_code is in the table. */
typedef struct detail_case {
    saha_detail_code code;
    int flag;
    const char *t0;
    double n0; /* 0: the common 22.4 */
    const char *want;
} detail_case;

static void test_detail_text(void **state)
{
    static const detail_case cases[] = {
        {SAHA_DETAIL_NONE, 0, NULL, 0, ""},
        {SAHA_DETAIL_NO_COORDS, 0, "", 0, "no coordinates"},
        {SAHA_DETAIL_NO_COORDS, 1, "Cd. 5", 0,
         "required visit, but no coordinates for \"Cd. 5\": run saha geocode first"},
        {SAHA_DETAIL_UNROUTABLE, 0, NULL, 0,
         "the OSRM server moved it 22 m to reach a road (more than the 480 m allowed): "
         "check its coordinates, or raise --osrm-snap-max"},
        {SAHA_DETAIL_UNROUTABLE, 1, NULL, 0,
         "required visit, but the OSRM server moved it 22 m to reach a road (more than "
         "the 480 m allowed): check its coordinates, or raise --osrm-snap-max"},
        {SAHA_DETAIL_APPT_NOT_WORKING_DAY, 0, NULL, 0,
         "appointment 2026-12-08 10:30 is not on a working day"},
        {SAHA_DETAIL_APPT_OUTSIDE, 0, NULL, 0,
         "appointment 2026-12-08 10:30 is outside 2026-12-07..2026-12-13"},
        {SAHA_DETAIL_NO_SPAN, 0, "Mo-Fr 09:00-18:00", 0,
         "the 22.4 min visit fits no opening span within 08:00-17:30 (hours: Mo-Fr "
         "09:00-18:00)"},
        {SAHA_DETAIL_CLOSED, 0, "Sa 10:00-13:00", 0,
         "closed on Mo-Fr in 2026-12-07..2026-12-13 (hours: Sa 10:00-13:00)"},
        {SAHA_DETAIL_CANCELLED_LOG, 0, NULL, 0,
         "cancelled by the customer (visit log line 22)"},
        {SAHA_DETAIL_VISITED_NEXT, 0, NULL, 0,
         "visited already; next due 2026-12-08 (every 22 days)"},
        {SAHA_DETAIL_VISITED_WEEK, 0, NULL, 0, "visited already this week"},
        {SAHA_DETAIL_NO_DAY_LEFT, 0, NULL, 0,
         "no working day left after the re-plan moment"},
        {SAHA_DETAIL_NOT_DUE, 0, NULL, 0,
         "not due in the horizon: next due 2026-12-08 (every 22 days)"},
        {SAHA_DETAIL_NO_OPEN_WINDOW, 0, NULL, 0,
         "no working day it is open in any of its 22 visit windows"},
        {SAHA_DETAIL_NOT_CONSIDERED, 0, NULL, 0,
         "not among the 22 best of a longer list (value per hour)"},
        {SAHA_DETAIL_EARNS, 0, "TRY", 0,
         "earns 22 TRY; the cheapest insertion (Tu 2026-12-08) adds 480 TRY of travel"},
        {SAHA_DETAIL_EARNS, 1, "TRY", 0,
         "earns 22 TRY; the cheapest insertion (Tu 2026-12-08) adds 480 TRY of travel "
         "and "
         "day balance (--balance)"},
        {SAHA_DETAIL_NO_VALUE, 0, NULL, 0,
         "no value to win (value 22 x probability 480.00)"},
        {SAHA_DETAIL_FEASIBLE_KM, 0, NULL, 0, "a feasible insertion on Tu adds 22.4 km"},
        {SAHA_DETAIL_DRIVE_BOTH, 0, NULL, 0,
         "round trip from home 22 min / 480 km; every day would pass the 1050 min / 300 "
         "km "
         "daily drive limit"},
        {SAHA_DETAIL_DRIVE_KM, 0, NULL, 0,
         "round trip from home 480 km; every day would pass the 300 km daily limit"},
        {SAHA_DETAIL_DRIVE_MIN, 0, NULL, 0,
         "round trip from home 22 min of driving; every day would pass the 1050 min "
         "daily "
         "drive limit"},
        {SAHA_DETAIL_DAYS_FULL, 0, "Mo 09:00-10:00", 0,
         "every day it is open is full (a 22.4 min visit; hours: Mo 09:00-10:00)"},
        {SAHA_DETAIL_TOO_LONG, 0, "closed", 0,
         "even alone, the drive there and back plus the 22.4 min visit does not fit a "
         "working day within its hours (closed)"},
        {SAHA_DETAIL_DAY_OFF, 0, NULL, 0, "day off"},
        {SAHA_DETAIL_RESCHEDULED, 0, NULL, 0, "rescheduled by the customer"},
        {SAHA_DETAIL_DONE_ON_DAY, 0, NULL, 0, "done on Tuesday (visit log)"},
        {SAHA_DETAIL_DAY_PAST, 0, NULL, 0, "Tuesday is past"},
        {SAHA_DETAIL_ROOM_MUST, 0, "A7", 0, "made room for must-visit A7"},
        {SAHA_DETAIL_ROOM_APPT, 0, "A7", 0, "made room for the appointment of A7"},
        {SAHA_DETAIL_NO_ROOM, 0, NULL, 0, "no room left on Tuesday"},
        {SAHA_DETAIL_FITS_BETTER, 0, NULL, 0, "fits better on Tuesday"},
        {SAHA_DETAIL_WORTH_MORE, 0, "TRY", 0, "worth 22 TRY more on Tuesday"},
        {SAHA_DETAIL_WORTH_MORE, 0, "TRY", -1234567.6,
         "worth -1,234,568 TRY more on Tuesday"},
        {SAHA_DETAIL_KM_LESS, 0, NULL, 0, "22.4 km less on Tuesday"},
        {SAHA_DETAIL_CANCELLED, 0, NULL, 0, "cancelled by the customer"},
        {SAHA_DETAIL_DONE_ON_DATE, 0, NULL, 0, "done on 2026-12-08"},
        {SAHA_DETAIL_NOT_DONE, 0, NULL, 0, "not done (visit log)"},
        {SAHA_DETAIL_SKIPPED, 0, "no_time", 0, "no_time: visited already this week"},
        {SAHA_DETAIL_ELSEWHERE, 0, NULL, 0, "visited on another day already"},
        {SAHA_DETAIL_URGENT, 0, NULL, 0, "urgent"},
        {SAHA_DETAIL_DONE_LOG, 0, NULL, 0, "done (visit log)"},
        {SAHA_DETAIL_REBOOKED, 0, NULL, 0, "re-booked by the customer"},
        {SAHA_DETAIL_MUST_VISIT, 0, NULL, 0, "must-visit"},
        {SAHA_DETAIL_WORTH_VISIT, 0, NULL, 0, "worth a visit now"},
        {SAHA_DETAIL_DONE, 0, NULL, 0, "done"},
        {SAHA_DETAIL_CONFIRMED, 0, NULL, 0, "confirmed"},
        {SAHA_DETAIL_SAME_DAY, 0, NULL, 0, "same day"},
        {SAHA_DETAIL_NIGHT_SPENT, 0, NULL, 0, "spent"},
        {SAHA_DETAIL_NIGHT_BOOKED, 0, NULL, 0, "booked"},
        {SAHA_DETAIL_TRIP_CANCELLED, 0, NULL, 0,
         "trip cancelled: its visits were cancelled or moved"},
        {SAHA_DETAIL_NO_DAY_AFTER, 0, NULL, 0, "no working day after it"},
        {SAHA_DETAIL_HOTEL_INSTEAD, 0, "A7", 0, "a hotel near A7 instead"},
        {SAHA_DETAIL_NIGHT_NOT_WORTH, 0, NULL, 0, "not worth a night away now"},
        {SAHA_DETAIL_NIGHT_WORTH_NOW, 0, NULL, 0,
         "worth a night away for the visits planned now"},
        {SAHA_DETAIL_NIGHT_WORTH, 0, NULL, 0, "worth a night away"},
    };
    saha_ctx *ctx = saha_test_ctx();
    saha_export_options o;
    saha_detail d, inner;
    char b[512];
    int seen[SAHA_DETAIL_CODE_COUNT] = {0};
    (void)state;
    memset(&inner, 0, sizeof inner);
    inner.code = SAHA_DETAIL_VISITED_WEEK;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const detail_case *k = &cases[i];
        memset(&d, 0, sizeof d);
        d.code = k->code;
        d.flag = k->flag;
        d.weekday = 1;
        d.mask = 0x1f;
        d.num[0] = k->n0 != 0 ? k->n0 : 22.4;
        d.num[1] = 480;
        d.num[2] = 1050;
        d.num[3] = 300;
        d.date[0] = (saha_datetime){2026, 12, 8, 10, 30};
        d.date[1] = (saha_datetime){2026, 12, 7, 0, 0};
        d.date[2] = (saha_datetime){2026, 12, 13, 0, 0};
        d.text[0] = k->t0;
        d.skip = SAHA_SKIP_NO_TIME;
        d.inner = &inner;
        SAHA_TEST_OK(ctx, saha_export_detail_text(b, sizeof b, ctx, &d, NULL));
        assert_string_equal(b, k->want);
        seen[k->code] = 1;
        /* English options with no translator: the same bytes */
        SAHA_TEST_OK(ctx, saha_export_options_init(&o, SAHA_EXPORT_OPTIONS_VERSION));
        o.lang = "en";
        SAHA_TEST_OK(ctx, saha_export_detail_text(b, sizeof b, ctx, &d, &o));
        assert_string_equal(b, k->want);
        if (k->code == SAHA_DETAIL_CLOSED) {
            /* Turkish notation (no translator: the English words) */
            o.lang = "tr_TR.UTF-8";
            SAHA_TEST_OK(ctx, saha_export_detail_text(b, sizeof b, ctx, &d, &o));
            assert_string_equal(
                b, "closed on Pzt-Cum in 07.12.2026..13.12.2026 (hours: Sa 10:00-13:00)");
        }
        if (k->code == SAHA_DETAIL_WORTH_MORE && k->n0 != 0) {
            o.lang = "tr";
            SAHA_TEST_OK(ctx, saha_export_detail_text(b, sizeof b, ctx, &d, &o));
            assert_string_equal(b, "worth -1.234.568 TRY more on Sal\xC4\xB1");
        }
    }
    for (int c = 0; c < SAHA_DETAIL_CODE_COUNT; c++)
        if (!seen[c])
            fail_msg("detail code %d has no case", c);
    /* bad calls */
    d.code = SAHA_DETAIL_CODE_COUNT;
    SAHA_TEST_EQ(saha_export_detail_text(b, sizeof b, ctx, &d, NULL), SAHA_EINVAL);
    d.code = SAHA_DETAIL_DAY_OFF;
    SAHA_TEST_EQ(saha_export_detail_text(b, 4, ctx, &d, NULL), SAHA_ELIMIT);
    assert_string_equal(b, "day");
    o.version = 99;
    SAHA_TEST_EQ(saha_export_detail_text(b, sizeof b, ctx, &d, &o), SAHA_EINVAL);
    SAHA_TEST_EQ(saha_export_detail_text(NULL, 8, ctx, &d, NULL), SAHA_EINVAL);
    saha_ctx_free(ctx);
}

static void test_format_lang(void **state)
{
    char b[64];
    saha_datetime d = {2026, 12, 2, 10, 30};
    (void)state;
    assert_int_equal(saha_format_number(b, sizeof b, 1234.5, 1, 1, "tr"), 7);
    assert_string_equal(b, "1.234,5");
    saha_format_number(b, sizeof b, 1234.5, 1, 1, NULL);
    assert_string_equal(b, "1,234.5");
    saha_format_number(b, sizeof b, 1234567.25, 2, 1, "en");
    assert_string_equal(b, "1,234,567.25");
    saha_format_number(b, sizeof b, -1234567, 0, 1, "tr-TR");
    assert_string_equal(b, "-1.234.567");
    saha_format_number(b, sizeof b, 1234.5, 1, 0, "tr");
    assert_string_equal(b, "1234,5");
    saha_format_number(b, sizeof b, -0.04, 1, 1, "tr");
    assert_string_equal(b, "0,0"); /* no "-0,0" */
    saha_format_number(b, sizeof b, 999.96, 1, 1, "tr");
    assert_string_equal(b, "1.000,0");
    saha_format_number(b, sizeof b, 0.0 / 0.0, 1, 1, "tr");
    assert_string_equal(b, "-");
    assert_int_equal(saha_format_number(b, 5, 1234.5, 1, 1, "tr"), -1);
    assert_string_equal(b, "");
    /* an unknown language is English; "trx" is not Turkish */
    saha_format_number(b, sizeof b, 1234.5, 1, 1, "trx");
    assert_string_equal(b, "1,234.5");
    assert_string_equal(saha_format_lang("TR_tr"), "tr");
    assert_string_equal(saha_format_lang("de"), "en");

    assert_int_equal(saha_format_date(b, sizeof b, d, SAHA_DATE_LONG, "tr"),
                     (int)strlen("2 Aralık 2026 Çarşamba"));
    assert_string_equal(b, "2 Aralık 2026 Çarşamba");
    saha_format_date(b, sizeof b, d, SAHA_DATE_LONG, "en");
    assert_string_equal(b, "Wednesday 2 December 2026");
    saha_format_date(b, sizeof b, d, SAHA_DATE_NUMERIC, "tr");
    assert_string_equal(b, "02.12.2026");
    saha_format_date(b, sizeof b, d, SAHA_DATE_NUMERIC, NULL);
    assert_string_equal(b, "2026-12-02");
    saha_format_date(b, sizeof b, d, SAHA_DATE_SHORT, "tr");
    assert_string_equal(b, "2 Ara Çar");
    saha_format_date(b, sizeof b, d, SAHA_DATE_DAY_MONTH_YEAR, "en");
    assert_string_equal(b, "2 Dec 2026");
    /* every month and weekday of a year has its Turkish name */
    {
        static const char *const months[] = {"Ocak",  "Şubat",   "Mart",   "Nisan",
                                             "Mayıs", "Haziran", "Temmuz", "Ağustos",
                                             "Eylül", "Ekim",    "Kasım",  "Aralık"};
        for (int m = 1; m <= 12; m++) {
            saha_datetime x = {2027, m, 1, 0, 0};
            assert_true(saha_format_date(b, sizeof b, x, SAHA_DATE_DAY_MONTH_YEAR, "tr") >
                        0);
            assert_non_null(strstr(b, months[m - 1]));
        }
        for (int k = 0; k < 7; k++) { /* 2026-11-30 is a Monday */
            static const char *const wd[] = {"Pazartesi", "Salı",      "Çar",  "Perşembe",
                                             "Cuma",      "Cumartesi", "Pazar"};
            saha_datetime x = {2026, 11, 30 + k, 0, 0};
            if (x.day > 30) {
                x.month = 12;
                x.day -= 30;
            }
            saha_format_date(b, sizeof b, x, SAHA_DATE_LONG, "tr");
            assert_non_null(strstr(b, wd[k]));
        }
    }
    /* impossible dates and small buffers */
    d.month = 13;
    assert_int_equal(saha_format_date(b, sizeof b, d, SAHA_DATE_LONG, "tr"), -1);
    d.month = 12;
    assert_int_equal(saha_format_date(b, 8, d, SAHA_DATE_LONG, "tr"), -1);
    assert_string_equal(b, "");
}

static void test_html(void **state)
{
    fixture *fx = *state;
    test_plan p;
    char *html;
    make_plan(&p, fx);
    html = run_writer(saha_export_html, fx->ctx, &p.it, fx->acc, NULL, NULL);
    assert_non_null(html);
    assert_int_equal(strncmp(html, "<!DOCTYPE html>", 15), 0);
    SAHA_TEST_STR_CONTAINS(html, "<meta name=\"viewport\"");
    /* self-contained: no script, no external resource (links only: navigation) */
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "src="));
    assert_int_equal(count(html, "http"),
                     count(html, "http://www.w3.org/2000/svg") + 3 * 4);
    assert_null(strstr(html, "url("));
    assert_int_equal(count(html, "class=\"map-line route\""), 2);
    assert_int_equal(count(html, "class=\"map-marker stop\""), 4);
    assert_int_equal(count(html, "class=\"map-point skipped map-greyed\""), 1);
    assert_int_equal(count(html, "class=\"map-home\""), 1);
    assert_int_equal(count(html, "class=\"map-scale\""), 1);
    /* a card per stop with arrival-departure, navigation links and, when the account
     * has a phone, a tel: link (A3 has none) */
    assert_int_equal(count(html, "<article class=\"card stop\""), 4);
    assert_int_equal(count(html, "href=\"https://www.google.com/maps/dir/?api=1&amp;"
                                 "destination="),
                     4);
    assert_int_equal(count(html, "href=\"https://maps.apple.com/?daddr="), 4);
    assert_int_equal(count(html, "href=\"https://yandex.com/maps/?rtext=~"), 4);
    assert_int_equal(count(html, "href=\"geo:"), 4);
    SAHA_TEST_STR_CONTAINS(html, "href=\"geo:40.200000,29.070000\"");
    SAHA_TEST_STR_CONTAINS(html, "href=\"https://www.google.com/maps/dir/?api=1&amp;"
                                 "destination=40.190000,29.100000\"");
    /* A1 twice and A2 in cards, A4 and A5 in the call list */
    assert_int_equal(count(html, "href=\"tel:+902240000001\""), 2);
    assert_int_equal(count(html, "href=\"tel:+902240000002\""), 1);
    assert_int_equal(count(html, "href=\"tel:"), 5);
    SAHA_TEST_STR_CONTAINS(html, "<span class=\"time\">09:40&#8211;10:10</span>");
    /* notes, escaped; opening hours */
    SAHA_TEST_STR_CONTAINS(html, "Ask for Ayşe; bring &quot;samples&quot;");
    SAHA_TEST_STR_CONTAINS(html, "opening hours Mo-Fr 09:00-17:00");
    /* the expected value is labelled as such, with the deal value beside it */
    SAHA_TEST_STR_CONTAINS(html,
                           "Expected value <b>1,200 EUR</b> <span class=\"muted\">= "
                           "deal 1,200 EUR &#215; 100 % likely");
    assert_int_equal(count(html, "<tr class=\"skipped-row\""), 2);
    assert_int_equal(count(html, "<section class=\"day"), 3);
    SAHA_TEST_STR_CONTAINS(html, "No visits planned.");
    /* the one estimated leg is marked, and a note says how to get road times */
    assert_int_equal(count(html, "est.</span>"), 2); /* the leg + the note's sample */
    SAHA_TEST_STR_CONTAINS(html, "1 of 6 legs are estimates");
    SAHA_TEST_STR_CONTAINS(html, "saha calibrate");
    SAHA_TEST_STR_CONTAINS(html, "Çınar &amp; Şeker &lt;Gıda&gt;");
    assert_null(strstr(html, "<Gıda>"));
    SAHA_TEST_STR_CONTAINS(html, "<p class=\"aux lunch\">Lunch 12:20&#8211;13:05, on the "
                                 "road, after 4 of the 10 min drive</p>");
    SAHA_TEST_STR_CONTAINS(html, "<span>Expected value won</span><b>3,651 EUR</b>");
    SAHA_TEST_STR_CONTAINS(html, "<html lang=\"en\">");
    /* the day's heading has the whole date; the chips the short label */
    SAHA_TEST_STR_CONTAINS(html, "Monday 30 November 2026 \xE2\x80\x94 3 visits");
    SAHA_TEST_STR_CONTAINS(html, ">Mon 30 Nov (3)</a>");
    /* no Leaflet given: a note, no map container */
    SAHA_TEST_STR_CONTAINS(html, "Interactive map not included");
    assert_null(strstr(html, "id=\"lmap\""));
    /* the call list is sorted by value, highest first */
    {
        const char *cl = strstr(html, "id=\"call-list\"");
        assert_non_null(cl);
        assert_non_null(strstr(cl, "Skipped Closed"));
        assert_non_null(strstr(cl, "No Coords Ltd"));
        assert_true(strstr(cl, "Skipped Closed") < strstr(cl, "No Coords Ltd"));
    }
    free(html);
}

/* Two islands split by a channel 0.01 degrees wide (about 850 m at 40 N) at lon 29.08:
 * home, A1 and A2 are on the west one, A3 on the east one. */
static const char ISLANDS[] =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"kind\":\"land\"},\"geometry\":{\"type\":"
    "\"Polygon\",\"coordinates\":[[[28.9,40.1],[29.08,40.1],[29.08,40.3],[28.9,40.3],"
    "[28.9,40.1]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"kind\":\"land\"},\"geometry\":{\"type\":"
    "\"Polygon\",\"coordinates\":[[[29.09,40.1],[29.2,40.1],[29.2,40.3],[29.09,40.3],"
    "[29.09,40.1]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"kind\":\"place\",\"name\":\"West <Isle>\","
    "\"rank\":1},\"geometry\":{\"type\":\"Point\",\"coordinates\":[29.0,40.2]}}]}";

static void test_html_today_leaflet_water(void **state)
{
    fixture *fx = *state;
    test_plan p;
    saha_export_options o;
    saha_basemap *bm = NULL;
    saha_water_leg legs[4];
    char *html;
    const char *d1, *d3, *data;
    (void)saha_export_options_init(&o, SAHA_EXPORT_OPTIONS_VERSION);

    make_plan(&p, fx);
    /* Wednesday: the week is under way, so Wednesday comes first, Monday is past */
    o.today = (saha_datetime){2026, 12, 2, 0, 0};
    html = run_writer(saha_export_html, fx->ctx, &p.it, fx->acc, &o, NULL);
    assert_non_null(html);
    d1 = strstr(html, "<section class=\"day past\" id=\"day-1\"");
    d3 = strstr(html, "<section class=\"day today\" id=\"day-3\"");
    assert_non_null(d1);
    assert_non_null(d3);
    assert_true(d3 < d1);
    assert_int_equal(count(html, "<span class=\"badge b-today\">Today</span>"), 1);
    SAHA_TEST_STR_CONTAINS(html, "<a href=\"#day-3\" class=\"today\">");
    free(html);
    /* before the week: date order, no badge */
    o.today = (saha_datetime){2026, 11, 20, 0, 0};
    html = run_writer(saha_export_html, fx->ctx, &p.it, fx->acc, &o, NULL);
    assert_non_null(html);
    assert_true(strstr(html, "id=\"day-1\"") < strstr(html, "id=\"day-3\""));
    assert_null(strstr(html, "<span class=\"badge b-today\">"));
    assert_null(strstr(html, " past\""));
    free(html);

    /* Leaflet inlined: "</script" cannot close the element early, url() is dropped */
    o.leaflet_js = "var x='</script><b>';";
    o.leaflet_css = ".a{background:url(images/layers.png) no-repeat}";
    SAHA_TEST_OK(fx->ctx,
                 saha_basemap_parse(&bm, fx->ctx, "islands", ISLANDS, strlen(ISLANDS)));
    o.basemap = bm;
    /* road data (OSRM, a matrix file) has crossed the water already: nothing flagged;
     * the road model's estimates are */
    assert_int_equal(saha_export_water_legs(&p.it, fx->acc, bm, legs, 4), 0);
    for (size_t i = 0; i < 3; i++)
        p.mon[i].leg_estimated = 1;
    p.days[0].return_leg_estimated = 1;
    html = run_writer(saha_export_html, fx->ctx, &p.it, fx->acc, &o, NULL);
    assert_non_null(html);
    SAHA_TEST_STR_CONTAINS(html, "var x='<\\/script><b>';");
    assert_null(strstr(html, "</script><b>"));
    SAHA_TEST_STR_CONTAINS(html, ".a{background:none no-repeat}");
    assert_null(strstr(html, "url("));
    SAHA_TEST_STR_CONTAINS(html, "<div id=\"lmap\"");
    data = strstr(html, "<script type=\"application/json\" id=\"saha-map-data\">");
    assert_non_null(data);
    assert_int_equal(count(data, "{\"day\":"), 2);
    SAHA_TEST_STR_CONTAINS(data, "\"tiles\":null");
    /* the place name reaches the map data escaped for a script element */
    SAHA_TEST_STR_CONTAINS(data, "\"West \\u003cIsle>\"");
    /* the legend toggles layers under the map: one per day with visits + not visited */
    assert_int_equal(count(html, "<input type=\"checkbox\" checked data-layer="), 3);
    /* the SVG map draws the basemap: two land polygons and the place */
    assert_int_equal(count(html, "<path class=\"map-land\""), 2);
    SAHA_TEST_STR_CONTAINS(html, ">West &lt;Isle&gt;</text>");
    /* water: A2 -> A3 and A3 -> home cross the channel */
    assert_int_equal(saha_export_water_legs(&p.it, fx->acc, bm, legs, 4), 2);
    assert_int_equal(legs[0].day, 0);
    assert_int_equal(legs[0].to_stop, 2);
    assert_int_equal(legs[1].to_stop, 3);
    assert_true(legs[0].water_m > 600 && legs[0].water_m < 1200);
    assert_int_equal(count(html, "class=\"badge b-water\""), 2);
    SAHA_TEST_STR_CONTAINS(html, "2 legs cross open water");
    free(html);
    /* tiles only when asked for */
    o.tiles_url = "https://tile.example.org/{z}/{x}/{y}.png";
    html = run_writer(saha_export_html, fx->ctx, &p.it, fx->acc, &o, NULL);
    assert_non_null(html);
    SAHA_TEST_STR_CONTAINS(html, "\"tiles\":{\"url\":\"https://tile.example.org/{z}/{x}/"
                                 "{y}.png\",\"attr\":");
    free(html);
    /* the call list follows value: make the no-coordinates account worth more */
    o.tiles_url = NULL;
    p.skipped[0].value = 50.0;
    html = run_writer(saha_export_html, fx->ctx, &p.it, fx->acc, &o, NULL);
    assert_non_null(html);
    {
        const char *cl = strstr(html, "id=\"call-list\"");
        assert_non_null(cl);
        assert_true(strstr(cl, "No Coords Ltd") < strstr(cl, "Skipped Closed"));
    }
    free(html);
    saha_basemap_free(bm);
}

/* Same input, same bytes, for every writer. */
static void test_deterministic(void **state)
{
    fixture *fx = *state;
    writer_fn fns[] = {saha_export_gpx,     saha_export_csv, saha_export_unvisited_csv,
                       saha_export_geojson, saha_export_ics, saha_export_html,
                       saha_export_kml};
    test_plan p;
    make_plan(&p, fx);
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        char *a = run_writer(fns[i], fx->ctx, &p.it, fx->acc, NULL, NULL);
        char *b = run_writer(fns[i], fx->ctx, &p.it, fx->acc, NULL, NULL);
        assert_non_null(a);
        assert_non_null(b);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

/* An itinerary with no day and nothing skipped still gives well-formed documents. */
static void test_empty_itinerary(void **state)
{
    fixture *fx = *state;
    saha_itinerary it;
    struct {
        writer_fn fn;
        const char *head, *tail;
    } cases[] = {
        {saha_export_gpx, "<?xml", "</metadata>\n</gpx>\n"},
        {saha_export_csv, "day,date,seq,",
         "night_before,night_after,confirmed,uid,sequence,etag,drive_source,lunch,"
         "lunch_start,lunch_drive_min\n"},
        {saha_export_unvisited_csv, "id,name,reason,", "must_visit\n"},
        {saha_export_geojson, "{\"type\":\"FeatureCollection\"", "\"features\":[\n]}\n"},
        {saha_export_ics, "BEGIN:VCALENDAR\r\n", "END:VTIMEZONE\r\nEND:VCALENDAR\r\n"},
        {saha_export_html, "<!DOCTYPE html>", "</html>\n"},
        {saha_export_kml, "<?xml", "</Document>\n</kml>\n"},
    };
    memset(&it, 0, sizeof it);
    it.home.lat_deg = NAN;
    it.home.lon_deg = NAN;
    it.rep_name = "";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = run_writer(cases[i].fn, fx->ctx, &it, fx->acc, NULL, NULL);
        size_t n, t;
        assert_non_null(out);
        n = strlen(out);
        t = strlen(cases[i].tail);
        assert_int_equal(strncmp(out, cases[i].head, strlen(cases[i].head)), 0);
        assert_true(n >= t);
        assert_string_equal(out + n - t, cases[i].tail);
        assert_null(strstr(out, "nan"));
        free(out);
    }
}

/* ---- errors ---------------------------------------------------------------------- */

static void test_write_errors(void **state)
{
    fixture *fx = *state;
    writer_fn fns[] = {saha_export_gpx,     saha_export_csv, saha_export_unvisited_csv,
                       saha_export_geojson, saha_export_ics, saha_export_html,
                       saha_export_kml};
    test_plan p;
    char path[] = "/tmp/saha-export-ro-XXXXXX";
    int fd = mkstemp(path);
    void (*old)(int);
    assert_true(fd >= 0);
    close(fd);
    make_plan(&p, fx);
    old = signal(SIGPIPE, SIG_IGN);
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        /* a stream opened read-only */
        FILE *ro = fopen(path, "r");
        int pfd[2];
        FILE *w;
        assert_non_null(ro);
        SAHA_TEST_EQ(fns[i](ro, fx->ctx, &p.it, fx->acc, NULL), SAHA_EIO);
        SAHA_TEST_EQ(saha_ctx_last_error(fx->ctx)->code, SAHA_EIO);
        SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(fx->ctx)->message, "write error");
        fclose(ro);
        /* a pipe whose reader has gone */
        assert_int_equal(pipe(pfd), 0);
        close(pfd[0]);
        w = fdopen(pfd[1], "w");
        assert_non_null(w);
        SAHA_TEST_EQ(fns[i](w, fx->ctx, &p.it, fx->acc, NULL), SAHA_EIO);
        SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(fx->ctx)->message, "Broken pipe");
        fclose(w);
    }
    signal(SIGPIPE, old);
    unlink(path);
}

static void test_bad_itinerary(void **state)
{
    fixture *fx = *state;
    test_plan p;
    FILE *f = fopen("/dev/null", "w");
    assert_non_null(f);
    make_plan(&p, fx);
    p.mon[1].account = 99;
    SAHA_TEST_EQ(saha_export_gpx(f, fx->ctx, &p.it, fx->acc, NULL), SAHA_EINVAL);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(fx->ctx)->message, "account index 99");
    make_plan(&p, fx);
    p.mon[1].account = fx->a5; /* no coordinates */
    SAHA_TEST_EQ(saha_export_kml(f, fx->ctx, &p.it, fx->acc, NULL), SAHA_EINVAL);
    SAHA_TEST_STR_CONTAINS(saha_ctx_last_error(fx->ctx)->message,
                           "A5 has no coordinates");
    SAHA_TEST_EQ(saha_export_csv(f, fx->ctx, NULL, fx->acc, NULL), SAHA_EINVAL);
    SAHA_TEST_EQ(saha_export_csv(f, fx->ctx, &p.it, NULL, NULL), SAHA_EINVAL);
    SAHA_TEST_EQ(saha_export_csv(NULL, fx->ctx, &p.it, fx->acc, NULL), SAHA_EINVAL);
    fclose(f);
}

/* Every allocation failure gives SAHA_ENOMEM and leaks nothing (CONTRIBUTING.md §10). */
static void test_alloc_failures(void **state)
{
    fixture *fx = *state;
    writer_fn fns[] = {saha_export_gpx, saha_export_ics,     saha_export_html,
                       saha_export_kml, saha_export_geojson, saha_export_unvisited_csv};
    test_plan p;
    make_plan(&p, fx);
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        size_t n, nomem = 0;
        for (n = 0; n < 10000; n++) {
            saha_test_alloc a = {n, 0, 0};
            saha_allocator al;
            saha_ctx *ctx = saha_test_ctx_failing(&a, &al);
            saha_status rc;
            FILE *f;
            if (!ctx) /* the context itself was the failing allocation */
                continue;
            f = fopen("/dev/null", "w");
            assert_non_null(f);
            rc = fns[i](f, ctx, &p.it, fx->acc, NULL);
            fclose(f);
            saha_ctx_free(ctx);
            assert_int_equal(a.live, 0);
            if (rc == SAHA_OK)
                break;
            if (rc != SAHA_ENOMEM)
                print_error("writer %zu, failing allocation %zu: %s\n", i, n,
                            saha_status_name(rc));
            /* PROJ may report its own allocation failure as a PROJ error */
            assert_true(rc == SAHA_ENOMEM ||
                        (fns[i] == saha_export_html && rc == SAHA_EPROJ));
            nomem += rc == SAHA_ENOMEM;
        }
        /* the writer's own allocations were failed one by one, then it succeeded */
        assert_true(nomem >= 2 && n < 10000);
    }
}

/* ---- svg map ------------------------------------------------------------------- */

static void test_svgmap(void **state)
{
    fixture *fx = *state;
    saha_geo *geo = NULL;
    saha_svgmap *m = NULL;
    saha_svgmap_style st = SAHA_SVGMAP_STYLE_INIT;
    saha_latlon ring[4] = {{40.0, 29.0}, {40.0, 29.2}, {40.2, 29.2}, {40.2, 29.0}};
    saha__buf b;
    const char *vb;
    double w = 0, h = 0;
    SAHA_TEST_OK(fx->ctx, saha_geo_create(&geo, fx->ctx));
    SAHA_TEST_OK(fx->ctx, saha_svgmap_create(&m, fx->ctx, geo));
    st.cls = "territory";
    st.color = saha_svgmap_color(1);
    st.title = "T1 <north>";
    st.data_name = "territory";
    st.data_value = "T&1";
    SAHA_TEST_OK(fx->ctx, saha_svgmap_polygon(m, ring, 4, &st));
    st.cls = "bad\"class";
    SAHA_TEST_EQ(saha_svgmap_polygon(m, ring, 4, &st), SAHA_EINVAL);
    ring[0].lat_deg = NAN;
    st.cls = NULL;
    SAHA_TEST_EQ(saha_svgmap_polyline(m, ring, 2, &st), SAHA_EINVAL);
    saha__buf_init(&b, fx->ctx, SAHA__BUF_NOLIMIT);
    SAHA_TEST_OK(fx->ctx, saha_svgmap_render(m, &b, "Bursa & co"));
    SAHA_TEST_STR_CONTAINS(
        b.data, "<path class=\"map-polygon territory\" data-territory=\"T&amp;1\"");
    SAHA_TEST_STR_CONTAINS(b.data, "<title>T1 &lt;north&gt;</title>");
    SAHA_TEST_STR_CONTAINS(b.data, "aria-label=\"Bursa &amp; co\"");
    SAHA_TEST_STR_CONTAINS(b.data, "class=\"map-scale\"");
    /* a square of 0.2 deg: about 22.2 km north-south, 17 km east-west at 40 N, so the
     * map is taller than wide in data; viewBox 800 wide, height clamped to 1000 */
    vb = strstr(b.data, "viewBox=\"0 0 ");
    assert_non_null(vb);
    w = strtod(vb + 13, (char **)&vb);
    h = strtod(vb, NULL);
    SAHA_TEST_NEAR(w, 800, 0);
    SAHA_TEST_NEAR(h, 1000, 0);
    /* the scale bar: about 120 px at (1000 - 75) px / 22.2 km is 2.9 km -> 2 km */
    SAHA_TEST_STR_CONTAINS(b.data, "data-metres=\"2000\"");
    SAHA_TEST_STR_CONTAINS(b.data, ">2 km</text>");
    saha__buf_free(&b);
    saha_svgmap_free(m);

    /* a far context point (no_fit) does not shrink the map: two stops 1.1 km apart
     * keep a sub-kilometre scale bar although the outlier is 100 km away */
    SAHA_TEST_OK(fx->ctx, saha_svgmap_create(&m, fx->ctx, geo));
    {
        saha_svgmap_style near = SAHA_SVGMAP_STYLE_INIT, far = SAHA_SVGMAP_STYLE_INIT;
        saha_latlon a = {40.200, 29.060}, c = {40.210, 29.060}, z = {41.100, 29.060};
        far.no_fit = 1;
        far.greyed = 1;
        far.cls = "skipped";
        SAHA_TEST_OK(fx->ctx, saha_svgmap_marker(m, a, &near));
        SAHA_TEST_OK(fx->ctx, saha_svgmap_marker(m, c, &near));
        SAHA_TEST_OK(fx->ctx, saha_svgmap_point(m, z, &far));
    }
    saha__buf_init(&b, fx->ctx, SAHA__BUF_NOLIMIT);
    SAHA_TEST_OK(fx->ctx, saha_svgmap_render(m, &b, NULL));
    vb = strstr(b.data, "data-metres=\"");
    assert_non_null(vb);
    assert_true(strtod(vb + 13, NULL) <= 1000);
    /* the far point is still written (clipped by the viewport: above the top edge) */
    vb = strstr(b.data, "class=\"map-point skipped map-greyed\"");
    assert_non_null(vb);
    vb = strstr(vb, "cy=\"");
    assert_true(strtod(vb + 4, NULL) < 0);
    saha__buf_free(&b);
    saha_svgmap_free(m);
    saha_geo_free(geo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml_escape),
        cmocka_unit_test(test_csv_escape),
        cmocka_unit_test(test_csv_formula_guard_escape),
        cmocka_unit_test(test_json_escape),
        cmocka_unit_test(test_ics_escape),
        cmocka_unit_test(test_ics_folding),
        cmocka_unit_test_setup_teardown(test_gpx, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_options_version, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_gpx_max_points, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_csv, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_csv_guard, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_geojson, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_ics, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_kml, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_html, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_html_lang, fixture_setup, fixture_teardown),
        cmocka_unit_test(test_format_lang),
        cmocka_unit_test(test_detail_text),
        cmocka_unit_test_setup_teardown(test_html_today_leaflet_water, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_empty_itinerary, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_write_errors, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_bad_itinerary, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_alloc_failures, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_svgmap, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
