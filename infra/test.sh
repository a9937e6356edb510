#!/usr/bin/env bash
# `npm test`: every jest project against a real PostgreSQL where one can be had, then the quick integration tests
# again on PGlite (DATABASE_URL unset) so both database paths stay covered, then the production-like cluster's tests
# (test/cluster) where Go can build the Temporal server. Extra arguments go to the first run.
set -uo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
results_dir="$repo_root/var/test-results"
mkdir -p "$results_dir"

have_postgres_binaries() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null
}

started_postgres=false
stop_postgres() {
  if [[ "$started_postgres" == true ]]; then bash infra/postgres.sh stop || true; fi
}
trap stop_postgres EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -z "${DATABASE_URL:-}" ]] && { [[ "${CI:-}" == true ]] || have_postgres_binaries; }; then
  bash infra/postgres.sh status || started_postgres=true
  DATABASE_URL="$(bash infra/postgres.sh start)" || { echo "could not start PostgreSQL" >&2; exit 1; }
  export DATABASE_URL
  echo "DATABASE_URL=$DATABASE_URL"
fi

# One line per run, then the total as the closing line: "tests: N passed, N failed, N skipped".
summarize() {
  node -e '
    const totals = { passed: 0, failed: 0, skipped: 0 };
    for (const file of process.argv.slice(1)) {
      const label = require("node:path").basename(file, ".json");
      let r;
      try { r = require(file); } catch { console.log(`${label}: no results (jest did not finish)`); continue; }
      // A suite that fails to load runs no test, yet it is a failure.
      const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
      const run = { passed: r.numPassedTests, failed, skipped: r.numPendingTests + r.numTodoTests };
      console.log(`${label}: ${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped`);
      for (const key of Object.keys(totals)) totals[key] += run[key];
    }
    console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  ' "$@"
}

# The time-skipping tests run Temporal's Java test server; the SDK would download it from the internet, so it is
# installed from Maven Central here (a stamp makes a repeated run return at once): `npm install && npm test` is all
# the set-up the README asks for.
if command -v mvn >/dev/null; then
  bash infra/time-skipping/install.sh || echo "could not install the time-skipping test server (infra/time-skipping/install.sh)" >&2
fi

rm -f "$results_dir"/*.json
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules" npx jest "$@" --selectProjects unit integration timeskip browser \
  --json --outputFile="$results_dir/all.json"
all_status=$?

env -u DATABASE_URL NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules" npx jest --selectProjects integration --testPathPatterns quick --passWithNoTests \
  --json --outputFile="$results_dir/quick-pglite.json"
quick_status=$?

# The production-like cluster (infra/cluster/start.sh: Temporal server built from the Go module proxy, on PostgreSQL,
# split API and two workers) whenever it can be built here; in CI it must run. One file at a time: one test kills a
# worker of the shared cluster.
results=("$results_dir/all.json" "$results_dir/quick-pglite.json")
cluster_status=0
if bash infra/cluster/install-temporal-server.sh --check; then
  NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules" npx jest --selectProjects cluster --runInBand \
    --json --outputFile="$results_dir/cluster.json"
  cluster_status=$?
  results+=("$results_dir/cluster.json")
elif [[ "${CI:-}" == true ]]; then
  echo "cluster tests: no Go to build the Temporal server (infra/cluster/install-temporal-server.sh)" >&2
  cluster_status=1
else
  echo "SKIPPED cluster tests: no Go to build the Temporal server" >&2
fi

summarize "${results[@]}"
if (( all_status != 0 )); then exit "$all_status"; fi
if (( quick_status != 0 )); then exit "$quick_status"; fi
exit "$cluster_status"
