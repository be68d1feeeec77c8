#!/usr/bin/env bash
# The documented size limit of one plan (issue #19, Deliver 2; README "Size limits"):
# a model of more than 5,000 accounts (SAHA_PLAN_MAX_MODEL_ACCOUNTS) is refused with
# exit 2 and a message giving the count and the limit, before the matrix or the model
# is built (no output file is written). Must-visits are always planned, so 5,001 of
# them are refused, in a plan and in a re-plan (--off) alike; `saha plan --help` states
# both numbers. Negative probes: the same 5,001 plain accounts in a normal plan and in a
# re-plan are not refused (the preselection keeps 1,000 of them) and the plans pass
# plan_check.py.
set -u
. "$(dirname "$0")/lib.sh"
CHECK="python3 $(dirname "$0")/plan_check.py"
REP="$TMPD/rep.json"
cat >"$REP" <<'JSON'
{"name": "Size Rep", "home": {"lat": 40.2106, "lon": 29.0095},
 "timezone": "Europe/Istanbul", "days": "Mo-Fr", "day_start": "08:00",
 "day_end": "17:30", "cost": {"per_km": 0.3, "per_hour": 20, "currency": "EUR"}}
JSON
gen() { # gen FILE N MUST(every k-th row a must-visit; 0 = none)
  python3 - "$1" "$2" "$3" <<'PY'
import random, sys
n, k = int(sys.argv[2]), int(sys.argv[3]); r = random.Random(3)
with open(sys.argv[1], "w") as f:
    f.write("id,name,lat,lon,value,visit_minutes,must_visit\n")
    for i in range(n):
        f.write("S%05d,Acc %d,%.5f,%.5f,%d,30,%s\n" % (i, i, 40.05 + r.random() * 0.3,
                28.8 + r.random() * 0.6, r.randrange(100, 5000),
                "yes" if k and i % k == 0 else ""))
PY
}
W="--start 2026-12-07 --seed 1 --time-limit 1"
gen "$TMPD/must.csv" 5001 1
run "$SAHA" plan "$TMPD/must.csv" --rep "$REP" $W --csv "$TMPD/must_it.csv"
expect_status 2
expect_stderr_matches "5001 accounts to plan in one model \(every must-visit and appointment account is planned\), more than the 5000 one plan takes: split the list by territory"
expect_no_file "$TMPD/must_it.csv"

run "$SAHA" plan "$TMPD/must.csv" --rep "$REP" $W --off 2026-12-09 --csv "$TMPD/re_it.csv"
expect_status 2
expect_stderr_matches "5001 accounts to plan in one model \(every must-visit and appointment account, and every account of the previous plan and the visit log, is planned\), more than the 5000"
expect_no_file "$TMPD/re_it.csv"

gen "$TMPD/plain.csv" 5001 0
run "$SAHA" plan "$TMPD/plain.csv" --rep "$REP" $W --off 2026-12-09 --csv "$TMPD/re_it.csv" \
  --unvisited "$TMPD/re_unv.csv"
expect_status 0
expect_stderr_matches "5001 accounts with coordinates: planning 1000 "
run $CHECK "$TMPD/re_it.csv" "$TMPD/plain.csv" "$REP" "$TMPD/re_unv.csv"
expect_status 0
expect_eq "$(csv_column "$TMPD/re_it.csv" date | grep -c '^2026-12-09$')" 0 "visits on the day off"

# the limit the refusals name is the one --help documents
run "$SAHA" plan --help
expect_status 0
expect_stdout_matches "one plan holds at most 5000 accounts"
expect_stdout_matches "planned from its 1000 most"

# negative probe: a normal plan of the same list preselects and plans
run "$SAHA" plan "$TMPD/plain.csv" --rep "$REP" $W --csv "$TMPD/it.csv" \
  --unvisited "$TMPD/unv.csv"
expect_status 0
expect_stderr_not_matches "accounts to plan in one model"
run $CHECK "$TMPD/it.csv" "$TMPD/plain.csv" "$REP" "$TMPD/unv.csv"
expect_status 0
finish
