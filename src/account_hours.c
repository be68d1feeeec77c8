/* account_hours: the OpenStreetMap opening_hours subset (parse, format, is-open) and
 * saha_datetime_parse.
 *
 * Local spellings: before parsing, Turkish, German and English day words are mapped
 * onto the OSM syntax (localize() below): "Pzt-Cum 09.00-18.00; Cmt kapalı" reads as
 * "Mo-Fr 09:00-18:00; Sa off". Words are matched case- and accent-folded
 * (saha__fold_key), so "ÇARŞAMBA", "Çarşamba" and "carsamba" are all We.
 *
 * Method: a one-pass recursive-descent parser over the rules. Each rule collects up to
 * HP_MAX_TMP spans per weekday; a rule that names days first clears those days (so a
 * later rule overrides earlier ones); a span past midnight adds its tail to the next day.
 * At the end every day's spans are sorted and merged, and a day with more than
 * SAHA_HOURS_MAX_SPANS spans is an error. O(length of the text); no allocation. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal/account.h"

#define HP_MAX_TMP 24

static const char *const day_names[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

typedef struct hp {
    const char *s;
    const char *orig; /* the text as written (messages quote it), s may be localized */
    size_t i, n;
    int16_t span[8][HP_MAX_TMP][2]; /* day 7: public holidays (PH) */
    int nspan[8];
    int ph_named;
    char *msg;
    size_t cap;
} hp;

