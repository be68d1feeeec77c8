#!/usr/bin/env python3
"""Independent checker of one week plan on a `../shared/bench/week/` instance.

    week_check.py PLAN.csv DIR [--matrix MATRIX.csv] [--lunch road|stop] [--json]

PLAN.csv is either a `saha plan --csv` itinerary (columns day,date,seq,id,...,arrival,
start,departure) or a VROOM plan in the folder's vroom_plan.csv form (day,date,seq,type,
id,arrival,start,end,value). Only the ORDER of the visits per date is taken from it; the
times are recomputed here, in whole seconds, from DIR/matrix.csv (the travel times both
solvers were given), DIR/accounts.csv and DIR/rep.json, with the rules of the folder's
README (python3 standard library only, no saha code):
  - days Mo-Fr from 2026-11-30; each starts and ends at HOME, leaves at or after
    day_start, is back by day_end; waiting is allowed anywhere;
  - a visit starts and ends inside one span of the account's opening_hours that weekday,
    lasts visit_minutes; each account at most once;
  - lunch (rep.json "lunch") on every day with visits, starting inside its window:
    --lunch road (default): anywhere on a leg (the rep drives part of it, eats, drives
    on), which includes at home before leaving, after a visit, on arrival before a visit
    and at home after the last leg; --lunch stop: only at home before leaving, after a
    visit or at home after the last leg (saha's at-a-stop rule);
  - the sum of the day's leg durations <= max_drive_minutes_per_day.
The schedule of each day is the earliest one (exact: the earliest ready time dominates),
tried with the lunch on each leg in turn. For a saha itinerary the printed visit starts
must also lie in a window (1 min tolerance for HH:MM) and be no earlier than the
earliest feasible start minus 1 min.
Prints "value V visits N km K feasible yes|no" (or JSON) and one line per problem on
stderr; exit 1 when there is a problem.
"""
import csv
import datetime
import json
import sys

DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
FIRST = datetime.date(2026, 11, 30)


def hm(s):
    p = s.split(":")
    return int(p[0]) * 3600 + int(p[1]) * 60 + (int(p[2]) if len(p) > 2 else 0)


def parse_hours(text):
    """OpenStreetMap opening_hours subset of the week data -> {weekday: [(a, b) s]}."""
    text = (text or "").strip()
    if not text:
        return {d: [(0, 24 * 3600)] for d in range(7)}
    out = {d: [] for d in range(7)}
    for rule in text.split(";"):
        rule = rule.strip()
        if not rule:
            continue
        if rule[0].isdigit():
            sel, times = "Mo-Su", rule
        else:
            sel, _, times = rule.partition(" ")
        days = set()
        for part in sel.split(","):
            if "-" in part:
                a, b = DAYS.index(part[:2]), DAYS.index(part[3:5])
                days.update(range(a, b + 1))
            else:
                days.add(DAYS.index(part[:2]))
        spans = []
        for t in times.split(","):
            a, b = t.strip().split("-")
            spans.append((hm(a), hm(b)))
        for d in days:
            out[d] = spans  # a later rule for a day replaces an earlier one
    return out


