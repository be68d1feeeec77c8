/* geocode: the geocoder handle, one lookup (cache, then provider), the quality and
 * ambiguity rules, and geocoding a whole account set.
 *
 * A lookup normalises the query into the cache key (provider name + folded query, not the
 * endpoint), answers from the cache when a fresh entry exists, else asks the provider
 * (its row of the table in geocode_provider.c builds the URL and parses the reply)
 * through the HTTP client (rate limit, retries, redaction live there) and stores the
 * answer at once. Ambiguity: among the results whose quality is at least 3/4 of the best
 * one, any further than ambiguous_km from the best makes the answer ambiguous. The
 * country/bbox filter is applied after the cache, so a cached answer is re-checked
 * against the filter of the current run. A provider that refuses service (HTTP 403, 429
 * that persists after the http layer's backoff, Google REQUEST_DENIED or OVER_*_LIMIT
 * after backoff) is stopped for the rest of the run; the caller marks remaining rows
 * skipped. Callers: the CLI (saha geocode) and saha demo. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal/geocode_parse.h"

#define MAX_QUERY_BYTES 4096

static int nonempty(const char *s)
{
    return s && *s;
}

struct saha_geocoder {
    saha_ctx *ctx;
    saha_geocode_provider provider;
    const saha_geocode__provider_info *info; /* its row of the provider table */
    char *endpoint, *api_key, *email, *language, *user_agent;
    double ttl_s, nf_ttl_s, ambiguous_m, rate_per_s;
    size_t limit;
    int offline;
    saha_http_options http_opts;
    saha_http__client *http;
    saha_geocode__cache *cache;
    size_t requests;
    unsigned net_failures;  /* consecutive lookups that got no HTTP answer at all */
    int cache_write_failed; /* a put failed (disk full): no more puts this run */
    char cache_message[SAHA_ERROR_SIZE];
    int stopped;
    char stop_message[SAHA_ERROR_SIZE];
};

/* ---- create / free --------------------------------------------------------------- */

static int is_public_nominatim(const char *endpoint)
{
    const char *h, *e;
    size_t n;
    if (!endpoint)
        return 1;
    h = strstr(endpoint, "://");
    h = h ? h + 3 : endpoint;
    e = h + strcspn(h, ":/?#");
    n = (size_t)(e - h);
    return n == strlen("nominatim.openstreetmap.org") &&
           strncmp(h, "nominatim.openstreetmap.org", n) == 0;
}

static saha_status dup_opt(saha_ctx *ctx, char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return SAHA_OK;
    *dst = saha__strdup(ctx, src);
    return *dst ? SAHA_OK : SAHA_ENOMEM;
}

