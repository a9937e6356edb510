/**
 * Generated 台账 files for the import tests and the benchmark: a few thousand historical rows whose marginals (per
 * year, content group, department type, cause, channel, satisfaction, repeats) the generator counts itself, so the
 * reports can be checked against numbers the system did not compute; and open rows already past their limits.
 */
import ExcelJS from 'exceljs';

export const LEDGER_HEADERS = ['登记号', '收到日期', '来源', '信访人', '联系电话', '人数', '反映内容', '类别', '涉及科室', '科室类型', '原因分类', '处理结果', '办结日期', '满意度', '备注'];

const channelLabels = ['来信', '来电', '来访', '来访', '网上信访', '12345', '电子邮件'] as const;
const channelCodes: Record<(typeof channelLabels)[number], string> = { 来信: 'letter', 来电: 'phone', 来访: 'visit', 网上信访: 'web', 12345: 'hotline_12345', 电子邮件: 'email' };
const groups = ['医疗质量', '服务态度', '管理流程', '经济纠纷', '其他'] as const;
const groupCodes = { 医疗质量: 'medical_quality', 服务态度: 'service_attitude', 管理流程: 'management_process', 经济纠纷: 'economic_dispute', 其他: 'other' } as const;
const departments = [
  { name: '医务处', kind: 'logistics_admin' },
  { name: '心内科', kind: 'inpatient' },
  { name: '检验科', kind: 'medtech' },
  { name: '门诊部', kind: 'outpatient' },
] as const;
const causeLabels = ['医院方面', '患者方面', '外部因素'] as const;
const causeCodes = { 医院方面: 'hospital', 患者方面: 'patient', 外部因素: 'external' } as const;
const satisfactionLabels = ['满意', '基本满意', '不满意', ''] as const;

export interface HistoricalLedger {
  rows: string[][];
  expected: {
    total: number;
    byYear: Record<string, number>;
    byContent: Record<string, number>;
    byDepartmentKind: Record<string, number>;
    byCause: Record<string, number>;
    byChannel: Record<string, number>;
    accepted: number;
    finished: number;
    rated: number;
    satisfied: number;
    repeat: number;
  };
}

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/**
 * `count` closed rows received 2008–2011 (a quarter per year); every 50th is 不予受理, the others 办结 within 19
 * days. Petitioners repeat every 500 rows (by phone), so each of the first 500 is new and every later row a repeat.
 */
export function historicalLedger(count: number, tag = 'H'): HistoricalLedger {
  const expected: HistoricalLedger['expected'] = {
    total: count, byYear: {}, byContent: {}, byDepartmentKind: {}, byCause: {}, byChannel: {}, accepted: 0, finished: 0, rated: 0, satisfied: 0, repeat: 0,
  };
  const rows: string[][] = [];
  for (let i = 0; i < count; i += 1) {
    const year = 2008 + (i % 4);
    const month = 1 + (i % 12);
    const day = 1 + (i % 28);
    const received = new Date(Date.UTC(year, month - 1, day));
    const finished = new Date(received.getTime() + (i % 20) * 86_400_000);
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const channel = channelLabels[i % channelLabels.length];
    const group = groups[Math.floor(i / 3) % groups.length];
    const department = departments[Math.floor(i / 4) % departments.length];
    const cause = i % 10 === 9 ? '' : causeLabels[i % 3];
    const declined = i % 50 === 0;
    const satisfaction = declined ? '' : satisfactionLabels[i % 4];
    const person = i % 500;
    rows.push([
      `${tag}${year}-${String(i).padStart(5, '0')}`, iso(received), channel, `患者${person}`, `1380000${String(person).padStart(4, '0')}`, '1',
      `历史信访事项 ${tag}${i}`, group, department.name, '', cause, declined ? '不予受理' : '已答复并反馈', iso(finished), satisfaction, '',
    ]);
    bump(expected.byYear, String(year));
    bump(expected.byContent, groupCodes[group]);
    bump(expected.byDepartmentKind, declined ? 'unset' : department.kind);
    bump(expected.byCause, cause === '' ? 'unset' : causeCodes[cause]);
    bump(expected.byChannel, channelCodes[channel]);
    if (!declined) {
      expected.accepted += 1;
      expected.finished += 1;
      if (satisfaction !== '') expected.rated += 1;
      if (satisfaction === '满意' || satisfaction === '基本满意') expected.satisfied += 1;
    }
    if (i >= 500) expected.repeat += 1;
  }
  return { rows, expected };
}

/** `count` open rows received `daysAgo` days before `now`, long past the acceptance limit. */
export function overdueOpenLedger(count: number, now: Date, tag = 'O', daysAgo = 60): string[][] {
  const received = new Date(now.getTime() - daysAgo * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  return Array.from({ length: count }, (_, i) => [
    `${tag}-${i + 1}`, received, '来信', '', '', '1', `在办信访事项 ${tag}${i + 1}`, '服务态度', '门诊部', '', '', '', '', '', '导入时在办',
  ]);
}

export async function ledgerXlsx(rows: string[][], headers = LEDGER_HEADERS): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function ledgerCsv(rows: string[][], headers = LEDGER_HEADERS): Buffer {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from(`\ufeff${[headers, ...rows].map((r) => r.map(quote).join(',')).join('\n')}\n`, 'utf8');
}
