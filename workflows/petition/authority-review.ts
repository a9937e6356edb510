/**
 * Review by the authority above (复查 / 复核, 信访工作条例 第三十五条; patch review-by-authority, issue 16): a review
 * request is addressed to the authority that answers its stage, not to the hospital's lead department. The hospital
 * records the request (intake.ts), sends the case file to the authority's mailbox with its signed link, records the
 * day the authority received the request (the authority's 30 days count from it), stops that clock for a 听证 with
 * its basis, and records the authority's answer (through its link or from the paper answer). The 信访办 is reminded
 * of the authority's date; nobody is escalated to: answering is the authority's duty. After the last stage (复核)
 * the same matter is not reviewed again.
 */
import { HEARING_BASIS, reviewStageTitle } from '../domain/authority-review';
import { isoDate, parseIsoDate, shanghaiDate, shanghaiDayOf, startOfShanghaiDate } from '../domain/shanghai';
import { pauseDeadline, resumeDeadline } from '../deadlines';
import { handleUpdate, type PetitionContext } from './context';
import { deadlinesOf, meetDeadlines, openLimitDeadline, recordCalendar } from './deadline-book';
import {
  answerReviewUpdate,
  endReviewHearingUpdate,
  recordReviewReceiptUpdate,
  sendReviewFileUpdate,
  startReviewHearingUpdate,
  type AnswerReviewCommand,
  type RecordReviewReceiptCommand,
  type RequestReviewCommand,
  type StartReviewHearingCommand,
} from './messages';
import type { DeadlineRecord, PetitionState, ReviewRecord } from './state';
import { refuse } from './validators';

/** The patch under which a review request is addressed to the authority above (runs before it: the lead department). */
export const REVIEW_BY_AUTHORITY = 'review-by-authority';

/** The review under way with the authority: the last one requested, addressed to it and not answered yet. */
export function pendingAuthorityReview(state: PetitionState): ReviewRecord | undefined {
  const last = state.reviews?.at(-1);
  return last?.addressedTo === 'authority' && !last.answeredAt ? last : undefined;
}

export function authorityReviewDeadline(state: PetitionState, stage: string): DeadlineRecord | undefined {
  return deadlinesOf(state).find((r) => r.id === `authorityReview:${stage}`);
}

function requirePending(state: PetitionState, action: string): ReviewRecord {
  const review = pendingAuthorityReview(state);
  if (!review) refuse(`没有待上级机关答复的复查（复核）请求，不能${action}`, `${action} requires a review request pending with the authority above`);
  return review;
}

function requireDate(on: unknown, label: string): string {
  if (typeof on !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(on) || isoDate(parseIsoDate(on)) !== on) {
    refuse(`请填写${label}（年-月-日）`, `${label} must be a YYYY-MM-DD date`);
  }
  return on;
}

/** The day the written reply (or, for 复核, the 复查意见) reached the petitioner: nothing of the review is earlier. */
function answeredOn(state: PetitionState, review: ReviewRecord): string | undefined {
  const index = state.reviews!.indexOf(review);
  const previous = index > 0 ? state.reviews![index - 1] : undefined;
  return previous?.answerDeliveredOn ?? state.delivery?.on ?? (state.repliedAt ? shanghaiDate(state.repliedAt) : undefined);
}

function validateSendReviewFile(state: PetitionState): void {
  requirePending(state, '报送案卷');
}

export function validateRecordReviewReceipt(state: PetitionState, command: RecordReviewReceiptCommand, now: Date): void {
  const review = requirePending(state, '登记上级机关收到日期');
  const on = requireDate(command.receivedOn, '上级机关收到复查（复核）请求的日期');
  if (parseIsoDate(on) > shanghaiDayOf(now)) refuse('上级机关收到日期不能晚于今天', 'receivedOn is in the future');
  const from = answeredOn(state, review);
  if (from && on < from) refuse(`上级机关收到日期不能早于书面答复送达信访人之日（${from}）`, 'receivedOn is before the answer was delivered');
  if (review.authorityReceivedOn) {
    refuse(`已登记上级机关于${review.authorityReceivedOn}收到${reviewStageTitle(review.stage)}请求`, 'the authority’s receipt is already recorded');
  }
}

