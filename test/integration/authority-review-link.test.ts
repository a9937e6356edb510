/**
 * 复查 / 复核 by the authority above on real servers (issue 16, patch review-by-authority): the 处理意见书 mailed to the
 * petitioner states the right to 复查 (30 days, the configured 卫生健康委员会); the request is recorded and the case file
 * goes to that authority's mailbox with a signed link; through it the authority records its receipt (the 30 days count
 * from that day) and its 复查意见, the link closing with the answer. 复核 goes one level up; after it, registering the
 * same matter again warns with the earlier case (warn, not refuse).
 */
import path from 'node:path';
import { loadHospitalConfig } from '../../services/hospital-config';
import { letterText } from '../../services/reports/letters';
import { freshPhone, registrationWith } from '../support/petition-steps';
import { linkIn, onTestSystem } from '../browser/links-helpers';
import { postForm, sessionOf } from '../support/staff-session';
import { useTestSystem } from '../support/system';
import { until } from '../support/until';
import { linkPages } from '../support/link-pages';

const recheckMailbox = 'xinfangchu@wjw.example.gov.cn';
const reexaminationMailbox = 'xinfangchu@wjw.example-province.gov.cn';
const unique = Math.random().toString(36).slice(2, 8);
const phone = freshPhone('137');
const petitionerEmail = `review.${unique}@example.cn`;
const content = `术后伤口感染，要求说明原因并赔偿。（${unique}）`;
const registration = registrationWith(() => ({
  channel: 'visit',
  category: 'medical_quality',
  petitioner: { name: '孙复查', phone, email: petitionerEmail, relationToPatient: '本人' },
  content,
}));
const letter = { investigation: '调阅病历并询问经治医师。', findings: '感染属术后并发症，处置及时。', opinion: '加强术后宣教。', result: '已向您当面说明。' };

function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function formToken(html: string, formId: string): string {
  const match = new RegExp(`id="${formId}">\\s*<input type="hidden" name="token" value="([^"]+)"`).exec(html);
  if (!match) throw new Error(`no form ${formId} on the page`);
  return match[1];
}

