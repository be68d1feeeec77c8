/* http: the one libcurl wrapper every online provider goes through.
 *
 * One easy handle per saha_http__client, reused across requests (connection reuse). Each
 * request start (first try, retry, redirect hop) waits for the rate limit: starts are at
 * least 1/rate_per_s seconds apart. Retries (connection errors, timeouts, 429, 5xx) wait
 * base * 2^k seconds plus up to 50 % jitter from the context PRNG, or the server's
 * Retry-After when longer, never more than backoff_max_s. Redirects are followed by hand
 * (CURLOPT_FOLLOWLOCATION off) so that each Location is checked: same scheme, host
 * and port, http/https only, no https -> http downgrade, at most max_redirects hops. The
 * body is capped at max_body (the write callback aborts the transfer past it:
 * SAHA_ELIMIT). TLS peer and host verification are libcurl's defaults (on) and are never
 * changed here. Every URL and libcurl message is passed through saha_http__redact before
 * it reaches an error or a log line. Caller: matrix (OSRM) and geocode providers. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "internal/core.h"
#include "internal/http.h"

#define DEFAULT_UA "saha/" SAHA_VERSION_STRING " (+https://github.com/saha)"

struct saha_http__client {
    saha_ctx *ctx;
    CURL *curl;
    saha_http_options opts; /* user_agent/secrets point into this struct's copies */
    char *user_agent;
    char **secrets; /* NULL-terminated copies */
    size_t nsecrets;
    double last_start_s; /* monotonic time of the last request start; < 0: none */
    char errbuf[CURL_ERROR_SIZE];
    /* per-transfer state for the write callback */
    saha__buf *body;
    int body_too_big;
    char etag[256]; /* ETag header of the current answer */
};

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void sleep_s(double s)
{
    struct timespec ts;
    if (!(s > 0))
        return;
    ts.tv_sec = (time_t)s;
    ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
    if (ts.tv_nsec >= 1000000000L)
        ts.tv_nsec = 999999999L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* ---- redaction -------------------------------------------------------------------- */

/* Query parameters whose values are always masked, whatever the secrets list says. */
static const char *const secret_params[] = {
    "key=", "api_key=", "apikey=", "access_token=", "token=", NULL};

static int is_param_start(const char *text, const char *p)
{
    return p == text || p[-1] == '?' || p[-1] == '&';
}

void saha_http__redact(const saha_http__client *http, const char *text, char *dst,
                       size_t cap)
{
    size_t o = 0;
    const char *p;

    if (!dst || cap == 0)
        return;
    if (!text) {
        dst[0] = '\0';
        return;
    }
    p = text;
    while (*p && o + 1 < cap) {
        size_t skip = 0;
        int masked = 0;
        if (http) {
            for (size_t i = 0; i < http->nsecrets; i++) {
                size_t n = strlen(http->secrets[i]);
                if (n && strncmp(p, http->secrets[i], n) == 0) {
                    skip = n;
                    masked = 1;
                    break;
                }
            }
        }
        if (!masked && is_param_start(text, p)) {
            for (size_t i = 0; secret_params[i]; i++) {
                size_t n = strlen(secret_params[i]);
                if (strncmp(p, secret_params[i], n) == 0) {
                    /* copy the name, mask the value up to the next & # or blank */
                    size_t v = n;
                    while (p[v] && p[v] != '&' && p[v] != '#' && p[v] != ' ' &&
                           p[v] != '"')
                        v++;
                    if (v > n) {
                        for (size_t k = 0; k < n && o + 1 < cap; k++)
                            dst[o++] = p[k];
                        skip = v;
                        p += n;
                        skip -= n;
                        masked = 1;
                    }
                    break;
                }
            }
        }
        if (masked) {
            for (const char *m = "***"; *m && o + 1 < cap; m++)
                dst[o++] = *m;
            p += skip;
        } else {
            dst[o++] = *p++;
        }
    }
    dst[o] = '\0';
}

/* ---- create / free ---------------------------------------------------------------- */

static void secrets_free(saha_http__client *http)
{
    if (!http->secrets)
        return;
    for (size_t i = 0; i < http->nsecrets; i++)
        saha__free(http->ctx, http->secrets[i]);
    saha__free(http->ctx, http->secrets);
    http->secrets = NULL;
    http->nsecrets = 0;
}

saha_status saha_http_options_init(saha_http_options *opts, unsigned version)
{
    if (!opts || version != SAHA_HTTP_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    opts->connect_timeout_ms = 10000;
    opts->timeout_ms = 30000;
    opts->max_retries = 4;
    opts->backoff_base_s = 1.0;
    opts->backoff_max_s = 60.0;
    opts->max_body = 16u << 20;
    opts->max_redirects = 3;
    return SAHA_OK;
}

saha_status saha_http__create(saha_http__client **out, saha_ctx *ctx,
                              const saha_http_options *opts)
{
    saha_http_options defaults;
    saha_http__client *http = NULL;
    saha_status rc = SAHA_OK;
    size_t n = 0;

    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, !opts || opts->version == SAHA_HTTP_OPTIONS_VERSION);
    (void)saha_http_options_init(&defaults, SAHA_HTTP_OPTIONS_VERSION);
    if (!opts)
        opts = &defaults;
    if (opts->rate_per_s < 0 || opts->backoff_base_s < 0 || opts->backoff_max_s < 0 ||
        opts->max_redirects < 0 || !isfinite(opts->rate_per_s))
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "http: negative or non-finite option");
    http = saha__calloc(ctx, 1, sizeof *http);
    if (!http)
        return SAHA_ENOMEM;
    http->ctx = ctx;
    http->opts = *opts;
    http->last_start_s = -1;
    if (http->opts.connect_timeout_ms <= 0)
        http->opts.connect_timeout_ms = defaults.connect_timeout_ms;
    if (http->opts.timeout_ms <= 0)
        http->opts.timeout_ms = defaults.timeout_ms;
    if (http->opts.max_body == 0)
        http->opts.max_body = defaults.max_body;
    http->user_agent =
        saha__strdup(ctx, opts->user_agent ? opts->user_agent : DEFAULT_UA);
    if (!http->user_agent) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    http->opts.user_agent = http->user_agent;
    if (opts->secrets)
        while (opts->secrets[n])
            n++;
    http->secrets = saha__calloc(ctx, n + 1, sizeof *http->secrets);
    if (!http->secrets) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (!opts->secrets[i][0])
            continue; /* an empty secret would match everywhere */
        http->secrets[http->nsecrets] = saha__strdup(ctx, opts->secrets[i]);
        if (!http->secrets[http->nsecrets]) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        http->nsecrets++;
    }
    http->opts.secrets = (const char *const *)http->secrets;
    http->curl = curl_easy_init();
    if (!http->curl) {
        rc = saha__error_set(ctx, SAHA_ENET, NULL, 0, 0, "libcurl could not start");
        goto done;
    }
    *out = http;
    http = NULL;
