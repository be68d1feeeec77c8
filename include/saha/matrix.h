/* saha/matrix.h: travel time (seconds) and distance (metres) between every ordered pair
 * of a list of points, behind one interface with three providers: the built-in road
 * model (offline), the OSRM Table API, and a matrix file. */
#ifndef SAHA_MATRIX_H
#define SAHA_MATRIX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "saha/account.h"
#include "saha/error.h"
#include "saha/geo.h"
#include "saha/http.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SAHA_TRAVEL_MAX_BANDS 8

/** The built-in road model: road distance = geodesic distance x circuity; drive time from
 *  a piecewise speed profile by leg length. Band k applies to the part of a leg between
 *  upto_km[k-1] and upto_km[k] (see README, "Travel model"). */
typedef struct saha_travel_model {
    double circuity;                       /**< road km per straight km, >= 1 */
    size_t nbands;                         /**< 1..SAHA_TRAVEL_MAX_BANDS */
    double upto_km[SAHA_TRAVEL_MAX_BANDS]; /**< increasing; last may be huge (1e9) */
    double speed_kmh[SAHA_TRAVEL_MAX_BANDS];
    /** Circuity by straight-line distance (0 = circuity for every leg): ncirc knots,
     *  circ_km strictly increasing, circ in [1, 5], circ_km x circ non-decreasing. The
     *  road distance is circ[0] x the straight line up to circ_km[0], linear between
     *  the knots' road distances (circ_km[k] x circ[k]), circ[last] x the straight line
     *  beyond: continuous and increasing, so short legs keep their own circuity (rep
     *  file: "circuity_by_km": [[km, circuity], ...]; saha calibrate fits it). */
    size_t ncirc;
    double circ_km[SAHA_TRAVEL_MAX_BANDS];
    double circ[SAHA_TRAVEL_MAX_BANDS];
} saha_travel_model;
/* clang-format off */
/** The defaults: circuity 1.3; 25 km/h up to 5 km, 50 up to 50 km, 80 beyond. */
#define SAHA_TRAVEL_MODEL_INIT {1.3, 3, {5, 50, 1e9}, {25, 50, 80}, 0, {0}, {0}}
/* clang-format on */

/** Road distance (m) and drive time (s) of a leg with geodesic length geo_m: the road
 *  distance is geo_m x circuity (or from the circuity knots, see ncirc); the time sums,
 * over the bands, the part of the road distance inside the band divided by its speed (a
 * leg longer than the last upto_km drives its remainder at the last speed). Time is
 * continuous and increasing in distance. Either output may be NULL. geo_m <= 0 or NaN
 * gives 0 / NaN. */
SAHA_API void saha_travel_model_leg(const saha_travel_model *tm, double geo_m,
                                    double *dist_m_out, double *time_s_out);
/** Checks a travel model: circuity finite and >= 1, 1..SAHA_TRAVEL_MAX_BANDS bands,
 *  upto_km strictly increasing and > 0, speeds finite and > 0.
 *  @return SAHA_OK or SAHA_EINVAL (message names the field) */
SAHA_API saha_status saha_travel_model_check(saha_ctx *ctx, const saha_travel_model *tm);

/** Where travel times come from (see README, "Travel model"). */
typedef enum saha_matrix_provider {
    SAHA_MATRIX_MODEL = 0,
    SAHA_MATRIX_OSRM,
    SAHA_MATRIX_FILE
} saha_matrix_provider;

#define SAHA_MATRIX_OPTIONS_VERSION 1