describe('the authority above answers the review through its link', () => {
  const system = useTestSystem();

  async function ok(pathname: string, body: unknown) {
    const response = await system.api(pathname, { body });
    if (response.status !== 200 && response.status !== 201) throw new Error(`${pathname}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  const { get, post } = linkPages(() => system.apiUrl);

  test('the letter states the 复查 right; the case file reaches the authority; its link records receipt and answer; 复核 one level up; a repeat after 复核 warns', async () => {
    const { number } = await ok('/api/petitions', registration());
    await ok(`/api/petitions/${number}/accept`, {});
    await ok(`/api/petitions/${number}/assign`, { leadDepartment: 'YWC' });
    await ok(`/api/petitions/${number}/reply`, { department: 'YWC', ...letter });
    await ok(`/api/petitions/${number}/approve-reply`, letter);

    // The 处理意见书 tells the petitioner where and by when to ask for 复查.
    const reply = await system.catcher!.waitFor((m) => m.to.includes(petitionerEmail) && m.subject.includes('处理意见书'), 60_000);
    expect(reply.text).toContain('自收到本处理意见书之日起30日内，向示例市卫生健康委员会请求复查');
    // The printed letter says the same (services/reports/letters.ts, with the configured authorities).
    const { authorities } = loadHospitalConfig(path.join(__dirname, '../../config/hospital.json'));
    const printed = await letterText(system.prisma, number, 'reply-letter', { hospitalName: '示例市第一人民医院', publicBaseUrl: system.apiUrl, reviewAuthorities: authorities });
    expect(printed).toContain('自收到本处理意见书之日起30日内，向示例市卫生健康委员会请求复查');
    await until(() => system.api(`/api/petitions/${number}`), (r) => Boolean((r.body as { workflow?: { replyMailedAt?: string } }).workflow?.replyMailedAt), 60_000);
    const fedBack = await ok(`/api/petitions/${number}/feedback`, { satisfaction: 'unsatisfied', deliveryMethod: 'email' });
    expect(fedBack.delivery).toMatchObject({ method: 'email', on: shanghaiToday() });

    // Recorded, addressed to the authority: the petition stays fed back, no department is asked to answer.
    const requested = await ok(`/api/petitions/${number}/request-review`, { reason: '认为感染系护理不当所致，请求复查。' });
    expect(requested.status).toBe('fed_back');
    expect(requested.reviews[0]).toMatchObject({ stage: 'recheck', addressedTo: 'authority' });
    await ok(`/api/petitions/${number}/send-review-file`, { note: '附病历复印件一份。' });
    const caseFile = await system.catcher!.waitFor((m) => m.to.includes(recheckMailbox) && m.subject.includes(number), 60_000);
    expect(caseFile.subject).toContain('【复查案卷】');
    expect(caseFile.text).toContain('示例市卫生健康委员会：');
    expect(caseFile.text).toContain('认为感染系护理不当所致，请求复查。');
    expect(caseFile.text).toContain('加强术后宣教。');
    // No consent: the authority's mail does not name the petitioner.
    for (const value of ['孙复查', phone, petitionerEmail]) expect(caseFile.text).not.toContain(value);
    const notice = await until(() => system.prisma.notification.findFirst({ where: { petition: { number }, template: 'review-case-file' } }), (found) => found?.status === 'sent', 30_000);
    expect(notice!.recipient).toBe(recheckMailbox);

    // The authority's page: the case in brief, its receipt form and its answer form.
    const pageUrl = onTestSystem(system, linkIn(caseFile, '复查办理入口'));
    const page = await get(pageUrl);
    expect(page.status).toBe(200);
    expect(page.html).toContain('示例市卫生健康委员会');
    expect(page.html).toContain('认为感染系护理不当所致');
    for (const value of ['孙复查', phone, petitionerEmail]) expect(page.html).not.toContain(value);
    // A date in the future is refused with the reason (the token may be used again), then today's is recorded.
    const future = new Date(Date.now() + 8 * 3_600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
    const refused = await post(number, 'recordReviewReceipt', { token: formToken(page.html, 'receipt-form'), receivedOn: future });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('不能晚于今天');
    const received = await post(number, 'recordReviewReceipt', { token: formToken(page.html, 'receipt-form'), receivedOn: shanghaiToday() });
    expect(received.status).toBe(200);
    expect(received.html).toContain(`已登记收到日期${shanghaiToday()}`);
    const afterReceipt = (await system.api(`/api/petitions/${number}`)).body as { workflow: { deadlines: Array<{ id: string; status: string; deadline: { countedFrom: string; rule: string } }> } };
    const due = afterReceipt.workflow.deadlines.find((d) => d.id === 'authorityReview:recheck')!;
    expect(due.status).toBe('open');
    expect(due.deadline.countedFrom > shanghaiToday()).toBe(true);
    expect(due.deadline.rule).toContain('收到复查请求之日起30日内');
    const receiptEvent = await system.prisma.petitionEvent.findFirstOrThrow({ where: { petition: { number }, type: 'review_receipt_recorded' } });
    expect(receiptEvent.actor).toBe('authority:SWJW');

    // The answer through the link: recorded in the authority's name; the page closes with it.
    const again = await get(pageUrl);
    expect(again.html).not.toContain('id="receipt-form"');
    const answered = await post(number, 'answerReview', { token: formToken(again.html, 'answer-form'), opinion: '经复查，维持原处理意见。' });
    expect(answered.status).toBe(200);
    const state = (await system.api(`/api/petitions/${number}`)).body as { workflow: { reviews: Array<{ answeredBy?: string; answerDocumentId?: string }>; deadlines: Array<{ id: string; status: string }> } };
    expect(state.workflow.reviews[0].answeredBy).toBe('authority:SWJW');
    expect(state.workflow.deadlines.find((d) => d.id === 'authorityReview:recheck')!.status).toBe('met');
    expect(state.workflow.deadlines.find((d) => d.id === 'reviewRequest:reexamination')!.status).toBe('open');
    expect((await get(pageUrl)).status).toBe(409);
    const audit = await system.prisma.auditLog.findMany({ where: { number, action: { startsWith: 'link.' } }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => [a.action, a.outcome])).toEqual(expect.arrayContaining([['link.recordReviewReceipt', 'refused'], ['link.recordReviewReceipt', 'ok'], ['link.answerReview', 'ok']]));

    // 复核: the case file goes one level up; the 信访办 records the paper answer; then the matter is final.
    await ok(`/api/petitions/${number}/request-review`, { reason: '对复查意见不服，请求复核。' });
    await ok(`/api/petitions/${number}/send-review-file`, {});
    const secondFile = await system.catcher!.waitFor((m) => m.to.includes(reexaminationMailbox) && m.subject.includes(number), 60_000);
    expect(secondFile.subject).toContain('【复核案卷】');
    expect(secondFile.text).toContain('示例省卫生健康委员会：');
    expect(secondFile.text).toContain('经复查，维持原处理意见。');
    await ok(`/api/petitions/${number}/record-review-receipt`, { receivedOn: shanghaiToday() });
    await ok(`/api/petitions/${number}/answer-review`, { opinion: '经复核，维持复查意见。' });
    const refusedAgain = await system.api(`/api/petitions/${number}/request-review`, { body: { reason: '仍然不服' } });
    expect(refusedAgain.status).toBe(409);
    expect(refusedAgain.body.error).toContain('不再受理');

    // Registering the same matter again: the console warns with the earlier case, and staff decide.
    const intake = await sessionOf(system, 'intake01');
    const form = await (await fetch(`${system.apiUrl}/console/register`, { headers: { cookie: intake.cookie } })).text();
    const formId = /name="_form" value="([^"]+)"/.exec(form.slice(form.indexOf('register-form')))![1];
    const warned = await postForm(system, '/console/register', { _csrf: intake.csrf, _form: formId, channel: 'visit', category: 'medical_quality', name: '孙复查', phone, content: `再次反映：${content}`, peopleCount: '1' }, { cookie: intake.cookie });
    expect(warned.status).toBe(409);
    expect(warned.text).toContain('id="review-finished-warning"');
    expect(warned.text).toContain(`data-number="${number}"`);
    expect(warned.text).toContain('已经复核（同一事实和理由不再受理）');
    expect(warned.text).toContain('仍要登记');
    // Through the API the registration stands and its answer names the earlier case.
    const viaApi = await system.api('/api/petitions', { body: registration({ content: `第三次反映：${content}` }) });
    expect(viaApi.status).toBe(201);
    expect(viaApi.body.warnings).toEqual([expect.objectContaining({ kind: 'reviewFinished', number })]);
    expect(viaApi.body.warnings[0].message).toContain('不再受理');

    // The petition page lists the reviews with their authorities.
    const petitionPage = await (await fetch(`${system.apiUrl}/console/petitions/${number}`, { headers: { cookie: intake.cookie } })).text();
    const reviews = /<dd id="authority-reviews">([^<]*)<\/dd>/.exec(petitionPage)?.[1] ?? '';
    expect(reviews).toContain('复查：示例市卫生健康委员会，已于');
    expect(reviews).toContain('复核：示例省卫生健康委员会，已于');
  }, 240_000);
});
