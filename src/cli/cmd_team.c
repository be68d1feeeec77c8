/* saha team: every rep's week from one assignment (saha team ACCOUNTS --reps F
 * --out-dir DIR), the what-if of two assignments (saha team compare), and the merge of
 * shard outputs (saha team merge). The planning is the library's (saha/team.h); this
 * file parses options, writes the folders and prints the summaries. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd_plan.h"
#include "saha/export.h"
#include "saha/team.h"

typedef struct team_args {
    const char *accounts[2]; /* compare: A and B */
    size_t naccounts;
    const char *reps_path;
    const char *out_dir;
    saha_team_options opts;
    saha_account_load_options load;
    cli_travel travel; /* the travel flags, into opts.plan.matrix */
    int quiet, csv_raw;
    int csv_dialect;          /* --csv-dialect (CLI_CSV_AUTO, ...) */
    const char *route_cache;  /* SQLite cache of OSRM road shapes; NULL = none */
    int no_roads;             /* --provider osrm: straight legs on the maps, no /route */
    const char *basemap_path; /* NULL = the samples' basemap when installed; "none" */
    const char *leaflet_dir;  /* NULL = Debian's libjs-leaflet; "none" */
    const char *tiles_url;    /* --tiles: online tiles over the maps; NULL = none */
    const char *tiles_attribution;
} team_args;

/* What every rep's week.html map is drawn with: read once per run. */
typedef struct rep_maps {
    saha_basemap *basemap;
    char *leaflet_js, *leaflet_css, *cluster_js, *cluster_css;
    const char *tiles_url, *tiles_attribution; /* borrowed from the arguments */
} rep_maps;

static void usage(FILE *f)
{
    fprintf(
        f,
        _("usage: saha team ACCOUNTS --reps REPS.csv --out-dir DIR [options]\n"
          "       saha team compare A.csv B.csv --reps REPS.csv [--out-dir DIR] "
          "[options]\n"
          "       saha team merge DIR... --out-dir DIR\n\n"
          "Plans every rep's week at once: each rep of REPS.csv (the file saha "
          "territory\n"
          "reads, plus optional rep-file columns: day_start, day_end, lunch_minutes,\n"
          "max_drive_minutes_per_day, cost_per_km, cost_per_hour, days, overnight,\n"
          "timezone, ... or rep_file naming a rep JSON) plans the accounts whose\n"
          "assigned_rep, territory or rep column names it. Writes DIR/<rep>/week.{csv,\n"
          "gpx,geojson,ics,html,kml} and unvisited.csv, DIR/team.csv, DIR/team.html and\n"
          "DIR/assignment.csv (the input with assigned_rep and assign_reason).\n\n"
          "Options:\n"
          "  --reps FILE            the team (CSV), required\n"
          "  --out-dir DIR          output folder (created), required (compare: "
          "optional)\n"
          "  --unassigned MODE      skip (default): report accounts without a rep;\n"
          "                         assign: give each to the near rep who visits it at\n"
          "                         the best profit this week\n"
          "  --near-reps K          assign: candidate reps per account (default 3)\n"
          "  --jobs N               reps planned at once (default: all cores)\n"
          "  --shard K/N            plan only the reps at positions K, K+N, ... in id\n"
          "                         order (0 <= K < N); join with 'saha team merge'\n"
          "  --start YYYY-MM-DD     first day of the week (default: the next Monday)\n"
          "  --days N               calendar days to plan (default 7)\n"
          "  --objective OBJ        profit (default), value or cost\n"
          "  --balance W            even out each rep's days (see saha plan)\n"
          "  --time-limit S         seconds per rep (default 3; 0 = --iterations only)\n"
          "  --iterations N         optimiser iterations per rep\n"
          "  --seed N               random seed (default 1), the same for every rep\n"));
    cli_travel_help(f, 25, 0);
    fprintf(
        f,
        _("  --route-cache FILE     SQLite cache of the OSRM road shapes the maps draw\n"
          "                         (every rep's week pages and team.html)\n"
          "  --no-roads             --provider osrm: draw straight legs, ask no /route\n"
          "  --basemap FILE         land, borders and places under the reps' week maps\n"
          "                         (default: the samples' basemap; none = none)\n"
          "  --leaflet DIR          Leaflet inlined in the reps' week.html (default:\n"
          "                         Debian libjs-leaflet; none = the SVG map only)\n"
          "  --tiles URL            online map tiles over the basemap in week.html and\n"
          "                         team.html ({z}/{x}/{y}); without it no request\n"
          "  --tiles-attribution T  text shown for the tiles\n"
          "  --strict               any rejected input row fails the run\n"
          "  --csv-raw              CSV reports without the ' formula guard\n"));
    fputs(_(cli_csv_dialect_help), f);
    fprintf(f,
            _("  --quiet                no progress and no summary\n"
              "  -h, --help             this help\n\n"
              "With --iterations N --time-limit 0 the plans do not depend on --jobs or\n"
              "--shard. Exit status: 0 planned, 1 failure, 2 usage error or bad input\n"
              "(including a rep whose required visits do not fit: the others are "
              "written).\n"));
}

/* ---- options -------------------------------------------------------------------- */

