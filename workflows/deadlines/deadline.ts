/**
 * computeDeadline: when a period that starts at an instant (receipt, acceptance, reply…) ends, as an instant, with
 * an explanation a member of staff or a petitioner can check by hand.
 */
import { fallbackWarning, type WorkCalendar } from './calendar';
import { countPeriod, type PeriodCount } from './period-count';
import {
  type DayNumber,
  describeDay,
  type InstantLike,
  isoDate,
  shanghaiDayOf,
  startOfShanghaiDay,
  toEpochMs,
} from './shanghai-days';
import { ANCHOR_DAY_LABELS, type DayUnit, describeAmount, type LimitAnchor } from './vocabulary';

export type DeadlineAdjustment =
  /**
   * A stopped clock: the policy ground (中止计时) and its rule, or `basis` (a 听证 on an authority's review); neither
   * on stops from before grounds (补充材料).
   */
  | { kind: 'pause'; pausedAt: Date; resumedAt: Date; previousDueAt: Date; dueAt: Date; ground?: string; rule?: string; basis?: string }
  | { kind: 'extension'; amount: number; unit: DayUnit; reason?: string; previousDueAt: Date; dueAt: Date }
  /** Counted again when a year's official schedule was adopted (./recalculate.ts). */
  | { kind: 'recalculation'; year: number; reason: string; calendarVersion: string; previousDueAt: Date; dueAt: Date };

export interface Deadline {
  /** 00:00 Shanghai of the day after dueDate, i.e. 24:00 of dueDate. */
  dueAt: Date;
  /** The Shanghai date at whose 24:00 the period ends. */
  dueDate: string;
  /** The rule applied, e.g. "信访工作条例：受理后60日内办结". */
  rule: string;
  /** How the date was reached, in Chinese, step by step. */
  explanation: string;
  startAt: Date;
  from?: LimitAnchor;
  /** First counted date (the day after the start day). */
  countedFrom: string;
  amount: number;
  unit: DayUnit;
  /** Official public holidays passed over (not counted, or rolled over). */
  skippedHolidays: string[];
  /** Ordinary Saturdays/Sundays passed over. */
  skippedWeekends: string[];
  /** 调休 weekend days that counted as working days. */
  makeUpWorkdays: string[];
  /** The Nth day, when it was a rest day and the period rolled over to dueDate. */
  rolledOverFrom?: string;
  /** Hospital closure dates passed over. */
  closures: string[];
  calendarVersion: string;
  /** Years computed without an official schedule (weekends only, or with presumed statutory holidays); see warnings. */
  fallbackYears: number[];
  warnings: string[];
  /** Pauses (补充材料) and approved extensions applied after the first computation. */
  adjustments: DeadlineAdjustment[];
  /** A due instant given, not counted (the 交办单's date, an authority's): a calendar adoption never recounts it. */
  given?: true;
  /** What pausing needs: the unit and last counted day of the segment currently running. */
  runningSegment: { unit: DayUnit; lastCountedDay: string };
}

export interface DeadlineInput {
  start: InstantLike;
  amount: number;
  unit: DayUnit;
  calendar: WorkCalendar;
  /** Defaults to a generic description of the period. */
  rule?: string;
  from?: LimitAnchor;
}

const dates = (days: DayNumber[]): string[] => days.map(isoDate);

export function describeCount(startDay: DayNumber, amount: number, unit: DayUnit, count: PeriodCount, startLabel: string) {
  const parts = [`${startLabel}${describeDay(startDay)}不计入，自${isoDate(startDay + 1)}起算${describeAmount(amount, unit)}`];
  if (unit === 'workingDays') {
    if (count.makeUpWorkdays.length > 0) parts.push(`调休上班日${count.makeUpWorkdays.map(isoDate).join('、')}计为工作日`);
    if (count.skippedHolidays.length > 0) parts.push(`法定节假日${count.skippedHolidays.map(isoDate).join('、')}不计`);
    if (count.closures.length > 0) parts.push(`本院闭院日${count.closures.map(isoDate).join('、')}不计`);
    if (amount > 0) parts.push(`第${amount}个工作日为${describeDay(count.lastCountedDay)}`);
  } else {
    parts.push(`第${amount}日为${describeDay(count.lastCountedDay)}`);
  }
  if (count.rolledOverFrom !== undefined) {
    parts.push(`该日为休息日或节假日，顺延至其后第一个工作日${describeDay(count.dueDay)}`);
  } else if (unit === 'calendarDays' && count.makeUpWorkdays.includes(count.dueDay)) {
    parts.push('该日为调休上班日，不顺延');
  }
  parts.push(`期限至${isoDate(count.dueDay)} 24:00届满`);
  return parts.join('；') + '。';
}

export function defaultRule(amount: number, unit: DayUnit, from?: LimitAnchor): string {
  const anchor = from ? ANCHOR_DAY_LABELS[from].replace(/日$/, '') : '起算事件';
  return `${anchor}后${describeAmount(amount, unit)}内`;
}

/** The fields that describe the period as first set, kept through pauses and extensions. */
export type DeadlineBase = Pick<Deadline, 'rule' | 'startAt' | 'from' | 'countedFrom' | 'amount' | 'unit' | 'calendarVersion' | 'adjustments'>;

export function baseOf(deadline: Deadline): DeadlineBase {
  const { rule, from, countedFrom, amount, unit, calendarVersion, adjustments } = deadline;
  // A deadline that crossed a Temporal payload carries ISO strings where Dates were.
  const startAt = new Date(toEpochMs(deadline.startAt));
  return { rule, startAt, countedFrom, amount, unit, calendarVersion, adjustments, ...(from ? { from } : {}) };
}

/** Builds a Deadline from a counted period; adjustments reuse it with their own start and label. */
export function deadlineFromCount(base: DeadlineBase, count: PeriodCount, segmentUnit: DayUnit, explanation: string): Deadline {
  const deadline: Deadline = {
    ...base,
    dueAt: startOfShanghaiDay(count.dueDay + 1),
    dueDate: isoDate(count.dueDay),
    explanation,
    skippedHolidays: dates(count.skippedHolidays),
    skippedWeekends: dates(count.skippedWeekends),
    makeUpWorkdays: dates(count.makeUpWorkdays),
    closures: dates(count.closures),
    fallbackYears: count.fallbackYears,
    warnings: count.fallbackYears.map((year) => fallbackWarning(year, count.presumedYears.includes(year))),
    runningSegment: { unit: segmentUnit, lastCountedDay: isoDate(count.lastCountedDay) },
  };
  if (count.rolledOverFrom !== undefined) deadline.rolledOverFrom = isoDate(count.rolledOverFrom);
  return deadline;
}

export function computeDeadline(input: DeadlineInput): Deadline {
  const startMs = toEpochMs(input.start);
  const startDay = shanghaiDayOf(startMs);
  const count = countPeriod(startDay, input.amount, input.unit, input.calendar);
  const startLabel = input.from ? ANCHOR_DAY_LABELS[input.from] : '起算日';
  const base: DeadlineBase = {
    rule: input.rule ?? defaultRule(input.amount, input.unit, input.from),
    startAt: new Date(startMs),
    countedFrom: isoDate(startDay + 1),
    amount: input.amount,
    unit: input.unit,
    calendarVersion: input.calendar.version,
    adjustments: [],
    ...(input.from ? { from: input.from } : {}),
  };
  return deadlineFromCount(base, count, input.unit, describeCount(startDay, input.amount, input.unit, count, startLabel));
}
