#!/usr/bin/env bash
# Re-planning: the stability trade-off. Three weeks of the Marmara sample (maps/marmara,
# nights away off), each planned on Monday, then, per scenario (--scenarios N per week,
# default 3), five random mid-week changes (Monday
# and Tuesday done as planned, one future visit cancelled, one visit's appointment moved
# to another day, one account near the week's route made urgent, one day lost) and a re-plan from Wednesday
# 08:00 at stability 0, the default and a high value. Reported per run: value planned
# from Wednesday on, and the share of previous visits not touched by a change that keep
# their day, and of the visits on their previous day how many keep their order (per day,
# the longest common subsequence of the two orders); re-plan wall time at the default
# time limit (3 s), or at --iterations N (repeatable) when given. Every re-plan is checked
# with tests/cli/plan_check.py --visits. Last, per stability, the totals over every
# scenario. A scenario whose changes leave one re-plan no choice (the urgent visit and a
# moved appointment on the one day left) shows the same figures at every stability.
#
# usage: tests/bench/replan.sh [--weeks LIST] [--scenarios N] [--high AMOUNT]
#                              [--iterations N] [--out FILE]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
saha="${SAHA:-$root/build/saha}"
weeks="2026-12-07,2026-12-14,2026-12-21"
high=300000
out=""
iters=""
scen=3
while [ $# -gt 0 ]; do
  case "$1" in
    --weeks) weeks="$2"; shift 2 ;;
    --high) high="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --iterations) iters="$2"; shift 2 ;;
    --scenarios) scen="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "replan.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
tmp="${REPLAN_TMP:-$(mktemp -d)}"
[ -n "${REPLAN_TMP:-}" ] || trap 'rm -rf "$tmp"' EXIT
SAHA="$saha" ROOT="$root" TMP="$tmp" WEEKS="$weeks" HIGH="$high" ITERS="$iters" SCEN="$scen" python3 - <<'PY' | tee "${out:-/dev/null}"
import csv, datetime, json, os, random, subprocess, time
saha, root, tmp = os.environ["SAHA"], os.environ["ROOT"], os.environ["TMP"]
rep = json.load(open(root + "/maps/marmara/rep.json"))
rep["overnight"] = {"allowed": False}
json.dump(rep, open(tmp + "/rep.json", "w"))
acc_path = root + "/maps/marmara/accounts.csv"
rows = list(csv.DictReader(open(acc_path, encoding="utf-8")))
hdr = list(rows[0].keys())
def read(p):
    return list(csv.DictReader(open(p, encoding="utf-8")))
def plan(args, check=True):
    t = time.monotonic()
    r = subprocess.run([saha, "plan"] + args + ["-q"], capture_output=True, text=True)
    if r.returncode and check:
        raise SystemExit(r.stderr)
    return time.monotonic() - t, r.returncode, r.stderr.strip().splitlines()[-1:] or [""]
def lcs(a, b):
    t = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a)):
        for j in range(len(b)):
            t[i + 1][j + 1] = t[i][j] + 1 if a[i] == b[j] else max(t[i][j + 1], t[i + 1][j])
    return t[len(a)][len(b)]
def order_kept(w1, w2, dates):
    """(visits in the same order, visits on the same day) over dates: per day, the
    longest common subsequence of the two plans' orders of the visits on it in both."""
    same = both = 0
    for d in dates:
        s1 = [r["id"] for r in sorted(w1, key=lambda r: int(r["seq"])) if r["date"] == d]
        s2 = [r["id"] for r in sorted(w2, key=lambda r: int(r["seq"])) if r["date"] == d]
        common = set(s1) & set(s2)
        both += len(common)
        same += lcs([x for x in s1 if x in common], [x for x in s2 if x in common])
    return same, both
print("| week | scenario | stability | value from We (TRY) | untouched kept | order kept | re-plan s |")
print("|---|---|---|---|---|---|---|")
limit = (["--iterations", os.environ["ITERS"], "--time-limit", "0", "--seed", "7"]
         if os.environ["ITERS"] else [])
