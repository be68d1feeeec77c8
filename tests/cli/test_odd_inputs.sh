# Huge and odd inputs for saha plan / geocode --offline / territory / matrix: 1 MB fields,
# NUL bytes, invalid UTF-8, files that are not CSV at all (a PNG, /bin/ls), an empty file,
# a header only, duplicate header names, a JSON number, a GeoJSON without features, every
# row bad. Inputs with no valid account: exit 2, a message naming the file (and line).
# Partly bad inputs: the good rows go on, each bad one reported as FILE:LINE; rows are
# never dropped silently; a failed run leaves no output and no temp file behind.
# Fixtures are generated here (the large ones are never committed).
. "$(dirname "$0")/lib.sh"

REP="$SAHA_TEST_DATA/plan/rep_ok.json"
CACHE="$TMPD/cache.sqlite"   # a copy of the sample's cache: --offline needs one
cp "$SAHA_SOURCE_DIR/maps/marmara/geocode-cache.sqlite" "$CACHE"
export XDG_CACHE_HOME="$TMPD/xdg-cache" XDG_CONFIG_HOME="$TMPD/xdg-config"
D="$TMPD/in"; mkdir -p "$D"
: >"$D/empty.csv"
printf 'id,name,lat,lon\n' >"$D/header_only.csv"
cp /bin/ls "$D/ls.csv"
python3 - "$D/image.csv" <<'PY'
import struct, sys, zlib
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
                              + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b""))
PY
printf '42\n' >"$D/number.json"
printf '{"type": "FeatureCollection", "features": []}\n' >"$D/nofeatures.geojson"
printf 'id,name,lat,lon\nA,a,91,29\nB,b,x,29\nC,c,41,\n' >"$D/all_bad.csv"
# partly bad: a NUL byte, invalid UTF-8, a 1 MB field, duplicate header names
printf 'id,name,lat,lon\nG1,good,41.00,29.00\nN1,a\0b,41.01,29.01\nU1,bad\xff\xfeutf,41.02,29.02\nG2,good,41.03,29.03\n' >"$D/nul_utf8.csv"
python3 - "$D/big_field.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,name,lat,lon,notes\n")
    f.write("G1,one,41.00,29.00,%s\n" % ("x" * (1 << 20)))
    f.write('G2,"%s",41.05,29.05,short\n' % ("ş" * (1 << 19)))
    f.write("G3,three,41.10,29.10,\n")
PY
printf 'id,name,lat,lon,lat,name\nG1,a,41.0,29.0,50.0,b\nG2,c,41.1,29.1,,d\n' >"$D/dup_header.csv"

# ---- no valid account: exit 2, the file (and line) named, no output ------------------------
nofile() { # NAME MESSAGE-REGEX
  for cmd in "matrix" "territory -k 2" "geocode --offline --cache $CACHE" "plan"; do
    out="$TMPD/out_${1%%.*}_${cmd%% *}.csv"
    if [ "$cmd" = plan ]; then
      run "$SAHA" plan "$D/$1" --rep "$REP" --csv "$out"
    else
      # shellcheck disable=SC2086
      run "$SAHA" $cmd "$D/$1" -o "$out"
    fi
    expect_status 2
    expect_stderr_matches "^saha: .*$1(:[0-9]+)?(:[0-9]+)?: .*$2"
    expect_no_file "$out"
    expect_eq "$(ls "$TMPD" | grep -c "out_${1%%.*}_${cmd%% *}")" "0" "$1/${cmd%% *}: no temp file"
  done
}
nofile empty.csv "no header line \\(the input is empty\\)"
nofile header_only.csv "no valid account"
nofile ls.csv "not a CSV text file"
nofile image.csv "not a CSV text file"
nofile number.json "invalid JSON: '\\[' or '\\{' expected"
nofile nofeatures.geojson "no valid account"
nofile all_bad.csv "no valid account"
# ...and each bad row of all_bad.csv named by line
run "$SAHA" matrix "$D/all_bad.csv" -o "$TMPD/x.csv"
expect_stderr_matches "all_bad.csv:2: lat: out of range"
expect_stderr_matches "all_bad.csv:3: lat: not a number"
expect_stderr_matches "all_bad.csv:4: "
expect_stderr_matches "all_bad.csv:1:1: ?|3 rows read, 0 accounts, 2 rejected|rows read"

