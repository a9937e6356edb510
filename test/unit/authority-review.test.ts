/**
 * 复查 / 复核 by the authority above (issue 16), the pure parts: which configured authority answers which stage (a
 * second one for the same stage is refused when the configuration is loaded), what the 处理意见书 says of the right to
 * 复查, and the case file and reminder mails (the link, the deadline, hostile text escaped).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderAuthorityReviewReminder, renderReplyLetter, renderReviewCaseFile } from '../../activities/mail/templates';
import { reviewRightsText } from '../../activities/policy-text';
import { loadHospitalConfig } from '../../services/hospital-config';
import { loadPolicy } from '../../workflows/deadlines';
import { reviewingAuthority } from '../../workflows/domain/authority-review';

const shipped = path.join(__dirname, '../../config/hospital.json');
const HOSTILE = '<script>alert(1)</script>';

describe('the authority that answers a review', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'review-authorities-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('复查: the supervising 卫生健康委员会; 复核: the one above it; a named authority first', () => {
    const { authorities } = loadHospitalConfig(shipped);
    expect(reviewingAuthority(authorities, 'recheck')).toMatchObject({ code: 'SWJW', email: 'xinfangchu@wjw.example.gov.cn' });
    expect(reviewingAuthority(authorities, 'reexamination')).toMatchObject({ code: 'SHENGWJW', name: '示例省卫生健康委员会' });
    expect(reviewingAuthority(authorities, 'recheck', 'SHENGWJW')?.code).toBe('SHENGWJW');
    expect(reviewingAuthority([], 'recheck')).toBeUndefined();
  });

  test('two authorities for one stage are refused at load, naming them', () => {
    const json = JSON.parse(readFileSync(shipped, 'utf8'));
    json.authorities.find((a: { code: string }) => a.code === 'RX12345').reviews = 'recheck';
    const file = path.join(dir, 'two-rechecks.json');
    writeFileSync(file, JSON.stringify(json));
    expect(() => loadHospitalConfig(file)).toThrow('SWJW、RX12345 都标为 reviews: recheck');
  });
});

describe('the 处理意见书 states the right to 复查', () => {
  const policy = loadPolicy('xinfang-2022');

  test('30 days of receiving it, to the configured authority', () => {
    const { authorities } = loadHospitalConfig(shipped);
    const text = reviewRightsText(policy, authorities)!;
    expect(text).toContain('自收到本处理意见书之日起30日内，向示例市卫生健康委员会请求复查');
    expect(text).toContain('《信访工作条例》第三十五条');
    const letter = renderReplyLetter({
      number: 'XF-2026-000126', investigation: '调查', findings: '属实', opinion: '整改', result: '已整改', departmentName: '医务处',
      repliedAt: new Date('2026-11-23T10:00:00Z'), hospitalName: '示例市第一人民医院', reviewRightsText: text,
    });
    expect(letter.text).toContain('向示例市卫生健康委员会请求复查');
  });

  test('without a configured authority it names the supervising department by description; no review stage, no text', () => {
    expect(reviewRightsText(policy, [])).toContain('向本院的上一级主管机关（卫生健康行政部门）请求复查');
    expect(reviewRightsText({ ...policy, review: { ...policy.review, stages: [] } }, [])).toBeUndefined();
  });
});

describe('the case file and the 信访办 reminder', () => {
  const base = {
    number: 'XF-2026-000200', authorityName: '示例市卫生健康委员会', stageTitle: '复查', category: '医疗质量', channel: '来访',
    receivedAt: new Date('2026-11-02T02:00:00Z'), matter: '术后感染', departmentName: '医务处', opinion: '加强宣教', result: '已说明',
    request: '请求复查', hospitalName: '示例市第一人民医院', issuedAt: new Date('2026-12-02T02:00:00Z'),
  };

  test('the case file asks for the answer within 30 days of receipt, 听证 not counted, and carries the link', () => {
    const mail = renderReviewCaseFile({ ...base, dueAt: new Date('2027-01-04T16:00:00Z'), actionUrl: 'https://xinfang.example/links/XF-2026-000200?t=abc' });
    expect(mail.subject).toBe('【复查案卷】示例市第一人民医院信访事项（编号：XF-2026-000200）');
    expect(mail.text).toContain('示例市卫生健康委员会：');
    expect(mail.text).toContain('自收到请求之日起30日内提出复查意见（听证所需时间不计算在内）');
    expect(mail.text).toContain('复查办理入口：https://xinfang.example/links/XF-2026-000200?t=abc');
    expect(mail.text).toContain('复查答复期限');
    expect(renderReviewCaseFile(base).text).toContain('请将收到日期和复查意见书面函复本院信访办公室');
  });

  test('hostile text is escaped', () => {
    const mail = renderReviewCaseFile({ ...base, matter: HOSTILE, request: HOSTILE, note: HOSTILE, authorityName: HOSTILE });
    expect(mail.html).not.toMatch(/<script/i);
    const reminder = renderAuthorityReviewReminder({
      number: 'XF-2026-000200', authorityName: HOSTILE, stageTitle: '复核', dueAt: new Date('2027-01-04T16:00:00Z'),
      stepLabel: '上级机关复查（复核）答复期限将在3日内届满', hospitalName: '示例市第一人民医院', issuedAt: new Date('2026-12-02T02:00:00Z'),
    });
    expect(reminder.html).not.toMatch(/<script/i);
    expect(reminder.subject).toContain('【复核期限提醒】');
  });
});
