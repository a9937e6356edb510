#!/usr/bin/env bash
# A private PostgreSQL cluster for tests and CI, in var/postgres, listening on 127.0.0.1 only.
#   infra/postgres.sh start   installs PostgreSQL if missing, starts the cluster, prints DATABASE_URL
#   infra/postgres.sh stop    stops it
#   infra/postgres.sh url     prints DATABASE_URL
#   infra/postgres.sh status  exits 0 when running
# Every command is safe to repeat. Port: $PGPORT (default 55432, or a free one when that is taken); the running
# cluster's own port wins for `url`.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${PGPORT:-55432}"
app_user="petitions"
app_password="petitions"
database="petitions"

log() { echo "[postgres] $*" >&2; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

is_root() { [[ "$(id -u)" == 0 ]]; }

as_root() {
  if is_root; then "$@"
  elif command -v sudo >/dev/null; then sudo -n "$@"
  else log "need root (or sudo) to run: $*"; return 1
  fi
}

# initdb refuses to run as root, so as root the cluster belongs to the `postgres` OS user.
as_cluster_owner() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Newest installed major version, or the one that made an existing cluster.
find_bin_dir() {
  local wanted="${1:-}"
  if [[ -n "$wanted" && -x "/usr/lib/postgresql/$wanted/bin/initdb" ]]; then
    echo "/usr/lib/postgresql/$wanted/bin"; return 0
  fi
  local newest
  newest="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$newest" && -x "$newest/initdb" ]]; then echo "$newest"; return 0; fi
  if command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/initdb" ]]; then pg_config --bindir; return 0; fi
  if command -v initdb >/dev/null; then dirname "$(readlink -f "$(command -v initdb)")"; return 0; fi
  return 1
}

install_postgres() {
  log "no PostgreSQL binaries found; installing the Debian package"
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
}

# The cluster owner must be able to reach the data directory; a checkout under a private home cannot be reached,
# so such a checkout keeps its cluster in /tmp instead.
choose_base_dir() {
  local preferred="$repo_root/var/postgres"
  if ! is_root || ! id postgres >/dev/null 2>&1; then echo "$preferred"; return; fi
  mkdir -p "$preferred"
  chown postgres: "$preferred"
  if runuser -u postgres -- test -w "$preferred"; then echo "$preferred"; return; fi
  local fallback
  fallback="/tmp/petitions-postgres-$(echo -n "$repo_root" | sha256sum | cut -c1-12)"
  mkdir -p "$fallback" && chown postgres: "$fallback" && chmod 700 "$fallback"
  log "postgres cannot write $preferred; using $fallback"
  echo "$fallback"
}

ensure_cluster_owner() {
  is_root || return 0
  id postgres >/dev/null 2>&1 && return 0
  useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
}

base_dir=""
data_dir=""
set_dirs() {
  base_dir="$(choose_base_dir)"
  data_dir="$base_dir/data"
}

running_port() { sed -n 4p "$data_dir/postmaster.pid" 2>/dev/null; }

is_running() {
  local bin_dir
  [[ -f "$data_dir/PG_VERSION" ]] || return 1
  bin_dir="$(find_bin_dir "$(cat "$data_dir/PG_VERSION")")" || return 1
  as_cluster_owner "$bin_dir/pg_ctl" status -D "$data_dir" >/dev/null 2>&1
}

database_url() {
  local actual_port
  actual_port="$(running_port)"
  echo "postgresql://$app_user:$app_password@127.0.0.1:${actual_port:-$port}/$database"
}

init_cluster() {
  local bin_dir="$1"
  [[ -f "$data_dir/PG_VERSION" ]] && return 0
  log "initdb $data_dir"
  rm -rf "$data_dir"
  as_cluster_owner mkdir -p "$data_dir"
  as_cluster_owner "$bin_dir/initdb" --pgdata="$data_dir" --username=postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$base_dir/initdb.log" 2>&1 \
    || { cat "$base_dir/initdb.log" >&2; return 1; }
}

psql_admin() {
  local bin_dir="$1"; shift
  as_cluster_owner "$bin_dir/psql" --no-psqlrc --quiet --tuples-only --no-align -v ON_ERROR_STOP=1 \
    --host="$base_dir/run" --port="$(running_port)" --username=postgres --dbname=postgres "$@"
}

ensure_app_database() {
  local bin_dir="$1"
  psql_admin "$bin_dir" <<SQL
SELECT 'CREATE ROLE $app_user LOGIN CREATEDB' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$app_user')\gexec
ALTER ROLE $app_user WITH LOGIN CREATEDB PASSWORD '$app_password';
SELECT 'CREATE DATABASE $database OWNER $app_user' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$database')\gexec
SQL
}

start() {
  local bin_dir
  bin_dir="$(find_bin_dir)" || { install_postgres; bin_dir="$(find_bin_dir)"; }
  ensure_cluster_owner
  set_dirs
  if [[ -f "$data_dir/PG_VERSION" ]]; then bin_dir="$(find_bin_dir "$(cat "$data_dir/PG_VERSION")")"; fi
  init_cluster "$bin_dir"
  if ! is_running; then
    # Another checkout's cluster (or anything else) on the default port must not stop this one: take a free port.
    if [[ -z "${PGPORT:-}" ]] && port_in_use "$port"; then
      local taken="$port"
      port="$(free_port)"
      log "127.0.0.1:$taken is in use; using port $port"
    fi
    as_cluster_owner mkdir -p "$base_dir/run"
    # fsync=off: a throwaway test cluster gains speed and loses nothing it needs to keep.
    log "starting PostgreSQL $(cat "$data_dir/PG_VERSION") on 127.0.0.1:$port"
    as_cluster_owner "$bin_dir/pg_ctl" start --pgdata="$data_dir" --log="$base_dir/server.log" --wait --timeout=60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$base_dir/run' -c fsync=off" \
      >/dev/null || { tail -n 30 "$base_dir/server.log" >&2; return 1; }
  fi
  ensure_app_database "$bin_dir"
  database_url
}

stop() {
  set_dirs
  is_running || return 0
  local bin_dir
  bin_dir="$(find_bin_dir "$(cat "$data_dir/PG_VERSION")")"
  as_cluster_owner "$bin_dir/pg_ctl" stop --pgdata="$data_dir" --mode=fast --wait >/dev/null
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) set_dirs; database_url ;;
  status) set_dirs; is_running ;;
  *) echo "usage: $0 start|stop|url|status" >&2; exit 2 ;;
esac
