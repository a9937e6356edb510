#!/usr/bin/env bash
# `npm run cluster`: the production topology of docker-compose.yml on this machine, without Docker. Starts, each as a
# process of its own on 127.0.0.1, and returns once all are ready (printing the URLs and the start time):
#   PostgreSQL        infra/postgres.sh's private cluster (var/postgres); databases <prefix>temporal,
#                     <prefix>temporal_visibility (schemas applied by temporal-sql-tool) and <prefix>petitions
#   Temporal server   built from the Go module proxy (infra/cluster/install-temporal-server.sh), the version of the
#                     compose images, NUM_HISTORY_SHARDS shards, the compose file's dynamic config
#   namespace         `petitions`, created by the compose file's own script; search attributes registered through
#                     the operator service
#   mail relay        the project's SMTP catcher (infra/cluster/mail-catcher.ts), standing in for Mailpit
#   API               services/api.ts
#   workers           services/worker.ts, CLUSTER_WORKERS of them (default 2)
#   Web UI            ui-server, built by infra/cluster/install-temporal-ui.sh (skipped with CLUSTER_UI=off or
#                     when it cannot be built)
# Every petition process gets exactly the variables docker-compose.yml gives its service, read from the compose file
# by infra/ops/compose-env.ts (env -i: nothing leaks from the caller's environment). `bash infra/cluster/stop.sh`
# stops them. Variables of this script:
#   CLUSTER_DIR        state, config, logs and pid files (default var/cluster)
#   CLUSTER_PORT_BASE  every port is this plus a fixed offset (default 17000: Temporal 17233, API 17300, …)
#   CLUSTER_DB_PREFIX  prefix of the three database names (default cluster_)
#   CLUSTER_FRESH=1    drop the cluster's databases first (tests)
#   CLUSTER_WORKERS    number of worker processes (default 2)
#   CLUSTER_UI=off     no Web UI
#   CLUSTER_POSTGRES_URL  postgresql://user:pass@127.0.0.1:port/db of a PostgreSQL to use instead of infra/postgres.sh's
set -euo pipefail

# Fixed when the cluster's databases are created; see the README ("Production-like cluster without Docker").
NUM_HISTORY_SHARDS=4

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
cd "$repo_root"
cluster_dir="${CLUSTER_DIR:-$repo_root/var/cluster}"
base="${CLUSTER_PORT_BASE:-17000}"
prefix="${CLUSTER_DB_PREFIX:-cluster_}"
workers="${CLUSTER_WORKERS:-2}"
namespace="petitions"
task_queue="petitions"
run_dir="$cluster_dir/run"
logs="$cluster_dir/logs"

# shellcheck source=infra/cluster/lib.sh
source "$here/lib.sh"
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
started="$(now)"

# Ports: one block per cluster, so a test cluster (another base) never meets the one started by hand.
temporal_port=$((base + 233)); temporal_http_port=$((base + 243))
history_port=$((base + 234)); matching_port=$((base + 235)); system_worker_port=$((base + 239))
membership_base=$((base + 933)); pprof_port=$((base + 936)); temporal_metrics_port=$((base + 800))
ui_port=$((base + 80)); api_port=$((base + 300)); smtp_port=$((base + 25)); inbox_port=$((base + 825))
temporal_address="127.0.0.1:$temporal_port"

CLUSTER_DIR="$cluster_dir" bash "$here/stop.sh" --quiet
rm -rf "$logs"
mkdir -p "$run_dir" "$logs"

server_dir="$(bash "$here/install-temporal-server.sh")"
temporal_cli="$(bash "$repo_root/infra/temporal-cli.sh")"
node_bin="$(command -v node)"

