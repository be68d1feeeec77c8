/* account_json: the JSON (array of objects) and GeoJSON (FeatureCollection of Points)
 * readers, on top of jansson.
 *
 * Columns are the union of the object keys (GeoJSON: of the properties) in first-seen
 * order; each element becomes a row with one cell per column ("" when the key is absent).
 * Scalars become their text (numbers as the shortest text that reads back to the same
 * double); nested values in unknown columns are kept as compact JSON text, in a known
 * field they reject the row. jansson keeps no positions, so a light scan of the (already
 * validated) text finds the line where each element starts. O(input). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "internal/account.h"
#include "util/json.h"

/* Lines where the elements of the target array start: mode 0 the top-level array, mode 1
 * the "features" array of the top-level object. The text is valid JSON. */
static saha_status element_lines(saha_ctx *ctx, const char *s, size_t len, int mode,
                                 size_t **out, size_t *n_out)
{
    size_t line = 1, depth = 0, n = 0, cap = 0, *lines = NULL;
    size_t target_depth = mode == 0 ? 1 : 2;
    int in_target = 0, expect = 0, last_was_features = 0, key_features = 0;

    *out = NULL;
    *n_out = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '\n') {
            line++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r')
            continue;
        if (expect && in_target && depth == target_depth && c != ']') {
            if (SAHA__GROW(ctx, lines, cap, n + 1, 64) < 0) {
                saha__free(ctx, lines);
                return SAHA_ENOMEM;
            }
            lines[n++] = line;
            expect = 0;
        }
        if (c == '"') {
            size_t st = ++i;
            while (i < len && s[i] != '"') {
                if (s[i] == '\\')
                    i++;
                i++;
            }
            last_was_features =
                depth == 1 && i - st == 8 && memcmp(s + st, "features", 8) == 0;
            continue;
        }
        if (c == ':') {
            key_features = depth == 1 && last_was_features;
            continue;
        }
        last_was_features = 0;
        if (c == '[' || c == '{') {
            depth++;
            if (c == '[' && ((mode == 0 && depth == 1) ||
                             (mode == 1 && depth == 2 && key_features))) {
                in_target = 1;
                expect = 1;
            }
            key_features = 0;
        } else if (c == ']' || c == '}') {
            if (depth == target_depth)
                in_target = 0;
            if (depth)
                depth--;
        } else if (c == ',') {
            if (in_target && depth == target_depth)
                expect = 1;
            key_features = 0;
        }
    }
    *out = lines;
    *n_out = n;
    return SAHA_OK;
}

/* The text of a scalar; nested values as compact JSON (*nested set). NULL: ENOMEM. */
static const char *value_text(saha_account_set *set, json_t *v, int *nested)
{
    char tmp[64];
    *nested = 0;
    switch (json_typeof(v)) {
    case JSON_STRING:
        return saha__arena_strndup(&set->arena, json_string_value(v),
                                   json_string_length(v));
    case JSON_INTEGER:
        snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return saha__arena_strdup(&set->arena, tmp);
    case JSON_REAL: {
        double d = json_real_value(v);
        for (int prec = 15; prec <= 17; prec++) {
            double back;
            snprintf(tmp, sizeof tmp, "%.*g", prec, d);
            for (char *p = tmp; *p; p++)
                if (*p == ',')
                    *p = '.';
            /* read back in the C locale (a plain strtod would follow LC_NUMERIC) */
            if (saha__parse_double(tmp, strlen(tmp), 0, &back) == 0 && back == d)
                break;
        }
        return saha__arena_strdup(&set->arena, tmp);
    }
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    case JSON_NULL:
        return "";
    default: {
        char *dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        const char *copy;
        *nested = 1;
        if (!dump)
            return "";
        copy = saha__arena_strdup(&set->arena, dump);
        free(dump);
        return copy;
    }
    }
}

/* Adds the keys of obj as columns (first seen wins). */
static saha_status add_keys(saha_account_set *set, json_t *obj)
{
    const char *key;
    json_t *val;
    if (!json_is_object(obj))
        return SAHA_OK;
    json_object_foreach(obj, key, val)
    {
        saha_status rc;
        (void)val;
        if (saha_account__map_get(&set->cols, key) != SAHA_ACCOUNT__NONE)
            continue;
        rc = saha_account__add_column(set, key, strlen(key));
        if (rc < 0)
            return rc;
    }
    return SAHA_OK;
}

