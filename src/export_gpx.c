/* GPX 1.1 writer (https://www.topografix.com/GPX/1/1/).
 *
 * Layout, in the element order the schema demands (gpx: metadata, wpt*, rte*, trk*;
 * wpt/rtept: time, name, cmt, desc, type, extensions; rte: name, desc, number, rtept*):
 *   - <metadata>: name (title), desc, time only when opts->generated, bounds;
 *   - one <wpt> per planned stop, so apps without route support still get the pins;
 *   - one <rte> per day with visits ("Mon 30 Nov — 9 visits, 184 km", <number> = day
 *     number), home (the day's start position) first, the stops in order, home last.
 *     With opts->gpx_max_points a day longer than that is split into parts that share
 *     their joining point, named "... (1/2)".
 *   - with opts->roads, one <trk> per day that has a road shape ("Mon 30 Nov — road"):
 *     the road as trkpts, thinned by Douglas-Peucker to opts->gpx_max_points when set
 *     (the points where legs start are always kept).
 * A stop is named "03 Acme Ltd" (seq in the day, display name), <cmt> "ETA 09:40, 30
 * min", <desc> address, value and window. The planned times are also in <extensions> in
 * the saha namespace (urn:saha:gpx:1): GPX <time> means a recorded timestamp, so it is
 * written only with opts->gpx_times, in UTC from opts->utc_offset_min.
 * O(stops) time; one pass per section. Called by the CLI (plan --gpx, demo). */
#include <math.h>
#include <string.h>

#include "internal/export.h"

#define GPX_NS_SAHA "urn:saha:gpx:1"

typedef struct gpx_writer {
    saha__buf *b;
    const saha_itinerary *it;
    const saha_account_set *acc;
    const saha_export_options *o;
} gpx_writer;

static saha_status put_ll(saha__buf *b, const char *el, saha_latlon p)
{
    saha_status rc = saha__buf_printf(b, "<%s", el);
    if (rc == SAHA_OK)
        rc =
            saha_export__num_pair(b, " lat=\"", p.lat_deg, "\" lon=\"", p.lon_deg, "\">");
    return rc;
}

/* <time> for local seconds s on day d, in UTC. */
static saha_status put_time(gpx_writer *w, const saha_plan_day *d, int32_t s,
                            const char *indent)
{
    int sec = 0;
    saha_datetime t;
    if (!w->o->gpx_times)
        return SAHA_OK;
    /* planned times are shown to the minute everywhere; <time> agrees with them */
    t = saha_export__add_seconds(
        d->date, saha_export__round_min(s) - (int64_t)w->o->utc_offset_min * 60, &sec);
    return saha__buf_printf(w->b, "%s<time>%04d-%02d-%02dT%02d:%02d:%02dZ</time>\n",
                            indent, t.year % 10000, t.month, t.day, t.hour, t.minute,
                            sec);
}

