#!/usr/bin/env bash
# On demand, not in make check: runs `saha team` on the Marmara-Aegean sample as a Slurm
# job array of 4 tasks (each task `--shard $SLURM_ARRAY_TASK_ID/4`) on a single-node
# Slurm started here, merges the shards and compares team.csv with a one-process run.
# Needs root (installs slurm-wlm and munge with apt-get when missing, starts munged,
# slurmctld and slurmd with a private config in a temp folder, stops them at the end).
# Usage: tests/bench/slurm.sh [BUILD_DIR]
set -eu
BUILD=${1:-build}
SAHA=$(realpath "$BUILD/saha")
SRC=$(cd "$(dirname "$0")/../.." && pwd)
MAP="$SRC/maps/marmara-aegean"
N=4
PLAN="--start 2026-11-30 --time-limit 0 --iterations 1500 --seed 3 --quiet"

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null
fi
W=$(mktemp -d /tmp/saha-slurm.XXXXXX)
chmod 755 "$W"
mkdir -p "$W/state" "$W/spool" "$W/log" "$W/out"
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  [ -f /run/munge/saha-bench.pid ] && kill "$(cat /run/munge/saha-bench.pid)" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

# munge: a key (the package makes one; make one if it did not), then the daemon
if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
  chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
fi
mkdir -p /run/munge && chown munge:munge /run/munge
runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/saha-bench.pid \
  --socket=/run/munge/munge.socket.2 2>"$W/log/munged.err" || true

HOST=$(hostname -s)
cat >"$W/slurm.conf" <<EOF
ClusterName=saha
SlurmctldHost=$HOST
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/log/slurmctld.log
SlurmdLogFile=$W/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
NodeName=$HOST CPUs=$(nproc) State=UNKNOWN
PartitionName=saha Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$W/slurm.conf"
slurmctld -D -f "$SLURM_CONF" >"$W/log/ctld.out" 2>&1 &
pids="$pids $!"
slurmd -D -f "$SLURM_CONF" >"$W/log/d.out" 2>&1 &
pids="$pids $!"
for _ in $(seq 60); do
  sinfo -h -o %T 2>/dev/null | grep -qE 'idle|mix|alloc' && break
  sleep 1
done
sinfo

# the team as a job array: task K plans shard K/N
cat >"$W/task.sh" <<EOF
#!/bin/sh
exec "$SAHA" team "$W/terr.csv" --reps "$MAP/reps.csv" --shard "\$SLURM_ARRAY_TASK_ID/$N" \
  --out-dir "$W/out/\$SLURM_ARRAY_TASK_ID" --jobs 1 $PLAN
EOF
chmod +x "$W/task.sh"
"$SAHA" territory "$MAP/accounts.csv" --reps "$MAP/reps.csv" --keep-assigned \
  -o "$W/terr.csv" >/dev/null 2>&1
t0=$(date +%s.%N)
job=$(sbatch --parsable --array=0-$((N - 1)) --cpus-per-task=1 \
  --output="$W/log/task-%a.out" "$W/task.sh")
echo "submitted array job $job ($N tasks)"
for _ in $(seq 600); do
  [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
  sleep 1
done
t1=$(date +%s.%N)
"$SAHA" team merge $(seq -f "$W/out/%g" 0 $((N - 1))) --out-dir "$W/merged" --quiet
"$SAHA" team "$W/terr.csv" --reps "$MAP/reps.csv" --out-dir "$W/one" $PLAN
if cmp "$W/one/team.csv" "$W/merged/team.csv"; then
  printf 'slurm: %d-task array in %.1f s; merged team.csv == one-process team.csv (%d reps)\n' \
    "$N" "$(echo "$t1 $t0" | awk '{print $1 - $2}')" "$(($(wc -l <"$W/one/team.csv") - 1))"
else
  echo "slurm: merged team.csv DIFFERS from the one-process run (kept $W)" >&2
  exit 1
fi
rm -rf "$W"
