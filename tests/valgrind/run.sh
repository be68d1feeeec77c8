#!/bin/bash
# Usage: tests/valgrind/run.sh BUILD_DIR [TEST...]   (`make check-valgrind`)
# Runs CLI tests (default: plan, geocode with the fixture server, territory, matrix,
# odd inputs, export readers) with SAHA = a wrapper that runs the built saha under
#   valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
# Every saha run writes a valgrind log; the run fails when a test fails (valgrind's 99
# breaks the tests' exit-status checks) or when any log shows an error or a definite leak.
set -u
build=${1:?usage: $0 BUILD_DIR [TEST...]}
shift
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$build" && pwd)
tests=${*:-test_plan test_geocode test_territory test_matrix test_odd_inputs test_cli_basic}
command -v valgrind >/dev/null || { echo "check-valgrind: valgrind is not installed" >&2; exit 1; }
logs=$build/valgrind
rm -rf "$logs"; mkdir -p "$logs"
cat >"$logs/saha" <<WRAP
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \\
  --show-leak-kinds=definite --log-file="$logs/vg.%p.log" "$build/saha" "\$@"
WRAP
chmod +x "$logs/saha"
failed=0
for t in $tests; do
  start=$(date +%s)
  if SAHA="$logs/saha" SAHA_SOURCE_DIR="$src" \
     SAHA_BUILD_DIR="$build" SAHA_TEST_DATA="$src/tests/data" \
     bash "$src/tests/cli/$t.sh" >"$logs/$t.out" 2>&1; then
    echo "valgrind: $t: $(tail -1 "$logs/$t.out") ($(( $(date +%s) - start )) s)"
  else
    echo "valgrind: $t: FAILED: $(tail -1 "$logs/$t.out")"; grep FAIL "$logs/$t.out" | head -5
    failed=1
  fi
done
runs=$(ls "$logs"/vg.*.log 2>/dev/null | wc -l)
# valgrind -q writes nothing unless it found something: any non-empty log is a finding
bad=$(find "$logs" -name 'vg.*.log' -size +0 2>/dev/null)
if [ -n "$bad" ]; then
  echo "valgrind: errors or definite leaks in:"; for f in $bad; do echo "  $f"; head -30 "$f"; done
  failed=1
fi
echo "valgrind: $runs saha runs, $(echo "$bad" | grep -c . ) with errors or definite leaks"
exit $failed
