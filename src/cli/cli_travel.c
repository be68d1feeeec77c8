/* cli_travel: the travel-time flags every command that builds a matrix shares (saha
 * matrix, plan, team and calibrate), parsed, checked and documented in one place so that
 * they are the same flags with the same messages everywhere:
 *   --provider model|osrm|file, --osrm-url, --osrm-timeout, --osrm-retries,
 *   --osrm-max-table, --osrm-snap-warn, --osrm-snap-max, --matrix.
 * A command calls cli_travel_opt first in its option loop, then cli_travel_finish after
 * it; the help lines come from cli_travel_help. See CONTRIBUTING.md, "The CLI". */
#include <string.h>

#include "cli/cli.h"

void cli_travel_init(cli_travel *t, saha_matrix_options *mo)
{
    memset(t, 0, sizeof *t);
    t->mo = mo;
    (void)saha_http_options_init(&t->http, SAHA_HTTP_OPTIONS_VERSION);
}

int cli_travel_opt(cli_travel *t, const char *cmd, int argc, char **argv, int *i,
                   int *err, int *status)
{
    const char *a = argv[*i], *v;
    saha_matrix_options *mo = t->mo;
    *status = CLI_OK;
    if ((v = cli_opt_value(argc, argv, i, "--provider", err))) {
        t->provider = v;
    } else if ((v = cli_opt_value(argc, argv, i, "--osrm-url", err))) {
        mo->osrm_url = v;
    } else if ((v = cli_opt_value(argc, argv, i, "--matrix", err))) {
        mo->file_path = v;
    } else if ((v = cli_opt_value(argc, argv, i, "--osrm-timeout", err))) {
        double s;
        if (cli_parse_double(v, &s) != 0 || !(s > 0) || s > 3600) {
            *status = cli_usage_error(
                cmd, "--osrm-timeout wants seconds in (0, 3600], not '%s'", v);
            return 1;
        }
        t->http.timeout_ms = (long)(s * 1000.0 + 0.5);
        if (t->http.connect_timeout_ms > t->http.timeout_ms)
            t->http.connect_timeout_ms = t->http.timeout_ms;
        mo->http = &t->http;
    } else if ((v = cli_opt_value(argc, argv, i, "--osrm-retries", err))) {
        uint64_t n;
        if (cli_parse_u64(v, &n) != 0 || n > 20) {
            *status = cli_usage_error(cmd, "--osrm-retries wants 0..20, not '%s'", v);
            return 1;
        }
        t->http.max_retries = (unsigned)n;
        mo->http = &t->http;
    } else if ((v = cli_opt_value(argc, argv, i, "--osrm-max-table", err))) {
        if (cli_parse_size(v, &mo->osrm_max_table) != 0 || mo->osrm_max_table < 2) {
            *status =
                cli_usage_error(cmd, "--osrm-max-table wants a number >= 2, not '%s'", v);
            return 1;
        }
    } else if ((v = cli_opt_value(argc, argv, i, "--osrm-snap-warn", err)) ||
               (v = cli_opt_value(argc, argv, i, "--osrm-snap-max", err))) {
        double m;
        if (cli_parse_double(v, &m) != 0 || !(m >= 0) || m > 1e7) {
            *status = cli_usage_error(cmd, "%s wants metres in [0, 1e7], not '%s'", a, v);
            return 1;
        }
        if (!strncmp(a, "--osrm-snap-warn", 16))
            mo->snap_warn_m = m;
        else
            mo->snap_max_m = m;
    } else {
        return 0; /* not a travel flag (or one whose value is missing: *err says) */
    }
    if (!strncmp(a, "--osrm-", 7) && strncmp(a, "--osrm-url", 10) && !t->osrm_flag)
        t->osrm_flag = a;
    return 1;
}

