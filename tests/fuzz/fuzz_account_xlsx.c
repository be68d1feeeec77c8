/* libFuzzer harness: the .xlsx account reader (libzip + expat under it) and validation.
 * Invariants checked (abort on failure): a failed load leaves no set; rows_read == count
 * + rejected; every valid id is found at its own index; every column has a name; a
 * sheet name the workbook lacks is refused (never read as the first sheet). */
#include <stdint.h>
#include <stdlib.h>

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
    saha_account_set *set = NULL, *other = NULL;
    saha_account_load_options o;
    saha_status rc;
    (void)saha_account_load_options_init(&o, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);

    if (saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return 0;
    o.format = SAHA_ACCOUNT_FORMAT_XLSX;
    o.max_bytes = 4u << 20;
    rc = saha_account_parse(&set, ctx, "fuzz.xlsx", (const char *)data, size, &o);
    if (rc != SAHA_OK) {
        check(set == NULL);
        goto done;
    }
    check(saha_account_rows_read(set) ==
          saha_account_count(set) + saha_account_rejected_count(set));
    for (size_t i = 0; i < saha_account_count(set); i++) {
        const saha_account *a = saha_account_at(set, i);
        check(a != NULL && saha_account_find(set, a->id) == i);
        check(!a->has_coords || (a->lat_deg >= -90 && a->lat_deg <= 90));
    }
    for (size_t i = 0; i < saha_account_column_count(set); i++)
        check(saha_account_column_name(set, i) != NULL);
    o.sheet = "\x01 no such sheet";
    check(saha_account_parse(&other, ctx, "fuzz.xlsx", (const char *)data, size, &o) !=
              SAHA_OK &&
          other == NULL);
done:
    saha_account_set_free(other);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
    return 0;
}
