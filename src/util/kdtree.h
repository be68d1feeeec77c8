/* util/kdtree: a static 2-d tree over points in the plane for k-nearest-neighbour
 * queries (territory workload estimate, plan candidate legs). See kdtree.c. */
#ifndef SAHA_UTIL_KDTREE_H
#define SAHA_UTIL_KDTREE_H

#include <stddef.h>
#include <stdint.h>

#include "internal/core.h"

/* Leaves hold at most this many points. */
#define SAHA__KDTREE_LEAF 8

#define SAHA__KD_Y 1u /* cut across y (else x) */
#define SAHA__KD_TIES_LEFT                                                               \
    2u                         /* keys equal to the cut's lie left (else right or both)  \
                                */
#define SAHA__KD_TIES_RIGHT 4u /* keys equal to the cut's lie right */
#define SAHA__KD_LEAF 8u       /* points [lo, hi), no cut */
#define SAHA__KD_BLOCK 16u     /* points [lo, hi) all on one coordinate */

/* A node over tree positions [lo, hi): an inner node's point is at cut, its children
 * cover [lo, cut) and (cut, hi) (UINT32_MAX: empty). */
typedef struct saha__kdnode {
    uint32_t lo, hi, cut, left, right;
    unsigned char flags;
} saha__kdnode;

typedef struct saha__kdtree {
    saha_ctx *ctx;
    size_t n, nnode;
    uint32_t root;
    uint32_t *id;       /* n: input index of the point at each tree position */
    double *x, *y;      /* n: coordinates in tree order */
    saha__kdnode *node; /* nnode <= n */
} saha__kdtree;

/* Builds the tree over n points (xy[2i], xy[2i + 1]); n < 2^32. The coordinates are
 * copied. O(n log n) time on any input (duplicates included), O(n) memory. On failure
 * *out is left empty (safe to free). Returns SAHA_OK, SAHA_ENOMEM or SAHA_ELIMIT. */
saha_status saha__kdtree_build(saha_ctx *ctx, const double *xy, size_t n,
                               saha__kdtree *out);
void saha__kdtree_free(saha__kdtree *t);

/* The k nearest points to (qx, qy) other than input index `skip` (SIZE_MAX: none),
 * nearest first, ties in the order met: their input indices in id_out[0..k) and
 * squared distances in d2_out[0..k) (d2_out is required, id_out may be NULL). Returns how
 * many were found (min(k, points other than skip)). When ops is not NULL, *ops grows by
 * the number of nodes and points examined (for tests that bound the work). Only points
 * strictly nearer than the current k-th are taken, so many points on one coordinate cost
 * O(log n + k) per query. */
size_t saha__kdtree_knn(const saha__kdtree *t, double qx, double qy, size_t skip,
                        size_t k, uint32_t *id_out, double *d2_out, size_t *ops);

#endif
