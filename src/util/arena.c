/* arena: many small strings with one owner, freed in one call (saha__arena). */
#include <stdint.h>
#include <string.h>

#include "internal/core.h"

/* ---- arena --------------------------------------------------------------------- */

struct saha__arena_block {
    saha__arena_block *next;
    size_t used, cap;
    _Alignas(8) unsigned char data[];
};

void saha__arena_init(saha__arena *a, saha_ctx *ctx)
{
    a->ctx = ctx;
    a->head = NULL;
}

void *saha__arena_alloc(saha__arena *a, size_t size)
{
    saha__arena_block *blk = a->head;
    size_t need = (size + 7u) & ~(size_t)7u, cap, total;
    if (need < size)
        return NULL;
    if (!blk || blk->cap - blk->used < need) {
        cap = need > 32768 ? need : 32768;
        if (saha__add_size(sizeof *blk, cap, &total) < 0) {
            saha__error_set(a->ctx, SAHA_ENOMEM, NULL, 0, 0, "allocation size overflows");
            return NULL;
        }
        blk = saha__malloc(a->ctx, total);
        if (!blk)
            return NULL;
        blk->used = 0;
        blk->cap = cap;
        blk->next = a->head;
        a->head = blk;
    }
    blk->used += need;
    return blk->data + blk->used - need;
}

char *saha__arena_strndup(saha__arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    return saha__str_fill(saha__arena_alloc(a, n + 1), s, n);
}

char *saha__arena_strdup(saha__arena *a, const char *s)
{
    return saha__arena_strndup(a, s, strlen(s));
}

void saha__arena_free(saha__arena *a)
{
    saha__arena_block *b = a->head, *next;
    while (b) {
        next = b->next;
        saha__free(a->ctx, b);
        b = next;
    }
    a->head = NULL;
}
