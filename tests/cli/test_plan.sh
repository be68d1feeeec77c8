#!/usr/bin/env bash
# saha plan: usage errors, rep file errors (file:line:key), infeasible required visits,
# exports (and their spreadsheet formula guard, --csv-raw), rows in = rows planned + rows
# reported, and an outside check of the itinerary
# (plan_check.py recomputes every drive from the travel model and checks windows, lunch
# and day bounds).
set -u
. "$(dirname "$0")/lib.sh"
D="$SAHA_TEST_DATA/plan"
CHECK="python3 $(dirname "$0")/plan_check.py"
W="--start 2026-11-30 --time-limit 0 --iterations 2000 --seed 3"

run "$SAHA" plan --help
expect_status 0
expect_stdout_matches '^usage: saha plan ACCOUNTS --rep'
expect_stdout_matches '--gpx'
expect_stdout_matches '--unvisited'

# usage and bad input: exit 2
run "$SAHA" plan "$D/accounts.csv"
expect_status 2
expect_stderr_matches 'missing --rep'
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" --objective fastest
expect_status 2
expect_stderr_matches "objective: expected profit, value or cost"
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" --start 2026-13-01
expect_status 2
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" --gpx
expect_status 2
expect_stderr_matches 'needs a value'
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_bad_hhmm.json"
expect_status 2
expect_stderr_matches 'rep_bad_hhmm.json:7: day_end: expected "HH:MM", got "25:00"'
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_bad_key.json"
expect_status 2
expect_stderr_matches 'rep_bad_key.json:5: lunch.minuts: unknown key'
run "$SAHA" plan "$D/accounts.csv" --rep "$TMPD/nope.json"
expect_status 1
# --strict: the rejected row (line 30, latitude 95) fails the run
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" $W --strict --quiet
expect_status 2
expect_stderr_matches 'accounts.csv:30'

# required visits that cannot be met: exit 2, the account named
printf 'id,name,lat,lon,opening_hours,must_visit\nS1,Cumartesi Firma,40.2,29.0,Sa 09:00-12:00,true\n' >"$TMPD/sat.csv"
run "$SAHA" plan "$TMPD/sat.csv" --rep "$D/rep_ok.json" $W
expect_status 2
expect_stderr_matches 'account S1 \(Cumartesi Firma\) must be visited'
printf 'id,name,lat,lon,appointment\nP1,Bursa,40.20,29.02,2026-12-01T10:00\nP2,Istanbul,41.00,29.00,2026-12-01T10:00\n' >"$TMPD/clash.csv"
run "$SAHA" plan "$TMPD/clash.csv" --rep "$D/rep_ok.json" $W
expect_status 2
expect_stderr_matches 'account P[12] .* has an appointment'

# the plan, with every export
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" $W --csv "$TMPD/week.csv" \
    --gpx "$TMPD/week.gpx" --unvisited "$TMPD/unvisited.csv"
expect_status 0
expect_stdout_matches '^Week of 2026-11-30 for Test Rep'
expect_stdout_matches '^Mo  2026-11-30 '
expect_stdout_matches '^Fr  2026-12-04 '
expect_stdout_matches '^value won [0-9,]+ EUR, value left [0-9,]+ EUR, travel cost [0-9,]+ EUR'
expect_stdout_matches '^skipped 4: no_coords 1 closed 1 not_worth 1 outside_horizon 1$'
expect_file "$TMPD/week.csv"
expect_file "$TMPD/week.gpx"
expect_file "$TMPD/unvisited.csv"
expect_eq "$(head -1 "$TMPD/week.csv" | cut -d, -f1-12)" \
  "day,date,seq,id,name,lat,lon,arrival,departure,drive_km,drive_min,value" "itinerary header"

