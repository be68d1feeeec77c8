/* KML 2.2 writer (OGC 07-147r2), for Google Earth, Google My Maps and phone map apps.
 *
 * A Document with a line Style per day (KML colours are aabbggrr) and a home and a
 * skipped style, then a Folder per day with visits holding a Placemark per stop (name
 * "03 Acme Ltd", description with times and value) and a Placemark with the day's
 * LineString (the road shape when opts->roads has the day's, else home, stops in order,
 * home in straight legs), then a home Placemark and a
 * "Not visited" Folder with the skipped accounts that have coordinates. Coordinates are
 * "lon,lat" with 6 decimals. O(stops + skipped). Called by the CLI (plan --kml). */
#include <math.h>
#include <string.h>

#include "internal/export.h"
#include "internal/svgmap.h"

/* "#rrggbb" -> "ffbbggrr" */
static void kml_color(char dst[9], const char *rgb)
{
    dst[0] = 'f';
    dst[1] = 'f';
    dst[2] = rgb[5];
    dst[3] = rgb[6];
    dst[4] = rgb[3];
    dst[5] = rgb[4];
    dst[6] = rgb[1];
    dst[7] = rgb[2];
    dst[8] = '\0';
}

static saha_status put_coord(saha__buf *b, saha_latlon p)
{
    return saha_export__num_pair(b, "", p.lon_deg, ",", p.lat_deg, "");
}

static saha_status put_point(saha__buf *b, const char *ind, saha_latlon p)
{
    saha_status rc = saha__buf_printf(b, "%s<Point><coordinates>", ind);
    if (rc == SAHA_OK)
        rc = put_coord(b, p);
    if (rc == SAHA_OK)
        rc = saha__buf_puts(b, "</coordinates></Point>\n");
    return rc;
}

