/**
 * Overdue, defined once: which of a petition's deadlines are past due, and who answers for each. Every view (ledger,
 * both supervision boards, reports, daily report, metrics) and the workflow's search attribute ask these functions,
 * so they can never disagree about which petitions are overdue or whom they blame. Pure and deterministic: safe in
 * workflows. The facts are the workflow's own deadline records (or the record store's copy of them).
 */
import { isKeyOf } from './keys';
import { isClosedStatus } from './closure';
import { dueDayOf } from './due';
import { toEpochMs, type InstantLike } from './shanghai';
import { describeTimeLeft } from './time-left';

export const deadlineKindLabels = {
  acceptance: '受理期限',
  acceptanceNotice: '受理告知书送达期限',
  acknowledgement: '签收期限',
  handling: '办理期限',
  replyReview: '处理意见书审核期限',
  reviewRequest: '申请复查（复核）期限',
  reviewAnswer: '复查（复核）答复期限',
  handedDown: '上级交办期限',
  authorityReport: '办结报告期限',
  authorityReview: '上级机关复查（复核）答复期限',
} as const;
export type DeadlineKindName = keyof typeof deadlineKindLabels;

/** Marks a deadline counted by the hospital's own rule (the policy's basis internal): never shown as statute. */
export const INTERNAL_DEADLINE_MARK = '（本院规定）';

/** A deadline's name as every text shows it: "办理期限", or "签收期限（本院规定）" for an internal rule's. */
export function deadlineLabel(fact: { kind: string; basis?: string | null }): string {
  const name = isKeyOf(deadlineKindLabels, fact.kind) ? deadlineKindLabels[fact.kind] : '期限';
  return fact.basis === 'internal' ? `${name}${INTERNAL_DEADLINE_MARK}` : name;
}

/** The record's status by name; a deadline's status as people read it is deadlineStatusText below (on time or late). */
export const deadlineStatusLabels = {
  open: '计时中',
  met: '已完成',
  overdue: '已超期',
  cancelled: '已取消',
  lapsed: '已届满',
} as const;
export type DeadlineStatusName = keyof typeof deadlineStatusLabels;

/** One deadline as the workflow records it (a DeadlineRecord is one); only what deciding overdue needs. */
export interface DeadlineFact {
  id: string;
  kind: DeadlineKindName;
  /** The department that owes it (签收, handling, review answer); none for acceptance (信访办). */
  department?: string | null;
  stage?: string;
  dueAt: string;
  status: DeadlineStatusName;
  /** While the clock is stopped (补充材料) the deadline does not run. */
  pausedAt?: string;
  /** When the workflow marked it overdue. */
  overdueAt?: string;
  /** When it was met, cancelled or lapsed. */
  closedAt?: string;
  /** The rule it was counted by, e.g. "信访工作条例：受理后60日内办结". */
  rule?: string;
  /** The policy's basis for it: internal (本院规定) or statute; absent when recorded before the field. */
  basis?: 'statute' | 'internal';
}

/** The petition as far as overdue is concerned: its status and its deadlines. */
export interface PetitionFacts {
  status: string;
  deadlines: readonly DeadlineFact[];
  /** When it was closed (declined, archived), if known: asking about an instant before that still sees it open. */
  closedAt?: InstantLike | null;
}

/**
 * The stage an overdue deadline belongs to and who answers for it: the decision to accept is 信访办's (the case had
 * not reached any department), 签收, handling and the review answer are the department's. A department is therefore
 * never blamed for a stage before the case reached it. The petitioner's own review window is never "overdue".
 */
export const overdueStages = {
  acceptance: { label: '受理', party: 'intake' },
  // The written notice of acceptance (受理告知书) is the 信访办's to send.
  acceptanceNotice: { label: '送达受理告知书', party: 'intake' },
  acknowledgement: { label: '签收', party: 'department' },
  handling: { label: '办理', party: 'department' },
  replyReview: { label: '审核处理意见书', party: 'intake' },
  reviewAnswer: { label: '复查（复核）答复', party: 'department' },
  // A matter handed down from above (上级交办, 12345): the 信访办 answers to the authority for its date and its report.
  handedDown: { label: '上级交办办结', party: 'intake' },
  authorityReport: { label: '办结报告', party: 'intake' },
} as const satisfies Partial<Record<DeadlineKindName, { label: string; party: 'intake' | 'department' }>>;
export type OverdueStage = keyof typeof overdueStages;

/** Who acceptance is owed by. */
export const INTAKE_LABEL = '信访办';

export function isWatchedKind(kind: string): kind is OverdueStage {
  return isKeyOf(overdueStages, kind);
}

const ms = (instant: InstantLike) => toEpochMs(instant);

/**
 * Overdue at `now`: a hospital-side deadline still running at `now` whose due instant has passed (open and not
 * paused), or one the workflow marked overdue by then. A deadline met, cancelled or lapsed before `now` is not.
 * Asking about an earlier instant (the daily report's) works too.
 */
export function isDeadlineOverdue(fact: DeadlineFact, now: InstantLike): boolean {
  if (!isWatchedKind(fact.kind)) return false;
  const at = ms(now);
  // Closed by `now` (met, cancelled, lapsed): not overdue. Closed later: it was still running at `now`.
  if (fact.closedAt !== undefined ? ms(fact.closedAt) <= at : fact.status !== 'open' && fact.status !== 'overdue') return false;
  if (fact.status === 'overdue' && ms(fact.overdueAt ?? fact.dueAt) <= at) return true;
  if (fact.pausedAt !== undefined && ms(fact.pausedAt) <= at) return false;
  return ms(fact.dueAt) <= at;
}

