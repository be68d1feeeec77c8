/* account: the account set (storage, accessors, field aliases), the load entry points and
 * the per-row validation.
 *
 * Storage: the readers (account_csv.c, account_json.c) fill the header and one row per
 * input record with ALL of its raw cells (CSV cells point into the owned input buffer,
 * unescaped in place; JSON cells live in the arena). Validation then turns each row into
 * a saha_account or into a rejected row with issues. Memory is linear in the input: the
 * buffer, one pointer per cell, one row record and one saha_account per row. */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "internal/account.h"

/* ---- fields and aliases -------------------------------------------------------------
 */

static const char *const field_names[SAHA_F_COUNT] = {
    "id",          "name",        "address",       "street",        "city",
    "district",    "postcode",    "country",       "lat",           "lon",
    "value",       "probability", "visit_minutes", "hours",         "must_visit",
    "appointment", "rep",         "last_visit",    "frequency_days"};

/* Folded aliases (saha__fold_key form) of each field. */
static const struct {
    const char *key;
    int field;
} aliases[] = {
    {"id", SAHA_F_ID},
    {"account_id", SAHA_F_ID},
    {"code", SAHA_F_ID},
    {"kod", SAHA_F_ID},
    {"musteri_no", SAHA_F_ID},
    {"name", SAHA_F_NAME},
    {"account", SAHA_F_NAME},
    {"company", SAHA_F_NAME},
    {"firma", SAHA_F_NAME},
    {"unvan", SAHA_F_NAME},
    {"address", SAHA_F_ADDRESS},
    {"adres", SAHA_F_ADDRESS},
    {"street_address", SAHA_F_ADDRESS},
    {"street", SAHA_F_STREET},
    {"sokak", SAHA_F_STREET},
    {"city", SAHA_F_CITY},
    {"il", SAHA_F_CITY},
    {"sehir", SAHA_F_CITY},
    {"district", SAHA_F_DISTRICT},
    {"ilce", SAHA_F_DISTRICT},
    {"postcode", SAHA_F_POSTCODE},
    {"postal_code", SAHA_F_POSTCODE},
    {"zip", SAHA_F_POSTCODE},
    {"posta_kodu", SAHA_F_POSTCODE},
    {"country", SAHA_F_COUNTRY},
    {"ulke", SAHA_F_COUNTRY},
    {"lat", SAHA_F_LAT},
    {"latitude", SAHA_F_LAT},
    {"enlem", SAHA_F_LAT},
    {"y", SAHA_F_LAT},
    {"lon", SAHA_F_LON},
    {"lng", SAHA_F_LON},
    {"long", SAHA_F_LON},
    {"longitude", SAHA_F_LON},
    {"boylam", SAHA_F_LON},
    {"x", SAHA_F_LON},
    {"value", SAHA_F_VALUE},
    {"deal_value", SAHA_F_VALUE},
    {"amount", SAHA_F_VALUE},
    {"opportunity", SAHA_F_VALUE},
    {"tutar", SAHA_F_VALUE},
    {"probability", SAHA_F_PROBABILITY},
    {"prob", SAHA_F_PROBABILITY},
    {"olasilik", SAHA_F_PROBABILITY},
    {"visit_minutes", SAHA_F_VISIT_MINUTES},
    {"duration", SAHA_F_VISIT_MINUTES},
    {"service_minutes", SAHA_F_VISIT_MINUTES},
    {"sure", SAHA_F_VISIT_MINUTES},
    {"hours", SAHA_F_HOURS},
    {"opening_hours", SAHA_F_HOURS},
    {"calisma_saatleri", SAHA_F_HOURS},
    {"must_visit", SAHA_F_MUST_VISIT},
    {"required", SAHA_F_MUST_VISIT},
    {"zorunlu", SAHA_F_MUST_VISIT},
    {"appointment", SAHA_F_APPOINTMENT},
    {"randevu", SAHA_F_APPOINTMENT},
    {"rep", SAHA_F_REP},
    {"territory", SAHA_F_REP},
    {"temsilci", SAHA_F_REP},
    {"last_visit", SAHA_F_LAST_VISIT},
    {"son_ziyaret", SAHA_F_LAST_VISIT},
    {"frequency_days", SAHA_F_FREQUENCY_DAYS},
    {"siklik", SAHA_F_FREQUENCY_DAYS},
};

const char *saha_account__field_name(int field)
{
    if (field < 0 || field >= SAHA_F_COUNT)
        return "";
    return field_names[field];
}

