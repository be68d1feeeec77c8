#!/usr/bin/env python3
"""Checks the rep territory areas of `saha team`'s team.html with Debian's python3-shapely.

  team_areas.py check TEAM.html ASSIGNMENT.csv
  team_areas.py hulls TEAM.html ASSIGNMENT.csv    the same checks on the convex hulls of
                                                  each rep's accounts instead of its area
  team_areas.py overlap IN.html OUT.html          writes IN.html with the first rep's
                                                  cells added to the second rep's area

ASSIGNMENT.csv is the team's assignment.csv (lat, lon, assigned_rep). check reads the
interactive map's data (saha-team-map-data: per rep its cells in [lat, lon]) and the SVG
map (path.territory and text.territory-label, in the SVG's own coordinates), and asserts:
  - every rep with accounts has an area, valid once its cells are merged;
  - no two areas overlap: each pairwise intersection is below 0.1 % of the smaller area
    (in the map data and in the SVG);
  - every account with coordinates lies in its own rep's area (within about 1 m);
  - every rep's label lies inside its own area, in the map data and in the SVG.
Prints "team areas ok: N reps, M accounts, max overlap X %" and exits 0, or what is
wrong and exits 1. hulls exists for the negative probe: hulls of interleaving
territories overlap, so it must fail where areas pass.
"""
import csv
import html.parser
import itertools
import json
import re
import sys

from shapely.geometry import MultiPoint, Point, Polygon
from shapely.ops import unary_union

DATA_RE = re.compile(r'(<script type="application/json" id="saha-team-map-data">)(.*?)(</script>)', re.S)


def fail(msg):
    print("team areas: " + msg)
    sys.exit(1)


def map_data(page):
    m = DATA_RE.search(page)
    if not m:
        fail("no saha-team-map-data in the page")
    return json.loads(m.group(2))


class Svg(html.parser.HTMLParser):
    """path.territory rings and text.territory-label points per data-rep."""

    def __init__(self):
        super().__init__()
        self.cells, self.labels = {}, {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        rep = a.get("data-rep")
        if tag == "path" and "territory" in cls and rep:
            nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", a.get("d", ""))]
            pts = list(zip(nums[0::2], nums[1::2]))
            if len(pts) >= 3:
                self.cells.setdefault(rep, []).append(Polygon(pts).buffer(0))
        elif tag == "text" and "territory-label" in cls and rep:
            self.labels[rep] = Point(float(a["x"]), float(a["y"]))


def overlaps(areas, what):
    worst = 0.0
    for (a, ga), (b, gb) in itertools.combinations(sorted(areas.items()), 2):
        share = ga.intersection(gb).area / min(ga.area, gb.area)
        worst = max(worst, share)
        if share >= 0.001:
            fail("%s: areas %s and %s overlap by %.3f %% of the smaller" % (what, a, b, 100 * share))
    return worst


def accounts(path):
    out = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("lat") and row.get("lon") and row.get("assigned_rep"):
                out.append((row["id"], row["assigned_rep"], Point(float(row["lon"]), float(row["lat"]))))
    return out


def check(page_path, assign_path, hulls):
    page = open(page_path, encoding="utf-8").read()
    d = map_data(page)
    acc = accounts(assign_path)
    areas, labels = {}, {}
    if hulls:
        by_rep = {}
        for _, rep, p in acc:
            by_rep.setdefault(rep, []).append(p)
        areas = {r: MultiPoint(ps).convex_hull for r, ps in by_rep.items()}
    else:
        for r in d["reps"]:
            cells = [Polygon([(q[1], q[0]) for q in c]) for c in r["cells"] if len(c) >= 3]
            if not cells:
                continue
            g = unary_union(cells)
            if not g.is_valid or g.area <= 0:
                fail("rep %s: invalid or empty area" % r["id"])
            areas[r["id"]] = g
            if r.get("label"):
                labels[r["id"]] = Point(r["label"][1], r["label"][0])
    if len(areas) < 2:
        fail("%d areas" % len(areas))
    worst = overlaps(areas, "map data")
    for aid, rep, p in acc:
        if rep not in areas:
            fail("account %s: rep %s has no area" % (aid, rep))
        if areas[rep].distance(p) > 1e-5:  # about 1 m
            fail("account %s (%s) lies outside its rep %s's area" % (aid, p.wkt, rep))
    if not hulls:
        if set(labels) != set(areas):
            fail("labels for %s, areas for %s" % (sorted(labels), sorted(areas)))
        for rep, p in labels.items():
            if not areas[rep].contains(p):
                fail("map data: the label of %s lies outside its area" % rep)
        svg = Svg()
        svg.feed(page)
        sareas = {r: unary_union(c) for r, c in svg.cells.items()}
        if set(sareas) != set(areas):
            fail("SVG areas for %s, map data areas for %s" % (sorted(sareas), sorted(areas)))
        worst = max(worst, overlaps(sareas, "SVG"))
        if set(svg.labels) != set(areas):
            fail("SVG labels for %s, areas for %s" % (sorted(svg.labels), sorted(areas)))
        for rep, p in svg.labels.items():
            if not sareas[rep].contains(p):
                fail("SVG: the label of %s lies outside its area" % rep)
    print("team areas ok: %d reps, %d accounts, max overlap %.5f %%" % (len(areas), len(acc), 100 * worst))


def overlap(src, dst):
    page = open(src, encoding="utf-8").read()
    d = map_data(page)
    d["reps"][1]["cells"] = d["reps"][1]["cells"] + d["reps"][0]["cells"]
    m = DATA_RE.search(page)
    page = page[: m.start(2)] + json.dumps(d) + page[m.end(2):]
    open(dst, "w", encoding="utf-8").write(page)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] in ("check", "hulls"):
        check(sys.argv[2], sys.argv[3], sys.argv[1] == "hulls")
    elif len(sys.argv) == 4 and sys.argv[1] == "overlap":
        overlap(sys.argv[2], sys.argv[3])
    else:
        fail(__doc__)
