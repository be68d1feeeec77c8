/* saha plan: the re-planning options (visit log, previous plan, moment, stability,
 * promises, days off, urgent accounts) and the changes summary. Files are read and
 * flags parsed here; the library does the rest (saha_plan_options). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/cmd_plan.h"
#include "saha/export.h"
#include "saha/http.h"

void cli_replan_usage(FILE *f)
{
    fprintf(
        f,
        _("Re-planning (README \"Re-planning the week\"):\n"
          "  --visits FILE          visit log CSV: id, when (YYYY-MM-DD HH:MM), outcome\n"
          "                         (done, cancelled, no_show, rescheduled), notes\n"
          "  --previous FILE        the itinerary CSV (--csv) being revised\n"
          "  --from \"DATE HH:MM\"    re-plan from this moment (default: now in the\n"
          "                         rep's time zone); earlier visits are frozen\n"
          "  --stability AMOUNT     currency a move of a previous visit must win\n"
          "                         (default: the mean value of a visit)\n"
          "  --confirmed-slack MIN  confirmed visits and appointments keep their day\n"
          "                         and move at most MIN minutes (default 30)\n"
          "  --off DATE[,DATE]      days off (also \"days_off\" in the rep file)\n"
          "  --urgent ID[,ID]       must be visited today or the next working day\n"
          "  --position LAT,LON[@HH:MM]\n"
          "                         the rest of today starts here (at HH:MM, default\n"
          "                         the moment); else at the last done visit, else "
          "home\n"));
}

static int parse_off(cli_plan_job *job, const char *v)
{
    cli_replan *r = &job->replan;
    const char *p = v;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char d[16];
        if (n != 10 || r->noff >= CLI_PLAN_MAX_OFF)
            return cli_usage_error("plan",
                                   "--off: expected YYYY-MM-DD[,YYYY-MM-DD], "
                                   "got '%s'",
                                   v);
        memcpy(d, p, 10);
        d[10] = '\0';
        if (saha_datetime_parse(d, &r->off[r->noff]) != 0)
            return cli_usage_error("plan", "--off: not a date: '%s'", d);
        r->noff++;
        p += n;
        if (*p == ',')
            p++;
    }
    job->opts.days_off = r->off;
    job->opts.ndays_off = r->noff;
    return CLI_OK;
}

/* --position LAT,LON[@HH:MM] */
static int parse_position(cli_plan_job *job, const char *v)
{
    char buf[96], *at, *comma;
    double lat, lon;
    int hh = 0, mm = 0;
    if (strlen(v) >= sizeof buf)
        goto bad;
    memcpy(buf, v, strlen(v) + 1);
    at = strchr(buf, '@');
    if (at) {
        *at++ = '\0';
        if (strlen(at) != 5 || at[2] != ':' || at[0] < '0' || at[0] > '2' ||
            at[1] < '0' || at[1] > '9' || at[3] < '0' || at[3] > '5' || at[4] < '0' ||
            at[4] > '9')
            goto bad;
        hh = (at[0] - '0') * 10 + (at[1] - '0');
        mm = (at[3] - '0') * 10 + (at[4] - '0');
        if (hh > 23 || hh * 60 + mm == 0)
            goto bad;
    }
    comma = strchr(buf, ',');
    if (!comma)
        goto bad;
    *comma++ = '\0';
    if (cli_parse_double(buf, &lat) < 0 || cli_parse_double(comma, &lon) < 0)
        goto bad;
    if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180))
        return cli_usage_error("plan",
                               "--position: latitude -90..90, longitude -180..180, got "
                               "'%s'",
                               v);
    job->opts.has_position = 1;
    job->opts.position.lat_deg = lat;
    job->opts.position.lon_deg = lon;
    job->opts.position_min = hh * 60 + mm;
    return CLI_OK;
bad:
    return cli_usage_error("plan", "--position: expected LAT,LON[@HH:MM], got '%s'", v);
}

