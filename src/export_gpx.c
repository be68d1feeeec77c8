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
    const saha_export_options *o = w->o;
    char name[512], eta[16], start[16], dep[16], win[128], date[16];
    saha__buf desc, t;
    saha_status rc;
    long visit_min = lround((st->depart_s - st->start_s) / 60.0);

    saha__buf_init(&desc, w->b->ctx, SAHA__BUF_NOLIMIT);
    saha__buf_init(&t, w->b->ctx, SAHA__BUF_NOLIMIT);
    saha_export__hhmm(eta, st->arrive_s);
    saha_export__hhmm(start, st->start_s);
    saha_export__hhmm(dep, st->depart_s);
    saha_export__window_lang(win, a, d, o);
    saha_export__date(date, d->date);
    snprintf(name, sizeof name, "%02zu %s", si + 1, saha_export__name(a));

    SAHA_EXPORT__TRY(put_time(w, d, st->arrive_s, ind));
    SAHA_EXPORT__TRY(saha_export__xml_el(w->b, ind, "name", name));
    /* TRANSLATORS: a GPX waypoint's comment: the arrival time and the visit's length */
    SAHA_EXPORT__TRY(saha__buf_printf(&t, L_("ETA %s, %ld min"), eta, visit_min));
    SAHA_EXPORT__TRY(saha_export__xml_el(w->b, ind, "cmt", t.data));
    saha__buf_clear(&t);
    /* desc: address; value; window */
    SAHA_EXPORT__TRY(saha__buf_puts(&desc, a->address[0] ? a->address : a->id));
    SAHA_EXPORT__TRY(saha_export__num_text(&t, st->value, 2, "0", o));
    if (cur[0])
        SAHA_EXPORT__TRY(saha__buf_printf(&t, " %s", cur));
    /* TRANSLATORS: follows a GPX waypoint's address; %s = the expected value */
    SAHA_EXPORT__TRY(saha__buf_printf(&desc, L_("; value %s"), t.data));
    if (win[0])
        /* TRANSLATORS: %s = the opening hours that day, or the appointment */
        SAHA_EXPORT__TRY(saha__buf_printf(&desc, L_("; window %s"), win));
    if (st->start_s > st->arrive_s + 59)
        /* TRANSLATORS: the visit starts later than the arrival, at %s */
        SAHA_EXPORT__TRY(saha__buf_printf(&desc, L_("; wait until %s"), start));
    if (saha_export__lunch_at(d, si)) {
        char l0[16], l1[16];
        SAHA_EXPORT__TRY(saha_export__lunch_parts(&t, d, si, o, l0, l1));
        SAHA_EXPORT__TRY(saha__buf_printf(
            &desc,
            saha_export__lunch_at(d, si) == 1
                /* TRANSLATORS: follows a GPX waypoint's window; %1$s-%2$s = the lunch
                 * break's times, %3$s = where it falls ("on the road, after 30 of the
                 * 60 min drive", ...) */
                ? L_("; lunch before this visit %s-%s, %s")
                /* TRANSLATORS: as "; lunch before this visit" */
                : L_("; lunch after this visit %s-%s, %s"),
            l0, l1, t.data ? t.data : ""));
    }
    SAHA_EXPORT__TRY(saha_export__xml_el(w->b, ind, "desc", desc.data));
    /* TRANSLATORS: a GPX waypoint's type (one word): a planned visit */
    SAHA_EXPORT__TRY(saha_export__xml_el(w->b, ind, "type", L_("visit")));
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
    saha__buf_free(&t);
    saha__buf_free(&desc);
    return rc;
}

/* A home point of a route: first (leave) or last (return). */
static saha_status put_home(gpx_writer *w, const saha_plan_day *d, int last,
                            const char *ind)
{
    const saha_export_options *o = w->o;
    saha_latlon p = last ? d->end_pos : d->start_pos;
    int at_home = p.lat_deg == w->it->home.lat_deg && p.lon_deg == w->it->home.lon_deg;
    char t[16], cmt[128];
    saha_status rc = put_ll(w->b, "rtept", p);
    saha_export__hhmm(t, last ? d->return_s : d->leave_s);
    /* TRANSLATORS: a GPX route point's comment: the time the rep leaves home (or the
     * hotel) in the morning, or is back in the evening */
    snprintf(cmt, sizeof cmt, last ? L_("Back %s") : L_("Leave %s"), t);
    if (rc == SAHA_OK)
        rc = saha__buf_putc(w->b, '\n');
    if (rc == SAHA_OK)
        rc = put_time(w, d, last ? d->return_s : d->leave_s, ind);
    /* TRANSLATORS: the name of a GPX route's first or last point: the rep's home, or
     * (a night away) where the day starts or ends */
    const char *name = at_home ? L_("Home") : last ? L_("End") : L_("Start");
    /* TRANSLATORS: a GPX route point's type (one word): the rep's home, or a hotel */
    const char *type = at_home ? L_("home") : L_("overnight");
    if (rc == SAHA_OK)
        rc = saha_export__xml_el(w->b, ind, "name", name);
    if (rc == SAHA_OK)
        rc = saha_export__xml_el(w->b, ind, "cmt", cmt);
    if (rc == SAHA_OK)
        rc = saha_export__xml_el(w->b, ind, "type", type);
    if (rc == SAHA_OK)
        rc = saha__buf_puts(w->b, "    </rtept>\n");
    return rc;
}

