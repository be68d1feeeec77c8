/* The HTML report's calendar (export_html.c calls it): a weeks x days table of a plan
 * that spans more than one week or keeps cadences (`saha plan --weeks`).
 *
 * One row per week (Monday first), one column per weekday any day of the plan falls
 * on. A worked day's cell (td.cal-day, data-date) shows its visits (b.cal-n) and its
 * working hours from leaving to coming back (span.cal-h, h:mm, the difference of the
 * leave and back times shown to the minute, as the day sheet shows them); a day of the
 * horizon that is not worked (a holiday, a day off) is td.cal-off, a day outside the
 * horizon td.cal-out. Hovering a cell, or tapping it (the cell takes focus), shows its
 * pop-up (div.cal-pop): the leave and back times and a line
 * per visit (li, data-id) with the account's name and every date the plan visits it
 * (span.cal-dates, this day in bold). No script: :hover and :focus-within do it, so the
 * pop-up works where scripts are off. The pop-up spans the calendar's width (it is
 * placed against div.cal-wrap), so it never widens a phone's page, and lets the pointer
 * through (pointer-events: none), so it never hides the cells under it from the next
 * hover or tap. Its texts, weekday and month names are in the report's language
 * (saha_export_options.lang and .translate).
 *
 * O(days x weekdays + stops + sum over stops of the account's visits). */
#include <stdlib.h>
#include <string.h>

#include "internal/export.h"

const char saha_export__calendar_css[] =
    ".cal-wrap{position:relative}table.cal{table-layout:fixed;width:100%;"
    "font-size:.9em}table.cal th,table.cal td{text-align:center;padding:4px 2px;"
    "border:1px solid #e5e7eb}table.cal th.cal-wk{width:4.2em;font-weight:600;"
    "font-size:.85em;white-space:nowrap}td.cal-day{cursor:pointer;"
    "background:#eef6ff}td.cal-day.cal-empty{background:#fff7ed}"
    "td.cal-off{background:#f3f4f6;color:#999}td.cal-out{background:#fafafa}"
    "td.cal-day:hover,td.cal-day:focus{outline:2px solid #1d4ed8}"
    ".cal-n{display:block;font-size:1.1em}.cal-h{display:block;color:#555;"
    "font-size:.85em;font-variant-numeric:tabular-nums}"
    ".cal-pop{display:none;position:absolute;left:0;right:0;z-index:5;"
    "background:#fff;border:1px solid #94a3b8;border-radius:6px;padding:6px 10px;"
    "text-align:left;box-shadow:0 2px 8px rgba(0,0,0,.2);font-weight:normal;"
    "pointer-events:none}"
    "td.cal-day:hover .cal-pop,td.cal-day:focus .cal-pop,"
    "td.cal-day:focus-within .cal-pop{display:block}"
    ".cal-pop p{margin:0 0 .3em}.cal-pop ul{margin:0;padding-left:1.1em}"
    ".cal-dates{display:block;color:#555;font-size:.85em}"
    "@media print{.cal-pop{display:none!important}}";

static int64_t day_no(saha_datetime d)
{
    return saha__days_from_civil(d.year, d.month, d.day);
}

/* "11 May" (tr "11 May", "2 Ara") */
static void short_date(char dst[16], int64_t day, const saha_export_options *o)
{
    int y, m, d;
    saha__civil_from_days(day, &y, &m, &d);
    snprintf(dst, 16, "%d %s", d, saha_export__month_short(m, o->lang));
}

/* "3:07" */
static void hmin(char dst[16], int64_t min)
{
    if (min < 0)
        min = 0;
    if (min > 99 * 60)
        min = 99 * 60;
    snprintf(dst, 16, "%d:%02d", (int)(min / 60), (int)(min % 60));
}

int saha_export__html_has_calendar(const saha_itinerary *it)
{
    if (it->ndays == 0)
        return 0;
    if (it->ncadence > 0)
        return 1;
    /* more than one Monday-to-Sunday week */
    return (day_no(it->days[it->ndays - 1].date) -
            (day_no(it->days[0].date) - it->days[0].weekday)) >= 7;
}

