import ExcelJS from 'exceljs';
import { useTestSystem, type TestSystem } from '../support/system';
import { dailyReportScheduleId } from '../../services/reports/daily-schedule';

/** Six petitions received in 2011 (a year no other test uses), with hand-counted report tables. */
const YEAR = 2011;
const at = (iso: string) => new Date(iso);

interface Seed {
  seq: number;
  channel: string;
  category: string;
  status: string;
  lead?: string;
  cause?: string;
  dueAt?: string;
  overdue?: boolean;
  phone?: string;
  peopleCount?: number;
  receivedAt: string;
  events: Array<[type: string, at: string, payload?: object]>;
}

const seeds: Seed[] = [
  { seq: 1, channel: 'letter', category: 'medical_quality', status: 'archived', lead: 'YWC', cause: 'hospital', dueAt: '2011-03-10T16:00:00Z', phone: '13000000001', receivedAt: '2011-03-01T02:00:00Z',
    events: [['accepted', '2011-03-01T03:00:00Z'], ['fed_back', '2011-03-05T03:00:00Z', { satisfaction: 'satisfied' }], ['archived', '2011-03-06T03:00:00Z']] },
  { seq: 2, channel: 'phone', category: 'nursing', status: 'archived', lead: 'XNK', cause: 'patient', dueAt: '2011-03-10T16:00:00Z', phone: '13000000001', receivedAt: '2011-03-02T02:00:00Z',
    events: [['accepted', '2011-03-02T03:00:00Z'], ['fed_back', '2011-03-15T03:00:00Z', { satisfaction: 'unsatisfied' }], ['archived', '2011-03-16T03:00:00Z']] },
  { seq: 3, channel: 'visit', category: 'billing', status: 'archived', receivedAt: '2011-03-03T02:00:00Z', events: [['declined', '2011-03-03T03:00:00Z'], ['archived', '2011-03-04T03:00:00Z']] },
  { seq: 4, channel: 'web', category: 'logistics', status: 'assigned', lead: 'MZB', cause: 'external', dueAt: '2011-04-01T16:00:00Z', overdue: true, receivedAt: '2011-03-04T02:00:00Z',
    events: [['accepted', '2011-03-04T03:00:00Z'], ['assigned', '2011-03-04T04:00:00Z']] },
  { seq: 5, channel: 'email', category: 'other', status: 'registered', receivedAt: '2011-03-05T02:00:00Z', events: [] },
  { seq: 6, channel: 'visit', category: 'pharmacy', status: 'assigned', lead: 'JYK', cause: 'other', dueAt: '2099-01-01T16:00:00Z', peopleCount: 6, receivedAt: '2011-03-06T02:00:00Z',
    events: [['accepted', '2011-03-06T03:00:00Z'], ['assigned', '2011-03-06T04:00:00Z']] },
];

async function seed(system: TestSystem): Promise<void> {
  const prisma = system.prisma;
  // A PostgreSQL database outlives the run: remove this file's rows of an earlier run first.
  const old = await prisma.petition.findMany({ where: { year: YEAR }, select: { id: true } });
  const ids = old.map((p) => p.id);
  await prisma.petitionEvent.deleteMany({ where: { petitionId: { in: ids } } });
  await prisma.notification.deleteMany({ where: { petitionId: { in: ids } } });
  await prisma.petitionDocument.deleteMany({ where: { petitionId: { in: ids } } });
  await prisma.petition.deleteMany({ where: { id: { in: ids } } });
  await prisma.dailyReport.deleteMany({ where: { day: { in: ['2010-06-01', '2011-04-02'] } } });
  for (const s of seeds) {
    const number = `XF-${YEAR}-${String(s.seq).padStart(6, '0')}`;
    const petitioner = s.phone ? await prisma.petitioner.create({ data: { name: '测试', phone: s.phone } }) : null;
    const petition = await prisma.petition.create({
      data: {
        number, year: YEAR, seq: s.seq, workflowId: `petition:${number}`, workflowStarted: true, status: s.status,
        channel: s.channel, category: s.category, anonymous: !petitioner, peopleCount: s.peopleCount ?? 1, content: '测试数据',
        complainedAbout: [], policyId: 'xinfang-2022', policyVersion: 'seed', queryCode: '111111',
        leadDepartment: s.lead ?? null, cause: s.cause ?? null, dueAt: s.dueAt ? at(s.dueAt) : null, overdue: s.overdue ?? false,
        receivedAt: at(s.receivedAt), registeredAt: at(s.receivedAt), petitionerId: petitioner?.id ?? null,
        closedAt: s.events.find(([type]) => type === 'archived') ? at(s.events.find(([type]) => type === 'archived')![1]) : null,
      },
    });
    for (const [type, occurred, payload] of [['registered', s.receivedAt] as [string, string], ...s.events]) {
      await prisma.petitionEvent.create({
        data: { petitionId: petition.id, type, actor: 'staff:intake01', payload: payload ?? {}, occurredAt: at(occurred), idempotencyKey: `seed:${number}:${type}` },
      });
    }
  }
}

