#!/usr/bin/env bash
# Territory areas you can read: on the Marmara-Aegean sample (6 reps, --keep-assigned)
# and on a random clustered case (-k 5), no two areas overlap (pairwise intersection
# below 0.1 % of the smaller, by python3-shapely), every account lies in its own
# territory's area and every label inside it (tests/cli/territory_areas.py). The SVG
# draws one boundary and one label per territory, cuts areas to the basemap's land
# (tests/cli/territory_clip.py), shows province borders and keeps its legend under the
# map; the page sends every land ring and the box for the sea it paints over the areas.
# The checker itself can fail: an overlapping area and an account outside are caught.
set -u
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3 # Debian's python: the one with python3-shapely
M="$SAHA_SOURCE_DIR/maps/marmara-aegean"
require "$PY" python3
require xmllint libxml2-utils
if ! "$PY" -c 'import shapely' 2>/dev/null; then
  bad "python3-shapely is not installed (make deps-test)"
  finish
fi

# ---- the sample ------------------------------------------------------------------
run "$SAHA" territory "$M/accounts.csv" --reps "$M/reps.csv" --keep-assigned --quiet \
  -o "$TMPD/ma.csv" --geojson "$TMPD/ma.geojson" --svg "$TMPD/ma.svg"
expect_status 0
run "$PY" "$HERE/territory_areas.py" "$TMPD/ma.geojson" "$TMPD/ma.csv"
expect_status 0
expect_stdout_matches '^areas ok: 6 territories, 963 accounts'
run xmllint --noout "$TMPD/ma.svg"
expect_status 0
expect_eq "$(grep -c 'class="map-segments territory-boundary"' "$TMPD/ma.svg")" 6 "boundaries in the SVG"
expect_eq "$(grep -c 'class="map-label territory-label"' "$TMPD/ma.svg")" 6 "labels in the SVG"
expect_eq "$(grep -c 'class="map-land"' "$TMPD/ma.svg" | awk '{print ($1 > 0)}')" 1 "basemap land in the SVG"
# province borders (Natural Earth admin-1) under the areas, country borders over them
expect_eq "$(grep -c 'class="map-province"' "$TMPD/ma.svg" | awk '{print ($1 >= 30)}')" 1 "province borders in the SVG"
expect_eq "$(grep -c 'class="map-border"' "$TMPD/ma.svg" | awk '{print ($1 > 0)}')" 1 "country borders in the SVG"
# areas and boundaries cut to land (tests/cli/territory_clip.py): the clip keeps an
# account exactly where the basemap says land, and cuts the sea off the areas
run "$PY" "$HERE/territory_clip.py" "$TMPD/ma.svg" "$SAHA_SOURCE_DIR/maps/basemap/marmara-aegean.geojson" "$M/accounts.csv" 5
expect_status 0
expect_stdout_matches '^clip ok: [0-9]+ cells, [0-9.]+ % of the areas cut away, [0-9]+ of 963 accounts kept'
# ... and the check can fail: no clip on the group, or a clip that keeps everything
sed 's| clip-path="url(#map-land-clip)"||' "$TMPD/ma.svg" > "$TMPD/noclip.svg"
run "$PY" "$HERE/territory_clip.py" "$TMPD/noclip.svg" "$SAHA_SOURCE_DIR/maps/basemap/marmara-aegean.geojson" "$M/accounts.csv" 5
expect_status 1
expect_stdout_matches 'not in one clipped group'
sed -E 's|(<clipPath id="map-land-clip"><path clip-rule="evenodd" d="M0 0 H[0-9]+ V[0-9]+ H0 Z)[^"]*"|\1"|' "$TMPD/ma.svg" > "$TMPD/allclip.svg"
run "$PY" "$HERE/territory_clip.py" "$TMPD/allclip.svg" "$SAHA_SOURCE_DIR/maps/basemap/marmara-aegean.geojson" "$M/accounts.csv" 5
expect_status 1
expect_stdout_matches 'of the areas cut'
# without a basemap nothing is cut
run "$SAHA" territory "$M/accounts.csv" --reps "$M/reps.csv" --keep-assigned --quiet \
  -o "$TMPD/nb.csv" --svg "$TMPD/nb.svg" --basemap none
expect_status 0
expect_eq "$(grep -c 'clip-path=\|<clipPath' "$TMPD/nb.svg")" 0 "clip without a basemap"
expect_eq "$(grep -c 'class="map-polygon territory-cell"' "$TMPD/nb.svg" | awk '{print ($1 > 900)}')" 1 "areas drawn without a basemap"
# the legend sits below the map frame (the frame is the background rectangle)
frame_h=$(grep -o '<rect class="map-bg"[^>]*height="[0-9.]*"' "$TMPD/ma.svg" | grep -o 'height="[0-9.]*"' | tr -dc '0-9.')
legend_y=$(grep -o '<g class="legend"[^>]*translate(0 [0-9.]*)' "$TMPD/ma.svg" | grep -o 'translate(0 [0-9.]*' | tr -dc '0-9.')
expect_eq "$(awk -v a="$legend_y" -v b="$frame_h" 'BEGIN{print (a >= b && b > 0)}')" 1 "legend under the map ($legend_y >= $frame_h)"

