/* Shared helpers of the export writers: escaping for XML, CSV, JSON and iCalendar text,
 * iCalendar line folding, locale-free numbers, times, labels, argument checks, and the
 * final write. Every writer builds its whole document in a saha__buf and writes it once
 * through saha_export__write(), so a write error is reported once, as SAHA_EIO.
 * Called by export_*.c and svgmap.c. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "internal/export.h"
#include "util/csv.h"

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 when invalid. Rejects
 * overlong forms, surrogates and code points above U+10FFFF (RFC 3629). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len, i;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Appends s with invalid UTF-8 replaced by U+FFFD; escape(c) gives a replacement for
 * single ASCII bytes (NULL = keep). xml: U+FFFE and U+FFFF, not XML characters, are
 * replaced by U+FFFD too. */
typedef const char *(*escape_fn)(unsigned char c, char tmp[8]);

static saha_status put_escaped(saha__buf *b, const char *s, escape_fn esc, int xml)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p);
    saha_status rc = SAHA_OK;
    char tmp[8];
    while (n > 0 && rc == SAHA_OK) {
        size_t k = utf8_len(p, n);
        const char *rep = NULL;
        if (k == 0) {
            rep = REPLACEMENT;
            k = 1;
        } else if (k == 1) {
            rep = esc(*p, tmp);
        } else if (xml && k == 3 && p[0] == 0xEF && p[1] == 0xBF &&
                   (p[2] == 0xBE || p[2] == 0xBF)) {
            rep = REPLACEMENT;
        }
        rc = rep ? saha__buf_puts(b, rep) : saha__buf_append(b, p, k);
        p += k;
        n -= k;
    }
    return rc;
}

static const char *xml_esc(unsigned char c, char tmp[8])
{
    (void)tmp;
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    case '\t':
        return "&#9;";
    case '\n':
        return "&#10;";
    case '\r':
        return "&#13;";
    default:
        /* other controls are not allowed in XML 1.0 (DEL: discouraged) */
        return c < 0x20 || c == 0x7F ? "" : NULL;
    }
}

saha_status saha_export__xml(saha__buf *b, const char *s)
{
    return put_escaped(b, s, xml_esc, 1);
}

static const char *csv_esc(unsigned char c, char tmp[8])
{
    (void)tmp;
    return c == '"' ? "\"\"" : NULL;
}

/* One CSV field holding `prefix` (0 = none) followed by t; the quoting rules look at
 * the field as written, prefix included. */
static saha_status csv_field(saha__buf *b, char prefix, const char *t, char delim)
{
    int quote = saha__csv_needs_quotes(t, strlen(t), delim, prefix != 0);
    saha_status rc = SAHA_OK;
    if (quote)
        rc = saha__buf_putc(b, '"');
    if (rc == SAHA_OK && prefix)
        rc = saha__buf_putc(b, prefix);
    if (rc == SAHA_OK)
        rc = put_escaped(b, t, csv_esc, 0);
    if (rc == SAHA_OK && quote)
        rc = saha__buf_putc(b, '"');
    return rc;
}

saha_status saha_export__csv(saha__buf *b, const char *s)
{
    return csv_field(b, 0, s ? s : "", ',');
}

