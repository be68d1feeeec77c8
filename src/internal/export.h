/* Private helpers of the export writers (src/export*.c) and the SVG map (src/svgmap.c):
 * text escaping for XML, CSV, JSON and iCalendar, iCalendar line folding, locale-free
 * numbers, times and day labels, and the final write to the caller's FILE. */
#ifndef SAHA_INTERNAL_EXPORT_H
#define SAHA_INTERNAL_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "internal/core.h"
#include "saha/export.h"

/* Output ceiling for one document held in memory before it is written (256 MiB). */
#define SAHA_EXPORT__MAX_BYTES ((size_t)256 << 20)

/* Appends expr's status to rc and jumps to done on failure (the writers' one exit). */
#define SAHA_EXPORT__TRY(expr)                                                           \
    do {                                                                                 \
        rc = (expr);                                                                     \
        if (rc < 0)                                                                      \
            goto done;                                                                   \
    } while (0)

/* XML/HTML text and attribute values: & < > " ' escaped, tab/newline/CR as character
 * references (so attributes keep them), other C0 controls (not allowed in XML 1.0)
 * dropped, invalid UTF-8 bytes replaced by U+FFFD. s NULL = "". */
saha_status saha_export__xml(saha__buf *b, const char *s);
/* One CSV field (RFC 4180): quoted when it holds , " CR LF or leading/trailing blanks,
 * quotes doubled; invalid UTF-8 replaced by U+FFFD. */
saha_status saha_export__csv(saha__buf *b, const char *s);
/* 1 when s starts with a byte a spreadsheet reads as the start of a formula:
 * = + - @ TAB CR (OWASP "CSV Injection"); 0 otherwise (also for NULL and ""). */
int saha_export__csv_formula_start(const char *s);
/* A CSV text cell of a report (itinerary, unvisited list): as saha_export__csv, but
 * with `guard` set a cell for which saha_export__csv_formula_start() holds gets a
 * leading apostrophe (OWASP's advice), so spreadsheets show it as text instead of
 * running it. Never used for numbers saha formats (a longitude "-3.700000" stays). */
saha_status saha_export__csv_text(saha__buf *b, const char *s, int guard);
/* The same in a file delimited by delim (quoted when the field holds it). */
saha_status saha_export__csv_text_delim(saha__buf *b, const char *s, int guard,
                                        char delim);
/* A JSON string with its quotes (RFC 8259), controls as \uXXXX, invalid UTF-8 as
 * U+FFFD. */
saha_status saha_export__json(saha__buf *b, const char *s);
/* iCalendar TEXT (RFC 5545 3.3.11): \ ; , escaped, newline as \n, CR and other
 * controls dropped, invalid UTF-8 replaced by U+FFFD. */
saha_status saha_export__ics_text(saha__buf *b, const char *s);
/* Appends one content line folded at 75 octets (RFC 5545 3.1: CRLF + one space before
 * each continuation; never inside a UTF-8 sequence) and terminated by CRLF. */
saha_status saha_export__ics_line(saha__buf *b, const char *line, size_t len);

/* A finite number with fixed decimals, '.' separator; non-finite writes `nan_text`. */
saha_status saha_export__num(saha__buf *b, double v, int decimals, const char *nan_text);
/* open, x, sep, y, close: the two numbers with 6 decimals ("0" when not finite). */
saha_status saha_export__num_pair(saha__buf *b, const char *open, double x,
                                  const char *sep, double y, const char *close);
/* indent<el>text</el> and a newline, text XML-escaped. */
saha_status saha_export__xml_el(saha__buf *b, const char *indent, const char *el,
                                const char *text);
/* The road shape of day d from o->roads (NULL, *n = 0 when none: draw straight legs). */
const saha_latlon *saha_export__road(const saha_export_options *o, size_t d, size_t *n);
/* The day's line: its road shape when o->roads has one, else saha_export__day_path. */
saha_status saha_export__day_line(saha__buf *b, const saha_plan_day *day, size_t d,
                                  const saha_account_set *acc,
                                  const saha_export_options *o, const char *sep,
                                  saha_status (*put)(saha__buf *b, saha_latlon p));
