#!/usr/bin/env bash
# Road shapes from OSRM's Route service in the exports. Against the replay fixture
# (tests/fixtures/osrm_replay.py, the recorded Andorra day: home, AD001..AD006, home,
# with full geometry): a one-day plan whose appointments fix that order draws the
# server's geometry in the GeoJSON, KML, GPX track and HTML map (osrm_routes_check.py:
# same points, starts and ends at the snapped home, passes every stop, each leg as long
# as the server's leg distance within 1 %); --gpx-max-points thins the track and keeps
# the stops; the second run takes the shape from --route-cache (no request); --no-roads
# asks for none; a day the server cannot route is drawn straight with a warning; a
# file that is not a route cache is refused untouched. Against the formula fixture
# (osrm_server.py) on the Marmara sample: every day has its road and no leg is flagged
# as crossing water (road data knows its bridges), while the offline model flags some.
# saha team draws every rep's days along the roads in its week exports and on the team
# map (team.html), from --route-cache on a second run; --route-cache naming an input
# is refused.
set -u
. "$(dirname "$0")/lib.sh"
require python3 python3

D="$SAHA_SOURCE_DIR/tests/data/osrm/andorra"
CHECK="$SAHA_SOURCE_DIR/tests/cli/osrm_routes_check.py"
REC="$D/route_day_geojson.json"
cd "$TMPD"

# AD001..AD006 with appointments in the recorded order on Monday 2026-12-07
{
  echo "id,name,lat,lon,value,appointment"
  i=0
  for t in 09:00 10:00 11:00 14:00 15:00 16:00; do
    i=$((i + 1))
    printf '%s,2026-12-07T%s\n' "$(sed -n "$((i + 1))p" "$D/accounts.csv" | tr -d '\r')" "$t"
  done
} >acc6.csv
stats() { python3 -c "import json,urllib.request; print(json.load(urllib.request.urlopen('$URL/stats'))['$1'])"; }

start_fixture URL osrm_replay.py
plan() { # plan OUTDIR EXTRA...: the one-day plan with every map export
  local o=$1
  shift
  mkdir -p "$o"
  run "$SAHA" plan acc6.csv --rep "$D/rep.json" --provider osrm --osrm-url "$URL" \
    --start 2026-12-07 --days 1 --time-limit 0 --iterations 200 --geojson "$o/w.geojson" \
    --gpx "$o/w.gpx" --kml "$o/w.kml" --html "$o/w.html" "$@"
}

plan a --route-cache routes.db
expect_status 0
expect_stderr_matches '^road shapes: 1 of 1 day\(s\) from OSRM \(1 request\(s\), 0 from the route cache\)$'
if python3 "$CHECK" "$REC" a/w.geojson a/w.gpx a/w.kml a/w.html >why 2>&1; then ok
else bad "exports vs the recorded route: $(cat why)"; fi
expect_eq "$(stats route_requests)" 1 "route requests"
expect_eq "$(stat -c %a routes.db)" 600 "route cache mode"

# again: from the cache, no request; the same files
plan b --route-cache routes.db --gpx-max-points 120
expect_status 0
expect_stderr_matches '\(0 request\(s\), 1 from the route cache\)$'
expect_eq "$(stats route_requests)" 1 "route requests after the cached run"
if cmp -s a/w.geojson b/w.geojson && cmp -s a/w.kml b/w.kml; then ok
else bad "the cached shape draws other GeoJSON/KML"; fi
if python3 "$CHECK" "$REC" b/w.geojson b/w.gpx b/w.kml b/w.html --gpx-max 120 >why 2>&1; then ok
else bad "thinned GPX track: $(cat why)"; fi
expect_eq "$(grep -c '<trkpt ' b/w.gpx)" 120 "trkpts within --gpx-max-points 120"
if command -v xmllint >/dev/null && [ -r "$SAHA_SOURCE_DIR/tests/data/schemas/gpx.xsd" ]; then
  if xmllint --noout --schema "$SAHA_SOURCE_DIR/tests/data/schemas/gpx.xsd" a/w.gpx b/w.gpx 2>why; then ok
  else bad "GPX with a track is not valid GPX 1.1: $(head -3 why)"; fi
fi

# in Turkish (--lang tr, from the cache): the track's name is Turkish, its points and
# every machine field of the GPX those of the English run (ics_gpx_lang.py same)
mkdir -p t
run "$SAHA" --lang tr plan acc6.csv --rep "$D/rep.json" --provider osrm --osrm-url "$URL" \
  --start 2026-12-07 --days 1 --time-limit 0 --iterations 200 --route-cache routes.db \
  --gpx t/w.gpx
