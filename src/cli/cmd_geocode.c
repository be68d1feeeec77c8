/* saha geocode: fill in missing coordinates through Nominatim, Photon or Google, with an
 * SQLite cache so that a run can be interrupted and resumed without repeating requests.
 * Reads the environment (SAHA_GOOGLE_API_KEY, XDG_CACHE_HOME, XDG_CONFIG_HOME, HOME) and
 * the config file here, then hands plain settings to the library. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

static void usage(FILE *f)
{
    fprintf(
        f,
        _("Usage: saha geocode ACCOUNTS [-o OUT] [options]\n"
          "\n"
          "Fills in lat/lon for valid accounts that have an address but no coordinates\n"
          "(all accounts with --force) and adds the columns geocode_status (ok, cached,\n"
          "not_found, ambiguous, failed, skipped), geocode_quality (0..1) and\n"
          "geocode_display_name. Every input row and column is written back. Only the\n"
          "address fields are sent, and only to the provider chosen.\n"
          "\n"
          "  ACCOUNTS             accounts CSV / JSON / GeoJSON ('-' = stdin)\n"
          "  -o, --output FILE    output CSV ('-' = stdout, the default); never the "
          "input\n"
          "  --provider NAME      nominatim (default), photon or google\n"
          "  --endpoint URL       provider base URL (default: the public service; use "
          "your\n"
          "                       own Nominatim/Photon server for large files)\n"
          "  --rate N             requests per second (default 1; google 10). The "
          "public\n"
          "                       Nominatim allows at most 1\n"
          "  --email ADDR         contact address sent to Nominatim (email= and the\n"
          "                       User-Agent), as its usage policy asks for bulk use\n"
          "  --language LANG      preferred language of the names (e.g. tr, en)\n"
          "  --columns SPEC|FILE  read these columns as these fields (FIELD=HEADER,...\n"
          "                       or a file of FIELD=HEADER lines)\n"
          "  --sheet NAME         .xlsx input: the sheet to read (default: the first)\n"
          "  --csv-dialect D      CSV output: auto (default: as the input), plain,\n"
          "                       rfc4180, excel or excel-tr (see 'saha plan --help')\n"
          "  --country CC         expected country (ISO code, e.g. TR): sent as a\n"
          "                       restriction; answers elsewhere become 'ambiguous'\n"
          "  --bbox S,W,N,E       expected area in degrees; answers outside: "
          "'ambiguous'\n"
          "  --cache FILE         answer cache (default "
          "$XDG_CACHE_HOME/saha/geocode.sqlite\n"
          "                       or ~/.cache/saha/geocode.sqlite; created mode 0600). "
          "A\n"
          "                       file that is not a saha cache is refused, untouched\n"
          "  --no-cache           no cache (every row is asked, nothing is kept)\n"
          "  --ttl-days N         reuse cached answers up to N days old (default 90;\n"
          "                       'not found' answers: 7)\n"
          "  --offline            answer from the cache only; send nothing\n"
          "  --force              geocode accounts that already have coordinates too\n"
          "  --dry-run            print how many requests are needed and how long they\n"
          "                       take at the rate limit; send and write nothing\n"
          "  --config FILE        settings file (default $XDG_CONFIG_HOME/saha/config "
          "or\n"
          "                       ~/.config/saha/config): lines 'google_api_key = ...',\n"
          "                       'email = ...'. Keep it mode 0600\n"
          "  --timeout S          seconds per request (default 30)\n"
          "  --retries N          retries after a failed request (default 4), waiting\n"
          "  --backoff S          S, 2S, 4S, ... seconds plus jitter (default 1), or "
          "what\n"
          "                       the server's Retry-After asks, up to 60 s\n"
          "  -q, --quiet          no progress or summary\n"
          "  -v, --verbose        show retries (-vv: every request, keys redacted)\n"
          "  -h, --help           this help\n"
          "\n"
          "The Google key is read from SAHA_GOOGLE_API_KEY or the config file, never\n"
          "from the command line, and never printed. Answers are committed to the cache\n"
          "as they arrive: after an interruption, run the same command again and it\n"
          "resumes without repeating requests.\n"
          "Exit status: 0 ok (some rows may be not_found/ambiguous), 1 some rows "
          "failed,\n"
          "the provider stopped or the cache could not be written (e.g. disk full; the\n"
          "output is still written), 2 bad input or usage.\n"));
}

static int parse_bbox(const char *s, saha_geocode_filter *f)
{
    double v[4];
    const char *p = s;
    for (int k = 0; k < 4; k++) {
        char *end;
        errno = 0;
        v[k] = strtod(p, &end);
        if (end == p || errno || !isfinite(v[k]))
            return -1;
        if (k < 3 && *end != ',')
            return -1;
        if (k == 3 && *end)
            return -1;
        p = end + 1;
    }
    if (v[0] < -90 || v[2] > 90 || v[0] >= v[2] || fabs(v[1]) > 180 || fabs(v[3]) > 180)
        return -1;
    f->has_bbox = 1;
    f->south_deg = v[0];
    f->west_deg = v[1];
    f->north_deg = v[2];
    f->east_deg = v[3];
    return 0;
}

/* Creates each missing folder of path's parent (mode 0700). */
static void make_parent_dirs(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n >= sizeof buf)
        return;
    memcpy(buf, path, n + 1);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST)
            return;
        *p = '/';
    }
}