int saha_export__csv_formula_start(const char *s)
{
    /* OWASP "CSV Injection": cells starting with these are run as formulas (tab and
     * CR because spreadsheets strip them and look at what follows). */
    return s && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

saha_status saha_export__csv_text(saha__buf *b, const char *s, int guard)
{
    const char *t = s ? s : "";
    return csv_field(b, guard && saha_export__csv_formula_start(t) ? '\'' : 0, t, ',');
}

saha_status saha_export__csv_text_delim(saha__buf *b, const char *s, int guard,
                                        char delim)
{
    const char *t = s ? s : "";
    return csv_field(b, guard && saha_export__csv_formula_start(t) ? '\'' : 0, t, delim);
}

static const char *json_esc(unsigned char c, char tmp[8])
{
    static const char hex[] = "0123456789abcdef";
    switch (c) {
    case '"':
        return "\\\"";
    case '\\':
        return "\\\\";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    default:
        if (c >= 0x20)
            return NULL;
        memcpy(tmp, "\\u00", 4);
        tmp[4] = hex[c >> 4];
        tmp[5] = hex[c & 15];
        tmp[6] = '\0';
        return tmp;
    }
}

saha_status saha_export__json(saha__buf *b, const char *s)
{
    saha_status rc = saha__buf_putc(b, '"');
    if (rc == SAHA_OK)
        rc = put_escaped(b, s, json_esc, 0);
    if (rc == SAHA_OK)
        rc = saha__buf_putc(b, '"');
    return rc;
}

static const char *ics_esc(unsigned char c, char tmp[8])
{
    (void)tmp;
    switch (c) {
    case '\\':
        return "\\\\";
    case ';':
        return "\\;";
    case ',':
        return "\\,";
    case '\n':
        return "\\n";
    default:
        /* RFC 5545 3.3.11: control characters other than HTAB are not allowed */
        return (c < 0x20 && c != '\t') || c == 0x7F ? "" : NULL;
    }
}

saha_status saha_export__ics_text(saha__buf *b, const char *s)
{
    return put_escaped(b, s, ics_esc, 0);
}

saha_status saha_export__ics_line(saha__buf *b, const char *line, size_t len)
{
    /* RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets excluding the CRLF; a
     * continuation starts with one space, which counts towards its 75. */
    size_t pos = 0, limit = 75;
    saha_status rc = SAHA_OK;
    while (rc == SAHA_OK && len - pos > limit) {
        size_t cut = pos + limit;
        /* back off continuation bytes so a UTF-8 sequence stays whole */
        while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
            cut--;
        if (cut == pos) /* cannot happen with valid UTF-8; cut hard rather than loop */
            cut = pos + limit;
        rc = saha__buf_append(b, line + pos, cut - pos);
        if (rc == SAHA_OK)
            rc = saha__buf_puts(b, "\r\n ");
        pos = cut;
        limit = 74;
    }
    if (rc == SAHA_OK)
        rc = saha__buf_append(b, line + pos, len - pos);
    if (rc == SAHA_OK)
        rc = saha__buf_puts(b, "\r\n");
    return rc;
}

saha_status saha_export__num(saha__buf *b, double v, int decimals, const char *nan_text)
{
    return saha__buf_num(b, v, decimals, nan_text);
}

int64_t saha_export__round_min(int64_t s)
{
    int64_t m = s >= 0 ? (s + 30) / 60 : -((30 - s) / 60);
    return m * 60;
}

void saha_export__hhmm(char dst[16], int32_t s)
{
    long m = s >= 0 ? ((long)s + 30) / 60 : -((30 - (long)s) / 60);
    if (m < 0)
        m = 0;
    snprintf(dst, 16, "%02ld:%02ld", (m / 60) % 100, m % 60);
}

void saha_export__date(char dst[16], saha_datetime d)
{
    snprintf(dst, 16, "%04d-%02d-%02d", d.year % 10000, d.month % 100, d.day % 100);
}

void saha_export__day_label(char dst[32], const saha_plan_day *d)
{
    static const char *const wd[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int w = saha__weekday(d->date.year, d->date.month, d->date.day);
    int m = d->date.month;
    snprintf(dst, 32, "%s %d %s", wd[w >= 0 && w < 7 ? w : 0], d->date.day % 100,
             mo[m >= 1 && m <= 12 ? m - 1 : 0]);
}

saha_datetime saha_export__add_seconds(saha_datetime d, int64_t s, int *second_out)
{
    int64_t day = saha__days_from_civil(d.year, d.month, d.day);
    int64_t t = (int64_t)d.hour * 3600 + (int64_t)d.minute * 60 + s;
    int64_t q = t >= 0 ? t / 86400 : -((86399 - t) / 86400);
    int64_t r = t - q * 86400;
    saha_datetime o = {0, 0, 0, 0, 0};
    int y, m, dd;
    saha__civil_from_days(day + q, &y, &m, &dd);
    o.year = (int16_t)y;
    o.month = (uint8_t)m;
    o.day = (uint8_t)dd;
    o.hour = (uint8_t)(r / 3600);
    o.minute = (uint8_t)(r % 3600 / 60);
    if (second_out)
        *second_out = (int)(r % 60);
    return o;
}

const char *saha_export__name(const saha_account *a)
{
    return a->name && a->name[0] ? a->name : a->id;
}

void saha_export__change_when(char dst[24], const saha_plan_change *c, int to)
{
    saha_datetime d = to ? c->to : c->from;
    if (!d.year)
        dst[0] = '\0';
    else if (c->status >= SAHA_CHANGE_NIGHT_KEPT)
        snprintf(dst, 24, "%04d-%02d-%02d", d.year % 10000, d.month % 100, d.day % 100);
    else
        snprintf(dst, 24, "%04d-%02d-%02d %02d:%02d", d.year % 10000, d.month % 100,
                 d.day % 100, d.hour % 100, d.minute % 100);
}

const saha_account *saha_export__skip_place(const saha_account_set *acc,
                                            const saha_plan_skip *s, saha_latlon *p)
{
    const saha_account *a = saha_account_at(acc, s->account);
    if (!a || !a->has_coords || !isfinite(a->lat_deg) || !isfinite(a->lon_deg))
        return NULL;
    p->lat_deg = a->lat_deg;
    p->lon_deg = a->lon_deg;
    return a;
}

saha_status saha_export__check(saha_ctx *ctx, const saha_itinerary *it,
                               const saha_account_set *accounts)
{
    size_t n, d, i;
    SAHA__CHECK_ARG(ctx, it != NULL);
    SAHA__CHECK_ARG(ctx, accounts != NULL);
    SAHA__CHECK_ARG(ctx, it->ndays == 0 || it->days != NULL);
    SAHA__CHECK_ARG(ctx, it->nskipped == 0 || it->skipped != NULL);
    n = saha_account_count(accounts);
    for (d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        if (day->nstops > 0 && !day->stops)
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "itinerary day %zu has %zu stops but no stop array",
                                   d + 1, day->nstops);
        for (i = 0; i < day->nstops; i++) {
            const saha_account *a;
            if (day->stops[i].account >= n)
                return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                       "itinerary day %zu stop %zu: account index %zu "
                                       "out of range (%zu accounts)",
                                       d + 1, i + 1, day->stops[i].account, n);
            a = saha_account_at(accounts, day->stops[i].account);
            if (!a->has_coords || !isfinite(a->lat_deg) || !isfinite(a->lon_deg))
                return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                       "itinerary day %zu stop %zu: account %s has no "
                                       "coordinates",
                                       d + 1, i + 1, a->id);
        }
    }
    for (i = 0; i < it->nskipped; i++)
        if (it->skipped[i].account >= n)
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "itinerary skipped entry %zu: account index %zu out "
                                   "of range (%zu accounts)",
                                   i + 1, it->skipped[i].account, n);
    return SAHA_OK;
}