static void hp_fail(hp *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void hp_fail(hp *p, const char *fmt, ...)
{
    char value[96];
    char reason[160];
    va_list ap;
    saha_account__excerpt(p->orig ? p->orig : p->s, 80, value, sizeof value);
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (p->msg && p->cap)
        snprintf(p->msg, p->cap, "invalid opening hours '%s': %s", value, reason);
}

static void hp_ws(hp *p)
{
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t'))
        p->i++;
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads a word of letters into tok (truncated); returns its length in the input. */
static size_t hp_word(hp *p, char *tok, size_t cap)
{
    size_t st = p->i, k = 0;
    while (p->i < p->n && is_alpha(p->s[p->i])) {
        if (k + 1 < cap)
            tok[k++] = p->s[p->i];
        p->i++;
    }
    tok[k] = '\0';
    return p->i - st;
}

/* Day index 0..6, 7 for PH (public holiday), -1 unknown. */
static int day_of(const char *tok)
{
    if (strlen(tok) != 2)
        return -1;
    for (int d = 0; d < 7; d++)
        if (saha__strcasecmp(tok, day_names[d]) == 0)
            return d;
    if (saha__strcasecmp(tok, "PH") == 0)
        return 7;
    return -1;
}

static int hp_day(hp *p, int *day_out)
{
    char tok[16];
    hp_word(p, tok, sizeof tok);
    *day_out = day_of(tok);
    if (*day_out < 0) {
        hp_fail(p,
                "unknown weekday '%s' (use Mo Tu We Th Fr Sa Su, Pzt Sal Çar Per Cum Cmt "
                "Paz, or Mo Di Mi Do Fr Sa So)",
                tok);
        return -1;
    }
    return 0;
}

static void add_span(hp *p, int d, int open_min, int close_min, int *overflow)
{
    if (open_min >= close_min)
        return;
    if (p->nspan[d] >= HP_MAX_TMP) {
        *overflow = 1;
        return;
    }
    p->span[d][p->nspan[d]][0] = (int16_t)open_min;
    p->span[d][p->nspan[d]][1] = (int16_t)close_min;
    p->nspan[d]++;
}

static int hp_time(hp *p, int *min_out)
{
    size_t st = p->i;
    char tok[16];
    size_t len;
    while (p->i < p->n && (is_digit(p->s[p->i]) || p->s[p->i] == ':'))
        p->i++;
    len = p->i - st;
    if (len == 0 || saha__parse_hhmm(p->s + st, len, min_out) < 0) {
        if (len == 0) {
            len = p->i < p->n ? 1 : 0;
            if (p->i < p->n && (unsigned char)p->s[p->i] >= 0x80)
                len = 0;
        }
        if (len >= sizeof tok)
            len = sizeof tok - 1;
        memcpy(tok, p->s + st, len);
        tok[len] = '\0';
        hp_fail(p,
                len ? "bad time '%s' (want HH:MM, 00:00 to 24:00)"
                    : "expected a time (HH:MM)%s",
                tok);
        return -1;
    }
    return 0;
}

/* One rule, up to ';' or the end. */
static int hp_rule(hp *p)
{
    unsigned mask = 0; /* bit d: weekday d named; bit 7: PH */
    int has_days = 0, overflow = 0;
    char tok[16];

    hp_ws(p);
    if (p->i + 4 <= p->n && memcmp(p->s + p->i, "24/7", 4) == 0) {
        p->i += 4;
        for (int d = 0; d < 7; d++) {
            p->nspan[d] = 0;
            add_span(p, d, 0, 1440, &overflow);
        }
        hp_ws(p);
        goto end;
    }
    if (p->i < p->n && is_alpha(p->s[p->i])) {
        size_t save = p->i;
        hp_word(p, tok, sizeof tok);
        p->i = save;
        if (saha__strcasecmp(tok, "off") != 0 && saha__strcasecmp(tok, "closed") != 0) {
            has_days = 1;
            for (;;) {
                int a, b;
                if (hp_day(p, &a) < 0)
                    return -1;
                hp_ws(p);
                if (p->i < p->n && p->s[p->i] == '-') {
                    p->i++;
                    hp_ws(p);
                    if (hp_day(p, &b) < 0)
                        return -1;
                    if (a == 7 || b == 7) {
                        hp_fail(p, "PH cannot be part of a weekday range%s", "");
                        return -1;
                    }
                    for (int d = a;; d = (d + 1) % 7) { /* Sa-Mo wraps */
                        mask |= 1u << d;
                        if (d == b)
                            break;
                    }
                } else {
                    mask |= 1u << a;
                }
                hp_ws(p);
                if (p->i + 1 < p->n && p->s[p->i] == ',') {
                    size_t save2 = p->i;
                    p->i++;
                    hp_ws(p);
                    if (p->i < p->n && is_alpha(p->s[p->i]))
                        continue;
                    p->i = save2;
                }
                break;
            }
            if (p->i < p->n && p->s[p->i] == ':') { /* "Mo-Fr: 09:00-17:00" */
                p->i++;
                hp_ws(p);
            }
        }
    }
    if (!has_days)
        mask = 0x7Fu;
    if (mask & 0x80u)
        p->ph_named = 1;
    for (int d = 0; d < 8; d++)
        if (mask & (1u << d))
            p->nspan[d] = 0;
    if (p->i >= p->n || p->s[p->i] == ';') {
        if (!has_days) {
            hp_fail(p, "empty rule%s", "");
            return -1;
        }
        for (int d = 0; d < 8; d++) /* days without times: open all day (OSM) */
            if (mask & (1u << d))
                add_span(p, d, 0, 1440, &overflow);
        goto end;
    }
    if (is_alpha(p->s[p->i])) {
        hp_word(p, tok, sizeof tok);
        if (saha__strcasecmp(tok, "off") != 0 && saha__strcasecmp(tok, "closed") != 0) {
            hp_fail(p, "unexpected word '%s' (want times, 'off' or 'closed')", tok);
            return -1;
        }
        hp_ws(p);
        goto end;
    }
    for (;;) {
        int a, b;
        if (hp_time(p, &a) < 0)
            return -1;
        if (a == 1440) {
            hp_fail(p, "a time span cannot start at %s", "24:00");
            return -1;
        }
        hp_ws(p);
        if (p->i >= p->n || p->s[p->i] != '-') {
            hp_fail(p, "expected '-' after the opening time%s", "");
            return -1;
        }
        p->i++;
        hp_ws(p);
        if (hp_time(p, &b) < 0)
            return -1;
        if (a == b) {
            hp_fail(p, "empty time span (opens and closes at the same time)%s", "");
            return -1;
        }
        for (int d = 0; d < 8; d++) {
            if (!(mask & (1u << d)))
                continue;
            if (b > a) {
                add_span(p, d, a, b, &overflow);
            } else { /* past midnight: the tail belongs to the next day (not for PH) */
                add_span(p, d, a, 1440, &overflow);
                if (d < 7)
                    add_span(p, (d + 1) % 7, 0, b, &overflow);
            }
        }
        hp_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            hp_ws(p);
            continue;
        }
        break;
    }
end:
    if (overflow) {
        hp_fail(p, "too many time spans%s", "");
        return -1;
    }
    if (p->i < p->n && p->s[p->i] != ';') {
        char c[8];
        size_t k = 0;
        unsigned char u = (unsigned char)p->s[p->i];
        if (u >= 0x20 && u < 0x7F)
            c[k++] = (char)u;
        c[k] = '\0';
        hp_fail(p, k ? "unexpected '%s'" : "unexpected character%s", c);
        return -1;
    }
    return 0;
}

/* ---- local spellings -------------------------------------------------------------- */

/* Folded word (or two words joined by '_') -> OSM text. Turkish: the usual three-letter
 * abbreviations (Pzt Sal Çar Per Cum Cmt Paz, and Pts/Cts as some systems write them),
 * full names, "hafta içi" (weekdays), "hafta sonu" (weekend), "kapalı"/"tatil" (closed),
 * "resmi tatil" (public holiday). German: Mo Di Mi Do Fr Sa So, full names,
 * "geschlossen"/"Ruhetag" (closed), "Feiertag" (public holiday). English full names.
 * Two-letter OSM and German abbreviations that coincide (Mo Fr Sa) need no entry. */
static const char *const local_words[][2] = {
    {"pzt", "Mo"},
    {"pts", "Mo"},
    {"pazartesi", "Mo"},
    {"sal", "Tu"},
    {"sali", "Tu"},
    {"car", "We"},
    {"carsamba", "We"},
    {"per", "Th"},
    {"persembe", "Th"},
    {"cum", "Fr"},
    {"cuma", "Fr"},
    {"cmt", "Sa"},
    {"cts", "Sa"},
    {"cumartesi", "Sa"},
    {"paz", "Su"},
    {"pazar", "Su"},
    {"hafta_ici", "Mo-Fr"},
    {"haftaici", "Mo-Fr"},
    {"hafta_sonu", "Sa-Su"},
    {"haftasonu", "Sa-Su"},
    {"kapali", "off"},
    {"tatil", "off"},
    {"resmi_tatil", "PH"},
    {"resmi_tatiller", "PH"},
    {"di", "Tu"},
    {"mi", "We"},
    {"do", "Th"},
    {"so", "Su"},
    {"montag", "Mo"},
    {"dienstag", "Tu"},
    {"mittwoch", "We"},
    {"donnerstag", "Th"},
    {"freitag", "Fr"},
    {"samstag", "Sa"},
    {"sonnabend", "Sa"},
    {"sonntag", "Su"},
    {"geschlossen", "off"},
    {"ruhetag", "off"},
    {"feiertag", "PH"},
    {"feiertage", "PH"},
    {"monday", "Mo"},
    {"tuesday", "Tu"},
    {"wednesday", "We"},
    {"thursday", "Th"},
    {"friday", "Fr"},
    {"saturday", "Sa"},
    {"sunday", "Su"},
};

static const char *local_word(const char *folded)
{
    for (size_t k = 0; k < sizeof local_words / sizeof local_words[0]; k++)
        if (strcmp(folded, local_words[k][0]) == 0)
            return local_words[k][1];
    return NULL;
}

static int is_dash(const char *s, size_t i, size_t n) /* – or — (U+2013, U+2014) */
{
    return i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
           ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94);
}

