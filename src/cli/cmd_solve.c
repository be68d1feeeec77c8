/* saha solve: runs the optimisation engine on a standard benchmark instance (TSPLIB
 * EUC_2D, Chao TOP, Tsiligirides/Chao OP, Leuven OPTW/TOPTW) and prints the answer, as
 * text or as one JSON object for tests/bench. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "saha/solve.h"

static void usage(FILE *f)
{
    fprintf(
        f,
        _("Usage: saha solve FILE [options]\n"
          "\n"
          "Solves a routing benchmark instance with saha's optimisation engine and\n"
          "prints the objective and the routes.\n"
          "\n"
          "Input:\n"
          "  FILE                 the instance ('-' = stdin)\n"
          "  --format F           auto (default), tsplib (EUC_2D TSP), top (Chao team\n"
          "                       orienteering), op (orienteering), optw (Leuven\n"
          "                       OPTW/TOPTW), pvrp (Cordeau periodic VRP, type 1)\n"
          "  --vehicles M         number of paths: optw files have none (default 1);\n"
          "                       for top/op/pvrp it overrides the file (pvrp: a day)\n"
          "  --decimals D         optw: travel times truncated to D decimals (1 or 2;\n"
          "                       default 2 for files named pr*, else 1)\n"
          "\n"
          "Search:\n"
          "  --time-limit S       stop after S seconds (default: 30 unless "
          "--iterations)\n"
          "  --iterations N       iterations per search: ruin-and-recreate rounds, or\n"
          "                       kicks for a pure TSP (default: by size); with a seed,\n"
          "                       the same N gives the same answer\n"
          "  --seed N             random seed (default 1)\n"
          "  --threads N          threads (default: 2, the engine runs two searches)\n"
          "  --regret N           one ruin-and-recreate step in N re-inserts by regret\n"
          "                       insertion (default 0 = never; an experiment knob)\n"
          "\n"
          "Output:\n"
          "  --json               one JSON object: {\"instance\", \"objective\",\n"
          "                       \"seconds\", \"routes\"}; routes list 0-based point\n"
          "                       positions in the file, without the depots (TSPLIB:\n"
          "                       the whole tour from point 0); pvrp adds \"days\": "
          "route\n"
          "                       r is on day r / (vehicles / days) + 1\n"
          "  -q, --quiet          no progress on stderr\n"
          "  -h, --help           this help\n"
          "\n"
          "Objective: TSPLIB tour length (nint distances); PVRP total distance (exact\n"
          "Euclidean); otherwise the total score.\n"
          "Exit status: 0 ok, 1 failure, 2 bad input or usage.\n"));
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void print_value(FILE *f, double v)
{
    if (v == (double)(long long)v)
        fprintf(f, "%lld", (long long)v);
    else
        fprintf(f, "%.6f", v);
}

/* Route v's points (0-based file positions; TSPLIB: the depot first). */
static void print_route(FILE *f, const saha_solve_result *r, size_t v, const char *sep)
{
    for (size_t i = r->route_start[v]; i < r->route_start[v + 1]; i++)
        fprintf(f, "%s%zu", i > r->route_start[v] ? sep : "", r->points[i]);
}

