import type { ResponsibleRole } from '../deadlines';
import type { AlertReason } from '../domain/alerts';
import type { PetitionStatus } from '../domain/catalog';
import type { ExtensionDecider, ExtensionDeciderRequest } from '../domain/extension-decider';
import type { DeadlineFact } from '../domain/overdue';
import type { NoticeKind, noticeKinds } from '../domain/notices';
import type { FiringRecord, SupervisionClose, SupervisionEscalation, SupervisionOpen, TimerFiredRecord } from './firing';

/**
 * Contracts between the petition workflow and its activities, owned by the workflow: activities/ implements them
 * (createActivities is typed by PetitionActivities, so the compiler names a mismatch) and workflows/ never imports
 * from activities/. Ids and codes only: no personal data.
 */

export interface PetitionPatch {
  status?: PetitionStatus;
  leadDepartment?: string | null;
  cooperatingDepartments?: string[];
  dueAt?: string | null;
  closedAt?: string | null;
  overdue?: boolean;
  /** The workflow's deadlines in brief (workflows/domain/overdue.ts), copied with every transition. */
  deadlines?: DeadlineFact[];
  /** The policy version the petition counts by, after an adoption (policy_adopted). */
  policyVersion?: string;
}

export interface TransitionRecord {
  petitionId: string;
  number: string;
  type: string;
  actor: string;
  occurredAt: string;
  payload: Record<string, unknown>;
  patch: PetitionPatch;
  /** The free-text document this transition adopts (reply, decline reason, feedback). */
  documentId?: string;
  idempotencyKey: string;
}

/** What each notice kind carries besides the petition and its key: ids, codes and instants, never personal data. */
interface NoticeFields {
  /** 受理告知书: `expectedBy` is the reply due time counted on the petition's pinned calendar. */
  acceptance: { expectedBy?: string };
  decline: Record<never, never>;
  /** 处理意见书: the approved letter's document (the review path); without it, the department's reply (older runs). */
  reply: { letterDocumentId?: string };
  /** The 信访办 returned the department's reply with a note (the document); the mail links to the petition again. */
  'reply-returned': { departmentCode: string; documentId: string };
  /** 督办意见: a leader's instruction (the document) to the department, with its running deadline. */
  'supervision-instruction': { departmentCode: string; documentId: string; dueAt: string };
  /** 延期告知: the petitioner is told the new date and the reason (the department's request document). */
  extension: { dueAt: string; reasonDocumentId: string };
  assignment: { departmentCode: string; departmentRole: 'lead' | 'cooperating' };
  /** Goes to the requesting department's leader in charge, with a link to decide it; the document holds reason and days. */
  'extension-request': { departmentCode: string; documentId: string };
  /**
   * 延期审批结果: the requesting department is told the decision either way; `dueAt` is its handling deadline after
   * the decision (moved only when approved), the decision document the leader's note.
   */
  'extension-decision': {
    departmentCode: string;
    approved: boolean;
    /** The leader approved, but the deadline had passed or stopped before the decision: nothing was extended. */
    lapsed?: boolean;
    dueAt: string | null;
    requestDocumentId: string;
    decisionDocumentId?: string;
  };
  /** 催办 / 督办 up the responsibility ladder; `stepLabel` is the policy step's label, e.g. "距办理期限还有3日". */
  reminder: { departmentCode: string; role: ResponsibleRole; dueAt: string; stepLabel: string };
  escalation: { departmentCode: string; role: ResponsibleRole; dueAt: string; stepLabel: string };
  /** 集体访 / 重复访 / 越级访: every leader and the president at once. */
  leadershipAlert: { reasons: AlertReason[] };
  /** 期限变更: a department's deadline counted again on an adopted year's schedule (calendar_adopted). */
  'deadline-recalculated': { departmentCode: string; deadlineKind: string; year: number; source: string; previousDueAt: string; dueAt: string };
  /** The same for the petitioner: the expected reply date they were told, or their own review window. */
  'deadline-recalculated-petitioner': { deadlineKind: string; year: number; source: string; previousDueAt: string; dueAt: string };
  /** 中止计时: the policy ground's id; the document holds the reason and the materials asked for; the latest resumption. */
  'clock-paused': { ground: string; documentId: string; endsAt: string };
  /**
   * 恢复计时: the ground it stopped on, the petitioner's date after it (the acceptance decision's or the reply's, by
   * `deadlineKind`; null when none moved), whether the longest stop ran out.
   */
  'clock-resumed': { ground: string; deadlineKind: string; dueAt: string | null; automatic: boolean };
  /** 办结报告 to the authority that handed the matter down: its code, its reference number, the report's due instant. */
  'authority-report': { authority: string; referenceNumber: string; dueAt: string };
  /** An internal target of the 信访办's own passed (首诉: 本院规定, no 督办): every intake officer is reminded. */
  'office-reminder': { deadlineKind: string; dueAt: string; stepLabel: string };
  /** The 信访办 is reminded that the 办结报告 is due (`stepLabel` e.g. "距办结报告期限还有1日"). */
  'authority-report-reminder': { authority: string; referenceNumber: string; dueAt: string; stepLabel: string };
  /** The 信访办 is reminded that the 受理告知书 has not reached the petitioner (no e-mail): print it, post or hand it over. */
  'acceptance-notice-reminder': { dueAt: string; stepLabel: string };
  /**
   * 复查 / 复核 (patch review-by-authority): the case file to the authority that answers the stage (its code when the
   * request named one, else the one configured for the stage), with its signed link.
   */
  'review-case-file': { stage: string; authority?: string; dueAt?: string };
  /** The 信访办 is reminded of the authority's answer deadline (before it, and when it has passed). */
  'authority-review-reminder': { stage: string; authority?: string; dueAt: string; stepLabel: string };
}