int cli_replan_option(int argc, char **argv, int *i, cli_plan_job *job)
{
    cli_replan *r = &job->replan;
    const char *v;
    int err = 0, rc;
    if ((v = cli_opt_value(argc, argv, i, "--visits", &err))) {
        r->visits_path = v;
    } else if (!err && (v = cli_opt_value(argc, argv, i, "--previous", &err))) {
        r->previous_path = v;
    } else if (!err && (v = cli_opt_value(argc, argv, i, "--from", &err))) {
        saha_datetime m;
        if (strlen(v) != 16 || saha_datetime_parse(v, &m) != 0)
            return -cli_usage_error("plan",
                                    "--from: expected \"YYYY-MM-DD HH:MM\", got '%s'", v);
        r->from_text = v;
        job->opts.moment = m;
    } else if (!err && (v = cli_opt_value(argc, argv, i, "--stability", &err))) {
        if (cli_parse_double(v, &job->opts.stability) < 0 ||
            !(job->opts.stability >= 0) || job->opts.stability > 1e12)
            return -cli_usage_error("plan",
                                    "--stability: expected an amount >= 0, got '%s'", v);
    } else if (!err && (v = cli_opt_value(argc, argv, i, "--confirmed-slack", &err))) {
        size_t n;
        if (cli_parse_size(v, &n) < 0 || n > 1440)
            return -cli_usage_error(
                "plan", "--confirmed-slack: expected minutes 0 to 1440, got '%s'", v);
        job->opts.confirmed_slack_min = (int)n;
    } else if (!err && (v = cli_opt_value(argc, argv, i, "--off", &err))) {
        rc = parse_off(job, v);
        if (rc != CLI_OK)
            return -rc;
    } else if (!err && (v = cli_opt_value(argc, argv, i, "--urgent", &err))) {
        r->urgent_text = v;
    } else if (!err && (v = cli_opt_value(argc, argv, i, "--position", &err))) {
        rc = parse_position(job, v);
        if (rc != CLI_OK)
            return -rc;
    } else if (!err && (v = cli_opt_value(argc, argv, i, "--caldav", &err))) {
        if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8))
            return -cli_usage_error("plan",
                                    "--caldav: expected an http(s):// URL, got '%s'", v);
        r->caldav_url = v;
    } else {
        if (err)
            return -cli_usage_error("plan", "%s needs a value", argv[*i]);
        return 0;
    }
    if (err)
        return -cli_usage_error("plan", "%s needs a value", argv[*i]);
    return 1;
}

/* Now, as a local date-time in zone tz (the system's database; the machine's zone when
 * tz is empty or unknown). */
static saha_datetime now_in_zone(const char *tz)
{
    time_t t = time(NULL);
    struct tm tm;
    saha_datetime d = {0, 0, 0, 0, 0};
    char *saved = cli_tz_push(tz);
    localtime_r(&t, &tm);
    cli_tz_pop(saved);
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    d.hour = tm.tm_hour;
    d.minute = tm.tm_min;
    return d;
}

int cli_replan_prepare(saha_ctx *ctx, const saha_account_set *set, const saha_rep *rep,
                       cli_plan_job *job)
{
    cli_replan *r = &job->replan;
    if (r->visits_path) {
        if (saha_visit_log_load(&r->log, ctx, r->visits_path, set) != SAHA_OK)
            return cli_report(ctx);
        job->opts.visits = r->log;
    }
    if (r->previous_path) {
        if (saha_previous_plan_load(&r->prev, ctx, r->previous_path, set) != SAHA_OK)
            return cli_report(ctx);
        job->opts.previous = r->prev;
    }
    if ((r->visits_path || r->previous_path || job->opts.has_position) && !r->from_text)
        job->opts.moment = now_in_zone(rep->timezone);
    if (r->urgent_text) {
        const char *p = r->urgent_text;
        size_t n = 0;
        while (*p) {
            const char *e = strchr(p, ',');
            size_t len = e ? (size_t)(e - p) : strlen(p), a;
            char id[256];
            if (len == 0 || len >= sizeof id || n >= CLI_PLAN_MAX_URGENT) {
                cli_errorf("--urgent: expected ID[,ID], got '%s'", r->urgent_text);
                return CLI_USAGE;
            }
            memcpy(id, p, len);
            id[len] = '\0';
            a = saha_account_find(set, id);
            if (a == SIZE_MAX) {
                cli_errorf("--urgent: %s is not a valid account", id);
                return CLI_USAGE;
            }
            r->urgent[n++] = a;
            p += len;
            if (*p == ',')
                p++;
        }
        job->opts.urgent = r->urgent;
        job->opts.nurgent = n;
    }
    return CLI_OK;
}

/* A change's status in the reader's language; the CSV of changes keeps
 * saha_change_status_name's names (the same msgids as the HTML report's, src/export.c) */
static const char *status_text(saha_change_status s)
{
    static const char *const names[] = {
        N_("kept"),       N_("moved"),           N_("added"),      N_("dropped"),
        N_("night_kept"), N_("night_cancelled"), N_("night_added")};
    if ((size_t)s < sizeof names / sizeof names[0])
        return _(names[s]);
    return saha_change_status_name(s);
}

