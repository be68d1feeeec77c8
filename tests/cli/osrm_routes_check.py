#!/usr/bin/env python3
"""Checks the road shapes in saha's exports against a recorded OSRM Route reply.

Usage: osrm_routes_check.py RECORDED.json GEOJSON GPX KML HTML [--gpx-max N]

RECORDED is the server's reply (geometry as GeoJSON). Checks, for the one day route:
  - GeoJSON, KML and the HTML map data draw exactly the server's geometry (6 decimals);
  - the geometry starts and ends at the first and last waypoint (the rep's home, as
    the server snapped it) and passes each stop's snapped waypoint within 1 m;
  - its length, split at the waypoints, is each leg's server distance within 1 %;
  - GPX: a <trk> per day with the whole geometry as trkpts (or, with --gpx-max N, at
    most N of them, the waypoints among them, all on the geometry), valid element order;
  - the SVG map has a "road" route line.
Prints one line per failure; exit 1 if any.
"""
import json
import math
import re
import sys
import xml.etree.ElementTree as ET

R = 6371008.8
fails = []


def bad(msg):
    fails.append(msg)
    print("osrm_routes_check: " + msg)


def hav(a, b):
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2) ** 2
    return 2 * R * math.asin(min(1, math.sqrt(h)))


def r6(p):
    return (round(p[0], 6), round(p[1], 6))


def main():
    args = sys.argv[1:]
    gpx_max = None
    if "--gpx-max" in args:
        k = args.index("--gpx-max")
        gpx_max = int(args[k + 1])
        del args[k:k + 2]
    rec_path, gj_path, gpx_path, kml_path, html_path = args
    rec = json.load(open(rec_path))
    route = rec["routes"][0]
    geom = [r6(p) for p in route["geometry"]["coordinates"]]
    wps = [r6(w["location"]) for w in rec["waypoints"]]

    # GeoJSON
    gj = json.load(open(gj_path))
    lines = [f for f in gj["features"] if f["properties"].get("kind") == "route"]
    if len(lines) != 1:
        bad(f"GeoJSON: {len(lines)} route lines, want 1")
        return
    got = [r6(p) for p in lines[0]["geometry"]["coordinates"]]
    if lines[0]["properties"].get("geometry") != "road":
        bad("GeoJSON: route not marked geometry=road")
    if got != geom:
        bad(f"GeoJSON: line of {len(got)} points is not the server's {len(geom)}")
    # starts and ends at home (as snapped), passes every stop
    if hav(got[0], wps[0]) > 1 or hav(got[-1], wps[-1]) > 1:
        bad("GeoJSON: the road does not start and end at the snapped home")
    home = [p for p in gj["features"] if p["properties"].get("kind") == "home"][0]
    hp = home["geometry"]["coordinates"]
    snap0 = rec["waypoints"][0]["distance"]
    if hav(got[0], hp) > snap0 + 1:
        bad(f"GeoJSON: road starts {hav(got[0], hp):.1f} m from home (snap {snap0:.1f} m)")
    stops = [f for f in gj["features"] if f["properties"].get("kind") == "stop"]
    # split at the waypoints, forward, and compare each leg's length with the server's
    # (a road may pass a stop's waypoint twice, e.g. out and back along a street: of
    # the points within 1 m of it, the cut is the one whose distance along the road is
    # nearest the sum of the legs before it)
    cum = [0.0]
    for i in range(len(got) - 1):
        cum.append(cum[-1] + hav(got[i], got[i + 1]))
    cut, j, want = [0], 0, 0.0
    for k, w in enumerate(wps[1:-1]):
        want += route["legs"][k]["distance"]
        near = [i for i in range(j, len(got)) if hav(got[i], w) <= 1]
        if not near:
            i = min(range(j, len(got)), key=lambda i: hav(got[i], w))
            bad(f"GeoJSON: road misses waypoint {w} by {hav(got[i], w):.1f} m")
            near = [i]
        best = min(near, key=lambda i: abs(cum[i] - want))
        cut.append(best)
        j = best
    cut.append(len(got) - 1)
    for k, leg in enumerate(route["legs"]):
        seg = got[cut[k]:cut[k + 1] + 1]
        length = sum(hav(seg[i], seg[i + 1]) for i in range(len(seg) - 1))
        if abs(length - leg["distance"]) > 0.01 * leg["distance"] + 5:
            bad(f"leg {k}: geometry {length:.0f} m, server says {leg['distance']:.0f} m")
    for k, s in enumerate(stops):
        sp = s["geometry"]["coordinates"]
        snap = rec["waypoints"][k + 1]["distance"]
        d = min(hav(sp, p) for p in got)
        if d > snap + 1:
            bad(f"stop {k + 1}: road passes {d:.1f} m away (snapped {snap:.1f} m)")

    # KML
    kml = ET.parse(kml_path).getroot()
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    ls = kml.findall(".//k:LineString/k:coordinates", ns)
    if len(ls) != 1:
        bad(f"KML: {len(ls)} LineStrings, want 1")
    else:
        kc = [r6(tuple(map(float, t.split(",")[:2]))) for t in ls[0].text.split()]
        if kc != geom:
            bad(f"KML: line of {len(kc)} points is not the server's")

    # GPX
    g = ET.parse(gpx_path).getroot()
    gns = {"g": "http://www.topografix.com/GPX/1/1"}
    order = [re.sub(r"^\{.*\}", "", c.tag) for c in g]
    seen = [t for i, t in enumerate(order) if i == 0 or order[i - 1] != t]
    if seen != ["metadata", "wpt", "rte", "trk"]:
        bad(f"GPX: element order {seen}")
    trks = g.findall("g:trk", gns)
    if len(trks) != 1:
        bad(f"GPX: {len(trks)} trk, want 1")
    else:
        tp = [r6((float(p.get("lon")), float(p.get("lat"))))
              for p in trks[0].findall("g:trkseg/g:trkpt", gns)]
        if gpx_max is None:
            if tp != geom:
                bad(f"GPX: track of {len(tp)} points is not the server's {len(geom)}")
        else:
            if len(tp) > gpx_max or len(tp) < len(wps):
                bad(f"GPX: thinned track has {len(tp)} points, budget {gpx_max}")
            gs = set(geom)
            if any(p not in gs for p in tp):
                bad("GPX: thinned track has points not on the road")
            it = iter(geom)
            if not all(any(p == q for q in it) for p in tp):
                bad("GPX: thinned track is not a subsequence of the road")
            for w in wps:
                if min(hav(w, p) for p in tp) > 1:
                    bad(f"GPX: thinned track lost waypoint {w}")

    # HTML: the map data's road, the SVG's road line
    html = open(html_path, encoding="utf-8").read()
    m = re.search(r'<script type="application/json" id="saha-map-data">(.*?)</script>',
                  html, re.S)
    if not m:
        bad("HTML: no map data")
    else:
        data = json.loads(m.group(1))
        road = data["days"][0].get("road")
        if not road or [r6((p[1], p[0])) for p in road] != geom:
            bad("HTML: map data road is not the server's geometry")
    if 'class="map-line route road' not in html and "route road" not in html:
        bad("HTML: the SVG map has no road line")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
