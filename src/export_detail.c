/* export_detail: a skip's detail and a re-plan change's reason in the reader's language,
 * from their code and arguments (saha_detail, made by plan_model.c, plan_reasons.c,
 * plan_itinerary.c and plan_changes.c).
 *
 * Method: one printf-style msgid per code (per code and variant), taken through the
 * export options' translator (L_), filled with pieces made first in the language's
 * notation: numbers (English: the C printf conversions the plan always used; others:
 * saha_format_number), dates (English ISO; others saha_format_date's numeric form) and
 * weekday names (export_format.c's tables). With no options, or no translator and lang
 * English, the text is the plan's own English byte for byte: the plan makes its
 * `detail` and `reason` strings with this function (test_detail checks every code).
 * It uses no plan file, so the plan can call it without a cycle between files; the
 * translator's wrappers (saha_export__tr, L_) and the skip reason's words
 * (saha_export__skip_reason_text) live here for the same reason.
 * Cost: O(length of the text). Callers: the plan files above, the exporters, the CLI. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal/core.h"
#include "internal/export.h"
#include "saha/export.h"

typedef struct piece {
    char s[80];
} piece;

static int english(const saha_export_options *o)
{
    return strcmp(saha_format_lang(o ? o->lang : NULL), "en") == 0;
}

/* v with `decimals` digits: English as printf's %.*f, else in the language's notation */
static const char *num(piece *p, double v, int decimals, const saha_export_options *o)
{
    if (english(o) || saha_format_number(p->s, sizeof p->s, v, decimals, 0, o->lang) < 0)
        snprintf(p->s, sizeof p->s, "%.*f", decimals, v);
    return p->s;
}

/* v as printf's %g, with the language's decimal mark */
static const char *gnum(piece *p, double v, const saha_export_options *o)
{
    snprintf(p->s, sizeof p->s, "%g", v);
    if (!english(o)) {
        char *dot = strchr(p->s, '.');
        if (dot)
            *dot = ','; /* the one other language, Turkish */
    }
    return p->s;
}

/* a whole amount with the thousands separator (English "12,345", "-3") */
static const char *grouped(piece *p, double v, const saha_export_options *o)
{
    char raw[48];
    size_t n, k = 0, lead;
    if (!english(o) && saha_format_number(p->s, sizeof p->s, v, 0, 1, o->lang) >= 0)
        return p->s;
    snprintf(raw, sizeof raw, "%.0f", fabs(v));
    n = strlen(raw);
    lead = n % 3 ? n % 3 : 3;
    if (v < 0)
        p->s[k++] = '-';
    for (size_t i = 0; i < n && k + 2 < sizeof p->s; i++) {
        if (i >= lead && (i - lead) % 3 == 0)
            p->s[k++] = ',';
        p->s[k++] = raw[i];
    }
    p->s[k] = '\0';
    return p->s;
}

static const char *date(piece *p, saha_datetime d, int with_time,
                        const saha_export_options *o)
{
    size_t n;
    if (english(o) ||
        saha_format_date(p->s, sizeof p->s, d, SAHA_DATE_NUMERIC, o->lang) < 0)
        snprintf(p->s, sizeof p->s, "%04d-%02d-%02d", d.year, d.month, d.day);
    n = strlen(p->s);
    if (with_time)
        snprintf(p->s + n, sizeof p->s - n, " %02d:%02d", d.hour, d.minute);
    return p->s;
}

/* minutes after midnight as HH:MM */
static const char *hhmm(piece *p, double min)
{
    int m = (int)min;
    snprintf(p->s, sizeof p->s, "%02d:%02d", m / 60, m % 60);
    return p->s;
}

/* "Mo-Fr", "Mo,We,Fr", "Tu-Th,Sa" for a weekday mask, in the language's abbreviations
 * (saha_export__weekday_abbr) */