saha_status saha_export__run(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                             const saha_account_set *accounts,
                             const saha_export_options *opts, saha_export__opts_fn check,
                             saha_export__doc_fn fn)
{
    saha_export_options o;
    saha__buf b;
    saha_status rc;
    if (!ctx)
        return SAHA_EINVAL;
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, f != NULL);
    SAHA__CHECK_ARG(ctx, !opts || opts->version == SAHA_EXPORT_OPTIONS_VERSION);
    (void)saha_export_options_init(&o, SAHA_EXPORT_OPTIONS_VERSION);
    if (opts)
        o = *opts;
    rc = check ? check(ctx, &o) : SAHA_OK;
    if (rc >= 0)
        rc = saha_export__check(ctx, it, accounts);
    if (rc < 0)
        return rc;
    saha__buf_init(&b, ctx, SAHA_EXPORT__MAX_BYTES);
    rc = fn(&b, it, accounts, &o);
    if (rc == SAHA_OK)
        rc = saha_export__write(ctx, f, &b);
    saha__buf_free(&b);
    return rc;
}

saha_status saha_export__num_pair(saha__buf *b, const char *open, double x,
                                  const char *sep, double y, const char *close)
{
    saha_status rc = saha__buf_puts(b, open);
    if (rc == SAHA_OK)
        rc = saha_export__num(b, x, 6, "0");
    if (rc == SAHA_OK)
        rc = saha__buf_puts(b, sep);
    if (rc == SAHA_OK)
        rc = saha_export__num(b, y, 6, "0");
    if (rc == SAHA_OK)
        rc = saha__buf_puts(b, close);
    return rc;
}

saha_status saha_export__xml_el(saha__buf *b, const char *indent, const char *el,
                                const char *text)
{
    saha_status rc = saha__buf_printf(b, "%s<%s>", indent, el);
    if (rc == SAHA_OK)
        rc = saha_export__xml(b, text);
    if (rc == SAHA_OK)
        rc = saha__buf_printf(b, "</%s>\n", el);
    return rc;
}

saha_status saha_export__day_path(saha__buf *b, const saha_plan_day *day,
                                  const saha_account_set *acc, const char *sep,
                                  saha_status (*put)(saha__buf *b, saha_latlon p))
{
    saha_status rc = put(b, day->start_pos);
    for (size_t i = 0; rc == SAHA_OK && i < day->nstops; i++) {
        const saha_account *a = saha_account_at(acc, day->stops[i].account);
        saha_latlon p = {a->lat_deg, a->lon_deg};
        rc = saha__buf_puts(b, sep);
        if (rc == SAHA_OK)
            rc = put(b, p);
    }
    if (rc == SAHA_OK)
        rc = saha__buf_puts(b, sep);
    if (rc == SAHA_OK)
        rc = put(b, day->end_pos);
    return rc;
}

