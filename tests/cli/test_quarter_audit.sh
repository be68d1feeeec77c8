#!/usr/bin/env bash
# Items of issue 15 (quarter plans) that no other test asserted, found by the audit
# (each checked from the outputs, not from the code): --weeks rejects 0, words and
# fractions; the rep file's frequency_tolerance share is the default tolerance and the
# column overrides it (the outside checker agrees); the frequency_tolerance column is
# not called "not read"; an overdue account is visited at once, one not yet due not
# before its window; --spare-days offers the last week to an account due soon after the
# horizon (0: none, and the account is not_due); per-weekday "working_hours" hold (with
# a probe: without them the same plan works Friday afternoons); PH opening hours apply
# on a half holiday and only there; GeoJSON and KML hold every visit of the horizon, as
# the CSV; a re-plan with a visit log and --weeks plans nothing before the moment.
set -u
. "$(dirname "$0")/lib.sh"
CC="python3 $(dirname "$0")/cadence_check.py"
PC="python3 $(dirname "$0")/plan_check.py"
W="--start 2026-05-11 --weeks 4 --time-limit 0 --iterations 1500 --seed 1 --threads 1"
cd "$TMPD" || exit 1
quarter_rep
# col FILE ID COLUMN: the column of the row with this id (first column id)
col() { python3 - "$@" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["id"] == sys.argv[2]:
        print(r[sys.argv[3]])
        break
PY
}
# dates FILE ID: the itinerary's dates of this account, one line
dates() { awk -F, -v k="$2" 'NR>1 && $4==k {printf "%s ", $2}' "$1"; }

# ---- --weeks: 1 to 13 whole weeks ---------------------------------------------------
printf 'id,lat,lon,value,visit_minutes,last_visit,frequency_days\nA,40.2,29.0,5000,30,2026-05-01,14\n' >one.csv
for w in 0 abc 2.5 -1; do
  run "$SAHA" plan one.csv --rep rep.json --start 2026-05-11 --weeks "$w"
  expect_status 2
  expect_stderr_matches "^saha plan: --weeks: expected 1 to 13, got '$w'"
done
run "$SAHA" plan one.csv --rep rep.json --start 2026-05-11 --weeks 1 --time-limit 0 \
  --iterations 100 --csv one_it.csv
expect_status 0
expect_stdout_matches '^cadence: 1 accounts, 1 visits owed, 1 planned'
# due 15 May (1 May + 14), tolerance 3 days: 12 to 18 May
d="$(dates one_it.csv A)"
case "$d" in "2026-05-1"[2-8]" ") ok ;; *) bad "--weeks 1: A visited on '$d', want 12-18 May" ;; esac

# ---- tolerance: the rep's share, the column over it ---------------------------------
python3 -c "import json; r=json.load(open('rep.json')); r['frequency_tolerance']=0.5; json.dump(r, open('rep_tol.json','w'))"
cat >tol.csv <<'EOF'
id,lat,lon,value,visit_minutes,last_visit,frequency_days,frequency_tolerance,foo
T1,40.20,29.00,5000,30,2026-05-04,14,,x
T2,40.21,29.01,5000,30,2026-05-04,14,2,x
T3,40.22,29.02,5000,30,2026-05-04,10,30%,x
EOF
run "$SAHA" plan tol.csv --rep rep_tol.json $W --csv tol_it.csv --cadence-report tol_cad.csv
expect_status 0
expect_eq "$(col tol_cad.csv T1 tolerance_days)" 7 "rep share 0.5 of 14 days"
expect_eq "$(col tol_cad.csv T2 tolerance_days)" 2 "the column's days over the rep's share"
expect_eq "$(col tol_cad.csv T3 tolerance_days)" 3 "the column's 30% of 10 days"
run $CC tol_it.csv tol.csv rep_tol.json tol_cad.csv --start 2026-05-11 --weeks 4
expect_status 0
# the default share without the rep key: 0.2 x 14 = 2.8, rounded 3
run "$SAHA" plan tol.csv --rep rep.json $W --cadence-report tol0_cad.csv
expect_status 0
expect_eq "$(col tol0_cad.csv T1 tolerance_days)" 3 "default share 0.2 of 14 days"
# the column is read: the note names only the column that is not
expect_stderr_matches "columns not read \(kept as they are\): 'foo'$"
expect_stderr_not_matches "not read.*frequency_tolerance"