static const char *mask_text(piece *p, unsigned mask, const saha_export_options *o)
{
    const char *lang = english(o) ? NULL : o->lang;
    size_t len = 0;
    p->s[0] = '\0';
    for (int d = 0; d < 7; d++) {
        int e = d, w;
        if (!(mask & (1u << d)))
            continue;
        while (e + 1 < 7 && (mask & (1u << (e + 1))))
            e++;
        if (e >= d + 2)
            w = snprintf(p->s + len, sizeof p->s - len, "%s%s-%s", len ? "," : "",
                         saha_export__weekday_abbr(d, lang),
                         saha_export__weekday_abbr(e, lang));
        else if (e == d + 1)
            w = snprintf(p->s + len, sizeof p->s - len, "%s%s,%s", len ? "," : "",
                         saha_export__weekday_abbr(d, lang),
                         saha_export__weekday_abbr(e, lang));
        else
            w = snprintf(p->s + len, sizeof p->s - len, "%s%s", len ? "," : "",
                         saha_export__weekday_abbr(d, lang));
        if (w < 0 || (size_t)w >= sizeof p->s - len)
            break;
        len += (size_t)w;
        d = e;
    }
    return p->s;
}

static const char *wd_min(int w, const saha_export_options *o)
{
    return saha_export__weekday_abbr(w, english(o) ? NULL : o->lang);
}

static const char *wd_full(int w, const saha_export_options *o)
{
    return saha_export__weekday_name(w, english(o) ? NULL : o->lang);
}

/* an account's opening hours as the plan wrote them (OSM syntax, kept); "closed" is the
 * one word among them */
static const char *hours(const char *h, const saha_export_options *o)
{
    if (!h)
        return "";
    return strcmp(h, "closed") == 0 ? L_("closed") : h;
}

static const char *str(const char *s)
{
    return s ? s : "";
}

const char *saha_export__tr(const saha_export_options *o, const char *msgid)
{
    const char *t =
        o && o->translate ? o->translate(msgid, NULL, 1, o->translate_payload) : NULL;
    return t ? t : msgid;
}

const char *saha_export__trn(const saha_export_options *o, const char *msgid,
                             const char *msgid_plural, unsigned long n)
{
    const char *t = o && o->translate
                        ? o->translate(msgid, msgid_plural, n, o->translate_payload)
                        : NULL;
    return t ? t : n == 1 ? msgid : msgid_plural;
}

const char *saha_export__skip_reason_text(saha_skip_reason r,
                                          const saha_export_options *o)
{
    switch (r) {
    case SAHA_SKIP_NONE:
        return "none";
    case SAHA_SKIP_NO_COORDS:
        return L_("no coordinates");
    case SAHA_SKIP_CLOSED:
        return L_("closed");
    case SAHA_SKIP_NOT_WORTH:
        return L_("not worth the drive");
    case SAHA_SKIP_NO_TIME:
        return L_("no time left in the week");
    case SAHA_SKIP_DRIVE_LIMIT:
        return L_("beyond the daily drive limit");
    case SAHA_SKIP_OUTSIDE_HORIZON:
        return L_("appointment outside the planned days");
    case SAHA_SKIP_UNROUTABLE:
        return L_("not reachable by road");
    case SAHA_SKIP_DONE:
        return L_("visited already, not due again");
    case SAHA_SKIP_CANCELLED:
        return L_("cancelled by the customer");
    case SAHA_SKIP_NOT_CONSIDERED:
        return L_("beyond the candidates considered");
    case SAHA_SKIP_NOT_DUE:
        return L_("no visit due in the period");
    }
    return "unknown";
}

/* The text of d into dst; the snprintf count (< 0: an unknown code). depth bounds the
 * nesting of SAHA_DETAIL_SKIPPED. */
