/* account_csv: the RFC 4180 reader.
 *
 * One forward pass over the owned input buffer. Cells are unescaped in place (the write
 * position never passes the read position) and NUL-terminated where their delimiter or
 * closing quote was, so a cell costs one pointer. Accepted: quoted fields with doubled
 * quotes and embedded line breaks, CRLF / LF / lone CR line ends, a UTF-8 BOM, text after
 * a closing quote (kept literally, as most spreadsheet readers do). The delimiter is
 * sniffed from the header line (outside quotes) among ',', ';' and tab. Line numbers are
 * physical: a row's line is the line where its record starts. Records whose cells are all
 * empty (blank lines, ",,,") carry no data and are skipped. O(input); called by
 * account.c. */
#include <string.h>

#include "internal/account.h"

static char sniff_delimiter(const char *buf, size_t pos, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    int inq = 0;
    for (size_t i = pos; i < len; i++) {
        char c = buf[i];
        if (c == '"')
            inq = !inq;
        else if (!inq && (c == '\n' || c == '\r'))
            break;
        else if (!inq && c == ',')
            comma++;
        else if (!inq && c == ';')
            semi++;
        else if (!inq && c == '\t')
            tab++;
    }
    if (semi > comma && semi >= tab)
        return ';';
    if (tab > comma && tab > semi)
        return '\t';
    return ',';
}

typedef struct csv_rec {
    const char **cells; /* temporary pointer array, reused for every record */
    size_t *lens;       /* cell lengths (a cell may hold NUL bytes) */
    size_t n, cap;
    size_t nul_col; /* first cell with a NUL byte, or SAHA_ACCOUNT__NONE */
    int all_empty;
} csv_rec;

static saha_status rec_push(saha_ctx *ctx, csv_rec *r, const char *cell, size_t len)
{
    if (r->n == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 32;
        const char **p = saha__realloc_array(ctx, r->cells, ncap, sizeof *p);
        size_t *l;
        if (!p)
            return SAHA_ENOMEM;
        r->cells = p;
        l = saha__realloc_array(ctx, r->lens, ncap, sizeof *l);
        if (!l)
            return SAHA_ENOMEM;
        r->lens = l;
        r->cap = ncap;
    }
    r->lens[r->n] = len;
    r->cells[r->n++] = cell;
    return SAHA_OK;
}

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