int cli_travel_finish(cli_travel *t, const char *cmd, int road_only)
{
    saha_matrix_options *mo = t->mo;
    const char *p = t->provider;
    if (!p)
        p = mo->file_path ? "file"
                          : (mo->osrm_url ? "osrm" : (road_only ? NULL : "model"));
    if (!p)
        return cli_usage_error(cmd, "no road data given: --provider osrm or file "
                                    "(--osrm-url URL, or --matrix FILE)");
    if (!strcmp(p, "model") && !road_only)
        mo->provider = SAHA_MATRIX_MODEL;
    else if (!strcmp(p, "osrm"))
        mo->provider = SAHA_MATRIX_OSRM;
    else if (!strcmp(p, "file"))
        mo->provider = SAHA_MATRIX_FILE;
    else if (road_only)
        return cli_usage_error(cmd, "--provider wants osrm or file (road data), not '%s'",
                               p);
    else
        return cli_usage_error(cmd, "--provider wants model, osrm or file, not '%s'", p);
    if (mo->provider == SAHA_MATRIX_OSRM && !mo->osrm_url)
        return cli_usage_error(cmd, "--provider osrm needs --osrm-url URL");
    if (mo->provider == SAHA_MATRIX_FILE && !mo->file_path)
        return cli_usage_error(cmd, "--provider file needs --matrix FILE");
    if (mo->file_path && mo->provider != SAHA_MATRIX_FILE)
        return cli_usage_error(cmd, "--matrix goes with --provider file");
    if (mo->osrm_url && mo->provider != SAHA_MATRIX_OSRM)
        return cli_usage_error(cmd, "--osrm-url goes with --provider osrm");
    if (t->osrm_flag && mo->provider != SAHA_MATRIX_OSRM) {
        size_t n = strcspn(t->osrm_flag, "=");
        return cli_usage_error(cmd, "%.*s needs --provider osrm", (int)n, t->osrm_flag);
    }
    return CLI_OK;
}

void cli_travel_help(FILE *f, int width, int road_only)
{
    static const char *const rows[][2] = {
        {"--osrm-url URL", N_("OSRM server for --provider osrm (implies it), e.g.")},
        {"", N_("http://127.0.0.1:5000")},
        {"--osrm-timeout S", N_("seconds per OSRM request (default 30)")},
        {"--osrm-retries N", N_("retries after a failed OSRM request (default 4)")},
        {"--osrm-max-table N",
         N_("the server's --max-table-size (default 100): a request")},
        {"", N_("has at most N x N sources x destinations")},
        {"--osrm-snap-warn M", N_("warn about an account the server moved more than M")},
        {"", N_("metres to reach a road (default 500; 0 = never)")},
        {"--osrm-snap-max M", N_("... and leave it out as unroutable above M metres")},
        {"", N_("(default 5000; 0 = never)")},
        {"--matrix FILE", N_("a matrix file (saha matrix's output format) for")},
        {"", N_("--provider file (implies it)")},
    };
    int w = width > 3 ? width - 3 : 1;
    if (road_only)
        fprintf(f, "  %-*s %s\n", w, "--provider P",
                _("where the road data comes from: osrm or file"));
    else {
        fprintf(f, "  %-*s %s\n", w, "--provider P",
                _("travel times: model (default; offline: straight"));
        fprintf(f, "  %-*s %s\n", w, "",
                _("line x circuity, speed by leg length), osrm or file"));
    }
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++)
        fprintf(f, "  %-*s %s\n", w, rows[k][0], _(rows[k][1]));
}

int cli_travel_matrix(saha_matrix **out, saha_ctx *ctx, saha_geo *geo,
                      const char *const *ids, const saha_latlon *pts, size_t n,
                      saha_matrix_options *mo, int quiet)
{
    cli_progress prog;
    saha_status st;
    int rc = CLI_OK;
    cli_progress_init(&prog,
                      mo->provider == SAHA_MATRIX_OSRM ? "OSRM table requests" : "matrix",
                      quiet);
    mo->progress = cli_progress_cb;
    mo->payload = &prog;
    st = saha_matrix_build(out, ctx, geo, ids, pts, n, mo);
    cli_progress_end(&prog);
    if (st < 0) {
        rc = cli_report(ctx);
        /* an OSRM reply that cannot be read is the server's failure, not bad input */
        if (mo->provider == SAHA_MATRIX_OSRM && rc == CLI_USAGE)
            rc = CLI_FAIL;
    }
    mo->progress = NULL;
    mo->payload = NULL;
    return rc;
}
