/**
 * From a read table to validated ledger rows: the column mapping (recognised from the usual Chinese headers, then
 * corrected by the user), and each row checked with its problems reported as 「行 N，列「X」：原因」. Pure: the
 * preview and the import call the same function, so what the preview shows is what the import writes.
 */
import { createHash } from 'node:crypto';
import type { Category, Channel, Satisfaction } from '../../workflows/domain/catalog';
import type { Cause } from '../reports/vocabulary';
import {
  categoryOf,
  causeOf,
  channelOf,
  departmentKindOf,
  isDeclinedOutcome,
  ledgerFieldKeys,
  ledgerFields,
  normaliseHeader,
  satisfactionOf,
  type DepartmentKind,
  type LedgerField,
} from './columns';
import type { Cell, LedgerTable } from './read-table';

/** Field → column index in the table (absent: the file has no such column). */
export type ColumnMapping = Partial<Record<LedgerField, number>>;

/** Each field's column by its header: an exact known header first, then a header containing one. */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const normalised = headers.map(normaliseHeader);
  const mapping: ColumnMapping = {};
  const taken = new Set<number>();
  for (const pass of ['exact', 'contains'] as const) {
    for (const field of ledgerFieldKeys) {
      if (mapping[field] !== undefined) continue;
      for (const alias of ledgerFields[field].headers.map(normaliseHeader)) {
        const index = normalised.findIndex((h, i) => !taken.has(i) && h !== '' && (pass === 'exact' ? h === alias : h.includes(alias)));
        if (index >= 0) {
          mapping[field] = index;
          taken.add(index);
          break;
        }
      }
    }
  }
  return mapping;
}

export interface Department {
  code: string;
  name: string;
  kind: string;
}

export interface LedgerRow {
  /** The row number in the file. */
  line: number;
  /** Stable across imports of the same ledger: the hospital's register number, else the row's own facts. */
  key: string;
  registerNumber: string | null;
  receivedAt: Date;
  channel: Channel;
  petitionerName: string | null;
  phone: string | null;
  peopleCount: number;
  content: string;
  category: Category;
  department: string | null;
  cause: Cause | null;
  outcome: string | null;
  finishedAt: Date | null;
  satisfaction: Satisfaction | null;
  note: string | null;
  /** open: still being handled (its workflow starts); finished: 办结; declined: 不予受理. */
  state: 'open' | 'finished' | 'declined';
}

export interface RowError {
  line: number;
  column: string;
  reason: string;
  /** 行 N，列「X」：原因 */
  message: string;
}

export interface ValidationResult {
  rows: LedgerRow[];
  errors: RowError[];
  /** Problems with the file as a whole (a required column missing from the mapping). */
  fileErrors: string[];
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A wall-clock Beijing time to its instant; undefined for an impossible date (2月30日). */
function shanghaiInstant(y: number, m: number, d: number, hh = 0, mm = 0, ss = 0): Date | undefined {
  const wall = Date.UTC(y, m - 1, d, hh, mm, ss);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d || hh > 23 || mm > 59 || ss > 59) return undefined;
  return new Date(wall - SHANGHAI_OFFSET_MS);
}

/**
 * A ledger date as Beijing time: an Excel date cell (exceljs gives the wall time as UTC), an Excel serial number,
 * or text like 2011-03-01, 2011/3/1, 2011.3.1, 2011年3月1日, 20110301, each optionally with HH:MM[:SS].
 */
export function parseLedgerDate(cell: Cell): Date | undefined {
  if (cell === null || cell === '') return undefined;
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return undefined;
    return new Date(cell.getTime() - SHANGHAI_OFFSET_MS);
  }
  if (typeof cell === 'number') {
    if (cell < 1 || cell > 100_000) return undefined;
    return new Date(Math.round(EXCEL_EPOCH_MS + cell * 86_400_000) - SHANGHAI_OFFSET_MS);
  }
  const text = String(cell).trim();
  const match =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}))?秒?)?$/.exec(text) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [y, m, d, hh, mm, ss] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  return shanghaiInstant(y, m, d, hh, mm, ss);
}

