#!/usr/bin/env bash
# The front door: --help, --version, unknown commands and options, exit codes.
set -u
. "$(dirname "$0")/lib.sh"

run "$SAHA" --version
expect_status 0
expect_stdout_matches '^saha [0-9]+\.[0-9]+\.[0-9]+$'

run "$SAHA" --help
expect_status 0
for c in demo plan geocode territory matrix solve; do
  expect_stdout_matches "^  $c "
done

run "$SAHA"
expect_status 2

run "$SAHA" frobnicate
expect_status 2
expect_stderr_matches "'frobnicate' is not a saha command"

for c in demo plan geocode territory matrix solve; do
  run "$SAHA" "$c" --help
  expect_status 0
  expect_stdout_matches "[Uu]sage: saha $c"
  run "$SAHA" "$c" --no-such-option
  expect_status 2
done

# A full stdout is never a silent success.
if [ -w /dev/full ]; then
  run_sh "\"$SAHA\" --help > /dev/full"
  expect_status 1
fi
finish
