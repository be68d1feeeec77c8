#!/usr/bin/env bash
# Builds and runs bench_matrix: model matrix build time, peak memory and accuracy for
# 1k and 5k points (1 thread and all cores), and k-nearest lists for 100k points.
# Usage: tests/bench/matrix.sh [BUILD_DIR]   (default: build; configured when missing)
# One case per process, because peak memory is the process's ru_maxrss. "wall_s" is
# the build alone; "cpu_s" is user + system time of all its threads (on a busy machine
# wall time includes waiting for a CPU).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-${SAHA_BUILD_DIR:-$root/build}}
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j2 --target bench_matrix >/dev/null
bin=$(find "$build" -name bench_matrix -type f -perm -u+x | head -1)
cores=$(nproc)

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $cores cores"
printf '%-28s %7s %7s %7s %11s %s\n' case wall_s cpu_s rss_MB max_rel_err points
for n in 1000 5000; do
  for t in 1 0; do
    for region in turkey city; do
      read -r _ _ _ sec cpu rss err _ < <("$bin" model "$n" "$t" "$region")
      label="model n=$n threads=$([ "$t" = 0 ] && echo "$cores" || echo "$t")"
      printf '%-28s %7s %7s %7s %11s %s\n' "$label" "$sec" "$cpu" "$rss" "$err" "$region"
    done
  done
done
echo "matrix memory: 2 float arrays of n^2 (8 n^2 bytes); max_rel_err: matrix distance /"
echo "circuity against PROJ's geod_inverse on 200,000 sampled pairs"
