#!/usr/bin/env bash
# saha plan --xlsx: the workbook, read back by LibreOffice (soffice --headless
# --convert-to csv, every sheet), shows the same cells as the RFC 4180 itinerary CSV
# and unvisited list of the same run: a sheet per working day with one row per visit
# (every column of the itinerary CSV: the lunch, the waits, the nights, the re-plan's
# columns, drive_source),
# the call list most valuable first, the summary's visit count; phone numbers stay text
# (a leading zero and spaces survive). The same for a re-plan (etags carried, sequence
# raised). Probes: one wrong cell in any of the CSV's columns of a day sheet, and one
# wrong number in the workbook's XML, fail the comparison. The Excel-dialect CSVs
# (excel, excel-tr), opened by LibreOffice, have the RFC 4180 CSV's cells, numbers as
# numbers (probed with one wrong cell). A bad path fails cleanly (exit 1, no file).
set -u
. "$(dirname "$0")/lib.sh"
require soffice libreoffice-calc-nogui
M="$SAHA_SOURCE_DIR/maps/marmara"
# the sample with a phone column (leading zero: a number cell would lose it)
python3 - "$M/accounts.csv" "$TMPD/acc.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()) + ["phone"])
    w.writeheader()
    for i, r in enumerate(rows):
        r["phone"] = "0224 555 %02d %02d" % (i // 100, i % 100)
        w.writerow(r)
PY
run "$SAHA" plan "$TMPD/acc.csv" --rep "$M/rep.json" --geocode-cache "$M/geocode-cache.sqlite" \
    --start 2026-11-30 --iterations 1500 --time-limit 0 --seed 3 \
    --xlsx "$TMPD/week.xlsx" --csv "$TMPD/week.csv" --unvisited "$TMPD/unv.csv"
expect_status 0
expect_file "$TMPD/week.xlsx"
# an Office Open XML package: a zip whose first entry is [Content_Types].xml
run python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); n=z.namelist(); assert \"xl/workbook.xml\" in n and \"[Content_Types].xml\" in n, n; print(len(n))" "$TMPD/week.xlsx"
expect_status 0
# cmp.py LO ITINERARY UNVISITED [need...]: the sheets LibreOffice read back (LO, one CSV
# a sheet) against the RFC 4180 outputs of the same run; every column of the itinerary
# CSV is compared on the day sheets. A need (lunch, wait, night, etag, sequence) says
# the run must have such a cell, so that the comparison of that column is not only of
# empty cells.
cat >"$TMPD/cmp.py" <<'PY'
import csv, datetime, glob, os, sys
lo, itin, unv = sys.argv[1:4]
needs = set(sys.argv[4:])
def sheet(name):
    p = glob.glob(os.path.join(lo, "*-" + name + ".csv"))
    assert len(p) == 1, (name, os.listdir(lo))
    return list(csv.DictReader(open(p[0], encoding="utf-8")))
def num(s):
    return float(s.replace(",", ""))
rows = list(csv.DictReader(open(itin, encoding="utf-8")))
days = {}
for r in rows:
    days.setdefault(r["date"], []).append(r)
wd = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
checked = 0
seen = dict.fromkeys(("lunch", "wait", "night", "etag", "sequence"), 0)
for date, want in days.items():
    d = datetime.date.fromisoformat(date)
    got = sheet("%s %s" % (wd[d.weekday()], date))
    assert len(got) == len(want), (date, len(got), len(want))
    for g, w in zip(got, want):
        assert g["phone"].startswith("0224 555 "), g["phone"]
        # every column of the CSV is on the day sheet with the same cell: numbers
        # within half a unit of the CSV's last digit, the rest (times shown hh:mm,
        # dates, ids, phone numbers, lunch, nights, uid, etag) as text
        for k in w:
            assert k in g, ("day sheet lacks the CSV column", k)
            tol = {"drive_km": 0.051, "drive_min": 0.51, "value": 0.0051, "lat": 5e-7,
                   "lon": 5e-7}.get(k)
            if tol is not None:
                assert abs(num(g[k]) - num(w[k])) <= tol, (date, w["id"], k, g[k], w[k])
            elif k in ("day", "seq", "wait_min", "visit_min", "sequence"):
                assert num(g[k]) == num(w[k]), (date, w["id"], k, g[k], w[k])
            else:
                assert g[k] == w[k], (date, w["id"], k, g[k], w[k])
        seen["lunch"] += w["lunch"] != ""
        seen["wait"] += num(w["wait_min"]) > 0
        seen["night"] += w["night_before"] != "" or w["night_after"] != ""
        seen["etag"] += w["etag"] != ""
        seen["sequence"] += num(w["sequence"]) > 0
        checked += 1
