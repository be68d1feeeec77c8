#!/usr/bin/env bash
# The HTML report of a quarter plan (saha plan --weeks): its weeks x days calendar, in
# headless Chromium at a phone (390 px, touch) and a desktop (1400 px) width, over the
# DevTools protocol (calendar_check.py). Each cell's visits and hours are asserted
# against the itinerary CSV and the summary's day table, and hovering (desktop) or
# tapping (phone) a day shows its accounts with every date the CSV plans them. Then the
# check can fail: wrong hours in a cell, a pop-up that hover does not open, a CSV that
# disagrees; and a one-week plan has no calendar.
set -u
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
require chromium chromium
require "$PY" python3
CAL="$PY $HERE/calendar_check.py"
W="--start 2026-05-11 --weeks 4 --time-limit 0 --iterations 3000 --seed 1 --threads 1"
cd "$TMPD" || exit 1
quarter_rep
"$PY" - <<'EOF'
import random
r = random.Random(5)
with open("acc.csv", "w") as f:
    f.write("id,name,lat,lon,value,probability,visit_minutes,opening_hours,last_visit,frequency_days\n")
    for i in range(40):
        fr = r.choice([7, 14, 14, 28])
        hours = "Mo-Fr 08:30-18:00; PH off" if i % 3 == 0 else "Mo-Fr 08:00-18:00"
        f.write("Q%02d,Firma <%d>,%.5f,%.5f,%d,0.5,30,%s,2026-05-%02d,%d\n" % (
            i, i, 40.15 + r.random() * 0.12, 28.95 + r.random() * 0.18,
            r.randint(2000, 20000), hours, r.randint(1, 10), fr))
EOF
run "$SAHA" plan acc.csv --rep rep.json $W --csv q.csv --html q.html
expect_status 0
cp "$OUT" summary.txt
expect_eq "$(grep -c '<table class="cal">' q.html)" 1 "one calendar"
# the holidays (Kurban Bayramı 27-29 May, 19 May) and the day off are cells not worked
expect_eq "$(grep -o 'class="cal-off" data-date="2026-05-2[2789]"' q.html | wc -l)" 4 \
  "holidays and the day off shown as not worked"
# names are escaped in the pop-ups
expect_eq "$(grep -c 'Firma <' q.html)" 0 "account names escaped"
run timeout 300 $CAL q.html q.csv summary.txt
expect_status 0
cat "$OUT" >&2
expect_stdout_matches '^calendar ok: 390 px, [0-9]+ days, [0-9]+ visits, [1-9][0-9]* pop-ups'
expect_stdout_matches '^calendar ok: 1400 px, [0-9]+ days, [0-9]+ visits, [1-9][0-9]* pop-ups'
nvis=$(($(wc -l <q.csv) - 1))
expect_stdout_matches "^calendar ok: 1400 px, [0-9]+ days, $nvis visits"

# ---- the check can fail -------------------------------------------------------------
# hours off by a minute in one cell
"$PY" - q.html badh.html <<'EOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<span class="cal-h">(\d+):(\d\d)</span><div class="cal-pop">', s)
h, mi = int(m.group(1)), int(m.group(2))
t = (h * 60 + mi + 1)
s = s[:m.start()] + '<span class="cal-h">%d:%02d</span><div class="cal-pop">' % (t // 60, t % 60) + s[m.end():]
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
run timeout 300 $CAL badh.html q.csv summary.txt
expect_status 1
expect_stdout_matches 'hours .* are not back .* - leave'
# no hover or focus rule: the pop-ups never open
sed 's/td\.cal-day:hover \.cal-pop,td\.cal-day:focus \.cal-pop,td\.cal-day:focus-within \.cal-pop{display:block}//' \
  q.html >nohover.html
expect_eq "$(grep -c 'td.cal-day:hover .cal-pop' nohover.html)" 0 "probe page lost its hover rule"
run timeout 300 $CAL nohover.html q.csv
expect_status 1
expect_stdout_matches '1400 px: hovering .* does not show its pop-up'
expect_stdout_matches '390 px: tapping .* does not show its pop-up'
# a CSV that has one visit on another day
"$PY" - q.csv moved.csv <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
d = rows[1][1]
other = next(r[1] for r in rows[1:] if r[1] != d)
rows[1][1] = other
csv.writer(open(sys.argv[2], "w", newline="", encoding="utf-8")).writerows(rows)
EOF
run timeout 300 $CAL q.html moved.csv
expect_status 1
expect_stdout_matches 'shows [0-9]+ visits, the CSV has'

# a one-week plan (no --weeks): no calendar, no calendar style
run "$SAHA" plan acc.csv --rep rep.json --start 2026-05-11 --iterations 2000 --seed 1 --quiet --html week.html
expect_status 0
expect_eq "$(grep -c 'class="cal"\|cal-pop' week.html)" 0 "no calendar in a one-week plan"
finish
