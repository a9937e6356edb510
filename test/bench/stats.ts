/** Small numeric helpers for the benchmark report. */

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Runs `task` over `count` items with at most `concurrency` in flight; stops early once `untilMs` has passed. */
export async function runBounded(count: number, concurrency: number, untilMs: number, task: (index: number) => Promise<void>): Promise<number> {
  let next = 0;
  let done = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count && Date.now() < untilMs) {
      const index = next++;
      await task(index);
      done++;
    }
  });
  await Promise.all(lanes);
  return done;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The lag of every deadline of a run, fired or not: an unfired one counts as +∞ in the percentiles (never dropped),
 * so a p99 over a run where more than 1 % did not fire is ∞ (null in the JSON, "∞" in the table).
 */
export interface LagSummary {
  total: number;
  fired: number;
  unfired: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export function lagSummary(firedLagsMs: number[], total: number): LagSummary {
  const sorted = [...firedLagsMs].sort((a, b) => a - b);
  const unfired = Math.max(0, total - sorted.length);
  const all = [...sorted, ...Array<number>(unfired).fill(Number.POSITIVE_INFINITY)];
  const finite = (n: number) => (Number.isFinite(n) ? Math.round(n) : null);
  return {
    total,
    fired: sorted.length,
    unfired,
    p50Ms: finite(percentile(all, 50)),
    p99Ms: finite(percentile(all, 99)),
    maxMs: finite(all[all.length - 1] ?? NaN),
  };
}
