/**
 * Where the lifecycle opens and closes deadlines: at registration (acceptance limit, leadership alerts), on
 * assignment (each department's handling limit and 签收), on the reply (review windows) and on closure.
 */
import { log, patched } from '@temporalio/workflow';
import { decideAlertReasons } from '../domain/alerts';
import { describeAmount, type Deadline } from '../deadlines';
import type { HandedDownMatter } from '../domain/handed-down';
import {
  authorityDeadline,
  cancelDeadlines,
  deadlinesOf,
  fixedDeadline,
  limitFields,
  meetDeadlines,
  openDeadline,
  openLimitDeadline,
  policyDeadline,
  statutoryHandlingDeadline,
  statutoryHandlingLimit,
} from './deadline-book';
import { startOfShanghaiDate } from '../domain/shanghai';
import { endSupervision } from './clock';
import type { PetitionContext } from './context';
import type { AlertReason, AssignCommand, PetitionWorkflowInput } from './messages';
import type { AcceptanceNoticeDelivery, DeadlineRecord, PetitionState } from './state';

/**
 * The patch under which a matter handed down from above (上级交办, 12345) runs on the authority's deadline when it is
 * earlier than the policy's and owes the authority its 办结报告 by its own due date. Runs started before it carry no
 * such record in their input and never call it.
 */
export const HANDED_DOWN_MATTER = 'handed-down-matter';

/** The patch under which an imported open row's leadership alert goes into the import's summary mail only. */
export const LEDGER_IMPORT_ALERT_IN_SUMMARY = 'ledger-import-alert-in-summary';

/**
 * The patch under which the policy's per-limit rules apply (decided once, at start: state.limitBasis): a statutory
 * limit is not extended by hospital closures, a `whenPassed: remindOwner` limit (医疗机构投诉管理办法's 首诉 target)
 * reminds its owner and is never escalated, and a handling variant with `appliesWhen` (10 working days for several
 * departments) applies on its own. Runs started before keep counting and supervising as they did.
 */
export const LIMIT_BASIS = 'limit-basis';
/** A passed internal target that has no department (首诉) reminds the 信访办 by mail (before it: the board only). */
export const OFFICE_OWNER_REMINDER = 'office-owner-reminder';

/**
 * The patch under which accepting opens the 受理告知书's own deadline (the policy's limits.acceptanceNotice, counted as
 * it says: 信访工作条例 15 days from receipt), met when the notice reaches the petitioner: the acceptance mail on its
 * send date, or the post or hand delivery staff record (recordAcceptanceNoticeDelivery). Runs accepted before it
 * have no such deadline and replay as they were.
 */
export const ACCEPTANCE_NOTICE_DUTY = 'acceptance-notice-duty';

function warnAboutFallbackYears(ctx: PetitionContext, id: string, deadline: Deadline): void {
  if (deadline.fallbackYears.length === 0) return;
  log.warn('deadline counted without an official holiday schedule', {
    number: ctx.state.number,
    deadlineId: id,
    fallbackYears: deadline.fallbackYears,
    warnings: deadline.warnings,
  });
}

/** The reasons decided at registration plus what the input shows (workflows/domain/alerts.ts decides both). */
export function alertReasonsFor(input: PetitionWorkflowInput): AlertReason[] {
  return decideAlertReasons(input, input.alerts ?? []);
}

export async function startDeadlines(ctx: PetitionContext, input: PetitionWorkflowInput): Promise<void> {
  if (patched(LIMIT_BASIS)) ctx.state.limitBasis = true;
  if (patched(OFFICE_OWNER_REMINDER)) ctx.state.officeReminders = true;
  const acceptance = openLimitDeadline(ctx.state, { id: 'acceptance', kind: 'acceptance' }, ctx.policy, ctx.policy.limits.acceptance, input.receivedAt, ctx.calendar, new Date(input.receivedAt));
  warnAboutFallbackYears(ctx, 'acceptance', acceptance.deadline);
  if (input.handedDown && patched(HANDED_DOWN_MATTER)) openHandedDownDeadlines(ctx, input.handedDown);
  const reasons = alertReasonsFor(input);
  ctx.state.alerts = reasons;
  if (reasons.length > 0) {
    // Patch ledger-import-alert-in-summary: an imported open row (集体访, 上级交办 …) is named with its reasons in the
    // import's one summary mail; its workflow records the alert but sends no mail of its own. Runs started before
    // the patch (and every petition registered by staff) keep the alert notice.
    const inSummary = input.ledgerImportId !== undefined && patched(LEDGER_IMPORT_ALERT_IN_SUMMARY);
    const key = await ctx.transition('leadership_alerted', 'system', {}, inSummary ? { reasons, ledgerImportId: input.ledgerImportId } : { reasons });
    if (!inSummary) ctx.queueNotice({ kind: 'leadershipAlert', reasons }, key);
  }
}

