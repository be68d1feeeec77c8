/* saha/account.h: account records, opening hours, the CSV / JSON / GeoJSON readers and
 * the CSV writer.
 *
 * A saha_account_set keeps every input row: valid accounts, and rejected rows (with their
 * issues) so that writers can give every input row back. Unknown columns are kept and
 * written back unchanged. Field names and header aliases: see README ("Account fields").
 */
#ifndef SAHA_ACCOUNT_H
#define SAHA_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "saha/error.h"
#include "saha/geo.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A local calendar date-time (the rep's time zone). hour/minute 0 for a date. Packed
 *  into 6 bytes (every saha_account holds two); the fields read as int in expressions,
 *  but code that needs an int * (or sums past the range) works on an int copy. */
typedef struct saha_datetime {
    int16_t year;         /**< 1..9999 (0 where a field says "none") */
    uint8_t month, day;   /**< 1..12, 1..31 */
    uint8_t hour, minute; /**< 0..23, 0..59 */
} saha_datetime;

/** Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS]" or "YYYY-MM-DD HH:MM[:SS]", and the
 *  day-first "DD.MM.YYYY [HH:MM[:SS]]" of Turkish and German spreadsheets (day and month
 *  may have one digit) (seconds ignored; a trailing "Z" or UTC offset is refused: times
 *  are local).
 *  @return SAHA_OK, or SAHA_EINVAL for a malformed or impossible date */
SAHA_API saha_status saha_datetime_parse(const char *text, saha_datetime *out);

#define SAHA_HOURS_MAX_SPANS 6

/** One opening span, [open_min, close_min) in minutes after local midnight. */
typedef struct saha_hours_span {
    int16_t open_min, close_min;
} saha_hours_span;

/** Weekly opening hours; day 0 = Monday .. 6 = Sunday. Spans are [open_min, close_min)
 *  in minutes after local midnight, sorted, non-overlapping, close_min <= 1440 (a span
 *  past midnight is split into two days). A day with nspans 0 is closed. */
typedef struct saha_hours {
    uint8_t nspans[7];
    saha_hours_span span[7][SAHA_HOURS_MAX_SPANS];
    /** 1: a "PH" rule was given: on a public holiday (the rep's holidays) the place keeps
     *  ph_span instead of that weekday's spans (ph_nspans 0: closed). */
    uint8_t has_ph, ph_nspans;
    saha_hours_span ph_span[SAHA_HOURS_MAX_SPANS];
} saha_hours;

/** Parses the OpenStreetMap opening_hours subset: rules separated by ';', each
 *  "[weekday selector] [time spans|off|closed]" with weekday ranges and lists
 *  ("Mo-Fr", "Mo,We,Fr", "Sa-Mo"), several spans ("08:30-12:00,13:00-17:30"), "24/7",
 *  "off"; a later rule overrides earlier ones for the days it names. Empty text means
 *  always open.
 *  @param[out] out filled on success
 *  @return SAHA_OK or SAHA_EPARSE (message quotes the value and says what is wrong) */
SAHA_API saha_status saha_hours_parse(saha_hours *out, saha_ctx *ctx, const char *text);
/** Always open (24/7). */
SAHA_API void saha_hours_always(saha_hours *out);
/** Is the place open at `minute` (0..1439) on weekday (0 = Monday)? */
SAHA_API int saha_hours_is_open(const saha_hours *h, int weekday, int minute);
/** Writes the hours back in opening_hours syntax (canonical form) into dst.
 *  @return length, or -1 if cap is too small */
SAHA_API int saha_hours_format(const saha_hours *h, char *dst, size_t cap);

/** One valid account. Strings are borrowed from the set (never NULL; "" when absent).
 *  Packed (160 bytes on LP64, a big list keeps one per row): pointers, then doubles,
 *  then the 32-bit, date and one-bit fields. The flags are bool bit-fields (assigning
 *  any non-zero value stores 1; their address cannot be taken). */
typedef struct saha_account {
    const char *id; /**< unique, required */
    const char *name;
    const char *address;
    const char *street, *city, *district, *postcode, *country;
    const char *rep;   /**< assigned rep or territory, "" when none */
    const char *phone; /**< "phone"/"tel"/"telefon" column, "" when none */
    const char *notes; /**< "notes"/"notlar"/"açıklama"/"comment" column */
    /** Never NULL; always open when the input had none. Borrowed from the set and
     *  shared by every account whose hours cell has the same text (a set holds one
     *  copy per distinct text, so 1M rows with a handful of patterns cost 8 bytes a
     *  row, not the 200 of a saha_hours). */
    const saha_hours *hours;
    double lat_deg, lon_deg; /**< NaN when has_coords is 0 */
    double value;            /**< expected deal value >= 0 (currency of the rep file) */
    double probability;      /**< 0..1 (a 0..100 input is read as percent); default 1 */
    double visit_min; /**< visit duration in minutes; default from the load options */
    uint32_t line;    /**< 1-based input line where the row starts (JSON: the object) */
    int32_t frequency_days;    /**< visit every N days (0..100000); 0 = no cadence */
    saha_datetime appointment; /**< fixed visit start, local time (has_appointment) */
    saha_datetime last_visit;  /**< has_last_visit */
    bool has_coords : 1;       /**< 0: needs geocoding (lat/lon are NaN) */
    bool has_hours : 1;        /**< the input gave opening hours */
    bool must_visit : 1;
    bool has_appointment : 1;
    bool has_last_visit : 1;
} saha_account;

