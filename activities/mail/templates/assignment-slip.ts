import { formatShanghaiDateTime, formatShanghaiDue } from '../format-date';
import { renderLetter, singleLine, type LetterBlock, type RenderedMail } from './letter';

export type AssignmentRole = 'lead' | 'cooperating';

/** Contact details the petitioner agreed to share with the handling department. */
export interface ConsentedPetitionerContact {
  name?: string;
  phone?: string;
  email?: string;
}

/**
 * 《信访交办单》 sent to a department mailbox. `petitioner` must be set only when the petitioner consented to
 * disclosure (保守信访秘密); without it the slip carries the matter and never the person.
 */
export interface AssignmentSlipData {
  number: string;
  departmentName: string;
  role: AssignmentRole;
  category: string;
  channel: string;
  matter: string;
  complainedAbout: string[];
  dueAt: Date;
  assignedAt: Date;
  /** 签收: the department confirms receipt by then (the policy's acknowledgement limit). */
  acknowledgeBy?: Date;
  /** The lead department by name (for a cooperating department's slip). */
  leadDepartmentName?: string;
  /** The cooperating departments by name, this one left out. */
  cooperatingDepartmentNames?: string[];
  actionUrl?: string;
  hospitalName: string;
  petitioner?: ConsentedPetitionerContact;
}

const ROLE_LABELS: Record<AssignmentRole, string> = { lead: '牵头办理', cooperating: '协助办理' };

function petitionerBlocks(petitioner: ConsentedPetitionerContact | undefined): LetterBlock[] {
  const rows: Array<[string, string]> = [];
  if (petitioner?.name?.trim()) rows.push(['信访人姓名', petitioner.name.trim()]);
  if (petitioner?.phone?.trim()) rows.push(['联系电话', petitioner.phone.trim()]);
  if (petitioner?.email?.trim()) rows.push(['电子邮箱', petitioner.email.trim()]);
  if (rows.length === 0) {
    return [
      {
        kind: 'paragraph',
        text: '根据保守信访秘密的规定，信访人身份及联系方式不随本单提供。如需联系信访人，请通过本院信访接待部门进行。',
      },
    ];
  }
  return [
    { kind: 'notice', text: '以下信访人信息经信访人本人同意提供，仅限办理本事项使用，严禁泄露给被反映人或无关人员。' },
    { kind: 'fields', rows },
  ];
}

function dutyParagraph(data: AssignmentSlipData, due: string): string {
  const others = (data.cooperatingDepartmentNames ?? []).filter((name) => name.trim());
  const acknowledge = data.acknowledgeBy ? `请于${formatShanghaiDue(data.acknowledgeBy)}前通过办理入口签收；` : '';
  if (data.role === 'lead') {
    return (
      `${acknowledge}请贵部门作为牵头部门，组织两名以上工作人员调查核实，形成经签字的调查记录，并于${due}前` +
      '书面回复调查情况、核实结论、处理意见和处理结果。' +
      (others.length > 0 ? `本事项协办部门为${others.join('、')}，请牵头做好协调汇总。` : '涉及协办部门的，请牵头做好协调汇总。')
    );
  }
  const lead = data.leadDepartmentName ? `牵头部门（${data.leadDepartmentName}）` : '牵头部门';
  return (
    `${acknowledge}请贵部门作为协办部门，配合${lead}调查核实，并于${due}前` +
    '将协办意见（调查情况、核实结论及处理建议）书面反馈。'
  );
}

/** Who else handles the matter: the lead department on a cooperating slip, the other cooperating departments. */
function departmentRows(data: AssignmentSlipData): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  if (data.role === 'cooperating' && data.leadDepartmentName) rows.push(['牵头部门', data.leadDepartmentName]);
  const others = (data.cooperatingDepartmentNames ?? []).filter((name) => name.trim());
  if (others.length > 0) rows.push([data.role === 'lead' ? '协办部门' : '其他协办部门', others.join('、')]);
  return rows;
}

export function render(data: AssignmentSlipData): RenderedMail {
  const due = formatShanghaiDue(data.dueAt);
  const complainedAbout = data.complainedAbout.map((entry) => entry.trim()).filter(Boolean);
  const blocks: LetterBlock[] = [
    {
      kind: 'fields',
      rows: [
        ['信访编号', data.number],
        ['承办部门', data.departmentName],
        ['办理方式', ROLE_LABELS[data.role]],
        ['问题类别', data.category],
        ['信访渠道', data.channel],
        ['被反映对象', complainedAbout.length > 0 ? complainedAbout.join('、') : '未指明'],
        ...departmentRows(data),
        ['交办时间', formatShanghaiDateTime(data.assignedAt)],
        ...(data.acknowledgeBy ? [['签收时限', `${formatShanghaiDue(data.acknowledgeBy)}前`] as [string, string]] : []),
        ['办理时限', `${due}前`],
      ],
    },
    { kind: 'section', heading: '反映事项', body: data.matter },
    ...petitionerBlocks(data.petitioner),
    { kind: 'section', heading: '办理要求', body: dutyParagraph(data, due) },
    {
      kind: 'paragraph',
      text:
        '如确需延长办理期限，请在期限届满前说明理由提出延期申请；如经核实不属于贵部门职责范围，' +
        '请及时说明理由退回。逾期未办结的，将列入督办事项并纳入考核。',
    },
    {
      kind: 'paragraph',
      text: '请严格遵守保守信访秘密的规定，不得将信访材料及信访人信息透露给被反映人或无关人员。',
    },
  ];
  if (data.actionUrl) blocks.push({ kind: 'link', label: '办理入口', url: data.actionUrl });

  const { text, html } = renderLetter({
    title: '信访交办单',
    number: data.number,
    salutation: data.departmentName,
    blocks,
    hospitalName: data.hospitalName,
    signedAt: data.assignedAt,
  });
  const subject = `信访交办单（编号：${data.number}，${ROLE_LABELS[data.role]}，请于${due}前办结）`;
  return { subject: singleLine(subject), text, html };
}
