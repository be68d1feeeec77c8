#!/usr/bin/env python3
"""Writes cap.csv: 70 made-up accounts around Bursa whose cadences fit the rep's time
(about 31 h a week of 45 from 2026-06-01), for the "capacity allows" case of issue #15
(>= 98 % of the owed visits on their rhythm): tests/cli/test_quarter.sh and
tests/bench/quarter.sh. Cadences 7 to 56 days, last visits within one interval before
the start (a quarter of the accounts without one), a third PH off, a fifth open Mo, We,
Fr only. Standard library only; the same file every run."""
import datetime
import random

r = random.Random(7)
start = datetime.date(2026, 6, 1)
with open("cap.csv", "w") as f:
    f.write("id,lat,lon,value,probability,visit_minutes,opening_hours,last_visit,frequency_days\n")
    for i in range(70):
        fr = r.choice([7, 14, 14, 28, 28, 56])
        hours = "Mo-Fr 08:30-18:00; PH off" if i % 3 == 0 else (
            '"Mo,We,Fr 09:00-17:00"' if i % 5 == 1 else "Mo-Fr 08:00-18:00")
        lv = (start - datetime.timedelta(days=r.randint(1, fr))).isoformat() if i % 4 else ""
        f.write("K%02d,%.5f,%.5f,%d,0.5,%d,%s,%s,%d\n" % (
            i, 40.12 + r.random() * 0.2, 28.9 + r.random() * 0.3,
            r.randint(2000, 20000), r.choice([30, 45, 60]), hours, lv, fr))