static int parse_args(int argc, char **argv, int first, team_args *ta, size_t max_pos,
                      const char *cmd)
{
    int have_start = 0, st;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i], *v;
        int err = 0;
        size_t sz;
        if (cli_opt_help(a, usage))
            return -1;
        if (cli_opt_is(a, "-q", "--quiet")) {
            ta->quiet = 1;
            continue;
        }
        if (!strcmp(a, "--strict")) {
            ta->load.strict = 1;
            continue;
        }
        if (!strcmp(a, "--csv-raw")) {
            ta->csv_raw = 1;
            continue;
        }
        if ((v = cli_opt_value(argc, argv, &i, "--csv-dialect", &err))) {
            if (cli_csv_dialect_parse(cmd, v, &ta->csv_dialect) != CLI_OK)
                return CLI_USAGE;
            cli_csv_dialect_use(ta->csv_dialect);
            continue;
        }
        if ((v = cli_opt_value(argc, argv, &i, "--reps", &err))) {
            ta->reps_path = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--out-dir", &err))) {
            ta->out_dir = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--unassigned", &err))) {
            if (!strcmp(v, "skip"))
                ta->opts.unassigned = SAHA_TEAM_UNASSIGNED_SKIP;
            else if (!strcmp(v, "assign"))
                ta->opts.unassigned = SAHA_TEAM_UNASSIGNED_ASSIGN;
            else
                return cli_usage_error(
                    cmd, "--unassigned: expected skip or assign, got '%s'", v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--near-reps", &err))) {
            if (cli_parse_size(v, &sz) < 0 || sz < 1 || sz > 64)
                return cli_usage_error(cmd, "--near-reps: expected 1 to 64, got '%s'", v);
            ta->opts.near_reps = sz;
        } else if ((v = cli_opt_value(argc, argv, &i, "--jobs", &err))) {
            if (cli_parse_size(v, &sz) < 0 || sz < 1 || sz > 256)
                return cli_usage_error(cmd, "--jobs: expected 1 to 256, got '%s'", v);
            ta->opts.jobs = (unsigned)sz;
        } else if ((v = cli_opt_value(argc, argv, &i, "--shard", &err))) {
            const char *slash = strchr(v, '/');
            char k[32];
            size_t kk, nn;
            if (!slash || (size_t)(slash - v) >= sizeof k)
                return cli_usage_error(cmd, "--shard: expected K/N, got '%s'", v);
            memcpy(k, v, (size_t)(slash - v));
            k[slash - v] = '\0';
            if (cli_parse_size(k, &kk) < 0 || cli_parse_size(slash + 1, &nn) < 0 ||
                nn < 1 || kk >= nn)
                return cli_usage_error(
                    cmd, "--shard: expected K/N with 0 <= K < N, got '%s'", v);
            ta->opts.shard = kk;
            ta->opts.nshards = nn;
        } else if ((v = cli_opt_value(argc, argv, &i, "--start", &err))) {
            if (saha_datetime_parse(v, &ta->opts.plan.start) != 0 || strlen(v) != 10)
                return cli_usage_error(cmd, "--start: expected YYYY-MM-DD, got '%s'", v);
            have_start = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--days", &err))) {
            if (cli_parse_size(v, &sz) < 0 || sz < 1 || sz > 366)
                return cli_usage_error(cmd, "--days: expected 1 to 366, got '%s'", v);
            ta->opts.plan.horizon_days = (int)sz;
        } else if ((v = cli_opt_value(argc, argv, &i, "--objective", &err))) {
            if (!strcmp(v, "profit"))
                ta->opts.plan.objective = SAHA_OBJECTIVE_PROFIT;
            else if (!strcmp(v, "value"))
                ta->opts.plan.objective = SAHA_OBJECTIVE_VALUE;
            else if (!strcmp(v, "cost"))
                ta->opts.plan.objective = SAHA_OBJECTIVE_COST;
            else
                return cli_usage_error(cmd,
                                       "--objective: expected profit, value or cost, got "
                                       "'%s'",
                                       v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--balance", &err))) {
            double w;
            if (cli_parse_double(v, &w) < 0 || !(w >= 0) || w > 1e6)
                return cli_usage_error(
                    cmd,
                    "--balance: expected a weight from 0 to 1000000, got "
                    "'%s'",
                    v);
            ta->opts.plan.balance = w;
        } else if ((v = cli_opt_value(argc, argv, &i, "--time-limit", &err))) {
            if (cli_parse_double(v, &ta->opts.plan.time_limit_s) < 0)
                return cli_usage_error(cmd, "--time-limit: expected seconds, got '%s'",
                                       v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--iterations", &err))) {
            if (cli_parse_size(v, &ta->opts.plan.iterations) < 0)
                return cli_usage_error(cmd, "--iterations: expected a count, got '%s'",
                                       v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--seed", &err))) {
            if (cli_parse_u64(v, &ta->opts.plan.seed) < 0)
                return cli_usage_error(cmd, "--seed: expected a number, got '%s'", v);
        } else if (cli_travel_opt(&ta->travel, cmd, argc, argv, &i, &err, &st)) {
            if (st != CLI_OK)
                return st;
        } else if ((v = cli_opt_value(argc, argv, &i, "--route-cache", &err))) {
            ta->route_cache = v;
        } else if (!strcmp(a, "--no-roads")) {
            ta->no_roads = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--basemap", &err))) {
            ta->basemap_path = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--leaflet", &err))) {
            ta->leaflet_dir = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--tiles", &err))) {
            if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0)
                return cli_usage_error(
                    cmd, "--tiles: expected an http(s) URL template, got '%s'", v);
            if (!strstr(v, "{z}") || !strstr(v, "{x}") || !strstr(v, "{y}"))
                return cli_usage_error(
                    cmd, "--tiles: the URL needs {z}, {x} and {y}, got '%s'", v);
            ta->tiles_url = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--tiles-attribution", &err))) {
            ta->tiles_attribution = v;
        } else if (cli_opt_rest(cmd, a, err, ta->accounts, max_pos) != CLI_OK) {
            return CLI_USAGE;
        }
        if (err)
            return cli_usage_error(cmd, "%s needs a value", a);
    }
    ta->naccounts = 0;
    while (ta->naccounts < max_pos && ta->accounts[ta->naccounts])
        ta->naccounts++;
    if (ta->naccounts < max_pos)
        return cli_usage_error(cmd, "missing ACCOUNTS file%s",
                               max_pos > 1 ? "s (A and B)" : "");
    if (!ta->reps_path)
        return cli_usage_error(cmd, "missing --reps REPS.csv");
    if (cli_travel_finish(&ta->travel, cmd, 0) != CLI_OK)
        return CLI_USAGE;
    if (ta->route_cache && ta->opts.plan.matrix.provider != SAHA_MATRIX_OSRM)
        return cli_usage_error(cmd, "--route-cache needs --provider osrm");
    if (ta->opts.nshards > 1 && ta->opts.unassigned == SAHA_TEAM_UNASSIGNED_ASSIGN)
        return cli_usage_error(cmd, "--unassigned assign needs every rep: run it once "
                                    "without --shard, then shard its assignment.csv");
    if (!have_start)
        ta->opts.plan.start = cli_plan_next_monday();
    return 0;
}

static void args_init(team_args *ta)
{
    saha_team_options to;
    saha_account_load_options lo;
    (void)saha_account_load_options_init(&lo, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    memset(ta, 0, sizeof *ta);
    saha_team_options_init(&to, SAHA_TEAM_OPTIONS_VERSION);
    ta->opts = to;
    ta->opts.plan.time_limit_s = 3.0;
    ta->load = lo;
    cli_travel_init(&ta->travel, &ta->opts.plan.matrix);
}

/* ---- files ---------------------------------------------------------------------- */

static int make_dir(const char *path)
{
    struct stat st;
    char parent[PATH_MAX];
    size_t n = strlen(path);
    if (mkdir(path, 0777) == 0)
        return CLI_OK;
    if (errno == ENOENT && n < sizeof parent) {
        /* create the parents first (mkdir -p) */
        memcpy(parent, path, n + 1);
        while (n > 0 && parent[n - 1] == '/')
            parent[--n] = '\0';
        while (n > 0 && parent[n - 1] != '/')
            n--;
        while (n > 1 && parent[n - 1] == '/')
            n--;
        parent[n] = '\0';
        if (n > 0 && strcmp(parent, path) != 0 && make_dir(parent) == CLI_OK &&
            mkdir(path, 0777) == 0)
            return CLI_OK;
    }
    if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return CLI_OK;
    cli_errorf("%s: cannot create the folder: %s", path, strerror(errno));
    return CLI_FAIL;
}

/* "DIR/rest" into dst; CLI_FAIL when too long. */
static int join(char *dst, size_t cap, const char *dir, const char *rest)
{
    int n = snprintf(dst, cap, "%s/%s", dir, rest);
    if (n < 0 || (size_t)n >= cap) {
        cli_errorf("%s/%s: path too long", dir, rest);
        return CLI_FAIL;
    }
    return CLI_OK;
}

/* A rep id usable as a folder name. */
static int folder_name_ok(const char *id)
{
    return id[0] && strcmp(id, ".") && strcmp(id, "..") && !strchr(id, '/') &&
           !strchr(id, '\\');
}

typedef struct report_job {
    const saha_team_report *rep;
    saha_geo *geo;
    const saha_team_report *other; /* compare: B */
    int html;
    saha_csv_dialect dialect; /* team.csv, compare CSV: the --csv-dialect choice */
    const rep_maps *maps;     /* team.html: basemap and Leaflet; NULL = neither */
} report_job;

static saha_status write_team_csv(FILE *f, saha_ctx *ctx, void *payload)
{
    report_job *j = payload;
    return saha_team_report_write_csv_dialect(f, ctx, j->rep, &j->dialect);
}

static saha_status write_team_html(FILE *f, saha_ctx *ctx, void *payload)
{
    report_job *j = payload;
    saha_team_html_options o;
    (void)saha_team_html_options_init(&o, SAHA_TEAM_HTML_OPTIONS_VERSION);
    if (j->maps) {
        o.basemap = j->maps->basemap;
        o.leaflet_js = j->maps->leaflet_js;
        o.leaflet_css = j->maps->leaflet_css;
        o.tiles_url = j->maps->tiles_url;
        o.tiles_attribution = j->maps->tiles_attribution;
    }
    return saha_team_report_write_html_map(f, ctx, j->rep, j->geo, &o);
}

/* The week exports of every planned rep into DIR/<id>/. */
/* One rep's week exports into dir (path: scratch of cap bytes). */
static int write_rep_exports(saha_ctx *ctx, const team_args *ta,
                             const saha_team_member *m, const saha_itinerary *it,
                             const saha_account_set *set, saha_export_options *eo,
                             saha_geo *geo, const rep_maps *maps, const char *dir,
                             char *path, size_t cap, const char *const *inputs)
{
    cli_plan_export_job job;
    int rc;
    eo->geo = geo;
    eo->basemap = maps->basemap;
    eo->leaflet_js = maps->leaflet_js;
    eo->leaflet_css = maps->leaflet_css;
    eo->markercluster_js = maps->cluster_js;
    eo->markercluster_css = maps->cluster_css;
    eo->tiles_url = maps->tiles_url;
    eo->tiles_attribution = maps->tiles_attribution;
    eo->csv_raw = ta->csv_raw;
    cli_csv_dialect(ta->csv_dialect, set, &eo->csv_dialect);
    eo->utc_offset_min = cli_tz_offset_min(
        m->rep.timezone, it->ndays ? it->days[0].date : ta->opts.plan.start,
        eo->utc_offset_min);
    job.it = it;
    job.accounts = set;
    job.opts = eo;
    for (size_t e = 0; e < cli_plan_exporter_count(); e++) {
        const char *opt = cli_plan_exporter_option(e) + 2; /* "gpx" */
        char file[64];
        if (!strcmp(opt, "unvisited"))
            snprintf(file, sizeof file, "unvisited.csv");
        else
            snprintf(file, sizeof file, "week.%s", opt);
        if ((rc = join(path, cap, dir, file)) != CLI_OK)
            return rc;
        job.fn = cli_plan_exporter_fn(e);
        rc = cli_write_atomic(ctx, path, inputs, cli_plan_write_export, &job);
        if (rc != CLI_OK)
            return rc;
    }
    return CLI_OK;
}

/* With --provider osrm (and without --no-roads), each rep's days along the roads from
 * OSRM's Route service (one client per rep: route index = day index), for the rep's
 * week maps and for the report's team map. */
static int rep_roads(saha_ctx *ctx, const team_args *ta, const saha_team_member *m,
                     const saha_itinerary *it, const saha_account_set *set,
                     saha_team_report *report, saha_roads **out)
{
    int rc;
    *out = NULL;
    if (ta->no_roads || ta->opts.plan.matrix.provider != SAHA_MATRIX_OSRM)
        return CLI_OK;
    rc = cli_roads_open(ctx, &ta->opts.plan.matrix, ta->route_cache, out);
    if (rc == CLI_OK)
        rc = cli_roads_fetch(ctx, it, set, *out, ta->quiet, m->id);
    if (rc == CLI_OK && report &&
        saha_team_report_use_roads(report, ctx, m->id, it, set, *out) != SAHA_OK)
        rc = cli_report(ctx);
    return rc;
}

/* The basemap and Leaflet for the reps' week maps (quietly none when missing, like
 * saha plan). Returns a CLI exit code; *maps is filled either way (free it). */
static int read_rep_maps(saha_ctx *ctx, const team_args *ta, rep_maps *maps)
{
    char buf[4096];
    const char *bp =
        ta->basemap_path ? ta->basemap_path : cli_default_basemap(buf, sizeof buf);
    int rc;
    memset(maps, 0, sizeof *maps);
    maps->tiles_url = ta->tiles_url;
    maps->tiles_attribution = ta->tiles_attribution;
    if (bp && strcmp(bp, "none") != 0 &&
        saha_basemap_load(&maps->basemap, ctx, bp) != SAHA_OK)
        return cli_report(ctx);
    rc = cli_read_leaflet(ta->leaflet_dir, ta->quiet, &maps->leaflet_js,
                          &maps->leaflet_css);
    if (rc == CLI_OK && maps->leaflet_js)
        cli_read_markercluster(ta->leaflet_dir, &maps->cluster_js, &maps->cluster_css);
    return rc;
}

static void rep_maps_free(rep_maps *maps)
{
    saha_basemap_free(maps->basemap);
    free(maps->leaflet_js);
    free(maps->leaflet_css);
    free(maps->cluster_js);
    free(maps->cluster_css);
}

static int write_rep_folders(saha_ctx *ctx, saha_geo *geo, const team_args *ta,
                             const char *accounts_path, const char *out_dir,
                             const saha_team *team, const saha_team_result *res,
                             const saha_account_set *set, saha_team_report *report,
                             const rep_maps *maps)
{
    const char *inputs[] = {accounts_path, ta->reps_path, NULL};
    char dir[PATH_MAX], path[PATH_MAX];
    int rc = CLI_OK;
    for (size_t r = 0; r < saha_team_count(team) && rc == CLI_OK; r++) {
        const saha_team_member *m = saha_team_at(team, r);
        const saha_plan *plan = saha_team_rep_plan(res, r);
        const saha_itinerary *it;
        saha_export_options eo;
        saha_roads *roads = NULL;
        if (!plan)
            continue;
        saha_export_options_init(&eo, SAHA_EXPORT_OPTIONS_VERSION);
        cli_export_language(&eo);
        it = saha_plan_itinerary(plan);
        if ((rc = join(dir, sizeof dir, out_dir, m->id)) != CLI_OK ||
            (rc = make_dir(dir)) != CLI_OK)
            break;
        rc = rep_roads(ctx, ta, m, it, set, report, &roads);
        eo.roads = roads;
        if (rc == CLI_OK)
            rc = write_rep_exports(ctx, ta, m, it, set, &eo, geo, maps, dir, path,
                                   sizeof path, inputs);
        saha_roads_free(roads);
    }
    return rc;
}

/* team.csv in dialect d (NULL: plain), team.html. */
static int write_report(saha_ctx *ctx, saha_geo *geo, const char *out_dir,
                        const saha_team_report *rep, const char *const *inputs,
                        const saha_csv_dialect *d, const rep_maps *maps)
{
    char path[PATH_MAX];
    report_job j;
    int rc;
    memset(&j, 0, sizeof j);
    j.rep = rep;
    j.geo = geo;
    j.maps = maps;
    if (d)
        j.dialect = *d;
    if ((rc = join(path, sizeof path, out_dir, "team.csv")) != CLI_OK ||
        (rc = cli_write_atomic(ctx, path, inputs, write_team_csv, &j)) != CLI_OK)
        return rc;
    if ((rc = join(path, sizeof path, out_dir, "team.html")) != CLI_OK ||
        (rc = cli_write_atomic(ctx, path, inputs, write_team_html, &j)) != CLI_OK)
        return rc;
    return CLI_OK;
}

/* ---- printing --------------------------------------------------------------------- */

static void hours(char *dst, size_t cap, double h)
{
    long m = lround(h * 60.0);
    snprintf(dst, cap, "%ld:%02ld", m / 60, m % 60);
}

static void print_row(FILE *out, const saha_team_row *r)
{
    char d[48], w[48], won[32], left[32], cost[32];
    hours(d, sizeof d, r->drive_h);
    hours(w, sizeof w, r->work_h);
    cli_format_grouped(won, sizeof won, r->value_won);
    cli_format_grouped(left, sizeof left, r->value_left);
    cli_format_grouped(cost, sizeof cost, r->travel_cost);
    fprintf(out, "%-10.10s %-20.20s %8zu %6zu %8.1f %7s %7s %12s %12s %10s %6zu%s%s\n",
            r->id, r->name, r->accounts, r->visits, r->km, d, w, won, left, cost,
            r->must_missed, strcmp(r->status, "ok") && r->status[0] ? "  FAILED: " : "",
            strcmp(r->status, "ok") && r->status[0] ? r->status : "");
}

static void print_report(FILE *out, const saha_team_report *rep)
{
    saha_team_row t = saha_team_report_total(rep);
    fprintf(out, "%-10s %-20s %8s %6s %8s %7s %7s %12s %12s %10s %6s\n", "rep", "name",
            "accounts", "visits", "km", "drive", "work", "value won", "value left",
            "travel", "missed");
    for (size_t k = 0; k < saha_team_report_count(rep); k++)
        print_row(out, saha_team_report_row(rep, k));
    print_row(out, &t);
}

/* ---- the team run ------------------------------------------------------------------ */

typedef struct run_out {
    saha_team_report *report;
    int failed_reps;
    saha_csv_dialect dialect; /* of the CSV outputs: --csv-dialect, auto = the input's */
} run_out;

/* Plans accounts_path with the team, writes out_dir (when set), fills *ro. */
static int run_team(saha_ctx *ctx, saha_geo *geo, team_args *ta, const saha_team *team,
                    const char *accounts_path, const char *out_dir, run_out *ro)
{
    saha_account_set *set = NULL;
    saha_team_result *res = NULL;
    cli_progress prog;
    int rc = CLI_OK;
    double t0;
    const char *inputs[] = {accounts_path, ta->reps_path, NULL};
    rep_maps maps;

    memset(&maps, 0, sizeof maps);
    ro->report = NULL;
    ro->failed_reps = 0;
    /* the route cache is written to: never an input */
    if ((rc = cli_check_outputs(&ta->route_cache, 1, inputs)) != CLI_OK)
        return rc;
    set = cli_load_accounts(ctx, accounts_path, &ta->load, ta->quiet, &rc);
    if (set)
        cli_csv_dialect(ta->csv_dialect, set, &ro->dialect);
    if (!set)
        return rc;
    cli_progress_init(&prog, "planning reps", ta->quiet);
    ta->opts.progress = cli_progress_cb;
    ta->opts.payload = &prog;
    t0 = cli_now();
    if (saha_team_plan(&res, ctx, set, team, &ta->opts) != SAHA_OK) {
        cli_progress_end(&prog);
        rc = cli_report(ctx);
        goto done;
    }
    cli_progress_end(&prog);
    if (saha_team_report_create(&ro->report, ctx) != SAHA_OK ||
        saha_team_report_add_result(ro->report, ctx, res, set, team) != SAHA_OK) {
        rc = cli_report(ctx);
        goto done;
    }
    for (size_t r = 0; r < saha_team_count(team); r++) {
        const char *msg;
        if (saha_team_rep_selected(res, r) && saha_team_rep_status(res, r, &msg) < 0) {
            cli_errorf("rep %s: %s", saha_team_at(team, r)->id, msg);
            ro->failed_reps++;
        }
    }
    if (!ta->quiet) {
        size_t own = 0, assigned = 0, none = 0, unknown = 0;
        for (size_t a = 0; a < saha_account_count(set); a++) {
            switch (saha_team_owner_kind_of(res, a)) {
            case SAHA_TEAM_OWNER_OWN:
                own++;
                break;
            case SAHA_TEAM_OWNER_ASSIGNED:
                assigned++;
                break;
            case SAHA_TEAM_OWNER_UNKNOWN:
                unknown += saha_team_owner(res, a) == SIZE_MAX;
                break;
            case SAHA_TEAM_OWNER_NONE:
            default:
                none += saha_team_owner(res, a) == SIZE_MAX;
                break;
            }
        }
        printf("Team week of %04d-%02d-%02d: %zu reps%s (%.1f s)\n",
               ta->opts.plan.start.year, ta->opts.plan.start.month,
               ta->opts.plan.start.day, saha_team_report_count(ro->report),
               ta->opts.nshards > 1 ? " in this shard" : "", cli_now() - t0);
        print_report(stdout, ro->report);
        printf(
            "accounts: %zu valid = %zu with their rep + %zu assigned + %zu without a rep "
            "+ %zu naming no rep of the team\n",
            saha_account_count(set), own, assigned, none, unknown);
        if (assigned) {
            for (size_t r = 0; r < saha_team_count(team); r++) {
                size_t took = 0;
                for (size_t a = 0; a < saha_account_count(set); a++)
                    took += saha_team_owner(res, a) == r &&
                            saha_team_owner_kind_of(res, a) == SAHA_TEAM_OWNER_ASSIGNED;
                if (took)
                    printf("  %s took %zu unassigned account%s\n",
                           saha_team_at(team, r)->id, took, took == 1 ? "" : "s");
            }
            printf(
                "  (assigned_rep and assign_reason in assignment.csv say who and why)\n");
        }
    }
    if (out_dir) {
        char path[PATH_MAX];
        if ((rc = make_dir(out_dir)) != CLI_OK)
            goto done;
        rc = read_rep_maps(ctx, ta, &maps);
        if (rc == CLI_OK)
            rc = write_rep_folders(ctx, geo, ta, accounts_path, out_dir, team, res, set,
                                   ro->report, &maps);
        if (rc == CLI_OK)
            rc = write_report(ctx, geo, out_dir, ro->report, inputs, &ro->dialect, &maps);
        if (rc != CLI_OK)
            goto done;
        if (saha_team_apply(res, ctx, set) != SAHA_OK) {
            rc = cli_report(ctx);
            goto done;
        }
        if ((rc = join(path, sizeof path, out_dir, "assignment.csv")) != CLI_OK ||
            (rc = cli_write_atomic(ctx, path, inputs, cli_account_write, set)) != CLI_OK)
            goto done;
    }
    if (ro->failed_reps)
        rc = CLI_USAGE;
done:
    rep_maps_free(&maps);
    saha_team_result_free(res);
    saha_account_set_free(set);
    return rc;
}

static saha_team *load_team(saha_ctx *ctx, const char *path, int *rc)
{
    saha_team *team = NULL;
    if (saha_team_load(&team, ctx, path) != SAHA_OK) {
        *rc = cli_report(ctx);
        return NULL;
    }
    for (size_t r = 0; r < saha_team_count(team); r++) {
        const saha_team_member *m = saha_team_at(team, r);
        if (!folder_name_ok(m->id)) {
            cli_errorf("%s:%zu: id: '%s' cannot name a folder (no '/', not '.' or '..')",
                       path, m->line, m->id);
            saha_team_free(team);
            *rc = CLI_USAGE;
            return NULL;
        }
    }
    *rc = CLI_OK;
    return team;
}

/* The context, geometry and team of a run: CLI_OK, else the exit code (the caller
 * frees what was made, NULL or not). */
static int team_open(const team_args *ta, saha_ctx **ctx, saha_geo **geo,
                     saha_team **team)
{
    int rc = CLI_FAIL;
    *ctx = cli_ctx_create(0, ta->opts.plan.seed);
    if (!*ctx)
        return CLI_FAIL;
    if (saha_geo_create(geo, *ctx) != SAHA_OK)
        return cli_report(*ctx);
    *team = load_team(*ctx, ta->reps_path, &rc);
    return *team ? CLI_OK : rc;
}

static int cmd_team_plan(int argc, char **argv)
{
    team_args ta;
    saha_ctx *ctx = NULL;
    saha_geo *geo = NULL;
    saha_team *team = NULL;
    run_out ro = {NULL, 0, {0, 0, 0, 0}};
    int rc;

    args_init(&ta);
    rc = parse_args(argc, argv, 1, &ta, 1, "team");
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (!ta.out_dir)
        return cli_usage_error("team", "missing --out-dir DIR");
    if ((rc = team_open(&ta, &ctx, &geo, &team)) != CLI_OK)
        goto done;
    rc = run_team(ctx, geo, &ta, team, ta.accounts[0], ta.out_dir, &ro);
done:
    saha_team_report_free(ro.report);
    saha_team_free(team);
    saha_geo_free(geo);
    saha_ctx_free(ctx);
    return rc;
}

/* ---- compare ---------------------------------------------------------------------- */

typedef struct cmp_job {
    const saha_team_report *a, *b;
    const char *la, *lb;
    saha_csv_dialect dialect; /* of A's outputs */
} cmp_job;

static saha_status write_cmp_csv(FILE *f, saha_ctx *ctx, void *payload)
{
    cmp_job *j = payload;
    return saha_team_compare_write_csv_dialect(f, ctx, j->a, j->b, &j->dialect);
}

static saha_status write_cmp_html(FILE *f, saha_ctx *ctx, void *payload)
{
    cmp_job *j = payload;
    return saha_team_compare_write_html(f, ctx, j->a, j->b, j->la, j->lb);
}

static void print_compare(const saha_team_report *a, const saha_team_report *b)
{
    size_t i = 0, j = 0;
    saha_team_row ta = saha_team_report_total(a), tb = saha_team_report_total(b);
    printf("%-10s %-18s %13s %17s %23s %23s %12s\n", "rep", "name", "visits A/B",
           "km A/B", "value won A/B", "profit A/B", "B - A");
    for (;;) {
        const saha_team_row *ra =
            i < saha_team_report_count(a) ? saha_team_report_row(a, i) : NULL;
        const saha_team_row *rb =
            j < saha_team_report_count(b) ? saha_team_report_row(b, j) : NULL;
        const saha_team_row *x, *y;
        saha_team_row z;
        char s[4][32];
        int c;
        if (!ra && !rb)
            break;
        c = !ra ? 1 : !rb ? -1 : strcmp(ra->id, rb->id);
        memset(&z, 0, sizeof z);
        z.id = z.name = z.status = z.currency = "";
        x = c <= 0 ? ra : &z;
        y = c >= 0 ? rb : &z;
        i += c <= 0;
        j += c >= 0;
        if (ra == NULL && rb == NULL)
            break;
        cli_format_grouped(s[0], sizeof s[0], x->value_won);
        cli_format_grouped(s[1], sizeof s[1], y->value_won);
        cli_format_grouped(s[2], sizeof s[2], x->value_won - x->travel_cost);
        cli_format_grouped(s[3], sizeof s[3], y->value_won - y->travel_cost);
        printf(
            "%-10.10s %-18.18s %6zu/%-6zu %8.1f/%-8.1f %11s/%-11s %11s/%-11s %+12.0f\n",
            c <= 0 ? x->id : y->id, c <= 0 ? x->name : y->name, x->visits, y->visits,
            x->km, y->km, s[0], s[1], s[2], s[3],
            (y->value_won - y->travel_cost) - (x->value_won - x->travel_cost));
    }
    {
        char s[4][32];
        cli_format_grouped(s[0], sizeof s[0], ta.value_won);
        cli_format_grouped(s[1], sizeof s[1], tb.value_won);
        cli_format_grouped(s[2], sizeof s[2], ta.value_won - ta.travel_cost);
        cli_format_grouped(s[3], sizeof s[3], tb.value_won - tb.travel_cost);
        printf("%-10s %-18s %6zu/%-6zu %8.1f/%-8.1f %11s/%-11s %11s/%-11s %+12.0f\n",
               "TOTAL", "", ta.visits, tb.visits, ta.km, tb.km, s[0], s[1], s[2], s[3],
               (tb.value_won - tb.travel_cost) - (ta.value_won - ta.travel_cost));
    }
}

static int cmd_team_compare(int argc, char **argv)
{
    team_args ta;
    saha_ctx *ctx = NULL;
    saha_geo *geo = NULL;
    saha_team *team = NULL;
    run_out ra = {NULL, 0, {0, 0, 0, 0}}, rb = {NULL, 0, {0, 0, 0, 0}};
    char da[PATH_MAX], db[PATH_MAX];
    int rc, quiet;

    args_init(&ta);
    rc = parse_args(argc, argv, 2, &ta, 2, "team compare");
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    quiet = ta.quiet;
    if ((rc = team_open(&ta, &ctx, &geo, &team)) != CLI_OK)
        goto done;
    if (ta.out_dir) {
        if ((rc = make_dir(ta.out_dir)) != CLI_OK ||
            (rc = join(da, sizeof da, ta.out_dir, "a")) ||
            (rc = join(db, sizeof db, ta.out_dir, "b")))
            goto done;
    }
    ta.quiet = 1; /* one side-by-side summary instead of two */
    rc = run_team(ctx, geo, &ta, team, ta.accounts[0], ta.out_dir ? da : NULL, &ra);
    if (rc != CLI_OK && !ra.report)
        goto done;
    rc = run_team(ctx, geo, &ta, team, ta.accounts[1], ta.out_dir ? db : NULL, &rb);
    if (rc != CLI_OK && !rb.report)
        goto done;
    if (!quiet) {
        printf("A = %s, B = %s (profit = value won - travel cost)\n", ta.accounts[0],
               ta.accounts[1]);
        print_compare(ra.report, rb.report);
    }
    if (ta.out_dir) {
        const char *inputs[] = {ta.accounts[0], ta.accounts[1], ta.reps_path, NULL};
        cmp_job j;
        char path[PATH_MAX];
        int e;
        j.a = ra.report;
        j.b = rb.report;
        j.la = ta.accounts[0];
        j.lb = ta.accounts[1];
        j.dialect = ra.dialect;
        if ((e = join(path, sizeof path, ta.out_dir, "compare.csv")) != CLI_OK ||
            (e = cli_write_atomic(ctx, path, inputs, write_cmp_csv, &j)) != CLI_OK ||
            (e = join(path, sizeof path, ta.out_dir, "compare.html")) != CLI_OK ||
            (e = cli_write_atomic(ctx, path, inputs, write_cmp_html, &j)) != CLI_OK) {
            rc = e;
            goto done;
        }
    }
    if (ra.failed_reps || rb.failed_reps)
        rc = CLI_USAGE;
done:
    saha_team_report_free(ra.report);
    saha_team_report_free(rb.report);
    saha_team_free(team);
    saha_geo_free(geo);
    saha_ctx_free(ctx);
    return rc;
}

/* ---- merge ------------------------------------------------------------------------- */

typedef struct copy_job {
    const char *data;
    size_t len;
} copy_job;

static saha_status write_copy(FILE *f, saha_ctx *ctx, void *payload)
{
    copy_job *j = payload;
    (void)ctx;
    if (j->len && fwrite(j->data, 1, j->len, f) != j->len)
        return SAHA_EIO;
    return fflush(f) == 0 ? SAHA_OK : SAHA_EIO;
}

static int copy_file(saha_ctx *ctx, const char *from, const char *to)
{
    copy_job j;
    char *data = NULL;
    int rc = cli_read_input(from, &data, &j.len);
    if (rc != CLI_OK)
        return rc;
    j.data = data;
    rc = cli_write_atomic(ctx, to, NULL, write_copy, &j);
    free(data);
    return rc;
}

static int same_dir(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* The dialect DIR/team.csv was written in (the shards of one run share it), from its
 * header line: a BOM, the delimiter (no header name holds one), CR LF. */
static void team_csv_dialect(const char *dir, saha_csv_dialect *d)
{
    char path[PATH_MAX], line[1024];
    size_t n, commas = 0, semis = 0, tabs = 0, i = 0;
    FILE *f;
    memset(d, 0, sizeof *d);
    if (join(path, sizeof path, dir, "team.csv") != CLI_OK || !(f = fopen(path, "rb")))
        return;
    n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = '\0';
    if (n >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) {
        d->bom = 1;
        i = 3;
    }
    for (; i < n && line[i] != '\n'; i++) {
        commas += line[i] == ',';
        semis += line[i] == ';';
        tabs += line[i] == '\t';
        if (line[i] == '\r' && line[i + 1] == '\n')
            d->crlf = 1;
    }
    d->delimiter = semis > commas && semis >= tabs ? ';' : tabs > commas ? '\t' : ',';
    d->decimal_comma = d->delimiter == ';';
}

static int cmd_team_merge(int argc, char **argv)
{
    const char *out_dir = NULL, *dirs[1024];
    size_t ndirs = 0;
    saha_ctx *ctx = NULL;
    saha_geo *geo = NULL;
    saha_team_report *rep = NULL;
    saha_csv_dialect dialect;
    rep_maps maps;
    int rc = CLI_OK, quiet = 0;

    memset(&maps, 0, sizeof maps);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v;
        int err = 0;
        if (cli_opt_help(a, usage))
            return CLI_OK;
        if (cli_opt_is(a, "-q", "--quiet")) {
            quiet = 1;
            continue;
        }
        if ((v = cli_opt_value(argc, argv, &i, "--out-dir", &err)))
            out_dir = v;
        else if (err)
            return cli_usage_error("team merge", "%s needs a value", a);
        else if (a[0] == '-' && a[1])
            return cli_usage_error("team merge", "unknown option '%s'", a);
        else if (ndirs < sizeof dirs / sizeof dirs[0])
            dirs[ndirs++] = a;
        else
            return cli_usage_error("team merge", "too many folders (at most 1024)");
    }
    if (!ndirs)
        return cli_usage_error("team merge", "missing the shard folders DIR...");
    if (!out_dir)
        return cli_usage_error("team merge", "missing --out-dir DIR");
    ctx = cli_ctx_create(0, 1);
    if (!ctx)
        return CLI_FAIL;
    if (saha_geo_create(&geo, ctx) != SAHA_OK ||
        saha_team_report_create(&rep, ctx) != SAHA_OK) {
        rc = cli_report(ctx);
        goto done;
    }
    for (size_t d = 0; d < ndirs; d++) {
        if (saha_team_report_add_dir(rep, ctx, dirs[d]) != SAHA_OK) {
            rc = cli_report(ctx);
            goto done;
        }
    }
    if ((rc = make_dir(out_dir)) != CLI_OK)
        goto done;
    /* the per-rep folders, copied beside the merged report */
    for (size_t d = 0; d < ndirs; d++) {
        saha_team_report *one = NULL;
        if (same_dir(dirs[d], out_dir))
            continue;
        if (saha_team_report_create(&one, ctx) != SAHA_OK ||
            saha_team_report_add_dir(one, ctx, dirs[d]) != SAHA_OK) {
            saha_team_report_free(one);
            rc = cli_report(ctx);
            goto done;
        }
        for (size_t k = 0; k < saha_team_report_count(one) && rc == CLI_OK; k++) {
            const saha_team_row *r = saha_team_report_row(one, k);
            char src[PATH_MAX], dst[PATH_MAX], from[PATH_MAX], to[PATH_MAX];
            if (strcmp(r->status, "ok") || !folder_name_ok(r->id))
                continue;
            if ((rc = join(src, sizeof src, dirs[d], r->id)) != CLI_OK ||
                (rc = join(dst, sizeof dst, out_dir, r->id)) != CLI_OK ||
                (rc = make_dir(dst)) != CLI_OK)
                break;
            for (size_t e = 0; e < cli_plan_exporter_count() && rc == CLI_OK; e++) {
                const char *opt = cli_plan_exporter_option(e) + 2;
                char file[64];
                if (!strcmp(opt, "unvisited"))
                    snprintf(file, sizeof file, "unvisited.csv");
                else
                    snprintf(file, sizeof file, "week.%s", opt);
                if ((rc = join(from, sizeof from, src, file)) == CLI_OK &&
                    (rc = join(to, sizeof to, dst, file)) == CLI_OK)
                    rc = copy_file(ctx, from, to);
            }
        }
        saha_team_report_free(one);
        if (rc != CLI_OK)
            goto done;
        if (d == 0) {
            /* every shard writes the same assignment.csv; keep the first */
            char from[PATH_MAX], to[PATH_MAX];
            if (join(from, sizeof from, dirs[d], "assignment.csv") == CLI_OK &&
                access(from, R_OK) == 0 &&
                (rc = join(to, sizeof to, out_dir, "assignment.csv")) == CLI_OK)
                rc = copy_file(ctx, from, to);
            if (rc != CLI_OK)
                goto done;
        }
    }
    /* merged as the shards wrote it: the bytes of a one-process run */
    team_csv_dialect(dirs[0], &dialect);
    {
        team_args ta;
        args_init(&ta);
        ta.quiet = quiet;
        rc = read_rep_maps(ctx, &ta, &maps);
    }
    if (rc == CLI_OK)
        rc = write_report(ctx, geo, out_dir, rep, NULL, &dialect, &maps);
    if (rc == CLI_OK && !quiet) {
        printf("Merged %zu folders: %zu reps\n", ndirs, saha_team_report_count(rep));
        print_report(stdout, rep);
    }
done:
    rep_maps_free(&maps);
    saha_team_report_free(rep);
    saha_geo_free(geo);
    saha_ctx_free(ctx);
    return rc;
}

int cmd_team(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "compare"))
        return cmd_team_compare(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "merge"))
        return cmd_team_merge(argc, argv);
    return cmd_team_plan(argc, argv);
}
