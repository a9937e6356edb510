import {
  calendarFromSnapshot,
  computeDeadline,
  createWorkCalendar,
  parseIsoDate,
  takeCalendarSnapshot,
  type ScheduleSupplement,
} from '../../../workflows/deadlines';

// Test data only: a made-up schedule for 2031, a year no package covers, to prove supplements are honoured.
const made_up_2031: ScheduleSupplement = {
  year: 2031,
  source: 'test fixture',
  holidays: { '2031-03-03': 'Test Day,测试假日,1' },
  workdays: { '2031-03-08': 'Test Day,测试假日,1' },
};

describe('calendar snapshots', () => {
  test('a snapshot of the shipped data classifies days exactly like the shipped calendar', () => {
    const shipped = createWorkCalendar({ closures: ['2026-03-04'] });
    const snapshot = calendarFromSnapshot(JSON.parse(JSON.stringify(takeCalendarSnapshot({ closures: ['2026-03-04'] }))));
    for (let day = parseIsoDate('2026-01-01'); day <= parseIsoDate('2026-12-31'); day++) {
      expect(snapshot.classifyDay(day)).toEqual(shipped.classifyDay(day));
    }
    expect(snapshot.version).toBe(shipped.version);
  });

  test('a year-limited snapshot keeps only those years and stays small', () => {
    const snapshot = takeCalendarSnapshot({ years: [2026, 2027] });
    expect(Object.keys(snapshot.holidays).every((d) => d.startsWith('2026') || d.startsWith('2027'))).toBe(true);
    expect(JSON.stringify(snapshot).length).toBeLessThan(8_000);
  });

  test('a supplement makes its year official and changes the version', () => {
    const without = takeCalendarSnapshot({ years: [2031] });
    const withSupplement = takeCalendarSnapshot({ years: [2031], supplements: [made_up_2031] });
    expect(withSupplement.version).not.toBe(without.version);
    expect(withSupplement.version).toContain('supplements:2031');
    const calendar = calendarFromSnapshot(withSupplement);
    expect(calendar.classifyDay(parseIsoDate('2031-03-03'))).toMatchObject({ kind: 'holiday', official: true });
    expect(calendar.classifyDay(parseIsoDate('2031-03-08'))).toMatchObject({ kind: 'makeUpWorkday', working: true });
    const start = new Date('2031-02-28T02:00:00Z');
    const fallback = computeDeadline({ start, amount: 3, unit: 'workingDays', calendar: calendarFromSnapshot(without) });
    const official = computeDeadline({ start, amount: 3, unit: 'workingDays', calendar });
    expect(fallback.fallbackYears).toEqual([2031]);
    expect(official.fallbackYears).toEqual([]);
    expect(official.skippedHolidays).toContain('2031-03-03');
  });

  test('a supplement with a date outside its year is refused', () => {
    expect(() => takeCalendarSnapshot({ supplements: [{ ...made_up_2031, workdays: { '2030-12-31': 'x,y,1' } }] })).toThrow('2030-12-31');
  });
});
