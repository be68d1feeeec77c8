#!/bin/sh
# Usage: tests/fuzz/all.sh [SECONDS]   (`make fuzz`; SECONDS default $FUZZ_SECONDS or 60)
# Fuzzes EVERY harness tests/fuzz/fuzz_*.c in turn for SECONDS with libFuzzer (through
# run.sh, which builds the clang fuzz build in $SAHA_FUZZ_BUILD, default build-fuzz/), and
# prints one line per harness: executions, corpus size, crashes. Exit 0 when no harness
# crashed, 1 otherwise (the crashing inputs are in tests/fuzz/corpus-work/NAME-crashes/:
# fix the bug, then copy each into tests/fuzz/corpus/NAME/ as crash-<what>).
set -u
here=$(cd "$(dirname "$0")" && pwd)
secs=${1:-${FUZZ_SECONDS:-60}}
case $secs in ''|*[!0-9]*) echo "all.sh: SECONDS must be a whole number" >&2; exit 2;; esac
failed=0
summary=""
for src in "$here"/fuzz_*.c; do
  name=$(basename "$src" .c); name=${name#fuzz_}
  mkdir -p "$here/corpus-work"
  stamp="$here/corpus-work/.all-$name.stamp"
  : >"$stamp"
  out=$(sh "$here/run.sh" "$name" "$secs" 2>&1)
  rc=$?
  printf '%s\n' "$out"
  execs=$(printf '%s\n' "$out" | sed -n 's/.*: \([0-9?]*\) executions in.*/\1/p' | head -1)
  corpus=$(printf '%s\n' "$out" | sed -n 's/.*corpus \([0-9]*\) files.*/\1/p' | head -1)
  # crashes of this run only (older ones stay in the folder until you deal with them)
  crashes=$(find "$here/corpus-work/$name-crashes" -type f -newer "$stamp" 2>/dev/null | wc -l)
  if [ $rc -ne 0 ]; then failed=1; fi
  summary="$summary$(printf '%-22s %12s %8s %8s' "$name" "${execs:-?}" "${corpus:-?}" "$crashes")
"
done
echo
printf '%-22s %12s %8s %8s\n' harness executions corpus crashes
printf '%s' "$summary"
if [ $failed -ne 0 ]; then
  echo "fuzz: at least one harness crashed (see above)" >&2
  exit 1
fi
echo "fuzz: no crashes in ${secs}s per harness"