typedef enum saha_account_format {
    SAHA_ACCOUNT_FORMAT_AUTO = 0, /**< by extension, then by content */
    SAHA_ACCOUNT_FORMAT_CSV,
    SAHA_ACCOUNT_FORMAT_JSON,    /**< array of objects */
    SAHA_ACCOUNT_FORMAT_GEOJSON, /**< FeatureCollection of Points */
    SAHA_ACCOUNT_FORMAT_XLSX     /**< Excel workbook (Office Open XML), one sheet */
} saha_account_format;

#define SAHA_ACCOUNT_LOAD_OPTIONS_VERSION 1

/** Options of saha_account_load and saha_account_parse; fill with
 *  saha_account_load_options_init. */
typedef struct saha_account_load_options {
    unsigned version; /**< SAHA_ACCOUNT_LOAD_OPTIONS_VERSION */
    saha_account_format format;
    char delimiter;           /**< CSV: 0 = sniff among ',', ';', '\t' */
    int strict;               /**< a bad row fails the load (SAHA_EPARSE) */
    double default_visit_min; /**< default 30 */
    saha_geo *geo;            /**< needed only with crs */
    const char *crs;          /**< NULL or "EPSG:4326": WGS84; else x/y are transformed */
    size_t max_bytes;         /**< input size limit; 0 = default (2 GiB) */
    /** Column map, NULL = none: "FIELD=HEADER,FIELD=HEADER" (a HEADER with ',' or '='
     *  in double quotes, "" for a quote), e.g. `name="Firma Adı",value=Ciro`. Each named
     *  column is read as that field, whatever the aliases say; a column the aliases
     *  would give that field is then an unknown column. Headers match case- and
     *  accent-folded. An unknown FIELD is SAHA_EINVAL; a HEADER not in the input,
     *  SAHA_EPARSE (line 1). */
    const char *columns;
    /** .xlsx input: the sheet to read, by name; NULL = the first sheet. A name the
     *  workbook does not have is SAHA_EINVAL (the message names the first sheet). */
    const char *sheet;
} saha_account_load_options;
/** Sets the defaults: format auto, sniffed delimiter, not strict, 30 min visits, WGS84,
 *  the default size limit, no column map, the first sheet.
 *  @return SAHA_OK, or SAHA_EINVAL for NULL or an unknown version */
SAHA_API saha_status saha_account_load_options_init(saha_account_load_options *opts,
                                                    unsigned version);

/** A problem found in one input row. Strings borrowed from the set. */
typedef struct saha_account_issue {
    size_t line;         /**< 1-based line of the row */
    const char *field;   /**< canonical field name, or "" for the whole row */
    const char *message; /**< e.g. "out of range [-90, 90]: '91.2'" */
    int warning;    /**< 1: rejects nothing (e.g. a second column for a field, line 1) */
    const char *id; /**< the rejected row's id cell as written ("" if none) */
    int required;   /**< 1: the rejected row is a must-visit or has an appointment,
                         so leaving it out breaks a promise (callers should stop) */
} saha_account_issue;

typedef struct saha_account_set saha_account_set;

/** Loads accounts from a file. Rows that fail validation are kept as rejected rows with
 *  an issue each (unless opts->strict, which fails on the first).
 *  @return SAHA_OK (even when some rows were rejected); SAHA_EIO; SAHA_EPARSE for an
 *          input that cannot be read as the format at all (not CSV/JSON, no id column,
 *          malformed JSON: source/line/column set); SAHA_EPROJ; SAHA_ENOMEM */
SAHA_API saha_status saha_account_load(saha_account_set **out, saha_ctx *ctx,
                                       const char *path,
                                       const saha_account_load_options *opts);
/** Same as saha_account_load from memory; source names the input in messages
 *  ("<stdin>" for standard input). data need not be NUL-terminated. */
SAHA_API saha_status saha_account_parse(saha_account_set **out, saha_ctx *ctx,
                                        const char *source, const char *data, size_t len,
                                        const saha_account_load_options *opts);
/** NULL is a no-op. */
SAHA_API void saha_account_set_free(saha_account_set *set);

