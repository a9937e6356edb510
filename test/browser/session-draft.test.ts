/**
 * A draft survives a session timeout (issue 13, services/console/drafts.ts), in Chromium: the session of a person
 * typing a registration (and then an action form) expires mid-form — its row aged past the idle limit, or deleted —
 * the submit goes to sign-in with "登录已过期，已为您保留填写内容", sign-in returns to the form with what was typed,
 * nothing is stored until the button is pressed again, and then it is stored once. Screenshots in
 * test-artifacts/session-draft/.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { startTestSystem, type TestSystem } from '../support/system';
import { until } from '../support/until';

const PASSWORD = 'test-password-123';
const artifacts = path.resolve(__dirname, '../../test-artifacts/session-draft');

describe('a form typed while the session expires', () => {
  let system: TestSystem;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    [system, browser] = await Promise.all([startTestSystem({ CONSOLE_DEFAULT_PASSWORD: PASSWORD }), launchChromium()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  }, 60_000);

  async function signInOnPage(page: Page, staffId: string, landing: RegExp) {
    await page.fill('input[name=staffId]', staffId);
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(landing), page.click('button[type=submit]')]);
  }

  /** The row of this browser's session (only its token's SHA-256 is stored). */
  async function sessionIdOf(context: BrowserContext): Promise<string> {
    const cookie = (await context.cookies()).find((c) => c.name === 'xf_session');
    expect(cookie).toBeDefined();
    return createHash('sha256').update(cookie!.value, 'utf8').digest('hex');
  }

  test('registration: sign in again, the typed text is there, the submit registers once', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(`${system.apiUrl}/console/register`);
    await page.waitForURL(/\/console\/login/);
    await signInOnPage(page, 'intake01', /\/console\/register/);

    const content = `会话过期测试：门诊缴费窗口排队两小时无人疏导 ${Date.now()}`;
    await page.selectOption('select[name=channel]', 'visit');
    await page.selectOption('select[name=category]', 'service_attitude');
    await page.fill('input[name=name]', '钱多多');
    await page.fill('input[name=phone]', '13911112222');
    await page.fill('input[name=address]', '上海市徐汇区宛平南路600号');
    await page.fill('textarea[name=content]', content);
    await page.fill('textarea[name=complainedAbout]', '门诊收费处');
    const token = await page.inputValue('input[name=_form]');

    // Idle past the limit while typing: the row's last request 31 minutes ago.
    await system.prisma.consoleSession.update({ where: { id: await sessionIdOf(context) }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    await Promise.all([page.waitForURL(/\/console\/login/), page.click('#register-form button[type=submit]')]);
    expect(await page.locator('.flash.ok').innerText()).toContain('登录已过期，已为您保留填写内容');
    // Nothing in the address but the page to return to.
    expect(page.url()).not.toMatch(/钱多多|13911112222|%E9%92%B1/);
    expect(await system.prisma.petition.count({ where: { content } })).toBe(0);
    await page.screenshot({ path: path.join(artifacts, '1-sign-in-after-expiry.png'), fullPage: true });

    await signInOnPage(page, 'intake01', /\/console\/register$/);
    expect(await page.locator('#draft-restored').innerText()).toContain('登录已过期，已为您保留填写内容');
    expect(await page.inputValue('input[name=name]')).toBe('钱多多');
    expect(await page.inputValue('input[name=phone]')).toBe('13911112222');
    expect(await page.inputValue('input[name=address]')).toBe('上海市徐汇区宛平南路600号');
    expect(await page.inputValue('textarea[name=content]')).toBe(content);
    expect(await page.inputValue('textarea[name=complainedAbout]')).toBe('门诊收费处');
    expect(await page.inputValue('select[name=channel]')).toBe('visit');
    expect(await page.inputValue('select[name=category]')).toBe('service_attitude');
    expect(await page.inputValue('input[name=_form]')).toBe(token);
    // Shown, not submitted.
    expect(await system.prisma.petition.count({ where: { content } })).toBe(0);
    await page.screenshot({ path: path.join(artifacts, '2-form-restored.png'), fullPage: true });

    await Promise.all([page.waitForURL(/\/console\/petitions\/XF-/), page.click('#register-form button[type=submit]')]);
    expect(await page.locator('.flash.ok').innerText()).toMatch(/已登记 XF-/);
    expect(await system.prisma.petition.count({ where: { content } })).toBe(1);

    // Back to the restored form and submit again: the same token, still one petition.
    await page.goBack();
    await page.waitForURL(/\/console\/register/);
    if ((await page.inputValue('textarea[name=content]')) === content) {
      await Promise.all([page.waitForURL(/\/console\/petitions\/XF-/), page.click('#register-form button[type=submit]')]);
    }
    expect(await system.prisma.petition.count({ where: { content } })).toBe(1);
    // The draft was used once: a new visit to the form is empty.
    await page.goto(`${system.apiUrl}/console/register`);
    expect(await page.inputValue('textarea[name=content]')).toBe('');
    expect(await page.locator('#draft-restored').count()).toBe(0);
    await context.close();
  });

  test('someone else signing in on that browser does not get the draft; its owner does', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(`${system.apiUrl}/console/register`);
    await signInOnPage(page, 'intake01', /\/console\/register/);
    const content = `会话过期测试：他人登录不应看到的草稿 ${Date.now()}`;
    await page.fill('input[name=name]', '吴某');
    await page.fill('textarea[name=content]', content);
    await system.prisma.consoleSession.update({ where: { id: await sessionIdOf(context) }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    await Promise.all([page.waitForURL(/\/console\/login/), page.click('#register-form button[type=submit]')]);

    // The administrator signs in on the same browser: an empty form.
    await signInOnPage(page, 'admin01', /\/console\/register$/);
    expect(await page.inputValue('textarea[name=content]')).toBe('');
    expect(await page.locator('#draft-restored').count()).toBe(0);
    await Promise.all([page.waitForURL(/\/console\/login/), page.click('nav.top button[type=submit]')]);

    // Its owner signs in again: the form as typed.
    await signInOnPage(page, 'intake01', /\/console\/ledger/);
    await page.goto(`${system.apiUrl}/console/register`);
    expect(await page.inputValue('textarea[name=content]')).toBe(content);
    expect(await page.inputValue('input[name=name]')).toBe('吴某');
    expect(await system.prisma.petition.count({ where: { content } })).toBe(0);
    await context.close();
  });

  test('an action form: the session row deleted mid-form, the 不予受理 reason comes back and is done once', async () => {
    const registered = await system.api('/api/petitions', {
      method: 'POST',
      body: { channel: 'letter', category: 'other', anonymous: false, petitioner: { name: '孙立', phone: '13600001111' }, content: `会话过期测试：要求赔偿停车费 ${Date.now()}` },
    });
    expect(registered.status).toBe(201);
    const number: string = registered.body.number;

    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(`${system.apiUrl}/console/petitions/${number}`);
    await page.waitForURL(/\/console\/login/);
    await signInOnPage(page, 'intake01', new RegExp(`/console/petitions/${number}`));
    const form = page.locator('form[data-command=decline]');
    await form.waitFor();
    const reason = '所反映的停车收费事项不属于本院信访受理范围。';
    await form.locator('textarea[name=reason]').fill(reason);
    await form.locator('textarea[name=redirectTo]').fill('请向属地停车管理部门反映');

    await system.prisma.consoleSession.delete({ where: { id: await sessionIdOf(context) } });
    await Promise.all([page.waitForURL(/\/console\/login/), form.locator('button[type=submit]').click()]);
    expect(await page.locator('.flash.ok').innerText()).toContain('登录已过期，已为您保留填写内容');

    await signInOnPage(page, 'intake01', new RegExp(`/console/petitions/${number}$`));
    const restored = page.locator('form[data-command=decline]');
    expect(await restored.locator('.draft-restored').innerText()).toContain('登录已过期，已为您保留填写内容');
    expect(await restored.locator('textarea[name=reason]').inputValue()).toBe(reason);
    expect(await restored.locator('textarea[name=redirectTo]').inputValue()).toBe('请向属地停车管理部门反映');
    expect((await system.api(`/api/petitions/${number}`)).body.status).toBe('registered');
    await page.screenshot({ path: path.join(artifacts, '3-action-form-restored.png'), fullPage: true });

    await Promise.all([page.waitForURL(/[?&]ok=/), restored.locator('button[type=submit]').click()]);
    expect(await page.locator('.flash.error').count()).toBe(0);
    const petition = await until(() => system.prisma.petition.findUniqueOrThrow({ where: { number }, include: { events: true } }), (p) => p.status === 'declined', 60_000);
    expect(petition.events.filter((e) => e.type === 'declined')).toHaveLength(1);
    await context.close();
  });
});
