/**
 * Review before answer on a skipped clock (issue 13, patch reply-review): the 信访办's target for reviewing the draft
 * 处理意见书 is the policy's 本院规定 (2 working days from the department's reply); when it passes the petition is
 * marked overdue for the office, with nobody escalated to, and the petitioner is mailed nothing until the approval. A
 * returned reply runs the department's limit again with its own date; the petitioner's review window counts from
 * the delivery entered at 反馈, not from the reply.
 */
import { deadlineForLimit, loadPolicy, createWorkCalendar } from '../../workflows/deadlines';
import { shanghaiDate, startOfShanghaiDate } from '../../workflows/domain/shanghai';
import { approveReplyUpdate, feedbackUpdate, replyUpdate, returnReplyUpdate } from '../../workflows/petition/messages';
import { DAY_MS, refusal } from './support/petition-harness';
import { useTimeSkippingPetitions } from './support/time-skipping-petitions';

jest.setTimeout(120_000);

const intake = 'staff:intake01';
const xinfang = loadPolicy('xinfang-2022');

describe('the 信访办 reviews the reply before the petitioner is answered', () => {
  const suite = useTimeSkippingPetitions();

  test('a review left past its 本院规定 target is overdue for the office, and nothing reaches the petitioner before approval', async () => {
    const { env, harness } = suite;
    const run = await harness.startAssigned('YWC');
    const replied = await run.handle.executeUpdate(replyUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', documentId: 'reply-1' }] });
    const target = replied.deadlines!.find((d) => d.kind === 'replyReview')!;
    expect(target.deadline.rule).toContain('本院规定');
    const repliedAt = Date.parse(replied.repliedAt!);
    const expected = deadlineForLimit(xinfang, xinfang.limits.replyReview!, new Date(repliedAt), createWorkCalendar()).dueAt.toISOString();
    expect(target.dueAt).toBe(expected);
    expect(replied.deadlines!.some((d) => d.kind === 'reviewRequest')).toBe(false);

    await env.sleep(Date.parse(target.dueAt) - (await env.currentTimeMs()) + DAY_MS);
    const late = await run.state();
    expect(late.deadlines!.find((d) => d.kind === 'replyReview')!.status).toBe('overdue');
    expect(late.overdue).toBe(true);
    expect(run.notices('escalation')).toEqual([]);
    expect(run.notices('reply')).toEqual([]);

    const approved = await run.handle.executeUpdate(approveReplyUpdate, { args: [{ actor: intake, documentId: 'letter-1' }] });
    expect(approved.deadlines!.find((d) => d.kind === 'replyReview')!.status).toBe('met');
    await env.sleep(60_000);
    expect(run.notices('reply').map((n) => n.letterDocumentId)).toEqual(['letter-1']);
    await run.handle.terminate('test done');
  });

  test('a returned reply runs the department\'s limit again on its own date; the review window counts from the delivery', async () => {
    const { env, harness } = suite;
    const run = await harness.startAssigned('YWC');
    const handlingDue = run.assigned.deadlines!.find((d) => d.kind === 'handling')!.dueAt;
    await run.handle.executeUpdate(replyUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', documentId: 'reply-1' }] });
    const returned = await run.handle.executeUpdate(returnReplyUpdate, { args: [{ actor: intake, documentId: 'note-1' }] });
    expect(returned.status).toBe('assigned');
    const handling = returned.deadlines!.filter((d) => d.kind === 'handling');
    expect(handling.map((d) => [d.status, d.dueAt])).toEqual([['open', handlingDue]]);
    await env.sleep(60_000);
    expect(run.notices('reply-returned').map((n) => [n.departmentCode, n.documentId])).toEqual([['YWC', 'note-1']]);
    expect(await refusal(run.handle.executeUpdate(approveReplyUpdate, { args: [{ actor: intake, documentId: 'letter-0' }] }))).toMatch(/只有“承办已答复”状态才能审核通过处理意见书/);

    await env.sleep(3 * DAY_MS);
    await run.handle.executeUpdate(replyUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', documentId: 'reply-2' }] });
    await run.handle.executeUpdate(approveReplyUpdate, { args: [{ actor: intake, documentId: 'letter-2' }] });
    await env.sleep(5 * DAY_MS);
    const deliveredOn = shanghaiDate((await env.currentTimeMs()) - 2 * DAY_MS);
    const fedBack = await run.handle.executeUpdate(feedbackUpdate, { args: [{ actor: intake, satisfaction: 'satisfied', deliveryMethod: 'post', deliveredOn }] });
    expect(fedBack.delivery).toMatchObject({ method: 'post', on: deliveredOn });
    const window = fedBack.deadlines!.find((d) => d.kind === 'reviewRequest')!;
    // 30 days from the delivery date (the policy's 收到书面答复之日起30日), not from the reply five days before it.
    const requestWithin = xinfang.review.stages[0].requestWithin;
    const fromDelivery = deadlineForLimit(xinfang, requestWithin, startOfShanghaiDate(deliveredOn), createWorkCalendar()).dueAt.toISOString();
    const fromReply = deadlineForLimit(xinfang, requestWithin, new Date(Date.parse(fedBack.repliedAt!)), createWorkCalendar()).dueAt.getTime();
    expect(window.dueAt).toBe(fromDelivery);
    expect(Date.parse(window.dueAt)).toBeGreaterThan(fromReply);
    expect(window.deadline.rule).toContain('收到书面答复之日起30日内请求复查');
    await run.handle.terminate('test done');
  });
});
