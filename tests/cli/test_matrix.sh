#!/usr/bin/env bash
# saha matrix: the model matrix of a small account list (+ HOME from a rep file), the
# file provider (round trip, errors with file:line), OSRM against the fixture server,
# atomic output and refusing to overwrite inputs.
set -u
. "$(dirname "$0")/lib.sh"

A="$TMPD/accounts.csv"
cat >"$A" <<'EOF'
id,name,lat,lon
K1,Kahve Bursa,40.195000,29.060000
"K2,Büfe",Büfe Nilüfer,40.215000,28.990000
K3,Market İnegöl,40.078000,29.513000
K4,No coordinates,,
EOF
REP="$TMPD/rep.json"
cat >"$REP" <<'EOF'
{"name": "Test Rep", "home": {"lat": 40.2106, "lon": 29.0095},
 "travel": {"circuity": 1.4, "speed_kmh": [[5, 20], [50, 50], [1e9, 90]]}}
EOF

run "$SAHA" matrix --help
expect_status 0
expect_stdout_matches 'Usage: saha matrix'
expect_stdout_matches '--provider'

# no output / bad provider: usage errors
run "$SAHA" matrix "$A"
expect_status 2
run "$SAHA" matrix "$A" --provider teleport -o -
expect_status 2
expect_stderr_matches "teleport"

# model: 3 accounts with coordinates -> 6 rows; K4 reported and left out
run "$SAHA" matrix "$A" -o "$TMPD/m.csv"
expect_status 0
expect_stderr_matches 'K4: no coordinates'
expect_eq "$(head -1 "$TMPD/m.csv")" "from_id,to_id,duration_s,distance_m" "header"
expect_eq "$(wc -l <"$TMPD/m.csv" | tr -d ' ')" "7" "rows (header + 3*2)"
expect_eq "$(grep -c '^K4,' "$TMPD/m.csv")" "0" "K4 left out"
# the quoted id survives, and K1->K2 equals K2->K1 (the model is symmetric)
k12=$(grep '^K1,"K2,Büfe",' "$TMPD/m.csv" | cut -d, -f4-)
k21=$(grep '^"K2,Büfe",K1,' "$TMPD/m.csv" | cut -d, -f4-)
if [ -n "$k12" ] && [ "$k12" = "$k21" ]; then ok; else bad "K1<->K2 rows: '$k12' vs '$k21'"; fi
# K1 -> K3: geodesic (geod -I +ellps=WGS84: 40.195 29.060 -> 40.078 29.513 = 40733.469 m)
# x 1.3 = 52953.5 m; time 5/25 h + 45/50 h + 2.9535/80 h = 720 + 3240 + 132.9 s
row=$(grep '^K1,K3,' "$TMPD/m.csv")
dur=$(echo "$row" | cut -d, -f3); dist=$(echo "$row" | cut -d, -f4)
if awk -v d="$dist" -v t="$dur" 'BEGIN { g = 40733.469; exit !(d > g*1.3 - 0.5 && d < g*1.3 + 0.5 && t > 4092.9 - 0.2 && t < 4092.9 + 0.2) }'
then ok; else bad "K1,K3 = $dur s, $dist m; want ~4092.9 s, ~52953.5 m"; fi

# --rep adds HOME with the rep's travel block (circuity 1.4)
run "$SAHA" matrix "$A" --rep "$REP" -o -
expect_status 0
expect_stdout_matches '^HOME,K1,'
expect_stdout_matches '^K3,HOME,'
expect_eq "$(grep -c . "$OUT")" "13" "rows with HOME (header + 4*3)"
d_rep=$(grep '^K1,K3,' "$OUT" | cut -d, -f4)
if awk -v a="$d_rep" -v b="$dist" 'BEGIN { r = a / b; exit !(r > 1.4/1.3 - 1e-4 && r < 1.4/1.3 + 1e-4) }'
then ok; else bad "rep circuity not applied: $d_rep vs $dist"; fi

