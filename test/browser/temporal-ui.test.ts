/**
 * The Temporal UI shows the petition columns (issue 13, infra/ops/temporal-ui-columns.ts): on the real UI of the dev
 * server, the bookmarklet's script sets the namespace's workflow table to the petition search attributes, and a
 * petition's row shows its status and lead department there; the README's list link filters to it. Screenshot in
 * test-artifacts/temporal-ui/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { columnsBookmarklet, columnsScript, petitionColumns, workflowListUrl } from '../../infra/ops/temporal-ui-columns';
import { useBrowserSystem } from './support/browser-system';

const artifacts = path.resolve(__dirname, '../../test-artifacts/temporal-ui');

describe('the Temporal UI with the petition columns', () => {
  const running = useBrowserSystem();
  beforeAll(() => mkdirSync(artifacts, { recursive: true }));

  test('the bookmarklet sets Status, LeadDepartment, NextDueTime and Overdue as columns', async () => {
    const ui = running.system.temporalUiUrl ?? process.env.TEMPORAL_UI_URL;
    expect(ui).toBeDefined();
    const created = await running.system.api('/api/petitions', { body: { channel: 'letter', category: 'billing', anonymous: true, content: '门诊收费重复扣款。' } });
    expect(created.status).toBe(201);
    const number: string = created.body.number;
    expect((await running.system.api(`/api/petitions/${number}/accept`, { body: {} })).status).toBe(200);
    expect((await running.system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'CWC' } })).status).toBe(200);
    const namespace = running.system.temporal.options.namespace;

    const page = await (await running.browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
    const list = workflowListUrl(ui!, namespace, `PetitionNumber="${number}"`);
    await page.goto(list);
    expect(columnsBookmarklet(namespace)).toMatch(/^javascript:/);
    await Promise.all([page.waitForEvent('load'), page.evaluate(columnsScript(namespace))]);

    const header = page.locator('table thead');
    for (const column of petitionColumns) await header.getByText(column, { exact: true }).first().waitFor({ timeout: 60_000 });
    // The petition's row (visibility catches up on its own time): its status and lead department in their columns.
    const row = page.locator('table tbody tr', { hasText: `petition:${number}` });
    for (let attempt = 0; (await row.count()) === 0; attempt++) {
      if (attempt > 60) throw new Error(`the petition's row did not appear in ${list}`);
      await page.reload();
      await page.locator('table').first().waitFor();
    }
    await row.getByText('assigned', { exact: true }).waitFor({ timeout: 60_000 });
    await row.getByText('CWC', { exact: true }).waitFor();
    await page.screenshot({ path: path.join(artifacts, 'petition-columns.png'), fullPage: true });
    await page.context().close();
  });
});
