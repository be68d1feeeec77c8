/* saha/http.h: the options of the HTTP client every online provider (OSRM, geocoding,
 * CalDAV) goes through: timeouts, retries with exponential backoff and jitter (5xx,
 * timeouts, 429), Retry-After, a rate limit, a response size cap, bounded redirects,
 * credentials, and the secrets redacted from every message and log line. TLS is always
 * verified. The client itself is internal (src/internal/http.h); callers hand these
 * options to saha_matrix_options, saha_geocoder_options, saha_roads_options and
 * saha_caldav_publish. */
#ifndef SAHA_HTTP_H
#define SAHA_HTTP_H

#include <stddef.h>

#include "saha/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SAHA_HTTP_OPTIONS_VERSION 1

/** Options of an HTTP client (OSRM, geocoding, CalDAV); fill with
 *  saha_http_options_init. */
typedef struct saha_http_options {
    unsigned version;        /**< SAHA_HTTP_OPTIONS_VERSION */
    const char *user_agent;  /**< NULL: "saha/VERSION (+https://github.com/saha)" */
    double rate_per_s;       /**< max requests per second; 0 = unlimited */
    long connect_timeout_ms; /**< default 10000 */
    long timeout_ms;         /**< whole request; default 30000 */
    unsigned max_retries;    /**< retries after the first try; default 4 */
    double backoff_base_s; /**< first backoff; doubles each retry (+ jitter); default 1 */
    double backoff_max_s;  /**< cap for one wait, Retry-After included; default 60 */
    size_t max_body;       /**< response cap in bytes; default 16 MiB */
    long max_redirects;    /**< default 3; redirects to another host are refused */
    const char *const *secrets; /**< NULL-terminated strings redacted as "***" */
    /** 1: every request on a new connection, closed after it (no keep-alive). A server
     *  that writes a reply's header and body in separate small segments stalls a
     *  reused connection ~40 ms per request (its Nagle waits for the client's delayed
     *  ACK); a fresh connection does not stall. Default 0 (reuse). */
    int fresh_connection;
    const char *username; /**< HTTP authentication (basic or digest); NULL = none */
    const char *password; /**< never logged */
    int netrc;            /**< 1: credentials from ~/.netrc when not given */
} saha_http_options;
/** Sets the defaults: the saha user agent, no rate limit, 10 s connect and 30 s request
 *  timeouts, 4 retries backing off from 1 s up to 60 s, 16 MiB replies, 3 redirects,
 *  reused connections, no credentials.
 *  @return SAHA_OK, or SAHA_EINVAL for NULL or an unknown version */
SAHA_API saha_status saha_http_options_init(saha_http_options *opts, unsigned version);

#ifdef __cplusplus
}
#endif
#endif /* SAHA_HTTP_H */
