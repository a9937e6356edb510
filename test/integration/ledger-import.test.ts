/**
 * Importing a hospital's 台账 on real PostgreSQL/PGlite, Temporal and SMTP: a generated file of 3,000 historical rows
 * with known marginals imports and every report figure equals the generator's count and share; re-importing it adds
 * nothing and says so; a file with bad rows lists each error and writes no petition; 100 open rows past their
 * acceptance limit (some of them 集体访 or 上级交办) start their workflows from their original receipt date, become
 * supervised items, and the leadership gets exactly one summary mail and no alert per row; every attempt is in the
 * audit trail.
 */
import path from 'node:path';
import { listPolicyIds } from '../../services/policies';
import { calendarPinner } from '../../services/petitions/calendar-pin';
import { importLedger, previewLedger, type LedgerImportContext } from '../../services/ledger-import/import';
import { currentReport } from '../../services/reports/report-routes';
import { historicalLedger, ledgerCsv, ledgerXlsx, overdueOpenLedger, LEDGER_HEADERS } from '../support/ledger-files';
import { until } from '../support/until';
import { petitionWorkflowId } from '../../workflows/ids';
import { useTestSystem } from '../support/system';
import { ledgerWorkbook } from '../../services/ledger-import/ledger-sheet';
import { readLedgerTable } from '../../services/ledger-import/read-table';
import { suggestMapping, validateLedger, type LedgerRow } from '../../services/ledger-import/validate';
import { accountabilityLine, departmentAccounts, loadAccountabilitySettings, loadAccountPetitions } from '../../services/reports/accountability';
import { parsePeriod, publishedReport } from '../../services/reports/published';
import { loadReportRows } from '../../services/reports/report-rows';
import { createDailyReportActivities } from '../../activities/daily-report';
import { createMailer } from '../../activities/mail/mailer';

