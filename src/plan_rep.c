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

#include "internal/core.h"
#include "util/json.h"
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
