import type { ResponsibleRole } from '../deadlines';
import type { NoticeRequest, PetitionPatch } from './petition';

/** Contracts between the petition workflow's deadline watch and its activities (see ./petition.ts). Ids, codes and instants only. */

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

/** One event of a firing, as recordTransition writes it (the firing's petition and patch are shared). */
export interface FiringEvent {
  type: string;
  actor: string;
  occurredAt: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
}

/**
 * Everything the deadline steps due at one instant change in the record store, written by recordFiring in one
 * transaction: the events in order, the petition's columns (overdue mark, deadline copy), the supervision items
 * opened and escalated, one audit row per fired step with its lag, and (patch mail-outbox) a pending outbox row per
 * staff notice. No mail is sent inside the firing: the outbox sender mails the rows.
 */
export interface FiringRecord {
  petitionId: string;
  number: string;
  events: FiringEvent[];
  patch: PetitionPatch;
  supervisionsOpened: SupervisionOpen[];
  escalations: SupervisionEscalation[];
  timersFired: TimerFiredRecord[];
  /** The staff notices the steps raised, queued in the same transaction; absent in firings recorded before. */
  notices?: NoticeRequest[];
}
