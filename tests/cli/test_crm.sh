#!/usr/bin/env bash
# Real data in: the export of each CRM (Salesforce report, HubSpot companies, Dynamics
# 365 accounts, Zoho deals, Pipedrive organizations) and a Turkish Excel file (BOM, ';',
# decimal comma, Turkish headers, hours and a day-first date) load with no flag: every
# row an account with coordinates, the summary says which column became which field and
# which were not read, and the plan passes the outside checker. --columns maps what the
# aliases do not know, from a spec or a file, with clear errors.
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
rows = {r["id"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
assert rows["TR002"]["date"] == "2026-12-08" and rows["TR002"]["start"] == "10:30", rows.get("TR002")
assert "TR004" in rows, "must-visit (Zorunlu: evet) not planned"
print("ok")
PY
expect_status 0

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
finish
