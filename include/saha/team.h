/* saha/team.h: the whole team's week: every rep plans the accounts of their territory,
 * unassigned accounts can be given to the rep who visits them at the best profit, and
 * the team report (team.csv, team.html) sums it up for the manager.
 *
 * Flow: saha_team_load() (the reps file of `saha territory` plus rep-file columns) +
 * saha_account_load() -> saha_team_plan() -> saha_team_result (opaque): the owner of
 * every account, one saha_plan per rep (saha_plan_itinerary for the exporters of
 * saha/export.h) -> saha_team_report_from_result() -> saha_team_report_write_csv /
 * _write_html. Shards (opts.shard / nshards) plan a deterministic part of the reps;
 * saha_team_report_add_dir() reads the outputs of several shards back into one report.
 *
 * Reps are planned in parallel, one worker thread per rep at a time, each with its own
 * context and projection; every rep's plan runs single-threaded with the same seed, so
 * at a fixed iteration budget (time_limit_s 0) the plans do not depend on the number of
 * workers, on the shard a rep falls in, or on the other reps. */
#ifndef SAHA_TEAM_H
#define SAHA_TEAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "saha/account.h"
#include "saha/basemap.h"
#include "saha/error.h"
#include "saha/geo.h"
#include "saha/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the roster ------------------------------------------------------------------ */

/** One rep of the team. Strings borrowed from the team (never NULL). */
typedef struct saha_team_member {
    size_t line;    /**< line of the rep's row in the reps file */
    const char *id; /**< unique; what account rep/territory columns name */
    const char *name;
    saha_rep rep; /**< defaults, then the rep_file (if any), then the row's columns */
} saha_team_member;

typedef struct saha_team saha_team;

/** Reads a team: the reps file `saha territory` reads (id, name, lat/lon of the home;
 *  see saha_territory_reps_load) plus optional columns for rep-file fields, each
 *  overriding the default (or the rep file): timezone, days ("Mo-Fr"), day_start,
 *  day_end ("HH:MM"), lunch_minutes (0 = none), lunch_earliest, lunch_latest,
 *  max_drive_minutes_per_day, max_km_per_day, max_visits_per_day, circuity,
 *  speed_kmh (one speed), cost_per_km, cost_per_hour, currency, overnight
 *  (true/false), hotel_cost; and rep_file: a rep JSON (path relative to the reps
 *  file's folder) read first. Empty cells keep the default. Every rep needs a home
 *  (lat/lon, or the rep file's).
 *  @return SAHA_OK, SAHA_EIO, SAHA_EPARSE ("reps.csv:4: day_start: expected HH:MM,
 *          got '25:00'"; a rep file's own messages name that file), SAHA_ENOMEM */
SAHA_API saha_status saha_team_load(saha_team **out, saha_ctx *ctx, const char *path);
/** NULL is a no-op. */
SAHA_API void saha_team_free(saha_team *team);
/** Number of reps, and rep i in file order (borrowed; NULL out of range). */
SAHA_API size_t saha_team_count(const saha_team *team);
SAHA_API const saha_team_member *saha_team_at(const saha_team *team, size_t i);
/** The rep a text names: an id (exact, then case/accents folded), else a name
 *  (folded); SIZE_MAX when none or when the name is ambiguous. */
SAHA_API size_t saha_team_find(const saha_team *team, const char *text);

/* ---- planning -------------------------------------------------------------------- */

/** What to do with accounts without a rep (no rep, or a rep the team does not have). */
typedef enum saha_team_unassigned {
    SAHA_TEAM_UNASSIGNED_SKIP = 0, /**< report them (saha_team_owner SIZE_MAX) */
    SAHA_TEAM_UNASSIGNED_ASSIGN    /**< give each to the near rep who visits it at the
                                        best profit this week */
} saha_team_unassigned;

#define SAHA_TEAM_OPTIONS_VERSION 1

