/**
 * A running deadline counted again on a newer calendar (a year's State Council schedule adopted after the petition
 * started): the first period from its start, then every recorded pause and extension in order, each by the same
 * rules as before. The result keeps the old due date in an adjustment with the reason, so the explanation shows
 * both. Pure, so the workflow, the tests and the console's preview use the same arithmetic.
 */
import { pauseDeadline, resumeDeadline, extendDeadline } from './adjustments';
import type { WorkCalendar } from './calendar';
import { computeDeadline, type Deadline } from './deadline';
import { describeInstant, toEpochMs } from './shanghai-days';
import { describeAmount } from './vocabulary';

/** The rule as first set: each approved extension appended "；经批准延长N日" to it. */
function originalRule(deadline: Deadline): string {
  let rule = deadline.rule;
  for (const adjustment of [...deadline.adjustments].reverse()) {
    if (adjustment.kind !== 'extension') continue;
    const suffix = `；经批准延长${describeAmount(adjustment.amount, adjustment.unit)}`;
    if (rule.endsWith(suffix)) rule = rule.slice(0, -suffix.length);
  }
  return rule;
}

export interface Recalculation {
  year: number;
  /** Why, for the explanation and the audit trail, e.g. "国务院办公厅关于2027年部分节假日安排的通知". */
  reason: string;
  /** The petitioner's own window (复查 / 复核 request): never shortened, it keeps the later of the two dates. */
  keepLater?: boolean;
}

/**
 * The deadline counted again on `calendar`. Undefined when it was not counted by days (a due date set by hand on
 * the assignment slip) or did not depend on the adopted year.
 */
export function recalculateDeadline(deadline: Deadline, calendar: WorkCalendar, recalculation: Recalculation): Deadline | undefined {
  if (!deadline.fallbackYears.includes(recalculation.year)) return undefined;
  // A given date (counted by nobody) has no fallback years either; `given` says so for any that might.
  if (deadline.given) return undefined;
  let counted = computeDeadline({
    start: deadline.startAt,
    amount: deadline.amount,
    unit: deadline.unit,
    calendar,
    rule: originalRule(deadline),
    ...(deadline.from ? { from: deadline.from } : {}),
  });
  for (const adjustment of deadline.adjustments) {
    if (adjustment.kind === 'pause') {
      counted = resumeDeadline(pauseDeadline(counted, adjustment.pausedAt, calendar), adjustment.resumedAt, calendar);
    } else if (adjustment.kind === 'extension') {
      counted = extendDeadline(counted, { amount: adjustment.amount, unit: adjustment.unit, ...(adjustment.reason ? { reason: adjustment.reason } : {}) }, calendar);
    }
  }
  const previousDueAt = new Date(toEpochMs(deadline.dueAt));
  const recountedDueAt = counted.dueAt;
  const kept = recalculation.keepLater && recountedDueAt.getTime() < previousDueAt.getTime();
  const dueAt = kept ? previousDueAt : recountedDueAt;
  const moved = dueAt.getTime() === previousDueAt.getTime() ? `期限不变（${describeInstant(dueAt)}）` : `原期限${describeInstant(previousDueAt)}，现期限${describeInstant(dueAt)}`;
  const keptNote = kept ? `（按新日历为${describeInstant(recountedDueAt)}，此为信访人的期限，从长保留原日期）` : '';
  const result: Deadline = {
    ...counted,
    ...(kept ? { dueAt, dueDate: deadline.dueDate } : {}),
    explanation: `${counted.explanation} ${recalculation.year}年日历公布后重新计算：${moved}${keptNote}（依据：${recalculation.reason}）。`,
    adjustments: [
      // The recount kept every earlier adjustment (each re-applied above); the recalculation itself is the last.
      ...counted.adjustments,
      ...deadline.adjustments.filter((adjustment) => adjustment.kind === 'recalculation'),
      { kind: 'recalculation', year: recalculation.year, reason: recalculation.reason, calendarVersion: calendar.version, previousDueAt, dueAt },
    ],
  };
  return result;
}
