/* plan_visits: the re-plan's inputs: the visit log (what happened) and a previous
 * itinerary (the plan being revised), both CSV (internal/csv.h: the account reader's
 * dialect). Header names and outcome words are matched folded (saha__fold_key), with
 * English and Turkish aliases. Every problem is "SOURCE:LINE: FIELD: reason"; an id
 * that is not a valid account is an error. O(rows + accounts). Caller: the CLI, then
 * saha_plan_solve through saha_plan_options. */
#include <stdio.h>
#include <string.h>

#include "util/csv.h"
#include "saha/plan.h"

#define SIDE_MAX_BYTES ((size_t)64 << 20)
#define NONE ((size_t)-1)

/* The start of both handles: side_start makes it, side_free frees it. */
typedef struct side_head {
    saha_ctx *ctx;
    saha__arena arena;
} side_head;

struct saha_visit_log {
    side_head h;
    const char *source;
    saha_visit_entry *rows;
    size_t n;
};

struct saha_previous_plan {
    side_head h;
    saha_previous_visit *rows;
    size_t n;
};

static const char *const ID_NAMES[] = {"id",  "account_id", "account", "code",
                                       "kod", "musteri_no", "musteri", NULL};
static const char *const WHEN_NAMES[] = {"when",  "datetime", "time",       "date_time",
                                         "zaman", "tarih",    "tarih_saat", NULL};
static const char *const OUTCOME_NAMES[] = {"outcome", "result", "status",
                                            "sonuc",   "durum",  NULL};
static const char *const NOTES_NAMES[] = {"notes",  "note",     "comment", "not",
                                          "notlar", "aciklama", NULL};

static const struct {
    const char *word;
    saha_visit_outcome outcome;
} OUTCOMES[] = {
    {"done", SAHA_VISIT_DONE},
    {"visited", SAHA_VISIT_DONE},
    {"ok", SAHA_VISIT_DONE},
    {"yapildi", SAHA_VISIT_DONE},
    {"tamam", SAHA_VISIT_DONE},
    {"tamamlandi", SAHA_VISIT_DONE},
    {"cancelled", SAHA_VISIT_CANCELLED},
    {"canceled", SAHA_VISIT_CANCELLED},
    {"iptal", SAHA_VISIT_CANCELLED},
    {"no_show", SAHA_VISIT_NO_SHOW},
    {"noshow", SAHA_VISIT_NO_SHOW},
    {"gelmedi", SAHA_VISIT_NO_SHOW},
    {"yok", SAHA_VISIT_NO_SHOW},
    {"bulunamadi", SAHA_VISIT_NO_SHOW},
    {"rescheduled", SAHA_VISIT_RESCHEDULED},
    {"moved", SAHA_VISIT_RESCHEDULED},
    {"ertelendi", SAHA_VISIT_RESCHEDULED},
    {"ertele", SAHA_VISIT_RESCHEDULED},
};

static int parse_outcome(const char *s, saha_visit_outcome *out)
{
    char key[64];
    saha__fold_key(s, strlen(s), key, sizeof key);
    for (size_t i = 0; i < sizeof OUTCOMES / sizeof OUTCOMES[0]; i++)
        if (!strcmp(key, OUTCOMES[i].word)) {
            *out = OUTCOMES[i].outcome;
            return 0;
        }
    return -1;
}

static int parse_bool(const char *s, int *out)
{
    char key[32];
    static const char *const yes[] = {"1", "true", "yes", "y", "x", "evet", "e", NULL};
    static const char *const no[] = {"", "0", "false", "no", "n", "hayir", "h", NULL};
    saha__fold_key(s, strlen(s), key, sizeof key);
    for (size_t i = 0; yes[i]; i++)
        if (!strcmp(key, yes[i])) {
            *out = 1;
            return 0;
        }
    for (size_t i = 0; no[i]; i++)
        if (!strcmp(key, no[i])) {
            *out = 0;
            return 0;
        }
    return -1;
}

static saha_status row_error(saha_ctx *ctx, const char *source, size_t line,
                             const char *field, const char *fmt, const char *value)
{
    char v[80];
    size_t n = strlen(value);
    snprintf(v, sizeof v, "%.60s%s", value, n > 60 ? "..." : "");
    return saha__error_set(ctx, SAHA_EPARSE, source, line, 0, "%s: %s'%s'", field, fmt,
                           v);
}

/* ---- the side files on the shared CSV reader (util/csv.h) ----------------------------
 */

/* Reads a private copy of data (the reader cuts cells in place); *copy is freed by
 * side_close. */
