# Sourced by lib.sh and tests/golden/golden.sh.
# SAHA_TEST_LOCALE=tr_TR.UTF-8 (make check-locale): the test runs in that locale, so
# saha's numbers, dates and case folding meet a decimal comma and the dotless i, while
# its messages stay English (LC_MESSAGES=C: the checks match English text; the Turkish
# messages are test_i18n's). The locale is generated once per build folder from the
# locales package's definitions when the system has not generated it (no root: LOCPATH).
if [ -n "${SAHA_TEST_LOCALE:-}" ]; then
  _loc_short=$(printf '%s' "$SAHA_TEST_LOCALE" | sed 's/\.UTF-8$/.utf8/I')
  if ! locale -a 2>/dev/null | grep -qix "$_loc_short"; then
    _locdir="${SAHA_BUILD_DIR:-${TMPDIR:-/tmp}}/test-locale"
    if [ ! -d "$_locdir/$SAHA_TEST_LOCALE" ]; then
      mkdir -p "$_locdir"
      _loctmp=$(mktemp -d "$_locdir/.gen.XXXXXX")
      localedef -i "${SAHA_TEST_LOCALE%%.*}" -f UTF-8 "$_loctmp/$SAHA_TEST_LOCALE" 2>/dev/null ||
        { echo "FAIL: cannot generate $SAHA_TEST_LOCALE (Debian package locales)" >&2
          echo "0 passed, 1 failed"; exit 1; }
      mv -T "$_loctmp/$SAHA_TEST_LOCALE" "$_locdir/$SAHA_TEST_LOCALE" 2>/dev/null || true
      rm -rf "$_loctmp"
    fi
    export LOCPATH="$_locdir"
  fi
  unset LC_ALL LANGUAGE
  export LANG="$SAHA_TEST_LOCALE" LC_MESSAGES=C
  # the tests' own tools read and sort the outputs as under C (awk would take "4.9" for
  # 4 under a decimal comma, sort collates by the locale, grep -i folds I to ı): only
  # saha runs in the locale
  for _tool in awk sort grep sed cut tr uniq comm join wc soffice; do
    eval "$_tool() { LC_ALL=C.UTF-8 command $_tool \"\$@\"; }"
    export -f "$_tool"
  done
  # LibreOffice, the tests' spreadsheet reader, is started through timeout
  timeout() {
    case " $* " in
      *" soffice "*) LC_ALL=C.UTF-8 command timeout "$@" ;;
      *) command timeout "$@" ;;
    esac
  }
  export -f timeout
fi