/* A letter of a word: ASCII letters and any non-ASCII byte but a dash's. */
static int is_word_at(const char *s, size_t i, size_t n)
{
    unsigned char c = (unsigned char)s[i];
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= 0x80 && !is_dash(s, i, n));
}

/* Writes text with local day words mapped to OSM, "09.00" times as "09:00" and en/em
 * dashes as '-'. 0 when something changed and the result fits, 1 when nothing changed,
 * -1 when it does not fit (the caller then parses the text as written). */
static int localize(const char *in, char *out, size_t cap)
{
    size_t n = strlen(in), i = 0, o = 0;
    int changed = 0;
#define EMIT(str, len)                                                                   \
    do {                                                                                 \
        if (o + (len) + 1 > cap)                                                         \
            return -1;                                                                   \
        memcpy(out + o, (str), (len));                                                   \
        o += (len);                                                                      \
    } while (0)
    while (i < n) {
        unsigned char c = (unsigned char)in[i];
        if (is_dash(in, i, n)) {
            EMIT("-", 1);
            i += 3;
            changed = 1;
            continue;
        }
        if (is_word_at(in, i, n)) {
            size_t st = i, en, j;
            char key[48], two[96];
            const char *rep = NULL;
            size_t used = 0;
            while (i < n && is_word_at(in, i, n))
                i++;
            en = i;
            saha__fold_key(in + st, en - st, key, sizeof key);
            /* a two-word phrase: "hafta içi", "resmi tatil" */
            j = en;
            while (j < n && in[j] == ' ')
                j++;
            if (j > en && j < n && is_word_at(in, j, n)) {
                size_t k = j;
                char second[48];
                while (k < n && is_word_at(in, k, n))
                    k++;
                saha__fold_key(in + j, k - j, second, sizeof second);
                snprintf(two, sizeof two, "%s_%s", key, second);
                if ((rep = local_word(two)) != NULL)
                    used = k;
            }
            if (!rep && (rep = local_word(key)) != NULL)
                used = en;
            if (rep) {
                EMIT(rep, strlen(rep));
                i = used;
                changed = 1;
            } else {
                EMIT(in + st, en - st);
            }
            continue;
        }
        /* H.MM or HH.MM: one or two digits, the dot, exactly two digits */
        if (c == '.' && i > 0 && i + 2 < n && is_digit(in[i - 1]) &&
            is_digit(in[i + 1]) && is_digit(in[i + 2]) &&
            (i + 3 >= n || !is_digit(in[i + 3])) &&
            !(i >= 3 && is_digit(in[i - 2]) && is_digit(in[i - 3]))) {
            EMIT(":", 1); /* 09.00 -> 09:00 (a Turkish way to write times) */
            i++;
            changed = 1;
            continue;
        }
        EMIT(in + i, 1);
        i++;
    }
#undef EMIT
    out[o] = '\0';
    return changed ? 0 : 1;
}

