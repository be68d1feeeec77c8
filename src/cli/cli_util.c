/* Helpers shared by the subcommands: messages, atomic writes, input, progress. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

static void vmsg(const char *prefix, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
    fflush(stdout);
    fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("saha: ", fmt, ap);
    va_end(ap);
}

void cli_warnf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("saha: warning: ", fmt, ap);
    va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "saha %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'saha %s --help'.\n", cmd);
    return CLI_USAGE;
}

int cli_report(const saha_ctx *ctx)
{
    const saha_error *e = saha_ctx_last_error(ctx);
    const char *msg = e->message[0] ? e->message : saha_status_name(e->code);
    size_t slen = strlen(e->source);
    /* Messages may already start with "source:" (readers prefix their own); avoid
     * printing the location twice. */
    if (e->source[0] && strncmp(msg, e->source, slen) != 0) {
        if (e->line && e->column)
            cli_errorf("%s:%zu:%zu: %s", e->source, e->line, e->column, msg);
        else if (e->line)
            cli_errorf("%s:%zu: %s", e->source, e->line, msg);
        else
            cli_errorf("%s: %s", e->source, msg);
    } else {
        cli_errorf("%s", msg);
    }
    switch (e->code) {
    case SAHA_EPARSE:
    case SAHA_EINVAL:
    case SAHA_EINFEASIBLE:
        return CLI_USAGE;
    default:
        return CLI_FAIL;
    }
}

static void log_cb(saha_log_level level, const char *msg, void *payload)
{
    (void)payload;
    fflush(stdout);
    if (level <= SAHA_LOG_WARN)
        fprintf(stderr, "saha: %s%s\n", level == SAHA_LOG_ERROR ? "error: " : "warning: ",
                msg);
    else
        fprintf(stderr, "saha: %s\n", msg);
}

saha_ctx *cli_ctx_create(int verbose, uint64_t seed)
{
    saha_ctx *ctx = NULL;
    saha_ctx_options o = SAHA_CTX_OPTIONS_INIT;
    o.seed = seed;
    if (saha_ctx_create(&ctx, &o) != SAHA_OK) {
        cli_errorf("out of memory");
        return NULL;
    }
    saha_ctx_set_log(ctx, log_cb, NULL);
    saha_ctx_set_log_level(ctx, verbose > 1   ? SAHA_LOG_DEBUG
                                : verbose > 0 ? SAHA_LOG_INFO
                                              : SAHA_LOG_WARN);
    return ctx;
}

static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Makes a rename durable: fsync the folder that holds path (best effort). */
static void sync_dir(const char *path)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    int fd;
    if (!slash) {
        dir[0] = '.';
        n = 1;
    } else if (n == 0) {
        dir[0] = '/';
        n = 1;
    } else if (n >= sizeof dir) {
        return;
    } else {
        memcpy(dir, path, n);
    }
    dir[n] = '\0';
    fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

static int write_in_place(saha_ctx *ctx, const char *path, cli_write_fn fn, void *payload)
{
    FILE *f = fopen(path, "w");
    saha_status rc;
    if (!f) {
        cli_errorf("%s: %s", path, strerror(errno));
        return CLI_FAIL;
    }
    rc = fn(f, ctx, payload);
    if (rc < 0) {
        fclose(f);
        return cli_report(ctx);
    }
    if (fflush(f) != 0 || ferror(f)) {
        cli_errorf("%s: write error: %s", path, strerror(errno));
        fclose(f);
        return CLI_FAIL;
    }
    if (fclose(f) != 0) {
        cli_errorf("%s: write error: %s", path, strerror(errno));
        return CLI_FAIL;
    }
    return CLI_OK;
}