# rows in = rows planned + rows reported
rows_in=$(($(wc -l <"$D/accounts.csv") - 1))
planned=$(tail -n +2 "$TMPD/week.csv" | cut -d, -f4 | sort -u | wc -l)  # accounts, not visits
skipped=$(($(wc -l <"$TMPD/unvisited.csv") - 1))
rejected=$(grep -cE 'accounts.csv:[0-9]+: ' "$ERR")
expect_eq "$((planned + skipped + rejected))" "$rows_in" "planned+skipped+rejected"
expect_eq "$rejected" 1 "rejected rows"
expect_stdout_matches "^rows: $rows_in read = $planned planned \\+ $skipped skipped \\+ 1 rejected \\(reasons above; --rejects FILE lists them\\)$"
# reasons named in the unvisited file
for r in 'T26,.*,closed,' 'T27,.*,not_worth,' 'T28,.*,no_coords,' 'T30,.*,outside_horizon,'; do
  if grep -qE "^$r" "$TMPD/unvisited.csv"; then ok; else bad "unvisited.csv lacks /$r/"; fi
done
# the must-visit account and the appointment (Tuesday 10:00) are in the plan
if grep -qE '^[0-9]+,[0-9-]+,[0-9]+,T03,' "$TMPD/week.csv"; then ok; else bad "must-visit T03 not planned"; fi
if grep -qE '^2,2026-12-01,[0-9]+,T25,.*,10:00,' "$TMPD/week.csv"; then ok; else bad "appointment T25 not kept"; fi

# the outside check: drives, windows, lunch, day bounds, caps
run $CHECK "$TMPD/week.csv" "$D/accounts.csv" "$D/rep_ok.json" "$TMPD/unvisited.csv"
expect_status 0
expect_stdout_matches ', 0 problems$'
# ... and it does catch a broken itinerary (an arrival moved 20 min earlier)
awk -F, 'BEGIN{OFS=","} NR==3{split($8,t,":"); m=t[1]*60+t[2]-20; $8=sprintf("%02d:%02d",m/60,m%60)} {print}' \
  "$TMPD/week.csv" >"$TMPD/broken.csv"
run $CHECK "$TMPD/broken.csv" "$D/accounts.csv" "$D/rep_ok.json"
expect_status 1

# same seed and iterations: the same plan
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" $W --csv "$TMPD/again.csv" --quiet
expect_status 0
if cmp -s "$TMPD/week.csv" "$TMPD/again.csv"; then ok; else bad "same seed, different plan"; fi
# --quiet: no summary
expect_eq "$(wc -c <"$OUT")" 0 "quiet stdout bytes"

# '-' = stdout: the CSV on stdout, the summary moves to stderr
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" $W --csv -
expect_status 0
expect_stdout_matches '^day,date,seq,id,name,lat,lon,arrival,departure'
expect_stderr_matches '^Week of 2026-11-30'
# never overwrite an input
cp "$D/accounts.csv" "$TMPD/in.csv"
run "$SAHA" plan "$TMPD/in.csv" --rep "$D/rep_ok.json" $W --csv "$TMPD/in.csv"
expect_status 2
if cmp -s "$D/accounts.csv" "$TMPD/in.csv"; then ok; else bad "input was overwritten"; fi

# --provider file: the plan drives by the matrix file's times (here 1.5x the model's)
run "$SAHA" matrix "$D/accounts.csv" --rep "$D/rep_ok.json" -o "$TMPD/m.csv"
expect_status 0
python3 - "$TMPD/m.csv" "$TMPD/slow.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["from_id", "to_id", "duration_s", "distance_m"])
    for r in rows:
        w.writerow([r["from_id"], r["to_id"], "%.1f" % (float(r["duration_s"]) * 1.5), r["distance_m"]])
PY
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" $W --provider file \
    --matrix "$TMPD/slow.csv" --csv "$TMPD/slow_week.csv" --quiet
expect_status 0
run python3 - "$TMPD/slow_week.csv" "$TMPD/slow.csv" <<'PY'
import csv, sys
dur = {(r["from_id"], r["to_id"]): float(r["duration_s"]) for r in csv.DictReader(open(sys.argv[2]))}
prev, day, bad, n = "HOME", None, 0, 0
for r in csv.DictReader(open(sys.argv[1])):
    if r["day"] != day:
        prev, day = "HOME", r["day"]
    want = dur[(prev, r["id"])] / 60.0
    n += 1
    if abs(float(r["drive_min"]) - want) > 1.0:
        bad += 1
        print("leg %s->%s: drive_min %s, file says %.1f" % (prev, r["id"], r["drive_min"], want))
    prev = r["id"]
