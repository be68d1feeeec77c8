/* saha plan: plan a rep's week (which accounts, which day, which order) and export it.
 * Also holds the planning run shared with `saha demo` (cmd_plan.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd_plan.h"
#include "saha/basemap.h"
#include "saha/export.h"
#include "saha/geocode.h"

typedef cli_plan_export_fn plan_export_fn;

/* --cadence-report: the library's writer with the exporters' signature. */
static saha_status cadence_report(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                                  const saha_account_set *accounts,
                                  const saha_export_options *opts)
{
    (void)opts;
    return saha_plan_cadence_csv(f, ctx, it, accounts);
}

/* The exporters: one row per output option. Adding a format is one line here. */
typedef struct plan_exporter {
    const char *option;
    const char *help;
    plan_export_fn fn;
} plan_exporter;

static const plan_exporter exporters[] = {
    {"--gpx", N_("GPX 1.1: a waypoint per visit, a route per day"), saha_export_gpx},
    {"--csv", N_("itinerary CSV, one row per visit"), saha_export_csv},
    {"--unvisited", N_("CSV of the accounts left out, with reason and detail"),
     saha_export_unvisited_csv},
    {"--geojson", N_("GeoJSON: a line per day, a point per visit"), saha_export_geojson},
    {"--ics", N_("iCalendar: an event per visit (calendar apps)"), saha_export_ics},
    {"--html", N_("HTML report with map, day tables and totals (offline)"),
     saha_export_html},
    {"--kml", N_("KML: a folder per day (Google Earth, My Maps)"), saha_export_kml},
    {"--xlsx", N_("Excel workbook: a sheet per day, the call list, a summary"),
     saha_export_xlsx},
    {"--changes", N_("CSV of what a re-plan changed: account, status, from, to, reason"),
     saha_export_changes_csv},
    {"--cadence-report",
     N_("with --weeks, CSV per account: visits owed, planned, on time, gaps"),
     cadence_report},
};
#define NEXPORTERS (sizeof exporters / sizeof exporters[0])

size_t cli_plan_exporter_count(void)
{
    return NEXPORTERS;
}

const char *cli_plan_exporter_option(size_t i)
{
    return i < NEXPORTERS ? exporters[i].option : NULL;
}

cli_plan_export_fn cli_plan_exporter_fn(size_t i)
{
    return i < NEXPORTERS ? exporters[i].fn : NULL;
}

int cli_plan_exporter_find(const char *option)
{
    for (size_t i = 0; i < NEXPORTERS && i < CLI_PLAN_MAX_EXPORTS; i++)
        if (!strcmp(exporters[i].option, option))
            return (int)i;
    return -1;
}

int cli_tz_offset_min(const char *tz, saha_datetime d, int fallback)
{
    char zonefile[512], *saved;
    struct tm tm;
    time_t t;
    int off = fallback, n;

    if (!tz || !tz[0] || strstr(tz, ".."))
        return fallback;
    /* tzset() silently falls back to UTC for an unknown name: check the database. */
    n = snprintf(zonefile, sizeof zonefile, "/usr/share/zoneinfo/%s", tz);
    if (n < 0 || (size_t)n >= sizeof zonefile || access(zonefile, R_OK) != 0) {
        cli_warnf("time zone '%s' not found in the system's database; using UTC%+d:%02d",
                  tz, fallback / 60, abs(fallback % 60));
        return fallback;
    }
    saved = cli_tz_push(tz);
    memset(&tm, 0, sizeof tm);
    tm.tm_year = d.year - 1900;
    tm.tm_mon = d.month - 1;
    tm.tm_mday = d.day;
    tm.tm_hour = 12;
    tm.tm_isdst = -1;
    t = mktime(&tm);
    if (t != (time_t)-1)
        off = (int)(tm.tm_gmtoff / 60);
    cli_tz_pop(saved);
    return off;
}

saha_datetime cli_plan_next_monday(void)
{
    saha_datetime d = {0, 0, 0, 0, 0};
    time_t now = time(NULL);
    struct tm tm;
    int add;
    localtime_r(&now, &tm);
    /* tm_wday: 0 = Sunday; days to the next Monday strictly after today */
    add = (8 - tm.tm_wday) % 7;
    if (add == 0)
        add = 7;
    tm.tm_mday += add;
    tm.tm_hour = 12;
    mktime(&tm);
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    return d;
}

/* The weekday's two letters in the language (Monday = 0). */
static const char *wd_name(int weekday)
{
    const char *const t[7] = {C_("weekday", "Mo"), C_("weekday", "Tu"),
                              C_("weekday", "We"), C_("weekday", "Th"),
                              C_("weekday", "Fr"), C_("weekday", "Sa"),
                              C_("weekday", "Su")};
    return t[weekday % 7];
}

/* s padded with spaces to width characters (UTF-8: "gün" is 3 wide, 4 bytes), on the
 * left when right_align. */
static const char *pad(char *dst, size_t cap, const char *s, int width, int right_align)
{
    int chars = 0;
    size_t n = strlen(s), o = 0;
    for (size_t i = 0; i < n; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    if (n + (size_t)(width > chars ? width - chars : 0) + 1 > cap)
        return s;
    if (right_align)
        for (; chars < width; chars++)
            dst[o++] = ' ';
    memcpy(dst + o, s, n);
    o += n;
    for (; chars < width; chars++)
        dst[o++] = ' ';
    dst[o] = '\0';
    return dst;
}

#ifndef SAHA_SOURCE_DIR
#define SAHA_SOURCE_DIR "."
#endif
#define LEAFLET_DIR "/usr/share/javascript/leaflet"
#define BASEMAP_REL "basemap/marmara-aegean.geojson"

int cli_plan_html_option(cli_plan_job *job, const char *cmd, int argc, char **argv,
                         int *i)
{
    const char *v;
    int err = 0;
    if ((v = cli_opt_value(argc, argv, i, "--basemap", &err))) {
        job->basemap_path = v;
    } else if (!err && (v = cli_opt_value(argc, argv, i, "--leaflet", &err))) {
        job->leaflet_dir = v;
    } else if (!err && (v = cli_opt_value(argc, argv, i, "--tiles", &err))) {
        if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0) {
            cli_usage_error(cmd, "--tiles: expected an http(s) URL template, got '%s'",
                            v);
            return -1;
        }
        if (!strstr(v, "{z}") || !strstr(v, "{x}") || !strstr(v, "{y}")) {
            cli_usage_error(cmd, "--tiles: the URL needs {z}, {x} and {y}, got '%s'", v);
            return -1;
        }
        job->tiles_url = v;
    } else if (!err && (v = cli_opt_value(argc, argv, i, "--tiles-attribution", &err))) {
        job->tiles_attribution = v;
    } else if (!err && (v = cli_opt_value(argc, argv, i, "--today", &err))) {
        if (saha_datetime_parse(v, &job->today) != 0 || strlen(v) != 10) {
            cli_usage_error(cmd, "--today: expected YYYY-MM-DD, got '%s'", v);
            return -1;
        }
    } else if (err) {
        cli_usage_error(cmd, "%s needs a value", argv[*i]);
        return -1;
    } else {
        return 0;
    }
    return 1;
}

