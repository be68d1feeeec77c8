/* The HTTP client of the online providers (matrix_osrm, matrix_route, geocode,
 * export_caldav): one libcurl handle with the behaviour saha_http_options describes
 * (saha/http.h). Internal: the CLI and other callers pass options, never a client. */
#ifndef SAHA_INTERNAL_HTTP_H
#define SAHA_INTERNAL_HTTP_H

#include <stddef.h>

#include "saha/error.h"
#include "saha/http.h"

typedef struct saha_http__client saha_http__client;

/* @return SAHA_OK, SAHA_ENOMEM, SAHA_ENET (libcurl could not start), SAHA_EINVAL (a bad
 *          option, or options of another version) */
saha_status saha_http__create(saha_http__client **out, saha_ctx *ctx,
                              const saha_http_options *opts);
/* NULL is a no-op. */
void saha_http__free(saha_http__client *http);

typedef struct saha_http__response {
    long status; /* HTTP status of the final answer (0 = none) */
    char *body;  /* NUL-terminated; owned, free with saha_http__response_free */
    size_t len;
    char content_type[96];
    double retry_after_s; /* from the last answer's Retry-After; -1 when absent */
    unsigned attempts;    /* tries made */
    saha_ctx *owner;      /* the context whose allocator owns body */
    char etag[256];       /* the answer's ETag header, quotes kept ("" none) */
} saha_http__response;

/* GET url, honouring the rate limit, retrying on connection errors, timeouts, 429 and
 *  5xx with backoff (Retry-After honoured up to backoff_max_s). A final non-2xx answer is
 *  NOT an error: out->status says it, the body is kept. Failures after all retries
 *  (no answer at all) return SAHA_ENET with libcurl's message; a body over max_body
 *  returns SAHA_ELIMIT. URLs and messages are redacted.
 *  @param[out] out zeroed first; free with saha_http__response_free even on failure */
saha_status saha_http__get(saha_http__client *http, const char *url,
                           saha_http__response *out);
/* POST a body (content_type e.g. "application/json"); same rules as GET. */
saha_status saha_http__post(saha_http__client *http, const char *url,
                            const char *content_type, const char *body, size_t len,
                            saha_http__response *out);
/* Any method (PUT, DELETE, REPORT, ...) with extra header lines ("If-Match: \"x\"",
 *  NULL-terminated; may be NULL) and an optional body; same rules as GET. */
saha_status saha_http__request(saha_http__client *http, const char *method,
                               const char *url, const char *const *headers,
                               const char *content_type, const char *body, size_t len,
                               saha_http__response *out);
void saha_http__response_free(saha_http__response *resp);

/* Percent-encodes s (UTF-8) for a URL query value into a new string (free with
 *  saha_http__free_string). NULL on out of memory. */
char *saha_http__escape(saha_http__client *http, const char *s);
void saha_http__free_string(saha_http__client *http, char *s);

/* Copies text into dst (cap bytes) with every secret replaced by "***". */
void saha_http__redact(const saha_http__client *http, const char *text, char *dst,
                       size_t cap);

#endif /* SAHA_INTERNAL_HTTP_H */
