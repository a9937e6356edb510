/**
 * Issue 10's deadline scenarios, three systems side by side on the same Temporal server and PostgreSQL:
 *  - floor:   a trivial workflow sleeping to the due instant, then one activity writing one row (test/bench/floor/);
 *  - project: petitions registered, accepted and assigned over HTTP with the due instant; fired = the overdue step
 *             recorded (DeadlineAudit, step 'overdue'), lag = due → recordedAt;
 *  - cron:    a PostgreSQL deadline table and a job scanning it every 60 s (test/bench/cron/job.ts), lag = due → marked.
 * Every deadline is counted: one not fired within the window is reported as unfired and counts as +∞ (stats.ts).
 * The systems run one after another, each with the machine to itself, and each burst is metered per process.
 */
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { phaseMeter, type Measured, type PhaseUsage } from './processes';
import { lagSummary, runBounded, sleep, type LagSummary } from './stats';

export type Shape = 'instant' | 'spread';
export type SystemName = 'floor' | 'project' | 'cron';

export interface DeadlineRun {
  system: SystemName;
  shape: Shape;
  setupSeconds: number;
  /** Deadlines whose setup finished after their own due instant (their lag still counts from the due instant). */
  setUpLate: number;
  /** Deadlines whose setup failed (an error answer after retries): they count as unfired. */
  setupFailed: number;
  firstDueAt: string;
  lag: LagSummary;
  /** Fired more than once (the project's overdue step, the floor's row): must be 0. */
  duplicates: number;
  /** CPU and memory of every process from the first due instant until all fired or the window closed. */
  burst: PhaseUsage;
}

export interface DeadlineContext {
  pool: Pool;
  temporal: Client;
  floorTaskQueue: string;
  apiUrl: string;
  apiToken: string;
  processes: Measured[];
  setupConcurrency: number;
  windowSeconds: number;
  log: (line: string) => void;
  runId: string;
}

/** The due instants of `count` deadlines from `start`: all at once, or evenly over the following minute. */
function dueInstants(shape: Shape, start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (shape === 'instant' ? start : start + Math.floor((i * 60_000) / count)));
}

/** Waits until `countFired()` reaches `total` or `windowEnd` passes; meters the burst from `firstDue`. */
async function awaitBurst(context: DeadlineContext, firstDue: number, windowEnd: number, total: number, countFired: () => Promise<number>): Promise<PhaseUsage> {
  if (firstDue > Date.now()) await sleep(firstDue - Date.now());
  const meter = phaseMeter(context.processes);
  let lastLogged = 0;
  for (;;) {
    const fired = await countFired();
    if (fired >= total || Date.now() >= windowEnd) break;
    if (Date.now() - lastLogged > 15_000) {
      context.log(`  ${fired}/${total} fired, ${Math.round((Date.now() - firstDue) / 1000)} s after the first due instant`);
      lastLogged = Date.now();
    }
    await sleep(1_000);
  }
  return meter.end();
}

async function floorRun(context: DeadlineContext, shape: Shape, count: number): Promise<DeadlineRun> {
  const prefix = `${context.runId}-${shape}-`;
  const started = Date.now();
  // Starting a sleeping workflow costs little; 50/s is a safe lower bound on this machine.
  const firstDue = started + Math.ceil((count / 50) * 1000) + 15_000;
  const dues = dueInstants(shape, firstDue, count);
  let setUpLate = 0;
  let setupFailed = 0;
  await runBounded(count, context.setupConcurrency * 2, Number.POSITIVE_INFINITY, async (i) => {
    try {
      await context.temporal.workflow.start('floorDeadline', {
        taskQueue: context.floorTaskQueue,
        workflowId: `floor-${prefix}${i}`,
        args: [`${prefix}${i}`, dues[i]],
      });
      if (Date.now() > dues[i]) setUpLate++;
    } catch (error) {
      if (setupFailed++ === 0) context.log(`  floor setup failed: ${String(error)}`);
    }
  });
  const setupSeconds = (Date.now() - started) / 1000;
  const windowEnd = dues[dues.length - 1] + context.windowSeconds * 1000;
  const fired = async () => Number((await context.pool.query('SELECT count(*) AS n FROM bench_floor_firing WHERE id LIKE $1', [`${prefix}%`])).rows[0].n);
  const burst = await awaitBurst(context, firstDue, windowEnd, count - setupFailed, fired);
  const { rows } = await context.pool.query('SELECT extract(epoch FROM fired_at - due_at) * 1000 AS lag FROM bench_floor_firing WHERE id LIKE $1', [`${prefix}%`]);
  return { system: 'floor', shape, setupSeconds, setUpLate, setupFailed, firstDueAt: new Date(firstDue).toISOString(), lag: lagSummary(rows.map((r) => Number(r.lag)), count), duplicates: 0, burst };
}

