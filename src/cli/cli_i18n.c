/* The command's language: gettext catalogues (src/cli/po/<lang>.po, compiled by the build
 * into <localedir>/<lang>/LC_MESSAGES/saha.mo) chosen by LANGUAGE/LC_ALL/LC_MESSAGES/LANG
 * or by `saha --lang LANG`. English (the msgids) stays the default.
 *
 * The locale is taken from the environment as a whole (setlocale(LC_ALL, "")) so that
 * messages, and their character set, follow the user; then LC_NUMERIC is pinned back to
 * "C": the library's writers print coordinates and amounts into CSV, JSON, GPX, KML and
 * the report's scripts with printf, and those must keep a '.' decimal point whatever the
 * user's locale (in tr_TR it is ','). Parsing does not depend on it either
 * (saha__parse_double reads numbers in the C locale through uselocale). Case-insensitive
 * compares of keywords are ASCII (saha__strcasecmp, cli_ascii_casecmp): in tr_TR.UTF-8
 * glibc's strcasecmp("id", "ID") is not 0 (I folds to dotless ı). */
#include <libintl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

#ifndef SAHA_LOCALEDIR
#define SAHA_LOCALEDIR "/usr/local/share/locale"
#endif

/* a language code as LANGUAGE takes it: ll or ll_CC (letters only) */
static int lang_ok(const char *s)
{
    size_t n = strlen(s);
    if (n != 2 && n != 3 && n != 5)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (i == 2 && n == 5) {
            if (c != '_')
                return 0;
        } else if (i > 2 && n == 5) {
            if (c < 'A' || c > 'Z')
                return 0;
        } else if (c < 'a' || c > 'z') {
            return 0;
        }
    }
    return 1;
}

/* The catalogues' folder: $SAHA_LOCALEDIR; else beside the binary: <dir>/locale (a build
 * tree: build/saha, build/locale/) or <dir>/../share/locale (an install, wherever its
 * prefix was moved); else the folder of the configured prefix. */
static const char *locale_dir(char *buf, size_t cap)
{
    static const char *const rel[] = {"/locale", "/../share/locale"};
    const char *env = getenv("SAHA_LOCALEDIR");
    char exe[4096];
    ssize_t n;
    char *slash;

    if (env && *env)
        return env;
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return SAHA_LOCALEDIR;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (!slash)
        return SAHA_LOCALEDIR;
    *slash = '\0';
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        struct stat st;
        int k = snprintf(buf, cap, "%s%s", exe, rel[i]);
        if (k > 0 && (size_t)k < cap && stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
            return buf;
    }
    return SAHA_LOCALEDIR;
}

int cli_i18n_init(const char *lang)
{
    char buf[4200];
    const char *cur;
    int bad = lang && !lang_ok(lang);

    if (!setlocale(LC_ALL, "")) {
        /* a LANG naming a locale that is not generated: keep what can be kept */
        setlocale(LC_MESSAGES, "");
        setlocale(LC_CTYPE, "");
    }
    setlocale(LC_NUMERIC, "C");
    if (lang && !bad) {
        /* glibc ignores LANGUAGE while LC_MESSAGES is "C"; C.UTF-8 is always there, and
         * in the C locale's ASCII glibc's own messages (strerror) lose their letters */
        cur = setlocale(LC_MESSAGES, NULL);
        if (!cur || !strcmp(cur, "C") || !strcmp(cur, "POSIX"))
            setlocale(LC_MESSAGES, "C.UTF-8");
        cur = setlocale(LC_CTYPE, NULL);
        if (!cur || !strcmp(cur, "C") || !strcmp(cur, "POSIX"))
            setlocale(LC_CTYPE, "C.UTF-8");
        setenv("LANGUAGE", lang, 1);
    }
    bindtextdomain("saha", locale_dir(buf, sizeof buf));
    /* the catalogues are UTF-8 and so are saha's inputs and outputs: no conversion to
     * the locale's charset (a C locale would turn every ç into '?') */
    bind_textdomain_codeset("saha", "UTF-8");
    textdomain("saha");
    return bad ? -1 : 0;
}

int cli_ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca += 'a' - 'A';
        if (cb >= 'A' && cb <= 'Z')
            cb += 'a' - 'A';
        if (ca != cb || !ca)
            return ca - cb;
    }
}

const char *cli_pgettext(const char *ctx_and_msgid, const char *msgid)
{
    const char *t = gettext(ctx_and_msgid);
    return t == ctx_and_msgid ? msgid : t;
}

const char *cli_lang(void)
{
    /* TRANSLATORS: the language code of this catalogue (tr, de, ...): the reports'
     * numbers and dates follow it (1.234,5 and "2 Aralık 2026 Çarşamba" for tr) */
    return saha_format_lang(C_("language code", "en"));
}

void cli_format_decimal(char *dst, size_t cap, double v, int decimals, int group)
{
    if (saha_format_number(dst, cap, v, decimals, group, cli_lang()) < 0 && cap > 0)
        snprintf(dst, cap, "?");
}

int cli_summary_dates_long(void)
{
    /* TRANSLATORS: how the summary writes a day: "numeric" (2026-12-02, or 02.12.2026
     * as your language writes numeric dates) or "long" (2 Aralık 2026 Çarşamba) */
    return strcmp(C_("summary date style", "numeric"), "long") == 0;
}

void cli_format_day(char *dst, size_t cap, saha_datetime date, int long_form)
{
    if (saha_format_date(dst, cap, date, long_form ? SAHA_DATE_LONG : SAHA_DATE_NUMERIC,
                         cli_lang()) < 0 &&
        cap > 0)
        snprintf(dst, cap, "%04d-%02d-%02d", date.year % 10000, date.month % 100,
                 date.day % 100);
}

/* saha_translate_fn over the "saha" catalogue: the library's report texts are msgids of
 * src/cli/po/ too (xgettext reads L_ and LN_ in src/export*.c) */
static const char *translate(const char *msgid, const char *msgid_plural, unsigned long n,
                             void *payload)
{
    (void)payload;
    return msgid_plural ? ngettext(msgid, msgid_plural, n) : gettext(msgid);
}

void cli_export_language(saha_export_options *eo)
{
    eo->lang = cli_lang();
    eo->translate = translate;
    eo->translate_payload = NULL;
}

const char *cli_detail(char *buf, size_t cap, const saha_detail *d, const char *english)
{
    saha_export_options eo;
    if (!english)
        english = "";
    if (!d || d->code == SAHA_DETAIL_NONE ||
        saha_export_options_init(&eo, SAHA_EXPORT_OPTIONS_VERSION) != SAHA_OK)
        return english;
    cli_export_language(&eo);
    return saha_export_detail_text(buf, cap, NULL, d, &eo) == SAHA_OK ? buf : english;
}
