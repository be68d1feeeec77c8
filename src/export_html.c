/* HTML report: one self-contained file (inline CSS, SVG and, when the caller passes it,
 * Leaflet; no font, image or tile from anywhere else unless tiles were asked for), so it
 * opens offline and can be mailed or shared as is. Laid out for a phone first.
 *
 * Sections: header (title, rep), a chip per day; the day sheet: per day (today's first
 * when the week is under way, o->today) a card per stop (arrival-departure, name,
 * address, opening hours, appointment and must-visit badges, tel: link, notes, expected
 * value with the deal value, probability and urgency, the drive leg with a badge when
 * its straight line crosses water, links to Google Maps, Apple Maps, Yandex and geo:),
 * lunch and the way home; the week: the interactive map (export_html_map.c), the SVG map
 * (svgmap.c, over the basemap) with its legend, the totals; the call list (accounts not
 * visited, highest expected value first, reason, detail, tel: link). Print CSS shows the
 * SVG map. All text is escaped. Elements tests count: article.card.stop (one per stop),
 * path.route and g.map-marker.stop in the SVG, tr.skipped-row. O(stops + skipped x log).
 * Called by the CLI (plan --html, demo). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/export.h"
#include "internal/svgmap.h"

/* After a leg's numbers when they are the road model's estimate. */
static saha_status put_est(saha__buf *b, const saha_export_options *o)
{
    return saha__buf_printf(b, " <span class=\"est\" title=\"%s\">%s</span>",
                            L_("offline road model estimate, not road data"),
                            /* TRANSLATORS: short for "estimate" after a leg's km */
                            L_("est."));
}

