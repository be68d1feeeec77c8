/* Private interface between the territory step files (src/territory*.c). The solver
 * works on projected points (metres) so that it can be tested and benchmarked without
 * accounts or PROJ. Owner: the territory module. */
#ifndef SAHA_INTERNAL_TERRITORY_H
#define SAHA_INTERNAL_TERRITORY_H

#include <stddef.h>
#include <stdint.h>

#include "internal/core.h"
#include "saha/basemap.h"
#include "saha/geo.h"
#include "saha/territory.h"

#define SAHA_TERRITORY__NONE UINT32_MAX
/* Candidate territories per account: the nearest centres. */
#define SAHA_TERRITORY__MAX_CAND 16

/* Unit of the squared distances in costs: (10 m)^2, so that a sum over 10^6 accounts
 * 2000 km away still fits an int64. */
#define SAHA_TERRITORY__COST_UNIT_M 10.0

/* The balanced assignment problem on projected points. Costs are integers
 * (llround(w_i x (distance / 10 m)^2)), loads are integers (seconds, cents or
 * accounts), so gains compare exactly and runs repeat. */
typedef struct saha_territory__problem {
    saha_ctx *ctx;
    size_t n, k;
    const saha_xy *xy;       /* n points, metres */
    const double *w;         /* n travel weights (visits per period), >= 0 */
    const int64_t *b;        /* n balance quantities, >= 0 */
    const uint32_t *locked;  /* n: fixed territory or NONE; NULL = none locked */
    const uint32_t *prev;    /* n: previous territory or NONE; NULL = no stability */
    saha_xy *centre;         /* k centres (updated when not anchored) */
    const int *anchored;     /* k: centre fixed */
    const double *capacity;  /* k: share weights > 0 */
    const size_t *max_count; /* k: 0 = no limit; NULL = none */
    double tolerance;        /* fraction */
    size_t max_rounds;       /* centre updates (free centres) */
    uint64_t seed;
    saha_progress_fn progress;
    void *payload;
    int64_t *load_before; /* k, optional: with prev, loads of the start */

    /* Filled by the solver. */
    uint32_t *assign; /* n */
    int64_t *lo, *hi; /* k: load bounds */
    double *target;   /* k */
    int64_t *load;    /* k */
    size_t *count;    /* k */
    /* Work arrays owned by the solver. */
    size_t ncand;
    uint32_t *cand; /* n x ncand nearest centres, nearest first */
    int64_t *ccost; /* n x ncand cost to each candidate */
    double *price;  /* k: dual prices of the balance constraints */
    /* Statistics: accounts moved by repair, summed over the rounds (the prices'
     * failures to balance; tests bound it). */
    size_t repair_moves;
    /* Work of repair, summed over the rounds: candidate entries scanned plus moves
     * evaluated (tests bound it by c n log n). */
    size_t repair_work;
    /* Accounts moved by chain transfers (territory_transfer.c), summed over rounds. */
    size_t transfer_moves;
    /* Refinement, summed over rounds: passes, and work (candidate entries read, partner
     * entries placed, selected and sorted; tests bound it per pass by c n). */
    size_t refine_passes, refine_work;
} saha_territory__problem;

/* Distance in metres between projected points. */
double saha_territory__dist(saha_xy a, saha_xy b);
/* Integer cost of weight w at distance d_m; of account i in territory t. */
int64_t saha_territory__cost_of(double w, double d_m);
int64_t saha_territory__cost(const saha_territory__problem *p, size_t i, size_t t);

/* territory_assign.c: candidates, price-based balanced assignment, repair. */
saha_status saha_territory__candidates(saha_territory__problem *p);
saha_status saha_territory__assign_prices(saha_territory__problem *p);
/* Moves accounts until every load is within its bounds; with p->prev it prefers accounts
 * that already left their previous territory. Returns 1 when feasible, 0 when not, <0
 * on error. */
