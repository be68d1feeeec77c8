# saha geocode against the fixture server on 127.0.0.1 (never the internet): statuses for
# every fault mode, no row lost or duplicated, the rate limit, Turkish letters, offline
# mode, the key never shown, usage errors.
. "$(dirname "$0")/lib.sh"
require curl curl

GAZ="$SAHA_SOURCE_DIR/maps/gazetteer/tr-districts.geojson"
python3 "$SAHA_SOURCE_DIR/tests/fixtures/geocode_server.py" --gazetteer "$GAZ" \
  --port-file "$TMPD/port" --stall 3 &
SRV=$!
trap 'kill $SRV 2>/dev/null; wait $SRV 2>/dev/null; rm -rf "$TMPD"' EXIT
for _ in $(seq 100); do [ -s "$TMPD/port" ] && break; sleep 0.1; done
EP="http://127.0.0.1:$(cat "$TMPD/port")"
stats_total() { curl -s "$EP/_stats" | sed -n 's/^{"total": \([0-9]*\),.*/\1/p'; }
# csvget FILE ID COLUMN: the value (one python run per file, cached as FILE.kv)
csvget() {
  [ "$1.kv" -nt "$1" ] 2>/dev/null || python3 - "$1" >"$1.kv" <<'EOF'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    for k, v in r.items():
        print("%s\t%s\t%s" % (r["id"], k, v))
EOF
  awk -F'\t' -v id="$2" -v c="$3" '$1 == id && $2 == c { print $3 }' "$1.kv"
}
ids() { python3 -c 'import csv,sys; print(" ".join(r["id"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))))' "$1"; }
FAST="--retries 2 --backoff 0.01 --timeout 1"
export XDG_CACHE_HOME="$TMPD/xdg-cache" XDG_CONFIG_HOME="$TMPD/xdg-config"
unset SAHA_GOOGLE_API_KEY

# ---- help and usage -------------------------------------------------------------------
run "$SAHA" geocode --help
expect_status 0; expect_stdout_matches "Usage: saha geocode"
run "$SAHA" geocode
expect_status 2; expect_stderr_matches "missing the accounts file"
run "$SAHA" geocode x.csv --provider bing
expect_status 2; expect_stderr_matches "unknown provider"
run "$SAHA" geocode x.csv --bbox 1,2,3
expect_status 2; expect_stderr_matches "bbox"
run "$SAHA" geocode x.csv --key ABC
expect_status 2; expect_stderr_matches "unknown option '--key'"

cat >"$TMPD/acc.csv" <<'EOF'
id,name,address,lat,lon,extra
ok1,Bir,"Nilüfer, Bursa, Türkiye",,,x1
ok2,İki,"KADIKÖY, İSTANBUL, TÜRKİYE",,,x2
has,Üç,"Osmangazi, Bursa, Türkiye",40.18,29.06,x3
nf,Dört,"Nowhere, Atlantis, Türkiye",,,x4
far,Beş,faultfar,,,x5
wrong,Altı,faultwrong,,,x6
empty,Yedi,,,,x7
dup,Sekiz,"nilüfer , bursa,türkiye",,,x8
e500,Dokuz,fault500,,,x9
e429,On,fault429once Çankaya,,,x10
stall,Onbir,faultstall,,,x11
trunc,Oniki,faulttrunc,,,x12
bad,Onüç,faultbadjson,,,x13
none,Ondört,faultempty,,,x14
rej,Bad,"Nilüfer, Bursa, Türkiye",95,29,x15
EOF

# the public Nominatim is never asked for more than 1/s
run "$SAHA" geocode "$TMPD/acc.csv" -o "$TMPD/o.csv" --rate 2
expect_status 2; expect_stderr_matches "at most 1 request per second"
# google needs a key, and takes it only from the environment or the config file
run "$SAHA" geocode "$TMPD/acc.csv" -o "$TMPD/o.csv" --provider google --endpoint "$EP"
expect_status 2; expect_stderr_matches "SAHA_GOOGLE_API_KEY"
# offline needs an existing cache
run "$SAHA" geocode "$TMPD/acc.csv" -o "$TMPD/o.csv" --offline --cache "$TMPD/none.sqlite"
expect_status 1; expect_stderr_matches "no geocode cache"
cp "$TMPD/acc.csv" "$TMPD/acc.bak"

