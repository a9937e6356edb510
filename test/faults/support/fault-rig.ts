/**
 * Real servers a fault test can break: its own Temporal dev server (SQLite file, restartable on the same port), its
 * own SMTP catcher (restartable on the same port), its own database (a private PostgreSQL cluster when
 * DATABASE_URL is set, else PGlite inside the worker process) and the petition back end in a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startTemporalDevServer, type RunningTemporalDevServer } from '../../../infra/local/temporal';
import { startMailCatcher, type CaughtMessage, type MailCatcher } from '../../../services/mail/catcher';
import { petitionSearchAttributeTypes } from '../../../workflows/search-attributes';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from './private-postgres';
import { useStarted } from '../../support/lifecycle';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const WORKER_ENTRY = path.join(__dirname, 'worker-process.ts');

export interface ApiAnswer {
  status: number;
  body: any;
}

export interface FaultRig {
  /** Present on PostgreSQL: the cluster the test may stop and start. */
  postgres?: PrivatePostgres;
  api(pathname: string, body?: unknown): Promise<ApiAnswer>;
  /** Every mail received by any incarnation of the catcher, oldest first. */
  mail(): CaughtMessage[];
  killWorker(): Promise<void>;
  /**
   * SIGKILLs the worker when the catcher has received the first mail matching `predicate` and before it tells the
   * worker so: the send happened, the record of it did not. Resolves with that mail once the worker is dead.
   */
  killWorkerOnMail(predicate: (message: CaughtMessage) => boolean): Promise<CaughtMessage>;
  startWorker(): Promise<void>;
  stopTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  stopSmtp(): Promise<void>;
  startSmtp(): Promise<void>;
  close(): Promise<void>;
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startFaultRig(): Promise<FaultRig> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'petitions-fault-'));
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const step of cleanups.reverse()) await step().catch((error: unknown) => console.error('fault rig cleanup:', error));
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const postgres = privatePostgresUnavailable() ? undefined : await startPrivatePostgres();
    if (postgres) cleanups.push(() => postgres.destroy());

    const temporalOptions = {
      dbFile: path.join(workDir, 'temporal.db'),
      port: await freePort(),
      uiPort: await freePort(),
      searchAttributes: petitionSearchAttributeTypes,
      logFile: path.join(workDir, 'temporal.log'),
    };
    let temporal: RunningTemporalDevServer | undefined = await startTemporalDevServer(temporalOptions);
    cleanups.push(async () => temporal?.stop());

    const earlierMail: CaughtMessage[] = [];
    let killOnMail: { predicate: (message: CaughtMessage) => boolean; killed(message: CaughtMessage): void } | undefined;
    const beforeAccepting = async (message: CaughtMessage) => {
      if (!killOnMail?.predicate(message)) return;
      const { killed } = killOnMail;
      killOnMail = undefined;
      await killWorker();
      killed(message);
    };
    let catcher: MailCatcher | undefined = await startMailCatcher({ beforeAccepting });
    const smtpUrl = catcher.smtpUrl;
    const smtpPort = Number(new URL(smtpUrl).port);
    cleanups.push(async () => catcher?.stop());

    const apiPort = await freePort();
    const apiToken = `fault-${randomBytes(16).toString('hex')}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: temporal.address,
      SMTP_URL: smtpUrl,
      PORT: String(apiPort),
      DATA_DIR: workDir,
      PGLITE_DIR: path.join(workDir, 'pglite'),
      TEMPORAL_TASK_QUEUE: `fault-${path.basename(workDir)}`,
      API_TOKEN: apiToken,
      CONSOLE_DEFAULT_PASSWORD: 'fault-password-123',
      LOG_LEVEL: 'error',
      RATE_LIMIT_API_PER_MINUTE: '100000',
      // A killed worker's claimed notices are taken over after this (production: 2 minutes).
      MAIL_CLAIM_SECONDS: '5',
      // Staff mail at any hour: these tests read a reminder's or an escalation's mail when it fires (the quiet hours
      // have tests of their own: test/unit/staff-notice-hours.test.ts, test/integration/mail-outbox.test.ts).
      STAFF_NOTICE_HOURS: 'always',
    };
    if (postgres) env.DATABASE_URL = postgres.url;
    else delete env.DATABASE_URL;

    let worker: ChildProcess | undefined;
    const startWorker = async () => {
      // One node process with tsx's loader (not the tsx CLI, which forks): SIGKILL must hit the worker itself.
      const child = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY], { env, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      worker = child;
      let output = '';
      child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker process not ready within 90 s\n${output}`)), 90_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('READY ')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`worker process exited (${code ?? signal}) before it was ready\n${output}`));
        });
      });
    };
    const killWorker = async () => {
      if (!worker) return;
      worker.kill('SIGKILL');
      await exitOf(worker);
      worker = undefined;
    };
    await startWorker();
    cleanups.push(async () => {
      if (!worker) return;
      worker.kill('SIGTERM');
      const stopped = await Promise.race([exitOf(worker).then(() => true), new Promise((r) => setTimeout(() => r(false), 15_000).unref())]);
      if (!stopped) await killWorker();
    });

    const apiUrl = `http://127.0.0.1:${apiPort}`;
    return {
      postgres,
      async api(pathname, body) {
        const response = await fetch(`${apiUrl}${pathname}`, {
          method: body === undefined ? 'GET' : 'POST',
          // A token call names the staff member it acts for: commands by the bare service are refused.
          headers: { 'content-type': 'application/json', authorization: `Bearer ${apiToken}`, 'x-staff-id': 'intake01' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        try {
          return { status: response.status, body: JSON.parse(text) };
        } catch {
          return { status: response.status, body: text };
        }
      },
      mail: () => [...earlierMail, ...(catcher?.messages() ?? [])],
      killWorker,
      killWorkerOnMail: (predicate) => new Promise((killed) => (killOnMail = { predicate, killed })),
      startWorker,
      async stopTemporal() {
        await temporal?.stop();
        temporal = undefined;
      },
      async startTemporal() {
        temporal = await startTemporalDevServer(temporalOptions);
      },
      async stopSmtp() {
        if (!catcher) return;
        earlierMail.push(...catcher.messages());
        await catcher.stop();
        catcher = undefined;
      },
      async startSmtp() {
        catcher = await startMailCatcher({ smtpPort, beforeAccepting });
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** One rig per fault test file, started before its tests and closed after them; call inside describe(). */
export function useFaultRig(): () => FaultRig {
  return useStarted('the fault rig', startFaultRig, (rig) => rig.close());
}