const counts = (shares: Array<{ key: string; count: number }>) => Object.fromEntries(shares.filter((s) => s.count > 0).map((s) => [s.key, s.count]));

describe('reports over seeded rows with known numbers; letters; the daily report', () => {
  const system = useTestSystem();

  beforeAll(async () => {
    await seed(system);
  }, 120_000);

  test('GET /api/reports gives exactly the seeded counts, shares and rates', async () => {
    const { status, body } = await system.api(`/api/reports?from=${YEAR}-01-01&to=${YEAR}-12-31`);
    expect(status).toBe(200);
    expect(body.total).toBe(6);
    expect(counts(body.byContent)).toEqual({ medical_quality: 3, economic_dispute: 1, management_process: 1, other: 1 });
    expect(body.byContent.find((s: { key: string }) => s.key === 'medical_quality').share).toBeCloseTo(0.5, 10);
    expect(counts(body.byDepartmentKind)).toEqual({ logistics_admin: 1, inpatient: 1, outpatient: 1, medtech: 1, unset: 2 });
    expect(counts(body.byCause)).toEqual({ hospital: 1, patient: 1, external: 1, other: 1, unset: 2 });
    expect(counts(body.byChannel)).toEqual({ letter: 1, phone: 1, visit: 2, web: 1, email: 1 });
    expect(counts(body.byYear)).toEqual({ [String(YEAR)]: 6 });
    expect(body.rates).toEqual({
      acceptance: { numerator: 4, denominator: 6, rate: 4 / 6 },
      closed: { numerator: 2, denominator: 4, rate: 0.5 },
      onTime: { numerator: 1, denominator: 2, rate: 0.5 },
      satisfaction: { numerator: 1, denominator: 2, rate: 0.5 },
      repeat: { numerator: 1, denominator: 6, rate: 1 / 6 },
    });
    expect(body.overdueByDepartment.map((d: { code: string; assigned: number; overdue: number; overdueOpen: number }) => [d.code, d.assigned, d.overdue, d.overdueOpen])).toEqual([
      ['MZB', 1, 1, 1], ['XNK', 1, 1, 0], ['JYK', 1, 0, 0], ['YWC', 1, 0, 0],
    ]);
    expect((await system.api(`/api/reports?from=nope`)).status).toBe(400);
  });

  test('the Excel export opens with exceljs and holds the same numbers', async () => {
    const response = await fetch(`${system.apiUrl}/api/reports/export.xlsx?from=${YEAR}-01-01&to=${YEAR}-12-31`, { headers: { authorization: `Bearer ${system.apiToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['概览', '按内容', '按部门类型', '按原因', '按渠道', '按年度', '超期按部门', '台账', '办理期限']);
    const content = workbook.getWorksheet('按内容')!;
    expect(content.getRow(2).values).toEqual([undefined, '医疗质量', 3, 0.5]);
    const summary = workbook.getWorksheet('概览')!;
    const acceptance = summary.getRows(1, summary.rowCount)!.find((r) => r.getCell(1).value === '受理率')!;
    expect([acceptance.getCell(3).value, acceptance.getCell(4).value]).toEqual([4, 6]);
  });

  test('acceptance notice and written reply as PDFs with an embedded CJK font; cause is recorded', async () => {
    const { number } = (await system.api('/api/petitions', { body: { channel: 'letter', category: 'nursing', petitioner: { name: '王芳' }, content: '夜间呼叫护士无人应答。' } })).body;
    const pdf = (kind: string) => fetch(`${system.apiUrl}/api/petitions/${number}/letters/${kind}.pdf`, { headers: { authorization: `Bearer ${system.apiToken}` } });
    expect((await pdf('acceptance-notice')).status).toBe(404);
    await system.api(`/api/petitions/${number}/accept`, { body: {} });
    const notice = await pdf('acceptance-notice');
    expect(notice.status).toBe(200);
    expect(notice.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await notice.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toMatch(/FontFile|NotoSansCJK/);
    await system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'HLB' } });
    await system.api(`/api/petitions/${number}/reply`, { body: { department: 'HLB', investigation: '调查', findings: '属实', opinion: '整改', result: '已整改' } });
    // The department's reply is a draft until the 信访办 approves it: nothing to print before.
    expect((await pdf('reply-letter')).status).toBe(404);
    await system.api(`/api/petitions/${number}/approve-reply`, { body: { investigation: '调查', findings: '属实', opinion: '整改', result: '已整改' } });
    expect((await pdf('reply-letter')).status).toBe(200);
    expect((await system.api(`/api/petitions/${number}/letters/reply-letter.pdf`, { headers: { 'x-staff-id': 'ywc01' } })).status).toBe(403);

    expect((await system.api(`/api/petitions/${number}/cause`, { method: 'PUT', body: { cause: 'nonsense' } })).status).toBe(400);
    expect((await system.api(`/api/petitions/${number}/cause`, { method: 'PUT', body: { cause: 'hospital' }, headers: { 'x-staff-id': 'leader-med' } })).status).toBe(403);
    expect((await system.api(`/api/petitions/${number}/cause`, { method: 'PUT', body: { cause: 'hospital' } })).body).toEqual({ number, cause: 'hospital' });
    expect((await system.api(`/api/petitions/${number}`)).body.cause).toBe('hospital');
  });

  test('the daily report schedule runs at 15:00 Asia/Shanghai', async () => {
    const id = dailyReportScheduleId(system.worker.options.taskQueue);
    const description = await system.temporal.schedule.getHandle(id).describe();
    expect(description.spec.timezone).toBe('Asia/Shanghai');
    expect(description.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 15, end: 15, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
    expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'dailyReportWorkflow', taskQueue: system.worker.options.taskQueue });
  });

  test('the daily report mails the leadership the overdue petitions, a zero report on a quiet day, once per day', async () => {
    const run = (atIso: string) => system.temporal.workflow.execute('dailyReportWorkflow', {
      taskQueue: system.worker.options.taskQueue, workflowId: `daily-report-test-${atIso}-${Date.now()}`, args: [{ at: atIso }],
    });
    const quiet = await run('2010-06-01T07:00:00Z');
    expect(quiet).toMatchObject({ day: '2010-06-01', zero: true, outcome: 'sent' });
    expect(quiet.recipients).toEqual(expect.arrayContaining(['yuanzhang@hospital.example', 'fenguan.yiliao@hospital.example']));
    const zero = await system.catcher!.waitFor((m) => m.subject === '【零报告】信访日报 2010-06-01', 10_000);
    expect(zero.to).toContain('yuanzhang@hospital.example');

    const busy = await run('2011-04-02T07:00:00Z');
    expect(busy).toMatchObject({ day: '2011-04-02', zero: false, counts: { newPetitions: 0, closed: 0, overdue: 1, alerted: 0 }, outcome: 'sent' });
    const mail = await system.catcher!.waitFor((m) => m.subject === '信访日报 2011-04-02', 10_000);
    expect(mail.text).toContain('XF-2011-000004');
    expect(mail.text).toContain('门诊部');
    expect(await run('2011-04-02T07:00:00Z')).toMatchObject({ outcome: 'already-sent' });
  });
});
