#!/usr/bin/env bash
# Data safety (issue 12): no input is ever renamed, replaced or overwritten; outputs are
# checked before any work; the exports of one run are all-or-nothing, also on a full
# disk; a killed write leaves no temp file; bad rep zones, oversized inputs and the id
# HOME are bad input (exit 2); free-text addresses with a city are geocoded by address.
set -u
. "$(dirname "$0")/lib.sh"
D="$SAHA_SOURCE_DIR/tests/data/plan"
A="$D/accounts.csv"
REP="$D/rep_ok.json"
PLAN=(plan "$A" --rep "$REP" --start 2026-12-07 --iterations 200 --time-limit 0 -q)
export XDG_CACHE_HOME="$TMPD/xdg-cache" XDG_CONFIG_HOME="$TMPD/xdg-config"

# A tiny gazetteer for the fixture server (district, province, point).
cat >"$TMPD/gaz.geojson" <<'EOF'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"district": "Nilüfer", "province": "Bursa"},
  "geometry": {"type": "Point", "coordinates": [28.98, 40.21]}},
 {"type": "Feature", "properties": {"district": "Osmangazi", "province": "Bursa"},
  "geometry": {"type": "Point", "coordinates": [29.06, 40.19]}},
 {"type": "Feature", "properties": {"district": "Kadıköy", "province": "İstanbul"},
  "geometry": {"type": "Point", "coordinates": [29.03, 40.99]}}]}
EOF
start_fixture EP geocode_server.py --gazetteer "$TMPD/gaz.geojson"
requests() { python3 -c 'import json,sys,urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1] + "/_stats"))["total"])' "$EP"; }
FAST=(--endpoint "$EP" --rate 50 --retries 0 --timeout 2)

# ---- D1: --cache naming a file that is not a saha cache: refused, untouched -------------
printf 'id,name,address\nV1,Victim,"Nilüfer, Bursa"\n' >"$TMPD/victim.csv"
cp "$TMPD/victim.csv" "$TMPD/victim.orig"
run "$SAHA" geocode "$TMPD/victim.csv" --cache "$TMPD/victim.csv" -o "$TMPD/g1.csv" "${FAST[@]}"
expect_status 2
expect_stderr_matches "victim.csv is not a saha geocode cache"
cmp -s "$TMPD/victim.csv" "$TMPD/victim.orig" && ok || bad "the input used as --cache was changed"
ls "$TMPD"/victim.csv.corrupt-* >/dev/null 2>&1 && bad "the input was renamed aside" || ok
expect_no_file "$TMPD/g1.csv"
# another program's SQLite database: refused, untouched
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("create table notes(t)"); c.execute("insert into notes values (1)"); c.commit()' "$TMPD/other.db"
cp "$TMPD/other.db" "$TMPD/other.orig"
run "$SAHA" geocode "$TMPD/victim.csv" --cache "$TMPD/other.db" -o "$TMPD/g1.csv" "${FAST[@]}"
expect_status 2
expect_stderr_matches "other.db is an SQLite database without saha's geocode tables"
cmp -s "$TMPD/other.db" "$TMPD/other.orig" && ok || bad "a foreign SQLite file was changed"
expect_eq "$(requests)" "0" "requests sent with a refused cache"
# a real saha cache that is damaged (schema page intact) is still set aside and rebuilt
run "$SAHA" geocode "$TMPD/victim.csv" --cache "$TMPD/real.sqlite" -o "$TMPD/g2.csv" "${FAST[@]}" -q
expect_status 0
python3 - "$TMPD/real.sqlite" <<'EOF'
import os, sys
size = os.path.getsize(sys.argv[1])
with open(sys.argv[1], "r+b") as f:
    f.seek(4096)
    f.write(b"x" * (size - 4096))
EOF
run "$SAHA" geocode "$TMPD/victim.csv" --cache "$TMPD/real.sqlite" -o "$TMPD/g3.csv" "${FAST[@]}"
expect_status 0
expect_stderr_matches "was corrupt: moved to"
ls "$TMPD"/real.sqlite.corrupt-* >/dev/null 2>&1 && ok || bad "damaged saha cache not set aside"

