#!/usr/bin/env bash
# saha plan, re-planning mid-week on the Marmara sample: plan Monday (fixed iterations
# and seed), log Monday and Tuesday as done, one cancellation, an appointment moved from
# Thursday 14:00 to Friday 11:00, Thursday lost, one urgent must-visit; re-plan from
# Wednesday 08:00. Then the claims (replan_scenario.py check), the outside checker
# replaying the whole week including the frozen past (plan_check.py --visits), the
# changes file, calendar updates (python3-icalendar: UIDs stable, SEQUENCE up,
# CANCELLED), and bad visit-log input (file:line: field: reason, exit 2).
set -u
. "$(dirname "$0")/lib.sh"
M="$SAHA_SOURCE_DIR/maps/marmara"
P="python3 $(dirname "$0")/replan_scenario.py"
CHECK="python3 $(dirname "$0")/plan_check.py"
# the C checker (tests/unit/helper_plan_check.c) on the same re-plan, made in process
# with the same flags; it first checks that the CLI's itinerary holds the same visits
REPLAY="$SAHA_BUILD_DIR/tests/test_plan_replay"
W="--start 2026-12-07 --time-limit 0 --iterations 3000 --seed 7"
cd "$TMPD" || exit 1
# the sample's rep without nights away (re-plans resume from home), lunch at a stop:
# the stability and order figures below were measured so (with lunch on the road, the
# default since issue 19, week 1 is another plan: 9 of 13 kept their day, 7 of 9 their
# order; other seeds of the whole scenario 64-75 % on the road, 50-78 % at a stop)
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); r['overnight']={'allowed': False}; l=dict(r.get('lunch') or {'earliest': '12:00', 'latest': '14:00', 'minutes': 45}); l['on_the_road']=False; r['lunch']=l; json.dump(r, open('rep.json','w'))" "$M/rep.json"

run "$SAHA" plan --help
expect_stdout_matches '--visits FILE'
expect_stdout_matches '--previous FILE'
expect_stdout_matches '--stability AMOUNT'
expect_stdout_matches '--changes'

# The scenario is pinned: weeks 0 and 1 are plans saha made at 43cddb0 (tests/data/replan,
# its README), so that the figures below stay those of one scenario whatever week the
# optimiser plans today; the re-plans are today's. Both weeks are still planned here.
D="$SAHA_TEST_DATA/replan"
run "$SAHA" plan "$M/accounts.csv" --rep rep.json $W --csv week0.csv -q
expect_status 0
run $P prepare "$M/accounts.csv" week0.csv .
expect_status 0
APPT=$(cat appt)
run "$SAHA" plan acc1.csv --rep rep.json $W --csv week1.csv --ics week1.ics -q
expect_status 0
expect_eq "$(grep "^[0-9]*,2026-12-10,[0-9]*,$APPT," week1.csv | grep -c ',14:00,')" 1 \
  "week 1 has the Thursday 14:00 appointment"
cp "$D/week0.csv" week0.csv
run $P prepare "$M/accounts.csv" week0.csv .
expect_status 0
APPT=$(cat appt)
cp "$D/week1.csv" "$D/week1.ics" .
expect_eq "$(grep "^[0-9]*,2026-12-10,[0-9]*,$APPT," week1.csv | grep -c ',14:00,')" 1 \
  "the pinned week 1 has the Thursday 14:00 appointment"
run $P prepare-urgent week1.csv .
URG=$(cat urgent)
run $P prepare-log week1.csv "$APPT" .
CANC=$(cat cancelled)

run "$SAHA" plan acc2.csv --rep rep.json $W --previous week1.csv --visits log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10 --urgent "$URG" --stability 300000 \
  --csv week2.csv --changes changes.csv --ics week2.ics --unvisited un2.csv --html week2.html
expect_status 0
expect_eq "$(grep -c '<section class="changes">' week2.html)" 1 "the HTML report lists the changes"
expect_eq "$(grep -c "<tr class=\"change-dropped\">.*($CANC).*cancelled by the customer" week2.html)" 1 \
  "the HTML report names the cancellation"
