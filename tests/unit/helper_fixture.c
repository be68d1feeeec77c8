/* Fixture-server helper shared by the unit tests (linked into every one). */
#include "helper_fixture.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal/core.h"

int saha_test_server_start(saha_test_server *s, const char *prefix, const char *script,
                           const char *const *args)
{
    char portfile[128];
    const char *argv[32];
    size_t n = 0;

    memset(s, 0, sizeof *s);
    snprintf(s->dir, sizeof s->dir, "/tmp/%s-XXXXXX", prefix);
    if (!mkdtemp(s->dir))
        return -1;
    snprintf(portfile, sizeof portfile, "%s/port", s->dir);
    argv[n++] = "python3";
    argv[n++] = script;
    argv[n++] = "--port-file";
    argv[n++] = portfile;
    for (size_t i = 0; args && args[i] && n + 1 < sizeof argv / sizeof argv[0]; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    s->pid = fork();
    if (s->pid < 0)
        return -1;
    if (s->pid == 0) {
        execvp("python3", (char *const *)argv);
        _exit(127);
    }
    for (int i = 0; i < 200; i++) {
        FILE *f = fopen(portfile, "r");
        if (f) {
            char line[32] = {0};
            long port = 0;
            if (fgets(line, sizeof line, f) &&
                saha__parse_long(line, strcspn(line, "\n"), &port) == 0 && port > 0) {
                s->port = (int)port;
                fclose(f);
                return 0;
            }
            fclose(f);
        }
        usleep(50000);
    }
    return -1;
}

int saha_test_geocode_server_start(saha_test_server *s, const char *prefix)
{
    const char *args[] = {"--gazetteer",
                          SAHA_SOURCE_DIR "/maps/gazetteer/tr-districts.geojson",
                          "--stall", "3", NULL};
    return saha_test_server_start(
        s, prefix, SAHA_SOURCE_DIR "/tests/fixtures/geocode_server.py", args);
}

void saha_test_server_url(const saha_test_server *s, char *dst, size_t cap,
                          const char *path)
{
    snprintf(dst, cap, "http://127.0.0.1:%d%s", s->port, path);
}

void saha_test_server_stop(saha_test_server *s)
{
    DIR *d;
    struct dirent *e;
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
        s->pid = 0;
    }
    if (!s->dir[0])
        return;
    d = opendir(s->dir);
    if (d) {
        while ((e = readdir(d)) != NULL) {
            char p[512];
            if (e->d_name[0] == '.')
                continue;
            snprintf(p, sizeof p, "%s/%s", s->dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(s->dir);
}

double saha_test_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
