#!/usr/bin/env python3
"""Outside checks of `saha team` outputs (python3 standard library only).

    team_check.py repjson REPS.csv ID OUT.json   rep file for rep ID, built from the
                                                 reps file the way the README says
    team_check.py split ASSIGNMENT.csv ID OUT.csv  the input rows whose assigned_rep is ID
    team_check.py cover ASSIGNMENT.csv DIR       every account: planned or reported by its
                                                 own rep, or without a rep and a reason
    team_check.py dom DOM.html REPS...           team.html as Chromium built it: one
                                                 g.rep-route per rep, a linked row per rep
Prints one line per problem and exits 1 if there is any.
"""
import csv
import html.parser
import json
import os
import sys


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def repjson(reps, rid, out):
    row = next(r for r in rows(reps) if r["id"] == rid)
    rep = {}
    if row.get("rep_file"):
        with open(os.path.join(os.path.dirname(reps), row["rep_file"]), encoding="utf-8") as f:
            rep = json.load(f)
    if row.get("lat") and row.get("lon"):
        rep["home"] = {"lat": float(row["lat"]), "lon": float(row["lon"])}
    if row.get("name"):
        rep["name"] = row["name"]
    lunch = dict(rep.get("lunch") or {"earliest": "12:00", "latest": "14:00", "minutes": 45})
    cost = dict(rep.get("cost") or {})
    for col, key in (("day_start", "day_start"), ("day_end", "day_end"), ("days", "days"),
                     ("timezone", "timezone")):
        if row.get(col):
            rep[key] = row[col]
    if row.get("max_drive_minutes_per_day"):
        rep["max_drive_minutes_per_day"] = int(row["max_drive_minutes_per_day"])
    if row.get("lunch_minutes"):
        lunch["minutes"] = int(row["lunch_minutes"])
    rep["lunch"] = lunch if lunch["minutes"] > 0 else None
    if row.get("cost_per_km"):
        cost["per_km"] = float(row["cost_per_km"])
    if row.get("cost_per_hour"):
        cost["per_hour"] = float(row["cost_per_hour"])
    if cost:
        rep["cost"] = cost
    if row.get("overnight"):
        rep["overnight"] = {"allowed": row["overnight"].lower() in ("true", "yes", "1")}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(rep, f)
    return 0


def split(assign, rid, out):
    with open(assign, newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        head = next(rd)
        col = head.index("assigned_rep")
        with open(out, "w", newline="", encoding="utf-8") as g:
            w = csv.writer(g, lineterminator="\n")
            w.writerow(head)
            for r in rd:
                if r[col] == rid:
                    w.writerow(r)
    return 0


def ids(path):
    return [r["id"] for r in rows(path)] if os.path.exists(path) else []


def cover(assign, d):
    problems = []
    where = {}
    for rep in sorted(os.listdir(d)):
        p = os.path.join(d, rep)
        if not os.path.isdir(p):
            continue
        visited = set(ids(os.path.join(p, "week.csv")))  # repeat visits: once per id
        for i in list(visited) + ids(os.path.join(p, "unvisited.csv")):
            where.setdefault(i, []).append(rep)
    n_own = n_none = 0
    for r in rows(assign):
        got = where.get(r["id"], [])
        if r["assigned_rep"]:
            n_own += 1
            if got != [r["assigned_rep"]]:
                problems.append("%s: assigned to %s but planned/reported by %s"
                                % (r["id"], r["assigned_rep"], got))
        else:
            n_none += 1
            if got:
                problems.append("%s: no rep but planned by %s" % (r["id"], got))
            if not r["assign_reason"]:
                problems.append("%s: no rep and no reason" % r["id"])
    for p in problems[:20]:
        print(p)
    print("cover: %d with a rep, %d without, %d problems" % (n_own, n_none, len(problems)))
    return 1 if problems else 0


class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.groups, self.links, self.rows, self.in_route = [], [], [], []
        self.depth = 0
        self.lines = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "g":
            self.depth += 1
            if "rep-route" in cls:
                self.groups.append(a.get("data-rep"))
                self.in_route.append((self.depth, a.get("data-rep")))
        if tag == "path" and "route" in cls and self.in_route:
            rep = self.in_route[-1][1]
            self.lines[rep] = self.lines.get(rep, 0) + 1
        if tag == "tr" and "rep-row" in cls:
            self.rows.append(a.get("data-rep"))
        if tag == "a" and a.get("href", "").endswith("/week.html"):
            self.links.append(a["href"][: -len("/week.html")])

    def handle_endtag(self, tag):
        if tag == "g":
            if self.in_route and self.in_route[-1][0] == self.depth:
                self.in_route.pop()
            self.depth -= 1


def dom(path, reps):
    d = Dom()
    with open(path, encoding="utf-8") as f:
        d.feed(f.read())
    problems = []
    if sorted(d.groups) != sorted(reps):
        problems.append("route groups %s, want one per rep %s" % (d.groups, reps))
    if sorted(d.rows) != sorted(reps) or sorted(d.links) != sorted(reps):
        problems.append("rows %s links %s, want %s" % (d.rows, d.links, reps))
    for r in reps:
        if d.lines.get(r, 0) < 1:
            problems.append("rep %s has no route line in its group" % r)
    for p in problems:
        print(p)
    if not problems:
        print("dom ok: %d route groups, %d route lines, %d linked rows"
              % (len(d.groups), sum(d.lines.values()), len(d.links)))
    return 1 if problems else 0


def main(argv):
    if len(argv) >= 5 and argv[1] == "repjson":
        return repjson(argv[2], argv[3], argv[4])
    if len(argv) >= 5 and argv[1] == "split":
        return split(argv[2], argv[3], argv[4])
    if len(argv) >= 4 and argv[1] == "cover":
        return cover(argv[2], argv[3])
    if len(argv) >= 4 and argv[1] == "dom":
        return dom(argv[2], argv[3:])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
