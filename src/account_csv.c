/* account_csv: accounts from CSV, through the shared reader (util/csv.c: RFC 4180, the
 * dialect sniffed, cells unescaped in place in the owned input buffer, physical line
 * numbers). Here: the header and one row per record with all of its cells; records
 * whose cells are all empty (blank lines, ",,,") carry no data and are skipped; a NUL
 * byte in a cell rejects the row (the cell is kept with U+FFFD in its place).
 * O(input); called by account.c. */
#include <string.h>

#include "internal/account.h"
#include "util/csv.h"

/* A copy of a cell with each NUL byte replaced by U+FFFD, so that the rejected row is
 * written back whole and visibly marked. NULL: ENOMEM. */
static const char *without_nul(saha_account_set *set, const char *s, size_t len)
{
    size_t n = 0, o = 0;
    char *d;
    for (size_t i = 0; i < len; i++)
        n += s[i] ? 1 : 3;
    d = saha__arena_alloc(&set->arena, n + 1);
    if (!d)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (s[i]) {
            d[o++] = s[i];
        } else {
            memcpy(d + o, "\xEF\xBF\xBD", 3);
            o += 3;
        }
    }
    d[o] = '\0';
    return d;
}

/* A file that is not text at all (an image, a program): NUL or control bytes, or bytes
 * that are not UTF-8, in its first KiB (a partial character at the cut is allowed). Only
 * used to explain a missing id column, so it never refuses an input that reads. */
static int looks_binary(const char *buf, size_t len)
{
    size_t n = len < 1024 ? len : 1024, cut = n;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c == 0 || (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f)
            return 1;
    }
    /* drop a UTF-8 sequence cut at the end of the window */
    while (n < len && cut > 0 && cut > n - 4 &&
           ((unsigned char)buf[cut - 1] & 0xC0) == 0x80)
        cut--;
    if (n < len && cut > 0 && (unsigned char)buf[cut - 1] >= 0xC0)
        cut--;
    return !saha__utf8_valid(buf, cut);
}

/* Whether s is a non-blank opening-hours text. */
static int is_hours(const char *s)
{
    saha_hours h;
    char msg[8];
    const char *p = s;
    while (*p == ' ' || *p == '\t')
        p++;
    return *p && saha_account__hours_parse(&h, s, msg, sizeof msg) == 0;
}

/* A ';' file whose opening-hours cell was written unquoted ("Mo-Fr 09:00-18:00; Sa
 * 10:00-13:00", OSM's own separator) splits into extra fields. When the hours cell and
 * each of the extra fields right after it read as opening hours, and the joined text
 * does too, the row is put back together (cells rewritten, ncols of them) and a warning
 * says to quote the cell. 1 repaired, 0 not this case, SAHA_ENOMEM. */
static int repair_hours(saha_account_set *set, const saha__csv *c, const char ***cells)
{
    size_t h = set->field_col[SAHA_F_HOURS], extra, len = 0, o = 0;
    const char **out;
    char *joined, shown[96];
    const char *msg;

    if (c->delim != ';' || h == SAHA_ACCOUNT__NONE || c->n <= set->ncols ||
        h >= set->ncols)
        return 0;
    extra = c->n - set->ncols;
    for (size_t k = h; k <= h + extra; k++) {
        if (!is_hours((*cells)[k]))
            return 0;
        len += strlen((*cells)[k]) + 1;
    }
    joined = saha__arena_alloc(&set->arena, len);
    out = saha__arena_alloc(&set->arena, set->ncols * sizeof *out);
    if (!joined || !out)
        return SAHA_ENOMEM;
    for (size_t k = h; k <= h + extra; k++) {
        size_t n = strlen((*cells)[k]);
        if (k > h)
            joined[o++] = ';';
        memcpy(joined + o, (*cells)[k], n);
        o += n;
    }
    joined[o] = '\0';
    if (!is_hours(joined))
        return 0;
    for (size_t k = 0; k < set->ncols; k++)
        out[k] = k < h ? (*cells)[k] : k == h ? joined : (*cells)[k + extra];
    saha_account__excerpt(joined, 80, shown, sizeof shown);
    msg = saha_account__arena_printf(
        set,
        "unquoted ';' in the cell split the row into %zu fields (the header has %zu); "
        "read as '%s': quote the cell",
        c->n, set->ncols, shown);
    if (!msg || saha_account__add_issue(set, c->line, saha_account__column_label(set, h),
                                        msg, 1) < 0)
        return SAHA_ENOMEM;
    *cells = out;
    return 1;
}

