/* basemap: an offline basemap read from GeoJSON (see saha/basemap.h for the format), and
 * the land/water test.
 *
 * Storage: every ring and line is a range of one point array, with its bounding box.
 * Land test: a point is on land when more land rings than water rings (holes, lakes)
 * contain it (ray casting per ring, after a bounding-box check); rings are assumed not
 * to overlap each other except by nesting, as in Natural Earth. The water length of a
 * straight line samples it every 200 m (linear in degrees, fine at leg lengths) and
 * sums the spacing of samples on water. O(samples x ring points) per leg. */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "internal/basemap.h"
#include "util/json.h"

#define MAX_BYTES ((size_t)64 << 20)
#define STEP_M 200.0

static saha_status bad(saha_basemap *bm, const char *src, size_t feat, const char *what)
{
    return saha__error_set(bm->ctx, SAHA_EPARSE, src, 0, 0, "feature %zu: %s", feat + 1,
                           what);
}

static saha_status add_part(saha_basemap *bm, const char *src, size_t feat,
                            enum saha_basemap__kind kind, json_t *coords, size_t min_pts)
{
    saha_basemap__part p;
    size_t n = json_array_size(coords);
    if (!json_is_array(coords) || n < min_pts)
        return bad(bm, src, feat, "coordinates: expected an array of positions");
    if (SAHA__GROW(bm->ctx, bm->parts, bm->cap_parts, bm->nparts + 1, 64) < 0 ||
        SAHA__GROW(bm->ctx, bm->pts, bm->cap_pts, bm->npts + n, 1024) < 0)
        return SAHA_ENOMEM;
    memset(&p, 0, sizeof p);
    p.kind = kind;
    p.first = bm->npts;
    p.n = n;
    p.s = p.w = INFINITY;
    p.n_ = p.e = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        json_t *pos = json_array_get(coords, i);
        double lon = json_number_value(json_array_get(pos, 0));
        double lat = json_number_value(json_array_get(pos, 1));
        if (!json_is_number(json_array_get(pos, 0)) ||
            !json_is_number(json_array_get(pos, 1)) || !isfinite(lat) || !isfinite(lon) ||
            fabs(lat) > 90 || fabs(lon) > 180)
            return bad(bm, src, feat,
                       "coordinates: a position is not [lon, lat] in range");
        bm->pts[bm->npts + i] = (saha_latlon){lat, lon};
        p.s = fmin(p.s, lat);
        p.n_ = fmax(p.n_, lat);
        p.w = fmin(p.w, lon);
        p.e = fmax(p.e, lon);
    }
    bm->npts += n;
    bm->parts[bm->nparts++] = p;
    if (kind == SAHA_BASEMAP__LAND)
        bm->nland++;
    return SAHA_OK;
}

static saha_status add_polygon(saha_basemap *bm, const char *src, size_t feat,
                               json_t *rings, int land)
{
    saha_status rc = SAHA_OK;
    if (!json_is_array(rings) || json_array_size(rings) == 0)
        return bad(bm, src, feat, "Polygon: expected an array of rings");
    for (size_t r = 0; r < json_array_size(rings) && rc == SAHA_OK; r++)
        rc = add_part(bm, src, feat,
                      land && r == 0 ? SAHA_BASEMAP__LAND : SAHA_BASEMAP__WATER,
                      json_array_get(rings, r), 4);
    return rc;
}

