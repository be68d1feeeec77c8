#!/usr/bin/env bash
# Team benchmark: R reps x 300 accounts each (synthetic, accounts around each rep's home
# over western Turkey), every rep planned with --time-limit 1, on --jobs J threads, all
# exports written. Prints per R: wall seconds, CPU seconds, peak RSS (/usr/bin/time -v)
# and how both grow against the smallest R.
# Usage: tests/bench/team.sh [BUILD_DIR] [JOBS] [R...]   (default: build 2 50 100 200)
set -eu
BUILD=${1:-build}
JOBS=${2:-2}
shift $(($# > 2 ? 2 : $#)) || true
SIZES=${*:-50 100 200}
SAHA="$BUILD/saha"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/saha-bench-team.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

gen() { # gen R DIR: DIR/reps.csv, DIR/accounts.csv
  python3 - "$1" "$2" <<'EOF'
import math, random, sys
r, d = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
with open(d + "/reps.csv", "w") as f, open(d + "/accounts.csv", "w") as g:
    f.write("id,name,lat,lon\n")
    g.write("id,name,lat,lon,value,probability,visit_minutes,territory\n")
    for i in range(r):
        lat, lon = rng.uniform(37.0, 41.5), rng.uniform(26.5, 33.0)
        rid = "r%04d" % i
        f.write("%s,Rep %d,%.6f,%.6f\n" % (rid, i, lat, lon))
        for j in range(300):
            rad = abs(rng.gauss(0, 25.0)) / 111.0
            a = rng.uniform(0, 2 * math.pi)
            g.write("%s-%03d,Account %d-%d,%.6f,%.6f,%d,%.2f,%d,%s\n" % (
                rid, j, i, j, lat + rad * math.sin(a),
                lon + rad * math.cos(a) / math.cos(math.radians(lat)),
                rng.choice([500, 1000, 2000, 5000, 20000]), rng.uniform(0.2, 0.9),
                rng.choice([20, 30, 45, 60]), rid))
EOF
}

printf '%-5s %-8s %8s %8s %8s %9s %9s\n' reps accounts wall_s cpu_s rss_MB wall_x rss_x
base_w=""; base_m=""
for r in $SIZES; do
  mkdir -p "$TMP/$r"
  gen "$r" "$TMP/$r"
  /usr/bin/time -v "$SAHA" team "$TMP/$r/accounts.csv" --reps "$TMP/$r/reps.csv" \
    --out-dir "$TMP/$r/out" --time-limit 1 --jobs "$JOBS" --start 2026-11-30 --quiet \
    2>"$TMP/$r/time" || { cat "$TMP/$r/time"; exit 1; }
  w=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$TMP/$r/time")
  c=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{print u+s}' "$TMP/$r/time")
  m=$(awk -F': ' '/Maximum resident/{printf "%.1f", $2/1024}' "$TMP/$r/time")
  [ -n "$base_w" ] || { base_w=$w; base_m=$m; base_r=$r; }
  printf '%-5s %-8s %8.1f %8.1f %8.1f %9.2f %9.2f\n' "$r" $((r * 300)) "$w" "$c" "$m" \
    "$(awk -v a="$w" -v b="$base_w" 'BEGIN{print a / b}')" \
    "$(awk -v a="$m" -v b="$base_m" 'BEGIN{print a / b}')"
  rm -rf "$TMP/$r"
done
echo "x = growth against $base_r reps (linear: reps / $base_r); --time-limit 1 per rep,"
echo "--jobs $JOBS; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
