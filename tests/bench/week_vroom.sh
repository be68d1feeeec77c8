#!/usr/bin/env bash
# saha against VROOM on the six realistic weeks of ../shared/bench/week/ (its README says
# how they were made; vroom_reference.csv holds VROOM's values and run times).
# For every week it runs `saha plan --objective value` with the folder's matrix file at
# 1 s and at VROOM's own `-t 2` wall time, once per solver seed, checks every plan with
# the independent checker tests/bench/week_check.py (its own schedule from matrix.csv;
# the value and km it recomputes must equal saha's summary), and prints the median value
# per time limit against VROOM's.
#
# usage: tests/bench/week_vroom.sh [--seeds LIST] [--only NAME] [--out FILE]
#   --seeds LIST solver seeds, comma-separated (default 1,2,3; the median is reported)
#   --only NAME  one instance (e.g. week300_s1)
#   --out FILE   also append the markdown table to FILE (tests/bench/RESULTS.md)
# Environment: SAHA = the saha binary (default build/saha), SAHA_SHARED_DIR = the shared
# data folder (default ../shared next to the repository). Also `make bench
# BENCH_ARGS=week-vroom`. Exit 1 when a plan fails or the checker rejects one.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
saha="${SAHA:-$root/build/saha}"
shared="${SAHA_SHARED_DIR:-$root/../shared}"
bench="$shared/bench/week"
seeds="1,2,3"
only=""
out=""

while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "week_vroom.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
if [ ! -x "$saha" ]; then
  echo "week_vroom.sh: no saha binary at $saha (build first, or set SAHA)" >&2
  exit 2
fi
if [ ! -f "$bench/vroom_reference.csv" ]; then
  echo "week_vroom.sh: no $bench/vroom_reference.csv" >&2
  exit 2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0

# run NAME LIMIT SEED -> "value km" (after checking the plan)
run() {
  local name="$1" tl="$2" seed="$3" d="$bench/$1" m="$tmp/$1.matrix.csv"
  local p="$tmp/$name-$tl-$seed"
  if ! "$saha" plan "$d/accounts.csv" --rep "$d/rep.json" --start 2026-11-30 \
      --objective value --provider file --matrix "$m" --time-limit "$tl" --seed "$seed" \
      --csv "$p.csv" > "$p.txt" 2> "$p.err"; then
    echo "week_vroom.sh: $name: saha plan failed (--time-limit $tl --seed $seed):" >&2
    cat "$p.err" >&2
    return 1
  fi
  python3 - "$p.txt" "$d" "$m" "$p.csv" "$here/week_check.py" <<'EOF'
import re, subprocess, sys
text = open(sys.argv[1], encoding="utf-8").read()
won = re.search(r"value won ([\d,.]+) ", text)
wk = re.search(r"^week\s+\d+\s+([\d.]+)\s", text, re.M)
if not won or not wk:
    sys.exit("week_vroom.sh: no summary in %s" % sys.argv[1])
value = float(won.group(1).replace(",", ""))
km = float(wk.group(1))
chk = subprocess.run([sys.executable, sys.argv[5], sys.argv[4], sys.argv[2],
                      "--matrix", sys.argv[3]], capture_output=True, text=True)
sys.stderr.write(chk.stderr)
f = chk.stdout.split()
if chk.returncode or f[7] != "yes":
    sys.exit("week_vroom.sh: %s: the checker rejects the plan" % sys.argv[4])
if int(f[1]) != round(value) or abs(float(f[5]) - km) > 0.15:
    sys.exit("week_vroom.sh: %s: summary %s / %.1f km, checker %s / %s km"
             % (sys.argv[4], value, km, f[1], f[5]))
print("%d %.1f" % (round(value), km))
EOF
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

table="$tmp/table.md"
{
  echo "| instance | VROOM value / km / s | saha 1 s values (median) / km | diff | saha at VROOM's s values (median) / km | diff |"
  echo "|---|---:|---:|---:|---:|---:|"
} > "$table"
d1s=()
dvs=()
while IFS=, read -r inst _ _ thr vval _ vkm _ wall _ _ _; do
  [ "$thr" = 2 ] || continue
  [ -z "$only" ] || [ "$only" = "$inst" ] || continue
  d="$bench/$inst"
  if [ -f "$d/matrix.csv" ]; then
    cp "$d/matrix.csv" "$tmp/$inst.matrix.csv"
  else
    gunzip -c "$d/matrix.csv.gz" > "$tmp/$inst.matrix.csv"
  fi
  cells=()
  for tl in 1 "$wall"; do
    vals=()
    kms=()
    for s in ${seeds//,/ }; do
      if ! r=$(run "$inst" "$tl" "$s"); then
        fail=1
        continue
      fi
      vals+=("${r% *}")
      kms+=("${r#* }")
      echo "week_vroom.sh: $inst ${tl} s seed $s: ${r% *} (${r#* } km)" >&2
    done
    [ ${#vals[@]} -gt 0 ] || { cells+=("failed" "-"); continue; }
    med=$(median "${vals[@]}")
    km=""
    for i in "${!vals[@]}"; do
      [ "${vals[$i]}" = "$med" ] && { km="${kms[$i]}"; break; }
    done
    diff=$((med - vval))
    if [ "$tl" = 1 ]; then d1s+=("$diff"); else dvs+=("$diff"); fi
    cells+=("$(IFS=' '; echo "${vals[*]}") ($med) / $km" "$(printf '%+d' "$diff")")
  done
  echo "| $inst | $vval / $vkm / $wall | ${cells[0]} | ${cells[1]} | ${cells[2]} | ${cells[3]} |" >> "$table"
done < <(tail -n +2 "$bench/vroom_reference.csv")

summ=$(python3 -c "
import sys
a = [int(x) for x in sys.argv[1].split()]; b = [int(x) for x in sys.argv[2].split()]
f = lambda l: '%+.1f (at or above VROOM on %d of %d)' % (sum(l) / len(l), sum(x >= 0 for x in l), len(l)) if l else '-'
print('mean diff at 1 s %s; at VROOM\'s time %s' % (f(a), f(b)))" "${d1s[*]:-}" "${dvs[*]:-}")
{
  echo
  echo "**week-vroom**: value = sum of account values (VROOM's objective); diff = saha median - VROOM; $summ; every plan checked by tests/bench/week_check.py"
} >> "$table"
cat "$table"
if [ -n "$out" ]; then
  {
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC'): tests/bench/week_vroom.sh --seeds $seeds (commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'))"
    echo
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- each plan: saha plan accounts.csv --rep rep.json --start 2026-11-30 --objective value --provider file --matrix matrix.csv --time-limit S --seed SEED (all cores)"
    echo
    cat "$table"
  } >> "$out"
fi
exit $fail
