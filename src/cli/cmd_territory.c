/* saha territory: split accounts into balanced, compact, stable territories. Also holds
 * the run shared with `saha demo` (cmd_territory.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_plan.h"
#include "cli/cmd_territory.h"

static void usage(FILE *f)
{
    fprintf(
        f,
        _("Usage: saha territory ACCOUNTS (--reps FILE | -k N) -o ASSIGNMENT.csv "
          "[options]\n"
          "\n"
          "Splits the accounts into one territory per rep (or N territories) so that\n"
          "every territory's workload is within +-tolerance of its share, territories\n"
          "are compact, and, with --previous, as few accounts as possible change hands.\n"
          "\n"
          "Input:\n"
          "  ACCOUNTS             accounts CSV / JSON / GeoJSON ('-' = stdin); rows\n"
          "                       without coordinates are reported and written back "
          "with\n"
          "                       an empty territory\n"
          "  --reps FILE          reps CSV: id, name, lat, lon (the home; a home "
          "address\n"
          "                       must be geocoded first, e.g. with saha geocode),\n"
          "                       optional capacity (1 = full time, 0.5 = part time) "
          "and\n"
          "                       max_accounts; territories are anchored at the homes\n"
          "  -k, --territories N  N territories with free centres (ids T1..TN)\n"
          "  --previous FILE      a previous assignment CSV (id + territory columns):\n"
          "                       keep it, moving only what the tolerance requires\n"
          "  --keep-assigned      accounts whose rep column names a rep (id or name)\n"
          "                       stay with that rep\n"
          "  --crs CRS            the accounts' x/y are in CRS (e.g. EPSG:5254)\n"
          "  --columns SPEC|FILE  read these columns as these fields (FIELD=HEADER,...\n"
          "                       or a file of FIELD=HEADER lines)\n"
          "  --sheet NAME         .xlsx input: the sheet to read (default: the first)\n"
          "  --csv-dialect D      CSV output: auto (default: as the input), plain,\n"
          "                       rfc4180, excel or excel-tr (see 'saha plan --help')\n"
          "\n"
          "Balance:\n"
          "  --balance WHAT       workload (default: visit + travel hours per period),\n"
          "                       value (value x probability) or count (accounts)\n"
          "  --tolerance PCT      allowed deviation from the share, %% (default 3)\n"
          "  --period-days D      workload period (default 28); accounts without\n"
          "                       frequency_days are visited once per period\n"
          "  --seed N             seed for the free centres (default 1)\n"
          "\n"
          "Output:\n"
          "  -o, --output FILE    assignment CSV: every input row and column plus\n"
          "                       territory and rep ('-' = stdout)\n"
          "  --geojson FILE       each territory's area (a MultiPolygon; areas never\n"
          "                       overlap), a label point inside it, the homes\n"
          "  --svg FILE           the map (territory areas over a basemap)\n"
          "  --html FILE          one HTML page: an interactive map (Leaflet, inlined) "
          "of\n"
          "                       the areas and accounts, the SVG map, the summary\n"
          "  --basemap FILE       basemap GeoJSON under the maps (default: the samples'\n"
          "                       maps/basemap/marmara-aegean.geojson; none = none)\n"
          "  --leaflet DIR        Leaflet for --html (default "
          "/usr/share/javascript/leaflet,\n"
          "                       Debian libjs-leaflet; none = the SVG map only)\n"
          "  --tiles URL          online tiles over the basemap in --html "
          "({z}/{x}/{y});\n"
          "                       default none: the page makes no request\n"
          "  --tiles-attribution T  text shown for the tiles\n"
          "  -q, --quiet          no progress or notes on stderr\n"
          "  -h, --help           this help\n"
          "\n"
          "A summary table (accounts, workload h, value, spread km, deviation %% per\n"
          "territory) goes to stdout (stderr when -o is '-'). Exit status: 0 ok, 1 the\n"
          "tolerance could not be met (outputs still written) or failure, 2 bad "
          "input.\n"));
}

/* Prints s padded with spaces to `width` characters (UTF-8 aware). */
static void put_padded(FILE *out, const char *s, size_t width, int right)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        chars += (*p & 0xC0) != 0x80;
    if (right)
        for (size_t i = chars; i < width; i++)
            fputc(' ', out);
    fputs(s, out);
    if (!right)
        for (size_t i = chars; i < width; i++)
            fputc(' ', out);
}