void saha_export__stop_text_fill(saha_export__stop_text *t, const saha_plan_stop *st,
                                 const saha_account *a, const saha_plan_day *day)
{
    saha_export__hhmm(t->arrive, st->arrive_s);
    saha_export__hhmm(t->depart, st->depart_s);
    saha_export__hhmm(t->start, st->start_s);
    saha_export__window(t->window, a, day);
}

saha_status saha_export_options_init(saha_export_options *opts, unsigned version)
{
    if (!opts || version != SAHA_EXPORT_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    return SAHA_OK;
}

saha_status saha_export__check_generated(saha_ctx *ctx, const saha_export_options *o)
{
    char stamp[24];
    if (o->generated && o->generated[0] && saha_export__iso_utc(o->generated, stamp) < 0)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "generated time is not YYYY-MM-DDTHH:MM:SSZ: %.40s",
                               o->generated);
    return SAHA_OK;
}

saha_status saha_export__write(saha_ctx *ctx, FILE *f, const saha__buf *b)
{
    size_t len = b->data ? b->len : 0;
    errno = 0;
    if ((len > 0 && fwrite(b->data, 1, len, f) != len) || fflush(f) != 0 || ferror(f)) {
        int e = errno;
        return saha__error_set(ctx, SAHA_EIO, NULL, 0, 0, "write error: %s",
                               e ? strerror(e) : "stream error");
    }
    return SAHA_OK;
}

const char *saha_export__title(char dst[64], const saha_itinerary *it,
                               const saha_export_options *opts)
{
    static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (opts && opts->title && opts->title[0])
        return opts->title;
    if (it->ndays > 0) {
        saha_datetime d = it->days[0].date;
        int m = d.month >= 1 && d.month <= 12 ? d.month - 1 : 0;
        snprintf(dst, 64, "Week of %d %s %04d", d.day % 100, mo[m], d.year % 10000);
        return dst;
    }
    return "Itinerary";
}

void saha_export__window(char dst[128], const saha_account *a, const saha_plan_day *d)
{
    size_t len = 0;
    int w = d->weekday;
    dst[0] = '\0';
    if (a->has_appointment && a->appointment.year == d->date.year &&
        a->appointment.month == d->date.month && a->appointment.day == d->date.day) {
        snprintf(dst, 128, "%02d:%02d appointment", a->appointment.hour % 100,
                 a->appointment.minute % 100);
        return;
    }
    if (!a->has_hours || w < 0 || w > 6)
        return;
    if (a->hours->nspans[w] == 0) {
        snprintf(dst, 128, "closed");
        return;
    }
    for (size_t i = 0; i < a->hours->nspans[w] && i < SAHA_HOURS_MAX_SPANS; i++) {
        int o = a->hours->span[w][i].open_min, c = a->hours->span[w][i].close_min;
        int n = snprintf(dst + len, 128 - len, "%s%02d:%02d-%02d:%02d", i ? "," : "",
                         (o / 60) % 100, o % 60, (c / 60) % 100, c % 60);
        if (n < 0 || (size_t)n >= 128 - len)
            break;
        len += (size_t)n;
    }
}

/* "YYYY-MM-DDTHH:MM:SSZ" (the xsd:dateTime form GPX needs) -> "YYYYMMDDTHHMMSSZ" for
 * iCalendar; -1 if malformed. */
int saha_export__iso_utc(const char *s, char dst[24])
{
    static const int pos[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
    size_t k = 0;
    if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':' || s[19] != 'Z')
        return -1;
    for (size_t i = 0; i < sizeof pos / sizeof pos[0]; i++) {
        if (s[pos[i]] < '0' || s[pos[i]] > '9')
            return -1;
        dst[k++] = s[pos[i]];
        if (k == 8)
            dst[k++] = 'T';
    }
    dst[k++] = 'Z';
    dst[k] = '\0';
    return 0;
}

int saha_export__lunch_at(const saha_plan_day *day, size_t i)
{
    if (day->lunch_start_s < 0 || i >= day->nstops)
        return 0;
    if (day->lunch_after == i)
        return 1;
    return day->lunch_after == day->nstops && i + 1 == day->nstops ? 2 : 0;
}