/** Options of saha_matrix_build; fill with saha_matrix_options_init. */
typedef struct saha_matrix_options {
    unsigned version; /**< SAHA_MATRIX_OPTIONS_VERSION */
    saha_matrix_provider provider;
    saha_travel_model travel;      /**< MODEL, and legs a matrix file lacks for HOME */
    const char *osrm_url;          /**< OSRM base URL, e.g. "http://127.0.0.1:5000" */
    size_t osrm_max_table;         /**< server's max-table-size; 0 = 100 */
    const char *file_path;         /**< FILE provider: long-format CSV */
    unsigned threads;              /**< 0 = all cores */
    saha_progress_fn progress;     /**< may be NULL; called from the calling thread */
    void *payload;                 /**< for progress */
    const saha_http_options *http; /**< OSRM: timeouts/retries; NULL = defaults */
    /** OSRM: a point the server moved more than snap_warn_m metres to reach a road is
     *  named in a warning (ctx log); more than snap_max_m, it is flagged unroutable
     *  (saha_matrix_unroutable) with a warning. 0 = no check. Defaults 500 and 5000. */
    double snap_warn_m;
    double snap_max_m;
} saha_matrix_options;
/** Sets the defaults: the road model (SAHA_TRAVEL_MODEL_INIT), all cores, no progress,
 *  the default HTTP options, snap warnings past 500 m and unroutable past 5000 m.
 *  @return SAHA_OK, or SAHA_EINVAL for NULL or an unknown version */
SAHA_API saha_status saha_matrix_options_init(saha_matrix_options *opts,
                                              unsigned version);

/** An n x n matrix of durations and distances (opaque; two float arrays inside). */
typedef struct saha_matrix saha_matrix;

/** Builds the n x n matrix for points pts with ids (ids name the points in a matrix
 *  file and in messages; the rep's home is "HOME"). Points with NaN coordinates are an
 *  error (SAHA_EINVAL naming the id). geo may be NULL (no provider needs it now). ids
 *  may be NULL for the model provider. The model runs on opts->threads threads.
 *  @return SAHA_OK, SAHA_EINVAL, SAHA_ENET, SAHA_EPARSE (file / reply), SAHA_ENOTFOUND
 *          (unroutable point or missing legs in a file, message names the ids),
 *          SAHA_ENOMEM, SAHA_ECANCEL */
SAHA_API saha_status saha_matrix_build(saha_matrix **out, saha_ctx *ctx, saha_geo *geo,
                                       const char *const *ids, const saha_latlon *pts,
                                       size_t n, const saha_matrix_options *opts);
/** NULL is a no-op. */
SAHA_API void saha_matrix_free(saha_matrix *m);
/** Number of points. */
SAHA_API size_t saha_matrix_size(const saha_matrix *m);
/** Travel time from i to j in seconds (0 on the diagonal). */
SAHA_API double saha_matrix_duration_s(const saha_matrix *m, size_t i, size_t j);
/** Travel distance from i to j in metres (0 on the diagonal). */
SAHA_API double saha_matrix_distance_m(const saha_matrix *m, size_t i, size_t j);
/** OSRM: metres the server moved point i to reach a road (the largest over the
 *  requests that carried it); NaN for other providers or when the server did not say. */
SAHA_API double saha_matrix_snap_m(const saha_matrix *m, size_t i);
/** 1 when point i was moved farther than the options' snap_max_m (OSRM): its entries
 *  are those of a road far from it, and it should be left out; else 0. */
SAHA_API int saha_matrix_unroutable(const saha_matrix *m, size_t i);
/** 1 when entry (i, j) is the road model's estimate (model provider, or legs of HOME a
 *  matrix file lacked), 0 when it is road data (OSRM, matrix file). */
SAHA_API int saha_matrix_is_estimate(const saha_matrix *m, size_t i, size_t j);

/** Writes the long format: header "from_id,to_id,duration_s,distance_m", one row per
 *  ordered pair i != j of points not unroutable, in row-major order, numbers with one
 * decimal ('.' whatever the locale); ids containing ',', '"' or a line break are quoted
 * as in RFC 4180.
 *  @return SAHA_OK, SAHA_EINVAL, SAHA_EIO */
SAHA_API saha_status saha_matrix_write_csv(FILE *f, saha_ctx *ctx, const saha_matrix *m,
                                           const char *const *ids);
