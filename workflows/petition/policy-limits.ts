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

/** The calendar the petition counts with: its registration snapshot, so later schedule updates never move it. */
export function calendarFor(input: PetitionWorkflowInput): WorkCalendar {
  return input.calendar ? calendarFromSnapshot(input.calendar) : createWorkCalendar({ closures: input.closures ?? [] });
}

export function policyFor(input: PetitionWorkflowInput): Policy {
  return loadPolicy(input.policyId);
}

/** The policy's handling limit counted from acceptance (or receipt for policies that count from it). */
export function handlingDeadline(state: PetitionState, calendar: WorkCalendar = createWorkCalendar()): Deadline {
  const policy = loadPolicy(state.policyId);
  const limit = handlingLimit(policy);
  const start = limit.from === 'receipt' ? state.receivedAt : state.acceptedAt ?? state.receivedAt;
  return deadlineForLimit(policy, limit, start, calendar);
}

export function handlingDueAt(state: PetitionState, calendar?: WorkCalendar): Date {
  return handlingDeadline(state, calendar).dueAt;
}
