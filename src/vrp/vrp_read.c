/* Readers for the routing benchmark formats (see src/vrp/vrp_read.h for the
 * formats' conventions and the integer conversion).
 *
 * Method: one pass over the lines, splitting on blanks; numbers parsed with
 * saha__parse_double (locale-free), every value checked for range before it is scaled
 * to an integer. Complexity O(len + npoints^2) (the matrix). Invariants: on success
 * every array behind p->vrp is owned by p and sized for the instance; on failure
 * nothing leaks and the error names source:line and the field.
 * Callers: src/cli/cmd_solve.c, tests/unit/test_vrp_read.c, tests/fuzz/fuzz_vrp_read.c.
 */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "internal/core.h"
#include "vrp/vrp_engine.h"
#include "vrp/vrp_read.h"

#define MAX_TOKENS 32
#define COORD_MAX 1e7
#define SCORE_MAX 1e6
#define TIME_MAX 1e7
#define EUC_SCALE 1e7 /* top/op: integer units per distance unit */

typedef struct tok {
    const char *s;
    size_t n;
} tok;

typedef struct reader {
    saha_ctx *ctx;
    const char *src;
    const char *p, *end;
    size_t line;
    tok t[MAX_TOKENS];
    size_t nt;   /* tokens on the current line (capped at MAX_TOKENS) */
    size_t more; /* tokens beyond the cap */
} reader;

