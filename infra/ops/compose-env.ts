/**
 * docker-compose.yml is the deployment artefact, and the production-like cluster here (infra/cluster/start.sh) must run
 * its processes with exactly the variables it sets. This module reads a service's environment from the compose file
 * (anchors merged) and the image's ENV from the Dockerfile, so the cluster and test/unit/compose-env.test.ts take them
 * from there instead of keeping a copy.
 *
 * As a command it prints the environment of one service, NUL-separated `KEY=VALUE` (for `env -i`), interpolated the
 * way compose does (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `$$`) from its own environment;
 * `KEY=VALUE` arguments replace a variable the service sets (this machine's addresses in place of the service names)
 * and are refused for any variable it does not set, so nothing but the compose file's variables reaches the process:
 *   npx tsx infra/ops/compose-env.ts api DATABASE_URL=postgresql://… HOST=127.0.0.1
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
export const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
export const DOCKERFILE = path.join(ROOT, 'Dockerfile');

/** The services built from this repository's Dockerfile (the others run third-party images). */
export const petitionServices = ['api', 'worker'] as const;
export type PetitionService = (typeof petitionServices)[number];

interface ComposeFile {
  services: Record<string, { environment?: Record<string, string | number | boolean | null> | string[]; build?: unknown; image?: string }>;
}

function composeFile(file = COMPOSE_FILE): ComposeFile {
  return parse(readFileSync(file, 'utf8'), { merge: true }) as ComposeFile;
}

/** The variables the compose file gives a service, as written (before interpolation). */
export function composeEnvironment(service: string, file = COMPOSE_FILE): Record<string, string> {
  const definition = composeFile(file).services[service];
  if (!definition) throw new Error(`docker-compose.yml has no service "${service}"`);
  const environment = definition.environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(environment.map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, value == null ? '' : String(value)]));
}

/** The image's ENV (the runtime stage of the Dockerfile): the variables every petition service starts with. */
export function imageEnvironment(file = DOCKERFILE): Record<string, string> {
  const text = readFileSync(file, 'utf8').replace(/\\\n/g, ' ');
  const stages = text.split(/^FROM\s/m);
  const runtime = stages[stages.length - 1];
  const result: Record<string, string> = {};
  for (const line of runtime.split('\n')) {
    const match = /^ENV\s+(.*)$/.exec(line.trim());
    if (!match) continue;
    for (const pair of match[1].trim().split(/\s+/)) {
      const at = pair.indexOf('=');
      if (at > 0) result[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  return result;
}

/** A petition service's whole environment as written: the image's ENV, then the compose file's (which wins). */
export function serviceEnvironment(service: PetitionService): Record<string, string> {
  return { ...imageEnvironment(), ...composeEnvironment(service) };
}

/** Compose's interpolation of one value from `vars`. Throws for `${VAR:?message}` with VAR unset or empty. */
export function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name, colon, op, arg, bare) => {
    if (whole === '$$') return '$';
    if (bare) return vars[bare] ?? '';
    const current = vars[name];
    const missing = colon ? current === undefined || current === '' : current === undefined;
    if (op === '-') return missing ? interpolate(arg ?? '', vars) : current!;
    if (op === '?') {
      if (missing) throw new Error(`${name}: ${arg || 'required'}`);
      return current!;
    }
    return current ?? '';
  });
}

/**
 * The environment a petition service's process gets: each variable the service sets, interpolated from `vars`, with
 * `overrides` in place of the values that name compose's hosts. An override for a variable the service does not set
 * is refused.
 */
export function resolvedServiceEnvironment(
  service: PetitionService,
  vars: Record<string, string | undefined>,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const written = serviceEnvironment(service);
  const unknown = Object.keys(overrides).filter((key) => !(key in written));
  if (unknown.length > 0) throw new Error(`docker-compose.yml does not give ${service} ${unknown.join(', ')}: not passed`);
  return Object.fromEntries(Object.entries(written).map(([key, value]) => [key, key in overrides ? overrides[key] : interpolate(value, vars)]));
}

function main(argv: string[]): void {
  const [service, ...pairs] = argv;
  if (!petitionServices.includes(service as PetitionService)) {
    console.error(`usage: compose-env.ts <${petitionServices.join('|')}> [KEY=VALUE …]`);
    process.exit(2);
  }
  const overrides = Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
  try {
    const env = resolvedServiceEnvironment(service as PetitionService, process.env, overrides);
    process.stdout.write(Object.entries(env).map(([key, value]) => `${key}=${value}\0`).join(''));
  } catch (error) {
    console.error(`compose-env: ${(error as Error).message}`);
    process.exit(1);
  }
}

if (require.main === module) main(process.argv.slice(2));
