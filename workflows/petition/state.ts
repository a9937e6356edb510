/**
 * The petition's state: what every update returns and the `state` query shows, built once from the start input.
 * Ids, codes and instants only (see messages.ts). Handlers change it only while they hold the context's lock.
 */
import type { Category, Channel, DeliveryMethod, PetitionStatus, Satisfaction } from '../domain/catalog';
import type { Deadline, LimitBasis } from '../deadlines';
import type { EventType } from '../domain/events';
import type { AlertReason } from '../domain/alerts';
import type { HandedDownMatter } from '../domain/handed-down';

export interface TimelineEntry {
  type: EventType;
  at: string;
  actor: string;
}

export interface PetitionState {
  number: string;
  petitionId: string;
  status: PetitionStatus;
  policyId: string;
  channel: Channel;
  category: Category;
  peopleCount: number;
  anonymous: boolean;
  receivedAt: string;
  acceptedAt?: string;
  declinedAt?: string;
  assignedAt?: string;
  repliedAt?: string;
  fedBackAt?: string;
  archivedAt?: string;
  leadDepartment?: string;
  cooperatingDepartments: string[];
  dueAt?: string;
  /** The reply the petitioner can expect by (the handling limit from acceptance, counted once on the pinned
   * calendar); letters and the acceptance mail print it. */
  expectedReplyBy?: string;
  replyDocumentId?: string;
  /**
   * 信访办审核 (patch reply-review): the department's reply is a draft 处理意见书 until the intake officer approves
   * it (the approved text is its own document, the only one mailed, printed and shown on /lookup) or returns it to
   * the department. Absent for petitions replied before the review step: their reply went to the petitioner as is.
   */
  replyReview?: ReplyReview;
  /** When the approved 处理意见书 was mailed to the petitioner (an e-mail counts as delivered on its send date). */
  replyMailedAt?: string;
  /**
   * 受理告知书 (patch acceptance-notice-duty): how the written notice of acceptance reached the petitioner. `noEmailAt`:
   * the acceptance mail found no address, so the 信访办 must post it or hand it over (and is reminded); `delivery`:
   * an e-mail on its send date, or the post / hand delivery staff recorded (with the 挂号 number when posted).
   */
  acceptanceNotice?: { noEmailAt?: string; delivery?: AcceptanceNoticeDelivery };
  /** 送达 of the written reply, recorded with the feedback (反馈): the petitioner's review window counts from it. */
  delivery?: { method: DeliveryMethod; on: string; recordedAt: string };
  satisfaction?: Satisfaction;
  timeline: TimelineEntry[];
  policyVersion?: string;
  calendarVersion?: string;
  /** Every statutory or internal deadline of this petition, with how it was counted. */
  deadlines?: DeadlineRecord[];
  overdue?: boolean;
  /** Departments that confirmed the assignment (签收), with when. */
  acknowledgements?: Record<string, string>;
  pendingExtension?: { department: string; days: number; documentId: string; requestedAt: string; actor: string };
  /** Days granted so far per department, to keep the total within the policy's cap. */
  extensionDaysGranted?: Record<string, number>;
  /**
   * The stopped clock: since when, by whom, on which policy ground (patch pause-by-policy), and the instant the
   * ground's longest stop ends, when the clock runs again by itself.
   */
  clockPaused?: { at: string; actor: string; documentId: string; ground?: string; endsAt?: string };
  /** Review stages (复查, 复核) requested so far, in order. */
  reviews?: ReviewRecord[];
  alerts?: AlertReason[];
  /** 领导包案: the leader who owns the case. */
  owner?: { actor: string; at: string };
  /**
   * 上级交办 / 12345 (patch handed-down-matter): the authority, its reference number, its deadline and the 办结报告's
   * due instant, as registered; `reportedAt` once the report went to the authority.
   */
  handedDown?: HandedDownMatter & { reportedAt?: string };
  /** Reminder, escalation and other scheduled steps already carried out, by key; each happens once. */
  firedSteps?: string[];
  /**
   * Patch limit-basis (set at start): the policy's per-limit rules apply — a statutory limit is not extended by
   * closures, a `whenPassed: remindOwner` limit reminds its owner instead of the 督办 ladder, a handling variant's
   * `appliesWhen` picks it. Absent for petitions started before: they count and supervise as they always did.
   */
  limitBasis?: true;
  /** Since the patch office-owner-reminder: a passed internal target of the office's own (首诉) mails the 信访办. */
  officeReminders?: true;
}

