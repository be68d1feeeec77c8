#!/bin/bash
# What the big-list preselection loses (issue #19, Deliver 2): on the plan_scale.sh
# accounts (generated around Bursa, one week), the profit (value won - travel cost) of
# the plan over the default candidates (--max-candidates 1000) against the plan over
# every account (--max-candidates N = the list), at the same fixed budgets
# (--time-limit 0 --iterations I --threads 1 --seed S: deterministic) and, with LIMITS,
# at wall-time limits (noisy on a shared machine). Prints per run the CPU time (user +
# sys) and peak RSS from /usr/bin/time, and the profit.
# Usage: tests/bench/plan_presel.sh [SAHA] [SIZES] [ITERATIONS] [SEEDS] [LIMITS] [CAPS]
#   e.g. tests/bench/plan_presel.sh build/saha "2000 5000" "2000 20000" "1 2 3" "3 10"
#   CAPS: the --max-candidates values, default "1000 all" (all = the list size)
set -eu
saha=${1:-build/saha}
sizes=${2:-2000 5000}
iters=${3:-2000 20000}
seeds=${4:-1}
limits=${5:-}
caps=${6:-1000 all}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/saha-plan-presel.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/rep.json" <<'JSON'
{"name": "Bench Rep", "home": {"lat": 40.2106, "lon": 29.0095},
 "timezone": "Europe/Istanbul", "days": "Mo-Fr", "day_start": "08:00",
 "day_end": "17:30", "lunch": {"earliest": "12:00", "latest": "13:30", "minutes": 30},
 "max_drive_minutes_per_day": 300,
 "cost": {"per_km": 0.3, "per_hour": 20, "currency": "EUR"}}
JSON
run() { # FILE CAP ARGS... -> "profit cpu_s rss_mb"
  local f=$1 cap=$2; shift 2
  /usr/bin/time -f "TIME %U %S %M" "$saha" plan "$f" --rep "$tmp/rep.json" \
    --start 2026-12-07 --max-candidates "$cap" "$@" >"$tmp/out" 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; exit 1; }
  awk '/value won/ { gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "won") w = $(i+1);
       if ($i == "cost") c = $(i+1) } } END { printf "%s ", w - c }' "$tmp/out"
  awk '/^TIME/ { printf "%.2f %.0f\n", $2 + $3, $4 / 1024 }' "$tmp/err"
}
printf '%-6s %-5s %-14s %-4s %10s %8s %7s\n' n cap budget seed profit cpu_s rss_MB
for n in $sizes; do
  python3 - "$tmp/acc$n.csv" "$n" <<'PY'
import random, sys
n = int(sys.argv[2]); r = random.Random(n)
hours = ["Mo-Fr 09:00-18:00", '"Mo-Sa 08:30-12:30,13:30-19:00"', "", "Mo-Fr 10:00-16:00",
         "Tu-Sa 09:00-17:00", "24/7"]
with open(sys.argv[1], "w") as f:
    f.write("id,name,lat,lon,value,visit_minutes,opening_hours,must_visit\n")
    for i in range(n):
        f.write("A%06d,Acc %d,%.5f,%.5f,%d,30,%s,%d\n" % (i, i, 40.05 + r.random() * 0.3,
                28.8 + r.random() * 0.6, r.randrange(100, 5000), hours[i % 6],
                1 if i in (3, 777) else 0))
PY
  for cap in $caps; do
    [ "$cap" = all ] && cap=$n
    for it in $iters; do
      for s in $seeds; do
        read -r p c m < <(run "$tmp/acc$n.csv" "$cap" --time-limit 0 --iterations "$it" \
          --threads 1 --seed "$s")
        printf '%-6s %-5s %-14s %-4s %10.0f %8s %7s\n' "$n" "$cap" "it=$it" "$s" "$p" "$c" "$m"
      done
    done
    for l in $limits; do
      read -r p c m < <(run "$tmp/acc$n.csv" "$cap" --time-limit "$l" --seed 1)
      printf '%-6s %-5s %-14s %-4s %10.0f %8s %7s\n' "$n" "$cap" "limit=${l}s" 1 "$p" "$c" "$m"
    done
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
