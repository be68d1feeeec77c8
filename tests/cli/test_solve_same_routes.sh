#!/usr/bin/env bash
# Determinism at fixed iterations: tests/bench/routes_md5.sh (saha solve on five benchmark
# instances, saha plan, territory and team on tests/data, every run bounded by iterations
# with a fixed seed) gives the same md5 lines on two runs and for one or two threads; the
# lines do depend on the seed (a script that hashed nothing would pass the first checks),
# and a routes line changes when the routes do.
. "$(dirname "$0")/lib.sh"
R="$SAHA_SOURCE_DIR/tests/bench/routes_md5.sh"

run bash "$R" --iterations 200 --seed 7
expect_status 0
cp "$OUT" "$TMPD/first"
expect_eq "$(grep -c '^[0-9a-f]\{32\}  solve\.' "$TMPD/first")" 5 "solve lines"
expect_stdout_matches '^[0-9a-f]{32}  plan\.week\.csv$'
expect_stdout_matches '^[0-9a-f]{32}  territory\.assignment\.csv$'
expect_stdout_matches '^[0-9a-f]{32}  team\.team\.csv$'
expect_stdout_matches '^[0-9a-f]{32}  all$'

run bash "$R" --iterations 200 --seed 7
expect_status 0
if cmp -s "$OUT" "$TMPD/first"; then ok; else
  bad "two runs with the same seed and iterations differ:"; diff "$TMPD/first" "$OUT" | head -10 >&2; fi

run bash "$R" --iterations 200 --seed 7 --threads 1
expect_status 0
if cmp -s "$OUT" "$TMPD/first"; then ok; else
  bad "one thread and two give other routes:"; diff "$TMPD/first" "$OUT" | head -10 >&2; fi

# negative probes: another seed moves some solve routes; so does stopping much earlier
run bash "$R" --iterations 200 --seed 8
expect_status 0
n=$(grep '  solve\.' "$OUT" | grep -vxFf "$TMPD/first" | wc -l)
if [ "$n" -gt 0 ]; then ok; else bad "seed 8 gives the same solve routes as seed 7"; fi
run bash "$R" --iterations 5 --seed 7
expect_status 0
n=$(grep '  solve\.' "$OUT" | grep -vxFf "$TMPD/first" | wc -l)
if [ "$n" -gt 0 ]; then ok; else bad "5 iterations give the same solve routes as 200"; fi

# a failing run is an error, not a line
run env SAHA=/bin/false bash "$R"
expect_status 1
run bash "$R" --bogus
expect_status 2
finish
