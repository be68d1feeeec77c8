/* saha/export.h: itineraries for the places reps use them: GPX 1.1 (and KML), the
 * itinerary CSV and the unvisited list, GeoJSON (RFC 7946), iCalendar (RFC 5545) and a
 * self-contained HTML report with an SVG map. Writers write to a FILE the caller opened
 * (the CLI writes to a temporary file and renames it into place). Output is
 * deterministic: fixed order, fixed precision, '\n' endings (CRLF for iCalendar). */
#ifndef SAHA_EXPORT_H
#define SAHA_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "saha/account.h"
#include "saha/basemap.h"
#include "saha/error.h"
#include "saha/geo.h"
#include "saha/http.h"
#include "saha/matrix.h"
#include "saha/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SAHA_EXPORT_OPTIONS_VERSION 1

/** A report's text in the reader's language: msgid is the English text (a printf
 *  format where it has conversions, which the translation keeps); with msgid_plural
 *  set, the form for the count n (gettext's ngettext). Returns the text to use (msgid,
 *  or msgid_plural when n != 1, when there is no translation); it must stay valid while
 *  the writer runs. payload is saha_export_options.translate_payload. */
typedef const char *(*saha_translate_fn)(const char *msgid, const char *msgid_plural,
                                         unsigned long n, void *payload);

/** The forms of saha_format_date(). */
typedef enum saha_date_style {
    SAHA_DATE_NUMERIC = 0,    /**< en 2026-12-02, tr 02.12.2026 */
    SAHA_DATE_LONG,           /**< en Wednesday 2 December 2026, tr 2 Aralık 2026
                                   Çarşamba */
    SAHA_DATE_DAY_MONTH_YEAR, /**< en 2 Dec 2026, tr 2 Aralık 2026 */
    SAHA_DATE_SHORT           /**< a day's label: en Wed 2 Dec, tr 2 Ara Çar */
} saha_date_style;

/** The language code saha_format_number() and saha_format_date() make of lang: "tr"
 *  for "tr", "tr_TR", "tr-TR", "tr_TR.UTF-8" (any case), else "en" (also for NULL).
 *  @return a static string */
SAHA_API const char *saha_format_lang(const char *lang);
/** Writes v with `decimals` digits after the language's decimal mark (en '.', tr ',')
 *  and, when group is set, the language's thousands separator (en ',', tr '.'):
 *  1234.5 is "1,234.5" in English and "1.234,5" in Turkish. Independent of the process
 *  locale. Not finite: "-", "inf", "-inf". decimals is clamped to 0..9.
 *  @return the length written, or -1 (dst = "") when it does not fit in cap bytes */
SAHA_API int saha_format_number(char *dst, size_t cap, double v, int decimals, int group,
                                const char *lang);
/** Writes the date (hour and minute ignored) in the style and language (see
 *  saha_date_style; the language as for saha_format_number()).
 *  @return the length written, or -1 (dst = "") for an impossible date or when it does
 *          not fit in cap bytes */
SAHA_API int saha_format_date(char *dst, size_t cap, saha_datetime date,
                              saha_date_style style, const char *lang);

