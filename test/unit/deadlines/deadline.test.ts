import { computeDeadline, createWorkCalendar } from '../../../workflows/deadlines';
import { endOfShanghaiDay, shanghai } from './shanghai';

const calendar = createWorkCalendar();

describe('computeDeadline — working days', () => {
  it('Spring Festival 2026: counts the 调休 Saturday 02-14 and skips 02-15…02-23', () => {
    const deadline = computeDeadline({ start: shanghai('2026-02-13 10:00'), amount: 5, unit: 'workingDays', calendar, from: 'receipt' });
    // 02-14 (调休) 1, 02-24 2, 02-25 3, 02-26 4, 02-27 5
    expect(deadline.dueDate).toBe('2026-02-27');
    expect(deadline.dueAt).toEqual(endOfShanghaiDay('2026-02-27'));
    expect(deadline.dueAt.toISOString()).toBe('2026-02-27T16:00:00.000Z');
    expect(deadline.countedFrom).toBe('2026-02-14');
    expect(deadline.makeUpWorkdays).toEqual(['2026-02-14']);
    expect(deadline.skippedHolidays).toEqual([
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
    ]);
    expect(deadline.fallbackYears).toEqual([]);
    expect(deadline.warnings).toEqual([]);
    expect(deadline.explanation).toContain('调休上班日2026-02-14计为工作日');
  });

  it('Spring Festival 2026, 10 working days: the second 调休 Saturday 02-28 counts too', () => {
    const deadline = computeDeadline({ start: shanghai('2026-02-13 10:00'), amount: 10, unit: 'workingDays', calendar });
    // …02-27 5, 02-28 (调休) 6, 03-02 7, 03-03 8, 03-04 9, 03-05 10
    expect(deadline.dueDate).toBe('2026-03-05');
    expect(deadline.makeUpWorkdays).toEqual(['2026-02-14', '2026-02-28']);
    expect(deadline.skippedWeekends).toEqual(['2026-03-01']);
  });

  it('National Day 2026: the 调休 Saturday 10-10 is a working day', () => {
    const start = shanghai('2026-09-30 09:00');
    expect(computeDeadline({ start, amount: 2, unit: 'workingDays', calendar }).dueDate).toBe('2026-10-09');
    const three = computeDeadline({ start, amount: 3, unit: 'workingDays', calendar });
    expect(three.dueDate).toBe('2026-10-10');
    expect(three.makeUpWorkdays).toEqual(['2026-10-10']);
    expect(three.skippedHolidays).toHaveLength(7);
  });

  it('skips the hospital’s own closure dates and names them', () => {
    const withClosures = createWorkCalendar({ closures: ['2026-03-04', '2026-03-05'] });
    const deadline = computeDeadline({ start: shanghai('2026-03-02 11:00'), amount: 3, unit: 'workingDays', calendar: withClosures });
    // 03-03 1, 03-04/05 closed, 03-06 2, weekend, 03-09 3
    expect(deadline.dueDate).toBe('2026-03-09');
    expect(deadline.closures).toEqual(['2026-03-04', '2026-03-05']);
    expect(deadline.skippedWeekends).toEqual(['2026-03-07', '2026-03-08']);
    expect(deadline.calendarVersion).toBe(withClosures.version);
    expect(deadline.explanation).toContain('本院闭院日2026-03-04、2026-03-05不计');
  });
});

