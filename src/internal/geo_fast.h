/* Fast ellipsoidal distance for bulk work (distance matrices, neighbour searches).
 *
 * Method: Lambert's (1942) long-line formula, as given by Andoyer and Lambert. Each
 * point is prepared once: its parametric (reduced) latitude beta, tan(beta) =
 * (1 - f) tan(lat), as a unit vector on the auxiliary sphere. For a pair, the central
 * angle sigma comes from the chord between the two unit vectors (2 asin(c / 2): exact
 * for short legs, unlike acos of a dot product), and the flattening correction
 *   d = a (sigma - f/2 (X + Y)),
 *   X = (sigma - sin sigma) sin^2 P cos^2 Q / cos^2(sigma/2),
 *   Y = (sigma + sin sigma) cos^2 P sin^2 Q / sin^2(sigma/2),
 *   P = (beta1 + beta2) / 2, Q = (beta2 - beta1) / 2
 * uses sin P cos Q = (sin b1 + sin b2) / 2 and cos P sin Q = (sin b2 - sin b1) / 2, so
 * no trigonometric call is needed per pair apart from one asin (a series for legs up
 * to ~3,800 km) and sin(sigma) = 2 sin(sigma/2) cos(sigma/2) is two square roots.
 * The error is of order f^2 relative (~1e-5 at worst, a few metres over 1,000 km);
 * tests/unit/test_geo.c and tests/bench/ measure it against geod_inverse (PROJ).
 * Cost: ~20 ns per pair instead of ~1 us for geod_inverse. */
#ifndef SAHA_INTERNAL_GEO_FAST_H
#define SAHA_INTERNAL_GEO_FAST_H

#include <math.h>

#include "saha/geo.h"

#define SAHA_GEO__A 6378137.0
#define SAHA_GEO__F (1.0 / 298.257223563)

/* A point prepared for saha_geo__fast_m: unit vector of its parametric latitude. */
typedef struct saha_geo__pt {
    double x, y, z; /* z = sin(beta) */
} saha_geo__pt;

static inline saha_geo__pt saha_geo__prepare(saha_latlon p)
{
    const double d2r = 3.14159265358979323846 / 180.0;
    double phi = p.lat_deg * d2r, lam = p.lon_deg * d2r;
    /* beta from atan2 keeps the poles exact (tan(phi) is infinite there) */
    double beta = atan2((1.0 - SAHA_GEO__F) * sin(phi), cos(phi));
    double cb = cos(beta);
    saha_geo__pt r;
    r.x = cb * cos(lam);
    r.y = cb * sin(lam);
    r.z = sin(beta);
    return r;
}

/* asin(x) for 0 <= x <= 1: its Maclaurin series (8 terms, Horner in x^2) below 0.3,
 * where the first omitted term is < 1e-11 relative, else the C library's. The matrix
 * calls this ~12.5 M times for 5,000 points; the series is ~4x faster than asin(). */
static inline double saha_geo__asin(double x)
{
    if (x < 0.3) {
        double z = x * x;
        return x *
               (1.0 +
                z * (1.0 / 6 +
                     z * (3.0 / 40 +
                          z * (5.0 / 112 +
                               z * (35.0 / 1152 +
                                    z * (63.0 / 2816 +
                                         z * (231.0 / 13312 + z * (143.0 / 10240))))))));
    }
    return asin(x);
}

/* Distance in metres between two prepared points (see the comment at the top). */
static inline double saha_geo__fast_m(const saha_geo__pt *a, const saha_geo__pt *b)
{
    double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
    double c2 = dx * dx + dy * dy + dz * dz; /* chord^2 = 4 sin^2(sigma/2) */
    double s2h, c2h, sh, sigma, ssig, spcq, cpsq, x, y;
    if (c2 <= 0.0)
        return 0.0;
    s2h = 0.25 * c2; /* sin^2(sigma/2) */
    if (s2h >= 1.0)
        s2h = 1.0;
    c2h = 1.0 - s2h;
    sh = sqrt(s2h);
    sigma = 2.0 * saha_geo__asin(sh);
    ssig = 2.0 * sh * sqrt(c2h); /* sin(sigma) = 2 sin(sigma/2) cos(sigma/2) */
    spcq = 0.5 * (a->z + b->z);
    cpsq = 0.5 * (b->z - a->z);
    x = c2h > 0.0 ? (sigma - ssig) * spcq * spcq / c2h : 0.0;
    y = (sigma + ssig) * cpsq * cpsq / s2h;
    return SAHA_GEO__A * (sigma - 0.5 * SAHA_GEO__F * (x + y));
}

#endif
