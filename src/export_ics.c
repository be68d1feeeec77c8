/* iCalendar writer (RFC 5545): one VCALENDAR with a VTIMEZONE and a VEVENT per visit.
 *
 * Times are local with TZID = the rep's time zone. The VTIMEZONE has one STANDARD
 * component with the fixed offset opts->utc_offset_min (exact for zones without
 * daylight saving, e.g. Europe/Istanbul since 2016, and for a week that does not cross
 * a DST change when the caller passes the offset in effect). Every event has a stable
 * UID (account id + date) so re-importing an updated plan replaces events instead of
 * duplicating them, and a DTSTAMP fixed from opts->generated (else the first planned day
 * at 00:00 UTC) so the output is deterministic. TEXT values are escaped (\ ; , newline),
 * content lines are folded at 75 octets without splitting a UTF-8 character, and lines
 * end in CRLF. O(stops). Called by the CLI (plan --ics, demo). */
#include <math.h>
#include <string.h>

#include "internal/export.h"

typedef struct ics_writer {
    saha__buf *out;
    saha__buf line; /* the content line being built, folded on emit */
} ics_writer;

static saha_status emit(ics_writer *w)
{
    saha_status rc =
        saha_export__ics_line(w->out, w->line.data ? w->line.data : "", w->line.len);
    saha__buf_clear(&w->line);
    return rc;
}

/* NAME:escaped-text */
static saha_status text_prop(ics_writer *w, const char *name, const char *text)
{
    saha_status rc = saha__buf_puts(&w->line, name);
    if (rc == SAHA_OK)
        rc = saha__buf_putc(&w->line, ':');
    if (rc == SAHA_OK)
        rc = saha_export__ics_text(&w->line, text);
    if (rc == SAHA_OK)
        rc = emit(w);
    return rc;
}

/* A raw (already valid) line. */
static saha_status raw(ics_writer *w, const char *text)
{
    saha_status rc = saha__buf_puts(&w->line, text);
    if (rc == SAHA_OK)
        rc = emit(w);
    return rc;
}

static void ics_local(char dst[24], saha_datetime day, int32_t s)
{
    int sec = 0;
    saha_datetime t = saha_export__add_seconds(day, saha_export__round_min(s), &sec);
    snprintf(dst, 24, "%04d%02d%02dT%02d%02d%02d", t.year % 10000, t.month, t.day, t.hour,
             t.minute, sec);
}

/* UID: account id with every byte outside [A-Za-z0-9._-] as %XX, the date, "@saha". */
static saha_status put_uid(saha__buf *b, const char *id, saha_datetime d)
{
    saha_status rc = saha__buf_puts(b, "UID:");
    if (rc == SAHA_OK)
        rc = saha__buf_put_id_escaped(b, id);
    if (rc == SAHA_OK)
        rc = saha__buf_printf(b, "-%04d%02d%02d@saha", d.year % 10000, d.month, d.day);
    return rc;
}

/* The event's SUMMARY ("Visit Acme Ltd") into b. */
static saha_status put_summary(saha__buf *b, const saha_account *a,
                               const saha_export_options *o)
{
    /* TRANSLATORS: a calendar event's title; %s = the account's name */
    return saha__buf_printf(b, L_("Visit %s"), saha_export__name(a));
}

/* The DESCRIPTION of stop si of day d: account, value, place in the day, window,
 * drive, lunch, notes, each line in o's language. */
