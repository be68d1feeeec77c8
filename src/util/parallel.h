/* util/parallel: the two thread helpers of the library (pthreads): a parallel for over
 * an index range, and independent searches run side by side. Neither touches a ctx
 * from another thread. */
#ifndef SAHA_UTIL_PARALLEL_H
#define SAHA_UTIL_PARALLEL_H

#include <stddef.h>

#include "internal/core.h"

/* The number of threads to run count independent items on when `threads` are asked
 * for (0 = all online CPUs): at most max and at most count, at least 1. Every pool of
 * the library (saha__parallel_for, the team planner's reps) sizes itself with it. */
size_t saha__thread_count(unsigned threads, size_t count, size_t max);

/* The number of threads saha__parallel_for uses for `threads` (0 = all online CPUs)
 * and count items: 1..64. */
size_t saha__parallel_threads(unsigned threads, size_t count);

/* Runs fn(lo, hi, slot, payload) over [0, count) split into contiguous parts on
 * saha__parallel_threads(threads, count) threads; slot (0..threads-1) is unique among
 * the calls running at the same time (for per-thread scratch). With a progress
 * callback (may be NULL) the work runs in ~20 rounds and progress is called from the
 * calling thread between them. fn must only write to its own part. A thread that
 * cannot start has its part run on the calling thread (same results).
 * Returns SAHA_OK or SAHA_ECANCEL (progress said stop). */
typedef void (*saha__range_fn)(size_t lo, size_t hi, size_t slot, void *payload);
saha_status saha__parallel_for(saha_ctx *ctx, size_t count, unsigned threads,
                               saha__range_fn fn, void *payload,
                               saha_progress_fn progress, void *progress_payload);

/* One of several independent searches: run(arg) after *deadline is set (0 = none). */
typedef struct saha__search_task {
    void (*run)(void *arg);
    void *arg;
    double *deadline;
} saha__search_task;

/* Runs the n tasks. threads >= 2: side by side (task 0 on the calling thread, each
 * with the whole time limit; a task whose thread cannot start runs on the calling
 * thread afterwards). Otherwise one after the other, task k stopping at
 * t0 + time_limit_s * (k + 1) / n, so that the whole stays within the limit. The tasks
 * must not depend on each other, so that the results do not depend on `threads`. */
void saha__run_searches(const saha__search_task *tasks, size_t n, unsigned threads,
                        double t0, double time_limit_s);

#endif
