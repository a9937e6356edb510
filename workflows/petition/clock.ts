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

/** Where a step's writes go: straight to the record store one by one (before the patch), or into the firing. */
interface StepWrites {
  transition(type: EventType, actor: string, patch: PetitionPatch, payload: Record<string, unknown>): Promise<unknown>;
  openSupervision(item: SupervisionOpen): Promise<void>;
  escalateSupervision(step: SupervisionEscalation): Promise<void>;
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
    await carryOut(ctx, first, now, { transition: ctx.transition, openSupervision, escalateSupervision });
    await recordTimerFired(timerRecord(ctx, first, now));
    return true;
  }
  const events: FiringEvent[] = [];
  const supervisionsOpened: SupervisionOpen[] = [];
  const escalations: SupervisionEscalation[] = [];
  const timersFired: TimerFiredRecord[] = [];
  let patch: PetitionPatch = {};
  const intoFiring: StepWrites = {
    transition: async (type, actor, stepPatch, payload) => {
      const noted = ctx.noteTransition(type, actor, stepPatch);
      patch = { ...patch, ...stepPatch };
      events.push({ type, actor, occurredAt: noted.at, payload, idempotencyKey: noted.idempotencyKey });
    },
    openSupervision: async (item) => void supervisionsOpened.push(item),
    escalateSupervision: async (step) => void escalations.push(step),
  };
  // Each step sees the state the earlier ones left, as it would one firing at a time; nothing is awaited but state.
  const waiting = ctx.outbox.splice(0);
  for (let step: PlannedStep | undefined = first; step; step = dueStep(ctx, now)) {
    (ctx.state.firedSteps ??= []).push(step.key);
    await carryOut(ctx, step, now, intoFiring);
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

async function carryOut(ctx: PetitionContext, step: PlannedStep, now: Date, writes: StepWrites): Promise<void> {
  const { record, action } = step;
  const { state } = ctx;
  const noticeKey = `${ctx.workflowId}:${step.key}`;
  switch (action.type) {
    case 'reminder':
      ctx.outbox.push(noticeRequest(state, { kind: 'reminder', departmentCode: record.department!, role: action.role, dueAt: record.dueAt, stepLabel: action.label }, noticeKey));
      await writes.transition('reminder_sent', 'system', {}, eventPayload(record, { step: action.stepId, role: action.role }));
      return;
    case 'overdue':
      record.status = 'overdue';
      record.overdueAt = now.toISOString();
      state.overdue = true;
      log.warn('deadline passed', { number: state.number, deadlineId: record.id, dueAt: record.dueAt });
      await writes.transition('overdue', 'system', { overdue: true }, eventPayload(record));
      // An internal target the policy has passing remind its owner only (whenPassed: remindOwner): no 督办 item.
      if (record.supervised === false) return;
      await writes.openSupervision({
        petitionId: state.petitionId, number: state.number, deadlineId: record.id, deadlineKind: record.kind,
        departmentCode: record.department, dueAt: record.dueAt, openedAt: now.toISOString(), rule: record.deadline.rule,
      });
      await writes.transition('supervision_opened', 'system', {}, eventPayload(record));
      return;
    case 'escalation':
      ctx.outbox.push(noticeRequest(state, { kind: 'escalation', departmentCode: record.department!, role: action.role, dueAt: record.dueAt, stepLabel: action.label }, noticeKey));
      if (action.supervise) await writes.escalateSupervision({ petitionId: state.petitionId, deadlineId: record.id, role: action.role, at: now.toISOString() });
      await writes.transition('escalated', 'system', {}, eventPayload(record, { step: action.stepId, role: action.role }));
      return;
    case 'acknowledgementResend':
      record.status = 'overdue';
      record.overdueAt = now.toISOString();
      ctx.outbox.push(noticeRequest(state, { kind: 'assignment', departmentCode: record.department!, departmentRole: record.department === state.leadDepartment ? 'lead' : 'cooperating' }, noticeKey));
      await writes.transition('assignment_resent', 'system', {}, eventPayload(record));
      return;
    case 'acknowledgementEscalation':
      ctx.outbox.push(noticeRequest(state, { kind: 'reminder', departmentCode: record.department!, role: 'departmentHead', dueAt: record.dueAt, stepLabel: '交办单超时未签收' }, noticeKey));
      await writes.transition('acknowledgement_escalated', 'system', {}, eventPayload(record, { role: 'departmentHead' }));
      return;
    case 'reportReminder': {
      const matter = state.handedDown!;
      ctx.outbox.push(noticeRequest(state, { kind: 'authority-report-reminder', authority: matter.authority, referenceNumber: matter.referenceNumber, dueAt: record.dueAt, stepLabel: action.label }, noticeKey));
      await writes.transition('reminder_sent', 'system', {}, eventPayload(record, { step: action.stepId, role: 'intake' }));
      return;
    }
    case 'officeReminder':
      ctx.outbox.push(noticeRequest(state, { kind: 'office-reminder', deadlineKind: record.kind, dueAt: record.dueAt, stepLabel: action.label }, noticeKey));
      await writes.transition('reminder_sent', 'system', {}, eventPayload(record, { step: action.stepId, role: 'intake' }));
      return;
    case 'pauseLimitReached':
      if (!state.clockPaused) return;
      await resumeStoppedClock(ctx, 'system', now, true, {
        transition: writes.transition,
        tell: (notice) => ctx.outbox.push(noticeRequest(state, notice, `${noticeKey}:${notice.kind}`)),
      });
      return;
    case 'acceptanceNoticeReminder':
      ctx.outbox.push(noticeRequest(state, { kind: 'acceptance-notice-reminder', dueAt: record.dueAt, stepLabel: action.label }, noticeKey));
      await writes.transition('reminder_sent', 'system', {}, eventPayload(record, { step: action.stepId, role: 'intake' }));
      return;
    case 'reviewReminder': {
      const review = state.reviews?.find((r) => r.stage === record.stage && r.addressedTo === 'authority');
      if (action.passed) {
        record.status = 'overdue';
        record.overdueAt = now.toISOString();
      }
      ctx.outbox.push(noticeRequest(state, { kind: 'authority-review-reminder', stage: record.stage ?? 'recheck', ...(review?.authority ? { authority: review.authority } : {}), dueAt: record.dueAt, stepLabel: action.label }, noticeKey));
      await writes.transition('reminder_sent', 'system', {}, eventPayload(record, { step: action.stepId, role: 'intake' }));
      return;
    }
    case 'reviewWindowLapsed':
      record.status = 'lapsed';
      record.closedAt = now.toISOString();
      await writes.transition('review_window_lapsed', 'system', {}, eventPayload(record, { stage: record.stage }));
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