/** Late at some point: marked overdue, met after its due instant, or overdue now. */
export function wasDeadlineLate(fact: DeadlineFact, now: InstantLike): boolean {
  if (!isWatchedKind(fact.kind)) return false;
  if (fact.overdueAt !== undefined) return true;
  if (fact.status === 'met' && fact.closedAt !== undefined && ms(fact.closedAt) > ms(fact.dueAt)) return true;
  return isDeadlineOverdue(fact, now);
}

/** The petition's overdue deadlines at `now` (none once it is closed: declined or archived). */
export function overdueDeadlines(petition: PetitionFacts, now: InstantLike): DeadlineFact[] {
  const closedBefore = petition.closedAt === undefined || petition.closedAt === null || ms(petition.closedAt) <= ms(now);
  if (isClosedStatus(petition.status) && closedBefore) return [];
  return petition.deadlines.filter((fact) => isDeadlineOverdue(fact, now));
}

/** THE definition of an overdue petition. */
export function isOverdue(petition: PetitionFacts, now: InstantLike): boolean {
  return overdueDeadlines(petition, now).length > 0;
}

export interface Responsibility {
  stage: OverdueStage;
  stageLabel: string;
  party: 'intake' | 'department';
  /** The department's code when a department answers for it. */
  department: string | null;
}

/** Who answers for an (overdue) deadline. */
export function responsibleFor(fact: DeadlineFact): Responsibility {
  const stage: OverdueStage = isWatchedKind(fact.kind) ? fact.kind : 'handling';
  const { label, party } = overdueStages[stage];
  return { stage, stageLabel: label, party, department: party === 'department' ? fact.department ?? null : null };
}

/** The key a board groups by: the department's code, or '' for 信访办. */
export function responsibleKey(fact: DeadlineFact): string {
  return responsibleFor(fact).department ?? '';
}

/** Departments (codes) answering for an overdue deadline of the petition at `now`. */
export function blamedDepartments(petition: PetitionFacts, now: InstantLike): string[] {
  return [...new Set(overdueDeadlines(petition, now).flatMap((fact) => responsibleFor(fact).department ?? []))];
}

/** Departments that were late with a deadline of this petition at some point (一岗双责 record). */
export function lateDepartments(petition: PetitionFacts, now: InstantLike): string[] {
  return [
    ...new Set(petition.deadlines.filter((fact) => wasDeadlineLate(fact, now)).flatMap((fact) => responsibleFor(fact).department ?? [])),
  ];
}

/** The earliest due instant among the overdue deadlines (how long the petition has been overdue). */
export function earliestOverdueDue(petition: PetitionFacts, now: InstantLike): string | undefined {
  const due = overdueDeadlines(petition, now).map((fact) => fact.dueAt);
  return due.sort((a, b) => ms(a) - ms(b))[0];
}

/** The compact copy of the workflow's deadline records kept in the record store (no explanations, no personal data). */
export function deadlineFacts(records: ReadonlyArray<DeadlineFact & { deadline?: { rule?: string } }>): DeadlineFact[] {
  return records.map((r) => {
    const fact: DeadlineFact = { id: r.id, kind: r.kind, dueAt: r.dueAt, status: r.status };
    const rule = r.rule ?? r.deadline?.rule;
    if (rule) fact.rule = rule;
    if (r.department) fact.department = r.department;
    if (r.stage) fact.stage = r.stage;
    if (r.pausedAt) fact.pausedAt = r.pausedAt;
    if (r.overdueAt) fact.overdueAt = r.overdueAt;
    if (r.closedAt) fact.closedAt = r.closedAt;
    if (r.basis) fact.basis = r.basis;
    return fact;
  });
}

/** What the departments did, for the statuses of their deadlines: who signed (签收) and who leads (and replies). */
export interface DepartmentActs {
  acknowledged: ReadonlySet<string>;
  lead?: string;
}

/**
 * How many days an overdue deadline is late, as every text counts it ("已超期 N 天"): Shanghai days past its last
 * day, at least 1 (due 12-10 24:00, now on 12-11 → 1).
 */
export function daysLate(dueAt: InstantLike, now: InstantLike): number {
  return Math.max(1, dueDayOf(now) - dueDayOf(dueAt));
}

/**
 * One deadline's status in the one model's words: 计时中（剩余 …）, 已超期 N 天, 按期完成, 逾期完成, 未办理（已撤销）,
 * 已届满. "Met" is 逾期完成 when it was met after its due instant or had been marked overdue.
 */
export function deadlineStatusText(fact: DeadlineFact, now: InstantLike, acted?: DepartmentActs): string {
  if (isDeadlineOverdue(fact, now)) return `已超期 ${daysLate(fact.dueAt, now)} 天`;
  switch (fact.status) {
    case 'met':
      // The lead's reply ends every department's 签收 and handling deadline; one that never acted did not "complete".
      if (acted && fact.department && fact.kind === 'acknowledgement' && !acted.acknowledged.has(fact.department)) return '未签收（牵头部门答复后结束）';
      if (acted && fact.department && fact.kind === 'handling' && fact.department !== acted.lead) return '随牵头部门答复结束';
      return wasDeadlineLate(fact, now) ? '逾期完成' : '按期完成';
    case 'cancelled':
      return '未办理（已撤销）';
    case 'lapsed':
      return deadlineStatusLabels.lapsed;
    case 'open':
      return fact.pausedAt ? '已中止计时' : `计时中（${describeTimeLeft(fact.dueAt, now)}）`;
    default:
      return deadlineStatusLabels[fact.status] ?? fact.status;
  }
}