# ---- partly bad: the good rows go on, every bad one reported as FILE:LINE -----------------
run "$SAHA" matrix "$D/nul_utf8.csv" -o "$TMPD/m.csv"
expect_status 0
expect_stderr_matches "nul_utf8.csv:3: name: contains a NUL byte"
expect_stderr_matches "nul_utf8.csv:4: name: invalid UTF-8"
expect_stderr_matches "4 rows read, 2 accounts, 2 rejected"
expect_eq "$(cut -d, -f1,2 "$TMPD/m.csv" | sort | tr '\n' ' ')" "G1,G2 G2,G1 from_id,to_id " "matrix of the good rows"
run "$SAHA" territory -k 2 "$D/nul_utf8.csv" -o "$TMPD/t.csv"
expect_status 0
expect_eq "$(wc -l <"$TMPD/t.csv")" "5" "territory output keeps all 4 rows + header"
expect_eq "$(grep -c '^G[12],' "$TMPD/t.csv")" "2" "the good rows assigned"

run "$SAHA" matrix "$D/big_field.csv" -o "$TMPD/mb.csv"
expect_status 0
expect_stderr_matches "3 rows read, 3 accounts, 0 rejected"
expect_eq "$(wc -l <"$TMPD/mb.csv")" "7" "matrix of 3 accounts with 1 MB fields"
run "$SAHA" geocode --offline --cache "$CACHE" "$D/big_field.csv" -o "$TMPD/gb.csv"
expect_status 0
# every row and its 1 MB field are written back
expect_eq "$(python3 -c 'import csv,sys; csv.field_size_limit(1<<24); r=list(csv.DictReader(open(sys.argv[1],encoding="utf-8"))); print(len(r), len(r[0]["notes"]), len(r[1]["name"]))' "$TMPD/gb.csv" 2>/dev/null)" \
  "3 1048576 524288" "geocode: every row and its 1 MB field written back"
run "$SAHA" territory -k 1 "$D/big_field.csv" -o "$TMPD/tb.csv"
expect_status 0
expect_eq "$(python3 -c 'import csv,sys; csv.field_size_limit(1<<24); print(len(list(csv.DictReader(open(sys.argv[1],encoding="utf-8")))))' "$TMPD/tb.csv")" "3" "territory: 3 rows with 1 MB fields kept"

run "$SAHA" matrix "$D/dup_header.csv" -o "$TMPD/md.csv"
expect_status 0
expect_stderr_matches "dup_header.csv:1: lat: column 5 'lat' ignored"
expect_stderr_matches "dup_header.csv:1: name: column 6 'name' ignored"
expect_eq "$(grep -c "column 5 'lat' ignored" "$ERR")" "1" "the duplicate-column warning shown once"
expect_eq "$(wc -l <"$TMPD/md.csv")" "3" "duplicate header names: the first column wins, both rows kept"

run "$SAHA" plan "$D/nul_utf8.csv" --rep "$REP" --start 2026-11-30 --time-limit 1 --unvisited "$TMPD/unv.csv"
expect_status 0
expect_stderr_matches "nul_utf8.csv:3: name: contains a NUL byte"
expect_stdout_matches "rows: 4 read = [0-9]+ planned \\+ [0-9]+ skipped \\+ 2 rejected"

# ---- an existing output survives a failing run --------------------------------------------
printf 'precious\n' >"$TMPD/keep.csv"
run "$SAHA" territory -k 2 "$D/ls.csv" -o "$TMPD/keep.csv"
expect_status 2
expect_eq "$(cat "$TMPD/keep.csv")" "precious" "existing output left intact"

# ---- inputs are only ever opened read-only (strace, when installed) -----------------------
if command -v strace >/dev/null 2>&1; then
  cp "$D/nul_utf8.csv" "$TMPD/ro.csv"
  for cmd in "matrix -o $TMPD/s1.csv" "territory -k 2 -o $TMPD/s2.csv" \
             "geocode --offline --cache $CACHE -o $TMPD/s3.csv" "plan --rep $REP --time-limit 1 --csv $TMPD/s4.csv"; do
    # shellcheck disable=SC2086
    strace -f -qq -e trace=openat,open,creat,truncate -o "$TMPD/trace" "$SAHA" $cmd "$TMPD/ro.csv" >/dev/null 2>&1
    opens=$(grep -F '/ro.csv"' "$TMPD/trace")
    expect_eq "$( [ -n "$opens" ] && echo opened)" "opened" "${cmd%% *}: the input is opened"
    expect_eq "$(printf '%s\n' "$opens" | grep -cE 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|truncate|creat\(')" "0" \
      "${cmd%% *}: the input is opened read-only"
  done
fi
finish
