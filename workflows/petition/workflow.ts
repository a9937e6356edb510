import { allHandlersFinished, condition, log, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { NoticeRequest, PetitionPatch } from '../../activities/types';
import type { EventType } from '../domain/events';
import { LeadDepartment, NextDueTime, Overdue, PetitionStatus as StatusKey } from '../search-attributes';
import { findUnknownDepartments, recordTransition, sendNotice } from './activity-proxies';
import { noticeRequest, type PetitionContext } from './context';
import { nextDueAt } from './deadline-book';
import { installDeadlineHandlers } from './deadline-handlers';
import {
  closeAllDeadlines,
  leadHandlingDueAt,
  meetAcceptance,
  onReplied,
  openAssignmentDeadlines,
  startDeadlines,
} from './deadline-lifecycle';
import { nextStepAt, runDueSteps } from './deadline-watch';
import {
  acceptUpdate,
  archiveUpdate,
  assignUpdate,
  declineUpdate,
  feedbackUpdate,
  petitionStateQuery,
  replyUpdate,
  type PetitionState,
  type PetitionWorkflowInput,
} from './messages';
import { calendarFor, handlingDueAt, policyFor } from './policy-limits';
import {
  refuse,
  validateAccept,
  validateArchive,
  validateAssign,
  validateDecline,
  validateFeedback,
  validateReply,
} from './transitions';


export async function petitionWorkflow(input: PetitionWorkflowInput): Promise<PetitionState> {
  const policy = policyFor(input);
  const calendar = calendarFor(input);
  const state: PetitionState = {
    number: input.number,
    petitionId: input.petitionId,
    status: 'registered',
    policyId: input.policyId,
    policyVersion: input.policyVersion ?? policy.version,
    calendarVersion: calendar.version,
    channel: input.channel,
    category: input.category,
    peopleCount: input.peopleCount,
    anonymous: input.anonymous,
    receivedAt: input.receivedAt,
    cooperatingDepartments: [],
    timeline: [{ type: 'registered', at: input.receivedAt, actor: input.registeredBy }],
    deadlines: [],
    overdue: false,
    firedSteps: [],
  };
  if (input.policyVersion && input.policyVersion !== policy.version) {
    log.warn('policy file changed since registration', { number: input.number, registered: input.policyVersion, loaded: policy.version });
  }
  const outbox: NoticeRequest[] = [];
  // Bumped on every change, so the deadline watch recomputes its next instant.
  let revision = 0;

  function isClosed(): boolean {
    return state.status === 'archived' || state.status === 'declined';
  }

  async function transition(
    type: EventType,
    actor: string,
    patch: PetitionPatch,
    payload: Record<string, unknown> = {},
    documentId?: string,
  ): Promise<string> {
    const at = new Date().toISOString();
    const index = state.timeline.length;
    state.timeline.push({ type, at, actor });
    if (patch.status) state.status = patch.status;
    revision++;
    const nextDue = isClosed() ? null : nextDueAt(state);
    upsertSearchAttributes([
      { key: StatusKey, value: state.status },
      { key: LeadDepartment, value: state.leadDepartment ?? null },
      { key: NextDueTime, value: nextDue },
      { key: Overdue, value: state.overdue === true },
    ]);
    await recordTransition({
      petitionId: state.petitionId,
      number: state.number,
      type,
      actor,
      occurredAt: at,
      payload,
      patch,
      documentId,
      idempotencyKey: `${workflowInfo().workflowId}:${index}:${type}`,
    });
    return `${state.number}:${index}`;
  }

  const ctx: PetitionContext = {
    state,
    policy,
    calendar,
    workflowId: workflowInfo().workflowId,
    transition,
    isClosed,
    queueNotice(notice, key) {
      // Key shapes as stored since the first release: a handler's mail names its addressee, a deadline notice does not.
      const target = notice.kind === 'extension' || notice.kind === 'leadershipAlert' ? '' : `:${'departmentCode' in notice ? notice.departmentCode : 'petitioner'}`;
      outbox.push(noticeRequest(state, notice, `${key}:${notice.kind}${target}`));
    },
  };

  setHandler(petitionStateQuery, () => state);
  installDeadlineHandlers(ctx);

  setHandler(
    acceptUpdate,
    async (command) => {
      state.acceptedAt = new Date().toISOString();
      meetAcceptance(ctx);
      const key = await transition('accepted', command.actor, { status: 'accepted' });
      ctx.queueNotice({ kind: 'acceptance', expectedBy: handlingDueAt(state, ctx.calendar).toISOString() }, key);
      return state;
    },
    { validator: (_command) => validateAccept(state) },
  );

  setHandler(
    declineUpdate,
    async (command) => {
      state.declinedAt = new Date().toISOString();
      meetAcceptance(ctx);
      await closeAllDeadlines(ctx);
      const key = await transition('declined', command.actor, { status: 'declined' }, {}, command.documentId);
      ctx.queueNotice({ kind: 'decline' }, key);
      return state;
    },
    { validator: (command) => validateDecline(state, command) },
  );

  setHandler(
    assignUpdate,
    async (command) => {
      const unknown = await findUnknownDepartments([command.leadDepartment, ...command.cooperatingDepartments]);
      if (unknown.length > 0) {
        refuse(`未知部门：${unknown.join('、')}`, `unknown department: ${unknown.join(', ')}`, 'UnknownDepartment');
      }
      // Another update may have moved the petition on while the departments were being looked up.
      validateAssign(state, command, new Date());
      state.assignedAt = new Date().toISOString();
      state.leadDepartment = command.leadDepartment;
      state.cooperatingDepartments = [...command.cooperatingDepartments];
      openAssignmentDeadlines(ctx, command);
      state.dueAt = leadHandlingDueAt(ctx);
      const key = await transition(
        'assigned',
        command.actor,
        {
          status: 'assigned',
          leadDepartment: state.leadDepartment,
          cooperatingDepartments: state.cooperatingDepartments,
          dueAt: state.dueAt,
        },
        { leadDepartment: state.leadDepartment, cooperatingDepartments: state.cooperatingDepartments, dueAt: state.dueAt },
      );
      ctx.queueNotice({ kind: 'assignment', departmentCode: state.leadDepartment, departmentRole: 'lead' }, key);
      for (const code of state.cooperatingDepartments) {
        ctx.queueNotice({ kind: 'assignment', departmentCode: code, departmentRole: 'cooperating' }, key);
      }
      return state;
    },
    { validator: (command) => validateAssign(state, command, new Date()) },
  );

  setHandler(
    replyUpdate,
    async (command) => {
      state.repliedAt = new Date().toISOString();
      state.replyDocumentId = command.documentId;
      await onReplied(ctx);
      const key = await transition(
        'replied',
        command.actor,
        { status: 'replied' },
        { department: command.department, documentId: command.documentId },
        command.documentId,
      );
      ctx.queueNotice({ kind: 'reply' }, key);
      return state;
    },
    { validator: (command) => validateReply(state, command) },
  );

  setHandler(
    feedbackUpdate,
    async (command) => {
      state.fedBackAt = new Date().toISOString();
      state.satisfaction = command.satisfaction;
      await transition('fed_back', command.actor, { status: 'fed_back' }, { satisfaction: command.satisfaction }, command.documentId);
      return state;
    },
    { validator: (command) => validateFeedback(state, command) },
  );

  setHandler(
    archiveUpdate,
    async (command) => {
      state.archivedAt = new Date().toISOString();
      await closeAllDeadlines(ctx);
      await transition('archived', command.actor, { status: 'archived', closedAt: state.archivedAt });
      return state;
    },
    { validator: (_command) => validateArchive(state) },
  );

  await startDeadlines(ctx, input);
  upsertSearchAttributes([{ key: NextDueTime, value: nextDueAt(state) }]);

  // One loop does everything that is not a reply to staff: due deadline steps, then queued notices (in order, one at
  // a time, so a slow mail server never holds up an update), then one timer until the next step or the next change.
  for (;;) {
    await runDueSteps(ctx);
    const next = outbox.shift();
    if (next) {
      await sendNotice(next);
      continue;
    }
    if (state.status === 'archived') break;
    const seen = revision;
    const wakeAt = nextStepAt(ctx);
    const changed = () => outbox.length > 0 || revision !== seen || state.status === 'archived';
    if (wakeAt === undefined) await condition(changed);
    else await condition(changed, Math.max(1, wakeAt - Date.now()));
  }
  await condition(allHandlersFinished);
  return state;
}
