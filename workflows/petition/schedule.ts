/**
 * What the deadline watch must do and when: every deadline's reminder chain, its overdue mark and its escalation
 * ladder, all from policy data. Recomputed from the state whenever it changes, so an extension, a pause or a
 * closure moves or drops the steps without any timer bookkeeping.
 */
import { deadlineForLimit, escalationInstants, reminderInstants, type Policy, type ResponsibleRole, type WorkCalendar } from '../deadlines';
import { acceptanceNoticeReminders } from '../domain/acceptance-notice';
import { authorityReviewReminders } from '../domain/authority-review';
import { authorityReportReminders } from '../domain/handed-down';
import { STATUTORY_KINDS } from './deadline-book';
import type { DeadlineRecord, PetitionState } from './state';

export type StepAction =
  | { type: 'reminder'; role: ResponsibleRole; stepId: string; label: string }
  | { type: 'overdue' }
  | { type: 'escalation'; role: ResponsibleRole; stepId: string; label: string; supervise: boolean }
  | { type: 'acknowledgementResend' }
  | { type: 'acknowledgementEscalation' }
  | { type: 'reviewWindowLapsed' }
  /** An internal target of the 信访办's own (首诉) passed: the intake officers are reminded (no 督办). */
  | { type: 'officeReminder'; stepId: string; label: string }
  /** The longest stop its policy ground allows was reached: the stopped clock runs again by itself. */
  | { type: 'pauseLimitReached' }
  | { type: 'reportReminder'; stepId: string; label: string }
  | { type: 'acceptanceNoticeReminder'; stepId: string; label: string }
  | { type: 'reviewReminder'; stepId: string; label: string; passed: boolean };

export interface PlannedStep {
  /** Stable across replays and retries: deadline, its due instant and the step. Notices derive their keys from it. */
  key: string;
  at: number;
  record: DeadlineRecord;
  action: StepAction;
}

/** At one instant: reminders first, then the overdue mark, then the escalations (the order people expect to see). */
const PHASE: Record<StepAction['type'], number> = {
  reminder: 0,
  acknowledgementResend: 0,
  acknowledgementEscalation: 0,
  reviewWindowLapsed: 0,
  pauseLimitReached: 0,
  officeReminder: 0,
  reportReminder: 0,
  acceptanceNoticeReminder: 0,
  reviewReminder: 0,
  overdue: 1,
  escalation: 2,
};

function stepName(action: StepAction): string {
  return 'stepId' in action ? `${action.type}:${action.stepId}` : action.type;
}

function handlingSteps(record: DeadlineRecord, policy: Policy): Array<{ at: number; action: StepAction }> {
  const armedAt = Date.parse(record.armedAt);
  const escalations = escalationInstants(record.dueAt, policy.escalation);
  // A reminder to the same person at the same instant as an escalation would be a second letter about one fact.
  const coveredByEscalation = (role: ResponsibleRole, at: number) =>
    escalations.some((e) => e.step.role === role && e.at.getTime() === at);
  const steps: Array<{ at: number; action: StepAction }> = [];
  if (record.department) {
    for (const { step, at } of reminderInstants(record.dueAt, policy.reminders)) {
      // Reminders meant for before the deadline was (re)armed would only confuse; the ones still ahead remain.
      if (at.getTime() < armedAt || coveredByEscalation(step.role, at.getTime())) continue;
      steps.push({ at: at.getTime(), action: { type: 'reminder', role: step.role, stepId: step.id, label: step.label } });
    }
  }
  steps.push({ at: Date.parse(record.dueAt), action: { type: 'overdue' } });
  if (record.department) {
    for (const { step, at } of escalations) {
      steps.push({
        at: at.getTime(),
        action: { type: 'escalation', role: step.role, stepId: step.id, label: step.label, supervise: step.supervise },
      });
    }
  }
  return steps;
}

function acknowledgementSteps(record: DeadlineRecord, policy: Policy, calendar: WorkCalendar): Array<{ at: number; action: StepAction }> {
  // Re-sent when the limit passes, then the department head is told when the same limit passes again.
  const secondDue = deadlineForLimit(policy, policy.limits.acknowledgement, record.dueAt, calendar).dueAt.getTime();
  return [
    { at: Date.parse(record.dueAt), action: { type: 'acknowledgementResend' } },
    { at: secondDue, action: { type: 'acknowledgementEscalation' } },
  ];
}

/** The 办结报告: the 信访办 is reminded before its due instant (reminders meant for before it was opened are skipped), then it is overdue. */
function authorityReportSteps(record: DeadlineRecord): Array<{ at: number; action: StepAction }> {
  const due = Date.parse(record.dueAt);
  const armedAt = Date.parse(record.armedAt);
  const steps: Array<{ at: number; action: StepAction }> = authorityReportReminders
    .map((step) => ({ at: due - step.beforeMs, action: { type: 'reportReminder' as const, stepId: step.id, label: step.label } }))
    .filter((step) => step.at >= armedAt);
  steps.push({ at: due, action: { type: 'overdue' } });
  return steps;
}

/**
 * The authority's answer to a 复查 / 复核: the 信访办 is reminded 3 days before it (at once when it was armed later than
 * that) and when it passes; passing it marks it overdue on the record, with no 督办 item and nobody escalated to.
 */
