#!/usr/bin/env bash
# Overnight stays on the benchmark weeks: for each seed it generates the week of N
# accounts (tests/bench/week_gen.py: Marmara region, rep at home in Bursa), plans it with
# the rep's nights away off and on (same time limit and solver seed), checks both plans
# with tests/cli/plan_check.py and reports the profit (value won - travel - hotels),
# visits, nights and the gain.
#
# usage: tests/bench/overnight.sh [--count N] [--seeds LIST] [--time-limit S] [--out FILE]
# Environment: SAHA = the saha binary (default build/saha). Exit 1 when a plan fails or
# does not check out.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
saha="${SAHA:-$root/build/saha}"
count=300
seeds="1,2,3"
tl=3
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --time-limit) tl="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "overnight.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ -x "$saha" ] || { echo "overnight.sh: no saha binary at $saha" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

num() { tr -d ',' | sed 's/[^0-9.]//g'; }
table="| seed | accounts | profit, home every night | visits | profit, nights away | visits | nights | gain % |
|---:|---:|---:|---:|---:|---:|---:|---:|"
for seed in ${seeds//,/ }; do
  w="$tmp/w$seed"
  python3 "$here/week_gen.py" --count "$count" --seed "$seed" --out "$w" >/dev/null
  sed 's/"allowed": true/"allowed": false/' "$w/rep.json" > "$w/rep_off.json"
  sed 's/"allowed": false/"allowed": true/' "$w/rep.json" > "$w/rep_on.json"
  grep -q '"allowed": false' "$w/rep_off.json" && grep -q '"allowed": true' "$w/rep_on.json" ||
    { echo "overnight.sh: the rep file has no overnight.allowed to switch" >&2; exit 1; }
  for mode in off on; do
    rep="$w/rep_$mode.json"
    "$saha" plan "$w/accounts.csv" --rep "$rep" --start 2026-11-30 --days 5 \
      --time-limit "$tl" --seed "$seed" --csv "$w/$mode.csv" --unvisited "$w/$mode.un.csv" \
      > "$w/$mode.txt" 2>/dev/null
    python3 "$root/tests/cli/plan_check.py" "$w/$mode.csv" "$w/accounts.csv" "$rep" \
      "$w/$mode.un.csv" --start 2026-11-30 --days 5 > "$w/$mode.check" ||
      { cat "$w/$mode.check" >&2; exit 1; }
  done
  row=$(python3 - "$w" <<'PY'
import re, sys
w = sys.argv[1]
def read(mode):
    t = open("%s/%s.txt" % (w, mode), encoding="utf-8").read()
    g = lambda k: float(re.search(k + r" ([0-9,.]+)", t).group(1).replace(",", ""))
    won, travel = g("value won"), g("travel cost")
    m = re.search(r"hotels ([0-9,.]+) \S+ \(([0-9]+) night", t)
    hotels, nights = (float(m.group(1).replace(",", "")), int(m.group(2))) if m else (0.0, 0)
    visits = int(re.search(r"= [0-9]+ planned(?: \(([0-9]+) visits\))?", t).group(1) or
                 re.search(r"= ([0-9]+) planned", t).group(1))
    return won - travel - hotels, visits, nights
a, b = read("off"), read("on")
print("%.0f|%d|%.0f|%d|%d|%.2f" % (a[0], a[1], b[0], b[1], b[2], 100 * (b[0] - a[0]) / a[0]))
PY
)
  IFS='|' read -r p0 v0 p1 v1 n1 gain <<<"$row"
  echo "overnight.sh: seed $seed: home $p0, away $p1 ($n1 nights), gain $gain %" >&2
  table="$table
| $seed | $count | $p0 | $v0 | $p1 | $v1 | $n1 | $gain |"
done
echo "$table"
if [ -n "$out" ]; then
  {
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC'): tests/bench/overnight.sh --count $count --seeds $seeds --time-limit $tl"
    echo
    echo "- each plan: saha plan accounts.csv --rep REP --start 2026-11-30 --days 5 --time-limit $tl --seed SEED; both checked by tests/cli/plan_check.py"
    echo
    echo "### overnight"
    echo
    echo "$table"
  } >> "$out"
fi
