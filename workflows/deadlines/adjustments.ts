/**
 * Changes to a running deadline: the clock stopped while the petitioner supplies material (补充材料) and an
 * approved extension (延期). Both recount whole days by the same rules as computeDeadline, so the result is again a
 * fully explained Deadline that a workflow can store and re-arm its timers from.
 *
 * Pause rule: the day the clock stops counts as used; the day it restarts is not counted (like a start day), so a
 * pause and resume on the same Shanghai date changes nothing.
 */
import type { WorkCalendar } from './calendar';
import { baseOf, type Deadline, deadlineFromCount, describeCount } from './deadline';
import { countPeriod } from './period-count';
import { type DayNumber, describeInstant, type InstantLike, parseIsoDate, shanghaiDayOf, toEpochMs } from './shanghai-days';
import { type DayUnit, describeAmount } from './vocabulary';

export interface PausedDeadline {
  deadline: Deadline;
  pausedAt: Date;
  /** Whole days still to run when the clock restarts; null when paused after the due instant (already overdue). */
  remaining: { amount: number; unit: DayUnit } | null;
  /** The policy ground it stopped on and the rule cited (absent: a stop from before grounds, told as 补充材料). */
  ground?: PauseBasis;
}

/** What the explanation and the adjustment say of a stop: the ground staff picked and the rule that allows it. */
export interface PauseBasis {
  label: string;
  rule: string;
}

export interface ExtensionRequest {
  amount: number;
  unit: DayUnit;
  reason?: string;
}

const union = (...lists: string[][]): string[] => [...new Set(lists.flat())].sort();
const unionYears = (...lists: number[][]): number[] => [...new Set(lists.flat())].sort((a, b) => a - b);

function versionWarnings(deadline: Deadline, calendar: WorkCalendar): string[] {
  return deadline.calendarVersion === calendar.version
    ? []
    : [`重新计算使用的日历数据（${calendar.version}）与原期限（${deadline.calendarVersion}）不同。`];
}

function workingDaysAfter(from: DayNumber, through: DayNumber, calendar: WorkCalendar): number {
  let count = 0;
  for (let day = from + 1; day <= through; day++) if (calendar.classifyDay(day).working) count++;
  return count;
}

export function pauseDeadline(deadline: Deadline, pausedAt: InstantLike, calendar: WorkCalendar): PausedDeadline {
  const pausedMs = toEpochMs(pausedAt);
  if (pausedMs >= toEpochMs(deadline.dueAt)) return { deadline, pausedAt: new Date(pausedMs), remaining: null };
  const pauseDay = shanghaiDayOf(pausedMs);
  const lastCounted = parseIsoDate(deadline.runningSegment.lastCountedDay);
  const unit = deadline.runningSegment.unit;
  const amount =
    unit === 'workingDays'
      ? workingDaysAfter(pauseDay, lastCounted, calendar)
      : Math.max(0, lastCounted - pauseDay);
  return { deadline, pausedAt: new Date(pausedMs), remaining: { amount, unit } };
}

/** `basis`: why the clock stopped, when it was not 补充材料 (e.g. a 听证); the explanation and the adjustment name it. */
export function resumeDeadline(paused: PausedDeadline, resumedAt: InstantLike, calendar: WorkCalendar, basis?: string): Deadline {
  const { deadline } = paused;
  const resumedMs = toEpochMs(resumedAt);
  const pausedMs = toEpochMs(paused.pausedAt);
  if (resumedMs < pausedMs) throw new Error('恢复计时时间早于暂停时间');
  if (paused.remaining === null) {
    return { ...deadline, warnings: union(deadline.warnings, ['期限届满后暂停计时不改变期限（已超期）。']) };
  }
  const resumeDay = shanghaiDayOf(resumedMs);
  const { amount, unit } = paused.remaining;
  const count = countPeriod(resumeDay, amount, unit, calendar);
  const pauseDate = describeInstant(pausedMs).slice(0, 10);
  const keptBeforePause = (dates: string[]) => dates.filter((date) => date <= pauseDate);
  const explanation =
    `${deadline.explanation} ${paused.ground ? `${paused.ground.label}（${paused.ground.rule}）` : (basis ?? '补充材料')}：${describeInstant(pausedMs)}暂停计时，剩余${describeAmount(amount, unit)}；` +
    `${describeInstant(resumedMs)}恢复计时，` +
    describeCount(resumeDay, amount, unit, count, '恢复计时日');
  const resumed = deadlineFromCount({ ...baseOf(deadline), calendarVersion: calendar.version }, count, unit, explanation);
  resumed.skippedHolidays = union(keptBeforePause(deadline.skippedHolidays), resumed.skippedHolidays);
  resumed.skippedWeekends = union(keptBeforePause(deadline.skippedWeekends), resumed.skippedWeekends);
  resumed.makeUpWorkdays = union(keptBeforePause(deadline.makeUpWorkdays), resumed.makeUpWorkdays);
  resumed.closures = union(keptBeforePause(deadline.closures), resumed.closures);
  resumed.fallbackYears = unionYears(deadline.fallbackYears, resumed.fallbackYears);
  resumed.warnings = union(deadline.warnings, resumed.warnings, versionWarnings(deadline, calendar));
  resumed.adjustments = [
    ...deadline.adjustments,
    {
      kind: 'pause',
      pausedAt: new Date(pausedMs),
      resumedAt: new Date(resumedMs),
      previousDueAt: new Date(toEpochMs(deadline.dueAt)),
      dueAt: resumed.dueAt,
      ...(paused.ground ? { ground: paused.ground.label, rule: paused.ground.rule } : {}),
      ...(basis ? { basis } : {}),
    },
  ];
  return resumed;
}

/** An approved extension runs from the end of the current period: its last day is the "start day" not counted. */
export function extendDeadline(deadline: Deadline, extension: ExtensionRequest, calendar: WorkCalendar): Deadline {
  const previousDueDay = shanghaiDayOf(toEpochMs(deadline.dueAt) - 1);
  const count = countPeriod(previousDueDay, extension.amount, extension.unit, calendar);
  const label = `经批准延长${describeAmount(extension.amount, extension.unit)}`;
  const reason = extension.reason ? `（理由：${extension.reason}）` : '';
  const explanation = `${deadline.explanation} ${label}${reason}：` + describeCount(previousDueDay, extension.amount, extension.unit, count, '原期限届满日');
  const extended = deadlineFromCount(
    { ...baseOf(deadline), rule: `${deadline.rule}；${label}`, calendarVersion: calendar.version },
    count,
    extension.unit, explanation);
  extended.skippedHolidays = union(deadline.skippedHolidays, extended.skippedHolidays);
  extended.skippedWeekends = union(deadline.skippedWeekends, extended.skippedWeekends);
  extended.makeUpWorkdays = union(deadline.makeUpWorkdays, extended.makeUpWorkdays);
  extended.closures = union(deadline.closures, extended.closures);
  extended.fallbackYears = unionYears(deadline.fallbackYears, extended.fallbackYears);
  extended.warnings = union(deadline.warnings, extended.warnings, versionWarnings(deadline, calendar));
  extended.adjustments = [
    ...deadline.adjustments,
    {
      kind: 'extension',
      amount: extension.amount,
      unit: extension.unit,
      ...(extension.reason ? { reason: extension.reason } : {}),
      previousDueAt: new Date(toEpochMs(deadline.dueAt)),
      dueAt: extended.dueAt,
    },
  ];
  return extended;
}
