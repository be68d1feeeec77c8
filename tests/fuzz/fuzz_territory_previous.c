/* libFuzzer harness: the previous-assignment reader (saha_territory_previous_parse, CSV).
 * Invariants (abort on failure): a failed parse returns nothing and sets an error; a
 * parsed assignment answers a lookup of an id that is not in it with NULL, and never
 * returns an empty territory. */
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
    saha_territory_previous *prev = NULL;

    if (size > (1u << 20) || saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return 0;
    if (saha_territory_previous_parse(&prev, ctx, "fuzz-prev.csv", (const char *)data,
                                      size) != SAHA_OK) {
        check(prev == NULL);
        check(saha_ctx_last_error(ctx)->code < 0);
        check(saha_ctx_last_error(ctx)->message[0] != '\0');
        goto done;
    }
    check(prev != NULL);
    check(saha_territory_previous_lookup(prev, "\x01no such id\x02") == NULL);
    {
        /* the ids of a simple "id,territory" input look up to their territory */
        const char *t = saha_territory_previous_lookup(prev, "A1");
        check(t == NULL || t[0] != '\0');
    }
done:
    saha_territory_previous_free(prev);
    saha_ctx_free(ctx);
    return 0;
}
