/* account_xlsx: account lists from Excel workbooks (.xlsx, Office Open XML).
 *
 * Method: the package is a zip (read with libzip, from the bytes in memory); its XML
 * parts are read with expat: xl/workbook.xml (sheet names, their relationship ids, the
 * 1900/1904 date base), xl/_rels/workbook.xml.rels (the sheet part of each id),
 * xl/sharedStrings.xml (the string table; rich-text runs joined, phonetic runs left
 * out), xl/styles.xml (which cell formats are dates) and the chosen sheet. Each row
 * becomes the text a CSV cell would hold: shared/inline strings as they are, numbers as
 * stored (e.g. "40.195"), booleans "true"/"false", and numbers in a date format as
 * "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" (serial days from 1899-12-30, or 1904-01-01).
 * The first non-empty row is the header; the set's line numbers are sheet row numbers,
 * so "accounts.xlsx:5" is row 5 in Excel. Why libraries: README "Dependencies".
 * O(size of the parts); every part is capped (SAHA_ELIMIT past it). Caller: account.c
 * (load_buffer), for SAHA_ACCOUNT_FORMAT_XLSX. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "internal/account.h"

#define XL_MAX_PART ((zip_uint64_t)512 << 20) /* one XML part, uncompressed */
#define XL_MAX_COLS 1024

typedef struct strv { /* growable list of owned strings */
    char **v;
    size_t n, cap;
} strv;

typedef struct xlsx {
    saha_account_set *set;
    saha_ctx *ctx;
    zip_t *za;
    saha_status rc;
    int date1904;
    strv sheet_names, sheet_rids, rel_ids, rel_targets, shared;
    unsigned char *xf_date; /* per cell format index: 1 = a date format */
    size_t nxf;
    int custom_ids[256], custom_date[256];
    size_t ncustom;
} xlsx;

static void strv_free(strv *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

static int strv_push(strv *s, const char *text, size_t len)
{
    char *c;
    /* no ctx: plain realloc, as strv_free() frees with free() */
    if (SAHA__GROW(NULL, s->v, s->cap, s->n + 1, 16) < 0)
        return -1;
    c = malloc(len + 1);
    if (!c)
        return -1;
    memcpy(c, text, len);
    c[len] = '\0';
    s->v[s->n++] = c;
    return 0;
}

static const char *attr(const XML_Char **a, const char *name)
{
    for (; a && a[0]; a += 2)
        if (strcmp(a[0], name) == 0)
            return a[1];
    return NULL;
}

/* Local name of an element (after any "prefix:"). */
static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

/* Reads a zip entry into a NUL-terminated buffer; *out NULL (and SAHA_OK) when the
 * entry is absent and optional. */
static saha_status read_part(xlsx *x, const char *name, int optional, char **out,
                             size_t *len_out)
{
    zip_stat_t st;
    zip_file_t *zf;
    char *buf;
    zip_int64_t got;

    *out = NULL;
    *len_out = 0;
    zip_stat_init(&st);
    if (zip_stat(x->za, name, 0, &st) != 0) {
        if (optional)
            return SAHA_OK;
        return saha__error_set(x->ctx, SAHA_EPARSE, x->set->source, 0, 0,
                               "not an Excel workbook: no %s in the package", name);
    }
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > XL_MAX_PART)
        return saha__error_set(x->ctx, SAHA_ELIMIT, x->set->source, 0, 0,
                               "%s: part larger than %llu MiB", name,
                               (unsigned long long)(XL_MAX_PART >> 20));
    buf = malloc((size_t)st.size + 1);
    if (!buf)
        return saha__error_set(x->ctx, SAHA_ENOMEM, NULL, 0, 0, "out of memory");
    zf = zip_fopen(x->za, name, 0);
    if (!zf) {
        free(buf);
        return saha__error_set(x->ctx, SAHA_EPARSE, x->set->source, 0, 0,
                               "%s: cannot open in the package: %s", name,
                               zip_strerror(x->za));
    }
    got = zip_fread(zf, buf, st.size);
    zip_fclose(zf);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        free(buf);
        return saha__error_set(x->ctx, SAHA_EPARSE, x->set->source, 0, 0,
                               "%s: damaged in the package (zip: %s)", name,
                               zip_strerror(x->za));
    }
    buf[st.size] = '\0';
    *out = buf;
    *len_out = (size_t)st.size;
    return SAHA_OK;
}