expect_stdout_matches '^Changes: [0-9]+ kept, [0-9]+ moved, [0-9]+ added, [0-9]+ dropped'
expect_stdout_matches "dropped +$CANC .*cancelled by the customer"
# Untouched visits (of Wednesday and Friday, not the cancelled, moved or urgent ones)
# keeping their day. The issue asks 80 %; here no plan can: replan_keep.py tries every
# order of every subset of each day (travel model, hours, lunch, max drive) and finds
# at most 5 of 6 on Wednesday with the urgent visit and 5 of 7 on Friday with the 11:00
# appointment (MR0083, open Fr 08:30-12:00, never fits), 10 of 13 = 77 %. The re-plan
# must reach that bound (README "Re-planning the week").
run python3 "$(dirname "$0")/replan_keep.py" week1.csv acc2.csv rep.json 2026-12-09 "$URG" --from 08:00
expect_status 0
kwed=$(sed -n 's/^at most \([0-9]*\) of .*/\1/p' "$OUT")
run python3 "$(dirname "$0")/replan_keep.py" week1.csv acc2.csv rep.json 2026-12-11 "$APPT@11:00" --drop "$CANC"
expect_status 0
kfri=$(sed -n 's/^at most \([0-9]*\) of .*/\1/p' "$OUT")
run $P check week1.csv week2.csv log.csv "$APPT" "$URG" "$CANC" 0.75 0.9
expect_status 0
cat "$OUT" >&2
expect_eq "$(sed -n 's/^untouched kept their day: \([0-9]*\) of .*/\1/p' "$OUT")" "$((kwed + kfri))" \
  "untouched visits on their day: the exact bound ($kwed on Wednesday + $kfri on Friday)"
# the claims can fail: the unchanged plan breaks them
run $P check week1.csv week1.csv log.csv "$APPT" "$URG" "$CANC"
expect_status 1
run $CHECK week2.csv acc2.csv rep.json un2.csv --start 2026-12-07 --days 7 --visits log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10
expect_status 0
run $CHECK week1.csv acc2.csv rep.json --start 2026-12-07 --days 7 --visits log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10
expect_status 1
expect_stdout_matches 'visit on a day off'
run "$REPLAY" acc2.csv rep.json week2.csv $W --previous week1.csv --visits log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10 --urgent "$URG" --stability 300000
expect_status 0
expect_stdout_matches '^replay: [0-9]+ visits on [0-9]+ days, 0 problems$'
# the C replay fails an itinerary that is not the re-plan of these inputs
run "$REPLAY" acc2.csv rep.json week1.csv $W --previous week1.csv --visits log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10 --urgent "$URG" --stability 300000
expect_status 1

# changes: every previous visit and every new one, with words for the reasons
expect_eq "$(head -1 changes.csv)" "account,status,from,to,reason"
expect_eq "$(grep -c "^$CANC,dropped,.*cancelled by the customer" changes.csv)" 1 "cancelled row"
expect_eq "$(grep -c "^$APPT,moved,2026-12-10 14:00,2026-12-11 11:00," changes.csv)" 1 "moved appointment"
expect_eq "$(grep -c "^$URG,added,,2026-12-09 .*urgent" changes.csv)" 1 "urgent added"
expect_eq "$(grep -c ',2026-12-10 [0-9:]*,.*day off' changes.csv)" \
  "$(grep -c ',2026-12-10,' week1.csv | tr -d ' ')" "every Thursday visit moved or dropped for the day off"
n_prev=$(($(wc -l < week1.csv) - 1))
n_old=$(grep -cE ',(kept|moved|dropped),' changes.csv)
expect_eq "$n_old" "$n_prev" "one change row per previous visit"

# calendars: same UID for the same visit, SEQUENCE up when it changed, CANCELLED for the
# dropped ones
cat > ics_check.py <<'PY'
import csv, sys
import icalendar
def events(p):
    cal = icalendar.Calendar.from_ical(open(p, "rb").read())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}
e1, e2 = events("week1.ics"), events("week2.ics")
ch = list(csv.DictReader(open("changes.csv", encoding="utf-8")))
bad = []
if not set(e1) <= set(e2):
    bad.append("week 1 events missing from week 2: %s" % sorted(set(e1) - set(e2)))