/* Next non-blank line into r->t; 0 at the end of input. */
static int next_line(reader *r)
{
    while (r->p < r->end) {
        const char *ls = r->p, *le = memchr(ls, '\n', (size_t)(r->end - ls));
        const char *q;
        if (!le)
            le = r->end;
        r->p = le < r->end ? le + 1 : le;
        r->line++;
        r->nt = 0;
        r->more = 0;
        q = ls;
        while (q < le) {
            const char *b;
            while (q < le &&
                   (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\f' || *q == '\v'))
                q++;
            if (q >= le)
                break;
            b = q;
            while (q < le &&
                   !(*q == ' ' || *q == '\t' || *q == '\r' || *q == '\f' || *q == '\v'))
                q++;
            if (r->nt < MAX_TOKENS) {
                r->t[r->nt].s = b;
                r->t[r->nt].n = (size_t)(q - b);
                r->nt++;
            } else {
                r->more++;
            }
        }
        if (r->nt > 0)
            return 1;
    }
    return 0;
}

static saha_status perr(reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static saha_status perr(reader *r, const char *fmt, ...)
{
    va_list ap;
    saha_status rc;
    va_start(ap, fmt);
    rc = saha__error_vset(r->ctx, SAHA_EPARSE, r->src, r->line, 0, fmt, ap);
    va_end(ap);
    return rc;
}

/* Token k as a finite number within [lo, hi]. */
static saha_status num(reader *r, size_t k, const char *field, double lo, double hi,
                       double *out)
{
    double v;
    if (k >= r->nt)
        return perr(r, "missing field: %s", field);
    if (saha__parse_double(r->t[k].s, r->t[k].n, 0, &v) != 0 || !isfinite(v))
        return saha__error_set(r->ctx, SAHA_EPARSE, r->src, r->line, 0,
                               "%s: not a number: %.*s", field,
                               (int)(r->t[k].n > 40 ? 40 : r->t[k].n), r->t[k].s);
    if (v < lo || v > hi)
        return saha__error_set(r->ctx, SAHA_EPARSE, r->src, r->line, 0,
                               "%s out of range [%g, %g]: %.*s", field, lo, hi,
                               (int)(r->t[k].n > 40 ? 40 : r->t[k].n), r->t[k].s);
    *out = v;
    return SAHA_OK;
}

static int tok_is(const tok *t, const char *s)
{
    size_t n = strlen(s);
    if (t->n != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char a = t->s[i], b = s[i];
        if (a >= 'a' && a <= 'z')
            a = (char)(a - 'a' + 'A');
        if (b >= 'a' && b <= 'z')
            b = (char)(b - 'a' + 'A');
        if (a != b)
            return 0;
    }
    return 1;
}

static void pvrp_free(saha_ctx *ctx, saha_vrp_pvrp *v);

void saha__vrp_problem_free(saha_ctx *ctx, saha_vrp_problem *p)
{
    if (!p)
        return;
    saha__free(ctx, p->point_of);
    saha__free(ctx, p->x);
    saha__free(ctx, p->y);
    saha__free(ctx, p->score);
    saha__free(ctx, p->mat);
    saha__free(ctx, p->prize);
    saha__free(ctx, p->service);
    saha__free(ctx, p->required);
    saha__free(ctx, p->ntw);
    saha__free(ctx, p->tw);
    saha__free(ctx, p->veh);
    pvrp_free(ctx, p->pvrp);
    saha__free(ctx, p);
}

/* Point storage grows while reading formats without a count. */
static saha_status grow_points(reader *r, saha_vrp_problem *p, size_t *cap, size_t need)
{
    double *x, *y, *s;
    size_t nc;
    if (need <= *cap)
        return SAHA_OK;
    if (need > SAHA_VRP_READ_MAX_POINTS)
        return saha__error_set(r->ctx, SAHA_ELIMIT, r->src, r->line, 0,
                               "more than %d points", SAHA_VRP_READ_MAX_POINTS);
    if (saha__grow_cap(*cap, need, 64, &nc) < 0 || nc > SAHA_VRP_READ_MAX_POINTS)
        nc = SAHA_VRP_READ_MAX_POINTS; /* need is within it (checked above) */
    x = saha__realloc_array(r->ctx, p->x, nc, sizeof *x);
    if (!x)
        return SAHA_ENOMEM;
    p->x = x;
    y = saha__realloc_array(r->ctx, p->y, nc, sizeof *y);
    if (!y)
        return SAHA_ENOMEM;
    p->y = y;
    s = saha__realloc_array(r->ctx, p->score, nc, sizeof *s);
    if (!s)
        return SAHA_ENOMEM;
    p->score = s;
    *cap = nc;
    return SAHA_OK;
}

static double euclid(const saha_vrp_problem *p, size_t a, size_t b)
{
    double dx = p->x[a] - p->x[b], dy = p->y[a] - p->y[b];
    return sqrt(dx * dx + dy * dy);
}

/* Allocates the instance arrays for nc customers, nd depot nodes, nv vehicles. */
static saha_status alloc_inst(saha_ctx *ctx, saha_vrp_problem *p, size_t nc, size_t nd,
                              size_t nv, int windows)
{
    size_t nn = nc + nd, nn2;
    if (saha__mul_size(nn, nn, &nn2) != 0)
        return saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "instance too large");
    p->point_of = saha__alloc_array(ctx, nn, sizeof *p->point_of);
    p->mat = saha__alloc_array(ctx, nn2, sizeof *p->mat);
    p->prize = saha__calloc(ctx, nc ? nc : 1, sizeof *p->prize);
    p->service = saha__calloc(ctx, nc ? nc : 1, sizeof *p->service);
    p->required = saha__calloc(ctx, nc ? nc : 1, 1);
    p->veh = saha__calloc(ctx, nv ? nv : 1, sizeof *p->veh);
    if (!p->point_of || !p->mat || !p->prize || !p->service || !p->required || !p->veh)
        return SAHA_ENOMEM;
    if (windows) {
        size_t k;
        if (saha__mul_size(nv, nc ? nc : 1, &k) != 0)
            return saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "instance too large");
        p->ntw = saha__calloc(ctx, k, 1);
        p->tw = saha__alloc_array(ctx, k * SAHA_VRP_MAX_TW, sizeof *p->tw);
        if (!p->ntw || !p->tw)
            return SAHA_ENOMEM;
    }
    p->vrp.ncustomers = nc;
    p->vrp.nnodes = nn;
    p->vrp.nvehicles = nv;
    p->vrp.time = p->mat;
    p->vrp.cost = p->mat;
    p->vrp.dist = NULL;
    p->vrp.prize = p->prize;
    p->vrp.service = p->service;
    p->vrp.required = NULL;
    p->vrp.ntw = windows ? p->ntw : NULL;
    p->vrp.tw = windows ? p->tw : NULL;
    p->vrp.vehicles = p->veh;
    p->vrp.symmetric = 1;
    return SAHA_OK;
}

static void vehicle_defaults(saha_vrp_vehicle *v, size_t s, size_t e)
{
    memset(v, 0, sizeof *v);
    v->start_node = s;
    v->end_node = e;
    v->earliest_start = 0;
    v->latest_end = SAHA_VRP_NO_LIMIT;
    v->max_travel_time = SAHA_VRP_NO_LIMIT;
    v->max_distance = SAHA_VRP_NO_LIMIT;
    v->max_visits = SAHA_VRP_NO_LIMIT;
}

/* ---- TSPLIB --------------------------------------------------------------------- */
static saha_status read_tsplib(reader *r, saha_vrp_problem *p)
{
    size_t dim = 0, cap = 0, nc;
    int seen_dim = 0;
    uint8_t *seen = NULL;
    saha_status rc = SAHA_OK;

    for (;;) {
        const char *colon;
        size_t klen;
        if (!next_line(r))
            return perr(r, "missing %s", "NODE_COORD_SECTION");
        if (tok_is(&r->t[0], "NODE_COORD_SECTION"))
            break;
        if (tok_is(&r->t[0], "EOF"))
            return perr(r, "missing %s", "NODE_COORD_SECTION");
        /* "KEY : value", "KEY: value" or "KEY :value" */
        colon = memchr(r->t[0].s, ':', r->t[0].n);
        klen = colon ? (size_t)(colon - r->t[0].s) : r->t[0].n;
        {
            tok key = {r->t[0].s, klen};
            tok val = {NULL, 0};
            if (colon && (size_t)(colon - r->t[0].s) + 1 < r->t[0].n) {
                val.s = colon + 1;
                val.n = r->t[0].n - klen - 1;
            } else if (!colon && r->nt >= 2 && r->t[1].s[0] == ':') {
                if (r->t[1].n > 1) {
                    val.s = r->t[1].s + 1;
                    val.n = r->t[1].n - 1;
                } else if (r->nt >= 3) {
                    val = r->t[2];
                }
            } else if (colon && r->nt >= 2) {
                val = r->t[1];
            } else if (!colon) {
                return perr(r, "expected KEY : value, got %s", "a line without ':'");
            }
            if (tok_is(&key, "NAME") && val.s) {
                size_t n = val.n < sizeof p->name - 1 ? val.n : sizeof p->name - 1;
                memcpy(p->name, val.s, n);
                p->name[n] = 0;
            } else if (tok_is(&key, "DIMENSION")) {
                long d;
                if (!val.s || saha__parse_long(val.s, val.n, &d) != 0 || d < 1)
                    return perr(r, "%s: not a positive integer", "DIMENSION");
                if (d > SAHA_VRP_READ_MAX_POINTS)
                    return saha__error_set(r->ctx, SAHA_ELIMIT, r->src, r->line, 0,
                                           "DIMENSION %ld: more than %d points", d,
                                           SAHA_VRP_READ_MAX_POINTS);
                dim = (size_t)d;
                seen_dim = 1;
            } else if (tok_is(&key, "EDGE_WEIGHT_TYPE")) {
                if (!val.s || !tok_is(&val, "EUC_2D"))
                    return perr(r, "%s: only EUC_2D is supported", "EDGE_WEIGHT_TYPE");
            } else if (tok_is(&key, "TYPE")) {
                if (!val.s || !tok_is(&val, "TSP"))
                    return perr(r, "%s: only TSP is supported", "TYPE");
            }
        }
    }
    if (!seen_dim)
        return perr(r, "missing %s before NODE_COORD_SECTION", "DIMENSION");
    rc = grow_points(r, p, &cap, dim);
    if (rc < 0)
        return rc;
    seen = saha__calloc(r->ctx, dim, 1);
    if (!seen)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < dim; i++) {
        double id, x, y;
        if (!next_line(r) || tok_is(&r->t[0], "EOF")) {
            rc = saha__error_set(r->ctx, SAHA_EPARSE, r->src, r->line, 0,
                                 "NODE_COORD_SECTION: %zu of %zu coordinate lines", i,
                                 dim);
            goto done;
        }
        if ((rc = num(r, 0, "node id", 1, (double)dim, &id)) < 0 ||
            (rc = num(r, 1, "x", -COORD_MAX, COORD_MAX, &x)) < 0 ||
            (rc = num(r, 2, "y", -COORD_MAX, COORD_MAX, &y)) < 0)
            goto done;
        if (id != floor(id) || seen[(size_t)id - 1]) {
            rc = perr(r, "node id: %s", id != floor(id) ? "not an integer" : "duplicate");
            goto done;
        }
        seen[(size_t)id - 1] = 1;
        p->x[(size_t)id - 1] = x;
        p->y[(size_t)id - 1] = y;
        p->score[(size_t)id - 1] = 0;
    }
    p->npoints = dim;
    nc = dim - 1;
    rc = alloc_inst(r->ctx, p, nc, 1, 1, 0);
    if (rc < 0)
        goto done;
    for (size_t i = 0; i < nc; i++) {
        p->point_of[i] = i + 1;
        p->required[i] = 1;
    }
    p->point_of[nc] = 0;
    p->vrp.required = p->required;
    for (size_t i = 0; i <= nc; i++)
        for (size_t j = 0; j <= nc; j++)
            p->mat[i * (nc + 1) + j] =
                (int64_t)(euclid(p, p->point_of[i], p->point_of[j]) + 0.5);
    vehicle_defaults(&p->veh[0], nc, nc);
    p->time_scale = 1;
    p->prize_unit = 0;
done:
    saha__free(r->ctx, seen);
    return rc;
}

