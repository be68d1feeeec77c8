#!/usr/bin/env bash
# saha solve: help, the JSON answer on small instances (checked by tests/bench/check.py,
# which recomputes the objective independently), determinism, and bad input.
. "$(dirname "$0")/lib.sh"
B="$SAHA_TEST_DATA/bench"

run "$SAHA" solve --help
expect_status 0
expect_stdout_matches "Usage: saha solve FILE"

run "$SAHA" solve
expect_status 2
expect_stderr_matches "saha"

run "$SAHA" solve "$B/top_chao/p2.2.k.txt" --bogus
expect_status 2
expect_stderr_matches "unknown option"

# TOP instance: the checker re-reads it and recomputes the score; p2.2.k's optimum is 275
run "$SAHA" solve "$B/top_chao/p2.2.k.txt" --json --iterations 300 --seed 5
expect_status 0
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["file"]=sys.argv[2]; d["m"]=0; print(json.dumps(d))' \
  "$OUT" "$B/top_chao/p2.2.k.txt" > "$TMPD/top.jsonl"
run python3 "$SAHA_SOURCE_DIR/tests/bench/check.py" top "$TMPD/top.jsonl" --bench "$B"
expect_status 0
expect_stdout_matches "p2.2.k \| 21 \| 2 \| 275 \| 275 \| 0.00"

# TSPLIB: a feasible whole tour, recomputed by the checker
run "$SAHA" solve "$B/tsplib/eil51.tsp" --json --iterations 200
expect_status 0
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["file"]=sys.argv[2]; d["m"]=0; print(json.dumps(d))' \
  "$OUT" "$B/tsplib/eil51.tsp" > "$TMPD/tsp.jsonl"
run python3 "$SAHA_SOURCE_DIR/tests/bench/check.py" tsplib "$TMPD/tsp.jsonl" --bench "$B"
expect_status 0

# TOPTW with 2 paths, from stdin, checked the same way
run_sh "\"$SAHA\" solve - --format optw --vehicles 2 --decimals 1 --json --iterations 100 < \"$B/toptw/c101.txt\""
expect_status 0
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["file"]=sys.argv[2]; d["m"]=2; d["instance"]="c101"; print(json.dumps(d))' \
  "$OUT" "$B/toptw/c101.txt" > "$TMPD/tw.jsonl"
run python3 "$SAHA_SOURCE_DIR/tests/bench/check.py" toptw "$TMPD/tw.jsonl" --bench "$B"
expect_status 0

# same seed and iterations: same routes, with 1 or 2 threads
run "$SAHA" solve "$B/op/set_64_1_45.txt" --json --iterations 200 --seed 9 --threads 1
A=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["objective"], d["routes"])' "$OUT")
run "$SAHA" solve "$B/op/set_64_1_45.txt" --json --iterations 200 --seed 9 --threads 2
Bv=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["objective"], d["routes"])' "$OUT")
expect_eq "$A" "$Bv" "same seed, different answers"

# regret insertion in one recreate step in 2: checked answer, repeatable with 1 or 2
# threads; --regret refuses junk
run "$SAHA" solve "$B/toptw/r101.txt" --vehicles 3 --json --iterations 300 --seed 4 --regret 2 --threads 1
expect_status 0
A=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["objective"], d["routes"])' "$OUT")
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["file"]=sys.argv[2]; d["m"]=3; d["instance"]="r101"; print(json.dumps(d))' \
  "$OUT" "$B/toptw/r101.txt" > "$TMPD/rg.jsonl"
run python3 "$SAHA_SOURCE_DIR/tests/bench/check.py" toptw "$TMPD/rg.jsonl" --bench "$B"
expect_status 0
run "$SAHA" solve "$B/toptw/r101.txt" --vehicles 3 --json --iterations 300 --seed 4 --regret 2 --threads 2
Bv=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["objective"], d["routes"])' "$OUT")
expect_eq "$A" "$Bv" "same seed with --regret, different answers"
run "$SAHA" solve "$B/toptw/r101.txt" --regret many
expect_status 2
expect_stderr_matches "regret: want 0..1000"

# human output
run "$SAHA" solve "$B/op/set_64_1_45.txt" --iterations 50
expect_status 0
expect_stdout_matches "objective: [0-9]+ \(total score\)"

# bad input: message with file and line, exit 2
printf 'NAME: x\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 1 x\n3 2 2\n' > "$TMPD/bad.tsp"
run "$SAHA" solve "$TMPD/bad.tsp"
expect_status 2
expect_stderr_matches "bad.tsp:6: y: not a number"

run "$SAHA" solve "$TMPD/missing.tsp"
expect_status 1
expect_stderr_matches "missing.tsp"

finish