canc = [u for u, e in e2.items() if str(e.get("STATUS", "")) == "CANCELLED"]
drops = [r for r in ch if r["status"] == "dropped"]
if len(canc) != len(drops) or not drops:
    bad.append("%d cancelled events for %d dropped visits" % (len(canc), len(drops)))
for u, e in e2.items():
    if u not in e1:
        continue
    s1, s2 = int(e1[u].get("SEQUENCE", 0)), int(e2[u].get("SEQUENCE", 0))
    same = e1[u].decoded("DTSTART") == e2[u].decoded("DTSTART")
    if str(e2[u].get("STATUS", "")) == "CANCELLED" or not same:
        if s2 <= s1:
            bad.append("%s changed but SEQUENCE %d -> %d" % (u, s1, s2))
    elif s2 != s1:
        bad.append("%s unchanged but SEQUENCE %d -> %d" % (u, s1, s2))
print("\n".join(bad) or "ics ok: %d events, %d cancelled" % (len(e2), len(canc)))
sys.exit(1 if bad else 0)
PY
run /usr/bin/python3 ics_check.py # Debian's python: python3-icalendar
expect_status 0
cat "$OUT" >&2

# a re-plan of the re-plan keeps UIDs and counts SEQUENCE on
run "$SAHA" plan acc2.csv --rep rep.json $W --previous week2.csv --visits log.csv \
  --from "2026-12-11 08:00" --off 2026-12-10 --csv week3.csv -q
expect_status 0
expect_eq "$(cut -d, -f21 week3.csv | sort | comm -23 - <(cut -d, -f21 week2.csv | sort) | wc -l)" 0 \
  "week 3 uses the UIDs of week 2"

# --position: the rest of today starts there. Nothing done yet today (moment Wednesday
# 08:00): the day leaves from the position at 10:00; the outside checker replays the
# first leg from it and fails the same plan read without the position.
POS=40.70,29.90
run "$SAHA" plan acc2.csv --rep rep.json $W --previous week1.csv --visits log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10 --urgent "$URG" --stability 300000 \
  --position "$POS@10:00" --csv week2p.csv -q
expect_status 0
first=$(grep '^[0-9]*,2026-12-09,1,' week2p.csv | cut -d, -f8)
expect_eq "$([ "${first:-00:00}" \> "10:00" ] && echo after)" after "Wednesday's first visit after 10:00 ($first)"
run $CHECK week2p.csv acc2.csv rep.json --start 2026-12-07 --days 7 --visits log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10 --position "$POS@10:00"
expect_status 0
run $CHECK week2p.csv acc2.csv rep.json --start 2026-12-07 --days 7 --visits log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10
expect_status 1
expect_stdout_matches '2026-12-09 MR[0-9]+: drive_km'
# the C checker replays it from the position too, and fails it from another place
run "$REPLAY" acc2.csv rep.json week2p.csv $W --previous week1.csv --visits log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10 --urgent "$URG" --stability 300000 \
  --position "$POS@10:00"
expect_status 0
expect_stdout_matches '^replay: [0-9]+ visits on [0-9]+ days, 0 problems$'
run "$REPLAY" acc2.csv rep.json week2p.csv $W --previous week1.csv --visits log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10 --urgent "$URG" --stability 300000 \
  --position "$POS@10:00" --probe-position 40.90,29.30
expect_status 1
expect_stdout_matches '^replay: account MR[0-9]+: arrives at'
# Wednesday morning's visits done (week 1's that start before 12:00: the re-plan takes
# a previous visit before the moment that the log does not mention as done, the outside
# checker only logged ones), re-plan at 12:00, the rep at the position at 12:40: the
# last done visit's next leg starts at the position, lunch after 12:40.
cp log.csv log2.csv
awk -F, '$2 == "2026-12-09" && $13 < "12:00" {printf "%s;%s %s;yapıldı;\n", $4, $2, $13}' week1.csv >> log2.csv
ndone=$(grep -c '2026-12-09' log2.csv)
expect_eq "$([ "$ndone" -ge 1 ] && echo yes)" yes "Wednesday morning's visits logged ($ndone)"
run "$SAHA" plan acc2.csv --rep rep.json $W --previous week1.csv --visits log2.csv \
  --from "2026-12-09 12:00" --off 2026-12-10 --urgent "$URG" --stability 300000 \
  --position "$POS@12:40" --csv week2q.csv -q
