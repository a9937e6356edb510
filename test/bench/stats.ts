import { readdirSync, readFileSync } from 'node:fs';
/** Small numeric helpers for the benchmark report. */

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function summarize(values: number[]): { count: number; p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
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

export function rssMiB(pid: number = process.pid): number {
  if (pid === process.pid) return process.memoryUsage().rss / 2 ** 20;
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : NaN;
}

/** The pid of the process whose command line contains `marker` (e.g. the dev server's unique database file). */
export function pidWithArgument(marker: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
