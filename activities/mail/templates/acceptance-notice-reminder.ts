/**
 * 受理告知书送达提醒: the 信访办 is told that the written notice of acceptance has not reached the petitioner (the
 * acceptance mail found no e-mail address), with the limit it must meet and where to print the letter. Pure template:
 * the registry supplies the data (an office notice names no petitioner; the console page does).
 */
import { formatShanghaiDate, formatShanghaiDue } from '../format-date';
import { renderLetter, singleLine, type LetterBlock, type RenderedMail } from './letter';

export interface AcceptanceNoticeReminderData {
  number: string;
  recipientName?: string;
  receivedAt: Date;
  /** The limit's due instant (24:00 of its last day). */
  dueAt: Date;
  /** The step, e.g. "距受理告知书送达期限还有1日". */
  stepLabel: string;
  /** The limit as the policy cites it, e.g. "信访工作条例：收到信访事项之日起15日内书面告知信访人（受理告知书）". */
  rule: string;
  /** The petition's page in the console, where the letter is printed and the dispatch recorded. */
  consoleUrl?: string;
  hospitalName: string;
  issuedAt: Date;
}

export function render(data: AcceptanceNoticeReminderData): RenderedMail {
  const due = formatShanghaiDue(data.dueAt);
  const blocks: LetterBlock[] = [
    {
      kind: 'paragraph',
      text: `${formatShanghaiDate(data.receivedAt)}收到的信访事项（编号：${data.number}）已受理，受理告知书须于${due}前书面送达信访人（${data.rule}）。当前：${data.stepLabel}。`,
    },
    {
      kind: 'paragraph',
      text: '信访人未留电子邮箱，系统无法发送受理告知书。请打印受理告知书，以挂号信邮寄或当面送达，并在事项页面登记寄出（送达）日期和挂号单号。',
    },
  ];
  if (data.consoleUrl) blocks.push({ kind: 'link', label: '事项页面', url: data.consoleUrl });
  const { text, html } = renderLetter({
    title: '受理告知书送达提醒',
    number: data.number,
    salutation: `${data.recipientName ?? '信访办'}`,
    blocks,
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  return { subject: singleLine(`【受理告知书待送达】编号：${data.number}，须于${due}前送达`), text, html };
}
