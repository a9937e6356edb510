/** Jest global teardown of the `cluster` project: stops every process of the test cluster (infra/cluster/stop.sh) and removes its PostgreSQL. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { TEST_CLUSTER } from '../support/cluster';
import { removeTestPostgres } from '../support/postgres';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export default function globalTeardown(): void {
  spawnSync('bash', [path.join(REPO_ROOT, 'infra', 'cluster', 'stop.sh')], { env: { ...process.env, ...TEST_CLUSTER }, stdio: 'inherit' });
  removeTestPostgres();
}
