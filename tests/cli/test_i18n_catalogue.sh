#!/usr/bin/env bash
# Translation coverage of src/cli/po/tr.po: every message of the sources (the CLI's
# messages, summaries and --help texts, and the HTML report's texts, L_/LN_ in
# src/export*.c) is in tr.po, translated and not fuzzy; and no --help text escapes
# the catalogue (the Turkish --help of each command differs from the English on
# nearly every line). Negative probes: an emptied msgstr, a fuzzy entry and a new
# message in the sources each make the check fail.
set -u
. "$(dirname "$0")/lib.sh"
require xgettext gettext
require msgcmp gettext
require msgfmt gettext
SRC="$SAHA_SOURCE_DIR"
PO="$SRC/src/cli/po/tr.po"
# the keywords of the saha_po_update target (CMakeLists.txt): kept in step below
KW=(--keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=ngettext:1,2 --keyword=L_
    --keyword=LN_:1,2 --keyword=cli_errorf --keyword=cli_warnf --keyword=cli_usage_error:2)
for k in "${KW[@]}"; do
  grep -qF -- "$k" "$SRC/CMakeLists.txt" && ok || bad "CMakeLists.txt's xgettext lacks $k"
done
srcs() { (cd "$SRC" && ls src/cli/*.c src/export*.c) ; }
pot() { # pot OUT
  (cd "$SRC" && xgettext --language=C --from-code=UTF-8 --no-wrap "${KW[@]}" \
     -o "$1" $(srcs)) 2>"$TMPD/xgettext.err"
}
# every msgid translated, none fuzzy
check_po() { # check_po PO -> status; message on stdout
  local stats; stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$1" 2>&1)
  case "$stats" in
    *untranslated*|*fuzzy*) echo "$stats"; return 1 ;;
    *" translated message"*) return 0 ;;
    *) echo "$stats"; return 1 ;;
  esac
}
run check_po "$PO"
expect_status 0
[ "$STATUS" = 0 ] || cat "$OUT" >&2
# every message of the sources is in the catalogue (msgcmp counts an untranslated or
# fuzzy entry as missing)
pot "$TMPD/saha.pot" || { cat "$TMPD/xgettext.err" >&2; bad "xgettext failed"; }
n=$(grep -c '^msgid ' "$TMPD/saha.pot")
[ "$n" -gt 300 ] && ok || bad "only $n messages extracted"
run msgcmp "$PO" "$TMPD/saha.pot"
expect_status 0
[ "$STATUS" = 0 ] && ok || { head -20 "$ERR" >&2
  echo "(run 'cmake --build build --target saha_po_update' and translate the new msgids)" >&2; }
# the HTML report's texts are among them
grep -qx 'msgid "Call list: not visited (%zu)"' "$TMPD/saha.pot" && ok || bad "HTML texts not extracted"

# msgcmp_names MSGID: msgcmp (its stderr in $ERR) named the entry of MSGID: an error
# "FILE:LINE: ..." whose LINE of FILE is in that entry (msgcmp gives places, not
# texts): the last msgid line at or above LINE is MSGID's
msgcmp_names() {
  local f n
  while IFS=: read -r f n _; do
    [ -f "$f" ] && [ -n "$n" ] || continue
    awk -v n="$n" 'NR <= n && /^msgid / {m = $0} END {print m}' "$f" |
      grep -qxF "msgid \"$1\"" && return 0
  done <"$ERR"
  return 1
}
# probes: the checks fail on a gap
awk 'BEGIN{done=0} /^msgid "Expected value won"$/ && !done {print; getline; print "msgstr \"\""; done=1; next} {print}' \
  "$PO" >"$TMPD/empty.po"
run check_po "$TMPD/empty.po"
expect_status 1
expect_stdout_matches "1 untranslated message"
run msgcmp "$TMPD/empty.po" "$TMPD/saha.pot"
expect_status 1
msgcmp_names "Expected value won" && ok || bad "msgcmp did not name the emptied msgid"
awk 'BEGIN{done=0} /^msgid "Travel cost"$/ && !done {print "#, fuzzy"; done=1} {print}' \
  "$PO" >"$TMPD/fuzzy.po"
run check_po "$TMPD/fuzzy.po"
expect_status 1
expect_stdout_matches "1 fuzzy translation"
mkdir -p "$TMPD/src"
printf '#include <libintl.h>\nconst char *probe(void) { return gettext("a message nobody translated"); }\n' \
  >"$TMPD/src/probe.c"
(cd "$TMPD" && xgettext --language=C --from-code=UTF-8 "${KW[@]}" -o probe.pot src/probe.c)
msgcat "$TMPD/saha.pot" "$TMPD/probe.pot" -o "$TMPD/probe2.pot"
run msgcmp "$PO" "$TMPD/probe2.pot"
expect_status 1
msgcmp_names "a message nobody translated" && ok || bad "msgcmp did not name the new msgid"

# each command's --help: in Turkish nearly every line differs from the English one
# (an unmarked help text would come out the same in both)
help_check() { # help_check VERB: 0 when the Turkish --help of VERB is translated
  env -u LANGUAGE LANG=C "$SAHA" --lang en $1 --help >"$TMPD/en.txt" 2>&1
  env -u LANGUAGE LANG=C "$SAHA" --lang tr $1 --help >"$TMPD/tr.txt" 2>&1
  total=$(grep -c . "$TMPD/en.txt")
  same=$(grep -vxF '' "$TMPD/tr.txt" | grep -xFf - "$TMPD/en.txt" | grep -c .)
  # a line may stay the same when it is only option names, values and paths
  [ "$total" -gt 5 ] && [ $((same * 100)) -le $((total * 15)) ]
}
for verb in "" plan solve geocode matrix calibrate territory team demo; do
  if help_check "$verb"; then ok; else
    bad "saha $verb --help: $same of $total lines are the same in Turkish"
    grep -vxF '' "$TMPD/tr.txt" | grep -xFf - "$TMPD/en.txt" | head -5 >&2
  fi
done
# probe: a catalogue without the first part of the matrix help (as if its text had
# escaped the catalogue) leaves that --help English, and the check sees it
python3 - "$PO" "$TMPD/nohelp.po" <<'PY'
import sys
src = open(sys.argv[1], encoding="utf-8").read().split("\n")
out, i, done = [], 0, False
while i < len(src):
    out.append(src[i])
    if not done and src[i] == '"Usage: saha matrix ACCOUNTS -o MATRIX.csv [options]\\n"':
        i += 1
        while not src[i].startswith("msgstr"):
            out.append(src[i]); i += 1
        out.append('msgstr ""'); i += 1
        while i < len(src) and src[i].startswith('"'):
            i += 1
        done = True
        continue
    i += 1
if not done:
    sys.exit("the matrix help is not in the catalogue")
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out))
PY
mkdir -p "$TMPD/loc/tr/LC_MESSAGES"
msgfmt -o "$TMPD/loc/tr/LC_MESSAGES/saha.mo" "$TMPD/nohelp.po" && ok || bad "msgfmt of the probe"
if SAHA_LOCALEDIR="$TMPD/loc" help_check matrix; then
  bad "an English matrix --help passed the check ($same of $total lines the same)"
else ok; fi
SAHA_LOCALEDIR="$TMPD/loc" help_check plan && ok || bad "the probe catalogue broke plan --help"
finish
