#!/usr/bin/env bash
# Outputs that are not regular files are written in place, never renamed over: a FIFO
# stays a FIFO and gets the data (the same path serves devices: as root, renaming over
# /dev/null would replace the device node); a folder is refused.
set -u
. "$(dirname "$0")/lib.sh"
IN="$SAHA_SOURCE_DIR/tests/golden/export/_input"

mkfifo "$TMPD/pipe"
timeout 60 cat "$TMPD/pipe" > "$TMPD/from_pipe" &
reader=$!
run timeout 60 "$SAHA" plan "$IN/accounts.csv" --rep "$IN/rep.json" --start 2026-11-30 \
    --iterations 100 --time-limit 0 --quiet --csv "$TMPD/pipe"
expect_status 0
wait "$reader"
if [ -p "$TMPD/pipe" ]; then ok; else bad "the FIFO was replaced by a regular file"; fi
expect_eq "$(head -1 "$TMPD/from_pipe" | cut -d, -f1-4)" "day,date,seq,id" "CSV came through the FIFO"
[ -z "$(ls "$TMPD" | grep '\.tmp\.')" ] && ok || bad "temporary file left behind"

mkdir "$TMPD/dir"
run "$SAHA" plan "$IN/accounts.csv" --rep "$IN/rep.json" --start 2026-11-30 \
    --iterations 100 --time-limit 0 --quiet --csv "$TMPD/dir"
expect_status 2
expect_stderr_matches "dir: is a directory"

finish