static saha_status put_description(saha__buf *desc, const saha_itinerary *it,
                                   const saha_account_set *acc, const saha_plan_day *d,
                                   size_t si, const saha_export_options *o)
{
    const saha_plan_stop *st = &d->stops[si];
    const saha_account *a = saha_account_at(acc, st->account);
    const char *cur = it->currency ? it->currency : "";
    const char *notes = saha_account_get_column(acc, st->account, "notes");
    char arr[16], start[16], win[128], label[48];
    saha__buf t, u; /* numbers or a note, put into a translated line */
    saha_status rc;

    saha__buf_init(&t, desc->ctx, SAHA__BUF_NOLIMIT);
    saha__buf_init(&u, desc->ctx, SAHA__BUF_NOLIMIT);
    saha_export__hhmm(arr, st->arrive_s);
    saha_export__hhmm(start, st->start_s);
    saha_export__window_lang(win, a, d, o);
    saha_export__day_label_lang(label, d, o);
    /* TRANSLATORS: the first line of a calendar event's description; %s = account id */
    SAHA_EXPORT__TRY(saha__buf_printf(desc, L_("Account: %s"), a->id));
    SAHA_EXPORT__TRY(saha__buf_putc(desc, '\n'));
    SAHA_EXPORT__TRY(saha_export__num_text(&t, st->value, 2, "0", o));
    if (cur[0])
        SAHA_EXPORT__TRY(saha__buf_printf(&t, " %s", cur));
    /* TRANSLATORS: %s = the visit's expected value with its currency */
    SAHA_EXPORT__TRY(saha__buf_printf(desc, L_("Value: %s"), t.data));
    SAHA_EXPORT__TRY(saha__buf_putc(desc, '\n'));
    /* TRANSLATORS: the place of a visit in its day: stop 2 of 5 on "Mon 7 Dec",
     * arriving at 09:40 */
    SAHA_EXPORT__TRY(saha__buf_printf(desc, L_("Stop %zu of %zu on %s, arrive %s"),
                                      si + 1, d->nstops, label, arr));
    if (st->start_s > st->arrive_s + 59)
        /* TRANSLATORS: follows "arrive 09:40": the visit starts later, at %s */
        SAHA_EXPORT__TRY(saha__buf_printf(desc, L_(", wait until %s"), start));
    if (win[0]) {
        SAHA_EXPORT__TRY(saha__buf_putc(desc, '\n'));
        /* TRANSLATORS: %s = the account's opening hours that day, or its appointment */
        SAHA_EXPORT__TRY(saha__buf_printf(desc, L_("Window: %s"), win));
    }
    saha__buf_clear(&t);
    SAHA_EXPORT__TRY(saha_export__num_text(&t, st->leg_m / 1000.0, 1, "?", o));
    SAHA_EXPORT__TRY(saha_export__num_text(&u, st->leg_s / 60.0, 0, "?", o));
    SAHA_EXPORT__TRY(saha__buf_putc(desc, '\n'));
    /* TRANSLATORS: %1$s = kilometres, %2$s = minutes of driving */
    SAHA_EXPORT__TRY(saha__buf_printf(desc, L_("Drive from previous stop: %s km, %s min"),
                                      t.data, u.data));
    if (saha_export__lunch_at(d, si)) {
        char l0[16], l1[16];
        SAHA_EXPORT__TRY(saha_export__lunch_parts(&t, d, si, o, l0, l1));
        SAHA_EXPORT__TRY(saha__buf_putc(desc, '\n'));
        SAHA_EXPORT__TRY(saha__buf_printf(
            desc,
            saha_export__lunch_at(d, si) == 1
                /* TRANSLATORS: %1$s-%2$s = the lunch break's times, %3$s = where it
                 * falls ("before leaving", "on arrival, before the visit", ...) */
                ? L_("Lunch before this visit: %s-%s, %s")
                /* TRANSLATORS: as "Lunch before this visit" */
                : L_("Lunch after this visit: %s-%s, %s"),
            l0, l1, t.data ? t.data : ""));
    }
    if (notes && notes[0]) {
        SAHA_EXPORT__TRY(saha__buf_putc(desc, '\n'));
        /* TRANSLATORS: %s = the account's notes column */
        SAHA_EXPORT__TRY(saha__buf_printf(desc, L_("Notes: %s"), notes));
    }
done:
    saha__buf_free(&u);
    saha__buf_free(&t);
    return rc;
}

/* An event's first lines, the same for a visit and a cancelled one: BEGIN:VEVENT,
 * UID (uid, or with make_uid the one put_uid makes of the account id and day), DTSTAMP,
 * SEQUENCE, DTSTART and DTEND (local t0, t1 in tzid), SUMMARY. */
static saha_status put_head(ics_writer *w, const char *uid, int make_uid,
                            const saha_account *a, saha_datetime day, unsigned sequence,
                            const char *tzid, const char *stamp, const char *t0,
                            const char *t1, const saha_export_options *o)
{
    saha__buf sum;
    saha_status rc;

    saha__buf_init(&sum, w->out->ctx, SAHA__BUF_NOLIMIT);
    SAHA_EXPORT__TRY(raw(w, "BEGIN:VEVENT"));
    if (make_uid) {
        SAHA_EXPORT__TRY(put_uid(&w->line, a->id, day));
        SAHA_EXPORT__TRY(emit(w));
    } else {
        SAHA_EXPORT__TRY(text_prop(w, "UID", uid));
    }
    SAHA_EXPORT__TRY(saha__buf_printf(&w->line, "DTSTAMP:%s", stamp));
    SAHA_EXPORT__TRY(emit(w));
    SAHA_EXPORT__TRY(saha__buf_printf(&w->line, "SEQUENCE:%u", sequence));
    SAHA_EXPORT__TRY(emit(w));
    SAHA_EXPORT__TRY(saha__buf_printf(&w->line, "DTSTART;TZID=%s:%s", tzid, t0));
    SAHA_EXPORT__TRY(emit(w));
    SAHA_EXPORT__TRY(saha__buf_printf(&w->line, "DTEND;TZID=%s:%s", tzid, t1));
    SAHA_EXPORT__TRY(emit(w));
    SAHA_EXPORT__TRY(put_summary(&sum, a, o));
    SAHA_EXPORT__TRY(text_prop(w, "SUMMARY", sum.data));
done:
    saha__buf_free(&sum);
    return rc;
}

