/**
 * `npm run bench`: intake over HTTP, deadline firing lag with many petitions due in one minute, escalation mail
 * throughput, memory with open petitions, and the 台账 import of 10,000 rows. Everything on this machine, on loopback:
 * an embedded Temporal dev server, PGlite (or DATABASE_URL), a local SMTP catcher. Prints a table; writes
 * bench-results/latest.json.
 *   BENCH_INTAKE=3000 BENCH_INTAKE_CONCURRENCY=16 BENCH_DEADLINES=10000 BENCH_SETUP_CONCURRENCY=16 BENCH_LEDGER_ROWS=10000
 * (0 skips intake, deadlines or the import).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadSettings } from '../../services/config';
import { loadHospitalConfig } from '../../services/hospital-config';
import { startMailCatcher } from '../../services/mail/catcher';
import { listPolicyIds } from '../../services/policies';
import { startSystem } from '../../services/composition';
import { freePort } from '../../infra/local/temporal';
import { benchDeadlines } from './deadlines';
import { benchIntake } from './intake';
import { benchLedgerImport } from './ledger-import';
import { pidWithArgument, rssMiB } from './stats';

const numberFromEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

function machine() {
  return { nproc: os.availableParallelism(), ramGiB: Math.round(os.totalmem() / 2 ** 30), cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.type()} ${os.release()}` };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'petitions-bench-'));
  const catcher = await startMailCatcher({ maxMessages: 1_000_000 });
  const token = `bench-${randomBytes(16).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    DATA_DIR: dataDir,
    PGLITE_DIR: path.join(dataDir, 'pglite'),
    SMTP_URL: catcher.smtpUrl,
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    TEMPORAL_TASK_QUEUE: 'bench',
    LOG_LEVEL: 'error',
    API_TOKEN: token,
    CONSOLE_DEFAULT_PASSWORD: 'bench-password-123',
    RATE_LIMIT_API_PER_MINUTE: '1000000',
  };
  delete env.TEMPORAL_ADDRESS;
  const settings = loadSettings(env);
  log(`starting the system (${env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, embedded Temporal dev server)`);
  const system = await startSystem(settings);
  const temporalPid = pidWithArgument(path.join(dataDir, 'temporal.db'));
  const sampleRss = () => ({ bench: rssMiB(), temporal: temporalPid ? rssMiB(temporalPid) : NaN });
  const results: Record<string, unknown> = { machine: machine(), database: system.database, startedAt: new Date().toISOString() };
  try {
    results.idleRssMiB = sampleRss();
    const intakeCount = numberFromEnv('BENCH_INTAKE', 3000);
    if (intakeCount > 0) {
      log(`intake: ${intakeCount} POST /api/petitions`);
      await benchIntake(system.apiUrl, token, 100, 8, 30); // warm-up
      results.intake = await benchIntake(system.apiUrl, token, intakeCount, numberFromEnv('BENCH_INTAKE_CONCURRENCY', 16), 120);
    }

    const hospital = loadHospitalConfig(settings.HOSPITAL_CONFIG);
    const context = { prisma: system.prisma, temporal: system.temporal, taskQueue: settings.TEMPORAL_TASK_QUEUE, defaultPolicy: hospital.defaultPolicy, knownPolicies: new Set(listPolicyIds()) };
    const deadlineCount = numberFromEnv('BENCH_DEADLINES', 10_000);
    log(`deadlines: ${deadlineCount} petitions due in one minute`);
    if (deadlineCount > 0) results.deadlines = await benchDeadlines(system, catcher, context, deadlineCount, numberFromEnv('BENCH_SETUP_CONCURRENCY', 16), sampleRss, log);
    results.openPetitions = await system.prisma.petition.count({ where: { closedAt: null } });
    results.rssWithOpenPetitionsMiB = sampleRss();

    // Last, so its 10,000 rows and 100 open workflows do not change the figures above.
    const ledgerRows = numberFromEnv('BENCH_LEDGER_ROWS', 10_000);
    if (ledgerRows > 0) {
      results.loadAverageBeforeLedgerImport = os.loadavg();
      results.ledgerImport = await benchLedgerImport(system, settings, ledgerRows, log);
    }
  } finally {
    results.finishedAt = new Date().toISOString();
    mkdirSync('bench-results', { recursive: true });
    writeFileSync(path.join('bench-results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    printTable(results);
    await system.stop();
    await catcher.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function printTable(results: Record<string, any>): void {
  const round = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '—' : Math.round(n * 10) / 10);
  const rows: Array<[string, unknown, string]> = [];
  const { intake, deadlines, ledgerImport } = results;
  if (intake) {
    rows.push(['intake throughput (HTTP, c=' + intake.concurrency + ')', `${round(intake.perSecond)}/s (${intake.requests - intake.failed} of ${intake.requests} 201)`, '≥ 300/s']);
    rows.push(['intake latency p50 / p99 / max', `${round(intake.latencyMs.p50)} / ${round(intake.latencyMs.p99)} / ${round(intake.latencyMs.max)} ms`, 'p99 < 100 ms']);
  }
  if (deadlines) {
    rows.push([`deadlines fired (of ${deadlines.petitions} due in one minute)`, deadlines.fired, 'all']);
    rows.push(['firing lag p50 / p99 / max', `${round(deadlines.lagMs.p50)} / ${round(deadlines.lagMs.p99)} / ${round(deadlines.lagMs.max)} ms`, 'p99 < 2000 ms']);
    rows.push(['escalation mails to the SMTP catcher', `${deadlines.escalationMails} at ${round(deadlines.escalationMailsPerSecond)}/s`, '']);
    rows.push(['setup (register+accept+assign, no HTTP)', `${round(deadlines.setupPerSecond)} petitions/s`, '']);
  }
  if (ledgerImport) {
    const seconds = (ms: number) => `${round(ms / 1000)} s`;
    rows.push([`台账 import of ${ledgerImport.rows} rows (${ledgerImport.open} open): import`, `${seconds(ledgerImport.importMs)} (${ledgerImport.created} petitions, ${ledgerImport.workflowsStarted} workflows)`, `< ${seconds(ledgerImport.targetMs)}`]);
    rows.push(['台账 preview / re-import (adds nothing)', `${seconds(ledgerImport.previewMs)} / ${seconds(ledgerImport.reimportMs)}`, '']);
  }
  if (results.rssWithOpenPetitionsMiB) {
    rows.push([`RSS with ${results.openPetitions} open petitions: bench process (API+worker)`, `${round(results.rssWithOpenPetitionsMiB.bench)} MiB`, '100k < 1 GiB']);
    rows.push([`RSS with ${results.openPetitions} open petitions: Temporal dev server`, `${round(results.rssWithOpenPetitionsMiB.temporal)} MiB`, '']);
  }
  const m = results.machine;
  console.log(`\nmachine: ${m.nproc} cpus, ${m.ramGiB} GiB RAM, ${m.cpu}, node ${m.node}; ${results.database}`);
  console.table(rows.map(([measure, value, target]) => ({ measure, value, target })));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
