/* rng: the portable PRNG (xoshiro256**, seeded by splitmix64). */
#include <stdint.h>

#include "internal/core.h"

/* ---- PRNG: xoshiro256** seeded through splitmix64 ----------------------------- */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t saha__rng_mix(uint64_t x)
{
    return splitmix64(&x);
}

void saha__rng_seed(saha__rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t saha__rng_next(saha__rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t saha__rng_below(saha__rng *r, uint64_t n)
{
    uint64_t x, lim;
    if (n <= 1)
        return 0;
    lim = UINT64_MAX - UINT64_MAX % n;
    do
        x = saha__rng_next(r);
    while (x >= lim);
    return x % n;
}

double saha__rng_double(saha__rng *r)
{
    return (double)(saha__rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}
