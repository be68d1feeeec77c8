#!/usr/bin/env bash
# Real data in: the export of each CRM (Salesforce report, HubSpot companies, Dynamics
# 365 accounts, Zoho deals, Pipedrive organizations) and a Turkish Excel file (BOM, ';',
# decimal comma, Turkish headers, hours and a day-first date) load with no flag: every
# row an account with coordinates, the summary says which column became which field and
# which were not read, and the plan passes the outside checker. --columns maps what the
# aliases do not know, from a spec or a file, with clear errors. The team's team.csv
# and the travel matrix are written in the Turkish file's dialect too, and read back.
set -u
. "$(dirname "$0")/lib.sh"
C="$SAHA_TEST_DATA/accounts/crm"
REP="$SAHA_TEST_DATA/plan/rep_ok.json"
CHECK="python3 $(dirname "$0")/plan_check.py"
W="--start 2026-12-07 --time-limit 0 --iterations 800 --seed 4"

# file  objective  a column->field pair the summary must name
for spec in "salesforce_report.csv profit 'Billing Latitude' -> lat" \
            "hubspot_companies.csv profit 'Record ID' -> id" \
            "dynamics_accounts.csv cost 'Address 1: Latitude' -> lat" \
            "zoho_deals.csv profit 'Probability (%)' -> probability" \
            "pipedrive_organizations.csv profit 'Organization - Name' -> name" \
            "turkish_excel.csv profit 'Çalışma Saatleri' -> hours"; do
  f=${spec%% *}; rest=${spec#* }; obj=${rest%% *}; pair=${rest#* }
  run "$SAHA" plan "$C/$f" --rep "$REP" $W --objective "$obj" --csv "$TMPD/$f.week.csv" \
      --unvisited "$TMPD/$f.unv.csv"
  expect_status 0
  expect_stderr_matches "$f: 6 rows read, 6 accounts, 0 rejected, 0 without coordinates"
  expect_stderr_matches "columns read as fields:.*$(printf '%s' "$pair" | sed 's/[()]/\\&/g')"
  expect_stdout_matches "^rows: 6 read = [1-9][0-9]* planned"
  # the checker reads canonical headers: the id column renamed by a table written
  # here (not saha's aliases); the Turkish file has a hand-translated twin
  case "$f" in
    turkish_excel.csv) canon="$C/turkish_excel.canonical.csv" ;;
    *) canon="$TMPD/$f.canon.csv"
       python3 - "$C/$f" "$canon" <<'PY'
import csv, sys
idcol = {"salesforce_report.csv": "Account ID", "hubspot_companies.csv": "Record ID",
         "dynamics_accounts.csv": "(Do Not Modify) Account", "zoho_deals.csv": "Record Id",
         "pipedrive_organizations.csv": "Organization - ID"}[sys.argv[1].rsplit("/", 1)[1]]
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id"])
    for r in rows:
        w.writerow([r[idcol]])
PY
       ;;
  esac
  run $CHECK "$TMPD/$f.week.csv" "$canon" "$REP" "$TMPD/$f.unv.csv" --start 2026-12-07
  expect_status 0
  expect_stdout_matches ', 0 problems$'
done
# what was not read is named too
run "$SAHA" plan "$C/salesforce_report.csv" --rep "$REP" $W --csv "$TMPD/x.csv"
expect_stderr_matches "columns not read \(kept as they are\): 'Type', 'Close Date'$"
# a Phone column is the phone field (the HTML report's tel: links)
expect_stderr_matches "'Phone' -> phone"
# the Turkish file: decimal-comma value read whole, the appointment kept at Tue 10:30
run python3 - "$TMPD/turkish_excel.csv.week.csv" <<'PY'
import csv, sys
rows = {r["id"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";")}
assert rows["TR002"]["date"] == "2026-12-08" and rows["TR002"]["start"] == "10:30", rows.get("TR002")
assert "TR004" in rows, "must-visit (Zorunlu: evet) not planned"
print("ok")
PY
expect_status 0

# CSV outputs follow the input's dialect: the Turkish Excel file (BOM, ';', decimal
# comma) gives the same in the itinerary and the unvisited list; a ',' file stays ','
T="$TMPD/turkish_excel.csv"
for f in week unv; do
  run python3 - "$T.$f.csv" <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
assert b.startswith(b"\xef\xbb\xbf"), "no BOM"
head = b[3:].split(b"\n", 1)[0].decode()
assert head.startswith("day;date;seq;id;name;lat;lon;") or head.startswith("id;name;reason;"), head
assert "," not in head and not head.endswith("\r"), head
print("ok")
PY
  expect_status 0
