#!/usr/bin/env bash
# OSRM against the replay fixture (tests/fixtures/osrm_replay.py), which answers from
# the recorded replies of a real osrm-routed 6.0.0 on Andorra (tests/data/osrm/andorra):
# saha matrix and saha plan with 1, 99, 100 (+ HOME = 101 points), 101 and 120 accounts
# under --osrm-max-table 2, 3, 25 and 100 all succeed and equal the recorded table (the
# server refuses one-coordinate tables and sources x destinations > limit^2, as the real
# one does); the far point and the ski-slope accounts are warned about or skipped with
# their snap distance.
set -u
. "$(dirname "$0")/lib.sh"

D="$SAHA_SOURCE_DIR/tests/data/osrm/andorra"
REC="$SAHA_SOURCE_DIR/tests/cli/osrm_recorded.py"

# first K accounts of the recording
subset() { head -n "$(($1 + 1))" "$D/accounts.csv" >"$TMPD/acc$1.csv"; }
ids_of() { tail -n +2 "$TMPD/acc$1.csv" | cut -d, -f1; }
for k in 1 99 100 101 120; do
  subset "$k"
  python3 "$REC" csv "$D" "$TMPD/rec$k.csv" HOME $(ids_of "$k")
done

for limit in 2 3 25 100; do
  start_fixture URL osrm_replay.py --max-table "$limit"
  for k in 1 99 100 101 120; do
    # matrix with HOME: k + 1 points
    run "$SAHA" matrix "$TMPD/acc$k.csv" --rep "$D/rep.json" --provider osrm \
      --osrm-url "$URL" --osrm-max-table "$limit" -q -o "$TMPD/m.csv"
    expect_status 0
    if python3 "$REC" check "$D" "$TMPD/m.csv" HOME $(ids_of "$k") >"$TMPD/why" 2>&1
    then ok; else bad "matrix k=$k limit=$limit differs from the recording: $(cat "$TMPD/why")"; fi
    # plan: the same itinerary as planning from the recorded table as a matrix file
    run "$SAHA" plan "$TMPD/acc$k.csv" --rep "$D/rep.json" --provider osrm \
      --osrm-url "$URL" --osrm-max-table "$limit" --start 2026-12-07 --time-limit 0 \
      --iterations 100 --csv "$TMPD/p_osrm.csv"
    expect_status 0
    run "$SAHA" plan "$TMPD/acc$k.csv" --rep "$D/rep.json" --provider file \
      --matrix "$TMPD/rec$k.csv" --start 2026-12-07 --time-limit 0 --iterations 100 \
      --csv "$TMPD/p_file.csv"
    expect_status 0
    if [ -s "$TMPD/p_osrm.csv" ] && cmp -s "$TMPD/p_osrm.csv" "$TMPD/p_file.csv"; then ok
    else bad "plan k=$k limit=$limit: OSRM itinerary differs from the recorded table's"; fi
  done
  # every request stayed within the limit (the fixture refuses the rest anyway)
  stats=$(python3 -c "import urllib.request; print(urllib.request.urlopen('$URL/stats').read().decode())")
  cells=$(printf '%s' "$stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['max_cells'])")
  if [ "$cells" -le $((limit * limit)) ] && [ "$cells" -gt 0 ]; then ok
  else bad "limit $limit: a request had $cells cells"; fi
  kill $_fixture_pids 2>/dev/null; wait $_fixture_pids 2>/dev/null; _fixture_pids=""
  rm -f "$TMPD/URL.port"
done

