/**
 * Hostile input at every endpoint of the real API: only 2xx or 4xx may come back, never 5xx, and a refused request
 * changes no petition, event or document row.
 */
import express from 'express';
import fc from 'fast-check';
import { commandList } from '../../services/petitions/command-catalog';
import { requestBudget } from '../../services/api/security';
import { startTestSystem, type TestSystem } from '../support/system';

const TOTAL_CASES = 300;
const commands = commandList.map((command) => command.slug);

const hostileStrings = fc.constantFrom(
  "'; DROP TABLE \"Petition\"; --",
  "1' OR '1'='1",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}',
  '\u0000\u202e\ufeff',
  '𠮷野家🏥',
  '../../etc/passwd',
  'YWC',
  'XF-2026-000001',
  '',
  ' ',
);
const huge = fc.constantFrom('x'.repeat(300 * 1024), '信'.repeat(30_000), 'a'.repeat(20_001));
const scalar = fc.oneof(hostileStrings, fc.string(), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const hostileValue = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: huge },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 30 }) },
);

/** Bodies close enough to valid that many reach the workflow, with hostile values in some fields. */
function nearlyValidBody(command: string) {
  const text = fc.oneof(hostileStrings, fc.string({ minLength: 1, maxLength: 60 }), hostileValue);
  const department = fc.oneof(fc.constantFrom('YWC', 'XNK', 'CWC', 'NOPE', 'ywc'), hostileValue);
  const dueAt = fc.oneof(fc.constant(undefined), fc.constantFrom('2099-01-01T00:00:00+08:00', '2000-01-01T00:00:00Z', 'tomorrow'), hostileValue);
  switch (command) {
    case 'decline':
      return fc.record({ reason: text, redirectTo: text }, { requiredKeys: [] });
    case 'assign':
      return fc.record({ leadDepartment: department, cooperatingDepartments: fc.oneof(fc.array(department, { maxLength: 3 }), hostileValue), dueAt });
    case 'reply':
      return fc.record({ department, investigation: text, findings: text, opinion: text, result: text }, { requiredKeys: [] });
    case 'feedback':
      return fc.record({
        satisfaction: fc.oneof(fc.constantFrom('satisfied', 'basically_satisfied', 'dissatisfied'), hostileValue),
        deliveryMethod: fc.oneof(fc.constantFrom('email', 'post', 'in_person', 'phone'), hostileValue),
        deliveredOn: fc.oneof(fc.constantFrom('2026-12-01', '2099-01-01', '2026-02-30'), hostileValue),
        note: text,
      }, { requiredKeys: [] });
    default:
      return fc.oneof(fc.constant({}), fc.dictionary(fc.string({ maxLength: 10 }), hostileValue, { maxKeys: 3 }));
  }
}

const registrationBody = fc.record(
  {
    channel: fc.oneof(fc.constantFrom('visit', 'letter', 'phone', 'fax'), hostileValue),
    category: fc.oneof(fc.constantFrom('medical_quality', 'billing'), hostileValue),
    anonymous: fc.oneof(fc.boolean(), hostileValue),
    petitioner: fc.oneof(fc.record({ name: fc.oneof(hostileStrings, hostileValue), email: fc.oneof(fc.constant('a@b.cn'), hostileValue) }, { requiredKeys: [] }), hostileValue),
    peopleCount: fc.oneof(fc.integer({ min: -5, max: 4 }), hostileValue),
    content: fc.oneof(hostileStrings, hostileValue),
    complainedAbout: fc.oneof(fc.array(hostileStrings, { maxLength: 5 }), hostileValue),
    claimAmount: fc.oneof(fc.double(), fc.constant(12.34), hostileValue),
    receivedAt: fc.oneof(fc.constant('2026-01-05T08:00:00+08:00'), hostileValue),
    policyId: fc.oneof(fc.constant('xinfang-2022'), hostileString()),
  },
  { requiredKeys: [] },
);
function hostileString() {
  return fc.oneof(hostileStrings, fc.string());
}

