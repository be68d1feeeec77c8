/* GeoJSON writer (RFC 7946): one FeatureCollection.
 *
 * Features in this order: per day with visits a LineString with kind "route": the road
 * shape when opts->roads has the day's (property geometry "road"), else home, the stops
 * in order, home in straight legs (geometry "straight"); per stop a Point
 * with kind "stop"; the home Point (kind "home"); the skipped accounts that have
 * coordinates (kind "skipped", with the reason). Positions are [lon, lat] with 6
 * decimals (about 0.1 m). Routes and stops carry simplestyle properties ("stroke",
 * "marker-color") so geojson.io and similar viewers colour the days. O(stops + skipped).
 * Called by the CLI (plan --geojson, demo). */
#include <math.h>
#include <string.h>

#include "internal/export.h"
#include "internal/svgmap.h"

static saha_status put_pos(saha__buf *b, saha_latlon p)
{
    return saha_export__num_pair(b, "[", p.lon_deg, ",", p.lat_deg, "]");
}

/* ,"key":"text" */
static saha_status put_str(saha__buf *b, const char *key, const char *text)
{
    saha_status rc = saha__buf_printf(b, ",\"%s\":", key);
    if (rc == SAHA_OK)
        rc = saha_export__json(b, text);
    return rc;
}

/* ,"key":number (null when not finite) */
static saha_status put_num(saha__buf *b, const char *key, double v, int decimals)
{
    saha_status rc = saha__buf_printf(b, ",\"%s\":", key);
    if (rc == SAHA_OK)
        rc = saha_export__num(b, v, decimals, "null");
    return rc;
}

