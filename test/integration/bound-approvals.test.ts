/**
 * Bound approvals (issue 16, 信访工作条例 第三十四条) on the real system (API, worker, record store, SMTP catcher):
 * only the party the policy names decides an extension (here the requesting department's 分管院领导 from
 * config/hospital.json, or the 院长 as 单位负责人); a leader's mailed link decides only the request it was minted for,
 * checked when the form is submitted; the petitioner's 延期告知书 goes out only when the matter's own deadline moves;
 * the requesting department is told the decision either way.
 */
import { resolveExtensionDecider } from '../../activities/extension-decider';
import { deciderRefusal } from '../../workflows/domain/extension-decider';
import { linkIn, onTestSystem, petitionState, petitioner, registerAcceptAssign } from '../browser/links-helpers';
import { sessionOf } from '../support/staff-session';
import { useTestSystem } from '../support/system';
import { linkPages } from '../support/link-pages';

process.env.RATE_LIMIT_LINKS_PER_MINUTE = '100000';

const as = (staffId: string) => ({ 'x-staff-id': staffId });

function pageFormToken(html: string): string | undefined {
  return /id="decide-form">\s*<input type="hidden" name="token" value="([^"]+)"/.exec(html)?.[1];
}

describe('bound extension approvals', () => {
  const system = useTestSystem();

  const { get, post } = linkPages(() => system.apiUrl);

  /** The 延期审批单 the worker mailed for one request (its reason is unique per test), with its 审批入口. */
  async function approvalMail(to: string, number: string, reason: string) {
    const mail = await system.catcher!.waitFor((m) => m.to.includes(to) && m.subject.includes(number) && m.subject.includes('延期审批（') && m.text.includes(reason), 30_000);
    return onTestSystem(system, linkIn(mail, '审批入口'));
  }

  function decisionMail(to: string, number: string, outcome: '同意' | '不同意') {
    return system.catcher!.waitFor((m) => m.to.includes(to) && m.subject.includes(`延期审批结果（编号：${number}，${outcome}延期）`), 30_000);
  }

  async function templatesSent(number: string): Promise<string[]> {
    const rows = await system.prisma.notification.findMany({ where: { petition: { number } }, orderBy: { createdAt: 'asc' } });
    return rows.map((row) => row.template);
  }

  test('a cooperating department’s extension: other leaders refused with the named one, the named leader approves by link; the department is told, the petitioner is not', async () => {
    const assigned = await registerAcceptAssign(system, { cooperating: ['XNK'] });
    const { number } = assigned;
    const matterDue = (await system.api(`/api/petitions/${number}`)).body.dueAt;
    const requested = await system.api(`/api/petitions/${number}/request-extension`, { body: { department: 'XNK', days: 10, reason: '需心内科组织科室会诊' }, headers: as('xnk01') });
    expect(requested.status).toBe(200);

    for (const staffId of ['leader-ops', 'president']) {
      const refused = await system.api(`/api/petitions/${number}/decide-extension`, { body: { approve: true }, headers: as(staffId) });
      expect([staffId, refused.status]).toEqual([staffId, 409]);
      expect(refused.body.error).toContain('只有心内科的分管院领导（leader-med）可以审批心内科的延期申请');
    }
    expect((await petitionState(system, number)).pendingExtension).toMatchObject({ department: 'XNK', days: 10 });

    // 心内科's 分管院领导 is leader-med (fenguan.yiliao@…): the 延期审批单 goes to that person, with the link.
    const link = await approvalMail('fenguan.yiliao@hospital.example', number, '需心内科组织科室会诊');
    const page = await get(link);
    expect(page.status).toBe(200);
    const approved = await post(number, 'decideExtension', { token: pageFormToken(page.html)!, decision: 'approve', note: '同意延期，请按时办结' });
    expect(approved.status).toBe(200);

    const told = await decisionMail('xinneike@hospital.example', number, '同意');
    expect(told.text).toContain('延长后办理时限');
    expect(told.text).toContain('同意延期，请按时办结');
    expect(told.text).toContain('分管院领导');
    const state = await petitionState(system, number);
    expect(state.dueAt).toBe(matterDue);
    expect(state.extensionDaysGranted).toEqual({ XNK: 10 });
    // The petitioner's letter would have been queued before the department's notice: none went out.
    expect(await templatesSent(number)).toContain('extension-decision');
    expect(await templatesSent(number)).not.toContain('extension');
  });

  test('an old leader link, never used, cannot decide a later request; the later one’s link can, and only then is the petitioner told', async () => {
    const { number } = await registerAcceptAssign(system);
    expect((await system.api(`/api/petitions/${number}/request-extension`, { body: { department: 'YWC', days: 5, reason: '等待外院病历复印件' }, headers: as('ywc01') })).status).toBe(200);
    const firstLink = await approvalMail('fenguan.yiliao@hospital.example', number, '等待外院病历复印件');
    // The first request is refused in the console (not through its link) and the department hears so.
    expect((await system.api(`/api/petitions/${number}/decide-extension`, { body: { approve: false, note: '材料可在期限内取得' }, headers: as('leader-med') })).status).toBe(200);
    expect((await decisionMail('yiwuchu@hospital.example', number, '不同意')).text).toContain('材料可在期限内取得');

    expect((await system.api(`/api/petitions/${number}/request-extension`, { body: { department: 'YWC', days: 20, reason: '需组织院外专家鉴定' }, headers: as('ywc01') })).status).toBe(200);
    // The old page no longer offers a form, and its token posted directly is refused by the workflow at submit.
    const oldPage = await get(firstLink);
    expect(oldPage.html).toContain('该延期申请已处理');
    const oldToken = new URL(firstLink).searchParams.get('t')!;
    const stale = await post(number, 'decideExtension', { token: oldToken, decision: 'approve' });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('已经处理，不能用于审批');
    expect((await petitionState(system, number)).pendingExtension).toMatchObject({ days: 20 });
    expect(await templatesSent(number)).not.toContain('extension');

    const secondLink = await approvalMail('fenguan.yiliao@hospital.example', number, '需组织院外专家鉴定');
    const approved = await post(number, 'decideExtension', { token: pageFormToken((await get(secondLink)).html)!, decision: 'approve' });
    expect(approved.status).toBe(200);
    const state = await petitionState(system, number);
    expect(state.extensionDaysGranted).toEqual({ YWC: 20 });

    // The lead department's date is the matter's: the petitioner gets the 延期告知书 with the reason and new date.
    const letter = await system.catcher!.waitFor((m) => m.to.includes(petitioner.email) && m.subject.includes('延期办理告知书') && m.subject.includes(number), 30_000);
    expect(letter.text).toContain('需组织院外专家鉴定');
    expect(await decisionMail('yiwuchu@hospital.example', number, '同意')).toBeDefined();
  });

  test('a link that names no request, or is issued to someone else, decides nothing', async () => {
    const { number, petitionId } = await registerAcceptAssign(system);
    expect((await system.api(`/api/petitions/${number}/request-extension`, { body: { department: 'YWC', days: 5, reason: '等待检验结果' }, headers: as('ywc01') })).status).toBe(200);
    const pending = (await petitionState(system, number)).pendingExtension!;

    const unbound = await system.links.issueLink({ petitionId, number, subject: 'staff:leader-med', purpose: 'decideExtension' });
    const refusedUnbound = await post(number, 'decideExtension', { token: unbound.token, decision: 'approve' });
    expect(refusedUnbound.status).toBe(409);
    expect(refusedUnbound.html).toContain('此链接未指明所审批的延期申请');

    const otherLeader = await system.links.issueLink({ petitionId, number, subject: 'staff:leader-ops', purpose: 'decideExtension', reference: pending.documentId });
    const refusedOther = await post(number, 'decideExtension', { token: pageFormToken((await get(onTestSystem(system, otherLeader.url))).html)!, decision: 'approve' });
    expect(refusedOther.status).toBe(409);
    expect(refusedOther.html).toContain('只有医务处的分管院领导（leader-med）可以审批医务处的延期申请');
    expect((await petitionState(system, number)).pendingExtension).toMatchObject({ documentId: pending.documentId });
  });

  test('a console form shown for one request cannot decide the request that replaced it', async () => {
    const { number } = await registerAcceptAssign(system);
    const leader = await sessionOf(system, 'leader-med');
    const consolePage = async () => (await fetch(`${system.apiUrl}/console/petitions/${number}`, { headers: { cookie: leader.cookie } })).text();
    const submit = (fields: Record<string, string>) =>
      fetch(`${system.apiUrl}/console/petitions/${number}/decide-extension`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: leader.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: leader.csrf, ...fields }).toString(),
      });
    const formOf = (html: string) => {
      const form = html.slice(html.indexOf('data-command="decideExtension"'));
      return { _form: /name="_form" value="([^"]+)"/.exec(form)![1], requestDocumentId: /name="requestDocumentId" value="([^"]+)"/.exec(form)![1] };
    };

    expect((await system.api(`/api/petitions/${number}/request-extension`, { body: { department: 'YWC', days: 5, reason: '等待病理会诊' }, headers: as('ywc01') })).status).toBe(200);
    const shownForFirst = formOf(await consolePage());
    // Meanwhile the first request is refused elsewhere and the department asks again.
    expect((await system.api(`/api/petitions/${number}/decide-extension`, { body: { approve: false }, headers: as('leader-med') })).status).toBe(200);
    expect((await system.api(`/api/petitions/${number}/request-extension`, { body: { department: 'YWC', days: 25, reason: '病理会诊需外送' }, headers: as('ywc01') })).status).toBe(200);

    const stale = await submit({ ...shownForFirst, approve: 'true' });
    expect(stale.status).toBeGreaterThanOrEqual(400);
    expect(stale.status).toBeLessThan(500);
    expect(await stale.text()).toContain('已经处理，不能用于审批');
    expect((await petitionState(system, number)).extensionDaysGranted).toBeUndefined();

    const current = formOf(await consolePage());
    expect(current.requestDocumentId).not.toBe(shownForFirst.requestDocumentId);
    expect((await submit({ ...current, approve: 'true' })).status).toBe(303);
    expect((await petitionState(system, number)).extensionDaysGranted).toEqual({ YWC: 25 });
  });

  test('the decider follows the policy’s role and hospital configuration: the 院长 when named, or when a department has no 分管院领导', async () => {
    expect(await resolveExtensionDecider(system.prisma, { departmentCode: 'YWC', approvedBy: 'leaderInCharge' })).toMatchObject({ staffId: 'leader-med', presidentInstead: false });
    const president = await resolveExtensionDecider(system.prisma, { departmentCode: 'YWC', approvedBy: 'president' });
    expect(president).toMatchObject({ staffId: 'president', presidentInstead: false });
    expect(deciderRefusal(president)).toBe('只有院长（president，本单位负责人）可以审批医务处的延期申请');

    // A department whose 分管院领导 is not configured (this file's own database): the 院长 decides as 单位负责人.
    await system.prisma.department.update({ where: { code: 'JYK' }, data: { leaderInCharge: null } });
    const fallback = await resolveExtensionDecider(system.prisma, { departmentCode: 'JYK', approvedBy: 'leaderInCharge' });
    expect(fallback).toMatchObject({ staffId: 'president', presidentInstead: true });
    expect(deciderRefusal(fallback)).toContain('检验科未配置在任的分管院领导');
  });
});
