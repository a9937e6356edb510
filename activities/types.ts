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

export type NoticeKind = 'acceptance' | 'decline' | 'assignment' | 'reply';

export interface NoticeRequest {
  petitionId: string;
  number: string;
  kind: NoticeKind;
  departmentCode?: string;
  departmentRole?: 'lead' | 'cooperating';
  idempotencyKey: string;
}

export type NoticeOutcome = 'sent' | 'already-sent' | 'no-recipient';
