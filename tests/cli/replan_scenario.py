#!/usr/bin/env python3
"""Helpers of test_replan.sh (python3 standard library only).

    replan_scenario.py prepare ACCOUNTS WEEK0.csv OUTDIR
        picks, from a first plan WEEK0 (no appointment), a Thursday account near Friday's
        11:00 visit for the appointment (Thu 14:00, later moved to Fri 11:00); writes
        OUTDIR/acc1.csv (with the appointment) and OUTDIR/appt
    prepare-urgent WEEK1.csv OUTDIR
        picks the urgent must-visit near week 1's Wednesday; OUTDIR/acc2.csv, OUTDIR/urgent
    prepare-log WEEK1.csv APPT OUTDIR
        writes OUTDIR/log.csv (Turkish headers and words, ';'): every Monday and Tuesday
        visit done at its planned start, one Friday visit cancelled, the appointment
        rescheduled to Fri 11:00; OUTDIR/cancelled holds the cancelled id
    nights WEEK.csv
        one line per day: "DATE NIGHT_BEFORE NIGHT_AFTER" ("-" = at home)
    check WEEK1.csv WEEK2.csv LOG.csv APPT URGENT CANCELLED [MIN_KEPT [MIN_ORDER]]
        the scenario's claims (MIN_KEPT: share of untouched visits that must keep
        their day, default 0.8; MIN_ORDER: share of the visits on their day that must
        keep their order, none by default) (one line per failure, exit 1 if any)
"""
import csv
import math
import sys

WED, THU, FRI = "2026-12-09", "2026-12-10", "2026-12-11"


def read(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((la2 - la1) / 2) ** 2 +
         math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def centroid(rows):
    return (sum(float(r["lat"]) for r in rows) / len(rows),
            sum(float(r["lon"]) for r in rows) / len(rows))


def open_all_week(r):
    h = r["opening_hours"].strip()
    return h in ("", "Mo-Fr 08:30-18:00", "Mo-Fr 09:00-18:00", "Mo-Fr 09:00-17:00",
                 "Mo-Fr 08:00-18:00")


def prepare(accounts, week0, outdir):
    rows = read(accounts)
    w0 = read(week0)
    planned = {r["id"] for r in w0}
    free = [r for r in rows if r["id"] not in planned and r["lat"] and open_all_week(r)
            and not r["appointment"] and r["must_visit"] in ("", "false", "0", "no")
            and float(r["visit_minutes"] or 30) <= 30]
    pos = lambda r: (float(r["lat"]), float(r["lon"]))
    by_id = {r["id"]: r for r in rows}
    # the appointment: of the accounts week 0 visits on Thursday and open all week, the
    # one nearest Friday's visit closest to 11:00; booked for Thursday 14:00 in week 1
    fri = pos(min((r for r in w0 if r["date"] == FRI), key=lambda r: abs(hm(r["start"]) - 660)))
    appt = min((r for r in w0 if r["date"] == THU and open_all_week(by_id[r["id"]])
                and float(by_id[r["id"]]["visit_minutes"] or 30) <= 45),
               key=lambda r: km(pos(r), fri))["id"]
    hdr = list(rows[0].keys())
    for r in rows:
        if r["id"] == appt:
            r["appointment"] = THU + " 14:00"
    write(outdir + "/acc1.csv", hdr, rows)
    with open(outdir + "/appt", "w") as f:
        f.write("%s\n" % appt)


def prepare_urgent(week1, outdir):
    """The urgent must-visit: the free account nearest week 1's Wednesday visits."""
    rows = read(outdir + "/acc1.csv")
    w1 = read(week1)
    planned = {r["id"] for r in w1}
    pos = lambda r: (float(r["lat"]), float(r["lon"]))
    wed = [pos(r) for r in w1 if r["date"] == WED]
    free = [r for r in rows if r["id"] not in planned and r["lat"] and open_all_week(r)
            and not r["appointment"] and float(r["visit_minutes"] or 30) <= 30]
    urgent = min(free, key=lambda r: min(km(pos(r), w) for w in wed))["id"]
    for r in rows:
        if r["id"] == urgent:
            r["must_visit"] = "yes"
    write(outdir + "/acc2.csv", list(rows[0].keys()), rows)
    with open(outdir + "/urgent", "w") as f:
        f.write("%s\n" % urgent)


def write(path, hdr, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=hdr)
        w.writeheader()
        w.writerows(rows)


def prepare_log(week1, appt, outdir):
    w1 = read(week1)
    fri = [r for r in w1 if r["date"] == FRI and r["id"] != appt]
    cancelled = fri[len(fri) // 2]["id"]
    with open(outdir + "/log.csv", "w", encoding="utf-8") as f:
        f.write("kod;zaman;sonuç;not\n")
        for r in w1:
            if r["date"] in ("2026-12-07", "2026-12-08"):
                f.write("%s;%s %s;yapıldı;\n" % (r["id"], r["date"], r["start"]))
        f.write("%s;2026-12-08 17:30;iptal;müşteri aradı\n" % cancelled)
        f.write("%s;%s 11:00;ertelendi;\"Cuma 11:00; telefonla\"\n" % (appt, FRI))
    with open(outdir + "/cancelled", "w") as f:
        f.write(cancelled + "\n")


def lcs(a, b):
    t = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a)):
        for j in range(len(b)):
            t[i + 1][j + 1] = t[i][j] + 1 if a[i] == b[j] else max(t[i][j + 1], t[i + 1][j])
    return t[len(a)][len(b)]


