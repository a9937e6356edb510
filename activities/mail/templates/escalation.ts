import { formatShanghaiDue } from '../format-date';
import { renderLetter, singleLine, type LetterBlock, type RenderedMail } from './letter';
import { requestedActionFor, supervisionSalutation, type SupervisionNoticeData } from './supervision';

/** 超期督办: a step's deadline has passed, so the matter becomes a supervised item and goes up the ladder. */
export type EscalationData = SupervisionNoticeData;

export function render(data: EscalationData): RenderedMail {
  const due = formatShanghaiDue(data.dueAt);
  const overdueBy = data.overdueBy?.trim();
  const overdueText = overdueBy ? `目前已超期${overdueBy}` : '目前已超过办理时限';
  const blocks: LetterBlock[] = [
    { kind: 'notice', text: '超期督办' },
    {
      kind: 'paragraph',
      text:
        `${data.departmentName}承办的信访事项（编号：${data.number}），“${data.stepLabel}”环节办理时限为${due}，` +
        `${overdueText}，尚未办结。根据本院信访工作督办规定，现列为超期督办事项。`,
    },
    { kind: 'paragraph', text: requestedActionFor(data) },
    {
      kind: 'paragraph',
      text: '请于收到本通知后尽快办结并书面答复。超期情况将纳入部门考核，按照“一岗双责”要求依规追究相关责任。',
    },
  ];
  if (data.actionUrl) blocks.push({ kind: 'link', label: '办理入口', url: data.actionUrl });

  const { text, html } = renderLetter({
    title: '信访事项超期督办通知',
    number: data.number,
    salutation: supervisionSalutation(data),
    blocks,
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  const subject = `【超期督办】信访事项（编号：${data.number}）“${data.stepLabel}”${overdueText}`;
  return { subject: singleLine(subject), text, html };
}
