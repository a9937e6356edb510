/**
 * The petition's deadline book: opening, meeting, cancelling, pausing, resuming and extending deadlines in the
 * workflow state. Pure functions of the state (no Temporal APIs), so validators and unit tests can use them.
 */
import {
  computeDeadline,
  deadlineForLimit,
  describeInstant,
  closuresExtend,
  extendDeadline,
  handlingLimit,
  handlingLimitFor,
  pauseDeadline,
  resumeDeadline,
  type Deadline,
  type Limit,
  type PauseBasis,
  type Policy,
  type WorkCalendar,
  withoutClosures,
} from '../deadlines';
import type { DeadlineKind, DeadlineRecord, DeadlineStatus, PetitionState } from './state';

/** Deadlines whose passing makes the petition overdue (a supervised item); the others are internal or the petitioner's. */
export const STATUTORY_KINDS: readonly DeadlineKind[] = ['acceptance', 'handling', 'reviewAnswer'];
/** The stopped clock (补充材料) holds these; a petitioner's review window and 签收 keep running. */
const PAUSABLE_KINDS: readonly DeadlineKind[] = ['acceptance', 'handling', 'reviewAnswer'];

export function deadlinesOf(state: PetitionState): DeadlineRecord[] {
  state.deadlines ??= [];
  return state.deadlines;
}

export function isRunning(record: DeadlineRecord): boolean {
  return record.status === 'open' || record.status === 'overdue';
}

export function findDeadline(state: PetitionState, id: string): DeadlineRecord | undefined {
  return deadlinesOf(state).find((record) => record.id === id);
}

/** The department's current handling (or review answer) deadline. */
export function runningHandlingDeadline(state: PetitionState, department: string): DeadlineRecord | undefined {
  return deadlinesOf(state).find(
    (record) => (record.kind === 'handling' || record.kind === 'reviewAnswer') && record.department === department && isRunning(record),
  );
}

export function openDeadline(
  state: PetitionState,
  fields: { id: string; kind: DeadlineKind; department?: string; stage?: string },
  deadline: Deadline,
  at: Date,
): DeadlineRecord {
  const record: DeadlineRecord = {
    ...fields,
    dueAt: deadline.dueAt.toISOString(),
    status: 'open',
    openedAt: at.toISOString(),
    armedAt: at.toISOString(),
    deadline,
  };
  deadlinesOf(state).push(record);
  return record;
}

/**
 * The calendar a limit counts on: since the patch limit-basis (state.limitBasis), a limit that closures do not extend
 * (a statutory one, unless the policy says otherwise) counts without the hospital's closure days.
 */
export function limitCalendar(state: PetitionState, limit: Limit, calendar: WorkCalendar): WorkCalendar {
  return state.limitBasis && !closuresExtend(limit) ? withoutClosures(calendar) : calendar;
}

/** The calendar an open deadline's pauses and extensions count on: the one it was first counted on. */
export function recordCalendar(record: DeadlineRecord, calendar: WorkCalendar): WorkCalendar {
  return record.closuresIgnored ? withoutClosures(calendar) : calendar;
}

/** A deadline from one of the policy's limits counted from `start`. */
export function policyDeadline(policy: Policy, limit: Limit, start: Date | string, calendar: WorkCalendar, state?: PetitionState): Deadline {
  return deadlineForLimit(policy, limit, start, state ? limitCalendar(state, limit, calendar) : calendar);
}

/** What a record keeps of the limit it was counted by: its basis always (labels), the rules only since limit-basis. */
export function limitFields(state: PetitionState, limit: Limit): Pick<DeadlineRecord, 'basis' | 'supervised' | 'closuresIgnored'> {
  return {
    ...(limit.basis ? { basis: limit.basis } : {}),
    ...(state.limitBasis && limit.whenPassed === 'remindOwner' ? { supervised: false as const } : {}),
    ...(state.limitBasis && !closuresExtend(limit) ? { closuresIgnored: true as const } : {}),
  };
}

/** Opens a deadline counted by one of the policy's limits, with what the record keeps of that limit. */
export function openLimitDeadline(
  state: PetitionState,
  fields: { id: string; kind: DeadlineKind; department?: string; stage?: string },
  policy: Policy,
  limit: Limit,
  start: Date | string,
  calendar: WorkCalendar,
  at: Date,
): DeadlineRecord {
  const record = openDeadline(state, fields, policyDeadline(policy, limit, start, calendar, state), at);
  Object.assign(record, limitFields(state, limit));
  return record;
}

/**
 * The handling limit the policy gives an assignment of `departments` departments: since limit-basis, the variant
 * that applies on its own (医疗机构投诉管理办法: 10 working days when more than one department is assigned).
 */
export function statutoryHandlingLimit(state: PetitionState, policy: Policy, departments = 1): Limit {
  return state.limitBasis ? handlingLimitFor(policy, { departments }) : handlingLimit(policy);
}

/** The handling deadline the policy gives an assignment made now: from receipt or from acceptance, as the limit says. */
export function statutoryHandlingDeadline(state: PetitionState, policy: Policy, calendar: WorkCalendar, departments = 1): Deadline {
  const limit = statutoryHandlingLimit(state, policy, departments);
  const anchor = limit.from === 'receipt' ? state.receivedAt : state.acceptedAt ?? state.receivedAt;
  return policyDeadline(policy, limit, anchor, calendar, state);
}

