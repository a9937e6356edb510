/**
 * `npm run bench` (issue 10: a fair benchmark, one run, side by side). Not part of `npm test`.
 *
 * Starts every piece as its own process on loopback — PostgreSQL (infra/postgres.sh, a fresh database
 * petitions_bench), the Temporal dev server (infra/local/temporal.ts, WAL pragmas), the mail catcher, the API
 * (services/api.ts), the worker (services/worker.ts), the floor's worker (test/bench/floor/) and the cron job
 * (test/bench/cron/job.ts); this process is the load generator. Then, on the same server:
 *  1. deadlines at one instant and spread over a minute, for the floor, this project and the cron alternative
 *     (test/bench/deadlines.ts), every deadline counted (unfired = +∞), with the ratios to the floor's p99 and each
 *     process's CPU-seconds during the burst (which one is the bottleneck: the Temporal server or the worker);
 *  2. mail lag per notice kind (catcher's received time − the petition's due instant);
 *  3. intake over HTTP with open-loop arrivals at several rates, and the highest rate with p99 < 100 ms;
 *  4. worker, API and server RSS as open petitions grow to BENCH_OPEN.
 * Prints the tables, writes bench-results/latest.json (the run before it is kept as bench-results/previous.json) and
 * prints the change against the previous run. The 台账 import has its own benchmark: `npm run bench:ledger-import`.
 *
 * Variables (defaults fit a run of about 20–25 minutes on a 2-core machine):
 *   BENCH_DEADLINES=1000          deadlines per system and scenario (0 skips the deadline scenarios)
 *   BENCH_SCENARIOS=instant,spread which scenarios
 *   BENCH_SYSTEMS=floor,project,cron which systems
 *   BENCH_WINDOW_S=300            how long after the last due instant a deadline may fire before it counts as unfired
 *   BENCH_SETUP_CONCURRENCY=16    HTTP requests in flight while the project's petitions are set up
 *   BENCH_CRON_INTERVAL_S=60      the cron job's scan interval
 *   BENCH_INTAKE_RATES=50,100,300 open-loop arrival rates (per second; empty skips intake)
 *   BENCH_INTAKE_SECONDS=10       arrivals per rate last this long
 *   BENCH_OPEN=10000              open petitions to grow to for the memory figures (0 skips; 100000 for the target)
 *   BENCH_OPEN_MAX_S=600          the growth stops after this many seconds (the figures say how many were reached)
 *   BENCH_OPEN_SETUP=ledger       how the open petitions are made: ledger = the 台账 import CLI in batches (the bulk
 *                                 path, test/bench/open-petitions.ts), http = POST /api/petitions one at a time
 *   BENCH_PROFILE=                processes to run under V8's CPU profiler, e.g. worker (test/bench/processes.ts)
 *   DATABASE_URL                  a PostgreSQL server to use instead of infra/postgres.sh (its user needs CREATEDB)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { freePort, startTemporalDevServer } from '../../infra/local/temporal';
import { buildWorkflowBundle } from '../../infra/ops/build-workflow-bundle';
import { petitionSearchAttributeTypes } from '../../workflows/search-attributes';
import { petitionWorkflowId } from '../../workflows/ids';
import { createComparisonTables, runScenario, type ScenarioResult, type Shape, type SystemName } from './deadlines';
import { openLoopIntake, registerOpenPetitions, type IntakeRate } from './intake';
import { importOpenRows, type LedgerBatch } from './open-petitions';
import { phaseMeter, pidWithArguments, spawnNode, usageOf, type Measured, type Spawned } from './processes';
import { lagSummary, sleep } from './stats';
import { printReport, type BenchResults } from './report';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_DIR = path.join(REPO_ROOT, 'bench-results');
const numberFromEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const listFromEnv = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

function machine() {
  return {
    nproc: os.availableParallelism(),
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/** PostgreSQL: DATABASE_URL, or the repo's throw-away cluster (started here, stopped at the end if it was not running). */
function startPostgres(): { baseUrl: string; stopAtEnd: boolean } {
  if (process.env.DATABASE_URL) return { baseUrl: process.env.DATABASE_URL, stopAtEnd: false };
  let running = true;
  try {
    execFileSync('bash', ['infra/postgres.sh', 'status'], { cwd: REPO_ROOT, stdio: 'ignore' });
  } catch {
    running = false;
  }
  const baseUrl = execFileSync('bash', ['infra/postgres.sh', 'start'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  return { baseUrl, stopAtEnd: !running };
}

async function freshDatabase(baseUrl: string, name: string): Promise<string> {
  const admin = new Pool({ connectionString: baseUrl, max: 1 });
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Mail lag per notice kind: the catcher's received time minus the due instant of the petition the mail is about. */
async function mailLagByKind(inboxUrl: string, scenarios: ScenarioResult[]) {
  const dueByWorkflow = new Map<string, number>();
  for (const scenario of scenarios) for (const [number, due] of scenario.project?.dueByNumber ?? []) dueByWorkflow.set(petitionWorkflowId(number), due);
  const messages = (await (await fetch(`${inboxUrl}/api/messages`)).json()) as Array<{ receivedAt: string; headers: Record<string, string> }>;
  const lags = new Map<string, number[]>();
  const examples = new Map<string, string>();
  for (const message of messages) {
    // The key is <workflowId>:<deadline>:<department>:<n>@<instant>:<notice>:<step> (the workflow id and the instant
    // have colons of their own); the kind is its lower-case words, e.g. handling:escalation:overdue.
    const parts = (message.headers['x-idempotency-key'] ?? '').split(':');
    const length = parts.findIndex((_, i) => dueByWorkflow.has(parts.slice(0, i + 1).join(':')));
    if (length < 0) continue;
    const due = dueByWorkflow.get(parts.slice(0, length + 1).join(':'))!;
    const kind = parts.slice(length + 1).filter((part) => /^[a-z_]+$/.test(part)).join(':') || 'other';
    examples.set(kind, examples.get(kind) ?? parts.join(':'));
    const lag = Date.parse(message.receivedAt) - due;
    if (lag < 0) continue; // mails sent before the deadline (acceptance notices, assignment mails) are not deadline mails
    lags.set(kind, [...(lags.get(kind) ?? []), lag]);
  }
  return Object.fromEntries([...lags].map(([kind, values]) => [kind, { ...lagSummary(values, values.length), exampleKey: examples.get(kind)! }]));
}

async function main(): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const latestFile = path.join(RESULTS_DIR, 'latest.json');
  const previousFile = path.join(RESULTS_DIR, 'previous.json');
  if (existsSync(latestFile)) renameSync(latestFile, previousFile);
  const previous = existsSync(previousFile) ? (JSON.parse(readFileSync(previousFile, 'utf8')) as BenchResults) : undefined;

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'petitions-bench-'));
  // Each process's log stays after the run (the temporary data directory does not).
  const logDir = path.join(RESULTS_DIR, 'logs');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir);
  const runId = `r${Date.now().toString(36)}`;
  const token = `bench-${randomBytes(16).toString('hex')}`;
  const stops: Array<() => Promise<void>> = [];
  const results: BenchResults = { machine: machine(), startedAt: new Date().toISOString(), settings: {}, processes: {}, scenarios: [] };

  try {
    log('PostgreSQL (infra/postgres.sh)');
    const postgres = startPostgres();
    if (postgres.stopAtEnd) stops.push(async () => void execFileSync('bash', ['infra/postgres.sh', 'stop'], { cwd: REPO_ROOT, stdio: 'ignore' }));
    const databaseUrl = await freshDatabase(postgres.baseUrl, 'petitions_bench');
    const postgresPort = new URL(postgres.baseUrl).port;
    const postmasterPid = pidWithArguments('postgres', `port=${postgresPort}`);

    log('Temporal dev server (infra/local/temporal.ts)');
    const temporalDb = path.join(dataDir, 'temporal.db');
    const devServer = await startTemporalDevServer({
      dbFile: temporalDb, port: await freePort(), uiPort: await freePort(), searchAttributes: petitionSearchAttributeTypes, logFile: path.join(logDir, 'temporal.log'),
    });
    stops.push(() => devServer.stop());
    const temporalPid = pidWithArguments(temporalDb);

    const baseEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', LOG_LEVEL: 'error' };
    const spawned: Spawned[] = [];
    const started = (p: Spawned) => {
      spawned.push(p);
      stops.push(() => p.stop());
      return p;
    };
    log('mail catcher, API, worker, floor worker, cron job (one process each)');
    const catcher = started(spawnNode('mail catcher', 'test/bench/mail-catcher.ts', baseEnv, path.join(logDir, 'catcher.log')));
    const { smtpUrl, inboxUrl } = (await catcher.ready) as { smtpUrl: string; inboxUrl: string };
    const apiPort = await freePort();
    const productEnv: NodeJS.ProcessEnv = {
      ...baseEnv, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: devServer.address, TEMPORAL_TASK_QUEUE: 'bench-project', SMTP_URL: smtpUrl,
      API_TOKEN: token, DAILY_REPORT_SCHEDULE: 'off', RATE_LIMIT_API_PER_MINUTE: '1000000', CONSOLE_DEFAULT_PASSWORD: 'bench-password-123',
      DATA_DIR: path.join(dataDir, 'data'), HOST: '127.0.0.1',
      // The bench measures how fast a night's notices are sent, not the working-hours rule (a burst at 02:00 would
      // otherwise wait until 08:30, as it does in the hospital).
      STAFF_NOTICE_HOURS: 'always',
    };
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const apiProcess = started(spawnNode('api', 'services/api.ts', { ...productEnv, PORT: String(apiPort) }, path.join(logDir, 'api.log'), `${apiUrl}/healthz`));
    await apiProcess.ready; // the API migrates the database before the worker opens it
    // The worker runs on a prebuilt workflow bundle, as every production process does (Dockerfile): no webpack in it.
    log('workflow bundle (infra/ops/build-workflow-bundle.ts)');
    const workflowBundle = await buildWorkflowBundle(path.join(dataDir, 'workflow-bundle.js'));
    const workerPort = await freePort();
    const workerProcess = started(spawnNode('worker', 'services/worker.ts', { ...productEnv, WORKFLOW_BUNDLE_PATH: workflowBundle, METRICS_PORT: String(workerPort), PORT: String(await freePort()) }, path.join(logDir, 'worker.log'), `http://127.0.0.1:${workerPort}/healthz`));
    const floorTaskQueue = 'bench-floor';
    const floorWorker = started(spawnNode('floor worker', 'test/bench/floor/worker.ts', { ...baseEnv, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: devServer.address, BENCH_FLOOR_TASK_QUEUE: floorTaskQueue }, path.join(logDir, 'floor-worker.log')));
    const pool = new Pool({ connectionString: databaseUrl, max: 4 });
    stops.push(() => pool.end());
    await createComparisonTables(pool);
    const cronJob = started(spawnNode('cron job', 'test/bench/cron/job.ts', { ...baseEnv, DATABASE_URL: databaseUrl, BENCH_CRON_INTERVAL_S: process.env.BENCH_CRON_INTERVAL_S ?? '60' }, path.join(logDir, 'cron.log')));
    await Promise.all([workerProcess.ready, floorWorker.ready, cronJob.ready]);

    const connection = await Connection.connect({ address: devServer.address });
    stops.push(() => connection.close());
    const temporal = new Client({ connection });

    const processes: Measured[] = [
      { name: 'load generator', pid: process.pid, tree: false },
      ...(temporalPid ? [{ name: 'temporal server', pid: temporalPid, tree: false }] : []),
      ...(postmasterPid ? [{ name: 'postgresql', pid: postmasterPid, tree: true }] : []),
      ...spawned.map(({ name, pid, tree }) => ({ name, pid, tree })),
    ];
    const whole = phaseMeter(processes);
    results.idle = Object.fromEntries(processes.map((p) => [p.name, { rssMiB: Math.round(usageOf(p).rssMiB) }]));
    log(`logs in ${logDir}; processes: ${processes.map((p) => `${p.name} ${p.pid}`).join(', ')}`);

    const deadlines = numberFromEnv('BENCH_DEADLINES', 1000);
    const scenarios = listFromEnv('BENCH_SCENARIOS', 'instant,spread') as Shape[];
    const systems = listFromEnv('BENCH_SYSTEMS', 'floor,project,cron') as SystemName[];
    const windowSeconds = numberFromEnv('BENCH_WINDOW_S', 300);
    const setupConcurrency = numberFromEnv('BENCH_SETUP_CONCURRENCY', 16);
    const intakeRates = listFromEnv('BENCH_INTAKE_RATES', '50,100,300').map(Number);
    const intakeSeconds = numberFromEnv('BENCH_INTAKE_SECONDS', 10);
    const openTarget = numberFromEnv('BENCH_OPEN', 10_000);
    results.settings = { deadlines, scenarios, systems, windowSeconds, setupConcurrency, cronIntervalSeconds: numberFromEnv('BENCH_CRON_INTERVAL_S', 60), intakeRates, intakeSeconds, openTarget, temporalSqlitePragmas: ['journal_mode=wal', 'synchronous=normal'] };

    const context = { pool, temporal, floorTaskQueue, apiUrl, apiToken: token, processes, setupConcurrency, windowSeconds, log, runId };
    const scenarioResults: ScenarioResult[] = [];
    if (deadlines > 0) {
      for (const shape of scenarios) {
        const scenario = await runScenario(context, shape, deadlines, systems);
        scenarioResults.push(scenario);
        results.scenarios.push({ shape: scenario.shape, count: scenario.count, runs: scenario.runs });
      }
      log('mail lag per notice kind');
      results.mailLagByKind = await mailLagByKind(inboxUrl, scenarioResults);
    }

    if (intakeRates.length > 0) {
      const rates: IntakeRate[] = [];
      await openLoopIntake(apiUrl, token, 10, 5, 30, `${runId}-warm`); // warm-up
      for (const rate of intakeRates) {
        log(`intake: ${rate} arrivals/s for ${intakeSeconds} s (open loop)`);
        const meter = phaseMeter(processes);
        const measured = await openLoopIntake(apiUrl, token, rate, intakeSeconds, 60, `${runId}-${rate}`);
        rates.push({ ...measured, usage: meter.end() });
        log(`  ${measured.created}/${measured.requests} created, p50 ${measured.latency.p50Ms ?? '∞'} ms, p99 ${measured.latency.p99Ms ?? '∞'} ms`);
        await sleep(5_000);
      }
      const fast = rates.filter((r) => r.latency.p99Ms !== null && r.latency.p99Ms < 100).map((r) => r.ratePerSecond);
      results.intake = { rates, highestRateWithP99Under100Ms: fast.length ? Math.max(...fast) : null };
    }

    if (openTarget > 0) {
      const openNow = async () => Number((await pool.query('SELECT count(*) AS n FROM "Petition" WHERE "closedAt" IS NULL')).rows[0].n);
      const points: NonNullable<BenchResults['openPetitions']>['points'] = [];
      const sample = async () => {
        const open = await openNow();
        const rss = Object.fromEntries(processes.filter((p) => ['worker', 'api', 'temporal server'].includes(p.name)).map((p) => [p.name, Math.round(usageOf(p).rssMiB)]));
        points.push({ open, rssMiB: rss });
        log(`  ${open} open petitions: ${Object.entries(rss).map(([n, v]) => `${n} ${v} MiB`).join(', ')}`);
      };
      const already = await openNow();
      log(`open petitions: growing from ${already} to ${openTarget}`);
      await sample();
      const missing = Math.max(0, openTarget - already);
      const step = Math.max(1, Math.ceil(missing / 4));
      const until = Date.now() + numberFromEnv('BENCH_OPEN_MAX_S', 600) * 1000;
      const setup = process.env.BENCH_OPEN_SETUP === 'http' ? 'http' : 'ledger';
      let registered = 0;
      const batches: LedgerBatch[] = [];
      if (setup === 'ledger') {
        // The 台账 import CLI, in batches of at most 10,000 rows (four samples at least), until the target or the time is up.
        const batch = Math.min(step, 10_000);
        for (let i = 0; registered < missing && Date.now() < until; i++) {
          const rows = Math.min(batch, missing - registered);
          const done = await importOpenRows(rows, `${runId}-open${i}`, productEnv, dataDir, path.join(logDir, 'import-ledger.log'));
          batches.push(done);
          registered += rows;
          log(`  imported ${rows} open rows in ${done.seconds} s (${done.perSecond}/s)`);
          await sample();
        }
      } else {
        let nextSample = step;
        registered = await registerOpenPetitions(apiUrl, token, missing, setupConcurrency, until, `${runId}-open`, (done) => {
          if (done >= nextSample) {
            nextSample += step;
            void sample();
          }
        });
      }
      await sleep(10_000); // the last workflows start and settle
      await sample();
      results.openPetitions = { target: openTarget, setup, registered, reached: points[points.length - 1].open, points, ...(batches.length ? { batches } : {}) };
    }

    results.wholeRun = whole.end();
  } finally {
    results.finishedAt = new Date().toISOString();
    writeFileSync(latestFile, `${JSON.stringify(results, null, 2)}\n`);
    printReport(results, previous);
    log(`wrote ${path.relative(process.cwd(), latestFile)}${previous ? ` (previous run: ${path.relative(process.cwd(), previousFile)})` : ''}`);
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error(error));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
