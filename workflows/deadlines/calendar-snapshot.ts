/**
 * Calendar snapshots: the slice of the PRC schedule (plus supplements published after the chinese-days release,
 * plus the hospital's closures) that one petition counts with. The snapshot is taken once, outside the workflow,
 * and travels in its history, so upgrading chinese-days or adding a year's schedule never moves a running deadline
 * nor breaks a replay.
 */
import { calendarFromData, shortHash, type CalendarData, type WorkCalendar } from './calendar';
import { CHINESE_DAYS_VERSION } from './schedule-release';
import { shippedSchedule } from './shipped-schedule';
import { parseIsoDate } from './shanghai-days';

/** A year's official schedule added by the hospital (e.g. the State Council notice for 2027) before a package release. */
export interface ScheduleSupplement {
  year: number;
  /** Where the data comes from, e.g. "国办发明电〔2026〕X号". */
  source: string;
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export interface SnapshotOptions {
  closures?: readonly string[];
  supplements?: readonly ScheduleSupplement[];
  /** Only these years are copied (the petition's year and the next ones); all shipped years when omitted. */
  years?: readonly number[];
  /**
   * The statutory holidays of a year without an official schedule (services/calendar-presumed.ts), asked for each
   * wanted year after the shipped schedule that has none; without it, and before the schedule, such years count
   * weekends only.
   */
  presumeHolidays?: (year: number) => Record<string, string>;
}

function checkSupplement(supplement: ScheduleSupplement): void {
  for (const date of [...Object.keys(supplement.holidays), ...Object.keys(supplement.workdays)]) {
    parseIsoDate(date);
    if (Number(date.slice(0, 4)) !== supplement.year) {
      throw new Error(`日历补充数据 ${supplement.year}: ${date} 不属于该年 (date outside the supplement's year)`);
    }
  }
}

export function takeCalendarSnapshot(options: SnapshotOptions = {}): CalendarData {
  const shipped = shippedSchedule();
  const supplements = [...(options.supplements ?? [])].filter((s) => !shipped.years.includes(s.year));
  supplements.forEach(checkSupplement);
  const wanted = options.years ? new Set(options.years) : undefined;
  const keep = (date: string) => !wanted || wanted.has(Number(date.slice(0, 4)));
  const pick = (source: Record<string, string>) =>
    Object.fromEntries(Object.entries(source).filter(([date]) => keep(date)));
  const holidays = pick(Object.assign({}, shipped.holidays, ...supplements.map((s) => s.holidays)));
  const workdays = pick(Object.assign({}, shipped.workdays, ...supplements.map((s) => s.workdays)));
  const officialYears = [...shipped.years, ...supplements.map((s) => s.year)].filter((year) => !wanted || wanted.has(year));
  const closures = [...new Set(options.closures ?? [])].sort();
  // Only years after the shipped schedule are presumed: the 放假办法 revision they follow applies from 2025, and a
  // year before the schedule (an old ledger row) counts weekends only, with the fallback warning.
  const lastShipped = Math.max(...shipped.years);
  const presumedYears =
    options.presumeHolidays && options.years ? options.years.filter((year) => year > lastShipped && !officialYears.includes(year)) : [];
  const presumedHolidays: Record<string, string> = Object.assign({}, ...presumedYears.map((year) => options.presumeHolidays!(year)));
  const supplementPart = supplements.length === 0 ? '' : `+supplements:${supplements.map((s) => s.year).sort().join(',')}@${shortHash(JSON.stringify(supplements))}`;
  const closurePart = closures.length === 0 ? 'none' : shortHash(closures.join(','));
  return {
    version: `chinese-days@${CHINESE_DAYS_VERSION}${supplementPart}${presumedYears.length ? `+presumed:${presumedYears.join(',')}` : ''}+closures:${closurePart}`,
    officialYears,
    holidays,
    workdays,
    closures,
    ...(presumedYears.length ? { presumedYears, presumedHolidays } : {}),
  };
}

export function calendarFromSnapshot(snapshot: CalendarData): WorkCalendar {
  return calendarFromData(snapshot);
}
