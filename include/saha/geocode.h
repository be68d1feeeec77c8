/* saha/geocode.h: geocoding providers (Nominatim, Photon, Google) behind one handle, and
 * the SQLite answer cache.
 *
 * What leaves the machine: only the address text of each account (free-form or its
 * structured parts), to the one provider the caller chose, through the HTTP client set up
 * by saha_http_options (TLS always verified). A Google key is sent only to Google and
 * never appears in a message or log.
 *
 * The cache is keyed by provider name + normalised query (Turkish-aware case folding,
 * accents removed, whitespace collapsed), NOT by endpoint URL: answers fetched from a
 * self-hosted Nominatim serve lookups against the public one and the reverse. Every
 * answer is committed as it arrives, so an interrupted run loses nothing. */
#ifndef SAHA_GEOCODE_H
#define SAHA_GEOCODE_H

#include <stddef.h>

#include "saha/account.h"
#include "saha/error.h"
#include "saha/geo.h"
#include "saha/http.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Geocoding services. */
typedef enum saha_geocode_provider {
    SAHA_GEOCODE_NOMINATIM = 0, /**< default; https://nominatim.openstreetmap.org */
    SAHA_GEOCODE_PHOTON = 1,    /**< https://photon.komoot.io */
    SAHA_GEOCODE_GOOGLE = 2     /**< https://maps.googleapis.com, needs an API key */
} saha_geocode_provider;

/** Outcome of one lookup (also the geocode_status column). */
typedef enum saha_geocode_status {
    SAHA_GEOCODE_OK = 0,        /**< "ok": answered by the provider in this run */
    SAHA_GEOCODE_CACHED = 1,    /**< "cached": a good answer taken from the cache */
    SAHA_GEOCODE_NOT_FOUND = 2, /**< "not_found": the provider knows no such place */
    SAHA_GEOCODE_AMBIGUOUS = 3, /**< "ambiguous": results far apart, or outside the
                                     country/bbox asked for; coordinates not trusted */
    SAHA_GEOCODE_FAILED = 4,    /**< "failed": no usable answer (network, server error,
                                     bad reply); not cached, retried next run */
    SAHA_GEOCODE_SKIPPED = 5    /**< "skipped": not asked (no address, offline cache
                                     miss, provider stopped for this run) */
} saha_geocode_status;

/** Column value for a status: "ok", "cached", ... Never NULL. */
SAHA_API const char *saha_geocode_status_name(saha_geocode_status status);
/** Provider name ("nominatim", "photon", "google"); never NULL. */
SAHA_API const char *saha_geocode_provider_name(saha_geocode_provider provider);
/** Parses a provider name (ASCII case-insensitive).
 *  @return SAHA_OK, or SAHA_EINVAL for an unknown name */
SAHA_API saha_status saha_geocode_provider_parse(const char *name,
                                                 saha_geocode_provider *out);

#define SAHA_GEOCODE_NOMINATIM_URL "https://nominatim.openstreetmap.org"
#define SAHA_GEOCODE_PHOTON_URL "https://photon.komoot.io"
#define SAHA_GEOCODE_GOOGLE_URL "https://maps.googleapis.com"

#define SAHA_GEOCODER_OPTIONS_VERSION 1

/** How a geocoder is set up (saha_geocoder_create, which copies the strings); fill
 *  with saha_geocoder_options_init. */