static saha_status put_event(ics_writer *w, const saha_itinerary *it,
                             const saha_account_set *acc, size_t di, size_t si,
                             const char *tzid, const char *stamp,
                             const saha_export_options *o)
{
    const saha_plan_day *d = &it->days[di];
    const saha_plan_stop *st = &d->stops[si];
    const saha_account *a = saha_account_at(acc, st->account);
    char t0[24], t1[24];
    saha__buf desc;
    saha_status rc;

    saha__buf_init(&desc, w->out->ctx, SAHA__BUF_NOLIMIT);
    ics_local(t0, d->date, st->start_s);
    ics_local(t1, d->date, st->depart_s);

    SAHA_EXPORT__TRY(put_head(w, st->uid, !(st->uid && st->uid[0]), a, d->date,
                              st->sequence, tzid, stamp, t0, t1, o));
    if (a->address[0]) {
        SAHA_EXPORT__TRY(text_prop(w, "LOCATION", a->address));
    } else {
        SAHA_EXPORT__TRY(saha__buf_puts(&desc, a->name[0] ? a->name : a->id));
        SAHA_EXPORT__TRY(text_prop(w, "LOCATION", desc.data));
        saha__buf_clear(&desc);
    }
    SAHA_EXPORT__TRY(saha__buf_puts(&w->line, "GEO:"));
    SAHA_EXPORT__TRY(saha_export__num(&w->line, a->lat_deg, 6, "0"));
    SAHA_EXPORT__TRY(saha__buf_putc(&w->line, ';'));
    SAHA_EXPORT__TRY(saha_export__num(&w->line, a->lon_deg, 6, "0"));
    SAHA_EXPORT__TRY(emit(w));
    SAHA_EXPORT__TRY(put_description(&desc, it, acc, d, si, o));
    SAHA_EXPORT__TRY(text_prop(w, "DESCRIPTION", desc.data));
    SAHA_EXPORT__TRY(raw(w, "TRANSP:OPAQUE"));
    SAHA_EXPORT__TRY(raw(w, "END:VEVENT"));
done:
    saha__buf_free(&desc);
    return rc;
}

/* A visit the re-plan dropped: the same UID, cancelled, so calendars remove it. */
static saha_status put_cancelled(ics_writer *w, const saha_plan_change *c,
                                 const saha_account_set *acc, const char *tzid,
                                 const char *stamp, const saha_export_options *o)
{
    const saha_account *a = saha_account_at(acc, c->account);
    saha_datetime day = c->from;
    int32_t s0 = (int32_t)(c->from.hour * 3600 + c->from.minute * 60);
    char t0[24], t1[24], why[512];
    saha_status rc;

    day.hour = day.minute = 0;
    ics_local(t0, day, s0);
    ics_local(t1, day, s0 + (int32_t)(a->visit_min * 60.0));
    SAHA_EXPORT__TRY(put_head(w, c->uid, 0, a, day, c->sequence, tzid, stamp, t0, t1, o));
    SAHA_EXPORT__TRY(text_prop(
        w, "DESCRIPTION",
        saha_export__detail(why, sizeof why, &c->why, c->reason ? c->reason : "", o)));
    SAHA_EXPORT__TRY(raw(w, "STATUS:CANCELLED"));
    SAHA_EXPORT__TRY(raw(w, "TRANSP:TRANSPARENT"));
    SAHA_EXPORT__TRY(raw(w, "END:VEVENT"));
done:
    return rc;
}