expect_status 0
third=$(grep "^[0-9]*,2026-12-09,$((ndone + 1))," week2q.csv | cut -d, -f8)
expect_eq "$([ "${third:-00:00}" \> "12:40" ] && echo after)" after "the first new visit after 12:40 ($third)"
run $CHECK week2q.csv acc2.csv rep.json --start 2026-12-07 --days 7 --visits log2.csv \
  --from "2026-12-09 12:00" --off 2026-12-10 --position "$POS@12:40"
expect_status 0
run "$REPLAY" acc2.csv rep.json week2q.csv $W --previous week1.csv --visits log2.csv \
  --from "2026-12-09 12:00" --off 2026-12-10 --urgent "$URG" --stability 300000 \
  --position "$POS@12:40"
expect_status 0
expect_stdout_matches '^replay: [0-9]+ visits on [0-9]+ days, 0 problems$'
run $CHECK week2q.csv acc2.csv rep.json --start 2026-12-07 --days 7 --visits log2.csv \
  --from "2026-12-09 12:00" --off 2026-12-10
expect_status 1
run "$SAHA" plan acc2.csv --rep rep.json $W --visits log.csv --from "2026-12-09 12:00" \
  --position "$POS@11:00" --csv out.csv
expect_status 2
expect_stderr_matches 'position: the time 11:00 is before the re-plan moment 12:00'
expect_no_file out.csv
for bad in 40.7 91,29 40.7,29.9@25:00 40.7,x; do
  run "$SAHA" plan acc2.csv --rep rep.json $W --from "2026-12-09 12:00" --position "$bad"
  expect_status 2
  expect_stderr_matches '^saha plan: --position: '
done

# Lunch on the road after a re-plan (the rep file's default; the scenario above eats
# at a stop): the same re-plan from the position at 10:00 with lunch allowed during a
# leg. Some day from Wednesday on takes it on the road; both checkers replay the plan
# with that rule, and the outside checker fails it under lunch-at-a-stop rules.
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); r['lunch']['on_the_road']=True; json.dump(r, open('rep_road.json','w'))" rep.json
run "$SAHA" plan acc2.csv --rep rep_road.json $W --previous week1.csv --visits log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10 --urgent "$URG" --stability 300000 \
  --position "$POS@10:00" --csv week2r.csv -q
expect_status 0
road=$(python3 -c "import csv,sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1], encoding='utf-8')) if r['date'] >= '2026-12-09' and r['lunch'] and int(r['lunch_drive_min'] or 0) > 0))" week2r.csv)
expect_eq "$([ "$road" -ge 1 ] && echo yes)" yes "a lunch on the road from Wednesday on ($road)"
run $CHECK week2r.csv acc2.csv rep_road.json --start 2026-12-07 --days 7 --visits log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10 --position "$POS@10:00"
expect_status 0
run "$REPLAY" acc2.csv rep_road.json week2r.csv $W --previous week1.csv --visits log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10 --urgent "$URG" --stability 300000 \
  --position "$POS@10:00"
expect_status 0
expect_stdout_matches '^replay: [0-9]+ visits on [0-9]+ days, 0 problems$'
run $CHECK week2r.csv acc2.csv rep.json --start 2026-12-07 --days 7 --visits log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10 --position "$POS@10:00"
expect_status 1

# Required visits over seeds. The scenario at --stability 0 (once failed to place the
# urgent visit): every seed places it on Wednesday. And a re-plan from Wednesday whose
# log moves MR0229 (Istanbul) to Wednesday 11:00 while must-visit MR0055 (far west)
# competes for the days: the search alone missed the appointment at 6 of seeds 1-8;
# the required visits are now placed alone first (saha_plan__pin_required) and kept.
for seed in 1 2 3 4 5; do
  run "$SAHA" plan acc2.csv --rep rep.json --start 2026-12-07 --time-limit 0 --iterations 1000 \
    --seed $seed --previous week1.csv --visits log.csv --from "2026-12-09 08:00" --off 2026-12-10 \
    --urgent "$URG" --stability 0 --csv "s0_$seed.csv" -q
  expect_status 0
  expect_eq "$(grep -c "^[0-9]*,2026-12-09,[0-9]*,$URG," "s0_$seed.csv")" 1 "seed $seed: urgent on Wednesday"