static saha_status geojson_doc(saha__buf *b, const saha_itinerary *it,
                               const saha_account_set *acc, const saha_export_options *o)
{
    char title[64];
    const char *sep = "\n";
    saha_status rc;

    SAHA_EXPORT__TRY(saha__buf_puts(b, "{\"type\":\"FeatureCollection\",\"name\":"));
    SAHA_EXPORT__TRY(saha_export__json(b, saha_export__title(title, it, o)));
    SAHA_EXPORT__TRY(saha__buf_puts(b, ",\"features\":["));
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        char date[16], label[32];
        if (day->nstops == 0)
            continue;
        saha_export__date(date, day->date);
        saha_export__day_label(label, day);
        SAHA_EXPORT__TRY(
            saha__buf_printf(b,
                             "%s{\"type\":\"Feature\",\"properties\":{"
                             "\"kind\":\"route\",\"day\":%zu,\"date\":\"%s\"",
                             sep, d + 1, date));
        sep = ",\n";
        SAHA_EXPORT__TRY(put_str(b, "name", label));
        SAHA_EXPORT__TRY(saha__buf_printf(b, ",\"visits\":%zu", day->nstops));
        SAHA_EXPORT__TRY(put_num(b, "drive_km", day->drive_m / 1000.0, 1));
        SAHA_EXPORT__TRY(put_num(b, "drive_min", day->drive_s / 60.0, 0));
        SAHA_EXPORT__TRY(put_num(b, "value", day->value, 2));
        {
            size_t nroad;
            SAHA_EXPORT__TRY(put_str(
                b, "geometry", saha_export__road(o, d, &nroad) ? "road" : "straight"));
        }
        SAHA_EXPORT__TRY(put_str(b, "stroke", saha_svgmap_color(d)));
        SAHA_EXPORT__TRY(saha__buf_puts(b, ",\"stroke-width\":3},\"geometry\":{"
                                           "\"type\":\"LineString\",\"coordinates\":["));
        SAHA_EXPORT__TRY(saha_export__day_line(b, day, d, acc, o, ",", put_pos));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "]}}"));
    }
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        char date[16];
        saha_export__date(date, day->date);
        for (size_t i = 0; i < day->nstops; i++) {
            const saha_plan_stop *st = &day->stops[i];
            const saha_account *a = saha_account_at(acc, st->account);
            saha_latlon p = {a->lat_deg, a->lon_deg};
            char arr[16], dep[16], label[8];
            saha_export__hhmm(arr, st->arrive_s);
            saha_export__hhmm(dep, st->depart_s);
            snprintf(label, sizeof label, "%zu", (i + 1) % 1000);
            SAHA_EXPORT__TRY(
                saha__buf_printf(b,
                                 "%s{\"type\":\"Feature\",\"properties\":{"
                                 "\"kind\":\"stop\",\"day\":%zu,\"date\":\"%s\","
                                 "\"seq\":%zu",
                                 sep, d + 1, date, i + 1));
            sep = ",\n";
            SAHA_EXPORT__TRY(put_str(b, "id", a->id));
            SAHA_EXPORT__TRY(put_str(b, "name", a->name));
            SAHA_EXPORT__TRY(put_str(b, "arrival", arr));
            SAHA_EXPORT__TRY(put_str(b, "departure", dep));
            SAHA_EXPORT__TRY(put_num(b, "value", st->value, 2));
            SAHA_EXPORT__TRY(put_str(b, "address", a->address));
            /* lunch as in the itinerary CSV: "before" = on the leg into this stop
             * (lunch_drive_min of it driven first), "after" = on the way home */
            if (saha_export__lunch_at(day, i)) {
                char l0[16];
                saha_export__hhmm(l0, day->lunch_start_s);
                SAHA_EXPORT__TRY(put_str(
                    b, "lunch", saha_export__lunch_at(day, i) == 1 ? "before" : "after"));
                SAHA_EXPORT__TRY(put_str(b, "lunch_start", l0));
                SAHA_EXPORT__TRY(
                    put_num(b, "lunch_drive_min", day->lunch_drive_s / 60.0, 0));
            }
            SAHA_EXPORT__TRY(put_str(b, "marker-color", saha_svgmap_color(d)));
            SAHA_EXPORT__TRY(put_str(b, "marker-symbol", label));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "},\"geometry\":{\"type\":\"Point\","
                                               "\"coordinates\":"));
            SAHA_EXPORT__TRY(put_pos(b, p));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "}}"));
        }
    }
    if (isfinite(it->home.lat_deg) && isfinite(it->home.lon_deg)) {
        SAHA_EXPORT__TRY(saha__buf_printf(b,
                                          "%s{\"type\":\"Feature\",\"properties\":{"
                                          "\"kind\":\"home\"",
                                          sep));
        sep = ",\n";
        SAHA_EXPORT__TRY(
            put_str(b, "name", it->rep_name && it->rep_name[0] ? it->rep_name : "Home"));
        SAHA_EXPORT__TRY(saha__buf_puts(b,
                                        ",\"marker-color\":\"#333333\",\"marker-symbol\":"
                                        "\"building\"},\"geometry\":{\"type\":\"Point\","
                                        "\"coordinates\":"));
        SAHA_EXPORT__TRY(put_pos(b, it->home));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "}}"));
    }
    for (size_t k = 0; k < it->nskipped; k++) {
        const saha_plan_skip *s = &it->skipped[k];
        saha_latlon p;
        const saha_account *a = saha_export__skip_place(acc, s, &p);
        const char *reason = saha_skip_reason_name(s->reason);
        if (!a)
            continue;
        SAHA_EXPORT__TRY(saha__buf_printf(b,
                                          "%s{\"type\":\"Feature\",\"properties\":{"
                                          "\"kind\":\"skipped\"",
                                          sep));
        sep = ",\n";
        SAHA_EXPORT__TRY(put_str(b, "id", a->id));
        SAHA_EXPORT__TRY(put_str(b, "name", a->name));
        SAHA_EXPORT__TRY(put_str(b, "reason", reason ? reason : ""));
        SAHA_EXPORT__TRY(put_str(b, "detail", s->detail ? s->detail : ""));
        SAHA_EXPORT__TRY(put_num(b, "value", s->value, 2));
        SAHA_EXPORT__TRY(put_str(b, "address", a->address));
        SAHA_EXPORT__TRY(saha__buf_puts(b, ",\"marker-color\":\"#999999\"},\"geometry\":{"
                                           "\"type\":\"Point\",\"coordinates\":"));
        SAHA_EXPORT__TRY(put_pos(b, p));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "}}"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "\n]}\n"));
done:
    return rc;
}

saha_status saha_export_geojson(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                                const saha_account_set *accounts,
                                const saha_export_options *opts)
{
    return saha_export__run(f, ctx, it, accounts, opts, NULL, geojson_doc);
}
