/* geocode_cache: the SQLite answer cache of the geocode module.
 *
 * One table, answers(provider, query) -> status, lat, lon, quality, display_name,
 * country_code, candidates, fetched_at (unix seconds). Only provider answers are stored
 * (ok, ambiguous, not_found); failures are not, so they are retried next run. The file
 * is created 0600 (it records every address looked up) and runs in WAL mode with
 * synchronous=NORMAL: each put is its own transaction, committed before the next
 * request, so a killed process (kill -9, Ctrl-C) loses at most the answer in flight.
 * A file that is not provably a saha cache (an SQLite file with saha's tables) is
 * refused and never touched: a CSV or another program's database given as --cache is
 * some other data. A saha cache that fails quick_check is renamed PATH.corrupt-<time>
 * and a new one made, with a warning. Read-only use (a shipped sample cache on a
 * read-only medium) opens it SQLITE_OPEN_READONLY and changes nothing. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "internal/geocode_parse.h"
#include "util/sqlite.h"

struct saha_geocode__cache {
    saha_ctx *ctx;
    sqlite3 *db;
    sqlite3_stmt *get, *put;
    char *path;
    int readonly;
};

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT);"
    "INSERT OR IGNORE INTO meta(k, v) VALUES('schema', '1');"
    "CREATE TABLE IF NOT EXISTS answers("
    " provider TEXT NOT NULL, query TEXT NOT NULL, status TEXT NOT NULL,"
    " lat REAL, lon REAL, quality REAL, display_name TEXT, country_code TEXT,"
    " candidates INTEGER, fetched_at INTEGER NOT NULL,"
    " PRIMARY KEY(provider, query)) WITHOUT ROWID;";

static void close_db(saha_geocode__cache *c)
{
    sqlite3_finalize(c->get);
    sqlite3_finalize(c->put);
    c->get = c->put = NULL;
    if (c->db)
        sqlite3_close(c->db);
    c->db = NULL;
}

/* Opens and checks the database. Returns SAHA_OK, SAHA_EIO (message set), or SAHA_ERR
 * when the file is corrupt (no message: the caller decides). */
