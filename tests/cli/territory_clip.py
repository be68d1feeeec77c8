#!/usr/bin/env python3
"""Checks that a territory SVG cuts its areas to land: the group of areas uses the
clip path map-land-clip; the clip path (an even-odd path, read here with shapely) keeps
an account's dot exactly when the basemap puts the account on land (the land test of
saha/basemap.h: more land rings than water rings around it), for at least 99 % of the
accounts (pixel rounding at the coast); and it cuts between MIN_CUT_PCT and 60 % of the
areas (the sea they would cover). Prints 'clip ok: ...' or the first problem, exits 1.

  territory_clip.py MAP.svg BASEMAP.geojson ACCOUNTS.csv MIN_CUT_PCT
"""
import csv
import json
import re
import sys

from shapely.geometry import LineString, Point, Polygon
from shapely.ops import polygonize, unary_union


def rings_of(d):
    rings, cur, x, y = [], [], 0.0, 0.0
    for cmd, args in re.findall(r"([MLHVZ])([^MLHVZ]*)", d):
        nums = [float(v) for v in re.findall(r"-?[0-9.]+", args)]
        if cmd == "M":
            if len(cur) >= 3:
                rings.append(cur)
            x, y = nums[0], nums[1]
            cur = [(x, y)]
        elif cmd == "L":
            x, y = nums[0], nums[1]
            cur.append((x, y))
        elif cmd == "H":
            x = nums[0]
            cur.append((x, y))
        elif cmd == "V":
            y = nums[0]
            cur.append((x, y))
        elif cmd == "Z":
            if len(cur) >= 3:
                rings.append(cur)
            cur = []
    if len(cur) >= 3:
        rings.append(cur)
    return rings


def crossings(rings, x, y):
    """Rings around (x, y) by ray casting: the even-odd rule counts them all."""
    n = 0
    for r in rings:
        j = len(r) - 1
        for i in range(len(r)):
            (xi, yi), (xj, yj) = r[i], r[j]
            if (yi > y) != (yj > y) and x < xj + (y - yj) * (xi - xj) / (yi - yj):
                n += 1
            j = i
    return n


def evenodd_region(rings):
    """The region an even-odd path fills: the faces of its linework with an odd count
    (the rings may touch and overlap along the box, as clipped land does)."""
    lines = unary_union([LineString(r + [r[0]]) for r in rings])
    faces = [f for f in polygonize(lines)
             if crossings(rings, *f.representative_point().coords[0]) % 2 == 1]
    return unary_union(faces)


def basemap_land(path):
    """A function (lat, lon) -> on land, as saha_basemap_is_land counts rings."""
    doc = json.load(open(path, encoding="utf-8"))
    rings = []
    for f in doc["features"]:
        kind, g = f["properties"].get("kind"), f["geometry"]
        if kind not in ("land", "lake", "land-hole"):
            continue
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for poly in polys:
            for k, r in enumerate(poly):
                rings.append((1 if kind == "land" and k == 0 else -1, [tuple(p) for p in r]))
    return lambda lat, lon: sum(w for w, r in rings if crossings([r], lon, lat) % 2) > 0


def main():
    svg = open(sys.argv[1], encoding="utf-8").read()
    on_land = basemap_land(sys.argv[2])
    acc = {r["id"]: r for r in csv.DictReader(open(sys.argv[3], encoding="utf-8"))}
    min_cut = float(sys.argv[4])
    groups = re.findall(r'<g class="map-group territory-areas"([^>]*)>', svg)
    if len(groups) != 1 or 'clip-path="url(#map-land-clip)"' not in groups[0]:
        print("areas not in one clipped group: %r" % groups)
        return 1
    m = re.search(r'<clipPath id="map-land-clip"><path clip-rule="evenodd" d="([^"]*)"', svg)
    if not m:
        print("no clip path map-land-clip")
        return 1
    region = evenodd_region(rings_of(m.group(1)))
    g0 = svg.index('<g class="map-group territory-areas"')
    g1 = svg.index("</g>", g0)
    cells = [Polygon(r).buffer(0) for d in re.findall(r'class="map-polygon territory-cell"[^>]* d="([^"]*)"', svg[g0:g1])
             for r in rings_of(d)]
    if not cells:
        print("no territory cells inside the clipped group")
        return 1
    areas = unary_union(cells)
    cut = 100.0 * (1 - areas.intersection(region).area / areas.area)
    dots = re.findall(r'class="map-point account"[^>]* cx="([0-9.]+)" cy="([0-9.]+)"[^>]*><title>([^<]*)<', svg)
    kept = agree = 0
    for x, y, i in dots:
        k = region.contains(Point(float(x), float(y)))
        kept += k
        agree += k == on_land(float(acc[i]["lat"]), float(acc[i]["lon"]))
    if cut < min_cut or cut > 60:
        print("%.1f %% of the areas cut (want %.1f-60)" % (cut, min_cut))
        return 1
    if not dots or agree < 0.99 * len(dots):
        print("the clip keeps %d of %d accounts, agreeing with the basemap's land test on %d"
              % (kept, len(dots), agree))
        return 1
    print("clip ok: %d cells, %.1f %% of the areas cut away, %d of %d accounts kept, %d agree"
          % (len(cells), cut, kept, len(dots), agree))
    return 0


if __name__ == "__main__":
    sys.exit(main())