describe('computeDeadline — calendar days', () => {
  it('National Day 2026: 60 days from acceptance end on 10-02, rolled over to 10-08', () => {
    const deadline = computeDeadline({
      start: shanghai('2026-08-03 10:00'), amount: 60, unit: 'calendarDays', calendar, from: 'acceptance', rule: '信访工作条例：受理后60日内办结',
    });
    expect(deadline.rolledOverFrom).toBe('2026-10-02');
    expect(deadline.dueDate).toBe('2026-10-08');
    expect(deadline.dueAt.toISOString()).toBe('2026-10-08T16:00:00.000Z');
    expect(deadline.skippedHolidays).toEqual(['2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
    expect(deadline.rule).toBe('信访工作条例：受理后60日内办结');
    expect(deadline.explanation).toContain('顺延至其后第一个工作日2026-10-08（星期四）');
  });

  it('Qingming 2026: a period ending on Saturday 04-04 rolls over the holiday to Tuesday 04-07', () => {
    const deadline = computeDeadline({ start: shanghai('2026-03-20 16:00'), amount: 15, unit: 'calendarDays', calendar });
    expect(deadline.rolledOverFrom).toBe('2026-04-04');
    expect(deadline.dueDate).toBe('2026-04-07');
    expect(deadline.skippedHolidays).toEqual(['2026-04-04', '2026-04-05', '2026-04-06']);
  });

  it('does not roll over when the last day is a 调休 Sunday (2026-09-20)', () => {
    const deadline = computeDeadline({ start: shanghai('2026-09-05 10:00'), amount: 15, unit: 'calendarDays', calendar });
    expect(deadline.dueDate).toBe('2026-09-20');
    expect(deadline.rolledOverFrom).toBeUndefined();
    expect(deadline.makeUpWorkdays).toEqual(['2026-09-20']);
    expect(deadline.explanation).toContain('该日为调休上班日，不顺延');
  });

  it('counts holidays inside the period as ordinary days (Spring Festival 2026)', () => {
    const deadline = computeDeadline({ start: shanghai('2026-02-10 09:00'), amount: 15, unit: 'calendarDays', calendar });
    expect(deadline.dueDate).toBe('2026-02-25');
    expect(deadline.skippedHolidays).toEqual([]);
  });

  it('uses the Shanghai date of the start: 23:30 and 00:30 Shanghai are different start days', () => {
    const lateEvening = shanghai('2026-03-02 23:30');
    const justAfterMidnight = shanghai('2026-03-03 00:30');
    expect(lateEvening.toISOString()).toBe('2026-03-02T15:30:00.000Z');
    // still 2026-03-02 in UTC: a UTC-date implementation would treat both alike
    expect(justAfterMidnight.toISOString()).toBe('2026-03-02T16:30:00.000Z');

    const fromEvening = computeDeadline({ start: lateEvening, amount: 15, unit: 'calendarDays', calendar });
    const fromMidnight = computeDeadline({ start: justAfterMidnight, amount: 15, unit: 'calendarDays', calendar });
    expect(fromEvening.countedFrom).toBe('2026-03-03');
    expect(fromEvening.dueAt.toISOString()).toBe('2026-03-17T16:00:00.000Z');
    expect(fromMidnight.countedFrom).toBe('2026-03-04');
    expect(fromMidnight.dueAt.toISOString()).toBe('2026-03-18T16:00:00.000Z');
  });

  it('a 0-day limit (当场处理) ends at 24:00 of the start day', () => {
    const deadline = computeDeadline({ start: shanghai('2026-03-02 09:00'), amount: 0, unit: 'calendarDays', calendar });
    expect(deadline.dueAt).toEqual(endOfShanghaiDay('2026-03-02'));
  });

  it('accepts ISO strings and epoch ms, as found in Temporal payloads', () => {
    const fromDate = computeDeadline({ start: shanghai('2026-03-02 09:00'), amount: 15, unit: 'calendarDays', calendar });
    const fromString = computeDeadline({ start: '2026-03-02T01:00:00.000Z', amount: 15, unit: 'calendarDays', calendar });
    const fromNumber = computeDeadline({ start: Date.parse('2026-03-02T01:00:00.000Z'), amount: 15, unit: 'calendarDays', calendar });
    expect(fromString).toEqual(fromDate);
    expect(fromNumber).toEqual(fromDate);
  });

  it('rejects invalid amounts and instants', () => {
    expect(() => computeDeadline({ start: shanghai('2026-03-02 09:00'), amount: 1.5, unit: 'calendarDays', calendar })).toThrow();
    expect(() => computeDeadline({ start: shanghai('2026-03-02 09:00'), amount: -1, unit: 'workingDays', calendar })).toThrow();
    expect(() => computeDeadline({ start: 'not a date', amount: 1, unit: 'workingDays', calendar })).toThrow('not a date');
  });
});

describe('computeDeadline — years without an official schedule', () => {
  it('Spring Festival 2027 is not in chinese-days 1.5.7: weekends only, flagged with a warning', () => {
    const deadline = computeDeadline({ start: shanghai('2027-02-05 10:00'), amount: 5, unit: 'workingDays', calendar });
    // 02-08…02-12, Mon–Fri: the real 2027 Spring Festival holidays are NOT applied
    expect(deadline.dueDate).toBe('2027-02-12');
    expect(deadline.fallbackYears).toEqual([2027]);
    expect(deadline.warnings).toHaveLength(1);
    expect(deadline.warnings[0]).toContain('2027年的国务院节假日安排尚未载入');
  });

  it('a period crossing from 2026 into 2027 is flagged too', () => {
    const deadline = computeDeadline({ start: shanghai('2026-12-20 10:00'), amount: 15, unit: 'calendarDays', calendar });
    expect(deadline.dueDate).toBe('2027-01-04');
    expect(deadline.fallbackYears).toEqual([2027]);
  });

  it('2031: falls back to weekends and marks fallbackYears [2031]', () => {
    const deadline = computeDeadline({ start: shanghai('2030-12-20 10:00'), amount: 15, unit: 'calendarDays', calendar });
    expect(deadline.rolledOverFrom).toBe('2031-01-04');
    expect(deadline.dueDate).toBe('2031-01-06');
    expect(deadline.skippedWeekends).toEqual(['2031-01-04', '2031-01-05']);
    expect(deadline.fallbackYears).toEqual([2031]);
    expect(deadline.warnings[0]).toMatch(/^2031年/);
  });

  it('a period wholly inside 2026 carries no warning', () => {
    const deadline = computeDeadline({ start: shanghai('2026-11-02 10:00'), amount: 10, unit: 'workingDays', calendar });
    expect(deadline.fallbackYears).toEqual([]);
    expect(deadline.warnings).toEqual([]);
  });
});
