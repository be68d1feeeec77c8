/* The plan as an Excel workbook (.xlsx), written with libxlsxwriter (Debian
 * libxlsxwriter-dev; why a library: see README "Dependencies").
 *
 * Sheets: "Summary" (the week's totals and a row per day), one sheet per working day
 * ("Mo 2026-12-07": a row per visit in visit order) and "Call list" (the accounts left
 * out, by value, with reason and phone). Cells are typed: numbers as numbers, dates as
 * dates (yyyy-mm-dd), clock times as times (hh:mm, the fraction of a day Excel uses),
 * ids, phone numbers and postcodes as text (so "0224 555 01 02" keeps its zero). An
 * .xlsx string cell is never a formula, so no formula guard is needed here.
 *
 * libxlsxwriter 1.1 writes only to a named file: the workbook goes to a private temp
 * file (mkstemp under P_tmpdir), which is then copied to the caller's FILE and removed,
 * so the writer keeps the (FILE *f, ...) shape of the others. O(stops + skipped). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "internal/export.h"

typedef struct xl {
    lxw_workbook *wb;
    lxw_format *bold, *time, *date, *money, *km;
    lxw_error err;
} xl;

static void put_s(xl *x, lxw_worksheet *ws, int r, int c, const char *s, lxw_format *f)
{
    lxw_error e = worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s ? s : "", f);
    if (e && !x->err)
        x->err = e;
}

static void put_n(xl *x, lxw_worksheet *ws, int r, int c, double v, lxw_format *f)
{
    lxw_error e = worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, v, f);
    if (e && !x->err)
        x->err = e;
}

/* Rounded as the itinerary CSV rounds, so the workbook and the CSV show the same
 * cells: whole minutes (a clock time as the fraction of a day Excel uses), and
 * decimals per kind of number. */
static double round_to(double v, int decimals)
{
    double k = decimals == 0 ? 1 : decimals == 1 ? 10 : decimals == 2 ? 100 : 1e6;
    return floor(v * k + 0.5) / k;
}

static void put_minutes(xl *x, lxw_worksheet *ws, int r, int c, double s)
{
    double m = s >= 0 ? floor((s + 30.0) / 60.0) : 0;
    put_n(x, ws, r, c, m / 1440.0, x->time);
}

static void put_time(xl *x, lxw_worksheet *ws, int r, int c, int32_t s)
{
    put_minutes(x, ws, r, c, (double)s);
}

static void put_date(xl *x, lxw_worksheet *ws, int r, int c, saha_datetime d)
{
    lxw_datetime dt = {d.year, d.month, d.day, 0, 0, 0.0};
    lxw_error e = worksheet_write_datetime(ws, (lxw_row_t)r, (lxw_col_t)c, &dt, x->date);
    if (e && !x->err)
        x->err = e;
}

static void header(xl *x, lxw_worksheet *ws, const char *const *names)
{
    for (int c = 0; names[c]; c++)
        put_s(x, ws, 0, c, names[c], x->bold);
    worksheet_freeze_panes(ws, 1, 0);
}

/* A new sheet with its header row (NULL and x->err set when it cannot be added). */
static lxw_worksheet *sheet(xl *x, const char *name, const char *const *cols)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws) {
        x->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
        return NULL;
    }
    header(x, ws, cols);
    return ws;
}