int saha_account__field_of_header(const char *name, size_t len)
{
    char key[64];
    size_t n;
    if (len >= 60)
        return -1;
    n = saha__fold_key(name, len, key, sizeof key);
    if (n == 0)
        return -1;
    for (size_t k = 0; k < sizeof aliases / sizeof aliases[0]; k++)
        if (strcmp(aliases[k].key, key) == 0)
            return aliases[k].field;
    return -1;
}

/* ---- string map -----------------------------------------------------------------------
 */

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

void saha_account__map_init(saha_account__map *m, saha_ctx *ctx)
{
    memset(m, 0, sizeof *m);
    m->ctx = ctx;
}

void saha_account__map_free(saha_account__map *m)
{
    saha__free(m->ctx, m->keys);
    saha__free(m->ctx, m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->n = 0;
}

size_t saha_account__map_get(const saha_account__map *m, const char *key)
{
    size_t i;
    if (m->cap == 0)
        return SAHA_ACCOUNT__NONE;
    i = (size_t)hash_str(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], key) == 0)
            return m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return SAHA_ACCOUNT__NONE;
}

static void map_insert(const char **keys, size_t *vals, size_t cap, const char *key,
                       size_t v)
{
    size_t i = (size_t)hash_str(key) & (cap - 1);
    while (keys[i])
        i = (i + 1) & (cap - 1);
    keys[i] = key;
    vals[i] = v;
}

saha_status saha_account__map_put(saha_account__map *m, const char *key, size_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 16;
        const char **nk;
        size_t *nv;
        if (ncap < m->cap)
            return saha__error_set(m->ctx, SAHA_ENOMEM, NULL, 0, 0, "map too large");
        nk = saha__calloc(m->ctx, ncap, sizeof *nk);
        if (!nk)
            return SAHA_ENOMEM;
        nv = saha__alloc_array(m->ctx, ncap, sizeof *nv);
        if (!nv) {
            saha__free(m->ctx, nk);
            return SAHA_ENOMEM;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i])
                map_insert(nk, nv, ncap, m->keys[i], m->vals[i]);
        saha__free(m->ctx, m->keys);
        saha__free(m->ctx, m->vals);
        m->keys = nk;
        m->vals = nv;
        m->cap = ncap;
    }
    map_insert(m->keys, m->vals, m->cap, key, val);
    m->n++;
    return SAHA_OK;
}

/* ---- set building ---------------------------------------------------------------------
 */

char *saha_account__arena_printf(saha_account_set *set, const char *fmt, ...)
{
    va_list ap;
    char tmp[512];
    int n;
    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof tmp)
        n = (int)sizeof tmp - 1;
    return saha__arena_strndup(&set->arena, tmp, (size_t)n);
}

void saha_account__excerpt(const char *text, size_t max, char *dst, size_t cap)
{
    size_t n = strlen(text), k;
    int cut = 0;
    if (cap == 0)
        return;
    if (max + 4 > cap)
        max = cap > 4 ? cap - 4 : 0;
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
        cut = 1;
    }
    for (k = 0; k < n; k++) { /* messages are one line */
        char c = text[k];
        dst[k] = (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    }
    if (cut) {
        memcpy(dst + k, "...", 3);
        k += 3;
    }
    dst[k] = '\0';
}

static saha_status add_issue(saha_account_set *set, size_t line, const char *field,
                             const char *message, int warning)
{
    if (set->nissues == set->issues_cap) {
        size_t ncap = set->issues_cap ? set->issues_cap * 2 : 16;
        saha_account_issue *p =
            saha__realloc_array(set->ctx, set->issues, ncap, sizeof *p);
        if (!p)
            return SAHA_ENOMEM;
        set->issues = p;
        set->issues_cap = ncap;
    }
    set->issues[set->nissues].line = line;
    set->issues[set->nissues].field = field ? field : "";
    set->issues[set->nissues].message = message;
    set->issues[set->nissues].warning = warning;
    set->nissues++;
    return SAHA_OK;
}

