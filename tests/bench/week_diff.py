#!/usr/bin/env python3
"""Where a saha week plan and VROOM's differ (tests/bench/week_vroom.sh's instances).

    week_diff.py SAHA_PLAN.csv DIR [--matrix MATRIX.csv]

Reads the saha itinerary CSV and DIR/vroom_plan.csv (python3 standard library only) and
prints: value and visits of both; the accounts only VROOM visits (value, day) and only
saha visits; accounts both visit on different days; and per day the visits, value,
drive minutes (from the matrix) and minutes waiting at windows (start minus arrival,
from each plan's own times).
"""
import csv
import sys


def hm(s):
    p = s.split(":")
    return int(p[0]) * 60 + int(p[1]) + (int(p[2]) / 60.0 if len(p) > 2 else 0)


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    saha_csv, d = argv[1], argv[2]
    matrix = argv[argv.index("--matrix") + 1] if "--matrix" in argv else d + "/matrix.csv"
    acc = {r["id"]: r for r in load(d + "/accounts.csv")}
    T = {}
    for r in load(matrix):
        T[(r["from_id"], r["to_id"])] = int(r["duration_s"]) / 60.0
    plans = {"saha": {}, "vroom": {}}
    wait = {"saha": {}, "vroom": {}}
    for r in load(saha_csv):
        plans["saha"].setdefault(r["date"], []).append(r["id"])
        wait["saha"][r["date"]] = wait["saha"].get(r["date"], 0) + hm(r["start"]) - hm(r["arrival"])
    for r in load(d + "/vroom_plan.csv"):
        if r["type"] == "visit":
            plans["vroom"].setdefault(r["date"], []).append(r["id"])
            wait["vroom"][r["date"]] = wait["vroom"].get(r["date"], 0) + hm(r["start"]) - hm(r["arrival"])
    day_of = {k: {c: dt for dt, seq in p.items() for c in seq} for k, p in plans.items()}
    val = lambda ids: sum(int(float(acc[c]["value"])) for c in ids)
    for k in ("saha", "vroom"):
        print("%-5s value %d visits %d" % (k, val(day_of[k]), len(day_of[k])))
    only_v = sorted(set(day_of["vroom"]) - set(day_of["saha"]), key=lambda c: -int(float(acc[c]["value"])))
    only_s = sorted(set(day_of["saha"]) - set(day_of["vroom"]), key=lambda c: -int(float(acc[c]["value"])))
    print("only VROOM: %d accounts, value %d: %s" % (len(only_v), val(only_v), " ".join(
        "%s(%s,%s,%s)" % (c, acc[c]["value"], day_of["vroom"][c][5:], acc[c]["opening_hours"] or "always") for c in only_v)))
    print("only saha:  %d accounts, value %d: %s" % (len(only_s), val(only_s), " ".join(
        "%s(%s,%s)" % (c, acc[c]["value"], day_of["saha"][c][5:]) for c in only_s)))
    moved = [c for c in day_of["saha"] if c in day_of["vroom"] and day_of["saha"][c] != day_of["vroom"][c]]
    print("both, other day: %d of %d" % (len(moved), len(set(day_of["saha"]) & set(day_of["vroom"]))))
    for dt in sorted(set(plans["saha"]) | set(plans["vroom"])):
        cells = []
        for k in ("saha", "vroom"):
            seq = plans[k].get(dt, [])
            legs = list(zip(["HOME"] + seq, seq + ["HOME"])) if seq else []
            drive = sum(T[l] for l in legs)
            cells.append("%s %2d visits value %4d drive %3.0f wait %3.0f" % (
                k, len(seq), val(seq), drive, wait[k].get(dt, 0)))
        print(dt, " | ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