def load_matrix(path):
    t, m = {}, {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            k = (r["from_id"], r["to_id"])
            t[k] = int(r["duration_s"])
            m[k] = int(r["distance_m"])
    return t, m


def read_plan(path):
    """-> ({date: [ids in order]}, {(date, id): printed start s} or {})."""
    days, starts = {}, {}
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if "type" in r:  # VROOM form
            if r["type"] != "visit":
                continue
        if not r.get("id"):
            continue
        date = r["date"]
        days.setdefault(date, []).append(r["id"])
        if "departure" in r and r.get("start"):
            starts[(date, r["id"])] = hm(r["start"])
    return days, starts


def earliest(seq, wd, acc, T, rep, lunch_leg, mode):
    """Earliest schedule of seq with lunch on leg lunch_leg (None = no lunch):
    -> (starts, back) or None when infeasible."""
    t = rep["start"]
    prev = "HOME"
    starts = []
    L = rep["lunch"]
    for k in range(len(seq) + 1):
        c = seq[k] if k < len(seq) else "HOME"
        tt = T[(prev, c)]
        if lunch_leg == k:
            b = max(t, L["early"])
            if b > L["late"]:
                return None
            if mode == "road":
                a = max(t + tt, L["early"]) + L["dur"]
            else:
                a = b + L["dur"] + tt
                h = max(t + tt, L["early"])
                if k == len(seq) and h <= L["late"]:  # or at home after the last leg
                    a = min(a, h + L["dur"])
        else:
            a = t + tt
        if k == len(seq):
            return (starts, a) if a <= rep["end"] else None
        info = acc[c]
        best = None
        for (o, cl) in info["hours"].get(wd, []):
            lo = max(o, rep["start"])
            hi = min(cl, rep["end"]) - info["visit"]
            s = max(a, lo)
            if s <= hi and (best is None or s < best):
                best = s
        if best is None:
            return None
        starts.append(best)
        t = best + info["visit"]
        prev = c
    return None


def main(argv):
    args = argv[1:]
    mode, as_json, matrix = "road", False, None
    pos = []
    i = 0
    while i < len(args):
        if args[i] == "--lunch":
            mode = args[i + 1]
            i += 2
        elif args[i] == "--matrix":
            matrix = args[i + 1]
            i += 2
        elif args[i] == "--json":
            as_json = True
            i += 1
        else:
            pos.append(args[i])
            i += 1
    if len(pos) != 2 or mode not in ("road", "stop"):
        sys.exit(__doc__)
    plan, d = pos
    with open(d + "/rep.json", encoding="utf-8") as f:
        rj = json.load(f)
    lj = rj.get("lunch") or {}
    rep = {
        "start": hm(rj.get("day_start", "08:30")),
        "end": hm(rj.get("day_end", "18:00")),
        "drive": rj.get("max_drive_minutes_per_day", 10 ** 9) * 60,
        "lunch": {"early": hm(lj.get("earliest", "12:00")),
                  "late": hm(lj.get("latest", "14:00")),
                  "dur": lj.get("minutes", 45) * 60},
    }
    acc = {}
    with open(d + "/accounts.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            acc[r["id"]] = {"value": int(float(r["value"])),
                            "visit": int(r.get("visit_minutes") or 30) * 60,
                            "hours": parse_hours(r.get("opening_hours"))}
    T, M = load_matrix(matrix or d + "/matrix.csv")
    days, printed = read_plan(plan)
    problems = []
    seen = set()
    value = visits = dist = 0
    for date in sorted(days):
        seq = days[date]
        dd = datetime.date.fromisoformat(date)
        wd = dd.weekday()
        if not (0 <= (dd - FIRST).days < 5):
            problems.append("%s: outside the week" % date)
            continue
        for c in seq:
            if c not in acc:
                problems.append("%s: %s: no such account" % (date, c))
            elif c in seen:
                problems.append("%s: %s: visited twice" % (date, c))
            seen.add(c)
        if any(c not in acc for c in seq):
            continue
        legs = list(zip(["HOME"] + seq, seq + ["HOME"]))
        drive = sum(T[l] for l in legs)
        dist += sum(M[l] for l in legs)
        value += sum(acc[c]["value"] for c in seq)
        visits += len(seq)
        if drive > rep["drive"]:
            problems.append("%s: %d s of driving > %d" % (date, drive, rep["drive"]))
        best = None
        low = [None] * len(seq)  # earliest start of each visit over the feasible options
        options = range(len(seq) + 1) if rep["lunch"]["dur"] > 0 else [None]
        for p in options:
            r = earliest(seq, wd, acc, T, rep, p, mode)
            if r and (best is None or r[1] < best[1]):
                best = r
            if r:
                low = [x if y is None else min(x, y) for x, y in zip(r[0], low)]
        if best is None:
            problems.append("%s: no feasible schedule for %s (lunch %s)" %
                            (date, " ".join(seq), mode))
            continue
        for k, c in enumerate(seq):
            s = printed.get((date, c))
            if s is None:
                continue
            ok = any(max(o, rep["start"]) - 60 <= s <= min(cl, rep["end"]) - acc[c]["visit"] + 60
                     for (o, cl) in acc[c]["hours"].get(wd, []))
            if not ok:
                problems.append("%s: %s: printed start %02d:%02d outside its hours" %
                                (date, c, s // 3600, s % 3600 // 60))
            if s < low[k] - 60:
                problems.append("%s: %s: printed start before the earliest possible" %
                                (date, c))
    for p in problems:
        print("week_check: %s: %s" % (plan, p), file=sys.stderr)
    res = {"value": value, "visits": visits, "km": round(dist / 1000.0, 1),
           "feasible": not problems}
    if as_json:
        print(json.dumps(res))
    else:
        print("value %d visits %d km %.1f feasible %s" %
              (value, visits, dist / 1000.0, "yes" if not problems else "no"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