/** The same in a dialect: delimiter (',', ';' or tab), decimal comma in the numbers,
 *  BOM, CR LF (dialect NULL or all zero = saha_matrix_write_csv). The matrix file
 *  reader (--provider file) reads every dialect back: it sniffs the delimiter and, with
 *  ';', reads decimal commas.
 *  @return SAHA_OK, SAHA_EINVAL (a bad delimiter too), SAHA_EIO */
SAHA_API saha_status saha_matrix_write_csv_dialect(FILE *f, saha_ctx *ctx,
                                                   const saha_matrix *m,
                                                   const char *const *ids,
                                                   const saha_csv_dialect *dialect);

/* ---- calibration of the road model ------------------------------------------------ */

/** Straight-line distance bands of the calibration report (km): 0-2, 2-5, 5-10, 10-20,
 *  20-50, 50-100, 100+. */
#define SAHA_CALIBRATE_BANDS 7

#define SAHA_CALIBRATE_OPTIONS_VERSION 1

/** Options of saha_travel_calibrate; fill with saha_calibrate_options_init. */
typedef struct saha_calibrate_options {
    unsigned version;        /**< SAHA_CALIBRATE_OPTIONS_VERSION */
    saha_travel_model start; /**< the model before: compared, and its speed bands'
                                  upto_km are the ones fitted */
    size_t samples;          /**< pairs used; 0 = 2000 (all when fewer exist) */
    uint64_t seed;           /**< for the sample */
    int by_km;               /**< 1: also fit a circuity per straight-line band (the
                                  fitted model's circuity_by_km knots); 0: one
                                  circuity, as before */
} saha_calibrate_options;
/** Sets the defaults: start from SAHA_TRAVEL_MODEL_INIT, 2000 samples, seed 1, one
 *  circuity.
 *  @return SAHA_OK, or SAHA_EINVAL for NULL or an unknown version */
SAHA_API saha_status saha_calibrate_options_init(saha_calibrate_options *opts,
                                                 unsigned version);

/** Errors of a model on one distance band: |model - road| / road over the pairs, as
 *  fractions (0.1 = 10 %). */
typedef struct saha_calibrate_errors {
    double dist_median, dist_p90, time_median, time_p90;
} saha_calibrate_errors;

typedef struct saha_calibrate_band {
    double lo_km, hi_km; /**< straight-line distance band (hi may be INFINITY) */
    size_t pairs;        /**< sampled pairs in the band (0: the rest is NaN) */
    double ratio_median; /**< median road km / straight km */
    saha_calibrate_errors before, after;
} saha_calibrate_band;

typedef struct saha_calibrate_result {
    saha_travel_model fitted;
    size_t pairs; /**< pairs used in all */
    saha_calibrate_band band[SAHA_CALIBRATE_BANDS];
    saha_calibrate_band all;
} saha_calibrate_result;

/** Fits the road model to a matrix of road data (OSRM or a matrix file) over points
 *  pts. Pairs i != j whose entries are road data (not estimates), with both points
 *  routable and positive distance and time, are sampled stratified by straight-line
 *  distance: opts->samples pairs split evenly over the bands that have any (a band
 *  with fewer gives all it has, the rest goes to the others), at random (opts->seed).
 *  Method: circuity = the median over the sample of road km / straight km (robust to
 *  the odd pair a server snapped far away), clamped to [1, 5]; with opts->by_km, also
 *  a knot per band with at least 30 pairs (at its median straight km, the circuity in
 *  [1, 5] that minimises the band's median relative distance error, raised where the
 *  road distance would fall), so short legs keep their own circuity; then, with that road
 *  distance, the model's time is linear in the inverse speeds of the bands (each leg's
 *  time is the sum over bands of its km in the band / the band's speed), so the
 *  speeds are fitted as 1/speed minimising the sum of absolute relative time errors
 *  (least absolute deviations by iteratively reweighted least squares); a band with
 *  under 500 m of sampled road, or whose fit is not a speed in [1, 300] km/h, keeps
 *  opts->start's speed (the others refitted without it).
 *  Errors of opts->start and of the fit are reported per band.
 *  @return SAHA_OK, SAHA_EINVAL (no usable pair, bad options), SAHA_ENOMEM */