expect_status 0
grep -q '^    <name>7 Ara Pzt — yol</name>$' t/w.gpx && ok || bad "the Turkish track's name"
grep -q '^    <name>Mon 7 Dec — road</name>$' a/w.gpx && ok || bad "the English track's name"
run /usr/bin/python3 "$SAHA_SOURCE_DIR/tests/cli/ics_gpx_lang.py" same a/w.gpx t/w.gpx
expect_status 0
expect_stdout_matches '^same: [0-9]+ elements$'

# the straight lines are what the check rejects (so it can fail)
plan c --no-roads
expect_status 0
expect_stderr_not_matches 'road shapes'
expect_eq "$(stats route_requests)" 1 "route requests with --no-roads"
if python3 "$CHECK" "$REC" c/w.geojson c/w.gpx c/w.kml c/w.html >/dev/null 2>&1; then
  bad "--no-roads exports pass the road check"
else ok; fi
expect_eq "$(grep -c '"geometry":"straight"' c/w.geojson)" 1 "straight line marked"
expect_eq "$(grep -c '<trk>' c/w.gpx)" 0 "no GPX track without roads"

# a route the recording lacks (AD002 first): warned, drawn straight, exit 0
awk -F, 'NR==1{print;next} NR==2{a=$0;next} NR==3{print; print a; next} {print}' acc6.csv |
  sed 's/T09:00$/T10:00X/; s/T10:00$/T09:00/; s/T10:00X$/T10:00/' >swap.csv
run "$SAHA" plan swap.csv --rep "$D/rep.json" --provider osrm --osrm-url "$URL" \
  --start 2026-12-07 --days 1 --time-limit 0 --iterations 200 --geojson d.geojson
expect_status 0
expect_stderr_matches '^saha: warning: Mo 2026-12-07: no road shape \(OSRM NotRecorded: .*\); the maps draw it in straight legs$'
expect_eq "$(grep -c '"geometry":"straight"' d.geojson)" 1 "unroutable day drawn straight"

# not a route cache: refused, untouched
cp acc6.csv notacache.csv
plan e --route-cache notacache.csv
expect_status 2
expect_stderr_matches 'notacache.csv is not a saha route cache'
expect_no_file e/w.geojson
if cmp -s acc6.csv notacache.csv; then ok; else bad "a CSV given as --route-cache was changed"; fi
run "$SAHA" plan acc6.csv --rep "$D/rep.json" --route-cache x.db --start 2026-12-07 -q
expect_status 2

# Marmara on the formula fixture: roads every day, no water flags (road data)
M="$SAHA_SOURCE_DIR/maps/marmara"
start_fixture URL2 osrm_server.py
run "$SAHA" plan "$M/accounts.csv" --rep "$M/rep.json" --geocode-cache "$M/geocode-cache.sqlite" \
  --start 2026-11-30 --time-limit 0 --iterations 2000 --geojson m_model.geojson
expect_status 0
expect_stdout_matches '^open water: [0-9]+ legs? cross'
run "$SAHA" plan "$M/accounts.csv" --rep "$M/rep.json" --geocode-cache "$M/geocode-cache.sqlite" \
  --start 2026-11-30 --time-limit 0 --iterations 2000 --provider osrm --osrm-url "$URL2" \
  --geojson m.geojson --html m.html --leaflet none
expect_status 0
expect_stderr_matches '^road shapes: ([0-9]+) of \1 day\(s\) from OSRM'
if grep -q '^open water' "$OUT"; then bad "OSRM legs flagged as crossing water"; else ok; fi
expect_eq "$(grep -c 'class="badge b-water"' m.html)" 0 "water badges on OSRM legs"
days=$(grep -c '"kind":"route"' m.geojson)
expect_eq "$(grep -c '"geometry":"road"' m.geojson)" "$days" "every day drawn on the road"

# saha team: every rep's week maps and the team map along the roads
MA="$SAHA_SOURCE_DIR/maps/marmara-aegean"
TEAM=(team "$MA/accounts.csv" --reps "$SAHA_SOURCE_DIR/tests/data/team/two_reps.csv"
  --start 2026-11-30 --time-limit 0 --iterations 300 --provider osrm --osrm-url "$URL2")
