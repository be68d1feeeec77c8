/* team_report: the manager's view of the team's week: team.csv, team.html, the what-if
 * comparison, and the merge of shard outputs.
 *
 * A report holds one row per rep (the figures team.csv writes, rounded to its
 * precision when they are added, so a report read back from team.csv is the same
 * report) and a map layer per rep: its day routes, its home and the points of its
 * accounts (for the rep's territory area, territory_area.c). Rows come from a result
 * (saha_team_report_add_result) or from a run's folder (saha_team_report_add_dir:
 * team.csv read with the reps reader of saha territory, week.geojson with jansson), so
 * merged shards and a one-process run write the same team.csv bytes. Writers build the
 * document in memory and write it once. O(reps + route points).
 * Caller: the CLI (saha team, team merge, team compare). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/export.h"
#include "internal/svgmap.h"
#include "internal/team.h"
#include "internal/territory.h"
#include "util/csv.h"
#include "util/json.h"
#include "saha/territory.h"

typedef struct rrow {
    saha_team_row row; /* strings in the report's arena */
    int has_home;
    saha_latlon home;
    saha_latlon *pts; /* route points, lines[k] .. lines[k+1] */
    size_t npts, cap_pts;
    size_t *lines; /* nlines + 1 offsets */
    size_t nlines, cap_lines;
    saha_latlon *accs; /* account points (stops and skipped) for the area */
    size_t naccs, cap_accs;
} rrow;

struct saha_team_report {
    saha_ctx *ctx;
    saha__arena arena;
    rrow *rows; /* kept in id order */
    size_t n, cap;
};

saha_status saha_team_report_create(saha_team_report **out, saha_ctx *ctx)
{
    saha_team_report *r;
    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    r = saha__calloc(ctx, 1, sizeof *r);
    if (!r)
        return SAHA_ENOMEM;
    r->ctx = ctx;
    saha__arena_init(&r->arena, ctx);
    *out = r;
    return SAHA_OK;
}

void saha_team_report_free(saha_team_report *rep)
{
    if (!rep)
        return;
    for (size_t i = 0; i < rep->n; i++) {
        saha__free(rep->ctx, rep->rows[i].pts);
        saha__free(rep->ctx, rep->rows[i].lines);
        saha__free(rep->ctx, rep->rows[i].accs);
    }
    saha__free(rep->ctx, rep->rows);
    saha__arena_free(&rep->arena);
    saha__free(rep->ctx, rep);
}

size_t saha_team_report_count(const saha_team_report *rep)
{
    return rep ? rep->n : 0;
}

const saha_team_row *saha_team_report_row(const saha_team_report *rep, size_t k)
{
    return rep && k < rep->n ? &rep->rows[k].row : NULL;
}

static double r1(double v)
{
    return isfinite(v) ? (double)llround(v * 10.0) / 10.0 : 0;
}

static double r2(double v)
{
    return isfinite(v) ? (double)llround(v * 100.0) / 100.0 : 0;
}

saha_team_row saha_team_report_total(const saha_team_report *rep)
{
    saha_team_row t;
    memset(&t, 0, sizeof t);
    t.id = t.name = "TOTAL";
    t.status = "";
    t.currency = rep && rep->n ? rep->rows[0].row.currency : "";
    for (size_t i = 0; rep && i < rep->n; i++) {
        const saha_team_row *r = &rep->rows[i].row;
        t.accounts += r->accounts;
        t.visits += r->visits;
        t.must_missed += r->must_missed;
        t.unvisited += r->unvisited;
        t.km += r->km;
        t.drive_h += r->drive_h;
        t.work_h += r->work_h;
        t.value_won += r->value_won;
        t.value_left += r->value_left;
        t.travel_cost += r->travel_cost;
        if (strcmp(t.currency, r->currency) != 0)
            t.currency = "";
    }
    t.km = r1(t.km);
    t.drive_h = r2(t.drive_h);
    t.work_h = r2(t.work_h);
    t.value_won = r2(t.value_won);
    t.value_left = r2(t.value_left);
    t.travel_cost = r2(t.travel_cost);
    return t;
}

/* A new row for id at its place in id order; NULL with SAHA_EINVAL when present. */
static rrow *insert_row(saha_team_report *rep, const char *id)
{
    size_t pos = 0;
    rrow *r;
    while (pos < rep->n) {
        int c = strcmp(rep->rows[pos].row.id, id);
        if (c == 0) {
            saha__error_set(rep->ctx, SAHA_EINVAL, NULL, 0, 0,
                            "rep '%s' is in the report twice (planned by two shards?)",
                            id);
            return NULL;
        }
        if (c > 0)
            break;
        pos++;
    }
    if (SAHA__GROW(rep->ctx, rep->rows, rep->cap, rep->n + 1, 16) < 0)
        return NULL;
    memmove(rep->rows + pos + 1, rep->rows + pos, (rep->n - pos) * sizeof *rep->rows);
    rep->n++;
    r = &rep->rows[pos];
    memset(r, 0, sizeof *r);
    r->row.id = saha__arena_strdup(&rep->arena, id);
    return r->row.id ? r : NULL;
}

static saha_status add_point(saha_ctx *ctx, rrow *r, saha_latlon p)
{
    saha_status rc = SAHA__GROW(ctx, r->pts, r->cap_pts, r->npts + 1, 32);
    if (rc == SAHA_OK)
        r->pts[r->npts++] = p;
    return rc;
}

static saha_status add_acc(saha_ctx *ctx, rrow *r, saha_latlon p)
{
    saha_status rc;
    if (!isfinite(p.lat_deg) || !isfinite(p.lon_deg))
        return SAHA_OK;
    rc = SAHA__GROW(ctx, r->accs, r->cap_accs, r->naccs + 1, 32);
    if (rc == SAHA_OK)
        r->accs[r->naccs++] = p;
    return rc;
}

/* Ends the line started at lines[nlines] (the points added since). */
static saha_status end_line(saha_ctx *ctx, rrow *r)
{
    if (r->nlines + 2 > r->cap_lines) {
        int first = r->cap_lines == 0;
        if (SAHA__GROW(ctx, r->lines, r->cap_lines, r->nlines + 2, 16) < 0)
            return SAHA_ENOMEM;
        if (first)
            r->lines[0] = 0;
    }
    r->lines[++r->nlines] = r->npts;
    return SAHA_OK;
}

/* The straight legs of a day with visits: start, the stops, end (and, with accs, the
 * stops as the rep's account points). */
static saha_status straight_day(saha_ctx *ctx, rrow *r, const saha_plan_day *day,
                                const saha_account_set *accounts, int accs)
{
    saha_status rc = SAHA_OK;
    SAHA_EXPORT__TRY(add_point(ctx, r, day->start_pos));
    for (size_t s = 0; s < day->nstops; s++) {
        const saha_account *a = saha_account_at(accounts, day->stops[s].account);
        saha_latlon p = {a->lat_deg, a->lon_deg};
        SAHA_EXPORT__TRY(add_point(ctx, r, p));
        if (accs)
            SAHA_EXPORT__TRY(add_acc(ctx, r, p));
    }
    SAHA_EXPORT__TRY(add_point(ctx, r, day->end_pos));
done:
    return rc;
}

