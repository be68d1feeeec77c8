/* Private parts of the matrix module shared by src/matrix*.c, the unit tests and the
 * fuzz harnesses: the matrix layout, and the two parsers callable on memory buffers
 * (the long-format matrix CSV and an OSRM Table reply). */
#ifndef SAHA_INTERNAL_MATRIX_PARSE_H
#define SAHA_INTERNAL_MATRIX_PARSE_H

#include <stddef.h>

#include "internal/core.h"
#include "saha/matrix.h"
#include "util/json.h"

/* n x n, row-major, one allocation each: entry (i, j) is [i * n + j]. float keeps a
 * 5,000-point matrix at 2 x 100 MB; its 24-bit mantissa is 0.125 m at 2,000 km and
 * 4 ms at 10 hours, far below the model's or OSRM's own accuracy. */
struct saha_matrix {
    saha_ctx *ctx;
    size_t n;
    float *dur_s;
    float *dist_m;
    float *snap_m;        /* OSRM: metres each point was moved to a road (NaN unknown);
                             NULL for the other providers */
    unsigned char *flags; /* per point, SAHA_MATRIX__F_*; NULL = all 0 */
    int all_estimated;    /* every entry is the road model's (model provider) */
};
#define SAHA_MATRIX__F_ESTIMATED 1u  /* this point's legs come from the road model */
#define SAHA_MATRIX__F_UNROUTABLE 2u /* snapped farther than snap_max_m */

/* The per-point flags array, allocated (zeroed) on first use; NULL on ENOMEM. */
static inline unsigned char *saha_matrix__flags(saha_matrix *m)
{
    if (!m->flags)
        m->flags = saha__calloc(m->ctx, m->n ? m->n : 1, 1);
    return m->flags;
}

/* How the OSRM provider cuts n points into requests for a server whose
 * --max-table-size is max: every request has at most max^2 sources x destinations.
 * Rows are cut into *kr balanced blocks and columns into *kc; kr * kc is the least
 * number of requests possible with a grid of rectangles, ties broken by the fewest
 * coordinates per request. n >= 2, max >= 2. */
void saha_matrix__osrm_grid(size_t n, size_t max, size_t *kr, size_t *kc);

/* Largest duration (s) or distance (m) a file or a reply may give: 31 years, 25 times
 * round the earth; keeps every value exactly representable as a float's range. */
#define SAHA_MATRIX__MAX_VALUE 1e9

/* Allocates an n x n matrix (entries uninitialised). SAHA_ENOMEM on overflow or OOM. */
saha_status saha_matrix__new(saha_matrix **out, saha_ctx *ctx, size_t n);

/* Id lookup: open addressing over the caller's ids (borrowed). */
typedef struct saha_matrix__ids {
    const char *const *ids;
    size_t n;
    size_t *slots; /* capacity cap, SIZE_MAX = empty */
    size_t cap;
} saha_matrix__ids;
/* SAHA_EINVAL names a duplicate or empty id; SAHA_ENOMEM. */
saha_status saha_matrix__ids_init(saha_matrix__ids *t, saha_ctx *ctx,
                                  const char *const *ids, size_t n);
/* Index of the id given as (s, len), SIZE_MAX when unknown. */
size_t saha_matrix__ids_find(const saha_matrix__ids *t, const char *s, size_t len);
void saha_matrix__ids_free(saha_matrix__ids *t, saha_ctx *ctx);

/* Parses a long-format matrix CSV held in data[0..len) (source names it in messages)
 * into m, whose points are named by ids (m->n of them). Every ordered pair i != j must
 * be present, except that when an id is "HOME" and no line mentions it, its legs are
 * computed with the travel model from pts (a warning is logged); pts may then be NULL
 * only if no id is "HOME". The diagonal is set to 0.
 * @return SAHA_OK; SAHA_EPARSE (line and field named), SAHA_ENOTFOUND (a missing pair,
 *         both ids named), SAHA_ENOMEM */
saha_status saha_matrix__parse_csv(saha_matrix *m, saha_ctx *ctx, const char *source,
                                   const char *data, size_t len, const char *const *ids,
                                   const saha_latlon *pts, const saha_travel_model *tm);

/* Parses one OSRM Table reply (body[0..len), from source) for nsrc sources named
 * src_ids and ndst destinations named dst_ids, writing entry (s, d) to
 * dur[s * stride + d] and dist[s * stride + d] (seconds, metres).
 * @return SAHA_OK; SAHA_EPARSE (bad JSON or shape); SAHA_ENOTFOUND (a null entry:
 *         "unroutable: A -> B"); SAHA_ENET (code != "Ok": OSRM's code and message) */