/* ---- shared by TOP and OP: points "x y score" ------------------------------------ */
static saha_status read_xys(reader *r, saha_vrp_problem *p, size_t *cap, size_t i)
{
    double x, y, s;
    saha_status rc;
    if ((rc = grow_points(r, p, cap, i + 1)) < 0)
        return rc;
    if ((rc = num(r, 0, "x", -COORD_MAX, COORD_MAX, &x)) < 0 ||
        (rc = num(r, 1, "y", -COORD_MAX, COORD_MAX, &y)) < 0 ||
        (rc = num(r, 2, "score", 0, SCORE_MAX, &s)) < 0)
        return rc;
    if (r->nt + r->more != 3)
        return perr(r, "want 3 fields (x y score), got %s", "another count");
    p->x[i] = x;
    p->y[i] = y;
    p->score[i] = s;
    return SAHA_OK;
}

/* Would the total prize (scores x prize_unit) leave int64 headroom? */
static int too_big(const saha_vrp_problem *p, size_t nc)
{
    double tot = 0;
    for (size_t c = 0; c < nc; c++)
        tot += p->score[p->point_of[c]];
    return (tot + 1) * (double)p->prize_unit > 1e18 || (double)p->prize_unit > 1e17;
}

/* Orienteering-style instance: customers = points except start/end (file positions
 * ps, pe), nv identical vehicles with budget Tmax on Euclidean length. */
