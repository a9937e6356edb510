/**
 * Every update's validator: pure checks of a command against the state and the pinned policy, run when the update is
 * admitted and again when its handler gets the lock (an earlier command may have changed the state meanwhile).
 * A refusal is an ApplicationFailure of a type in refusalTypes whose message is Chinese first, then English, so the
 * API can pass it on as-is (HTTP 409).
 */
import { isKeyOf } from '../domain/keys';
import { ApplicationFailure } from '@temporalio/workflow';
import { satisfactionLevels, statuses, type PetitionStatus } from '../domain/catalog';
import { checkExtension, type PauseGround, type Policy, type WorkCalendar } from '../deadlines';
import { roles } from '../domain/roles';
import { formatDue, formatDueChinese } from '../domain/due';
import { deadlinesOf, runningHandlingDeadline, statutoryHandlingDeadline } from './deadline-book';
import { deliveryMethods } from '../domain/catalog';
import { isoDate, parseIsoDate, shanghaiDate, shanghaiDayOf } from '../domain/shanghai';
import type {
  AcknowledgeCommand,
  ApproveReplyCommand,
  AssignCommand,
  DecideExtensionCommand,
  DeclineCommand,
  FeedbackCommand,
  PauseClockCommand,
  ReopenCommand,
  RecordAcceptanceNoticeDeliveryCommand,
  ReplyCommand,
  RequestExtensionCommand,
  RequestReviewCommand,
  ReturnCaseCommand,
  ReturnReplyCommand,
  TakeOwnershipCommand,
} from './messages';
import { isClosed, type PetitionState } from './state';
import { isManualAcceptanceNoticeMethod } from '../domain/acceptance-notice';

export function refuse(reasonZh: string, reasonEn: string, type = 'InvalidTransition'): never {
  throw ApplicationFailure.create({ message: `${reasonZh} (${reasonEn})`, type, nonRetryable: true });
}

/** A real YYYY-MM-DD date (2026-02-30 is none): parseIsoDate throws on it, which must be a refusal, not a crash. */
function isCalendarDate(on: unknown): on is string {
  if (typeof on !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(on)) return false;
  try {
    return isoDate(parseIsoDate(on)) === on;
  } catch {
    return false;
  }
}

function requireStatus(state: PetitionState, action: string, allowed: PetitionStatus[]): void {
  if (allowed.includes(state.status)) return;
  const allowedZh = allowed.map((s) => `“${statuses[s]}”`).join('或');
  refuse(
    `当前状态为“${statuses[state.status]}”，只有${allowedZh}状态才能${action}`,
    `${action} requires status ${allowed.join(' or ')}, current status is ${state.status}`,
  );
}

function requireText(value: string | undefined, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') refuse(`缺少 ${field}`, `${field} is required`);
}

export function validateAccept(state: PetitionState): void {
  requireStatus(state, '受理', ['registered']);
}

/**
 * 受理告知书 by post or by hand: only for an accepted petition whose notice is still owed, on a day neither in the future
 * nor before the acceptance; an e-mail the workflow recorded is not entered again.
 */
export function validateRecordAcceptanceNoticeDelivery(state: PetitionState, command: RecordAcceptanceNoticeDeliveryCommand, now: Date): void {
  if (state.status === 'registered' || state.status === 'declined' || !state.acceptedAt) {
    refuse('尚未受理，没有受理告知书可登记送达', 'the petition has not been accepted');
  }
  const delivered = state.acceptanceNotice?.delivery;
  if (delivered) {
    refuse(`受理告知书已于${delivered.on}${deliveryMethods[delivered.method]}送达，无需重复登记`, 'the acceptance notice has already been delivered');
  }
  const record = deadlinesOf(state).find((r) => r.kind === 'acceptanceNotice');
  if (!record) refuse('本事项受理时未设受理告知书送达期限（按原办理规则受理），无需登记', 'no acceptance notice deadline');
  if (record.status !== 'open' && record.status !== 'overdue') refuse('受理告知书送达期限已结束，不能再登记', 'the acceptance notice deadline is closed');
  if (!isManualAcceptanceNoticeMethod(command.deliveryMethod)) {
    refuse('送达方式须为邮寄或当面送达（电子邮件由系统在发出时自动登记）', 'deliveryMethod must be post or in_person');
  }
  const on = command.deliveredOn;
  if (!isCalendarDate(on)) {
    refuse('请填写寄出或送达日期（年-月-日）', 'deliveredOn must be a YYYY-MM-DD date');
  }
  if (parseIsoDate(on) > shanghaiDayOf(now)) refuse('寄出或送达日期不能晚于今天', 'deliveredOn is in the future');
  const acceptedOn = shanghaiDate(state.acceptedAt);
  if (on < acceptedOn) refuse(`寄出或送达日期不能早于受理之日（${acceptedOn}）`, 'deliveredOn is before the acceptance');
  if (command.trackingNumber !== undefined && command.deliveryMethod !== 'post') refuse('当面送达无须填写挂号单号', 'trackingNumber is for post only');
}

