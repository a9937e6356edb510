/** Deadline policies and the PRC-calendar deadline calculator; safe to import inside Temporal workflows. */
export {
  DAY_UNITS,
  LIMIT_ANCHORS,
  RESPONSIBLE_ROLES,
  EXTENSION_APPROVERS,
  OFFSET_UNITS,
  ANCHOR_DAY_LABELS,
  ROLE_LABELS,
  describeAmount,
  LIMIT_BASES,
  INTERNAL_RULE_LABEL,
  type LimitBasis,
  type PassedAction,
  type VariantCondition,
  type DayUnit,
  type LimitAnchor,
  type ResponsibleRole,
  type ExtensionApprover,
  type OffsetUnit,
} from './vocabulary';
export { type InstantLike, shanghaiDayOf, startOfShanghaiDay, isoDate, parseIsoDate, describeInstant } from './shanghai-days';
export { PRESUMED_HOLIDAYS_TEXT, type WorkCalendar, type DayClass, type DayKind } from './calendar';
export { createWorkCalendar, calendarVersionFor, officialScheduleYears, type WorkCalendarOptions } from './shipped-schedule';
export { CHINESE_DAYS_VERSION } from './schedule-release';
export { takeCalendarSnapshot, calendarFromSnapshot, type ScheduleSupplement, type SnapshotOptions } from './calendar-snapshot';
export { calendarFromData, type CalendarData } from './calendar';
export { computeDeadline, type Deadline, type DeadlineInput, type DeadlineAdjustment } from './deadline';
export { pauseDeadline, resumeDeadline, extendDeadline, type PausedDeadline, type PauseBasis, type ExtensionRequest } from './adjustments';
export { recalculateDeadline, type Recalculation } from './recalculate';
export { reminderInstants, escalationInstants, type ScheduledReminder, type ScheduledEscalation } from './reminders';
export type {
  Policy,
  Limit,
  Duration,
  TimeOffset,
  ReminderStep,
  EscalationStep,
  PolicyExtension,
  PolicyLimits,
  PolicyPausing,
  PolicyReview,
  ReviewStage,
  PauseGround,
} from './policy-types';
export {
  BUNDLED_POLICY_FILES,
  deepFreeze,
  loadPolicy,
  listPolicies,
  handlingLimit,
  handlingLimitFor,
  deadlineForLimit,
  limitRuleText,
  closuresExtend,
  checkExtension,
  type ExtensionCheck,
} from './policies';
export { withoutClosures } from './calendar';
