/* account: the load entry points, the per-row validation and the accessors of the account
 * set (its storage and building blocks are in account_set.c).
 *
 * Storage: the readers (account_csv.c, account_json.c) fill the header and one row per
 * input record with ALL of its raw cells (CSV cells stay in the owned input buffer,
 * unescaped in place and packed together per row; JSON cells live in the arena).
 * Validation then turns each row into a saha_account or into a rejected row with issues.
 * Memory is linear in the input: the buffer, a 16-byte row record (plus a 4-byte ref per
 * cell for rows that are not packed CSV) and one saha_account (160 bytes) per row. */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "internal/account.h"
#include "util/csv.h"
/* ---- validation
 * ------------------------------------------------------------------------ */

typedef struct vstate {
    saha_account_set *set;
    /* Interned opening hours: cell text -> index into hours (arena copies). */
    saha_account__map hours_of;
    const saha_hours **hours;
    size_t nhours, hours_cap;
    const saha_account_load_options *opts;
    saha_account__row *row;
    const char **cells; /* the row's cells, read once (set->scratch) */
    int nbad;           /* issues on this row */
    int strict;
    double *crs_x, *crs_y; /* transformed coordinates per row (CRS input), else NULL */
} vstate;

static const char *cell(const vstate *v, int field);
static int blank(const char *s);
static int parse_bool(const char *s, int *out);

/* Records a row issue; with strict, sets the error slot and returns SAHA_EPARSE. The
 * issue names the row's id and whether the row asked for a visit that cannot be left
 * out (must_visit true, or an appointment), read from the raw cells: the row is
 * rejected, so those cells were not (or not all) validated. */