int cli_write_atomic(saha_ctx *ctx, const char *path, const char *const *inputs,
                     cli_write_fn fn, void *payload)
{
    char tmp[PATH_MAX];
    FILE *f;
    int fd, n;
    saha_status rc;

    if (!strcmp(path, "-")) {
        rc = fn(stdout, ctx, payload);
        if (rc < 0)
            return cli_report(ctx);
        if (fflush(stdout) != 0) {
            cli_errorf("error writing to standard output: %s", strerror(errno));
            return CLI_FAIL;
        }
        return CLI_OK;
    }
    for (size_t i = 0; inputs && inputs[i]; i++) {
        if (!strcmp(inputs[i], path) || same_file(inputs[i], path)) {
            cli_errorf("%s: refusing to overwrite an input file; choose another output",
                       path);
            return CLI_USAGE;
        }
    }
    {
        /* An existing output that is not a regular file (a device such as /dev/null, a
         * FIFO) is written in place: renaming over it would replace it, and as root that
         * would destroy a device node. */
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            cli_errorf("%s: is a directory", path);
            return CLI_USAGE;
        }
        if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
            return write_in_place(ctx, path, fn, payload);
    }
    n = snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        cli_errorf("%s: path too long", path);
        return CLI_FAIL;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        cli_errorf("%s: cannot create temporary file: %s", path, strerror(errno));
        return CLI_FAIL;
    }
    (void)fchmod(fd, 0644);
    f = fdopen(fd, "w");
    if (!f) {
        cli_errorf("%s: %s", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        return CLI_FAIL;
    }
    rc = fn(f, ctx, payload);
    if (rc < 0) {
        fclose(f);
        unlink(tmp);
        return cli_report(ctx);
    }
    if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0) {
        cli_errorf("%s: write error: %s", path, strerror(errno));
        fclose(f);
        unlink(tmp);
        return CLI_FAIL;
    }
    if (fclose(f) != 0) {
        cli_errorf("%s: write error: %s", path, strerror(errno));
        unlink(tmp);
        return CLI_FAIL;
    }
    if (rename(tmp, path) != 0) {
        cli_errorf("%s: cannot rename into place: %s", path, strerror(errno));
        unlink(tmp);
        return CLI_FAIL;
    }
    sync_dir(path);
    return CLI_OK;
}

int cli_read_input(const char *path, char **data_out, size_t *len_out)
{
    FILE *f;
    char *data = NULL, *p;
    size_t len = 0, cap = 0, n;
    int is_stdin = !strcmp(path, "-");

    *data_out = NULL;
    *len_out = 0;
    f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        cli_errorf("%s: %s", path, strerror(errno));
        return CLI_FAIL;
    }
    for (;;) {
        if (cap - len < 65536) {
            size_t ncap = cap ? cap * 2 : 131072;
            if (ncap < cap) {
                cli_errorf("%s: input too large", path);
                goto fail;
            }
            p = realloc(data, ncap + 1);
            if (!p) {
                cli_errorf("%s: out of memory", path);
                goto fail;
            }
            data = p;
            cap = ncap;
        }
        n = fread(data + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        cli_errorf("%s: read error: %s", is_stdin ? "<stdin>" : path, strerror(errno));
        goto fail;
    }
    if (!is_stdin)
        fclose(f);
    data[len] = '\0';
    *data_out = data;
    *len_out = len;
    return CLI_OK;
fail:
    free(data);
    if (!is_stdin)
        fclose(f);
    return CLI_FAIL;
}

void cli_print_columns(const saha_account_set *set)
{
    size_t n = saha_account_column_count(set), mapped = 0, unread = 0;
    for (size_t i = 0; i < n; i++) {
        const char *f = saha_account_column_field(set, i);
        if (!f)
            unread++;
        else if (strcmp(f, saha_account_column_name(set, i)) != 0)
            mapped++;
    }
    if (mapped) {
        size_t k = 0;
        fprintf(stderr, "saha: %s: columns read as fields:", saha_account_source(set));
        for (size_t i = 0; i < n; i++) {
            const char *f = saha_account_column_field(set, i);
            if (f && strcmp(f, saha_account_column_name(set, i)) != 0)
                fprintf(stderr, "%s '%s' -> %s", k++ ? "," : "",
                        saha_account_column_name(set, i), f);
        }
        fputc('\n', stderr);
    }
    if (unread) {
        size_t k = 0;
        fprintf(stderr, "saha: %s: columns not read (kept as they are):",
                saha_account_source(set));
        for (size_t i = 0; i < n; i++)
            if (!saha_account_column_field(set, i))
                fprintf(stderr, "%s '%s'", k++ ? "," : "", saha_account_column_name(set, i));
        fputc('\n', stderr);
    }
}

