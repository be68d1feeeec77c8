/* Helpers shared by the subcommands: messages, atomic writes, input, progress.
 * cli_errorf, cli_warnf and cli_usage_error translate their format (gettext): their
 * callers pass the English text, which xgettext collects by these names (see
 * src/cli/po/README). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
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
    vfprintf(stderr, gettext(fmt), ap);
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
    vmsg(_("saha: warning: "), fmt, ap);
    va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "saha %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, gettext(fmt), ap);
    va_end(ap);
    fputc('\n', stderr);
    fprintf(stderr, _("Try 'saha %s --help'.\n"), cmd);
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
    return cli_report_code(ctx);
}

int cli_report_input(const saha_ctx *ctx)
{
    int rc = cli_report(ctx);
    return saha_ctx_last_error(ctx)->code == SAHA_ELIMIT ? CLI_USAGE : rc;
}

int cli_report_code(const saha_ctx *ctx)
{
    const saha_error *e = saha_ctx_last_error(ctx);
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
        fprintf(stderr, "saha: %s%s\n",
                level == SAHA_LOG_ERROR ? _("error: ") : _("warning: "), msg);
    else
        fprintf(stderr, "saha: %s\n", msg);
}

saha_ctx *cli_ctx_create(int verbose, uint64_t seed)
{
    saha_ctx *ctx = NULL;
    saha_ctx_options o;
    (void)saha_ctx_options_init(&o, SAHA_CTX_OPTIONS_VERSION);
    o.seed = seed;
    if (saha_ctx_create(&ctx, &o) != SAHA_OK) {
        cli_errorf("out of memory");
        return NULL;
    }
    saha_ctx_use_log(ctx, log_cb, NULL);
    saha_ctx_use_log_level(ctx, verbose > 1   ? SAHA_LOG_DEBUG
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

/* The path a name resolves to: realpath() when it exists, else the real folder plus the
 * last component (an output that is not made yet); the name itself when neither works. */
/* The folder that holds path ("." for a bare name, "/" at the root) into dir (PATH_MAX
 * bytes): 0, or -1 when it does not fit. */
static int dir_of(const char *path, char *dir)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    if (!slash || n == 0) {
        dir[0] = slash ? '/' : '.';
        n = 1;
    } else if (n >= PATH_MAX) {
        return -1;
    } else {
        memcpy(dir, path, n);
    }
    dir[n] = '\0';
    return 0;
}

static void canon_path(const char *path, char *dst, size_t cap)
{
    char buf[PATH_MAX], dir[PATH_MAX];
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    int w;

    if (realpath(path, buf)) {
        if ((size_t)snprintf(dst, cap, "%s", buf) >= cap)
            dst[0] = '\0';
        return;
    }
    if (dir_of(path, dir) != 0) {
        snprintf(dst, cap, "%s", path);
        return;
    }
    if (*base && realpath(dir, buf))
        w = snprintf(dst, cap, "%s/%s", strcmp(buf, "/") ? buf : "", base);
    else
        w = snprintf(dst, cap, "%s", path);
    if (w < 0 || (size_t)w >= cap)
        snprintf(dst, cap, "%s", "");
}

/* 1 when the two names are one file: the same string, the same inode, or the same
 * resolved path (an output not made yet, reached through a symlinked folder). */
static int same_path(const char *a, const char *b)
{
    char ca[PATH_MAX], cb[PATH_MAX];
    if (!strcmp(a, b) || same_file(a, b))
        return 1;
    canon_path(a, ca, sizeof ca);
    canon_path(b, cb, sizeof cb);
    return ca[0] && !strcmp(ca, cb);
}

/* An existing path that is not a regular file or folder (/dev/null, a FIFO): written in
 * place, and any number of outputs may name it. */
