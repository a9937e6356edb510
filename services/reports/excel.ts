/** The report's Excel workbook (GET /api/reports/export.xlsx): the published tables, the 台账 and the deadlines. */
import ExcelJS from 'exceljs';
import { formatShanghaiDate } from '../../activities/mail/format-date';
import { addLedgerSheet, type LedgerSheetRow } from '../ledger-import/ledger-sheet';
import { rateDefinitions, rateLabels, type Report, type Share } from './report';
import { addDeadlineSheet } from './deadline-sheet';
import type { DeadlineSheetRow } from './report-rows';

function shareSheet(workbook: ExcelJS.Workbook, title: string, dimension: string, rows: Share[]): void {
  const sheet = workbook.addWorksheet(title);
  sheet.columns = [
    { header: dimension, key: 'label', width: 20 },
    { header: '件数', key: 'count', width: 10 },
    { header: '占比', key: 'share', width: 10, style: { numFmt: '0.0%' } },
  ];
  for (const row of rows) sheet.addRow({ label: row.label, count: row.count, share: row.share });
  sheet.addRow({ label: '合计', count: rows.reduce((sum, r) => sum + r.count, 0), share: rows.length ? 1 : 0 });
  sheet.getRow(1).font = { bold: true };
}

function rangeText(report: Report): string {
  const from = report.from ? formatShanghaiDate(new Date(report.from)) : '最早';
  const to = report.to ? formatShanghaiDate(new Date(new Date(report.to).getTime() - 1)) : '至今';
  return `${from} — ${to}`;
}

/**
 * The report as an Excel workbook: one sheet per published table, numbers as numbers so staff can chart them, and,
 * when given, the case-level 台账 sheet in the columns the import reads (services/ledger-import/ledger-sheet.ts) and the
 * 办理期限 sheet (every deadline in the console's words).
 */
export async function reportWorkbook(report: Report, hospitalName: string, ledger?: LedgerSheetRow[], deadlines?: DeadlineSheetRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = hospitalName;
  workbook.created = new Date();
  const summary = workbook.addWorksheet('概览');
  summary.columns = [
    { header: '指标', key: 'label', width: 16 },
    { header: '数值', key: 'value', width: 12 },
    { header: '分子', key: 'numerator', width: 10 },
    { header: '分母', key: 'denominator', width: 10 },
    { header: '口径', key: 'definition', width: 60 },
  ];
  summary.addRow({ label: '统计范围', value: rangeText(report) });
  summary.addRow({ label: '登记件数', value: report.total });
  for (const key of Object.keys(rateLabels) as Array<keyof typeof rateLabels>) {
    const rate = report.rates[key];
    const row = summary.addRow({ label: rateLabels[key], value: rate.rate, numerator: rate.numerator, denominator: rate.denominator, definition: rateDefinitions[key] });
    row.getCell('value').numFmt = '0.0%';
  }
  summary.getRow(1).font = { bold: true };
  shareSheet(workbook, '按内容', '内容分类', report.byContent);
  shareSheet(workbook, '按部门类型', '部门类型', report.byDepartmentKind);
  shareSheet(workbook, '按原因', '原因', report.byCause);
  shareSheet(workbook, '按渠道', '渠道', report.byChannel);
  shareSheet(workbook, '按年度', '年度', report.byYear);
  const overdue = workbook.addWorksheet('超期按部门');
  overdue.columns = [
    { header: '部门代码', key: 'code', width: 10 },
    { header: '部门', key: 'name', width: 16 },
    { header: '交办件数', key: 'assigned', width: 10 },
    { header: '超期件数', key: 'overdue', width: 10 },
    { header: '当前超期未结', key: 'overdueOpen', width: 14 },
  ];
  for (const row of report.overdueByDepartment) overdue.addRow(row);
  overdue.getRow(1).font = { bold: true };
  if (ledger) addLedgerSheet(workbook, ledger);
  if (deadlines) addDeadlineSheet(workbook, deadlines);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
