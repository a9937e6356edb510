/**
 * What the clock will do next, in staff words (issue 13: "reminders" listed only mails already sent): the deadline
 * watch's planned steps (workflows/petition/schedule.ts pendingSteps, read through the plannedSteps query) as the
 * petition page's 即将进行的提醒与督办 table — when, for which deadline and department, and what happens.
 */
import { formatDue } from '../../workflows/domain/due';
import { deadlineKindLabels } from '../../workflows/domain/overdue';
import { ROLE_LABELS } from '../../workflows/deadlines/vocabulary';
import type { PlannedStepView } from '../../workflows/petition/messages';
import { html, type Html } from './html';

const kindLabels: Record<string, string> = deadlineKindLabels;

/** What one step does, as staff say it. */
export function plannedStepText(step: PlannedStepView): string {
  const to = step.role ? ROLE_LABELS[step.role] : '';
  switch (step.action) {
    case 'reminder':
      return `发送催办提醒给${to}（${step.label ?? ''}）`;
    case 'overdue':
      return '期限届满，仍未办结即标记为超期';
    case 'escalation':
      return `超期督办：${step.label ?? `报${to}`}`;
    case 'acknowledgementResend':
      return '仍未签收的，重新发送交办单';
    case 'acknowledgementEscalation':
      return '仍未签收的，告知部门负责人';
    case 'acceptanceNoticeReminder':
      return `提醒信访办：${step.label ?? '受理告知书尚未送达'}`;
    case 'reviewWindowLapsed':
      return '复查（复核）申请期限届满，此后不再受理复查申请';
    case 'reviewReminder':
      return `提醒信访办：${step.label ?? '上级机关复查（复核）答复期限'}`;
    default:
      return step.label ?? '到期处理';
  }
}

export function plannedStepsTable(steps: PlannedStepView[], departmentName: (code: string) => string): Html {
  if (steps.length === 0) return html`<p class="muted">暂无待进行的提醒或督办。</p>`;
  return html`<table class="planned-steps"><thead><tr><th>时间</th><th>期限</th><th>部门</th><th>将要进行</th></tr></thead><tbody>
${steps.map((step) => html`<tr data-action="${step.action}"><td class="when">${formatDue(step.at)}</td><td>${kindLabels[step.deadlineKind] ?? '期限'}</td><td>${step.department ? departmentName(step.department) : ''}</td><td>${plannedStepText(step)}</td></tr>`)}
</tbody></table>`;
}
