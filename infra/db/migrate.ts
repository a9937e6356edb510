// Applies, creates and checks Prisma migrations on the WASM schema engine, for PostgreSQL and PGlite alike.
import type { SchemaFilter } from '@prisma/schema-engine-wasm';
import { engineError, openSchemaEngine, type SchemaEngine, type SchemaEngineConnection } from './schema-engine';
import {
  migrationSlug,
  migrationTimestamp,
  projectMigrationLayout,
  readMigrationList,
  readSchemaFile,
  writeMigration,
  type MigrationLayout,
} from './migrations-folder';
import { openPgliteDirectory, openScratchPglite, type DatabaseTarget } from './target';

export { databaseTargetFromEnv, describeTarget, type DatabaseTarget } from './target';
export { projectMigrationLayout, type MigrationLayout } from './migrations-folder';

const NO_EXTERNAL_OBJECTS: SchemaFilter = { externalTables: [], externalEnums: [] };

async function withEngine<T>(
  connection: SchemaEngineConnection,
  layout: MigrationLayout,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const session = await openSchemaEngine(connection, await readSchemaFile(layout));
  try {
    return await work(session.engine);
  } finally {
    await session.close();
  }
}

async function engineCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw engineError(error, operation);
  }
}

/**
 * Creating or diffing migrations only needs the engine's shadow database, never the records: a PGlite target
 * gets a scratch in-memory database so a server that holds the data directory open is not disturbed.
 * A diff leaves the scratch database untouched, so it may serve as the shadow database too (one PGlite less).
 */
async function withShadowCapableConnection<T>(
  target: DatabaseTarget,
  use: 'diff' | 'createMigration',
  work: (connection: SchemaEngineConnection) => Promise<T>,
): Promise<T> {
  if (target.kind === 'postgres') return work(target);
  const scratch = await openScratchPglite();
  try {
    return await work({ kind: 'pglite', db: scratch, scratch: use === 'diff' });
  } finally {
    await scratch.close();
  }
}

/** Applies pending migrations over an open connection; for PGlite, the caller's single instance is reused. */
export async function applyMigrationsOver(
  connection: SchemaEngineConnection,
  layout: MigrationLayout = projectMigrationLayout,
): Promise<{ applied: string[] }> {
  const migrationsList = await readMigrationList(layout);
  return withEngine(connection, layout, async (engine) => {
    const output = await engineCall('applyMigrations', () =>
      engine.applyMigrations({ migrationsList, filters: NO_EXTERNAL_OBJECTS }),
    );
    return { applied: output.appliedMigrationNames };
  });
}

export async function applyMigrations(
  target: DatabaseTarget,
  layout: MigrationLayout = projectMigrationLayout,
): Promise<{ applied: string[] }> {
  if (target.kind === 'postgres') return applyMigrationsOver(target, layout);
  const { db, release } = await openPgliteDirectory(target.dataDir);
  try {
    return await applyMigrationsOver({ kind: 'pglite', db }, layout);
  } finally {
    await release();
  }
}

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the migrations to
 * schema.prisma; returns its path, or null when they already agree. Like `prisma migrate dev`, it first applies
 * pending migrations to a PostgreSQL target; a PGlite target is left alone (a scratch database stands in).
 */
export async function createMigration(
  target: DatabaseTarget,
  name: string,
  layout: MigrationLayout = projectMigrationLayout,
): Promise<string | null> {
  const slug = migrationSlug(name);
  const migrationsList = await readMigrationList(layout);
  const schema = await readSchemaFile(layout);
  const output = await withShadowCapableConnection(target, 'createMigration', (connection) =>
    withEngine(connection, layout, async (engine) => {
      // The engine only keeps a shadow database for createMigration when the development database is up to date
      // and devDiagnostic ran on this same instance.
      await engineCall('applyMigrations', () => engine.applyMigrations({ migrationsList, filters: NO_EXTERNAL_OBJECTS }));
      const { action } = await engineCall('devDiagnostic', () =>
        engine.devDiagnostic({ migrationsList, filters: NO_EXTERNAL_OBJECTS }),
      );
      if (action.tag === 'reset') throw new Error(`the development database must be reset first: ${action.reason}`);
      return engineCall('createMigration', () =>
        engine.createMigration({
          draft: false,
          migrationName: slug,
          migrationsList,
          schema: { files: [schema] },
          filters: NO_EXTERNAL_OBJECTS,
        }),
      );
    }),
  );
  if (!output.migrationScript) return null;
  const directoryName = output.generatedMigrationName || `${migrationTimestamp()}_${slug}`;
  return writeMigration(layout, directoryName, output.migrationScript);
}

/** The engine writes "-- This is an empty migration." when nothing differs; only statements count as drift. */
function statementsOnly(script: string): string {
  const hasStatements = script.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
  return hasStatements ? script : '';
}

/** The SQL that would take a database built from the migrations folder to schema.prisma; '' when they agree. */
export async function schemaDriftSql(
  target: DatabaseTarget,
  layout: MigrationLayout = projectMigrationLayout,
): Promise<string> {
  const migrationsList = await readMigrationList(layout);
  const schema = await readSchemaFile(layout);
  const output = await withShadowCapableConnection(target, 'diff', (connection) =>
    withEngine(connection, layout, (engine) =>
      engineCall('diff', () =>
        engine.diff({
          // With no migrations yet there is no lockfile either, and the engine then refuses the folder.
          from: migrationsList.migrationDirectories.length ? { tag: 'migrations', ...migrationsList } : { tag: 'empty' },
          to: { tag: 'schemaDatamodel', files: [schema] },
          script: true,
          exitCode: null,
          filters: NO_EXTERNAL_OBJECTS,
        }),
      ),
    ),
  );
  return statementsOnly(output.stdout ?? '');
}
