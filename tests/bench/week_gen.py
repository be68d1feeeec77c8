#!/usr/bin/env python3
"""Builds a benchmark week: N made-up accounts in the Marmara region plus the sample rep.

Reuses maps/marmara/generate.py (same names, values, opening hours, must-visits and
appointments) with the per-province counts scaled so the total is N, then gives the
accounts the generator leaves without coordinates (~10%, meant for `saha geocode`) their
district centre from the gazetteer, as a geocoder would, so every account can be planned.
Deterministic: the same gazetteer, N and seed give byte-identical files.

    python3 tests/bench/week_gen.py --count 300 --seed 1 --out DIR \
        [--gazetteer ../shared/gazetteer/tr-districts.geojson] [--provinces Bursa,...]

--provinces keeps only those provinces of the generator (all N accounts there, e.g. a
denser territory around the rep's home in Bursa); without it, all three as before.

Writes DIR/accounts.csv and DIR/rep.json. Standard library only.
"""
import argparse
import csv
import importlib.util
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", ".."))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--gazetteer",
                    default=os.path.join(root, "..", "shared", "gazetteer",
                                         "tr-districts.geojson"))
    ap.add_argument("--provinces", default="",
                    help="comma-separated provinces to keep (default: all)")
    args = ap.parse_args()
    if args.count < 10:
        ap.error("--count: at least 10")

    spec = importlib.util.spec_from_file_location(
        "marmara_generate", os.path.join(root, "maps", "marmara", "generate.py"))
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    base = dict(gen.PROVINCES)
    if args.provinces:
        keep = args.provinces.split(",")
        unknown = [p for p in keep if p not in base]
        if unknown:
            ap.error("--provinces: unknown %s (known: %s)" % (",".join(unknown), ",".join(base)))
        base = {p: base[p] for p in keep}
    total = sum(base.values())
    provs = list(base)
    counts = {p: base[p] * args.count // total for p in provs}
    counts[provs[0]] += args.count - sum(counts.values())
    gen.PROVINCES = counts

    os.makedirs(args.out, exist_ok=True)
    argv = sys.argv
    sys.argv = [argv[0], "--gazetteer", args.gazetteer, "--seed", str(args.seed),
                "--out", args.out]
    try:
        gen.main()
    finally:
        sys.argv = argv

    with open(args.gazetteer, encoding="utf-8") as f:
        gaz = json.load(f)
    centre = {}
    for feat in gaz["features"]:
        pr = feat["properties"]
        lon, lat = feat["geometry"]["coordinates"]
        centre[(pr["province"], pr["district"].split(" / ")[0])] = (lat, lon)
    path = os.path.join(args.out, "accounts.csv")
    with open(path, encoding="utf-8", newline="") as f:
        rd = csv.DictReader(f)
        cols = rd.fieldnames
        rows = list(rd)
    for r in rows:
        if not r["lat"]:
            lat, lon = centre[(r["city"], r["district"])]
            r["lat"], r["lon"] = "%.6f" % lat, "%.6f" % lon
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    if len(rows) != args.count:
        sys.exit("week_gen.py: wrote %d accounts, wanted %d" % (len(rows), args.count))


if __name__ == "__main__":
    main()
