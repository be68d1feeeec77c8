# saha geocode killed with SIGKILL mid-run, then run again: every answer that reached the
# cache before the kill is reused (no request repeated for it), the rest is asked once,
# and every row comes out exactly once.
. "$(dirname "$0")/lib.sh"
require curl curl

GAZ="$SAHA_SOURCE_DIR/maps/gazetteer/tr-districts.geojson"
python3 "$SAHA_SOURCE_DIR/tests/fixtures/geocode_server.py" --gazetteer "$GAZ" \
  --port-file "$TMPD/port" &
SRV=$!
GEO=
trap 'kill $SRV $GEO 2>/dev/null; wait $SRV 2>/dev/null; rm -rf "$TMPD"' EXIT
for _ in $(seq 100); do [ -s "$TMPD/port" ] && break; sleep 0.1; done
EP="http://127.0.0.1:$(cat "$TMPD/port")"
stats_total() { curl -s "$EP/_stats" | sed -n 's/^{"total": \([0-9]*\),.*/\1/p'; }
# the largest number of requests any one query received
stats_max() { python3 -c 'import json,sys,urllib.request as u; print(max(json.load(u.urlopen(sys.argv[1]+"/_stats"))["by_query"].values()))' "$EP"; }
cache_rows() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from answers").fetchone()[0])' "$1"; }

# 16 distinct Istanbul districts, plus 4 rows that repeat one of them in another spelling
{
  echo "id,name,address"
  i=0
  for d in Adalar Bakırköy Beşiktaş Beykoz Beyoğlu Çatalca Fatih Kadıköy Kartal Sarıyer \
           Silivri Şile Şişli Üsküdar Zeytinburnu Pendik; do
    i=$((i + 1)); echo "r$i,Firma $i,\"$d, İstanbul, Türkiye\""
  done
  echo 'd1,Tekrar 1,"KADIKÖY, ISTANBUL, TÜRKİYE"'
  echo 'd2,Tekrar 2,"şişli,istanbul,türkiye"'
  echo 'd3,Tekrar 3,"  Üsküdar ,  İSTANBUL, Türkiye"'
  echo 'd4,Tekrar 4,"Pendik, istanbul, TÜRKIYE"'
} >"$TMPD/acc.csv"
N=16
CACHE="$TMPD/c.sqlite"

# run 1 at 2 requests/s (about 8 s), killed once a few answers are in
"$SAHA" geocode "$TMPD/acc.csv" -o "$TMPD/out1.csv" --endpoint "$EP" --rate 2 \
  --cache "$CACHE" -q >"$TMPD/run1.out" 2>"$TMPD/run1.err" &
GEO=$!
for _ in $(seq 300); do
  [ "$(stats_total)" -ge 5 ] && break
  sleep 0.1
done
kill -9 $GEO
wait $GEO 2>/dev/null
GEO=
sent1=$(stats_total)
kept=$(cache_rows "$CACHE")
[ "$kept" -ge 4 ] && ok || bad "only $kept answers cached before the kill"
[ "$kept" -lt $N ] && ok || bad "the run finished before the kill ($kept answers): test proves nothing"
expect_no_file "$TMPD/out1.csv"   # killed: no half-written output under the final name
# at most the request in flight at the kill is unanswered
[ $((sent1 - kept)) -le 1 ] && ok || bad "$sent1 requests sent but $kept answers cached"

# run 2: only the queries missing from the cache are asked
run "$SAHA" geocode "$TMPD/acc.csv" -o "$TMPD/out2.csv" --endpoint "$EP" --rate 20 --cache "$CACHE"
expect_status 0
sent2=$(( $(stats_total) - sent1 ))
expect_eq "$sent2" "$((N - kept))" "requests in the resumed run"
# no query reached the server twice (except the one in flight at the kill, if any)
max=$(stats_max)
[ "$max" -le $(( 1 + sent1 - kept )) ] && ok || bad "a query was sent $max times"
expect_eq "$(cache_rows "$CACHE")" "$N" "answers cached in the end"

# every row exactly once, in input order, geocoded
python3 - "$TMPD/acc.csv" "$TMPD/out2.csv" "$kept" <<'EOF' && ok || bad "output rows"
import csv, sys
inp = [r["id"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
out = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
assert [r["id"] for r in out] == inp, "ids differ"
st = [r["geocode_status"] for r in out]
assert all(s in ("ok", "cached") for s in st), st
assert all(r["lat"] and r["lon"] for r in out), "missing coordinates"
# rows answered before the kill, and the 4 respellings, come from the cache
assert st.count("cached") == int(sys.argv[3]) + 4, st
EOF
expect_stdout_matches "geocoded 20 account\(s\): $((N - kept)) ok, $((kept + 4)) cached, 0 not found"

# run 3: everything from the cache, nothing sent
before=$(stats_total)
run "$SAHA" geocode "$TMPD/acc.csv" -o "$TMPD/out3.csv" --endpoint "$EP" --cache "$CACHE"
expect_status 0
expect_eq "$(stats_total)" "$before" "requests in a fully cached run"
expect_stdout_matches "geocoded 20 account\(s\): 0 ok, 20 cached"

finish
