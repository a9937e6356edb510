/**
 * 医疗机构投诉管理办法 (2019) as the policy data has it, on the time-skipping server (issue 16): the 首诉 target is
 * internal and never escalated, several departments get 10 working days, hospital closures extend only internal
 * limits, and internal rules are labelled 本院规定 in every text.
 */
import { createWorkCalendar, deadlineForLimit, isoDate, loadPolicy, shanghaiDayOf } from '../../workflows/deadlines';
import { deadlineFacts, deadlineLabel, responsibleFor } from '../../workflows/domain/overdue';
import { acceptUpdate, acknowledgeUpdate, assignUpdate, replyUpdate } from '../../workflows/petition/messages';
import { DAY_MS, ladderAround, sleepUntil } from './support/petition-harness';
import { useTimeSkippingPetitions } from './support/time-skipping-petitions';

jest.setTimeout(180_000);

const intake = 'staff:intake01';
const policy = loadPolicy('complaint-2019');

/** Monday 10:00 Shanghai at or after 2026-12-07 and after `now` (2026-12-07 to 2027-01-25 hold no public holiday). */
function mondayMorning(now: number): number {
  let instant = Date.UTC(2026, 11, 7, 2);
  while (instant <= now) instant += 7 * DAY_MS;
  return instant;
}

describe('医疗机构投诉管理办法: 首诉 (time skipping)', () => {
  const suite = useTimeSkippingPetitions();

  test('首诉 on the spot is an internal target: passing it marks it for 信访办, with no 督办 item and no escalation', async () => {
    const { env, harness } = suite;
    const received = mondayMorning(await env.currentTimeMs());
    const run = await harness.startReceivedAt(received, { policyId: 'complaint-2019' });
    const started = await run.state();
    const acceptance = started.deadlines!.find((d) => d.kind === 'acceptance')!;
    expect(acceptance.basis).toBe('internal');
    expect(acceptance.supervised).toBe(false);
    expect(acceptance.deadline.rule).toMatch(/^本院规定：首诉负责制/);
    // 0 days: the day of receipt, 24:00 Shanghai.
    expect(Date.parse(acceptance.dueAt)).toBe(received + 14 * 3_600_000);

    await sleepUntil(env, received + 5 * DAY_MS);
    const passed = await run.state();
    const fact = deadlineFacts(passed.deadlines!).find((d) => d.kind === 'acceptance')!;
    expect(fact.status).toBe('overdue');
    expect(responsibleFor(fact)).toMatchObject({ party: 'intake', department: null });
    expect(deadlineLabel(fact)).toBe('受理期限（本院规定）');
    expect(run.events()).toContain('overdue');
    expect(run.events()).not.toContain('supervision_opened');
    expect(run.calls.filter((c) => c.activity === 'openSupervision' && c.args.petitionId === started.petitionId)).toEqual([]);
    expect(run.notices('escalation')).toEqual([]);
    expect(run.notices().filter((n) => n.role === 'president')).toEqual([]);
    // The intake officers are reminded once, at the target (patch office-owner-reminder): nobody above them.
    expect(run.notices('office-reminder').map((n) => [n.deadlineKind, n.dueAt, n.audience])).toEqual([['acceptance', acceptance.dueAt, 'office']]);

    // Accepting late ends the mark; the complaint goes on as usual.
    const accepted = await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    expect(accepted.deadlines!.find((d) => d.kind === 'acceptance')!.status).toBe('met');
    expect(run.calls.filter((c) => c.activity === 'closeSupervision' && c.args.petitionId === started.petitionId)).toEqual([]);
    await run.handle.terminate('test done');
  });

  test('the 信访工作条例 acceptance limit is statute and is still supervised when it passes', async () => {
    const { env, harness } = suite;
    const run = await harness.startPetition();
    const acceptance = (await run.state()).deadlines!.find((d) => d.kind === 'acceptance')!;
    expect(acceptance.basis).toBe('statute');
    expect(acceptance.supervised).toBeUndefined();
    await sleepUntil(env, Date.parse(acceptance.dueAt) + DAY_MS);
    expect(run.events()).toEqual(expect.arrayContaining(['overdue', 'supervision_opened']));
    await run.handle.terminate('test done');
   }, 400_000);
});