static saha_status row_issue(vstate *v, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static saha_status row_issue(vstate *v, const char *field, const char *fmt, ...)
{
    saha_account_set *set = v->set;
    char tmp[512];
    const char *msg;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    v->nbad++;
    if (v->strict) {
        if (field && field[0])
            return saha__error_set(set->ctx, SAHA_EPARSE, set->source, v->row->line, 0,
                                   "%s: %s", field, tmp);
        return saha__error_set(set->ctx, SAHA_EPARSE, set->source, v->row->line, 0, "%s",
                               tmp);
    }
    msg = saha__arena_strdup(&set->arena, tmp);
    if (!msg)
        return SAHA_ENOMEM;
    if (saha_account__add_issue(set, v->row->line, field, msg, 0) < 0)
        return SAHA_ENOMEM;
    {
        saha_account_issue *is = &set->issues[set->nissues - 1];
        int mv = 0;
        is->id = cell(v, SAHA_F_ID);
        is->required = (parse_bool(cell(v, SAHA_F_MUST_VISIT), &mv) == 0 && mv) ||
                       !blank(cell(v, SAHA_F_APPOINTMENT));
        if (!is->required && v->row->ncells > set->ncols) {
            /* a row with extra fields (an unquoted delimiter somewhere): the cells after
             * the split are shifted, so read the promise counted from the end too */
            size_t shift = v->row->ncells - set->ncols;
            size_t mc = set->field_col[SAHA_F_MUST_VISIT];
            size_t ac = set->field_col[SAHA_F_APPOINTMENT];
            is->required = (mc != SAHA_ACCOUNT__NONE &&
                            parse_bool(v->cells[mc + shift], &mv) == 0 && mv) ||
                           (ac != SAHA_ACCOUNT__NONE && !blank(v->cells[ac + shift]));
        }
    }
    return SAHA_OK;
}

static const char *cell(const vstate *v, int field)
{
    size_t c = v->set->field_col[field];
    if (c == SAHA_ACCOUNT__NONE || c >= v->row->ncells)
        return "";
    return v->cells[c];
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return 0;
    return 1;
}

/* The cell quoted for a message (cut to 60 bytes). */
static const char *quoted(const char *s, char *buf, size_t cap)
{
    saha_account__excerpt(s, 60, buf, cap);
    return buf;
}

/* Parses a number field; 1 parsed, 0 empty, <0 status (issue recorded: -100 + rc). */
static int num_field(vstate *v, int field, double *out, saha_status *rc)
{
    const char *s = cell(v, field);
    char q[80];
    *rc = SAHA_OK;
    if (blank(s))
        return 0;
    if (saha__parse_double(s, strlen(s), v->set->decimal_comma, out) < 0 ||
        !isfinite(*out)) {
        *rc = row_issue(v, saha_account__field_name(field), "not a number: '%s'",
                        quoted(s, q, sizeof q));
        return -1;
    }
    return 1;
}

static int parse_bool(const char *s, int *out)
{
    static const char *const yes[] = {"true", "yes", "1", "evet", "e", "y", "t"};
    static const char *const no[] = {"false", "no", "0", "hayır", "hayir", "h", "n", "f"};
    char key[16];
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    if (n == 0 || n >= sizeof key)
        return -1;
    /* lower case; Turkish dotted/dotless capital I in HAYIR / EVET folded by hand */
    {
        size_t o = 0;
        for (size_t i = 0; i < n && o + 1 < sizeof key; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c == 0xC4 && i + 1 < n &&
                ((unsigned char)s[i + 1] == 0xB0 || (unsigned char)s[i + 1] == 0xB1)) {
                key[o++] = 'i';
                i++;
            } else {
                key[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            }
        }
        key[o] = '\0';
    }
    for (size_t k = 0; k < sizeof yes / sizeof yes[0]; k++)
        if (strcmp(key, yes[k]) == 0) {
            *out = 1;
            return 0;
        }
    for (size_t k = 0; k < sizeof no / sizeof no[0]; k++)
        if (strcmp(key, no[k]) == 0) {
            *out = 0;
            return 0;
        }
    return -1;
}

static void trimmed(const char *s, char *dst, size_t cap)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

#define TRY(expr)                                                                        \
    do {                                                                                 \
        saha_status rc_ = (expr);                                                        \
        if (rc_ < 0)                                                                     \
            return rc_;                                                                  \
    } while (0)

/* Validates row v->row into a (filled only when the row is valid). */
/* The set's copy of the hours written as text (parsed once per distinct text, then
 * shared); on a parse error records the row issue and leaves *out alone. */
static saha_status intern_hours(vstate *v, const char *text, const saha_hours **out)
{
    saha_account_set *set = v->set;
    char msg[SAHA_ERROR_SIZE];
    size_t k = saha_account__map_get(&v->hours_of, text);
    saha_hours h, *copy;

    if (k != SAHA_ACCOUNT__NONE) {
        *out = v->hours[k];
        return SAHA_OK;
    }
    if (saha_account__hours_parse(&h, text, msg, sizeof msg) < 0)
        return row_issue(v, "hours", "%s", msg);
    if (SAHA__GROW(set->ctx, v->hours, v->hours_cap, v->nhours + 1, 16) < 0)
        return SAHA_ENOMEM;
    copy = saha__arena_alloc(&set->arena, sizeof *copy);
    if (!copy)
        return SAHA_ENOMEM;
    *copy = h;
    /* the key is the cell, which lives as long as the set */
    if (saha_account__map_put(&v->hours_of, text, v->nhours) < 0)
        return SAHA_ENOMEM;
    v->hours[v->nhours++] = copy;
    *out = copy;
    return SAHA_OK;
}

static saha_status validate_row(vstate *v, saha_account *a)
{
    saha_account_set *set = v->set;
    saha_account__row *row = v->row;
    const char *s;
    char q[80], tmp[64];
    double x;
    saha_status rc;
    int got;

    memset(a, 0, sizeof *a);
    a->line = row->line; /* both 32-bit: add_row refuses lines past 4G */
    v->cells = saha_account__scratch(set, row->ncells ? row->ncells : 1);
    if (!v->cells)
        return SAHA_ENOMEM;
    {
        const char *p = NULL;
        for (size_t c = 0; c < row->ncells; c++)
            v->cells[c] = p = saha_account__cell_next(set, row, c, p);
    }
    {
        const char *pfield,
            *pmsg = saha_account__row_problem(set, (size_t)(row - set->rows), &pfield);
        if (pmsg)
            return row_issue(v, pfield, "%s", pmsg);
    }
    for (size_t c = 0; c < row->ncells; c++) {
        const char *t = v->cells[c];
        if (!saha__utf8_valid(t, strlen(t)))
            TRY(row_issue(v, saha_account__column_label(set, c), "invalid UTF-8 text"));
    }
    if (v->nbad)
        return SAHA_OK;

    a->id = cell(v, SAHA_F_ID);
    if (blank(a->id)) {
        TRY(row_issue(v, "id", "missing (every account needs a unique id)"));
    } else {
        size_t prev = saha_account__id_get(set, a->id);
        if (prev != SAHA_ACCOUNT__NONE)
            TRY(row_issue(v, "id", "duplicate id '%s', first used on line %zu",
                          quoted(a->id, q, sizeof q), (size_t)set->acc[prev].line));
    }
    a->name = cell(v, SAHA_F_NAME);
    a->address = cell(v, SAHA_F_ADDRESS);
    a->street = cell(v, SAHA_F_STREET);
    a->city = cell(v, SAHA_F_CITY);
    a->district = cell(v, SAHA_F_DISTRICT);
    a->postcode = cell(v, SAHA_F_POSTCODE);
    a->country = cell(v, SAHA_F_COUNTRY);
    a->rep = cell(v, SAHA_F_REP);
    a->phone = cell(v, SAHA_F_PHONE);
    a->notes = cell(v, SAHA_F_NOTES);

    /* coordinates */
    {
        double lat = NAN, lon = NAN;
        int glat = num_field(v, SAHA_F_LAT, &lat, &rc);
        int glon;
        if (rc < 0)
            return rc;
        glon = num_field(v, SAHA_F_LON, &lon, &rc);
        if (rc < 0)
            return rc;
        if (glat == 1 && glon == 0)
            TRY(row_issue(v, "lon", "missing while lat is given"));
        else if (glat == 0 && glon == 1)
            TRY(row_issue(v, "lat", "missing while lon is given"));
        else if (glat == 1 && glon == 1) {
            if (v->crs_x) {
                size_t ri = (size_t)(row - set->rows);
                lon = v->crs_x[ri];
                lat = v->crs_y[ri];
            }
            if (!(lat >= -90.0 && lat <= 90.0)) {
                if (v->crs_x)
                    TRY(row_issue(v, "lat",
                                  "out of range [-90, 90] after the CRS transform: %.6f",
                                  lat));
                else
                    TRY(row_issue(v, "lat", "out of range [-90, 90]: '%s'",
                                  quoted(cell(v, SAHA_F_LAT), q, sizeof q)));
            }
            if (!(lon >= -180.0 && lon <= 180.0)) {
                if (v->crs_x)
                    TRY(row_issue(
                        v, "lon",
                        "out of range [-180, 180] after the CRS transform: %.6f", lon));
                else
                    TRY(row_issue(v, "lon", "out of range [-180, 180]: '%s'",
                                  quoted(cell(v, SAHA_F_LON), q, sizeof q)));
            }
            a->has_coords = 1;
        }
        a->lat_deg = a->has_coords ? lat : NAN;
        a->lon_deg = a->has_coords ? lon : NAN;
    }

    a->value = 0;
    got = num_field(v, SAHA_F_VALUE, &x, &rc);
    if (rc < 0)
        return rc;
    if (got == 1) {
        if (x < 0)
            TRY(row_issue(v, "value", "negative: '%s'",
                          quoted(cell(v, SAHA_F_VALUE), q, sizeof q)));
        a->value = x;
    }

    a->probability = 1.0;
    got = num_field(v, SAHA_F_PROBABILITY, &x, &rc);
    if (rc < 0)
        return rc;
    if (got == 1) {
        if (x < 0 || x > 100)
            TRY(row_issue(v, "probability",
                          "out of range (0..1, or 0..100 as a percent): '%s'",
                          quoted(cell(v, SAHA_F_PROBABILITY), q, sizeof q)));
        a->probability = x > 1 ? x / 100.0 : x;
    }

    a->visit_min = v->opts->default_visit_min;
    if (!(a->visit_min > 0 && a->visit_min <= 1440))
        a->visit_min = 30.0;
    got = num_field(v, SAHA_F_VISIT_MINUTES, &x, &rc);
    if (rc < 0)
        return rc;
    if (got == 1) {
        if (!(x > 0 && x <= 1440))
            TRY(row_issue(v, "visit_minutes", "must be > 0 and <= 1440: '%s'",
                          quoted(cell(v, SAHA_F_VISIT_MINUTES), q, sizeof q)));
        a->visit_min = x;
    }

    s = cell(v, SAHA_F_HOURS);
    a->hours = &set->always;
    if (!blank(s)) {
        rc = intern_hours(v, s, &a->hours);
        if (rc < 0)
            return rc;
        a->has_hours = a->hours != &set->always;
    }

    s = cell(v, SAHA_F_MUST_VISIT);
    if (!blank(s)) {
        int mv = 0;
        if (parse_bool(s, &mv) < 0)
            TRY(row_issue(v, "must_visit",
                          "not a boolean (true/false, yes/no, 1/0, evet/hayır): '%s'",
                          quoted(s, q, sizeof q)));
        a->must_visit = mv;
    }

    s = cell(v, SAHA_F_APPOINTMENT);
    if (!blank(s)) {
        trimmed(s, tmp, sizeof tmp);
        if (strlen(s) > 40 || saha_datetime_parse(tmp, &a->appointment) < 0)
            TRY(row_issue(v, "appointment",
                          "not a local date-time (YYYY-MM-DD HH:MM): '%s'",
                          quoted(s, q, sizeof q)));
        else
            a->has_appointment = 1;
    }
    s = cell(v, SAHA_F_LAST_VISIT);
    if (!blank(s)) {
        trimmed(s, tmp, sizeof tmp);
        if (strlen(s) > 40 || saha_datetime_parse(tmp, &a->last_visit) < 0)
            TRY(row_issue(v, "last_visit", "not a date (YYYY-MM-DD): '%s'",
                          quoted(s, q, sizeof q)));
        else
            a->has_last_visit = 1;
    }
    s = cell(v, SAHA_F_FREQUENCY_DAYS);
    if (!blank(s)) {
        long n;
        if (saha__parse_long(s, strlen(s), &n) < 0 || n < 0 || n > 100000)
            TRY(row_issue(v, "frequency_days", "not a whole number of days >= 0: '%s'",
                          quoted(s, q, sizeof q)));
        else
            a->frequency_days = (int)n;
    }
    return SAHA_OK;
}

static int crs_is_wgs84(const char *crs)
{
    static const char *const names[] = {"EPSG:4326", "WGS84", "WGS 84", "WGS-84",
                                        "OGC:CRS84", "CRS84", "4326"};
    if (!crs || !crs[0])
        return 1;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (saha__strcasecmp(crs, names[k]) == 0)
            return 1;
    return 0;
}

/* Transforms the coordinates of every row that has both, into crs_x/crs_y (NaN else). */
static saha_status transform_rows(saha_account_set *set,
                                  const saha_account_load_options *o, double **x_out,
                                  double **y_out)
{
    size_t n = set->nrows, m = 0;
    size_t clat = set->field_col[SAHA_F_LAT], clon = set->field_col[SAHA_F_LON];
    double *x = NULL, *y = NULL, *px = NULL, *py = NULL;
    size_t *idx = NULL;
    saha_status rc = SAHA_ENOMEM;

    *x_out = *y_out = NULL;
    x = saha__alloc_array(set->ctx, n ? n : 1, sizeof *x);
    y = saha__alloc_array(set->ctx, n ? n : 1, sizeof *y);
    px = saha__alloc_array(set->ctx, n ? n : 1, sizeof *px);
    py = saha__alloc_array(set->ctx, n ? n : 1, sizeof *py);
    idx = saha__alloc_array(set->ctx, n ? n : 1, sizeof *idx);
    if (!x || !y || !px || !py || !idx)
        goto done;
    for (size_t i = 0; i < n; i++) {
        const saha_account__row *r = &set->rows[i];
        double a, b;
        x[i] = y[i] = NAN;
        if (clat == SAHA_ACCOUNT__NONE || clon == SAHA_ACCOUNT__NONE ||
            clat >= r->ncells || clon >= r->ncells)
            continue;
        const char *tlon = saha_account__cell(set, r, clon);
        const char *tlat = saha_account__cell(set, r, clat);
        if (saha__parse_double(tlon, strlen(tlon), set->decimal_comma, &a) < 0 ||
            saha__parse_double(tlat, strlen(tlat), set->decimal_comma, &b) < 0 ||
            !isfinite(a) || !isfinite(b))
            continue;
        px[m] = a;
        py[m] = b;
        idx[m++] = i;
    }
    if (m) {
        rc = saha_geo_to_wgs84(o->geo, o->crs, px, py, m);
        if (rc < 0)
            goto done;
    }
    for (size_t k = 0; k < m; k++) {
        x[idx[k]] = px[k];
        y[idx[k]] = py[k];
    }
    *x_out = x;
    *y_out = y;
    x = y = NULL;
    rc = SAHA_OK;
done:
    saha__free(set->ctx, x);
    saha__free(set->ctx, y);
    saha__free(set->ctx, px);
    saha__free(set->ctx, py);
    saha__free(set->ctx, idx);
    return rc;
}

static saha_status validate_all(saha_account_set *set, const saha_account_load_options *o)
{
    vstate v;
    saha_status rc = SAHA_OK;
    size_t n = set->nrows;

    memset(&v, 0, sizeof v);
    v.set = set;
    v.opts = o;
    v.strict = o->strict;
    saha_account__map_init(&v.hours_of, set->ctx);
    saha_hours_always(&set->always);
    if (!crs_is_wgs84(o->crs)) {
        if (!o->geo)
            return saha__error_set(set->ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "a CRS (%s) needs a geo handle in the load options",
                                   o->crs);
        rc = transform_rows(set, o, &v.crs_x, &v.crs_y);
        if (rc < 0)
            return rc;
        set->crs_transformed = 1;
    }
    set->acc = saha__alloc_array(set->ctx, n ? n : 1, sizeof *set->acc);
    if (!set->acc) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    rc = saha_account__id_reserve(set, n);
    if (rc < 0)
        goto done;
    for (size_t i = 0; i < n; i++) {
        saha_account *a = &set->acc[set->nacc];
        v.row = &set->rows[i];
        v.nbad = 0;
        rc = validate_row(&v, a);
        if (rc < 0)
            goto done;
        if (v.nbad) {
            set->nrejected++;
            continue;
        }
        rc = saha_account__id_put(set, set->nacc);
        if (rc < 0)
            goto done;
        if (!a->has_coords)
            set->nmissing++;
        set->nacc++;
    }
    if (set->crs_transformed) {
        /* the written lat/lon are WGS84 text, not the input CRS */
        for (size_t k = 0; k < set->nacc; k++) {
            if (set->acc[k].has_coords) {
                saha_latlon p = {set->acc[k].lat_deg, set->acc[k].lon_deg};
                rc = saha_account_update_coords(set, k, p);
                if (rc < 0)
                    goto done;
            }
        }
    }
done:
    saha__free(set->ctx, v.crs_x);
    saha__free(set->ctx, v.crs_y);
    saha_account__map_free(&v.hours_of);
    saha__free(set->ctx, v.hours);
    return rc;
}

/* ---- entry points
 * ----------------------------------------------------------------------- */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && saha__strcasecmp(s + n - m, suffix) == 0;
}