done
awk -F, -v OFS=, 'NR > 1 && $1 == "MR0055" { $12 = "yes" } { print }' "$M/accounts.csv" > accmv.csv
expect_eq "$(grep -c '^MR0055,.*,yes,' accmv.csv)" 1 "MR0055 made a must-visit"
printf 'id,when,outcome\nMR0229,2026-12-16 11:00,rescheduled\n' > lmv.csv
for seed in 1 2 3 4 6 7; do
  run "$SAHA" plan accmv.csv --rep rep.json --start 2026-12-14 --time-limit 0 --iterations 3000 \
    --seed $seed --visits lmv.csv --from "2026-12-16 08:00" --csv "mv_$seed.csv" -q
  expect_status 0
  expect_eq "$(grep -c '^[0-9]*,2026-12-16,[0-9]*,MR0229,.*,11:00,' "mv_$seed.csv")" 1 "seed $seed: MR0229 at 11:00"
done
run $CHECK mv_7.csv accmv.csv rep.json --start 2026-12-14 --days 7 --visits lmv.csv \
  --from "2026-12-16 08:00"
expect_status 0

# Order within a day: a day planned in a zigzag (B2 D4 A1 C3, 55 km) keeps that order
# when the stability amount covers the extra driving (about 290 TRY over the 39 km
# loop D4 C3 B2 A1), and gets the loop when it does not.
cat > ord.csv <<'CSV'
id,name,lat,lon,value,probability,visit_minutes,opening_hours
A1,A one,40.2106,29.06,50000,0.9,30,Mo-Fr 08:30-18:00
B2,B two,40.2106,29.11,50000,0.9,30,Mo-Fr 08:30-18:00
C3,C three,40.2106,29.16,50000,0.9,30,Mo-Fr 08:30-18:00
D4,D four,40.2606,29.11,50000,0.9,30,Mo-Fr 08:30-18:00
CSV
O="--start 2026-12-07 --days 1 --iterations 500 --time-limit 0 -q"
run "$SAHA" plan ord.csv --rep rep.json $O --csv ord0.csv
expect_status 0
expect_eq "$(tail -n +2 ord0.csv | cut -d, -f4 | tr '\n' ' ')" "D4 C3 B2 A1 " "the loop is the plan from scratch"
awk -F, -v OFS=, 'NR == 1 { print; next } { s["B2"] = 1; s["D4"] = 2; s["A1"] = 3; s["C3"] = 4; $3 = s[$4]; print }' \
  ord0.csv > ordz.csv
for st in 100000 1; do
  run "$SAHA" plan ord.csv --rep rep.json $O --previous ordz.csv --from "2026-12-07 08:00" \
    --stability $st --csv "ord_$st.csv"
  expect_status 0
done
expect_eq "$(tail -n +2 ord_100000.csv | cut -d, -f4 | tr '\n' ' ')" "B2 D4 A1 C3 " "the previous order kept"
expect_eq "$(tail -n +2 ord_1.csv | cut -d, -f4 | tr '\n' ' ')" "D4 C3 B2 A1 " "stability 1: the shorter order"
run $CHECK ord_100000.csv ord.csv rep.json --start 2026-12-07 --days 1
expect_status 0