export function validateDecline(state: PetitionState, command: DeclineCommand): void {
  requireStatus(state, '不予受理', ['registered']);
  requireText(command.documentId, 'documentId');
}

export function validateAssign(state: PetitionState, command: AssignCommand, now: Date): void {
  requireStatus(state, '交办', ['accepted']);
  requireText(command.leadDepartment, 'leadDepartment');
  if (command.cooperatingDepartments.includes(command.leadDepartment)) {
    refuse('牵头部门不能同时作为协办部门', 'leadDepartment must not also be a cooperating department');
  }
  if (new Set(command.cooperatingDepartments).size !== command.cooperatingDepartments.length) {
    refuse('协办部门重复', 'cooperatingDepartments contains duplicates');
  }
  if (command.dueAt !== undefined) {
    const due = Date.parse(command.dueAt);
    if (Number.isNaN(due)) refuse('办理期限不是有效时间', 'dueAt is not a valid instant');
    if (due <= now.getTime()) refuse('办理期限必须晚于当前时间', 'dueAt must be in the future');
  }
}

/**
 * A due date written on the slip may shorten the statutory handling limit, never lengthen it (a date past it, e.g.
 * 9999-12-31, would leave the matter unwatched for the law's period). Checked when an assignment is admitted only:
 * petitions assigned before this rule replay their assignment as it was.
 */
export function validateAssignWithinStatute(state: PetitionState, command: AssignCommand, policy: Policy, calendar: WorkCalendar): void {
  const explicit = [
    ...(command.dueAt !== undefined ? [[command.leadDepartment, command.dueAt] as const] : []),
    ...Object.entries(command.departmentDueAt ?? {}),
  ];
  if (explicit.length === 0) return;
  const statutory = statutoryHandlingDeadline(state, policy, calendar, 1 + command.cooperatingDepartments.length);
  for (const [department, dueAt] of explicit) {
    const due = Date.parse(dueAt);
    if (Number.isNaN(due)) refuse('办理期限不是有效时间', 'dueAt is not a valid instant');
    if (due > statutory.dueAt.getTime()) {
      refuse(
        `${department}的办理期限不得晚于法定期限${formatDueChinese(statutory.dueAt)}（${statutory.rule}），只能提前`,
        `the due date for ${department} must not be later than the statutory deadline ${statutory.dueAt.toISOString()}`,
      );
    }
  }
}

export function validateReply(state: PetitionState, command: ReplyCommand): void {
  requireStatus(state, '承办答复', ['assigned']);
  requireText(command.documentId, 'documentId');
  if (command.department !== state.leadDepartment) {
    refuse(
      `只有牵头部门（${state.leadDepartment}）可以提交答复`,
      `only the lead department ${state.leadDepartment} may reply, got ${command.department}`,
    );
  }
}

export function validateFeedback(state: PetitionState, command: FeedbackCommand, now: Date): void {
  requireStatus(state, '反馈', ['replied']);
  if (!isKeyOf(satisfactionLevels, command.satisfaction)) {
    refuse('满意度取值无效', `satisfaction must be one of ${Object.keys(satisfactionLevels).join(', ')}`);
  }
  if (state.replyReview && state.replyReview.status !== 'approved') {
    refuse('处理意见书尚未经信访办审核通过，不能反馈', 'the written reply has not been approved yet');
  }
  if (command.deliveryMethod === undefined) return;
  if (!isKeyOf(deliveryMethods, command.deliveryMethod)) {
    refuse('送达方式无效', `deliveryMethod must be one of ${Object.keys(deliveryMethods).join(', ')}`);
  }
  deliveredOn(state, command, now);
}

/**
 * The Shanghai date the written reply reached the petitioner: an e-mail's send date (recorded by the workflow when
 * the mail went out), otherwise the date staff entered, which may be neither in the future nor before the reply
 * was approved. Refuses what cannot be a delivery.
 */
