/* matrix_knn: k nearest neighbours of every point without an n x n matrix (the solver's
 * neighbourhoods, territory adjacency).
 *
 * Method: a k-d tree over the points' unit vectors on the WGS84 auxiliary sphere
 * (parametric latitude, internal/geo_fast.h), built by median splits on the axis of
 * largest spread (quickselect). Unlike a planar projection, this has no distortion
 * anywhere and no antimeridian seam. Candidates are ranked by the ellipsoidal distance
 * of Lambert's formula (saha_geo__fast_m, < 1e-5 relative from geod_inverse), not by
 * the chord, whose order differs from the geodesic one by up to the flattening
 * (~0.3 %). Pruning needs a lower bound in metres: a node at coordinate distance |c|
 * from the query is at least |c| away in chord, so at least 2 asin(|c|/2) >= |c| in
 * central angle, and the geodesic is at least a (1 - 2f) times the central angle on the
 * auxiliary sphere (the ratio lies in [1 - f, 1] up to second order; 2f is a margin).
 * Query: depth-first descent to the leaf, then backtracking into the far side only
 * when that bound is within the current k-th best; the candidates live in a bounded
 * max-heap ordered by (distance, index), so ties go to the lower index and the answer
 * is unique. Complexity: O(n log n) build, ~O(k log n) per query, O(n)
 * memory. Queries are independent and run on the matrix module's thread helper, so the
 * result does not depend on the thread count. Caller: anyone, via saha_matrix_knn. */
#include <math.h>
#include <string.h>

#include "internal/core.h"
#include "internal/geo_fast.h"
#include "internal/matrix_parse.h"
#include "util/parallel.h"

#define LEAF 8

typedef struct kd_node {
    size_t lo, hi;      /* range in the permutation */
    size_t left, right; /* children, SIZE_MAX for a leaf */
    int axis;
    double split;
} kd_node;

typedef struct kd_tree {
    const saha_geo__pt *p;
    size_t *perm;
    kd_node *nodes;
    size_t nnodes;
} kd_tree;

static double coord(const saha_geo__pt *p, int axis)
{
    return axis == 0 ? p->x : axis == 1 ? p->y : p->z;
}

/* Quickselect: puts the element of rank k (by coordinate, ties by index) at perm[k]. */
static int before(const kd_tree *t, size_t a, size_t b, int axis)
{
    double ca = coord(&t->p[a], axis), cb = coord(&t->p[b], axis);
    return ca < cb || (ca == cb && a < b);
}

static void select_k(kd_tree *t, size_t lo, size_t hi, size_t k, int axis)
{
    size_t *v = t->perm;
    while (hi - lo > 1) {
        /* median of three as pivot keeps sorted input linear */
        size_t mid = lo + (hi - lo) / 2, a = v[lo], b = v[mid], c = v[hi - 1], piv, i, j,
               tmp;
        if (before(t, a, b, axis) != before(t, a, c, axis))
            piv = a;
        else if (before(t, b, a, axis) != before(t, b, c, axis))
            piv = b;
        else
            piv = c;
        /* three-way partition around piv (elements are distinct by index) */
        i = lo;
        j = hi;
        for (size_t q = lo; q < j;) {
            if (before(t, v[q], piv, axis)) {
                tmp = v[q];
                v[q] = v[i];
                v[i] = tmp;
                i++;
                q++;
            } else if (before(t, piv, v[q], axis)) {
                j--;
                tmp = v[q];
                v[q] = v[j];
                v[j] = tmp;
            } else {
                q++;
            }
        }
        /* [lo, i) < piv, [i, j) == piv (one element), [j, hi) > piv */
        if (k < i)
            hi = i;
        else if (k >= j)
            lo = j;
        else
            return;
    }
}

static size_t kd_build(kd_tree *t, size_t lo, size_t hi)
{
    size_t id = t->nnodes++;
    kd_node *nd = &t->nodes[id];
    nd->lo = lo;
    nd->hi = hi;
    nd->left = nd->right = SIZE_MAX;
    nd->axis = 0;
    nd->split = 0;
    if (hi - lo > LEAF) {
        double mn[3] = {INFINITY, INFINITY, INFINITY},
               mx[3] = {-INFINITY, -INFINITY, -INFINITY};
        size_t mid = lo + (hi - lo) / 2, l, r;
        int axis = 0;
        for (size_t i = lo; i < hi; i++)
            for (int a = 0; a < 3; a++) {
                double c = coord(&t->p[t->perm[i]], a);
                if (c < mn[a])
                    mn[a] = c;
                if (c > mx[a])
                    mx[a] = c;
            }
        for (int a = 1; a < 3; a++)
            if (mx[a] - mn[a] > mx[axis] - mn[axis])
                axis = a;
        select_k(t, lo, hi, mid, axis);
        /* read the split before the children reorder their ranges */
        nd->axis = axis;
        nd->split = coord(&t->p[t->perm[mid]], axis);
        l = kd_build(t, lo, mid);
        r = kd_build(t, mid, hi);
        nd = &t->nodes[id];
        nd->left = l;
        nd->right = r;
    }
    return id;
}

