#!/usr/bin/env bash
# Runs `saha solve --json` on benchmark instances and checks every answer with
# tests/bench/check.py (which re-reads the instance and recomputes the objective).
#
# usage: tests/bench/run.sh [SET ...] [--time-limit S] [--limit N] [--jobs J]
#                           [--max-n N] [--m LIST] [--seed N] [--out FILE.md]
#   SET          tsplib, top, op, toptw (default: all four); week-vroom instead runs
#                tests/bench/week_vroom.sh with the remaining arguments
#   --time-limit seconds per instance (default 1)
#   --limit N    at most N instances per set, spread evenly over the sorted list
#                (default: 8 when no SET is given, else all)
#   --jobs J     instances solved at the same time (default 1; each solve uses 2 threads)
#   --max-n N    tsplib: skip instances with more than N nodes
#   --m LIST     toptw: numbers of paths, comma-separated (default 1,2,3,4)
#   --out FILE   report (default tests/bench/RESULTS.md, overwritten)
#   --append     add to the report instead of overwriting it
# Environment: SAHA = the saha binary (default build/saha), BENCH = the data folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench="${BENCH:-$root/../shared/bench}"
saha="${SAHA:-$root/build/saha}"
sets=()
tl=1
limit=""
jobs=1
maxn=""
mlist="1,2,3,4"
seed=1
out="$here/RESULTS.md"
append=0

if [ "${1:-}" = week-vroom ]; then
  shift
  exec bash "$here/week_vroom.sh" "$@"
fi
while [ $# -gt 0 ]; do
  case "$1" in
    tsplib|top|op|toptw) sets+=("$1"); shift ;;
    --time-limit) tl="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --max-n) maxn="$2"; shift 2 ;;
    --m) mlist="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --append) append=1; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
if [ ${#sets[@]} -eq 0 ]; then
  sets=(tsplib top op toptw)
  limit="${limit:-8}"
  [ -n "$maxn" ] || maxn=1000
fi
if [ ! -x "$saha" ]; then
  echo "run.sh: no saha binary at $saha (build first, or set SAHA)" >&2
  exit 2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cmdline="tests/bench/run.sh ${sets[*]} --time-limit $tl${limit:+ --limit $limit} --jobs $jobs${maxn:+ --max-n $maxn} --seed $seed"
[ "${sets[*]}" = toptw ] && cmdline="$cmdline --m $mlist"
if [ "$append" = 1 ] && [ -s "$out" ]; then
  { echo; echo "## $(date -u '+%Y-%m-%d %H:%M UTC'): $cmdline"; } >> "$out"
else
{
  echo "# Benchmark results"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "- commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown) (plus uncommitted changes)"
  echo "- command: $cmdline"
  echo "- each instance: saha solve FILE --json --time-limit $tl --seed $seed (2 threads)"
  echo "- checked by tests/bench/check.py (objective recomputed in doubles from the routes)"
} > "$out"
fi

# Picks at most $limit of the arguments, spread evenly.
pick() {
  local n=$# i k
  local -a all=("$@")
  if [ -z "$limit" ] || [ "$limit" -ge "$n" ]; then
    printf '%s\n' "${all[@]}"
    return
  fi
  for ((k = 0; k < limit; k++)); do
    i=$(( k * n / limit ))
    printf '%s\n' "${all[$i]}"
  done
}

run_one() { # file name extra-args... ; prints one JSON line
  local file="$1" m="$2"; shift 2
  local res
  if res="$("$saha" solve "$file" --json --quiet --time-limit "$tl" --seed "$seed" "$@" 2>"$tmp/err.$$.$RANDOM")"; then
    :
  else
    res=""
  fi
  if [ -z "$res" ]; then
    res="{\"instance\": \"$(basename "${file%.*}")\", \"error\": \"saha solve failed\", \"seconds\": 0}"
  fi
  python3 - "$res" "$file" "$m" <<'EOF'
import json, sys
d = json.loads(sys.argv[1]); d["file"] = sys.argv[2]; d["m"] = int(sys.argv[3])
print(json.dumps(d))
EOF
}

status=0
for set in "${sets[@]}"; do
  res="$tmp/$set.jsonl"
  : > "$res"
  case "$set" in
    tsplib)
      files=()
      for f in $(ls "$bench"/tsplib/*.tsp | sort -V); do
        n="$(basename "$f" .tsp | tr -dc '0-9')"
        if [ -n "$maxn" ] && [ "$n" -gt "$maxn" ]; then continue; fi
        files+=("$f")
      done ;;
    top) mapfile -t files < <(ls "$bench"/top_chao/p*.txt | sort -V) ;;
    op) mapfile -t files < <(ls "$bench"/op/*.txt | sort -V) ;;
    toptw) mapfile -t files < <(ls "$bench"/toptw/*.txt | sort -V) ;;
  esac
  mapfile -t chosen < <(pick "${files[@]}")
  echo "run.sh: $set: ${#chosen[@]} instances" >&2
  running=0
  for f in "${chosen[@]}"; do
    if [ "$set" = toptw ]; then
      for m in ${mlist//,/ }; do
        run_one "$f" "$m" --format optw --vehicles "$m" >> "$res" &
        running=$((running + 1))
        if [ "$running" -ge "$jobs" ]; then wait; running=0; fi
      done
    else
      run_one "$f" 0 >> "$res" &
      running=$((running + 1))
      if [ "$running" -ge "$jobs" ]; then wait; running=0; fi
    fi
  done
  wait
  python3 "$here/check.py" "$set" "$res" --bench "$bench" --markdown "$out" --title "$set" \
    > "$tmp/$set.txt" || status=1
  grep "^\*\*" "$tmp/$set.txt" >&2 || true
done
echo "run.sh: report in $out" >&2
exit $status
