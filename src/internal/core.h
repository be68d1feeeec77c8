/* Private helpers shared by every module (never installed). saha__ names only. */
#ifndef SAHA_INTERNAL_CORE_H
#define SAHA_INTERNAL_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "saha/error.h"

/* The portable PRNG (xoshiro256**, seeded by splitmix64): same sequence on every
 * platform. Threads each take their own state, seeded from the context's. */
typedef struct saha__rng {
    uint64_t s[4];
} saha__rng;

struct saha_ctx {
    saha_error err;
    saha_log_fn log_fn;
    void *log_payload;
    saha_log_level log_level;
    saha_allocator alloc;
    int has_alloc;
    saha__rng rng;
};

/* ---- errors -------------------------------------------------------------------- */
/* Fills the error slot (first error wins until cleared) and returns code. source may be
 * NULL; line/col 0 = n/a. The message is formatted as given; callers that want the
 * "file:line: " prefix get it from saha__error_format() at print time. */
saha_status saha__error_set(saha_ctx *ctx, saha_status code, const char *source,
                            size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
saha_status saha__error_vset(saha_ctx *ctx, saha_status code, const char *source,
                             size_t line, size_t col, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));
/* Overwrites whatever error is set (for wrapping a lower-level message). */
saha_status saha__error_replace(saha_ctx *ctx, saha_status code, const char *source,
                                size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void saha__error_clear(saha_ctx *ctx);

#define SAHA__CHECK_ARG(ctx, expr)                                                       \
    do {                                                                                 \
        if (!(expr))                                                                     \
            return saha__error_set((ctx), SAHA_EINVAL, NULL, 0, 0,                       \
                                   "invalid argument: %s", #expr);                       \
    } while (0)

/* ---- logging ------------------------------------------------------------------- */
void saha__log(saha_ctx *ctx, saha_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- memory (through the context's allocator; NULL + SAHA_ENOMEM set on failure) -- */
void *saha__malloc(saha_ctx *ctx, size_t size);
void *saha__calloc(saha_ctx *ctx, size_t n, size_t size);
void *saha__realloc(saha_ctx *ctx, void *p, size_t size);
void saha__free(saha_ctx *ctx, void *p);
/* n * size with overflow check; not zeroed. */
void *saha__alloc_array(saha_ctx *ctx, size_t n, size_t size);
void *saha__realloc_array(saha_ctx *ctx, void *p, size_t n, size_t size);
char *saha__strdup(saha_ctx *ctx, const char *s);
char *saha__strndup(saha_ctx *ctx, const char *s, size_t n);
/* Copies s[0..n) into d (n + 1 bytes) and ends it with a NUL; d, or NULL when d is NULL
 * (so it can take an allocation directly). */
char *saha__str_fill(char *d, const char *s, size_t n);
/* Overflow-checked arithmetic: 0 on success, -1 on overflow. */
int saha__mul_size(size_t a, size_t b, size_t *out);
int saha__add_size(size_t a, size_t b, size_t *out);
/* The capacity a growable array needs to hold `need` elements: cap when it is enough,
 * else cap (or `first` when cap is 0) doubled until it is; -1 when that overflows. */
int saha__grow_cap(size_t cap, size_t need, size_t first, size_t *out);
/* Makes *p (an array of *cap elements of elem bytes) hold at least `need` elements, by
 * saha__grow_cap; *p and *cap change only on success. SAHA_ENOMEM (set in ctx) when the
 * size overflows or the allocation fails. SAHA__GROW(ctx, arr, cap, need, first) takes
 * the array and its capacity as lvalues and the element size from the array. */
saha_status saha__grow(saha_ctx *ctx, void **p, size_t *cap, size_t need, size_t elem,
                       size_t first);
#define SAHA__GROW(ctx, arr, cap, need, first)                                           \
    saha__grow((ctx), (void **)&(arr), &(cap), (need), sizeof *(arr), (first))

/* ---- growable buffer with a ceiling (SAHA_ELIMIT past it) ------------------------ */
typedef struct saha__buf {
    saha_ctx *ctx;
    char *data; /* always NUL-terminated when non-NULL */
    size_t len, cap, max;
} saha__buf;
#define SAHA__BUF_NOLIMIT ((size_t)-1)
void saha__buf_init(saha__buf *b, saha_ctx *ctx, size_t max);
saha_status saha__buf_append(saha__buf *b, const void *data, size_t len);
saha_status saha__buf_puts(saha__buf *b, const char *s);
saha_status saha__buf_printf(saha__buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
saha_status saha__buf_putc(saha__buf *b, char c);
void saha__buf_clear(saha__buf *b);
/* Appends id with every byte outside [A-Za-z0-9._-] as %XX: the account part of a
 * calendar UID, one rule for the ICS writer and the re-plan's identities. */
saha_status saha__buf_put_id_escaped(saha__buf *b, const char *id);
/* Hands the data over (caller frees with saha__free); the buffer becomes empty. */
char *saha__buf_take(saha__buf *b, size_t *len_out);
void saha__buf_free(saha__buf *b);

/* ---- string arena: many small strings with one owner, freed in one call ---------- */
typedef struct saha__arena_block saha__arena_block;
typedef struct saha__arena {
    saha_ctx *ctx;
    saha__arena_block *head;
} saha__arena;
void saha__arena_init(saha__arena *a, saha_ctx *ctx);
void *saha__arena_alloc(saha__arena *a, size_t size); /* 8-byte aligned */
char *saha__arena_strndup(saha__arena *a, const char *s, size_t n);
char *saha__arena_strdup(saha__arena *a, const char *s);
void saha__arena_free(saha__arena *a);

/* ---- PRNG ------------------------------------------------------------------------ */
void saha__rng_seed(saha__rng *r, uint64_t seed);
/* One splitmix64 step from x: spreads nearby seeds (seed * n + k) far apart. */
uint64_t saha__rng_mix(uint64_t x);
uint64_t saha__rng_next(saha__rng *r);
/* uniform in [0, n), n > 0, unbiased */
uint64_t saha__rng_below(saha__rng *r, uint64_t n);
/* uniform in [0, 1) */
double saha__rng_double(saha__rng *r);
/* Fisher-Yates: a uniformly random order of a[0..n), n - 1 draws of saha__rng_below. */
void saha__rng_shuffle(saha__rng *r, size_t *a, size_t n);
saha__rng *saha__ctx_rng(saha_ctx *ctx);

/* ---- numbers and text (locale-independent) --------------------------------------- */
/* Parses a whole string (surrounding ASCII blanks allowed) as a finite or infinite
 * double. decimal_comma: accept ',' as the decimal separator (then '.' is refused as
 * one if a ',' is present; thousands separators are not accepted). 0 ok, -1 bad. */
int saha__parse_double(const char *s, size_t len, int decimal_comma, double *out);
/* Parses a whole string as a base-10 integer. 0 ok, -1 bad or out of range. */
int saha__parse_long(const char *s, size_t len, long *out);
/* Parses "HH:MM" (00:00..24:00) into minutes. 0 ok, -1 bad. */
int saha__parse_hhmm(const char *s, size_t len, int *minutes_out);
/* Formats a double with '.' as decimal separator regardless of locale ("%.*f"). */
int saha__fmt_double(char *dst, size_t cap, double v, int decimals);
/* ASCII case-insensitive compare. */
int saha__strcasecmp(const char *a, const char *b);
/* Folds UTF-8 text for matching: lower case (Turkish İ/I/ı → i), accents removed
 * (ç→c ğ→g ö→o ş→s ü→u â→a, and Latin-1 accents), runs of whitespace, '-' and '_'
 * to one '_', trimmed. Writes at most cap-1 bytes + NUL; returns the length. */
size_t saha__fold_key(const char *s, size_t len, char *dst, size_t cap);
/* Valid UTF-8? */
int saha__utf8_valid(const char *s, size_t len);

/* ---- files ----------------------------------------------------------------------- */
/* Reads a whole file (max bytes at most: SAHA_ELIMIT past it). path "-" is NOT stdin
 * here: the CLI reads stdin itself. *data is NUL-terminated; free with saha__free. */
saha_status saha__read_file(saha_ctx *ctx, const char *path, size_t max, char **data_out,
                            size_t *len_out);

/* ---- dates ----------------------------------------------------------------------- */
/* Days since 1970-01-01 for a proleptic Gregorian date; and back. */
int64_t saha__days_from_civil(int y, int m, int d);
void saha__civil_from_days(int64_t z, int *y, int *m, int *d);
/* 0 = Monday .. 6 = Sunday */
int saha__weekday(int y, int m, int d);

#endif