saha_status saha_geocoder_options_init(saha_geocoder_options *opts, unsigned version)
{
    if (!opts || version != SAHA_GEOCODER_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    opts->provider = SAHA_GEOCODE_NOMINATIM;
    opts->cache_ttl_days = 90.0;
    opts->not_found_ttl_days = 7.0;
    opts->limit = 5;
    opts->ambiguous_km = 5.0;
    return SAHA_OK;
}

saha_status saha_geocoder_create(saha_geocoder **out, saha_ctx *ctx,
                                 const saha_geocoder_options *opts)
{
    saha_geocoder_options defaults;
    saha_http_options hdef;
    saha_geocoder *g = NULL;
    saha_status rc;
    const saha_geocode__provider_info *info;
    const char *base;
    const char *secrets[2] = {NULL, NULL};
    char ua[256];

    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, !opts || opts->version == SAHA_GEOCODER_OPTIONS_VERSION);
    (void)saha_geocoder_options_init(&defaults, SAHA_GEOCODER_OPTIONS_VERSION);
    (void)saha_http_options_init(&hdef, SAHA_HTTP_OPTIONS_VERSION);
    if (!opts)
        opts = &defaults;
    info = saha_geocode__provider(opts->provider);
    if (!info)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "unknown geocoding provider %d", (int)opts->provider);
    if (opts->rate_per_s < 0 || !isfinite(opts->rate_per_s))
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "rate must be >= 0");
    if (info->needs_key && !nonempty(opts->api_key) && !opts->offline)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "%s needs an API key: set SAHA_GOOGLE_API_KEY or "
                               "google_api_key in the config file",
                               info->name);
    if (opts->provider == SAHA_GEOCODE_NOMINATIM && is_public_nominatim(opts->endpoint) &&
        opts->rate_per_s > 1.0)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "the public Nominatim server allows at most 1 request per "
                               "second (its usage policy): use a rate <= 1, or your own "
                               "server with --endpoint");
    if (opts->offline && !nonempty(opts->cache_path))
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "offline mode needs a cache file");
    g = saha__calloc(ctx, 1, sizeof *g);
    if (!g)
        return SAHA_ENOMEM;
    g->ctx = ctx;
    g->provider = opts->provider;
    g->info = info;
    g->offline = opts->offline;
    g->ttl_s = (opts->cache_ttl_days > 0 ? opts->cache_ttl_days : 90.0) * 86400.0;
    g->nf_ttl_s =
        (opts->not_found_ttl_days > 0 ? opts->not_found_ttl_days : 7.0) * 86400.0;
    g->ambiguous_m = (opts->ambiguous_km > 0 ? opts->ambiguous_km : 5.0) * 1000.0;
    g->limit = opts->limit ? opts->limit : 5;
    if (g->limit > 50)
        g->limit = 50;
    g->rate_per_s = opts->rate_per_s > 0 ? opts->rate_per_s : info->rate_per_s;
    base = opts->endpoint ? opts->endpoint : info->base_url;
    rc = dup_opt(ctx, &g->endpoint, base);
    if (rc == SAHA_OK)
        rc = dup_opt(ctx, &g->api_key, nonempty(opts->api_key) ? opts->api_key : NULL);
    if (rc == SAHA_OK)
        rc = dup_opt(ctx, &g->email, nonempty(opts->email) ? opts->email : NULL);
    if (rc == SAHA_OK)
        rc = dup_opt(ctx, &g->language, nonempty(opts->language) ? opts->language : NULL);
    if (rc < 0)
        goto done;
    if (g->email)
        snprintf(ua, sizeof ua, "saha/%s (+mailto:%s)", SAHA_VERSION_STRING, g->email);
    else
        snprintf(ua, sizeof ua, "saha/%s (+https://github.com/saha)",
                 SAHA_VERSION_STRING);
    rc = dup_opt(ctx, &g->user_agent, ua);
    if (rc < 0)
        goto done;
    g->http_opts = opts->http ? *opts->http : hdef;
    g->http_opts.rate_per_s = g->rate_per_s;
    g->http_opts.user_agent = g->user_agent;
    secrets[0] = g->api_key;
    g->http_opts.secrets = secrets;
    rc = saha_http__create(&g->http, ctx, &g->http_opts);
    g->http_opts.secrets = NULL; /* the http handle keeps its own copy */
    if (rc < 0)
        goto done;
    if (nonempty(opts->cache_path)) {
        int ro = 0;
        if (opts->offline && access(opts->cache_path, F_OK) != 0) {
            rc = saha__error_set(ctx, SAHA_EIO, opts->cache_path, 0, 0,
                                 "offline mode: no geocode cache at this path");
            goto done;
        }
        /* offline never writes: read-only also works on a shipped sample cache in a
         * read-only folder, and leaves its journal mode alone */
        if (opts->offline)
            ro = 1;
        rc = saha_geocode__cache_open(&g->cache, ctx, opts->cache_path, ro);
        if (rc < 0)
            goto done;
    }
    *out = g;
    g = NULL;
done:
    saha_geocoder_free(g);
    return rc;
}

void saha_geocoder_free(saha_geocoder *g)
{
    if (!g)
        return;
    saha_geocode__cache_close(g->cache);
    saha_http__free(g->http);
    saha__free(g->ctx, g->endpoint);
    saha__free(g->ctx, g->api_key);
    saha__free(g->ctx, g->email);
    saha__free(g->ctx, g->language);
    saha__free(g->ctx, g->user_agent);
    saha__free(g->ctx, g);
}

const char *saha_geocode_stopped(const saha_geocoder *g)
{
    return g && g->stopped ? g->stop_message : NULL;
}