saha_status saha_account__read_csv(saha_account_set *set, char *buf, size_t len,
                                   const saha_account_load_options *opts)
{
    saha_ctx *ctx = set->ctx;
    saha__csv c;
    saha_status rc = SAHA_OK;
    int binary, got;

    if (opts->delimiter == '"' || opts->delimiter == '\n' || opts->delimiter == '\r')
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "invalid CSV delimiter (code %d)",
                               (int)(unsigned char)opts->delimiter);
    /* before the parser cuts the buffer into cells (in place) */
    binary = looks_binary(buf, len);
    saha__csv_init(&c, ctx, set->source, buf, len, opts->delimiter);
    set->delimiter = c.delim;
    set->decimal_comma = c.decimal_comma;
    set->bom = c.pos == 3;
    {
        const char *nl = memchr(buf, '\n', len);
        set->crlf = nl && nl > buf && nl[-1] == '\r';
    }

    /* header: the first record with any text */
    do {
        got = saha__csv_next(&c);
        if (got < 0) {
            rc = got;
            goto done;
        }
        if (got == 0) {
            rc = saha__error_set(ctx, SAHA_EPARSE, set->source, 1, 0,
                                 "no header line (the input is empty)");
            goto done;
        }
    } while (c.all_empty);
    for (size_t k = 0; k < c.n; k++) {
        rc = saha_account__add_column(set, c.cells[k], strlen(c.cells[k]));
        if (rc < 0)
            goto done;
    }
    if (set->field_col[SAHA_F_ID] == SAHA_ACCOUNT__NONE) {
        if (binary) {
            rc =
                saha__error_set(ctx, SAHA_EPARSE, set->source, 1, 0,
                                "not a CSV text file: binary data (NUL or control bytes, "
                                "or text that is not UTF-8) at the start");
            goto done;
        }
        if (set->colmap[SAHA_F_ID]) { /* the caller named it: say that name was missed */
            rc = saha_account__colmap_check(set);
            goto done;
        }
        rc = saha__error_set(
            ctx, SAHA_EPARSE, set->source, c.line, 0,
            "no id column (the header needs one of: id, account_id, code, kod, "
            "müşteri_no, or a CRM's id column; --columns id=HEADER names another)");
        goto done;
    }

    while ((got = saha__csv_next(&c)) == 1) {
        const char **cells;
        const char *pfield = NULL, *pmsg = NULL;
        size_t ncells;
        if (c.all_empty)
            continue;
        /* copied: the NUL repair below replaces some of them (the refs are made in
         * saha_account__add_row, so no per-row array is kept) */
        cells = saha_account__scratch(set, c.n ? c.n : 1);
        if (!cells) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        memcpy(cells, c.cells, c.n * sizeof *cells);
        ncells = c.n;
        if (c.n > set->ncols && c.nul_cell == SIZE_MAX) {
            int fixed = repair_hours(set, &c, &cells);
            if (fixed < 0) {
                rc = fixed;
                goto done;
            }
            if (fixed)
                ncells = set->ncols;
        }
        if (ncells != set->ncols) {
            pfield = "";
            pmsg = saha_account__arena_printf(
                set, "row has %zu fields, the header has %zu%s", c.n, set->ncols,
                c.n > set->ncols && c.delim == ';'
                    ? " (an unquoted ';' inside a cell? quote the cell)"
                    : "");
        }
        if (c.nul_cell != SIZE_MAX) {
            for (size_t k = 0; k < c.n; k++) {
                if (memchr(cells[k], '\0', c.lens[k]) == NULL)
                    continue;
                cells[k] = without_nul(set, cells[k], c.lens[k]);
                if (!cells[k]) {
                    rc = SAHA_ENOMEM;
                    goto done;
                }
            }
            if (!pmsg) {
                pfield = saha_account__column_label(set, c.nul_cell);
                pmsg = "contains a NUL byte";
            }
        }
        if (pfield && !pmsg) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        rc = saha_account__add_row(set, c.line, cells, ncells, pfield, pmsg);
        if (rc < 0)
            goto done;
    }
    if (got < 0)
        rc = got;
done:
    saha__csv_free(&c);
    return rc;
}