/** Options of saha_team_plan; initialise with saha_team_options_init. */
typedef struct saha_team_options {
    unsigned version;       /**< SAHA_TEAM_OPTIONS_VERSION */
    saha_plan_options plan; /**< per rep (start must be set; time_limit_s per rep;
                                 threads is forced to 1, only must be NULL) */
    unsigned jobs;          /**< reps planned at the same time; 0 = all cores */
    size_t shard, nshards;  /**< plan only the reps whose position in id order
                                 (strcmp) is shard mod nshards; nshards 0 or 1 = all */
    saha_team_unassigned unassigned;
    size_t near_reps;          /**< assign: candidate reps per account, the nearest by
                                    home distance; 0 = 3 */
    saha_progress_fn progress; /**< reps planned out of the reps to plan */
    void *payload;
} saha_team_options;
/** Sets the defaults: the plan defaults (saha_plan_options_init), all cores, no shards,
 *  unassigned accounts skipped, 3 near reps.
 *  @return SAHA_OK, or SAHA_EINVAL for an unknown version */
SAHA_API saha_status saha_team_options_init(saha_team_options *opts, unsigned version);

/** How an account got its rep. */
typedef enum saha_team_owner_kind {
    SAHA_TEAM_OWNER_OWN = 0, /**< its assigned_rep, territory or rep column names it */
    SAHA_TEAM_OWNER_NONE,    /**< no rep given (unassigned) */
    SAHA_TEAM_OWNER_UNKNOWN, /**< names no rep of the team (unassigned) */
    SAHA_TEAM_OWNER_ASSIGNED /**< unassigned, given to a rep by --unassigned assign */
} saha_team_owner_kind;

typedef struct saha_team_result saha_team_result;

/** Plans the team's week. Owner of a valid account: the first non-empty of its
 *  columns assigned_rep, territory, then its rep field, looked up with
 *  saha_team_find(). Each planned rep's week is saha_plan_solve() on the rep's own
 *  accounts (options `only`). A rep whose plan fails (e.g. required visits that do not
 *  fit) does not stop the others: saha_team_rep_status() gives its error.
 *  With SAHA_TEAM_UNASSIGNED_ASSIGN (not with shards), each unassigned account with
 *  coordinates is offered to its near_reps nearest reps by home distance (their days
 *  are the vehicles that may visit it): (0) every rep plans its own accounts; (1) every
 *  rep plans its own accounts plus the unassigned ones it is near; an account's winner
 *  is the rep whose plan makes most from it (what it earns minus the detour, net of
 *  the own visits that rep gave up); (2) every rep plans its own accounts plus those
 *  it won; the winner keeps an account unless another near rep's round-2 week has room
 *  for it (cheapest detour that fits a day's slack and caps) at a higher profit. An
 *  account no near rep can take at a profit goes to the nearest rep (the reason says
 *  so). Then every rep plans its final accounts.
 *  @return SAHA_OK (even when some reps failed), SAHA_EINVAL (bad options, shards with
 *          assign), SAHA_ENOMEM */
SAHA_API saha_status saha_team_plan(saha_team_result **out, saha_ctx *ctx,
                                    const saha_account_set *accounts,
                                    const saha_team *team, const saha_team_options *opts);
/** NULL is a no-op. */
SAHA_API void saha_team_result_free(saha_team_result *res);
/** Owner of valid account a (team index), SIZE_MAX when it has none; how it got it; the
 *  one-line reason of an assignment (borrowed, "" when not assigned). */
SAHA_API size_t saha_team_owner(const saha_team_result *res, size_t a);
SAHA_API saha_team_owner_kind saha_team_owner_kind_of(const saha_team_result *res,
                                                      size_t a);
SAHA_API const char *saha_team_assign_reason(const saha_team_result *res, size_t a);
/** Rep i's plan (borrowed), NULL when not planned here (other shard) or failed. */
SAHA_API const saha_plan *saha_team_rep_plan(const saha_team_result *res, size_t i);
/** 1 when rep i is planned by this run (its shard). */
SAHA_API int saha_team_rep_selected(const saha_team_result *res, size_t i);
/** Rep i's planning error (SAHA_OK when planned or not selected); message borrowed
 *  ("" when none). */
SAHA_API saha_status saha_team_rep_status(const saha_team_result *res, size_t i,
                                          const char **message_out);
