/**
 * What the intake office (信访接待) does to a petition: accept or decline it, assign it to departments, record the
 * petitioner's feedback, archive it, and open a review
 * (复查/复核) the petitioner asked for; review the department's reply before the petitioner is answered (审核通过
 * the edited 处理意见书, or 退回 to the department with a note).
 */
import { patched } from '@temporalio/workflow';
import { findUnknownDepartments } from './activity-proxies';
import { REVIEW_BY_AUTHORITY, requestReviewFromAuthority } from './authority-review';
import { handleUpdate, type PetitionContext } from './context';
import { deadlinesOf, leadHandlingDueAt } from './deadline-book';
import {
  closeAllDeadlines,
  deliverAcceptanceNotice,
  openAcceptanceNotice,
  meetAcceptance,
  meetReplyReview,
  openAssignmentDeadlines,
  openReviewAnswer,
  openReviewWindowFromDelivery,
  reportToAuthority,
  settleHandedDown,
  reopenAnsweredDeadline,
} from './deadline-lifecycle';
import { shanghaiDate, startOfShanghaiDate } from '../domain/shanghai';
import {
  acceptUpdate,
  recordAcceptanceNoticeDeliveryUpdate,
  approveReplyUpdate,
  archiveUpdate,
  assignUpdate,
  declineUpdate,
  feedbackUpdate,
  requestReviewUpdate,
  returnReplyUpdate,
  type AssignCommand,
} from './messages';
import { handlingDueAt } from './policy-limits';
import {
  deliveredOn,
  refuse,
  validateAccept,
  validateRecordAcceptanceNoticeDelivery,
  validateApproveReply,
  validateArchive,
  validateAssign,
  validateAssignWithinStatute,
  validateDecline,
  validateFeedback,
  validateRequestReview,
  reviewReceivedOn,
  validateReturnReply,
} from './validators';