/* Bounded max-heap of (distance m, index). */
typedef struct heap {
    double *d;
    size_t *i;
    size_t len, cap;
} heap;

static int worse(double da, size_t ia, double db, size_t ib)
{
    return da > db || (da == db && ia > ib);
}

static void heap_offer(heap *h, double d, size_t idx)
{
    size_t c;
    if (h->len < h->cap) {
        c = h->len++;
        while (c > 0) {
            size_t par = (c - 1) / 2;
            if (!worse(d, idx, h->d[par], h->i[par]))
                break;
            h->d[c] = h->d[par];
            h->i[c] = h->i[par];
            c = par;
        }
        h->d[c] = d;
        h->i[c] = idx;
        return;
    }
    if (!worse(h->d[0], h->i[0], d, idx))
        return;
    c = 0;
    for (;;) {
        size_t l = 2 * c + 1, r = l + 1, big = c;
        double bd = d;
        size_t bi = idx;
        if (l < h->len && worse(h->d[l], h->i[l], bd, bi)) {
            big = l;
            bd = h->d[l];
            bi = h->i[l];
        }
        if (r < h->len && worse(h->d[r], h->i[r], bd, bi))
            big = r;
        if (big == c)
            break;
        h->d[c] = h->d[big];
        h->i[c] = h->i[big];
        c = big;
    }
    h->d[c] = d;
    h->i[c] = idx;
}

typedef struct knn_job {
    const kd_tree *t;
    size_t k, kk; /* wanted, and min(k, n - 1) */
    size_t *out;
    double *heap_d; /* per thread slot: kk doubles */
    size_t *heap_i; /* per thread slot: kk indices */
} knn_job;

/* Lower bound in metres for a coordinate distance c on the unit sphere (see the top). */
#define KD_M_PER_UNIT (SAHA_GEO__A * (1.0 - 2.0 * SAHA_GEO__F))

/* Depth is at most log2(n / LEAF) + 1 < 64, and the stack holds at most one pending far
 * child per level plus the current node. */
#define KD_STACK 130

static void knn_query(const kd_tree *t, size_t q, heap *h)
{
    const saha_geo__pt *pq = &t->p[q];
    size_t node[KD_STACK];
    double bound[KD_STACK]; /* lower bound (m) on the distance to the node's points */
    size_t sp = 0;
    h->len = 0;
    node[sp] = 0;
    bound[sp++] = 0.0;
    while (sp > 0) {
        const kd_node *nd;
        double cur;
        sp--;
        cur = bound[sp];
        /* skip when the k-th best is already closer than anything in the node (strict,
         * so that equal distances still compete on the index) */
        if (h->len == h->cap && cur > h->d[0])
            continue;
        nd = &t->nodes[node[sp]];
        if (nd->left == SIZE_MAX) {
            for (size_t r = nd->lo; r < nd->hi; r++) {
                size_t idx = t->perm[r];
                const saha_geo__pt *pp = &t->p[idx];
                if (idx == q)
                    continue;
                /* cheap rejection: the chord bounds the distance from below */
                if (h->len == h->cap) {
                    double dx = pq->x - pp->x, dy = pq->y - pp->y, dz = pq->z - pp->z;
                    double lb = KD_M_PER_UNIT * sqrt(dx * dx + dy * dy + dz * dz);
                    if (lb > h->d[0])
                        continue;
                }
                heap_offer(h, saha_geo__fast_m(pq, pp), idx);
            }
            continue;
        }
        {
            /* left holds coordinates <= split, right >= split: the query's side is
             * searched first; the other is at least |diff| away */
            double diff = coord(pq, nd->axis) - nd->split;
            double b = fabs(diff) * KD_M_PER_UNIT;
            double far_b = b > cur ? b : cur;
            node[sp] = diff < 0 ? nd->right : nd->left;
            bound[sp++] = far_b;
            node[sp] = diff < 0 ? nd->left : nd->right;
            bound[sp++] = cur;
        }
    }
}