static saha_status build_orienteering(reader *r, saha_vrp_problem *p, size_t ps,
                                      size_t pe, size_t nv)
{
    size_t n = p->npoints, nc = n - 2, nn = n, k = 0;
    saha_status rc = alloc_inst(r->ctx, p, nc, 2, nv, 0);
    int64_t budget;
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (i != ps && i != pe)
            p->point_of[k++] = i;
    p->point_of[nc] = ps;
    p->point_of[nc + 1] = pe;
    budget = (int64_t)floor(p->budget * EUC_SCALE);
    for (size_t i = 0; i < nn; i++)
        for (size_t j = 0; j < nn; j++)
            p->mat[i * nn + j] =
                i == j ? 0
                       : (int64_t)ceil(euclid(p, p->point_of[i], p->point_of[j]) *
                                       EUC_SCALE);
    /* BIG: more than the total length any solution can have. */
    p->prize_unit = (saha_cost)nv * (budget + 1) + 1;
    if (too_big(p, nc))
        return saha__error_set(
            r->ctx, SAHA_ELIMIT, r->src, 0, 0,
            "scores x budget x paths too large for integer arithmetic");
    for (size_t c = 0; c < nc; c++) {
        double s = p->score[p->point_of[c]];
        if (s != floor(s))
            return saha__error_set(r->ctx, SAHA_EPARSE, r->src, 0, 0,
                                   "point %zu: score %g is not an integer",
                                   p->point_of[c] + 1, s);
        p->prize[c] = (saha_cost)s * p->prize_unit;
    }
    for (size_t v = 0; v < nv; v++) {
        vehicle_defaults(&p->veh[v], nc, nc + 1);
        p->veh[v].max_travel_time = budget;
    }
    p->time_scale = EUC_SCALE;
    return SAHA_OK;
}

static saha_status read_top(reader *r, saha_vrp_problem *p,
                            const saha_vrp_read_options *o)
{
    double n, m, tmax;
    size_t cap = 0, i = 0;
    saha_status rc;
    /* "n N", "m M", "tmax T" */
    if (!next_line(r) || !tok_is(&r->t[0], "n"))
        return perr(r, "expected '%s N'", "n");
    if ((rc = num(r, 1, "n", 2, SAHA_VRP_READ_MAX_POINTS, &n)) < 0)
        return rc;
    if (!next_line(r) || !tok_is(&r->t[0], "m"))
        return perr(r, "expected '%s M'", "m");
    if ((rc = num(r, 1, "m", 1, 1000, &m)) < 0)
        return rc;
    if (!next_line(r) || !tok_is(&r->t[0], "tmax"))
        return perr(r, "expected '%s T'", "tmax");
    if ((rc = num(r, 1, "tmax", 0, TIME_MAX, &tmax)) < 0)
        return rc;
    if (n != floor(n) || m != floor(m))
        return perr(r, "%s: not an integer", "n or m");
    p->budget = tmax;
    while (next_line(r)) {
        if (i >= (size_t)n)
            return perr(r, "more points than n: %s", "extra line");
        if ((rc = read_xys(r, p, &cap, i)) < 0)
            return rc;
        i++;
    }
    if (i != (size_t)n)
        return saha__error_set(r->ctx, SAHA_EPARSE, r->src, r->line, 0,
                               "n says %zu points, the file has %zu", (size_t)n, i);
    p->npoints = i;
    return build_orienteering(r, p, 0, i - 1, o->vehicles ? o->vehicles : (size_t)m);
}

static saha_status read_op(reader *r, saha_vrp_problem *p, const saha_vrp_read_options *o)
{
    double tmax, paths;
    size_t cap = 0, i = 0;
    saha_status rc;
    if (!next_line(r))
        return perr(r, "empty input%s", "");
    if ((rc = num(r, 0, "Tmax", 0, TIME_MAX, &tmax)) < 0 ||
        (rc = num(r, 1, "paths", 1, 1000, &paths)) < 0)
        return rc;
    if (r->nt != 2 || paths != floor(paths))
        return perr(r, "first line: want '%s'", "Tmax P");
    p->budget = tmax;
    while (next_line(r)) {
        if ((rc = read_xys(r, p, &cap, i)) < 0)
            return rc;
        i++;
    }
    if (i < 2)
        return perr(r, "want at least the start and end points%s", "");
    p->npoints = i;
    return build_orienteering(r, p, 0, 1, o->vehicles ? o->vehicles : (size_t)paths);
}

