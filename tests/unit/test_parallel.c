/* Tests for the thread helpers (src/util/parallel.c): the parallel for covers every
 * index once whatever the thread count, and the search harness gives each search its
 * deadline (the whole limit side by side, a share of it one after the other). */
#include "saha_test.h"

#include "util/parallel.h"

typedef struct cover {
    unsigned char *hits;
    size_t slots_seen[64];
} cover;

static void mark(size_t lo, size_t hi, size_t slot, void *payload)
{
    cover *c = payload;
    for (size_t i = lo; i < hi; i++)
        c->hits[i]++;
    c->slots_seen[slot]++;
}

static void test_parallel_for_covers(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    unsigned char hits[1001];
    (void)state;
    for (unsigned t = 1; t <= 5; t++) {
        cover c;
        memset(&c, 0, sizeof c);
        memset(hits, 0, sizeof hits);
        c.hits = hits;
        SAHA_TEST_OK(ctx, saha__parallel_for(ctx, 1001, t, mark, &c, NULL, NULL));
        for (size_t i = 0; i < 1001; i++)
            SAHA_TEST_EQ(hits[i], 1);
        SAHA_TEST_EQ(saha__parallel_threads(t, 1001), t);
    }
    SAHA_TEST_EQ(saha__parallel_threads(8, 3), 3);
    SAHA_TEST_EQ(saha__parallel_threads(1000, 100000), 64);
    saha_ctx_free(ctx);
}

/* The pool size every pool shares: the cap it is given, the item count, at least 1. */
static void test_thread_count_caps(void **state)
{
    (void)state;
    SAHA_TEST_EQ(saha__thread_count(300, 1000, 256), 256);
    SAHA_TEST_EQ(saha__thread_count(100, 1000, 256), 100);
    SAHA_TEST_EQ(saha__thread_count(3, 10, 2), 2);
    SAHA_TEST_EQ(saha__thread_count(8, 3, 256), 3);
    SAHA_TEST_EQ(saha__thread_count(5, 0, 256), 1);
    SAHA_TEST_EQ(saha__thread_count(0, 1, 256), 1);
    SAHA_TEST_EQ(saha__parallel_threads(300, 1000), 64);
}

static int stop_at_half(size_t done, size_t total, void *payload)
{
    (*(int *)payload)++;
    return done * 2 >= total;
}

static void test_parallel_for_cancel(void **state)
{
    saha_ctx *ctx = saha_test_ctx();
    unsigned char hits[400];
    cover c;
    int calls = 0;
    (void)state;
    memset(&c, 0, sizeof c);
    memset(hits, 0, sizeof hits);
    c.hits = hits;
    SAHA_TEST_EQ(saha__parallel_for(ctx, 400, 2, mark, &c, stop_at_half, &calls),
                 SAHA_ECANCEL);
    SAHA_TEST_EQ(calls, 10); /* 20 rounds, stopped after the 10th */
    SAHA_TEST_EQ(hits[0], 1);
    SAHA_TEST_EQ(hits[399], 0);
    saha_ctx_free(ctx);
}

typedef struct fake_search {
    double deadline;
    double deadline_seen;
    int runs;
} fake_search;

static void fake_run(void *arg)
{
    fake_search *s = arg;
    s->deadline_seen = s->deadline;
    s->runs++;
}

static void run_fakes(fake_search *s, size_t n, unsigned threads, double limit)
{
    saha__search_task t[3];
    for (size_t k = 0; k < n; k++) {
        memset(&s[k], 0, sizeof s[k]);
        s[k].deadline = -1;
        t[k].run = fake_run;
        t[k].arg = &s[k];
        t[k].deadline = &s[k].deadline;
    }
    saha__run_searches(t, n, threads, 100.0, limit);
}

static void test_run_searches(void **state)
{
    fake_search s[3];
    (void)state;
    run_fakes(s, 3, 1, 30.0); /* one after the other: 10 s each */
    for (size_t k = 0; k < 3; k++) {
        SAHA_TEST_EQ(s[k].runs, 1);
        SAHA_TEST_NEAR(s[k].deadline_seen, 100.0 + 10.0 * (double)(k + 1), 1e-9);
    }
    run_fakes(s, 3, 2, 30.0); /* side by side: the whole limit each */
    for (size_t k = 0; k < 3; k++) {
        SAHA_TEST_EQ(s[k].runs, 1);
        SAHA_TEST_NEAR(s[k].deadline_seen, 130.0, 1e-9);
    }
    run_fakes(s, 2, 4, 0); /* no limit */
    SAHA_TEST_NEAR(s[0].deadline_seen, 0, 0);
    SAHA_TEST_NEAR(s[1].deadline_seen, 0, 0);
    SAHA_TEST_EQ(s[1].runs, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parallel_for_covers),
        cmocka_unit_test(test_thread_count_caps),
        cmocka_unit_test(test_parallel_for_cancel),
        cmocka_unit_test(test_run_searches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