static saha_status ics_doc(ics_writer *w, const saha_itinerary *it,
                           const saha_account_set *acc, const saha_export_options *o,
                           const char *stamp)
{
    int off = o->utc_offset_min, aoff = off < 0 ? -off : off;
    char tzid[64], offs[16], title[64];
    saha_status rc;

    if (it->timezone && it->timezone[0])
        snprintf(tzid, sizeof tzid, "%s", it->timezone);
    else
        snprintf(tzid, sizeof tzid, "UTC%c%02d:%02d", off < 0 ? '-' : '+', aoff / 60,
                 aoff % 60);
    /* a TZID is a param-value: no control characters, quotes, ';', ':' or ',' */
    for (char *p = tzid; *p; p++)
        if ((unsigned char)*p < 0x20 || strchr("\";:,", *p))
            *p = '_';
    snprintf(offs, sizeof offs, "%c%02d%02d", off < 0 ? '-' : '+', aoff / 60 % 100,
             aoff % 60);

    SAHA_EXPORT__TRY(raw(w, "BEGIN:VCALENDAR"));
    SAHA_EXPORT__TRY(raw(w, "VERSION:2.0"));
    SAHA_EXPORT__TRY(raw(w, "PRODID:-//saha//saha " SAHA_VERSION_STRING "//EN"));
    SAHA_EXPORT__TRY(raw(w, "CALSCALE:GREGORIAN"));
    SAHA_EXPORT__TRY(raw(w, "METHOD:PUBLISH"));
    SAHA_EXPORT__TRY(text_prop(w, "X-WR-CALNAME", saha_export__title(title, it, o)));
    SAHA_EXPORT__TRY(saha__buf_printf(&w->line, "X-WR-TIMEZONE:%s", tzid));
    SAHA_EXPORT__TRY(emit(w));
    SAHA_EXPORT__TRY(raw(w, "BEGIN:VTIMEZONE"));
    SAHA_EXPORT__TRY(saha__buf_printf(&w->line, "TZID:%s", tzid));
    SAHA_EXPORT__TRY(emit(w));
    SAHA_EXPORT__TRY(raw(w, "BEGIN:STANDARD"));
    SAHA_EXPORT__TRY(raw(w, "DTSTART:19700101T000000"));
    SAHA_EXPORT__TRY(saha__buf_printf(&w->line, "TZOFFSETFROM:%s", offs));
    SAHA_EXPORT__TRY(emit(w));
    SAHA_EXPORT__TRY(saha__buf_printf(&w->line, "TZOFFSETTO:%s", offs));
    SAHA_EXPORT__TRY(emit(w));
    if (aoff % 60)
        SAHA_EXPORT__TRY(saha__buf_printf(&w->line, "TZNAME:%c%02d%02d", offs[0],
                                          aoff / 60, aoff % 60));
    else
        SAHA_EXPORT__TRY(saha__buf_printf(&w->line, "TZNAME:%c%02d", offs[0], aoff / 60));
    SAHA_EXPORT__TRY(emit(w));
    SAHA_EXPORT__TRY(raw(w, "END:STANDARD"));
    SAHA_EXPORT__TRY(raw(w, "END:VTIMEZONE"));
    for (size_t d = 0; d < it->ndays; d++)
        for (size_t i = 0; i < it->days[d].nstops; i++) {
            const char *uid = it->days[d].stops[i].uid;
            if (o->ics_uid && (!uid || strcmp(uid, o->ics_uid)))
                continue;
            SAHA_EXPORT__TRY(put_event(w, it, acc, d, i, tzid, stamp, o));
        }
    for (size_t k = 0; k < it->nchanges; k++)
        if (it->changes[k].status == SAHA_CHANGE_DROPPED && it->changes[k].uid &&
            (!o->ics_uid || !strcmp(it->changes[k].uid, o->ics_uid)))
            SAHA_EXPORT__TRY(put_cancelled(w, &it->changes[k], acc, tzid, stamp, o));
    SAHA_EXPORT__TRY(raw(w, "END:VCALENDAR"));
done:
    return rc;
}

static saha_status ics_check(saha_ctx *ctx, const saha_export_options *o)
{
    if (o->utc_offset_min < -18 * 60 || o->utc_offset_min > 18 * 60)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "UTC offset out of range: %d minutes", o->utc_offset_min);
    return saha_export__check_generated(ctx, o);
}

static saha_status ics_run(saha__buf *b, const saha_itinerary *it,
                           const saha_account_set *accounts, const saha_export_options *o)
{
    ics_writer w;
    char stamp[24];
    saha_status rc;
    if (o->generated && o->generated[0]) {
        (void)saha_export__iso_utc(o->generated, stamp); /* checked by ics_check */
    } else if (it->ndays > 0) {
        saha_datetime d = it->days[0].date;
        snprintf(stamp, sizeof stamp, "%04d%02d%02dT000000Z", d.year % 10000,
                 d.month % 100, d.day % 100);
    } else {
        snprintf(stamp, sizeof stamp, "19700101T000000Z");
    }
    saha__buf_init(&w.line, b->ctx, SAHA_EXPORT__MAX_BYTES);
    w.out = b;
    rc = ics_doc(&w, it, accounts, o, stamp);
    saha__buf_free(&w.line);
    return rc;
}

saha_status saha_export_ics(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                            const saha_account_set *accounts,
                            const saha_export_options *opts)
{
    return saha_export__run(f, ctx, it, accounts, opts, ics_check, ics_run);
}
