/**
 * Matters handed down from above on real servers (issue 16): a 12345 转办 registered with the authority's deadline
 * earlier than the policy's runs on it (the acceptance mail's reply date, the department's handling limit), and at
 * 反馈 the 办结报告 goes to the authority's mailbox from hospital configuration with its due date, recorded as a
 * notice and an event like any other. Bad 交办信息 is refused 400 with the reason.
 */
import { formatDueMoment } from '../../workflows/domain/due';
import { freshPhone, registrationWith } from '../support/petition-steps';
import { postForm, sessionOf } from '../support/staff-session';
import { useTestSystem } from '../support/system';
import { until } from '../support/until';

const DAY_MS = 86_400_000;
const authorityMailbox = 'gongdan@12345.example.gov.cn';
const petitionerEmail = `hotline.${Math.random().toString(36).slice(2, 8)}@example.cn`;
const registration = registrationWith(() => ({
  channel: 'hotline_12345',
  category: 'billing',
  petitioner: { name: '赵热线', phone: freshPhone('139'), email: petitionerEmail, relationToPatient: '本人' },
  content: `12345 转办：门诊重复收费，要求退费并说明。（${Math.random().toString(36).slice(2, 8)}）`,
}));
const letter = { investigation: '核对收费明细。', findings: '重复收取检查费一次。', opinion: '退还重复收取的费用。', result: '已于当日退费并致歉。' };

function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

