import { calendarVersionFor, createWorkCalendar, officialScheduleYears, parseIsoDate } from '../../../workflows/deadlines';
import chineseDaysPackage from 'chinese-days/package.json';

const official = createWorkCalendar();
const classify = (date: string) => official.classifyDay(parseIsoDate(date));

describe('work calendar (chinese-days data, Shanghai dates)', () => {
  it('covers the official schedules 2004–2026 in chinese-days 1.5.7; 2027 is not published in it yet', () => {
    expect(chineseDaysPackage.version).toBe('1.5.7');
    const years = officialScheduleYears();
    expect(years[0]).toBe(2004);
    expect(years[years.length - 1]).toBe(2026);
    expect(years).not.toContain(2027);
  });

  it('knows the 2026 Spring Festival holidays and both 调休 Saturdays', () => {
    expect(classify('2026-02-14')).toMatchObject({ kind: 'makeUpWorkday', working: true, holidayName: '春节' });
    expect(classify('2026-02-15')).toMatchObject({ kind: 'holiday', working: false, holidayName: '春节' });
    expect(classify('2026-02-23')).toMatchObject({ kind: 'holiday', working: false }); // a Monday
    expect(classify('2026-02-24')).toMatchObject({ kind: 'workday', working: true });
    expect(classify('2026-02-28')).toMatchObject({ kind: 'makeUpWorkday', working: true });
  });

  it('knows National Day 2026 and its 调休 Sunday 09-20 and Saturday 10-10', () => {
    expect(classify('2026-09-20')).toMatchObject({ kind: 'makeUpWorkday', working: true, holidayName: '国庆节' });
    for (const date of ['2026-10-01', '2026-10-05', '2026-10-07']) expect(classify(date).kind).toBe('holiday');
    expect(classify('2026-10-08').kind).toBe('workday');
    expect(classify('2026-10-10')).toMatchObject({ kind: 'makeUpWorkday', working: true });
    expect(classify('2026-10-11').kind).toBe('weekend');
  });

  it('falls back to weekends only for years without an official schedule, and says so', () => {
    expect(classify('2027-01-01')).toMatchObject({ kind: 'workday', official: false }); // a Friday; New Year unknown
    expect(classify('2031-01-04')).toMatchObject({ kind: 'weekend', official: false });
  });

  it('treats hospital closures as rest days, even on a 调休 Saturday', () => {
    const calendar = createWorkCalendar({ closures: ['2026-02-28', '2026-03-04'] });
    expect(calendar.classifyDay(parseIsoDate('2026-02-28'))).toMatchObject({ kind: 'closure', working: false });
    expect(calendar.classifyDay(parseIsoDate('2026-03-04'))).toMatchObject({ kind: 'closure', working: false });
  });

  it('identifies its data with a version that changes with the closure list but not its order', () => {
    expect(official.version).toBe('chinese-days@1.5.7+closures:none');
    const a = calendarVersionFor(['2026-03-04', '2026-03-05']);
    expect(a).toMatch(/^chinese-days@1\.5\.7\+closures:[0-9a-f]{8}$/);
    expect(calendarVersionFor(['2026-03-05', '2026-03-04', '2026-03-04'])).toBe(a);
    expect(calendarVersionFor(['2026-03-04'])).not.toBe(a);
  });

  it('rejects malformed closure dates', () => {
    expect(() => createWorkCalendar({ closures: ['2026-02-30'] })).toThrow('2026-02-30');
    expect(() => createWorkCalendar({ closures: ['2026/03/04'] })).toThrow('2026/03/04');
  });
});
