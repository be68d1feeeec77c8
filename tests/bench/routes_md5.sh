#!/usr/bin/env bash
# Prints the md5 of the routes saha finds on a few small inputs kept in tests/data/, each
# run bounded by iterations (no time limit) with a fixed seed, so that the same build gives
# the same lines every time and a refactor that must not change behaviour can be checked:
# run it before and after the change and compare (issue #13: "benchmarks at fixed
# iterations give the same routes (md5) as before the change").
#
# usage: tests/bench/routes_md5.sh [--iterations N] [--seed N] [--threads N]
#   --iterations N  iterations per search (default 500)
#   --seed N        random seed (default 7)
#   --threads N     engine threads (default 2; the answer must not depend on it)
# Environment: SAHA = the saha binary (default build/saha).
#
# Output: one line per case, "<md5>  <case>", then "<md5>  all" over the lines above.
#   solve.<instance>  the "objective" and "routes" of `saha solve --json` (TSPLIB eil51,
#                     Chao TOP p7.4.t and OP set_64_1_45, Leuven OPTW c101, Cordeau PVRP p14)
#   plan.<file>       each output of `saha plan` on tests/data/plan (a week from 2026-03-02)
#   territory.<file>  each output of `saha territory` on tests/data/territory (3 reps)
#   team.<file>       each output of `saha team` on the sample map with tests/data/team/reps.csv
# The .xlsx outputs are left out: a workbook is a zip whose entries carry the time they
# were written.
# Exit status: 0 ok, 1 a run failed, 2 usage.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
saha="${SAHA:-$root/build/saha}"
iters=500
seed=7
threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --iterations) iters="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "routes_md5.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
if [ ! -x "$saha" ]; then
  echo "routes_md5.sh: no saha binary at $saha (build first, or set SAHA)" >&2
  exit 2
fi
data="$root/tests/data"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/saha-routes.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
lines="$tmp/lines"
: >"$lines"

fail() { echo "routes_md5.sh: $*" >&2; exit 1; }
md5() { md5sum | cut -d' ' -f1; }
# the outputs of one run, every file below DIR but the workbooks, by relative path
hash_dir() {
  local prefix="$1" dir="$2" f
  [ -n "$(find "$dir" -type f)" ] || fail "$prefix: no output in $dir"
  (cd "$dir" && find . -type f ! -name '*.xlsx' | LC_ALL=C sort) | while read -r f; do
    echo "$(md5 <"$dir/$f")  $prefix.${f#./}" >>"$lines"
  done
}

# the solver paths are relative to the repository, so that the JSON "instance" and
# any message is the same wherever the checkout lives
cd "$root"
for inst in tsplib/eil51.tsp top_chao/p7.4.t.txt op/set_64_1_45.txt toptw/c101.txt pvrp/p14; do
  name="$(basename "$inst")"
  "$saha" solve "tests/data/bench/$inst" --json --quiet --iterations "$iters" \
    --seed "$seed" --threads "$threads" >"$tmp/solve.json" 2>"$tmp/err" ||
    fail "saha solve $inst failed: $(head -3 "$tmp/err")"
  routes="$(python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(json.dumps({"objective": d["objective"], "routes": d["routes"]}, sort_keys=True))' \
    "$tmp/solve.json")" || fail "saha solve $inst: no objective or routes in its JSON"
  echo "$(printf '%s\n' "$routes" | md5)  solve.${name%.*}" >>"$lines"
done

p="$tmp/plan"
mkdir -p "$p"
"$saha" plan "$data/plan/accounts.csv" --rep "$data/plan/rep_ok.json" --start 2026-03-02 \
  --time-limit 0 --iterations "$iters" --seed "$seed" --threads "$threads" \
  --csv "$p/week.csv" --unvisited "$p/unvisited.csv" --geojson "$p/week.geojson" \
  --gpx "$p/week.gpx" --ics "$p/week.ics" --kml "$p/week.kml" --html "$p/week.html" \
  >"$tmp/out" 2>"$tmp/err" || fail "saha plan failed: $(head -3 "$tmp/err")"
hash_dir plan "$p"

t="$tmp/territory"
mkdir -p "$t"
"$saha" territory "$data/territory/accounts.csv" --reps "$data/territory/reps.csv" \
  --seed "$seed" -o "$t/assignment.csv" --geojson "$t/areas.geojson" --svg "$t/map.svg" \
  --html "$t/map.html" --quiet >"$tmp/out" 2>"$tmp/err" ||
  fail "saha territory failed: $(head -3 "$tmp/err")"
hash_dir territory "$t"

"$saha" team "$root/maps/marmara-aegean/accounts.csv" --reps "$data/team/reps.csv" \
  --out-dir "$tmp/team" --start 2026-11-30 --time-limit 0 --iterations "$iters" \
  --seed "$seed" --jobs "$threads" --quiet >"$tmp/out" 2>"$tmp/err" ||
  fail "saha team failed: $(head -3 "$tmp/err")"
hash_dir team "$tmp/team"

cat "$lines"
echo "$(md5 <"$lines")  all"
