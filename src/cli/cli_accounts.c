/* Account input as the user sees it: --columns (FILE or SPEC) for any header the
 * aliases do not know, a line saying which column became which field and which were
 * not read; and rejected rows made loud: a rejected row that promised a visit
 * (must-visit or an appointment) stops the run unless --keep-going, and --rejects FILE
 * lists every rejected row with its reason, for whoever fixes the input. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
static void put_cell(FILE *f, const char *s, char sep)
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
    fputc(sep, f);
}

static saha_status write_rejects(FILE *f, saha_ctx *ctx, void *payload)
{
    const saha_account_set *set = payload;
    saha_csv_dialect d;
    const char *eol;
    char line[32];
    (void)ctx;
    cli_csv_dialect(-1, set, &d);
    eol = d.crlf ? "\r\n" : "\n";
    if (d.bom)
        fputs("\xEF\xBB\xBF", f);
    fprintf(f, "line%cid%cfield%creason%crequired%s", d.delimiter, d.delimiter,
            d.delimiter, d.delimiter, eol);
    for (size_t i = 0; i < saha_account_issue_count(set); i++) {
        const saha_account_issue *is = saha_account_issue_at(set, i);
        if (is->warning)
            continue;
        snprintf(line, sizeof line, "%zu", is->line);
        fprintf(f, "%s%c", line, d.delimiter);
        put_cell(f, is->id, d.delimiter);
        put_cell(f, is->field, d.delimiter);
        put_cell(f, is->message, d.delimiter);
        fprintf(f, "%s%s", is->required ? "true" : "false", eol);
    }
    return ferror(f) ? SAHA_EIO : SAHA_OK;
}

int cli_write_rejects(saha_ctx *ctx, const saha_account_set *set, const char *path,
                      const char *const *inputs)
{
    return cli_write_atomic(ctx, path, inputs, write_rejects, (void *)set);
}

/* The spec made from a --columns file lives to the end of the process (the CLI parses
 * its options once); freed at exit so leak checkers stay quiet. */
static char *columns_spec_owned;

static void free_columns_spec(void)
{
    free(columns_spec_owned);
    columns_spec_owned = NULL;
}

int cli_columns_spec(const char *arg, const char **out)
{
    struct stat st;
    char *data = NULL, *spec;
    size_t len = 0, o = 0;
    int rc;

    *out = NULL;
    if (stat(arg, &st) != 0 || !S_ISREG(st.st_mode)) {
        *out = arg; /* FIELD=HEADER,... as given */
        return CLI_OK;
    }
    /* a file: one FIELD=HEADER a line (the header to the end of the line, quotes and
     * commas included), '#' comments and blank lines skipped */
    rc = cli_read_input(arg, &data, &len);
    if (rc != CLI_OK)
        return rc;
    spec = malloc(2 * len + 2);
    if (!spec) {
        free(data);
        cli_errorf("out of memory");
        return CLI_FAIL;
    }
    for (char *line = data, *next; line && *line; line = next) {
        char *eq, *end;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        end = line + strlen(line);
        while (end > line && (end[-1] == '\r' || end[-1] == ' '))
            *--end = '\0';
        while (*line == ' ')
            line++;
        if (!*line || *line == '#')
            continue;
        eq = strchr(line, '=');
        if (!eq) {
            cli_errorf("%s: '%s': want FIELD=HEADER", arg, line);
            free(data);
            free(spec);
            return CLI_USAGE;
        }
        if (o)
            spec[o++] = ',';
        memcpy(spec + o, line, (size_t)(eq - line) + 1);
        o += (size_t)(eq - line) + 1;
        spec[o++] = '"';
        for (const char *p = eq + 1; *p; p++) {
            if (*p == '"')
                spec[o++] = '"';
            spec[o++] = *p;
        }
        spec[o++] = '"';
    }
    spec[o] = '\0';
    free(data);
    if (!columns_spec_owned)
        atexit(free_columns_spec);
    free(columns_spec_owned);
    columns_spec_owned = spec;
    *out = spec;
    return CLI_OK;
}

static const struct {
    const char *name;
    saha_csv_dialect d;
} dialects[] = {
    {"plain", {',', 0, 0, 0}},
    {"rfc4180", {',', 0, 0, 1}},
    {"excel", {',', 0, 1, 1}},
    {"excel-tr", {';', 1, 1, 1}},
};
/* dialects[choice - 1]; CLI_CSV_AUTO is not in the table */

const char *const cli_csv_dialect_help =
    N_("  --csv-dialect D        CSV outputs: auto (default: as the account file:\n"
       "                         delimiter, decimal comma, BOM), plain (',' '.'\n"
       "                         LF), rfc4180 (',' '.' CR LF), excel (the same with a\n"
       "                         BOM), excel-tr (';', decimal comma, BOM, CR LF: Excel\n"
       "                         in a Turkish or European locale)\n");

static int dialect_choice = CLI_CSV_AUTO;

int cli_csv_dialect_parse(const char *cmd, const char *name, int *out)
{
    if (!strcmp(name, "auto")) {
        *out = CLI_CSV_AUTO;
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof dialects / sizeof dialects[0]; i++)
        if (!strcmp(name, dialects[i].name)) {
            *out = (int)i + 1;
            return CLI_OK;
        }
    return cli_usage_error(cmd,
                           "--csv-dialect: '%s' is not one of auto, plain, rfc4180, "
                           "excel, excel-tr",
                           name);
}

void cli_csv_dialect_use(int choice)
{
    dialect_choice = choice;
}

void cli_csv_dialect(int choice, const saha_account_set *set, saha_csv_dialect *out)
{
    if (choice < 0)
        choice = dialect_choice;
    if (choice > 0 && (size_t)choice <= sizeof dialects / sizeof dialects[0]) {
        *out = dialects[choice - 1].d;
        return;
    }
    /* the input's delimiter, decimal comma and BOM; lines end LF whatever the input's
     * did (every spreadsheet reads them, and diffs of outputs stay quiet) */
    saha_account_dialect(set, out); /* all zero without a set */
    if (!out->delimiter)
        out->delimiter = ',';
    out->crlf = 0;
}

void cli_account_write_options(const saha_account_set *set,
                               saha_account_write_options *wo)
{
    saha_csv_dialect d;
    cli_csv_dialect(-1, set, &d);
    wo->delimiter = d.delimiter;
    wo->bom = d.bom;
    wo->crlf = d.crlf;
}

saha_status cli_account_write(FILE *f, saha_ctx *ctx, void *payload)
{
    const saha_account_set *set = payload;
    saha_account_write_options wo;
    (void)saha_account_write_options_init(&wo, SAHA_ACCOUNT_WRITE_OPTIONS_VERSION);
    cli_account_write_options(set, &wo);
    return saha_account_write_csv(f, ctx, set, &wo);
}