/* The body of a stop's <wpt>/<rtept> (after the opening tag). */
static saha_status put_stop(gpx_writer *w, size_t di, size_t si, const char *ind)
{
    const saha_plan_day *d = &w->it->days[di];
    const saha_plan_stop *st = &d->stops[si];
    const saha_account *a = saha_account_at(w->acc, st->account);
    const char *cur = w->it->currency ? w->it->currency : "";
    char name[512], eta[16], start[16], dep[16], win[128], date[16];
    saha__buf desc;
    saha_status rc;
    long visit_min = lround((st->depart_s - st->start_s) / 60.0);

    saha__buf_init(&desc, w->b->ctx, SAHA__BUF_NOLIMIT);
    saha_export__hhmm(eta, st->arrive_s);
    saha_export__hhmm(start, st->start_s);
    saha_export__hhmm(dep, st->depart_s);
    saha_export__window(win, a, d);
    saha_export__date(date, d->date);
    snprintf(name, sizeof name, "%02zu %s", si + 1, saha_export__name(a));

    SAHA_EXPORT__TRY(put_time(w, d, st->arrive_s, ind));
    SAHA_EXPORT__TRY(saha_export__xml_el(w->b, ind, "name", name));
    SAHA_EXPORT__TRY(
        saha__buf_printf(w->b, "%s<cmt>ETA %s, %ld min</cmt>\n", ind, eta, visit_min));
    /* desc: address; value; window */
    SAHA_EXPORT__TRY(saha__buf_puts(&desc, a->address[0] ? a->address : a->id));
    SAHA_EXPORT__TRY(saha__buf_puts(&desc, "; value "));
    SAHA_EXPORT__TRY(saha_export__num(&desc, st->value, 2, "0"));
    if (cur[0])
        SAHA_EXPORT__TRY(saha__buf_printf(&desc, " %s", cur));
    if (win[0])
        SAHA_EXPORT__TRY(saha__buf_printf(&desc, "; window %s", win));
    if (st->start_s > st->arrive_s + 59)
        SAHA_EXPORT__TRY(saha__buf_printf(&desc, "; wait until %s", start));
    SAHA_EXPORT__TRY(saha_export__xml_el(w->b, ind, "desc", desc.data));
    SAHA_EXPORT__TRY(saha__buf_printf(w->b, "%s<type>visit</type>\n", ind));
    SAHA_EXPORT__TRY(
        saha__buf_printf(w->b, "%s<extensions>\n%s  <saha:visit>\n", ind, ind));
    SAHA_EXPORT__TRY(saha__buf_printf(w->b, "%s    <saha:id>", ind));
    SAHA_EXPORT__TRY(saha_export__xml(w->b, a->id));
    SAHA_EXPORT__TRY(saha__buf_printf(w->b,
                                      "</saha:id>\n%s    <saha:day>%zu</saha:day>\n"
                                      "%s    <saha:date>%s</saha:date>\n"
                                      "%s    <saha:seq>%zu</saha:seq>\n"
                                      "%s    <saha:eta>%s</saha:eta>\n"
                                      "%s    <saha:start>%s</saha:start>\n"
                                      "%s    <saha:departure>%s</saha:departure>\n"
                                      "%s    <saha:value>",
                                      ind, di + 1, ind, date, ind, si + 1, ind, eta, ind,
                                      start, ind, dep, ind));
    SAHA_EXPORT__TRY(saha_export__num(w->b, st->value, 2, "0"));
    SAHA_EXPORT__TRY(saha__buf_printf(
        w->b, "</saha:value>\n%s  </saha:visit>\n%s</extensions>\n", ind, ind));
done:
    saha__buf_free(&desc);
    return rc;
}

/* A home point of a route: first (leave) or last (return). */
static saha_status put_home(gpx_writer *w, const saha_plan_day *d, int last,
                            const char *ind)
{
    saha_latlon p = last ? d->end_pos : d->start_pos;
    int at_home = p.lat_deg == w->it->home.lat_deg && p.lon_deg == w->it->home.lon_deg;
    char t[16];
    saha_status rc = put_ll(w->b, "rtept", p);
    saha_export__hhmm(t, last ? d->return_s : d->leave_s);
    if (rc == SAHA_OK)
        rc = saha__buf_putc(w->b, '\n');
    if (rc == SAHA_OK)
        rc = put_time(w, d, last ? d->return_s : d->leave_s, ind);
    if (rc == SAHA_OK)
        rc = saha_export__xml_el(w->b, ind, "name",
                                 at_home ? "Home"
                                 : last  ? "End"
                                         : "Start");
    if (rc == SAHA_OK)
        rc = saha__buf_printf(w->b, "%s<cmt>%s %s</cmt>\n%s<type>%s</type>\n", ind,
                              last ? "Back" : "Leave", t, ind,
                              at_home ? "home" : "overnight");
    if (rc == SAHA_OK)
        rc = saha__buf_puts(w->b, "    </rtept>\n");
    return rc;
}