static const char CSS[] =
    "*{box-sizing:border-box}"
    "html{-webkit-text-size-adjust:100%}"
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;"
    "max-width:980px;padding:12px;color:#1d1d1f;background:#fff;line-height:1.4;"
    "overflow-wrap:anywhere}"
    "h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin:1.2em 0 .4em}"
    "h3{font-size:1.02em;margin:.15em 0}"
    ".sub{color:#555;margin:0 0 .8em}"
    ".totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));"
    "gap:8px;margin:.8em 0}"
    ".totals div{background:#f3f4f6;border-radius:6px;padding:8px}"
    ".totals b{display:block;font-size:1.1em}"
    ".totals span{color:#555;font-size:.85em}"
    "nav.days{display:flex;flex-wrap:wrap;gap:6px;margin:.6em 0}"
    "nav.days a{padding:6px 10px;border-radius:16px;background:#eef2f7;color:#1d1d1f;"
    "text-decoration:none;font-size:.9em}nav.days a.today{background:#1d4ed8;color:#fff}"
    "figure{margin:0}svg.map{width:100%;height:auto;display:block;border-radius:6px}"
    "#lmap{height:62vh;min-height:320px;max-height:640px;border-radius:6px;"
    "background:#cfe2f0;display:none}"
    "html.lmap #lmap{display:block}html.lmap figure.svgmap{display:none}"
    ".legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.9em;margin:.4em 0}"
    ".legend label{cursor:pointer}"
    ".sw{display:inline-block;width:14px;height:14px;border-radius:3px;"
    "vertical-align:-2px;margin-right:4px}"
    ".note{color:#555;font-size:.85em}"
    ".est{color:#a15c00;font-size:.85em}.estnote{color:#a15c00;font-size:.85em}"
    "section.day{margin-top:1.2em}section.day.past h2{color:#666}"
    ".badge{display:inline-block;font-size:.78em;font-weight:600;padding:1px 7px;"
    "border-radius:10px;vertical-align:1px}"
    ".b-today{background:#1d4ed8;color:#fff}.b-appt{background:#b91c1c;color:#fff}"
    ".b-must{background:#92400e;color:#fff}.b-water{background:#fde68a;color:#713f12}"
    ".cards{display:grid;gap:10px}"
    ".card{border:1px solid #e5e7eb;border-left:5px solid #888;border-radius:8px;"
    "padding:10px 12px;background:#fff}"
    ".card p{margin:.25em 0}.card .time{font-variant-numeric:tabular-nums;"
    "font-weight:600}.num{display:inline-block;min-width:1.6em;text-align:center;"
    "color:#fff;border-radius:50%;font-weight:700;margin-right:6px}"
    ".card .id{color:#777;font-weight:normal;font-size:.85em}"
    ".muted{color:#555;font-size:.9em}"
    ".nav a,.tel{display:inline-block;margin:4px 6px 0 0;padding:7px "
    "10px;border-radius:6px;"
    "background:#eef2f7;color:#0b3d91;text-decoration:none;font-size:.9em}"
    ".tel{background:#e7f6ec;color:#14532d;font-weight:600}"
    ".ev b{font-variant-numeric:tabular-nums}"
    ".aux{color:#555;font-style:italic;margin:.4em 0 .4em 4px}"
    ".tw{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.92em}"
    "th,td{padding:5px 6px;border-bottom:1px solid #e5e7eb;text-align:left;"
    "vertical-align:top}th{background:#f9fafb;font-weight:600}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    ".empty{color:#777}footer{color:#888;font-size:.8em;margin:2em 0 1em}"
    ".lf-stop span,.lf-home span{display:block;width:24px;height:24px;line-height:22px;"
    "border-radius:50%;border:2px solid #fff;color:#fff;font:bold 12px sans-serif;"
    "text-align:center;box-shadow:0 0 2px #000}"
    ".lf-home span{border-radius:3px;background:#222}"
    ".lf-place{color:#5b6470;font:12px sans-serif;white-space:nowrap;"
    "text-shadow:0 0 3px #fff,0 0 3px #fff;pointer-events:none}"
    ".lf-place.r1{font-weight:bold;font-size:13px}"
    ".leaflet-popup-content .card{border:0;padding:0;max-width:280px}"
    "@media (max-width:600px){body{padding:8px}th,td{padding:4px}}"
    "@media (min-width:1100px){body{max-width:1440px}"
    ".layout{display:grid;grid-template-columns:minmax(0,5fr) minmax(0,6fr);gap:20px;"
    "align-items:start}.mapcol{position:sticky;top:0}.mapcol h2{margin-top:.6em}"
    "#lmap{height:calc(100vh - 60px);max-height:none}}"
    "@media print{#lmap,#lmap-legend,nav.days,.nav{display:none!important}"
    ".layout{display:block}"
    "figure.svgmap{display:block!important}.card,section.day{break-inside:avoid}"
    ".tw{overflow:visible}a{color:#000;text-decoration:none}"
    "body{max-width:none;font-size:11pt}}";

/* "5 h 07 min" / "42 min" */
static saha_status put_duration(saha__buf *b, double s, const saha_export_options *o)
{
    long m = isfinite(s) && s > 0 ? lround(s / 60.0) : 0;
    if (m >= 60)
        return saha__buf_printf(b, L_("%ld h %02ld min"), m / 60, m % 60);
    return saha__buf_printf(b, L_("%ld min"), m);
}

/* Whole currency units grouped by thousands in the report's language (o->lang), as
 * reports are read, not computed: "18,000 EUR", in Turkish "18.000 EUR". Exact values
 * are in the CSV. */
static saha_status put_money(saha__buf *b, double v, const char *cur,
                             const saha_export_options *o)
{
    saha_status rc = SAHA_OK;
    if (!isfinite(v) || fabs(v) >= 1e15)
        return saha__buf_puts(b, "&#8211;");
    SAHA_EXPORT__TRY(saha_export__num_lang(b, (double)llround(v), 0, 1, o));
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
                             const char *title, const saha_basemap *basemap,
                             const saha_export_options *o)
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
    saha_svgmap_basemap(m, basemap);
    /* skipped accounts first, so routes and markers draw over them */
    for (size_t k = 0; k < it->nskipped; k++) {
        const saha_plan_skip *s = &it->skipped[k];
        saha_latlon p;
        const saha_account *a = saha_export__skip_place(acc, s, &p);
        saha_svgmap_style st = SAHA_SVGMAP_STYLE_INIT;
        const char *reason = saha_skip_reason_name(s->reason);
        char tip[600];
        if (!a)
            continue;
        snprintf(tip, sizeof tip, L_("%s (not visited: %s)"), saha_export__name(a),
                 reason ? saha_export__skip_reason_text(s->reason, o) : "?");
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
        char dayno[24], label[48];
        if (day->nstops == 0)
            continue;
        snprintf(dayno, sizeof dayno, "%zu", d + 1);
        saha_export__day_label_lang(label, day, o);
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
        {
            size_t nroad;
            const saha_latlon *road = saha_export__road(o, d, &nroad);
            if (road && nroad >= 2) {
                st.cls = "route road";
                SAHA_EXPORT__TRY(saha_svgmap_polyline(m, road, nroad, &st));
            } else {
                SAHA_EXPORT__TRY(saha_svgmap_polyline(m, pts, day->nstops + 2, &st));
            }
        }
    }
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        char dayno[24], label[48];
        saha_export__day_label_lang(label, day, o);
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
        st.title = L_("Home");
        SAHA_EXPORT__TRY(saha_svgmap_home(m, it->home, &st));
    }
    SAHA_EXPORT__TRY(saha_svgmap_render(m, b, title));
done:
    saha_svgmap_free(m);
    saha__free(ctx, pts);
    return rc;
}

/* The digits (and a leading +) of a phone number for a tel: link; "" when it has none. */
static void tel_digits(char dst[64], const char *phone)
{
    size_t o = 0;
    for (const char *p = phone; *p && o + 1 < 64; p++) {
        if ((*p >= '0' && *p <= '9') || (*p == '+' && o == 0))
            dst[o++] = *p;
        else if (*p == ';' || *p == '/' || *p == ',')
            break; /* several numbers: the first */
    }
    dst[o] = '\0';
    if (o < 3)
        dst[0] = '\0';
}

