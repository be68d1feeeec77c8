#!/usr/bin/env bash
# saha team on the Marmara-Aegean sample (6 reps, 1,000 accounts): usage and reps-file
# errors; every account planned by its own rep or reported; each rep's week passes the
# outside checker (plan_check.py) under the rules of its reps.csv row or rep file; the
# same plans for any --jobs; --shard 1, 2 and 4 run through GNU parallel and merged give
# the same team.csv byte for byte; team.html in headless Chromium has one route group per
# rep in its SVG map and an interactive Leaflet map (a route per line, a legend toggle
# per rep under the map, the basemap, no resource loaded); the reps' territory areas
# (team_areas.py, python3-shapely) on the sample and a random clustered case;
# --unassigned assign; compare.
set -u
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
MAP="$SAHA_SOURCE_DIR/maps/marmara-aegean"
D="$SAHA_TEST_DATA/team"
CHECK="python3 $HERE/plan_check.py"
TC="python3 $HERE/team_check.py"
W="--start 2026-11-30 --time-limit 0 --iterations 600 --seed 3 --quiet"
REPS="ist koc bur bal izm man"

run "$SAHA" team --help
expect_status 0
expect_stdout_matches '^usage: saha team ACCOUNTS --reps'
expect_stdout_matches '--shard K/N'
expect_stdout_matches '--unassigned MODE'

# usage errors and bad reps files: exit 2, file:line: field: reason
run "$SAHA" team "$MAP/accounts.csv" --out-dir "$TMPD/x"
expect_status 2
expect_stderr_matches 'missing --reps'
run "$SAHA" team "$MAP/accounts.csv" --reps "$D/reps.csv"
expect_status 2
expect_stderr_matches 'missing --out-dir'
run "$SAHA" team "$MAP/accounts.csv" --reps "$D/reps.csv" --out-dir "$TMPD/x" --shard 2/2
expect_status 2
expect_stderr_matches 'shard: expected K/N with 0 <= K < N'
run "$SAHA" team "$MAP/accounts.csv" --reps "$D/reps.csv" --out-dir "$TMPD/x" --shard 0/2 \
  --unassigned assign
expect_status 2
expect_stderr_matches 'unassigned assign needs every rep'
run "$SAHA" team "$MAP/accounts.csv" --reps "$D/reps_bad_time.csv" --out-dir "$TMPD/x" $W
expect_status 2
expect_stderr_matches 'reps_bad_time.csv:2: day_start: expected HH:MM, got .25:00.'
run "$SAHA" team "$MAP/accounts.csv" --reps "$D/reps_bad_file.csv" --out-dir "$TMPD/x" $W
expect_status 1
expect_stderr_matches 'nope.json'
run "$SAHA" team "$MAP/accounts.csv" --reps "$D/reps_no_home.csv" --out-dir "$TMPD/x" $W
expect_status 2
expect_stderr_matches "reps_no_home.csv:2: rep 'ist' has no home"
expect_no_file "$TMPD/x/team.csv"

# a rep whose required visit cannot fit fails alone: exit 2, the others are written
run "$SAHA" team "$D/must_far.csv" --reps "$D/two_reps.csv" --out-dir "$TMPD/far" $W
expect_status 2
expect_stderr_matches 'rep bur: .*must_far.csv:4: account F1 \(Far away\) must be visited'
expect_file "$TMPD/far/ist/week.csv"
expect_no_file "$TMPD/far/bur/week.csv"
expect_eq "$(grep -c '^bur,.*must be visited' "$TMPD/far/team.csv")" 1 "team.csv says why bur failed"
expect_eq "$(grep -c '^ist,.*,ok$' "$TMPD/far/team.csv")" 1 "ist planned"

# the territories of the sample, then every rep's week
cd "$TMPD"
"$SAHA" territory "$MAP/accounts.csv" --reps "$MAP/reps.csv" --keep-assigned \
  -o terr.csv >/dev/null 2>&1
expect_file terr.csv
cp terr.csv terr.before
run "$SAHA" team terr.csv --reps "$D/reps.csv" --out-dir one $W --jobs 2
expect_status 0
expect_eq "$(cmp -s terr.csv terr.before && echo same)" same "the input is untouched"
for r in $REPS; do
  for f in week.csv week.gpx week.geojson week.ics week.html week.kml unvisited.csv; do
    expect_file "one/$r/$f"
  done
done
expect_file one/team.csv
expect_file one/team.html
expect_eq "$(head -1 one/team.csv)" \
  "id,name,accounts,visits,km,drive_h,work_h,value_won,value_left,travel_cost,currency,must_missed,unvisited,status"
expect_eq "$(tail -n +2 one/team.csv | cut -d, -f1 | tr '\n' ' ')" "bal bur ist izm koc man " \
  "one row per rep, in id order"
