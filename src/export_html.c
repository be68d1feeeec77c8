/* HTML report: one self-contained file (inline CSS and SVG; no script, font, image or
 * tile from anywhere else), so it opens offline and can be mailed or shared as is.
 *
 * Sections: header (title, rep), totals (visits, km, driving and working hours, value
 * won and left, travel cost), the SVG map (svgmap.c: a coloured route per day with
 * numbered stops, home, skipped accounts in grey, scale bar) with a legend, a table per
 * working day (arrival, departure, drive leg, value; lunch and the way home as rows),
 * and the skipped accounts with their reasons. Responsive: viewport meta, fluid map,
 * tables scroll sideways on narrow screens. All text is escaped. Elements tests count:
 * path.route (one per day with visits), g.map-marker.stop (one per stop), tr.stop-row,
 * tr.skipped-row. O(stops + skipped). Called by the CLI (plan --html, demo). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/export.h"
#include "internal/svgmap.h"

static const char CSS[] =
    "*{box-sizing:border-box}"
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;"
    "max-width:980px;padding:12px;color:#1d1d1f;background:#fff;line-height:1.4}"
    "h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:1.2em 0 .4em}"
    ".sub{color:#555;margin:0 0 .8em}"
    ".totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));"
    "gap:8px;margin:.8em 0}"
    ".totals div{background:#f3f4f6;border-radius:6px;padding:8px}"
    ".totals b{display:block;font-size:1.15em}"
    ".totals span{color:#555;font-size:.85em}"
    "figure{margin:0}svg.map{width:100%;height:auto;display:block;border-radius:6px}"
    ".legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.9em;margin:.4em 0}"
    ".sw{display:inline-block;width:14px;height:14px;border-radius:3px;"
    "vertical-align:-2px;margin-right:4px}"
    ".tw{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.92em}"
    "th,td{padding:5px 6px;border-bottom:1px solid #e5e7eb;text-align:left;"
    "vertical-align:top}"
    "th{background:#f9fafb;font-weight:600}td.n,th.n{text-align:right;"
    "font-variant-numeric:tabular-nums;white-space:nowrap}"
    "tr.aux td{color:#555;font-style:italic}.addr{color:#555;font-size:.88em}"
    ".empty{color:#777}footer{color:#888;font-size:.8em;margin:2em 0 1em}"
    "@media (max-width:600px){body{padding:8px}th,td{padding:4px}"
    ".addr{display:none}}"
    "@media print{.tw{overflow:visible}section.day{break-inside:avoid}}";

/* "5 h 07 min" / "42 min" */
static saha_status put_duration(saha__buf *b, double s)
{
    long m = isfinite(s) && s > 0 ? lround(s / 60.0) : 0;
    if (m >= 60)
        return saha__buf_printf(b, "%ld h %02ld min", m / 60, m % 60);
    return saha__buf_printf(b, "%ld min", m);
}

/* Whole currency units, grouped by thousands with a narrow no-break space (U+202F), as
 * reports are read, not computed: "18 000 EUR". Exact values are in the CSV. */
static saha_status put_money(saha__buf *b, double v, const char *cur)
{
    char digits[32];
    size_t n;
    saha_status rc = SAHA_OK;
    if (!isfinite(v) || fabs(v) >= 1e15)
        return saha__buf_puts(b, "&#8211;");
    n = (size_t)snprintf(digits, sizeof digits, "%lld", llabs(llround(v)));
    if (llround(v) < 0)
        SAHA_EXPORT__TRY(saha__buf_putc(b, '-'));
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            SAHA_EXPORT__TRY(saha__buf_puts(b, "\xE2\x80\xAF"));
        SAHA_EXPORT__TRY(saha__buf_putc(b, digits[i]));
    }
    if (cur && cur[0]) {
        SAHA_EXPORT__TRY(saha__buf_putc(b, ' '));
        SAHA_EXPORT__TRY(saha_export__xml(b, cur));
    }
done:
    return rc;
}

static saha_status put_total(saha__buf *b, const char *label, const char *cls)
{
    return saha__buf_printf(b, "<div class=\"%s\"><span>%s</span><b>", cls, label);
}