static int span_cmp_less(const int16_t *a, const int16_t *b)
{
    return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]);
}

int saha_account__hours_parse(saha_hours *out, const char *text, char *msg,
                              size_t msg_cap)
{
    hp p;
    int nrules = 0;
    char local[512];

    memset(&p, 0, sizeof p);
    p.s = text ? text : "";
    p.orig = p.s;
    if (localize(p.s, local, sizeof local) == 0)
        p.s = local;
    p.n = strlen(p.s);
    p.msg = msg;
    p.cap = msg_cap;
    if (msg && msg_cap)
        msg[0] = '\0';
    for (size_t k = 0; k < p.n; k++) {
        if ((unsigned char)p.s[k] < 0x20 && p.s[k] != '\t') {
            hp_fail(&p, "control character in the text%s", "");
            return -1;
        }
    }
    for (;;) {
        hp_ws(&p);
        if (p.i >= p.n)
            break;
        if (p.s[p.i] == ';') {
            p.i++;
            continue;
        }
        if (hp_rule(&p) < 0)
            return -1;
        nrules++;
    }
    if (nrules == 0) {
        saha_hours_always(out);
        return 0;
    }
    memset(out, 0, sizeof *out);
    for (int d = 0; d < 8; d++) {
        int n = p.nspan[d], m = 0;
        /* insertion sort: at most HP_MAX_TMP spans */
        for (int i = 1; i < n; i++) {
            int16_t t0 = p.span[d][i][0], t1 = p.span[d][i][1];
            int16_t t[2] = {t0, t1};
            int j = i - 1;
            while (j >= 0 && span_cmp_less(t, p.span[d][j])) {
                p.span[d][j + 1][0] = p.span[d][j][0];
                p.span[d][j + 1][1] = p.span[d][j][1];
                j--;
            }
            p.span[d][j + 1][0] = t0;
            p.span[d][j + 1][1] = t1;
        }
        for (int i = 0; i < n; i++) {
            int16_t a = p.span[d][i][0], b = p.span[d][i][1];
            int16_t *last_close = m == 0 ? NULL
                                         : (d < 7 ? &out->span[d][m - 1].close_min
                                                  : &out->ph_span[m - 1].close_min);
            if (last_close && a <= *last_close) {
                if (b > *last_close)
                    *last_close = b;
                continue;
            }
            if (m == SAHA_HOURS_MAX_SPANS) {
                hp_fail(&p, "more than 6 time spans on %s", d < 7 ? day_names[d] : "PH");
                return -1;
            }
            if (d < 7) {
                out->span[d][m].open_min = a;
                out->span[d][m].close_min = b;
            } else {
                out->ph_span[m].open_min = a;
                out->ph_span[m].close_min = b;
            }
            m++;
        }
        if (d < 7)
            out->nspans[d] = (uint8_t)m;
        else
            out->ph_nspans = (uint8_t)m;
    }
    out->has_ph = (uint8_t)p.ph_named;
    return 0;
}

