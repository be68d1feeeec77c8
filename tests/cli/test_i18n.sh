#!/usr/bin/env bash
# The Turkish interface (gettext, src/cli/po/tr.po): --help, load errors, usage errors
# and the plan summary speak Turkish under LANG=tr_TR.UTF-8 or with --lang tr, English
# stays the default; and the machine outputs do not follow the locale: under tr_TR
# (decimal comma, dotless-i case folding) every CSV, GeoJSON, KML and JSON output is
# byte for byte the one written under LANG=C, with '.' decimals. The ICS and GPX speak
# Turkish in their texts (SUMMARY, DESCRIPTION; name, desc, cmt, type: no English word
# left, Turkish numbers and dates) while their machine fields (UIDs, DTSTART, SEQUENCE,
# GEO, X- properties; the GPX structure, coordinates and extensions) stay those of the
# English run (ics_gpx_lang.py, python3-icalendar; xmllint with the GPX 1.1 schema and
# gpsbabel read the Turkish GPX; probed with a catalogue that lost two translations). A Turkish
# quarter plan and re-plan have no English left in the calendar, the change statuses
# and the summary's re-plan lines (english_check.py, probed with a catalogue that lost
# two translations).
set -u
. "$(dirname "$0")/lib.sh"
require localedef libc-bin
PY=/usr/bin/python3 # Debian's python: the one with python3-icalendar
require "$PY" python3
require xmllint libxml2-utils
require gpsbabel gpsbabel
LANGCHK="$PY $SAHA_SOURCE_DIR/tests/cli/ics_gpx_lang.py"
REP="$SAHA_TEST_DATA/plan/rep_ok.json"
W="--start 2026-12-07 --time-limit 0 --iterations 400 --seed 3"

use_tr_locale
TR="env LANG=tr_TR.UTF-8"
EN="env LANG=C"
# the locale itself behaves as the checks below assume (decimal comma, dotless i)
run $TR python3 -c 'import locale; locale.setlocale(locale.LC_ALL, ""); print(locale.localeconv()["decimal_point"], "I".lower() == "i", locale.str(1.5))'
expect_stdout_matches '^, True 1,5$'

# --help: Turkish under tr_TR, English under C and with --lang en
run $TR "$SAHA" --help
expect_status 0
expect_stdout_matches '^Komutlar:$'
expect_stdout_matches "^  plan +bir temsilcinin haftasını planla"
run $EN "$SAHA" --help
expect_stdout_matches '^Commands:$'
run $TR "$SAHA" --lang en --help
expect_stdout_matches '^Commands:$'
# the --help of the main verb
run $TR "$SAHA" plan --help
expect_status 0
expect_stdout_matches "^kullanım: saha plan MÜŞTERİLER --rep REP.json \[seçenekler\]$"
expect_stdout_matches "^  --xlsx +DOSYA +Excel çalışma kitabı"
expect_stdout_matches "^Çıkış durumu: 0 planlandı"
# --lang tr needs no generated locale
run env -u LOCPATH LANG=C "$SAHA" --lang=tr --help
expect_stdout_matches '^Komutlar:$'
run $EN "$SAHA" --lang 'x y' --help
expect_status 2
expect_stderr_matches "not a language code"
run $TR "$SAHA" --lang 'x y' --help
expect_status 2
expect_stderr_matches "bir dil kodu değil"
# LC_ALL wins over LANG; LC_MESSAGES alone chooses the messages
run env LANG=C LC_ALL=tr_TR.UTF-8 "$SAHA" --help
expect_stdout_matches '^Komutlar:$'
run env LANG=C LC_MESSAGES=tr_TR.UTF-8 "$SAHA" --help
expect_stdout_matches '^Komutlar:$'

# usage errors and the exit status they had
run $TR "$SAHA" plan --no-such-option
expect_status 2
expect_stderr_matches "^saha plan: bilinmeyen seçenek '--no-such-option'$"
expect_stderr_matches "^'saha plan --help' ile seçeneklere bakın\.$"
run $TR "$SAHA" nosuchverb
expect_status 2
expect_stderr_matches "'nosuchverb' bir saha komutu değil"
# a missing file: the system's error text comes in the language too (glibc's catalogue)
run $TR "$SAHA" plan "$TMPD/missing.csv" --rep "$REP"
expect_status 1
expect_stderr_matches "missing.csv: (Böyle bir dosya ya da dizin yok|No such file)"

