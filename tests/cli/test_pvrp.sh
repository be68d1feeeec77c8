#!/usr/bin/env bash
# saha solve on Cordeau's periodic VRP files: answers checked by the independent
# tests/bench/pvrp_check.py (combinations, loads, durations, recomputed cost, gap to the
# best known), determinism across thread counts, the checker catching a broken answer,
# too few vehicles, and bad input with file:line messages.
. "$(dirname "$0")/lib.sh"
D="$SAHA_TEST_DATA/bench/pvrp"
CHECK="$SAHA_SOURCE_DIR/tests/bench/pvrp_check.py"

to_jsonl() { # answer file, instance file -> stdout
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["file"]=sys.argv[2]; print(json.dumps(d))' "$1" "$2"
}

# p14 (20 customers, 4 days, 2 vehicles): the best known 954.81 within 1%
run "$SAHA" solve "$D/p14" --json --iterations 3000 --seed 3
expect_status 0
expect_stdout_matches '"format": "pvrp", "vehicles": 8, "objective": [0-9.]+, "days": 4'
to_jsonl "$OUT" "$D/p14" > "$TMPD/p14.jsonl"
cp "$OUT" "$TMPD/p14.json"
run python3 "$CHECK" "$TMPD/p14.jsonl" --bks "$D/bks.csv" --max-gap 1
expect_status 0
expect_stdout_matches '^\| p14 \| 20 \| 4 \| 2 \| '

# pr01: durations (D = 500) and service times; within 3% of 2209.02
run "$SAHA" solve "$D/pr01" --json --iterations 3000 --seed 1
expect_status 0
to_jsonl "$OUT" "$D/pr01" > "$TMPD/pr01.jsonl"
run python3 "$CHECK" "$TMPD/pr01.jsonl" --bks "$D/bks.csv" --max-gap 3
expect_status 0

# p01 (customer 51 at the depot takes a whole vehicle on day 1), from stdin with
# --format; the same seed and iterations give the same routes on 1 and 2 threads
run_sh "\"$SAHA\" solve - --format pvrp --json --iterations 1500 --seed 7 --threads 1 < \"$D/p01\""
expect_status 0
A=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["objective"], d["routes"])' "$OUT")
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["file"]=sys.argv[2]; d["instance"]="p01"; print(json.dumps(d))' \
  "$OUT" "$D/p01" > "$TMPD/p01.jsonl"
run python3 "$CHECK" "$TMPD/p01.jsonl" --bks "$D/bks.csv" --max-gap 3
expect_status 0
run "$SAHA" solve "$D/p01" --json --iterations 1500 --seed 7 --threads 2
Bv=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["objective"], d["routes"])' "$OUT")
expect_eq "$A" "$Bv" "same seed, different answers"

# the checker is not a rubber stamp: a customer moved to another day, a wrong total
python3 - "$TMPD/p14.json" "$D/p14" > "$TMPD/moved.jsonl" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["file"] = sys.argv[2]
per = len(d["routes"]) // d["days"]
src = next(r for r in range(per) if d["routes"][r])            # a day-1 route
c = d["routes"][src].pop(0)
dst = next(r for r in range(per, len(d["routes"])) if c not in d["routes"][r])
d["routes"][dst].append(c)
print(json.dumps(d))
PY
run python3 "$CHECK" "$TMPD/moved.jsonl"
expect_status 1
expect_stderr_matches "customer [0-9]+: days .* are not an allowed combination"
python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).read()); d["objective"]-=1; print(json.dumps(d))' \
  "$TMPD/p14.jsonl" > "$TMPD/cost.jsonl"
run python3 "$CHECK" "$TMPD/cost.jsonl"
expect_status 1
expect_stderr_matches "objective .* but the routes cost"

# human output
run "$SAHA" solve "$D/p14" --iterations 200
expect_status 0
expect_stdout_matches "objective: [0-9]+\.[0-9]{2} \(total distance\)"
expect_stdout_matches "visits: +[0-9]+ to 20 customers over 4 days"
expect_stdout_matches "^day 4 route [12]: "

# one vehicle a day cannot carry p01's demand: the best plan found, and exit 2
run "$SAHA" solve "$D/p01" --vehicles 1 --iterations 200
expect_status 2
expect_stderr_matches "no plan within the capacities and durations"

# bad input: file:line: field: reason, exit 2
printf '1 1 2 2\n0 10\n0 10\n0 0 0 0 0 0 0\n1 1 1 0 5 1 2 1 2\n2 2 2 0 5 1 1 4\n' > "$TMPD/code.txt"
run "$SAHA" solve "$TMPD/code.txt"
expect_status 2
expect_stderr_matches "code.txt:6: combination out of range \[1, 3\]: 4"
printf '1 1 2 2\n0 10\n0 10\n0 0 0 0 0 0 0\n1 1 1 0 5 1 2 1\n2 2 2 0 5 1 1 1\n' > "$TMPD/count.txt"
run "$SAHA" solve "$TMPD/count.txt" --format pvrp
expect_status 2
expect_stderr_matches "count.txt:5: a: says 2 combinations, the line has 1"
printf '1 1 2 2\n0 10\n' > "$TMPD/short.txt"
run "$SAHA" solve "$TMPD/short.txt"
expect_status 2
expect_stderr_matches "short.txt:2: want 2 day lines \(D Q\), got 1"
printf '1 1 1 2\n0 10\n0 10\n0 0 0 0 0 0 0\n1 1 1 0 11 1 1 1\n' > "$TMPD/heavy.txt"
run "$SAHA" solve "$TMPD/heavy.txt"
expect_status 2
expect_stderr_matches "heavy.txt:5: q \(demand\): 11 is above every day's capacity"
printf '1 1 1 2\n0 10\n0 10\n0 0 0 0 0 0 0\n1 1 1 0 x 1 1 1\n' > "$TMPD/nan.txt"
run "$SAHA" solve "$TMPD/nan.txt"
expect_status 2
expect_stderr_matches "nan.txt:5: q \(demand\): not a number: x"

finish
