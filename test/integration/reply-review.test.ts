/**
 * Review before answer (issue 13): the department's reply is a draft 处理意见书 for the 信访办; nothing reaches the
 * petitioner until the intake officer approves the edited text, and only that text is mailed, printed and shown on
 * /lookup. A return sends the reply back to the department with a note (mailed with a new link) and the department
 * replies again. The feedback records the delivery (送达): e-mail on its send date, post with the date entered.
 */
import { petitionerLetter } from '../../services/petitions/petitioner-letter';
import { LetterNotAvailable, letterText } from '../../services/reports/letters';
import { linkIn, onTestSystem } from '../browser/links-helpers';
import { freshPhone, registrationWith } from '../support/petition-steps';
import { sessionOf, TEST_PASSWORD } from '../support/staff-session';
import { useTestSystem } from '../support/system';
import { until } from '../support/until';

const petitionerEmail = `review.${Math.random().toString(36).slice(2, 8)}@example.cn`;
const registration = registrationWith(() => ({
  channel: 'visit',
  petitioner: { name: '王审核', phone: freshPhone('137'), email: petitionerEmail, relationToPatient: '本人' },
  content: `夜间急诊候诊两小时无人接诊，要求说明情况。（${Math.random().toString(36).slice(2, 8)}）`,
}));

/** The internal sanction the department wrote: staff read it, the petitioner never does. */
const sanction = '对值班医生进行诫勉谈话并全科通报';
const departmentReply = {
  department: 'YWC',
  investigation: '调阅急诊分诊记录和监控。',
  findings: '当晚急诊接诊量激增，分诊后候诊时间过长。',
  opinion: '增加夜间急诊排班。',
  result: `${sanction}；已向信访人致歉。`,
};
const letter = {
  investigation: '调阅急诊分诊记录和监控。',
  findings: '当晚急诊接诊量激增，分诊后候诊时间过长。',
  opinion: '增加夜间急诊排班，改进分诊后的告知。',
  result: '已对相关人员进行批评教育，并向您致歉。',
};

function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

