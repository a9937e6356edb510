/**
 * Importing a hospital's 台账 on real PostgreSQL/PGlite, Temporal and SMTP: a generated file of 3,000 historical rows
 * with known marginals imports and every report figure equals the generator's count and share; re-importing it adds
 * nothing and says so; a file with bad rows lists each error and writes no petition; 100 open rows past their
 * acceptance limit start their workflows from their original receipt date, become supervised items, and the
 * leadership gets exactly one summary mail; every attempt is in the audit trail.
 */
import path from 'node:path';
import { listPolicyIds } from '../../services/policies';
import { calendarPinner } from '../../services/petitions/calendar-pin';
import { importLedger, previewLedger, type LedgerImportContext } from '../../services/ledger-import/import';
import { currentReport } from '../../services/reports/report-routes';
import { historicalLedger, ledgerCsv, ledgerXlsx, overdueOpenLedger, LEDGER_HEADERS } from '../support/ledger-files';
import { until } from '../support/until';
import { useTestSystem } from '../support/system';

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
    await until(async () => subjects().length, (n) => n >= 1, 60_000);

    const audit = await system.prisma.auditLog.findMany({ where: { action: 'ledger-import', outcome: 'imported' } });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toBe(actor);
    expect(JSON.parse(audit[0].detail!)).toMatchObject({ fileName: file.fileName, rows: 3000, new: 3000, created: 3000, errors: 0, fileHash: preview.fileHash });
  });

  test('re-importing the same file (or the same rows as CSV) adds nothing and says so', async () => {
    const before = await system.prisma.petition.count();
    const again = await importLedger(context(), { content: await ledgerXlsx(history.rows), fileName: '信访台账2008-2011.xlsx' }, actor);
    expect(again).toMatchObject({ outcome: 'unchanged', newRows: 0, alreadyImported: 3000, created: [] });
    expect(again.message).toBe('该文件的 3000 条记录均已导入过，本次未新增任何记录');
    const asCsv = await importLedger(context(), { content: ledgerCsv(history.rows.slice(0, 10)), fileName: 'part.csv' }, actor);
    expect(asCsv.outcome).toBe('unchanged');
    expect(await system.prisma.petition.count()).toBe(before);
    expect(await system.prisma.auditLog.count({ where: { action: 'ledger-import', outcome: 'unchanged' } })).toBe(2);
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
  });

  test('100 open rows past their acceptance limit start from their receipt date, are supervised, and one summary mail goes out', async () => {
    const mailsBefore = system.catcher!.messages().length;
    const summariesBefore = subjects().length;
    const now = new Date();
    const open = overdueOpenLedger(100, now);
    const outcome = await importLedger(context(), { content: await ledgerXlsx(open, LEDGER_HEADERS), fileName: 'open.xlsx' }, actor);
    expect(outcome).toMatchObject({ outcome: 'imported', started: 100 });
    expect(outcome.created.every((c) => c.state === 'open' && c.overdue)).toBe(true);
    const numbers = outcome.created.map((c) => c.number);
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
    await until(async () => subjects().length, (n) => n === summariesBefore + 1, 60_000);
    const summary = system.catcher!.messages().find((m) => m.subject.includes('在办 100 件、已超期 100 件'));
    expect(summary).toBeDefined();
    expect(summary!.text).toContain('O-1');
    expect(summary!.to).toEqual(expect.arrayContaining(['yuanzhang@hospital.example']));
    // Nothing per row: the only new mail is the summary, and no petition of this import has a notification.
    expect(system.catcher!.messages().length).toBe(mailsBefore + 1);
    expect(await system.prisma.notification.count({ where: { petition: { number: { in: numbers } } } })).toBe(0);
  });
});
