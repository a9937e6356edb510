/**
 * The console's daily tools (issue 13, "missing daily tools"), on the real system: a leader's 待审批 list holds only
 * the extension requests that leader may decide (the policy's decider), with department, days, reason and date, and
 * links to the decision form; the petition page lists what the clock will do next (reminders, the overdue mark,
 * escalations) with dates in staff words; the extension form states the policy's limit and what is left after an
 * approval; the 督办 board lets a leader take a case (包案) and then names the owner, and urge (催办) the department
 * that answers for a late step, which mails its 督办提醒 at once with the department's 办理入口; the 交办单 names the 签收 deadline and the other
 * departments.
 */
import { freshPhone } from '../support/petition-steps';
import { postForm, sessionOf } from '../support/staff-session';
import { useTestSystem } from '../support/system';

jest.setTimeout(120_000);

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The page's text as a person reads it (no tags, no attribute values). */
const visibleText = (page: string) => page.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ');
const formToken = (page: string, command: string) => {
  const form = page.slice(page.indexOf(`data-command="${command}"`));
  return /name="_form" value="([^"]+)"/.exec(form)?.[1] ?? '';
};

describe('console daily tools: 待审批, planned reminders, policy limits, 包案 from the board', () => {
  const system = useTestSystem();
  const asIntake = { 'x-staff-id': 'intake01' };
  let number: string;
  let intake: { cookie: string; csrf: string };
  let department: { cookie: string; csrf: string };
  let leaderMed: { cookie: string; csrf: string };
  let leaderOps: { cookie: string; csrf: string };
  const page = async (pathname: string, cookie: string) => (await fetch(`${system.apiUrl}${pathname}`, { headers: { cookie } })).text();

  beforeAll(async () => {
    [intake, department, leaderMed, leaderOps] = await Promise.all(['intake01', 'ywc01', 'leader-med', 'leader-ops'].map((id) => sessionOf(system, id)));
    const registered = await system.api('/api/petitions', {
      headers: asIntake,
      body: { channel: 'letter', category: 'medical_quality', petitioner: { name: '钱多', phone: freshPhone('137') }, content: '手术排期一再推迟，无人解释' },
    });
    expect(registered.status).toBe(201);
    number = registered.body.number;
    expect((await system.api(`/api/petitions/${number}/accept`, { headers: asIntake, body: {} })).status).toBe(200);
    expect((await system.api(`/api/petitions/${number}/assign`, { headers: asIntake, body: { leadDepartment: 'YWC', cooperatingDepartments: ['XNK'] } })).status).toBe(200);
  });

  test('the petition page lists the coming reminders and escalations with their dates, in staff words', async () => {
    const html = await until(() => page(`/console/petitions/${number}`, intake.cookie), (text) => text.includes('id="planned-steps"'));
    const start = html.indexOf('>', html.indexOf('id="planned-steps"')) + 1;
    const section = html.slice(start, html.indexOf('</section>', start));
    const text = visibleText(section);
    expect(text).toContain('即将进行的提醒与督办');
    // 签收 for both departments, the handling reminders of the policy (xinfang-2022), the overdue mark, the ladder.
    expect(text).toContain('仍未签收的，重新发送交办单');
    expect(text).toContain('医务处');
    expect(text).toContain('心内科');
    expect(text).toContain('发送催办提醒给承办人（距办理期限还有3日）');
    expect(text).toContain('期限届满，仍未办结即标记为超期');
    expect(text).toContain('超期督办：超期转分管院领导督办');
    const whens = [...section.matchAll(/<td class="when">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(whens.length).toBeGreaterThan(4);
    for (const when of whens) expect(when).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(text).not.toMatch(/[A-Za-z]{3,}/);
  });

  test('the 交办单 names the 签收 deadline and the other departments', async () => {
    const lead = await system.catcher!.waitFor((m) => m.to.includes('yiwuchu@hospital.example') && m.subject.includes(`信访交办单（编号：${number}`), 30_000);
    expect(lead.text).toMatch(/签收时限：\d{4}年\d{1,2}月\d{1,2}日24时前/);
    expect(lead.text).toContain('协办部门：心内科');
    expect(lead.text).toContain('本事项协办部门为心内科');
    const cooperating = await system.catcher!.waitFor((m) => m.to.includes('xinneike@hospital.example') && m.subject.includes(`信访交办单（编号：${number}`), 30_000);
    expect(cooperating.text).toContain('牵头部门：医务处');
    expect(cooperating.text).toContain('配合牵头部门（医务处）调查核实');
    expect(cooperating.text).toMatch(/请于\d{4}年\d{1,2}月\d{1,2}日24时前通过办理入口签收/);
  });

  test('the extension form states the policy limit', async () => {
    const html = await page(`/console/petitions/${number}`, department.cookie);
    const form = html.slice(html.indexOf('data-command="requestExtension"'));
    expect(visibleText(form)).toContain('延长不超过30日');
    expect(form).toMatch(/name="days" min="1" max="30"/);
  });

  test('a leader sees the extension requests waiting for them, and only theirs; deciding empties the list', async () => {
    const reason = `需组织专家会诊核实${Date.now() % 100_000}`;
    const requested = await system.api(`/api/petitions/${number}/request-extension`, { headers: { 'x-staff-id': 'ywc01' }, body: { department: 'YWC', days: 10, reason } });
    expect(requested.status).toBe(200);
    // 医务处's 分管院领导 is leader-med: listed there with the department, days, reason and the decision link.
    const list = await until(() => page('/console/approvals', leaderMed.cookie), (text) => text.includes(`data-number="${number}"`));
    const row = list.slice(list.indexOf(`data-number="${number}"`), list.indexOf('</tr>', list.indexOf(`data-number="${number}"`)));
    const text = visibleText(row);
    expect(text).toContain('医务处');
    expect(text).toContain('10 日');
    expect(text).toContain(reason);
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(row).toContain(`href="/console/petitions/${number}#form-decide-extension"`);
    expect(visibleText(list)).not.toMatch(/staff:|dept:|leaderInCharge/);
    // leader-ops decides 财务处 and others, not 医务处: not on that list.
    const other = await page('/console/approvals', leaderOps.cookie);
    expect(other).toContain('待审批的延期申请');
    expect(other).not.toContain(`data-number="${number}"`);
    // A department may not open the page.
    expect((await fetch(`${system.apiUrl}/console/approvals`, { headers: { cookie: department.cookie } })).status).toBe(403);
    // The link leads to the form that decides it.
    const petitionPage = await page(`/console/petitions/${number}`, leaderMed.cookie);
    expect(petitionPage).toContain('id="form-decide-extension"');
    const decided = await postForm(system, `/console/petitions/${number}/decide-extension`, {
      _csrf: leaderMed.csrf,
      _form: formToken(petitionPage, 'decideExtension'),
      approve: 'true',
      note: '同意，抓紧办理',
      requestDocumentId: /name="requestDocumentId" value="([^"]+)"/.exec(petitionPage)?.[1] ?? '',
    }, { cookie: leaderMed.cookie });
    expect(decided.status).toBe(303);
    expect(decodeURIComponent(decided.location)).toContain('已审批延期');
    await until(() => page('/console/approvals', leaderMed.cookie), (text) => !text.includes(`data-number="${number}"`));
    // The form now says what is left of the policy's 30 days.
    const after = await until(() => page(`/console/petitions/${number}`, department.cookie), (text) => text.includes('data-command="requestExtension"'));
    const form = after.slice(after.indexOf('data-command="requestExtension"'));
    expect(visibleText(form)).toContain('已批准延长10日，最多还可申请20日');
    expect(form).toMatch(/name="days" min="1" max="20"/);
  });

  test('the board offers 包案 to a leader and names the owner once taken', async () => {
    // Received 40 days ago and not decided: the acceptance decision is overdue, on the board under 信访办.
    const registered = await system.api('/api/petitions', {
      headers: asIntake,
      body: {
        channel: 'letter', category: 'medical_quality', petitioner: { name: '孙悦', phone: freshPhone('139') }, content: '药费多收，要求退还',
        receivedAt: new Date(Date.now() - 40 * 86_400_000).toISOString(),
      },
    });
    expect(registered.status).toBe(201);
    const late: string = registered.body.number;
    const board = await until(() => page('/console/supervision', leaderMed.cookie), (text) => text.includes(`data-number="${late}"`));
    const row = board.slice(board.indexOf(`data-number="${late}"`), board.indexOf('</tr>', board.indexOf(`data-number="${late}"`)));
    expect(row).toContain(`action="/console/petitions/${late}/take-ownership"`);
    expect(visibleText(row)).toContain('领导包案');
    const token = /name="_form" value="([^"]+)"/.exec(row)?.[1] ?? '';
    const taken = await postForm(system, `/console/petitions/${late}/take-ownership`, { _csrf: leaderMed.csrf, _form: token }, { cookie: leaderMed.cookie });
    expect(taken.status).toBe(303);
    const owned = await until(() => page('/console/supervision', intake.cookie), (text) => {
      const at = text.indexOf(`data-number="${late}"`);
      return at >= 0 && text.slice(at, text.indexOf('</tr>', at)).includes('包案领导');
    });
    const ownedRow = owned.slice(owned.indexOf(`data-number="${late}"`), owned.indexOf('</tr>', owned.indexOf(`data-number="${late}"`)));
    expect(visibleText(ownedRow)).toContain('包案领导：李建国');
    // The intake officer may not take ownership: no button for them.
    expect(ownedRow).not.toContain('take-ownership');
  });

  test('催办 from the board mails the late department its 督办提醒 now and is on the timeline', async () => {
    // Assigned to 护理部 with a due time seconds away: its handling goes overdue and onto the board under 护理部.
    const registered = await system.api('/api/petitions', {
      headers: asIntake,
      body: { channel: 'letter', category: 'medical_quality', petitioner: { name: '周敏', phone: freshPhone('135') }, content: '夜间护士呼叫不应' },
    });
    const late: string = registered.body.number;
    expect((await system.api(`/api/petitions/${late}/accept`, { headers: asIntake, body: {} })).status).toBe(200);
    expect((await system.api(`/api/petitions/${late}/assign`, { headers: asIntake, body: { leadDepartment: 'HLB', dueAt: new Date(Date.now() + 3_000).toISOString() } })).status).toBe(200);
    const rowOf = (text: string) => {
      const at = text.indexOf(`data-number="${late}" data-stage="handling"`);
      return at < 0 ? '' : text.slice(at, text.indexOf('</tr>', at));
    };
    const board = await until(() => page('/console/supervision', intake.cookie), (text) => rowOf(text).includes('data-command="urge"'));
    const row = rowOf(board);
    expect(row).toContain(`action="/console/petitions/${late}/urge"`);
    expect(row).toContain('name="department" value="HLB"');
    const before = system.catcher!.messages().filter((m) => m.to.includes('hulibu@hospital.example') && m.subject.includes(late) && m.subject.includes('督办提醒')).length;
    const urged = await postForm(system, `/console/petitions/${late}/urge`, { _csrf: intake.csrf, _form: /name="_form" value="([^"]+)"/.exec(row)![1], department: 'HLB' }, { cookie: intake.cookie });
    expect(urged.status).toBe(303);
    expect(decodeURIComponent(urged.location)).toContain('已催办');
    const mail = await system.catcher!.waitFor(
      (m) => m.to.includes('hulibu@hospital.example') && m.subject.includes(late) && m.subject.includes('督办提醒') && m.text.includes('签收及承办'),
      30_000,
    );
    expect(mail.text).toContain('护理部承办的信访事项');
    // The 督办提醒 carries the department's 办理入口: its page opens with the 签收 form.
    const entry = /办理入口：(\S+)/.exec(mail.text)?.[1];
    expect(entry).toBeDefined();
    const linked = await fetch(`${system.apiUrl}${new URL(entry!).pathname}${new URL(entry!).search}`);
    expect(linked.status).toBe(200);
    const linkedPage = await linked.text();
    expect(linkedPage).toContain(`信访交办事项 ${late}`);
    expect(linkedPage).toContain('id="acknowledge-form"');
    expect(system.catcher!.messages().filter((m) => m.to.includes('hulibu@hospital.example') && m.subject.includes(late) && m.subject.includes('督办提醒')).length).toBeGreaterThan(before);
    const petitionPage = await until(() => page(`/console/petitions/${late}`, intake.cookie), (text) => text.includes('<strong>催办</strong>'));
    expect(visibleText(petitionPage)).toMatch(/催办\s+王晓敏/);
    // A department that is not on the petition cannot be urged: refused in Chinese, without codes.
    const wrong = await postForm(system, `/console/petitions/${late}/urge`, { _csrf: intake.csrf, department: 'CWC' }, { cookie: intake.cookie });
    expect(wrong.status).toBe(409);
    expect(visibleText(wrong.text)).toContain('该部门不是本事项的承办部门，不能催办');
  });

  test('the 督办 board gives one set of actions per petition, not one per late deadline', async () => {
    // A petition late at two steps of one department (签收 and 办理): its record-store row holds both overdue facts.
    const registered = await system.api('/api/petitions', {
      headers: asIntake,
      body: { channel: 'letter', category: 'billing', petitioner: { name: '孙立', phone: freshPhone('136') }, content: '住院押金退费拖延两个月' },
    });
    const twice: string = registered.body.number;
    const past = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const lateTwice = () =>
      system.prisma.petition.update({
        where: { number: twice },
        data: {
          status: 'assigned',
          leadDepartment: 'CWC',
          dueAt: new Date(past(1)),
          deadlines: [
            { id: 'acknowledgement:CWC:1', kind: 'acknowledgement', department: 'CWC', dueAt: past(5), status: 'overdue', overdueAt: past(5) },
            { id: 'handling:CWC:1', kind: 'handling', department: 'CWC', dueAt: past(1), status: 'overdue', overdueAt: past(1) },
          ],
        },
      });
    // The workflow's own record of the registration may still be written after the API answered: set the row again
    // until the board lists both late steps.
    const board = await until(
      async () => (await lateTwice(), page('/console/supervision', leaderOps.cookie)),
      (text) => text.split('<tr').filter((row) => row.includes(`data-number="${twice}"`)).length === 2,
    );
    const rows = board.split('<tr').filter((row) => row.includes(`data-number="${twice}"`));
    expect(rows).toHaveLength(2);
    const actions = rows.join('');
    expect(actions.match(/data-command="urge"/g)).toHaveLength(1);
    expect(actions.match(/data-command="takeOwnership"/g)).toHaveLength(1);
    expect(actions).toContain('rowspan="2"');
  });

  test('督办意见: a leader writes it on the petition page, the department is mailed it and it stays on the page', async () => {
    const html = await until(() => page(`/console/petitions/${number}`, leaderMed.cookie), (text) => text.includes('data-command="instruct"'));
    expect(html).toContain('id="form-instruct"');
    const instruction = `请于本周内组织专家会诊并当面向患者说明${Date.now() % 100_000}`;
    const sent = await postForm(system, `/console/petitions/${number}/instruct`, {
      _csrf: leaderMed.csrf, _form: formToken(html, 'instruct'), department: 'YWC', note: instruction,
    }, { cookie: leaderMed.cookie });
    expect(sent.status).toBe(303);
    expect(decodeURIComponent(sent.location)).toContain('已提出督办意见');
    const mail = await system.catcher!.waitFor((m) => m.to.includes('yiwuchu@hospital.example') && m.subject.includes(`【督办意见】信访事项（编号：${number}）`), 30_000);
    expect(mail.text).toContain(instruction);
    expect(mail.text).toContain('李建国（院领导）');
    expect(mail.text).toContain('办理入口');
    // On the petition page for the department too, as a stored text by its title; the timeline names the leader.
    const seen = await until(() => page(`/console/petitions/${number}`, department.cookie), (text) => text.includes(instruction));
    expect(seen).toMatch(/<h3>督办意见 <span class="muted">[^<]*李建国<\/span><\/h3>/);
    expect(visibleText(seen)).toMatch(/督办意见\s+李建国/);
    // A department may not give one.
    const refused = await postForm(system, `/console/petitions/${number}/instruct`, { _csrf: department.csrf, department: 'YWC', note: '自行督办' }, { cookie: department.cookie });
    expect(refused.status).toBe(403);
  });
});
