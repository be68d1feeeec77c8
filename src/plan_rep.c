/* plan_rep: the rep file (JSON, read with jansson) into a saha_rep.
 *
 * Method: jansson parses the whole document (duplicate keys refused); each known key is
 * then checked and converted. jansson keeps no positions for values, so the line named in
 * a message is found by scanning the source text for the key's path ("lunch" then
 * "minutes" after it); syntax errors use jansson's own line and column. Unknown keys are
 * errors (a typo would otherwise silently keep a default). Cost: O(size of the file).
 * Caller: saha_rep_load / saha_rep_parse (public), used by `saha plan` and `saha demo`.
 */
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal/account.h"
#include "internal/core.h"
#include "util/csv.h"
#include "util/json.h"
#include "saha/account.h"
#include "saha/plan.h"

#define REP_MAX_BYTES ((size_t)1 << 20)
#define REP_ZONEINFO "/usr/share/zoneinfo"

typedef struct rep_parser {
    saha_ctx *ctx;
    const char *source;
    const char *data;
    size_t len;
} rep_parser;

/* Line (1-based) of the key path "a" or "a.b" in the text; 0 when not found. The scan
 * looks for the quoted key followed by ':' so that string values are not matched. */
static size_t key_line(const rep_parser *p, const char *path)
{
    size_t from = 0, line = 1, found = 0;
    const char *seg = path;

    while (*seg) {
        const char *dot = strchr(seg, '.');
        size_t n = dot ? (size_t)(dot - seg) : strlen(seg);
        size_t i;
        found = 0;
        for (i = from; i + n + 2 <= p->len; i++) {
            if (p->data[i] == '"' && !memcmp(p->data + i + 1, seg, n) &&
                p->data[i + 1 + n] == '"') {
                size_t j = i + n + 2;
                while (j < p->len && (p->data[j] == ' ' || p->data[j] == '\t' ||
                                      p->data[j] == '\n' || p->data[j] == '\r'))
                    j++;
                if (j < p->len && p->data[j] == ':') {
                    found = 1;
                    from = j;
                    break;
                }
            }
        }
        if (!found)
            return 0;
        seg = dot ? dot + 1 : seg + n;
    }
    for (size_t i = 0; i < from && i < p->len; i++)
        if (p->data[i] == '\n')
            line++;
    return line;
}