done
# decimal commas in the numbers, times and dates untouched, Turkish letters intact
expect_eq "$(sed -n 2p "$T.week.csv" | cut -d';' -f6 | grep -cE '^[0-9]+,[0-9]{6}$')" 1 "lat with a decimal comma"
expect_eq "$(grep -c 'TR002;.*;10:30;' "$T.week.csv")" 1 "appointment row in the ';' itinerary"
run head -1 "$TMPD/salesforce_report.csv.week.csv"
expect_stdout_matches '^day,date,seq,id,name,lat,lon,'
# --csv-dialect chooses: each name gives its delimiter, decimal mark, BOM and line end
for d in plain rfc4180 excel excel-tr; do
  run "$SAHA" plan "$C/turkish_excel.csv" --rep "$REP" $W --csv "$TMPD/d-$d.csv" \
    --unvisited "$TMPD/u-$d.csv" --csv-dialect "$d" -q
  expect_status 0
  run python3 - "$TMPD/d-$d.csv" "$d" <<'PY'
import csv, io, sys
b = open(sys.argv[1], "rb").read()
want = {"plain": (",", ".", False, False), "rfc4180": (",", ".", False, True),
        "excel": (",", ".", True, True), "excel-tr": (";", ",", True, True)}[sys.argv[2]]
delim, dec, bom, crlf = want
assert b.startswith(b"\xef\xbb\xbf") == bom, "BOM"
text = b.decode("utf-8-sig")
lines = text.split("\n")
assert all(l.endswith("\r") == crlf for l in lines[:-1]), "line ends"
rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delim))
assert len(rows) >= 4 and "lat" in rows[0], rows[:1]
for r in rows:
    assert r["lat"].count(dec) == 1 and r["drive_km"].count(dec) == 1, r
print("ok")
PY
  expect_status 0
done
# the same plan whatever the dialect: excel-tr read back equals plain
run python3 - "$TMPD/d-plain.csv" "$TMPD/d-excel-tr.csv" <<'PY'
import csv, io, sys
a = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
t = open(sys.argv[2], encoding="utf-8-sig", newline="").read()
b = list(csv.reader(io.StringIO(t, newline=""), delimiter=";"))
num = lambda v: v.replace(",", ".") if v.replace(",", "").replace("-", "").isdigit() else v
assert len(a) == len(b)
for x, y in zip(a, b):
    assert x == [num(v) for v in y], (x, y)
print("ok")
PY
expect_status 0
run "$SAHA" plan "$C/turkish_excel.csv" --rep "$REP" $W --csv "$TMPD/bad.csv" --csv-dialect excel-fr
expect_status 2
expect_stderr_matches "csv-dialect: 'excel-fr' is not one of auto, plain, rfc4180, excel, excel-tr"
# geocode writes the account file back in the input's dialect (BOM kept), or as told
run "$SAHA" geocode "$C/turkish_excel.csv" --no-cache --endpoint http://127.0.0.1:9 -o "$TMPD/back.csv"
expect_status 0
expect_eq "$(head -c 3 "$TMPD/back.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" "BOM kept on write-back"
run "$SAHA" geocode "$C/turkish_excel.csv" --no-cache --endpoint http://127.0.0.1:9 -o "$TMPD/back2.csv" --csv-dialect plain
expect_status 0
expect_eq "$(head -c 3 "$TMPD/back2.csv")" "Kod" "plain: no BOM"

# --columns: a header the aliases do not know
printf 'No,Firma Adı,Ciro,y,x\nK1,Alfa,9000,40.19,29.05\nK2,Beta,8000,40.21,29.01\n' > "$TMPD/custom.csv"
run "$SAHA" plan "$TMPD/custom.csv" --rep "$REP" $W --csv "$TMPD/c.csv"
expect_status 2   # no id column
run "$SAHA" plan "$TMPD/custom.csv" --rep "$REP" $W --csv "$TMPD/c.csv" \
    --columns 'id=No,name="Firma Adı",value=Ciro'
expect_status 0
expect_stderr_matches "'No' -> id, 'Firma Adı' -> name, 'Ciro' -> value"
run grep -c ',K[12],' "$TMPD/c.csv"
expect_stdout_matches '^2$'
# the same from a file (headers to the end of the line, commas and quotes allowed)
printf '# columns of our ERP export\nid=No\nname=Firma Adı\nvalue=Ciro\n' > "$TMPD/cols.txt"
run "$SAHA" plan "$TMPD/custom.csv" --rep "$REP" $W --csv "$TMPD/c2.csv" --columns "$TMPD/cols.txt"
expect_status 0
expect_eq "$(cat "$TMPD/c2.csv")" "$(cat "$TMPD/c.csv")" "spec and file give the same plan"
# a mapped column wins over an alias: 'Kod' would be id, but id=No says otherwise
printf 'Kod,No,lat,lon,value\nA,N1,40.19,29.05,100\n' > "$TMPD/both.csv"
run "$SAHA" matrix "$TMPD/both.csv" --columns id=No -o "$TMPD/m.csv"
expect_status 0
expect_stderr_matches "'No' -> id"
expect_stderr_matches "columns not read \(kept as they are\): 'Kod'"
# errors: unknown field, missing header, malformed spec (exit 2, named)
run "$SAHA" plan "$TMPD/custom.csv" --rep "$REP" $W --columns 'colour=No'
expect_status 2
expect_stderr_matches "columns: unknown field 'colour'"
run "$SAHA" plan "$TMPD/custom.csv" --rep "$REP" $W --columns 'id=Numara'
expect_status 2
expect_stderr_matches "custom.csv:1: columns: id: no column 'numara' in the header"
run "$SAHA" territory "$TMPD/custom.csv" -k 1 -o "$TMPD/t.csv" --columns 'id'
expect_status 2
expect_stderr_matches "columns: want FIELD=HEADER"
run "$SAHA" geocode "$TMPD/custom.csv" -o "$TMPD/g.csv" --offline --columns 'id="No'
expect_status 2
expect_stderr_matches "unclosed quote"

