#!/usr/bin/env python3
"""Checks a quarter plan (`saha plan --weeks N`) from the outside (standard library only).

    cadence_check.py ITINERARY.csv ACCOUNTS.csv REP.json CADENCE.csv --start DATE --weeks N
                     [--min-compliance SHARE] [--visits LOG.csv]

From the itinerary CSV alone (dates and ids), the accounts (frequency_days, last_visit,
frequency_tolerance) and the rep file (holidays, holidays_file, days_off, working days):
  - no visit on a whole holiday, a day off or a non-working weekday, none outside the
    horizon; on a half day every visit ends by its hour;
  - the tolerance T of each account is its column (days, or N% of F) or the rep's
    frequency_tolerance share (default 0.2) of F, rounded; F is the report's (stretched
    when --overload stretch said so, never below frequency_days);
  - consecutive visits of an account (its last_visit first, unless it was overdue: then
    the first visit m F +- T days after the start, m >= 0) are m F +- T days apart,
    m >= 1 (an empty window shows as planned < required, not as a shorter gap); when
    m >= 2 windows were left empty between them the windows' shifts off holidays
    (T - 2h days each, h = T // 2) may add up: within m F +- (T + (m - 1)(T - 2h)) is
    no error, but only m F +- T counts as on the rhythm;
  - the cadence report agrees: planned = visits in the itinerary, largest_gap_days,
    last_planned, next_due = last visit + F, planned_dates;
  - with --min-compliance: planned visits on their rhythm / owed visits >= SHARE;
  - with --visits (a re-plan's visit log): a done visit before the start later than
    last_visit is the last visit; a done visit in the horizon is the rep's, not the
    plan's: the gap that ends at it is no error (the next one counts from it).
Prints one line per problem (and a summary line) and exits 1 if there is any.
"""
import argparse
import csv
import datetime
import json
import os
import sys


def day(s):
    return datetime.date.fromisoformat(s.strip()[:10])


def hhmm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


