/**
 * 办结报告 (上级交办, 12345 回复工单, issue 16): the report to the authority that handed the matter down, sent when the
 * matter is finished (反馈), and the 信访办's reminder while it is still due. Pure templates: the registry supplies the
 * data (the petitioner is named only when they consented and are not anonymous).
 */
import { formatShanghaiDate, formatShanghaiDue } from '../format-date';
import { renderLetter, singleLine, type LetterBlock, type RenderedMail } from './letter';

export interface AuthorityReportData {
  number: string;
  authorityName: string;
  referenceNumber: string;
  /** The report's due instant as the authority set it. */
  reportDueAt: Date;
  /** The authority's deadline for the matter. */
  matterDueAt?: Date;
  channel: string;
  category: string;
  receivedAt: Date;
  departmentName: string;
  /** 不予受理: the report states the decision instead of a handling result. */
  declined?: boolean;
  opinion: string;
  result: string;
  satisfaction: string;
  delivery?: string;
  /** Only with the petitioner's consent (保守信访秘密). */
  petitionerName?: string;
  hospitalName: string;
  issuedAt: Date;
}

export function render(data: AuthorityReportData): RenderedMail {
  const rows: Array<[string, string]> = [
    ['交办文号', data.referenceNumber],
    ['本院信访编号', data.number],
    ['来源', data.channel],
    ['类别', data.category],
    ['收到日期', formatShanghaiDate(data.receivedAt)],
  ];
  if (data.matterDueAt) rows.push(['交办办结期限', formatShanghaiDue(data.matterDueAt)]);
  rows.push(['报告期限', formatShanghaiDue(data.reportDueAt)]);
  if (data.petitionerName) rows.push(['信访人', data.petitionerName]);
  if (!data.declined) rows.push(['承办部门', data.departmentName], ['信访人评价', data.satisfaction]);
  if (data.delivery) rows.push(['答复送达', data.delivery]);
  const blocks: LetterBlock[] = [
    {
      kind: 'paragraph',
      text: data.declined
        ? `贵单位交办的信访事项（交办文号：${data.referenceNumber}）经审查不予受理，现将有关情况报告如下。`
        : `贵单位交办的信访事项（交办文号：${data.referenceNumber}）已办理完毕，现将办理结果报告如下。`,
    },
    { kind: 'fields', rows },
    { kind: 'section', heading: data.declined ? '审查意见' : '处理意见', body: data.opinion || '（见处理意见书）' },
    { kind: 'section', heading: data.declined ? '告知信访人的途径' : '处理结果', body: data.result || (data.declined ? '（无）' : '（见处理意见书）') },
  ];
  const { text, html } = renderLetter({
    title: '信访事项办结报告',
    number: data.number,
    salutation: `${data.authorityName}：`,
    blocks,
    closing: '特此报告。',
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  return { subject: singleLine(`【办结报告】交办文号${data.referenceNumber}（本院编号：${data.number}）`), text, html };
}

export interface AuthorityReportReminderData {
  number: string;
  recipientName?: string;
  authorityName: string;
  referenceNumber: string;
  reportDueAt: Date;
  stepLabel: string;
  status: string;
  hospitalName: string;
  issuedAt: Date;
}

export function renderReminder(data: AuthorityReportReminderData): RenderedMail {
  const due = formatShanghaiDue(data.reportDueAt);
  const { text, html } = renderLetter({
    title: '办结报告催报提醒',
    number: data.number,
    salutation: `${data.recipientName ?? '信访办'}：`,
    blocks: [
      {
        kind: 'paragraph',
        text: `${data.authorityName}交办的信访事项（交办文号：${data.referenceNumber}，本院编号：${data.number}）须于${due}报送办结报告，当前“${data.stepLabel}”，事项状态为“${data.status}”。`,
      },
      { kind: 'paragraph', text: '事项反馈后系统即向上级机关发送办结报告；请督促承办部门按期办结并及时反馈。' },
    ],
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  return { subject: singleLine(`【办结报告催报】交办文号${data.referenceNumber}（编号：${data.number}）报告将于${due}到期`), text, html };
}
