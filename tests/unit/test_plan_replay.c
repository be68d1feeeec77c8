/* test_plan_replay: the C checker (helper_plan_check.c) on a re-plan made from files,
 * the way `saha plan` makes it, so that a CLI scenario (tests/cli/test_replan.sh) is
 * replayed by the C checker as well as by plan_check.py.
 *
 *   test_plan_replay ACCOUNTS.csv REP.json ITINERARY.csv --start DATE --seed N
 *       --iterations N [--previous FILE] [--visits FILE] [--from "DATE HH:MM"]
 *       [--off DATE[,DATE]] [--urgent ID[,ID]] [--position LAT,LON[@HH:MM]]
 *       [--stability AMOUNT] [--time-limit 0] [--probe-position LAT,LON]
 *
 * Plans the week in process with those options (time limit 0, so the iterations and
 * the seed fix the plan), checks that ITINERARY.csv (what the CLI wrote with the same
 * flags) holds the same visits (date, account, start), then replays the itinerary with
 * saha_plan__check_replan_at over the rep's travel-model matrix, the position's legs
 * included, the frozen past too. Prints one line, exit 0 (no problem) or 1.
 * --probe-position (a negative probe): the same plan checked with the legs from another
 * place than the position it was planned from, which the checker must refuse.
 * Without arguments (ctest): a self test of the argument reader only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "saha.h"
#include "helper_plan_check.h"

#define MAX_LIST 16

typedef struct replay_args {
    const char *accounts, *rep, *itinerary, *previous, *visits, *urgent;
    saha_plan_options po;
    saha_datetime off[MAX_LIST];
    unsigned long long seed;
    int has_probe; /* --probe-position: check with the legs from another place */
    saha_latlon probe;
} replay_args;

/* n digits at *p as a number (advancing *p), or -1. */
static int digits(const char **p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (**p < '0' || **p > '9')
            return -1;
        v = v * 10 + (**p - '0');
    }
    return v;
}

/* "YYYY-MM-DD" (with_time: " HH:MM" after it), nothing else. */
static int parse_date(const char *s, saha_datetime *d, int with_time)
{
    int y, mo, dd, h = 0, mi = 0; /* ints: digits() gives -1 on a bad field */
    memset(d, 0, sizeof *d);
    if ((y = digits(&s, 4)) < 0 || *s++ != '-' || (mo = digits(&s, 2)) < 0 ||
        *s++ != '-' || (dd = digits(&s, 2)) < 0)
        return -1;
    if (with_time && (*s++ != ' ' || (h = digits(&s, 2)) < 0 || *s++ != ':' ||
                      (mi = digits(&s, 2)) < 0))
        return -1;
    d->year = (int16_t)y;
    d->month = (uint8_t)mo;
    d->day = (uint8_t)dd;
    d->hour = (uint8_t)h;
    d->minute = (uint8_t)mi;
    return *s == '\0' ? 0 : -1;
}

/* A whole number or decimal (strtod); end: what follows it, NULL = nothing may. */
static int parse_num(const char *s, double *out, const char **end)
{
    char *e;
    *out = strtod(s, &e);
    if (e == s || (!end && *e != '\0'))
        return -1;
    if (end)
        *end = e;
    return 0;
}