/* ---- OPTW ------------------------------------------------------------------------ */
static saha_status read_optw(reader *r, saha_vrp_problem *p,
                             const saha_vrp_read_options *o)
{
    double nd;
    size_t n, cap = 0, nc, nn, nv = o->vehicles ? o->vehicles : 1;
    double *svc = NULL, *op = NULL, *cl = NULL;
    double tscale, tr;
    saha_status rc;
    int dec = o->tw_decimals;

    /* Header: the six numbers "k v N t" and "D Q", normally on two lines (c204 breaks
     * them as "2" / "4 100 1 0 700"): read six tokens whatever the line breaks. */
    {
        size_t got = 0;
        nd = -1;
        while (got < 6) {
            if (!next_line(r))
                return perr(r, "header: want 6 numbers (%s), got fewer", "k v N t D Q");
            if (got + r->nt + r->more > 6)
                return perr(r, "header: want 6 numbers (%s) before the vertices",
                            "k v N t D Q");
            if (got <= 2 && got + r->nt > 2 &&
                (rc = num(r, 2 - got, "N", 1, SAHA_VRP_READ_MAX_POINTS - 1, &nd)) < 0)
                return rc;
            got += r->nt;
        }
    }
    if (nd != floor(nd))
        return perr(r, "%s: not an integer", "N");
    n = (size_t)nd + 1;
    if (dec == 0)
        dec = (p->name[0] == 'p' || p->name[0] == 'P') &&
                      (p->name[1] == 'r' || p->name[1] == 'R')
                  ? 2
                  : 1;
    if (dec != 1 && dec != 2)
        return saha__error_set(r->ctx, SAHA_EINVAL, r->src, 0, 0,
                               "tw_decimals must be 1 or 2");
    p->tw_decimals = dec;
    if ((rc = grow_points(r, p, &cap, n)) < 0)
        return rc;
    svc = saha__alloc_array(r->ctx, n, sizeof *svc);
    op = saha__alloc_array(r->ctx, n, sizeof *op);
    cl = saha__alloc_array(r->ctx, n, sizeof *cl);
    if (!svc || !op || !cl) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        double id;
        if (!next_line(r)) {
            rc = saha__error_set(r->ctx, SAHA_EPARSE, r->src, r->line, 0,
                                 "want %zu vertex lines, got %zu", n, i);
            goto done;
        }
        if (r->more) {
            rc = perr(r, "too many fields%s", "");
            goto done;
        }
        if (r->nt < 7) {
            rc = perr(r, "want at least 7 fields (%s)", "i x y d S ... O C");
            goto done;
        }
        if ((rc = num(r, 0, "i", 0, (double)n, &id)) < 0 ||
            (rc = num(r, 1, "x", -COORD_MAX, COORD_MAX, &p->x[i])) < 0 ||
            (rc = num(r, 2, "y", -COORD_MAX, COORD_MAX, &p->y[i])) < 0 ||
            (rc = num(r, 3, "d (service)", 0, TIME_MAX, &svc[i])) < 0 ||
            (rc = num(r, 4, "S (score)", 0, SCORE_MAX, &p->score[i])) < 0 ||
            (rc = num(r, r->nt - 2, "O (opening)", 0, TIME_MAX, &op[i])) < 0 ||
            (rc = num(r, r->nt - 1, "C (closing)", 0, TIME_MAX, &cl[i])) < 0)
            goto done;
        if (id != (double)i) {
            rc = perr(r, "i: want the vertices numbered 0..N in order%s", "");
            goto done;
        }
        if (p->score[i] != floor(p->score[i])) {
            rc = perr(r, "%s: not an integer", "S (score)");
            goto done;
        }
    }
    if (next_line(r)) {
        rc = perr(r, "more vertex lines than N + 1%s", "");
        goto done;
    }
    p->npoints = n;
    nc = n - 1;
    nn = n;
    rc = alloc_inst(r->ctx, p, nc, 1, nv, 1);
    if (rc < 0)
        goto done;
    for (size_t c = 0; c < nc; c++)
        p->point_of[c] = c + 1;
    p->point_of[nc] = 0;
    /* Hundredths: truncation to dec decimals is exact in them. */
    tscale = 100;
    tr = dec == 1 ? 10 : 100;
    for (size_t i = 0; i < nn; i++)
        for (size_t j = 0; j < nn; j++) {
            double d = euclid(p, p->point_of[i], p->point_of[j]);
            p->mat[i * nn + j] =
                i == j ? 0 : (int64_t)floor(d * tr) * (int64_t)(100 / tr);
        }
    p->budget = cl[0];
    p->prize_unit = (saha_cost)nv * ((saha_cost)ceil(cl[0] * tscale) + 1) + 1;
    if (too_big(p, nc)) {
        rc = saha__error_set(r->ctx, SAHA_ELIMIT, r->src, 0, 0,
                             "scores x budget x paths too large for integer arithmetic");
        goto done;
    }
    for (size_t c = 0; c < nc; c++) {
        size_t pt = c + 1;
        p->service[c] = (int64_t)ceil(svc[pt] * tscale - 1e-9);
        p->prize[c] = (saha_cost)p->score[pt] * p->prize_unit;
        for (size_t k = 0; k < nv; k++) {
            size_t key = k * nc + c;
            p->ntw[key] = 1;
            p->tw[key * SAHA_VRP_MAX_TW].open = (int64_t)ceil(op[pt] * tscale - 1e-9);
            p->tw[key * SAHA_VRP_MAX_TW].close = (int64_t)floor(cl[pt] * tscale + 1e-9);
        }
    }
    for (size_t k = 0; k < nv; k++) {
        vehicle_defaults(&p->veh[k], nc, nc);
        p->veh[k].earliest_start = (int64_t)ceil(op[0] * tscale - 1e-9);
        p->veh[k].latest_end = (int64_t)floor(cl[0] * tscale + 1e-9);
    }
    p->time_scale = tscale;
done:
    saha__free(r->ctx, svc);
    saha__free(r->ctx, op);
    saha__free(r->ctx, cl);
    return rc;
}