export interface AcceptanceNoticeDelivery {
  method: DeliveryMethod;
  /** The Shanghai date it was mailed, posted or handed over. */
  on: string;
  recordedAt: string;
  /** 挂号信 tracking number, when posted and given. */
  trackingNumber?: string;
}

/**
 * One review stage requested. Before the patch review-by-authority the lead department answered it (reviewAnswer);
 * since, it is addressed to the authority above (`addressedTo: 'authority'`): the hospital sends the case file,
 * records the authority's receipt (its 30 days count from that day, 听证 excluded) and its answer.
 */
export interface ReviewRecord {
  stage: string;
  requestedAt: string;
  documentId: string;
  /** The day the request reached the hospital or was known to it; lateness is judged by it. */
  receivedOn?: string;
  late?: boolean;
  /** Since review-by-authority: the authority above answers (its code when the request named one; else by stage). */
  addressedTo?: 'authority';
  authority?: string;
  /** When staff last sent the case file (案卷) to the authority. */
  fileSentAt?: string;
  /** The day the authority received the request (its 30 days count from the next day). */
  authorityReceivedOn?: string;
  /** A 听证 under way: since when, and the document that records it (its basis). */
  hearing?: { since: string; documentId: string };
  /** The authority's answer (复查意见 / 复核意见): its document, when, who recorded it, when the petitioner got it. */
  answeredAt?: string;
  answerDocumentId?: string;
  answeredBy?: string;
  answerDeliveredOn?: string;
}

export interface ReplyReview {
  /** pending: waits for the office; approved: the letter went out; returned: the department replies again. */
  status: 'pending' | 'approved' | 'returned';
  /** The department's reply under review (internal: staff only). */
  replyDocumentId: string;
  /** The approved 处理意见书 (the petitioner's text). */
  letterDocumentId?: string;
  approvedAt?: string;
  /** How often the office returned a reply to the department for this petition. */
  returns: number;
}

export type DeadlineKind =
  | 'acceptance'
  | 'acceptanceNotice'
  | 'acknowledgement'
  | 'handling'
  | 'replyReview'
  | 'reviewRequest'
  | 'reviewAnswer'
  | 'handedDown'
  | 'authorityReport'
  | 'authorityReview';
export type DeadlineStatus = 'open' | 'met' | 'overdue' | 'cancelled' | 'lapsed';

/** One deadline, non-personal: the calculator's explained Deadline plus what happened to it. */
export interface DeadlineRecord {
  id: string;
  kind: DeadlineKind;
  department?: string;
  /** For review deadlines: recheck (复查) or reexamination (复核). */
  stage?: string;
  dueAt: string;
  status: DeadlineStatus;
  openedAt: string;
  /** When the current due instant was set (opening, extension, resumption): earlier reminder instants are skipped. */
  armedAt: string;
  closedAt?: string;
  overdueAt?: string;
  /** While the clock is stopped (补充材料) the deadline does not run; set with the pause's bookkeeping. */
  pausedAt?: string;
  remainingWhenPaused?: { amount: number; unit: string } | null;
  /** Why the clock stopped when it is not 补充材料 (a 听证 on the authority's review deadline). */
  pauseBasis?: string;
  deadline: Deadline;
  /** The limit's basis in the policy: internal ones are labelled 本院规定 in every text. Absent before the field. */
  basis?: LimitBasis;
  /** false: passing it reminds its owner, with no 督办 item and no escalation (the policy's whenPassed: remindOwner). */
  supervised?: false;
  /** Counted without the hospital's closure days (a statutory limit); pauses and extensions count the same way. */
  closuresIgnored?: true;
}

/** Declined or archived: nothing more happens to it (no timer, no command). */
export function isClosed(state: PetitionState): boolean {
  return state.status === 'archived' || state.status === 'declined';
}
