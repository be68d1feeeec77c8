/* geocode_provider: the provider table. One row per geocoding service: its name, public
 * base URL, default rate, whether it needs a key, its request URL builder and its reply
 * parser (geocode_<name>.c). geocode.c looks a provider up here instead of switching on
 * it; the provider names and cache keys are made here too. Uses the provider files and
 * geocode_query.c; used by geocode.c. */
#include <stdlib.h>

#include "internal/geocode_parse.h"

static const saha_geocode__provider_info providers[] = {
    {SAHA_GEOCODE_NOMINATIM, "nominatim", SAHA_GEOCODE_NOMINATIM_URL, 1.0, 0,
     saha_geocode__nominatim_url, saha_geocode__parse_nominatim},
    {SAHA_GEOCODE_PHOTON, "photon", SAHA_GEOCODE_PHOTON_URL, 1.0, 0,
     saha_geocode__photon_url, saha_geocode__parse_photon},
    {SAHA_GEOCODE_GOOGLE, "google", SAHA_GEOCODE_GOOGLE_URL, 10.0, 1,
     saha_geocode__google_url, saha_geocode__parse_google},
};

const saha_geocode__provider_info *saha_geocode__provider(saha_geocode_provider p)
{
    for (size_t i = 0; i < sizeof providers / sizeof providers[0]; i++)
        if (providers[i].id == p)
            return &providers[i];
    return NULL;
}

const char *saha_geocode_provider_name(saha_geocode_provider provider)
{
    const saha_geocode__provider_info *info = saha_geocode__provider(provider);
    return info ? info->name : "unknown";
}

saha_status saha_geocode_provider_parse(const char *name, saha_geocode_provider *out)
{
    if (!name || !out)
        return SAHA_EINVAL;
    for (size_t i = 0; i < sizeof providers / sizeof providers[0]; i++)
        if (saha__strcasecmp(name, providers[i].name) == 0) {
            *out = providers[i].id;
            return SAHA_OK;
        }
    return SAHA_EINVAL;
}

char *saha_geocode_cache_key(saha_ctx *ctx, saha_geocode_provider provider,
                             const saha_geocode_query *query)
{
    char *qk, *key;
    saha__buf b;
    if (!query)
        return NULL;
    qk = saha_geocode__query_key(ctx, query);
    if (!qk)
        return NULL;
    saha__buf_init(&b, ctx, SAHA__BUF_NOLIMIT);
    if (saha__buf_printf(&b, "%s\t%s", saha_geocode_provider_name(provider), qk) < 0) {
        saha__free(ctx, qk);
        saha__buf_free(&b);
        return NULL;
    }
    saha__free(ctx, qk);
    key = saha__buf_take(&b, NULL);
    return key;
}