# Nights away (the sample rep allows them; lunch at a stop as above). Week 1: the first
# seed whose plan sleeps away Tuesday and Wednesday nights. Re-planned from Wednesday
# 08:00 with Thursday off: the Monday and Tuesday nights are spent and stay (Wednesday
# starts at Tuesday's hotel; the checker replays its first leg from there), the
# Wednesday and Thursday ones are cancelled for the day off (no night can be added:
# Thursday is off, Friday the last day). Re-planned from Tuesday 08:00 with nothing
# changed: the booked nights are carried over.
python3 -c "import json,sys; r=json.load(open('rep.json')); r['overnight']=json.load(open(sys.argv[1]))['overnight']; json.dump(r, open('repn.json','w'))" "$M/rep.json"
mkdir -p nt
night() { awk -v d="$1" '$1 == d { print $3 }' "$2"; }
for seed in 1 2 3 4 5 6 7 8 9 10; do
  WN="--start 2026-12-07 --time-limit 0 --iterations 3000 --seed $seed"
  "$SAHA" plan acc1.csv --rep repn.json $WN --csv nt/w1.csv -q 2>/dev/null
  $P nights nt/w1.csv > nt/n1
  [ "$(night 2026-12-08 nt/n1)" != - ] && [ "$(night 2026-12-09 nt/n1)" != - ] && break
done
hmon=$(night 2026-12-07 nt/n1) htue=$(night 2026-12-08 nt/n1)
hwed=$(night 2026-12-09 nt/n1) hthu=$(night 2026-12-10 nt/n1)
expect_eq "$([ "$htue" != - ] && [ "$hwed" != - ] && echo yes)" yes \
  "a week 1 (seed $seed) away on Tuesday and Wednesday nights ($hmon $htue $hwed $hthu)"
away() { for h in "$@"; do [ "$h" = - ] || echo; done | wc -l | tr -d ' '; }
nspent=$(away $hmon $htue) ncanc=$(away $hwed $hthu) nbooked=$(away $htue $hwed $hthu)
run $P prepare-log nt/w1.csv "$APPT" nt
run "$SAHA" plan acc1.csv --rep repn.json $WN --previous nt/w1.csv --visits nt/log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10 --csv nt/w2.csv --changes nt/ch2.csv \
  --unvisited nt/un2.csv
expect_status 0
expect_stdout_matches "^Nights away: $nspent kept, $ncanc cancelled, 0 added"
expect_stdout_matches "night_cancelled +$hwed +2026-12-09 +-> +day off"
run $P nights nt/w2.csv
expect_eq "$(grep -E '^2026-12-0[789] ' "$OUT" | tr '\n' ' ')" \
  "2026-12-07 - $hmon 2026-12-08 $hmon $htue 2026-12-09 $htue - " \
  "the nights spent carried over, Wednesday's cancelled"
expect_eq "$(grep -c ",night_kept,2026-12-07,2026-12-07,spent\$" nt/ch2.csv)" "$((nspent - 1))" "Monday night spent"
expect_eq "$(grep -c "^$htue,night_kept,2026-12-08,2026-12-08,spent\$" nt/ch2.csv)" 1 "Tuesday night spent"
expect_eq "$(grep -c "^$hwed,night_cancelled,2026-12-09,,day off\$" nt/ch2.csv)" 1 "Wednesday night cancelled"
expect_eq "$(grep -c ",night_cancelled,2026-12-10,,day off\$" nt/ch2.csv)" "$((ncanc - 1))" "Thursday night cancelled"
run $CHECK nt/w2.csv acc1.csv repn.json nt/un2.csv --start 2026-12-07 --days 7 \
  --visits nt/log.csv --from "2026-12-09 08:00" --off 2026-12-10
expect_status 0
# the same plan read as if Wednesday started from home fails the replay
python3 -c "import csv,sys; rs=list(csv.DictReader(open(sys.argv[1]))); w=csv.DictWriter(open(sys.argv[2],'w',newline=''),fieldnames=list(rs[0])); w.writeheader(); [r.update(night_before='') for r in rs if r['date']=='2026-12-09']; [r.update(night_after='') for r in rs if r['date']=='2026-12-08']; w.writerows(rs)" nt/w2.csv nt/w2home.csv
run $CHECK nt/w2home.csv acc1.csv repn.json --start 2026-12-07 --days 7 \
  --visits nt/log.csv --from "2026-12-09 08:00" --off 2026-12-10