describe('a 12345 matter with the authority\'s deadline and its 办结报告', () => {
  const system = useTestSystem();

  test('runs on the authority\'s earlier date; at 反馈 the report goes to the authority\'s mailbox with its due date', async () => {
    const dueAt = new Date(Date.now() + 7 * DAY_MS).toISOString();
    const reportDueAt = new Date(Date.now() + 9 * DAY_MS).toISOString();
    const created = await system.api('/api/petitions', {
      body: registration({ handedDown: { authority: 'RX12345', referenceNumber: 'GD-2026-12-0815', dueAt, reportDueAt } }),
    });
    expect(created.status).toBe(201);
    const { number } = created.body;
    const accepted = await system.api(`/api/petitions/${number}/accept`, { body: {} });
    expect(accepted.status).toBe(200);
    expect(accepted.body.handedDown).toMatchObject({ authority: 'RX12345', referenceNumber: 'GD-2026-12-0815', dueAt, reportDueAt });
    // The policy gives 60 days; the authority 7: the petitioner is told the authority's date.
    expect(accepted.body.expectedReplyBy).toBe(dueAt);
    const assigned = await system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'CWC' } });
    expect(assigned.status).toBe(200);
    const handling = assigned.body.deadlines.find((d: { kind: string }) => d.kind === 'handling');
    expect(handling.dueAt).toBe(dueAt);
    expect(handling.deadline.rule).toContain('上级交办期限（交办文号GD-2026-12-0815');
    expect(assigned.body.deadlines.map((d: { kind: string; status: string }) => [d.kind, d.status])).toEqual(
      expect.arrayContaining([['handedDown', 'open'], ['authorityReport', 'open']]),
    );
    // The record store's copy of the deadlines has both, for the boards and reports.
    const row = await system.prisma.petition.findUniqueOrThrow({ where: { number } });
    expect(JSON.stringify(row.deadlines)).toContain('authorityReport');

    expect((await system.api(`/api/petitions/${number}/reply`, { body: { department: 'CWC', ...letter } })).status).toBe(200);
    expect((await system.api(`/api/petitions/${number}/approve-reply`, { body: letter })).status).toBe(200);
    const fedBack = await system.api(`/api/petitions/${number}/feedback`, { body: { satisfaction: 'satisfied', deliveryMethod: 'phone', deliveredOn: shanghaiToday() } });
    expect(fedBack.status).toBe(200);
    expect(fedBack.body.handedDown.reportedAt).toBeDefined();
    expect(fedBack.body.deadlines.filter((d: { kind: string }) => d.kind === 'handedDown' || d.kind === 'authorityReport').map((d: { status: string }) => d.status)).toEqual(['met', 'met']);

    const report = await system.catcher!.waitFor((m) => m.to.includes(authorityMailbox) && m.subject.includes(number), 60_000);
    expect(report.subject).toBe(`【办结报告】交办文号GD-2026-12-0815（本院编号：${number}）`);
    expect(report.text).toContain('示例市12345政务服务便民热线：');
    expect(report.text).toContain(`报告期限：${formatDueMoment(reportDueAt)}`);
    expect(report.text).toContain(`交办办结期限：${formatDueMoment(dueAt)}`);
    expect(report.text).toContain('已于当日退费并致歉。');
    expect(report.text).toContain('信访人评价：满意');
    // No consent: the authority's mail does not name the petitioner.
    for (const value of ['赵热线', petitionerEmail]) expect(report.text).not.toContain(value);

    const notice = await until(
      () => system.prisma.notification.findFirst({ where: { petition: { number }, template: 'authority-report' } }),
      (found) => found?.status === 'sent',
      30_000,
    );
    expect(notice!.recipient).toBe(authorityMailbox);
    const events = await system.prisma.petitionEvent.findMany({ where: { petition: { number } }, orderBy: { occurredAt: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['fed_back', 'authority_reported']));
    expect(events.find((e) => e.type === 'authority_reported')!.payload).toMatchObject({ authority: 'RX12345', referenceNumber: 'GD-2026-12-0815', reportDueAt });
    // The petition page shows the 交办信息 and that the report went out.
    const intake = await sessionOf(system, 'intake01');
    const petitionPage = await (await fetch(`${system.apiUrl}/console/petitions/${number}`, { headers: { cookie: intake.cookie } })).text();
    expect(petitionPage).toMatch(/<dd id="handed-down">示例市12345政务服务便民热线，交办文号 GD-2026-12-0815，办结期限 [^<]*；办结报告期限 [^<]*，已于 [^<]* 报送<\/dd>/);
    expect(petitionPage).toContain('办结报告期限');
  });

  test('the console registers the 交办信息: the authority by name, its number and dates in Beijing time; a wrong channel keeps the input with the reason', async () => {
    const intake = await sessionOf(system, 'intake01');
    const form = await (await fetch(`${system.apiUrl}/console/register`, { headers: { cookie: intake.cookie } })).text();
    expect(form).toContain('<option value="RX12345">示例市12345政务服务便民热线</option>');
    const token = /name="_form" value="([^"]+)"/.exec(form.slice(form.indexOf('register-form')))![1];
    const fields = {
      _csrf: intake.csrf, _form: token, channel: 'visit', category: 'billing', name: '孙交办', content: `12345 工单：挂号费重复收取（${Math.random()}）`, peopleCount: '1',
      authority: 'RX12345', referenceNumber: 'GD-CONSOLE-7', handedDownDueAt: '2099-03-01T17:00', reportRequired: 'yes', reportDueAt: '2099-03-03T12:00',
    };
    const refused = await postForm(system, '/console/register', fields, { cookie: intake.cookie });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('只有“上级交办”或“12345/市长热线转办”的信访事项才登记交办信息');
    expect(refused.text).toContain('value="GD-CONSOLE-7"');
    const registered = await postForm(system, '/console/register', { ...fields, channel: 'hotline_12345' }, { cookie: intake.cookie });
    expect(registered.status).toBe(303);
    const number = /XF-\d{4}-\d{6}/.exec(registered.location)![0];
    const event = await system.prisma.petitionEvent.findFirstOrThrow({ where: { petition: { number }, type: 'registered' } });
    expect((event.payload as { handedDown: unknown }).handedDown).toEqual({
      authority: 'RX12345', referenceNumber: 'GD-CONSOLE-7', dueAt: '2099-03-01T09:00:00.000Z', reportDueAt: '2099-03-03T04:00:00.000Z',
    });
  });

  test('交办信息 that does not fit is refused 400 with the reason', async () => {
    const dueAt = new Date(Date.now() + 7 * DAY_MS).toISOString();
    const unknown = await system.api('/api/petitions', { body: registration({ handedDown: { authority: 'NOWHERE', referenceNumber: 'X-1', dueAt } }) });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('未配置的上级机关');
    const wrongChannel = await system.api('/api/petitions', { body: registration({ channel: 'visit', handedDown: { authority: 'RX12345', referenceNumber: 'X-2', dueAt } }) });
    expect(wrongChannel.status).toBe(400);
    expect(JSON.stringify(wrongChannel.body)).toContain('上级交办');
    const past = await system.api('/api/petitions', { body: registration({ handedDown: { authority: 'RX12345', referenceNumber: 'X-3', dueAt: '2020-01-01T00:00:00+08:00' } }) });
    expect(past.status).toBe(400);
    expect(JSON.stringify(past.body)).toContain('交办期限须晚于收到时间');
  });
});