static saha_status put_tel(saha__buf *b, const char *phone)
{
    char digits[64];
    saha_status rc = SAHA_OK;
    if (!phone || !phone[0])
        return SAHA_OK;
    tel_digits(digits, phone);
    if (!digits[0])
        return saha_export__xml(b, phone);
    SAHA_EXPORT__TRY(
        saha__buf_printf(b, "<a class=\"tel\" href=\"tel:%s\">&#9742; ", digits));
    SAHA_EXPORT__TRY(saha_export__xml(b, phone));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</a>"));
done:
    return rc;
}

/* Google Maps, Apple Maps, Yandex and a geo: URI (OsmAnd, Organic Maps, Android). */
static saha_status put_nav(saha__buf *b, double lat, double lon)
{
    char ll[64];
    snprintf(ll, sizeof ll, "%.6f,%.6f", lat, lon);
    return saha__buf_printf(
        b,
        "<p class=\"nav\">"
        "<a class=\"nav-google\" href=\"https://www.google.com/maps/dir/"
        "?api=1&amp;destination=%s\">Google Maps</a>"
        "<a class=\"nav-apple\" href=\"https://maps.apple.com/?daddr=%s\">"
        "Apple Maps</a>"
        "<a class=\"nav-yandex\" href=\"https://yandex.com/maps/"
        "?rtext=~%s\">Yandex</a>"
        "<a class=\"nav-geo\" href=\"geo:%s\">geo: (OsmAnd, Organic "
        "Maps)</a></p>\n",
        ll, ll, ll, ll);
}

static int same_date(saha_datetime a, saha_datetime b)
{
    return a.year == b.year && a.month == b.month && a.day == b.day;
}

static int date_cmp(saha_datetime a, saha_datetime b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}

/* The water a leg's straight line crosses (a badge), when the basemap knows. */
static saha_status put_water(saha__buf *b, const saha_export_options *o, saha_latlon from,
                             saha_latlon to)
{
    double w = o->basemap ? saha_basemap_water_m(o->basemap, from, to) : -1;
    char km[32], text[256];
    if (w < SAHA_BASEMAP_WATER_FLAG_M)
        return SAHA_OK;
    if (saha_format_number(km, sizeof km, w / 1000.0, 1, 1, o->lang) < 0)
        km[0] = '\0';
    snprintf(text, sizeof text, L_("crosses %s km of water: bridge or ferry?"), km);
    return saha__buf_printf(b,
                            " <span class=\"badge b-water\" data-water-km=\"%.1f\">%s"
                            "</span>",
                            w / 1000.0, text);
}

