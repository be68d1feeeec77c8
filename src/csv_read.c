/* csv_read: the planner's small CSV side files (see internal/csv.h). One forward pass
 * over an owned copy of the input; cells are unescaped in place. O(input). */
#include <string.h>

#include "internal/csv.h"

saha_status saha__csv_open(saha__csv *c, saha_ctx *ctx, const char *source,
                           const char *data, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    int inq = 0;
    memset(c, 0, sizeof *c);
    c->ctx = ctx;
    c->source = source;
    c->line = 1;
    c->buf = saha__strndup(ctx, data ? data : "", len);
    if (!c->buf)
        return SAHA_ENOMEM;
    c->len = len;
    if (len >= 3 && (unsigned char)c->buf[0] == 0xEF &&
        (unsigned char)c->buf[1] == 0xBB && (unsigned char)c->buf[2] == 0xBF)
        c->pos = 3;
    for (size_t i = c->pos; i < len; i++) {
        char ch = c->buf[i];
        if (ch == '"')
            inq = !inq;
        else if (!inq && (ch == '\n' || ch == '\r'))
            break;
        else if (!inq && ch == ',')
            comma++;
        else if (!inq && ch == ';')
            semi++;
        else if (!inq && ch == '\t')
            tab++;
    }
    c->delim = ',';
    if (semi > comma && semi >= tab)
        c->delim = ';';
    else if (tab > comma && tab > semi)
        c->delim = '\t';
    return SAHA_OK;
}

void saha__csv_close(saha__csv *c)
{
    saha__free(c->ctx, c->buf);
    saha__free(c->ctx, (void *)c->cells);
    memset(c, 0, sizeof *c);
}

static saha_status push(saha__csv *c, const char *cell)
{
    if (c->ncells == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 16;
        const char **p = saha__realloc_array(c->ctx, (void *)c->cells, ncap, sizeof *p);
        if (!p)
            return SAHA_ENOMEM;
        c->cells = p;
        c->cap = ncap;
    }
    c->cells[c->ncells++] = cell;
    return SAHA_OK;
}

/* One record from c->pos; *any = some cell has text. */
static saha_status record(saha__csv *c, int *any)
{
    char *buf = c->buf;
    size_t p = c->pos, len = c->len;
    c->ncells = 0;
    *any = 0;
    c->rec_line = c->line;
    for (;;) {
        size_t start = p, w = p;
        char term;
        int quoted = 0;
        if (p < len && buf[p] == '"') {
            size_t qline = c->line;
            quoted = 1;
            p++;
            for (;;) {
                char ch;
                if (p >= len)
                    return saha__error_set(c->ctx, SAHA_EPARSE, c->source, qline, 0,
                                           "quoted field opened on line %zu is never "
                                           "closed",
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
                    c->line++;
                buf[w++] = ch;
                p++;
            }
        }
        while (p < len && buf[p] != c->delim && buf[p] != '\n' && buf[p] != '\r')
            buf[w++] = buf[p++];
        term = p < len ? buf[p] : '\0';
        buf[w] = '\0';
        if (w > start || quoted)
            *any = 1;
        if (push(c, buf + start) < 0)
            return SAHA_ENOMEM;
        if (p >= len)
            break;
        p++;
        if (term == c->delim)
            continue;
        if (term == '\r' && p < len && buf[p] == '\n')
            p++;
        c->line++;
        break;
    }
    c->pos = p;
    return SAHA_OK;
}

int saha__csv_next(saha__csv *c)
{
    while (c->pos < c->len) {
        int any = 0;
        saha_status rc = record(c, &any);
        if (rc < 0)
            return rc;
        if (any)
            return 1;
    }
    return 0;
}

size_t saha__csv_column(const char *const *header, size_t n, const char *const *names)
{
    char key[64];
    for (size_t i = 0; i < n; i++) {
        saha__fold_key(header[i], strlen(header[i]), key, sizeof key);
        for (size_t k = 0; names[k]; k++)
            if (!strcmp(key, names[k]))
                return i;
    }
    return (size_t)-1;
}
