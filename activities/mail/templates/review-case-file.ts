/**
 * 复查 / 复核 by the authority above (信访工作条例 第三十五条, issue 16): the case file the hospital sends to the
 * authority that answers the review (案卷报送函, with the authority's signed link to record its receipt and its
 * answer), and the 信访办's reminder of the authority's answer deadline. Pure templates: the registry supplies the
 * data (the petitioner is named only when they consented and are not anonymous).
 */
import { formatShanghaiDate, formatShanghaiDue } from '../format-date';
import { renderLetter, singleLine, type LetterBlock, type RenderedMail } from './letter';

export interface ReviewCaseFileData {
  number: string;
  authorityName: string;
  /** 复查 or 复核. */
  stageTitle: string;
  category: string;
  channel: string;
  receivedAt: Date;
  matter: string;
  departmentName: string;
  /** The 处理意见书 as approved (or, for 复核, the 复查意见). */
  opinion: string;
  result: string;
  /** When the written reply reached the petitioner, and how. */
  delivery?: string;
  /** The day the petitioner's request reached the hospital. */
  requestReceivedOn?: string;
  /** The petitioner's request as written. */
  request: string;
  /** The covering note staff added, if any. */
  note?: string;
  /** The answer deadline once the authority's receipt is recorded. */
  dueAt?: Date;
  actionUrl?: string;
  /** Only with the petitioner's consent (保守信访秘密). */
  petitionerName?: string;
  hospitalName: string;
  issuedAt: Date;
}

export function render(data: ReviewCaseFileData): RenderedMail {
  const rows: Array<[string, string]> = [
    ['本院信访编号', data.number],
    ['来源', data.channel],
    ['类别', data.category],
    ['收到日期', formatShanghaiDate(data.receivedAt)],
    ['承办部门', data.departmentName],
  ];
  if (data.petitionerName) rows.push(['信访人', data.petitionerName]);
  if (data.delivery) rows.push(['处理意见书送达', data.delivery]);
  if (data.requestReceivedOn) rows.push([`${data.stageTitle}请求收到日期`, data.requestReceivedOn]);
  if (data.dueAt) rows.push([`${data.stageTitle}答复期限`, formatShanghaiDue(data.dueAt)]);
  const blocks: LetterBlock[] = [
    {
      kind: 'paragraph',
      text:
        `信访人对本院信访事项（编号：${data.number}）的处理意见不服，依照《信访工作条例》第三十五条向贵单位请求${data.stageTitle}。` +
        `现将案卷材料报送贵单位，请依法${data.stageTitle}，并自收到请求之日起30日内提出${data.stageTitle}意见（听证所需时间不计算在内）。`,
    },
    { kind: 'fields', rows },
    { kind: 'section', heading: '反映内容', body: data.matter },
    { kind: 'section', heading: '本院处理意见', body: data.opinion || '（见处理意见书）' },
    { kind: 'section', heading: '处理结果', body: data.result || '（见处理意见书）' },
    { kind: 'section', heading: `${data.stageTitle}请求`, body: data.request || '（见信访人来信）' },
  ];
  if (data.note) blocks.push({ kind: 'section', heading: '报送说明', body: data.note });
  if (data.actionUrl) {
    blocks.push({ kind: 'paragraph', text: `请通过以下链接登记贵单位收到请求的日期并提交${data.stageTitle}意见（也可书面函复本院信访办公室）。` });
    blocks.push({ kind: 'link', label: `${data.stageTitle}办理入口`, url: data.actionUrl });
  } else {
    blocks.push({ kind: 'paragraph', text: `请将收到日期和${data.stageTitle}意见书面函复本院信访办公室。` });
  }
  const { text, html } = renderLetter({
    title: `信访事项${data.stageTitle}案卷报送函`,
    number: data.number,
    salutation: `${data.authorityName}：`,
    blocks,
    closing: '特此函送。',
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  return { subject: singleLine(`【${data.stageTitle}案卷】${data.hospitalName}信访事项（编号：${data.number}）`), text, html };
}

export interface AuthorityReviewReminderData {
  number: string;
  recipientName?: string;
  authorityName: string;
  stageTitle: string;
  dueAt: Date;
  stepLabel: string;
  receivedOn?: string;
  hospitalName: string;
  issuedAt: Date;
}

export function renderReminder(data: AuthorityReviewReminderData): RenderedMail {
  const due = formatShanghaiDue(data.dueAt);
  const { text, html } = renderLetter({
    title: `上级机关${data.stageTitle}答复期限提醒`,
    number: data.number,
    salutation: `${data.recipientName ?? '信访办'}：`,
    blocks: [
      {
        kind: 'paragraph',
        text:
          `信访事项（编号：${data.number}）的${data.stageTitle}请求由${data.authorityName}办理` +
          `${data.receivedOn ? `（${data.receivedOn}收到）` : ''}，答复期限为${due}，当前“${data.stepLabel}”。`,
      },
      { kind: 'paragraph', text: `${data.stageTitle}意见由上级机关作出；收到意见后请在系统中登记，以便告知信访人后续权利。` },
    ],
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  return { subject: singleLine(`【${data.stageTitle}期限提醒】${data.authorityName}（编号：${data.number}）答复期限${due}`), text, html };
}
