/* account_write: the CSV writer (RFC 4180 quoting, UTF-8, '\n' line ends).
 *
 * Columns: every input column in input order under its original header, then "lat"/"lon"
 * when the input had no such column and coordinates were set, then the extra columns in
 * the order they were first set. Rows: every input row in input order; a rejected row is
 * written with its cells as read (a ragged row keeps its own width). O(output). */
#include <string.h>

#include "internal/account.h"

static int needs_quotes(const char *s, char delim)
{
    size_t n = strlen(s);
    if (n == 0)
        return 0;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
        return 1;
    if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
        (unsigned char)s[2] == 0xBF)
        return 1; /* else a reader would take it for a byte order mark */
    for (; *s; s++)
        if (*s == delim || *s == '"' || *s == '\r' || *s == '\n')
            return 1;
    return 0;
}

static void put_field(FILE *f, const char *s, char delim)
{
    if (!needs_quotes(s, delim)) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

saha_status saha_account_write_csv(const saha_account_set *set, saha_ctx *ctx, FILE *f,
                                   const saha_account_write_options *opts)
{
    saha_account_write_options defaults = SAHA_ACCOUNT_WRITE_OPTIONS_INIT;
    char delim;
    int add_lat, add_lon;

    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, set != NULL);
    SAHA__CHECK_ARG(ctx, f != NULL);
    if (!opts)
        opts = &defaults;
    delim = opts->delimiter ? opts->delimiter : set->delimiter;
    SAHA__CHECK_ARG(ctx, delim != '"' && delim != '\n' && delim != '\r' && delim != '\0');
    add_lat = set->field_col[SAHA_F_LAT] == SAHA_ACCOUNT__NONE && set->added_lat != NULL;
    add_lon = set->field_col[SAHA_F_LON] == SAHA_ACCOUNT__NONE && set->added_lon != NULL;

    for (size_t c = 0; c < set->ncols; c++) {
        if (c)
            fputc(delim, f);
        put_field(f, set->header[c], delim);
    }
    {
        size_t k = set->ncols;
        if (add_lat) {
            if (k++)
                fputc(delim, f);
            fputs("lat", f);
        }
        if (add_lon) {
            if (k++)
                fputc(delim, f);
            fputs("lon", f);
        }
        for (size_t e = 0; e < set->nextra; e++) {
            if (k++)
                fputc(delim, f);
            put_field(f, set->extra_names[e], delim);
        }
    }
    fputc('\n', f);

    for (size_t r = 0; r < set->nrows; r++) {
        const saha_account__row *row = &set->rows[r];
        size_t a = row->acct, k;
        if (a == SAHA_ACCOUNT__NONE && !opts->include_rejected)
            continue;
        for (k = 0; k < row->ncells; k++) {
            if (k)
                fputc(delim, f);
            put_field(f, row->cells[k], delim);
        }
        if (row->ncells == 1 && !row->cells[0][0] && !add_lat && !add_lon && !set->nextra)
            fputs("\"\"", f); /* else the row would read back as a blank line */
        if (row->ncells == set->ncols) {
            /* pad the added columns (empty for rejected rows) */
            if (add_lat) {
                if (k++)
                    fputc(delim, f);
                if (a != SAHA_ACCOUNT__NONE && set->added_lat[a])
                    put_field(f, set->added_lat[a], delim);
            }
            if (add_lon) {
                if (k++)
                    fputc(delim, f);
                if (a != SAHA_ACCOUNT__NONE && set->added_lon[a])
                    put_field(f, set->added_lon[a], delim);
            }
            for (size_t e = 0; e < set->nextra; e++) {
                if (k++)
                    fputc(delim, f);
                if (a != SAHA_ACCOUNT__NONE && set->extra_vals[e][a])
                    put_field(f, set->extra_vals[e][a], delim);
            }
        }
        fputc('\n', f);
        if (ferror(f))
            break;
    }
    if (ferror(f) || fflush(f) != 0)
        return saha__error_set(ctx, SAHA_EIO, NULL, 0, 0,
                               "writing the account CSV failed");
    return SAHA_OK;
}
