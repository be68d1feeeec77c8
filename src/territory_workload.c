/* territory_workload.c: the travel part of an account's workload estimate.
 *
 * Method. Beardwood, Halton and Hammersley (1959): the shortest tour through m points
 * spread over an area A has length ~ beta sqrt(m A) with beta ~ 0.7124 (Euclidean
 * plane). Its derivative, the marginal length one more visit adds, is
 * beta / (2 sqrt(rho)) where rho = m / A is the local density of points. We estimate
 * rho around each account from its kn nearest neighbours: rho = kn / (pi r^2) with r the
 * distance to the kn-th neighbour. So marginal(i) = beta r sqrt(pi) / (2 sqrt(kn)).
 * (For comparison, the mean nearest-neighbour distance of a Poisson process is
 * 1 / (2 sqrt(rho)), so the marginal tour is about 0.71 of it.)
 *
 * Neighbours come from a k-d tree (util/kdtree.c): O(n log n) on any spread of points,
 * including many accounts on one coordinate (city-level geocodes), where the k-th
 * neighbour is at 0 m and the estimate is 0 (the stop costs no extra travel). The uniform
 * grid used before put such points in one cell and went quadratic (issue #19, D3).
 * Caller: territory.c. */
#include <math.h>
#include <string.h>

#include "internal/territory.h"
#include "util/kdtree.h"

#define BHH_BETA 0.7124
#define KN_MAX 32

saha_status saha_territory__marginal_tour_ops(saha_ctx *ctx, const saha_xy *xy, size_t n,
                                              size_t kn, double *out, size_t *ops)
{
    saha__kdtree tree;
    double *pts;
    saha_status rc;

    if (kn < 1)
        kn = 1;
    if (kn > KN_MAX)
        kn = KN_MAX;
    if (n <= kn) {
        /* Too few points for the estimate: use the mean distance to the others. */
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t j = 0; j < n; j++)
                s += saha_territory__dist(xy[i], xy[j]);
            out[i] = n > 1 ? BHH_BETA * 0.5 * s / (double)(n - 1) : 0.0;
        }
        return SAHA_OK;
    }
    pts = saha__alloc_array(ctx, n, 2 * sizeof *pts);
    if (!pts)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        pts[2 * i] = xy[i].x_m;
        pts[2 * i + 1] = xy[i].y_m;
    }
    rc = saha__kdtree_build(ctx, pts, n, &tree);
    saha__free(ctx, pts);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        double d2[KN_MAX];
        size_t m = saha__kdtree_knn(&tree, xy[i].x_m, xy[i].y_m, i, kn, NULL, d2, ops);
        out[i] = BHH_BETA * sqrt(d2[m - 1]) * sqrt(M_PI) / (2.0 * sqrt((double)kn));
    }
    saha__kdtree_free(&tree);
    return SAHA_OK;
}

saha_status saha_territory__marginal_tour_m(saha_ctx *ctx, const saha_xy *xy, size_t n,
                                            size_t kn, double *out)
{
    return saha_territory__marginal_tour_ops(ctx, xy, n, kn, out, NULL);
}
