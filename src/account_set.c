/* account_set: the account set as the readers build it: the field names and their
 * header aliases, the string map, columns, rows and issues, creating and freeing.
 * Used by the readers (account_csv.c, account_json.c, account_hours.c) and by account.c,
 * which validates the rows and serves the accessors. */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "internal/account.h"

/* ---- fields and aliases -------------------------------------------------------------
 */

static const char *const field_names[SAHA_F_COUNT] = {"id",
                                                      "name",
                                                      "address",
                                                      "street",
                                                      "city",
                                                      "district",
                                                      "postcode",
                                                      "country",
                                                      "lat",
                                                      "lon",
                                                      "value",
                                                      "probability",
                                                      "visit_minutes",
                                                      "hours",
                                                      "must_visit",
                                                      "appointment",
                                                      "rep",
                                                      "last_visit",
                                                      "frequency_days",
                                                      "phone",
                                                      "notes"};

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
    {"phone", SAHA_F_PHONE},
    {"telephone", SAHA_F_PHONE},
    {"tel", SAHA_F_PHONE},
    {"telefon", SAHA_F_PHONE},
    {"phone_number", SAHA_F_PHONE},
    {"notes", SAHA_F_NOTES},
    {"note", SAHA_F_NOTES},
    {"notlar", SAHA_F_NOTES},
    {"not", SAHA_F_NOTES},
    {"aciklama", SAHA_F_NOTES},
    {"comment", SAHA_F_NOTES},
    {"comments", SAHA_F_NOTES},

    /* CRM exports, read without configuration (export headers as the CRMs write them,
     * folded). Salesforce: report labels and the Account / Opportunity API names, from
     * the Account object reference
     * (developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/
     * sforce_api_objects_account.htm) and Salesforce Help "Account Fields". */
    {"account_name", SAHA_F_NAME},
    {"billing_street", SAHA_F_STREET},
    {"billingstreet", SAHA_F_STREET},
    {"billing_city", SAHA_F_CITY},
    {"billingcity", SAHA_F_CITY},
    {"billing_zip/postal_code", SAHA_F_POSTCODE},
    {"billingpostalcode", SAHA_F_POSTCODE},
    {"billing_country", SAHA_F_COUNTRY},
    {"billingcountry", SAHA_F_COUNTRY},
    {"billing_latitude", SAHA_F_LAT},
    {"billinglatitude", SAHA_F_LAT},
    {"billing_longitude", SAHA_F_LON},
    {"billinglongitude", SAHA_F_LON},
    {"account_owner", SAHA_F_REP},
    {"ownerid", SAHA_F_REP},
    {"probability_(%)", SAHA_F_PROBABILITY},
    /* HubSpot companies export: default company property labels (Record ID, Company
     * name, Street Address, City, Postal Code, Country/Region, Company owner, Recent
     * Deal Amount) and internal names (hs_object_id, zip, hubspot_owner_id,
     * recent_deal_amount), from the CRM companies API
     * guide and company properties overview on developers.hubspot.com. */
    {"record_id", SAHA_F_ID},
    {"hs_object_id", SAHA_F_ID},
    {"company_name", SAHA_F_NAME},
    {"country/region", SAHA_F_COUNTRY},
    {"company_owner", SAHA_F_REP},
    {"hubspot_owner_id", SAHA_F_REP},
    {"recent_deal_amount", SAHA_F_VALUE},
    /* Microsoft Dynamics 365 accounts (Excel export and Web API names): the account
     * EntityType reference on learn.microsoft.com (power-apps/developer/data-platform/
     * webapi/reference/account): accountid, "(Do Not Modify) Account" is its column in
     * Excel exports, Account Number, "Address 1: Street 1" (address1_line1), City,
     * ZIP/Postal Code, Country/Region, Latitude, Longitude, Owner (ownerid);
     * opportunities: Est. Revenue (estimatedvalue), Probability (closeprobability). */
    {"(do_not_modify)_account", SAHA_F_ID},
    {"accountid", SAHA_F_ID},
    {"account_number", SAHA_F_ID},
    {"accountnumber", SAHA_F_ID},
    {"address_1:_street_1", SAHA_F_STREET},
    {"address1_line1", SAHA_F_STREET},
    {"address_1:_city", SAHA_F_CITY},
    {"address1_city", SAHA_F_CITY},
    {"address_1:_zip/postal_code", SAHA_F_POSTCODE},
    {"address1_postalcode", SAHA_F_POSTCODE},
    {"address_1:_country/region", SAHA_F_COUNTRY},
    {"address1_country", SAHA_F_COUNTRY},
    {"address_1:_latitude", SAHA_F_LAT},
    {"address1_latitude", SAHA_F_LAT},
    {"address_1:_longitude", SAHA_F_LON},
    {"address1_longitude", SAHA_F_LON},
    {"owner", SAHA_F_REP},
    {"est_revenue", SAHA_F_VALUE},
    {"estimated_revenue", SAHA_F_VALUE},
    {"estimatedvalue", SAHA_F_VALUE},
    {"closeprobability", SAHA_F_PROBABILITY},
    /* Zoho CRM Accounts export (field labels of the Accounts module: Record Id,
     * Account Name, Billing Street, Billing City, Billing Code, Billing Country,
     * Account Owner; Deals: Amount, Probability (%)); most fold to the Salesforce
     * names above. */
    {"billing_code", SAHA_F_POSTCODE},
    /* Pipedrive exports name each column "Object - Field": Organization - ID / Name /
     * Address / Owner, Deal - Value / Probability (Pipedrive's import and export field
     * names). */
    {"organization_id", SAHA_F_ID},
    {"organization_name", SAHA_F_NAME},
    {"organization_address", SAHA_F_ADDRESS},
    {"organization_owner", SAHA_F_REP},
    {"deal_probability", SAHA_F_PROBABILITY},
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