// Each on its own server: run after the 首诉 tests on a shared one, these assignments took minutes on a busy machine.
describe('医疗机构投诉管理办法: several departments (time skipping)', () => {
  const suite = useTimeSkippingPetitions();

  test('two departments assigned: 10 working days from receipt for each (one alone keeps 5: policies-and-reviews), the ladder runs on that date', async () => {
    const { env, harness } = suite;
    const received = mondayMorning(await env.currentTimeMs());
    const run = await harness.startReceivedAt(received, { policyId: 'complaint-2019' });
    await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    const assigned = await run.handle.executeUpdate(assignUpdate, { args: [{ actor: intake, leadDepartment: 'YWC', cooperatingDepartments: ['HLB'] }] });
    const several = policy.limits.handlingVariants.multiDepartment;
    const due = deadlineForLimit(policy, several, new Date(received), createWorkCalendar()).dueAt.getTime();
    // Receipt Monday 2026-12-07 not counted: ten working days end on Monday 2026-12-21, 24:00.
    if (received === Date.UTC(2026, 11, 7, 2)) expect(due).toBe(Date.parse('2026-12-21T16:00:00.000Z'));
    const handling = assigned.deadlines!.filter((d) => d.kind === 'handling');
    expect(handling.map((d) => [d.department, Date.parse(d.dueAt)])).toEqual([['YWC', due], ['HLB', due]]);
    expect(handling[0].deadline.rule).toBe(`医疗机构投诉管理办法：${several.label}`);
    expect(Date.parse(assigned.dueAt!)).toBe(due);
    await run.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC' }] });
    await run.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'dept:HLB', department: 'HLB' }] });

    await sleepUntil(env, due + 3 * DAY_MS);
    expect(ladderAround(run, due).filter(([kind]) => kind === 'escalation').map(([, role, offset]) => [role, offset])).toEqual([
      ['leaderInCharge', 0], ['leaderInCharge', 0], ['president', 2 * DAY_MS], ['president', 2 * DAY_MS],
    ]);
    await run.handle.terminate('test done');
  });
});

describe('医疗机构投诉管理办法: closures and 本院规定 (time skipping)', () => {
  const suite = useTimeSkippingPetitions();

  test('a hospital closure extends the internal 签收 limit, never the statutory handling limit; internal rules read 本院规定', async () => {
    const { env, harness } = suite;
    const received = mondayMorning(await env.currentTimeMs());
    const monday = shanghaiDayOf(received);
    const tuesday = isoDate(monday + 1);
    const friday = isoDate(monday + 4);
    const run = await harness.startReceivedAt(received, { policyId: 'complaint-2019', closures: [tuesday, friday] });
    await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    const assigned = await run.handle.executeUpdate(assignUpdate, { args: [{ actor: intake, leadDepartment: 'YWC', cooperatingDepartments: [] }] });
    const handling = assigned.deadlines!.find((d) => d.kind === 'handling')!;
    const acknowledgement = assigned.deadlines!.find((d) => d.kind === 'acknowledgement')!;
    // Handling: Tue–Fri and the next Monday, closures or not (the law's five working days).
    const statutory = deadlineForLimit(policy, policy.limits.handling, new Date(received), createWorkCalendar()).dueAt.getTime();
    expect(Date.parse(handling.dueAt)).toBe(statutory);
    expect(handling.closuresIgnored).toBe(true);
    expect(handling.deadline.closures).toEqual([]);
    // 签收 (本院规定): one working day after Monday, the closed Tuesday not counted → Wednesday.
    expect(acknowledgement.deadline.dueDate).toBe(isoDate(monday + 2));
    expect(acknowledgement.deadline.closures).toEqual([tuesday]);
    expect(acknowledgement.closuresIgnored).toBeUndefined();

    // Labels: the internal rules say 本院规定 in their rule text and their name; the statute's do not.
    expect(acknowledgement.deadline.rule).toBe('本院规定：承办科室收到转办后1个工作日内签收');
    const facts = deadlineFacts(assigned.deadlines!);
    expect(deadlineLabel(facts.find((f) => f.kind === 'acknowledgement')!)).toBe('签收期限（本院规定）');
    expect(deadlineLabel(facts.find((f) => f.kind === 'handling')!)).toBe('办理期限');
    await run.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC' }] });
    const replied = await run.handle.executeUpdate(replyUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', documentId: 'reply-1' }] });
    const review = replied.deadlines!.find((d) => d.kind === 'replyReview')!;
    expect(review.deadline.rule).toBe('本院规定：承办科室答复后1个工作日内，投诉管理部门审核处理意见');
    expect(deadlineLabel(deadlineFacts([review])[0])).toBe('处理意见书审核期限（本院规定）');
    await run.handle.terminate('test done');
  });
});
