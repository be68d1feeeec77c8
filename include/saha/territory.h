/* saha/territory.h: balanced, compact and stable territories.
 *
 * Flow: saha_account_load() + saha_territory_reps_load() (or a territory count k)
 * -> saha_territory_solve() -> saha_territory_result (opaque) -> per-territory figures,
 * the territory of every account, saha_territory_apply() (adds the "territory" and "rep"
 * columns to the account set for saha_account_write_csv), and the GeoJSON / SVG writers.
 *
 * Every territory's load (workload hours, value or account count) stays within
 * +-tolerance of its capacity share, while the territories are kept compact: the solver
 * minimises the visit-weighted sum of squared distances from accounts to their
 * territory's centre (the least-squares criterion of k-means, distances in the local
 * projection of module geo), which makes territories convex; figures report the
 * visit-weighted mean distance (spread_km). See README "Territories" for the workload
 * estimate and the method. */
#ifndef SAHA_TERRITORY_H
#define SAHA_TERRITORY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "saha/account.h"
#include "saha/basemap.h"
#include "saha/error.h"
#include "saha/geo.h"
#include "saha/matrix.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- reps file ------------------------------------------------------------------ */

/** One rep of a reps file (CSV). Strings are borrowed from the set (never NULL). */
typedef struct saha_territory_rep {
    size_t line;         /**< 1-based line of the row */
    const char *id;      /**< unique; names the territory */
    const char *name;    /**< "" when absent */
    int has_home;        /**< 0: no home, the territory centre is free */
    saha_latlon home;    /**< WGS84 degrees; NaN when !has_home */
    double capacity;     /**< share weight, e.g. 1 full time, 0.5 part time; > 0 */
    size_t max_accounts; /**< 0 = no limit */
} saha_territory_rep;

typedef struct saha_territory_reps saha_territory_reps;

/** Reads a reps file: CSV with a header (delimiter ',', ';' or tab, sniffed). Columns,
 *  case-insensitive: id (rep_id, code, kod), name (rep, temsilci), lat (home_lat,
 *  latitude, enlem), lon (home_lon, lng, longitude, boylam), address (home_address,
 *  adres), capacity (fte, kapasite; default 1), max_accounts. A row with an address but
 *  no coordinates is refused: geocode the reps file first.
 *  @return SAHA_OK, SAHA_EIO, SAHA_EPARSE (source, line and field named), SAHA_ENOMEM */
SAHA_API saha_status saha_territory_reps_load(saha_territory_reps **out, saha_ctx *ctx,
                                              const char *path);
/** Same from memory; source names the input in messages. data need not be
 *  NUL-terminated. */
SAHA_API saha_status saha_territory_reps_parse(saha_territory_reps **out, saha_ctx *ctx,
                                               const char *source, const char *data,
                                               size_t len);
/** NULL is a no-op. */
SAHA_API void saha_territory_reps_free(saha_territory_reps *reps);
/** Number of reps. */
SAHA_API size_t saha_territory_reps_count(const saha_territory_reps *reps);
/** Rep i (borrowed), NULL when out of range. */
SAHA_API const saha_territory_rep *saha_territory_reps_at(const saha_territory_reps *reps,
                                                          size_t i);

/** The cell of column `name` in rep i's row, for columns this module does not read
 *  itself (e.g. the rep-file fields `saha team` takes from a reps file). Headers are
 *  matched as in the reader (case, accents, spaces, '-' and '_' folded); the first such
 *  column wins. Borrowed; "" for an empty cell, NULL when the file has no such column
 *  or i is out of range. */
SAHA_API const char *saha_territory_reps_column(const saha_territory_reps *reps, size_t i,
                                                const char *name);

/* ---- previous assignment -------------------------------------------------------- */

typedef struct saha_territory_previous saha_territory_previous;

/** Reads a previous assignment: a CSV with an account id column (id, account_id, code,
 *  kod, musteri_no) and a "territory" column, such as the one saha territory writes.
 *  Rows with an empty territory are ignored.
 *  @return SAHA_OK, SAHA_EIO, SAHA_EPARSE (missing column, duplicate id: line named),
 *          SAHA_ENOMEM */
SAHA_API saha_status saha_territory_previous_load(saha_territory_previous **out,
                                                  saha_ctx *ctx, const char *path);
