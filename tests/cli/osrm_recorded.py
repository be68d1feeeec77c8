#!/usr/bin/env python3
"""Helpers for test_osrm_replay.sh over the recorded Andorra OSRM table.

  osrm_recorded.py csv DATA_DIR OUT.csv [IDS...]
      writes the recorded table as a saha matrix file: the pairs of IDS (default all:
      HOME + the 120 accounts)
  osrm_recorded.py check DATA_DIR MATRIX.csv IDS...
      checks that MATRIX.csv (saha matrix output) has exactly the ordered pairs of IDS
      and that every entry equals the recorded one (to the 0.1 s / 0.1 m saha writes);
      exits 1 naming the first difference
"""
import csv
import json
import os
import sys


def recorded(data):
    with open(os.path.join(data, "accounts.csv"), newline="") as f:
        ids = ["HOME"] + [r["id"] for r in csv.DictReader(f)]
    with open(os.path.join(data, "table_home_plus_120.json")) as f:
        t = json.load(f)
    return ids, t["durations"], t["distances"]


def main():
    mode, data = sys.argv[1], sys.argv[2]
    ids, dur, dist = recorded(data)
    pos = {k: i for i, k in enumerate(ids)}
    if mode == "csv":
        keep = set(sys.argv[4:]) or set(ids)
        with open(sys.argv[3], "w", newline="") as f:
            f.write("from_id,to_id,duration_s,distance_m\n")
            for i, a in enumerate(ids):
                for j, b in enumerate(ids):
                    if i != j and a in keep and b in keep:
                        f.write(f"{a},{b},{dur[i][j]:.1f},{dist[i][j]:.1f}\n")
        return 0
    want = sys.argv[4:]
    seen = set()
    with open(sys.argv[3], newline="") as f:
        for row in csv.DictReader(f):
            a, b = row["from_id"], row["to_id"]
            if a not in want or b not in want:
                print(f"unexpected pair {a} -> {b}")
                return 1
            i, j = pos[a], pos[b]
            for name, got, rec in (("duration_s", row["duration_s"], dur[i][j]),
                                   ("distance_m", row["distance_m"], dist[i][j])):
                if abs(float(got) - rec) > 0.051:
                    print(f"{a} -> {b}: {name} {got}, recorded {rec}")
                    return 1
            seen.add((a, b))
    n = len(want)
    if len(seen) != n * (n - 1):
        print(f"{len(seen)} pairs, want {n * (n - 1)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
