import { freshPhone, registrationWith } from '../support/petition-steps';
import { useTestSystem } from '../support/system';
import { until } from '../support/until';

jest.setTimeout(90_000);

const leader = { 'x-staff-id': 'leader-med' };
const intake = { 'x-staff-id': 'intake01' };

const registration = registrationWith(() => ({
  petitioner: { name: '李娜', email: 'li.na@example.cn', phone: freshPhone('139') },
  content: `门诊候诊时间过长，要求说明原因 ${Math.random()}`,
}));

describe('statutory deadlines on real servers', () => {
  const system = useTestSystem();

  test('the detail shows each deadline with its rule, explanation and time left', async () => {
    const { body } = await system.api('/api/petitions', { body: registration() });
    const detail = await until(() => system.api(`/api/petitions/${body.number}`), (r) => r.body.deadlines?.length > 0);
    const acceptance = detail.body.deadlines.find((d: { kind: string }) => d.kind === 'acceptance');
    expect(acceptance).toMatchObject({ status: 'open', rule: '信访工作条例：收到信访事项之日起15日内决定是否受理', kindLabel: '受理期限' });
    expect(acceptance.explanation).toContain('不计入');
    expect(acceptance.timeLeftMs).toBeGreaterThan(14 * 86_400_000);
    expect(acceptance.calendarVersion).toMatch(/^chinese-days@/);
    expect(detail.body.workflow.calendarVersion).toBe(acceptance.calendarVersion);
    expect(detail.body.workflow.policyVersion).toBe('2022.1');

    await system.api(`/api/petitions/${body.number}/accept`, { body: {} });
    const assigned = await system.api(`/api/petitions/${body.number}/assign`, { body: { leadDepartment: 'YWC', cooperatingDepartments: ['XNK'] } });
    expect(assigned.status).toBe(200);
    const after = await system.api(`/api/petitions/${body.number}`);
    const kinds = after.body.deadlines.map((d: { kind: string; department: string | null; status: string }) => [d.kind, d.department, d.status]);
    // The 受理告知书's own deadline (opened at acceptance) is met whenever its mail goes out: not part of this order.
    expect(kinds.filter(([kind]: [string]) => kind !== 'acceptanceNotice')).toEqual([
      ['acceptance', null, 'met'],
      ['handling', 'YWC', 'open'],
      ['acknowledgement', 'YWC', 'open'],
      ['handling', 'XNK', 'open'],
      ['acknowledgement', 'XNK', 'open'],
    ]);
    expect(kinds.filter(([kind]: [string]) => kind === 'acceptanceNotice')).toHaveLength(1);
    expect(after.body.deadlines.find((d: { kind: string }) => d.kind === 'handling').rule).toBe('信访工作条例：受理后60日内办结');
    expect((await system.api(`/api/petitions/${body.number}/acknowledge`, { body: { department: 'YWC' } })).status).toBe(200);
    expect((await system.api(`/api/petitions/${body.number}/acknowledge`, { body: { department: 'YWC' } })).status).toBe(409);
  });

  test('a passed due time makes the petition overdue, supervised on the board and escalated to the leader in charge', async () => {
    const { body } = await system.api('/api/petitions', { body: registration({ category: 'nursing' }) });
    const { number } = body;
    await system.api(`/api/petitions/${number}/accept`, { body: {} });
    const dueAt = new Date(Date.now() + 4_000).toISOString();
    const assigned = await system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'HLB', dueAt } });
    expect([assigned.status, assigned.body.error]).toEqual([200, undefined]);

    const board = await until(
      () => system.api('/api/supervision/overdue'),
      (r) => r.status === 200 && JSON.stringify(r.body).includes(number),
    );
    const nursing = board.body.departments.find((d: { departmentCode: string }) => d.departmentCode === 'HLB');
    expect(nursing.departmentName).toBe('护理部');
    const item = nursing.items.find((i: { number: string }) => i.number === number);
    expect(item).toMatchObject({ deadlineKind: 'handling', overdueDays: 0 });
    expect(item.rule).toContain('交办单指定期限');

    const escalation = await system.catcher!.waitFor((m) => m.to.includes('fenguan.yiliao@hospital.example') && m.subject.includes(number) && m.subject.includes('超期督办'), 15_000);
    expect(escalation.subject).toContain('超期督办');
    const detail = await until(() => system.api(`/api/petitions/${number}`), (r) => r.body.events.some((e: { type: string }) => e.type === 'escalated'));
    expect(detail.body.overdue).toBe(true);
    expect(detail.body.deadlines.find((d: { kind: string }) => d.kind === 'handling').status).toBe('overdue');
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['overdue', 'supervision_opened', 'escalated']));
    const audit = await system.prisma.deadlineAudit.findMany({ where: { number } });
    expect(audit.map((row) => row.step)).toEqual(expect.arrayContaining(['overdue', 'escalation:overdue']));
    for (const row of audit) expect(row.lagMs).toBeLessThan(10_000);

    const replied = await system.api(`/api/petitions/${number}/reply`, {
      body: { department: 'HLB', investigation: '调查', findings: '查明', opinion: '意见', result: '结果' },
    });
    expect(replied.status).toBe(200);
    const cleared = await until(() => system.api('/api/supervision/overdue'), (r) => !JSON.stringify(r.body).includes(number));
    expect(cleared.status).toBe(200);
  });

  test('a collective petition alerts the leadership at once and a leader takes ownership', async () => {
    const { body } = await system.api('/api/petitions', { body: registration({ peopleCount: 8 }) });
    const alert = await system.catcher!.waitFor((m) => m.to.includes('yuanzhang@hospital.example') && m.subject.includes(body.number), 15_000);
    expect(alert.subject).toContain('集体访');
    expect(alert.text).not.toContain('李娜');
    expect((await system.api(`/api/petitions/${body.number}/take-ownership`, { body: {}, headers: leader })).status).toBe(200);
    const detail = await system.api(`/api/petitions/${body.number}`);
    expect(detail.body.workflow.owner.actor).toBe('staff:leader-med');
    expect(detail.body.workflow.alerts).toEqual(['collective']);
  });

  test('a repeat petition (same phone within 180 days) is flagged at registration', async () => {
    const phone = '13700137000';
    await system.api('/api/petitions', { body: registration({ petitioner: { name: '王强', phone } }) });
    const { body } = await system.api('/api/petitions', { body: registration({ petitioner: { name: '王强', phone } }) });
    const detail = await until(() => system.api(`/api/petitions/${body.number}`), (r) => Boolean(r.body.workflow));
    expect(detail.body.workflow.alerts).toEqual(['repeat']);
  });

  test('a repeat petition (same text from another phone) is flagged at registration, found by the content digest', async () => {
    const content = `住院费用清单与实际不符，要求核对 ${Math.random()}`;
    const first = await system.api('/api/petitions', { body: registration({ content }) });
    const { body } = await system.api('/api/petitions', { body: registration({ content }) });
    const detail = await until(() => system.api(`/api/petitions/${body.number}`), (r) => Boolean(r.body.workflow));
    expect(detail.body.workflow.alerts).toEqual(['repeat']);
    // The digest is the database's own (trigger), equal for both rows.
    const rows = await system.prisma.petition.findMany({ where: { number: { in: [first.body.number, body.number] } }, select: { contentDigest: true } });
    expect(rows).toHaveLength(2);
    expect(rows[0].contentDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[1].contentDigest).toBe(rows[0].contentDigest);
  });

  test('extension, pause and return through the API', async () => {
    const { body } = await system.api('/api/petitions', { body: registration({ category: 'billing' }) });
    const { number } = body;
    await system.api(`/api/petitions/${number}/accept`, { body: {} });
    const assigned = await system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'CWC' } });
    const requested = await system.api(`/api/petitions/${number}/request-extension`, { body: { department: 'CWC', days: 15, reason: '需调取第三方收费系统记录' } });
    expect(requested.status).toBe(200);
    expect((await system.api(`/api/petitions/${number}/decide-extension`, { body: { approve: true }, headers: intake })).status).toBe(403);
    // 财务处's 分管院领导 is leader-ops: another leader is refused with the one who may decide (第三十四条).
    const otherLeader = await system.api(`/api/petitions/${number}/decide-extension`, { body: { approve: true }, headers: leader });
    expect(otherLeader.status).toBe(409);
    expect(otherLeader.body.error).toContain('只有财务处的分管院领导（leader-ops）可以审批财务处的延期申请');
    const decided = await system.api(`/api/petitions/${number}/decide-extension`, { body: { approve: true }, headers: { 'x-staff-id': 'leader-ops' } });
    expect(decided.status).toBe(200);
    // 15 days after the old due date, rolled over to the next working day when that is a rest day.
    expect(Date.parse(decided.body.dueAt)).toBeGreaterThanOrEqual(Date.parse(assigned.body.dueAt) + 15 * 86_400_000);
    const handling = decided.body.deadlines.find((d: { kind: string }) => d.kind === 'handling');
    expect(handling.deadline.explanation).toContain('经批准延长15日');
    const told = await system.catcher!.waitFor((m) => m.to.includes('li.na@example.cn') && m.subject.includes('延期'), 15_000);
    expect(told.text).toContain('第三方收费系统');

    // 信访工作条例 states no ground to stop its clocks: 中止计时 is refused with the policy's words (issue 16).
    expect((await system.api(`/api/petitions/${number}/pause`, { body: { reason: '请信访人补充缴费凭证' } })).status).toBe(400);
    const stopped = await system.api(`/api/petitions/${number}/pause`, { body: { ground: 'supplementaryMaterials', reason: '请信访人补充缴费凭证' }, headers: leader });
    expect(stopped.status).toBe(409);
    expect(stopped.body.error).toContain('《信访工作条例》未规定中止计时的情形');
    expect((await system.api(`/api/petitions/${number}/resume`, { body: {} })).status).toBe(409);
    const returned = await system.api(`/api/petitions/${number}/return`, { body: { department: 'CWC', reason: '不属于财务处职责' } });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('accepted');
    expect(returned.body.deadlines.filter((d: { kind: string }) => d.kind === 'handling').map((d: { status: string }) => d.status)).toEqual(['cancelled']);
    expect((await system.api(`/api/petitions/${number}/request-review`, { body: { reason: '不服' } })).status).toBe(409);
  });
});