/** Same from memory. */
SAHA_API saha_status saha_territory_previous_parse(saha_territory_previous **out,
                                                   saha_ctx *ctx, const char *source,
                                                   const char *data, size_t len);
/** NULL is a no-op. */
SAHA_API void saha_territory_previous_free(saha_territory_previous *prev);
/** Number of (id, territory) pairs. */
SAHA_API size_t saha_territory_previous_count(const saha_territory_previous *prev);
/** The previous territory of account `id` (borrowed), NULL when it had none. */
SAHA_API const char *saha_territory_previous_lookup(const saha_territory_previous *prev,
                                                    const char *id);

/* ---- solving -------------------------------------------------------------------- */

/** What is balanced between territories. */
typedef enum saha_territory_balance {
    SAHA_TERRITORY_BALANCE_WORKLOAD = 0, /**< visit + travel hours per period */
    SAHA_TERRITORY_BALANCE_VALUE,        /**< sum of value x probability */
    SAHA_TERRITORY_BALANCE_COUNT         /**< number of accounts */
} saha_territory_balance;

#define SAHA_TERRITORY_OPTIONS_VERSION 1

/** Options of saha_territory_solve; fill with saha_territory_options_init. */
typedef struct saha_territory_options {
    unsigned version; /**< SAHA_TERRITORY_OPTIONS_VERSION */
    saha_territory_balance balance;
    double tolerance;  /**< fraction, e.g. 0.03 for +-3 % of the share (the default) */
    size_t k;          /**< territories when reps is NULL (>= 1) */
    int keep_assigned; /**< accounts whose rep is set stay with that rep */
    const saha_territory_previous *previous; /**< NULL: no stability goal */
    uint64_t seed;                           /**< for free centres' initial choice */
    double period_days;                      /**< workload period; default 28 (4 weeks) */
    double default_frequency_days; /**< cadence of accounts without one; default 28 */
    size_t neighbours;             /**< k of the nearest-neighbour travel estimate; 5 */
    saha_travel_model travel;      /**< speeds for the travel estimate */
    size_t max_rounds;             /**< centre updates for free centres; default 8 */
    saha_progress_fn progress;     /**< optional; NULL = none */
    void *payload;
} saha_territory_options;
/** Sets the defaults: balance workload within 3 %, k 0, seed 1, 28-day periods and
 *  cadence, 5 neighbours, the road model (SAHA_TRAVEL_MODEL_INIT), 8 rounds.
 *  @return SAHA_OK, or SAHA_EINVAL for NULL or an unknown version */
SAHA_API saha_status saha_territory_options_init(saha_territory_options *opts,
                                                 unsigned version);

/** Why an account changed territory with a previous assignment. */
typedef enum saha_territory_move_reason {
    SAHA_TERRITORY_MOVE_FROM_OVER = 0, /**< its territory was over the tolerance */
    SAHA_TERRITORY_MOVE_TO_UNDER,      /**< a neighbour was under the tolerance */
    SAHA_TERRITORY_MOVE_GONE,          /**< its previous territory no longer exists */
    SAHA_TERRITORY_MOVE_LOCKED         /**< --keep-assigned sent it to its rep */
} saha_territory_move_reason;

/** One account that changed territory against the previous assignment. */
typedef struct saha_territory_move {
    size_t account;  /**< index of the valid account */
    size_t from, to; /**< territory indexes; from SIZE_MAX when GONE */
    saha_territory_move_reason reason;
} saha_territory_move;

/** Why a territory is off its share after the solve. */
typedef enum saha_territory_limit {
    SAHA_TERRITORY_LIMIT_NONE = 0,     /**< within its bounds */
    SAHA_TERRITORY_LIMIT_MAX_ACCOUNTS, /**< over max_accounts, or under with it reached */
    SAHA_TERRITORY_LIMIT_LOCKED,       /**< over: its locked accounts alone are over the
                                            bound; under: only locked accounts could
                                            join it */
    SAHA_TERRITORY_LIMIT_ISLAND,       /**< no account can cross its border in the needed
                                            direction: the territories around it are at
                                            their bounds too (nearest names one that is
                                            not) */
    SAHA_TERRITORY_LIMIT_HEAVY,        /**< accounts can cross, but each would overshoot
                                            the other bound (heavier than the band) */
    SAHA_TERRITORY_LIMIT_SEARCH,       /**< a move exists; the search stopped short */
    SAHA_TERRITORY_LIMIT_SHARED_COORDS /**< its accounts sit on few coordinates, many
                                            accounts each (city-level geocodes): its
                                            border must split one coordinate's accounts
                                            and the search found no split inside the
                                            band (instead of ISLAND or SEARCH; see
                                            coords) */
} saha_territory_limit;

