import { formatShanghaiDue } from '../format-date';
import { renderLetter, singleLine, type LetterBlock, type RenderedMail } from './letter';
import { requestedActionFor, supervisionSalutation, type SupervisionNoticeData } from './supervision';

/** 督办提醒（催办）: sent before (or at) a step's deadline to the next rung of the reminder chain. */
export type ReminderData = SupervisionNoticeData;

export function render(data: ReminderData): RenderedMail {
  const due = formatShanghaiDue(data.dueAt);
  const status = data.overdueBy?.trim()
    ? `办理时限为${due}，目前已超期${data.overdueBy.trim()}，请立即办理。`
    : `办理时限为${due}，即将到期。`;
  const blocks: LetterBlock[] = [
    {
      kind: 'paragraph',
      text: `${data.departmentName}承办的信访事项（编号：${data.number}），当前“${data.stepLabel}”环节${status}`,
    },
    { kind: 'paragraph', text: requestedActionFor(data) },
    {
      kind: 'paragraph',
      text: '逾期未办结的，将列入超期督办事项，逐级上报，并纳入部门考核。如确需延期，请在期限届满前说明理由提出申请。',
    },
  ];
  if (data.actionUrl) blocks.push({ kind: 'link', label: '办理入口', url: data.actionUrl });

  const { text, html } = renderLetter({
    title: '信访事项督办提醒',
    number: data.number,
    salutation: supervisionSalutation(data),
    blocks,
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  const subject = data.overdueBy?.trim()
    ? `【督办提醒】信访事项（编号：${data.number}）“${data.stepLabel}”已超期${data.overdueBy.trim()}`
    : `【督办提醒】信访事项（编号：${data.number}）“${data.stepLabel}”将于${due}到期`;
  return { subject: singleLine(subject), text, html };
}
