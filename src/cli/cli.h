/* Shared helpers of the saha command: messages, exit codes, atomic output files, stdin
 * input, and the progress display. Only src/cli/ prints or exits. */
#ifndef SAHA_CLI_H
#define SAHA_CLI_H

#include <libintl.h>
#include <stdio.h>
#include <stddef.h>

#include "saha.h"

/* Translatable messages (gettext, text domain "saha"; catalogues in src/cli/po/). _()
 * translates now; N_() marks a string of a table that is translated where it is used. */
#define _(s) gettext(s)
#define N_(s) (s)
/* A message with a context (gettext's msgctxt), for short strings whose translation
 * depends on where they are: C_("weekday", "Sa"), C_("number", ","). */
#define C_(ctx, s) cli_pgettext(ctx "\004" s, s)
const char *cli_pgettext(const char *ctx_and_msgid, const char *msgid)
    __attribute__((format_arg(2)));
/* A number with `decimals` decimals in the language's notation, thousands grouped when
 * group ("1,234.5"; in Turkish "1.234,5"): numbers of messages, never machine outputs. */
void cli_format_decimal(char *dst, size_t cap, double v, int decimals, int group);
/* The language of the messages' catalogue as saha_format_lang() names it ("en" when
 * none is in use): the summary's and the HTML report's numbers and dates follow it. */
const char *cli_lang(void);
/* 1 when the language's summary writes days in the long form (the catalogue says) */
int cli_summary_dates_long(void);
/* A day of the summary: numeric (en 2026-12-02, tr 02.12.2026) or long (en Wednesday 2
 * December 2026, tr 2 Aralık 2026 Çarşamba), in cli_lang(). */
void cli_format_day(char *dst, size_t cap, saha_datetime date, int long_form);
/* The reports' language (the HTML report's texts, numbers and dates) into eo: the
 * catalogue's (cli_lang, gettext). */
void cli_export_language(saha_export_options *eo);
/* A skip's detail or a change's reason in the catalogue's language (into buf, cap
 * bytes), or `english` (the plan's text) when d has no code or it does not fit. */
const char *cli_detail(char *buf, size_t cap, const saha_detail *d, const char *english);

/* Sets the locale from the environment (LC_NUMERIC stays "C": machine outputs keep a '.'
 * decimal point) and binds the "saha" catalogues ($SAHA_LOCALEDIR, else those beside
 * the binary, else the configured prefix's). lang (NULL = from the environment) is
 * `--lang`'s value, e.g. "tr". Returns -1 when lang is not a language code (ll or ll_CC),
 * 0 otherwise. */
int cli_i18n_init(const char *lang);
/* strcasecmp over ASCII letters only, whatever the locale (in tr_TR, strcasecmp("id",
 * "ID") != 0). */
int cli_ascii_casecmp(const char *a, const char *b);

#define CLI_OK 0
#define CLI_FAIL 1
#define CLI_USAGE 2

