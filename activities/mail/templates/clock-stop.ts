import { formatShanghaiDue } from '../format-date';
import { renderLetter, singleLine, type RenderedMail } from './letter';

/**
 * 中止计时告知书 and 恢复计时告知书: the petitioner is told when a clock of their matter stops on a ground the
 * policy allows (which ground, the rule, what to supply, the latest day it runs again) and when it runs again (the
 * new date). One file for both: they are one fact told twice, in the same words.
 */
export interface ClockPausedData {
  number: string;
  petitionerName?: string;
  groundLabel: string;
  rule: string;
  /** What the petitioner is asked to supply, as staff wrote it (may be empty). */
  materials: string;
  /** The clock runs again by itself at this instant at the latest. */
  endsAt: Date;
  hospitalName: string;
  issuedAt?: Date;
}

export interface ClockResumedData {
  number: string;
  petitionerName?: string;
  groundLabel: string;
  /** The petitioner's date after the stop (受理期限 or 办理期限); absent when none moved (e.g. already passed). */
  dueAt?: Date;
  deadlineLabel: string;
  /** The longest stop the rule allows was reached: it ran again by itself. */
  automatic: boolean;
  hospitalName: string;
  issuedAt?: Date;
}

export function renderClockPaused(data: ClockPausedData): RenderedMail {
  const { text, html } = renderLetter({
    title: '信访事项中止计时告知书',
    number: data.number,
    salutation: data.petitionerName?.trim() || '信访人',
    blocks: [
      { kind: 'paragraph', text: `您提出的信访事项（编号：${data.number}）因“${data.groundLabel}”，自即日起暂停计算办理期限。` },
      ...(data.materials.trim() ? [{ kind: 'section' as const, heading: '请补充的材料', body: data.materials }] : []),
      { kind: 'paragraph', text: `最迟于${formatShanghaiDue(data.endsAt)}恢复计时；材料补齐后即恢复计时，届时另行告知新的办理期限。` },
      { kind: 'paragraph', text: `依据：${data.rule}。` },
    ],
    closing: '特此告知。',
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  return { subject: singleLine(`信访事项中止计时告知书（编号：${data.number}）`), text, html };
}

export function renderClockResumed(data: ClockResumedData): RenderedMail {
  const why = data.automatic ? '暂停计时已达规定的最长期限' : `“${data.groundLabel}”情形已消除`;
  const { text, html } = renderLetter({
    title: '信访事项恢复计时告知书',
    number: data.number,
    salutation: data.petitionerName?.trim() || '信访人',
    blocks: [
      { kind: 'paragraph', text: `您提出的信访事项（编号：${data.number}）${why}，自即日起恢复计算期限。` },
      data.dueAt
        ? { kind: 'paragraph', text: `暂停期间不计入期限，${data.deadlineLabel}现为${formatShanghaiDue(data.dueAt)}。` }
        : { kind: 'paragraph', text: `${data.deadlineLabel}不变。` },
    ],
    closing: '特此告知。',
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  return { subject: singleLine(`信访事项恢复计时告知书（编号：${data.number}）`), text, html };
}
