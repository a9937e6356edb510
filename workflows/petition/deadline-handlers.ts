/** Update handlers of the deadline side: 签收, 延期 (request, decision), 退回, 补充材料 (pause, resume), 复查/复核, 包案. */
import { setHandler } from '@temporalio/workflow';
import { staffRoleOf } from './activity-proxies';
import type { PetitionContext } from './context';
import {
  extendRunningDeadline,
  meetDeadlines,
  pauseRunningDeadlines,
  resumePausedDeadlines,
  runningHandlingDeadline,
} from './deadline-book';
import { cancelAssignmentDeadlines, leadHandlingDueAt, openReviewAnswer } from './deadline-lifecycle';
import {
  validateAcknowledge,
  validateDecideExtension,
  validatePauseClock,
  validateRequestExtension,
  validateRequestReview,
  validateResumeClock,
  validateReturnCase,
  validateTakeOwnership,
} from './deadline-transitions';
import {
  acknowledgeUpdate,
  decideExtensionUpdate,
  pauseClockUpdate,
  requestExtensionUpdate,
  requestReviewUpdate,
  resumeClockUpdate,
  returnCaseUpdate,
  takeOwnershipUpdate,
} from './messages';
import { refuse } from './transitions';

/** Leaders approve extensions and own cases; the record store knows who is a leader. */
async function requireLeader(actor: string, action: string): Promise<void> {
  const staffId = actor.startsWith('staff:') ? actor.slice('staff:'.length) : undefined;
  const role = staffId ? await staffRoleOf(staffId) : null;
  if (role !== 'leader' && role !== 'president') {
    refuse(`只有院领导可以${action}`, `only a hospital leader may ${action}; ${actor} is ${role ?? 'not a staff member'}`, 'NotAllowed');
  }
}

export function installDeadlineHandlers(ctx: PetitionContext): void {
  const { state } = ctx;

  setHandler(
    acknowledgeUpdate,
    async (command) => {
      const at = new Date().toISOString();
      (state.acknowledgements ??= {})[command.department] = at;
      meetDeadlines(state, (r) => r.kind === 'acknowledgement' && r.department === command.department, new Date(at));
      await ctx.transition('acknowledged', command.actor, {}, { department: command.department });
      return state;
    },
    { validator: (command) => validateAcknowledge(state, command) },
  );

  setHandler(
    requestExtensionUpdate,
    async (command) => {
      state.pendingExtension = { ...command, requestedAt: new Date().toISOString() };
      const key = await ctx.transition('extension_requested', command.actor, {}, { department: command.department, days: command.days }, command.documentId);
      // The leader in charge decides; the mail carries the approval link.
      ctx.queueNotice({ kind: 'extension-request', departmentCode: command.department, documentId: command.documentId }, key);
      return state;
    },
    { validator: (command) => validateRequestExtension(state, command, ctx.policy, ctx.calendar) },
  );

  setHandler(
    decideExtensionUpdate,
    async (command) => {
      await requireLeader(command.actor, '审批延期');
      validateDecideExtension(state, command);
      const request = state.pendingExtension!;
      delete state.pendingExtension;
      const record = runningHandlingDeadline(state, request.department);
      // The deadline may have passed while the leader was deciding: an overdue deadline is not extended.
      const approved = command.approve && record?.status === 'open' && !record.pausedAt;
      if (approved) {
        extendRunningDeadline(record, request.days, `见延期申请（文书 ${request.documentId}）`, new Date(), ctx.calendar);
        const granted = (state.extensionDaysGranted ??= {});
        granted[request.department] = (granted[request.department] ?? 0) + request.days;
        if (request.department === state.leadDepartment) state.dueAt = record.dueAt;
      }
      const key = await ctx.transition(
        approved ? 'extension_approved' : 'extension_refused',
        command.actor,
        approved && request.department === state.leadDepartment ? { dueAt: state.dueAt } : {},
        { department: request.department, days: request.days, dueAt: record?.dueAt ?? null, requestDocumentId: request.documentId },
        command.documentId,
      );
      if (approved && ctx.policy.extension?.petitionerToldReason) {
        ctx.queueNotice({ kind: 'extension', dueAt: record.dueAt, reasonDocumentId: request.documentId }, key);
      }
      return state;
    },
    { validator: (command) => validateDecideExtension(state, command) },
  );

  setHandler(
    returnCaseUpdate,
    async (command) => {
      await cancelAssignmentDeadlines(ctx);
      const previous = state.leadDepartment;
      state.leadDepartment = undefined;
      state.cooperatingDepartments = [];
      state.dueAt = undefined;
      state.acknowledgements = {};
      delete state.pendingExtension;
      await ctx.transition(
        'returned',
        command.actor,
        { status: 'accepted', leadDepartment: null, cooperatingDepartments: [], dueAt: null },
        { department: command.department, previousLeadDepartment: previous },
        command.documentId,
      );
      return state;
    },
    { validator: (command) => validateReturnCase(state, command) },
  );

  setHandler(
    pauseClockUpdate,
    async (command) => {
      const at = new Date();
      state.clockPaused = { at: at.toISOString(), actor: command.actor, documentId: command.documentId };
      const paused = pauseRunningDeadlines(state, at, ctx.calendar);
      await ctx.transition('clock_paused', command.actor, {}, { deadlines: paused.map((r) => r.id) }, command.documentId);
      return state;
    },
    { validator: (command) => validatePauseClock(state, command) },
  );

  setHandler(
    resumeClockUpdate,
    async (command) => {
      const at = new Date();
      const pausedSince = state.clockPaused!.at;
      delete state.clockPaused;
      const resumed = resumePausedDeadlines(state, at, ctx.calendar);
      state.dueAt = leadHandlingDueAt(ctx) ?? state.dueAt;
      await ctx.transition(
        'clock_resumed',
        command.actor,
        state.dueAt ? { dueAt: state.dueAt } : {},
        { pausedSince, deadlines: resumed.map((r) => ({ id: r.id, dueAt: r.dueAt })) },
      );
      return state;
    },
    { validator: (_command) => validateResumeClock(state) },
  );

  setHandler(
    requestReviewUpdate,
    async (command) => {
      const index = state.reviews?.length ?? 0;
      const stage = ctx.policy.review.stages[index];
      (state.reviews ??= []).push({ stage: stage.stage, requestedAt: new Date().toISOString(), documentId: command.documentId });
      openReviewAnswer(ctx, index);
      state.dueAt = state.deadlines!.find((r) => r.id === `reviewAnswer:${stage.stage}`)!.dueAt;
      await ctx.transition('review_requested', command.actor, { status: 'assigned', dueAt: state.dueAt }, { stage: stage.stage }, command.documentId);
      return state;
    },
    { validator: (command) => validateRequestReview(state, command, ctx.policy) },
  );

  setHandler(
    takeOwnershipUpdate,
    async (command) => {
      await requireLeader(command.actor, '包案');
      validateTakeOwnership(state, command);
      state.owner = { actor: command.actor, at: new Date().toISOString() };
      await ctx.transition('ownership_taken', command.actor, {}, {});
      return state;
    },
    { validator: (command) => validateTakeOwnership(state, command) },
  );
}
