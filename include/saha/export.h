/* saha/export.h: itineraries for the places reps use them: GPX 1.1 (and KML), the
 * itinerary CSV and the unvisited list, GeoJSON (RFC 7946), iCalendar (RFC 5545) and a
 * self-contained HTML report with an SVG map. Writers write to a FILE the caller opened
 * (the CLI writes to a temporary file and renames it into place). Output is
 * deterministic: fixed order, fixed precision, '\n' endings (CRLF for iCalendar). */
#ifndef SAHA_EXPORT_H
#define SAHA_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "saha/account.h"
#include "saha/error.h"
#include "saha/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct saha_export_options {
    size_t gpx_max_points;  /**< split a day's route after this many points; 0 = never */
    int gpx_times;          /**< also write planned times as GPX <time> (UTC) */
    const char *title;      /**< report/metadata title; NULL = "Week of <date>" */
    const char *generated;  /**< ISO 8601 UTC time to stamp; NULL = omit (deterministic) */
    int utc_offset_min;     /**< rep's offset from UTC for <time>/ICS UTC fields; see tz */
} saha_export_options;
#define SAHA_EXPORT_OPTIONS_INIT {0, 0, NULL, NULL, 180}

/** GPX 1.1: metadata, a <wpt> per stop, a <rte> per day (home first and last).
 *  @return SAHA_OK, SAHA_EIO, SAHA_ENOMEM */
SAHA_API saha_status saha_export_gpx(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                                     const saha_account_set *accounts,
                                     const saha_export_options *opts);
/** Itinerary CSV: header "day,date,seq,id,name,lat,lon,arrival,departure,drive_km,
 *  drive_min,value" (more columns may follow), one row per stop. */
SAHA_API saha_status saha_export_csv(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                                     const saha_account_set *accounts,
                                     const saha_export_options *opts);
/** Unvisited accounts: "id,name,reason,detail,value,..." one row per skipped account. */
SAHA_API saha_status saha_export_unvisited_csv(FILE *f, saha_ctx *ctx,
                                               const saha_itinerary *it,
                                               const saha_account_set *accounts,
                                               const saha_export_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* SAHA_EXPORT_H */