/** Raw bodies no JSON serializer would write: broken text, prototype keys, deep nesting. */
const rawBodies = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '{"__proto__":{"polluted":"yes"},"channel":"visit"}',
    '{"constructor":{"prototype":{"polluted":"yes"}}}',
    '{"reason":"a","redirectTo":"b","__proto__":{"isAdmin":true}}',
    '{"leadDepartment":"YWC","cooperatingDepartments":{"__proto__":[]}}',
    '[' .repeat(5000) + ']'.repeat(5000),
    '{"a":' .repeat(2000) + '1' + '}'.repeat(2000),
    '{"channel":',
    'null',
    '"string"',
    '12',
    '\ud800',
  ),
  fc.jsonValue().map((value) => JSON.stringify(value)),
);
const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  '',
);

interface FuzzRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  contentType: string;
  /** The petition the request names, when it names an existing one. */
  target?: string;
  command?: string;
}

function numberArbitrary(known: string[]) {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known).map((number) => ({ segment: number, target: number })) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 999_999 }).map((n) => ({ segment: `XF-2020-${String(n).padStart(6, '0')}`, target: undefined })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((s) => ({ segment: encodeURIComponent(s) || 'x', target: undefined })) },
    { weight: 1, arbitrary: fc.constantFrom('%E0%A4%A', '%00', 'XF-2026-000000', '..%2F..%2Fhealthz', 'XF-2026-0000001', '__proto__').map((segment) => ({ segment, target: undefined })) },
  );
}