static const char *const wd[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

static void summary_sheet(xl *x, const saha_itinerary *it)
{
    static const char *const cols[] = {"day",   "date", "visits", "km",
                                       "drive", "work", "value",  NULL};
    lxw_worksheet *ws = sheet(x, "Summary", cols);
    int r = 1;
    size_t visits = 0;
    if (!ws)
        return;
    worksheet_set_column(ws, 0, 0, 6, NULL);
    worksheet_set_column(ws, 1, 1, 12, NULL);
    worksheet_set_column(ws, 6, 6, 14, NULL);
    for (size_t d = 0; d < it->ndays; d++, r++) {
        const saha_plan_day *day = &it->days[d];
        int32_t work = day->nstops ? day->return_s - day->leave_s : 0;
        put_s(x, ws, r, 0, wd[day->weekday % 7], NULL);
        put_date(x, ws, r, 1, day->date);
        put_n(x, ws, r, 2, (double)day->nstops, NULL);
        put_n(x, ws, r, 3, round_to(day->drive_m / 1000.0, 1), x->km);
        put_minutes(x, ws, r, 4, day->drive_s);
        put_minutes(x, ws, r, 5, work);
        put_n(x, ws, r, 6, round_to(day->value, 2), x->money);
        visits += day->nstops;
    }
    put_s(x, ws, r, 0, "week", x->bold);
    put_n(x, ws, r, 2, (double)visits, x->bold);
    put_n(x, ws, r, 3, round_to(it->drive_m / 1000.0, 1), x->km);
    put_minutes(x, ws, r, 4, it->drive_s);
    put_minutes(x, ws, r, 5, it->work_s);
    put_n(x, ws, r, 6, round_to(it->value_won, 2), x->money);
    r += 2;
    put_s(x, ws, r, 0, "rep", x->bold);
    put_s(x, ws, r++, 1, it->rep_name, NULL);
    put_s(x, ws, r, 0, "currency", x->bold);
    put_s(x, ws, r++, 1, it->currency, NULL);
    put_s(x, ws, r, 0, "value won", x->bold);
    put_n(x, ws, r++, 1, it->value_won, x->money);
    put_s(x, ws, r, 0, "value left", x->bold);
    put_n(x, ws, r++, 1, it->value_left, x->money);
    put_s(x, ws, r, 0, "travel cost", x->bold);
    put_n(x, ws, r++, 1, it->travel_cost, x->money);
    put_s(x, ws, r, 0, "hotels", x->bold);
    put_n(x, ws, r++, 1, it->hotel_cost, x->money);
    put_s(x, ws, r, 0, "not visited", x->bold);
    put_n(x, ws, r++, 1, (double)it->nskipped, NULL);
}

static void day_sheet(xl *x, const saha_itinerary *it, const saha_account_set *acc,
                      size_t d)
{
    /* every column of the itinerary CSV (saha/export.h), as it writes them, plus the
     * phone: the lunch, the waits, the nights, the re-plan's promises and calendar
     * identity, where the drive figures come from */
    static const char *const cols[] = {"seq",
                                       "arrival",
                                       "start",
                                       "departure",
                                       "id",
                                       "name",
                                       "address",
                                       "phone",
                                       "drive_km",
                                       "drive_min",
                                       "value",
                                       "window",
                                       "lat",
                                       "lon",
                                       "lunch",
                                       "lunch_start",
                                       "lunch_drive_min",
                                       "day",
                                       "date",
                                       "wait_min",
                                       "visit_min",
                                       "night_before",
                                       "night_after",
                                       "confirmed",
                                       "uid",
                                       "sequence",
                                       "etag",
                                       "drive_source",
                                       NULL};
    const saha_plan_day *day = &it->days[d];
    char name[32];
    lxw_worksheet *ws;
    snprintf(name, sizeof name, "%s %04d-%02d-%02d", wd[day->weekday % 7], day->date.year,
             day->date.month, day->date.day);
    ws = sheet(x, name, cols);
    if (!ws)
        return;
    worksheet_set_column(ws, 4, 4, 12, NULL);
    worksheet_set_column(ws, 5, 6, 30, NULL);
    worksheet_set_column(ws, 7, 7, 16, NULL);
    for (size_t i = 0; i < day->nstops; i++) {
        const saha_plan_stop *st = &day->stops[i];
        const saha_account *a = saha_account_at(acc, st->account);
        saha_export__stop_text t;
        int r = (int)i + 1, at = saha_export__lunch_at(day, i);
        saha_export__stop_text_fill(&t, st, a, day);
        put_n(x, ws, r, 0, (double)(i + 1), NULL);
        put_time(x, ws, r, 1, st->arrive_s);
        put_time(x, ws, r, 2, st->start_s);
        put_time(x, ws, r, 3, st->depart_s);
        put_s(x, ws, r, 4, a->id, NULL);
        put_s(x, ws, r, 5, a->name, NULL);
        put_s(x, ws, r, 6, a->address, NULL);
        put_s(x, ws, r, 7, saha_export__phone(acc, st->account), NULL);
        put_n(x, ws, r, 8, round_to(st->leg_m / 1000.0, 1), x->km);
        put_n(x, ws, r, 9, round_to(st->leg_s / 60.0, 0), NULL);
        put_n(x, ws, r, 10, round_to(st->value, 2), x->money);
        put_s(x, ws, r, 11, t.window, NULL);
        put_n(x, ws, r, 12, round_to(a->lat_deg, 6), NULL);
        put_n(x, ws, r, 13, round_to(a->lon_deg, 6), NULL);
        /* "before" = on the leg into this stop, "after" = after the day's last stop;
         * the minutes rounded as the CSV's printf rounds them (half to even) */
        if (at) {
            put_s(x, ws, r, 14, at == 1 ? "before" : "after", NULL);
            put_time(x, ws, r, 15, day->lunch_start_s);
            put_n(x, ws, r, 16, nearbyint(day->lunch_drive_s / 60.0), NULL);
        }
        put_n(x, ws, r, 17, (double)(d + 1), NULL);
        put_date(x, ws, r, 18, day->date);
        /* the CSV's printf rounding (half to even) */
        put_n(x, ws, r, 19, nearbyint((st->start_s - st->arrive_s) / 60.0), NULL);
        put_n(x, ws, r, 20, nearbyint((st->depart_s - st->start_s) / 60.0), NULL);
        /* overnight stays: the account near which the hotel is, "" = home */
        if (day->start_hotel < saha_account_count(acc))
            put_s(x, ws, r, 21, saha_account_at(acc, day->start_hotel)->id, NULL);
        if (day->end_hotel < saha_account_count(acc))
            put_s(x, ws, r, 22, saha_account_at(acc, day->end_hotel)->id, NULL);
        if (st->confirmed)
            put_s(x, ws, r, 23, "yes", NULL);
        if (st->uid)
            put_s(x, ws, r, 24, st->uid, NULL);
        put_n(x, ws, r, 25, (double)st->sequence, NULL);
        if (st->etag)
            put_s(x, ws, r, 26, st->etag, NULL);
        put_s(x, ws, r, 27, st->leg_estimated ? "model" : "road", NULL);
    }
}

static void call_sheet(xl *x, const saha_itinerary *it, const saha_account_set *acc)
{
    static const char *const cols[] = {"id",    "name",       "reason",  "detail",
                                       "value", "phone",      "address", "city",
                                       "hours", "must_visit", NULL};
    lxw_worksheet *ws = sheet(x, "Call list", cols);
    size_t n = it->nskipped, *order;
    if (!ws)
        return;
    worksheet_set_column(ws, 1, 1, 30, NULL);
    worksheet_set_column(ws, 3, 3, 40, NULL);
    worksheet_set_column(ws, 5, 5, 16, NULL);
    /* most valuable first: the inside-sales team calls from the top */
    order = malloc((n ? n : 1) * sizeof *order);
    if (!order) {
        x->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
        return;
    }
    for (size_t k = 0; k < n; k++)
        order[k] = k;
    for (size_t k = 1; k < n; k++) { /* insertion sort: stable, value descending */
        size_t v = order[k], j = k;
        while (j > 0 && it->skipped[order[j - 1]].value < it->skipped[v].value) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
    for (size_t k = 0; k < n; k++) {
        const saha_plan_skip *s = &it->skipped[order[k]];
        const saha_account *a = saha_account_at(acc, s->account);
        char hours[512] = "";
        int r = (int)k + 1;
        if (a->has_hours && saha_hours_format(a->hours, hours, sizeof hours) < 0)
            hours[0] = '\0';
        put_s(x, ws, r, 0, a->id, NULL);
        put_s(x, ws, r, 1, a->name, NULL);
        put_s(x, ws, r, 2, saha_skip_reason_name(s->reason), NULL);
        put_s(x, ws, r, 3, s->detail, NULL);
        put_n(x, ws, r, 4, round_to(s->value, 2), x->money);
        put_s(x, ws, r, 5, saha_export__phone(acc, s->account), NULL);
        put_s(x, ws, r, 6, a->address, NULL);
        put_s(x, ws, r, 7, a->city, NULL);
        put_s(x, ws, r, 8, hours, NULL);
        put_s(x, ws, r, 9, a->must_visit ? "true" : "false", NULL);
    }
    free(order);
}

/* Copies the finished temp file to f. */
static saha_status copy_out(saha_ctx *ctx, const char *path, FILE *f)
{
    char buf[65536];
    size_t n;
    FILE *in = fopen(path, "rb");
    if (!in)
        return saha__error_set(ctx, SAHA_EIO, path, 0, 0, "cannot read the workbook: %s",
                               strerror(errno));
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, f) != n)
            break;
    if (ferror(in) || ferror(f) || fflush(f) != 0) {
        int e = errno;
        fclose(in);
        return saha__error_set(ctx, SAHA_EIO, NULL, 0, 0, "write error: %s", strerror(e));
    }
    fclose(in);
    return SAHA_OK;
}