static saha_status build_map(saha__buf *b, saha_ctx *ctx, saha_geo *geo,
                             const saha_itinerary *it, const saha_account_set *acc,
                             const char *title)
{
    saha_svgmap *m = NULL;
    saha_latlon *pts = NULL;
    size_t maxn = 0;
    saha_status rc;

    for (size_t d = 0; d < it->ndays; d++)
        if (it->days[d].nstops + 2 > maxn)
            maxn = it->days[d].nstops + 2;
    if (maxn > 0) {
        pts = saha__alloc_array(ctx, maxn, sizeof *pts);
        if (!pts)
            return SAHA_ENOMEM;
    }
    SAHA_EXPORT__TRY(saha_svgmap_create(&m, ctx, geo));
    /* skipped accounts first, so routes and markers draw over them */
    for (size_t k = 0; k < it->nskipped; k++) {
        const saha_plan_skip *s = &it->skipped[k];
        const saha_account *a = saha_account_at(acc, s->account);
        saha_svgmap_style st = SAHA_SVGMAP_STYLE_INIT;
        saha_latlon p = {a->lat_deg, a->lon_deg};
        const char *reason = saha_skip_reason_name(s->reason);
        char tip[600];
        if (!a->has_coords || !isfinite(p.lat_deg) || !isfinite(p.lon_deg))
            continue;
        snprintf(tip, sizeof tip, "%s (not visited: %s)", saha_export__name(a),
                 reason ? reason : "?");
        st.cls = "skipped";
        st.greyed = 1;
        st.no_fit = 1; /* far-off skipped accounts must not shrink the routes */
        st.title = tip;
        st.data_name = "reason";
        st.data_value = reason ? reason : "";
        SAHA_EXPORT__TRY(saha_svgmap_point(m, p, &st));
    }
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        saha_svgmap_style st = SAHA_SVGMAP_STYLE_INIT;
        char dayno[24], label[32];
        if (day->nstops == 0)
            continue;
        snprintf(dayno, sizeof dayno, "%zu", d + 1);
        saha_export__day_label(label, day);
        pts[0] = day->start_pos;
        for (size_t i = 0; i < day->nstops; i++) {
            const saha_account *a = saha_account_at(acc, day->stops[i].account);
            pts[i + 1].lat_deg = a->lat_deg;
            pts[i + 1].lon_deg = a->lon_deg;
        }
        pts[day->nstops + 1] = day->end_pos;
        st.cls = "route";
        st.color = saha_svgmap_color(d);
        st.title = label;
        st.data_name = "day";
        st.data_value = dayno;
        SAHA_EXPORT__TRY(saha_svgmap_polyline(m, pts, day->nstops + 2, &st));
    }
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        char dayno[24], label[32];
        saha_export__day_label(label, day);
        snprintf(dayno, sizeof dayno, "%zu", d + 1);
        for (size_t i = 0; i < day->nstops; i++) {
            const saha_account *a = saha_account_at(acc, day->stops[i].account);
            saha_svgmap_style st = SAHA_SVGMAP_STYLE_INIT;
            saha_latlon p = {a->lat_deg, a->lon_deg};
            char seq[24], tip[600], arr[16];
            snprintf(seq, sizeof seq, "%zu", i + 1);
            saha_export__hhmm(arr, day->stops[i].arrive_s);
            snprintf(tip, sizeof tip, "%s %s: %s", label, arr, saha_export__name(a));
            st.cls = "stop";
            st.color = saha_svgmap_color(d);
            st.label = seq;
            st.title = tip;
            st.data_name = "day";
            st.data_value = dayno;
            st.data_name2 = "seq";
            st.data_value2 = seq;
            SAHA_EXPORT__TRY(saha_svgmap_marker(m, p, &st));
        }
    }
    if (isfinite(it->home.lat_deg) && isfinite(it->home.lon_deg)) {
        saha_svgmap_style st = SAHA_SVGMAP_STYLE_INIT;
        st.title = "Home";
        SAHA_EXPORT__TRY(saha_svgmap_home(m, it->home, &st));
    }
    SAHA_EXPORT__TRY(saha_svgmap_render(m, b, title));
