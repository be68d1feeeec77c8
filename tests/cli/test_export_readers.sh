#!/usr/bin/env bash
# The exports read by real readers: GPX by xmllint against the GPX 1.1 schema and by
# gpsbabel (waypoints and routes, every stop by name and place); KML by gpsbabel;
# iCalendar by Debian's python3-icalendar (events, times, time zone, GEO); GeoJSON by
# python's json ([lon, lat] order, a line per day home to home); the HTML report by
# headless Chromium (DOM: a route per day and a marker per stop; no console error; a
# screenshot that is not blank and shows the day colours). week.csv is the reference.
# Readers that are not installed are reported as failures, not skipped: they are in
# the Makefile's TEST_PKGS (make deps-test).
set -u
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3 # Debian's python: the one with python3-icalendar
IN="$SAHA_SOURCE_DIR/tests/golden/export/_input"
HOME_LAT=40.195
HOME_LON=29.060

require xmllint libxml2-utils
require gpsbabel gpsbabel
require chromium chromium
require "$PY" python3

cd "$TMPD"
run "$SAHA" plan "$IN/accounts.csv" --rep "$IN/rep.json" --start 2026-11-30 --seed 1 \
  --iterations 200 --quiet --gpx week.gpx --csv week.csv --unvisited unvisited.csv \
  --geojson week.geojson --ics week.ics --html week.html --kml week.kml
expect_status 0
for f in week.gpx week.csv unvisited.csv week.geojson week.ics week.html week.kml; do
  expect_file "$f"
done
nvisits=$(($(wc -l < week.csv) - 1))
expect_eq "$nvisits" 5 "visits planned on the fixed input"

# ---- GPX ------------------------------------------------------------------------
run xmllint --noout --schema "$SAHA_TEST_DATA/schemas/gpx-1.1.xsd" week.gpx
expect_status 0
expect_stderr_matches 'week.gpx validates'
# the schema check can fail: a <name> after <cmt> is out of order
sed '0,/<cmt>/{s|<cmt>\(.*\)</cmt>|<cmt>\1</cmt><name>late</name>|}' week.gpx > bad.gpx
run xmllint --noout --schema "$SAHA_TEST_DATA/schemas/gpx-1.1.xsd" bad.gpx
expect_status 3
run gpsbabel -i gpx -f week.gpx -o unicsv -F wpt.csv
expect_status 0
run "$PY" "$HERE/export_readers.py" gpsbabel-wpt wpt.csv week.csv
expect_status 0
run gpsbabel -r -i gpx -f week.gpx -o unicsv -F rte.csv
expect_status 0
run "$PY" "$HERE/export_readers.py" gpsbabel-rte rte.csv week.csv "$HOME_LAT" "$HOME_LON"
expect_status 0
# gpx -> kml conversion keeps every stop
run gpsbabel -i gpx -f week.gpx -o kml -F conv.kml
expect_status 0
# (gpsbabel escapes & and < in names; the plain ones are checked)
for name in "01 Yıldız Makina" "02 Nilüfer Oto" "01 Acme Tekstil" "02 Kestel Mobilya"; do
  if grep -qF "<name>$name</name>" conv.kml; then ok; else bad "gpx->kml lost $name"; fi
done

# ---- KML ------------------------------------------------------------------------
run xmllint --noout week.kml
expect_status 0
run gpsbabel -i kml -f week.kml -o unicsv -F kmlpts.csv
expect_status 0
# the stops, the home and the 2 skipped accounts with coordinates
expect_eq "$(($(wc -l < kmlpts.csv) - 1))" $((nvisits + 1 + 2)) "points gpsbabel reads from the KML"
for id in C01 C02 C03 C04 C05; do
  line=$(grep ",$id," week.csv)
  name=$(echo "$line" | cut -d, -f3,5 | awk -F, '{printf "%02d %s", $1, $2}')
  if grep -qF "\"$name\"" kmlpts.csv; then ok; else bad "KML lacks $name"; fi
done

