import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { loadSettings } from '../../services/config';
import { createNamespace } from './namespace';
import { useStarted } from './lifecycle';
import { startSystem, type RunningSystem } from '../../services/composition';
import { commandList } from '../../services/petitions/command-catalog';

export interface TestSystem extends RunningSystem {
  /**
   * The bearer token api() sends; pass `authorization: ''` in headers to call without it. A command (a POST or PUT
   * under a petition) names the staff member it acts for, as the API requires: the intake clerk (a leader for the
   * leaders' commands) unless the headers name another; `'x-staff-id': ''` sends it as the bare service (refused).
   */
  apiToken: string;
  api(pathname: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
}

/**
 * The real system for a test file: the Temporal server from the jest global setup (or TEMPORAL_ADDRESS), PostgreSQL
 * when DATABASE_URL is set (else a fresh PGlite directory), a real SMTP catcher, and its own namespace and task queue.
 */
function quietTemporalRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed by an earlier test system in this worker process
  }
}

function withoutEmpty(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== ''));
}

/** Who a command is sent as when the caller names nobody: the intake clerk, or a leader for the leaders' commands. */
const staffBySlug = new Map(commandList.map((command) => [command.slug, command.roles.includes('intake') ? 'intake01' : 'leader-med']));

/** A write under `/api/petitions/<number>/<command>` names a staff member: the bare token may not command. */
function actingFor(method: string, pathname: string): Record<string, string> {
  const slug = /^\/api\/petitions\/[^/?]+\/([^/?]+)/.exec(pathname)?.[1];
  return method !== 'GET' && slug ? { 'x-staff-id': staffBySlug.get(slug) ?? 'intake01' } : {};
}

/**
 * On PostgreSQL every test file gets a database of its own on the CI cluster, so what one file writes (overdue
 * petitions, the day's daily report, register numbers) never changes what another file counts.
 */
async function databaseOfItsOwn(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `petitions_test_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new PgClient({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(admin, name) };
}

/**
 * Drops a test file's database. The application role (CREATEDB, not superuser) may not end a backend of another
 * role, so an autovacuum worker still busy on the database makes FORCE fail for a moment: tried again for a while,
 * and in the end left for the throw-away cluster (cleaning up never fails the file's tests).
 */
async function dropDatabase(admin: (sql: string) => Promise<void>, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      return;
    } catch (error) {
      if (attempt >= 20) {
        console.warn(`test database ${name} left behind: ${(error as Error).message}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

export async function startTestSystem(overrides: Record<string, string> = {}): Promise<TestSystem> {
  quietTemporalRuntime();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'petitions-test-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    SMTP_CATCHER_PORT: '0',
    DATA_DIR: dataDir,
    PGLITE_DIR: path.join(dataDir, 'pglite'),
    TEMPORAL_TASK_QUEUE: `test-${path.basename(dataDir)}`,
    LOG_LEVEL: 'warn',
    API_TOKEN: `test-${randomBytes(16).toString('hex')}`,
    CONSOLE_DEFAULT_PASSWORD: 'test-password-123',
    // Staff mail at any hour: these tests read a reminder's or an escalation's mail when it fires (the quiet hours
    // have tests of their own: test/unit/staff-notice-hours.test.ts, test/integration/mail-outbox.test.ts).
    STAFF_NOTICE_HOURS: 'always',
    ...overrides,
  };
  if (!env.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set: the jest global setup starts a Temporal dev server');
  if (!overrides.TEMPORAL_NAMESPACE) env.TEMPORAL_NAMESPACE = await createNamespace(env.TEMPORAL_ADDRESS);
  const database = env.DATABASE_URL && !overrides.DATABASE_URL ? await databaseOfItsOwn(env.DATABASE_URL) : undefined;
  if (database) env.DATABASE_URL = database.url;
  const system = await startSystem(loadSettings(env));
  const api: TestSystem['api'] = async (pathname, init = {}) => {
    const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
    const response = await fetch(`${system.apiUrl}${pathname}`, {
      method,
      headers: withoutEmpty({ 'content-type': 'application/json', authorization: `Bearer ${env.API_TOKEN}`, ...actingFor(method, pathname), ...init.headers }),
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // non-JSON bodies (HTML pages) are returned as text
    }
    return { status: response.status, body };
  };
  return {
    ...system,
    apiToken: env.API_TOKEN!,
    api,
    stop: async () => {
      await system.stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The test system of one test file, started before its tests and stopped after them; call inside describe(). The
 * returned object stands for the started system (reading it before beforeAll has run throws).
 */
export function useTestSystem(overrides: Record<string, string> = {}): TestSystem {
  const started = useStarted('the test system', () => startTestSystem(overrides), (system) => system.stop());
  return new Proxy({} as TestSystem, { get: (_target, property) => Reflect.get(started(), property) });
}