void cli_plan_html_usage(FILE *f)
{
    fprintf(
        f,
        _("HTML report (--html):\n"
          "  --today YYYY-MM-DD     the report's today: its day comes first when the\n"
          "                         week is under way (default: the clock's date)\n"
          "  --basemap FILE         land, lakes, borders and places for the maps and "
          "the\n"
          "                         open-water check of legs (GeoJSON, see README;\n"
          "                         default: the samples' maps/%s;\n"
          "                         none = no basemap)\n"
          "  --leaflet DIR          Leaflet's leaflet.js and leaflet.css, inlined for\n"
          "                         the interactive map (default %s,\n"
          "                         Debian libjs-leaflet; none = the SVG map only)\n"
          "  --tiles URL            online map tiles over the basemap, e.g.\n"
          "                         https://tile.openstreetmap.org/{z}/{x}/{y}.png\n"
          "                         (default none: the report makes no request)\n"
          "  --tiles-attribution T  text shown for the tiles (default \"(c) "
          "OpenStreetMap\n"
          "                         contributors\")\n"),
        BASEMAP_REL, LEAFLET_DIR);
}

/* The samples' basemap: installed beside bin/saha, else in the source tree. */
const char *cli_default_basemap(char *dst, size_t cap)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        char *slash;
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash) {
            int k;
            *slash = '\0';
            k = snprintf(dst, cap, "%s/../share/saha/maps/" BASEMAP_REL, exe);
            if (k > 0 && (size_t)k < cap && access(dst, R_OK) == 0)
                return dst;
        }
    }
    if (access(SAHA_SOURCE_DIR "/maps/" BASEMAP_REL, R_OK) == 0)
        return SAHA_SOURCE_DIR "/maps/" BASEMAP_REL;
    return NULL;
}

/* Reads DIR/NAME when readable: NULL (quietly) when it is not there. */
static char *read_optional(const char *dir, const char *name, int *rc)
{
    char path[4096];
    char *data = NULL;
    size_t len;
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof path || access(path, R_OK) != 0)
        return NULL;
    *rc = cli_read_input(path, &data, &len);
    if (*rc != CLI_OK)
        return NULL;
    if (strlen(data) != len) { /* a NUL byte: not a script */
        free(data);
        return NULL;
    }
    return data;
}

int cli_read_leaflet(const char *dir, int quiet, char **js, char **css)
{
    int e = CLI_OK;
    *js = *css = NULL;
    if (dir && !strcmp(dir, "none"))
        return CLI_OK;
    if (!dir)
        dir = LEAFLET_DIR;
    *js = read_optional(dir, "leaflet.min.js", &e);
    if (e == CLI_OK && !*js)
        *js = read_optional(dir, "leaflet.js", &e);
    if (e == CLI_OK)
        *css = read_optional(dir, "leaflet.css", &e);
    if (e != CLI_OK || !*js || !*css) {
        free(*js);
        free(*css);
        *js = *css = NULL;
        if (e != CLI_OK)
            return e;
        if (!quiet)
            cli_warnf("Leaflet not found in %s (Debian: apt-get install libjs-leaflet): "
                      "the HTML page has the static map only",
                      dir);
    }
    return CLI_OK;
}

void cli_read_markercluster(const char *dir, char **js, char **css)
{
    int e = CLI_OK;
    char *a = NULL, *b = NULL;
    *js = *css = NULL;
    if (dir && !strcmp(dir, "none"))
        return;
    if (!dir)
        dir = LEAFLET_DIR;
    *js = read_optional(dir, "leaflet.markercluster.min.js", &e);
    if (e == CLI_OK && !*js)
        *js = read_optional(dir, "leaflet.markercluster.js", &e);
    if (e == CLI_OK)
        a = read_optional(dir, "MarkerCluster.css", &e);
    if (e == CLI_OK)
        b = read_optional(dir, "MarkerCluster.Default.css", &e);
    if (*js && a && b) {
        size_t la = strlen(a), lb = strlen(b);
        *css = malloc(la + lb + 2);
        if (*css) {
            memcpy(*css, a, la);
            (*css)[la] = '\n';
            memcpy(*css + la + 1, b, lb + 1);
        }
    }
    free(a);
    free(b);
    if (!*css) {
        free(*js);
        *js = NULL;
    }
}

/* The clock's date at the rep's offset from UTC (the library never reads the clock). */
static saha_datetime today_at(int utc_offset_min)
{
    saha_datetime d = {0, 0, 0, 0, 0};
    time_t now = time(NULL) + (time_t)utc_offset_min * 60;
    struct tm tm;
    if (gmtime_r(&now, &tm)) {
        d.year = tm.tm_year + 1900;
        d.month = tm.tm_mon + 1;
        d.day = tm.tm_mday;
    }
    return d;
}

/* The legs whose straight line crosses open water, for the summary. */
static void print_water_legs(FILE *out, const saha_itinerary *it,
                             const saha_account_set *set, const saha_basemap *bm)
{
    saha_water_leg legs[64];
    size_t n = saha_export_water_legs(it, set, bm, legs, 64);
    if (n == 0)
        return;
    fprintf(out,
            ngettext("open water: %zu leg crosses water in a straight line (bridge or "
                     "ferry? the road model cannot tell):\n",
                     "open water: %zu legs cross water in a straight line (bridge or "
                     "ferry? the road model cannot tell):\n",
                     n),
            n);
    for (size_t k = 0; k < n && k < 64; k++) {
        const saha_plan_day *day = &it->days[legs[k].day];
        const char *from =
            legs[k].to_stop == 0
                ? "start"
                : saha_account_at(set, day->stops[legs[k].to_stop - 1].account)->id;
        const char *to =
            legs[k].to_stop == day->nstops
                ? "end"
                : saha_account_at(set, day->stops[legs[k].to_stop].account)->id;
        fprintf(out, _("  %s %04d-%02d-%02d %s -> %s: %.1f km of water\n"),
                wd_name(day->weekday), day->date.year, day->date.month, day->date.day,
                from, to, legs[k].water_m / 1000.0);
    }
    if (n > 64)
        fprintf(out, _("  ... and %zu more\n"), n - 64);
}

saha_status cli_plan_write_export(FILE *f, saha_ctx *ctx, void *payload)
{
    const cli_plan_export_job *p = payload;
    return p->fn(f, ctx, p->it, p->accounts, p->opts);
}