typedef struct saha_geocoder_options {
    unsigned version; /**< SAHA_GEOCODER_OPTIONS_VERSION */
    saha_geocode_provider provider;
    const char *endpoint;      /**< base URL; NULL: the provider's public service */
    const char *api_key;       /**< Google: required; never logged */
    const char *email;         /**< Nominatim: sent as email= and in the User-Agent */
    const char *language;      /**< accept-language / lang / language; NULL: none */
    double rate_per_s;         /**< 0: default (1/s; Google 10/s). The public Nominatim
                                    refuses more than 1/s (its usage policy). */
    const char *cache_path;    /**< SQLite file (created 0600); NULL: no cache */
    double cache_ttl_days;     /**< answers older than this are refetched; default 90 */
    double not_found_ttl_days; /**< TTL of not_found answers; default 7 */
    int offline;               /**< cache only: never sends a request; the cache must
                                    exist, is opened read-only, and answers of any age
                                    are used (no TTL) */
    size_t limit;        /**< results asked per query (ambiguity check); default 5 */
    double ambiguous_km; /**< good results further apart than this: ambiguous; 5 */
    const saha_http_options *http; /**< timeouts/retries/backoff; NULL: defaults (the
                                        rate and user agent are set from above) */
} saha_geocoder_options;
/** Sets the defaults: Nominatim's public service, 1 request/s, no cache, answers kept
 *  90 days (not_found 7), 5 results a query, ambiguous past 5 km, the default HTTP
 *  options.
 *  @return SAHA_OK, or SAHA_EINVAL for NULL or an unknown version */
SAHA_API saha_status saha_geocoder_options_init(saha_geocoder_options *opts,
                                                unsigned version);

/** One address to look up. NULL or "" fields are absent. When any of street, city or
 *  district is given the structured form is used (Nominatim: street, district→county,
 *  city→state when a district is given (the Turkish il/ilçe pair) else city,
 *  postcode→postalcode, country); otherwise text is sent free-form. */
typedef struct saha_geocode_query {
    const char *text;
    const char *street, *city, *district, *postcode, *country;
} saha_geocode_query;

/** Checks applied to an answer (also to cached ones): a result outside them is
 *  ambiguous. */
typedef struct saha_geocode_filter {
    const char *country_code; /**< ISO 3166-1 alpha-2 ("TR"); NULL: any. Also sent to the
                                   provider as a restriction where the API has one. */
    int has_bbox;
    double south_deg, west_deg, north_deg, east_deg;
} saha_geocode_filter;
#define SAHA_GEOCODE_FILTER_INIT                                                         \
    {                                                                                    \
        NULL, 0, 0.0, 0.0, 0.0, 0.0                                                      \
    }

/** The answer to one lookup. */
typedef struct saha_geocode_result {
    saha_geocode_status status;
    saha_latlon pos; /**< OK/CACHED: the position; AMBIGUOUS: the best candidate
                          (not to be used as the account's position); else NaN */
    double quality;  /**< 0..1 from the provider (importance, type, location_type) */
    char display_name[256]; /**< the provider's name for the place, UTF-8 */
    char country_code[3];   /**< lower case, "" when the provider did not say */
    size_t candidates;      /**< results the provider gave */
    int from_cache;
} saha_geocode_result;

typedef struct saha_geocoder saha_geocoder;

/** Creates a geocoder: checks the options, opens (or creates) the cache. A corrupt cache
 *  file is renamed to PATH.corrupt-<unix time> and a fresh one created (logged as a
 *  warning).
 *  @return SAHA_OK; SAHA_EINVAL (bad option: unknown provider, Google without a key,
 *          more than 1/s against the public Nominatim, offline without a cache);
 *          SAHA_EIO (cache cannot be opened or created); SAHA_ENOMEM; SAHA_ENET */
SAHA_API saha_status saha_geocoder_create(saha_geocoder **out, saha_ctx *ctx,
                                          const saha_geocoder_options *opts);
/** NULL is a no-op. */
SAHA_API void saha_geocoder_free(saha_geocoder *g);

/** Looks one address up: cache first, then (unless offline) the provider; provider
 *  answers (ok, ambiguous, not_found) are cached at once.
 *  @param filter may be NULL
 *  @return SAHA_OK with out->status OK, CACHED, NOT_FOUND, AMBIGUOUS or SKIPPED (offline
 *          miss, empty query, provider stopped); SAHA_ENET/SAHA_EPARSE/SAHA_ELIMIT with
 *          out->status FAILED when no usable answer came (message set, redacted);
 *          SAHA_EIO when the cache cannot be written; SAHA_ENOMEM */
SAHA_API saha_status saha_geocode_lookup(saha_geocoder *g,
                                         const saha_geocode_query *query,
                                         const saha_geocode_filter *filter,
                                         saha_geocode_result *out);

