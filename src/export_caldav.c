/* export_caldav: publishes an itinerary to a CalDAV calendar collection (RFC 4791)
 * through the internal HTTP client (internal/http.h: TLS verified, retries, redaction;
 * credentials come from the caller's saha_http_options).
 *
 * Method: one calendar object resource per visit, named after its UID (URL-escaped),
 * holding the single-event iCalendar saha_export_ics writes (opts->ics_uid). A visit
 * with a known ETag (the previous itinerary's etag column) is PUT with If-Match on it,
 * one without with If-None-Match: *, so a copy edited on the phone (its ETag changed)
 * answers 412 and is left alone; dropped visits are DELETEd (If-Match when known; 404
 * counts as gone). O(visits) requests. Caller: the CLI (plan --caldav). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/export.h"
#include "internal/http.h"

/* The single-event ICS of uid into a malloc'd string. */
static saha_status one_event(saha_ctx *ctx, const saha_itinerary *it,
                             const saha_account_set *acc, const saha_export_options *opts,
                             const char *uid, char **out, size_t *len)
{
    saha_export_options o = *opts;
    FILE *f;
    saha_status rc;
    *out = NULL;
    *len = 0;
    o.ics_uid = uid;
    f = open_memstream(out, len);
    if (!f)
        return saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "out of memory");
    rc = saha_export_ics(f, ctx, it, acc, &o);
    if (fclose(f) != 0 && rc == SAHA_OK)
        rc = saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "out of memory");
    return rc;
}

static saha_status resource_url(saha_http__client *http, const char *base,
                                const char *uid, char *dst, size_t cap)
{
    char *e = saha_http__escape(http, uid);
    size_t bl = strlen(base);
    int n;
    if (!e)
        return SAHA_ENOMEM;
    n = snprintf(dst, cap, "%s%s%s.ics", base, bl && base[bl - 1] == '/' ? "" : "/", e);
    saha_http__free_string(http, e);
    return n < 0 || (size_t)n >= cap ? SAHA_EINVAL : SAHA_OK;
}

static saha_status one_request(saha_ctx *ctx, saha_http__client *http, const char *method,
                               const char *url, const char *etag, const char *body,
                               size_t len, saha_caldav_result *r)
{
    char cond[300];
    const char *hdrs[2] = {cond, NULL};
    saha_http__response resp;
    saha_status rc;
    if (etag && etag[0])
        snprintf(cond, sizeof cond, "If-Match: %s", etag);
    else if (!strcmp(method, "PUT"))
        snprintf(cond, sizeof cond, "If-None-Match: *");
    else
        hdrs[0] = NULL;
    rc = saha_http__request(http, method, url, hdrs,
                            body ? "text/calendar; charset=utf-8" : NULL, body, len,
                            &resp);
    (void)ctx;
    if (rc == SAHA_OK) {
        r->status = resp.status;
        snprintf(r->etag, sizeof r->etag, "%s", resp.etag);
        if (resp.status == 412)
            r->outcome = SAHA_CALDAV_CONFLICT;
        else if (!strcmp(method, "DELETE"))
            r->outcome = resp.status / 100 == 2 || resp.status == 404
                             ? SAHA_CALDAV_DELETED
                             : SAHA_CALDAV_FAILED;
        else if (resp.status / 100 != 2)
            r->outcome = SAHA_CALDAV_FAILED;
    }
    saha_http__response_free(&resp);
    return rc;
}

saha_status saha_caldav_publish(saha_ctx *ctx, const saha_http_options *http_opts,
                                const saha_itinerary *it,
                                const saha_account_set *accounts,
                                const char *collection_url,
                                const saha_export_options *opts,
                                saha_caldav_result **results, size_t *n)
{
    saha_export_options o;
    saha_http__client *http = NULL;
    saha_caldav_result *res = NULL;
    size_t cap = 0, k = 0;
    saha_status rc = SAHA_OK;
    char url[2048];

    (void)saha_export_options_init(&o, SAHA_EXPORT_OPTIONS_VERSION);

    SAHA__CHECK_ARG(ctx, it && accounts && collection_url && results && n);
    *results = NULL;
    *n = 0;
    if (opts)
        o = *opts;
    if (strncmp(collection_url, "http://", 7) && strncmp(collection_url, "https://", 8))
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "caldav: the collection URL must be http(s)://");
    rc = saha_http__create(&http, ctx, http_opts);
    if (rc != SAHA_OK)
        return rc;
    for (size_t d = 0; d < it->ndays; d++)
        cap += it->days[d].nstops;
    cap += it->nchanges;
    res = calloc(cap + 1, sizeof *res);
    if (!res) {
        rc = saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t d = 0; d < it->ndays && rc == SAHA_OK; d++)
        for (size_t i = 0; i < it->days[d].nstops && rc == SAHA_OK; i++) {
            const saha_plan_stop *s = &it->days[d].stops[i];
            char *body = NULL;
            size_t len = 0;
            if (!s->uid || !s->uid[0])
                continue;
            rc = resource_url(http, collection_url, s->uid, url, sizeof url);
            if (rc == SAHA_OK)
                rc = one_event(ctx, it, accounts, &o, s->uid, &body, &len);
            if (rc == SAHA_OK) {
                res[k].uid = s->uid;
                res[k].outcome =
                    s->etag && s->etag[0] ? SAHA_CALDAV_UPDATED : SAHA_CALDAV_CREATED;
                rc = one_request(ctx, http, "PUT", url, s->etag, body, len, &res[k]);
                k++;
            }
            free(body);
        }
    for (size_t c = 0; c < it->nchanges && rc == SAHA_OK; c++) {
        const saha_plan_change *ch = &it->changes[c];
        if (ch->status != SAHA_CHANGE_DROPPED || !ch->uid)
            continue;
        rc = resource_url(http, collection_url, ch->uid, url, sizeof url);
        if (rc == SAHA_OK) {
            res[k].uid = ch->uid;
            res[k].outcome = SAHA_CALDAV_DELETED;
            rc = one_request(ctx, http, "DELETE", url, ch->etag, NULL, 0, &res[k]);
            k++;
        }
    }
    if (rc == SAHA_OK) {
        *results = res;
        *n = k;
        res = NULL;
    }
done:
    free(res);
    saha_http__free(http);
    return rc;
}