static saha_status put_route(gpx_writer *w, size_t di)
{
    const saha_export_options *o = w->o;
    const saha_plan_day *d = &w->it->days[di];
    size_t npts = d->nstops + 2, maxp = w->o->gpx_max_points, nparts = 1, part;
    char label[48], leave[16], back[16];
    saha__buf km, t;
    saha_status rc = SAHA_OK;

    if (maxp > 0 && npts > maxp)
        nparts = (npts - 1 + (maxp - 2)) / (maxp - 1); /* ceil((npts-1)/(maxp-1)) */
    saha__buf_init(&km, w->b->ctx, SAHA__BUF_NOLIMIT);
    saha__buf_init(&t, w->b->ctx, SAHA__BUF_NOLIMIT);
    saha_export__day_label_lang(label, d, o);
    saha_export__hhmm(leave, d->leave_s);
    saha_export__hhmm(back, d->return_s);
    SAHA_EXPORT__TRY(saha_export__num_text(&km, d->drive_m / 1000.0, 0, "0", o));
    for (part = 0; part < nparts; part++) {
        size_t first = nparts == 1 ? 0 : part * (maxp - 1);
        size_t last = nparts == 1 ? npts - 1 : first + maxp - 1;
        if (last > npts - 1)
            last = npts - 1;
        saha__buf_clear(&t);
        if (nparts > 1)
            /* TRANSLATORS: a GPX route's name, a day split into parts: "Mon 7 Dec (1/2)
             * — 9 visits, 184 km" (%1$s day, %2$zu part, %3$zu parts, %4$zu visits,
             * %5$s km) */
            SAHA_EXPORT__TRY(saha__buf_printf(
                &t,
                LN_("%s (%zu/%zu) \xE2\x80\x94 %zu visit, %s km",
                    "%s (%zu/%zu) \xE2\x80\x94 %zu visits, %s km", d->nstops),
                label, part + 1, nparts, d->nstops, km.data));
        else
            /* TRANSLATORS: a GPX route's name: "Mon 7 Dec — 9 visits, 184 km" */
            SAHA_EXPORT__TRY(
                saha__buf_printf(&t,
                                 LN_("%s \xE2\x80\x94 %zu visit, %s km",
                                     "%s \xE2\x80\x94 %zu visits, %s km", d->nstops),
                                 label, d->nstops, km.data));
        SAHA_EXPORT__TRY(saha__buf_puts(w->b, "  <rte>\n"));
        SAHA_EXPORT__TRY(saha_export__xml_el(w->b, "    ", "name", t.data));
        saha__buf_clear(&t);
        SAHA_EXPORT__TRY(saha_export__num_text(&t, d->value, 2, "0", o));
        if (w->it->currency && w->it->currency[0])
            SAHA_EXPORT__TRY(saha__buf_printf(&t, " %s", w->it->currency));
        {
            saha__buf dsc;
            saha__buf_init(&dsc, w->b->ctx, SAHA__BUF_NOLIMIT);
            /* TRANSLATORS: a GPX route's description: the times the rep leaves and is
             * back, and the day's expected value */
            rc = saha__buf_printf(&dsc, L_("Leave %s, back %s; value %s"), leave, back,
                                  t.data);
            if (rc == SAHA_OK)
                rc = saha_export__xml_el(w->b, "    ", "desc", dsc.data);
            saha__buf_free(&dsc);
            if (rc < 0)
                goto done;
        }
        SAHA_EXPORT__TRY(saha__buf_printf(w->b, "    <number>%zu</number>\n", di + 1));
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
    saha__buf_free(&t);
    saha__buf_free(&km);
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
    const saha_export_options *o = w->o;
    char label[48], head[160];
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
    saha_export__day_label_lang(label, d, o);
    /* TRANSLATORS: a GPX track's name: the day's road shape ("Mon 7 Dec — road") */
    snprintf(head, sizeof head, L_("%s \xE2\x80\x94 road"), label);
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
    const saha_export_options *o = w->o;
    double minlat = INFINITY, maxlat = -INFINITY, minlon = INFINITY, maxlon = -INFINITY;
    size_t nvisits = 0;
    char titlebuf[64];
    saha__buf t, km;
    saha_status rc;

    saha__buf_init(&t, w->b->ctx, SAHA__BUF_NOLIMIT);
    saha__buf_init(&km, w->b->ctx, SAHA__BUF_NOLIMIT);
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
                                         saha_export__title_lang(titlebuf, it, o)));
    if (it->rep_name && it->rep_name[0]) {
        SAHA_EXPORT__TRY(saha__buf_puts(&t, it->rep_name));
        SAHA_EXPORT__TRY(saha__buf_puts(&t, ": "));
    }
    SAHA_EXPORT__TRY(saha_export__num_text(&km, it->drive_m / 1000.0, 0, "0", o));
    /* TRANSLATORS: the GPX file's description after the rep's name: the week's visits
     * and kilometres */
    SAHA_EXPORT__TRY(saha__buf_printf(
        &t, LN_("%zu visit, %s km", "%zu visits, %s km", nvisits), nvisits, km.data));
    SAHA_EXPORT__TRY(saha_export__xml_el(w->b, "    ", "desc", t.data));
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
    saha__buf_free(&km);
    saha__buf_free(&t);
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
