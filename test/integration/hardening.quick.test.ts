/**
 * The probes of issue 14 that are not about the audit trail, each as a test: the embedded inbox is for the 信访办
 * only (and absent on a system with a real mail relay), its links open in a new tab, pages and answers with
 * personal data are not cached, error redirects carry staff-written text only, text the database cannot store is a
 * 400 on JSON and form routes alike, and a token call that names nobody is recorded as the service and may not
 * command.
 */
import { startMailCatcher, type MailCatcher } from '../../services/mail/catcher';
import { startTestSystem, useTestSystem } from '../support/system';
import { postForm, sessionOf } from '../support/staff-session';
import { registrationWith, freshPhone } from '../support/petition-steps';
import { until } from '../support/until';

const registration = registrationWith(() => ({
  petitioner: { name: '周建国', phone: freshPhone('137'), email: 'zhou.jianguo@example.cn' },
  content: '住院部夜间噪音大，多次反映无人处理。',
}));

describe('hardening found by probing', () => {
  const system = useTestSystem();

  /** An accepted petition: its acceptance notice is in the catcher. */
  const acceptedPetition = async (): Promise<string> => {
    const { body } = await system.api('/api/petitions', { body: registration(), headers: { 'x-staff-id': 'intake01' } });
    expect((await system.api(`/api/petitions/${body.number}/accept`, { body: {}, headers: { 'x-staff-id': 'intake01' } })).status).toBe(200);
    await until(async () => system.catcher!.messages().length, (n) => n > 0);
    return body.number as string;
  };

  test('the inbox is closed to anyone not signed in: nothing is listed and nothing is erased', async () => {
    await acceptedPetition();
    const held = system.catcher!.messages().length;
    const list = await fetch(`${system.apiUrl}/inbox/api/messages`);
    expect(list.status).toBe(401);
    expect(await list.text()).not.toContain('@');
    expect((await fetch(`${system.apiUrl}/inbox/`)).status).toBe(401);
    expect((await fetch(`${system.apiUrl}/inbox/api/messages`, { method: 'DELETE' })).status).toBe(401);
    expect(system.catcher!.messages().length).toBe(held);
  });

  test('intake staff read the inbox, only admins clear it, other staff are refused', async () => {
    await acceptedPetition();
    const department = await sessionOf(system, 'ywc01');
    const leader = await sessionOf(system, 'leader-med');
    for (const who of [department, leader]) {
      expect((await fetch(`${system.apiUrl}/inbox/api/messages`, { headers: { cookie: who.cookie } })).status).toBe(403);
    }
    const intake = await sessionOf(system, 'intake01');
    const read = await fetch(`${system.apiUrl}/inbox/api/messages`, { headers: { cookie: intake.cookie } });
    expect(read.status).toBe(200);
    expect(read.headers.get('cache-control')).toBe('no-store');
    const [first] = (await read.json()) as Array<{ id: string }>;
    const clearByIntake = await fetch(`${system.apiUrl}/inbox/api/messages`, { method: 'DELETE', headers: { cookie: intake.cookie, 'x-csrf-token': intake.csrf } });
    expect(clearByIntake.status).toBe(403);
    expect(system.catcher!.messages().length).toBeGreaterThan(0);

    const detail = await (await fetch(`${system.apiUrl}/inbox/messages/${first.id}`, { headers: { cookie: intake.cookie } })).text();
    expect(detail).toContain('allow-popups-to-escape-sandbox');
    expect(detail).toContain('&lt;base target=&quot;_blank&quot;&gt;');

    const admin = await sessionOf(system, 'admin01');
    const withoutCsrf = await fetch(`${system.apiUrl}/inbox/api/messages`, { method: 'DELETE', headers: { cookie: admin.cookie } });
    expect(withoutCsrf.status).toBe(403);
    // A petition's later mails (a leadership alert, say) may still be arriving: clearing erases what was held then.
    const heldBeforeClearing = new Set(system.catcher!.messages().map((message) => message.id));
    const cleared = await fetch(`${system.apiUrl}/inbox/api/messages`, { method: 'DELETE', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
    expect(cleared.status).toBe(204);
    expect(system.catcher!.messages().filter((message) => heldBeforeClearing.has(message.id))).toEqual([]);
  });

  test('console pages, API JSON and PDF letters are not cached', async () => {
    const number = await acceptedPetition();
    const intake = await sessionOf(system, 'intake01');
    const auth = { authorization: `Bearer ${system.apiToken}` };
    const answers = await Promise.all([
      fetch(`${system.apiUrl}/console/petitions/${number}`, { headers: { cookie: intake.cookie } }),
      fetch(`${system.apiUrl}/console/ledger`, { headers: { cookie: intake.cookie } }),
      fetch(`${system.apiUrl}/api/petitions/${number}`, { headers: auth }),
      fetch(`${system.apiUrl}/api/petitions`, { headers: auth }),
      fetch(`${system.apiUrl}/api/petitions/${number}/letters/acceptance-notice.pdf`, { headers: auth }),
    ]);
    expect(answers.map((answer) => [answer.status, answer.headers.get('cache-control')])).toEqual([
      [200, 'no-store'], [200, 'no-store'], [200, 'no-store'], [200, 'no-store'], [200, 'no-store'],
    ]);
    expect(answers[4].headers.get('content-type')).toBe('application/pdf');
  });

  test('the admin password form redirects with a message written for staff, never the exception text', async () => {
    const admin = await sessionOf(system, 'admin01');
    for (const staffId of ['x%00y', 'x'.repeat(300), 'nobody-here']) {
      const answer = await postForm(system, '/console/admin/passwords', `_csrf=${admin.csrf}&staffId=${staffId}&password=abcdefghijkl`, { cookie: admin.cookie });
      const shown = decodeURIComponent(answer.location) + answer.text;
      expect(shown).not.toMatch(/prisma|invocation|\.ts\b|P20\d\d|\bat \//i);
      expect(answer.status === 400 || /error=/.test(answer.location)).toBe(true);
    }
    const unknown = await postForm(system, '/console/admin/passwords', `_csrf=${admin.csrf}&staffId=nobody-here&password=abcdefghijkl`, { cookie: admin.cookie });
    expect(decodeURIComponent(unknown.location)).toBe('/console/admin/passwords?error=未知工作人员');
  });

  test('bytes that are not UTF-8, lone surrogates and %-escapes of them are a 400 with a Chinese reason', async () => {
    const before = await system.prisma.petition.count();
    const rawJson = Buffer.concat([Buffer.from('{"channel":"visit","category":"medical_quality","content":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('b"}')]);
    const asJson = (body: string | Buffer) =>
      fetch(`${system.apiUrl}/api/petitions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${system.apiToken}`, 'x-staff-id': 'intake01' }, body });
    const answers = [
      await asJson(rawJson),
      await asJson('{"channel":"visit","category":"medical_quality","anonymous":true,"content":"a\\ud800b"}'),
      await asJson('{"channel":"visit","category":"medical_quality","anonymous":true,"content":"a\\u0000b"}'),
    ];
    const intake = await sessionOf(system, 'intake01');
    const forms = [
      await postForm(system, '/console/register', `_csrf=${intake.csrf}&channel=visit&category=medical_quality&anonymous=on&content=a%FFb`, { cookie: intake.cookie }),
      await postForm(system, '/lookup', 'number=XF-2026-000001&code=%ED%A0%80'),
      await postForm(system, '/links/XF-2026-000001/reply', 'token=x&investigation=%C0%AF'),
    ];
    const multipart = (parts: Buffer[]) =>
      fetch(`${system.apiUrl}/console/ledger-import`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=XyZ', cookie: intake.cookie, origin: system.apiUrl },
        body: Buffer.concat([...parts, Buffer.from('--XyZ--\r\n')]),
      });
    const part = (name: string, content: Buffer, file = false) =>
      Buffer.concat([Buffer.from(`--XyZ\r\nContent-Disposition: form-data; name="${name}"${file ? '; filename="a.xlsx"' : ''}\r\n\r\n`), content, Buffer.from('\r\n')]);
    const csrfPart = part('_csrf', Buffer.from(intake.csrf));
    const multipartAnswers = [
      await multipart([csrfPart, part('step', Buffer.from('pre\u0000view'))]),
      await multipart([csrfPart, part('fileName', Buffer.from([0x61, 0xc3, 0x28]))]),
    ];
    const statuses = [
      ...(await Promise.all([...answers, ...multipartAnswers].map(async (a) => [a.status, /编码|空字符/.test(await a.text())]))),
      ...forms.map((f) => [f.status, /编码|空字符/.test(f.text)]),
    ];
    expect(statuses).toEqual(Array(8).fill([400, true]));
    // A file part is bytes: NUL bytes in it are not a text problem (the upload's own checks decide).
    const withFile = await multipart([csrfPart, part('file', Buffer.from([0x50, 0x4b, 0x00, 0x00]), true)]);
    expect(/空字符|编码/.test(await withFile.text())).toBe(false);
    expect(await system.prisma.petition.count()).toBe(before);
  });

  test('a token call that names no staff member is recorded as the service, not as a person', async () => {
    const { status, body } = await system.api('/api/petitions', { body: registration() });
    expect(status).toBe(201);
    const petition = await system.prisma.petition.findUniqueOrThrow({ where: { number: body.number }, include: { events: true } });
    expect(petition.events.find((e) => e.type === 'registered')?.actor).toBe('service:api');
  });

  test('a token call that names no staff member may not run a command or change a petition: 403, on the trail', async () => {
    const { body } = await system.api('/api/petitions', { body: registration() });
    const number = body.number as string;
    const bare = { 'x-staff-id': '' };
    const accept = await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: bare });
    expect(accept.status).toBe(403);
    expect(accept.body.error).toMatch(/X-Staff-Id.*工作人员/);
    const cause = await system.api(`/api/petitions/${number}/cause`, { method: 'PUT', body: { cause: 'hospital' }, headers: bare });
    expect(cause.status).toBe(403);
    expect(cause.body.error).toMatch(/X-Staff-Id.*工作人员/);
    const petition = await system.prisma.petition.findUniqueOrThrow({ where: { number }, include: { events: true } });
    expect([petition.status, petition.cause, petition.events.some((e) => e.type === 'accepted')]).toEqual(['registered', null, false]);
    const refused = await until(
      () => system.prisma.auditLog.findMany({ where: { number, status: 403 }, orderBy: { id: 'asc' } }),
      (rows) => rows.length >= 2,
    );
    expect(refused.map((r) => [r.action, r.outcome, r.actor])).toEqual([['command.accept', 'forbidden', 'service:api'], ['refused', 'refused', 'service:api']]);
    // Naming the staff member it acts for, the same call runs.
    expect((await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: { 'x-staff-id': 'intake01' } })).status).toBe(200);
  });
});

