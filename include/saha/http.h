/* saha/http.h: the one libcurl wrapper every online provider goes through: timeouts,
 * retries with exponential backoff and jitter (5xx, timeouts, 429), Retry-After, a rate
 * limit, a response size cap, bounded redirects, TLS always verified, and redaction of
 * secrets (API keys) from every message and log line. */
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

typedef struct saha_http_response {
    long status; /**< HTTP status of the final answer (0 = none) */
    char *body;  /**< NUL-terminated; owned, free with saha_http_response_free */
    size_t len;
    char content_type[96];
    double retry_after_s; /**< from the last answer's Retry-After; -1 when absent */
    unsigned attempts;    /**< tries made */
    saha_ctx *owner;      /**< private: the context whose allocator owns body */
    char etag[256];       /**< the answer's ETag header, quotes kept ("" none) */
} saha_http_response;

typedef struct saha_http saha_http;

/** @return SAHA_OK, SAHA_ENOMEM, SAHA_ENET (libcurl could not start) */
SAHA_API saha_status saha_http_create(saha_http **out, saha_ctx *ctx,
                                      const saha_http_options *opts);
/** NULL is a no-op. */
SAHA_API void saha_http_free(saha_http *http);

/** GET url, honouring the rate limit, retrying on connection errors, timeouts, 429 and
 *  5xx with backoff (Retry-After honoured up to backoff_max_s). A final non-2xx answer is
 *  NOT an error: out->status says it, the body is kept. Failures after all retries
 *  (no answer at all) return SAHA_ENET with libcurl's message; a body over max_body
 *  returns SAHA_ELIMIT. URLs and messages are redacted.
 *  @param[out] out zeroed first; free with saha_http_response_free even on failure */
SAHA_API saha_status saha_http_get(saha_http *http, const char *url,
                                   saha_http_response *out);
/** POST a body (content_type e.g. "application/json"); same rules as GET. */
SAHA_API saha_status saha_http_post(saha_http *http, const char *url,
                                    const char *content_type, const char *body,
                                    size_t len, saha_http_response *out);
/** Any method (PUT, DELETE, REPORT, ...) with extra header lines ("If-Match: \"x\"",
 *  NULL-terminated; may be NULL) and an optional body; same rules as GET. */
SAHA_API saha_status saha_http_request(saha_http *http, const char *method,
                                       const char *url, const char *const *headers,
                                       const char *content_type, const char *body,
                                       size_t len, saha_http_response *out);
SAHA_API void saha_http_response_free(saha_http_response *resp);

/** Percent-encodes s (UTF-8) for a URL query value into a new string (free with
 *  saha_http_free_string). NULL on out of memory. */
SAHA_API char *saha_http_escape(saha_http *http, const char *s);
SAHA_API void saha_http_free_string(saha_http *http, char *s);

/** Copies text into dst (cap bytes) with every secret replaced by "***". */
SAHA_API void saha_http_redact(const saha_http *http, const char *text, char *dst,
                               size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* SAHA_HTTP_H */
