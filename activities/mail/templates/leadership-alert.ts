import { formatShanghaiDateTime } from '../format-date';
import { renderLetter, singleLine, type RenderedMail } from './letter';

/** 集体访 / 重复访 / 越级访: the leadership group hears of it at once; the matter, never the petitioner's identity. */
export interface LeadershipAlertData {
  number: string;
  recipientName?: string;
  reasons: string[];
  channel: string;
  category: string;
  peopleCount: number;
  receivedAt: Date;
  actionUrl?: string;
  hospitalName: string;
  issuedAt?: Date;
}

export function render(data: LeadershipAlertData): RenderedMail {
  const reasons = data.reasons.join('、');
  const { text, html } = renderLetter({
    title: '重要信访事项报告',
    number: data.number,
    salutation: data.recipientName?.trim() || '院领导',
    blocks: [
      { kind: 'notice', text: reasons },
      {
        kind: 'paragraph',
        text: `${formatShanghaiDateTime(data.receivedAt)}收到的信访事项（编号：${data.number}）属于${reasons}，现即时报告，请予关注；重大、复杂事项请确定包案领导。`,
      },
      {
        kind: 'fields',
        rows: [
          ['信访方式', data.channel],
          ['问题类别', data.category],
          ['人数', `${data.peopleCount}人`],
        ],
      },
      ...(data.actionUrl ? [{ kind: 'link' as const, label: '查看事项', url: data.actionUrl }] : []),
    ],
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  return { subject: singleLine(`【重要信访事项】${reasons}（编号：${data.number}）`), text, html };
}
