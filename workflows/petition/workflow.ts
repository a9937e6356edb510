import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { NoticeRequest, PetitionPatch } from '../../activities/types';
import { LeadDepartment, PetitionStatus as StatusKey, NextDueTime } from '../search-attributes';
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
import {
  refuse,
  validateAccept,
  validateArchive,
  validateAssign,
  validateDecline,
  validateFeedback,
  validateReply,
} from './transitions';
import { handlingDueAt } from './policy-limits';

type Activities = ReturnType<typeof createActivities>;

// The record store and the mail server may be down for a while: keep retrying, a notice must not be lost.
const { recordTransition, findUnknownDepartments } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { sendNotice } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

export async function petitionWorkflow(input: PetitionWorkflowInput): Promise<PetitionState> {
  const state: PetitionState = {
    number: input.number,
    petitionId: input.petitionId,
    status: 'registered',
    policyId: input.policyId,
    channel: input.channel,
    category: input.category,
    peopleCount: input.peopleCount,
    anonymous: input.anonymous,
    receivedAt: input.receivedAt,
    cooperatingDepartments: [],
    timeline: [{ type: 'registered', at: input.receivedAt, actor: input.registeredBy }],
  };
  const outbox: NoticeRequest[] = [];

  async function transition(
    type: string,
    actor: string,
    patch: PetitionPatch,
    payload: Record<string, unknown> = {},
    documentId?: string,
  ): Promise<string> {
    const at = new Date().toISOString();
    const index = state.timeline.length;
    state.timeline.push({ type, at, actor });
    if (patch.status) state.status = patch.status;
    upsertSearchAttributes([
      { key: StatusKey, value: state.status },
      { key: LeadDepartment, value: state.leadDepartment ?? null },
      { key: NextDueTime, value: state.dueAt && !isClosed() ? new Date(state.dueAt) : null },
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

  function queueNotice(notice: Omit<NoticeRequest, 'petitionId' | 'number' | 'idempotencyKey'>, key: string): void {
    const target = notice.departmentCode ?? 'petitioner';
    outbox.push({ ...notice, petitionId: state.petitionId, number: state.number, idempotencyKey: `${key}:${notice.kind}:${target}` });
  }

  function isClosed(): boolean {
    return state.status === 'archived' || state.status === 'declined';
  }

  setHandler(petitionStateQuery, () => state);

  setHandler(
    acceptUpdate,
    async (command) => {
      state.acceptedAt = new Date().toISOString();
      const key = await transition('accepted', command.actor, { status: 'accepted' });
      queueNotice({ kind: 'acceptance' }, key);
      return state;
    },
    { validator: (_command) => validateAccept(state) },
  );

  setHandler(
    declineUpdate,
    async (command) => {
      state.declinedAt = new Date().toISOString();
      const key = await transition('declined', command.actor, { status: 'declined' }, {}, command.documentId);
      queueNotice({ kind: 'decline' }, key);
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
      state.dueAt = command.dueAt ? new Date(command.dueAt).toISOString() : handlingDueAt(state).toISOString();
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
      queueNotice({ kind: 'assignment', departmentCode: state.leadDepartment, departmentRole: 'lead' }, key);
      for (const code of state.cooperatingDepartments) {
        queueNotice({ kind: 'assignment', departmentCode: code, departmentRole: 'cooperating' }, key);
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
      const key = await transition(
        'replied',
        command.actor,
        { status: 'replied' },
        { department: command.department, documentId: command.documentId },
        command.documentId,
      );
      queueNotice({ kind: 'reply' }, key);
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
      await transition('archived', command.actor, { status: 'archived', closedAt: state.archivedAt });
      return state;
    },
    { validator: (_command) => validateArchive(state) },
  );

  // Notices go out in order, one at a time, outside the update handlers so a slow mail server never holds up staff.
  while (!(state.status === 'archived' && outbox.length === 0)) {
    await condition(() => outbox.length > 0 || (state.status === 'archived' && outbox.length === 0));
    const next = outbox.shift();
    if (next) await sendNotice(next);
  }
  await condition(allHandlersFinished);
  return state;
}