# --- PostgreSQL and Temporal's schemas ---------------------------------------------------------------------------
# A PostgreSQL of the caller's (CLUSTER_POSTGRES_URL: a user who may create databases), else infra/postgres.sh's.
postgres_url="${CLUSTER_POSTGRES_URL:-}"
[[ -n "$postgres_url" ]] || postgres_url="$(bash "$repo_root/infra/postgres.sh" start)"
pg_user="$(node -e 'console.log(decodeURIComponent(new URL(process.argv[1]).username))' "$postgres_url")"
pg_password="$(node -e 'console.log(decodeURIComponent(new URL(process.argv[1]).password))' "$postgres_url")"
pg_port="$(node -e 'console.log(new URL(process.argv[1]).port)' "$postgres_url")"
sql_tool() {
  "$server_dir/temporal-sql-tool" --plugin postgres12 --ep 127.0.0.1 -p "$pg_port" -u "$pg_user" --pw "$pg_password" "$@"
}
if [[ "${CLUSTER_FRESH:-}" == 1 ]]; then
  for database in temporal temporal_visibility petitions; do
    sql_tool --db "$prefix$database" drop-database --force >>"$logs/schema.log" 2>&1 || true
  done
fi
# As infra/docker/temporal/setup-schema.sh does: create, the 0.0 baseline, then every versioned step still missing.
for pair in "temporal:temporal" "temporal_visibility:visibility"; do
  database="$prefix${pair%%:*}"
  schema="${pair##*:}"
  sql_tool --db "$database" create-database >>"$logs/schema.log" 2>&1 || true
  sql_tool --db "$database" setup-schema -v 0.0 >>"$logs/schema.log" 2>&1 || true
  sql_tool --db "$database" update-schema -d "$server_dir/module/schema/postgresql/v12/$schema/versioned" >>"$logs/schema.log" 2>&1 \
    || { tail -n 20 "$logs/schema.log" >&2; log "schema update of $database failed"; exit 1; }
done
sql_tool --db "${prefix}petitions" create-database >>"$logs/schema.log" 2>&1 || true
database_url="postgresql://$pg_user:$pg_password@127.0.0.1:$pg_port/${prefix}petitions"
log "PostgreSQL and Temporal schemas ready after $(since "$started") s"

# --- Temporal server -----------------------------------------------------------------------------------------------
# The module's development-postgres12.yaml with this cluster's database, ports and shard count; the dynamic config
# is docker-compose.yml's own (infra/docker/temporal/dynamicconfig/production-sql.yaml).
config_dir="$cluster_dir/temporal/config"
mkdir -p "$config_dir/dynamicconfig"
cp "$repo_root/infra/docker/temporal/dynamicconfig/production-sql.yaml" "$config_dir/dynamicconfig/production-sql.yaml"
sed -e "s/numHistoryShards: .*/numHistoryShards: $NUM_HISTORY_SHARDS/" \
  -e "s/databaseName: \"temporal\"/databaseName: \"${prefix}temporal\"/" \
  -e "s/databaseName: \"temporal_visibility\"/databaseName: \"${prefix}temporal_visibility\"/" \
  -e "s/connectAddr: .*/connectAddr: \"127.0.0.1:$pg_port\"/" \
  -e "s/user: \"temporal\"/user: \"$pg_user\"/" \
  -e "s/password: \"temporal\"/password: \"$pg_password\"/" \
  -e "s/grpcPort: 7233/grpcPort: $temporal_port/" -e "s/httpPort: 7243/httpPort: $temporal_http_port/" \
  -e "s/grpcPort: 7234/grpcPort: $history_port/" -e "s/grpcPort: 7235/grpcPort: $matching_port/" \
  -e "s/grpcPort: 7239/grpcPort: $system_worker_port/" \
  -e "s/membershipPort: 6933/membershipPort: $membership_base/" -e "s/membershipPort: 6934/membershipPort: $((membership_base + 1))/" \
  -e "s/membershipPort: 6935/membershipPort: $((membership_base + 2))/" -e "s/membershipPort: 6939/membershipPort: $((membership_base + 6))/" \
  -e "s/port: 7936/port: $pprof_port/" -e "s/listenAddress: \"127.0.0.1:8000\"/listenAddress: \"127.0.0.1:$temporal_metrics_port\"/" \
  -e "s/rpcAddress: \"localhost:7233\"/rpcAddress: \"$temporal_address\"/" \
  -e "s|filepath: \"config/dynamicconfig/development-sql.yaml\"|filepath: \"$config_dir/dynamicconfig/production-sql.yaml\"|" \
  -e "s|file:///tmp/temporal_archival/development|file://$cluster_dir/temporal/archival|" \
  -e "s|file:///tmp/temporal_vis_archival/development|file://$cluster_dir/temporal/vis-archival|" \
  "$server_dir/module/config/development-postgres12.yaml" >"$config_dir/development.yaml"
