/**
 * Every view agrees on which petitions are overdue and whom they blame (workflows/domain/overdue.ts): the ledger, GET
 * /api/supervision/overdue, the console 督办 board, the reports' overdue counts, the daily report's overdue list and
 * the petitions_overdue metric. Petitions in each state run on the real workflow where real time allows it (an old
 * receipt makes the acceptance decision late at once, a short dueAt on the assignment slip makes handling late); the
 * 签收 and review-answer stages take a working day or more, so those two are rows of the record store as the workflow
 * writes them (Petition.deadlines), seeded like test/integration/reports.test.ts does.
 */
import { letterText } from '../../services/reports/letters';
import { formatDueChinese } from '../../workflows/domain/due';
import { startTestSystem, type TestSystem } from '../support/system';

jest.setTimeout(120_000);

const intake = { 'x-staff-id': 'intake01' };
const DAY = 86_400_000;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** "number → responsible:stage" pairs, sorted: what every view must agree on. */
type Blame = string[];
const sorted = (pairs: Iterable<string>) => [...new Set(pairs)].sort();

describe('overdue: the ledger, both boards, the reports, the daily report and the metrics agree', () => {
  let system: TestSystem;
  let cookie: string;
  const n: Record<string, string> = {};

  const register = async (overrides: Record<string, unknown> = {}) =>
    (await system.api('/api/petitions', {
      headers: intake,
      body: { channel: 'letter', category: 'medical_quality', anonymous: true, content: `候诊时间过长 ${Math.random()}`, ...overrides },
    })).body.number as string;
  const detail = async (number: string) => (await system.api(`/api/petitions/${number}`)).body;
  const deadline = async (number: string, kind: string, status: string) =>
    until(() => detail(number), (body) => (body.deadlines ?? []).some((d: { kind: string; status: string }) => d.kind === kind && d.status === status));
  const ok = async (path: string, body: object = {}) => {
    const response = await system.api(path, { headers: intake, body });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const reply = (number: string, department: string) =>
    system.api(`/api/petitions/${number}/reply`, { body: { department, investigation: '调查', findings: '查明', opinion: '意见', result: '结果' } });
  const page = async (path: string) => (await fetch(`${system.apiUrl}${path}`, { headers: { cookie } })).text();

  async function seedRow(seq: number, fields: { lead: string; dueAt: string; deadlines: object[] }): Promise<string> {
    const number = `XF-2012-${String(seq).padStart(6, '0')}`;
    await system.prisma.petition.create({
      data: {
        number, year: 2012, seq, workflowId: `petition:${number}`, workflowStarted: true, status: 'assigned', channel: 'letter',
        category: 'nursing', anonymous: true, peopleCount: 1, content: '测试数据', complainedAbout: [], policyId: 'xinfang-2022',
        policyVersion: 'seed', queryCode: '222222', leadDepartment: fields.lead, dueAt: new Date(fields.dueAt),
        receivedAt: new Date('2012-03-01T02:00:00Z'), registeredAt: new Date('2012-03-01T02:00:00Z'), deadlines: fields.deadlines,
      },
    });
    return number;
  }

  beforeAll(async () => {
    system = await startTestSystem();
    const login = await fetch(`${system.apiUrl}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ staffId: 'leader-med', password: 'test-password-123', next: '/console/ledger' }),
    });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const longAgo = new Date(Date.now() - 40 * DAY).toISOString();

    // On time: accepted and assigned with the statutory limits.
    n.onTime = await register({ anonymous: false, petitioner: { name: '周敏', email: 'zhou.min@example.cn' } });
    await ok(`/api/petitions/${n.onTime}/accept`);
    await ok(`/api/petitions/${n.onTime}/assign`, { leadDepartment: 'YWC' });
    // Acceptance overdue: received 40 days ago, not yet decided — 信访办's.
    n.acceptance = await register({ receivedAt: longAgo });
    // Accepted late, then assigned: the department is not blamed for the late decision (the 门诊部 case).
    n.acceptedLate = await register({ receivedAt: longAgo });
    // Closed: the late decision was to decline.
    n.closed = await register({ receivedAt: longAgo });
    await deadline(n.acceptance, 'acceptance', 'overdue');
    await deadline(n.acceptedLate, 'acceptance', 'overdue');
    await deadline(n.closed, 'acceptance', 'overdue');
    await ok(`/api/petitions/${n.acceptedLate}/accept`);
    await ok(`/api/petitions/${n.acceptedLate}/assign`, { leadDepartment: 'MZB' });
    await ok(`/api/petitions/${n.closed}/decline`, { reason: '不属于本院职责范围', redirectTo: '市卫生健康委员会' });
    // Handling overdue, and handling met late, with short due times on the assignment slip.
    n.handling = await register();
    n.metLate = await register();
    for (const [number, department] of [[n.handling, 'HLB'], [n.metLate, 'CWC']]) {
      await ok(`/api/petitions/${number}/accept`);
      await ok(`/api/petitions/${number}/assign`, { leadDepartment: department, dueAt: new Date(Date.now() + 4_000).toISOString() });
    }
    await deadline(n.handling, 'handling', 'overdue');
    await deadline(n.metLate, 'handling', 'overdue');
    expect((await reply(n.metLate, 'CWC')).status).toBe(200);
    await deadline(n.metLate, 'handling', 'met');
    // 签收 overdue and review answer overdue, as the workflow records them.
    const acceptanceMet = { id: 'acceptance', kind: 'acceptance', dueAt: '2012-03-16T16:00:00.000Z', status: 'met', closedAt: '2012-03-02T03:00:00.000Z' };
    n.acknowledgement = await seedRow(1, {
      lead: 'XNK',
      dueAt: '2099-05-01T16:00:00.000Z',
      deadlines: [
        acceptanceMet,
        { id: 'handling:XNK:1', kind: 'handling', department: 'XNK', dueAt: '2099-05-01T16:00:00.000Z', status: 'open' },
        { id: 'acknowledgement:XNK:1', kind: 'acknowledgement', department: 'XNK', dueAt: '2012-03-05T16:00:00.000Z', status: 'overdue', overdueAt: '2012-03-05T16:00:01.000Z' },
      ],
    });
    n.reviewAnswer = await seedRow(2, {
      lead: 'JYK',
      dueAt: '2012-06-10T16:00:00.000Z',
      deadlines: [
        acceptanceMet,
        { id: 'handling:JYK:1', kind: 'handling', department: 'JYK', dueAt: '2012-04-30T16:00:00.000Z', status: 'met', closedAt: '2012-04-20T03:00:00.000Z' },
        { id: 'reviewRequest:recheck', kind: 'reviewRequest', dueAt: '2012-05-20T16:00:00.000Z', status: 'met', closedAt: '2012-05-01T03:00:00.000Z' },
        { id: 'reviewAnswer:recheck', kind: 'reviewAnswer', department: 'JYK', stage: 'recheck', dueAt: '2012-06-10T16:00:00.000Z', status: 'overdue', overdueAt: '2012-06-10T16:00:01.000Z' },
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  /** What the domain says, written out by hand: who answers for each overdue petition at which stage. */
  const expected = (): Blame =>
    sorted([
      `${n.acceptance} intake:acceptance`,
      `${n.handling} HLB:handling`,
      `${n.acknowledgement} XNK:acknowledgement`,
      `${n.reviewAnswer} JYK:reviewAnswer`,
    ]);
  const overdueNumbers = () => sorted(expected().map((pair) => pair.split(' ')[0]));
  const notOverdue = () => [n.onTime, n.acceptedLate, n.closed, n.metLate];

  test('GET /api/supervision/overdue lists exactly those deadlines, blaming 信访办 only for acceptance', async () => {
    const { status, body } = await system.api('/api/supervision/overdue');
    expect(status).toBe(200);
    const pairs = body.departments.flatMap((group: { departmentCode: string | null; departmentName: string; items: Array<{ number: string; stage: string }> }) =>
      group.items.map((item) => `${item.number} ${group.departmentCode ?? 'intake'}:${item.stage}`));
    expect(sorted(pairs)).toEqual(expected());
    const intakeGroup = body.departments.find((group: { departmentCode: string | null }) => group.departmentCode === null);
    expect(intakeGroup.departmentName).toBe('信访办');
    expect(body.petitions).toBe(4);
    const items = body.departments.flatMap((group: { items: object[] }) => group.items) as Array<{ number: string; stage: string; dueDisplay: string; overdueDays: number }>;
    // Due at the end of a day shows as 24:00 of that day, never the next day's 00:00.
    expect(items.find((i) => i.number === n.acknowledgement)!.dueDisplay).toBe('2012-03-05 24:00');
    expect(items.find((i) => i.number === n.reviewAnswer)!.dueDisplay).toBe('2012-06-10 24:00');
    const acceptanceDue = (await detail(n.acceptance)).deadlines.find((d: { kind: string }) => d.kind === 'acceptance');
    expect(items.find((i) => i.number === n.acceptance)!.dueDisplay).toBe(`${acceptanceDue.explanation.match(/期限至(\d{4}-\d{2}-\d{2}) 24:00届满/)[1]} 24:00`);
    for (const item of items) expect(item.overdueDays).toBeGreaterThanOrEqual(0);
  });

  test('the console 督办 board shows the same petitions under the same parties, all 已超期', async () => {
    const html = await page('/console/supervision');
    expect(html).toContain(`id="overdue-open-total">4<`);
    const pairs: string[] = [];
    for (const section of html.split('<h3 data-responsible="').slice(1)) {
      const party = section.slice(0, section.indexOf('"'));
      const board = section.slice(0, section.indexOf('</table>'));
      for (const match of board.matchAll(/data-number="([^"]+)" data-stage="([^"]+)"/g)) pairs.push(`${match[1]} ${party}:${match[2]}`);
      for (const cell of board.matchAll(/<td>(剩余[^<]*|已超期[^<]*)<\/td><\/tr>/g)) expect(cell[1]).toMatch(/^已超期 /);
    }
    expect(sorted(pairs)).toEqual(expected());
    expect(html).toContain('2012-03-05 24:00');
    expect(html).not.toContain('2012-03-06 00:00');
    for (const number of notOverdue()) expect(html).not.toContain(`data-number="${number}"`);
  });

  test('the ledger filtered on 超期 lists the same petitions with the same stages', async () => {
    const html = await page('/console/ledger?overdue=yes');
    expect(html).toContain('id="ledger-total">4<');
    const rows = [...html.matchAll(/<tr class="overdue">([\s\S]*?)<\/tr>/g)].map((m) => m[1]);
    const stagesByNumber = Object.fromEntries(rows.map((row) => [/petitions\/([^"]+)"/.exec(row)![1], /<td>已超期 \d+ 天（(.+)）<\/td>/.exec(row)![1]]));
    expect(stagesByNumber).toEqual({
      [n.acceptance]: '受理',
      [n.handling]: '办理',
      [n.acknowledgement]: '签收',
      [n.reviewAnswer]: '复查（复核）答复',
    });
    const rest = await page('/console/ledger?overdue=no');
    for (const number of notOverdue()) expect(rest).toContain(`/console/petitions/${number}"`);
    for (const number of overdueNumbers()) expect(rest).not.toContain(`/console/petitions/${number}"`);
    expect(await page('/console/ledger')).toContain('2099-05-01 24:00');
  });

  test('each petition page shows the 超期 badge exactly when the boards list it', async () => {
    for (const number of [...overdueNumbers(), ...notOverdue()]) {
      const html = await page(`/console/petitions/${number}`);
      expect([number, html.includes('badge overdue')]).toEqual([number, overdueNumbers().includes(number)]);
    }
  });

  test("the reports' overdue counts blame the same departments, never one for a decision made before it had the case", async () => {
    const { body } = await system.api('/api/reports');
    const byCode = Object.fromEntries(body.overdueByDepartment.map((d: { code: string; assigned: number; overdue: number; overdueOpen: number }) => [d.code, [d.assigned, d.overdue, d.overdueOpen]]));
    expect(byCode).toEqual({
      HLB: [1, 1, 1],
      XNK: [1, 1, 1],
      JYK: [1, 1, 1],
      CWC: [1, 1, 0],
      MZB: [1, 0, 0],
      YWC: [1, 0, 0],
    });
    const open = body.overdueByDepartment.reduce((sum: number, d: { overdueOpen: number }) => sum + d.overdueOpen, 0);
    expect(open).toBe(expected().filter((pair) => !pair.includes(' intake:')).length);
  });

  test('the daily report lists the same overdue petitions with whom they blame, and the metric counts them', async () => {
    const outcome = await system.temporal.workflow.execute('dailyReportWorkflow', {
      taskQueue: system.worker.options.taskQueue, workflowId: `daily-report-agreement-${Date.now()}`, args: [{ at: new Date().toISOString() }],
    });
    expect(outcome.counts.overdue).toBe(4);
    // The declined petition was closed today but is not 办结 (workflows/domain/closure.ts).
    expect(outcome.counts.closed).toBe(0);
    const mail = await system.catcher!.waitFor((m) => m.subject.startsWith('信访日报'), 15_000);
    const section = mail.text.slice(mail.text.indexOf('【超期未结（督办）】'));
    const lines = section.slice(0, section.indexOf('\n【') === -1 ? undefined : section.indexOf('\n【')).split('\n').slice(1).filter((line) => line.trim());
    const line = (number: string) => lines.find((l) => l.includes(number)) ?? '';
    expect(lines).toHaveLength(4);
    expect(line(n.acceptance)).toContain('信访办');
    expect(line(n.acceptance)).toContain('受理超期');
    expect(line(n.handling)).toContain('护理部');
    expect(line(n.acknowledgement)).toContain('签收超期');
    expect(line(n.reviewAnswer)).toContain('复查（复核）答复超期');
    for (const number of notOverdue()) expect(line(number)).toBe('');
    // Days late as the console counts them (已超期 N 天, at least 1), never "超期0天" on the day it passed.
    for (const text of lines) expect(text).toMatch(/超期[1-9]\d*天/);

    const metrics = await (await fetch(`${system.apiUrl}/metrics`)).text();
    expect(metrics).toMatch(/^petitions_overdue 4$/m);
  });

  test('the printed acceptance notice and the mailed one name the reply date the workflow kept, at 24:00 of its day', async () => {
    const petition = await system.prisma.petition.findUniqueOrThrow({ where: { number: n.onTime } });
    const accepted = await system.prisma.petitionEvent.findFirstOrThrow({ where: { petitionId: petition.id, type: 'accepted' } });
    const kept = (accepted.payload as { expectedReplyBy?: string }).expectedReplyBy;
    expect(kept).toBeDefined();
    const wording = formatDueChinese(kept!);
    expect(wording).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日24时前$/);
    const printed = await letterText(system.prisma, n.onTime, 'acceptance-notice', { hospitalName: '示例医院', publicBaseUrl: system.apiUrl });
    expect(printed).toContain(wording);
    const mailed = await system.catcher!.waitFor((m) => m.subject.includes(n.onTime) && m.subject.includes('受理告知书'), 15_000);
    expect(mailed.text).toContain(wording);
  });
});
