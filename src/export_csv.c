/* Itinerary CSV, the unvisited-accounts CSV and the re-plan's changes (RFC 4180 quoting,
 * UTF-8) in the dialect of opts->csv_dialect: delimiter, decimal comma in the numbers,
 * BOM, CR LF; all zero = ',' '.' LF, no BOM.
 *
 * Columns are stable and documented in saha/export.h: scripts and spreadsheets rely on
 * them. The itinerary has one row per stop in day and visit order; the unvisited list
 * one row per skipped account, in the itinerary's order, usable as a call list (phone
 * and email are copied from the input when it has such columns). Numbers are locale
 * free; times are local HH:MM. O(rows). Called by the CLI (plan --csv, --unvisited).
 *
 * Formula guard (OWASP "CSV Injection"): these files are opened in spreadsheets, and
 * their text comes from the user's account file. Every text cell (ids, names,
 * addresses, reason and detail, window and hours, copied phone/email) goes through
 * saha_export__csv_text(), which puts an apostrophe before a leading = + - @ TAB or CR
 * unless opts->csv_raw is set. Numbers saha formats itself (lat, lon, value, km,
 * minutes, times, day, seq, date) are written as they are: a longitude stays -3.7. */
#include <math.h>
#include <string.h>

#include "internal/export.h"
#include "util/csv.h"

static const char ITIN_HEADER[] =
    "day,date,seq,id,name,lat,lon,arrival,departure,drive_km,"
    "drive_min,value,start,wait_min,visit_min,address,window,night_before,night_after,"
    "confirmed,uid,sequence,etag,drive_source,lunch,lunch_start,lunch_drive_min";
static const char UNVISITED_HEADER[] = "id,name,reason,detail,value,lat,lon,address,city,"
                                       "district,postcode,phone,email,hours,must_visit";

/* One document being written in the options' dialect (util/csv.h's writer), with the
 * formula guard on the user's text. */
typedef struct csvw {
    saha__csvw c;
    int guard; /* formula guard on text cells */
} csvw;

static csvw csvw_make(saha__buf *b, const saha_export_options *o)
{
    csvw w;
    saha__csvw_init(&w.c, b, o->csv_dialect.delimiter, o->csv_dialect.decimal_comma,
                    o->csv_dialect.crlf);
    w.guard = !o->csv_raw;
    return w;
}

/* The BOM (when asked for) and the header, its ',' replaced by the delimiter. */
static saha_status put_header(csvw *w, const saha_export_options *o, const char *h)
{
    return saha__csvw_header(&w->c, h, o->csv_dialect.bom);
}

static saha_status put_sep(csvw *w)
{
    return saha__csvw_sep(&w->c);
}

static saha_status put_eol(csvw *w)
{
    return saha__csvw_eol(&w->c);
}

/* A text cell from the user's data: quoted as the dialect needs, formula-guarded. */
static saha_status put_text(csvw *w, const char *s)
{
    const char *t = s ? s : "";
    return saha__csvw_text(&w->c,
                           w->guard && saha_export__csv_formula_start(t) ? '\'' : 0, t);
}

/* Text saha made itself (dates, times, names of reasons): quoted if ever needed. */
static saha_status put_plain(csvw *w, const char *s)
{
    return saha__csvw_text(&w->c, 0, s);
}

/* A number: locale-free, with a decimal comma when the dialect has one. */
static saha_status put_num(csvw *w, double v, int decimals)
{
    return saha__csvw_num(&w->c, v, decimals, "");
}

static saha_status put_uint(csvw *w, size_t v)
{
    return saha__csvw_uint(&w->c, v);
}