size_t saha_geocode_request_count(const saha_geocoder *g)
{
    return g ? g->requests : 0;
}

/* ---- one lookup ----------------------------------------------------------------------
 */

/* Great-circle distance on the mean-radius sphere: enough for a 5 km threshold. */
static int outside_filter(const saha_geocode_filter *f, double lat, double lon,
                          const char *cc)
{
    if (!f)
        return 0;
    if (nonempty(f->country_code) && nonempty(cc) &&
        saha__strcasecmp(f->country_code, cc) != 0)
        return 1;
    if (f->has_bbox) {
        int in_lon = f->west_deg <= f->east_deg
                         ? (lon >= f->west_deg && lon <= f->east_deg)
                         : (lon >= f->west_deg || lon <= f->east_deg);
        if (lat < f->south_deg || lat > f->north_deg || !in_lon)
            return 1;
    }
    return 0;
}

static void stop_provider(saha_geocoder *g, const char *msg)
{
    g->stopped = 1;
    saha_http__redact(g->http, msg, g->stop_message, sizeof g->stop_message);
}

static void lowercase2(char *cc)
{
    for (; *cc; cc++)
        if (*cc >= 'A' && *cc <= 'Z')
            *cc = (char)(*cc + 32);
}

static void sleep_for(double s)
{
    struct timespec ts;
    if (!(s > 0))
        return;
    ts.tv_sec = (time_t)s;
    ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
    nanosleep(&ts, NULL);
}