calls = sheet("Call list")
u = list(csv.DictReader(open(unv, encoding="utf-8")))
assert sorted(c["id"] for c in calls) == sorted(r["id"] for r in u)
vals = [num(c["value"]) for c in calls]
assert vals == sorted(vals, reverse=True), "call list not by value"
byid = {r["id"]: r for r in u}
for c in calls:
    assert c["reason"] == byid[c["id"]]["reason"] and c["detail"] == byid[c["id"]]["detail"]
    assert abs(num(c["value"]) - num(byid[c["id"]]["value"])) <= 0.0051
summ = sheet("Summary")
week = [s for s in summ if s["day"] == "week"][0]
assert int(num(week["visits"])) == len(rows), (week, len(rows))
# the sample rep takes lunch every day
if "lunch" in needs:
    assert seen["lunch"] == len(days), ("lunches", seen["lunch"], "days", len(days))
for n in needs:
    assert seen[n] > 0, ("no %s cell: that column was not really compared" % n)
print("ok", checked, "visits", len(calls), "calls",
      " ".join("%d %s" % (seen[n], n) for n in sorted(needs)))
PY
# lo_csv XLSX DIR: every sheet of XLSX to its own CSV in DIR, cells as shown (UTF-8,
# comma, quoted text)
lo_csv() {
  mkdir -p "$2"
  (cd "$TMPD" && HOME="$TMPD" timeout 300 soffice --headless --norestore \
     --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
     "$1" --outdir "$2" >/dev/null 2>&1)
}
lo_csv "$TMPD/week.xlsx" "$TMPD/lo"
ls "$TMPD/lo" > "$TMPD/sheets"
run grep -c '' "$TMPD/sheets"
expect_stdout_matches '^7$'   # Summary, Mo..Fr, Call list
run python3 "$TMPD/cmp.py" "$TMPD/lo" "$TMPD/week.csv" "$TMPD/unv.csv" lunch wait night
expect_status 0
expect_stdout_matches '^ok [0-9]+ visits [0-9]+ calls [1-9][0-9]* lunch [1-9][0-9]* night [1-9][0-9]* wait$'
[ "$STATUS" = 0 ] || cat "$ERR" >&2

