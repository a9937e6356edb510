/**
 * The shape of a deadline policy, as plain TypeScript types. Policies are data: a hospital picks one, and every
 * number a timer depends on comes from here. They are validated outside the workflow sandbox (the zod schema in
 * activities/policy-schema.ts, which checks at compile time that it describes exactly these types) and enter the
 * workflow as validated plain data, so no validator is evaluated in a cached workflow.
 */
import type {
  DayUnit,
  ExtensionApprover,
  LimitAnchor,
  LimitBasis,
  OffsetUnit,
  PassedAction,
  PausableLimit,
  PauseApprover,
  ResponsibleRole,
  VariantCondition,
} from './vocabulary';

/** A period counted in days from an event, e.g. 60 calendar days from acceptance. */
export interface Limit {
  amount: number;
  unit: DayUnit;
  from: LimitAnchor;
  /** The rule as staff cite it, e.g. "受理后60日内办结". */
  label: string;
  note?: string;
  /**
   * statute (the cited regulation's) or internal (本院规定, so labelled in every text). Absent: cited as the policy's,
   * counted and supervised as before these fields existed.
   */
  basis?: LimitBasis;
  /** Passing it: the 督办 ladder (supervise, the default), or only its owner reminded (remindOwner: no 督办, no escalation). */
  whenPassed?: PassedAction;
  /** Hospital closure days extend it; default: only an internal limit (a closure does not move the law's date). */
  closuresExtend?: boolean;
  /** A handling variant that applies on its own at assignment, e.g. when more than one department is assigned. */
  appliesWhen?: VariantCondition;
}

export interface Duration {
  amount: number;
  unit: DayUnit;
}

export interface TimeOffset {
  amount: number;
  unit: OffsetUnit;
  direction: 'before' | 'after';
}

export interface ReminderStep {
  id: string;
  offset: TimeOffset;
  relativeTo: 'due';
  role: ResponsibleRole;
  label: string;
}

export interface EscalationStep {
  id: string;
  afterOverdue: Omit<TimeOffset, 'direction'>;
  role: ResponsibleRole;
  /** Marks the item as supervised (督办) on the overdue board. */
  supervise: boolean;
  label: string;
}

export interface PolicyExtension {
  /** At most this much added to the handling period … */
  maxAdditional?: Duration;
  /** … and/or the whole period, extension included, at most this long from its anchor. */
  maxTotal?: Limit;
  /** Who decides (第三十四条): the requesting department's 分管院领导, or the 院长 as 单位负责人. */
  approvedBy: ExtensionApprover;
  reasonRequired: boolean;
  petitionerToldReason: boolean;
  label: string;
}

export interface ReviewStage {
  stage: 'recheck' | 'reexamination';
  title: string;
  /** How long the petitioner has to ask, from the reply being reviewed. */
  requestWithin: Limit;
  /** How long the reviewing body has to answer, from receiving the request. */
  answerWithin: Limit;
}

export interface PolicyReview {
  stages: ReviewStage[];
  /** After the last stage the same request is not accepted again (不再受理). */
  finalAfterLastStage: boolean;
  /** Re-handled when new facts or evidence arrive. */
  reopenOnNewEvidence: boolean;
  label: string;
}

/**
 * One ground on which a clock may stop (中止计时), e.g. 信访人补充材料: which clocks stop, who approves, the longest
 * stop (the clock runs again by itself when it is reached), and whether the petitioner is told (a letter on stopping
 * and on running again, with the new date). Its rule is cited in the deadline's explanation.
 */
export interface PauseGround {
  id: string;
  /** What staff pick, e.g. "信访人补充材料". */
  label: string;
  /** statute: the cited regulation allows it; internal: 本院规定, which may stop only internal limits. */
  basis: LimitBasis;
  /** The rule as cited in the explanation and the letter, e.g. "本院规定：…". */
  rule: string;
  stops: PausableLimit[];
  approvedBy: PauseApprover[];
  longest: Duration;
  petitionerTold: boolean;
}

/** 中止计时: the grounds the policy allows; none, and no clock of the policy ever stops. */
export interface PolicyPausing {
  grounds: PauseGround[];
  /** Said on the form, e.g. "《信访工作条例》未规定中止计时的情形，法定期限不中止". */
  label: string;
}

export interface PolicyLimits {
  /** 签收: how soon a handling department must acknowledge an assignment. */
  acknowledgement: Limit;
  acceptance: Limit;
  handling: Limit;
  /** 信访办审核处理意见书: an internal target (本院规定) from the department's reply; none, no review deadline. */
  replyReview?: Limit;
  /**
   * 受理告知书: the written notice of acceptance must reach the petitioner within this limit (信访工作条例: 15 days
   * from receipt); an e-mail counts on its send date, post or hand delivery on the date staff record. None: no
   * such duty is tracked.
   */
  acceptanceNotice?: Limit;
  handlingVariants: Record<string, Limit>;
}

export interface Policy {
  id: string;
  version: string;
  title: string;
  /** Used in rule texts: "信访工作条例：受理后60日内办结". */
  shortTitle: string;
  source: string;
  kind: 'xinfang' | 'complaint';
  limits: PolicyLimits;
  extension: PolicyExtension | null;
  review: PolicyReview;
  /** Absent (policies pinned before it existed): no ground is allowed, as none was ever stated. */
  pausing?: PolicyPausing;
  reminders: ReminderStep[];
  escalation: EscalationStep[];
}