# ---- D5: an output that is an input is refused before any request ----------------------
curl_reset() { python3 -c 'import sys,urllib.request; urllib.request.urlopen(sys.argv[1] + "/_reset").read()' "$EP"; }
curl_reset
run "$SAHA" geocode "$TMPD/victim.csv" -o "$TMPD/victim.csv" --no-cache "${FAST[@]}"
expect_status 2
expect_stderr_matches "victim.csv: refusing to overwrite an input file"
expect_eq "$(requests)" "0" "requests sent before refusing -o IN"
cmp -s "$TMPD/victim.csv" "$TMPD/victim.orig" && ok || bad "geocode -o IN changed the input"
# through another name of the same file (symlinked folder, ./ path)
ln -s "$TMPD" "$TMPD/link"
run "$SAHA" geocode "$TMPD/victim.csv" -o "$TMPD/link/./victim.csv" --no-cache "${FAST[@]}"
expect_status 2
expect_eq "$(requests)" "0" "requests sent before refusing -o (another name of IN)"
run "$SAHA" geocode "$TMPD/victim.csv" -o "$TMPD/xdg-cache/saha/geocode.sqlite" "${FAST[@]}"
expect_status 2
expect_stderr_matches "refusing to overwrite an input file"
# --route-cache is written to: naming an input (the accounts, the rep, through another
# name too) or another output is refused before any request, the file untouched
cp "$A" "$TMPD/acc.csv"
cp "$TMPD/acc.csv" "$TMPD/acc.orig"
OSRM=(--provider osrm --osrm-url "$EP" --osrm-retries 0)
run "$SAHA" plan "$TMPD/acc.csv" --rep "$REP" --start 2026-12-07 --iterations 200 --time-limit 0 -q \
  "${OSRM[@]}" --html "$TMPD/r.html" --route-cache "$TMPD/acc.csv"
expect_status 2
expect_stderr_matches "acc.csv: refusing to overwrite an input file"
cmp -s "$TMPD/acc.csv" "$TMPD/acc.orig" && ok || bad "--route-cache IN changed the input"
expect_no_file "$TMPD/r.html"
run "$SAHA" plan "$TMPD/acc.csv" --rep "$REP" --start 2026-12-07 --iterations 200 --time-limit 0 -q \
  "${OSRM[@]}" --html "$TMPD/r.html" --route-cache "$TMPD/link/./acc.csv"
expect_status 2
expect_stderr_matches "refusing to overwrite an input file"
cp "$REP" "$TMPD/rep.json"
run "$SAHA" plan "$TMPD/acc.csv" --rep "$TMPD/rep.json" --start 2026-12-07 --iterations 200 --time-limit 0 -q \
  "${OSRM[@]}" --html "$TMPD/r.html" --route-cache "$TMPD/rep.json"
expect_status 2
expect_stderr_matches "rep.json: refusing to overwrite an input file"
cmp -s "$TMPD/rep.json" "$REP" && ok || bad "--route-cache REP changed the rep file"
run "$SAHA" plan "$TMPD/acc.csv" --rep "$REP" --start 2026-12-07 --iterations 200 --time-limit 0 -q \
  "${OSRM[@]}" --html "$TMPD/r.html" --route-cache "$TMPD/r.html"
expect_status 2
expect_stderr_matches "two outputs name the same file"
expect_no_file "$TMPD/r.html"
expect_eq "$(requests)" "0" "requests sent before refusing --route-cache"

# ---- two outputs, one path: refused (exit 2) in every command, nothing written ----------
run "$SAHA" "${PLAN[@]}" --csv "$TMPD/same" --gpx "$TMPD/same"
expect_status 2
expect_stderr_matches "two outputs name the same file"
expect_no_file "$TMPD/same"
run "$SAHA" "${PLAN[@]}" --csv "$TMPD/same" --gpx "$TMPD/link/same"
expect_status 2
run "$SAHA" "${PLAN[@]}" --csv "$TMPD/same" --rejects "$TMPD/same"
expect_status 2
expect_no_file "$TMPD/same"
run "$SAHA" territory "$A" -k 2 -o "$TMPD/same" --svg "$TMPD/same" -q
expect_status 2
expect_stderr_matches "two outputs name the same file"
expect_no_file "$TMPD/same"
run "$SAHA" "${PLAN[@]}" --csv /dev/null --gpx /dev/null
expect_status 0
run "$SAHA" "${PLAN[@]}" --csv "$REP"
expect_status 2
expect_stderr_matches "refusing to overwrite an input file"
run "$SAHA" matrix "$A" --rep "$REP" -o "$REP" -q
expect_status 2
expect_stderr_matches "refusing to overwrite an input file"