# the load summary and the plan summary; a rejected row is counted in Turkish
cat >"$TMPD/acc.csv" <<'EOF'
ID,NAME,LAT,LON,VALUE,CITY
A1,Işık Gıda,41.0151,28.9795,12000.5,İstanbul
A2,İnci Kırtasiye,41.0422,29.0083,8000,İstanbul
A3,Bad Row,91.5,29.1,500,İzmir
A4,Ilgaz Dış Ticaret,40.9901,29.0290,15000.25,İstanbul
EOF
for loc in TR EN; do
  run ${!loc} "$SAHA" plan "$TMPD/acc.csv" --rep "$REP" $W --csv "$TMPD/$loc.csv" \
      --gpx "$TMPD/$loc.gpx" --geojson "$TMPD/$loc.geojson" --kml "$TMPD/$loc.kml" \
      --ics "$TMPD/$loc.ics" --unvisited "$TMPD/$loc.unv.csv" --rejects "$TMPD/$loc.rej.csv" \
      --html "$TMPD/$loc.html" --leaflet none --basemap none
  expect_status 0
  cp "$OUT" "$TMPD/$loc.summary"; cp "$ERR" "$TMPD/$loc.err"
done
LAST="plan under tr_TR"; cp "$TMPD/TR.summary" "$OUT"; cp "$TMPD/TR.err" "$ERR"
# the upper-case headers ID, NAME, CITY fold to fields whatever the locale's İ/ı
expect_stderr_matches "acc\.csv: 4 satır okundu, 3 müşteri, 1 reddedildi, 0 koordinatsız$"
expect_stderr_matches "acc\.csv:4: lat: "
expect_stdout_matches "^satırlar: 4 okundu = [0-9]+ planlandı \+ [0-9]+ atlandı \+ 1 reddedildi \(listesi: .*TR\.rej\.csv\)$"
expect_stdout_matches "^gün +tarih +ziyaret +km +sürüş +iş +değer$"
expect_stdout_matches "^kazanılan değer [0-9.]+ EUR, kalan değer [0-9.]+ EUR"
# Turkish numbers in the summary: '.' groups thousands, ',' is the decimal mark; the
# weekdays' Turkish two letters (2026-12-07 is a Monday: Pt), Turkish numeric dates in
# the table and the long date in the first line
expect_stdout_matches "^Pt  07\.12\.2026 +[0-9]+ +[0-9]+,[0-9] "
expect_stdout_matches "^.* için 7 Aralık 2026 Pazartesi haftası \(amaç profit, 400 yineleme, tohum 3\)$"
expect_stdout_matches "^hafta +[0-9]+ +[0-9]+,[0-9] +[0-9]+:[0-9]{2} +[0-9]+:[0-9]{2} +[0-9]{1,3}(\.[0-9]{3})+ EUR$"
LAST="plan under C"; cp "$TMPD/EN.summary" "$OUT"; cp "$TMPD/EN.err" "$ERR"
expect_stderr_matches "acc\.csv: 4 rows read, 3 accounts, 1 rejected, 0 without coordinates$"
expect_stdout_matches "^rows: 4 read = [0-9]+ planned \+ [0-9]+ skipped \+ 1 rejected"
expect_stdout_matches "^Mo  2026-12-07 +[0-9]+ +[0-9]+\.[0-9] "
expect_stdout_matches "^Week of 2026-12-07 for .* \(objective profit, 400 iterations, seed 3\)$"
# the HTML report follows the language: its texts, numbers and dates (the long date
# of each day's heading); its machine attributes stay the same
grep -q '<html lang="tr">' "$TMPD/TR.html" && ok || bad "TR report is not lang=tr"
grep -q '<html lang="en">' "$TMPD/EN.html" && ok || bad "EN report is not lang=en"
grep -q '7 Aralık 2026 Pazartesi — [0-9]* ziyaret' "$TMPD/TR.html" && ok ||
  bad "TR report lacks the Turkish long date"
grep -q 'Monday 7 December 2026 — [0-9]* visits\?' "$TMPD/EN.html" && ok ||
  bad "EN report lacks the English long date"
grep -q '<span>Kazanılan beklenen değer</span><b>[0-9]\{1,3\}\(\.[0-9]\{3\}\)* EUR</b>' \
  "$TMPD/TR.html" && ok || bad "TR report's money is not grouped with '.'"
