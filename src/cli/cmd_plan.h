/* The planning run shared by `saha plan` and `saha demo` (cmd_plan.c). */
#ifndef SAHA_CLI_CMD_PLAN_H
#define SAHA_CLI_CMD_PLAN_H

#include "cli/cli.h"
#include "saha/export.h"

#define CLI_PLAN_MAX_EXPORTS 16

#define CLI_PLAN_MAX_OFF 64
#define CLI_PLAN_MAX_URGENT 64

/* Re-planning inputs (plan_replan.c): paths and flags, resolved by cli_replan_prepare. */
typedef struct cli_replan {
    const char *visits_path, *previous_path;
    const char *from_text;   /* --from; NULL: now in the rep's zone */
    const char *urgent_text; /* --urgent ID[,ID] */
    const char *caldav_url;  /* --caldav URL */
    saha_datetime off[CLI_PLAN_MAX_OFF];
    size_t noff;
    size_t urgent[CLI_PLAN_MAX_URGENT];
    saha_visit_log *log; /* owned after prepare */
    saha_previous_plan *prev;
} cli_replan;

typedef struct cli_plan_job {
    const char *accounts_path;
    const char *rep_path;
    saha_plan_options opts; /* start must be set */
    saha_account_load_options load;
    const char *crs;
    /* Output path per row of the exporter table (NULL = not written), see
     * cli_plan_exporter_count/cli_plan_exporter_option. */
    const char *out[CLI_PLAN_MAX_EXPORTS];
    int quiet;
    uint64_t seed;
    const char *geocode_cache; /* fill missing coordinates from this cache, offline */
    size_t gpx_max_points;     /* 0 = never split a day's route */
    int gpx_times;             /* write GPX <time> (UTC) too */
    int csv_raw;               /* CSV reports without the spreadsheet formula guard */
    int csv_dialect;           /* CLI_CSV_AUTO, ... (--csv-dialect) */
    int keep_going;      /* plan even when a rejected row is a must-visit/appointment */
    const char *rejects; /* write the rejected rows with their reasons here */
    const char *basemap_path; /* NULL = the samples' basemap when installed; "none" */
    const char *leaflet_dir;  /* NULL = /usr/share/javascript/leaflet; "none" */
    const char *tiles_url;    /* online tiles for the HTML map; NULL = none */
    const char *tiles_attribution;
    saha_datetime today; /* the report's "today"; year 0 = the clock's date */
    cli_replan replan;
    const char *route_cache;    /* SQLite cache of OSRM road shapes; NULL = none */
    int no_roads;               /* --provider osrm: draw straight legs, fetch no shapes */
    const char *tiers;          /* --tiers SPEC (with --weeks) */
    const char *write_accounts; /* --write-accounts FILE: the accounts with the tiers */
} cli_plan_job;

/* Parses the HTML report options shared by plan and demo (--basemap, --leaflet,
 * --tiles, --tiles-attribution, --today) at argv[*i]: 1 consumed (and *i advanced),
 * 0 not one of them, -1 usage error (printed). */
int cli_plan_html_option(cli_plan_job *job, const char *cmd, int argc, char **argv,
                         int *i);
/* The samples' basemap (maps/basemap/marmara-aegean.geojson) installed beside bin/saha,
 * else in the source tree, else NULL. */
const char *cli_default_basemap(char *dst, size_t cap);
/* Reads Leaflet.markercluster (Debian libjs-leaflet.markercluster) from dir (NULL =
 * /usr/share/javascript/leaflet; "none" = do not): the script and both stylesheets
 * concatenated, or both NULL (quietly: the map then shows every marker). */
void cli_read_markercluster(const char *dir, char **js, char **css);
/* Reads Leaflet's leaflet(.min).js and leaflet.css from dir (NULL = Debian's
 * /usr/share/javascript/leaflet; "none" = do not): both NULL, with a warning unless
 * quiet, when they are not there. Returns a CLI exit code (a read error). */
