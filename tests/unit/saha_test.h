/* Shared test macros for the cmocka unit tests. */
#ifndef SAHA_TEST_H
#define SAHA_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "saha.h"

#define DATA(name) SAHA_TEST_DATA "/" name

/* Fails the test, printing the context's error, unless expr returns SAHA_OK. */
#define SAHA_TEST_OK(ctx, expr)                                                          \
    do {                                                                                 \
        saha_status rc_ = (expr);                                                        \
        if (rc_ != SAHA_OK) {                                                            \
            const saha_error *e_ = saha_ctx_last_error(ctx);                             \
            print_error("%s returned %s: %s:%zu: %s\n", #expr, saha_status_name(rc_),    \
                        e_->source, e_->line, e_->message);                              \
            fail();                                                                      \
        }                                                                                \
    } while (0)
#define SAHA_TEST_EQ(a, b) assert_int_equal((a), (b))
#define SAHA_TEST_NEAR(a, b, tol)                                                        \
    do {                                                                                 \
        double a_ = (a), b_ = (b), t_ = (tol);                                           \
        if (!(fabs(a_ - b_) <= t_)) {                                                    \
            print_error("%s = %.9g, want %.9g +- %g\n", #a, a_, b_, t_);                 \
            fail();                                                                      \
        }                                                                                \
    } while (0)
#define SAHA_TEST_STR_CONTAINS(hay, needle)                                              \
    do {                                                                                 \
        const char *h_ = (hay), *n_ = (needle);                                          \
        if (!h_ || !strstr(h_, n_)) {                                                    \
            print_error("'%s' does not contain '%s'\n", h_ ? h_ : "(null)", n_);         \
            fail();                                                                      \
        }                                                                                \
    } while (0)

/* An allocator that fails the Nth allocation (0-based; SIZE_MAX = never) and counts
 * live blocks, for failure-injection tests (CONTRIBUTING.md §10). */
typedef struct saha_test_alloc {
    size_t fail_at, count, live;
} saha_test_alloc;

static inline void *saha_test_malloc(size_t n, void *payload)
{
    saha_test_alloc *a = payload;
    void *p;
    if (a->count++ == a->fail_at)
        return NULL;
    p = malloc(n);
    if (p)
        a->live++;
    return p;
}
static inline void *saha_test_realloc(void *p, size_t n, void *payload)
{
    saha_test_alloc *a = payload;
    void *q;
    if (a->count++ == a->fail_at)
        return NULL;
    q = realloc(p, n);
    if (q && !p)
        a->live++;
    return q;
}
static inline void saha_test_free(void *p, void *payload)
{
    saha_test_alloc *a = payload;
    if (p)
        a->live--;
    free(p);
}
/* Creates a context whose allocator is `a` (a->fail_at set by the caller). */
static inline saha_ctx *saha_test_ctx_failing(saha_test_alloc *a, saha_allocator *al)
{
    saha_ctx *ctx = NULL;
    saha_ctx_options o;
    (void)saha_ctx_options_init(&o, SAHA_CTX_OPTIONS_VERSION);
    al->malloc_fn = saha_test_malloc;
    al->realloc_fn = saha_test_realloc;
    al->free_fn = saha_test_free;
    al->payload = a;
    o.allocator = al;
    if (saha_ctx_create(&ctx, &o) != SAHA_OK)
        return NULL;
    return ctx;
}
static inline saha_ctx *saha_test_ctx(void)
{
    saha_ctx *ctx = NULL;
    if (saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return NULL;
    return ctx;
}

#endif
