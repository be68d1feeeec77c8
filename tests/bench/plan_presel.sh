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
here=$(cd "$(dirname "$0")" && pwd)
gen() { python3 "$here/plan_gen.py" "$@"; }  # the inputs: tests/bench/plan_gen.py
gen rep "$tmp/rep.json"
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
  gen accounts "$tmp/acc$n.csv" "$n"
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
