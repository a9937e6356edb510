/**
 * The benchmark's processes and what each one costs: every piece (API, worker, floor worker, cron job, mail catcher)
 * runs as its own node process, started here with `node --import tsx`, and the Temporal dev server and PostgreSQL are
 * found by their command lines. CPU-seconds and RSS are read from /proc/<pid>/stat and /proc/<pid>/status, so the
 * report can say which process a burst loads (the Temporal server or the worker).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sleep } from './stats';

const CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux
const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** A process (or, for PostgreSQL, a process tree) whose CPU and memory the report shows. */
export interface Measured {
  name: string;
  pid: number;
  /** PostgreSQL forks a backend per connection: its CPU and RSS are those of the whole tree. */
  tree: boolean;
}

interface ProcStat { ppid: number; cpuTicks: number; childTicks: number }

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; the fields after its closing parenthesis are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]), childTicks: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return undefined;
  }
}

function rssKiB(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) : 0;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (readStat(Number(entry))?.ppid === pid) children.push(Number(entry));
  }
  return children;
}

export interface Usage { cpuSeconds: number; rssMiB: number }

/**
 * CPU-seconds since the process started (user + system; for a tree also the reaped children's, so a backend that
 * exited between two samples still counts) and the resident memory now (for a tree the sum, which counts PostgreSQL's
 * shared buffers once per backend and so overstates it).
 */
export function usageOf(process: Measured): Usage {
  const own = readStat(process.pid);
  if (!own) return { cpuSeconds: NaN, rssMiB: NaN };
  let ticks = own.cpuTicks;
  let kib = rssKiB(process.pid);
  if (process.tree) {
    ticks += own.childTicks;
    for (const child of childrenOf(process.pid)) {
      ticks += readStat(child)?.cpuTicks ?? 0;
      kib += rssKiB(child);
    }
  }
  return { cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND, rssMiB: kib / 1024 };
}

/** The pid of the process whose command line contains every one of `markers`. */
export function pidWithArguments(...markers: string[]): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (markers.every((marker) => cmdline.includes(marker))) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

export interface Spawned extends Measured {
  child: ChildProcess;
  /** The first line the process printed on stdout that parsed as JSON (its address, when it has one). */
  ready: Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * BENCH_PROFILE=worker,api (process names): those processes run with V8's CPU profiler, one .cpuprofile per thread
 * (the worker's workflow thread too) written on exit into profiles/<name>/ beside the logs; open them in Chrome's
 * DevTools. For finding what a firing spends its CPU on; the figures of a profiled run are slower.
 */
function profileArgs(name: string, logFile: string): string[] {
  const profiled = (process.env.BENCH_PROFILE ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  if (!profiled.includes(name)) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${path.join(path.dirname(logFile), 'profiles', name.replace(/\W+/g, '-'))}`];
}

/**
 * Starts `node --import tsx <script>` with `env`; its stderr goes to `logFile`. When `readyLine` is set, `ready`
 * settles with the first JSON line on stdout; otherwise it waits for `readyUrl` to answer.
 */
export function spawnNode(name: string, script: string, env: NodeJS.ProcessEnv, logFile: string, readyUrl?: string): Spawned {
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...profileArgs(name, logFile), '--import', 'tsx', path.join(REPO_ROOT, script)], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', readyUrl ? log : 'pipe', log],
  });
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    const failed = (code: number | null) => reject(new Error(`${name} exited with ${code} before it was ready (see ${logFile})`));
    child.once('exit', failed);
    if (readyUrl) {
      void (async () => {
        const until = Date.now() + 180_000;
        while (Date.now() < until) {
          try {
            if ((await fetch(readyUrl)).ok) {
              child.off('exit', failed);
              return resolve({});
            }
          } catch {
            // not listening yet
          }
          await sleep(500);
        }
        reject(new Error(`${name} did not answer ${readyUrl} within 180 s (see ${logFile})`));
      })();
      return;
    }
    let buffered = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      for (const line of buffered.split('\n').slice(0, -1)) {
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          child.off('exit', failed);
          resolve(parsed);
        } catch {
          // not the ready line
        }
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
  return { name, pid: child.pid!, tree: false, child, ready, stop };
}

/** Per-process CPU-seconds spent and the highest RSS seen between `begin()` and `end()`, sampled every second. */
export function phaseMeter(processes: Measured[]) {
  const start = new Map(processes.map((p) => [p.name, usageOf(p)]));
  const peak = new Map(processes.map((p) => [p.name, start.get(p.name)!.rssMiB]));
  const began = Date.now();
  const timer = setInterval(() => {
    for (const p of processes) peak.set(p.name, Math.max(peak.get(p.name) ?? 0, usageOf(p).rssMiB));
  }, 1_000);
  return {
    end(): PhaseUsage {
      clearInterval(timer);
      const seconds = (Date.now() - began) / 1000;
      const perProcess: PhaseUsage['processes'] = {};
      for (const p of processes) {
        const now = usageOf(p);
        const cpuSeconds = now.cpuSeconds - start.get(p.name)!.cpuSeconds;
        perProcess[p.name] = { cpuSeconds: round1(cpuSeconds), cores: round2(cpuSeconds / seconds), rssMiB: Math.round(now.rssMiB), peakRssMiB: Math.round(Math.max(peak.get(p.name) ?? 0, now.rssMiB)) };
      }
      return { seconds: round1(seconds), processes: perProcess };
    },
  };
}

export interface PhaseUsage {
  seconds: number;
  processes: Record<string, { cpuSeconds: number; cores: number; rssMiB: number; peakRssMiB: number }>;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
