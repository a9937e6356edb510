import { formatShanghaiDate } from '../format-date';
import { renderLetter, singleLine, type RenderedMail } from './letter';

/** 《不予受理告知书》: a decline must say why and where the petitioner should go instead. */
export interface DeclineNoticeData {
  number: string;
  petitionerName?: string;
  reason: string;
  redirectTo: string;
  decidedAt: Date;
  hospitalName: string;
}

export function render(data: DeclineNoticeData): RenderedMail {
  const { text, html } = renderLetter({
    title: '不予受理告知书',
    number: data.number,
    salutation: data.petitionerName?.trim() || '信访人',
    blocks: [
      {
        kind: 'paragraph',
        text:
          `您提出的信访事项（编号：${data.number}），经本院审查，` +
          `于${formatShanghaiDate(data.decidedAt)}决定不予受理。现将有关情况告知如下：`,
      },
      { kind: 'section', heading: '一、不予受理的理由', body: data.reason },
      { kind: 'section', heading: '二、建议您通过以下途径反映或解决', body: data.redirectTo },
      {
        kind: 'paragraph',
        text: '如您对本告知有疑问，或有新的事实、证据，可与本院信访接待部门联系。感谢您对本院工作的关心与监督。',
      },
    ],
    closing: '特此告知。',
    hospitalName: data.hospitalName,
    signedAt: data.decidedAt,
  });
  return { subject: singleLine(`不予受理告知书（编号：${data.number}）`), text, html };
}