/**
 * 上级交办 / 12345: the authority's deadline for the whole matter (the 信访办 answers for it; met at 反馈) and, when
 * the authority asked for one, the 办结报告's own deadline (met when the report goes out), both as the authority set
 * them: fixed instants, not counted on the hospital's calendar.
 */
function openHandedDownDeadlines(ctx: PetitionContext, matter: HandedDownMatter): void {
  const { state, calendar } = ctx;
  state.handedDown = { ...matter };
  const now = new Date();
  const authorityRule = `上级交办期限（交办文号${matter.referenceNumber}）`;
  openDeadline(state, { id: 'handedDown', kind: 'handedDown' }, authorityDeadline(matter.dueAt, now, calendar, authorityRule, '上级机关交办时指定的办结期限'), now);
  if (matter.reportDueAt) {
    const reportRule = `办结报告期限（交办文号${matter.referenceNumber}）`;
    openDeadline(state, { id: 'authorityReport', kind: 'authorityReport' }, authorityDeadline(matter.reportDueAt, now, calendar, reportRule, '上级机关要求报送办结报告的期限'), now);
  }
}

/**
 * The policy's deadline, or the authority's when that is earlier: a handed-down matter runs on whichever comes first
 * (the department's handling limit, the reply date the petitioner is told).
 */
export function earlierOfAuthority(ctx: PetitionContext, deadline: Deadline, now: Date): Deadline {
  const matter = ctx.state.handedDown;
  if (!matter || Date.parse(matter.dueAt) >= deadline.dueAt.getTime()) return deadline;
  const fixed = authorityDeadline(matter.dueAt, now, ctx.calendar, `上级交办期限（交办文号${matter.referenceNumber}，早于${deadline.rule}）`, '上级机关交办时指定的办结期限早于本院办理规则的期限，按上级机关的期限办理');
  return fixed;
}

export function meetAcceptance(ctx: PetitionContext): void {
  meetDeadlines(ctx.state, (r) => r.kind === 'acceptance', new Date());
}

/** The next round of a petition's departmental deadlines: every assignment and every 重新处理 starts one. */
function assignmentRound(state: PetitionState): number {
  return state.timeline.filter((entry) => entry.type === 'assigned' || entry.type === 'reopened').length + 1;
}

/**
 * 重新处理 on new facts or evidence: each department assigned before gets a fresh handling limit (the policy's, for
 * that many departments) counted from the day the new material arrived, capped at the authority's date for a
 * handed-down matter, and a fresh 签收.
 */
export function openReopenedDeadlines(ctx: PetitionContext, receivedOn: string): void {
  const { state, policy, calendar } = ctx;
  const now = new Date();
  const round = assignmentRound(state);
  const departments = [state.leadDepartment!, ...(state.cooperatingDepartments ?? [])];
  const statutory = statutoryHandlingLimit(state, policy, departments.length);
  const limit = { ...statutory, label: `收到新的事实或证据之日起${describeAmount(statutory.amount, statutory.unit)}内重新处理` };
  for (const department of departments) {
    const id = `handling:${department}:${round}`;
    const handling = earlierOfAuthority(ctx, policyDeadline(policy, limit, startOfShanghaiDate(receivedOn), calendar, state), now);
    const record = openDeadline(state, { id, kind: 'handling', department }, handling, now);
    Object.assign(record, limitFields(state, limit));
    warnAboutFallbackYears(ctx, id, handling);
    openLimitDeadline(state, { id: `acknowledgement:${department}:${round}`, kind: 'acknowledgement', department }, policy, policy.limits.acknowledgement, now, calendar, now);
  }
}

/** Accepted: the written notice owes its own limit (none when the policy sets none, or before the patch). */
export function openAcceptanceNotice(ctx: PetitionContext): void {
  const { state, policy, calendar } = ctx;
  const limit = policy.limits.acceptanceNotice;
  // An anonymous petitioner cannot be written to: there is nobody to deliver the notice to.
  if (!limit || state.anonymous || !patched(ACCEPTANCE_NOTICE_DUTY)) return;
  const anchor = limit.from === 'acceptance' ? state.acceptedAt! : state.receivedAt;
  const record = openLimitDeadline(state, { id: 'acceptanceNotice', kind: 'acceptanceNotice' }, policy, limit, anchor, calendar, new Date());
  state.acceptanceNotice = {};
  warnAboutFallbackYears(ctx, record.id, record.deadline);
}