/* The pop-up of day d: times, day-sheet link, each visit with its account's dates. */
static saha_status put_pop(saha__buf *b, const saha_itinerary *it,
                           const saha_account_set *acc, size_t d, const size_t *first,
                           const size_t *visit_day, const saha_export_options *o)
{
    const saha_plan_day *day = &it->days[d];
    char t0[16], t1[16], dl[48], leave[64], back[64];
    saha_status rc = SAHA_OK;
    saha_export__hhmm(t0, day->leave_s);
    saha_export__hhmm(t1, day->return_s);
    snprintf(leave, sizeof leave, "<span class=\"cal-leave\">%s</span>", t0);
    snprintf(back, sizeof back, "<span class=\"cal-back\">%s</span>", t1);
    saha_export__day_label_lang(dl, day, o);
    SAHA_EXPORT__TRY(saha__buf_printf(b, "<div class=\"cal-pop\"><p><b>%s</b>: ", dl));
    SAHA_EXPORT__TRY(
        saha__buf_printf(b, LN_("%zu visit", "%zu visits", day->nstops), day->nstops));
    /* TRANSLATORS: a day of the calendar: the times of leaving home and coming back */
    SAHA_EXPORT__TRY(saha__buf_printf(b, L_(", leave %s, back %s"), leave, back));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</p><ul>"));
    for (size_t k = 0; k < day->nstops; k++) {
        size_t a = day->stops[k].account;
        const saha_account *ac = saha_account_at(acc, a);
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<li data-id=\""));
        SAHA_EXPORT__TRY(saha_export__xml(b, ac->id));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "\">"));
        SAHA_EXPORT__TRY(saha_export__xml(b, saha_export__name(ac)));
        SAHA_EXPORT__TRY(saha__buf_puts(b, " <span class=\"cal-dates\">"));
        for (size_t j = first[a]; j < first[a + 1]; j++) {
            char ds[16];
            int self = visit_day[j] == d;
            short_date(ds, day_no(it->days[visit_day[j]].date), o);
            SAHA_EXPORT__TRY(saha__buf_printf(b, "%s%s%s%s",
                                              j > first[a] ? " \xC2\xB7 " : "",
                                              self ? "<b>" : "", ds, self ? "</b>" : ""));
        }
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</span></li>"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</ul></div>"));
done:
    return rc;
}