labels = ("0", "default", os.environ["HIGH"])
total = {l: [0, 0, 0, 0, 0.0, 0] for l in labels}  # kept, untouched, osame, oboth, value, fails
for wi, start in enumerate(os.environ["WEEKS"].split(",")):
    d0 = datetime.date.fromisoformat(start)
    day = lambda k: (d0 + datetime.timedelta(days=k)).isoformat()
    w1p = "%s/w1_%d.csv" % (tmp, wi)
    plan([acc_path, "--rep", tmp + "/rep.json", "--start", start, "--csv", w1p,
          "--iterations", "3000", "--seed", "7", "--time-limit", "0"])
    w1 = read(w1p)
    future = [r for r in w1 if r["date"] >= day(2)]
    planned = {r["id"] for r in w1}
    for sc in range(int(os.environ["SCEN"])):
        rnd = random.Random(100 * sc + wi + 1)
        canc = rnd.choice(future)["id"]
        moved = rnd.choice([r for r in future if r["id"] != canc])
        off = day(rnd.choice([3, 4]))
        mday = day(rnd.choice([k for k in (2, 3, 4) if day(k) not in (moved["date"], off)]))
        # the urgent account: a customer near the route of a day it may go on (Wednesday,
        # or Thursday when it is not off: "within a day" of the moment), one of the 15
        # closest, so that the call can be answered within the drive cap
        near = [r for r in future if r["date"] in (day(2), day(3)) and r["date"] != off
                and r["id"] != canc] or future
        def gap(r):
            la, lo = float(r["lat"]), float(r["lon"])
            return min((la - float(q["lat"])) ** 2 + ((lo - float(q["lon"])) * 0.76) ** 2
                       for q in near)
        cands = sorted((r for r in rows if r["id"] not in planned and r["lat"]
                        and not r["appointment"] and r["opening_hours"].startswith("Mo-Fr")),
                       key=gap)[:15]
        urgent = rnd.choice(cands)["id"]
        tag = "%d_%d" % (wi, sc)
        acc2 = "%s/acc_%s.csv" % (tmp, tag)
        with open(acc2, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=hdr)
            w.writeheader()
            for r in rows:
                w.writerow(dict(r, must_visit="yes") if r["id"] == urgent else r)
        log = "%s/log_%s.csv" % (tmp, tag)
        with open(log, "w", encoding="utf-8") as f:
            f.write("id,when,outcome\n")
            for r in w1:
                if r["date"] < day(2):
                    f.write("%s,%s %s,done\n" % (r["id"], r["date"], r["start"]))
            f.write("%s,%s 17:00,cancelled\n" % (canc, day(1)))
            f.write("%s,%s 11:00,rescheduled\n" % (moved["id"], mday))
        print("<!-- %s #%d: %s cancelled, %s's appointment moved to %s 11:00, %s urgent, "
              "%s off -->" % (start, sc, canc, moved["id"], mday, urgent, off))
        untouched = [r for r in future if r["id"] not in (canc, moved["id"]) and r["date"] != off]
        for label, st in zip(labels, (["--stability", "0"], [],
                                      ["--stability", os.environ["HIGH"]])):
            w2p = "%s/w2_%s_%s.csv" % (tmp, tag, label)
            secs, rc, err = plan([acc2, "--rep", tmp + "/rep.json", "--start", start,
                                  "--previous", w1p, "--visits", log, "--from",
                                  day(2) + " 08:00", "--off", off, "--urgent", urgent,
                                  "--csv", w2p] + st + limit, check=False)
            if rc:
                total[label][5] += 1
                print("| %s | %d | %s | no plan: %s | | | %.2f |"
                      % (start, sc, label, err[0][-200:], secs))
                continue
            chk = subprocess.run(["python3", root + "/tests/cli/plan_check.py", w2p, acc2,
                                  tmp + "/rep.json", "--visits", log, "--from",
                                  day(2) + " 08:00", "--off", off], capture_output=True, text=True)
            if chk.returncode:
                raise SystemExit("plan_check failed: " + chk.stdout)
            w2 = read(w2p)
            same = {(r["id"], r["date"]) for r in w2}
            kept = sum((r["id"], r["date"]) in same for r in untouched)
            value = sum(float(r["value"]) for r in w2 if r["date"] >= day(2))
            osame, oboth = order_kept(w1, w2, [day(k) for k in range(2, 7)])
            t = total[label]
            t[0] += kept; t[1] += len(untouched); t[2] += osame; t[3] += oboth; t[4] += value
            print("| %s | %d | %s | %s | %d/%d (%.0f %%) | %d/%d | %.2f |"
                  % (start, sc, label, format(round(value), ","), kept, len(untouched),
                     100.0 * kept / max(1, len(untouched)), osame, oboth, secs))
print()
print("| stability | value from We, total (TRY) | untouched kept | order kept | no plan |")
print("|---|---|---|---|---|")
for label in labels:
    t = total[label]
    print("| %s | %s | %d/%d (%.0f %%) | %d/%d | %d |" % (label, format(round(t[4]), ","), t[0],
          t[1], 100.0 * t[0] / max(1, t[1]), t[2], t[3], t[5]))
PY