# Every default port must have been replaced: a miss would collide with `npm start`'s dev server.
if grep -nwE '(7233|7234|7235|7239|7243|693[3-9]|7936|8000|5432|"temporal")' "$config_dir/development.yaml" >&2; then
  log "the module's example configuration changed; update the substitutions above"
  exit 1
fi


launch temporal-server "$server_dir/temporal-server" --config-file "$config_dir/development.yaml" --allow-no-auth start
ready_when temporal-server "$temporal_cli" operator cluster health --address "$temporal_address"
wait_ready temporal-server 300 || exit 1
log "Temporal server serving after $(since "$started") s"

# --- namespace and search attributes -------------------------------------------------------------------------------
PATH="$(dirname "$temporal_cli"):$PATH" TEMPORAL_ADDRESS="$temporal_address" TEMPORAL_NAMESPACE="$namespace" TEMPORAL_RETENTION=30d \
  timeout 180 sh "$repo_root/infra/docker/temporal/create-namespace.sh" >>"$logs/namespace.log" 2>&1 \
  || { tail -n 20 "$logs/namespace.log" >&2; log "creating the namespace failed"; exit 1; }
TEMPORAL_ADDRESS="$temporal_address" TEMPORAL_NAMESPACE="$namespace" \
  "$node_bin" --import tsx "$here/register-search-attributes.ts" >>"$logs/namespace.log" 2>&1 \
  || { tail -n 20 "$logs/namespace.log" >&2; log "registering search attributes failed"; exit 1; }
log "namespace $namespace with search attributes after $(since "$started") s"

# --- mail relay, Web UI --------------------------------------------------------------------------------------------
launch mail-catcher "$node_bin" --import tsx "$here/mail-catcher.ts" "$smtp_port" "$inbox_port"
ready_when mail-catcher http_ok "http://127.0.0.1:$inbox_port/api/messages"
ui_url=""
ui_binary=""
if [[ "${CLUSTER_UI:-on}" != off ]]; then
  ui_binary="$(bash "$here/install-temporal-ui.sh")" || { log "the Temporal UI server could not be built; going on without it"; ui_binary=""; }
fi
if [[ -n "$ui_binary" ]]; then
  # The UI server's own environment variables, as docker-compose.yml's temporal-ui service sets them.
  launch temporal-ui env -i PATH="$PATH" HOME="${HOME:-/tmp}" TEMPORAL_ADDRESS="$temporal_address" \
    TEMPORAL_DEFAULT_NAMESPACE="$namespace" TEMPORAL_CORS_ORIGINS="http://127.0.0.1:$api_port" \
    TEMPORAL_UI_PORT="$ui_port" "$ui_binary" --root "$server_dir" --config ui-config --env docker start
  ui_url="http://127.0.0.1:$ui_port"
  ready_when temporal-ui http_ok "$ui_url"
fi

