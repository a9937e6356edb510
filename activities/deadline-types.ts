import type { ResponsibleRole } from '../workflows/deadlines';

/** Contracts between the petition workflow's deadline watch and its activities. Ids, codes and instants only. */

export type AlertReasonCode = 'collective' | 'repeat' | 'levelSkipping';

export type DeadlineNoticeRequest =
  | {
      kind: 'reminder' | 'escalation';
      petitionId: string;
      number: string;
      departmentCode: string;
      role: ResponsibleRole;
      dueAt: string;
      /** The policy step's label, e.g. "距办理期限还有3日". */
      stepLabel: string;
      idempotencyKey: string;
    }
  | {
      /** 延期告知: the petitioner is told the new date and the reason (the department's request document). */
      kind: 'extension';
      petitionId: string;
      number: string;
      dueAt: string;
      reasonDocumentId: string;
      idempotencyKey: string;
    }
  | {
      /** 集体访 / 重复访 / 越级访: every leader and the president at once. */
      kind: 'leadershipAlert';
      petitionId: string;
      number: string;
      reasons: AlertReasonCode[];
      idempotencyKey: string;
    };

export type DeadlineNoticeOutcome = { sent: number; alreadySent: number; noRecipient: number };

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