/** The 受理告知书's deadline while it still runs (the petition accepted under the patch, the notice not yet delivered). */
export function runningAcceptanceNotice(ctx: PetitionContext): DeadlineRecord | undefined {
  return deadlinesOf(ctx.state).find((r) => r.kind === 'acceptanceNotice' && (r.status === 'open' || r.status === 'overdue'));
}

/**
 * The 受理告知书 reached the petitioner (`delivery`; `at`, the instant it counts from): its deadline is met. Delivered
 * within the limit but recorded after the watch marked it overdue (a letter posted in time, entered later), it was
 * on time: the mark goes, and its 督办 item closes either way.
 */
export async function deliverAcceptanceNotice(ctx: PetitionContext, delivery: AcceptanceNoticeDelivery, at: Date, actor: string): Promise<void> {
  const { state } = ctx;
  const record = runningAcceptanceNotice(ctx);
  if (!record) return;
  state.acceptanceNotice = { ...state.acceptanceNotice, delivery };
  const late = meetDeadlines(state, (r) => r === record, at);
  if (at.getTime() <= Date.parse(record.dueAt)) delete record.overdueAt;
  await endSupervision(ctx, late, 'met');
  const payload = { deliveryMethod: delivery.method, deliveredOn: delivery.on, ...(delivery.trackingNumber ? { trackingNumber: delivery.trackingNumber } : {}) };
  await ctx.transition('acceptance_notice_delivered', actor, {}, payload);
}

/** One handling deadline and one 签收 deadline per department; a re-assignment after a return starts a new round. */
export function openAssignmentDeadlines(ctx: PetitionContext, command: AssignCommand): void {
  const { state, policy, calendar } = ctx;
  const now = new Date();
  const round = assignmentRound(state);
  const departments = [command.leadDepartment, ...command.cooperatingDepartments];
  const limit = statutoryHandlingLimit(state, policy, departments.length);
  for (const department of departments) {
    const explicit = department === command.leadDepartment ? command.dueAt : command.departmentDueAt?.[department];
    const handling = explicit
      ? earlierOfAuthority(ctx, fixedDeadline(new Date(explicit).toISOString(), now, calendar, policy), now)
      : earlierOfAuthority(ctx, statutoryHandlingDeadline(state, policy, calendar, departments.length), now);
    const handlingId = `handling:${department}:${round}`;
    const record = openDeadline(state, { id: handlingId, kind: 'handling', department }, handling, now);
    if (!explicit) Object.assign(record, limitFields(state, limit));
    warnAboutFallbackYears(ctx, handlingId, handling);
    openLimitDeadline(state, { id: `acknowledgement:${department}:${round}`, kind: 'acknowledgement', department }, policy, policy.limits.acknowledgement, now, calendar, now);
  }
}


/** The reply answers the departments' deadlines (or the review) and opens the petitioner's next review window. */
export async function onReplied(ctx: PetitionContext): Promise<void> {
  const { state, policy, calendar } = ctx;
  const now = new Date();
  const late = meetDeadlines(state, (r) => r.kind === 'handling' || r.kind === 'acknowledgement' || r.kind === 'reviewAnswer', now);
  await endSupervision(ctx, late, 'met');
  const stage = policy.review.stages[state.reviews?.length ?? 0];
  if (stage) {
    openLimitDeadline(state, { id: `reviewRequest:${stage.stage}`, kind: 'reviewRequest', stage: stage.stage }, policy, stage.requestWithin, now, calendar, now);
  }
}

// ---- Review before answer (patch reply-review) ----

/**
 * The department's reply on the review path: it answers the departments' deadlines as before and opens the office's
 * internal target for reviewing the draft 处理意见书 (the policy's 本院规定, none if the policy sets none); the
 * petitioner's review window waits for the delivery.
 */
export async function onRepliedForReview(ctx: PetitionContext): Promise<void> {
  const { state, policy, calendar } = ctx;
  const now = new Date();
  const late = meetDeadlines(state, (r) => r.kind === 'handling' || r.kind === 'acknowledgement' || r.kind === 'reviewAnswer', now);
  await endSupervision(ctx, late, 'met');
  const limit = policy.limits.replyReview;
  if (limit) {
    const round = deadlinesOf(state).filter((r) => r.kind === 'replyReview').length + 1;
    openLimitDeadline(state, { id: `replyReview:${round}`, kind: 'replyReview' }, policy, limit, now, calendar, now);
  }
}

