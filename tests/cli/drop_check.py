#!/usr/bin/env python3
"""What --overload drop says it dropped, checked against the plan's own files.

  drop_check.py SUMMARY.txt CADENCE.csv ITINERARY.csv [--all-kept-planned]

Asserts: the summary's overload line gives the number dropped, and it is the sum of the
cadence report's dropped column; every account with dropped visits has its line in the
summary (up to the 20 shown; the rest counted in "... and N more") naming the same
windows as the report's dropped_windows, in the same order; each account's dropped
windows are as many as its dropped count, inside the horizon and never visited in the
itinerary (no visit of the account on a day of a dropped window); the reason, "at most
X an hour of work, the kept visits earn Y or more", has X <= Y and X equal to the
report's dropped_value_per_hour (a window marked "(days full)" was kept by value but its
days had no room left, or "(no working day)": not counted in X; "kept by value, but no
day of these windows had room" when all are); with --all-kept-planned, every kept owed
visit (required - dropped) is in the itinerary.
Prints "drop ok: N visits of A accounts, the K kept all planned" and exits 0,
or one line per problem and exits 1.
"""
import csv
import datetime
import re
import sys


def main(summary, cadence, itinerary, all_kept=False):
    problems = []
    text = open(summary, encoding="utf-8").read()
    m = re.search(r"^overload: .*: (\d+) visits dropped, least value per hour first$", text, re.M)
    if not m:
        print("drop: no overload line naming the visits dropped")
        return 1
    total = int(m.group(1))
    lines = {}
    for mm in re.finditer(r"^  (\S+) \(.*?\) loses (\d+) of (\d+) visits \(every \d+ days\): (.*); "
                          r"(?:at most (\d+) \S* an hour of work, (?:the kept visits earn (\d+) or more|the least valuable)"
                          r"|kept by value, but no day of these windows had room)$",
                          text, re.M):
        wins, full = [], []
        for w in mm.group(4).split(", "):
            full.append(w.endswith(" (days full)") or w.endswith(" (no working day)"))
            w = w.replace(" (no working day)", "").replace(" (days full)", "")
            a, _, b = w.partition("..")
            wins.append((a, b or a))
        if mm.group(5) is None and not all(full):
            problems.append("%s: 'no day had room' but a window is not marked so" % mm.group(1))
        lines[mm.group(1)] = (int(mm.group(2)), wins, int(mm.group(5) or 0),
                              int(mm.group(6)) if mm.group(6) else None)
    more = re.search(r"^  \.\.\. and (\d+) more", text, re.M)
    visits = {}
    with open(itinerary, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            visits.setdefault(r["id"], set()).add(r["date"])
    rows = list(csv.DictReader(open(cadence, newline="", encoding="utf-8")))
    # every kept owed visit is planned: an account owing R with D dropped has at least
    # R - D visits in the itinerary (its optional visits can only add)
    kept = 0
    for r in rows:
        want = int(r["required"]) - int(r["dropped"])
        kept += want
        have = len(visits.get(r["id"], ()))
        if all_kept and have < want:
            problems.append("%s: %d owed visits kept, %d planned" % (r["id"], want, have))
    dropped = sum(int(r["dropped"]) for r in rows)
    if dropped != total:
        problems.append("the summary drops %d visits, the report %d" % (total, dropped))
    losers = [r for r in rows if int(r["dropped"]) > 0]
    want_lines = min(len(losers), 20)
    if len(lines) != want_lines:
        problems.append("%d accounts named, want %d" % (len(lines), want_lines))
    if len(losers) > 20 and (not more or int(more.group(1)) != len(losers) - 20):
        problems.append("the accounts beyond 20 are not counted")
    for r in losers:
        wins = [tuple(w.split("/")) for w in r["dropped_windows"].split()]
        if len(wins) != int(r["dropped"]):
            problems.append("%s: %d windows for %s dropped" % (r["id"], len(wins), r["dropped"]))
        for a, b in wins:
            d0, d1 = datetime.date.fromisoformat(a), datetime.date.fromisoformat(b)
            if d1 < d0:
                problems.append("%s: window %s/%s ends before it starts" % (r["id"], a, b))
            d = d0
            while d <= d1:
                if d.isoformat() in visits.get(r["id"], ()):
                    problems.append("%s: visited on %s, in a dropped window" % (r["id"], d))
                d += datetime.timedelta(days=1)
        if r["id"] in lines:
            n, lw, x, y = lines[r["id"]]
            if n != int(r["dropped"]) or lw != wins:
                problems.append("%s: the summary says %d visits %s, the report %s %s"
                                % (r["id"], n, lw, r["dropped"], wins))
            if x != int(r["dropped_value_per_hour"]):
                problems.append("%s: %d an hour in the summary, %s in the report"
                                % (r["id"], x, r["dropped_value_per_hour"]))
            if y is not None and x > y:
                problems.append("%s: dropped at %d an hour while kept visits earn %d" % (r["id"], x, y))
    for m in problems:
        print("drop: " + m)
    if problems:
        return 1
    print("drop ok: %d visits of %d accounts%s" % (total, len(losers), (
        ", the %d kept all planned" % kept) if all_kept else ""))
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--all-kept-planned"]
    if len(args) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(*args, all_kept=len(args) < len(sys.argv) - 1))