/* Fills a from argv; returns 0, or -1 with a message on stderr. */
static int parse_args(int argc, char **argv, replay_args *a)
{
    memset(a, 0, sizeof *a);
    saha_plan_options_init(&a->po, SAHA_PLAN_OPTIONS_VERSION);
    a->po.time_limit_s = 0;
    a->seed = 1;
    if (argc < 4)
        return fprintf(stderr, "replay: usage: ACCOUNTS REP ITINERARY [options]\n"), -1;
    a->accounts = argv[1];
    a->rep = argv[2];
    a->itinerary = argv[3];
    for (int i = 4; i < argc; i++) {
        const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char *e;
        double x;
        if (!v)
            return fprintf(stderr, "replay: %s: expected a value\n", k), -1;
        i++;
        if (!strcmp(k, "--start")) {
            if (parse_date(v, &a->po.start, 0) < 0)
                return fprintf(stderr, "replay: --start: expected YYYY-MM-DD\n"), -1;
        } else if (!strcmp(k, "--seed")) {
            if (parse_num(v, &x, NULL) < 0 || x < 0)
                return fprintf(stderr, "replay: --seed: expected a number\n"), -1;
            a->seed = (unsigned long long)x;
        } else if (!strcmp(k, "--iterations")) {
            if (parse_num(v, &x, NULL) < 0 || x < 0)
                return fprintf(stderr, "replay: --iterations: expected a count\n"), -1;
            a->po.iterations = (size_t)x;
        } else if (!strcmp(k, "--time-limit")) {
            if (strcmp(v, "0") != 0)
                return fprintf(stderr, "replay: --time-limit: only 0 replays\n"), -1;
        } else if (!strcmp(k, "--probe-position")) {
            if (parse_num(v, &a->probe.lat_deg, &e) < 0 || *e != ',' ||
                parse_num(e + 1, &a->probe.lon_deg, NULL) < 0)
                return fprintf(stderr, "replay: --probe-position: expected LAT,LON\n"),
                       -1;
            a->has_probe = 1;
        } else if (!strcmp(k, "--stability")) {
            if (parse_num(v, &a->po.stability, NULL) < 0)
                return fprintf(stderr, "replay: --stability: expected an amount\n"), -1;
        } else if (!strcmp(k, "--previous")) {
            a->previous = v;
        } else if (!strcmp(k, "--visits")) {
            a->visits = v;
        } else if (!strcmp(k, "--urgent")) {
            a->urgent = v;
        } else if (!strcmp(k, "--from")) {
            if (parse_date(v, &a->po.moment, 1) < 0)
                return fprintf(stderr, "replay: --from: expected YYYY-MM-DD HH:MM\n"), -1;
        } else if (!strcmp(k, "--off")) {
            const char *p = v;
            while (*p) {
                char one[11];
                size_t len = strcspn(p, ",");
                if (len != 10 || a->po.ndays_off >= MAX_LIST)
                    return fprintf(stderr, "replay: --off: expected DATE[,DATE]\n"), -1;
                memcpy(one, p, 10);
                one[10] = '\0';
                if (parse_date(one, &a->off[a->po.ndays_off++], 0) < 0)
                    return fprintf(stderr, "replay: --off: expected DATE[,DATE]\n"), -1;
                p += len + (p[len] == ',');
            }
            a->po.days_off = a->off;
        } else if (!strcmp(k, "--position")) {
            int h = 0, m = 0;
            double la, lo;
            if (parse_num(v, &la, &e) < 0 || *e != ',' || parse_num(e + 1, &lo, &e) < 0 ||
                (*e != '\0' && (*e++ != '@' || (h = digits(&e, 2)) < 0 || *e++ != ':' ||
                                (m = digits(&e, 2)) < 0 || *e != '\0')))
                return fprintf(stderr, "replay: --position: expected LAT,LON[@HH:MM]\n"),
                       -1;
            a->po.has_position = 1;
            a->po.position.lat_deg = la;
            a->po.position.lon_deg = lo;
            a->po.position_min = h * 60 + m;
        } else {
            return fprintf(stderr, "replay: unknown option %s\n", k), -1;
        }
    }
    if (!a->po.start.year)
        return fprintf(stderr, "replay: --start is required\n"), -1;
    a->po.seed = a->seed;
    return 0;
}

static int fail_ctx(saha_ctx *ctx, const char *what)
{
    const saha_error *e = saha_ctx_last_error(ctx);
    fprintf(stderr, "replay: %s: %s\n", what, e ? e->message : "failed");
    return 1;
}

/* The CLI's itinerary (read as a previous plan: date, id, start) against it: the same
 * visits. */
