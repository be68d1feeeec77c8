#!/usr/bin/env bash
# Rejected rows are loud: a rejected row that is a must-visit or has an appointment
# stops `saha plan` (exit 2, naming file, line and id; nothing written) unless
# --keep-going; --rejects FILE lists every rejected row with its reason; the summary's
# last line counts them and says where the list is. Also: a Turkish spreadsheet's
# opening hours ("Hafta içi", "Pzt-Cum", "09.00") and day-first dates ("08.12.2026
# 10:30") load and plan.
set -u
. "$(dirname "$0")/lib.sh"
D="$SAHA_TEST_DATA/plan"
W="--start 2026-12-07 --time-limit 0 --iterations 1500 --seed 2"
cat >"$TMPD/acc.csv" <<'CSV'
id,name,lat,lon,value,probability,visit_minutes,opening_hours,must_visit,appointment
G1,Good one,40.1577,28.8349,5000,0.5,20,Hafta içi 09.00-18.00,,
G2,Turkish hours,40.1703,28.7885,7000,0.5,20,Pzt-Cum 08:30-17:30; Cmt 10:00-13:00; Pazar kapalı,,
AP,Dotted appointment,40.1900,28.9500,9000,0.5,30,,,08.12.2026 10:30
R1,Bad latitude,95,28.83,100,0.5,20,,,
R2,Must but bad value,40.16,28.84,-5,0.5,20,,true,
R3,Appointment but bad lon,40.16,200,100,0.5,20,,,2026-12-09 11:00
CSV

# refused: both promised rows named, with file:line and id; no export written
run "$SAHA" plan "$TMPD/acc.csv" --rep "$D/rep_ok.json" $W --csv "$TMPD/week.csv"
expect_status 2
expect_stderr_matches "acc.csv:6: rejected row 'R2' is a must-visit or has an appointment: fix the row \(value: negative"
expect_stderr_matches "acc.csv:7: rejected row 'R3' is a must-visit or has an appointment"
expect_stderr_not_matches "rejected row 'R1' is a must-visit"
expect_stderr_matches "keep-going"
expect_no_file "$TMPD/week.csv"

# --keep-going: planned without them, warned; the last line points to the reasons
run "$SAHA" plan "$TMPD/acc.csv" --rep "$D/rep_ok.json" $W --csv "$TMPD/week.csv" --keep-going
expect_status 0
expect_stderr_matches "warning: .*acc.csv:6: rejected row 'R2'.*planned without it"
expect_stdout_matches "^rows: 6 read = [0-9]+ planned \+ [0-9]+ skipped \+ 3 rejected \(reasons above; --rejects FILE lists them\)$"
last=$(tail -1 "$OUT")
case "$last" in "rows: "*"3 rejected"*) ok ;; *) bad "last summary line does not count the rejected rows: $last" ;; esac
# the Turkish-hours and dotted-date rows were read (not rejected) and the appointment kept
run python3 - "$TMPD/week.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
ap = [r for r in rows if r["id"] == "AP"]
assert ap, "appointment AP not planned"
assert ap[0]["date"] == "2026-12-08" and ap[0]["start"] == "10:30", ap[0]
print("ok")
PY
expect_status 0

# --rejects: every rejected row with its reason and the required flag
run "$SAHA" plan "$TMPD/acc.csv" --rep "$D/rep_ok.json" $W --keep-going --rejects "$TMPD/rej.csv"
expect_status 0
expect_stdout_matches "3 rejected \(listed in $TMPD/rej.csv\)$"
run python3 - "$TMPD/rej.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
got = {(r["line"], r["id"], r["field"], r["required"]) for r in rows}
want = {("5", "R1", "lat", "false"), ("6", "R2", "value", "true"), ("7", "R3", "lon", "true")}
assert got == want, got
assert all(r["reason"] for r in rows)
print("ok")
PY
expect_status 0
# the rejects file never goes over an input
run "$SAHA" plan "$TMPD/acc.csv" --rep "$D/rep_ok.json" $W --keep-going --rejects "$TMPD/acc.csv"
expect_status 2
run grep -c "Good one" "$TMPD/acc.csv"
expect_stdout_matches "^1$"
# a ';' file with unquoted opening-hours cells (OSM's own ';' split them into extra
# fields): rows whose extra fields read as opening hours are repaired with a warning
# naming file:line and saying to quote the cell; the others are rejected loudly, and a
# rejected must-visit among them stops the run
SH="$SAHA_TEST_DATA/accounts/semicolon_hours.csv"
run "$SAHA" plan "$SH" --rep "$D/rep_ok.json" $W --csv "$TMPD/semi.csv"
expect_status 2
expect_stderr_matches "warning: .*semicolon_hours.csv:3: hours: unquoted ';' in the cell split the row into 10 fields \(the header has 9\); read as 'Mo-Fr 09:00-18:00; Sa 10:00-13:00': quote the cell"
expect_stderr_matches "warning: .*semicolon_hours.csv:4: hours: .*11 fields.*read as 'Pzt-Cum 08:30-17:30; Cmt 10:00-13:00; Paz kapalı': quote the cell"
expect_stderr_matches "semicolon_hours.csv:5: row has 10 fields, the header has 9 \(an unquoted ';' inside a cell\? quote the cell\)"
expect_stderr_matches "semicolon_hours.csv:6: rejected row 'S5' is a must-visit or has an appointment"
expect_stderr_not_matches "rejected row 'S4' is a must-visit"
expect_no_file "$TMPD/semi.csv"
run "$SAHA" plan "$SH" --rep "$D/rep_ok.json" $W --csv "$TMPD/semi.csv" --keep-going --rejects "$TMPD/semi_rej.csv"
expect_status 0
expect_stdout_matches "^rows: 5 read = 3 planned \+ 0 skipped \+ 2 rejected"
run python3 - "$TMPD/semi.csv" "$TMPD/semi_rej.csv" <<'PY'
import csv, sys
text = open(sys.argv[1], encoding="utf-8-sig").read()
week = list(csv.DictReader(text.splitlines(), delimiter=";" if ";" in text.split("\n")[0] else ","))
ids = {r["id"] for r in week}
assert ids == {"S1", "S2", "S3"}, ids
rej = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"), delimiter=";"))
got = {(r["line"], r["id"], r["required"]) for r in rej}
assert got == {("5", "S4", "false"), ("6", "S5", "true")}, got
print("ok")
PY
expect_status 0
# the repaired rows are written back whole, their hours cell quoted, the rest unshifted
run "$SAHA" geocode "$SH" --no-cache --endpoint http://127.0.0.1:9 -o "$TMPD/semi_back.csv"
expect_status 0
run python3 - "$TMPD/semi_back.csv" <<'PY'
import csv, sys
rows = {r["id"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";")}
assert rows["S2"]["opening_hours"] == "Mo-Fr 09:00-18:00; Sa 10:00-13:00", rows["S2"]
assert rows["S2"]["must_visit"] == "evet" and rows["S2"]["notes"] == "ring first", rows["S2"]
assert rows["S3"]["opening_hours"] == "Pzt-Cum 08:30-17:30; Cmt 10:00-13:00; Paz kapalı", rows["S3"]
print("ok")
PY
expect_status 0
finish