/* Runs expat over text with the given handlers and user data. */
static saha_status parse_xml(xlsx *x, const char *part, const char *text, size_t len,
                             XML_StartElementHandler start, XML_EndElementHandler end,
                             XML_CharacterDataHandler chars, void *ud)
{
    XML_Parser p = XML_ParserCreate("UTF-8");
    saha_status rc = SAHA_OK;
    if (!p)
        return saha__error_set(x->ctx, SAHA_ENOMEM, NULL, 0, 0, "out of memory");
    XML_SetUserData(p, ud);
    XML_SetElementHandler(p, start, end);
    if (chars)
        XML_SetCharacterDataHandler(p, chars);
    if (XML_Parse(p, text, (int)len, 1) == XML_STATUS_ERROR && x->rc == SAHA_OK)
        rc = saha__error_set(x->ctx, SAHA_EPARSE, x->set->source, 0, 0,
                             "%s: XML error at line %lu, column %lu: %s", part,
                             (unsigned long)XML_GetCurrentLineNumber(p),
                             (unsigned long)XML_GetCurrentColumnNumber(p),
                             XML_ErrorString(XML_GetErrorCode(p)));
    XML_ParserFree(p);
    if (rc == SAHA_OK && x->rc != SAHA_OK)
        rc = x->rc;
    return rc;
}

static void fail_nomem(xlsx *x)
{
    if (x->rc == SAHA_OK)
        x->rc = saha__error_set(x->ctx, SAHA_ENOMEM, NULL, 0, 0, "out of memory");
}

/* ---- workbook.xml and its relationships ------------------------------------------- */

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **a)
{
    xlsx *x = ud;
    const char *n = local(name);
    if (strcmp(n, "sheet") == 0) {
        const char *sn = attr(a, "name"), *rid = attr(a, "r:id");
        if (!rid) /* another prefix for the relationships namespace */
            for (const XML_Char **p = a; p && p[0]; p += 2)
                if (strcmp(local(p[0]), "id") == 0 && strchr(p[0], ':'))
                    rid = p[1];
        if (sn && rid &&
            (strv_push(&x->sheet_names, sn, strlen(sn)) < 0 ||
             strv_push(&x->sheet_rids, rid, strlen(rid)) < 0))
            fail_nomem(x);
    } else if (strcmp(n, "workbookPr") == 0) {
        const char *d = attr(a, "date1904");
        x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    }
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
    (void)ud;
    (void)name;
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **a)
{
    xlsx *x = ud;
    if (strcmp(local(name), "Relationship") == 0) {
        const char *id = attr(a, "Id"), *t = attr(a, "Target");
        if (id && t &&
            (strv_push(&x->rel_ids, id, strlen(id)) < 0 ||
             strv_push(&x->rel_targets, t, strlen(t)) < 0))
            fail_nomem(x);
    }
}

/* ---- sharedStrings.xml --------------------------------------------------------------
 */

