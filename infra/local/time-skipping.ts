/**
 * Time-skipping test environments backed by Temporal's Java test server from Maven Central
 * (installed by infra/time-skipping/install.sh), because the SDK's own download needs the internet.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const TIME_SKIPPING_LAUNCHER = path.join(REPO_ROOT, 'infra', 'time-skipping', 'test-server');
const INSTALLED_LIBRARIES = path.join(REPO_ROOT, 'var', 'tools', 'test-server', 'lib');

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** TEMPORAL_TEST_SERVER_PATH, else the Maven-installed launcher; undefined means "let the SDK download one". */
export function findTimeSkippingServer(): string | undefined {
  const fromEnv = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (fromEnv) return fromEnv;
  return existsSync(INSTALLED_LIBRARIES) && isExecutable(TIME_SKIPPING_LAUNCHER) ? TIME_SKIPPING_LAUNCHER : undefined;
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const serverPath = findTimeSkippingServer();
  return TestWorkflowEnvironment.createTimeSkipping(
    serverPath ? { server: { executable: { type: 'existing-path', path: serverPath } } } : undefined,
  );
}
