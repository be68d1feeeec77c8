/* geocode_nominatim: the Nominatim /search request and its jsonv2 reply.
 *
 * Request: BASE/search?format=jsonv2&limit=N&addressdetails=1 plus either q=<free text>
 * or the structured street/county/state/city/postalcode/country parameters (Nominatim
 * forbids mixing q with them), countrycodes=, accept-language=, email=. addressdetails=1
 * (rather than 0) is asked so the reply carries address.country_code, which the
 * country check needs.
 * Reply: a JSON array of places; lat/lon are strings, importance 0..1 is the quality
 * (place_rank/30 when absent). An object {"error": ...} is a provider error. */
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "internal/geocode_parse.h"
#include "util/json.h"

static int nonempty(const char *s)
{
    return s && *s;
}

saha_status saha_geocode__nominatim_url(saha__buf *url, const saha_geocode__request *r)
{
    saha_http__client *http = r->http;
    const saha_geocode_query *q = r->q;
    saha_status rc;
    rc = saha_geocode__base(url, r->base);
    if (rc == SAHA_OK)
        rc = saha__buf_printf(url, "/search?format=jsonv2&limit=%zu&addressdetails=1",
                              r->limit);
    if (rc < 0)
        return rc;
    if (nonempty(q->street) || nonempty(q->city) || nonempty(q->district)) {
        rc = saha_geocode__param(url, http, "street", q->street);
        if (rc == SAHA_OK && nonempty(q->district)) {
            /* Turkish il/ilçe: the district (ilçe, admin_level 6) is Nominatim's county,
             * the province (il, admin_level 4, our "city" column) its state */
            rc = saha_geocode__param(url, http, "county", q->district);
            if (rc == SAHA_OK)
                rc = saha_geocode__param(url, http, "state", q->city);
        } else if (rc == SAHA_OK) {
            rc = saha_geocode__param(url, http, "city", q->city);
        }
        if (rc == SAHA_OK)
            rc = saha_geocode__param(url, http, "postalcode", q->postcode);
        if (rc == SAHA_OK)
            rc = saha_geocode__param(url, http, "country", q->country);
    } else {
        rc = saha_geocode__param_query(url, http, "q", q);
    }
    if (rc == SAHA_OK)
        rc = saha_geocode__param(url, http, "countrycodes", r->cc);
    if (rc == SAHA_OK)
        rc = saha_geocode__param(url, http, "accept-language", r->lang);
    if (rc == SAHA_OK)
        rc = saha_geocode__param(url, http, "email", r->email);
    return rc;
}

/* A coordinate given as a JSON string or number; 0 ok. */
static int coord(json_t *v, double *out)
{
    if (json_is_number(v)) {
        *out = json_number_value(v);
        return isfinite(*out) ? 0 : -1;
    }
    if (json_is_string(v))
        return saha__parse_double(json_string_value(v), json_string_length(v), 0, out);
    return -1;
}

saha_status saha_geocode__parse_nominatim(saha_ctx *ctx, const char *source,
                                          const char *data, size_t len,
                                          saha_geocode__reply *out)
{
    json_t *root;
    size_t i;

    root = saha_geocode__reply_start(ctx, source, data, len, out);
    if (!root)
        return SAHA_EPARSE;
    if (json_is_object(root)) {
        json_t *e = json_object_get(root, "error");
        const char *msg = json_string_value(e);
        if (!msg && json_is_object(e))
            msg = json_string_value(json_object_get(e, "message"));
        saha__error_set(ctx, SAHA_EPARSE, source, 0, 0, "provider error: %s",
                        msg ? msg : "reply is an object, want an array of places");
        json_decref(root);
        return SAHA_EPARSE;
    }
    if (!json_is_array(root)) {
        json_decref(root);
        return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0,
                               "reply is not an array of places");
    }
    out->total = json_array_size(root);
    for (i = 0; i < out->total && out->n < SAHA_GEOCODE__MAX_CAND; i++) {
        json_t *p = json_array_get(root, i), *v;
        saha_geocode__cand *c = &out->cand[out->n];
        double lat, lon, q = NAN;
        if (!json_is_object(p))
            continue;
        if (coord(json_object_get(p, "lat"), &lat) < 0 ||
            coord(json_object_get(p, "lon"), &lon) < 0 || fabs(lat) > 90 ||
            fabs(lon) > 180)
            continue;
        memset(c, 0, sizeof *c);
        c->lat_deg = lat;
        c->lon_deg = lon;
        v = json_object_get(p, "importance");
        if (json_is_number(v))
            q = json_number_value(v);
        if (!isfinite(q)) {
            v = json_object_get(p, "place_rank");
            if (json_is_number(v))
                q = json_number_value(v) / 30.0;
        }
        if (!isfinite(q))
            q = 0.5;
        c->quality = q < 0 ? 0 : q > 1 ? 1 : q;
        saha_geocode__copy(c->display_name, sizeof c->display_name,
                           json_string_value(json_object_get(p, "display_name")));
        saha_geocode__country_code(
            c, json_object_get(json_object_get(p, "address"), "country_code"));
        out->n++;
    }
    return saha_geocode__reply_done(out, root);
}
