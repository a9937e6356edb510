/**
 * The clock (deadline watch): carries out the planned steps whose instant has come, once each. The workflow's main
 * loop calls runDueSteps whenever it wakes and sleeps until nextStepAt (one timer at a time, recomputed on every
 * change). Each step holds the context's lock like an update handler, so a step never interleaves with a command;
 * its mails go through the outbox, so a slow mail server never holds the lock.
 */
import { log } from '@temporalio/workflow';
import { closeSupervision, escalateSupervision, openSupervision, recordTimerFired } from './activity-proxies';
import { noticeRequest, type PetitionContext } from './context';
import { pendingSteps, type PlannedStep } from './schedule';
import type { DeadlineRecord } from './state';

export function nextStepAt(ctx: PetitionContext): number | undefined {
  return pendingSteps(ctx.state, ctx.policy, ctx.calendar)[0]?.at;
}

export async function runDueSteps(ctx: PetitionContext): Promise<void> {
  while (await ctx.exclusive(() => runNextDueStep(ctx)));
}

/** Carries out the earliest due step, if any; false when nothing is due. */
async function runNextDueStep(ctx: PetitionContext): Promise<boolean> {
  const now = new Date();
  const step = pendingSteps(ctx.state, ctx.policy, ctx.calendar).find((planned) => planned.at <= now.getTime());
  if (!step) return false;
  // Marked before any await: a step is carried out once, even after a crash and replay.
  (ctx.state.firedSteps ??= []).push(step.key);
  await carryOut(ctx, step, now);
  await recordTimerFired({
    petitionId: ctx.state.petitionId,
    number: ctx.state.number,
    deadlineId: step.record.id,
    deadlineKind: step.record.kind,
    step: 'stepId' in step.action ? `${step.action.type}:${step.action.stepId}` : step.action.type,
    scheduledAt: new Date(step.at).toISOString(),
    firedAt: now.toISOString(),
    idempotencyKey: `${ctx.workflowId}:${step.key}`,
  });
  return true;
}

function eventPayload(record: DeadlineRecord, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { deadlineId: record.id, kind: record.kind, department: record.department ?? null, dueAt: record.dueAt, ...extra };
}

async function carryOut(ctx: PetitionContext, step: PlannedStep, now: Date): Promise<void> {
  const { record, action } = step;
  const { state } = ctx;
  const noticeKey = `${ctx.workflowId}:${step.key}`;
  switch (action.type) {
    case 'reminder':
      ctx.outbox.push(noticeRequest(state, { kind: 'reminder', departmentCode: record.department!, role: action.role, dueAt: record.dueAt, stepLabel: action.label }, noticeKey));
      await ctx.transition('reminder_sent', 'system', {}, eventPayload(record, { step: action.stepId, role: action.role }));
      return;
    case 'overdue':
      record.status = 'overdue';
      record.overdueAt = now.toISOString();
      state.overdue = true;
      log.warn('deadline passed', { number: state.number, deadlineId: record.id, dueAt: record.dueAt });
      await ctx.transition('overdue', 'system', { overdue: true }, eventPayload(record));
      await openSupervision({
        petitionId: state.petitionId, number: state.number, deadlineId: record.id, deadlineKind: record.kind,
        departmentCode: record.department, dueAt: record.dueAt, openedAt: now.toISOString(), rule: record.deadline.rule,
      });
      await ctx.transition('supervision_opened', 'system', {}, eventPayload(record));
      return;
    case 'escalation':
      ctx.outbox.push(noticeRequest(state, { kind: 'escalation', departmentCode: record.department!, role: action.role, dueAt: record.dueAt, stepLabel: action.label }, noticeKey));
      if (action.supervise) await escalateSupervision({ petitionId: state.petitionId, deadlineId: record.id, role: action.role, at: now.toISOString() });
      await ctx.transition('escalated', 'system', {}, eventPayload(record, { step: action.stepId, role: action.role }));
      return;
    case 'acknowledgementResend':
      record.status = 'overdue';
      record.overdueAt = now.toISOString();
      ctx.outbox.push(noticeRequest(state, { kind: 'assignment', departmentCode: record.department!, departmentRole: record.department === state.leadDepartment ? 'lead' : 'cooperating' }, noticeKey));
      await ctx.transition('assignment_resent', 'system', {}, eventPayload(record));
      return;
    case 'acknowledgementEscalation':
      ctx.outbox.push(noticeRequest(state, { kind: 'reminder', departmentCode: record.department!, role: 'departmentHead', dueAt: record.dueAt, stepLabel: '交办单超时未签收' }, noticeKey));
      await ctx.transition('acknowledgement_escalated', 'system', {}, eventPayload(record, { role: 'departmentHead' }));
      return;
    case 'reviewWindowLapsed':
      record.status = 'lapsed';
      record.closedAt = now.toISOString();
      await ctx.transition('review_window_lapsed', 'system', {}, eventPayload(record, { stage: record.stage }));
      return;
  }
}

/** Supervised items whose deadline was met late or dropped leave the overdue board. */
export async function endSupervision(ctx: PetitionContext, records: DeadlineRecord[], outcome: 'met' | 'cancelled'): Promise<void> {
  for (const record of records) {
    if (record.kind === 'acknowledgement') continue;
    await closeSupervision({ petitionId: ctx.state.petitionId, deadlineId: record.id, closedAt: new Date().toISOString(), outcome });
  }
}
