/* territory_io.c: the reps file and the previous assignment (both small CSV files).
 *
 * Read with the shared CSV reader (util/csv.c: RFC 4180, a UTF-8 BOM, the delimiter
 * sniffed from the header line outside quotes; with ';' a decimal comma is accepted in
 * numbers). Headers are matched through
 * saha__fold_key, so "Home Lat", "home_lat" and "HOME-LAT" are the same column.
 * Caller: the CLI and territory.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/core.h"
#include "saha/territory.h"
#include "util/csv.h"

#define IO_MAX_BYTES ((size_t)256 << 20)

struct saha_territory_reps {
    saha_ctx *ctx;
    saha__arena arena;
    saha_territory_rep *rep;
    const char **
        *cells;         /* n rows of ncol cells (arena), for saha_territory_reps_column */
    char (*folded)[64]; /* ncol folded header names */
    size_t n, ncol;
};

typedef struct prev_pair {
    const char *id, *territory;
} prev_pair;

struct saha_territory_previous {
    saha_ctx *ctx;
    saha__arena arena;
    prev_pair *pair; /* sorted by id */
    size_t n;
};

/* ---- CSV reading (util/csv.c) ---------------------------------------------------- */

/* Starts reading a copy of data[0..len) held in arena, so that the cells (unescaped in
 * place) live as long as the arena. SAHA_ENOMEM on failure. */
static saha_status open_csv(saha__csv *c, saha_ctx *ctx, saha__arena *arena,
                            const char *source, const char *data, size_t len)
{
    char *copy = saha__arena_strndup(arena, data, len);
    if (!copy)
        return SAHA_ENOMEM;
    saha__csv_init(c, ctx, source, copy, len, 0);
    return SAHA_OK;
}

static int is_blank(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '\0';
}

/* Opens data as CSV (see open_csv) and reads its header line: *folded_out gets the ncol
 * folded header names (the caller frees it). An empty input is "empty <what> file". */
static saha_status open_header(saha__csv *c, saha_ctx *ctx, saha__arena *arena,
                               const char *source, const char *data, size_t len,
                               const char *what, char (**folded_out)[64],
                               size_t *ncol_out)
{
    char(*folded)[64];
    saha_status rc = open_csv(c, ctx, arena, source, data, len);
    int r;
    if (rc < 0)
        return rc;
    r = saha__csv_next(c);
    if (r < 0)
        return r;
    if (r == 0)
        return saha__error_set(ctx, SAHA_EPARSE, source, 0, 0, "empty %s file", what);
    folded = saha__alloc_array(ctx, c->n, sizeof *folded);
    if (!folded)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < c->n; i++)
        saha__fold_key(c->cells[i], strlen(c->cells[i]), folded[i], sizeof folded[i]);
    *folded_out = folded;
    *ncol_out = c->n;
    return SAHA_OK;
}

/* A parse function behind a load: out is the caller's typed output pointer. */
typedef saha_status (*parse_fn)(void *out, saha_ctx *ctx, const char *source,
                                const char *data, size_t len);

/* Reads the file at path (at most IO_MAX_BYTES) and hands it to parse with the path as
 * the source name. The caller has checked its arguments and cleared its *out. */
static saha_status load(saha_ctx *ctx, const char *path, void *out, parse_fn parse)
{
    char *data = NULL;
    size_t len = 0;
    saha_status rc;
    saha__error_clear(ctx);
    rc = saha__read_file(ctx, path, IO_MAX_BYTES, &data, &len);
    if (rc == SAHA_OK)
        rc = parse(out, ctx, path, data, len);
    saha__free(ctx, data);
    return rc;
}

/* The parse adapters behind the two loads. */
static saha_status parse_reps(void *out, saha_ctx *ctx, const char *source,
                              const char *data, size_t len)
{
    return saha_territory_reps_parse(out, ctx, source, data, len);
}

static saha_status parse_previous(void *out, saha_ctx *ctx, const char *source,
                                  const char *data, size_t len)
{
    return saha_territory_previous_parse(out, ctx, source, data, len);
}

/* ---- reps ------------------------------------------------------------------------- */

static const char *const ID_NAMES[] = {"id", "rep_id", "code", "kod", NULL};
static const char *const NAME_NAMES[] = {"name",     "rep", "rep_name",
                                         "temsilci", "ad",  NULL};
static const char *const LAT_NAMES[] = {"lat",   "home_lat", "latitude",
                                        "enlem", "y",        NULL};