static void hm(char *dst, size_t cap, double s)
{
    long m = lround(s / 60.0);
    snprintf(dst, cap, "%ld:%02ld", m / 60, m % 60);
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
static int64_t cli_days_from_civil(saha_datetime d)
{
    int64_t y = d.year - (d.month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Quarter plans: owed visits kept, the weeks' hours, what the overload rule did. */
static void print_cadence(FILE *out, const saha_itinerary *it,
                          const saha_account_set *set, const saha_plan_options *o)
{
    size_t req = 0, planned = 0, on_time = 0, dropped = 0, nw = 0, shown = 0;
    double wk[60] = {0}, lo = 0, hi = 0, mean = 0;
    char a[32], b[32], c[32];
    int64_t day0;
    if (!o->cadence || it->ndays == 0)
        return;
    for (size_t i = 0; i < it->ncadence; i++) {
        const saha_plan_cadence *e = &it->cadence[i];
        req += e->required;
        planned += e->planned < e->required ? e->planned : e->required;
        on_time += e->on_time < e->required ? e->on_time : e->required;
        dropped += e->dropped;
    }
    {
        char pct[32]; /* in the language's notation: 95.8, tr 95,8 */
        cli_format_decimal(pct, sizeof pct,
                           req ? 100.0 * (double)on_time / (double)req : 100.0, 1, 0);
        fprintf(
            out,
            _("cadence: %zu accounts, %zu visits owed, %zu planned, %zu on time (%s%% "
              "of the owed, within tolerance)\n"),
            it->ncadence, req, planned, on_time, pct);
    }
    /* hours per week (work from leaving home to returning) */
    day0 = cli_days_from_civil(it->horizon_start);
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        size_t w = (size_t)((cli_days_from_civil(day->date) - day0) / 7);
        if (w < 60) {
            wk[w] += day->nstops ? day->return_s - day->leave_s : 0;
            if (w + 1 > nw)
                nw = w + 1;
        }
    }
    for (size_t w = 0; w < nw; w++) {
        mean += wk[w] / (double)nw;
        if (w == 0 || wk[w] < lo)
            lo = wk[w];
        if (w == 0 || wk[w] > hi)
            hi = wk[w];
    }
    if (nw > 1) {
        hm(a, sizeof a, lo);
        hm(b, sizeof b, hi);
        hm(c, sizeof c, mean);
        fprintf(out,
                _("weeks: %zu, hours a week %s to %s (mean %s, band %+.0f%%/%+.0f%%)\n"),
                nw, a, b, c, mean > 0 ? 100.0 * (lo - mean) / mean : 0.0,
                mean > 0 ? 100.0 * (hi - mean) / mean : 0.0);
    }
    if (it->stretch > 1.0)
        fprintf(out,
                _("overload: the owed visits need about %.0f h, the days have %.0f h: "
                  "intervals stretched by %.0f%%\n"),
                it->work_needed_s / 3600.0, it->work_avail_s / 3600.0,
                (it->stretch - 1.0) * 100.0);
    else if (dropped > 0) {
        fprintf(out,
                _("overload: the owed visits need about %.0f h, the days have %.0f h: "
                  "%zu visits dropped, least value per hour first\n"),
                it->work_needed_s / 3600.0, it->work_avail_s / 3600.0, dropped);
        for (size_t i = 0; i < it->ncadence; i++) {
            const saha_plan_cadence *e = &it->cadence[i];
            const saha_account *acc = saha_account_at(set, e->account);
            size_t nfull = 0;
            if (!e->dropped)
                continue;
            if (shown++ >= 20)
                continue;
            fprintf(out, _("  %s (%s) loses %zu of %zu visits (every %d days):"), acc->id,
                    acc->name, e->dropped, e->required, e->frequency_days);
            for (size_t k = 0; k < e->dropped && e->dropped_from; k++) {
                saha_datetime f = e->dropped_from[k], t = e->dropped_to[k];
                int64_t f0 = cli_days_from_civil(f), t0 = cli_days_from_civil(t);
                int worked = 0;
                for (size_t d = 0; d < it->ndays && !worked; d++) {
                    int64_t x = cli_days_from_civil(it->days[d].date);
                    worked = x >= f0 && x <= t0;
                }
                fprintf(out, "%s %04d-%02d-%02d", k ? "," : "", f.year, f.month, f.day);
                if (t0 > f0)
                    fprintf(out, "..%04d-%02d-%02d", t.year, t.month, t.day);
                if (!worked)
                    fprintf(out, _(" (no working day)"));
                else if (e->dropped_full && e->dropped_full[k])
                    fprintf(out, _(" (days full)"));
                nfull += e->dropped_full && e->dropped_full[k];
            }
            /* why: what an hour of the rep's work on these visits would earn, against
             * the least the kept visits earn */
            if (nfull == e->dropped)
                fprintf(out,
                        _("; kept by value, but no day of these windows had room\n"));
            else if (it->drop_kept_value_per_hour > 0)
                fprintf(out,
                        _("; at most %.0f %s an hour of work, the kept visits earn %.0f "
                          "or more\n"),
                        e->dropped_value_per_hour, it->currency ? it->currency : "",
                        it->drop_kept_value_per_hour);
            else
                fprintf(out, _("; at most %.0f %s an hour of work, the least valuable\n"),
                        e->dropped_value_per_hour, it->currency ? it->currency : "");
        }
        if (shown > 20)
            fprintf(out, _("  ... and %zu more (see --cadence-report)\n"), shown - 20);
    } else if (it->work_needed_s > it->work_avail_s)
        fprintf(
            out,
            _("overload: the owed visits need about %.0f h, the days have %.0f h: the "
              "least valuable are left out (--overload stretch|drop to choose)\n"),
            it->work_needed_s / 3600.0, it->work_avail_s / 3600.0);
}

/* A skip reason in the summary's "skipped" line: the name (saha_skip_reason_name) in
 * English, a short word in a translation. */
static const char *skip_word(saha_skip_reason r)
{
    switch (r) {
    case SAHA_SKIP_NO_COORDS:
        return C_("skip reason", "no_coords");
    case SAHA_SKIP_CLOSED:
        return C_("skip reason", "closed");
    case SAHA_SKIP_NO_TIME:
        return C_("skip reason", "no_time");
    case SAHA_SKIP_NOT_WORTH:
        return C_("skip reason", "not_worth");
    case SAHA_SKIP_DRIVE_LIMIT:
        return C_("skip reason", "drive_limit");
    case SAHA_SKIP_OUTSIDE_HORIZON:
        return C_("skip reason", "outside_horizon");
    case SAHA_SKIP_UNROUTABLE:
        return C_("skip reason", "unroutable");
    case SAHA_SKIP_NOT_CONSIDERED:
        return C_("skip reason", "not_considered");
    default:
        return saha_skip_reason_name(r);
    }
}

/* The header says what bounded the search: a fixed iteration budget (the numbers repeat
 * from run to run, so the header does too) or the seconds it took. */
static void print_summary(FILE *out, const saha_itinerary *it,
                          const saha_account_set *set, const char *objective,
                          const saha_plan_options *o, double seconds, const char *rejects)
{
    size_t counts[SAHA_SKIP_NOT_CONSIDERED + 1] = {0}, shown = 0;
    size_t visits = 0;
    char a[32], b[32], c[32], km[32], wd[64], dt[64];
    char day0[64] = "0000-00-00";
    int long_dates = cli_summary_dates_long();

    if (it->ndays)
        cli_format_day(day0, sizeof day0, it->days[0].date, long_dates);
    if (o->horizon_days > 7 && it->ndays) {
        char dlast[64];
        cli_format_day(dlast, sizeof dlast, it->days[it->ndays - 1].date, long_dates);
        /* TRANSLATORS: the first and last planned days (see "summary date style") */
        fprintf(out, _("Plan from %s to %s for %s (objective %s, "), day0, dlast,
                it->rep_name[0] ? it->rep_name : _("the rep"), objective);
    } else {
        /* TRANSLATORS: the first %s is the first day (see "summary date style") */
        fprintf(out, _("Week of %s for %s (objective %s, "), day0,
                it->rep_name[0] ? it->rep_name : _("the rep"), objective);
    }
    if (o->time_limit_s == 0 && o->iterations > 0) {
        cli_format_grouped(a, sizeof a, (double)o->iterations);
        fprintf(out, _("%s iterations, seed %llu)\n"), a, (unsigned long long)o->seed);
    } else {
        cli_format_decimal(a, sizeof a, seconds, 1, 0);
        fprintf(out, "%s s)\n", a);
    }
    if (o->time_limit_s > 0) {
        /* where the limit went and whether it stopped the search (issue #19, D7) */
        char l[32], d[32];
        cli_format_decimal(l, sizeof l, o->time_limit_s, 2, 0);
        cli_format_decimal(d, sizeof d, it->search_budget_s, 2, 0);
        cli_format_decimal(a, sizeof a, it->build_s, 2, 0);
        cli_format_decimal(b, sizeof b, it->search_s, 2, 0);
        cli_format_decimal(c, sizeof c, it->total_s, 2, 0);
        if (it->stopped_by_limit && it->search_budget_s <= 0.001)
            fprintf(out,
                    _("time limit %s s: the travel matrix and the model took %s s, so "
                      "the search stopped after its first solution and local search "
                      "(%s s); %s s in all\n"),
                    l, a, b, c);
        else if (it->stopped_by_limit)
            fprintf(out,
                    _("time limit %s s: travel matrix and model %s s, search %s s of "
                      "the %s s left, stopped by the limit; %s s in all\n"),
                    l, a, b, d, c);
        else
            fprintf(out,
                    _("time limit %s s: travel matrix and model %s s, search %s s of "
                      "the %s s left, ended on its iteration bound; %s s in all\n"),
                    l, a, b, d, c);
    }
    {
        char h[7][64];
        /* TRANSLATORS: the column heads of the summary's table of days */
        fprintf(out, "%s %s %s %s %s %s %s\n", pad(h[0], 64, _("day"), 3, 0),
                pad(h[1], 64, _("date"), 10, 0), pad(h[2], 64, _("visits"), 6, 1),
                pad(h[3], 64, "km", 8, 1), pad(h[4], 64, _("drive"), 7, 1),
                pad(h[5], 64, _("work"), 7, 1), pad(h[6], 64, _("value"), 14, 1));
    }
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        hm(a, sizeof a, day->drive_s);
        hm(b, sizeof b, day->nstops ? day->return_s - day->leave_s : 0);
        cli_format_grouped(c, sizeof c, day->value);
        cli_format_decimal(km, sizeof km, day->drive_m / 1000.0, 1, 0);
        cli_format_day(dt, sizeof dt, day->date, 0);
        fprintf(out, "%s %s %6zu %8s %7s %7s %10s %s\n",
                pad(wd, sizeof wd, wd_name(day->weekday), 3, 0), dt, day->nstops, km, a,
                b, c, it->currency);
        visits += day->nstops;
    }
    hm(a, sizeof a, it->drive_s);
    hm(b, sizeof b, it->work_s);
    cli_format_grouped(c, sizeof c, it->value_won);
    cli_format_decimal(km, sizeof km, it->drive_m / 1000.0, 1, 0);
    /* TRANSLATORS: the summary's last row, the totals of a plan longer than a week */
    fprintf(out, "%s %6zu %8s %7s %7s %10s %s\n",
            pad(wd, sizeof wd, o->horizon_days > 7 ? _("total") : _("week"), 14, 0),
            visits, km, a, b, c, it->currency);
    if (it->ndays > 1) {
        double lo = 0, hi = 0;
        for (size_t d = 0; d < it->ndays; d++) {
            const saha_plan_day *day = &it->days[d];
            double w = day->nstops ? day->return_s - day->leave_s : 0;
            if (d == 0 || w < lo)
                lo = w;
            if (d == 0 || w > hi)
                hi = w;
        }
        hm(a, sizeof a, lo);
        hm(b, sizeof b, hi);
        hm(c, sizeof c, hi - lo);
        fprintf(out, _("work per day: shortest %s, longest %s, spread %s\n"), a, b, c);
    }
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        const saha_account *h;
        if (day->end_hotel == SIZE_MAX || day->end_hotel >= saha_account_count(set))
            continue;
        h = saha_account_at(set, day->end_hotel);
        if (long_dates) {
            cli_format_day(dt, sizeof dt, day->date, 1);
        } else {
            char iso[32];
            cli_format_day(iso, sizeof iso, day->date, 0);
            snprintf(dt, sizeof dt, "%s %s", wd_name(day->weekday), iso);
        }
        /* TRANSLATORS: the first %s is the day (see "summary date style") */
        fprintf(out, _("night after %s: hotel near %s (%s%s%s)\n"), dt, h->id, h->name,
                h->city[0] ? ", " : "", h->city);
    }
    cli_format_grouped(a, sizeof a, it->value_won);
    cli_format_grouped(b, sizeof b, it->value_left);
    cli_format_grouped(c, sizeof c, it->travel_cost);
    fprintf(out, _("value won %s %s, value left %s %s, travel cost %s %s"), a,
            it->currency, b, it->currency, c, it->currency);
    if (it->nights > 0) {
        cli_format_grouped(c, sizeof c, it->hotel_cost);
        fprintf(out,
                ngettext(", hotels %s %s (%zu night)", ", hotels %s %s (%zu nights)",
                         it->nights),
                c, it->currency, it->nights);
    }
    fprintf(out, "\n");
    for (size_t i = 0; i < it->nskipped; i++)
        if ((size_t)it->skipped[i].reason <= SAHA_SKIP_UNROUTABLE ||
            it->skipped[i].reason == SAHA_SKIP_NOT_CONSIDERED)
            counts[it->skipped[i].reason]++;
    fprintf(out, _("skipped %zu:"), it->nskipped);
    /* done and cancelled stay 0 here (the re-plan lists them) */
    for (int r = SAHA_SKIP_NO_COORDS; r <= SAHA_SKIP_NOT_CONSIDERED; r++)
        if (counts[r])
            fprintf(out, " %s %zu", skip_word((saha_skip_reason)r), counts[r]);
    fprintf(out, "\n");
    /* accounts off the road network are named: their coordinates need a look */
    for (size_t i = 0; i < it->nskipped; i++) {
        const saha_plan_skip *sk = &it->skipped[i];
        const saha_account *acc = saha_account_at(set, sk->account);
        char said[512];
        if (sk->reason != SAHA_SKIP_UNROUTABLE)
            continue;
        if (shown++ < 10)
            fprintf(out, _("unroutable %s (%s): %s\n"), acc->id, acc->name,
                    cli_detail(said, sizeof said, &sk->why, sk->detail));
    }
    if (shown > 10)
        fprintf(out, _("... and %zu more unroutable (see --unvisited)\n"), shown - 10);
    if (it->legs_estimated > 0)
        fprintf(out,
                _("travel: %zu of %zu legs are estimates of the offline road model "
                  "(straight line x circuity); for road times plan with --provider osrm "
                  "--osrm-url URL or --provider file --matrix FILE, or fit the model to "
                  "your roads with 'saha calibrate'\n"),
                it->legs_estimated, it->legs);
    {
        /* every valid account is visited (repeat visits: cadence) or skipped */
        size_t planned = saha_account_count(set) - it->nskipped;
        char more[48] = "";
        if (visits != planned)
            snprintf(more, sizeof more, _(" (%zu visits)"), visits);
        fprintf(out, _("rows: %zu read = %zu planned%s + %zu skipped + %zu rejected"),
                saha_account_rows_read(set), planned, more, it->nskipped,
                saha_account_rejected_count(set));
        /* the last line says where the rejected rows are listed */
        if (saha_account_rejected_count(set) > 0 && rejects)
            fprintf(out, _(" (listed in %s)\n"), rejects);
        else if (saha_account_rejected_count(set) > 0)
            fprintf(out, _(" (reasons above; --rejects FILE lists them)\n"));
        else
            fprintf(out, "\n");
    }
}