typedef struct saha_export_options {
    unsigned version;      /**< SAHA_EXPORT_OPTIONS_VERSION */
    size_t gpx_max_points; /**< GPX: at most this many points per <rte>; a longer day
                                is split into parts that share their joining point
                                (for older Garmin units); 0 = never split; 1 = EINVAL */
    int gpx_times;         /**< also write planned times as GPX <time> (UTC) */
    const char *title;     /**< report/metadata title; NULL = "Week of <date>" */
    const char *generated; /**< ISO 8601 UTC time "YYYY-MM-DDTHH:MM:SSZ" to stamp (GPX
                                metadata time, ICS DTSTAMP, HTML footer); NULL = omit
                                (ICS then stamps the first day 00:00 UTC) */
    int utc_offset_min;    /**< rep's offset from UTC (minutes, east positive) in effect
                                on the planned days: GPX <time> and the ICS VTIMEZONE */
    saha_geo *geo;         /**< HTML map projection; NULL = the writer makes its own */
    int csv_raw;           /**< itinerary and unvisited CSV: write text cells as they
                                are, without the formula guard (for scripts, not
                                spreadsheets); 0 = guarded (default): a text cell that
                                starts with = + - @ TAB or CR gets a leading apostrophe
                                (OWASP "CSV Injection"); numbers are never altered */
    saha_datetime today;   /**< HTML: the caller's local date (the library reads no
                                clock); a day of the plan on or after it comes first
                                when the week is under way; year 0 = date order */
    const saha_basemap *basemap;   /**< HTML: land, water, borders and places under
                                        both maps, and the water check of each leg;
                                        NULL = none */
    const char *leaflet_js;        /**< HTML: Leaflet's script text, inlined for the
                                        interactive map; NULL = the SVG map only */
    const char *leaflet_css;       /**< Leaflet's stylesheet text (with leaflet_js) */
    const char *tiles_url;         /**< HTML: online tile URL template ({z}/{x}/{y}) drawn
                                        over the basemap; NULL = no request at all */
    const char *tiles_attribution; /**< shown on the map with tiles_url */
    const char *ics_uid;           /**< ICS: write only the event with this UID (CalDAV
                                        puts one event per resource); NULL = all */
    const saha_roads *roads;       /**< road shapes, route index = day index (see
                                        saha_roads_fetch): GPX adds a <trk> per day with
                                        one, GeoJSON, KML, the HTML map and the SVG
                                        draw it instead of straight legs; NULL or a day
                                        without one = straight legs */
    const char *markercluster_js;  /**< HTML (with leaflet_js): Leaflet.markercluster's
                                        script, inlined; the accounts not visited are
                                        then clustered; NULL = not clustered */
    const char *markercluster_css; /**< its stylesheets (MarkerCluster.css and
                                        MarkerCluster.Default.css, concatenated) */
    saha_csv_dialect csv_dialect;  /**< itinerary, unvisited and changes CSV: delimiter,
                                        decimal comma, BOM, CR LF; all zero = ',' '.'
                                        LF, no BOM (saha_account_dialect() gives the
                                        input's) */
    const char *lang;              /**< HTML report: the language of its numbers and dates
                                        (saha_format_number, saha_format_date) and of its
                                        <html lang>: "tr" (also "tr_TR", "tr-TR.UTF-8") =
                                        Turkish; NULL or any other = English */
    saha_translate_fn translate;   /**< HTML report: its texts in the reader's
                                        language (the CLI passes gettext's); NULL =
                                        the English msgids */
    void *translate_payload;       /**< passed to translate */
} saha_export_options;
/** Sets the defaults (all off, utc_offset_min 0 = UTC: set it from the rep's time
 *  zone). @return SAHA_OK, or SAHA_EINVAL for an unknown version */
SAHA_API saha_status saha_export_options_init(saha_export_options *opts,
                                              unsigned version);

/** Words a skip's detail or a re-plan change's reason (saha_plan_skip.why,
 *  saha_plan_change.why) in opts' language: its texts through opts->translate, its
 *  numbers and dates in opts->lang's notation (saha_format_number, saha_format_date).
 *  With opts NULL, or without a translator and lang English, the text is the plan's
 *  English `detail` (`reason`) byte for byte. Account ids, addresses and opening hours
 *  (OSM syntax) stay as they are.
 *  @param[out] dst the text, NUL-terminated (truncated when it does not fit)
 *  @return SAHA_OK, SAHA_EINVAL (NULL dst or detail, cap 0, an unknown code, options of
 *          another version), SAHA_ELIMIT (it needs more than cap bytes) */
SAHA_API saha_status saha_export_detail_text(char *dst, size_t cap, saha_ctx *ctx,
                                             const saha_detail *detail,
                                             const saha_export_options *opts);

/** GPX 1.1: metadata, a <wpt> per stop, a <rte> per day with visits (home first and
 *  last), planned times in a saha extension (namespace urn:saha:gpx:1); valid against
 *  the GPX 1.1 schema.
 *  @param[in] accounts the set the itinerary's account indexes refer to
 *  @return SAHA_OK, SAHA_EIO (write error), SAHA_EINVAL (bad itinerary or options),
 *          SAHA_ENOMEM */
SAHA_API saha_status saha_export_gpx(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                                     const saha_account_set *accounts,
                                     const saha_export_options *opts);