/* A day's path: put(start), then each stop, then put(end), sep between them. */
saha_status saha_export__day_path(saha__buf *b, const saha_plan_day *day,
                                  const saha_account_set *acc, const char *sep,
                                  saha_status (*put)(saha__buf *b, saha_latlon p));
/* s rounded to the nearest whole minute (as saha_export__hhmm shows it), in seconds. */
int64_t saha_export__round_min(int64_t s);
/* "HH:MM" for seconds after local midnight (rounded to the minute; may pass 24:00). */
void saha_export__hhmm(char dst[16], int32_t s);
/* "YYYY-MM-DD" */
void saha_export__date(char dst[16], saha_datetime d);
/* "Mon 30 Nov" for a day */
void saha_export__day_label(char dst[32], const saha_plan_day *d);
/* The local date-time `s` seconds after midnight of d (s may pass a day). */
saha_datetime saha_export__add_seconds(saha_datetime d, int64_t s, int *second_out);
/* Checks that every stop and skip refers to a valid account (SAHA_EINVAL otherwise)
 * and that stops have coordinates. */
saha_status saha_export__check(saha_ctx *ctx, const saha_itinerary *it,
                               const saha_account_set *accounts);
/* The account's time window on `weekday` (0 = Monday) as text: "10:00 appointment"
 * when it has one on that date, else its opening spans that day
 * "09:00-12:00,13:00-17:00", else "" (no opening hours given). */
void saha_export__window(char dst[128], const saha_account *a, const saha_plan_day *d);
/* The texts of a stop every itinerary writer shows: arrival, departure and visit start
 * "HH:MM", and the account's time window that day (saha_export__window). */
typedef struct saha_export__stop_text {
    char arrive[16], depart[16], start[16], window[128];
} saha_export__stop_text;
void saha_export__stop_text_fill(saha_export__stop_text *t, const saha_plan_stop *st,
                                 const saha_account *a, const saha_plan_day *day);
/* The phone number of account i from the input's phone/telephone/tel/telefon column
 * (first non-empty), or "". */
const char *saha_export__phone(const saha_account_set *acc, size_t i);
/* The account of skipped visit s when it can go on a map (coordinates, both finite),
 * with its position in *p; NULL when it cannot. */
const saha_account *saha_export__skip_place(const saha_account_set *acc,
                                            const saha_plan_skip *s, saha_latlon *p);
/* The HTML report's texts in the reader's language: opts->translate's answer, else
 * msgid (msgid_plural when n != 1). The CLI's catalogue (src/cli/po/) holds them:
 * xgettext takes the literals of L_(s) and LN_(s, p, n), which expect an `o` (the
 * export options) in scope. */
const char *saha_export__tr(const saha_export_options *o, const char *msgid)
    __attribute__((format_arg(2)));
const char *saha_export__trn(const saha_export_options *o, const char *msgid,
                             const char *msgid_plural, unsigned long n)
    __attribute__((format_arg(2)));
#define L_(s) saha_export__tr(o, s)
#define LN_(s, p, n) saha_export__trn(o, s, p, (unsigned long)(n))
/* A number in o->lang's notation (saha_format_number) appended to b. */
saha_status saha_export__num_lang(saha__buf *b, double v, int decimals, int group,
                                  const saha_export_options *o);
/* 1 when o asks for another language than English (saha_format_lang of o->lang). */
int saha_export__lang_other(const saha_export_options *o);
/* A number in a text meant for people (ICS DESCRIPTION, GPX desc): in English exactly
 * as saha_export__num writes it (what these outputs always had), in another language
 * saha_format_number's grouped notation ("12.000,50"); not finite writes nan_text. */
saha_status saha_export__num_text(saha__buf *b, double v, int decimals,
                                  const char *nan_text, const saha_export_options *o);
/* saha_export__window in o's language ("10:00 randevu", "kapalı"; the spans as they
 * are); the English text unchanged. */
