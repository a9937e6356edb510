import { formatShanghaiDate, formatShanghaiDue } from '../format-date';
import { bookTitle, renderLetter, singleLine, type LetterBlock, type RenderedMail } from './letter';

/** 《信访受理告知书》: tells the petitioner the matter was accepted, what happens next and by when. */
export interface AcceptanceNoticeData {
  number: string;
  petitionerName?: string;
  receivedAt: Date;
  acceptedAt: Date;
  expectedReplyBy: Date;
  policyTitle: string;
  queryCode: string;
  lookupUrl?: string;
  hospitalName: string;
}

export function render(data: AcceptanceNoticeData): RenderedMail {
  const lookupBlocks: LetterBlock[] = [
    {
      kind: 'section',
      heading: '三、进度查询',
      body:
        `您可凭信访编号和查询码查询办理进度。信访编号：${data.number}；查询码：${data.queryCode}。` +
        '请妥善保管查询码，勿告知他人。',
    },
  ];
  if (data.lookupUrl) lookupBlocks.push({ kind: 'link', label: '进度查询网址', url: data.lookupUrl });

  const { text, html } = renderLetter({
    title: '信访受理告知书',
    number: data.number,
    salutation: data.petitionerName?.trim() || '信访人',
    blocks: [
      {
        kind: 'paragraph',
        text:
          `您于${formatShanghaiDate(data.receivedAt)}提出的信访事项（编号：${data.number}），` +
          `经审查，符合受理条件，本院依据${bookTitle(data.policyTitle)}的规定，` +
          `已于${formatShanghaiDate(data.acceptedAt)}予以受理。现将有关事项告知如下：`,
      },
      {
        kind: 'section',
        heading: '一、办理程序',
        body:
          '本院信访接待部门已对您的信访事项进行登记，并交办相关承办部门调查核实。' +
          '承办部门调查核实后提出处理意见，由本院信访接待部门以书面形式答复您。',
      },
      {
        kind: 'section',
        heading: '二、办理期限',
        body:
          `本院预计于${formatShanghaiDue(data.expectedReplyBy)}前向您出具书面处理意见。` +
          '如因情况复杂需要延长办理期限，本院将依照规定办理延期手续，并告知您延期理由。',
      },
      ...lookupBlocks,
      {
        kind: 'paragraph',
        text: '办理期间，如您有新的情况或证据需要补充，请与本院信访接待部门联系。本院将依法保护您的个人信息，对信访事项予以保密。',
      },
    ],
    closing: '特此告知。',
    hospitalName: data.hospitalName,
    signedAt: data.acceptedAt,
  });
  return { subject: singleLine(`信访受理告知书（编号：${data.number}）`), text, html };
}
