/**
 * Hands the dev server from jest's global setup to its global teardown. Both run in jest's parent process but are
 * loaded through separate module registries, so the handle lives on globalThis rather than in a module variable.
 */
import type { RunningTemporalDevServer } from '../../infra/local/temporal';

interface StartedDevServer {
  server: RunningTemporalDevServer;
  workDir: string;
}

const HANDLE_KEY = Symbol.for('hospital-petitions.jest.temporal-dev-server');
type GlobalWithHandle = typeof globalThis & { [HANDLE_KEY]?: StartedDevServer };

export function setRunningDevServer(server: RunningTemporalDevServer, workDir: string): void {
  (globalThis as GlobalWithHandle)[HANDLE_KEY] = { server, workDir };
}

export function takeRunningDevServer(): StartedDevServer | undefined {
  const holder = globalThis as GlobalWithHandle;
  const started = holder[HANDLE_KEY];
  delete holder[HANDLE_KEY];
  return started;
}
