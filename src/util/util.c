/* util: memory through the context's allocator, growable buffers, a string arena, the
 * portable PRNG, locale-free number parsing, key folding, whole-file reads and civil
 * dates. Shared by every module through src/internal/core.h. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal/core.h"

/* ---- memory -------------------------------------------------------------------- */

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

void *saha__malloc(saha_ctx *ctx, size_t size)
{
    void *p;
    if (size == 0)
        size = 1;
    p = ctx && ctx->has_alloc ? ctx->alloc.malloc_fn(size, ctx->alloc.payload) : malloc(size);
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

char *saha__strndup(saha_ctx *ctx, const char *s, size_t n)
{
    char *d = saha__malloc(ctx, n + 1);
    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *saha__strdup(saha_ctx *ctx, const char *s)
{
    return saha__strndup(ctx, s, strlen(s));
}

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
    char *d;
    if (n == SIZE_MAX)
        return NULL;
    d = saha__arena_alloc(a, n + 1);
    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
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

/* ---- PRNG: xoshiro256** seeded through splitmix64 ----------------------------- */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void saha__rng_seed(saha__rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t saha__rng_next(saha__rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t saha__rng_below(saha__rng *r, uint64_t n)
{
    uint64_t x, lim;
    if (n <= 1)
        return 0;
    lim = UINT64_MAX - UINT64_MAX % n;
    do
        x = saha__rng_next(r);
    while (x >= lim);
    return x % n;
}

double saha__rng_double(saha__rng *r)
{
    return (double)(saha__rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* ---- numbers ------------------------------------------------------------------- */

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void trim(const char **s, size_t *len)
{
    while (*len && is_blank(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len && is_blank((*s)[*len - 1]))
        (*len)--;
}

int saha__parse_double(const char *s, size_t len, int decimal_comma, double *out)
{
    char tmp[128];
    char *end;
    size_t i, ndots = 0;
    double v;

    trim(&s, &len);
    if (len == 0 || len >= sizeof tmp)
        return -1;
    for (i = 0; i < len; i++) {
        char c = s[i];
        if (c == ',' && decimal_comma)
            c = '.';
        else if (c == ',')
            return -1;
        if (c == '.')
            ndots++;
        else if (!((c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'e' || c == 'E' ||
                   c == 'i' || c == 'n' || c == 'f' || c == 'I' || c == 'N' || c == 'F' ||
                   c == 'a' || c == 'A' || c == 't' || c == 'T' || c == 'y' || c == 'Y'))
            return -1;
        tmp[i] = c;
    }
    tmp[len] = '\0';
    if (ndots > 1)
        return -1;
    /* strtod honours the C locale's decimal point; the library never calls setlocale, and
     * the CLI keeps LC_NUMERIC at "C", so '.' is the separator here. */
    errno = 0;
    v = strtod(tmp, &end);
    if (end == tmp || *end != '\0' || isnan(v))
        return -1;
    if (errno == ERANGE && isfinite(v) && v != 0.0)
        return -1;
    *out = v;
    return 0;
}

int saha__parse_long(const char *s, size_t len, long *out)
{
    char tmp[32];
    char *end;
    long v;
    trim(&s, &len);
    if (len == 0 || len >= sizeof tmp)
        return -1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    errno = 0;
    v = strtol(tmp, &end, 10);
    if (end == tmp || *end != '\0' || errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

int saha__parse_hhmm(const char *s, size_t len, int *minutes_out)
{
    int h, m;
    trim(&s, &len);
    if (len == 4 && s[1] == ':') { /* H:MM */
        if (s[0] < '0' || s[0] > '9')
            return -1;
        h = s[0] - '0';
        s += 2;
    } else if (len == 5 && s[2] == ':') {
        if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
            return -1;
        h = (s[0] - '0') * 10 + (s[1] - '0');
        s += 3;
    } else {
        return -1;
    }
    if (s[0] < '0' || s[0] > '5' || s[1] < '0' || s[1] > '9')
        return -1;
    m = (s[0] - '0') * 10 + (s[1] - '0');
    if (h > 24 || (h == 24 && m != 0))
        return -1;
    *minutes_out = h * 60 + m;
    return 0;
}

int saha__fmt_double(char *dst, size_t cap, double v, int decimals)
{
    int n = snprintf(dst, cap, "%.*f", decimals, v);
    if (n < 0 || (size_t)n >= cap)
        return -1;
    for (char *p = dst; *p; p++)
        if (*p == ',')
            *p = '.';
    return n;
}

int saha__strcasecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca += 32;
        if (cb >= 'A' && cb <= 'Z')
            cb += 32;
        if (ca != cb || !ca)
            return ca - cb;
    }
}

/* Latin-1 supplement U+00C0..U+00FF folded to ASCII (lower case). */
static const char *const latin1_fold[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "x", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "/", "o", "u", "u", "u", "u", "y", "th", "y"};

size_t saha__fold_key(const char *s, size_t len, char *dst, size_t cap)
{
    size_t i = 0, o = 0;
    int pending_sep = 0;
    if (cap == 0)
        return 0;
#define PUT(ch)                                                                          \
    do {                                                                                 \
        if (o + 1 < cap)                                                                 \
            dst[o++] = (ch);                                                             \
    } while (0)
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        char one[2] = {0, 0};
        size_t adv = 1;
        if (c == ' ' || c == '\t' || c == '-' || c == '_' || c == '\r' || c == '\n' ||
            c == '.') {
            pending_sep = o > 0;
            i++;
            continue;
        }
        if (c < 0x80) {
            one[0] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            rep = one;
        } else if (c == 0xC3 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
                   (unsigned char)s[i + 1] <= 0xBF) {
            unsigned char d = (unsigned char)s[i + 1];
            adv = 2;
            rep = d >= 0x80 ? latin1_fold[d - 0x80] : NULL;
        } else if (c == 0xC4 && i + 1 < len) {
            unsigned char d = (unsigned char)s[i + 1];
            adv = 2;
            if (d == 0xB0 || d == 0xB1) /* İ ı */
                rep = "i";
            else if (d == 0x9E || d == 0x9F) /* Ğ ğ */
                rep = "g";
            else if (d >= 0x80 && d <= 0x85) /* Ā ā Ă ă Ą ą */
                rep = "a";
            else if (d >= 0x86 && d <= 0x8D) /* Ć..č */
                rep = "c";
            else if (d >= 0x92 && d <= 0x9B) /* Ē..ě */
                rep = "e";
            else
                adv = 1;
        } else if (c == 0xC5 && i + 1 < len) {
            unsigned char d = (unsigned char)s[i + 1];
            adv = 2;
            if (d == 0x9E || d == 0x9F || d == 0xA0 || d == 0xA1 || d == 0x9A || d == 0x9B)
                rep = "s";
            else if (d == 0x81 || d == 0x82) /* Ł ł */
                rep = "l";
            else if (d >= 0xAA && d <= 0xB3) /* Ū..ų */
                rep = "u";
            else if (d >= 0xB9 && d <= 0xBE) /* Ź..ž */
                rep = "z";
            else
                adv = 1;
        }
        if (pending_sep) {
            PUT('_');
            pending_sep = 0;
        }
        if (rep) {
            for (const char *p = rep; *p; p++)
                PUT(*p);
            i += adv;
        } else {
            PUT((char)c);
            i++;
        }
    }
#undef PUT
    dst[o] = '\0';
    return o;
}

int saha__utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    while (p < e) {
        unsigned c = *p;
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            p++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if ((size_t)(e - p) <= n)
            return 0;
        for (size_t k = 1; k <= n; k++) {
            if ((p[k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[k] & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += n + 1;
    }
    return 1;
}

/* ---- files --------------------------------------------------------------------- */

saha_status saha__read_file(saha_ctx *ctx, const char *path, size_t max, char **data_out,
                            size_t *len_out)
{
    FILE *f = NULL;
    saha__buf b;
    char chunk[65536];
    size_t n;
    saha_status rc = SAHA_OK;
    struct stat st;

    *data_out = NULL;
    *len_out = 0;
    saha__buf_init(&b, ctx, max);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return saha__error_set(ctx, SAHA_EIO, path, 0, 0, "%s: is a directory", path);
    f = fopen(path, "rb");
    if (!f)
        return saha__error_set(ctx, SAHA_EIO, path, 0, 0, "%s: %s", path, strerror(errno));
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        rc = saha__buf_append(&b, chunk, n);
        if (rc < 0)
            goto done;
    }
    if (ferror(f)) {
        rc = saha__error_set(ctx, SAHA_EIO, path, 0, 0, "%s: read error", path);
        goto done;
    }
    *data_out = saha__buf_take(&b, len_out);
    if (!*data_out)
        rc = SAHA_ENOMEM;
done:
    if (rc == SAHA_ELIMIT)
        saha__error_replace(ctx, SAHA_ELIMIT, path, 0, 0, "%s: larger than %zu bytes", path,
                            max);
    saha__buf_free(&b);
    fclose(f);
    return rc;
}

/* ---- dates (Howard Hinnant's civil-day algorithms, public domain description) ----- */

int64_t saha__days_from_civil(int y, int m, int d)
{
    int64_t yy = y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void saha__civil_from_days(int64_t z, int *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp, yy;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    yy = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

int saha__weekday(int y, int m, int d)
{
    int64_t z = saha__days_from_civil(y, m, d);
    /* 1970-01-01 was a Thursday (3 when Monday = 0) */
    int64_t w = (z + 3) % 7;
    if (w < 0)
        w += 7;
    return (int)w;
}
