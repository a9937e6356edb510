/** Jest global teardown: stops the dev server that global-setup started (none when TEMPORAL_ADDRESS was given). */
import { rm } from 'node:fs/promises';
import { takeRunningDevServer } from './dev-server-handle';

export default async function globalTeardown(): Promise<void> {
  const started = takeRunningDevServer();
  if (!started) return;
  await started.server.stop();
  await rm(started.workDir, { recursive: true, force: true });
}
