/* Rejected input rows made loud: a rejected row that promised a visit (must-visit or an
 * appointment) stops the run unless the user says --keep-going, and --rejects FILE
 * lists every rejected row with its reason, for whoever fixes the input. */
#include <string.h>

#include "cli/cli.h"

int cli_check_required_rejects(const saha_account_set *set, int keep_going)
{
    const char *src = saha_account_source(set);
    size_t last_line = 0, n = 0;

    for (size_t i = 0; i < saha_account_issue_count(set); i++) {
        const saha_account_issue *is = saha_account_issue_at(set, i);
        if (is->warning || !is->required || is->line == last_line)
            continue;
        last_line = is->line;
        n++;
        if (keep_going)
            cli_warnf("%s:%zu: rejected row '%s' is a must-visit or has an appointment; "
                      "planned without it (--keep-going)",
                      src, is->line, is->id);
        else
            cli_errorf("%s:%zu: rejected row '%s' is a must-visit or has an appointment: "
                       "fix the row (%s%s%s), or plan without it with --keep-going",
                       src, is->line, is->id, is->field, is->field[0] ? ": " : "",
                       is->message);
    }
    return n && !keep_going ? CLI_USAGE : CLI_OK;
}

/* One CSV cell, RFC 4180 quoted, with the spreadsheet formula guard the exports use. */
static void put_cell(FILE *f, const char *s, int last)
{
    fputc('"', f);
    if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
    fputc(last ? '\n' : ',', f);
}

static saha_status write_rejects(FILE *f, saha_ctx *ctx, void *payload)
{
    const saha_account_set *set = payload;
    char line[32];
    (void)ctx;
    fputs("line,id,field,reason,required\n", f);
    for (size_t i = 0; i < saha_account_issue_count(set); i++) {
        const saha_account_issue *is = saha_account_issue_at(set, i);
        if (is->warning)
            continue;
        snprintf(line, sizeof line, "%zu", is->line);
        fprintf(f, "%s,", line);
        put_cell(f, is->id, 0);
        put_cell(f, is->field, 0);
        put_cell(f, is->message, 0);
        fputs(is->required ? "true\n" : "false\n", f);
    }
    return ferror(f) ? SAHA_EIO : SAHA_OK;
}

int cli_write_rejects(saha_ctx *ctx, const saha_account_set *set, const char *path,
                      const char *const *inputs)
{
    return cli_write_atomic(ctx, path, inputs, write_rejects, (void *)set);
}