done:
    saha_http__free(http);
    return rc;
}

void saha_http__free(saha_http__client *http)
{
    if (!http)
        return;
    if (http->curl)
        curl_easy_cleanup(http->curl);
    secrets_free(http);
    saha__free(http->ctx, http->user_agent);
    saha__free(http->ctx, http);
}

void saha_http__response_free(saha_http__response *resp)
{
    if (!resp)
        return;
    saha__free(resp->owner, resp->body);
    resp->body = NULL;
    resp->len = 0;
}

char *saha_http__escape(saha_http__client *http, const char *s)
{
    if (!http || !s)
        return NULL;
    return curl_easy_escape(http->curl, s, 0);
}

void saha_http__free_string(saha_http__client *http, char *s)
{
    (void)http;
    curl_free(s);
}

/* ---- one transfer -------------------------------------------------------------------
 */

static size_t write_cb(char *data, size_t size, size_t nmemb, void *payload)
{
    saha_http__client *http = payload;
    size_t n = size * nmemb;
    if (http->body->len + n > http->opts.max_body) {
        http->body_too_big = 1;
        return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    if (saha__buf_append(http->body, data, n) < 0)
        return 0;
    return n;
}

/* Retry-After: delta-seconds or an HTTP-date; -1 when absent or unreadable. */
static double read_retry_after(CURL *curl)
{
    struct curl_header *h = NULL;
    long secs;
    time_t when;
    size_t len;
    if (curl_easy_header(curl, "Retry-After", 0, CURLH_HEADER, -1, &h) != CURLHE_OK ||
        !h || !h->value)
        return -1;
    len = strlen(h->value);
    if (saha__parse_long(h->value, len, &secs) == 0)
        return secs < 0 ? -1 : (double)secs;
    when = curl_getdate(h->value, NULL);
    if (when == (time_t)-1)
        return -1;
    {
        double d = difftime(when, time(NULL));
        return d < 0 ? 0 : d;
    }
}

static int curl_retryable(CURLcode c)
{
    switch (c) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return 1;
    default:
        return 0;
    }
}