static int same_visits(saha_ctx *ctx, const char *path, const saha_account_set *set,
                       const saha_itinerary *it)
{
    saha_previous_plan *cli = NULL;
    size_t n = 0, bad = 0;
    if (saha_previous_plan_load(&cli, ctx, path, set) != SAHA_OK)
        return fail_ctx(ctx, path);
    for (size_t v = 0; v < it->ndays; v++)
        n += it->days[v].nstops;
    if (n != saha_previous_plan_count(cli)) {
        printf("replay: %s has %zu visits, the replayed plan %zu\n", path,
               saha_previous_plan_count(cli), n);
        bad++;
    }
    for (size_t i = 0; i < saha_previous_plan_count(cli); i++) {
        const saha_previous_visit *p = saha_previous_plan_at(cli, i);
        int found = 0;
        for (size_t v = 0; v < it->ndays && !found; v++) {
            const saha_plan_day *d = &it->days[v];
            if (d->date.year != p->date.year || d->date.month != p->date.month ||
                d->date.day != p->date.day)
                continue;
            for (size_t k = 0; k < d->nstops && !found; k++)
                found = d->stops[k].account == p->account && /* HH:MM: +- 1 min */
                        labs((long)d->stops[k].start_s -
                             (long)(p->date.hour * 60 + p->date.minute) * 60) < 90;
        }
        if (!found && bad++ == 0)
            printf("replay: %s line %zu: %s on %04d-%02d-%02d %02d:%02d is not in the "
                   "replayed plan\n",
                   path, p->line, saha_account_at(set, p->account)->id, p->date.year,
                   p->date.month, p->date.day, p->date.hour, p->date.minute);
    }
    saha_previous_plan_free(cli);
    return bad > 0;
}

static int replay(replay_args *a)
{
    saha_ctx *ctx = NULL;
    saha_ctx_options co;
    saha_geo *geo = NULL;
    saha_rep rep;
    saha_account_set *set = NULL;
    saha_account_load_options lo;
    saha_visit_log *log = NULL;
    saha_previous_plan *prev = NULL;
    saha_plan *plan = NULL;
    saha_matrix *mx = NULL;
    saha_matrix_options mo;
    saha_latlon *pts = NULL;
    double *dur = NULL, *dist = NULL, *pdur = NULL, *pdist = NULL;
    size_t urgent[MAX_LIST], n = 0, na;
    char msg[512];
    int rc = 1;

    memset(&rep, 0, sizeof rep);
    saha_ctx_options_init(&co, SAHA_CTX_OPTIONS_VERSION);
    co.seed = a->seed;
    if (saha_ctx_create(&ctx, &co) != SAHA_OK)
        return 1;
    saha_account_load_options_init(&lo, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    if (saha_geo_create(&geo, ctx) != SAHA_OK ||
        saha_rep_load(&rep, ctx, a->rep) != SAHA_OK) {
        rc = fail_ctx(ctx, a->rep);
        goto done;
    }
    lo.geo = geo;
    if (saha_account_load(&set, ctx, a->accounts, &lo) != SAHA_OK) {
        rc = fail_ctx(ctx, a->accounts);
        goto done;
    }
    if (a->visits && saha_visit_log_load(&log, ctx, a->visits, set) != SAHA_OK) {
        rc = fail_ctx(ctx, a->visits);
        goto done;
    }
    if (a->previous && saha_previous_plan_load(&prev, ctx, a->previous, set) != SAHA_OK) {
        rc = fail_ctx(ctx, a->previous);
        goto done;
    }
    a->po.visits = log;
    a->po.previous = prev;
    if (a->urgent) {
        const char *p = a->urgent;
        size_t nu = 0;
        while (*p && nu < MAX_LIST) {
            char id[128];
            size_t len = strcspn(p, ",");
            if (len >= sizeof id)
                goto done;
            memcpy(id, p, len);
            id[len] = '\0';
            urgent[nu] = saha_account_find(set, id);
            if (urgent[nu++] == SIZE_MAX) {
                fprintf(stderr, "replay: --urgent: %s is not an account\n", id);
                goto done;
            }
            p += len + (p[len] == ',');
        }
        a->po.urgent = urgent;
        a->po.nurgent = nu;
    }
    if (saha_plan_solve(&plan, ctx, geo, set, &rep, &a->po) != SAHA_OK) {
        rc = fail_ctx(ctx, "plan");
        goto done;
    }
    if (same_visits(ctx, a->itinerary, set, saha_plan_itinerary(plan)) != 0)
        goto done;
    /* the travel matrix: home, then the accounts with coordinates in account order */
    na = saha_account_count(set);
    pts = malloc((na + 1) * sizeof *pts);
    if (!pts)
        goto done;
    pts[n++] = rep.home;
    for (size_t i = 0; i < na; i++)
        if (saha_account_at(set, i)->has_coords)
            pts[n++] = (saha_latlon){saha_account_at(set, i)->lat_deg,
                                     saha_account_at(set, i)->lon_deg};
    saha_matrix_options_init(&mo, SAHA_MATRIX_OPTIONS_VERSION);
    mo.travel = rep.travel;
    mo.threads = 1;
    if (saha_matrix_build(&mx, ctx, geo, NULL, pts, n, &mo) != SAHA_OK) {
        rc = fail_ctx(ctx, "matrix");
        goto done;
    }
    dur = malloc(n * n * sizeof *dur);
    dist = malloc(n * n * sizeof *dist);
    pdur = malloc(n * sizeof *pdur);
    pdist = malloc(n * sizeof *pdist);
    if (!dur || !dist || !pdur || !pdist)
        goto done;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            dur[i * n + j] = saha_matrix_duration_s(mx, i, j);
            dist[i * n + j] = saha_matrix_distance_m(mx, i, j);
        }
        /* the position's legs by the rep's travel model, kept as floats like a matrix */
        {
            double d = 0, t = 0;
            if (a->po.has_position)
                saha_travel_model_leg(
                    &rep.travel,
                    saha_geo_distance_m(a->has_probe ? a->probe : a->po.position, pts[i]),
                    &d, &t);
            pdur[i] = (double)(float)t;
            pdist[i] = (double)(float)d;
        }
    }
    {
        const saha_itinerary *it = saha_plan_itinerary(plan);
        size_t np = saha_plan__check_replan_at(ctx, it, set, &rep, dur, dist, n, &a->po,
                                               pdur, pdist, msg, sizeof msg),
               nv = 0;
        for (size_t v = 0; v < it->ndays; v++)
            nv += it->days[v].nstops;
        if (np)
            printf("replay: %s\n", msg);
        printf("replay: %zu visits on %zu days, %zu problems\n", nv, it->ndays, np);
        rc = np > 0;
    }