saha_status saha_account__add_column(saha_account_set *set, const char *name, size_t len)
{
    char *copy;
    int field;
    if (set->ncols == set->cols_cap) {
        size_t ncap = set->cols_cap ? set->cols_cap * 2 : 16;
        const char **h = saha__realloc_array(set->ctx, set->header, ncap, sizeof *h);
        int *cf;
        if (!h)
            return SAHA_ENOMEM;
        set->header = h;
        cf = saha__realloc_array(set->ctx, set->col_field, ncap, sizeof *cf);
        if (!cf)
            return SAHA_ENOMEM;
        set->col_field = cf;
        set->cols_cap = ncap;
    }
    copy = saha__arena_strndup(&set->arena, name, len);
    if (!copy)
        return SAHA_ENOMEM;
    field = saha_account__field_of_header(name, len);
    if (field >= 0 && set->field_col[field] != SAHA_ACCOUNT__NONE) {
        /* A second column for a field: the first one is read, this one is kept as an
         * unknown column (written back unchanged), and the user is told. */
        char a[64], b[64];
        const char *msg;
        size_t first = set->field_col[field];
        saha_account__excerpt(copy, 40, a, sizeof a);
        saha_account__excerpt(set->header[first], 40, b, sizeof b);
        msg = saha_account__arena_printf(
            set, "column %zu '%s' ignored: field %s is read from column %zu '%s'",
            set->ncols + 1, a, field_names[field], first + 1, b);
        /* reported once, as a warning issue (a log line too printed it twice) */
        if (!msg || add_issue(set, 1, field_names[field], msg, 1) < 0)
            return SAHA_ENOMEM;
        field = -1;
    }
    if (saha_account__map_get(&set->cols, copy) == SAHA_ACCOUNT__NONE &&
        saha_account__map_put(&set->cols, copy, set->ncols) < 0)
        return SAHA_ENOMEM;
    set->header[set->ncols] = copy;
    set->col_field[set->ncols] = field;
    if (field >= 0)
        set->field_col[field] = set->ncols;
    set->ncols++;
    return SAHA_OK;
}

saha_status saha_account__add_row(saha_account_set *set, size_t line, const char **cells,
                                  size_t ncells, const char *problem_field,
                                  const char *problem_msg)
{
    saha_account__row *r;
    if (set->nrows == set->rows_cap) {
        size_t ncap = set->rows_cap ? set->rows_cap + set->rows_cap / 2 : 64;
        saha_account__row *p = saha__realloc_array(set->ctx, set->rows, ncap, sizeof *p);
        if (!p)
            return SAHA_ENOMEM;
        set->rows = p;
        set->rows_cap = ncap;
    }
    r = &set->rows[set->nrows++];
    r->line = line;
    r->cells = cells;
    r->ncells = ncells;
    r->acct = SAHA_ACCOUNT__NONE;
    r->problem_field = problem_field;
    r->problem_msg = problem_msg;
    return SAHA_OK;
}

const char *saha_account__column_label(const saha_account_set *set, size_t col)
{
    if (col < set->ncols) {
        if (set->col_field[col] >= 0)
            return field_names[set->col_field[col]];
        return set->header[col];
    }
    return "";
}

static saha_status set_new(saha_account_set **out, saha_ctx *ctx, const char *source)
{
    saha_account_set *set = saha__calloc(ctx, 1, sizeof *set);
    *out = NULL;
    if (!set)
        return SAHA_ENOMEM;
    set->ctx = ctx;
    saha__arena_init(&set->arena, ctx);
    saha_account__map_init(&set->ids, ctx);
    saha_account__map_init(&set->cols, ctx);
    for (int f = 0; f < SAHA_F_COUNT; f++)
        set->field_col[f] = SAHA_ACCOUNT__NONE;
    set->delimiter = ',';
    set->source = saha__arena_strdup(&set->arena, source ? source : "");
    if (!set->source) {
        saha_account_set_free(set);
        return SAHA_ENOMEM;
    }
    *out = set;
    return SAHA_OK;
}

void saha_account_set_free(saha_account_set *set)
{
    saha_ctx *ctx;
    if (!set)
        return;
    ctx = set->ctx;
    for (size_t k = 0; k < set->nextra; k++)
        saha__free(ctx, (void *)set->extra_vals[k]);
    saha__free(ctx, (void *)set->extra_vals);
    saha__free(ctx, (void *)set->extra_names);
    saha__free(ctx, (void *)set->added_lat);
    saha__free(ctx, (void *)set->added_lon);
    saha__free(ctx, set->issues);
    saha_account__map_free(&set->ids);
    saha_account__map_free(&set->cols);
    saha__free(ctx, set->acc_coords_set);
    saha__free(ctx, set->acc_row);
    saha__free(ctx, set->acc);
    saha__free(ctx, set->rows);
    saha__free(ctx, (void *)set->header);
    saha__free(ctx, set->col_field);
    saha__free(ctx, set->buf);
    saha__arena_free(&set->arena);
    saha__free(ctx, set);
}