/* ---- PVRP (Cordeau) ---------------------------------------------------------------- */
#define PVRP_SCALE 1e4 /* integer units per distance unit */
#define PVRP_MAX_DAYS 30
#define DEMAND_MAX 1e9

static void pvrp_free(saha_ctx *ctx, saha_vrp_pvrp *v)
{
    if (!v)
        return;
    saha__free(ctx, v->cost);
    saha__free(ctx, v->time);
    saha__free(ctx, v->service);
    saha__free(ctx, v->demand);
    saha__free(ctx, v->capacity);
    saha__free(ctx, v->max_duration);
    saha__free(ctx, v->comb_start);
    saha__free(ctx, v->comb);
    saha__free(ctx, v);
}

/* Token k as an integer within [lo, hi]. */
static saha_status inum(reader *r, size_t k, const char *field, double lo, double hi,
                        double *out)
{
    saha_status rc = num(r, k, field, lo, hi, out);
    if (rc == SAHA_OK && *out != floor(*out))
        return perr(r, "%s: not an integer", field);
    return rc;
}

/* "type m n t", t lines "D Q", then n + 1 lines "i x y d q f a c1 .. ca" (line 0 the
 * depot, with a = 0). Codes are t-bit strings read from the left: day k (1-based) is in
 * code c iff (c >> (t - k)) & 1; stored with bit k - 1 set. The code list is
 * authoritative (p11's customer 131 has f = 0 and five one-day codes), so f is only
 * range-checked. */