int cli_read_leaflet(const char *dir, int quiet, char **js, char **css);
/* --help lines for those options. */
void cli_plan_html_usage(FILE *f);

/* The client of OSRM's Route service for the maps' road shapes (m: its URL and HTTP
 * settings), with the SQLite cache route_cache (NULL = none). Returns a CLI exit code
 * (the error printed). */
int cli_roads_open(saha_ctx *ctx, const saha_matrix_options *m, const char *route_cache,
                   saha_roads **out);
/* The road shape of every day of it with visits (route index = day index). A day whose
 * shape cannot be had is drawn in straight legs, with a warning naming who (NULL = no
 * name): the plan itself stands on the table's numbers. Prints "road shapes: N of M
 * day(s) from OSRM ..." to stderr unless quiet. roads NULL: nothing. Returns a CLI exit
 * code (network, I/O and memory errors stop the run). */
int cli_roads_fetch(saha_ctx *ctx, const saha_itinerary *it, const saha_account_set *set,
                    saha_roads *roads, int quiet, const char *who);

/* A re-planning option at argv[*i] (--visits, --previous, --from,
 * --stability, --confirmed-slack, --off, --urgent): 1 taken (advances *i),
 * 0 not one, < 0 a usage error already reported (the exit code, negated). */
int cli_replan_option(int argc, char **argv, int *i, cli_plan_job *job);
/* After the accounts and the rep are loaded: reads the log and the previous plan,
 * resolves --from (default now in the rep's zone), --urgent ids; fills job->opts. */
int cli_replan_prepare(saha_ctx *ctx, const saha_account_set *set, const saha_rep *rep,
                       cli_plan_job *job);
/* --caldav: publishes the week (credentials: SAHA_CALDAV_USER / SAHA_CALDAV_PASSWORD, or
 * ~/.netrc), reports conflicts, records the new ETags in the plan. A CLI exit code. */
int cli_replan_publish(saha_ctx *ctx, saha_plan *plan, const saha_account_set *set,
                       const cli_plan_job *job, int quiet, int utc_offset_min);
/* Prints the changes (kept / moved / added / dropped with reasons) after the summary. */
void cli_replan_print(FILE *out, const saha_itinerary *it, const saha_account_set *set);
void cli_replan_free(cli_plan_job *job);
/* The --help lines of the re-planning options. */
void cli_replan_usage(FILE *f);

/* Runs a whole plan: loads the accounts and the rep, plans with a progress display,
 * prints the summary (to stdout, or stderr when an export goes to stdout), writes the
 * exports. Returns a CLI exit code. */
int cli_plan_run(cli_plan_job *job);

/* The exporter table: option name ("--gpx") of row i; index of an option or -1. */
size_t cli_plan_exporter_count(void);
const char *cli_plan_exporter_option(size_t i);
int cli_plan_exporter_find(const char *option);
/* The writer of row i (NULL out of range), e.g. for `saha team`'s per-rep folders. */
typedef saha_status (*cli_plan_export_fn)(FILE *f, saha_ctx *ctx,
                                          const saha_itinerary *it,
                                          const saha_account_set *accounts,
                                          const saha_export_options *opts);
cli_plan_export_fn cli_plan_exporter_fn(size_t i);
/* One export for cli_write_atomic / cli_write_outputs: payload is a
 * cli_plan_export_job, written as fn(f, ctx, it, accounts, opts). */
typedef struct cli_plan_export_job {
    cli_plan_export_fn fn;
    const saha_itinerary *it;
    const saha_account_set *accounts;
    const saha_export_options *opts;
} cli_plan_export_job;
saha_status cli_plan_write_export(FILE *f, saha_ctx *ctx, void *payload);

/* Offset from UTC in minutes (east positive) of the IANA zone tz at local noon of day d,
 * from the system's time zone database; fallback when tz is unknown or empty. */
int cli_tz_offset_min(const char *tz, saha_datetime d, int fallback);

/* Next Monday after today (local date of the machine). */
saha_datetime cli_plan_next_monday(void);

#endif
