/* Numbers and dates of the reports in the reader's language (the HTML report, and the
 * CLI's summary through the public saha_format_* functions): the language is a code the
 * caller passes (saha_export_options.lang), never the process locale, which the library
 * does not read or set (CONTRIBUTING.md §5). English: 1,234.5 and "Wednesday 2 December
 * 2026"; Turkish (TDK usage): 1.234,5 and "2 Aralık 2026 Çarşamba", numeric dates
 * 02.12.2026. Any other code is English. The digits come from snprintf in the C
 * locale's form (saha__fmt_double maps a stray ',' back to '.') and the marks are then
 * put in, so LC_NUMERIC never shows through. O(digits). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal/core.h"
#include "internal/export.h"
#include "saha/export.h"

typedef struct lang_marks {
    const char *group; /* thousands separator */
    const char *point; /* decimal mark */
    const char *month[12], *month_short[12];
    const char *weekday[7], *weekday_short[7]; /* Monday first */
    const char *weekday_min[7]; /* two letters: a calendar's column heads */
} lang_marks;

static const lang_marks EN = {
    ",",
    ".",
    {"January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"},
    {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
    {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"},
    {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}};

static const lang_marks TR = {
    ".",
    ",",
    {"Ocak",
     "\xC5\x9E"
     "ubat",
     "Mart", "Nisan", "May\xC4\xB1s", "Haziran", "Temmuz", "A\xC4\x9Fustos",
     "Eyl\xC3\xBCl", "Ekim", "Kas\xC4\xB1m", "Aral\xC4\xB1k"},
    {"Oca",
     "\xC5\x9E"
     "ub",
     "Mar", "Nis", "May", "Haz", "Tem", "A\xC4\x9Fu", "Eyl", "Eki", "Kas", "Ara"},
    {"Pazartesi", "Sal\xC4\xB1",
     "\xC3\x87"
     "ar\xC5\x9F"
     "amba",
     "Per\xC5\x9F"
     "embe",
     "Cuma", "Cumartesi", "Pazar"},
    {"Pzt", "Sal",
     "\xC3\x87"
     "ar",
     "Per", "Cum", "Cmt", "Paz"},
    /* as the CLI's catalogue has them (weekday context of src/cli/po/tr.po) */
    {"Pt", "Sa",
     "\xC3\x87"
     "a",
     "Pe", "Cu", "Ct", "Pz"}};

/* "tr", "tr_TR", "tr-TR", "tr_TR.UTF-8", "TR": Turkish; anything else English */
static const lang_marks *marks(const char *lang)
{
    if (lang && (lang[0] == 't' || lang[0] == 'T') &&
        (lang[1] == 'r' || lang[1] == 'R') &&
        (lang[2] == '\0' || lang[2] == '_' || lang[2] == '-' || lang[2] == '.'))
        return &TR;
    return &EN;
}

const char *saha_format_lang(const char *lang)
{
    return marks(lang) == &TR ? "tr" : "en";
}

const char *saha_export__weekday_min(int w, const char *lang)
{
    return w >= 0 && w < 7 ? marks(lang)->weekday_min[w] : "";
}

const char *saha_export__weekday_abbr(int w, const char *lang)
{
    if (w < 0 || w >= 7)
        return "";
    return marks(lang) == &TR ? TR.weekday_short[w] : EN.weekday_min[w];
}

const char *saha_export__weekday_name(int w, const char *lang)
{
    return w >= 0 && w < 7 ? marks(lang)->weekday[w] : "";
}

const char *saha_export__month_short(int m, const char *lang)
{
    return m >= 1 && m <= 12 ? marks(lang)->month_short[m - 1] : "";
}

/* appends s to dst[*o] when it fits with its NUL; 0 when it does not */
static int put(char *dst, size_t cap, size_t *o, const char *s)
{
    size_t k = strlen(s);
    if (*o + k >= cap)
        return 0;
    memcpy(dst + *o, s, k);
    *o += k;
    dst[*o] = '\0';
    return 1;
}

int saha_format_number(char *dst, size_t cap, double v, int decimals, int group,
                       const char *lang)
{
    const lang_marks *m = marks(lang);
    char digits[48];
    size_t o = 0, n, intlen;
    if (!dst || cap == 0)
        return -1;
    dst[0] = '\0';
    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    if (!isfinite(v) || fabs(v) >= 1e15)
        return put(dst, cap, &o, isnan(v) ? "-" : v < 0 ? "-inf" : "inf") ? (int)o : -1;
    if (saha__fmt_double(digits, sizeof digits, fabs(v), decimals) < 0)
        return -1;
    /* no "-0" or "-0,0" for a value that rounds to zero */
    if (v < 0 && strspn(digits, "0.") != strlen(digits) && !put(dst, cap, &o, "-"))
        goto full;
    n = strlen(digits);
    intlen = strcspn(digits, ".");
    for (size_t i = 0; i < n; i++) {
        char one[2] = {digits[i], '\0'};
        if (group && i > 0 && i < intlen && (intlen - i) % 3 == 0 &&
            !put(dst, cap, &o, m->group))
            goto full;
        if (!put(dst, cap, &o, digits[i] == '.' ? m->point : one))
            goto full;
    }
    return (int)o;
full:
    dst[0] = '\0';
    return -1;
}

int saha_format_date(char *dst, size_t cap, saha_datetime date, saha_date_style style,
                     const char *lang)
{
    const lang_marks *m = marks(lang);
    int w = saha__weekday(date.year, date.month, date.day);
    int mo = date.month >= 1 && date.month <= 12 ? date.month - 1 : -1;
    int y = date.year % 10000, d = date.day % 100, n;
    if (!dst || cap == 0)
        return -1;
    dst[0] = '\0';
    if (mo < 0 || w < 0 || w > 6 || d < 1)
        return -1;
    switch (style) {
    case SAHA_DATE_NUMERIC:
        n = m == &TR ? snprintf(dst, cap, "%02d.%02d.%04d", d, mo + 1, y)
                     : snprintf(dst, cap, "%04d-%02d-%02d", y, mo + 1, d);
        break;
    case SAHA_DATE_LONG:
        n = m == &TR
                ? snprintf(dst, cap, "%d %s %04d %s", d, m->month[mo], y, m->weekday[w])
                : snprintf(dst, cap, "%s %d %s %04d", m->weekday[w], d, m->month[mo], y);
        break;
    case SAHA_DATE_DAY_MONTH_YEAR:
        n = m == &TR ? snprintf(dst, cap, "%d %s %04d", d, m->month[mo], y)
                     : snprintf(dst, cap, "%d %s %04d", d, m->month_short[mo], y);
        break;
    case SAHA_DATE_SHORT:
        n = m == &TR ? snprintf(dst, cap, "%d %s %s", d, m->month_short[mo],
                                m->weekday_short[w])
                     : snprintf(dst, cap, "%s %d %s", m->weekday_short[w], d,
                                m->month_short[mo]);
        break;
    default:
        return -1;
    }
    if (n < 0 || (size_t)n >= cap) {
        dst[0] = '\0';
        return -1;
    }
    return n;
}
