#!/usr/bin/env bash
# Time zones and GPX options of `saha plan`: the iCalendar VTIMEZONE and GPX <time>
# follow the rep's IANA zone on the planned dates (daylight saving included), and
# --gpx-max-points splits days into routes of at most N points.
set -u
. "$(dirname "$0")/lib.sh"
IN="$SAHA_SOURCE_DIR/tests/golden/export/_input"

sed 's#"Europe/Istanbul"#"Europe/Berlin"#' "$IN/rep.json" > "$TMPD/berlin.json"
# Winter (CET, +01:00) and summer (CEST, +02:00) weeks, both starting on a Monday.
run "$SAHA" plan "$IN/accounts.csv" --rep "$TMPD/berlin.json" --start 2026-11-30 \
    --iterations 200 --time-limit 0 --ics "$TMPD/w.ics" --gpx "$TMPD/w.gpx" --gpx-times --quiet
expect_status 0
expect_eq "$(grep -c '^TZOFFSETTO:+0100' "$TMPD/w.ics")" 1 "winter offset in VTIMEZONE"
run "$SAHA" plan "$IN/accounts.csv" --rep "$TMPD/berlin.json" --start 2026-06-29 \
    --iterations 200 --time-limit 0 --ics "$TMPD/s.ics" --gpx "$TMPD/s.gpx" --gpx-times --quiet
expect_status 0
expect_eq "$(grep -c '^TZOFFSETTO:+0200' "$TMPD/s.ics")" 1 "summer offset in VTIMEZONE"
# The same local arrival is one hour earlier in UTC in summer.
w=$(grep -m1 -o '<time>[^<]*' "$TMPD/w.gpx" | cut -c7-)
s=$(grep -m1 -o '<time>[^<]*' "$TMPD/s.gpx" | cut -c7-)
wt=${w#*T}; st=${s#*T}
expect_eq "$((10#${wt:0:2} - 10#${st:0:2})):${wt:3:5}" "1:${st:3:5}" \
    "UTC times shift with daylight saving ($w vs $s)"

# An unknown zone is bad input (file:line: timezone:), never a silent fallback.
sed 's#"Europe/Istanbul"#"Mars/Olympus"#' "$IN/rep.json" > "$TMPD/mars.json"
run "$SAHA" plan "$IN/accounts.csv" --rep "$TMPD/mars.json" --start 2026-11-30 \
    --iterations 200 --time-limit 0 --ics "$TMPD/m.ics" --quiet
expect_status 2
expect_stderr_matches "mars.json:[0-9]+: timezone: 'Mars/Olympus' is not in the system's time zone database"
expect_no_file "$TMPD/m.ics"

# --gpx-max-points: every <rte> has at most N points, and no stop is lost.
run "$SAHA" plan "$IN/accounts.csv" --rep "$IN/rep.json" --start 2026-11-30 \
    --iterations 200 --time-limit 0 --gpx "$TMPD/p.gpx" --gpx-max-points 3 --quiet
expect_status 0
max=$(awk '/<rte>/{n=0} /<rtept /{n++} /<\/rte>/{if(n>m)m=n} END{print m+0}' "$TMPD/p.gpx")
[ "$max" -le 3 ] && [ "$max" -ge 2 ] && ok || bad "a route has $max points, want 2..3"
expect_eq "$(grep -c '<wpt ' "$TMPD/p.gpx")" "$(grep -c '<wpt ' "$TMPD/w.gpx")" "waypoints kept"
run "$SAHA" plan "$IN/accounts.csv" --rep "$IN/rep.json" --gpx-max-points 1
expect_status 2
finish