static void wait_rate(saha_http__client *http)
{
    if (http->opts.rate_per_s > 0 && http->last_start_s >= 0) {
        double next = http->last_start_s + 1.0 / http->opts.rate_per_s;
        double now = mono_now();
        if (next > now)
            sleep_s(next - now);
    }
    http->last_start_s = mono_now();
}

/* Scheme, host and port (the scheme's default when none is given) of a URL via
 * libcurl's URL API; 0 ok. Strings freed with curl_free. */
static int url_parts(const char *url, char **scheme, char **host, char **port)
{
    CURLU *u = curl_url();
    int ok = -1;
    *scheme = *host = *port = NULL;
    if (!u)
        return -1;
    if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, host, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, port, CURLU_DEFAULT_PORT) == CURLUE_OK)
        ok = 0;
    curl_url_cleanup(u);
    if (ok < 0) {
        curl_free(*scheme);
        curl_free(*host);
        curl_free(*port);
        *scheme = *host = *port = NULL;
    }
    return ok;
}

/* Checks a redirect target against the original URL: the same origin (scheme, host and
 * port) only; another port of the same host is another server. 0 allowed, -1 refused
 * (message in why). */
static int redirect_allowed(const char *from, const char *to, char *why, size_t cap)
{
    char *s1, *h1, *p1, *s2, *h2, *p2;
    int ok = -1;
    if (url_parts(from, &s1, &h1, &p1) < 0) {
        snprintf(why, cap, "unreadable URL");
        return -1;
    }
    if (url_parts(to, &s2, &h2, &p2) < 0) {
        snprintf(why, cap, "unreadable redirect target");
        curl_free(s1);
        curl_free(h1);
        curl_free(p1);
        return -1;
    }
    if (saha__strcasecmp(s2, "http") != 0 && saha__strcasecmp(s2, "https") != 0)
        snprintf(why, cap, "redirect to a %s URL refused", s2);
    else if (saha__strcasecmp(s1, "https") == 0 && saha__strcasecmp(s2, "https") != 0)
        snprintf(why, cap, "redirect from https to http refused");
    else if (saha__strcasecmp(h1, h2) != 0)
        snprintf(why, cap, "redirect to another host refused (%s)", h2);
    else if (saha__strcasecmp(s1, s2) != 0 || strcmp(p1, p2) != 0)
        snprintf(why, cap, "redirect to another server of the host refused (%s://%s:%s)",
                 s2, h2, p2);
    else
        ok = 0;
    curl_free(s1);
    curl_free(h1);
    curl_free(p1);
    curl_free(s2);
    curl_free(h2);
    curl_free(p2);
    return ok;
}