static saha_status try_open(saha_geocode__cache *c)
{
    int flags = c->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    int rc;
    sqlite3_stmt *st = NULL;
    const char *what = "open";

    rc = sqlite3_open_v2(c->path, &c->db, flags, NULL);
    if (rc != SQLITE_OK)
        goto fail;
    sqlite3_busy_timeout(c->db, 5000);
    what = "check";
    rc = sqlite3_prepare_v2(c->db, "PRAGMA quick_check", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const unsigned char *t = sqlite3_column_text(st, 0);
            rc = t && strcmp((const char *)t, "ok") == 0 ? SQLITE_OK : SQLITE_CORRUPT;
        }
        sqlite3_finalize(st);
        st = NULL;
    }
    if (rc != SQLITE_OK && rc != SQLITE_DONE)
        goto fail;
    if (!c->readonly) {
        what = "set up";
        rc = sqlite3_exec(c->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                          NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(c->db, schema_sql, NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            goto fail;
        rc = sqlite3_prepare_v2(
            c->db,
            "INSERT OR REPLACE INTO answers(provider, query, status, lat,"
            " lon, quality, display_name, country_code, candidates,"
            " fetched_at) VALUES(?,?,?,?,?,?,?,?,?,?)",
            -1, &c->put, NULL);
        if (rc != SQLITE_OK)
            goto fail;
    }
    what = "read";
    rc = sqlite3_prepare_v2(
        c->db,
        "SELECT status, lat, lon, quality, display_name, country_code,"
        " candidates, fetched_at FROM answers WHERE provider=? AND query=?",
        -1, &c->get, NULL);
    if (rc != SQLITE_OK)
        goto fail;
    return SAHA_OK;
fail:
    if (saha__sqlite_is_corrupt(rc) ||
        (c->db && saha__sqlite_is_corrupt(sqlite3_errcode(c->db)))) {
        close_db(c);
        return SAHA_ERR;
    }
    saha__error_set(c->ctx, SAHA_EIO, c->path, 0, 0, "geocode cache: cannot %s: %s", what,
                    c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
    close_db(c);
    return SAHA_EIO;
}

/* Creates the file with mode 0600 if it does not exist, so SQLite never makes it
 * world-readable whatever the umask. */
static saha_status create_private(saha_geocode__cache *c)
{
    int fd = open(c->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        close(fd);
        return SAHA_OK;
    }
    if (errno == EEXIST)
        return SAHA_OK;
    return saha__error_set(c->ctx, SAHA_EIO, c->path, 0, 0,
                           "geocode cache: cannot create: %s", strerror(errno));
}

static saha_status set_aside(saha_geocode__cache *c)
{
    char aside[4096], side[4096];
    int n =
        snprintf(aside, sizeof aside, "%s.corrupt-%lld", c->path, (long long)time(NULL));
    if (n < 0 || (size_t)n >= sizeof aside)
        return saha__error_set(c->ctx, SAHA_EIO, c->path, 0, 0,
                               "geocode cache: path too long");
    {
        /* Only a regular file is ever moved aside: a device, FIFO or folder given as the
         * cache path (e.g. /dev/null) is refused, never replaced. */
        struct stat st;
        if (stat(c->path, &st) == 0 && !S_ISREG(st.st_mode))
            return saha__error_set(c->ctx, SAHA_EIO, c->path, 0, 0,
                                   "geocode cache: %s is not a regular file", c->path);
    }
    if (rename(c->path, aside) != 0)
        return saha__error_set(c->ctx, SAHA_EIO, c->path, 0, 0,
                               "geocode cache is corrupt and cannot be moved aside: %s",
                               strerror(errno));
    /* journal files of the bad database would be replayed into the new one */
    for (int k = 0; k < 2; k++) {
        n = snprintf(side, sizeof side, "%s%s", c->path, k ? "-shm" : "-wal");
        if (n > 0 && (size_t)n < sizeof side)
            unlink(side);
    }
    saha__log(c->ctx, SAHA_LOG_WARN,
              "geocode cache %s was corrupt: moved to %s, starting a new one", c->path,
              aside);
    return SAHA_OK;
}

/* Whether path may be used as the cache (saha__sqlite_cache_check); a saha-looking
 * file too damaged to tell is refused here, never set aside. */
static saha_status check_ours(saha_ctx *ctx, const char *path)
{
    saha_status rc = saha__sqlite_cache_check(ctx, path, "geocode", "answers", "--cache");
    if (rc == SAHA_ERR)
        rc = saha__error_set(
            ctx, SAHA_EINVAL, path, 0, 0,
            "%s is a damaged SQLite file that cannot be told to be a saha "
            "geocode cache; left untouched: move it away or give "
            "--cache another path",
            path);
    return rc;
}

saha_status saha_geocode__cache_open(saha_geocode__cache **out, saha_ctx *ctx,
                                     const char *path, int readonly)
{
    saha_geocode__cache *c;
    saha_status rc;
    struct stat sb;

    *out = NULL;
    c = saha__calloc(ctx, 1, sizeof *c);
    if (!c)
        return SAHA_ENOMEM;
    c->ctx = ctx;
    c->readonly = readonly;
    c->path = saha__strdup(ctx, path);
    if (!c->path) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    rc = check_ours(ctx, path);
    if (rc < 0)
        goto done;
    if (readonly) {
        if (stat(path, &sb) != 0) {
            rc = saha__error_set(ctx, SAHA_EIO, path, 0, 0, "geocode cache: %s",
                                 strerror(errno));
            goto done;
        }
    } else {
        rc = create_private(c);
        if (rc < 0)
            goto done;
    }
    rc = try_open(c);
    if (rc == SAHA_ERR) {
        if (readonly) {
            rc = saha__error_set(
                ctx, SAHA_EIO, path, 0, 0,
                "geocode cache is corrupt (not a SQLite database or damaged)");
            goto done;
        }
        rc = set_aside(c);
        if (rc == SAHA_OK)
            rc = create_private(c);
        if (rc == SAHA_OK)
            rc = try_open(c);
        if (rc == SAHA_ERR)
            rc = saha__error_set(ctx, SAHA_EIO, path, 0, 0,
                                 "geocode cache: cannot rebuild");
    }
    if (rc < 0)
        goto done;
    if (!readonly)
        chmod(path, 0600); /* an older or copied file: keep the addresses private */
    *out = c;
    c = NULL;
done:
    saha_geocode__cache_close(c);
    return rc;
}

void saha_geocode__cache_close(saha_geocode__cache *c)
{
    if (!c)
        return;
    close_db(c);
    saha__free(c->ctx, c->path);
    saha__free(c->ctx, c);
}

static saha_geocode_status status_from(const char *s)
{
    if (s && strcmp(s, "not_found") == 0)
        return SAHA_GEOCODE_NOT_FOUND;
    if (s && strcmp(s, "ambiguous") == 0)
        return SAHA_GEOCODE_AMBIGUOUS;
    if (s && strcmp(s, "ok") == 0)
        return SAHA_GEOCODE_OK;
    return SAHA_GEOCODE_FAILED;
}

static double col_double(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

saha_status saha_geocode__cache_get(saha_geocode__cache *c, const char *provider,
                                    const char *key, int64_t now, double ttl_s,
                                    double nf_ttl_s, saha_geocode__entry *out)
{
    sqlite3_stmt *st = c->get;
    saha_status rc = SAHA_ENOTFOUND;
    int r;

    memset(out, 0, sizeof *out);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    sqlite3_bind_text(st, 1, provider, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        double ttl;
        out->status = status_from((const char *)sqlite3_column_text(st, 0));
        out->lat_deg = col_double(st, 1);
        out->lon_deg = col_double(st, 2);
        out->quality = col_double(st, 3);
        saha_geocode__copy(out->display_name, sizeof out->display_name,
                           (const char *)sqlite3_column_text(st, 4));
        saha_geocode__copy(out->country_code, sizeof out->country_code,
                           (const char *)sqlite3_column_text(st, 5));
        out->candidates =
            (size_t)(sqlite3_column_int64(st, 6) > 0 ? sqlite3_column_int64(st, 6) : 0);
        out->fetched_at = sqlite3_column_int64(st, 7);
        ttl = out->status == SAHA_GEOCODE_NOT_FOUND ? nf_ttl_s : ttl_s;
        if (out->status != SAHA_GEOCODE_FAILED &&
            (double)(now - out->fetched_at) <= ttl &&
            (out->status == SAHA_GEOCODE_NOT_FOUND ||
             (isfinite(out->lat_deg) && isfinite(out->lon_deg))))
            rc = SAHA_OK;
    } else if (r != SQLITE_DONE) {
        rc = saha__error_set(c->ctx, SAHA_EIO, c->path, 0, 0,
                             "geocode cache: cannot read: %s", sqlite3_errmsg(c->db));
    }
    sqlite3_reset(st);
    return rc;
}

saha_status saha_geocode__cache_put(saha_geocode__cache *c, const char *provider,
                                    const char *key, const saha_geocode__entry *e)
{
    sqlite3_stmt *st = c->put;
    const char *status = saha_geocode_status_name(e->status);
    int r;

    if (c->readonly || !st)
        return SAHA_OK; /* a read-only cache is simply not updated */
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    sqlite3_bind_text(st, 1, provider, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, status, -1, SQLITE_STATIC);
    if (isfinite(e->lat_deg) && isfinite(e->lon_deg)) {
        sqlite3_bind_double(st, 4, e->lat_deg);
        sqlite3_bind_double(st, 5, e->lon_deg);
    }
    if (isfinite(e->quality))
        sqlite3_bind_double(st, 6, e->quality);
    sqlite3_bind_text(st, 7, e->display_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, e->country_code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)e->candidates);
    sqlite3_bind_int64(st, 10, (sqlite3_int64)e->fetched_at);
    r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return saha__error_set(c->ctx, SAHA_EIO, c->path, 0, 0,
                               "geocode cache: cannot write: %s", sqlite3_errmsg(c->db));
    return SAHA_OK;
}
