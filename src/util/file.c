/* file: whole-file reads with a size ceiling. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "internal/core.h"

/* ---- files --------------------------------------------------------------------- */

saha_status saha__read_file(saha_ctx *ctx, const char *path, size_t max, char **data_out,
                            size_t *len_out)
{
    FILE *f = NULL;
    saha__buf b;
    char chunk[65536];
    size_t n;
    saha_status rc = SAHA_OK;
    struct stat st;

    *data_out = NULL;
    *len_out = 0;
    saha__buf_init(&b, ctx, max);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return saha__error_set(ctx, SAHA_EIO, path, 0, 0, "%s: is a directory", path);
    f = fopen(path, "rb");
    if (!f)
        return saha__error_set(ctx, SAHA_EIO, path, 0, 0, "%s: %s", path,
                               strerror(errno));
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        rc = saha__buf_append(&b, chunk, n);
        if (rc < 0)
            goto done;
    }
    if (ferror(f)) {
        rc = saha__error_set(ctx, SAHA_EIO, path, 0, 0, "%s: read error", path);
        goto done;
    }
    *data_out = saha__buf_take(&b, len_out);
    if (!*data_out)
        rc = SAHA_ENOMEM;
done:
    if (rc == SAHA_ELIMIT)
        saha__error_replace(ctx, SAHA_ELIMIT, path, 0, 0, "%s: larger than %zu bytes",
                            path, max);
    saha__buf_free(&b);
    fclose(f);
    return rc;
}
