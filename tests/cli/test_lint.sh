#!/usr/bin/env bash
# Source rules that a compiler does not check (CONTRIBUTING.md §5, §6):
#  - banned functions anywhere in src/ and tests/unit/;
#  - the library (src/ outside src/cli/) never prints, exits, aborts or reads the
#    environment;
#  - public headers never include dependency headers.
set -u
cd "${SAHA_SOURCE_DIR:?}"
fail=0
banned='\b(atoi|atof|sscanf|sprintf|vsprintf|strcpy|strcat|strtok|gets|rand)[[:space:]]*\('
hits=$(grep -rnE "$banned" src tests/unit --include='*.c' --include='*.h' \
       | grep -vE '(snprintf|vsnprintf)[[:space:]]*\(' \
       | grep -vE '^\S+:[0-9]+:\s*(/\*|\*|//)' || true)
# snprintf contains "sprintf": re-check the remaining lines precisely
hits=$(printf '%s\n' "$hits" | grep -E '(^|[^n])\b(atoi|atof|sscanf|sprintf|vsprintf|strcpy|strcat|strtok|gets|rand)\s*\(' || true)
if [ -n "$hits" ]; then
  echo "banned functions used:"; echo "$hits"; fail=1
fi
lib_files=$(find src -name '*.c' -not -path 'src/cli/*')
io=$(grep -nE '\b(printf|fprintf\s*\(\s*(stderr|stdout)|puts|perror|exit|abort|getenv|setlocale)\s*\(' $lib_files \
     | grep -vE ':\s*(/\*|\*|//)' || true)
if [ -n "$io" ]; then
  echo "library code must not print, exit or read the environment:"; echo "$io"; fail=1
fi
deps=$(grep -nE '#\s*include\s*[<"](curl/|jansson|proj|sqlite3)' include -r || true)
if [ -n "$deps" ]; then
  echo "public headers include dependency headers:"; echo "$deps"; fail=1
fi
# the repository is self-contained: nothing but tests/bench/ may read the shared folder
# that sits beside a developer's checkout (a clone of the public repository has none)
sh=shared # spelled in two parts so that this checker does not match itself
shared_re="\\.\\./$sh|SAHA_SHA""RED_DIR|/work/$sh"
shared=$(grep -rlE "$shared_re" src include maps tests CMakeLists.txt Makefile .ci 2>/dev/null \
         | grep -v '^tests/bench/' || true)
if [ -n "$shared" ]; then
  echo "files outside tests/bench/ read ../$sh (copy the data into the repository):"
  echo "$shared"; fail=1
fi
probe=$(printf 'GAZ=../%s/gazetteer/x\n' "$sh" | grep -cE "$shared_re" || true)
[ "$probe" = 1 ] || { echo "lint self-check (shared) failed"; fail=1; }
# the CLI is a client of the public API: it includes only saha/*.h and its own cli/*.h
cli_inc=$(grep -nE '#\s*include\s*"' src/cli/*.c src/cli/*.h | grep -vE '"((saha|cli)/[a-z_]+|saha)\.h"' || true)
if [ -n "$cli_inc" ]; then
  echo "the CLI includes headers outside include/saha and src/cli:"; echo "$cli_inc"; fail=1
fi
# saha.h includes every public header
for h in include/saha/*.h; do
  grep -qF "#include \"saha/$(basename "$h")\"" include/saha.h || {
    echo "include/saha.h leaves out saha/$(basename "$h")"; fail=1; }
done
# comments cite CONTRIBUTING.md (in the repository), and only sections it has
style=$(grep -rnE 'STYLE\.md' src tests include CMakeLists.txt --include='*.c' --include='*.h' \
        --include='*.sh' --include='*.txt' --include='*.py' | grep -v 'test_lint.sh' || true)
if [ -n "$style" ]; then
  echo "comments cite STYLE.md, which the repository does not have (cite CONTRIBUTING.md):"
  echo "$style"; fail=1
fi
for n in $(grep -rhoE 'CONTRIBUTING\.md §[0-9]+' src tests include CMakeLists.txt | grep -oE '[0-9]+$' | sort -u); do
  grep -qE "^## $n\. " CONTRIBUTING.md || { echo "CONTRIBUTING.md has no section $n"; fail=1; }
done
# a known-bad line must be caught (the check itself can fail)
probe=$(printf 'int x = atoi(s);\n' | grep -cE '(^|[^n])\b(atoi)\s*\(' || true)
[ "$probe" = 1 ] || { echo "lint self-check failed"; fail=1; }
if [ $fail = 0 ]; then echo "lint: ok ($(echo $lib_files | wc -w) library files checked)"; fi
exit $fail
