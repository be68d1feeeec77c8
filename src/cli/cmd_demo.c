/* saha demo: plans the sample region (maps/marmara) into out/ in a few seconds. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd_plan.h"
#include "cli/cmd_territory.h"

#ifndef SAHA_SOURCE_DIR
#define SAHA_SOURCE_DIR "."
#endif

/* The sample week: WEEK_START in maps/marmara/generate.py (its appointments and cadence
 * dates are set against it, so the demo plans that week whatever today is). */
#define DEMO_WEEK "2026-11-30"
#define DEMO_WEEK_END "2026-12-04"
/* A fixed budget rather than a time limit, so the demo's numbers are the same on every
 * run and every machine (about 3 s on one core of a 2020 laptop). */
#define DEMO_ITERATIONS 20000

static void usage(FILE *f)
{
    fprintf(
        f,
        _("usage: saha demo [--out DIR] [--maps DIR] [--seed N] [--iterations N]\n"
          "                 [--time-limit S] [--quiet] [HTML report options]\n\n"
          "Plans the sample week of maps/marmara (a rep based in Bursa, 250 accounts\n"
          "around Bursa, Kocaeli and Istanbul) and writes DIR/week.gpx, DIR/week.csv,\n"
          "DIR/unvisited.csv, DIR/week.geojson, DIR/week.ics, DIR/week.html and\n"
          "DIR/week.kml, printing visits, km, hours and value per day. Then splits\n"
          "maps/marmara-aegean (1,000 accounts, 6 reps) into territories:\n"
          "DIR/territories.csv, DIR/territories.geojson, DIR/territories.svg and\n"
          "DIR/territories.html (an interactive map).\n\n"
          "Options:\n"
          "  --out DIR         output folder (default out/; created if missing)\n"
          "  --maps DIR        sample regions (default: the installed share/saha/maps\n"
          "                    beside bin/saha, else maps/ of the source tree, else\n"
          "                    ./maps)\n"
          "  --seed N          random seed (default 1)\n"
          "  --iterations N    optimiser iterations (default 20000: the same numbers\n"
          "                    on every run and machine)\n"
          "  --time-limit S    bound the optimiser by seconds instead (results then\n"
          "                    vary with the machine's speed)\n"
          "  --quiet           no progress and no summary\n"
          "  -h, --help        this help\n\n"));
    cli_plan_html_usage(f);
}

/* The territory step: maps/marmara-aegean (1,000 accounts, 6 reps) into
 * DIR/territories.csv, .geojson and .svg, printing the summary table. */
static int demo_territory(const char *maps, const char *out_dir, uint64_t seed, int quiet,
                          const cli_plan_job *pj)
{
    char acc[PATH_MAX], reps[PATH_MAX], csv[PATH_MAX], gj[PATH_MAX], svg[PATH_MAX];
    char html[PATH_MAX];
    saha_territory_options to;
    cli_territory_job tj;
    int n[6], rc;
    (void)saha_territory_options_init(&to, SAHA_TERRITORY_OPTIONS_VERSION);

    n[0] = snprintf(acc, sizeof acc, "%s/marmara-aegean/accounts.csv", maps);
    n[1] = snprintf(reps, sizeof reps, "%s/marmara-aegean/reps.csv", maps);
    n[2] = snprintf(csv, sizeof csv, "%s/territories.csv", out_dir);
    n[3] = snprintf(gj, sizeof gj, "%s/territories.geojson", out_dir);
    n[4] = snprintf(svg, sizeof svg, "%s/territories.svg", out_dir);
    n[5] = snprintf(html, sizeof html, "%s/territories.html", out_dir);
    for (int i = 0; i < 6; i++)
        if (n[i] < 0 || n[i] >= PATH_MAX) {
            cli_errorf("%s: path too long", out_dir);
            return CLI_USAGE;
        }
    memset(&tj, 0, sizeof tj);
    tj.accounts_path = acc;
    tj.reps_path = reps;
    tj.out_csv = csv;
    tj.out_geojson = gj;
    tj.out_svg = svg;
    tj.out_html = html;
    tj.basemap_path = pj->basemap_path;
    tj.leaflet_dir = pj->leaflet_dir;
    tj.tiles_url = pj->tiles_url;
    tj.tiles_attribution = pj->tiles_attribution;
    tj.opts = to;
    tj.opts.keep_assigned = 1;
    tj.quiet = quiet;
    tj.no_summary = quiet;
    tj.seed = seed;
    tj.no_timing = 1;
    if (!quiet)
        printf("\nTerritories for %s (6 reps, --keep-assigned):\n", acc);
    rc = cli_territory_run(&tj);
    if (rc == CLI_OK && !quiet)
        printf("wrote %s, %s, %s, %s\n", csv, gj, svg, html);
    return rc;
}

