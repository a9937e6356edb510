#!/usr/bin/env bash
# `npm run test:faults-under-load [RUNS]`: the fault tests (test/integration/faults-*.test.ts: worker killed, Temporal
# restarted, PostgreSQL restarted, SMTP down) RUNS times in a row (default 5) while one CPU-burning process per core
# keeps the machine busy, as a developer's machine running CI often is. A fault test that passes only on an idle
# machine fails here. Prints one line per run and exits non-zero when any run failed.
set -uo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
runs="${1:-5}"
results_dir="$repo_root/var/test-results/faults-under-load"
mkdir -p "$results_dir"

burners=()
stop_burners() {
  for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null; done
  if [[ "${started_postgres:-false}" == true ]]; then bash infra/postgres.sh stop || true; fi
}
trap stop_burners EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started_postgres=false
if [[ -z "${DATABASE_URL:-}" ]]; then
  bash infra/postgres.sh status >/dev/null 2>&1 || started_postgres=true
  DATABASE_URL="$(bash infra/postgres.sh start)" || { echo "could not start PostgreSQL" >&2; exit 1; }
  export DATABASE_URL
fi

cores="$(nproc)"
for ((i = 0; i < cores; i++)); do
  node -e 'for (;;) {}' &
  burners+=("$!")
done
echo "faults under load: $cores CPU burners, $runs runs"

failed=0
for ((run = 1; run <= runs; run++)); do
  started=$SECONDS
  NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules" npx jest test/integration/faults- --selectProjects integration \
    --runInBand --json --outputFile="$results_dir/run-$run.json" >"$results_dir/run-$run.log" 2>&1
  status=$?
  summary="$(node -e 'const r = require(process.argv[1]); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$results_dir/run-$run.json" 2>/dev/null || echo 'no results')"
  echo "run $run: $summary in $((SECONDS - started)) s (log: $results_dir/run-$run.log)"
  if (( status != 0 )); then
    failed=$((failed + 1))
    grep -E '^\s+(●|XF-|timed out)' "$results_dir/run-$run.log" | head -20
  fi
done
echo "faults under load: $((runs - failed)) of $runs runs passed"
(( failed == 0 ))
