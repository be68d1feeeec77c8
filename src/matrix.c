/* matrix: the n x n travel time / distance matrix behind one interface. This file holds
 * the storage, the accessors, argument checks and provider dispatch and the long-format
 * CSV writer. Providers: matrix_model.c (offline road model and its leg function),
 * matrix_osrm.c (OSRM Table API), matrix_file.c (long-format CSV). */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal/core.h"
#include "internal/matrix_parse.h"
#include "util/csv.h"

/* Asks the kernel for transparent huge pages on a large array: a 5,000-point matrix is
 * 2 x 100 MB, and first-touching it in 4 KiB pages costs ~50,000 page faults (about as
 * much time as computing it). Only a hint: ignored where unsupported or refused. */
static void hint_huge_pages(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t hi = ((uintptr_t)p + bytes) & ~(huge - 1);
    if (bytes >= 4 * huge && hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

saha_status saha_matrix__new(saha_matrix **out, saha_ctx *ctx, size_t n)
{
    saha_matrix *m;
    size_t nn;

    *out = NULL;
    if (saha__mul_size(n, n, &nn) < 0)
        return saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0,
                               "matrix of %zu points too large", n);
    m = saha__calloc(ctx, 1, sizeof *m);
    if (!m)
        return SAHA_ENOMEM;
    m->ctx = ctx;
    m->n = n;
    if (nn > 0) {
        m->dur_s = saha__alloc_array(ctx, nn, sizeof *m->dur_s);
        m->dist_m = m->dur_s ? saha__alloc_array(ctx, nn, sizeof *m->dist_m) : NULL;
        if (!m->dist_m) {
            saha_matrix_free(m);
            return SAHA_ENOMEM;
        }
        hint_huge_pages(m->dur_s, nn * sizeof *m->dur_s);
        hint_huge_pages(m->dist_m, nn * sizeof *m->dist_m);
    }
    *out = m;
    return SAHA_OK;
}

void saha_matrix_free(saha_matrix *m)
{
    if (!m)
        return;
    saha__free(m->ctx, m->dur_s);
    saha__free(m->ctx, m->dist_m);
    saha__free(m->ctx, m->snap_m);
    saha__free(m->ctx, m->flags);
    saha__free(m->ctx, m);
}

double saha_matrix_snap_m(const saha_matrix *m, size_t i)
{
    if (!m || i >= m->n || !m->snap_m)
        return NAN;
    return m->snap_m[i];
}

int saha_matrix_unroutable(const saha_matrix *m, size_t i)
{
    if (!m || i >= m->n || !m->flags)
        return 0;
    return (m->flags[i] & SAHA_MATRIX__F_UNROUTABLE) != 0;
}

int saha_matrix_is_estimate(const saha_matrix *m, size_t i, size_t j)
{
    if (!m || i >= m->n || j >= m->n)
        return 0;
    if (m->all_estimated)
        return 1;
    if (!m->flags)
        return 0;
    return ((m->flags[i] | m->flags[j]) & SAHA_MATRIX__F_ESTIMATED) != 0;
}

size_t saha_matrix_size(const saha_matrix *m)
{
    return m ? m->n : 0;
}

double saha_matrix_duration_s(const saha_matrix *m, size_t i, size_t j)
{
    if (!m || i >= m->n || j >= m->n)
        return NAN;
    return m->dur_s[i * m->n + j];
}

double saha_matrix_distance_m(const saha_matrix *m, size_t i, size_t j)
{
    if (!m || i >= m->n || j >= m->n)
        return NAN;
    return m->dist_m[i * m->n + j];
}

/* ---- build ----------------------------------------------------------------------- */

saha_status saha_matrix_options_init(saha_matrix_options *opts, unsigned version)
{
    const saha_travel_model tm = SAHA_TRAVEL_MODEL_INIT;
    if (!opts || version != SAHA_MATRIX_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    opts->provider = SAHA_MATRIX_MODEL;
    opts->travel = tm;
    opts->snap_warn_m = 500.0;
    opts->snap_max_m = 5000.0;
    return SAHA_OK;
}

saha_status saha_matrix_build(saha_matrix **out, saha_ctx *ctx, saha_geo *geo,
                              const char *const *ids, const saha_latlon *pts, size_t n,
                              const saha_matrix_options *opts)
{
    saha_matrix_options defaults;
    saha_matrix *m = NULL;
    saha_status rc;

    (void)geo; /* distances come from the geodesic formulas in internal/geo_fast.h */
    if (!ctx)
        return SAHA_EINVAL;
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, n == 0 || pts != NULL);
    SAHA__CHECK_ARG(ctx, !opts || opts->version == SAHA_MATRIX_OPTIONS_VERSION);
    (void)saha_matrix_options_init(&defaults, SAHA_MATRIX_OPTIONS_VERSION);
    if (!opts)
        opts = &defaults;
    SAHA__CHECK_ARG(ctx, opts->provider == SAHA_MATRIX_MODEL || ids != NULL);
    for (size_t i = 0; i < n; i++) {
        if (ids && !ids[i])
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "point %zu has no id",
                                   i);
        if (!isfinite(pts[i].lat_deg) || !isfinite(pts[i].lon_deg) ||
            fabs(pts[i].lat_deg) > 90.0 || fabs(pts[i].lon_deg) > 360.0) {
            if (ids)
                return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                       "%s: no valid coordinates (%g, %g)", ids[i],
                                       pts[i].lat_deg, pts[i].lon_deg);
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "point %zu: no valid coordinates (%g, %g)", i,
                                   pts[i].lat_deg, pts[i].lon_deg);
        }
    }
    rc = saha_travel_model_check(ctx, &opts->travel);
    if (rc < 0)
        return rc;
    rc = saha_matrix__new(&m, ctx, n);
    if (rc < 0)
        return rc;
    switch (opts->provider) {
    case SAHA_MATRIX_MODEL:
        rc = saha_matrix__fill_model(m, ctx, pts, opts);
        m->all_estimated = 1;
        break;
    case SAHA_MATRIX_OSRM:
        rc = saha_matrix__fill_osrm(m, ctx, ids, pts, opts);
        break;
    case SAHA_MATRIX_FILE:
        rc = saha_matrix__fill_file(m, ctx, ids, pts, opts);
        break;
    default:
        rc = saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "unknown matrix provider %d",
                             (int)opts->provider);
        break;
    }
    if (rc < 0) {
        saha_matrix_free(m);
        return rc;
    }
    *out = m;
    return SAHA_OK;
}