typedef struct request {
    const char *method; /* "GET", "POST" or any other (custom request) */
    const char *content_type;
    const char *body;
    size_t len;
    const char *const *headers; /* extra header lines, NULL-terminated; may be NULL */
} request;

/* Keeps the ETag header of the answer (the last hop's). */
static size_t header_cb(char *data, size_t size, size_t nmemb, void *payload)
{
    saha_http__client *http = payload;
    size_t n = size * nmemb;
    if (n > 5 && (data[0] | 32) == 'e' && (data[1] | 32) == 't' &&
        (data[2] | 32) == 'a' && (data[3] | 32) == 'g' && data[4] == ':') {
        size_t a = 5, b = n;
        while (a < b && (data[a] == ' ' || data[a] == '\t'))
            a++;
        while (b > a &&
               (data[b - 1] == '\r' || data[b - 1] == '\n' || data[b - 1] == ' '))
            b--;
        if (b - a < sizeof http->etag) {
            memcpy(http->etag, data + a, b - a);
            http->etag[b - a] = '\0';
        }
    }
    return n;
}

/* One try: performs url and its redirects. Returns SAHA_OK (status in *status),
 * SAHA_ENET with *cc set when libcurl failed, or another code (error set) for a refused
 * redirect, an oversized body or out of memory. */