# team.csv and the matrix file follow the input's dialect (BOM, ';', decimal comma),
# --csv-dialect overrides, and what saha wrote it reads back
TX="$C/turkish_excel.csv"
TW="--start 2026-12-07 --time-limit 0 --iterations 300 --seed 4 --unassigned assign"
TREPS="$SAHA_TEST_DATA/team/reps.csv"
run "$SAHA" team "$TX" --reps "$TREPS" $TW --out-dir "$TMPD/team1"
expect_status 0
expect_eq "$(head -c 3 "$TMPD/team1/team.csv" | od -An -tx1 | tr -d ' \n')" "efbbbf" "team.csv BOM"
run sed -n '1p;/^bur;/p' "$TMPD/team1/team.csv"
expect_stdout_matches '^.?.?.?id;name;accounts;visits;km;drive_h;work_h;value_won;'
expect_stdout_matches '^bur;[^;]*;[0-9]+;[0-9]+;[0-9]+,[0-9];[0-9]+,[0-9]{2};[0-9]+,[0-9]{2};[0-9]+,[0-9]{2};'
# assignment.csv is in the dialect too; its shards merged give the same team.csv bytes
# as one run over it (the merge reads the decimal commas back)
run head -1 "$TMPD/team1/assignment.csv"
expect_stdout_matches ';assigned_rep;assign_reason'
TA="$TMPD/team1/assignment.csv"
TW1="--start 2026-12-07 --time-limit 0 --iterations 300 --seed 4"
run "$SAHA" team "$TA" --reps "$TREPS" $TW1 --out-dir "$TMPD/team3"
expect_status 0
run "$SAHA" team "$TA" --reps "$TREPS" $TW1 --shard 0/2 --out-dir "$TMPD/sh0"
expect_status 0
run "$SAHA" team "$TA" --reps "$TREPS" $TW1 --shard 1/2 --out-dir "$TMPD/sh1"
expect_status 0
run "$SAHA" team merge "$TMPD/sh0" "$TMPD/sh1" --out-dir "$TMPD/merged"
expect_status 0
cmp -s "$TMPD/merged/team.csv" "$TMPD/team3/team.csv" && ok ||
  { bad "merged team.csv differs from the one-process run"; diff "$TMPD/team3/team.csv" "$TMPD/merged/team.csv" | head -5 >&2; }
grep -q '^bur;.*;[0-9]*,[0-9];' "$TMPD/merged/team.csv" && ok || bad "merged team.csv lost the decimal commas"
run "$SAHA" team "$TX" --reps "$TREPS" $TW --out-dir "$TMPD/team2" --csv-dialect plain
expect_status 0
run head -1 "$TMPD/team2/team.csv"
expect_stdout_matches '^id,name,accounts,'
# the matrix: ';' with decimal commas, and plan --provider file reads it back to the
# same week as the plain matrix
run "$SAHA" matrix "$TX" --rep "$REP" -o "$TMPD/m-tr.csv"
expect_status 0
run sed -n '1,2p' "$TMPD/m-tr.csv"
expect_stdout_matches '^.?.?.?from_id;to_id;duration_s;distance_m$'
expect_stdout_matches '^TR[0-9]+;(TR[0-9]+|HOME);[0-9]+,[0-9];[0-9]+,[0-9]$'
run "$SAHA" matrix "$TX" --rep "$REP" -o "$TMPD/m-plain.csv" --csv-dialect plain
expect_status 0
run head -1 "$TMPD/m-plain.csv"
expect_stdout_matches '^from_id,to_id,duration_s,distance_m$'
for m in tr plain; do
  run "$SAHA" plan "$TX" --rep "$REP" $W --provider file --matrix "$TMPD/m-$m.csv" \
      --csv "$TMPD/wk-$m.csv" --csv-dialect plain
  expect_status 0
done
cmp -s "$TMPD/wk-tr.csv" "$TMPD/wk-plain.csv" && ok || bad "the ';' matrix plans another week"
expect_eq "$(csv_column "$TMPD/wk-tr.csv" drive_source | sort -u)" "road" "legs from the matrix file"
finish
