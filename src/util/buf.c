/* buf: the growable byte buffer with a ceiling (saha__buf). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal/core.h"

/* ---- buffer -------------------------------------------------------------------- */

void saha__buf_init(saha__buf *b, saha_ctx *ctx, size_t max)
{
    b->ctx = ctx;
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

static saha_status buf_reserve(saha__buf *b, size_t extra)
{
    size_t need, cap;
    char *p;
    if (saha__add_size(b->len, extra, &need) < 0 || saha__add_size(need, 1, &need) < 0)
        return saha__error_set(b->ctx, SAHA_ENOMEM, NULL, 0, 0, "buffer size overflows");
    if (b->max != SAHA__BUF_NOLIMIT && need - 1 > b->max)
        return saha__error_set(b->ctx, SAHA_ELIMIT, NULL, 0, 0,
                               "data larger than the limit of %zu bytes", b->max);
    if (need <= b->cap)
        return SAHA_OK;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    p = saha__realloc(b->ctx, b->data, cap);
    if (!p)
        return SAHA_ENOMEM;
    b->data = p;
    b->cap = cap;
    return SAHA_OK;
}

saha_status saha__buf_append(saha__buf *b, const void *data, size_t len)
{
    saha_status rc = buf_reserve(b, len);
    if (rc < 0)
        return rc;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return SAHA_OK;
}

saha_status saha__buf_puts(saha__buf *b, const char *s)
{
    return saha__buf_append(b, s, strlen(s));
}

saha_status saha__buf_putc(saha__buf *b, char c)
{
    return saha__buf_append(b, &c, 1);
}

saha_status saha__buf_printf(saha__buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    int n;
    saha_status rc;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        return saha__error_set(b->ctx, SAHA_ERR, NULL, 0, 0, "formatting failed");
    }
    rc = buf_reserve(b, (size_t)n);
    if (rc < 0) {
        va_end(ap2);
        return rc;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
    return SAHA_OK;
}

void saha__buf_clear(saha__buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

saha_status saha__buf_put_id_escaped(saha__buf *b, const char *id)
{
    static const char hex[] = "0123456789ABCDEF";
    saha_status rc = SAHA_OK;
    for (const unsigned char *p = (const unsigned char *)id; *p && rc == SAHA_OK; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
            (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-') {
            rc = saha__buf_putc(b, (char)*p);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            rc = saha__buf_append(b, e, 3);
        }
    }
    return rc;
}

char *saha__buf_take(saha__buf *b, size_t *len_out)
{
    char *d = b->data;
    if (len_out)
        *len_out = b->len;
    if (!d)
        d = saha__strndup(b->ctx, "", 0);
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

void saha__buf_free(saha__buf *b)
{
    saha__free(b->ctx, b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
