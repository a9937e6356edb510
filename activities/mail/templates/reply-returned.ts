import { formatShanghaiDue } from '../format-date';
import { renderLetter, singleLine, type LetterBlock, type RenderedMail } from './letter';

/**
 * 答复退回修改通知: the 信访办 reviewed the department's reply before answering the petitioner and sent it back with
 * a note; the department replies again through the link, within its limit (which did not move).
 */
export interface ReplyReturnedData {
  number: string;
  departmentName: string;
  note: string;
  dueAt?: Date;
  actionUrl?: string;
  hospitalName: string;
  issuedAt: Date;
}

export function render(data: ReplyReturnedData): RenderedMail {
  const blocks: LetterBlock[] = [
    {
      kind: 'paragraph',
      text: `贵部门对信访事项（编号：${data.number}）的书面答复，经信访办公室审核，需修改后重新提交，暂未答复信访人。`,
    },
    { kind: 'section', heading: '退回意见', body: data.note },
    {
      kind: 'paragraph',
      text: data.dueAt
        ? `请按退回意见修改后重新提交书面答复，办理时限仍为${formatShanghaiDue(data.dueAt)}。`
        : '请按退回意见修改后重新提交书面答复。',
    },
  ];
  if (data.actionUrl) blocks.push({ kind: 'link', label: '重新提交答复', url: data.actionUrl });
  const { text, html } = renderLetter({
    title: '信访事项答复退回修改通知',
    number: data.number,
    salutation: data.departmentName,
    blocks,
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  return { subject: singleLine(`【退回修改】信访事项（编号：${data.number}）的书面答复需修改后重新提交`), text, html };
}
