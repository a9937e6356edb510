/**
 * The audit page in a real browser (issue 14): after intake staff view a petition and act on it, an admin signs in,
 * opens 审计日志, filters by the petition's number and sees who viewed it (with the personal fields shown) and what
 * was done to it; the Excel export downloads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useBrowserSystem } from './support/browser-system';
import { freshPhone, registrationWith } from '../support/petition-steps';

const registration = registrationWith(() => ({
  petitioner: { name: '韩立新', phone: freshPhone('135'), email: 'han.lixin@example.cn' },
  content: '药房取药排队时间过长。',
}));

describe('the audit page in a browser', () => {
  const site = useBrowserSystem();
  const signIn = (staffId: string) => site.signIn(staffId, { acceptDownloads: true });
  let downloads: string;

  beforeAll(() => {
    downloads = mkdtempSync(path.join(os.tmpdir(), 'audit-downloads-'));
  });

  afterAll(() => {
    rmSync(downloads, { recursive: true, force: true });
  });

  test("an admin sees a petition's views and changes", async () => {
    const { body } = await site.system.api('/api/petitions', { body: registration(), headers: { 'x-staff-id': 'intake01' } });
    const number = body.number as string;

    const intake = await signIn('intake01');
    await intake.goto(`${site.system.apiUrl}/console/petitions/${number}`);
    const accept = intake.locator('form[data-command=accept]');
    await accept.waitFor();
    await Promise.all([intake.waitForURL(/[?&](ok|error)=/), accept.locator('button[type=submit]').click()]);
    expect(await intake.locator('#petition-status').innerText()).toContain('已受理');

    const admin = await signIn('admin01');
    await admin.click('nav a[href="/console/audit"]');
    await admin.waitForURL(/\/console\/audit/);
    await admin.fill('#audit-filter input[name=number]', number);
    await Promise.all([admin.waitForURL(/number=/), admin.click('#audit-filter button[type=submit]')]);
    const rows = admin.locator('#audit-rows tbody tr');
    const texts = await rows.allInnerTexts();
    const view = texts.find((t) => t.includes('查看信访事项') && t.includes('staff:intake01'));
    expect(view).toBeDefined();
    expect(view).toContain('petitioner.name');
    expect(view).toContain('queryCode');
    expect(texts.some((t) => t.includes('办理：受理') && t.includes('staff:intake01') && t.includes('ok'))).toBe(true);
    expect(texts.some((t) => t.includes('登记') && t.includes('service:api'))).toBe(true);
    expect(texts.every((t) => t.includes(number))).toBe(true);

    const [download] = await Promise.all([admin.waitForEvent('download'), admin.click('#audit-export')]);
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  });
});
