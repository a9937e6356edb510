/**
 * Replays the recorded petition histories (test/replay/histories, `npm run histories:capture`) against the current
 * workflow code: a change that running petitions could not survive fails here instead of in production.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, makeTelemetryFilterString, Runtime, Worker, type ReplayResult } from '@temporalio/worker';
import { historyFromJson } from '../../infra/ops/history-json';

const HISTORIES_DIR = path.resolve(__dirname, '..', 'replay', 'histories');
const historyFiles = readdirSync(HISTORIES_DIR).filter((file) => file.endsWith('.json')).sort();

function loadHistories() {
  return historyFiles.map((file) => ({
    workflowId: path.basename(file, '.json'),
    history: historyFromJson(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))),
  }));
}

async function replayAll(workflowBundle: { code: string } | { codePath: string }): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle, replayName: 'petition-fixtures' }, loadHistories())) {
    results.push(result);
  }
  return results;
}

beforeAll(() => {
  try {
    // The deliberate non-determinism below makes Core warn once per history; those lines are expected.
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
    });
  } catch {
    // another test file in this worker process installed it
  }
});

describe('recorded petition histories replay on the current workflow code', () => {
  test('fixtures cover finished and running petitions', () => {
    expect(historyFiles.some((file) => file.startsWith('finished-'))).toBe(true);
    expect(historyFiles.some((file) => file.startsWith('running-'))).toBe(true);
    for (const { workflowId, history } of loadHistories()) {
      const lastEvent = history.events!.at(-1)!;
      const completed = lastEvent.workflowExecutionCompletedEventAttributes != null;
      // Other names (histories exported from production with `temporal workflow show`) may be either.
      if (workflowId.startsWith('finished-')) expect({ workflowId, completed }).toEqual({ workflowId, completed: true });
      if (workflowId.startsWith('running-')) expect({ workflowId, completed }).toEqual({ workflowId, completed: false });
    }
  });

  test('every history replays without a non-determinism error', async () => {
    const codePath = process.env.WORKFLOW_BUNDLE_PATH;
    if (!codePath) throw new Error('WORKFLOW_BUNDLE_PATH is not set: the jest global setup bundles the workflows');
    const results = await replayAll({ codePath });
    const failures = results.filter((r) => r.error).map((r) => `${r.workflowId}: ${r.error?.name}: ${r.error?.message}`);
    expect(failures).toEqual([]);
    expect(results).toHaveLength(historyFiles.length);
  });

  test('the same replay catches a workflow changed without patched()', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: path.resolve(__dirname, '..', 'replay', 'fixtures', 'changed-petition.workflow.ts'),
      logger: new DefaultLogger('ERROR'),
    });
    const results = await replayAll({ code });
    const finished = results.filter((r) => r.workflowId.startsWith('finished-'));
    expect(finished.length).toBeGreaterThan(0);
    for (const result of finished) expect(result.error?.name).toBe('DeterminismViolationError');
  });
});