/* Asks the provider. Fills e (status OK / AMBIGUOUS / NOT_FOUND) on SAHA_OK. */
static saha_status ask(saha_geocoder *g, const saha_geocode_query *q, const char *cc,
                       saha_geocode__entry *e)
{
    saha__buf url;
    saha_http__response resp;
    saha_geocode__reply reply;
    saha_status rc;
    char red[512];
    const char *pname = g->info->name;
    const saha_geocode__request req = {g->http,     g->endpoint, q,          cc,
                                       g->language, g->email,    g->api_key, g->limit};
    unsigned tries = 0;

    memset(&resp, 0, sizeof resp);
    saha__buf_init(&url, g->ctx, SAHA__BUF_NOLIMIT);
    rc = g->info->url(&url, &req);
    if (rc < 0)
        goto done;
    saha_http__redact(g->http, url.data, red, sizeof red);
again:
    g->requests++;
    rc = saha_http__get(g->http, url.data, &resp);
    if (rc == SAHA_ENET && ++g->net_failures >= 3) {
        /* three addresses in a row got no answer at all, each after the http layer's
         * retries: the server is down or unreachable, asking on only wastes time */
        char m[SAHA_ERROR_SIZE + 160];
        snprintf(m, sizeof m,
                 "%s cannot be reached (%s): stopped for this run. Check the network and "
                 "--endpoint, then run again",
                 pname, saha_ctx_last_error(g->ctx)->message);
        stop_provider(g, m);
    }
    if (rc < 0)
        goto done;
    g->net_failures = 0;
    if (resp.status == 403 || resp.status == 401) {
        char m[512];
        snprintf(
            m, sizeof m,
            "%s refused access (HTTP %ld): stopped for this run. For Nominatim set "
            "--email, keep --rate at 1, or self-host (--endpoint); for Google check the "
            "key's restrictions",
            pname, resp.status);
        stop_provider(g, m);
        rc = saha__error_set(g->ctx, SAHA_ENET, red, 0, 0, "%s", g->stop_message);
        goto done;
    }
    if (resp.status == 429) {
        char m[512];
        snprintf(
            m, sizeof m,
            "%s keeps answering 429 Too Many Requests (after %u tries): stopped for this "
            "run. Wait (an hour or more), lower --rate, or self-host",
            pname, resp.attempts);
        stop_provider(g, m);
        rc = saha__error_set(g->ctx, SAHA_ENET, red, 0, 0, "%s", g->stop_message);
        goto done;
    }
    if (resp.status < 200 || resp.status >= 300) {
        rc = saha__error_set(g->ctx, SAHA_ENET, red, 0, 0, "%s answered HTTP %ld", pname,
                             resp.status);
        goto done;
    }
    rc = g->info->parse(g->ctx, red, resp.body, resp.len, &reply);
    if (rc < 0)
        goto done;
    if (reply.api_status != SAHA_GEOCODE__API_OK &&
        reply.api_status != SAHA_GEOCODE__API_ZERO_RESULTS) {
        char msg[160], m[512];
        saha_http__redact(g->http, reply.message, msg, sizeof msg);
        switch (reply.api_status) {
        case SAHA_GEOCODE__API_OVER_QUERY_LIMIT:
            if (tries < g->http_opts.max_retries) {
                double w = g->http_opts.backoff_base_s *
                           ldexp(1.0, (int)(tries < 30 ? tries : 30));
                w += w * 0.5 * saha__rng_double(saha__ctx_rng(g->ctx));
                if (w > g->http_opts.backoff_max_s)
                    w = g->http_opts.backoff_max_s;
                saha__log(g->ctx, SAHA_LOG_INFO,
                          "google: OVER_QUERY_LIMIT, retry in %.1f s", w);
                tries++;
                saha_http__response_free(&resp);
                sleep_for(w);
                goto again;
            }
            snprintf(
                m, sizeof m,
                "%s: OVER_QUERY_LIMIT persists after backoff (%s): stopped for this run. "
                "Lower --rate or check the project's quota",
                pname, msg);
            stop_provider(g, m);
            break;
        case SAHA_GEOCODE__API_OVER_DAILY_LIMIT:
            snprintf(
                m, sizeof m,
                "%s: OVER_DAILY_LIMIT (%s): stopped for this run. Check billing and the "
                "key's quota",
                pname, msg);
            stop_provider(g, m);
            break;
        case SAHA_GEOCODE__API_REQUEST_DENIED:
            snprintf(m, sizeof m,
                     "%s: REQUEST_DENIED (%s): stopped for this run. Check the key "
                     "(SAHA_GOOGLE_API_KEY) and that the Geocoding API is enabled",
                     pname, msg);
            stop_provider(g, m);
            break;
        case SAHA_GEOCODE__API_INVALID_REQUEST:
            rc = saha__error_set(g->ctx, SAHA_ENET, red, 0, 0,
                                 "google: INVALID_REQUEST (%s): the address was refused",
                                 msg);
            goto done;
        default:
            rc = saha__error_set(g->ctx, SAHA_ENET, red, 0, 0,
                                 "google: UNKNOWN_ERROR (%s)", msg);
            goto done;
        }
        rc = saha__error_set(g->ctx, SAHA_ENET, red, 0, 0, "%s", g->stop_message);
        goto done;
    }
    memset(e, 0, sizeof *e);
    e->fetched_at = (int64_t)time(NULL);
    e->candidates = reply.total;
    if (reply.n == 0) {
        e->status = SAHA_GEOCODE_NOT_FOUND;
        e->lat_deg = e->lon_deg = e->quality = NAN;
    } else {
        const saha_geocode__cand *best = &reply.cand[0];
        e->status = SAHA_GEOCODE_OK;
        e->lat_deg = best->lat_deg;
        e->lon_deg = best->lon_deg;
        e->quality = best->quality;
        saha_geocode__copy(e->display_name, sizeof e->display_name, best->display_name);
        saha_geocode__copy(e->country_code, sizeof e->country_code, best->country_code);
        lowercase2(e->country_code);
        for (size_t i = 1; i < reply.n; i++) {
            const saha_geocode__cand *c = &reply.cand[i];
            if (c->quality >= 0.75 * best->quality &&
                saha_geo_distance_m((saha_latlon){best->lat_deg, best->lon_deg},
                                    (saha_latlon){c->lat_deg, c->lon_deg}) >
                    g->ambiguous_m)
                e->status = SAHA_GEOCODE_AMBIGUOUS;
        }
    }
done:
    saha_http__response_free(&resp);
    saha__buf_free(&url);
    return rc;
}

static void result_from(saha_geocode_result *out, const saha_geocode__entry *e)
{
    out->status = e->status;
    out->pos.lat_deg = e->lat_deg;
    out->pos.lon_deg = e->lon_deg;
    out->quality = e->quality;
    saha_geocode__copy(out->display_name, sizeof out->display_name, e->display_name);
    saha_geocode__copy(out->country_code, sizeof out->country_code, e->country_code);
    out->candidates = e->candidates;
}