void saha_export__window_lang(char dst[128], const saha_account *a,
                              const saha_plan_day *d, const saha_export_options *o);
/* saha_export__title in o's language ("7 Aralık 2026 haftası"); in English unchanged. */
const char *saha_export__title_lang(char dst[64], const saha_itinerary *it,
                                    const saha_export_options *o);
/* The day's label in o->lang (saha_format_date, SAHA_DATE_SHORT): "Wed 2 Dec". */
void saha_export__day_label_lang(char dst[48], const saha_plan_day *d,
                                 const saha_export_options *o);
/* Names of the language lang (as saha_format_date takes it): the weekday w (0 =
 * Monday) in two letters (en "Mo", tr "Pt") and the month m (1..12) short (en "Jan", tr
 * "Oca"); "" out of range. */
const char *saha_export__weekday_min(int w, const char *lang);
const char *saha_export__month_short(int m, const char *lang);
/* The weekday w abbreviated inside a sentence: en in OSM's two letters ("Mo", as the
 * opening hours next to it), tr in the standard three ("Pzt", "Sal"), because Turkish
 * two letters collide with OSM's ("Sa" is Sal\xC4\xB1 there, Saturday in OSM); "" out
 * of range. */
const char *saha_export__weekday_abbr(int w, const char *lang);
/* The weekday w's full name in lang (en "Monday", tr "Pazartesi"); "" out of range. */
const char *saha_export__weekday_name(int w, const char *lang);
/* A re-plan change's status in words in o's language (en: saha_change_status_name's
 * names, "moved", "night_cancelled"); the machine outputs keep the names. */
const char *saha_export__change_status_text(saha_change_status s,
                                            const saha_export_options *o);
/* A skip reason in words in o's language ("not worth the drive"); the machine outputs
 * keep saha_skip_reason_name()'s names. */
const char *saha_export__skip_reason_text(saha_skip_reason r,
                                          const saha_export_options *o);
/* A skip's detail or a change's reason (d) in o's language, written into dst (cap bytes)
 * or, when d has no code (a hand-made itinerary) or its text does not fit, `english`
 * (the plan's detail or reason text). Returns the text to show. */
const char *saha_export__detail(char *dst, size_t cap, const saha_detail *d,
                                const char *english, const saha_export_options *o);
/* The account's display name: its name, else its id. */
const char *saha_export__name(const saha_account *a);
/* A re-plan change's from (to = 0) or to (1) time as "YYYY-MM-DD HH:MM", a night's
 * as "YYYY-MM-DD"; "" when it has none. */
void saha_export__change_when(char dst[24], const saha_plan_change *c, int to);
/* Checks opts->generated-style text "YYYY-MM-DDTHH:MM:SSZ" and writes the iCalendar
 * form "YYYYMMDDTHHMMSSZ" into dst. 0 ok, -1 malformed. */
int saha_export__iso_utc(const char *s, char dst[24]);
/* Writes b to f and flushes: SAHA_EIO (message with the system's reason) on failure. */
saha_status saha_export__write(saha_ctx *ctx, FILE *f, const saha__buf *b);
/* A writer's document builder: appends the whole document to b. */
typedef saha_status (*saha_export__doc_fn)(saha__buf *b, const saha_itinerary *it,
                                           const saha_account_set *accounts,
                                           const saha_export_options *o);
/* A writer's own option checks (SAHA_EINVAL with a message when one is refused). */
typedef saha_status (*saha_export__opts_fn)(saha_ctx *ctx, const saha_export_options *o);
/* The body of every public writer: clears the error slot, checks the arguments, the
 * options (check, may be NULL) and the itinerary (saha_export__check), builds the
 * document in memory with fn (options: opts, or the defaults when NULL) and writes it
 * to f only when it is complete. */
saha_status saha_export__run(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                             const saha_account_set *accounts,
                             const saha_export_options *opts, saha_export__opts_fn check,
                             saha_export__doc_fn fn);