static saha_status one_try(saha_http__client *http, const char *url, const request *req,
                           saha__buf *body, long *status, CURLcode *cc,
                           double *retry_after)
{
    CURL *c = http->curl;
    char *cur = NULL;
    char red[512];
    struct curl_slist *hdrs = NULL;
    saha_status rc = SAHA_OK;
    int post = strcmp(req->method, "POST") == 0;
    int custom = !post && strcmp(req->method, "GET") != 0;

    *status = 0;
    *cc = CURLE_OK;
    *retry_after = -1;
    cur = saha__strdup(http->ctx, url);
    if (!cur)
        return SAHA_ENOMEM;
    for (size_t k = 0; req->headers && req->headers[k]; k++) {
        struct curl_slist *h = curl_slist_append(hdrs, req->headers[k]);
        if (!h) {
            rc = saha__error_set(http->ctx, SAHA_ENOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
        hdrs = h;
    }
    if ((post || custom) && req->content_type) {
        char line[160];
        int n = snprintf(line, sizeof line, "Content-Type: %s", req->content_type);
        if (n < 0 || (size_t)n >= sizeof line) {
            rc = saha__error_set(http->ctx, SAHA_EINVAL, NULL, 0, 0,
                                 "http: content type too long");
            goto done;
        }
        {
            struct curl_slist *h = curl_slist_append(hdrs, line);
            if (!h)
                curl_slist_free_all(hdrs);
            hdrs = h;
        }
        if (!hdrs) {
            rc = saha__error_set(http->ctx, SAHA_ENOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
    }
    for (long hop = 0;; hop++) {
        char *loc = NULL;
        CURLcode res;

        curl_easy_reset(c);
        http->errbuf[0] = '\0';
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, http->errbuf);
        curl_easy_setopt(c, CURLOPT_URL, cur);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_USERAGENT, http->user_agent);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, http->opts.connect_timeout_ms);
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, http->opts.timeout_ms);
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
        if (http->opts.fresh_connection) {
            curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
            curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
        }
#if LIBCURL_VERSION_NUM >= 0x075500
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
        curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
        curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS,
                         (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
        curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)http->opts.max_body);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, http);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_cb);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, http);
        http->etag[0] = '\0';
        if (http->opts.username) {
            curl_easy_setopt(c, CURLOPT_USERNAME, http->opts.username);
            curl_easy_setopt(c, CURLOPT_PASSWORD,
                             http->opts.password ? http->opts.password : "");
            curl_easy_setopt(c, CURLOPT_HTTPAUTH,
                             (long)(CURLAUTH_BASIC | CURLAUTH_DIGEST));
        } else if (http->opts.netrc) {
            curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
            curl_easy_setopt(c, CURLOPT_HTTPAUTH,
                             (long)(CURLAUTH_BASIC | CURLAUTH_DIGEST));
        }
        if (custom) {
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
            if (req->body) {
                curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body);
                curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->len);
            }
            if (hdrs)
                curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
        } else if (post) {
            curl_easy_setopt(c, CURLOPT_POST, 1L);
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body ? req->body : "");
            curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->len);
            if (hdrs)
                curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
        } else {
            curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
            if (hdrs)
                curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
        }
        saha__buf_clear(body);
        http->body = body;
        http->body_too_big = 0;
        wait_rate(http);
        saha_http__redact(http, cur, red, sizeof red);
        saha__log(http->ctx, SAHA_LOG_DEBUG, "http: %s %s",
                  custom ? req->method : (post ? "POST" : "GET"), red);
        res = curl_easy_perform(c);
        http->body = NULL;
        *retry_after = read_retry_after(c);
        if (res != CURLE_OK) {
            if (http->body_too_big || res == CURLE_FILESIZE_EXCEEDED) {
                rc = saha__error_set(http->ctx, SAHA_ELIMIT, red, 0, 0,
                                     "reply larger than the limit of %zu bytes",
                                     http->opts.max_body);
                goto done;
            }
            if (res == CURLE_WRITE_ERROR &&
                saha_ctx_last_error(http->ctx)->code == SAHA_ENOMEM) {
                rc = SAHA_ENOMEM;
                goto done;
            }
            *cc = res;
            /* the message is set by the caller once retries are exhausted */
            rc = SAHA_ENET;
            goto done;
        }
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
        if (*status < 300 || *status >= 400 || *status == 304)
            break;
        if (curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc) != CURLE_OK || !loc)
            break; /* a 3xx without Location is the answer */
        if (hop >= http->opts.max_redirects) {
            rc = saha__error_set(http->ctx, SAHA_ENET, red, 0, 0,
                                 "too many redirects (limit %ld)",
                                 http->opts.max_redirects);
            goto done;
        }
        {
            char why[256], target[512];
            char *next;
            if (redirect_allowed(cur, loc, why, sizeof why) < 0) {
                saha_http__redact(http, why, target, sizeof target);
                rc = saha__error_set(http->ctx, SAHA_ENET, red, 0, 0, "%s", target);
                goto done;
            }
            next = saha__strdup(http->ctx, loc);
            if (!next) {
                rc = SAHA_ENOMEM;
                goto done;
            }
            saha__free(http->ctx, cur);
            cur = next;
        }
        /* 301/302/303 turn a POST into a GET, as browsers do; 307/308 keep it */
        if (post && *status != 307 && *status != 308)
            post = 0;
    }
done:
    curl_slist_free_all(hdrs);
    saha__free(http->ctx, cur);
    return rc;
}

