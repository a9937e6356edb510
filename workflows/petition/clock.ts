/**
 * The clock (deadline watch): carries out the planned steps whose instant has come, once each. The workflow's main
 * loop calls runDueSteps whenever it wakes and sleeps until nextStepAt (one timer at a time, recomputed on every
 * change). A firing holds the context's lock like an update handler, so it never interleaves with a command; its
 * mails go through the outbox, so a slow mail server never holds the lock.
 *
 * Since the patch one-firing-transaction, every step due at the instant is applied in memory and written with one
 * activity (recordFiring: events, overdue mark, supervision items, audit rows in one transaction) and one
 * search-attribute upsert. Before it, each step wrote its own transitions and rows one activity at a time; runs that
 * fired that way replay that way (replay fixture running-overdue-escalated). Since the patch mail-outbox, the staff
 * notices a firing raises are queued in that same transaction, so a firing is one activity before its notices wait
 * in the outbox; earlier firings left them to the main loop's sendNotice. Since the patch local-record-writes
 * (activity-proxies.ts), recordFiring runs as a local activity in the workflow task the timer woke: a firing is one
 * workflow task and a marker, with no activity task on the server (fixture running-overdue-local-writes).
 */
import { log, patched } from '@temporalio/workflow';
import type { FiringEvent, SupervisionEscalation, SupervisionOpen, TimerFiredRecord } from '../activity-contracts/firing';
import type { PetitionPatch } from '../activity-contracts/petition';
import type { EventType } from '../domain/events';
import { deadlineFacts } from '../domain/overdue';
import { closeSupervision, escalateSupervision, openSupervision, recordTimerFired, recordWrites } from './activity-proxies';
import { noticeRequest, takeStaffNotices, type PetitionContext } from './context';
import { resumeStoppedClock } from './clock-stop';
import { deadlinesOf } from './deadline-book';
import { pendingSteps, type PlannedStep } from './schedule';
import type { DeadlineRecord } from './state';

export const ONE_FIRING_TRANSACTION = 'one-firing-transaction';
/** Staff notices go to the mail outbox: a firing queues its own in recordFiring's transaction (workflow.ts: the rest). */
export const MAIL_OUTBOX = 'mail-outbox';

/**
 * What a step writes, one at a time: carryOut yields each write and goes on once it is done. Before the patch
 * one-firing-transaction every write went straight to the record store and was awaited; in a firing they are
 * collected in memory, with no promise per write (a workflow promise costs the SDK a stack trace: bench profile).
 * `resumeClock` is the stopped clock's own sequence (clock-stop.ts), shared with the staff's command.
 */
type StepWrite =
  | { write: 'transition'; type: EventType; actor: string; patch: PetitionPatch; payload: Record<string, unknown> }
  | { write: 'openSupervision'; item: SupervisionOpen }
  | { write: 'escalateSupervision'; step: SupervisionEscalation }
  | { write: 'resumeClock' };

/** Where the writes go: the record store one by one (before the patch one-firing-transaction), or the firing. */
interface StepWrites {
  transition(type: EventType, actor: string, patch: PetitionPatch, payload: Record<string, unknown>): unknown;
  openSupervision(item: SupervisionOpen): unknown;
  escalateSupervision(step: SupervisionEscalation): unknown;
}

/**
 * Carries out one step's writes in order. In a firing every write is in memory and nothing is awaited (no promise);
 * from the first write that is a promise (the record store's before the patch, or a resumed clock's) the rest
 * follow it one by one.
 */
function performStep(ctx: PetitionContext, step: PlannedStep, now: Date, writes: StepWrites): Promise<void> | undefined {
  const planned = carryOut(ctx, step, now);
  for (let next = planned.next(); !next.done; next = planned.next()) {
    const done = perform(ctx, next.value, now, step, writes);
    if (done instanceof Promise) return performAfter(done, planned, ctx, now, step, writes);
  }
  return undefined;
}

async function performAfter(pending: Promise<unknown>, planned: Generator<StepWrite, void, void>, ctx: PetitionContext, now: Date, step: PlannedStep, writes: StepWrites): Promise<void> {
  await pending;
  for (let next = planned.next(); !next.done; next = planned.next()) await perform(ctx, next.value, now, step, writes);
}

function perform(ctx: PetitionContext, planned: StepWrite, now: Date, step: PlannedStep, writes: StepWrites): unknown {
  switch (planned.write) {
    case 'transition':
      return writes.transition(planned.type, planned.actor, planned.patch, planned.payload);
    case 'openSupervision':
      return writes.openSupervision(planned.item);
    case 'escalateSupervision':
      return writes.escalateSupervision(planned.step);
    case 'resumeClock': {
      const noticeKey = `${ctx.workflowId}:${step.key}`;
      return resumeStoppedClock(ctx, 'system', now, true, {
        transition: writes.transition,
        tell: (notice) => ctx.outbox.push(noticeRequest(ctx.state, notice, `${noticeKey}:${notice.kind}`)),
      });
    }
  }
}

