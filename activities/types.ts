import type { PetitionStatus } from '../workflows/domain/catalog';

/** Contracts between the petition workflow and its activities. Ids and codes only: no personal data. */

export interface PetitionPatch {
  status?: PetitionStatus;
  leadDepartment?: string | null;
  cooperatingDepartments?: string[];
  dueAt?: string | null;
  closedAt?: string | null;
  overdue?: boolean;
}

export interface TransitionRecord {
  petitionId: string;
  number: string;
  type: string;
  actor: string;
  occurredAt: string;
  payload: Record<string, unknown>;
  patch: PetitionPatch;
  /** The free-text document this transition adopts (reply, decline reason, feedback). */
  documentId?: string;
  idempotencyKey: string;
}

/** 'extension-request' goes to the requesting department's leader in charge, with a link to decide it. */
export type NoticeKind = 'acceptance' | 'decline' | 'assignment' | 'reply' | 'extension-request';

export interface NoticeRequest {
  petitionId: string;
  number: string;
  kind: NoticeKind;
  departmentCode?: string;
  departmentRole?: 'lead' | 'cooperating';
  /** For 'extension-request': the request's document (reason and days). */
  documentId?: string;
  /** For 'acceptance': the reply due time counted on the petition's pinned calendar. */
  expectedBy?: string;
  idempotencyKey: string;
}

export type NoticeOutcome = 'sent' | 'already-sent' | 'no-recipient';