expect_status 1
expect_stdout_matches '2026-12-09 MR[0-9]+: drive_km'
# with --position the rest of Wednesday starts there; the night before stays Tuesday's
run "$SAHA" plan acc1.csv --rep repn.json $WN --previous nt/w1.csv --visits nt/log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10 --position "$POS@10:00" --csv nt/w2p.csv -q
expect_status 0
run $P nights nt/w2p.csv
expect_eq "$(grep '^2026-12-09 ' "$OUT" | cut -d' ' -f2)" "$htue" "Wednesday after Tuesday's hotel"
run $CHECK nt/w2p.csv acc1.csv repn.json --start 2026-12-07 --days 7 --visits nt/log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10 --position "$POS@10:00"
expect_status 0
run "$REPLAY" acc1.csv repn.json nt/w2p.csv $WN --previous nt/w1.csv --visits nt/log.csv \
  --from "2026-12-09 08:00" --off 2026-12-10 --position "$POS@10:00"
expect_status 0
expect_stdout_matches '^replay: [0-9]+ visits on [0-9]+ days, 0 problems$'
# booked nights: Monday logged done, re-plan from Tuesday 08:00, nothing else changed
grep -E 'kod|;2026-12-07 ' nt/log.csv > nt/logmon.csv
run "$SAHA" plan acc1.csv --rep repn.json $WN --previous nt/w1.csv --visits nt/logmon.csv \
  --from "2026-12-08 08:00" --stability 300000 --csv nt/w3.csv --changes nt/ch3.csv
expect_status 0
expect_stdout_matches "^Nights away: $((nspent + ncanc)) kept, 0 cancelled"
run $P nights nt/w3.csv
expect_eq "$(grep -E '^2026-12-(0[789]|10) ' "$OUT")" "$(grep -E '^2026-12-(0[789]|10) ' nt/n1)" \
  "the booked nights carried over"
expect_eq "$(grep -c ',night_kept,\(2026-12-[01][890]\),\1,booked$' nt/ch3.csv)" \
  "$nbooked" "the nights from Tuesday on booked"
run $CHECK nt/w3.csv acc1.csv repn.json --start 2026-12-07 --days 7 --visits nt/logmon.csv \
  --from "2026-12-08 08:00"
expect_status 0
# a trip called off: every Wednesday and Thursday visit of week 1 cancelled (Monday done,
# re-plan from Tuesday 08:00, stability as above, so a booked night would stay): the
# Wednesday night has nothing left to sleep away for and is cancelled, with the reason;
# Tuesday's still has its trip (Tuesday's visits) and stays booked
cp nt/logmon.csv nt/logtrip.csv
awk -F, 'NR > 1 && ($2 == "2026-12-09" || $2 == "2026-12-10") { print $4 }' nt/w1.csv |
  sort -u | while read -r id; do printf '%s;2026-12-07 20:00;iptal;\n' "$id"; done >> nt/logtrip.csv
expect_eq "$(grep -c ';iptal;' nt/logtrip.csv | awk '$1 > 0 { print "some" }')" some "trip visits to cancel"
run "$SAHA" plan acc1.csv --rep repn.json $WN --previous nt/w1.csv --visits nt/logtrip.csv \
  --from "2026-12-08 08:00" --stability 300000 --csv nt/w4.csv --changes nt/ch4.csv \
  --unvisited nt/un4.csv
expect_status 0
expect_stdout_matches "night_cancelled +$hwed +2026-12-09 +-> +trip cancelled"
expect_eq "$(grep -c "^$hwed,night_cancelled,2026-12-09,,trip cancelled: its visits were cancelled or moved\$" nt/ch4.csv)" 1 \
  "the Wednesday night cancelled with its trip"
expect_eq "$(grep -c "^$htue,night_kept,2026-12-08,2026-12-08,booked\$" nt/ch4.csv)" 1 \
  "the Tuesday night (its trip still on) stays booked"
# a night after Wednesday now is one the re-plan chose for Wednesday's new visits:
# listed as added, with visits on Wednesday (not a night away for nothing)
run $P nights nt/w4.csv
wnight=$(grep '^2026-12-09 ' "$OUT" | cut -d' ' -f3)
nadd=$(grep -c ",night_added,,2026-12-09," nt/ch4.csv)
expect_eq "$([ "$wnight" = - ] && echo 0 || echo 1) $nadd" "$([ "$wnight" = - ] && echo 0 || echo 1) $([ "$wnight" = - ] && echo 0 || echo 1)" \
  "a night after Wednesday ($wnight) is listed as added"