/**
 * One request for every notice: the kind (workflows/domain/notices), its audience from that registry, the petition,
 * the idempotency key that makes the send happen once, and the kind's own ids.
 */
type NoticeRequests = {
  [K in NoticeKind]: {
    kind: K;
    audience: (typeof noticeKinds)[K]['audience'];
    petitionId: string;
    number: string;
    idempotencyKey: string;
  } & NoticeFields[K];
};

export type NoticeOf<K extends NoticeKind> = NoticeRequests[K];

export type NoticeRequest = NoticeOf<NoticeKind>;

/** What the workflow asks for: it adds the petition, the audience and the idempotency key. */
export type NoticeDraft = NoticeRequest extends infer R ? (R extends unknown ? Omit<R, 'petitionId' | 'number' | 'audience' | 'idempotencyKey'> : never) : never;

/**
 * Notices to staff the workflow hands to the mail outbox (patch mail-outbox): queued in one write, mailed by the
 * outbox sender in working hours. `raisedAt` is the workflow's instant, from which the quiet hours count.
 */
export interface NoticeBatch {
  notices: NoticeRequest[];
  raisedAt: string;
}

/** Several recipients (a leadership alert) count as sent when any mail went out. */
export type NoticeOutcome = 'sent' | 'already-sent' | 'no-recipient';

/** The activities the petition workflow calls (workflows/petition/activity-proxies.ts), implemented in activities/. */
export interface PetitionActivities {
  recordTransition(record: TransitionRecord): Promise<{ written: boolean }>;
  findUnknownDepartments(codes: string[]): Promise<string[]>;
  staffRoleOf(staffId: string): Promise<string | null>;
  extensionDecider(request: ExtensionDeciderRequest): Promise<ExtensionDecider>;
  recordTimerFired(record: TimerFiredRecord): Promise<{ written: boolean; lagMs: number }>;
  recordFiring(firing: FiringRecord): Promise<{ eventsWritten: number; lagMs: number[] }>;
  openSupervision(item: SupervisionOpen): Promise<void>;
  escalateSupervision(step: SupervisionEscalation): Promise<void>;
  closeSupervision(close: SupervisionClose): Promise<void>;
  sendNotice(request: NoticeRequest): Promise<NoticeOutcome>;
  queueNotices(batch: NoticeBatch): Promise<{ queued: number }>;
}
