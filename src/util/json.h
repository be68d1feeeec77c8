/* Small jansson helpers shared by the JSON readers (account, rep, OSRM, geocode). */
#ifndef SAHA_INTERNAL_JSON_H
#define SAHA_INTERNAL_JSON_H

#include <jansson.h>

/* "an object", "an array", "a string", "a number", "a boolean" or "null", for messages
 * such as "value: expected a number, got a string". */
const char *saha__json_type_name(const json_t *v);

#endif