static saha_status kml_doc(saha__buf *b, const saha_itinerary *it,
                           const saha_account_set *acc, const saha_export_options *o)
{
    const char *cur = it->currency ? it->currency : "";
    char title[64];
    saha__buf tmp;
    saha_status rc;
    size_t nskip_shown = 0;

    saha__buf_init(&tmp, b->ctx, SAHA__BUF_NOLIMIT);
    SAHA_EXPORT__TRY(saha__buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                       "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n"
                                       "<Document>\n"));
    SAHA_EXPORT__TRY(
        saha_export__xml_el(b, "  ", "name", saha_export__title(title, it, o)));
    for (size_t d = 0; d < it->ndays; d++) {
        char c[9];
        if (it->days[d].nstops == 0)
            continue;
        kml_color(c, saha_svgmap_color(d));
        SAHA_EXPORT__TRY(
            saha__buf_printf(b,
                             "  <Style id=\"day%zu\"><LineStyle><color>%s</color>"
                             "<width>4</width></LineStyle><IconStyle><color>%s"
                             "</color></IconStyle></Style>\n",
                             d + 1, c, c));
    }
    SAHA_EXPORT__TRY(
        saha__buf_puts(b, "  <Style id=\"home\"><IconStyle><color>ff222222</color>"
                          "<scale>1.2</scale></IconStyle></Style>\n"
                          "  <Style id=\"skipped\"><IconStyle><color>ff9a9a9a"
                          "</color><scale>0.7</scale></IconStyle></Style>\n"));
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        char label[32], date[16], head[96];
        if (day->nstops == 0)
            continue;
        saha_export__day_label(label, day);
        saha_export__date(date, day->date);
        snprintf(head, sizeof head, "%s \xE2\x80\x94 %zu visit%s, %.0f km", label,
                 day->nstops, day->nstops == 1 ? "" : "s", day->drive_m / 1000.0);
        SAHA_EXPORT__TRY(saha__buf_printf(b, "  <Folder id=\"day-%zu\">\n", d + 1));
        SAHA_EXPORT__TRY(saha_export__xml_el(b, "    ", "name", head));
        for (size_t i = 0; i < day->nstops; i++) {
            const saha_plan_stop *st = &day->stops[i];
            const saha_account *a = saha_account_at(acc, st->account);
            saha_latlon p = {a->lat_deg, a->lon_deg};
            char name[512], arr[16], dep[16], win[128];
            saha_export__hhmm(arr, st->arrive_s);
            saha_export__hhmm(dep, st->depart_s);
            saha_export__window(win, a, day);
            snprintf(name, sizeof name, "%02zu %s", i + 1, saha_export__name(a));
            saha__buf_clear(&tmp);
            SAHA_EXPORT__TRY(saha__buf_printf(&tmp, "%s, arrive %s, leave %s; value ",
                                              date, arr, dep));
            SAHA_EXPORT__TRY(saha_export__num(&tmp, st->value, 2, "0"));
            if (cur[0])
                SAHA_EXPORT__TRY(saha__buf_printf(&tmp, " %s", cur));
            if (win[0])
                SAHA_EXPORT__TRY(saha__buf_printf(&tmp, "; window %s", win));
            if (saha_export__lunch_at(day, i)) {
                char l0[16], l1[16];
                saha_export__hhmm(l0, day->lunch_start_s);
                saha_export__hhmm(l1, day->lunch_start_s + day->lunch_s);
                SAHA_EXPORT__TRY(saha__buf_printf(
                    &tmp, "; lunch %s this visit %s-%s, ",
                    saha_export__lunch_at(day, i) == 1 ? "before" : "after", l0, l1));
                SAHA_EXPORT__TRY(saha_export__lunch_note(&tmp, day, i, NULL));
            }
            if (a->address[0]) {
                SAHA_EXPORT__TRY(saha__buf_puts(&tmp, "; "));
                SAHA_EXPORT__TRY(saha__buf_puts(&tmp, a->address));
            }
            SAHA_EXPORT__TRY(saha__buf_puts(b, "    <Placemark>\n"));
            SAHA_EXPORT__TRY(saha_export__xml_el(b, "      ", "name", name));
            SAHA_EXPORT__TRY(saha_export__xml_el(b, "      ", "description", tmp.data));
            SAHA_EXPORT__TRY(saha__buf_printf(b,
                                              "      <styleUrl>#day%zu</styleUrl>\n"
                                              "      <ExtendedData>"
                                              "<Data name=\"id\"><value>",
                                              d + 1));
            SAHA_EXPORT__TRY(saha_export__xml(b, a->id));
            SAHA_EXPORT__TRY(
                saha__buf_printf(b,
                                 "</value></Data><Data name=\"day\"><value>%zu"
                                 "</value></Data><Data name=\"seq\"><value>%zu"
                                 "</value></Data></ExtendedData>\n",
                                 d + 1, i + 1));
            SAHA_EXPORT__TRY(put_point(b, "      ", p));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "    </Placemark>\n"));
        }
        SAHA_EXPORT__TRY(saha__buf_puts(b, "    <Placemark>\n"));
        SAHA_EXPORT__TRY(saha_export__xml_el(b, "      ", "name", label));
        SAHA_EXPORT__TRY(saha__buf_printf(b,
                                          "      <styleUrl>#day%zu</styleUrl>\n"
                                          "      <LineString><tessellate>1</tessellate>"
                                          "<coordinates>",
                                          d + 1));
        SAHA_EXPORT__TRY(saha_export__day_line(b, day, d, acc, o, " ", put_coord));
        SAHA_EXPORT__TRY(saha__buf_puts(b,
                                        "</coordinates></LineString>\n    </Placemark>\n"
                                        "  </Folder>\n"));
    }
    if (isfinite(it->home.lat_deg) && isfinite(it->home.lon_deg)) {
        SAHA_EXPORT__TRY(saha__buf_puts(b, "  <Placemark>\n"));
        SAHA_EXPORT__TRY(saha_export__xml_el(b, "    ", "name", "Home"));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "    <styleUrl>#home</styleUrl>\n"));
        SAHA_EXPORT__TRY(put_point(b, "    ", it->home));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "  </Placemark>\n"));
    }
    for (size_t k = 0; k < it->nskipped; k++) {
        const saha_plan_skip *s = &it->skipped[k];
        saha_latlon p;
        const saha_account *a = saha_export__skip_place(acc, s, &p);
        const char *reason = saha_skip_reason_name(s->reason);
        if (!a)
            continue;
        if (nskip_shown++ == 0)
            SAHA_EXPORT__TRY(saha__buf_puts(b, "  <Folder id=\"skipped\">\n"
                                               "    <name>Not visited</name>\n"));
        saha__buf_clear(&tmp);
        SAHA_EXPORT__TRY(saha__buf_puts(&tmp, reason ? reason : ""));
        if (s->detail && s->detail[0]) {
            SAHA_EXPORT__TRY(saha__buf_puts(&tmp, ": "));
            SAHA_EXPORT__TRY(saha__buf_puts(&tmp, s->detail));
        }
        SAHA_EXPORT__TRY(saha__buf_puts(b, "    <Placemark>\n"));
        SAHA_EXPORT__TRY(saha_export__xml_el(b, "      ", "name", saha_export__name(a)));
        SAHA_EXPORT__TRY(saha_export__xml_el(b, "      ", "description", tmp.data));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "      <styleUrl>#skipped</styleUrl>\n"));
        SAHA_EXPORT__TRY(put_point(b, "      ", p));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "    </Placemark>\n"));
    }
    if (nskip_shown > 0)
        SAHA_EXPORT__TRY(saha__buf_puts(b, "  </Folder>\n"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</Document>\n</kml>\n"));
done:
    saha__buf_free(&tmp);
    return rc;
}

saha_status saha_export_kml(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                            const saha_account_set *accounts,
                            const saha_export_options *opts)
{
    return saha_export__run(f, ctx, it, accounts, opts, NULL, kml_doc);
}