# --- secrets (kept across restarts: links already mailed must stay valid) ------------------------------------------
secrets="$cluster_dir/secrets.env"
if [[ ! -f "$secrets" ]]; then
  umask 077
  { echo "LINK_SIGNING_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    echo "API_TOKEN=cluster-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"; } >"$secrets"
fi
# shellcheck disable=SC1090
source "$secrets"

# --- the petition processes ----------------------------------------------------------------------------------------
# Built ahead as in the Dockerfile (WORKFLOW_BUNDLE_PATH), so every worker runs byte-identical workflow code.
"$node_bin" --import tsx "$repo_root/infra/ops/build-workflow-bundle.ts" "$cluster_dir/workflow-bundle.js" >>"$logs/bundle.log" 2>&1 \
  || { tail -n 20 "$logs/bundle.log" >&2; log "bundling the workflows failed"; exit 1; }

api_url="http://127.0.0.1:$api_port"
# Each process gets the environment docker-compose.yml (and the Dockerfile's ENV) gives its service, read from the
# compose file itself (infra/ops/compose-env.ts), with this machine's addresses in place of the service names; the
# compose file's interpolation sees only the secrets, LOG_LEVEL and STAFF_NOTICE_HOURS, nothing else of the caller's
# environment.
compose_env() {
  local service="$1"; shift
  env -i PATH="$PATH" LINK_SIGNING_KEY="$LINK_SIGNING_KEY" API_TOKEN="$API_TOKEN" LOG_LEVEL="${LOG_LEVEL:-info}" \
    STAFF_NOTICE_HOURS="${STAFF_NOTICE_HOURS:-}" \
    "$node_bin" --import tsx "$repo_root/infra/ops/compose-env.ts" "$service" \
    DATABASE_URL="$database_url" TEMPORAL_ADDRESS="$temporal_address" PUBLIC_BASE_URL="$api_url" \
    HOSPITAL_CONFIG="$repo_root/config/hospital.json" HOST=127.0.0.1 "$@"
}
mapfile -d '' api_env < <(compose_env api PORT="$api_port" TEMPORAL_UI_URL="${ui_url:-http://127.0.0.1:$ui_port}")
(( ${#api_env[@]} > 0 )) || { log "could not read the api service's environment from docker-compose.yml"; exit 1; }
launch api env -i PATH="$PATH" HOME="${HOME:-/tmp}" "${api_env[@]}" "$node_bin" --import tsx services/api.ts
ready_when api http_ok "$api_url/readyz"
wait_ready mail-catcher 120 || exit 1
wait_ready api 300 || exit 1
log "API ready after $(since "$started") s"

worker_urls=()
for ((i = 1; i <= workers; i++)); do
  mapfile -d '' worker_env < <(compose_env worker SMTP_URL="smtp://127.0.0.1:$smtp_port" METRICS_PORT=$((base + 100 + i)) \
    WORKER_METRICS_BIND="127.0.0.1:$((base + 463 + i))" WORKFLOW_BUNDLE_PATH="$cluster_dir/workflow-bundle.js")
  (( ${#worker_env[@]} > 0 )) || { log "could not read the worker service's environment from docker-compose.yml"; exit 1; }
  launch "worker-$i" env -i PATH="$PATH" HOME="${HOME:-/tmp}" "${worker_env[@]}" "$node_bin" --import tsx services/worker.ts
  worker_urls+=("http://127.0.0.1:$((base + 100 + i))")
  ready_when "worker-$i" http_ok "http://127.0.0.1:$((base + 100 + i))/readyz"
done
for ((i = 1; i <= workers; i++)); do wait_ready "worker-$i" 300 || exit 1; done
if [[ -n "$ui_url" ]]; then wait_ready temporal-ui 120 || exit 1; fi
start_seconds="$(since "$started")"

# What tests and tools need to reach this cluster.
{
  echo "CLUSTER_API_URL=$api_url"
  echo "CLUSTER_API_TOKEN=$API_TOKEN"
  echo "CLUSTER_TEMPORAL_ADDRESS=$temporal_address"
  echo "CLUSTER_NAMESPACE=$namespace"
  echo "CLUSTER_INBOX_URL=http://127.0.0.1:$inbox_port"
  echo "CLUSTER_UI_URL=$ui_url"
  echo "CLUSTER_TEMPORAL_CLI=$temporal_cli"
  echo "CLUSTER_WORKER_URLS=${worker_urls[*]}"
  echo "CLUSTER_SHARDS=$NUM_HISTORY_SHARDS"
  echo "CLUSTER_START_SECONDS=$start_seconds"
} >"$cluster_dir/cluster.env"

cat <<EOF
production-like cluster is up in $start_seconds s (Temporal server $(basename "$server_dir"), $NUM_HISTORY_SHARDS history shards, $workers workers)
  API / 控制台:      $api_url          (Authorization: Bearer \$(grep API_TOKEN $secrets | cut -d= -f2))
  Temporal:          $temporal_address  (namespace $namespace; $temporal_cli workflow list --address $temporal_address --namespace $namespace)
  Temporal UI:       ${ui_url:-none (CLUSTER_UI=off, or ui-server could not be built)}
  mail inbox:        http://127.0.0.1:$inbox_port/  (SMTP 127.0.0.1:$smtp_port)
  workers:           ${worker_urls[*]}  (/readyz, /metrics)
  PostgreSQL:        127.0.0.1:$pg_port  (${prefix}petitions, ${prefix}temporal, ${prefix}temporal_visibility)
  logs:              $logs
stop: bash infra/cluster/stop.sh
EOF