# file provider: a round trip gives the same matrix; never overwrite an input
cp "$TMPD/m.csv" "$TMPD/in.csv"
run "$SAHA" matrix "$A" --matrix "$TMPD/in.csv" -o "$TMPD/back.csv"
expect_status 0
if cmp -s "$TMPD/in.csv" "$TMPD/back.csv"; then ok; else bad "file round trip differs"; fi
run "$SAHA" matrix "$A" --matrix "$TMPD/in.csv" -o "$TMPD/in.csv"
expect_status 2
expect_stderr_matches 'refusing to overwrite'
# ... and HOME comes from the model when the file has no legs for it, with a warning
run "$SAHA" matrix "$A" --matrix "$TMPD/in.csv" --rep "$REP" -o "$TMPD/home.csv"
expect_status 0
expect_stderr_matches 'no legs for HOME'
expect_eq "$(grep -c '^HOME,' "$TMPD/home.csv")" "3" "HOME rows from the model"

# file errors name file, line and field; the output is not created
grep -v '^K3,K1,' "$TMPD/in.csv" >"$TMPD/missing.csv"
run "$SAHA" matrix "$A" --matrix "$TMPD/missing.csv" -o "$TMPD/never.csv"
expect_status 1
expect_stderr_matches 'missing pair K3 -> K1'
expect_no_file "$TMPD/never.csv"
sed '3s/,[0-9.]*,/,-7,/' "$TMPD/in.csv" >"$TMPD/neg.csv"
run "$SAHA" matrix "$A" --matrix "$TMPD/neg.csv" -o "$TMPD/never.csv"
expect_status 2
expect_stderr_matches 'neg.csv:3:3: duration_s: want a finite number >= 0'
sed '2s/^K1,/K9,/' "$TMPD/in.csv" >"$TMPD/unknown.csv"
run "$SAHA" matrix "$A" --matrix "$TMPD/unknown.csv" -o "$TMPD/never.csv"
expect_status 2
expect_stderr_matches "unknown.csv:2:1: from_id: unknown id 'K9'"
expect_no_file "$TMPD/never.csv"

# OSRM: the fixture server on a free port
start_fixture URL osrm_server.py --max-table 2
PORT=${URL##*:}
# 3 points, server max 2 (4 cells a request): 3 requests of 3 sources x 1 destination
run "$SAHA" matrix "$A" --provider osrm --osrm-url "http://127.0.0.1:$PORT" \
  --osrm-max-table 2 -o "$TMPD/osrm.csv"
expect_status 0
expect_eq "$(wc -l <"$TMPD/osrm.csv" | tr -d ' ')" "7" "OSRM rows"
stats=$(curl -s "http://127.0.0.1:$PORT/stats" 2>/dev/null || python3 -c "import urllib.request,sys; print(urllib.request.urlopen('http://127.0.0.1:$PORT/stats').read().decode())")
case "$stats" in *'"table_requests": 3,'*) ok ;; *) bad "server stats: $stats" ;; esac
# a fresh connection per request on plain http: a reused one stalls ~40 ms a request on a
# server that sends header and body in two writes (Nagle + delayed ACK; issue 20)
case "$stats" in *'"table_connections": 3,'*) ok ;; *) bad "connections reused: $stats" ;; esac
# too big for the server: OSRM's message is shown
run "$SAHA" matrix "$A" --provider osrm --osrm-url "http://127.0.0.1:$PORT" \
  --osrm-max-table 100 -o "$TMPD/never.csv"
expect_status 1
expect_stderr_matches 'TooBig: Too many table coordinates'
# an unroutable account
run "$SAHA" matrix "$A" --provider osrm --osrm-url "http://127.0.0.1:$PORT/null/29.513000,40.078000" \
  --osrm-max-table 2 -o "$TMPD/never.csv"
expect_status 1
expect_stderr_matches 'unroutable: (K1 -> K3|K3 -> K1)'
expect_no_file "$TMPD/never.csv"

finish