# ---- dry run ------------------------------------------------------------------------------
run "$SAHA" geocode "$TMPD/acc.csv" --dry-run --endpoint "$EP" --cache "$TMPD/c.sqlite" --rate 5
expect_status 0
# 13 accounts need work; ok1/dup are one query, empty has none: 11 requests, 2 s at 5/s
expect_stdout_matches "^13 account\(s\) need geocoding: 0 answered from the cache, 1 without"
expect_stdout_matches "would send 11 request\(s\) to nominatim; at 5 request\(s\)/s that takes at least 2 s"
expect_eq "$(stats_total)" 0 "requests sent by --dry-run"

# ---- a real run: each fault mode ends as the right status ------------------------------
t0=$(date +%s.%N)
run "$SAHA" geocode "$TMPD/acc.csv" -o "$TMPD/o.csv" --endpoint "$EP" --cache "$TMPD/c.sqlite" \
  --rate 5 --country TR $FAST
t1=$(date +%s.%N)
expect_status 1   # some rows failed: reported, output still written
expect_stderr_matches "4 account\(s\) failed"
expect_file "$TMPD/o.csv"
cmp -s "$TMPD/acc.csv" "$TMPD/acc.bak" && ok || bad "input changed"
for pair in ok1:ok ok2:ok nf:not_found far:ambiguous wrong:ambiguous empty:skipped dup:cached \
            e500:failed e429:ok stall:failed trunc:failed bad:failed none:not_found; do
  expect_eq "$(csvget "$TMPD/o.csv" "${pair%%:*}" geocode_status)" "${pair#*:}" "status of ${pair%%:*}"
done
expect_eq "$(csvget "$TMPD/o.csv" has geocode_status)" "" "account with coordinates is left alone"
expect_eq "$(csvget "$TMPD/o.csv" has lat)" "40.18" "kept latitude"
expect_eq "$(csvget "$TMPD/o.csv" ok1 lat)" "40.142458" "geocoded latitude"
expect_eq "$(csvget "$TMPD/o.csv" ok2 geocode_display_name)" "Kadıköy, İstanbul, Türkiye" "display name"
expect_eq "$(csvget "$TMPD/o.csv" ok1 geocode_quality)" "0.550" "quality"
expect_eq "$(csvget "$TMPD/o.csv" far lat)" "" "ambiguous coordinates not filled"
expect_eq "$(csvget "$TMPD/o.csv" wrong lat)" "" "wrong-country coordinates not filled"
expect_eq "$(csvget "$TMPD/o.csv" ok1 extra)" "x1" "unknown column kept"
# every input row, once, in order (the rejected row too)
expect_eq "$(ids "$TMPD/o.csv")" "$(ids "$TMPD/acc.csv")" "ids in output"
# rate limit: at least (N-1)/rate seconds for N requests; retries count as requests
n=$(stats_total)
python3 -c "import sys; t=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]); sys.exit(0 if t >= (n-1)/5.0 - 0.01 else 1)" "$t0" "$t1" "$n" \
  && ok || bad "$n requests at 5/s took less than $(( n - 1 ))/5 s"
expect_stdout_matches "geocoded 13 account\(s\): 3 ok, 1 cached, 2 not found, 2 ambiguous, 4 failed, 1 skipped"

# ---- run again: answers come from the cache; only failures are asked again ---------------
before=$(stats_total)
run "$SAHA" geocode "$TMPD/acc.csv" -o "$TMPD/o2.csv" --endpoint "$EP" --cache "$TMPD/c.sqlite" \
  --rate 20 --country TR $FAST