SAHA_API saha_status saha_travel_calibrate(saha_ctx *ctx, const saha_matrix *m,
                                           const saha_latlon *pts,
                                           const saha_calibrate_options *opts,
                                           saha_calibrate_result *out);

/* ---- road shapes: the OSRM Route service ------------------------------------------- */

#define SAHA_ROADS_OPTIONS_VERSION 1

/** Options of saha_roads_create; fill with saha_roads_options_init. */
typedef struct saha_roads_options {
    unsigned version;              /**< SAHA_ROADS_OPTIONS_VERSION */
    const char *osrm_url;          /**< OSRM base URL, e.g. "http://127.0.0.1:5000" */
    const saha_http_options *http; /**< timeouts/retries; NULL = defaults */
    const char *cache_path;        /**< SQLite route cache (made 0600); NULL = none */
} saha_roads_options;
/** Sets the defaults (no URL, no cache). @return SAHA_OK, SAHA_EINVAL (version) */
SAHA_API saha_status saha_roads_options_init(saha_roads_options *opts, unsigned version);

/** The road shapes of several routes (a day each), fetched from OSRM's Route service
 *  (`/route/v1/driving/...?overview=full&geometries=polyline6`) or read from the route
 *  cache (opaque). */
typedef struct saha_roads saha_roads;

/** Makes an empty set of shapes and opens the cache. A cache path that holds anything
 *  but a saha route cache (another program's file, a geocode cache) is refused and left
 *  untouched.
 *  @return SAHA_OK, SAHA_EINVAL (no URL, not a route cache), SAHA_EIO, SAHA_ENOMEM */
SAHA_API saha_status saha_roads_create(saha_roads **out, saha_ctx *ctx,
                                       const saha_roads_options *opts);
/** NULL is a no-op. */
SAHA_API void saha_roads_free(saha_roads *roads);
/** Fetches the road through pts[0], ..., pts[n-1] (n >= 2, at most 500: OSRM's default
 *  --max-viaroute-size) as route number `route` (any index; the set grows), from the
 *  cache when it has the same request, else from the server (and stores the answer).
 *  @return SAHA_OK, SAHA_EINVAL, SAHA_ENET (server, HTTP or OSRM error), SAHA_EPARSE
 *          (reply), SAHA_ENOTFOUND (OSRM NoRoute / NoSegment), SAHA_EIO (cache),
 *          SAHA_ENOMEM. On failure the route has no shape. */
SAHA_API saha_status saha_roads_fetch(saha_roads *roads, size_t route,
                                      const saha_latlon *pts, size_t n);
/** The shape of route `route` in WGS84 degrees (borrowed, alive until the next fetch of
 *  the same route or saha_roads_free) and its point count in *n_out; NULL (and 0) when
 *  the route has none. roads may be NULL. */
SAHA_API const saha_latlon *saha_roads_shape(const saha_roads *roads, size_t route,
                                             size_t *n_out);
/** Index into the shape where leg k (from pts[k] to pts[k+1]) starts (the point nearest
 *  the server's snapped waypoint k); leg k ends where leg k+1 starts, the last at the
 *  shape's end. SIZE_MAX when there is no such leg. */
SAHA_API size_t saha_roads_leg_start(const saha_roads *roads, size_t route, size_t leg);
/** The server's road distance (m) and duration (s) of leg k of route `route`; NaN when
 *  unknown. */
SAHA_API double saha_roads_leg_distance_m(const saha_roads *roads, size_t route,
                                          size_t leg);
SAHA_API double saha_roads_leg_duration_s(const saha_roads *roads, size_t route,
                                          size_t leg);
/** HTTP requests made and answers taken from the cache so far. */
SAHA_API size_t saha_roads_requests(const saha_roads *roads);
SAHA_API size_t saha_roads_cache_hits(const saha_roads *roads);

#ifdef __cplusplus
}
#endif
#endif /* SAHA_MATRIX_H */