# assignment.csv keeps every input column and row, then assigned_rep, assign_reason
expect_eq "$(head -1 one/assignment.csv)" "$(head -1 terr.csv),assigned_rep,assign_reason"
expect_eq "$(wc -l < one/assignment.csv)" "$(wc -l < terr.csv)" "every input row written back"
run $TC cover one/assignment.csv one
expect_status 0
expect_stdout_matches '^cover: 963 with a rep, 37 without, 0 problems'
# each rep's week under its own rules (reps.csv columns, bal's rep file)
for r in $REPS; do
  $TC repjson "$D/reps.csv" "$r" "rep_$r.json"
  $TC split one/assignment.csv "$r" "acc_$r.csv"
  run $CHECK "one/$r/week.csv" "acc_$r.csv" "rep_$r.json" "one/$r/unvisited.csv" \
    --start 2026-11-30 --days 7
  expect_status 0
done
# the rules are in force: koc works Mo-Th only, izm from 09:00, bal (rep file) ends 16:00
expect_eq "$(cut -d, -f2 one/koc/week.csv | tail -n +2 | sort -u | tr '\n' ' ')" \
  "2026-11-30 2026-12-01 2026-12-02 2026-12-03 " "koc: Mo-Th"
expect_eq "$(awk -F, 'NR>1 && $9 < "09:00"' one/izm/week.csv | wc -l)" 0 "izm starts 09:00"
expect_eq "$(awk -F, 'NR>1 && $9 > "16:00"' one/bal/week.csv | wc -l)" 0 "bal ends 16:00"
# the team row sums the rep's week
expect_eq "$(awk -F, '$1=="ist"{print $4}' one/team.csv)" \
  "$(tail -n +2 one/ist/week.csv | wc -l)" "ist's visits"

# the same plans whatever the thread count
run "$SAHA" team terr.csv --reps "$D/reps.csv" --out-dir jobs1 $W --jobs 1
expect_status 0
expect_eq "$(cmp -s one/team.csv jobs1/team.csv && echo same)" same "team.csv --jobs 1 vs 2"
expect_eq "$(cmp -s one/izm/week.csv jobs1/izm/week.csv && echo same)" same "izm week"

# shards through GNU parallel, merged: the same team.csv byte for byte
if command -v parallel >/dev/null 2>&1; then ok; else bad "GNU parallel is not installed"; fi
for n in 1 2 4; do
  seq 0 $((n - 1)) | parallel -j 2 "$SAHA" team terr.csv --reps "$D/reps.csv" \
    --out-dir "s$n/{}" --shard "{}/$n" $W
  expect_eq "$?" 0 "parallel, $n shards"
  run "$SAHA" team merge $(seq -f "s$n/%g" 0 $((n - 1))) --out-dir "m$n" --quiet
  expect_status 0
  expect_eq "$(cmp -s one/team.csv "m$n/team.csv" && echo same)" same "team.csv, $n shards"
  expect_eq "$(cmp -s one/bur/week.csv "m$n/bur/week.csv" && echo same)" same \
    "bur's week copied beside, $n shards"
done
expect_eq "$(tail -n +2 s4/0/team.csv | cut -d, -f1 | tr '\n' ' ')" "bal koc " \
  "shard 0/4: positions 0 and 4 in id order (bal bur ist izm koc man)"
# two shards that planned the same rep cannot be merged
run "$SAHA" team merge s2/0 s2/0 --out-dir bad --quiet
expect_status 2
expect_stderr_matches "rep 'bal' is in the report twice"

# team.html in headless Chromium: one route group per rep, a linked row per rep
ud=$(mktemp -d "$TMPD/chrome.XXXXXX")
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$ud" --dump-dom "file://$TMPD/m4/team.html" >dom.html 2>dom.err
expect_eq "$?" 0 "chromium --dump-dom exit status"
run $TC dom dom.html $REPS
expect_status 0
expect_stdout_matches '^dom ok: 6 route groups'
expect_eq "$(grep -c '<script src\|<link ' one/team.html)" 0 "team.html references no file"
# the interactive map (Leaflet inlined, as in the plan report): a route per line of the
# data, a layer per rep toggled from a legend under the map, the basemap with its
# province borders, and no resource loaded (every host name unresolvable)
if [ -r /usr/share/javascript/leaflet/leaflet.js ]; then
  expect_eq "$(grep -c 'Leaflet (BSD-2-Clause), inlined' m4/team.html)" 2 "Leaflet in team.html"
  python3 - m4/team.html "$HERE/report_probe.js" probe.html <<'PYEOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
