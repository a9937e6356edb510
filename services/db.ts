// The record store: a PrismaClient on PostgreSQL (DATABASE_URL) or on embedded PGlite (a data directory).
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client';
import type { Settings } from './config';
import { applyMigrations, applyMigrationsOver, projectMigrationLayout, type MigrationLayout } from '../infra/db/migrate';
import { openPgliteDirectory, type DatabaseTarget } from '../infra/db/target';

export type { DatabaseTarget } from '../infra/db/target';

/** DATABASE_URL selects PostgreSQL; otherwise the embedded PGlite directory (PGLITE_DIR, default $DATA_DIR/pglite). */
export function databaseTargetOf(settings: Pick<Settings, 'DATABASE_URL' | 'PGLITE_DIR' | 'DATA_DIR'> & Partial<Pick<Settings, 'DATABASE_POOL_SIZE'>>): DatabaseTarget {
  if (settings.DATABASE_URL) return { kind: 'postgres', url: settings.DATABASE_URL, poolSize: settings.DATABASE_POOL_SIZE };
  return { kind: 'pglite', dataDir: path.resolve(settings.PGLITE_DIR ?? path.join(settings.DATA_DIR, 'pglite')) };
}

export interface Database {
  prisma: PrismaClient;
  close(): Promise<void>;
}

function onPglite(db: PGlite, release: () => Promise<void>): Database {
  // Everything, interactive transactions included, runs on PGlite's single connection: inside
  // $transaction(async (tx) => …) use `tx`, never the outer client, whose query would wait for the transaction
  // to end until the transaction times out.
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    prisma,
    async close() {
      await prisma.$disconnect();
      await release();
    },
  };
}

function onPostgres(url: string, poolSize?: number): Database {
  const schema = new URL(url).searchParams.get('schema') ?? undefined;
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, ...(poolSize ? { max: poolSize } : {}) }, { schema }) });
  return { prisma, close: () => prisma.$disconnect() };
}

/** Opens the database as it is (no migrations). For PGlite, at most one open Database per directory per process. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') return onPostgres(target.url, target.poolSize);
  const { db, release } = await openPgliteDirectory(target.dataDir);
  return onPglite(db, release);
}

/**
 * Applies pending migrations, then returns the open database. PGlite is opened once and the same instance serves
 * both the migration and the client, so `npm start` never opens its data directory twice.
 */
export async function openAndMigrate(
  target: DatabaseTarget,
  layout: MigrationLayout = projectMigrationLayout,
): Promise<Database & { applied: string[] }> {
  if (target.kind === 'postgres') {
    const { applied } = await applyMigrations(target, layout);
    return { ...onPostgres(target.url, target.poolSize), applied };
  }
  const { db, release } = await openPgliteDirectory(target.dataDir);
  try {
    const { applied } = await applyMigrationsOver({ kind: 'pglite', db }, layout);
    return { ...onPglite(db, release), applied };
  } catch (error) {
    await release();
    throw error;
  }
}