/** Why the provider was stopped for this run (a 403, 429s that persisted after backoff,
 *  a rejected key), with what to do; NULL while it is usable. Borrowed. */
SAHA_API const char *saha_geocode_stopped(const saha_geocoder *g);

/** Provider requests made so far by this geocoder: one per lookup sent (the http
 *  layer's own retries are not counted; Google OVER_QUERY_LIMIT retries are). */
SAHA_API size_t saha_geocode_request_count(const saha_geocoder *g);

#define SAHA_GEOCODE_ACCOUNTS_OPTIONS_VERSION 1

/** Options of saha_geocode_accounts; fill with saha_geocode_accounts_options_init. */
typedef struct saha_geocode_accounts_options {
    unsigned version;           /**< SAHA_GEOCODE_ACCOUNTS_OPTIONS_VERSION */
    saha_geocode_filter filter; /**< country_code NULL: each account's own country when it
                                     is a 2-letter code */
    int force;                  /**< also accounts that already have coordinates */
    int dry_run;                /**< count cache hits and requests; change nothing */
    saha_progress_fn progress;  /**< called after each account needing work; may cancel */
    void *payload;
} saha_geocode_accounts_options;
/** Sets the defaults: no filter (each account's own country), no force, no dry run, no
 *  progress.
 *  @return SAHA_OK, or SAHA_EINVAL for NULL or an unknown version */
SAHA_API saha_status
saha_geocode_accounts_options_init(saha_geocode_accounts_options *opts, unsigned version);

/** Counts of one saha_geocode_accounts run (by status of the accounts it worked on). */
typedef struct saha_geocode_stats {
    size_t considered; /**< valid accounts needing geocoding (all with force) */
    size_t ok, cached, not_found, ambiguous, failed, skipped;
    size_t requests; /**< provider lookups made (dry run: lookups that would be made) */
    double est_seconds; /**< dry run: time those requests take at the rate limit */
    int provider_stopped;
    char message[SAHA_ERROR_SIZE]; /**< why it stopped (see saha_geocode_stopped) */
    int cache_write_failed; /**< the cache could not be written (e.g. disk full): answers
                                 from then on are set on the accounts but not cached */
    char cache_message[SAHA_ERROR_SIZE]; /**< the cache's error */
} saha_geocode_stats;

/** Geocodes every valid account of set that lacks coordinates (all with force): sets
 *  the coordinates of ok/cached answers (saha_account_update_coords) and the extra
 * columns geocode_status, geocode_quality ("%.3f", "" when none) and geocode_display_name
 * on each account it worked on. A failed row does not stop the run; a stopped provider
 *  marks the rest skipped. With dry_run nothing is changed or sent.
 *  @param[out] stats may be NULL
 *  @return SAHA_OK (also when rows failed, the provider stopped or the cache could not
 *          be written: see stats); SAHA_ECANCEL (progress asked to stop; rows done so
 *          far are set); SAHA_EIO (cache read); SAHA_ENOMEM; SAHA_EINVAL */
SAHA_API saha_status saha_geocode_accounts(saha_geocoder *g, saha_account_set *set,
                                           const saha_geocode_accounts_options *opts,
                                           saha_geocode_stats *stats);

/** The cache key for a query: provider name, a tab, then the normalised query
 *  ("q=nilufer,bursa,turkiye" or "street=..|district=..|city=.."). Folding: Turkish
 *  İ/I/ı and i all become i, accents removed (ç→c ğ→g ö→o ş→s ü→u), case folded, runs
 *  of blanks collapsed, blanks around commas dropped.
 *  @return the key in a new string (free with saha_geocode_free_string), NULL on out of
 *          memory (SAHA_ENOMEM set) */
SAHA_API char *saha_geocode_cache_key(saha_ctx *ctx, saha_geocode_provider provider,
                                      const saha_geocode_query *query);
/** Frees a string returned by this module. */
SAHA_API void saha_geocode_free_string(saha_ctx *ctx, char *s);

#ifdef __cplusplus
}
#endif
#endif /* SAHA_GEOCODE_H */