static const char *objective_name(saha_objective o)
{
    switch (o) {
    case SAHA_OBJECTIVE_VALUE:
        return "value";
    case SAHA_OBJECTIVE_COST:
        return "cost";
    case SAHA_OBJECTIVE_PROFIT:
    default:
        return "profit";
    }
}

/* Fills missing coordinates from a geocode cache without sending any request (the
 * demo's sample ships its cache). Rows the cache cannot answer stay without coordinates
 * and are reported by the plan as no_coords. */
static int geocode_offline(saha_ctx *ctx, saha_account_set *set, const char *cache,
                           int quiet)
{
    saha_geocoder_options go;
    saha_geocode_accounts_options o;
    saha_geocode_stats st;
    saha_geocoder *g = NULL;
    int rc = CLI_OK;
    (void)saha_geocoder_options_init(&go, SAHA_GEOCODER_OPTIONS_VERSION);
    (void)saha_geocode_accounts_options_init(&o, SAHA_GEOCODE_ACCOUNTS_OPTIONS_VERSION);

    go.cache_path = cache;
    go.offline = 1;
    if (saha_geocoder_create(&g, ctx, &go) != SAHA_OK)
        return cli_report(ctx);
    if (saha_geocode_accounts(g, set, &o, &st) != SAHA_OK)
        rc = cli_report(ctx);
    else if (!quiet)
        fprintf(
            stderr,
            _("saha: geocoded %zu of %zu accounts without coordinates from %s (offline, "
              "0 requests)\n"),
            st.ok + st.cached, st.considered, cache);
    saha_geocoder_free(g);
    return rc;
}