static saha_status too_big(saha_account_set *set, const char *what)
{
    return saha__error_set(set->ctx, SAHA_ELIMIT, set->source, 0, 0,
                           "too many %s for one account list (at most 4294967294)", what);
}

/* The id index: open addressing with linear probing over id_cap 4-byte slots, any
 * id_cap below 2^32 (the home slot is the hash's low word scaled to id_cap), sized once
 * for the rows read at a load factor of at most 0.7: 5.7 bytes an account, where a power
 * of two at half load took 8 to 16. A slot is 0 (empty) or (tag << id_bits) |
 * (account + 1): the tag is hash bits the home slot does not use, so a probe compares
 * the id texts (two cache misses) only when the tags agree. */
static size_t id_home(uint64_t h, size_t cap)
{
    return (size_t)(((h & 0xffffffffu) * (uint64_t)cap) >> 32);
}

static uint32_t id_tag(uint64_t h, unsigned bits)
{
    return bits >= 32 ? 0 : (uint32_t)(h >> 32) >> bits;
}

static uint32_t id_mask(unsigned bits)
{
    return bits >= 32 ? UINT32_MAX : ((uint32_t)1 << bits) - 1;
}

size_t saha_account__id_get(const saha_account_set *set, const char *id)
{
    uint64_t h;
    size_t i;
    uint32_t tag, mask = id_mask(set->id_bits), s;
    if (set->id_cap == 0)
        return SAHA_ACCOUNT__NONE;
    h = hash_str(id);
    i = id_home(h, set->id_cap);
    tag = id_tag(h, set->id_bits);
    while ((s = set->id_slot[i]) != 0) {
        size_t a = (size_t)(s & mask) - 1;
        if ((set->id_bits >= 32 || s >> set->id_bits == tag) &&
            strcmp(set->acc[a].id, id) == 0)
            return a;
        if (++i == set->id_cap)
            i = 0;
    }
    return SAHA_ACCOUNT__NONE;
}

static void id_insert(const saha_account_set *set, uint32_t *slot, size_t cap,
                      unsigned bits, size_t a)
{
    uint64_t h = hash_str(set->acc[a].id);
    size_t i = id_home(h, cap);
    uint32_t v = (uint32_t)(a + 1);
    while (slot[i])
        if (++i == cap)
            i = 0;
    if (bits < 32)
        v |= id_tag(h, bits) << bits;
    slot[i] = v;
}

/* Rebuilds the index with ncap slots (accounts 0 .. set->nacc - 1 already in it). */
static saha_status id_rebuild(saha_account_set *set, size_t ncap)
{
    unsigned bits = 0;
    uint32_t *ns, mask = id_mask(set->id_bits);
    if (ncap > UINT32_MAX)
        ncap = UINT32_MAX;
    while (bits < 32 && ((size_t)1 << bits) <= ncap) /* account + 1 < ncap fits */
        bits++;
    ns = saha__calloc(set->ctx, ncap, sizeof *ns);
    if (!ns)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < set->id_cap; i++)
        if (set->id_slot[i])
            id_insert(set, ns, ncap, bits, (size_t)(set->id_slot[i] & mask) - 1);
    saha__free(set->ctx, set->id_slot);
    set->id_slot = ns;
    set->id_cap = ncap;
    set->id_bits = bits;
    return SAHA_OK;
}