describe('台账 import', () => {
  const system = useTestSystem();
  const context = (): LedgerImportContext => ({
    prisma: system.prisma,
    temporal: system.temporal,
    taskQueue: system.worker.options.taskQueue,
    defaultPolicy: 'xinfang-2022',
    knownPolicies: new Set(listPolicyIds()),
    calendarSnapshot: calendarPinner([], path.join(__dirname, '../../config/calendar')),
  });
  const actor = 'staff:intake01';
  const history = historicalLedger(3000);
  const subjects = () => (system.catcher?.messages() ?? []).map((m) => m.subject).filter((s) => s.startsWith('台账导入汇总'));

  test('3,000 historical rows import in one go, and the published tables equal the known marginals', async () => {
    const file = { content: await ledgerXlsx(history.rows), fileName: '信访台账2008-2011.xlsx' };
    const preview = await previewLedger(context(), file);
    expect(preview).toMatchObject({ totalRows: 3000, validRows: 3000, newRows: 3000, alreadyImported: 0, errors: [], fileErrors: [] });
    expect(preview.byState).toEqual({ finished: 2940, declined: 60, open: 0 });
    expect(await system.prisma.petition.count()).toBe(0);

    const outcome = await importLedger(context(), file, actor);
    expect(outcome.outcome).toBe('imported');
    expect(outcome.created).toHaveLength(3000);
    expect(outcome.message).toContain('已导入 3000 条');
    expect(await system.prisma.petition.count({ where: { year: { gte: 2008, lte: 2011 } } })).toBe(3000);
    // No workflow, no mail per row: closed rows are records only.
    expect(await system.prisma.petition.count({ where: { status: 'archived', workflowStarted: true } })).toBe(3000);
    expect(await system.prisma.notification.count()).toBe(0);
    // The hospital's number is kept beside the system's and finds the petition.
    const one = await system.prisma.petition.findFirstOrThrow({ where: { externalNumber: 'H2009-00001' } });
    expect(one.number).toMatch(/^XF-2009-\d{6}$/);
    expect(one.receivedAt.toISOString()).toBe('2009-02-01T16:00:00.000Z'); // 2009-02-02 Beijing, as in the file

    const report = await currentReport(system.prisma, { from: '2008-01-01', to: '2011-12-31' });
    const { expected } = history;
    const counts = (shares: Array<{ key: string; count: number }>) => Object.fromEntries(shares.filter((s) => s.count > 0).map((s) => [s.key, s.count]));
    expect(report.total).toBe(expected.total);
    expect(counts(report.byYear)).toEqual(expected.byYear);
    expect(counts(report.byContent)).toEqual(expected.byContent);
    expect(counts(report.byDepartmentKind)).toEqual(expected.byDepartmentKind);
    expect(counts(report.byCause)).toEqual(expected.byCause);
    expect(counts(report.byChannel)).toEqual(expected.byChannel);
    for (const share of report.byContent) expect(share.share).toBeCloseTo((expected.byContent[share.key] ?? 0) / expected.total, 10);
    expect(report.rates.acceptance).toEqual({ numerator: expected.accepted, denominator: expected.total, rate: expected.accepted / expected.total });
    expect(report.rates.closed).toEqual({ numerator: expected.finished, denominator: expected.accepted, rate: 1 });
    expect(report.rates.onTime).toMatchObject({ numerator: expected.finished, denominator: expected.finished });
    expect(report.rates.satisfaction).toEqual({ numerator: expected.satisfied, denominator: expected.rated, rate: expected.satisfied / expected.rated });
    expect(report.rates.repeat).toMatchObject({ numerator: expected.repeat, denominator: expected.total });
    // One summary for the import; its workflow input counts the closed rows instead of listing their numbers.
    await until(async () => subjects(), (s) => s.includes('台账导入汇总：3000 件，其中在办 0 件、已超期 0 件'), 60_000);

    const audit = await system.prisma.auditLog.findMany({ where: { action: 'ledger-import', outcome: 'imported' } });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toBe(actor);
    expect(JSON.parse(audit[0].detail!)).toMatchObject({ fileName: file.fileName, rows: 3000, new: 3000, created: 3000, errors: 0, fileHash: preview.fileHash });
    // Written by the audit trail's one writer, naming the personal data the import wrote.
    expect(audit[0].fields).toEqual(['petitioner.name', 'petitioner.phone', 'content']);
  });

  test('export → import round-trips: the 台账 sheet reads back as the same rows, and importing it adds nothing', async () => {
    const range = parsePeriod('2008-01-01..2011-12-31').range;
    const exported = await ledgerWorkbook(system.prisma, range, '测试医院', () => true);
    const departments = await system.prisma.department.findMany({ select: { code: true, name: true, kind: true } });
    const original = await readLedgerTable(await ledgerXlsx(history.rows), 'a.xlsx');
    const back = await readLedgerTable(exported, 'ledger.xlsx');
    const pick = (rows: LedgerRow[]) => rows
      .map((r) => [r.registerNumber, r.receivedAt.toISOString(), r.channel, r.petitionerName, r.phone, r.content, r.category, r.department, r.cause, r.state, r.finishedAt?.toISOString(), r.satisfaction])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const before = validateLedger(original, suggestMapping(original.headers), { departments });
    const after = validateLedger(back, suggestMapping(back.headers), { departments });
    expect(after.errors).toEqual([]);
    // The export writes the category's own label (医疗质量/医疗纠纷) where the file had the group's; same code.
    expect(pick(after.rows)).toEqual(pick(before.rows));
    const again = await importLedger(context(), { content: exported, fileName: 'ledger.xlsx' }, actor);
    expect(again).toMatchObject({ outcome: 'unchanged', alreadyImported: 3000 });
  });

  test('考核 of one department-month and the published shares of a year, from the imported rows', async () => {
    const month = parsePeriod('2009-02');
    const petitions = await loadAccountPetitions(system.prisma, month.range);
    const departments = await system.prisma.department.findMany({ select: { code: true, name: true } });
    const accounts = departmentAccounts(petitions, new Map(departments.map((d) => [d.code, d.name])), new Date(), loadAccountabilitySettings());
    // The generator: row i is received in 2008 + i % 4, month 1 + i % 12, department floor(i / 4) % 4; every 50th declined.
    const expectedByDepartment: Record<string, number> = {};
    history.rows.forEach((row, i) => {
      if (!row[1].startsWith('2009-02') || i % 50 === 0) return;
      const code = ({ 医务处: 'YWC', 心内科: 'XNK', 检验科: 'JYK', 门诊部: 'MZB' } as Record<string, string>)[row[8]];
      expectedByDepartment[code] = (expectedByDepartment[code] ?? 0) + 1;
    });
    expect(Object.keys(expectedByDepartment)).toHaveLength(4);
    expect(Object.fromEntries(accounts.map((a) => [a.code, a.assigned.count]))).toEqual(expectedByDepartment);
    for (const a of accounts) {
      // Historical replies all came within 19 days: on time, nothing overdue, no returns or extensions.
      expect(a.replies.count).toBe(a.assigned.count);
      expect(a.repliedOnTime.count).toBe(a.assigned.count);
      expect([a.overdue.count, a.returned.count, a.extensionsAsked.count]).toEqual([0, 0, 0]);
    }
    // The daily report of a day in that month carries the 红黑榜 line.
    const mailer = createMailer({ smtpUrl: system.catcher!.smtpUrl, from: '医院信访办公室 <xinfang@hospital.example>' });
    try {
      const daily = createDailyReportActivities({ prisma: system.prisma, mailer, settings: { hospitalName: '测试医院', publicBaseUrl: system.apiUrl }, accountability: (at) => accountabilityLine(system.prisma, at) });
      expect((await daily.sendDailyReport({ at: '2009-02-20T07:00:00.000Z' })).outcome).toBe('sent');
      const mail = await system.catcher!.waitFor((m) => m.subject.includes('信访日报 2009-02-20'), 30_000);
      const best = accounts[0];
      expect(mail.text).toContain(`本月部门考核（2009年2月，截至今日）：红榜 ${best.name} ${best.score!.toFixed(2)}`);
    } finally {
      mailer.close();
    }
    const published = publishedReport(await loadReportRows(system.prisma), parsePeriod('2009'), new Date());
    expect(published.total).toBe(history.expected.byYear['2009']);
    for (const table of [published.byContent, published.byCause, published.byChannel, published.byDepartmentKind]) {
      expect(table.reduce((sum, s) => sum + Math.round(s.percent * 100), 0)).toBe(10_000);
    }
  });

  test('re-importing the same file (or the same rows as CSV) adds nothing and says so', async () => {
    const before = await system.prisma.petition.count();
    const unchangedBefore = await system.prisma.auditLog.count({ where: { action: 'ledger-import', outcome: 'unchanged' } });
    const again = await importLedger(context(), { content: await ledgerXlsx(history.rows), fileName: '信访台账2008-2011.xlsx' }, actor);
    expect(again).toMatchObject({ outcome: 'unchanged', newRows: 0, alreadyImported: 3000, created: [] });
    expect(again.message).toBe('该文件的 3000 条记录均已导入过，本次未新增任何记录');
    const asCsv = await importLedger(context(), { content: ledgerCsv(history.rows.slice(0, 10)), fileName: 'part.csv' }, actor);
    expect(asCsv.outcome).toBe('unchanged');
    expect(await system.prisma.petition.count()).toBe(before);
    expect(await system.prisma.auditLog.count({ where: { action: 'ledger-import', outcome: 'unchanged' } })).toBe(unchangedBefore + 2);
  });

  test('the same file imported twice at once (a double submit) is written once; the other import says nothing was added', async () => {
    const before = await system.prisma.petition.count();
    const rows = historicalLedger(5, 'D').rows;
    const file = { content: await ledgerXlsx(rows), fileName: 'twice.xlsx' };
    const outcomes = await Promise.all([importLedger(context(), file, actor), importLedger(context(), file, actor)]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['imported', 'unchanged']);
    expect(await system.prisma.petition.count()).toBe(before + 5);
  });

    test('a file with bad rows shows each error and writes nothing', async () => {
    const before = { petitions: await system.prisma.petition.count(), events: await system.prisma.petitionEvent.count(), people: await system.prisma.petitioner.count() };
    const rows = [
      ['E-1', '2010-05-01', '来信', '', '', '1', '正常的一行', '其他', '', '', '', '', '', '', ''],
      ['E-2', '2010-05-32', '来信', '', '', '1', '日期错', '其他', '', '', '', '', '', '', ''],
      ['E-3', '2010-05-03', '传真', '', '', '1', '来源错', '火星', '', '', '', '', '', '', ''],
    ];
    const outcome = await importLedger(context(), { content: await ledgerXlsx(rows), fileName: 'bad.xlsx' }, actor);
    expect(outcome.outcome).toBe('refused');
    expect(outcome.errors.map((e) => e.message)).toEqual([
      '行 3，列「收到日期」：无法识别的日期「2010-05-32」（应为 2011-03-01 或 2011年3月1日）',
      '行 4，列「来源」：未知的来源「传真」（如 来信、来电、来访、网上信访、12345）',
      '行 4，列「类别」：未知的类别「火星」（如 医疗质量、服务态度、管理流程、经济纠纷、其他）',
    ]);
    expect(outcome.message).toContain('未导入任何记录');
    expect({ petitions: await system.prisma.petition.count(), events: await system.prisma.petitionEvent.count(), people: await system.prisma.petitioner.count() }).toEqual(before);
    const refused = await system.prisma.auditLog.findFirstOrThrow({ where: { action: 'ledger-import', outcome: 'refused' } });
    expect(JSON.parse(refused.detail!)).toMatchObject({ fileName: 'bad.xlsx', errors: 3, firstErrors: outcome.errors.map((e) => e.message) });
    // Many errors: the trail's row keeps whole JSON (as many first errors as fit), so the import page can read it.
    const many = Array.from({ length: 40 }, (_, i) => [`M-${i}`, '2010-13-45', '传真', '', '', '1', '多处错误的一行', '火星', '', '', '', '', '', '', '']);
    const refusedMany = await importLedger(context(), { content: await ledgerXlsx(many), fileName: 'many.xlsx' }, actor);
    expect(refusedMany.outcome).toBe('refused');
    const manyRow = await system.prisma.auditLog.findFirstOrThrow({ where: { action: 'ledger-import', outcome: 'refused', detail: { contains: 'many.xlsx' } } });
    const manyDetail = JSON.parse(manyRow.detail!) as { errors: number; firstErrors: string[] };
    expect(manyDetail.errors).toBe(120);
    expect(manyDetail.firstErrors.length).toBeGreaterThan(0);
    expect(manyDetail.firstErrors).toEqual(refusedMany.errors.slice(0, manyDetail.firstErrors.length).map((e) => e.message));
  });

  test('100 open rows past their acceptance limit start from their receipt date, are supervised, and one summary mail goes out', async () => {
    const mailsBefore = system.catcher!.messages().length;
    const summariesBefore = subjects().length;
    const now = new Date();
    const open = overdueOpenLedger(100, now);
    // Rows whose workflow decides a leadership alert at start: three 集体访 (6 people), two 上级交办 (越级访).
    for (const row of open.slice(0, 3)) row[5] = '6';
    for (const row of open.slice(3, 5)) row[2] = '上级交办';
    const outcome = await importLedger(context(), { content: await ledgerXlsx(open, LEDGER_HEADERS), fileName: 'open.xlsx' }, actor);
    expect(outcome).toMatchObject({ outcome: 'imported', started: 100 });
    expect(outcome.created.every((c) => c.state === 'open' && c.overdue)).toBe(true);
    const numbers = outcome.created.map((c) => c.number);
    const alerted = outcome.created.filter((c) => c.alerts.length > 0);
    expect(alerted.map((c) => [c.externalNumber, c.alerts]).sort()).toEqual([
      ['O-1', ['collective']], ['O-2', ['collective']], ['O-3', ['collective']], ['O-4', ['levelSkipping']], ['O-5', ['levelSkipping']],
    ]);
    const ids = (await system.prisma.petition.findMany({ where: { number: { in: numbers } }, select: { id: true, receivedAt: true } }));
    expect(new Set(ids.map((p) => p.receivedAt.toISOString())).size).toBe(1);
    expect(now.getTime() - ids[0].receivedAt.getTime()).toBeGreaterThan(50 * 86_400_000);
    // Each workflow counts its acceptance limit from the original receipt: overdue at once, a supervised item.
    await until(
      () => system.prisma.supervision.count({ where: { number: { in: numbers }, status: 'open', deadlineKind: 'acceptance' } }),
      (n) => n === 100,
      240_000,
      1_000,
    );
    await until(() => system.prisma.petition.count({ where: { number: { in: numbers }, overdue: true } }), (n) => n === 100, 120_000, 1_000);
    // This import's summary (an earlier test's summary may still arrive meanwhile on a busy machine: not counted).
    const ours = () => system.catcher!.messages().slice(mailsBefore).filter((m) => m.subject.includes('在办 100 件、已超期 100 件'));
    await until(async () => ours().length, (n) => n >= 1, 60_000);
    expect(subjects().length).toBeGreaterThan(summariesBefore);
    const [summary, ...more] = ours();
    expect(more).toHaveLength(0);
    expect(summary.text).toContain('O-1');
    expect(summary.to).toEqual(expect.arrayContaining(['yuanzhang@hospital.example']));
    // The alerting rows are named in the summary with their reasons, the leadership's only mail about them.
    expect(summary.text).toContain('在办事项中 5 件属重要信访');
    for (const c of alerted) expect(summary.text).toContain(`${c.number}：${c.alerts[0] === 'collective' ? '集体访' : '越级访'}`);
    // Each alerting workflow recorded its alert as covered by this import's summary (patch
    // ledger-import-alert-in-summary) and, once idle, had scheduled no notice of its own.
    for (const c of alerted) {
      const event = await until(
        () => system.prisma.petitionEvent.findFirst({ where: { petition: { number: c.number }, type: 'leadership_alerted' } }),
        (e) => e !== null,
        120_000,
        500,
      );
      expect(event!.payload).toMatchObject({ reasons: c.alerts, ledgerImportId: outcome.importId });
      const handle = system.temporal.workflow.getHandle(petitionWorkflowId(c.number));
      await until(async () => {
        const { raw } = await handle.describe();
        return (raw.pendingActivities?.length ?? 0) === 0 && !raw.pendingWorkflowTask;
      }, (idle) => idle, 120_000, 500);
      const history = await handle.fetchHistory();
      const scheduled = (history.events ?? []).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
      expect(scheduled).not.toContain('sendNotice');
    }
    // Nothing per row: no new mail but import summaries, and no petition of this import has a notification.
    expect(system.catcher!.messages().slice(mailsBefore).filter((m) => !m.subject.startsWith('台账导入汇总'))).toEqual([]);
    expect(await system.prisma.notification.count({ where: { petition: { number: { in: numbers } } } })).toBe(0);
  });
});
