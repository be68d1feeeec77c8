#!/usr/bin/env bash
# `saha plan --max-candidates N` (issue #19, Deliver 2; README "Size limits"): over a
# longer list the plan keeps every must-visit and N accounts in all, so the itinerary
# from these preselected candidates passes plan_check.py, every account is in the
# itinerary or the unvisited list (none lost), exactly the list minus N are
# not_considered (each with the detail naming N, the must-visits never among them), and
# the others got a plan reason. N at least the list size considers every account. 0,
# negative, text and past 5,000 fail with exit 2 and a message naming the option,
# writing no file.
set -u
. "$(dirname "$0")/lib.sh"
CHECK="python3 $(dirname "$0")/plan_check.py"
REP="$TMPD/rep.json"
plan_rep "$REP" "Cand Rep"
# 400 accounts, three must-visits of low value far from home (the ranking alone would
# leave them out)
bursa_accounts "$TMPD/acc.csv" 400 19 "C%04d" 10 200 390
W="--start 2026-12-07 --seed 1 --time-limit 0 --iterations 300 --threads 1"
N=60
run "$SAHA" plan "$TMPD/acc.csv" --rep "$REP" $W --max-candidates $N --csv "$TMPD/it.csv" \
  --unvisited "$TMPD/unv.csv"
expect_status 0
expect_stderr_matches "400 accounts with coordinates: planning $N "
run $CHECK "$TMPD/it.csv" "$TMPD/acc.csv" "$REP" "$TMPD/unv.csv"
expect_status 0
python3 - "$TMPD/it.csv" "$TMPD/unv.csv" "$N" >"$TMPD/why" 2>&1 <<'PY'
import csv, sys
it = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
unv = list(csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8-sig")))
n, bad = int(sys.argv[3]), []
ids = {r["id"] for r in it if r.get("id")} | {r["id"] for r in unv}
if len(ids) != 400:
    bad.append("%d accounts in the two files, want 400" % len(ids))
nc = [r for r in unv if r["reason"] == "not_considered"]
if len(nc) != 400 - n:
    bad.append("%d not_considered, want %d" % (len(nc), 400 - n))
for r in nc:
    if "not among the %d best" % n not in r["detail"]:
        bad.append("%s: detail %r does not name %d" % (r["id"], r["detail"], n))
    if r["must_visit"] == "true":
        bad.append("%s: a must-visit left out" % r["id"])
for r in unv:
    if not r["reason"]:
        bad.append("%s: no reason" % r["id"])
visited = {r["id"] for r in it if r.get("id")}
for m in ("C0010", "C0200", "C0390"):
    if m not in visited:
        bad.append("must-visit %s not planned" % m)
print("\n".join(bad) or "ok")
PY
expect_eq "$(cat "$TMPD/why")" ok "preselected-candidate plan"

# N at least the list: every account considered, none not_considered
run "$SAHA" plan "$TMPD/acc.csv" --rep "$REP" $W --max-candidates 400 \
  --csv "$TMPD/all.csv" --unvisited "$TMPD/all_unv.csv"
expect_status 0
expect_stderr_not_matches "planning .* the others are skipped as not_considered"
expect_eq "$(csv_column "$TMPD/all_unv.csv" reason | grep -c '^not_considered$')" 0 \
  "not_considered with --max-candidates 400"
run $CHECK "$TMPD/all.csv" "$TMPD/acc.csv" "$REP" "$TMPD/all_unv.csv"
expect_status 0

# A re-plan of the same long list (--previous, a visit log, --from) is preselected too:
# it keeps every account of the previous plan and of the log in the model (an account
# the ranking leaves out, visited the Friday before, is not not_considered), the visits
# before the moment are unchanged, and the rest of the list is not_considered. Before,
# a re-plan took every account, and past 5,000 one it refused with exit 2.
NC=$(python3 - "$TMPD/unv.csv" <<'PY'
import csv, sys
print([r["id"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
       if r["reason"] == "not_considered"][0])
PY
)
printf 'id,when,outcome\n%s,2026-12-04 16:00,done\n' "$NC" >"$TMPD/log.csv"
run "$SAHA" plan "$TMPD/acc.csv" --rep "$REP" $W --max-candidates $N --previous "$TMPD/it.csv" \
  --visits "$TMPD/log.csv" --from 2026-12-09T08:00 --csv "$TMPD/re.csv" --unvisited "$TMPD/re_unv.csv"
expect_status 0
expect_stderr_matches "planning [0-9]+ \(every must-visit and appointment, every account of the previous plan and the visit log"
python3 - "$TMPD/it.csv" "$TMPD/re.csv" "$TMPD/re_unv.csv" "$N" "$NC" >"$TMPD/rewhy" 2>&1 <<'PY'
import csv, sys
rd = lambda p: list(csv.DictReader(open(p, newline="", encoding="utf-8-sig")))
it, re_, unv = rd(sys.argv[1]), rd(sys.argv[2]), rd(sys.argv[3])
n, logged, bad = int(sys.argv[4]), sys.argv[5], []
before = lambda rows: [(r["date"], r["id"]) for r in rows
                       if r.get("id") and r["date"] < "2026-12-09"]
if not before(it) or before(it) != before(re_):
    bad.append("visits before the moment changed")
why = {r["id"]: r["reason"] for r in unv}
for i in {r["id"] for r in it if r.get("id")} | {logged}:
    if why.get(i) == "not_considered":
        bad.append("%s of the previous plan or the log not considered" % i)
nc = sum(1 for r in unv if r["reason"] == "not_considered")
if not 0 < nc <= 400 - n:
    bad.append("%d not_considered, want 1..%d" % (nc, 400 - n))
ids = {r["id"] for r in re_ if r.get("id")} | set(why)
if len(ids) != 400:
    bad.append("%d accounts in the two files, want 400" % len(ids))
print("\n".join(bad) or "ok")
PY
expect_eq "$(cat "$TMPD/rewhy")" ok "re-plan of a preselected list"
run $CHECK "$TMPD/re.csv" "$TMPD/acc.csv" "$REP" "$TMPD/re_unv.csv"
expect_status 0

for v in 0 -5 abc 12x 1.5 5001; do
  rm -f "$TMPD/bad.csv"
  run "$SAHA" plan "$TMPD/acc.csv" --rep "$REP" $W --max-candidates "$v" --csv "$TMPD/bad.csv"
  expect_status 2
  expect_stderr_matches "^saha plan: --max-candidates: expected a count from 1 to 5000, got '$v'"
  expect_no_file "$TMPD/bad.csv"
done
run "$SAHA" plan --help
expect_status 0
expect_stdout_matches "--max-candidates N"
finish
