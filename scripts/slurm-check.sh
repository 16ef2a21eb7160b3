#!/usr/bin/env bash
# The SLURM check: a real one-node SLURM cluster (Debian's slurm-wlm and munge, as plain daemons),
# a tiny spec submitted as 3 shards plus the merge job through `layerprobe slurm --submit`, and the
# merged separability.csv compared row for row with the same spec run unsharded (probe_seconds
# rows aside: no two runs share a timing). Needs root and a Debian machine; stops every daemon it
# started. Run from anywhere: scripts/slurm-check.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
start=$(date +%s)
work="$(mktemp -d /tmp/layerprobe-slurm.XXXXXX)"
timeout_s=${SLURM_CHECK_TIMEOUT:-150}
say() { printf '[slurm-check %3ds] %s\n' "$(($(date +%s) - start))" "$*"; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null 2>&1
fi

pids=()
stop() {
  for f in "$work/slurmd.pid" "$work/slurmctld.pid"; do
    [[ -f $f ]] && kill "$(cat "$f")" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f /run/munge/layerprobe-check.pid ]] && kill "$(cat /run/munge/layerprobe-check.pid)" 2>/dev/null || true
  sleep 1
}
trap stop EXIT

# munge: a key owned by munge, mode 400, and /run/munge before the daemon starts.
if [[ ! -s /etc/munge/munge.key ]]; then
  mungekey --create >/dev/null 2>&1 || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 2>/dev/null
fi
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge && chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/layerprobe-check.pid
fi
munge -n | unmunge >/dev/null
say "munge is up"

host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
mkdir -p "$work/state" "$work/spool" "$work/log"
conf="$work/slurm.conf"
cat > "$conf" <<CONF
ClusterName=layerprobe-check
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
DependencyParameters=kill_invalid_depend
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=check Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$conf"
slurmctld -f "$conf"
slurmd -f "$conf"
for _ in $(seq 1 30); do
  sinfo -h -o %T 2>/dev/null | grep -qE '^idle' && break
  sleep 1
done
sinfo -h -o '%P %T %c' | sed 's/^/  sinfo: /'
sinfo -h -o %T | grep -qE '^idle' || { say "the node did not come up"; cat "$work/log/slurmd.log" "$work/log/slurmctld.log" | tail -30; exit 1; }
say "one-node cluster is up ($cpus CPUs)"

[[ -f target/layerprobe-0.1.0.jar && -d target/lib ]] || mvn -q -B -ntp -DskipTests package
export LAYERPROBE_CACHE="$work/models"
spec=scripts/slurm-tiny.yaml
say "the spec unsharded, for reference"
java -Xmx2g -Djava.awt.headless=true -Dai.djl.pytorch.num_threads=1 -jar target/layerprobe-0.1.0.jar \
  run "$spec" --reports "$work/unsharded" > "$work/unsharded.log" 2>&1 || { tail -20 "$work/unsharded.log"; exit 1; }
# The shards train their own models: a separate cache, so nothing is reused from the reference run.
export LAYERPROBE_CACHE="$work/models-sharded"
out=$(java -Xmx1g -Djava.awt.headless=true -jar target/layerprobe-0.1.0.jar \
  slurm "$spec" --shards 3 --cpus 1 --heap 1g --time 00:10:00 --reports "$work/sharded" --submit)
echo "$out" | sed 's/^/  /'
array=$(echo "$out" | sed -n 's/^submitted array job \([0-9]*\).*/\1/p')
merge=$(echo "$out" | sed -n 's/.* and merge job \([0-9]*\)$/\1/p')
[[ -n $array && -n $merge ]] || { say "could not read the job ids"; exit 1; }

state=""
while (( $(date +%s) - start < timeout_s )); do
  state=$(scontrol show job "$merge" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -1)
  case "$state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) break ;; esac
  sleep 2
done
scontrol show job "$array" 2>/dev/null | grep -E 'JobId=|JobState=' | sed 's/^/  /' || true
say "merge job $merge: ${state:-unknown}"
if [[ $state != COMPLETED ]]; then
  for f in "$work"/sharded/slurm-tiny/slurm/*.out; do echo "== $f"; tail -15 "$f"; done
  exit 1
fi
if ! out=$(scripts/same-rows.sh "$work/unsharded/slurm-tiny" "$work/sharded/slurm-tiny"); then
  say "the merged CSV differs from the unsharded one:"
  echo "$out"
  exit 1
fi
say "merged separability.csv equals the unsharded one: $out"
say "SLURM check passed in $(($(date +%s) - start)) s"
