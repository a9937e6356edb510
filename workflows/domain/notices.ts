/**
 * Notice kinds and who each one is addressed to. The audience decides what a notice may carry and who may later see
 * its record: only a petitioner-audience notice goes to (and names) the petitioner; department, leadership and
 * higher-authority notices never carry the petitioner's name, phone, e-mail, ID number or address unless the
 * petitioner consented and is not anonymous, and their records are the only ones a department user may see.
 * Templates and recipients live beside the sending activity (activities/notices); this file is safe in workflows.
 */

import { isKeyOf } from './keys';

export const audiences = {
  petitioner: '信访人',
  department: '承办部门',
  leadership: '院领导',
  higherAuthority: '上级机关',
  office: '信访办',
} as const;
export type Audience = keyof typeof audiences;

export const noticeKinds = {
  acceptance: { label: '受理告知书', audience: 'petitioner' },
  decline: { label: '不予受理告知书', audience: 'petitioner' },
  reply: { label: '处理意见书', audience: 'petitioner' },
  extension: { label: '延期告知书', audience: 'petitioner' },
  assignment: { label: '信访交办单', audience: 'department' },
  'reply-returned': { label: '答复退回修改通知', audience: 'department' },
  reminder: { label: '催办提醒', audience: 'department' },
  'supervision-instruction': { label: '督办意见通知', audience: 'department' },
  escalation: { label: '超期督办', audience: 'leadership' },
  'extension-request': { label: '延期审批单', audience: 'leadership' },
  'extension-decision': { label: '延期审批结果通知', audience: 'department' },
  leadershipAlert: { label: '重要信访提醒', audience: 'leadership' },
  'deadline-recalculated': { label: '期限变更通知', audience: 'department' },
  'deadline-recalculated-petitioner': { label: '期限变更告知书', audience: 'petitioner' },
  'clock-paused': { label: '中止计时告知书', audience: 'petitioner' },
  'clock-resumed': { label: '恢复计时告知书', audience: 'petitioner' },
  'authority-report': { label: '办结报告', audience: 'higherAuthority' },
  'authority-report-reminder': { label: '办结报告催报提醒', audience: 'office' },
  'office-reminder': { label: '信访办办理提醒', audience: 'office' },
  'acceptance-notice-reminder': { label: '受理告知书送达提醒', audience: 'office' },
  'review-case-file': { label: '复查（复核）案卷报送函', audience: 'higherAuthority' },
  'authority-review-reminder': { label: '上级机关复查（复核）答复期限提醒', audience: 'office' },
} as const satisfies Record<string, { label: string; audience: Audience }>;

export type NoticeKind = keyof typeof noticeKinds;

export function isNoticeKind(value: string): value is NoticeKind {
  return isKeyOf(noticeKinds, value);
}

export function noticeAudience(kind: string): Audience | undefined {
  return isNoticeKind(kind) ? noticeKinds[kind].audience : undefined;
}

/** A notice record a department user may see: addressed to staff, never to the petitioner (unknown kinds: no). */
export function isStaffNotice(kind: string): boolean {
  const audience = noticeAudience(kind);
  return audience !== undefined && audience !== 'petitioner';
}

export function noticeLabel(kind: string): string {
  return isNoticeKind(kind) ? noticeKinds[kind].label : kind;
}