export function deliveredOn(state: PetitionState, command: FeedbackCommand, now: Date): string {
  const approvedAt = state.replyReview?.approvedAt ?? state.repliedAt;
  if (command.deliveryMethod === 'email') {
    if (state.replyMailedAt) return shanghaiDate(state.replyMailedAt);
    // Replied before the review step: the reply was mailed at once, on the reply's day.
    if (!state.replyReview && state.repliedAt) return shanghaiDate(state.repliedAt);
    refuse('处理意见书邮件尚未发出（信访人未留邮箱或尚在发送），请选择邮寄、当面送达或电话告知，并填写送达日期', 'the reply mail has not been sent');
  }
  const on = command.deliveredOn;
  if (!isCalendarDate(on)) {
    refuse('请填写送达日期（年-月-日）', 'deliveredOn must be a YYYY-MM-DD date');
  }
  const day = parseIsoDate(on);
  if (day > shanghaiDayOf(now)) refuse('送达日期不能晚于今天', 'deliveredOn is in the future');
  if (approvedAt && day < shanghaiDayOf(approvedAt)) {
    refuse(`送达日期不能早于处理意见书${state.replyReview ? '审核通过' : '答复'}之日（${shanghaiDate(approvedAt)}）`, 'deliveredOn is before the reply was approved');
  }
  return on;
}

/** 审核处理意见书: only a department's reply that waits for the office's review. */
function requirePendingReview(state: PetitionState, action: string): void {
  requireStatus(state, action, ['replied']);
  if (state.replyReview?.status !== 'pending') {
    refuse(`没有待审核的承办答复，不能${action}`, `${action} requires a reply waiting for review`);
  }
}

export function validateApproveReply(state: PetitionState, command: ApproveReplyCommand): void {
  requirePendingReview(state, '审核通过处理意见书');
  requireText(command.documentId, 'documentId');
}

export function validateReturnReply(state: PetitionState, command: ReturnReplyCommand): void {
  requirePendingReview(state, '退回承办部门修改');
  requireText(command.documentId, 'documentId');
}

export function validateArchive(state: PetitionState): void {
  requireStatus(state, '归档', ['fed_back', 'declined']);
  const review = state.reviews?.at(-1);
  if (review?.addressedTo === 'authority' && !review.answeredAt) {
    refuse('上级机关尚未作出复查（复核）意见，请登记其意见后再归档', 'a review is pending with the authority above');
  }
}

// ---- Deadline side: 签收, 延期, 退回, 补充材料, 复查/复核, 包案 ----

const MAX_EXTENSION_DAYS = 3650;

function requireAssignedTo(state: PetitionState, department: string, action: string): void {
  if (state.status !== 'assigned') refuse(`当前状态不能${action}（需为“已交办”）`, `${action} requires status assigned, current status is ${state.status}`);
  const assigned = [state.leadDepartment, ...state.cooperatingDepartments];
  if (!assigned.includes(department)) {
    refuse(`${department}不是本事项的承办部门，不能${action}`, `department ${department} is not assigned to this petition`);
  }
}

export function validateAcknowledge(state: PetitionState, command: AcknowledgeCommand): void {
  requireAssignedTo(state, command.department, '签收');
  if (state.acknowledgements?.[command.department]) refuse(`${command.department}已签收`, `${command.department} has already acknowledged`);
}

export function validateRequestExtension(state: PetitionState, command: RequestExtensionCommand, policy: Policy, calendar: WorkCalendar): void {
  requireAssignedTo(state, command.department, '申请延期');
  requireText(command.documentId, 'documentId');
  const rules = policy.extension;
  if (!rules) refuse(`${policy.shortTitle}未规定延期`, `policy ${policy.id} has no extension`);
  if (!Number.isInteger(command.days) || command.days < 1 || command.days > MAX_EXTENSION_DAYS) {
    refuse('延期天数须为正整数', 'days must be a positive integer');
  }
  if (state.pendingExtension) refuse('已有待审批的延期申请', 'an extension request is already pending');
  const record = runningHandlingDeadline(state, command.department);
  if (!record || record.status !== 'open') refuse('办理期限已届满或不存在，不能申请延期', 'no running handling deadline before its due time');
  if (record.pausedAt) refuse('补充材料期间暂停计时，恢复计时后再申请延期', 'the clock is stopped');
  const granted = state.extensionDaysGranted?.[command.department] ?? 0;
  if (rules.maxAdditional && rules.maxAdditional.unit === 'calendarDays' && granted + command.days > rules.maxAdditional.amount) {
    refuse(`超过最长延期：${rules.label}（已批准${granted}日）`, `at most ${rules.maxAdditional.amount} days in total, ${granted} granted`);
  }
  const check = checkExtension(policy, record.deadline, { amount: command.days, unit: 'calendarDays', reason: command.documentId }, calendar);
  if (!check.allowed) refuse(check.reason, 'extension exceeds the policy cap');
}