static const char *dup(saha_team_report *rep, const char *s)
{
    return saha__arena_strdup(&rep->arena, s ? s : "");
}

saha_status saha_team_report_add_result(saha_team_report *rep, saha_ctx *ctx,
                                        const saha_team_result *res,
                                        const saha_account_set *accounts,
                                        const saha_team *team)
{
    saha_status rc = SAHA_OK;
    SAHA__CHECK_ARG(ctx, rep && res && accounts && team);
    saha__error_clear(ctx);
    for (size_t i = 0; i < res->nrep; i++) {
        const saha_team_member *m = &team->member[i];
        const saha_plan *plan = res->slot[i].plan;
        rrow *r;
        if (!res->slot[i].selected)
            continue;
        r = insert_row(rep, m->id);
        if (!r)
            return saha_ctx_last_error(ctx)->code ? saha_ctx_last_error(ctx)->code
                                                  : SAHA_ENOMEM;
        r->row.name = dup(rep, m->name);
        r->row.currency = dup(rep, m->rep.currency);
        r->row.status = dup(rep, plan ? "ok" : res->slot[i].message);
        r->row.accounts = res->slot[i].naccounts;
        r->has_home = 1;
        r->home = m->rep.home;
        if (!r->row.name || !r->row.currency || !r->row.status)
            return SAHA_ENOMEM;
        if (!plan)
            continue;
        {
            const saha_itinerary *it = saha_plan_itinerary(plan);
            for (size_t d = 0; d < it->ndays; d++) {
                const saha_plan_day *day = &it->days[d];
                r->row.visits += day->nstops;
                if (day->nstops == 0)
                    continue;
                SAHA_EXPORT__TRY(straight_day(ctx, r, day, accounts, 1));
                SAHA_EXPORT__TRY(end_line(ctx, r));
            }
            for (size_t k = 0; k < it->nskipped; k++) {
                const saha_account *a = saha_account_at(accounts, it->skipped[k].account);
                saha_latlon p = {a->lat_deg, a->lon_deg};
                if (a->must_visit || a->has_appointment)
                    r->row.must_missed++;
                if (a->has_coords)
                    SAHA_EXPORT__TRY(add_acc(ctx, r, p));
            }
            r->row.unvisited = it->nskipped;
            r->row.km = r1(it->drive_m / 1000.0);
            r->row.drive_h = r2(it->drive_s / 3600.0);
            r->row.work_h = r2(it->work_s / 3600.0);
            r->row.value_won = r2(it->value_won);
            r->row.value_left = r2(it->value_left);
            r->row.travel_cost = r2(it->travel_cost);
        }
    }
done:
    return rc;
}

saha_status saha_team_report_use_roads(saha_team_report *rep, saha_ctx *ctx,
                                       const char *rep_id, const saha_itinerary *it,
                                       const saha_account_set *accounts,
                                       const saha_roads *roads)
{
    rrow *r = NULL;
    saha_status rc = SAHA_OK;
    SAHA__CHECK_ARG(ctx, rep && rep_id && it && accounts);
    saha__error_clear(ctx);
    for (size_t k = 0; k < rep->n && !r; k++)
        if (!strcmp(rep->rows[k].row.id, rep_id))
            r = &rep->rows[k];
    if (!r)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "rep '%s' is not in the report", rep_id);
    r->npts = 0;
    r->nlines = 0;
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        size_t n = 0;
        const saha_latlon *shape = saha_roads_shape(roads, d, &n);
        if (day->nstops == 0)
            continue;
        if (shape && n >= 2) {
            for (size_t i = 0; i < n; i++)
                SAHA_EXPORT__TRY(add_point(ctx, r, shape[i]));
        } else {
            SAHA_EXPORT__TRY(straight_day(ctx, r, day, accounts, 0));
        }
        SAHA_EXPORT__TRY(end_line(ctx, r));
    }
done:
    return rc;
}

/* ---- reading a run's folder ----------------------------------------------------------
 */

static saha_status cell_size(saha_ctx *ctx, const char *src, size_t line, const char *col,
                             const char *v, size_t *out)
{
    long n;
    if (!v || saha__parse_long(v, strlen(v), &n) < 0 || n < 0)
        return saha__error_set(ctx, SAHA_EPARSE, src, line, 0,
                               "%s: expected a whole number >= 0, got '%s'", col,
                               v ? v : "(no column)");
    *out = (size_t)n;
    return SAHA_OK;
}

static saha_status cell_num(saha_ctx *ctx, const char *src, size_t line, const char *col,
                            const char *v, double *out)
{
    double d;
    /* a decimal comma too: team.csv may be in a ';' dialect (saha writes no thousands
     * separators, so a ',' is always the decimal one) */
    if (!v || saha__parse_double(v, strlen(v), 1, &d) < 0 || !isfinite(d))
        return saha__error_set(ctx, SAHA_EPARSE, src, line, 0,
                               "%s: expected a number, got '%s'", col,
                               v ? v : "(no column)");
    *out = d;
    return SAHA_OK;
}

static int json_point(const json_t *coords, saha_latlon *out)
{
    const json_t *x = json_array_get(coords, 0), *y = json_array_get(coords, 1);
    if (!json_is_number(x) || !json_is_number(y))
        return -1;
    out->lon_deg = json_number_value(x);
    out->lat_deg = json_number_value(y);
    return fabs(out->lat_deg) <= 90 && fabs(out->lon_deg) <= 180 ? 0 : -1;
}

/* The map layer of r from a week.geojson the plan exporter wrote. */
static saha_status read_layer(saha_ctx *ctx, rrow *r, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    json_t *root = NULL, *features;
    size_t i;
    const json_t *f;
    saha_status rc = saha__read_file(ctx, path, (size_t)1 << 30, &data, &len);
    if (rc < 0)
        return rc;
    root = saha__json_load(ctx, data, len, 0, path, NULL);
    if (!root) {
        rc = SAHA_EPARSE;
        goto done;
    }
    features = json_object_get(root, "features");
    if (!json_is_array(features)) {
        rc = saha__error_set(ctx, SAHA_EPARSE, path, 1, 0,
                             "features: expected the FeatureCollection of saha plan");
        goto done;
    }
    json_array_foreach(features, i, f)
    {
        const json_t *g = json_object_get(f, "geometry");
        const char *kind =
            json_string_value(json_object_get(json_object_get(f, "properties"), "kind"));
        const json_t *coords = json_object_get(g, "coordinates");
        saha_latlon p;
        if (!kind)
            continue;
        if (!strcmp(kind, "route") && json_is_array(coords)) {
            size_t k;
            const json_t *c;
            json_array_foreach(coords, k, c)
            {
                if (json_point(c, &p) == 0)
                    SAHA_EXPORT__TRY(add_point(ctx, r, p));
            }
            SAHA_EXPORT__TRY(end_line(ctx, r));
        } else if (!strcmp(kind, "home") && json_point(coords, &p) == 0) {
            r->has_home = 1;
            r->home = p;
        } else if ((!strcmp(kind, "stop") || !strcmp(kind, "skipped")) &&
                   json_point(coords, &p) == 0) {
            SAHA_EXPORT__TRY(add_acc(ctx, r, p));
        }
    }
done:
    json_decref(root);
    saha__free(ctx, data);
    return rc;
}

