/* team: the roster of `saha team` (the reps file of saha territory plus rep-file
 * columns) and the lookup of an account's rep.
 *
 * Method: saha_territory_reps_load() reads the file (one CSV reader for both commands);
 * each row then becomes a saha_rep: defaults, then the JSON named by a rep_file column
 * (saha_rep_load, relative to the reps file's folder), then every non-empty rep-field
 * column, then the row's lat/lon and name. Cost O(reps x columns).
 * Caller: the CLI (saha team) and team_plan.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/core.h"
#include "internal/team.h"
#include "saha/territory.h"

saha_status saha_team_options_init(saha_team_options *opts, unsigned version)
{
    if (!opts || version != SAHA_TEAM_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    if (saha_plan_options_init(&opts->plan, SAHA_PLAN_OPTIONS_VERSION) != SAHA_OK)
        return SAHA_EINVAL;
    opts->nshards = 1;
    opts->unassigned = SAHA_TEAM_UNASSIGNED_SKIP;
    opts->near_reps = 3;
    return SAHA_OK;
}

void saha_team_free(saha_team *team)
{
    if (!team)
        return;
    saha_territory_reps_free(team->reps);
    saha__free(team->ctx, team->member);
    saha__free(team->ctx, team);
}

size_t saha_team_count(const saha_team *team)
{
    return team ? team->n : 0;
}

const saha_team_member *saha_team_at(const saha_team *team, size_t i)
{
    return team && i < team->n ? &team->member[i] : NULL;
}

size_t saha_team_find(const saha_team *team, const char *text)
{
    char key[128], other[128];
    size_t hit = SIZE_MAX;
    if (!team || !text || !text[0])
        return SIZE_MAX;
    for (size_t i = 0; i < team->n; i++)
        if (!strcmp(team->member[i].id, text))
            return i;
    saha__fold_key(text, strlen(text), key, sizeof key);
    if (!key[0])
        return SIZE_MAX;
    for (size_t i = 0; i < team->n; i++) {
        const char *id = team->member[i].id;
        saha__fold_key(id, strlen(id), other, sizeof other);
        if (!strcmp(other, key))
            return i;
    }
    for (size_t i = 0; i < team->n; i++) {
        const char *nm = team->member[i].name;
        saha__fold_key(nm, strlen(nm), other, sizeof other);
        if (nm[0] && !strcmp(other, key)) {
            if (hit != SIZE_MAX)
                return SIZE_MAX; /* two reps with that name */
            hit = i;
        }
    }
    return hit;
}

/* ---- rep-field columns ------------------------------------------------------------ */

typedef struct col_ctx {
    saha_ctx *ctx;
    const char *source;
    size_t line;
} col_ctx;

static saha_status bad(const col_ctx *c, const char *col, const char *want, const char *v)
{
    return saha__error_set(c->ctx, SAHA_EPARSE, c->source, c->line, 0,
                           "%s: expected %s, got '%.60s'", col, want, v);
}

static int blank(const char *s)
{
    if (!s)
        return 1;
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '\0';
}

static saha_status col_number(const col_ctx *c, const char *col, const char *v, double lo,
                              double hi, double *out)
{
    double d;
    if (saha__parse_double(v, strlen(v), 0, &d) < 0 || !isfinite(d) || d < lo || d > hi) {
        char want[64];
        snprintf(want, sizeof want, "a number in [%g, %g]", lo, hi);
        return bad(c, col, want, v);
    }
    *out = d;
    return SAHA_OK;
}

static saha_status col_int(const col_ctx *c, const char *col, const char *v, long lo,
                           long hi, int *out)
{
    long n;
    if (saha__parse_long(v, strlen(v), &n) < 0 || n < lo || n > hi) {
        char want[64];
        snprintf(want, sizeof want, "a whole number in [%ld, %ld]", lo, hi);
        return bad(c, col, want, v);
    }
    *out = (int)n;
    return SAHA_OK;
}

static saha_status col_hhmm(const col_ctx *c, const char *col, const char *v, int *out)
{
    char t[16];
    size_t n = 0;
    while (*v == ' ')
        v++;
    while (v[n] && v[n] != ' ' && n < sizeof t - 1) {
        t[n] = v[n];
        n++;
    }
    t[n] = '\0';
    if (saha__parse_hhmm(t, n, out) < 0)
        return bad(c, col, "HH:MM", v);
    return SAHA_OK;
}

static saha_status col_bool(const col_ctx *c, const char *col, const char *v, int *out)
{
    char k[16];
    saha__fold_key(v, strlen(v), k, sizeof k);
    if (!strcmp(k, "true") || !strcmp(k, "yes") || !strcmp(k, "1") || !strcmp(k, "evet"))
        *out = 1;
    else if (!strcmp(k, "false") || !strcmp(k, "no") || !strcmp(k, "0") ||
             !strcmp(k, "hayir"))
        *out = 0;
    else
        return bad(c, col, "true or false", v);
    return SAHA_OK;
}