async function api(context: DeadlineContext, route: string, body: unknown): Promise<any> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${context.apiUrl}/api/petitions${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${context.apiToken}`, 'x-staff-id': 'intake01' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.ok) return JSON.parse(text);
    // A busy machine may time a request out; the setup tries again rather than lose a deadline.
    if (attempt >= 3 || response.status < 500) throw new Error(`POST ${route} answered ${response.status}: ${text.slice(0, 300)}`);
    await sleep(1_000 * attempt);
  }
}

async function projectRun(context: DeadlineContext, shape: Shape, count: number): Promise<DeadlineRun & { numbers: string[]; dueByNumber: Map<string, number> }> {
  const started = Date.now();
  const numbers: string[] = [];
  let setupFailed = 0;
  const failed = (error: unknown) => {
    if (setupFailed++ === 0) context.log(`  project setup failed: ${String(error)}`);
  };
  await runBounded(count, context.setupConcurrency, Number.POSITIVE_INFINITY, async (i) => {
    try {
      const registered = await api(context, '', { channel: 'letter', category: 'billing', anonymous: true, content: `期限基准 ${context.runId} ${shape} ${i}：等候时间过长。` });
      await api(context, `/${registered.number}/accept`, {});
      numbers.push(registered.number as string);
      if (numbers.length % 250 === 0) context.log(`  registered and accepted ${numbers.length}/${count}`);
    } catch (error) {
      failed(error);
    }
  });
  // Assignment costs about what registration and acceptance did together, and more when the machine is busy (each
  // assignment fires its early reminders at once); the deadlines start well after it, so that no deadline is set up
  // after its own due instant (setUpLate says if one was).
  const firstDue = Date.now() + Math.ceil((Date.now() - started) * 1.5) + 30_000;
  const dues = dueInstants(shape, firstDue, count);
  const dueByNumber = new Map<string, number>();
  let setUpLate = 0;
  await runBounded(numbers.length, context.setupConcurrency, Number.POSITIVE_INFINITY, async (i) => {
    try {
      await api(context, `/${numbers[i]}/assign`, { leadDepartment: 'YWC', cooperatingDepartments: [], dueAt: new Date(dues[i]).toISOString() });
      dueByNumber.set(numbers[i], dues[i]);
      if (Date.now() > dues[i]) setUpLate++;
    } catch (error) {
      failed(error);
    }
  });
  const setupSeconds = (Date.now() - started) / 1000;
  const windowEnd = dues[dues.length - 1] + context.windowSeconds * 1000;
  const overdueSql = `SELECT number, min("recordedAt") AS recorded, count(*) AS n FROM "DeadlineAudit" WHERE step = 'overdue' AND "deadlineKind" = 'handling' AND number = ANY($1) GROUP BY number`;
  const assigned = [...dueByNumber.keys()];
  const fired = async () => (await context.pool.query(overdueSql, [assigned])).rowCount ?? 0;
  const burst = await awaitBurst(context, firstDue, windowEnd, assigned.length, fired);
  const { rows } = await context.pool.query(overdueSql, [assigned]);
  const lags = rows.map((r) => new Date(r.recorded).getTime() - dueByNumber.get(r.number)!);
  const duplicates = rows.filter((r) => Number(r.n) > 1).length;
  return { system: 'project', shape, setupSeconds, setUpLate, setupFailed, firstDueAt: new Date(firstDue).toISOString(), lag: lagSummary(lags, count), duplicates, burst, numbers, dueByNumber };
}

async function cronRun(context: DeadlineContext, shape: Shape, count: number): Promise<DeadlineRun> {
  const prefix = `${context.runId}-${shape}-`;
  const started = Date.now();
  const firstDue = started + 5_000;
  const dues = dueInstants(shape, firstDue, count);
  await context.pool.query(
    'INSERT INTO bench_cron_deadline (id, due_at) SELECT id, to_timestamp(due / 1000.0) FROM unnest($1::text[], $2::float8[]) AS t(id, due)',
    [dues.map((_, i) => `${prefix}${i}`), dues],
  );
  const setupSeconds = (Date.now() - started) / 1000;
  const windowEnd = dues[dues.length - 1] + context.windowSeconds * 1000;
  const fired = async () => Number((await context.pool.query('SELECT count(*) AS n FROM bench_cron_deadline WHERE id LIKE $1 AND overdue_at IS NOT NULL', [`${prefix}%`])).rows[0].n);
  const burst = await awaitBurst(context, firstDue, windowEnd, count, fired);
  const { rows } = await context.pool.query(
    `SELECT extract(epoch FROM d.overdue_at - d.due_at) * 1000 AS lag, (SELECT count(*) FROM bench_cron_mail m WHERE m.deadline_id = d.id) AS mails
     FROM bench_cron_deadline d WHERE d.id LIKE $1 AND d.overdue_at IS NOT NULL`,
    [`${prefix}%`],
  );
  const duplicates = rows.filter((r) => Number(r.mails) !== 1).length;
  return { system: 'cron', shape, setupSeconds, setUpLate: 0, setupFailed: 0, firstDueAt: new Date(firstDue).toISOString(), lag: lagSummary(rows.map((r) => Number(r.lag)), count), duplicates, burst };
}

/** The tables of the floor and the cron alternative, beside the product's own in the benchmark's database. */
export async function createComparisonTables(pool: Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS bench_floor_firing (id text PRIMARY KEY, due_at timestamptz NOT NULL, fired_at timestamptz NOT NULL);
    CREATE TABLE IF NOT EXISTS bench_cron_deadline (id text PRIMARY KEY, due_at timestamptz NOT NULL, overdue_at timestamptz);
    CREATE INDEX IF NOT EXISTS bench_cron_deadline_open ON bench_cron_deadline (due_at) WHERE overdue_at IS NULL;
    CREATE TABLE IF NOT EXISTS bench_cron_mail (id bigserial PRIMARY KEY, deadline_id text NOT NULL, kind text NOT NULL, queued_at timestamptz NOT NULL);`);
}

