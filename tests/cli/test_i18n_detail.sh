#!/usr/bin/env bash
# The plan module's skip details and re-plan change reasons in the reader's language
# (saha_plan_skip.why, saha_plan_change.why worded by saha_export_detail_text): a week
# with accounts skipped for many reasons (no coordinates, closed on the working days, a
# visit longer than any opening span or any day, an appointment outside the week or on
# a Saturday, not worth the drive) and its re-plan (Wednesday off, from Tuesday noon),
# under LANG=tr_TR.UTF-8 and LANG=C. The Turkish HTML call list, changes table and
# summary change lines have none of the English detail words (detail_check.py), the
# English ones have them, and unvisited.csv and the changes CSV stay byte for byte the
# same in both languages. Probe: a catalogue that lost two translations ("day off", the
# "closed on" detail) fails the check, naming both.
set -u
. "$(dirname "$0")/lib.sh"
require localedef libc-bin
require msgfmt gettext
REP="$SAHA_TEST_DATA/plan/rep_ok.json"
W="--start 2026-12-07 --time-limit 0 --iterations 300 --seed 7 --threads 1"
CHK="python3 $SAHA_SOURCE_DIR/tests/cli/detail_check.py"

use_tr_locale

python3 - "$TMPD/acc.csv" <<'EOF'
import random, sys
rows = """id,name,lat,lon,value,probability,visit_minutes,opening_hours,must_visit,appointment,address
G1,Good One,40.2200,29.0200,9000,0.9,30,Mo-Fr 08:00-18:00,,,
G2,Good Two,40.2000,29.0400,8000,0.9,30,Mo-Fr 08:00-18:00,,,
NC,No Coords,,,5000,0.9,30,,,,Atatürk Cd. 5 Nilüfer
CL,Closed Week,40.2300,29.0100,5000,0.9,30,Sa 09:00-13:00,,,
SP,Short Span,40.2250,29.0150,5000,0.9,60,Mo-Fr 08:00-08:20,,,
AO,Appt Out,40.2150,29.0250,5000,0.9,30,,,2027-01-05 10:00,
AS,Appt Sat,40.2120,29.0180,5000,0.9,30,,,2026-12-12 10:00,
FAR,Far Away,39.9200,32.8500,50000,0.9,30,Mo-Fr 08:00-18:00,,,
LOW,Low Value,40.3000,29.3000,1,0.1,30,Mo-Fr 08:00-18:00,,,
TL,Too Long,40.2400,29.0300,9000,0.9,600,Mo-Fr 08:00-18:00,,,""".splitlines()
r = random.Random(4)
for i in range(14):
    rows.append("P%02d,Firma %d,%.4f,%.4f,%d,0.8,45,Mo-Fr 08:00-18:00,%s,," % (
        i, i, 40.15 + r.random() * 0.12, 28.95 + r.random() * 0.18,
        r.randint(3000, 15000), "yes" if i == 3 else ""))
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
EOF
# pair ENV... TAG: the week (TAG.csv) and its re-plan (TAG.html, TAG.txt the summary,
# TAG.unv.csv, TAG.ch.csv); every file in $TMPD
pair() {
  local tag="${@: -1}"
  set -- "${@:1:$#-1}"
  (cd "$TMPD" && "$@" "$SAHA" plan acc.csv --rep "$REP" $W --quiet --csv "$tag.csv" &&
   "$@" "$SAHA" plan acc.csv --rep "$REP" $W --previous "$tag.csv" --from "2026-12-08 12:00" \
     --off 2026-12-09 --html "$tag.html" --unvisited "$tag.unv.csv" --changes "$tag.ch.csv" \
     --leaflet none --basemap none >"$tag.txt" 2>/dev/null)
}
pair env LANG=tr_TR.UTF-8 tr && ok || bad "the Turkish plan and re-plan failed"
pair env LANG=C en && ok || bad "the English plan and re-plan failed"
# the skips this case is about: one of each reason, and moves for the day off
for r in no_coords closed no_time not_worth outside_horizon; do
  grep -q "^[A-Z0-9]*,[^,]*,$r," "$TMPD/en.unv.csv" && ok || bad "no $r skip in the case"
done
grep -q '^  moved .* day off$' "$TMPD/en.txt" && ok || bad "no move for the day off in the case"
# the check sees the English where there is English
run $CHK "$TMPD/en.html" "$TMPD/en.txt"
expect_status 1
for w in "no coordinates in a skip's detail" "closed on in a skip's detail" \
         "fits no opening span in a skip's detail" "is outside in a skip's detail" \
         "working day in a skip's detail" "even alone in a skip's detail" \
         "earns in a skip's detail" "day off in a change's reason" \
         "same day in a change's reason" "day off in the summary's reason"; do
  expect_stdout_matches "^english: $w"
done
# ... and none in the Turkish report and summary, which look at as many texts
run $CHK "$TMPD/tr.html" "$TMPD/tr.txt"
expect_status 0
[ "$STATUS" = 0 ] || cat "$OUT" >&2
expect_eq "$(grep '^seen' "$OUT")" "$(python3 "$SAHA_SOURCE_DIR/tests/cli/detail_check.py" \
  "$TMPD/en.html" "$TMPD/en.txt" | grep '^seen')" "texts looked at in both languages"
grep -q 'Pzt-Cum günleri 07\.12\.2026\.\.13\.12\.2026 arasında kapalı (saatler: Sa 09:00-13:00)' \
  "$TMPD/tr.html" && ok || bad "no Turkish 'closed on' detail with Turkish dates"
grep -q '^  taşındı .* izin günü$' "$TMPD/tr.txt" && ok || bad "no Turkish 'day off' in the summary"
# the machine files keep the English text, byte for byte
for f in unv.csv ch.csv csv; do
  cmp -s "$TMPD/tr.$f" "$TMPD/en.$f" && ok ||
    { bad "$f differs between LANG=tr_TR.UTF-8 and LANG=C"; diff "$TMPD/en.$f" "$TMPD/tr.$f" | head -5 >&2; }
done
grep -q 'closed on Mo-Fr in 2026-12-07\.\.2026-12-13 (hours: Sa 09:00-13:00)' "$TMPD/tr.unv.csv" &&
  ok || bad "unvisited.csv lost its English detail"
# probe: a catalogue without two translations leaves them English, and the check says so
mkdir -p "$TMPD/probe/tr/LC_MESSAGES"
awk '/^msgid "(day off|closed on %s in %s\.\.%s \(hours: %s\))"$/ {print; getline; print "msgstr \"\""; next} {print}' \
  "$SAHA_SOURCE_DIR/src/cli/po/tr.po" >"$TMPD/probe.po"
msgfmt -o "$TMPD/probe/tr/LC_MESSAGES/saha.mo" "$TMPD/probe.po" && ok || bad "msgfmt of the probe catalogue"
pair env LANG=tr_TR.UTF-8 SAHA_LOCALEDIR="$TMPD/probe" probe && ok || bad "the probe's plans failed"
run $CHK "$TMPD/probe.html" "$TMPD/probe.txt"
expect_status 1
expect_stdout_matches "^english: closed on in a skip's detail"
expect_stdout_matches "^english: day off in a change's reason"
expect_stdout_matches "^english: day off in the summary's reason"
finish
