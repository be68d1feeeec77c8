/* libFuzzer harness: the rep file reader (saha_rep_parse, JSON). Invariants (abort on
 * failure): a failed parse sets an error with a code and a message naming the source; a
 * parsed rep has NUL-terminated strings, a working day inside the day, a lunch window
 * inside the day, a day mask of at most 7 bits and no negative limits. */
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
    saha_rep rep;

    if (size > (1u << 20) || saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return 0;
    if (saha_rep_parse(&rep, ctx, "fuzz-rep.json", (const char *)data, size) != SAHA_OK) {
        const saha_error *e = saha_ctx_last_error(ctx);
        check(e->code < 0);
        check(e->message[0] != '\0');
        check(memchr(e->message, '\0', sizeof e->message) != NULL);
    } else {
        check(memchr(rep.name, '\0', sizeof rep.name) != NULL);
        check(memchr(rep.timezone, '\0', sizeof rep.timezone) != NULL);
        check(memchr(rep.currency, '\0', sizeof rep.currency) != NULL);
        check((rep.days_mask & 0x80u) == 0);
        check(rep.day_start_min >= 0 && rep.day_start_min <= rep.day_end_min &&
              rep.day_end_min <= 1440);
        check(rep.lunch_min >= 0 && rep.max_drive_min >= 0 && rep.max_visits >= 0);
        check(!(rep.max_km < 0) && !(rep.cost_per_km < 0) && !(rep.cost_per_hour < 0));
        check(isnan(rep.home.lat_deg) ||
              (rep.home.lat_deg >= -90 && rep.home.lat_deg <= 90));
    }
    saha_ctx_free(ctx);
    return 0;
}
