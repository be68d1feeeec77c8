#!/usr/bin/env bash
# Territory benchmark: clustered synthetic data of 1k, 10k and 100k accounts (40
# clusters of lognormal sizes over 600 km), balanced by workload with +-5 % tolerance (or TOL_PCT),
# against plain k-means on the same data. One process per size (peak RSS is per
# process). Usage: tests/bench/territory.sh [BUILD_DIR] [SEED] [DISTS] [SIZES] [TOL_PCT]
# DISTS: space-separated clustered|uniform|identical|holdout (identical = 50 coordinates;
# holdout = tests/bench/holdout_gen.py's spread over Turkey's 970 district points, Zipf
# weights, a quarter exactly on the district point; needs python3 and GAZETTEER, default
# ../shared/gazetteer/tr-districts.geojson), default "clustered"; SIZES: "N:K ..." (default
# "1000:10 10000:30 100000:100"). Issue #19's scale tables:
#   territory.sh build 1 "uniform clustered identical" "10000:100 100000:100 300000:100"
#   territory.sh build 1 holdout "108000:100"
set -eu
BUILD=${1:-build}
SEED=${2:-1}
DISTS=${3:-clustered}
SIZES=${4:-1000:10 10000:30 100000:100}
TOL=${5:-5} # balance tolerance, % of the share
BIN="$BUILD/tests/bench/bench_territory"
HERE=$(cd "$(dirname "$0")" && pwd)
GAZETTEER=${GAZETTEER:-$HERE/../../../shared/gazetteer/tr-districts.geojson}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [ ! -x "$BIN" ]; then
  cmake --build "$BUILD" --target bench_territory >/dev/null
fi
printf '%-9s %-7s %-4s %8s %8s %8s %10s %10s | %8s %10s %10s %7s\n' dist n k wall_s cpu_s \
  rss_MB maxdev_% spread_km km_sec km_maxdev% km_spread ratio
for d in $DISTS; do
  for nk in $SIZES; do
    mode=$d
    if [ "$d" = holdout ]; then
      python3 "$HERE/holdout_gen.py" --count "${nk%%:*}" --seed "$SEED" \
        --gazetteer "$GAZETTEER" --out "$TMP/holdout.txt"
      mode="file=$TMP/holdout.txt"
    fi
    "$BIN" "${nk%%:*}" "${nk##*:}" "$SEED" "$mode" "$TOL" | awk -v d="$d" '{ printf "%-9s %-7s %-4s %8.2f %8.2f %8.1f %10.2f %10.2f | %8.2f %10.1f %10.2f %7.3f\n", d, $1, $2, $3, $11, $4, $5, $6, $7, $8, $9, $10 }'
  done
done
echo "ratio = our spread / k-means spread (visit-weighted mean km to the territory mean);"
echo "tolerance +-$TOL %; k-means ignores the balance (its max deviation is shown). wall_s and cpu_s cover"
echo "the workload estimate and the balanced solve (one thread); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