# probes: one wrong cell on a day sheet fails the comparison, for every column of the
# itinerary CSV (the first visit of the first day, changed by 7 units or a letter)
run python3 - "$TMPD/lo" "$TMPD/week.csv" "$TMPD/unv.csv" "$TMPD/cmp.py" "$TMPD/probe" <<'PY'
import csv, glob, os, shutil, subprocess, sys
lo, itin, unv, cmp, work = sys.argv[1:6]
cols = list(csv.DictReader(open(itin, encoding="utf-8")).fieldnames)
first = sorted(glob.glob(os.path.join(lo, "*-?? ????-??-??.csv")))[0]
missed = []
for k in cols:
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(lo, work)
    p = os.path.join(work, os.path.basename(first))
    rows = list(csv.reader(open(p, encoding="utf-8")))
    j = rows[0].index(k)
    try:
        rows[1][j] = "%g" % (float(rows[1][j].replace(",", "")) + 7)
    except ValueError:
        rows[1][j] += "x"
    with open(p, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    r = subprocess.run([sys.executable, cmp, work, itin, unv], capture_output=True)
    if r.returncode == 0:
        missed.append(k)
print("columns probed", len(cols), "missed", missed)
sys.exit(1 if missed or len(cols) < 27 else 0)
PY
expect_status 0
expect_stdout_matches "^columns probed [0-9]+ missed \[\]$"
[ "$STATUS" = 0 ] || cat "$OUT" >&2
# ... and a wrong cell in the workbook itself (the first day sheet's first drive_km
# number, changed in its XML) fails it once LibreOffice has read the workbook back
run python3 - "$TMPD/week.xlsx" "$TMPD/bad.xlsx" <<'PY'
import re, sys, zipfile
zi = zipfile.ZipFile(sys.argv[1])
names = zi.namelist()
wb = zi.read("xl/workbook.xml").decode()
rels = zi.read("xl/_rels/workbook.xml.rels").decode()
# the second sheet of the workbook is the first day (Summary comes first)
rid = re.findall(r'<sheet [^>]*r:id="([^"]+)"', wb)[1]
target = re.search(r'Id="%s"[^>]*Target="([^"]+)"' % rid, rels) or \
         re.search(r'Target="([^"]+)"[^>]*Id="%s"' % rid, rels)
path = "xl/" + target.group(1).lstrip("/").replace("xl/", "")
xml = zi.read(path).decode()
shared = zi.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in names else ""
strings = [re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<si>(.*?)</si>", shared, re.S)]
def text(c):
    v = re.search(r"<v>([^<]*)</v>", c)
    if 't="s"' in c and v:
        return strings[int(v.group(1))]
    t = re.search(r"<t[^>]*>([^<]*)</t>", c)
    return t.group(1) if t else (v.group(1) if v else "")
heads = {text(m.group(0)): m.group(1)
         for m in re.finditer(r'<c r="([A-Z]+)1"[^>]*?(?:/>|>.*?</c>)', xml, re.S)}
col = heads["drive_km"]
new, n = re.subn(r'(<c r="%s2"[^>]*><v>)([^<]*)(</v>)' % col,
                 lambda m: m.group(1) + repr(float(m.group(2)) + 7) + m.group(3), xml, count=1)
assert n == 1, "no number cell %s2" % col
zo = zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED)
for i in zi.infolist():
    zo.writestr(i, new if i.filename == path else zi.read(i.filename))
zo.close()
PY
expect_status 0
lo_csv "$TMPD/bad.xlsx" "$TMPD/lobad"
run python3 "$TMPD/cmp.py" "$TMPD/lobad" "$TMPD/week.csv" "$TMPD/unv.csv"
expect_status 1
expect_stderr_matches "drive_km"

# a re-plan (from Wednesday, Thursday off): the previous plan's etags are carried and
# the moved visits' sequence goes up; the day sheets show them as the CSV does
python3 - "$TMPD/week.csv" "$TMPD/prev.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    for r in rows:
        r["etag"] = '"e-%s"' % r["id"]
        w.writerow(r)
PY
run "$SAHA" plan "$TMPD/acc.csv" --rep "$M/rep.json" --geocode-cache "$M/geocode-cache.sqlite" \
    --start 2026-11-30 --iterations 1500 --time-limit 0 --seed 3 --previous "$TMPD/prev.csv" \
    --from "2026-12-02 08:00" --off 2026-12-03 \
    --xlsx "$TMPD/re.xlsx" --csv "$TMPD/re.csv" --unvisited "$TMPD/reunv.csv"
expect_status 0
lo_csv "$TMPD/re.xlsx" "$TMPD/lore"
run python3 "$TMPD/cmp.py" "$TMPD/lore" "$TMPD/re.csv" "$TMPD/reunv.csv" etag sequence
expect_status 0
expect_stdout_matches '^ok [0-9]+ visits [0-9]+ calls [1-9][0-9]* etag [1-9][0-9]* sequence$'
[ "$STATUS" = 0 ] || cat "$ERR" >&2
# the Excel-dialect CSVs (excel: ',' '.' BOM CR LF; excel-tr: ';' decimal comma BOM
# CR LF), opened by LibreOffice as a spreadsheet would open them (excel-tr with the
# Turkish locale) and saved back: every cell is the RFC 4180 CSV's, numbers as number
# cells (unquoted in what LibreOffice writes), text with its Turkish letters
run "$SAHA" plan "$TMPD/acc.csv" --rep "$M/rep.json" --geocode-cache "$M/geocode-cache.sqlite" \
    --start 2026-11-30 --iterations 1500 --time-limit 0 --seed 3 --csv-dialect rfc4180 \
    --csv "$TMPD/rfc.csv" --quiet
expect_status 0
cat >"$TMPD/dialect.py" <<'PY'
import csv, sys
want_p, got_p = sys.argv[1:3]
want = list(csv.reader(open(want_p, newline="", encoding="utf-8")))
# (value, quoted) cells of each line: LibreOffice quotes every text cell ("true" in
# the filter options), never a number; no cell here spans lines
def cells(line):
    out, i = [], 0
    while True:
        if line.startswith('"', i):
            j, v = i + 1, []
            while True:
                k = line.index('"', j)
                v.append(line[j:k])
                if line.startswith('""', k):
                    v.append('"')
                    j = k + 2
                else:
                    break
            out.append(("".join(v), True))
            i = k + 1
        else:
            k = line.find(",", i)
            out.append((line[i:] if k < 0 else line[i:k], False))
            i = len(line) if k < 0 else k
        if i >= len(line):
            return out
        i += 1  # the comma
        if i == len(line):
            out.append(("", False))
            return out
raw = open(got_p, newline="", encoding="utf-8").read().splitlines()
gotq = [cells(l) for l in raw]
got = [[c for c, _ in r] for r in gotq]
assert len(got) == len(want), ("rows", len(got), len(want))
assert got[0] == want[0], ("header", got[0][:3], want[0][:3])
nums = 0
for i, (g, w) in enumerate(zip(got, want)):
    assert len(g) == len(w), (i, len(g), len(w))
    for j, (a, b) in enumerate(zip(g, w)):
        try:
            v = float(b)
        except ValueError:
            v = None
        if i > 0 and v is not None:
            assert not gotq[i][j][1], ("a number read as text", i, want[0][j], a)
            assert abs(float(a) - v) <= 1e-9 * max(1.0, abs(v)), (i, w[0], want[0][j], a, b)
            nums += 1
        else:
            assert a == b, (i, want[0][j], a, b)
print("ok", len(want) - 1, "rows", nums, "numbers")
PY
for d in excel excel-tr; do
  case $d in excel) in=44; lang=1033 ;; excel-tr) in=59; lang=1055 ;; esac
  run "$SAHA" plan "$TMPD/acc.csv" --rep "$M/rep.json" --geocode-cache "$M/geocode-cache.sqlite" \
      --start 2026-11-30 --iterations 1500 --time-limit 0 --seed 3 --csv-dialect $d \
      --csv "$TMPD/$d.csv" --quiet
  expect_status 0
  head -c3 "$TMPD/$d.csv" | od -An -tx1 | grep -q 'ef bb bf' && ok || bad "$d: no BOM"
  mkdir -p "$TMPD/lo-$d"
  (cd "$TMPD" && HOME="$TMPD" timeout 300 soffice --headless --norestore \
     --infilter="CSV:$in,34,76,1,,$lang,false,false" \
     --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,true,true' \
     "$TMPD/$d.csv" --outdir "$TMPD/lo-$d" >/dev/null 2>&1)
  run python3 "$TMPD/dialect.py" "$TMPD/rfc.csv" "$TMPD/lo-$d/$d.csv"
  expect_status 0
  expect_stdout_matches '^ok [1-9][0-9]* rows [1-9][0-9]* numbers$'
  [ "$STATUS" = 0 ] || cat "$ERR" >&2
done
# probe: one cell changed in what LibreOffice read (a distance) fails the comparison
python3 - "$TMPD/lo-excel-tr/excel-tr.csv" "$TMPD/bad-tr.csv" <<'PY'
import re, sys
lines = open(sys.argv[1], newline="", encoding="utf-8").read().splitlines()
# drive_km of the first visit: the first unquoted number after the arrival/departure
m = re.match(r'^((?:"[^"]*"|[^",]*),){9}', lines[1])
rest = lines[1][m.end():]
num = re.match(r"[0-9.]+", rest).group(0)
lines[1] = lines[1][:m.end()] + str(float(num) + 1) + rest[len(num):]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
run python3 "$TMPD/dialect.py" "$TMPD/rfc.csv" "$TMPD/bad-tr.csv"
expect_status 1
expect_stderr_matches "drive_km"

# an output folder that does not exist: exit 1 naming the path, nothing left behind
run "$SAHA" plan "$TMPD/acc.csv" --rep "$M/rep.json" --geocode-cache "$M/geocode-cache.sqlite" \
    --start 2026-11-30 --iterations 200 --time-limit 0 --xlsx "$TMPD/nowhere/w.xlsx"
expect_status 1
expect_stderr_matches "nowhere"
expect_no_file "$TMPD/nowhere"
finish