saha_status saha_team_report_add_dir(saha_team_report *rep, saha_ctx *ctx,
                                     const char *dir)
{
    saha_territory_reps *rows = NULL;
    char path[1024];
    saha_status rc;
    int n;

    SAHA__CHECK_ARG(ctx, rep && dir);
    saha__error_clear(ctx);
    n = snprintf(path, sizeof path, "%s/team.csv", dir);
    if (n < 0 || (size_t)n >= sizeof path)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0, "folder name too long");
    rc = saha_territory_reps_load(&rows, ctx, path);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < saha_territory_reps_count(rows); i++) {
        const saha_territory_rep *t = saha_territory_reps_at(rows, i);
        char src[1100];
        rrow *r = insert_row(rep, t->id);
        const char *status;
#define CELL(name) saha_territory_reps_column(rows, i, name)
        if (!r) {
            rc = saha_ctx_last_error(ctx)->code ? saha_ctx_last_error(ctx)->code
                                                : SAHA_ENOMEM;
            goto done;
        }
        memcpy(src, path, strlen(path) + 1);
        SAHA_EXPORT__TRY(
            cell_size(ctx, src, t->line, "accounts", CELL("accounts"), &r->row.accounts));
        SAHA_EXPORT__TRY(
            cell_size(ctx, src, t->line, "visits", CELL("visits"), &r->row.visits));
        SAHA_EXPORT__TRY(cell_num(ctx, src, t->line, "km", CELL("km"), &r->row.km));
        SAHA_EXPORT__TRY(
            cell_num(ctx, src, t->line, "drive_h", CELL("drive_h"), &r->row.drive_h));
        SAHA_EXPORT__TRY(
            cell_num(ctx, src, t->line, "work_h", CELL("work_h"), &r->row.work_h));
        SAHA_EXPORT__TRY(cell_num(ctx, src, t->line, "value_won", CELL("value_won"),
                                  &r->row.value_won));
        SAHA_EXPORT__TRY(cell_num(ctx, src, t->line, "value_left", CELL("value_left"),
                                  &r->row.value_left));
        SAHA_EXPORT__TRY(cell_num(ctx, src, t->line, "travel_cost", CELL("travel_cost"),
                                  &r->row.travel_cost));
        SAHA_EXPORT__TRY(cell_size(ctx, src, t->line, "must_missed", CELL("must_missed"),
                                   &r->row.must_missed));
        SAHA_EXPORT__TRY(cell_size(ctx, src, t->line, "unvisited", CELL("unvisited"),
                                   &r->row.unvisited));
        status = CELL("status");
        r->row.name = dup(rep, t->name);
        r->row.currency = dup(rep, CELL("currency"));
        r->row.status = dup(rep, status);
#undef CELL
        if (!r->row.name || !r->row.currency || !r->row.status) {
            rc = SAHA_ENOMEM;
            goto done;
        }
        if (status && !strcmp(status, "ok")) {
            n = snprintf(src, sizeof src, "%s/%s/week.geojson", dir, t->id);
            if (n < 0 || (size_t)n >= sizeof src || strchr(t->id, '/')) {
                rc = saha__error_set(ctx, SAHA_EPARSE, path, t->line, 0,
                                     "id: not a folder name: '%s'", t->id);
                goto done;
            }
            SAHA_EXPORT__TRY(read_layer(ctx, r, src));
        }
    }
done:
    saha_territory_reps_free(rows);
    return rc;
}

/* ---- writers ---------------------------------------------------------------------- */

/* The CSV writer of a dialect (NULL: ',' '.' LF, no BOM). */
static void csvw_make(saha__csvw *w, saha__buf *b, const saha_csv_dialect *d)
{
    saha__csvw_init(w, b, d ? d->delimiter : ',', d ? d->decimal_comma : 0,
                    d ? d->crlf : 0);
}

/* A text cell from the user's data (ids, names), formula-guarded, invalid UTF-8 as
 * U+FFFD. */
static saha_status put_text_csv(saha__csvw *w, const char *s)
{
    return saha_export__csv_text_delim(w->b, s, 1, w->delim);
}

/* "<sep>v1<sep>v2...": each number with its decimals (the CSV columns of a row). */
static saha_status put_nums_csv(saha__csvw *w, const double *v, const int *dec, size_t n)
{
    saha_status rc = SAHA_OK;
    for (size_t i = 0; i < n; i++) {
        SAHA_EXPORT__TRY(saha__csvw_sep(w));
        SAHA_EXPORT__TRY(saha__csvw_num(w, v[i], dec[i], "0"));
    }
done:
    return rc;
}

static saha_status put_sizes_csv(saha__csvw *w, size_t a, size_t b)
{
    saha_status rc;
    SAHA_EXPORT__TRY(saha__csvw_sep(w));
    SAHA_EXPORT__TRY(saha__csvw_uint(w, a));
    SAHA_EXPORT__TRY(saha__csvw_sep(w));
    SAHA_EXPORT__TRY(saha__csvw_uint(w, b));
done:
    return rc;
}

static saha_status put_row_csv(saha__csvw *w, const saha_team_row *r)
{
    saha_status rc;
    const double v[] = {r->km,        r->drive_h,    r->work_h,
                        r->value_won, r->value_left, r->travel_cost};
    static const int dec[] = {1, 2, 2, 2, 2, 2};
    SAHA_EXPORT__TRY(put_text_csv(w, r->id));
    SAHA_EXPORT__TRY(saha__csvw_sep(w));
    SAHA_EXPORT__TRY(put_text_csv(w, r->name));
    SAHA_EXPORT__TRY(put_sizes_csv(w, r->accounts, r->visits));
    SAHA_EXPORT__TRY(put_nums_csv(w, v, dec, sizeof v / sizeof v[0]));
    SAHA_EXPORT__TRY(saha__csvw_sep(w));
    SAHA_EXPORT__TRY(put_text_csv(w, r->currency));
    SAHA_EXPORT__TRY(put_sizes_csv(w, r->must_missed, r->unvisited));
    SAHA_EXPORT__TRY(saha__csvw_sep(w));
    SAHA_EXPORT__TRY(put_text_csv(w, r->status));
    SAHA_EXPORT__TRY(saha__csvw_eol(w));
done:
    return rc;
}

saha_status saha_team_report_write_csv(FILE *f, saha_ctx *ctx,
                                       const saha_team_report *rep)
{
    return saha_team_report_write_csv_dialect(f, ctx, rep, NULL);
}