print("legs %d bad %d" % (n, bad))
sys.exit(1 if bad or n == 0 else 0)
PY
expect_status 0
# ... and the model-based outside check sees the difference
run $CHECK "$TMPD/slow_week.csv" "$D/accounts.csv" "$D/rep_ok.json"
expect_status 1
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" $W --provider file
expect_status 2
expect_stderr_matches 'needs --matrix'

# value and cost objectives: everything visitable is visited (the far, small T27 too,
# which profit leaves out as not worth the drive)
for o in value cost; do
  run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" $W --objective $o
  expect_status 0
  expect_stdout_matches "objective $o"
  expect_stdout_matches '^skipped 3: no_coords 1 closed 1 outside_horizon 1$'
done

# the balance term: refused when negative or not a number; with it the week's spread of
# working time (printed) is no larger than without, and the plan still checks out
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" $W --balance -3
expect_status 2
expect_stderr_matches 'balance: expected a weight'
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" $W --balance lots
expect_status 2
spread_of() { sed -n 's/^work per day: .*spread \([0-9]*\):\([0-9]*\)$/\1 \2/p' "$OUT" | awk '{print $1 * 60 + $2}'; }
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" $W --objective cost
expect_status 0
s0="$(spread_of)"
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" $W --objective cost --balance 50 \
  --csv "$TMPD/balanced.csv"
expect_status 0
s1="$(spread_of)"
if [ -n "$s0" ] && [ -n "$s1" ] && [ "$s1" -le "$s0" ]; then ok; else bad "spread $s1 min with --balance, $s0 min without"; fi
run $CHECK "$TMPD/balanced.csv" "$D/accounts.csv" "$D/rep_ok.json"
expect_status 0

# cadence shorter than the week: an account due every 2 days gets a visit in each
# 2-day period with a working day (Mo-Tu, We-Th, Fr-Sa: 3), a weekly one gets one; the
# outside checker, told the horizon, accepts it and refuses a doctored repeat
cat > "$TMPD/cadence.csv" <<'CSV'
id,name,lat,lon,value,visit_minutes,last_visit,frequency_days
K2,Key distributor,40.215,29.015,9000,30,2026-11-01,2
WK,Weekly shop,40.200,29.000,9000,30,2026-11-01,7
CSV
run "$SAHA" plan "$TMPD/cadence.csv" --rep "$D/rep_ok.json" $W --csv "$TMPD/cad_week.csv" \
  --unvisited "$TMPD/cad_skip.csv"
expect_status 0
expect_eq "$(grep -c '^[^,]*,[^,]*,[^,]*,K2,' "$TMPD/cad_week.csv" || true)" 3 "visits of K2"
expect_eq "$(grep -c ',WK,' "$TMPD/cad_week.csv" || true)" 1 "visits of WK"
expect_stdout_matches '^rows: 2 read = 2 planned \(4 visits\) \+ 0 skipped \+ 0 rejected$'
run $CHECK "$TMPD/cad_week.csv" "$TMPD/cadence.csv" "$D/rep_ok.json" "$TMPD/cad_skip.csv" \
  --start 2026-11-30 --days 7
expect_status 0
sed 's/,WK,/,K2,/' "$TMPD/cad_week.csv" > "$TMPD/cad_bad.csv"
run $CHECK "$TMPD/cad_bad.csv" "$TMPD/cadence.csv" "$D/rep_ok.json" --start 2026-11-30 --days 7
expect_status 1
expect_stdout_matches 'K2 visited (twice in one 2-day period|twice in a day)'

