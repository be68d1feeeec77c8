/* account_write: the CSV writer (RFC 4180 quoting, UTF-8, '\n' line ends).
 *
 * Columns: every input column in input order under its original header, then "lat"/"lon"
 * when the input had no such column and coordinates were set, then the extra columns in
 * the order they were first set. Rows: every input row in input order; a rejected row is
 * written with its cells as read (a ragged row keeps its own width). Fields go through
 * the shared CSV writer (util/csv.c); records are written out in 64 KiB pieces.
 * O(output). */
#include <string.h>

#include "internal/account.h"
#include "util/csv.h"

#define SAHA_ACCOUNT__TRY(expr)                                                          \
    do {                                                                                 \
        rc = (expr);                                                                     \
        if (rc < 0)                                                                      \
            goto done;                                                                   \
    } while (0)

static saha_status put_field(saha__buf *b, const char *s, char delim)
{
    return saha__csv_put(b, s, strlen(s), delim);
}

/* Appends the delimiter unless this is the record's first field (*k == 0), counts it. */
static saha_status sep(saha__buf *b, size_t *k, char delim)
{
    return (*k)++ ? saha__buf_putc(b, delim) : SAHA_OK;
}

saha_status saha_account_write_options_init(saha_account_write_options *opts,
                                            unsigned version)
{
    if (!opts || version != SAHA_ACCOUNT_WRITE_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    opts->include_rejected = 1;
    return SAHA_OK;
}

saha_status saha_account_write_csv(FILE *f, saha_ctx *ctx, const saha_account_set *set,
                                   const saha_account_write_options *opts)
{
    saha_account_write_options defaults;
    saha__buf b;
    char delim;
    int add_lat, add_lon;
    size_t k = 0;
    saha_status rc = SAHA_OK;

    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, set != NULL);
    SAHA__CHECK_ARG(ctx, f != NULL);
    SAHA__CHECK_ARG(ctx, !opts || opts->version == SAHA_ACCOUNT_WRITE_OPTIONS_VERSION);
    (void)saha_account_write_options_init(&defaults, SAHA_ACCOUNT_WRITE_OPTIONS_VERSION);
    if (!opts)
        opts = &defaults;
    delim = opts->delimiter ? opts->delimiter : set->delimiter;
    SAHA__CHECK_ARG(ctx, delim != '"' && delim != '\n' && delim != '\r' && delim != '\0');
    add_lat = set->field_col[SAHA_F_LAT] == SAHA_ACCOUNT__NONE && set->added_lat != NULL;
    add_lon = set->field_col[SAHA_F_LON] == SAHA_ACCOUNT__NONE && set->added_lon != NULL;
    saha__buf_init(&b, ctx, SAHA__BUF_NOLIMIT);
    if (opts->bom)
        SAHA_ACCOUNT__TRY(saha__buf_puts(&b, "\xEF\xBB\xBF"));

    for (size_t c = 0; c < set->ncols; c++) {
        SAHA_ACCOUNT__TRY(sep(&b, &k, delim));
        SAHA_ACCOUNT__TRY(put_field(&b, set->header[c], delim));
    }
    if (add_lat) {
        SAHA_ACCOUNT__TRY(sep(&b, &k, delim));
        SAHA_ACCOUNT__TRY(saha__buf_puts(&b, "lat"));
    }
    if (add_lon) {
        SAHA_ACCOUNT__TRY(sep(&b, &k, delim));
        SAHA_ACCOUNT__TRY(saha__buf_puts(&b, "lon"));
    }
    for (size_t e = 0; e < set->nextra; e++) {
        SAHA_ACCOUNT__TRY(sep(&b, &k, delim));
        SAHA_ACCOUNT__TRY(put_field(&b, set->extra_names[e], delim));
    }
    SAHA_ACCOUNT__TRY(saha__buf_puts(&b, opts->crlf ? "\r\n" : "\n"));

    for (size_t r = 0, next = 0; r < set->nrows; r++) {
        const saha_account__row *row = &set->rows[r];
        size_t a = SAHA_ACCOUNT__NONE;
        const char *cell = NULL;
        if (saha_account__is_row(set, row, next)) /* both in input order */
            a = next++;
        if (a == SAHA_ACCOUNT__NONE && !opts->include_rejected)
            continue;
        k = 0;
        for (size_t c = 0; c < row->ncells; c++) {
            cell = saha_account__cell_next(set, row, c, cell);
            SAHA_ACCOUNT__TRY(sep(&b, &k, delim));
            SAHA_ACCOUNT__TRY(put_field(&b, cell, delim));
        }
        if (row->ncells == 1 && !saha_account__cell(set, row, 0)[0] && !add_lat &&
            !add_lon && !set->nextra)
            SAHA_ACCOUNT__TRY(saha__buf_puts(&b, "\"\"")); /* else a blank line */
        if (row->ncells == set->ncols) {
            /* pad the added columns (empty for rejected rows) */
            if (add_lat) {
                SAHA_ACCOUNT__TRY(sep(&b, &k, delim));
                if (a != SAHA_ACCOUNT__NONE && set->added_lat[a])
                    SAHA_ACCOUNT__TRY(put_field(&b, set->added_lat[a], delim));
            }
            if (add_lon) {
                SAHA_ACCOUNT__TRY(sep(&b, &k, delim));
                if (a != SAHA_ACCOUNT__NONE && set->added_lon[a])
                    SAHA_ACCOUNT__TRY(put_field(&b, set->added_lon[a], delim));
            }
            for (size_t e = 0; e < set->nextra; e++) {
                SAHA_ACCOUNT__TRY(sep(&b, &k, delim));
                if (a != SAHA_ACCOUNT__NONE && set->extra_vals[e][a])
                    SAHA_ACCOUNT__TRY(put_field(&b, set->extra_vals[e][a], delim));
            }
        }
        SAHA_ACCOUNT__TRY(saha__buf_puts(&b, opts->crlf ? "\r\n" : "\n"));
        if (b.len >= 65536)
            SAHA_ACCOUNT__TRY(saha__csv_flush(&b, f));
    }
    SAHA_ACCOUNT__TRY(saha__csv_flush(&b, f));
    if (fflush(f) != 0)
        rc = saha__error_set(ctx, SAHA_EIO, NULL, 0, 0, "writing the account CSV failed");
done:
    saha__buf_free(&b);
    return rc;
}