done:
    saha_svgmap_free(m);
    saha__free(ctx, pts);
    return rc;
}

static saha_status put_day(saha__buf *b, const saha_itinerary *it,
                           const saha_account_set *acc, size_t d)
{
    const saha_plan_day *day = &it->days[d];
    const char *cur = it->currency ? it->currency : "";
    char label[32], date[16], t0[16], t1[16];
    saha_status rc;

    saha_export__day_label(label, day);
    saha_export__date(date, day->date);
    saha_export__hhmm(t0, day->leave_s);
    saha_export__hhmm(t1, day->return_s);
    SAHA_EXPORT__TRY(
        saha__buf_printf(b,
                         "<section class=\"day\" data-day=\"%zu\" "
                         "data-date=\"%s\">\n<h2><span class=\"sw\" "
                         "style=\"background:%s\"></span>%s \xE2\x80\x94 %zu "
                         "visit%s",
                         d + 1, date, saha_svgmap_color(d), label, day->nstops,
                         day->nstops == 1 ? "" : "s"));
    if (day->nstops == 0) {
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</h2>\n<p class=\"empty\">No visits planned"));
        if (day->start_hotel != day->end_hotel)
            SAHA_EXPORT__TRY(saha__buf_puts(b, "; the day is the drive between two nights "
                                               "away"));
        SAHA_EXPORT__TRY(saha__buf_puts(b, ".</p>\n</section>\n"));
        return SAHA_OK;
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, ", "));
    SAHA_EXPORT__TRY(saha_export__num(b, day->drive_m / 1000.0, 0, "?"));
    SAHA_EXPORT__TRY(saha__buf_printf(b,
                                      " km</h2>\n<p class=\"sub\">Leave %s%s, back %s; "
                                      "driving ",
                                      t0, day->start_hotel != SIZE_MAX ? " the hotel" : "",
                                      t1));
    SAHA_EXPORT__TRY(put_duration(b, day->drive_s));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "; value "));
    SAHA_EXPORT__TRY(put_money(b, day->value, cur));
    SAHA_EXPORT__TRY(saha__buf_puts(
        b,
        "</p>\n<div class=\"tw\"><table>\n<thead><tr><th class=\"n\">#</th>"
        "<th>Account</th><th class=\"n\">Arrive</th><th class=\"n\">Depart</th>"
        "<th class=\"n\">Drive</th><th class=\"n\">Value</th></tr></thead>\n<tbody>\n"));
    for (size_t i = 0; i <= day->nstops; i++) {
        if (day->lunch_start_s >= 0 && day->lunch_after == i) {
            char l0[16], l1[16];
            saha_export__hhmm(l0, day->lunch_start_s);
            saha_export__hhmm(l1, day->lunch_start_s + day->lunch_s);
            SAHA_EXPORT__TRY(
                saha__buf_printf(b,
                                 "<tr class=\"aux lunch\"><td></td><td>Lunch"
                                 "</td><td class=\"n\">%s</td><td class=\"n\">"
                                 "%s</td><td></td><td></td></tr>\n",
                                 l0, l1));
        }
        if (i == day->nstops)
            break;
        {
            const saha_plan_stop *st = &day->stops[i];
            const saha_account *a = saha_account_at(acc, st->account);
            saha_export__stop_text t;
            saha_export__stop_text_fill(&t, st, a, day);
            SAHA_EXPORT__TRY(saha__buf_printf(b,
                                              "<tr class=\"stop-row\" data-seq=\"%zu\">"
                                              "<td class=\"n\">%zu</td><td>",
                                              i + 1, i + 1));
            SAHA_EXPORT__TRY(saha_export__xml(b, saha_export__name(a)));
            SAHA_EXPORT__TRY(saha__buf_puts(b, " <span class=\"addr\">("));
            SAHA_EXPORT__TRY(saha_export__xml(b, a->id));
            SAHA_EXPORT__TRY(saha__buf_puts(b, ")"));
            if (a->address[0]) {
                SAHA_EXPORT__TRY(saha__buf_puts(b, "<br>"));
                SAHA_EXPORT__TRY(saha_export__xml(b, a->address));
            }
            if (t.window[0]) {
                SAHA_EXPORT__TRY(saha__buf_puts(b, "<br>"));
                SAHA_EXPORT__TRY(saha_export__xml(b, t.window));
            }
            SAHA_EXPORT__TRY(saha__buf_printf(b, "</span></td><td class=\"n\">%s", t.arrive));
            if (st->start_s > st->arrive_s + 59)
                SAHA_EXPORT__TRY(saha__buf_printf(b,
                                                  "<br><span class=\"addr\">wait to %s"
                                                  "</span>",
                                                  t.start));
            SAHA_EXPORT__TRY(
                saha__buf_printf(b, "</td><td class=\"n\">%s</td><td class=\"n\">", t.depart));
            SAHA_EXPORT__TRY(saha_export__num(b, st->leg_m / 1000.0, 1, "?"));
            SAHA_EXPORT__TRY(saha__buf_puts(b, " km<br>"));
            SAHA_EXPORT__TRY(put_duration(b, st->leg_s));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "</td><td class=\"n\">"));
            SAHA_EXPORT__TRY(put_money(b, st->value, NULL));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "</td></tr>\n"));
        }
    }
    if (day->end_hotel < saha_account_count(acc)) {
        /* a night away: the day ends at a hotel near that account */
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<tr class=\"aux home\"><td></td><td>To the "
                                           "hotel near "));
        SAHA_EXPORT__TRY(saha_export__xml(b, saha_account_at(acc, day->end_hotel)->name));
        SAHA_EXPORT__TRY(saha__buf_printf(b,
                                          "</td><td class=\"n\">%s</td><td></td>"
                                          "<td class=\"n\">",
                                          t1));
    } else {
        SAHA_EXPORT__TRY(saha__buf_printf(b,
                                          "<tr class=\"aux home\"><td></td><td>Back "
                                          "home</td><td class=\"n\">%s</td><td></td>"
                                          "<td class=\"n\">",
                                          t1));
    }
    SAHA_EXPORT__TRY(saha_export__num(b, day->return_leg_m / 1000.0, 1, "?"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, " km<br>"));
    SAHA_EXPORT__TRY(put_duration(b, day->return_leg_s));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</td><td></td></tr>\n</tbody>\n</table></div>\n"
                                       "</section>\n"));
