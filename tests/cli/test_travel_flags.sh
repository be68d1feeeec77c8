#!/usr/bin/env bash
# The travel-time flags are the same flags in every command that builds a matrix
# (saha matrix, plan, team, calibrate: src/cli/cli_travel.c): each --help lists all of
# them, a bad value gets the same message from each command, a flag that needs another
# provider is refused naming the flag, and --matrix / --osrm-url imply their provider
# (a plan on a matrix file needs no --provider file); and every command ends its option
# loop the same way (unknown option, extra argument, missing value).
set -u
. "$(dirname "$0")/lib.sh"
M="$SAHA_SOURCE_DIR/maps/marmara"
cd "$TMPD" || exit 1
head -6 "$M/accounts.csv" > acc.csv
printf 'id,name,home_lat,home_lon\nr1,Rep One,40.2106,29.0095\n' > reps.csv
FLAGS="--provider --osrm-url --osrm-timeout --osrm-retries --osrm-max-table --osrm-snap-warn --osrm-snap-max --matrix"
# the arguments each command needs besides the travel flags
args() {
  case "$1" in
    matrix) echo "acc.csv -o out.csv" ;;
    plan) echo "acc.csv --rep $M/rep.json --start 2026-12-07 -q" ;;
    team) echo "acc.csv --reps reps.csv --out-dir tdir --start 2026-12-07 -q" ;;
    calibrate) echo "acc.csv -o travel.json" ;;
  esac
}
for cmd in matrix plan team calibrate; do
  run "$SAHA" "$cmd" --help
  expect_status 0
  for f in $FLAGS; do expect_stdout_matches "^  $f "; done
  # bad values: one message, whatever the command
  run "$SAHA" "$cmd" $(args $cmd) --provider osrm --osrm-url http://127.0.0.1:9 --osrm-timeout 0
  expect_status 2
  expect_stderr_matches "^saha $cmd: --osrm-timeout wants seconds in \(0, 3600\], not '0'"
  run "$SAHA" "$cmd" $(args $cmd) --provider osrm --osrm-url http://127.0.0.1:9 --osrm-retries 21
  expect_status 2
  expect_stderr_matches "^saha $cmd: --osrm-retries wants 0..20, not '21'"
  run "$SAHA" "$cmd" $(args $cmd) --provider osrm --osrm-url http://127.0.0.1:9 --osrm-max-table=1
  expect_status 2
  expect_stderr_matches "^saha $cmd: --osrm-max-table wants a number >= 2, not '1'"
  run "$SAHA" "$cmd" $(args $cmd) --provider osrm --osrm-url http://127.0.0.1:9 --osrm-snap-max -5
  expect_status 2
  expect_stderr_matches "^saha $cmd: --osrm-snap-max wants metres in \[0, 1e7\], not '-5'"
  run "$SAHA" "$cmd" $(args $cmd) --provider osrm
  expect_status 2
  expect_stderr_matches "^saha $cmd: --provider osrm needs --osrm-url URL"
  run "$SAHA" "$cmd" $(args $cmd) --provider file
  expect_status 2
  expect_stderr_matches "^saha $cmd: --provider file needs --matrix FILE"
  run "$SAHA" "$cmd" $(args $cmd) --matrix m.csv --provider osrm --osrm-url http://127.0.0.1:9
  expect_status 2
  expect_stderr_matches "^saha $cmd: --matrix goes with --provider file"
  run "$SAHA" "$cmd" $(args $cmd) --provider nope
  expect_status 2
  expect_stderr_matches "^saha $cmd: --provider wants .*, not 'nope'"
  expect_no_file out.csv
  expect_no_file travel.json
done
# the end of every option loop (cli_opt_rest): one message each, in every command
for cmd in matrix plan team calibrate territory geocode solve; do
  run "$SAHA" "$cmd" acc.csv --no-such-flag
  expect_status 2
  expect_stderr_matches "^saha $cmd: unknown option '--no-such-flag'"
  run "$SAHA" "$cmd" acc.csv extra.csv
  expect_status 2
  expect_stderr_matches "^saha $cmd: unexpected argument 'extra.csv'"
done
for cmd in matrix plan team calibrate; do
  run "$SAHA" "$cmd" acc.csv --osrm-url
  expect_status 2
  expect_stderr_matches "^saha $cmd: --osrm-url needs a value"
done
# a tuning flag without OSRM is refused by name (calibrate has no model to tune)
for cmd in matrix plan team; do
  run "$SAHA" "$cmd" $(args $cmd) --osrm-snap-warn 100
  expect_status 2
  expect_stderr_matches "^saha $cmd: --osrm-snap-warn needs --provider osrm"
  run "$SAHA" "$cmd" $(args $cmd) --osrm-url http://127.0.0.1:9 --provider model
  expect_status 2
  expect_stderr_matches "^saha $cmd: --osrm-url goes with --provider osrm"
done
run "$SAHA" calibrate $(args calibrate)
expect_status 2
expect_stderr_matches "^saha calibrate: no road data given"
run "$SAHA" calibrate $(args calibrate) --provider model
expect_status 2
expect_stderr_matches "^saha calibrate: --provider wants osrm or file \(road data\), not 'model'"
# --matrix implies --provider file, in plan as in matrix: the plan on the model's own
# matrix (written by saha matrix with the rep's home) equals the plan on the model
run "$SAHA" matrix acc.csv --rep "$M/rep.json" -o m.csv -q
expect_status 0
run "$SAHA" plan acc.csv --rep "$M/rep.json" --start 2026-12-07 --time-limit 0 --iterations 300 \
  --csv p_model.csv -q
expect_status 0
run "$SAHA" plan acc.csv --rep "$M/rep.json" --start 2026-12-07 --time-limit 0 --iterations 300 \
  --matrix m.csv --csv p_file.csv -q
expect_status 0
expect_eq "$(cut -d, -f1-4 p_file.csv | md5sum)" "$(cut -d, -f1-4 p_model.csv | md5sum)" \
  "the plan on the matrix file visits as the plan on the model"
expect_eq "$(tail -n +2 p_file.csv | cut -d, -f4 | sort | wc -l)" "$(tail -n +2 p_model.csv | wc -l)" \
  "same number of visits"
expect_eq "$(csv_column p_file.csv drive_source | sort -u)" road \
  "every leg of the file plan is road data, not the model's estimate"
expect_eq "$(csv_column p_model.csv drive_source | sort -u)" model "the model plan's legs are estimates"
finish