# ---- D6: a full disk --------------------------------------------------------------------
FULL="$TMPD/full"
mkdir -p "$FULL"
if mount -t tmpfs -o size=512k tmpfs "$FULL" 2>/dev/null; then
  trap 'umount "$FULL" 2>/dev/null; kill $_fixture_pids 2>/dev/null; wait $_fixture_pids 2>/dev/null; rm -rf "$TMPD"' EXIT
  # fill all but ~16 KiB: the small CSV fits, the HTML report does not
  fill() { rm -f "$FULL/fill"; free=$(df -k --output=avail "$FULL" | tail -1); head -c $(((free - $1) * 1024)) /dev/zero >"$FULL/fill" 2>/dev/null; }
  echo old-csv >"$FULL/p.csv"; echo old-html >"$FULL/p.html"
  fill 16
  run "$SAHA" "${PLAN[@]}" --csv "$FULL/p.csv" --html "$FULL/p.html"
  expect_status 1
  expect_stderr_matches "$FULL/p.(csv|html): write error: No space left on device"
  expect_eq "$(cat "$FULL/p.csv")" "old-csv" "plan on a full disk: the CSV export"
  expect_eq "$(cat "$FULL/p.html")" "old-html" "plan on a full disk: the HTML export"
  expect_eq "$(ls "$FULL" | grep -c tmp)" "0" "temp files left on a full disk"
  fill 0
  run "$SAHA" territory "$A" -k 2 -o "$FULL/t.csv" -q
  expect_status 1
  expect_stderr_matches "$FULL/t.csv: write error: No space left on device"
  run "$SAHA" matrix "$A" -o "$FULL/m.csv" -q
  expect_status 1
  expect_stderr_matches "$FULL/m.csv: write error: No space left on device"
  run "$SAHA" geocode "$TMPD/victim.csv" -o "$FULL/g.csv" --no-cache "${FAST[@]}" -q
  expect_status 1
  expect_stderr_matches "$FULL/g.csv: write error: No space left on device"
  # the cache disk fills during the run (after the first answer is cached, before the
  # second: --rate 0.5 puts 2 s between them): the output is still written, exit 1
  printf 'id,address\nF1,"Nilüfer, Bursa"\nF2,"Kadıköy, İstanbul"\n' >"$TMPD/two.csv"
  rm -f "$FULL/fill"
  "$SAHA" geocode "$TMPD/two.csv" --cache "$FULL/c.sqlite" -o "$TMPD/two.out" \
    --endpoint "$EP" --rate 0.5 --retries 0 --timeout 5 -q >"$OUT" 2>"$ERR" &
  gpid=$!
  sleep 1
  fill 0
  wait "$gpid"; STATUS=$?; LAST="geocode with the cache disk filling up"
  expect_status 1
  expect_stderr_matches "c.sqlite: geocode cache: cannot write: .*the output is written"
  expect_eq "$(grep -c ',ok,' "$TMPD/two.out" 2>/dev/null)" "2" "geocoded rows written with a full cache disk"
  umount "$FULL"
else
  echo "SKIP disk-full checks: cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN)"
fi