static const char *const LON_NAMES[] = {"lon",       "home_lon", "lng", "long",
                                        "longitude", "boylam",   "x",   NULL};
static const char *const ADDR_NAMES[] = {"address", "home_address", "adres", "home",
                                         NULL};
static const char *const CAP_NAMES[] = {"capacity", "fte", "kapasite", NULL};
static const char *const MAX_NAMES[] = {"max_accounts", "max", NULL};

saha_status saha_territory_reps_parse(saha_territory_reps **out, saha_ctx *ctx,
                                      const char *source, const char *data, size_t len)
{
    saha_territory_reps *reps = NULL;
    saha__csv c;
    char(*folded)[64] = NULL;
    size_t ncol, cid, cname, clat, clon, caddr, ccap, cmax, cap = 0;
    int dc, r;
    saha_status rc = SAHA_OK;

    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, data != NULL || len == 0);
    saha__error_clear(ctx);
    if (!source)
        source = "<reps>";
    reps = saha__calloc(ctx, 1, sizeof *reps);
    if (!reps)
        return SAHA_ENOMEM;
    reps->ctx = ctx;
    saha__arena_init(&reps->arena, ctx);
    memset(&c, 0, sizeof c);
    rc = open_header(&c, ctx, &reps->arena, source, data, len, "reps", &folded, &ncol);
    if (rc < 0)
        goto done;
    dc = c.decimal_comma;
    cid = saha__csv_column(&c, ID_NAMES);
    cname = saha__csv_column(&c, NAME_NAMES);
    clat = saha__csv_column(&c, LAT_NAMES);
    clon = saha__csv_column(&c, LON_NAMES);
    caddr = saha__csv_column(&c, ADDR_NAMES);
    ccap = saha__csv_column(&c, CAP_NAMES);
    cmax = saha__csv_column(&c, MAX_NAMES);
    if (cid == SIZE_MAX && cname == SIZE_MAX) {
        rc = saha__error_set(ctx, SAHA_EPARSE, source, 1, 0,
                             "no id or name column in the header");
        goto done;
    }
    if ((clat == SIZE_MAX) != (clon == SIZE_MAX)) {
        rc = saha__error_set(
            ctx, SAHA_EPARSE, source, 1, 0, "the header has %s but no %s column",
            clat == SIZE_MAX ? "lon" : "lat", clat == SIZE_MAX ? "lat" : "lon");
        goto done;
    }
    while ((r = saha__csv_next_nonblank(&c)) > 0) {
        saha_territory_rep *rp;
        const char *slat, *slon;
        if (reps->n == cap) {
            size_t cap2 = cap;
            if (SAHA__GROW(ctx, reps->rep, cap, reps->n + 1, 16) < 0 ||
                SAHA__GROW(ctx, reps->cells, cap2, reps->n + 1, 16) < 0) {
                rc = SAHA_ENOMEM;
                goto done;
            }
        }
        {
            size_t bytes;
            const char **row;
            if (saha__mul_size(ncol, sizeof *row, &bytes) < 0) {
                rc = saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "too many columns");
                goto done;
            }
            row = saha__arena_alloc(&reps->arena, bytes ? bytes : 1);
            if (!row) {
                rc = SAHA_ENOMEM;
                goto done;
            }
            for (size_t k = 0; k < ncol; k++)
                row[k] = saha__csv_cell(&c, k);
            reps->cells[reps->n] = row;
        }
        rp = &reps->rep[reps->n];
        memset(rp, 0, sizeof *rp);
        rp->line = c.line;
        rp->id = cid != SIZE_MAX ? saha__csv_cell(&c, cid) : saha__csv_cell(&c, cname);
        rp->name = cname != SIZE_MAX ? saha__csv_cell(&c, cname) : "";
        if (is_blank(rp->id)) {
            rc = saha__error_set(ctx, SAHA_EPARSE, source, c.line, 0, "%s: empty rep id",
                                 cid != SIZE_MAX ? "id" : "name");
            goto done;
        }
        for (size_t j = 0; j < reps->n; j++) {
            if (!strcmp(reps->rep[j].id, rp->id)) {
                rc = saha__error_set(ctx, SAHA_EPARSE, source, c.line, 0,
                                     "id: duplicate rep id '%s' (first on line %zu)",
                                     rp->id, reps->rep[j].line);
                goto done;
            }
        }
        rp->home.lat_deg = rp->home.lon_deg = NAN;
        slat = clat != SIZE_MAX ? saha__csv_cell(&c, clat) : "";
        slon = clon != SIZE_MAX ? saha__csv_cell(&c, clon) : "";
        if (!is_blank(slat) || !is_blank(slon)) {
            double la, lo;
            if (saha__parse_double(slat, strlen(slat), dc, &la) < 0 ||
                !(fabs(la) <= 90)) {
                rc = saha__error_set(ctx, SAHA_EPARSE, source, c.line, clat + 1,
                                     "lat: not a latitude: '%s'", slat);
                goto done;
            }
            if (saha__parse_double(slon, strlen(slon), dc, &lo) < 0 ||
                !(fabs(lo) <= 180)) {
                rc = saha__error_set(ctx, SAHA_EPARSE, source, c.line, clon + 1,
                                     "lon: not a longitude: '%s'", slon);
                goto done;
            }
            rp->has_home = 1;
            rp->home.lat_deg = la;
            rp->home.lon_deg = lo;
        } else if (caddr != SIZE_MAX && !is_blank(saha__csv_cell(&c, caddr))) {
            rc =
                saha__error_set(ctx, SAHA_EPARSE, source, c.line, caddr + 1,
                                "rep '%s' has a home address but no lat/lon: geocode the "
                                "reps file first (saha geocode)",
                                rp->id);
            goto done;
        }
        rp->capacity = 1.0;
        if (ccap != SIZE_MAX && !is_blank(saha__csv_cell(&c, ccap))) {
            const char *s = saha__csv_cell(&c, ccap);
            double v;
            if (saha__parse_double(s, strlen(s), dc, &v) < 0 || !(v > 0) || !(v <= 100)) {
                rc = saha__error_set(ctx, SAHA_EPARSE, source, c.line, ccap + 1,
                                     "capacity: want a number > 0 (1 = full time): '%s'",
                                     s);
                goto done;
            }
            rp->capacity = v;
        }
        if (cmax != SIZE_MAX && !is_blank(saha__csv_cell(&c, cmax))) {
            const char *s = saha__csv_cell(&c, cmax);
            long v;
            if (saha__parse_long(s, strlen(s), &v) < 0 || v < 0) {
                rc = saha__error_set(ctx, SAHA_EPARSE, source, c.line, cmax + 1,
                                     "max_accounts: want a whole number >= 0: '%s'", s);
                goto done;
            }
            rp->max_accounts = (size_t)v;
        }
        reps->n++;
    }
    if (r < 0) {
        rc = r;
        goto done;
    }
    if (reps->n == 0) {
        rc = saha__error_set(ctx, SAHA_EPARSE, source, 0, 0, "no rep in the reps file");
        goto done;
    }
    reps->folded = folded;
    reps->ncol = ncol;
    folded = NULL;
    *out = reps;
    reps = NULL;
