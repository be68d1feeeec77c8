/* Readers for the standard routing benchmark formats (used by `saha solve` and the
 * benchmarks): TSPLIB EUC_2D, Chao's TOP files, the Tsiligirides/Chao OP files and the
 * Leuven OPTW/TOPTW files. Each builds a saha_vrp with owned arrays.
 *
 * Integer conversion (the engine works on integers; see CONTRIBUTING.md §6):
 *   tsplib: d = nint(euclid), exactly TSPLIB's EUC_2D; all customers required, prize 0;
 *           point 0 is the depot (start and end).
 *   top/op: d = ceil(euclid * 10^7) and the budget floor(Tmax * 10^7), so a route that
 *           fits in integers also fits in exact arithmetic (it may, rarely, reject a
 *           route with less than ~1e-6 of slack); prize = score * BIG with BIG above any
 *           total route length, so score always wins and ties go to the shorter routes.
 *   optw:   travel time truncated to 1 decimal (Solomon) or 2 (Cordeau "pr" files), as
 *           in the Leuven note; every time value is held in hundredths, exactly.
 *   pvrp:   Cordeau's periodic VRP files (type 1): cost = nint(euclid * 10^4), time =
 *           ceil(euclid * 10^4) and service ceil(d * 10^4) against floor(D * 10^4), so
 *           a plan within the durations in integers is within them exactly; the total
 *           reported is the exact double sum (saha__vrp_problem_value).
 * Nodes: customers first (in file order), then the depot nodes; point_of maps a node to
 * its 0-based position in the file. */
#ifndef SAHA_INTERNAL_VRP_READ_H
#define SAHA_INTERNAL_VRP_READ_H

#include <stddef.h>
#include <stdint.h>

#include "internal/vrp.h"

typedef enum saha_vrp_format {
    SAHA_VRP_FORMAT_AUTO = 0,
    SAHA_VRP_FORMAT_TSPLIB,
    SAHA_VRP_FORMAT_TOP,
    SAHA_VRP_FORMAT_OP,
    SAHA_VRP_FORMAT_OPTW,
    SAHA_VRP_FORMAT_PVRP
} saha_vrp_format;

/* Largest number of points accepted (the matrix is npoints^2 * 8 bytes). */
#define SAHA_VRP_READ_MAX_POINTS 5000

typedef struct saha_vrp_read_options {
    saha_vrp_format format;
    size_t vehicles; /* optw: number of paths (the file has none); 0 = 1. Others: 0 =
                        as in the file, else overrides it */
    int tw_decimals; /* optw: 1 or 2; 0 = 2 when the source name starts "pr", else 1 */
} saha_vrp_read_options;

typedef struct saha_vrp_problem {
    saha_vrp vrp;           /* the instance; its arrays are owned below */
    saha_vrp_format format; /* as detected */
    char name[128];         /* NAME: field or the source's base name without extension */
    size_t npoints;         /* points in the file */
    size_t *point_of;       /* vrp.nnodes: node -> 0-based point in the file */
    double *x, *y, *score;  /* npoints */
    double budget;          /* TOP/OP Tmax; OPTW depot closing time; TSPLIB 0 */
    double time_scale;      /* integer time units per file unit */
    saha_cost prize_unit;   /* prize = score * prize_unit (0 for TSPLIB) */
    int tw_decimals;        /* OPTW truncation */
    /* owned arrays behind vrp */
    int64_t *mat;
    saha_cost *prize;
    int64_t *service;
    uint8_t *required, *ntw;
    saha_vrp_tw *tw;
    saha_vrp_vehicle *veh;
    /* PVRP only (else NULL), owned with its arrays; vrp then only gives the sizes
     * (ncustomers, nnodes, nvehicles = days x vehicles a day). */
    struct saha_vrp_pvrp *pvrp;
} saha_vrp_problem;

/* Parses data[0..len) (need not be NUL-terminated). source names the input in error
 * messages and gives the default name. On failure *out is NULL and ctx's error names
 * source, line and field (SAHA_EPARSE), or SAHA_ELIMIT / SAHA_ENOMEM. */
saha_status saha__vrp_read_buffer(saha_ctx *ctx, const char *data, size_t len,
                                  const char *source, const saha_vrp_read_options *opts,
                                  saha_vrp_problem **out);
/* Same, reading the file at path. */
saha_status saha__vrp_read_file(saha_ctx *ctx, const char *path,
                                const saha_vrp_read_options *opts,
                                saha_vrp_problem **out);
void saha__vrp_problem_free(saha_ctx *ctx, saha_vrp_problem *p);

/* The objective in the file's terms: TSPLIB tour length (sum of nint distances),
 * PVRP the total Euclidean distance (double), otherwise the total score collected. */
double saha__vrp_problem_value(const saha_vrp_problem *p, const saha_vrp_solution *sol);
/* "tsplib", "top", "op", "optw", "pvrp". */
const char *saha__vrp_format_name(saha_vrp_format f);
/* Parses a format name ("auto" too); -1 if unknown. */
int saha__vrp_format_parse(const char *s, saha_vrp_format *out);

#endif
