/* territory_area.c: territory areas that do not overlap, for the maps and the GeoJSON.
 *
 * Method. In the local projection, each account's cell is its Voronoi cell (the points
 * nearer to it than to any other account) cut to a disc of radius R around it (a
 * 32-gon), so no cell reaches far from the accounts: a territory's area is the union of
 * its accounts' cells. Cells never overlap (each lies on its own side of every
 * bisector), and each account lies inside its own cell. A cell starts as the disc and is
 * clipped by the bisector half-plane of every account within 2R (Sutherland-Hodgman for
 * one convex polygon and one half-plane), taken from a uniform grid ring by ring and
 * stopping once the next ring is farther than twice the cell's current radius (nothing
 * beyond can cut it). Each cell edge remembers which account's bisector made it (or the
 * disc), so the edges that separate two territories, or a territory from the outside,
 * are the territory's boundary; edges between two cells of one territory are not.
 * R = the larger of 3 x the mean nearest-neighbour distance and 2.5 x the spacing the
 * accounts would have spread evenly over their bounding box, within [2 km, 40 km].
 * Accounts at the same place share the first one's cell. The label of a territory goes at
 * the centroid of the cell nearest the area's centroid: inside the area by construction.
 * Cost: O(n x c x v) for c accounts near each one and v <= 64 vertices per cell. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/territory.h"

#define DISC_N 32
#define MAXV 128
#define R_MIN 2000.0
#define R_MAX 40000.0
#define OUTER (-1L)

typedef struct cellpoly {
    saha_xy v[MAXV];
    long tag[MAXV]; /* edge v[i] -> v[i+1]: the account whose bisector made it, OUTER */
    size_t n;
} cellpoly;

/* Keeps the side of the bisector of p and q nearer p. */
static void clip(cellpoly *c, saha_xy p, saha_xy q, long qtag)
{
    cellpoly out;
    double ux = q.x_m - p.x_m, uy = q.y_m - p.y_m;
    double mx = (p.x_m + q.x_m) / 2, my = (p.y_m + q.y_m) / 2;
    out.n = 0;
    for (size_t i = 0; i < c->n; i++) {
        saha_xy a = c->v[i], b = c->v[(i + 1) % c->n];
        double sa = (a.x_m - mx) * ux + (a.y_m - my) * uy;
        double sb = (b.x_m - mx) * ux + (b.y_m - my) * uy;
        saha_xy x;
        if (out.n + 2 > MAXV)
            break;
        if (sa != sb) {
            double t = sa / (sa - sb);
            x.x_m = a.x_m + t * (b.x_m - a.x_m);
            x.y_m = a.y_m + t * (b.y_m - a.y_m);
        } else {
            x = a;
        }
        if (sa <= 0) {
            out.v[out.n] = a;
            out.tag[out.n++] = c->tag[i];
            if (sb > 0) {
                out.v[out.n] = x;
                out.tag[out.n++] = qtag;
            }
        } else if (sb <= 0) {
            out.v[out.n] = x;
            out.tag[out.n++] = c->tag[i];
        }
    }
    *c = out;
}

static double radius2(const cellpoly *c, saha_xy p)
{
    double r = 0;
    for (size_t i = 0; i < c->n; i++) {
        double dx = c->v[i].x_m - p.x_m, dy = c->v[i].y_m - p.y_m;
        r = fmax(r, dx * dx + dy * dy);
    }
    return r;
}

typedef struct grid {
    double x0, y0, g;
    long nx, ny;
    size_t *start; /* nx*ny + 1 */
    size_t *item;
} grid;

static long gcell(double v, double v0, double g, long nmax)
{
    long c = (long)floor((v - v0) / g);
    return c < 0 ? 0 : c >= nmax ? nmax - 1 : c;
}

/* The items of the grid cells on ring r around cell (cx, cy), the cells at Chebyshev
 * distance r inside the grid: row by row, then in item order. Only the ring's cells
 * inside the grid are visited (the two ends of a middle row, the clipped span of the
 * first and last rows), so a ring costs O(min(r, grid side)), not O(r^2): a grid of
 * one long row (every account on one line of latitude) stays linear. */
typedef struct ring_it {
    const grid *gr;
    long cx, cy, r, x, y;
    int row_started;
    size_t s, end; /* the current cell's items [s, end) */
} ring_it;

static void ring_begin(ring_it *it, const grid *gr, long cx, long cy, long r)
{
    it->gr = gr;
    it->cx = cx;
    it->cy = cy;
    it->r = r;
    it->x = 0;
    it->y = cy - r < 0 ? 0 : cy - r;
    it->row_started = 0;
    it->s = it->end = 0;
}