p = open(sys.argv[2], encoding="utf-8").read()
open(sys.argv[3], "w", encoding="utf-8").write(s.replace("</body>", "<script>" + p + "</script>\n</body>"))
PYEOF
  ud=$(mktemp -d "$TMPD/chrome.XXXXXX")
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" --window-size=1400,900 \
    --virtual-time-budget=8000 --user-data-dir="$ud" --dump-dom "file://$TMPD/probe.html" >tdom.html 2>tdom.err
  run python3 - tdom.html m4/team.html <<'PYEOF'
import html, json, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
page = open(sys.argv[2], encoding="utf-8").read()
r = json.loads(html.unescape(re.findall(r'<pre id="probe">(\{.*?)</pre>', dom, re.S)[-1]))
d = json.loads(re.search(r'<script type="application/json" id="saha-team-map-data">(.*?)</script>', page, re.S).group(1))
lines = sum(1 for rep in d["reps"] for l in rep["lines"] if len(l) >= 2)
assert 'class="lmap"' in dom, "the map script did not run"
assert r["routes"] == lines > 0, ("routes drawn", r["routes"], "lines", lines)
assert not r["legendInMap"], "legend over the map"
assert r["resources"] == [], r["resources"]
assert r["scrollWidth"] <= r["innerWidth"], (r["scrollWidth"], r["innerWidth"])
assert len(d["reps"]) == 6 and d["tiles"] is None
assert any(p["k"] == 3 for p in d["basemap"]["parts"]), "no province border in the data"
assert dom.count('type="checkbox" checked="" data-rep=') == 6, "a legend toggle per rep"
print("team map ok: %d reps, %d routes, 0 resources" % (len(d["reps"]), r["routes"]))
PYEOF
  expect_status 0
  expect_stdout_matches '^team map ok: 6 reps, [0-9]+ routes, 0 resources'
  expect_eq "$(grep 'CONSOLE' tdom.err | grep -ciE 'Uncaught|Error')" 0 "console errors in team.html"
fi

# the reps' territory areas in team.html (map data and SVG): merged Voronoi cells, no
# two overlap (< 0.1 % of the smaller), every account in its own rep's area, each label
# inside its area; on the sample and on a random clustered case. Negative probes: the
# convex hulls of the same accounts overlap, and so does an area given a neighbour's cells.
PY=/usr/bin/python3 # Debian's python: the one with python3-shapely
TA="$PY $HERE/team_areas.py"
if "$PY" -c 'import shapely' 2>/dev/null; then ok; else bad "python3-shapely is not installed"; fi
expect_eq "$(grep -c '"hull"' one/team.html)" 0 "no hull in team.html"
run $TA check one/team.html one/assignment.csv
expect_status 0
expect_stdout_matches '^team areas ok: 6 reps, 963 accounts, max overlap 0\.0[0-9]* %'
run $TA check m4/team.html one/assignment.csv
expect_status 0
expect_stdout_matches '^team areas ok: 6 reps, 963 accounts'
run $TA hulls one/team.html one/assignment.csv
expect_status 1
expect_stdout_matches 'areas [a-z]+ and [a-z]+ overlap by [0-9.]+ % of the smaller'
$TA overlap one/team.html overlap.html
run $TA check overlap.html one/assignment.csv
expect_status 1
expect_stdout_matches 'map data: areas bal and bur overlap by 100\.000 %'
"$PY" - rnd_acc.csv rnd_reps.csv <<'EOF'
import csv, random, sys
rng = random.Random(18)
# five clusters (spread 5 to 40 km, some overlapping), four reps at the first four
centres = [(rng.uniform(38.5, 40.5), rng.uniform(31.0, 34.0), rng.uniform(0.05, 0.35)) for _ in range(5)]
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id", "name", "lat", "lon", "value", "probability", "visit_minutes"])
    for i in range(360):
        la, lo, s = centres[i % 5]
        w.writerow(["R%04d" % i, "Account %d" % i, "%.6f" % rng.gauss(la, s),
                    "%.6f" % rng.gauss(lo, s * 1.3), rng.randrange(1000, 90000), "0.5", 30])
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id", "name", "lat", "lon", "capacity", "max_accounts"])
    for k in range(4):
        w.writerow(["r%d" % k, "Rep %d" % k, "%.6f" % centres[k][0], "%.6f" % centres[k][1], 1, ""])
EOF
"$SAHA" territory rnd_acc.csv --reps rnd_reps.csv -o rnd_terr.csv >/dev/null 2>&1
expect_file rnd_terr.csv
run "$SAHA" team rnd_terr.csv --reps rnd_reps.csv --out-dir rnd $W
expect_status 0
run $TA check rnd/team.html rnd/assignment.csv
expect_status 0
expect_stdout_matches '^team areas ok: 4 reps, 360 accounts, max overlap'
run $TA hulls rnd/team.html rnd/assignment.csv
expect_status 1
expect_stdout_matches 'overlap by [0-9.]+ % of the smaller'

