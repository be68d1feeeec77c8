/* util/csv: the one CSV reader (RFC 4180 records, read in place) and the one CSV field
 * writer, under every CSV input (accounts, reps, previous assignments, matrix files)
 * and output of the library. */
#ifndef SAHA_UTIL_CSV_H
#define SAHA_UTIL_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "internal/core.h"

/* The dialect: a UTF-8 BOM is skipped; the delimiter is ',', ';' or tab, sniffed from
 * the first line (delimiters inside quotes do not count; most wins, ties: ',' then
 * ';'); with ';' numbers may use a decimal comma (decimal_comma). Fields may be quoted
 * with "" for a quote and line breaks inside; text after a closing quote is kept as
 * written (as spreadsheets do). Line ends: LF, CRLF or a lone CR. Line numbers are
 * physical: a record's line is the line where it starts. */
typedef struct saha__csv {
    saha_ctx *ctx;
    const char *source; /* names the input in messages */
    char *buf;          /* the input, unescaped in place; buf[len] must be writable */
    size_t len, pos;
    char delim;
    int decimal_comma; /* delim == ';' */
    size_t line;       /* physical line where the current record starts */
    size_t next_line;  /* where the next one starts */
    /* the current record: n cells, NUL-terminated inside buf (a cell may also hold
     * NUL bytes of the input: lens[] counts them) */
    const char **cells;
    size_t *lens;
    size_t n, cap;
    size_t nul_cell; /* first cell holding a NUL byte, or SIZE_MAX */
    int all_empty;   /* no cell holds a character and none was quoted */
} saha__csv;

/* The delimiter of the line starting at buf[0] (BOM already skipped). */
char saha__csv_sniff(const char *buf, size_t len);
/* Starts reading buf[0..len) (buf[len] must be writable: cells are NUL-terminated in
 * place). delim 0 = sniff. */
void saha__csv_init(saha__csv *c, saha_ctx *ctx, const char *source, char *buf,
                    size_t len, char delim);
/* The next record: 1, 0 at the end of the input, or SAHA_EPARSE (a quote never
 * closed: "source:line:column" of the field whose quote opened) / SAHA_ENOMEM. */
int saha__csv_next(saha__csv *c);
/* Cell i of the current record, "" past its end. */
const char *saha__csv_cell(const saha__csv *c, size_t i);
/* Every cell empty or only spaces and tabs. */
int saha__csv_blank(const saha__csv *c);
/* saha__csv_next over the blank records (saha__csv_blank): 1 at the next record with
 * any text, 0 at the end, or saha__csv_next's error. The row loop of every reader. */
int saha__csv_next_nonblank(saha__csv *c);
/* The header lookup of every reader: the cell of the current record (the header) whose
 * folded name (saha__fold_key, so "Home Lat", "home_lat" and "HOME-LAT" are one) is the
 * first of names any cell carries. names: folded forms, NULL-ended, by preference.
 * SIZE_MAX when no cell carries one. */
size_t saha__csv_column(const saha__csv *c, const char *const *names);
void saha__csv_free(saha__csv *c);

/* 1 when data starts with the OLE2 compound-file signature (D0 CF 11 E0 A1 B1 1A E1):
 * an old Excel .xls workbook (or another MS Office 97-2003 file). */
int saha__is_ole2(const char *data, size_t len);
/* SAHA_EPARSE with "source: old Excel .xls format is not supported; save it as .xlsx
 * or .csv" when data is an OLE2 file, SAHA_OK otherwise. saha__csv_next refuses one on
 * its first record. */
saha_status saha__refuse_xls(saha_ctx *ctx, const char *source, const char *data,
                             size_t len);

/* Whether a field must be quoted (RFC 4180): it holds the delimiter, a quote, CR or
 * LF, or ends with a blank; or it starts with a blank or a UTF-8 BOM (which a reader
 * would drop). prefixed: a character the writer puts first precedes s, so the start
 * of s is not the start of the field. */
int saha__csv_needs_quotes(const char *s, size_t len, char delim, int prefixed);
/* One field: s as given, quoted when saha__csv_needs_quotes, quotes doubled. */
saha_status saha__csv_put(saha__buf *b, const char *s, size_t len, char delim);
/* The same with a character the writer puts before s (prefix, e.g. the formula guard's
 * apostrophe; 0 = none), inside the quotes when the field needs them. */
saha_status saha__csv_put_prefixed(saha__buf *b, char prefix, const char *s, size_t len,
                                   char delim);
/* Writes b to f and empties it: SAHA_EIO (message with the system's reason) on
 * failure. For writers that stream records. */
saha_status saha__csv_flush(saha__buf *b, FILE *f);

/* A number as saha writes it: `decimals` after a '.', whatever the locale; no "-0";
 * nan_text for NaN, infinities and magnitudes above 1e15. */
saha_status saha__buf_num(saha__buf *b, double v, int decimals, const char *nan_text);

/* The dialect writer: one CSV document appended to b with a delimiter, a decimal comma
 * in the numbers (or not) and a line end, the BOM written with the header. Fields are
 * quoted only when they need it (saha__csv_needs_quotes for the delimiter), so a ';'
 * file leaves "a, b" bare and a ',' file quotes it. Used by every CSV writer of the
 * library: the itinerary, unvisited and changes exports, team.csv, the matrix file. */
typedef struct saha__csvw {
    saha__buf *b;
    char delim;        /* ',' ';' or '\t' */
    int decimal_comma; /* numbers "1,5" */
    const char *eol;   /* "\n" or "\r\n" */
} saha__csvw;
/* delim 0 = ','. */
void saha__csvw_init(saha__csvw *w, saha__buf *b, char delim, int decimal_comma,
                     int crlf);
/* The BOM when bom, then header (names separated by ',', written with the delimiter;
 * names must not need quotes) and the line end. */
saha_status saha__csvw_header(saha__csvw *w, const char *header, int bom);
saha_status saha__csvw_sep(saha__csvw *w);
saha_status saha__csvw_eol(saha__csvw *w);
/* A text field (NULL = empty), quoted as the delimiter needs, prefix (0 = none) first:
 * saha__csv_put_prefixed. */
saha_status saha__csvw_text(saha__csvw *w, char prefix, const char *s);
/* A number (saha__buf_num), its '.' a ',' with a decimal comma, quoted when that comma
 * is also the delimiter. */
saha_status saha__csvw_num(saha__csvw *w, double v, int decimals, const char *nan_text);
saha_status saha__csvw_uint(saha__csvw *w, size_t v);

#endif