static saha_status put_card(saha__buf *b, const saha_itinerary *it,
                            const saha_account_set *acc, size_t d, size_t i,
                            const saha_export_options *o)
{
    const saha_plan_day *day = &it->days[d];
    const saha_plan_stop *st = &day->stops[i];
    const saha_account *a = saha_account_at(acc, st->account);
    const char *cur = it->currency ? it->currency : "";
    saha_latlon from =
        i == 0 ? day->start_pos
               : (saha_latlon){saha_account_at(acc, day->stops[i - 1].account)->lat_deg,
                               saha_account_at(acc, day->stops[i - 1].account)->lon_deg};
    char arr[16], dep[16], start[16], win[128], hours[512] = "";
    double base = a->value * a->probability;
    saha_status rc;

    saha_export__hhmm(arr, st->arrive_s);
    saha_export__hhmm(dep, st->depart_s);
    saha_export__hhmm(start, st->start_s);
    saha_export__window(win, a, day);
    if (a->has_appointment && same_date(a->appointment, day->date)) {
        char at[16];
        saha_export__hhmm(at, a->appointment.hour * 3600 + a->appointment.minute * 60);
        snprintf(win, sizeof win, L_("%s appointment"), at);
    } else if (!strcmp(win, "closed")) {
        snprintf(win, sizeof win, "%s", L_("closed"));
    }
    if (a->has_hours && saha_hours_format(a->hours, hours, sizeof hours) < 0)
        hours[0] = '\0';
    SAHA_EXPORT__TRY(
        saha__buf_printf(b,
                         "<article class=\"card stop\" id=\"stop-%zu-%zu\" "
                         "data-day=\"%zu\" data-seq=\"%zu\" data-lat=\"%.6f\" "
                         "data-lon=\"%.6f\" style=\"border-left-color:%s\">\n"
                         "<p><span class=\"num\" style=\"background:%s\">%zu"
                         "</span><span class=\"time\">%s&#8211;%s</span>",
                         d + 1, i + 1, d + 1, i + 1, a->lat_deg, a->lon_deg,
                         saha_svgmap_color(d), saha_svgmap_color(d), i + 1, arr, dep));
    if (st->start_s > st->arrive_s + 59) {
        SAHA_EXPORT__TRY(saha__buf_printf(b, " <span class=\"muted\">"));
        SAHA_EXPORT__TRY(saha__buf_printf(b, L_("(wait, visit from %s)"), start));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</span>"));
    }
    if (a->has_appointment && same_date(a->appointment, day->date)) {
        char at[16];
        saha_export__hhmm(at, a->appointment.hour * 3600 + a->appointment.minute * 60);
        SAHA_EXPORT__TRY(
            saha__buf_printf(b, " <span class=\"badge b-appt appointment\">"));
        SAHA_EXPORT__TRY(saha__buf_printf(b, L_("Appointment %s"), at));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</span>"));
    }
    if (a->must_visit)
        SAHA_EXPORT__TRY(saha__buf_printf(b, " <span class=\"badge b-must\">%s</span>",
                                          L_("must visit")));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</p>\n<h3>"));
    SAHA_EXPORT__TRY(saha_export__xml(b, saha_export__name(a)));
    SAHA_EXPORT__TRY(saha__buf_puts(b, " <span class=\"id\">"));
    SAHA_EXPORT__TRY(saha_export__xml(b, a->id));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</span></h3>\n"));
    if (a->address[0]) {
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<p class=\"addr\">"));
        SAHA_EXPORT__TRY(saha_export__xml(b, a->address));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</p>\n"));
    }
    if (win[0] || hours[0]) {
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<p class=\"hours muted\">"));
        if (win[0]) {
            SAHA_EXPORT__TRY(saha__buf_puts(b, L_("Today: ")));
            SAHA_EXPORT__TRY(saha_export__xml(b, win));
        }
        if (hours[0]) {
            SAHA_EXPORT__TRY(saha__buf_puts(b, win[0] ? L_(" &#183; opening hours ")
                                                      : L_("Opening hours ")));
            SAHA_EXPORT__TRY(saha_export__xml(b, hours));
        }
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</p>\n"));
    }
    if (a->phone[0]) {
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<p class=\"contact\">"));
        SAHA_EXPORT__TRY(put_tel(b, a->phone));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</p>\n"));
    }
    if (a->notes[0]) {
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<p class=\"notes\">&#9998; "));
        SAHA_EXPORT__TRY(saha_export__xml(b, a->notes));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</p>\n"));
    }
    SAHA_EXPORT__TRY(saha__buf_printf(b, "<p class=\"ev\">%s <b>", L_("Expected value")));
    SAHA_EXPORT__TRY(put_money(b, st->value, cur, o));
    SAHA_EXPORT__TRY(saha__buf_printf(b, "</b> <span class=\"muted\">%s ", L_("= deal")));
    SAHA_EXPORT__TRY(put_money(b, a->value, cur, o));
    {
        char pct[32];
        saha_format_number(pct, sizeof pct, a->probability * 100, 0, 0, o->lang);
        /* TRANSLATORS: after the deal value: "x 60 % likely" (&#215; is the sign) */
        SAHA_EXPORT__TRY(saha__buf_printf(b, L_(" &#215; %s %% likely"), pct));
        if (base > 0 && fabs(st->value / base - 1) > 0.005) {
            saha_format_number(pct, sizeof pct, st->value / base, 2, 0, o->lang);
            SAHA_EXPORT__TRY(saha__buf_printf(b, L_(" &#215; %s urgency"), pct));
        }
    }
    SAHA_EXPORT__TRY(
        saha__buf_printf(b, "</span></p>\n<p class=\"leg muted\">%s ", L_("Drive")));
    SAHA_EXPORT__TRY(saha_export__num_lang(b, st->leg_m / 1000.0, 1, 1, o));
    SAHA_EXPORT__TRY(saha__buf_puts(b, " km, "));
    SAHA_EXPORT__TRY(put_duration(b, st->leg_s, o));
    if (st->leg_estimated)
        SAHA_EXPORT__TRY(put_est(b, o));
    SAHA_EXPORT__TRY(
        saha__buf_puts(b, i == 0 ? L_(" from the start") : L_(" from the last stop")));
    if (st->leg_estimated) /* road data knows its bridge or ferry */
        SAHA_EXPORT__TRY(put_water(b, o, from, (saha_latlon){a->lat_deg, a->lon_deg}));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</p>\n"));
    SAHA_EXPORT__TRY(put_nav(b, a->lat_deg, a->lon_deg));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</article>\n"));
done:
    return rc;
}

