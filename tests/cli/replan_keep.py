#!/usr/bin/env python3
"""How many of a previous plan's visits can keep their day? (exact, by enumeration)

    replan_keep.py PREVIOUS.csv ACCOUNTS.csv REP.json DATE REQUIRED[@HH:MM][,..] [--drop ID,..]
                   [--from HH:MM] [--no-lunch]

For one day of a re-plan: the previous plan's visits on DATE (less --drop, e.g. the
cancelled one) are the candidates, REQUIRED are visits the re-plan must make that day
(ID@HH:MM: an appointment at that time, e.g. one the visit log moved). Every order of every subset is tried (depth-first,
pruned on time), with the rep's travel model (README; plan_check.leg), opening hours,
visit minutes, the working day, max drive minutes and a lunch of the rep's length
starting inside its window (after a visit, or at home before leaving or after the last
leg). --no-lunch drops the lunch rule: a relaxation, so an answer "at most k" without
lunch is a proof for the real day too. Prints the largest number of candidates that
fit with all REQUIRED, which sets reach it, and for each candidate whether some
feasible day keeps it. Used by test_replan.sh (the scenario's bound); python3 stdlib only.
"""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plan_check as pc  # noqa: E402


def main():
    a = sys.argv[1:]
    opt = {}
    for k in ("--drop", "--from"):
        if k in a:
            i = a.index(k)
            opt[k] = a[i + 1]
            del a[i:i + 2]
    nolunch = "--no-lunch" in a
    a = [x for x in a if x != "--no-lunch"]
    prev_p, acc_p, rep_p, date, req = a[:5]
    drop = set(opt.get("--drop", "").split(",")) - {""}
    rj = json.load(open(rep_p, encoding="utf-8"))
    tr = rj.get("travel", {})
    rep = {"circuity": tr.get("circuity", 1.3),
           "bands": tr.get("speed_kmh", [[5, 25], [50, 50], [1e9, 80]])}
    home = (rj["home"]["lat"], rj["home"]["lon"])
    d0 = pc.hm(rj.get("day_start", "08:30"))
    if "--from" in opt:
        d0 = max(d0, pc.hm(opt["--from"]))
    d1 = pc.hm(rj.get("day_end", "18:00"))
    lu = rj.get("lunch") or {}
    llen = 0 if nolunch else lu.get("minutes", 0)
    le, ll = pc.hm(lu.get("earliest", "12:00")), pc.hm(lu.get("latest", "14:00"))
    maxdrive = rj.get("max_drive_minutes_per_day", 0) or 1e9
    accts = {r["id"]: r for r in csv.DictReader(open(acc_p, encoding="utf-8"))}
    import datetime
    wd = datetime.date.fromisoformat(date).weekday()
    cand = [r["id"] for r in csv.DictReader(open(prev_p, encoding="utf-8"))
            if r["date"] == date and r["id"] not in drop]
    fixed = {}
    for x in req.split(","):
        if "@" in x:
            fixed[x.split("@")[0]] = pc.hm(x.split("@")[1])
    required = [x.split("@")[0] for x in req.split(",") if x]
    cand = [c for c in cand if c not in required]
    stops = cand + required
    pos = {s: (float(accts[s]["lat"]), float(accts[s]["lon"])) for s in stops}
    svc = {s: float(accts[s].get("visit_minutes") or 30) for s in stops}
    win = {}
    for s in stops:
        ap = accts[s].get("appointment", "")
        if s in fixed:
            win[s] = [(fixed[s], fixed[s])]
            continue
        if ap and ap[:10] == date:
            t = pc.hm(ap[11:16])
            win[s] = [(t, t)]
            continue
        h = pc.parse_hours(accts[s].get("opening_hours"))
        spans = [(0, 24 * 60)] if h is None else h[wd]
        win[s] = [(o, c - svc[s]) for o, c in spans if c - svc[s] >= o]
    lg = {}
    pts = {"HOME": home, **pos}
    for x in pts:
        for y in pts:
            lg[x, y] = pc.leg(rep, pts[x], pts[y])[1]
    best = {}  # frozenset of kept candidates -> (a feasible order, lunch before return)

    def start_at(s, t):
        for o, c in win[s]:
            if t <= c:
                return max(t, o)
        return None

    def dfs(at, t, drive, lunched, seq):
        # close the day: home, lunch at home after the last leg if still owed
        back = t + lg[at, "HOME"]
        dr = drive + lg[at, "HOME"]
        if dr <= maxdrive + 1e-9:
            ok = back <= d1
            if ok and llen and not lunched:
                ls = max(back, le)
                ok = ls <= ll and ls + llen <= d1
            if ok and all(r in seq for r in required):
                key = frozenset(x for x in seq if x in cand)
                if key not in best:
                    best[key] = (seq, lunched)
        for s in stops:
            if s in seq:
                continue
            for take in ((0, 1) if llen and not lunched else (0,)):
                t0 = t
                if take:  # lunch here before driving on
                    ls = max(t0, le)
                    if ls > ll:
                        continue
                    t0 = ls + llen
                arr = t0 + lg[at, s]
                st = start_at(s, arr)
                if st is None or drive + lg[at, s] > maxdrive + 1e-9:
                    continue
                dfs(s, st + svc[s], drive + lg[at, s], lunched or take, seq + [s])

    dfs("HOME", d0, 0.0, False, [])
    if not best:
        print("%s: no feasible day holds the required visits %s" % (date, required))
        return 1
    k = max(len(s) for s in best)
    tops = sorted(sorted(s) for s in best if len(s) == k)
    print("%s: %d candidates (%s), required %s%s" % (
        date, len(cand), ",".join(cand), ",".join(required), " (no lunch rule)" if nolunch else ""))
    print("at most %d of %d keep their day; sets that reach it: %d" % (k, len(cand), len(tops)))
    for s in tops[:6]:
        print("  keep " + ",".join(s) + "  (lose " + ",".join(c for c in cand if c not in s) +
              "), e.g. " + " ".join(best[frozenset(s)][0]))
    for c in cand:
        print("  %s: %s" % (c, "can be kept" if any(c in s for s in best) else "never fits"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