/* ---- validation
 * ------------------------------------------------------------------------ */

typedef struct vstate {
    saha_account_set *set;
    const saha_account_load_options *opts;
    saha_account__row *row;
    int nbad; /* issues on this row */
    int strict;
    double *crs_x, *crs_y; /* transformed coordinates per row (CRS input), else NULL */
} vstate;

/* Records a row issue; with strict, sets the error slot and returns SAHA_EPARSE. */
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
    return add_issue(set, v->row->line, field, msg, 0);
}

static const char *cell(const vstate *v, int field)
{
    size_t c = v->set->field_col[field];
    if (c == SAHA_ACCOUNT__NONE || c >= v->row->ncells)
        return "";
    return v->row->cells[c];
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
        *rc = row_issue(v, field_names[field], "not a number: '%s'",
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
    a->line = row->line;
    if (row->problem_msg)
        return row_issue(v, row->problem_field, "%s", row->problem_msg);
    for (size_t c = 0; c < row->ncells; c++) {
        if (!saha__utf8_valid(row->cells[c], strlen(row->cells[c])))
            TRY(row_issue(v, saha_account__column_label(set, c), "invalid UTF-8 text"));
    }
    if (v->nbad)
        return SAHA_OK;

    a->id = cell(v, SAHA_F_ID);
    if (blank(a->id)) {
        TRY(row_issue(v, "id", "missing (every account needs a unique id)"));
    } else {
        size_t prev = saha_account__map_get(&set->ids, a->id);
        if (prev != SAHA_ACCOUNT__NONE)
            TRY(row_issue(v, "id", "duplicate id '%s', first used on line %zu",
                          quoted(a->id, q, sizeof q), set->acc[prev].line));
    }
    a->name = cell(v, SAHA_F_NAME);
    a->address = cell(v, SAHA_F_ADDRESS);
    a->street = cell(v, SAHA_F_STREET);
    a->city = cell(v, SAHA_F_CITY);
    a->district = cell(v, SAHA_F_DISTRICT);
    a->postcode = cell(v, SAHA_F_POSTCODE);
    a->country = cell(v, SAHA_F_COUNTRY);
    a->rep = cell(v, SAHA_F_REP);

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
    saha_hours_always(&a->hours);
    if (!blank(s)) {
        char msg[SAHA_ERROR_SIZE];
        if (saha_account__hours_parse(&a->hours, s, msg, sizeof msg) < 0)
            TRY(row_issue(v, "hours", "%s", msg));
        else
            a->has_hours = 1;
    }

    s = cell(v, SAHA_F_MUST_VISIT);
    if (!blank(s) && parse_bool(s, &a->must_visit) < 0)
        TRY(row_issue(v, "must_visit",
                      "not a boolean (true/false, yes/no, 1/0, evet/hayır): '%s'",
                      quoted(s, q, sizeof q)));

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
        if (saha__parse_double(r->cells[clon], strlen(r->cells[clon]), set->decimal_comma,
                               &a) < 0 ||
            saha__parse_double(r->cells[clat], strlen(r->cells[clat]), set->decimal_comma,
                               &b) < 0 ||
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
    set->acc_row = saha__alloc_array(set->ctx, n ? n : 1, sizeof *set->acc_row);
    set->acc_coords_set = saha__calloc(set->ctx, n ? n : 1, 1);
    if (!set->acc || !set->acc_row || !set->acc_coords_set) {
        rc = SAHA_ENOMEM;
        goto done;
    }
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
        rc = saha_account__map_put(&set->ids, a->id, set->nacc);
        if (rc < 0)
            goto done;
        v.row->acct = set->nacc;
        set->acc_row[set->nacc] = i;
        if (!a->has_coords)
            set->nmissing++;
        else if (set->crs_transformed)
            set->acc_coords_set[set->nacc] = 1; /* write WGS84 back, not the input CRS */
        set->nacc++;
    }
    if (set->crs_transformed) {
        /* the written lat/lon are WGS84 text */
        for (size_t k = 0; k < set->nacc; k++) {
            if (set->acc_coords_set[k]) {
                saha_latlon p = {set->acc[k].lat_deg, set->acc[k].lon_deg};
                set->acc_coords_set[k] = 0;
                rc = saha_account_set_coords(set, k, p);
                if (rc < 0)
                    goto done;
            }
        }
    }
done:
    saha__free(set->ctx, v.crs_x);
    saha__free(set->ctx, v.crs_y);
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

    rc = set_new(&set, ctx, source);
    if (rc < 0) {
        saha__free(ctx, buf);
        return rc;
    }
    if (fmt == SAHA_ACCOUNT_FORMAT_CSV) {
        set->buf = buf;
        rc = saha_account__read_csv(set, buf, len, o);
    } else {
        set->delimiter = ',';
        rc = saha_account__read_json(set, buf, len, fmt);
        saha__free(ctx, buf);
    }
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

static size_t max_bytes(const saha_account_load_options *o)
{
    return o->max_bytes ? o->max_bytes : (size_t)2 << 30;
}

saha_status saha_account_load(saha_account_set **out, saha_ctx *ctx, const char *path,
                              const saha_account_load_options *opts)
{
    saha_account_load_options defaults = SAHA_ACCOUNT_LOAD_OPTIONS_INIT;
    char *buf = NULL;
    size_t len = 0;
    saha_status rc;

    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, path != NULL);
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
    saha_account_load_options defaults = SAHA_ACCOUNT_LOAD_OPTIONS_INIT;
    char *buf;

    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, data != NULL || len == 0);
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
    return saha_account__map_get(&set->ids, id);
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

saha_status saha_account_set_coords(saha_account_set *set, size_t i, saha_latlon pos)
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
    row = &set->rows[set->acc_row[i]];
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
    if (clat != SAHA_ACCOUNT__NONE && clat < row->ncells)
        row->cells[clat] = slat;
    else
        set->added_lat[i] = slat;
    if (clon != SAHA_ACCOUNT__NONE && clon < row->ncells)
        row->cells[clon] = slon;
    else
        set->added_lon[i] = slon;
    if (!set->acc[i].has_coords && set->nmissing)
        set->nmissing--;
    set->acc[i].has_coords = 1;
    set->acc[i].lat_deg = pos.lat_deg;
    set->acc[i].lon_deg = pos.lon_deg;
    set->acc_coords_set[i] = 1;
    return SAHA_OK;
}

