/**
 * The one configuration (services/config.ts): the README's variable tables are the schema's, bad values are refused
 * with a message naming the variable (and not a stack trace), and no other file of services/ or activities/ reads
 * process.env.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError, environmentSchema, loadSettings, readmeSections, variableNames } from '../../services/config';
import { README, readmeBlock, renderTable } from '../../infra/ops/env-docs';

const ROOT = path.resolve(__dirname, '..', '..');
const readme = readFileSync(README, 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function problemsOf(env: NodeJS.ProcessEnv, processName?: 'api' | 'worker'): string {
  try {
    loadSettings(env, processName);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('the README documents the schema', () => {
  test.each(readmeSections)('the %s table is the one generated from the schema', (section) => {
    const block = readmeBlock(readme, section);
    expect(block).toBeDefined();
    expect(block).toBe(renderTable(section));
  });

  test('every variable of the schema is in a README table with its default', () => {
    const defaults = loadSettings({});
    for (const name of variableNames) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      expect({ name, row }).toEqual({ name, row: expect.any(String) });
      const value = defaults[name];
      if (typeof value === 'number') expect({ name, default: row!.split(' | ')[2] }).toEqual({ name, default: String(value) });
    }
  });

  test('every variable a README table names is in the schema', () => {
    const named = readme
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]{2,})`/g)].map((m) => m[1]!));
    expect(named.length).toBeGreaterThan(40);
    const known = new Set<string>(variableNames);
    expect(named.filter((name) => !known.has(name))).toEqual([]);
  });
});

describe('parsing the environment', () => {
  test('nothing set gives the documented defaults; an empty value counts as unset', () => {
    const settings = loadSettings({ PORT: '', LOG_LEVEL: '' });
    expect(settings.PORT).toBe(3000);
    expect(settings.publicBaseUrl).toBe('http://localhost:3000');
    expect(settings.TEMPORAL_TASK_QUEUE).toBe('petitions');
    expect(settings.SESSION_IDLE_MINUTES).toBe(30);
    expect(settings.DAILY_REPORT_TIME).toBe('15:00');
    expect(settings.LOG_LEVEL).toBe('info');
    expect(settings.API_TOKEN_SERVICE).toBe('api');
  });

  test('values are typed', () => {
    const settings = loadSettings({ PORT: '3300', RATE_LIMIT_API_PER_MINUTE: '1000', PUBLIC_BASE_URL: 'https://xinfang.example.cn' });
    expect(settings.PORT).toBe(3300);
    expect(settings.RATE_LIMIT_API_PER_MINUTE).toBe(1000);
    expect(settings.publicBaseUrl).toBe('https://xinfang.example.cn');
  });

  test('each bad value is named, with its value unless it is a secret', () => {
    const message = problemsOf({ PORT: 'abc', LOG_LEVEL: 'loud', DAILY_REPORT_TIME: '25:00', LINK_SIGNING_KEY: 'short-secret', API_TOKEN_SERVICE: 'His Bridge' });
    expect(message).toMatch(/^配置错误 \(invalid environment\)/);
    expect(message).toContain('PORT="abc"');
    expect(message).toContain('LOG_LEVEL="loud"');
    expect(message).toContain('DAILY_REPORT_TIME="25:00"');
    expect(message).toContain('API_TOKEN_SERVICE="His Bridge"');
    expect(message).toContain('LINK_SIGNING_KEY=(hidden)');
    expect(message).not.toContain('short-secret');
  });

  test('the split processes name the variables they cannot do without', () => {
    const worker = problemsOf({}, 'worker');
    for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL']) expect(worker).toContain(name);
    const api = problemsOf({}, 'api');
    expect(api).toContain('DATABASE_URL');
    expect(api).not.toContain('SMTP_URL');
    expect(() => loadSettings({ DATABASE_URL: 'postgresql://x@db/petitions', TEMPORAL_ADDRESS: 'temporal:7233' }, 'api')).not.toThrow();
  });

  test('every variable is documented', () => {
    expect(Object.keys(environmentSchema.shape)).toEqual(variableNames);
  });

  test('an entry point with a bad value exits 1 with a readable message and no stack trace', () => {
    const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['services/api.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PORT: 'abc', DATABASE_URL: 'postgresql://x@127.0.0.1:1/none', TEMPORAL_ADDRESS: '127.0.0.1:1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT="abc"');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  }, 90_000);
});

describe('the deployment files use the schema', () => {
  /** Set for the OS or Node, not read by the product. */
  const systemVariables = new Set(['TZ', 'NODE_ENV']);
  const known = new Set<string>(variableNames);

  test('docker-compose.yml gives the API and the worker only variables of the schema, and runs the entry points', () => {
    const compose = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
    const anchor = /^x-petitions-env: &petitions-env\n((?: {2}.*\n)+)/m.exec(compose)?.[1] ?? '';
    const service = (name: string) => new RegExp(`^ {2}${name}:\\n((?: {4}.*\\n|\\n)+)`, 'm').exec(compose)?.[1] ?? '';
    const environmentOf = (block: string) => /^ {4}environment:\n((?: {6}.*\n)+)/m.exec(block)?.[1] ?? '';
    const names = [anchor, environmentOf(service('api')), environmentOf(service('worker'))]
      .flatMap((block) => [...block.matchAll(/^ +([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!));
    expect(names).toEqual(expect.arrayContaining(['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'PORT', 'METRICS_PORT']));
    expect(names.filter((name) => !known.has(name) && !systemVariables.has(name))).toEqual([]);
    expect(service('api')).toContain('command: ["services/api.ts"]');
    expect(service('worker')).toContain('command: ["services/worker.ts"]');
  });

  test('the Dockerfile sets only variables of the schema and runs the API by default', () => {
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const env = /^ENV ((?:.*\\\n)*.*)$/m.exec(dockerfile)?.[1] ?? '';
    const names = [...env.matchAll(/([A-Z][A-Z0-9_]+)=/g)].map((m) => m[1]!);
    expect(names).toContain('WORKFLOW_BUNDLE_PATH');
    expect(names.filter((name) => !known.has(name) && !systemVariables.has(name))).toEqual([]);
    expect(dockerfile).toContain('CMD ["services/api.ts"]');
  });
});

test('only services/config.ts reads process.env in services/ and activities/', () => {
  const readers = [...sourceFiles(path.join(ROOT, 'services')), ...sourceFiles(path.join(ROOT, 'activities'))]
    .filter((file) => readFileSync(file, 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '').includes('process.env'))
    .map((file) => path.relative(ROOT, file));
  expect(readers).toEqual(['services/config.ts']);
});