void cli_replan_print(FILE *out, const saha_itinerary *it, const saha_account_set *set)
{
    size_t n[7] = {0, 0, 0, 0, 0, 0, 0};
    char from[24], to[24], said[512];
    if (it->nchanges == 0)
        return;
    for (size_t i = 0; i < it->nchanges; i++)
        if (it->changes[i].status <= SAHA_CHANGE_NIGHT_ADDED)
            n[it->changes[i].status]++;
    fprintf(out,
            _("Changes: %zu kept, %zu moved, %zu added, %zu dropped (stability %.0f %s a "
              "move)\n"),
            n[0], n[1], n[2], n[3], it->stability, it->currency ? it->currency : "");
    if (n[4] + n[5] + n[6] > 0)
        fprintf(out, _("Nights away: %zu kept, %zu cancelled, %zu added\n"), n[4], n[5],
                n[6]);
    for (size_t i = 0; i < it->nchanges; i++) {
        const saha_plan_change *c = &it->changes[i];
        /* a night: its date; a visit: its start */
        int w = c->status >= SAHA_CHANGE_NIGHT_KEPT ? 10 : 16;
        if (c->status == SAHA_CHANGE_KEPT || c->status == SAHA_CHANGE_NIGHT_KEPT)
            continue;
        snprintf(from, sizeof from, "%04d-%02d-%02d %02d:%02d", c->from.year % 10000,
                 c->from.month % 100, c->from.day % 100, c->from.hour % 100,
                 c->from.minute % 100);
        snprintf(to, sizeof to, "%04d-%02d-%02d %02d:%02d", c->to.year % 10000,
                 c->to.month % 100, c->to.day % 100, c->to.hour % 100,
                 c->to.minute % 100);
        fprintf(out, "  %-8s %-12s %-16.*s -> %-16.*s %s\n", status_text(c->status),
                saha_account_at(set, c->account)->id, w, c->from.year ? from : "", w,
                c->to.year ? to : "", cli_detail(said, sizeof said, &c->why, c->reason));
    }
}

void cli_replan_free(cli_plan_job *job)
{
    saha_visit_log_free(job->replan.log);
    saha_previous_plan_free(job->replan.prev);
    job->replan.log = NULL;
    job->replan.prev = NULL;
}

int cli_replan_publish(saha_ctx *ctx, saha_plan *plan, const saha_account_set *set,
                       const cli_plan_job *job, int quiet, int utc_offset_min)
{
    saha_http_options ho;
    saha_export_options eo;
    const saha_itinerary *it = saha_plan_itinerary(plan);
    const char *user = getenv("SAHA_CALDAV_USER"), *pass = getenv("SAHA_CALDAV_PASSWORD");
    const char *secrets[2] = {NULL, NULL};
    saha_caldav_result *res = NULL;
    size_t n = 0, cnt[5] = {0, 0, 0, 0, 0};
    int rc = CLI_OK;
    (void)saha_http_options_init(&ho, SAHA_HTTP_OPTIONS_VERSION);

    (void)saha_export_options_init(&eo, SAHA_EXPORT_OPTIONS_VERSION);
    if (user && user[0]) {
        ho.username = user;
        ho.password = pass ? pass : "";
        secrets[0] = pass && pass[0] ? pass : NULL;
        ho.secrets = secrets;
    } else {
        ho.netrc = 1;
    }
    eo.utc_offset_min = utc_offset_min;
    cli_export_language(&eo); /* the events read as the --ics file does */
    if (saha_caldav_publish(ctx, &ho, it, set, job->replan.caldav_url, &eo, &res, &n) !=
        SAHA_OK) {
        rc = cli_report(ctx);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        cnt[res[i].outcome]++;
        if (res[i].outcome == SAHA_CALDAV_CONFLICT)
            cli_warnf("caldav: %s was changed in the calendar since it was published "
                      "(HTTP 412); left alone",
                      res[i].uid);
        else if (res[i].outcome == SAHA_CALDAV_FAILED) {
            cli_errorf("caldav: %s: HTTP %ld", res[i].uid, res[i].status);
            rc = CLI_FAIL;
        } else if (res[i].etag[0] &&
                   saha_plan_set_etag(plan, res[i].uid, res[i].etag) < 0 &&
                   res[i].outcome != SAHA_CALDAV_DELETED) {
            rc = cli_report(ctx);
        }
    }
    if (!quiet)
        fprintf(
            stderr,
            "caldav: %zu created, %zu updated, %zu deleted, %zu conflicts, %zu failed\n",
            cnt[SAHA_CALDAV_CREATED], cnt[SAHA_CALDAV_UPDATED], cnt[SAHA_CALDAV_DELETED],
            cnt[SAHA_CALDAV_CONFLICT], cnt[SAHA_CALDAV_FAILED]);
done:
    free(res);
    return rc;
}
