#!/usr/bin/env bash
# Builds the real Temporal server and its SQL schema tool from the Go module proxy (no Docker engine or image
# registry is reachable here), for the production-like cluster of infra/cluster/start.sh. Prints the directory that
# holds `temporal-server`, `temporal-sql-tool` and `module` (the module source: schemas and example configs).
#   bash infra/cluster/install-temporal-server.sh          build once (a stamp makes later runs return at once)
#   bash infra/cluster/install-temporal-server.sh --check  exit 0 when it is built or can be built (Go present)
# The version is pinned and equals the temporalio/server and admin-tools images of docker-compose.yml; change both
# together. The Go build cache (~/.cache/go-build) and module cache make a rebuild in a fresh clone fast.
# Progress goes to stderr; stdout carries only the directory.
set -euo pipefail

TEMPORAL_SERVER_VERSION="v1.32.2"
# v1.32.2 needs Go >= 1.26.10; the go command fetches this toolchain through the module proxy when it is older.
export GOTOOLCHAIN="go1.27.3"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
install_dir="$repo_root/var/tools/temporal-server/$TEMPORAL_SERVER_VERSION"
stamp="$install_dir/.installed"

log() { echo "[temporal-server] $*" >&2; }

if [[ "${1:-}" == "--check" ]]; then
  [[ -f "$stamp" ]] && exit 0
  command -v go >/dev/null
  exit $?
fi

if [[ -f "$stamp" && -x "$install_dir/temporal-server" && -x "$install_dir/temporal-sql-tool" && -d "$install_dir/module" ]]; then
  echo "$install_dir"
  exit 0
fi

command -v go >/dev/null || { log "Go is needed to build the Temporal server (apt-get install golang-go)"; exit 1; }
mkdir -p "$install_dir/bin"
started=$(date +%s)
log "building go.temporal.io/server $TEMPORAL_SERVER_VERSION with $GOTOOLCHAIN (a few minutes on a busy 2-core machine)"
GOBIN="$install_dir/bin" GOFLAGS=-mod=mod go install "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" >&2
GOBIN="$install_dir/bin" GOFLAGS=-mod=mod go install "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION" >&2
mv "$install_dir/bin/server" "$install_dir/temporal-server"
mv "$install_dir/bin/sql" "$install_dir/temporal-sql-tool"
rmdir "$install_dir/bin"
# The schemas and the example configuration come from the module source the build downloaded.
module_dir="$(go env GOMODCACHE)/go.temporal.io/server@$TEMPORAL_SERVER_VERSION"
rm -rf "$install_dir/module"
mkdir -p "$install_dir/module"
cp -r "$module_dir/schema" "$module_dir/config" "$install_dir/module/"
chmod -R u+w "$install_dir/module"
echo "$TEMPORAL_SERVER_VERSION built in $(( $(date +%s) - started )) s on $(date -u +%FT%TZ)" >"$stamp"
log "$(cat "$stamp")"
echo "$install_dir"