static saha_status add_feature(saha_basemap *bm, const char *src, size_t k, json_t *f)
{
    json_t *props = json_object_get(f, "properties");
    json_t *geom = json_object_get(f, "geometry");
    const char *kind = json_string_value(json_object_get(props, "kind"));
    const char *gtype = json_string_value(json_object_get(geom, "type"));
    json_t *coords = json_object_get(geom, "coordinates");
    saha_status rc = SAHA_OK;
    int land, water;

    if (!json_is_object(f))
        return bad(bm, src, k, "expected an object");
    if (!kind || !gtype)
        return SAHA_OK; /* not ours: ignored */
    land = !strcmp(kind, "land");
    water = !strcmp(kind, "lake") || !strcmp(kind, "land-hole");
    if (land || water) {
        if (!strcmp(gtype, "Polygon"))
            return add_polygon(bm, src, k, coords, land);
        if (!strcmp(gtype, "MultiPolygon")) {
            if (!json_is_array(coords))
                return bad(bm, src, k, "MultiPolygon: expected an array of polygons");
            for (size_t i = 0; i < json_array_size(coords) && rc == SAHA_OK; i++)
                rc = add_polygon(bm, src, k, json_array_get(coords, i), land);
            return rc;
        }
        return bad(bm, src, k, "land and lake features need a Polygon or MultiPolygon");
    }
    if (!strcmp(kind, "border")) {
        json_t *admin = json_object_get(props, "admin");
        enum saha_basemap__kind bk = SAHA_BASEMAP__BORDER;
        if (admin && !(json_is_integer(admin) && json_integer_value(admin) >= 0 &&
                       json_integer_value(admin) <= 1))
            return bad(bm, src, k, "border: properties.admin must be 0 or 1");
        if (admin && json_integer_value(admin) == 1)
            bk = SAHA_BASEMAP__PROVINCE;
        if (!strcmp(gtype, "LineString"))
            return add_part(bm, src, k, bk, coords, 2);
        if (!strcmp(gtype, "MultiLineString")) {
            if (!json_is_array(coords))
                return bad(bm, src, k, "MultiLineString: expected an array of lines");
            for (size_t i = 0; i < json_array_size(coords) && rc == SAHA_OK; i++)
                rc = add_part(bm, src, k, bk, json_array_get(coords, i), 2);
            return rc;
        }
        return bad(bm, src, k, "border features need a LineString or MultiLineString");
    }
    if (!strcmp(kind, "place")) {
        const char *name = json_string_value(json_object_get(props, "name"));
        json_t *rank = json_object_get(props, "rank");
        double lon = json_number_value(json_array_get(coords, 0));
        double lat = json_number_value(json_array_get(coords, 1));
        saha_basemap__place *pl;
        if (strcmp(gtype, "Point") != 0 || !json_is_number(json_array_get(coords, 0)) ||
            !json_is_number(json_array_get(coords, 1)) || fabs(lat) > 90 ||
            fabs(lon) > 180)
            return bad(bm, src, k, "place features need a Point [lon, lat]");
        if (!name || !name[0])
            return bad(bm, src, k, "place: properties.name missing");
        if (SAHA__GROW(bm->ctx, bm->places, bm->cap_places, bm->nplaces + 1, 64) < 0)
            return SAHA_ENOMEM;
        pl = &bm->places[bm->nplaces];
        pl->pos = (saha_latlon){lat, lon};
        pl->rank = json_is_integer(rank) ? (int)json_integer_value(rank) : 1;
        pl->name = saha__arena_strdup(&bm->arena, name);
        if (!pl->name)
            return SAHA_ENOMEM;
        bm->nplaces++;
    }
    return SAHA_OK;
}

saha_status saha_basemap_parse(saha_basemap **out, saha_ctx *ctx, const char *source,
                               const char *data, size_t len)
{
    saha_basemap *bm;
    json_t *root = NULL, *feats, *box;
    const char *src = source ? source : "<basemap>";
    saha_status rc = SAHA_OK;

    if (!ctx)
        return SAHA_EINVAL;
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, data != NULL || len == 0);
    bm = saha__calloc(ctx, 1, sizeof *bm);
    if (!bm)
        return SAHA_ENOMEM;
    bm->ctx = ctx;
    saha__arena_init(&bm->arena, ctx);
    root = saha__json_load(ctx, data, len, 0, src, "not JSON");
    if (!root) {
        rc = SAHA_EPARSE;
        goto done;
    }
    feats = json_object_get(root, "features");
    if (!json_is_object(root) ||
        strcmp(json_string_value(json_object_get(root, "type"))
                   ? json_string_value(json_object_get(root, "type"))
                   : "",
               "FeatureCollection") != 0 ||
        !json_is_array(feats)) {
        rc = saha__error_set(ctx, SAHA_EPARSE, src, 0, 0,
                             "expected a GeoJSON FeatureCollection");
        goto done;
    }
    for (size_t k = 0; k < json_array_size(feats) && rc == SAHA_OK; k++)
        rc = add_feature(bm, src, k, json_array_get(feats, k));
    if (rc < 0)
        goto done;
    box = json_object_get(json_object_get(root, "properties"), "box");
    if (json_array_size(box) == 4) {
        for (int i = 0; i < 4; i++)
            bm->box[i] = json_number_value(json_array_get(box, (size_t)i));
        if (!(bm->box[0] < bm->box[2] && bm->box[1] < bm->box[3])) {
            rc = saha__error_set(ctx, SAHA_EPARSE, src, 0, 0,
                                 "properties.box: expected [south, west, north, east]");
            goto done;
        }
    } else {
        bm->box[0] = bm->box[1] = INFINITY;
        bm->box[2] = bm->box[3] = -INFINITY;
        for (size_t i = 0; i < bm->nparts; i++)
            if (bm->parts[i].kind == SAHA_BASEMAP__LAND) {
                bm->box[0] = fmin(bm->box[0], bm->parts[i].s);
                bm->box[1] = fmin(bm->box[1], bm->parts[i].w);
                bm->box[2] = fmax(bm->box[2], bm->parts[i].n_);
                bm->box[3] = fmax(bm->box[3], bm->parts[i].e);
            }
    }
    *out = bm;
    bm = NULL;
