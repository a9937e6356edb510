import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** Where the records live: a PostgreSQL server, or an embedded PGlite data directory (single connection). */
export type DatabaseTarget =
  /** poolSize: connections of the process's pool (DATABASE_POOL_SIZE); the driver's default of 10 when absent. */
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string };

export const DEFAULT_PGLITE_DIR = 'var/pglite';

/** DATABASE_URL selects PostgreSQL; otherwise the embedded PGlite directory (PGLITE_DIR, default var/pglite). */
export function databaseTargetFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: 'postgres', url };
  return { kind: 'pglite', dataDir: path.resolve(env.PGLITE_DIR?.trim() || DEFAULT_PGLITE_DIR) };
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return `PGlite at ${target.dataDir}`;
  const url = new URL(target.url);
  return `PostgreSQL at ${url.hostname || url.searchParams.get('host') || 'localhost'}:${url.port || 5432}${url.pathname}`;
}

export interface OpenPgliteDirectory {
  db: PGlite;
  /** Closes the database and lets this process open the directory again. */
  release(): Promise<void>;
}

// PGlite is one embedded connection over its files: a second instance on the same directory corrupts it.
const openDirectories = new Set<string>();

/** Opens the file-backed PGlite database (creating the directory on first use); refuses a second open per process. */
export async function openPgliteDirectory(dataDir: string): Promise<OpenPgliteDirectory> {
  const key = path.resolve(dataDir);
  if (openDirectories.has(key)) {
    throw new Error(`PGlite directory ${key} is already open in this process; share that instance instead`);
  }
  openDirectories.add(key);
  try {
    mkdirSync(key, { recursive: true });
    const db = new PGlite(key);
    await db.waitReady;
    let released: Promise<void> | undefined;
    const release = () => {
      released ??= db.close().finally(() => openDirectories.delete(key));
      return released;
    };
    return { db, release };
  } catch (error) {
    openDirectories.delete(key);
    throw error;
  }
}

/** A throwaway in-memory database: enough for the engine when only its shadow database matters. */
export async function openScratchPglite(): Promise<PGlite> {
  const db = new PGlite();
  await db.waitReady;
  return db;
}
