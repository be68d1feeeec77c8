/* geocode_photon: the Photon /api request and its GeoJSON reply.
 *
 * Request: BASE/api?q=<free text>&limit=N[&lang=xx] (Photon has no structured form; the
 * structured parts are joined into the text). Photon ignores unknown languages, so lang
 * is sent only when the caller set one.
 * Reply: a FeatureCollection of Point features; coordinates are [lon, lat]. Photon gives
 * no score, so the quality comes from the feature's type: house 1.0, street 0.8,
 * locality/district 0.6, city 0.5, county 0.4, state 0.3, country 0.1, else 0.5. */
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "internal/geocode_parse.h"
#include "util/json.h"

saha_status saha_geocode__photon_url(saha__buf *url, const saha_geocode__request *r)
{
    saha_status rc;
    rc = saha_geocode__base(url, r->base);
    if (rc == SAHA_OK)
        rc = saha__buf_printf(url, "/api?limit=%zu", r->limit);
    if (rc < 0)
        return rc;
    rc = saha_geocode__param_query(url, r->http, "q", r->q);
    if (rc == SAHA_OK)
        rc = saha_geocode__param(url, r->http, "lang", r->lang);
    return rc;
}

static double type_quality(const char *t)
{
    static const struct {
        const char *type;
        double q;
    } tab[] = {{"house", 1.0}, {"street", 0.8}, {"locality", 0.6}, {"district", 0.6},
               {"city", 0.5},  {"county", 0.4}, {"state", 0.3},    {"country", 0.1}};
    if (!t)
        return 0.5;
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(t, tab[i].type) == 0)
            return tab[i].q;
    return 0.5;
}

/* Appends a property to the display name unless empty or equal to the last part. */
/* The properties that make up the display name, most specific first. */
static const char *const name_parts[] = {"name",   "street", "district", "city",
                                         "county", "state",  "country"};

static void add_part(char *dst, size_t cap, const char *part, const char **last)
{
    size_t n;
    if (!part || !*part || (*last && strcmp(*last, part) == 0))
        return;
    n = strlen(dst);
    if (n && n + 2 < cap) {
        dst[n++] = ',';
        dst[n++] = ' ';
        dst[n] = '\0';
    }
    if (n + 1 < cap)
        saha_geocode__copy(dst + n, cap - n, part);
    *last = part;
}

saha_status saha_geocode__parse_photon(saha_ctx *ctx, const char *source,
                                       const char *data, size_t len,
                                       saha_geocode__reply *out)
{
    json_t *root, *feats;
    size_t i;

    root = saha_geocode__reply_start(ctx, source, data, len, out);
    if (!root)
        return SAHA_EPARSE;
    feats = json_object_get(root, "features");
    if (!json_is_object(root) || !json_is_array(feats)) {
        const char *msg = json_string_value(json_object_get(root, "message"));
        saha__error_set(ctx, SAHA_EPARSE, source, 0, 0, "%s%s",
                        msg ? "provider error: "
                            : "reply is not a GeoJSON FeatureCollection",
                        msg ? msg : "");
        json_decref(root);
        return SAHA_EPARSE;
    }
    out->total = json_array_size(feats);
    for (i = 0; i < out->total && out->n < SAHA_GEOCODE__MAX_CAND; i++) {
        json_t *f = json_array_get(feats, i);
        json_t *co = json_object_get(json_object_get(f, "geometry"), "coordinates");
        json_t *pr = json_object_get(f, "properties");
        saha_geocode__cand *c = &out->cand[out->n];
        const char *last = NULL;
        double lat, lon;
        if (!json_is_array(co) || json_array_size(co) < 2 ||
            !json_is_number(json_array_get(co, 0)) ||
            !json_is_number(json_array_get(co, 1)))
            continue;
        lon = json_number_value(json_array_get(co, 0));
        lat = json_number_value(json_array_get(co, 1));
        if (!isfinite(lat) || !isfinite(lon) || fabs(lat) > 90 || fabs(lon) > 180)
            continue;
        memset(c, 0, sizeof *c);
        c->lat_deg = lat;
        c->lon_deg = lon;
        c->quality = type_quality(json_string_value(json_object_get(pr, "type")));
        for (size_t k = 0; k < sizeof name_parts / sizeof name_parts[0]; k++)
            add_part(c->display_name, sizeof c->display_name,
                     json_string_value(json_object_get(pr, name_parts[k])), &last);
        saha_geocode__country_code(c, json_object_get(pr, "countrycode"));
        out->n++;
    }
    return saha_geocode__reply_done(out, root);
}
