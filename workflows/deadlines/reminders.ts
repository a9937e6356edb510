/** Turns the policy's reminder chain and escalation ladder into instants a workflow can sleep until. */
import type { EscalationStep, ReminderStep, TimeOffset } from './policy-types';
import { type InstantLike, toEpochMs } from './shanghai-days';

const MS_PER_UNIT: Record<TimeOffset['unit'], number> = {
  minutes: 60_000,
  hours: 3_600_000,
  // Shanghai has no daylight saving, so a calendar day is always exactly 24 hours.
  calendarDays: 86_400_000,
};

export function offsetMs(offset: TimeOffset): number {
  const magnitude = offset.amount * MS_PER_UNIT[offset.unit];
  return offset.direction === 'before' ? -magnitude : magnitude;
}

export interface ScheduledReminder {
  step: ReminderStep;
  at: Date;
}

/** One instant per step, in the chain's order. */
export function reminderInstants(dueAt: InstantLike, chain: readonly ReminderStep[]): ScheduledReminder[] {
  const dueMs = toEpochMs(dueAt);
  return chain.map((step) => ({ step, at: new Date(dueMs + offsetMs(step.offset)) }));
}

export interface ScheduledEscalation {
  step: EscalationStep;
  at: Date;
}

/** Escalation steps count from the moment the item becomes overdue, which is the due instant. */
export function escalationInstants(dueAt: InstantLike, ladder: readonly EscalationStep[]): ScheduledEscalation[] {
  const dueMs = toEpochMs(dueAt);
  return ladder.map((step) => ({ step, at: new Date(dueMs + offsetMs({ ...step.afterOverdue, direction: 'after' })) }));
}