static saha_status put_day(saha__buf *b, const saha_itinerary *it,
                           const saha_account_set *acc, size_t d,
                           const saha_export_options *o)
{
    const saha_plan_day *day = &it->days[d];
    int today = o->today.year != 0 && same_date(day->date, o->today);
    int past = o->today.year != 0 && date_cmp(day->date, o->today) < 0;
    const char *cur = it->currency ? it->currency : "";
    char label[96], date[16], t0[16], t1[16];
    saha_status rc;

    /* the day's heading says the whole date: "Wednesday 2 December 2026", in Turkish
     * "2 Aralık 2026 Çarşamba" */
    if (saha_format_date(label, sizeof label, day->date, SAHA_DATE_LONG, o->lang) < 0)
        saha_export__date(label, day->date);
    saha_export__date(date, day->date);
    saha_export__hhmm(t0, day->leave_s);
    saha_export__hhmm(t1, day->return_s);
    SAHA_EXPORT__TRY(saha__buf_printf(b,
                                      "<section class=\"day%s%s\" id=\"day-%zu\" "
                                      "data-day=\"%zu\" data-date=\"%s\">\n<h2><span "
                                      "class=\"sw\" style=\"background:%s\"></span>%s "
                                      "\xE2\x80\x94 ",
                                      today ? " today" : "", past ? " past" : "", d + 1,
                                      d + 1, date, saha_svgmap_color(d), label));
    SAHA_EXPORT__TRY(
        saha__buf_printf(b, LN_("%zu visit", "%zu visits", day->nstops), day->nstops));
    if (today)
        SAHA_EXPORT__TRY(
            saha__buf_printf(b, " <span class=\"badge b-today\">%s</span>", L_("Today")));
    if (past)
        SAHA_EXPORT__TRY(
            saha__buf_printf(b, " <span class=\"muted\">%s</span>", L_("(past)")));
    if (day->nstops == 0) {
        SAHA_EXPORT__TRY(saha__buf_printf(
            b, "</h2>\n<p class=\"empty\">%s</p>\n</section>\n",
            day->start_hotel != day->end_hotel
                ? L_("No visits planned; the day is the drive between two nights away.")
                : L_("No visits planned.")));
        return SAHA_OK;
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, ", "));
    SAHA_EXPORT__TRY(saha_export__num_lang(b, day->drive_m / 1000.0, 0, 1, o));
    SAHA_EXPORT__TRY(saha__buf_puts(b, " km</h2>\n<p class=\"sub\">"));
    SAHA_EXPORT__TRY(saha__buf_printf(b,
                                      day->start_hotel != SIZE_MAX
                                          ? L_("Leave the hotel %s, back %s; driving ")
                                          : L_("Leave %s, back %s; driving "),
                                      t0, t1));
    SAHA_EXPORT__TRY(put_duration(b, day->drive_s, o));
    SAHA_EXPORT__TRY(saha__buf_puts(b, L_("; expected value ")));
    SAHA_EXPORT__TRY(put_money(b, day->value, cur, o));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</p>\n<div class=\"cards\">\n"));
    for (size_t i = 0; i <= day->nstops; i++) {
        if (day->lunch_start_s >= 0 && day->lunch_after == i) {
            /* the note of the stop after the lunch (of the last one when it is on
             * the way home); a day without stops has no lunch */
            size_t si = i < day->nstops ? i : day->nstops - 1;
            char l0[16], l1[16];
            saha_export__hhmm(l0, day->lunch_start_s);
            saha_export__hhmm(l1, day->lunch_start_s + day->lunch_s);
            SAHA_EXPORT__TRY(saha__buf_puts(b, "<p class=\"aux lunch\">"));
            SAHA_EXPORT__TRY(saha__buf_printf(b, L_("Lunch %s&#8211;%s, "), l0, l1));
            SAHA_EXPORT__TRY(saha_export__lunch_note(b, day, si, o));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "</p>\n"));
        }
        if (i == day->nstops)
            break;
        SAHA_EXPORT__TRY(put_card(b, it, acc, d, i, o));
    }
    {
        const saha_account *last =
            saha_account_at(acc, day->stops[day->nstops - 1].account);
        saha_latlon lp = {last->lat_deg, last->lon_deg};
        if (day->end_hotel < saha_account_count(acc)) {
            saha__buf name;
            saha__buf_init(&name, b->ctx, SAHA__BUF_NOLIMIT);
            rc = saha_export__xml(&name, saha_account_at(acc, day->end_hotel)->name);
            if (rc >= 0)
                rc = saha__buf_printf(b, "<p class=\"aux home\">");
            if (rc >= 0)
                rc = saha__buf_printf(b, L_("To the hotel near %s, arrive %s: "),
                                      name.data ? name.data : "", t1);
            saha__buf_free(&name);
            if (rc < 0)
                goto done;
        } else {
            SAHA_EXPORT__TRY(saha__buf_puts(b, "<p class=\"aux home\">"));
            SAHA_EXPORT__TRY(saha__buf_printf(b, L_("Back home %s: "), t1));
        }
        SAHA_EXPORT__TRY(saha_export__num_lang(b, day->return_leg_m / 1000.0, 1, 1, o));
        SAHA_EXPORT__TRY(saha__buf_puts(b, " km, "));
        SAHA_EXPORT__TRY(put_duration(b, day->return_leg_s, o));
        if (day->return_leg_estimated)
            SAHA_EXPORT__TRY(put_est(b, o));
        if (day->return_leg_estimated)
            SAHA_EXPORT__TRY(put_water(b, o, lp, day->end_pos));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</p>\n"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</div>\n</section>\n"));
done:
    return rc;
}

static const saha_itinerary *cmp_it;
static int skip_by_value(const void *x, const void *y)
{
    const saha_plan_skip *p = &cmp_it->skipped[*(const size_t *)x];
    const saha_plan_skip *q = &cmp_it->skipped[*(const size_t *)y];
    if (p->value != q->value)
        return p->value > q->value ? -1 : 1;
    return *(const size_t *)x < *(const size_t *)y ? -1 : 1;
}

