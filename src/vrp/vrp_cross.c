/* Cross-exchange between routes (Taillard, Badeau, Gendreau, Guertin and Potvin 1997,
 * "CROSS exchange"), one of the local search's inter-route moves.
 *
 * Method: for a visited customer c on route v and each of its first kmax nearest
 * neighbours x on another route v2, a segment A of 1-3 consecutive customers of v that
 * has c at one end is exchanged with a segment B of 1-3 consecutive customers of v2
 * that lies right next to x, so that c and x become adjacent:
 *   after x:  B = v2[j+1, j+1+lb), A goes where B was and starts with c;
 *   before x: B = v2[j-lb, j),     A goes where B was and ends with c;
 * A is either the segment starting at c (kept forward after x, reversed before x) or the
 * one ending at c (reversed after x, forward before x); B goes where A was, kept or
 * reversed. The 1-for-1 case is the plain swap, tried elsewhere, and is skipped. The
 * first exchange that lowers the two routes' cost is applied (first improvement, fixed
 * order: no randomness, so a search's result does not depend on threads).
 * Pruning: a side is tried only when the new arc between x and c is cheaper than the
 * arc of x that the exchange removes there (the gain criterion of neighbour-list 2-opt;
 * an improving exchange that fails it can still be found from its other end).
 * Complexity: at most kmax * 2 * 5 * 5 O(1) cost evaluations from prefix sums per call;
 * feasibility (vehicle windows: a customer only goes to a vehicle that may visit it,
 * caps, the time recursion with the break) only for improving candidates, O(len).
 * Invariants: the customer set is unchanged (prizes unchanged), the solution stays
 * feasible, every applied exchange strictly lowers the integer cost.
 * Caller: vrp_ls.c (moves_visited, after the cheaper moves of c found nothing). */
#include "vrp/vrp_engine.h"

/* A candidate for one of A's or B's roles: positions [a, b) of its route, reversed
 * or not, when placed in the other route. */
typedef struct cx_seg {
    size_t a, b;
    int rev;
} cx_seg;

/* Segments of route v at 1-3 customers with c (position i) at the end that faces the
 * insertion point: first == 1 when c must come first, 0 when last. Returns the count
 * written to out (at most 5). */
static size_t a_segments(size_t i, size_t L, int first, cx_seg *out)
{
    size_t n = 0;
    for (size_t la = 1; la <= 3; la++) {
        /* starting at c: forward puts c first, reversed puts c last */
        if (i + la <= L)
            out[n++] = (cx_seg){i, i + la, first ? 0 : 1};
        /* ending at c: forward puts c last, reversed puts c first (la 1: same as above)
         */
        if (la > 1 && i + 1 >= la)
            out[n++] = (cx_seg){i + 1 - la, i + 1, first ? 1 : 0};
    }
    return n;
}

int saha__vrp_cross(vrp_sol *s, vrp_work *w, size_t c, size_t kmax, size_t *other)
{
    const vrp_shared *sh = s->sh;
    const saha_vrp *inst = sh->inst;
    size_t nn = inst->nnodes;
    size_t v = s->route_of[c];
    if (v == VRP_NONE)
        return 0;
    size_t i = s->pos_of[c], L = s->r[v].len;
    const size_t *nb = sh->nbr + c * sh->knn;
    if (kmax > sh->knn)
        kmax = sh->knn;
    for (size_t k = 0; k < kmax; k++) {
        size_t x = nb[k], v2 = s->route_of[x];
        if (v2 == VRP_NONE || v2 == v)
            continue;
        size_t j = s->pos_of[x], L2 = s->r[v2].len;
        for (int side = 0; side < 2; side++) {
            cx_seg as[5];
            size_t na;
            /* Gain criterion as for neighbour-list 2-opt: the new arc between x and c
             * must be cheaper than the arc of x it replaces (x to B's near end). */
            if (side == 0 && j + 1 < L2 &&
                inst->cost[x * nn + c] >= inst->cost[x * nn + s->r[v2].seq[j + 1]])
                continue;
            if (side == 1 && j > 0 &&
                inst->cost[c * nn + x] >= inst->cost[s->r[v2].seq[j - 1] * nn + x])
                continue;
            na = a_segments(i, L, side == 0, as);
            for (size_t lb = 1; lb <= 3; lb++) {
                size_t b0, b1;
                if (side == 0) {
                    if (j + 1 + lb > L2)
                        break;
                    b0 = j + 1;
                    b1 = j + 1 + lb;
                } else {
                    if (j < lb)
                        break;
                    b0 = j - lb;
                    b1 = j;
                }
                for (size_t ia = 0; ia < na; ia++) {
                    const cx_seg *A = &as[ia];
                    if (A->b - A->a == 1 && lb == 1)
                        continue; /* the swap */
                    for (int rb = 0; rb < (lb > 1 ? 2 : 1); rb++) {
                        vrp_piece p1[3] = {
                            {v, 0, A->a, 0, 0}, {v2, b0, b1, rb, 0}, {v, A->b, L, 0, 0}};
                        vrp_piece p2[3] = {{v2, 0, b0, 0, 0},
                                           {v, A->a, A->b, A->rev, 0},
                                           {v2, b1, L2, 0, 0}};
                        saha_cost c1 = saha__vrp_piece_cost(s, v, p1, 3);
                        saha_cost c2 = saha__vrp_piece_cost(s, v2, p2, 3);
                        vrp_eval e1, e2;
                        if (c1 + c2 - s->r[v].cost - s->r[v2].cost >= 0)
                            continue;
                        if (!saha__vrp_eval(s, v, p1, 3, w->buf, &e1) ||
                            !saha__vrp_eval(s, v2, p2, 3, w->buf, &e2))
                            continue;
                        saha__vrp_apply2(s, v, p1, 3, v2, p2, 3, w->buf, w->buf2);
                        if (other)
                            *other = x;
                        return 1;
                    }
                }
            }
        }
    }
    return 0;
}
