/* libFuzzer harness: the Nominatim reply parser (saha_geocode__parse_nominatim) on a
 * memory buffer (the whole input is the reply body); invariants in geocode_reply_check.h.
 */
#include "fuzz.h"
#include "geocode_reply_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_geocode_reply(saha_geocode__parse_nominatim, data, size);
}