saha_status saha_export__html_calendar(saha__buf *b, saha_ctx *ctx,
                                       const saha_itinerary *it,
                                       const saha_account_set *acc,
                                       const saha_export_options *o)
{
    size_t na = saha_account_count(acc), nvis = 0, *first = NULL, *visit_day = NULL,
           *fill = NULL, *day_of = NULL;
    int cols[7] = {0};
    int64_t d0, d1, mon0, h0 = day_no(it->horizon_start);
    saha_status rc = SAHA_OK;

    if (!saha_export__html_has_calendar(it))
        return SAHA_OK;
    d0 = day_no(it->days[0].date);
    d1 = day_no(it->days[it->ndays - 1].date);
    if (it->horizon_start.year == 0 || h0 > d0)
        h0 = d0;
    {
        int y, m, dd;
        saha__civil_from_days(h0, &y, &m, &dd);
        mon0 = h0 - saha__weekday(y, m, dd); /* the Monday of the first week */
    }
    for (size_t d = 0; d < it->ndays; d++) {
        cols[it->days[d].weekday % 7] = 1;
        nvis += it->days[d].nstops;
    }
    /* each account's visits in date order (CSR: first[a] .. first[a + 1]) */
    first = saha__calloc(ctx, na + 2, sizeof *first);
    fill = saha__calloc(ctx, na + 1, sizeof *fill);
    visit_day = saha__alloc_array(ctx, nvis + 1, sizeof *visit_day);
    day_of = saha__alloc_array(ctx, (size_t)(d1 - mon0 + 8), sizeof *day_of);
    if (!first || !fill || !visit_day || !day_of) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    for (size_t d = 0; d < it->ndays; d++)
        for (size_t k = 0; k < it->days[d].nstops; k++)
            if (it->days[d].stops[k].account < na)
                first[it->days[d].stops[k].account + 1]++;
    for (size_t a = 0; a < na; a++)
        first[a + 1] += first[a];
    for (size_t d = 0; d < it->ndays; d++)
        for (size_t k = 0; k < it->days[d].nstops; k++) {
            size_t a = it->days[d].stops[k].account;
            if (a < na)
                visit_day[first[a] + fill[a]++] = d;
        }
    for (int64_t k = 0; k < d1 - mon0 + 8; k++)
        day_of[k] = SIZE_MAX;
    for (size_t d = 0; d < it->ndays; d++)
        day_of[day_no(it->days[d].date) - mon0] = d;
    {
        unsigned long weeks = (unsigned long)((d1 - mon0) / 7 + 1);
        SAHA_EXPORT__TRY(
            saha__buf_puts(b, "<section class=\"calendar\" id=\"calendar\">\n<h2>"));
        SAHA_EXPORT__TRY(saha__buf_printf(
            b, LN_("Calendar: %lu week", "Calendar: %lu weeks", weeks), weeks));
        SAHA_EXPORT__TRY(
            saha__buf_printf(b, LN_(", %zu visit", ", %zu visits", nvis), nvis));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</h2>\n<p class=\"note\">"));
        SAHA_EXPORT__TRY(saha__buf_puts(
            b, L_("Each day: visits and working hours (h:mm, leaving home to coming "
                  "back). Hover or tap a day for its visits and each account's planned "
                  "dates.")));
        SAHA_EXPORT__TRY(saha__buf_printf(b,
                                          "</p>\n<div class=\"cal-wrap\"><table "
                                          "class=\"cal\"><thead><tr><th "
                                          "class=\"cal-wk\">%s</th>",
                                          L_("Week")));
    }
    for (int w = 0; w < 7; w++)
        if (cols[w])
            SAHA_EXPORT__TRY(
                saha__buf_printf(b, "<th>%s</th>", saha_export__weekday_min(w, o->lang)));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</tr></thead>\n<tbody>\n"));
    for (int64_t wk = mon0; wk <= d1; wk += 7) {
        char wl[16];
        short_date(wl, wk, o);
        SAHA_EXPORT__TRY(saha__buf_printf(b, "<tr><th class=\"cal-wk\">%s</th>", wl));
        for (int w = 0; w < 7; w++) {
            int64_t day = wk + w;
            size_t d;
            char ds[16];
            if (!cols[w])
                continue;
            d = day_of[day - mon0];
            if (day < h0 || day > d1) {
                SAHA_EXPORT__TRY(saha__buf_puts(b, "<td class=\"cal-out\"></td>"));
                continue;
            }
            {
                int y, m, dd;
                saha__civil_from_days(day, &y, &m, &dd);
                snprintf(ds, sizeof ds, "%04d-%02d-%02d", y % 10000, m, dd);
            }
            if (d == SIZE_MAX) {
                SAHA_EXPORT__TRY(
                    saha__buf_printf(b,
                                     "<td class=\"cal-off\" data-date=\"%s\" "
                                     "title=\"%s\">&#8211;</td>",
                                     ds, L_("not worked")));
                continue;
            }
            {
                const saha_plan_day *pd = &it->days[d];
                int64_t wmin = pd->nstops ? (saha_export__round_min(pd->return_s) -
                                             saha_export__round_min(pd->leave_s)) /
                                                60
                                          : 0;
                char hs[16];
                hmin(hs, wmin);
                SAHA_EXPORT__TRY(saha__buf_printf(
                    b,
                    "<td class=\"cal-day%s\" tabindex=\"0\" data-date=\"%s\" "
                    "data-visits=\"%zu\" data-work-min=\"%lld\"><b class=\"cal-n\">%zu"
                    "</b><span class=\"cal-h\">%s</span>",
                    pd->nstops ? "" : " cal-empty", ds, pd->nstops, (long long)wmin,
                    pd->nstops, hs));
                if (pd->nstops)
                    SAHA_EXPORT__TRY(put_pop(b, it, acc, d, first, visit_day, o));
                SAHA_EXPORT__TRY(saha__buf_puts(b, "</td>"));
            }
        }
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</tr>\n"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</tbody>\n</table></div>\n</section>\n"));
done:
    saha__free(ctx, day_of);
    saha__free(ctx, visit_day);
    saha__free(ctx, fill);
    saha__free(ctx, first);
    return rc;
}