done:
    return rc;
}

static saha_status html_doc(saha__buf *b, saha_ctx *ctx, saha_geo *geo,
                            const saha_itinerary *it, const saha_account_set *acc,
                            const saha_export_options *o)
{
    const char *cur = it->currency ? it->currency : "";
    char tbuf[64];
    const char *title = saha_export__title(tbuf, it, o);
    size_t nvisits = 0, nwithcoords = 0;
    saha_status rc;

    for (size_t d = 0; d < it->ndays; d++)
        nvisits += it->days[d].nstops;
    SAHA_EXPORT__TRY(
        saha__buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                          "<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, "
                          "initial-scale=1\">\n"
                          "<meta name=\"generator\" content=\"saha " SAHA_VERSION_STRING
                          "\">\n<title>"));
    SAHA_EXPORT__TRY(saha_export__xml(b, title));
    SAHA_EXPORT__TRY(saha__buf_printf(b,
                                      "</title>\n<style>%s</style>\n</head>\n<body>\n"
                                      "<header>\n<h1>",
                                      CSS));
    SAHA_EXPORT__TRY(saha_export__xml(b, title));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</h1>\n<p class=\"sub\">"));
    if (it->rep_name && it->rep_name[0]) {
        SAHA_EXPORT__TRY(saha_export__xml(b, it->rep_name));
        SAHA_EXPORT__TRY(saha__buf_puts(b, " \xC2\xB7 "));
    }
    SAHA_EXPORT__TRY(
        saha__buf_printf(b, "%zu working day%s", it->ndays, it->ndays == 1 ? "" : "s"));
    if (it->timezone && it->timezone[0]) {
        SAHA_EXPORT__TRY(saha__buf_puts(b, " \xC2\xB7 times in "));
        SAHA_EXPORT__TRY(saha_export__xml(b, it->timezone));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</p>\n</header>\n<section class=\"totals\">\n"));
    SAHA_EXPORT__TRY(put_total(b, "Visits", "t-visits"));
    SAHA_EXPORT__TRY(saha__buf_printf(b, "%zu</b></div>\n", nvisits));
    SAHA_EXPORT__TRY(put_total(b, "Distance", "t-km"));
    SAHA_EXPORT__TRY(saha_export__num(b, it->drive_m / 1000.0, 0, "?"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, " km</b></div>\n"));
    SAHA_EXPORT__TRY(put_total(b, "Driving", "t-drive"));
    SAHA_EXPORT__TRY(put_duration(b, it->drive_s));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</b></div>\n"));
    SAHA_EXPORT__TRY(put_total(b, "Working time", "t-work"));
    SAHA_EXPORT__TRY(put_duration(b, it->work_s));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</b></div>\n"));
    SAHA_EXPORT__TRY(put_total(b, "Value won", "t-won"));
    SAHA_EXPORT__TRY(put_money(b, it->value_won, cur));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</b></div>\n"));
    SAHA_EXPORT__TRY(put_total(b, "Value left", "t-left"));
    SAHA_EXPORT__TRY(put_money(b, it->value_left, cur));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</b></div>\n"));
    SAHA_EXPORT__TRY(put_total(b, "Travel cost", "t-cost"));
    SAHA_EXPORT__TRY(put_money(b, it->travel_cost, cur));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</b></div>\n</section>\n<figure>\n"));
    SAHA_EXPORT__TRY(build_map(b, ctx, geo, it, acc, title));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "<figcaption class=\"legend\">"));
    for (size_t d = 0; d < it->ndays; d++) {
        char label[32];
        if (it->days[d].nstops == 0)
            continue;
        saha_export__day_label(label, &it->days[d]);
        SAHA_EXPORT__TRY(
            saha__buf_printf(b,
                             "<span><span class=\"sw\" style=\"background:%s\">"
                             "</span>%s</span>",
                             saha_svgmap_color(d), label));
    }
    for (size_t k = 0; k < it->nskipped; k++) {
        const saha_account *a = saha_account_at(acc, it->skipped[k].account);
        if (a->has_coords)
            nwithcoords++;
    }
    SAHA_EXPORT__TRY(
        saha__buf_puts(b, "<span><span class=\"sw\" style=\"background:#222222\">"
                          "</span>Home</span>"));
    if (nwithcoords > 0)
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<span><span class=\"sw\" style=\"background:"
                                           "#9a9a9a\"></span>Not visited</span>"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</figcaption>\n</figure>\n"));
    for (size_t d = 0; d < it->ndays; d++)
        SAHA_EXPORT__TRY(put_day(b, it, acc, d));

    SAHA_EXPORT__TRY(saha__buf_printf(b,
                                      "<section class=\"skipped\">\n<h2>Not visited (%zu)"
                                      "</h2>\n",
                                      it->nskipped));
    if (it->nskipped == 0) {
        SAHA_EXPORT__TRY(
            saha__buf_puts(b, "<p class=\"empty\">Every account is planned.</p>\n"));
    } else {
        SAHA_EXPORT__TRY(saha__buf_puts(b,
                                        "<div class=\"tw\"><table>\n<thead><tr>"
                                        "<th>Account</th><th>Reason</th><th>Detail</th>"
                                        "<th class=\"n\">Value</th></tr></thead>\n"
                                        "<tbody>\n"));
        for (size_t k = 0; k < it->nskipped; k++) {
            const saha_plan_skip *s = &it->skipped[k];
            const saha_account *a = saha_account_at(acc, s->account);
            const char *reason = saha_skip_reason_name(s->reason);
            SAHA_EXPORT__TRY(
                saha__buf_puts(b, "<tr class=\"skipped-row\" data-reason=\""));
            SAHA_EXPORT__TRY(saha_export__xml(b, reason ? reason : ""));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "\"><td>"));
            SAHA_EXPORT__TRY(saha_export__xml(b, saha_export__name(a)));
            SAHA_EXPORT__TRY(saha__buf_puts(b, " <span class=\"addr\">("));
            SAHA_EXPORT__TRY(saha_export__xml(b, a->id));
            SAHA_EXPORT__TRY(saha__buf_puts(b, ")</span></td><td>"));
            SAHA_EXPORT__TRY(saha_export__xml(b, reason ? reason : ""));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "</td><td>"));
            SAHA_EXPORT__TRY(saha_export__xml(b, s->detail ? s->detail : ""));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "</td><td class=\"n\">"));
            SAHA_EXPORT__TRY(put_money(b, s->value, NULL));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "</td></tr>\n"));
        }
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</tbody>\n</table></div>\n"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</section>\n"));
    if (it->nchanges > 0) { /* a re-plan: what changed against the previous plan */
        SAHA_EXPORT__TRY(saha__buf_printf(b,
                                          "<section class=\"changes\">\n<h2>Changes (%zu)"
                                          "</h2>\n<div class=\"tw\"><table>\n<thead><tr>"
                                          "<th>Account</th><th>Status</th><th>From</th>"
                                          "<th>To</th><th>Reason</th></tr></thead>\n"
                                          "<tbody>\n",
                                          it->nchanges));
        for (size_t k = 0; k < it->nchanges; k++) {
            const saha_plan_change *c = &it->changes[k];
            const saha_account *a = saha_account_at(acc, c->account);
            const char *st = saha_change_status_name(c->status);
            char from[24] = "", to[24] = "";
            if (c->from.year)
                snprintf(from, sizeof from, "%04d-%02d-%02d %02d:%02d", c->from.year % 10000,
                         c->from.month % 100, c->from.day % 100, c->from.hour % 100,
                         c->from.minute % 100);
            if (c->to.year)
                snprintf(to, sizeof to, "%04d-%02d-%02d %02d:%02d", c->to.year % 10000,
                         c->to.month % 100, c->to.day % 100, c->to.hour % 100,
                         c->to.minute % 100);
            SAHA_EXPORT__TRY(saha__buf_printf(b, "<tr class=\"change-%s\"><td>", st));
            SAHA_EXPORT__TRY(saha_export__xml(b, saha_export__name(a)));
            SAHA_EXPORT__TRY(saha__buf_puts(b, " <span class=\"addr\">("));
            SAHA_EXPORT__TRY(saha_export__xml(b, a->id));
            SAHA_EXPORT__TRY(saha__buf_printf(b, ")</span></td><td>%s</td><td>%s</td>"
                                                 "<td>%s</td><td>",
                                              st, from, to));
            SAHA_EXPORT__TRY(saha_export__xml(b, c->reason ? c->reason : ""));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "</td></tr>\n"));
        }
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</tbody>\n</table></div>\n</section>\n"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "<footer>Planned with saha " SAHA_VERSION_STRING));
    if (o->generated && o->generated[0]) {
        SAHA_EXPORT__TRY(saha__buf_puts(b, " on "));
        SAHA_EXPORT__TRY(saha_export__xml(b, o->generated));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b,
                                    ". Straight lines on the map join the stops in visit "
                                    "order; roads differ.</footer>\n</body>\n</html>\n"));
done:
    return rc;
}

static saha_status html_run(saha__buf *b, const saha_itinerary *it,
                            const saha_account_set *accounts, const saha_export_options *o)
{
    saha_geo *geo = o->geo, *own = NULL;
    saha_status rc = SAHA_OK;
    if (!geo) {
        rc = saha_geo_create(&own, b->ctx);
        geo = own;
    }
    if (rc >= 0)
        rc = html_doc(b, b->ctx, geo, it, accounts, o);
    saha_geo_free(own);
    return rc;
}

saha_status saha_export_html(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                             const saha_account_set *accounts,
                             const saha_export_options *opts)
{
    return saha_export__run(f, ctx, it, accounts, opts, NULL, html_run);
}
