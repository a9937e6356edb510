/** Intake over HTTP: a bounded concurrent loop of POST /api/petitions on loopback. */
import { runBounded, summarize } from './stats';

export interface IntakeResult {
  requests: number;
  failed: number;
  /** How many answers had each HTTP status. */
  statuses: Record<string, number>;
  seconds: number;
  perSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  concurrency: number;
}

export async function benchIntake(apiUrl: string, token: string, count: number, concurrency: number, maxSeconds: number): Promise<IntakeResult> {
  const latencies: number[] = [];
  let failed = 0;
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const done = await runBounded(count, concurrency, Date.now() + maxSeconds * 1000, async (i) => {
    const t0 = performance.now();
    const response = await fetch(`${apiUrl}/api/petitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-staff-id': 'intake01' },
      body: JSON.stringify({
        channel: 'visit',
        category: 'medical_quality',
        anonymous: true,
        content: `基准测试信访事项 ${i}：候诊时间过长，要求改进。`,
      }),
    });
    const text = await response.text();
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    if (response.status !== 201 && failed === 0) console.error(`intake answer ${response.status}: ${text.slice(0, 300)}`);
    latencies.push(performance.now() - t0);
    if (response.status !== 201) failed++;
  });
  const seconds = (performance.now() - started) / 1000;
  const { p50, p99, max } = summarize(latencies);
  return { requests: done, failed, statuses, seconds, perSecond: done / seconds, latencyMs: { p50, p99, max }, concurrency };
}