grep -q '<span>Expected value won</span><b>[0-9]\{1,3\}\(,[0-9]\{3\}\)* EUR</b>' \
  "$TMPD/EN.html" && ok || bad "EN report's money is not grouped with ','"
grep -q 'Sürüş [0-9]*,[0-9] km' "$TMPD/TR.html" && ok || bad "TR report's km lack a decimal comma"
if grep -q 'Expected value\|Call list\|Working time' "$TMPD/TR.html"; then
  bad "English text in the TR report"; else ok; fi
expect_eq "$(grep -o 'data-[a-z]*="[^"]*"' "$TMPD/TR.html" | md5sum)" \
  "$(grep -o 'data-[a-z]*="[^"]*"' "$TMPD/EN.html" | md5sum)" "the reports' data attributes"
expect_stdout_matches "^week +[0-9]+ +[0-9]+\.[0-9] .* [0-9]{1,3}(,[0-9]{3})+ EUR$"
# the same plan, and the machine outputs byte for byte the same
for f in csv geojson kml unv.csv rej.csv; do
  if cmp -s "$TMPD/TR.$f" "$TMPD/EN.$f"; then ok; else
    bad "$f written under tr_TR differs from LANG=C"; diff "$TMPD/EN.$f" "$TMPD/TR.$f" | head -5 >&2; fi
done
# the ICS and GPX: Turkish texts under tr_TR, the machine fields of the C run's
for f in ics gpx; do
  run $LANGCHK same "$TMPD/EN.$f" "$TMPD/TR.$f"
  expect_status 0
  expect_stdout_matches "^same: [1-9][0-9]* (events|elements)$"
done
run $LANGCHK english "$TMPD/TR.ics" "$TMPD/TR.gpx"
expect_status 0
[ "$STATUS" = 0 ] || cat "$OUT" >&2
grep -q '^SUMMARY:Işık Gıda ziyareti' "$TMPD/TR.ics" && ok || bad "no Turkish SUMMARY under tr_TR"
grep -q '^SUMMARY:Visit Işık Gıda' "$TMPD/EN.ics" && ok || bad "no English SUMMARY under C"
# ... and '.' decimals in them (not only the same as C's: right)
grep -q 'lat="41\.[0-9]*" lon="2[89]\.[0-9]*"' "$TMPD/TR.gpx" && ok || bad "GPX coordinates lack '.' decimals"
expect_eq "$(csv_column "$TMPD/TR.csv" lat | grep -c '^4[01]\.[0-9]\+$')" \
  "$(csv_column "$TMPD/TR.csv" lat | wc -l)" "every CSV lat has a '.' decimal"
grep -q '"coordinates": *\[ *2[89]\.[0-9]*, *4[01]\.[0-9]*' "$TMPD/TR.geojson" && ok ||
  bad "GeoJSON coordinates lack '.' decimals"
# a value with decimals read under tr_TR (the '.' of 12000.5 is not the locale's)
csv_column "$TMPD/TR.csv" value | grep -qx '12000\.50' && ok || bad "12000.5 not read as 12000.50 under tr_TR"

# ---- ICS and GPX in Turkish: every text saha writes there --------------------------
# (opening hours, an appointment, notes, lunch, a wait, a route split in parts); --lang
# tr under LANG=C and --lang en under tr_TR: the language is the option's, not the
# locale's
X="$TMPD/x"; mkdir -p "$X"
cat >"$X/acc.csv" <<'EOF'
id,name,lat,lon,value,opening_hours,appointment,notes
T1,Işık Gıda,41.0151,28.9795,12000.5,Mo-Fr 09:00-18:00,,önce arayın
T2,İnci Kırtasiye,41.0422,29.0083,8000,Mo-Fr 11:00-17:00,,
T3,Ilgaz Dış Ticaret,40.9901,29.0290,15000.25,,2026-12-08 14:00,
T4,Öz Yapı,40.2350,29.0600,4000,Mo-Fr 08:00-12:00,,
T5,Çınar Ltd,40.1900,28.9800,3000,,,
T6,Şen Market,40.2500,29.1000,6000,Mo-Sa 10:00-19:00,,
EOF
# x_pair LANGOPT TAG ENV...: TAG.ics and TAG.gpx of the same plan in that language
x_pair() {
  local l="$1" t="$2"; shift 2
  (cd "$X" && "$@" "$SAHA" $l plan acc.csv --rep "$REP" $W --quiet --gpx-max-points 3 \
     --ics "$t.ics" --gpx "$t.gpx")
}
x_pair "--lang tr" tr env LANG=C && ok || bad "the Turkish ICS/GPX run failed"
x_pair "--lang en" en $TR && ok || bad "the English ICS/GPX run failed"
# the check finds the English words in the English files ...
run $LANGCHK english "$X/en.ics" "$X/en.gpx"
expect_status 1
for w in Visit Account Value Stop arrive "wait until" Window "Drive from previous stop" \
         Lunch Notes appointment min "on the road" Mon Dec; do
  expect_stdout_matches "^english: $w in ics$"
