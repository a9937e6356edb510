/**
 * The official PRC schedule as shipped in chinese-days (its static JSON only: the package's date functions read the
 * host time zone), and the calendars built from it. Services take each petition's calendar snapshot from it
 * (calendar-snapshot.ts) and outside code counts with it; inside the workflow sandbox only a run started without a
 * snapshot in its input (time-skipping tests, starts without a snapshot pinner) counts with it, as such runs always
 * did, and must on every replay. So the data is required on first use, not imported: a workflow that has its
 * snapshot (every petition services start) never evaluates it, and it is frozen once read.
 */
import { calendarFromData, normaliseClosures, shortHash, type WorkCalendar } from './calendar';
import { CHINESE_DAYS_VERSION } from './schedule-release';

export interface WorkCalendarOptions {
  /** The hospital's own closure dates (YYYY-MM-DD, Shanghai), from configuration. */
  closures?: readonly string[];
}

interface ShippedSchedule {
  /** date → "English,中文,days" as in chinese-days */
  holidays: Readonly<Record<string, string>>;
  workdays: Readonly<Record<string, string>>;
  years: readonly number[];
}

let shipped: ShippedSchedule | undefined;

/** The official data as shipped, read and frozen on the first call. */
export function shippedSchedule(): ShippedSchedule {
  if (shipped) return shipped;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see the header
  const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
  const holidays = Object.freeze({ ...data.holidays });
  const workdays = Object.freeze({ ...data.workdays });
  const years = Object.freeze(
    [...new Set([...Object.keys(holidays), ...Object.keys(workdays)].map((date) => Number(date.slice(0, 4))))].sort((a, b) => a - b),
  );
  shipped = Object.freeze({ holidays, workdays, years });
  return shipped;
}

/** Years for which the shipped official schedule is loaded. */
export function officialScheduleYears(): readonly number[] {
  return shippedSchedule().years;
}

export function calendarVersionFor(closures: readonly string[]): string {
  const sorted = normaliseClosures(closures);
  const closurePart = sorted.length === 0 ? 'none' : shortHash(sorted.join(','));
  return `chinese-days@${CHINESE_DAYS_VERSION}+closures:${closurePart}`;
}

/** A calendar on the shipped schedule and the given closures (no supplements, no presumed years). */
export function createWorkCalendar(options: WorkCalendarOptions = {}): WorkCalendar {
  const closures = normaliseClosures(options.closures ?? []);
  const { holidays, workdays, years } = shippedSchedule();
  return calendarFromData({ version: calendarVersionFor(closures), officialYears: years, holidays, workdays, closures });
}
