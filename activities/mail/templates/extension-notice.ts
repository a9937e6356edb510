import { formatShanghaiDue } from '../format-date';
import { renderLetter, singleLine, type RenderedMail } from './letter';

/** 延期告知: the petitioner is told that handling takes longer, until when, and why (信访工作条例 第三十二条). */
export interface ExtensionNoticeData {
  number: string;
  petitionerName?: string;
  newDueAt: Date;
  reason: string;
  policyLabel: string;
  hospitalName: string;
  issuedAt?: Date;
}

export function render(data: ExtensionNoticeData): RenderedMail {
  const { text, html } = renderLetter({
    title: '信访事项延期办理告知书',
    number: data.number,
    salutation: data.petitionerName?.trim() || '信访人',
    blocks: [
      {
        kind: 'paragraph',
        text: `您提出的信访事项（编号：${data.number}）因情况复杂，经本院负责人批准，办理期限延长至${formatShanghaiDue(data.newDueAt)}。`,
      },
      { kind: 'section', heading: '延期理由', body: data.reason || '情况复杂，需进一步调查核实。' },
      { kind: 'paragraph', text: `依据：${data.policyLabel}。` },
    ],
    closing: '特此告知。',
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  return { subject: singleLine(`信访事项延期办理告知书（编号：${data.number}）`), text, html };
}
