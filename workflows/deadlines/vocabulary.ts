/** The closed vocabularies shared by the policy files and the calculator, with the Chinese words staff see. */
export const DAY_UNITS = ['calendarDays', 'workingDays'] as const;
export type DayUnit = (typeof DAY_UNITS)[number];

/** The event a period counts from; that event's own day is never counted. */
export const LIMIT_ANCHORS = ['receipt', 'acceptance', 'assignment', 'reply', 'reviewRequest'] as const;
export type LimitAnchor = (typeof LIMIT_ANCHORS)[number];

/**
 * Where a limit comes from: the regulation the policy cites (statute), or the hospital's own rule (internal, shown
 * as 本院规定 in every text). Internal limits are the ones a hospital closure day extends (unless the policy says).
 */
export const LIMIT_BASES = ['statute', 'internal'] as const;
export type LimitBasis = (typeof LIMIT_BASES)[number];

/** What passing a limit does: the 督办 ladder (overdue, supervision item, escalations), or a reminder to its owner. */
export const PASSED_ACTIONS = ['supervise', 'remindOwner'] as const;
export type PassedAction = (typeof PASSED_ACTIONS)[number];

/** When a handling variant applies on its own at assignment (医疗机构投诉管理办法: 涉及多个科室). */
export const VARIANT_CONDITIONS = ['severalDepartments'] as const;
export type VariantCondition = (typeof VARIANT_CONDITIONS)[number];

/** The label every text puts on an internal rule. */
export const INTERNAL_RULE_LABEL = '本院规定';

export const RESPONSIBLE_ROLES = ['handler', 'departmentHead', 'leaderInCharge', 'president'] as const;
export type ResponsibleRole = (typeof RESPONSIBLE_ROLES)[number];

/** Who may approve an extension (信访工作条例 第三十四条: 本单位负责人, or the department's 分管院领导 on its behalf). */
export const EXTENSION_APPROVERS = ['leaderInCharge', 'president'] as const satisfies readonly ResponsibleRole[];
export type ExtensionApprover = (typeof EXTENSION_APPROVERS)[number];

/** The clocks a policy may let stop (中止计时): the acceptance decision, the handling and a review's answer. */
export const PAUSABLE_LIMITS = ['acceptance', 'handling', 'reviewAnswer'] as const;
export type PausableLimit = (typeof PAUSABLE_LIMITS)[number];

/** Who may approve stopping a clock, as staff roles (the one who approves is the one who stops it in the console). */
export const PAUSE_APPROVERS = ['intake', 'leader', 'president'] as const;
export type PauseApprover = (typeof PAUSE_APPROVERS)[number];

export const OFFSET_UNITS = ['minutes', 'hours', 'calendarDays'] as const;
export type OffsetUnit = (typeof OFFSET_UNITS)[number];

export const ANCHOR_DAY_LABELS: Record<LimitAnchor, string> = {
  receipt: '收到日',
  acceptance: '受理日',
  assignment: '交办日',
  reply: '答复日',
  reviewRequest: '复查（复核）申请收到日',
};

export const ROLE_LABELS: Record<ResponsibleRole, string> = {
  handler: '承办人',
  departmentHead: '科室负责人',
  leaderInCharge: '分管院领导',
  president: '院长',
};

export function describeAmount(amount: number, unit: DayUnit): string {
  return unit === 'workingDays' ? `${amount}个工作日` : `${amount}日`;
}
