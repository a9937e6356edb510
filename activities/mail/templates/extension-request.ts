import { formatShanghaiDue } from '../format-date';
import { renderLetter, singleLine, type RenderedMail } from './letter';

/** 延期审批: the department's request goes to its leader in charge, with a link to approve or refuse. Matter only. */
export interface ExtensionRequestMailData {
  number: string;
  leaderName: string;
  departmentName: string;
  category: string;
  days: number;
  reason: string;
  currentDueAt?: Date;
  actionUrl?: string;
  hospitalName: string;
  issuedAt: Date;
}

export function render(data: ExtensionRequestMailData): RenderedMail {
  const rows: Array<[string, string]> = [
    ['信访编号', data.number],
    ['申请部门', data.departmentName],
    ['问题类别', data.category],
    ['申请延长', `${data.days}天`],
    ['现办理时限', data.currentDueAt ? `${formatShanghaiDue(data.currentDueAt)}前` : '—'],
  ];
  const { text, html } = renderLetter({
    title: '信访事项延期审批单',
    number: data.number,
    salutation: data.leaderName,
    blocks: [
      { kind: 'paragraph', text: `${data.departmentName}申请延长信访事项（编号：${data.number}）的办理期限，请审批。` },
      { kind: 'fields', rows },
      { kind: 'section', heading: '延期理由', body: data.reason || '（未填写）' },
      ...(data.actionUrl ? [{ kind: 'link' as const, label: '审批入口', url: data.actionUrl }] : []),
      { kind: 'paragraph', text: '请严格遵守保守信访秘密的规定。' },
    ],
    hospitalName: data.hospitalName,
    signedAt: data.issuedAt,
  });
  return { subject: singleLine(`信访事项延期审批（编号：${data.number}，${data.departmentName}申请延长${data.days}天）`), text, html };
}