static saha_status do_request(saha_http__client *http, const char *url,
                              const request *req, saha_http__response *out)
{
    saha__buf body;
    saha_status rc = SAHA_OK;
    char red[512];
    unsigned attempt;

    memset(out, 0, sizeof *out);
    out->retry_after_s = -1;
    SAHA__CHECK_ARG(http ? http->ctx : NULL, http != NULL);
    out->owner = http->ctx;
    saha__error_clear(http->ctx);
    SAHA__CHECK_ARG(http->ctx, url != NULL);
    saha__buf_init(&body, http->ctx, SAHA__BUF_NOLIMIT);
    saha_http__redact(http, url, red, sizeof red);

    for (attempt = 0;; attempt++) {
        long status = 0;
        CURLcode cc = CURLE_OK;
        double ra = -1, wait;
        int retry;

        rc = one_try(http, url, req, &body, &status, &cc, &ra);
        out->attempts = attempt + 1;
        out->retry_after_s = ra;
        if (rc != SAHA_OK && rc != SAHA_ENET)
            goto done;
        if (rc == SAHA_ENET && cc == CURLE_OK)
            goto done; /* refused redirect: message set, not retried */
        retry = rc == SAHA_ENET ? curl_retryable(cc) : (status == 429 || status >= 500);
        if (!retry || attempt >= http->opts.max_retries) {
            if (rc == SAHA_ENET) {
                char msg[CURL_ERROR_SIZE + 16];
                saha_http__redact(http,
                                  http->errbuf[0] ? http->errbuf : curl_easy_strerror(cc),
                                  msg, sizeof msg);
                rc = saha__error_set(http->ctx, SAHA_ENET, red, 0, 0, "%s (after %u %s)",
                                     msg, attempt + 1, attempt ? "tries" : "try");
                goto done;
            }
            out->status = status;
            break;
        }
        wait = http->opts.backoff_base_s * ldexp(1.0, (int)(attempt < 30 ? attempt : 30));
        wait += wait * 0.5 * saha__rng_double(saha__ctx_rng(http->ctx));
        if (ra > wait)
            wait = ra;
        if (wait > http->opts.backoff_max_s)
            wait = http->opts.backoff_max_s;
        if (rc == SAHA_ENET) {
            char msg[CURL_ERROR_SIZE];
            saha_http__redact(http,
                              http->errbuf[0] ? http->errbuf : curl_easy_strerror(cc),
                              msg, sizeof msg);
            saha__log(http->ctx, SAHA_LOG_INFO, "http: %s: %s; retry %u of %u in %.1f s",
                      red, msg, attempt + 1, http->opts.max_retries, wait);
        } else {
            saha__log(http->ctx, SAHA_LOG_INFO,
                      "http: %s: HTTP %ld; retry %u of %u in %.1f s", red, status,
                      attempt + 1, http->opts.max_retries, wait);
        }
        rc = SAHA_OK;
        sleep_s(wait);
    }
    {
        char *ct = NULL;
        if (curl_easy_getinfo(http->curl, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
            snprintf(out->content_type, sizeof out->content_type, "%s", ct);
    }
    snprintf(out->etag, sizeof out->etag, "%s", http->etag);
    out->body = saha__buf_take(&body, &out->len);
    if (!out->body)
        rc = SAHA_ENOMEM;
done:
    saha__buf_free(&body);
    return rc;
}

saha_status saha_http__request(saha_http__client *http, const char *method,
                               const char *url, const char *const *headers,
                               const char *content_type, const char *body, size_t len,
                               saha_http__response *out)
{
    request req = {method, content_type, body, len, headers};
    if (!out || !method || !method[0] || strpbrk(method, " \r\n"))
        return http ? saha__error_set(http->ctx, SAHA_EINVAL, NULL, 0, 0,
                                      "invalid argument: out and method")
                    : SAHA_EINVAL;
    return do_request(http, url, &req, out);
}

saha_status saha_http__get(saha_http__client *http, const char *url,
                           saha_http__response *out)
{
    request req = {"GET", NULL, NULL, 0, NULL};
    if (!out)
        return http ? saha__error_set(http->ctx, SAHA_EINVAL, NULL, 0, 0,
                                      "invalid argument: out != NULL")
                    : SAHA_EINVAL;
    return do_request(http, url, &req, out);
}

saha_status saha_http__post(saha_http__client *http, const char *url,
                            const char *content_type, const char *body, size_t len,
                            saha_http__response *out)
{
    request req = {"POST", content_type, body, len, NULL};
    if (!out)
        return http ? saha__error_set(http->ctx, SAHA_EINVAL, NULL, 0, 0,
                                      "invalid argument: out != NULL")
                    : SAHA_EINVAL;
    return do_request(http, url, &req, out);
}
