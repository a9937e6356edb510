import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from '../../infra/local/time-skipping';
import { sleepyWorkflow } from './fixtures/sleepy.workflow';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a 60-day durable sleep in seconds of real time', async () => {
    const taskQueue = `sleepy-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./fixtures/sleepy.workflow'),
    });
    const workflowStartedAt = await env.currentTimeMs();
    const realStartedAt = Date.now();

    const sleptMs = await worker.runUntil(
      env.client.workflow.execute(sleepyWorkflow, { taskQueue, workflowId: randomUUID(), args: [60] }),
    );

    expect(sleptMs).toBeGreaterThanOrEqual(60 * DAY_MS);
    expect((await env.currentTimeMs()) - workflowStartedAt).toBeGreaterThanOrEqual(60 * DAY_MS);
    expect(Date.now() - realStartedAt).toBeLessThan(30_000);
  });
});