saha_status saha_hours_parse(saha_hours *out, saha_ctx *ctx, const char *text)
{
    char msg[SAHA_ERROR_SIZE];
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, out != NULL);
    SAHA__CHECK_ARG(ctx, text != NULL);
    if (saha_account__hours_parse(out, text, msg, sizeof msg) < 0)
        return saha__error_set(ctx, SAHA_EPARSE, NULL, 0, 0, "%s", msg);
    return SAHA_OK;
}

void saha_hours_always(saha_hours *out)
{
    if (!out)
        return;
    memset(out, 0, sizeof *out);
    for (int d = 0; d < 7; d++) {
        out->nspans[d] = 1;
        out->span[d][0].open_min = 0;
        out->span[d][0].close_min = 1440;
    }
}

int saha_hours_is_open(const saha_hours *h, int weekday, int minute)
{
    if (!h || weekday < 0 || weekday > 6 || minute < 0 || minute > 1439)
        return 0;
    for (int k = 0; k < h->nspans[weekday] && k < SAHA_HOURS_MAX_SPANS; k++)
        if (minute >= h->span[weekday][k].open_min &&
            minute < h->span[weekday][k].close_min)
            return 1;
    return 0;
}

static int same_day(const saha_hours *h, int a, int b)
{
    if (h->nspans[a] != h->nspans[b])
        return 0;
    for (int k = 0; k < h->nspans[a] && k < SAHA_HOURS_MAX_SPANS; k++)
        if (h->span[a][k].open_min != h->span[b][k].open_min ||
            h->span[a][k].close_min != h->span[b][k].close_min)
            return 0;
    return 1;
}

/* Appends to dst; returns -1 when full. */
static int put(char *dst, size_t cap, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > cap)
        return -1;
    memcpy(dst + *len, s, n + 1);
    *len += n;
    return 0;
}

/* The "; PH ..." rule after the weekdays; returns the length or -1. */
static int format_ph(const saha_hours *h, char *dst, size_t cap, size_t *len)
{
    char tmp[32];
    if (!h->has_ph)
        return (int)*len;
    if (h->ph_nspans > SAHA_HOURS_MAX_SPANS ||
        put(dst, cap, len, h->ph_nspans ? "; PH" : "; PH off") < 0)
        return -1;
    for (int k = 0; k < h->ph_nspans; k++) {
        int a = h->ph_span[k].open_min, b = h->ph_span[k].close_min;
        if (a < 0 || b > 1440 || a >= b)
            return -1;
        snprintf(tmp, sizeof tmp, "%s%02d:%02d-%02d:%02d", k ? "," : " ", a / 60, a % 60,
                 b / 60, b % 60);
        if (put(dst, cap, len, tmp) < 0)
            return -1;
    }
    return (int)*len;
}