export function nextStepAt(ctx: PetitionContext): number | undefined {
  return pendingSteps(ctx.state, ctx.policy, ctx.calendar)[0]?.at;
}

export async function runDueSteps(ctx: PetitionContext): Promise<void> {
  while (await ctx.exclusive(() => fireDueSteps(ctx)));
}

function dueStep(ctx: PetitionContext, now: Date): PlannedStep | undefined {
  return pendingSteps(ctx.state, ctx.policy, ctx.calendar).find((planned) => planned.at <= now.getTime());
}

function timerRecord(ctx: PetitionContext, step: PlannedStep, now: Date): TimerFiredRecord {
  return {
    petitionId: ctx.state.petitionId,
    number: ctx.state.number,
    deadlineId: step.record.id,
    deadlineKind: step.record.kind,
    step: 'stepId' in step.action ? `${step.action.type}:${step.action.stepId}` : step.action.type,
    scheduledAt: new Date(step.at).toISOString(),
    firedAt: now.toISOString(),
    idempotencyKey: `${ctx.workflowId}:${step.key}`,
  };
}

/** Carries out what is due, if anything; false when nothing is due. */
async function fireDueSteps(ctx: PetitionContext): Promise<boolean> {
  const now = new Date();
  const first = dueStep(ctx, now);
  if (!first) return false;
  if (!patched(ONE_FIRING_TRANSACTION)) {
    // Marked before any await: a step is carried out once, even after a crash and replay.
    (ctx.state.firedSteps ??= []).push(first.key);
    await performStep(ctx, first, now, { transition: ctx.transition, openSupervision, escalateSupervision });
    await recordTimerFired(timerRecord(ctx, first, now));
    return true;
  }
  const events: FiringEvent[] = [];
  const supervisionsOpened: SupervisionOpen[] = [];
  const escalations: SupervisionEscalation[] = [];
  const timersFired: TimerFiredRecord[] = [];
  let patch: PetitionPatch = {};
  const intoFiring: StepWrites = {
    transition: (type, actor, stepPatch, payload) => {
      const noted = ctx.noteTransition(type, actor, stepPatch);
      patch = { ...patch, ...stepPatch };
      events.push({ type, actor, occurredAt: noted.at, payload, idempotencyKey: noted.idempotencyKey });
    },
    openSupervision: (item) => void supervisionsOpened.push(item),
    escalateSupervision: (step) => void escalations.push(step),
  };
  // Each step sees the state the earlier ones left, as it would one firing at a time; nothing is awaited but state.
  const waiting = ctx.outbox.splice(0);
  for (let step: PlannedStep | undefined = first; step; step = dueStep(ctx, now)) {
    (ctx.state.firedSteps ??= []).push(step.key);
    const resuming = performStep(ctx, step, now, intoFiring);
    if (resuming) await resuming;
    timersFired.push(timerRecord(ctx, step, now));
  }
  const raised = ctx.outbox.splice(0);
  const notices = raised.some((notice) => notice.audience !== 'petitioner') && patched(MAIL_OUTBOX) ? takeStaffNotices(raised) : [];
  ctx.outbox.push(...waiting, ...raised);
  ctx.publishSearchAttributes();
  await recordWrites().recordFiring({
    petitionId: ctx.state.petitionId,
    number: ctx.state.number,
    events,
    patch: { ...patch, deadlines: deadlineFacts(deadlinesOf(ctx.state)) },
    supervisionsOpened,
    escalations,
    timersFired,
    ...(notices.length > 0 ? { notices } : {}),
  });
  return true;
}

function eventPayload(record: DeadlineRecord, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { deadlineId: record.id, kind: record.kind, department: record.department ?? null, dueAt: record.dueAt, ...extra };
}

/** A system transition of a step (its event and columns), as a write to yield. */
function transition(type: EventType, patch: PetitionPatch, payload: Record<string, unknown>): StepWrite {
  return { write: 'transition', type, actor: 'system', patch, payload };
}

