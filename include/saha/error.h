/* saha/error.h: status codes, the error slot, and the context every call takes.
 *
 * Every fallible function returns a saha_status (0 success, negative failure) and fills
 * the context's error slot with a one-line message naming the input when it knows it.
 * Codes are append-only: never renumber, remove or reuse one. */
#ifndef SAHA_ERROR_H
#define SAHA_ERROR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(SAHA_SHARED) && defined(SAHA_BUILDING_LIBRARY)
#define SAHA_API __attribute__((visibility("default")))
#else
#define SAHA_API
#endif

#define SAHA_VERSION_STRING "0.1.0"

/** Result of every fallible call. */
typedef enum saha_status {
    SAHA_OK = 0,
    SAHA_ERR = -1,       /**< anything the caller cannot act on specifically */
    SAHA_ENOMEM = -2,    /**< out of memory, or a size computation overflowed */
    SAHA_EINVAL = -3,    /**< caller mistake: bad argument or option */
    SAHA_EPARSE = -4,    /**< malformed input (file, reply); source/line set when known */
    SAHA_EIO = -5,       /**< reading or writing a file failed */
    SAHA_ENOTFOUND = -6, /**< a looked-up thing does not exist */
    SAHA_ENET = -7,      /**< network or HTTP failure */
    SAHA_EPROJ = -8,     /**< PROJ failure (unknown CRS, transform error) */
    SAHA_ELIMIT = -9,    /**< a size or count limit was exceeded */
    SAHA_ECANCEL = -10,  /**< the caller's progress callback asked to stop */
    SAHA_EINFEASIBLE = -11 /**< the problem has no feasible solution as stated */
} saha_status;

#define SAHA_ERROR_SIZE 640

/** Details of the last failure. line/column are 1-based; 0 means not applicable. */
typedef struct saha_error {
    saha_status code;
    char message[SAHA_ERROR_SIZE]; /**< one line, no trailing newline */
    char source[128];              /**< input file or URL (redacted), "" when none */
    size_t line, column;
} saha_error;

/** Log levels for saha_log_fn. */
typedef enum saha_log_level {
    SAHA_LOG_ERROR = 0,
    SAHA_LOG_WARN = 1,
    SAHA_LOG_INFO = 2,
    SAHA_LOG_DEBUG = 3
} saha_log_level;

/** Log callback: msg is one line without newline, valid only during the call. */
typedef void (*saha_log_fn)(saha_log_level level, const char *msg, void *payload);

/** Progress callback for long work: done out of total (total 0 = unknown).
 *  Return non-zero to cancel; the call then fails with SAHA_ECANCEL. */
typedef int (*saha_progress_fn)(size_t done, size_t total, void *payload);

/** Allocation hooks (all three or none). Used for every allocation the library makes
 *  itself (not by libcurl, PROJ, jansson or SQLite). */
typedef struct saha_allocator {
    void *(*malloc_fn)(size_t size, void *payload);
    void *(*realloc_fn)(void *ptr, size_t size, void *payload);
    void (*free_fn)(void *ptr, void *payload);
    void *payload;
} saha_allocator;

#define SAHA_CTX_OPTIONS_VERSION 1

/** Options of saha_ctx_create; fill with saha_ctx_options_init. */
typedef struct saha_ctx_options {
    unsigned version;                /**< SAHA_CTX_OPTIONS_VERSION */
    uint64_t seed;                   /**< seeds the context's portable PRNG */
    const saha_allocator *allocator; /**< NULL: the C library's allocator */
} saha_ctx_options;

/** Sets the defaults: seed 12345, the C library's allocator.
 *  @return SAHA_OK, or SAHA_EINVAL for NULL or an unknown version */
SAHA_API saha_status saha_ctx_options_init(saha_ctx_options *opts, unsigned version);

/** Opaque context: error slot, log callback, allocator, PRNG. One per thread. */
typedef struct saha_ctx saha_ctx;

/** Process-wide initialisation (libcurl). Call once from main() before any context.
 *  @return SAHA_OK or SAHA_ERR. */
SAHA_API saha_status saha_global_init(void);
/** Process-wide clean-up; call once at exit. */
SAHA_API void saha_global_cleanup(void);

/** Creates a context. opts may be NULL for defaults.
 *  @param[out] out the new context, NULL on failure
 *  @return SAHA_OK, SAHA_ENOMEM, SAHA_EINVAL (also opts of another version) */
SAHA_API saha_status saha_ctx_create(saha_ctx **out, const saha_ctx_options *opts);
/** Frees a context; NULL is a no-op. */
SAHA_API void saha_ctx_free(saha_ctx *ctx);
/** The last error set by a call on this context (code SAHA_OK when none). Borrowed. */
SAHA_API const saha_error *saha_ctx_last_error(const saha_ctx *ctx);
/** Installs a log callback (default: silent). fn NULL silences. */
SAHA_API void saha_ctx_use_log(saha_ctx *ctx, saha_log_fn fn, void *payload);
/** Sets the minimum level passed to the log callback (default SAHA_LOG_INFO). */
SAHA_API void saha_ctx_use_log_level(saha_ctx *ctx, saha_log_level level);
/** Re-seeds the context's PRNG. */
SAHA_API void saha_ctx_seed(saha_ctx *ctx, uint64_t seed);
/** Clears the error slot. */
SAHA_API void saha_ctx_clear_error(saha_ctx *ctx);

/** Symbolic name of a status, e.g. "SAHA_EPARSE". Never NULL. */
SAHA_API const char *saha_status_name(saha_status code);
/** Library version, e.g. "0.1.0". */
SAHA_API const char *saha_version(void);

#ifdef __cplusplus
}
#endif
#endif /* SAHA_ERROR_H */
