#!/usr/bin/env bash
# .xlsx account files: the sample CSV, turned into a workbook by LibreOffice here (with
# its date cells, numbers and text), loads with the same rows and plans the same week
# byte for byte; --sheet picks a sheet by name (here the call list of a workbook saha
# wrote); a missing sheet, a damaged package and a sheet without an id column fail with
# exit 2 and say why. An old .xls workbook (made by LibreOffice here), as accounts,
# reps, a matrix file, or renamed .csv, is refused by name: exit 2, nothing written.
set -u
. "$(dirname "$0")/lib.sh"
require soffice libreoffice-calc-nogui
M="$SAHA_SOURCE_DIR/maps/marmara"
P="--rep $M/rep.json --geocode-cache $M/geocode-cache.sqlite --start 2026-11-30 --iterations 800 --time-limit 0 --seed 2"
cp "$M/accounts.csv" "$TMPD/acc.csv"
(cd "$TMPD" && HOME="$TMPD" timeout 300 soffice --headless --norestore --infilter='CSV:44,34,76,1' \
   --convert-to xlsx acc.csv --outdir "$TMPD" >/dev/null 2>&1)
expect_file "$TMPD/acc.xlsx"
run "$SAHA" plan "$TMPD/acc.csv" $P --csv "$TMPD/from_csv.csv" --unvisited "$TMPD/u1.csv"
expect_status 0
rows_csv=$(grep -oE '[0-9]+ rows read, [0-9]+ accounts, [0-9]+ rejected' "$ERR")
run "$SAHA" plan "$TMPD/acc.xlsx" $P --csv "$TMPD/from_xlsx.csv" --unvisited "$TMPD/u2.csv"
expect_status 0
rows_xlsx=$(grep -oE '[0-9]+ rows read, [0-9]+ accounts, [0-9]+ rejected' "$ERR")
expect_eq "$rows_xlsx" "$rows_csv" "rows read from the workbook and the CSV"
if cmp -s "$TMPD/from_csv.csv" "$TMPD/from_xlsx.csv"; then ok; else
  bad "the workbook plans another week than the CSV"; diff "$TMPD/from_csv.csv" "$TMPD/from_xlsx.csv" | head -5 >&2; fi
if cmp -s "$TMPD/u1.csv" "$TMPD/u2.csv"; then ok; else bad "unvisited lists differ"; fi
# the appointments were date cells in the workbook and still fix their visits
run grep -c '2026-12-01,.*,10:30,' "$TMPD/from_xlsx.csv"
expect_stdout_matches '^[1-9]'

# --sheet: the call list of a workbook saha wrote is a sheet with an id column
run "$SAHA" plan "$TMPD/acc.csv" $P --xlsx "$TMPD/week.xlsx"
expect_status 0
run "$SAHA" plan "$TMPD/week.xlsx" --sheet "Call list" --rep "$M/rep.json" --start 2026-11-30 \
    --iterations 100 --time-limit 0 --unvisited "$TMPD/again.csv"
expect_status 0   # no coordinates in a call list: every row reported as no_coords
n_calls=$(($(wc -l <"$TMPD/u1.csv") - 1))
expect_stderr_matches "week.xlsx: $n_calls rows read, $n_calls accounts, 0 rejected"
expect_eq "$(tail -n +2 "$TMPD/again.csv" | cut -d, -f1 | sort)" "$(tail -n +2 "$TMPD/u1.csv" | cut -d, -f1 | sort)" "ids of the call list sheet"
run "$SAHA" matrix "$TMPD/week.xlsx" --sheet "Nope" -o "$TMPD/m2.csv"
expect_status 2
expect_stderr_matches "no sheet 'Nope' \(the workbook has 'Summary' and more\)"
run "$SAHA" matrix "$TMPD/week.xlsx" -o "$TMPD/m3.csv"   # Summary: no id column
expect_status 2
expect_stderr_matches "week.xlsx:1: no id column in the sheet's first row"
# a damaged package (cut in half): exit 2, no crash, nothing written
head -c 9000 "$TMPD/acc.xlsx" > "$TMPD/cut.xlsx"
run "$SAHA" plan "$TMPD/cut.xlsx" $P --csv "$TMPD/cut.csv"
expect_status 2
expect_stderr_matches "cut.xlsx: (not a readable .xlsx workbook|.*damaged)"
expect_no_file "$TMPD/cut.csv"

# .xls (Excel 97-2003, an OLE2 compound file): refused, whatever it is named or for
(cd "$TMPD" && HOME="$TMPD" timeout 300 soffice --headless --norestore --infilter='CSV:44,34,76,1' \
   --convert-to xls acc.csv --outdir "$TMPD" >/dev/null 2>&1)
expect_file "$TMPD/acc.xls"
expect_eq "$(head -c 8 "$TMPD/acc.xls" | od -An -tx1 | tr -d ' \n')" "d0cf11e0a1b11ae1" \
  "LibreOffice's .xls starts with the OLE2 signature"
XLS_MSG="old Excel \.xls format is not supported; save it as \.xlsx or \.csv$"
run "$SAHA" plan "$TMPD/acc.xls" $P --csv "$TMPD/xls.csv"
expect_status 2
expect_stderr_matches "^saha: $TMPD/acc\.xls: $XLS_MSG"
expect_no_file "$TMPD/xls.csv"
cp "$TMPD/acc.xls" "$TMPD/renamed.csv"
run "$SAHA" plan "$TMPD/renamed.csv" $P --csv "$TMPD/xls.csv"
expect_status 2
expect_stderr_matches "^saha: $TMPD/renamed\.csv: $XLS_MSG"
run "$SAHA" team "$TMPD/acc.csv" --reps "$TMPD/acc.xls" --out-dir "$TMPD/team-xls"
expect_status 2
expect_stderr_matches "acc\.xls: $XLS_MSG"
expect_no_file "$TMPD/team-xls/team.csv"
run "$SAHA" matrix "$TMPD/acc.csv" -o "$TMPD/m-xls.csv" \
    --provider file --matrix "$TMPD/acc.xls"
expect_status 2
expect_stderr_matches "acc\.xls: $XLS_MSG"
expect_no_file "$TMPD/m-xls.csv"
finish