/* Parses one record starting at *pos; advances *pos and *line. */
static saha_status read_record(saha_account_set *set, char *buf, size_t len, char delim,
                               size_t *pos, size_t *line, csv_rec *r)
{
    size_t p = *pos, ln = *line;
    r->n = 0;
    r->nul_col = SAHA_ACCOUNT__NONE;
    r->all_empty = 1;
    for (;;) {
        size_t start = p, w = p;
        char term;
        int quoted = 0;
        if (p < len && buf[p] == '"') {
            size_t qline = ln;
            quoted = 1;
            p++;
            for (;;) {
                char c;
                if (p >= len)
                    return saha__error_set(
                        set->ctx, SAHA_EPARSE, set->source, qline, 0,
                        "quoted field opened on line %zu is never closed", qline);
                c = buf[p];
                if (c == '"') {
                    if (p + 1 < len && buf[p + 1] == '"') {
                        buf[w++] = '"';
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                if (c == '\n' || (c == '\r' && (p + 1 >= len || buf[p + 1] != '\n')))
                    ln++;
                if (c == '\0' && r->nul_col == SAHA_ACCOUNT__NONE)
                    r->nul_col = r->n;
                buf[w++] = c;
                p++;
            }
        }
        while (p < len && buf[p] != delim && buf[p] != '\n' && buf[p] != '\r') {
            if (buf[p] == '\0' && r->nul_col == SAHA_ACCOUNT__NONE)
                r->nul_col = r->n;
            buf[w++] = buf[p++];
        }
        term = p < len ? buf[p] : '\0';
        buf[w] = '\0';
        if (w > start || quoted)
            r->all_empty = 0;
        if (rec_push(set->ctx, r, buf + start, w - start) < 0)
            return SAHA_ENOMEM;
        if (p >= len)
            break;
        p++;
        if (term == delim)
            continue;
        if (term == '\r' && p < len && buf[p] == '\n')
            p++;
        ln++;
        break;
    }
    *pos = p;
    *line = ln;
    return SAHA_OK;
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
    while (n < len && cut > 0 && cut > n - 4 && ((unsigned char)buf[cut - 1] & 0xC0) == 0x80)
        cut--;
    if (n < len && cut > 0 && (unsigned char)buf[cut - 1] >= 0xC0)
        cut--;
    return !saha__utf8_valid(buf, cut);
}

saha_status saha_account__read_csv(saha_account_set *set, char *buf, size_t len,
                                   const saha_account_load_options *opts)
{
    saha_ctx *ctx = set->ctx;
    size_t pos = 0, line = 1, rec_line;
    csv_rec r;
    saha_status rc = SAHA_OK;
    char delim;
    int binary;

    memset(&r, 0, sizeof r);
    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
        (unsigned char)buf[2] == 0xBF)
        pos = 3;
    delim = opts->delimiter ? opts->delimiter : sniff_delimiter(buf, pos, len);
    if (delim == '"' || delim == '\n' || delim == '\r' || delim == '\0')
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "invalid CSV delimiter (code %d)",
                               (int)(unsigned char)delim);
    set->delimiter = delim;
    set->decimal_comma = delim == ';';

    /* before the parser cuts the buffer into cells (in place) */
    binary = looks_binary(buf, len);
    /* header: the first record with any text */
    do {
        if (pos >= len) {
            rc = saha__error_set(ctx, SAHA_EPARSE, set->source, 1, 0,
                                 "no header line (the input is empty)");
            goto done;
        }
        rec_line = line;
        rc = read_record(set, buf, len, delim, &pos, &line, &r);
        if (rc < 0)
            goto done;
    } while (r.all_empty);
    for (size_t c = 0; c < r.n; c++) {
        rc = saha_account__add_column(set, r.cells[c], strlen(r.cells[c]));
        if (rc < 0)
            goto done;
    }
    if (set->field_col[SAHA_F_ID] == SAHA_ACCOUNT__NONE) {
        if (binary) {
            rc = saha__error_set(ctx, SAHA_EPARSE, set->source, 1, 0,
                                 "not a CSV text file: binary data (NUL or control bytes, "
                                 "or text that is not UTF-8) at the start");
            goto done;
        }
        if (set->colmap[SAHA_F_ID]) { /* the caller named it: say that name was missed */
            rc = saha_account__colmap_check(set);
            goto done;
        }
        rc = saha__error_set(
            ctx, SAHA_EPARSE, set->source, rec_line, 0,
            "no id column (the header needs one of: id, account_id, code, kod, "
            "müşteri_no, or a CRM's id column; --columns id=HEADER names another)");
        goto done;
    }

    while (pos < len) {
        const char **cells;
        const char *pfield = NULL, *pmsg = NULL;
        rec_line = line;
        rc = read_record(set, buf, len, delim, &pos, &line, &r);
        if (rc < 0)
            goto done;
        if (r.all_empty)
            continue;
        cells = saha__arena_alloc(&set->arena, r.n * sizeof *cells);
        if (!cells) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        memcpy(cells, r.cells, r.n * sizeof *cells);
        if (r.n != set->ncols) {
            pfield = "";
            pmsg = saha_account__arena_printf(
                set, "row has %zu fields, the header has %zu", r.n, set->ncols);
        }
        if (r.nul_col != SAHA_ACCOUNT__NONE) {
            for (size_t c = 0; c < r.n; c++) {
                if (memchr(cells[c], '\0', r.lens[c]) == NULL)
                    continue;
                cells[c] = without_nul(set, cells[c], r.lens[c]);
                if (!cells[c]) {
                    rc = SAHA_ENOMEM;
                    goto done;
                }
            }
            if (!pmsg) {
                pfield = saha_account__column_label(set, r.nul_col);
                pmsg = "contains a NUL byte";
            }
        }
        if (pfield && !pmsg) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        rc = saha_account__add_row(set, rec_line, cells, r.n, pfield, pmsg);
        if (rc < 0)
            goto done;
    }
done:
    saha__free(ctx, (void *)r.cells);
    saha__free(ctx, r.lens);
    return rc;
}
