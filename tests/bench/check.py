#!/usr/bin/env python3
"""Independent checker for `saha solve --json` results on the shared benchmark sets.

Reads the instance files itself (python3 standard library only), recomputes every
route's length / schedule in doubles with the folder's distance convention, checks
feasibility (budget, windows, each node at most once, depots excluded), recomputes
the objective and compares it with the best known value in bks.csv.

usage: check.py SET RESULTS.jsonl [--bench DIR] [--markdown OUT.md] [--title TEXT]
  SET: tsplib | top | op | toptw.  RESULTS.jsonl: one `saha solve --json` object per
  line, each with an extra "file" key (the instance path) and, for toptw, "m".
Exit status 0 when every result is feasible and matches its recomputed objective.
"""
import csv
import json
import math
import os
import sys

EPS = 1e-7  # budget tolerance, as used for the bench README's exact re-solves
FOLDER = {"tsplib": "tsplib", "top": "top_chao", "op": "op", "toptw": "toptw"}


def read_tsplib(path):
    pts, dim, in_coords = {}, None, False
    with open(path) as f:
        for line in f:
            s = line.strip()
            if not s:
                continue
            if in_coords:
                if s == "EOF":
                    break
                i, x, y = s.split()[:3]
                pts[int(i)] = (float(x), float(y))
                if len(pts) == dim:
                    break
                continue
            if s.startswith("NODE_COORD_SECTION"):
                in_coords = True
            elif ":" in s:
                k, v = s.split(":", 1)
                if k.strip() == "DIMENSION":
                    dim = int(v)
    return [pts[i + 1] for i in range(dim)]


def read_xys(lines):
    return [tuple(float(t) for t in l.split()[:3]) for l in lines if l.strip()]


def read_top(path):
    with open(path) as f:
        lines = [l for l in f if l.strip()]
    n = int(lines[0].split()[1])
    m = int(lines[1].split()[1])
    tmax = float(lines[2].split()[1])
    pts = read_xys(lines[3:3 + n])
    return pts, m, tmax


def read_op(path):
    with open(path) as f:
        lines = [l for l in f if l.strip()]
    tmax, m = lines[0].split()[:2]
    return read_xys(lines[1:]), int(float(m)), float(tmax)


def read_optw(path):
    with open(path) as f:
        lines = [l for l in f if l.strip()]
    # header: six numbers "k v N t D Q", whatever the line breaks (c204 splits them)
    head, k = [], 0
    while len(head) < 6:
        head += lines[k].split()
        k += 1
    n = int(head[2])
    rows = []
    for l in lines[k:k + 1 + n]:
        t = l.split()
        rows.append(dict(x=float(t[1]), y=float(t[2]), d=float(t[3]), s=float(t[4]),
                         o=float(t[-2]), c=float(t[-1])))
    return rows


