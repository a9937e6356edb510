import { formatShanghaiDue } from '../format-date';
import { renderLetter, singleLine, type LetterBlock, type RenderedMail } from './letter';

/**
 * 督办意见通知 (issue 13: the 督办 board had no 督办意见): a hospital leader's written instruction on a petition the
 * department handles, mailed to the department with its deadline and its handling link. The instruction is the
 * stored document (督办意见); the history carries its id only.
 */
export interface SupervisionInstructionData {
  number: string;
  departmentName: string;
  /** Who gave it, e.g. "李建国（分管院领导）". */
  leaderName: string;
  instruction: string;
  dueAt?: Date;
  actionUrl?: string;
  hospitalName: string;
  issuedAt: Date;
}

export function render(data: SupervisionInstructionData): RenderedMail {
  const blocks: LetterBlock[] = [
    { kind: 'paragraph', text: `${data.leaderName}对贵部门承办的信访事项（编号：${data.number}）提出督办意见如下，请认真落实。` },
    { kind: 'section', heading: '督办意见', body: data.instruction },
    {
      kind: 'paragraph',
      text: data.dueAt
        ? `请按督办意见抓紧办理，于${formatShanghaiDue(data.dueAt)}前书面答复，落实情况在答复中一并说明。`
        : '请按督办意见抓紧办理，落实情况在书面答复中一并说明。',
    },
  ];
  if (data.actionUrl) blocks.push({ kind: 'link', label: '办理入口', url: data.actionUrl });
  const { text, html } = renderLetter({
    title: '信访事项督办意见通知',
    number: data.number,
    salutation: data.departmentName,
    blocks,
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  return { subject: singleLine(`【督办意见】信访事项（编号：${data.number}）院领导督办意见，请抓紧落实`), text, html };
}
