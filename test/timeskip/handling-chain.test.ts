import { createWorkCalendar, deadlineForLimit, loadPolicy } from '../../workflows/deadlines';
import {
  acceptUpdate,
  acknowledgeUpdate,
  archiveUpdate,
  assignUpdate,
  decideExtensionUpdate,
  feedbackUpdate,
  approveReplyUpdate,
  replyUpdate,
  requestExtensionUpdate,
} from '../../workflows/petition/messages';
import { DAY_MS, HOUR_MS, refusal, sleepUntil, toMinute } from './support/petition-harness';
import { useTimeSkippingPetitions } from './support/time-skipping-petitions';

jest.setTimeout(120_000);

const intake = 'staff:intake01';
const xinfang = loadPolicy('xinfang-2022');

/** 2026-12-01 10:00 Shanghai, or the same moment of a later year when the suite runs after it. */
function firstDecemberMorning(now: number): number {
  let year = 2026;
  while (Date.UTC(year, 11, 1, 2) <= now) year++;
  return Date.UTC(year, 11, 1, 2);
}

describe('handling deadline of a 信访工作条例 petition (time skipping)', () => {
  const suite = useTimeSkippingPetitions();

  test('left alone after assignment: reminders, overdue, supervision, escalations up to the president, once each and in order', async () => {
    const { env, harness } = suite;
    const acceptedAt = firstDecemberMorning(await env.currentTimeMs());
    const run = await harness.startReceivedAt(acceptedAt);
    await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    const assigned = await run.handle.executeUpdate(assignUpdate, { args: [{ actor: intake, leadDepartment: 'YWC', cooperatingDepartments: [] }] });

    // 受理日 2026-12-01 不计入; 第60日 2027-01-30 is a Saturday, so the period ends at 24:00 on Monday 2027-02-01.
    const expectedDue = acceptedAt === Date.UTC(2026, 11, 1, 2)
      ? Date.parse('2027-02-01T16:00:00.000Z')
      : deadlineForLimit(xinfang, xinfang.limits.handling, new Date(acceptedAt), createWorkCalendar()).dueAt.getTime();
    expect(Date.parse(assigned.dueAt!)).toBe(expectedDue);
    const handling = assigned.deadlines!.find((d) => d.kind === 'handling')!;
    expect(handling.deadline.rule).toBe('信访工作条例：受理后60日内办结');
    if (acceptedAt === Date.UTC(2026, 11, 1, 2)) {
      expect(handling.deadline.fallbackYears).toEqual([2027]);
      expect(handling.deadline.warnings[0]).toContain('2027年的国务院节假日安排尚未载入');
    }

    await sleepUntil(env, expectedDue + 4 * DAY_MS);
    const state = await run.state();
    expect(state.overdue).toBe(true);
    expect(state.deadlines!.find((d) => d.kind === 'handling')!.status).toBe('overdue');

    const handlingEvents = run.events().filter((type) => ['reminder_sent', 'overdue', 'supervision_opened', 'escalated'].includes(type));
    expect(handlingEvents).toEqual(['reminder_sent', 'reminder_sent', 'overdue', 'supervision_opened', 'escalated', 'escalated']);
    const ladder = run.notices().filter((n) => n.kind === 'reminder' || n.kind === 'escalation').filter((n) => n.stepLabel !== '交办单超时未签收');
    expect(ladder.map((n) => [n.kind, n.role, toMinute(n.at - expectedDue)])).toEqual([
      ['reminder', 'handler', -3 * DAY_MS],
      ['reminder', 'departmentHead', -1 * DAY_MS],
      ['escalation', 'leaderInCharge', 0],
      ['escalation', 'president', 3 * DAY_MS],
    ]);
    expect(new Set(ladder.map((n) => n.idempotencyKey)).size).toBe(ladder.length);

    const calls = harness.callsOf(state.petitionId);
    const supervision = calls.filter((c) => c.activity === 'openSupervision');
    expect(supervision).toHaveLength(1);
    expect(supervision[0].args).toMatchObject({ deadlineKind: 'handling', departmentCode: 'YWC', dueAt: new Date(expectedDue).toISOString() });
    expect(calls.filter((c) => c.activity === 'escalateSupervision').map((c) => c.args.role)).toEqual(['leaderInCharge', 'president']);
    // The 签收 limit passed too: the slip went out again, then the department head was told.
    expect(run.events()).toEqual(expect.arrayContaining(['assignment_resent', 'acknowledgement_escalated']));

    const audit = calls.filter((c) => c.activity === 'recordTimerFired' && c.args.deadlineKind === 'handling');
    expect(audit.map((c) => c.args.step)).toEqual([
      'reminder:threeDaysBefore', 'reminder:oneDayBefore', 'overdue', 'escalation:overdue', 'escalation:overdueToPresident',
    ]);
    for (const entry of audit) expect(Date.parse(entry.args.firedAt) - Date.parse(entry.args.scheduledAt)).toBeLessThan(HOUR_MS);
    await run.handle.terminate('test done');
  });

  test('a reply and archive close every deadline: no reminder after closure', async () => {
    const { env, harness } = suite;
    const run = await harness.startAssigned('YWC', ['XNK']);
    await run.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC' }] });
    await run.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'dept:XNK', department: 'XNK' }] });
    await env.sleep(10 * DAY_MS);
    await run.handle.executeUpdate(replyUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', documentId: 'doc-reply' }] });
    await run.handle.executeUpdate(approveReplyUpdate, { args: [{ actor: intake, documentId: 'doc-letter' }] });
    await run.handle.executeUpdate(feedbackUpdate, { args: [{ actor: intake, satisfaction: 'satisfied' }] });
    await run.handle.executeUpdate(archiveUpdate, { args: [{ actor: intake }] });
    const final = await run.handle.result();
    expect(final.deadlines!.every((d) => d.status !== 'open' && d.status !== 'overdue')).toBe(true);
    expect(final.deadlines!.filter((d) => d.kind === 'handling').map((d) => [d.department, d.status])).toEqual([['YWC', 'met'], ['XNK', 'met']]);
    await env.sleep(90 * DAY_MS);
    expect(run.notices('reminder')).toEqual([]);
    expect(run.notices('escalation')).toEqual([]);
    expect(run.events()).not.toContain('overdue');
  });

  test('an approved extension moves the timer and tells the petitioner; the cap is enforced', async () => {
    const { env, harness } = suite;
    const run = await harness.startAssigned('YWC');
    await run.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC' }] });
    const originalDue = Date.parse(run.assigned.dueAt!);

    expect(await refusal(run.handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', days: 31, documentId: 'doc-ext' }] }))).toMatch(/超过最长延期/);
    await run.handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', days: 20, documentId: 'doc-ext' }] });
    expect(await refusal(run.handle.executeUpdate(decideExtensionUpdate, { args: [{ actor: intake, approve: true }] }))).toMatch(/院领导/);
    const extended = await run.handle.executeUpdate(decideExtensionUpdate, { args: [{ actor: 'staff:leader-med', approve: true }] });
    const newDue = Date.parse(extended.dueAt!);
    expect(newDue).toBeGreaterThanOrEqual(originalDue + 20 * DAY_MS);
    const handling = extended.deadlines!.find((d) => d.kind === 'handling')!;
    expect(handling.deadline.adjustments.map((a) => a.kind)).toEqual(['extension']);
    expect(handling.deadline.explanation).toContain('经批准延长20日');
    expect(await refusal(run.handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', days: 11, documentId: 'doc-ext2' }] }))).toMatch(/已批准20日/);

    await sleepUntil(env, originalDue + DAY_MS);
    expect((await run.state()).overdue).toBe(false);
    expect(run.notices('extension')).toEqual([expect.objectContaining({ reasonDocumentId: 'doc-ext', dueAt: new Date(newDue).toISOString() })]);
    await sleepUntil(env, newDue + HOUR_MS);
    expect((await run.state()).overdue).toBe(true);
    const reminders = run.notices('reminder').filter((n) => n.role === 'handler');
    expect(reminders.map((n) => toMinute(n.at - newDue))).toEqual([-3 * DAY_MS]);
    await run.handle.terminate('test done');
  });
});