saha_status saha_team_report_write_csv_dialect(FILE *f, saha_ctx *ctx,
                                               const saha_team_report *rep,
                                               const saha_csv_dialect *dialect)
{
    saha__buf b;
    saha__csvw w;
    saha_status rc;
    SAHA__CHECK_ARG(ctx, f && rep);
    saha__error_clear(ctx);
    saha__buf_init(&b, ctx, SAHA_EXPORT__MAX_BYTES);
    csvw_make(&w, &b, dialect);
    SAHA_EXPORT__TRY(saha__csvw_header(&w,
                                       "id,name,accounts,visits,km,drive_h,work_h,"
                                       "value_won,value_left,travel_cost,currency,"
                                       "must_missed,unvisited,status",
                                       dialect && dialect->bom));
    for (size_t i = 0; i < rep->n; i++)
        SAHA_EXPORT__TRY(put_row_csv(&w, &rep->rows[i].row));
    rc = saha_export__write(ctx, f, &b);
done:
    saha__buf_free(&b);
    return rc;
}

static const char CSS[] =
    "*{box-sizing:border-box}"
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;"
    "max-width:1100px;padding:12px;color:#1d1d1f;background:#fff;line-height:1.4}"
    "h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:1.2em 0 .4em}"
    ".totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));"
    "gap:8px;margin:.8em 0}"
    ".totals div{background:#f3f4f6;border-radius:6px;padding:8px}"
    ".totals b{display:block;font-size:1.15em}.totals span{color:#555;font-size:.85em}"
    "svg.map{width:100%;height:auto;display:block;border-radius:6px}"
    ".sw{display:inline-block;width:12px;height:12px;border-radius:3px;"
    "vertical-align:-1px;margin-right:4px}"
    ".tw{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.92em}"
    "th,td{padding:5px 6px;border-bottom:1px solid #e5e7eb;text-align:left}"
    "th{background:#f9fafb}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}tr.total td{font-weight:600}.bad{color:#b91c1c}"
    ".better{color:#15803d}.worse{color:#b91c1c}"
    "figure{margin:0}#lmap{height:70vh;min-height:320px;max-height:720px;"
    "border-radius:6px;background:#cfe2f0;display:none}html.lmap #lmap{display:block}"
    "html.lmap figure.svgmap{display:none}.legend{display:none;flex-wrap:wrap;gap:4px "
    "14px;"
    "margin:.5em 0;font-size:.9em}html.lmap .legend{display:flex}"
    ".lf-place{color:#5b6470;font:12px sans-serif;white-space:nowrap;text-shadow:0 0 3px "
    "#fff;pointer-events:none}.lf-label{font:bold 15px sans-serif;color:#222;"
    "white-space:nowrap;text-shadow:0 0 3px #fff,0 0 3px #fff;pointer-events:none}"
    ".lf-home span{display:block;width:20px;height:20px;"
    "line-height:18px;border-radius:3px;background:#222;color:#fff;font:bold 11px "
    "sans-serif;text-align:center;border:2px solid #fff}"
    "@media print{#lmap,.legend{display:none!important}figure.svgmap{display:block!"
    "important}}";

/* Whole units grouped by thousands (narrow no-break space). */
static saha_status put_money(saha__buf *b, double v)
{
    char digits[32];
    long long x = isfinite(v) && fabs(v) < 1e15 ? llround(v) : 0;
    size_t n = (size_t)snprintf(digits, sizeof digits, "%lld", x < 0 ? -x : x);
    saha_status rc = SAHA_OK;
    if (x < 0)
        SAHA_EXPORT__TRY(saha__buf_putc(b, '-'));
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            SAHA_EXPORT__TRY(saha__buf_puts(b, "\xE2\x80\xAF"));
        SAHA_EXPORT__TRY(saha__buf_putc(b, digits[i]));
    }
done:
    return rc;
}

static saha_status put_head(saha__buf *b, const char *title, const char *leaflet_css)
{
    return saha_territory__html_head(b, title, CSS, leaflet_css);
}