static saha_status itin_doc(saha__buf *b, const saha_itinerary *it,
                            const saha_account_set *acc, const saha_export_options *o)
{
    saha_status rc;
    csvw w = csvw_make(b, o);
    SAHA_EXPORT__TRY(put_header(&w, o, ITIN_HEADER));
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        char date[16];
        saha_export__date(date, day->date);
        for (size_t i = 0; i < day->nstops; i++) {
            const saha_plan_stop *st = &day->stops[i];
            const saha_account *a = saha_account_at(acc, st->account);
            saha_export__stop_text t;
            saha_export__stop_text_fill(&t, st, a, day);
            SAHA_EXPORT__TRY(put_uint(&w, d + 1));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_plain(&w, date));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_uint(&w, i + 1));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_text(&w, a->id));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_text(&w, a->name));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_num(&w, a->lat_deg, 6));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_num(&w, a->lon_deg, 6));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_plain(&w, t.arrive));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_plain(&w, t.depart));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_num(&w, st->leg_m / 1000.0, 1));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_num(&w, st->leg_s / 60.0, 0));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_num(&w, st->value, 2));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_plain(&w, t.start));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_num(&w, (st->start_s - st->arrive_s) / 60.0, 0));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_num(&w, (st->depart_s - st->start_s) / 60.0, 0));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_text(&w, a->address));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_text(&w, t.window));
            /* overnight stays: the account near which the hotel is, "" = home */
            SAHA_EXPORT__TRY(put_sep(&w));
            if (day->start_hotel < saha_account_count(acc))
                SAHA_EXPORT__TRY(
                    put_text(&w, saha_account_at(acc, day->start_hotel)->id));
            SAHA_EXPORT__TRY(put_sep(&w));
            if (day->end_hotel < saha_account_count(acc))
                SAHA_EXPORT__TRY(put_text(&w, saha_account_at(acc, day->end_hotel)->id));
            /* re-planning: promises and calendar identity */
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_plain(&w, st->confirmed ? "yes" : ""));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_text(&w, st->uid ? st->uid : ""));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_uint(&w, st->sequence));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_text(&w, st->etag ? st->etag : ""));
            /* drive_km/drive_min: "model" = the offline road model's estimate, "road"
             * = road data (OSRM, a matrix file) */
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_plain(&w, st->leg_estimated ? "model" : "road"));
            /* lunch: "before" = on the leg into this stop (lunch_drive_min of its
             * drive_min driven first), "after" = on the leg after the day's last stop */
            {
                int at = saha_export__lunch_at(day, i);
                SAHA_EXPORT__TRY(put_sep(&w));
                if (at) {
                    char l0[16];
                    saha_export__hhmm(l0, day->lunch_start_s);
                    SAHA_EXPORT__TRY(put_plain(&w, at == 1 ? "before" : "after"));
                    SAHA_EXPORT__TRY(put_sep(&w));
                    SAHA_EXPORT__TRY(put_plain(&w, l0));
                    SAHA_EXPORT__TRY(put_sep(&w));
                    SAHA_EXPORT__TRY(put_num(&w, day->lunch_drive_s / 60.0, 0));
                } else {
                    SAHA_EXPORT__TRY(put_sep(&w));
                    SAHA_EXPORT__TRY(put_sep(&w));
                }
            }
            SAHA_EXPORT__TRY(put_eol(&w));
        }
    }
done:
    return rc;
}

/* The first non-empty value among the named input columns of account i, or "". */
static const char *column_any(const saha_account_set *acc, size_t i,
                              const char *const *names)
{
    for (; *names; names++) {
        const char *v = saha_account_get_column(acc, i, *names);
        if (v && v[0])
            return v;
    }
    return "";
}

static const char *const phone_cols[] = {
    "phone", "telephone", "tel", "telefon", "Phone", "Telephone", "Tel", "Telefon", NULL};

const char *saha_export__phone(const saha_account_set *acc, size_t i)
{
    return column_any(acc, i, phone_cols);
}