/* The next cell of the ring inside the grid into (it->x, it->y): 1, or 0 when done. */
static int ring_cell(ring_it *it)
{
    const grid *gr = it->gr;
    long ylast = it->cy + it->r < gr->ny - 1 ? it->cy + it->r : gr->ny - 1;
    long xlast = it->cx + it->r < gr->nx - 1 ? it->cx + it->r : gr->nx - 1;
    while (it->y <= ylast) {
        int edge = labs(it->y - it->cy) == it->r;
        long x;
        if (!it->row_started)
            x = edge && it->cx - it->r < 0 ? 0 : it->cx - it->r;
        else if (edge)
            x = it->x + 1;
        else
            x = it->x == it->cx - it->r && it->r > 0 ? it->cx + it->r : xlast + 1;
        it->row_started = 1;
        it->x = x;
        if (x > xlast) {
            it->y++;
            it->row_started = 0;
            continue;
        }
        if (x >= 0)
            return 1;
    }
    return 0;
}

/* The next item in *j: 1, or 0 when the ring is done. */
static int ring_next(ring_it *it, size_t *j)
{
    const grid *gr = it->gr;
    while (it->s == it->end) {
        if (!ring_cell(it))
            return 0;
        it->s = gr->start[it->x + it->y * gr->nx];
        it->end = gr->start[it->x + it->y * gr->nx + 1];
    }
    *j = gr->item[it->s++];
    return 1;
}

/* Makes room for `more` points in *arr (capacity *cap, growing by doubling). */
static int reserve(saha_ctx *ctx, saha_xy **arr, size_t *cap, size_t used, size_t more)
{
    return SAHA__GROW(ctx, *arr, *cap, used + more, 1024) < 0 ? -1 : 0;
}

void saha_territory__area_free(saha_ctx *ctx, saha_territory__area *a)
{
    saha__free(ctx, a->cell_start);
    saha__free(ctx, a->ring_start);
    saha__free(ctx, a->ring);
    saha__free(ctx, a->bnd_start);
    saha__free(ctx, a->bnd);
    saha__free(ctx, a->label);
    memset(a, 0, sizeof *a);
}