typedef struct sst_state {
    xlsx *x;
    int in_si, in_t, in_rph;
    saha__buf text;
} sst_state;

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **a)
{
    sst_state *s = ud;
    const char *n = local(name);
    (void)a;
    if (strcmp(n, "si") == 0) {
        s->in_si = 1;
        s->text.len = 0;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph = 1;
    } else if (strcmp(n, "t") == 0 && s->in_si && !s->in_rph) {
        s->in_t = 1;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    sst_state *s = ud;
    const char *n = local(name);
    if (strcmp(n, "si") == 0) {
        if (strv_push(&s->x->shared, s->text.data ? s->text.data : "", s->text.len) < 0)
            fail_nomem(s->x);
        s->in_si = 0;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph = 0;
    } else if (strcmp(n, "t") == 0) {
        s->in_t = 0;
    }
}

static void XMLCALL sst_chars(void *ud, const XML_Char *t, int len)
{
    sst_state *s = ud;
    if (s->in_t && saha__buf_append(&s->text, t, (size_t)len) < 0)
        fail_nomem(s->x);
}

/* ---- styles.xml: which cell formats are dates ----------------------------------------
 */

/* A number format code that shows a date or time: d, m (with y or d), y, h or s outside
 * quoted text, [colour]/[locale] brackets and escapes. */
static int code_is_date(const char *c)
{
    int y = 0, d = 0, h = 0;
    for (; *c; c++) {
        if (*c == '"') {
            for (c++; *c && *c != '"'; c++)
                ;
            if (!*c)
                break;
        } else if (*c == '[') {
            if ((c[1] == 'h' || c[1] == 'H' || c[1] == 'm' || c[1] == 's') && c[2] != '$')
                h = 1; /* [h]:mm elapsed time */
            for (c++; *c && *c != ']'; c++)
                ;
            if (!*c)
                break;
        } else if (*c == '\\' && c[1]) {
            c++;
        } else if (*c == 'y' || *c == 'Y') {
            y = 1;
        } else if (*c == 'd' || *c == 'D') {
            d = 1;
        } else if (*c == 'h' || *c == 'H' || *c == 's' || *c == 'S') {
            h = 1;
        }
    }
    return y || d || h;
}

static int builtin_is_date(int id)
{
    return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) ||
           (id >= 50 && id <= 58);
}

typedef struct sty_state {
    xlsx *x;
    int in_cellxfs;
} sty_state;

static void XMLCALL sty_start(void *ud, const XML_Char *name, const XML_Char **a)
{
    sty_state *s = ud;
    xlsx *x = s->x;
    const char *n = local(name);
    if (strcmp(n, "numFmt") == 0 && x->ncustom < 256) {
        const char *id = attr(a, "numFmtId"), *code = attr(a, "formatCode");
        if (id && code) {
            x->custom_ids[x->ncustom] = (int)strtol(id, NULL, 10);
            x->custom_date[x->ncustom] = code_is_date(code);
            x->ncustom++;
        }
    } else if (strcmp(n, "cellXfs") == 0) {
        s->in_cellxfs = 1;
    } else if (strcmp(n, "xf") == 0 && s->in_cellxfs) {
        const char *id = attr(a, "numFmtId");
        int nid = id ? (int)strtol(id, NULL, 10) : 0, isdate = builtin_is_date(nid);
        unsigned char *p;
        for (size_t k = 0; k < x->ncustom; k++)
            if (x->custom_ids[k] == nid)
                isdate = x->custom_date[k];
        p = realloc(x->xf_date, x->nxf + 1);
        if (!p) {
            fail_nomem(x);
            return;
        }
        x->xf_date = p;
        x->xf_date[x->nxf++] = (unsigned char)isdate;
    }
}

static void XMLCALL sty_end(void *ud, const XML_Char *name)
{
    sty_state *s = ud;
    if (strcmp(local(name), "cellXfs") == 0)
        s->in_cellxfs = 0;
}

/* ---- the sheet ------------------------------------------------------------------------
 */

typedef struct cell_s {
    size_t col;
    char *text; /* malloc'd */
} cell_s;

typedef struct sheet_state {
    xlsx *x;
    long row;        /* sheet row number of the current <row> */
    long next_row;   /* for rows without r="" */
    size_t next_col; /* for cells without r="" */
    cell_s *cells;   /* cells of the current row */
    size_t ncells, cap;
    /* the current cell */
    int in_c, in_v, in_is_t;
    char type[12];
    long style;
    size_t col;
    saha__buf v;
    int header_done;
} sheet_state;

/* Column index of a reference like "AB12" (0-based); SIZE_MAX if malformed. */
static size_t ref_col(const char *r)
{
    size_t c = 0;
    int any = 0;
    for (; *r >= 'A' && *r <= 'Z'; r++) {
        c = c * 26 + (size_t)(*r - 'A' + 1);
        any = 1;
        if (c > XL_MAX_COLS)
            return SIZE_MAX;
    }
    return any ? c - 1 : SIZE_MAX;
}

/* Serial day number to "YYYY-MM-DD[ HH:MM]" (the day through saha__civil_from_days,
 * util/date.c). */