static saha_status put_totals(saha__buf *b, const saha_team_report *rep)
{
    saha_team_row t = saha_team_report_total(rep);
    saha_status rc;
    SAHA_EXPORT__TRY(
        saha__buf_printf(b,
                         "<section class=\"totals\">\n"
                         "<div><span>reps</span><b class=\"t-reps\">%zu</b></div>"
                         "<div><span>accounts</span><b>%zu</b></div>"
                         "<div><span>visits</span><b class=\"t-visits\">%zu</b>"
                         "</div><div><span>km</span><b>",
                         rep->n, t.accounts, t.visits));
    SAHA_EXPORT__TRY(saha_export__num(b, t.km, 1, "0"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</b></div><div><span>driving h</span><b>"));
    SAHA_EXPORT__TRY(saha_export__num(b, t.drive_h, 1, "0"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</b></div><div><span>working h</span><b>"));
    SAHA_EXPORT__TRY(saha_export__num(b, t.work_h, 1, "0"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</b></div><div><span>value won</span><b>"));
    SAHA_EXPORT__TRY(put_money(b, t.value_won));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</b></div><div><span>value left</span><b>"));
    SAHA_EXPORT__TRY(put_money(b, t.value_left));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</b></div><div><span>travel cost</span><b>"));
    SAHA_EXPORT__TRY(put_money(b, t.travel_cost));
    SAHA_EXPORT__TRY(saha__buf_printf(b,
                                      "</b></div><div><span>must-visits missed</span>"
                                      "<b>%zu</b></div>\n</section>\n",
                                      t.must_missed));
done:
    return rc;
}

/* (lat, lon, rep) triples sorted so repeated visits of one place come together. */
typedef struct apt {
    saha_latlon p;
    uint32_t rep;
} apt;

static int apt_cmp(const void *a, const void *b)
{
    const apt *x = a, *y = b;
    if (x->p.lat_deg != y->p.lat_deg)
        return x->p.lat_deg < y->p.lat_deg ? -1 : 1;
    if (x->p.lon_deg != y->p.lon_deg)
        return x->p.lon_deg < y->p.lon_deg ? -1 : 1;
    return x->rep < y->rep ? -1 : x->rep > y->rep;
}

/* The reps' territory areas (territory_area.c: each account's Voronoi cell cut to a
 * disc, merged per rep, so no two areas overlap and each account lies in its rep's
 * area), from every rep's account points, each place once. On success *out holds
 * rep->n territories (with no cell when there is no point). */
static saha_status team_areas(saha_ctx *ctx, const saha_team_report *rep, saha_geo *geo,
                              saha_territory__area *out)
{
    apt *a = NULL;
    saha_latlon *ll = NULL;
    saha_xy *xy = NULL;
    uint32_t *assign = NULL;
    saha_geo_local *loc = NULL;
    size_t n = 0, m = 0;
    saha_status rc = SAHA_OK;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < rep->n; i++)
        n += rep->rows[i].naccs;
    a = saha__alloc_array(ctx, n ? n : 1, sizeof *a);
    ll = saha__alloc_array(ctx, n ? n : 1, sizeof *ll);
    xy = saha__alloc_array(ctx, n ? n : 1, sizeof *xy);
    assign = saha__alloc_array(ctx, n ? n : 1, sizeof *assign);
    if (!a || !ll || !xy || !assign) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t i = 0, k = 0; i < rep->n; i++)
        for (size_t j = 0; j < rep->rows[i].naccs; j++, k++) {
            a[k].p = rep->rows[i].accs[j];
            a[k].rep = (uint32_t)i;
        }
    if (n)
        qsort(a, n, sizeof *a, apt_cmp);
    for (size_t i = 0; i < n; i++) {
        if (m && !apt_cmp(&a[i], &a[m - 1]))
            continue;
        a[m] = a[i];
        ll[m] = a[i].p;
        assign[m++] = a[i].rep;
    }
    if (m) {
        SAHA_EXPORT__TRY(saha_geo_local_create(&loc, geo, ll, m));
        SAHA_EXPORT__TRY(saha_geo_local_forward(loc, ll, xy, m));
    }
    rc = saha_territory__areas(ctx, loc, xy, assign, m, rep->n, out);
done:
    saha_geo_local_free(loc);
    saha__free(ctx, assign);
    saha__free(ctx, xy);
    saha__free(ctx, ll);
    saha__free(ctx, a);
    return rc;
}

static const char *rep_id(const void *payload, size_t i)
{
    return ((const saha_team_report *)payload)->rows[i].row.id;
}

static saha_status build_map(saha__buf *b, saha_ctx *ctx, const saha_team_report *rep,
                             saha_geo *geo, const saha_basemap *basemap,
                             const saha_territory__area *ar)
{
    saha_svgmap *m = NULL;
    saha_status rc;
    SAHA_EXPORT__TRY(saha_svgmap_create(&m, ctx, geo));
    saha_svgmap_basemap(m, basemap);
    /* the areas and their boundaries, cut to land, drawn as on the territory map */
    {
        static const saha_territory__area_style as = {"territory", 0.2, 1.4, 0, "rep"};
        SAHA_EXPORT__TRY(saha_territory__svg_areas(m, ar, rep->n, &as, rep_id, rep));
    }
    for (size_t i = 0; i < rep->n; i++) {
        const rrow *r = &rep->rows[i];
        saha_svgmap_style st = SAHA_SVGMAP_STYLE_INIT;
        st.cls = "rep-route";
        st.data_name = "rep";
        st.data_value = r->row.id;
        st.title = r->row.name;
        SAHA_EXPORT__TRY(saha_svgmap_group_begin(m, &st));
        st.color = saha_svgmap_color(i);
        st.cls = "route";
        st.fill_opacity = 0;
        st.width_px = 2;
        for (size_t k = 0; k < r->nlines; k++) {
            size_t a = r->lines[k], e = r->lines[k + 1];
            if (e - a >= 2)
                SAHA_EXPORT__TRY(saha_svgmap_polyline(m, r->pts + a, e - a, &st));
        }
        if (r->has_home) {
            st.cls = "rep-home";
            SAHA_EXPORT__TRY(saha_svgmap_home(m, r->home, &st));
        }
        SAHA_EXPORT__TRY(saha_svgmap_group_end(m));
    }
    /* each rep's id inside its area, over everything */
    for (size_t i = 0; i < rep->n; i++) {
        saha_svgmap_style st = SAHA_SVGMAP_STYLE_INIT;
        if (!isfinite(ar->label[i].lat_deg))
            continue;
        st.color = "#222222";
        st.cls = "territory-label";
        st.label = rep->rows[i].row.id;
        st.data_name = "rep";
        st.data_value = rep->rows[i].row.id;
        SAHA_EXPORT__TRY(saha_svgmap_label(m, ar->label[i], &st));
    }
    SAHA_EXPORT__TRY(saha_svgmap_render(m, b, "Team routes and territories"));
done:
    saha_svgmap_free(m);
    return rc;
}

saha_status saha_team_html_options_init(saha_team_html_options *o, unsigned version)
{
    if (!o || version != SAHA_TEAM_HTML_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(o, 0, sizeof *o);
    o->version = version;
    return SAHA_OK;
}

/* The box around the points the map data has written so far. */
typedef struct llbox {
    double s, w, n, e;
} llbox;

/* [lat,lon] of p, widening box to it. */
static saha_status put_ll(saha__buf *b, llbox *box, saha_latlon p)
{
    box->s = fmin(box->s, p.lat_deg);
    box->n = fmax(box->n, p.lat_deg);
    box->w = fmin(box->w, p.lon_deg);
    box->e = fmax(box->e, p.lon_deg);
    return saha__buf_printf(b, "[%.5f,%.5f]", p.lat_deg, p.lon_deg);
}

/* OPEN, then pts[a..z) as put_ll points separated by commas, then "]". */
static saha_status put_ll_run(saha__buf *b, llbox *box, const char *open,
                              const saha_latlon *pts, size_t a, size_t z)
{
    saha_status rc;
    SAHA_EXPORT__TRY(saha__buf_puts(b, open));
    for (size_t j = a; j < z; j++) {
        if (j > a)
            SAHA_EXPORT__TRY(saha__buf_putc(b, ','));
        SAHA_EXPORT__TRY(put_ll(b, box, pts[j]));
    }
    SAHA_EXPORT__TRY(saha__buf_putc(b, ']'));
done:
    return rc;
}

/* The interactive map's data: per rep its colour, area (cells, boundary segments and
 * label point), routes and home. */
static saha_status put_map_data(saha__buf *b, const saha_team_report *rep,
                                const saha_team_html_options *o,
                                const saha_territory__area *ar)
{
    llbox box = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    saha_status rc = SAHA_OK;
    SAHA_EXPORT__TRY(saha__buf_puts(
        b, "<script type=\"application/json\" id=\"saha-team-map-data\">{\"reps\":["));
    for (size_t i = 0; i < rep->n; i++) {
        const rrow *r = &rep->rows[i];
        SAHA_EXPORT__TRY(saha__buf_puts(b, i ? ",\n{\"id\":" : "\n{\"id\":"));
        SAHA_EXPORT__TRY(saha_export__js_str(b, r->row.id));
        SAHA_EXPORT__TRY(saha__buf_puts(b, ",\"name\":"));
        SAHA_EXPORT__TRY(saha_export__js_str(b, r->row.name));
        SAHA_EXPORT__TRY(
            saha__buf_printf(b, ",\"color\":\"%s\",\"cells\":[", saha_svgmap_color(i)));
        for (size_t c = ar->cell_start[i]; c < ar->cell_start[i + 1]; c++)
            SAHA_EXPORT__TRY(put_ll_run(b, &box, c > ar->cell_start[i] ? ",[" : "[",
                                        ar->ring, ar->ring_start[c],
                                        ar->ring_start[c + 1]));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "],\"bnd\":["));
        for (size_t g = ar->bnd_start[i]; g < ar->bnd_start[i + 1]; g++) {
            SAHA_EXPORT__TRY(saha__buf_printf(
                b, "%s[[%.5f,%.5f],[%.5f,%.5f]]", g > ar->bnd_start[i] ? "," : "",
                ar->bnd[2 * g].lat_deg, ar->bnd[2 * g].lon_deg,
                ar->bnd[2 * g + 1].lat_deg, ar->bnd[2 * g + 1].lon_deg));
        }
        SAHA_EXPORT__TRY(saha__buf_puts(b, "],\"label\":"));
        if (isfinite(ar->label[i].lat_deg))
            SAHA_EXPORT__TRY(saha__buf_printf(b, "[%.5f,%.5f]", ar->label[i].lat_deg,
                                              ar->label[i].lon_deg));
        else
            SAHA_EXPORT__TRY(saha__buf_puts(b, "null"));
        SAHA_EXPORT__TRY(saha__buf_puts(b, ",\"lines\":["));
        for (size_t k = 0; k < r->nlines; k++)
            SAHA_EXPORT__TRY(put_ll_run(b, &box, k ? ",[" : "[", r->pts, r->lines[k],
                                        r->lines[k + 1]));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "],\"home\":"));
        if (r->has_home)
            SAHA_EXPORT__TRY(put_ll(b, &box, r->home));
        else
            SAHA_EXPORT__TRY(saha__buf_puts(b, "null"));
        SAHA_EXPORT__TRY(saha__buf_putc(b, '}'));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "],\n"));
    SAHA_EXPORT__TRY(saha_territory__map_data_end(
        b, o->tiles_url, o->tiles_attribution, o->basemap, box.s, box.w, box.n, box.e));
done:
    return rc;
}

