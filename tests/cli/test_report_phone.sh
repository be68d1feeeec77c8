#!/usr/bin/env bash
# The HTML report of the demo as a rep uses it, in headless Chromium at 390x844 (a phone)
# and 1400x900 (a desktop): nothing scrolls sideways, a card per visit with a tel: link
# whenever the account has a phone and the four navigation links on every card, the
# appointments visible, as many map markers as visits, the legend off the map, the call
# list with its tel: links, every not-visited account on the map alone or counted in a
# marker cluster (Leaflet.markercluster inlined, clusters present), and no resource
# loaded at all without --tiles (checked with
# the page's own resource entries, with every host name unresolvable). With --tiles
# pointing at a local tile server, the tiles are asked for (so the check can fail), and a
# page that is too wide is caught. The demo flags its sea-crossing legs offline, in the
# summary and in the report. Printed (print media emulated over the DevTools protocol,
# print_check.py) the map and links give way to the static map and whole cards.
# Screenshots of both sizes and the printed PDF are kept in
# $SAHA_BUILD_DIR/test-artifacts/ (report-390x844.png, report-1400x900.png,
# report-print.pdf).
set -u
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
M="$SAHA_SOURCE_DIR/maps/marmara"
ART="${SAHA_BUILD_DIR:-$TMPD}/test-artifacts"
require chromium chromium
require "$PY" python3
[ -r /usr/share/javascript/leaflet/leaflet.js ] || { bad "libjs-leaflet is not installed (make deps-test)"; finish; }
[ -r /usr/share/javascript/leaflet/leaflet.markercluster.js ] || { bad "libjs-leaflet.markercluster is not installed (make deps-test)"; finish; }
mkdir -p "$ART"

chrome() { # chrome OUT ARGS... (a fresh profile each time, no host name resolves)
  local o=$1 ud
  shift
  ud=$(mktemp -d "$TMPD/chrome.XXXXXX")
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$ud" --hide-scrollbars \
    --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" "$@" >"$o" 2>"$o.err"
}
# probe PAGE.html OUT.html: a copy of the report with tests/cli/report_probe.js before </body>
probe() {
  "$PY" - "$1" "$2" "$HERE/report_probe.js" <<'PYEOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
p = open(sys.argv[3], encoding="utf-8").read()
assert s.count("</body>") == 1
open(sys.argv[2], "w", encoding="utf-8").write(s.replace("</body>", "<script>" + p + "</script>\n</body>"))
PYEOF
}
# frame W H PAGE: a page showing PAGE in a W x H frame (headless windows are >= 500 px
# wide), passing on the probe's message
frame() {
  printf '<!DOCTYPE html><html><body style="margin:0"><iframe src="%s" width="%s" height="%s" style="border:0"></iframe><pre id="probe"></pre><script>addEventListener("message",function(e){document.getElementById("probe").textContent=e.data;});</script></body></html>\n' "$3" "$1" "$2"
}

cd "$TMPD"
run "$SAHA" demo --out demo --iterations 20000
expect_status 0
# the demo's summary names the legs that cross the Sea of Marmara or the Gulf of Izmit
cp "$OUT" demo.out
expect_stdout_matches '^open water: [0-9]+ legs? cross'
nwater=$(grep -cE '^  (Mo|Tu|We|Th|Fr) 2026-1[12]-[0-9]+ .* -> .*: [0-9.]+ km of water$' demo.out)
expect_eq "$((nwater > 0))" 1 "sea-crossing legs listed ($nwater)"
expect_eq "$(grep -o 'class="badge b-water"' demo/week.html | wc -l)" "$nwater" "flagged legs in the report"
expect_eq "$(grep -c '<script src=\|<link ' demo/week.html)" 0 "script or stylesheet files referenced"

