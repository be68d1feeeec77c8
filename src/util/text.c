/* text: locale-free number parsing and formatting, ASCII case-insensitive compare,
 * key folding and UTF-8 validation. */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/core.h"

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

/* strtod in the C locale whatever the program's LC_NUMERIC (in tr_TR or de_DE the
 * decimal point is ',', and strtod would stop at the '.'): uselocale switches this
 * thread only. newlocale of "C" is glibc's static C locale object (no allocation).
 * *err_out is strtod's errno. */
static double strtod_c(const char *s, char **end, int *err_out)
{
    locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    locale_t old = c ? uselocale(c) : (locale_t)0;
    double v;
    errno = 0;
    v = strtod(s, end);
    *err_out = errno;
    if (c) {
        uselocale(old);
        freelocale(c);
    }
    return v;
}

int saha__parse_double(const char *s, size_t len, int decimal_comma, double *out)
{
    char tmp[128];
    char *end;
    size_t i, ndots = 0;
    double v;
    int err;

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
        else if (!((c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'e' ||
                   c == 'E' || c == 'i' || c == 'n' || c == 'f' || c == 'I' || c == 'N' ||
                   c == 'F' || c == 'a' || c == 'A' || c == 't' || c == 'T' || c == 'y' ||
                   c == 'Y'))
            return -1;
        tmp[i] = c;
    }
    tmp[len] = '\0';
    if (ndots > 1)
        return -1;
    v = strtod_c(tmp, &end, &err);
    if (end == tmp || *end != '\0' || isnan(v))
        return -1;
    if (err == ERANGE && isfinite(v) && v != 0.0)
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
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "x", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "/", "o", "u", "u", "u", "u", "y", "th", "y"};

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
            if (d == 0x9E || d == 0x9F || d == 0xA0 || d == 0xA1 || d == 0x9A ||
                d == 0x9B)
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
