# Tiny assertion library for the CLI tests (sourced). Every check can fail; finish()
# prints "N passed, N failed" and sets the exit status.
_pass=0; _fail=0
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/saha-test.XXXXXX")
trap 'rm -rf "$TMPD"' EXIT
OUT="$TMPD/stdout"; ERR="$TMPD/stderr"; STATUS=0
_where() { echo "${BASH_SOURCE[3]##*/}:${BASH_LINENO[2]}"; }
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
expect_eq() { if [ "$1" = "$2" ]; then ok; else bad "${3:-values differ}: got '$1', want '$2'"; fi; }
finish() {
  echo "$_pass passed, $_fail failed"
  [ "$_fail" = 0 ]
}
