/* alloc: memory through the context's allocator, overflow-checked size arithmetic and
 * growable arrays (declared in src/internal/core.h). */
#include <stdlib.h>
#include <string.h>

#include "internal/core.h"

int saha__mul_size(size_t a, size_t b, size_t *out)
{
    if (__builtin_mul_overflow(a, b, out))
        return -1;
    return 0;
}

int saha__add_size(size_t a, size_t b, size_t *out)
{
    if (__builtin_add_overflow(a, b, out))
        return -1;
    return 0;
}

int saha__grow_cap(size_t cap, size_t need, size_t first, size_t *out)
{
    size_t c = cap ? cap : (first ? first : 1);
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return -1;
        c *= 2;
    }
    *out = c;
    return 0;
}

saha_status saha__grow(saha_ctx *ctx, void **p, size_t *cap, size_t need, size_t elem,
                       size_t first)
{
    size_t c, bytes;
    void *q;
    if (need <= *cap)
        return SAHA_OK;
    if (saha__grow_cap(*cap, need, first, &c) < 0 || saha__mul_size(c, elem, &bytes) < 0)
        return saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "allocation size overflows");
    q = saha__realloc(ctx, *p, bytes);
    if (!q)
        return SAHA_ENOMEM;
    *p = q;
    *cap = c;
    return SAHA_OK;
}

void *saha__malloc(saha_ctx *ctx, size_t size)
{
    void *p;
    if (size == 0)
        size = 1;
    p = ctx && ctx->has_alloc ? ctx->alloc.malloc_fn(size, ctx->alloc.payload)
                              : malloc(size);
    if (!p)
        saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "out of memory (%zu bytes)", size);
    return p;
}

void *saha__calloc(saha_ctx *ctx, size_t n, size_t size)
{
    size_t total;
    void *p;
    if (saha__mul_size(n, size, &total) < 0) {
        saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "allocation size overflows");
        return NULL;
    }
    p = saha__malloc(ctx, total);
    if (p)
        memset(p, 0, total ? total : 1);
    return p;
}

void *saha__realloc(saha_ctx *ctx, void *p, size_t size)
{
    void *q;
    if (size == 0)
        size = 1;
    q = ctx && ctx->has_alloc ? ctx->alloc.realloc_fn(p, size, ctx->alloc.payload)
                              : realloc(p, size);
    if (!q)
        saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "out of memory (%zu bytes)", size);
    return q;
}

void saha__free(saha_ctx *ctx, void *p)
{
    if (!p)
        return;
    if (ctx && ctx->has_alloc)
        ctx->alloc.free_fn(p, ctx->alloc.payload);
    else
        free(p);
}

void *saha__alloc_array(saha_ctx *ctx, size_t n, size_t size)
{
    size_t total;
    if (saha__mul_size(n, size, &total) < 0) {
        saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "allocation size overflows");
        return NULL;
    }
    return saha__malloc(ctx, total);
}

void *saha__realloc_array(saha_ctx *ctx, void *p, size_t n, size_t size)
{
    size_t total;
    if (saha__mul_size(n, size, &total) < 0) {
        saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "allocation size overflows");
        return NULL;
    }
    return saha__realloc(ctx, p, total);
}

char *saha__str_fill(char *d, const char *s, size_t n)
{
    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *saha__strndup(saha_ctx *ctx, const char *s, size_t n)
{
    return saha__str_fill(saha__malloc(ctx, n + 1), s, n);
}

char *saha__strdup(saha_ctx *ctx, const char *s)
{
    return saha__strndup(ctx, s, strlen(s));
}
