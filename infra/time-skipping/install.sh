#!/usr/bin/env bash
# Installs Temporal's Java time-skipping test server (from Maven Central) into var/tools/test-server/lib,
# for infra/time-skipping/test-server to run. A stamp of pom.xml makes a repeated run return at once.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
install_dir="$repo_root/var/tools/test-server"
lib_dir="$install_dir/lib"
stamp_file="$install_dir/installed-from.sha256"

log() { echo "[time-skipping] $*" >&2; }

pom_digest="$(sha256sum "$here/pom.xml" | cut -d' ' -f1)"
is_installed() { [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$pom_digest" && -d "$lib_dir" ]]; }

if is_installed; then
  exit 0
fi

command -v mvn >/dev/null || { log "mvn is not installed (apt-get install maven)"; exit 1; }
mkdir -p "$install_dir"
exec 9>"$install_dir/.install.lock"
flock 9
if is_installed; then
  exit 0
fi

started=$SECONDS
staging="$install_dir/lib.partial.$$"
rm -rf "$staging"
trap 'rm -rf "$staging"' EXIT
log "resolving io.temporal:temporal-test-server with Maven"
maven_log="$install_dir/mvn.log"
if ! mvn --batch-mode --file "$here/pom.xml" \
  dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$staging" >"$maven_log" 2>&1; then
  tail -n 40 "$maven_log" >&2
  log "Maven failed; full log in $maven_log"
  exit 1
fi
rm -rf "$lib_dir"
mv "$staging" "$lib_dir"
echo "$pom_digest" > "$stamp_file"
log "installed $(ls "$lib_dir" | wc -l) jars into $lib_dir in $((SECONDS - started))s"
