/**
 * The whole journey in Chromium with the three parties (issue 13, "done when"): the intake officer registers,
 * accepts and assigns in the console; the department signs (签收) and replies through its mailed link, and the link
 * then shows its reply read-only with the review's status; the intake officer reviews and approves the 处理意见书
 * from 待审核 and feeds back; another department asks an extension by its link and the leader approves it from
 * 待审批; the intake officer urges (催办) a late department from the 督办 board, whose mail carries the 办理入口.
 * Every page is checked for English words and codes and for the status it should show at that step; screenshots go
 * to test-artifacts/full-journey. Waits are Playwright's own or test/support/until.ts polls, never fixed sleeps.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { freshPhone } from '../support/petition-steps';
import { until } from '../support/until';
import { linkIn, onTestSystem } from './links-helpers';
import { useBrowserSystem } from './support/browser-system';

const artifacts = path.resolve(__dirname, '../../test-artifacts/full-journey');

/**
 * Latin text staff may see: register numbers (XF-2026-000001), mail addresses (where a notice went), the names of a
 * tool, of file formats and of a key (在 Temporal UI 中查看工作流, 处理意见书 PDF, 导出 Excel, 按住 Ctrl 键). Anything else
 * Latin is English or a code.
 */
export function englishOrCodes(text: string): string[] {
  const stripped = text
    .replace(/XF-\d{4}-\d{6}/g, '')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '')
    .replace(/Temporal UI|\bPDF\b|\bExcel\b|\bCtrl\b/g, '');
  return [...new Set([...(stripped.match(/[A-Za-z]{2,}[A-Za-z0-9_:-]*/g) ?? []), ...(stripped.match(/\b(staff|dept):\S+/g) ?? [])])];
}

