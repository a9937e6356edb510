/**
 * Counts a period of days on a work calendar following PRC practice: the start day is not counted; N working days
 * end with the Nth working day; N calendar days end with the Nth day, rolled over to the first working day after it
 * when that day is a rest day, public holiday or hospital closure.
 */
import type { WorkCalendar } from './calendar';
import type { DayNumber } from './shanghai-days';
import type { DayUnit } from './vocabulary';

const MAX_AMOUNT = 3650;
const MAX_SCAN_DAYS = 4000;

export interface PeriodCount {
  /** The Nth counted day (before any rollover). */
  lastCountedDay: DayNumber;
  /** The day at whose 24:00 the period ends. */
  dueDay: DayNumber;
  rolledOverFrom?: DayNumber;
  skippedHolidays: DayNumber[];
  skippedWeekends: DayNumber[];
  closures: DayNumber[];
  makeUpWorkdays: DayNumber[];
  /** Years counted without an official schedule. */
  fallbackYears: number[];
  /** Those of them whose statutory holidays were presumed (the rest count weekends only). */
  presumedYears: number[];
}

export function assertValidAmount(amount: number): void {
  if (!Number.isInteger(amount) || amount < 0 || amount > MAX_AMOUNT) {
    throw new Error(`期限天数应为0到${MAX_AMOUNT}之间的整数：${amount}`);
  }
}

export function countPeriod(startDay: DayNumber, amount: number, unit: DayUnit, calendar: WorkCalendar): PeriodCount {
  assertValidAmount(amount);
  const result: PeriodCount = {
    lastCountedDay: startDay,
    dueDay: startDay,
    skippedHolidays: [],
    skippedWeekends: [],
    closures: [],
    makeUpWorkdays: [],
    fallbackYears: [],
    presumedYears: [],
  };
  const fallbackYears = new Set<number>();

  /** Looks a day up and records why it was or was not counted. */
  const inspect = (day: DayNumber): boolean => {
    const dayClass = calendar.classifyDay(day);
    if (!dayClass.official) fallbackYears.add(Number(dayClass.date.slice(0, 4)));
    if (dayClass.kind === 'holiday') result.skippedHolidays.push(day);
    else if (dayClass.kind === 'weekend') result.skippedWeekends.push(day);
    else if (dayClass.kind === 'closure') result.closures.push(day);
    else if (dayClass.kind === 'makeUpWorkday') result.makeUpWorkdays.push(day);
    return dayClass.working;
  };
  const guard = (day: DayNumber): void => {
    if (day - startDay > MAX_SCAN_DAYS) throw new Error(`在${MAX_SCAN_DAYS}日内找不到工作日，请检查闭院日期配置`);
  };

  let day = startDay;
  if (unit === 'workingDays') {
    let counted = 0;
    while (counted < amount) {
      day++;
      guard(day);
      if (inspect(day)) counted++;
    }
  } else {
    day = startDay + amount;
  }
  result.lastCountedDay = day;

  // A 0-day working period, or a calendar period, ends on a working day: roll over past rest days.
  const needsWorkingEnd = unit === 'calendarDays' || amount === 0;
  if (needsWorkingEnd) {
    while (!inspect(day)) {
      day++;
      guard(day);
    }
    if (day !== result.lastCountedDay) result.rolledOverFrom = result.lastCountedDay;
  }
  result.dueDay = day;
  result.fallbackYears = [...fallbackYears].sort((a, b) => a - b);
  result.presumedYears = result.fallbackYears.filter((year) => calendar.presumedYears.includes(year));
  return result;
}