static saha_status rep_error(const rep_parser *p, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static saha_status rep_error(const rep_parser *p, const char *key, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    if (vsnprintf(msg, sizeof msg, fmt, ap) < 0)
        msg[0] = '\0';
    va_end(ap);
    return saha__error_set(p->ctx, SAHA_EPARSE, p->source, key_line(p, key), 0, "%s: %s",
                           key, msg);
}

static saha_status get_number(const rep_parser *p, const char *key, const json_t *v,
                              double lo, double hi, double *out)
{
    double d;
    if (!json_is_number(v))
        return rep_error(p, key, "expected a number, got %s", saha__json_type_name(v));
    d = json_number_value(v);
    if (!isfinite(d) || d < lo || d > hi)
        return rep_error(p, key, "%g is out of range [%g, %g]", d, lo, hi);
    *out = d;
    return SAHA_OK;
}

static saha_status get_int(const rep_parser *p, const char *key, const json_t *v, int lo,
                           int hi, int *out)
{
    double d = 0;
    saha_status rc = get_number(p, key, v, lo, hi, &d);
    if (rc < 0)
        return rc;
    if (d != floor(d))
        return rep_error(p, key, "expected a whole number, got %g", d);
    *out = (int)d;
    return SAHA_OK;
}

static saha_status get_hhmm(const rep_parser *p, const char *key, const json_t *v,
                            int *out)
{
    const char *s;
    if (!json_is_string(v))
        return rep_error(p, key, "expected \"HH:MM\", got %s", saha__json_type_name(v));
    s = json_string_value(v);
    if (saha__parse_hhmm(s, json_string_length(v), out) < 0)
        return rep_error(p, key, "expected \"HH:MM\", got \"%.40s\"", s);
    return SAHA_OK;
}

static saha_status get_string(const rep_parser *p, const char *key, const json_t *v,
                              char *dst, size_t cap)
{
    size_t n;
    if (!json_is_string(v))
        return rep_error(p, key, "expected a string, got %s", saha__json_type_name(v));
    n = json_string_length(v);
    if (n >= cap)
        return rep_error(p, key, "longer than %zu bytes", cap - 1);
    if (memchr(json_string_value(v), '\0', n))
        return rep_error(p, key, "contains a NUL character");
    memcpy(dst, json_string_value(v), n);
    dst[n] = '\0';
    return SAHA_OK;
}

static saha_status get_bool(const rep_parser *p, const char *key, const json_t *v,
                            int *out)
{
    if (!json_is_boolean(v))
        return rep_error(p, key, "expected true or false, got %s",
                         saha__json_type_name(v));
    *out = json_is_true(v);
    return SAHA_OK;
}

static const char *const day_names[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

static int day_index(const char *s)
{
    for (int d = 0; d < 7; d++)
        if (!saha__strcasecmp(s, day_names[d]))
            return d;
    return -1;
}

/* "days": ["Mo", "Tu"] or a string "Mo-Fr" / "Mo,We,Fr" / "Mo-We,Fr". */
static saha_status get_days(const rep_parser *p, const json_t *v, uint8_t *mask_out)
{
    uint8_t mask = 0;
    if (json_is_array(v)) {
        size_t i;
        const json_t *e;
        json_array_foreach(v, i, e)
        {
            int d = json_is_string(e) ? day_index(json_string_value(e)) : -1;
            if (d < 0)
                return rep_error(p, "days",
                                 "item %zu: expected one of Mo Tu We Th Fr Sa Su", i + 1);
            mask |= (uint8_t)(1u << d);
        }
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        while (*s) {
            char a[3] = {0}, b[3] = {0};
            int da, db;
            if (strlen(s) < 2)
                goto bad;
            memcpy(a, s, 2);
            s += 2;
            da = day_index(a);
            db = da;
            if (*s == '-') {
                if (strlen(s) < 3)
                    goto bad;
                memcpy(b, s + 1, 2);
                s += 3;
                db = day_index(b);
            }
            if (da < 0 || db < 0)
                goto bad;
            for (int d = da;; d = (d + 1) % 7) {
                mask |= (uint8_t)(1u << d);
                if (d == db)
                    break;
            }
            if (*s == ',')
                s++;
            else if (*s)
                goto bad;
        }
    } else {
        return rep_error(p, "days", "expected an array of day names, got %s",
                         saha__json_type_name(v));
    }
    if (!mask)
        return rep_error(p, "days", "no working day");
    *mask_out = mask;
    return SAHA_OK;
bad:
    return rep_error(p, "days",
                     "expected days like \"Mo-Fr\" or [\"Mo\", \"Tu\"], got \"%.40s\"",
                     json_string_value(v));
}

static saha_status unknown_key(const rep_parser *p, const char *parent, const char *key)
{
    char path[96];
    if (snprintf(path, sizeof path, "%s%s%s", parent, parent[0] ? "." : "", key) >=
        (int)sizeof path)
        path[sizeof path - 1] = '\0';
    return rep_error(p, path, "unknown key");
}

static saha_status parse_home(const rep_parser *p, const json_t *v, saha_rep *rep)
{
    const char *k;
    json_t *e;
    int has_lat = 0, has_lon = 0;
    saha_status rc;
    if (!json_is_object(v))
        return rep_error(p, "home", "expected {\"lat\": .., \"lon\": ..}, got %s",
                         saha__json_type_name(v));
    json_object_foreach((json_t *)v, k, e)
    {
        if (!strcmp(k, "lat")) {
            rc = get_number(p, "home.lat", e, -90, 90, &rep->home.lat_deg);
            has_lat = 1;
        } else if (!strcmp(k, "lon")) {
            rc = get_number(p, "home.lon", e, -180, 180, &rep->home.lon_deg);
            has_lon = 1;
        } else {
            rc = unknown_key(p, "home", k);
        }
        if (rc < 0)
            return rc;
    }
    if (!has_lat || !has_lon)
        return rep_error(p, "home", "needs both \"lat\" and \"lon\"");
    return SAHA_OK;
}

static saha_status parse_lunch(const rep_parser *p, const json_t *v, saha_rep *rep)
{
    const char *k;
    json_t *e;
    saha_status rc;
    if (json_is_null(v) || json_is_false(v)) {
        rep->lunch_min = 0;
        return SAHA_OK;
    }
    if (!json_is_object(v))
        return rep_error(p, "lunch", "expected an object or null, got %s",
                         saha__json_type_name(v));
    json_object_foreach((json_t *)v, k, e)
    {
        if (!strcmp(k, "earliest"))
            rc = get_hhmm(p, "lunch.earliest", e, &rep->lunch_earliest_min);
        else if (!strcmp(k, "latest"))
            rc = get_hhmm(p, "lunch.latest", e, &rep->lunch_latest_min);
        else if (!strcmp(k, "minutes"))
            rc = get_int(p, "lunch.minutes", e, 0, 600, &rep->lunch_min);
        else if (!strcmp(k, "on_the_road"))
            rc = get_bool(p, "lunch.on_the_road", e, &rep->lunch_on_road);
        else
            rc = unknown_key(p, "lunch", k);
        if (rc < 0)
            return rc;
    }
    if (rep->lunch_latest_min < rep->lunch_earliest_min)
        return rep_error(p, "lunch.latest", "is before lunch.earliest");
    return SAHA_OK;
}

static saha_status parse_travel(const rep_parser *p, const json_t *v, saha_rep *rep)
{
    const char *k;
    json_t *e;
    saha_status rc = SAHA_OK;
    if (!json_is_object(v))
        return rep_error(p, "travel", "expected an object, got %s",
                         saha__json_type_name(v));
    json_object_foreach((json_t *)v, k, e)
    {
        if (!strcmp(k, "circuity")) {
            rc = get_number(p, "travel.circuity", e, 1.0, 5.0, &rep->travel.circuity);
        } else if (!strcmp(k, "speed_kmh")) {
            size_t i, n;
            const json_t *band;
            if (json_is_number(e)) {
                /* one speed for every leg */
                rep->travel.nbands = 1;
                rep->travel.upto_km[0] = 1e9;
                rc = get_number(p, "travel.speed_kmh", e, 1, 300,
                                &rep->travel.speed_kmh[0]);
                if (rc < 0)
                    return rc;
                continue;
            }
            n = json_is_array(e) ? json_array_size(e) : 0;
            if (n == 0 || n > SAHA_TRAVEL_MAX_BANDS)
                return rep_error(p, "travel.speed_kmh",
                                 "expected 1 to %d bands [[upto_km, speed_kmh], ...]",
                                 SAHA_TRAVEL_MAX_BANDS);
            json_array_foreach(e, i, band)
            {
                double upto = 0, speed = 0;
                if (!json_is_array(band) || json_array_size(band) != 2)
                    return rep_error(p, "travel.speed_kmh",
                                     "band %zu: expected [upto_km, speed_kmh]", i + 1);
                rc = get_number(p, "travel.speed_kmh", json_array_get(band, 0), 0, 1e12,
                                &upto);
                if (rc == SAHA_OK)
                    rc = get_number(p, "travel.speed_kmh", json_array_get(band, 1), 1,
                                    300, &speed);
                if (rc < 0)
                    return rc;
                if (i > 0 && upto <= rep->travel.upto_km[i - 1])
                    return rep_error(
                        p, "travel.speed_kmh",
                        "band %zu: upto_km %g is not above the previous band's", i + 1,
                        upto);
                rep->travel.upto_km[i] = upto;
                rep->travel.speed_kmh[i] = speed;
            }
            rep->travel.nbands = n;
        } else if (!strcmp(k, "circuity_by_km")) {
            /* knots [[straight_km, circuity], ...] (saha calibrate writes them) */
            size_t i, n = json_is_array(e) ? json_array_size(e) : SIZE_MAX;
            const json_t *knot;
            if (n > SAHA_TRAVEL_MAX_BANDS)
                return rep_error(p, "travel.circuity_by_km",
                                 "expected up to %d knots [[km, circuity], ...]",
                                 SAHA_TRAVEL_MAX_BANDS);
            json_array_foreach(e, i, knot)
            {
                double km = 0, c = 0;
                if (!json_is_array(knot) || json_array_size(knot) != 2)
                    return rep_error(p, "travel.circuity_by_km",
                                     "knot %zu: expected [km, circuity]", i + 1);
                rc = get_number(p, "travel.circuity_by_km", json_array_get(knot, 0), 0,
                                1e6, &km);
                if (rc == SAHA_OK)
                    rc = get_number(p, "travel.circuity_by_km", json_array_get(knot, 1),
                                    1.0, 5.0, &c);
                if (rc < 0)
                    return rc;
                if (!(km > 0) || (i > 0 && km <= rep->travel.circ_km[i - 1]))
                    return rep_error(p, "travel.circuity_by_km",
                                     "knot %zu: km %g is not above the previous knot's",
                                     i + 1, km);
                if (i > 0 &&
                    km * c < rep->travel.circ_km[i - 1] * rep->travel.circ[i - 1])
                    return rep_error(p, "travel.circuity_by_km",
                                     "knot %zu: road km (km x circuity) below the "
                                     "previous knot's",
                                     i + 1);
                rep->travel.circ_km[i] = km;
                rep->travel.circ[i] = c;
            }
            rep->travel.ncirc = n;
        } else {
            rc = unknown_key(p, "travel", k);
        }
        if (rc < 0)
            return rc;
    }
    return SAHA_OK;
}

static saha_status parse_cost(const rep_parser *p, const json_t *v, saha_rep *rep)
{
    const char *k;
    json_t *e;
    saha_status rc;
    if (!json_is_object(v))
        return rep_error(p, "cost", "expected an object, got %s",
                         saha__json_type_name(v));
    json_object_foreach((json_t *)v, k, e)
    {
        if (!strcmp(k, "per_km"))
            rc = get_number(p, "cost.per_km", e, 0, 1e6, &rep->cost_per_km);
        else if (!strcmp(k, "per_hour"))
            rc = get_number(p, "cost.per_hour", e, 0, 1e7, &rep->cost_per_hour);
        else if (!strcmp(k, "currency"))
            rc = get_string(p, "cost.currency", e, rep->currency, sizeof rep->currency);
        else
            rc = unknown_key(p, "cost", k);
        if (rc < 0)
            return rc;
    }
    return SAHA_OK;
}

static saha_status parse_overnight(const rep_parser *p, const json_t *v, saha_rep *rep)
{
    const char *k;
    json_t *e;
    saha_status rc;
    if (!json_is_object(v))
        return rep_error(p, "overnight", "expected an object, got %s",
                         saha__json_type_name(v));
    json_object_foreach((json_t *)v, k, e)
    {
        if (!strcmp(k, "allowed"))
            rc = get_bool(p, "overnight.allowed", e, &rep->overnight_allowed);
        else if (!strcmp(k, "hotel_cost"))
            rc = get_number(p, "overnight.hotel_cost", e, 0, 1e7, &rep->hotel_cost);
        else
            rc = unknown_key(p, "overnight", k);
        if (rc < 0)
            return rc;
    }
    return SAHA_OK;
}

/* "days_off": ["2026-12-03", ...] */
static saha_status get_days_off(const rep_parser *p, const json_t *v, saha_rep *rep)
{
    size_t i;
    json_t *e;
    if (!json_is_array(v))
        return rep_error(p, "days_off", "expected an array of \"YYYY-MM-DD\", got %s",
                         saha__json_type_name(v));
    if (json_array_size(v) > SAHA_REP_MAX_DAYS_OFF)
        return rep_error(p, "days_off", "more than %d days", SAHA_REP_MAX_DAYS_OFF);
    rep->ndays_off = 0;
    json_array_foreach(v, i, e)
    {
        saha_datetime d;
        const char *s = json_is_string(e) ? json_string_value(e) : NULL;
        if (!s || strlen(s) != 10 || saha_datetime_parse(s, &d) != 0)
            return rep_error(p, "days_off", "item %zu: expected \"YYYY-MM-DD\"", i + 1);
        rep->days_off[rep->ndays_off++] = d;
    }
    return SAHA_OK;
}

/* Adds one holiday; a date given twice keeps the shorter working day (a full holiday
 * beats a half day). */
static saha_status add_holiday(const rep_parser *p, const char *key, saha_rep *rep,
                               saha_datetime d, int end_min)
{
    for (size_t k = 0; k < rep->nholidays; k++) {
        saha_rep_holiday *h = &rep->holidays[k];
        if (h->date.year == d.year && h->date.month == d.month && h->date.day == d.day) {
            if (end_min < 0 || (h->end_min >= 0 && end_min < h->end_min))
                h->end_min = end_min;
            return SAHA_OK;
        }
    }
    if (rep->nholidays >= SAHA_REP_MAX_HOLIDAYS)
        return rep_error(p, key, "more than %d holidays", SAHA_REP_MAX_HOLIDAYS);
    rep->holidays[rep->nholidays].date = d;
    rep->holidays[rep->nholidays].end_min = end_min;
    rep->nholidays++;
    return SAHA_OK;
}

/* "holidays": ["2026-01-01", {"date": "2026-03-19", "until": "13:00"}, ...] */
static saha_status get_holidays(const rep_parser *p, const json_t *v, saha_rep *rep)
{
    size_t i;
    json_t *e;
    if (!json_is_array(v))
        return rep_error(p, "holidays",
                         "expected an array of \"YYYY-MM-DD\" or {\"date\": "
                         "\"YYYY-MM-DD\", \"until\": \"HH:MM\"}, got %s",
                         saha__json_type_name(v));
    json_array_foreach(v, i, e)
    {
        saha_datetime d;
        const char *s = NULL;
        int end_min = -1;
        saha_status rc;
        if (json_is_string(e)) {
            s = json_string_value(e);
        } else if (json_is_object(e)) {
            const char *k;
            json_t *f;
            json_object_foreach(e, k, f)
            {
                if (!strcmp(k, "date") && json_is_string(f)) {
                    s = json_string_value(f);
                } else if (!strcmp(k, "until")) {
                    if (get_hhmm(p, "holidays", f, &end_min) < 0)
                        return rep_error(p, "holidays",
                                         "item %zu: until: expected \"HH:MM\"", i + 1);
                } else if (strcmp(k, "name") != 0) {
                    return rep_error(p, "holidays",
                                     "item %zu: unknown key \"%.40s\" (want date, "
                                     "until, name)",
                                     i + 1, k);
                }
            }
        }
        if (!s || strlen(s) != 10 || saha_datetime_parse(s, &d) != 0)
            return rep_error(p, "holidays", "item %zu: expected \"YYYY-MM-DD\"", i + 1);
        rc = add_holiday(p, "holidays", rep, d, end_min);
        if (rc < 0)
            return rc;
    }
    return SAHA_OK;
}

/* "holidays_file": a CSV with a date column (date or tarih) and optional name (ad,
 * isim) and until (bitis) columns; relative paths are read from the rep file's folder.
 * Errors name the holiday file, its line and the column. */
static saha_status get_holidays_file(const rep_parser *p, const json_t *v, saha_rep *rep)
{
    char path[4096];
    char *data = NULL;
    size_t len = 0, cdate = SIZE_MAX, cuntil = SIZE_MAX;
    const char *slash, *name;
    saha__csv c;
    saha_status rc;
    int r, header = 1;

    if (!json_is_string(v) || json_string_length(v) == 0)
        return rep_error(p, "holidays_file", "expected a file name, got %s",
                         saha__json_type_name(v));
    name = json_string_value(v);
    slash = strrchr(p->source, '/');
    if (name[0] != '/' && slash && p->source[0] != '<')
        r = snprintf(path, sizeof path, "%.*s/%s", (int)(slash - p->source), p->source,
                     name);
    else
        r = snprintf(path, sizeof path, "%s", name);
    if (r < 0 || (size_t)r >= sizeof path)
        return rep_error(p, "holidays_file", "path too long");
    rc = saha__read_file(p->ctx, path, REP_MAX_BYTES, &data, &len);
    if (rc < 0)
        return rc;
    saha__csv_init(&c, p->ctx, path, data, len, 0);
    while ((r = saha__csv_next_nonblank(&c)) > 0) {
        saha_datetime d;
        int end_min = -1;
        const char *ds, *us;
        if (header) {
            static const char *const date_names[] = {"date", "tarih", NULL};
            static const char *const until_names[] = {"until", "bitis", NULL};
            cdate = saha__csv_column(&c, date_names);
            cuntil = saha__csv_column(&c, until_names);
            header = 0;
            if (cdate == SIZE_MAX) {
                rc = saha__error_set(p->ctx, SAHA_EPARSE, path, c.line, 0,
                                     "date: no date column (want date,name,until)");
                goto done;
            }
            continue;
        }
        ds = saha__csv_cell(&c, cdate);
        if (strlen(ds) != 10 || saha_datetime_parse(ds, &d) != 0) {
            rc = saha__error_set(p->ctx, SAHA_EPARSE, path, c.line, 0,
                                 "date: expected YYYY-MM-DD, got '%.40s'", ds);
            goto done;
        }
        us = cuntil != SIZE_MAX ? saha__csv_cell(&c, cuntil) : "";
        if (us[0] && saha__parse_hhmm(us, strlen(us), &end_min) < 0) {
            rc = saha__error_set(p->ctx, SAHA_EPARSE, path, c.line, 0,
                                 "until: expected HH:MM or empty, got '%.40s'", us);
            goto done;
        }
        if (rep->nholidays >= SAHA_REP_MAX_HOLIDAYS) {
            rc = saha__error_set(p->ctx, SAHA_EPARSE, path, c.line, 0,
                                 "date: more than %d holidays", SAHA_REP_MAX_HOLIDAYS);
            goto done;
        }
        rc = add_holiday(p, "holidays_file", rep, d, end_min);
        if (rc < 0)
            goto done;
    }
    rc = r < 0 ? (saha_status)r : SAHA_OK;
done:
    saha__csv_free(&c);
    saha__free(p->ctx, data);
    return rc;
}

/* "working_hours": "Mo-Th 08:30-18:00; Fr 08:30-15:00" (opening_hours syntax): per
 * weekday, the first opening to the last closing. */
static saha_status get_working_hours(const rep_parser *p, const json_t *v, saha_rep *rep)
{
    saha_hours h;
    char msg[SAHA_ERROR_SIZE];
    if (!json_is_string(v))
        return rep_error(p, "working_hours",
                         "expected opening hours such as \"Mo-Fr 08:30-18:00\", got %s",
                         saha__json_type_name(v));
    if (saha_account__hours_parse(&h, json_string_value(v), msg, sizeof msg) < 0)
        return rep_error(p, "working_hours", "%s", msg);
    rep->has_week_hours = 1;
    for (int d = 0; d < 7; d++) {
        rep->week_start_min[d] = rep->week_end_min[d] = 0;
        if (h.nspans[d]) {
            rep->week_start_min[d] = h.span[d][0].open_min;
            rep->week_end_min[d] = h.span[d][h.nspans[d] - 1].close_min;
        }
    }
    return SAHA_OK;
}

/* "frequency_tolerance": a share of frequency_days (0.2) or "20%". */
static saha_status get_tolerance(const rep_parser *p, const json_t *v, saha_rep *rep)
{
    double share;
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        if (n < 2 || s[n - 1] != '%' || saha__parse_double(s, n - 1, 0, &share) < 0)
            return rep_error(p, "frequency_tolerance",
                             "expected a share such as 0.2 or \"20%%\", got \"%.40s\"",
                             s);
        share /= 100.0;
    } else if (json_is_number(v)) {
        share = json_number_value(v);
    } else {
        return rep_error(p, "frequency_tolerance",
                         "expected a share such as 0.2 or \"20%%\", got %s",
                         saha__json_type_name(v));
    }
    if (!(share >= 0 && share <= 0.5))
        return rep_error(p, "frequency_tolerance", "%g is out of range [0, 0.5]", share);
    rep->frequency_tolerance = share;
    return SAHA_OK;
}

static int holiday_less(const saha_rep_holiday *a, const saha_rep_holiday *b)
{
    return saha__days_from_civil(a->date.year, a->date.month, a->date.day) <
           saha__days_from_civil(b->date.year, b->date.month, b->date.day);
}

/* An IANA zone name is checked by loading it: "Europe" (a folder), "zone.tab" or a
 * name with ".." pass a mere existence test and glibc then falls back to UTC without a
 * word. A zone is a file of the system's database that starts with the TZif magic.
 * Without any database (no folder) every name is accepted as before: the caller warns
 * when it cannot use it. "" means no zone. */
static saha_status check_timezone(const rep_parser *p, const char *tz)
{
    char path[sizeof REP_ZONEINFO + sizeof((saha_rep *)0)->timezone + 2];
    char magic[4];
    struct stat sb;
    const char *c = tz, *why = NULL;
    int fd, n;

    if (!tz[0])
        return SAHA_OK;
    if (tz[0] == '/')
        return rep_error(p, "timezone",
                         "'%s': want an IANA zone name such as "
                         "\"Europe/Istanbul\", not a path",
                         tz);
    for (; *c; c++) {
        int okc = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
                  (*c >= '0' && *c <= '9') || *c == '/' || *c == '_' || *c == '-' ||
                  *c == '+' || *c == '.';
        if (!okc || (*c == '.' && (c == tz || c[-1] == '/')) ||
            (*c == '/' && (c[1] == '/' || c[1] == '\0')))
            return rep_error(p, "timezone",
                             "'%s': want an IANA zone name such as \"Europe/Istanbul\"",
                             tz);
    }
    if (stat(REP_ZONEINFO, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return SAHA_OK;
    n = snprintf(path, sizeof path, "%s/%s", REP_ZONEINFO, tz);
    if (n < 0 || (size_t)n >= sizeof path)
        return rep_error(p, "timezone", "'%s': name too long", tz);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        why = "not in the system's time zone database";
    } else {
        if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
            read(fd, magic, sizeof magic) != (ssize_t)sizeof magic ||
            memcmp(magic, "TZif", 4) != 0)
            why = "not a time zone (no TZif data in the system's database)";
        close(fd);
    }
    if (why)
        return rep_error(p, "timezone", "'%s' is %s", tz, why);
    return SAHA_OK;
}

static saha_status parse_root(const rep_parser *p, const json_t *root, saha_rep *rep)
{
    const char *k;
    json_t *v;
    saha_status rc;
    int has_home = 0;

    if (!json_is_object(root))
        return saha__error_set(p->ctx, SAHA_EPARSE, p->source, 1, 0,
                               "expected a JSON object, got %s",
                               saha__json_type_name(root));
    json_object_foreach((json_t *)root, k, v)
    {
        if (!strcmp(k, "name")) {
            rc = get_string(p, "name", v, rep->name, sizeof rep->name);
        } else if (!strcmp(k, "home")) {
            rc = parse_home(p, v, rep);
            has_home = 1;
        } else if (!strcmp(k, "timezone")) {
            rc = get_string(p, "timezone", v, rep->timezone, sizeof rep->timezone);
            if (rc == SAHA_OK)
                rc = check_timezone(p, rep->timezone);
        } else if (!strcmp(k, "days")) {
            rc = get_days(p, v, &rep->days_mask);
        } else if (!strcmp(k, "day_start")) {
            rc = get_hhmm(p, "day_start", v, &rep->day_start_min);
        } else if (!strcmp(k, "day_end")) {
            rc = get_hhmm(p, "day_end", v, &rep->day_end_min);
        } else if (!strcmp(k, "lunch")) {
            rc = parse_lunch(p, v, rep);
        } else if (!strcmp(k, "max_drive_minutes_per_day")) {
            rc = get_int(p, k, v, 0, 1440, &rep->max_drive_min);
        } else if (!strcmp(k, "max_km_per_day")) {
            rc = get_number(p, k, v, 0, 1e5, &rep->max_km);
        } else if (!strcmp(k, "max_visits_per_day")) {
            rc = get_int(p, k, v, 0, 1000, &rep->max_visits);
        } else if (!strcmp(k, "travel")) {
            rc = parse_travel(p, v, rep);
        } else if (!strcmp(k, "cost")) {
            rc = parse_cost(p, v, rep);
        } else if (!strcmp(k, "overnight")) {
            rc = parse_overnight(p, v, rep);
        } else if (!strcmp(k, "days_off")) {
            rc = get_days_off(p, v, rep);
        } else if (!strcmp(k, "holidays")) {
            rc = get_holidays(p, v, rep);
        } else if (!strcmp(k, "holidays_file")) {
            rc = get_holidays_file(p, v, rep);
        } else if (!strcmp(k, "working_hours")) {
            rc = get_working_hours(p, v, rep);
        } else if (!strcmp(k, "frequency_tolerance")) {
            rc = get_tolerance(p, v, rep);
        } else {
            rc = unknown_key(p, "", k);
        }
        if (rc < 0)
            return rc;
    }
    if (!has_home)
        return saha__error_set(p->ctx, SAHA_EPARSE, p->source, 1, 0,
                               "home: missing (the rep's start point, "
                               "{\"lat\": .., \"lon\": ..})");
    if (rep->has_week_hours) {
        /* the per-weekday windows decide the days; day_start/day_end become the union */
        int lo = 24 * 60, hi = 0;
        rep->days_mask = 0;
        for (int d = 0; d < 7; d++)
            if (rep->week_end_min[d] > rep->week_start_min[d]) {
                rep->days_mask |= (uint8_t)(1u << d);
                lo = rep->week_start_min[d] < lo ? rep->week_start_min[d] : lo;
                hi = rep->week_end_min[d] > hi ? rep->week_end_min[d] : hi;
            }
        if (!rep->days_mask)
            return rep_error(p, "working_hours", "no working day");
        rep->day_start_min = lo;
        rep->day_end_min = hi;
    }
    for (size_t i = 1; i < rep->nholidays; i++) /* insertion sort by date */
        for (size_t j = i;
             j > 0 && holiday_less(&rep->holidays[j], &rep->holidays[j - 1]); j--) {
            saha_rep_holiday t = rep->holidays[j];
            rep->holidays[j] = rep->holidays[j - 1];
            rep->holidays[j - 1] = t;
        }
    if (rep->day_end_min <= rep->day_start_min)
        return rep_error(p, "day_end", "%02d:%02d is not after day_start %02d:%02d",
                         rep->day_end_min / 60, rep->day_end_min % 60,
                         rep->day_start_min / 60, rep->day_start_min % 60);
    if (rep->lunch_min > 0 &&
        (rep->lunch_earliest_min + rep->lunch_min > rep->day_end_min ||
         rep->lunch_latest_min < rep->day_start_min))
        return rep_error(p, "lunch", "the lunch window does not fit in the working day");
    return SAHA_OK;
}

void saha_rep_defaults(saha_rep *out)
{
    static const saha_travel_model tm = SAHA_TRAVEL_MODEL_INIT;
    memset(out, 0, sizeof *out);
    out->home.lat_deg = NAN;
    out->home.lon_deg = NAN;
    memcpy(out->timezone, "Europe/Istanbul", sizeof "Europe/Istanbul");
    out->days_mask = 0x1f; /* Mo-Fr */
    out->day_start_min = 8 * 60 + 30;
    out->day_end_min = 18 * 60;
    out->lunch_min = 45;
    out->lunch_earliest_min = 12 * 60;
    out->lunch_latest_min = 14 * 60;
    out->lunch_on_road = 1;
    out->max_drive_min = 0;
    out->max_km = 0;
    out->max_visits = 0;
    out->travel = tm;
    out->cost_per_km = 0.25;
    out->cost_per_hour = 40;
    memcpy(out->currency, "EUR", sizeof "EUR");
    out->overnight_allowed = 0;
    out->hotel_cost = 90;
    out->frequency_tolerance = 0.2;
}

saha_status saha_rep_parse(saha_rep *out, saha_ctx *ctx, const char *source,
                           const char *data, size_t len)
{
    json_t *root;
    rep_parser p;
    saha_rep rep;
    saha_status rc;

    SAHA__CHECK_ARG(ctx, out && (data || len == 0));
    saha__error_clear(ctx);
    if (!source)
        source = "<rep>";
    saha_rep_defaults(&rep);
    root = saha__json_load(ctx, data, len, JSON_REJECT_DUPLICATES, source, NULL);
    if (!root)
        return SAHA_EPARSE;
    p.ctx = ctx;
    p.source = source;
    p.data = data;
    p.len = len;
    rc = parse_root(&p, root, &rep);
    json_decref(root);
    if (rc == SAHA_OK)
        *out = rep;
    return rc;
}

saha_status saha_rep_load(saha_rep *out, saha_ctx *ctx, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    saha_status rc;

    SAHA__CHECK_ARG(ctx, out && path);
    saha__error_clear(ctx);
    rc = saha__read_file(ctx, path, REP_MAX_BYTES, &data, &len);
    if (rc < 0)
        return rc;
    rc = saha_rep_parse(out, ctx, path, data, len);
    saha__free(ctx, data);
    return rc;
}