/* Builds the interactive map from saha-team-map-data (runs after Leaflet and
 * sahaBasemap); a legend checkbox per rep shows or hides its layer. */
static const char MAP_JS[] =
    "(function(){'use strict';\n"
    "var el=document.getElementById('lmap'),src=document.getElementById("
    "'saha-team-map-data');if(!window.L||!el||!src)return;\n"
    "var D=JSON.parse(src.textContent);document.documentElement.classList.add('lmap');\n"
    "var map=L.map(el,{zoomSnap:0.25});map.attributionControl.setPrefix(false);\n"
    "sahaBasemap(map,D.basemap);\n"
    "if(D.tiles)L.tileLayer(D.tiles.url,{attribution:D.tiles.attr,maxZoom:19}).addTo(map)"
    ";\n"
    "var b=[],layers={};D.reps.forEach(function(r){\n"
    " if(r.cells.length)L.polygon(r.cells,{stroke:false,fillColor:r.color,fillOpacity:"
    "0.2,interactive:false,className:'lf-territory'}).addTo(map);\n"
    " if(r.bnd.length)L.polyline(r.bnd,{color:r.color,weight:1.5,interactive:false,"
    "className:'lf-boundary'}).addTo(map);});\n"
    "if(D.basemap&&D.basemap.box){var x=D.basemap.box,sea=[[[x[0],x[1]],[x[0],x[3]],"
    "[x[2],x[3]],[x[2],x[1]]]];\n"
    " D.basemap.parts.forEach(function(p){if(p.k<2)sea.push(p.p);});\n"
    " L.polygon(sea,{color:'#b9c3cc',weight:0.8,fillColor:'#cfe2f0',fillOpacity:1,"
    "fillRule:'evenodd',interactive:false,className:'lf-sea'}).addTo(map);}\n"
    "D.reps.forEach(function(r){var g=L.layerGroup();\n"
    " r.lines.forEach(function(l){if(l.length<2)return;L.polyline(l,{color:r.color,"
    "weight:3,opacity:0.85,className:'lf-route'}).bindPopup(function(){var d=document."
    "createElement('div');d.textContent=r.id+' / '+r.name;return d;}).addTo(g);"
    "l.forEach(function(p){b.push(p);});});\n"
    " if(r.home){L.marker(r.home,{title:r.name,icon:L.divIcon({className:'lf-home',"
    "iconSize:[20,20],html:'<span>H</span>'})}).addTo(g);b.push(r.home);}\n"
    " g.addTo(map);layers[r.id]=g;});\n"
    "D.reps.forEach(function(r){if(!r.label)return;var d=document.createElement('div');"
    "d.textContent=r.id;L.marker(r.label,{interactive:false,keyboard:false,icon:"
    "L.divIcon({className:'lf-label',html:d.innerHTML,iconSize:[0,0]})}).addTo(map);});\n"
    "if(b.length)map.fitBounds(b,{padding:[16,16]});else map.setView([0,0],2);\n"
    "L.control.scale({imperial:false}).addTo(map);\n"
    "Array.prototype.forEach.call(document.querySelectorAll('#lmap-legend input'),"
    "function(cb){cb.addEventListener('change',function(){var g=layers[cb.dataset.rep];"
    "if(!g)return;if(cb.checked)g.addTo(map);else g.remove();});});\n"
    "window.sahaMap=map;})();\n";

static saha_status put_lmap(saha__buf *b, const saha_team_report *rep,
                            const saha_team_html_options *o,
                            const saha_territory__area *ar)
{
    saha_status rc = SAHA_OK;
    SAHA_EXPORT__TRY(saha__buf_puts(b, "<div id=\"lmap\" role=\"region\" aria-label=\""
                                       "Team map\"></div>\n<div class=\"legend\" "
                                       "id=\"lmap-legend\">"));
    for (size_t i = 0; i < rep->n; i++) {
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<label><input type=\"checkbox\" checked "
                                           "data-rep=\""));
        SAHA_EXPORT__TRY(saha_export__xml(b, rep->rows[i].row.id));
        SAHA_EXPORT__TRY(
            saha__buf_printf(b, "\"><span class=\"sw\" style=\"background:%s\"></span>",
                             saha_svgmap_color(i)));
        SAHA_EXPORT__TRY(saha_export__xml(b, rep->rows[i].row.id));
        SAHA_EXPORT__TRY(saha__buf_puts(b, " "));
        SAHA_EXPORT__TRY(saha_export__xml(b, rep->rows[i].row.name));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</label>"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</div>\n"));
    SAHA_EXPORT__TRY(put_map_data(b, rep, o, ar));
done:
    return rc;
}

static saha_status put_lmap_script(saha__buf *b, const saha_team_html_options *o)
{
    saha_status rc = SAHA_OK;
    SAHA_EXPORT__TRY(
        saha__buf_puts(b, "<script>/* Leaflet (BSD-2-Clause), inlined */\n"));
    SAHA_EXPORT__TRY(saha_export__html_raw(b, o->leaflet_js, "script"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "\n</script>\n<script>"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, saha_export__basemap_js));
    SAHA_EXPORT__TRY(saha__buf_puts(b, MAP_JS));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</script>\n"));
done:
    return rc;
}

saha_status saha_team_report_write_html(FILE *f, saha_ctx *ctx,
                                        const saha_team_report *rep, saha_geo *geo,
                                        const char *title)
{
    saha_team_html_options o;
    (void)saha_team_html_options_init(&o, SAHA_TEAM_HTML_OPTIONS_VERSION);
    o.title = title;
    return saha_team_report_write_html_map(f, ctx, rep, geo, &o);
}