done:
    saha__csv_free(&c);
    saha__free(ctx, folded);
    saha_territory_reps_free(reps);
    return rc;
}

saha_status saha_territory_reps_load(saha_territory_reps **out, saha_ctx *ctx,
                                     const char *path)
{
    SAHA__CHECK_ARG(ctx, out != NULL && path != NULL);
    *out = NULL;
    return load(ctx, path, out, parse_reps);
}

void saha_territory_reps_free(saha_territory_reps *reps)
{
    if (!reps)
        return;
    saha__arena_free(&reps->arena);
    saha__free(reps->ctx, reps->rep);
    saha__free(reps->ctx, reps->cells);
    saha__free(reps->ctx, reps->folded);
    saha__free(reps->ctx, reps);
}

const char *saha_territory_reps_column(const saha_territory_reps *reps, size_t i,
                                       const char *name)
{
    char key[64];
    if (!reps || i >= reps->n || !name)
        return NULL;
    saha__fold_key(name, strlen(name), key, sizeof key);
    for (size_t k = 0; k < reps->ncol; k++)
        if (!strcmp(reps->folded[k], key))
            return reps->cells[i][k];
    return NULL;
}

size_t saha_territory_reps_count(const saha_territory_reps *reps)
{
    return reps ? reps->n : 0;
}

const saha_territory_rep *saha_territory_reps_at(const saha_territory_reps *reps,
                                                 size_t i)
{
    return reps && i < reps->n ? &reps->rep[i] : NULL;
}

/* ---- previous assignment ------------------------------------------------------------
 */

static const char *const ACC_ID_NAMES[] = {"id",  "account_id", "code",
                                           "kod", "musteri_no", NULL};
