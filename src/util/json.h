/* Small jansson helpers shared by the JSON readers (account, rep, OSRM, geocode). */
#ifndef SAHA_INTERNAL_JSON_H
#define SAHA_INTERNAL_JSON_H

#include <stddef.h>

#include <jansson.h>

#include "internal/core.h"

/* "an object", "an array", "a string", "a number", "a boolean" or "null", for messages
 * such as "value: expected a number, got a string". */
const char *saha__json_type_name(const json_t *v);

/* Parses data[0..len) (need not be NUL-terminated; NULL = "") with json_loadb's flags.
 * On failure returns NULL with SAHA_EPARSE set at source:line:column (jansson's
 * position) and the message "<what>: <jansson's reason>" (what NULL: the reason). */
json_t *saha__json_load(saha_ctx *ctx, const char *data, size_t len, size_t flags,
                        const char *source, const char *what);

#endif