static int is_special(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

int cli_check_outputs(const char *const *outs, size_t nouts, const char *const *inputs)
{
    for (size_t i = 0; i < nouts; i++) {
        const char *o = outs[i];
        if (!o || !strcmp(o, "-"))
            continue;
        for (size_t k = 0; inputs && inputs[k]; k++) {
            if (strcmp(inputs[k], "-") != 0 && same_path(inputs[k], o)) {
                cli_errorf("%s: refusing to overwrite an input file (%s); choose another "
                           "output",
                           o, inputs[k]);
                return CLI_USAGE;
            }
        }
        if (is_special(o))
            continue;
        for (size_t j = 0; j < i; j++) {
            if (outs[j] && strcmp(outs[j], "-") != 0 && same_path(outs[j], o)) {
                cli_errorf(
                    "%s: two outputs name the same file (%s); give each its own path", o,
                    outs[j]);
                return CLI_USAGE;
            }
        }
    }
    return CLI_OK;
}

/* Temp files being written, unlinked by the signal handler. A slot is filled with the
 * fatal signals blocked, so the handler never sees a half-written path. */
#define TMP_SLOTS 16
static char tmp_paths[TMP_SLOTS][PATH_MAX];
static volatile sig_atomic_t tmp_used[TMP_SLOTS];

static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGQUIT);
    sigprocmask(SIG_BLOCK, &set, old);
}

static void restore_signals(const sigset_t *old)
{
    sigprocmask(SIG_SETMASK, old, NULL);
}