static int word(char *dst, size_t cap, const saha_detail *d, const saha_export_options *o,
                int depth)
{
    piece a, b, c, e;
    const char *t0 = str(d->text[0]);
    switch (d->code) {
    case SAHA_DETAIL_NONE:
        return snprintf(dst, cap, "%s", "");
    case SAHA_DETAIL_NO_COORDS:
        if (!t0[0])
            return snprintf(dst, cap, "%s",
                            d->flag ? L_("required visit, but no coordinates")
                                    : L_("no coordinates"));
        /* TRANSLATORS: %s is the account's address; "saha geocode" is a command */
        return snprintf(
            dst, cap,
            d->flag ? L_("required visit, but no coordinates for \"%s\": run saha "
                         "geocode first")
                    : L_("no coordinates for \"%s\": run saha geocode first"),
            t0);
    case SAHA_DETAIL_UNROUTABLE:
        return snprintf(dst, cap,
                        d->flag
                            ? L_("required visit, but the OSRM server moved it %s m "
                                 "to reach a road (more than the %s m allowed): check "
                                 "its coordinates, or raise --osrm-snap-max")
                            : L_("the OSRM server moved it %s m to reach a road (more "
                                 "than the %s m allowed): check its coordinates, or "
                                 "raise --osrm-snap-max"),
                        num(&a, d->num[0], 0, o), num(&b, d->num[1], 0, o));
    case SAHA_DETAIL_APPT_NOT_WORKING_DAY:
        /* TRANSLATORS: %s is the appointment's date and time */
        return snprintf(dst, cap, L_("appointment %s is not on a working day"),
                        date(&a, d->date[0], 1, o));
    case SAHA_DETAIL_APPT_OUTSIDE:
        /* TRANSLATORS: the appointment's date and time, then the planned days' first
         * and last date */
        return snprintf(dst, cap, L_("appointment %s is outside %s..%s"),
                        date(&a, d->date[0], 1, o), date(&b, d->date[1], 0, o),
                        date(&c, d->date[2], 0, o));
    case SAHA_DETAIL_NO_SPAN:
        /* TRANSLATORS: visit minutes, the working day's start and end, the opening
         * hours (OSM syntax) */
        return snprintf(
            dst, cap,
            L_("the %s min visit fits no opening span within %s-%s (hours: %s)"),
            gnum(&a, d->num[0], o), hhmm(&b, d->num[1]), hhmm(&c, d->num[2]),
            hours(t0, o));
    case SAHA_DETAIL_CLOSED:
        /* TRANSLATORS: the working weekdays (Mo-Fr), the planned days' first and last
         * date, the opening hours (OSM syntax) */
        return snprintf(dst, cap, L_("closed on %s in %s..%s (hours: %s)"),
                        mask_text(&a, d->mask, o), date(&b, d->date[1], 0, o),
                        date(&c, d->date[2], 0, o), hours(t0, o));
    case SAHA_DETAIL_CANCELLED_LOG:
        return snprintf(dst, cap, L_("cancelled by the customer (visit log line %s)"),
                        num(&a, d->num[0], 0, o));
    case SAHA_DETAIL_VISITED_NEXT:
        /* TRANSLATORS: the date the next visit is due, then the interval in days */
        return snprintf(dst, cap, L_("visited already; next due %s (every %s days)"),
                        date(&a, d->date[0], 0, o), num(&b, d->num[0], 0, o));
    case SAHA_DETAIL_VISITED_WEEK:
        return snprintf(dst, cap, "%s", L_("visited already this week"));
    case SAHA_DETAIL_NO_DAY_LEFT:
        return snprintf(dst, cap, "%s",
                        L_("no working day left after the re-plan moment"));
    case SAHA_DETAIL_NOT_DUE:
        return snprintf(dst, cap,
                        L_("not due in the horizon: next due %s (every %s days)"),
                        date(&a, d->date[0], 0, o), num(&b, d->num[0], 0, o));
    case SAHA_DETAIL_NO_OPEN_WINDOW:
        return snprintf(dst, cap,
                        L_("no working day it is open in any of its %s visit windows"),
                        num(&a, d->num[0], 0, o));
    case SAHA_DETAIL_NOT_CONSIDERED:
        return snprintf(dst, cap,
                        L_("not among the %s best of a longer list (value per hour)"),
                        num(&a, d->num[0], 0, o));
    case SAHA_DETAIL_EARNS:
        /* TRANSLATORS: what the visit earns and its currency, the weekday and date of
         * the cheapest insertion, the travel it adds and its currency */
        return snprintf(dst, cap,
                        d->flag
                            ? L_("earns %s %s; the cheapest insertion (%s %s) adds %s "
                                 "%s of travel and day balance (--balance)")
                            : L_("earns %s %s; the cheapest insertion (%s %s) adds %s "
                                 "%s of travel"),
                        num(&a, d->num[0], 0, o), t0, wd_min(d->weekday, o),
                        date(&b, d->date[0], 0, o), num(&c, d->num[1], 0, o), t0);
    case SAHA_DETAIL_NO_VALUE:
        return snprintf(dst, cap, L_("no value to win (value %s x probability %s)"),
                        num(&a, d->num[0], 0, o), num(&b, d->num[1], 2, o));
    case SAHA_DETAIL_FEASIBLE_KM:
        /* TRANSLATORS: a weekday's two letters, then km */
        return snprintf(dst, cap, L_("a feasible insertion on %s adds %s km"),
                        wd_min(d->weekday, o), num(&a, d->num[0], 1, o));
    case SAHA_DETAIL_DRIVE_BOTH:
        return snprintf(
            dst, cap,
            L_("round trip from home %s min / %s km; every day would pass the "
               "%s min / %s km daily drive limit"),
            num(&a, d->num[0], 0, o), num(&b, d->num[1], 0, o), num(&c, d->num[2], 0, o),
            num(&e, d->num[3], 0, o));
    case SAHA_DETAIL_DRIVE_KM:
        return snprintf(
            dst, cap,
            L_("round trip from home %s km; every day would pass the %s km daily limit"),
            num(&b, d->num[1], 0, o), num(&e, d->num[3], 0, o));
    case SAHA_DETAIL_DRIVE_MIN:
        return snprintf(dst, cap,
                        L_("round trip from home %s min of driving; every day would pass "
                           "the %s min daily drive limit"),
                        num(&a, d->num[0], 0, o), num(&c, d->num[2], 0, o));
    case SAHA_DETAIL_DAYS_FULL:
        return snprintf(dst, cap,
                        L_("every day it is open is full (a %s min visit; hours: %s)"),
                        gnum(&a, d->num[0], o), hours(t0, o));
    case SAHA_DETAIL_TOO_LONG:
        return snprintf(dst, cap,
                        L_("even alone, the drive there and back plus the %s min visit "
                           "does not fit a working day within its hours (%s)"),
                        gnum(&a, d->num[0], o), hours(t0, o));
    case SAHA_DETAIL_DAY_OFF:
        return snprintf(dst, cap, "%s", L_("day off"));
    case SAHA_DETAIL_RESCHEDULED:
        return snprintf(dst, cap, "%s", L_("rescheduled by the customer"));
    case SAHA_DETAIL_DONE_ON_DAY:
        /* TRANSLATORS: %s is a weekday's full name */
        return snprintf(dst, cap, L_("done on %s (visit log)"), wd_full(d->weekday, o));
    case SAHA_DETAIL_DAY_PAST:
        return snprintf(dst, cap, L_("%s is past"), wd_full(d->weekday, o));
    case SAHA_DETAIL_ROOM_MUST:
        /* TRANSLATORS: %s is an account id */
        return snprintf(dst, cap, L_("made room for must-visit %s"), t0);
    case SAHA_DETAIL_ROOM_APPT:
        return snprintf(dst, cap, L_("made room for the appointment of %s"), t0);
    case SAHA_DETAIL_NO_ROOM:
        return snprintf(dst, cap, L_("no room left on %s"), wd_full(d->weekday, o));
    case SAHA_DETAIL_FITS_BETTER:
        return snprintf(dst, cap, L_("fits better on %s"), wd_full(d->weekday, o));
    case SAHA_DETAIL_WORTH_MORE:
        /* TRANSLATORS: an amount, its currency, a weekday's full name */
        return snprintf(dst, cap, L_("worth %s %s more on %s"), grouped(&a, d->num[0], o),
                        t0, wd_full(d->weekday, o));
    case SAHA_DETAIL_KM_LESS:
        return snprintf(dst, cap, L_("%s km less on %s"), num(&a, d->num[0], 1, o),
                        wd_full(d->weekday, o));
    case SAHA_DETAIL_CANCELLED:
        return snprintf(dst, cap, "%s", L_("cancelled by the customer"));
    case SAHA_DETAIL_DONE_ON_DATE:
        return snprintf(dst, cap, L_("done on %s"), date(&a, d->date[0], 0, o));
    case SAHA_DETAIL_NOT_DONE:
        return snprintf(dst, cap, "%s", L_("not done (visit log)"));
    case SAHA_DETAIL_SKIPPED: {
        char inner[512];
        /* English keeps the reason's name, as the changes CSV always had it */
        const char *why = english(o) ? t0 : saha_export__skip_reason_text(d->skip, o);
        inner[0] = '\0';
        if (d->inner && depth < 2 &&
            word(inner, sizeof inner, d->inner, o, depth + 1) < 0)
            return -1;
        return snprintf(dst, cap, "%s: %s", why, inner);
    }
    case SAHA_DETAIL_ELSEWHERE:
        return snprintf(dst, cap, "%s", L_("visited on another day already"));
    case SAHA_DETAIL_URGENT:
        /* TRANSLATORS: why a re-plan added a visit */
        return snprintf(dst, cap, "%s", L_("urgent"));
    case SAHA_DETAIL_DONE_LOG:
        return snprintf(dst, cap, "%s", L_("done (visit log)"));
    case SAHA_DETAIL_REBOOKED:
        return snprintf(dst, cap, "%s", L_("re-booked by the customer"));
    case SAHA_DETAIL_MUST_VISIT:
        return snprintf(dst, cap, "%s", L_("must-visit"));
    case SAHA_DETAIL_WORTH_VISIT:
        return snprintf(dst, cap, "%s", L_("worth a visit now"));
    case SAHA_DETAIL_DONE:
        /* TRANSLATORS: a kept visit: done already (visit log) */
        return snprintf(dst, cap, "%s", L_("done"));
    case SAHA_DETAIL_CONFIRMED:
        /* TRANSLATORS: a kept visit: confirmed by the customer */
        return snprintf(dst, cap, "%s", L_("confirmed"));
    case SAHA_DETAIL_SAME_DAY:
        /* TRANSLATORS: a kept visit: on the same day as before */
        return snprintf(dst, cap, "%s", L_("same day"));
    case SAHA_DETAIL_NIGHT_SPENT:
        /* TRANSLATORS: a kept night away: already spent */
        return snprintf(dst, cap, "%s", L_("spent"));
    case SAHA_DETAIL_NIGHT_BOOKED:
        /* TRANSLATORS: a kept night away: booked */
        return snprintf(dst, cap, "%s", L_("booked"));
    case SAHA_DETAIL_TRIP_CANCELLED:
        return snprintf(dst, cap, "%s",
                        L_("trip cancelled: its visits were cancelled or moved"));
    case SAHA_DETAIL_NO_DAY_AFTER:
        return snprintf(dst, cap, "%s", L_("no working day after it"));
    case SAHA_DETAIL_HOTEL_INSTEAD:
        /* TRANSLATORS: %s is an account id */
        return snprintf(dst, cap, L_("a hotel near %s instead"), t0);
    case SAHA_DETAIL_NIGHT_NOT_WORTH:
        return snprintf(dst, cap, "%s", L_("not worth a night away now"));
    case SAHA_DETAIL_NIGHT_WORTH_NOW:
        return snprintf(dst, cap, "%s",
                        L_("worth a night away for the visits planned now"));
    case SAHA_DETAIL_NIGHT_WORTH:
        return snprintf(dst, cap, "%s", L_("worth a night away"));
    case SAHA_DETAIL_CODE_COUNT:
        break;
    }
    return -1;
}

saha_status saha_export_detail_text(char *dst, size_t cap, saha_ctx *ctx,
                                    const saha_detail *detail,
                                    const saha_export_options *opts)
{
    const saha_export_options *o = opts;
    int n;
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, dst && cap > 0 && detail);
    dst[0] = '\0';
    if (o && o->version != SAHA_EXPORT_OPTIONS_VERSION)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "export options version %u, expected %u", o->version,
                               SAHA_EXPORT_OPTIONS_VERSION);
    n = word(dst, cap, detail, o, 0);
    if (n < 0) {
        dst[0] = '\0';
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "unknown detail code %d",
                               (int)detail->code);
    }
    if ((size_t)n >= cap)
        return saha__error_set(ctx, SAHA_ELIMIT, NULL, 0, 0,
                               "detail text of %d bytes does not fit in %zu", n, cap);
    return SAHA_OK;
}

const char *saha_export__detail(char *dst, size_t cap, const saha_detail *d,
                                const char *english, const saha_export_options *o)
{
    int n;
    if (!d || d->code == SAHA_DETAIL_NONE || cap == 0)
        return english ? english : "";
    n = word(dst, cap, d, o, 0);
    return n >= 0 && (size_t)n < cap ? dst : english ? english : "";
}