static void serial_text(double serial, int base1904, char *dst, size_t cap)
{
    double whole = floor(serial);
    long minutes = lround((serial - whole) * 1440.0);
    int y, m, d;
    if (minutes >= 1440) {
        whole += 1;
        minutes -= 1440;
    }
    /* days since 1970-01-01: the 1900 system counts from 1899-12-30 (its fictitious
     * 1900-02-29 is day 60; serials after it line up with this base), the 1904 system
     * from 1904-01-01, 24107 days before 1970-01-01 */
    saha__civil_from_days((int64_t)whole - (base1904 ? 24107 : 25569), &y, &m, &d);
    if (minutes)
        snprintf(dst, cap, "%04d-%02d-%02d %02d:%02d", y % 10000, m, d,
                 (int)(minutes / 60), (int)(minutes % 60));
    else
        snprintf(dst, cap, "%04d-%02d-%02d", y % 10000, m, d);
}

static void sheet_cell_done(sheet_state *s)
{
    xlsx *x = s->x;
    const char *raw = s->v.data ? s->v.data : "";
    char tmp[64];
    const char *text = raw;
    cell_s *c;
    if (s->col == SIZE_MAX || s->col >= XL_MAX_COLS)
        return;
    if (strcmp(s->type, "s") == 0) {
        char *end;
        long k = strtol(raw, &end, 10);
        if (end == raw || k < 0 || (size_t)k >= x->shared.n) {
            if (x->rc == SAHA_OK)
                x->rc = saha__error_set(
                    x->ctx, SAHA_EPARSE, x->set->source, (size_t)s->row, 0,
                    "cell %zu: shared string %s does not exist", s->col + 1, raw);
            return;
        }
        text = x->shared.v[k];
    } else if (strcmp(s->type, "b") == 0) {
        text = strcmp(raw, "1") == 0 ? "true" : "false";
    } else if ((s->type[0] == '\0' || strcmp(s->type, "n") == 0) && s->style >= 0 &&
               (size_t)s->style < x->nxf && x->xf_date[s->style] && raw[0]) {
        double v;
        if (saha__parse_double(raw, strlen(raw), 0, &v) == 0 && v >= 0 && v < 2958466) {
            serial_text(v, x->date1904, tmp, sizeof tmp);
            text = tmp;
        }
    }
    if (SAHA__GROW(NULL, s->cells, s->cap, s->ncells + 1, 32) <
        0) { /* freed with free() */
        fail_nomem(x);
        return;
    }
    c = &s->cells[s->ncells];
    c->col = s->col;
    c->text = strdup(text);
    if (!c->text) {
        fail_nomem(x);
        return;
    }
    s->ncells++;
}

static void free_row(sheet_state *s)
{
    for (size_t i = 0; i < s->ncells; i++)
        free(s->cells[i].text);
    s->ncells = 0;
}