static void on_fatal_signal(int sig)
{
    /* async-signal-safe only: unlink, sigaction via signal, raise */
    for (size_t i = 0; i < TMP_SLOTS; i++)
        if (tmp_used[i])
            unlink(tmp_paths[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_signals_install(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa, old;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal_signal;
        sigemptyset(&sa.sa_mask);
        /* a signal ignored by the parent (nohup, background jobs) stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
}

/* Makes the temp file of path with the fatal signals blocked and records it; returns the
 * fd (-1, errno set) and the slot in *slot_out. */
static int tmp_create(const char *path, char *tmp, size_t cap, int *slot_out)
{
    sigset_t old;
    int fd, n, slot = -1, saved;

    *slot_out = -1;
    n = snprintf(tmp, cap, "%s.tmp.XXXXXX", path);
    if (n < 0 || (size_t)n >= cap) {
        errno = ENAMETOOLONG;
        return -1;
    }
    block_signals(&old);
    for (int i = 0; i < TMP_SLOTS; i++) {
        if (!tmp_used[i]) {
            slot = i;
            break;
        }
    }
    if (slot < 0) {
        restore_signals(&old);
        errno = EMFILE;
        return -1;
    }
    fd = mkstemp(tmp);
    saved = errno;
    if (fd >= 0) {
        memcpy(tmp_paths[slot], tmp, (size_t)n + 1);
        tmp_used[slot] = 1;
        *slot_out = slot;
    }
    restore_signals(&old);
    errno = saved;
    return fd;
}

/* Removes the temp file (or, with do_rename, renames it to path) and frees its slot, with
 * the signals blocked. Returns 0 or -1 with errno set. */
static int tmp_release(int slot, const char *tmp, const char *path, int do_rename)
{
    sigset_t old;
    int r, saved;
    block_signals(&old);
    r = do_rename ? rename(tmp, path) : unlink(tmp);
    saved = errno;
    if (r != 0 && do_rename)
        unlink(tmp);
    if (slot >= 0)
        tmp_used[slot] = 0;
    restore_signals(&old);
    errno = saved;
    return r;
}

/* Makes a rename durable: fsync the folder that holds path (best effort). */
static void sync_dir(const char *path)
{
    char dir[PATH_MAX];
    int fd;
    if (dir_of(path, dir) != 0)
        return;
    fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* Reports a failed writer fn for path: a stream error as "PATH: write error: CAUSE"
 * (err: errno right after fn), any other error as the ctx error with PATH in front
 * when the message does not name a file. Returns the exit code. */
static int report_fn_error(saha_ctx *ctx, const char *path, FILE *f, int err)
{
    const saha_error *e = saha_ctx_last_error(ctx);
    if (ferror(f) || e->code == SAHA_EIO) {
        if (err == 0 && e->code == SAHA_EIO && !ferror(f) && e->message[0])
            cli_errorf("%s: %s", path, e->message);
        else
            cli_errorf("%s: write error: %s", path, strerror(err ? err : EIO));
        return CLI_FAIL;
    }
    if (!e->source[0] && e->message[0]) {
        cli_errorf("%s: %s", path, e->message);
        return cli_report_code(ctx);
    }
    return cli_report(ctx);
}

/* Writes through fn to f and flushes, fsyncs (sync) and closes f. Returns a CLI exit code
 * (message printed). */
static int write_stream(saha_ctx *ctx, const char *path, FILE *f, int sync,
                        cli_write_fn fn, void *payload)
{
    saha_status rc;
    int err;
    errno = 0;
    rc = fn(f, ctx, payload);
    err = errno;
    if (rc < 0) {
        int e = report_fn_error(ctx, path, f, err);
        fclose(f);
        return e;
    }
    if (fflush(f) != 0 || ferror(f) || (sync && fsync(fileno(f)) != 0)) {
        err = errno;
        cli_errorf("%s: write error: %s", path, strerror(err ? err : EIO));
        fclose(f);
        return CLI_FAIL;
    }
    if (fclose(f) != 0) {
        cli_errorf("%s: write error: %s", path, strerror(errno));
        return CLI_FAIL;
    }
    return CLI_OK;
}

int cli_write_outputs(saha_ctx *ctx, const cli_output *outs, size_t n,
                      const char *const *inputs)
{
    char tmp[TMP_SLOTS][PATH_MAX];
    int slot[TMP_SLOTS];
    const char *paths[TMP_SLOTS] = {NULL};
    int rc = CLI_OK;

    if (n > TMP_SLOTS) {
        cli_errorf("too many outputs (%zu, at most %d)", n, TMP_SLOTS);
        return CLI_USAGE;
    }
    for (size_t i = 0; i < n; i++) {
        slot[i] = -1;
        paths[i] = outs[i].path;
    }
    rc = cli_check_outputs(paths, n, inputs);
    if (rc != CLI_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (!strcmp(outs[i].path, "-"))
            continue;
        if (stat(outs[i].path, &st) == 0 && S_ISDIR(st.st_mode)) {
            cli_errorf("%s: is a directory", outs[i].path);
            return CLI_USAGE;
        }
    }
    /* 1: every regular output into its temp file; any failure removes them all and
     * leaves every old file as it was */
    for (size_t i = 0; i < n && rc == CLI_OK; i++) {
        const char *path = outs[i].path;
        FILE *f;
        int fd;
        if (!strcmp(path, "-") || is_special(path))
            continue;
        fd = tmp_create(path, tmp[i], sizeof tmp[i], &slot[i]);
        if (fd < 0) {
            cli_errorf("%s: cannot create temporary file: %s", path, strerror(errno));
            rc = CLI_FAIL;
            break;
        }
        (void)fchmod(fd, 0644);
        f = fdopen(fd, "w");
        if (!f) {
            cli_errorf("%s: %s", tmp[i], strerror(errno));
            close(fd);
            rc = CLI_FAIL;
            break;
        }
        rc = write_stream(ctx, path, f, 1, outs[i].fn, outs[i].payload);
    }
    /* 2: standard output and devices/FIFOs, which cannot be staged */
    for (size_t i = 0; i < n && rc == CLI_OK; i++) {
        const char *path = outs[i].path;
        if (!strcmp(path, "-")) {
            saha_status s = outs[i].fn(stdout, ctx, outs[i].payload);
            if (s < 0) {
                rc = cli_report(ctx);
            } else if (fflush(stdout) != 0) {
                cli_errorf("error writing to standard output: %s", strerror(errno));
                rc = CLI_FAIL;
            }
        } else if (is_special(path)) {
            FILE *f = fopen(path, "w");
            if (!f) {
                cli_errorf("%s: %s", path, strerror(errno));
                rc = CLI_FAIL;
            } else {
                rc = write_stream(ctx, path, f, 0, outs[i].fn, outs[i].payload);
            }
        }
    }
    /* 3: all renamed into place, or all temp files removed */
    for (size_t i = 0; i < n; i++) {
        if (slot[i] < 0)
            continue;
        if (rc != CLI_OK) {
            tmp_release(slot[i], tmp[i], outs[i].path, 0);
        } else if (tmp_release(slot[i], tmp[i], outs[i].path, 1) != 0) {
            cli_errorf("%s: cannot rename into place: %s", outs[i].path, strerror(errno));
            rc = CLI_FAIL;
        } else {
            sync_dir(outs[i].path);
        }
    }
    return rc;
}

int cli_write_atomic(saha_ctx *ctx, const char *path, const char *const *inputs,
                     cli_write_fn fn, void *payload)
{
    cli_output o;
    o.path = path;
    o.fn = fn;
    o.payload = payload;
    return cli_write_outputs(ctx, &o, 1, inputs);
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

/* Columns the library reads by their header rather than as a field
 * (saha_account_get_column): frequency_tolerance (quarter plans). The note must not
 * call them "not read". */
static int read_by_name(const char *header)
{
    return header && strcmp(header, "frequency_tolerance") == 0;
}

void cli_print_columns(const saha_account_set *set)
{
    size_t n = saha_account_column_count(set), mapped = 0, unread = 0;
    for (size_t i = 0; i < n; i++) {
        const char *f = saha_account_column_field(set, i);
        if (!f) {
            if (!read_by_name(saha_account_column_name(set, i)))
                unread++;
        } else if (strcmp(f, saha_account_column_name(set, i)) != 0)
            mapped++;
    }
    if (mapped) {
        size_t k = 0;
        fprintf(stderr, _("saha: %s: columns read as fields:"), saha_account_source(set));
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
        fprintf(stderr, _("saha: %s: columns not read (kept as they are):"),
                saha_account_source(set));
        for (size_t i = 0; i < n; i++)
            if (!saha_account_column_field(set, i) &&
                !read_by_name(saha_account_column_name(set, i)))
                fprintf(stderr, "%s '%s'", k++ ? "," : "",
                        saha_account_column_name(set, i));
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
        *exit_out = cli_report_input(ctx);
        if (rc == SAHA_EIO || rc == SAHA_ENOMEM)
            *exit_out = CLI_FAIL;
        return NULL;
    }
    for (size_t i = 0; i < saha_account_issue_count(set); i++) {
        const saha_account_issue *is = saha_account_issue_at(set, i);
        const char *kind = is->warning ? _("warning: ") : "";
        if (is->field[0])
            cli_errorf("%s%s:%zu: %s: %s", kind, src, is->line, is->field, is->message);
        else
            cli_errorf("%s%s:%zu: %s", kind, src, is->line, is->message);
    }
    if (!quiet)
        cli_print_columns(set);
    if (!quiet)
        fprintf(stderr,
                _("saha: %s: %zu rows read, %zu accounts, %zu rejected, %zu without "
                  "coordinates\n"),
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

int cli_refuse_home_id(const saha_account_set *set)
{
    for (size_t i = 0; i < saha_account_count(set); i++) {
        const saha_account *a = saha_account_at(set, i);
        if (!cli_ascii_casecmp(a->id, "HOME")) {
            cli_errorf("%s:%zu: id: '%s' is reserved for the rep's home (HOME in travel "
                       "matrix files); rename the account",
                       saha_account_source(set), (size_t)a->line, a->id);
            return CLI_USAGE;
        }
    }
    return CLI_OK;
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

const char *cli_opt_output(int argc, char **argv, int *i, int *err)
{
    const char *v = cli_opt_value(argc, argv, i, "-o", err);
    return v ? v : cli_opt_value(argc, argv, i, "--output", err);
}

int cli_opt_is(const char *a, const char *short_name, const char *long_name)
{
    return !strcmp(a, short_name) || !strcmp(a, long_name);
}

int cli_opt_help(const char *a, void (*usage)(FILE *f))
{
    if (!cli_opt_is(a, "-h", "--help"))
        return 0;
    usage(stdout);
    return 1;
}

char *cli_tz_push(const char *tz)
{
    const char *old = getenv("TZ");
    char *saved = old ? strdup(old) : NULL;
    if (tz && tz[0])
        setenv("TZ", tz, 1);
    tzset();
    return saved;
}

void cli_tz_pop(char *saved)
{
    if (saved) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
    tzset();
}

int cli_opt_rest(const char *cmd, const char *a, int err, const char **pos, size_t maxpos)
{
    if (err)
        return cli_usage_error(cmd, "%s needs a value", a);
    if (a[0] == '-' && a[1] != '\0')
        return cli_usage_error(cmd, "unknown option '%s'", a);
    for (size_t k = 0; k < maxpos; k++)
        if (!pos[k]) {
            pos[k] = a;
            return CLI_OK;
        }
    return cli_usage_error(cmd, "unexpected argument '%s'", a);
}

void cli_format_grouped(char *dst, size_t cap, double v)
{
    cli_format_decimal(dst, cap, (double)llround(v), 0, 1);
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
    p->limit_s = 0;
    p->drawn = 0;
    p->best = NULL;
    p->best_unit = "";
}

void cli_progress_set_time_limit(cli_progress *p, double limit_s)
{
    p->limit_s = limit_s > 0 ? limit_s : 0;
}

static void progress_bar(char *bar, int width, double frac)
{
    int fill = (int)((double)width * frac);
    if (fill < 0)
        fill = 0;
    if (fill > width)
        fill = width;
    memset(bar, '#', (size_t)fill);
    memset(bar + fill, '.', (size_t)(width - fill));
    bar[width] = '\0';
}

int cli_progress_cb(size_t done, size_t total, void *payload)
{
    cli_progress *p = payload;
    double now = cli_now(), el = now - p->t0, rate, eta;
    char bar[31];

    /* a terminal only: a log file or pipe gets no progress at all */
    if (p->quiet || !p->tty)
        return 0;
    if (now - p->last < 0.1 && done != total)
        return 0;
    p->last = now;
    p->last_done = done;
    p->drawn = 1;
    if (p->limit_s > 0) {
        /* time-limited: the clock against the limit tells how far along it is */
        char best[48] = "";
        progress_bar(bar, 30, el / p->limit_s);
        if (p->best && isfinite(*p->best)) {
            char g[32];
            cli_format_grouped(g, sizeof g, *p->best);
            snprintf(best, sizeof best, ", best %s %s", g, p->best_unit);
        }
        fprintf(stderr, "\r%s [%s] %.1f/%.1f s%s\033[K", p->label, bar,
                el < p->limit_s ? el : p->limit_s, p->limit_s, best);
        return 0;
    }
    rate = el > 0 ? (double)done / el : 0;
    if (total) {
        eta = rate > 0 && total > done ? (double)(total - done) / rate : 0;
        progress_bar(bar, 30, (double)done / (double)total);
        fprintf(stderr, "\r%s [%s] %zu/%zu %.1f/s ETA %.0fs\033[K", p->label, bar, done,
                total, rate, eta);
    } else {
        fprintf(stderr, "\r%s %zu %.1f/s\033[K", p->label, done, rate);
    }
    return 0;
}

void cli_progress_end(cli_progress *p)
{
    /* the line is cleared: the summary that follows starts on a clean line */
    if (p->drawn)
        fputs("\r\033[K", stderr);
    p->drawn = 0;
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