saha_status saha_account__id_reserve(saha_account_set *set, size_t n)
{
    size_t want = n / 7 * 10 + n % 7 * 10 / 7 + 16; /* n / 0.7, no overflow below 2^60 */
    if (n >= UINT32_MAX - 1)
        return too_big(set, "accounts");
    return want > set->id_cap ? id_rebuild(set, want) : SAHA_OK;
}

saha_status saha_account__id_put(saha_account_set *set, size_t acct)
{
    if (acct >= UINT32_MAX - 1)
        return too_big(set, "accounts");
    if ((acct + 1) * 10 > set->id_cap * 7) { /* acct + 1 entries after this one */
        size_t ncap = set->id_cap ? set->id_cap * 2 : 16;
        saha_status rc;
        if (set->id_cap >= UINT32_MAX)
            return too_big(set, "accounts");
        rc = id_rebuild(set, ncap);
        if (rc < 0)
            return rc;
    }
    id_insert(set, set->id_slot, set->id_cap, set->id_bits, acct);
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

saha_status saha_account__add_issue(saha_account_set *set, size_t line, const char *field,
                                    const char *message, int warning)
{
    if (SAHA__GROW(set->ctx, set->issues, set->issues_cap, set->nissues + 1, 16) < 0)
        return SAHA_ENOMEM;
    set->issues[set->nissues].line = line;
    set->issues[set->nissues].field = field ? field : "";
    set->issues[set->nissues].message = message;
    set->issues[set->nissues].warning = warning;
    set->issues[set->nissues].id = "";
    set->issues[set->nissues].required = 0;
    set->nissues++;
    return SAHA_OK;
}

saha_status saha_account__add_column(saha_account_set *set, const char *name, size_t len)
{
    char *copy;
    int field;
    if (set->ncols == set->cols_cap) {
        size_t cap = set->cols_cap, cap2 = set->cols_cap;
        if (SAHA__GROW(set->ctx, set->header, cap, set->ncols + 1, 16) < 0 ||
            SAHA__GROW(set->ctx, set->col_field, cap2, set->ncols + 1, 16) < 0)
            return SAHA_ENOMEM;
        set->cols_cap = cap;
    }
    copy = saha__arena_strndup(&set->arena, name, len);
    if (!copy)
        return SAHA_ENOMEM;
    field = saha_account__field_of_header(name, len);
    if (set->ncolmap) {
        /* the caller's map first: a mapped header is its field; a column the aliases
         * would give a mapped field is left unknown */
        char key[128];
        int mapped = -1;
        saha__fold_key(name, len, key, sizeof key);
        for (int f = 0; f < SAHA_F_COUNT; f++)
            if (set->colmap[f] && strcmp(set->colmap[f], key) == 0)
                mapped = f;
        if (mapped >= 0)
            field = mapped;
        else if (field >= 0 && set->colmap[field])
            field = -1;
    }
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
        if (!msg || saha_account__add_issue(set, 1, field_names[field], msg, 1) < 0)
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

/* Makes room for one more element in a growable array (grows by half). */
static saha_status grow(saha_ctx *ctx, void **p, size_t *cap, size_t n, size_t size)
{
    size_t ncap;
    void *q;
    if (n < *cap)
        return SAHA_OK;
    ncap = *cap ? *cap + *cap / 2 : 64;
    q = saha__realloc_array(ctx, *p, ncap, size);
    if (!q)
        return SAHA_ENOMEM;
    *p = q;
    *cap = ncap;
    return SAHA_OK;
}

static saha_status add_refs(saha_account_set *set, const char **cells, size_t ncells);

/* The ref of a cell text (see SAHA_ACCOUNT__CELL_EXT): an offset when it lies in the
 * CSV buffer, else a new entry of cell_ext. */
static saha_status cell_ref(saha_account_set *set, const char *text, uint32_t *out)
{
    uintptr_t t = (uintptr_t)text, b = (uintptr_t)set->buf;
    saha_status rc;
    if (!text[0]) {
        *out = SAHA_ACCOUNT__CELL_EMPTY;
        return SAHA_OK;
    }
    if (set->buf && t >= b && t - b < set->buf_len && t - b < SAHA_ACCOUNT__CELL_EXT) {
        *out = (uint32_t)(t - b);
        return SAHA_OK;
    }
    if (set->ncell_ext >= SAHA_ACCOUNT__CELL_EMPTY - SAHA_ACCOUNT__CELL_EXT)
        return too_big(set, "cells");
    rc = grow(set->ctx, (void **)&set->cell_ext, &set->cell_ext_cap, set->ncell_ext,
              sizeof *set->cell_ext);
    if (rc < 0)
        return rc;
    set->cell_ext[set->ncell_ext] = text;
    *out = SAHA_ACCOUNT__CELL_EXT + (uint32_t)set->ncell_ext++;
    return SAHA_OK;
}

/* Packs the row's cells (all in set->buf) into consecutive NUL-terminated texts from
 * cells[0] on, when they lie in buf in order and apart: 1 packed (*off_out set), 0 not
 * (nothing moved). Each text moves left or stays, within the span the row's cells
 * covered, so nothing outside the row is touched. */
static int pack_row(saha_account_set *set, const char **cells, size_t ncells,
                    uint32_t *off_out)
{
    uintptr_t b = (uintptr_t)set->buf, end = b + set->buf_len, w;
    if (!set->buf || ncells == 0)
        return 0;
    w = (uintptr_t)cells[0];
    if (w < b || w - b >= SAHA_ACCOUNT__ROW_PACKED)
        return 0;
    for (size_t k = 0; k < ncells; k++) { /* check every cell before moving any */
        uintptr_t t = (uintptr_t)cells[k];
        if (t < w || t >= end)
            return 0;
        w += strlen(cells[k]) + 1;
        if (w > end + 1) /* the last text's NUL may be buf[len] */
            return 0;
    }
    w = (uintptr_t)cells[0];
    for (size_t k = 0; k < ncells; k++) {
        size_t n = strlen(cells[k]) + 1;
        memmove((char *)w, cells[k], n);
        w += n;
    }
    *off_out = (uint32_t)((uintptr_t)cells[0] - b);
    return 1;
}

saha_status saha_account__add_row(saha_account_set *set, size_t line, const char **cells,
                                  size_t ncells, const char *problem_field,
                                  const char *problem_msg)
{
    uint32_t off = 0;
    saha_account__row *r;
    saha_status rc;
    if (line >= UINT32_MAX)
        return too_big(set, "lines");
    if (set->nrows >= UINT32_MAX - 1)
        return too_big(set, "rows");
    if (ncells >= SAHA_ACCOUNT__ROW_PACKED - set->ncell)
        return too_big(set, "cells");
    rc = grow(set->ctx, (void **)&set->rows, &set->rows_cap, set->nrows,
              sizeof *set->rows);
    if (rc < 0)
        return rc;
    if (problem_msg) {
        rc = grow(set->ctx, (void **)&set->problems, &set->problems_cap, set->nproblems,
                  sizeof *set->problems);
        if (rc < 0)
            return rc;
    }
    if (pack_row(set, cells, ncells, &off)) {
        r = &set->rows[set->nrows];
        r->cell0 = off | SAHA_ACCOUNT__ROW_PACKED;
    } else {
        rc = add_refs(set, cells, ncells);
        if (rc < 0)
            return rc;
        r = &set->rows[set->nrows];
        r->cell0 = (uint32_t)(set->ncell - ncells);
    }
    if (problem_msg) {
        saha_account__problem *p = &set->problems[set->nproblems++];
        p->row = set->nrows;
        p->field = problem_field;
        p->msg = problem_msg;
    }
    set->nrows++;
    r->line = (uint32_t)line;
    r->ncells = (uint32_t)ncells;
    return SAHA_OK;
}

/* Appends the refs of ncells cell texts to set->cell (set->ncell grows by ncells). */
static saha_status add_refs(saha_account_set *set, const char **cells, size_t ncells)
{
    saha_status rc;
    if (ncells >= SAHA_ACCOUNT__ROW_PACKED - set->ncell)
        return too_big(set, "cells");
    if (set->ncell + ncells > set->cell_cap) {
        size_t ncap = set->cell_cap ? set->cell_cap + set->cell_cap / 2 : 256;
        uint32_t *p;
        if (ncap < set->ncell + ncells)
            ncap = set->ncell + ncells;
        p = saha__realloc_array(set->ctx, set->cell, ncap, sizeof *p);
        if (!p)
            return SAHA_ENOMEM;
        set->cell = p;
        set->cell_cap = ncap;
    }
    for (size_t k = 0; k < ncells; k++) {
        rc = cell_ref(set, cells[k], &set->cell[set->ncell + k]);
        if (rc < 0)
            return rc;
    }
    set->ncell += ncells;
    return SAHA_OK;
}

const char **saha_account__scratch(saha_account_set *set, size_t n)
{
    if (n > set->scratch_cap) {
        const char **p =
            saha__realloc_array(set->ctx, (void *)set->scratch, n, sizeof *p);
        if (!p)
            return NULL;
        set->scratch = p;
        set->scratch_cap = n;
    }
    for (size_t k = 0; k < n; k++)
        set->scratch[k] = "";
    return set->scratch;
}

const char *saha_account__cell(const saha_account_set *set, const saha_account__row *r,
                               size_t k)
{
    uint32_t ref;
    if (r->cell0 & SAHA_ACCOUNT__ROW_PACKED) {
        const char *p = set->buf + (r->cell0 & ~SAHA_ACCOUNT__ROW_PACKED);
        while (k--)
            p += strlen(p) + 1;
        return p;
    }
    ref = set->cell[r->cell0 + k];
    if (ref == SAHA_ACCOUNT__CELL_EMPTY)
        return "";
    if (ref >= SAHA_ACCOUNT__CELL_EXT)
        return set->cell_ext[ref - SAHA_ACCOUNT__CELL_EXT];
    return set->buf + ref;
}

const char *saha_account__cell_next(const saha_account_set *set,
                                    const saha_account__row *r, size_t k,
                                    const char *prev)
{
    if ((r->cell0 & SAHA_ACCOUNT__ROW_PACKED) && k > 0 && prev)
        return prev + strlen(prev) + 1;
    return saha_account__cell(set, r, k);
}

saha_status saha_account__cell_put(saha_account_set *set, saha_account__row *r, size_t k,
                                   const char *text)
{
    uint32_t *ref;
    if (r->cell0 & SAHA_ACCOUNT__ROW_PACKED) {
        /* the row's cells become refs into the same texts (they do not move) */
        const char **cells = saha_account__scratch(set, r->ncells ? r->ncells : 1);
        const char *p = NULL;
        size_t first = set->ncell;
        saha_status rc;
        if (!cells)
            return SAHA_ENOMEM;
        for (size_t j = 0; j < r->ncells; j++)
            cells[j] = p = saha_account__cell_next(set, r, j, p);
        rc = add_refs(set, cells, r->ncells);
        if (rc < 0)
            return rc;
        r->cell0 = (uint32_t)first;
    }
    ref = &set->cell[r->cell0 + k];
    if (*ref != SAHA_ACCOUNT__CELL_EMPTY && *ref >= SAHA_ACCOUNT__CELL_EXT && text[0]) {
        /* a value set before: reuse its slot, so repeated updates do not grow */
        set->cell_ext[*ref - SAHA_ACCOUNT__CELL_EXT] = text;
        return SAHA_OK;
    }
    return cell_ref(set, text, ref);
}

int saha_account__is_row(const saha_account_set *set, const saha_account__row *r,
                         size_t i)
{
    size_t c = set->field_col[SAHA_F_ID];
    return i < set->nacc && set->acc[i].line == r->line && c != SAHA_ACCOUNT__NONE &&
           c < r->ncells && saha_account__cell(set, r, c) == set->acc[i].id;
}

saha_account__row *saha_account__row_of(const saha_account_set *set, size_t i)
{
    uint32_t line = set->acc[i].line;
    size_t lo = 0, hi = set->nrows;
    while (lo < hi) { /* the first row on that line */
        size_t mid = lo + (hi - lo) / 2;
        if (set->rows[mid].line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < set->nrows && set->rows[lo].line == line; lo++)
        if (saha_account__is_row(set, &set->rows[lo], i))
            return &set->rows[lo];
    return NULL; /* not reached: every account has its row */
}

const char *saha_account__row_problem(const saha_account_set *set, size_t i,
                                      const char **field_out)
{
    size_t lo = 0, hi = set->nproblems;
    while (lo < hi) { /* problems are in row order */
        size_t mid = lo + (hi - lo) / 2;
        if (set->problems[mid].row < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < set->nproblems && set->problems[lo].row == i) {
        *field_out = set->problems[lo].field;
        return set->problems[lo].msg;
    }
    *field_out = NULL;
    return NULL;
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

/* One HEADER of the spec: bare up to ',' or quoted; into dst (folded later). */
static const char *spec_header(const char *p, char *dst, size_t cap, int *bad)
{
    size_t k = 0;
    *bad = 0;
    if (*p == '"') {
        p++;
        for (;;) {
            if (*p == '\0') {
                *bad = 1;
                return p;
            }
            if (*p == '"' && p[1] == '"') {
                p++;
            } else if (*p == '"') {
                p++;
                break;
            }
            if (k + 1 < cap)
                dst[k++] = *p;
            p++;
        }
    } else {
        while (*p && *p != ',') {
            if (k + 1 < cap)
                dst[k++] = *p;
            p++;
        }
    }
    dst[k] = '\0';
    return p;
}

saha_status saha_account__colmap_parse(saha_account_set *set, const char *spec)
{
    const char *p = spec;
    while (*p) {
        char fname[32], header[256], key[256];
        size_t k = 0;
        int field = -1, bad;
        while (*p == ' ')
            p++;
        while (*p && *p != '=' && *p != ',' && k + 1 < sizeof fname)
            fname[k++] = *p++;
        fname[k] = '\0';
        while (k > 0 && fname[k - 1] == ' ')
            fname[--k] = '\0';
        if (*p != '=')
            return saha__error_set(set->ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "columns: want FIELD=HEADER, got '%s'", fname);
        p++;
        for (int f = 0; f < SAHA_F_COUNT; f++)
            if (strcmp(fname, field_names[f]) == 0)
                field = f;
        if (field < 0)
            return saha__error_set(set->ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "columns: unknown field '%s' (fields: id, name, "
                                   "address, street, city, district, postcode, country, "
                                   "lat, lon, value, probability, visit_minutes, hours, "
                                   "must_visit, appointment, rep, last_visit, "
                                   "frequency_days)",
                                   fname);
        p = spec_header(p, header, sizeof header, &bad);
        if (bad || header[0] == '\0')
            return saha__error_set(set->ctx, SAHA_EINVAL, NULL, 0, 0, "columns: %s: %s",
                                   fname, bad ? "unclosed quote" : "empty header");
        saha__fold_key(header, strlen(header), key, sizeof key);
        if (set->colmap[field])
            return saha__error_set(set->ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "columns: field %s is mapped twice", fname);
        set->colmap[field] = saha__arena_strdup(&set->arena, key);
        if (!set->colmap[field])
            return SAHA_ENOMEM;
        set->ncolmap++;
        while (*p == ' ')
            p++;
        if (*p == ',')
            p++;
        else if (*p)
            return saha__error_set(set->ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "columns: %s: text after the quoted header", fname);
    }
    return SAHA_OK;
}

saha_status saha_account__colmap_check(saha_account_set *set)
{
    for (int f = 0; f < SAHA_F_COUNT; f++) {
        if (!set->colmap[f])
            continue;
        if (set->field_col[f] == SAHA_ACCOUNT__NONE)
            return saha__error_set(set->ctx, SAHA_EPARSE, set->source, 1, 0,
                                   "columns: %s: no column '%s' in the header",
                                   field_names[f], set->colmap[f]);
    }
    return SAHA_OK;
}

saha_status saha_account__set_new(saha_account_set **out, saha_ctx *ctx,
                                  const char *source)
{
    saha_account_set *set = saha__calloc(ctx, 1, sizeof *set);
    *out = NULL;
    if (!set)
        return SAHA_ENOMEM;
    set->ctx = ctx;
    saha__arena_init(&set->arena, ctx);
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
    saha__free(ctx, set->id_slot);
    saha_account__map_free(&set->cols);
    saha__free(ctx, set->acc);
    saha__free(ctx, set->rows);
    saha__free(ctx, set->cell);
    saha__free(ctx, (void *)set->cell_ext);
    saha__free(ctx, set->problems);
    saha__free(ctx, (void *)set->scratch);
    saha__free(ctx, (void *)set->header);
    saha__free(ctx, set->col_field);
    saha__free(ctx, set->buf);
    saha__arena_free(&set->arena);
    saha__free(ctx, set);
}