static int xdg_path(char *dst, size_t cap, const char *env, const char *fallback,
                    const char *rest)
{
    const char *base = getenv(env);
    const char *home = getenv("HOME");
    int n;
    if (base && *base == '/')
        n = snprintf(dst, cap, "%s/saha/%s", base, rest);
    else if (home && *home)
        n = snprintf(dst, cap, "%s/%s/saha/%s", home, fallback, rest);
    else
        return -1;
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* Settings read from the config file (values are copies owned by the caller). */
typedef struct config {
    char google_api_key[256];
    char email[256];
} config;

static void trim(char *s)
{
    size_t n = strlen(s), b = 0;
    while (n &&
           (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    while (s[b] == ' ' || s[b] == '\t')
        b++;
    memmove(s, s + b, n - b + 1);
}

/* Reads "key = value" lines ('#' comments). A missing default file is fine; a missing
 * --config file is an error. Returns a CLI exit code. */
static int read_config(const char *path, int explicit_path, config *cfg)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    size_t lineno = 0;
    struct stat sb;
    if (!f) {
        if (!explicit_path && errno == ENOENT)
            return CLI_OK;
        cli_errorf("%s: %s", path, strerror(errno));
        return CLI_USAGE;
    }
    while (fgets(line, sizeof line, f)) {
        char *eq, *key, *val;
        lineno++;
        trim(line);
        if (!line[0] || line[0] == '#')
            continue;
        eq = strchr(line, '=');
        if (!eq) {
            cli_errorf("%s:%zu: want 'key = value'", path, lineno);
            fclose(f);
            return CLI_USAGE;
        }
        *eq = '\0';
        key = line;
        val = eq + 1;
        trim(key);
        trim(val);
        if (!strcmp(key, "google_api_key"))
            snprintf(cfg->google_api_key, sizeof cfg->google_api_key, "%s", val);
        else if (!strcmp(key, "email"))
            snprintf(cfg->email, sizeof cfg->email, "%s", val);
        /* other keys belong to other commands */
    }
    if (cfg->google_api_key[0] && fstat(fileno(f), &sb) == 0 && (sb.st_mode & 077))
        cli_warnf("%s holds an API key but is readable by others; run: chmod 600 %s",
                  path, path);
    fclose(f);
    return CLI_OK;
}

typedef struct write_args {
    saha_account_set *set;
} write_args;

static saha_status write_csv(FILE *f, saha_ctx *ctx, void *payload)
{
    write_args *w = payload;
    return cli_account_write(f, ctx, w->set);
}

static void fmt_duration(char *dst, size_t cap, double s)
{
    if (s < 90)
        snprintf(dst, cap, "%.0f s", s);
    else if (s < 5400)
        snprintf(dst, cap, "%.0f min", s / 60);
    else
        snprintf(dst, cap, "%.1f h", s / 3600);
}

int cmd_geocode(int argc, char **argv)
{
    const char *in = NULL, *out = "-", *endpoint = NULL, *cache_opt = NULL, *email = NULL;
    const char *language = NULL, *country = NULL, *config_path = NULL, *columns = NULL,
               *sheet = NULL;
    char cache_buf[4096], config_buf[4096], cc[3] = "";
    int quiet = 0, verbose = 0, no_cache = 0, offline = 0, force = 0, dry_run = 0,
        err = 0;
    double rate = 0, ttl_days = 90, timeout_s = 30, backoff_s = 1;
    uint64_t retries = 4;
    saha_geocode_provider provider = SAHA_GEOCODE_NOMINATIM;
    saha_geocode_filter filter = SAHA_GEOCODE_FILTER_INIT;
    config cfg;
    saha_ctx *ctx = NULL;
    saha_account_set *set = NULL;
    saha_geocoder *g = NULL;
    const char *go_cache = NULL;
    int rc = CLI_OK;

    memset(&cfg, 0, sizeof cfg);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (cli_opt_help(a, usage)) {
            return CLI_OK;
        } else if (cli_opt_is(a, "-q", "--quiet")) {
            quiet = 1;
        } else if (cli_opt_is(a, "-v", "--verbose")) {
            verbose++;
        } else if (!strcmp(a, "-vv")) {
            verbose += 2;
        } else if (!strcmp(a, "--no-cache")) {
            no_cache = 1;
        } else if (!strcmp(a, "--offline")) {
            offline = 1;
        } else if (!strcmp(a, "--force")) {
            force = 1;
        } else if (!strcmp(a, "--dry-run")) {
            dry_run = 1;
        } else if (!strcmp(a, "-o")) {
            if (i + 1 >= argc)
                return cli_usage_error("geocode", "option -o needs a value");
            out = argv[++i];
        } else if ((v = cli_opt_value(argc, argv, &i, "--output", &err)) != NULL) {
            out = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--provider", &err)) != NULL) {
            if (saha_geocode_provider_parse(v, &provider) < 0)
                return cli_usage_error(
                    "geocode", "unknown provider '%s' (nominatim, photon, google)", v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--endpoint", &err)) != NULL) {
            if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0)
                return cli_usage_error("geocode",
                                       "--endpoint wants an http(s):// URL: %s", v);
            endpoint = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--rate", &err)) != NULL) {
            if (cli_parse_double(v, &rate) < 0 || rate <= 0)
                return cli_usage_error("geocode", "--rate wants a number > 0: %s", v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--email", &err)) != NULL) {
            if (!strchr(v, '@') || strpbrk(v, " \t\r\n()"))
                return cli_usage_error("geocode", "--email wants an address: %s", v);
            email = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--csv-dialect", &err))) {
            int dc;
            if (cli_csv_dialect_parse("geocode", v, &dc) != CLI_OK)
                return CLI_USAGE;
            cli_csv_dialect_use(dc);
        } else if ((v = cli_opt_value(argc, argv, &i, "--sheet", &err)) != NULL) {
            sheet = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--columns", &err)) != NULL) {
            int crc = cli_columns_spec(v, &columns);
            if (crc != CLI_OK)
                return crc;
        } else if ((v = cli_opt_value(argc, argv, &i, "--language", &err)) != NULL) {
            language = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--country", &err)) != NULL) {
            if (strlen(v) != 2 || !((v[0] | 32) >= 'a' && (v[0] | 32) <= 'z') ||
                !((v[1] | 32) >= 'a' && (v[1] | 32) <= 'z'))
                return cli_usage_error(
                    "geocode", "--country wants a two-letter ISO code (e.g. TR): %s", v);
            cc[0] = (char)(v[0] | 32);
            cc[1] = (char)(v[1] | 32);
            country = cc;
        } else if ((v = cli_opt_value(argc, argv, &i, "--bbox", &err)) != NULL) {
            if (parse_bbox(v, &filter) < 0)
                return cli_usage_error("geocode",
                                       "--bbox wants S,W,N,E in degrees (S < N): %s", v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--cache", &err)) != NULL) {
            cache_opt = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--ttl-days", &err)) != NULL) {
            if (cli_parse_double(v, &ttl_days) < 0 || ttl_days <= 0)
                return cli_usage_error("geocode", "--ttl-days wants a number > 0: %s", v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--config", &err)) != NULL) {
            config_path = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--timeout", &err)) != NULL) {
            if (cli_parse_double(v, &timeout_s) < 0 || timeout_s <= 0 || timeout_s > 3600)
                return cli_usage_error("geocode", "--timeout wants seconds (0..3600]: %s",
                                       v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--retries", &err)) != NULL) {
            if (cli_parse_u64(v, &retries) < 0 || retries > 20)
                return cli_usage_error("geocode", "--retries wants 0..20: %s", v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--backoff", &err)) != NULL) {
            if (cli_parse_double(v, &backoff_s) < 0 || backoff_s > 600)
                return cli_usage_error("geocode", "--backoff wants seconds (0..600): %s",
                                       v);
        } else if (cli_opt_rest("geocode", a, err, &in, 1) != CLI_OK) {
            return CLI_USAGE;
        }
        if (err)
            return CLI_USAGE;
    }
    if (!in)
        return cli_usage_error("geocode", "missing the accounts file");
    if (no_cache && (cache_opt || offline))
        return cli_usage_error("geocode", "--no-cache conflicts with --cache/--offline");
    filter.country_code = country;

    /* settings from the environment and the config file (the library reads neither) */
    if (!config_path) {
        if (xdg_path(config_buf, sizeof config_buf, "XDG_CONFIG_HOME", ".config",
                     "config") == 0)
            config_path = config_buf;
        if (config_path && (rc = read_config(config_path, 0, &cfg)) != CLI_OK)
            return rc;
    } else if ((rc = read_config(config_path, 1, &cfg)) != CLI_OK) {
        return rc;
    }
    if (!email && cfg.email[0])
        email = cfg.email;
    {
        const char *k = getenv("SAHA_GOOGLE_API_KEY");
        if (k && *k)
            snprintf(cfg.google_api_key, sizeof cfg.google_api_key, "%s", k);
    }
    if (!no_cache && !cache_opt) {
        if (xdg_path(cache_buf, sizeof cache_buf, "XDG_CACHE_HOME", ".cache",
                     "geocode.sqlite") < 0) {
            cli_errorf("no cache location: set --cache FILE, XDG_CACHE_HOME or HOME "
                       "(or use --no-cache)");
            return CLI_USAGE;
        }
        cache_opt = cache_buf;
        if (!offline)
            make_parent_dirs(cache_opt);
    }

    if (!dry_run) {
        /* the output is checked against the input and the cache before any request */
        const char *inputs[3] = {in, no_cache ? NULL : cache_opt, NULL};
        const char *outs[1] = {out};
        rc = cli_check_outputs(outs, 1, inputs);
        if (rc != CLI_OK)
            return rc;
    }
    ctx = cli_ctx_create(verbose, 1);
    if (!ctx)
        return CLI_FAIL;
    {
        saha_account_load_options lo;
        (void)saha_account_load_options_init(&lo, SAHA_ACCOUNT_LOAD_OPTIONS_VERSION);
        lo.columns = columns;
        lo.sheet = sheet;
        set = cli_load_accounts(ctx, in, &lo, quiet, &rc);
        if (!set)
            goto done;
    }
    {
        saha_geocoder_options go;
        saha_http_options ho;
        (void)saha_geocoder_options_init(&go, SAHA_GEOCODER_OPTIONS_VERSION);
        (void)saha_http_options_init(&ho, SAHA_HTTP_OPTIONS_VERSION);
        ho.timeout_ms = (long)(timeout_s * 1000);
        ho.max_retries = (unsigned)retries;
        ho.backoff_base_s = backoff_s;
        go.provider = provider;
        go.endpoint = endpoint;
        go.api_key = provider == SAHA_GEOCODE_GOOGLE && cfg.google_api_key[0]
                         ? cfg.google_api_key
                         : NULL;
        go.email = email;
        go.language = language;
        go.rate_per_s = rate;
        go.cache_path = no_cache ? NULL : cache_opt;
        go.cache_ttl_days = ttl_days;
        go.offline = offline;
        go.http = &ho;
        go_cache = go.cache_path;
        if (saha_geocoder_create(&g, ctx, &go) != SAHA_OK) {
            rc = cli_report(ctx);
            goto done;
        }
        if (rate == 0)
            rate = provider == SAHA_GEOCODE_GOOGLE ? 10 : 1;
    }
    {
        saha_geocode_accounts_options o;
        saha_geocode_stats st;
        cli_progress prog;
        FILE *sum = !strcmp(out, "-") ? stderr : stdout;
        double t0 = cli_now();
        saha_status s;
        (void)saha_geocode_accounts_options_init(&o,
                                                 SAHA_GEOCODE_ACCOUNTS_OPTIONS_VERSION);

        o.filter = filter;
        o.force = force;
        o.dry_run = dry_run;
        cli_progress_init(&prog, "geocoding", quiet || dry_run);
        o.progress = cli_progress_cb;
        o.payload = &prog;
        s = saha_geocode_accounts(g, set, &o, &st);
        cli_progress_end(&prog);
        if (s != SAHA_OK) {
            rc = cli_report(ctx);
            goto done;
        }
        if (dry_run) {
            char d[32];
            fmt_duration(d, sizeof d, st.requests ? (double)(st.requests - 1) / rate : 0);
            printf(
                "%zu account(s) need geocoding: %zu answered from the cache, %zu without "
                "an address%s\n",
                st.considered, st.cached + st.not_found + st.ambiguous, st.skipped,
                offline ? " or not in the cache" : "");
            printf(
                "would send %zu request(s) to %s; at %g request(s)/s that takes at least "
                "%s\n",
                st.requests, saha_geocode_provider_name(provider), rate, d);
            goto done;
        }
        {
            write_args w = {set};
            const char *inputs[3] = {NULL, NULL, NULL};
            size_t ni = 0;
            if (strcmp(in, "-") != 0) /* stdin in, stdout out is fine */
                inputs[ni++] = in;
            inputs[ni] = go_cache;
            rc = cli_write_atomic(ctx, out, inputs, write_csv, &w);
            if (rc != CLI_OK)
                goto done;
        }
        if (!quiet) {
            char d[32];
            fmt_duration(d, sizeof d, cli_now() - t0);
            fprintf(sum,
                    "geocoded %zu account(s): %zu ok, %zu cached, %zu not found, %zu "
                    "ambiguous, %zu failed, %zu skipped; %zu request(s) in %s\n",
                    st.considered, st.ok, st.cached, st.not_found, st.ambiguous,
                    st.failed, st.skipped, st.requests, d);
        }
        if (st.cache_write_failed) {
            cli_errorf("%s: %s; the output is written, but answers from then on are not "
                       "cached",
                       go_cache ? go_cache : "cache", st.cache_message);
            rc = CLI_FAIL;
        }
        if (st.provider_stopped) {
            cli_errorf("%s", st.message);
            cli_errorf(
                "rows not geocoded are marked failed/skipped; run the same command "
                "again later to resume");
            rc = CLI_FAIL;
        } else if (st.failed) {
            cli_errorf(
                "%zu account(s) failed (see the warnings); run again to retry them",
                st.failed);
            rc = CLI_FAIL;
        }
    }
done:
    saha_geocoder_free(g);
    saha_account_set_free(set);
    saha_ctx_free(ctx);
    return rc;
}