static saha_status put_route(gpx_writer *w, size_t di)
{
    const saha_plan_day *d = &w->it->days[di];
    size_t npts = d->nstops + 2, maxp = w->o->gpx_max_points, nparts = 1, part;
    char label[32], head[160], leave[16], back[16];
    saha_status rc = SAHA_OK;

    if (maxp > 0 && npts > maxp)
        nparts = (npts - 1 + (maxp - 2)) / (maxp - 1); /* ceil((npts-1)/(maxp-1)) */
    saha_export__day_label(label, d);
    saha_export__hhmm(leave, d->leave_s);
    saha_export__hhmm(back, d->return_s);
    for (part = 0; part < nparts; part++) {
        size_t first = nparts == 1 ? 0 : part * (maxp - 1);
        size_t last = nparts == 1 ? npts - 1 : first + maxp - 1;
        if (last > npts - 1)
            last = npts - 1;
        if (nparts > 1)
            snprintf(head, sizeof head, "%s (%zu/%zu) \xE2\x80\x94 %zu visit%s, %.0f km",
                     label, part + 1, nparts, d->nstops, d->nstops == 1 ? "" : "s",
                     d->drive_m / 1000.0);
        else
            snprintf(head, sizeof head, "%s \xE2\x80\x94 %zu visit%s, %.0f km", label,
                     d->nstops, d->nstops == 1 ? "" : "s", d->drive_m / 1000.0);
        SAHA_EXPORT__TRY(saha__buf_puts(w->b, "  <rte>\n"));
        SAHA_EXPORT__TRY(saha_export__xml_el(w->b, "    ", "name", head));
        SAHA_EXPORT__TRY(
            saha__buf_printf(w->b, "    <desc>Leave %s, back %s; value ", leave, back));
        SAHA_EXPORT__TRY(saha_export__num(w->b, d->value, 2, "0"));
        if (w->it->currency && w->it->currency[0]) {
            SAHA_EXPORT__TRY(saha__buf_putc(w->b, ' '));
            SAHA_EXPORT__TRY(saha_export__xml(w->b, w->it->currency));
        }
        SAHA_EXPORT__TRY(
            saha__buf_printf(w->b, "</desc>\n    <number>%zu</number>\n", di + 1));
        for (size_t k = first; k <= last; k++) {
            if (k == 0 || k == npts - 1) {
                SAHA_EXPORT__TRY(saha__buf_puts(w->b, "    "));
                SAHA_EXPORT__TRY(put_home(w, d, k != 0, "      "));
            } else {
                const saha_account *a = saha_account_at(w->acc, d->stops[k - 1].account);
                saha_latlon p = {a->lat_deg, a->lon_deg};
                SAHA_EXPORT__TRY(saha__buf_puts(w->b, "    "));
                SAHA_EXPORT__TRY(put_ll(w->b, "rtept", p));
                SAHA_EXPORT__TRY(saha__buf_putc(w->b, '\n'));
                SAHA_EXPORT__TRY(put_stop(w, di, k - 1, "      "));
                SAHA_EXPORT__TRY(saha__buf_puts(w->b, "    </rtept>\n"));
            }
        }
        SAHA_EXPORT__TRY(saha__buf_puts(w->b, "  </rte>\n"));
    }
done:
    return rc;
}

/* Perpendicular distance (degrees, longitude scaled by cos lat) of p from segment a-b. */
static double seg_dist(saha_latlon p, saha_latlon a, saha_latlon b)
{
    double k = cos(a.lat_deg * (3.14159265358979323846 / 180));
    double px = (p.lon_deg - a.lon_deg) * k, py = p.lat_deg - a.lat_deg;
    double bx = (b.lon_deg - a.lon_deg) * k, by = b.lat_deg - a.lat_deg;
    double l2 = bx * bx + by * by, t = l2 > 0 ? (px * bx + py * by) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return hypot(px - t * bx, py - t * by);
}

/* Douglas-Peucker with tolerance tol between the points already kept (keep[i] = 1 on
 * entry for the stops); returns how many are kept. stack holds n index pairs. */
