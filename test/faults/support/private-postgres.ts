/**
 * A throwaway PostgreSQL cluster of the fault test's own, on a free port: stopping the shared test cluster
 * (infra/postgres.sh) would break every other test running on this machine at the same time.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../infra/local/temporal';

const run = promisify(execFile);

export interface PrivatePostgres {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

/** Why no private cluster can be had here, or undefined when one can. */
export function privatePostgresUnavailable(): string | undefined {
  if (!process.env.DATABASE_URL) return 'DATABASE_URL is not set: the records are in PGlite, inside the worker process';
  if (!postgresBinDir()) return 'no PostgreSQL binaries under /usr/lib/postgresql';
  return undefined;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no PostgreSQL binaries');
  const isRoot = process.getuid?.() === 0;
  // initdb refuses to run as root; the cluster then belongs to the postgres OS user.
  const asOwner = (command: string, args: string[]) =>
    isRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
  const base = mkdtempSync(path.join(os.tmpdir(), 'petitions-fault-pg-'));
  if (isRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(base, Number(stdout.trim()), Number(gid.trim()));
  }
  const dataDir = path.join(base, 'data');
  const port = await freePort();
  await asOwner(path.join(bin, 'initdb'), ['--pgdata', dataDir, '--username', 'postgres', '--auth', 'trust', '--encoding', 'UTF8', '--locale', 'C.UTF-8']);
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories='${base}' -c fsync=off`;
  const start = async () => {
    await asOwner(path.join(bin, 'pg_ctl'), ['start', '--pgdata', dataDir, '--log', path.join(base, 'server.log'), '--wait', '--timeout=60', '-o', options]);
  };
  const stop = async () => {
    await asOwner(path.join(bin, 'pg_ctl'), ['stop', '--pgdata', dataDir, '--mode', 'fast', '--wait']);
  };
  await start();
  await asOwner(path.join(bin, 'psql'), ['--host', base, '--port', String(port), '--username', 'postgres', '--quiet', '-c', 'CREATE DATABASE petitions']);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/petitions`,
    start,
    stop,
    async destroy() {
      await stop().catch(() => undefined);
      rmSync(base, { recursive: true, force: true });
    },
  };
}