# ---- D8: SIGTERM / SIGINT during a write leave no OUT.tmp.XXXXXX ------------------------
# A big matrix takes a while to write: kill it once its temp file exists.
python3 - "$TMPD/many.csv" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,lat,lon\n")
    for i in range(1500):
        f.write("K%d,%.5f,%.5f\n" % (i, 40 + (i % 50) * 0.01, 29 + (i // 50) * 0.01))
EOF
for sig in TERM INT; do
  mkdir -p "$TMPD/sig$sig"
  # a shell's background job starts with SIGINT ignored: reset it to the default
  python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
    "$SAHA" matrix "$TMPD/many.csv" -o "$TMPD/sig$sig/m.csv" -q 2>"$TMPD/sig.err" &
  pid=$!
  seen=0
  for _ in $(seq 600); do
    if ls "$TMPD/sig$sig"/m.csv.tmp.* >/dev/null 2>&1; then seen=1; break; fi
    sleep 0.02
  done
  kill -"$sig" "$pid" 2>/dev/null
  wait "$pid"; st=$?
  if [ "$seen" = 1 ]; then
    expect_eq "$st" "$((128 + $(kill -l "$sig")))" "exit status after SIG$sig"
    expect_eq "$(ls "$TMPD/sig$sig" | grep -c 'tmp\.')" "0" "temp files left after SIG$sig"
    expect_no_file "$TMPD/sig$sig/m.csv"
  else
    bad "the matrix temp file never appeared (SIG$sig test could not run)"
  fi
done

# ---- D9: a free-text address with a city and no street ----------------------------------
printf 'id,address,city\nB1,Nilüfer,Bursa\nB2,Osmangazi,Bursa\n' >"$TMPD/crm.csv"
run "$SAHA" geocode "$TMPD/crm.csv" --dry-run --no-cache "${FAST[@]}"
expect_status 0
expect_stdout_matches "would send 2 request"
curl_reset
run "$SAHA" geocode "$TMPD/crm.csv" -o "$TMPD/crm.out" --no-cache "${FAST[@]}" -q
expect_status 0
expect_eq "$(requests)" "2" "requests for two addresses in one city"
python3 - "$TMPD/crm.out" >"$TMPD/crm.kv" <<'EOF'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    print(r["id"], r["lat"], r["lon"], r["geocode_display_name"])
EOF
expect_eq "$(grep -c '^B1 40.21.* Nilüfer, Bursa' "$TMPD/crm.kv")" "1" "B1 geocoded by its address"
expect_eq "$(grep -c '^B2 40.19.* Osmangazi, Bursa' "$TMPD/crm.kv")" "1" "B2 geocoded by its address"

# ---- D2: GeoJSON id per feature ---------------------------------------------------------
cat >"$TMPD/mixed.geojson" <<'EOF'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"id": "P1", "name": "a"},
  "geometry": {"type": "Point", "coordinates": [29.0, 40.1]}},
 {"type": "Feature", "id": "F2", "properties": {"name": "b"},
  "geometry": {"type": "Point", "coordinates": [29.1, 40.2]}}]}
EOF
run "$SAHA" matrix "$TMPD/mixed.geojson" -o - -q
expect_status 0
expect_stdout_matches '^P1,F2,'
expect_stdout_matches '^F2,P1,'
expect_stderr_not_matches "id: missing"

# ---- D4: a rep zone is checked by loading it ---------------------------------------------
for tz in Europe zone.tab ../../../etc/passwd /etc/localtime Europe/../Europe/Berlin; do
  sed "s#\"Europe/Istanbul\"#\"$tz\"#" "$REP" >"$TMPD/tz.json"
  run "$SAHA" "${PLAN[@]}" --rep "$TMPD/tz.json" --ics "$TMPD/tz.ics"
  expect_status 2
  expect_stderr_matches "tz.json:[0-9]+: timezone: '$tz'"
  expect_no_file "$TMPD/tz.ics"
done
sed 's#"Europe/Istanbul"#"America/New_York"#' "$REP" >"$TMPD/tz.json"
run "$SAHA" "${PLAN[@]}" --rep "$TMPD/tz.json" --ics "$TMPD/tz.ics"
expect_status 0

# ---- oversized inputs are bad input (2), not failures (1) --------------------------------
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["name"]="x"*(1<<20); json.dump(d,open(sys.argv[2],"w"))' "$REP" "$TMPD/big_rep.json"
run "$SAHA" "${PLAN[@]}" --rep "$TMPD/big_rep.json"
expect_status 2
expect_stderr_matches "big_rep.json: larger than 1048576 bytes"
printf 'NAME: big\nTYPE: TSP\nDIMENSION: 6000\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 0\n' >"$TMPD/big.tsp"
run "$SAHA" solve "$TMPD/big.tsp" --iterations 10
expect_status 2
expect_stderr_matches "big.tsp:3: DIMENSION 6000: more than"

# ---- an account id HOME (any case) collides with the rep's home in matrices -------------
printf 'id,lat,lon\nK1,40.1,29.0\nhome,40.2,29.1\n' >"$TMPD/home.csv"
run "$SAHA" plan "$TMPD/home.csv" --rep "$REP" --start 2026-12-07 --iterations 50 --time-limit 0 -q
expect_status 2
expect_stderr_matches "home.csv:3: id: 'home' is reserved for the rep's home"
run "$SAHA" matrix "$TMPD/home.csv" --rep "$REP" -o "$TMPD/hm.csv" -q
expect_status 2
expect_stderr_matches "home.csv:3: id: 'home' is reserved"

finish
