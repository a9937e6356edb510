import { signLinkToken } from '../../services/links/link-tokens';
import { useTestSystem } from '../support/system';
import { systemClock } from '../../activities';
import { createMailer } from '../../activities/mail/mailer';
import { createNoticeActivities } from '../../activities/notices';
import { linkIn, mentionsPetitioner, onTestSystem, petitionState, registerAcceptAssign, type AssignedPetition } from '../browser/links-helpers';
import { linkPages } from '../support/link-pages';

/** Plain HTTP against the real system: what a link can and cannot do, and that every attempt is audited. */

// The per-client budget of /links is read from the process environment when the app starts.
process.env.RATE_LIMIT_LINKS_PER_MINUTE = '100000';

function tokenOf(url: string): string {
  return new URL(url).searchParams.get('t')!;
}

function formToken(html: string, formId: string): string {
  const match = new RegExp(`id="${formId}">\\s*<input type="hidden" name="token" value="([^"]+)"`).exec(html);
  if (!match) throw new Error(`no form ${formId} on the page`);
  return match[1];
}

describe('department and leader links over plain HTTP', () => {
  const system = useTestSystem();
  let assigned: AssignedPetition;

  beforeAll(async () => {
    assigned = await registerAcceptAssign(system, {
      overrides: { content: '<script>alert("xss")</script><b>输液室</b>排队两小时无人处理' },
      cooperating: ['XNK'],
    });
  }, 120_000);

  const { get, post } = linkPages(() => system.apiUrl);

  test('the page shows the matter as text, under a strict CSP, without the petitioner', async () => {
    const page = await get(assigned.pageUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.html).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;b&gt;输液室&lt;/b&gt;');
    expect(page.html).not.toMatch(/<script/i);
    expect(mentionsPetitioner(page.html)).toEqual([]);
    expect(mentionsPetitioner(`${assigned.slip.subject}${assigned.slip.text}${assigned.slip.html}`)).toEqual([]);
    const row = await system.prisma.linkToken.findFirstOrThrow({ where: { number: assigned.number, purpose: 'handle', subject: 'dept:YWC' } });
    expect(row.openedAt).not.toBeNull();
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 7 * 86_400_000);
  });

  test('tampered, foreign-petition and wrong-purpose tokens are refused and change nothing', async () => {
    const token = tokenOf(assigned.pageUrl);
    const [payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, s: 'dept:XNK' })).toString('base64url');
    for (const bad of [`${forged}.${signature}`, `${payload}.${signature.slice(0, -2)}AA`, 'garbage', '']) {
      const refused = await get(`${system.apiUrl}/links/${assigned.number}?t=${encodeURIComponent(bad)}`);
      expect(refused.status).toBe(400);
      expect(refused.html).toContain('链接无效');
    }
    const other = await registerAcceptAssign(system);
    const foreign = await get(`${system.apiUrl}/links/${other.number}?t=${encodeURIComponent(token)}`);
    expect(foreign.status).toBe(403);
    expect(foreign.html).toContain('不属于此信访事项');

    const page = await get(assigned.pageUrl);
    const acknowledgeToken = formToken(page.html, 'acknowledge-form');
    const wrongPurpose = await post(assigned.number, 'reply', { token: acknowledgeToken, investigation: 'a', findings: 'b', opinion: 'c', result: 'd' });
    expect(wrongPurpose.status).toBe(403);
    expect(wrongPurpose.html).toContain('用途不符');
    expect((await get(`${system.apiUrl}/links/${assigned.number}?t=${encodeURIComponent(acknowledgeToken)}`)).status).toBe(403);
    expect((await post(other.number, 'acknowledge', { token: acknowledgeToken })).status).toBe(403);
    expect((await post(assigned.number, 'archive', { token: acknowledgeToken })).status).toBe(404);
    expect((await petitionState(system, assigned.number)).acknowledgements ?? {}).toEqual({});

    const acknowledged = await post(assigned.number, 'acknowledge', { token: acknowledgeToken });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.html).toContain('已签收');
    const replayed = await post(assigned.number, 'acknowledge', { token: acknowledgeToken });
    expect(replayed.status).toBe(409);
    expect(replayed.html).toContain('已经使用');
    expect(Object.keys((await petitionState(system, assigned.number)).acknowledgements ?? {})).toEqual(['YWC']);
  });

  test('an expired link is refused; a department link follows its petition when the due time moves later', async () => {
    const longAgo = new Date(Date.now() - 8 * 86_400_000);
    const expiredLeader = await system.links.issueLink({ petitionId: assigned.petitionId, number: assigned.number, subject: 'staff:leader-med', purpose: 'decideExtension', dueAt: longAgo });
    const refused = await get(onTestSystem(system, expiredLeader.url));
    expect(refused.status).toBe(410);
    expect(refused.html).toContain('链接已过期');
    // Issued for an earlier due time, but the petition's due time is weeks ahead now (as after an extension).
    const followed = await system.links.issueLink({ petitionId: assigned.petitionId, number: assigned.number, subject: 'dept:YWC', purpose: 'handle', dueAt: longAgo });
    expect((await get(onTestSystem(system, followed.url))).status).toBe(200);

    const overdue = await registerAcceptAssign(system);
    await system.prisma.petition.update({ where: { id: overdue.petitionId }, data: { dueAt: longAgo } });
    const stale = await system.links.issueLink({ petitionId: overdue.petitionId, number: overdue.number, subject: 'dept:YWC', purpose: 'handle', dueAt: longAgo });
    expect((await get(onTestSystem(system, stale.url))).status).toBe(410);
  });

  test('a refused or invalid submission leaves the token usable; the leader approves once', async () => {
    const page = await get(assigned.pageUrl);
    const extensionToken = formToken(page.html, 'extension-form');
    // The form states the policy's limit and offers no more (issue 13: it allowed 365 days without saying 30).
    expect(page.html).toContain('延长不超过30日');
    expect(page.html).toMatch(/name="days" type="number" min="1" max="30"/);
    const invalid = await post(assigned.number, 'requestExtension', { token: extensionToken, days: '0', reason: '需调取监控' });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('延长天数至少为1天');
    const tooLong = await post(assigned.number, 'requestExtension', { token: extensionToken, days: '365', reason: '需调取监控' });
    expect(tooLong.status).toBe(409);
    expect(tooLong.html).toContain('操作未执行');
    const requested = await post(assigned.number, 'requestExtension', { token: extensionToken, days: '10', reason: '需调取监控并询问当班护士' });
    expect(requested.status).toBe(200);
    const pending = (await petitionState(system, assigned.number)).pendingExtension!;
    expect(pending).toMatchObject({ department: 'YWC', days: 10 });

    // The notice the workflow queues for a request, sent here by the same activity the worker runs.
    const mailer = createMailer({ smtpUrl: system.catcher!.smtpUrl, from: 'xinfang@hospital.example' });
    try {
      const notices = createNoticeActivities({ prisma: system.prisma, mailer, clock: systemClock, settings: { hospitalName: '示例医院', publicBaseUrl: 'https://xinfang.example.cn' }, links: system.links });
      const request = { petitionId: assigned.petitionId, number: assigned.number, kind: 'extension-request' as const, audience: 'leadership' as const, departmentCode: 'YWC', documentId: pending.documentId, idempotencyKey: `test:${pending.documentId}` };
      expect(await notices.sendNotice(request)).toBe('sent');
      expect(await notices.sendNotice(request)).toBe('already-sent');
    } finally {
      mailer.close();
    }
    const approval = await system.catcher!.waitFor((m) => m.to.includes('fenguan.yiliao@hospital.example') && m.subject.includes('延期审批'), 10_000);
    expect(approval.text).toContain('需调取监控并询问当班护士');
    expect(mentionsPetitioner(`${approval.subject}${approval.text}${approval.html}`)).toEqual([]);
    const leaderUrl = linkIn(approval, '审批入口');
    expect(new URL(leaderUrl).pathname).toBe(`/links/${assigned.number}`);
    const leaderPage = await get(onTestSystem(system, leaderUrl));
    expect(leaderPage.status).toBe(200);
    expect(leaderPage.html).toContain('需调取监控并询问当班护士');
    expect(leaderPage.html).toContain('10天');
    expect(mentionsPetitioner(leaderPage.html)).toEqual([]);
    // A department's form token cannot decide its own request.
    const departmentDecides = await post(assigned.number, 'decideExtension', { token: formToken(page.html, 'reply-form'), decision: 'approve' });
    expect(departmentDecides.status).toBe(403);
    const leaderToken = formToken(leaderPage.html, 'decide-form');
    const approved = await post(assigned.number, 'decideExtension', { token: leaderToken, decision: 'approve', note: '同意' });
    expect(approved.status).toBe(200);
    expect(approved.html).toContain('已同意延期');
    expect((await post(assigned.number, 'decideExtension', { token: leaderToken, decision: 'refuse' })).status).toBe(409);
    const state = await petitionState(system, assigned.number);
    expect(state.pendingExtension).toBeUndefined();
    expect(state.extensionDaysGranted).toEqual({ YWC: 10 });
  });

  test('the workflow, not the link, decides who may approve: a leader link issued to a department is refused', async () => {
    const other = await registerAcceptAssign(system);
    const page = await get(other.pageUrl);
    expect((await post(other.number, 'requestExtension', { token: formToken(page.html, 'extension-form'), days: '5', reason: '等待外院会诊意见' })).status).toBe(200);
    const { documentId } = (await petitionState(system, other.number)).pendingExtension!;
    const misissued = await system.links.issueLink({ petitionId: other.petitionId, number: other.number, subject: 'dept:YWC', purpose: 'decideExtension', reference: documentId });
    const leaderPage = await get(onTestSystem(system, misissued.url));
    const refused = await post(other.number, 'decideExtension', { token: formToken(leaderPage.html, 'decide-form'), decision: 'approve' });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('只有医务处的分管院领导（leader-med）可以审批医务处的延期申请');
    expect((await petitionState(system, other.number)).pendingExtension).toMatchObject({ days: 5 });
  });

  test('returning the case closes the page link', async () => {
    const other = await registerAcceptAssign(system);
    const page = await get(other.pageUrl);
    const returned = await post(other.number, 'returnCase', { token: formToken(page.html, 'return-form'), reason: '属于护理部职责' });
    expect(returned.status).toBe(200);
    expect((await petitionState(system, other.number)).status).toBe('accepted');
    const reopened = await get(other.pageUrl);
    expect(reopened.status).toBe(409);
  });

  test('a page link closed by its reply (as replies once did) still opens read-only, with no form to submit', async () => {
    const other = await registerAcceptAssign(system);
    const page = await get(other.pageUrl);
    const reply = { investigation: '调阅记录', findings: '属实', opinion: '整改', result: '已致歉' };
    expect((await post(other.number, 'reply', { token: formToken(page.html, 'reply-form'), ...reply })).status).toBe(200);
    // Today the page stays open; a link from before was closed by the reply: close it as it was.
    const row = await system.prisma.linkToken.findFirstOrThrow({ where: { number: other.number, purpose: 'handle', subject: 'dept:YWC' } });
    expect(row.usedAt).toBeNull();
    await system.prisma.linkToken.update({ where: { jti: row.jti }, data: { usedAt: new Date() } });
    const reopened = await get(other.pageUrl);
    expect(reopened.status).toBe(200);
    expect(reopened.html).toMatch(/<dt>审核状态<\/dt><dd>待信访办审核<\/dd>/);
    expect(reopened.html).toContain('data-field="result">已致歉</div>');
    expect(reopened.html).not.toContain('<form');
    const audited = await system.prisma.auditLog.findMany({ where: { number: other.number, action: 'link.view' }, select: { outcome: true } });
    expect(audited.map((a) => a.outcome)).toContain('read-only');
  });

  test('with consent the department sees who petitioned', async () => {
    const consented = await registerAcceptAssign(system, {
      overrides: { petitioner: { name: '欧阳秀英', phone: '13912345678', email: 'ouyang.xiuying@example.cn', consentToDisclose: true } },
    });
    const page = await get(consented.pageUrl);
    expect(mentionsPetitioner(page.html)).toHaveLength(3);
    expect(mentionsPetitioner(consented.slip.text)).toHaveLength(3);
  });

  test('every view and submission is in the append-only audit trail', async () => {
    const rows = await system.prisma.auditLog.findMany({ where: { number: assigned.number } });
    const outcomes = new Set(rows.map((r) => `${r.action}:${r.outcome}`));
    for (const expected of ['link.view:ok', 'link.view:invalid', 'link.view:wrong-purpose', 'link.view:expired', 'link.reply:wrong-purpose', 'link.acknowledge:ok', 'link.acknowledge:used', 'link.requestExtension:invalid-form', 'link.requestExtension:refused', 'link.decideExtension:ok']) {
      expect(outcomes).toContain(expected);
    }
    expect(rows.find((r) => r.action === 'link.acknowledge' && r.outcome === 'ok')).toMatchObject({ actor: 'dept:YWC', ip: expect.any(String), userAgent: expect.any(String) });
    await expect(system.prisma.auditLog.updateMany({ where: { number: assigned.number }, data: { outcome: 'ok' } })).rejects.toThrow(/append-only/);
    await expect(system.prisma.auditLog.deleteMany({ where: { number: assigned.number } })).rejects.toThrow(/append-only/);
  });

  test('a token signed with another key is refused', async () => {
    const row = await system.prisma.linkToken.findFirstOrThrow({ where: { number: assigned.number, purpose: 'handle' } });
    const foreignKey = signLinkToken(Buffer.from('z'.repeat(32)), { ...row, purpose: 'handle' });
    expect((await get(`${system.apiUrl}/links/${assigned.number}?t=${foreignKey}`)).status).toBe(400);
  });
});