/* Hands a finished row to the set: the header, or a data row. Blank rows are skipped. */
static void sheet_row_done(sheet_state *s)
{
    xlsx *x = s->x;
    saha_account_set *set = x->set;
    size_t width = 0;
    int blank = 1;
    for (size_t i = 0; i < s->ncells; i++) {
        if (s->cells[i].text[0])
            blank = 0;
        if (s->cells[i].col + 1 > width)
            width = s->cells[i].col + 1;
    }
    if (blank || x->rc != SAHA_OK) {
        free_row(s);
        return;
    }
    if (!s->header_done) {
        for (size_t c = 0; c < width && x->rc == SAHA_OK; c++) {
            const char *h = "";
            for (size_t i = 0; i < s->ncells; i++)
                if (s->cells[i].col == c)
                    h = s->cells[i].text;
            if (saha_account__add_column(set, h, strlen(h)) < 0)
                fail_nomem(x);
        }
        s->header_done = 1;
    } else {
        size_t n = set->ncols;
        const char **cells = saha_account__scratch(set, n ? n : 1);
        const char *problem = NULL, *pfield = NULL;
        if (!cells) {
            fail_nomem(x);
            free_row(s);
            return;
        }
        for (size_t i = 0; i < s->ncells; i++) {
            if (s->cells[i].col < n) {
                cells[s->cells[i].col] =
                    saha__arena_strdup(&set->arena, s->cells[i].text);
                if (!cells[s->cells[i].col]) {
                    fail_nomem(x);
                    break;
                }
            } else if (!problem) {
                pfield = "";
                problem = saha_account__arena_printf(
                    set, "cell in column %zu, right of the header's last column (%zu)",
                    s->cells[i].col + 1, n);
            }
        }
        if (x->rc == SAHA_OK &&
            saha_account__add_row(set, (size_t)s->row, cells, n, pfield, problem) < 0)
            fail_nomem(x);
    }
    free_row(s);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **a)
{
    sheet_state *s = ud;
    const char *n = local(name);
    if (s->x->rc != SAHA_OK)
        return;
    if (strcmp(n, "row") == 0) {
        const char *r = attr(a, "r");
        s->row = r ? strtol(r, NULL, 10) : s->next_row;
        if (s->row <= 0)
            s->row = s->next_row;
        s->next_row = s->row + 1;
        s->next_col = 0;
        free_row(s); /* a row left open (no </row>) is dropped, not leaked */
    } else if (strcmp(n, "c") == 0) {
        const char *r = attr(a, "r"), *t = attr(a, "t"), *st = attr(a, "s");
        s->in_c = 1;
        s->col = r ? ref_col(r) : s->next_col;
        s->next_col = s->col == SIZE_MAX ? s->next_col + 1 : s->col + 1;
        snprintf(s->type, sizeof s->type, "%s", t ? t : "");
        s->style = st ? strtol(st, NULL, 10) : -1;
        s->v.len = 0;
        if (s->v.data)
            s->v.data[0] = '\0';
    } else if (s->in_c && strcmp(n, "v") == 0) {
        s->in_v = 1;
    } else if (s->in_c && strcmp(n, "t") == 0) { /* <is><t> inline string */
        s->in_is_t = 1;
    }
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    sheet_state *s = ud;
    const char *n = local(name);
    if (s->x->rc != SAHA_OK)
        return;
    if (strcmp(n, "v") == 0) {
        s->in_v = 0;
    } else if (strcmp(n, "t") == 0) {
        s->in_is_t = 0;
    } else if (strcmp(n, "c") == 0) {
        if (saha__buf_putc(&s->v, '\0') < 0) { /* NUL-terminate for the parsers */
            fail_nomem(s->x);
            return;
        }
        s->v.len--;
        sheet_cell_done(s);
        s->in_c = 0;
    } else if (strcmp(n, "row") == 0) {
        sheet_row_done(s);
    }
}

static void XMLCALL sheet_chars(void *ud, const XML_Char *t, int len)
{
    sheet_state *s = ud;
    if ((s->in_v || s->in_is_t) && saha__buf_append(&s->v, t, (size_t)len) < 0)
        fail_nomem(s->x);
}

/* The zip path of the sheet named sheet (NULL: the first), into dst. */
static saha_status sheet_part(xlsx *x, const char *sheet, char *dst, size_t cap)
{
    size_t k = 0;
    const char *rid = NULL, *target = NULL;
    if (x->sheet_names.n == 0)
        return saha__error_set(x->ctx, SAHA_EPARSE, x->set->source, 0, 0,
                               "the workbook has no sheet");
    if (sheet) {
        for (k = 0; k < x->sheet_names.n; k++)
            if (strcmp(x->sheet_names.v[k], sheet) == 0)
                break;
        if (k == x->sheet_names.n)
            return saha__error_set(x->ctx, SAHA_EINVAL, x->set->source, 0, 0,
                                   "no sheet '%s' (the workbook has '%s'%s)", sheet,
                                   x->sheet_names.v[0],
                                   x->sheet_names.n > 1 ? " and more" : "");
    }
    rid = x->sheet_rids.v[k];
    for (size_t i = 0; i < x->rel_ids.n; i++)
        if (strcmp(x->rel_ids.v[i], rid) == 0)
            target = x->rel_targets.v[i];
    if (!target)
        return saha__error_set(x->ctx, SAHA_EPARSE, x->set->source, 0, 0,
                               "sheet '%s': no part for relationship %s",
                               x->sheet_names.v[k], rid);
    if (target[0] == '/')
        snprintf(dst, cap, "%s", target + 1);
    else
        snprintf(dst, cap, "xl/%s", target);
    return SAHA_OK;
}

