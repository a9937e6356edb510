import { formatShanghaiDue } from '../format-date';
import { renderLetter, singleLine, type RenderedMail } from './letter';

/**
 * 期限变更: a year's official holiday schedule was adopted after the petition started and a running deadline was
 * counted again on it (workflows/deadlines/recalculate.ts). The department whose limit moved gets the notice, and so
 * does the petitioner when the date they were told (the expected reply) or their own window moved.
 */
export interface DeadlineRecalculatedData {
  number: string;
  /** The department's name, or the petitioner's (or "信访人"). */
  addressee: string;
  /** What the date is, e.g. "办理期限", "复查申请期限". */
  deadlineLabel: string;
  previousDueAt: Date;
  dueAt: Date;
  year: number;
  /** Where the schedule comes from (the State Council notice). */
  source: string;
  hospitalName: string;
  issuedAt: Date;
}

function letter(data: DeadlineRecalculatedData, title: string, closing: string): RenderedMail {
  const { text, html } = renderLetter({
    title,
    number: data.number,
    salutation: data.addressee,
    blocks: [
      {
        kind: 'paragraph',
        text:
          `信访事项（编号：${data.number}）的${data.deadlineLabel}原按${data.year}年节假日安排公布前的日历计算为${formatShanghaiDue(data.previousDueAt)}；` +
          `依据${data.source}重新计算，现为${formatShanghaiDue(data.dueAt)}。`,
      },
      { kind: 'paragraph', text: closing },
    ],
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  return { subject: singleLine(`${title}（编号：${data.number}）`), text, html };
}

export function renderForDepartment(data: DeadlineRecalculatedData): RenderedMail {
  return letter(data, '信访事项期限变更通知', '请按变更后的期限办理。');
}

export function renderForPetitioner(data: DeadlineRecalculatedData): RenderedMail {
  return letter(data, '信访事项期限变更告知书', '特此告知。');
}
