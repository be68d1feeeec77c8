/* saha/solve.h: the optimisation engine on the standard routing benchmark formats
 * (TSPLIB EUC_2D, Chao's TOP files, the Tsiligirides/Chao OP files and the Leuven
 * OPTW/TOPTW files), as `saha solve` and the benchmarks use it. */
#ifndef SAHA_SOLVE_H
#define SAHA_SOLVE_H

#include <stddef.h>
#include <stdint.h>

#include "saha/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Benchmark file formats. */
typedef enum saha_solve_format {
    SAHA_SOLVE_FORMAT_AUTO = 0, /**< detected from the content */
    SAHA_SOLVE_FORMAT_TSPLIB,   /**< TSPLIB EUC_2D TSP */
    SAHA_SOLVE_FORMAT_TOP,      /**< Chao team orienteering */
    SAHA_SOLVE_FORMAT_OP,       /**< Tsiligirides/Chao orienteering */
    SAHA_SOLVE_FORMAT_OPTW,     /**< Leuven OPTW/TOPTW */
    SAHA_SOLVE_FORMAT_PVRP      /**< Cordeau's periodic VRP files (type 1) */
} saha_solve_format;

/** "tsplib", "top", "op", "optw", "pvrp" ("auto" for SAHA_SOLVE_FORMAT_AUTO). */
SAHA_API const char *saha_solve_format_name(saha_solve_format f);
/** Parses a format name ("auto" too).
 *  @return SAHA_OK or SAHA_EINVAL (unknown name; *out untouched) */
SAHA_API saha_status saha_solve_format_parse(const char *name, saha_solve_format *out);

#define SAHA_SOLVE_READ_OPTIONS_VERSION 1

/** Options of saha_solve_read; initialise with saha_solve_read_options_init. */
typedef struct saha_solve_read_options {
    unsigned version;         /**< SAHA_SOLVE_READ_OPTIONS_VERSION */
    saha_solve_format format; /**< default AUTO */
    size_t vehicles; /**< optw: number of paths (the file has none); 0 = 1. Others:
                          0 = as in the file, else overrides it */
    int tw_decimals; /**< optw: 1 or 2; 0 = 2 when the source name starts "pr",
                          else 1 */
} saha_solve_read_options;

/** Sets the defaults. @return SAHA_OK, or SAHA_EINVAL for an unknown version */
SAHA_API saha_status saha_solve_read_options_init(saha_solve_read_options *opts,
                                                  unsigned version);

/** A benchmark instance read from a file (opaque). */
typedef struct saha_solve_problem saha_solve_problem;

/** Parses data[0..len) (need not be NUL-terminated); source names the input in error
 *  messages and gives the default instance name. opts may be NULL (defaults).
 *  @return SAHA_OK, SAHA_EPARSE (message names source, line and field), SAHA_ELIMIT,
 *          SAHA_ENOMEM, SAHA_EINVAL */
SAHA_API saha_status saha_solve_read(saha_solve_problem **out, saha_ctx *ctx,
                                     const char *data, size_t len, const char *source,
                                     const saha_solve_read_options *opts);
SAHA_API void saha_solve_problem_free(saha_solve_problem *p);

/** The NAME: field, or the source's base name without extension. */
SAHA_API const char *saha_solve_problem_name(const saha_solve_problem *p);
/** The format, as detected. */
SAHA_API saha_solve_format saha_solve_problem_format(const saha_solve_problem *p);
/** Points in the file (depots included). */
SAHA_API size_t saha_solve_problem_npoints(const saha_solve_problem *p);
/** Customers (the points that are not depots). */
SAHA_API size_t saha_solve_problem_ncustomers(const saha_solve_problem *p);
/** Vehicles (paths). */
SAHA_API size_t saha_solve_problem_nvehicles(const saha_solve_problem *p);

#define SAHA_SOLVE_OPTIONS_VERSION 1

/** Options of saha_solve_run; initialise with saha_solve_options_init. */
typedef struct saha_solve_options {
    unsigned version;    /**< SAHA_SOLVE_OPTIONS_VERSION */
    uint64_t seed;       /**< default 1 */
    size_t iterations;   /**< per search; 0 = by size */
    double time_limit_s; /**< 0 = none */
    unsigned threads;    /**< 0 = all cores; with iterations bounding the run the answer
                              does not depend on it */
    unsigned regret; /**< one recreate step in `regret` by regret insertion; 0 = never */
    saha_progress_fn progress; /**< may be NULL */
    void *payload;             /**< for progress */
} saha_solve_options;

/** Sets the defaults. @return SAHA_OK, or SAHA_EINVAL for an unknown version */
SAHA_API saha_status saha_solve_options_init(saha_solve_options *opts, unsigned version);

/** The answer of saha_solve_run. */
typedef struct saha_solve_result {
    double objective;    /**< TSPLIB: tour length (nint distances); else total score */
    int feasible;        /**< every constraint holds */
    size_t visited;      /**< customers visited */
    size_t nroutes;      /**< one per vehicle */
    size_t *route_start; /**< nroutes + 1 offsets into points */
    size_t *points;      /**< route r: points[route_start[r] .. route_start[r+1]),
                              0-based positions in the file without the depots (TSPLIB:
                              the whole tour from point 0) */
} saha_solve_result;

/** Solves p. On SAHA_EINFEASIBLE (required customers that cannot all be served) *out
 *  still holds the best answer found. Free *out with saha_solve_result_free.
 *  @return SAHA_OK, SAHA_EINFEASIBLE, SAHA_ENOMEM, SAHA_ECANCEL, SAHA_EINVAL */
SAHA_API saha_status saha_solve_run(saha_solve_result **out, saha_ctx *ctx,
                                    const saha_solve_problem *p,
                                    const saha_solve_options *opts);
SAHA_API void saha_solve_result_free(saha_solve_result *r);

/** Days of the horizon: the PVRP's t, 1 for the other formats. A PVRP result has
 *  t x m routes, route r being vehicle r % m of day r / m (m = nvehicles / days), and
 *  its objective is the total Euclidean distance (exact, not rounded). */
SAHA_API size_t saha_solve_problem_ndays(const saha_solve_problem *p);

#ifdef __cplusplus
}
#endif

#endif
