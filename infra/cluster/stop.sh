#!/usr/bin/env bash
# Stops the processes infra/cluster/start.sh started (workers first, the Temporal server last), each by the pid it
# recorded, and only when that pid still belongs to the same process (its start time matches). SIGTERM, then SIGKILL
# after a grace period. PostgreSQL keeps running (infra/postgres.sh's cluster is shared; `bash infra/postgres.sh stop`).
#   CLUSTER_DIR   as for start.sh (default var/cluster);  --quiet: say nothing when nothing runs
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cluster_dir="${CLUSTER_DIR:-$repo_root/var/cluster}"
run_dir="$cluster_dir/run"
quiet="${1:-}"

log() { echo "[cluster] $*" >&2; }

# The recorded pid, when it is still the process that was started.
live_pid() {
  local file="$1" pid start
  read -r pid start <"$file" || return 1
  [[ -r "/proc/$pid/stat" ]] || return 1
  [[ "$(awk '{ print $22 }' "/proc/$pid/stat" 2>/dev/null)" == "$start" ]] || return 1
  echo "$pid"
}

stop_one() {
  local name="$1" grace="$2" file="$run_dir/$1.pid" pid
  [[ -f "$file" ]] || return 0
  if pid="$(live_pid "$file")"; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + grace))
    while live_pid "$file" >/dev/null && (( SECONDS < deadline )); do sleep 0.5; done
    if live_pid "$file" >/dev/null; then
      log "$name did not stop within $grace s; SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped $name"
  fi
  rm -f "$file"
}

[[ -d "$run_dir" ]] || { [[ "$quiet" == --quiet ]] || log "nothing runs in $cluster_dir"; exit 0; }
for file in "$run_dir"/worker-*.pid; do
  [[ -e "$file" ]] && stop_one "$(basename "$file" .pid)" 30
done
stop_one api 30
stop_one mail-catcher 10
stop_one temporal-ui 10
stop_one temporal-server 60
