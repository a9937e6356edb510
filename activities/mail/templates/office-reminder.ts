import { formatShanghaiDue } from '../format-date';
import { renderLetter, singleLine, type RenderedMail } from './letter';

/**
 * 信访办办理提醒: an internal target that is the office's own (医疗机构投诉管理办法's 首诉负责制, 本院规定) has passed.
 * It goes to the intake officers only: such a target has no 督办 item and nobody above is told.
 */
export interface OfficeReminderData {
  number: string;
  recipientName?: string;
  /** e.g. "受理期限（本院规定）". */
  deadlineLabel: string;
  rule: string;
  dueAt: Date;
  status: string;
  consoleUrl: string;
  hospitalName: string;
  issuedAt?: Date;
}

export function render(data: OfficeReminderData): RenderedMail {
  const due = formatShanghaiDue(data.dueAt);
  const { text, html } = renderLetter({
    title: '信访办办理提醒',
    number: data.number,
    salutation: `${data.recipientName ?? '信访办'}：`,
    blocks: [
      { kind: 'paragraph', text: `信访事项（编号：${data.number}）的${data.deadlineLabel}已于${due}届满，事项状态为“${data.status}”，请尽快处理。` },
      { kind: 'paragraph', text: `依据：${data.rule}。此为本院内部时限，不列入督办，不向院领导报告。` },
      { kind: 'link', label: '在控制台办理', url: data.consoleUrl },
    ],
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  return { subject: singleLine(`【办理提醒】${data.deadlineLabel}已届满（编号：${data.number}）`), text, html };
}