saha_status saha_geocode_lookup(saha_geocoder *g, const saha_geocode_query *query,
                                const saha_geocode_filter *filter,
                                saha_geocode_result *out)
{
    saha_geocode__entry e;
    saha_status rc;
    char *qk = NULL;
    const char *pname;
    const char *cc =
        filter && nonempty(filter->country_code) ? filter->country_code : NULL;

    if (out) {
        memset(out, 0, sizeof *out);
        out->status = SAHA_GEOCODE_FAILED;
        out->pos.lat_deg = out->pos.lon_deg = NAN;
        out->quality = NAN;
    }
    if (!g)
        return SAHA_EINVAL;
    saha__error_clear(g->ctx);
    SAHA__CHECK_ARG(g->ctx, query != NULL);
    SAHA__CHECK_ARG(g->ctx, out != NULL);
    pname = g->info->name;
    qk = saha_geocode__query_key(g->ctx, query);
    if (!qk)
        return SAHA_ENOMEM;
    if (!*qk || strlen(qk) > MAX_QUERY_BYTES) {
        out->status = SAHA_GEOCODE_SKIPPED;
        rc = SAHA_OK;
        goto done;
    }
    if (g->cache) {
        /* offline there is nothing to refresh against: answers of any age are used */
        rc = saha_geocode__cache_get(g->cache, pname, qk, (int64_t)time(NULL),
                                     g->offline ? INFINITY : g->ttl_s,
                                     g->offline ? INFINITY : g->nf_ttl_s, &e);
        if (rc == SAHA_OK) {
            result_from(out, &e);
            out->from_cache = 1;
            if (out->status == SAHA_GEOCODE_OK)
                out->status = SAHA_GEOCODE_CACHED;
            goto filter;
        }
        if (rc != SAHA_ENOTFOUND)
            goto done;
    }
    if (g->offline || g->stopped) {
        out->status = SAHA_GEOCODE_SKIPPED;
        rc = SAHA_OK;
        goto done;
    }
    rc = ask(g, query, cc, &e);
    if (rc < 0) {
        out->status = SAHA_GEOCODE_FAILED;
        goto done;
    }
    result_from(out, &e);
    if (g->cache && !g->cache_write_failed) {
        rc = saha_geocode__cache_put(g->cache, pname, qk, &e);
        if (rc < 0) {
            /* the answer is still good; later answers are not cached this run */
            g->cache_write_failed = 1;
            saha_geocode__copy(g->cache_message, sizeof g->cache_message,
                               saha_ctx_last_error(g->ctx)->message);
            goto done;
        }
    }
filter:
    rc = SAHA_OK;
    if ((out->status == SAHA_GEOCODE_OK || out->status == SAHA_GEOCODE_CACHED) &&
        outside_filter(filter, out->pos.lat_deg, out->pos.lon_deg, out->country_code))
        out->status = SAHA_GEOCODE_AMBIGUOUS;
done:
    saha__free(g->ctx, qk);
    return rc;
}

