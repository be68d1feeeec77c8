# saha geocode and saha matrix --provider osrm against hostile servers (fixture servers on
# 127.0.0.1): a 600 MB body, a chunked body without end, a byte a second, a redirect loop,
# a redirect to another host, non-UTF-8 bytes in JSON strings, 100,000 nested '['.
# Each must end as a failed row (geocode; the other rows still geocoded, none lost) or a
# clear error (matrix; exit 1, no output file, no temp file). Time is bounded by the
# client's own short timeouts (--timeout 2 --retries 1), not asserted on the clock.
. "$(dirname "$0")/lib.sh"

GAZ="$SAHA_SOURCE_DIR/maps/gazetteer/tr-districts.geojson"
python3 "$SAHA_SOURCE_DIR/tests/fixtures/geocode_server.py" --gazetteer "$GAZ" \
  --port-file "$TMPD/gport" &
GSRV=$!
python3 "$SAHA_SOURCE_DIR/tests/fixtures/osrm_server.py" --port-file "$TMPD/oport" >/dev/null &
OSRV=$!
trap 'kill $GSRV $OSRV 2>/dev/null; wait $GSRV $OSRV 2>/dev/null; rm -rf "$TMPD"' EXIT
for _ in $(seq 300); do [ -s "$TMPD/gport" ] && [ -s "$TMPD/oport" ] && break; sleep 0.1; done
GEP="http://127.0.0.1:$(cat "$TMPD/gport")"
OEP="http://127.0.0.1:$(cat "$TMPD/oport")"
export XDG_CACHE_HOME="$TMPD/xdg-cache" XDG_CONFIG_HOME="$TMPD/xdg-config"
export SAHA_GOOGLE_API_KEY="hostilekey123"
FAST="--rate 50 --timeout 2 --retries 1 --backoff 0.01 --no-cache"

# rows FILE: "ID ID ... | ID=geocode_status/extra ..."
rows() {
  python3 - "$1" <<'PY'
import csv, sys
r = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", errors="replace")))
print(" ".join(x["id"] for x in r), "|",
      " ".join("%s=%s/%s" % (x["id"], x.get("geocode_status"), x.get("extra")) for x in r))
PY
}
ids() { python3 -c 'import csv,sys; print(" ".join(r["id"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))))' "$1"; }

# mode -> the message expected in the row's warning / the matrix error
msg_for() {
  case $1 in
    huge|endless) echo "reply larger than the limit of 16777216 bytes" ;;
    drip) echo "timed out" ;;
    redirloop) echo "too many redirects \\(limit 3\\)" ;;
    redirhost) echo "redirect to another host refused \\(localhost\\)" ;;
    nonutf8) echo "not JSON: unable to decode byte 0x" ;;
    deep) echo "not JSON: maximum parsing depth" ;;
  esac
}

MODES="huge endless drip redirloop redirhost nonutf8 deep"
for prov in nominatim photon google; do
  for m in $MODES; do
    # the slow modes once (nominatim) are enough
    if [ "$prov" != nominatim ] && [ "$m" = drip ]; then continue; fi
    in="$TMPD/in_${prov}_$m.csv"; out="$TMPD/out_${prov}_$m.csv"
    printf 'id,name,address,lat,lon,extra\nok1,Bir,"Nilüfer, Bursa, Türkiye",,,x1\nbad,Kötü,fault%s,,,x2\nok2,İki,"KADIKÖY, İSTANBUL, TÜRKİYE",,,x3\n' "$m" >"$in"
    # shellcheck disable=SC2086
    run "$SAHA" geocode "$in" -o "$out" --provider "$prov" --endpoint "$GEP" $FAST
    expect_status 1
    expect_stderr_matches "$(basename "$in"):3: account bad: geocoding failed: .*$(msg_for "$m")"
    expect_stderr_not_matches "hostilekey123"
    # one python run per output (python starts slowly on a busy machine):
    # ids in order; then id=geocode_status/extra for each row
    expect_eq "$(rows "$out")" "ok1 bad ok2 | ok1=ok/x1 bad=failed/x2 ok2=ok/x3" \
      "$prov/$m: every row kept, in order, with its columns; only the bad one failed"
    expect_eq "$(ls "$TMPD" | grep -c "^out_${prov}_$m.csv.tmp")" "0" "$prov/$m: no temp file left"
  done
done

# ---- the key never shows, even in a connection failure or a redirect refusal (-vv) -------
printf 'id,name,address,lat,lon\nk1,Bir,"Nilüfer, Bursa, Türkiye",,\nk2,Iki,faultredirhost,,\n' >"$TMPD/key.csv"
run "$SAHA" geocode "$TMPD/key.csv" -o "$TMPD/key_out.csv" --provider google \
  --endpoint "http://127.0.0.1:1" --rate 50 --timeout 2 --retries 0 --no-cache -vv
expect_status 1
expect_stderr_matches "(Could not|Couldn't) connect|Failed to connect"
expect_stderr_not_matches "hostilekey123"
expect_eq "$(grep -c hostilekey123 "$TMPD/key_out.csv")" "0" "key not in the output"
expect_eq "$(ids "$TMPD/key_out.csv")" "k1 k2" "no row lost on a connection failure"
run "$SAHA" geocode "$TMPD/key.csv" -o "$TMPD/key_out2.csv" --provider google \
  --endpoint "$GEP" $FAST -vv
expect_stderr_matches "redirect to another host refused"
expect_stderr_matches "key=\\*\\*\\*"
expect_stderr_not_matches "hostilekey123"

# ---- OSRM matrix: a clear error, exit 1, no output and no temp file left -----------------
printf 'id,name,lat,lon\nA,a,41.0,29.0\nB,b,40.2,29.1\nC,c,39.9,32.8\n' >"$TMPD/m.csv"
for m in $MODES; do
  out="$TMPD/matrix_$m.csv"
  run "$SAHA" matrix "$TMPD/m.csv" --provider osrm --osrm-url "$OEP/$m" \
    --osrm-timeout 2 --osrm-retries 1 -o "$out"
  expect_status 1
  expect_stderr_matches "^saha: .*$(msg_for "$m")"
  expect_no_file "$out"
  expect_eq "$(ls "$TMPD" | grep -c "matrix_$m")" "0" "matrix/$m: no temp file left"
done
# an existing output survives a failing run untouched
printf 'keep me\n' >"$TMPD/keep.csv"
run "$SAHA" matrix "$TMPD/m.csv" --provider osrm --osrm-url "$OEP/deep" --osrm-retries 0 \
  -o "$TMPD/keep.csv"
expect_status 1
expect_eq "$(cat "$TMPD/keep.csv")" "keep me" "existing output left intact"
# the same server still answers a good request (the fixture is not just broken)
run "$SAHA" matrix "$TMPD/m.csv" --provider osrm --osrm-url "$OEP" -o "$TMPD/good.csv"
expect_status 0
expect_eq "$(wc -l <"$TMPD/good.csv")" "7" "good matrix: header + 6 ordered pairs"
# usage of the new options
run "$SAHA" matrix "$TMPD/m.csv" --provider osrm --osrm-url "$OEP" --osrm-timeout 0 -o -
expect_status 2; expect_stderr_matches "--osrm-timeout"
run "$SAHA" matrix "$TMPD/m.csv" --provider osrm --osrm-url "$OEP" --osrm-retries x -o -
expect_status 2; expect_stderr_matches "--osrm-retries"
finish