/* One line on why territory ti is off its share (ti->limit). */
static void print_limit(const saha_territory_info *ti, const saha_territory_result *res,
                        double tolerance)
{
    /* TRANSLATORS: completes "the nearest territory that could ..." */
    const char *dir =
        ti->deviation_pct > 0 ? _("take its excess") : _("give it accounts");
    const saha_territory_info *nb =
        ti->nearest != SIZE_MAX ? saha_territory_at(res, ti->nearest) : NULL;
    switch (ti->limit) {
    case SAHA_TERRITORY_LIMIT_MAX_ACCOUNTS:
        cli_errorf("%s: %+.1f %% from its share: max_accounts reached", ti->id,
                   ti->deviation_pct);
        break;
    case SAHA_TERRITORY_LIMIT_LOCKED:
        if (ti->deviation_pct > 0)
            cli_errorf("%s: %+.1f %% from its share: its accounts kept with their rep "
                       "(--keep-assigned) alone are over +%.1f %%",
                       ti->id, ti->deviation_pct, 100.0 * tolerance);
        else
            cli_errorf("%s: %+.1f %% from its share: the accounts that could join it are "
                       "kept with their rep (--keep-assigned)",
                       ti->id, ti->deviation_pct);
        break;
    case SAHA_TERRITORY_LIMIT_ISLAND:
        if (nb)
            cli_errorf("%s: %+.1f %% from its share: an island: no account can cross its "
                       "border, the territories around it are at their bounds too; the "
                       "nearest that could %s is %s, %.0f km away",
                       ti->id, ti->deviation_pct, dir, nb->id, ti->nearest_km);
        else
            cli_errorf("%s: %+.1f %% from its share: an island: no account can cross its "
                       "border and no territory could %s",
                       ti->id, ti->deviation_pct, dir);
        break;
    case SAHA_TERRITORY_LIMIT_HEAVY:
        cli_errorf("%s: %+.1f %% from its share: every account that could cross its "
                   "border is heavier than the +-%.1f %% band",
                   ti->id, ti->deviation_pct, 100.0 * tolerance);
        break;
    case SAHA_TERRITORY_LIMIT_SHARED_COORDS:
        /* Its accounts share few coordinates: the border must split one coordinate's
         * accounts, and the search found no split inside the band. */
        if (ti->coords == 1)
            cli_errorf("%s: %+.1f %% from its share: all its %zu accounts sit on one "
                       "coordinate (a city-level geocode?), "
                       "and no finer split of them fits the band; geocode them to the "
                       "street or use a larger --tolerance",
                       ti->id, ti->deviation_pct, ti->accounts);
        else
            cli_errorf("%s: %+.1f %% from its share: its %zu accounts sit on %zu "
                       "coordinates of about %.0f accounts each (city-level geocodes?), "
                       "and no finer split of them fits the band; geocode them to the "
                       "street or use a larger --tolerance",
                       ti->id, ti->deviation_pct, ti->accounts, ti->coords,
                       (double)ti->accounts / (double)ti->coords);
        break;
    default:
        cli_errorf("%s: %+.1f %% from its share: the search stopped short (a larger "
                   "--tolerance may help)",
                   ti->id, ti->deviation_pct);
        break;
    }
}

static const char *balance_name(saha_territory_balance b)
{
    switch (b) {
    case SAHA_TERRITORY_BALANCE_VALUE:
        return "value";
    case SAHA_TERRITORY_BALANCE_COUNT:
        return "count";
    case SAHA_TERRITORY_BALANCE_WORKLOAD:
    default:
        return "workload";
    }
}

