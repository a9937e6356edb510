/**
 * Honest statuses in every export (issue 13): the Excel exports' 办理期限 sheet (the report's and the 台账's) and the
 * API's deadline statusLabel say what the console's petition page says for the same petitions, in the one model's
 * words (按期完成 / 逾期完成 / 未办理（已撤销） / 已超期 N 天), due dates as "YYYY-MM-DD 24:00" (or the time of day an
 * assignment set). Read from the xlsx the system produces, on the real system: a handling deadline met late, one
 * overdue, one cancelled by a returned case, acceptances decided on time.
 */
import ExcelJS from 'exceljs';
import { freshPhone } from '../support/petition-steps';
import { sessionOf, TEST_PASSWORD } from '../support/staff-session';
import { useTestSystem } from '../support/system';
import { until } from '../support/until';

jest.setTimeout(180_000);

type Row = [deadline: string, department: string, due: string, status: string];

/** A running deadline's time left moves while the test reads; its status is compared without it. */
const comparable = ([deadline, department, due, status]: Row): string => [deadline, department, due, status.replace(/^计时中（.*）$/, '计时中')].join(' | ');

const unescape = (text: string) => text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

describe('the Excel export and the API word deadline statuses as the console does', () => {
  const system = useTestSystem({ CONSOLE_DEFAULT_PASSWORD: TEST_PASSWORD });
  const asIntake = { 'x-staff-id': 'intake01' };
  let intakeCookie: string;

  beforeAll(async () => {
    intakeCookie = (await sessionOf(system, 'intake01')).cookie;
  });

  /** The petition page's 期限 table, row by row, as staff read it. */
  async function consoleRows(number: string): Promise<Row[]> {
    const page = await (await fetch(`${system.apiUrl}/console/petitions/${number}`, { headers: { cookie: intakeCookie } })).text();
    const table = page.slice(page.indexOf('<table class="deadlines">'), page.indexOf('</table>', page.indexOf('<table class="deadlines">')));
    return [...table.matchAll(/<tr[^>]*>\s*<td>([^<]*)<\/td>\s*<td>([^<]*)<\/td>\s*<td class="due">([^<]*)<\/td>\s*<td class="deadline-status">([^<]*)<\/td>/g)].map(
      (m) => [unescape(m[1]), unescape(m[2]), unescape(m[3]), unescape(m[4])] as Row,
    );
  }

  /** The 办理期限 sheet of an export (the report's by default, or the 台账's), grouped by petition. */
  async function exportedRows(ledger = false): Promise<Map<string, Row[]>> {
    const response = ledger
      ? await fetch(`${system.apiUrl}/console/ledger-import/export.xlsx`, { headers: { cookie: intakeCookie } })
      : await fetch(`${system.apiUrl}/api/reports/export.xlsx`, { headers: { authorization: `Bearer ${system.apiToken}` } });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet('办理期限');
    expect(sheet).toBeDefined();
    const header = (sheet!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['信访编号', '办理状态', '期限', '部门', '截止时间', '期限状态']);
    const rows = new Map<string, Row[]>();
    sheet!.eachRow((row, index) => {
      if (index === 1) return;
      const [number, , deadline, department, due, status] = (row.values as unknown[]).slice(1).map((v) => String(v ?? ''));
      rows.set(number, [...(rows.get(number) ?? []), [deadline, department, due, status]]);
    });
    return rows;
  }

  async function apiRows(number: string): Promise<string[]> {
    const detail = await system.api(`/api/petitions/${number}`, { headers: asIntake });
    return (detail.body.deadlines as Array<{ statusLabel: string }>).map((d) => d.statusLabel.replace(/^计时中（.*）$/, '计时中')).sort();
  }

  async function registerAccepted(content: string): Promise<string> {
    const registered = await system.api('/api/petitions', {
      headers: asIntake,
      body: { channel: 'letter', category: 'medical_quality', petitioner: { name: '赵守时', phone: freshPhone('138') }, content },
    });
    expect(registered.status).toBe(201);
    const number: string = registered.body.number;
    expect((await system.api(`/api/petitions/${number}/accept`, { headers: asIntake, body: {} })).status).toBe(200);
    return number;
  }

  const soon = () => new Date(Date.now() + 3_000).toISOString();
  const handlingStatus = async (number: string, department: string) =>
    (await system.api(`/api/petitions/${number}`, { headers: asIntake })).body.deadlines.find((d: { kind: string; department: string | null; status: string }) => d.kind === 'handling' && d.department === department && d.status !== 'cancelled')?.status;

  test('met late, overdue, cancelled and on time: the same words in the xlsx, the API and on the page', async () => {
    // Replied after its due time: 逾期完成.
    const repliedLate = await registerAccepted('门诊病历复印等待一个月未果');
    expect((await system.api(`/api/petitions/${repliedLate}/assign`, { headers: asIntake, body: { leadDepartment: 'YWC', dueAt: soon() } })).status).toBe(200);
    await until(() => handlingStatus(repliedLate, 'YWC'), (status) => status === 'overdue', 60_000);
    const reply = { department: 'YWC', investigation: '调阅病案室登记', findings: '复印申请漏登', opinion: '补登并加急', result: '已复印并寄出' };
    expect((await system.api(`/api/petitions/${repliedLate}/reply`, { headers: { 'x-staff-id': 'ywc01' }, body: reply })).status).toBe(200);

    // Returned as not theirs (未办理（已撤销）), assigned again and left to run over (已超期 1 天).
    const returnedThenLate = await registerAccepted('护理站夜间呼叫无人应答');
    expect((await system.api(`/api/petitions/${returnedThenLate}/assign`, { headers: asIntake, body: { leadDepartment: 'YWC' } })).status).toBe(200);
    expect((await system.api(`/api/petitions/${returnedThenLate}/return`, { headers: { 'x-staff-id': 'ywc01' }, body: { department: 'YWC', reason: '属于护理部职责' } })).status).toBe(200);
    expect((await system.api(`/api/petitions/${returnedThenLate}/assign`, { headers: asIntake, body: { leadDepartment: 'HLB', dueAt: soon() } })).status).toBe(200);
    await until(() => handlingStatus(returnedThenLate, 'HLB'), (status) => status === 'overdue', 60_000);

    // The export is read from the record store, the page from the workflow: wait until both say the same.
    const numbers = [repliedLate, returnedThenLate];
    const agreed = await until(
      async () => {
        const exported = await exportedRows();
        return Promise.all(numbers.map(async (number) => ({ number, page: await consoleRows(number), sheet: exported.get(number) ?? [], api: await apiRows(number) })));
      },
      (views) => views.every(({ page, sheet }) => page.length > 0 && JSON.stringify(page.map(comparable).sort()) === JSON.stringify(sheet.map(comparable).sort())),
      60_000,
      500,
    );
    for (const { page, sheet, api } of agreed) {
      expect(sheet.map(comparable).sort()).toEqual(page.map(comparable).sort());
      // The API's statusLabel is the same model's word for each deadline.
      expect(api).toEqual(page.map(([, , , status]) => status.replace(/^计时中（.*）$/, '计时中')).sort());
      for (const [, , due] of sheet) expect(due).toMatch(/^\d{4}-\d{2}-\d{2} (24:00|\d{2}:\d{2})$/);
    }
    // The 台账 export carries the same sheet, word for word.
    const ledger = await exportedRows(true);
    for (const { number, sheet } of agreed) expect((ledger.get(number) ?? []).map(comparable).sort()).toEqual(sheet.map(comparable).sort());
    const words = (number: string) => agreed.find((view) => view.number === number)!.sheet.map(([deadline, department, , status]) => `${deadline}|${department}|${status}`);
    expect(words(repliedLate)).toEqual(expect.arrayContaining(['受理期限||按期完成', '办理期限|医务处|逾期完成']));
    expect(words(returnedThenLate)).toEqual(expect.arrayContaining(['受理期限||按期完成', '办理期限|医务处|未办理（已撤销）', '办理期限|护理部|已超期 1 天']));
    // No English or codes in any status or name cell.
    for (const { sheet } of agreed) for (const row of sheet) expect(row.join(' ')).not.toMatch(/[A-Za-z]{2,}/);
    // A period that ends with a day is shown as its last day at 24:00, never the next day's 00:00.
    const acceptance = agreed[0].sheet.find(([deadline]) => deadline === '受理期限')!;
    expect(acceptance[2]).toMatch(/^\d{4}-\d{2}-\d{2} 24:00$/);
  });
});
