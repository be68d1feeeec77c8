#!/usr/bin/env python3
"""Independent checker of `saha solve --json` answers on Cordeau's PVRP files.

Reads each instance itself (type m n t / t lines "D Q" / n + 1 vertex lines), then
checks every answer: at most m routes a day (route r is on day r // (routes / t)), each
customer visited on exactly the days of one of its allowed combinations (codes read as
t-bit strings from the left: day k is in code c iff (c >> (t - k)) & 1), at most once a
day, every route's load <= Q and, when D > 0, travel + service time <= D; the total
Euclidean distance is recomputed in double precision and must match the reported
objective within 0.01. Prints one table row per answer (gap to the best-known value
when --bks gives it) and the mean gap; exits 1 on any violation.

Usage: pvrp_check.py ANSWERS.jsonl [--bks bks.csv] [--max-gap PCT]
Each line of ANSWERS.jsonl is saha's JSON object plus "file": the instance path."""
import argparse
import csv
import json
import math
import sys


def read_instance(path):
    with open(path) as f:
        lines = [ln.split() for ln in f if ln.strip()]
    typ, m, n, t = (int(x) for x in lines[0])
    if typ != 1:
        raise ValueError(f"{path}: type {typ} is not a PVRP")
    days = [(float(a), float(b)) for a, b in lines[1 : 1 + t]]
    pts = []
    for k in range(n + 1):
        tok = lines[1 + t + k]
        i, x, y, d, q, f, a = (float(v) for v in tok[:7])
        codes = [int(v) for v in tok[7 : 7 + int(a)]]
        if int(i) != k:
            raise ValueError(f"{path}: vertex line {k} numbered {i}")
        sets = []
        for c in codes:
            sets.append(frozenset(day for day in range(t) if (c >> (t - 1 - day)) & 1))
        pts.append({"x": x, "y": y, "d": d, "q": q, "combs": sets})
    return {"m": m, "n": n, "t": t, "days": days, "pts": pts}


def dist(a, b):
    return math.hypot(a["x"] - b["x"], a["y"] - b["y"])


def check(inst, ans):
    """Returns (cost, list of violations)."""
    errs = []
    t, n, pts = inst["t"], inst["n"], inst["pts"]
    m = inst["m"] if ans.get("m_override") is None else ans["m_override"]
    routes = ans["routes"]
    if len(routes) % t != 0:
        errs.append(f"{len(routes)} routes is not a multiple of {t} days")
        return math.nan, errs
    per = len(routes) // t
    if per > m:
        errs.append(f"{per} routes a day, only {m} vehicles")
    visits = {c: [] for c in range(1, n + 1)}
    cost = 0.0
    for r, route in enumerate(routes):
        day = r // per
        if not route:
            continue
        D, Q = inst["days"][day]
        load = dur = 0.0
        prev = pts[0]
        for c in route:
            if not (1 <= c <= n):
                errs.append(f"route {r}: point {c} is not a customer")
                continue
            visits[c].append(day)
            p = pts[c]
            dd = dist(prev, p)
            cost += dd
            dur += dd + p["d"]
            load += p["q"]
            prev = p
        dd = dist(prev, pts[0])
        cost += dd
        dur += dd
        if Q > 0 and load > Q + 1e-9:
            errs.append(f"day {day + 1} route {r % per + 1}: load {load:g} > Q {Q:g}")
        if D > 0 and dur > D + 1e-6:
            errs.append(f"day {day + 1} route {r % per + 1}: duration {dur:.4f} > D {D:g}")
    for c in range(1, n + 1):
        ds = visits[c]
        if len(set(ds)) != len(ds):
            errs.append(f"customer {c}: visited twice on a day")
        if frozenset(ds) not in pts[c]["combs"]:
            days = " ".join(str(d + 1) for d in sorted(ds)) or "none"
            errs.append(f"customer {c}: days {days} are not an allowed combination")
    rep = ans.get("objective")
    if rep is None or abs(float(rep) - cost) > 0.01:
        errs.append(f"objective {rep} but the routes cost {cost:.4f}")
    if ans.get("feasible") is not True:
        errs.append("saha says infeasible")
    return cost, errs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("answers")
    ap.add_argument("--bks", help="bks.csv (instance,...,bks,...)")
    ap.add_argument("--max-gap", type=float, help="fail when a gap is above PCT")
    a = ap.parse_args()
    bks = {}
    if a.bks:
        with open(a.bks) as f:
            for row in csv.DictReader(f):
                bks[row["instance"]] = float(row["bks"])
    bad = 0
    gaps = []
    print("| instance | n | days | m | cost | bks | gap % | seconds |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    with open(a.answers) as f:
        for line in f:
            if not line.strip():
                continue
            ans = json.loads(line)
            inst = read_instance(ans["file"])
            name = ans.get("instance", "?")
            cost, errs = check(inst, ans)
            gap = ""
            if name in bks and not errs:
                g = 100.0 * (cost - bks[name]) / bks[name]
                gaps.append(g)
                gap = f"{g:.2f}"
                if a.max_gap is not None and g > a.max_gap:
                    errs.append(f"gap {g:.2f}% above {a.max_gap}%")
            print(
                f"| {name} | {inst['n']} | {inst['t']} | {inst['m']} | {cost:.2f} | "
                f"{bks.get(name, '')} | {gap} | {ans.get('seconds', '')} |"
            )
            for e in errs:
                print(f"{name}: {e}", file=sys.stderr)
            bad += bool(errs)
    if gaps:
        print(f"\nmean gap {sum(gaps) / len(gaps):.2f}% over {len(gaps)} instances")
    if bad:
        print(f"{bad} answer(s) failed the check", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