function text(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  return String(cell).trim();
}

export function rowKey(registerNumber: string | null, facts: { receivedAt: Date; petitionerName: string | null; phone: string | null; content: string }): string {
  if (registerNumber) return `ledger:no:${registerNumber}`;
  const digest = createHash('sha256')
    .update([facts.receivedAt.toISOString().slice(0, 10), facts.petitionerName ?? '', facts.phone ?? '', facts.content].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
  return `ledger:row:${digest}`;
}

export interface ValidateOptions {
  departments: readonly Department[];
  now?: Date;
}

/** Checks every row against the mapping; a row is kept only when it has no error. */
export function validateLedger(table: LedgerTable, mapping: ColumnMapping, options: ValidateOptions): ValidationResult {
  const now = options.now ?? new Date();
  const fileErrors: string[] = [];
  for (const field of ledgerFieldKeys) {
    const column = mapping[field];
    if (column !== undefined && (column < 0 || column >= Math.max(table.headers.length, 1))) fileErrors.push(`列映射「${ledgerFields[field].label}」指向不存在的列`);
    if (ledgerFields[field].required && column === undefined) {
      fileErrors.push(`缺少必填列「${ledgerFields[field].label}」（表头可写作：${ledgerFields[field].headers.join('、')}；也可在列映射中指定）`);
    }
  }
  if (fileErrors.length > 0) return { rows: [], errors: [], fileErrors };

  const byName = new Map<string, Department>();
  for (const d of options.departments) {
    byName.set(d.code.toUpperCase(), d);
    byName.set(d.name.replace(/\s/g, ''), d);
  }
  const headerOf = (field: LedgerField) => table.headers[mapping[field]!] || ledgerFields[field].label;
  const rows: LedgerRow[] = [];
  const errors: RowError[] = [];
  const seenKeys = new Map<string, number>();

  for (const { line, cells } of table.rows) {
    const raw = (field: LedgerField): Cell => (mapping[field] === undefined ? null : cells[mapping[field]!] ?? null);
    const value = (field: LedgerField) => text(raw(field));
    const rowErrors: RowError[] = [];
    const fail = (field: LedgerField, reason: string) => {
      const column = headerOf(field);
      rowErrors.push({ line, column, reason, message: `行 ${line}，列「${column}」：${reason}` });
    };
    if (ledgerFieldKeys.every((field) => value(field) === '')) continue;

    const required = (field: LedgerField): string | undefined => {
      const v = value(field);
      if (v === '') fail(field, '必填项为空');
      return v === '' ? undefined : v;
    };
    const maxLength = (field: LedgerField, limit: number): string | null => {
      const v = value(field);
      if (v.length > limit) fail(field, `超过 ${limit} 个字符`);
      return v === '' ? null : v;
    };

    const registerNumber = maxLength('registerNumber', 64);
    let receivedAt: Date | undefined;
    if (required('receivedAt') !== undefined) {
      receivedAt = parseLedgerDate(raw('receivedAt'));
      if (!receivedAt) fail('receivedAt', `无法识别的日期「${value('receivedAt')}」（应为 2011-03-01 或 2011年3月1日）`);
      else if (receivedAt.getTime() > now.getTime() + 60_000) fail('receivedAt', '收到日期不能晚于今天');
      else if (receivedAt.getUTCFullYear() < 1990) fail('receivedAt', '收到日期早于 1990 年');
    }
    const channelText = required('channel');
    const channel = channelText === undefined ? undefined : channelOf(channelText);
    if (channelText !== undefined && !channel) fail('channel', `未知的来源「${channelText}」（如 来信、来电、来访、网上信访、12345）`);
    const petitionerName = maxLength('petitionerName', 100);
    const phone = maxLength('phone', 30);
    if (phone && !/^[0-9+\-() ]{5,30}$/.test(phone)) fail('phone', `电话号码格式无效「${phone}」`);
    let peopleCount = 1;
    if (value('peopleCount') !== '') {
      const n = Number(value('peopleCount').replace(/人$/, ''));
      if (!Number.isInteger(n) || n < 1 || n > 100_000) fail('peopleCount', `人数应为 1 以上的整数，而不是「${value('peopleCount')}」`);
      else peopleCount = n;
    }
    const content = required('content');
    if (content && content.length > 20_000) fail('content', '超过 20000 个字符');
    const categoryText = required('category');
    const category = categoryText === undefined ? undefined : categoryOf(categoryText);
    if (categoryText !== undefined && !category) fail('category', `未知的类别「${categoryText}」（如 医疗质量、服务态度、管理流程、经济纠纷、其他）`);
    let department: Department | undefined;
    if (value('department') !== '') {
      department = byName.get(value('department').replace(/\s/g, '')) ?? byName.get(value('department').toUpperCase());
      if (!department) fail('department', `未知的科室「${value('department')}」（请先在医院配置中添加，或改为已有科室名称）`);
    }
    if (value('departmentKind') !== '') {
      const kind: DepartmentKind | undefined = departmentKindOf(value('departmentKind'));
      if (!kind) fail('departmentKind', `未知的科室类型「${value('departmentKind')}」（住院科室、医技部门、门诊部、后勤/行政）`);
      else if (department && department.kind !== kind) fail('departmentKind', `与配置中「${department.name}」的科室类型不符`);
    }
    const causeText = value('cause');
    const cause = causeText === '' ? null : causeOf(causeText) ?? null;
    if (causeText !== '' && !cause) fail('cause', `未知的原因分类「${causeText}」（医院方面、患者方面、外部因素、其他）`);
    const outcome = maxLength('outcome', 20_000);
    let finishedAt: Date | null = null;
    if (value('finishedAt') !== '') {
      finishedAt = parseLedgerDate(raw('finishedAt')) ?? null;
      if (!finishedAt) fail('finishedAt', `无法识别的日期「${value('finishedAt')}」`);
      else if (finishedAt.getTime() > now.getTime() + 60_000) fail('finishedAt', '办结日期不能晚于今天');
      else if (receivedAt && finishedAt.getTime() < receivedAt.getTime()) {
        // A date-only 办结日期 on the day of receipt is the end of that day, not before the receipt time.
        if (finishedAt.getTime() + 86_400_000 <= receivedAt.getTime()) fail('finishedAt', '办结日期早于收到日期');
        else finishedAt = receivedAt;
      }
    }
    const satisfactionText = value('satisfaction');
    const satisfaction = satisfactionText === '' ? null : satisfactionOf(satisfactionText) ?? null;
    if (satisfactionText !== '' && !satisfaction) fail('satisfaction', `未知的满意度「${satisfactionText}」（满意、基本满意、不满意、未评价）`);
    const note = maxLength('note', 2_000);
    const declined = outcome !== null && isDeclinedOutcome(outcome);
    if (declined && value('finishedAt') === '') fail('finishedAt', '不予受理的事项须填写办结日期（作出决定的日期）');
    if (!finishedAt && satisfaction && satisfaction !== 'unknown' && rowErrors.length === 0) fail('satisfaction', '未办结的事项不能有满意度评价');

    if (rowErrors.length > 0 || !receivedAt || !channel || !content || !category) {
      errors.push(...rowErrors);
      continue;
    }
    const key = rowKey(registerNumber, { receivedAt, petitionerName, phone, content });
    const earlier = seenKeys.get(key);
    if (earlier !== undefined) {
      const reason = registerNumber ? `登记号与行 ${earlier} 重复` : `与行 ${earlier} 重复（无登记号时按收到日期、信访人、电话和内容识别）`;
      const column = registerNumber ? headerOf('registerNumber') : headerOf('content');
      errors.push({ line, column, reason, message: `行 ${line}，列「${column}」：${reason}` });
      continue;
    }
    seenKeys.set(key, line);
    rows.push({
      line, key, registerNumber, receivedAt, channel, petitionerName, phone, peopleCount, content, category,
      department: department?.code ?? null, cause, outcome, finishedAt, satisfaction, note,
      state: finishedAt ? (declined ? 'declined' : 'finished') : 'open',
    });
  }
  return { rows, errors, fileErrors };
}
