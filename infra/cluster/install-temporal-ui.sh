#!/usr/bin/env bash
# Builds the Temporal Web UI server (github.com/temporalio/ui-server/v2, the module behind the temporalio/ui image of
# docker-compose.yml, same version) from the Go module proxy into the Temporal server's tool directory, where
# infra/cluster/start.sh finds it. Optional: the cluster runs without it. The module ships the built UI (and 1 GB of
# source maps, left out of the copy that is compiled, so the binary embeds the UI only). A stamp makes later runs
# return at once. Progress on stderr; stdout: the binary.
set -euo pipefail

TEMPORAL_UI_VERSION="v2.49.1"
export GOTOOLCHAIN="go1.27.3"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
server_dir="$(bash "$here/install-temporal-server.sh")"
binary="$server_dir/temporal-ui-server"
stamp="$server_dir/.ui-installed"
log() { echo "[temporal-ui] $*" >&2; }

if [[ -f "$stamp" && -x "$binary" ]]; then echo "$binary"; exit 0; fi
command -v go >/dev/null || { log "Go is needed to build the Temporal UI server"; exit 1; }
started=$(date +%s)
log "building github.com/temporalio/ui-server/v2 $TEMPORAL_UI_VERSION"
module_dir="$(cd /tmp && go mod download -json "github.com/temporalio/ui-server/v2@$TEMPORAL_UI_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
[[ -d "$module_dir" ]] || { log "could not download the module"; exit 1; }
source_dir="$server_dir/ui-source"
rm -rf "$source_dir"
mkdir -p "$source_dir"
# Everything but the source maps.
tar -C "$module_dir" --exclude='*.map' -cf - . | tar -C "$source_dir" -xf -
chmod -R u+w "$source_dir"
(cd "$source_dir" && GOFLAGS=-mod=mod go build -o "$binary" ./cmd/server) >&2
# The image's environment-templated configuration (the variables docker-compose.yml sets), listening on loopback.
rm -rf "$server_dir/ui-config"
mkdir -p "$server_dir/ui-config"
# (The first line, "# enable-template", must stay first.)
{ head -n 1 "$source_dir/config/docker.yaml"; echo "host: 127.0.0.1"; tail -n +2 "$source_dir/config/docker.yaml" | grep -v '^host:'; } \
  >"$server_dir/ui-config/docker.yaml"
rm -rf "$source_dir"
echo "$TEMPORAL_UI_VERSION built in $(( $(date +%s) - started )) s on $(date -u +%FT%TZ)" >"$stamp"
log "$(cat "$stamp")"
echo "$binary"
