import {
  calendarFromSnapshot,
  createWorkCalendar,
  deadlineForLimit,
  handlingLimit,
  loadPolicy,
  type Deadline,
  type Policy,
  type WorkCalendar,
} from '../deadlines';
import type { PetitionWorkflowInput } from './messages';
import type { PetitionState } from './state';

/**
 * The calendar the petition counts with: its registration snapshot, so later schedule updates never move it. A run
 * started without one counts by the schedule as shipped (read only then, see deadlines/shipped-schedule.ts).
 */
export function calendarFor(input: PetitionWorkflowInput): WorkCalendar {
  return input.calendar ? calendarFromSnapshot(input.calendar) : createWorkCalendar({ closures: input.closures ?? [] });
}

/**
 * The policy the petition counts by: the version pinned in its input at registration, so editing the file never
 * changes it. Runs started before policies were pinned have none and count by the bundled file, as they always did.
 */
export function policyFor(input: PetitionWorkflowInput): Policy {
  return input.policy ?? loadPolicy(input.policyId);
}

/** The policy's handling limit counted from acceptance (or receipt for policies that count from it). */
export function handlingDeadline(state: PetitionState, policy: Policy, calendar: WorkCalendar): Deadline {
  const limit = handlingLimit(policy);
  const start = limit.from === 'receipt' ? state.receivedAt : state.acceptedAt ?? state.receivedAt;
  return deadlineForLimit(policy, limit, start, calendar);
}

export function handlingDueAt(state: PetitionState, policy: Policy, calendar: WorkCalendar): Date {
  return handlingDeadline(state, policy, calendar).dueAt;
}