saha_status saha_export_xlsx(FILE *f, saha_ctx *ctx, const saha_itinerary *it,
                             const saha_account_set *accounts,
                             const saha_export_options *opts)
{
    char path[] = P_tmpdir "/saha-xlsx-XXXXXX";
    lxw_workbook_options wo = {0, (char *)P_tmpdir, 0};
    xl x;
    int fd;
    saha_status rc;

    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, f != NULL);
    SAHA__CHECK_ARG(ctx, it != NULL);
    SAHA__CHECK_ARG(ctx, accounts != NULL);
    (void)opts;
    fd = mkstemp(path);
    if (fd < 0)
        return saha__error_set(ctx, SAHA_EIO, P_tmpdir, 0, 0,
                               "cannot make a temporary file for the workbook: %s",
                               strerror(errno));
    close(fd);
    memset(&x, 0, sizeof x);
    x.wb = workbook_new_opt(path, &wo);
    if (!x.wb) {
        unlink(path);
        return saha__error_set(ctx, SAHA_ENOMEM, NULL, 0, 0, "cannot start a workbook");
    }
    x.bold = workbook_add_format(x.wb);
    x.time = workbook_add_format(x.wb);
    x.date = workbook_add_format(x.wb);
    x.money = workbook_add_format(x.wb);
    x.km = workbook_add_format(x.wb);
    format_set_bold(x.bold);
    format_set_num_format(x.time, "hh:mm");
    format_set_num_format(x.date, "yyyy-mm-dd");
    format_set_num_format(x.money, "#,##0.00");
    format_set_num_format(x.km, "0.0");
    summary_sheet(&x, it);
    for (size_t d = 0; d < it->ndays && !x.err; d++)
        day_sheet(&x, it, accounts, d);
    if (!x.err)
        call_sheet(&x, it, accounts);
    {
        lxw_error e = workbook_close(x.wb); /* frees the workbook whatever it returns */
        if (!x.err)
            x.err = e;
    }
    if (x.err) {
        unlink(path);
        return saha__error_set(
            ctx, x.err == LXW_ERROR_MEMORY_MALLOC_FAILED ? SAHA_ENOMEM : SAHA_EIO, NULL,
            0, 0, "workbook: %s", lxw_strerror(x.err));
    }
    rc = copy_out(ctx, path, f);
    unlink(path);
    return rc;
}
