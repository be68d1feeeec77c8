/* util/json: helpers shared by the modules that read JSON through jansson. */
#include "util/json.h"

json_t *saha__json_load(saha_ctx *ctx, const char *data, size_t len, size_t flags,
                        const char *source, const char *what)
{
    json_error_t err;
    json_t *root = json_loadb(data ? data : "", data ? len : 0, flags, &err);
    if (!root)
        (void)saha__error_set(ctx, SAHA_EPARSE, source,
                              err.line > 0 ? (size_t)err.line : 0,
                              err.column > 0 ? (size_t)err.column : 0, "%s%s%s",
                              what ? what : "", what ? ": " : "", err.text);
    return root;
}

const char *saha__json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        break;
    }
    return "null";
}
