/**
 * The petitioner's /lookup on a phone (issue 13), in Chromium at 390×844: the hospital's name, the date the answer is
 * due ("YYYY年M月D日24时前", workflows/domain/due.ts), the steps the petitioner was told of, the approved answer
 * across the screen (not 7 characters a line), and the 信访办's phone from config/hospital.json. Screenshots in
 * test-artifacts/lookup-phone/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { formatDueChinese } from '../../workflows/domain/due';
import { useBrowserSystem } from './support/browser-system';

const artifacts = path.resolve(__dirname, '../../test-artifacts/lookup-phone');
const hospital = JSON.parse(readFileSync(path.resolve(__dirname, '../../config/hospital.json'), 'utf8')) as { hospitalName: string; officePhone: string };

/** Evaluated in the page (the test's TypeScript has no DOM library): the page's full width in CSS pixels. */
const pageWidth = 'document.documentElement.scrollWidth';

const letter = {
  investigation: '经调阅当日门诊挂号系统日志和候诊区监控，核实您于上午九时取号，候诊两小时四十分钟，期间叫号系统故障约四十分钟。',
  findings: '叫号系统故障未及时公告、未安排人工叫号，是您候诊时间过长的主要原因。',
  opinion: '门诊部已建立叫号系统故障时的人工叫号预案，并在候诊区增设公告屏。',
  result: '已就此向您致歉，并已安排专人回访。如对处理意见不服，可在收到本意见之日起30日内申请复查。',
};

describe('the lookup page on a phone', () => {
  const running = useBrowserSystem();
  beforeAll(() => mkdirSync(artifacts, { recursive: true }));

  async function registered(): Promise<{ number: string; queryCode: string }> {
    const created = await running.system.api('/api/petitions', {
      body: { channel: 'web', category: 'administration', anonymous: false, petitioner: { name: '周晓', phone: '13512345678' }, content: '门诊候诊时间过长，叫号系统故障无人说明。' },
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  async function lookUp(page: Page, number: string, queryCode: string) {
    await page.goto(`${running.system.apiUrl}/lookup`);
    await page.fill('input[name=number]', number);
    await page.fill('input[name=code]', queryCode);
    await Promise.all([page.waitForLoadState('load'), page.click('#lookup-form button[type=submit]')]);
    await page.locator('#lookup-result').waitFor();
  }

  async function phone(): Promise<Page> {
    const context = await running.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    return context.newPage();
  }

  test('while the department handles it: hospital, the written answer due date, the steps, the phone', async () => {
    const { number, queryCode } = await registered();
    expect((await running.system.api(`/api/petitions/${number}/accept`, { body: {} })).status).toBe(200);
    const assigned = await running.system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'MZB' } });
    expect(assigned.status).toBe(200);
    const handling = assigned.body.deadlines.find((d: { kind: string; department?: string }) => d.kind === 'handling' && d.department === 'MZB');

    const page = await phone();
    // The form itself names the hospital and the phone.
    await page.goto(`${running.system.apiUrl}/lookup`);
    expect(await page.locator('h1').innerText()).toContain(hospital.hospitalName);
    expect(await page.locator('#lookup-phone').innerText()).toContain(hospital.officePhone);

    await lookUp(page, number, queryCode);
    const result = page.locator('#lookup-result');
    expect(await page.locator('#lookup-hospital').innerText()).toBe(hospital.hospitalName);
    expect(await page.locator('#lookup-status').innerText()).toBe('已交承办部门调查处理');
    const due = await page.locator('#lookup-deadline').innerText();
    expect(due).toBe(formatDueChinese(handling.dueAt));
    expect(due).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日24时前$/);
    expect(await result.innerText()).toContain('书面答复期限');
    expect(await page.locator('#lookup-steps li').allInnerTexts()).toEqual([
      expect.stringContaining('已登记'), expect.stringContaining('已受理'), expect.stringContaining('已交承办部门调查处理'),
    ]);
    // Nothing internal: no department, no staff.
    expect(await result.innerText()).not.toMatch(/门诊部|MZB|staff:/);
    const call = page.locator('#lookup-phone a');
    expect(await call.innerText()).toBe(hospital.officePhone);
    expect(await call.getAttribute('href')).toMatch(/^tel:[0-9+]+$/);
    // Nothing wider than the phone.
    expect(await page.evaluate<number>(pageWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(artifacts, '1-handling.png'), fullPage: true });
    await page.context().close();
  });

  test('once answered: the approved answer reads across the screen', async () => {
    const { number, queryCode } = await registered();
    expect((await running.system.api(`/api/petitions/${number}/accept`, { body: {} })).status).toBe(200);
    expect((await running.system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'MZB' } })).status).toBe(200);
    const replied = await running.system.api(`/api/petitions/${number}/reply`, { body: { department: 'MZB', ...letter, result: `${letter.result}（内部：对当班导诊员诫勉谈话）` }, headers: { 'x-staff-id': 'intake01' } });
    expect(replied.status).toBe(200);
    expect((await running.system.api(`/api/petitions/${number}/approve-reply`, { body: letter })).status).toBe(200);

    const page = await phone();
    await lookUp(page, number, queryCode);
    const reply = page.locator('#lookup-reply');
    expect(await reply.innerText()).toContain(letter.result);
    expect(await reply.innerText()).not.toContain('诫勉谈话');
    expect(await page.locator('#lookup-deadline').innerText()).toMatch(/24时前（已书面答复）$/);

    // Readable: each answer paragraph spans most of the screen, so a line holds well over 7 characters.
    const boxes = await Promise.all((await reply.locator('dd').all()).map((dd) => dd.boundingBox()));
    const widths = boxes.map((box) => box?.width ?? 0);
    const fontSize = await page.evaluate<number>("parseFloat(getComputedStyle(document.querySelector('#lookup-reply dd')).fontSize)");
    expect(widths).toHaveLength(4);
    for (const width of widths) {
      expect(width).toBeGreaterThan(300);
      expect(Math.floor(width / fontSize)).toBeGreaterThanOrEqual(18);
    }
    expect(await page.evaluate<number>(pageWidth)).toBeLessThanOrEqual(390);
    expect(await page.locator('#lookup-phone').innerText()).toContain(hospital.officePhone);
    await page.screenshot({ path: path.join(artifacts, '2-answered.png'), fullPage: true });
    await page.context().close();
  });
});
