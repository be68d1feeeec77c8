#!/usr/bin/env bash
# .xlsx account files: the sample CSV, turned into a workbook by LibreOffice here (with
# its date cells, numbers and text), loads with the same rows and plans the same week
# byte for byte, and so does the same workbook with inline strings and the 1904 date
# base (and not with the 1904 serials read in the 1900 base); --sheet picks a sheet by name (here the call list of a workbook saha
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

# the same workbook with inline strings (no shared-strings part) and the 1904 date
# base (its date cells' serials 1462 days smaller): the same rows and the same week;
# with the serials moved but the base flag left at 1900, the dates are four years
# off and the week is another (the flag is what is read)
cat >"$TMPD/to1904.py" <<'EOF'
import decimal, re, sys, zipfile
src, dst, flag = sys.argv[1], sys.argv[2], sys.argv[3] == "1904"
zi = zipfile.ZipFile(src)
shared = zi.read("xl/sharedStrings.xml").decode()
strings = re.findall(r"<si>(.*?)</si>", shared, re.S)
sheet = zi.read("xl/worksheets/sheet1.xml").decode()
heads = {}
for m in re.finditer(r'<c r="([A-Z]+)1"[^>]*t="s"[^>]*><v>(\d+)</v></c>', sheet):
    heads[re.sub(r"<[^>]+>", "", strings[int(m.group(2))])] = m.group(1)
dates = {heads["appointment"], heads["last_visit"]}
n_inline = n_dates = 0
def cell(m):
    global n_inline, n_dates
    col, row, attrs, body = m.group(1), m.group(2), m.group(3), m.group(4)
    if 't="s"' in attrs:
        n_inline += 1
        i = int(re.search(r"<v>(\d+)</v>", body).group(1))
        return '<c r="%s%s"%s><is>%s</is></c>' % (
            col, row, attrs.replace('t="s"', 't="inlineStr"'), strings[i])
    v = re.search(r"<v>([^<]+)</v>", body)
    if col in dates and row != "1" and v and ("t=" not in attrs or 't="n"' in attrs):
        n_dates += 1
        d = decimal.Decimal(v.group(1)) - 1462
        return '<c r="%s%s"%s><v>%s</v></c>' % (col, row, attrs, d)
    return m.group(0)
sheet = re.sub(r'<c r="([A-Z]+)(\d+)"((?:\s+[a-z:]+="[^"]*")*)>(.*?)</c>', cell, sheet, flags=re.S)
assert n_inline > 1000 and n_dates > 10, (n_inline, n_dates)
wb = zi.read("xl/workbook.xml").decode()
wb = re.sub(r'date1904="[^"]*"', 'date1904="%s"' % ("true" if flag else "false"), wb)
rels = re.sub(r'<Relationship [^>]*sharedStrings[^>]*/>', "",
              zi.read("xl/_rels/workbook.xml.rels").decode())
ct = re.sub(r'<Override [^>]*sharedStrings[^>]*/>', "", zi.read("[Content_Types].xml").decode())
zo = zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED)
for i in zi.infolist():
    if i.filename == "xl/sharedStrings.xml":
        continue
    data = {"xl/worksheets/sheet1.xml": sheet, "xl/workbook.xml": wb,
            "xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": ct}.get(i.filename)
    zo.writestr(i, data if data is not None else zi.read(i.filename))
zo.close()
print(n_inline, "inline strings,", n_dates, "date cells")
EOF
run python3 "$TMPD/to1904.py" "$TMPD/acc.xlsx" "$TMPD/acc1904.xlsx" 1904
expect_status 0
[ "$STATUS" = 0 ] || cat "$ERR" >&2
run "$SAHA" plan "$TMPD/acc1904.xlsx" $P --csv "$TMPD/from_1904.csv" --unvisited "$TMPD/u3.csv"
expect_status 0
expect_eq "$(grep -oE '[0-9]+ rows read, [0-9]+ accounts, [0-9]+ rejected' "$ERR")" "$rows_csv" \
  "rows read from the 1904, inline-string workbook"
if cmp -s "$TMPD/from_csv.csv" "$TMPD/from_1904.csv"; then ok; else
  bad "the 1904, inline-string workbook plans another week than the CSV"
  diff "$TMPD/from_csv.csv" "$TMPD/from_1904.csv" | head -5 >&2; fi
if cmp -s "$TMPD/u1.csv" "$TMPD/u3.csv"; then ok; else bad "unvisited lists differ (1904)"; fi
run python3 "$TMPD/to1904.py" "$TMPD/acc.xlsx" "$TMPD/acc1900.xlsx" 1900
expect_status 0
run "$SAHA" plan "$TMPD/acc1900.xlsx" $P --keep-going --csv "$TMPD/from_1900.csv"
if cmp -s "$TMPD/from_csv.csv" "$TMPD/from_1900.csv"; then
  bad "dates 1462 days off plan the same week: the date base is not what is read"; else ok; fi
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
