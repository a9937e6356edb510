/**
 * The floor's worker process (see test/bench/floor/workflows.ts): task queue BENCH_FLOOR_TASK_QUEUE on
 * TEMPORAL_ADDRESS, one activity inserting a row into bench_floor_firing of DATABASE_URL. It takes the same slot,
 * poller and cache settings as the product's worker (services/composition.ts workerCapacity), so the two differ only
 * in what a firing does. Prints one JSON line when it polls.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import { loadSettings } from '../../../services/config';
import { workerCapacity } from '../../../services/composition';
import type { FloorActivities } from './workflows';

async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Math.min(10, settings.WORKER_ACTIVITY_SLOTS) });
  const activities: FloorActivities = {
    async recordFloorFiring(id, dueAtMs) {
      await pool.query(
        'INSERT INTO bench_floor_firing (id, due_at, fired_at) VALUES ($1, to_timestamp($2 / 1000.0), clock_timestamp()) ON CONFLICT (id) DO NOTHING',
        [id, dueAtMs],
      );
    },
  };
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    taskQueue: process.env.BENCH_FLOOR_TASK_QUEUE ?? 'bench-floor',
    workflowsPath: require.resolve('./workflows'),
    activities,
    ...workerCapacity(settings),
  });
  const running = worker.run();
  console.log(JSON.stringify({ ready: true }));
  const stop = () => worker.getState() === 'RUNNING' && worker.shutdown();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  await running;
  await connection.close();
  await pool.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
