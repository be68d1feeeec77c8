/* Private parts of the matrix module shared by src/matrix*.c, the unit tests and the
 * fuzz harnesses: the matrix layout, and the two parsers callable on memory buffers
 * (the long-format matrix CSV and an OSRM Table reply). */
#ifndef SAHA_INTERNAL_MATRIX_PARSE_H
#define SAHA_INTERNAL_MATRIX_PARSE_H

#include <stddef.h>

#include "saha/matrix.h"

/* n x n, row-major, one allocation each: entry (i, j) is [i * n + j]. float keeps a
 * 5,000-point matrix at 2 x 100 MB; its 24-bit mantissa is 0.125 m at 2,000 km and
 * 4 ms at 10 hours, far below the model's or OSRM's own accuracy. */
struct saha_matrix {
    saha_ctx *ctx;
    size_t n;
    float *dur_s;
    float *dist_m;
};

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

/* The three providers (matrix.c checks the arguments first). */
saha_status saha_matrix__fill_model(saha_matrix *m, saha_ctx *ctx, const saha_latlon *pts,
                                    const saha_matrix_options *o);
saha_status saha_matrix__fill_osrm(saha_matrix *m, saha_ctx *ctx, const char *const *ids,
                                   const saha_latlon *pts, const saha_matrix_options *o);
saha_status saha_matrix__fill_file(saha_matrix *m, saha_ctx *ctx, const char *const *ids,
                                   const saha_latlon *pts, const saha_matrix_options *o);

#endif
