/**
 * Benchmark of the 台账 import (issue 12: 10,000 rows in under a minute on this machine), apart from `npm run bench`
 * so the two can run separately: `npx tsx test/bench/ledger-import.ts` (BENCH_LEDGER_ROWS=10000). Starts the system
 * in-process as the main benchmark does (embedded Temporal dev server, PGlite or DATABASE_URL, a local SMTP catcher),
 * builds a generated .xlsx of closed historical rows plus 1 % open ones, then times the preview, the import (one
 * transaction) and a re-import (which adds nothing). Prints the figures; writes bench-results/ledger-import.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadSettings } from '../../services/config';
import { loadHospitalConfig } from '../../services/hospital-config';
import { registrationContextFor, startSystem } from '../../services/composition';
import { importLedger, previewLedger } from '../../services/ledger-import/import';
import { startMailCatcher } from '../../services/mail/catcher';
import { freePort } from '../../infra/local/temporal';
import { historicalLedger, ledgerXlsx, overdueOpenLedger } from '../support/ledger-files';

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: Math.round(performance.now() - start), value };
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
  log(`starting the system (${env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, embedded Temporal dev server)`);
  const system = await startSystem(settings);
  try {
    const open = Math.floor(count / 100);
    const rows = [...historicalLedger(count - open, 'B').rows, ...overdueOpenLedger(open, new Date(), 'BO')];
    const content = await ledgerXlsx(rows);
    const file = { content, fileName: `bench-${count}.xlsx` };
    const context = registrationContextFor(system.prisma, system.temporal, settings, loadHospitalConfig(settings.HOSPITAL_CONFIG));
    log(`${count} rows (${open} open), ${(content.length / 2 ** 20).toFixed(1)} MiB`);
    const preview = await timed(() => previewLedger(context, file));
    log(`preview ${preview.ms} ms (${preview.value.newRows} new, ${preview.value.errors.length} errors)`);
    const imported = await timed(() => importLedger(context, file, 'bench'));
    log(`import ${imported.ms} ms: ${imported.value.message}; ${imported.value.started} workflows started`);
    const again = await timed(() => importLedger(context, file, 'bench'));
    log(`re-import ${again.ms} ms: ${again.value.message}`);
    const results = {
      machine: { nproc: os.availableParallelism(), cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version },
      database: system.database, rows: count, open, fileMiB: content.length / 2 ** 20,
      previewMs: preview.ms, importMs: imported.ms, reimportMs: again.ms, created: imported.value.created.length, at: new Date().toISOString(),
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
