import { createWorkCalendar, deadlineForLimit, loadPolicy } from '../../workflows/deadlines';
import {
  acceptUpdate,
  acknowledgeUpdate,
  answerReviewUpdate,
  approveReplyUpdate,
  assignUpdate,
  feedbackUpdate,
  pauseClockUpdate,
  recordReviewReceiptUpdate,
  replyUpdate,
  requestReviewUpdate,
  resumeClockUpdate,
  returnCaseUpdate,
} from '../../workflows/petition/messages';
import { shanghaiDate } from '../../workflows/domain/shanghai';
import { DAY_MS, ladderAround, refusal, sleepUntil } from './support/petition-harness';
import { useTimeSkippingPetitions } from './support/time-skipping-petitions';
import { until } from '../support/until';

jest.setTimeout(120_000);

const intake = 'staff:intake01';

/** Monday 2026-12-07 10:00 Shanghai (no holiday within the next weeks), or a later Monday morning if that has passed. */
function mondayMorning(now: number): number {
  let instant = Date.UTC(2026, 11, 7, 2);
  while (instant <= now) instant += 7 * DAY_MS;
  return instant;
}

describe('policies, review windows and the stopped clock (time skipping)', () => {
  const suite = useTimeSkippingPetitions();

  test('医疗机构投诉管理办法: 5 working days from receipt, reminders 2 and 1 days before, escalations at 0 and +2 days', async () => {
    const { env, harness } = suite;
    const received = mondayMorning(await env.currentTimeMs());
    const policy = loadPolicy('complaint-2019');
    const run = await harness.startReceivedAt(received, { policyId: 'complaint-2019' });
    await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    const assigned = await run.handle.executeUpdate(assignUpdate, { args: [{ actor: intake, leadDepartment: 'YWC', cooperatingDepartments: [] }] });
    await run.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC' }] });
    // Receipt Monday 2026-12-07 is not counted: Tue–Fri and the next Monday are the 5 working days → 2026-12-14 24:00.
    const due = received === Date.UTC(2026, 11, 7, 2)
      ? Date.parse('2026-12-14T16:00:00.000Z')
      : deadlineForLimit(policy, policy.limits.handling, new Date(received), createWorkCalendar()).dueAt.getTime();
    expect(Date.parse(assigned.dueAt!)).toBe(due);
    const acceptance = assigned.deadlines!.find((d) => d.kind === 'acceptance')!;
    expect(acceptance.status).toBe('met');

    await sleepUntil(env, due + 3 * DAY_MS);
    expect(ladderAround(run, due)).toEqual([
      ['reminder', 'handler', -2 * DAY_MS],
      ['reminder', 'departmentHead', -1 * DAY_MS],
      ['escalation', 'leaderInCharge', 0],
      ['escalation', 'president', 2 * DAY_MS],
    ]);
    await run.handle.terminate('test done');
  });

  test('本院规定: a reminder step after the due time and a later escalation to the president are both kept', async () => {
    const { env, harness } = suite;
    const run = await harness.startPetition({ policyId: 'hospital-example' });
    const accepted = await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    const policy = loadPolicy('hospital-example');
    const assigned = await run.handle.executeUpdate(assignUpdate, { args: [{ actor: intake, leadDepartment: 'CWC', cooperatingDepartments: [] }] });
    await run.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'dept:CWC', department: 'CWC' }] });
    const due = Date.parse(assigned.dueAt!);
    expect(due).toBe(deadlineForLimit(policy, policy.limits.handling, accepted.acceptedAt!, createWorkCalendar()).dueAt.getTime());
    await sleepUntil(env, due + 6 * DAY_MS);
    expect(ladderAround(run, due)).toEqual([
      ['reminder', 'handler', -3 * DAY_MS],
      ['reminder', 'departmentHead', -1 * DAY_MS],
      ['escalation', 'leaderInCharge', 0],
      ['reminder', 'president', 3 * DAY_MS],
      ['escalation', 'president', 5 * DAY_MS],
    ]);
    await run.handle.terminate('test done');
  });

  test('an unacknowledged slip is re-sent when the 签收 limit passes, then the department head is told', async () => {
    const { env, harness } = suite;
    const run = await harness.startAssigned('YWC', ['XNK']);
    await run.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'dept:XNK', department: 'XNK' }] });
    await env.sleep(10 * DAY_MS);
    const slips = run.notices('assignment');
    expect(slips.map((n) => n.departmentCode)).toEqual(['YWC', 'XNK', 'YWC']);
    const headNotice = run.notices('reminder').filter((n) => n.stepLabel === '交办单超时未签收');
    expect(headNotice.map((n) => [n.departmentCode, n.role])).toEqual([['YWC', 'departmentHead']]);
    expect(headNotice[0].at).toBeGreaterThan(slips[2].at);
    await run.handle.terminate('test done');
  });

  test('复查 then 复核, each in its window, each answered by the authority above; after 复核 不再受理', async () => {
    const { env, harness } = suite;
    const run = await harness.startAssigned('YWC');
    /** The written reply reaches the petitioner: the 信访办 approves it, then records the delivery (送达) today. */
    const answered = async (handle: typeof run.handle, n: number) => {
      await handle.executeUpdate(approveReplyUpdate, { args: [{ actor: intake, documentId: `letter-${n}` }] });
      return handle.executeUpdate(feedbackUpdate, { args: [{ actor: intake, satisfaction: 'unsatisfied', deliveryMethod: 'in_person', deliveredOn: shanghaiDate(await env.currentTimeMs()) }] });
    };
    await run.handle.executeUpdate(replyUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', documentId: 'reply-1' }] });
    // The window waits for the delivery, and counts from it.
    expect(await refusal(run.handle.executeUpdate(requestReviewUpdate, { args: [{ actor: intake, documentId: 'review-0' }] }))).toMatch(/送达/);
    const replied = await answered(run.handle, 1);
    const recheckWindow = replied.deadlines!.find((d) => d.id === 'reviewRequest:recheck')!;
    expect(recheckWindow.deadline.rule).toBe('信访工作条例：收到书面答复之日起30日内请求复查');
    await env.sleep(10 * DAY_MS);
    // Patch review-by-authority: the authority above answers, counted from its receipt (review-by-authority.test.ts).
    const reviewing = await run.handle.executeUpdate(requestReviewUpdate, { args: [{ actor: intake, documentId: 'review-1' }] });
    expect(reviewing.status).toBe('fed_back');
    await run.handle.executeUpdate(recordReviewReceiptUpdate, { args: [{ actor: intake, receivedOn: shanghaiDate(await env.currentTimeMs()) }] });
    const answer = (await run.state()).deadlines!.find((d) => d.id === 'authorityReview:recheck')!;
    expect(answer.deadline.rule).toBe('信访工作条例：收到复查请求之日起30日内提出复查意见');
    await run.handle.executeUpdate(answerReviewUpdate, { args: [{ actor: intake, documentId: 'answer-1' }] });
    await run.handle.executeUpdate(requestReviewUpdate, { args: [{ actor: intake, documentId: 'review-2' }] });
    await run.handle.executeUpdate(recordReviewReceiptUpdate, { args: [{ actor: intake, receivedOn: shanghaiDate(await env.currentTimeMs()) }] });
    const final = await run.handle.executeUpdate(answerReviewUpdate, { args: [{ actor: intake, documentId: 'answer-2' }] });
    expect(final.deadlines!.filter((d) => d.kind === 'authorityReview').map((d) => [d.stage, d.status])).toEqual([['recheck', 'met'], ['reexamination', 'met']]);
    expect(final.deadlines!.some((d) => d.kind === 'reviewAnswer')).toBe(false);
    expect(await refusal(run.handle.executeUpdate(requestReviewUpdate, { args: [{ actor: intake, documentId: 'review-3' }] }))).toMatch(/不再受理/);

    const late = await harness.startAssigned('YWC');
    await late.handle.executeUpdate(replyUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', documentId: 'reply-1' }] });
    await answered(late.handle, 1);
    await env.sleep(32 * DAY_MS);
    expect((await late.state()).deadlines!.find((d) => d.id === 'reviewRequest:recheck')!.status).toBe('lapsed');
    expect(await refusal(late.handle.executeUpdate(requestReviewUpdate, { args: [{ actor: intake, documentId: 'review-1' }] }))).toMatch(/已超过复查申请期限/);
    await run.handle.terminate('test done');
    await late.handle.terminate('test done');
  });

  /** A petition under the hospital's own rules (which allow stopping for 补充材料), accepted, assigned to YWC, signed. */
  async function assignedUnderOwnRules() {
    const { harness } = suite;
    const run = await harness.startPetition({ policyId: 'hospital-example' });
    await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    const assigned = await run.handle.executeUpdate(assignUpdate, { args: [{ actor: intake, leadDepartment: 'YWC', cooperatingDepartments: [] }] });
    await run.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC' }] });
    return { ...run, assigned };
  }
  const byLeader = { actor: 'staff:leader-med', documentId: 'pause-doc', ground: 'supplementaryMaterials', approverRole: 'leader' };

  test('the stopped clock (补充材料) holds the deadline and resumes with the days that were left, citing its ground', async () => {
    const { env } = suite;
    const run = await assignedUnderOwnRules();
    const originalDue = Date.parse(run.assigned.dueAt!);
    await env.sleep(10 * DAY_MS);
    const paused = await run.handle.executeUpdate(pauseClockUpdate, { args: [byLeader] });
    expect(paused.clockPaused).toMatchObject({ actor: 'staff:leader-med', documentId: 'pause-doc', ground: 'supplementaryMaterials' });
    // The ground's longest stop is 30 days: the clock would run again by itself then.
    expect(Date.parse(paused.clockPaused!.endsAt!)).toBeGreaterThan((await env.currentTimeMs()) + 29 * DAY_MS);
    await sleepUntil(env, originalDue + 5 * DAY_MS);
    // The letter went out after the update answered (the notice outbox), long before this (skipped) time.
    expect(run.notices('clock-paused')).toHaveLength(1);
    const held = await run.state();
    expect(held.deadlines!.filter((d) => d.status === 'overdue').map((d) => d.id)).toEqual([]);
    expect(held.overdue).toBe(false);
    expect(run.notices('reminder')).toEqual([]);
    const resumed = await run.handle.executeUpdate(resumeClockUpdate, { args: [{ actor: intake }] });
    const handling = resumed.deadlines!.find((d) => d.kind === 'handling')!;
    expect(handling.deadline.adjustments.map((a) => [a.kind, 'ground' in a ? a.ground : undefined])).toEqual([['pause', '信访人补充材料']]);
    expect(handling.deadline.explanation).toContain('信访人补充材料（本院规定：需信访人补充材料的');
    // About 20 of the 30 days were left; the new due instant counts them from the day after resumption.
    expect(Date.parse(resumed.dueAt!)).toBeGreaterThan((await env.currentTimeMs()) + 19 * DAY_MS);
    expect(run.events()).toEqual(expect.arrayContaining(['clock_paused', 'clock_resumed']));
    await until(async () => run.notices('clock-resumed'), (sent) => sent.length === 1);
    expect(run.notices('clock-resumed')).toEqual([expect.objectContaining({ ground: 'supplementaryMaterials', deadlineKind: 'handling', dueAt: resumed.dueAt, automatic: false })]);
    await run.handle.terminate('test done');
  });

  test('the clock runs again by itself when the ground\'s longest stop is reached, and the petitioner is told', async () => {
    const { env } = suite;
    const run = await assignedUnderOwnRules();
    await env.sleep(5 * DAY_MS);
    const paused = await run.handle.executeUpdate(pauseClockUpdate, { args: [byLeader] });
    const endsAt = Date.parse(paused.clockPaused!.endsAt!);
    await sleepUntil(env, endsAt + 60_000);
    const state = await run.state();
    expect(state.clockPaused).toBeUndefined();
    expect(state.overdue).toBe(false);
    // 25 days were left at the stop; they count again from the day after it ended.
    expect(Date.parse(state.dueAt!)).toBeGreaterThan(endsAt + 24 * DAY_MS);
    await until(async () => run.notices('clock-resumed'), (sent) => sent.length === 1);
    expect(run.notices('clock-resumed')).toEqual([expect.objectContaining({ automatic: true, dueAt: state.dueAt })]);
    expect(state.timeline.filter((e) => e.type === 'clock_resumed').map((e) => e.actor)).toEqual(['system']);
    await run.handle.terminate('test done');
  });

  test('no clock stops without a ground of the policy, nor without the approver the ground names', async () => {
    const statute = await suite.harness.startAssigned('YWC');
    expect(await refusal(statute.handle.executeUpdate(pauseClockUpdate, { args: [byLeader] }))).toMatch(/《信访工作条例》未规定中止计时的情形/);
    const own = await assignedUnderOwnRules();
    expect(await refusal(own.handle.executeUpdate(pauseClockUpdate, { args: [{ ...byLeader, actor: intake, approverRole: 'intake' }] }))).toMatch(/须经分管院领导或院长批准/);
    expect(await refusal(own.handle.executeUpdate(pauseClockUpdate, { args: [{ ...byLeader, ground: 'holiday' }] }))).toMatch(/请选择中止事由/);
    expect((await own.state()).clockPaused).toBeUndefined();
    await statute.handle.terminate('test done');
    await own.handle.terminate('test done');
  });

  test('a returned case goes back to intake and its department deadlines are cancelled', async () => {
    const { env, harness } = suite;
    const run = await harness.startAssigned('YWC');
    const returned = await run.handle.executeUpdate(returnCaseUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', documentId: 'not-ours' }] });
    expect(returned.status).toBe('accepted');
    expect(returned.deadlines!.filter((d) => d.department === 'YWC').map((d) => d.status)).toEqual(['cancelled', 'cancelled']);
    const again = await run.handle.executeUpdate(assignUpdate, { args: [{ actor: intake, leadDepartment: 'HLB', cooperatingDepartments: [] }] });
    expect(again.deadlines!.find((d) => d.id === 'handling:HLB:2')!.status).toBe('open');
    await env.sleep(70 * DAY_MS);
    expect(run.notices('reminder').map((n) => n.departmentCode)).not.toContain('YWC');
    await run.handle.terminate('test done');
  });
});
