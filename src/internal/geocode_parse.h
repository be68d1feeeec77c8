/* Provider reply parsers of the geocode module, callable on a buffer (unit tests and the
 * fuzz harnesses in tests/fuzz/fuzz_{nominatim,photon,google}.c use them directly). */
#ifndef SAHA_INTERNAL_GEOCODE_PARSE_H
#define SAHA_INTERNAL_GEOCODE_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "internal/core.h"
#include "internal/http.h"
#include "saha/geocode.h"
#include "util/json.h"

#define SAHA_GEOCODE__MAX_CAND 10

/* One result of a provider reply. */
typedef struct saha_geocode__cand {
    double lat_deg, lon_deg;
    double quality; /* 0..1 */
    char display_name[256];
    char country_code[3]; /* lower case, "" unknown */
} saha_geocode__cand;

/* Google's "status" field (other providers: OK, or ZERO_RESULTS when empty). */
typedef enum saha_geocode__api_status {
    SAHA_GEOCODE__API_OK = 0,
    SAHA_GEOCODE__API_ZERO_RESULTS,
    SAHA_GEOCODE__API_OVER_QUERY_LIMIT, /* also OVER_DAILY_LIMIT (daily: stop) */
    SAHA_GEOCODE__API_OVER_DAILY_LIMIT,
    SAHA_GEOCODE__API_REQUEST_DENIED,
    SAHA_GEOCODE__API_INVALID_REQUEST,
    SAHA_GEOCODE__API_UNKNOWN_ERROR
} saha_geocode__api_status;

typedef struct saha_geocode__reply {
    size_t n;     /* candidates kept (at most SAHA_GEOCODE__MAX_CAND) */
    size_t total; /* results in the reply */
    saha_geocode__cand cand[SAHA_GEOCODE__MAX_CAND];
    saha_geocode__api_status api_status;
    char message[256]; /* Google's error_message, "" when none (NOT redacted) */
} saha_geocode__reply;

/* Each parses a whole reply body (need not be NUL-terminated). Results without valid
 * coordinates (non-numeric, out of range) are skipped. source names the reply in
 * messages.
 * @return SAHA_OK, SAHA_EPARSE (not JSON, or not the provider's shape; line/column set),
 *         SAHA_ENOMEM */
saha_status saha_geocode__parse_nominatim(saha_ctx *ctx, const char *source,
                                          const char *data, size_t len,
                                          saha_geocode__reply *out);
saha_status saha_geocode__parse_photon(saha_ctx *ctx, const char *source,
                                       const char *data, size_t len,
                                       saha_geocode__reply *out);
saha_status saha_geocode__parse_google(saha_ctx *ctx, const char *source,
                                       const char *data, size_t len,
                                       saha_geocode__reply *out);

/* What a request URL is built from: one lookup and the geocoder's settings. Each
 * provider reads the fields its API has and ignores the others. */
typedef struct saha_geocode__request {
    saha_http__client *http;        /* escapes the values */
    const char *base;               /* the endpoint's base URL */
    const saha_geocode_query *q;    /* the address */
    const char *cc;                 /* ISO country restriction; NULL none */
    const char *lang, *email, *key; /* NULL when absent */
    size_t limit;                   /* results asked */
} saha_geocode__request;

/* Request URLs: append BASE/path?query for r->q to url (values escaped with r->http). */
saha_status saha_geocode__nominatim_url(saha__buf *url, const saha_geocode__request *r);
saha_status saha_geocode__photon_url(saha__buf *url, const saha_geocode__request *r);
saha_status saha_geocode__google_url(saha__buf *url, const saha_geocode__request *r);

/* A row of the provider table (src/geocode_provider.c): what geocode.c needs to know of
 * a provider, so that adding one is a new geocode_<name>.c and a row. */
typedef struct saha_geocode__provider_info {
    saha_geocode_provider id;
    const char *name;     /* "nominatim": --provider, messages, cache keys */
    const char *base_url; /* the public service */
    double rate_per_s;    /* default requests per second */
    int needs_key;        /* refuses to start without an API key (unless offline) */
    saha_status (*url)(saha__buf *url, const saha_geocode__request *r);
    saha_status (*parse)(saha_ctx *ctx, const char *source, const char *data, size_t len,
                         saha_geocode__reply *out);
} saha_geocode__provider_info;