int cli_roads_open(saha_ctx *ctx, const saha_matrix_options *m, const char *route_cache,
                   saha_roads **out)
{
    saha_roads_options ro;
    *out = NULL;
    (void)saha_roads_options_init(&ro, SAHA_ROADS_OPTIONS_VERSION);
    ro.osrm_url = m->osrm_url;
    ro.http = m->http;
    ro.cache_path = route_cache;
    if (saha_roads_create(out, ctx, &ro) != SAHA_OK)
        return cli_report(ctx);
    return CLI_OK;
}

/* The road shapes' client (and route cache), opened before planning so that a bad
 * --route-cache stops the run at once. *out stays NULL without --provider osrm, with
 * --no-roads, or when no map (GPX, GeoJSON, KML, HTML) is written. */
static int open_roads(saha_ctx *ctx, const cli_plan_job *job, saha_roads **out)
{
    static const char *const maps[] = {"--gpx", "--geojson", "--kml", "--html"};
    int want = 0;

    *out = NULL;
    for (size_t k = 0; k < sizeof maps / sizeof maps[0]; k++)
        if (job->out[cli_plan_exporter_find(maps[k])])
            want = 1;
    if (!want || job->no_roads || job->opts.matrix.provider != SAHA_MATRIX_OSRM)
        return CLI_OK;
    return cli_roads_open(ctx, &job->opts.matrix, job->route_cache, out);
}

int cli_roads_fetch(saha_ctx *ctx, const saha_itinerary *it, const saha_account_set *set,
                    saha_roads *roads, int quiet, const char *who)
{
    saha_latlon *pts = NULL;
    size_t cap = 0, failed = 0, days = 0;
    int rc = CLI_OK;

    if (!roads)
        return CLI_OK;
    for (size_t d = 0; d < it->ndays && rc == CLI_OK; d++) {
        const saha_plan_day *day = &it->days[d];
        saha_status st;
        if (day->nstops == 0)
            continue;
        if (day->nstops + 2 > cap) {
            saha_latlon *g = realloc(pts, (day->nstops + 2) * sizeof *pts);
            if (!g) {
                cli_errorf("out of memory");
                rc = CLI_FAIL;
                break;
            }
            pts = g;
            cap = day->nstops + 2;
        }
        pts[0] = day->start_pos;
        for (size_t i = 0; i < day->nstops; i++) {
            const saha_account *a = saha_account_at(set, day->stops[i].account);
            pts[i + 1] = (saha_latlon){a->lat_deg, a->lon_deg};
        }
        pts[day->nstops + 1] = day->end_pos;
        days++;
        st = saha_roads_fetch(roads, d, pts, day->nstops + 2);
        if (st == SAHA_ENOMEM || st == SAHA_EIO || st == SAHA_ECANCEL) {
            rc = cli_report(ctx);
        } else if (st != SAHA_OK) {
            failed++;
            if (!quiet)
                cli_warnf(
                    "%s%s%s %04d-%02d-%02d: no road shape (%s); the maps draw it in "
                    "straight legs",
                    who ? who : "", who ? ": " : "", wd_name(day->weekday),
                    day->date.year, day->date.month, day->date.day,
                    saha_ctx_last_error(ctx)->message);
        }
    }
    free(pts);
    if (rc == CLI_OK && !quiet && days > 0)
        fprintf(stderr, "%s%s", who ? who : "", who ? ": " : "");
    if (rc == CLI_OK && !quiet && days > 0)
        fprintf(stderr,
                _("road shapes: %zu of %zu day(s) from OSRM (%zu request(s), %zu "
                  "from the route cache)\n"),
                days - failed, days, saha_roads_requests(roads),
                saha_roads_cache_hits(roads));
    return rc;
}

/* Progress of the OSRM requests; ends its line when the last one is in. */
static int osrm_progress_cb(size_t done, size_t total, void *payload)
{
    int stop = cli_progress_cb(done, total, payload);
    if (done == total)
        cli_progress_end(payload);
    return stop;
}

/* --tiers: a suggested cadence for the accounts without one, used by the plan and, with
 * --write-accounts, written back as the columns tier and suggested_frequency_days. */
static int apply_tiers(saha_ctx *ctx, saha_account_set *set, cli_plan_job *job,
                       int **freq_out)
{
    size_t na = saha_account_count(set);
    int *freq = calloc(na + 1, sizeof *freq);
    char *tier = calloc(na + 1, 1);
    int rc = CLI_OK;
    if (!freq || !tier) {
        free(freq);
        free(tier);
        cli_errorf("out of memory");
        return CLI_FAIL;
    }
    if (saha_plan_suggest_cadence(ctx, set, job->tiers, freq, tier) != SAHA_OK) {
        free(freq);
        free(tier);
        cli_report(ctx);
        return CLI_USAGE;
    }
    for (size_t i = 0; i < na && job->write_accounts; i++) {
        char t[2] = {tier[i], '\0'}, d[16];
        snprintf(d, sizeof d, "%d", freq[i]);
        if (saha_account_update_extra(set, i, "tier", tier[i] ? t : "") != SAHA_OK ||
            saha_account_update_extra(set, i, "suggested_frequency_days",
                                      freq[i] ? d : "") != SAHA_OK) {
            rc = cli_report(ctx);
            break;
        }
    }
    if (rc == CLI_OK && job->write_accounts) {
        const char *inputs[] = {job->accounts_path, job->rep_path, NULL};
        cli_output o = {job->write_accounts, cli_account_write, set};
        rc = cli_write_outputs(ctx, &o, 1, inputs);
    }
    free(tier);
    if (rc != CLI_OK) {
        free(freq);
        return rc;
    }
    job->opts.frequency_days = freq;
    *freq_out = freq;
    return CLI_OK;
}

