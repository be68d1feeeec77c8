/* saha calibrate: fits the offline road model (circuity and speed bands of the rep
 * file's "travel" block) to road data from an OSRM server or a matrix file, writes the
 * fitted block as JSON and prints the model's errors before and after per distance
 * band. The fit is saha_travel_calibrate's (include/saha/matrix.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void usage(FILE *f)
{
    fprintf(
        f,
        _("Usage: saha calibrate ACCOUNTS --provider osrm --osrm-url URL -o travel.json\n"
          "       saha calibrate ACCOUNTS --provider file --matrix FILE -o travel.json\n"
          "\n"
          "Fits the offline road model to real road data: samples pairs of accounts\n"
          "stratified by straight-line distance, fits the circuity (median road km /\n"
          "straight km, and one per distance band for the short legs) and the speed\n"
          "of each band of the rep's travel.speed_kmh (least squares of the relative\n"
          "time error), writes {\"travel\": {...}} for the rep file, and prints the\n"
          "median and p90 errors of distance and time before and after, per distance\n"
          "band.\n"
          "\n"
          "  ACCOUNTS             accounts CSV / JSON / GeoJSON with coordinates\n"));
    cli_travel_help(f, 23, 1);
    fprintf(
        f,
        _("  --samples N          pairs to fit on (default 2000); with osrm, about\n"
          "                       sqrt(4 N) accounts spread over the file are queried\n"
          "  --rep REP.json       the model before (its travel block, default circuity\n"
          "                       1.3, [[5,25],[50,50],[1e9,80]]) and whose bands are\n"
          "                       fitted; its home is added as HOME\n"
          "  --one-circuity       fit one circuity for every leg (default: also a\n"
          "                       circuity per straight-line band, circuity_by_km)\n"
          "  --seed N             seed of the pair sample (default 1)\n"
          "  -o, --output FILE    the fitted travel block as JSON ('-' = stdout)\n"
          "  -q, --quiet          no report on stderr/stdout\n"
          "  -h, --help           this help\n"
          "\n"
          "Exit status: 0 ok, 1 failure (network, I/O), 2 bad input.\n"));
}

static saha_status write_travel(FILE *f, saha_ctx *ctx, void *payload)
{
    const saha_travel_model *tm = payload;
    (void)ctx;
    fprintf(f, "{\"travel\": {\"circuity\": %.3f, \"speed_kmh\": [", tm->circuity);
    for (size_t k = 0; k < tm->nbands; k++)
        fprintf(f, "%s[%g, %.1f]", k ? ", " : "", tm->upto_km[k], tm->speed_kmh[k]);
    fprintf(f, "]");
    if (tm->ncirc > 0) {
        fprintf(f, ", \"circuity_by_km\": [");
        for (size_t k = 0; k < tm->ncirc; k++)
            fprintf(f, "%s[%.3f, %.3f]", k ? ", " : "", tm->circ_km[k], tm->circ[k]);
        fprintf(f, "]");
    }
    fprintf(f, "}}\n");
    return ferror(f) ? SAHA_EIO : SAHA_OK;
}

static void pct(char *dst, size_t cap, double v)
{
    if (isnan(v))
        snprintf(dst, cap, "-");
    else
        snprintf(dst, cap, "%.1f%%", 100.0 * v);
}

static void print_band(FILE *out, const char *label, const saha_calibrate_band *b)
{
    char e[8][16];
    if (b->pairs == 0)
        return;
    pct(e[0], sizeof e[0], b->before.dist_median);
    pct(e[1], sizeof e[1], b->before.dist_p90);
    pct(e[2], sizeof e[2], b->after.dist_median);
    pct(e[3], sizeof e[3], b->after.dist_p90);
    pct(e[4], sizeof e[4], b->before.time_median);
    pct(e[5], sizeof e[5], b->before.time_p90);
    pct(e[6], sizeof e[6], b->after.time_median);
    pct(e[7], sizeof e[7], b->after.time_p90);
    fprintf(out, "%-10s %6zu %6.2f   %6s %6s -> %6s %6s   %6s %6s -> %6s %6s\n", label,
            b->pairs, b->ratio_median, e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7]);
}

static void print_report(FILE *out, const saha_calibrate_result *r,
                         const saha_travel_model *before)
{
    fprintf(out, "model before: circuity %.2f, speeds", before->circuity);
    for (size_t k = 0; k < before->nbands; k++)
        fprintf(out, " [%g, %.0f]", before->upto_km[k], before->speed_kmh[k]);
    fprintf(out, "\nmodel after:  circuity %.2f, speeds", r->fitted.circuity);
    for (size_t k = 0; k < r->fitted.nbands; k++)
        fprintf(out, " [%g, %.1f]", r->fitted.upto_km[k], r->fitted.speed_kmh[k]);
    if (r->fitted.ncirc > 0) {
        fprintf(out, "\n              circuity by straight km");
        for (size_t k = 0; k < r->fitted.ncirc; k++)
            fprintf(out, " [%.1f, %.2f]", r->fitted.circ_km[k], r->fitted.circ[k]);
    }
    fprintf(out,
            "\n%zu pairs. Errors |model - road| / road, median and p90, before -> "
            "after:\n",
            r->pairs);
    fprintf(out, "%-10s %6s %6s   %-30s   %-30s\n", "straight", "pairs", "road/",
            "distance", "time");
    fprintf(out, "%-10s %6s %6s\n", "km", "", "line");
    for (size_t b = 0; b < SAHA_CALIBRATE_BANDS; b++) {
        char label[32];
        if (isinf(r->band[b].hi_km))
            snprintf(label, sizeof label, "%g+", r->band[b].lo_km);
        else
            snprintf(label, sizeof label, "%g-%g", r->band[b].lo_km, r->band[b].hi_km);
        print_band(out, label, &r->band[b]);
    }
    print_band(out, "all", &r->all);
}

int cmd_calibrate(int argc, char **argv)
{
    saha_matrix_options mo;
    saha_calibrate_options co;
    saha_calibrate_result res;
    saha_account_load_options lo;
    const char *accounts = NULL, *out = NULL, *rep_path = NULL;
    int quiet = 0, err = 0, st, rc = CLI_FAIL;
    cli_travel travel;
    saha_ctx *ctx = NULL;
    saha_account_set *set = NULL;
    saha_matrix *m = NULL;
    const char **ids = NULL;
    saha_latlon *pts = NULL;
    size_t n = 0, nacc, ncoords = 0, take;
    saha_rep rep;
    (void)saha_matrix_options_init(&mo, SAHA_MATRIX_OPTIONS_VERSION);
    cli_travel_init(&travel, &mo);
    (void)saha_calibrate_options_init(&co, SAHA_CALIBRATE_OPTIONS_VERSION);
    (void)saha_account_load_options_init(&lo, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    co.by_km = 1; /* a circuity per distance band: short legs keep theirs */

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (cli_opt_help(a, usage))
            return CLI_OK;
        if (cli_opt_is(a, "-q", "--quiet")) {
            quiet = 1;
            continue;
        }
        if (cli_travel_opt(&travel, "calibrate", argc, argv, &i, &err, &st)) {
            if (st != CLI_OK)
                return st;
        } else if ((v = cli_opt_value(argc, argv, &i, "--samples", &err))) {
            if (cli_parse_size(v, &co.samples) != 0 || co.samples < 10 ||
                co.samples > 10000000)
                return cli_usage_error("calibrate",
                                       "--samples wants 10..10000000 pairs, not '%s'", v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--seed", &err))) {
            if (cli_parse_u64(v, &co.seed) != 0)
                return cli_usage_error("calibrate", "--seed wants a number, not '%s'", v);
        } else if (!strcmp(a, "--one-circuity")) {
            co.by_km = 0;
        } else if ((v = cli_opt_value(argc, argv, &i, "--rep", &err))) {
            rep_path = v;
        } else if ((v = cli_opt_output(argc, argv, &i, &err))) {
            out = v;
        } else if (cli_opt_rest("calibrate", a, err, &accounts, 1) != CLI_OK) {
            return CLI_USAGE;
        }
        if (err)
            return CLI_USAGE;
    }
    if (!accounts)
        return cli_usage_error("calibrate", "no accounts file given");
    if (!out)
        return cli_usage_error("calibrate", "no output given (-o travel.json, or -o -)");
    if (cli_travel_finish(&travel, "calibrate", 1) != CLI_OK)
        return CLI_USAGE;

    ctx = cli_ctx_create(0, co.seed);
    if (!ctx)
        return CLI_FAIL;
    if (rep_path) {
        if (saha_rep_load(&rep, ctx, rep_path) < 0) {
            rc = cli_report(ctx);
            goto done;
        }
        co.start = rep.travel;
        mo.travel = rep.travel;
    }
    set = cli_load_accounts(ctx, accounts, &lo, quiet, &rc);
    if (!set)
        goto done;
    nacc = saha_account_count(set);
    for (size_t i = 0; i < nacc; i++)
        ncoords += saha_account_at(set, i)->has_coords != 0;
    /* OSRM: an even spread of about sqrt(4 samples) accounts (their matrix holds ~4x
     * the pairs sampled); a matrix file has them all */
    take = ncoords;
    if (mo.provider == SAHA_MATRIX_OSRM) {
        size_t s = co.samples ? co.samples : 2000;
        size_t want = (size_t)ceil(sqrt(4.0 * (double)s)) + 1;
        if (want < take)
            take = want;
    }
    ids = calloc(take + 1, sizeof *ids);
    pts = calloc(take + 1, sizeof *pts);
    if (!ids || !pts) {
        cli_errorf("out of memory");
        rc = CLI_FAIL;
        goto done;
    }
    for (size_t i = 0, k = 0; i < nacc && n < take; i++) {
        const saha_account *a = saha_account_at(set, i);
        if (!a->has_coords)
            continue;
        /* the k-th account with coordinates is taken when it is the next of the
         * spread floor(j * ncoords / take) */
        if (k++ != n * ncoords / take)
            continue;
        ids[n] = a->id;
        pts[n].lat_deg = a->lat_deg;
        pts[n].lon_deg = a->lon_deg;
        n++;
    }
    if (rep_path) {
        ids[n] = "HOME";
        pts[n] = rep.home;
        n++;
    }
    if (n < 2) {
        cli_errorf("%s: need two points with coordinates to calibrate",
                   saha_account_source(set));
        rc = CLI_USAGE;
        goto done;
    }
    rc = cli_travel_matrix(&m, ctx, NULL, ids, pts, n, &mo, quiet);
    if (rc != CLI_OK)
        goto done;
    if (saha_travel_calibrate(ctx, m, pts, &co, &res) < 0) {
        rc = cli_report(ctx);
        goto done;
    }
    {
        const char *inputs[4];
        size_t k = 0;
        inputs[k++] = accounts;
        if (mo.file_path)
            inputs[k++] = mo.file_path;
        if (rep_path)
            inputs[k++] = rep_path;
        inputs[k] = NULL;
        rc = cli_write_atomic(ctx, out, inputs, write_travel, &res.fitted);
    }
    if (rc == CLI_OK && !quiet)
        print_report(strcmp(out, "-") ? stdout : stderr, &res, &co.start);
done:
    saha_matrix_free(m);
    free(pts);
    free(ids);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
    return rc;
}