done:
    json_decref(root);
    saha_basemap_free(bm);
    return rc;
}

saha_status saha_basemap_load(saha_basemap **out, saha_ctx *ctx, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    saha_status rc;
    if (!ctx)
        return SAHA_EINVAL;
    SAHA__CHECK_ARG(ctx, out != NULL && path != NULL);
    *out = NULL;
    rc = saha__read_file(ctx, path, MAX_BYTES, &data, &len);
    if (rc == SAHA_OK)
        rc = saha_basemap_parse(out, ctx, path, data, len);
    saha__free(ctx, data);
    return rc;
}

void saha_basemap_free(saha_basemap *bm)
{
    if (!bm)
        return;
    saha__arena_free(&bm->arena);
    saha__free(bm->ctx, bm->pts);
    saha__free(bm->ctx, bm->parts);
    saha__free(bm->ctx, bm->places);
    saha__free(bm->ctx, bm);
}

void saha_basemap_counts(const saha_basemap *bm, size_t *rings, size_t *lines,
                         size_t *places)
{
    size_t r = 0, l = 0;
    for (size_t i = 0; bm && i < bm->nparts; i++) {
        if (bm->parts[i].kind == SAHA_BASEMAP__BORDER ||
            bm->parts[i].kind == SAHA_BASEMAP__PROVINCE)
            l++;
        else
            r++;
    }
    if (rings)
        *rings = r;
    if (lines)
        *lines = l;
    if (places)
        *places = bm ? bm->nplaces : 0;
}

static int ring_contains(const saha_basemap *bm, const saha_basemap__part *p,
                         saha_latlon q)
{
    int in = 0;
    const saha_latlon *v = bm->pts + p->first;
    if (q.lat_deg < p->s || q.lat_deg > p->n_ || q.lon_deg < p->w || q.lon_deg > p->e)
        return 0;
    for (size_t i = 0, j = p->n - 1; i < p->n; j = i++) {
        if ((v[i].lat_deg > q.lat_deg) != (v[j].lat_deg > q.lat_deg)) {
            double x = v[j].lon_deg + (q.lat_deg - v[j].lat_deg) *
                                          (v[i].lon_deg - v[j].lon_deg) /
                                          (v[i].lat_deg - v[j].lat_deg);
            if (q.lon_deg < x)
                in = !in;
        }
    }
    return in;
}

static int in_box(const saha_basemap *bm, saha_latlon p)
{
    return p.lat_deg >= bm->box[0] && p.lat_deg <= bm->box[2] &&
           p.lon_deg >= bm->box[1] && p.lon_deg <= bm->box[3];
}

static int land_at(const saha_basemap *bm, saha_latlon p)
{
    int depth = 0;
    for (size_t i = 0; i < bm->nparts; i++) {
        const saha_basemap__part *pt = &bm->parts[i];
        if (pt->kind == SAHA_BASEMAP__BORDER || pt->kind == SAHA_BASEMAP__PROVINCE ||
            !ring_contains(bm, pt, p))
            continue;
        depth += pt->kind == SAHA_BASEMAP__LAND ? 1 : -1;
    }
    return depth > 0;
}

int saha_basemap_is_land(const saha_basemap *bm, saha_latlon p)
{
    if (!bm || bm->nland == 0 || !isfinite(p.lat_deg) || !isfinite(p.lon_deg) ||
        !in_box(bm, p))
        return -1;
    return land_at(bm, p);
}

double saha_basemap_water_m(const saha_basemap *bm, saha_latlon a, saha_latlon b)
{
    double d, water = 0;
    size_t n;
    if (saha_basemap_is_land(bm, a) < 0 || saha_basemap_is_land(bm, b) < 0)
        return -1;
    d = saha_geo_distance_m(a, b);
    if (!isfinite(d))
        return -1;
    n = (size_t)ceil(d / STEP_M);
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        double t = ((double)i + 0.5) / (double)n;
        saha_latlon p = {a.lat_deg + t * (b.lat_deg - a.lat_deg),
                         a.lon_deg + t * (b.lon_deg - a.lon_deg)};
        if (!land_at(bm, p))
            water += d / (double)n;
    }
    return water;
}
