#!/usr/bin/env bash
# Why a reused connection can cost ~40 ms an OSRM request (issue 20): per-request time of a
# reused (keep-alive) connection against a fresh one, for the three ways
# tests/fixtures/osrm_server.py can write its reply: header and body in two writes with
# Nagle on (Python's http.server), one write with Nagle on (what osrm-routed does: one
# gather write, no TCP_NODELAY), one write with TCP_NODELAY. The client is Python's
# http.client on 127.0.0.1: a 2-point table (a reply of one small segment) and a 100-point
# table (~200 KB, many segments); the median of REQS requests (default 40) each way.
# Usage: tests/bench/osrm_reuse.sh
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
reqs=${REQS:-40}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/saha-osrm-reuse.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $reqs requests each"
printf '%-24s %6s %9s %11s %11s\n' "fixture writes" points "reply KB" "reused ms" "fresh ms"
for mode in "two writes, Nagle on:" "one write, Nagle on:--one-write --nagle" \
  "one write, TCP_NODELAY:--one-write"; do
  label=${mode%%:*}; args=${mode#*:}
  rm -f "$tmp/port"
  # shellcheck disable=SC2086
  python3 "$root/tests/fixtures/osrm_server.py" --port-file "$tmp/port" --max-table 1000 \
    $args >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
  for n in 2 100; do
    python3 - "$(cat "$tmp/port")" "$n" "$reqs" "$label" <<'PY'
import http.client, statistics, sys, time
port, n, reqs, label = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
coords = ";".join(f"{28.5 + 0.01 * i:.6f},{40.0 + 0.007 * i:.6f}" for i in range(n))
path = f"/table/v1/driving/{coords}?annotations=duration,distance"
def get(c):
    t = time.perf_counter()
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    assert r.status == 200 and body.startswith(b'{"code": "Ok"'), (r.status, body[:80])
    get.size = len(body)
    return time.perf_counter() - t
c = http.client.HTTPConnection("127.0.0.1", port)
get(c)  # the connection's first request is not a reuse
reused = [get(c) for _ in range(reqs)]
c.close()
fresh = []
for _ in range(reqs):
    c = http.client.HTTPConnection("127.0.0.1", port)
    fresh.append(get(c))
    c.close()
print("%-24s %6d %9.1f %11.2f %11.2f" % (label, n, get.size / 1000,
                                         1000 * statistics.median(reused),
                                         1000 * statistics.median(fresh)))
PY
  done
  kill $pid; wait $pid 2>/dev/null || true; pid=""
done