int cmd_solve(int argc, char **argv)
{
    const char *file = NULL;
    saha_solve_read_options ro;
    saha_solve_options so;
    int json = 0, quiet = 0, have_iter = 0, have_tl = 0, rc = CLI_OK;
    uint64_t seed = 1;
    char *data = NULL;
    size_t len = 0;
    saha_ctx *ctx = NULL;
    saha_solve_problem *p = NULL;
    saha_solve_result *sol = NULL;
    saha_solve_format format;
    saha_status st;
    cli_progress prog;
    double t0, secs;

    (void)saha_solve_read_options_init(&ro, SAHA_SOLVE_READ_OPTIONS_VERSION);
    (void)saha_solve_options_init(&so, SAHA_SOLVE_OPTIONS_VERSION);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        int err = 0;
        if (cli_opt_help(a, usage)) {
            return CLI_OK;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (cli_opt_is(a, "-q", "--quiet")) {
            quiet = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--format", &err)) != NULL) {
            if (saha_solve_format_parse(v, &ro.format) != SAHA_OK)
                return cli_usage_error("solve", "--format: unknown format '%s'", v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--vehicles", &err)) != NULL) {
            if (cli_parse_size(v, &ro.vehicles) != 0 || ro.vehicles == 0 ||
                ro.vehicles > 1000)
                return cli_usage_error("solve", "--vehicles: want 1..1000, got '%s'", v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--decimals", &err)) != NULL) {
            if (strcmp(v, "1") != 0 && strcmp(v, "2") != 0)
                return cli_usage_error("solve", "--decimals: want 1 or 2, got '%s'", v);
            ro.tw_decimals = v[0] - '0';
        } else if ((v = cli_opt_value(argc, argv, &i, "--time-limit", &err)) != NULL) {
            if (cli_parse_double(v, &so.time_limit_s) != 0 || so.time_limit_s <= 0 ||
                so.time_limit_s > 1e6)
                return cli_usage_error("solve",
                                       "--time-limit: want seconds > 0, got '%s'", v);
            have_tl = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--iterations", &err)) != NULL) {
            if (cli_parse_size(v, &so.iterations) != 0 || so.iterations == 0)
                return cli_usage_error(
                    "solve", "--iterations: want a positive integer, got '%s'", v);
            have_iter = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--seed", &err)) != NULL) {
            if (cli_parse_u64(v, &seed) != 0)
                return cli_usage_error("solve", "--seed: want an integer, got '%s'", v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--threads", &err)) != NULL) {
            size_t t;
            if (cli_parse_size(v, &t) != 0 || t > 1024)
                return cli_usage_error("solve", "--threads: want 0..1024, got '%s'", v);
            so.threads = (unsigned)t;
        } else if ((v = cli_opt_value(argc, argv, &i, "--regret", &err)) != NULL) {
            size_t t;
            if (cli_parse_size(v, &t) != 0 || t > 1000)
                return cli_usage_error("solve", "--regret: want 0..1000, got '%s'", v);
            so.regret = (unsigned)t;
        } else if (cli_opt_rest("solve", a, err, &file, 1) != CLI_OK) {
            return CLI_USAGE;
        }
    }
    if (!file)
        return cli_usage_error("solve", "missing the instance FILE");
    if (!have_tl && !have_iter)
        so.time_limit_s = 30;
    so.seed = seed;

    ctx = cli_ctx_create(0, seed);
    if (!ctx)
        return CLI_FAIL;
    rc = cli_read_input(file, &data, &len);
    if (rc != CLI_OK)
        goto done;
    st = saha_solve_read(&p, ctx, data, len, file, &ro);
    if (st < 0) {
        rc = cli_report_input(ctx);
        goto done;
    }
    cli_progress_init(&prog, "solve", quiet || json);
    cli_progress_set_time_limit(&prog, so.time_limit_s);
    so.progress = cli_progress_cb;
    so.payload = &prog;
    t0 = cli_now();
    st = saha_solve_run(&sol, ctx, p, &so);
    secs = cli_now() - t0;
    cli_progress_end(&prog);
    if (st < 0 && st != SAHA_EINFEASIBLE) {
        rc = cli_report(ctx);
        goto done;
    }
    if (st == SAHA_EINFEASIBLE) {
        /* print the best found anyway, then fail */
        rc = cli_report(ctx);
    }
    format = saha_solve_problem_format(p);
    if (json) {
        printf("{\"instance\": ");
        json_string(stdout, saha_solve_problem_name(p));
        printf(", \"format\": \"%s\", \"vehicles\": %zu, \"objective\": ",
               saha_solve_format_name(format), saha_solve_problem_nvehicles(p));
        print_value(stdout, sol->objective);
        if (format == SAHA_SOLVE_FORMAT_PVRP)
            printf(", \"days\": %zu", saha_solve_problem_ndays(p));
        printf(", \"feasible\": %s, \"seconds\": %.3f, \"routes\": [",
               sol->feasible ? "true" : "false", secs);
        for (size_t v = 0; v < sol->nroutes; v++) {
            printf("%s[", v ? ", " : "");
            print_route(stdout, sol, v, ", ");
            printf("]");
        }
        printf("]}\n");
    } else {
        size_t nveh = saha_solve_problem_nvehicles(p);
        printf("instance:  %s (%s, %zu points, %zu vehicle%s)\n",
               saha_solve_problem_name(p), saha_solve_format_name(format),
               saha_solve_problem_npoints(p), nveh, nveh == 1 ? "" : "s");
        printf("objective: ");
        if (format == SAHA_SOLVE_FORMAT_PVRP)
            printf("%.2f", sol->objective);
        else
            print_value(stdout, sol->objective);
        printf(" (%s)\n", format == SAHA_SOLVE_FORMAT_TSPLIB ? "tour length"
                          : format == SAHA_SOLVE_FORMAT_PVRP ? "total distance"
                                                             : "total score");
        if (format == SAHA_SOLVE_FORMAT_PVRP)
            printf("visits:    %zu to %zu customers over %zu days\n", sol->visited,
                   saha_solve_problem_ncustomers(p), saha_solve_problem_ndays(p));
        else
            printf("visited:   %zu of %zu customers\n", sol->visited,
                   saha_solve_problem_ncustomers(p));
        printf("time:      %.2f s\n", secs);
        for (size_t v = 0; v < sol->nroutes; v++) {
            size_t nd = saha_solve_problem_ndays(p), per = sol->nroutes / nd;
            if (nd > 1 && sol->route_start[v] == sol->route_start[v + 1])
                continue;
            if (nd > 1)
                printf("day %zu route %zu: ", v / per + 1, v % per + 1);
            else
                printf("route %zu:   ", v + 1);
            print_route(stdout, sol, v, " ");
            printf("\n");
        }
    }
done:
    saha_solve_result_free(sol);
    saha_solve_problem_free(p);
    free(data);
    saha_ctx_free(ctx);
    return rc;
}
