import type { NoticeDraft, NoticeRequest, PetitionPatch } from '../../activities/types';
import type { Policy, WorkCalendar } from '../deadlines';
import type { EventType } from '../domain/events';
import { noticeKinds } from '../domain/notices';
import type { PetitionState } from './messages';

/** The one notice request: the draft's kind, its audience from the registry, this petition and the idempotency key. */
export function noticeRequest(state: PetitionState, notice: NoticeDraft, idempotencyKey: string): NoticeRequest {
  return { ...notice, audience: noticeKinds[notice.kind].audience, petitionId: state.petitionId, number: state.number, idempotencyKey } as NoticeRequest;
}

/** What the workflow's modules share: the state, the pinned policy and calendar, and the ways to change things. */
export interface PetitionContext {
  state: PetitionState;
  policy: Policy;
  calendar: WorkCalendar;
  workflowId: string;
  /** Records an event (and the petition's columns), upserts search attributes; returns a key for notices. */
  transition(type: EventType, actor: string, patch: PetitionPatch, payload?: Record<string, unknown>, documentId?: string): Promise<string>;
  /** Queues a notice for the main loop; `key` is the transition's key (the notice's own key is built from it). */
  queueNotice(notice: NoticeDraft, key: string): void;
  isClosed(): boolean;
}
