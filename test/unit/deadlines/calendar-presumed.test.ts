/**
 * A year without a State Council schedule (2027 for chinese-days 1.5.7) is counted with the holidays the
 * 全国年节及纪念日放假办法 fixes by date and by the lunar calendar, not with weekends alone, and every deadline that
 * reaches it says so. Checked against the years that are official: the presumed days are all official holidays.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { presumedStatutoryHolidays } from '../../../services/calendar-presumed';
import { loadScheduleSupplements, missingScheduleReminder } from '../../../services/calendar-supplements';
import { renderDailyReport } from '../../../activities/daily-report-mail';
import { calendarNotices } from '../../../services/console/staff-words';
import { calendarPinner } from '../../../services/petitions/calendar-pin';
import { calendarFromSnapshot, computeDeadline, parseIsoDate, takeCalendarSnapshot } from '../../../workflows/deadlines';
import officialSchedule from 'chinese-days/dist/chinese-days.json';
import { shanghai } from './shanghai';

const official: Record<string, string> = officialSchedule.holidays;
const years = [2026, 2027, 2028];

describe('statutory holidays presumed for a year without an official schedule', () => {
  test.each([2025, 2026])('%i: the 13 presumed days are all official holidays of that year', (year) => {
    const presumed = Object.keys(presumedStatutoryHolidays(year));
    expect(presumed).toHaveLength(13);
    expect(presumed.filter((date) => official[date] === undefined)).toEqual([]);
  });

  test('2027: 元旦, 除夕 to 初三, 清明 (solar term), 劳动节, 端午, 中秋, 国庆', () => {
    expect(Object.keys(presumedStatutoryHolidays(2027))).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
  });

  test('a snapshot presumes them only for years without a schedule, and names them in its version', () => {
    const snapshot = takeCalendarSnapshot({ years, presumeHolidays: presumedStatutoryHolidays });
    expect(snapshot.presumedYears).toEqual([2027, 2028]);
    expect(snapshot.version).toContain('+presumed:2027,2028');
    const calendar = calendarFromSnapshot(snapshot);
    expect(calendar.classifyDay(parseIsoDate('2027-02-08'))).toMatchObject({ kind: 'holiday', working: false, holidayName: '春节', official: false, presumed: true });
    expect(calendar.classifyDay(parseIsoDate('2026-10-01'))).toMatchObject({ kind: 'holiday', official: true });
    expect(calendar.classifyDay(parseIsoDate('2027-02-09'))).toMatchObject({ kind: 'workday', official: false });
  });

  test('a snapshot taken without presumption (every petition registered before) still counts weekends only', () => {
    const snapshot = takeCalendarSnapshot({ years });
    expect(snapshot.presumedYears).toBeUndefined();
    expect(snapshot.presumedHolidays).toBeUndefined();
    const deadline = computeDeadline({ start: shanghai('2027-02-05 10:00'), amount: 5, unit: 'workingDays', calendar: calendarFromSnapshot(snapshot) });
    expect(deadline.dueDate).toBe('2027-02-12');
  });

  test('five working days from 除夕 2027 skip the Spring Festival, and the deadline says how it was counted', () => {
    const calendar = calendarFromSnapshot(takeCalendarSnapshot({ years, presumeHolidays: presumedStatutoryHolidays }));
    const deadline = computeDeadline({ start: shanghai('2027-02-05 10:00'), amount: 5, unit: 'workingDays', calendar });
    // 02-06…02-08 春节 (02-06/07 also a weekend); counted 02-09, 02-10, 02-11, 02-12, 02-15.
    expect(deadline.dueDate).toBe('2027-02-15');
    expect(deadline.skippedHolidays).toEqual(['2027-02-06', '2027-02-07', '2027-02-08']);
    expect(deadline.fallbackYears).toEqual([2027]);
    expect(deadline.warnings).toHaveLength(1);
    expect(deadline.warnings[0]).toContain('全国年节及纪念日放假办法');
    expect(deadline.warnings[0]).toContain('请更新日历数据并复核期限');
    // A 30-day window ending on 国庆 2027 rolls over past the 3 presumed days.
    const window = computeDeadline({ start: shanghai('2027-09-01 10:00'), amount: 30, unit: 'calendarDays', calendar });
    expect(window.rolledOverFrom).toBe('2027-10-01');
    expect(window.dueDate).toBe('2027-10-04');
  });

  test('the console names the presumption in staff words, once', () => {
    const calendar = calendarFromSnapshot(takeCalendarSnapshot({ years, presumeHolidays: presumedStatutoryHolidays }));
    const a = computeDeadline({ start: shanghai('2027-02-05 10:00'), amount: 5, unit: 'workingDays', calendar });
    const b = computeDeadline({ start: shanghai('2027-03-01 10:00'), amount: 5, unit: 'workingDays', calendar });
    const notices = calendarNotices([...a.warnings, ...b.warnings]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^2027年的国务院节假日安排尚未公布/);
    expect(notices[0]).not.toMatch(/chinese-days|config\//);
  });
});

describe('calendar supplements are checked when the process starts', () => {
  test('the files shipped in config/calendar are valid', () => {
    expect(() => loadScheduleSupplements(path.join(__dirname, '../../../config/calendar'))).not.toThrow();
  });

  test('a malformed supplement stops the registration context from being built, naming the file', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'calendar-bad-'));
    try {
      writeFileSync(path.join(directory, '2027.json'), JSON.stringify({ year: 2027, source: '', holidays: { '2027-1-1': '元旦' }, workdays: {} }));
      expect(() => calendarPinner([], directory)).toThrow(/2027\.json/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('the reminder that a year\'s schedule is missing', () => {
  const shipped = [2024, 2025, 2026];
  test('the current year whenever it is missing, the next one from 1 November (Shanghai)', () => {
    expect(missingScheduleReminder(new Date('2026-10-31T15:59:59Z'), shipped)).toBeUndefined();
    const november = missingScheduleReminder(new Date('2026-10-31T16:00:00Z'), shipped);
    expect(november).toMatch(/^2027年的国务院节假日安排尚未录入本系统/);
    expect(november).toContain('全国年节及纪念日放假办法');
    expect(missingScheduleReminder(new Date('2026-12-02T02:00:00Z'), [...shipped, 2027])).toBeUndefined();
    expect(missingScheduleReminder(new Date('2027-03-01T02:00:00Z'), shipped)).toMatch(/^2027年/);
    expect(missingScheduleReminder(new Date('2027-11-02T02:00:00Z'), shipped)).toMatch(/^2027、2028年/);
  });

  test('the daily report carries it in its own paragraph', () => {
    const base = {
      day: '2026-12-02',
      windowStart: new Date('2026-12-01T07:00:00Z'),
      windowEnd: new Date('2026-12-02T07:00:00Z'),
      hospitalName: '测试医院',
      consoleUrl: 'http://localhost/console',
      sections: { newPetitions: [], closed: [], overdue: [], alerted: [] },
    };
    const line = missingScheduleReminder(base.windowEnd, shipped)!;
    const mail = renderDailyReport({ ...base, calendar: line });
    expect(mail.text).toContain(`【日历提醒】${line}`);
    expect(mail.html).toContain('<p id="calendar-reminder">');
    expect(renderDailyReport(base).text).not.toContain('日历提醒');
  });
});
