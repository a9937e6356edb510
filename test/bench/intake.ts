/**
 * Intake over HTTP with open-loop arrivals (issue 10): POST /api/petitions at a fixed rate whatever the answers do,
 * each latency measured from the request's scheduled arrival (so a server that falls behind shows its queue, rather
 * than slowing the generator down). A request not answered by the end of the drain counts as +∞. Also a closed-loop
 * top-up of open petitions, used to show the worker's memory as open petitions grow.
 */
import type { PhaseUsage } from './processes';
import { lagSummary, runBounded, sleep, type LagSummary } from './stats';

export interface IntakeRate {
  ratePerSecond: number;
  seconds: number;
  requests: number;
  created: number;
  /** How many answers had each HTTP status ('none' = no answer: a network error or the drain ran out). */
  statuses: Record<string, number>;
  /** Created petitions per second over the arrivals and the drain. */
  achievedPerSecond: number;
  latency: LagSummary;
  /** Each process's CPU and memory while this rate ran (set by run.ts). */
  usage?: PhaseUsage;
}

function registration(apiUrl: string, token: string, tag: string) {
  return fetch(`${apiUrl}/api/petitions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-staff-id': 'intake01' },
    body: JSON.stringify({ channel: 'visit', category: 'medical_quality', anonymous: true, content: `基准测试信访事项 ${tag}：候诊时间过长，要求改进。` }),
  });
}

export async function openLoopIntake(apiUrl: string, token: string, ratePerSecond: number, seconds: number, drainSeconds: number, tag: string): Promise<IntakeRate> {
  const requests = Math.round(ratePerSecond * seconds);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let created = 0;
  const started = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < requests; i++) {
    const scheduled = started + (i * 1000) / ratePerSecond;
    const wait = scheduled - performance.now();
    if (wait > 1) await sleep(wait);
    inFlight.push(
      registration(apiUrl, token, `${tag}-${i}`).then(
        async (response) => {
          await response.arrayBuffer();
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          if (response.status === 201) {
            created++;
            latencies.push(performance.now() - scheduled);
          }
        },
        () => {
          statuses.none = (statuses.none ?? 0) + 1;
        },
      ),
    );
  }
  await Promise.race([Promise.all(inFlight), sleep(drainSeconds * 1000)]);
  const elapsed = (performance.now() - started) / 1000;
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  if (answered < requests) statuses.none = (statuses.none ?? 0) + requests - answered;
  // Anything but a 201 (or no answer) counts as +∞: a refused registration is not a fast one.
  return { ratePerSecond, seconds, requests, created, statuses, achievedPerSecond: created / elapsed, latency: lagSummary(latencies, requests) };
}

/** Registers petitions with `concurrency` requests in flight until `target` more exist or `untilMs` passes. */
export async function registerOpenPetitions(apiUrl: string, token: string, target: number, concurrency: number, untilMs: number, tag: string, onEach: (done: number) => void): Promise<number> {
  let done = 0;
  await runBounded(target, concurrency, untilMs, async (i) => {
    const response = await registration(apiUrl, token, `${tag}-${i}`);
    await response.arrayBuffer();
    if (response.status === 201) onEach(++done);
  });
  return done;
}
