import type { DeadlineNoticeRequest } from '../../activities/deadline-types';
import type { NoticeRequest, PetitionPatch } from '../../activities/types';
import type { Policy, WorkCalendar } from '../deadlines';
import type { EventType } from '../domain/events';
import type { PetitionState } from './messages';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type DeadlineNoticeDraft = DistributiveOmit<DeadlineNoticeRequest, 'petitionId' | 'number' | 'idempotencyKey'>;

/** What the workflow's modules share: the state, the pinned policy and calendar, and the ways to change things. */
export interface PetitionContext {
  state: PetitionState;
  policy: Policy;
  calendar: WorkCalendar;
  workflowId: string;
  /** Records an event (and the petition's columns), upserts search attributes; returns a key for notices. */
  transition(type: EventType, actor: string, patch: PetitionPatch, payload?: Record<string, unknown>, documentId?: string): Promise<string>;
  queueNotice(notice: Omit<NoticeRequest, 'petitionId' | 'number' | 'idempotencyKey'>, key: string): void;
  queueDeadlineNotice(notice: DeadlineNoticeDraft, key: string): void;
  isClosed(): boolean;
}
