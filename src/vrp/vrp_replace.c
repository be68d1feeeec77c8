/* Segment replacement: an unvisited customer takes the place of a run of visits worth
 * less than it.
 *
 * Method (the "priority replace" idea of VROOM's local search, generalised from route
 * ends to any run): for unvisited customer c and every route v that may serve it, every
 * run seq[i..j) of consecutive visits whose prizes sum below c's is a candidate:
 * route v becomes seq[0..i) c seq[j..len). The gain is eprize[c] minus the run's
 * prizes minus the route's cost change; the best feasible candidate with a positive
 * gain is applied, and the customers it removed are handed back for the local search
 * to queue (they may fit on another day). Runs are scanned by growing j, so the prize sum
 * only grows and the scan of one i stops at the first run worth as much as c (prizes are
 * not negative); the cost change is O(1) (prefix sums) and feasibility is evaluated only
 * for a candidate better than the best so far. This lets a visit of high value into a
 * full day, where inserting it fails and swapping it for one neighbour is not enough.
 * Complexity: O(V * L * R) cost evaluations for V routes of length L and runs of up
 * to R visits (R <= L, cut by the prize bound), O(len) time checks only on new bests.
 * Invariants: the solution stays feasible; required customers are never removed (their
 * bonus prize exceeds any unvisited customer's). Caller: vrp_ls.c (unvisited customers,
 * after insertion and the one-for-one replacement failed). */
#include "vrp/vrp_engine.h"

size_t saha__vrp_replace(vrp_sol *s, vrp_work *w, size_t c)
{
    const vrp_shared *sh = s->sh;
    saha_cost pc = sh->eprize[c], best = 0;
    size_t bv = VRP_NONE, bi = 0, bj = 0;
    vrp_eval e;

    for (size_t v = 0; v < sh->nv; v++) {
        const vrp_route *r = &s->r[v];
        size_t L = r->len;
        if (!sh->allowed[v * sh->nc + c] || L == 0)
            continue;
        for (size_t i = 0; i < L; i++) {
            saha_cost run = 0;
            for (size_t j = i + 1; j <= L; j++) {
                saha_cost gain;
                run += sh->eprize[r->seq[j - 1]];
                if (run >= pc)
                    break; /* longer runs are worth more still */
                {
                    vrp_piece p[3] = {
                        {v, 0, i, 0, 0}, {VRP_NONE, 0, 0, 0, c}, {v, j, L, 0, 0}};
                    gain = pc - run - (saha__vrp_piece_cost(s, v, p, 3) - r->cost);
                    if (gain <= best || !saha__vrp_eval(s, v, p, 3, w->buf, &e))
                        continue;
                }
                best = gain;
                bv = v;
                bi = i;
                bj = j;
            }
        }
    }
    if (bv == VRP_NONE)
        return 0;
    {
        vrp_route *r = &s->r[bv];
        size_t L = r->len, n = bj - bi;
        vrp_piece p[3] = {{bv, 0, bi, 0, 0}, {VRP_NONE, 0, 0, 0, c}, {bv, bj, L, 0, 0}};
        /* the removed run, before the route changes (w->buf2 is free here) */
        for (size_t k = 0; k < n; k++)
            w->buf2[k] = r->seq[bi + k];
        saha__vrp_apply(s, bv, p, 3, w->buf);
        return n;
    }
}
