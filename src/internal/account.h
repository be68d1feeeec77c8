/* Private to the account module (src/account*.c): the set's layout, the field table and
 * the helpers the readers, the validator and the writer share. Never installed. */
#ifndef SAHA_ACCOUNT_INTERNAL_H
#define SAHA_ACCOUNT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "internal/core.h"
#include "saha/account.h"

/* Canonical fields, in README order. */
typedef enum saha_account__field {
    SAHA_F_ID = 0,
    SAHA_F_NAME,
    SAHA_F_ADDRESS,
    SAHA_F_STREET,
    SAHA_F_CITY,
    SAHA_F_DISTRICT,
    SAHA_F_POSTCODE,
    SAHA_F_COUNTRY,
    SAHA_F_LAT,
    SAHA_F_LON,
    SAHA_F_VALUE,
    SAHA_F_PROBABILITY,
    SAHA_F_VISIT_MINUTES,
    SAHA_F_HOURS,
    SAHA_F_MUST_VISIT,
    SAHA_F_APPOINTMENT,
    SAHA_F_REP,
    SAHA_F_LAST_VISIT,
    SAHA_F_FREQUENCY_DAYS,
    SAHA_F_PHONE,
    SAHA_F_NOTES,
    SAHA_F_COUNT
} saha_account__field;

#define SAHA_ACCOUNT__NONE ((size_t)-1)

/* A string -> size_t map (open addressing, linear probing). Keys are borrowed: they must
 * outlive the map. Used for header names (JSON keys) and for ids. */
typedef struct saha_account__map {
    saha_ctx *ctx;
    const char **keys; /* NULL = empty slot */
    size_t *vals;
    size_t cap, n; /* cap is 0 or a power of two */
} saha_account__map;

/* One input data row, valid or rejected. Packed to 12 bytes because a big list keeps
 * one per row (1M rows: 12 MB, not 48); which rows became accounts is not stored (see
 * saha_account__is_row, saha_account__row_of). Its ncells raw cells
 * (read them with saha_account__cell or saha_account__cell_next) are stored in one of two
 * ways:
 * - packed (cell0 has SAHA_ACCOUNT__ROW_PACKED): a CSV row whose cells all lie in
 *   set->buf is moved together at load, so that its cells are consecutive
 *   NUL-terminated texts from buf + (cell0 & ~SAHA_ACCOUNT__ROW_PACKED): no per-cell
 *   ref at all (1M rows of 8 columns: 32 MB less); cell k is found by skipping k texts;
 * - refs: the refs set->cell[cell0 .. cell0 + ncells) (JSON, .xlsx, repaired rows, and a
 *   packed row once a cell of it is replaced).
 * A reader-level problem (ragged row, NUL byte, ...) is kept aside in set->problems. The
 * 32-bit fields bound a set to 4G lines and rows, 2G cell refs and a 2 GiB CSV text
 * (SAHA_ELIMIT past that; rows past 2 GiB of text are kept as refs). */
typedef struct saha_account__row {
    uint32_t line;  /* physical line where the row starts (JSON: the element) */
    uint32_t cell0; /* packed: offset in set->buf | ROW_PACKED; else index in set->cell */
    uint32_t ncells;
} saha_account__row;

#define SAHA_ACCOUNT__ROW_PACKED 0x80000000u

/* A raw cell is a 32-bit ref rather than a pointer (4 bytes, not 8, per cell):
 * below SAHA_ACCOUNT__CELL_EXT an offset into set->buf (the CSV text, cut in place);
 * from it on, SAHA_ACCOUNT__CELL_EXT + i for set->cell_ext[i] (a text elsewhere: JSON
 * and .xlsx cells, repaired cells, values set after loading); SAHA_ACCOUNT__CELL_EMPTY
 * for "". */
#define SAHA_ACCOUNT__CELL_EXT 0x80000000u
#define SAHA_ACCOUNT__CELL_EMPTY UINT32_MAX

/* The reader-level problem of a row (few: kept apart from the rows). */
typedef struct saha_account__problem {
    size_t row;        /* index in set->rows */
    const char *field; /* "" for the whole row */
    const char *msg;
} saha_account__problem;