describe('a token service named in the configuration (API_TOKEN_SERVICE)', () => {
  const system = useTestSystem({ API_TOKEN_SERVICE: 'his-bridge' });

  test('its calls are recorded as service:<name>, on their own and for the staff member they name', async () => {
    const { status, body } = await system.api('/api/petitions', { body: registration() });
    expect(status).toBe(201);
    const number = body.number as string;
    expect((await system.api(`/api/petitions/${number}`, { headers: { 'x-staff-id': 'intake01' } })).status).toBe(200);
    const petition = await system.prisma.petition.findUniqueOrThrow({ where: { number }, include: { events: true } });
    expect(petition.events.find((e) => e.type === 'registered')?.actor).toBe('service:his-bridge');
    const rows = await system.prisma.auditLog.findMany({ where: { number }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.action, r.actor, r.via])).toEqual([
      ['petition.register', 'service:his-bridge', 'service:his-bridge'],
      ['petition.view', 'staff:intake01', 'service:his-bridge'],
    ]);
  });
});

describe('with a real mail relay (SMTP_URL set)', () => {
  let relay: MailCatcher;
  beforeAll(async () => {
    relay = await startMailCatcher();
  });
  afterAll(async () => relay?.stop());

  test('there is no inbox at all', async () => {
    const system = await startTestSystem({ SMTP_URL: relay.smtpUrl });
    try {
      expect(system.catcher).toBeUndefined();
      const admin = await sessionOf(system, 'admin01');
      const answers = await Promise.all(['/inbox/', '/inbox/api/messages'].map((p) => fetch(`${system.apiUrl}${p}`, { headers: { cookie: admin.cookie } })));
      expect(answers.map((a) => a.status)).toEqual([404, 404]);
    } finally {
      await system.stop();
    }
  });
});