/** Accounts owned by rep i (own and assigned). */
SAHA_API size_t saha_team_rep_accounts(const saha_team_result *res, size_t i);
/** Flags (saha_account_count entries) of rep i's accounts, for exporters or a
 *  re-plan with plan options `only`. Borrowed. */
SAHA_API const uint8_t *saha_team_rep_only(const saha_team_result *res, size_t i);
/** Valid accounts without an owner after planning. */
SAHA_API size_t saha_team_unassigned_count(const saha_team_result *res);
/** Sets the extra columns assigned_rep (owner id, "" without) and assign_reason on
 *  every valid account of set (the set planned), for saha_account_write_csv.
 *  @return SAHA_OK, SAHA_EINVAL, SAHA_ENOMEM */
SAHA_API saha_status saha_team_apply(const saha_team_result *res, saha_ctx *ctx,
                                     saha_account_set *set);

/* ---- the team report --------------------------------------------------------------- */

/** One rep's figures, as team.csv holds them (rounded to its precision: km 0.1, hours
 *  0.01, money 0.01). */
typedef struct saha_team_row {
    const char *id, *name, *currency, *status; /**< status "ok" or the error */
    size_t accounts, visits, must_missed, unvisited;
    double km, drive_h, work_h, value_won, value_left, travel_cost;
} saha_team_row;

typedef struct saha_team_report saha_team_report;

/** An empty report. @return SAHA_OK, SAHA_ENOMEM */
SAHA_API saha_status saha_team_report_create(saha_team_report **out, saha_ctx *ctx);
/** NULL is a no-op. */
SAHA_API void saha_team_report_free(saha_team_report *rep);
/** Adds the planned reps of res (rows and map layers: routes, home, the points
 *  of the rep's accounts for its territory area) to the report.
 *  @return SAHA_OK, SAHA_EINVAL (a rep already in the report), SAHA_ENOMEM */
SAHA_API saha_status saha_team_report_add_result(saha_team_report *rep, saha_ctx *ctx,
                                                 const saha_team_result *res,
                                                 const saha_account_set *accounts,
                                                 const saha_team *team);
/** Draws rep rep_id's routes along the roads: each day of it with visits takes its road
 *  shape from roads (route index = day index, as saha_roads_fetch was given them) when
 *  roads has one, else its straight legs (start, the stops, end) as add_result draws
 *  them. Replaces the rep's routes; its row and account points stay. roads may be NULL
 *  (straight legs only).
 *  @return SAHA_OK, SAHA_EINVAL (no such rep in the report), SAHA_ENOMEM */
SAHA_API saha_status saha_team_report_use_roads(saha_team_report *rep, saha_ctx *ctx,
                                                const char *rep_id,
                                                const saha_itinerary *it,
                                                const saha_account_set *accounts,
                                                const saha_roads *roads);
/** Adds what a `saha team` run wrote to dir: the rows of dir/team.csv and, per row,
 *  the map layer from dir/<id>/week.geojson (routes, home, stops and skipped accounts
 *  for the territory area).
 *  @return SAHA_OK, SAHA_EIO, SAHA_EPARSE (file:line named), SAHA_EINVAL (a rep already
 *          in the report: two shards planned it), SAHA_ENOMEM */
SAHA_API saha_status saha_team_report_add_dir(saha_team_report *rep, saha_ctx *ctx,
                                              const char *dir);
/** Number of rows; row k in id order (strcmp), borrowed. */
SAHA_API size_t saha_team_report_count(const saha_team_report *rep);
SAHA_API const saha_team_row *saha_team_report_row(const saha_team_report *rep, size_t k);
/** Sum of the rows (id/name "TOTAL"; currency of the first row, "" when they differ). */
SAHA_API saha_team_row saha_team_report_total(const saha_team_report *rep);

/** team.csv: header "id,name,accounts,visits,km,drive_h,work_h,value_won,value_left,
 *  travel_cost,currency,must_missed,unvisited,status", one row per rep in id order.
 *  Deterministic: the same report gives the same bytes.
 *  @return SAHA_OK, SAHA_EIO, SAHA_ENOMEM */
SAHA_API saha_status saha_team_report_write_csv(FILE *f, saha_ctx *ctx,
                                                const saha_team_report *rep);
