/* libFuzzer harness: opening hours and dates. Invariants (abort on failure): parsed hours
 * are sorted, non-overlapping spans within a day; format then parse gives the same hours;
 * is_open agrees with the spans; a parsed date-time is a real calendar date. */
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
    char *text;
    saha_hours h, back;
    saha_datetime t;
    char fmt[1024];

    if (size > 4096 || saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return 0;
    text = malloc(size + 1);
    if (!text) {
        saha_ctx_free(ctx);
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    if (saha_hours_parse(&h, ctx, text) == SAHA_OK) {
        int n;
        for (int d = 0; d < 7; d++) {
            check(h.nspans[d] <= SAHA_HOURS_MAX_SPANS);
            for (int k = 0; k < h.nspans[d]; k++) {
                check(h.span[d][k].open_min >= 0 &&
                      h.span[d][k].open_min < h.span[d][k].close_min);
                check(h.span[d][k].close_min <= 1440);
                if (k)
                    check(h.span[d][k - 1].close_min < h.span[d][k].open_min);
                check(saha_hours_is_open(&h, d, h.span[d][k].open_min));
                if (h.span[d][k].close_min < 1440)
                    check(!saha_hours_is_open(&h, d, h.span[d][k].close_min));
            }
        }
        n = saha_hours_format(&h, fmt, sizeof fmt);
        check(n > 0);
        check(saha_hours_parse(&back, ctx, fmt) == SAHA_OK);
        check(memcmp(&h, &back, sizeof h) == 0);
    } else {
        check(saha_ctx_last_error(ctx)->code == SAHA_EPARSE);
        check(strstr(saha_ctx_last_error(ctx)->message, "invalid opening hours '") !=
              NULL);
    }
    if (saha_datetime_parse(text, &t) == 0)
        check(t.month >= 1 && t.month <= 12 && t.day >= 1 && t.day <= 31 &&
              t.hour <= 23 && t.minute <= 59); /* hour, minute unsigned */
    free(text);
    saha_ctx_free(ctx);
    return 0;
}
