import { createWorkCalendar, deadlineForLimit, handlingLimit, loadPolicy, type Deadline } from '../deadlines';
import type { PetitionState } from './messages';

/** The policy's handling limit counted from acceptance (or receipt for policies that count from it). */
export function handlingDeadline(state: PetitionState): Deadline {
  const policy = loadPolicy(state.policyId);
  const limit = handlingLimit(policy);
  const start = limit.from === 'receipt' ? state.receivedAt : state.acceptedAt ?? state.receivedAt;
  return deadlineForLimit(policy, limit, start, createWorkCalendar());
}

export function handlingDueAt(state: PetitionState): Date {
  return handlingDeadline(state).dueAt;
}