export function installIntakeHandlers(ctx: PetitionContext): void {
  const { state } = ctx;

  handleUpdate(ctx, acceptUpdate, () => validateAccept(state), async (command) => {
    state.acceptedAt = new Date().toISOString();
    // Counted once, on the petition's pinned calendar: the acceptance notice and the printed letter both read it.
    const policyReplyBy = handlingDueAt(state, ctx.policy, ctx.calendar).toISOString();
    // A handed-down matter: the authority's date when it comes first.
    state.expectedReplyBy = state.handedDown && Date.parse(state.handedDown.dueAt) < Date.parse(policyReplyBy) ? state.handedDown.dueAt : policyReplyBy;
    meetAcceptance(ctx);
    openAcceptanceNotice(ctx);
    const key = await ctx.transition('accepted', command.actor, { status: 'accepted' }, { expectedReplyBy: state.expectedReplyBy });
    ctx.queueNotice({ kind: 'acceptance', expectedBy: state.expectedReplyBy }, key);
  });

  // 受理告知书 posted (挂号信) or handed over, for a petitioner without e-mail: met as of that day.
  handleUpdate(ctx, recordAcceptanceNoticeDeliveryUpdate, (command) => validateRecordAcceptanceNoticeDelivery(state, command, new Date()), async (command) => {
    const now = new Date();
    const record = deadlinesOf(state).find((r) => r.kind === 'acceptanceNotice')!;
    // Today: now; an earlier day: that day (never before the deadline opened, i.e. the acceptance).
    const at = command.deliveredOn === shanghaiDate(now) ? now : new Date(Math.max(startOfShanghaiDate(command.deliveredOn).getTime(), Date.parse(record.openedAt)));
    const delivery = {
      method: command.deliveryMethod,
      on: command.deliveredOn,
      recordedAt: now.toISOString(),
      ...(command.trackingNumber ? { trackingNumber: command.trackingNumber } : {}),
    };
    await deliverAcceptanceNotice(ctx, delivery, at, command.actor);
  });

  handleUpdate(ctx, declineUpdate, (command) => validateDecline(state, command), async (command) => {
    state.declinedAt = new Date().toISOString();
    meetAcceptance(ctx);
    // A handed-down matter declined: the authority is told too (its 办结报告 states the decision).
    const reportOwed = await settleHandedDown(ctx);
    await closeAllDeadlines(ctx);
    const key = await ctx.transition('declined', command.actor, { status: 'declined' }, {}, command.documentId);
    ctx.queueNotice({ kind: 'decline' }, key);
    if (reportOwed) await reportToAuthority(ctx, command.actor);
  });

  // A later slip date than the law's is refused on admission only (see validateAssignWithinStatute).
  const withinStatute = (command: AssignCommand) => validateAssignWithinStatute(state, command, ctx.policy, ctx.calendar);
  handleUpdate(ctx, assignUpdate, (command) => validateAssign(state, command, new Date()), async (command) => {
    const unknown = await findUnknownDepartments([command.leadDepartment, ...command.cooperatingDepartments]);
    if (unknown.length > 0) {
      refuse(`未知部门：${unknown.join('、')}`, `unknown department: ${unknown.join(', ')}`, 'UnknownDepartment');
    }
    // The look-up took a while: the given due time must still be ahead.
    validateAssign(state, command, new Date());
    state.assignedAt = new Date().toISOString();
    state.leadDepartment = command.leadDepartment;
    state.cooperatingDepartments = [...command.cooperatingDepartments];
    openAssignmentDeadlines(ctx, command);
    state.dueAt = leadHandlingDueAt(state);
    const key = await ctx.transition(
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
  }, withinStatute);

  handleUpdate(ctx, feedbackUpdate, (command) => validateFeedback(state, command, new Date()), async (command) => {
    const now = new Date();
    state.fedBackAt = now.toISOString();
    state.satisfaction = command.satisfaction;
    const payload: Record<string, unknown> = { satisfaction: command.satisfaction };
    if (command.deliveryMethod) {
      state.delivery = { method: command.deliveryMethod, on: deliveredOn(state, command, now), recordedAt: now.toISOString() };
      payload.deliveryMethod = state.delivery.method;
      payload.deliveredOn = state.delivery.on;
    }
    // The review path: the petitioner's window counts from the delivery (送达), not from the department's reply.
    if (state.replyReview) openReviewWindowFromDelivery(ctx, state.delivery?.on ?? shanghaiDate(now));
    await ctx.transition('fed_back', command.actor, { status: 'fed_back' }, payload, command.documentId);
    if (await settleHandedDown(ctx)) await reportToAuthority(ctx, command.actor);
  });

  handleUpdate(ctx, approveReplyUpdate, (command) => validateApproveReply(state, command), async (command) => {
    const review = state.replyReview!;
    state.replyReview = { ...review, status: 'approved', letterDocumentId: command.documentId, approvedAt: new Date().toISOString() };
    await meetReplyReview(ctx);
    const key = await ctx.transition('reply_approved', command.actor, {}, { replyDocumentId: review.replyDocumentId }, command.documentId);
    // Only the approved text reaches the petitioner.
    ctx.queueNotice({ kind: 'reply', letterDocumentId: command.documentId }, key);
  });

  handleUpdate(ctx, returnReplyUpdate, (command) => validateReturnReply(state, command), async (command) => {
    const review = state.replyReview!;
    const department = state.leadDepartment!;
    state.replyReview = { ...review, status: 'returned', returns: review.returns + 1 };
    await meetReplyReview(ctx);
    reopenAnsweredDeadline(ctx);
    state.dueAt = leadHandlingDueAt(state) ?? state.dueAt;
    const key = await ctx.transition(
      'reply_returned',
      command.actor,
      { status: 'assigned', ...(state.dueAt ? { dueAt: state.dueAt } : {}) },
      { department, replyDocumentId: review.replyDocumentId },
      command.documentId,
    );
    ctx.queueNotice({ kind: 'reply-returned', departmentCode: department, documentId: command.documentId }, key);
  });

  handleUpdate(ctx, archiveUpdate, () => validateArchive(state), async (command) => {
    state.archivedAt = new Date().toISOString();
    await closeAllDeadlines(ctx);
    await ctx.transition('archived', command.actor, { status: 'archived', closedAt: state.archivedAt });
  });

  handleUpdate(ctx, requestReviewUpdate, (command) => validateRequestReview(state, command, ctx.policy), async (command) => {
    // Since review-by-authority the authority above answers (authority-review.ts); runs that asked before, and
    // their lead department's answer, replay as they ran.
    if (patched(REVIEW_BY_AUTHORITY)) {
      await requestReviewFromAuthority(ctx, command, reviewReceivedOn(state, command, new Date()));
      return;
    }
    const index = state.reviews?.length ?? 0;
    const stage = ctx.policy.review.stages[index];
    // Commands before receivedOn existed count from the moment the request was entered, as they always did.
    const receivedOn = command.receivedOn ? reviewReceivedOn(state, command, new Date()) : undefined;
    const late = command.acceptLate === true;
    (state.reviews ??= []).push({
      stage: stage.stage,
      requestedAt: new Date().toISOString(),
      documentId: command.documentId,
      ...(receivedOn ? { receivedOn } : {}),
      ...(late ? { late } : {}),
    });
    openReviewAnswer(ctx, index, receivedOn);
    state.dueAt = state.deadlines!.find((r) => r.id === `reviewAnswer:${stage.stage}`)!.dueAt;
    const payload = { stage: stage.stage, ...(receivedOn ? { receivedOn } : {}), ...(late ? { late } : {}) };
    await ctx.transition('review_requested', command.actor, { status: 'assigned', dueAt: state.dueAt }, payload, command.documentId);
  });
}
