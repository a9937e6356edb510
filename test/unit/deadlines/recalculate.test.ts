/**
 * Counting a running deadline again when a year's official schedule arrives: the first period and every pause and
 * extension on the new calendar, the old date kept in an adjustment, and a petitioner's window never shortened.
 */
import { calendarFromSnapshot, computeDeadline, extendDeadline, recalculateDeadline, takeCalendarSnapshot, type ScheduleSupplement } from '../../../workflows/deadlines';
import { shanghai } from './shanghai';

const years = [2026, 2027];
const before = calendarFromSnapshot(takeCalendarSnapshot({ years }));
/** A made-up 2027 schedule for the test (not the State Council's): 春节 02-05…02-11, make-up Saturday 02-20. */
const supplement: ScheduleSupplement = {
  year: 2027,
  source: '测试用通知',
  holidays: Object.fromEntries(['02-05', '02-06', '02-07', '02-08', '02-09', '02-10', '02-11'].map((d) => [`2027-${d}`, 'Spring Festival,春节,7'])),
  workdays: { '2027-02-20': 'Spring Festival,春节,7' },
};
const after = calendarFromSnapshot(takeCalendarSnapshot({ years, supplements: [supplement] }));
const reason = '测试用通知';

test('a working-day period across the new holidays ends later, with the old date kept', () => {
  const deadline = computeDeadline({ start: shanghai('2027-02-03 10:00'), amount: 5, unit: 'workingDays', calendar: before, rule: '测试规则' });
  expect(deadline.dueDate).toBe('2027-02-10');
  const recounted = recalculateDeadline(deadline, after, { year: 2027, reason })!;
  // 02-04 counts, 02-05…02-11 holidays, then 02-12, 02-15, 02-16, 02-17.
  expect(recounted.dueDate).toBe('2027-02-17');
  expect(recounted.fallbackYears).toEqual([]);
  expect(recounted.rule).toBe('测试规则');
  expect(recounted.adjustments).toEqual([
    { kind: 'recalculation', year: 2027, reason, calendarVersion: after.version, previousDueAt: deadline.dueAt, dueAt: recounted.dueAt },
  ]);
  expect(recounted.explanation).toContain('2027年日历公布后重新计算：原期限');
});

test('an extension is applied again on the new calendar, its rule unchanged', () => {
  const first = computeDeadline({ start: shanghai('2027-01-04 10:00'), amount: 30, unit: 'calendarDays', calendar: before, rule: '受理后30日内' });
  const extended = extendDeadline(first, { amount: 5, unit: 'workingDays', reason: '需会诊' }, before);
  const recounted = recalculateDeadline(extended, after, { year: 2027, reason })!;
  expect(recounted.rule).toBe(extended.rule);
  expect(recounted.adjustments.map((a) => a.kind)).toEqual(['extension', 'recalculation']);
  // 30 days end 02-03; five working days after: 02-04, then 02-12, 02-15, 02-16, 02-17.
  expect(recounted.dueDate).toBe('2027-02-17');
});

test('a petitioner\'s window that the new calendar would shorten keeps the later date', () => {
  // 30 calendar days from 01-21 end on Saturday 02-20, rolled over to Monday 02-22 on weekends alone; the new
  // schedule makes 02-20 a make-up working day, so counted again the window would close two days earlier.
  const window = computeDeadline({ start: shanghai('2027-01-21 10:00'), amount: 30, unit: 'calendarDays', calendar: before, rule: '复查申请期限' });
  expect(window.dueDate).toBe('2027-02-22');
  const shortened = recalculateDeadline(window, after, { year: 2027, reason })!;
  expect(shortened.dueDate).toBe('2027-02-20');
  const kept = recalculateDeadline(window, after, { year: 2027, reason, keepLater: true })!;
  expect(kept.dueDate).toBe('2027-02-22');
  expect(kept.dueAt).toEqual(window.dueAt);
  expect(kept.explanation).toContain('从长保留原日期');
});

test('a deadline that did not reach the adopted year is left alone', () => {
  const deadline = computeDeadline({ start: shanghai('2026-11-02 10:00'), amount: 10, unit: 'workingDays', calendar: before });
  expect(recalculateDeadline(deadline, after, { year: 2027, reason })).toBeUndefined();
});