static void print_summary(FILE *out, const saha_territory_result *res,
                          const saha_account_set *set, const cli_territory_job *job,
                          double seconds)
{
    size_t k = saha_territory_count(res), acc = 0, moves = saha_territory_move_count(res);
    double wl = 0, val = 0;
    char buf[64];

    fprintf(out, "%zu territories, balance %s, tolerance +-%.1f %% ", k,
            balance_name(job->opts.balance), 100.0 * job->opts.tolerance);
    if (job->no_timing)
        fprintf(out, "(seed %llu)\n", (unsigned long long)job->seed);
    else
        fprintf(out, "(%.2f s)\n", seconds);
    put_padded(out, "territory", 12, 0);
    put_padded(out, "rep", 20, 0);
    fprintf(out, "%8s %11s %13s %10s %10s\n", "accounts", "workload_h", "value",
            "spread_km", "deviation");
    for (size_t t = 0; t < k; t++) {
        const saha_territory_info *ti = saha_territory_at(res, t);
        put_padded(out, ti->id, 12, 0);
        put_padded(out, ti->rep_name[0] ? ti->rep_name : "-", 20, 0);
        cli_format_grouped(buf, sizeof buf, ti->value);
        fprintf(out, "%8zu %11.1f %13s %10.1f %+8.1f %%\n", ti->accounts, ti->workload_h,
                buf, ti->spread_km, ti->deviation_pct);
        acc += ti->accounts;
        wl += ti->workload_h;
        val += ti->value;
    }
    put_padded(out, "total", 32, 0);
    cli_format_grouped(buf, sizeof buf, val);
    fprintf(out, "%8zu %11.1f %13s %10.1f\n", acc, wl, buf,
            saha_territory_spread_km(res));
    fprintf(out,
            "max deviation %.1f %% (%s); rows: %zu read = %zu assigned + %zu without "
            "coordinates + %zu rejected\n",
            saha_territory_max_deviation_pct(res),
            saha_territory_balanced(res) ? "within tolerance" : "CONSTRAINTS NOT MET",
            saha_account_rows_read(set), acc, saha_territory_missing_coords_count(res),
            saha_account_rejected_count(set));
    if (job->previous_path) {
        size_t gone = 0;
        fprintf(out, "moved %zu of %zu accounts against %s\n", moves, acc,
                job->previous_path);
        /* Group the moves by (from, to, reason). */
        for (size_t m = 0; m < moves; m++) {
            const saha_territory_move *mv = saha_territory_move_at(res, m);
            size_t n = 0;
            int first = 1;
            if (mv->reason == SAHA_TERRITORY_MOVE_GONE) {
                gone++;
                continue;
            }
            for (size_t q = 0; q < m; q++) {
                const saha_territory_move *o = saha_territory_move_at(res, q);
                if (o->from == mv->from && o->to == mv->to && o->reason == mv->reason)
                    first = 0;
            }
            if (!first)
                continue;
            for (size_t q = m; q < moves; q++) {
                const saha_territory_move *o = saha_territory_move_at(res, q);
                n += o->from == mv->from && o->to == mv->to && o->reason == mv->reason;
            }
            {
                const saha_territory_info *a = saha_territory_at(res, mv->from),
                                          *b = saha_territory_at(res, mv->to);
                switch (mv->reason) {
                case SAHA_TERRITORY_MOVE_FROM_OVER:
                    fprintf(out, "  %zu %s -> %s: %s was over (%+.1f %% before)\n", n,
                            a->id, b->id, a->id, a->deviation_before_pct);
                    break;
                case SAHA_TERRITORY_MOVE_TO_UNDER:
                    fprintf(out, "  %zu %s -> %s: %s was under (%+.1f %% before)\n", n,
                            a->id, b->id, b->id, b->deviation_before_pct);
                    break;
                default:
                    fprintf(out,
                            "  %zu %s -> %s: kept with their rep (--keep-assigned)\n", n,
                            a->id, b->id);
                    break;
                }
            }
        }
        if (gone)
            fprintf(out, "  %zu from territories that no longer exist\n", gone);
    }
}

typedef struct write_payload {
    saha_territory_result *res;
    saha_account_set *set;
    saha_geo *geo;
    const saha_basemap *basemap;
    const saha_territory_html_options *html;
} write_payload;