saha_status saha_team_report_write_html_map(FILE *f, saha_ctx *ctx,
                                            const saha_team_report *rep, saha_geo *geo,
                                            const saha_team_html_options *o)
{
    saha__buf b;
    saha_status rc;
    saha_team_row t;
    const char *title;
    int leaflet;
    saha_territory__area ar;
    memset(&ar, 0, sizeof ar);
    SAHA__CHECK_ARG(ctx, f && rep && geo && o);
    saha__error_clear(ctx);
    if (o->version != SAHA_TEAM_HTML_OPTIONS_VERSION)
        return saha__error_set(ctx, SAHA_EINVAL, NULL, 0, 0,
                               "team HTML options: version %u, expected %u", o->version,
                               SAHA_TEAM_HTML_OPTIONS_VERSION);
    leaflet = o->leaflet_js && o->leaflet_js[0] && o->leaflet_css && o->leaflet_css[0];
    title = o->title ? o->title : "Team week";
    saha__buf_init(&b, ctx, SAHA_EXPORT__MAX_BYTES);
    SAHA_EXPORT__TRY(team_areas(ctx, rep, geo, &ar));
    SAHA_EXPORT__TRY(put_head(&b, title, leaflet ? o->leaflet_css : NULL));
    SAHA_EXPORT__TRY(put_totals(&b, rep));
    if (leaflet)
        SAHA_EXPORT__TRY(put_lmap(&b, rep, o, &ar));
    SAHA_EXPORT__TRY(saha__buf_puts(&b, "<figure class=\"svgmap\">\n"));
    SAHA_EXPORT__TRY(build_map(&b, ctx, rep, geo, o->basemap, &ar));
    SAHA_EXPORT__TRY(saha__buf_puts(
        &b, "</figure>\n<h2>Reps</h2>\n<div class=\"tw\"><table class=\"reps\">\n<tr>"
            "<th>rep</th><th>name</th><th class=\"n\">accounts</th><th class=\"n\">visits"
            "</th><th class=\"n\">km</th><th class=\"n\">driving h</th><th class=\"n\">"
            "working h</th><th class=\"n\">value won</th><th class=\"n\">value left</th>"
            "<th class=\"n\">travel cost</th><th class=\"n\">must-visits missed</th>"
            "<th>status</th></tr>\n"));
    for (size_t i = 0; i <= rep->n; i++) {
        const saha_team_row *r = i < rep->n ? &rep->rows[i].row : NULL;
        if (!r) {
            t = saha_team_report_total(rep);
            r = &t;
            SAHA_EXPORT__TRY(saha__buf_puts(&b, "<tr class=\"total\"><td colspan=\"2\">"
                                                "Team</td>"));
        } else {
            SAHA_EXPORT__TRY(
                saha__buf_printf(&b, "<tr class=\"rep-row\" data-rep=\"%s", ""));
            SAHA_EXPORT__TRY(saha_export__xml(&b, r->id));
            SAHA_EXPORT__TRY(saha__buf_printf(&b,
                                              "\"><td><span class=\"sw\" "
                                              "style=\"background:%s\"></span>",
                                              saha_svgmap_color(i)));
            if (!strcmp(r->status, "ok")) {
                SAHA_EXPORT__TRY(saha__buf_puts(&b, "<a href=\""));
                SAHA_EXPORT__TRY(saha_export__xml(&b, r->id));
                SAHA_EXPORT__TRY(saha__buf_puts(&b, "/week.html\">"));
                SAHA_EXPORT__TRY(saha_export__xml(&b, r->id));
                SAHA_EXPORT__TRY(saha__buf_puts(&b, "</a>"));
            } else {
                SAHA_EXPORT__TRY(saha_export__xml(&b, r->id));
            }
            SAHA_EXPORT__TRY(saha__buf_puts(&b, "</td><td>"));
            SAHA_EXPORT__TRY(saha_export__xml(&b, r->name));
            SAHA_EXPORT__TRY(saha__buf_puts(&b, "</td>"));
        }
        SAHA_EXPORT__TRY(saha__buf_printf(&b,
                                          "<td class=\"n\">%zu</td><td class=\"n\">%zu"
                                          "</td><td class=\"n\">",
                                          r->accounts, r->visits));
        SAHA_EXPORT__TRY(saha_export__num(&b, r->km, 1, "0"));
        SAHA_EXPORT__TRY(saha__buf_puts(&b, "</td><td class=\"n\">"));
        SAHA_EXPORT__TRY(saha_export__num(&b, r->drive_h, 1, "0"));
        SAHA_EXPORT__TRY(saha__buf_puts(&b, "</td><td class=\"n\">"));
        SAHA_EXPORT__TRY(saha_export__num(&b, r->work_h, 1, "0"));
        SAHA_EXPORT__TRY(saha__buf_puts(&b, "</td><td class=\"n\">"));
        SAHA_EXPORT__TRY(put_money(&b, r->value_won));
        SAHA_EXPORT__TRY(saha__buf_puts(&b, "</td><td class=\"n\">"));
        SAHA_EXPORT__TRY(put_money(&b, r->value_left));
        SAHA_EXPORT__TRY(saha__buf_puts(&b, "</td><td class=\"n\">"));
        SAHA_EXPORT__TRY(put_money(&b, r->travel_cost));
        SAHA_EXPORT__TRY(saha__buf_printf(
            &b, " %s</td><td class=\"n%s\">%zu</td><td%s>", "",
            r->must_missed ? " bad" : "", r->must_missed,
            strcmp(r->status, "ok") && r->status[0] ? " class=\"bad\"" : ""));
        SAHA_EXPORT__TRY(saha_export__xml(&b, r->status));
        SAHA_EXPORT__TRY(saha__buf_puts(&b, "</td></tr>\n"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(&b, "</table></div>\n<footer>saha team</footer>\n"));
    if (leaflet)
        SAHA_EXPORT__TRY(put_lmap_script(&b, o));
    SAHA_EXPORT__TRY(saha__buf_puts(&b, "</body>\n</html>\n"));
    rc = saha_export__write(ctx, f, &b);
done:
    saha__buf_free(&b);
    saha_territory__area_free(ctx, &ar);
    return rc;
}

/* ---- what-if ------------------------------------------------------------------------
 */

/* The ids of a and b, merged in id order, each once: calls fn for each. */
/* out: the saha__buf (HTML) or saha__csvw (CSV) the rows go to */
typedef saha_status (*pair_fn)(void *out, const char *id, const char *name,
                               const saha_team_row *ra, const saha_team_row *rb);

static saha_status each_pair(void *out, const saha_team_report *a,
                             const saha_team_report *c, pair_fn fn)
{
    size_t i = 0, j = 0;
    saha_status rc = SAHA_OK;
    while (i < a->n || j < c->n) {
        const saha_team_row *ra = i < a->n ? &a->rows[i].row : NULL;
        const saha_team_row *rb = j < c->n ? &c->rows[j].row : NULL;
        int cmp = !ra ? 1 : !rb ? -1 : strcmp(ra->id, rb->id);
        if (cmp < 0) {
            rb = NULL;
            i++;
        } else if (cmp > 0) {
            ra = NULL;
            j++;
        } else {
            i++;
            j++;
        }
        SAHA_EXPORT__TRY(fn(out, ra ? ra->id : rb->id, ra ? ra->name : rb->name, ra, rb));
    }
done:
    return rc;
}

static double profit_of(const saha_team_row *r)
{
    return r ? r2(r->value_won - r->travel_cost) : 0;
}

/* A rep missing on one side of the comparison counts as a row of zeros. */
static const saha_team_row *row_or_zero(const saha_team_row *r)
{
    static const saha_team_row z = {"", "", "", "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    return r ? r : &z;
}

static saha_status csv_pair(void *out, const char *id, const char *name,
                            const saha_team_row *ra, const saha_team_row *rb)
{
    saha__csvw *w = out;
    saha_status rc;
    const saha_team_row *x = row_or_zero(ra), *y = row_or_zero(rb);
    const double v[] = {x->km,
                        y->km,
                        x->work_h,
                        y->work_h,
                        x->value_won,
                        y->value_won,
                        x->travel_cost,
                        y->travel_cost,
                        profit_of(ra),
                        profit_of(rb),
                        r2(profit_of(rb) - profit_of(ra))};
    static const int dec[] = {1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2};
    SAHA_EXPORT__TRY(put_text_csv(w, id));
    SAHA_EXPORT__TRY(saha__csvw_sep(w));
    SAHA_EXPORT__TRY(put_text_csv(w, name));
    SAHA_EXPORT__TRY(put_sizes_csv(w, x->visits, y->visits));
    SAHA_EXPORT__TRY(put_nums_csv(w, v, dec, sizeof v / sizeof v[0]));
    SAHA_EXPORT__TRY(saha__csvw_eol(w));
done:
    return rc;
}

saha_status saha_team_compare_write_csv(FILE *f, saha_ctx *ctx, const saha_team_report *a,
                                        const saha_team_report *b)
{
    return saha_team_compare_write_csv_dialect(f, ctx, a, b, NULL);
}

saha_status saha_team_compare_write_csv_dialect(FILE *f, saha_ctx *ctx,
                                                const saha_team_report *a,
                                                const saha_team_report *b,
                                                const saha_csv_dialect *dialect)
{
    saha__buf buf;
    saha__csvw w;
    saha_status rc;
    saha_team_row ta, tb;
    SAHA__CHECK_ARG(ctx, f && a && b);
    saha__error_clear(ctx);
    saha__buf_init(&buf, ctx, SAHA_EXPORT__MAX_BYTES);
    csvw_make(&w, &buf, dialect);
    SAHA_EXPORT__TRY(saha__csvw_header(&w,
                                       "id,name,visits_a,visits_b,km_a,km_b,work_h_a,"
                                       "work_h_b,value_won_a,value_won_b,"
                                       "travel_cost_a,travel_cost_b,profit_a,profit_b,"
                                       "profit_delta",
                                       dialect && dialect->bom));
    SAHA_EXPORT__TRY(each_pair(&w, a, b, csv_pair));
    ta = saha_team_report_total(a);
    tb = saha_team_report_total(b);
    SAHA_EXPORT__TRY(csv_pair(&w, "TOTAL", "", &ta, &tb));
    rc = saha_export__write(ctx, f, &buf);
done:
    saha__buf_free(&buf);
    return rc;
}

static saha_status html_pair(void *out, const char *id, const char *name,
                             const saha_team_row *ra, const saha_team_row *rb)
{
    saha__buf *b = out;
    saha_status rc;
    const saha_team_row *x = row_or_zero(ra), *y = row_or_zero(rb);
    double d = r2(profit_of(rb) - profit_of(ra));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "<tr class=\"cmp-row\" data-rep=\""));
    SAHA_EXPORT__TRY(saha_export__xml(b, id));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "\"><td>"));
    SAHA_EXPORT__TRY(saha_export__xml(b, id));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</td><td>"));
    SAHA_EXPORT__TRY(saha_export__xml(b, name));
    SAHA_EXPORT__TRY(saha__buf_printf(b,
                                      "</td><td class=\"n\">%zu</td><td class=\"n\">%zu"
                                      "</td><td class=\"n\">",
                                      x->visits, y->visits));
    SAHA_EXPORT__TRY(saha_export__num(b, x->km, 1, "0"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</td><td class=\"n\">"));
    SAHA_EXPORT__TRY(saha_export__num(b, y->km, 1, "0"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</td><td class=\"n\">"));
    SAHA_EXPORT__TRY(put_money(b, x->value_won));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</td><td class=\"n\">"));
    SAHA_EXPORT__TRY(put_money(b, y->value_won));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</td><td class=\"n\">"));
    SAHA_EXPORT__TRY(put_money(b, profit_of(ra)));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</td><td class=\"n\">"));
    SAHA_EXPORT__TRY(put_money(b, profit_of(rb)));
    SAHA_EXPORT__TRY(saha__buf_printf(b, "</td><td class=\"n %s\">%s",
                                      d > 0   ? "better"
                                      : d < 0 ? "worse"
                                              : "",
                                      d > 0 ? "+" : ""));
    SAHA_EXPORT__TRY(put_money(b, d));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</td></tr>\n"));
