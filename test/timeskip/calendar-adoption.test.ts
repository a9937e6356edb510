/**
 * Calendar adoption on the time-skipping server (issue 16, "Done when"): a petition assigned today with the 60-day
 * limit counts its 2027 end without an official schedule; when a 2027 supplement is adopted (here made up for the
 * test: it makes the deadline's own last day a holiday), the deadline moves, the explanation says so ("2027年日历
 * 公布后重新计算：原期限…，现期限…"), and its timer fires at the new instant, not the old one.
 */
import { takeCalendarSnapshot } from '../../workflows/deadlines';
import { adoptCalendarUpdate } from '../../workflows/petition/calendar-adoption';
import { acknowledgeUpdate } from '../../workflows/petition/messages';
import { sleepUntil } from './support/petition-harness';
import { useTimeSkippingPetitions } from './support/time-skipping-petitions';

jest.setTimeout(180_000);

describe('adopting a year\'s official schedule (time skipping)', () => {
  const suite = useTimeSkippingPetitions();

  test('the 60-day deadline is counted again on the adopted 2027 schedule and its timer fires at the new instant', async () => {
    const { env, harness } = suite;
    const run = await harness.startAssigned('YWC');
    await run.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC' }] });
    const before = run.assigned.deadlines!.find((d) => d.kind === 'handling')!;
    const lastDay = before.deadline.dueDate;
    const year = Number(lastDay.slice(0, 4));
    expect(before.deadline.fallbackYears).toContain(year);

    const supplement = { year, source: `测试用${year}年节假日安排`, holidays: { [lastDay]: 'Test Holiday,测试假日,1' }, workdays: {} };
    const calendar = takeCalendarSnapshot({ supplements: [supplement], years: [year - 1, year, year + 1] });
    const adopted = await run.handle.executeUpdate(adoptCalendarUpdate, { args: [{ actor: 'staff:admin01', year, source: supplement.source, calendar }] });
    const after = adopted.deadlines!.find((d) => d.id === before.id)!;
    const oldDue = Date.parse(before.dueAt);
    const newDue = Date.parse(after.dueAt);
    // The last day is a holiday now: the period ends at 24:00 of the next working day.
    expect(newDue).toBeGreaterThan(oldDue);
    expect(after.deadline.fallbackYears).not.toContain(year);
    expect(after.deadline.explanation).toContain(`${year}年日历公布后重新计算：原期限`);
    expect(after.deadline.explanation).toContain('现期限');
    expect(after.deadline.adjustments.at(-1)).toMatchObject({ kind: 'recalculation', year, reason: supplement.source });
    expect(adopted.dueAt).toBe(after.dueAt);

    // The old instant passes unmarked; the new one marks the deadline overdue.
    await sleepUntil(env, oldDue + 60_000);
    expect((await run.state()).deadlines!.find((d) => d.id === before.id)!.status).toBe('open');
    await sleepUntil(env, newDue + 60_000);
    const passed = (await run.state()).deadlines!.find((d) => d.id === before.id)!;
    expect(passed.status).toBe('overdue');
    expect(Date.parse(passed.overdueAt!)).toBeGreaterThanOrEqual(newDue);
    expect(Date.parse(passed.overdueAt!)).toBeLessThan(newDue + 60_000);
    await run.handle.terminate('test done');
  });
});
