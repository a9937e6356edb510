#!/usr/bin/env bash
# Stops the processes infra/cluster/start.sh started (workers first, the Temporal server last), each by the pid it
# recorded, and only when that pid still belongs to the same process (its start time matches). SIGTERM, then SIGKILL
# after a grace period. PostgreSQL keeps running (infra/postgres.sh's cluster is shared; `bash infra/postgres.sh stop`).
#   bash infra/cluster/stop.sh [--quiet] [NAME...]   NAMEs (worker-1, api, …): only those, e.g. to roll one worker
#   CLUSTER_DIR   as for start.sh (default var/cluster);  --quiet: say nothing when nothing runs
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cluster_dir="${CLUSTER_DIR:-$repo_root/var/cluster}"
run_dir="$cluster_dir/run"
quiet=""
if [[ "${1:-}" == --quiet ]]; then quiet=--quiet; shift; fi

# shellcheck source=infra/cluster/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
logs="$cluster_dir/logs"

stop_one() {
  local name="$1" grace="$2" file="$run_dir/$1.pid" pid
  [[ -f "$file" ]] || return 0
  if pid="$(live_pid "$name")"; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + grace))
    while live_pid "$name" >/dev/null && (( SECONDS < deadline )); do sleep 0.5; done
    if live_pid "$name" >/dev/null; then
      log "$name did not stop within $grace s; SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped $name"
  fi
  rm -f "$file"
}

[[ -d "$run_dir" ]] || { [[ "$quiet" == --quiet ]] || log "nothing runs in $cluster_dir"; exit 0; }
if (( $# > 0 )); then
  for name in "$@"; do stop_one "$name" 30; done
  exit 0
fi
for file in "$run_dir"/worker-*.pid; do
  [[ -e "$file" ]] && stop_one "$(basename "$file" .pid)" 30
done
stop_one api 30
stop_one mail-catcher 10
stop_one temporal-ui 10
stop_one temporal-server 60
# What relaunch.sh would need goes with a full stop; a single stopped process keeps it (to be relaunched).
rm -f "$run_dir"/*.cmd "$run_dir"/*.ready