/* Subcommands: argv[0] is the subcommand name. */
int cmd_demo(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_solve(int argc, char **argv);
int cmd_geocode(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_territory(int argc, char **argv);
int cmd_team(int argc, char **argv);

/* "saha: <message>" on stderr (printf-style). */
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the context's last error as "saha: [source:line[:col]: ]message" and returns
 * the exit code for it: CLI_USAGE for bad input (SAHA_EPARSE, SAHA_EINVAL,
 * SAHA_EINFEASIBLE), CLI_FAIL otherwise. */
int cli_report(const saha_ctx *ctx);
/* cli_report for the reading of a local input file: an input over its size limit
 * (SAHA_ELIMIT) is bad input too (CLI_USAGE). */
int cli_report_input(const saha_ctx *ctx);
/* The exit code cli_report would return, printing nothing. */
int cli_report_code(const saha_ctx *ctx);
/* "saha COMMAND: unknown option ..." plus a hint; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Creates a context with the CLI's log callback (warnings to stderr, prefixed "saha: ").
 * verbose > 0 shows info messages too. NULL on failure (message printed). */
saha_ctx *cli_ctx_create(int verbose, uint64_t seed);

/* Writes an output file atomically: writes to PATH.tmp.XXXXXX in the same folder through
 * fn, then fflush + fsync + rename. PATH "-" writes to stdout. Refuses to overwrite any
 * path in `inputs` (NULL-terminated, may be NULL). fn returns a saha_status and may fill
 * ctx's error. Returns a CLI exit code (message printed on failure). */
typedef saha_status (*cli_write_fn)(FILE *f, saha_ctx *ctx, void *payload);
int cli_write_atomic(saha_ctx *ctx, const char *path, const char *const *inputs,
                     cli_write_fn fn, void *payload);

/* All-or-nothing writing of several outputs of one run: every regular-file output is
 * written to its temp file first; only when all of them (and any stdout or device
 * output) succeeded are they renamed into place, else every temp file is removed and
 * each old file is left as it was. Checks the paths with cli_check_outputs first. */
typedef struct cli_output {
    const char *path;
    cli_write_fn fn;
    void *payload;
} cli_output;
int cli_write_outputs(saha_ctx *ctx, const cli_output *outs, size_t n,
                      const char *const *inputs);

/* Refuses (CLI_USAGE, message printed) an output that is one of the inputs (same name,
 * inode or resolved path) and two outputs that name one file (devices such as /dev/null
 * excepted). NULL and "-" entries are skipped. Call it before any work. */
int cli_check_outputs(const char *const *outs, size_t nouts, const char *const *inputs);

/* Installs the SIGINT/SIGTERM/SIGHUP/SIGQUIT handler that removes the temp files of
 * cli_write_outputs being written, then dies of the signal as before. */
void cli_signals_install(void);

/* Reads a whole input (PATH "-" = stdin) into memory (free with free()). Returns a CLI
 * exit code (message printed on failure). */
int cli_read_input(const char *path, char **data_out, size_t *len_out);

/* Loads accounts from PATH ("-" = stdin), prints each row issue as
 * "saha: FILE:LINE: FIELD: reason" and a one-line summary to stderr unless quiet.
 * With strict, any rejected row fails. Exits code via *exit_out when it fails: returns
 * NULL then. Exit 2 when no valid account is left. */
saha_account_set *cli_load_accounts(saha_ctx *ctx, const char *path,
                                    const saha_account_load_options *opts, int quiet,
                                    int *exit_out);

/* Progress display on stderr, on a terminal only (nothing when stderr is a file or a
 * pipe): a bar with done/total, rate and ETA; for a time-limited run (see
 * cli_progress_set_time_limit) the elapsed time against the limit. cli_progress_end
 * clears the line. Silent when quiet. */
typedef struct cli_progress {
    const char *label;
    int tty, quiet, drawn;
    double t0, last, limit_s;
    size_t last_done;
    const double *best; /* when set and finite: "best N UNIT" on the time-based line */
    const char *best_unit;
} cli_progress;
void cli_progress_init(cli_progress *p, const char *label, int quiet);
/* The run stops after limit_s seconds (0 = no limit: count-based display). */
void cli_progress_set_time_limit(cli_progress *p, double limit_s);
int cli_progress_cb(size_t done, size_t total, void *payload); /* saha_progress_fn */
void cli_progress_end(cli_progress *p);

/* Refuses (CLI_USAGE, "FILE:LINE: id: ..." printed) an account whose id is "HOME" in
 * any case: in travel matrices (saha matrix --rep, plan --matrix) HOME is the rep's
 * home. Returns CLI_OK otherwise. */
int cli_refuse_home_id(const saha_account_set *set);

/* Option value of argv[*i] when it is "--name VALUE" or "--name=VALUE" (then *i is
 * advanced past VALUE); NULL when argv[*i] is another option. A missing VALUE sets
 * *err = 1 and returns NULL (the caller reports it). */
const char *cli_opt_value(int argc, char **argv, int *i, const char *name, int *err);
/* cli_opt_value for "-o FILE" or "--output FILE", the output flag of several commands. */
const char *cli_opt_output(int argc, char **argv, int *i, int *err);
/* 1 when a is short_name or long_name (a flag without a value, like -q/--quiet). */
int cli_opt_is(const char *a, const char *short_name, const char *long_name);
/* 1 when a is -h or --help, after printing usage(stdout): every command's first test. */
int cli_opt_help(const char *a, void (*usage)(FILE *f));

/* Switches the process to zone tz (TZ, tzset; tz NULL or "": the zone stays) and
 * returns the previous TZ for cli_tz_pop: a copy, or NULL when TZ was unset. */
char *cli_tz_push(const char *tz);
/* Restores the TZ cli_tz_push returned (and frees it). */
void cli_tz_pop(char *saved);

/* The end of every command's option loop, for an argument `a` that is none of the
 * command's options: a missing value (err, from cli_opt_value), an unknown option, or
 * the next positional, stored in the first NULL slot of pos[0..maxpos) (a lone "-" is
 * a positional: stdin). CLI_OK when stored, else CLI_USAGE after the message. */
int cli_opt_rest(const char *cmd, const char *a, int err, const char **pos,
                 size_t maxpos);

/* The travel-time flags shared by matrix, plan, team and calibrate (cli_travel.c). */
typedef struct cli_travel {
    saha_matrix_options *mo; /* filled in place (borrowed) */
    saha_http_options http;  /* mo->http points here once --osrm-timeout/-retries given */
    const char *provider;    /* --provider as given, NULL when not */
    const char *osrm_flag;   /* the first --osrm-* tuning flag given, NULL when none */
} cli_travel;
void cli_travel_init(cli_travel *t, saha_matrix_options *mo);
/* argv[*i] as a travel flag: 1 when it is one (its value taken; *status CLI_OK, or
 * CLI_USAGE after the message), 0 when not (a missing value sets *err, as
 * cli_opt_value). */
int cli_travel_opt(cli_travel *t, const char *cmd, int argc, char **argv, int *i,
                   int *err, int *status);
/* After the option loop: the provider (default: file with --matrix, osrm with
 * --osrm-url, else the model; road_only: no model) and the flags that go with it.
 * CLI_OK, or CLI_USAGE after the message. */
int cli_travel_finish(cli_travel *t, const char *cmd, int road_only);
/* The help lines of the travel flags, the text starting at column `width`. */
void cli_travel_help(FILE *f, int width, int road_only);
/* saha_matrix_build of the n points under a progress line ("OSRM table requests", or
 * "matrix"). A failure is reported; an OSRM reply that cannot be read is the server's
 * failure (CLI_FAIL), not bad input. CLI_OK, or the exit code. */
int cli_travel_matrix(saha_matrix **out, saha_ctx *ctx, saha_geo *geo,
                      const char *const *ids, const saha_latlon *pts, size_t n,
                      saha_matrix_options *mo, int quiet);

/* A whole number with thousands separators, e.g. "1,234,567" (rounded; '-' kept); the
 * separator is the language's ("1.234.567" in Turkish). */
void cli_format_grouped(char *dst, size_t cap, double v);

/* Monotonic seconds. */
double cli_now(void);
/* Parses a non-negative number / integer option; returns 0 ok, -1 bad. */
int cli_parse_double(const char *s, double *out);
int cli_parse_size(const char *s, size_t *out);
int cli_parse_u64(const char *s, uint64_t *out);

/* The --columns value: a FIELD=HEADER,... spec as given, or, when it names a file, the
 * file's FIELD=HEADER lines made into one spec (quoted; owned here, alive to exit). */
int cli_columns_spec(const char *arg, const char **out);
/* On stderr: which input columns are read as which field (where the names differ) and
 * which are not read. */
void cli_print_columns(const saha_account_set *set);
/* Rejected rows that promised a visit (saha_account_issue.required): each is reported as
 * "FILE:LINE: rejected row 'ID' is a must-visit ..."; returns CLI_USAGE when there is
 * one and keep_going is 0 (with keep_going they are warnings and CLI_OK). */
int cli_check_required_rejects(const saha_account_set *set, int keep_going);
/* Writes every rejected row's issues as CSV (line,id,field,reason,required), atomically,
 * in the dialect cli_csv_dialect() gives for set. */
int cli_write_rejects(saha_ctx *ctx, const saha_account_set *set, const char *path,
                      const char *const *inputs);

/* --csv-dialect: how the CSV files a command writes are laid out. */
enum {
    CLI_CSV_AUTO = 0, /* as the account input: delimiter, decimal comma, BOM; LF */
    CLI_CSV_PLAIN,    /* ',' '.' LF, no BOM (saha's output before dialects) */
    CLI_CSV_RFC4180,  /* ',' '.' CR LF, no BOM (RFC 4180 to the letter) */
    CLI_CSV_EXCEL,    /* ',' '.' CR LF, BOM (Excel in an English locale) */
    CLI_CSV_EXCEL_TR  /* ';' ',' CR LF, BOM (Excel in a Turkish or European locale) */
};
/* The --csv-dialect value by name: CLI_OK (*out set) or CLI_USAGE (message printed). */
int cli_csv_dialect_parse(const char *cmd, const char *name, int *out);
/* The dialect choice made concrete; auto reads the account set's (set may be NULL:
 * plain). The choice last given to cli_csv_dialect_use() when choice is -1. */
void cli_csv_dialect(int choice, const saha_account_set *set, saha_csv_dialect *out);
/* Remembers the command's choice (for writers that do not get it passed, --rejects). */
void cli_csv_dialect_use(int choice);
/* Account CSV write options in the remembered dialect of set (delimiter, BOM, CR LF). */
void cli_account_write_options(const saha_account_set *set,
                               saha_account_write_options *wo);
/* A cli_write_fn: the account set `payload` as CSV in its remembered dialect. */
saha_status cli_account_write(FILE *f, saha_ctx *ctx, void *payload);
/* The help lines of --csv-dialect (two lines, 2-space indent, option column 25). */
extern const char *const cli_csv_dialect_help; /* translate with _() */

#endif
