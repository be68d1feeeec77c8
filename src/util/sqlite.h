/* util/sqlite: what the SQLite caches (geocode answers, road shapes) share. See
 * sqlite.c. */
#ifndef SAHA_UTIL_SQLITE_H
#define SAHA_UTIL_SQLITE_H

#include "internal/core.h"

/* Whether path may be used as a saha SQLite cache holding the tables meta and `table`.
 * kind names the cache in messages ("geocode", "route"), flag the option that names its
 * file ("--cache").
 * @return SAHA_OK when the file is missing or empty (ours to make) or is such a
 *         database; SAHA_EINVAL (message naming the file) for anything else, which is
 *         then left untouched; SAHA_EIO when it cannot be read; SAHA_ERR, no message,
 *         when it is an SQLite file too damaged to tell (the caller decides) */
saha_status saha__sqlite_cache_check(saha_ctx *ctx, const char *path, const char *kind,
                                     const char *table, const char *flag);

/* 1 when an SQLite result code (extended or not) says the file is not a database or is
 * damaged. */
int saha__sqlite_is_corrupt(int code);

#endif
