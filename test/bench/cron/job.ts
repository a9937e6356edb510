/**
 * The alternative a hospital would otherwise run (issue 10's benchmark): no workflow engine, a PostgreSQL deadline
 * table and a job, in its own process, that every BENCH_CRON_INTERVAL_S seconds (default 60) marks the rows past due
 * as overdue and queues one mail row for each, in one transaction. Lag = due → marked. Tables: bench_cron_deadline,
 * bench_cron_mail in DATABASE_URL (created by test/bench/run.ts). Prints one JSON line when it runs.
 */
import { Pool } from 'pg';

const MARK_AND_QUEUE = `
  WITH marked AS (
    UPDATE bench_cron_deadline SET overdue_at = clock_timestamp()
    WHERE overdue_at IS NULL AND due_at <= clock_timestamp()
    RETURNING id
  )
  INSERT INTO bench_cron_mail (deadline_id, kind, queued_at) SELECT id, 'overdue', clock_timestamp() FROM marked`;

async function main(): Promise<void> {
  const intervalMs = Number(process.env.BENCH_CRON_INTERVAL_S ?? 60) * 1000;
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
  const scan = async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rowCount } = await client.query(MARK_AND_QUEUE);
      await client.query('COMMIT');
      if (rowCount) console.error(`[cron ${new Date().toISOString()}] marked ${rowCount} overdue`);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      console.error(error);
    } finally {
      client.release();
    }
  };
  const timer = setInterval(() => void scan(), intervalMs);
  console.log(JSON.stringify({ ready: true, intervalMs }));
  const stop = () => {
    clearInterval(timer);
    void pool.end();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
