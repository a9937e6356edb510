import { useTestSystem } from '../support/system';

const petitionerEmail = 'zhang.wei@example.cn';
const petitionerName = '张伟';
// Unique per run: the same phone seen before (a PostgreSQL kept between runs) would make this a repeat petition.
const petitionerPhone = `138${String(Date.now()).slice(-8)}`;
const runMarker = Math.random().toString(36).slice(2, 10);

function registration(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'visit',
    category: 'medical_quality',
    anonymous: false,
    petitioner: { name: petitionerName, phone: petitionerPhone, email: petitionerEmail, relationToPatient: '本人' },
    peopleCount: 1,
    content: `住院期间术后伤口感染，医生未及时处理，要求医院说明情况并给予答复。（批次 ${runMarker}）`,
    complainedAbout: ['心内科 值班医生'],
    claimAmount: 12000.5,
    ...overrides,
  };
}

describe('petition from registration to archive on real servers', () => {
  const system = useTestSystem();

  test('the whole path: register, accept, assign, reply, feedback, archive', async () => {
    const created = await system.api('/api/petitions', { body: registration() });
    expect(created.status).toBe(201);
    const { number, workflowId, queryCode } = created.body;
    expect(number).toMatch(/^XF-\d{4}-\d{6}$/);
    expect(workflowId).toBe(`petition:${number}`);
    expect(queryCode).toMatch(/^\d{6}$/);

    expect((await system.api(`/api/petitions/${number}/reply`, { body: { department: 'YWC', investigation: 'a', findings: 'b', opinion: 'c', result: 'd' } })).status).toBe(409);
    expect((await system.api(`/api/petitions/${number}/accept`, { body: {} })).status).toBe(200);
    const doubleAccept = await system.api(`/api/petitions/${number}/accept`, { body: {} });
    expect(doubleAccept.status).toBe(409);
    expect(doubleAccept.body.error).toContain('受理');

    const unknownDepartment = await system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'NOPE' } });
    expect(unknownDepartment.status).toBe(409);
    expect(unknownDepartment.body.error).toContain('NOPE');
    const assigned = await system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'YWC', cooperatingDepartments: ['XNK'] } });
    expect(assigned.status).toBe(200);
    expect(assigned.body.status).toBe('assigned');
    expect(Date.parse(assigned.body.dueAt)).toBeGreaterThan(Date.now());

    expect((await system.api(`/api/petitions/${number}/archive`, { body: {} })).status).toBe(409);
    const wrongDepartment = await system.api(`/api/petitions/${number}/reply`, {
      body: { department: 'XNK', investigation: '调查', findings: '查明', opinion: '意见', result: '结果' },
    });
    expect(wrongDepartment.status).toBe(409);

    const replyText = {
      investigation: '医务处两名工作人员调阅病历并询问当班医护人员。',
      findings: '术后第三天发现伤口渗液，已于当日处理，但与家属沟通不足。',
      opinion: '加强医患沟通，对当班医生进行批评教育。',
      result: '已向患者说明情况并致歉，免除换药费用。',
    };
    const replied = await system.api(`/api/petitions/${number}/reply`, { body: { department: 'YWC', ...replyText } });
    expect(replied.status).toBe(200);
    // Review before answer: the 信访办 approves the 处理意见书 (here unchanged) before the petitioner is answered.
    const { department: _department, ...letter } = { department: 'YWC', ...replyText };
    expect((await system.api(`/api/petitions/${number}/approve-reply`, { body: letter })).status).toBe(200);
    const delivered = { deliveryMethod: 'in_person', deliveredOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10) };
    expect((await system.api(`/api/petitions/${number}/feedback`, { body: { satisfaction: 'satisfied', ...delivered } })).status).toBe(200);
    const archived = await system.api(`/api/petitions/${number}/archive`, { body: {} });
    expect(archived.status).toBe(200);
    expect(archived.body.status).toBe('archived');

    const handle = system.temporal.workflow.getHandle(workflowId);
    await handle.result();
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    expect((await system.api(`/api/petitions/${number}/accept`, { body: {} })).status).toBe(409);

    const detail = await system.api(`/api/petitions/${number}`);
    expect(detail.status).toBe(200);
    expect(detail.body.status).toBe('archived');
    expect(detail.body.closedAt).toBeTruthy();
    // The 受理告知书 mail's delivery is recorded once, whenever the mail left after the acceptance.
    const types = detail.body.events.map((e: { type: string }) => e.type);
    expect(types.filter((type: string) => type !== 'acceptance_notice_delivered')).toEqual([
      'registered', 'accepted', 'assigned', 'replied', 'reply_approved', 'fed_back', 'archived',
    ]);
    expect(types.filter((type: string) => type === 'acceptance_notice_delivered')).toHaveLength(1);
    expect(types.indexOf('acceptance_notice_delivered')).toBeGreaterThan(types.indexOf('accepted'));
    expect(detail.body.documents.map((d: { kind: string }) => d.kind)).toEqual(['reply', 'reply_letter']);

    const ledger = await system.api('/api/petitions?status=archived');
    expect(ledger.status).toBe(200);
    expect(ledger.body.items.map((p: { number: string }) => p.number)).toContain(number);

    const catcher = system.catcher!;
    const acceptance = await catcher.waitFor((m) => m.to.includes(petitionerEmail) && m.subject.includes('受理告知书'), 10_000);
    expect(acceptance.text).toContain(number);
    expect(acceptance.text).toContain(queryCode);
    const slip = await catcher.waitFor((m) => m.to.includes('yiwuchu@hospital.example'), 10_000);
    expect(slip.subject).toContain('交办');
    expect(slip.text).toContain('伤口感染');
    const cooperatingSlip = await catcher.waitFor((m) => m.to.includes('xinneike@hospital.example'), 10_000);
    for (const mail of [slip, cooperatingSlip]) {
      expect(`${mail.subject}${mail.text}${mail.html}`).not.toContain(petitionerName);
      expect(`${mail.text}${mail.html}`).not.toContain(petitionerPhone);
      expect(`${mail.text}${mail.html}`).not.toContain(petitionerEmail);
    }
    const reply = await catcher.waitFor((m) => m.to.includes(petitionerEmail) && m.subject.includes('处理意见书'), 10_000);
    expect(reply.text).toContain('免除换药费用');
    const toPetitioner = catcher.messages().filter((m) => m.to.includes(petitionerEmail));
    expect(toPetitioner).toHaveLength(2);
  });

  test('a declined petition tells the petitioner why and where to go, then archives', async () => {
    const { body } = await system.api('/api/petitions', { body: registration({ channel: 'letter', category: 'billing' }) });
    const declined = await system.api(`/api/petitions/${body.number}/decline`, {
      body: { reason: '该医疗纠纷已进入诉讼程序', redirectTo: '请通过人民法院依法解决' },
    });
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('declined');
    expect((await system.api(`/api/petitions/${body.number}/assign`, { body: { leadDepartment: 'CWC' } })).status).toBe(409);
    expect((await system.api(`/api/petitions/${body.number}/archive`, { body: {} })).status).toBe(200);
    const notice = await system.catcher!.waitFor((m) => m.subject.includes(body.number) && m.subject.includes('不予受理'), 10_000);
    expect(notice.text).toContain('人民法院');
  });

  test('an anonymous petition is handled without mail to a petitioner', async () => {
    const { status, body } = await system.api('/api/petitions', {
      body: registration({ anonymous: true, petitioner: undefined, channel: 'suggestion_box' }),
    });
    expect(status).toBe(201);
    expect((await system.api(`/api/petitions/${body.number}/accept`, { body: {} })).status).toBe(200);
    const detail = await system.api(`/api/petitions/${body.number}`);
    expect(detail.body.petitioner).toBeNull();
  });

  test('register numbers are sequential and a retried registration is not registered twice', async () => {
    // Unique per run: a PostgreSQL kept between runs still holds the keys of earlier ones.
    const key = `retry-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
    const first = await system.api('/api/petitions', { body: registration(), headers: { 'idempotency-key': key } });
    const retry = await system.api('/api/petitions', { body: registration(), headers: { 'idempotency-key': key } });
    const second = await system.api('/api/petitions', { body: registration() });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.number).toBe(first.body.number);
    const seq = (n: string) => Number(n.slice(-6));
    expect(seq(second.body.number)).toBe(seq(first.body.number) + 1);
  });

  test('bad bodies get 400 naming each bad field', async () => {
    const bad = await system.api('/api/petitions', {
      body: { channel: 'fax', category: 'medical_quality', peopleCount: 0, content: '', extra: 1 },
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['channel', 'peopleCount', 'content', 'extra']));
    expect(bad.body.error).toBe('请求参数无效');
    const unnamed = await system.api('/api/petitions', { body: registration({ petitioner: { phone: '123456' } }) });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.fields).toEqual([expect.objectContaining({ field: 'petitioner.name', message: expect.stringContaining('姓名') })]);

    const notJson = await system.api('/api/petitions', { body: '{"channel":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toContain('JSON');

    const badNumber = await system.api('/api/petitions/XF-1/accept', { body: {} });
    expect(badNumber.status).toBe(400);
    const missing = await system.api('/api/petitions/XF-2020-999999/accept', { body: {} });
    expect(missing.status).toBe(404);
    const badAssign = await system.api('/api/petitions/XF-2020-999999/assign', { body: { leadDepartment: 'ywc', dueAt: 'tomorrow' } });
    expect(badAssign.status).toBe(400);
    expect(badAssign.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['leadDepartment', 'dueAt']));
  });
});
