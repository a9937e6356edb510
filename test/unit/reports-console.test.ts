import { commandRefusal, ledgerScope, redactPetition } from '../../services/auth/petition-access';
import type { Principal, Role } from '../../services/auth/roles';
import { commandBodyFromForm } from '../../services/console/form-commands';
import { html, timeLeft } from '../../services/console/html';
import { ledgerQueryString, ledgerFilterSchema, ledgerWhere } from '../../services/console/ledger-query';
import { renderDailyReport } from '../../activities/daily-report-mail';
import { parseReportTime, dailyReportScheduleId } from '../../services/reports/daily-schedule';

const person = (role: Role, departmentCode: string | null = null): Principal => ({
  staffId: `${role}01`, name: role, role, departmentCode, actor: `staff:${role}01`, via: 'session',
});
const assignedTo = (lead: string, cooperating: string[] = []) => ({ leadDepartment: lead, cooperatingDepartments: cooperating });

describe('roles matrix', () => {
  test.each([
    ['intake', 'accept', true], ['intake', 'assign', true], ['intake', 'archive', true], ['intake', 'takeOwnership', false],
    ['admin', 'accept', true], ['admin', 'somethingNew', true],
    ['leader', 'accept', false], ['leader', 'takeOwnership', true], ['leader', 'decideExtension', true], ['leader', 'feedback', false],
    ['president', 'takeOwnership', true], ['president', 'archive', false],
    ['department', 'reply', true], ['department', 'accept', false], ['department', 'decideExtension', false],
    ['intake', 'somethingNew', false],
  ] as Array<[Role, string, boolean]>)('%s may %s: %s', (role, command, allowed) => {
    const refusal = commandRefusal(person(role, 'YWC'), command, { department: 'YWC' }, assignedTo('YWC'));
    expect(refusal === undefined).toBe(allowed);
  });

  test('a department acts only on its own petitions and in its own name', () => {
    const ywc = person('department', 'YWC');
    expect(commandRefusal(ywc, 'reply', { department: 'YWC' }, assignedTo('XNK'))).toContain('未交办');
    expect(commandRefusal(ywc, 'reply', { department: 'XNK' }, assignedTo('XNK', ['YWC']))).toContain('本部门');
    expect(commandRefusal(ywc, 'reply', { department: 'YWC' }, assignedTo('XNK', ['YWC']))).toBeUndefined();
    expect(ledgerScope(ywc)).toEqual({ OR: [{ leadDepartment: 'YWC' }, { cooperatingDepartments: { has: 'YWC' } }] });
    expect(ledgerScope(person('leader'))).toEqual({});
  });

  test('departments never get the petitioner or the query code', () => {
    const record = { number: 'XF-2026-000001', petitioner: { name: '张伟' }, petitionerId: 'p', queryCode: '123456', notifications: [{ template: 'acceptance' }, { template: 'assignment' }], documents: [{ kind: 'reply' }, { kind: 'feedback' }] };
    const redacted = redactPetition(person('department', 'YWC'), record);
    expect(JSON.stringify(redacted)).not.toMatch(/张伟|123456|petitionerId/);
    expect(redacted.notifications).toEqual([{ template: 'assignment' }]);
    expect(redacted.documents).toEqual([{ kind: 'reply' }]);
    expect(redactPetition(person('intake'), record)).toBe(record);
  });
});

describe('console helpers', () => {
  test('html escapes interpolations unless they are html already', () => {
    expect(html`<p>${'<script>"x"</script>'}</p>${html`<b>${'&'}</b>`}`.value).toBe('<p>&lt;script&gt;&quot;x&quot;&lt;/script&gt;</p><b>&amp;</b>');
  });

  test('ledger filters become a Prisma where and survive paging', () => {
    const filter = ledgerFilterSchema.parse({ status: 'assigned', channel: '', department: 'YWC', from: '2026-01-01', overdue: 'yes', page: '2' });
    const where = ledgerWhere(filter, new Date('2026-02-01T00:00:00Z')) as { AND: object[] };
    expect(where.AND).toEqual(expect.arrayContaining([
      { status: 'assigned' },
      { OR: [{ leadDepartment: 'YWC' }, { cooperatingDepartments: { has: 'YWC' } }] },
      { receivedAt: { gte: new Date('2025-12-31T16:00:00Z') } },
    ]));
    expect(ledgerQueryString(filter, 3)).toBe('status=assigned&department=YWC&from=2026-01-01&overdue=yes&page=3');
    expect(ledgerFilterSchema.safeParse({ status: 'nope' }).success).toBe(false);
  });

  test('form fields become command bodies', () => {
    expect(commandBodyFromForm({ _csrf: 't', cause: 'hospital', leadDepartment: 'YWC', cooperatingDepartments: 'XNK, HLB', dueAt: '' })).toEqual({ leadDepartment: 'YWC', cooperatingDepartments: ['XNK', 'HLB'] });
    expect(commandBodyFromForm({ approve: 'false', days: '10', note: '' })).toEqual({ approve: false, days: 10 });
  });

  test('time left reads in Chinese', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(timeLeft(new Date('2026-01-03T05:00:00Z'), now)).toBe('剩余 2 天 5 小时');
    expect(timeLeft(new Date('2025-12-31T23:30:00Z'), now)).toBe('已超期 0 小时 30 分');
  });
});

describe('daily report', () => {
  const base = { day: '2026-01-05', windowStart: new Date('2026-01-04T07:00:00Z'), windowEnd: new Date('2026-01-05T07:00:00Z'), hospitalName: '示例医院', consoleUrl: 'http://x/console' };
  test('a day with nothing gives a zero report', () => {
    const mail = renderDailyReport({ ...base, sections: { newPetitions: [], closed: [], overdue: [], alerted: [] } });
    expect(mail.subject).toBe('【零报告】信访日报 2026-01-05');
    expect(mail.text).toContain('零报告');
  });
  test('a day with petitions lists each section', () => {
    const item = { number: 'XF-2026-000001', category: '护理', status: '已登记' };
    const mail = renderDailyReport({ ...base, sections: { newPetitions: [item], closed: [], overdue: [item], alerted: [] } });
    expect(mail.subject).toBe('信访日报 2026-01-05');
    expect(mail.text).toContain('新登记 1 件，办结 0 件，超期未结（督办） 1 件，预警（集体访等） 0 件');
  });
  test('schedule time and id', () => {
    expect(parseReportTime('15:00')).toEqual({ hour: 15, minute: 0 });
    expect(() => parseReportTime('25:00')).toThrow('HH:MM');
    expect(dailyReportScheduleId('petitions')).toBe('daily-report');
  });
});