/* ---- CSV writer ------------------------------------------------------------------ */

saha_status saha_matrix_write_csv(FILE *f, saha_ctx *ctx, const saha_matrix *m,
                                  const char *const *ids)
{
    return saha_matrix_write_csv_dialect(f, ctx, m, ids, NULL);
}

saha_status saha_matrix_write_csv_dialect(FILE *f, saha_ctx *ctx, const saha_matrix *m,
                                          const char *const *ids,
                                          const saha_csv_dialect *dialect)
{
    saha__buf b;
    saha__csvw w;
    saha_status rc = SAHA_OK;

    if (!ctx)
        return SAHA_EINVAL;
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, m != NULL);
    SAHA__CHECK_ARG(ctx, f != NULL);
    SAHA__CHECK_ARG(ctx, m->n == 0 || ids != NULL);
    SAHA__CHECK_ARG(ctx, !dialect || !dialect->delimiter || dialect->delimiter == ',' ||
                             dialect->delimiter == ';' || dialect->delimiter == '\t');
    for (size_t i = 0; i < m->n; i++)
        if (!ids[i])
            return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "point %zu has no id",
                                   i);
    saha__buf_init(&b, ctx, SAHA__BUF_NOLIMIT);
    saha__csvw_init(&w, &b, dialect ? dialect->delimiter : ',',
                    dialect ? dialect->decimal_comma : 0, dialect ? dialect->crlf : 0);
    rc = saha__csvw_header(&w, "from_id,to_id,duration_s,distance_m",
                           dialect && dialect->bom);
    /* one origin's row of pairs at a time, through the shared CSV dialect writer; an
     * unroutable point (snapped too far) has no pairs */
    for (size_t i = 0; rc == SAHA_OK && i < m->n; i++) {
        if (saha_matrix_unroutable(m, i))
            continue;
        for (size_t j = 0; rc == SAHA_OK && j < m->n; j++) {
            if (i == j || saha_matrix_unroutable(m, j))
                continue;
            rc = saha__csvw_text(&w, 0, ids[i]);
            if (rc == SAHA_OK)
                rc = saha__csvw_sep(&w);
            if (rc == SAHA_OK)
                rc = saha__csvw_text(&w, 0, ids[j]);
            if (rc == SAHA_OK)
                rc = saha__csvw_sep(&w);
            if (rc == SAHA_OK)
                rc = saha__csvw_num(&w, m->dur_s[i * m->n + j], 1, "");
            if (rc == SAHA_OK)
                rc = saha__csvw_sep(&w);
            if (rc == SAHA_OK)
                rc = saha__csvw_num(&w, m->dist_m[i * m->n + j], 1, "");
            if (rc == SAHA_OK)
                rc = saha__csvw_eol(&w);
        }
        if (rc == SAHA_OK)
            rc = saha__csv_flush(&b, f);
    }
    if (rc == SAHA_OK)
        rc = saha__csv_flush(&b, f);
    if (rc == SAHA_OK && fflush(f) != 0)
        rc = saha__error_set(ctx, SAHA_EIO, NULL, 0, 0,
                             "cannot write the matrix: write error");
    saha__buf_free(&b);
    return rc;
}