/** Name of the input the set was read from (borrowed). */
SAHA_API const char *saha_account_source(const saha_account_set *set);
/** The input's CSV delimiter (',' ';' or '\t' when sniffed; ',' for JSON input). */
SAHA_API char saha_account_delimiter(const saha_account_set *set);
/** How a CSV file is laid out; the CSV writers (saha_account_write_csv and the
 *  itinerary, unvisited and changes exports) write in it. All zero = ',' with a decimal
 *  point, LF line ends, no BOM (RFC 4180 but for the line ends). */
typedef struct saha_csv_dialect {
    char delimiter;    /**< ',' (also when 0), ';' or '\t' */
    int decimal_comma; /**< numbers saha writes use a decimal comma ("1,5") */
    int bom;           /**< the file starts with a UTF-8 byte order mark */
    int crlf;          /**< lines end with CR LF, else LF */
} saha_csv_dialect;
/** The dialect of the input the set was read from: its delimiter, the decimal comma
 *  with ';', whether it started with a BOM and whether its first line ended with CR LF
 *  (JSON, GeoJSON and .xlsx input: all zero). */
SAHA_API void saha_account_dialect(const saha_account_set *set, saha_csv_dialect *out);
/** Number of valid accounts. */
SAHA_API size_t saha_account_count(const saha_account_set *set);
/** Valid account i (0 <= i < count), borrowed; NULL when out of range. */
SAHA_API const saha_account *saha_account_at(const saha_account_set *set, size_t i);
/** Index of the account with this id, or SIZE_MAX. */
SAHA_API size_t saha_account_find(const saha_account_set *set, const char *id);
/** Input columns, in input order (CSV header cells, JSON keys as first seen). */
SAHA_API size_t saha_account_column_count(const saha_account_set *set);
/** Header of input column i as written (borrowed); NULL when out of range. */
SAHA_API const char *saha_account_column_name(const saha_account_set *set, size_t i);
/** Canonical field ("id", "lat", ...) input column i is read as, or NULL for a column
 *  saha does not read (kept and written back unchanged). */
SAHA_API const char *saha_account_column_field(const saha_account_set *set, size_t i);
/** Data rows read in all (valid + rejected). */
SAHA_API size_t saha_account_rows_read(const saha_account_set *set);
/** Number of rejected rows. */
SAHA_API size_t saha_account_rejected_count(const saha_account_set *set);
/** Valid accounts without coordinates. */
SAHA_API size_t saha_account_missing_coords_count(const saha_account_set *set);
/** Issues found, in input order: one or more per rejected row, plus warnings
 *  (issue.warning 1) that reject nothing, such as a second column for the same field. */
SAHA_API size_t saha_account_issue_count(const saha_account_set *set);
SAHA_API const saha_account_issue *saha_account_issue_at(const saha_account_set *set,
                                                         size_t i);

/** Sets the coordinates of valid account i (e.g. after geocoding).
 *  @return SAHA_OK, SAHA_EINVAL (index or range) */
SAHA_API saha_status saha_account_update_coords(saha_account_set *set, size_t i,
                                                saha_latlon pos);
/** Sets (adding the column when new) an extra output column on valid account i, e.g.
 *  "geocode_status" or "territory". The value is copied.
 *  @return SAHA_OK, SAHA_EINVAL, SAHA_ENOMEM */
SAHA_API saha_status saha_account_update_extra(saha_account_set *set, size_t i,
                                               const char *column, const char *value);
/** The value of any column (input or extra) of valid account i by header name (exact, as
 *  in the input, or canonical field name); NULL when there is no such column. Borrowed.
 */
SAHA_API const char *saha_account_get_column(const saha_account_set *set, size_t i,
                                             const char *column);

#define SAHA_ACCOUNT_WRITE_OPTIONS_VERSION 1

/** Options of saha_account_write_csv; fill with saha_account_write_options_init. */
typedef struct saha_account_write_options {
    unsigned version;     /**< SAHA_ACCOUNT_WRITE_OPTIONS_VERSION */
    char delimiter;       /**< 0: the input's delimiter (',' for JSON input) */
    int include_rejected; /**< write rejected rows unchanged too (default 1) */
    int bom;              /**< start with a UTF-8 BOM (default 0) */
    int crlf;             /**< CR LF line ends (default 0: LF) */
} saha_account_write_options;
/** Sets the defaults: the input's delimiter, rejected rows included, no BOM, LF endings.
 *  @return SAHA_OK, or SAHA_EINVAL for NULL or an unknown version */
SAHA_API saha_status saha_account_write_options_init(saha_account_write_options *opts,
                                                     unsigned version);

/** Writes the set as CSV (RFC 4180, UTF-8, '\n' endings unless opts->crlf): every input
 * column in input order with its original header (lat/lon columns updated, added as
 * "lat","lon" when the input had none and some account has coordinates), then extra
 * columns in the order they were first set; rows in input order.
 *  @return SAHA_OK or SAHA_EIO (write error) */
SAHA_API saha_status saha_account_write_csv(FILE *f, saha_ctx *ctx,
                                            const saha_account_set *set,
                                            const saha_account_write_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* SAHA_ACCOUNT_H */
