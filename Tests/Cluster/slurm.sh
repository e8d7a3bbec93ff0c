#!/usr/bin/env bash
# Runs the README's SLURM array job for real on a one-node cluster started here (slurmctld and slurmd on this
# machine, munge for authentication, cgroup-free plugins that suit a container), merges the shards and checks
# that the result is byte-identical to a single run.
#
#   Tests/Cluster/slurm.sh [GANFILTER]      (default: .build/release/ganfilter; build it first)
#
# Installs slurm-wlm and munge with apt when they are missing. When the cluster cannot start here (no root, a
# daemon refuses to run), it says why on one line and exits 0: the check needs a machine that can run SLURM.
set -euo pipefail
cd "$(dirname "$0")/../.."
ganfilter="$(realpath "${1:-.build/release/ganfilter}")"
[ -x "$ganfilter" ] || { echo "slurm.sh: $ganfilter is not built (swift build -c release)" >&2; exit 1; }

skip() { echo "slurm.sh: SKIPPED: $*"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "starting slurmctld, slurmd and munged needs root"
if ! command -v slurmctld > /dev/null || ! command -v munged > /dev/null; then
    apt-get update -qq > /dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge > /dev/null 2>&1 \
        || skip "apt-get could not install slurm-wlm and munge"
fi

work="$(mktemp -d /tmp/ganfilter-slurm-XXXXXX)"
chmod 755 "$work"
host="$(hostname -s)"
conf="$work/slurm.conf"
pids=()
cleanup() {
    scancel --quiet --full --user=root > /dev/null 2>&1 || true
    [ -f "$work/slurmd.pid" ] && kill "$(cat "$work/slurmd.pid")" 2> /dev/null || true
    [ -f "$work/slurmctld.pid" ] && kill "$(cat "$work/slurmctld.pid")" 2> /dev/null || true
    [ -f "$work/munged.pid" ] && kill "$(cat "$work/munged.pid")" 2> /dev/null || true
    sleep 1
    rm -rf "$work"
}
trap cleanup EXIT

# munge: a key of our own and a daemon with its socket in the work folder.
mkdir -p "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 700 "$work/munge"; chmod 400 "$work/munge/munge.key"
munged --force --key-file="$work/munge/munge.key" --socket="$work/munge/socket" \
    --pid-file="$work/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munge/seed" \
    || skip "munged would not start: $(tail -1 "$work/munged.log" 2> /dev/null)"

cpus="$(nproc)"
memory="$(awk '/MemTotal/ { print int($2 / 1024 / 2) }' /proc/meminfo)"
mkdir -p "$work/state" "$work/spool"
cat > "$conf" <<CONF
ClusterName=ganfilter-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/socket
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$conf"
slurmctld -f "$conf" || skip "slurmctld would not start: $(tail -1 "$work/slurmctld.log" 2> /dev/null)"
slurmd -f "$conf" || skip "slurmd would not start: $(tail -1 "$work/slurmd.log" 2> /dev/null)"
for _ in $(seq 60); do
    state="$(sinfo --noheader --format=%t 2> /dev/null || true)"
    [ "$state" = "idle" ] && break
    sleep 1
done
[ "$state" = "idle" ] || skip "the node did not become idle (state '$state'): $(tail -1 "$work/slurmd.log" 2> /dev/null)"

# The README's array job, as written there, on the shipped masks: 4 shards of one CPU each on this node.
shards=4
mkdir -p "$work/out" "$work/logs" "$work/bin"
ln -s "$ganfilter" "$work/bin/ganfilter"
sed -n '/^#SBATCH --job-name=ganfilter-features/,/^```/p' README.md | sed '$d' > "$work/body.sh"
[ -s "$work/body.sh" ] || { echo "slurm.sh: the README has no SLURM array script" >&2; exit 1; }
{
    echo '#!/bin/bash'
    sed -e "s|--array=0-15|--array=0-$((shards - 1))|" -e "s|--cpus-per-task=4|--cpus-per-task=1|" \
        -e "s|/16\"|/$shards\"|" -e "s|/data/generated|$PWD/masks|" \
        -e "s|logs/|$work/logs/|" -e "s|out/|$work/out/|" "$work/body.sh"
} > "$work/features.sbatch"
grep -q -- "--shard \"\$SLURM_ARRAY_TASK_ID/$shards\"" "$work/features.sbatch" \
    || { echo "slurm.sh: the README's script no longer has the shape this test adapts" >&2; exit 1; }

echo "slurm.sh: submitting the README's array job ($shards shards) to a one-node cluster"
PATH="$work/bin:$PATH" sbatch --wait --chdir="$work" "$work/features.sbatch"
ls "$work"/out/features-*.csv > /dev/null
"$ganfilter" merge "$work"/out/features-*.csv --output "$work/merged.csv"
"$ganfilter" features "$PWD/masks" --recursive --output "$work/single.csv" 2> /dev/null
if cmp "$work/merged.csv" "$work/single.csv"; then
    echo "slurm.sh: the merged $shards-shard SLURM run equals a single run byte for byte ($(($(wc -l < "$work/single.csv") - 1)) rows)"
else
    echo "slurm.sh: FAILED: the merged SLURM run differs from a single run" >&2
    cat "$work"/logs/* >&2 || true
    exit 1
fi