# ---- overdue: at once; not yet due: not before its window ---------------------------
cat >od.csv <<'EOF'
id,lat,lon,value,visit_minutes,last_visit,frequency_days,frequency_tolerance
OVER,40.20,29.00,5000,30,2026-03-01,14,2
SOON,40.21,29.01,5000,30,2026-05-11,14,2
EOF
run "$SAHA" plan od.csv --rep rep.json $W --csv od_it.csv --cadence-report od_cad.csv
expect_status 0
# tolerance 2 days: the overdue account's first window is 11-12 May (h = 1)
first="$(dates od_it.csv OVER | cut -d' ' -f1)"
case "$first" in 2026-05-1[12]) ok ;; *) bad "overdue OVER first visited on '$first', want 11 or 12 May" ;; esac
# SOON (last visit on the start day) is due on 25 May +- 1 day
first="$(dates od_it.csv SOON | cut -d' ' -f1)"
case "$first" in 2026-05-2[456]) ok ;; *) bad "SOON first visited on '$first', want 24-26 May" ;; esac
run $CC od_it.csv od.csv rep.json od_cad.csv --start 2026-05-11 --weeks 4
expect_status 0

# ---- spare time: accounts due soon after the horizon (11 May - 7 June) --------------
cat >sp.csv <<'EOF'
id,lat,lon,value,visit_minutes,last_visit,frequency_days
SP1,40.20,29.00,5000,30,2026-05-15,28
K1,40.22,29.02,5000,30,2026-05-08,7
EOF
run "$SAHA" plan sp.csv --rep rep.json $W --csv sp_it.csv --cadence-report sp_cad.csv
expect_status 0
expect_eq "$(col sp_cad.csv SP1 required)" 0 "SP1 owes nothing in the horizon"
expect_eq "$(col sp_cad.csv SP1 planned)" 1 "SP1 gets the offered visit (due 12 June)"
d="$(dates sp_it.csv SP1 | cut -d' ' -f1)"
case "$d" in 2026-06-0[1-5]) ok ;; *) bad "SP1's offered visit on '$d', want the last week" ;; esac
run "$SAHA" plan sp.csv --rep rep.json $W --spare-days 0 --csv sp0_it.csv --unvisited sp0_un.csv
expect_status 0
expect_eq "$(dates sp0_it.csv SP1)" "" "--spare-days 0: no offered visit"
expect_eq "$(col sp0_un.csv SP1 reason)" "not_due" "--spare-days 0: SP1 is not due"
# the detail names the due date, 15 May + 28 = 12 June (its window opens 9 June)
expect_eq "$(col sp0_un.csv SP1 detail)" \
  "not due in the horizon: next due 2026-06-12 (every 28 days)" "SP1's not_due detail"

# ---- per-weekday working windows -----------------------------------------------------
python3 - <<'EOF'
import json, random
r = json.load(open("rep.json"))
r["working_hours"] = "Mo-Th 08:30-18:00; Fr 09:00-12:00"
json.dump(r, open("rep_wh.json", "w"))
r = random.Random(5)
with open("acc.csv", "w") as f:
    f.write("id,name,lat,lon,value,probability,visit_minutes,opening_hours,last_visit,frequency_days\n")
    for i in range(40):
        f.write("Q%02d,Firma %d,%.5f,%.5f,%d,0.5,30,Mo-Fr 08:00-18:00,2026-05-%02d,%d\n" % (
            i, i, 40.15 + r.random() * 0.12, 28.95 + r.random() * 0.18,
            r.randint(2000, 20000), r.randint(1, 10), r.choice([7, 14, 14, 28])))
EOF
# fri FILE: Friday visits, earliest start, latest departure
fri() { python3 - "$1" <<'PY'
import csv, datetime, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
        if datetime.date.fromisoformat(r["date"]).weekday() == 4]
print(len(rows), min(r["start"] for r in rows), max(r["departure"] for r in rows))
PY
}
run "$SAHA" plan acc.csv --rep rep_wh.json $W --csv wh_it.csv --cadence-report wh_cad.csv
expect_status 0
read -r nf s0 d1 < <(fri wh_it.csv)
[ "${nf:-0}" -gt 0 ] && ok || bad "no Friday visit with working_hours"
[[ "$s0" > "08:59" ]] && ok || bad "a Friday visit starts at $s0, before 09:00"
[[ "$d1" < "12:01" ]] && ok || bad "a Friday visit ends at $d1, after 12:00"
run $CC wh_it.csv acc.csv rep_wh.json wh_cad.csv --start 2026-05-11 --weeks 4
expect_status 0
# the day-level checker replays the weekday windows (a short Friday owes no lunch)
run $PC wh_it.csv acc.csv rep_wh.json
expect_status 0
# probe: without the per-weekday windows the same plan works on Friday afternoons
run "$SAHA" plan acc.csv --rep rep.json $W --csv nowh_it.csv
expect_status 0
read -r nf s0 d1 < <(fri nowh_it.csv)
[[ "$d1" > "12:00" ]] && ok || bad "probe: Friday ends at $d1 without working_hours"
run $PC nowh_it.csv acc.csv rep_wh.json
expect_status 1
expect_stdout_matches '^plan_check: 2026-[0-9-]+ Q[0-9]+: visit [0-9:]+-[0-9:]+ outside the working day'

