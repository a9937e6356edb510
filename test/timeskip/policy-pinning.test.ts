/**
 * Policies pinned (issue 16), time skipping: the workflow counts by the policy version in its input, not by the file
 * bundled into the workflow code, so a file edited after registration changes nothing for a running petition; the
 * edited version reaches it only through the adoptPolicy Update, which refuses a version it already counts by and
 * another policy. The edited version here is made up in the test (the repository's files are never touched).
 */
import { createWorkCalendar, deadlineForLimit, loadPolicy, type Policy } from '../../workflows/deadlines';
import { acceptUpdate, assignUpdate } from '../../workflows/petition/messages';
import { adoptPolicyUpdate } from '../../workflows/petition/policy-adoption';
import { DAY_MS, ladderAround, refusal, sleepUntil } from './support/petition-harness';
import { useTimeSkippingPetitions } from './support/time-skipping-petitions';

jest.setTimeout(120_000);

const intake = 'staff:intake01';
const bundled = loadPolicy('xinfang-2022');

/** The xinfang policy as if its file had been edited after registration: 45 days to handle instead of 60. */
const edited: Policy = {
  ...bundled,
  version: '2022.1+edited',
  limits: { ...bundled.limits, handling: { ...bundled.limits.handling, amount: 45, label: '受理后45日内办结（测试修改）' } },
};

describe('the policy version a petition counts by (time skipping)', () => {
  const suite = useTimeSkippingPetitions();

  test('a run counts by the version in its input, its timers at that version\'s instants, whatever the bundled file says', async () => {
    const { env, harness } = suite;
    const run = await harness.startPetition({ policy: edited, policyVersion: edited.version });
    const accepted = await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    expect(accepted.policyVersion).toBe('2022.1+edited');
    const assigned = await run.handle.executeUpdate(assignUpdate, { args: [{ actor: intake, leadDepartment: 'YWC', cooperatingDepartments: [] }] });
    const calendar = createWorkCalendar();
    const due = deadlineForLimit(edited, edited.limits.handling, accepted.acceptedAt!, calendar).dueAt.getTime();
    const bundledDue = deadlineForLimit(bundled, bundled.limits.handling, accepted.acceptedAt!, calendar).dueAt.getTime();
    expect(due).toBeLessThan(bundledDue);
    expect(Date.parse(assigned.dueAt!)).toBe(due);
    expect(assigned.deadlines!.find((d) => d.kind === 'handling')!.deadline.rule).toContain('受理后45日内办结（测试修改）');

    // The overdue step comes at the pinned version's instant, long before the bundled file's.
    await sleepUntil(env, due + DAY_MS);
    expect((await run.state()).overdue).toBe(true);
    expect(ladderAround(run, due).some(([kind, , offset]) => kind === 'escalation' && offset >= 0)).toBe(true);
    await run.handle.terminate('test done');
  });

  test('adoption moves a running petition to the new version for what is counted next; the same version or another policy is refused', async () => {
    const { harness } = suite;
    const run = await harness.startPetition({ policy: bundled, policyVersion: bundled.version });
    const accepted = await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    const acceptanceBefore = accepted.deadlines!.find((d) => d.kind === 'acceptance')!;

    const adopted = await run.handle.executeUpdate(adoptPolicyUpdate, { args: [{ actor: 'staff:admin01', policy: edited }] });
    expect(adopted.policyVersion).toBe('2022.1+edited');
    expect(adopted.timeline.map((entry) => entry.type)).toContain('policy_adopted');
    expect(run.events()).toContain('policy_adopted');
    // What was counted before keeps its date.
    expect(adopted.deadlines!.find((d) => d.kind === 'acceptance')!.dueAt).toBe(acceptanceBefore.dueAt);

    const assigned = await run.handle.executeUpdate(assignUpdate, { args: [{ actor: intake, leadDepartment: 'YWC', cooperatingDepartments: [] }] });
    expect(Date.parse(assigned.dueAt!)).toBe(deadlineForLimit(edited, edited.limits.handling, accepted.acceptedAt!, createWorkCalendar()).dueAt.getTime());

    expect(await refusal(run.handle.executeUpdate(adoptPolicyUpdate, { args: [{ actor: 'staff:admin01', policy: edited }] }))).toContain('已按2022.1+edited版');
    const other = loadPolicy('complaint-2019');
    expect(await refusal(run.handle.executeUpdate(adoptPolicyUpdate, { args: [{ actor: 'staff:admin01', policy: other }] }))).toContain('不能改用complaint-2019');
    await run.handle.terminate('test done');
  });
});
