/* geocode_query: the names of statuses, the query text and URL parameters the provider
 * files build requests from, query normalisation and the query part of cache keys.
 * Shared by geocode.c, geocode_provider.c and the provider files (geocode_google.c,
 * geocode_nominatim.c, geocode_photon.c); depends on none of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/geocode_parse.h"
#include "util/json.h"

/* ---- names ------------------------------------------------------------------------- */

const char *saha_geocode_status_name(saha_geocode_status status)
{
    switch (status) {
    case SAHA_GEOCODE_OK:
        return "ok";
    case SAHA_GEOCODE_CACHED:
        return "cached";
    case SAHA_GEOCODE_NOT_FOUND:
        return "not_found";
    case SAHA_GEOCODE_AMBIGUOUS:
        return "ambiguous";
    case SAHA_GEOCODE_FAILED:
        return "failed";
    case SAHA_GEOCODE_SKIPPED:
        return "skipped";
    }
    return "failed";
}

/* ---- small text helpers (shared with the provider files) ------------------------------
 */

void saha_geocode__copy(char *dst, size_t cap, const char *src)
{
    size_t n;
    if (cap == 0)
        return;
    n = src ? strlen(src) : 0;
    if (n >= cap) {
        n = cap - 1;
        /* do not cut a UTF-8 sequence: back up over continuation bytes */
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

static int nonempty(const char *s)
{
    return s && *s;
}

saha_status saha_geocode__param(saha__buf *url, saha_http__client *http, const char *name,
                                const char *value)
{
    char *esc;
    saha_status rc;
    if (!nonempty(value))
        return SAHA_OK;
    esc = saha_http__escape(http, value);
    if (!esc)
        return saha__error_set(url->ctx, SAHA_ENOMEM, NULL, 0, 0, "out of memory");
    rc = saha__buf_printf(
        url, "%s%s=%s", url->len && url->data[url->len - 1] == '?' ? "" : "&", name, esc);
    saha_http__free_string(http, esc);
    return rc;
}

void saha_geocode__country_code(saha_geocode__cand *c, const json_t *v)
{
    if (json_is_string(v) && json_string_length(v) == 2)
        saha_geocode__copy(c->country_code, sizeof c->country_code, json_string_value(v));
}

json_t *saha_geocode__reply_start(saha_ctx *ctx, const char *source, const char *data,
                                  size_t len, saha_geocode__reply *out)
{
    memset(out, 0, sizeof *out);
    return saha__json_load(ctx, data, len, 0, source, "reply is not JSON");
}

saha_status saha_geocode__reply_done(saha_geocode__reply *out, json_t *root)
{
    out->api_status = out->n ? SAHA_GEOCODE__API_OK : SAHA_GEOCODE__API_ZERO_RESULTS;
    json_decref(root);
    return SAHA_OK;
}

saha_status saha_geocode__base(saha__buf *url, const char *base)
{
    size_t blen = strlen(base);
    while (blen && base[blen - 1] == '/')
        blen--;
    return saha__buf_append(url, base, blen);
}

saha_status saha_geocode__param_query(saha__buf *url, saha_http__client *http,
                                      const char *name, const saha_geocode_query *q)
{
    saha__buf text;
    saha_status rc;
    saha__buf_init(&text, url->ctx, SAHA__BUF_NOLIMIT);
    rc = saha_geocode__query_text(&text, q);
    if (rc == SAHA_OK)
        rc = saha_geocode__param(url, http, name, text.data);
    saha__buf_free(&text);
    return rc;
}

saha_status saha_geocode__query_text(saha__buf *dst, const saha_geocode_query *q)
{
    const char *parts[5];
    saha_status rc = SAHA_OK;
    size_t k = 0;
    if (nonempty(q->text) && !nonempty(q->street) && !nonempty(q->city) &&
        !nonempty(q->district))
        return saha__buf_puts(dst, q->text);
    parts[0] = q->street;
    parts[1] = q->district;
    parts[2] = q->city;
    parts[3] = q->postcode;
    parts[4] = q->country;
    for (size_t i = 0; i < 5 && rc == SAHA_OK; i++) {
        if (!nonempty(parts[i]))
            continue;
        if (k++)
            rc = saha__buf_puts(dst, ", ");
        if (rc == SAHA_OK)
            rc = saha__buf_puts(dst, parts[i]);
    }
    if (rc == SAHA_OK && k == 0 && nonempty(q->text))
        rc = saha__buf_puts(dst, q->text);
    return rc;
}

/* Folds one comma-separated part list: each part folded (saha__fold_key: Turkish-aware
 * lower case, accents removed, blanks to '_'), empty parts dropped, joined by ','. */
char *saha_geocode__normalize(saha_ctx *ctx, const char *text)
{
    saha__buf out;
    const char *p = text ? text : "";
    size_t len = strlen(p);
    char *tmp;
    size_t cap;
    int first = 1;

    /* folding never grows text by more than 2x (ß -> ss is 2 bytes -> 2 bytes) */
    if (saha__mul_size(len, 2, &cap) < 0 || saha__add_size(cap, 2, &cap) < 0) {
        saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "query too long");
        return NULL;
    }
    tmp = saha__malloc(ctx, cap);
    if (!tmp)
        return NULL;
    saha__buf_init(&out, ctx, SAHA__BUF_NOLIMIT);
    while (1) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        size_t m = saha__fold_key(p, n, tmp, cap);
        if (m) {
            if ((!first && saha__buf_putc(&out, ',') < 0) ||
                saha__buf_append(&out, tmp, m) < 0)
                goto oom;
            first = 0;
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    saha__free(ctx, tmp);
    return saha__buf_take(&out, NULL);
oom:
    saha__free(ctx, tmp);
    saha__buf_free(&out);
    return NULL;
}

/* Appends "name=<normalised value>" with a '|' separator; empty values skipped. */
static saha_status key_part(saha__buf *b, saha_ctx *ctx, const char *name,
                            const char *value)
{
    char *n;
    saha_status rc = SAHA_OK;
    if (!nonempty(value))
        return SAHA_OK;
    n = saha_geocode__normalize(ctx, value);
    if (!n)
        return SAHA_ENOMEM;
    if (*n) {
        if (b->len && b->data[b->len - 1] != '\t')
            rc = saha__buf_putc(b, '|');
        if (rc == SAHA_OK)
            rc = saha__buf_printf(b, "%s=%s", name, n);
    }
    saha__free(ctx, n);
    return rc;
}

/* The key without the provider prefix, for the cache's query column. "" when the query
 * has nothing to look up. */
char *saha_geocode__query_key(saha_ctx *ctx, const saha_geocode_query *q)
{
    saha__buf b;
    saha_status rc;
    saha__buf_init(&b, ctx, SAHA__BUF_NOLIMIT);
    rc = saha__buf_putc(&b, '\t'); /* marker: nothing written yet */
    if (nonempty(q->street) || nonempty(q->city) || nonempty(q->district)) {
        if (rc == SAHA_OK)
            rc = key_part(&b, ctx, "street", q->street);
        if (rc == SAHA_OK)
            rc = key_part(&b, ctx, "district", q->district);
        if (rc == SAHA_OK)
            rc = key_part(&b, ctx, "city", q->city);
        if (rc == SAHA_OK)
            rc = key_part(&b, ctx, "postcode", q->postcode);
        if (rc == SAHA_OK)
            rc = key_part(&b, ctx, "country", q->country);
    } else if (rc == SAHA_OK) {
        rc = key_part(&b, ctx, "q", q->text);
    }
    if (rc < 0) {
        saha__buf_free(&b);
        return NULL;
    }
    memmove(b.data, b.data + 1, b.len); /* drop the marker (NUL moves too) */
    b.len--;
    return saha__buf_take(&b, NULL);
}

void saha_geocode_free_string(saha_ctx *ctx, char *s)
{
    saha__free(ctx, s);
}
