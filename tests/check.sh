#!/usr/bin/env bash
# The whole suite, twice: a -Werror build (the one `make demo` built, reused), then
# AddressSanitizer + UBSan. Both halves always run; the last line counts both:
#   check: N passed, N failed
# A half whose configure or build fails counts as one failed test. Exit 0 only when
# nothing failed. Called by `make check` (the README's test command, and .ci/run).
# usage: tests/check.sh BUILD_DIR ASAN_DIR JOBS [CMAKE_ARGS...]
set -u
cd "$(dirname "$0")/.."
build=${1:?build dir}; asan=${2:?asan dir}; jobs=${3:-2}
shift 3 || true
passed=0; failed=0; notes=""

# half NAME DIR CMAKE_ARGS...: configure, build, ctest; adds to the counts.
half() {
  local name="$1" dir="$2" log total nfail
  shift 2
  echo "== $name: configure and build ($dir)"
  if ! cmake -S . -B "$dir" "$@" >"$dir/configure.log" 2>&1; then
    cat "$dir/configure.log" >&2
    failed=$((failed + 1)); notes="$notes $name:configure"; return
  fi
  if ! cmake --build "$dir" -j "$jobs"; then
    failed=$((failed + 1)); notes="$notes $name:build"; return
  fi
  echo "== $name: tests"
  log="$dir/check.log"
  (cd "$dir" && ctest --output-on-failure -j "$jobs") 2>&1 | tee "$log"
  # ctest's own summary: "97% tests passed, 1 tests failed out of 47"
  total=$(sed -n 's/.*tests passed, [0-9]* tests\{0,1\} failed out of \([0-9]*\).*/\1/p' "$log" | tail -1)
  nfail=$(sed -n 's/.*tests passed, \([0-9]*\) tests\{0,1\} failed out of.*/\1/p' "$log" | tail -1)
  if [ -z "$total" ] || [ -z "$nfail" ] || [ "$total" = 0 ]; then
    failed=$((failed + 1)); notes="$notes $name:no-tests-ran"; return
  fi
  passed=$((passed + total - nfail)); failed=$((failed + nfail))
  [ "$nfail" = 0 ] || notes="$notes $name:$nfail"
}

mkdir -p "$build" "$asan"
half plain "$build" -DSAHA_WERROR=ON "$@"
half sanitized "$asan" -DSAHA_WERROR=ON -DSAHA_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug "$@"

[ -z "$notes" ] || echo "check: failures in:$notes" >&2
echo "check: $passed passed, $failed failed"
[ "$failed" = 0 ]
