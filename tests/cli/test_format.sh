#!/usr/bin/env bash
# Every C file of the repository is formatted as .clang-format says (CONTRIBUTING.md):
# clang-format --dry-run -Werror over src/, include/ and tests/. The check itself can
# fail: a badly indented probe file is caught.
set -u
. "$(dirname "$0")/lib.sh"
require clang-format clang-format
cd "$SAHA_SOURCE_DIR"
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find src include tests -name '*.[ch]')
bad=""
for f in $files; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
done
expect_eq "$bad" "" "files not formatted (run clang-format -i on them)"
printf 'int  main( void ){return 0;}\n' > "$TMPD/probe.c"
cp .clang-format "$TMPD/.clang-format"
run clang-format --dry-run -Werror "$TMPD/probe.c"
expect_status 1
finish
