import { formatShanghaiDue } from '../format-date';
import { renderLetter, singleLine, type RenderedMail } from './letter';

/**
 * 延期审批结果通知: the department that asked for more time hears the decision either way (approved with the new
 * date, or refused: the old date stands), who decided and the leader's note. Matter only, never the petitioner.
 */
export interface ExtensionDecisionData {
  number: string;
  departmentName: string;
  days: number;
  approved: boolean;
  /** Approved by the leader after the deadline had passed or stopped: nothing was extended. */
  lapsed: boolean;
  dueAt?: Date;
  decidedBy: string;
  note?: string;
  hospitalName: string;
  issuedAt: Date;
}

function outcome(data: ExtensionDecisionData): string {
  if (data.approved) return `经${data.decidedBy}批准，办理期限延长${data.days}天`;
  if (data.lapsed) return `${data.decidedBy}同意延期时，办理期限已届满或正在暂停计时，期限未延长`;
  return `${data.decidedBy}不同意延期，办理期限不变`;
}

export function render(data: ExtensionDecisionData): RenderedMail {
  const due = data.dueAt ? `${formatShanghaiDue(data.dueAt)}前` : '—';
  const { text, html } = renderLetter({
    title: '信访事项延期审批结果通知',
    number: data.number,
    salutation: data.departmentName,
    blocks: [
      { kind: 'paragraph', text: `贵部门申请延长信访事项（编号：${data.number}）办理期限${data.days}天，${outcome(data)}。请在${due}办结。` },
      {
        kind: 'fields',
        rows: [
          ['信访编号', data.number],
          ['审批结果', data.approved ? '同意' : '不同意'],
          ['审批人', data.decidedBy],
          [data.approved ? '延长后办理时限' : '办理时限', due],
        ],
      },
      ...(data.note ? [{ kind: 'section' as const, heading: '审批意见', body: data.note }] : []),
      { kind: 'paragraph', text: '请严格遵守保守信访秘密的规定。' },
    ],
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  return { subject: singleLine(`信访事项延期审批结果（编号：${data.number}，${data.approved ? '同意' : '不同意'}延期）`), text, html };
}
