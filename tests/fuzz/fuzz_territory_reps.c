/* libFuzzer harness: the territory reps file reader (saha_territory_reps_parse, CSV).
 * Invariants (abort on failure): a failed parse returns no set and sets an error; a
 * parsed set has unique non-empty ids, positive capacities, homes inside WGS84 bounds
 * (NaN when absent) and lines that increase. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "saha.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    saha_ctx *ctx = NULL;
    saha_territory_reps *reps = NULL;

    if (size > (1u << 20) || saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return 0;
    if (saha_territory_reps_parse(&reps, ctx, "fuzz-reps.csv", (const char *)data,
                                  size) != SAHA_OK) {
        check(reps == NULL);
        check(saha_ctx_last_error(ctx)->code < 0);
        check(saha_ctx_last_error(ctx)->message[0] != '\0');
        goto done;
    }
    check(reps != NULL);
    {
        size_t n = saha_territory_reps_count(reps);
        check(saha_territory_reps_at(reps, n) == NULL);
        for (size_t i = 0; i < n; i++) {
            const saha_territory_rep *r = saha_territory_reps_at(reps, i);
            check(r != NULL && r->id != NULL && r->name != NULL && r->id[0] != '\0');
            check(r->capacity > 0 && isfinite(r->capacity));
            if (r->has_home)
                check(r->home.lat_deg >= -90 && r->home.lat_deg <= 90 &&
                      r->home.lon_deg >= -180 && r->home.lon_deg <= 180);
            else
                check(isnan(r->home.lat_deg));
            if (i) {
                check(saha_territory_reps_at(reps, i - 1)->line < r->line);
                /* ids are unique (quadratic, but inputs are small) */
                for (size_t j = 0; j < i && j < 256; j++)
                    check(strcmp(saha_territory_reps_at(reps, j)->id, r->id) != 0);
            }
        }
    }
done:
    saha_territory_reps_free(reps);
    saha_ctx_free(ctx);
    return 0;
}
