/**
 * The 办理期限 sheet both Excel exports carry (the report's and the 台账's): every deadline in the console's words,
 * written once so the two files cannot word a deadline differently.
 */
import type ExcelJS from 'exceljs';
import type { DeadlineSheetRow } from './report-rows';

/** 办理期限: each deadline as the petition page's 期限 table words it (the one model's status, due "YYYY-MM-DD 24:00"). */
export function addDeadlineSheet(workbook: ExcelJS.Workbook, rows: DeadlineSheetRow[]): void {
  const sheet = workbook.addWorksheet('办理期限');
  sheet.columns = [
    { header: '信访编号', key: 'number', width: 16 },
    { header: '办理状态', key: 'status', width: 12 },
    { header: '期限', key: 'deadline', width: 24 },
    { header: '部门', key: 'department', width: 14 },
    { header: '截止时间', key: 'due', width: 18 },
    { header: '期限状态', key: 'deadlineStatus', width: 26 },
  ];
  for (const row of rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
}
