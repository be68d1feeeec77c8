/* util/sqlite: the check both SQLite caches (geocode_cache.c, matrix_route.c) run before
 * they open a file: a path given as a cache must be missing, empty or a saha database
 * with the cache's tables, so that a CSV or another program's database named by mistake
 * is refused and never touched. One header read and one read-only query. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "util/sqlite.h"

int saha__sqlite_is_corrupt(int code)
{
    code &= 0xff;
    return code == SQLITE_NOTADB || code == SQLITE_CORRUPT;
}

saha_status saha__sqlite_cache_check(saha_ctx *ctx, const char *path, const char *kind,
                                     const char *table, const char *flag)
{
    static const char magic[16] = "SQLite format 3";
    char head[16];
    struct stat sb;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int fd, r, tables = 0;
    ssize_t n;
    saha_status rc = SAHA_OK;

    if (stat(path, &sb) != 0)
        return errno == ENOENT ? SAHA_OK
                               : saha__error_set(ctx, SAHA_EIO, path, 0, 0,
                                                 "%s cache: %s", kind, strerror(errno));
    if (!S_ISREG(sb.st_mode))
        return saha__error_set(ctx, SAHA_EINVAL, path, 0, 0,
                               "%s cache: %s is not a regular file", kind, path);
    if (sb.st_size == 0)
        return SAHA_OK;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return saha__error_set(ctx, SAHA_EIO, path, 0, 0, "%s cache: %s", kind,
                               strerror(errno));
    n = read(fd, head, sizeof head);
    close(fd);
    if (n != (ssize_t)sizeof head || memcmp(head, magic, sizeof magic) != 0)
        return saha__error_set(ctx, SAHA_EINVAL, path, 0, 0,
                               "%s is not a saha %s cache (not an SQLite database); "
                               "left untouched: give %s another path",
                               path, kind, flag);
    r = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (r == SQLITE_OK)
        r = sqlite3_prepare_v2(db,
                               "SELECT count(*) FROM sqlite_master WHERE type='table' AND"
                               " name IN ('meta', ?)",
                               -1, &st, NULL);
    if (r == SQLITE_OK)
        r = sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    if (r == SQLITE_OK) {
        r = sqlite3_step(st);
        if (r == SQLITE_ROW) {
            tables = sqlite3_column_int(st, 0);
            r = SQLITE_OK;
        }
    }
    if (r != SQLITE_OK && (saha__sqlite_is_corrupt(r) ||
                           (db && saha__sqlite_is_corrupt(sqlite3_errcode(db)))))
        rc = SAHA_ERR;
    else if (r != SQLITE_OK)
        rc = saha__error_set(ctx, SAHA_EIO, path, 0, 0, "%s cache: cannot read: %s", kind,
                             db ? sqlite3_errmsg(db) : sqlite3_errstr(r));
    else if (tables != 2)
        rc = saha__error_set(ctx, SAHA_EINVAL, path, 0, 0,
                             "%s is an SQLite database without saha's %s tables (not a "
                             "saha %s cache); left untouched: give %s another path",
                             path, kind, kind, flag);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}
