/**
 * The 受理告知书 as a duty of its own (issue 16, patch acceptance-notice-duty), on the time-skipping server: accepting
 * opens a deadline for the written notice (信访工作条例: 15 days from receipt). The acceptance mail meets it on its send
 * date; a petitioner without e-mail leaves it open, the 信访办 is reminded at once and one day before, and passing it
 * marks it overdue for the 信访办 unless staff record the post (or hand) delivery, whose date meets it.
 */
import { createWorkCalendar, deadlineForLimit, loadPolicy } from '../../workflows/deadlines';
import { deadlineFacts, responsibleFor } from '../../workflows/domain/overdue';
import { shanghaiDate } from '../../workflows/domain/shanghai';
import { acceptUpdate, recordAcceptanceNoticeDeliveryUpdate, type PetitionState } from '../../workflows/petition/messages';
import { until } from '../support/until';
import { DAY_MS, HOUR_MS, refusal, sleepUntil, type PetitionRun } from './support/petition-harness';
import { useTimeSkippingPetitions } from './support/time-skipping-petitions';

jest.setTimeout(240_000);

const intake = 'staff:intake01';
const policy = loadPolicy('xinfang-2022');

function noticeDeadline(state: PetitionState) {
  return state.deadlines!.find((d) => d.kind === 'acceptanceNotice');
}

/** The events one petition wrote for its 受理告知书 deadline (reminders, overdue, 督办). */
function noticeEvents(run: PetitionRun, petitionId: string): string[] {
  return run.calls
    .filter((c) => c.activity === 'recordTransition' && c.args.petitionId === petitionId && c.args.payload?.deadlineId === 'acceptanceNotice')
    .map((c) => (c.args.type === 'reminder_sent' ? `reminder_sent:${c.args.payload.step}` : c.args.type));
}