# overnight stays: a cluster of valuable accounts 100 km away; with nights allowed the
# summary names the hotels, the CSV says where each day starts and ends, and the outside
# checker replays the days from and to those places; not allowed: every day from home
python3 - "$TMPD/far.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,name,lat,lon,value,visit_minutes\n")
    for i in range(12):
        f.write("F%02d,Far %d,%.4f,%.4f,4000,45\n" % (i, i, 41.05 + 0.01 * (i % 4), 29.02 + 0.012 * (i // 4)))
    for i in range(4):
        f.write("N%d,Near %d,%.4f,%.4f,500,30\n" % (i, i, 40.2106 + 0.01 * i, 29.0195))
PY
sed 's/"allowed": false/"allowed": true/' "$D/rep_ok.json" > "$TMPD/rep_overnight.json"
run "$SAHA" plan "$TMPD/far.csv" --rep "$TMPD/rep_overnight.json" $W --csv "$TMPD/far_week.csv"
expect_status 0
expect_stdout_matches '^night after [A-Z][a-z] 2026-1[12]-[0-9]+: hotel near F[0-9]+ \(Far [0-9]+\)$'
expect_stdout_matches 'hotels [0-9]+ EUR \([0-9]+ nights?\)$'
if grep -qE ',F[0-9][0-9],[^,]*,[^,]*,[0-9]+,[^,]*,(model|road),[^,]*,[^,]*,[^,]*$' "$TMPD/far_week.csv"; then ok; else bad "no day ends at a hotel in the CSV"; fi
run $CHECK "$TMPD/far_week.csv" "$TMPD/far.csv" "$TMPD/rep_overnight.json"
expect_status 0
# the same days claimed from home: the checker's replay disagrees
python3 -c "
import csv, sys
r = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
w = csv.DictWriter(open(sys.argv[2], 'w', encoding='utf-8', newline=''), fieldnames=list(r[0]))
w.writeheader()
for x in r:
    x['night_before'] = x['night_after'] = ''
    w.writerow(x)" "$TMPD/far_week.csv" "$TMPD/far_home.csv"
run $CHECK "$TMPD/far_home.csv" "$TMPD/far.csv" "$TMPD/rep_overnight.json"
expect_status 1
run "$SAHA" plan "$TMPD/far.csv" --rep "$D/rep_ok.json" $W --csv "$TMPD/far_home2.csv"
expect_status 0
if grep -q 'hotel near' "$OUT"; then bad "a night away although the rep does not allow them"; else ok; fi

# spreadsheet formula guard (OWASP "CSV Injection"): text cells of --csv/--unvisited
# that start with = + - @ get an apostrophe; numbers (a negative longitude) never do;
# --csv-raw writes the text as read
sed -e 's/"lat": 40.2106, "lon": 29.0095/"lat": 40.4168, "lon": -3.7038/' \
  -e 's|Europe/Istanbul|Europe/Madrid|' "$D/rep_ok.json" > "$TMPD/rep_madrid.json"
cat > "$TMPD/formula.csv" <<'CSV'
id,name,address,lat,lon,value,phone
@X1,"=HYPERLINK(""http://x"",""y"")",+1 street,40.4200,-3.7000,5000,+34 91 000 0001
X2,-Neg,Gran Via 1,,,4000,-5
CSV
cat > "$TMPD/cells.py" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
row = next(r for r in rows if r["id"].lstrip("'") == sys.argv[2])
print("|".join(row[c] for c in sys.argv[3:]))
PY
run "$SAHA" plan "$TMPD/formula.csv" --rep "$TMPD/rep_madrid.json" $W --quiet \
  --csv "$TMPD/f_week.csv" --unvisited "$TMPD/f_skip.csv"
expect_status 0
expect_eq "$(python3 "$TMPD/cells.py" "$TMPD/f_week.csv" @X1 id name address lon)" \
  "'@X1|'=HYPERLINK(\"http://x\",\"y\")|'+1 street|-3.700000" "guarded itinerary cells"
if grep -qF ",'@X1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",40.420000,-3.700000," \
  "$TMPD/f_week.csv"; then ok; else bad "itinerary row: $(sed -n 2p "$TMPD/f_week.csv")"; fi
expect_eq "$(python3 "$TMPD/cells.py" "$TMPD/f_skip.csv" X2 id name reason phone)" \
  "X2|'-Neg|no_coords|'-5" "guarded unvisited cells"
run "$SAHA" plan "$TMPD/formula.csv" --rep "$TMPD/rep_madrid.json" $W --quiet \
  --csv "$TMPD/r_week.csv" --unvisited "$TMPD/r_skip.csv" --csv-raw
expect_status 0
expect_eq "$(python3 "$TMPD/cells.py" "$TMPD/r_week.csv" @X1 id name address lon)" \
  "@X1|=HYPERLINK(\"http://x\",\"y\")|+1 street|-3.700000" "--csv-raw itinerary cells"
expect_eq "$(python3 "$TMPD/cells.py" "$TMPD/r_skip.csv" X2 name phone)" "-Neg|-5" \
  "--csv-raw unvisited cells"
expect_eq "$(cat "$TMPD/r_week.csv" "$TMPD/r_skip.csv" | grep -c "'" || true)" 0 \
  "no apostrophe with --csv-raw"
run "$SAHA" plan --help
expect_stdout_matches '^  --csv-raw '

# OSRM for the plan, against the fixture server: its request size, retries and timeout
# options as in `saha matrix`; they need --provider osrm
run "$SAHA" plan "$TMPD/cadence.csv" --rep "$D/rep_ok.json" $W --osrm-retries 1
expect_status 2
expect_stderr_matches 'needs --provider osrm'
start_fixture URL osrm_server.py --max-table 2
# home + 2 accounts, limit 2 (4 cells a request): 3 requests of 3 sources x 1 destination
run "$SAHA" plan "$TMPD/cadence.csv" --rep "$D/rep_ok.json" $W --provider osrm \
  --osrm-url "$URL" --osrm-max-table 2 --csv "$TMPD/osrm_week.csv"
expect_status 0
expect_stdout_matches '^rows: 2 read = 2 planned'
stats=$(python3 -c "import urllib.request; print(urllib.request.urlopen('$URL/stats').read().decode())")
case "$stats" in *'"table_requests": 3,'*) ok ;; *) bad "server stats: $stats" ;; esac
# a first 503: retried by default, fatal with --osrm-retries 0
run "$SAHA" plan "$TMPD/cadence.csv" --rep "$D/rep_ok.json" $W --provider osrm \
  --osrm-url "$URL/once503/a" --osrm-max-table 2
expect_status 0
run "$SAHA" plan "$TMPD/cadence.csv" --rep "$D/rep_ok.json" $W --provider osrm \
  --osrm-url "$URL/once503/b" --osrm-max-table 2 --osrm-retries 0
expect_status 1
expect_stderr_matches '503'
# a server that sends a byte a second: the timeout ends it
t0=$(date +%s)
run "$SAHA" plan "$TMPD/cadence.csv" --rep "$D/rep_ok.json" $W --provider osrm \
  --osrm-url "$URL/drip" --osrm-timeout 1 --osrm-retries 0
expect_status 1
if [ $(( $(date +%s) - t0 )) -le 10 ]; then ok; else bad "--osrm-timeout 1 took $(( $(date +%s) - t0 )) s"; fi
run "$SAHA" plan "$TMPD/cadence.csv" --rep "$D/rep_ok.json" $W --provider osrm \
  --osrm-url "$URL" --osrm-timeout 0
expect_status 2
# --days and --weeks are one horizon: both given is a usage error, either order; a plan
# longer than a week is headed by its first and last day and totals on a "total" row
for order in "--days 5 --weeks 2" "--weeks 2 --days 5"; do
  run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" --start 2026-11-30 $order --quiet
  expect_status 2
  expect_stderr_matches 'give --days or --weeks, not both'
done
run "$SAHA" plan "$D/accounts.csv" --rep "$D/rep_ok.json" --start 2026-11-30 --days 14 \
  --time-limit 0 --iterations 200 --seed 1
expect_status 0
expect_stdout_matches '^Plan from 2026-11-30 to 2026-12-1[0-9] for Test Rep'
expect_stdout_matches '^total +[0-9]+ '
if grep -q '^Week of\|^week ' "$OUT"; then bad "a 14-day plan is headed or totalled as a week"; else ok; fi
# the help's output options line up, the long --cadence-report included
run "$SAHA" plan --help
expect_status 0
expect_stdout_matches '^  --cadence-report FILE  [a-z]'
expect_stdout_matches '^  --csv FILE             [A-Za-z]'
finish