saha_status saha_account_set_extra(saha_account_set *set, size_t i, const char *column,
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
        saha_account__row *row = &set->rows[set->acc_row[i]];
        int field = set->col_field[k];
        if (field != -1 && field != SAHA_F_REP && field != SAHA_F_NAME &&
            field != SAHA_F_ADDRESS)
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "column '%s' holds the account field '%s' and cannot be "
                                   "set as an extra column",
                                   column, field_names[field]);
        if (k >= row->ncells)
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "row of account %zu has no column '%s'", i, column);
        v = saha__arena_strdup(&set->arena, value);
        if (!v)
            return SAHA_ENOMEM;
        row->cells[k] = v;
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
            size_t ncap = set->extra_cap ? set->extra_cap * 2 : 4;
            const char **nn =
                saha__realloc_array(ctx, set->extra_names, ncap, sizeof *nn);
            const char ***nv;
            if (!nn)
                return SAHA_ENOMEM;
            set->extra_names = nn;
            nv = saha__realloc_array(ctx, set->extra_vals, ncap, sizeof *nv);
            if (!nv)
                return SAHA_ENOMEM;
            set->extra_vals = nv;
            set->extra_cap = ncap;
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
    row = &set->rows[set->acc_row[i]];
    c = saha_account__map_get(&set->cols, column);
    if (c == SAHA_ACCOUNT__NONE) {
        for (int f = 0; f < SAHA_F_COUNT; f++)
            if (strcmp(field_names[f], column) == 0) {
                c = set->field_col[f];
                if (c == SAHA_ACCOUNT__NONE && f == SAHA_F_LAT && set->added_lat)
                    return set->added_lat[i] ? set->added_lat[i] : "";
                if (c == SAHA_ACCOUNT__NONE && f == SAHA_F_LON && set->added_lon)
                    return set->added_lon[i] ? set->added_lon[i] : "";
                break;
            }
    }
    if (c != SAHA_ACCOUNT__NONE)
        return c < row->ncells ? row->cells[c] : "";
    for (size_t k = 0; k < set->nextra; k++)
        if (strcmp(set->extra_names[k], column) == 0)
            return set->extra_vals[k][i] ? set->extra_vals[k][i] : "";
    return NULL;
}
