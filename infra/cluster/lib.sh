# Shared by infra/cluster/start.sh, stop.sh and relaunch.sh (sourced; needs run_dir and logs set): how a cluster
# process is started, told ready, found again and stopped, each by the pid and start time recorded at its launch.

log() { echo "[cluster] $*" >&2; }

# launch NAME COMMAND...: starts COMMAND in a session of its own, appending to logs/NAME.log, and records its pid with
# its start time (run/NAME.pid) and the command itself (run/NAME.cmd, for relaunch.sh).
launch() {
  local name="$1"; shift
  printf '%q ' "$@" >"$run_dir/$name.cmd"
  setsid "$@" >>"$logs/$name.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid $(awk '{ print $22 }' "/proc/$pid/stat")" >"$run_dir/$name.pid"
}

# ready_when NAME PROBE...: the command that succeeds once NAME serves (run/NAME.ready).
ready_when() {
  local name="$1"; shift
  printf '%q ' "$@" >"$run_dir/$name.ready"
}

http_ok() { curl -fsS -o /dev/null --max-time 5 "$1"; }

# The recorded pid of NAME when it is still the process that was launched (same start time), else nothing.
live_pid() {
  local file="$run_dir/$1.pid" pid start
  [[ -f "$file" ]] || return 1
  read -r pid start <"$file" || return 1
  [[ -r "/proc/$pid/stat" ]] || return 1
  [[ "$(awk '{ print $22 }' "/proc/$pid/stat" 2>/dev/null)" == "$start" ]] || return 1
  echo "$pid"
}

# wait_ready NAME BOUND: runs NAME's probe until it succeeds; fails with the log's tail when NAME died or BOUND s passed.
wait_ready() {
  local name="$1" bound="$2" probe
  local deadline=$((SECONDS + bound))
  probe="$(cat "$run_dir/$name.ready")"
  until eval "$probe" >/dev/null 2>&1; do
    if ! live_pid "$name" >/dev/null; then tail -n 40 "$logs/$name.log" >&2; log "$name exited before it was ready"; return 1; fi
    if (( SECONDS > deadline )); then tail -n 40 "$logs/$name.log" >&2; log "$name not ready within $bound s"; return 1; fi
    sleep 1
  done
}
