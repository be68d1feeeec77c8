/* matrix_file: the FILE provider, reading the long-format CSV that
 * saha_matrix_write_csv writes:
 *
 *   from_id,to_id,duration_s,distance_m
 *   A1,A2,612.0,5034.2
 *
 * Columns are found by name (any order, other columns ignored); read with the shared
 * CSV reader (util/csv.c: RFC 4180, a UTF-8 BOM, ',' ';' or tab sniffed from the
 * header, with ';' a decimal comma in numbers). Every ordered pair of distinct points
 * must be present once; numbers must be finite and >= 0. Unknown ids, bad numbers and
 * duplicate pairs are SAHA_EPARSE with file:line:column; a missing pair is SAHA_ENOTFOUND
 * naming both ids. The one exception is the rep's home "HOME": when no line mentions it,
 * its legs are computed with the travel model (geodesic x circuity) and a warning says
 * so, because a matrix is usually made for the accounts before a rep is chosen.
 * Complexity: O(file size) with an O(1) id lookup (open addressing). */
#include <math.h>
#include <string.h>

#include "internal/core.h"
#include "internal/matrix_parse.h"
#include "util/csv.h"

/* ---- id lookup ------------------------------------------------------------------- */

static uint64_t ids_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

saha_status saha_matrix__ids_init(saha_matrix__ids *t, saha_ctx *ctx,
                                  const char *const *ids, size_t n)
{
    size_t cap = 16;

    memset(t, 0, sizeof *t);
    while (cap < 2 * n) {
        if (cap > SIZE_MAX / 4)
            return saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "too many ids");
        cap *= 2;
    }
    t->slots = saha__alloc_array(ctx, cap, sizeof *t->slots);
    if (!t->slots)
        return SAHA_ENOMEM;
    for (size_t i = 0; i < cap; i++)
        t->slots[i] = SIZE_MAX;
    t->ids = ids;
    t->n = n;
    t->cap = cap;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(ids[i]);
        size_t s = (size_t)ids_hash(ids[i], len) & (cap - 1);
        if (len == 0) {
            saha_matrix__ids_free(t, ctx);
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "point %zu has an empty id", i);
        }
        while (t->slots[s] != SIZE_MAX) {
            if (strcmp(ids[t->slots[s]], ids[i]) == 0) {
                saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "duplicate id '%s'",
                                ids[i]);
                saha_matrix__ids_free(t, ctx);
                return SAHA_EINVAL;
            }
            s = (s + 1) & (cap - 1);
        }
        t->slots[s] = i;
    }
    return SAHA_OK;
}

size_t saha_matrix__ids_find(const saha_matrix__ids *t, const char *s, size_t len)
{
    size_t k;
    if (!t->slots)
        return SIZE_MAX;
    k = (size_t)ids_hash(s, len) & (t->cap - 1);
    while (t->slots[k] != SIZE_MAX) {
        const char *id = t->ids[t->slots[k]];
        /* s may hold NUL bytes: compare lengths first, then bytes */
        if (strnlen(id, len + 1) == len && memcmp(id, s, len) == 0)
            return t->slots[k];
        k = (k + 1) & (t->cap - 1);
    }
    return SIZE_MAX;
}

void saha_matrix__ids_free(saha_matrix__ids *t, saha_ctx *ctx)
{
    saha__free(ctx, t->slots);
    t->slots = NULL;
}

