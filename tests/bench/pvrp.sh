#!/usr/bin/env bash
# PVRP benchmark: `saha solve --json` on Cordeau, Gendreau & Laporte's 42 periodic VRP
# instances (p01-p32, pr01-pr10 in ../shared/bench/pvrp/pvrp/), every answer checked by
# tests/bench/pvrp_check.py (combinations, loads, durations, cost recomputed), with the
# gap to bks.csv, the seconds per instance and the mean gap.
#
# usage: tests/bench/pvrp.sh [--time-limit S] [--seed N] [--jobs J] [--only LIST]
#                            [--out FILE.jsonl]
#   --time-limit  seconds per instance (default 30)
#   --seed        random seed (default 1)
#   --jobs        instances solved at the same time (default 1; each solve uses 2 threads)
#   --only        comma-separated instance names (default: all 42)
#   --out         where the answers go (default: a temporary file)
# Environment: SAHA = the saha binary (default build/saha), BENCH = the pvrp folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench="${BENCH:-$root/../shared/bench/pvrp}"
saha="${SAHA:-$root/build/saha}"
tl=30
seed=1
jobs=1
only=""
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --time-limit) tl="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "pvrp.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x "$saha" ] || { echo "pvrp.sh: no saha binary at $saha" >&2; exit 2; }
[ -d "$bench/pvrp" ] || { echo "pvrp.sh: no data in $bench/pvrp" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
names=()
if [ -n "$only" ]; then
  IFS=, read -r -a names <<< "$only"
else
  for f in "$bench"/pvrp/p[0-9]* "$bench"/pvrp/pr[0-9]*; do names+=("$(basename "$f")"); done
fi

solve_one() {
  local name="$1" f="$bench/pvrp/$1"
  "$saha" solve "$f" --json --quiet --time-limit "$tl" --seed "$seed" > "$tmp/$name.json" \
    2> "$tmp/$name.err" || true
  python3 -c 'import json,sys
try:
    d = json.load(open(sys.argv[1]))
except Exception:
    d = {"instance": sys.argv[3], "routes": [], "objective": None}
d["file"] = sys.argv[2]
print(json.dumps(d))' "$tmp/$name.json" "$f" "$name" > "$tmp/$name.jsonl"
}

running=0
for name in "${names[@]}"; do
  solve_one "$name" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

all="${out:-$tmp/all.jsonl}"
: > "$all"
for name in "${names[@]}"; do cat "$tmp/$name.jsonl" >> "$all"; done
echo "saha $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')," \
  "time limit $tl s, seed $seed, jobs $jobs, $(uptime | sed 's/.*load/load/')"
python3 "$here/pvrp_check.py" "$all" --bks "$bench/bks.csv"
