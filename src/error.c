/* error: the context, its error slot, logging, allocator hooks and PRNG seed.
 * Every public entry point clears the slot on entry; the first error set wins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "internal/core.h"

saha_status saha_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? SAHA_OK : SAHA_ERR;
}

void saha_global_cleanup(void)
{
    curl_global_cleanup();
}

saha_status saha_ctx_options_init(saha_ctx_options *opts, unsigned version)
{
    if (!opts || version != SAHA_CTX_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    opts->seed = 12345u;
    return SAHA_OK;
}

saha_status saha_ctx_create(saha_ctx **out, const saha_ctx_options *opts)
{
    saha_ctx *ctx;
    saha_ctx_options defaults;

    if (!out)
        return SAHA_EINVAL;
    *out = NULL;
    (void)saha_ctx_options_init(&defaults, SAHA_CTX_OPTIONS_VERSION);
    if (!opts)
        opts = &defaults;
    if (opts->version != SAHA_CTX_OPTIONS_VERSION)
        return SAHA_EINVAL;
    if (opts->allocator && (!opts->allocator->malloc_fn || !opts->allocator->realloc_fn ||
                            !opts->allocator->free_fn))
        return SAHA_EINVAL;
    if (opts->allocator)
        ctx = opts->allocator->malloc_fn(sizeof *ctx, opts->allocator->payload);
    else
        ctx = malloc(sizeof *ctx);
    if (!ctx)
        return SAHA_ENOMEM;
    memset(ctx, 0, sizeof *ctx);
    if (opts->allocator) {
        ctx->alloc = *opts->allocator;
        ctx->has_alloc = 1;
    }
    ctx->log_level = SAHA_LOG_INFO;
    saha__rng_seed(&ctx->rng, opts->seed);
    *out = ctx;
    return SAHA_OK;
}

void saha_ctx_free(saha_ctx *ctx)
{
    if (!ctx)
        return;
    if (ctx->has_alloc)
        ctx->alloc.free_fn(ctx, ctx->alloc.payload);
    else
        free(ctx);
}

const saha_error *saha_ctx_last_error(const saha_ctx *ctx)
{
    static const saha_error none = {SAHA_EINVAL, "no context", "", 0, 0};
    return ctx ? &ctx->err : &none;
}

void saha_ctx_use_log(saha_ctx *ctx, saha_log_fn fn, void *payload)
{
    if (!ctx)
        return;
    ctx->log_fn = fn;
    ctx->log_payload = payload;
}

void saha_ctx_use_log_level(saha_ctx *ctx, saha_log_level level)
{
    if (ctx)
        ctx->log_level = level;
}

void saha_ctx_seed(saha_ctx *ctx, uint64_t seed)
{
    if (ctx)
        saha__rng_seed(&ctx->rng, seed);
}

void saha_ctx_clear_error(saha_ctx *ctx)
{
    saha__error_clear(ctx);
}

saha__rng *saha__ctx_rng(saha_ctx *ctx)
{
    return &ctx->rng;
}

void saha__error_clear(saha_ctx *ctx)
{
    if (!ctx)
        return;
    memset(&ctx->err, 0, sizeof ctx->err);
}

static void copy_trunc(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= cap)
        n = cap - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

saha_status saha__error_vset(saha_ctx *ctx, saha_status code, const char *source,
                             size_t line, size_t col, const char *fmt, va_list ap)
{
    if (!ctx || ctx->err.code != SAHA_OK)
        return code;
    ctx->err.code = code;
    copy_trunc(ctx->err.source, sizeof ctx->err.source, source);
    ctx->err.line = line;
    ctx->err.column = col;
    if (vsnprintf(ctx->err.message, sizeof ctx->err.message, fmt, ap) < 0)
        ctx->err.message[0] = '\0';
    /* one line, always */
    for (char *p = ctx->err.message; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return code;
}

saha_status saha__error_set(saha_ctx *ctx, saha_status code, const char *source,
                            size_t line, size_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    saha__error_vset(ctx, code, source, line, col, fmt, ap);
    va_end(ap);
    return code;
}

saha_status saha__error_replace(saha_ctx *ctx, saha_status code, const char *source,
                                size_t line, size_t col, const char *fmt, ...)
{
    va_list ap;
    saha__error_clear(ctx);
    va_start(ap, fmt);
    saha__error_vset(ctx, code, source, line, col, fmt, ap);
    va_end(ap);
    return code;
}

void saha__log(saha_ctx *ctx, saha_log_level level, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    if (!ctx || !ctx->log_fn || level > ctx->log_level)
        return;
    va_start(ap, fmt);
    if (vsnprintf(msg, sizeof msg, fmt, ap) < 0)
        msg[0] = '\0';
    va_end(ap);
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    ctx->log_fn(level, msg, ctx->log_payload);
}

const char *saha_status_name(saha_status code)
{
    switch (code) {
    case SAHA_OK:
        return "SAHA_OK";
    case SAHA_ERR:
        return "SAHA_ERR";
    case SAHA_ENOMEM:
        return "SAHA_ENOMEM";
    case SAHA_EINVAL:
        return "SAHA_EINVAL";
    case SAHA_EPARSE:
        return "SAHA_EPARSE";
    case SAHA_EIO:
        return "SAHA_EIO";
    case SAHA_ENOTFOUND:
        return "SAHA_ENOTFOUND";
    case SAHA_ENET:
        return "SAHA_ENET";
    case SAHA_EPROJ:
        return "SAHA_EPROJ";
    case SAHA_ELIMIT:
        return "SAHA_ELIMIT";
    case SAHA_ECANCEL:
        return "SAHA_ECANCEL";
    case SAHA_EINFEASIBLE:
        return "SAHA_EINFEASIBLE";
    }
    return "SAHA_UNKNOWN";
}

const char *saha_version(void)
{
    return SAHA_VERSION_STRING;
}