describe('review before answer: the 信访办 approves the 处理意见书 before the petitioner is answered', () => {
  const system = useTestSystem({ CONSOLE_DEFAULT_PASSWORD: TEST_PASSWORD });

  async function lookup(number: string, code: string): Promise<string> {
    const response = await fetch(`${system.apiUrl}/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ number, code }),
    });
    expect(response.status).toBe(200);
    return response.text();
  }

  /** The PDF letter's text (letterPdf typesets exactly this). */
  const printed = (number: string) => letterText(system.prisma, number, 'reply-letter', { hospitalName: '示例医院', publicBaseUrl: system.apiUrl });

  async function registeredAndAssigned(): Promise<{ number: string; queryCode: string }> {
    const created = await system.api('/api/petitions', { body: registration() });
    expect(created.status).toBe(201);
    const { number, queryCode } = created.body;
    expect((await system.api(`/api/petitions/${number}/accept`, { body: {} })).status).toBe(200);
    expect((await system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'YWC' } })).status).toBe(200);
    return { number, queryCode };
  }

  test('reply → draft → return with a note → the department replies again → edited and approved: only that text goes out', async () => {
    const { number, queryCode } = await registeredAndAssigned();
    const catcher = system.catcher!;

    // The slip's 办理入口: after the reply it shows the reply as submitted, read-only, with the review's status.
    const slip = await catcher.waitFor((m) => m.to.includes('yiwuchu@hospital.example') && m.subject.includes(number) && m.text.includes('办理入口'), 30_000);
    const firstLink = onTestSystem(system, linkIn(slip, '办理入口'));
    const firstPage = async () => {
      const response = await fetch(firstLink);
      expect(response.status).toBe(200);
      return response.text();
    };
    const replied = await system.api(`/api/petitions/${number}/reply`, { body: departmentReply });
    expect(replied.status).toBe(200);
    const underReviewPage = await firstPage();
    expect(underReviewPage).toContain('id="submitted-reply"');
    expect(underReviewPage).toMatch(/<dt>审核状态<\/dt><dd>待信访办审核<\/dd>/);
    expect(underReviewPage).toContain(`data-field="result">${departmentReply.result}</div>`);
    expect(underReviewPage).not.toContain('<form');
    expect(underReviewPage).not.toContain('<textarea');
    expect(replied.body.status).toBe('replied');
    expect(replied.body.replyReview).toMatchObject({ status: 'pending', returns: 0 });
    // The office's review target is the policy's 本院规定, not a statute.
    const target = replied.body.deadlines.find((d: { kind: string }) => d.kind === 'replyReview');
    expect(target).toMatchObject({ status: 'open' });
    expect(target.deadline.rule).toContain('本院规定');
    // No review window for the petitioner yet: nothing has been delivered.
    expect(replied.body.deadlines.some((d: { kind: string }) => d.kind === 'reviewRequest')).toBe(false);

    // The intake officer's 待审核 list names it, with the review target; a department user may not open the list.
    const intake = await sessionOf(system, 'intake01');
    const reviews = async () => (await fetch(`${system.apiUrl}/console/reviews`, { headers: { cookie: intake.cookie } })).text();
    const listed = await reviews();
    expect(listed).toContain(`data-number="${number}"`);
    expect(listed).toMatch(/\d{4}-\d{2}-\d{2} 24:00/);
    const department = await sessionOf(system, 'ywc01');
    expect((await fetch(`${system.apiUrl}/console/reviews`, { headers: { cookie: department.cookie }, redirect: 'manual' })).status).toBe(403);

    // Feedback waits for the approved letter; the lookup shows no reply text and names the review.
    const early = await system.api(`/api/petitions/${number}/feedback`, { body: { satisfaction: 'satisfied', deliveryMethod: 'email' } });
    expect(early.status).toBe(409);
    expect(early.body.error).toContain('审核');
    const underReview = await lookup(number, queryCode);
    expect(underReview).toContain('信访办审核中');
    expect(underReview).not.toContain('lookup-reply');
    expect(underReview).not.toContain(sanction);
    // The printed letter (the PDF's text) does not exist for a draft: the route answers 404 with this reason.
    await expect(printed(number)).rejects.toThrow(LetterNotAvailable);

    // Returned with a note: the department gets it by mail with a link, and its handling deadline runs again.
    const noteText = '请补充分诊后的告知情况，删去对工作人员的内部处理。';
    const returned = await system.api(`/api/petitions/${number}/return-reply`, { body: { note: noteText } });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('assigned');
    expect(returned.body.replyReview).toMatchObject({ status: 'returned', returns: 1 });
    expect(await reviews()).not.toContain(`data-number="${number}"`);
    const handling = returned.body.deadlines.filter((d: { kind: string }) => d.kind === 'handling');
    expect(handling.some((d: { status: string }) => d.status === 'open')).toBe(true);
    const returnMail = await catcher.waitFor((m) => m.to.includes('yiwuchu@hospital.example') && m.subject.includes('退回修改') && m.subject.includes(number), 30_000);
    expect(returnMail.text).toContain(noteText);
    // The first link reopens the reply form, prefilled with the returned reply; no read-only copy beside it.
    const reopened = await firstPage();
    expect(reopened).toContain('reply-form');
    expect(reopened).toContain(`>${departmentReply.result}</textarea>`);
    expect(reopened).not.toContain('id="submitted-reply"');
    // The mailed link opens the department's page too, with the reply form.
    const pageResponse = await fetch(onTestSystem(system, linkIn(returnMail, '重新提交答复')));
    expect(pageResponse.status).toBe(200);
    const departmentPage = await pageResponse.text();
    expect(departmentPage).toContain('reply-form');
    // The page says why, and its reply form starts from the reply that was returned.
    expect(departmentPage).toContain(noteText);
    expect(departmentPage).toContain(`>${departmentReply.result}</textarea>`);
    // Approving now is refused: nothing waits for review.
    expect((await system.api(`/api/petitions/${number}/approve-reply`, { body: letter })).status).toBe(409);

    // The department replies again through that page's form.
    const token = /id="reply-form">\s*<input type="hidden" name="token" value="([^"]+)"/.exec(departmentPage)![1];
    const { department: _department, ...revised } = { ...departmentReply, opinion: '增加夜间急诊排班，改进分诊后的告知。' };
    const again = await fetch(`${system.apiUrl}/links/${number}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, ...revised }).toString(),
      redirect: 'manual',
    });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('信访办公室审核后');
    const pending = await system.api(`/api/petitions/${number}`);
    expect(pending.body.workflow.replyReview).toMatchObject({ status: 'pending', returns: 1 });

    expect(await reviews()).toContain(`data-number="${number}"`);
    const approved = await system.api(`/api/petitions/${number}/approve-reply`, { body: letter });
    expect(approved.status).toBe(200);
    expect(await reviews()).not.toContain(`data-number="${number}"`);
    expect(approved.body.replyReview.status).toBe('approved');
    // The department's link shows its second reply as approved: its own text, not the 信访办's edited letter.
    const approvedPage = await firstPage();
    expect(approvedPage).toMatch(/<dt>审核状态<\/dt><dd>已审核通过（/);
    expect(approvedPage).toContain('data-field="opinion">增加夜间急诊排班，改进分诊后的告知。</div>');
    expect(approvedPage).toContain(sanction);
    expect(approvedPage).not.toContain('<textarea');
    expect(approved.body.deadlines.filter((d: { kind: string }) => d.kind === 'replyReview').map((d: { status: string }) => d.status)).toEqual(['met', 'met']);
    // The 受理告知书's delivery (its mail going out) is recorded whenever the mail leaves, between the others.
    expect(approved.body.timeline.map((t: { type: string }) => t.type).filter((type: string) => type !== 'acceptance_notice_delivered')).toEqual([
      'registered', 'accepted', 'assigned', 'replied', 'reply_returned', 'replied', 'reply_approved',
    ]);

    // Exactly one 处理意见书 mail, with the approved text and without the internal sanction.
    const mailed = await catcher.waitFor((m) => m.to.includes(petitionerEmail) && m.subject.includes('处理意见书'), 30_000);
    expect(mailed.text).toContain('已对相关人员进行批评教育');
    expect(`${mailed.text}${mailed.html}`).not.toContain(sanction);
    expect(catcher.messages().filter((m) => m.to.includes(petitionerEmail) && m.subject.includes('处理意见书'))).toHaveLength(1);

    const shown = await lookup(number, queryCode);
    expect(shown).toContain('已形成书面处理意见');
    expect(shown).toContain('改进分诊后的告知');
    expect(shown).not.toContain(sanction);

    const letterOnPaper = await printed(number);
    expect(letterOnPaper).toContain('改进分诊后的告知');
    expect(letterOnPaper).not.toContain(sanction);

    // Staff still read the department's reply with its internal findings.
    const detail = await system.api(`/api/petitions/${number}`);
    const kinds = detail.body.documents.map((d: { kind: string }) => d.kind);
    expect(kinds).toEqual(expect.arrayContaining(['reply', 'reply_return', 'reply_letter']));
    expect(JSON.stringify(detail.body.documents.filter((d: { kind: string }) => d.kind === 'reply'))).toContain(sanction);

    // 送达 by e-mail: the send date, recorded once the mail went out; the petitioner's window counts from it.
    const state = await until(
      async () => (await system.api(`/api/petitions/${number}/feedback`, { body: { satisfaction: 'basically_satisfied', deliveryMethod: 'email' } })),
      (response) => response.status === 200,
      60_000,
    );
    expect(state.body.delivery).toMatchObject({ method: 'email', on: shanghaiToday() });
    expect(state.body.timeline.at(-1).type).toBe('fed_back');
  });

  test('the petitioner\'s letter: a reply from before the review step stays theirs; a draft under review never is', async () => {
    const created = await system.api('/api/petitions', { body: registration() });
    const petition = await system.prisma.petition.findUniqueOrThrow({ where: { number: created.body.number } });
    const document = (kind: string, result: string, at: number) =>
      system.prisma.petitionDocument.create({ data: { petitionId: petition.id, kind, body: { ...letter, result }, author: 'dept:YWC', accepted: true, createdAt: new Date(at) } });
    const replied = (documentId: string, review: boolean, at: number) =>
      system.prisma.petitionEvent.create({
        data: { petitionId: petition.id, type: 'replied', actor: 'dept:YWC', occurredAt: new Date(at), idempotencyKey: `legacy:${documentId}`, payload: { department: 'YWC', documentId, ...(review ? { review: true } : {}) } },
      });
    const t0 = Date.now() - 3_600_000;
    expect(await petitionerLetter(system.prisma, petition.id)).toBeUndefined();
    // Replied before the patch: the department's reply was mailed as written and is the petitioner's letter.
    const legacy = await document('reply', '旧流程答复', t0);
    await replied(legacy.id, false, t0);
    expect((await petitionerLetter(system.prisma, petition.id))?.body).toMatchObject({ result: '旧流程答复' });
    // A later reply (e.g. a 复查 answer) on the review path is a draft: the petitioner still sees the earlier letter.
    const draft = await document('reply', sanction, t0 + 60_000);
    await replied(draft.id, true, t0 + 60_000);
    expect((await petitionerLetter(system.prisma, petition.id))?.body).toMatchObject({ result: '旧流程答复' });
    // Once approved, the approved text is the letter.
    await document('reply_letter', '审核通过的复查答复', t0 + 120_000);
    const latest = await petitionerLetter(system.prisma, petition.id);
    expect(latest?.body).toMatchObject({ result: '审核通过的复查答复' });
    expect(latest?.issuedAt.getTime()).toBe(t0 + 120_000);
  });

  test('delivery by post needs its date, not in the future; the review window counts from it', async () => {
    const { number } = await registeredAndAssigned();
    expect((await system.api(`/api/petitions/${number}/reply`, { body: departmentReply })).status).toBe(200);
    expect((await system.api(`/api/petitions/${number}/approve-reply`, { body: letter })).status).toBe(200);

    const noDate = await system.api(`/api/petitions/${number}/feedback`, { body: { satisfaction: 'satisfied', deliveryMethod: 'post' } });
    expect(noDate.status).toBe(400);
    expect(JSON.stringify(noDate.body)).toContain('送达日期');
    const noMethod = await system.api(`/api/petitions/${number}/feedback`, { body: { satisfaction: 'satisfied' } });
    expect(noMethod.status).toBe(400);
    expect(JSON.stringify(noMethod.body)).toContain('送达方式');
    const future = await system.api(`/api/petitions/${number}/feedback`, { body: { satisfaction: 'satisfied', deliveryMethod: 'post', deliveredOn: '2099-01-01' } });
    expect(future.status).toBe(409);
    expect(future.body.error).toContain('不能晚于今天');
    const before = await system.api(`/api/petitions/${number}/feedback`, { body: { satisfaction: 'satisfied', deliveryMethod: 'post', deliveredOn: '2020-01-01' } });
    expect(before.status).toBe(409);
    expect(before.body.error).toContain('不能早于');

    const today = shanghaiToday();
    const fedBack = await system.api(`/api/petitions/${number}/feedback`, { body: { satisfaction: 'satisfied', deliveryMethod: 'post', deliveredOn: today, note: '挂号信 XA123456789CN' } });
    expect(fedBack.status).toBe(200);
    expect(fedBack.body.delivery).toMatchObject({ method: 'post', on: today });
    const window = fedBack.body.deadlines.find((d: { kind: string }) => d.kind === 'reviewRequest');
    expect(window).toMatchObject({ status: 'open', stage: 'recheck' });
    const events = (await system.api(`/api/petitions/${number}`)).body.events;
    expect(events.find((e: { type: string }) => e.type === 'fed_back').payload).toMatchObject({ deliveryMethod: 'post', deliveredOn: today });
  });
});