done:
    return rc;
}

saha_status saha_team_compare_write_html(FILE *f, saha_ctx *ctx,
                                         const saha_team_report *a,
                                         const saha_team_report *b, const char *label_a,
                                         const char *label_b)
{
    saha__buf buf;
    saha_status rc;
    saha_team_row ta, tb;
    SAHA__CHECK_ARG(ctx, f && a && b);
    saha__error_clear(ctx);
    saha__buf_init(&buf, ctx, SAHA_EXPORT__MAX_BYTES);
    if (!label_a)
        label_a = "A";
    if (!label_b)
        label_b = "B";
    SAHA_EXPORT__TRY(put_head(&buf, "Team week: what-if", NULL));
    SAHA_EXPORT__TRY(saha__buf_puts(&buf, "<p>A = "));
    SAHA_EXPORT__TRY(saha_export__xml(&buf, label_a));
    SAHA_EXPORT__TRY(saha__buf_puts(&buf, ", B = "));
    SAHA_EXPORT__TRY(saha_export__xml(&buf, label_b));
    SAHA_EXPORT__TRY(saha__buf_puts(
        &buf,
        "; profit = value won &#8722; travel cost.</p>\n<div class=\"tw\"><table "
        "class=\"compare\">\n<tr><th>rep</th><th>name</th><th class=\"n\">visits A"
        "</th><th class=\"n\">visits B</th><th class=\"n\">km A</th><th class=\"n\">"
        "km B</th><th class=\"n\">value won A</th><th class=\"n\">value won B</th>"
        "<th class=\"n\">profit A</th><th class=\"n\">profit B</th><th class=\"n\">"
        "B &#8722; A</th></tr>\n"));
    ta = saha_team_report_total(a);
    tb = saha_team_report_total(b);
    SAHA_EXPORT__TRY(html_pair(&buf, "TOTAL", "Team", &ta, &tb));
    SAHA_EXPORT__TRY(each_pair(&buf, a, b, html_pair));
    SAHA_EXPORT__TRY(saha__buf_puts(&buf, "</table></div>\n</body>\n</html>\n"));
    rc = saha_export__write(ctx, f, &buf);
done:
    saha__buf_free(&buf);
    return rc;
}
