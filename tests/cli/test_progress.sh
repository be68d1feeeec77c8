#!/usr/bin/env bash
# Progress on a terminal (issue 12): `script` gives saha a pseudo-terminal. A
# time-limited plan shows elapsed/limit seconds and the best profit so far, an
# iteration-bound one iterations/bound, geocoding rows done/total; no absurd totals;
# the line is cleared at the end; nothing of it when stderr is not a terminal.
set -u
. "$(dirname "$0")/lib.sh"
D="$SAHA_SOURCE_DIR/tests/data/plan"
command -v script >/dev/null || { echo "FAIL: script (util-linux / bsdutils) is missing" >&2; exit 1; }
# on_tty FILE CMD...: runs CMD under a pseudo-terminal, its terminal output in FILE
on_tty() { local f="$1"; shift; script -qec "$(printf '%q ' "$@")" "$f" >/dev/null; }
# progress lines: the segments between carriage returns that start with LABEL
segments() { tr '\r' '\n' <"$1" | grep -a "^$2 "; }

PLAN=(plan "$D/accounts.csv" --rep "$D/rep_ok.json" --start 2026-12-07)

# ---- time-limited: elapsed / limit and the best profit -------------------------------
on_tty "$TMPD/t1" "$SAHA" "${PLAN[@]}" --time-limit 1
segments "$TMPD/t1" planning >"$TMPD/t1.seg"
[ -s "$TMPD/t1.seg" ] && ok || bad "no progress line on a terminal"
grep -aqE '1099511627776|ETA [0-9]{5,}' "$TMPD/t1" && bad "absurd total or ETA in the progress" || ok
expect_eq "$(grep -acvE '^planning \[[#.]{30}\] [0-9]+\.[0-9]/1\.0 s(, best [0-9,]+ EUR)?'$'\e''\[K' "$TMPD/t1.seg")" "0" \
  "progress segments not of the form 'planning [bar] E/1.0 s[, best N EUR]'"
grep -aqE ' s, best [0-9,]+ EUR' "$TMPD/t1.seg" && ok || bad "no best profit shown"
# elapsed never runs backwards and never passes the limit
python3 - "$TMPD/t1.seg" <<'PY' && ok || bad "elapsed times not monotonic within [0, 1.0]"
import re, sys
t = [float(m.group(1)) for m in re.finditer(r"\] ([0-9.]+)/1\.0 s", open(sys.argv[1], encoding="utf-8", errors="replace").read())]
sys.exit(0 if t and all(0 <= a <= b <= 1.0 for a, b in zip(t, t[1:])) else 1)
PY
# the best profit shown last is in the summary's units: at most the final value won -
# travel cost (the search may still improve after its last report), and within 10 %
last=$(grep -ao 'best [0-9,]*' "$TMPD/t1.seg" | tail -1 | tr -dc 0-9)
won=$(grep -a 'value won' "$TMPD/t1" | sed 's/value won \([0-9,]*\).*travel cost \([0-9,]*\).*/\1 \2/' | tr -d ,)
set -- $won
[ -n "$last" ] && [ "$last" -le $(( $1 - $2 + 1 )) ] && [ $(( last * 10 )) -ge $(( ($1 - $2) * 9 )) ] && ok ||
  bad "last best profit $last is not near value won $1 - travel cost $2"
# the line is cleared before the summary: no progress text left on its line
grep -aq $'\r\e\[KWeek of' "$TMPD/t1" && ok || bad "progress line not cleared before the summary"

# ---- iteration-bound: iterations / bound -----------------------------------------------
on_tty "$TMPD/t2" "$SAHA" "${PLAN[@]}" --time-limit 0 --iterations 10000
segments "$TMPD/t2" planning | grep -aoE '\] [0-9]+/[0-9]+' | sort -u >"$TMPD/t2.seg"
grep -aqE '/10000$' "$TMPD/t2.seg" && ok || bad "no iterations/10000 progress"
python3 - "$TMPD/t2.seg" <<'PY' && ok || bad "a progress count over its total or a total over the bound"
import re, sys
for line in open(sys.argv[1]):
    d, t = map(int, re.search(r"(\d+)/(\d+)", line).groups())
    if d > t or t > 10000:
        sys.exit(1)
PY

# ---- geocoding: rows done / total -------------------------------------------------------
printf 'id,address\n' >"$TMPD/acc.csv"
for i in $(seq 1 12); do printf 'G%d,"Street %d, Nowhere"\n' "$i" "$i" >>"$TMPD/acc.csv"; done
on_tty "$TMPD/t3" "$SAHA" geocode "$TMPD/acc.csv" --offline --cache "$TMPD/none.sqlite" -o "$TMPD/g.csv"
# an offline run on a missing cache fails before any row: no progress at all then
grep -aq 'geocoding \[' "$TMPD/t3" && bad "progress shown for a run that did no work" || ok
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript("CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT); CREATE TABLE answers(provider TEXT NOT NULL, query TEXT NOT NULL, status TEXT NOT NULL, lat REAL, lon REAL, quality REAL, display_name TEXT, country_code TEXT, candidates INTEGER, fetched_at INTEGER NOT NULL, PRIMARY KEY(provider, query)) WITHOUT ROWID;")' "$TMPD/c.sqlite"
on_tty "$TMPD/t4" "$SAHA" geocode "$TMPD/acc.csv" --offline --cache "$TMPD/c.sqlite" -o "$TMPD/g.csv"
segments "$TMPD/t4" geocoding >"$TMPD/t4.seg"
grep -aqE '^geocoding \[#{30}\] 12/12 [0-9.]+/s ETA 0s' "$TMPD/t4.seg" && ok || bad "no final 'geocoding [bar] 12/12 rate ETA' line"
grep -aoE '\] [0-9]+/[0-9]+' "$TMPD/t4.seg" | grep -avq '/12$' && bad "a geocoding total other than 12" || ok
grep -aq $'\r\e\[K' "$TMPD/t4" && ok || bad "geocoding progress line not cleared"

# ---- not a terminal: no progress at all --------------------------------------------------
run "$SAHA" "${PLAN[@]}" --time-limit 1
expect_status 0
expect_stderr_not_matches 'planning'
grep -q $'\r' "$ERR" && bad "carriage returns on a non-terminal stderr" || ok
run "$SAHA" geocode "$TMPD/acc.csv" --offline --cache "$TMPD/c.sqlite" -o "$TMPD/g.csv"
expect_stderr_not_matches 'geocoding \['

finish
