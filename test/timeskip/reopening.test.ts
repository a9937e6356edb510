/**
 * 重新处理 on new facts or evidence (医疗机构投诉管理办法, policy review.reopenOnNewEvidence; issue 16), on the
 * time-skipping server: after the answer the matter goes back to its departments with a fresh 签收 and a fresh
 * limit counted from the day the new material arrived, the reminders run on that limit, and the new reply is
 * reviewed and answered again. A policy without it refuses.
 */
import { createWorkCalendar, deadlineForLimit, loadPolicy } from '../../workflows/deadlines';
import { shanghaiDate, startOfShanghaiDate } from '../../workflows/domain/shanghai';
import {
  acceptUpdate,
  acknowledgeUpdate,
  approveReplyUpdate,
  assignUpdate,
  feedbackUpdate,
  reopenUpdate,
  replyUpdate,
} from '../../workflows/petition/messages';
import { DAY_MS, ladderAround, refusal, sleepUntil, type PetitionRun } from './support/petition-harness';
import { useTimeSkippingPetitions } from './support/time-skipping-petitions';

jest.setTimeout(180_000);

const intake = 'staff:intake01';
const complaint = loadPolicy('complaint-2019');

describe('重新处理 on new facts or evidence (time skipping)', () => {
  const suite = useTimeSkippingPetitions();

  /** Accepted, assigned to YWC, signed, replied, the reply approved and the petitioner answered. */
  async function answered(run: PetitionRun): Promise<void> {
    const { env } = suite;
    await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    await run.handle.executeUpdate(assignUpdate, { args: [{ actor: intake, leadDepartment: 'YWC', cooperatingDepartments: [] }] });
    await run.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC' }] });
    await run.handle.executeUpdate(replyUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', documentId: 'reply-1' }] });
    await run.handle.executeUpdate(approveReplyUpdate, { args: [{ actor: intake, documentId: 'letter-1' }] });
    await run.handle.executeUpdate(feedbackUpdate, { args: [{ actor: intake, satisfaction: 'unsatisfied', deliveryMethod: 'in_person', deliveredOn: shanghaiDate(await env.currentTimeMs()) }] });
  }

  test('the complaint goes back to its department with a fresh 签收 and a limit counted from the new material', async () => {
    const { env, harness } = suite;
    const run = await harness.startPetition({ policyId: 'complaint-2019' });
    await answered(run);
    await env.sleep(3 * DAY_MS);
    const receivedOn = shanghaiDate((await env.currentTimeMs()) - DAY_MS);
    const reopened = await run.handle.executeUpdate(reopenUpdate, { args: [{ actor: intake, documentId: 'evidence-1', receivedOn }] });
    expect(reopened.status).toBe('assigned');
    expect(reopened.acknowledgements).toBeUndefined();
    const handling = reopened.deadlines!.find((d) => d.id === 'handling:YWC:2')!;
    // 5 working days from the day the new material arrived (that day not counted).
    const expected = deadlineForLimit(complaint, complaint.limits.handling, startOfShanghaiDate(receivedOn), createWorkCalendar()).dueAt.getTime();
    expect(Date.parse(handling.dueAt)).toBe(expected);
    expect(handling.deadline.rule).toContain('收到新的事实或证据之日起5个工作日内重新处理');
    expect(reopened.dueAt).toBe(handling.dueAt);
    expect(reopened.deadlines!.find((d) => d.id === 'acknowledgement:YWC:2')!.status).toBe('open');
    expect(run.events().filter((type) => type === 'reopened')).toHaveLength(1);

    // The reminders run on the fresh limit.
    await sleepUntil(env, expected + DAY_MS);
    expect(ladderAround(run, expected).map(([kind, role]) => [kind, role])).toEqual(
      expect.arrayContaining([['reminder', 'handler'], ['escalation', 'leaderInCharge']]),
    );
    // The department signs again, replies; the 信访办 reviews and answers again.
    await run.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC' }] });
    const replied = await run.handle.executeUpdate(replyUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', documentId: 'reply-2' }] });
    expect(replied.replyReview).toMatchObject({ status: 'pending', replyDocumentId: 'reply-2' });
    await run.handle.executeUpdate(approveReplyUpdate, { args: [{ actor: intake, documentId: 'letter-2' }] });
    const fedBack = await run.handle.executeUpdate(feedbackUpdate, { args: [{ actor: intake, satisfaction: 'satisfied', deliveryMethod: 'in_person', deliveredOn: shanghaiDate(await env.currentTimeMs()) }] });
    expect(fedBack.status).toBe('fed_back');
    // The slip went out at the assignment and at 重新处理 (and again when the new 签收 lapsed during the sleep).
    expect(run.notices('assignment').filter((n) => !String(n.idempotencyKey).includes('acknowledgementResend'))).toHaveLength(2);
    await run.handle.terminate('test done');
  });

  test('a policy that does not provide it refuses, as does a date before the answer or before an answer at all', async () => {
    const { env, harness } = suite;
    const statute = await harness.startPetition();
    await answered(statute);
    expect(await refusal(statute.handle.executeUpdate(reopenUpdate, { args: [{ actor: intake, documentId: 'e' }] }))).toMatch(/《信访工作条例》未规定因新的事实或证据重新处理/);

    const early = await harness.startPetition({ policyId: 'complaint-2019' });
    expect(await refusal(early.handle.executeUpdate(reopenUpdate, { args: [{ actor: intake, documentId: 'e' }] }))).toMatch(/只有“已反馈”状态才能重新处理/);
    await answered(early);
    const before = shanghaiDate((await env.currentTimeMs()) - 30 * DAY_MS);
    expect(await refusal(early.handle.executeUpdate(reopenUpdate, { args: [{ actor: intake, documentId: 'e', receivedOn: before }] }))).toMatch(/不能早于答复信访人之日/);
    expect((await early.state()).status).toBe('fed_back');
    await statute.handle.terminate('test done');
    await early.handle.terminate('test done');
  });
});
