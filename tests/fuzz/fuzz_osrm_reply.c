/* libFuzzer harness: the OSRM Table reply parser (saha_matrix__parse_osrm) on a memory
 * buffer. The first two bytes choose the table shape (1..4 sources x 1..4 destinations),
 * the rest is the reply body.
 * Invariants checked (abort on failure): the status is one the parser documents
 * (OK, EPARSE, ENOTFOUND, ENET) and a failure sets a message; on success every entry
 * written is finite and in [0, 1e9], and no entry outside the table is touched. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"
#include "internal/matrix_parse.h"
#include "saha.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

#define STRIDE 6

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const src[4] = {"S0", "S1", "S2", "S3"};
    static const char *const dst[4] = {"D0", "D1", "D2", "D3"};
    float dur[4 * STRIDE], dist[4 * STRIDE];
    saha_ctx *ctx = NULL;
    size_t ns, nd;
    saha_status rc;

    if (size < 2)
        return 0;
    ns = 1 + data[0] % 4;
    nd = 1 + data[1] % 4;
    for (size_t i = 0; i < 4 * STRIDE; i++)
        dur[i] = dist[i] = -1.0f;
    if (saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return 0;
    rc = saha_matrix__parse_osrm(ctx, "fuzz", (const char *)data + 2, size - 2,
                                 (const char *const *)src, ns, (const char *const *)dst,
                                 nd, dur, dist, STRIDE);
    check(rc == SAHA_OK || rc == SAHA_EPARSE || rc == SAHA_ENOTFOUND || rc == SAHA_ENET);
    if (rc != SAHA_OK) {
        check(saha_ctx_last_error(ctx)->message[0] != '\0');
    } else {
        for (size_t s = 0; s < 4; s++)
            for (size_t d = 0; d < STRIDE; d++) {
                float t = dur[s * STRIDE + d], m = dist[s * STRIDE + d];
                if (s < ns && d < nd)
                    check(isfinite(t) && isfinite(m) && t >= 0 && m >= 0 && t <= 1e9f &&
                          m <= 1e9f);
                else
                    check(t == -1.0f && m == -1.0f);
            }
    }
    saha_ctx_free(ctx);
    return 0;
}
