import { openSession, resumeSession } from '../../services/auth/sessions';
import { useTestSystem, type TestSystem } from '../support/system';

const registration = {
  channel: 'visit',
  category: 'medical_quality',
  petitioner: { name: '李秀兰', phone: '13900139000', email: 'li.xiulan@example.cn' },
  content: '门诊候诊时间过长，护士态度生硬。',
};

async function login(system: TestSystem, staffId: string, password = 'test-password-123', origin?: string) {
  const response = await fetch(`${system.apiUrl}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
    body: new URLSearchParams({ staffId, password, next: '/console/ledger' }),
  });
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { status: response.status, setCookie, cookie: setCookie.split(';')[0] };
}

async function csrfFrom(system: TestSystem, cookie: string): Promise<string> {
  const page = await (await fetch(`${system.apiUrl}/console/ledger`, { headers: { cookie } })).text();
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

describe('sign-in, roles and the public lookup', () => {
  const system = useTestSystem({ LOOKUP_RATE_LIMIT: '3' });

  test('the JSON API refuses calls without credentials (401) and with a wrong token or unknown staff', async () => {
    const anonymous = await system.api('/api/petitions', { headers: { authorization: '' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toContain('未登录');
    expect((await system.api('/api/petitions', { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    expect((await system.api('/api/reports', { headers: { authorization: '' } })).status).toBe(401);
    const unknown = await system.api('/api/petitions', { headers: { 'x-staff-id': 'nobody' } });
    expect(unknown.status).toBe(403);
    expect((await system.api('/healthz', { headers: { authorization: '' } })).status).toBe(200);
  });

  test('each role may do only its own part (403 otherwise)', async () => {
    const asLeader = { 'x-staff-id': 'leader-med' };
    expect((await system.api('/api/petitions', { body: registration, headers: asLeader })).status).toBe(403);
    const { body } = await system.api('/api/petitions', { body: registration, headers: { 'x-staff-id': 'intake01' } });
    const number = body.number as string;
    const refused = await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: asLeader });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toContain('无权操作');
    expect((await system.api(`/api/petitions/${number}`, { headers: asLeader })).status).toBe(200);
    expect((await system.api('/api/reports', { headers: asLeader })).status).toBe(200);
    expect((await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: { 'x-staff-id': 'ywc01' } })).status).toBe(403);
    expect((await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: { 'x-staff-id': 'intake01' } })).status).toBe(200);
    expect((await system.api('/api/reports', { headers: { 'x-staff-id': 'ywc01' } })).status).toBe(403);
  });

  test('a department sees only its own petitions, without the petitioner, and replies only in its own name', async () => {
    const intake = { 'x-staff-id': 'intake01' };
    const ywc = { 'x-staff-id': 'ywc01' };
    const mine = (await system.api('/api/petitions', { body: registration, headers: intake })).body.number as string;
    const theirs = (await system.api('/api/petitions', { body: registration, headers: intake })).body.number as string;
    for (const [number, lead] of [[mine, 'YWC'], [theirs, 'XNK']]) {
      await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: intake });
      expect((await system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: lead }, headers: intake })).status).toBe(200);
    }
    const ledger = await system.api('/api/petitions', { headers: ywc });
    const numbers = ledger.body.items.map((p: { number: string }) => p.number);
    expect(numbers).toContain(mine);
    expect(numbers).not.toContain(theirs);
    expect((await system.api(`/api/petitions/${theirs}`, { headers: ywc })).status).toBe(403);
    const detail = await system.api(`/api/petitions/${mine}`, { headers: ywc });
    expect(detail.status).toBe(200);
    expect(detail.body.content).toContain('候诊');
    expect(JSON.stringify(detail.body)).not.toMatch(/李秀兰|13900139000|li\.xiulan|queryCode/);
    const reply = { investigation: '调查', findings: '查明', opinion: '意见', result: '结果' };
    expect((await system.api(`/api/petitions/${mine}/reply`, { body: { department: 'XNK', ...reply }, headers: ywc })).status).toBe(403);
    expect((await system.api(`/api/petitions/${theirs}/reply`, { body: { department: 'XNK', ...reply }, headers: ywc })).status).toBe(403);
    expect((await system.api(`/api/petitions/${mine}/reply`, { body: { department: 'YWC', ...reply }, headers: ywc })).status).toBe(200);
  });

  test('console sessions: HttpOnly SameSite=Strict cookie, CSRF token required for writes, logout ends the session', async () => {
    expect((await login(system, 'intake01', 'wrong-password')).status).toBe(401);
    const crossSite = await login(system, 'intake01', undefined, 'https://evil.example');
    expect(crossSite.status).toBe(403);
    const { status, setCookie, cookie } = await login(system, 'intake01');
    expect(status).toBe(303);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const withCookie = (extra: Record<string, string> = {}) => ({ cookie, authorization: '', ...extra });
    expect((await system.api('/api/petitions', { headers: withCookie() })).status).toBe(200);
    const number = (await system.api('/api/petitions', { body: registration, headers: { 'x-staff-id': 'intake01' } })).body.number;
    const noToken = await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: withCookie() });
    expect(noToken.status).toBe(403);
    const csrf = await csrfFrom(system, cookie);
    const crossOrigin = await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: withCookie({ 'x-csrf-token': csrf, origin: 'https://evil.example' }) });
    expect(crossOrigin.status).toBe(403);
    const accepted = await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: withCookie({ 'x-csrf-token': csrf }) });
    expect(accepted.status).toBe(200);
    const events = (await system.api(`/api/petitions/${number}`)).body.events;
    expect(events.find((e: { type: string }) => e.type === 'accepted').actor).toBe('staff:intake01');

    const logout = await fetch(`${system.apiUrl}/console/logout`, {
      method: 'POST', redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(logout.status).toBe(303);
    const after = await system.api('/api/petitions', { headers: withCookie() });
    expect(after.status).toBe(401);
    expect(after.body.error).toContain('登录');
    const page = await fetch(`${system.apiUrl}/console/ledger`, { headers: { cookie }, redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toContain('/console/login');
  });

  test('sessions end after the idle time and at the absolute expiry', async () => {
    const policy = { sessionIdleMs: 30 * 60_000, sessionAbsoluteMs: 12 * 3600_000 };
    const start = new Date('2026-03-02T01:00:00Z');
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    const idle = await openSession(system.prisma, 'intake01', policy, start);
    expect(await resumeSession(system.prisma, idle.token, policy, at(29))).toBeDefined();
    expect(await resumeSession(system.prisma, idle.token, policy, at(58))).toBeDefined();
    expect(await resumeSession(system.prisma, idle.token, policy, at(89))).toBeUndefined();
    const busy = await openSession(system.prisma, 'intake01', policy, start);
    for (let minute = 20; minute < 12 * 60; minute += 20) {
      expect(await resumeSession(system.prisma, busy.token, policy, at(minute))).toBeDefined();
    }
    expect(await resumeSession(system.prisma, busy.token, policy, at(12 * 60))).toBeUndefined();
    expect(await system.prisma.consoleSession.count({ where: { createdAt: start } })).toBe(0);
  });

  test('the public lookup shows progress and the reply, nothing internal, and is rate-limited', async () => {
    const intake = { 'x-staff-id': 'intake01' };
    const { number, queryCode } = (await system.api('/api/petitions', { body: registration, headers: intake })).body;
    await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: intake });
    await system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'YWC' }, headers: intake });
    await system.api(`/api/petitions/${number}/reply`, {
      body: { department: 'YWC', investigation: '调阅监控', findings: '候诊时间确实较长', opinion: '增加导诊人员', result: '已向您致歉' },
      headers: intake,
    });
    // Only the 处理意见书 the 信访办 approved is shown to the petitioner.
    await system.api(`/api/petitions/${number}/approve-reply`, {
      body: { investigation: '调阅监控', findings: '候诊时间确实较长', opinion: '增加导诊人员', result: '已向您致歉' },
      headers: intake,
    });
    const lookup = (code: string) => fetch(`${system.apiUrl}/lookup`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ number, code }),
    });
    const found = await lookup(queryCode);
    expect(found.status).toBe(200);
    const text = await found.text();
    expect(text).toContain('已形成书面处理意见');
    expect(text).toContain('已向您致歉');
    expect(text).not.toMatch(/医务处|YWC|intake01|staff:|李秀兰/);
    const wrong = queryCode === '000000' ? '000001' : '000000';
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await lookup(wrong)).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
  });
});