export function validateDecideExtension(state: PetitionState, command: DecideExtensionCommand): void {
  if (!state.pendingExtension) {
    refuse(
      command.requestDocumentId ? '此审批对应的延期申请已经处理，没有待审批的延期申请' : '没有待审批的延期申请',
      'no pending extension request',
    );
  }
  if (state.status !== 'assigned') refuse('当前状态不能审批延期', `decideExtension requires status assigned, current status is ${state.status}`);
  // 第三十四条 binding: a decision names the request it was made on; an older link or page never decides a later one.
  if (command.requestDocumentId !== undefined && command.requestDocumentId !== state.pendingExtension.documentId) {
    refuse(
      `此审批针对的延期申请（文书 ${command.requestDocumentId}）已经处理，不能用于审批${state.pendingExtension.department}之后提出的延期申请（文书 ${state.pendingExtension.documentId}）；请使用该申请的审批邮件或页面`,
      `this decision is for extension request ${command.requestDocumentId}, the pending request is ${state.pendingExtension.documentId}`,
      'NotAllowed',
    );
  }
}

export function validateReturnCase(state: PetitionState, command: ReturnCaseCommand): void {
  requireAssignedTo(state, command.department, '退回');
  requireText(command.documentId, 'documentId');
  if (command.department !== state.leadDepartment) {
    refuse(`只有牵头部门（${state.leadDepartment}）可以退回`, `only the lead department ${state.leadDepartment} may return the case`);
  }
}

export function validatePauseClock(state: PetitionState, command: PauseClockCommand): void {
  if (!['registered', 'accepted', 'assigned'].includes(state.status)) {
    refuse('当前状态不能暂停计时', `pauseClock requires status registered, accepted or assigned, current status is ${state.status}`);
  }
  requireText(command.documentId, 'documentId');
  if (state.clockPaused) refuse('已暂停计时', 'the clock is already stopped');
}

/**
 * 中止计时 only on a ground the petition's policy allows, by a role the ground names, while a clock it stops runs.
 * A policy without grounds (the statutes cited here state none) lets no clock stop. Checked when a command is
 * admitted (handleUpdate's admitOnly): stops from before these rules replay as they ran.
 */
export function validatePauseGround(state: PetitionState, command: PauseClockCommand, policy: Policy): PauseGround {
  const grounds = policy.pausing?.grounds ?? [];
  if (grounds.length === 0) {
    refuse(`${policy.pausing?.label ?? `《${policy.shortTitle}》未规定中止计时的情形`}，本事项不能中止计时`, `policy ${policy.id} allows no pause`);
  }
  const ground = grounds.find((g) => g.id === command.ground);
  if (!ground) {
    refuse(`请选择中止事由（可选：${grounds.map((g) => g.label).join('、')}）`, `unknown pause ground ${command.ground ?? '(none)'}`);
  }
  if (!(ground.approvedBy as readonly string[]).includes(command.approverRole ?? '')) {
    const approvers = ground.approvedBy.map((role) => roles[role]).join('或');
    refuse(`“${ground.label}”中止计时须经${approvers}批准，请由${approvers}在系统中操作`, `pause ground ${ground.id} is approved by ${ground.approvedBy.join('/')}`);
  }
  const stoppable = deadlinesOf(state).some((r) => r.status === 'open' && !r.pausedAt && (ground.stops as readonly string[]).includes(r.kind));
  if (!stoppable) refuse(`当前没有可因“${ground.label}”中止的期限`, `no running ${ground.stops.join('/')} deadline`);
  return ground;
}

export function validateResumeClock(state: PetitionState): void {
  if (!state.clockPaused) refuse('未暂停计时，不能恢复', 'the clock is not stopped');
}

/** The next review stage the petitioner may ask for, or a refusal (no review, window passed, 不再受理). */
/**
 * The day a review request reached the hospital: the date entered (not in the future, not before the written reply
 * was delivered or, without a delivery, replied), else today. Lateness is judged and the answer limit counted by it.
 */
