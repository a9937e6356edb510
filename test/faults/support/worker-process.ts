/**
 * A petition back end in a process of its own, so fault tests can kill it with SIGKILL and start it again: the
 * Temporal worker with its activities, the HTTP API and the record store client, exactly as services/composition.ts
 * builds them. The API lives here too because an embedded PGlite database can be open in one process only.
 * Temporal (TEMPORAL_ADDRESS) and SMTP (SMTP_URL) are the test's own servers. Prints "READY <apiUrl>" when up.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadSettings } from '../../../services/config';
import { startSystem } from '../../../services/composition';

async function main(): Promise<void> {
  if (!process.env.TEMPORAL_ADDRESS || !process.env.SMTP_URL) throw new Error('TEMPORAL_ADDRESS and SMTP_URL must name the test servers');
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // the system installed its own runtime first
  }
  const system = await startSystem(loadSettings(process.env));
  process.stdout.write(`READY ${system.apiUrl}\n`);
  const stop = () => void system.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('worker process failed to start:', error);
  process.exit(1);
});