static saha_account_format sniff_format(const char *source, const char *data, size_t len,
                                        saha_account_format want)
{
    size_t i = 0;
    if (want != SAHA_ACCOUNT_FORMAT_AUTO)
        return want;
    /* a zip package (PK\3\4): an Excel workbook, whatever the name says */
    if (len >= 4 && data[0] == 'P' && data[1] == 'K' && data[2] == 3 && data[3] == 4)
        return SAHA_ACCOUNT_FORMAT_XLSX;
    if (source && (ends_with(source, ".geojson")))
        return SAHA_ACCOUNT_FORMAT_GEOJSON;
    if (source && (ends_with(source, ".csv") || ends_with(source, ".tsv") ||
                   ends_with(source, ".txt")))
        return SAHA_ACCOUNT_FORMAT_CSV;
    if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF)
        i = 3;
    while (i < len &&
           (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    if (i < len && data[i] == '[')
        return SAHA_ACCOUNT_FORMAT_JSON;
    if (i < len && data[i] == '{')
        return SAHA_ACCOUNT_FORMAT_GEOJSON;
    /* a .json file that is not an array or object (a number, a string): the JSON
     * reader says what is wrong, rather than the CSV reader missing a header */
    if (source && ends_with(source, ".json"))
        return SAHA_ACCOUNT_FORMAT_JSON;
    return SAHA_ACCOUNT_FORMAT_CSV;
}

/* Takes buf (owned, NUL-terminated at len) in every case. */
static saha_status load_buffer(saha_account_set **out, saha_ctx *ctx, const char *source,
                               char *buf, size_t len, const saha_account_load_options *o)
{
    saha_account_set *set = NULL;
    saha_status rc;
    saha_account_format fmt = sniff_format(source, buf, len, o->format);

    /* whatever the name or --format says (an .xls is neither CSV, JSON nor zip) */
    rc = saha__refuse_xls(ctx, source, buf, len);
    if (rc < 0) {
        saha__free(ctx, buf);
        return rc;
    }
    rc = saha_account__set_new(&set, ctx, source);
    if (rc < 0) {
        saha__free(ctx, buf);
        return rc;
    }
    if (o->columns && o->columns[0]) {
        rc = saha_account__colmap_parse(set, o->columns);
        if (rc < 0) {
            saha__free(ctx, buf);
            goto done;
        }
    }
    if (fmt == SAHA_ACCOUNT_FORMAT_CSV) {
        set->buf = buf;
        set->buf_len = len;
        rc = saha_account__read_csv(set, buf, len, o);
    } else if (fmt == SAHA_ACCOUNT_FORMAT_XLSX) {
        rc = saha_account__read_xlsx(set, buf, len, o->sheet);
        saha__free(ctx, buf);
    } else {
        set->delimiter = ',';
        rc = saha_account__read_json(set, buf, len, fmt);
        saha__free(ctx, buf);
    }
    if (rc < 0)
        goto done;
    rc = saha_account__colmap_check(set);
    if (rc < 0)
        goto done;
    rc = validate_all(set, o);
    if (rc < 0)
        goto done;
    *out = set;
    set = NULL;
done:
    saha_account_set_free(set);
    return rc;
}

saha_status saha_account_load_options_init(saha_account_load_options *opts,
                                           unsigned version)
{
    if (!opts || version != SAHA_ACCOUNT_LOAD_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    opts->format = SAHA_ACCOUNT_FORMAT_AUTO;
    opts->default_visit_min = 30.0;
    return SAHA_OK;
}

static size_t max_bytes(const saha_account_load_options *o)
{
    return o->max_bytes ? o->max_bytes : (size_t)2 << 30;
}

saha_status saha_account_load(saha_account_set **out, saha_ctx *ctx, const char *path,
                              const saha_account_load_options *opts)
{
    saha_account_load_options defaults;
    char *buf = NULL;
    size_t len = 0;
    saha_status rc;

    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, path != NULL);
    SAHA__CHECK_ARG(ctx, !opts || opts->version == SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    (void)saha_account_load_options_init(&defaults, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    if (!opts)
        opts = &defaults;
    rc = saha__read_file(ctx, path, max_bytes(opts), &buf, &len);
    if (rc < 0)
        return rc;
    return load_buffer(out, ctx, path, buf, len, opts);
}

saha_status saha_account_parse(saha_account_set **out, saha_ctx *ctx, const char *source,
                               const char *data, size_t len,
                               const saha_account_load_options *opts)
{
    saha_account_load_options defaults;
    char *buf;

    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, data != NULL || len == 0);
    SAHA__CHECK_ARG(ctx, !opts || opts->version == SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    (void)saha_account_load_options_init(&defaults, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    if (!opts)
        opts = &defaults;
    if (!source)
        source = "<input>";
    if (len > max_bytes(opts))
        return saha__error_set(ctx, SAHA_ELIMIT, source, 0, 0,
                               "%s: larger than %zu bytes", source, max_bytes(opts));
    buf = saha__malloc(ctx, len + 1);
    if (!buf)
        return SAHA_ENOMEM;
    if (len)
        memcpy(buf, data, len);
    buf[len] = '\0';
    return load_buffer(out, ctx, source, buf, len, opts);
}

/* ---- accessors
 * ---------------------------------------------------------------------------- */

const char *saha_account_source(const saha_account_set *set)
{
    return set ? set->source : "";
}

void saha_account_dialect(const saha_account_set *set, saha_csv_dialect *out)
{
    if (!out)
        return;
    memset(out, 0, sizeof *out);
    if (!set)
        return;
    out->delimiter = set->delimiter ? set->delimiter : ',';
    out->decimal_comma = set->decimal_comma;
    out->bom = set->bom;
    out->crlf = set->crlf;
}

char saha_account_delimiter(const saha_account_set *set)
{
    return set ? set->delimiter : ',';
}

size_t saha_account_count(const saha_account_set *set)
{
    return set ? set->nacc : 0;
}

const saha_account *saha_account_at(const saha_account_set *set, size_t i)
{
    if (!set || i >= set->nacc)
        return NULL;
    return &set->acc[i];
}

size_t saha_account_find(const saha_account_set *set, const char *id)
{
    if (!set || !id)
        return SIZE_MAX;
    return saha_account__id_get(set, id);
}

size_t saha_account_column_count(const saha_account_set *set)
{
    return set ? set->ncols : 0;
}

const char *saha_account_column_name(const saha_account_set *set, size_t i)
{
    return set && i < set->ncols ? set->header[i] : NULL;
}

const char *saha_account_column_field(const saha_account_set *set, size_t i)
{
    if (!set || i >= set->ncols || set->col_field[i] < 0)
        return NULL;
    return saha_account__field_name(set->col_field[i]);
}

size_t saha_account_rows_read(const saha_account_set *set)
{
    return set ? set->nrows : 0;
}

size_t saha_account_rejected_count(const saha_account_set *set)
{
    return set ? set->nrejected : 0;
}

size_t saha_account_missing_coords_count(const saha_account_set *set)
{
    return set ? set->nmissing : 0;
}

size_t saha_account_issue_count(const saha_account_set *set)
{
    return set ? set->nissues : 0;
}

const saha_account_issue *saha_account_issue_at(const saha_account_set *set, size_t i)
{
    if (!set || i >= set->nissues)
        return NULL;
    return &set->issues[i];
}

saha_status saha_account_update_coords(saha_account_set *set, size_t i, saha_latlon pos)
{
    saha_ctx *ctx = set ? set->ctx : NULL;
    saha_account__row *row;
    char lat[32], lon[32];
    char *slat, *slon;
    size_t clat, clon;

    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, set != NULL);
    SAHA__CHECK_ARG(ctx, i < set->nacc);
    if (!(pos.lat_deg >= -90.0 && pos.lat_deg <= 90.0 && pos.lon_deg >= -180.0 &&
          pos.lon_deg <= 180.0))
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "coordinates out of range: %.6f, %.6f", pos.lat_deg,
                               pos.lon_deg);
    if (saha__fmt_double(lat, sizeof lat, pos.lat_deg, 6) < 0 ||
        saha__fmt_double(lon, sizeof lon, pos.lon_deg, 6) < 0)
        return saha__error_set(ctx, SAHA_ERR, NULL, 0, 0, "cannot format coordinates");
    slat = saha__arena_strdup(&set->arena, lat);
    slon = saha__arena_strdup(&set->arena, lon);
    if (!slat || !slon)
        return SAHA_ENOMEM;
    row = saha_account__row_of(set, i);
    clat = set->field_col[SAHA_F_LAT];
    clon = set->field_col[SAHA_F_LON];
    if ((clat == SAHA_ACCOUNT__NONE || clon == SAHA_ACCOUNT__NONE) &&
        (!set->added_lat || !set->added_lon)) {
        if (!set->added_lat)
            set->added_lat = saha__calloc(ctx, set->nacc, sizeof *set->added_lat);
        if (!set->added_lon)
            set->added_lon = saha__calloc(ctx, set->nacc, sizeof *set->added_lon);
        if (!set->added_lat || !set->added_lon)
            return SAHA_ENOMEM;
    }
    if (clat != SAHA_ACCOUNT__NONE && clat < row->ncells) {
        saha_status rc = saha_account__cell_put(set, row, clat, slat);
        if (rc < 0)
            return rc;
    } else {
        set->added_lat[i] = slat;
    }
    if (clon != SAHA_ACCOUNT__NONE && clon < row->ncells) {
        saha_status rc = saha_account__cell_put(set, row, clon, slon);
        if (rc < 0)
            return rc;
    } else {
        set->added_lon[i] = slon;
    }
    if (!set->acc[i].has_coords && set->nmissing)
        set->nmissing--;
    set->acc[i].has_coords = 1;
    set->acc[i].lat_deg = pos.lat_deg;
    set->acc[i].lon_deg = pos.lon_deg;
    return SAHA_OK;
}

saha_status saha_account_update_extra(saha_account_set *set, size_t i, const char *column,
                                      const char *value)
{
    saha_ctx *ctx = set ? set->ctx : NULL;
    size_t k;
    char *v;

    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, set != NULL);
    SAHA__CHECK_ARG(ctx, i < set->nacc);
    SAHA__CHECK_ARG(ctx, column != NULL && column[0] != '\0');
    SAHA__CHECK_ARG(ctx, value != NULL);
    /* A column the input already has (exact header name) is updated in place, so that
     * re-running a step (geocode, territory) on its own output adds no second column. */
    k = saha_account__map_get(&set->cols, column);
    if (k != SAHA_ACCOUNT__NONE) {
        saha_account__row *row = saha_account__row_of(set, i);
        int field = set->col_field[k];
        if (field != -1 && field != SAHA_F_REP && field != SAHA_F_NAME &&
            field != SAHA_F_ADDRESS)
            return saha__error_set(
                ctx, SAHA_EINVAL, NULL, 0, 0,
                "column '%s' holds the account field '%s' and cannot be "
                "set as an extra column",
                column, saha_account__field_name(field));
        if (k >= row->ncells)
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "row of account %zu has no column '%s'", i, column);
        v = saha__arena_strdup(&set->arena, value);
        if (!v)
            return SAHA_ENOMEM;
        {
            saha_status rc = saha_account__cell_put(set, row, k, v);
            if (rc < 0)
                return rc;
        }
        if (set->field_col[SAHA_F_REP] == k)
            set->acc[i].rep = v;
        else if (set->field_col[SAHA_F_NAME] == k)
            set->acc[i].name = v;
        else if (set->field_col[SAHA_F_ADDRESS] == k)
            set->acc[i].address = v;
        return SAHA_OK;
    }
    for (k = 0; k < set->nextra; k++)
        if (strcmp(set->extra_names[k], column) == 0)
            break;
    if (k == set->nextra) {
        const char **vals;
        char *name;
        if (set->nextra == set->extra_cap) {
            size_t cap = set->extra_cap, cap2 = set->extra_cap;
            if (SAHA__GROW(ctx, set->extra_names, cap, set->nextra + 1, 4) < 0 ||
                SAHA__GROW(ctx, set->extra_vals, cap2, set->nextra + 1, 4) < 0)
                return SAHA_ENOMEM;
            set->extra_cap = cap;
        }
        name = saha__arena_strdup(&set->arena, column);
        if (!name)
            return SAHA_ENOMEM;
        vals = saha__calloc(ctx, set->nacc, sizeof *vals);
        if (!vals)
            return SAHA_ENOMEM;
        set->extra_names[k] = name;
        set->extra_vals[k] = vals;
        set->nextra++;
    }
    v = saha__arena_strdup(&set->arena, value);
    if (!v)
        return SAHA_ENOMEM;
    set->extra_vals[k][i] = v;
    return SAHA_OK;
}

const char *saha_account_get_column(const saha_account_set *set, size_t i,
                                    const char *column)
{
    const saha_account__row *row;
    size_t c;
    if (!set || !column || i >= set->nacc)
        return NULL;
    row = saha_account__row_of(set, i);
    c = saha_account__map_get(&set->cols, column);
    if (c == SAHA_ACCOUNT__NONE) {
        for (int f = 0; f < SAHA_F_COUNT; f++)
            if (strcmp(saha_account__field_name(f), column) == 0) {
                c = set->field_col[f];
                if (c == SAHA_ACCOUNT__NONE && f == SAHA_F_LAT && set->added_lat)
                    return set->added_lat[i] ? set->added_lat[i] : "";
                if (c == SAHA_ACCOUNT__NONE && f == SAHA_F_LON && set->added_lon)
                    return set->added_lon[i] ? set->added_lon[i] : "";
                break;
            }
    }
    if (c != SAHA_ACCOUNT__NONE)
        return c < row->ncells ? saha_account__cell(set, row, c) : "";
    for (size_t k = 0; k < set->nextra; k++)
        if (strcmp(set->extra_names[k], column) == 0)
            return set->extra_vals[k][i] ? set->extra_vals[k][i] : "";
    return NULL;
}
