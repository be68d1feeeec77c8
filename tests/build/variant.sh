#!/bin/sh
# Usage: tests/build/variant.sh SOURCE_DIR VARIANT_BUILD_DIR REFERENCE_SAHA shared|clang
# The ctest tests build.shared and build.clang: configures and builds another variant of
# saha in VARIANT_BUILD_DIR (once; later runs rebuild what changed) and checks it.
#   shared: -DBUILD_SHARED_LIBS=ON, so the CLI links libsaha.so and can reach only the
#           exported names; the dynamic symbol table of libsaha.so must hold only public
#           saha_ names (no saha__ private ones, nothing unprefixed).
#   clang:  CC=clang with -DSAHA_WERROR=ON (gcc is the main build).
# Both: the variant's saha answers a small instance exactly as REFERENCE_SAHA does.
# Exit 0 ok, 1 a failed build or check.
set -u
if [ $# -ne 4 ]; then
  echo "usage: $0 SOURCE_DIR VARIANT_BUILD_DIR REFERENCE_SAHA shared|clang" >&2
  exit 2
fi
src=$1 build=$2 ref=$3 kind=$4
case $kind in
  shared) cc=${CC:-cc}; extra="-DBUILD_SHARED_LIBS=ON" ;;
  clang) cc=clang; extra="" ;;
  *) echo "variant: unknown variant '$kind'" >&2; exit 2 ;;
esac
mkdir -p "$build"
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=$cc cmake -S "$src" -B "$build" -DSAHA_WERROR=ON -DSAHA_BUILD_TESTS=OFF $extra \
    >"$build/variant-configure.log" 2>&1 || {
    tail -30 "$build/variant-configure.log" >&2; echo "variant: configure failed" >&2
    exit 1; }
fi
if ! cmake --build "$build" -j2 >"$build/variant-build.log" 2>&1; then
  tail -30 "$build/variant-build.log" >&2
  echo "variant: $kind build failed" >&2
  exit 1
fi
fail=0

# Exported names that are not public saha_ functions or objects (one a line on stdin).
bad_exports() {
  grep -vE '^saha_[a-z0-9]([a-z0-9_]*[a-z0-9])?$' | grep -E . || true
}
if [ "$kind" = shared ]; then
  lib=$(ls "$build"/libsaha.so.* 2>/dev/null | head -n 1)
  if [ -z "$lib" ]; then
    echo "variant: no libsaha.so in $build" >&2; exit 1
  fi
  ldd "$build/saha" | grep -q 'libsaha\.so' || {
    echo "variant: saha does not link libsaha.so" >&2; fail=1; }
  names=$(nm -D --defined-only "$lib" | awk '{print $3}')
  n=$(printf '%s\n' "$names" | grep -c '^saha_')
  bad=$(printf '%s\n' "$names" | bad_exports)
  bad=$(printf '%s\n' "$bad" | grep -E '__' || printf '%s\n' "$bad")
  if [ -n "$bad" ]; then
    echo "libsaha.so exports names that are not public saha_ names:"; echo "$bad"; fail=1
  fi
  [ "$n" -ge 50 ] || { echo "variant: only $n saha_ exports (want the public API)"; fail=1; }
  # the check itself can fail
  probe=$(printf 'saha_ok_name\nsaha__private\nhelper\n' | bad_exports | wc -l)
  [ "$probe" = 2 ] || { echo "variant: export self-check failed"; fail=1; }
  [ $fail = 0 ] && echo "shared: $n exported saha_ names, nothing else"
fi

# Same answer as the reference build on a small TSP (seeded, fixed iterations).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/small.tsp" <<'TSP'
NAME: small9
TYPE: TSP
DIMENSION: 9
EDGE_WEIGHT_TYPE: EUC_2D
NODE_COORD_SECTION
1 0 0
2 10 0
3 20 5
4 30 0
5 30 20
6 20 25
7 10 20
8 0 20
9 15 12
EOF
TSP
solve_small() {
  "$1" solve "$tmp/small.tsp" --iterations 100 --seed 3 --threads 1 --json \
    | sed 's/"seconds": [0-9.]*//' >"$2"
}
solve_small "$build/saha" "$tmp/got.json" || fail=1
solve_small "$ref" "$tmp/want.json" || fail=1
got=$tmp/got.json want=$tmp/want.json
grep -q '"objective": [1-9]' "$got" || { echo "variant: no objective in:"; cat "$got"; fail=1; }
cmp -s "$got" "$want" || {
  echo "variant: $kind saha answers differently:"; cat "$got" "$want"; fail=1; }
[ $fail = 0 ] && echo "$kind: build ok, same answer as the reference build"
exit $fail