saha_status saha_territory__areas(saha_ctx *ctx, const saha_geo_local *loc,
                                  const saha_xy *xy, const uint32_t *assign, size_t n,
                                  size_t k, saha_territory__area *out)
{
    grid gr;
    cellpoly *cell = NULL;
    size_t *order = NULL, *owner = NULL, *cnt = NULL, ncell = 0, nbnd = 0, nv = 0;
    size_t ring_cap = 0, bnd_cap = 0;
    saha_xy *ring_xy = NULL, *bnd_xy = NULL, *lab_xy = NULL;
    double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY, R,
           nn = 0;
    saha_status rc = SAHA_OK;

    memset(out, 0, sizeof *out);
    memset(&gr, 0, sizeof gr);
    out->cell_start = saha__calloc(ctx, k + 1, sizeof *out->cell_start);
    out->bnd_start = saha__calloc(ctx, k + 1, sizeof *out->bnd_start);
    out->label = saha__calloc(ctx, k ? k : 1, sizeof *out->label);
    if (!out->cell_start || !out->bnd_start || !out->label)
        goto nomem;
    if (n == 0) {
        out->ring_start = saha__calloc(ctx, 1, sizeof *out->ring_start);
        return out->ring_start ? SAHA_OK : SAHA_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        minx = fmin(minx, xy[i].x_m);
        maxx = fmax(maxx, xy[i].x_m);
        miny = fmin(miny, xy[i].y_m);
        maxy = fmax(maxy, xy[i].y_m);
    }
    /* the grid: about 2 points a cell, at least R_MIN / 4 */
    {
        double w = fmax(maxx - minx, 1), h = fmax(maxy - miny, 1);
        double g = fmax(sqrt(w * h / (double)n * 2.0), R_MIN / 4);
        gr.g = g;
        gr.x0 = minx;
        gr.y0 = miny;
        gr.nx = (long)(w / g) + 1;
        gr.ny = (long)(h / g) + 1;
        while ((double)gr.nx * (double)gr.ny > 4.0 * (double)n + 16) {
            gr.g *= 1.5;
            gr.nx = (long)(w / gr.g) + 1;
            gr.ny = (long)(h / gr.g) + 1;
        }
    }
    gr.start = saha__calloc(ctx, (size_t)(gr.nx * gr.ny) + 1, sizeof *gr.start);
    gr.item = saha__alloc_array(ctx, n, sizeof *gr.item);
    owner = saha__alloc_array(ctx, n, sizeof *owner);
    cell = saha__alloc_array(ctx, 1, sizeof *cell);
    if (!gr.start || !gr.item || !owner || !cell)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        gr.start[gcell(xy[i].x_m, gr.x0, gr.g, gr.nx) +
                 gcell(xy[i].y_m, gr.y0, gr.g, gr.ny) * gr.nx + 1]++;
    for (long c = 0; c < gr.nx * gr.ny; c++)
        gr.start[c + 1] += gr.start[c];
    {
        size_t *fill = saha__alloc_array(ctx, (size_t)(gr.nx * gr.ny), sizeof *fill);
        if (!fill)
            goto nomem;
        memcpy(fill, gr.start, (size_t)(gr.nx * gr.ny) * sizeof *fill);
        for (size_t i = 0; i < n; i++)
            gr.item[fill[gcell(xy[i].x_m, gr.x0, gr.g, gr.nx) +
                         gcell(xy[i].y_m, gr.y0, gr.g, gr.ny) * gr.nx]++] = i;
        saha__free(ctx, fill);
    }
    /* nearest neighbours (other places) -> R; owners of coincident points */
    {
        size_t counted = 0;
        for (size_t i = 0; i < n; i++) {
            long cx = gcell(xy[i].x_m, gr.x0, gr.g, gr.nx);
            long cy = gcell(xy[i].y_m, gr.y0, gr.g, gr.ny);
            double best = INFINITY;
            owner[i] = i;
            for (long r = 0; r < gr.nx + gr.ny; r++) {
                ring_it it;
                size_t j;
                for (ring_begin(&it, &gr, cx, cy, r); ring_next(&it, &j);) {
                    double d = saha_territory__dist(xy[i], xy[j]);
                    if (j == i)
                        continue;
                    if (d < 0.5) {
                        if (j < owner[i])
                            owner[i] = j;
                        continue;
                    }
                    best = fmin(best, d);
                }
                if (best < (double)r * gr.g)
                    break;
            }
            if (isfinite(best)) {
                nn += best;
                counted++;
            }
        }
        nn = counted ? nn / (double)counted : R_MIN;
    }
    /* wide enough to read as regions where accounts are sparse, never below three
     * nearest-neighbour spacings */
    R = fmin(fmax(fmax(3 * nn, 2.5 * sqrt(fmax(maxx - minx, 1) * fmax(maxy - miny, 1) /
                                          (double)n)),
                  R_MIN),
             R_MAX);
    out->radius_m = R;
    /* cells, in territory order */
    order = saha__alloc_array(ctx, n, sizeof *order);
    cnt = saha__calloc(ctx, k + 1, sizeof *cnt);
    if (!order || !cnt)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        if (owner[i] == i && assign[i] < k)
            cnt[assign[i] + 1]++;
    for (size_t t = 0; t < k; t++)
        cnt[t + 1] += cnt[t];
    memcpy(out->cell_start, cnt, (k + 1) * sizeof *cnt);
    ncell = cnt[k];
    for (size_t i = 0; i < n; i++)
        if (owner[i] == i && assign[i] < k)
            order[cnt[assign[i]]++] = i;
    out->ring_start = saha__alloc_array(ctx, ncell + 1, sizeof *out->ring_start);
    lab_xy = saha__alloc_array(ctx, k ? k : 1, sizeof *lab_xy);
    if (!out->ring_start || !lab_xy || reserve(ctx, &ring_xy, &ring_cap, 0, 1) < 0 ||
        reserve(ctx, &bnd_xy, &bnd_cap, 0, 2) < 0)
        goto nomem;
    for (size_t t = 0; t < k; t++) {
        double ax = 0, ay = 0, aw = 0, best = INFINITY;
        size_t c0 = out->cell_start[t], c1 = out->cell_start[t + 1];
        out->bnd_start[t] = nbnd;
        for (size_t c = c0; c < c1; c++) {
            size_t i = order[c];
            saha_xy p = xy[i];
            long cx = gcell(p.x_m, gr.x0, gr.g, gr.nx),
                 cy = gcell(p.y_m, gr.y0, gr.g, gr.ny);
            double cxm = 0, cym = 0, ca = 0;
            cell->n = DISC_N;
            for (size_t v = 0; v < DISC_N; v++) {
                double a = 2 * M_PI * (double)v / DISC_N;
                cell->v[v].x_m = p.x_m + R * cos(a);
                cell->v[v].y_m = p.y_m + R * sin(a);
                cell->tag[v] = OUTER;
            }
            for (long r = 0; r < gr.nx + gr.ny && cell->n >= 3; r++) {
                double reach = (double)(r > 0 ? r - 1 : 0) * gr.g;
                ring_it it;
                size_t j;
                if (reach * reach > 4 * radius2(cell, p))
                    break;
                for (ring_begin(&it, &gr, cx, cy, r); ring_next(&it, &j);) {
                    if (owner[j] != j || j == i)
                        continue;
                    if (saha_territory__dist(p, xy[j]) > 2 * R)
                        continue;
                    clip(cell, p, xy[j], (long)j);
                }
            }
            out->ring_start[c] = nv;
            if (reserve(ctx, &ring_xy, &ring_cap, nv, cell->n) < 0 ||
                reserve(ctx, &bnd_xy, &bnd_cap, 2 * nbnd, 2 * cell->n) < 0)
                goto nomem;
            for (size_t v = 0; v < cell->n; v++) {
                saha_xy a = cell->v[v], b = cell->v[(v + 1) % cell->n];
                long tg = cell->tag[v];
                double cr = a.x_m * b.y_m - b.x_m * a.y_m;
                ring_xy[nv++] = a;
                ca += cr;
                cxm += (a.x_m + b.x_m) * cr;
                cym += (a.y_m + b.y_m) * cr;
                if (tg == OUTER || assign[tg] != assign[i]) {
                    bnd_xy[2 * nbnd] = a;
                    bnd_xy[2 * nbnd + 1] = b;
                    nbnd++;
                }
            }
            if (fabs(ca) > 1e-9) {
                cxm /= 3 * ca;
                cym /= 3 * ca;
                ax += cxm * fabs(ca);
                ay += cym * fabs(ca);
                aw += fabs(ca);
            }
        }
        if (aw > 0) {
            ax /= aw;
            ay /= aw;
        }
        /* the label: centroid of the cell nearest the area's centroid */
        lab_xy[t].x_m = NAN;
        lab_xy[t].y_m = NAN;
        for (size_t c = c0; c < c1; c++) {
            double sx = 0, sy = 0, sa = 0;
            /* cell c's vertices: [ring_start[c], ring_start[c + 1]), the last cell of t
             * up to nv */
            {
                size_t v0 = out->ring_start[c],
                       v1 = c + 1 < c1 ? out->ring_start[c + 1] : nv;
                for (size_t v = v0; v < v1; v++) {
                    saha_xy a = ring_xy[v], b = ring_xy[v + 1 < v1 ? v + 1 : v0];
                    double cr = a.x_m * b.y_m - b.x_m * a.y_m;
                    sa += cr;
                    sx += (a.x_m + b.x_m) * cr;
                    sy += (a.y_m + b.y_m) * cr;
                }
            }
            if (fabs(sa) > 1e-9) {
                double d;
                sx /= 3 * sa;
                sy /= 3 * sa;
                d = (sx - ax) * (sx - ax) + (sy - ay) * (sy - ay);
                if (d < best) {
                    best = d;
                    lab_xy[t].x_m = sx;
                    lab_xy[t].y_m = sy;
                }
            }
        }
    }
    out->ring_start[ncell] = nv;
    out->bnd_start[k] = nbnd;
    out->ncells = ncell;
    out->ring = saha__alloc_array(ctx, nv + 1, sizeof *out->ring);
    out->bnd = saha__alloc_array(ctx, 2 * nbnd + 1, sizeof *out->bnd);
    if (!out->ring || !out->bnd)
        goto nomem;
    rc = saha_geo_local_inverse(loc, ring_xy, out->ring, nv);
    if (rc == SAHA_OK)
        rc = saha_geo_local_inverse(loc, bnd_xy, out->bnd, 2 * nbnd);
    for (size_t t = 0; rc == SAHA_OK && t < k; t++) {
        if (isfinite(lab_xy[t].x_m))
            rc = saha_geo_local_inverse(loc, &lab_xy[t], &out->label[t], 1);
        else
            out->label[t].lat_deg = out->label[t].lon_deg = NAN;
    }
    goto done;
nomem:
    rc = SAHA_ENOMEM;
done:
    if (rc < 0)
        saha_territory__area_free(ctx, out);
    saha__free(ctx, gr.start);
    saha__free(ctx, gr.item);
    saha__free(ctx, cell);
    saha__free(ctx, order);
    saha__free(ctx, owner);
    saha__free(ctx, cnt);
    saha__free(ctx, ring_xy);
    saha__free(ctx, bnd_xy);
    saha__free(ctx, lab_xy);
    return rc;
}