/** One step: its changes to the state, each write yielded in order (the code after a yield runs once it is done). */
function* carryOut(ctx: PetitionContext, step: PlannedStep, now: Date): Generator<StepWrite, void, void> {
  const { record, action } = step;
  const { state } = ctx;
  const noticeKey = `${ctx.workflowId}:${step.key}`;
  switch (action.type) {
    case 'reminder':
      ctx.outbox.push(noticeRequest(state, { kind: 'reminder', departmentCode: record.department!, role: action.role, dueAt: record.dueAt, stepLabel: action.label }, noticeKey));
      yield transition('reminder_sent', {}, eventPayload(record, { step: action.stepId, role: action.role }));
      return;
    case 'overdue':
      record.status = 'overdue';
      record.overdueAt = now.toISOString();
      state.overdue = true;
      log.warn('deadline passed', { number: state.number, deadlineId: record.id, dueAt: record.dueAt });
      yield transition('overdue', { overdue: true }, eventPayload(record));
      // An internal target the policy has passing remind its owner only (whenPassed: remindOwner): no 督办 item.
      if (record.supervised === false) return;
      yield {
        write: 'openSupervision',
        item: {
          petitionId: state.petitionId, number: state.number, deadlineId: record.id, deadlineKind: record.kind,
          departmentCode: record.department, dueAt: record.dueAt, openedAt: now.toISOString(), rule: record.deadline.rule,
        },
      };
      yield transition('supervision_opened', {}, eventPayload(record));
      return;
    case 'escalation':
      ctx.outbox.push(noticeRequest(state, { kind: 'escalation', departmentCode: record.department!, role: action.role, dueAt: record.dueAt, stepLabel: action.label }, noticeKey));
      if (action.supervise) yield { write: 'escalateSupervision', step: { petitionId: state.petitionId, deadlineId: record.id, role: action.role, at: now.toISOString() } };
      yield transition('escalated', {}, eventPayload(record, { step: action.stepId, role: action.role }));
      return;
    case 'acknowledgementResend':
      record.status = 'overdue';
      record.overdueAt = now.toISOString();
      ctx.outbox.push(noticeRequest(state, { kind: 'assignment', departmentCode: record.department!, departmentRole: record.department === state.leadDepartment ? 'lead' : 'cooperating' }, noticeKey));
      yield transition('assignment_resent', {}, eventPayload(record));
      return;
    case 'acknowledgementEscalation':
      ctx.outbox.push(noticeRequest(state, { kind: 'reminder', departmentCode: record.department!, role: 'departmentHead', dueAt: record.dueAt, stepLabel: '交办单超时未签收' }, noticeKey));
      yield transition('acknowledgement_escalated', {}, eventPayload(record, { role: 'departmentHead' }));
      return;
    case 'reportReminder': {
      const matter = state.handedDown!;
      ctx.outbox.push(noticeRequest(state, { kind: 'authority-report-reminder', authority: matter.authority, referenceNumber: matter.referenceNumber, dueAt: record.dueAt, stepLabel: action.label }, noticeKey));
      yield transition('reminder_sent', {}, eventPayload(record, { step: action.stepId, role: 'intake' }));
      return;
    }
    case 'officeReminder':
      ctx.outbox.push(noticeRequest(state, { kind: 'office-reminder', deadlineKind: record.kind, dueAt: record.dueAt, stepLabel: action.label }, noticeKey));
      yield transition('reminder_sent', {}, eventPayload(record, { step: action.stepId, role: 'intake' }));
      return;
    case 'pauseLimitReached':
      if (!state.clockPaused) return;
      yield { write: 'resumeClock' };
      return;
    case 'acceptanceNoticeReminder':
      ctx.outbox.push(noticeRequest(state, { kind: 'acceptance-notice-reminder', dueAt: record.dueAt, stepLabel: action.label }, noticeKey));
      yield transition('reminder_sent', {}, eventPayload(record, { step: action.stepId, role: 'intake' }));
      return;
    case 'reviewReminder': {
      const review = state.reviews?.find((r) => r.stage === record.stage && r.addressedTo === 'authority');
      if (action.passed) {
        record.status = 'overdue';
        record.overdueAt = now.toISOString();
      }
      ctx.outbox.push(noticeRequest(state, { kind: 'authority-review-reminder', stage: record.stage ?? 'recheck', ...(review?.authority ? { authority: review.authority } : {}), dueAt: record.dueAt, stepLabel: action.label }, noticeKey));
      yield transition('reminder_sent', {}, eventPayload(record, { step: action.stepId, role: 'intake' }));
      return;
    }
    case 'reviewWindowLapsed':
      record.status = 'lapsed';
      record.closedAt = now.toISOString();
      yield transition('review_window_lapsed', {}, eventPayload(record, { stage: record.stage }));
      return;
  }
}

/** Supervised items whose deadline was met late or dropped leave the overdue board. */
export async function endSupervision(ctx: PetitionContext, records: DeadlineRecord[], outcome: 'met' | 'cancelled'): Promise<void> {
  for (const record of records) {
    if (record.kind === 'acknowledgement' || record.supervised === false) continue;
    await closeSupervision({ petitionId: ctx.state.petitionId, deadlineId: record.id, closedAt: new Date().toISOString(), outcome });
  }
}