function validateStartHearing(state: PetitionState, command: StartReviewHearingCommand): void {
  const review = requirePending(state, '登记听证');
  if (typeof command.documentId !== 'string' || command.documentId.trim() === '') refuse('缺少 documentId', 'documentId is required');
  const record = authorityReviewDeadline(state, review.stage);
  if (!record || record.status !== 'open') refuse('请先登记上级机关收到请求的日期（答复期限自该日起算），再登记听证', 'the authority’s answer deadline is not running');
  if (review.hearing) refuse('听证已在进行中（已暂停计时）', 'a hearing is already under way');
}

function validateEndHearing(state: PetitionState): void {
  const review = requirePending(state, '登记听证结束');
  if (!review.hearing) refuse('没有进行中的听证，不能登记听证结束', 'no hearing under way');
}

export function validateAnswerReview(state: PetitionState, command: AnswerReviewCommand, now: Date): void {
  const review = requirePending(state, '登记复查（复核）意见');
  if (typeof command.documentId !== 'string' || command.documentId.trim() === '') refuse('缺少 documentId', 'documentId is required');
  if (command.deliveredOn !== undefined) {
    const on = requireDate(command.deliveredOn, '信访人收到复查（复核）意见的日期');
    if (parseIsoDate(on) > shanghaiDayOf(now)) refuse('信访人收到意见的日期不能晚于今天', 'deliveredOn is in the future');
    const from = review.authorityReceivedOn ?? review.receivedOn;
    if (from && on < from) refuse(`信访人收到意见的日期不能早于上级机关收到请求之日（${from}）`, 'deliveredOn is before the request was received');
  }
}

/**
 * A review request on the new path: recorded as addressed to the authority, the petitioner's window met (or, taken
 * late, closed); nothing runs for the hospital's departments. The answer deadline waits for the authority's receipt.
 */
export async function requestReviewFromAuthority(ctx: PetitionContext, command: RequestReviewCommand, receivedOn: string): Promise<void> {
  const { state, policy } = ctx;
  const now = new Date();
  const index = state.reviews?.length ?? 0;
  const stage = policy.review.stages[index];
  const late = command.acceptLate === true;
  (state.reviews ??= []).push({
    stage: stage.stage,
    requestedAt: now.toISOString(),
    documentId: command.documentId,
    receivedOn,
    ...(late ? { late } : {}),
    addressedTo: 'authority',
    ...(command.authority ? { authority: command.authority } : {}),
  });
  meetDeadlines(state, (r) => r.kind === 'reviewRequest' && r.stage === stage.stage, now);
  const payload = { stage: stage.stage, receivedOn, addressedTo: 'authority', ...(command.authority ? { authority: command.authority } : {}), ...(late ? { late } : {}) };
  await ctx.transition('review_requested', command.actor, {}, payload, command.documentId);
}