done
for w in "Week of" visit visits value window "wait until" ETA min Leave back Back Home \
         home appointment Mon Dec; do
  expect_stdout_matches "^english: $w in gpx$"
done
# ... none in the Turkish ones, which have the Turkish words instead
run $LANGCHK english "$X/tr.ics" "$X/tr.gpx"
expect_status 0
[ "$STATUS" = 0 ] || cat "$OUT" >&2
run $LANGCHK turkish "$X/tr.ics" "$X/tr.gpx"
expect_status 0
[ "$STATUS" = 0 ] || cat "$OUT" >&2
# Turkish numbers and day labels; the machine fields (GEO, coordinates) keep '.'
grep -q 'Değer: 12\.000\\,50 EUR' "$X/tr.ics" && ok || bad "ICS value not in Turkish notation"
grep -q '^GEO:41\.015100;28\.979500' "$X/tr.ics" && ok || bad "ICS GEO changed under --lang tr"
grep -q '<desc>T1; değer 12\.000,50 EUR; zaman aralığı 09:00-18:00' "$X/tr.gpx" && ok ||
  bad "GPX desc not in Turkish"
grep -q '<name>7 Ara Pzt (1/2) — [0-9]* ziyaret, [0-9]* km</name>' "$X/tr.gpx" && ok ||
  bad "GPX route name not in Turkish"
grep -q '<wpt lat="41\.015100" lon="28\.979500">' "$X/tr.gpx" && ok || bad "GPX coordinates changed"
# UIDs, DTSTART, SEQUENCE, GEO, X- properties; the GPX structure: the English run's
for f in ics gpx; do
  run $LANGCHK same "$X/en.$f" "$X/tr.$f"
  expect_status 0
  [ "$STATUS" = 0 ] || cat "$OUT" >&2
done
# the Turkish GPX is valid GPX 1.1 and gpsbabel reads every waypoint with its name
run xmllint --noout --schema "$SAHA_TEST_DATA/schemas/gpx-1.1.xsd" "$X/tr.gpx"
expect_status 0
run gpsbabel -i gpx -f "$X/tr.gpx" -o unicsv -F "$X/tr.wpt.csv"
expect_status 0
expect_eq "$(($(wc -l <"$X/tr.wpt.csv") - 1))" "$(grep -c '<wpt ' "$X/tr.gpx")" \
  "waypoints gpsbabel reads from the Turkish GPX"
grep -q '"0[1-9] Işık Gıda","Varış [0-9:]*, 30 dk","T1; değer 12\.000,50 EUR' "$X/tr.wpt.csv" &&
  ok || bad "gpsbabel lost the Turkish name, comment or description"
run gpsbabel -r -i gpx -f "$X/tr.gpx" -o unicsv -F "$X/tr.rte.csv"
expect_status 0
grep -q ',"Ev","Çıkış [0-9:]*",' "$X/tr.rte.csv" && ok || bad "gpsbabel lost the Turkish home point"
# probe: a catalogue that lost two translations ("Visit %s", "ETA %s, %ld min") leaves
# those words English, and the check names them
mkdir -p "$X/loc/tr/LC_MESSAGES"
awk '$0 == "msgid \"Visit %s\"" || $0 == "msgid \"ETA %s, %ld min\"" {print; getline; print "msgstr \"\""; next} {print}' \
  "$SAHA_SOURCE_DIR/src/cli/po/tr.po" >"$X/probe.po"
msgfmt -o "$X/loc/tr/LC_MESSAGES/saha.mo" "$X/probe.po" && ok || bad "msgfmt of the ICS/GPX probe catalogue"
x_pair "--lang tr" probe env SAHA_LOCALEDIR="$X/loc" && ok || bad "the probe's run failed"
run $LANGCHK english "$X/probe.ics" "$X/probe.gpx"
expect_status 1
expect_stdout_matches "^english: Visit in ics$"
expect_stdout_matches "^english: ETA in gpx$"
expect_eq "$(grep -c '^english:' "$OUT")" 3 "English words the probe leaves (Visit; ETA, min)"

