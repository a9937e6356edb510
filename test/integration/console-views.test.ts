/**
 * The console's screens in staff words (issue 13): people and departments by name (never "staff:…", "dept:…"),
 * stored texts by their title and content (never an id), deadline statuses from the one model (按期完成, 计时中,
 * due "YYYY-MM-DD 24:00"), the calendar warning once per page without library names or paths, policies by title; and
 * the ledger searched by number, keyword, name and phone, with the petitioner column only for the 信访办 (a
 * department's search by name or phone is ignored, so it cannot find out who petitioned). Real database and Temporal.
 */
import path from 'node:path';
import { missingScheduleReminder, scheduledYears } from '../../services/calendar-supplements';
import { sessionOf } from '../support/staff-session';
import { useTestSystem } from '../support/system';

jest.setTimeout(120_000);

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The page's text as a person reads it (no tags, no attribute values). */
const visibleText = (page: string) => page.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ');

describe('console screens use names, labels and the one status model; the ledger is searchable', () => {
  const system = useTestSystem();
  const unique = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const phone = `136${unique.slice(-8)}`;
  const keyword = `透析室${unique.slice(-5)}`;
  let number: string;
  let intake: { cookie: string; csrf: string };
  let department: { cookie: string; csrf: string };
  let leader: { cookie: string; csrf: string };
  const page = async (pathname: string, cookie: string) => (await fetch(`${system.apiUrl}${pathname}`, { headers: { cookie } })).text();

  beforeAll(async () => {
    [intake, department, leader] = await Promise.all([sessionOf(system, 'intake01'), sessionOf(system, 'ywc01'), sessionOf(system, 'leader-med')]);
    const asIntake = { 'x-staff-id': 'intake01' };
    const registered = await system.api('/api/petitions', {
      headers: asIntake,
      body: { channel: 'visit', category: 'medical_quality', petitioner: { name: '孙立', phone }, content: `${keyword}排班混乱，候诊四小时` },
    });
    number = registered.body.number;
    expect((await system.api(`/api/petitions/${number}/accept`, { headers: asIntake, body: {} })).status).toBe(200);
    expect((await system.api(`/api/petitions/${number}/assign`, { headers: asIntake, body: { leadDepartment: 'YWC', cooperatingDepartments: ['XNK'] } })).status).toBe(200);
    const extension = await system.api(`/api/petitions/${number}/request-extension`, {
      headers: { 'x-staff-id': 'ywc01' },
      body: { department: 'YWC', days: 5, reason: '需调取监控录像核实' },
    });
    expect(extension.status).toBe(200);
  });

  test('the petition page names people, departments, documents and statuses in staff words', async () => {
    const html = await until(() => page(`/console/petitions/${number}`, intake.cookie), (text) => text.includes('需调取监控录像核实'));
    const text = visibleText(html);
    expect(text).not.toMatch(/staff:|dept:|service:/);
    expect(html).toMatch(/<span class="muted actor">王晓敏<\/span>/);
    expect(html).toMatch(/<span class="muted actor">刘医务<\/span>/);
    expect(text).toContain('信访工作条例（2022年）');
    expect(text).not.toContain('xinfang-2022');
    // The stored extension request by its title and text.
    expect(html).toMatch(/<section class="card" id="documents"><h2>办理文书<\/h2>\s*<h3>延期申请/);
    expect(text).toContain('需调取监控录像核实');
    // Statuses from the one model; due times as 24:00 of the last day.
    const statuses = [...html.matchAll(/<td class="deadline-status">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(statuses).toContain('按期完成');
    expect(statuses.some((s) => /^计时中（剩余 /.test(s))).toBe(true);
    expect(statuses).not.toContain('已按期完成');
    for (const due of html.matchAll(/<td class="due">([^<]*)<\/td>/g)) expect(due[1]).toMatch(/^\d{4}-\d{2}-\d{2} 24:00$/);
    // The calendar warning (this year's deadlines run into a year without an official schedule) at most once.
    expect((html.match(/calendar-warning/g) ?? []).length).toBeLessThanOrEqual(1);
    expect(text).not.toMatch(/chinese-days|config\/calendar/);
  });

  test('the leader decides the extension with nothing preselected, the department named', async () => {
    const html = await until(() => page(`/console/petitions/${number}`, leader.cookie), (text) => text.includes('data-command="decideExtension"'));
    const form = html.slice(html.indexOf('data-command="decideExtension"'));
    expect(form.slice(0, form.indexOf('</form>'))).toContain('医务处 申请延期 5 天');
    expect(form.slice(0, form.indexOf('</form>'))).not.toContain('checked');
    // Bound to the request it shows: a request decided meanwhile and replaced by another is refused at submit.
    expect(form.slice(0, form.indexOf('</form>'))).toMatch(/<input type="hidden" name="requestDocumentId" value="[0-9a-f-]{36}">/);
  });

  test('after the lead department replies, a cooperating department that never acted is not shown as 按期完成', async () => {
    const replied = await system.api(`/api/petitions/${number}/reply`, {
      headers: { 'x-staff-id': 'ywc01' },
      body: { department: 'YWC', investigation: '调阅排班表', findings: '排班不足', opinion: '调整排班', result: '已增加夜班医生' },
    });
    expect(replied.status).toBe(200);
    const html = await until(() => page(`/console/petitions/${number}`, intake.cookie), (text) => text.includes('已增加夜班医生'));
    const rows = [...html.matchAll(/<tr[^>]*>\s*<td>([^<]*)<\/td>\s*<td>([^<]*)<\/td>\s*<td class="due">[^<]*<\/td>\s*<td class="deadline-status">([^<]*)<\/td>/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(rows).toEqual(expect.arrayContaining(['办理期限 医务处 按期完成', '签收期限 心内科 未签收（牵头部门答复后结束）', '办理期限 心内科 随牵头部门答复结束']));
  });

  test('the ledger finds the petition by number, keyword, name and phone; the petitioner column is the 信访办\'s only', async () => {
    const search = (query: string, cookie = intake.cookie) => page(`/console/ledger?${query}`, cookie);
    const total = (html: string) => Number(/id="ledger-total">(\d+)</.exec(html)![1]);
    for (const query of [`number=${number.slice(-6)}`, `keyword=${encodeURIComponent(keyword)}`, `name=${encodeURIComponent('孙立')}&phone=${phone.slice(-6)}`]) {
      const html = await search(query);
      expect([query, total(html)]).toEqual([query, 1]);
      expect(html).toContain(`<td class="petitioner">孙立 ${phone}</td>`);
      expect(html).toMatch(new RegExp(`<td class="summary">${keyword}排班混乱`));
    }
    expect(total(await search(`phone=${phone.slice(-6)}&keyword=${encodeURIComponent('不存在的内容')}`))).toBe(0);
    expect(total(await search(`name=${encodeURIComponent('不存在的人')}`))).toBe(0);

    // A department: no name or phone fields, the search ignores them, and the petitioner is nowhere on the page.
    const mine = await search(`keyword=${encodeURIComponent(keyword)}&name=${encodeURIComponent('不存在的人')}`, department.cookie);
    expect(total(mine)).toBe(1);
    expect(mine).not.toContain('name="phone"');
    expect(mine).not.toContain('孙立');
    expect(mine).not.toContain(phone);
    expect(mine).toContain(`${keyword}排班混乱`);
    // The header names the person's department, not its code.
    expect(mine).toMatch(/<span class="who">刘医务（[^）]* · 医务处）<\/span>/);
  });

  test('a missing State Council holiday schedule is named on every page for the 信访办 and leaders, never for departments', async () => {
    // What the system knows now (chinese-days plus config/calendar): 2027 is missing for chinese-days 1.5.7.
    const expected = missingScheduleReminder(new Date(), scheduledYears(path.join(__dirname, '../../config/calendar')));
    const reminderOf = (html: string) => /<p class="flash warning" id="calendar-reminder" role="note">([^<]*)<\/p>/.exec(html)?.[1];
    for (const [pathname, session] of [['/console/ledger', intake], ['/console/supervision', leader], [`/console/petitions/${number}`, intake]] as const) {
      expect([pathname, reminderOf(await page(pathname, session.cookie))]).toEqual([pathname, expected]);
    }
    expect(reminderOf(await page('/console/ledger', department.cookie))).toBeUndefined();
  });
});