/* ---- a whole account set
 * --------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static saha_status set_columns(saha_account_set *set, size_t i,
                               const saha_geocode_result *r)
{
    char q[32] = "";
    saha_status rc;
    if (isfinite(r->quality))
        saha__fmt_double(q, sizeof q, r->quality, 3);
    rc = saha_account_update_extra(set, i, "geocode_status",
                                   saha_geocode_status_name(r->status));
    if (rc == SAHA_OK)
        rc = saha_account_update_extra(set, i, "geocode_quality", q);
    if (rc == SAHA_OK)
        rc = saha_account_update_extra(set, i, "geocode_display_name", r->display_name);
    if (rc == SAHA_OK &&
        (r->status == SAHA_GEOCODE_OK || r->status == SAHA_GEOCODE_CACHED))
        rc = saha_account_update_coords(set, i, r->pos);
    return rc;
}

static void count(saha_geocode_stats *st, saha_geocode_status s)
{
    switch (s) {
    case SAHA_GEOCODE_OK:
        st->ok++;
        break;
    case SAHA_GEOCODE_CACHED:
        st->cached++;
        break;
    case SAHA_GEOCODE_NOT_FOUND:
        st->not_found++;
        break;
    case SAHA_GEOCODE_AMBIGUOUS:
        st->ambiguous++;
        break;
    case SAHA_GEOCODE_FAILED:
        st->failed++;
        break;
    case SAHA_GEOCODE_SKIPPED:
        st->skipped++;
        break;
    }
}

static int is_cc(const char *s)
{
    return s && strlen(s) == 2 && ((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z') &&
           ((s[1] | 32) >= 'a' && (s[1] | 32) <= 'z');
}

/* 1 when the folded comma list `list` ("a,b,c") has `part` as one of its items. */
static int has_item(const char *list, const char *part)
{
    size_t n = strlen(part);
    const char *p = list;
    if (n == 0)
        return 1;
    while ((p = strstr(p, part)) != NULL) {
        if ((p == list || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
            return 1;
        p++;
    }
    return 0;
}

/* The free-text query of an account with an address but no street: the address, then
 * its district, city, postcode and (when not a 2-letter code, which goes as the
 * country restriction) country unless the address already names them. NULL: out of
 * memory. */
static char *address_text(saha_ctx *ctx, const saha_account *a)
{
    const char *parts[4];
    char *folded = saha_geocode__normalize(ctx, a->address);
    saha__buf b;
    saha_status rc;

    if (!folded)
        return NULL;
    parts[0] = a->district;
    parts[1] = a->city;
    parts[2] = a->postcode;
    parts[3] = is_cc(a->country) ? NULL : a->country;
    saha__buf_init(&b, ctx, SAHA__BUF_NOLIMIT);
    rc = saha__buf_puts(&b, a->address);
    for (size_t i = 0; i < 4 && rc == SAHA_OK; i++) {
        char *fp;
        if (!nonempty(parts[i]))
            continue;
        fp = saha_geocode__normalize(ctx, parts[i]);
        if (!fp) {
            rc = SAHA_ENOMEM;
            break;
        }
        if (!has_item(folded, fp))
            rc = saha__buf_printf(&b, ", %s", parts[i]);
        saha__free(ctx, fp);
    }
    saha__free(ctx, folded);
    if (rc < 0) {
        saha__buf_free(&b);
        return NULL;
    }
    return saha__buf_take(&b, NULL);
}

saha_status saha_geocode_accounts_options_init(saha_geocode_accounts_options *opts,
                                               unsigned version)
{
    if (!opts || version != SAHA_GEOCODE_ACCOUNTS_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    return SAHA_OK;
}

saha_status saha_geocode_accounts(saha_geocoder *g, saha_account_set *set,
                                  const saha_geocode_accounts_options *opts,
                                  saha_geocode_stats *stats)
{
    saha_geocode_accounts_options defaults;
    saha_geocode_stats local;
    saha_geocode_stats *st = stats ? stats : &local;
    size_t n, total = 0, done_n = 0, nmiss = 0;
    char **miss = NULL, *text = NULL;
    saha_status rc = SAHA_OK;

    memset(st, 0, sizeof *st);
    if (!g)
        return SAHA_EINVAL;
    saha__error_clear(g->ctx);
    SAHA__CHECK_ARG(g->ctx, set != NULL);
    SAHA__CHECK_ARG(g->ctx,
                    !opts || opts->version == SAHA_GEOCODE_ACCOUNTS_OPTIONS_VERSION);
    (void)saha_geocode_accounts_options_init(&defaults,
                                             SAHA_GEOCODE_ACCOUNTS_OPTIONS_VERSION);
    if (!opts)
        opts = &defaults;
    n = saha_account_count(set);
    for (size_t i = 0; i < n; i++) {
        const saha_account *a = saha_account_at(set, i);
        if (opts->force || !a->has_coords)
            total++;
    }
    st->considered = total;
    if (opts->dry_run && total) {
        miss = saha__calloc(g->ctx, total, sizeof *miss);
        if (!miss)
            return SAHA_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const saha_account *a = saha_account_at(set, i);
        saha_geocode_query q;
        saha_geocode_filter f = opts->filter;
        saha_geocode_result r;

        if (!(opts->force || !a->has_coords))
            continue;
        memset(&q, 0, sizeof q);
        q.text = a->address;
        q.street = a->street;
        q.city = a->city;
        q.district = a->district;
        q.postcode = a->postcode;
        q.country = a->country;
        saha__free(g->ctx, text);
        text = NULL;
        if (!nonempty(a->street) && nonempty(a->address) &&
            (nonempty(a->city) || nonempty(a->district) || nonempty(a->postcode))) {
            /* the usual CRM shape: a free-text address plus a city but no street; a
             * structured query would send the city alone and every such account
             * would land on the city centre, so one free-text query holds it all */
            text = address_text(g->ctx, a);
            if (!text) {
                rc = SAHA_ENOMEM;
                goto done;
            }
            memset(&q, 0, sizeof q);
            q.text = text;
        }
        if (!nonempty(f.country_code) && is_cc(a->country))
            f.country_code = a->country;
        if (opts->dry_run) {
            /* cache only, nothing changed; identical misses count once */
            saha_geocoder tmp = *g;
            tmp.offline = 1;
            rc = saha_geocode_lookup(&tmp, &q, &f, &r);
            if (rc < 0)
                goto done;
            if (r.from_cache) {
                st->cached++;
            } else if (r.status == SAHA_GEOCODE_SKIPPED && !g->offline) {
                char *k = saha_geocode__query_key(g->ctx, &q);
                if (!k) {
                    rc = SAHA_ENOMEM;
                    goto done;
                }
                if (*k)
                    miss[nmiss++] = k;
                else {
                    saha__free(g->ctx, k);
                    st->skipped++;
                }
            } else {
                count(st, r.status);
            }
        } else {
            int put_failed = g->cache_write_failed;
            rc = saha_geocode_lookup(g, &q, &f, &r);
            if (rc == SAHA_EIO && g->cache_write_failed && !put_failed) {
                /* the cache could not store this answer (disk full): keep the answer
                 * and go on without caching; the caller learns it from the stats */
                saha__log(g->ctx, SAHA_LOG_WARN, "%s", g->cache_message);
                saha__error_clear(g->ctx);
                rc = SAHA_OK;
            }
            if (rc == SAHA_ENOMEM || rc == SAHA_EIO || rc == SAHA_EINVAL)
                goto done;
            if (rc < 0) {
                const saha_error *err = saha_ctx_last_error(g->ctx);
                saha__log(g->ctx, SAHA_LOG_WARN,
                          "%s:%zu: account %s: geocoding failed: %s",
                          saha_account_source(set), (size_t)a->line, a->id, err->message);
                saha__error_clear(g->ctx);
            }
            rc = set_columns(set, i, &r);
            if (rc < 0)
                goto done;
            count(st, r.status);
        }
        done_n++;
        if (opts->progress && opts->progress(done_n, total, opts->payload)) {
            rc = saha__error_set(g->ctx, SAHA_ECANCEL, NULL, 0, 0, "geocoding cancelled");
            goto done;
        }
    }
    if (opts->dry_run) {
        size_t uniq = 0;
        qsort(miss, nmiss, sizeof *miss, cmp_str);
        for (size_t k = 0; k < nmiss; k++)
            if (k == 0 || strcmp(miss[k], miss[k - 1]) != 0)
                uniq++;
        st->requests = uniq;
        st->est_seconds = uniq ? (double)(uniq - 1) / g->rate_per_s : 0.0;
    } else {
        st->requests = g->requests;
    }
    rc = SAHA_OK;
done:
    if (g->cache_write_failed) {
        st->cache_write_failed = 1;
        saha_geocode__copy(st->cache_message, sizeof st->cache_message, g->cache_message);
    }
    if (g->stopped) {
        st->provider_stopped = 1;
        saha_geocode__copy(st->message, sizeof st->message, g->stop_message);
    }
    for (size_t k = 0; k < nmiss; k++)
        saha__free(g->ctx, miss[k]);
    saha__free(g->ctx, miss);
    saha__free(g->ctx, text);
    return rc;
}