static saha_status side_open(saha__csv *c, char **copy, saha_ctx *ctx, const char *source,
                             const char *data, size_t len)
{
    *copy = saha__strndup(ctx, data ? data : "", len);
    if (!*copy)
        return SAHA_ENOMEM;
    saha__csv_init(c, ctx, source, *copy, len, 0);
    return SAHA_OK;
}

static void side_close(saha__csv *c, char *copy)
{
    saha_ctx *ctx = c->ctx;
    saha__csv_free(c);
    saha__free(ctx, copy);
}

/* side_open, then a zeroed handle of size bytes (a struct starting with a side_head) in
 * *out. On failure nothing is left open or allocated. */
static saha_status side_start(saha__csv *c, char **copy, saha_ctx *ctx,
                              const char *source, const char *data, size_t len,
                              size_t size, side_head **out)
{
    side_head *h;
    saha_status rc = side_open(c, copy, ctx, source, data, len);
    if (rc < 0)
        return rc;
    h = saha__calloc(ctx, 1, size);
    if (!h) {
        side_close(c, *copy);
        return SAHA_ENOMEM;
    }
    h->ctx = ctx;
    saha__arena_init(&h->arena, ctx);
    *out = h;
    return SAHA_OK;
}

static void side_free(side_head *h, void *rows)
{
    saha__arena_free(&h->arena);
    saha__free(h->ctx, rows);
    saha__free(h->ctx, h);
}

/* A parse function behind side_load: out is the caller's typed output pointer. */
typedef saha_status (*side_parse_fn)(void *out, saha_ctx *ctx, const char *source,
                                     const char *data, size_t len,
                                     const saha_account_set *accounts);

/* Reads the file at path (at most SIDE_MAX_BYTES) and parses it with the path as the
 * source name. The caller has checked its arguments and cleared its *out. */
static saha_status side_load(saha_ctx *ctx, const char *path, void *out,
                             const saha_account_set *accounts, side_parse_fn parse)
{
    char *data = NULL;
    size_t len = 0;
    saha_status rc = saha__read_file(ctx, path, SIDE_MAX_BYTES, &data, &len);
    if (rc < 0)
        return rc;
    rc = parse(out, ctx, path, data, len, accounts);
    saha__free(ctx, data);
    return rc;
}

/* The parse adapters behind the two loads. */
static saha_status parse_visit_log(void *out, saha_ctx *ctx, const char *source,
                                   const char *data, size_t len,
                                   const saha_account_set *accounts)
{
    return saha_visit_log_parse(out, ctx, source, data, len, accounts);
}

static saha_status parse_previous_plan(void *out, saha_ctx *ctx, const char *source,
                                       const char *data, size_t len,
                                       const saha_account_set *accounts)
{
    return saha_previous_plan_parse(out, ctx, source, data, len, accounts);
}

/* Reads the header; fills the columns; requires those with req set. */
static saha_status header(saha__csv *c, const char *const *const *names, size_t *cols,
                          const int *req, const char *const *labels, size_t ncols)
{
    int r = saha__csv_next_nonblank(c);
    if (r < 0)
        return (saha_status)r;
    if (r == 0)
        return saha__error_set(c->ctx, SAHA_EPARSE, c->source, 1, 0,
                               "no header line (the input is empty)");
    for (size_t k = 0; k < ncols; k++) {
        cols[k] = saha__csv_column(c, names[k]);
        if (cols[k] == NONE && req[k])
            return saha__error_set(c->ctx, SAHA_EPARSE, c->source, c->line, 0,
                                   "%s: no such column in the header", labels[k]);
    }
    return SAHA_OK;
}

static const char *cell(const saha__csv *c, size_t col)
{
    return col != NONE && col < c->n ? c->cells[col] : "";
}

/* The account named in column col (field `label`): a valid account's id, or, with
 * empty_ok, "" for none (SIZE_MAX). */
static saha_status account_cell(const saha__csv *c, const saha_account_set *accounts,
                                size_t col, const char *label, int empty_ok, size_t *out)
{
    const char *id = cell(c, col);
    *out = SIZE_MAX;
    if (!id[0])
        return empty_ok ? SAHA_OK
                        : row_error(c->ctx, c->source, c->line, label, "empty ", "");
    *out = saha_account_find(accounts, id);
    if (*out == SIZE_MAX)
        return row_error(c->ctx, c->source, c->line, label, "not a valid account: ", id);
    return SAHA_OK;
}

