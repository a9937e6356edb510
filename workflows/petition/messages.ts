import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Category, Channel, DeliveryMethod, Satisfaction } from '../domain/catalog';
import type { CalendarData, Policy, ResponsibleRole } from '../deadlines';
import type { DeadlineKind, PetitionState } from './state';
import type { StepAction } from './schedule';
import type { AlertReason } from '../domain/alerts';
import type { HandedDownMatter } from '../domain/handed-down';
import type { ManualAcceptanceNoticeMethod } from '../domain/acceptance-notice';
import type { DeadlineFact } from '../domain/overdue';

/**
 * Everything that crosses into Temporal history: ids, codes and instants only. Names, contact details and free text
 * (reasons, findings) stay in the record store and travel as document ids.
 */
export interface PetitionWorkflowInput {
  number: string;
  petitionId: string;
  channel: Channel;
  category: Category;
  peopleCount: number;
  anonymous: boolean;
  policyId: string;
  receivedAt: string;
  registeredBy: string;
  /** The policy file's version at registration; the petition keeps counting by it. */
  policyVersion?: string;
  /**
   * That version itself (the parsed file, public data), taken once at registration like the calendar: editing the
   * file never changes a running petition; it moves to a new version only by the adoptPolicy Update. Absent in
   * runs started before policies were pinned: they count by the bundled file.
   */
  policy?: Policy;
  /** The calendar this petition counts with, taken once at registration so a later schedule never moves it. */
  calendar?: CalendarData;
  /** Hospital closures, used only when no calendar snapshot was passed (older starts, tests). */
  closures?: string[];
  /** Reason codes decided at registration (the API looks up repeats in the record store). */
  alerts?: AlertReason[];
  /**
   * Set for an open row of a 台账 import (its import id): the leadership hears of this petition's alert reasons in
   * the import's one summary mail (workflow ledger-import-summary:<id>), not in a leadership alert of its own.
   */
  ledgerImportId?: string;
  /** 上级交办 / 12345: the authority (its code), its reference number, its deadline and reporting duty (instants). */
  handedDown?: HandedDownMatter;
}

/** 集体访, 重复访, 越级访: each alerts the leadership group at once (one table: workflows/domain/alerts.ts). */
export type { AlertReason };

/** `actor` is a staff id (`staff:<id>`), a department (`dept:<code>`) or `system`. */
export interface AcceptCommand {
  actor: string;
}
export interface DeclineCommand {
  actor: string;
  documentId: string;
}
export interface AssignCommand {
  actor: string;
  leadDepartment: string;
  cooperatingDepartments: string[];
  dueAt?: string;
  /** A due instant per cooperating department; others get the policy's handling limit. */
  departmentDueAt?: Record<string, string>;
}
export interface ReplyCommand {
  actor: string;
  department: string;
  documentId: string;
}
export interface FeedbackCommand {
  actor: string;
  satisfaction: Satisfaction;
  documentId?: string;
  /** 送达: how the written reply reached the petitioner (absent in commands sent before the review step). */
  deliveryMethod?: DeliveryMethod;
  /** The Shanghai date (YYYY-MM-DD) it was delivered; for e-mail, the send date the workflow recorded. */
  deliveredOn?: string;
}
/**
 * 受理告知书 posted or handed over (the petitioner left no e-mail): the Shanghai date it was posted or handed over and,
 * for a 挂号信, its tracking number. The e-mail is recorded by the workflow when it goes out.
 */
export interface RecordAcceptanceNoticeDeliveryCommand {
  actor: string;
  deliveryMethod: ManualAcceptanceNoticeMethod;
  deliveredOn: string;
  trackingNumber?: string;
}
export interface ArchiveCommand {
  actor: string;
}

// The state every update returns and the query reads lives in state.ts; re-exported for the API and the console.
export type { DeadlineKind, DeadlineRecord, DeadlineStatus, PetitionState, TimelineEntry } from './state';

/** Failure types the API maps to HTTP 409 (the transition is refused, the petition is unchanged). */
export const refusalTypes = ['InvalidTransition', 'UnknownDepartment', 'NotAllowed'] as const;

/**
 * What every command's Update answers: the petition's status and its deadlines as the record store keeps them (ids,
 * kinds, due instants, statuses), a few hundred bytes, since Temporal keeps each answer in the history. The full view
 * is petitionStateQuery (a query is answered, not recorded). Answers recorded before this shape held the whole state.
 */
