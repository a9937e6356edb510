/**
 * The audit trail (issue 14): every view of personal data names who, which petition and which fields; every command
 * through the API and the console, refused or not; refused requests that reached a petition route (401, 404
 * unknown link action, 413, 429); exports; the trail refuses UPDATE, DELETE and TRUNCATE; a view whose row cannot
 * be written is not shown (503); the admin page and export filter by petition, person and period.
 */
import ExcelJS from 'exceljs';
import { useTestSystem } from '../support/system';
import { postForm, sessionOf } from '../support/staff-session';
import { freshPhone, registrationWith } from '../support/petition-steps';
import { registerAcceptAssign } from '../browser/links-helpers';

const registration = registrationWith(() => ({
  petitioner: { name: '郑美华', phone: freshPhone('136'), email: 'zheng.meihua@example.cn', idNumber: '110101199003071234' },
  content: '检查报告迟迟未出，影响后续治疗。',
}));
const intake = { 'x-staff-id': 'intake01' };

describe('the audit trail', () => {
  const system = useTestSystem({ RATE_LIMIT_LINKS_PER_MINUTE: '6' });

  const registered = async (): Promise<{ number: string; id: string }> => {
    const { status, body } = await system.api('/api/petitions', { body: registration(), headers: intake });
    expect(status).toBe(201);
    const petition = await system.prisma.petition.findUniqueOrThrow({ where: { number: body.number } });
    return { number: body.number, id: petition.id };
  };
  const rowsOf = (number: string) => system.prisma.auditLog.findMany({ where: { number }, orderBy: { id: 'asc' } });

  test('API and console views name the person, the petition and the personal fields shown', async () => {
    const { number, id } = await registered();
    expect((await system.api(`/api/petitions/${number}`, { headers: intake })).status).toBe(200);
    expect((await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: intake })).status).toBe(200);
    expect((await system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'YWC' }, headers: intake })).status).toBe(200);
    expect((await system.api(`/api/petitions/${number}`, { headers: { 'x-staff-id': 'ywc01' } })).status).toBe(200);
    const office = await sessionOf(system, 'intake01');
    expect((await fetch(`${system.apiUrl}/console/petitions/${number}`, { headers: { cookie: office.cookie } })).status).toBe(200);

    const views = (await rowsOf(number)).filter((r) => r.action === 'petition.view');
    expect(views.map((r) => [r.actor, r.via, r.petitionId])).toEqual([
      ['staff:intake01', 'service:api', id], ['staff:ywc01', 'service:api', id], ['staff:intake01', null, id],
    ]);
    expect(views[0].fields).toEqual(expect.arrayContaining(['petitioner.name', 'petitioner.phone', 'petitioner.idNumber', 'queryCode', 'content']));
    expect(views[1].fields.filter((f) => f.startsWith('petitioner.') || f === 'queryCode')).toEqual([]);
    expect(views[2].fields).toEqual(expect.arrayContaining(['petitioner.name', 'petitioner.phone', 'petitioner.email', 'queryCode']));
    expect(views[2].ip).toBeTruthy();
  });

  test('every command through the API and the console is recorded, refused ones with the reason', async () => {
    const { number } = await registered();
    const registeredRow = (await rowsOf(number)).find((r) => r.action === 'petition.register');
    expect(registeredRow?.actor).toBe('staff:intake01');
    expect((await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: { 'x-staff-id': 'ywc01' } })).status).toBe(403);
    const office = await sessionOf(system, 'intake01');
    const accepted = await postForm(system, `/console/petitions/${number}/accept`, { _csrf: office.csrf }, { cookie: office.cookie });
    expect(accepted.location).toContain('ok=');
    expect((await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: intake })).status).toBe(409);
    const again = await postForm(system, `/console/petitions/${number}/accept`, { _csrf: office.csrf }, { cookie: office.cookie });
    // Refused: back to the page with the reason (a redirect, or the page again with the form as typed).
    expect(again.status === 409 || (again.status === 303 && again.location.includes('error='))).toBe(true);

    const commands = (await rowsOf(number)).filter((r) => r.action === 'command.accept');
    expect(commands.map((r) => [r.actor, r.via, r.outcome, r.status])).toEqual([
      ['staff:ywc01', 'service:api', 'forbidden', 403],
      ['staff:intake01', null, 'ok', 200],
      ['staff:intake01', 'service:api', 'refused', 409],
      ['staff:intake01', null, 'refused', 409],
    ]);
    expect(commands[2].detail).toBeTruthy();
  });

  test('a department opening its mailed link is recorded with the fields the page shows', async () => {
    const assigned = await registerAcceptAssign(system);
    expect((await fetch(assigned.pageUrl)).status).toBe(200);
    const view = (await rowsOf(assigned.number)).find((r) => r.action === 'link.view');
    expect([view?.actor, view?.outcome, view?.fields]).toEqual(['dept:YWC', 'ok', ['content']]);
  });

  test("the petitioner's lookup is recorded: who (the petitioner, by query code), which petition, which fields", async () => {
    const { number, id } = await registered();
    const { queryCode } = await system.prisma.petition.findUniqueOrThrow({ where: { id } });
    const lookup = (code: string) => postForm(system, '/lookup', { number, code });
    expect((await lookup(queryCode)).status).toBe(200);
    expect((await system.api(`/api/petitions/${number}/decline`, { body: { reason: '不属于本院职责', redirectTo: '区卫生健康委员会' }, headers: intake })).status).toBe(200);
    expect((await lookup(queryCode)).status).toBe(200);
    const wrong = queryCode === '000000' ? '000001' : '000000';
    expect((await lookup(wrong)).status).toBe(404);
    // Written before the answer: nothing to wait for.
    const rows = (await rowsOf(number)).filter((r) => r.action === 'lookup.view');
    expect(rows.map((r) => [r.actor, r.outcome, r.petitionId, r.status])).toEqual([
      ['petitioner', 'ok', id, null], ['petitioner', 'ok', id, null], ['anonymous', 'refused', null, 404],
    ]);
    expect(rows[0].fields).toEqual(['status', 'timeline']);
    expect(rows[1].fields).toEqual(['status', 'timeline', 'decline.reason', 'decline.redirectTo']);
    expect(rows[0].ip).toBeTruthy();
  });

  test('refused requests that reached a petition route are recorded: 401, unknown link action, 413, 429', async () => {
    const { number } = await registered();
    expect((await system.api(`/api/petitions/${number}`, { headers: { authorization: '' } })).status).toBe(401);
    expect((await postForm(system, `/links/${number}/no-such-action`, 'token=x')).status).toBe(404);
    expect((await postForm(system, `/links/${number}/reply`, `token=x&investigation=${'a'.repeat(1_100_000)}`)).status).toBe(413);
    let limited = 0;
    for (let i = 0; i < 8 && limited === 0; i += 1) if ((await postForm(system, `/links/${number}/reply`, 'token=x')).status === 429) limited += 1;
    expect(limited).toBe(1);
    // Rows of refused requests are written when the answer has gone: wait for them.
    const deadline = Date.now() + 30_000;
    let statuses: Array<number | null> = [];
    while (Date.now() < deadline) {
      statuses = (await rowsOf(number)).filter((r) => r.action === 'refused').map((r) => r.status);
      if ([401, 404, 413, 429].every((s) => statuses.includes(s))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(statuses).toEqual(expect.arrayContaining([401, 404, 413, 429]));
  });

  test('letters and report exports are recorded', async () => {
    const { number } = await registered();
    await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: intake });
    const pdf = await system.api(`/api/petitions/${number}/letters/acceptance-notice.pdf`, { headers: intake });
    expect(pdf.status).toBe(200);
    const xlsx = await fetch(`${system.apiUrl}/api/reports/export.xlsx`, { headers: { authorization: `Bearer ${system.apiToken}`, ...intake } });
    expect(xlsx.status).toBe(200);
    expect((await rowsOf(number)).some((r) => r.action === 'export.letter' && r.actor === 'staff:intake01')).toBe(true);
    expect(await system.prisma.auditLog.count({ where: { action: 'export.report', actor: 'staff:intake01' } })).toBeGreaterThan(0);
  });

  test('the 台账 export and signing out are recorded', async () => {
    const office = await sessionOf(system, 'intake01');
    await (await fetch(`${system.apiUrl}/console/ledger-import/export.xlsx`, { headers: { cookie: office.cookie } })).arrayBuffer();
    expect(await system.prisma.auditLog.count({ where: { action: 'export.ledger', actor: 'staff:intake01' } })).toBe(1);
    expect((await postForm(system, '/console/logout', { _csrf: office.csrf }, { cookie: office.cookie })).status).toBe(303);
    expect(await system.prisma.auditLog.count({ where: { action: 'sign-out', subject: 'staff:intake01' } })).toBe(1);
  });

  test('the trail refuses UPDATE, DELETE and TRUNCATE', async () => {
    const before = await system.prisma.auditLog.count();
    expect(before).toBeGreaterThan(0);
    for (const sql of ['UPDATE "AuditLog" SET "actor" = \'x\'', 'DELETE FROM "AuditLog"', 'TRUNCATE "AuditLog"']) {
      await expect(system.prisma.$executeRawUnsafe(sql)).rejects.toThrow(/append-only/);
    }
    expect(await system.prisma.auditLog.count()).toBeGreaterThanOrEqual(before);
  });

  test('a view whose row cannot be written is not shown', async () => {
    const { number } = await registered();
    await system.prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION test_refuse_views() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = 'petition.view' THEN RAISE EXCEPTION 'audit storage unavailable'; END IF; RETURN NEW; END; $$`);
    await system.prisma.$executeRawUnsafe('CREATE TRIGGER test_refuse_views BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION test_refuse_views()');
    try {
      const api = await system.api(`/api/petitions/${number}`, { headers: intake });
      expect(api.status).toBe(503);
      expect(JSON.stringify(api.body)).not.toContain('郑美华');
      const office = await sessionOf(system, 'intake01');
      const page = await fetch(`${system.apiUrl}/console/petitions/${number}`, { headers: { cookie: office.cookie } });
      expect(page.status).toBe(503);
      expect(await page.text()).not.toContain('郑美华');
    } finally {
      await system.prisma.$executeRawUnsafe('DROP TRIGGER test_refuse_views ON "AuditLog"');
    }
  });

  /** Makes every insert of the given action fail while fn runs (the audit storage is unavailable for it). */
  const withAuditRefusing = async (action: string, fn: () => Promise<void>) => {
    await system.prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION test_refuse_action() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = '${action}' THEN RAISE EXCEPTION 'audit storage unavailable'; END IF; RETURN NEW; END; $$`);
    await system.prisma.$executeRawUnsafe('CREATE TRIGGER test_refuse_action BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION test_refuse_action()');
    try {
      await fn();
    } finally {
      await system.prisma.$executeRawUnsafe('DROP TRIGGER test_refuse_action ON "AuditLog"');
    }
  };

  test('a registration is on the trail when its answer comes, and is not stored when its row cannot be written', async () => {
    const office = await sessionOf(system, 'intake01');
    const form = (content: string) => ({ _csrf: office.csrf, channel: 'visit', category: 'billing', name: '钱多多', phone: freshPhone('135'), content, peopleCount: '1' });
    const done = await postForm(system, '/console/register', form(`收费不符 ${Date.now()}`), { cookie: office.cookie });
    expect(done.status).toBe(303);
    const number = /XF-\d{4}-\d{6}/.exec(done.location)![0];
    // Written with the petition, not after the answer: there is nothing to wait for.
    const row = (await rowsOf(number)).find((r) => r.action === 'petition.register');
    expect([row?.actor, row?.outcome, row?.petitionId]).toEqual(['staff:intake01', 'ok', (await system.prisma.petition.findUniqueOrThrow({ where: { number } })).id]);
    expect(row?.fields).toEqual(expect.arrayContaining(['name', 'phone', 'content']));

    const unrecorded = `未能记录的登记 ${Date.now()}`;
    const counter = async () => (await system.prisma.registerCounter.findMany()).map((c) => [c.year, c.last]);
    const before = await counter();
    await withAuditRefusing('petition.register', async () => {
      const consoleAnswer = await postForm(system, '/console/register', form(unrecorded), { cookie: office.cookie });
      expect(consoleAnswer.status).toBe(503);
      const apiAnswer = await system.api('/api/petitions', { body: registration({ content: unrecorded }), headers: intake });
      expect(apiAnswer.status).toBe(503);
    });
    expect(await system.prisma.petition.count({ where: { content: unrecorded } })).toBe(0);
    // The register numbers taken are given back: the ledger has no gap.
    expect(await counter()).toEqual(before);
  });

  test('a password set or a sign-out whose row cannot be written does not happen', async () => {
    const admin = await sessionOf(system, 'admin01');
    const before = await system.prisma.staffMember.findUniqueOrThrow({ where: { id: 'xnk01' } });
    await withAuditRefusing('password.set', async () => {
      const answer = await postForm(system, '/console/admin/passwords', { _csrf: admin.csrf, staffId: 'xnk01', password: 'another-password-456' }, { cookie: admin.cookie });
      expect(decodeURIComponent(answer.location ?? '')).not.toContain('已设置');
    });
    expect((await system.prisma.staffMember.findUniqueOrThrow({ where: { id: 'xnk01' } })).passwordHash).toBe(before.passwordHash);
    await withAuditRefusing('sign-out', async () => {
      expect((await postForm(system, '/console/logout', { _csrf: admin.csrf }, { cookie: admin.cookie })).status).toBe(503);
    });
    expect((await fetch(`${system.apiUrl}/console/ledger`, { headers: { cookie: admin.cookie }, redirect: 'manual' })).status).toBe(200);
  });

  test('admins read and export the trail filtered by petition, person and period; others may not', async () => {
    const { number } = await registered();
    await system.api(`/api/petitions/${number}`, { headers: intake });
    await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: intake });
    const admin = await sessionOf(system, 'admin01');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const page = await fetch(`${system.apiUrl}/console/audit?number=${number}&person=intake01&from=${today}&to=${today}`, { headers: { cookie: admin.cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const text = await page.text();
    expect(text).toContain('查看信访事项');
    expect(text).toContain('办理：受理');
    const earlier = await (await fetch(`${system.apiUrl}/console/audit?number=${number}&to=2001-01-01`, { headers: { cookie: admin.cookie } })).text();
    expect(earlier).not.toContain('data-action="petition.view"');

    const exported = await fetch(`${system.apiUrl}/console/audit/export.xlsx?number=${number}&person=intake01`, { headers: { cookie: admin.cookie } });
    expect(exported.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await exported.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const codes = workbook.getWorksheet('审计日志')!.getColumn('F').values.slice(2).map(String);
    expect(codes).toEqual(expect.arrayContaining(['petition.view', 'command.accept', 'petition.register']));
    expect(await system.prisma.auditLog.count({ where: { action: 'audit.export', actor: 'staff:admin01' } })).toBe(1);

    const office = await sessionOf(system, 'intake01');
    expect((await fetch(`${system.apiUrl}/console/audit`, { headers: { cookie: office.cookie }, redirect: 'manual' })).status).toBe(403);
    expect((await fetch(`${system.apiUrl}/console/audit/export.xlsx`, { redirect: 'manual' })).status).toBe(303);
  });
});
