#!/usr/bin/env bash
# Golden-file runner: golden.sh CASE_DIR
#
# Runs CASE_DIR/cmd (a bash snippet; env: SAHA = the saha binary, CASE = the absolute
# case folder) in a fresh temporary folder, with its stdout saved as "stdout" and its
# stderr as "stderr" there. The exit status must be 0, or the number in CASE_DIR/status
# when that file exists. Then every CASE_DIR/expected.NAME is compared byte for byte
# with the produced file NAME (e.g. expected.week.gpx with week.gpx); a difference
# prints a unified diff and fails the test.
#
# SAHA_UPDATE_GOLDEN=1 copies the produced files over the expected ones instead
# (review the diff with git before committing). A new case starts with empty
# expected.NAME files that name the outputs to capture.
set -u
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: golden.sh CASE_DIR" >&2
  exit 2
fi
CASE=$(cd "$1" && pwd)
: "${SAHA:?SAHA must name the saha binary}"
if [ ! -f "$CASE/cmd" ]; then
  echo "golden: $CASE has no cmd file" >&2
  exit 2
fi
# SAHA_TEST_LOCALE (make check-locale): the case runs in that locale, output unchanged
. "$(dirname "${BASH_SOURCE[0]}")/../cli/locale_env.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/saha-golden.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export CASE SAHA

want_status=0
if [ -f "$CASE/status" ]; then
  want_status=$(tr -d ' \n' < "$CASE/status")
fi
(cd "$WORK" && bash "$CASE/cmd") >"$WORK/stdout" 2>"$WORK/stderr"
got_status=$?
if [ "$got_status" != "$want_status" ]; then
  echo "golden: ${CASE##*/golden/}: cmd exited $got_status, want $want_status" >&2
  sed 's/^/  stderr: /' "$WORK/stderr" | head -20 >&2
  exit 1
fi

fail=0
checked=0
for exp in "$CASE"/expected.*; do
  [ -e "$exp" ] || continue
  name=${exp##*/expected.}
  checked=$((checked + 1))
  if [ ! -f "$WORK/$name" ]; then
    echo "golden: ${CASE##*/golden/}: cmd did not produce $name" >&2
    fail=1
    continue
  fi
  if [ "${SAHA_UPDATE_GOLDEN:-0}" = 1 ]; then
    if ! cmp -s "$exp" "$WORK/$name"; then
      cp "$WORK/$name" "$exp"
      echo "golden: updated ${exp#"$CASE"/}"
    fi
    continue
  fi
  if ! cmp -s "$exp" "$WORK/$name"; then
    echo "golden: ${CASE##*/golden/}: $name differs from expected.$name:" >&2
    diff -u "$exp" "$WORK/$name" | head -60 >&2
    fail=1
  fi
done
if [ "$checked" = 0 ]; then
  echo "golden: ${CASE##*/golden/}: no expected.* files" >&2
  exit 1
fi
[ "$fail" = 0 ] && echo "golden: ${CASE##*/golden/}: $checked file(s) match"
exit $fail
