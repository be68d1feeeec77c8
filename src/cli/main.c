/* saha: the command-line front end over libsaha. Dispatches to one cmd_<verb>.c per
 * subcommand; owns stdout, stderr and exit codes (0 ok, 1 failure, 2 usage/bad input). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

typedef struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"demo", cmd_demo, "plan the sample region in maps/ and write out/"},
    {"plan", cmd_plan, "plan a rep's week: which accounts, which day, which order"},
    {"geocode", cmd_geocode, "fill in missing coordinates through a geocoding API"},
    {"territory", cmd_territory, "split accounts into balanced territories for reps"},
    {"team", cmd_team, "plan every rep's week at once and the manager's team page"},
    {"matrix", cmd_matrix, "write the travel time and distance matrix of accounts"},
    {"calibrate", cmd_calibrate, "fit the offline road model to OSRM or a matrix file"},
    {"solve", cmd_solve, "run the optimisation engine on a benchmark instance"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: saha [--version] [--help] COMMAND [ARGS]\n\n"
               "saha plans outside sales reps' weeks: which accounts to visit, on which\n"
               "day, in which order, trading travel cost against deal value.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nRun 'saha COMMAND --help' for a command's options.\n"
               "Exit status: 0 success, 1 failure, 2 usage error or bad input.\n");
}

static int finish(int rc)
{
    /* A full disk or closed pipe must not be a silent success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (errno != EPIPE)
            fprintf(stderr, "saha: error writing to standard output: %s\n",
                    strerror(errno));
        return rc ? rc : CLI_FAIL;
    }
    if (fclose(stdout) != 0) {
        fprintf(stderr, "saha: error closing standard output: %s\n", strerror(errno));
        return rc ? rc : CLI_FAIL;
    }
    return rc;
}

int main(int argc, char **argv)
{
    int rc;

    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        if (argc > 2 && strcmp(argv[1], "help") == 0) {
            char *sub[] = {argv[2], (char *)"--help", NULL};
            for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
                if (!strcmp(commands[i].name, argv[2]))
                    return finish(commands[i].fn(2, sub));
        }
        usage(stdout);
        return finish(CLI_OK);
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("saha %s\n", saha_version());
        return finish(CLI_OK);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, argv[1]) != 0)
            continue;
        if (saha_global_init() != SAHA_OK) {
            fprintf(stderr, "saha: could not initialise libcurl\n");
            return CLI_FAIL;
        }
        optind = 1;
        cli_signals_install();
        rc = commands[i].fn(argc - 1, argv + 1);
        saha_global_cleanup();
        return finish(rc);
    }
    fprintf(stderr, "saha: '%s' is not a saha command; see 'saha --help'\n", argv[1]);
    return CLI_USAGE;
}
