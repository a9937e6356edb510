import { channels, categories, reportGroups, isCategory } from '../../workflows/domain/catalog';
import { blamedDepartments, isOverdue, lateDepartments, type DeadlineFact, type PetitionFacts } from '../../workflows/domain/overdue';
import { petitionFactsOf } from '../../workflows/domain/recorded-facts';
import { causes, departmentKinds, UNASSIGNED_LABEL, UNSET_KEY, UNSET_LABEL } from './vocabulary';

/**
 * The published report tables, as pure functions over petition rows (one row per petition, built by report-rows.ts),
 * so a seeded set with known numbers can be checked exactly.
 */
export interface ReportRow {
  number: string;
  year: number;
  receivedAt: Date;
  channel: string;
  category: string;
  status: string;
  accepted: boolean;
  declined: boolean;
  departmentCode: string | null;
  departmentName: string | null;
  departmentKind: string | null;
  cause: string | null;
  dueAt: Date | null;
  /** 办结: when the written reply was fed back to the petitioner (or the case archived after acceptance). */
  finishedAt: Date | null;
  satisfaction: string | null;
  /** The workflow marked it overdue at some point. */
  overdueFlag: boolean;
  /** 重访: the same petitioner had petitioned before. */
  repeat: boolean;
  /** The workflow's deadlines (Petition.deadlines); rows without them are described from the columns above. */
  deadlines?: DeadlineFact[];
  /** When the petition was closed (declined or archived). */
  closedAt?: Date | null;
  /** Names of the other departments named in `deadlines` (cooperating departments). */
  departmentNames?: Record<string, string>;
}

export interface Share {
  key: string;
  label: string;
  count: number;
  share: number;
}

export interface Rate {
  numerator: number;
  denominator: number;
  /** null when there is nothing to divide by. */
  rate: number | null;
}

export interface DepartmentOverdue {
  code: string;
  name: string;
  assigned: number;
  overdue: number;
  overdueOpen: number;
}

export interface Report {
  from: string | null;
  to: string | null;
  total: number;
  byContent: Share[];
  byDepartmentKind: Share[];
  byCause: Share[];
  byChannel: Share[];
  byYear: Share[];
  rates: {
    acceptance: Rate;
    onTime: Rate;
    closed: Rate;
    satisfaction: Rate;
    repeat: Rate;
  };
  overdueByDepartment: DepartmentOverdue[];
}

export const rateLabels = {
  acceptance: '受理率',
  onTime: '按期办结率',
  closed: '办结率',
  satisfaction: '满意率',
  repeat: '重访率',
} as const;

export const rateDefinitions = {
  acceptance: '受理件数 ÷ 登记件数',
  onTime: '按期办结件数（办结时间不晚于办理期限）÷ 办结件数',
  closed: '办结件数 ÷ 受理件数',
  satisfaction: '（满意 + 基本满意）÷ 已评价件数',
  repeat: '同一信访人此前已有信访的件数 ÷ 登记件数',
} as const;

function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, rate: denominator === 0 ? null : numerator / denominator };
}

/** Counts per key in the order of `labels` (then any unknown keys), with shares of the total. */
function shares(rows: ReportRow[], keyOf: (row: ReportRow) => string, labels: Record<string, string>): Share[] {
  const counts = new Map<string, number>(Object.keys(labels).map((key) => [key, 0]));
  for (const row of rows) {
    const key = keyOf(row);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => ({ key, label: labels[key] ?? key, count, share: rows.length === 0 ? 0 : count / rows.length }));
}

/** 办结: accepted and finished (workflows/domain/closure.ts; report-rows.ts sets finishedAt from it). */
export function isFinishedRow(row: ReportRow): boolean {
  return row.accepted && !row.declined && row.finishedAt !== null;
}

export function isOnTime(row: ReportRow): boolean {
  return isFinishedRow(row) && (row.dueAt === null || row.finishedAt!.getTime() <= row.dueAt.getTime());
}

/** The row's overdue facts (workflows/domain/overdue.ts decides from them). */
export function factsOfRow(row: ReportRow): PetitionFacts {
  return petitionFactsOf({
    status: row.status,
    leadDepartment: row.departmentCode,
    dueAt: row.dueAt,
    overdue: row.overdueFlag,
    finishedAt: row.finishedAt,
    closedAt: row.closedAt ?? null,
    receivedAt: row.receivedAt,
    deadlines: row.deadlines,
  });
}

/** Overdue now: the one definition (workflows/domain/overdue.ts isOverdue). */
export function isOpenOverdue(row: ReportRow, now: Date): boolean {
  return isOverdue(factsOfRow(row), now);
}