# ---- a random clustered case ---------------------------------------------------------
"$PY" - "$TMPD/rand.csv" <<'PYEOF'
import random, sys
rng = random.Random(20261202)
centres = [(38.0 + rng.random() * 3, 27.0 + rng.random() * 4) for _ in range(9)]
with open(sys.argv[1], "w") as f:
    f.write("id,lat,lon,value\n")
    for i in range(700):
        c = rng.choice(centres)
        s = rng.choice([0.02, 0.08, 0.3])
        f.write("R%04d,%.6f,%.6f,%d\n" % (i, c[0] + rng.gauss(0, s), c[1] + rng.gauss(0, s), rng.randint(100, 9000)))
    # two accounts at one place and one far outlier
    f.write("R0700,39.000000,28.000000,500\nR0701,39.000000,28.000000,700\nR0702,41.900000,31.900000,50\n")
PYEOF
run "$SAHA" territory "$TMPD/rand.csv" -k 5 --quiet -o "$TMPD/rand.out.csv" --geojson "$TMPD/rand.geojson"
expect_status 0
run "$PY" "$HERE/territory_areas.py" "$TMPD/rand.geojson" "$TMPD/rand.out.csv"
expect_status 0
expect_stdout_matches '^areas ok: 5 territories, 703 accounts'

# ---- the territory page: Leaflet inlined, the areas in its data, the map built -------
run "$SAHA" territory "$M/accounts.csv" --reps "$M/reps.csv" --keep-assigned --quiet \
  -o "$TMPD/ma2.csv" --html "$TMPD/ma.html"
expect_status 0
expect_eq "$(grep -c '<script src=\|<link ' "$TMPD/ma.html")" 0 "files referenced by the page"
run "$PY" - "$TMPD/ma.html" "$TMPD/ma.geojson" "$SAHA_SOURCE_DIR/maps/basemap/marmara-aegean.geojson" <<'PYEOF'
import json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<script type="application/json" id="saha-map-data">(.*?)</script>', page, re.S)
d = json.loads(m.group(1))
g = json.load(open(sys.argv[2], encoding="utf-8"))
areas = {f["properties"]["id"]: f for f in g["features"] if f["properties"]["kind"] == "territory"}
assert [t["id"] for t in d["t"]] == list(areas), ([t["id"] for t in d["t"]], list(areas))
for t in d["t"]:
    assert len(t["cells"]) == len(areas[t["id"]]["geometry"]["coordinates"]), t["id"]
    assert t["bnd"] and t["label"], t["id"]
assert len(d["acc"]) == 963, len(d["acc"])
assert d["tiles"] is None and d["basemap"]["parts"]
assert sum(1 for p in d["basemap"]["parts"] if p["k"] == 3) >= 30, "province borders"
# every land and water ring and the box, for the sea painted over the areas
assert len(d["basemap"]["box"]) == 4, "basemap box"
bm = json.load(open(sys.argv[3], encoding="utf-8"))
nrings = sum(len(f["geometry"]["coordinates"]) if f["geometry"]["type"] == "Polygon" else
             sum(len(p) for p in f["geometry"]["coordinates"])
             for f in bm["features"] if f["properties"]["kind"] in ("land", "lake", "land-hole"))
assert sum(1 for p in d["basemap"]["parts"] if p["k"] < 2) == nrings, "all rings for the sea mask"
print("page ok: %d territories, %d accounts" % (len(d["t"]), len(d["acc"])))
PYEOF
expect_status 0
expect_stdout_matches '^page ok: 6 territories, 963 accounts'
ud=$(mktemp -d "$TMPD/chrome.XXXXXX")
timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --user-data-dir="$ud" --enable-logging=stderr --v=0 \
  --host-resolver-rules="MAP * ~NOTFOUND" --window-size=1200,900 --virtual-time-budget=5000 \
  --dump-dom "file://$TMPD/ma.html" > "$TMPD/ma.dom" 2> "$TMPD/ma.dom.err"
grep -q '<html lang="en" class="lmap">' "$TMPD/ma.dom" && ok || bad "the territory map script did not run"
grep -q 'leaflet-container' "$TMPD/ma.dom" && ok || bad "no Leaflet map in the territory page"
expect_eq "$(grep -o 'class="leaflet-marker-icon lf-label' "$TMPD/ma.dom" | wc -l)" 6 "territory labels on the map"
expect_eq "$(grep 'CONSOLE' "$TMPD/ma.dom.err" | grep -ciE 'Uncaught|Error')" 0 "console errors in the territory page"

# ---- the checker can fail ---------------------------------------------------------
# territory 2's area replaced by territory 1's: they overlap completely
"$PY" - "$TMPD/ma.geojson" "$TMPD/overlap.geojson" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
t = [f for f in d["features"] if f["properties"]["kind"] == "territory"]
t[1]["geometry"] = t[0]["geometry"]
json.dump(d, open(sys.argv[2], "w"))
PYEOF
run "$PY" "$HERE/territory_areas.py" "$TMPD/overlap.geojson" "$TMPD/ma.csv"
expect_status 1
expect_stdout_matches 'overlap by'
# an account moved out of its area
"$PY" - "$TMPD/ma.csv" "$TMPD/moved.csv" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
next(r for r in rows if r["lat"])["lat"] = "36.100000"
w = csv.DictWriter(open(sys.argv[2], "w", encoding="utf-8", newline=""), fieldnames=list(rows[0]))
w.writeheader()
w.writerows(rows)
PYEOF
run "$PY" "$HERE/territory_areas.py" "$TMPD/ma.geojson" "$TMPD/moved.csv"
expect_status 1
expect_stdout_matches 'lies outside its territory'
finish