/* The call list: the accounts left out, most valuable first, with a tel: link. */
static saha_status put_call_list(saha__buf *b, saha_ctx *ctx, const saha_itinerary *it,
                                 const saha_account_set *acc,
                                 const saha_export_options *o)
{
    size_t *order = NULL;
    saha_status rc = SAHA_OK;

    SAHA_EXPORT__TRY(
        saha__buf_puts(b, "<section class=\"skipped\" id=\"call-list\">\n<h2>"));
    SAHA_EXPORT__TRY(
        saha__buf_printf(b, L_("Call list: not visited (%zu)"), it->nskipped));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</h2>\n"));
    if (it->nskipped == 0) {
        SAHA_EXPORT__TRY(saha__buf_printf(b, "<p class=\"empty\">%s</p>\n",
                                          L_("Every account is planned.")));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</section>\n"));
        goto done;
    }
    order = saha__alloc_array(ctx, it->nskipped, sizeof *order);
    if (!order) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t k = 0; k < it->nskipped; k++)
        order[k] = k;
    cmp_it = it; /* qsort has no payload; the export runs on one thread per call */
    qsort(order, it->nskipped, sizeof *order, skip_by_value);
    SAHA_EXPORT__TRY(saha__buf_printf(
        b,
        "<p class=\"note\">%s</p>\n<div class=\"tw\"><table>\n<thead><tr>"
        "<th>%s</th><th>%s</th><th class=\"n\">%s</th><th>%s</th></tr></thead>\n"
        "<tbody>\n",
        L_("Sorted by expected value (deal x probability x urgency), highest first."),
        L_("Account"), L_("Why not visited"), L_("Expected value"),
        /* TRANSLATORS: the call list's column of phone links */
        L_("Call")));
    for (size_t j = 0; j < it->nskipped; j++) {
        const saha_plan_skip *s = &it->skipped[order[j]];
        const saha_account *a = saha_account_at(acc, s->account);
        const char *reason = saha_skip_reason_name(s->reason);
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<tr class=\"skipped-row\" data-reason=\""));
        SAHA_EXPORT__TRY(saha_export__xml(b, reason ? reason : ""));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "\"><td>"));
        SAHA_EXPORT__TRY(saha_export__xml(b, saha_export__name(a)));
        SAHA_EXPORT__TRY(saha__buf_puts(b, " <span class=\"id\">"));
        SAHA_EXPORT__TRY(saha_export__xml(b, a->id));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</span>"));
        if (a->address[0]) {
            SAHA_EXPORT__TRY(saha__buf_puts(b, "<br><span class=\"muted\">"));
            SAHA_EXPORT__TRY(saha_export__xml(b, a->address));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "</span>"));
        }
        if (a->notes[0]) {
            SAHA_EXPORT__TRY(saha__buf_puts(b, "<br><span class=\"muted\">&#9998; "));
            SAHA_EXPORT__TRY(saha_export__xml(b, a->notes));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "</span>"));
        }
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</td><td>"));
        SAHA_EXPORT__TRY(saha_export__xml(
            b, reason ? saha_export__skip_reason_text(s->reason, o) : ""));
        if (s->detail && s->detail[0]) {
            char said[512];
            SAHA_EXPORT__TRY(saha__buf_puts(b, "<br><span class=\"muted\">"));
            SAHA_EXPORT__TRY(saha_export__xml(
                b, saha_export__detail(said, sizeof said, &s->why, s->detail, o)));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "</span>"));
        }
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</td><td class=\"n\">"));
        SAHA_EXPORT__TRY(put_money(b, s->value, NULL, o));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</td><td>"));
        SAHA_EXPORT__TRY(put_tel(b, a->phone));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</td></tr>\n"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</tbody>\n</table></div>\n</section>\n"));
done:
    saha__free(ctx, order);
    return rc;
}

/* The first day on or after o->today when the week is under way (today after the first
 * day and on or before the last), else 0 (date order). */
static size_t first_day(const saha_itinerary *it, const saha_export_options *o)
{
    if (o->today.year == 0 || it->ndays == 0 ||
        date_cmp(o->today, it->days[0].date) <= 0 ||
        date_cmp(o->today, it->days[it->ndays - 1].date) > 0)
        return 0;
    for (size_t d = 0; d < it->ndays; d++)
        if (date_cmp(it->days[d].date, o->today) >= 0)
            return d;
    return 0;
}

/* opts->title, else "Week of 30 Nov 2026" in the report's language */
static const char *html_title(char *dst, size_t cap, const saha_itinerary *it,
                              const saha_export_options *o)
{
    char d0[64];
    if (o->title && o->title[0])
        return o->title;
    if (it->ndays == 0 || saha_format_date(d0, sizeof d0, it->days[0].date,
                                           SAHA_DATE_DAY_MONTH_YEAR, o->lang) < 0)
        return L_("Itinerary");
    snprintf(dst, cap, L_("Week of %s"), d0);
    return dst;
}

