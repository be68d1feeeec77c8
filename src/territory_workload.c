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
 * Neighbours come from a uniform grid of about one point per cell, searched in growing
 * square rings until the kn-th distance is below the ring's inner radius: O(n) memory,
 * about O(n kn) time for spread-out data. Caller: territory.c. */
#include <math.h>
#include <string.h>

#include "internal/territory.h"

#define BHH_BETA 0.7124
#define KN_MAX 32

saha_status saha_territory__marginal_tour_m(saha_ctx *ctx, const saha_xy *xy, size_t n,
                                            size_t kn, double *out)
{
    double minx = HUGE_VAL, miny = HUGE_VAL, maxx = -HUGE_VAL, maxy = -HUGE_VAL, h;
    size_t gx, gy, ncell, *start = NULL;
    uint32_t *idx = NULL;
    saha_status rc = SAHA_OK;

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
    for (size_t i = 0; i < n; i++) {
        minx = fmin(minx, xy[i].x_m);
        maxx = fmax(maxx, xy[i].x_m);
        miny = fmin(miny, xy[i].y_m);
        maxy = fmax(maxy, xy[i].y_m);
    }
    /* About one point per cell over the bounding box (at least 1 m cells). */
    h = sqrt(fmax((maxx - minx) * (maxy - miny), 1.0) / (double)n);
    if (h < 1.0)
        h = 1.0;
    gx = (size_t)((maxx - minx) / h) + 1;
    gy = (size_t)((maxy - miny) / h) + 1;
    while (gx > 4 * n + 1 || gy > 4 * n + 1 || gx * gy > 4 * n + 16) {
        h *= 1.5;
        gx = (size_t)((maxx - minx) / h) + 1;
        gy = (size_t)((maxy - miny) / h) + 1;
    }
    ncell = gx * gy;
    start = saha__calloc(ctx, ncell + 1, sizeof *start);
    idx = saha__alloc_array(ctx, n, sizeof *idx);
    if (!start || !idx) {
        rc = SAHA_ENOMEM;
        goto done;
    }
#define CELL_OF(i)                                                                       \
    ((size_t)((xy[i].y_m - miny) / h) * gx + (size_t)((xy[i].x_m - minx) / h))
    for (size_t i = 0; i < n; i++)
        start[CELL_OF(i) + 1]++;
    for (size_t c = 0; c < ncell; c++)
        start[c + 1] += start[c];
    for (size_t i = 0; i < n; i++)
        idx[start[CELL_OF(i)]++] = (uint32_t)i;
    for (size_t c = ncell; c > 0; c--)
        start[c] = start[c - 1];
    start[0] = 0;

    for (size_t i = 0; i < n; i++) {
        double best[KN_MAX];
        size_t m = 0, cx = (size_t)((xy[i].x_m - minx) / h),
               cy = (size_t)((xy[i].y_m - miny) / h);
        for (size_t r = 0;; r++) {
            size_t x0 = cx >= r ? cx - r : 0, x1 = cx + r < gx ? cx + r : gx - 1;
            size_t y0 = cy >= r ? cy - r : 0, y1 = cy + r < gy ? cy + r : gy - 1;
            for (size_t y = y0; y <= y1; y++) {
                for (size_t x = x0; x <= x1; x++) {
                    /* Only the cells on ring r. */
                    if (r > 0 && x != cx - r && x != cx + r && y != cy - r && y != cy + r)
                        continue;
                    for (size_t e = start[y * gx + x]; e < start[y * gx + x + 1]; e++) {
                        size_t j = idx[e], q;
                        double d;
                        if (j == i)
                            continue;
                        d = saha_territory__dist(xy[i], xy[j]);
                        if (m == kn && d >= best[kn - 1])
                            continue;
                        q = m < kn ? m++ : kn - 1;
                        while (q > 0 && best[q - 1] > d) {
                            best[q] = best[q - 1];
                            q--;
                        }
                        best[q] = d;
                    }
                }
            }
            /* Every point outside ring r is at least r*h away. */
            if (m == kn && best[kn - 1] <= (double)r * h)
                break;
            if (x0 == 0 && y0 == 0 && x1 == gx - 1 && y1 == gy - 1)
                break;
        }
        out[i] = BHH_BETA * best[m - 1] * sqrt(M_PI) / (2.0 * sqrt((double)kn));
    }
#undef CELL_OF
done:
    saha__free(ctx, start);
    saha__free(ctx, idx);
    return rc;
}