/** Itinerary CSV (RFC 4180, UTF-8, '\n'): header "day,date,seq,id,name,lat,lon,arrival,
 *  departure,drive_km,drive_min,value,start,wait_min,visit_min,address,window", one row
 *  per stop in day and visit order; local times HH:MM; drive_* is the leg from the
 *  previous point. Text cells (id, name, address, window) that start with = + - @ TAB
 *  or CR get a leading apostrophe unless opts->csv_raw is set.
 *  @return SAHA_OK, SAHA_EIO, SAHA_EINVAL, SAHA_ENOMEM */
SAHA_API saha_status saha_export_csv(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                                     const saha_account_set *accounts,
                                     const saha_export_options *opts);
/** Unvisited accounts, a call list: header "id,name,reason,detail,value,lat,lon,address,
 *  city,district,postcode,phone,email,hours,must_visit" (phone/email from the input's
 *  "phone"/"telephone"/"tel"/"telefon" and "email"/"e-mail"/"eposta" columns when
 *  present), one row per skipped account in itinerary order. reason is
 *  saha_skip_reason_name(). Text cells (all but value, lat, lon, must_visit) get the
 *  same formula guard as saha_export_csv() unless opts->csv_raw is set.
 *  @return SAHA_OK, SAHA_EIO, SAHA_EINVAL, SAHA_ENOMEM */
/** The re-plan's changes (itinerary changes list) as CSV: account, status (kept, moved,
 *  added, dropped), from, to (local "YYYY-MM-DD HH:MM"), reason in words.
 *  @return SAHA_OK, SAHA_EIO, SAHA_EINVAL, SAHA_ENOMEM */
SAHA_API saha_status saha_export_changes_csv(FILE *f, saha_ctx *ctx,
                                             const saha_itinerary *it,
                                             const saha_account_set *accounts,
                                             const saha_export_options *opts);
SAHA_API saha_status saha_export_unvisited_csv(FILE *f, saha_ctx *ctx,
                                               const saha_itinerary *it,
                                               const saha_account_set *accounts,
                                               const saha_export_options *opts);
/** GeoJSON (RFC 7946) FeatureCollection: per day a LineString (home, stops, home;
 *  properties kind "route", day, date, visits, drive_km, value, stroke) and per stop a
 *  Point (kind "stop", day, seq, id, name, arrival, departure, value, address), then
 *  the home Point (kind "home") and the skipped accounts with coordinates (kind
 *  "skipped", reason). Coordinates [lon, lat], 6 decimals.
 *  @return SAHA_OK, SAHA_EIO, SAHA_EINVAL, SAHA_ENOMEM */
SAHA_API saha_status saha_export_geojson(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                                         const saha_account_set *accounts,
                                         const saha_export_options *opts);
/** iCalendar (RFC 5545): a VTIMEZONE for it->timezone with the fixed offset
 *  opts->utc_offset_min, one VEVENT per visit (local DTSTART/DTEND with TZID, stable
 *  UID from account id and date, GEO, LOCATION, DESCRIPTION), CRLF line ends, lines
 *  folded at 75 octets.
 *  @return SAHA_OK, SAHA_EIO, SAHA_EINVAL, SAHA_ENOMEM */
SAHA_API saha_status saha_export_ics(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                                     const saha_account_set *accounts,
                                     const saha_export_options *opts);
/** A self-contained HTML report that loads nothing (unless opts->tiles_url): the day
 *  sheet (a card per stop: times, address, hours, appointment, tel: link, notes,
 *  expected and deal value, navigation links; opts->today's day first when the week is
 *  under way), the interactive map when opts->leaflet_js/css are given (inlined), the SVG
 *  map (routes, numbered stops, home, skipped accounts, the basemap, scale bar), totals,
 *  and the call list (accounts not visited, by value, with reasons and tel: links). Legs
 *  crossing open water (opts->basemap) are flagged.
 *  @return SAHA_OK, SAHA_EIO, SAHA_EINVAL, SAHA_EPROJ, SAHA_ENOMEM */
SAHA_API saha_status saha_export_html(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                                      const saha_account_set *accounts,
                                      const saha_export_options *opts);
/** KML 2.2: a Folder per day with a Placemark per stop and a LineString (home, stops,
 *  home) in the day's colour; skipped accounts in a "Not visited" folder.
 *  @return SAHA_OK, SAHA_EIO, SAHA_EINVAL, SAHA_ENOMEM */
