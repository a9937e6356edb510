/**
 * The petition's events: every type the workflow (or registration) writes to the record store's event log, with the
 * one Chinese label staff see. A closed union, so a new event type does not compile until it has a label here, and a
 * view or metric that names a type the system cannot write does not compile either. Safe to import in workflows.
 */

import { isKeyOf } from './keys';

export const eventLabels = {
  registered: '登记',
  accepted: '受理',
  acceptance_notice_delivered: '受理告知书送达',
  declined: '不予受理',
  assigned: '交办',
  acknowledged: '签收',
  replied: '承办答复',
  reply_approved: '审核通过处理意见书',
  reply_returned: '退回承办部门修改',
  reopened: '因新的事实或证据重新处理',
  fed_back: '反馈',
  archived: '归档',
  returned: '退回',
  extension_requested: '申请延期',
  extension_approved: '同意延期',
  extension_refused: '不同意延期',
  clock_paused: '中止计时',
  clock_resumed: '恢复计时',
  review_requested: '申请复查/复核',
  review_window_lapsed: '复查/复核申请期限届满',
  review_file_sent: '向上级机关报送复查/复核案卷',
  review_receipt_recorded: '上级机关收到复查/复核请求',
  review_hearing_started: '复查/复核听证开始（暂停计时）',
  review_hearing_ended: '复查/复核听证结束（恢复计时）',
  review_answered: '上级机关作出复查/复核意见',
  ownership_taken: '领导包案',
  urged: '催办',
  instructed: '督办意见',
  leadership_alerted: '提醒院领导',
  reminder_sent: '催办提醒',
  overdue: '超期',
  supervision_opened: '列入督办',
  escalated: '升级督办',
  assignment_resent: '重发交办单',
  acknowledgement_escalated: '未签收报部门负责人',
  calendar_adopted: '按新日历重算期限',
  policy_adopted: '改按新版办理规则',
  authority_reported: '向上级机关报送办结报告',
} as const;

export type EventType = keyof typeof eventLabels;

export const eventTypes = Object.keys(eventLabels) as EventType[];

export function isEventType(value: string): value is EventType {
  return isKeyOf(eventLabels, value);
}

/** The label for a stored event type; an unknown (older) type is shown as itself rather than hidden. */
export function eventLabel(type: string): string {
  return isEventType(type) ? eventLabels[type] : type;
}

/** Events a deadline timer writes when it fires (metrics count these, the DeadlineAudit table times them). */
export const timerEventTypes = [
  'reminder_sent',
  'overdue',
  'supervision_opened',
  'escalated',
  'assignment_resent',
  'acknowledgement_escalated',
  'review_window_lapsed',
] as const satisfies readonly EventType[];
