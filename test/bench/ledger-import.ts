/**
 * Benchmark of the 台账 import (issue 12: 10,000 rows in under a minute on this machine). Part of `npm run bench`
 * (test/bench/run.ts calls benchLedgerImport on its running system; BENCH_LEDGER_ROWS, default 10,000, 0 skips), and
 * runnable alone: `npx tsx test/bench/ledger-import.ts` starts the system in-process as the main benchmark does
 * (embedded Temporal dev server, PGlite or DATABASE_URL, a local SMTP catcher) and writes bench-results/ledger-import.json.
 * It builds a generated .xlsx of closed historical rows plus 1 % open ones (already overdue), then times the preview,
 * the import (one transaction, then the open rows' workflows and the one summary) and a re-import (which adds nothing).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadSettings, type Settings } from '../../services/config';
import { loadHospitalConfig } from '../../services/hospital-config';
import { registrationContextFor, startSystem, type RunningSystem } from '../../services/composition';
import { importLedger, previewLedger } from '../../services/ledger-import/import';
import { startMailCatcher } from '../../services/mail/catcher';
import { freePort } from '../../infra/local/temporal';
import { historicalLedger, ledgerXlsx, overdueOpenLedger } from '../support/ledger-files';

const defaultLog = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: Math.round(performance.now() - start), value };
}

export interface LedgerImportBench {
  rows: number;
  open: number;
  fileMiB: number;
  previewMs: number;
  importMs: number;
  reimportMs: number;
  created: number;
  workflowsStarted: number;
  /** Milliseconds per imported row (import only). */
  msPerRow: number;
  /** The target: 10,000 rows imported in under a minute. */
  targetMs: number;
}

/** Times preview, import and re-import of a generated 台账 of `count` rows on a running system. */
export async function benchLedgerImport(system: RunningSystem, settings: Settings, count: number, log = defaultLog): Promise<LedgerImportBench> {
  const open = Math.floor(count / 100);
  const rows = [...historicalLedger(count - open, 'B').rows, ...overdueOpenLedger(open, new Date(), 'BO')];
  const content = await ledgerXlsx(rows);
  const file = { content, fileName: `bench-${count}.xlsx` };
  const context = registrationContextFor(system.prisma, system.temporal, settings, loadHospitalConfig(settings.HOSPITAL_CONFIG));
  log(`台账 import: ${count} rows (${open} open), ${(content.length / 2 ** 20).toFixed(1)} MiB`);
  const preview = await timed(() => previewLedger(context, file));
  log(`preview ${preview.ms} ms (${preview.value.newRows} new, ${preview.value.errors.length} errors)`);
  const imported = await timed(() => importLedger(context, file, 'bench'));
  log(`import ${imported.ms} ms: ${imported.value.message}; ${imported.value.started} workflows started`);
  const again = await timed(() => importLedger(context, file, 'bench'));
  log(`re-import ${again.ms} ms: ${again.value.message}`);
  return {
    rows: count, open, fileMiB: content.length / 2 ** 20,
    previewMs: preview.ms, importMs: imported.ms, reimportMs: again.ms,
    created: imported.value.created.length, workflowsStarted: imported.value.started,
    msPerRow: imported.ms / count, targetMs: 60_000,
  };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const count = Number(process.env.BENCH_LEDGER_ROWS ?? 10_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'petitions-bench-ledger-'));
  const catcher = await startMailCatcher({});
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: '0', DATA_DIR: dataDir, PGLITE_DIR: path.join(dataDir, 'pglite'), SMTP_URL: catcher.smtpUrl,
    TEMPORAL_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()), TEMPORAL_TASK_QUEUE: 'bench-ledger', LOG_LEVEL: 'error',
    DAILY_REPORT_SCHEDULE: 'off',
  };
  delete env.TEMPORAL_ADDRESS;
  const settings = loadSettings(env);
  defaultLog(`starting the system (${env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, embedded Temporal dev server)`);
  const system = await startSystem(settings);
  try {
    const bench = await benchLedgerImport(system, settings, count);
    const results = {
      machine: { nproc: os.availableParallelism(), cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: os.loadavg() },
      database: system.database, ...bench, at: new Date().toISOString(),
    };
    mkdirSync('bench-results', { recursive: true });
    writeFileSync('bench-results/ledger-import.json', `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify(results, null, 2));
  } finally {
    await system.stop();
    await catcher.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