function authorityReviewSteps(record: DeadlineRecord): Array<{ at: number; action: StepAction }> {
  const due = Date.parse(record.dueAt);
  const armedAt = Date.parse(record.armedAt);
  return authorityReviewReminders
    .map((step) => ({ at: step.passed ? due : Math.max(due - step.beforeMs, armedAt), action: { type: 'reviewReminder' as const, stepId: step.id, label: step.label, passed: step.passed } }))
    .filter((step) => step.action.passed || step.at < due);
}

/**
 * 受理告知书 (patch acceptance-notice-duty): an e-mail meets it as it goes out; once the mail found no address the
 * 信访办 is reminded at once and one day before the limit (never for an instant already behind), then it is overdue
 * for the 信访办 like any other deadline.
 */
function acceptanceNoticeSteps(record: DeadlineRecord, state: PetitionState): Array<{ at: number; action: StepAction }> {
  const due = Date.parse(record.dueAt);
  const steps: Array<{ at: number; action: StepAction }> = [];
  const noEmailAt = state.acceptanceNotice?.noEmailAt;
  if (noEmailAt) {
    const { noEmail, oneDayBefore } = acceptanceNoticeReminders;
    const known = Math.max(Date.parse(noEmailAt), Date.parse(record.armedAt));
    if (known < due) steps.push({ at: known, action: { type: 'acceptanceNoticeReminder', stepId: noEmail.id, label: noEmail.label } });
    const dayBefore = due - oneDayBefore.beforeMs;
    if (dayBefore > known) steps.push({ at: dayBefore, action: { type: 'acceptanceNoticeReminder', stepId: oneDayBefore.id, label: oneDayBefore.label } });
  }
  steps.push({ at: due, action: { type: 'overdue' } });
  return steps;
}

/**
 * A limit the policy marks `whenPassed: remindOwner` (医疗机构投诉管理办法's 首诉 target, an internal one): when it
 * passes it is marked overdue for its owner (信访办 on the intake board, or the department's handler reminded), with
 * no 督办 item and nobody escalated to.
 */
function ownerSteps(record: DeadlineRecord, remindsOffice: boolean): Array<{ at: number; action: StepAction }> {
  const due = Date.parse(record.dueAt);
  const steps: Array<{ at: number; action: StepAction }> = [];
  if (record.department) steps.push({ at: due, action: { type: 'reminder', role: 'handler', stepId: 'ownerAtDue', label: '已到本院规定时限' } });
  else if (remindsOffice) steps.push({ at: due, action: { type: 'officeReminder', stepId: 'ownerAtDue', label: '已到本院规定时限' } });
  steps.push({ at: due, action: { type: 'overdue' } });
  return steps;
}

function stepsOf(state: PetitionState, record: DeadlineRecord, policy: Policy, calendar: WorkCalendar): Array<{ at: number; action: StepAction }> {
  if (record.supervised === false) return ownerSteps(record, state.officeReminders === true);
  if (record.kind === 'acceptanceNotice') return acceptanceNoticeSteps(record, state);
  if (record.kind === 'authorityReport') return authorityReportSteps(record);
  if (record.kind === 'authorityReview') return authorityReviewSteps(record);
  // The authority's date for the matter: marked overdue for the 信访办 when it passes (the departments' own limits,
  // capped at it, carry the reminders and escalations).
  if (record.kind === 'handedDown') return [{ at: Date.parse(record.dueAt), action: { type: 'overdue' } }];
  if (record.kind === 'acknowledgement') return acknowledgementSteps(record, policy, calendar);
  if (record.kind === 'reviewRequest') return [{ at: Date.parse(record.dueAt), action: { type: 'reviewWindowLapsed' } }];
  // The office's review target (本院规定) is marked overdue when it passes; nobody is escalated to.
  if (STATUTORY_KINDS.includes(record.kind) || record.kind === 'replyReview') return handlingSteps(record, policy);
  return [];
}

/** Every step of every running, unpaused deadline that has not been carried out yet, in firing order. */
export function pendingSteps(state: PetitionState, policy: Policy, calendar: WorkCalendar): PlannedStep[] {
  const fired = new Set(state.firedSteps ?? []);
  const planned: PlannedStep[] = [];
  for (const record of state.deadlines ?? []) {
    if (record.pausedAt) continue;
    if (record.status !== 'open' && record.status !== 'overdue') continue;
    for (const { at, action } of stepsOf(state, record, policy, calendar)) {
      // An overdue deadline keeps only its later steps (escalations); an open one has not reached its due yet.
      const key = `${record.id}@${record.dueAt}:${stepName(action)}`;
      if (!fired.has(key)) planned.push({ key, at, record, action });
    }
  }
  // A stop on a policy ground (patch pause-by-policy) ends by itself at the ground's longest; one step for the stop.
  const stop = state.clockPaused;
  const stopped = stop?.endsAt ? (state.deadlines ?? []).find((r) => r.pausedAt === stop.at) : undefined;
  if (stop?.endsAt && stopped) {
    const key = `${stopped.id}@${stop.at}:pauseLimitReached`;
    if (!fired.has(key)) planned.push({ key, at: Date.parse(stop.endsAt), record: stopped, action: { type: 'pauseLimitReached' } });
  }
  return planned.sort((a, b) => a.at - b.at || PHASE[a.action.type] - PHASE[b.action.type]);
}