/** Figures of one territory. Strings borrowed from the result. */
typedef struct saha_territory_info {
    const char *id;              /**< rep id, or "T1".."Tk" without reps */
    const char *rep_name;        /**< "" without reps */
    int anchored;                /**< centre fixed at the rep's home */
    saha_latlon centre;          /**< home, or the visit-weighted mean of its accounts */
    size_t accounts;             /**< accounts assigned */
    size_t locked;               /**< of which kept with their rep (--keep-assigned) */
    double workload_h;           /**< visit + travel hours per period */
    double value;                /**< sum of value x probability */
    double spread_km;            /**< visit-weighted mean distance to the centre */
    double load;                 /**< in the balance unit (hours, value or accounts) */
    double target;               /**< capacity share of the total load */
    double deviation_pct;        /**< 100 x (load - target) / target */
    double deviation_before_pct; /**< with previous: deviation of the previous
                                      assignment (new accounts at their nearest) */
    double capacity;
    saha_territory_limit limit; /**< why it is off its share; NONE when within */
    /** With LIMIT_ISLAND: the nearest territory (by centre) that could take its excess
     *  (over) or give it load (under), SIZE_MAX when none, and that distance in km
     *  (NaN when none). */
    size_t nearest;
    double nearest_km;
    /** Distinct coordinates among its accounts (accounts / coords accounts on each on
     *  average); 0 when the balance is met. */
    size_t coords;
} saha_territory_info;

typedef struct saha_territory_result saha_territory_result;

/** Splits the valid accounts with coordinates into territories: one per rep (centres at
 *  the reps' homes when given) or opts->k with free centres. Accounts without
 *  coordinates get no territory. Deterministic for a given input and opts->seed.
 *  When the tolerance cannot be met (e.g. locked accounts or one huge account), the
 *  result is still produced: saha_territory_balanced() tells.
 *  @param geo for the local projection
 *  @param reps NULL: opts->k territories with free centres
 *  @return SAHA_OK, SAHA_EINVAL (no reps and k 0, more territories than accounts,
 *          bad tolerance), SAHA_EPROJ, SAHA_ENOMEM, SAHA_ECANCEL */
SAHA_API saha_status saha_territory_solve(saha_territory_result **out, saha_ctx *ctx,
                                          saha_geo *geo, const saha_account_set *accounts,
                                          const saha_territory_reps *reps,
                                          const saha_territory_options *opts);
/** NULL is a no-op. */
SAHA_API void saha_territory_result_free(saha_territory_result *res);

/** Number of territories. */
SAHA_API size_t saha_territory_count(const saha_territory_result *res);
/** Territory t (borrowed), NULL when out of range. */
SAHA_API const saha_territory_info *saha_territory_at(const saha_territory_result *res,
                                                      size_t t);
/** Territory index of valid account i; SIZE_MAX when it has no coordinates. */
SAHA_API size_t saha_territory_of(const saha_territory_result *res, size_t i);
/** Workload estimate of valid account i in hours per period (0 without coordinates). */
SAHA_API double saha_territory_account_workload_h(const saha_territory_result *res,
                                                  size_t i);
/** 1 when every territory is within the tolerance (and its max_accounts). */
SAHA_API int saha_territory_balanced(const saha_territory_result *res);
/** Largest |deviation_pct| over the territories. */
SAHA_API double saha_territory_max_deviation_pct(const saha_territory_result *res);
/** Visit-weighted mean distance of all assigned accounts to their centres, km. */
SAHA_API double saha_territory_spread_km(const saha_territory_result *res);
/** Accounts whose rep was set but named no territory (left free), and accounts left
 *  out for lack of coordinates. */
