/* util/kdtree.c: a static 2-d tree for k-nearest-neighbour queries.
 *
 * Method. Bentley (1975), "Multidimensional binary search trees used for associative
 * searching"; Friedman, Bentley and Finkel (1977) for the nearest-neighbour search.
 * A range of more than LEAF points is cut across the wider side of its bounding box at
 * its median (quickselect with Hoare's partition, which copes with runs of equal keys);
 * the keys equal to the median are gathered on the side that keeps the halves more even,
 * so that a query lying on the cut searches one side, not both. A range whose points
 * all share one coordinate becomes a block that answers in O(k). So identical or
 * clustered coordinates still give a tree of depth about log2(n / LEAF) and an
 * O(n log n) build (a grid sized from the bounding box puts them all in one cell). A
 * query descends to the near side first and visits the far side only when the cut is
 * strictly nearer than the current k-th distance, and takes a point only when strictly
 * nearer, so k points at distance 0 end the search.
 *
 * Complexity: build O(n log n) time, at most 44 bytes a point; a query O(log n + k)
 * expected on any distribution. Callers: territory_workload.c, plan_model.c (candidate
 * legs). */
#include <math.h>

#include "util/kdtree.h"

static double key(const saha__kdtree *t, size_t i, int axis)
{
    return axis ? t->y[i] : t->x[i];
}

static void swap_pt(saha__kdtree *t, size_t a, size_t b)
{
    uint32_t id = t->id[a];
    double x = t->x[a], y = t->y[a];
    t->id[a] = t->id[b];
    t->x[a] = t->x[b];
    t->y[a] = t->y[b];
    t->id[b] = id;
    t->x[b] = x;
    t->y[b] = y;
}

static double median3(double a, double b, double c)
{
    if (a > b) {
        double s = a;
        a = b;
        b = s;
    }
    if (b > c)
        b = c;
    return a > b ? a : b;
}

/* Puts the element of rank nth of [l, r] (inclusive) at nth, smaller keys before it and
 * larger after it. */
static void select_nth(saha__kdtree *t, size_t l, size_t r, size_t nth, int axis)
{
    while (l < r) {
        double pv =
            median3(key(t, l, axis), key(t, l + (r - l) / 2, axis), key(t, r, axis));
        size_t i = l, j = r;
        for (;;) {
            while (key(t, i, axis) < pv)
                i++;
            while (key(t, j, axis) > pv)
                j--;
            if (i >= j)
                break;
            swap_pt(t, i, j);
            i++;
            j--;
        }
        /* Now [l, j] <= pv <= [j + 1, r] (Hoare); i is j or j + 1 ... */
        if (i == j) {
            /* The element at i equals pv and sits between both parts. */
            if (nth == i)
                return;
            if (nth < i)
                r = i - 1;
            else
                l = i + 1;
        } else if (nth <= j) {
            r = j;
        } else {
            l = j + 1;
        }
    }
}

/* Moves the elements of [lo, hi) with key kv to its end (to_end) or its start; returns
 * the first index of the moved run (to_end) or one past its last. */
static size_t gather(saha__kdtree *t, size_t lo, size_t hi, int axis, double kv,
                     int to_end)
{
    size_t w = to_end ? hi : lo;
    if (to_end) {
        for (size_t i = hi; i > lo; i--)
            if (key(t, i - 1, axis) == kv)
                swap_pt(t, i - 1, --w);
    } else {
        for (size_t i = lo; i < hi; i++)
            if (key(t, i, axis) == kv)
                swap_pt(t, i, w++);
    }
    return w;
}

static uint32_t new_node(saha__kdtree *t, size_t lo, size_t hi, unsigned flags)
{
    saha__kdnode *d = &t->node[t->nnode];
    d->lo = (uint32_t)lo;
    d->hi = (uint32_t)hi;
    d->cut = (uint32_t)lo;
    d->left = d->right = UINT32_MAX;
    d->flags = (unsigned char)flags;
    return (uint32_t)t->nnode++;
}

/* Builds the subtree over [lo, hi) (non-empty) and returns its node. Past depth 60 the
 * cut stays at the median with ties on both sides, which bounds the depth on any input.
 */
static uint32_t build(saha__kdtree *t, size_t lo, size_t hi, unsigned depth)
{
    double minx = HUGE_VAL, maxx = -HUGE_VAL, miny = HUGE_VAL, maxy = -HUGE_VAL, kv;
    size_t mid = lo + (hi - lo) / 2, a, b, cut = mid;
    unsigned flags;
    uint32_t me;
    int axis;

    if (hi - lo <= SAHA__KDTREE_LEAF)
        return new_node(t, lo, hi, SAHA__KD_LEAF);
    for (size_t i = lo; i < hi; i++) {
        minx = fmin(minx, t->x[i]);
        maxx = fmax(maxx, t->x[i]);
        miny = fmin(miny, t->y[i]);
        maxy = fmax(maxy, t->y[i]);
    }
    if (!(maxx > minx) && !(maxy > miny))
        return new_node(t, lo, hi, SAHA__KD_BLOCK); /* all on one coordinate */
    axis = maxy - miny > maxx - minx;
    select_nth(t, lo, hi - 1, mid, axis);
    flags = axis ? SAHA__KD_Y : 0;
    if (depth < 60) {
        /* Keys equal to the median form one run [a, b) around mid; cut at the end of
         * it that splits more evenly, so that all ties lie on one side and a query on
         * the tie searches that side only. The axis has extent > 0, so the run is not
         * the whole range. */
        kv = key(t, mid, axis);
        a = gather(t, lo, mid, axis, kv, 1);
        b = gather(t, mid + 1, hi, axis, kv, 0);
        if (b - 1 - lo < hi - a - 1) {
            cut = b - 1; /* left [lo, cut): keys <= kv; right (cut, hi): keys > kv */
            flags |= SAHA__KD_TIES_LEFT;
        } else {
            cut = a; /* left: keys < kv; right: keys >= kv */
            flags |= SAHA__KD_TIES_RIGHT;
        }
    }
    me = new_node(t, lo, hi, flags);
    t->node[me].cut = (uint32_t)cut;
    if (cut > lo) {
        uint32_t c = build(t, lo, cut, depth + 1);
        t->node[me].left = c;
    }
    if (cut + 1 < hi) {
        uint32_t c = build(t, cut + 1, hi, depth + 1);
        t->node[me].right = c;
    }
    return me;
}

