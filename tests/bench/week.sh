#!/usr/bin/env bash
# The weekly-plan benchmark: "a week for 300 accounts over 5 days: <= 1 s to a plan
# within 1 % of what 30 s finds". For each seed it generates a week of N accounts
# (tests/bench/week_gen.py, deterministic; nights away switched off), runs `saha plan`
# with a short and a long
# time limit (same solver seed), and reports the objective (value won minus travel
# cost, read from the plan's summary), the short plan's gap to the long one, and times.
#
# usage: tests/bench/week.sh [--count N] [--seeds LIST] [--short S] [--long S]
#                            [--out FILE]
#   --count N    accounts per week (default 300)
#   --seeds LIST instance and solver seeds, comma-separated (default 1,2,3)
#   --short S    time limit of the fast plan (default 1)
#   --long S     time limit of the reference plan (default 30)
#   --out FILE   also append the markdown table to FILE
# Environment: SAHA = the saha binary (default build/saha), SAHA_SHARED_DIR = the shared
# data folder (default ../shared next to the repository). Exit 1 when a plan fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
saha="${SAHA:-$root/build/saha}"
shared="${SAHA_SHARED_DIR:-$root/../shared}"
count=300
seeds="1,2,3"
short=1
long=30
out=""

while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --short) short="$2"; shift 2 ;;
    --long) long="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "week.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
if [ ! -x "$saha" ]; then
  echo "week.sh: no saha binary at $saha (build first, or set SAHA)" >&2
  exit 2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# plan DIR SEED LIMIT -> "objective seconds visits"
plan() {
  local dir="$1" seed="$2" tl="$3" t0 t1
  t0=$(date +%s.%N)
  if ! "$saha" plan "$dir/accounts.csv" --rep "$dir/rep.json" --start 2026-11-30 \
      --days 5 --time-limit "$tl" --seed "$seed" > "$dir/plan-$tl.txt" 2>&1; then
    echo "week.sh: saha plan failed (seed $seed, --time-limit $tl):" >&2
    cat "$dir/plan-$tl.txt" >&2
    return 1
  fi
  t1=$(date +%s.%N)
  python3 - "$dir/plan-$tl.txt" "$t0" "$t1" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"value won ([\d,.]+) \S+, value left [\d,.]+ \S+, travel cost ([\d,.]+)", text)
v = re.search(r"^week\s+(\d+)\s", text, re.M)
if not m or not v:
    sys.exit("week.sh: no summary in the plan output")
won = float(m.group(1).replace(",", ""))
cost = float(m.group(2).replace(",", ""))
print("%.0f %.2f %s" % (won - cost, float(sys.argv[3]) - float(sys.argv[2]), v.group(1)))
EOF
}

table="$tmp/table.md"
{
  echo "| seed | accounts | visits ${short} s | objective ${short} s | seconds | visits ${long} s | objective ${long} s | seconds | gap % |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$table"
gaps=()
for s in ${seeds//,/ }; do
  dir="$tmp/week$s"
  python3 "$here/week_gen.py" --count "$count" --seed "$s" --out "$dir" \
    --gazetteer "$shared/gazetteer/tr-districts.geojson"
  # the engine's benchmark: every night at home (tests/bench/overnight.sh: nights away)
  sed -i 's/"allowed": true/"allowed": false/' "$dir/rep.json"
  read -r o1 t1 v1 < <(plan "$dir" "$s" "$short")
  read -r o2 t2 v2 < <(plan "$dir" "$s" "$long")
  gap=$(python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print('%.2f' % (100*(b-a)/abs(b) if b else 0))" "$o1" "$o2")
  gaps+=("$gap")
  echo "| $s | $count | $v1 | $o1 | $t1 | $v2 | $o2 | $t2 | $gap |" >> "$table"
  echo "week.sh: seed $s: ${short} s $o1, ${long} s $o2, gap $gap %" >&2
done
mean=$(python3 -c "import sys; g=[float(x) for x in sys.argv[1:]]; print('%.2f %.2f' % (sum(g)/len(g), max(g)))" "${gaps[@]}")
{
  echo
  echo "**week**: ${#gaps[@]} weeks of $count accounts over 5 days; gap of the ${short} s plan to the ${long} s plan: mean ${mean% *} %, worst ${mean#* } % (objective = value won - travel cost; positive gap = the short plan is worse)"
} >> "$table"
cat "$table"
if [ -n "$out" ]; then
  {
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC'): tests/bench/week.sh --count $count --seeds $seeds --short $short --long $long"
    echo
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "- each plan: saha plan accounts.csv --rep rep.json --start 2026-11-30 --days 5 --time-limit S --seed SEED (all cores)"
    echo
    echo "### week"
    echo
    cat "$table"
  } >> "$out"
fi
