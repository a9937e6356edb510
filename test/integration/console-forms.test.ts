/**
 * The console's forms as staff use them (issue 13): a refused registration or command comes back with what was typed
 * and the Chinese reason beside the field; the same form sent twice (Back and submit) registers or runs once and does
 * not alert the leadership again; a likely duplicate is shown before registration with "仍要登记"; the 交办 form
 * preselects the department the routing rules name and takes 协办 as a multi-select of names; nothing preselects
 * 满意度 or a leader's decision. Real PostgreSQL/PGlite, Temporal and the console over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { postForm, sessionOf } from '../support/staff-session';
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

const tokenOf = (page: string, form = 'register-form') => {
  const start = page.indexOf(form);
  const match = /name="_form" value="([^"]+)"/.exec(page.slice(start));
  if (!match) throw new Error(`no form token in ${form}`);
  return match[1];
};

describe('console forms keep input, are idempotent and start from the data', () => {
  const system = useTestSystem();
  let intake: { cookie: string; csrf: string };
  const unique = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const phone = `139${unique.slice(-8)}`;
  const content = `门诊收费与价目表不符 ${unique}`;

  beforeAll(async () => {
    intake = await sessionOf(system, 'intake01');
  });

  const page = async (pathname: string, cookie = intake.cookie) => (await fetch(`${system.apiUrl}${pathname}`, { headers: { cookie } })).text();
  const post = (pathname: string, form: Record<string, string> | URLSearchParams, cookie = intake.cookie) =>
    postForm(system, pathname, form instanceof URLSearchParams ? form.toString() : form, { cookie });
  const petitionsWith = (text: string) => system.prisma.petition.findMany({ where: { content: text }, select: { number: true } });

  test('a refused registration shows the form again with what was typed and the reason beside the field', async () => {
    const form = await page('/console/register');
    const refused = await post('/console/register', {
      _csrf: intake.csrf, _form: tokenOf(form), channel: 'visit', category: 'billing', phone, content, claimAmount: '120.50', peopleCount: '1',
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(content);
    expect(refused.text).toContain(`value="${phone}"`);
    expect(refused.text).toContain('value="120.50"');
    expect(refused.text).toMatch(/<input name="name" value=""[^>]*aria-invalid="true"> <span class="field-error" data-field="name">实名信访须填写信访人姓名<\/span>/);
    expect(refused.text).toMatch(/<option value="visit" selected>/);
    expect(refused.text).not.toMatch(/\([a-z][^)]*\)/i);
    expect(await petitionsWith(content)).toEqual([]);
  });

  test('the same registration form sent twice registers once; a likely duplicate is shown before registering', async () => {
    const form = await page('/console/register');
    expect(form).toContain('信访工作条例（2022年）');
    expect(form).not.toMatch(/<option value="xinfang-2022">xinfang-2022</);
    const fields = { _csrf: intake.csrf, _form: tokenOf(form), channel: 'visit', category: 'billing', name: '钱多多', phone, content, peopleCount: '1' };
    const first = await post('/console/register', fields);
    expect(first.status).toBe(303);
    const number = /XF-\d{4}-\d{6}/.exec(first.location)![0];
    // Back and submit again: the same token.
    const again = await post('/console/register', fields);
    expect(again.status).toBe(303);
    expect(again.location).toContain(number);
    expect(decodeURIComponent(again.location)).toContain('未重复登记');
    expect(await petitionsWith(content)).toEqual([{ number }]);

    // A new form with the same phone: shown as a likely duplicate, nothing stored.
    const other = `药费清单看不懂 ${unique}`;
    const second = await page('/console/register');
    const duplicate = { ...fields, _form: tokenOf(second), content: other };
    const warned = await post('/console/register', duplicate);
    expect(warned.status).toBe(409);
    expect(warned.text).toContain('id="likely-duplicates"');
    expect(warned.text).toContain(number);
    expect(warned.text).toContain('电话相同');
    expect(warned.text).toContain('仍要登记');
    expect(warned.text).toContain(other);
    expect(await petitionsWith(other)).toEqual([]);
    const confirmed = await post('/console/register', { ...duplicate, _form: tokenOf(warned.text), confirmDuplicate: 'yes' });
    expect(confirmed.status).toBe(303);
    const repeat = /XF-\d{4}-\d{6}/.exec(confirmed.location)![0];
    expect(repeat).not.toBe(number);
    const registered = await system.prisma.petitionEvent.findFirstOrThrow({ where: { petition: { number: repeat }, type: 'registered' } });
    expect((registered.payload as { alerts: string[] }).alerts).toContain('repeat');
    // The first petition was registered once, so it alerted nobody a second time.
    const firstEvents = await system.prisma.petitionEvent.count({ where: { petition: { number }, type: 'registered' } });
    expect(firstEvents).toBe(1);
  });

  test('commands: the same form twice runs once, a refusal keeps the typed text, defaults come from the data', async () => {
    const { body } = await system.api('/api/petitions', {
      headers: { 'x-staff-id': 'intake01' },
      body: { channel: 'letter', category: 'medical_quality', anonymous: true, content: `术后随访无人接听 ${unique}` },
    });
    const number: string = body.number;
    let shown = await page(`/console/petitions/${number}`);
    const accept = { _csrf: intake.csrf, _form: tokenOf(shown, 'data-command="accept"') };
    const accepted = await post(`/console/petitions/${number}/accept`, accept);
    expect(accepted.status).toBe(303);
    const twice = await post(`/console/petitions/${number}/accept`, accept);
    expect(twice.status).toBe(303);
    expect(decodeURIComponent(twice.location)).toContain('已受理');
    expect(await system.prisma.petitionEvent.count({ where: { petition: { number }, type: 'accepted' } })).toBe(1);
    expect(decodeURIComponent(twice.location)).toContain('未再次办理');

    // A form with text: sent twice, its text is stored once. 中止计时 under the hospital's own rules (补充材料), whose
    // ground a leader approves: the form is the leader's (intake is not offered it), the ground preselected.
    const own = await system.api('/api/petitions', {
      headers: { 'x-staff-id': 'intake01' },
      body: { channel: 'letter', category: 'medical_quality', anonymous: true, content: `术后复查预约不上 ${unique}`, policyId: 'hospital-example' },
    });
    expect(await page(`/console/petitions/${own.body.number}`)).not.toContain('data-command="pauseClock"');
    const leader = await sessionOf(system, 'leader-med');
    const leaderSees = await page(`/console/petitions/${own.body.number}`, leader.cookie);
    expect(leaderSees).toContain('<option value="supplementaryMaterials" selected>信访人补充材料</option>');
    expect(leaderSees).toContain('最长30日，到期自动恢复计时');
    const pause = { _csrf: leader.csrf, _form: tokenOf(leaderSees, 'data-command="pauseClock"'), ground: 'supplementaryMaterials', reason: `待补充病历 ${unique}`, materials: '出院小结' };
    expect((await post(`/console/petitions/${own.body.number}/pause`, pause, leader.cookie)).status).toBe(303);
    expect((await post(`/console/petitions/${own.body.number}/pause`, pause, leader.cookie)).status).toBe(303);
    expect(await system.prisma.petitionDocument.count({ where: { petition: { number: own.body.number }, kind: 'clock_pause' } })).toBe(1);
    shown = await page(`/console/petitions/${own.body.number}`);
    expect((await post(`/console/petitions/${own.body.number}/resume`, { _csrf: intake.csrf, _form: tokenOf(shown, 'data-command="resumeClock"') })).status).toBe(303);
    expect(await system.prisma.petitionEvent.count({ where: { petition: { number: own.body.number }, type: 'clock_resumed' } })).toBe(1);

    // A new form on a state that no longer allows it: refused in Chinese, no English explanation.
    const stale = await post(`/console/petitions/${number}/accept`, { _csrf: intake.csrf, _form: randomUUID() });
    expect(stale.status).toBe(409);
    expect(stale.text).toMatch(/<p class="form-error" role="alert">未能受理：[^<(]*<\/p>/);

    // 交办: the routed department (medical_quality → 医务处) preselected, 协办 by name, several at once.
    shown = await page(`/console/petitions/${number}`);
    expect(shown).toMatch(/<select name="leadDepartment" required>.*<option value="YWC" selected>医务处<\/option>/s);
    expect(shown).toMatch(/<select name="cooperatingDepartments" multiple[^>]*>.*<option value="XNK">心内科<\/option>/s);
    const assign = new URLSearchParams({ _csrf: intake.csrf, _form: tokenOf(shown, 'data-command="assign"'), leadDepartment: 'YWC' });
    assign.append('cooperatingDepartments', 'XNK');
    assign.append('cooperatingDepartments', 'HLB');
    expect((await post(`/console/petitions/${number}/assign`, assign)).status).toBe(303);
    const assigned = await system.prisma.petition.findUniqueOrThrow({ where: { number } });
    expect(assigned.leadDepartment).toBe('YWC');
    expect([...assigned.cooperatingDepartments].sort()).toEqual(['HLB', 'XNK']);

    await system.api(`/api/petitions/${number}/reply`, {
      headers: { 'x-staff-id': 'ywc01' },
      body: { department: 'YWC', investigation: '调阅随访记录', findings: '随访电话登记错误', opinion: '更正登记', result: '已重新随访' },
    });
    // Review before answer: the approve form starts from the department's reply; the office edits and approves it.
    shown = await until(() => page(`/console/petitions/${number}`), (text) => text.includes('data-command="approveReply"'));
    expect(shown).not.toContain('data-command="feedback"');
    expect(shown).toContain('<textarea name="result" required>已重新随访</textarea>');
    const approve = { _csrf: intake.csrf, _form: tokenOf(shown, 'data-command="approveReply"'), investigation: '调阅随访记录', findings: '随访电话登记有误', opinion: '已更正登记', result: '已重新随访并向您说明' };
    expect((await post(`/console/petitions/${number}/approve-reply`, approve)).status).toBe(303);
    shown = await until(() => page(`/console/petitions/${number}`), (text) => text.includes('data-command="feedback"'));
    expect(shown).toContain('已重新随访并向您说明');
    // No preselected 满意度.
    expect(shown).toMatch(/<select name="satisfaction" required><option value="" selected>请选择<\/option>/);
    const note = `信访人表示理解 ${unique}`;
    const missing = await post(`/console/petitions/${number}/feedback`, { _csrf: intake.csrf, _form: tokenOf(shown, 'data-command="feedback"'), satisfaction: '', note });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain(`>${note}</textarea>`);
    expect(missing.text).toContain('<span class="field-error" data-field="satisfaction">请选择信访人满意度</span>');
    expect(await system.prisma.petitionEvent.count({ where: { petition: { number }, type: 'fed_back' } })).toBe(0);
  });
});