saha_status saha_account__read_xlsx(saha_account_set *set, const char *buf, size_t len,
                                    const char *sheet)
{
    xlsx x;
    zip_error_t zerr;
    zip_source_t *src;
    char *part = NULL, path[512];
    size_t plen;
    saha_status rc;
    sty_state sty;
    sst_state sst;
    sheet_state sh;

    memset(&x, 0, sizeof x);
    memset(&sh, 0, sizeof sh);
    memset(&sst, 0, sizeof sst);
    x.set = set;
    x.ctx = set->ctx;
    sst.x = &x;
    saha__buf_init(&sst.text, set->ctx, XL_MAX_PART);
    saha__buf_init(&sh.v, set->ctx, XL_MAX_PART);
    zip_error_init(&zerr);
    src = zip_source_buffer_create(buf, len, 0, &zerr);
    if (src)
        x.za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    if (!x.za) {
        rc = saha__error_set(set->ctx, SAHA_EPARSE, set->source, 0, 0,
                             "not a readable .xlsx workbook (zip: %s)",
                             zip_error_strerror(&zerr));
        if (src)
            zip_source_free(src);
        zip_error_fini(&zerr);
        goto done;
    }
    zip_error_fini(&zerr);

    rc = read_part(&x, "xl/workbook.xml", 0, &part, &plen);
    if (rc == SAHA_OK)
        rc = parse_xml(&x, "xl/workbook.xml", part, plen, wb_start, no_end, NULL, &x);
    free(part);
    part = NULL;
    if (rc == SAHA_OK)
        rc = read_part(&x, "xl/_rels/workbook.xml.rels", 0, &part, &plen);
    if (rc == SAHA_OK)
        rc = parse_xml(&x, "xl/_rels/workbook.xml.rels", part, plen, rels_start, no_end,
                       NULL, &x);
    free(part);
    part = NULL;
    if (rc == SAHA_OK)
        rc = read_part(&x, "xl/sharedStrings.xml", 1, &part, &plen);
    if (rc == SAHA_OK && part)
        rc = parse_xml(&x, "xl/sharedStrings.xml", part, plen, sst_start, sst_end,
                       sst_chars, &sst);
    free(part);
    part = NULL;
    sty.x = &x;
    sty.in_cellxfs = 0;
    if (rc == SAHA_OK)
        rc = read_part(&x, "xl/styles.xml", 1, &part, &plen);
    if (rc == SAHA_OK && part)
        rc = parse_xml(&x, "xl/styles.xml", part, plen, sty_start, sty_end, NULL, &sty);
    free(part);
    part = NULL;
    if (rc == SAHA_OK)
        rc = sheet_part(&x, sheet, path, sizeof path);
    if (rc == SAHA_OK)
        rc = read_part(&x, path, 0, &part, &plen);
    sh.x = &x;
    sh.next_row = 1;
    if (rc == SAHA_OK)
        rc = parse_xml(&x, path, part, plen, sheet_start, sheet_end, sheet_chars, &sh);
    free(part);
    if (rc == SAHA_OK && !sh.header_done)
        rc = saha__error_set(set->ctx, SAHA_EPARSE, set->source, 1, 0,
                             "the sheet is empty (no header row)");
    if (rc == SAHA_OK && set->field_col[SAHA_F_ID] == SAHA_ACCOUNT__NONE)
        rc = set->colmap[SAHA_F_ID]
                 ? saha_account__colmap_check(set)
                 : saha__error_set(set->ctx, SAHA_EPARSE, set->source, 1, 0,
                                   "no id column in the sheet's first row (one of: id, "
                                   "account_id, code, kod, müşteri_no, or a CRM's id "
                                   "column; --columns id=HEADER names another)");
done:
    free_row(&sh);
    free(sh.cells);
    saha__buf_free(&sh.v);
    saha__buf_free(&sst.text);
    strv_free(&x.sheet_names);
    strv_free(&x.sheet_rids);
    strv_free(&x.rel_ids);
    strv_free(&x.rel_targets);
    strv_free(&x.shared);
    free(x.xf_date);
    if (x.za)
        zip_discard(x.za); /* read-only: also frees the source */
    return rc;
}