export interface ScenarioResult {
  shape: Shape;
  count: number;
  runs: DeadlineRun[];
  /** The project's petitions of this scenario and their due instants, for the mail lag per notice kind. */
  project?: { numbers: string[]; dueByNumber: Map<string, number> };
}

/** One scenario (`count` deadlines at one instant, or spread over a minute) for each system in turn. */
export async function runScenario(context: DeadlineContext, shape: Shape, count: number, systems: SystemName[]): Promise<ScenarioResult> {
  const result: ScenarioResult = { shape, count, runs: [] };
  for (const system of systems) {
    context.log(`${shape}: ${system}, ${count} deadlines ${shape === 'instant' ? 'at one instant' : 'spread over a minute'}`);
    if (system === 'floor') result.runs.push(await floorRun(context, shape, count));
    if (system === 'cron') result.runs.push(await cronRun(context, shape, count));
    if (system === 'project') {
      const { numbers, dueByNumber, ...run } = await projectRun(context, shape, count);
      result.runs.push(run);
      result.project = { numbers, dueByNumber };
    }
    const last = result.runs[result.runs.length - 1];
    context.log(`  ${system}: ${last.lag.fired}/${last.lag.total} fired, p50 ${last.lag.p50Ms ?? '∞'} ms, p99 ${last.lag.p99Ms ?? '∞'} ms (setup ${Math.round(last.setupSeconds)} s)`);
  }
  return result;
}
