/**
 * The floor of the benchmark (issue 10): the least a Temporal deadline can cost on this server — a workflow that
 * sleeps to the due instant and then runs one activity writing one row. It is bundled by the floor's own worker
 * (test/bench/floor/worker.ts) on its own task queue, never into the product's workflows/ bundle.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';

export interface FloorActivities {
  recordFloorFiring(id: string, dueAtMs: number): Promise<void>;
}

const { recordFloorFiring } = proxyActivities<FloorActivities>({ startToCloseTimeout: '1 minute' });

export async function floorDeadline(id: string, dueAtMs: number): Promise<void> {
  const wait = dueAtMs - Date.now();
  if (wait > 0) await sleep(wait);
  await recordFloorFiring(id, dueAtMs);
}
