import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { noticeKinds, type NoticeKind } from '../../workflows/domain/notices';
import type { CaughtMessage } from '../../services/mail/catcher';
import { registrationWith } from '../support/petition-steps';
import { useTestSystem } from '../support/system';
import { until } from '../support/until';
import { shanghaiDate } from '../../workflows/domain/shanghai';
import { pinPolicyVersion } from '../../services/policy-versions';
import { loadPolicy } from '../../workflows/deadlines';
import { petitionWorkflowId } from '../../workflows/ids';
import { adoptPolicyUpdate } from '../../workflows/petition/policy-adoption';

/**
 * 保守信访秘密 on real servers: petitions are driven until every notice kind has gone out, then every response,
 * page, mail and export a department or a leader receives is searched for the petitioner's name, phone, e-mail,
 * ID number and address. None may appear when the petitioner did not consent to disclosure.
 */

jest.setTimeout(180_000);

const person = {
  name: '司马静怡',
  phone: '13612340987',
  email: 'sima.jingyi@example.cn',
  idNumber: '110105199003071234',
  address: '北京市朝阳区望京西路甲18号',
};
const personValues = Object.values(person);

// A configuration directory of its own: the test adopts a made-up schedule file (calendar/<year>.json) in it.
const configDirectory = mkdtempSync(path.join(tmpdir(), 'confidentiality-config-'));
mkdirSync(path.join(configDirectory, 'calendar'));
copyFileSync(path.join(__dirname, '../../config/hospital.json'), path.join(configDirectory, 'hospital.json'));
afterAll(() => rmSync(configDirectory, { recursive: true, force: true }));

const intake = { 'x-staff-id': 'intake01' };
const ywc = { 'x-staff-id': 'ywc01' };
const leader = { 'x-staff-id': 'leader-med' };

const registration = registrationWith(() => ({
  channel: 'web',
  petitioner: { ...person, relationToPatient: '本人', consentToDisclose: false },
  content: `输液室排队两小时无人处理，要求医院核实并答复（${Math.random()}）。`,
}));

/** The petitioner's values found in a text (none expected). */
function leaks(text: string): string[] {
  return personValues.filter((value) => text.includes(value));
}

function linkIn(mail: CaughtMessage, label: string): string {
  const match = new RegExp(`${label}：(\\S+)`).exec(mail.text);
  if (!match) throw new Error(`no ${label} link in mail "${mail.subject}"`);
  return match[1];
}

