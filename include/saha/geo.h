/* saha/geo.h: coordinates, geodesic distance (PROJ's geodesic routines), a local metric
 * projection chosen for the data, and CRS transforms. A saha_geo owns one PJ_CONTEXT. */
#ifndef SAHA_GEO_H
#define SAHA_GEO_H

#include <stddef.h>

#include "saha/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A WGS84 position in degrees. */
typedef struct saha_latlon {
    double lat_deg;
    double lon_deg;
} saha_latlon;

/** A projected position in metres (easting, northing). */
typedef struct saha_xy {
    double x_m;
    double y_m;
} saha_xy;

/** Opaque PROJ-backed handle; create one per context (per thread). */
typedef struct saha_geo saha_geo;

/** Creates the geo handle with its own PJ_CONTEXT (PROJ logs go to ctx's log callback).
 *  @return SAHA_OK, SAHA_ENOMEM, SAHA_EPROJ */
SAHA_API saha_status saha_geo_create(saha_geo **out, saha_ctx *ctx);
/** NULL is a no-op. */
SAHA_API void saha_geo_free(saha_geo *geo);

/** Geodesic (WGS84 ellipsoid) distance between two points in degrees.
 *  @return metres; cannot fail (NaN for non-finite input). */
SAHA_API double saha_geo_distance_m(saha_latlon a, saha_latlon b);

/** Transforms n points in place from the CRS named by `crs` (e.g. "EPSG:3857",
 *  "EPSG:5254" or any PROJ string) to WGS84. On input x[i]/y[i] are the CRS's easting /
 *  northing (or lon / lat for geographic CRSs) in traditional GIS order; on output x is
 *  longitude and y latitude, in degrees.
 *  @return SAHA_OK; SAHA_EPROJ for an unknown CRS (message names it) or a point that
 *          cannot be transformed (message gives its index). */
SAHA_API saha_status saha_geo_to_wgs84(saha_geo *geo, const char *crs, double *x,
                                       double *y, size_t n);

/** A local metric projection fitted to a set of points: azimuthal equidistant on the
 *  WGS84 ellipsoid centred on the points' centroid (see geo.c for why). It uses its
 *  saha_geo's PJ_CONTEXT, so use it on that geo's thread only. */
typedef struct saha_geo_local saha_geo_local;

/** Fits a local projection to pts (NaN points are ignored; n may not be 0).
 *  @return SAHA_OK, SAHA_EINVAL (no finite point), SAHA_EPROJ, SAHA_ENOMEM */
SAHA_API saha_status saha_geo_local_create(saha_geo_local **out, saha_geo *geo,
                                           const saha_latlon *pts, size_t n);
/** NULL is a no-op. Free it before the saha_geo it was made from. */
SAHA_API void saha_geo_local_free(saha_geo_local *loc);
/** The PROJ definition of the projection (borrowed), e.g. "+proj=aeqd +lat_0=..". */
SAHA_API const char *saha_geo_local_definition(const saha_geo_local *loc);
/** Projects n points (WGS84 degrees) to metres. @return SAHA_OK or SAHA_EPROJ */
SAHA_API saha_status saha_geo_local_forward(const saha_geo_local *loc,
                                            const saha_latlon *in, saha_xy *out,
                                            size_t n);
/** Inverse of saha_geo_local_forward. @return SAHA_OK or SAHA_EPROJ */
SAHA_API saha_status saha_geo_local_inverse(const saha_geo_local *loc, const saha_xy *in,
                                            saha_latlon *out, size_t n);

#ifdef __cplusplus
}
#endif
#endif /* SAHA_GEO_H */
