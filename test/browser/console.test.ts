import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { useBrowserSystem } from './support/browser-system';

/**
 * The database may be a PostgreSQL shared with other test files (and earlier runs), so this file's petitions are
 * received on a day of their own in the past, and the ledger and reports are filtered to that day.
 */
const day = (() => {
  const start = Date.UTC(2001, 0, 1);
  const picked = new Date(start + Math.floor(Math.random() * 6900) * 86_400_000);
  return picked.toISOString().slice(0, 10);
})();

describe('the staff console in a real browser', () => {
  const site = useBrowserSystem();
  const signIn = (staffId: string) => site.signIn(staffId, { acceptDownloads: true });
  let downloads: string;
  let number: string;

  beforeAll(() => {
    downloads = mkdtempSync(path.join(os.tmpdir(), 'console-downloads-'));
  });

  afterAll(() => {
    rmSync(downloads, { recursive: true, force: true });
  });

  async function submitAction(page: Page, command: string, fill?: () => Promise<void>) {
    const form = page.locator(`form[data-command=${command}]`);
    await form.waitFor();
    if (fill) await fill();
    await Promise.all([page.waitForURL(/[?&](ok|error)=/), form.locator('button[type=submit]').click()]);
    const errors = await page.locator('.flash.error').allInnerTexts();
    expect(errors).toEqual([]);
  }

  test('an intake officer signs in, registers, filters the ledger and handles a petition to the archive', async () => {
    const page = await signIn('intake01');
    expect(await page.locator('nav.top').innerText()).toContain('王晓敏');

    await page.click('nav.top >> text=登记');
    const channels = await page.locator('select[name=channel] option').allTextContents();
    expect(channels).toEqual(['来信', '来电', '来访', '电子邮件', '网上信访', '意见箱', '12345/市长热线转办', '上级交办']);
    await page.selectOption('select[name=channel]', 'hotline_12345');
    await page.selectOption('select[name=category]', 'medical_quality');
    await page.fill('input[name=name]', '赵雪');
    await page.fill('input[name=phone]', '13700137000');
    await page.fill('input[name=email]', 'zhao.xue@example.cn');
    await page.fill('textarea[name=content]', '急诊留观期间输液外渗，护士处理不及时。');
    await page.fill('input[name=receivedAt]', `${day}T09:30`);
    await Promise.all([page.waitForURL(/\/console\/petitions\/XF-/), page.click('#register-form button[type=submit]')]);
    number = /XF-\d{4}-\d{6}/.exec(page.url())![0];
    expect(await page.locator('.flash.ok').innerText()).toContain(number);
    expect(await page.locator('#petition-status').innerText()).toMatch(/已登记/);

    await page.goto(`${site.system.apiUrl}/console/ledger`);
    await page.fill('input[name=from]', day);
    await page.fill('input[name=to]', day);
    await page.selectOption('select[name=channel]', 'hotline_12345');
    await Promise.all([page.waitForURL(/channel=hotline_12345/), page.click('#ledger-filters button[type=submit]')]);
    expect(await page.locator('table.ledger').innerText()).toContain(number);
    expect(await page.locator('#ledger-total').innerText()).toBe('1');
    await page.selectOption('select[name=channel]', 'letter');
    await Promise.all([page.waitForURL(/channel=letter/), page.click('#ledger-filters button[type=submit]')]);
    expect(await page.locator('table.ledger').innerText()).not.toContain(number);
    await page.goto(`${site.system.apiUrl}/console/ledger?status=registered&category=medical_quality&from=${day}&to=${day}`);
    await page.click(`text=${number}`);
    await page.waitForURL(new RegExp(`/console/petitions/${number}`));

    const link = page.locator('#temporal-link');
    expect(await link.getAttribute('href')).toMatch(new RegExp(`/namespaces/[^/]+/workflows/petition:${number}$`));

    await submitAction(page, 'accept');
    expect(await page.locator('#petition-status').innerText()).toMatch(/已受理/);
    await submitAction(page, 'assign', () => page.selectOption('form[data-command=assign] select[name=leadDepartment]', 'YWC').then(() => undefined));
    expect(await page.locator('#petition-status').innerText()).toMatch(/已交办/);
    expect(await page.locator('section.card', { hasText: '期限' }).first().isVisible()).toBe(true);

    const replied = await site.system.api(`/api/petitions/${number}/reply`, {
      headers: { 'x-staff-id': 'ywc01' },
      body: { department: 'YWC', investigation: '查看护理记录', findings: '外渗处理延迟约20分钟', opinion: '加强巡视', result: '已向患者致歉' },
    });
    expect(replied.status).toBe(200);

    await page.reload();
    expect(await page.locator('#petition-status').innerText()).toMatch(/承办已答复/);
    expect(await page.locator('body').innerText()).toContain('已向患者致歉');
    // Review before answer: the draft 处理意见书 is approved as the department wrote it.
    await submitAction(page, 'approveReply');
    await submitAction(page, 'feedback', async () => {
      await page.selectOption('form[data-command=feedback] select[name=deliveryMethod]', 'phone');
      await page.fill('form[data-command=feedback] input[name=deliveredOn]', new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
      await page.selectOption('form[data-command=feedback] select[name=satisfaction]', 'basically_satisfied');
      await page.selectOption('form[data-command=feedback] select[name=cause]', 'hospital');
    });
    expect(await page.locator('#petition-status').innerText()).toMatch(/已反馈/);
    await submitAction(page, 'archive');
    expect(await page.locator('#petition-status').innerText()).toMatch(/已归档/);
    expect(await page.locator('ol.timeline').innerText()).toContain('归档');
    expect(await page.locator('body').innerText()).toContain('医院方面');
    await page.context().close();
  }, 120_000);

  test('a department user sees the matter but not the petitioner', async () => {
    const page = await signIn('ywc01');
    await page.goto(`${site.system.apiUrl}/console/petitions/${number}`);
    expect(await page.locator('body').innerText()).toContain('急诊留观');
    expect(await page.locator('body').innerText()).not.toContain('赵雪');
    expect(await page.locator('body').innerText()).not.toContain('13700137000');
    expect(await page.locator('nav.top').innerText()).not.toContain('统计报表');
    const reports = await page.goto(`${site.system.apiUrl}/console/reports`);
    expect(reports!.status()).toBe(403);
    await page.context().close();
  }, 120_000);

  test('a leader sees the overdue board and the reports with charts, and exports Excel', async () => {
    const intake = { 'x-staff-id': 'intake01' };
    const late = (await site.system.api('/api/petitions', { headers: intake, body: { channel: 'letter', category: 'billing', anonymous: true, content: '重复收费。', receivedAt: `${day}T10:00:00+08:00` } })).body.number;
    await site.system.api(`/api/petitions/${late}/accept`, { headers: intake, body: {} });
    await site.system.api(`/api/petitions/${late}/assign`, { headers: intake, body: { leadDepartment: 'CWC' } });
    // The deadline passing is the workflow's business (tested elsewhere); here the board only has to show it.
    await site.system.prisma.petition.update({ where: { number: late }, data: { dueAt: new Date(Date.now() - 2 * 86_400_000), overdue: true } });

    const page = await signIn('leader-med');
    expect(await page.locator('nav.top').innerText()).not.toContain('登记');
    await page.click('nav.top >> text=督办');
    expect(Number(await page.locator('#overdue-open-total').innerText())).toBeGreaterThanOrEqual(1);
    expect(await page.locator('main').innerText()).toContain(late);
    expect(await page.locator('main').innerText()).toContain('财务处');

    await page.goto(`${site.system.apiUrl}/console/petitions/${late}`);
    expect(await page.locator('form[data-command=accept]').count()).toBe(0);
    expect(await page.locator('form[data-command=assign]').count()).toBe(0);

    await page.click('nav.top >> text=统计报表');
    await page.fill('input[name=from]', day);
    await page.fill('input[name=to]', day);
    await Promise.all([page.waitForURL(/from=/), page.click('form.filters button[type=submit]')]);
    expect(await page.locator('#report-total').innerText()).toBe('2');
    expect(await page.locator('#byChannel').innerText()).toContain('12345/市长热线转办');
    // The test's tsconfig has no DOM types: the page function is given as source text.
    await page.waitForFunction('Boolean(window.consoleCharts && window.consoleCharts.byContent && window.consoleCharts.byCause && window.consoleCharts.overdueByDepartment)');
    expect(await page.locator('tr[data-rate=acceptance]').innerText()).toContain('100.0%');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
    const file = path.join(downloads, 'report.xlsx');
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const byChannel = workbook.getWorksheet('按渠道')!;
    const rows = byChannel.getRows(2, byChannel.rowCount - 1)!.map((r) => [r.getCell(1).value, r.getCell(2).value]);
    expect(rows).toEqual(expect.arrayContaining([['12345/市长热线转办', 1], ['来信', 1], ['合计', 2]]));
    await page.context().close();
  }, 120_000);
});