export function installAuthorityReviewHandlers(ctx: PetitionContext): void {
  // The policy is read when a command comes (ctx.policy): an adoption may have moved the petition to a new version.
  const { state } = ctx;

  handleUpdate(ctx, sendReviewFileUpdate, () => validateSendReviewFile(state), async (command) => {
    const review = pendingAuthorityReview(state)!;
    review.fileSentAt = new Date().toISOString();
    const record = authorityReviewDeadline(state, review.stage);
    const key = await ctx.transition('review_file_sent', command.actor, {}, { stage: review.stage, ...(review.authority ? { authority: review.authority } : {}) }, command.documentId);
    ctx.queueNotice({ kind: 'review-case-file', stage: review.stage, ...(review.authority ? { authority: review.authority } : {}), ...(record ? { dueAt: record.dueAt } : {}) }, key);
  });

  handleUpdate(ctx, recordReviewReceiptUpdate, (command) => validateRecordReviewReceipt(state, command, new Date()), async (command) => {
    const review = pendingAuthorityReview(state)!;
    const now = new Date();
    const { policy } = ctx;
    const stage = policy.review.stages.find((s) => s.stage === review.stage)!;
    review.authorityReceivedOn = command.receivedOn;
    // 30 days from the day the authority received the request (that day not counted), not from when it was typed.
    const record = openLimitDeadline(
      state,
      { id: `authorityReview:${review.stage}`, kind: 'authorityReview', stage: review.stage },
      policy,
      stage.answerWithin,
      startOfShanghaiDate(command.receivedOn),
      ctx.calendar,
      now,
    );
    await ctx.transition('review_receipt_recorded', command.actor, {}, { stage: review.stage, receivedOn: command.receivedOn, dueAt: record.dueAt });
  });

  handleUpdate(ctx, startReviewHearingUpdate, (command) => validateStartHearing(state, command), async (command) => {
    const review = pendingAuthorityReview(state)!;
    const at = new Date();
    const record = authorityReviewDeadline(state, review.stage)!;
    const paused = pauseDeadline(record.deadline, at, recordCalendar(record, ctx.calendar));
    record.pausedAt = at.toISOString();
    record.remainingWhenPaused = paused.remaining;
    record.pauseBasis = HEARING_BASIS;
    review.hearing = { since: at.toISOString(), documentId: command.documentId };
    await ctx.transition('review_hearing_started', command.actor, {}, { stage: review.stage, deadlineId: record.id, basis: HEARING_BASIS }, command.documentId);
  });

  handleUpdate(ctx, endReviewHearingUpdate, () => validateEndHearing(state), async (command) => {
    const review = pendingAuthorityReview(state)!;
    const at = new Date();
    const record = authorityReviewDeadline(state, review.stage)!;
    const hearing = review.hearing!;
    const remaining = record.remainingWhenPaused;
    record.deadline = resumeDeadline(
      {
        deadline: record.deadline,
        pausedAt: new Date(record.pausedAt!),
        remaining: remaining ? { amount: remaining.amount, unit: remaining.unit === 'workingDays' ? 'workingDays' : 'calendarDays' } : null,
      },
      at,
      recordCalendar(record, ctx.calendar),
      HEARING_BASIS,
    );
    record.dueAt = new Date(record.deadline.dueAt).toISOString();
    record.armedAt = at.toISOString();
    delete record.pausedAt;
    delete record.remainingWhenPaused;
    delete record.pauseBasis;
    delete review.hearing;
    await ctx.transition('review_hearing_ended', command.actor, {}, { stage: review.stage, deadlineId: record.id, since: hearing.since, dueAt: record.dueAt, hearingDocumentId: hearing.documentId });
  });

  handleUpdate(ctx, answerReviewUpdate, (command) => validateAnswerReview(state, command, new Date()), async (command) => {
    const review = pendingAuthorityReview(state)!;
    const now = new Date();
    const deliveredOn = command.deliveredOn ?? shanghaiDate(now);
    review.answeredAt = now.toISOString();
    review.answerDocumentId = command.documentId;
    review.answeredBy = command.actor;
    review.answerDeliveredOn = deliveredOn;
    delete review.hearing;
    const record = authorityReviewDeadline(state, review.stage);
    const onTime = record ? record.status === 'open' && Date.parse(record.dueAt) >= now.getTime() : undefined;
    meetDeadlines(state, (r) => r.kind === 'authorityReview' && r.stage === review.stage, now);
    if (record) {
      delete record.pausedAt;
      delete record.remainingWhenPaused;
      delete record.pauseBasis;
    }
    const { policy } = ctx;
    const index = state.reviews!.indexOf(review);
    const next = policy.review.stages[index + 1];
    // 复查意见 received: the petitioner's 复核 window counts from that day. After 复核: final (不再受理).
    if (next) {
      openLimitDeadline(state, { id: `reviewRequest:${next.stage}`, kind: 'reviewRequest', stage: next.stage }, policy, next.requestWithin, startOfShanghaiDate(deliveredOn), ctx.calendar, now);
    }
    await ctx.transition(
      'review_answered',
      command.actor,
      {},
      { stage: review.stage, deliveredOn, final: !next, ...(onTime !== undefined ? { onTime } : {}), ...(record ? { dueAt: record.dueAt } : {}) },
      command.documentId,
    );
  });
}
