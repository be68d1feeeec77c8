#!/usr/bin/env python3
"""Checks a `saha plan` itinerary CSV from the outside (python3 standard library only).

    plan_check.py ITINERARY.csv ACCOUNTS.csv REP.json [UNVISITED.csv] [--start DATE --days N]
                  [--visits LOG.csv --from "DATE HH:MM" --off DATE[,DATE]]
                  [--position LAT,LON[@HH:MM]]

Recomputes every drive with the travel model the README documents (great-circle distance
x circuity, time from the piecewise speed bands) and checks, per day:
  - drive_km / drive_min of each leg agree with the model;
  - arrival = previous departure (or any time after day_start for the first) + drive,
    plus at most a lunch break where one is taken;
  - each visit starts at or after arrival, lasts visit_minutes, and lies inside one
    opening span of the account on that weekday (or its appointment time) and inside the
    working day (the weekday's window of working_hours when the rep file has them);
    back home by day_end;
  - a lunch of the rep's length fits somewhere (at home before leaving, after a visit,
    or at home after the last leg) starting inside the lunch window; unless the rep
    file says "lunch": {"on_the_road": false}, also during a leg: the rep drives part
    of it, eats, drives on (arrival = max(leave + drive, lunch start) + lunch);
    the itinerary's lunch, lunch_start and lunch_drive_min columns, when present, name
    one lunch a day inside the window and within its leg's drive;
  - the day's drive stays within max_drive_minutes_per_day and max_km_per_day;
  - an account is visited at most once, unless its frequency_days F is shorter than the
    horizon: then at most once a day and, given --start and --days (the plan's), at most
    once per period of F days counted from the day it is due (day 0 when overdue or
    without last_visit), none of the repeats before it is due; with UNVISITED, every
    input account with a valid id is in exactly one of the two files.
A re-plan (--visits, --from, --off) is replayed too: the log's rescheduled rows are the
appointments (one before the moment binds no more); every done row inside the plan is a visit on its day at its time (the
frozen past is checked like any day); a done account is not visited again (before its
cadence is due again), a cancelled one not at all unless re-booked later; nothing is
planned on a day off, nor, apart from done visits, before the moment. With --position
the moment's day goes on from that place: its first visit not done before the moment
is driven to from there and arrives no earlier than HH:MM (default: the moment) + drive.
Times in the CSV are HH:MM, so comparisons allow TOL minutes. Prints one line per
problem and exits 1 if there is any.
"""
import csv
import io
import datetime
import json
import math
import re
import sys

TOL = 2.0  # minutes: HH:MM rounding on both sides plus sphere-vs-ellipsoid distances
DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


def hm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


def parse_hours(text):
    """The OpenStreetMap opening_hours subset used in the test data -> {weekday: spans}."""
    text = (text or "").strip()
    if not text:
        return None  # always open
    out = {d: [] for d in range(7)}
    for rule in text.split(";"):
        rule = rule.strip()
        if not rule:
            continue
        sel, _, times = rule.partition(" ")
        if sel == "PH":
            continue  # public holidays: cadence_check.py and the C checker look at them
        days = set()
        for part in sel.split(","):
            if "-" in part:
                a, b = DAYS.index(part[:2]), DAYS.index(part[3:5])
                d = a
                while True:
                    days.add(d)
                    if d == b:
                        break
                    d = (d + 1) % 7
            else:
                days.add(DAYS.index(part))
        spans = []
        for span in times.split(","):
            o, c = span.strip().split("-")
            spans.append((hm(o), hm(c)))
        for d in days:
            out[d] = spans
    return out


def leg(rep, a, b):
    """(km, minutes) of a leg by the README's travel model."""
    r = 6371.0088
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((la2 - la1) / 2) ** 2 +
         math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    km = 2 * r * math.asin(min(1.0, math.sqrt(h))) * rep["circuity"]
    t, lo = 0.0, 0.0
    for upto, speed in rep["bands"]:
        part = max(0.0, min(km, upto) - lo)
        t += part / speed * 60.0
        lo = upto
        if km <= upto:
            break
    return km, t