static saha_status write_csv(FILE *f, saha_ctx *ctx, void *payload)
{
    write_payload *p = payload;
    return cli_account_write(f, ctx, p->set);
}

static saha_status write_geojson(FILE *f, saha_ctx *ctx, void *payload)
{
    write_payload *p = payload;
    return saha_territory_write_geojson(f, ctx, p->res);
}

static saha_status write_svg(FILE *f, saha_ctx *ctx, void *payload)
{
    write_payload *p = payload;
    return saha_territory_write_map_svg(f, ctx, p->res, p->set, p->geo, p->basemap);
}

static saha_status write_html(FILE *f, saha_ctx *ctx, void *payload)
{
    write_payload *p = payload;
    return saha_territory_write_html(f, ctx, p->res, p->set, p->geo, p->html);
}

int cli_territory_run(cli_territory_job *job)
{
    saha_ctx *ctx = NULL;
    saha_geo *geo = NULL;
    saha_account_set *set = NULL;
    saha_territory_reps *reps = NULL;
    saha_territory_previous *prev = NULL;
    saha_territory_result *res = NULL;
    saha_basemap *basemap = NULL;
    char *leaflet_js = NULL, *leaflet_css = NULL;
    saha_account_load_options load;
    cli_progress prog;
    const char *inputs[4] = {NULL, NULL, NULL, NULL};
    size_t ni = 0;
    write_payload wp;
    FILE *sum;
    double t0;
    int rc = CLI_OK;
    (void)saha_account_load_options_init(&load, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);

    /* Outputs never overwrite an input, nor each other: checked before any work. */
    if (strcmp(job->accounts_path, "-") != 0)
        inputs[ni++] = job->accounts_path;
    if (job->reps_path)
        inputs[ni++] = job->reps_path;
    if (job->previous_path)
        inputs[ni++] = job->previous_path;
    {
        const char *outs[4] = {job->out_csv, job->out_geojson, job->out_svg,
                               job->out_html};
        rc = cli_check_outputs(outs, 4, inputs);
        if (rc != CLI_OK)
            return rc;
    }
    ctx = cli_ctx_create(0, job->seed);
    if (!ctx)
        return CLI_FAIL;
    if (job->quiet)
        saha_ctx_use_log_level(ctx, SAHA_LOG_ERROR);
    if (saha_geo_create(&geo, ctx) != SAHA_OK) {
        cli_report(ctx);
        rc = CLI_FAIL;
        goto done;
    }
    /* Small inputs first: a bad reps or previous file is reported before the accounts
     * are read. */
    if (job->reps_path &&
        saha_territory_reps_load(&reps, ctx, job->reps_path) != SAHA_OK) {
        rc = cli_report_input(ctx);
        goto done;
    }
    if (job->previous_path &&
        saha_territory_previous_load(&prev, ctx, job->previous_path) != SAHA_OK) {
        rc = cli_report_input(ctx);
        goto done;
    }
    load.geo = geo;
    load.crs = job->crs;
    load.columns = job->columns;
    load.sheet = job->sheet;
    set = cli_load_accounts(ctx, job->accounts_path, &load, job->quiet, &rc);
    if (!set)
        goto done;
    if (!job->quiet && saha_account_missing_coords_count(set)) {
        size_t shown = 0, miss = saha_account_missing_coords_count(set);
        fflush(stdout);
        fprintf(stderr,
                "saha: %zu accounts without coordinates are left out (written with "
                "an empty territory):",
                miss);
        for (size_t i = 0; i < saha_account_count(set) && shown < 5; i++) {
            const saha_account *a = saha_account_at(set, i);
            if (a->has_coords)
                continue;
            fprintf(stderr, "%s %s (line %zu)", shown ? "," : "", a->id, (size_t)a->line);
            shown++;
        }
        fprintf(stderr, "%s\n", miss > shown ? ", ..." : "");
    }
    job->opts.previous = prev;
    job->opts.seed = job->seed;
    cli_progress_init(&prog, "territory", job->quiet);
    job->opts.progress = cli_progress_cb;
    job->opts.payload = &prog;
    t0 = cli_now();
    if (saha_territory_solve(&res, ctx, geo, set, reps, &job->opts) != SAHA_OK) {
        cli_progress_end(&prog);
        rc = cli_report(ctx);
        goto done;
    }
    cli_progress_end(&prog);
    if (saha_territory_apply(res, ctx, set) != SAHA_OK) {
        rc = cli_report(ctx);
        goto done;
    }
    wp.res = res;
    wp.set = set;
    wp.geo = geo;
    wp.basemap = NULL;
    wp.html = NULL;
    {
        /* the outputs of one run: all of them, or none */
        cli_output outs[4];
        size_t n = 0;
        saha_territory_html_options ho;
        (void)saha_territory_html_options_init(&ho, SAHA_TERRITORY_HTML_OPTIONS_VERSION);
        rc = CLI_OK;
        if (job->out_svg || job->out_html) {
            char buf[4096];
            const char *bp = job->basemap_path ? job->basemap_path
                                               : cli_default_basemap(buf, sizeof buf);
            if (bp && strcmp(bp, "none") != 0 &&
                saha_basemap_load(&basemap, ctx, bp) != SAHA_OK)
                rc = cli_report(ctx);
            wp.basemap = basemap;
        }
        if (rc == CLI_OK && job->out_html) {
            rc =
                cli_read_leaflet(job->leaflet_dir, job->quiet, &leaflet_js, &leaflet_css);
            ho.basemap = basemap;
            ho.leaflet_js = leaflet_js;
            ho.leaflet_css = leaflet_css;
            ho.tiles_url = job->tiles_url;
            ho.tiles_attribution = job->tiles_attribution;
            wp.html = &ho;
        }
        outs[n++] = (cli_output){job->out_csv, write_csv, &wp};
        if (job->out_geojson)
            outs[n++] = (cli_output){job->out_geojson, write_geojson, &wp};
        if (job->out_svg)
            outs[n++] = (cli_output){job->out_svg, write_svg, &wp};
        if (job->out_html)
            outs[n++] = (cli_output){job->out_html, write_html, &wp};
        if (rc == CLI_OK)
            rc = cli_write_outputs(ctx, outs, n, inputs);
    }
    if (rc != CLI_OK)
        goto done;
    sum = !strcmp(job->out_csv, "-") ||
                  (job->out_geojson && !strcmp(job->out_geojson, "-")) ||
                  (job->out_svg && !strcmp(job->out_svg, "-"))
              ? stderr
              : stdout;
    fflush(stdout);
    if (!job->no_summary)
        print_summary(sum, res, set, job, cli_now() - t0);
    if (!saha_territory_balanced(res)) {
        /* Name what is off and why, in words. */
        for (size_t t = 0; t < saha_territory_count(res); t++) {
            const saha_territory_info *ti = saha_territory_at(res, t);
            const saha_territory_rep *r = reps ? saha_territory_reps_at(reps, t) : NULL;
            if (r && r->max_accounts && ti->accounts > r->max_accounts)
                cli_errorf("%s: %zu accounts, max_accounts %zu", ti->id, ti->accounts,
                           r->max_accounts);
            else if (ti->limit != SAHA_TERRITORY_LIMIT_NONE)
                print_limit(ti, res, job->opts.tolerance);
        }
        cli_errorf("tolerance +-%.1f %% or max_accounts not met (reasons above); outputs "
                   "written",
                   100.0 * job->opts.tolerance);
        rc = CLI_FAIL;
    }
done:
    saha_basemap_free(basemap);
    free(leaflet_js);
    free(leaflet_css);
    saha_territory_result_free(res);
    saha_territory_previous_free(prev);
    saha_territory_reps_free(reps);
    saha_account_set_free(set);
    saha_geo_free(geo);
    saha_ctx_free(ctx);
    return rc;
}