def rep_calendar(rep, rep_path):
    """The rep file's calendar: (working weekdays 0-6, {date: None for a day off or the
    minute a half day ends}, {dates off}); holidays_file is relative to rep_path."""
    names = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    work = set(names.index(d) for d in rep.get("days", names[:5]))
    hol = {}

    def add(d, v):  # a full day off wins over a half day; two half days: the earlier end
        if d in hol and (hol[d] is None or v is None):
            hol[d] = None
        else:
            hol[d] = v if d not in hol else min(hol[d], v)

    for h in rep.get("holidays", []):
        if isinstance(h, str):
            hol[day(h)] = None
        else:
            hol[day(h["date"])] = hhmm(h["until"]) if "until" in h else None
    if "holidays_file" in rep:
        p = rep["holidays_file"]
        if not os.path.isabs(p):
            p = os.path.join(os.path.dirname(rep_path), p)
        with open(p, encoding="utf-8") as f:
            for r in csv.DictReader(f):
                u = (r.get("until") or "").strip()
                add(day(r["date"]), hhmm(u) if u else None)
    off = set(day(d) for d in rep.get("days_off", []))
    return work, hol, off


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("itinerary")
    ap.add_argument("accounts")
    ap.add_argument("rep")
    ap.add_argument("cadence")
    ap.add_argument("--start", required=True)
    ap.add_argument("--weeks", type=int, required=True)
    ap.add_argument("--min-compliance", type=float, default=None)
    ap.add_argument("--visits", default=None)
    a = ap.parse_args()
    problems = []
    start = day(a.start)
    end = start + datetime.timedelta(days=7 * a.weeks)
    rep = json.load(open(a.rep, encoding="utf-8"))
    share = rep.get("frequency_tolerance", 0.2)
    if isinstance(share, str):
        share = float(share.rstrip("%")) / 100.0
    work, hol, off = rep_calendar(rep, a.rep)

    acc = {}
    with open(a.accounts, encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            acc[r["id"]] = r
    done = {}
    if a.visits:
        with open(a.visits, encoding="utf-8-sig") as f:
            for r in csv.DictReader(f):
                if r["outcome"].strip() == "done":
                    done.setdefault(r["id"], set()).add(day(r["when"]))
    visits = {}
    with open(a.itinerary, encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            d = day(r["date"])
            visits.setdefault(r["id"], []).append(d)
            if not (start <= d < end):
                problems.append("%s: visit on %s outside the horizon" % (r["id"], d))
            if d.weekday() not in work:
                problems.append("%s: visit on %s, not a working day" % (r["id"], d))
            if d in off:
                problems.append("%s: visit on %s, a day off" % (r["id"], d))
            if d in hol and hol[d] is None:
                problems.append("%s: visit on %s, a holiday" % (r["id"], d))
            if d in hol and hol[d] is not None and hhmm(r["departure"]) > hol[d]:
                problems.append("%s: visit on the half day %s ends %s" %
                                (r["id"], d, r["departure"]))
    owed = rhythm = 0
    with open(a.cadence, encoding="utf-8-sig") as f:
        report = list(csv.DictReader(f))
    for r in report:
        i = r["id"]
        base = int(acc[i].get("frequency_days") or acc[i]["suggested_frequency_days"])
        F = int(r["frequency_days"])
        if F < base:
            problems.append("%s: interval %d below frequency_days %d" % (i, F, base))
        col = (acc[i].get("frequency_tolerance") or "").strip()
        if col.endswith("%"):
            T = int(float(col[:-1]) / 100.0 * F + 0.5)
        elif col:
            T = int(col)
        else:
            T = int(share * F + 0.5)
        if int(r["tolerance_days"]) != T:
            problems.append("%s: tolerance %s, want %d" % (i, r["tolerance_days"], T))
        ds = sorted(visits.get(i, []))
        if int(r["planned"]) != len(ds):
            problems.append("%s: report says %s planned, itinerary has %d" %
                            (i, r["planned"], len(ds)))
        if r["planned_dates"].split() != [d.isoformat() for d in ds]:
            problems.append("%s: planned_dates differ from the itinerary" % i)
        lv = acc[i].get("last_visit", "").strip()
        prev = day(lv) if lv else None
        for d in done.get(i, ()):
            if d < start and (prev is None or d > prev):
                prev = d
        gap_max = 0
        ok = 0
        for k, d in enumerate(ds):
            if prev is None:
                ok += 1
            else:
                g = (d - prev).days
                gap_max = max(gap_max, g)
                if k == 0 and prev + datetime.timedelta(days=F) < start:
                    # overdue: due at once, then on the rhythm from the start
                    g0 = (d - start).days
                    m = (g0 + F // 2) // F
                    good = m * F - T <= g0 <= m * F + T
                    gg = g0
                else:
                    m = max(1, (g + F // 2) // F)
                    good = m * F - T <= g <= m * F + T
                    gg = g
                # m windows apart (m - 1 left empty) the model's shifted windows only
                # promise m F +- (T + (m - 1)(T - 2h)), h = T // 2: each shift may
                # move a centre T - 2h days; such a visit is not on its rhythm, but
                # not a spacing error either
                wide = T + max(0, m - 1) * (T - 2 * (T // 2))
                if good:
                    ok += 1
                elif d in done.get(i, ()):
                    pass  # the rep's own visit, logged: the plan spaces from it
                elif not (m * F - wide <= gg <= m * F + wide):
                    problems.append("%s: visits %s and %s are %d days apart, want a "
                                    "multiple of %d +- %d" % (i, prev, d, g, F, T))
            prev = d
        if int(r["largest_gap_days"]) != gap_max:
            problems.append("%s: largest gap %s, want %d" % (i, r["largest_gap_days"],
                                                             gap_max))
        if prev is not None:
            nd = (prev + datetime.timedelta(days=F)).isoformat()
            if r["next_due"] != nd:
                problems.append("%s: next_due %s, want %s" % (i, r["next_due"], nd))
        owed += int(r["required"])
        rhythm += min(ok, int(r["required"]))
    share_ok = rhythm / owed if owed else 1.0
    print("cadence_check: %d accounts, %d visits owed, %d on their rhythm (%.1f%%), "
          "%d problems" % (len(report), owed, rhythm, 100 * share_ok, len(problems)))
    if a.min_compliance is not None and share_ok < a.min_compliance:
        problems.append("compliance %.3f below %.3f" % (share_ok, a.min_compliance))
    for p in problems[:50]:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