static size_t dp_keep(const saha_latlon *p, size_t n, unsigned char *keep,
                      const unsigned char *must, double tol, size_t *stack)
{
    size_t top = 0, kept = 0, prev = 0;
    for (size_t i = 0; i < n; i++)
        keep[i] = must[i];
    for (size_t i = 1; i < n; i++) {
        if (!must[i])
            continue;
        stack[top++] = prev;
        stack[top++] = i;
        prev = i;
        while (top > 0) {
            size_t b = stack[--top], a = stack[--top], far = a;
            double best = -1;
            for (size_t j = a + 1; j < b; j++) {
                double d = seg_dist(p[j], p[a], p[b]);
                if (d > best) {
                    best = d;
                    far = j;
                }
            }
            if (far > a && best > tol) {
                keep[far] = 1;
                stack[top++] = a;
                stack[top++] = far;
                stack[top++] = far;
                stack[top++] = b;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        kept += keep[i];
    return kept;
}

/* A <trk> with the day's road shape, thinned (Douglas-Peucker, the stops' points kept)
 * to at most opts->gpx_max_points points when that is set. */
static saha_status put_track(gpx_writer *w, size_t di)
{
    const saha_plan_day *d = &w->it->days[di];
    size_t n, maxp = w->o->gpx_max_points, *stack = NULL;
    const saha_latlon *road = saha_export__road(w->o, di, &n);
    unsigned char *keep = NULL, *must = NULL;
    char label[32], head[160];
    saha_status rc = SAHA_OK;

    if (!road || n < 2)
        return SAHA_OK;
    keep = saha__calloc(w->b->ctx, n, 1);
    must = saha__calloc(w->b->ctx, n, 1);
    stack = saha__alloc_array(w->b->ctx, n, 4 * sizeof *stack);
    if (!keep || !must || !stack) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    must[0] = must[n - 1] = 1;
    for (size_t k = 0; k <= d->nstops; k++) {
        size_t s = saha_roads_leg_start(w->o->roads, di, k);
        if (s < n)
            must[s] = 1;
    }
    if (maxp == 0 || dp_keep(road, n, keep, must, 0, stack) <= maxp) {
        memset(keep, 1, n);
    } else {
        double lo = 0, hi = 1; /* degrees: 1 keeps only the stops on any real day */
        for (int it = 0; it < 40; it++) {
            double mid = (lo + hi) / 2;
            if (dp_keep(road, n, keep, must, mid, stack) > maxp)
                lo = mid;
            else
                hi = mid;
        }
        (void)dp_keep(road, n, keep, must, hi, stack);
    }
    saha_export__day_label(label, d);
    snprintf(head, sizeof head, "%s \xE2\x80\x94 road", label);
    SAHA_EXPORT__TRY(saha__buf_puts(w->b, "  <trk>\n"));
    SAHA_EXPORT__TRY(saha_export__xml_el(w->b, "    ", "name", head));
    SAHA_EXPORT__TRY(
        saha__buf_printf(w->b, "    <number>%zu</number>\n    <trkseg>\n", di + 1));
    for (size_t i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        SAHA_EXPORT__TRY(saha__buf_puts(w->b, "      "));
        SAHA_EXPORT__TRY(put_ll(w->b, "trkpt", road[i]));
        SAHA_EXPORT__TRY(saha__buf_puts(w->b, "</trkpt>\n"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(w->b, "    </trkseg>\n  </trk>\n"));
done:
    saha__free(w->b->ctx, keep);
    saha__free(w->b->ctx, must);
    saha__free(w->b->ctx, stack);
    return rc;
}

static void grow(double *lo, double *hi, double v)
{
    if (!isfinite(v))
        return;
    if (v < *lo)
        *lo = v;
    if (v > *hi)
        *hi = v;
}

static saha_status gpx_doc(gpx_writer *w)
{
    const saha_itinerary *it = w->it;
    double minlat = INFINITY, maxlat = -INFINITY, minlon = INFINITY, maxlon = -INFINITY;
    size_t nvisits = 0;
    char titlebuf[64];
    saha_status rc;

    grow(&minlat, &maxlat, it->home.lat_deg);
    grow(&minlon, &maxlon, it->home.lon_deg);
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        if (day->nstops == 0)
            continue;
        grow(&minlat, &maxlat, day->start_pos.lat_deg);
        grow(&minlon, &maxlon, day->start_pos.lon_deg);
        grow(&minlat, &maxlat, day->end_pos.lat_deg);
        grow(&minlon, &maxlon, day->end_pos.lon_deg);
        for (size_t i = 0; i < day->nstops; i++) {
            const saha_account *a = saha_account_at(w->acc, day->stops[i].account);
            grow(&minlat, &maxlat, a->lat_deg);
            grow(&minlon, &maxlon, a->lon_deg);
            nvisits++;
        }
    }

    SAHA_EXPORT__TRY(saha__buf_puts(
        w->b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<gpx version=\"1.1\" creator=\"saha " SAHA_VERSION_STRING "\"\n"
              "     xmlns=\"http://www.topografix.com/GPX/1/1\"\n"
              "     xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
              "     xmlns:saha=\"" GPX_NS_SAHA "\"\n"
              "     xsi:schemaLocation=\"http://www.topografix.com/GPX/1/1 "
              "http://www.topografix.com/GPX/1/1/gpx.xsd\">\n"
              "  <metadata>\n"));
    SAHA_EXPORT__TRY(saha_export__xml_el(w->b, "    ", "name",
                                         saha_export__title(titlebuf, it, w->o)));
    SAHA_EXPORT__TRY(saha__buf_puts(w->b, "    <desc>"));
    if (it->rep_name && it->rep_name[0]) {
        SAHA_EXPORT__TRY(saha_export__xml(w->b, it->rep_name));
        SAHA_EXPORT__TRY(saha__buf_puts(w->b, ": "));
    }
    SAHA_EXPORT__TRY(saha__buf_printf(w->b, "%zu visit%s, %.0f km</desc>\n", nvisits,
                                      nvisits == 1 ? "" : "s", it->drive_m / 1000.0));
    if (w->o->generated && w->o->generated[0])
        SAHA_EXPORT__TRY(saha_export__xml_el(w->b, "    ", "time", w->o->generated));
    if (minlat <= maxlat && minlon <= maxlon) {
        SAHA_EXPORT__TRY(saha__buf_puts(w->b, "    <bounds minlat=\""));
        SAHA_EXPORT__TRY(saha_export__num(w->b, minlat, 6, "0"));
        SAHA_EXPORT__TRY(saha__buf_puts(w->b, "\" minlon=\""));
        SAHA_EXPORT__TRY(saha_export__num(w->b, minlon, 6, "0"));
        SAHA_EXPORT__TRY(saha__buf_puts(w->b, "\" maxlat=\""));
        SAHA_EXPORT__TRY(saha_export__num(w->b, maxlat, 6, "0"));
        SAHA_EXPORT__TRY(saha__buf_puts(w->b, "\" maxlon=\""));
        SAHA_EXPORT__TRY(saha_export__num(w->b, maxlon, 6, "0"));
        SAHA_EXPORT__TRY(saha__buf_puts(w->b, "\"/>\n"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(w->b, "  </metadata>\n"));

    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        for (size_t i = 0; i < day->nstops; i++) {
            const saha_account *a = saha_account_at(w->acc, day->stops[i].account);
            saha_latlon p = {a->lat_deg, a->lon_deg};
            SAHA_EXPORT__TRY(saha__buf_puts(w->b, "  "));
            SAHA_EXPORT__TRY(put_ll(w->b, "wpt", p));
            SAHA_EXPORT__TRY(saha__buf_putc(w->b, '\n'));
            SAHA_EXPORT__TRY(put_stop(w, d, i, "    "));
            SAHA_EXPORT__TRY(saha__buf_puts(w->b, "  </wpt>\n"));
        }
    }
    for (size_t d = 0; d < it->ndays; d++)
        if (it->days[d].nstops > 0)
            SAHA_EXPORT__TRY(put_route(w, d));
    for (size_t d = 0; d < it->ndays; d++)
        if (it->days[d].nstops > 0)
            SAHA_EXPORT__TRY(put_track(w, d));
    SAHA_EXPORT__TRY(saha__buf_puts(w->b, "</gpx>\n"));
done:
    return rc;
}

static saha_status gpx_check(saha_ctx *ctx, const saha_export_options *o)
{
    if (o->gpx_max_points == 1)
        return saha__error_set(
            ctx, SAHA_EINVAL, NULL, 0, 0,
            "gpx_max_points must be 0 (no limit) or at least 2, got 1");
    return saha_export__check_generated(ctx, o);
}

static saha_status gpx_run(saha__buf *b, const saha_itinerary *it,
                           const saha_account_set *accounts, const saha_export_options *o)
{
    gpx_writer w;
    w.b = b;
    w.it = it;
    w.acc = accounts;
    w.o = o;
    return gpx_doc(&w);
}

saha_status saha_export_gpx(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                            const saha_account_set *accounts,
                            const saha_export_options *opts)
{
    return saha_export__run(f, ctx, it, accounts, opts, gpx_check, gpx_run);
}
