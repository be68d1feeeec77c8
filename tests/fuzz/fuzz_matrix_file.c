/* libFuzzer harness: the long-format matrix CSV parser (saha_matrix__parse_csv) on a
 * memory buffer, for the ids A, B, C and HOME (HOME's legs come from the model when the
 * input never mentions HOME).
 * Invariants checked (abort on failure): a failure sets an error message; on success
 * every entry is finite, in [0, 1e9], the diagonal is 0, and writing the matrix with
 * saha_matrix_write_csv and parsing the output again gives the same matrix to the
 * written precision (0.05 + float rounding). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "internal/matrix_parse.h"
#include "saha.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const ids[4] = {"A", "B", "C", "HOME"};
    static const saha_latlon pts[4] = {
        {40, 29}, {40.1, 29.1}, {40.2, 29}, {40.05, 29.05}};
    saha_travel_model tm = SAHA_TRAVEL_MODEL_INIT;
    saha_ctx *ctx = NULL;
    saha_matrix *m = NULL, *again = NULL;
    char *out = NULL;
    size_t outlen = 0;
    saha_status rc;
    FILE *f;

    if (saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return 0;
    if (saha_matrix__new(&m, ctx, 4) != SAHA_OK)
        goto done;
    rc = saha_matrix__parse_csv(m, ctx, "fuzz.csv", (const char *)data, size,
                                (const char *const *)ids, pts, &tm);
    if (rc != SAHA_OK) {
        check(saha_ctx_last_error(ctx)->message[0] != '\0');
        goto done;
    }
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++) {
            double t = saha_matrix_duration_s(m, i, j),
                   d = saha_matrix_distance_m(m, i, j);
            check(isfinite(t) && isfinite(d) && t >= 0 && d >= 0);
            check(t <= SAHA_MATRIX__MAX_VALUE && d <= SAHA_MATRIX__MAX_VALUE);
            check(i != j || (t == 0 && d == 0));
        }
    f = open_memstream(&out, &outlen);
    if (!f)
        goto done;
    check(saha_matrix_write_csv(f, ctx, m, (const char *const *)ids) == SAHA_OK);
    fclose(f);
    check(saha_matrix__new(&again, ctx, 4) == SAHA_OK);
    check(saha_matrix__parse_csv(again, ctx, "again.csv", out, outlen,
                                 (const char *const *)ids, pts, &tm) == SAHA_OK);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++) {
            double a = saha_matrix_duration_s(m, i, j),
                   b = saha_matrix_duration_s(again, i, j);
            check(fabs(a - b) <= 0.05 + 1e-6 * a);
            a = saha_matrix_distance_m(m, i, j);
            b = saha_matrix_distance_m(again, i, j);
            check(fabs(a - b) <= 0.05 + 1e-6 * a);
        }
done:
    free(out);
    saha_matrix_free(again);
    saha_matrix_free(m);
    saha_ctx_free(ctx);
    return 0;
}
