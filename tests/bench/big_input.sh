#!/bin/bash
# Usage: tests/bench/big_input.sh [SAHA] [ROWS]
# Loads a generated ROWS-row accounts CSV (default 1,000,000; about 100 MB, made in a temp
# folder, never committed) with `saha geocode --dry-run --no-cache` (reads and validates
# every row, sends and writes nothing) and prints the peak memory (max RSS) and the time
# from /usr/bin/time -v, plus the input size, so that memory per row can be judged.
set -eu
saha=${1:-build/saha}
rows=${2:-1000000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/saha-big.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/big.csv" "$rows" <<'PY'
import random, sys
r = random.Random(1)
with open(sys.argv[1], "w", encoding="utf-8") as f:
    # six opening-hours patterns, as a real list has a handful; one row in five has none
    hours = ["", "Mo-Fr 09:00-18:00", '"Mo-Sa 08:30-12:30,13:30-19:00"',
             "Mo-Fr 08:00-17:00; Sa 09:00-13:00", "24/7", "Mo-Su 10:00-22:00",
             '"Mo-Fr 09:00-12:00,14:00-18:00; PH off"']
    f.write("id,name,address,lat,lon,value,visit_min,hours\n")
    for i in range(int(sys.argv[2])):
        f.write("A%07d,Müşteri %d,\"Cadde %d, Kadıköy, İstanbul\",%.5f,%.5f,%d,30,%s\n"
                % (i, i, i % 500, 40.8 + r.random() * 0.4, 28.8 + r.random() * 0.6,
                   r.randrange(100, 10000), hours[0 if i % 5 == 0 else 1 + i % 6]))
PY
size=$(stat -c %s "$tmp/big.csv")
/usr/bin/time -v "$saha" geocode --dry-run --no-cache "$tmp/big.csv" \
  >"$tmp/out" 2>"$tmp/err" || true
if ! grep -q "Maximum resident" "$tmp/err"; then
  cat "$tmp/err" >&2; exit 1
fi
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/err")
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/err")
grep -E "^saha:" "$tmp/err" | head -3
# bytes/row is the whole process's peak over the rows (binary, libraries and the input
# text included).
echo "big_input: $rows rows, input $((size / 1048576)) MiB: peak RSS $((rss_kb / 1024)) MiB" \
     "($(( rss_kb * 1024 / rows )) bytes/row), wall $wall"
