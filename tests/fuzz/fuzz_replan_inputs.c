/* libFuzzer harness: the re-plan's side files, the visit log (saha_visit_log_parse) and
 * the previous itinerary (saha_previous_plan_parse), each fed the same input against a
 * fixed account set (ids A, B, C). Invariants (abort on failure): a failed parse
 * returns nothing and sets an error; a parsed file's rows name valid accounts (the
 * night columns a valid account or none), come from input lines after the header, in
 * order, with times inside a day and a known outcome. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "saha.h"

static const char ACCOUNTS[] = "id,name,lat,lon,value\n"
                               "A,Alfa,40.22,29.02,9000\n"
                               "B,Bravo,40.20,29.03,8000\n"
                               "C,Charlie,40.23,29.00,7000\n";

static void check(int ok)
{
    if (!ok)
        abort();
}

static void check_failed(saha_ctx *ctx, const void *out)
{
    check(out == NULL);
    check(saha_ctx_last_error(ctx)->code < 0);
    check(saha_ctx_last_error(ctx)->message[0] != '\0');
}

static void check_time(saha_datetime t)
{
    check(t.month >= 1 && t.month <= 12 && t.day >= 1 && t.day <= 31);
    check(t.hour < 24 && t.minute < 60); /* unsigned fields */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    saha_ctx *ctx = NULL;
    saha_account_set *set = NULL;
    saha_account_load_options lo;
    saha_visit_log *log = NULL;
    saha_previous_plan *prev = NULL;
    size_t na, last = 1;

    if (size > (1u << 20) || saha_ctx_create(&ctx, NULL) != SAHA_OK)
        return 0;
    (void)saha_account_load_options_init(&lo, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
    lo.format = SAHA_ACCOUNT_FORMAT_CSV;
    check(saha_account_parse(&set, ctx, "acc.csv", ACCOUNTS, strlen(ACCOUNTS), &lo) ==
          SAHA_OK);
    na = saha_account_count(set);
    check(na == 3);
    if (saha_visit_log_parse(&log, ctx, "log.csv", (const char *)data, size, set) !=
        SAHA_OK) {
        check_failed(ctx, log);
    } else {
        for (size_t i = 0; i < saha_visit_log_count(log); i++) {
            const saha_visit_entry *e = saha_visit_log_at(log, i);
            check(e->account < na && e->line > last && e->notes != NULL);
            check(e->outcome >= SAHA_VISIT_DONE && e->outcome <= SAHA_VISIT_RESCHEDULED);
            check_time(e->when);
            last = e->line;
        }
        check(saha_visit_log_at(log, saha_visit_log_count(log)) == NULL);
    }
    last = 1;
    if (saha_previous_plan_parse(&prev, ctx, "prev.csv", (const char *)data, size, set) !=
        SAHA_OK) {
        check_failed(ctx, prev);
    } else {
        for (size_t i = 0; i < saha_previous_plan_count(prev); i++) {
            const saha_previous_visit *p = saha_previous_plan_at(prev, i);
            check(p->account < na && p->line > last && p->uid && p->etag);
            check(p->night_before == SIZE_MAX || p->night_before < na);
            check(p->night_after == SIZE_MAX || p->night_after < na);
            check_time(p->date);
            last = p->line;
        }
    }
    saha_previous_plan_free(prev);
    saha_visit_log_free(log);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
    return 0;
}
