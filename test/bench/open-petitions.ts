/**
 * The benchmark's bulk path for open petitions (issue 10: "setup through a bulk path fast enough for 10,000 and
 * 100,000 petitions"): the hospital's own one, the 台账 import CLI (`npm run import-ledger`, infra/ops/import-ledger.ts),
 * run as its own process against the benchmark's database and Temporal server. Each batch is a generated .xlsx of open
 * rows received today (their acceptance limit still ahead, so nothing fires): one transaction writes the rows, then the
 * CLI starts one petition workflow per row, and the bench's worker runs them as it runs every registered petition.
 * HTTP registration one at a time (registerOpenPetitions) stays available with BENCH_OPEN_SETUP=http.
 */
import { spawn } from 'node:child_process';
import { openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ledgerXlsx, overdueOpenLedger } from '../support/ledger-files';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface LedgerBatch {
  rows: number;
  seconds: number;
  /** Petitions per second the batch was imported and started at. */
  perSecond: number;
}

/** Imports `rows` open petitions in one 台账 file through the CLI; rejects when the CLI exits with an error. */
export async function importOpenRows(rows: number, tag: string, env: NodeJS.ProcessEnv, workDir: string, logFile: string): Promise<LedgerBatch> {
  const file = path.join(workDir, `open-${tag}.xlsx`);
  writeFileSync(file, await ledgerXlsx(overdueOpenLedger(rows, new Date(), tag, 0)));
  const started = performance.now();
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'infra/ops/import-ledger.ts'), file, '--actor', 'bench'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', log, log],
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`import-ledger exited with ${code} (see ${logFile})`);
  const seconds = (performance.now() - started) / 1000;
  return { rows, seconds: Math.round(seconds * 10) / 10, perSecond: Math.round((rows / seconds) * 10) / 10 };
}
