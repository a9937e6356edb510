/**
 * The benchmark's printed report (test/bench/run.ts): the three systems side by side with their ratios to the floor,
 * each process's CPU-seconds during each burst and which one limited it, intake per arrival rate, mail lag per notice
 * kind, memory with open petitions, and the change against the previous run (bench-results/previous.json).
 */
import os from 'node:os';
import type { DeadlineRun, Shape } from './deadlines';
import type { IntakeRate } from './intake';
import type { PhaseUsage } from './processes';
import type { LagSummary } from './stats';

export interface BenchResults {
  machine: { nproc: number; ramGiB: number; cpu: string; node: string; platform: string; loadAverageAtStart: number[] };
  startedAt: string;
  finishedAt?: string;
  settings: Record<string, unknown>;
  processes: Record<string, unknown>;
  idle?: Record<string, { rssMiB: number }>;
  scenarios: Array<{ shape: Shape; count: number; runs: DeadlineRun[] }>;
  mailLagByKind?: Record<string, LagSummary & { exampleKey: string }>;
  intake?: { rates: IntakeRate[]; highestRateWithP99Under100Ms: number | null };
  openPetitions?: {
    target: number;
    /** ledger: the 台账 import CLI in batches; http: one registration at a time. */
    setup?: 'ledger' | 'http';
    registered: number;
    reached: number;
    points: Array<{ open: number; rssMiB: Record<string, number> }>;
    batches?: Array<{ rows: number; seconds: number; perSecond: number }>;
  };
  wholeRun?: PhaseUsage;
}