export interface CommandResult {
  status: PetitionState['status'];
  /** Overdue at the instant the command finished (derived from the due instants, as every view is). */
  overdue: boolean;
  /** The earliest due instant still running, or null. */
  nextDueAt: string | null;
  deadlines: DeadlineFact[];
}

export const acceptUpdate = defineUpdate<CommandResult, [AcceptCommand]>('accept');
export const declineUpdate = defineUpdate<CommandResult, [DeclineCommand]>('decline');
export const assignUpdate = defineUpdate<CommandResult, [AssignCommand]>('assign');
export const replyUpdate = defineUpdate<CommandResult, [ReplyCommand]>('reply');
export const feedbackUpdate = defineUpdate<CommandResult, [FeedbackCommand]>('feedback');
export const archiveUpdate = defineUpdate<CommandResult, [ArchiveCommand]>('archive');
export const recordAcceptanceNoticeDeliveryUpdate = defineUpdate<CommandResult, [RecordAcceptanceNoticeDeliveryCommand]>('recordAcceptanceNoticeDelivery');
export const petitionStateQuery = defineQuery<PetitionState>('state');

// ---- Deadlines, departments' links and review (statutory limits issue; link pages issue) ----

/** 签收: the department confirms it has the assignment. */
export interface AcknowledgeCommand {
  actor: string;
  department: string;
}
/** A department asks for more time; the reason is a document. A leader decides. */
export interface RequestExtensionCommand {
  actor: string;
  department: string;
  days: number;
  documentId: string;
}
export interface DecideExtensionCommand {
  actor: string;
  approve: boolean;
  /** Optional note from the leader (why refused, conditions). */
  documentId?: string;
  /**
   * The request this decision is for (its document id): a leader's link carries the one it was minted for, a form
   * the one it showed. A different pending request is refused; absent in commands sent before the binding.
   */
  requestDocumentId?: string;
}
/** 退回: the department says the matter is not theirs; back to intake for a new assignment. */
export interface ReturnCaseCommand {
  actor: string;
  department: string;
  documentId: string;
}
/**
 * 中止计时: a clock stops on one of the grounds the petition's policy allows (policy.pausing), approved by a role the
 * ground names. Commands sent before grounds existed carry neither field.
 */
export interface PauseClockCommand {
  actor: string;
  documentId: string;
  /** The policy ground's id, e.g. "supplementaryMaterials". */
  ground?: string;
  /** The role of the staff member who approves and stops it (services set it from the signed-in principal). */
  approverRole?: string;
}
export interface ResumeClockCommand {
  actor: string;
}
/** 复查 / 复核 requested by the petitioner after the reply. */
export interface RequestReviewCommand {
  actor: string;
  documentId: string;
  /**
   * The Shanghai date (YYYY-MM-DD) the request reached the hospital (by post, in person): the answer limit counts from
   * it, and lateness is judged by it. Absent in commands before it: the day the request was entered.
   */
  receivedOn?: string;
  /**
   * The 信访办 decided to take a request that arrived after the petitioner's window (正当理由, stated in the
   * document). Without it a late request is refused with the date it missed, for staff to decide; never by the
   * system alone.
   */
  acceptLate?: boolean;
  /**
   * Since review-by-authority: the authority above the request is addressed to (its code in hospital configuration),
   * when staff name one; otherwise the authority configured for the stage answers it.
   */
  authority?: string;
}
/** 领导包案: a leader takes ownership of a major case. */
export interface TakeOwnershipCommand {
  actor: string;
}

/** 催办: a leader or the 信访办 urges a department now (its 督办提醒 is mailed at once). */
export interface UrgeCommand {
  actor: string;
  department: string;
}