def read_out_csv(path):
    """An output CSV in any --csv-dialect: BOM, ';' with decimal commas (made points)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    delim = ";" if ";" in text.split("\n", 1)[0] else ","
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delim))
    if delim == ";":
        num = re.compile(r"^-?[0-9]+,[0-9]+$")
        rows = [{k: (v.replace(",", ".") if v and num.match(v) else v) for k, v in r.items()}
                for r in rows]
    return rows


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    args = sys.argv[1:]
    h_start = horizon = None
    if "--start" in args:
        i = args.index("--start")
        h_start = datetime.date.fromisoformat(args[i + 1])
        del args[i:i + 2]
    if "--days" in args:
        i = args.index("--days")
        horizon = int(args[i + 1])
        del args[i:i + 2]
    opt = {}
    for key in ("--visits", "--from", "--off", "--position"):
        if key in args:
            i = args.index(key)
            opt[key] = args[i + 1]
            del args[i:i + 2]
    itin, accounts_path, rep_path = args[0:3]
    unvisited = args[3] if len(args) > 3 else None
    with open(rep_path, encoding="utf-8") as f:
        rj = json.load(f)
    tr = rj.get("travel", {})
    rep = {
        "home": (rj["home"]["lat"], rj["home"]["lon"]),
        "circuity": tr.get("circuity", 1.3),
        "bands": tr.get("speed_kmh", [[5, 25], [50, 50], [1e9, 80]]),
        "start": hm(rj.get("day_start", "08:30")),
        "end": hm(rj.get("day_end", "18:00")),
        "lunch": rj.get("lunch", {"earliest": "12:00", "latest": "14:00", "minutes": 45}),
        "max_drive": rj.get("max_drive_minutes_per_day", 0),
        "max_km": rj.get("max_km_per_day", 0),
        # per-weekday working windows (they replace day_start and day_end)
        "week": parse_hours(rj.get("working_hours")),
    }
    if isinstance(rep["bands"], (int, float)):
        rep["bands"] = [[1e9, rep["bands"]]]
    lunch = rep["lunch"]
    l_len = lunch.get("minutes", 45) if lunch else 0
    l_early = hm(lunch.get("earliest", "12:00")) if lunch else 0
    l_late = hm(lunch.get("latest", "14:00")) if lunch else 0
    on_road = bool(lunch.get("on_the_road", True)) if lunch else False

    accts = {}
    with open(accounts_path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            accts[row["id"]] = row
    problems = []

    def bad(msg):
        problems.append(msg)

    log = []
    if "--visits" in opt:
        with open(opt["--visits"], encoding="utf-8-sig") as f:
            text = f.read()
        delim = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        names = {"id": ("id", "kod", "account_id", "code"), "when": ("when", "zaman", "tarih"),
                 "outcome": ("outcome", "sonuç", "sonuc", "result", "status")}
        words = {"done": ("done", "yapıldı", "yapildi", "visited", "ok", "tamam"),
                 "cancelled": ("cancelled", "canceled", "iptal"),
                 "no_show": ("no_show", "noshow", "gelmedi"),
                 "rescheduled": ("rescheduled", "ertelendi", "moved")}
        for row in csv.DictReader(text.splitlines(), delimiter=delim):
            low = {k.strip().lower(): v for k, v in row.items() if k}
            get = lambda f: next((low[n] for n in names[f] if n in low), "")
            oc = next((w for w, al in words.items() if get("outcome").strip().lower() in al), None)
            log.append((get("id"), get("when").strip(), oc))
        for aid, when, oc in sorted(log, key=lambda x: x[1]):
            if oc == "rescheduled" and aid in accts:
                accts[aid] = dict(accts[aid], appointment=when)
            if oc == "cancelled" and aid in accts:
                accts[aid] = dict(accts[aid], appointment="", must_visit="")
    moment = opt.get("--from")
    if moment:  # an appointment before the re-plan moment is the past: no promise now
        for aid, a in list(accts.items()):
            if a.get("appointment") and a["appointment"].replace("T", " ")[:16] < moment:
                accts[aid] = dict(a, appointment="")
    position = None
    if "--position" in opt:
        ll, _, at = opt["--position"].partition("@")
        la, lo = ll.split(",")
        position = ((float(la), float(lo)), hm(at) if at else hm(moment[11:16]))
    offdays = set(opt["--off"].split(",")) if "--off" in opt else set()

    days = {}
    rows = read_out_csv(itin)
    for row in rows:
        days.setdefault((row["day"], row["date"]), []).append(row)
    done = [(a, w) for a, w, oc in log if oc == "done"]
    for aid, when in done:
        d, t = when.split(" ")
        if h_start is not None and not (h_start <= datetime.date.fromisoformat(d) <
                                        h_start + datetime.timedelta(days=horizon or 7)):
            continue
        here = [r for r in rows if r["id"] == aid and r["date"] == d]
        if len(here) != 1 or abs(hm(here[0]["start"]) - hm(t)) > TOL:
            bad("done visit %s %s is not replayed at its time" % (aid, when))
    for r in rows:
        when = "%s %s" % (r["date"], r["start"])
        if r["date"] in offdays:
            bad("%s %s: visit on a day off" % (r["date"], r["id"]))
        frozen = any(a == r["id"] and w.split(" ")[0] == r["date"] for a, w in done)
        if moment and when < moment and not frozen:
            bad("%s %s: new visit before the re-plan moment %s" % (r["date"], r["id"], moment))
        for a, w in done:
            if a != r["id"] or frozen:
                continue
            f = int(accts.get(a, {}).get("frequency_days") or 0)
            due = datetime.date.fromisoformat(w.split(" ")[0]) + datetime.timedelta(days=f)
            if f <= 0 or datetime.date.fromisoformat(r["date"]) < due:
                bad("%s %s: visited again after being done %s" % (r["date"], a, w))
        last = [oc for a, w, oc in sorted(log, key=lambda x: x[1]) if a == r["id"] and oc in ("cancelled", "rescheduled")]
        if last and last[-1] == "cancelled":
            bad("%s %s: cancelled by the customer, still planned" % (r["date"], r["id"]))
    seen = set()
    visits = {}  # id -> dates visited so far (in date order)
    nights = {}  # date -> (night_before, night_after)

    def repeat(sid, a, date):
        f = int(a.get("frequency_days") or 0)
        if date in visits[sid]:
            bad("%s: %s visited twice in a day" % (date, sid))
            return
        if f <= 0 or (horizon is not None and f >= horizon) or a.get("appointment"):
            bad("%s: %s visited again without a cadence that asks for it" % (date, sid))
            return
        if h_start is None or horizon is None:
            return
        s0 = 0
        if a.get("last_visit"):
            due = (datetime.date.fromisoformat(a["last_visit"][:10]) - h_start).days + f
            s0 = min(max(due, 0), horizon - 1)
        offs = [(datetime.date.fromisoformat(d) - h_start).days for d in visits[sid] + [date]]
        if offs[-1] < s0:
            bad("%s: repeat visit of %s before it is due (day %d)" % (date, sid, s0))
            return
        pers = [(o - s0) // f for o in offs if o >= s0]
        if len(pers) != len(set(pers)):
            bad("%s: %s visited twice in one %d-day period" % (date, sid, f))

    for (day, date), stops in sorted(days.items(), key=lambda kv: kv[0][1]):
        stops.sort(key=lambda r: int(r["seq"]))
        wd = datetime.date.fromisoformat(date).weekday()
        ds, de = rep["start"], rep["end"]
        if rep["week"] is not None:
            if not rep["week"][wd]:
                bad("%s: not a working day of working_hours" % date)
            else:
                ds, de = rep["week"][wd][0][0], rep["week"][wd][-1][1]
        # overnight stays: the day starts (ends) at the hotel near night_before
        # (night_after), an account's place; the night after a day is the next
        # calendar day's night before
        def place(sid):
            if not sid:
                return rep["home"]
            if sid not in accts:
                bad("%s: hotel near unknown account %s" % (date, sid))
                return rep["home"]
            return (float(accts[sid]["lat"]), float(accts[sid]["lon"]))
        nb, na = stops[0].get("night_before", ""), stops[0].get("night_after", "")
        if nb and not rj.get("overnight", {}).get("allowed", False):
            bad("%s: a night away, but the rep file does not allow them" % date)
        nights[date] = (nb, na)
        pos = place(nb)
        resumed = False
        prev_dep = None
        drive_min = drive_km = 0.0
        gaps = []  # (earliest lunch start, latest lunch end) candidates
        legs = []  # on the road: (earliest leave, drive, latest arrival) of each leg
        lunches = 0
        marked = [s for s in stops if s.get("lunch")]
        if len(marked) > 1:
            bad("%s: %d rows name the lunch" % (date, len(marked)))
        for s in marked:
            if not l_len:
                bad("%s %s: a lunch, but the rep has none" % (date, s["id"]))
                continue
            ls, ld = hm(s["lunch_start"]), float(s["lunch_drive_min"])
            if not (l_early - TOL <= ls <= l_late + TOL):
                bad("%s %s: lunch at %s, outside %s-%s" % (date, s["id"], s["lunch_start"],
                                                          lunch.get("earliest"), lunch.get("latest")))
            leg_min = float(s["drive_min"]) if s["lunch"] == "before" else None
            if ld < 0 or (leg_min is not None and ld > leg_min + TOL):
                bad("%s %s: lunch after %s min of a %s min leg" % (date, s["id"], ld, leg_min))
            if not on_road and s["lunch"] == "before" and ld > TOL:
                bad("%s %s: lunch on the road, but the rep file says at a stop" % (date, s["id"]))
        for i, s in enumerate(stops):
            sid = s["id"]
            a = accts.get(sid)
            if a is None:
                bad("%s: unknown account %s" % (date, sid))
                continue
            if sid in seen:
                repeat(sid, a, date)
            visits.setdefault(sid, []).append(date)
            seen.add(sid)
            here = (float(s["lat"]), float(s["lon"]))
            resume = None
            if (position and moment and date == moment[:10] and not resumed and
                    not any(a == sid and w[:10] == date for a, w in done)):
                resumed = True  # the rest of the moment's day starts at --position
                pos, resume, prev_dep = position[0], position[1], None
            km, mins = leg(rep, pos, here)
            drive_km += km
            drive_min += mins
            if abs(float(s["drive_km"]) - km) > 0.02 * km + 0.2:
                bad("%s %s: drive_km %s, model says %.2f" % (date, sid, s["drive_km"], km))
            if abs(float(s["drive_min"]) - mins) > TOL:
                bad("%s %s: drive_min %s, model says %.1f" % (date, sid, s["drive_min"], mins))
            arr, dep = hm(s["arrival"]), hm(s["departure"])
            start = hm(s["start"]) if s.get("start") else arr
            if prev_dep is None:
                t0 = max(ds, resume if resume is not None else 0)
                if arr < t0 + mins - TOL:
                    bad("%s %s: arrives %s, before %s + drive" %
                        (date, sid, s["arrival"], "the position's time" if resume is not None
                         else "day_start"))
                gaps.append((t0, arr - mins))
                legs.append((t0, mins, arr))
            else:
                slack = arr - prev_dep - mins
                if slack < -TOL:
                    bad("%s %s: arrives %s, only %.1f min after leaving the previous stop "
                        "(drive %.1f)" % (date, sid, s["arrival"], arr - prev_dep, mins))
                # the only idle time allowed on the way: lunch after the previous
                # visit, waiting there for the lunch window to open if need be
                lunch_here = max(prev_dep, l_early) - prev_dep + l_len
                # or on the road: driving while waiting for the window
                road_here = max(prev_dep + mins, l_early) - prev_dep - mins + l_len
                if slack > TOL:
                    ok_stop = l_len and abs(slack - lunch_here) <= TOL
                    ok_road = (on_road and l_len and abs(slack - road_here) <= TOL and
                               max(prev_dep, l_early) <= l_late + TOL)
                    if not ok_stop and not ok_road:
                        bad("%s %s: %.1f min unexplained between stops" % (date, sid, slack))
                    lunches += 1
                gaps.append((prev_dep, arr - mins))
                legs.append((prev_dep, mins, arr))
            if start < arr - 0.01:
                bad("%s %s: starts before arriving" % (date, sid))
            vm = float(a.get("visit_minutes") or 30)
            if abs(dep - start - vm) > 1.0:
                bad("%s %s: visit %s-%s is not %g min" % (date, sid, s["start"], s["departure"], vm))
            if start < ds or dep > de:
                bad("%s %s: visit %s-%s outside the working day" % (date, sid, s["start"], s["departure"]))
            appt = a.get("appointment", "")
            if appt:
                if appt[:10] != date or hm(appt[11:16]) != start:
                    bad("%s %s: appointment %s not kept (visit %s %s)" % (date, sid, appt, date, s["start"]))
            else:
                hours = parse_hours(a.get("opening_hours"))
                if hours is not None and not any(o <= start and dep <= c for o, c in hours[wd]):
                    bad("%s %s: visit %s-%s outside hours '%s'" % (date, sid, s["start"], s["departure"], a.get("opening_hours")))
            prev_dep = dep
            pos = here
        if stops:
            km, mins = leg(rep, pos, place(na))
            drive_km += km
            drive_min += mins
            back = prev_dep + mins
            gaps.append((prev_dep, de - mins))  # lunch at the last stop
            gaps.append((back, de))  # lunch at home after the last leg
            legs.append((prev_dep, mins, de))  # on the way home
            if back > de + TOL:
                bad("%s: back home %.0f min after day_end" % (date, back - de))
            # a working day that ends before a lunch could end owes none (as the C
            # checker: a half day, a short Friday of working_hours)
            if l_len and de >= l_early + l_len:
                ok = any(max(g0, l_early) <= l_late + TOL and
                         max(g0, l_early) + l_len <= g1 + TOL for g0, g1 in gaps)
                ok = ok or (on_road and any(
                    max(d0, l_early) <= l_late + TOL and
                    max(d0 + dm, l_early) + l_len <= a1 + TOL for d0, dm, a1 in legs))
                if not ok:
                    bad("%s: no room for a %d min lunch starting %s-%s" %
                        (date, l_len, lunch.get("earliest"), lunch.get("latest")))
            if lunches > 1:
                bad("%s: %d lunch breaks on the road" % (date, lunches))
            if rep["max_drive"] and drive_min > rep["max_drive"] + TOL:
                bad("%s: %.0f min of driving > %d" % (date, drive_min, rep["max_drive"]))
            if rep["max_km"] and drive_km > rep["max_km"] * 1.02:
                bad("%s: %.1f km > %g" % (date, drive_km, rep["max_km"]))
    for date, (nb, na) in nights.items():
        nxt = (datetime.date.fromisoformat(date) + datetime.timedelta(days=1)).isoformat()
        prv = (datetime.date.fromisoformat(date) - datetime.timedelta(days=1)).isoformat()
        if na and nxt in nights and nights[nxt][0] != na:
            bad("%s: the night after is near %s, but %s starts from %r" % (date, na, nxt, nights[nxt][0]))
        if nb and prv in nights and nights[prv][1] != nb:
            bad("%s: starts from a hotel near %s, but %s ended at %r" % (date, nb, prv, nights[prv][1]))
    if unvisited:
        skipped = [r["id"] for r in read_out_csv(unvisited)]
        both = seen & set(skipped)
        if both:
            bad("visited and skipped: %s" % sorted(both))
        if len(skipped) != len(set(skipped)):
            bad("an account is skipped twice")
    for p in problems:
        print("plan_check: " + p)
    print("plan_check: %d visits on %d days, %d problems" % (len(seen), len(days), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