static saha_status unvisited_doc(saha__buf *b, const saha_itinerary *it,
                                 const saha_account_set *acc,
                                 const saha_export_options *o)
{
    static const char *const email_cols[] = {"email",  "e-mail", "eposta",
                                             "e_mail", "Email",  "E-mail",
                                             "E-Mail", "EPosta", NULL};
    saha_status rc;
    csvw w = csvw_make(b, o);
    SAHA_EXPORT__TRY(put_header(&w, o, UNVISITED_HEADER));
    for (size_t k = 0; k < it->nskipped; k++) {
        const saha_plan_skip *s = &it->skipped[k];
        const saha_account *a = saha_account_at(acc, s->account);
        const char *reason = saha_skip_reason_name(s->reason);
        char hours[512] = "";
        if (a->has_hours && saha_hours_format(a->hours, hours, sizeof hours) < 0)
            hours[0] = '\0';
        SAHA_EXPORT__TRY(put_text(&w, a->id));
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_text(&w, a->name));
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_text(&w, reason ? reason : ""));
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_text(&w, s->detail));
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_num(&w, s->value, 2));
        SAHA_EXPORT__TRY(put_sep(&w));
        if (a->has_coords) {
            SAHA_EXPORT__TRY(put_num(&w, a->lat_deg, 6));
            SAHA_EXPORT__TRY(put_sep(&w));
            SAHA_EXPORT__TRY(put_num(&w, a->lon_deg, 6));
        } else {
            SAHA_EXPORT__TRY(put_sep(&w));
        }
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_text(&w, a->address));
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_text(&w, a->city));
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_text(&w, a->district));
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_text(&w, a->postcode));
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_text(&w, column_any(acc, s->account, phone_cols)));
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_text(&w, column_any(acc, s->account, email_cols)));
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_text(&w, hours));
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_plain(&w, a->must_visit ? "true" : "false"));
        SAHA_EXPORT__TRY(put_eol(&w));
    }
done:
    return rc;
}

/* The formula guard is on unless the options ask for raw text. */
static saha_status itin_run(saha__buf *b, const saha_itinerary *it,
                            const saha_account_set *acc, const saha_export_options *o)
{
    return itin_doc(b, it, acc, o);
}

static saha_status unvisited_run(saha__buf *b, const saha_itinerary *it,
                                 const saha_account_set *acc,
                                 const saha_export_options *o)
{
    return unvisited_doc(b, it, acc, o);
}

saha_status saha_export_csv(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                            const saha_account_set *accounts,
                            const saha_export_options *opts)
{
    return saha_export__run(f, ctx, it, accounts, opts, NULL, itin_run);
}

saha_status saha_export_unvisited_csv(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                                      const saha_account_set *accounts,
                                      const saha_export_options *opts)
{
    return saha_export__run(f, ctx, it, accounts, opts, NULL, unvisited_run);
}

/* The re-plan's changes: account, status, from, to (local "YYYY-MM-DD HH:MM", a
 * night's "YYYY-MM-DD", "" when none), reason. */
static saha_status changes_run(saha__buf *b, const saha_itinerary *it,
                               const saha_account_set *acc, const saha_export_options *o)
{
    saha_status rc;
    csvw w = csvw_make(b, o);
    SAHA_EXPORT__TRY(put_header(&w, o, "account,status,from,to,reason"));
    for (size_t i = 0; i < it->nchanges; i++) {
        const saha_plan_change *c = &it->changes[i];
        char from[24], to[24];
        saha_export__change_when(from, c, 0);
        saha_export__change_when(to, c, 1);
        SAHA_EXPORT__TRY(put_text(&w, saha_account_at(acc, c->account)->id));
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_plain(&w, saha_change_status_name(c->status)));
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_plain(&w, from));
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_plain(&w, to));
        SAHA_EXPORT__TRY(put_sep(&w));
        SAHA_EXPORT__TRY(put_text(&w, c->reason ? c->reason : ""));
        SAHA_EXPORT__TRY(put_eol(&w));
    }
done:
    return rc;
}

saha_status saha_export_changes_csv(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                                    const saha_account_set *accounts,
                                    const saha_export_options *opts)
{
    return saha_export__run(f, ctx, it, accounts, opts, NULL, changes_run);
}