# a Turkish Excel file (';', decimal comma, BOM) under tr_TR: the same as under C
TX="$SAHA_TEST_DATA/accounts/crm/turkish_excel.csv"
for loc in TR EN; do
  run ${!loc} "$SAHA" plan "$TX" --rep "$REP" $W --csv "$TMPD/tx.$loc.csv" --quiet
  expect_status 0
done
cmp -s "$TMPD/tx.TR.csv" "$TMPD/tx.EN.csv" && ok || bad "Turkish Excel output differs under tr_TR"
head -c3 "$TMPD/tx.TR.csv" | od -An -tx1 | grep -q 'ef bb bf' && ok || bad "no BOM in the excel-dialect output"

# the travel matrix (saha matrix) under tr_TR: the same bytes as under C
for loc in TR EN; do
  run ${!loc} "$SAHA" matrix "$TMPD/acc.csv" --rep "$REP" -o "$TMPD/m.$loc.csv"
  expect_status 0
done
cmp -s "$TMPD/m.TR.csv" "$TMPD/m.EN.csv" && ok || bad "matrix CSV differs under tr_TR"
# ---- a Turkish quarter plan and re-plan: the calendar, the changes, the summary -------
# (english_check.py lists the English words saha translates there; it finds them in
# the English report, none in the Turkish one)
Q="$TMPD/q"; mkdir -p "$Q"
cp "$SAHA_SOURCE_DIR/maps/holidays/tr-2026-2027.csv" "$Q/holidays.csv"
cat >"$Q/rep.json" <<'EOF'
{"name": "Test", "home": {"lat": 40.2106, "lon": 29.0095}, "days": ["Mo", "Tu", "We", "Th", "Fr"],
 "holidays_file": "holidays.csv", "days_off": ["2026-05-22"],
 "cost": {"per_km": 9.0, "per_hour": 450, "currency": "TRY"}}
EOF
python3 - "$Q/acc.csv" <<'EOF'
import random, sys
r = random.Random(5)
with open(sys.argv[1], "w") as f:
    f.write("id,name,lat,lon,value,probability,visit_minutes,opening_hours,last_visit,frequency_days\n")
    for i in range(40):
        hours = "Mo-Fr 08:30-18:00; PH off" if i % 3 == 0 else "Mo-Fr 08:00-18:00"
        f.write("Q%02d,Firma %d,%.5f,%.5f,%d,0.5,30,%s,2026-05-%02d,%d\n" % (
            i, i, 40.15 + r.random() * 0.12, 28.95 + r.random() * 0.18,
            r.randint(2000, 20000), hours, r.randint(1, 10), r.choice([7, 14, 14, 28])))
EOF
QW="--start 2026-05-11 --weeks 4 --time-limit 0 --iterations 1500 --seed 1 --threads 1"
ENG="python3 $SAHA_SOURCE_DIR/tests/cli/english_check.py"
# quarter_pair LANGOPT TAG: the quarter plan (TAG.csv, TAG.html) and its re-plan from
# Wednesday with Thursday off (TAG.re.html, TAG.re.txt: the summary)
quarter_pair() {
  (cd "$Q" && "$SAHA" $1 plan acc.csv --rep rep.json $QW --quiet --csv "$2.csv" --html "$2.html" &&
   "$SAHA" $1 plan acc.csv --rep rep.json $QW --previous "$2.csv" --from "2026-05-13 08:00" \
     --off 2026-05-14 --html "$2.re.html" --ics "$2.re.ics" >"$2.re.txt" 2>/dev/null)
}
quarter_pair "--lang tr" tr && ok || bad "the Turkish quarter plan and re-plan failed"
quarter_pair "--lang en" en && ok || bad "the English quarter plan and re-plan failed"
# the check sees English where there is English
run $ENG "$Q/en.re.html" "$Q/en.re.txt"
expect_status 1
for w in "Calendar in the calendar" "not worked in the calendar" "Jun in the calendar" \
         "moved in a change's status" "moved in the summary" "Changes in the summary"; do
  expect_stdout_matches "^english: $w"