saha_status saha_export__lunch_parts(saha__buf *b, const saha_plan_day *day, size_t i,
                                     const saha_export_options *o, char l0[16],
                                     char l1[16])
{
    saha_export__hhmm(l0, day->lunch_start_s);
    saha_export__hhmm(l1, day->lunch_start_s + day->lunch_s);
    saha__buf_clear(b);
    return saha_export__lunch_note(b, day, i, o);
}

saha_status saha_export__lunch_note(saha__buf *b, const saha_plan_day *day, size_t i,
                                    const saha_export_options *o)
{
    saha_status rc;
    int at = saha_export__lunch_at(day, i);
    double leg_s, x_s = day->lunch_drive_s;
    if (!at)
        return SAHA_OK;
    leg_s = at == 1 ? day->stops[i].leg_s : day->return_leg_s;
    if (x_s <= 0) {
        SAHA_EXPORT__TRY(saha__buf_puts(b, L_("before leaving")));
    } else if (x_s >= leg_s) {
        SAHA_EXPORT__TRY(saha__buf_puts(b, at == 1 ? L_("on arrival, before the visit")
                                                   : L_("on arrival at the end")));
    } else {
        SAHA_EXPORT__TRY(
            saha__buf_printf(b, L_("on the road, after %.0f of the %.0f min drive"),
                             x_s / 60.0, leg_s / 60.0));
    }
done:
    return rc;
}

saha_status saha_export__num_lang(saha__buf *b, double v, int decimals, int group,
                                  const saha_export_options *o)
{
    char t[64];
    if (saha_format_number(t, sizeof t, v, decimals, group, o ? o->lang : NULL) < 0)
        return saha__buf_puts(b, "?");
    return saha__buf_puts(b, t);
}

int saha_export__lang_other(const saha_export_options *o)
{
    return strcmp(saha_format_lang(o ? o->lang : NULL), "en") != 0;
}

saha_status saha_export__num_text(saha__buf *b, double v, int decimals,
                                  const char *nan_text, const saha_export_options *o)
{
    if (!saha_export__lang_other(o) || !isfinite(v))
        return saha_export__num(b, v, decimals, nan_text);
    return saha_export__num_lang(b, v, decimals, 1, o);
}

void saha_export__window_lang(char dst[128], const saha_account *a,
                              const saha_plan_day *d, const saha_export_options *o)
{
    saha_export__window(dst, a, d);
    if (!saha_export__lang_other(o))
        return;
    if (a->has_appointment && a->appointment.year == d->date.year &&
        a->appointment.month == d->date.month && a->appointment.day == d->date.day) {
        char at[16];
        saha_export__hhmm(at, a->appointment.hour * 3600 + a->appointment.minute * 60);
        snprintf(dst, 128, L_("%s appointment"), at);
    } else if (!strcmp(dst, "closed")) {
        snprintf(dst, 128, "%s", L_("closed"));
    }
}

const char *saha_export__title_lang(char dst[64], const saha_itinerary *it,
                                    const saha_export_options *o)
{
    char d0[48];
    if (!saha_export__lang_other(o) || (o->title && o->title[0]))
        return saha_export__title(dst, it, o);
    if (it->ndays == 0 || saha_format_date(d0, sizeof d0, it->days[0].date,
                                           SAHA_DATE_DAY_MONTH_YEAR, o->lang) < 0)
        return L_("Itinerary");
    snprintf(dst, 64, L_("Week of %s"), d0);
    return dst;
}

void saha_export__day_label_lang(char dst[48], const saha_plan_day *d,
                                 const saha_export_options *o)
{
    if (saha_format_date(dst, 48, d->date, SAHA_DATE_SHORT, o ? o->lang : NULL) < 0)
        saha_export__date(dst, d->date);
}

/* A skip reason in words for the call list (the data-reason attribute keeps the name
 * saha_skip_reason_name() gives, which scripts and the CSV use). */
const char *saha_export__change_status_text(saha_change_status s,
                                            const saha_export_options *o)
{
    /* TRANSLATORS: the status of an account (or a night away) in a re-plan's list of
     * changes against the previous plan */
    switch (s) {
    case SAHA_CHANGE_KEPT:
        return L_("kept");
    case SAHA_CHANGE_MOVED:
        return L_("moved");
    case SAHA_CHANGE_ADDED:
        return L_("added");
    case SAHA_CHANGE_DROPPED:
        return L_("dropped");
    case SAHA_CHANGE_NIGHT_KEPT:
        return L_("night_kept");
    case SAHA_CHANGE_NIGHT_CANCELLED:
        return L_("night_cancelled");
    case SAHA_CHANGE_NIGHT_ADDED:
        return L_("night_added");
    }
    return saha_change_status_name(s);
}