saha_status saha_visit_log_parse(saha_visit_log **out, saha_ctx *ctx, const char *source,
                                 const char *data, size_t len,
                                 const saha_account_set *accounts)
{
    const char *const *names[] = {ID_NAMES, WHEN_NAMES, OUTCOME_NAMES, NOTES_NAMES};
    static const char *const labels[] = {"id", "when", "outcome", "notes"};
    static const int req[] = {1, 1, 1, 0};
    size_t cols[4], cap = 0;
    saha__csv c;
    char *copy = NULL;
    saha_visit_log *log = NULL;
    side_head *h = NULL;
    saha_status rc;
    int r;

    SAHA__CHECK_ARG(ctx, out && accounts && (data || len == 0));
    *out = NULL;
    saha__error_clear(ctx);
    if (!source)
        source = "<visits>";
    rc = side_start(&c, &copy, ctx, source, data, len, sizeof *log, &h);
    if (rc < 0)
        return rc;
    log = (saha_visit_log *)h;
    log->source = saha__arena_strdup(&log->h.arena, source);
    if (!log->source) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    rc = header(&c, names, cols, req, labels, 4);
    if (rc < 0)
        goto done;
    while ((r = saha__csv_next_nonblank(&c)) > 0) {
        saha_visit_entry *e;
        const char *when = cell(&c, cols[1]), *oc = cell(&c, cols[2]);
        rc = SAHA__GROW(ctx, log->rows, cap, log->n + 1, 32);
        if (rc < 0)
            goto done;
        e = &log->rows[log->n];
        memset(e, 0, sizeof *e);
        e->line = c.line;
        rc = account_cell(&c, accounts, cols[0], "id", 0, &e->account);
        if (rc < 0)
            goto done;
        if (saha_datetime_parse(when, &e->when) != 0 || strlen(when) < 16) {
            rc = row_error(ctx, source, c.line, "when",
                           "expected local \"YYYY-MM-DD HH:MM\", got ", when);
            goto done;
        }
        if (parse_outcome(oc, &e->outcome) != 0) {
            rc = row_error(ctx, source, c.line, "outcome",
                           "expected done, cancelled, no_show or rescheduled "
                           "(yapıldı, iptal, gelmedi, ertelendi), got ",
                           oc);
            goto done;
        }
        e->notes = saha__arena_strdup(&log->h.arena, cell(&c, cols[3]));
        if (!e->notes) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        log->n++;
    }
    if (r < 0)
        rc = (saha_status)r;
done:
    side_close(&c, copy);
    if (rc < 0) {
        saha_visit_log_free(log);
        return rc;
    }
    *out = log;
    return SAHA_OK;
}

saha_status saha_visit_log_load(saha_visit_log **out, saha_ctx *ctx, const char *path,
                                const saha_account_set *accounts)
{
    SAHA__CHECK_ARG(ctx, out && path);
    *out = NULL;
    return side_load(ctx, path, out, accounts, parse_visit_log);
}

void saha_visit_log_free(saha_visit_log *log)
{
    if (!log)
        return;
    side_free(&log->h, log->rows);
}

const char *saha_visit_log_source(const saha_visit_log *log)
{
    return log && log->source ? log->source : "";
}

size_t saha_visit_log_count(const saha_visit_log *log)
{
    return log ? log->n : 0;
}

const saha_visit_entry *saha_visit_log_at(const saha_visit_log *log, size_t i)
{
    return log && i < log->n ? &log->rows[i] : NULL;
}

/* ---- previous itinerary ---------------------------------------------------------- */

static const char *const DATE_NAMES[] = {"date", "tarih", "day_date", NULL};
static const char *const START_NAMES[] = {"start", "baslangic", "start_time", NULL};
static const char *const SEQ_NAMES[] = {"seq", "sira", NULL};
static const char *const CONF_NAMES[] = {"confirmed", "onayli", "kesin", NULL};
static const char *const UID_NAMES[] = {"uid", NULL};
static const char *const SEQUENCE_NAMES[] = {"sequence", NULL};
static const char *const ETAG_NAMES[] = {"etag", NULL};
static const char *const NIGHT_BEFORE_NAMES[] = {"night_before", NULL};
static const char *const NIGHT_AFTER_NAMES[] = {"night_after", NULL};

