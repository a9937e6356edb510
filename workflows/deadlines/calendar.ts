/**
 * The working calendar: an official PRC schedule (holidays and 调休 make-up working days) plus the hospital's own
 * closure dates, built from plain data. A petition's calendar is the snapshot in its input (calendar-snapshot.ts);
 * the schedule as shipped in chinese-days is read only by shipped-schedule.ts, on first use, so a workflow that has
 * its snapshot never evaluates that data.
 */
import { CHINESE_DAYS_VERSION, SHIPPED_FIRST_YEAR, SHIPPED_LAST_YEAR } from './schedule-release';
import { type DayNumber, isoDate, parseIsoDate, weekdayOf, yearOf } from './shanghai-days';

export type DayKind = 'workday' | 'makeUpWorkday' | 'weekend' | 'holiday' | 'closure';

export interface DayClass {
  date: string;
  kind: DayKind;
  working: boolean;
  /** Chinese name of the holiday or of the holiday a make-up day belongs to, e.g. "春节". */
  holidayName?: string;
  /** false when the year has no official schedule loaded (see `presumed`). */
  official: boolean;
  /** A holiday of a year without an official schedule, presumed from the dates the 放假办法 fixes. */
  presumed?: true;
}

export interface WorkCalendar {
  /** Identifies the data, e.g. "chinese-days@1.5.7+closures:none"; a petition pins it. */
  readonly version: string;
  readonly closures: readonly string[];
  /** Years for which the official schedule is loaded. */
  readonly officialYears: readonly number[];
  /** Years without an official schedule whose statutory holidays were presumed (the 放假办法's fixed dates). */
  readonly presumedYears: readonly number[];
  classifyDay(day: DayNumber): DayClass;
  /**
   * The same calendar without the hospital's closure days (same version: the pinned data), for limits a closure does
   * not extend (a statutory period). Absent on calendars built elsewhere: treat as the calendar itself.
   */
  withoutClosures?(): WorkCalendar;
}

/** The calendar a closure does not extend (see WorkCalendar.withoutClosures). */
export function withoutClosures(calendar: WorkCalendar): WorkCalendar {
  return calendar.closures.length === 0 || !calendar.withoutClosures ? calendar : calendar.withoutClosures();
}

/** Entries look like "Spring Festival,春节,4"; the Chinese name is the second field. */
function chineseHolidayName(entry: string): string {
  return entry.split(',')[1] ?? entry;
}

/** FNV-1a 32-bit: a short, dependency-free fingerprint (no crypto module in the workflow sandbox). */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export function normaliseClosures(closures: readonly string[]): string[] {
  for (const date of closures) parseIsoDate(date);
  return [...new Set(closures)].sort();
}

/** The data a calendar is made of; a workflow receives it once (from an activity) so replays never see new data. */
export interface CalendarData {
  version: string;
  officialYears: readonly number[];
  /** date → "English,中文,days" as in chinese-days */
  holidays: Readonly<Record<string, string>>;
  workdays: Readonly<Record<string, string>>;
  closures: readonly string[];
  /**
   * Years without an official schedule, and the holidays presumed for them (services/calendar-presumed.ts). Absent
   * in snapshots taken before 2026-12: those years count weekends only, as they always did.
   */
  presumedYears?: readonly number[];
  presumedHolidays?: Readonly<Record<string, string>>;
}

export function calendarFromData(data: CalendarData): WorkCalendar {
  const closures = Object.freeze(normaliseClosures(data.closures));
  const closureSet = new Set(closures);
  const officialYearSet = new Set(data.officialYears);
  const dayHolidays = data.holidays;
  const dayWorkdays = data.workdays;
  const presumedYearSet = new Set((data.presumedYears ?? []).filter((year) => !officialYearSet.has(year)));
  const presumedHolidays = data.presumedHolidays ?? {};

  function classifyDay(day: DayNumber): DayClass {
    const date = isoDate(day);
    const official = officialYearSet.has(yearOf(day));
    const weekday = weekdayOf(day);
    const isWeekend = weekday === 0 || weekday === 6;
    if (closureSet.has(date)) return { date, kind: 'closure', working: false, official };
    if (official && dayHolidays[date] !== undefined) {
      return { date, kind: 'holiday', working: false, holidayName: chineseHolidayName(dayHolidays[date]), official };
    }
    if (official && dayWorkdays[date] !== undefined) {
      return { date, kind: 'makeUpWorkday', working: true, holidayName: chineseHolidayName(dayWorkdays[date]), official };
    }
    if (!official && presumedYearSet.has(yearOf(day)) && presumedHolidays[date] !== undefined) {
      return { date, kind: 'holiday', working: false, holidayName: chineseHolidayName(presumedHolidays[date]), official, presumed: true };
    }
    return isWeekend
      ? { date, kind: 'weekend', working: false, official }
      : { date, kind: 'workday', working: true, official };
  }

  let noClosures: WorkCalendar | undefined;
  return Object.freeze({
    version: data.version,
    withoutClosures: () => (noClosures ??= calendarFromData({ ...data, closures: [] })),
    closures,
    officialYears: Object.freeze([...data.officialYears].sort((a, b) => a - b)),
    presumedYears: Object.freeze([...presumedYearSet].sort((a, b) => a - b)),
    classifyDay,
  });
}


/** The 放假办法's fixed holidays, as the presumed-year warning names them. */
export const PRESUMED_HOLIDAYS_TEXT = '元旦1天、春节4天（除夕至初三）、清明1天、劳动节2天、端午1天、中秋1天、国庆3天';

export function fallbackWarning(year: number, presumed = false): string {
  const first = SHIPPED_FIRST_YEAR;
  const last = SHIPPED_LAST_YEAR;
  if (presumed) {
    return (
      `${year}年的国务院节假日安排尚未载入（chinese-days@${CHINESE_DAYS_VERSION} 覆盖${first}–${last}年，另可在 config/calendar 补充），` +
      `该年暂按《全国年节及纪念日放假办法》规定的法定节假日（${PRESUMED_HOLIDAYS_TEXT}）和周六、周日计算，未计入调休；` +
      `官方安排公布后请更新日历数据并复核期限。`
    );
  }
  return (
    `${year}年的国务院节假日安排尚未载入（chinese-days@${CHINESE_DAYS_VERSION} 覆盖${first}–${last}年，另可在 config/calendar 补充），` +
    `该年仅按周六、周日休息计算，未计入法定节假日和调休上班日；官方安排公布后请更新日历数据并复核期限。`
  );
}
