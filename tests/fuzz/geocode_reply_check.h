/* Shared body of the geocoder reply harnesses (fuzz_nominatim.c, fuzz_photon.c,
 * fuzz_google.c): runs one reply parser on the whole input and checks its invariants,
 * abort() on failure: the status is SAHA_OK or SAHA_EPARSE and a failure sets a message;
 * on success at most SAHA_GEOCODE__MAX_CAND candidates are kept, no more than the reply
 * had, each with finite coordinates in range, a quality in [0, 1], and NUL-terminated
 * strings within their buffers. */
#ifndef SAHA_FUZZ_GEOCODE_REPLY_CHECK_H
#define SAHA_FUZZ_GEOCODE_REPLY_CHECK_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal/geocode_parse.h"
#include "saha.h"

typedef saha_status (*fuzz_geocode_parse_fn)(saha_ctx *ctx, const char *source,
                                             const char *data, size_t len,
                                             saha_geocode__reply *out);

static inline void fuzz_check(int ok)
{
    if (!ok)
        abort();
}

static inline int fuzz_geocode_reply(fuzz_geocode_parse_fn parse, const uint8_t *data,
                                     size_t size)
{
    saha_ctx *ctx = NULL;
    saha_geocode__reply r;
    saha_status rc;

    if (saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return 0;
    rc = parse(ctx, "fuzz", (const char *)data, size, &r);
    fuzz_check(rc == SAHA_OK || rc == SAHA_EPARSE);
    if (rc != SAHA_OK) {
        fuzz_check(saha_ctx_last_error(ctx)->message[0] != '\0');
    } else {
        fuzz_check(r.n <= SAHA_GEOCODE__MAX_CAND && r.n <= r.total);
        fuzz_check(memchr(r.message, '\0', sizeof r.message) != NULL);
        for (size_t i = 0; i < r.n; i++) {
            const saha_geocode__cand *c = &r.cand[i];
            fuzz_check(isfinite(c->lat_deg) && isfinite(c->lon_deg));
            fuzz_check(fabs(c->lat_deg) <= 90 && fabs(c->lon_deg) <= 180);
            fuzz_check(c->quality >= 0 && c->quality <= 1);
            fuzz_check(memchr(c->display_name, '\0', sizeof c->display_name) != NULL);
            fuzz_check(strlen(c->country_code) <= 2);
        }
    }
    saha_ctx_free(ctx);
    return 0;
}

#endif