after=$(stats_total)
expect_eq "$(csvget "$TMPD/o2.csv" ok2 geocode_status)" "cached" "second run ok2"
expect_eq "$(csvget "$TMPD/o2.csv" nf geocode_status)" "not_found" "second run nf"
# 4 failed rows asked again: e500 3 tries, stall 3, trunc 3, bad 1
expect_eq "$((after - before))" 10 "requests in the second run"

# ---- offline: the cache alone, with the public provider name (key ignores the endpoint) --
before=$(stats_total)
run "$SAHA" geocode "$TMPD/acc.csv" --offline --cache "$TMPD/c.sqlite" -o "$TMPD/o3.csv"
expect_status 0
expect_eq "$(stats_total)" "$before" "requests sent offline"
expect_eq "$(csvget "$TMPD/o3.csv" ok1 geocode_status)" "cached" "offline ok1"
expect_eq "$(csvget "$TMPD/o3.csv" e500 geocode_status)" "skipped" "offline miss"
# never over the input
run "$SAHA" geocode "$TMPD/acc.csv" --offline --cache "$TMPD/c.sqlite" -o "$TMPD/acc.csv"
expect_status 2; expect_stderr_matches "refusing to overwrite an input"
cmp -s "$TMPD/acc.csv" "$TMPD/acc.bak" && ok || bad "input overwritten"
# stdin to stdout
run_sh "cat '$TMPD/acc.csv' | '$SAHA' geocode - --offline --cache '$TMPD/c.sqlite' -q"
expect_status 0
expect_stdout_matches '^ok1,Bir,"Nilüfer, Bursa, Türkiye",40.142458,28.813067,x1,cached,'
# Turkish case variants hit the same entry
printf 'id,address\nv1,"kadıköy, istanbul, türkiye"\nv2,"Kadiköy,Istanbul,Türkiye"\n' >"$TMPD/var.csv"
run "$SAHA" geocode "$TMPD/var.csv" --offline --cache "$TMPD/c.sqlite" -o "$TMPD/var.out"
expect_eq "$(csvget "$TMPD/var.out" v1 geocode_status)/$(csvget "$TMPD/var.out" v2 geocode_status)" \
  "cached/cached" "case-folded cache hits"
# the cache file is private
expect_eq "$(stat -c %a "$TMPD/c.sqlite")" 600 "cache file mode"
# the default cache location is under XDG_CACHE_HOME
run "$SAHA" geocode "$TMPD/var.csv" --endpoint "$EP" --rate 20 -o "$TMPD/var2.out" -q
expect_status 0
expect_file "$XDG_CACHE_HOME/saha/geocode.sqlite"

# ---- Google: the key never appears anywhere, even when requests fail ----------------------
KEY="AIzaTESTKEY0123456789secret"
printf 'id,address\ng1,"Çankaya, Ankara, Türkiye"\ng2,fault500\ng3,faultstall\ng4,faultdenied\ng5,"Nilüfer, Bursa"\n' >"$TMPD/g.csv"
SAHA_GOOGLE_API_KEY="$KEY" run "$SAHA" geocode "$TMPD/g.csv" --provider google --endpoint "$EP" \
  --no-cache -o "$TMPD/g.out" -vv $FAST
expect_status 1
expect_eq "$(csvget "$TMPD/g.out" g1 geocode_status)" "ok" "google g1"
expect_eq "$(csvget "$TMPD/g.out" g2 geocode_status)" "failed" "google g2"
expect_eq "$(csvget "$TMPD/g.out" g4 geocode_status)" "failed" "google g4 (denied)"
expect_eq "$(csvget "$TMPD/g.out" g5 geocode_status)" "skipped" "google stopped after denial"
expect_stderr_matches "REQUEST_DENIED"
expect_stderr_matches "key=\*\*\*"   # -vv logs request URLs, redacted
if grep -rq "$KEY" "$OUT" "$ERR" "$TMPD/g.out"; then bad "the API key leaked"; else ok; fi
# from the config file too; a group-readable config gets a warning
mkdir -p "$XDG_CONFIG_HOME/saha"
printf '# saha\ngoogle_api_key = %s\n' "$KEY" >"$XDG_CONFIG_HOME/saha/config"
chmod 644 "$XDG_CONFIG_HOME/saha/config"
run "$SAHA" geocode "$TMPD/g.csv" --provider google --endpoint "$EP" --no-cache -o "$TMPD/g2.out" $FAST
expect_eq "$(csvget "$TMPD/g2.out" g1 geocode_status)" "ok" "google via config"
expect_stderr_matches "readable by others"
if grep -rq "$KEY" "$OUT" "$ERR" "$TMPD/g2.out"; then bad "the API key leaked"; else ok; fi

