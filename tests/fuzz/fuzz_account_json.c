/* libFuzzer harness: the account JSON / GeoJSON readers (format by content) and the CSV
 * writer. Invariants (abort on failure): rows_read == count + rejected; ids found at
 * their own index; a JSON-derived set written as CSV reads back with every valid account
 * valid and its coordinates. */
#include <stdint.h>
#include <stdio.h>
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
    saha_account_set *set = NULL, *again = NULL;
    saha_account_load_options o;
    char *out = NULL;
    size_t outlen = 0;
    FILE *f;
    (void)saha_account_load_options_init(&o, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);

    if (saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return 0;
    o.format = SAHA_ACCOUNT_FORMAT_JSON;
    o.max_bytes = 1u << 20;
    if (saha_account_parse(&set, ctx, "fuzz.json", (const char *)data, size, &o) !=
        SAHA_OK) {
        check(set == NULL && saha_ctx_last_error(ctx)->code != SAHA_OK);
        goto done;
    }
    check(saha_account_rows_read(set) ==
          saha_account_count(set) + saha_account_rejected_count(set));
    for (size_t i = 0; i < saha_account_count(set); i++)
        check(saha_account_find(set, saha_account_at(set, i)->id) == i);
    f = open_memstream(&out, &outlen);
    if (!f)
        goto done;
    check(saha_account_write_csv(f, ctx, set, NULL) == SAHA_OK);
    fclose(f);
    o.format = SAHA_ACCOUNT_FORMAT_CSV;
    o.delimiter = ',';
    o.max_bytes = 0;
    if (saha_account_count(set) > 0) {
        check(saha_account_parse(&again, ctx, "again.csv", out, outlen, &o) == SAHA_OK);
        /* valid accounts stay valid; JSON-only problems (a Polygon geometry, a nested
         * value in a known field) may read as valid CSV */
        check(saha_account_count(again) >= saha_account_count(set));
        for (size_t i = 0; i < saha_account_count(set); i++) {
            size_t j = saha_account_find(again, saha_account_at(set, i)->id);
            check(j != SIZE_MAX);
            check(saha_account_at(again, j)->has_coords ==
                  saha_account_at(set, i)->has_coords);
        }
    }
done:
    free(out);
    saha_account_set_free(again);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
    return 0;
}
