/**
 * Jest global setup: one Temporal dev server for the whole run, unless TEMPORAL_ADDRESS already names one.
 * Jest runs this in its parent process before it forks test workers, so the address set in process.env here is
 * inherited by every worker (and seen directly when tests run in band).
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, startTemporalDevServer } from '../../infra/local/temporal';
import { petitionSearchAttributeTypes } from '../../workflows/search-attributes';
import { setRunningDevServer } from './dev-server-handle';
import { bundleWorkflowsOnce } from './workflow-bundle';

export default async function globalSetup(): Promise<void> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'petitions-jest-temporal-'));
  process.env.WORKFLOW_BUNDLE_PATH ??= await bundleWorkflowsOnce(workDir);
  if (process.env.TEMPORAL_ADDRESS) return;
  const server = await startTemporalDevServer({
    dbFile: path.join(workDir, 'temporal.db'),
    port: await freePort(),
    uiPort: await freePort(),
    searchAttributes: petitionSearchAttributeTypes,
    logFile: path.join(workDir, 'temporal.log'),
  });
  setRunningDevServer(server, workDir);
  process.env.TEMPORAL_ADDRESS = server.address;
  process.env.TEMPORAL_UI_URL = server.uiUrl;
}
