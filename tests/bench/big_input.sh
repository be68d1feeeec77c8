#!/bin/bash
# Usage: tests/bench/big_input.sh [SAHA] [ROWS]
# Loads a generated ROWS-row accounts CSV (default 1,000,000; about 60 MB, made in a temp
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
    f.write("id,name,address,lat,lon,value,visit_min\n")
    for i in range(int(sys.argv[2])):
        f.write("A%07d,Müşteri %d,\"Cadde %d, Kadıköy, İstanbul\",%.5f,%.5f,%d,30\n"
                % (i, i, i % 500, 40.8 + r.random() * 0.4, 28.8 + r.random() * 0.6,
                   r.randrange(100, 10000)))
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
echo "big_input: $rows rows, input $((size / 1048576)) MiB: peak RSS $((rss_kb / 1024)) MiB" \
     "($(( rss_kb * 1024 / rows )) bytes/row), wall $wall"
