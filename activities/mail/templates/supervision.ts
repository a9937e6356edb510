/** What reminders (督办提醒) and escalations (超期督办) share: who is addressed and what that rung is asked to do. */
export type SupervisionRecipientRole = 'handler' | 'departmentHead' | 'leaderInCharge' | 'president';

export interface SupervisionNoticeData {
  number: string;
  recipientName?: string;
  recipientRole: SupervisionRecipientRole;
  departmentName: string;
  dueAt: Date;
  overdueBy?: string;
  stepLabel: string;
  actionUrl?: string;
  hospitalName: string;
  /** Date printed under the signature; templates never read the clock themselves. */
  issuedAt?: Date;
}

export const RECIPIENT_ROLE_LABELS: Record<SupervisionRecipientRole, string> = {
  handler: '承办人',
  departmentHead: '科室负责人',
  leaderInCharge: '分管院领导',
  president: '院长',
};

export function supervisionSalutation(data: SupervisionNoticeData): string {
  const roleLabel = RECIPIENT_ROLE_LABELS[data.recipientRole];
  const name = data.recipientName?.trim();
  if (name) return `${name}（${roleLabel}）`;
  const isDepartmentRung = data.recipientRole === 'handler' || data.recipientRole === 'departmentHead';
  return isDepartmentRung ? `${data.departmentName}${roleLabel}` : roleLabel;
}

/** Each rung of the responsibility ladder is asked for a different thing. */
export function requestedActionFor(data: SupervisionNoticeData): string {
  switch (data.recipientRole) {
    case 'handler':
      return '请您抓紧调查核实，按期提交书面答复。';
    case 'departmentHead':
      return '请您履行科室投诉第一责任人职责，督促本科室承办人员按期办结并书面答复。';
    case 'leaderInCharge':
      return `请您履行分管领导职责，督促${data.departmentName}按期办结，必要时协调解决办理中的困难。`;
    case 'president':
      return `请您作为第一责任人予以督办，督促${data.departmentName}及分管院领导落实办理责任。`;
  }
}
