#!/bin/sh
# Usage: tests/fuzz/run.sh NAME SECONDS
# Fuzzes the harness tests/fuzz/fuzz_NAME.c for SECONDS with libFuzzer. Builds the clang
# fuzz build in build-fuzz/ when missing, works on a copy of tests/fuzz/corpus/NAME/ in
# tests/fuzz/corpus-work/NAME/ (git-ignored), prints the executions and the result.
# Exit 0: no crash; 1: a crash (the input is saved in tests/fuzz/corpus-work/NAME-crashes/);
# 2: usage.
set -eu
if [ $# -ne 2 ]; then
  echo "usage: $0 NAME SECONDS   (NAME: $(cd "$(dirname "$0")" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//' | tr '\n' ' '))" >&2
  exit 2
fi
name=$1
secs=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${SAHA_FUZZ_BUILD:-$root/build-fuzz}
[ -f "$here/fuzz_$name.c" ] || { echo "run.sh: no harness $here/fuzz_$name.c" >&2; exit 2; }
case $secs in ''|*[!0-9]*) echo "run.sh: SECONDS must be a whole number" >&2; exit 2;; esac

if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang cmake -S "$root" -B "$build" -DSAHA_BUILD_FUZZERS=ON -DSAHA_BUILD_TESTS=OFF \
    -DSAHA_BUILD_CLI=OFF -DCMAKE_BUILD_TYPE=Debug >/dev/null
fi
mkdir -p "$here/corpus-work"
if ! cmake --build "$build" -j2 --target "fuzz_$name" >"$here/corpus-work/build-$name.log" 2>&1; then
  tail -20 "$here/corpus-work/build-$name.log" >&2
  echo "run.sh: build failed (log: $here/corpus-work/build-$name.log)" >&2
  exit 1
fi

work=$here/corpus-work/$name
crashes=$here/corpus-work/$name-crashes
mkdir -p "$work" "$crashes"
if [ -d "$here/corpus/$name" ]; then
  cp -n "$here/corpus/$name"/* "$work"/ 2>/dev/null || true
fi
log=$here/corpus-work/$name.log
set +e
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$build/tests/fuzz/fuzz_$name" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$crashes/" -print_final_stats=1 "$work" >"$log" 2>&1
rc=$?
set -e
execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
echo "fuzz_$name: ${execs:-?} executions in ${secs}s, corpus $(ls "$work" | wc -l) files"
if [ $rc -eq 0 ]; then
  echo "fuzz_$name: no crash"
  exit 0
fi
echo "fuzz_$name: CRASH (libFuzzer exit $rc); input(s) in $crashes, log in $log" >&2
grep -E 'ERROR|SUMMARY|runtime error' "$log" | head -5 >&2 || true
exit 1
