/**
 * Jest global setup of the `cluster` project: starts the production-like cluster once for every cluster test file
 * (infra/cluster/start.sh on its own ports, databases and directory, fresh databases each run). Its output goes to
 * this run's output, so the build and start times are in the CI log.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { TEST_CLUSTER } from '../support/cluster';
import { removeTestPostgres, startTestPostgres, testPostgresAvailable, TEST_POSTGRES_URL } from '../support/postgres';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export default function globalSetup(): void {
  const started = Date.now();
  // A PostgreSQL of the test cluster's own, which a test may stop and start (else infra/postgres.sh's shared one).
  let postgres = {};
  if (testPostgresAvailable()) {
    try {
      removeTestPostgres(); // left over from an interrupted run
    } catch {
      // nothing was running
    }
    startTestPostgres();
    postgres = { CLUSTER_POSTGRES_URL: TEST_POSTGRES_URL };
  }
  const result = spawnSync('bash', [path.join(REPO_ROOT, 'infra', 'cluster', 'start.sh')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...TEST_CLUSTER, ...postgres },
    stdio: ['ignore', 'inherit', 'inherit'],
    // The first run builds the Temporal server (minutes on a busy machine); later runs find it built.
    timeout: 20 * 60_000,
  });
  if (result.status !== 0) {
    spawnSync('bash', [path.join(REPO_ROOT, 'infra', 'cluster', 'stop.sh')], { env: { ...process.env, ...TEST_CLUSTER }, stdio: 'inherit' });
    if (testPostgresAvailable()) removeTestPostgres();
    throw new Error(`infra/cluster/start.sh failed (${result.status ?? result.signal}); logs in ${TEST_CLUSTER.CLUSTER_DIR}/logs`);
  }
  console.log(`cluster started for the tests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