int saha_territory__repair(saha_territory__problem *p);
void saha_territory__recount(saha_territory__problem *p);
int saha_territory__feasible(const saha_territory__problem *p);

/* territory_transfer.c: before repair, moves each territory's gap to its target along
 * a chain of territories in one go (see there). SAHA_OK or SAHA_ENOMEM; does nothing
 * with p->prev or past SAHA_TERRITORY__TRANSFER_MAX_K territories (k^2 table). */
#define SAHA_TERRITORY__TRANSFER_MAX_K 512
saha_status saha_territory__transfer(saha_territory__problem *p);

/* territory_refine.c: boundary moves and swaps that lower the cost within bounds. */
saha_status saha_territory__refine(saha_territory__problem *p, size_t max_passes);

/* territory_move.c: when the balance is short of a whole territory somewhere, moves the
 * centre of a donor territory (a free one, not marked in tried, which may be NULL) into
 * the territory furthest over its bound, splitting it along its principal axis; reads
 * p's assign, load, count and price (current), changes only centres and the donor's
 * price. Returns the donor, or SAHA_TERRITORY__NONE when no move applies (or out of
 * memory: then nothing changed). The caller re-solves and keeps the move or undoes it. */
size_t saha_territory__move_centre(saha_territory__problem *p,
                                   const unsigned char *tried);

/* territory_limit.c: fills info[t].limit, nearest and nearest_km for every territory
 * from the solved problem. SAHA_OK or SAHA_ENOMEM. */
saha_status saha_territory__limits(const saha_territory__problem *p,
                                   saha_territory_info *info);

/* territory_spread.c: a copy of xy in which every group of accounts sharing one
 * coordinate is spread over a small disc around it (*out NULL when all points are
 * distinct; caller frees); *moved_out (may be NULL) counts the spread accounts. */
saha_status saha_territory__spread_duplicates(saha_ctx *ctx, const saha_xy *xy, size_t n,
                                              saha_xy **out, size_t *moved_out);

/* territory_order.c: the solver's per-account inputs in Morton (Z-order) curve order,
 * for memory locality. order_apply points p's xy, w, b, locked and prev at permuted
 * copies (ties in the curve keep the caller's order); order_restore points them back and
 * puts p's assign, cand and ccost rows back in the caller's order; order_free frees the
 * copies (also after a failed solve). SAHA_OK or SAHA_ENOMEM (p unchanged on failure of
 * order_apply). */
typedef struct saha_territory__order {
    uint32_t *perm; /* n: caller's index of the r-th point; NULL when n < 2 */
    saha_xy *pxy;
    double *pw;
    int64_t *pb;
    uint32_t *plocked, *pprev;
    /* The caller's arrays, put back by order_restore. */
    const saha_xy *xy;
    const double *w;
    const int64_t *b;
    const uint32_t *locked, *prev;
} saha_territory__order;
saha_status saha_territory__order_apply(saha_territory__problem *p,
                                        saha_territory__order *o);
saha_status saha_territory__order_restore(saha_territory__problem *p,
                                          saha_territory__order *o);
void saha_territory__order_free(saha_ctx *ctx, saha_territory__order *o);

/* territory.c: the whole solve on points (allocates p's solver arrays; free with
 * saha_territory__problem_release) and plain k-means (for the benchmark). */
saha_status saha_territory__solve_points(saha_territory__problem *p);
void saha_territory__problem_release(saha_territory__problem *p);
/* Plain unbalanced k-means (Lloyd, k-means++ seeding from seed), for comparison.
 * assign_out: n, centre_out: k. */
saha_status saha_territory__kmeans(saha_ctx *ctx, const saha_xy *xy, const double *w,
                                   size_t n, size_t k, uint64_t seed, size_t max_iter,
                                   uint32_t *assign_out, saha_xy *centre_out);
/* Moves each free centre to the visit-weighted mean of its accounts (the minimiser of
 * the squared cost); leaves anchored centres and empty territories alone. */
