#!/usr/bin/env bash
# saha demo: plans maps/marmara into an output folder in a few seconds; the GPX
# validates against the GPX 1.1 schema; the itinerary passes the outside check; every
# sample row is either planned or reported.
set -u
. "$(dirname "$0")/lib.sh"
M="$SAHA_SOURCE_DIR/maps/marmara"

run "$SAHA" demo --help
expect_status 0
expect_stdout_matches '^usage: saha demo'

run "$SAHA" demo --out "$TMPD/x" --maps "$TMPD/nowhere"
expect_status 2
expect_stderr_matches 'nowhere'

run "$SAHA" demo --out "$TMPD/out"
expect_status 0
cp "$OUT" "$TMPD/demo1.txt"
expect_stdout_matches '^Week of 2026-11-30 for Ayşe Demir'
for d in Mo Tu We Th Fr; do expect_stdout_matches "^$d  2026-1[12]-[0-9]{2} +[0-9]+ "; done
expect_stdout_matches '^value won [0-9,]+ TRY, value left [0-9,]+ TRY'
# The rows without coordinates are filled offline from the sample's geocode cache.
expect_stderr_matches "geocoded ([0-9]+) of \1 accounts without coordinates from .*geocode-cache.sqlite \(offline, 0 requests\)"
if grep -q 'no_coords' "$OUT" "$TMPD/out/unvisited.csv"; then
  bad "demo left accounts without coordinates"; else ok; fi
for f in week.gpx week.csv unvisited.csv; do expect_file "$TMPD/out/$f"; done

# GPX 1.1 schema
if command -v xmllint >/dev/null; then
  run xmllint --noout --schema "$SAHA_TEST_DATA/schemas/gpx-1.1.xsd" "$TMPD/out/week.gpx"
  expect_status 0
else
  bad "xmllint not installed (libxml2-utils)"
fi

# every sample row planned or reported, none twice
rows_in=$(($(wc -l <"$M/accounts.csv") - 1))
planned=$(tail -n +2 "$TMPD/out/week.csv" | cut -d, -f4 | sort -u | wc -l)  # accounts, not visits
skipped=$(($(wc -l <"$TMPD/out/unvisited.csv") - 1))
expect_eq "$((planned + skipped))" "$rows_in" "planned+skipped"
if [ "$planned" -ge 20 ]; then ok; else bad "only $planned visits planned"; fi
# the appointments (Tue 10:30 Bursa, Thu 11:00 Kocaeli) and the must-visits are planned
required=$(python3 -c 'import csv,sys
print(" ".join(r["id"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
               if r["must_visit"] == "true" or r["appointment"]))' "$M/accounts.csv")
expect_eq "$(echo $required | wc -w)" 7 "required accounts in the sample"
for id in $required; do
  if grep -q ",$id," "$TMPD/out/week.csv"; then ok; else bad "required $id not planned"; fi
done

# Repeatable: the first line names the week; a second run (another folder) prints the
# same numbers and writes the same itinerary, byte for byte.
head -1 "$TMPD/demo1.txt" > "$TMPD/first"
run grep -E '^saha demo: the sample week of maps/marmara, Mo 2026-11-30 to Fr 2026-12-04 .*20,000 iterations, seed 1' "$TMPD/first"
expect_status 0
sed "s|$TMPD/out|DIR|g" "$TMPD/demo1.txt" > "$TMPD/run1.txt"
run "$SAHA" demo --out "$TMPD/out2"
expect_status 0
sed "s|$TMPD/out2|DIR|g" "$OUT" > "$TMPD/run2.txt"
if cmp -s "$TMPD/run1.txt" "$TMPD/run2.txt"; then ok; else
  bad "the demo printed different numbers on a second run"; diff "$TMPD/run1.txt" "$TMPD/run2.txt" | head -5 >&2; fi
for f in week.csv week.ics week.gpx territories.csv; do
  if cmp -s "$TMPD/out/$f" "$TMPD/out2/$f"; then ok; else bad "$f differs between two demo runs"; fi
done

run python3 "$(dirname "$0")/plan_check.py" "$TMPD/out/week.csv" "$M/accounts.csv" \
    "$M/rep.json" "$TMPD/out/unvisited.csv"
expect_status 0
expect_stdout_matches ', 0 problems$'
finish