static saha_status col_text(const col_ctx *c, const char *col, const char *v, char *dst,
                            size_t cap)
{
    size_t n = strlen(v);
    if (n >= cap) {
        char want[48];
        snprintf(want, sizeof want, "at most %zu bytes", cap - 1);
        return bad(c, col, want, v);
    }
    memcpy(dst, v, n + 1);
    return SAHA_OK;
}

static int day_index(const char *s)
{
    static const char *const names[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
    for (int d = 0; d < 7; d++)
        if ((s[0] == names[d][0] || s[0] == names[d][0] + 32) &&
            (s[1] == names[d][1] || s[1] == names[d][1] - 32))
            return d;
    return -1;
}

/* "Mo-Fr", "Mo,We,Fr", "Mo-We,Fr", also with ';' or spaces between items. */
static saha_status col_days(const col_ctx *c, const char *col, const char *v,
                            uint8_t *out)
{
    uint8_t mask = 0;
    const char *s = v;
    while (*s) {
        int a, b;
        if (*s == ' ' || *s == ',' || *s == ';') {
            s++;
            continue;
        }
        if (strlen(s) < 2 || (a = day_index(s)) < 0)
            return bad(c, col, "days like Mo-Fr or Mo,We,Fr", v);
        s += 2;
        b = a;
        if (*s == '-') {
            if (strlen(s) < 3 || (b = day_index(s + 1)) < 0)
                return bad(c, col, "days like Mo-Fr or Mo,We,Fr", v);
            s += 3;
        }
        for (int d = a;; d = (d + 1) % 7) {
            mask |= (uint8_t)(1u << d);
            if (d == b)
                break;
        }
    }
    if (!mask)
        return bad(c, col, "at least one working day", v);
    *out = mask;
    return SAHA_OK;
}

/* The rep-field columns of row i onto rep. */
static saha_status apply_columns(const saha_territory_reps *reps, size_t i,
                                 const col_ctx *c, saha_rep *rep)
{
    const char *v;
    saha_status rc = SAHA_OK;
    double d;
#define COL(name) (v = saha_territory_reps_column(reps, i, name), !blank(v))
    if (COL("timezone"))
        rc = col_text(c, "timezone", v, rep->timezone, sizeof rep->timezone);
    if (rc == SAHA_OK && COL("days"))
        rc = col_days(c, "days", v, &rep->days_mask);
    if (rc == SAHA_OK && COL("day_start"))
        rc = col_hhmm(c, "day_start", v, &rep->day_start_min);
    if (rc == SAHA_OK && COL("day_end"))
        rc = col_hhmm(c, "day_end", v, &rep->day_end_min);
    if (rc == SAHA_OK && COL("lunch_minutes"))
        rc = col_int(c, "lunch_minutes", v, 0, 600, &rep->lunch_min);
    if (rc == SAHA_OK && COL("lunch_earliest"))
        rc = col_hhmm(c, "lunch_earliest", v, &rep->lunch_earliest_min);
    if (rc == SAHA_OK && COL("lunch_latest"))
        rc = col_hhmm(c, "lunch_latest", v, &rep->lunch_latest_min);
    if (rc == SAHA_OK && COL("max_drive_minutes_per_day"))
        rc = col_int(c, "max_drive_minutes_per_day", v, 0, 1440, &rep->max_drive_min);
    if (rc == SAHA_OK && COL("max_km_per_day"))
        rc = col_number(c, "max_km_per_day", v, 0, 1e5, &rep->max_km);
    if (rc == SAHA_OK && COL("max_visits_per_day"))
        rc = col_int(c, "max_visits_per_day", v, 0, 1000, &rep->max_visits);
    if (rc == SAHA_OK && COL("circuity"))
        rc = col_number(c, "circuity", v, 1.0, 5.0, &rep->travel.circuity);
    if (rc == SAHA_OK && COL("speed_kmh")) {
        rc = col_number(c, "speed_kmh", v, 1, 300, &d);
        if (rc == SAHA_OK) {
            rep->travel.nbands = 1;
            rep->travel.upto_km[0] = 1e9;
            rep->travel.speed_kmh[0] = d;
        }
    }
    if (rc == SAHA_OK && COL("cost_per_km"))
        rc = col_number(c, "cost_per_km", v, 0, 1e6, &rep->cost_per_km);
    if (rc == SAHA_OK && COL("cost_per_hour"))
        rc = col_number(c, "cost_per_hour", v, 0, 1e7, &rep->cost_per_hour);
    if (rc == SAHA_OK && COL("currency"))
        rc = col_text(c, "currency", v, rep->currency, sizeof rep->currency);
    if (rc == SAHA_OK && COL("overnight"))
        rc = col_bool(c, "overnight", v, &rep->overnight_allowed);
    if (rc == SAHA_OK && COL("hotel_cost"))
        rc = col_number(c, "hotel_cost", v, 0, 1e7, &rep->hotel_cost);
#undef COL
    if (rc < 0)
        return rc;
    if (rep->day_end_min <= rep->day_start_min)
        return saha__error_set(c->ctx, SAHA_EPARSE, c->source, c->line, 0,
                               "day_end: %02d:%02d is not after day_start %02d:%02d",
                               rep->day_end_min / 60, rep->day_end_min % 60,
                               rep->day_start_min / 60, rep->day_start_min % 60);
    if (rep->lunch_latest_min < rep->lunch_earliest_min)
        return saha__error_set(c->ctx, SAHA_EPARSE, c->source, c->line, 0,
                               "lunch_latest: is before lunch_earliest");
    if (rep->lunch_min > 0 &&
        (rep->lunch_earliest_min + rep->lunch_min > rep->day_end_min ||
         rep->lunch_latest_min < rep->day_start_min))
        return saha__error_set(c->ctx, SAHA_EPARSE, c->source, c->line, 0,
                               "lunch: the lunch window does not fit in the working day");
    return SAHA_OK;
}

/* dir of path + "/" + rel (rel absolute: as is) into dst. */
static int join_path(char *dst, size_t cap, const char *path, const char *rel)
{
    const char *slash = strrchr(path, '/');
    int n;
    if (rel[0] == '/' || !slash)
        n = snprintf(dst, cap, "%s", rel);
    else
        n = snprintf(dst, cap, "%.*s/%s", (int)(slash - path), path, rel);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

saha_status saha_team_load(saha_team **out, saha_ctx *ctx, const char *path)
{
    saha_team *team = NULL;
    saha_status rc;
    size_t n;

    SAHA__CHECK_ARG(ctx, out != NULL && path != NULL);
    *out = NULL;
    saha__error_clear(ctx);
    team = saha__calloc(ctx, 1, sizeof *team);
    if (!team)
        return SAHA_ENOMEM;
    team->ctx = ctx;
    rc = saha_territory_reps_load(&team->reps, ctx, path);
    if (rc < 0)
        goto done;
    n = saha_territory_reps_count(team->reps);
    team->member = saha__calloc(ctx, n + 1, sizeof *team->member);
    if (!team->member) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const saha_territory_rep *tr = saha_territory_reps_at(team->reps, i);
        saha_team_member *m = &team->member[i];
        const char *rf = saha_territory_reps_column(team->reps, i, "rep_file");
        col_ctx c;
        c.ctx = ctx;
        c.source = path;
        c.line = tr->line;
        m->line = tr->line;
        m->id = tr->id;
        m->name = tr->name;
        saha_rep_defaults(&m->rep);
        if (!blank(rf)) {
            char full[1024];
            if (join_path(full, sizeof full, path, rf) < 0) {
                rc = saha__error_set(ctx, SAHA_EPARSE, path, tr->line, 0,
                                     "rep_file: path too long");
                goto done;
            }
            rc = saha_rep_load(&m->rep, ctx, full);
            if (rc < 0)
                goto done;
        }
        rc = apply_columns(team->reps, i, &c, &m->rep);
        if (rc < 0)
            goto done;
        if (tr->has_home)
            m->rep.home = tr->home;
        if (!isfinite(m->rep.home.lat_deg) || !isfinite(m->rep.home.lon_deg)) {
            rc = saha__error_set(ctx, SAHA_EPARSE, path, tr->line, 0,
                                 "rep '%s' has no home: give lat/lon (or a rep_file "
                                 "with a home)",
                                 tr->id);
            goto done;
        }
        if (m->name[0]) {
            size_t len = strlen(m->name);
            if (len >= sizeof m->rep.name)
                len = sizeof m->rep.name - 1;
            memcpy(m->rep.name, m->name, len);
            m->rep.name[len] = '\0';
        } else {
            m->name = m->rep.name[0] ? m->rep.name : m->id;
        }
        if (!m->rep.name[0]) {
            size_t len = strlen(m->id);
            if (len >= sizeof m->rep.name)
                len = sizeof m->rep.name - 1;
            memcpy(m->rep.name, m->id, len);
            m->rep.name[len] = '\0';
        }
    }
    team->n = n;
    *out = team;
    team = NULL;
done:
    saha_team_free(team);
    return rc;
}