expect_eq "$([ "$wnight" = - ] || [ "$(awk -F, '$2 == "2026-12-09"' nt/w4.csv | wc -l)" -gt 0 ] && echo ok)" ok \
  "no night away after an empty Wednesday"
run $CHECK nt/w4.csv acc1.csv repn.json nt/un4.csv --start 2026-12-07 --days 7 \
  --visits nt/logtrip.csv --from "2026-12-08 08:00"
expect_status 0
# nothing cancelled but one Wednesday visit: the trip is still on, the night stays
head -n "$(( $(wc -l < nt/logmon.csv) + 1 ))" nt/logtrip.csv > nt/logone.csv
run "$SAHA" plan acc1.csv --rep repn.json $WN --previous nt/w1.csv --visits nt/logone.csv \
  --from "2026-12-08 08:00" --stability 300000 --csv nt/w5.csv --changes nt/ch5.csv -q
expect_status 0
expect_eq "$(grep -c "^$hwed,night_kept,2026-12-09,2026-12-09,booked\$" nt/ch5.csv)" 1 \
  "one cancellation does not call the trip off"

# a night column naming no account is an error of the previous itinerary
python3 -c "import csv,sys; rs=list(csv.DictReader(open('nt/w1.csv'))); rs[0]['night_after']='NOPE'; w=csv.DictWriter(open('nt/badnight.csv','w',newline=''),fieldnames=list(rs[0])); w.writeheader(); w.writerows(rs)"
run "$SAHA" plan acc1.csv --rep repn.json $W --previous nt/badnight.csv --from "2026-12-08 08:00" --csv nt/out.csv
expect_status 2
expect_stderr_matches "badnight.csv:2: night_after: not a valid account: 'NOPE'"
expect_no_file nt/out.csv

# bad visit logs: file:line: field: reason, exit 2, nothing written
printf 'id,when,outcome\nMR0001,2026-12-07 09:00,done\nNOPE,2026-12-07 10:00,done\n' > unknown.csv
run "$SAHA" plan acc2.csv --rep rep.json $W --visits unknown.csv --from "2026-12-09 08:00" --csv out.csv
expect_status 2
expect_stderr_matches 'unknown.csv:3: id: not a valid account'
expect_no_file out.csv
printf 'id,when,outcome\nMR0001,2026-12-07 9,done\n' > badwhen.csv
run "$SAHA" plan acc2.csv --rep rep.json $W --visits badwhen.csv --from "2026-12-09 08:00"
expect_status 2
expect_stderr_matches 'badwhen.csv:2: when: expected local'
printf 'id;zaman;sonuç\nMR0001;2026-12-07 09:00;belki\n' > badout.csv
run "$SAHA" plan acc2.csv --rep rep.json $W --visits badout.csv --from "2026-12-09 08:00"
expect_status 2
expect_stderr_matches 'badout.csv:2: outcome: expected done'
printf 'id,when,outcome\nMR0001,2026-12-10 09:00,done\n' > future.csv
run "$SAHA" plan acc2.csv --rep rep.json $W --visits future.csv --from "2026-12-09 08:00"
expect_status 2
expect_stderr_matches 'future.csv:2: when: a done visit after the re-plan moment'
printf 'id,outcome\nMR0001,done\n' > nowhen.csv
run "$SAHA" plan acc2.csv --rep rep.json $W --visits nowhen.csv --from "2026-12-09 08:00"
expect_status 2
expect_stderr_matches 'nowhen.csv:1: when: no such column'
run "$SAHA" plan acc2.csv --rep rep.json $W --from "2026-12-09"
expect_status 2
expect_stderr_matches 'from: expected'
run "$SAHA" plan acc2.csv --rep rep.json $W --urgent NOPE
expect_status 2
expect_stderr_matches 'urgent: NOPE is not a valid account'
finish