/* Fills cells from the members of obj; a nested value in a known field is a problem. */
static saha_status fill_cells(saha_account_set *set, json_t *obj, const char **cells,
                              const char **pfield, const char **pmsg)
{
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val)
    {
        size_t c = saha_account__map_get(&set->cols, key);
        int nested;
        const char *t;
        if (c == SAHA_ACCOUNT__NONE)
            continue;
        t = value_text(set, val, &nested);
        if (!t)
            return SAHA_ENOMEM;
        cells[c] = t;
        if (nested && set->col_field[c] >= 0 && !*pmsg) {
            *pfield = saha_account__column_label(set, c);
            *pmsg = saha_account__arena_printf(
                set, "expected a string, number, boolean or null, got %s",
                saha__json_type_name(val));
            if (!*pmsg)
                return SAHA_ENOMEM;
        }
    }
    return SAHA_OK;
}

static const char **new_cells(saha_account_set *set)
{
    return saha_account__scratch(set, set->ncols ? set->ncols : 1);
}

static saha_status read_array(saha_account_set *set, json_t *root, const size_t *lines,
                              size_t nlines)
{
    size_t n = json_array_size(root);
    saha_status rc;
    for (size_t i = 0; i < n; i++) {
        rc = add_keys(set, json_array_get(root, i));
        if (rc < 0)
            return rc;
    }
    if (n > 0 && set->field_col[SAHA_F_ID] == SAHA_ACCOUNT__NONE)
        return saha__error_set(set->ctx, SAHA_EPARSE, set->source, nlines ? lines[0] : 1,
                               0,
                               "no id field in any object (want one of: id, account_id, "
                               "code, kod, müşteri_no)");
    for (size_t i = 0; i < n; i++) {
        json_t *obj = json_array_get(root, i);
        const char **cells = new_cells(set);
        const char *pfield = NULL, *pmsg = NULL;
        if (!cells)
            return SAHA_ENOMEM;
        if (!json_is_object(obj)) {
            pfield = "";
            pmsg = saha_account__arena_printf(set, "expected an object, got %s",
                                              saha__json_type_name(obj));
            if (!pmsg)
                return SAHA_ENOMEM;
        } else {
            rc = fill_cells(set, obj, cells, &pfield, &pmsg);
            if (rc < 0)
                return rc;
        }
        rc = saha_account__add_row(set, i < nlines ? lines[i] : 0, cells, set->ncols,
                                   pfield, pmsg);
        if (rc < 0)
            return rc;
    }
    return SAHA_OK;
}

static int header_has_field(json_t *props, int field)
{
    const char *key;
    json_t *val;
    if (!json_is_object(props))
        return 0;
    json_object_foreach(props, key, val)
    {
        (void)val;
        if (saha_account__field_of_header(key, strlen(key)) == field)
            return 1;
    }
    return 0;
}

