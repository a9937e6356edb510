/**
 * `npm run histories:capture`: runs every scenario of history-scenarios.ts on a throw-away system (embedded Temporal
 * dev server, PGlite, SMTP catcher, all in a temp directory) and saves each workflow history as
 * test/replay/histories/<scenario>.json, the JSON that `temporal workflow show --output json` and the UI also give.
 * test/integration/replay.test.ts replays them against the current workflow code, so a change that would break
 * running petitions fails CI. A fixture is never replaced: only scenarios without a file are captured (`--only
 * <name>…` narrows them further). After a deliberate, patched() change, add a scenario under a new name.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { freePort } from '../local/temporal';
import { loadSettings, type Settings } from '../../services/config';
import { registrationContextFor, startSystem, type RunningSystem } from '../../services/composition';
import { loadHospitalConfig } from '../../services/hospital-config';
import { importLedger } from '../../services/ledger-import/import';
import { petitionWorkflowId } from '../../workflows/ids';
import { buildWorkflowBundle } from './build-workflow-bundle';
import { historyToJson } from './history-json';
import { historyScenarios, type HistoryScenario } from './history-scenarios';

const HISTORIES_DIR = path.resolve(__dirname, '..', '..', 'test', 'replay', 'histories');
const SETTLE_TIMEOUT_MS = 15_000;

/** The throw-away system's API token: calls act as the intake clerk unless a step names another staff member. */
const API_TOKEN = `capture-${randomBytes(12).toString('hex')}`;

async function callApi(apiUrl: string, pathname: string, body: unknown, staffId = 'intake01'): Promise<any> {
  const response = await fetch(`${apiUrl}${pathname}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${API_TOKEN}`,
      'x-staff-id': staffId,
    },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`POST ${pathname} → ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

/**
 * A running petition is captured once it is idle: no activity and no workflow task pending, and its history did not
 * grow since the previous look.
 */
async function waitUntilIdle(temporal: Client, workflowId: string): Promise<void> {
  const handle = temporal.workflow.getHandle(workflowId);
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let previousLength = -1;
  for (;;) {
    const { raw } = await handle.describe();
    const busy = (raw.pendingActivities?.length ?? 0) > 0 || Boolean(raw.pendingWorkflowTask);
    const length = Number(raw.workflowExecutionInfo?.historyLength ?? 0);
    if (!busy && length === previousLength) return;
    if (Date.now() > deadline) throw new Error(`${workflowId} did not settle within ${SETTLE_TIMEOUT_MS} ms`);
    previousLength = busy ? -1 : length;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** A scenario's petition: registered through the API, or imported as an open 台账 row (scenario.ledger). */
async function register(system: RunningSystem, settings: Settings, scenario: HistoryScenario): Promise<{ number: string; workflowId: string }> {
  if (!scenario.ledger) return callApi(system.apiUrl, '/api/petitions', scenario.registration);
  const { headers, row } = scenario.ledger();
  const context = registrationContextFor(system.prisma, system.temporal, settings, loadHospitalConfig(settings.HOSPITAL_CONFIG));
  const csv = Buffer.from(`${headers.join(',')}\n${row.join(',')}\n`, 'utf8');
  const outcome = await importLedger(context, { content: csv, fileName: `${scenario.name}.csv` }, 'staff:intake01');
  if (outcome.outcome !== 'imported' || outcome.created.length !== 1) throw new Error(`${scenario.name}: import ${outcome.outcome}: ${outcome.message}`);
  const { number } = outcome.created[0];
  return { number, workflowId: petitionWorkflowId(number) };
}

async function runScenario(system: RunningSystem, settings: Settings, scenario: HistoryScenario): Promise<string> {
  const { apiUrl, temporal } = system;
  const registered = await register(system, settings, scenario);
  for (const step of scenario.steps) {
    if ('system' in step) {
      await step.system({ prisma: system.prisma, temporal, workflowId: registered.workflowId });
      continue;
    }
    const body = typeof step.body === 'function' ? step.body() : step.body;
    await callApi(apiUrl, `/api/petitions/${registered.number}/${step.command}`, body, step.staffId);
  }
  if (scenario.waitMs) await new Promise((resolve) => setTimeout(resolve, scenario.waitMs));
  const handle = temporal.workflow.getHandle(registered.workflowId);
  if (scenario.finished) await handle.result();
  else await waitUntilIdle(temporal, registered.workflowId);
  const history = await handle.fetchHistory();
  const file = path.join(HISTORIES_DIR, `${scenario.name}.json`);
  await writeFile(file, `${JSON.stringify(historyToJson(history), null, 1)}\n`);
  return file;
}

/** The scenarios to capture: those without a fixture yet (never one that has), narrowed to `only` when given. */
async function scenariosToCapture(only: string[]): Promise<HistoryScenario[]> {
  await mkdir(HISTORIES_DIR, { recursive: true });
  const existing = new Set(await readdir(HISTORIES_DIR));
  const unknown = only.filter((name) => !historyScenarios.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`no such scenario: ${unknown.join(', ')}`);
  return historyScenarios.filter((s) => (only.length === 0 || only.includes(s.name)) && !existing.has(`${s.name}.json`));
}

export async function captureHistories(only: string[] = []): Promise<string[]> {
  const scenarios = await scenariosToCapture(only);
  if (scenarios.length === 0) return [];
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'petitions-capture-'));
  const bundlePath = await buildWorkflowBundle(path.join(workDir, 'workflow-bundle.js'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    SMTP_CATCHER_PORT: '0',
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    DATA_DIR: workDir,
    PGLITE_DIR: path.join(workDir, 'pglite'),
    LOG_LEVEL: 'warn',
    WORKFLOW_BUNDLE_PATH: bundlePath,
    API_TOKEN,
    // Only petition workflows belong in these fixtures.
    DAILY_REPORT_SCHEDULE: 'off',
    // Scenarios wait for the mails their steps raise, at whatever hour they are captured.
    STAFF_NOTICE_HOURS: 'always',
  };
  for (const name of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'SMTP_URL', 'WORKER_METRICS_BIND']) delete env[name];
  const settings = loadSettings(env);
  const system = await startSystem(settings);
  try {
    const files = await Promise.all(scenarios.map((scenario) => runScenario(system, settings, scenario)));
    return files;
  } finally {
    await system.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const started = Date.now();
  const onlyAt = process.argv.indexOf('--only');
  captureHistories(onlyAt >= 0 ? process.argv.slice(onlyAt + 1) : []).then(
    (files) => {
      if (files.length === 0) console.log('every scenario has its fixture already (fixtures are never replaced)');
      for (const file of files) console.log(`saved ${path.relative(process.cwd(), file)}`);
      console.log(`captured ${files.length} histories in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