/* The table row of provider p; NULL when p is no provider. */
const saha_geocode__provider_info *saha_geocode__provider(saha_geocode_provider p);
/* The free-form text of a query: text, else the structured parts joined with ", ". */
saha_status saha_geocode__query_text(saha__buf *dst, const saha_geocode_query *q);
/* Appends "&name=<escaped value>" when value is non-empty. */
saha_status saha_geocode__param(saha__buf *url, saha_http__client *http, const char *name,
                                const char *value);
/* Copies a two-letter country code (a JSON string; anything else is ignored). */
void saha_geocode__country_code(saha_geocode__cand *c, const json_t *v);
/* The start of a provider parser: out zeroed, data[0..len) loaded as JSON. NULL (the
 * error set: "reply is not JSON", with its place) when it is not JSON. */
json_t *saha_geocode__reply_start(saha_ctx *ctx, const char *source, const char *data,
                                  size_t len, saha_geocode__reply *out);
/* The end of a provider parser: api_status OK or ZERO_RESULTS by the candidates kept,
 * root released. Returns SAHA_OK. */
saha_status saha_geocode__reply_done(saha_geocode__reply *out, json_t *root);
/* Appends the endpoint base without its trailing slashes. */
saha_status saha_geocode__base(saha__buf *url, const char *base);
/* Appends "&name=<escaped one-line query text>" (saha_geocode__query_text). */
saha_status saha_geocode__param_query(saha__buf *url, saha_http__client *http,
                                      const char *name, const saha_geocode_query *q);
/* Copies UTF-8 text into dst (cap bytes), cut on a character boundary. */
void saha_geocode__copy(char *dst, size_t cap, const char *src);

/* Normalises text for a cache key into a new string (saha__free): see
 * saha_geocode_cache_key. NULL on out of memory. */
char *saha_geocode__normalize(saha_ctx *ctx, const char *text);
/* The cache key without the provider prefix (the cache's query column), a new string
 * (saha__free); "" when the query has nothing to look up; NULL on out of memory. */
char *saha_geocode__query_key(saha_ctx *ctx, const saha_geocode_query *q);

/* ---- cache (src/geocode_cache.c) ---- */
typedef struct saha_geocode__cache saha_geocode__cache;
typedef struct saha_geocode__entry {
    saha_geocode_status status; /* OK, NOT_FOUND or AMBIGUOUS (provider answers only) */
    double lat_deg, lon_deg;    /* NaN when none */
    double quality;             /* NaN when none */
    char display_name[256];
    char country_code[3];
    size_t candidates;
    int64_t fetched_at; /* unix seconds */
} saha_geocode__entry;

/* Opens (creating, mode 0600, WAL) or, readonly, opens an existing cache. A corrupt file
 * is renamed to PATH.corrupt-<unix time> and recreated (warning logged) unless readonly.
 * @return SAHA_OK, SAHA_EIO, SAHA_ENOMEM */
saha_status saha_geocode__cache_open(saha_geocode__cache **out, saha_ctx *ctx,
                                     const char *path, int readonly);
void saha_geocode__cache_close(saha_geocode__cache *c);
/* Finds key; entries older than their TTL (ok/ambiguous: ttl_s, not_found: nf_ttl_s)
 * count as absent. now: unix seconds. @return SAHA_OK (found), SAHA_ENOTFOUND, SAHA_EIO
 */
saha_status saha_geocode__cache_get(saha_geocode__cache *c, const char *provider,
                                    const char *key, int64_t now, double ttl_s,
                                    double nf_ttl_s, saha_geocode__entry *out);
/* Stores (replacing) one answer, committed at once. @return SAHA_OK, SAHA_EIO */
saha_status saha_geocode__cache_put(saha_geocode__cache *c, const char *provider,
                                    const char *key, const saha_geocode__entry *e);

#endif