# ---- PH opening hours: on a half holiday (26 May, until 13:00), not on other days ---
python3 - <<'EOF'
import random
r = random.Random(3)
for name, last in (("ph_hol.csv", "2026-05-19"), ("ph_work.csv", "2026-05-26")):
    with open(name, "w") as f:
        f.write("id,lat,lon,value,visit_minutes,opening_hours,last_visit,frequency_days,frequency_tolerance\n")
        for i in range(12):
            h = '"Mo-Fr 08:00-18:00; PH 10:00-11:30"' if i % 2 == 0 else "Mo-Fr 08:00-18:00"
            f.write("P%02d,%.5f,%.5f,%d,30,%s,%s,7,0\n" % (
                i, 40.15 + r.random() * 0.1, 28.95 + r.random() * 0.15,
                r.randint(2000, 9000), h, last))
EOF
# phv FILE DATE: visits of PH accounts (even numbers) on DATE, and how many of them
# lie outside 10:00-11:30
phv() { python3 - "$1" "$2" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
        if r["date"] == sys.argv[2] and int(r["id"][1:]) % 2 == 0]
print(len(rows), sum(1 for r in rows if r["start"] < "10:00" or r["departure"] > "11:30"))
PY
}
# every account due on the half day exactly (tolerance 0)
run "$SAHA" plan ph_hol.csv --rep rep.json --start 2026-05-25 --weeks 1 --time-limit 0 \
  --iterations 1500 --seed 1 --threads 1 --csv ph_hol_it.csv
expect_status 0
read -r n out < <(phv ph_hol_it.csv 2026-05-26)
[ "${n:-0}" -gt 0 ] && ok || bad "no PH account visited on the half day"
expect_eq "$out" 0 "PH accounts visited outside their PH hours on the half day"
# due on Tuesday 2 June, a plain working day: six PH accounts do not fit 10:00-11:30,
# and PH does not apply, so all are visited and some outside those hours
run "$SAHA" plan ph_work.csv --rep rep.json --start 2026-06-01 --weeks 1 --time-limit 0 \
  --iterations 1500 --seed 1 --threads 1 --csv ph_work_it.csv
expect_status 0
read -r n out < <(phv ph_work_it.csv 2026-06-02)
expect_eq "$n" 6 "every PH account visited on a plain day"
[ "${out:-0}" -gt 0 ] && ok || bad "PH hours applied on a day that is no holiday"

# ---- every export over the whole horizon ---------------------------------------------
run "$SAHA" plan acc.csv --rep rep.json $W --csv x.csv --geojson x.geojson --kml x.kml
expect_status 0
python3 - x.csv x.geojson x.kml >cmp.txt <<'PY'
import csv, json, sys
import xml.etree.ElementTree as ET
want = sorted((r["date"], r["id"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")))
gj = sorted((f["properties"]["date"], f["properties"]["id"])
            for f in json.load(open(sys.argv[2], encoding="utf-8"))["features"]
            if f["properties"].get("kind") == "stop")
ns = {"k": "http://www.opengis.net/kml/2.2"}
km = []
for p in ET.parse(sys.argv[3]).getroot().iter("{%s}Placemark" % ns["k"]):
    ids = [d.find("k:value", ns).text for d in p.iter("{%s}Data" % ns["k"])
           if d.get("name") == "id"]
    desc = p.find("k:description", ns)
    if ids and desc is not None:
        km.append((desc.text[:10], ids[0]))
km.sort()
print(len(want), want[0][0], want[-1][0], "geojson", gj == want, "kml", km == want)
PY
read -r nv d0 d1 g gok k kok <cmp.txt
[[ "$d0" < "2026-05-16" && "$d1" > "2026-05-31" ]] && ok ||
  bad "the plan runs from $d0 to $d1, want the first to the fourth week"
expect_eq "$gok" True "GeoJSON stops are the CSV's visits ($nv, $d0 to $d1)"
expect_eq "$kok" True "KML placemarks are the CSV's visits ($nv, $d0 to $d1)"

# ---- a re-plan with the visit log and --weeks ----------------------------------------
printf 'id,when,outcome,notes\nQ05,2026-05-12 10:00,done,\n' >log.csv
run "$SAHA" plan acc.csv --rep rep.json $W --visits log.csv --from "2026-05-13 08:00" \
  --csv rv.csv
expect_status 0
expect_eq "$(awk -F, 'NR>1 && $2<"2026-05-13"' rv.csv | cut -d, -f2,4 | tr '\n' ' ')" \
  "2026-05-12,Q05 " "before the moment only the logged visit"
expect_stdout_matches '^weeks: 4, '
finish
