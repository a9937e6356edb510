/**
 * The test cluster's own PostgreSQL (a throwaway cluster on a fixed port, in the temp directory), so a cluster test
 * can stop and start it without touching infra/postgres.sh's shared one that other test runs use. Stateless helpers:
 * the global setup creates and starts it, a test stops and starts it again, the teardown removes it.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PORT = 27432;
const BASE = path.join(os.tmpdir(), 'petitions-cluster-test-postgres');
const DATA = path.join(BASE, 'data');
const isRoot = process.getuid?.() === 0;

/** An admin URL for infra/cluster/start.sh (CLUSTER_POSTGRES_URL): trust authentication on loopback. */
export const TEST_POSTGRES_URL = `postgresql://postgres@127.0.0.1:${PORT}/postgres`;

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

// initdb refuses to run as root; the cluster then belongs to the postgres OS user.
function asOwner(command: string, args: string[]): void {
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
}

export function testPostgresAvailable(): boolean {
  return binDir() !== undefined;
}

export function startTestPostgres(): void {
  const bin = binDir();
  if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  if (!existsSync(path.join(DATA, 'PG_VERSION'))) {
    rmSync(BASE, { recursive: true, force: true });
    mkdirSync(BASE, { recursive: true });
    if (isRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(BASE, uid, gid);
    }
    asOwner(path.join(bin, 'initdb'), ['--pgdata', DATA, '--username', 'postgres', '--auth', 'trust', '--encoding', 'UTF8', '--locale', 'C.UTF-8']);
  }
  const options = `-c listen_addresses=127.0.0.1 -c port=${PORT} -c unix_socket_directories='${BASE}' -c fsync=off -c max_connections=200`;
  asOwner(path.join(bin, 'pg_ctl'), ['start', '--pgdata', DATA, '--log', path.join(BASE, 'server.log'), '--wait', '--timeout=60', '-o', options]);
}

export function stopTestPostgres(): void {
  const bin = binDir();
  if (!bin || !existsSync(path.join(DATA, 'postmaster.pid'))) return;
  asOwner(path.join(bin, 'pg_ctl'), ['stop', '--pgdata', DATA, '--mode', 'fast', '--wait']);
}

export function removeTestPostgres(): void {
  try {
    stopTestPostgres();
  } finally {
    rmSync(BASE, { recursive: true, force: true });
  }
}