# requests: 101 points at limit 100 take 2 requests (not 4), 121 take 2
start_fixture URL osrm_replay.py --max-table 100
run "$SAHA" matrix "$TMPD/acc100.csv" --rep "$D/rep.json" --provider osrm --osrm-url "$URL" -q -o "$TMPD/m.csv"
expect_status 0
n=$(python3 -c "import json,urllib.request; print(json.load(urllib.request.urlopen('$URL/stats'))['table_requests'])")
expect_eq "$n" "2" "requests for 101 points at limit 100"
# one point alone (no --rep): no request, an empty matrix, exit 0
python3 -c "import urllib.request; urllib.request.urlopen('$URL/reset').read()"
run "$SAHA" matrix "$TMPD/acc1.csv" --provider osrm --osrm-url "$URL" -o "$TMPD/one.csv"
expect_status 0
expect_eq "$(cat "$TMPD/one.csv")" "from_id,to_id,duration_s,distance_m" "one point"
n=$(python3 -c "import json,urllib.request; print(json.load(urllib.request.urlopen('$URL/stats'))['table_requests'])")
expect_eq "$n" "0" "requests for one point"
# the progress line says what it counts
expect_stderr_not_matches 'planning'
# on a terminal (`script` gives a pseudo-terminal), plan's OSRM progress is labelled for
# the table requests and counts to the server's request count, not to the points
# ("planning: 106/121" before issue 20); the planning line counts iterations
if command -v script >/dev/null; then
  python3 -c "import urllib.request; urllib.request.urlopen('$URL/reset').read()"
  script -qec "$(printf '%q ' "$SAHA" plan "$TMPD/acc120.csv" --rep "$D/rep.json" --provider osrm \
    --osrm-url "$URL" --osrm-max-table 25 --start 2026-12-07 --time-limit 0 --iterations 300)" \
    "$TMPD/tty" >/dev/null
  n=$(python3 -c "import json,urllib.request; print(json.load(urllib.request.urlopen('$URL/stats'))['table_requests'])")
  tr '\r' '\n' <"$TMPD/tty" | grep -a '^OSRM table requests \[' | grep -aoE '\] [0-9]+/[0-9]+' | sort -u >"$TMPD/tty.seg"
  expect_eq "$(grep -aoE '/[0-9]+$' "$TMPD/tty.seg" | sort -u)" "/$n" "OSRM progress total = requests"
  if grep -aqE "\] $n/$n\$" "$TMPD/tty.seg"; then ok; else bad "no final $n/$n OSRM progress: $(cat "$TMPD/tty.seg")"; fi
  if tr '\r' '\n' <"$TMPD/tty" | grep -a '^planning \[' | grep -aqvE '\] [0-9]+/300 '; then
    bad "a planning progress line not counting the 300 iterations"
  else ok; fi
fi

# ski-slope accounts: 20 of 120 moved 0.6-2.2 km; warned with the account and distance
run "$SAHA" matrix "$D/accounts.csv" --rep "$D/rep.json" --provider osrm --osrm-url "$URL" -o "$TMPD/m.csv"
expect_status 0
expect_eq "$(grep -c 'moved this point .* m to reach a road' "$ERR")" "20" "snap warnings"
expect_stderr_matches 'AD074: the OSRM server moved this point 2205 m'
expect_stderr_matches 'AD107: the OSRM server moved this point 644 m'
# above --osrm-snap-max 2000: AD030 (2186 m), AD074 (2205 m), AD108 (2244 m) skipped
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep.json" --provider osrm --osrm-url "$URL" \
  --osrm-snap-max 2000 --start 2026-12-07 --time-limit 0 --iterations 100 \
  --unvisited "$TMPD/unv.csv" --csv "$TMPD/it.csv"