function requestArbitrary(known: string[]): fc.Arbitrary<FuzzRequest> {
  const json = (value: unknown) => JSON.stringify(value);
  const commandRequest = fc
    .tuple(fc.constantFrom(...commands), numberArbitrary(known))
    .chain(([command, number]) =>
      fc.tuple(fc.oneof({ weight: 3, arbitrary: nearlyValidBody(command).map(json) }, { weight: 1, arbitrary: rawBodies }), fc.oneof({ weight: 4, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: contentTypes })).map(
        ([body, contentType]): FuzzRequest => ({ method: 'POST', path: `/api/petitions/${number.segment}/${command}`, body, contentType, target: number.target, command }),
      ),
    );
  const createRequest = fc
    .tuple(fc.oneof({ weight: 3, arbitrary: registrationBody.map(json) }, { weight: 1, arbitrary: rawBodies }), contentTypes)
    .map(([body, contentType]): FuzzRequest => ({ method: 'POST', path: '/api/petitions', body, contentType }));
  const query = fc
    .dictionary(fc.oneof(fc.constantFrom('status', 'page', 'pageSize', '__proto__', 'constructor', 'status[]', 'page[a]'), fc.string({ maxLength: 8 })), fc.oneof(hostileStrings, fc.string(), fc.integer().map(String)), { maxKeys: 4 })
    .map((params) => Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
  const getRequest = fc
    .tuple(fc.option(numberArbitrary(known), { nil: undefined }), query)
    .map(([number, q]): FuzzRequest => ({ method: 'GET', path: `/api/petitions${number ? `/${number.segment}` : ''}?${q}`, contentType: '' }));
  return fc.oneof({ weight: 6, arbitrary: commandRequest }, { weight: 2, arbitrary: createRequest }, { weight: 2, arbitrary: getRequest });
}

describe('hostile requests at every endpoint', () => {
  let system: TestSystem;
  const known: string[] = [];

  async function send(request: FuzzRequest): Promise<number> {
    const headers: Record<string, string> = { authorization: `Bearer ${system.apiToken}`, 'x-staff-id': 'intake01' };
    if (request.contentType) headers['content-type'] = request.contentType;
    const response = await fetch(`${system.apiUrl}${request.path}`, { method: request.method, headers, body: request.body });
    await response.arrayBuffer();
    return response.status;
  }

  /**
   * What a request could have changed. Events the system writes by itself (a mail's delivery recorded, a timer's
   * step) may land at any moment and are not counted: a refusal is about the rows a request writes.
   */
  async function rowsOf(number: string | undefined) {
    const prisma = system.prisma;
    const petition = number ? await prisma.petition.findUnique({ where: { number }, select: { id: true, status: true } }) : null;
    const where = petition ? { petitionId: petition.id } : {};
    const [petitions, events, documents] = await Promise.all([prisma.petition.count(), prisma.petitionEvent.count({ where: { ...where, actor: { not: 'system' } } }), prisma.petitionDocument.count({ where })]);
    return { petitions, events, documents, status: petition?.status };
  }

  beforeAll(async () => {
    // On PostgreSQL the test system has a database of its own, so the row counts below are this file's alone.
    system = await startTestSystem();
    const register = async (extra: Record<string, unknown> = {}) => {
      const created = await system.api('/api/petitions', {
        body: { channel: 'visit', category: 'medical_quality', petitioner: { name: '测试', email: 'fuzz@example.cn' }, content: '测试内容', ...extra },
      });
      expect(created.status).toBe(201);
      known.push(created.body.number);
      return created.body.number as string;
    };
    await register();
    const accepted = await register();
    expect((await system.api(`/api/petitions/${accepted}/accept`, { body: {} })).status).toBe(200);
    const assigned = await register();
    expect((await system.api(`/api/petitions/${assigned}/accept`, { body: {} })).status).toBe(200);
    expect((await system.api(`/api/petitions/${assigned}/assign`, { body: { leadDepartment: 'YWC' } })).status).toBe(200);
    const archived = await register({ anonymous: true, petitioner: undefined });
    expect((await system.api(`/api/petitions/${archived}/decline`, { body: { reason: '不属于受理范围', redirectTo: '卫生健康委' } })).status).toBe(200);
    expect((await system.api(`/api/petitions/${archived}/archive`, { body: {} })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  test(`${TOTAL_CASES} random and hostile requests: never 5xx, and a refusal changes no row`, async () => {
    const leftOverDocuments: string[] = [];
    await fc.assert(
      fc.asyncProperty(requestArbitrary(known), async (request) => {
        const before = await rowsOf(request.target);
        const status = await send(request);
        if (status >= 500) throw new Error(`${status} for ${request.method} ${request.path} (${request.contentType}) body ${request.body?.slice(0, 300)}`);
        expect(status).toBeGreaterThanOrEqual(200);
        if (status < 400) return;
        const after = await rowsOf(request.target);
        expect({ petitions: after.petitions, events: after.events, status: after.status }).toEqual({ petitions: before.petitions, events: before.events, status: before.status });
        if (after.documents !== before.documents) leftOverDocuments.push(`${status} ${request.path} (petition was ${before.status})`);
      }),
      { numRuns: TOTAL_CASES, endOnFailure: true, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(leftOverDocuments).toEqual([]);
  }, 240_000);

  test('a refused decline leaves no document behind', async () => {
    const number = known[1]; // accepted earlier, so decline is refused
    const before = await rowsOf(number);
    expect((await system.api(`/api/petitions/${number}/decline`, { body: { reason: '理由', redirectTo: '去处' } })).status).toBe(409);
    expect((await rowsOf(number)).documents).toBe(before.documents);
  });

  test('pages and API answers carry security headers', async () => {
    const response = await fetch(`${system.apiUrl}/api/petitions`, { headers: { authorization: `Bearer ${system.apiToken}` } });
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('ratelimit-policy')).toMatch(/^\d+;w=60$/);
  });

  test('a body over 256 kB is refused with 413 and nothing is registered', async () => {
    const before = await rowsOf(undefined);
    const status = await send({ method: 'POST', path: '/api/petitions', contentType: 'application/json', body: JSON.stringify({ content: 'x'.repeat(300 * 1024) }) });
    expect(status).toBe(413);
    expect((await rowsOf(undefined)).petitions).toBe(before.petitions);
  });

  test('a client over its request budget gets 429 with Retry-After', async () => {
    const app = express();
    app.use(requestBudget(3, 'the test'));
    app.get('/', (_req, res) => void res.json({ ok: true }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 5; i++) {
        last = await fetch(`http://127.0.0.1:${port}/`);
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await last!.json()) as { error: string }).error).toContain('请求过于频繁');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
