#!/usr/bin/env python3
"""A holdout-like spread of accounts over Turkey for the territory bench (issue #19).

Districts come from the gazetteer (970 district points). Each district gets a Zipf
weight by rank (exponent 0.9): provinces ranked by their number of districts (a
population proxy: Istanbul, Izmir, Ankara first), districts within a province in the
gazetteer's order (the central district first). Accounts are drawn by those weights;
a quarter of them sit exactly on the district point (city-level geocodes), the rest
are jittered around it (Gaussian, 3 km per axis). Points are written projected to
metres (equirectangular around 39 N 35 E, good to a few percent over Turkey), one
"x_m y_m" line each, for `bench_territory N K SEED file=PATH`. Deterministic: the same
gazetteer, N and seed give byte-identical output.

    python3 tests/bench/holdout_gen.py --count 108000 --seed 1 --out FILE \
        [--gazetteer ../shared/gazetteer/tr-districts.geojson]

Standard library only.
"""
import argparse
import bisect
import json
import math
import os
import random
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", ".."))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=108000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--gazetteer",
                    default=os.path.join(root, "..", "shared", "gazetteer",
                                         "tr-districts.geojson"))
    ap.add_argument("--exact", type=float, default=0.25,
                    help="share of accounts exactly on the district point")
    ap.add_argument("--jitter-km", type=float, default=3.0)
    ap.add_argument("--zipf", type=float, default=0.9)
    a = ap.parse_args()
    if a.count < 1:
        sys.exit("holdout_gen: --count must be positive")
    with open(a.gazetteer, encoding="utf-8") as f:
        feats = json.load(f)["features"]
    by_prov = {}
    for idx, ft in enumerate(feats):
        lon, lat = ft["geometry"]["coordinates"][:2]
        by_prov.setdefault(ft["properties"]["province"], []).append((idx, lat, lon))
    provs = sorted(by_prov, key=lambda p: (-len(by_prov[p]), p))
    ranked = [d for p in provs for d in by_prov[p]]
    cum, acc = [], 0.0
    for r in range(len(ranked)):
        acc += 1.0 / (r + 1) ** a.zipf
        cum.append(acc)
    rng = random.Random(a.seed)
    r_earth, lat0, lon0 = 6371000.0, 39.0, 35.0
    kx = r_earth * math.pi / 180.0 * math.cos(math.radians(lat0))
    ky = r_earth * math.pi / 180.0
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="ascii") as out:
        for _ in range(a.count):
            pick = min(bisect.bisect_right(cum, rng.random() * acc), len(ranked) - 1)
            _, lat, lon = ranked[pick]
            x, y = (lon - lon0) * kx, (lat - lat0) * ky
            if rng.random() >= a.exact:
                x += rng.gauss(0.0, a.jitter_km * 1000.0)
                y += rng.gauss(0.0, a.jitter_km * 1000.0)
            out.write("%.1f %.1f\n" % (x, y))
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
