/* geocode_google: the Google Geocoding API request and its reply.
 *
 * Request: BASE/maps/api/geocode/json?address=<text>[&components=country:CC]
 * [&language=xx]&key=KEY. The key goes last and only here; the HTTP client redacts it
 * (it is registered as a secret) from every message and log line. Reply: {"status": ...,
 * "results": [...], "error_message": ...}. status OK and ZERO_RESULTS are answers;
 * OVER_QUERY_LIMIT, OVER_DAILY_LIMIT, REQUEST_DENIED, INVALID_REQUEST, UNKNOWN_ERROR are
 * reported in api_status for the caller to act on. Quality from geometry.location_type:
 * ROOFTOP 1.0, RANGE_INTERPOLATED 0.8, GEOMETRIC_CENTER 0.6, APPROXIMATE 0.4; times 0.8
 * when partial_match. */
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "internal/geocode_parse.h"
#include "util/json.h"

saha_status saha_geocode__google_url(saha__buf *url, const saha_geocode__request *r)
{
    saha_http__client *http = r->http;
    const char *cc = r->cc;
    saha_status rc;
    rc = saha_geocode__base(url, r->base);
    if (rc == SAHA_OK)
        rc = saha__buf_puts(url, "/maps/api/geocode/json?");
    if (rc < 0)
        return rc;
    rc = saha_geocode__param_query(url, http, "address", r->q);
    if (rc == SAHA_OK && cc && *cc) {
        char comp[32];
        int n = snprintf(comp, sizeof comp, "country:%s", cc);
        if (n < 0 || (size_t)n >= sizeof comp)
            return saha__error_set(url->ctx, SAHA_EINVAL, NULL, 0, 0, "bad country code");
        rc = saha_geocode__param(url, http, "components", comp);
    }
    if (rc == SAHA_OK)
        rc = saha_geocode__param(url, http, "language", r->lang);
    if (rc == SAHA_OK)
        rc = saha_geocode__param(url, http, "key", r->key);
    return rc;
}

static double location_quality(const char *t)
{
    if (!t)
        return 0.4;
    if (strcmp(t, "ROOFTOP") == 0)
        return 1.0;
    if (strcmp(t, "RANGE_INTERPOLATED") == 0)
        return 0.8;
    if (strcmp(t, "GEOMETRIC_CENTER") == 0)
        return 0.6;
    return 0.4;
}

static saha_geocode__api_status api_status(const char *s)
{
    static const struct {
        const char *name;
        saha_geocode__api_status st;
    } tab[] = {{"OK", SAHA_GEOCODE__API_OK},
               {"ZERO_RESULTS", SAHA_GEOCODE__API_ZERO_RESULTS},
               {"OVER_QUERY_LIMIT", SAHA_GEOCODE__API_OVER_QUERY_LIMIT},
               {"OVER_DAILY_LIMIT", SAHA_GEOCODE__API_OVER_DAILY_LIMIT},
               {"REQUEST_DENIED", SAHA_GEOCODE__API_REQUEST_DENIED},
               {"INVALID_REQUEST", SAHA_GEOCODE__API_INVALID_REQUEST}};
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(s, tab[i].name) == 0)
            return tab[i].st;
    return SAHA_GEOCODE__API_UNKNOWN_ERROR;
}

saha_status saha_geocode__parse_google(saha_ctx *ctx, const char *source,
                                       const char *data, size_t len,
                                       saha_geocode__reply *out)
{
    json_t *root, *results, *st;
    size_t i;

    root = saha_geocode__reply_start(ctx, source, data, len, out);
    if (!root)
        return SAHA_EPARSE;
    st = json_object_get(root, "status");
    results = json_object_get(root, "results");
    if (!json_is_object(root) || !json_is_string(st)) {
        json_decref(root);
        return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                               "reply has no \"status\": not a Google Geocoding reply");
    }
    out->api_status = api_status(json_string_value(st));
    saha_geocode__copy(out->message, sizeof out->message,
                       json_string_value(json_object_get(root, "error_message")));
    if (out->api_status == SAHA_GEOCODE__API_OK && !json_is_array(results)) {
        json_decref(root);
        return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                               "reply has status OK but no \"results\" array");
    }
    out->total = json_is_array(results) ? json_array_size(results) : 0;
    for (i = 0; i < out->total && out->n < SAHA_GEOCODE__MAX_CAND; i++) {
        json_t *r = json_array_get(results, i);
        json_t *geom = json_object_get(r, "geometry");
        json_t *loc = json_object_get(geom, "location");
        json_t *comps = json_object_get(r, "address_components");
        json_t *jlat = json_object_get(loc, "lat"), *jlng = json_object_get(loc, "lng");
        saha_geocode__cand *c = &out->cand[out->n];
        double lat, lon, q;
        if (!json_is_number(jlat) || !json_is_number(jlng))
            continue;
        lat = json_number_value(jlat);
        lon = json_number_value(jlng);
        if (!isfinite(lat) || !isfinite(lon) || fabs(lat) > 90 || fabs(lon) > 180)
            continue;
        memset(c, 0, sizeof *c);
        c->lat_deg = lat;
        c->lon_deg = lon;
        q = location_quality(json_string_value(json_object_get(geom, "location_type")));
        if (json_is_true(json_object_get(r, "partial_match")))
            q *= 0.8;
        c->quality = q;
        saha_geocode__copy(c->display_name, sizeof c->display_name,
                           json_string_value(json_object_get(r, "formatted_address")));
        for (size_t k = 0; json_is_array(comps) && k < json_array_size(comps); k++) {
            json_t *comp = json_array_get(comps, k),
                   *types = json_object_get(comp, "types");
            int is_country = 0;
            for (size_t t = 0; json_is_array(types) && t < json_array_size(types); t++) {
                const char *ty = json_string_value(json_array_get(types, t));
                if (ty && strcmp(ty, "country") == 0)
                    is_country = 1;
            }
            if (is_country) {
                json_t *sn = json_object_get(comp, "short_name");
                if (json_is_string(sn) && json_string_length(sn) == 2)
                    saha_geocode__copy(c->country_code, sizeof c->country_code,
                                       json_string_value(sn));
                break;
            }
        }
        out->n++;
    }
    if (out->api_status == SAHA_GEOCODE__API_OK && out->n == 0)
        out->api_status = SAHA_GEOCODE__API_ZERO_RESULTS;
    json_decref(root);
    return SAHA_OK;
}