static saha_status read_pvrp(reader *r, saha_vrp_problem *p,
                             const saha_vrp_read_options *o)
{
    double type, m, nd, td, cap_d = 0;
    size_t n, t, nn, nn2, ncodes = 0, cap = 0;
    saha_vrp_pvrp *v = NULL;
    double *svc = NULL, *dem = NULL;
    saha_status rc;

    if (!next_line(r))
        return perr(r, "header: want %s", "type m n t");
    if (r->nt != 4 || r->more)
        return perr(r, "header: want 4 numbers (%s)", "type m n t");
    if ((rc = inum(r, 0, "type", 0, 100, &type)) < 0)
        return rc;
    if (type != 1)
        return perr(r, "type: want 1 (PVRP), got %g", type);
    if ((rc = inum(r, 1, "m (vehicles)", 1, 1000, &m)) < 0 ||
        (rc = inum(r, 2, "n (customers)", 1, SAHA_VRP_READ_MAX_POINTS - 1, &nd)) < 0 ||
        (rc = inum(r, 3, "t (days)", 1, PVRP_MAX_DAYS, &td)) < 0)
        return rc;
    n = (size_t)nd;
    t = (size_t)td;
    nn = n + 1;
    nn2 = nn * nn;
    v = saha__calloc(r->ctx, 1, sizeof *v);
    if (!v)
        return SAHA_ENOMEM;
    p->pvrp = v;
    v->ncustomers = n;
    v->ndays = t;
    v->nvehicles = o->vehicles ? o->vehicles : (size_t)m;
    v->service = saha__calloc(r->ctx, n, sizeof *v->service);
    v->demand = saha__calloc(r->ctx, n, sizeof *v->demand);
    v->capacity = saha__alloc_array(r->ctx, t, sizeof *v->capacity);
    v->max_duration = saha__alloc_array(r->ctx, t, sizeof *v->max_duration);
    v->comb_start = saha__calloc(r->ctx, nn, sizeof *v->comb_start);
    p->point_of = saha__alloc_array(r->ctx, nn, sizeof *p->point_of);
    svc = saha__calloc(r->ctx, nn, sizeof *svc);
    dem = saha__calloc(r->ctx, nn, sizeof *dem);
    if (!v->service || !v->demand || !v->capacity || !v->max_duration || !v->comb_start ||
        !p->point_of || !svc || !dem) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t d = 0; d < t; d++) {
        double dur, q;
        if (!next_line(r)) {
            rc = perr(r, "want %zu day lines (D Q), got %zu", t, d);
            goto done;
        }
        if (r->nt != 2 || r->more) {
            rc = perr(r, "day %zu: want 2 numbers (D Q)", d + 1);
            goto done;
        }
        if ((rc = num(r, 0, "D (duration)", 0, TIME_MAX, &dur)) < 0 ||
            (rc = inum(r, 1, "Q (capacity)", 0, DEMAND_MAX, &q)) < 0)
            goto done;
        /* 0 = no limit, as Cordeau's note says for D */
        v->max_duration[d] =
            dur > 0 ? (int64_t)floor(dur * PVRP_SCALE + 1e-6) : SAHA_VRP_NO_LIMIT;
        v->capacity[d] = q > 0 ? (int64_t)q : SAHA_VRP_NO_LIMIT;
        if (q > cap_d || q == 0)
            cap_d = q == 0 ? DEMAND_MAX : q;
    }
    if ((rc = grow_points(r, p, &cap, nn)) < 0)
        goto done;
    /* combination codes: at most MAX_TOKENS - 7 a line */
    v->comb = saha__alloc_array(r->ctx, n ? n * (MAX_TOKENS - 7) : 1, sizeof *v->comb);
    if (!v->comb) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < nn; i++) {
        double id, f, a;
        if (!next_line(r)) {
            rc = saha__error_set(r->ctx, SAHA_EPARSE, r->src, r->line, 0,
                                 "want %zu vertex lines, got %zu", nn, i);
            goto done;
        }
        if (r->more) {
            rc = perr(r, "a: at most %d combinations a customer", MAX_TOKENS - 7);
            goto done;
        }
        if (r->nt < 7) {
            rc = perr(r, "want at least 7 fields (%s)", "i x y d q f a");
            goto done;
        }
        if ((rc = inum(r, 0, "i", 0, (double)n, &id)) < 0 ||
            (rc = num(r, 1, "x", -COORD_MAX, COORD_MAX, &p->x[i])) < 0 ||
            (rc = num(r, 2, "y", -COORD_MAX, COORD_MAX, &p->y[i])) < 0 ||
            (rc = num(r, 3, "d (service)", 0, TIME_MAX, &svc[i])) < 0 ||
            (rc = inum(r, 4, "q (demand)", 0, DEMAND_MAX, &dem[i])) < 0 ||
            (rc = inum(r, 5, "f (frequency)", 0, (double)t, &f)) < 0 ||
            (rc = inum(r, 6, "a (combinations)", 0, MAX_TOKENS - 7, &a)) < 0)
            goto done;
        if (id != (double)i) {
            rc = perr(r, "i: want the vertices numbered 0..n in order%s", "");
            goto done;
        }
        if (r->nt != 7 + (size_t)a) {
            rc = perr(r, "a: says %g combinations, the line has %zu", a, r->nt - 7);
            goto done;
        }
        if (i == 0) {
            if (a != 0) {
                rc = perr(r, "a: the depot (line 0) has no combinations%s", "");
                goto done;
            }
            continue;
        }
        if (a == 0) {
            rc = perr(r, "a: customer %zu has no allowed combination", i);
            goto done;
        }
        if (dem[i] > cap_d) {
            rc = perr(r, "q (demand): %g is above every day's capacity", dem[i]);
            goto done;
        }
        v->comb_start[i - 1] = ncodes;
        for (size_t k = 0; k < (size_t)a; k++) {
            double code;
            uint32_t mask = 0;
            if ((rc = inum(r, 7 + k, "combination", 1, (double)((1u << t) - 1), &code)) <
                0)
                goto done;
            for (size_t day = 0; day < t; day++)
                if (((uint32_t)code >> (t - 1 - day)) & 1u)
                    mask |= 1u << day;
            v->comb[ncodes++] = mask;
        }
    }
    v->comb_start[n] = ncodes;
    if (next_line(r)) {
        rc = perr(r, "more vertex lines than n + 1%s", "");
        goto done;
    }
    /* the (n + 1)^2 matrices only now that the file has its n + 1 lines: a short
     * header claiming 4,999 customers must not cost 400 MB before failing */
    v->cost = saha__alloc_array(r->ctx, nn2, sizeof *v->cost);
    v->time = saha__alloc_array(r->ctx, nn2, sizeof *v->time);
    if (!v->cost || !v->time) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    p->npoints = nn;
    for (size_t i = 0; i < n; i++) {
        p->point_of[i] = i + 1;
        v->service[i] = (int64_t)ceil(svc[i + 1] * PVRP_SCALE - 1e-6);
        v->demand[i] = (int64_t)dem[i + 1];
        p->score[i + 1] = 0;
    }
    p->point_of[n] = 0;
    p->score[0] = 0;
    for (size_t i = 0; i < nn; i++)
        for (size_t j = 0; j < nn; j++) {
            double d = euclid(p, p->point_of[i], p->point_of[j]) * PVRP_SCALE;
            v->cost[i * nn + j] = i == j ? 0 : (saha_cost)llround(d);
            v->time[i * nn + j] = i == j ? 0 : (int64_t)ceil(d - 1e-6);
        }
    p->time_scale = PVRP_SCALE;
    p->vrp.ncustomers = n;
    p->vrp.nnodes = nn;
    p->vrp.nvehicles = t * v->nvehicles;
done:
    saha__free(r->ctx, svc);
    saha__free(r->ctx, dem);
    return rc;
}

static saha_vrp_format detect(const char *data, size_t len)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.p = data;
    r.end = data + len;
    if (!next_line(&r))
        return SAHA_VRP_FORMAT_AUTO;
    if (memchr(r.t[0].s, ':', r.t[0].n) || (r.nt >= 2 && r.t[1].s[0] == ':') ||
        tok_is(&r.t[0], "NAME") || tok_is(&r.t[0], "NODE_COORD_SECTION"))
        return SAHA_VRP_FORMAT_TSPLIB;
    if (tok_is(&r.t[0], "n"))
        return SAHA_VRP_FORMAT_TOP;
    /* Cordeau's header "type m n t": type 1 with t > 1 days is the PVRP (the Leuven
     * OPTW files use the same layout with other types, 4 or 6, or type 1 and t = 1) */
    if (r.nt == 4 && r.more == 0 && r.t[0].n == 1 && r.t[0].s[0] == '1' &&
        !(r.t[3].n == 1 && r.t[3].s[0] == '1'))
        return SAHA_VRP_FORMAT_PVRP;
    if (r.nt == 2)
        return SAHA_VRP_FORMAT_OP;
    if (r.nt <= 4 && r.more == 0)
        return SAHA_VRP_FORMAT_OPTW; /* "k v N t", sometimes split over lines */
    return SAHA_VRP_FORMAT_AUTO;
}