saha_status saha_previous_plan_parse(saha_previous_plan **out, saha_ctx *ctx,
                                     const char *source, const char *data, size_t len,
                                     const saha_account_set *accounts)
{
    const char *const *names[] = {
        ID_NAMES,  DATE_NAMES,     START_NAMES, SEQ_NAMES,          CONF_NAMES,
        UID_NAMES, SEQUENCE_NAMES, ETAG_NAMES,  NIGHT_BEFORE_NAMES, NIGHT_AFTER_NAMES};
    static const char *const labels[] = {"id",           "date",       "start",    "seq",
                                         "confirmed",    "uid",        "sequence", "etag",
                                         "night_before", "night_after"};
    static const int req[] = {1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
    size_t cols[10], cap = 0;
    saha__csv c;
    char *copy = NULL;
    saha_previous_plan *pp = NULL;
    side_head *h = NULL;
    saha_status rc;
    int r;

    SAHA__CHECK_ARG(ctx, out && accounts && (data || len == 0));
    *out = NULL;
    saha__error_clear(ctx);
    if (!source)
        source = "<previous>";
    rc = side_start(&c, &copy, ctx, source, data, len, sizeof *pp, &h);
    if (rc < 0)
        return rc;
    pp = (saha_previous_plan *)h;
    rc = header(&c, names, cols, req, labels, 10);
    if (rc < 0)
        goto done;
    while ((r = saha__csv_next_nonblank(&c)) > 0) {
        saha_previous_visit *e;
        const char *date = cell(&c, cols[1]), *start = cell(&c, cols[2]);
        int min = 0;
        long n = 0;
        rc = SAHA__GROW(ctx, pp->rows, cap, pp->n + 1, 32);
        if (rc < 0)
            goto done;
        e = &pp->rows[pp->n];
        memset(e, 0, sizeof *e);
        e->line = c.line;
        rc = account_cell(&c, accounts, cols[0], "id", 0, &e->account);
        if (rc < 0)
            goto done;
        if (strlen(date) != 10 || saha_datetime_parse(date, &e->date) != 0) {
            rc =
                row_error(ctx, source, c.line, "date", "expected YYYY-MM-DD, got ", date);
            goto done;
        }
        if (saha__parse_hhmm(start, strlen(start), &min) != 0 || min >= 24 * 60) {
            rc = row_error(ctx, source, c.line, "start", "expected HH:MM, got ", start);
            goto done;
        }
        e->date.hour = min / 60;
        e->date.minute = min % 60;
        if (cols[3] != NONE && cell(&c, cols[3])[0]) {
            if (saha__parse_long(cell(&c, cols[3]), strlen(cell(&c, cols[3])), &n) != 0 ||
                n < 1) {
                rc = row_error(ctx, source, c.line, "seq",
                               "expected a position >= 1, got ", cell(&c, cols[3]));
                goto done;
            }
            e->seq = (size_t)n;
        }
        if (parse_bool(cell(&c, cols[4]), &e->confirmed) != 0) {
            rc = row_error(ctx, source, c.line, "confirmed",
                           "expected yes/no (evet/hayır, 1/0), got ", cell(&c, cols[4]));
            goto done;
        }
        n = 0;
        if (cell(&c, cols[6])[0] &&
            (saha__parse_long(cell(&c, cols[6]), strlen(cell(&c, cols[6])), &n) != 0 ||
             n < 0 || n > 1000000)) {
            rc = row_error(ctx, source, c.line, "sequence",
                           "expected a count from 0, got ", cell(&c, cols[6]));
            goto done;
        }
        e->sequence = (unsigned)n;
        e->uid = saha__arena_strdup(&pp->h.arena, cell(&c, cols[5]));
        e->etag = saha__arena_strdup(&pp->h.arena, cell(&c, cols[7]));
        if (!e->uid || !e->etag) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        rc = account_cell(&c, accounts, cols[8], "night_before", 1, &e->night_before);
        if (rc == SAHA_OK)
            rc = account_cell(&c, accounts, cols[9], "night_after", 1, &e->night_after);
        if (rc < 0)
            goto done;
        pp->n++;
    }
    if (r < 0)
        rc = (saha_status)r;
done:
    side_close(&c, copy);
    if (rc < 0) {
        saha_previous_plan_free(pp);
        return rc;
    }
    *out = pp;
    return SAHA_OK;
}

saha_status saha_previous_plan_load(saha_previous_plan **out, saha_ctx *ctx,
                                    const char *path, const saha_account_set *accounts)
{
    SAHA__CHECK_ARG(ctx, out && path);
    *out = NULL;
    return side_load(ctx, path, out, accounts, parse_previous_plan);
}

void saha_previous_plan_free(saha_previous_plan *prev)
{
    if (!prev)
        return;
    side_free(&prev->h, prev->rows);
}

size_t saha_previous_plan_count(const saha_previous_plan *prev)
{
    return prev ? prev->n : 0;
}

const saha_previous_visit *saha_previous_plan_at(const saha_previous_plan *prev, size_t i)
{
    return prev && i < prev->n ? &prev->rows[i] : NULL;
}