def euc(a, b):
    return math.sqrt((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2)


def check(setname, rec, bench):
    """Returns (objective, n, m, problems list)."""
    path = rec["file"]
    routes = rec.get("routes", [])
    probs = []
    if setname == "tsplib":
        pts = read_tsplib(path)
        n = len(pts)
        tour = routes[0] if len(routes) == 1 else []
        if sorted(tour) != list(range(n)):
            probs.append("tour is not a permutation of all %d nodes" % n)
            return None, n, 1, probs
        length = sum(int(euc(pts[tour[i]], pts[tour[(i + 1) % n]]) + 0.5) for i in range(n))
        return float(length), n, 1, probs
    if setname in ("top", "op"):
        if setname == "top":
            pts, m, tmax = read_top(path)
            start, end = 0, len(pts) - 1
        else:
            pts, m, tmax = read_op(path)
            start, end = 0, 1
        n = len(pts)
        seen, score = set(), 0.0
        if len(routes) > m:
            probs.append("%d routes for %d vehicles" % (len(routes), m))
        for r in routes:
            prev, length = start, 0.0
            for p in r:
                if p in (start, end) or not (0 <= p < n):
                    probs.append("bad node %s" % p)
                    continue
                if p in seen:
                    probs.append("node %d twice" % p)
                seen.add(p)
                score += pts[p][2]
                length += euc(pts[prev], pts[p])
                prev = p
            if r:
                length += euc(pts[prev], pts[end])
            if length > tmax + EPS:
                probs.append("route length %.9f > Tmax %.9f" % (length, tmax))
        return score, n, m, probs
    # toptw
    rows = read_optw(path)
    name = os.path.basename(path)
    dec = 2 if name.startswith("pr") else 1
    m = int(rec["m"])
    n = len(rows)
    tmax = rows[0]["c"]

    def t(i, j):
        d = euc((rows[i]["x"], rows[i]["y"]), (rows[j]["x"], rows[j]["y"]))
        return math.floor(d * 10 ** dec) / 10 ** dec

    seen, score = set(), 0.0
    if len(routes) > m:
        probs.append("%d routes for %d vehicles" % (len(routes), m))
    for r in routes:
        time, prev = rows[0]["o"], 0
        for p in r:
            if not (1 <= p < n):
                probs.append("bad node %s" % p)
                continue
            if p in seen:
                probs.append("node %d twice" % p)
            seen.add(p)
            arrive = time + t(prev, p)
            begin = max(arrive, rows[p]["o"])
            if begin > rows[p]["c"] + 1e-9:
                probs.append("node %d: service starts %.3f after closing %.3f" %
                             (p, begin, rows[p]["c"]))
            time = begin + rows[p]["d"]
            score += rows[p]["s"]
            prev = p
        if r:
            time += t(prev, 0)
        if time > tmax + 1e-9:
            probs.append("route ends %.3f after Tmax %.3f" % (time, tmax))
    return score, n, m, probs


def load_bks(bench, setname):
    """best known value per instance, and the set of rows proven optimal"""
    out, proven = {}, set()
    with open(os.path.join(bench, FOLDER[setname], "bks.csv")) as f:
        for row in csv.DictReader(f):
            out[row["instance"]] = float(row["best_known"])
            src = row.get("source", "").lower()
            if "proven optimal" in src or "confirmed optimal" in src or "optimal tour" in src:
                proven.add(row["instance"])
    return out, proven


def main(argv):
    args = argv[1:]
    bench = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                         "shared", "bench")
    md, title = None, None
    pos = []
    i = 0
    while i < len(args):
        if args[i] == "--bench":
            bench = args[i + 1]
            i += 2
        elif args[i] == "--markdown":
            md = args[i + 1]
            i += 2
        elif args[i] == "--title":
            title = args[i + 1]
            i += 2
        else:
            pos.append(args[i])
            i += 1
    if len(pos) != 2 or pos[0] not in FOLDER:
        sys.stderr.write(__doc__)
        return 2
    setname, results = pos
    bks, proven = load_bks(bench, setname)
    rows, bad = [], 0
    with open(results) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            rec = json.loads(line)
            key = rec["instance"] + ("_m%d" % int(rec["m"]) if setname == "toptw" else "")
            if "error" in rec:
                rows.append((key, 0, 0, bks.get(key), None, None, rec.get("seconds", 0.0),
                             rec["error"]))
                bad += 1
                continue
            obj, n, m, probs = check(setname, rec, bench)
            if obj is not None and abs(obj - float(rec["objective"])) > 1e-6:
                probs.append("reported objective %s, recomputed %s" % (rec["objective"], obj))
            best = bks.get(key)
            gap = None
            if obj is not None and best is not None and not probs:
                if setname == "tsplib":
                    gap = 100.0 * (obj - best) / best
                else:
                    gap = 0.0 if best == 0 else 100.0 * (best - obj) / best
            if probs:
                bad += 1
            rows.append((key, n, m, best, obj, gap, float(rec["seconds"]), "; ".join(probs)))
    out = []
    out.append("| instance | n | vehicles | best known | ours | gap % | seconds | problems |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---|")
    for key, n, m, best, obj, gap, secs, probs in rows:
        out.append("| %s | %d | %d | %s | %s | %s | %.2f | %s |" % (
            key, n, m, "?" if best is None else "%g" % best,
            "-" if obj is None else "%g" % obj, "-" if gap is None else "%.2f" % gap,
            secs, probs))
    gaps = [r[5] for r in rows if r[5] is not None]
    times = [r[6] for r in rows]
    if gaps:
        worst = max(rows, key=lambda r: -1e9 if r[5] is None else r[5])
        summary = ("**%s**: %d instances, %d infeasible or failed; mean gap %.3f %%, "
                   "at best known (gap <= 0) %.1f %%, mean time %.2f s, worst %s (%.2f %%)"
                   % (setname, len(rows), bad, sum(gaps) / len(gaps),
                      100.0 * sum(1 for g in gaps if g <= 1e-9) / len(gaps),
                      sum(times) / len(times), worst[0], worst[5]))
        better = [r[0] for r in rows if r[5] is not None and r[5] < -1e-9]
        if better:
            summary += "; better than the listed value: " + ", ".join(better)
        pg = [r[5] for r in rows if r[5] is not None and r[0] in proven]
        if pg and len(pg) < len(gaps):
            summary += ("\n\n**%s, rows with a proven optimum** (bks.csv source): %d, mean gap "
                        "%.3f %%, at the optimum %.1f %%" % (
                            setname, len(pg), sum(pg) / len(pg),
                            100.0 * sum(1 for g in pg if g <= 1e-9) / len(pg)))
    else:
        summary = "**%s**: %d instances, %d infeasible or failed" % (setname, len(rows), bad)
    text = "\n".join(out) + "\n\n" + summary + "\n"
    print(text)
    if md:
        with open(md, "a") as f:
            if title:
                f.write("\n### " + title + "\n\n")
            f.write(text)
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
