/* libFuzzer harness: the Photon reply parser (saha_geocode__parse_photon) on a memory
 * buffer (the whole input is the reply body). Invariants checked (abort on failure): the
 * status is SAHA_OK or SAHA_EPARSE and a failure sets a message; on success at most
 * SAHA_GEOCODE__MAX_CAND candidates are kept, no more than the reply had, each with
 * finite coordinates in range, a quality in [0, 1], and NUL-terminated strings within
 * their buffers. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "internal/geocode_parse.h"
#include "saha.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    saha_ctx *ctx = NULL;
    saha_geocode__reply r;
    saha_status rc;

    if (saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return 0;
    rc = saha_geocode__parse_photon(ctx, "fuzz", (const char *)data, size, &r);
    check(rc == SAHA_OK || rc == SAHA_EPARSE);
    if (rc != SAHA_OK) {
        check(saha_ctx_last_error(ctx)->message[0] != '\0');
    } else {
        check(r.n <= SAHA_GEOCODE__MAX_CAND && r.n <= r.total);
        check(memchr(r.message, '\0', sizeof r.message) != NULL);
        for (size_t i = 0; i < r.n; i++) {
            const saha_geocode__cand *c = &r.cand[i];
            check(isfinite(c->lat_deg) && isfinite(c->lon_deg));
            check(fabs(c->lat_deg) <= 90 && fabs(c->lon_deg) <= 180);
            check(c->quality >= 0 && c->quality <= 1);
            check(memchr(c->display_name, '\0', sizeof c->display_name) != NULL);
            check(strlen(c->country_code) <= 2);
        }
    }
    saha_ctx_free(ctx);
    return 0;
}