describe('the full journey in a real browser: intake, department and leader, no English, honest statuses', () => {
  const site = useBrowserSystem();
  const desktop = { width: 1280, height: 900 };
  const unique = `${Date.now()}`.slice(-8);

  beforeAll(() => {
    mkdirSync(artifacts, { recursive: true });
  });

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  }

  /** What a person reads on the page contains no English word and no code. */
  async function expectChineseOnly(page: Page): Promise<void> {
    expect({ url: page.url(), found: englishOrCodes(await page.locator('body').innerText()) }).toEqual({ url: page.url(), found: [] });
  }

  /** Reloads until the locator is on the page (the record store follows the workflow a moment later). */
  async function reloadUntil(page: Page, locator: Locator): Promise<void> {
    await until(
      async () => {
        if ((await locator.count()) > 0) return true;
        await page.reload();
        return (await locator.count()) > 0;
      },
      (found) => found,
      60_000,
      500,
    );
  }

  async function submitConsoleForm(page: Page, form: Locator): Promise<void> {
    await Promise.all([page.waitForURL(/[?&](ok|error)=/), form.locator('button[type=submit]').click()]);
    expect(new URL(page.url()).searchParams.get('error')).toBeNull();
  }

  /** A link page's form: posts, then shows the confirmation. */
  async function submitLinkForm(page: Page, formId: string): Promise<string> {
    await Promise.all([page.waitForURL(/\/links\/XF-/), page.waitForLoadState('load'), page.click(`#${formId} button[type=submit]`)]);
    await page.locator('#link-message').waitFor();
    return page.locator('#link-message').innerText();
  }

  async function departmentLink(number: string, email: string, label = '办理入口'): Promise<string> {
    const mail = await site.system.catcher!.waitFor((m) => m.to.includes(email) && m.subject.includes(number) && m.text.includes(`${label}：`), 60_000);
    return onTestSystem(site.system, linkIn(mail, label));
  }

  test('register → accept → assign; 签收 and reply by the link; review, approve and feed back', async () => {
    const intake = await site.signIn('intake01', { at: '/console/register', viewport: desktop });
    const content = `住院期间夜间输液无人看护 ${unique}`;
    await intake.selectOption('select[name=channel]', 'visit');
    await intake.selectOption('select[name=category]', 'medical_quality');
    await intake.fill('input[name=name]', '钱慧芳');
    await intake.fill('input[name=phone]', freshPhone('139'));
    await intake.fill('textarea[name=content]', content);
    await expectChineseOnly(intake);
    await shot(intake, '01-register');
    await Promise.all([intake.waitForURL(/\/console\/petitions\/XF-/), intake.click('#register-form button[type=submit]')]);
    const number = /XF-\d{4}-\d{6}/.exec(intake.url())![0];
    expect(await intake.locator('#petition-status').innerText()).toContain('已登记');
    await expectChineseOnly(intake);

    await submitConsoleForm(intake, intake.locator('form[data-command=accept]'));
    expect(await intake.locator('#petition-status').innerText()).toContain('已受理');
    const assign = intake.locator('form[data-command=assign]');
    await assign.waitFor();
    expect(await assign.locator('select[name=leadDepartment] option:checked').innerText()).toBe('医务处');
    await expectChineseOnly(intake);
    await submitConsoleForm(intake, assign);
    expect(await intake.locator('#petition-status').innerText()).toContain('已交办');
    expect(await intake.locator('table.deadlines').innerText()).toMatch(/计时中/);
    await expectChineseOnly(intake);
    await shot(intake, '02-assigned');

    // The department, from its 交办单: 签收, then the written reply.
    const linkUrl = await departmentLink(number, 'yiwuchu@hospital.example');
    const department = await (await site.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: desktop })).newPage();
    await department.goto(linkUrl);
    expect(await department.locator('#facts').innerText()).toContain('未签收');
    await expectChineseOnly(department);
    await shot(department, '03-department-page');
    expect(await submitLinkForm(department, 'acknowledge-form')).toContain('已签收');
    await expectChineseOnly(department);
    await Promise.all([department.waitForLoadState('load'), department.click('#back-to-page')]);
    expect(await department.locator('#facts').innerText()).toContain('已签收');
    await department.fill('#investigation', '护理部与医务处两名工作人员调阅输液记录并询问当班护士。');
    await department.fill('#findings', '夜间病区仅一名护士，巡视间隔过长属实。');
    await department.fill('#opinion', '增加夜班护士，输液患者每三十分钟巡视一次。');
    await department.fill('#result', '已向患者家属说明并致歉。');
    expect(await submitLinkForm(department, 'reply-form')).toContain('书面答复已提交');
    await expectChineseOnly(department);
    await Promise.all([department.waitForLoadState('load'), department.click('#back-to-page')]);
    expect(await department.locator('#submitted-reply-facts').innerText()).toContain('待信访办审核');
    expect(await department.locator('#submitted-reply textarea, #submitted-reply form').count()).toBe(0);
    // Its handling deadline ended with the reply: the page says how it ended, not a time left that no longer counts.
    expect(await department.locator('#facts').innerText()).toMatch(/办理时限\s+\d{4}年\d{1,2}月\d{1,2}日24时前（按期完成）/);
    expect(await department.locator('#facts').innerText()).not.toContain('剩余时间');
    await expectChineseOnly(department);
    await shot(department, '04-department-reply-under-review');

    // The 信访办 reviews it from 待审核 and approves the 处理意见书.
    await intake.goto(`${site.system.apiUrl}/console/reviews`);
    const waiting = intake.locator(`#reviews tr[data-number="${number}"]`);
    await reloadUntil(intake, waiting);
    expect(await waiting.innerText()).toContain('医务处');
    await expectChineseOnly(intake);
    await shot(intake, '05-reviews');
    await Promise.all([intake.waitForURL(new RegExp(`/console/petitions/${number}`)), waiting.locator('a.review').click()]);
    const approve = intake.locator('form[data-command=approveReply]');
    await reloadUntil(intake, approve);
    expect(await intake.locator('#petition-status').innerText()).toContain('承办已答复');
    expect(await intake.locator('#reply-review-status').innerText()).toContain('待信访办审核');
    expect(await approve.locator('textarea[name=result]').inputValue()).toBe('已向患者家属说明并致歉。');
    await expectChineseOnly(intake);
    await submitConsoleForm(intake, approve);
    expect(await intake.locator('ol.timeline').innerText()).toContain('审核通过处理意见书');
    await expectChineseOnly(intake);

    // 反馈 with its delivery.
    const feedback = intake.locator('form[data-command=feedback]');
    await reloadUntil(intake, feedback);
    await feedback.locator('select[name=satisfaction]').selectOption({ label: '满意' });
    await feedback.locator('select[name=deliveryMethod]').selectOption({ label: '当面送达' });
    await feedback.locator('input[name=deliveredOn]').fill(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
    await feedback.locator('textarea[name=note]').fill('当面送达处理意见书，信访人表示接受');
    await expectChineseOnly(intake);
    await submitConsoleForm(intake, feedback);
    expect(await intake.locator('#petition-status').innerText()).toContain('已反馈');
    // The department's 签收 and handling were on time; the office's review too.
    const statuses = await intake.locator('table.deadlines td.deadline-status').allInnerTexts();
    expect(statuses).toEqual(expect.arrayContaining(['按期完成']));
    expect(statuses.some((status) => /已超期|逾期完成|已按期完成/.test(status))).toBe(false);
    await expectChineseOnly(intake);
    await shot(intake, '06-fed-back');

    // The department's link still reads its reply, now approved, and never as a form.
    await department.reload();
    expect(await department.locator('#submitted-reply-facts').innerText()).toContain('已审核通过');
    expect(await department.locator('form').count()).toBe(0);
    await expectChineseOnly(department);
    await shot(department, '07-department-reply-approved');
    await department.context().close();
    await intake.context().close();
  }, 240_000);

  test('an extension asked by the link is approved by the leader from 待审批; 催办 from the 督办 board', async () => {
    const asIntake = { 'x-staff-id': 'intake01' };
    const register = async (content: string) => {
      const created = await site.system.api('/api/petitions', {
        headers: asIntake,
        body: { channel: 'letter', category: 'medical_quality', petitioner: { name: '孙建华', phone: freshPhone('137') }, content: `${content} ${unique}` },
      });
      expect(created.status).toBe(201);
      expect((await site.system.api(`/api/petitions/${created.body.number}/accept`, { headers: asIntake, body: {} })).status).toBe(200);
      return created.body.number as string;
    };

    // The department asks 10 more days through its link.
    const extended = await register('术后复查预约无法挂号');
    expect((await site.system.api(`/api/petitions/${extended}/assign`, { headers: asIntake, body: { leadDepartment: 'YWC' } })).status).toBe(200);
    const department = await (await site.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: desktop })).newPage();
    await department.goto(await departmentLink(extended, 'yiwuchu@hospital.example'));
    expect(await department.locator('.extension-limit').innerText()).toMatch(/\d+/);
    await department.fill('#days', '10');
    await department.fill('#reason', '需等待外院会诊意见并调取门诊监控录像。');
    expect(await submitLinkForm(department, 'extension-form')).toContain('延期申请已提交');
    await expectChineseOnly(department);
    await Promise.all([department.waitForLoadState('load'), department.click('#back-to-page')]);
    expect(await department.locator('#facts').innerText()).toContain('已申请延长10天，待分管院领导审批');
    await shot(department, '08-extension-requested');

    // The leader in charge decides it from 待审批.
    const leader = await site.signIn('leader-med', { at: '/console/approvals', viewport: desktop });
    const request = leader.locator(`#approvals tr[data-number="${extended}"]`);
    await reloadUntil(leader, request);
    expect(await request.innerText()).toContain('医务处');
    expect(await request.innerText()).toContain('10 日');
    expect(await request.locator('.reason').innerText()).toContain('外院会诊意见');
    await expectChineseOnly(leader);
    await shot(leader, '09-approvals');
    await Promise.all([leader.waitForURL(new RegExp(`/console/petitions/${extended}`)), request.locator('a.decide').click()]);
    const decide = leader.locator('form[data-command=decideExtension]');
    await reloadUntil(leader, decide);
    // Nothing preselected: the leader chooses.
    expect(await decide.locator('input[name=approve]:checked').count()).toBe(0);
    await decide.locator('input[name=approve][value=true]').check();
    await decide.locator('textarea[name=note]').fill('同意延期，请抓紧办理。');
    await expectChineseOnly(leader);
    await submitConsoleForm(leader, decide);
    expect(await leader.locator('ol.timeline').innerText()).toContain('同意延期');
    await expectChineseOnly(leader);
    await shot(leader, '10-extension-approved');
    await leader.goto(`${site.system.apiUrl}/console/approvals`);
    await until(
      async () => (await leader.reload(), leader.locator(`#approvals tr[data-number="${extended}"]`).count()),
      (count) => count === 0,
      60_000,
      500,
    );
    // The department's page no longer shows the request as waiting.
    await department.reload();
    expect(await department.locator('#facts').innerText()).not.toContain('待分管院领导审批');
    await department.context().close();
    await leader.context().close();

    // A petition whose handling runs over: the 信访办 urges 护理部 from the board.
    const late = await register('夜间呼叫铃无人应答');
    expect((await site.system.api(`/api/petitions/${late}/assign`, { headers: asIntake, body: { leadDepartment: 'HLB', dueAt: new Date(Date.now() + 3_000).toISOString() } })).status).toBe(200);
    const intake = await site.signIn('intake01', { at: '/console/supervision', viewport: desktop });
    const row = intake.locator(`tr[data-number="${late}"][data-stage=handling]`);
    const urge = row.locator('form[data-command=urge]');
    await reloadUntil(intake, urge);
    expect(await row.innerText()).toMatch(/已超期 1 天/);
    expect(await row.innerText()).toContain('办理');
    await expectChineseOnly(intake);
    await shot(intake, '11-board');
    const before = site.system.catcher!.messages().filter((m) => m.to.includes('hulibu@hospital.example') && m.subject.includes(late) && m.subject.includes('督办提醒')).length;
    await Promise.all([intake.waitForURL(/[?&](ok|error)=/), urge.locator('button[type=submit]').click()]);
    expect(await intake.locator('.flash.ok').innerText()).toContain('已催办');
    await expectChineseOnly(intake);
    await shot(intake, '12-urged');
    const mail = await site.system.catcher!.waitFor(
      (m) => m.to.includes('hulibu@hospital.example') && m.subject.includes(late) && m.subject.includes('督办提醒') && m.text.includes('办理入口'),
      60_000,
    );
    expect(site.system.catcher!.messages().filter((m) => m.to.includes('hulibu@hospital.example') && m.subject.includes(late) && m.subject.includes('督办提醒')).length).toBeGreaterThan(before);
    // The mail's 办理入口 opens 护理部's page, with the overdue time and the 签收 form.
    const urged = await (await site.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: desktop })).newPage();
    await urged.goto(onTestSystem(site.system, linkIn(mail, '办理入口')));
    expect(await urged.locator('#facts').innerText()).toContain('已逾期');
    expect(await urged.locator('#acknowledge-form').count()).toBe(1);
    await expectChineseOnly(urged);
    await shot(urged, '13-urged-department-page');
    await urged.context().close();
    await intake.context().close();
  }, 240_000);
});