const ms = (value: number | null) => (value === null ? '∞' : value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value} ms`);
const ratio = (a: number | null, b: number | null) => (a === null ? '∞' : b === null ? '— (floor ∞)' : b === 0 ? '—' : `${(a / b).toFixed(2)}×`);

/** The process that worked hardest during a burst, among the Temporal server and the workers. */
export function bottleneckOf(run: DeadlineRun): string {
  const cores = (name: string) => run.burst.processes[name]?.cores ?? 0;
  const worker = run.system === 'floor' ? 'floor worker' : run.system === 'project' ? 'worker' : 'cron job';
  const server = run.system === 'cron' ? 'postgresql' : 'temporal server';
  const total = Object.values(run.burst.processes).reduce((sum, p) => sum + p.cores, 0);
  const leader = cores(server) >= cores(worker) ? server : worker;
  const database = server === 'postgresql' ? '' : `, postgresql ${cores('postgresql').toFixed(2)}`;
  return `${leader} (${server} ${cores(server).toFixed(2)} cores, ${worker} ${cores(worker).toFixed(2)}${database}; all processes ${total.toFixed(2)} of ${os.availableParallelism()})`;
}

function deadlineRows(results: BenchResults) {
  const rows = [];
  for (const scenario of results.scenarios) {
    const floor = scenario.runs.find((r) => r.system === 'floor');
    for (const run of scenario.runs) {
      rows.push({
        scenario: `${scenario.count} ${scenario.shape === 'instant' ? 'at one instant' : 'over a minute'}`,
        system: run.system,
        fired: `${run.lag.fired}/${run.lag.total}${run.lag.unfired ? ` (${run.lag.unfired} unfired)` : ''}`,
        p50: ms(run.lag.p50Ms),
        p99: ms(run.lag.p99Ms),
        max: ms(run.lag.maxMs),
        'p99 / floor p99': run.system === 'floor' ? '1×' : ratio(run.lag.p99Ms, floor?.lag.p99Ms ?? null),
        duplicates: run.duplicates,
        'setup failed': run.setupFailed,
        // Set up after their own due instant: their lag is the setup's, not the firing's (the run is then unfair).
        'set up late': run.setUpLate,
        'setup s': Math.round(run.setupSeconds),
      });
    }
  }
  return rows;
}

function burstRows(results: BenchResults) {
  const rows = [];
  for (const scenario of results.scenarios) {
    for (const run of scenario.runs) {
      const row: Record<string, string | number> = { burst: `${scenario.shape} ${run.system}`, 'seconds': run.burst.seconds };
      for (const [name, usage] of Object.entries(run.burst.processes)) row[name] = `${usage.cpuSeconds} s / ${usage.peakRssMiB} MiB`;
      rows.push(row);
    }
  }
  return rows;
}

/** The figures compared with the previous run, keyed by what they measure. */
function headlineFigures(results: BenchResults): Record<string, number | null> {
  const figures: Record<string, number | null> = {};
  for (const scenario of results.scenarios) for (const run of scenario.runs) figures[`${scenario.count} ${scenario.shape} ${run.system} p99 ms`] = run.lag.p99Ms;
  for (const rate of results.intake?.rates ?? []) figures[`intake ${rate.ratePerSecond}/s p99 ms`] = rate.latency.p99Ms;
  const last = results.openPetitions?.points.at(-1);
  if (last) figures[`worker RSS MiB at ${results.openPetitions!.reached} open`] = last.rssMiB.worker ?? null;
  return figures;
}

export function printReport(results: BenchResults, previous: BenchResults | undefined): void {
  const m = results.machine;
  console.log(`\nmachine: ${m.nproc} cpus, ${m.ramGiB} GiB RAM, ${m.cpu}, node ${m.node}, ${m.platform}; load average at start ${m.loadAverageAtStart.join(' ')}`);
  if (results.scenarios.length) {
    console.log('\nDeadlines: lag = due instant → fired (floor: its row written; project: overdue step recorded; cron: row marked). Unfired count as ∞.');
    console.table(deadlineRows(results));
    console.log('\nCPU-seconds / peak RSS of each process during each burst (from the first due instant until all fired or the window closed):');
    console.table(burstRows(results));
    console.log('\nBusiest process during each burst (the bottleneck, unless all processes together use every core):');
    for (const scenario of results.scenarios) for (const run of scenario.runs) console.log(`  ${scenario.shape} ${run.system}: ${bottleneckOf(run)}`);
  }
  if (results.mailLagByKind && Object.keys(results.mailLagByKind).length) {
    console.log("\nMail lag per notice kind (catcher's received time − the petition's due instant):");
    console.table(Object.entries(results.mailLagByKind).map(([kind, lag]) => ({ kind, mails: lag.total, example: lag.exampleKey, p50: ms(lag.p50Ms), p99: ms(lag.p99Ms), max: ms(lag.maxMs) })));
  }
  if (results.intake) {
    console.log('\nIntake over HTTP, open-loop arrivals (latency from the scheduled arrival; non-201 or no answer = ∞):');
    console.table(results.intake.rates.map((r) => ({
      'arrivals/s': r.ratePerSecond, requests: r.requests, created: r.created, 'created/s': Math.round(r.achievedPerSecond * 10) / 10,
      p50: ms(r.latency.p50Ms), p99: ms(r.latency.p99Ms), statuses: JSON.stringify(r.statuses),
      'api / worker / temporal CPU-s': r.usage ? ['api', 'worker', 'temporal server'].map((n) => r.usage!.processes[n]?.cpuSeconds ?? '—').join(' / ') : '—',
    })));
    console.log(`highest rate with p99 < 100 ms: ${results.intake.highestRateWithP99Under100Ms ?? 'none of the rates tried'}`);
  }
  if (results.openPetitions) {
    const setup = results.openPetitions.setup === 'http' ? 'POST /api/petitions' : '台账 import CLI';
    const rate = results.openPetitions.batches?.length
      ? `, ${Math.round(results.openPetitions.batches.reduce((a, b) => a + b.perSecond, 0) / results.openPetitions.batches.length)} petitions/s`
      : '';
    console.log(`\nRSS (MiB) as open petitions grow (target ${results.openPetitions.target}, reached ${results.openPetitions.reached}; set up by ${setup}${rate}):`);
    console.table(results.openPetitions.points.map((p) => ({ open: p.open, ...p.rssMiB })));
  }
  if (results.wholeRun) {
    console.log('\nWhole run, per process:');
    console.table(Object.entries(results.wholeRun.processes).map(([name, u]) => ({ process: name, 'CPU-s': u.cpuSeconds, 'idle RSS MiB': results.idle?.[name]?.rssMiB ?? '—', 'peak RSS MiB': u.peakRssMiB, 'RSS at end MiB': u.rssMiB })));
  }
  if (previous) {
    const before = headlineFigures(previous);
    const now = headlineFigures(results);
    const rows = Object.keys({ ...before, ...now }).map((figure) => {
      const a = before[figure];
      const b = now[figure];
      const change = a === undefined || b === undefined ? 'new / gone' : a === null || b === null ? (a === b ? '' : `${a === null ? '∞' : a} → ${b === null ? '∞' : b}`) : a === 0 ? '' : `${b > a ? '+' : ''}${Math.round(((b - a) / a) * 100)} %`;
      return { figure, previous: a === undefined ? '—' : a ?? '∞', latest: b === undefined ? '—' : b ?? '∞', change };
    });
    console.log(`\nChange against the previous run (${previous.startedAt}):`);
    console.table(rows);
  }
}
