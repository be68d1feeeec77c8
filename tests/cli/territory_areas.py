#!/usr/bin/env python3
"""Checks the territory areas of `saha territory --geojson` with Debian's python3-shapely.

  territory_areas.py AREAS.geojson ASSIGNMENT.csv

ASSIGNMENT.csv is the -o output (lat, lon and territory columns). Checks:
  - every territory with accounts has a MultiPolygon area, valid once its polygons are
    merged (shapely unary_union);
  - no two areas overlap: the area of each pairwise intersection is below 0.1 % of the
    smaller area;
  - every account with coordinates lies in its own territory's area (within 1 m: an
    account exactly on a cell's edge only happens for two accounts at one place);
  - every label point lies inside its own area.
Prints "areas ok: N territories, M accounts, max overlap X %" and exits 0, or what is
wrong and exits 1.
"""
import csv
import itertools
import json
import sys

from shapely.geometry import Point, shape
from shapely.ops import unary_union


def fail(msg):
    print("areas: " + msg)
    sys.exit(1)


def main(path, assignment):
    d = json.load(open(path, encoding="utf-8"))
    areas, labels = {}, {}
    for f in d["features"]:
        k = f["properties"].get("kind")
        if k == "territory":
            if f["geometry"]["type"] != "MultiPolygon":
                fail("territory %s: %s, want a MultiPolygon" % (f["properties"]["id"], f["geometry"]["type"]))
            for poly in f["geometry"]["coordinates"]:
                for ring in poly:
                    if ring[0] != ring[-1] or len(ring) < 4:
                        fail("territory %s: a ring is not closed" % f["properties"]["id"])
            g = unary_union([shape({"type": "Polygon", "coordinates": p}) for p in f["geometry"]["coordinates"]])
            if not g.is_valid or g.area <= 0:
                fail("territory %s: invalid or empty area" % f["properties"]["id"])
            areas[f["properties"]["id"]] = g
        elif k == "label":
            labels[f["properties"]["id"]] = Point(f["geometry"]["coordinates"])
    if len(areas) < 2:
        fail("%d areas" % len(areas))
    worst = 0.0
    for (a, ga), (b, gb) in itertools.combinations(sorted(areas.items()), 2):
        inter = ga.intersection(gb).area
        share = inter / min(ga.area, gb.area)
        worst = max(worst, share)
        if share >= 0.001:
            fail("areas %s and %s overlap by %.3f %% of the smaller" % (a, b, 100 * share))
    n = 0
    for row in csv.DictReader(open(assignment, encoding="utf-8")):
        if not row.get("lat") or not row.get("territory"):
            continue
        p = Point(float(row["lon"]), float(row["lat"]))
        t = row["territory"]
        if t not in areas:
            fail("account %s: territory %s has no area" % (row["id"], t))
        if areas[t].distance(p) > 1e-5:  # about 1 m
            fail("account %s (%s) lies outside its territory %s" % (row["id"], p.wkt, t))
        n += 1
    for t, p in labels.items():
        if not areas[t].contains(p):
            fail("the label of %s lies outside its area" % t)
    if set(labels) != set(areas):
        fail("labels for %s, areas for %s" % (sorted(labels), sorted(areas)))
    print("areas ok: %d territories, %d accounts, max overlap %.5f %%" % (len(areas), n, 100 * worst))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        fail(__doc__)
    main(sys.argv[1], sys.argv[2])