done
# ... and none in the Turkish reports, which have the Turkish words instead
run $ENG "$Q/tr.html"
expect_status 0
[ "$STATUS" = 0 ] || cat "$OUT" >&2
run $ENG "$Q/tr.re.html" "$Q/tr.re.txt"
expect_status 0
[ "$STATUS" = 0 ] || cat "$OUT" >&2
grep -q '<h2>Takvim: 4 hafta, [0-9]* ziyaret</h2>' "$Q/tr.html" && ok || bad "no Turkish calendar heading"
grep -q '<th>Pt</th><th>Sa</th><th>Ça</th><th>Pe</th><th>Cu</th>' "$Q/tr.html" && ok ||
  bad "the calendar's weekday heads are not Turkish"
grep -q 'title="çalışılmıyor"' "$Q/tr.html" && ok || bad "no Turkish 'not worked'"
grep -q '[0-9] Haz\b' "$Q/tr.html" && ok || bad "no Turkish month in the calendar"
grep -q '<td>taşındı</td>' "$Q/tr.re.html" && ok || bad "no Turkish change status in the HTML"
grep -q '^Değişiklikler: [0-9]* korundu, [0-9]* taşındı' "$Q/tr.re.txt" && ok ||
  bad "no Turkish change counts in the summary"
grep -q '^  taşındı ' "$Q/tr.re.txt" && ok || bad "no Turkish change line in the summary"
# the cadence line's share in Turkish notation (a decimal comma), English in English
grep -q "zamanında (borçlunun %[0-9]*,[0-9]'i, tolerans içinde)" "$Q/tr.re.txt" && ok ||
  bad "the Turkish cadence share lacks a decimal comma"
grep -q "on time ([0-9]*\.[0-9]% of the owed" "$Q/en.re.txt" && ok ||
  bad "the English cadence share lacks a decimal point"
# the machine attributes stay: the same data-* attributes and change classes
expect_eq "$(grep -o 'data-[a-z-]*="[^"]*"\|class="change-[a-z_]*"' "$Q/tr.re.html" | md5sum)" \
  "$(grep -o 'data-[a-z-]*="[^"]*"\|class="change-[a-z_]*"' "$Q/en.re.html" | md5sum)" \
  "the re-plan reports' machine attributes"
# probe: a catalogue that lost two translations ("not worked", "moved") gives a Turkish
# report with those words in English, and the check names them
mkdir -p "$Q/loc/tr/LC_MESSAGES"
awk '/^msgid "(not worked|moved)"$/ {print; getline; print "msgstr \"\""; next} {print}' \
  "$SAHA_SOURCE_DIR/src/cli/po/tr.po" >"$Q/probe.po"
msgfmt -o "$Q/loc/tr/LC_MESSAGES/saha.mo" "$Q/probe.po" && ok || bad "msgfmt of the probe catalogue"
SAHA_LOCALEDIR="$Q/loc" quarter_pair "--lang tr" probe && ok || bad "the probe's plans failed"
run $ENG "$Q/probe.re.html" "$Q/probe.re.txt"
expect_status 1
expect_stdout_matches "^english: moved in a change's status"
expect_stdout_matches "^english: moved in the summary"
run $ENG "$Q/probe.html"
expect_status 1
expect_stdout_matches "^english: not worked in the calendar"
# the re-plan's calendar: its cancelled events' reasons in Turkish (the plan's structured
# reason, worded per language), UIDs and SEQUENCE those of the English re-plan
run $LANGCHK same "$Q/en.re.ics" "$Q/tr.re.ics"
expect_status 0
run $LANGCHK english "$Q/tr.re.ics"
expect_status 0
cancelled_why() { awk '/^BEGIN:VEVENT/ {d = ""} /^DESCRIPTION:/ {d = $0} /^STATUS:CANCELLED/ {print d}' "$1"; }
cancelled_why "$Q/en.re.ics" >"$Q/en.why"; cancelled_why "$Q/tr.re.ics" >"$Q/tr.why"
[ -s "$Q/en.why" ] && ok || bad "the re-plan cancels no event (the check needs one)"
expect_eq "$(wc -l <"$Q/tr.why")" "$(wc -l <"$Q/en.why")" "cancelled events in Turkish and English"
expect_eq "$(paste -d'|' "$Q/en.why" "$Q/tr.why" | awk -F'|' '$1 == $2 || $2 == "DESCRIPTION:"' | wc -l)" 0 \
  "cancelled events whose reason is not in Turkish"
finish