int cli_plan_run(cli_plan_job *job)
{
    saha_ctx *ctx = NULL;
    saha_geo *geo = NULL;
    saha_account_set *set = NULL;
    saha_plan *plan = NULL;
    saha_basemap *basemap = NULL;
    saha_roads *roads = NULL;
    char *leaflet_js = NULL, *leaflet_css = NULL, *cluster_js = NULL, *cluster_css = NULL;
    saha_rep rep;
    cli_progress prog, osrm_prog;
    double best_so_far = NAN;
    int *tier_freq = NULL;
    int rc = CLI_OK, to_stdout = 0;
    double t0;
    saha_status st;

    {
        /* every output checked against the inputs and each other before any work */
        const char *inputs[] = {job->accounts_path, job->rep_path, job->geocode_cache,
                                job->opts.matrix.file_path, NULL};
        const char *outs[NEXPORTERS + 2];
        if (!inputs[2]) {
            inputs[2] = inputs[3];
            inputs[3] = NULL;
        }
        memcpy(outs, job->out, sizeof(const char *) * NEXPORTERS);
        outs[NEXPORTERS] = job->rejects;
        /* the route cache is written to: never an input nor another output */
        outs[NEXPORTERS + 1] = job->route_cache;
        rc = cli_check_outputs(outs, NEXPORTERS + 2, inputs);
        if (rc != CLI_OK)
            return rc;
    }
    ctx = cli_ctx_create(0, job->seed);
    if (!ctx)
        return CLI_FAIL;
    if (saha_geo_create(&geo, ctx) != SAHA_OK) {
        cli_report(ctx);
        rc = CLI_FAIL;
        goto done;
    }
    /* The rep first: a bad rep file is reported before any account is read. */
    if (saha_rep_load(&rep, ctx, job->rep_path) != SAHA_OK) {
        rc = cli_report_input(ctx);
        goto done;
    }
    job->load.geo = geo;
    job->load.crs = job->crs;
    set = cli_load_accounts(ctx, job->accounts_path, &job->load, job->quiet, &rc);
    if (!set)
        goto done;
    rc = cli_refuse_home_id(set);
    if (rc != CLI_OK)
        goto done;
    if (job->rejects) {
        const char *inputs[] = {job->accounts_path, job->rep_path, NULL};
        rc = cli_write_rejects(ctx, set, job->rejects, inputs);
        if (rc != CLI_OK)
            goto done;
    }
    rc = cli_check_required_rejects(set, job->keep_going);
    if (rc != CLI_OK)
        goto done;
    if (job->geocode_cache && saha_account_missing_coords_count(set) > 0) {
        rc = geocode_offline(ctx, set, job->geocode_cache, job->quiet);
        if (rc != CLI_OK)
            goto done;
    }
    rc = cli_replan_prepare(ctx, set, &rep, job);
    if (rc != CLI_OK)
        goto done;
    if (job->tiers) {
        rc = apply_tiers(ctx, set, job, &tier_freq);
        if (rc != CLI_OK)
            goto done;
    }
    for (size_t i = 0; i < NEXPORTERS; i++)
        if (job->out[i] && !strcmp(job->out[i], "-"))
            to_stdout++;
    if (to_stdout > 1) {
        cli_errorf("only one output can go to standard output");
        rc = CLI_USAGE;
        goto done;
    }
    {
        char buf[4096];
        const char *bp =
            job->basemap_path ? job->basemap_path : cli_default_basemap(buf, sizeof buf);
        if (bp && strcmp(bp, "none") != 0 &&
            saha_basemap_load(&basemap, ctx, bp) != SAHA_OK) {
            rc = cli_report(ctx);
            goto done;
        }
    }
    if (job->out[cli_plan_exporter_find("--html")]) {
        rc = cli_read_leaflet(job->leaflet_dir, job->quiet, &leaflet_js, &leaflet_css);
        if (rc != CLI_OK)
            goto done;
        if (leaflet_js)
            cli_read_markercluster(job->leaflet_dir, &cluster_js, &cluster_css);
    }
    rc = open_roads(ctx, job, &roads);
    if (rc != CLI_OK)
        goto done;
    cli_progress_init(&prog, "planning", job->quiet);
    cli_progress_set_time_limit(&prog, job->opts.time_limit_s);
    prog.best = &best_so_far;
    prog.best_unit = rep.currency;
    job->opts.progress_best = &best_so_far;
    job->opts.progress = cli_progress_cb;
    job->opts.payload = &prog;
    if (job->opts.matrix.provider == SAHA_MATRIX_OSRM) {
        /* the matrix counts OSRM requests, not planning steps: its own line */
        cli_progress_init(&osrm_prog, "OSRM table requests", job->quiet);
        job->opts.matrix.progress = osrm_progress_cb;
        job->opts.matrix.payload = &osrm_prog;
    }
    job->opts.seed = job->seed;
    t0 = cli_now();
    st = saha_plan_solve(&plan, ctx, geo, set, &rep, &job->opts);
    cli_progress_end(&prog);
    if (st != SAHA_OK) {
        rc = cli_report_input(ctx); /* a size limit (SAHA_ELIMIT) is bad input: 2 */
        goto done;
    }
    if (!job->quiet) {
        print_summary(to_stdout ? stderr : stdout, saha_plan_itinerary(plan), set,
                      objective_name(job->opts.objective), &job->opts, cli_now() - t0,
                      job->rejects);
        print_water_legs(to_stdout ? stderr : stdout, saha_plan_itinerary(plan), set,
                         basemap);
        print_cadence(to_stdout ? stderr : stdout, saha_plan_itinerary(plan), set,
                      &job->opts);
        cli_replan_print(to_stdout ? stderr : stdout, saha_plan_itinerary(plan), set);
    }
    if (job->replan.caldav_url) { /* before the exports: the CSV keeps the new ETags */
        const saha_itinerary *pit = saha_plan_itinerary(plan);
        saha_export_options d;
        (void)saha_export_options_init(&d, SAHA_EXPORT_OPTIONS_VERSION);
        rc = cli_replan_publish(
            ctx, plan, set, job, job->quiet,
            cli_tz_offset_min(rep.timezone,
                              pit->ndays ? pit->days[0].date : job->opts.start,
                              d.utc_offset_min));
        if (rc != CLI_OK)
            goto done;
    }
    rc = cli_roads_fetch(ctx, saha_plan_itinerary(plan), set, roads, job->quiet, NULL);
    if (rc != CLI_OK)
        goto done;
    {
        const char *inputs[5] = {job->accounts_path, job->rep_path, NULL, NULL, NULL};
        size_t ni = 2;
        saha_export_options eo;
        cli_plan_export_job p;
        const saha_itinerary *itin = saha_plan_itinerary(plan);
        (void)saha_export_options_init(&eo, SAHA_EXPORT_OPTIONS_VERSION);
        if (job->replan.visits_path) /* never overwrite an input */
            inputs[ni++] = job->replan.visits_path;
        if (job->replan.previous_path)
            inputs[ni++] = job->replan.previous_path;
        cli_export_language(&eo);
        eo.gpx_max_points = job->gpx_max_points;
        eo.gpx_times = job->gpx_times;
        eo.csv_raw = job->csv_raw;
        cli_csv_dialect(job->csv_dialect, set, &eo.csv_dialect);
        eo.geo = geo;
        eo.utc_offset_min = cli_tz_offset_min(
            rep.timezone, itin->ndays ? itin->days[0].date : job->opts.start,
            eo.utc_offset_min);
        eo.today = job->today.year ? job->today : today_at(eo.utc_offset_min);
        eo.basemap = basemap;
        eo.leaflet_js = leaflet_js;
        eo.leaflet_css = leaflet_css;
        eo.markercluster_js = cluster_js;
        eo.markercluster_css = cluster_css;
        eo.tiles_url = job->tiles_url;
        eo.tiles_attribution = job->tiles_attribution;
        eo.roads = roads;
        p.it = saha_plan_itinerary(plan);
        p.accounts = set;
        p.opts = &eo;
        {
            /* all exports of the run, or none: written to temp files, then renamed */
            cli_plan_export_job pl[NEXPORTERS];
            cli_output outs[NEXPORTERS];
            size_t n = 0;
            for (size_t i = 0; i < NEXPORTERS; i++) {
                if (!job->out[i])
                    continue;
                pl[n] = p;
                pl[n].fn = exporters[i].fn;
                outs[n].path = job->out[i];
                outs[n].fn = cli_plan_write_export;
                outs[n].payload = &pl[n];
                n++;
            }
            rc = cli_write_outputs(ctx, outs, n, inputs);
        }
    }
done:
    free(tier_freq);
    saha_roads_free(roads);
    saha_plan_free(plan);
    saha_basemap_free(basemap);
    free(leaflet_js);
    free(leaflet_css);
    free(cluster_js);
    free(cluster_css);
    cli_replan_free(job);
    saha_account_set_free(set);
    saha_geo_free(geo);
    saha_ctx_free(ctx);
    return rc;
}

