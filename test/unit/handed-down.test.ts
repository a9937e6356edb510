/**
 * Matters handed down from above (issue 16): the registration's 交办信息 is refused with a Chinese reason when it does
 * not fit (wrong channel, dates before receipt), the authorities in hospital configuration are read, and the
 * 办结报告 and its reminder render the authority, the reference number and the due date, escaping what staff typed.
 */
import path from 'node:path';
import { render, renderReminder } from '../../activities/mail/templates/authority-report';
import { loadHospitalConfig } from '../../services/hospital-config';
import { registrationSchema } from '../../services/petitions/registration';
import { formatDueMoment } from '../../workflows/domain/due';

const base = { category: 'billing', content: '收费有误', petitioner: { name: '张三' } };
const matter = { authority: 'RX12345', referenceNumber: 'GD-2026-0042', dueAt: new Date(Date.now() + 5 * 86_400_000).toISOString() };

function messages(input: unknown): string[] {
  const parsed = registrationSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

describe('registration of a matter handed down', () => {
  test('a 12345 or 上级交办 registration records the matter; the report is owed by default', () => {
    for (const channel of ['hotline_12345', 'higher_authority']) {
      const parsed = registrationSchema.parse({ ...base, channel, handedDown: matter });
      expect(parsed.handedDown).toEqual({ ...matter, reportRequired: true });
    }
  });

  test('refused with the reason: another channel, a deadline before receipt, a report date without a report', () => {
    expect(messages({ ...base, channel: 'visit', handedDown: matter })).toEqual(['只有“上级交办”或“12345/市长热线转办”的信访事项才登记交办信息']);
    expect(messages({ ...base, channel: 'hotline_12345', handedDown: { ...matter, dueAt: '2020-01-01T00:00:00Z' } })).toEqual(['交办期限须晚于收到时间']);
    expect(messages({ ...base, channel: 'hotline_12345', handedDown: { ...matter, reportRequired: false, reportDueAt: matter.dueAt } })).toEqual(['未要求报送办结报告时不填写报告期限']);
    expect(messages({ ...base, channel: 'hotline_12345', handedDown: { ...matter, referenceNumber: 'GD\u0007' } })).toEqual(['交办文号不能含控制字符']);
  });

  test('hospital configuration lists the authorities with their mailbox', () => {
    const hospital = loadHospitalConfig(path.join(__dirname, '../../config/hospital.json'));
    expect(hospital.authorities.map((a) => a.code)).toEqual(expect.arrayContaining(['SWJW', 'RX12345']));
    expect(hospital.authorities.every((a) => a.email.includes('@'))).toBe(true);
  });
});

describe('办结报告 and its reminder', () => {
  const due = new Date('2026-12-10T16:00:00Z');

  test('the report names the authority, its reference number and the report due date, and escapes the letter text', () => {
    const mail = render({
      number: 'XF-2026-000042', authorityName: '示例市12345政务服务便民热线', referenceNumber: 'GD-2026-0042', reportDueAt: due,
      channel: '12345/市长热线转办', category: '收费/物价', receivedAt: new Date('2026-12-01T02:00:00Z'), departmentName: '财务处',
      opinion: '<script>alert(1)</script>', result: '已退费', satisfaction: '满意', hospitalName: '示例市第一人民医院', issuedAt: new Date('2026-12-05T02:00:00Z'),
    });
    expect(mail.subject).toBe('【办结报告】交办文号GD-2026-0042（本院编号：XF-2026-000042）');
    expect(mail.text).toContain('示例市12345政务服务便民热线：');
    expect(mail.text).toContain(`报告期限：${formatDueMoment(due)}`);
    expect(mail.html).not.toMatch(/<script/);
    expect(mail.text).not.toContain('信访人：');
  });

  test('a declined matter\'s report states the decision and where the petitioner was directed', () => {
    const mail = render({
      number: 'XF-2026-000043', authorityName: '示例市卫生健康委员会', referenceNumber: '示卫信转〔2026〕9号', reportDueAt: due,
      channel: '上级交办', category: '其他', receivedAt: new Date('2026-12-01T02:00:00Z'), departmentName: '', declined: true,
      opinion: '不予受理：已进入诉讼程序', result: '请通过人民法院解决', satisfaction: '未评价', hospitalName: '示例市第一人民医院', issuedAt: new Date('2026-12-05T02:00:00Z'),
    });
    expect(mail.text).toContain('经审查不予受理');
    expect(mail.text).toContain('请通过人民法院解决');
    expect(mail.text).not.toContain('信访人评价');
  });

  test('the reminder tells the 信访办 what is due and when', () => {
    const mail = renderReminder({
      number: 'XF-2026-000042', recipientName: '王晓敏', authorityName: '示例市卫生健康委员会', referenceNumber: '示卫信转〔2026〕7号',
      reportDueAt: due, stepLabel: '距办结报告期限还有1日', status: '已交办', hospitalName: '示例市第一人民医院', issuedAt: new Date('2026-12-09T16:00:00Z'),
    });
    expect(mail.subject).toContain('示卫信转〔2026〕7号');
    expect(mail.text).toContain(`须于${formatDueMoment(due)}报送办结报告，当前“距办结报告期限还有1日”`);
  });
});
