/* libFuzzer harness: the account CSV reader, validation and the CSV writer.
 * Invariants checked (abort on failure): rows_read == count + rejected; every valid id is
 * found at its own index; the strict load succeeds only when nothing was rejected;
 * writing the set and reading the output again keeps every valid account valid (and gives
 * the same count when nothing was rejected). */
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
    saha_account_set *set = NULL, *strict = NULL, *again = NULL;
    saha_account_load_options o;
    char *out = NULL;
    size_t outlen = 0;
    saha_status rc, rc_strict;
    FILE *f;
    (void)saha_account_load_options_init(&o, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);

    if (saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return 0;
    o.format = SAHA_ACCOUNT_FORMAT_CSV;
    o.max_bytes = 1u << 20;
    rc = saha_account_parse(&set, ctx, "fuzz.csv", (const char *)data, size, &o);
    o.strict = 1;
    rc_strict =
        saha_account_parse(&strict, ctx, "fuzz.csv", (const char *)data, size, &o);
    if (rc != SAHA_OK) {
        check(set == NULL && rc_strict != SAHA_OK);
        goto done;
    }
    check(saha_account_rows_read(set) ==
          saha_account_count(set) + saha_account_rejected_count(set));
    check((rc_strict == SAHA_OK) == (saha_account_rejected_count(set) == 0));
    if (rc_strict == SAHA_OK)
        check(saha_account_count(strict) == saha_account_count(set));
    for (size_t i = 0; i < saha_account_count(set); i++) {
        const saha_account *a = saha_account_at(set, i);
        check(a != NULL && saha_account_find(set, a->id) == i);
        check(a->probability >= 0 && a->probability <= 1);
        check(!a->has_coords || (a->lat_deg >= -90 && a->lat_deg <= 90));
        check(saha_account_get_column(set, i, "id") != NULL);
    }
    for (size_t i = 0; i < saha_account_issue_count(set); i++)
        check(saha_account_issue_at(set, i)->message != NULL);
    if (saha_account_count(set) > 0) {
        saha_latlon p = {40.5, 29.25};
        check(saha_account_update_extra(set, 0, "fuzz_extra", "x,\"y\"") == SAHA_OK);
        check(saha_account_update_coords(set, 0, p) == SAHA_OK);
    }
    f = open_memstream(&out, &outlen);
    if (!f)
        goto done;
    check(saha_account_write_csv(f, ctx, set, NULL) == SAHA_OK);
    fclose(f);
    o.strict = 0;
    o.delimiter = saha_account_delimiter(set);
    o.max_bytes = 0;
    check(saha_account_parse(&again, ctx, "again.csv", out, outlen, &o) == SAHA_OK);
    /* every valid account is still valid (a rejected row may turn valid: e.g. a NUL byte
     * is written back as U+FFFD) */
    check(saha_account_count(again) >= saha_account_count(set));
    for (size_t i = 0; i < saha_account_count(set); i++)
        check(saha_account_find(again, saha_account_at(set, i)->id) != SIZE_MAX);
    if (saha_account_rejected_count(set) == 0)
        check(saha_account_count(again) == saha_account_count(set));
done:
    free(out);
    saha_account_set_free(again);
    saha_account_set_free(strict);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
    return 0;
}
