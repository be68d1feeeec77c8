/* Ruin step of the periodic VRP search: string removal around a seed customer.
 *
 * Method: the "slack induction by string removals" ruin of Christiaens & Vanden Berghe
 * (2020) carried over to the periodic problem. Draw a seed customer and walk its
 * neighbours by increasing cost; for each one not yet taken, pick one of the days it
 * is visited at random and, when that day's route has not been cut yet in this step,
 * cut a string of 1..l consecutive customers containing it out of that route. Every
 * customer of a string leaves the plan on all its days (its combination becomes free),
 * so the recreate step may move it to another combination. The number of strings k
 * and the string length l follow the SISR rule: l_max = min(10, mean route length),
 * k_max = 4 * avg_removed / (1 + l_max) - 1, k in [1, k_max], l in [1, min(l_max,
 * route length)].
 * Complexity: O(n) for the walk plus O(f * route length) per removed customer.
 * Invariants: w->removed lists each removed customer once; w->isrem marks them; the
 * ruined flags are cleared before returning. Caller: vrp_pvrp.c. */
#include <string.h>

#include "vrp/vrp_pvrp.h"

#define L_MAX 10
#define MAX_STRINGS 64

/* A random day of c's combination. */
static size_t random_day(const pv_sol *s, pv_work *w, size_t c)
{
    const pv_shared *sh = s->sh;
    uint32_t mask = sh->in->comb[s->comb[c]];
    size_t cnt = 0, pick;
    for (uint32_t m = mask; m; m &= m - 1)
        cnt++;
    pick = (size_t)saha__rng_below(&w->rng, cnt);
    for (size_t d = 0; d < sh->nd; d++)
        if ((mask >> d) & 1u) {
            if (pick == 0)
                return d;
            pick--;
        }
    return 0;
}

void saha__pv_ruin(pv_sol *s, pv_work *w, double avg_removed)
{
    const pv_shared *sh = s->sh;
    size_t n = sh->n, ks, nstr = 0, cut[MAX_STRINGS], seed;
    double lsmax = sh->avg_len < L_MAX ? sh->avg_len : L_MAX, ksmax;

    w->nrem = 0;
    if (n == 0 || s->nplaced == 0)
        return;
    ksmax = 4.0 * avg_removed / (1.0 + lsmax) - 1.0;
    if (ksmax < 1)
        ksmax = 1;
    if (ksmax > MAX_STRINGS)
        ksmax = MAX_STRINGS;
    ks = 1 + (size_t)saha__rng_below(&w->rng, (uint64_t)ksmax);
    do
        seed = (size_t)saha__rng_below(&w->rng, n);
    while (s->comb[seed] == VRP_NONE);
    for (size_t j = 0; j < n && nstr < ks; j++) {
        size_t c = sh->nbr[seed * n + j], d, r, len, lt, i, start;
        size_t str[L_MAX];
        const pv_route *rt;
        if (w->isrem[c] || s->comb[c] == VRP_NONE)
            continue;
        d = random_day(s, w, c);
        r = s->where[c * sh->nd + d];
        if (r == VRP_NONE || w->ruined[r])
            continue;
        rt = &s->r[r];
        len = rt->len;
        lt = (size_t)lsmax < len ? (size_t)lsmax : len;
        if (lt < 1)
            lt = 1;
        lt = 1 + (size_t)saha__rng_below(&w->rng, lt);
        for (i = 0; i < len && rt->seq[i] != c; i++)
            ;
        /* a window of lt positions containing i */
        {
            size_t lo = i + 1 >= lt ? i + 1 - lt : 0;
            size_t hi = i < len - lt ? i : len - lt;
            start = lo + (size_t)saha__rng_below(&w->rng, hi - lo + 1);
        }
        memcpy(str, rt->seq + start, lt * sizeof *str);
        w->ruined[r] = 1;
        cut[nstr++] = r;
        for (size_t k = 0; k < lt; k++) {
            size_t x = str[k];
            if (w->isrem[x])
                continue;
            saha__pv_remove(s, &w->u, x);
            w->isrem[x] = 1;
            w->removed[w->nrem++] = x;
        }
    }
    for (size_t k = 0; k < nstr; k++)
        w->ruined[cut[k]] = 0;
}
