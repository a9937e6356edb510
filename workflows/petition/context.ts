/**
 * What the workflow's modules share: the state, the pinned policy and calendar, the one way to record a change
 * (transition), the notice outbox, and the lock that serialises everything that changes the state. Handlers await
 * activities (department look-ups, the record store); holding the lock from their first check to their last write
 * means a second update admitted meanwhile waits, is checked again against the new state, and never mixes with it.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import type { NoticeDraft, NoticeRequest, PetitionPatch } from '../activity-contracts/petition';
import type { Policy, WorkCalendar } from '../deadlines';
import type { EventType } from '../domain/events';
import { noticeKinds } from '../domain/notices';
import { deadlineFacts, isOverdue } from '../domain/overdue';
import { LeadDepartment, NextDueTime, Overdue, PetitionStatus as StatusKey } from '../search-attributes';
import { recordWrites } from './activity-proxies';
import { deadlinesOf, nextDueAt } from './deadline-book';
import type { CommandResult } from './messages';
import { isClosed, type PetitionState } from './state';

/** The one notice request: the draft's kind, its audience from the registry, this petition and the idempotency key. */
export function noticeRequest(state: PetitionState, notice: NoticeDraft, idempotencyKey: string): NoticeRequest {
  return { ...notice, audience: noticeKinds[notice.kind].audience, petitionId: state.petitionId, number: state.number, idempotencyKey } as NoticeRequest;
}

/** Removes the notices to staff from `outbox` and returns them (the petitioner's stay, in order). */
export function takeStaffNotices(outbox: NoticeRequest[]): NoticeRequest[] {
  const staff = outbox.filter((notice) => notice.audience !== 'petitioner');
  const petitioner = outbox.filter((notice) => notice.audience === 'petitioner');
  outbox.splice(0, outbox.length, ...petitioner);
  return staff;
}

export interface NotedTransition {
  at: string;
  /** The base of the notice keys derived from this event. */
  key: string;
  /** The event's key in the record store. */
  idempotencyKey: string;
}

export interface PetitionContext {
  state: PetitionState;
  policy: Policy;
  calendar: WorkCalendar;
  workflowId: string;
  /** Records an event (and the petition's columns), upserts search attributes; returns a key for notices. */
  transition(type: EventType, actor: string, patch: PetitionPatch, payload?: Record<string, unknown>, documentId?: string): Promise<string>;
  /**
   * The in-memory half of transition: the event enters the timeline (and the status changes) without being written
   * yet; a deadline firing writes all of its events at once (clock.ts). Returns the event's keys.
   */
  noteTransition(type: EventType, actor: string, patch: PetitionPatch): NotedTransition;
  /** Upserts the search attributes from the state (status, lead department, next due instant, overdue). */
  publishSearchAttributes(): void;
  /** Queues a notice for the main loop; `key` is the transition's key (the notice's own key is built from it). */
  queueNotice(notice: NoticeDraft, key: string): void;
  /** Notices waiting for the main loop, sent in order one at a time (a slow mail server never holds up an update). */
  outbox: NoticeRequest[];
  /** Bumped on every transition, so the main loop recomputes its next deadline step. */
  revision(): number;
  /** Runs `change` alone: no other handler or deadline step touches the state until it has finished. */
  exclusive<T>(change: () => Promise<T>): Promise<T>;
  isClosed(): boolean;
}

export function createPetitionContext(state: PetitionState, policy: Policy, calendar: WorkCalendar): PetitionContext {
  const lock = new Mutex();
  const outbox: NoticeRequest[] = [];
  const workflowId = workflowInfo().workflowId;
  let revision = 0;

  function noteTransition(type: EventType, actor: string, patch: PetitionPatch): NotedTransition {
    const at = new Date().toISOString();
    const index = state.timeline.length;
    state.timeline.push({ type, at, actor });
    if (patch.status) state.status = patch.status;
    revision++;
    return { at, key: `${state.number}:${index}`, idempotencyKey: `${workflowId}:${index}:${type}` };
  }

  function publishSearchAttributes(): void {
    const { nextDue, overdue } = dueMarks(state);
    upsertSearchAttributes([
      { key: StatusKey, value: state.status },
      { key: LeadDepartment, value: state.leadDepartment ?? null },
      { key: NextDueTime, value: nextDue },
      { key: Overdue, value: overdue },
    ]);
  }

  async function transition(
    type: EventType,
    actor: string,
    patch: PetitionPatch,
    payload: Record<string, unknown> = {},
    documentId?: string,
  ): Promise<string> {
    const noted = noteTransition(type, actor, patch);
    publishSearchAttributes();
    await recordWrites().recordTransition({
      petitionId: state.petitionId,
      number: state.number,
      type,
      actor,
      occurredAt: noted.at,
      payload,
      // The record store keeps a brief copy of the deadlines: every view decides overdue from it (domain/overdue).
      patch: { ...patch, deadlines: deadlineFacts(deadlinesOf(state)) },
      documentId,
      idempotencyKey: noted.idempotencyKey,
    });
    return noted.key;
  }

  return {
    state,
    policy,
    calendar,
    workflowId,
    transition,
    noteTransition,
    publishSearchAttributes,
    outbox,
    revision: () => revision,
    exclusive: (change) => lock.runExclusive(change),
    isClosed: () => isClosed(state),
    queueNotice(notice, key) {
      // Key shapes as stored since the first release: a handler's mail names its addressee, a deadline notice does not.
      const target = notice.kind === 'extension' || notice.kind === 'leadershipAlert' ? '' : `:${'departmentCode' in notice ? notice.departmentCode : 'petitioner'}`;
      outbox.push(noticeRequest(state, notice, `${key}:${notice.kind}${target}`));
    },
  };
}

/**
 * Installs one update handler. `check` refuses a wrong command when the update is admitted (nothing reaches the
 * history) and again once the handler holds the lock, against the state every earlier command left; `run` changes
 * the state and may await activities, alone. `admitOnly` holds rules added after petitions were already running:
 * validators do not run on replay, so an old history's command that such a rule would now refuse replays unchanged.
 * The Update answers the small CommandResult; the full state is the query's.
 */
export function handleUpdate<C>(
  ctx: PetitionContext,
  update: UpdateDefinition<CommandResult, [C]>,
  check: (command: C) => void,
  run: (command: C) => Promise<void>,
  admitOnly?: (command: C) => void,
): void {
  setHandler(
    update,
    (command) =>
      ctx.exclusive(async () => {
        check(command);
        await run(command);
        return commandResult(ctx.state);
      }),
    {
      validator: (command) => {
        check(command);
        admitOnly?.(command);
      },
    },
  );
}

/**
 * The two marks every summary of a petition carries, as of now: its earliest due instant still running (none once
 * closed) and whether it is overdue (derived from the due instants, domain/overdue). The search attributes and the
 * command's answer both read them here.
 */
function dueMarks(state: PetitionState): { nextDue: Date | null; overdue: boolean } {
  return {
    nextDue: isClosed(state) ? null : nextDueAt(state),
    overdue: isOverdue({ status: state.status, deadlines: deadlinesOf(state) }, new Date()),
  };
}

/** A command's answer: status, overdue as of now and the deadlines' compact facts (what the record store keeps). */
export function commandResult(state: PetitionState): CommandResult {
  const { nextDue, overdue } = dueMarks(state);
  return { status: state.status, overdue, nextDueAt: nextDue ? nextDue.toISOString() : null, deadlines: deadlineFacts(deadlinesOf(state)) };
}
