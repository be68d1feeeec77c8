#!/bin/bash
# Plan on big account lists (issue #19, D7): 1k, 5k and 20k generated accounts around
# Bursa (values 100-5000, 30-minute visits, six kinds of opening hours), one week,
# `saha plan --time-limit LIMIT` against a long run (--time-limit LONG). Prints per size
# the wall time and peak RSS from /usr/bin/time -v, the profit (value won - travel cost)
# and its ratio to the long run's, and the growth exponents of time and memory between
# sizes (log ratio / log size ratio). Inputs are made in a temp folder, never committed.
# Usage: tests/bench/plan_scale.sh [SAHA] [LIMIT] [LONG] [SIZES...]
set -eu
saha=${1:-build/saha}
limit=${2:-1}
long=${3:-10}
shift $(( $# < 3 ? $# : 3 ))
sizes=${*:-1000 5000 20000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/saha-plan-scale.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
here=$(cd "$(dirname "$0")" && pwd)
gen() { python3 "$here/plan_gen.py" "$@"; }  # the inputs: tests/bench/plan_gen.py
gen rep "$tmp/rep.json"
run() { # FILE LIMIT -> "wall_s rss_mb profit"
  /usr/bin/time -v "$saha" plan "$1" --rep "$tmp/rep.json" --start 2026-12-07 \
    --time-limit "$2" --seed 1 >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  awk '/value won/ { gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "won") w = $(i+1);
       if ($i == "cost") c = $(i+1) } } END { printf "%s ", w - c }' "$tmp/out"
  awk -F': ' '/Elapsed \(wall/ { n = split($2, t, ":"); s = t[n] + (n > 1 ? 60 * t[n-1] : 0);
       printf "%.2f ", s } /Maximum resident/ { printf "%.0f\n", $2 / 1024 }' "$tmp/err"
}
printf '%-7s %8s %8s %10s %10s %7s %8s %8s\n' n wall_s rss_MB profit long_profit ratio t_exp m_exp
pn=; pt=; pm=
for n in $sizes; do
  gen accounts "$tmp/acc$n.csv" "$n"
  read -r profit wall rss < <(run "$tmp/acc$n.csv" "$limit")
  read -r lprofit _ _ < <(run "$tmp/acc$n.csv" "$long")
  te=-; me=-
  if [ -n "$pn" ]; then
    te=$(awk -v a="$pt" -v b="$wall" -v x="$pn" -v y="$n" 'BEGIN { printf "%.2f", log(b/a)/log(y/x) }')
    me=$(awk -v a="$pm" -v b="$rss" -v x="$pn" -v y="$n" 'BEGIN { printf "%.2f", log(b/a)/log(y/x) }')
  fi
  awk -v n="$n" -v w="$wall" -v m="$rss" -v p="$profit" -v l="$lprofit" -v te="$te" -v me="$me" \
    'BEGIN { printf "%-7s %8.2f %8.0f %10.0f %10.0f %7.4f %8s %8s\n", n, w, m, p, l, p / l, te, me }'
  pn=$n; pt=$wall; pm=$rss
done
echo "limit ${limit} s, long run ${long} s; exponents between consecutive sizes;" \
     "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
