import type { ResponsibleRole } from '../workflows/deadlines';

/** Contracts between the petition workflow's deadline watch and its activities. Ids, codes and instants only. */

/** One fired timer step, for the audit table that proves every deadline was watched. */
export interface TimerFiredRecord {
  petitionId: string;
  number: string;
  deadlineId: string;
  deadlineKind: string;
  /** e.g. "reminder:threeDaysBefore", "overdue", "escalation:overdueToPresident", "acknowledgementResend". */
  step: string;
  scheduledAt: string;
  firedAt: string;
  idempotencyKey: string;
}

/** 督办: an overdue deadline becomes a supervised item on the overdue board until it is met or the case closes. */
export interface SupervisionOpen {
  petitionId: string;
  number: string;
  deadlineId: string;
  deadlineKind: string;
  departmentCode?: string;
  dueAt: string;
  openedAt: string;
  rule: string;
}

export interface SupervisionEscalation {
  petitionId: string;
  deadlineId: string;
  role: ResponsibleRole;
  at: string;
}

export interface SupervisionClose {
  petitionId: string;
  deadlineId: string;
  closedAt: string;
  /** met: answered late; cancelled: the case closed or was sent back. */
  outcome: 'met' | 'cancelled';
}