/** The office decided on the draft (approved or returned): its review target is met. */
export async function meetReplyReview(ctx: PetitionContext): Promise<void> {
  const late = meetDeadlines(ctx.state, (r) => r.kind === 'replyReview', new Date());
  await endSupervision(ctx, late, 'met');
}

/**
 * A reply returned to the department: the limit it answered (its handling or review-answer deadline) runs again
 * with its own due instant (the law's date does not move because a draft was sent back), so a passed date is overdue
 * at once. Reminders already sent are not repeated.
 */
export function reopenAnsweredDeadline(ctx: PetitionContext): void {
  const { state } = ctx;
  const answered = deadlinesOf(state).filter(
    (r) => (r.kind === 'handling' || r.kind === 'reviewAnswer') && r.department === state.leadDepartment && r.status === 'met',
  ).at(-1);
  if (!answered) return;
  answered.status = answered.overdueAt ? 'overdue' : 'open';
  delete answered.closedAt;
  answered.armedAt = new Date().toISOString();
}

/** Delivered (送达) on a Shanghai date: the petitioner's next review window counts from that day. */
export function openReviewWindowFromDelivery(ctx: PetitionContext, deliveredOn: string): void {
  const { state, policy, calendar } = ctx;
  const stage = policy.review.stages[state.reviews?.length ?? 0];
  if (!stage) return;
  const id = `reviewRequest:${stage.stage}`;
  if (deadlinesOf(state).some((r) => r.id === id)) return;
  openLimitDeadline(state, { id, kind: 'reviewRequest', stage: stage.stage }, policy, stage.requestWithin, startOfShanghaiDate(deliveredOn), calendar, new Date());
}

/**
 * A request for review opens the answer limit for the lead department, which replies again. The limit counts from
 * the day the request reached the hospital (`receivedOn`, the day itself not counted), else from now.
 */
export function openReviewAnswer(ctx: PetitionContext, stageIndex: number, receivedOn?: string): void {
  const { state, policy, calendar } = ctx;
  const now = new Date();
  const stage = policy.review.stages[stageIndex];
  meetDeadlines(state, (r) => r.kind === 'reviewRequest' && r.stage === stage.stage, now);
  openLimitDeadline(state, { id: `reviewAnswer:${stage.stage}`, kind: 'reviewAnswer', department: state.leadDepartment, stage: stage.stage }, policy, stage.answerWithin, receivedOn ? startOfShanghaiDate(receivedOn) : now, calendar, now);
}

/** Returned case: that round's departments are off the hook; intake assigns again. */
export async function cancelAssignmentDeadlines(ctx: PetitionContext): Promise<void> {
  const dropped = cancelDeadlines(ctx.state, (r) => r.kind === 'handling' || r.kind === 'acknowledgement', new Date());
  await endSupervision(ctx, dropped, 'cancelled');
}

/**
 * A handed-down matter finished (反馈) or declined (不予受理): the authority's deadline is met and, when it asked for
 * one and none went out yet, so is the 办结报告's; returns whether the report is to go out now (reportToAuthority).
 */
export async function settleHandedDown(ctx: PetitionContext): Promise<boolean> {
  const { state } = ctx;
  const matter = state.handedDown;
  if (!matter) return false;
  const now = new Date();
  const owed = matter.reportDueAt !== undefined && matter.reportedAt === undefined;
  if (owed) matter.reportedAt = now.toISOString();
  const late = meetDeadlines(state, (r) => r.kind === 'handedDown' || (owed && r.kind === 'authorityReport'), now);
  await endSupervision(ctx, late, 'met');
  return owed;
}

/** The 办结报告 to the authority's mailbox: a notice with its own due date, its record and this event on the trail. */
export async function reportToAuthority(ctx: PetitionContext, actor: string): Promise<void> {
  const matter = ctx.state.handedDown!;
  const key = await ctx.transition('authority_reported', actor, {}, { authority: matter.authority, referenceNumber: matter.referenceNumber, reportDueAt: matter.reportDueAt });
  ctx.queueNotice({ kind: 'authority-report', authority: matter.authority, referenceNumber: matter.referenceNumber, dueAt: matter.reportDueAt! }, key);
}

/** A closed petition (declined, archived) has no pending timer: nothing is reminded or escalated after closure. */
export async function closeAllDeadlines(ctx: PetitionContext): Promise<void> {
  const dropped = cancelDeadlines(ctx.state, () => true, new Date());
  await endSupervision(ctx, dropped, 'cancelled');
}