saha_status saha__vrp_read_buffer(saha_ctx *ctx, const char *data, size_t len,
                                  const char *source, const saha_vrp_read_options *opts,
                                  saha_vrp_problem **out)
{
    saha_vrp_read_options o;
    saha_vrp_problem *p = NULL;
    reader r;
    saha_status rc;
    const char *base;

    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, data != NULL || len == 0);
    memset(&o, 0, sizeof o);
    if (opts)
        o = *opts;
    if (!source)
        source = "-";
    p = saha__calloc(ctx, 1, sizeof *p);
    if (!p)
        return SAHA_ENOMEM;
    /* default name: base name without extension */
    base = strrchr(source, '/');
    base = base ? base + 1 : source;
    {
        size_t n = strlen(base);
        const char *dot = strrchr(base, '.');
        if (dot && dot != base)
            n = (size_t)(dot - base);
        if (n >= sizeof p->name)
            n = sizeof p->name - 1;
        memcpy(p->name, base, n);
        p->name[n] = 0;
    }
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.src = source;
    r.p = data;
    r.end = data + len;
    if (o.format == SAHA_VRP_FORMAT_AUTO)
        o.format = detect(data, len);
    p->format = o.format;
    switch (o.format) {
    case SAHA_VRP_FORMAT_TSPLIB:
        rc = read_tsplib(&r, p);
        break;
    case SAHA_VRP_FORMAT_TOP:
        rc = read_top(&r, p, &o);
        break;
    case SAHA_VRP_FORMAT_OP:
        rc = read_op(&r, p, &o);
        break;
    case SAHA_VRP_FORMAT_OPTW:
        rc = read_optw(&r, p, &o);
        break;
    case SAHA_VRP_FORMAT_PVRP:
        rc = read_pvrp(&r, p, &o);
        break;
    default:
        rc = saha__error_set(
            ctx, SAHA_EPARSE, source, 0, 0,
            "cannot tell the format (tsplib, top, op, optw, pvrp); give it");
        break;
    }
    if (rc < 0) {
        saha__vrp_problem_free(ctx, p);
        return rc;
    }
    *out = p;
    return SAHA_OK;
}

saha_status saha__vrp_read_file(saha_ctx *ctx, const char *path,
                                const saha_vrp_read_options *opts, saha_vrp_problem **out)
{
    char *data = NULL;
    size_t len = 0;
    saha_status rc;
    SAHA__CHECK_ARG(ctx, out != NULL && path != NULL);
    *out = NULL;
    rc = saha__read_file(ctx, path, (size_t)64 << 20, &data, &len);
    if (rc < 0)
        return rc;
    rc = saha__vrp_read_buffer(ctx, data, len, path, opts, out);
    saha__free(ctx, data);
    return rc;
}

double saha__vrp_problem_value(const saha_vrp_problem *p, const saha_vrp_solution *sol)
{
    double v = 0;
    if (p->format == SAHA_VRP_FORMAT_PVRP) {
        /* exact Euclidean length of every route, depot to depot */
        size_t dep = p->point_of[p->vrp.ncustomers];
        for (size_t r = 0; r < sol->nvehicles; r++) {
            size_t prev = dep;
            if (sol->route_start[r] == sol->route_start[r + 1])
                continue;
            for (size_t i = sol->route_start[r]; i < sol->route_start[r + 1]; i++) {
                size_t pt = p->point_of[sol->order[i]];
                v += euclid(p, prev, pt);
                prev = pt;
            }
            v += euclid(p, prev, dep);
        }
        return v;
    }
    if (p->format == SAHA_VRP_FORMAT_TSPLIB) {
        saha_cost c = 0;
        (void)saha__vrp_evaluate(&p->vrp, sol, &c);
        return (double)-c;
    }
    for (size_t i = 0; i < sol->route_start[sol->nvehicles]; i++)
        v += p->score[p->point_of[sol->order[i]]];
    return v;
}

const char *saha__vrp_format_name(saha_vrp_format f)
{
    switch (f) {
    case SAHA_VRP_FORMAT_TSPLIB:
        return "tsplib";
    case SAHA_VRP_FORMAT_TOP:
        return "top";
    case SAHA_VRP_FORMAT_OP:
        return "op";
    case SAHA_VRP_FORMAT_OPTW:
        return "optw";
    case SAHA_VRP_FORMAT_PVRP:
        return "pvrp";
    default:
        return "auto";
    }
}

int saha__vrp_format_parse(const char *s, saha_vrp_format *out)
{
    static const char *const names[] = {"auto", "tsplib", "top", "op", "optw", "pvrp"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(s, names[i])) {
            *out = (saha_vrp_format)i;
            return 0;
        }
    return -1;
}