saha_status saha_matrix__parse_osrm(saha_ctx *ctx, const char *source, const char *body,
                                    size_t len, const char *const *src_ids, size_t nsrc,
                                    const char *const *dst_ids, size_t ndst, float *dur,
                                    float *dist, size_t stride);

/* An OSRM reply (Table or Route service) loaded and checked: *out is its root object,
 * whose "code" is "Ok" (json_decref it). Another code is SAHA_ENOTFOUND for NoSegment (a
 * point far from every road) and, when no_route, NoRoute; else SAHA_ENET; the message
 * gives OSRM's code and message. Bad JSON or no "code" is SAHA_EPARSE. */
saha_status saha_matrix__osrm_load(saha_ctx *ctx, const char *source, const char *body,
                                   size_t len, int no_route, json_t **out);

/* Like saha_matrix__parse_osrm, also reading each waypoint's "distance" (metres the
 * server moved the point to reach a road) into src_snap[s] / dst_snap[d] (either may
 * be NULL; a waypoint without a distance gives NaN). */
saha_status saha_matrix__parse_osrm_snap(saha_ctx *ctx, const char *source,
                                         const char *body, size_t len,
                                         const char *const *src_ids, size_t nsrc,
                                         const char *const *dst_ids, size_t ndst,
                                         float *dur, float *dist, size_t stride,
                                         float *src_snap, float *dst_snap);

/* An OSRM reply with an HTTP status outside 2xx (matrix_osrm.c, matrix_route.c). OSRM
 * sends its errors (400 TooBig, InvalidOptions, ...) with a JSON body: when
 * saha_matrix__osrm_json_body(resp), the caller parses that body and passes what the
 * parser returned as parsed (unused otherwise).
 * @return SAHA_ENET "OSRM answered HTTP <status>" when the parser gave SAHA_OK or
 *         SAHA_EPARSE, else parsed with the parser's error (OSRM's code and message);
 *         with no JSON body, SAHA_ENET "OSRM answered HTTP <status> after <n>
 *         attempt(s)" */
struct saha_http__response;
int saha_matrix__osrm_json_body(const struct saha_http__response *resp);
saha_status saha_matrix__osrm_refused(saha_ctx *ctx, const char *source,
                                      const struct saha_http__response *resp,
                                      saha_status parsed);

/* The three providers (matrix.c checks the arguments first). */
saha_status saha_matrix__fill_model(saha_matrix *m, saha_ctx *ctx, const saha_latlon *pts,
                                    const saha_matrix_options *o);
saha_status saha_matrix__fill_osrm(saha_matrix *m, saha_ctx *ctx, const char *const *ids,
                                   const saha_latlon *pts, const saha_matrix_options *o);
saha_status saha_matrix__fill_file(saha_matrix *m, saha_ctx *ctx, const char *const *ids,
                                   const saha_latlon *pts, const saha_matrix_options *o);

/* The model's road distance (m) of a leg of geodesic length geo_m > 0: geo_m x
 * circuity, or from the circuity knots (saha_travel_model.ncirc). */
double saha_matrix__road_m(const saha_travel_model *tm, double geo_m);

/* One road shape parsed from an OSRM Route reply (matrix_route.c). */
typedef struct saha_matrix__road {
    saha_latlon *pts; /* the geometry, WGS84 degrees */
    size_t n;
    size_t nlegs;      /* waypoints - 1 */
    size_t *leg_start; /* per leg: index into pts where it starts */
    double *leg_m;     /* per leg: the server's distance (m) and duration (s) */
    double *leg_s;
} saha_matrix__road;
void saha_matrix__road_clear(saha_ctx *ctx, saha_matrix__road *r);
/* Decodes an encoded polyline (Google's algorithm; precision 6 for OSRM's polyline6,
 * 5 for polyline) of len bytes into *out (n_out points). SAHA_EPARSE names source. */
saha_status saha_matrix__polyline_decode(saha_ctx *ctx, const char *source, const char *s,
                                         size_t len, int precision, saha_latlon **out,
                                         size_t *n_out);
/* Parses a Route reply (routes[0] with a polyline6 string or a GeoJSON LineString
 * geometry, its legs, the waypoints) for a request of npts coordinates into *out.
 * SAHA_ENET for a code other than "Ok" (SAHA_ENOTFOUND for NoRoute/NoSegment),
 * SAHA_EPARSE for a malformed reply, SAHA_ENOMEM. */
saha_status saha_matrix__parse_route(saha_ctx *ctx, const char *source, const char *body,
                                     size_t len, size_t npts, saha_matrix__road *out);

#endif
