/* The territory run shared by `saha territory` and `saha demo` (cmd_territory.c). */
#ifndef SAHA_CLI_CMD_TERRITORY_H
#define SAHA_CLI_CMD_TERRITORY_H

#include "cli/cli.h"

typedef struct cli_territory_job {
    const char *accounts_path;
    const char *reps_path;     /* NULL: opts.k territories with free centres */
    const char *previous_path; /* NULL: none */
    const char *out_csv;       /* required; "-" = stdout */
    const char *out_geojson;   /* NULL = not written */
    const char *out_svg;
    const char *crs;
    const char *basemap_path; /* under the maps; NULL = the samples' basemap, "none" */
    const char *out_html;     /* NULL = not written */
    const char *leaflet_dir;  /* NULL = Debian's libjs-leaflet; "none" */
    const char *tiles_url, *tiles_attribution;
    const char *columns; /* --columns spec, or NULL */
    const char *sheet;   /* --sheet: the .xlsx sheet, or NULL */
    saha_territory_options opts;
    int quiet;
    int no_summary; /* do not print the summary table */
    int no_timing;  /* the summary names the seed, not the seconds (repeatable text) */
    uint64_t seed;
} cli_territory_job;

/* Runs a whole territory split: loads accounts, reps and the previous assignment,
 * solves with a progress display, writes the outputs atomically, prints the summary
 * table (stdout, or stderr when the CSV goes to stdout). Returns a CLI exit code: 1 when
 * the tolerance could not be met (outputs are still written). */
int cli_territory_run(cli_territory_job *job);

#endif