export const acknowledgeUpdate = defineUpdate<CommandResult, [AcknowledgeCommand]>('acknowledge');
export const requestExtensionUpdate = defineUpdate<CommandResult, [RequestExtensionCommand]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<CommandResult, [DecideExtensionCommand]>('decideExtension');
export const returnCaseUpdate = defineUpdate<CommandResult, [ReturnCaseCommand]>('returnCase');
export const pauseClockUpdate = defineUpdate<CommandResult, [PauseClockCommand]>('pauseClock');
export const resumeClockUpdate = defineUpdate<CommandResult, [ResumeClockCommand]>('resumeClock');
export const requestReviewUpdate = defineUpdate<CommandResult, [RequestReviewCommand]>('requestReview');
export const takeOwnershipUpdate = defineUpdate<CommandResult, [TakeOwnershipCommand]>('takeOwnership');
export const urgeUpdate = defineUpdate<CommandResult, [UrgeCommand]>('urge');
/** 督办意见: a leader's written instruction (the document) to a department; mailed to it. */
export interface InstructCommand {
  actor: string;
  department: string;
  documentId: string;
}
export const instructUpdate = defineUpdate<CommandResult, [InstructCommand]>('instruct');

// ---- Review before answer (信访办审核处理意见书, patch reply-review) ----

/** The intake officer approves the 处理意见书, edited from the department's reply; the document is the approved text. */
export interface ApproveReplyCommand {
  actor: string;
  documentId: string;
}
/** The intake officer sends the reply back to the department with a note; the department replies again. */
export interface ReturnReplyCommand {
  actor: string;
  documentId: string;
}

// ---- Review by the authority above (复查 / 复核, patch review-by-authority) ----

/** Staff send the case file (案卷) to the authority: a mail to its mailbox with its signed link. */
export interface SendReviewFileCommand {
  actor: string;
  /** A covering note (optional). */
  documentId?: string;
}
/** The day the authority received the review request (entered by staff, or confirmed through the authority's link). */
export interface RecordReviewReceiptCommand {
  actor: string;
  receivedOn: string;
}
/** A 听证 on the review: the authority's clock stops; the document records the hearing (its basis). */
export interface StartReviewHearingCommand {
  actor: string;
  documentId: string;
}
export interface EndReviewHearingCommand {
  actor: string;
}
/** The authority's 复查意见 / 复核意见 (the document): through its link, or entered by staff from the paper answer. */
export interface AnswerReviewCommand {
  actor: string;
  documentId: string;
  /** The Shanghai date the petitioner received the answer (the next stage's window counts from it); else today. */
  deliveredOn?: string;
}

export const sendReviewFileUpdate = defineUpdate<CommandResult, [SendReviewFileCommand]>('sendReviewFile');
export const recordReviewReceiptUpdate = defineUpdate<CommandResult, [RecordReviewReceiptCommand]>('recordReviewReceipt');
export const startReviewHearingUpdate = defineUpdate<CommandResult, [StartReviewHearingCommand]>('startReviewHearing');
export const endReviewHearingUpdate = defineUpdate<CommandResult, [EndReviewHearingCommand]>('endReviewHearing');
export const answerReviewUpdate = defineUpdate<CommandResult, [AnswerReviewCommand]>('answerReview');

export const approveReplyUpdate = defineUpdate<CommandResult, [ApproveReplyCommand]>('approveReply');
export const returnReplyUpdate = defineUpdate<CommandResult, [ReturnReplyCommand]>('returnReply');
/**
 * 重新处理: the petitioner brought new facts or evidence after the answer (医疗机构投诉管理办法: 重新处理); the matter
 * goes back to its departments with a fresh limit counted from the day the new material reached the hospital.
 */
export interface ReopenCommand {
  actor: string;
  /** The document holding the new facts or evidence. */
  documentId: string;
  /** The Shanghai date the new material reached the hospital (YYYY-MM-DD); absent: today. */
  receivedOn?: string;
}
export const reopenUpdate = defineUpdate<CommandResult, [ReopenCommand]>('reopen');

// ---- What the clock will do next (the petition page's 即将进行的提醒与督办) ----

/**
 * One step the deadline watch has planned (schedule.ts pendingSteps), as the petition page lists it: ids, codes and
 * instants only. A query, so adding it records nothing in histories.
 */
export interface PlannedStepView {
  at: string;
  deadlineKind: DeadlineKind;
  department?: string;
  dueAt: string;
  action: StepAction['type'];
  /** Who a reminder or an escalation goes to. */
  role?: ResponsibleRole;
  /** The policy's words for a reminder or escalation step. */
  label?: string;
}
export const plannedStepsQuery = defineQuery<PlannedStepView[]>('plannedSteps');