static const char *const TERR_NAMES[] = {"territory", NULL};

static int pair_cmp(const void *a, const void *b)
{
    return strcmp(((const prev_pair *)a)->id, ((const prev_pair *)b)->id);
}

saha_status saha_territory_previous_parse(saha_territory_previous **out, saha_ctx *ctx,
                                          const char *source, const char *data,
                                          size_t len)
{
    saha_territory_previous *prev = NULL;
    saha__csv c;
    char(*folded)[64] = NULL;
    size_t ncol, cid, cter, cap = 0;
    int r;
    saha_status rc = SAHA_OK;

    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, data != NULL || len == 0);
    saha__error_clear(ctx);
    if (!source)
        source = "<previous>";
    prev = saha__calloc(ctx, 1, sizeof *prev);
    if (!prev)
        return SAHA_ENOMEM;
    prev->ctx = ctx;
    saha__arena_init(&prev->arena, ctx);
    memset(&c, 0, sizeof c);
    rc = open_header(&c, ctx, &prev->arena, source, data, len, "assignment", &folded,
                     &ncol);
    if (rc < 0)
        goto done;
    cid = saha__csv_column(&c, ACC_ID_NAMES);
    cter = saha__csv_column(&c, TERR_NAMES);
    if (cid == SIZE_MAX || cter == SIZE_MAX) {
        rc = saha__error_set(ctx, SAHA_EPARSE, source, 1, 0,
                             "a previous assignment needs an id and a territory column");
        goto done;
    }
    while ((r = saha__csv_next_nonblank(&c)) > 0) {
        const char *id, *ter;
        id = saha__csv_cell(&c, cid);
        ter = saha__csv_cell(&c, cter);
        if (is_blank(id) || is_blank(ter))
            continue;
        if (SAHA__GROW(ctx, prev->pair, cap, prev->n + 1, 256) < 0) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        prev->pair[prev->n].id = id;
        prev->pair[prev->n].territory = ter;
        prev->n++;
    }
    if (r < 0) {
        rc = r;
        goto done;
    }
    if (prev->n)
        qsort(prev->pair, prev->n, sizeof *prev->pair, pair_cmp);
    for (size_t i = 1; i < prev->n; i++) {
        if (!strcmp(prev->pair[i - 1].id, prev->pair[i].id)) {
            /* qsort lost the lines; find the second occurrence for the message. */
            size_t seen = 0, line = 0;
            saha__csv c2;
            saha__arena tmp;
            saha__arena_init(&tmp, ctx);
            memset(&c2, 0, sizeof c2);
            if (open_csv(&c2, ctx, &tmp, source, data, len) == SAHA_OK) {
                while (saha__csv_next(&c2) == 1) {
                    if (c2.line > 1 &&
                        !strcmp(saha__csv_cell(&c2, cid), prev->pair[i].id) &&
                        ++seen == 2) {
                        line = c2.line;
                        break;
                    }
                }
            }
            saha__csv_free(&c2);
            saha__arena_free(&tmp);
            rc = saha__error_set(ctx, SAHA_EPARSE, source, line, cid + 1,
                                 "id: duplicate account id '%s'", prev->pair[i].id);
            goto done;
        }
    }
    *out = prev;
    prev = NULL;
done:
    saha__csv_free(&c);
    saha__free(ctx, folded);
    saha_territory_previous_free(prev);
    return rc;
}

saha_status saha_territory_previous_load(saha_territory_previous **out, saha_ctx *ctx,
                                         const char *path)
{
    SAHA__CHECK_ARG(ctx, out != NULL && path != NULL);
    *out = NULL;
    return load(ctx, path, out, parse_previous);
}

void saha_territory_previous_free(saha_territory_previous *prev)
{
    if (!prev)
        return;
    saha__arena_free(&prev->arena);
    saha__free(prev->ctx, prev->pair);
    saha__free(prev->ctx, prev);
}

size_t saha_territory_previous_count(const saha_territory_previous *prev)
{
    return prev ? prev->n : 0;
}

const char *saha_territory_previous_lookup(const saha_territory_previous *prev,
                                           const char *id)
{
    prev_pair key, *hit;
    if (!prev || !id || !prev->n)
        return NULL;
    key.id = id;
    key.territory = NULL;
    hit = bsearch(&key, prev->pair, prev->n, sizeof *prev->pair, pair_cmp);
    return hit ? hit->territory : NULL;
}