static void usage(FILE *f)
{
    fprintf(
        f,
        _("usage: saha plan ACCOUNTS --rep REP.json [options]\n\n"
          "Plans a rep's week: which accounts to visit, on which day, in which order,\n"
          "trading travel cost against deal value. ACCOUNTS is CSV, JSON or GeoJSON\n"
          "('-' = stdin). Prints the days (visits, km, driving, working time, value),\n"
          "the value won and left, and why each skipped account was left out.\n\n"
          "Options:\n"
          "  --rep FILE             the rep file (JSON; see README \"Rep file\"), "
          "required\n"
          "  --start YYYY-MM-DD     first day of the week (default: the next Monday)\n"
          "  --days N               calendar days to plan (default 7)\n"
          "  --weeks N              plan N weeks (1-13) as one problem, visits on each\n"
          "                         account's cadence (README \"Visit plans over a "
          "quarter\")\n"
          "  --overload MODE        with --weeks, when the cadences do not fit: stretch\n"
          "                         every interval, or drop the least valuable visits\n"
          "  --spare-days N         with --weeks, offer time left to accounts due "
          "within\n"
          "                         N days after the horizon (default 14; 0 = none)\n"
          "  --tiers SPEC           with --weeks, a cadence for accounts without\n"
          "                         frequency_days by value quantile, e.g. "
          "A:7,B:14,C:28,D:56\n"
          "  --write-accounts FILE  the accounts with the columns tier and\n"
          "                         suggested_frequency_days (review, then adopt)\n"
          "  --objective OBJ        profit (default), value or cost\n"
          "  --balance W            even out the days: each day costs W x hours^2 more\n"
          "                         (hours of driving and visits; currency; default 0)\n"
          "  --time-limit S         seconds for the planning: travel matrix and "
          "optimiser\n"
          "                         (default 3; 0 = none, then --iterations bounds it)\n"
          "  --iterations N         optimiser iterations (default: by size)\n"
          "  --seed N               random seed (default 1)\n"
          "  --threads N            worker threads (default: all cores)\n"
          "  --provider P           travel matrix: model (default), osrm or file\n"
          "  --osrm-url URL         OSRM server for --provider osrm\n"
          "  --osrm-timeout S       seconds per OSRM request (default 30)\n"
          "  --osrm-retries N       retries after a failed OSRM request (default 4)\n"
          "  --osrm-max-table N     the server's --max-table-size (default 100): a\n"
          "                         request has at most N x N sources x destinations\n"
          "  --osrm-snap-warn M     warn about an account the server moved more than M\n"
          "                         metres to reach a road (default 500; 0 = never)\n"
          "  --osrm-snap-max M      ... and skip it as unroutable above M metres\n"
          "                         (default 5000; 0 = never)\n"
          "  --route-cache FILE     SQLite cache of the OSRM road shapes the maps draw\n"
          "  --no-roads             --provider osrm: draw straight legs, ask no /route\n"
          "  --matrix FILE          matrix file for --provider file\n"
          "  --crs CRS              coordinates of ACCOUNTS are in CRS (e.g. EPSG:5254)\n"
          "  --columns SPEC|FILE    read these columns as these fields, e.g.\n"
          "                         'name=\"Firma Adı\",value=Ciro' (or a file of\n"
          "                         FIELD=HEADER lines); CRM export headers need none\n"
          "  --sheet NAME           .xlsx ACCOUNTS: the sheet to read (default: the "
          "first)\n"
          "  --strict               any rejected input row fails the run\n"
          "  --keep-going           plan even when a rejected row is a must-visit or "
          "has\n"
          "                         an appointment (else: exit 2, naming the row)\n"
          "  --rejects FILE         write the rejected rows (line,id,field,reason) as "
          "CSV\n"
          "  --geocode-cache F      fill missing coordinates from this geocode cache\n"
          "                         (offline: no request is sent; see 'saha "
          "geocode')\n"));
    fprintf(f,
            _("  --week-band PCT        with --weeks, keep each week's work within PCT "
              "%%\n"
              "                         of the mean week scaled by its working time\n"
              "                         (default 15; off = no week term)\n"));
    fprintf(
        f,
        _("  --max-candidates N     plan a longer list from its N most promising\n"
          "                         accounts, every must-visit and appointment among\n"
          "                         them (default %d, at most %d; the time and\n"
          "                         memory grow as N^2)\n"),
        SAHA_PLAN_MAX_CANDIDATES, SAHA_PLAN_MAX_MODEL_ACCOUNTS);
    cli_replan_usage(f);
    fprintf(f,
            _("Outputs (FILE - = stdout; written to a temporary file, then renamed):\n"));
    for (size_t i = 0; i < NEXPORTERS; i++) {
        /* an option too long for the column gets its own line (like --cadence-report) */
        char head[64];
        snprintf(head, sizeof head, "%s %s", exporters[i].option, _("FILE"));
        if (strlen(head) <= 22)
            fprintf(f, "  %-22s %s\n", head, _(exporters[i].help));
        else
            fprintf(f, "  %s\n  %-22s %s\n", head, "", _(exporters[i].help));
    }
    fprintf(f,
            _("  --gpx-max-points N     split a day's GPX route after N points (old "
              "Garmins)\n"
              "  --gpx-times            also write planned times as GPX <time> (UTC)\n"
              "  --csv-raw              --csv/--unvisited text as in the input, without\n"
              "                         the ' before a leading = + - @ (for scripts)\n"));
    fputs(_(cli_csv_dialect_help), f);
    fprintf(f, _("  --quiet                no progress and no summary\n"
                 "  -h, --help             this help\n"));
    cli_plan_html_usage(f);
    fprintf(f,
            _("\n"
              "Exit status: 0 planned, 1 failure, 2 usage error or bad input (including\n"
              "required visits that cannot all be met).\n"));
    fprintf(f,
            _("Size limits (exit 2 past them): one plan holds at most %d accounts, so\n"
              "more must-visit and appointment accounts (in a re-plan also those of the\n"
              "previous plan and the visit log) are refused (split the list by\n"
              "territory); a longer list, re-plans too, is planned from its %d most\n"
              "promising accounts. ACCOUNTS: at most 2 GiB.\n"),
            SAHA_PLAN_MAX_MODEL_ACCOUNTS, SAHA_PLAN_MAX_CANDIDATES);
}

/* An exporter option ("--gpx F"): its row, with *value_out set; -1 when a is none. */
static int exporter_arg(int argc, char **argv, int *i, const char **value_out, int *err)
{
    for (size_t k = 0; k < NEXPORTERS && k < CLI_PLAN_MAX_EXPORTS; k++) {
        const char *v = cli_opt_value(argc, argv, i, exporters[k].option, err);
        if (v) {
            *value_out = v;
            return (int)k;
        }
        if (*err)
            return -1;
    }
    return -1;
}

