#!/usr/bin/env python3
"""The big-list bench inputs of plan_scale.sh and plan_presel.sh (issue #19).

    plan_gen.py rep FILE          the rep file: Bursa, Mo-Fr 08:00-17:30, lunch, 300 min
                                  of driving a day, EUR costs
    plan_gen.py accounts FILE N   N accounts around Bursa (seeded by N): values 100-5000,
                                  30-minute visits, six kinds of opening hours, two
                                  must-visits (rows 3 and 777)
"""
import random
import sys

REP = """{"name": "Bench Rep", "home": {"lat": 40.2106, "lon": 29.0095},
 "timezone": "Europe/Istanbul", "days": "Mo-Fr", "day_start": "08:00",
 "day_end": "17:30", "lunch": {"earliest": "12:00", "latest": "13:30", "minutes": 30},
 "max_drive_minutes_per_day": 300,
 "cost": {"per_km": 0.3, "per_hour": 20, "currency": "EUR"}}
"""
HOURS = ["Mo-Fr 09:00-18:00", '"Mo-Sa 08:30-12:30,13:30-19:00"', "", "Mo-Fr 10:00-16:00",
         "Tu-Sa 09:00-17:00", "24/7"]


def accounts(path, n):
    r = random.Random(n)
    with open(path, "w") as f:
        f.write("id,name,lat,lon,value,visit_minutes,opening_hours,must_visit\n")
        for i in range(n):
            f.write("A%06d,Acc %d,%.5f,%.5f,%d,30,%s,%d\n" % (
                i, i, 40.05 + r.random() * 0.3, 28.8 + r.random() * 0.6,
                r.randrange(100, 5000), HOURS[i % 6], 1 if i in (3, 777) else 0))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "rep":
        with open(sys.argv[2], "w") as f:
            f.write(REP)
    elif len(sys.argv) == 4 and sys.argv[1] == "accounts":
        accounts(sys.argv[2], int(sys.argv[3]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
