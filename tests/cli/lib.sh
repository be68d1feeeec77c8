# Tiny assertion library for the CLI tests (sourced). Every check can fail; finish()
# prints "N passed, N failed" and sets the exit status.
_pass=0; _fail=0
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/saha-test.XXXXXX")
trap 'rm -rf "$TMPD"' EXIT
OUT="$TMPD/stdout"; ERR="$TMPD/stderr"; STATUS=0
# file:line of the check that failed: the caller of expect_* (3 frames up), or of a
# bare bad() called from the script itself (2 frames up)
_where() {
  if [ -n "${BASH_SOURCE[3]-}" ]; then echo "${BASH_SOURCE[3]##*/}:${BASH_LINENO[2]}"
  else echo "${BASH_SOURCE[2]##*/}:${BASH_LINENO[1]}"; fi
}
ok()   { _pass=$((_pass + 1)); }
bad()  { _fail=$((_fail + 1)); echo "FAIL $(_where): $*" >&2; }
# run CMD ARGS...: runs, capturing stdout/stderr/status
run()  { "$@" >"$OUT" 2>"$ERR"; STATUS=$?; LAST="$*"; }
run_sh() { bash -c "$1" >"$OUT" 2>"$ERR"; STATUS=$?; LAST="$1"; }
expect_status() {
  if [ "$STATUS" = "$1" ]; then ok; else
    bad "'$LAST' exited $STATUS, want $1"; sed 's/^/    stderr: /' "$ERR" | head -5 >&2; fi
}
expect_stdout_matches() { if grep -qE -- "$1" "$OUT"; then ok; else bad "stdout of '$LAST' lacks /$1/"; head -5 "$OUT" | sed 's/^/    stdout: /' >&2; fi; }
expect_stderr_matches() { if grep -qE -- "$1" "$ERR"; then ok; else bad "stderr of '$LAST' lacks /$1/"; head -5 "$ERR" | sed 's/^/    stderr: /' >&2; fi; }
expect_stderr_not_matches() { if grep -qE -- "$1" "$ERR"; then bad "stderr of '$LAST' has /$1/"; else ok; fi; }
expect_file() { if [ -s "$1" ]; then ok; else bad "missing or empty file $1"; fi; }
expect_no_file() { if [ -e "$1" ]; then bad "file $1 should not exist"; else ok; fi; }
# csv_column FILE NAME: the values of column NAME (by header), one a line, rows in order.
csv_column() { python3 -c 'import csv,sys
r=csv.DictReader(open(sys.argv[1],newline="",encoding="utf-8-sig"))
[print(row[sys.argv[2]]) for row in r]' "$1" "$2"; }
expect_eq() { if [ "$1" = "$2" ]; then ok; else bad "${3:-values differ}: got '$1', want '$2'"; fi; }
# require TOOL PACKAGE: a test tool that is missing fails the test at once, naming the
# Debian package that brings it (`make deps-test` installs them all); never a skip.
require() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "FAIL ${BASH_SOURCE[1]##*/}: test tool '$1' is missing: install the Debian package '$2' (make deps-test)" >&2
  echo "0 passed, 1 failed"
  exit 1
}
require python3 python3
finish() {
  echo "$_pass passed, $_fail failed"
  [ "$_fail" = 0 ]
}

# start_fixture VAR SCRIPT [ARGS...]: starts the fixture server tests/fixtures/SCRIPT on a
# free port of 127.0.0.1 (it writes the port to a file), stops it when the test ends,
# and sets VAR to its base URL. Exits the test when it does not come up.
_fixture_pids=""
start_fixture() {
  local var="$1" script="$2" pf
  shift 2
  pf="$TMPD/$var.port"
  python3 "$SAHA_SOURCE_DIR/tests/fixtures/$script" --port-file "$pf" "$@" >/dev/null 2>&1 &
  _fixture_pids="$_fixture_pids $!"
  trap 'kill $_fixture_pids 2>/dev/null; wait $_fixture_pids 2>/dev/null; rm -rf "$TMPD"' EXIT
  for _ in $(seq 300); do [ -s "$pf" ] && break; sleep 0.1; done
  [ -s "$pf" ] || { echo "FAIL: fixture $script did not start" >&2; exit 1; }
  printf -v "$var" 'http://127.0.0.1:%s' "$(cat "$pf")"
}