def check(week1, week2, log, appt, urgent, cancelled, min_kept="0.8", min_order=None):
    w1, w2 = read(week1), read(week2)
    with open(log, encoding="utf-8") as f:
        logrows = list(csv.DictReader(f, delimiter=";"))
    problems = []
    done = [(r["kod"], r["zaman"]) for r in logrows if r["sonuç"] == "yapıldı"]
    if not done:
        problems.append("the log has no done visit")
    for acc, when in done:
        date, hhmm = when.split(" ")
        rows = [r for r in w2 if r["id"] == acc]
        here = [r for r in rows if r["date"] == date]
        if len(here) != 1 or abs(hm(here[0]["start"]) - hm(hhmm)) > 2:
            problems.append("done visit %s %s is not in the re-plan at its time" % (acc, when))
        if date >= WED:
            problems.append("done visit %s %s is not in the past" % (acc, when))
        if len(rows) != 1:
            problems.append("done account %s is visited %d times" % (acc, len(rows)))
    if any(r["id"] == cancelled for r in w2):
        problems.append("cancelled account %s is still planned" % cancelled)
    a = [r for r in w2 if r["id"] == appt]
    if len(a) != 1 or a[0]["date"] != FRI or a[0]["start"] != "11:00":
        problems.append("moved appointment %s: %s" % (appt, [(r["date"], r["start"]) for r in a]))
    if any(r["date"] == THU for r in w2):
        problems.append("visits on the day off: %s" % [r["id"] for r in w2 if r["date"] == THU])
    u = [r for r in w2 if r["id"] == urgent]
    if len(u) != 1 or u[0]["date"] != WED:
        problems.append("urgent %s not visited within a day: %s" % (urgent, [r["date"] for r in u]))
    for r in w2:
        if r["date"] == WED and hm(r["arrival"]) < 8 * 60:
            problems.append("%s arrives before the moment" % r["id"])
    untouched = [r for r in w1 if r["date"] in (WED, FRI) and r["id"] not in (cancelled, appt, urgent)]
    same = {(r["id"], r["date"]) for r in w2}
    kept = sum((r["id"], r["date"]) in same for r in untouched)
    print("untouched kept their day: %d of %d" % (kept, len(untouched)))
    # of the visits that kept their day (any, not only untouched), how many keep their
    # order: per day, the longest subsequence in the same order in both plans
    in_order = on_day = 0
    for d in sorted({r["date"] for r in w2 if r["date"] >= WED}):
        seq1 = [r["id"] for r in sorted(w1, key=lambda r: int(r["seq"])) if r["date"] == d]
        seq2 = [r["id"] for r in sorted(w2, key=lambda r: int(r["seq"])) if r["date"] == d]
        both = set(seq1) & set(seq2)
        a, b = [x for x in seq1 if x in both], [x for x in seq2 if x in both]
        on_day += len(both)
        in_order += lcs(a, b)
    print("kept their order: %d of %d visits that kept their day" % (in_order, on_day))
    if min_order is not None and in_order < float(min_order) * on_day:
        problems.append("only %d of %d visits on their day kept their order" % (in_order, on_day))
    if not untouched or kept < float(min_kept) * len(untouched):
        problems.append("only %d of %d untouched visits kept their day" % (kept, len(untouched)))
    for p in problems:
        print(p)
    return 1 if problems else 0


def nights(week):
    days = {}
    for r in read(week):
        nb, na = days.setdefault(r["date"], (r["night_before"], r["night_after"]))
        if (nb, na) != (r["night_before"], r["night_after"]):
            print("%s: rows disagree on the nights" % r["date"])
            return 1
    for d in sorted(days):
        print("%s %s %s" % (d, days[d][0] or "-", days[d][1] or "-"))
    return 0


def hm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


def main():
    cmd = sys.argv[1]
    if cmd == "prepare":
        prepare(*sys.argv[2:5])
    elif cmd == "prepare-urgent":
        prepare_urgent(*sys.argv[2:4])
    elif cmd == "prepare-log":
        prepare_log(*sys.argv[2:5])
    elif cmd == "nights":
        return nights(sys.argv[2])
    elif cmd == "check":
        return check(*sys.argv[2:10])
    return 0


if __name__ == "__main__":
    sys.exit(main())