# --tiles reaches team.html and every week.html (URL and attribution in the map data);
# without it neither page has tiles (checked above: "tiles" is null); a bad URL is a
# usage error
run "$SAHA" team rnd_terr.csv --reps rnd_reps.csv --out-dir rndt $W \
  --tiles 'http://127.0.0.1:9/{z}/{x}/{y}.png' --tiles-attribution 'Test tiles'
expect_status 0
expect_eq "$(grep -c '"tiles":{"url":"http://127.0.0.1:9/{z}/{x}/{y}.png","attr":"Test tiles"}' rndt/team.html)" 1 "tiles in team.html"
expect_eq "$(grep -c '"tiles":{"url":"http://127.0.0.1:9/{z}/{x}/{y}.png"' rndt/r0/week.html)" 1 "tiles in week.html"
expect_eq "$(grep -c '"tiles":null' rnd/team.html)" 1 "no tiles without --tiles"
run "$SAHA" team rnd_terr.csv --reps rnd_reps.csv --out-dir rndx $W --tiles 'ftp://x/{z}/{x}/{y}'
expect_status 2
expect_stderr_matches 'tiles: expected an http\(s\) URL template'

# --unassigned assign on the raw sample (38 accounts with a rep, 925 to give out)
run "$SAHA" team "$MAP/accounts.csv" --reps "$MAP/reps.csv" --out-dir asg \
  --unassigned assign --start 2026-11-30 --time-limit 0 --iterations 600 --seed 3
expect_status 0
expect_stdout_matches 'ist took [0-9]+ unassigned accounts'
run $TC cover asg/assignment.csv asg
expect_status 0
expect_stdout_matches '^cover: 964 with a rep, 36 without, 0 problems'
expect_eq "$(head -1 asg/assignment.csv)" "$(head -1 "$MAP/accounts.csv"),assigned_rep,assign_reason"
expect_eq "$(grep -c 'visits it on\|has room for it on' asg/assignment.csv | awk '{print ($1 > 50)}')" 1 \
  "assignments say which day at which profit"
# accepting the assignment: a re-run plans it as is (assigned_rep is read first)
run "$SAHA" team asg/assignment.csv --reps "$MAP/reps.csv" --out-dir acc $W
expect_status 0
expect_eq "$(cut -d, -f1-3 acc/team.csv)" "$(cut -d, -f1-3 asg/team.csv)" \
  "accepted assignment: same accounts per rep"

# what-if: move Kocaeli accounts from koc to ist
python3 - terr.csv moved.csv <<'EOF'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rd = csv.reader(f); head = next(rd); rows = list(rd)
t = head.index("territory")
c = head.index("city")
for r in rows:
    if r[t] == "koc" and r[c] == "Kocaeli":
        r[t] = "ist"
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n"); w.writerow(head); w.writerows(rows)
EOF
run "$SAHA" team compare terr.csv moved.csv --reps "$D/reps.csv" --out-dir cmp \
  --start 2026-11-30 --time-limit 0 --iterations 600 --seed 3
expect_status 0
expect_stdout_matches '^A = terr.csv, B = moved.csv'
expect_stdout_matches '^TOTAL '
expect_file cmp/compare.csv
expect_file cmp/compare.html
expect_eq "$(wc -l < cmp/compare.csv)" 8 "header, 6 reps, TOTAL"
expect_eq "$(cmp -s cmp/a/team.csv one/team.csv && echo same)" same "side A is the team run"
run python3 - cmp/compare.csv cmp/a/team.csv cmp/b/team.csv <<'EOF'
import csv, sys
c = {r["id"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
bad = 0
for side, path in (("a", sys.argv[2]), ("b", sys.argv[3])):
    for r in csv.DictReader(open(path, encoding="utf-8")):
        p = round(float(r["value_won"]) - float(r["travel_cost"]), 2)
        if abs(float(c[r["id"]]["profit_" + side]) - p) > 0.011:
            bad += 1; print("profit", side, r["id"])
        if c[r["id"]]["visits_" + side] != r["visits"]:
            bad += 1; print("visits", side, r["id"])
t = c["TOTAL"]
if abs(float(t["profit_b"]) - float(t["profit_a"]) - float(t["profit_delta"])) > 0.011:
    bad += 1; print("delta")
if c["koc"]["visits_a"] == c["koc"]["visits_b"] and c["ist"]["visits_a"] == c["ist"]["visits_b"]:
    bad += 1; print("moving accounts changed nothing")
sys.exit(1 if bad else 0)
EOF
expect_status 0

finish