void saha_territory__update_centres(saha_territory__problem *p, size_t steps);
/* Mean distance to the k nearest neighbours' marginal BHH tour length per point, metres
 * (uses a k-d tree, O(n log n) time, O(n) memory on any spread). The _ops form adds the
 * nodes and points the neighbour searches examined to *ops (tests bound the work). */
saha_status saha_territory__marginal_tour_m(saha_ctx *ctx, const saha_xy *xy, size_t n,
                                            size_t kn, double *out);
saha_status saha_territory__marginal_tour_ops(saha_ctx *ctx, const saha_xy *xy, size_t n,
                                              size_t kn, double *out, size_t *ops);

/* territory_area.c: non-overlapping territory areas (see there). Cells of territory t:
 * cell_start[t] .. cell_start[t + 1]; cell c's ring (not closed, counter-clockwise):
 * ring[ring_start[c] .. ring_start[c + 1]); boundary segments of t (pairs of points):
 * bnd[2 * bnd_start[t] .. 2 * bnd_start[t + 1]); label[t] inside the area (NaN when t
 * has no account). */
typedef struct saha_territory__area {
    size_t ncells;
    size_t *cell_start, *ring_start, *bnd_start;
    saha_latlon *ring, *bnd, *label;
    double radius_m;
} saha_territory__area;
saha_status saha_territory__areas(saha_ctx *ctx, const saha_geo_local *loc,
                                  const saha_xy *xy, const uint32_t *assign, size_t n,
                                  size_t k, saha_territory__area *out);
void saha_territory__area_free(saha_ctx *ctx, saha_territory__area *a);

/* territory_svg.c: the areas of ar's k territories on m, in a group cut to land: each
 * cell filled (class cell_cls, no outline), then each boundary. id(payload, t) names
 * territory t in data-<data_name>, and in the boundary's title when bnd_title is set.
 * Shared by the territory map and the team map (team_report.c). */
typedef struct saha_svgmap saha_svgmap;
typedef struct saha_territory__area_style {
    const char *cell_cls;
    double cell_opacity;
    double bnd_width_px;
    int bnd_title;
    const char *data_name;
} saha_territory__area_style;
saha_status saha_territory__svg_areas(saha_svgmap *m, const saha_territory__area *ar,
                                      size_t k, const saha_territory__area_style *st,
                                      const char *(*id)(const void *payload, size_t t),
                                      const void *payload);

/* territory_html.c: an HTML page's head (title, the page's css, Leaflet's css when
 * leaflet_css is not NULL) and its <h1>, appended to b; also the team page's. */
saha_status saha_territory__html_head(saha__buf *b, const char *title, const char *css,
                                      const char *leaflet_css);

/* territory_html.c: the end of a page's map-data script: "tiles" (NULL without a URL),
 * "basemap" (the basemap's features in the box s, w, n, e widened by half a degree, NULL
 * without a basemap or a box), then the closing brace and </script>. */
saha_status saha_territory__map_data_end(saha__buf *b, const char *tiles_url,
                                         const char *tiles_attribution,
                                         const saha_basemap *basemap, double s, double w,
                                         double n, double e);

/* territory_svg.c: the territory map SVG appended to the empty buffer b. */
saha_status saha_territory__svg_doc(const saha_territory_result *res,
                                    const saha_account_set *accounts, saha_geo *geo,
                                    const saha_basemap *basemap, saha_ctx *ctx,
                                    saha__buf *b);

/* The result of saha_territory_solve (opaque in the public API). */
struct saha_territory_result {
    saha_ctx *ctx;
    const saha_account_set *set;
    size_t nacc, k;
    saha_territory_info *info;
    uint32_t *terr;     /* per valid account, NONE without coordinates */
    double *workload_h; /* per valid account */
    saha_territory_move *moves;
    size_t nmoves;
    int balanced;
    double max_dev, spread_km;
    size_t unknown_rep, missing;
    saha_territory__area area;
    saha__arena arena;
};

#endif