export function reviewReceivedOn(state: PetitionState, command: RequestReviewCommand, now: Date): string {
  const on = command.receivedOn;
  if (on === undefined) return shanghaiDate(now);
  if (!isCalendarDate(on)) {
    refuse('请填写收到复查请求的日期（年-月-日）', 'receivedOn must be a YYYY-MM-DD date');
  }
  if (parseIsoDate(on) > shanghaiDayOf(now)) refuse('收到复查请求的日期不能晚于今天', 'receivedOn is in the future');
  const answeredOn = state.delivery?.on ?? (state.repliedAt ? shanghaiDate(state.repliedAt) : undefined);
  if (answeredOn && on < answeredOn) refuse(`收到复查请求的日期不能早于书面答复送达之日（${answeredOn}）`, 'receivedOn is before the reply was delivered');
  return on;
}

/**
 * 重新处理 only where the policy provides it (reopenOnNewEvidence), after the petitioner was answered, on a stated
 * receipt date of the new material that is neither in the future nor before the answer.
 */
export function validateReopen(state: PetitionState, command: ReopenCommand, policy: Policy, now: Date = new Date()): string {
  if (!policy.review.reopenOnNewEvidence) {
    refuse(`《${policy.shortTitle}》未规定因新的事实或证据重新处理：${policy.review.label}`, `policy ${policy.id} does not reopen on new evidence`);
  }
  requireStatus(state, '重新处理', ['fed_back']);
  requireText(command.documentId, 'documentId');
  const on = command.receivedOn ?? shanghaiDate(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || isoDate(parseIsoDate(on)) !== on) refuse('请填写收到新材料的日期（年-月-日）', 'receivedOn must be a YYYY-MM-DD date');
  if (parseIsoDate(on) > shanghaiDayOf(now)) refuse('收到新材料的日期不能晚于今天', 'receivedOn is in the future');
  const answeredOn = state.fedBackAt ? shanghaiDate(state.fedBackAt) : undefined;
  if (answeredOn && on < answeredOn) refuse(`收到新材料的日期不能早于答复信访人之日（${answeredOn}）`, 'receivedOn is before the answer');
  return on;
}

export function validateRequestReview(state: PetitionState, command: RequestReviewCommand, policy: Policy, now: Date = new Date()): void {
  requireText(command.documentId, 'documentId');
  const stages = policy.review.stages;
  if (stages.length === 0) refuse(`${policy.shortTitle}未设复查程序：${policy.review.label}`, `policy ${policy.id} has no review stages`);
  const index = state.reviews?.length ?? 0;
  if (index >= stages.length) {
    refuse(`已经${stages[stages.length - 1].title}，${policy.review.label}`, 'the last review stage is done; the same request is not accepted again');
  }
  const previous = state.reviews?.at(-1);
  if (previous?.addressedTo === 'authority' && !previous.answeredAt) {
    refuse(`上级机关尚未作出${previous.stage === 'reexamination' ? '复核' : '复查'}意见，收到意见后才能请求${stages[index].title}`, 'the previous review is still pending with the authority above');
  }
  if (state.status !== 'replied' && state.status !== 'fed_back') {
    refuse(`收到书面答复后才能请求${stages[index].title}`, `requestReview requires status replied or fed_back, current status is ${state.status}`);
  }
  const window = deadlinesOf(state).find((r) => r.kind === 'reviewRequest' && r.stage === stages[index].stage);
  if (!window && state.replyReview) {
    // The review path: the petitioner's window opens when the written reply is delivered (反馈 records it).
    refuse(`书面答复送达信访人（反馈）后才能请求${stages[index].title}`, 'the written reply has not been delivered yet');
  }
  const receivedOn = reviewReceivedOn(state, command, now);
  // Late: the request arrived after the window's last day (a request posted in time and entered after the window
  // lapsed is on time). Without a receipt date (commands before it), as before: late once the window is not open.
  const late = !window
    ? true
    : command.receivedOn === undefined
      ? window.status !== 'open'
      : receivedOn > window.deadline.dueDate || (window.status !== 'open' && window.status !== 'lapsed');
  if (late && !command.acceptLate) {
    const until = window ? `，至${formatDue(window.dueAt)}届满` : '';
    refuse(
      `${receivedOn}收到的请求已超过${stages[index].title}申请期限（${stages[index].requestWithin.label}${until}）。` +
        `信访人如有正当理由，信访办可决定仍予受理：勾选「逾期仍予受理」并写明理由`,
      'the review request arrived after its window; staff may accept it late (acceptLate) with the reason',
    );
  }
}

export function validateTakeOwnership(state: PetitionState, command: TakeOwnershipCommand): void {
  if (isClosed(state)) refuse('事项已办结，不能包案', 'the petition is closed');
  if (state.owner?.actor === command.actor) refuse('您已包案', 'already owned by this leader');
}
