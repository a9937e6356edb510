import { renderLetter, singleLine, type RenderedMail } from './letter';

/** 《信访事项处理意见书》: the written reply to the petitioner with the department's findings. */
export interface ReplyLetterData {
  number: string;
  petitionerName?: string;
  investigation: string;
  findings: string;
  opinion: string;
  result: string;
  departmentName: string;
  repliedAt: Date;
  reviewRightsText?: string;
  hospitalName: string;
}

const DEFAULT_REVIEW_RIGHTS =
  '如您对本处理意见有异议，或有新的事实、证据，可与本院信访接待部门联系，本院将依照规定处理。';

export function render(data: ReplyLetterData): RenderedMail {
  const { text, html } = renderLetter({
    title: '信访事项处理意见书',
    number: data.number,
    salutation: data.petitionerName?.trim() || '信访人',
    blocks: [
      {
        kind: 'paragraph',
        text:
          `您反映的信访事项（编号：${data.number}），本院已交由${data.departmentName}调查核实。` +
          '现将处理意见答复如下：',
      },
      { kind: 'section', heading: '一、调查情况', body: data.investigation },
      { kind: 'section', heading: '二、核实结论', body: data.findings },
      { kind: 'section', heading: '三、处理意见', body: data.opinion },
      { kind: 'section', heading: '四、处理结果', body: data.result },
      { kind: 'paragraph', text: data.reviewRightsText?.trim() || DEFAULT_REVIEW_RIGHTS },
      { kind: 'paragraph', text: '感谢您对本院工作的理解、支持与监督。' },
    ],
    closing: '特此答复。',
    hospitalName: data.hospitalName,
    signedAt: data.repliedAt,
  });
  return { subject: singleLine(`信访事项处理意见书（编号：${data.number}）`), text, html };
}