# ---- iCalendar ------------------------------------------------------------------
run "$PY" "$HERE/export_readers.py" ics week.ics week.csv Europe/Istanbul 180
expect_status 0
expect_stdout_matches '^ics ok: 5 events in Europe/Istanbul'
# the check can fail: a missing event
awk 'BEGIN{skip=0} /^BEGIN:VEVENT/{n++; if(n==2) skip=1} {if(!skip) printf "%s\n", $0} /^END:VEVENT/{skip=0}' RS='\r\n' week.ics | sed 's/$/\r/' > short.ics
run "$PY" "$HERE/export_readers.py" ics short.ics week.csv Europe/Istanbul 180
expect_status 1

# ---- GeoJSON --------------------------------------------------------------------
run "$PY" "$HERE/export_readers.py" geojson week.geojson week.csv "$HOME_LAT" "$HOME_LON"
expect_status 0
expect_stdout_matches '^geojson ok: 2 routes, 5 stops'
# the check can fail: swapped coordinates
sed 's/\[\(29\.[0-9]*\),\(40\.[0-9]*\)\]/[\2,\1]/g' week.geojson > swapped.geojson
run "$PY" "$HERE/export_readers.py" geojson swapped.geojson week.csv "$HOME_LAT" "$HOME_LON"
expect_status 1

# ---- HTML in headless Chromium --------------------------------------------------
chrome() { # chrome OUT_STDOUT OUT_STDERR ARGS... (a fresh profile each time)
  local o=$1 e=$2 ud
  shift 2
  ud=$(mktemp -d "$TMPD/chrome.XXXXXX")
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$ud" --enable-logging=stderr --v=0 \
    --hide-scrollbars "$@" >"$o" 2>"$e"
}
console_errors() { grep -E 'CONSOLE' "$1" | grep -ciE 'Uncaught|Error' ; }

chrome dom.html dom.err --dump-dom "file://$TMPD/week.html"
expect_eq "$?" 0 "chromium --dump-dom exit status"
run "$PY" "$HERE/export_readers.py" dom dom.html week.csv 2
expect_status 0
expect_stdout_matches '^dom ok: 2 routes, 5 markers, 5 cards'
expect_eq "$(console_errors dom.err)" 0 "console errors in the report"
# the console check can fail: a page whose script throws
printf '<!DOCTYPE html><html><body><script>null.f();</script></body></html>\n' > throws.html
chrome throws.out throws.err --dump-dom "file://$TMPD/throws.html"
expect_eq "$(console_errors throws.err | awk '{print ($1 > 0)}')" 1 "a throwing script is detected"

chrome shot.out shot.err --window-size=1280,1800 --screenshot="$TMPD/desk.png" "file://$TMPD/week.html"
expect_file desk.png
# width height colours, then pixel counts of day 1 and day 2 colours
read -r w h ncol day1 day2 < <("$PY" "$HERE/export_png_check.py" desk.png '#4e79a7' '#f28e2b')
expect_eq "$w" 1280 "screenshot width"
expect_eq "$((ncol > 50))" 1 "distinct colours in the screenshot ($ncol)"
expect_eq "$((day1 > 30 && day2 > 30))" 1 "day colours on screen ($day1, $day2 pixels)"
expect_eq "$(console_errors shot.err)" 0 "console errors while rendering"
# phone width: still renders
chrome phone.out phone.err --window-size=412,915 --screenshot="$TMPD/phone.png" "file://$TMPD/week.html"
read -r w h ncol day1 day2 < <("$PY" "$HERE/export_png_check.py" phone.png '#4e79a7' '#f28e2b')
expect_eq "$w" 412 "phone screenshot width"
expect_eq "$((ncol > 20 && day1 > 0))" 1 "phone screenshot shows the map ($ncol colours, $day1 px)"
# the blank check can fail: an empty page has one colour
printf '<!DOCTYPE html><html><body></body></html>\n' > blank.html
chrome blank.out blank.err --window-size=412,915 --screenshot="$TMPD/blank.png" "file://$TMPD/blank.html"
read -r w h ncol < <("$PY" "$HERE/export_png_check.py" blank.png)
expect_eq "$((ncol <= 2))" 1 "a blank page is seen as blank ($ncol colours)"

finish