# plan_rep FILE NAME: the rep of the plan tests (test_plan_candidates.sh,
# test_plan_limit.sh) named NAME: home in Bursa, Mo-Fr 08:00-17:30, a 30-minute lunch
# starting between 12:00 and 13:30, at most 300 minutes' drive a day, EUR costs
plan_rep() {
  cat >"$1" <<JSON
{"name": "$2", "home": {"lat": 40.2106, "lon": 29.0095},
 "timezone": "Europe/Istanbul", "days": "Mo-Fr", "day_start": "08:00",
 "day_end": "17:30", "lunch": {"earliest": "12:00", "latest": "13:30", "minutes": 30},
 "max_drive_minutes_per_day": 300,
 "cost": {"per_km": 0.3, "per_hour": 20, "currency": "EUR"}}
JSON
}

# bursa_accounts FILE N SEED IDFORMAT [MUST_ROW...]: N made-up accounts around Bursa
# (lat 40.05-40.35, lon 28.8-29.4, value 100-4999, 30-minute visits, four opening-hours
# patterns in turn) drawn from python's random.Random(SEED), ids IDFORMAT % row (C%04d).
# With MUST_ROWs, a must_visit column: those rows are must-visits of value 100 at
# 40.33, 29.35, far from home (and draw nothing). The same arguments give the same file.
bursa_accounts() {
  python3 - "$@" <<'PY'
import random, sys
path, n, seed, idfmt = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
must = {int(x) for x in sys.argv[5:]}
r = random.Random(seed)
hours = ["Mo-Fr 09:00-18:00", '"Mo-Sa 08:30-12:30,13:30-19:00"', "", "Tu-Sa 09:00-17:00"]
with open(path, "w") as f:
    f.write("id,name,lat,lon,value,visit_minutes,opening_hours%s\n"
            % (",must_visit" if must else ""))
    for i in range(n):
        if i in must:
            lat, lon, value = 40.33, 29.35, 100
        else:
            lat, lon = 40.05 + r.random() * 0.3, 28.8 + r.random() * 0.6
            value = r.randrange(100, 5000)
        row = "%s,Acc %d,%.5f,%.5f,%d,30,%s" % (idfmt % i, i, lat, lon, value, hours[i % 4])
        if must:
            row += ",yes" if i in must else ","
        f.write(row + "\n")
PY
}

# SAHA_TEST_LOCALE (make check-locale): see locale_env.sh
. "$(dirname "${BASH_SOURCE[0]}")/locale_env.sh"

# use_tr_locale: makes tr_TR.UTF-8 usable (the system's when generated, else made here
# from the definitions of Debian's locales package, no root needed: LOCPATH) and clears
# the variables that would override LANG, so `env LANG=...` picks the language
use_tr_locale() {
  if ! locale -a 2>/dev/null | grep -qix 'tr_TR\.utf-\?8'; then
    [ -f /usr/share/i18n/locales/tr_TR ] || {
      echo "FAIL: no tr_TR locale definition: install the Debian package 'locales' (make deps-test)" >&2
      echo "0 passed, 1 failed"; exit 1; }
    mkdir -p "$TMPD/loc"
    localedef -i tr_TR -f UTF-8 "$TMPD/loc/tr_TR.UTF-8" 2>"$TMPD/localedef.err" ||
      { cat "$TMPD/localedef.err" >&2; bad "localedef tr_TR.UTF-8 failed"; }
    export LOCPATH="$TMPD/loc"
  fi
  unset LANGUAGE LC_ALL LC_MESSAGES LC_NUMERIC LC_CTYPE
}

# quarter_rep: the quarter tests' rep in the current folder: rep.json (home in Bursa,
# Mo-Fr, TRY costs), the Turkish holiday file of maps/ beside it as holidays.csv, and a
# day off on 22 May 2026 (test_quarter*.sh)
quarter_rep() {
  cp "$SAHA_SOURCE_DIR/maps/holidays/tr-2026-2027.csv" holidays.csv
  cat >rep.json <<'JSON'
{"name": "Test", "home": {"lat": 40.2106, "lon": 29.0095}, "days": ["Mo", "Tu", "We", "Th", "Fr"],
 "holidays_file": "holidays.csv", "days_off": ["2026-05-22"],
 "cost": {"per_km": 9.0, "per_hour": 450, "currency": "TRY"}}
JSON
}
