/**
 * docker-compose.yml gives each petition service exactly the variables its process reads (services/config.ts): none
 * that the code ignores (a misspelt or stale name would be silently dead), none missing (an operator could not set it
 * through .env). The image's ENV counts as set for both services. And the compose file's interpolation, which the
 * production-like cluster uses to start its processes, behaves as compose does.
 */
import { docOf, variableNames, type ProcessName } from '../../services/config';
import { composeEnvironment, imageEnvironment, interpolate, petitionServices, resolvedServiceEnvironment } from '../../infra/ops/compose-env';

/** Variables of the operating system or runtime, not of the product. */
const PLATFORM = new Set(['TZ', 'NODE_ENV']);

const readBy = (process: ProcessName) => new Set<string>(variableNames.filter((name) => docOf(name).processes.includes(process)));
const sorted = (names: Iterable<string>) => [...names].sort();

describe.each(petitionServices)('docker-compose.yml service %s', (service) => {
  const reads = readBy(service);
  const composed = Object.keys(composeEnvironment(service));
  const image = Object.keys(imageEnvironment());

  test('sets no variable its process does not read', () => {
    expect(sorted(composed.filter((name) => !reads.has(name) && !PLATFORM.has(name)))).toEqual([]);
  });

  test('sets every variable its process reads (the image ENV counts)', () => {
    const set = new Set([...composed, ...image]);
    expect(sorted([...reads].filter((name) => !set.has(name)))).toEqual([]);
  });

  test('sets every variable its process requires', () => {
    const required = variableNames.filter((name) => docOf(name).requiredBy?.includes(service));
    expect(sorted(required.filter((name) => !composed.includes(name)))).toEqual([]);
  });
});

test('the image ENV names only variables an API or worker reads', () => {
  const read = new Set([...readBy('api'), ...readBy('worker')]);
  expect(sorted(Object.keys(imageEnvironment()).filter((name) => !read.has(name) && !PLATFORM.has(name)))).toEqual([]);
});

describe('interpolation as compose does it', () => {
  test('defaults, required values and escapes', () => {
    expect(interpolate('${A:-x}', {})).toBe('x');
    expect(interpolate('${A:-x}', { A: '' })).toBe('x');
    expect(interpolate('${A-x}', { A: '' })).toBe('');
    expect(interpolate('${A:-x}', { A: 'y' })).toBe('y');
    expect(interpolate('a$$b', {})).toBe('a$b');
    expect(interpolate('pg://${U:-p}:${P:?set P}@h', { P: 's' })).toBe('pg://p:s@h');
    expect(() => interpolate('${P:?set P}', {})).toThrow('P: set P');
  });

  test('the cluster may replace only variables the service sets', () => {
    const vars = { POSTGRES_PASSWORD: 'pw', LINK_SIGNING_KEY: 'k'.repeat(32) };
    const env = resolvedServiceEnvironment('worker', vars, { DATABASE_URL: 'postgresql://here' });
    expect(env.DATABASE_URL).toBe('postgresql://here');
    expect(env.SMTP_URL).toBe('smtp://mailpit:1025');
    expect(env.LINK_VALID_DAYS_AFTER_DUE).toBe('');
    expect(() => resolvedServiceEnvironment('worker', vars, { API_TOKEN: 'x' })).toThrow('API_TOKEN');
  });
});
