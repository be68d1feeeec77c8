#!/usr/bin/env bash
# OSRM table requests and wall time of `saha matrix --provider osrm` for 100, 1,000 and
# 5,000 points against the fixture server (tests/fixtures/osrm_server.py, --max-table
# 100), for each saha binary given: e.g. the one before issue 20 (half-size square
# blocks, reused connections) and the one after (a grid of rectangles under limit^2,
# fresh connections on plain http).
# Usage: tests/bench/osrm_requests.sh LABEL=SAHA_BINARY [LABEL=SAHA_BINARY ...]
#   env SIZES="100 1000 5000" (default), FIXTURE_ARGS (e.g. --one-write: the fixture
#   sends header and body in one write with TCP_NODELAY, so a reused connection does
#   not stall on Nagle + delayed ACK), SKIP="label:size ..." cases to leave out.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
sizes=${SIZES:-"100 1000 5000"}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/saha-osrm-bench.XXXXXX")
python3 "$root/tests/fixtures/osrm_server.py" --port-file "$tmp/port" --max-table 100 \
  ${FIXTURE_ARGS:-} >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$tmp/port")"
stat() { python3 -c "import json,urllib.request; print(json.load(urllib.request.urlopen('$url/stats'))['$1'])"; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; fixture ${FIXTURE_ARGS:-(two writes, Nagle on)}"
printf '%-8s %6s %9s %9s %10s\n' binary points requests wall_s ms/request
for n in $sizes; do
  python3 - "$tmp/acc$n.csv" "$n" <<'PY'
import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w") as f:
    f.write("id,name,lat,lon\n")
    for i in range(n):
        f.write(f"A{i},a{i},{40.0 + 0.9 * ((i * 7919) % n) / n:.6f},"
                f"{28.5 + 1.2 * ((i * 104729) % n) / n:.6f}\n")
PY
  for spec in "$@"; do
    label=${spec%%=*}; bin=${spec#*=}
    case " ${SKIP:-} " in *" $label:$n "*) printf '%-8s %6s %9s\n' "$label" "$n" skipped; continue ;; esac
    python3 -c "import urllib.request; urllib.request.urlopen('$url/reset').read()"
    t0=$(date +%s.%N)
    "$bin" matrix "$tmp/acc$n.csv" --provider osrm --osrm-url "$url" -q -o "$tmp/m.csv"
    t1=$(date +%s.%N)
    req=$(stat table_requests)
    awk -v l="$label" -v n="$n" -v r="$req" -v a="$t0" -v b="$t1" \
      'BEGIN { printf "%-8s %6d %9d %9.2f %10.2f\n", l, n, r, b - a, 1000 * (b - a) / r }'
  done
done