static saha_status html_doc(saha__buf *b, saha_ctx *ctx, saha_geo *geo,
                            const saha_itinerary *it, const saha_account_set *acc,
                            const saha_export_options *o)
{
    const char *cur = it->currency ? it->currency : "";
    char tbuf[160];
    const char *title = html_title(tbuf, sizeof tbuf, it, o);
    size_t nvisits = 0, nwithcoords = 0, f0 = first_day(it, o), nwater = 0;
    saha_status rc;

    for (size_t d = 0; d < it->ndays; d++)
        nvisits += it->days[d].nstops;
    nwater = saha_export_water_legs(it, acc, o->basemap, NULL, 0);
    SAHA_EXPORT__TRY(saha__buf_printf(
        b,
        "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
        "<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"saha " SAHA_VERSION_STRING "\">\n<title>",
        saha_format_lang(o->lang)));
    SAHA_EXPORT__TRY(saha_export__xml(b, title));
    SAHA_EXPORT__TRY(saha__buf_printf(b, "</title>\n<style>%s</style>\n", CSS));
    if (saha_export__html_has_calendar(it))
        SAHA_EXPORT__TRY(
            saha__buf_printf(b, "<style>%s</style>\n", saha_export__calendar_css));
    SAHA_EXPORT__TRY(saha_export__html_map_head(b, o));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</head>\n<body>\n<header>\n<h1>"));
    SAHA_EXPORT__TRY(saha_export__xml(b, title));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</h1>\n<p class=\"sub\">"));
    if (it->rep_name && it->rep_name[0]) {
        SAHA_EXPORT__TRY(saha_export__xml(b, it->rep_name));
        SAHA_EXPORT__TRY(saha__buf_puts(b, " \xC2\xB7 "));
    }
    SAHA_EXPORT__TRY(saha__buf_printf(
        b, LN_("%zu working day", "%zu working days", it->ndays), it->ndays));
    if (it->timezone && it->timezone[0]) {
        SAHA_EXPORT__TRY(saha__buf_puts(b, " \xC2\xB7 "));
        SAHA_EXPORT__TRY(saha__buf_puts(b, L_("times in ")));
        SAHA_EXPORT__TRY(saha_export__xml(b, it->timezone));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</p>\n</header>\n<nav class=\"days\">"));
    for (size_t j = 0; j < it->ndays; j++) {
        size_t d = (f0 + j) % it->ndays;
        char label[48];
        saha_export__day_label_lang(label, &it->days[d], o);
        SAHA_EXPORT__TRY(saha__buf_printf(
            b, "<a href=\"#day-%zu\"%s>%s (%zu)</a>", d + 1,
            o->today.year && same_date(it->days[d].date, o->today) ? " class=\"today\""
                                                                   : "",
            label, it->days[d].nstops));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "<a href=\"#call-list\">"));
    SAHA_EXPORT__TRY(saha__buf_printf(b, L_("Call list (%zu)"), it->nskipped));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</a></nav>\n"));
    /* a quarter plan: the weeks x days calendar before the day sheets */
    SAHA_EXPORT__TRY(saha_export__html_calendar(b, ctx, it, acc, o));
    /* the day sheet first: the rep reads it in the car; on a wide screen the map sits
     * beside it */
    SAHA_EXPORT__TRY(
        saha__buf_puts(b, "<div class=\"layout\">\n<div class=\"sheet\">\n"));
    for (size_t j = 0; j < it->ndays; j++) {
        size_t d = (f0 + j) % it->ndays;
        SAHA_EXPORT__TRY(put_day(b, it, acc, d, o));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</div>\n<aside class=\"mapcol\">\n"
                                       "<section class=\"week\">\n"));
    SAHA_EXPORT__TRY(saha_export__html_map_body(b, it, acc, o));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "<figure class=\"svgmap\">\n"));
    SAHA_EXPORT__TRY(build_map(b, ctx, geo, it, acc, title, o->basemap, o));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "<figcaption class=\"legend\">"));
    for (size_t d = 0; d < it->ndays; d++) {
        char label[48];
        if (it->days[d].nstops == 0)
            continue;
        saha_export__day_label_lang(label, &it->days[d], o);
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
        saha__buf_printf(b,
                         "<span><span class=\"sw\" style=\"background:#222222\">"
                         "</span>%s</span>",
                         L_("Home")));
    if (nwithcoords > 0)
        SAHA_EXPORT__TRY(saha__buf_printf(b,
                                          "<span><span class=\"sw\" style=\"background:"
                                          "#9a9a9a\"></span>%s</span>",
                                          L_("Not visited")));
    SAHA_EXPORT__TRY(saha__buf_printf(b,
                                      "</figcaption>\n</figure>\n<h2>%s</h2>\n"
                                      "<div class=\"totals\">\n",
                                      L_("The week")));
    SAHA_EXPORT__TRY(put_total(b, L_("Visits"), "t-visits"));
    SAHA_EXPORT__TRY(saha_export__num_lang(b, (double)nvisits, 0, 1, o));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</b></div>\n"));
    SAHA_EXPORT__TRY(put_total(b, L_("Distance"), "t-km"));
    SAHA_EXPORT__TRY(saha_export__num_lang(b, it->drive_m / 1000.0, 0, 1, o));
    SAHA_EXPORT__TRY(saha__buf_puts(b, " km</b></div>\n"));
    SAHA_EXPORT__TRY(put_total(b, L_("Driving"), "t-drive"));
    SAHA_EXPORT__TRY(put_duration(b, it->drive_s, o));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</b></div>\n"));
    SAHA_EXPORT__TRY(put_total(b, L_("Working time"), "t-work"));
    SAHA_EXPORT__TRY(put_duration(b, it->work_s, o));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</b></div>\n"));
    SAHA_EXPORT__TRY(put_total(b, L_("Expected value won"), "t-won"));
    SAHA_EXPORT__TRY(put_money(b, it->value_won, cur, o));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</b></div>\n"));
    SAHA_EXPORT__TRY(put_total(b, L_("Expected value left"), "t-left"));
    SAHA_EXPORT__TRY(put_money(b, it->value_left, cur, o));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</b></div>\n"));
    SAHA_EXPORT__TRY(put_total(b, L_("Travel cost"), "t-cost"));
    SAHA_EXPORT__TRY(put_money(b, it->travel_cost, cur, o));
    SAHA_EXPORT__TRY(saha__buf_printf(
        b, "</b></div>\n</div>\n<p class=\"note\">%s</p>\n",
        L_("Expected value = deal value x win probability x urgency (overdue accounts "
           "count more); the deal value is shown beside it on each stop.")));
    if (nwater > 0) {
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<p class=\"note water-legs\">"));
        SAHA_EXPORT__TRY(saha__buf_printf(
            b,
            LN_("%zu leg crosses open water in a straight line (marked on the stops): "
                "the drive time assumes a road, check the bridge or ferry.",
                "%zu legs cross open water in a straight line (marked on the stops): "
                "the drive time assumes a road, check the bridge or ferry.",
                nwater),
            nwater));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</p>\n"));
    }
    if (it->legs_estimated > 0) {
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<p class=\"estnote\">"));
        SAHA_EXPORT__TRY(saha__buf_printf(
            b,
            L_("%zu of %zu legs are estimates of the offline road model (straight line x "
               "circuity), marked <span class=\"est\">est.</span>; for road times plan "
               "with an OSRM server (--provider osrm), a matrix file (--provider file) "
               "or "
               "a model fitted by saha calibrate."),
            it->legs_estimated, it->legs));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</p>\n"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</section>\n</aside>\n</div>\n"));
    SAHA_EXPORT__TRY(put_call_list(b, ctx, it, acc, o));
    if (it->nchanges > 0) { /* a re-plan: what changed against the previous plan */
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<section class=\"changes\">\n<h2>"));
        SAHA_EXPORT__TRY(saha__buf_printf(b, L_("Changes (%zu)"), it->nchanges));
        SAHA_EXPORT__TRY(saha__buf_printf(
            b,
            "</h2>\n<div class=\"tw\"><table>\n<thead><tr><th>%s</th><th>%s</th>"
            "<th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
            L_("Account"), L_("Status"), L_("From"), L_("To"), L_("Reason")));
        for (size_t k = 0; k < it->nchanges; k++) {
            const saha_plan_change *c = &it->changes[k];
            char said[512];
            const saha_account *a = saha_account_at(acc, c->account);
            const char *st = saha_change_status_name(c->status);
            char from[24], to[24];
            saha_export__change_when(from, c, 0);
            saha_export__change_when(to, c, 1);
            SAHA_EXPORT__TRY(saha__buf_printf(b, "<tr class=\"change-%s\"><td>", st));
            SAHA_EXPORT__TRY(saha_export__xml(b, saha_export__name(a)));
            SAHA_EXPORT__TRY(saha__buf_puts(b, " <span class=\"addr\">("));
            SAHA_EXPORT__TRY(saha_export__xml(b, a->id));
            SAHA_EXPORT__TRY(saha__buf_printf(
                b,
                ")</span></td><td>%s</td><td>%s</td>"
                "<td>%s</td><td>",
                saha_export__change_status_text(c->status, o), from, to));
            SAHA_EXPORT__TRY(saha_export__xml(
                b, saha_export__detail(said, sizeof said, &c->why, c->reason, o)));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "</td></tr>\n"));
        }
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</tbody>\n</table></div>\n</section>\n"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "<footer>"));
    SAHA_EXPORT__TRY(
        saha__buf_printf(b, L_("Planned with saha %s"), SAHA_VERSION_STRING));
    if (o->generated && o->generated[0]) {
        SAHA_EXPORT__TRY(saha__buf_puts(b, L_(" on ")));
        SAHA_EXPORT__TRY(saha_export__xml(b, o->generated));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(
        b,
        L_(". Straight lines on the map join the stops in visit order; roads differ.")));
    if (o->basemap)
        SAHA_EXPORT__TRY(saha__buf_puts(
            b, L_(" Basemap: Natural Earth (public domain) and OpenStreetMap place names "
                  "(ODbL) unless given with --basemap.")));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</footer>\n"));
    SAHA_EXPORT__TRY(saha_export__html_map_script(b, o));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</body>\n</html>\n"));
done:
    return rc;
}

static saha_status html_run(saha__buf *b, const saha_itinerary *it,
                            const saha_account_set *accounts,
                            const saha_export_options *o)
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
