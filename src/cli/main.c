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
    {"demo", cmd_demo, N_("plan the sample region in maps/ and write out/")},
    {"plan", cmd_plan, N_("plan a rep's week: which accounts, which day, which order")},
    {"geocode", cmd_geocode, N_("fill in missing coordinates through a geocoding API")},
    {"territory", cmd_territory, N_("split accounts into balanced territories for reps")},
    {"team", cmd_team, N_("plan every rep's week at once and the manager's team page")},
    {"matrix", cmd_matrix, N_("write the travel time and distance matrix of accounts")},
    {"calibrate", cmd_calibrate,
     N_("fit the offline road model to OSRM or a matrix file")},
    {"solve", cmd_solve, N_("run the optimisation engine on a benchmark instance")},
};

static void usage(FILE *f)
{
    fputs(_("usage: saha [--version] [--help] [--lang LANG] COMMAND [ARGS]\n\n"
            "saha plans outside sales reps' weeks: which accounts to visit, on which\n"
            "day, in which order, trading travel cost against deal value.\n\n"
            "Commands:\n"),
          f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
    fputs(_("\nRun 'saha COMMAND --help' for a command's options.\n"
            "--lang LANG: the language of messages (e.g. tr, en; default: from\n"
            "LANGUAGE, LC_ALL, LC_MESSAGES or LANG).\n"
            "Exit status: 0 success, 1 failure, 2 usage error or bad input.\n"),
          f);
}

static int finish(int rc)
{
    /* A full disk or closed pipe must not be a silent success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (errno != EPIPE)
            fprintf(stderr, _("saha: error writing to standard output: %s\n"),
                    strerror(errno));
        return rc ? rc : CLI_FAIL;
    }
    if (fclose(stdout) != 0) {
        fprintf(stderr, _("saha: error closing standard output: %s\n"), strerror(errno));
        return rc ? rc : CLI_FAIL;
    }
    return rc;
}

int main(int argc, char **argv)
{
    const char *lang = NULL;
    char *prog = argv[0];
    int rc;

    /* --lang LANG / --lang=LANG before the command (after it, --lang could be the
     * abbreviation of a command's own option, such as geocode --language) */
    while (argc >= 2 && !strncmp(argv[1], "--lang", 6) &&
           (argv[1][6] == '\0' || argv[1][6] == '=')) {
        if (argv[1][6] == '=') {
            lang = argv[1] + 7;
            argc--;
            argv++;
        } else if (argc >= 3) {
            lang = argv[2];
            argc -= 2;
            argv += 2;
        } else {
            cli_i18n_init(NULL);
            fprintf(stderr, _("saha: --lang needs a value (e.g. tr or en)\n"));
            return CLI_USAGE;
        }
        argv[0] = prog;
    }
    if (cli_i18n_init(lang) < 0) {
        fprintf(stderr, _("saha: --lang: '%s' is not a language code (e.g. tr or en)\n"),
                lang);
        return CLI_USAGE;
    }
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
            fprintf(stderr, _("saha: could not initialise libcurl\n"));
            return CLI_FAIL;
        }
        optind = 1;
        cli_signals_install();
        rc = commands[i].fn(argc - 1, argv + 1);
        saha_global_cleanup();
        return finish(rc);
    }
    fprintf(stderr, _("saha: '%s' is not a saha command; see 'saha --help'\n"), argv[1]);
    return CLI_USAGE;
}