expect_status 0
expect_stdout_matches 'skipped [0-9]+:.* unroutable 3'
expect_stdout_matches '^unroutable AD074 .*moved it 2205 m to reach a road \(more than the 2000 m allowed\)'
expect_eq "$(grep -c ',unroutable,' "$TMPD/unv.csv")" "3" "unroutable rows in --unvisited"
expect_eq "$(grep ',unroutable,' "$TMPD/unv.csv" | cut -d, -f1 | sort | tr '\n' ' ')" "AD030 AD074 AD108 " "unroutable ids"
if grep -qE '^[^,]*,[^,]*,[^,]*,(AD030|AD074|AD108),' "$TMPD/it.csv"; then bad "an unroutable account was planned"; else ok; fi
# road data: the itinerary says so, and the summary does not ask for road times
expect_eq "$(csv_column "$TMPD/it.csv" drive_source | sort -u)" "road" "drive_source road"
if grep -q 'legs are estimates' "$OUT"; then bad "OSRM legs called estimates"; else ok; fi
# the same with matrix: the three are left out of the CSV
run "$SAHA" matrix "$D/accounts.csv" --rep "$D/rep.json" --provider osrm --osrm-url "$URL" \
  --osrm-snap-max 2000 -o "$TMPD/m.csv"
expect_status 0
expect_stderr_matches 'AD108: the OSRM server moved this point 2244 m .*treated as unroutable'
expect_stderr_matches '3 point\(s\) left out as unroutable'
expect_eq "$(grep -cE '(^|,)(AD030|AD074|AD108),' "$TMPD/m.csv")" "0" "unroutable rows in the matrix"
expect_eq "$(wc -l <"$TMPD/m.csv" | tr -d ' ')" "$((118 * 117 + 1))" "matrix rows without them"

# the far point: 128 km outside the extract; OSRM says Ok with 12.6 km
printf 'id,name,lat,lon\nAD001,Hotel Coma Bella,42.4465191,1.4945765\nFAR1,Barcelona shop,41.3851,2.1734\n' >"$TMPD/far.csv"
run "$SAHA" matrix "$TMPD/far.csv" --provider osrm --osrm-url "$URL" -o "$TMPD/far_m.csv"
expect_status 0
expect_stderr_matches 'FAR1: the OSRM server moved this point 128257 m to reach a road \(more than the 5000 m allowed\): treated as unroutable'
expect_eq "$(grep -c . "$TMPD/far_m.csv")" "1" "far point left out (header only)"
# with the check off it is kept, with the server's numbers
run "$SAHA" matrix "$TMPD/far.csv" --provider osrm --osrm-url "$URL" --osrm-snap-max 0 -o "$TMPD/far_m.csv"
expect_status 0
expect_stderr_matches 'FAR1: the OSRM server moved this point 128257 m to reach a road \(more than 500 m\)'
if grep -q '^AD001,FAR1,1016.1,12583.2$' "$TMPD/far_m.csv"; then ok; else bad "far pair: $(cat "$TMPD/far_m.csv")"; fi
# plan: home at AD001, the far account is skipped as unroutable with its distance
sed 's/"home": {"lat": 42.5075, "lon": 1.5218}/"home": {"lat": 42.4465191, "lon": 1.4945765}/' "$D/rep.json" >"$TMPD/rep_far.json"
grep -v '^AD001' "$TMPD/far.csv" >"$TMPD/far_only.csv"
run "$SAHA" plan "$TMPD/far_only.csv" --rep "$TMPD/rep_far.json" --provider osrm --osrm-url "$URL" \
  --start 2026-12-07 --time-limit 0 --iterations 50 --unvisited "$TMPD/unv.csv"
expect_status 0
expect_stdout_matches 'skipped 1: unroutable 1'
expect_stdout_matches '^unroutable FAR1 \(Barcelona shop\): the OSRM server moved it 128257 m'
if grep -q '^FAR1,Barcelona shop,unroutable,"the OSRM server moved it 128257 m' "$TMPD/unv.csv"; then ok
else bad "unvisited: $(cat "$TMPD/unv.csv")"; fi
# bad values of the new flags
run "$SAHA" plan "$TMPD/far_only.csv" --rep "$TMPD/rep_far.json" --provider osrm --osrm-url "$URL" --osrm-snap-max -3
expect_status 2
run "$SAHA" matrix "$TMPD/far.csv" --provider osrm --osrm-url "$URL" --osrm-snap-warn abc -o -
expect_status 2
expect_stderr_matches '--osrm-snap-warn'

finish
