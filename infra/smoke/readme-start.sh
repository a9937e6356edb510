#!/usr/bin/env bash
# The README's first command, run as a new user would: `npm start` on embedded defaults, wait for the printed URLs,
# register one petition over HTTP, find it with `temporal workflow list`, stop. CI runs this on a fresh clone before
# the Temporal CLI is installed by anything else, so it also proves that `npm start` installs the CLI itself.
# Free ports and a data folder of its own: it does not collide with a system already running.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

log() { echo "[readme-start] $*" >&2; }

work_dir="$(mktemp -d -t petitions-readme-start-XXXXXX)"
start_log="$work_dir/npm-start.log"
export DATA_DIR="$work_dir/data"
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
export PORT="$(free_port)" TEMPORAL_PORT="$(free_port)" TEMPORAL_UI_PORT="$(free_port)" SMTP_CATCHER_PORT="$(free_port)"
export API_TOKEN="readme-start-check-token"
export DAILY_REPORT_SCHEDULE=off
unset DATABASE_URL SMTP_URL TEMPORAL_ADDRESS
start_timeout="${SMOKE_START_TIMEOUT_SECONDS:-600}"

# In a process group of its own, so stopping sends Ctrl-C to npm, tsx and node together, as a terminal does.
setsid npm start >"$start_log" 2>&1 &
start_pid=$!
stop_system() {
  if kill -0 "$start_pid" 2>/dev/null; then
    kill -INT -- "-$start_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$start_pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$start_pid" 2>/dev/null; then
      log "npm start did not stop within 60s of Ctrl-C; killing it"
      kill -KILL -- "-$start_pid" 2>/dev/null || true
    fi
  fi
  return 0
}
fail() {
  log "FAILED: $*"
  log "last lines of npm start:"
  tail -n 40 "$start_log" >&2 || true
  exit 1
}
trap stop_system EXIT

log "npm start (log: $start_log), waiting up to ${start_timeout}s for the printed URLs"
started=$SECONDS
until grep -q "petition system is up" "$start_log"; do
  kill -0 "$start_pid" 2>/dev/null || fail "npm start exited before it printed its URLs"
  (( SECONDS - started < start_timeout )) || fail "no URLs printed within ${start_timeout}s"
  sleep 2
done
log "up after $((SECONDS - started))s:"
sed -n '/petition system is up/,/Ctrl-C/p' "$start_log" >&2

api="http://localhost:$PORT"
auth="authorization: Bearer $API_TOKEN"
response="$(curl -sS -w '\n%{http_code}' "$api/api/petitions" -H "$auth" -H 'content-type: application/json' -d '{
  "channel":"visit","category":"medical_quality","petitioner":{"name":"张伟","email":"zhang@example.cn"},
  "content":"术后伤口感染未及时处理","complainedAbout":["心内科"]}')"
status="${response##*$'\n'}"
body="${response%$'\n'*}"
[[ "$status" == 201 || "$status" == 200 ]] || fail "registering a petition answered $status: $body"
number="$(node -e 'const b = JSON.parse(process.argv[1]); console.log(b.number ?? b.petition?.number ?? "")' "$body")"
[[ -n "$number" ]] || fail "no register number in: $body"
log "registered $number"

temporal_cli="$(bash infra/temporal-cli.sh)"
for _ in $(seq 1 30); do
  if "$temporal_cli" workflow list --address "127.0.0.1:$TEMPORAL_PORT" --query "PetitionNumber=\"$number\"" | grep -q "petition:$number"; then
    log "temporal workflow list shows petition:$number"
    exit 0
  fi
  sleep 2
done
fail "temporal workflow list does not show petition:$number"