/* Refuses opts->generated unless it is empty or "YYYY-MM-DDTHH:MM:SSZ". */
saha_status saha_export__check_generated(saha_ctx *ctx, const saha_export_options *o);
/* The document title: opts->title when set, else "Week of 30 Nov 2026" (first day)
 * written into dst, else "Itinerary". */
const char *saha_export__title(char dst[64], const saha_itinerary *it,
                               const saha_export_options *opts);

/* The HTML report's interactive map (export_html_map.c): Leaflet's stylesheet for the
 * <head>; the map container, its legend and its data where the map goes; Leaflet and our
 * script before </body>. Each writes nothing but a note when o has no Leaflet. */
saha_status saha_export__html_map_head(saha__buf *b, const saha_export_options *o);
saha_status saha_export__html_map_body(saha__buf *b, const saha_itinerary *it,
                                       const saha_account_set *acc,
                                       const saha_export_options *o);
saha_status saha_export__html_map_script(saha__buf *b, const saha_export_options *o);
/* The HTML report's weeks x days calendar (export_html_calendar.c): nothing unless
 * saha_export__html_has_calendar (a quarter plan, or days over more than one week). */
int saha_export__html_has_calendar(const saha_itinerary *it);
extern const char saha_export__calendar_css[]; /* its stylesheet, for the <head> */
saha_status saha_export__html_calendar(saha__buf *b, saha_ctx *ctx,
                                       const saha_itinerary *it,
                                       const saha_account_set *acc,
                                       const saha_export_options *o);
/* Text copied into a <style> or <script> element (tag "style" or "script"): "</tag" is
 * broken up as "<\/tag"; in a style, url(...) becomes none (the page loads no file). */
saha_status saha_export__html_raw(saha__buf *b, const char *s, const char *tag);
/* A JSON string safe inside <script> ('<' as \u003c). */
saha_status saha_export__js_str(saha__buf *b, const char *s);
/* The page's tile layer: {"url":URL,"attr":ATTRIBUTION} (OpenStreetMap's credit when
 * attribution is NULL or ""), or null when url is NULL or "" (no request). */
saha_status saha_export__tiles_json(saha__buf *b, const char *url,
                                    const char *attribution);
/* "parts":[{"k":KIND,"p":[[lat,lon],...]},...],"places":[{"n":NAME,"r":RANK,"p":[lat,lon]}]
 * for the basemap's rings, lines and places that meet the box s, w, n, e (degrees).
 * With all_rings, every land and water ring is written whatever the box, and
 * "box":[south,west,north,east] (the basemap's own) follows: enough for a page to paint
 * the sea over what must stay on land (an even-odd polygon of the box and the rings). */
saha_status saha_export__basemap_json(saha__buf *b, const saha_basemap *bm, double s,
                                      double w, double n, double e, int all_rings);

/* JavaScript defining sahaBasemap(map, B): draws the object saha_export__basemap_json
 * wrote (land, lakes, borders, main places) on a Leaflet map. */
extern const char saha_export__basemap_js[];

/* Where the day's lunch falls relative to stop i (0-based): 0 not at this stop's legs;
 * 1 on the leg into stop i (at the previous point, on the way, or here before the
 * visit); 2 on the leg after the day's last stop i (before leaving it, on the way to the
 * end, or there). */
int saha_export__lunch_at(const saha_plan_day *day, size_t i);
/* Appends where the day's lunch falls as seen from stop i (see saha_export__lunch_at;
 * nothing when it is 0): "before leaving", "on the road, after N of the M min drive",
 * "on arrival, before the visit", "on arrival at the end". */
saha_status saha_export__lunch_note(saha__buf *b, const saha_plan_day *day, size_t i,
                                    const saha_export_options *o);
/* The parts of a lunch sentence (GPX, KML, ICS): the break's start and end as HH:MM in
 * l0 and l1, and b cleared to hold saha_export__lunch_note. */
saha_status saha_export__lunch_parts(saha__buf *b, const saha_plan_day *day, size_t i,
                                     const saha_export_options *o, char l0[16],
                                     char l1[16]);
#endif
