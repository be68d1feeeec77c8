/* csv: the one CSV reader and field writer (see util/csv.h). One forward pass over the
 * caller's buffer: cells are unescaped in place (the write position never passes the
 * read position) and NUL-terminated where their delimiter or closing quote was, so a
 * cell costs one pointer. O(input). */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "util/csv.h"

char saha__csv_sniff(const char *buf, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    int inq = 0;
    for (size_t i = 0; i < len; i++) {
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

void saha__csv_init(saha__csv *c, saha_ctx *ctx, const char *source, char *buf,
                    size_t len, char delim)
{
    memset(c, 0, sizeof *c);
    c->ctx = ctx;
    c->source = source;
    c->buf = buf;
    c->len = len;
    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
        (unsigned char)buf[2] == 0xBF)
        c->pos = 3;
    c->delim = delim ? delim : saha__csv_sniff(buf + c->pos, len - c->pos);
    c->decimal_comma = c->delim == ';';
    c->line = c->next_line = 1;
    c->nul_cell = SIZE_MAX;
}

static saha_status push(saha__csv *c, const char *cell, size_t len)
{
    if (c->n == c->cap) {
        size_t cap = c->cap, cap2 = c->cap;
        if (SAHA__GROW(c->ctx, c->cells, cap, c->n + 1, 32) < 0 ||
            SAHA__GROW(c->ctx, c->lens, cap2, c->n + 1, 32) < 0)
            return SAHA_ENOMEM;
        c->cap = cap;
    }
    c->lens[c->n] = len;
    c->cells[c->n++] = cell;
    return SAHA_OK;
}

int saha__is_ole2(const char *data, size_t len)
{
    static const unsigned char sig[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    return len >= sizeof sig && memcmp(data, sig, sizeof sig) == 0;
}

saha_status saha__refuse_xls(saha_ctx *ctx, const char *source, const char *data,
                             size_t len)
{
    if (!saha__is_ole2(data, len))
        return SAHA_OK;
    return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                           "old Excel .xls format is not supported; save it as .xlsx "
                           "or .csv");
}

int saha__csv_next(saha__csv *c)
{
    char *buf = c->buf;
    size_t p = c->pos, ln = c->next_line, len = c->len;
    char delim = c->delim;

    c->n = 0;
    c->nul_cell = SIZE_MAX;
    c->all_empty = 1;
    c->line = ln;
    if (p >= len)
        return 0;
    /* an .xls workbook (or one renamed .csv) read as text would be a screen of garbage
     * and a misleading "no id column": say what it is */
    if (p == 0 && saha__is_ole2(buf, len))
        return saha__refuse_xls(c->ctx, c->source, buf, len);
    for (;;) {
        size_t start = p, w = p;
        char term;
        int quoted = 0;
        if (p < len && buf[p] == '"') {
            size_t qline = ln;
            quoted = 1;
            p++;
            for (;;) {
                char ch;
                if (p >= len)
                    return saha__error_set(
                        c->ctx, SAHA_EPARSE, c->source, qline, c->n + 1,
                        "unterminated quoted field: the quote opened on line %zu is "
                        "never closed",
                        qline);
                ch = buf[p];
                if (ch == '"') {
                    if (p + 1 < len && buf[p + 1] == '"') {
                        buf[w++] = '"';
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                if (ch == '\n' || (ch == '\r' && (p + 1 >= len || buf[p + 1] != '\n')))
                    ln++;
                if (ch == '\0' && c->nul_cell == SIZE_MAX)
                    c->nul_cell = c->n;
                buf[w++] = ch;
                p++;
            }
        }
        while (p < len && buf[p] != delim && buf[p] != '\n' && buf[p] != '\r') {
            if (buf[p] == '\0' && c->nul_cell == SIZE_MAX)
                c->nul_cell = c->n;
            buf[w++] = buf[p++];
        }
        term = p < len ? buf[p] : '\0';
        buf[w] = '\0';
        if (w > start || quoted)
            c->all_empty = 0;
        if (push(c, buf + start, w - start) < 0)
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
    c->pos = p;
    c->next_line = ln;
    return 1;
}

const char *saha__csv_cell(const saha__csv *c, size_t i)
{
    return i < c->n ? c->cells[i] : "";
}

int saha__csv_blank(const saha__csv *c)
{
    for (size_t i = 0; i < c->n; i++)
        for (size_t k = 0; k < c->lens[i]; k++)
            if (c->cells[i][k] != ' ' && c->cells[i][k] != '\t')
                return 0;
    return 1;
}

int saha__csv_next_nonblank(saha__csv *c)
{
    int r;
    while ((r = saha__csv_next(c)) > 0)
        if (!saha__csv_blank(c))
            return 1;
    return r;
}

size_t saha__csv_column(const saha__csv *c, const char *const *names)
{
    char key[64];
    for (size_t a = 0; names[a]; a++)
        for (size_t i = 0; i < c->n; i++) {
            saha__fold_key(c->cells[i], c->lens[i], key, sizeof key);
            if (!strcmp(key, names[a]))
                return i;
        }
    return SIZE_MAX;
}

void saha__csv_free(saha__csv *c)
{
    saha__free(c->ctx, (void *)c->cells);
    saha__free(c->ctx, c->lens);
    c->cells = NULL;
    c->lens = NULL;
    c->n = c->cap = 0;
}

int saha__csv_needs_quotes(const char *s, size_t len, char delim, int prefixed)
{
    if (len == 0)
        return 0;
    if (s[len - 1] == ' ' || s[len - 1] == '\t')
        return 1;
    if (!prefixed && (s[0] == ' ' || s[0] == '\t'))
        return 1;
    if (!prefixed && len >= 3 && (unsigned char)s[0] == 0xEF &&
        (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
        return 1;
    for (size_t i = 0; i < len; i++)
        if (s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            return 1;
    return 0;
}

saha_status saha__csv_flush(saha__buf *b, FILE *f)
{
    size_t len = b->data ? b->len : 0;
    errno = 0;
    if ((len > 0 && fwrite(b->data, 1, len, f) != len) || ferror(f)) {
        int e = errno;
        return saha__error_set(b->ctx, SAHA_EIO, NULL, 0, 0, "write error: %s",
                               e ? strerror(e) : "stream error");
    }
    saha__buf_clear(b);
    return SAHA_OK;
}

saha_status saha__csv_put(saha__buf *b, const char *s, size_t len, char delim)
{
    return saha__csv_put_prefixed(b, 0, s, len, delim);
}

saha_status saha__csv_put_prefixed(saha__buf *b, char prefix, const char *s, size_t len,
                                   char delim)
{
    saha_status rc = SAHA_OK;
    if (!saha__csv_needs_quotes(s, len, delim, prefix != 0)) {
        if (prefix)
            rc = saha__buf_putc(b, prefix);
        return rc == SAHA_OK ? saha__buf_append(b, s, len) : rc;
    }
    rc = saha__buf_putc(b, '"');
    if (rc == SAHA_OK && prefix)
        rc = saha__buf_putc(b, prefix);
    for (size_t i = 0, from = 0; rc == SAHA_OK && i <= len; i++) {
        if (i == len || s[i] == '"') {
            rc = saha__buf_append(b, s + from, i - from);
            if (rc == SAHA_OK && i < len)
                rc = saha__buf_puts(b, "\"\"");
            from = i + 1;
        }
    }
    if (rc == SAHA_OK)
        rc = saha__buf_putc(b, '"');
    return rc;
}

/* ---- the dialect writer ---------------------------------------------------------- */

saha_status saha__buf_num(saha__buf *b, double v, int decimals, const char *nan_text)
{
    char tmp[64];
    if (!isfinite(v) || fabs(v) > 1e15)
        return saha__buf_puts(b, nan_text);
    if (v == 0.0)
        v = 0.0; /* no "-0.00" */
    if (saha__fmt_double(tmp, sizeof tmp, v, decimals) < 0)
        return saha__buf_puts(b, nan_text);
    /* "-0.0" after rounding a tiny negative number */
    if (tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1))
        return saha__buf_puts(b, tmp + 1);
    return saha__buf_puts(b, tmp);
}

void saha__csvw_init(saha__csvw *w, saha__buf *b, char delim, int decimal_comma, int crlf)
{
    w->b = b;
    w->delim = delim ? delim : ',';
    w->decimal_comma = decimal_comma;
    w->eol = crlf ? "\r\n" : "\n";
}

saha_status saha__csvw_header(saha__csvw *w, const char *header, int bom)
{
    saha_status rc = SAHA_OK;
    if (bom)
        rc = saha__buf_puts(w->b, "\xEF\xBB\xBF");
    for (; rc == SAHA_OK && *header; header++)
        rc = saha__buf_putc(w->b, *header == ',' ? w->delim : *header);
    return rc == SAHA_OK ? saha__buf_puts(w->b, w->eol) : rc;
}

saha_status saha__csvw_sep(saha__csvw *w)
{
    return saha__buf_putc(w->b, w->delim);
}

saha_status saha__csvw_eol(saha__csvw *w)
{
    return saha__buf_puts(w->b, w->eol);
}

saha_status saha__csvw_text(saha__csvw *w, char prefix, const char *s)
{
    const char *t = s ? s : "";
    return saha__csv_put_prefixed(w->b, prefix, t, strlen(t), w->delim);
}

saha_status saha__csvw_num(saha__csvw *w, double v, int decimals, const char *nan_text)
{
    size_t from = w->b->len;
    char tmp[72];
    size_t n;
    saha_status rc = saha__buf_num(w->b, v, decimals, nan_text);
    if (rc != SAHA_OK || !w->decimal_comma || !w->b->data)
        return rc;
    n = w->b->len - from;
    for (size_t i = from; i < w->b->len; i++)
        if (w->b->data[i] == '.')
            w->b->data[i] = ',';
    /* a decimal comma in a ','-delimited file is quoted (only a custom dialect does
     * that: excel-tr pairs the comma with ';') */
    if (w->delim != ',' || n == 0 || n >= sizeof tmp ||
        !memchr(w->b->data + from, ',', n))
        return SAHA_OK;
    memcpy(tmp, w->b->data + from, n);
    w->b->len = from;
    w->b->data[from] = '\0';
    return saha__csv_put(w->b, tmp, n, w->delim);
}

saha_status saha__csvw_uint(saha__csvw *w, size_t v)
{
    return saha__buf_printf(w->b, "%zu", v);
}
