// Prisma's schema engine (migrations, diffs) compiled to WebAssembly, driven through a driver adapter.
// The native engine the prisma CLI spawns cannot be downloaded on these machines; this one ships on npm.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import type { PGlite } from '@electric-sql/pglite';
import {
  pgliteMigrationAdapterFactory,
  postgresMigrationAdapterFactory,
  type ClosableMigrationAdapterFactory,
} from './migration-adapters';

export type { SchemaEngine } from '@prisma/schema-engine-wasm';

const PACKAGE_DIR = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
const GLUE_MODULE_NAME = './schema_engine_bg.js';

type EngineBindings = { SchemaEngine: typeof SchemaEngine };
type WasmExports = Record<string, unknown>;
type GlueModule = EngineBindings & { __wbg_set_wasm(exports: WasmExports): void } & Record<string, unknown>;
// tsconfig's lib has no WebAssembly declarations (they come with "dom"); this is the one call needed.
type WasmApi = {
  instantiate(bytes: Uint8Array, imports: Record<string, object>): Promise<{ instance: { exports: WasmExports } }>;
};
const { WebAssembly: wasmApi } = globalThis as unknown as { WebAssembly: WasmApi };

let bindings: Promise<EngineBindings> | undefined;
let lastPanicMessage: string | undefined;
let openSessions = 0;
// The engine races some operations (the migration advisory lock) against a timer it never clears; a process that
// is done would otherwise linger until the timer fires (10 s). Cleared when the last session closes.
const engineTimers = new Set<ReturnType<typeof setTimeout>>();

function trackEngineTimers(glue: GlueModule): void {
  for (const name of Object.keys(glue).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
    glue[name] = (callback: () => void, delayMs: number) => {
      const timer = setTimeout(() => {
        engineTimers.delete(timer);
        callback();
      }, delayMs >>> 0);
      engineTimers.add(timer);
      return timer;
    };
  }
}

function clearEngineTimersIfIdle(): void {
  if (openSessions > 0) return;
  for (const timer of engineTimers) clearTimeout(timer);
  engineTimers.clear();
}

/**
 * The package's wasm-bindgen glue is an ES module without imports of its own. Jest's CommonJS runtime cannot
 * load ES modules, so it is evaluated here as a function returning its exports; the same path runs under tsx.
 */
async function evaluateGlue(): Promise<GlueModule> {
  const source = await readFile(path.join(PACKAGE_DIR, 'schema_engine_bg.js'), 'utf8');
  if (/^\s*import\b/m.test(source)) {
    throw new Error('@prisma/schema-engine-wasm glue now imports other modules; update infra/db/schema-engine.ts');
  }
  const exportedNames = [...source.matchAll(/^export (?:function|class) ([A-Za-z_$][\w$]*)/gm)].map((match) => match[1]);
  const body = `${source.replace(/^export (function|class) /gm, '$1 ')}\nreturn { ${exportedNames.join(', ')} };`;
  return new Function(`${body}\n//# sourceURL=${path.join(PACKAGE_DIR, 'schema_engine_bg.js')}`)() as GlueModule;
}

async function instantiateEngine(): Promise<EngineBindings> {
  // Rust panics are reported here before the call fails; keep the message for the error we raise.
  (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message: string) {
      lastPanicMessage = message;
    },
  };
  const glue = await evaluateGlue();
  trackEngineTimers(glue);
  const wasmBytes = await readFile(path.join(PACKAGE_DIR, 'schema_engine_bg.wasm'));
  const { instance } = await wasmApi.instantiate(wasmBytes, { [GLUE_MODULE_NAME]: glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return { SchemaEngine: glue.SchemaEngine };
}

function loadEngineBindings(): Promise<EngineBindings> {
  bindings ??= instantiateEngine().catch((error: unknown) => {
    bindings = undefined;
    throw error;
  });
  return bindings;
}

/** Engine errors arrive as JSON-ish strings or objects; turn them into Errors that say what went wrong. */
export function engineError(error: unknown, operation: string): Error {
  const panic = lastPanicMessage;
  lastPanicMessage = undefined;
  const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  const wrapped = new Error(`schema engine ${operation} failed: ${detail}${panic ? `\npanic: ${panic}` : ''}`);
  (wrapped as Error & { cause?: unknown }).cause = error;
  return wrapped;
}

export interface SchemaEngineSession {
  readonly engine: SchemaEngine;
  /** Frees the engine and closes every pool and shadow database it opened (never a borrowed PGlite). */
  close(): Promise<void>;
}

/** `scratch`: a throwaway PGlite that may double as the shadow database. */
export type SchemaEngineConnection =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; db: PGlite; scratch?: boolean };

export interface SchemaFile {
  path: string;
  content: string;
}

function adapterFactoryFor(connection: SchemaEngineConnection): ClosableMigrationAdapterFactory {
  return connection.kind === 'postgres'
    ? postgresMigrationAdapterFactory(connection.url)
    : pgliteMigrationAdapterFactory(connection.db, { shadowIsMain: connection.scratch });
}

export async function openSchemaEngine(connection: SchemaEngineConnection, schema: SchemaFile): Promise<SchemaEngineSession> {
  const { SchemaEngine: Engine } = await loadEngineBindings();
  const factory = adapterFactoryFor(connection);
  openSessions += 1;
  const logEngine = process.env.PRISMA_SCHEMA_ENGINE_LOG ? (line: string) => console.error(line) : () => undefined;
  let engine: SchemaEngine;
  try {
    engine = await Engine.new(
      { datamodels: [[schema.path, schema.content]] },
      logEngine,
      // The engine calls factory methods unbound and expects {ok, value} results: this wrapper provides both.
      bindMigrationAwareSqlAdapterFactory(factory),
    );
  } catch (error) {
    openSessions -= 1;
    clearEngineTimersIfIdle();
    await factory.disposeAll();
    throw engineError(error, 'start');
  }
  let closed: Promise<void> | undefined;
  return {
    engine,
    close() {
      closed ??= (async () => {
        engine.free();
        openSessions -= 1;
        clearEngineTimersIfIdle();
        await factory.disposeAll();
      })();
      return closed;
    },
  };
}