# ---- photon ---------------------------------------------------------------------------
run "$SAHA" geocode "$TMPD/var.csv" --provider photon --endpoint "$EP" --no-cache -o "$TMPD/p.out" $FAST
expect_status 0
expect_eq "$(csvget "$TMPD/p.out" v1 geocode_status)" "ok" "photon"

# ---- provider-wide refusal: stop with advice, keep every row ---------------------------------
python3 -c "import urllib.request as u,sys; u.urlopen(sys.argv[1]+'/_control?mode=403').read()" "$EP"
run "$SAHA" geocode "$TMPD/acc.csv" -o "$TMPD/o4.csv" --endpoint "$EP" --no-cache $FAST --rate 20
python3 -c "import urllib.request as u,sys; u.urlopen(sys.argv[1]+'/_control?mode=none').read()" "$EP"
expect_status 1
expect_stderr_matches "refused access \(HTTP 403\): stopped for this run"
expect_stderr_matches "self-host"
expect_eq "$(ids "$TMPD/o4.csv")" "$(ids "$TMPD/acc.csv")" "ids after a stop"
expect_eq "$(csvget "$TMPD/o4.csv" ok1 geocode_status)" "failed" "first row when stopped"
expect_eq "$(csvget "$TMPD/o4.csv" none geocode_status)" "skipped" "later rows when stopped"

# ---- a file that is not a saha cache is refused, untouched -----------------------------
head -c 3000 /dev/urandom >"$TMPD/bad.sqlite"
cp "$TMPD/bad.sqlite" "$TMPD/bad.copy"
run "$SAHA" geocode "$TMPD/var.csv" --endpoint "$EP" --cache "$TMPD/bad.sqlite" -o "$TMPD/b.out" --rate 20
expect_status 2
expect_stderr_matches "bad.sqlite is not a saha geocode cache"
cmp -s "$TMPD/bad.sqlite" "$TMPD/bad.copy" && ok || bad "a foreign cache file was changed"
ls "$TMPD"/bad.sqlite.corrupt-* >/dev/null 2>&1 && bad "a foreign file was set aside" || ok
expect_no_file "$TMPD/b.out"

# ---- the shipped sample cache resolves every sample account offline, untouched --------
SAMPLE="$SAHA_SOURCE_DIR/maps/marmara"
sum_before=$(md5sum <"$SAMPLE/geocode-cache.sqlite")
run "$SAHA" geocode "$SAMPLE/accounts.csv" --offline --cache "$SAMPLE/geocode-cache.sqlite" -o "$TMPD/m.csv"
expect_status 0
expect_stdout_matches "^geocoded ([0-9]+) account\(s\): 0 ok, \1 cached, 0 not found, 0 ambiguous, 0 failed, 0 skipped"
python3 - "$TMPD/m.csv" <<'PY' && ok || bad "sample accounts left without coordinates"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
assert len(rows) >= 200 and all(r["lat"] and r["lon"] for r in rows)
PY
expect_eq "$(md5sum <"$SAMPLE/geocode-cache.sqlite")" "$sum_before" "sample cache unchanged by --offline"
[ ! -e "$SAMPLE/geocode-cache.sqlite-wal" ] && ok || bad "offline run left a WAL file"

finish