done:
    free(pdist);
    free(pdur);
    free(dist);
    free(dur);
    free(pts);
    saha_matrix_free(mx);
    saha_plan_free(plan);
    saha_previous_plan_free(prev);
    saha_visit_log_free(log);
    saha_account_set_free(set);
    saha_geo_free(geo);
    saha_ctx_free(ctx);
    return rc;
}

int main(int argc, char **argv)
{
    replay_args a;
    if (argc > 1)
        return parse_args(argc, argv, &a) < 0 ? 2 : replay(&a);
    /* self test of the argument reader (the replay itself runs from test_replan.sh) */
    {
        char *ok[] = {"x",           "a.csv",
                      "r.json",      "i.csv",
                      "--start",     "2026-12-07",
                      "--from",      "2026-12-09 08:00",
                      "--off",       "2026-12-10,2026-12-11",
                      "--position",  "40.5,29.25@10:30",
                      "--stability", "5"};
        char *bad[] = {"x",       "a.csv",      "r.json",     "i.csv",
                       "--start", "2026-12-07", "--position", "40.5"};
        int fails = 0;
        if (parse_args(14, ok, &a) != 0 || a.po.ndays_off != 2 || a.off[1].day != 11 ||
            a.po.moment.hour != 8 || !a.po.has_position || a.po.position_min != 630 ||
            a.po.stability != 5)
            fails++;
        if (parse_args(8, bad, &a) == 0)
            fails++;
        printf("replay self test: %d failures\n", fails);
        return fails != 0;
    }
}
