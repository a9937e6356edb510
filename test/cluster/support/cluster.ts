/**
 * The production-like cluster the `cluster` jest project runs against (started once by test/cluster/setup/global-setup.ts
 * with infra/cluster/start.sh): its API over HTTP with the cluster's token, its mail relay's inbox, its worker
 * processes (killed by the pid start.sh recorded) and the Temporal CLI on its visibility store.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CaughtMessage } from '../../../services/mail/catcher';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** A cluster of its own for tests: other ports and databases than `npm run cluster`'s. */
export const TEST_CLUSTER = {
  CLUSTER_DIR: path.join(REPO_ROOT, 'var', 'cluster-test'),
  CLUSTER_PORT_BASE: '27000',
  CLUSTER_DB_PREFIX: 'cluster_test_',
  CLUSTER_FRESH: '1',
  CLUSTER_WORKERS: '2',
  LOG_LEVEL: 'warn',
  // The tests read escalation mails when the deadline fires, at whatever hour CI runs.
  STAFF_NOTICE_HOURS: 'always',
};

export interface ApiAnswer {
  status: number;
  body: any;
}

export interface Cluster {
  env: Record<string, string>;
  api(pathname: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  mail(): Promise<CaughtMessage[]>;
  /** The pid of worker-<n> (1-based), as start.sh recorded it; the SDK's worker identity is `<pid>@<host>`. */
  workerPid(n: number): number;
  /** SIGKILL worker-<n>; resolves once the process is gone. */
  killWorker(n: number): Promise<void>;
  /** SIGKILL a process of the cluster by the name start.sh gave it (temporal-server, api, worker-1, …). */
  kill(name: string): Promise<void>;
  /** Starts it again as start.sh did (infra/cluster/relaunch.sh) and resolves once it is ready. */
  relaunch(name: string): Promise<void>;
  /** Stops it gracefully (SIGTERM: a worker finishes its tasks) with infra/cluster/stop.sh. */
  stop(name: string): Promise<void>;
  /** The identity of the worker that ran the workflow's latest workflow task. */
  lastWorkflowTaskIdentity(workflowId: string): Promise<string | undefined>;
  workerReady(n: number): Promise<boolean>;
  /** Runs the Temporal CLI against the cluster (address and namespace added) and returns stdout. */
  temporal(args: string[]): Promise<string>;
}

function readEnvFile(file: string): Record<string, string> {
  const entries = readFileSync(file, 'utf8').split('\n').filter((line) => line.includes('='));
  return Object.fromEntries(entries.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

const run = promisify(execFile);

export function testCluster(): Cluster {
  const env = readEnvFile(path.join(TEST_CLUSTER.CLUSTER_DIR, 'cluster.env'));
  const workerUrls = env.CLUSTER_WORKER_URLS.split(' ');
  const pidOf = (name: string) => Number(readFileSync(path.join(TEST_CLUSTER.CLUSTER_DIR, 'run', `${name}.pid`), 'utf8').split(' ')[0]);
  const workerPid = (n: number) => pidOf(`worker-${n}`);
  const killByName = async (name: string) => {
    const pid = pidOf(name);
    process.kill(pid, 'SIGKILL');
    const gone = async () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    };
    await waitUntil(`${name} (pid ${pid}) to exit after SIGKILL`, 30_000, async () => ((await gone()) ? true : undefined));
  };
  return {
    env,
    async api(pathname, body, headers = {}) {
      const response = await fetch(`${env.CLUSTER_API_URL}${pathname}`, {
        method: body === undefined ? 'GET' : 'POST',
        // As the intake clerk unless the caller names someone: commands by the bare service are refused.
        headers: { 'content-type': 'application/json', authorization: `Bearer ${env.CLUSTER_API_TOKEN}`, 'x-staff-id': 'intake01', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      try {
        return { status: response.status, body: JSON.parse(text) };
      } catch {
        return { status: response.status, body: text };
      }
    },
    async mail() {
      const response = await fetch(`${env.CLUSTER_INBOX_URL}/api/messages`);
      if (!response.ok) throw new Error(`inbox answered ${response.status}`);
      return ((await response.json()) as CaughtMessage[]).reverse();
    },
    workerPid,
    killWorker: (n) => killByName(`worker-${n}`),
    kill: (name) => killByName(name),
    async relaunch(name) {
      await run('bash', [path.join(REPO_ROOT, 'infra', 'cluster', 'relaunch.sh'), name], { env: { ...process.env, CLUSTER_DIR: TEST_CLUSTER.CLUSTER_DIR }, timeout: 600_000 });
    },
    async stop(name) {
      await run('bash', [path.join(REPO_ROOT, 'infra', 'cluster', 'stop.sh'), name], { env: { ...process.env, CLUSTER_DIR: TEST_CLUSTER.CLUSTER_DIR }, timeout: 120_000 });
    },
    async workerReady(n) {
      try {
        return (await fetch(`${workerUrls[n - 1]}/readyz`)).ok;
      } catch {
        return false;
      }
    },
    async lastWorkflowTaskIdentity(workflowId) {
      const history = JSON.parse(await this.temporal(['workflow', 'show', '-w', workflowId, '--output', 'json']));
      const started = (history.events as any[]).filter((event) => event.workflowTaskStartedEventAttributes);
      return started.at(-1)?.workflowTaskStartedEventAttributes.identity;
    },
    async temporal(args) {
      const { stdout } = await run(env.CLUSTER_TEMPORAL_CLI, [...args, '--address', env.CLUSTER_TEMPORAL_ADDRESS, '--namespace', env.CLUSTER_NAMESPACE], {
        maxBuffer: 16 * 1024 * 1024,
      });
      return stdout;
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a value; the bound is generous (the machine is shared) and the failure names what
 * was awaited and the last thing seen.
 */
export async function waitUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, everyMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(everyMs);
  }
}

export interface Detail {
  status: string;
  events: Array<{ type: string; payload: unknown; at?: string; createdAt?: string }>;
  notifications: Array<{ template: string; recipient: string; status: string }>;
}

export async function detailOf(cluster: Cluster, number: string): Promise<Detail> {
  const answer = await cluster.api(`/api/petitions/${number}`);
  if (answer.status !== 200) throw new Error(`GET ${number}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as Detail;
}

/**
 * Waits until the petition has each event type in `events` and each notice in `templates`, every notice row sent and
 * its mail caught; then checks nothing happened twice (event type recorded once, one caught mail per idempotency
 * key, as many distinct mails as notices sent). The failure message names the petition and what it still lacked.
 */
export async function expectSettledOnce(cluster: Cluster, number: string, events: string[], templates: string[], timeoutMs: number): Promise<Detail> {
  let seen = 'nothing yet';
  const mailKeys = async () => {
    const copies = new Map<string, number>();
    for (const message of await cluster.mail()) {
      const key = message.headers['x-idempotency-key'];
      if (key?.includes(number)) copies.set(key, (copies.get(key) ?? 0) + 1);
    }
    return copies;
  };
  let detail: Detail;
  try {
    detail = await waitUntil(`${number} to settle`, timeoutMs, async () => {
      const d = await detailOf(cluster, number);
      const types = d.events.map((e) => e.type);
      const sentTemplates = d.notifications.map((n) => `${n.template}:${n.status}`);
      seen = `status ${d.status}; events ${types.join(', ')}; notices ${sentTemplates.join(', ')}`;
      if (!events.every((type) => types.includes(type))) return undefined;
      if (!templates.every((t) => d.notifications.some((n) => n.template === t))) return undefined;
      if (d.notifications.some((n) => n.status === 'pending')) return undefined;
      const sent = d.notifications.filter((n) => n.status === 'sent').length;
      return (await mailKeys()).size >= sent ? d : undefined;
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}: wanted events ${events.join(', ')} and notices ${templates.join(', ')}; last seen ${seen}`, { cause: error });
  }
  for (const type of events) {
    const times = detail.events.filter((e) => e.type === type).length;
    if (times !== 1) throw new Error(`${number}: event ${type} recorded ${times} times`);
  }
  const copies = await mailKeys();
  const doubled = [...copies].filter(([, n]) => n > 1);
  if (doubled.length > 0) throw new Error(`${number}: mail delivered more than once: ${JSON.stringify(doubled)}`);
  const sent = detail.notifications.filter((n) => n.status === 'sent').length;
  if (copies.size !== sent) throw new Error(`${number}: ${sent} notices sent but ${copies.size} distinct mails caught`);
  return detail;
}

/** Workflow ids a `temporal workflow list --output json` printed (a JSON array, or one JSON object per line). */
export function workflowIdsOf(listOutput: string): string[] {
  const trimmed = listOutput.trim();
  if (!trimmed) return [];
  const rows: any[] = trimmed.startsWith('[') ? JSON.parse(trimmed) : trimmed.split('\n').map((line) => JSON.parse(line));
  return rows.map((row) => row.execution?.workflowId ?? row.execution?.workflow_id).filter(Boolean);
}