saha_status saha__kdtree_build(saha_ctx *ctx, const double *xy, size_t n,
                               saha__kdtree *out)
{
    out->ctx = ctx;
    out->n = 0;
    out->id = NULL;
    out->x = out->y = NULL;
    out->node = NULL;
    out->nnode = 0;
    out->root = UINT32_MAX;
    if (n > UINT32_MAX)
        return saha__error_set(ctx, SAHA_ELIMIT, NULL, 0, 0,
                               "too many points for the neighbour index: %zu", n);
    out->id = saha__alloc_array(ctx, n ? n : 1, sizeof *out->id);
    out->x = saha__alloc_array(ctx, n ? n : 1, sizeof *out->x);
    out->y = saha__alloc_array(ctx, n ? n : 1, sizeof *out->y);
    /* Every node owns at least one point (a cut, a leaf's or a block's). */
    out->node = saha__alloc_array(ctx, n ? n : 1, sizeof *out->node);
    if (!out->id || !out->x || !out->y || !out->node) {
        saha__kdtree_free(out);
        return SAHA_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        out->id[i] = (uint32_t)i;
        out->x[i] = xy[2 * i];
        out->y[i] = xy[2 * i + 1];
    }
    out->n = n;
    if (n > 0)
        out->root = build(out, 0, n, 0);
    return SAHA_OK;
}

void saha__kdtree_free(saha__kdtree *t)
{
    if (!t)
        return;
    saha__free(t->ctx, t->id);
    saha__free(t->ctx, t->x);
    saha__free(t->ctx, t->y);
    saha__free(t->ctx, t->node);
    t->id = NULL;
    t->x = t->y = NULL;
    t->node = NULL;
    t->n = t->nnode = 0;
    t->root = UINT32_MAX;
}

typedef struct query {
    const saha__kdtree *t;
    double qx, qy;
    size_t skip, k, m;
    uint32_t *id;
    double *d2;
    size_t ops;
} query;

static void take(query *q, size_t pos)
{
    double dx = q->t->x[pos] - q->qx, dy = q->t->y[pos] - q->qy, d = dx * dx + dy * dy;
    size_t j;
    q->ops++;
    if (q->t->id[pos] == q->skip || (q->m == q->k && d >= q->d2[q->k - 1]))
        return;
    j = q->m < q->k ? q->m++ : q->k - 1;
    while (j > 0 && q->d2[j - 1] > d) {
        q->d2[j] = q->d2[j - 1];
        if (q->id)
            q->id[j] = q->id[j - 1];
        j--;
    }
    q->d2[j] = d;
    if (q->id)
        q->id[j] = q->t->id[pos];
}

static void search(query *q, uint32_t ni)
{
    const saha__kdnode *d = &q->t->node[ni];
    double diff;
    int left_first;
    uint32_t near, far;
    q->ops++;
    if (d->flags & SAHA__KD_LEAF) {
        for (size_t i = d->lo; i < d->hi; i++)
            take(q, i);
        return;
    }
    if (d->flags & SAHA__KD_BLOCK) {
        /* One coordinate: after the first point the others only tie, so take points
         * until k are held or the distance no longer improves the k-th. */
        double dx = q->t->x[d->lo] - q->qx, dy = q->t->y[d->lo] - q->qy,
               dd = dx * dx + dy * dy;
        for (size_t i = d->lo; i < d->hi; i++) {
            if (q->m == q->k && dd >= q->d2[q->k - 1])
                break;
            take(q, i);
        }
        return;
    }
    diff = (d->flags & SAHA__KD_Y) ? q->qy - q->t->y[d->cut] : q->qx - q->t->x[d->cut];
    left_first = diff < 0 || (diff == 0 && (d->flags & SAHA__KD_TIES_LEFT));
    near = left_first ? d->left : d->right;
    far = left_first ? d->right : d->left;
    take(q, d->cut);
    if (near != UINT32_MAX)
        search(q, near);
    if (far != UINT32_MAX && (q->m < q->k || diff * diff < q->d2[q->k - 1]))
        search(q, far);
}

size_t saha__kdtree_knn(const saha__kdtree *t, double qx, double qy, size_t skip,
                        size_t k, uint32_t *id_out, double *d2_out, size_t *ops)
{
    query q;
    if (k == 0 || t->n == 0)
        return 0;
    q.t = t;
    q.qx = qx;
    q.qy = qy;
    q.skip = skip;
    q.k = k;
    q.m = 0;
    q.id = id_out;
    q.d2 = d2_out;
    q.ops = 0;
    search(&q, t->root);
    if (ops)
        *ops += q.ops;
    return q.m;
}
