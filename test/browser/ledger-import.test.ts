/**
 * The console's 台账导入 in headless Chromium: an intake officer picks an .xlsx whose date column has an unknown
 * header, sees the missing-column error, maps the column in the select, previews (one bad row listed as
 * 行 N，列「X」：原因 and the import button withheld), fixes the file, imports, and finds the petition by the hospital's
 * register number. Screenshots in test-artifacts/ledger-import/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { useBrowserSystem } from './support/browser-system';
import { ledgerXlsx } from '../support/ledger-files';

const artifacts = path.join(__dirname, '../../test-artifacts/ledger-import');
const headers = ['编号', '收件日', '渠道', '信访人', '联系电话', '人数', '事由', '类别', '责任科室', '科室类型', '原因分类', '处理结果', '办结日期', '满意度', '备注'];
const good = ['BR-0001', '2009-04-01', '来访', '钱七', '', '1', '住院部夜间噪音', '管理流程', '总务处', '', '医院方面', '已整改', '2009-04-10', '满意', ''];
const bad = ['BR-0002', '2009-04-02', '来访', '', '', '1', '挂号难', '服务态度', '不存在的科', '', '', '', '', '', ''];

describe('台账导入 in a real browser', () => {
  const site = useBrowserSystem();
  const signIn = (staffId: string) => site.signIn(staffId, { at: '/console/ledger-import' });
  let files: string;

  beforeAll(() => {
    files = mkdtempSync(path.join(os.tmpdir(), 'ledger-files-'));
    mkdirSync(artifacts, { recursive: true });
  });

  afterAll(() => {
    rmSync(files, { recursive: true, force: true });
  });

  async function upload(page: Page, name: string, rows: string[][]): Promise<void> {
    const file = path.join(files, name);
    writeFileSync(file, await ledgerXlsx(rows, headers));
    await page.goto(`${site.system.apiUrl}/console/ledger-import`);
    await page.setInputFiles('#ledger-upload input[type=file]', file);
    await Promise.all([page.waitForSelector('#ledger-preview'), page.click('#ledger-upload button[type=submit]')]);
  }

  test('upload → map → preview with the row error → fixed file → import → find by the hospital number', async () => {
    const page = await signIn('intake01');
    expect(await page.locator('nav.top').innerText()).toContain('台账导入');

    await upload(page, '台账-有错.xlsx', [good, bad]);
    expect(await page.locator('.file-errors').innerText()).toContain('缺少必填列「收到日期」');
    await page.selectOption('select[name="map.receivedAt"]', { label: '收件日' });
    await Promise.all([page.waitForNavigation(), page.click('button[value=preview]')]);
    expect(await page.locator('#row-errors li').allInnerTexts()).toEqual(['行 3，列「责任科室」：未知的科室「不存在的科」（请先在医院配置中添加，或改为已有科室名称）']);
    expect(await page.locator('#confirm-import').count()).toBe(0);
    await page.screenshot({ path: path.join(artifacts, '1-preview-with-error.png'), fullPage: true });

    await upload(page, '台账.xlsx', [good]);
    await page.selectOption('select[name="map.receivedAt"]', { label: '收件日' });
    await Promise.all([page.waitForNavigation(), page.click('button[value=preview]')]);
    expect(await page.locator('#preview-new').innerText()).toBe('1');
    expect(await page.locator('#preview-rows tbody tr').count()).toBe(1);
    await page.screenshot({ path: path.join(artifacts, '2-preview.png'), fullPage: true });
    await Promise.all([page.waitForSelector('#import-message'), page.click('#confirm-import')]);
    expect(await page.locator('#import-message').innerText()).toContain('已导入 1 条');
    const number = (await page.locator('#imported-rows tbody tr td').first().innerText()).trim();
    expect(number).toMatch(/^XF-2009-\d{6}$/);
    await page.screenshot({ path: path.join(artifacts, '3-imported.png'), fullPage: true });

    await page.goto(`${site.system.apiUrl}/console/ledger-import`);
    await page.fill('#external-number-search input[name=no]', 'BR-0001');
    await Promise.all([page.waitForURL(new RegExp(`/console/petitions/${number}$`)), page.click('#external-number-search button')]);
    expect(await page.locator('main').innerText()).toContain('住院部夜间噪音');
    expect(await page.locator('#ledger-imports').count()).toBe(0); // on the petition page now
  });
});