int saha_hours_format(const saha_hours *h, char *dst, size_t cap)
{
    size_t len = 0;
    int done[7] = {0}, any_open = 0, all_day = 1;
    char tmp[32];

    if (!h || !dst || cap == 0)
        return -1;
    dst[0] = '\0';
    for (int d = 0; d < 7; d++) {
        if (h->nspans[d] > SAHA_HOURS_MAX_SPANS)
            return -1;
        if (h->nspans[d])
            any_open = 1;
        if (!(h->nspans[d] == 1 && h->span[d][0].open_min == 0 &&
              h->span[d][0].close_min == 1440))
            all_day = 0;
    }
    if (all_day || !any_open) {
        if (put(dst, cap, &len, all_day ? "24/7" : "off") < 0)
            return -1;
        return format_ph(h, dst, cap, &len);
    }
    for (int d = 0; d < 7; d++) {
        int first = 1;
        if (done[d] || h->nspans[d] == 0)
            continue;
        if (len && put(dst, cap, &len, "; ") < 0)
            return -1;
        /* every day with the same spans, as ranges of consecutive days */
        for (int e = d; e < 7;) {
            int f;
            if (done[e] || !same_day(h, d, e)) {
                e++;
                continue;
            }
            f = e;
            while (f + 1 < 7 && !done[f + 1] && same_day(h, d, f + 1))
                f++;
            if (!first && put(dst, cap, &len, ",") < 0)
                return -1;
            first = 0;
            if (put(dst, cap, &len, day_names[e]) < 0)
                return -1;
            if (f > e &&
                (put(dst, cap, &len, "-") < 0 || put(dst, cap, &len, day_names[f]) < 0))
                return -1;
            for (int k = e; k <= f; k++)
                done[k] = 1;
            e = f + 1;
        }
        for (int k = 0; k < h->nspans[d]; k++) {
            int a = h->span[d][k].open_min, b = h->span[d][k].close_min;
            if (a < 0 || b > 1440 || a >= b)
                return -1;
            snprintf(tmp, sizeof tmp, "%s%02d:%02d-%02d:%02d", k ? "," : " ", a / 60,
                     a % 60, b / 60, b % 60);
            if (put(dst, cap, &len, tmp) < 0)
                return -1;
        }
    }
    return format_ph(h, dst, cap, &len);
}

/* ---- dates ------------------------------------------------------------------------ */

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (!is_digit(s[k]))
            return -1;
        v = v * 10 + (s[k] - '0');
    }
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

/* "D.M.YYYY[ HH:MM[:SS]]" (day and month of one or two digits, as Turkish and German
 * spreadsheets write dates) rewritten as ISO into iso; 0 done, -1 not that shape. */
static int dotted_to_iso(const char *text, char *iso, size_t cap)
{
    int d = 0, m = 0, y = 0;
    size_t i = 0, k;
    for (k = 0; k < 2 && is_digit(text[i]); k++)
        d = d * 10 + (text[i++] - '0');
    if (k == 0 || text[i++] != '.')
        return -1;
    for (k = 0; k < 2 && is_digit(text[i]); k++)
        m = m * 10 + (text[i++] - '0');
    if (k == 0 || text[i++] != '.')
        return -1;
    for (k = 0; k < 4 && is_digit(text[i]); k++)
        y = y * 10 + (text[i++] - '0');
    if (k != 4 || (text[i] != '\0' && text[i] != ' '))
        return -1;
    k = (size_t)snprintf(iso, cap, "%04d-%02d-%02d%s", y, m, d, text + i);
    return k < cap ? 0 : -1;
}

saha_status saha_datetime_parse(const char *text, saha_datetime *out)
{
    saha_datetime t;
    size_t n;
    int sec = 0, year = 0, month = 0, day = 0, hour = 0, minute = 0;
    char iso[48];

    if (!text || !out)
        return SAHA_EINVAL;
    if (strlen(text) < 40 && dotted_to_iso(text, iso, sizeof iso) == 0)
        text = iso;
    n = strlen(text);
    memset(&t, 0, sizeof t);
    if (n < 10 || text[4] != '-' || text[7] != '-' || digits(text, 4, &year) < 0 ||
        digits(text + 5, 2, &month) < 0 || digits(text + 8, 2, &day) < 0)
        return SAHA_EINVAL;
    if (year < 1 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month))
        return SAHA_EINVAL;
    if (n > 10) {
        if (text[10] != 'T' && text[10] != ' ')
            return SAHA_EINVAL;
        if ((n != 16 && n != 19) || text[13] != ':' || digits(text + 11, 2, &hour) < 0 ||
            digits(text + 14, 2, &minute) < 0)
            return SAHA_EINVAL;
        if (n == 19 && (text[16] != ':' || digits(text + 17, 2, &sec) < 0 || sec > 59))
            return SAHA_EINVAL;
        if (hour > 23 || minute > 59)
            return SAHA_EINVAL;
    }
    /* every part is in range now, so it fits the packed fields */
    t.year = (int16_t)year;
    t.month = (uint8_t)month;
    t.day = (uint8_t)day;
    t.hour = (uint8_t)hour;
    t.minute = (uint8_t)minute;
    *out = t;
    return SAHA_OK;
}