SAHA_API saha_status saha_export_kml(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                                     const saha_account_set *accounts,
                                     const saha_export_options *opts);

/** Excel workbook (.xlsx, Office Open XML): a "Summary" sheet (totals, a row per day),
 *  a sheet per working day named "Mo YYYY-MM-DD" (seq, arrival, start, departure, id,
 *  name, address, phone, drive_km, drive_min, value, window, lat, lon, lunch,
 *  lunch_start, lunch_drive_min, day, date, wait_min, visit_min, night_before,
 *  night_after, confirmed, uid, sequence, etag, drive_source: one row per visit, every
 *  column of the itinerary CSV with its cells) and a "Call list" sheet (the accounts
 *  left out, most valuable first: id, name, reason, detail, value, phone, address,
 *  city, hours, must_visit). Numbers are number cells, dates date cells (yyyy-mm-dd),
 *  clock times time cells (hh:mm), ids and phone numbers text cells. Uses a temporary
 *  file under P_tmpdir while writing.
 *  @return SAHA_OK, SAHA_EIO, SAHA_EINVAL, SAHA_ENOMEM */
SAHA_API saha_status saha_export_xlsx(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                                      const saha_account_set *accounts,
                                      const saha_export_options *opts);

/** A leg whose straight line crosses open water (from the basemap's land polygons):
 *  the road model cannot know the bridge or ferry, so the reports flag it. */
typedef struct saha_water_leg {
    size_t day;     /**< index into it->days */
    size_t to_stop; /**< the leg ends at stop to_stop; == nstops: the way home (hotel) */
    double water_m; /**< metres of the straight line on water */
} saha_water_leg;
/** The legs of it that are the road model's estimates (leg_estimated) and whose
 *  straight line lies on water for at least
 *  SAHA_BASEMAP_WATER_FLAG_M, in day and visit order: up to cap are written to out (may
 *  be NULL); returns how many there are. 0 without a basemap or outside its box. */
SAHA_API size_t saha_export_water_legs(const saha_itinerary *it,
                                       const saha_account_set *accounts,
                                       const saha_basemap *bm, saha_water_leg *out,
                                       size_t cap);

/** How one event fared in saha_caldav_publish. */
typedef enum saha_caldav_outcome {
    SAHA_CALDAV_CREATED = 0, /**< PUT with If-None-Match: * */
    SAHA_CALDAV_UPDATED,     /**< PUT with If-Match on the ETag last seen */
    SAHA_CALDAV_DELETED,     /**< a dropped visit: DELETE (404: already gone) */
    SAHA_CALDAV_CONFLICT,    /**< 412: changed on the server since; left alone */
    SAHA_CALDAV_FAILED       /**< any other answer (status says which) */
} saha_caldav_outcome;

typedef struct saha_caldav_result {
    const char *uid; /**< borrowed from the itinerary */
    saha_caldav_outcome outcome;
    long status;    /**< HTTP status */
    char etag[256]; /**< the new ETag (created/updated; "" when the server sent none) */
} saha_caldav_result;

/** Publishes the itinerary to a CalDAV calendar collection (RFC 4791) over an HTTP
 *  client made with the options `http` (NULL: defaults; credentials, secrets and
 *  timeouts come from there): one resource COLLECTION/UID.ics per visit (the single-event
 * ICS of saha_export_ics), PUT with If-Match on the stop's etag (If-None-Match: * when it
 * has none), and a DELETE (If-Match when known) of each dropped visit of the changes
 * list. A 412 is a conflict: the event was edited elsewhere and is left alone. Fills
 * *results (one per request, free with free()) and *n.
 *  @return SAHA_OK (conflicts and failed requests are in the results), SAHA_ENET when
 *          the server cannot be reached, SAHA_EINVAL, SAHA_ENOMEM */
SAHA_API saha_status saha_caldav_publish(saha_ctx *ctx, const saha_http_options *http,
                                         const saha_itinerary *it,
                                         const saha_account_set *accounts,
                                         const char *collection_url,
                                         const saha_export_options *opts,
                                         saha_caldav_result **results, size_t *n);

#ifdef __cplusplus
}
#endif
#endif /* SAHA_EXPORT_H */
