/* saha matrix: writes the travel time and distance matrix of the accounts (and the rep's
 * home) in the long format from_id,to_id,duration_s,distance_m, from the built-in road
 * model, an OSRM server or an existing matrix file (checked and completed). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void usage(FILE *f)
{
    fprintf(
        f,
        _("Usage: saha matrix ACCOUNTS -o MATRIX.csv [options]\n"
          "\n"
          "Writes the travel time (s) and road distance (m) between every ordered pair "
          "of\n"
          "accounts as CSV: from_id,to_id,duration_s,distance_m (one row per pair).\n"
          "\n"
          "Input:\n"
          "  ACCOUNTS             accounts CSV / JSON / GeoJSON ('-' = stdin); accounts\n"
          "                       without coordinates are reported and left out\n"
          "  --rep REP.json       add the rep's home as id HOME; the rep's \"travel\" "
          "block\n"
          "                       sets the road model\n"
          "  --crs CRS            the accounts' x/y are in CRS (e.g. EPSG:5254)\n"
          "  --columns SPEC|FILE  read these columns as these fields (FIELD=HEADER,...\n"
          "                       or a file of FIELD=HEADER lines)\n"
          "  --sheet NAME         .xlsx input: the sheet to read (default: the first)\n"
          "\n"
          "Travel times:\n"));
    cli_travel_help(f, 23, 0);
    fprintf(
        f,
        _("                       (a --matrix file: every pair is checked; legs of HOME\n"
          "                       it lacks come from the road model)\n"
          "  --circuity X         road km per straight km for the model (default 1.3)\n"
          "  --threads N          threads for the model (default: all cores)\n"
          "\n"
          "Output:\n"
          "  -o, --output FILE    the matrix CSV ('-' = stdout)\n"
          "  --csv-dialect D      auto (default: as the account file: delimiter,\n"
          "                       decimal comma, BOM), plain, rfc4180, excel, excel-tr\n"
          "                       (--provider file reads each back)\n"
          "  -q, --quiet          no progress or summary on stderr\n"
          "  -v, --verbose        more detail on stderr\n"
          "  -h, --help           this help\n"
          "\n"
          "Exit status: 0 ok, 1 failure (network, unroutable pair, I/O), 2 bad "
          "input.\n"));
}

typedef struct matrix_job {
    const saha_matrix *m;
    const char *const *ids;
    saha_csv_dialect dialect;
} matrix_job;

static saha_status write_matrix(FILE *f, saha_ctx *ctx, void *payload)
{
    const matrix_job *j = payload;
    return saha_matrix_write_csv_dialect(f, ctx, j->m, j->ids, &j->dialect);
}

int cmd_matrix(int argc, char **argv)
{
    saha_matrix_options mo;
    cli_travel travel;
    saha_account_load_options lo;
    const char *accounts = NULL, *out = NULL, *rep_path = NULL, *crs = NULL;
    double circuity = NAN;
    int quiet = 0, verbose = 0, err = 0, st, rc = CLI_FAIL, dialect = CLI_CSV_AUTO;
    saha_ctx *ctx = NULL;
    saha_geo *geo = NULL;
    saha_account_set *set = NULL;
    saha_matrix *m = NULL;
    const char **ids = NULL;
    saha_latlon *pts = NULL;
    size_t n = 0, nacc, skipped = 0, unroutable = 0;
    saha_rep rep;
    double t0;
    (void)saha_matrix_options_init(&mo, SAHA_MATRIX_OPTIONS_VERSION);
    cli_travel_init(&travel, &mo);
    (void)saha_account_load_options_init(&lo, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (cli_opt_help(a, usage))
            return CLI_OK;
        if (cli_opt_is(a, "-q", "--quiet")) {
            quiet = 1;
            continue;
        }
        if (cli_opt_is(a, "-v", "--verbose")) {
            verbose++;
            continue;
        }
        if (cli_travel_opt(&travel, "matrix", argc, argv, &i, &err, &st)) {
            if (st != CLI_OK)
                return st;
        } else if ((v = cli_opt_value(argc, argv, &i, "--rep", &err))) {
            rep_path = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--crs", &err))) {
            crs = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--csv-dialect", &err))) {
            if (cli_csv_dialect_parse("matrix", v, &dialect) != CLI_OK)
                return CLI_USAGE;
        } else if ((v = cli_opt_value(argc, argv, &i, "--sheet", &err))) {
            lo.sheet = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--columns", &err))) {
            int crc = cli_columns_spec(v, &lo.columns);
            if (crc != CLI_OK)
                return crc;
        } else if ((v = cli_opt_value(argc, argv, &i, "--circuity", &err))) {
            if (cli_parse_double(v, &circuity) != 0 ||
                !(circuity >= 1.0 && circuity <= 5.0))
                return cli_usage_error("matrix",
                                       "--circuity wants a number in [1, 5], not "
                                       "'%s'",
                                       v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--threads", &err))) {
            size_t t;
            if (cli_parse_size(v, &t) != 0 || t > 64)
                return cli_usage_error("matrix", "--threads wants 0..64, not '%s'", v);
            mo.threads = (unsigned)t;
        } else if ((v = cli_opt_output(argc, argv, &i, &err))) {
            out = v;
        } else if (cli_opt_rest("matrix", a, err, &accounts, 1) != CLI_OK) {
            return CLI_USAGE;
        }
        if (err)
            return CLI_USAGE;
    }
    if (!accounts)
        return cli_usage_error("matrix", "no accounts file given");
    if (!out)
        return cli_usage_error("matrix",
                               "no output given (-o matrix.csv, or -o - for stdout)");
    if (cli_travel_finish(&travel, "matrix", 0) != CLI_OK)
        return CLI_USAGE;

    {
        const char *inputs[4] = {accounts, mo.file_path, rep_path, NULL};
        const char *outs[1] = {out};
        if (!inputs[1]) {
            inputs[1] = inputs[2];
            inputs[2] = NULL;
        }
        rc = cli_check_outputs(outs, 1, inputs);
        if (rc != CLI_OK)
            return rc;
    }
    ctx = cli_ctx_create(verbose, 1);
    if (!ctx)
        return CLI_FAIL;
    if (crs) {
        if (saha_geo_create(&geo, ctx) < 0) {
            rc = cli_report(ctx);
            goto done;
        }
        lo.geo = geo;
        lo.crs = crs;
    }
    if (rep_path) {
        if (saha_rep_load(&rep, ctx, rep_path) < 0) {
            rc = cli_report_input(ctx);
            goto done;
        }
        mo.travel = rep.travel;
    }
    if (!isnan(circuity))
        mo.travel.circuity = circuity;
    set = cli_load_accounts(ctx, accounts, &lo, quiet, &rc);
    if (!set)
        goto done;
    if (rep_path && (rc = cli_refuse_home_id(set)) != CLI_OK)
        goto done;
    nacc = saha_account_count(set);
    ids = calloc(nacc + 1, sizeof *ids);
    pts = calloc(nacc + 1, sizeof *pts);
    if (!ids || !pts) {
        cli_errorf("out of memory");
        rc = CLI_FAIL;
        goto done;
    }
    for (size_t i = 0; i < nacc; i++) {
        const saha_account *a = saha_account_at(set, i);
        if (!a->has_coords) {
            if (!quiet && skipped < 10)
                cli_warnf("%s:%zu: %s: no coordinates, left out of the matrix (run saha "
                          "geocode first)",
                          saha_account_source(set), (size_t)a->line, a->id);
            skipped++;
            continue;
        }
        ids[n] = a->id;
        pts[n].lat_deg = a->lat_deg;
        pts[n].lon_deg = a->lon_deg;
        n++;
    }
    if (!quiet && skipped > 10)
        cli_warnf("%s: ... and %zu more accounts without coordinates left out",
                  saha_account_source(set), skipped - 10);
    if (rep_path) {
        ids[n] = "HOME";
        pts[n] = rep.home;
        n++;
    }
    if (n == 0) {
        cli_errorf("%s: no account with coordinates", saha_account_source(set));
        rc = CLI_USAGE;
        goto done;
    }
    t0 = cli_now();
    rc = cli_travel_matrix(&m, ctx, geo, ids, pts, n, &mo, quiet);
    if (rc != CLI_OK)
        goto done;
    for (size_t i = 0; i < n; i++)
        if (saha_matrix_unroutable(m, i)) {
            if (!strcmp(ids[i], "HOME")) {
                cli_errorf("HOME: the OSRM server moved the rep's home %.0f m to reach a "
                           "road (more than --osrm-snap-max %.0f m)",
                           saha_matrix_snap_m(m, i), mo.snap_max_m);
                rc = CLI_FAIL;
                goto done;
            }
            unroutable++;
        }
    {
        const char *inputs[4];
        size_t k = 0;
        matrix_job job;
        inputs[k++] = accounts;
        if (mo.file_path)
            inputs[k++] = mo.file_path;
        if (rep_path)
            inputs[k++] = rep_path;
        inputs[k] = NULL;
        job.m = m;
        job.ids = ids;
        cli_csv_dialect(dialect, set, &job.dialect);
        rc = cli_write_atomic(ctx, out, inputs, write_matrix, &job);
    }
    if (rc == CLI_OK && !quiet)
        fprintf(stderr,
                "saha: matrix of %zu points (%zu pairs, %s) in %.2f s%s; %zu account(s) "
                "without coordinates left out\n",
                n - unroutable, (n - unroutable) * (n - unroutable - 1),
                mo.provider == SAHA_MATRIX_OSRM
                    ? "osrm"
                    : (mo.provider == SAHA_MATRIX_FILE ? "file" : "model"),
                cli_now() - t0, rep_path ? ", HOME included" : "", skipped);
    if (rc == CLI_OK && !quiet && unroutable)
        fprintf(stderr,
                "saha: %zu point(s) left out as unroutable (moved more than %.0f m to "
                "reach a road; named above; --osrm-snap-max raises the limit)\n",
                unroutable, mo.snap_max_m);
done:
    saha_matrix_free(m);
    free(pts);
    free(ids);
    saha_account_set_free(set);
    saha_geo_free(geo);
    saha_ctx_free(ctx);
    return rc;
}
