#!/usr/bin/env bash
# saha plan --xlsx: the workbook, read back by LibreOffice (soffice --headless
# --convert-to csv, every sheet), shows the same cells as the RFC 4180 itinerary CSV
# and unvisited list of the same run: a sheet per working day with one row per visit
# (every column of the itinerary CSV: the lunch, the waits, the nights, the re-plan's
# columns, drive_source),
# the call list most valuable first, the summary's visit count; phone numbers stay text
# (a leading zero and spaces survive). A bad path fails cleanly (exit 1, no file).
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
mkdir -p "$TMPD/lo"
# every sheet to its own CSV, cells as shown (UTF-8, comma, quoted text)
(cd "$TMPD" && HOME="$TMPD" timeout 300 soffice --headless --norestore \
   --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
   "$TMPD/week.xlsx" --outdir "$TMPD/lo" >/dev/null 2>&1)
ls "$TMPD/lo" > "$TMPD/sheets"
run grep -c '' "$TMPD/sheets"
expect_stdout_matches '^7$'   # Summary, Mo..Fr, Call list
run python3 - "$TMPD/lo" "$TMPD/week.csv" "$TMPD/unv.csv" <<'PY'
import csv, glob, os, sys
lo, itin, unv = sys.argv[1:4]
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
import datetime
checked = lunches = waits = 0
for date, want in days.items():
    d = datetime.date.fromisoformat(date)
    got = sheet("%s %s" % (wd[d.weekday()], date))
    assert len(got) == len(want), (date, len(got), len(want))
    for g, w in zip(got, want):
        for k in ("arrival", "start", "departure", "id", "name", "address", "window"):
            assert g[k] == w[k], (date, k, g[k], w[k])
        for k, tol in (("drive_km", 0.051), ("drive_min", 0.51), ("value", 0.0051),
                       ("lat", 5e-7), ("lon", 5e-7)):
            assert abs(num(g[k]) - num(w[k])) <= tol, (date, k, g[k], w[k])
        assert g["phone"].startswith("0224 555 "), g["phone"]
        # lunch: where, when (a time cell shown hh:mm) and the minutes driven first
        for k in ("lunch", "lunch_start", "lunch_drive_min"):
            assert g[k] == w[k], (date, w["id"], k, g[k], w[k])
        lunches += w["lunch"] != ""
        # every other column of the CSV is on the day sheet with the same cell
        for k in w:
            assert k in g, ("day sheet lacks the CSV column", k)
            if k in ("day", "seq", "wait_min", "visit_min", "sequence"):
                assert num(g[k]) == num(w[k]), (date, w["id"], k, g[k], w[k])
            elif k not in ("drive_km", "drive_min", "value", "lat", "lon"):
                assert g[k] == w[k], (date, w["id"], k, g[k], w[k])
        waits += num(w["wait_min"]) > 0
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
# the sample rep takes lunch every day: the columns were really compared
assert lunches == len(days), ("lunches", lunches, "days", len(days))
assert waits > 0, "no visit waits: wait_min was not really compared"
print("ok", checked, "visits", len(calls), "calls", lunches, "lunches", waits, "waits")
PY
expect_status 0
expect_stdout_matches '^ok [0-9]+ visits [0-9]+ calls [1-9][0-9]* lunches [1-9][0-9]* waits$'
# an output folder that does not exist: exit 1 naming the path, nothing left behind
run "$SAHA" plan "$TMPD/acc.csv" --rep "$M/rep.json" --geocode-cache "$M/geocode-cache.sqlite" \
    --start 2026-11-30 --iterations 200 --time-limit 0 --xlsx "$TMPD/nowhere/w.xlsx"
expect_status 1
expect_stderr_matches "nowhere"
expect_no_file "$TMPD/nowhere"
finish
