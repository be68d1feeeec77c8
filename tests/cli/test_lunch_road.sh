#!/usr/bin/env bash
# Lunch on the road (rep file "lunch": {"on_the_road": true}, the default): the break may
# fall during a leg between two visits. On tests/data/lunch_road (see its README) only a
# lunch on the way from A to B lets the rep visit both; at a stop one of them is left.
# Checks the plan, the CSV lunch columns, the ICS and HTML notes, the outside checker
# (plan_check.py) both ways, and the rep-file option's error message.
set -u
. "$(dirname "$0")/lib.sh"
D="$SAHA_TEST_DATA/lunch_road"
CHECK="python3 $(dirname "$0")/plan_check.py"
W="--start 2026-11-30 --days 1 --objective value --time-limit 0 --iterations 2000 --seed 1"

# default: on the road, both visits
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep.json" $W --csv "$TMPD/road.csv" \
  --ics "$TMPD/road.ics" --html "$TMPD/road.html" --quiet
expect_status 0
expect_file "$TMPD/road.csv"
row() { python3 - "$1" "$2" "$3" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["id"] == sys.argv[2]:
        print(r[sys.argv[3]])
PY
}
expect_eq "$(head -1 "$TMPD/road.csv" | tr ',' '\n' | tail -3 | tr '\n' ' ')" \
  "lunch lunch_start lunch_drive_min " "CSV ends with the lunch columns"
expect_eq "$(cut -d, -f4 "$TMPD/road.csv" | tail -n +2 | tr '\n' ' ')" "A B " "both visited"
expect_eq "$(row "$TMPD/road.csv" B lunch)" "before" "lunch on the leg into B"
expect_eq "$(row "$TMPD/road.csv" B lunch_start)" "12:00" "lunch starts at 12:00"
expect_eq "$(row "$TMPD/road.csv" B lunch_drive_min)" "30" "30 of the 60 min driven first"
expect_eq "$(row "$TMPD/road.csv" B arrival)" "13:15" "arrival after the drive and lunch"
expect_eq "$(row "$TMPD/road.csv" A lunch)" "" "no lunch at A"
run $CHECK "$TMPD/road.csv" "$D/accounts.csv" "$D/rep.json"
expect_status 0
# the same plan under the at-a-stop rule: the checker finds the lunch on the road
run $CHECK "$TMPD/road.csv" "$D/accounts.csv" "$D/rep_at_stop.json"
expect_status 1
expect_stdout_matches 'B: lunch on the road, but the rep file says at a stop'
expect_stdout_matches 'B: 45.0 min unexplained between stops'
# ICS and HTML say where the lunch is
unfold() { python3 -c 'import sys; print(open(sys.argv[1], newline="").read().replace("\r\n ", ""))' "$1"; }
expect_eq "$(unfold "$TMPD/road.ics" | grep -cF 'Lunch before this visit: 12:00-12:45\, on the road\, after 30 of the 60 min drive')" \
  "1" "one ICS lunch note"
run grep -c 'Lunch 12:00&#8211;12:45, on the road, after 30 of the 60 min drive' \
  "$TMPD/road.html"
expect_eq "$(cat "$OUT")" "1" "one HTML lunch note"

# at a stop: only B (the higher value) fits
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_at_stop.json" $W --csv "$TMPD/stop.csv" \
  --unvisited "$TMPD/stop_unv.csv"
expect_status 0
expect_stdout_matches 'value won 20'
expect_eq "$(cut -d, -f4 "$TMPD/stop.csv" | tail -n +2 | tr '\n' ' ')" "B " "only B at a stop"
expect_eq "$(cut -d, -f1 "$TMPD/stop_unv.csv" | tail -n +2 | tr '\n' ' ')" "A " "A reported"
expect_eq "$(row "$TMPD/stop.csv" B lunch)" "before" "lunch before B"
expect_eq "$(row "$TMPD/stop.csv" B lunch_drive_min)" "0" "at home before leaving"
run $CHECK "$TMPD/stop.csv" "$D/accounts.csv" "$D/rep_at_stop.json" "$TMPD/stop_unv.csv"
expect_status 0

# the option's type is checked, with file:line
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_bad.json" $W
expect_status 2
expect_stderr_matches 'rep_bad.json:8: lunch.on_the_road: expected true or false, got a string'

finish
