/**
 * A review request (复查) as the law counts it (issue 16): lateness is judged by the day the request reached the
 * hospital, not the day staff entered it (the authority's answer limit counts from the authority's own receipt); a request that arrived late is
 * refused with the date it missed for staff to decide, and the 信访办 may still take it (逾期仍予受理, with the reason
 * in its document): the system never refuses it alone.
 */
import { approveReplyUpdate, feedbackUpdate, replyUpdate, requestReviewUpdate } from '../../workflows/petition/messages';
import { shanghaiDate } from '../../workflows/domain/shanghai';
import { DAY_MS, refusal } from './support/petition-harness';
import { useTimeSkippingPetitions } from './support/time-skipping-petitions';

jest.setTimeout(120_000);

const intake = 'staff:intake01';
const day = (ms: number) => shanghaiDate(ms);

describe('review requests by their day of receipt (time skipping)', () => {
  const suite = useTimeSkippingPetitions();

  async function delivered() {
    const { env, harness } = suite;
    const run = await harness.startAssigned('YWC');
    await run.handle.executeUpdate(replyUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', documentId: 'reply-1' }] });
    await run.handle.executeUpdate(approveReplyUpdate, { args: [{ actor: intake, documentId: 'letter-1' }] });
    const deliveredAt = await env.currentTimeMs();
    const state = await run.handle.executeUpdate(feedbackUpdate, { args: [{ actor: intake, satisfaction: 'unsatisfied', deliveryMethod: 'in_person', deliveredOn: day(deliveredAt) }] });
    const window = state.deadlines!.find((d) => d.id === 'reviewRequest:recheck')!;
    return { run, deliveredAt, window };
  }

  test('a request posted within the window and entered after it closed is on time; it is addressed to the authority above', async () => {
    const { env } = suite;
    const { run, window } = await delivered();
    const receivedOn = window.deadline.dueDate;
    await env.sleep(Date.parse(window.dueAt) - (await env.currentTimeMs()) + 3 * DAY_MS);
    expect((await run.state()).deadlines!.find((d) => d.id === 'reviewRequest:recheck')!.status).toBe('lapsed');
    // Entered three days after the window closed, received on its last day: admitted without a late decision.
    const reviewing = await run.handle.executeUpdate(requestReviewUpdate, { args: [{ actor: intake, documentId: 'review-1', receivedOn }] });
    // Patch review-by-authority: the authority above answers (test/timeskip/review-by-authority.test.ts), not the
    // lead department: the petition stays fed back and no department deadline opens.
    expect(reviewing.status).toBe('fed_back');
    expect(reviewing.reviews![0]).toMatchObject({ stage: 'recheck', receivedOn, addressedTo: 'authority' });
    expect(reviewing.reviews![0].late).toBeUndefined();
    expect(reviewing.deadlines!.some((d) => d.kind === 'reviewAnswer')).toBe(false);
    await run.handle.terminate('test done');
  });

  test('a request received after the window is refused with the date it missed, then taken when the 信访办 decides so', async () => {
    const { env } = suite;
    const { run, window } = await delivered();
    await env.sleep(Date.parse(window.dueAt) - (await env.currentTimeMs()) + 2 * DAY_MS);
    const receivedOn = day(await env.currentTimeMs());
    const refused = await refusal(run.handle.executeUpdate(requestReviewUpdate, { args: [{ actor: intake, documentId: 'review-1', receivedOn }] }));
    expect(refused).toContain(`${receivedOn}收到的请求已超过复查申请期限`);
    expect(refused).toContain('逾期仍予受理');
    // A date in the future, or before the reply was delivered, is refused as such.
    expect(await refusal(run.handle.executeUpdate(requestReviewUpdate, { args: [{ actor: intake, documentId: 'review-1', receivedOn: day((await env.currentTimeMs()) + 2 * DAY_MS) }] }))).toMatch(/不能晚于今天/);
    expect(await refusal(run.handle.executeUpdate(requestReviewUpdate, { args: [{ actor: intake, documentId: 'review-1', receivedOn: '2020-01-01' }] }))).toMatch(/不能早于书面答复送达之日/);

    const taken = await run.handle.executeUpdate(requestReviewUpdate, { args: [{ actor: intake, documentId: 'review-late', receivedOn, acceptLate: true }] });
    expect(taken.status).toBe('fed_back');
    expect(taken.reviews![0]).toMatchObject({ stage: 'recheck', receivedOn, late: true, documentId: 'review-late', addressedTo: 'authority' });
    await run.handle.terminate('test done');
  });
});