static saha_status read_features(saha_account_set *set, json_t *features,
                                 const size_t *lines, size_t nlines)
{
    size_t n = json_array_size(features);
    int props_id = 0, props_lat = 0, props_lon = 0, feature_id = 0;
    size_t id_col = SAHA_ACCOUNT__NONE;
    saha_status rc;

    for (size_t i = 0; i < n; i++) {
        json_t *f = json_array_get(features, i);
        json_t *props = json_object_get(f, "properties");
        props_id |= header_has_field(props, SAHA_F_ID);
        props_lat |= header_has_field(props, SAHA_F_LAT);
        props_lon |= header_has_field(props, SAHA_F_LON);
        if (json_is_string(json_object_get(f, "id")) ||
            json_is_number(json_object_get(f, "id")))
            feature_id = 1;
    }
    if (feature_id && !props_id) {
        rc = saha_account__add_column(set, "id", 2);
        if (rc < 0)
            return rc;
        id_col = set->ncols - 1;
    }
    for (size_t i = 0; i < n; i++) {
        rc = add_keys(set, json_object_get(json_array_get(features, i), "properties"));
        if (rc < 0)
            return rc;
    }
    if (!props_lat && (rc = saha_account__add_column(set, "lat", 3)) < 0)
        return rc;
    if (!props_lon && (rc = saha_account__add_column(set, "lon", 3)) < 0)
        return rc;
    if (n > 0 && set->field_col[SAHA_F_ID] == SAHA_ACCOUNT__NONE)
        return saha__error_set(
            set->ctx, SAHA_EPARSE, set->source, nlines ? lines[0] : 1, 0,
            "no id in any feature (want a Feature id or a property id, "
            "account_id, code, kod, müşteri_no)");
    for (size_t i = 0; i < n; i++) {
        json_t *f = json_array_get(features, i), *props, *geom, *type;
        const char **cells = new_cells(set);
        const char *pfield = NULL, *pmsg = NULL;
        if (!cells)
            return SAHA_ENOMEM;
        type = json_object_get(f, "type");
        props = json_object_get(f, "properties");
        geom = json_object_get(f, "geometry");
        if (!json_is_object(f)) {
            pfield = "";
            pmsg = saha_account__arena_printf(set,
                                              "expected a GeoJSON Feature object, got %s",
                                              saha__json_type_name(f));
        } else if (type && !(json_is_string(type) &&
                             !strcmp(json_string_value(type), "Feature"))) {
            pfield = "";
            pmsg = "expected a GeoJSON Feature (\"type\": \"Feature\")";
        } else if (props && !json_is_object(props) && !json_is_null(props)) {
            pfield = "";
            pmsg =
                saha_account__arena_printf(set, "properties: expected an object, got %s",
                                           saha__json_type_name(props));
        } else {
            if (props && json_is_object(props)) {
                rc = fill_cells(set, props, cells, &pfield, &pmsg);
                if (rc < 0)
                    return rc;
            }
            {
                /* per feature: the Feature's own id when its properties have none (other
                 * features may carry properties.id) */
                size_t c =
                    id_col != SAHA_ACCOUNT__NONE ? id_col : set->field_col[SAHA_F_ID];
                json_t *fid = json_object_get(f, "id");
                if ((json_is_string(fid) || json_is_number(fid)) &&
                    c != SAHA_ACCOUNT__NONE &&
                    (id_col != SAHA_ACCOUNT__NONE || !cells[c][0])) {
                    int nested;
                    const char *t = value_text(set, fid, &nested);
                    if (!t)
                        return SAHA_ENOMEM;
                    cells[c] = nested ? "" : t;
                }
            }
            if (geom && !json_is_null(geom)) {
                json_t *gt = json_object_get(geom, "type");
                json_t *co = json_object_get(geom, "coordinates");
                if (!json_is_string(gt) || strcmp(json_string_value(gt), "Point") != 0) {
                    pfield = "geometry";
                    pmsg = saha_account__arena_printf(
                        set, "expected a Point, got %s",
                        json_is_string(gt) ? json_string_value(gt) : "no geometry type");
                } else if (!json_is_array(co) || json_array_size(co) < 2 ||
                           !json_is_number(json_array_get(co, 0)) ||
                           !json_is_number(json_array_get(co, 1))) {
                    pfield = "geometry";
                    pmsg = "Point coordinates must be [lon, lat] numbers";
                } else {
                    int nested;
                    const char *lon = value_text(set, json_array_get(co, 0), &nested);
                    const char *lat = value_text(set, json_array_get(co, 1), &nested);
                    if (!lon || !lat)
                        return SAHA_ENOMEM;
                    cells[set->field_col[SAHA_F_LON]] = lon;
                    cells[set->field_col[SAHA_F_LAT]] = lat;
                }
            }
        }
        if (pfield && !pmsg)
            return SAHA_ENOMEM;
        rc = saha_account__add_row(set, i < nlines ? lines[i] : 0, cells, set->ncols,
                                   pfield, pmsg);
        if (rc < 0)
            return rc;
    }
    return SAHA_OK;
}

saha_status saha_account__read_json(saha_account_set *set, const char *text, size_t len,
                                    saha_account_format mode)
{
    json_t *root;
    size_t off = 0, *lines = NULL, nlines = 0;
    saha_status rc;

    (void)mode; /* the content decides: an array, or a FeatureCollection */
    if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
        (unsigned char)text[2] == 0xBF)
        off = 3;
    root = saha__json_load(set->ctx, text + off, len - off, JSON_REJECT_DUPLICATES,
                           set->source, "invalid JSON");
    if (!root)
        return SAHA_EPARSE;
    if (json_is_array(root)) {
        rc = element_lines(set->ctx, text + off, len - off, 0, &lines, &nlines);
        if (rc == SAHA_OK)
            rc = read_array(set, root, lines, nlines);
    } else if (json_is_object(root) && json_is_string(json_object_get(root, "type")) &&
               strcmp(json_string_value(json_object_get(root, "type")),
                      "FeatureCollection") == 0) {
        json_t *features = json_object_get(root, "features");
        if (!json_is_array(features)) {
            rc =
                saha__error_set(set->ctx, SAHA_EPARSE, set->source, 1, 0,
                                "GeoJSON FeatureCollection without a \"features\" array");
        } else {
            rc = element_lines(set->ctx, text + off, len - off, 1, &lines, &nlines);
            if (rc == SAHA_OK)
                rc = read_features(set, features, lines, nlines);
        }
    } else {
        rc = saha__error_set(set->ctx, SAHA_EPARSE, set->source, 1, 0,
                             "expected a JSON array of objects or a GeoJSON "
                             "FeatureCollection, got %s",
                             saha__json_type_name(root));
    }
    saha__free(set->ctx, lines);
    json_decref(root);
    return rc;
}