probe demo/week.html probe.html
frame 390 844 probe.html > phone.html
chrome dom390.html --window-size=800,900 --virtual-time-budget=8000 --dump-dom "file://$TMPD/phone.html"
run "$PY" "$HERE/report_check.py" dom390.html 390 demo/week.csv demo/unvisited.csv "$M/accounts.csv" offline
expect_status 0
expect_stdout_matches '^report ok: 390 px, [0-9]+ cards, [0-9]+ markers, 2 appointments'
chrome dom1400.html --window-size=1400,900 --virtual-time-budget=8000 --dump-dom "file://$TMPD/probe.html"
run "$PY" "$HERE/report_check.py" dom1400.html 1400 demo/week.csv demo/unvisited.csv "$M/accounts.csv" offline
expect_status 0
expect_stdout_matches '^report ok: 1400 px, .* 0 resources, [1-9][0-9]* clusters'
expect_eq "$(grep -c 'Leaflet.markercluster (MIT), inlined' demo/week.html)" 2 "markercluster inlined (script and stylesheet)"
# the basemap's province borders (Natural Earth admin-1) are drawn, thinner than the
# country borders
expect_eq "$(grep -o 'class="[^"]*lf-province' dom1400.html | wc -l | awk '{print ($1 > 0)}')" 1 "province borders on the map"

# screenshots (looked at once by eye; kept as artefacts)
for size in 390x844 1400x900; do
  chrome shot.out --window-size="${size/x/,}" --virtual-time-budget=5000 \
    --screenshot="$ART/report-$size.png" "file://$TMPD/demo/week.html"
  read -r w h ncol day1 < <("$PY" "$HERE/export_png_check.py" "$ART/report-$size.png" '#4e79a7')
  expect_eq "$w" "${size%x*}" "screenshot width at $size"
  expect_eq "$((ncol > 50))" 1 "screenshot at $size is not blank ($ncol colours)"
done

# printed (Chromium over the DevTools protocol, print media emulated at A4 width): the
# interactive map, its legend, the day and navigation links and Leaflet's controls are
# hidden, the static map shown, a card per visit that is never split, nothing too wide;
# the PDF is kept as an artefact (report-print.pdf)
run timeout 120 "$PY" "$HERE/print_check.py" demo/week.html demo/week.csv "$ART/report-print.pdf"
expect_status 0
expect_stdout_matches "^print ok: $(($(wc -l < demo/week.csv) - 1)) cards, [1-9][0-9]* pages, [0-9]+ px wide"
expect_file "$ART/report-print.pdf"

# ---- the checks can fail ------------------------------------------------------------
# a page wider than the phone
"$PY" - probe.html wide.html <<'PYEOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write(s.replace("<body>", '<body><div style="width:700px">wide</div>', 1))
PYEOF
frame 390 844 wide.html > wideframe.html
chrome domwide.html --window-size=800,900 --virtual-time-budget=8000 --dump-dom "file://$TMPD/wideframe.html"
run "$PY" "$HERE/report_check.py" domwide.html 390 demo/week.csv demo/unvisited.csv "$M/accounts.csv" offline
expect_status 1
expect_stdout_matches 'horizontal overflow'
# the same page without its print rules: the print check sees the map and split cards
"$PY" - demo/week.html noprint.html <<'PYEOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
i = s.index("@media print{")
j, depth = i + len("@media print{"), 1
while depth:
    depth += {"{": 1, "}": -1}.get(s[j], 0)
    j += 1
open(sys.argv[2], "w", encoding="utf-8").write(s[:i] + s[j:])
PYEOF
run timeout 120 "$PY" "$HERE/print_check.py" noprint.html demo/week.csv noprint.pdf
expect_status 1
expect_stdout_matches 'the interactive map is shown in print'
expect_stdout_matches 'cards may be split across pages'
# with --tiles, the page asks the tile server: the resource check sees it
start_fixture TILES tile_server.py --log "$TMPD/tiles.log"
run "$SAHA" plan "$M/accounts.csv" --rep "$M/rep.json" --start 2026-11-30 --iterations 20000 \
  --seed 1 --geocode-cache "$M/geocode-cache.sqlite" --quiet --today 2026-12-02 \
  --tiles "$TILES/{z}/{x}/{y}.png" --tiles-attribution "Test tiles" \
  --html tiles.html --csv tiles.csv --unvisited tiles-unv.csv
expect_status 0
probe tiles.html tprobe.html
chrome domtiles.html --window-size=1400,900 --virtual-time-budget=8000 --dump-dom "file://$TMPD/tprobe.html"
run "$PY" "$HERE/report_check.py" domtiles.html 1400 tiles.csv tiles-unv.csv "$M/accounts.csv" tiles
expect_status 0
expect_eq "$(($(wc -l < tiles.log) > 0))" 1 "tile requests seen by the server ($(wc -l < tiles.log))"
run "$PY" "$HERE/report_check.py" domtiles.html 1400 tiles.csv tiles-unv.csv "$M/accounts.csv" offline
expect_status 1
expect_stdout_matches 'the page loaded [0-9]+ resources'
grep -q 'Test tiles' domtiles.html && ok || bad "tile attribution not shown"
# without Leaflet: the static map and a note, no script
run "$SAHA" plan "$M/accounts.csv" --rep "$M/rep.json" --start 2026-11-30 --iterations 2000 \
  --seed 1 --quiet --leaflet "$TMPD/none" --html noleaf.html
expect_status 0
expect_eq "$(grep -c '<script' noleaf.html)" 0 "scripts without Leaflet"
# Leaflet without markercluster: every not-visited account shown alone (the check
# counts them, so a lost marker fails it)
mkdir -p leafonly
cp /usr/share/javascript/leaflet/leaflet.js /usr/share/javascript/leaflet/leaflet.css leafonly/
run "$SAHA" plan "$M/accounts.csv" --rep "$M/rep.json" --start 2026-11-30 --iterations 20000 \
  --seed 1 --geocode-cache "$M/geocode-cache.sqlite" --quiet --today 2026-12-02 \
  --leaflet "$TMPD/leafonly" --html lo.html --csv lo.csv --unvisited lo-unv.csv
expect_status 0
expect_eq "$(grep -c 'markercluster' lo.html)" 0 "no markercluster when its files are absent"
probe lo.html loprobe.html
chrome domlo.html --window-size=1400,900 --virtual-time-budget=8000 --dump-dom "file://$TMPD/loprobe.html"
run "$PY" "$HERE/report_check.py" domlo.html 1400 lo.csv lo-unv.csv "$M/accounts.csv" offline
expect_status 1
expect_stdout_matches 'and no marker cluster'
if grep -q 'not-visited on the map' "$OUT"; then bad "markers lost without clustering"; else ok; fi

grep -q 'Interactive map not included' noleaf.html && ok || bad "no note without Leaflet"
finish