export function contentGroupOf(category: string): string {
  return isCategory(category) ? categories[category].reportGroup : 'other';
}

const ratedLevels = new Set(['satisfied', 'basically_satisfied', 'unsatisfied']);
const satisfiedLevels = new Set(['satisfied', 'basically_satisfied']);

/**
 * Each department's record (一岗双责): petitions it was assigned, those where it was late with its own deadline at
 * some point (签收, handling, review answer — never the acceptance decision, made before the case reached it), and
 * those where it is overdue now.
 */
export function overdueByDepartment(rows: ReportRow[], now: Date): DepartmentOverdue[] {
  const byCode = new Map<string, DepartmentOverdue>();
  const entry = (code: string, row: ReportRow) => {
    const name = code === row.departmentCode ? row.departmentName ?? code : row.departmentNames?.[code] ?? code;
    const found = byCode.get(code) ?? { code, name, assigned: 0, overdue: 0, overdueOpen: 0 };
    byCode.set(code, found);
    return found;
  };
  for (const row of rows) {
    const facts = factsOfRow(row);
    const involved = new Set([...(row.departmentCode ? [row.departmentCode] : []), ...facts.deadlines.flatMap((d) => d.department ?? [])]);
    for (const code of involved) entry(code, row).assigned += 1;
    for (const code of lateDepartments(facts, now)) entry(code, row).overdue += 1;
    for (const code of blamedDepartments(facts, now)) entry(code, row).overdueOpen += 1;
  }
  return [...byCode.values()].sort((a, b) => b.overdue - a.overdue || b.overdueOpen - a.overdueOpen || a.code.localeCompare(b.code));
}

export interface ReportRange {
  /** Inclusive lower bound on receipt. */
  from?: Date;
  /** Exclusive upper bound on receipt. */
  to?: Date;
}

export function inRange(row: ReportRow, range: ReportRange): boolean {
  const at = row.receivedAt.getTime();
  return (!range.from || at >= range.from.getTime()) && (!range.to || at < range.to.getTime());
}

export function buildReport(allRows: ReportRow[], range: ReportRange, now: Date): Report {
  const rows = allRows.filter((row) => inRange(row, range));
  const accepted = rows.filter((row) => row.accepted && !row.declined);
  const closed = rows.filter(isFinishedRow);
  const rated = rows.filter((row) => row.satisfaction !== null && ratedLevels.has(row.satisfaction));
  const years = [...new Set(rows.map((row) => row.year))].sort((a, b) => a - b);
  return {
    from: range.from?.toISOString() ?? null,
    to: range.to?.toISOString() ?? null,
    total: rows.length,
    byContent: shares(rows, (row) => contentGroupOf(row.category), reportGroups),
    byDepartmentKind: shares(rows, (row) => row.departmentKind ?? UNSET_KEY, { ...departmentKinds, [UNSET_KEY]: UNASSIGNED_LABEL }),
    byCause: shares(rows, (row) => row.cause ?? UNSET_KEY, { ...causes, [UNSET_KEY]: UNSET_LABEL }),
    byChannel: shares(rows, (row) => row.channel, channels),
    byYear: shares(rows, (row) => String(row.year), Object.fromEntries(years.map((y) => [String(y), `${y}年`]))),
    rates: {
      acceptance: rate(accepted.length, rows.length),
      onTime: rate(closed.filter(isOnTime).length, closed.length),
      closed: rate(closed.length, accepted.length),
      satisfaction: rate(rated.filter((row) => satisfiedLevels.has(row.satisfaction!)).length, rated.length),
      repeat: rate(rows.filter((row) => row.repeat).length, rows.length),
    },
    overdueByDepartment: overdueByDepartment(rows, now),
  };
}

/** Marks every petition whose petitioner (by any identifying key) had petitioned earlier. */
export function markRepeats<T extends { receivedAt: Date; number: string; petitionerKeys: string[] }>(rows: T[]): Array<T & { repeat: boolean }> {
  const ordered = [...rows].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.number.localeCompare(b.number));
  const seen = new Set<string>();
  const repeats = new Set<string>();
  for (const row of ordered) {
    if (row.petitionerKeys.some((key) => seen.has(key))) repeats.add(row.number);
    for (const key of row.petitionerKeys) seen.add(key);
  }
  return rows.map((row) => ({ ...row, repeat: repeats.has(row.number) }));
}

export function formatRate(value: Rate): string {
  return value.rate === null ? '—' : `${(value.rate * 100).toFixed(1)}%`;
}