# team_routes DIR: per rep, the vertex counts of its routes on team.html's map and of
# its week.geojson routes (with how many are roads), as "rep html=a,b geojson=a,b roads=n"
team_routes() {
  python3 - "$1" <<'PYEOF'
import json, re, sys
d = sys.argv[1]
page = open(d + "/team.html", encoding="utf-8").read()
for rep in re.findall(r'<g class="map-group rep-route" data-rep="([^"]+)">', page):
    g = page[page.index('<g class="map-group rep-route" data-rep="%s">' % rep):]
    g = g[:g.index("</g>")]
    html = [len(re.findall(r"[ML]", p)) for p in re.findall(r'<path class="map-line[^"]*"[^>]* d="([^"]*)"', g)]
    feats = json.load(open("%s/%s/week.geojson" % (d, rep), encoding="utf-8"))["features"]
    routes = [f for f in feats if f["properties"]["kind"] == "route"]
    print("%s html=%s geojson=%s roads=%d" % (rep, ",".join(map(str, html)),
          ",".join(str(len(f["geometry"]["coordinates"])) for f in routes),
          sum(f["properties"]["geometry"] == "road" for f in routes)))
PYEOF
}
before=$(python3 -c "import json,urllib.request; print(json.load(urllib.request.urlopen('$URL2/stats'))['route_requests'])")
run "$SAHA" "${TEAM[@]}" --out-dir t1 --route-cache team-routes.db
expect_status 0
expect_stderr_matches '^ist: road shapes: ([0-9]+) of \1 day\(s\) from OSRM \(\1 request'
expect_stderr_matches '^bur: road shapes: ([0-9]+) of \1 day\(s\) from OSRM'
team_routes t1 >t1.routes
expect_eq "$(wc -l <t1.routes)" 2 "reps on the team map"
# the team map draws each rep's week.geojson road shapes, every day on the road
while read -r rep html geo roads; do
  expect_eq "${html#html=}" "${geo#geojson=}" "$rep: team map routes = its road shapes"
  expect_eq "${roads#roads=}" "$(tr ',' '\n' <<<"${geo#geojson=}" | wc -l)" "$rep: days on the road"
done <t1.routes
# each rep's week.html is the plan report: Leaflet inlined, the basemap (provinces too)
if [ -r /usr/share/javascript/leaflet/leaflet.js ]; then
  expect_eq "$(grep -c 'Leaflet (BSD-2-Clause), inlined' t1/ist/week.html)" 2 "Leaflet in a rep's week.html"
fi
expect_eq "$(grep -o '"k":3' t1/bur/week.html | wc -l | awk '{print ($1 > 0)}')" 1 "province borders on a rep's map"
expect_eq "$(grep -c '"geometry":"road"' t1/bur/week.geojson | awk '{print ($1 > 0)}')" 1 "a rep's GeoJSON on the road"
# the fixture's roads have 2 points a leg plus one; straight legs have the stops + 2
run "$SAHA" "${TEAM[@]}" --out-dir t2 --no-roads -q --basemap none --leaflet none
expect_status 0
expect_eq "$(grep -c 'Leaflet (BSD-2-Clause), inlined\|class="map-land"' t2/ist/week.html)" 0 "--leaflet none --basemap none"
expect_eq "$(grep -c 'class="map-land"' t1/ist/week.html | awk '{print ($1 > 0)}')" 1 "basemap land on a rep's SVG map"
team_routes t2 >t2.routes
expect_eq "$(grep -c 'roads=0$' t2.routes)" 2 "--no-roads: no road shape"
python3 - t1.routes t2.routes <<'PYEOF' && ok || bad "road and straight vertex counts do not match (2 x legs + 1 vs stops + 2)"
import sys
a = dict(l.split(" ", 1) for l in open(sys.argv[1]).read().split("\n") if l)
b = dict(l.split(" ", 1) for l in open(sys.argv[2]).read().split("\n") if l)
for rep in a:
    road = [int(x) for x in a[rep].split()[0][5:].split(",")]
    straight = [int(x) for x in b[rep].split()[0][5:].split(",")]
    assert road == [2 * (n - 1) + 1 for n in straight], (rep, road, straight)
PYEOF
# again: from the route cache, no request
run "$SAHA" "${TEAM[@]}" --out-dir t3 --route-cache team-routes.db
expect_status 0
expect_stderr_matches '^ist: road shapes: .*\(0 request\(s\), [1-9][0-9]* from the route cache\)$'
after=$(python3 -c "import json,urllib.request; print(json.load(urllib.request.urlopen('$URL2/stats'))['route_requests'])")
expect_eq "$((after - before))" "$(($(tr ',' '\n' <<<"$(cut -d' ' -f3 t1.routes | sed 's/geojson=//' | paste -sd,)" | wc -l)))" "route requests: one per day of the first run"
cmp -s t1/team.html t3/team.html && ok || bad "the cached shapes draw another team map"
# --route-cache naming the reps file: refused, untouched
cp "$SAHA_SOURCE_DIR/tests/data/team/two_reps.csv" reps2.csv
run "$SAHA" team "$MA/accounts.csv" --reps reps2.csv --start 2026-11-30 --time-limit 0 \
  --iterations 300 --provider osrm --osrm-url "$URL2" --out-dir t4 --route-cache reps2.csv
expect_status 2
expect_stderr_matches 'reps2.csv: refusing to overwrite an input file'
cmp -s reps2.csv "$SAHA_SOURCE_DIR/tests/data/team/two_reps.csv" && ok || bad "--route-cache REPS changed the reps file"
run "$SAHA" team "$MA/accounts.csv" --reps reps2.csv --out-dir t5 --route-cache x.db
expect_status 2
expect_stderr_matches 'needs --provider osrm'
finish