/** A due instant given, not counted (a slip's date, the authority's): no days to recount on any calendar. */
function givenDeadline(dueAt: string, start: Date, calendar: WorkCalendar, rule: string, explanation: string): Deadline {
  const base = computeDeadline({ start, amount: 0, unit: 'calendarDays', calendar });
  return {
    ...base,
    dueAt: new Date(dueAt),
    dueDate: describeInstant(dueAt).slice(0, 10),
    rule,
    explanation,
    skippedHolidays: [],
    skippedWeekends: [],
    makeUpWorkdays: [],
    closures: [],
    fallbackYears: [],
    warnings: [],
    given: true,
  };
}

/** The due date the intake officer set on the 交办单 (only ever earlier than the policy's; see validators). */
export function fixedDeadline(dueAt: string, start: Date, calendar: WorkCalendar, policy: Policy): Deadline {
  return givenDeadline(
    dueAt,
    start,
    calendar,
    `交办单指定期限（${policy.shortTitle}：${policy.limits.handling.label}）`,
    `交办时由信访接待人员指定办理期限至${describeInstant(dueAt)}（北京时间），不按日数推算。`,
  );
}

/** A due instant the authority above set (上级交办, 12345), explained as such: its date, not the hospital's count. */
export function authorityDeadline(dueAt: string, start: Date, calendar: WorkCalendar, rule: string, what: string): Deadline {
  return givenDeadline(dueAt, start, calendar, rule, `${what}：${describeInstant(dueAt)}（北京时间），不按日数推算。`);
}

function close(record: DeadlineRecord, status: DeadlineStatus, at: Date): void {
  record.status = status;
  record.closedAt = at.toISOString();
}

/** Marks matching running deadlines met; returns those that had already become overdue (their supervision ends). */
export function meetDeadlines(state: PetitionState, matches: (record: DeadlineRecord) => boolean, at: Date): DeadlineRecord[] {
  const lateOnes: DeadlineRecord[] = [];
  for (const record of deadlinesOf(state)) {
    if (!isRunning(record) || !matches(record)) continue;
    if (record.status === 'overdue') lateOnes.push(record);
    close(record, 'met', at);
  }
  return lateOnes;
}

/** Cancels matching running deadlines (closure, return of the case); returns the overdue ones among them. */
export function cancelDeadlines(state: PetitionState, matches: (record: DeadlineRecord) => boolean, at: Date): DeadlineRecord[] {
  const overdueOnes: DeadlineRecord[] = [];
  for (const record of deadlinesOf(state)) {
    if (!isRunning(record) || !matches(record)) continue;
    if (record.status === 'overdue') overdueOnes.push(record);
    close(record, record.kind === 'reviewRequest' ? 'lapsed' : 'cancelled', at);
  }
  return overdueOnes;
}

/** Stops the running deadlines of the given kinds (by default every kind a stop applied to before policy grounds). */
export function pauseRunningDeadlines(state: PetitionState, at: Date, calendar: WorkCalendar, kinds: readonly DeadlineKind[] = PAUSABLE_KINDS): DeadlineRecord[] {
  const paused = deadlinesOf(state).filter((r) => r.status === 'open' && !r.pausedAt && kinds.includes(r.kind));
  for (const record of paused) {
    const result = pauseDeadline(record.deadline, at, recordCalendar(record, calendar));
    record.pausedAt = at.toISOString();
    record.remainingWhenPaused = result.remaining;
  }
  return paused;
}

export function resumePausedDeadlines(state: PetitionState, at: Date, calendar: WorkCalendar, ground?: PauseBasis): DeadlineRecord[] {
  // A 听证 on an authority's review (pauseBasis) is ended by its own command, never by resuming the petition's clock.
  const paused = deadlinesOf(state).filter((r) => r.status === 'open' && r.pausedAt && !r.pauseBasis);
  for (const record of paused) {
    const remaining = record.remainingWhenPaused;
    record.deadline = resumeDeadline(
      {
        deadline: record.deadline,
        pausedAt: new Date(record.pausedAt!),
        remaining: remaining ? { amount: remaining.amount, unit: remaining.unit === 'workingDays' ? 'workingDays' : 'calendarDays' } : null,
        ...(ground ? { ground } : {}),
      },
      at,
      recordCalendar(record, calendar),
    );
    record.dueAt = new Date(record.deadline.dueAt).toISOString();
    record.armedAt = at.toISOString();
    delete record.pausedAt;
    delete record.remainingWhenPaused;
  }
  return paused;
}

export function extendRunningDeadline(record: DeadlineRecord, days: number, reason: string, at: Date, calendar: WorkCalendar): void {
  record.deadline = extendDeadline(record.deadline, { amount: days, unit: 'calendarDays', reason }, recordCalendar(record, calendar));
  record.dueAt = new Date(record.deadline.dueAt).toISOString();
  record.armedAt = at.toISOString();
}

/**
 * NextDueTime: the earliest running deadline the hospital must meet (review windows are the petitioner's, the
 * authority's review answer the authority's).
 */
export function nextDueAt(state: PetitionState): Date | null {
  const open = deadlinesOf(state).filter((r) => r.status === 'open' && !r.pausedAt && r.kind !== 'reviewRequest' && r.kind !== 'authorityReview');
  if (open.length === 0) return null;
  return new Date(Math.min(...open.map((r) => Date.parse(r.dueAt))));
}

/** The lead department's running handling deadline: the petition's due date as every view shows it. */
export function leadHandlingDueAt(state: PetitionState): string | undefined {
  return deadlinesOf(state).find((r) => r.kind === 'handling' && r.department === state.leadDepartment && r.status !== 'cancelled' && r.status !== 'met')?.dueAt;
}