describe('confidentiality of the petitioner (保守信访秘密) across every notice kind and every staff view', () => {
  const system = useTestSystem({ HOSPITAL_CONFIG: path.join(configDirectory, 'hospital.json') });
  const numbers: string[] = [];
  let extended: string;

  async function ok(pathname: string, body: unknown, headers: Record<string, string> = intake) {
    const response = await system.api(pathname, { body, headers });
    if (response.status !== 200 && response.status !== 201) throw new Error(`${pathname}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async function register(overrides: Record<string, unknown> = {}): Promise<string> {
    const { number } = await ok('/api/petitions', registration(overrides));
    numbers.push(number);
    return number;
  }

  async function signIn(staffId: string): Promise<string> {
    const response = await fetch(`${system.apiUrl}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ staffId, password: 'test-password-123', next: '/console/ledger' }),
    });
    expect(response.status).toBe(303);
    return (response.headers.get('set-cookie') ?? '').split(';')[0];
  }

  async function page(url: string, cookie?: string): Promise<string> {
    const response = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
    expect(response.status).toBe(200);
    return response.text();
  }

  const onSystem = (url: string) => {
    const parsed = new URL(url);
    return `${system.apiUrl}${parsed.pathname}${parsed.search}`;
  };

  const sentTemplates = async () =>
    new Set((await system.prisma.notification.findMany({ where: { petition: { number: { in: numbers } }, status: 'sent' } })).map((n) => n.template));

  beforeAll(async () => {
    // The reproduction of issue 15: accepted, assigned to YWC, an extension requested by ywc01 and approved by leader-med.
    extended = await register();
    await ok(`/api/petitions/${extended}/accept`, {});
    await ok(`/api/petitions/${extended}/assign`, { leadDepartment: 'YWC', cooperatingDepartments: ['XNK'] });
    await ok(`/api/petitions/${extended}/request-extension`, { department: 'YWC', days: 10, reason: '需调取输液室监控录像' }, ywc);
    await ok(`/api/petitions/${extended}/decide-extension`, { approve: true }, leader);
    // 督办意见 from the leader (督办意见通知 to the department).
    await ok(`/api/petitions/${extended}/instruct`, { department: 'YWC', note: '请三日内调取监控并约谈当班护士' }, leader);
    await ok(`/api/petitions/${extended}/reply`, { department: 'YWC', investigation: '调取监控', findings: '候诊时间过长属实', opinion: '增派护士', result: '已整改' }, ywc);
    // The 信访办 reviews the draft 处理意见书: returned once with a note (答复退回修改通知), replied again, approved (处理意见书).
    await ok(`/api/petitions/${extended}/return-reply`, { note: '请补充整改完成时间' });
    await ok(`/api/petitions/${extended}/reply`, { department: 'YWC', investigation: '调取监控', findings: '候诊时间过长属实', opinion: '增派护士', result: '已整改，12月起执行' }, ywc);
    await ok(`/api/petitions/${extended}/approve-reply`, { investigation: '调取监控', findings: '候诊时间过长属实', opinion: '增派护士', result: '已整改，12月起执行' });

    // 集体访: the leadership is alerted at once.
    await register({ peopleCount: 8 });
    // 不予受理.
    const declined = await register();
    await ok(`/api/petitions/${declined}/decline`, { reason: '不属于本院职责范围', redirectTo: '市卫生健康委员会' });
    // A handling limit one day and a few seconds ahead: the department head's "one day before" reminder comes due.
    const reminded = await register();
    await ok(`/api/petitions/${reminded}/accept`, {});
    await ok(`/api/petitions/${reminded}/assign`, { leadDepartment: 'HLB', dueAt: new Date(Date.now() + 86_400_000 + 5_000).toISOString() });
    // A handling limit a few seconds ahead: overdue, then 督办 by the leader in charge.
    const overdue = await register();
    await ok(`/api/petitions/${overdue}/accept`, {});
    await ok(`/api/petitions/${overdue}/assign`, { leadDepartment: 'YWC', dueAt: new Date(Date.now() + 4_000).toISOString() });

    // 上级交办 by 12345 (issue 16): the 办结报告 is due a day and a few seconds ahead, so the 信访办's "one day before"
    // reminder (办结报告催报提醒) comes due; at 反馈 the report goes to the authority's mailbox (办结报告).
    const handedDown = await register({
      channel: 'hotline_12345',
      handedDown: { authority: 'RX12345', referenceNumber: 'GD-CONF-0001', dueAt: new Date(Date.now() + 5 * 86_400_000).toISOString(), reportDueAt: new Date(Date.now() + 86_400_000 + 5_000).toISOString() },
    });
    await ok(`/api/petitions/${handedDown}/accept`, {});
    await ok(`/api/petitions/${handedDown}/assign`, { leadDepartment: 'YWC', cooperatingDepartments: [] });
    await ok(`/api/petitions/${handedDown}/reply`, { department: 'YWC', investigation: '核实热线工单', findings: '排队时间过长', opinion: '增设自助机', result: '已增设' }, ywc);
    await ok(`/api/petitions/${handedDown}/approve-reply`, { investigation: '核实热线工单', findings: '排队时间过长', opinion: '增设自助机', result: '已增设' });
    await until(() => sentTemplates(), (sent) => sent.has('authority-report-reminder'), 60_000);
    await ok(`/api/petitions/${handedDown}/feedback`, { satisfaction: 'satisfied', deliveryMethod: 'in_person', deliveredOn: shanghaiDate(Date.now()) });

    // 复查 by the authority above (patch review-by-authority): the case file goes to its mailbox (复查案卷报送函). An
    // adopted policy version gives the authority 0 days (made up for the test), so the 信访办's reminder of its date
    // (上级机关复查（复核）答复期限提醒) comes due as soon as the receipt is recorded.
    const reviewed = await register();
    await ok(`/api/petitions/${reviewed}/accept`, {});
    await ok(`/api/petitions/${reviewed}/assign`, { leadDepartment: 'YWC', cooperatingDepartments: [] });
    await ok(`/api/petitions/${reviewed}/reply`, { department: 'YWC', investigation: '调阅病历', findings: '用药无误', opinion: '加强解释', result: '已说明' }, ywc);
    await ok(`/api/petitions/${reviewed}/approve-reply`, { investigation: '调阅病历', findings: '用药无误', opinion: '加强解释', result: '已说明' });
    await ok(`/api/petitions/${reviewed}/feedback`, { satisfaction: 'unsatisfied', deliveryMethod: 'in_person', deliveredOn: shanghaiDate(Date.now()) });
    const bundled = loadPolicy('xinfang-2022');
    const quick = { ...bundled, version: `${bundled.version}-confidentiality`, review: { ...bundled.review, stages: bundled.review.stages.map((stage) => ({ ...stage, answerWithin: { ...stage.answerWithin, amount: 0 } })) } };
    await system.temporal.workflow.getHandle(petitionWorkflowId(reviewed)).executeUpdate(adoptPolicyUpdate, { args: [{ actor: 'staff:admin01', policy: await pinPolicyVersion(system.prisma, quick) }] });
    await ok(`/api/petitions/${reviewed}/request-review`, { reason: '对处理意见不服，请求复查' });
    await ok(`/api/petitions/${reviewed}/send-review-file`, { note: '附病历复印件' });
    await ok(`/api/petitions/${reviewed}/record-review-receipt`, { receivedOn: shanghaiDate(Date.now()) });

    // 期限变更 (calendar adoption): the handling deadline's last day becomes a holiday in the adopted year's file, so
    // the department and the petitioner (whose expected reply date moves) are told.
    const recounted = await register();
    await ok(`/api/petitions/${recounted}/accept`, {});
    await ok(`/api/petitions/${recounted}/assign`, { leadDepartment: 'YWC', cooperatingDepartments: [] });
    const { workflow } = (await system.api(`/api/petitions/${recounted}`, { headers: intake })).body as { workflow: { deadlines: Array<{ kind: string; deadline: { dueDate: string } }> } };
    const dueDate = workflow.deadlines.find((d) => d.kind === 'handling')!.deadline.dueDate;
    const year = Number(dueDate.slice(0, 4));
    writeFileSync(path.join(configDirectory, 'calendar', `${year}.json`), JSON.stringify({ year, source: '测试用节假日通知', holidays: { [dueDate]: 'Test Holiday,测试假日,1' }, workdays: {} }));
    await ok(`/api/calendar/${year}/adopt`, {}, { 'x-staff-id': 'admin01' });

    // 中止计时 on the hospital's own ground (补充材料, approved and entered by the leader), then 恢复计时: the petitioner
    // gets both letters.
    const stopped = await register({ policyId: 'hospital-example' });
    await ok(`/api/petitions/${stopped}/accept`, {});
    await ok(`/api/petitions/${stopped}/assign`, { leadDepartment: 'YWC', cooperatingDepartments: [] });
    await ok(`/api/petitions/${stopped}/pause`, { ground: 'supplementaryMaterials', reason: '需补充门诊病历', materials: '门诊病历复印件' }, leader);
    await ok(`/api/petitions/${stopped}/resume`, {});

    // 首诉 (医疗机构投诉管理办法, an internal target of the office's own) received two days ago and not yet handled:
    // its target passed at once, so the intake officers get 信访办办理提醒.
    await register({ policyId: 'complaint-2019', receivedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() });
    // 受理告知书 for a petitioner who left no e-mail (issue 16): the mail finds no address, so the 信访办 is reminded
    // at once to post it (受理告知书送达提醒).
    const noEmail = await register({ petitioner: { name: person.name, phone: person.phone, idNumber: person.idNumber, address: person.address, relationToPatient: '本人', consentToDisclose: false } });
    await ok(`/api/petitions/${noEmail}/accept`, {});

    const every = Object.keys(noticeKinds) as NoticeKind[];
    // What a timeout prints: the kinds still missing.
    const missing = async () => {
      const sent = await sentTemplates();
      return every.filter((kind) => !sent.has(kind));
    };
    await until(missing, (left) => left.length === 0, 90_000);
  }, 180_000);

  test('every notice kind went out, and each petitioner notice reached the petitioner', async () => {
    const rows = await system.prisma.notification.findMany({ where: { petition: { number: { in: numbers } } } });
    expect([...(await sentTemplates())].sort()).toEqual(Object.keys(noticeKinds).sort());
    // A petitioner notice that found no address (the petitioner without e-mail) has no recipient to check.
    for (const row of rows.filter((r) => r.status !== 'no-recipient')) {
      const toPetitioner = noticeKinds[row.template as NoticeKind].audience === 'petitioner';
      expect([row.template, row.recipient === person.email]).toEqual([row.template, toPetitioner]);
    }
  });

  test('the reproduction: after an approved extension the department reads no petitioner address in the notification rows', async () => {
    const detail = await system.api(`/api/petitions/${extended}`, { headers: ywc });
    expect(detail.status).toBe(200);
    const templates = detail.body.notifications.map((n: { template: string }) => n.template);
    expect(templates).toEqual(expect.arrayContaining(['assignment', 'extension-request']));
    expect(templates).not.toContain('extension');
    expect(leaks(JSON.stringify(detail.body))).toEqual([]);
    expect(JSON.stringify(detail.body)).not.toContain('queryCode');
    // The 信访办 still sees the whole record, the petitioner's notices included.
    const office = await system.api(`/api/petitions/${extended}`, { headers: intake });
    expect(office.body.notifications.map((n: { template: string }) => n.template)).toEqual(expect.arrayContaining(['acceptance', 'extension', 'reply']));
    expect(JSON.stringify(office.body)).toContain(person.email);
  });

  test('no JSON response to a department or a leader names the petitioner', async () => {
    for (const headers of [ywc, { 'x-staff-id': 'xnk01' }, leader, { 'x-staff-id': 'president' }]) {
      const ledger = await system.api('/api/petitions?pageSize=100', { headers });
      expect([headers, ledger.status]).toEqual([headers, 200]);
      expect(leaks(JSON.stringify(ledger.body))).toEqual([]);
      for (const number of numbers) {
        const detail = await system.api(`/api/petitions/${number}`, { headers });
        if (detail.status === 403) continue; // not this department's petition
        expect([headers, number, detail.status]).toEqual([headers, number, 200]);
        expect([headers, number, leaks(JSON.stringify(detail.body))]).toEqual([headers, number, []]);
      }
    }
    const board = await system.api('/api/supervision/overdue', { headers: leader });
    expect(board.status).toBe(200);
    expect(leaks(JSON.stringify(board.body))).toEqual([]);
    const reports = await system.api('/api/reports', { headers: leader });
    expect(reports.status).toBe(200);
    expect(leaks(JSON.stringify(reports.body))).toEqual([]);
  });

  test('no console page a department user or a leader opens names the petitioner', async () => {
    for (const staffId of ['ywc01', 'leader-med']) {
      const cookie = await signIn(staffId);
      const pages = [`${system.apiUrl}/console/ledger`, ...numbers.map((number) => `${system.apiUrl}/console/petitions/${number}`)];
      if (staffId === 'leader-med') pages.push(`${system.apiUrl}/console/supervision`, `${system.apiUrl}/console/reports`);
      for (const url of pages) {
        const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
        if (response.status === 403) continue; // another department's petition
        expect([url, response.status]).toEqual([url, 200]);
        expect([staffId, url, leaks(await response.text())]).toEqual([staffId, url, []]);
      }
    }
  });

  test('the Excel export a leader downloads names no petitioner', async () => {
    const year = new Date().getFullYear();
    const response = await fetch(`${system.apiUrl}/api/reports/export.xlsx?from=${year - 1}-01-01&to=${year + 1}-12-31`, {
      headers: { authorization: `Bearer ${system.apiToken}`, 'x-staff-id': 'leader-med' },
    });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const cells: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
    expect(cells.length).toBeGreaterThan(0);
    expect(leaks(cells.join('\n'))).toEqual([]);
  });

  test('no mail to a department or a leader names the petitioner, and the pages behind their links do not either', async () => {
    // Staff mail leaves through the outbox, concurrently: wait until every kind below has arrived, in whatever order.
    const wanted = ['交办单', '延期审批（', '督办提醒', '超期督办', '重要信访事项', '办结报告', '办结报告催报', '受理告知书待送达', '复查案卷', '复查期限提醒'];
    const staffMails = await until(
      async () => system.catcher!.messages().filter((m) => numbers.some((number) => m.subject.includes(number)) && !m.to.includes(person.email)),
      (mails) => wanted.every((word) => mails.some((m) => m.subject.includes(word))),
      30_000,
    );
    const kindsSeen = new Set<string>();
    for (const mail of staffMails) {
      expect([mail.subject, leaks(`${mail.subject}\n${mail.text}\n${mail.html}`)]).toEqual([mail.subject, []]);
      kindsSeen.add(mail.subject);
    }
    // Slips, the extension request, reminders, 督办 and the leadership alert are among them.
    for (const word of wanted) expect([word, [...kindsSeen].some((subject) => subject.includes(word))]).toEqual([word, true]);

    const slip = staffMails.find((m) => m.subject.includes(extended) && m.subject.includes('交办单'))!;
    expect(leaks(await page(onSystem(linkIn(slip, '办理入口'))))).toEqual([]);
    // The request (信访事项延期审批（…）), not the decision (…延期审批结果…), carries the 审批入口.
    const approval = staffMails.find((m) => m.subject.includes(extended) && m.subject.includes('延期审批（'))!;
    expect(leaks(await page(onSystem(linkIn(approval, '审批入口'))))).toEqual([]);
    // The authority's review page behind the case file's link.
    const caseFile = staffMails.find((m) => m.subject.includes('复查案卷'))!;
    expect(leaks(await page(onSystem(linkIn(caseFile, '复查办理入口'))))).toEqual([]);

    // The daily report to the leadership lists today's petitions without the person.
    await system.temporal.workflow.execute('dailyReportWorkflow', {
      taskQueue: system.worker.options.taskQueue,
      workflowId: `daily-report-confidentiality-${Date.now()}`,
      args: [{ at: new Date(Date.now() + 60_000).toISOString() }],
    });
    const report = await system.catcher!.waitFor((m) => m.subject.includes('信访日报') && numbers.some((number) => m.text.includes(number)), 15_000);
    expect(leaks(`${report.subject}\n${report.text}\n${report.html}`)).toEqual([]);
  });
});