/** team.csv in a dialect: delimiter, decimal comma in the numbers, BOM, CR LF (the
 *  CLI passes the account input's, see saha_account_dialect). dialect NULL or all
 *  zero = saha_team_report_write_csv. saha_team_report_add_dir reads either back.
 *  @return SAHA_OK, SAHA_EIO, SAHA_ENOMEM */
SAHA_API saha_status saha_team_report_write_csv_dialect(FILE *f, saha_ctx *ctx,
                                                        const saha_team_report *rep,
                                                        const saha_csv_dialect *dialect);
/** team.html: one self-contained page (no script): the team's totals, a row per rep
 *  linking to <id>/week.html, and one SVG map with every rep's territory area and
 *  routes, one <g class="map-group rep-route" data-rep="ID"> per rep.
 *  @param title NULL = "Team week"
 *  @return SAHA_OK, SAHA_EIO, SAHA_EPROJ, SAHA_ENOMEM */
SAHA_API saha_status saha_team_report_write_html(FILE *f, saha_ctx *ctx,
                                                 const saha_team_report *rep,
                                                 saha_geo *geo, const char *title);
/** Options of saha_team_report_write_html_map; fill with saha_team_html_options_init. */
typedef struct saha_team_html_options {
    unsigned version;
    const char *title;             /**< NULL = "Team week" */
    const saha_basemap *basemap;   /**< under both maps (borrowed); NULL = none */
    const char *leaflet_js;        /**< Leaflet's script and stylesheet, inlined for an */
    const char *leaflet_css;       /**< interactive map; NULL = the SVG map only */
    const char *tiles_url;         /**< online tiles over the basemap ({z}/{x}/{y}); */
    const char *tiles_attribution; /**< NULL = none (the page then loads nothing) */
} saha_team_html_options;
#define SAHA_TEAM_HTML_OPTIONS_VERSION 1u
/** Fills o with the defaults. @return SAHA_OK, SAHA_EINVAL (another version) */
SAHA_API saha_status saha_team_html_options_init(saha_team_html_options *o,
                                                 unsigned version);
/** team.html with a basemap and, given Leaflet, an interactive map above the SVG map:
 *  per rep a layer (territory area, routes along the roads when the report has them,
 *  home) in the rep's colour, toggled from a legend under the map (never over it); the
 *  SVG map stays for print and without JavaScript. Otherwise as
 *  saha_team_report_write_html.
 *  @return SAHA_OK, SAHA_EINVAL (o of another version), SAHA_EIO, SAHA_EPROJ,
 *          SAHA_ENOMEM */
SAHA_API saha_status saha_team_report_write_html_map(FILE *f, saha_ctx *ctx,
                                                     const saha_team_report *rep,
                                                     saha_geo *geo,
                                                     const saha_team_html_options *o);
/** What-if: two reports side by side. CSV header "rep,name,visits_a,visits_b,km_a,km_b,
 *  work_h_a,work_h_b,value_won_a,value_won_b,travel_cost_a,travel_cost_b,profit_a,
 *  profit_b,profit_delta", rows for every rep of either report (id order), then TOTAL.
 *  HTML: the same as a page with totals first. labels name A and B (NULL = "A", "B").
 *  @return SAHA_OK, SAHA_EIO, SAHA_ENOMEM */
SAHA_API saha_status saha_team_compare_write_csv(FILE *f, saha_ctx *ctx,
                                                 const saha_team_report *a,
                                                 const saha_team_report *b);
/** The what-if CSV in a dialect (as saha_team_report_write_csv_dialect; NULL = plain). */
SAHA_API saha_status saha_team_compare_write_csv_dialect(FILE *f, saha_ctx *ctx,
                                                         const saha_team_report *a,
                                                         const saha_team_report *b,
                                                         const saha_csv_dialect *dialect);
SAHA_API saha_status saha_team_compare_write_html(FILE *f, saha_ctx *ctx,
                                                  const saha_team_report *a,
                                                  const saha_team_report *b,
                                                  const char *label_a,
                                                  const char *label_b);

#ifdef __cplusplus
}
#endif
#endif /* SAHA_TEAM_H */
