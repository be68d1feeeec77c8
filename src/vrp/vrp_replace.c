/* Segment replacement: an unvisited customer takes the place of a run of visits worth
 * less than it.
 *
 * Method (the "priority replace" and "unassigned exchange" ideas of VROOM's local
 * search, generalised from route ends and single visits to any run): for unvisited
 * customer c and every route v that may serve it, every run seq[i..j) of consecutive
 * visits whose prizes sum below c's is a candidate: route v drops the run and takes c
 * in the run's place or at one of c's KPOS cheapest positions in v by arc cost alone
 * (outside the run). The gain is eprize[c] minus the run's prizes minus the route's
 * cost change; the best feasible candidate with a positive gain is applied, and the
 * customers it removed are handed back for the local search to queue (they may fit on
 * another day). Runs are scanned by growing j, so the prize sum only grows and the
 * scan of one i stops at the first run worth as much as c (prizes are not negative);
 * the cost change is O(1) (prefix sums) and feasibility is evaluated only for a
 * candidate better than the best so far. This lets a visit of high value into a full
 * day, where inserting it fails and swapping it for one neighbour is not enough.
 * Complexity: O(V * L * R * KPOS) cost evaluations for V routes of length L and runs
 * of up to R visits (R <= L, cut by the prize bound), O(len) time checks only on new
 * bests.
 * Invariants: the solution stays feasible; required customers are never removed (their
 * bonus prize exceeds any unvisited customer's). Caller: vrp_ls.c (unvisited customers,
 * after insertion and the one-for-one replacement failed). */
#include "vrp/vrp_engine.h"

/* The KPOS cheapest insertion positions of c in route v by cost alone (no
 * feasibility), into k[]; returns how many (at most KPOS, fewer for short routes). */
#define KPOS 2
static size_t cheap_positions(const vrp_sol *s, size_t c, size_t v, size_t *k)
{
    const saha_vrp *inst = s->sh->inst;
    const vrp_route *r = &s->r[v];
    size_t nn = s->sh->nn, n = 0;
    saha_cost kc[KPOS];
    for (size_t pos = 0; pos <= r->len; pos++) {
        size_t a = pos > 0 ? r->seq[pos - 1] : inst->vehicles[v].start_node;
        size_t b = pos < r->len ? r->seq[pos] : inst->vehicles[v].end_node;
        saha_cost d =
            inst->cost[a * nn + c] + inst->cost[c * nn + b] - inst->cost[a * nn + b];
        size_t q = n < KPOS ? n++ : KPOS;
        if (q == KPOS) {
            if (d >= kc[KPOS - 1])
                continue;
            q = KPOS - 1;
        }
        while (q > 0 && kc[q - 1] > d) {
            kc[q] = kc[q - 1];
            k[q] = k[q - 1];
            q--;
        }
        kc[q] = d;
        k[q] = pos;
    }
    return n;
}

/* Pieces of route v with run [i, j) removed and c inserted at position k (k <= i or
 * k >= j; k == i or j: in the run's place). Returns the piece count. */
static size_t pieces(size_t v, size_t L, size_t i, size_t j, size_t k, size_t c,
                     vrp_piece *p)
{
    vrp_piece one = {VRP_NONE, 0, 0, 0, c};
    if (k == i || k == j) {
        p[0] = (vrp_piece){v, 0, i, 0, 0};
        p[1] = one;
        p[2] = (vrp_piece){v, j, L, 0, 0};
        return 3;
    }
    if (k < i) {
        p[0] = (vrp_piece){v, 0, k, 0, 0};
        p[1] = one;
        p[2] = (vrp_piece){v, k, i, 0, 0};
        p[3] = (vrp_piece){v, j, L, 0, 0};
    } else {
        p[0] = (vrp_piece){v, 0, i, 0, 0};
        p[1] = (vrp_piece){v, j, k, 0, 0};
        p[2] = one;
        p[3] = (vrp_piece){v, k, L, 0, 0};
    }
    return 4;
}

/* Route cost change of the candidate (run [i, j) out, c at k) in O(1) from arc costs
 * and the route's prefix sums; valid without a balance term or day cost (else the
 * caller uses saha__vrp_piece_cost). */
static saha_cost quick_delta(const vrp_sol *s, size_t v, size_t i, size_t j, size_t k,
                             size_t c)
{
    const saha_vrp *inst = s->sh->inst;
    const saha_cost *cost = inst->cost;
    const vrp_route *r = &s->r[v];
    size_t nn = s->sh->nn, L = r->len;
    size_t a = i > 0 ? r->seq[i - 1] : inst->vehicles[v].start_node;
    size_t b = j < L ? r->seq[j] : inst->vehicles[v].end_node;
    saha_cost out = cost[a * nn + r->seq[i]] + (r->pc[j - 1] - r->pc[i]) +
                    cost[r->seq[j - 1] * nn + b];
    size_t p, q;
    if (k == i || k == j)
        return cost[a * nn + c] + cost[c * nn + b] - out;
    /* the run's ends join; c goes between two kept visits p, q */
    p = k > 0 ? r->seq[k - 1] : inst->vehicles[v].start_node;
    q = k < L ? r->seq[k] : inst->vehicles[v].end_node;
    return cost[a * nn + b] - out + cost[p * nn + c] + cost[c * nn + q] -
           cost[p * nn + q];
}

size_t saha__vrp_replace(vrp_sol *s, vrp_work *w, size_t c)
{
    const vrp_shared *sh = s->sh;
    saha_cost pc = sh->eprize[c], best = 0;
    size_t bv = VRP_NONE, bi = 0, bj = 0, bk = 0;
    int quick = sh->inst->balance <= 0 && !sh->inst->day_cost;
    vrp_eval e;

    for (size_t v = 0; v < sh->nv; v++) {
        const vrp_route *r = &s->r[v];
        size_t L = r->len, kp[KPOS + 1], nk;
        if (!sh->allowed[v * sh->nc + c] || L == 0)
            continue;
        nk = cheap_positions(s, c, v, kp);
        for (size_t i = 0; i < L; i++) {
            saha_cost run = 0;
            for (size_t j = i + 1; j <= L; j++) {
                run += sh->eprize[r->seq[j - 1]];
                if (run >= pc)
                    break; /* longer runs are worth more still */
                /* c in the run's place, or at one of its cheapest positions */
                kp[nk] = i;
                for (size_t t = 0; t <= nk; t++) {
                    vrp_piece p[4];
                    size_t k = kp[t], np;
                    saha_cost gain;
                    if (k > i && k < j)
                        continue;
                    if (t < nk && (k == i || k == j))
                        continue; /* the in-place candidate comes last */
                    np = pieces(v, L, i, j, k, c, p);
                    gain = pc - run -
                           (quick ? quick_delta(s, v, i, j, k, c)
                                  : saha__vrp_piece_cost(s, v, p, np) - r->cost);
                    if (gain <= best || !saha__vrp_eval(s, v, p, np, w->buf, &e))
                        continue;
                    best = gain;
                    bv = v;
                    bi = i;
                    bj = j;
                    bk = k;
                }
            }
        }
    }
    if (bv == VRP_NONE)
        return 0;
    {
        vrp_route *r = &s->r[bv];
        size_t n = bj - bi, np;
        vrp_piece p[4];
        np = pieces(bv, r->len, bi, bj, bk, c, p);
        /* the removed run, before the route changes (w->buf2 is free here) */
        for (size_t k = 0; k < n; k++)
            w->buf2[k] = r->seq[bi + k];
        saha__vrp_apply(s, bv, p, np, w->buf);
        return n;
    }
}