saha_account_set *cli_load_accounts(saha_ctx *ctx, const char *path,
                                    const saha_account_load_options *opts, int quiet,
                                    int *exit_out)
{
    saha_account_set *set = NULL;
    saha_status rc;
    const char *src = !strcmp(path, "-") ? "<stdin>" : path;

    *exit_out = CLI_OK;
    if (!strcmp(path, "-")) {
        char *data;
        size_t len;
        int e = cli_read_input(path, &data, &len);
        if (e) {
            *exit_out = e;
            return NULL;
        }
        rc = saha_account_parse(&set, ctx, src, data, len, opts);
        free(data);
    } else {
        rc = saha_account_load(&set, ctx, path, opts);
    }
    if (rc < 0) {
        *exit_out = cli_report(ctx);
        if (rc == SAHA_EIO || rc == SAHA_ENOMEM)
            *exit_out = CLI_FAIL;
        return NULL;
    }
    for (size_t i = 0; i < saha_account_issue_count(set); i++) {
        const saha_account_issue *is = saha_account_issue_at(set, i);
        const char *kind = is->warning ? "warning: " : "";
        if (is->field[0])
            cli_errorf("%s%s:%zu: %s: %s", kind, src, is->line, is->field, is->message);
        else
            cli_errorf("%s%s:%zu: %s", kind, src, is->line, is->message);
    }
    if (!quiet)
        cli_print_columns(set);
    if (!quiet)
        fprintf(stderr, "saha: %s: %zu rows read, %zu accounts, %zu rejected, %zu without "
                        "coordinates\n",
                src, saha_account_rows_read(set), saha_account_count(set),
                saha_account_rejected_count(set), saha_account_missing_coords_count(set));
    if (saha_account_count(set) == 0) {
        cli_errorf("%s: no valid account", src);
        saha_account_set_free(set);
        *exit_out = CLI_USAGE;
        return NULL;
    }
    return set;
}

const char *cli_opt_value(int argc, char **argv, int *i, const char *name, int *err)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *err = 1;
        return NULL;
    }
    (*i)++;
    return argv[*i];
}

void cli_format_grouped(char *dst, size_t cap, double v)
{
    char digits[32];
    size_t n, o = 0;
    long long x = llround(fabs(v));
    if (cap == 0)
        return;
    snprintf(digits, sizeof digits, "%lld", x);
    n = strlen(digits);
    if (v < 0 && o + 1 < cap)
        dst[o++] = '-';
    for (size_t i = 0; i < n && o + 2 < cap; i++) {
        if (i && (n - i) % 3 == 0)
            dst[o++] = ',';
        dst[o++] = digits[i];
    }
    dst[o] = '\0';
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void cli_progress_init(cli_progress *p, const char *label, int quiet)
{
    p->label = label;
    p->quiet = quiet;
    p->tty = isatty(STDERR_FILENO);
    p->t0 = p->last = cli_now();
    p->last_done = 0;
}

int cli_progress_cb(size_t done, size_t total, void *payload)
{
    cli_progress *p = payload;
    double now = cli_now(), el = now - p->t0, rate, eta;

    if (p->quiet)
        return 0;
    if (p->tty ? now - p->last < 0.1 && done != total : now - p->last < 5.0)
        return 0;
    p->last = now;
    p->last_done = done;
    rate = el > 0 ? (double)done / el : 0;
    eta = rate > 0 && total > done ? (double)(total - done) / rate : 0;
    if (p->tty && total) {
        int width = 30, fill = (int)((double)width * (double)done / (double)total);
        char bar[31];
        if (fill > width)
            fill = width;
        memset(bar, '#', (size_t)fill);
        memset(bar + fill, '.', (size_t)(width - fill));
        bar[width] = '\0';
        fprintf(stderr, "\r%s [%s] %zu/%zu %.1f/s ETA %.0fs ", p->label, bar, done, total,
                rate, eta);
    } else if (p->tty) {
        fprintf(stderr, "\r%s %zu %.1f/s ", p->label, done, rate);
    } else if (total) {
        fprintf(stderr, "%s: %zu/%zu (%.1f/s, ETA %.0fs)\n", p->label, done, total, rate,
                eta);
    } else {
        fprintf(stderr, "%s: %zu (%.1f/s)\n", p->label, done, rate);
    }
    return 0;
}

void cli_progress_end(cli_progress *p)
{
    if (!p->quiet && p->tty)
        fputc('\n', stderr);
}

int cli_parse_double(const char *s, double *out)
{
    char *end;
    double v;
    errno = 0;
    v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v) || v < 0)
        return -1;
    *out = v;
    return 0;
}

int cli_parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;
    if (*s == '-' || *s == '\0')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (end == s || *end || errno)
        return -1;
    *out = (uint64_t)v;
    return 0;
}

int cli_parse_size(const char *s, size_t *out)
{
    uint64_t v;
    if (cli_parse_u64(s, &v) < 0 || v > SIZE_MAX)
        return -1;
    *out = (size_t)v;
    return 0;
}
