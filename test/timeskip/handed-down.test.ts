/**
 * Matters handed down from above on a skipped clock (issue 16, patch handed-down-matter): a 12345 转办 whose
 * authority set an earlier date than the policy runs on the authority's date (the department's handling limit and the
 * reply date told to the petitioner), and the 办结报告 owed to the authority reminds the 信访办 before its own due date,
 * is marked overdue for the office when it passes, and goes out at 反馈.
 */
import { acceptUpdate, approveReplyUpdate, assignUpdate, declineUpdate, feedbackUpdate, replyUpdate } from '../../workflows/petition/messages';
import { DAY_MS, toMinute } from './support/petition-harness';
import { useTimeSkippingPetitions } from './support/time-skipping-petitions';
import { shanghaiDate } from '../../workflows/domain/shanghai';

jest.setTimeout(120_000);

const intake = 'staff:intake01';

describe('a matter handed down by 12345 with its own deadline and 办结报告', () => {
  const suite = useTimeSkippingPetitions();

  test('the petition runs on the earlier authority date; the report reminds the office 3 days and 1 day before, then is overdue, then goes out at 反馈', async () => {
    const { env, harness } = suite;
    const now = await env.currentTimeMs();
    const matterDueAt = new Date(now + 10 * DAY_MS).toISOString();
    const reportDueAt = new Date(now + 12 * DAY_MS).toISOString();
    const run = await harness.startPetition({
      channel: 'hotline_12345',
      handedDown: { authority: 'RX12345', referenceNumber: 'GD-2026-0042', dueAt: matterDueAt, reportDueAt },
    });
    const started = await run.state();
    expect(started.handedDown).toMatchObject({ authority: 'RX12345', referenceNumber: 'GD-2026-0042', dueAt: matterDueAt, reportDueAt });
    expect(started.deadlines!.map((d) => [d.kind, d.dueAt])).toEqual(expect.arrayContaining([['handedDown', matterDueAt], ['authorityReport', reportDueAt]]));

    const accepted = await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    expect(accepted.expectedReplyBy).toBe(matterDueAt);
    const assigned = await run.handle.executeUpdate(assignUpdate, { args: [{ actor: intake, leadDepartment: 'YWC', cooperatingDepartments: [] }] });
    const handling = assigned.deadlines!.find((d) => d.kind === 'handling')!;
    // 60 days by the policy; 10 days by the authority: the earlier one.
    expect(handling.dueAt).toBe(matterDueAt);
    expect(handling.deadline.rule).toContain('上级交办期限（交办文号GD-2026-0042');

    // The report's reminders to the 信访办: 3 days and 1 day before its due instant.
    await env.sleep(Date.parse(reportDueAt) - (await env.currentTimeMs()) - DAY_MS + 60_000);
    const reminders = run.notices('authority-report-reminder');
    expect(reminders.map((n) => [n.stepLabel, n.referenceNumber, n.dueAt, n.audience])).toEqual([
      ['距办结报告期限还有3日', 'GD-2026-0042', reportDueAt, 'office'],
      ['距办结报告期限还有1日', 'GD-2026-0042', reportDueAt, 'office'],
    ]);
    expect(reminders.map((n) => toMinute(n.at - Date.parse(reportDueAt)))).toEqual([-3 * DAY_MS, -DAY_MS]);
    // The authority's date for the matter passed two days ago: overdue for the office, the department's limit too.
    const late = await run.state();
    expect(late.deadlines!.find((d) => d.kind === 'handedDown')!.status).toBe('overdue');
    expect(late.deadlines!.find((d) => d.kind === 'handling')!.status).toBe('overdue');
    expect(late.deadlines!.find((d) => d.kind === 'authorityReport')!.status).toBe('open');

    await env.sleep(2 * DAY_MS);
    expect((await run.state()).deadlines!.find((d) => d.kind === 'authorityReport')!.status).toBe('overdue');
    expect(run.notices('authority-report')).toEqual([]);

    await run.handle.executeUpdate(replyUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', documentId: 'reply-1' }] });
    await run.handle.executeUpdate(approveReplyUpdate, { args: [{ actor: intake, documentId: 'letter-1' }] });
    const fedBack = await run.handle.executeUpdate(feedbackUpdate, { args: [{ actor: intake, satisfaction: 'satisfied', deliveryMethod: 'phone', deliveredOn: shanghaiDate(await env.currentTimeMs()) }] });
    expect(fedBack.handedDown!.reportedAt).toBeDefined();
    expect(fedBack.deadlines!.filter((d) => d.kind === 'handedDown' || d.kind === 'authorityReport').map((d) => [d.kind, d.status])).toEqual([['handedDown', 'met'], ['authorityReport', 'met']]);
    await env.sleep(60_000);
    expect(run.notices('authority-report').map((n) => [n.authority, n.referenceNumber, n.dueAt, n.audience])).toEqual([['RX12345', 'GD-2026-0042', reportDueAt, 'higherAuthority']]);
    expect(run.events()).toEqual(expect.arrayContaining(['fed_back', 'authority_reported']));
    // No more reminders after the report.
    expect(run.notices('authority-report-reminder')).toHaveLength(2);
    await run.handle.terminate('test done');
  });

  test('a handed-down matter declined: the authority gets its 办结报告 too, and nothing is reminded after it', async () => {
    const { env, harness } = suite;
    const now = await env.currentTimeMs();
    const reportDueAt = new Date(now + 5 * DAY_MS).toISOString();
    const run = await harness.startPetition({
      channel: 'higher_authority',
      handedDown: { authority: 'SWJW', referenceNumber: '示卫信转〔2026〕9号', dueAt: reportDueAt, reportDueAt },
    });
    const declined = await run.handle.executeUpdate(declineUpdate, { args: [{ actor: intake, documentId: 'decline-1' }] });
    expect(declined.deadlines!.filter((d) => d.kind === 'handedDown' || d.kind === 'authorityReport').map((d) => d.status)).toEqual(['met', 'met']);
    await env.sleep(6 * DAY_MS);
    expect(run.notices('authority-report').map((n) => [n.authority, n.dueAt])).toEqual([['SWJW', reportDueAt]]);
    expect(run.notices('decline')).toHaveLength(1);
    expect(run.notices('authority-report-reminder')).toEqual([]);
    const events = run.events();
    expect(events.indexOf('authority_reported')).toBeGreaterThan(events.indexOf('declined'));
    await run.handle.terminate('test done');
  });

  test('an authority date later than the policy\'s leaves the policy\'s limit in charge', async () => {
    const { env, harness } = suite;
    const now = await env.currentTimeMs();
    const run = await harness.startPetition({
      channel: 'higher_authority',
      handedDown: { authority: 'SWJW', referenceNumber: '示卫信转〔2026〕7号', dueAt: new Date(now + 200 * DAY_MS).toISOString() },
    });
    await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    const assigned = await run.handle.executeUpdate(assignUpdate, { args: [{ actor: intake, leadDepartment: 'YWC', cooperatingDepartments: [] }] });
    const handling = assigned.deadlines!.find((d) => d.kind === 'handling')!;
    expect(Date.parse(handling.dueAt)).toBeLessThan(now + 200 * DAY_MS);
    expect(handling.deadline.rule).not.toContain('上级交办');
    expect(assigned.deadlines!.some((d) => d.kind === 'authorityReport')).toBe(false);
    await run.handle.terminate('test done');
  });
});