/* maps/ installed beside the running binary: BIN/../share/saha/maps (so an installed
 * saha finds its samples wherever PREFIX or DESTDIR put it). 0 when found. */
static int maps_beside_exe(char *dst, size_t cap)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash;
    int k;
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    k = snprintf(dst, cap, "%s/../share/saha/maps", exe);
    return k < 0 || (size_t)k >= cap ? -1 : 0;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int join(char *dst, size_t cap, const char *a, const char *b)
{
    int n = snprintf(dst, cap, "%s/%s", a, b);
    if (n < 0 || (size_t)n >= cap) {
        cli_errorf("%s/%s: path too long", a, b);
        return -1;
    }
    return 0;
}

int cmd_demo(int argc, char **argv)
{
    const char *out_dir = "out", *maps = NULL;
    char accounts[PATH_MAX], rep[PATH_MAX], gpx[PATH_MAX], csv[PATH_MAX], unv[PATH_MAX];
    char cache[PATH_MAX], maps_buf[PATH_MAX], probe[PATH_MAX];
    /* the other exports: option, file name in DIR, path */
    static const char *const more[][2] = {{"--geojson", "week.geojson"},
                                          {"--ics", "week.ics"},
                                          {"--html", "week.html"},
                                          {"--kml", "week.kml"}};
    char more_path[sizeof more / sizeof more[0]][PATH_MAX];
    cli_plan_job job;
    saha_plan_options po;
    saha_account_load_options lo;
    int gi, ci, ui, hr;
    (void)saha_plan_options_init(&po, SAHA_PLAN_OPTIONS_VERSION);
    (void)saha_account_load_options_init(&lo, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);

    memset(&job, 0, sizeof job);
    job.opts = po;
    job.opts.time_limit_s = 0;
    job.opts.iterations = DEMO_ITERATIONS;
    job.load = lo;
    job.seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_opt_help(a, usage)) {
            return CLI_OK;
        } else if (cli_opt_is(a, "-q", "--quiet")) {
            job.quiet = 1;
        } else if ((hr = cli_plan_html_option(&job, "demo", argc, argv, &i)) != 0) {
            if (hr < 0)
                return CLI_USAGE;
        } else if (!strcmp(a, "--out") || !strcmp(a, "--maps") || !strcmp(a, "--seed") ||
                   !strcmp(a, "--time-limit") || !strcmp(a, "--iterations")) {
            const char *v;
            if (i + 1 >= argc)
                return cli_usage_error("demo", "%s needs a value", a);
            v = argv[++i];
            if (!strcmp(a, "--out")) {
                out_dir = v;
            } else if (!strcmp(a, "--maps")) {
                maps = v;
            } else if (!strcmp(a, "--seed")) {
                if (cli_parse_u64(v, &job.seed) < 0)
                    return cli_usage_error("demo", "--seed: expected a number, got '%s'",
                                           v);
            } else if (!strcmp(a, "--iterations")) {
                if (cli_parse_size(v, &job.opts.iterations) < 0 ||
                    job.opts.iterations == 0)
                    return cli_usage_error("demo",
                                           "--iterations: expected a count, got '%s'", v);
            } else if (cli_parse_double(v, &job.opts.time_limit_s) < 0) {
                return cli_usage_error("demo", "--time-limit: expected seconds, got '%s'",
                                       v);
            }
        } else {
            return cli_usage_error("demo", "unknown argument '%s'", a);
        }
    }
    if (!maps) {
        if (maps_beside_exe(maps_buf, sizeof maps_buf) == 0 &&
            join(probe, sizeof probe, maps_buf, "marmara") == 0 && is_dir(probe))
            maps = maps_buf;
        else if (is_dir(SAHA_SOURCE_DIR "/maps/marmara"))
            maps = SAHA_SOURCE_DIR "/maps";
        else
            maps = "maps";
    }
    if (join(accounts, sizeof accounts, maps, "marmara/accounts.csv") < 0 ||
        join(rep, sizeof rep, maps, "marmara/rep.json") < 0 ||
        join(gpx, sizeof gpx, out_dir, "week.gpx") < 0 ||
        join(csv, sizeof csv, out_dir, "week.csv") < 0 ||
        join(unv, sizeof unv, out_dir, "unvisited.csv") < 0)
        return CLI_USAGE;
    for (size_t k = 0; k < sizeof more / sizeof more[0]; k++)
        if (join(more_path[k], sizeof more_path[k], out_dir, more[k][1]) < 0)
            return CLI_USAGE;
    if (!is_dir(maps)) {
        cli_errorf("%s: no such folder (the sample regions; use --maps DIR)", maps);
        return CLI_USAGE;
    }
    if (!is_dir(out_dir) && mkdir(out_dir, 0755) != 0) {
        cli_errorf("%s: cannot create the output folder: %s", out_dir, strerror(errno));
        return CLI_FAIL;
    }

    /* About 10% of the sample's rows have an address and no coordinates: they are
     * filled offline from the geocode cache shipped with the sample (built by
     * `saha geocode`), then planned with the others. */
    if (join(cache, sizeof cache, maps, "marmara/geocode-cache.sqlite") < 0)
        return CLI_USAGE;
    job.geocode_cache = cache;

    job.accounts_path = accounts;
    job.rep_path = rep;
    if (!job.quiet) {
        char it[32];
        cli_format_grouped(it, sizeof it, (double)job.opts.iterations);
        if (job.opts.time_limit_s > 0)
            printf("saha demo: the sample week of maps/marmara, Mo " DEMO_WEEK
                   " to Fr " DEMO_WEEK_END ", %.1f s of optimisation, seed %llu\n",
                   job.opts.time_limit_s, (unsigned long long)job.seed);
        else
            printf("saha demo: the sample week of maps/marmara, Mo " DEMO_WEEK
                   " to Fr " DEMO_WEEK_END " (the week its dates are set against), %s "
                   "iterations, seed %llu: the same numbers on every run\n",
                   it, (unsigned long long)job.seed);
        fflush(stdout);
    }
    if (saha_datetime_parse(DEMO_WEEK, &job.opts.start) != 0)
        return CLI_FAIL;
    gi = cli_plan_exporter_find("--gpx");
    ci = cli_plan_exporter_find("--csv");
    ui = cli_plan_exporter_find("--unvisited");
    if (gi < 0 || ci < 0 || ui < 0)
        return CLI_FAIL;
    job.out[gi] = gpx;
    job.out[ci] = csv;
    job.out[ui] = unv;
    for (size_t k = 0; k < sizeof more / sizeof more[0]; k++) {
        int xi = cli_plan_exporter_find(more[k][0]);
        if (xi < 0)
            return CLI_FAIL;
        job.out[xi] = more_path[k];
    }
    {
        int rc = cli_plan_run(&job);
        if (rc == CLI_OK && !job.quiet)
            printf("wrote %s, %s, %s, %s, %s, %s, %s\n", gpx, csv, unv, more_path[0],
                   more_path[1], more_path[2], more_path[3]);
        if (rc == CLI_OK)
            rc = demo_territory(maps, out_dir, job.seed, job.quiet, &job);
        return rc;
    }
}
