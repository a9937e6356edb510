// Driver adapter factories for Prisma's WASM schema engine, with the defects of the published adapters fixed
// (see /work/shared/PRISMA-OFFLINE.md). The application's PrismaClient does not go through this file.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';

/** A factory that remembers what it opened, so a finished engine session leaves no pool or shadow database behind. */
export interface ClosableMigrationAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  disposeAll(): Promise<void>;
}

const PG_CATALOG_CHAR_OID = 18;
const TEXT_OID = 25;

type FieldsCarrier = { fields?: Array<{ dataTypeID: number }> };

function withCatalogCharAsText<T>(result: T): T {
  for (const part of Array.isArray(result) ? result : [result]) {
    for (const field of (part as FieldsCarrier | undefined)?.fields ?? []) {
      if (field.dataTypeID === PG_CATALOG_CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

/**
 * The engine's introspection selects pg_catalog columns of type "char" (OID 18), which @prisma/adapter-pg 7.10
 * rejects as an unsupported type. Its values arrive as plain strings, so reporting them as text is exact.
 */
class CatalogCharAsTextClient extends pg.Client {
  // pg.Client#query has many overloads (callback, promise, submittable); this keeps all of them and rewrites results.
  override query(...args: unknown[]): never {
    const callbackAt = args.findIndex((arg) => typeof arg === 'function');
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (error: Error | null, result?: unknown) => void;
      args[callbackAt] = (error: Error | null, result?: unknown) => callback(error, withCatalogCharAsText(result));
    }
    const outcome = (pg.Client.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
    if (outcome instanceof Promise) return outcome.then(withCatalogCharAsText) as never;
    return outcome as never;
  }
}

type DatabaseErrorLike = { code: string; severity: string; message: string; detail?: string; column?: string; hint?: string };

function isDatabaseError(error: unknown): error is DatabaseErrorLike {
  const candidate = error as Partial<DatabaseErrorLike> | null;
  return typeof candidate?.code === 'string' && typeof candidate.severity === 'string';
}

/** Reports a failed script with the server's own message, which the engine records in _prisma_migrations.logs. */
function asAdapterError(error: unknown): unknown {
  if (!isDatabaseError(error)) return error;
  return new DriverAdapterError({
    kind: 'postgres',
    code: error.code,
    severity: error.severity,
    message: error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  });
}

/**
 * Both adapters mishandle migration scripts: adapter-pg splits on ';' (breaking $$ bodies and leaving a failed
 * migration half applied), pglite-prisma-adapter does not await the script (a failure is recorded as success).
 * A script sent as one simple-protocol query runs in one implicit transaction: all of it or none of it.
 */
function withWholeScripts(
  adapter: SqlDriverAdapter,
  runScript: (script: string) => Promise<unknown>,
  afterDispose?: () => Promise<void>,
): SqlDriverAdapter {
  let disposed: Promise<void> | undefined;
  const fixed: SqlDriverAdapter = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    async executeScript(script) {
      try {
        await runScript(script);
      } catch (error) {
        throw asAdapterError(error);
      }
    },
    dispose() {
      disposed ??= adapter.dispose().then(() => afterDispose?.());
      return disposed;
    },
  };
  if (adapter.getConnectionInfo) fixed.getConnectionInfo = () => adapter.getConnectionInfo!();
  return fixed;
}

abstract class TrackingFactory implements ClosableMigrationAdapterFactory {
  readonly provider = 'postgres' as const;
  abstract readonly adapterName: string;
  private readonly handedOut = new Set<SqlDriverAdapter>();

  abstract connect(): Promise<SqlDriverAdapter>;
  abstract connectToShadowDb(): Promise<SqlDriverAdapter>;

  protected track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    this.handedOut.add(adapter);
    return adapter;
  }

  async disposeAll(): Promise<void> {
    const adapters = [...this.handedOut];
    this.handedOut.clear();
    // Shadow databases are dropped through the main connection's server, so close them first.
    for (const adapter of adapters.reverse()) await adapter.dispose();
  }
}

/** Separate fields rather than a connection string: adapter-pg lets a URL override the shadow database's name. */
export function postgresConnectionFields(url: string): pg.ClientConfig {
  const parsed = new URL(url);
  const decode = (value: string) => (value ? decodeURIComponent(value) : undefined);
  const sslmode = parsed.searchParams.get('sslmode');
  return {
    host: decode(parsed.hostname.replace(/^\[|\]$/g, '')) ?? parsed.searchParams.get('host') ?? undefined,
    port: parsed.port ? Number(parsed.port) : undefined,
    user: decode(parsed.username),
    password: decode(parsed.password),
    database: decode(parsed.pathname.replace(/^\//, '')),
    ssl: sslmode && sslmode !== 'disable' && sslmode !== 'prefer' ? { rejectUnauthorized: sslmode === 'verify-full' } : undefined,
  };
}

class PostgresMigrationFactory extends TrackingFactory {
  readonly adapterName = '@prisma/adapter-pg';
  private readonly fields: pg.ClientConfig;
  private readonly schema: string | undefined;

  constructor(url: string) {
    super();
    this.fields = postgresConnectionFields(url);
    this.schema = new URL(url).searchParams.get('schema') ?? undefined;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return this.track(await this.open(this.fields));
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadowDatabase = `prisma_migrate_shadow_db_${randomUUID()}`;
    await this.runOnServer(`CREATE DATABASE "${shadowDatabase}"`);
    // Dropped only after its own pool is closed: PostgreSQL refuses to drop a database with open sessions.
    const dropShadow = () => this.runOnServer(`DROP DATABASE IF EXISTS "${shadowDatabase}"`);
    return this.track(await this.open({ ...this.fields, database: shadowDatabase }, dropShadow));
  }

  private async open(fields: pg.ClientConfig, afterDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
    const adapter = await new PrismaPg({ ...fields, Client: CatalogCharAsTextClient }, { schema: this.schema }).connect();
    const pool = adapter.underlyingDriver();
    return withWholeScripts(adapter, (script) => pool.query(script), afterDispose);
  }

  private async runOnServer(sql: string): Promise<void> {
    const client = new pg.Client(this.fields);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}

class PgliteMigrationFactory extends TrackingFactory {
  readonly adapterName = 'pglite-prisma-adapter';

  constructor(
    private readonly db: PGlite,
    private readonly shadowIsMain: boolean,
  ) {
    super();
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await new PrismaPGlite(this.db).connect();
    return this.track(withWholeScripts(adapter, (script) => this.db.exec(script)));
  }

  /** The published adapter never closes its in-memory shadow database; this one does. */
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    if (this.shadowIsMain) return this.connect();
    const shadow = new PGlite();
    await shadow.waitReady;
    const adapter = await new PrismaPGlite(shadow).connect();
    return this.track(withWholeScripts(adapter, (script) => shadow.exec(script), () => shadow.close()));
  }
}

export function postgresMigrationAdapterFactory(url: string): ClosableMigrationAdapterFactory {
  return new PostgresMigrationFactory(url);
}

/**
 * The caller owns `db` (PGlite allows one connection): the factory borrows it and never closes it.
 * `shadowIsMain` lets a throwaway database double as the shadow database (the engine wipes the shadow before use),
 * which saves starting a second PGlite.
 */
export function pgliteMigrationAdapterFactory(db: PGlite, options: { shadowIsMain?: boolean } = {}): ClosableMigrationAdapterFactory {
  return new PgliteMigrationFactory(db, options.shadowIsMain ?? false);
}
