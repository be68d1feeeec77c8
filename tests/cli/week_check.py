#!/usr/bin/env python3
"""Even weeks of a quarter plan (`saha plan --weeks N --week-band PCT`), from the outside.

    week_check.py ITINERARY.csv ACCOUNTS.csv REP.json --start DATE --weeks N --band PCT

From the itinerary CSV, the accounts and the rep file (standard library only):
  - a day's hours are from leaving home (the first arrival less its drive_min) to being
    back (the last departure plus the drive home by the README's travel model, the one
    plan_check.py replays);
  - a week's working time is the sum of its working days' day_start..day_end (a half
    holiday until its hour; whole holidays, days off and non-working weekdays count 0);
  - each week's target is the plan's total hours shared out in proportion to the
    week's working time (the horizon's mean week, scaled: a week with a holiday is not
    asked for a full week's work); every week with working time must be within +-PCT %
    of its target;
  - no empty working day while a due visit waits: on a working day without visits, no
    account that is open that weekday is due (its latest visit before the day, or its
    last_visit, plus frequency_days less the tolerance, is on or before the day; an
    account without last_visit is due from the start) and yet visited only later in
    the horizon or not at all.
Prints one line per week ("week 1: 23:10 of 24:00 target, +-3 %") and per problem, and
exits 1 if there is any.
"""
import argparse
import csv
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plan_check  # noqa: E402  (its travel model and opening-hours reader)
from cadence_check import day, hhmm, rep_calendar  # noqa: E402


def fmt(m):
    return "%d:%02d" % (int(m) // 60, int(round(m)) % 60)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("itinerary")
    ap.add_argument("accounts")
    ap.add_argument("rep")
    ap.add_argument("--start", required=True)
    ap.add_argument("--weeks", type=int, required=True)
    ap.add_argument("--band", type=float, required=True)
    a = ap.parse_args()
    problems = []
    start = day(a.start)
    ndays = 7 * a.weeks
    rj = json.load(open(a.rep, encoding="utf-8"))
    tr = rj.get("travel", {})
    model = {"circuity": tr.get("circuity", 1.3),
             "bands": tr.get("speed_kmh", [[5, 25], [50, 50], [1e9, 80]])}
    if isinstance(model["bands"], (int, float)):
        model["bands"] = [[1e9, model["bands"]]]
    home = (rj["home"]["lat"], rj["home"]["lon"])
    d_start, d_end = hhmm(rj.get("day_start", "08:30")), hhmm(rj.get("day_end", "18:00"))
    work, hol, off = rep_calendar(rj, a.rep)

    def working_min(d):
        if d.weekday() not in work or d in off or (d in hol and hol[d] is None):
            return 0
        return max(0, (hol[d] if d in hol else d_end) - d_start)

    acc = {}
    with open(a.accounts, encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            acc[r["id"]] = r
    days = {}
    with open(a.itinerary, encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            days.setdefault(day(r["date"]), []).append(r)
    visits = {}
    hours = [0.0] * a.weeks
    cap = [0.0] * a.weeks
    for o in range(ndays):
        cap[o // 7] += working_min(start + datetime.timedelta(days=o))
    for d, rows in days.items():
        rows.sort(key=lambda r: int(r["seq"]))
        w = (d - start).days // 7
        if not 0 <= w < a.weeks:
            problems.append("a visit on %s, outside the horizon" % d)
            continue
        last = rows[-1]
        back = hhmm(last["departure"]) + plan_check.leg(
            model, (float(last["lat"]), float(last["lon"])), home)[1]
        hours[w] += back - (hhmm(rows[0]["arrival"]) - float(rows[0]["drive_min"]))
        for r in rows:
            visits.setdefault(r["id"], []).append(d)
    total, tcap = sum(hours), sum(cap)
    for w in range(a.weeks):
        if cap[w] <= 0:
            continue
        target = total * cap[w] / tcap
        dev = 100.0 * (hours[w] - target) / target if target > 0 else 0.0
        print("week %d: %s of %s target, %+.0f %%" % (w + 1, fmt(hours[w]), fmt(target), dev))
        if abs(dev) > a.band:
            problems.append("week %d: %s is %+.0f %% off its target %s (band +-%g %%)" %
                            (w + 1, fmt(hours[w]), dev, fmt(target), a.band))

    share = rj.get("frequency_tolerance", 0.2)
    if isinstance(share, str):
        share = float(share.rstrip("%")) / 100.0
    for o in range(ndays):
        d = start + datetime.timedelta(days=o)
        if working_min(d) <= 0 or d in days:
            continue
        for i, r in acc.items():
            F = int(r.get("frequency_days") or 0)
            if F <= 0:
                continue
            spans = plan_check.parse_hours(r.get("opening_hours"))
            if spans is not None and not spans[d.weekday()]:
                continue
            col = (r.get("frequency_tolerance") or "").strip()
            T = (int(float(col[:-1]) / 100.0 * F + 0.5) if col.endswith("%") else
                 int(col) if col else int(share * F + 0.5))
            vs = sorted(visits.get(i, []))
            before = [v for v in vs if v < d]
            lv = (r.get("last_visit") or "").strip()
            prev = before[-1] if before else (day(lv) if lv else None)
            due = start if prev is None else prev + datetime.timedelta(days=F - T)
            later = [v for v in vs if v > d]
            if due <= d and (not later or (later[0] - d).days > 0):
                problems.append("%s: empty working day while %s waits (due %s, next visit %s)"
                                % (d, i, due, later[0] if later else "none"))
                break
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
