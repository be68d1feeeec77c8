/* Fixture servers for unit tests: a python3 script under tests/fixtures/ started on a
 * free port of 127.0.0.1 (it writes the port to DIR/port), stopped at the end. */
#ifndef SAHA_TEST_FIXTURE_H
#define SAHA_TEST_FIXTURE_H

#include <stddef.h>
#include <sys/types.h>

typedef struct saha_test_server {
    pid_t pid;
    int port;
    char dir[64]; /* a private temporary folder, removed with its files by _stop */
} saha_test_server;

/* Runs `python3 SCRIPT --port-file DIR/port ARGS...` (args NULL-terminated, may be NULL)
 * and waits up to 10 s for the port. prefix names the temporary folder. 0 ok, -1 not. */
int saha_test_server_start(saha_test_server *s, const char *prefix, const char *script,
                           const char *const *args);
/* Starts tests/fixtures/geocode_server.py (the http and geocode tests' server) on the
 * district gazetteer, with --stall 3 (longer than the tests' short timeouts). prefix
 * names the temporary folder. 0 ok, -1 not. */
int saha_test_geocode_server_start(saha_test_server *s, const char *prefix);
/* Writes "http://127.0.0.1:PORT" followed by path (may be "") to dst. */
void saha_test_server_url(const saha_test_server *s, char *dst, size_t cap,
                          const char *path);
/* Stops the server and removes its folder (and every file in it). */
void saha_test_server_stop(saha_test_server *s);
/* Monotonic seconds. */
double saha_test_now_s(void);

#endif
