#!/usr/bin/env bash
# Lunch in the GPX, KML and GeoJSON exports (issue 19: lunch on the road "in every
# export"; the CSV, ICS and HTML are checked by test_lunch_road.sh). On
# tests/data/lunch_road (see its README) the lunch falls on the road into B, 30 of
# the 60 min driven first: the GPX waypoint and route point of B, its KML placemark
# and its GeoJSON stop say so, as the itinerary CSV does, and A's say nothing. At a
# stop the lunch is at home before leaving (0 min driven). The Turkish GPX says it in
# Turkish.
set -u
. "$(dirname "$0")/lib.sh"
D="$SAHA_TEST_DATA/lunch_road"
W="--start 2026-11-30 --days 1 --objective value --time-limit 0 --iterations 2000 --seed 1"
cd "$TMPD" || exit 1
# facts FILE.csv FILE.gpx FILE.kml FILE.geojson: per visit id, what each file says
facts() { python3 - "$@" <<'PY'
import csv, json, sys
import xml.etree.ElementTree as ET
c, g, k, j = sys.argv[1:5]
G = "{http://www.topografix.com/GPX/1/1}"
K = "{http://www.opengis.net/kml/2.2}"
rows = list(csv.DictReader(open(c, encoding="utf-8")))
gpx = ET.parse(g).getroot()
for r in rows:
    i = r["id"]
    # GPX: the waypoint and the route point whose saha:id is this visit's
    descs = [e.find(G + "desc").text for e in gpx.iter()
             if e.tag in (G + "wpt", G + "rtept")
             and any(x.tag.endswith("}id") and x.text == i for x in e.iter())]
    gl = [d.split("; lunch ", 1)[1] if "; lunch " in d else "" for d in descs]
    kl = ""
    for p in ET.parse(k).getroot().iter(K + "Placemark"):
        ids = [d.find(K + "value").text for d in p.iter(K + "Data") if d.get("name") == "id"]
        if ids == [i]:
            t = p.find(K + "description").text
            kl = t.split("; lunch ", 1)[1] if "; lunch " in t else ""
    gj = [f["properties"] for f in json.load(open(j, encoding="utf-8"))["features"]
          if f["properties"].get("kind") == "stop" and f["properties"]["id"] == i][0]
    print("%s|csv %s %s %s|geojson %s %s %s|gpx %d %s|kml %s" % (
        i, r["lunch"] or "-", r["lunch_start"] or "-", r["lunch_drive_min"] or "-",
        gj.get("lunch", "-"), gj.get("lunch_start", "-"), gj.get("lunch_drive_min", "-"),
        len(descs), " / ".join(sorted(set(gl))) or "-", kl or "-"))
PY
}
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep.json" $W --quiet --csv road.csv \
  --gpx road.gpx --kml road.kml --geojson road.geojson
expect_status 0
facts road.csv road.gpx road.kml road.geojson >road.txt
cat road.txt >&2
expect_eq "$(grep -c . road.txt)" 2 "two visits, A and B"
expect_eq "$(grep '^A|' road.txt)" "A|csv - - -|geojson - - -|gpx 2 -|kml -" "no lunch at A"
NOTE="before this visit 12:00-12:45, on the road, after 30 of the 60 min drive"
expect_eq "$(grep '^B|' road.txt)" \
  "B|csv before 12:00 30|geojson before 12:00 30|gpx 2 $NOTE|kml $NOTE" \
  "B's lunch on the road in every export, as in the CSV"

# at a stop: at home before leaving
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_at_stop.json" $W --quiet --csv stop.csv \
  --gpx stop.gpx --kml stop.kml --geojson stop.geojson
expect_status 0
facts stop.csv stop.gpx stop.kml stop.geojson >stop.txt
cat stop.txt >&2
NOTE="before this visit 12:00-12:45, before leaving"
expect_eq "$(cat stop.txt)" \
  "B|csv before 12:00 0|geojson before 12:00 0|gpx 2 $NOTE|kml $NOTE" \
  "at a stop: lunch at home before leaving, in every export"

# the Turkish GPX (the KML and GeoJSON stay English, as the rest of their texts)
use_tr_locale
run env LANG=tr_TR.UTF-8 "$SAHA" plan "$D/accounts.csv" --rep "$D/rep.json" $W --quiet \
  --gpx tr.gpx
expect_status 0
expect_eq "$(grep -c '; bu ziyaretten önce öğle yemeği 12:00-12:45, ' tr.gpx)" 2 \
  "the Turkish GPX's lunch note, waypoint and route point"
expect_eq "$(grep -c 'lunch before' tr.gpx)" 0 "no English lunch note in the Turkish GPX"
finish
