/**
 * 延期审批结果通知 (issue 16, 第三十四条): the department that asked for more time hears the decision either way,
 * with the date it must now finish by, who decided and the leader's note; escaped like every letter.
 */
import { renderExtensionDecision, type ExtensionDecisionData } from '../../activities/mail/templates';

const base: ExtensionDecisionData = {
  number: 'XF-2026-000321',
  departmentName: '心内科',
  days: 10,
  approved: true,
  lapsed: false,
  dueAt: new Date('2027-02-10T16:00:00Z'),
  decidedBy: '分管院领导李建国',
  note: '同意，请按时办结',
  hospitalName: '示例市第一人民医院',
  issuedAt: new Date('2026-12-02T02:00:00Z'),
};

describe('extension decision notice 延期审批结果通知', () => {
  test('approved: the new date, who decided and the note', () => {
    const mail = renderExtensionDecision(base);
    expect(mail.subject).toBe('信访事项延期审批结果（编号：XF-2026-000321，同意延期）');
    expect(mail.text).toContain('经分管院领导李建国批准，办理期限延长10天');
    expect(mail.text).toContain('延长后办理时限：2027年2月10日24时前');
    expect(mail.text).toContain('同意，请按时办结');
  });

  test('refused: the old date stands; approved too late: nothing extended, and it says why', () => {
    const refused = renderExtensionDecision({ ...base, approved: false, note: undefined, dueAt: new Date('2027-01-31T16:00:00Z') });
    expect(refused.subject).toContain('不同意延期');
    expect(refused.text).toContain('分管院领导李建国不同意延期，办理期限不变');
    expect(refused.text).toContain('办理时限：2027年1月31日24时前');
    expect(refused.text).not.toContain('审批意见');
    const lapsed = renderExtensionDecision({ ...base, approved: false, lapsed: true });
    expect(lapsed.text).toContain('办理期限已届满或正在暂停计时，期限未延长');
  });

  test('escapes what people wrote', () => {
    const mail = renderExtensionDecision({ ...base, note: '<script>alert(1)</script>', departmentName: '<b>科</b>' });
    expect(mail.html).not.toMatch(/<script|<b>/i);
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