static const char *fld(const saha__csv *r, size_t k, size_t *len)
{
    *len = r->lens[k];
    return r->cells[k];
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

enum { C_FROM, C_TO, C_DUR, C_DIST, C_N };
static const char *const col_names[C_N] = {"from_id", "to_id", "duration_s",
                                           "distance_m"};

/* Fills HOME's legs with the model when the file never mentions HOME. */
static void fill_home(saha_matrix *m, size_t h, const saha_latlon *pts,
                      const saha_travel_model *tm)
{
    for (size_t j = 0; j < m->n; j++) {
        double d, t;
        if (j == h)
            continue;
        saha_travel_model_leg(tm, saha_geo_distance_m(pts[h], pts[j]), &d, &t);
        m->dist_m[h * m->n + j] = m->dist_m[j * m->n + h] = (float)d;
        m->dur_s[h * m->n + j] = m->dur_s[j * m->n + h] = (float)t;
    }
}

saha_status saha_matrix__parse_csv(saha_matrix *m, saha_ctx *ctx, const char *source,
                                   const char *data, size_t len, const char *const *ids,
                                   const saha_latlon *pts, const saha_travel_model *tm)
{
    saha_matrix__ids t;
    saha__csv r;
    char *copy;
    size_t col[C_N], n = m->n, home, nn = n * n;
    int got, home_seen = 0, header = 0;
    saha_status rc;

    if (!source)
        source = "matrix";
    rc = saha_matrix__ids_init(&t, ctx, ids, n);
    if (rc < 0)
        return rc;
    /* the reader unescapes in place: work on a copy */
    copy = saha__malloc(ctx, len + 1);
    if (!copy) {
        saha_matrix__ids_free(&t, ctx);
        return SAHA_ENOMEM;
    }
    if (len)
        memcpy(copy, data, len);
    copy[len] = '\0';
    saha__csv_init(&r, ctx, source, copy, len, 0);
    for (size_t i = 0; i < nn; i++)
        m->dur_s[i] = m->dist_m[i] = NAN;
    home = saha_matrix__ids_find(&t, "HOME", 4);

    while ((got = saha__csv_next_nonblank(&r)) == 1) {
        const char *s;
        size_t sl, from, to;
        double v[2];
        if (!header) {
            for (int c = 0; c < C_N; c++) {
                const char *const names[] = {col_names[c], NULL};
                col[c] = saha__csv_column(&r, names);
            }
            for (int c = 0; c < C_N; c++)
                if (col[c] == SIZE_MAX) {
                    rc = saha__error_set(
                        ctx, SAHA_EPARSE, source, r.line, 0,
                        "missing column %s (want from_id,to_id,duration_s,"
                        "distance_m)",
                        col_names[c]);
                    goto done;
                }
            header = 1;
            continue;
        }
        for (int c = 0; c < C_N; c++)
            if (col[c] >= r.n) {
                rc = saha__error_set(ctx, SAHA_EPARSE, source, r.line, 0,
                                     "%s: missing field (want %zu fields, got %zu)",
                                     col_names[c], col[c] + 1, r.n);
                goto done;
            }
        s = fld(&r, col[C_FROM], &sl);
        trim(&s, &sl);
        from = saha_matrix__ids_find(&t, s, sl);
        if (from == SIZE_MAX) {
            rc = saha__error_set(ctx, SAHA_EPARSE, source, r.line, col[C_FROM] + 1,
                                 "from_id: unknown id '%.*s'", (int)(sl > 64 ? 64 : sl),
                                 s);
            goto done;
        }
        s = fld(&r, col[C_TO], &sl);
        trim(&s, &sl);
        to = saha_matrix__ids_find(&t, s, sl);
        if (to == SIZE_MAX) {
            rc = saha__error_set(ctx, SAHA_EPARSE, source, r.line, col[C_TO] + 1,
                                 "to_id: unknown id '%.*s'", (int)(sl > 64 ? 64 : sl), s);
            goto done;
        }
        for (int c = 0; c < 2; c++) {
            size_t k = col[C_DUR + c];
            s = fld(&r, k, &sl);
            /* the upper bound (31 years, 25 times round the earth) keeps the value
             * representable as a float with room to spare */
            if (saha__parse_double(s, sl, r.decimal_comma, &v[c]) < 0 ||
                !isfinite(v[c]) || v[c] < 0 || v[c] > SAHA_MATRIX__MAX_VALUE) {
                trim(&s, &sl);
                rc = saha__error_set(
                    ctx, SAHA_EPARSE, source, r.line, k + 1,
                    "%s: want a finite number >= 0 and <= 1e9, got '%.*s'",
                    col_names[C_DUR + c], (int)(sl > 40 ? 40 : sl), s);
                goto done;
            }
        }
        if (from == home || to == home)
            home_seen = 1;
        if (from == to)
            continue; /* the diagonal is 0 by definition */
        if (!isnan(m->dur_s[from * n + to])) {
            rc = saha__error_set(ctx, SAHA_EPARSE, source, r.line, 0,
                                 "duplicate pair %s -> %s", ids[from], ids[to]);
            goto done;
        }
        m->dur_s[from * n + to] = (float)v[0];
        m->dist_m[from * n + to] = (float)v[1];
    }
    if (got < 0) {
        rc = got;
        goto done;
    }
    if (!header && n > 1) {
        rc = saha__error_set(ctx, SAHA_EPARSE, source, 1, 0,
                             "empty file (want the header from_id,to_id,duration_s,"
                             "distance_m)");
        goto done;
    }
    if (home != SIZE_MAX && !home_seen && n > 1) {
        if (!pts) {
            rc = saha__error_set(ctx, SAHA_EINVAL, source, 0, 0,
                                 "no legs for HOME and no coordinates to compute them");
            goto done;
        }
        fill_home(m, home, pts, tm);
        if (!saha_matrix__flags(m)) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        m->flags[home] |= SAHA_MATRIX__F_ESTIMATED;
        saha__log(ctx, SAHA_LOG_WARN,
                  "%s: no legs for HOME: computed its %zu legs with the road model "
                  "(circuity %.2f)",
                  source, 2 * (n - 1), tm->circuity);
    }
    for (size_t i = 0; i < n; i++) {
        m->dur_s[i * n + i] = 0.0f;
        m->dist_m[i * n + i] = 0.0f;
    }
    {
        size_t missing = 0, fi = 0, fj = 0;
        for (size_t i = 0; i < nn; i++)
            if (isnan(m->dur_s[i])) {
                if (missing++ == 0) {
                    fi = i / n;
                    fj = i % n;
                }
            }
        if (missing == 1)
            rc = saha__error_set(ctx, SAHA_ENOTFOUND, source, 0, 0,
                                 "missing pair %s -> %s", ids[fi], ids[fj]);
        else if (missing > 1)
            rc = saha__error_set(ctx, SAHA_ENOTFOUND, source, 0, 0,
                                 "missing pair %s -> %s (and %zu more)", ids[fi], ids[fj],
                                 missing - 1);
    }
done:
    saha__csv_free(&r);
    saha__free(ctx, copy);
    saha_matrix__ids_free(&t, ctx);
    return rc;
}

saha_status saha_matrix__fill_file(saha_matrix *m, saha_ctx *ctx, const char *const *ids,
                                   const saha_latlon *pts, const saha_matrix_options *o)
{
    char *data = NULL;
    size_t len = 0;
    saha_status rc;

    if (!o->file_path)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "matrix provider 'file' needs a file path");
    rc = saha__read_file(ctx, o->file_path, SIZE_MAX / 2, &data, &len);
    if (rc < 0)
        return rc;
    rc = saha_matrix__parse_csv(m, ctx, o->file_path, data, len, ids, pts, &o->travel);
    saha__free(ctx, data);
    return rc;
}
