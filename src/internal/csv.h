/* A small RFC 4180 table reader with the account reader's dialect (account_csv.c): a
 * UTF-8 BOM, the delimiter sniffed from the header among ',', ';' and tab, quoted fields
 * with doubled quotes and line breaks, CRLF / LF / CR line ends, records whose cells are
 * all empty skipped, physical line numbers. For the small side files of the planner (the
 * visit log, a previous itinerary). */
#ifndef SAHA_INTERNAL_CSV_H
#define SAHA_INTERNAL_CSV_H

#include <stddef.h>

#include "internal/core.h"

typedef struct saha__csv {
    saha_ctx *ctx;
    const char *source;
    char *buf; /* owned, cut in place */
    size_t len, pos, line;
    char delim;
    const char **cells; /* current record */
    size_t ncells, cap;
    size_t rec_line; /* line where the current record starts */
} saha__csv;

/* Takes a copy of data. SAHA_OK or SAHA_ENOMEM. */
saha_status saha__csv_open(saha__csv *c, saha_ctx *ctx, const char *source,
                           const char *data, size_t len);
/* Next record with any text: 1 read, 0 end of input, < 0 error (an unclosed quote:
 * SAHA_EPARSE with the line). */
int saha__csv_next(saha__csv *c);
void saha__csv_close(saha__csv *c);
/* Column of the header cells whose folded name (saha__fold_key) is one of names
 * (folded already, NULL-terminated list), or (size_t)-1. */
size_t saha__csv_column(const char *const *header, size_t n, const char *const *names);

#endif
