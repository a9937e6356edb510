#!/usr/bin/env bash
# Starts one process of the running cluster again with the command and environment infra/cluster/start.sh gave it
# (run/NAME.cmd), and waits until it is ready: after a crash, a kill in a fault test, or to roll a worker onto the
# code now in the checkout. Refuses while that process still runs (stop or kill it first).
#   bash infra/cluster/relaunch.sh temporal-server|api|worker-1|worker-2|mail-catcher|temporal-ui
#   CLUSTER_DIR   as for start.sh (default var/cluster)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cluster_dir="${CLUSTER_DIR:-$repo_root/var/cluster}"
run_dir="$cluster_dir/run"
logs="$cluster_dir/logs"
# shellcheck source=infra/cluster/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

name="${1:?usage: relaunch.sh NAME}"
[[ -f "$run_dir/$name.cmd" ]] || { log "$name was not started by infra/cluster/start.sh in $cluster_dir"; exit 2; }
if live_pid "$name" >/dev/null; then log "$name is still running"; exit 1; fi
cd "$repo_root"
started=$SECONDS
eval "launch $(printf '%q' "$name") $(cat "$run_dir/$name.cmd")"
wait_ready "$name" 300
log "$name ready again after $((SECONDS - started)) s"