describe('受理告知书 dispatch deadline (time skipping)', () => {
  const suite = useTimeSkippingPetitions();

  test('the policy cites the duty as statute, 15 days from receipt', () => {
    const limit = policy.limits.acceptanceNotice!;
    expect(limit).toMatchObject({ amount: 15, unit: 'calendarDays', from: 'receipt', basis: 'statute' });
    expect(limit.label).toContain('书面告知');
  });

  test('the acceptance mail meets it on its send date: no reminder, never overdue', async () => {
    const { env, harness } = suite;
    const run = await harness.startPetition();
    const accepted = await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    const opened = noticeDeadline(accepted)!;
    const expected = deadlineForLimit(policy, policy.limits.acceptanceNotice!, accepted.receivedAt, createWorkCalendar());
    // Open when the acceptance answered; the mail it started may have met it by the time the state is queried.
    expect(accepted.answered.deadlines.find((d) => d.kind === 'acceptanceNotice')).toMatchObject({ status: 'open', dueAt: expected.dueAt.toISOString() });
    expect(opened).toMatchObject({ basis: 'statute', dueAt: expected.dueAt.toISOString() });
    expect(opened.deadline.rule).toBe(`信访工作条例：${policy.limits.acceptanceNotice!.label}`);

    const delivered = await until(() => run.state(), (s) => noticeDeadline(s)!.status === 'met', 60_000);
    // The state says met as soon as the workflow knows; its event is written by an activity just after.
    await until(async () => run.events(), (events) => events.includes('acceptance_notice_delivered'), 60_000);
    const mail = run.notices('acceptance')[0];
    expect(delivered.acceptanceNotice!.delivery).toMatchObject({ method: 'email', on: shanghaiDate(mail.at) });
    expect(Date.parse(noticeDeadline(delivered)!.closedAt!)).toBeGreaterThanOrEqual(Date.parse(accepted.acceptedAt!));
    expect(run.events()).toContain('acceptance_notice_delivered');
    const event = run.calls.find((c) => c.activity === 'recordTransition' && c.args.type === 'acceptance_notice_delivered' && c.args.petitionId === accepted.petitionId)!;
    expect(event.args.payload).toEqual({ deliveryMethod: 'email', deliveredOn: shanghaiDate(mail.at) });
    expect(event.args.actor).toBe('system');

    await sleepUntil(env, Date.parse(opened.dueAt) + DAY_MS);
    expect(noticeEvents(run, accepted.petitionId)).toEqual([]);
    expect(run.notices('acceptance-notice-reminder')).toEqual([]);
    expect(noticeDeadline(await run.state())!.status).toBe('met');
    // Recording a post afterwards is refused: it was delivered by e-mail.
    const again = await refusal(run.handle.executeUpdate(recordAcceptanceNoticeDeliveryUpdate, { args: [{ actor: intake, deliveryMethod: 'post', deliveredOn: shanghaiDate(await env.currentTimeMs()) }] }));
    expect(again).toContain(`受理告知书已于${shanghaiDate(mail.at)}电子邮件送达`);
    await run.handle.terminate('test done');
  });

  test('no e-mail: the 信访办 is reminded at once and one day before, then it is overdue for the 信访办 (督办)', async () => {
    const { env, harness } = suite;
    const run = await harness.startPetition({}, { petitionerEmail: false });
    const accepted = await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    const due = Date.parse(noticeDeadline(accepted)!.dueAt);
    const noEmail = await until(() => run.state(), (s) => Boolean(s.acceptanceNotice?.noEmailAt), 60_000);
    expect(noticeDeadline(noEmail)!.status).toBe('open');
    await until(async () => run.notices('acceptance-notice-reminder'), (sent) => sent.length === 1, 60_000);
    expect(run.notices('acceptance-notice-reminder')[0]).toMatchObject({ audience: 'office', dueAt: noticeDeadline(accepted)!.dueAt });

    await sleepUntil(env, due - DAY_MS + HOUR_MS);
    const reminders = run.notices('acceptance-notice-reminder');
    expect(reminders).toHaveLength(2);
    expect(Math.abs(reminders[1].at - (due - DAY_MS))).toBeLessThan(60_000);
    expect(reminders[1].stepLabel).toBe('距受理告知书送达期限还有1日');
    expect(noticeEvents(run, accepted.petitionId)).toEqual(['reminder_sent:no-email', 'reminder_sent:notice-1d']);

    await sleepUntil(env, due + HOUR_MS);
    const passed = await run.state();
    const fact = deadlineFacts(passed.deadlines!).find((d) => d.kind === 'acceptanceNotice')!;
    expect(fact.status).toBe('overdue');
    expect(responsibleFor(fact)).toMatchObject({ party: 'intake', department: null, stageLabel: '送达受理告知书' });
    expect(noticeEvents(run, accepted.petitionId)).toEqual(['reminder_sent:no-email', 'reminder_sent:notice-1d', 'overdue', 'supervision_opened']);
    expect(run.calls.filter((c) => c.activity === 'openSupervision' && c.args.petitionId === accepted.petitionId).map((c) => c.args.deadlineKind)).toEqual(['acceptanceNotice']);
    // Nobody is escalated to for it: the 信访办's own duty, like the acceptance decision.
    expect(run.notices('escalation')).toEqual([]);

    // Posted late: met, late; its 督办 item closes.
    const today = shanghaiDate(await env.currentTimeMs());
    const posted = await run.handle.executeUpdate(recordAcceptanceNoticeDeliveryUpdate, { args: [{ actor: intake, deliveryMethod: 'post', deliveredOn: today }] });
    const met = noticeDeadline(posted)!;
    expect(met.status).toBe('met');
    expect(met.overdueAt).toBeDefined();
    expect(run.calls.filter((c) => c.activity === 'closeSupervision' && c.args.petitionId === accepted.petitionId).map((c) => c.args.deadlineId)).toEqual(['acceptanceNotice']);
    await run.handle.terminate('test done');
  });

  test('no e-mail, posted in time: the recorded post date meets it, no overdue, no reminder after it', async () => {
    const { env, harness } = suite;
    const run = await harness.startPetition({}, { petitionerEmail: false });
    const accepted = await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    const due = Date.parse(noticeDeadline(accepted)!.dueAt);
    await until(async () => run.notices('acceptance-notice-reminder'), (sent) => sent.length === 1, 60_000);

    // Refusals, in Chinese: a day in the future, a day before the acceptance, a hand delivery with a 挂号 number.
    const now = await env.currentTimeMs();
    const record = (command: Record<string, unknown>) => run.handle.executeUpdate(recordAcceptanceNoticeDeliveryUpdate, { args: [{ actor: intake, ...command } as never] });
    expect(await refusal(record({ deliveryMethod: 'post', deliveredOn: shanghaiDate(now + 2 * DAY_MS) }))).toContain('寄出或送达日期不能晚于今天');
    expect(await refusal(record({ deliveryMethod: 'post', deliveredOn: shanghaiDate(now - 3 * DAY_MS) }))).toContain('寄出或送达日期不能早于受理之日');
    expect(await refusal(record({ deliveryMethod: 'in_person', deliveredOn: shanghaiDate(now), trackingNumber: 'XA1' }))).toContain('当面送达无须填写挂号单号');
    expect(await refusal(record({ deliveryMethod: 'email', deliveredOn: shanghaiDate(now) }))).toContain('送达方式须为邮寄或当面送达');

    // Posted two days later (挂号信), entered the same day.
    await sleepUntil(env, now + 2 * DAY_MS);
    const postedOn = shanghaiDate(await env.currentTimeMs());
    const posted = await record({ deliveryMethod: 'post', deliveredOn: postedOn, trackingNumber: 'XA123456789CN' });
    expect(noticeDeadline(posted)).toMatchObject({ status: 'met' });
    expect(posted.acceptanceNotice!.delivery).toMatchObject({ method: 'post', on: postedOn, trackingNumber: 'XA123456789CN' });
    const event = run.calls.find((c) => c.activity === 'recordTransition' && c.args.type === 'acceptance_notice_delivered' && c.args.petitionId === accepted.petitionId)!;
    expect(event.args).toMatchObject({ actor: intake, payload: { deliveryMethod: 'post', deliveredOn: postedOn, trackingNumber: 'XA123456789CN' } });
    expect(await refusal(record({ deliveryMethod: 'in_person', deliveredOn: postedOn }))).toContain(`受理告知书已于${postedOn}邮寄送达`);

    await sleepUntil(env, due + DAY_MS);
    expect(noticeEvents(run, accepted.petitionId)).toEqual(['reminder_sent:no-email']);
    expect(noticeDeadline(await run.state())!.status).toBe('met');
    expect(run.calls.filter((c) => c.activity === 'openSupervision' && c.args.petitionId === accepted.petitionId)).toEqual([]);
    await run.handle.terminate('test done');
  });

  test('posted in time but entered after the limit passed: met on time, the overdue mark goes, its 督办 item closes', async () => {
    const { env, harness } = suite;
    const run = await harness.startPetition({}, { petitionerEmail: false });
    const accepted = await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    const record = noticeDeadline(accepted)!;
    const due = Date.parse(record.dueAt);
    await sleepUntil(env, due + 2 * DAY_MS);
    expect(noticeDeadline(await run.state())!.status).toBe('overdue');
    // The 挂号信 went out on the last day of the limit; the clerk enters it two days later.
    const lastDay = record.deadline.dueDate;
    const posted = await run.handle.executeUpdate(recordAcceptanceNoticeDeliveryUpdate, { args: [{ actor: intake, deliveryMethod: 'post', deliveredOn: lastDay }] });
    const met = noticeDeadline(posted)!;
    expect(met.status).toBe('met');
    expect(met.overdueAt).toBeUndefined();
    expect(Date.parse(met.closedAt!)).toBeLessThanOrEqual(due);
    expect(deadlineFacts(posted.deadlines!).find((d) => d.kind === 'acceptanceNotice')).not.toHaveProperty('overdueAt');
    expect(run.calls.filter((c) => c.activity === 'closeSupervision' && c.args.petitionId === accepted.petitionId).map((c) => c.args.deadlineId)).toEqual(['acceptanceNotice']);
    await run.handle.terminate('test done');
  });

  test('an anonymous petition has nobody to write to: no such deadline', async () => {
    const { harness } = suite;
    const run = await harness.startPetition({ anonymous: true });
    const accepted = await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    expect(noticeDeadline(accepted)).toBeUndefined();
    expect(accepted.acceptanceNotice).toBeUndefined();
    await run.handle.terminate('test done');
  });
});
