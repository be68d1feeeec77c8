/* parallel: a parallel for over an index range (the matrix model, neighbour lists) and
 * the harness that runs the engine's independent searches side by side (vrp_solve.c,
 * vrp_tsp.c). See util/parallel.h. */
#include <pthread.h>
#include <unistd.h>

#include "util/parallel.h"

typedef struct par_job {
    saha__range_fn fn;
    void *payload;
    size_t lo, hi, slot;
} par_job;

static void *par_run(void *arg)
{
    par_job *j = arg;
    if (j->hi > j->lo)
        j->fn(j->lo, j->hi, j->slot, j->payload);
    return NULL;
}

#define PAR_MAX_THREADS 64

size_t saha__thread_count(unsigned threads, size_t count, size_t max)
{
    size_t nt = threads;
    if (nt == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        nt = c > 0 ? (size_t)c : 1;
    }
    if (nt > max)
        nt = max;
    if (nt > count)
        nt = count ? count : 1;
    return nt;
}

size_t saha__parallel_threads(unsigned threads, size_t count)
{
    return saha__thread_count(threads, count, PAR_MAX_THREADS);
}

saha_status saha__parallel_for(saha_ctx *ctx, size_t count, unsigned threads,
                               saha__range_fn fn, void *payload,
                               saha_progress_fn progress, void *progress_payload)
{
    pthread_t tid[PAR_MAX_THREADS];
    par_job job[PAR_MAX_THREADS];
    size_t nt = saha__parallel_threads(threads, count), waves, done = 0;

    /* without a progress callback one wave is enough; with one, ~20 waves */
    waves = progress ? (count < 20 ? 1 : 20) : 1;
    for (size_t w = 0; w < waves; w++) {
        size_t wlo = count * w / waves, whi = count * (w + 1) / waves;
        size_t started = 0;
        for (size_t t = 0; t < nt; t++) {
            job[t].fn = fn;
            job[t].payload = payload;
            job[t].lo = wlo + (whi - wlo) * t / nt;
            job[t].hi = wlo + (whi - wlo) * (t + 1) / nt;
            job[t].slot = t;
        }
        /* thread 0's share runs on the calling thread */
        for (size_t t = 1; t < nt; t++) {
            if (pthread_create(&tid[t], NULL, par_run, &job[t]) != 0)
                break;
            started = t;
        }
        par_run(&job[0]);
        for (size_t t = 1; t <= started; t++)
            pthread_join(tid[t], NULL);
        /* a thread that could not start: do its share here (same results) */
        for (size_t t = started + 1; t < nt; t++)
            par_run(&job[t]);
        done = whi;
        if (progress && progress(done, count, progress_payload))
            return saha__error_set(ctx, SAHA_ECANCEL, NULL, 0, 0, "cancelled");
    }
    return SAHA_OK;
}

#define MAX_SEARCHES 16

static void *search_main(void *arg)
{
    const saha__search_task *t = arg;
    t->run(t->arg);
    return NULL;
}

void saha__run_searches(const saha__search_task *tasks, size_t n, unsigned threads,
                        double t0, double time_limit_s)
{
    if (n > MAX_SEARCHES)
        n = MAX_SEARCHES;
    if (threads >= 2) {
        pthread_t tid[MAX_SEARCHES];
        size_t started = 0;
        for (size_t k = 0; k < n; k++)
            *tasks[k].deadline = time_limit_s > 0 ? t0 + time_limit_s : 0;
        for (size_t k = 1; k < n; k++) {
            if (pthread_create(&tid[k], NULL, search_main, (void *)&tasks[k]) != 0)
                break;
            started = k;
        }
        tasks[0].run(tasks[0].arg);
        for (size_t k = 1; k <= started; k++)
            pthread_join(tid[k], NULL);
        for (size_t k = started + 1; k < n; k++)
            tasks[k].run(tasks[k].arg);
    } else {
        for (size_t k = 0; k < n; k++) {
            *tasks[k].deadline =
                time_limit_s > 0 ? t0 + time_limit_s * (double)(k + 1) / (double)n : 0;
            tasks[k].run(tasks[k].arg);
        }
    }
}