static void knn_range(size_t lo, size_t hi, size_t slot, void *payload)
{
    const knn_job *j = payload;
    heap h;
    h.cap = j->kk;
    h.d = j->heap_d + slot * j->kk;
    h.i = j->heap_i + slot * j->kk;
    for (size_t q = lo; q < hi; q++) {
        size_t *row = j->out + q * j->k;
        size_t len;
        if (h.cap == 0) {
            for (size_t r = 0; r < j->k; r++)
                row[r] = SIZE_MAX;
            continue;
        }
        knn_query(j->t, q, &h);
        /* heap -> ascending: pop the worst into the back */
        len = h.len;
        for (size_t r = len; r < j->k; r++)
            row[r] = SIZE_MAX;
        while (h.len > 0) {
            double d;
            size_t idx;
            row[h.len - 1] = h.i[0];
            d = h.d[h.len - 1];
            idx = h.i[h.len - 1];
            h.len--;
            /* re-insert the last element from the top (sift down) */
            if (h.len > 0) {
                size_t c = 0;
                for (;;) {
                    size_t l = 2 * c + 1, r = l + 1, big = c;
                    double bd = d;
                    size_t bi = idx;
                    if (l < h.len && worse(h.d[l], h.i[l], bd, bi)) {
                        big = l;
                        bd = h.d[l];
                        bi = h.i[l];
                    }
                    if (r < h.len && worse(h.d[r], h.i[r], bd, bi))
                        big = r;
                    if (big == c)
                        break;
                    h.d[c] = h.d[big];
                    h.i[c] = h.i[big];
                    c = big;
                }
                h.d[c] = d;
                h.i[c] = idx;
            }
        }
    }
}

saha_status saha_matrix_knn_threads(saha_ctx *ctx, const saha_latlon *pts, size_t n,
                                    size_t k, unsigned threads, size_t *out)
{
    kd_tree t;
    knn_job job;
    saha_geo__pt *p = NULL;
    size_t slots, kk, hsz;
    saha_status rc = SAHA_OK;

    if (!ctx)
        return SAHA_EINVAL;
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, n == 0 || pts != NULL);
    SAHA__CHECK_ARG(ctx, n == 0 || k == 0 || out != NULL);
    memset(&t, 0, sizeof t);
    if (n == 0 || k == 0)
        return SAHA_OK;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(pts[i].lat_deg) || !isfinite(pts[i].lon_deg) ||
            fabs(pts[i].lat_deg) > 90.0)
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "point %zu: no valid coordinates (%g, %g)", i,
                                   pts[i].lat_deg, pts[i].lon_deg);
    if (saha__mul_size(n, k, &hsz) < 0)
        return saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "n * k overflows");
    kk = k < n - 1 ? k : n - 1;
    slots = saha__parallel_threads(threads, n);
    p = saha__alloc_array(ctx, n, sizeof *p);
    t.perm = saha__alloc_array(ctx, n, sizeof *t.perm);
    /* a tree over n points with leaves of <= LEAF has < 2n / LEAF * 2 + 1 nodes; n is
     * a safe bound */
    t.nodes = saha__alloc_array(ctx, n, sizeof *t.nodes);
    job.heap_d = NULL;
    job.heap_i = NULL;
    if (p && t.perm && t.nodes && saha__mul_size(slots, kk ? kk : 1, &hsz) == 0) {
        job.heap_d = saha__alloc_array(ctx, hsz, sizeof *job.heap_d);
        job.heap_i = job.heap_d ? saha__alloc_array(ctx, hsz, sizeof *job.heap_i) : NULL;
    }
    if (!job.heap_i) {
        rc = SAHA_ENOMEM;
        saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        p[i] = saha_geo__prepare(pts[i]);
        t.perm[i] = i;
    }
    t.p = p;
    kd_build(&t, 0, n);
    job.t = &t;
    job.k = k;
    job.kk = kk;
    job.out = out;
    rc = saha__parallel_for(ctx, n, (unsigned)slots, knn_range, &job, NULL, NULL);
done:
    saha__free(ctx, job.heap_i);
    saha__free(ctx, job.heap_d);
    saha__free(ctx, t.nodes);
    saha__free(ctx, t.perm);
    saha__free(ctx, p);
    return rc;
}

saha_status saha_matrix_knn(saha_ctx *ctx, saha_geo *geo, const saha_latlon *pts,
                            size_t n, size_t k, size_t *out)
{
    (void)geo;
    return saha_matrix_knn_threads(ctx, pts, n, k, 0, out);
}