int cmd_plan(int argc, char **argv)
{
    cli_plan_job job;
    saha_plan_options po;
    saha_account_load_options lo;
    cli_travel travel; /* the travel flags; its http options live to the end */
    int have_start = 0, have_spare = 0, have_overload = 0, have_band = 0, st;
    int have_days = 0, have_weeks = 0;
    (void)saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION);
    (void)saha_account_load_options_init(&lo, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    cli_travel_init(&travel, &job.opts.matrix);

    memset(&job, 0, sizeof job);
    job.opts = po;
    job.opts.time_limit_s = 3.0;
    job.load = lo;
    job.seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        int err = 0, ex;
        size_t sz;
        if (cli_opt_help(a, usage))
            return CLI_OK;
        if (cli_opt_is(a, "-q", "--quiet")) {
            job.quiet = 1;
            continue;
        }
        if (!strcmp(a, "--strict")) {
            job.load.strict = 1;
            continue;
        }
        if (!strcmp(a, "--keep-going")) {
            job.keep_going = 1;
            continue;
        }
        ex = cli_plan_html_option(&job, "plan", argc, argv, &i);
        if (ex < 0)
            return CLI_USAGE;
        if (ex > 0)
            continue;
        {
            int t = cli_replan_option(argc, argv, &i, &job);
            if (t < 0)
                return -t;
            if (t > 0)
                continue;
        }
        if ((v = cli_opt_value(argc, argv, &i, "--rep", &err))) {
            job.rep_path = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--rejects", &err))) {
            job.rejects = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--start", &err))) {
            if (saha_datetime_parse(v, &job.opts.start) != 0 || strlen(v) != 10)
                return cli_usage_error("plan", "--start: expected YYYY-MM-DD, got '%s'",
                                       v);
            have_start = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--days", &err))) {
            if (cli_parse_size(v, &sz) < 0 || sz < 1 || sz > 366)
                return cli_usage_error("plan", "--days: expected 1 to 366, got '%s'", v);
            if (have_weeks)
                return cli_usage_error("plan", "give --days or --weeks, not both");
            have_days = 1;
            job.opts.horizon_days = (int)sz;
        } else if ((v = cli_opt_value(argc, argv, &i, "--weeks", &err))) {
            if (cli_parse_size(v, &sz) != 0 || sz < 1 || sz > 13)
                return cli_usage_error("plan", "--weeks: expected 1 to 13, got '%s'", v);
            if (have_days)
                return cli_usage_error("plan", "give --days or --weeks, not both");
            have_weeks = 1;
            job.opts.horizon_days = (int)sz * 7;
            job.opts.cadence = 1;
            if (!have_spare)
                job.opts.spare_days = 14;
            if (!have_band)
                job.opts.week_band = 0.15;
        } else if ((v = cli_opt_value(argc, argv, &i, "--overload", &err))) {
            if (!strcmp(v, "stretch"))
                job.opts.overload = SAHA_OVERLOAD_STRETCH;
            else if (!strcmp(v, "drop"))
                job.opts.overload = SAHA_OVERLOAD_DROP;
            else if (!strcmp(v, "none"))
                job.opts.overload = SAHA_OVERLOAD_NONE;
            else
                return cli_usage_error(
                    "plan", "--overload: expected stretch, drop or none, got '%s'", v);
            have_overload = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--tiers", &err))) {
            job.tiers = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--write-accounts", &err))) {
            job.write_accounts = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--week-band", &err))) {
            double pct;
            if (!strcmp(v, "off"))
                pct = 0;
            else if (cli_parse_double(v, &pct) < 0 || !(pct >= 1 && pct <= 100))
                return cli_usage_error(
                    "plan",
                    "--week-band: expected a percentage from 1 to 100 or off, got '%s'",
                    v);
            job.opts.week_band = pct / 100.0;
            have_band = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--spare-days", &err))) {
            if (cli_parse_size(v, &sz) != 0 || sz > 91)
                return cli_usage_error("plan", "--spare-days: expected 0 to 91, got '%s'",
                                       v);
            job.opts.spare_days = (int)sz;
            have_spare = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--objective", &err))) {
            if (!strcmp(v, "profit"))
                job.opts.objective = SAHA_OBJECTIVE_PROFIT;
            else if (!strcmp(v, "value"))
                job.opts.objective = SAHA_OBJECTIVE_VALUE;
            else if (!strcmp(v, "cost"))
                job.opts.objective = SAHA_OBJECTIVE_COST;
            else
                return cli_usage_error("plan",
                                       "--objective: expected profit, value or cost, "
                                       "got '%s'",
                                       v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--balance", &err))) {
            if (cli_parse_double(v, &job.opts.balance) < 0 || !(job.opts.balance >= 0) ||
                job.opts.balance > 1e6)
                return cli_usage_error("plan",
                                       "--balance: expected a weight from 0 to 1000000, "
                                       "got '%s'",
                                       v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--time-limit", &err))) {
            if (cli_parse_double(v, &job.opts.time_limit_s) < 0)
                return cli_usage_error("plan", "--time-limit: expected seconds, got '%s'",
                                       v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--max-candidates", &err))) {
            if (cli_parse_size(v, &sz) != 0 || sz < 1 ||
                sz > SAHA_PLAN_MAX_MODEL_ACCOUNTS)
                return cli_usage_error("plan",
                                       "--max-candidates: expected a count from 1 to %d, "
                                       "got '%s'",
                                       SAHA_PLAN_MAX_MODEL_ACCOUNTS, v);
            job.opts.max_candidates = sz;
        } else if ((v = cli_opt_value(argc, argv, &i, "--iterations", &err))) {
            if (cli_parse_size(v, &job.opts.iterations) < 0)
                return cli_usage_error("plan", "--iterations: expected a count, got '%s'",
                                       v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--seed", &err))) {
            if (cli_parse_u64(v, &job.seed) < 0)
                return cli_usage_error("plan", "--seed: expected a number, got '%s'", v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--threads", &err))) {
            if (cli_parse_size(v, &sz) < 0 || sz > 1024)
                return cli_usage_error("plan", "--threads: expected a count, got '%s'",
                                       v);
            job.opts.threads = (unsigned)sz;
            job.opts.matrix.threads = (unsigned)sz;
        } else if (cli_travel_opt(&travel, "plan", argc, argv, &i, &err, &st)) {
            if (st != CLI_OK)
                return st;
        } else if ((v = cli_opt_value(argc, argv, &i, "--route-cache", &err))) {
            job.route_cache = v;
        } else if (!strcmp(a, "--no-roads")) {
            job.no_roads = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--crs", &err))) {
            job.crs = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--sheet", &err))) {
            job.load.sheet = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--columns", &err))) {
            int crc = cli_columns_spec(v, &job.load.columns);
            if (crc != CLI_OK)
                return crc;
        } else if ((v = cli_opt_value(argc, argv, &i, "--geocode-cache", &err))) {
            job.geocode_cache = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--gpx-max-points", &err))) {
            if (cli_parse_size(v, &job.gpx_max_points) < 0 || job.gpx_max_points == 1)
                return cli_usage_error(
                    "plan", "--gpx-max-points: expected a count >= 2, got '%s'", v);
        } else if (!strcmp(a, "--gpx-times")) {
            job.gpx_times = 1;
        } else if (!strcmp(a, "--csv-raw")) {
            job.csv_raw = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--csv-dialect", &err))) {
            if (cli_csv_dialect_parse("plan", v, &job.csv_dialect) != CLI_OK)
                return CLI_USAGE;
            cli_csv_dialect_use(job.csv_dialect);
        } else if (!err && (ex = exporter_arg(argc, argv, &i, &v, &err)) >= 0) {
            job.out[ex] = v;
        } else if (cli_opt_rest("plan", a, err, &job.accounts_path, 1) != CLI_OK) {
            return CLI_USAGE;
        }
        if (err)
            return cli_usage_error("plan", "%s needs a value", a);
    }
    if (!job.accounts_path)
        return cli_usage_error("plan", "missing ACCOUNTS file");
    if ((have_overload || have_spare || have_band || job.tiers) && !job.opts.cadence)
        return cli_usage_error("plan", "--overload/--spare-days/--tiers need --weeks N");
    if (job.write_accounts && !job.tiers)
        return cli_usage_error("plan", "--write-accounts needs --tiers SPEC");
    if (!job.rep_path)
        return cli_usage_error("plan", "missing --rep REP.json");
    if (cli_travel_finish(&travel, "plan", 0) != CLI_OK)
        return CLI_USAGE;
    if (job.route_cache && job.opts.matrix.provider != SAHA_MATRIX_OSRM)
        return cli_usage_error("plan", "--route-cache needs --provider osrm");
    if (!have_start)
        job.opts.start = cli_plan_next_monday();
    return cli_plan_run(&job);
}
