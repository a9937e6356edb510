import { formatShanghaiDate, formatShanghaiDateTime } from '../../activities/mail/format-date';
import {
  renderAcceptanceNotice,
  renderAssignmentSlip,
  renderDeclineNotice,
  renderEscalation,
  renderReminder,
  renderReplyLetter,
  renderSupervisionInstruction,
  type AssignmentSlipData,
  type RenderedMail,
  type SupervisionNoticeData,
} from '../../activities/mail/templates';

const HOSTILE = '<script>alert(1)</script>';
const HOSTILE_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';
const HOSPITAL = '示例市第一人民医院';
// 10:00 UTC is 18:00 in Shanghai; 16:30 UTC is already the next day there.
const DUE = new Date('2026-11-23T10:00:00Z');
const AFTER_SHANGHAI_MIDNIGHT = new Date('2026-11-23T16:30:00Z');

function expectHostileEscaped(mail: RenderedMail): void {
  expect(mail.html).not.toMatch(/<script/i);
  expect(mail.html).toContain(HOSTILE_ESCAPED);
  expect(mail.subject).not.toMatch(/[\r\n]/);
}

describe('format-date', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('shows Shanghai wall-clock time whatever the host zone is', () => {
    for (const zone of ['UTC', 'America/New_York', 'Asia/Tokyo']) {
      process.env.TZ = zone;
      expect(formatShanghaiDateTime(DUE)).toBe('2026年11月23日 18:00');
      expect(formatShanghaiDate(AFTER_SHANGHAI_MIDNIGHT)).toBe('2026年11月24日');
    }
  });

  it('pads hours and minutes but not month and day, and can show seconds', () => {
    const early = new Date('2026-02-02T01:05:09Z');
    expect(formatShanghaiDateTime(early)).toBe('2026年2月2日 09:05');
    expect(formatShanghaiDateTime(early, { seconds: true })).toBe('2026年2月2日 09:05:09');
    expect(formatShanghaiDateTime(new Date('2026-12-31T16:00:00Z'))).toBe('2027年1月1日 00:00');
  });

  it('refuses invalid dates instead of printing NaN', () => {
    expect(() => formatShanghaiDate(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('acceptance notice 信访受理告知书', () => {
  const data = {
    number: 'XF-2026-000123',
    petitionerName: '张三',
    receivedAt: new Date('2026-11-02T02:00:00Z'),
    acceptedAt: new Date('2026-11-05T03:00:00Z'),
    expectedReplyBy: AFTER_SHANGHAI_MIDNIGHT,
    policyTitle: '信访工作条例',
    queryCode: 'K7P2QX',
    lookupUrl: 'https://xf.hospital.example/lookup',
    hospitalName: HOSPITAL,
  };

  it('states procedure, deadline and how to look up progress', () => {
    const mail = renderAcceptanceNotice(data);
    expect(mail.subject).toBe('信访受理告知书（编号：XF-2026-000123）');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('信访受理告知书');
      expect(part).toContain('张三：');
      expect(part).toContain('2026年11月2日提出的信访事项');
      expect(part).toContain('《信访工作条例》');
      expect(part).toContain('已于2026年11月5日予以受理');
      expect(part).toContain('2026年11月24日 00:30前');
      expect(part).toContain('K7P2QX');
      expect(part).toContain('特此告知');
      expect(part).toContain(HOSPITAL);
    }
    expect(mail.html).toContain('<a href="https://xf.hospital.example/lookup">');
  });

  it('addresses an anonymous petitioner neutrally and does not double book-title marks', () => {
    const mail = renderAcceptanceNotice({ ...data, petitionerName: undefined, policyTitle: '《医疗机构投诉管理办法》' });
    expect(mail.text).toContain('信访人：');
    expect(mail.text).toContain('《医疗机构投诉管理办法》');
    expect(mail.text).not.toContain('《《');
  });

  it('escapes every interpolated value and never links a javascript: URL', () => {
    const mail = renderAcceptanceNotice({
      ...data,
      number: HOSTILE,
      petitionerName: HOSTILE,
      policyTitle: HOSTILE,
      queryCode: HOSTILE,
      hospitalName: HOSTILE,
      lookupUrl: 'javascript:alert(1)',
    });
    expectHostileEscaped(mail);
    expect(mail.html).not.toContain('href="javascript:');
  });
});

describe('decline notice 不予受理告知书', () => {
  const data = {
    number: 'XF-2026-000124',
    reason: '该医疗纠纷已由人民法院立案受理。',
    redirectTo: '请通过人民法院诉讼程序依法解决。',
    decidedAt: DUE,
    hospitalName: HOSPITAL,
  };

  it('says why and where to go instead', () => {
    const mail = renderDeclineNotice(data);
    expect(mail.subject).toContain('不予受理告知书');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('决定不予受理');
      expect(part).toContain('不予受理的理由');
      expect(part).toContain(data.reason);
      expect(part).toContain(data.redirectTo);
      expect(part).toContain('2026年11月23日');
      expect(part).toContain('信访人：');
    }
  });

  it('escapes hostile input', () => {
    expectHostileEscaped(
      renderDeclineNotice({ ...data, petitionerName: HOSTILE, reason: HOSTILE, redirectTo: HOSTILE, number: HOSTILE }),
    );
  });
});

describe('assignment slip 信访交办单', () => {
  const data: AssignmentSlipData = {
    number: 'XF-2026-000125',
    departmentName: '医务处',
    role: 'lead',
    category: '医疗质量',
    channel: '网上信访',
    matter: '患者反映住院期间术后换药不及时。\n要求科室说明情况。',
    complainedAbout: ['普外科', '王医生'],
    dueAt: DUE,
    assignedAt: new Date('2026-11-06T01:00:00Z'),
    actionUrl: 'https://xf.hospital.example/tasks/abc',
    hospitalName: HOSPITAL,
  };
  const identity = { name: '李四', phone: '13800138000', email: 'lisi@example.com' };

  it('carries the matter, role, deadline and duties', () => {
    const mail = renderAssignmentSlip(data);
    expect(mail.subject).toContain('信访交办单');
    expect(mail.subject).toContain('牵头办理');
    expect(mail.subject).toContain('2026年11月23日 18:00');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('医疗质量');
      expect(part).toContain('网上信访');
      expect(part).toContain('普外科、王医生');
      expect(part).toContain('术后换药不及时');
      expect(part).toContain('2026年11月6日 09:00');
      expect(part).toContain('两名以上工作人员调查核实');
      expect(part).toContain('保守信访秘密');
    }
    expect(mail.html).toContain('患者反映住院期间术后换药不及时。<br>');
  });

  it('names the 签收 deadline and the other departments', () => {
    const ack = new Date('2026-11-09T16:00:00Z');
    const lead = renderAssignmentSlip({ ...data, acknowledgeBy: ack, cooperatingDepartmentNames: ['护理部', '心内科'] });
    for (const part of [lead.text, lead.html]) {
      expect(part).toContain('签收时限');
      expect(part).toContain('2026年11月9日24时前');
      expect(part).toContain('护理部、心内科');
    }
    expect(lead.text).toContain('本事项协办部门为护理部、心内科');
    const cooperating = renderAssignmentSlip({ ...data, role: 'cooperating', departmentName: '护理部', acknowledgeBy: ack, leadDepartmentName: '医务处', cooperatingDepartmentNames: ['心内科'] });
    expect(cooperating.text).toContain('牵头部门：医务处');
    expect(cooperating.text).toContain('其他协办部门：心内科');
    expect(cooperating.text).toContain('配合牵头部门（医务处）调查核实');
    expect(cooperating.text).toContain('请于2026年11月9日24时前通过办理入口签收');
  });

  it('asks a cooperating department for its opinion to the lead department', () => {
    const mail = renderAssignmentSlip({ ...data, role: 'cooperating', departmentName: '护理部' });
    expect(mail.subject).toContain('协助办理');
    expect(mail.text).toContain('配合牵头部门');
  });

  it('renders no petitioner identity without consent', () => {
    const mail = renderAssignmentSlip(data);
    for (const part of [mail.subject, mail.text, mail.html]) {
      for (const secret of [identity.name, identity.phone, identity.email, '联系电话', '信访人姓名']) {
        expect(part).not.toContain(secret);
      }
    }
    expect(mail.text).toContain('信访人身份及联系方式不随本单提供');
  });

  it('treats an empty consent object as no consent', () => {
    const mail = renderAssignmentSlip({ ...data, petitioner: { name: '  ' } });
    expect(mail.text).toContain('信访人身份及联系方式不随本单提供');
  });

  it('shows consented contact details with a confidentiality warning, but never in the subject', () => {
    const mail = renderAssignmentSlip({ ...data, petitioner: identity });
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('经信访人本人同意提供');
      expect(part).toContain(identity.name);
      expect(part).toContain(identity.phone);
      expect(part).toContain(identity.email);
    }
    expect(mail.subject).not.toContain(identity.name);
  });

  it('escapes hostile petition content', () => {
    const mail = renderAssignmentSlip({
      ...data,
      matter: HOSTILE,
      complainedAbout: [HOSTILE],
      category: HOSTILE,
      channel: HOSTILE,
      departmentName: HOSTILE,
      petitioner: { name: HOSTILE, phone: HOSTILE, email: HOSTILE },
      actionUrl: 'https://x.example/?a="><script>alert(1)</script>',
    });
    expectHostileEscaped(mail);
    expect(mail.html).toContain('href="https://x.example/?a=&quot;&gt;');
  });
});

describe('reply letter 信访事项处理意见书', () => {
  const data = {
    number: 'XF-2026-000126',
    petitionerName: '赵六',
    investigation: '经医务处两名工作人员调阅病历、询问当班医护人员……',
    findings: '反映的换药延迟情况属实。',
    opinion: '对相关科室进行通报批评并整改。',
    result: '科室已书面致歉，并优化换药排班。',
    departmentName: '医务处',
    repliedAt: DUE,
    hospitalName: HOSPITAL,
  };

  it('contains the four parts and default review information', () => {
    const mail = renderReplyLetter(data);
    expect(mail.subject).toBe('信访事项处理意见书（编号：XF-2026-000126）');
    for (const part of [mail.text, mail.html]) {
      for (const expected of ['调查情况', '核实结论', '处理意见', '处理结果', data.findings, data.result, '特此答复']) {
        expect(part).toContain(expected);
      }
      expect(part).toContain('赵六：');
      expect(part).toContain('2026年11月23日');
      expect(part).toContain('如您对本处理意见有异议');
    }
  });

  it('uses the policy review-rights text when given', () => {
    const reviewRightsText = '如不服本处理意见，可自收到本意见书之日起30日内请求复查。';
    expect(renderReplyLetter({ ...data, reviewRightsText }).text).toContain(reviewRightsText);
  });

  it('escapes hostile input', () => {
    expectHostileEscaped(
      renderReplyLetter({
        ...data,
        petitionerName: HOSTILE,
        investigation: HOSTILE,
        findings: HOSTILE,
        opinion: HOSTILE,
        result: HOSTILE,
        departmentName: HOSTILE,
        reviewRightsText: HOSTILE,
      }),
    );
  });
});

describe('reminder 督办提醒 and escalation 超期督办', () => {
  const base: SupervisionNoticeData = {
    number: 'XF-2026-000127',
    recipientRole: 'departmentHead',
    departmentName: '护理部',
    dueAt: DUE,
    stepLabel: '承办答复',
    hospitalName: HOSPITAL,
  };

  it('reminds before the deadline, addressing the rung of the ladder', () => {
    const mail = renderReminder(base);
    expect(mail.subject).toBe('【督办提醒】信访事项（编号：XF-2026-000127）“承办答复”将于2026年11月23日 18:00到期');
    expect(mail.text).toContain('护理部科室负责人：');
    expect(mail.text).toContain('科室投诉第一责任人');
    expect(mail.html).toContain('即将到期');
  });

  it('names the recipient and says how late when overdue', () => {
    const mail = renderReminder({ ...base, recipientRole: 'handler', recipientName: '钱七', overdueBy: '1天' });
    expect(mail.subject).toContain('已超期1天');
    expect(mail.text).toContain('钱七（承办人）：');
  });

  it('escalates to the leader in charge and the president', () => {
    const toLeader = renderEscalation({ ...base, recipientRole: 'leaderInCharge', overdueBy: '3天' });
    expect(toLeader.subject).toBe('【超期督办】信访事项（编号：XF-2026-000127）“承办答复”目前已超期3天');
    expect(toLeader.text).toContain('分管院领导：');
    expect(toLeader.text).toContain('督促护理部按期办结');
    expect(toLeader.html).toContain('超期督办');
    expect(toLeader.html).toContain('2026年11月23日 18:00');

    const toPresident = renderEscalation({ ...base, recipientRole: 'president', recipientName: '孙院长' });
    expect(toPresident.text).toContain('孙院长（院长）：');
    expect(toPresident.text).toContain('第一责任人');
    expect(toPresident.subject).toContain('已超过办理时限');
  });

  it('is pure: the same data renders the same mail, dated only by issuedAt', () => {
    expect(renderEscalation(base)).toEqual(renderEscalation(base));
    expect(renderReminder({ ...base, issuedAt: AFTER_SHANGHAI_MIDNIGHT }).text).toContain('2026年11月24日');
  });

  it('escapes hostile input in both', () => {
    const hostile = {
      ...base,
      number: HOSTILE,
      recipientName: HOSTILE,
      departmentName: HOSTILE,
      overdueBy: HOSTILE,
      stepLabel: HOSTILE,
      hospitalName: HOSTILE,
    };
    expectHostileEscaped(renderReminder(hostile));
    expectHostileEscaped(renderEscalation(hostile));
  });
});

describe('督办意见通知 (a leader\'s instruction to the department)', () => {
  const data = {
    number: 'XF-2026-000131',
    departmentName: '医务处',
    leaderName: '李建国（院领导）',
    instruction: '请于本周内组织专家会诊。\n并当面向患者说明。',
    dueAt: new Date('2026-12-10T16:00:00Z'),
    actionUrl: 'https://xf.hospital.example/tasks/abc',
    hospitalName: HOSPITAL,
    issuedAt: new Date('2026-12-02T02:00:00Z'),
  };

  it('carries who gave it, the instruction, the deadline and the link', () => {
    const mail = renderSupervisionInstruction(data);
    expect(mail.subject).toContain('【督办意见】信访事项（编号：XF-2026-000131）');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('李建国（院领导）');
      expect(part).toContain('请于本周内组织专家会诊。');
      expect(part).toContain('2026年12月10日24时前');
      expect(part).toContain('https://xf.hospital.example/tasks/abc');
    }
  });

  it('escapes hostile text', () => {
    expectHostileEscaped(renderSupervisionInstruction({ ...data, instruction: HOSTILE, departmentName: HOSTILE, leaderName: HOSTILE }));
  });
});