struct saha_account_set {
    saha_ctx *ctx;
    saha__arena arena;  /* every small string the set owns */
    const char *source; /* arena */
    char *buf;          /* CSV text the cells point into (owned), or NULL */
    size_t buf_len;     /* bytes of buf (before its final NUL) */
    char delimiter;     /* of the input (',' for JSON) */
    int decimal_comma;  /* numbers may use ',' as the decimal separator */
    int bom, crlf;      /* the CSV input started with a BOM / its first line ended CRLF */
    int crs_transformed; /* coordinates were transformed from opts->crs */

    /* columns of the input */
    const char **header; /* ncols names as in the input (arena) */
    int *col_field;      /* ncols: saha_account__field, or -1 for an unknown column */
    size_t ncols, cols_cap;
    size_t field_col[SAHA_F_COUNT]; /* column of each field, SAHA_ACCOUNT__NONE if none */

    saha_account__row *rows;
    size_t nrows, rows_cap;
    uint32_t *cell; /* the rows' cell refs, row after row (see saha_account__row) */
    size_t ncell, cell_cap;
    const char **cell_ext; /* texts of the refs from SAHA_ACCOUNT__CELL_EXT on */
    size_t ncell_ext, cell_ext_cap;
    saha_account__problem *problems; /* in row order */
    size_t nproblems, problems_cap;
    const char **scratch; /* a reader's cells of one row before saha_account__add_row */
    size_t scratch_cap;

    saha_account *acc; /* valid accounts, in input order */
    size_t nacc;
    size_t nmissing;   /* valid accounts without coordinates */
    uint32_t *id_slot; /* id -> account index: see account_set.c */
    size_t id_cap;     /* slots (< 2^32), 0 before the first account */
    unsigned id_bits;  /* low bits of a slot holding account + 1; the rest is a tag */
    saha_hours always; /* the hours of accounts without any (24/7) */
    saha_account__map cols; /* header name -> first column with that name */

    saha_account_issue *issues;
    size_t nissues, issues_cap;
    size_t nrejected;

    /* lat/lon text set after loading when the input had no lat/lon column (nacc each) */
    const char **added_lat, **added_lon;

    /* the caller's column map (load option columns): header (folded) per field, or
     * NULL; ncolmap > 0 when any is set */
    const char *colmap[SAHA_F_COUNT];
    size_t ncolmap;

    /* extra output columns (saha_account_update_extra): names and nacc values each */
    const char **extra_names;
    const char ***extra_vals;
    size_t nextra, extra_cap;
};

/* ---- account_set.c --------------------------------------------------------------- */
/* The canonical name of a field ("id", "lat", ...). */
const char *saha_account__field_name(int field);
/* The field a header name stands for (folded, aliases), or -1. */
int saha_account__field_of_header(const char *name, size_t len);

void saha_account__map_init(saha_account__map *m, saha_ctx *ctx);
void saha_account__map_free(saha_account__map *m);
/* SAHA_ACCOUNT__NONE when absent. */
size_t saha_account__map_get(const saha_account__map *m, const char *key);
/* Adds key (must be absent). SAHA_OK or SAHA_ENOMEM. */
saha_status saha_account__map_put(saha_account__map *m, const char *key, size_t val);

/* The account whose id is id, or SAHA_ACCOUNT__NONE. The index is open addressing over
 * 4-byte slots holding account + 1 and a hash tag (0: empty), the key being the
 * account's own id: 5.7 bytes an account at load 0.7 rather than a key pointer and a
 * value (32). */
size_t saha_account__id_get(const saha_account_set *set, const char *id);
/* Sizes the index for n accounts in one allocation (else it doubles as accounts come).
 * SAHA_OK, SAHA_ENOMEM or SAHA_ELIMIT. */
saha_status saha_account__id_reserve(saha_account_set *set, size_t n);
/* Indexes account acct (< set->nacc + 1) under set->acc[acct].id, which must be absent.
 * SAHA_OK or SAHA_ENOMEM. */
saha_status saha_account__id_put(saha_account_set *set, size_t acct);

/* Adds an input column (name copied); maps it to a field unless the field already has a
 * column (then records a warning issue at line 1). SAHA_OK or SAHA_ENOMEM. */
saha_status saha_account__add_column(saha_account_set *set, const char *name, size_t len);
/* Appends a row. The cell texts are kept where they are (they must outlive the set: in
 * set->buf or the arena); the array itself is only read. When every cell lies in
 * set->buf, in order and apart, the texts are moved together inside the row's own span
 * of buf (the row is packed: see saha_account__row), which overwrites the quotes and
 * delimiters between them: pointers to the cells from before the call are stale. SAHA_OK,
 * SAHA_ENOMEM, or SAHA_ELIMIT past 4G lines or rows or 2G cell refs. */
