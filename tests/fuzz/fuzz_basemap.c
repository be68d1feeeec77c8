/* libFuzzer harness: the basemap GeoJSON reader (saha_basemap_parse) on a memory buffer.
 * Invariants checked (abort on failure): a failure sets an error message and leaves the
 * handle NULL; on success the counts add up (every ring and line is a part, land rings
 * are counted), every stored point is in range, the land test answers -1, 0 or 1, and the
 * water length of a short line is unknown (-1) or within [0, its length + 1 m]. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"
#include "internal/basemap.h"
#include "saha.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    saha_ctx *ctx = NULL;
    saha_basemap *bm = (saha_basemap *)1;
    size_t rings, lines, places, land = 0;
    saha_latlon a = {40.1, 29.1}, b = {40.12, 29.13};
    double w;
    int l;

    if (saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return 0;
    if (saha_basemap_parse(&bm, ctx, "fuzz.geojson", (const char *)data, size) !=
        SAHA_OK) {
        check(bm == NULL);
        check(saha_ctx_last_error(ctx)->message[0] != '\0');
        goto done;
    }
    saha_basemap_counts(bm, &rings, &lines, &places);
    check(rings + lines == bm->nparts && places == bm->nplaces);
    for (size_t i = 0; i < bm->nparts; i++) {
        check(bm->parts[i].first + bm->parts[i].n <= bm->npts);
        land += bm->parts[i].kind == SAHA_BASEMAP__LAND;
    }
    check(land == bm->nland);
    for (size_t i = 0; i < bm->npts; i++)
        check(fabs(bm->pts[i].lat_deg) <= 90 && fabs(bm->pts[i].lon_deg) <= 180);
    for (size_t i = 0; i < bm->nplaces; i++)
        check(bm->places[i].name && bm->places[i].name[0]);
    l = saha_basemap_is_land(bm, a);
    check(l >= -1 && l <= 1);
    w = saha_basemap_water_m(bm, a, b);
    check(w == -1 || (w >= 0 && w <= saha_geo_distance_m(a, b) + 1));
done:
    saha_basemap_free(bm);
    saha_ctx_free(ctx);
    return 0;
}
