#!/usr/bin/env bash
# make install's rules (cmake --install, as the Makefile runs it) under a staging
# DESTDIR and another PREFIX: bin/saha, the library, every public header and the
# sample maps land there, and the installed saha runs its demo from the installed
# maps (found beside the binary), with no source tree needed.
set -u
. "$(dirname "$0")/lib.sh"
: "${SAHA_BUILD_DIR:?}"
run env DESTDIR="$TMPD/stage" cmake --install "$SAHA_BUILD_DIR" --prefix /opt/saha-test
expect_status 0
P="$TMPD/stage/opt/saha-test"
[ -x "$P/bin/saha" ] && ok || bad "no bin/saha installed"
ls "$P"/lib*/libsaha.* >/dev/null 2>&1 && ok || bad "no libsaha installed"
for h in "$SAHA_SOURCE_DIR"/include/saha/*.h; do
  expect_file "$P/include/saha/${h##*/}"
done
expect_file "$P/include/saha.h"
expect_file "$P/share/saha/maps/marmara/accounts.csv"
expect_file "$P/share/saha/maps/marmara-aegean/reps.csv"
expect_file "$P/share/locale/tr/LC_MESSAGES/saha.mo"

# the installed binary, run from an unrelated folder, plans from the installed samples
cd "$TMPD"
run "$P/bin/saha" demo --out "$TMPD/demo-out" --iterations 500
expect_status 0
expect_stderr_matches "$P/bin/../share/saha/maps/marmara/accounts.csv: 250 rows read"
expect_file "$TMPD/demo-out/week.csv"
run "$P/bin/saha" --help
expect_status 0
# the Turkish catalogue is found beside the installed binary (its prefix moved)
run env LANG=C "$P/bin/saha" --lang tr --help
expect_status 0
expect_stdout_matches '^Komutlar:$'
finish