saha_status saha_account__add_row(saha_account_set *set, size_t line, const char **cells,
                                  size_t ncells, const char *problem_field,
                                  const char *problem_msg);
/* An array of at least n cells owned by the set, each "", for a reader to fill before
 * saha_account__add_row (reused row after row). NULL: ENOMEM. */
const char **saha_account__scratch(saha_account_set *set, size_t n);
/* Text of raw cell k (< r->ncells) of row r; never NULL. O(k) on a packed row: to read
 * a row's cells in order use saha_account__cell_next. */
const char *saha_account__cell(const saha_account_set *set, const saha_account__row *r,
                               size_t k);
/* Cell k (< r->ncells) of row r, given prev = cell k - 1 as this function or
 * saha_account__cell returned it (NULL for k == 0): O(1). */
const char *saha_account__cell_next(const saha_account_set *set,
                                    const saha_account__row *r, size_t k,
                                    const char *prev);
/* Replaces raw cell k (< r->ncells) of row r by text (which must outlive the set); a
 * packed row turns into refs first. SAHA_OK, SAHA_ENOMEM or SAHA_ELIMIT. */
saha_status saha_account__cell_put(saha_account_set *set, saha_account__row *r, size_t k,
                                   const char *text);
/* Whether row r is valid account i: the same line, and the account's id is the row's id
 * cell (the very pointer: id cells are never replaced). O(1) (O(id column) packed). */
int saha_account__is_row(const saha_account_set *set, const saha_account__row *r,
                         size_t i);
/* The row of valid account i (< set->nacc): rows and accounts both ascend by line, so a
 * binary search on the line, then saha_account__is_row among rows that share it (JSON
 * elements on one line). O(log rows); 4 bytes an account less than an index. */
saha_account__row *saha_account__row_of(const saha_account_set *set, size_t i);
/* The reader-level problem of row i: its message (field in *field_out), or NULL. */
const char *saha_account__row_problem(const saha_account_set *set, size_t i,
                                      const char **field_out);
/* The name to show for column col in messages: canonical field name or header. */
const char *saha_account__column_label(const saha_account_set *set, size_t col);
/* Formats into the arena; NULL (ENOMEM set) on failure. */
char *saha_account__arena_printf(saha_account_set *set, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Copies text for a message: at most max bytes, "..." appended when cut, never cutting
 * a UTF-8 sequence. Writes into dst (cap >= max + 4). */
void saha_account__excerpt(const char *text, size_t max, char *dst, size_t cap);
/* Records an issue (message owned by the set's arena). SAHA_OK or SAHA_ENOMEM. */
saha_status saha_account__add_issue(saha_account_set *set, size_t line, const char *field,
                                    const char *message, int warning);
/* Reads the load option columns into set->colmap (SAHA_EINVAL for a bad spec). */
saha_status saha_account__colmap_parse(saha_account_set *set, const char *spec);
/* After the header: every mapped header was found (SAHA_EPARSE, line 1, else). */
saha_status saha_account__colmap_check(saha_account_set *set);
/* An empty set named after source (copied). SAHA_OK or SAHA_ENOMEM (*out NULL). */
saha_status saha_account__set_new(saha_account_set **out, saha_ctx *ctx,
                                  const char *source);

/* ---- account_csv.c / account_json.c: fill header and rows ------------------------- */
/* buf is owned by the set from the call on (set->buf); buf[len] == '\0'. */
/* An .xlsx workbook in memory (buf not kept): sheet by name, NULL = the first. */
saha_status saha_account__read_xlsx(saha_account_set *set, const char *buf, size_t len,
                                    const char *sheet);
saha_status saha_account__read_csv(saha_account_set *set, char *buf, size_t len,
                                   const saha_account_load_options *opts);
/* mode SAHA_ACCOUNT_FORMAT_JSON or _GEOJSON; text stays the caller's. */
saha_status saha_account__read_json(saha_account_set *set, const char *text, size_t len,
                                    saha_account_format mode);

/* ---- account_hours.c -------------------------------------------------------------- */
/* saha_hours_parse without a context: on failure writes the message into msg. */
int saha_account__hours_parse(saha_hours *out, const char *text, char *msg,
                              size_t msg_cap);

#endif