SAHA_API size_t saha_territory_unknown_rep_count(const saha_territory_result *res);
SAHA_API size_t saha_territory_missing_coords_count(const saha_territory_result *res);
/** Moves against the previous assignment (0 without one), in account order. */
SAHA_API size_t saha_territory_move_count(const saha_territory_result *res);
SAHA_API const saha_territory_move *
saha_territory_move_at(const saha_territory_result *res, size_t i);

/** Sets the extra columns "territory" (territory id) and "rep" (rep name, or "" without
 *  reps) on every valid account of set (empty for accounts without coordinates), ready
 *  for saha_account_write_csv. set must be the set the result was solved from.
 *  @return SAHA_OK, SAHA_EINVAL (another set), SAHA_ENOMEM */
SAHA_API saha_status saha_territory_apply(const saha_territory_result *res, saha_ctx *ctx,
                                          saha_account_set *set);

/** Writes a GeoJSON FeatureCollection: one MultiPolygon per territory, its area (the
 *  Voronoi cells of its accounts cut to a disc of radius area_radius_km around each:
 *  areas of different territories never overlap; the union of the polygons is the
 *  area) with properties id, rep, accounts, workload_h, value, spread_km,
 *  deviation_pct, capacity, area_radius_km; one Point per rep home (kind "home" or
 *  "centre"); one Point per territory (kind "label") inside its area.
 *  Coordinates with 6 decimals ('.' whatever the locale), '\n' endings; built in
 *  memory and written once.
 *  @return SAHA_OK, SAHA_EIO, SAHA_ENOMEM */
SAHA_API saha_status saha_territory_write_geojson(FILE *f, saha_ctx *ctx,
                                                  const saha_territory_result *res);
/** Writes the map as a standalone SVG: accounts coloured by territory, territory areas,
 *  homes (or free centres) and a legend. accounts is the set the result was solved
 *  from; geo projects the map.
 *  @return SAHA_OK, SAHA_EIO, SAHA_EINVAL, SAHA_EPROJ, SAHA_ENOMEM */
SAHA_API saha_status saha_territory_write_svg(FILE *f, saha_ctx *ctx,
                                              const saha_territory_result *res,
                                              const saha_account_set *accounts,
                                              saha_geo *geo);
#define SAHA_TERRITORY_HTML_OPTIONS_VERSION 1

/** Options of saha_territory_write_html (every field may be NULL). */
typedef struct saha_territory_html_options {
    unsigned version;            /**< SAHA_TERRITORY_HTML_OPTIONS_VERSION */
    const saha_basemap *basemap; /**< land, lakes, borders and places under the maps */
    const char *leaflet_js;      /**< Leaflet's script text to inline; NULL = SVG only */
    const char *leaflet_css;     /**< Leaflet's stylesheet text */
    const char *tiles_url;       /**< online tiles ({z}/{x}/{y}); NULL = no request */
    const char *tiles_attribution;
    const char *title; /**< page title; NULL = "Territories" */
} saha_territory_html_options;
/** Sets every field to NULL (SVG only, no basemap, no tiles, title "Territories").
 *  @return SAHA_OK, or SAHA_EINVAL for NULL or an unknown version */
SAHA_API saha_status saha_territory_html_options_init(saha_territory_html_options *opts,
                                                      unsigned version);
/** Writes one self-contained HTML page: an interactive Leaflet map (areas, boundaries,
 *  names inside the areas, accounts, homes, basemap) when Leaflet is given, the SVG map
 *  for print and without JavaScript, and the summary table under the map.
 *  @return SAHA_OK, SAHA_EIO, SAHA_EINVAL, SAHA_EPROJ, SAHA_ENOMEM */
SAHA_API saha_status saha_territory_write_html(FILE *f, saha_ctx *ctx,
                                               const saha_territory_result *res,
                                               const saha_account_set *accounts,
                                               saha_geo *geo,
                                               const saha_territory_html_options *opts);
/** The same over a basemap (land, lakes, borders, places; NULL = none). */
SAHA_API saha_status saha_territory_write_map_svg(FILE *f, saha_ctx *ctx,
                                                  const saha_territory_result *res,
                                                  const saha_account_set *accounts,
                                                  saha_geo *geo,
                                                  const saha_basemap *basemap);

#ifdef __cplusplus
}
#endif
#endif /* SAHA_TERRITORY_H */
