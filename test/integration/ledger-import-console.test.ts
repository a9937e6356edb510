/**
 * The console's 台账导入 over HTTP as a browser posts it (multipart/form-data, session cookie, CSRF token): upload →
 * a header the import does not know leaves a required column unmapped → the user maps it → preview without errors
 * → import → found by the hospital's register number; a department may not import; an unreadable file is a 400
 * with the reason, never a 500.
 */
import { useTestSystem, type TestSystem } from '../support/system';
import { ledgerXlsx } from '../support/ledger-files';
import { readLedgerTable } from '../../services/ledger-import/read-table';
import { suggestMapping, validateLedger } from '../../services/ledger-import/validate';

async function login(system: TestSystem, staffId: string): Promise<string> {
  const response = await fetch(`${system.apiUrl}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ staffId, password: 'test-password-123', next: '/console/ledger' }),
  });
  return (response.headers.get('set-cookie') ?? '').split(';')[0];
}

const hidden = (page: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';

describe('console 台账导入', () => {
  const system = useTestSystem();

  async function post(cookie: string, fields: Record<string, string>, file?: { name: string; content: Buffer }) {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    if (file) form.append('file', new Blob([new Uint8Array(file.content)]), file.name);
    const response = await fetch(`${system.apiUrl}/console/ledger-import`, { method: 'POST', headers: { cookie, origin: system.apiUrl }, body: form, redirect: 'manual' });
    return { status: response.status, page: await response.text() };
  }

  test('upload → map an unknown header → preview → import → find by the hospital number', async () => {
    const cookie = await login(system, 'intake01');
    const start = await fetch(`${system.apiUrl}/console/ledger-import`, { headers: { cookie } });
    expect(start.status).toBe(200);
    const startPage = await start.text();
    expect(startPage).toContain('enctype="multipart/form-data"');
    const csrf = hidden(startPage, '_csrf');

    const content = await ledgerXlsx(
      [['HOSP-0001', '2010-06-01', '来信', '王五', '', '1', '门诊排队太久', '服务态度', '门诊部', '', '医院方面', '已答复', '2010-06-10', '满意', '']],
      ['登记号', '收件日', '来源', '信访人', '联系电话', '人数', '反映内容', '类别', '涉及科室', '科室类型', '原因分类', '处理结果', '办结日期', '满意度', '备注'],
    );
    const first = await post(cookie, { _csrf: csrf, step: 'preview' }, { name: '台账.xlsx', content });
    expect(first.status).toBe(200);
    expect(first.page).toContain('缺少必填列「收到日期」');
    expect(first.page).not.toContain('id="confirm-import"');

    const fileData = hidden(first.page, 'fileData');
    expect(Buffer.from(fileData, 'base64').equals(content)).toBe(true);
    const mapping = Object.fromEntries([...first.page.matchAll(/<select name="(map\.[a-zA-Z]+)"[^>]*>([\s\S]*?)<\/select>/g)].map(([, name, opts]) => [name, /<option value="([^"]*)" selected>/.exec(opts)?.[1] ?? '']));
    expect(mapping['map.receivedAt']).toBe('');
    const mapped = await post(cookie, { _csrf: csrf, step: 'preview', fileName: '台账.xlsx', fileData, ...mapping, 'map.receivedAt': '1' });
    expect(mapped.status).toBe(200);
    expect(mapped.page).toMatch(/可导入 <b id="preview-new">1<\/b> 行/);
    expect(mapped.page).toContain('id="confirm-import"');
    expect(await system.prisma.petition.count()).toBe(0);

    const imported = await post(cookie, { _csrf: csrf, step: 'import', fileName: '台账.xlsx', fileData, ...mapping, 'map.receivedAt': '1' });
    expect(imported.status).toBe(200);
    expect(imported.page).toContain('已导入 1 条');
    const petition = await system.prisma.petition.findFirstOrThrow({ where: { externalNumber: 'HOSP-0001' } });
    expect(imported.page).toContain(petition.number);
    const audit = await system.prisma.auditLog.findFirstOrThrow({ where: { action: 'ledger-import', outcome: 'imported' } });
    expect(audit.actor).toBe('staff:intake01');

    const again = await post(cookie, { _csrf: csrf, step: 'preview', fileName: '台账.xlsx', fileData, ...mapping, 'map.receivedAt': '1' });
    expect(again.page).toContain('id="nothing-new"');

    const found = await fetch(`${system.apiUrl}/console/ledger-import/find?no=HOSP-0001`, { headers: { cookie }, redirect: 'manual' });
    expect(found.status).toBe(303);
    expect(found.headers.get('location')).toBe(`/console/petitions/${petition.number}`);
    const missing = await fetch(`${system.apiUrl}/console/ledger-import/find?no=NOPE`, { headers: { cookie } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('未找到医院登记号为「NOPE」的信访事项');

    // The 台账 export in the import's columns reads back as the same row.
    const exported = await fetch(`${system.apiUrl}/console/ledger-import/export.xlsx?period=2010`, { headers: { cookie } });
    expect(exported.status).toBe(200);
    const table = await readLedgerTable(Buffer.from(await exported.arrayBuffer()), 'ledger.xlsx');
    const departments = await system.prisma.department.findMany({ select: { code: true, name: true, kind: true } });
    const back = validateLedger(table, suggestMapping(table.headers), { departments });
    expect(back.errors).toEqual([]);
    expect(back.rows).toMatchObject([{ registerNumber: 'HOSP-0001', petitionerName: '王五', department: 'MZB', state: 'finished', satisfaction: 'satisfied', cause: 'hospital' }]);
  });

  test('a leader sees the published statistics and the 考核 with its drill-down; a department does not', async () => {
    const leader = await login(system, 'leader-med');
    const published = await fetch(`${system.apiUrl}/console/published?period=2010&fromYear=2009&toYear=2010`, { headers: { cookie: leader } });
    expect(published.status).toBe(200);
    const page = await published.text();
    expect(page).toMatch(/id="published-total">1</);
    expect(page).toContain('<tr data-key="service_attitude"><td>服务态度</td><td>1</td><td>100.00%</td></tr>');
    expect(page).toContain('<tr data-year="2010"><td>2010年</td><td>1</td>');
    expect(page).toContain('办结件数 ÷ 受理件数');
    // The leader's 台账 export names no petitioner who did not consent (保守信访秘密).
    const leaderExport = await fetch(`${system.apiUrl}/console/ledger-import/export.xlsx?period=2010`, { headers: { cookie: leader } });
    expect(leaderExport.status).toBe(200);
    const leaderTable = await readLedgerTable(Buffer.from(await leaderExport.arrayBuffer()), 'l.xlsx');
    const leaderRows = validateLedger(leaderTable, suggestMapping(leaderTable.headers), { departments: await system.prisma.department.findMany() });
    expect(leaderRows.rows).toMatchObject([{ registerNumber: 'HOSP-0001', petitionerName: null }]);
    const bad = await fetch(`${system.apiUrl}/console/published?period=%E5%8E%BB%E5%B9%B4`, { headers: { cookie: leader } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('无法识别的统计期间');

    const account = await fetch(`${system.apiUrl}/console/accountability?month=2010-06`, { headers: { cookie: leader } });
    expect(account.status).toBe(200);
    const accountPage = await account.text();
    expect(accountPage).toContain('<tr data-department="MZB">');
    expect(accountPage).toMatch(/id="red-list"><li data-department="MZB">/);
    const petition = await system.prisma.petition.findFirstOrThrow({ where: { externalNumber: 'HOSP-0001' } });
    const drill = await fetch(`${system.apiUrl}/console/accountability?month=2010-06&department=MZB&measure=repliedOnTime`, { headers: { cookie: leader } });
    expect(await drill.text()).toContain(`<a href="/console/petitions/${petition.number}">${petition.number}</a>`);
    expect((await fetch(`${system.apiUrl}/console/accountability?month=2010-13`, { headers: { cookie: leader } })).status).toBe(400);

    const department = await login(system, 'xnk01');
    expect((await fetch(`${system.apiUrl}/console/published`, { headers: { cookie: department } })).status).toBe(403);
    expect((await fetch(`${system.apiUrl}/console/accountability`, { headers: { cookie: department } })).status).toBe(403);
    expect((await fetch(`${system.apiUrl}/console/ledger-import/export.xlsx`, { headers: { cookie: department } })).status).toBe(403);
  });

  test('refusals: no CSRF token, a department, an unreadable file, no file', async () => {
    const before = await system.prisma.petition.count();
    const cookie = await login(system, 'intake01');
    const csrf = hidden(await (await fetch(`${system.apiUrl}/console/ledger-import`, { headers: { cookie } })).text(), '_csrf');
    const content = Buffer.from('收到日期,来源,反映内容,类别\n2010-01-01,来信,x,其他\n');
    expect((await post(cookie, { step: 'preview' }, { name: 'a.csv', content })).status).toBe(403);
    const broken = await post(cookie, { _csrf: csrf, step: 'preview' }, { name: 'a.xlsx', content: Buffer.from('PK not a zip') });
    expect(broken.status).toBe(400);
    expect(broken.page).toContain('无法读取 Excel 文件');
    const empty = await post(cookie, { _csrf: csrf, step: 'preview' });
    expect(empty.status).toBe(400);
    expect(empty.page).toContain('请选择要导入的台账文件');
    const notMultipart = await fetch(`${system.apiUrl}/console/ledger-import`, {
      method: 'POST', headers: { cookie, origin: system.apiUrl, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(notMultipart.status).toBe(400);

    const department = await login(system, 'xnk01');
    expect((await fetch(`${system.apiUrl}/console/ledger-import`, { headers: { cookie: department } })).status).toBe(403);
    expect((await post(department, { step: 'preview' }, { name: 'a.csv', content })).status).toBe(403);
    expect(await system.prisma.petition.count()).toBe(before);
  });
});