int cmd_territory(int argc, char **argv)
{
    cli_territory_job job;
    saha_territory_options init;
    const char *accounts = NULL;
    int err = 0;
    (void)saha_territory_options_init(&init, SAHA_TERRITORY_OPTIONS_VERSION);

    memset(&job, 0, sizeof job);
    job.opts = init;
    job.seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (cli_opt_help(a, usage))
            return CLI_OK;
        if (cli_opt_is(a, "-q", "--quiet")) {
            job.quiet = 1;
            continue;
        }
        if (!strcmp(a, "--keep-assigned")) {
            job.opts.keep_assigned = 1;
            continue;
        }
        if ((v = cli_opt_value(argc, argv, &i, "--reps", &err))) {
            job.reps_path = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "-k", &err)) ||
                   (v = cli_opt_value(argc, argv, &i, "--territories", &err))) {
            if (cli_parse_size(v, &job.opts.k) != 0 || job.opts.k == 0)
                return cli_usage_error("territory",
                                       "-k wants a whole number >= 1, not '%s'", v);
        } else if ((v = cli_opt_output(argc, argv, &i, &err))) {
            job.out_csv = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--geojson", &err))) {
            job.out_geojson = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--svg", &err))) {
            job.out_svg = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--basemap", &err))) {
            job.basemap_path = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--html", &err))) {
            job.out_html = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--leaflet", &err))) {
            job.leaflet_dir = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--tiles", &err))) {
            if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0)
                return cli_usage_error(
                    "territory", "--tiles: expected an http(s) URL template, got '%s'",
                    v);
            job.tiles_url = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--tiles-attribution", &err))) {
            job.tiles_attribution = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--previous", &err))) {
            job.previous_path = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--crs", &err))) {
            job.crs = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--csv-dialect", &err))) {
            int dc;
            if (cli_csv_dialect_parse("territory", v, &dc) != CLI_OK)
                return CLI_USAGE;
            cli_csv_dialect_use(dc);
        } else if ((v = cli_opt_value(argc, argv, &i, "--sheet", &err))) {
            job.sheet = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--columns", &err))) {
            int crc = cli_columns_spec(v, &job.columns);
            if (crc != CLI_OK)
                return crc;
        } else if ((v = cli_opt_value(argc, argv, &i, "--balance", &err))) {
            if (!strcmp(v, "workload"))
                job.opts.balance = SAHA_TERRITORY_BALANCE_WORKLOAD;
            else if (!strcmp(v, "value"))
                job.opts.balance = SAHA_TERRITORY_BALANCE_VALUE;
            else if (!strcmp(v, "count"))
                job.opts.balance = SAHA_TERRITORY_BALANCE_COUNT;
            else
                return cli_usage_error(
                    "territory", "--balance wants workload, value or count, not '%s'", v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--tolerance", &err))) {
            double pct;
            size_t len = strlen(v);
            char tmp[64];
            /* "5" or "5%" */
            if (len && len < sizeof tmp && v[len - 1] == '%') {
                memcpy(tmp, v, len - 1);
                tmp[len - 1] = '\0';
            } else {
                snprintf(tmp, sizeof tmp, "%s", v);
            }
            if (cli_parse_double(tmp, &pct) != 0 || !(pct >= 0 && pct < 100))
                return cli_usage_error(
                    "territory", "--tolerance wants a percentage in [0, 100), not '%s'",
                    v);
            job.opts.tolerance = pct / 100.0;
        } else if ((v = cli_opt_value(argc, argv, &i, "--period-days", &err))) {
            if (cli_parse_double(v, &job.opts.period_days) != 0 ||
                !(job.opts.period_days > 0))
                return cli_usage_error("territory",
                                       "--period-days wants days > 0, not '%s'", v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--seed", &err))) {
            if (cli_parse_u64(v, &job.seed) != 0)
                return cli_usage_error("territory",
                                       "--seed wants a whole number, not '%s'", v);
        } else if (cli_opt_rest("territory", a, err, &accounts, 1) != CLI_OK) {
            return CLI_USAGE;
        }
        if (err)
            return CLI_USAGE;
    }
    if (err)
        return CLI_USAGE;
    if (!accounts)
        return cli_usage_error("territory", "no accounts file given");
    if (!job.reps_path == !job.opts.k)
        return cli_usage_error("territory", "give either --reps FILE or -k N");
    if (!job.out_csv)
        return cli_usage_error("territory", "no output given (-o assignment.csv)");
    job.accounts_path = accounts;
    return cli_territory_run(&job);
}
