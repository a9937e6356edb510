/**
 * Statistics as hospitals publish them (the seed summaries: tables by year, content, department type, cause and
 * channel with counts and shares, and the rates with their formulas): shares as percentages to two decimals that
 * always add up to 100.00 % (largest remainder), any period (a year, a quarter, a month, a range of dates), and a
 * year-over-year table. Pure functions over the report rows (report.ts, report-rows.ts), so the figures are those
 * of the console's reports and the one definition of 办结 and overdue behind them.
 */
import { DAY_MS } from '../../workflows/domain/shanghai';
import { buildReport, contentGroupOf, inRange, rateDefinitions, rateLabels, type Rate, type Report, type ReportRange, type ReportRow, type Share } from './report';
import { reportGroups } from '../../workflows/domain/catalog';
import { startOfShanghaiDate } from './range';

/**
 * Percentages to two decimals adding up to exactly 100.00 (when anything is counted): each count's share in
 * hundredths of a percent rounded down, the remaining hundredths to the largest remainders (ties: the earlier row).
 */
export function largestRemainderPercentages(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return counts.map(() => 0);
  const units = 10_000;
  const exact = counts.map((n) => (n * units) / total);
  const floors = exact.map(Math.floor);
  let left = units - floors.reduce((sum, n) => sum + n, 0);
  const order = exact.map((value, i) => ({ i, remainder: value - floors[i] })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    floors[i] += 1;
    left -= 1;
  }
  return floors.map((n) => n / 100);
}

export interface PublishedShare extends Share {
  /** Percent to two decimals; a table's percents add up to 100.00. */
  percent: number;
}

export function withPercentages(shares: readonly Share[]): PublishedShare[] {
  const percents = largestRemainderPercentages(shares.map((s) => s.count));
  return shares.map((s, i) => ({ ...s, percent: percents[i] }));
}

export function formatPercent(value: number): string {
  return `${value.toFixed(2)}%`;
}

export interface PublishedRate extends Rate {
  label: string;
  formula: string;
  /** Percent to two decimals, or null when there is nothing to divide by. */
  percent: number | null;
}

export interface Period {
  label: string;
  range: ReportRange;
  /** The query value it was read from (2011, 2011-Q1, 2011-03, 2011-01-01..2011-06-30). */
  value: string;
}

export class PeriodError extends Error {}

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** A period as the hospitals name them: 2011, 2011-Q1 … Q4, 2011-03, or a range 2011-01-01..2011-06-30 (both days included). */
export function parsePeriod(value: string): Period {
  const v = value.trim();
  const day = (y: number, m: number, d = 1) => startOfShanghaiDate(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})$/.exec(v))) {
    const y = Number(match[1]);
    return { value: v, label: `${y}年`, range: { from: day(y, 1), to: day(y + 1, 1) } };
  }
  if ((match = /^(\d{4})-?Q([1-4])$/i.exec(v))) {
    const [y, q] = [Number(match[1]), Number(match[2])];
    return { value: v, label: `${y}年第${'一二三四'[q - 1]}季度`, range: { from: day(y, 3 * q - 2), to: q === 4 ? day(y + 1, 1) : day(y, 3 * q + 1) } };
  }
  if ((match = /^(\d{4})-(\d{2})$/.exec(v))) {
    const [y, m] = [Number(match[1]), Number(match[2])];
    if (m < 1 || m > 12) throw new PeriodError(`月份无效：${v}`);
    return { value: v, label: `${y}年${m}月`, range: { from: day(y, m), to: m === 12 ? day(y + 1, 1) : day(y, m + 1) } };
  }
  if ((match = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(v)) && isoDay.test(match[1]) && isoDay.test(match[2])) {
    const from = startOfShanghaiDate(match[1]);
    const to = new Date(startOfShanghaiDate(match[2]).getTime() + DAY_MS);
    if (to.getTime() <= from.getTime()) throw new PeriodError(`结束日期早于开始日期：${v}`);
    return { value: v, label: `${match[1]} 至 ${match[2]}`, range: { from, to } };
  }
  throw new PeriodError(`无法识别的统计期间「${v}」（应为 2011、2011-Q1、2011-03 或 2011-01-01..2011-06-30）`);
}

export interface PublishedReport {
  period: { value: string; label: string } | null;
  total: number;
  byYear: PublishedShare[];
  byContent: PublishedShare[];
  byDepartmentKind: PublishedShare[];
  byCause: PublishedShare[];
  byChannel: PublishedShare[];
  rates: Record<keyof Report['rates'], PublishedRate>;
}

function publishedRate(key: keyof typeof rateLabels, rate: Rate): PublishedRate {
  return { ...rate, label: rateLabels[key], formula: rateDefinitions[key], percent: rate.rate === null ? null : Math.round(rate.rate * 10_000) / 100 };
}

/** The published tables of one period (all petitions when no period is given). */
export function publishedReport(rows: ReportRow[], period: Period | null, now: Date): PublishedReport {
  const report = buildReport(rows, period?.range ?? {}, now);
  const rates = Object.fromEntries(
    (Object.keys(rateLabels) as Array<keyof typeof rateLabels>).map((key) => [key, publishedRate(key, report.rates[key])]),
  ) as PublishedReport['rates'];
  return {
    period: period ? { value: period.value, label: period.label } : null,
    total: report.total,
    byYear: withPercentages(report.byYear),
    byContent: withPercentages(report.byContent),
    byDepartmentKind: withPercentages(report.byDepartmentKind),
    byCause: withPercentages(report.byCause),
    byChannel: withPercentages(report.byChannel),
    rates,
  };
}

export interface YearRow {
  year: number;
  total: number;
  /** Count per content group (医疗质量, 服务态度, 管理流程, 经济纠纷, 其他). */
  byContent: Record<keyof typeof reportGroups, number>;
  rates: PublishedReport['rates'];
  /** Change of the total against the year before, in percent to two decimals (null for the first year or from 0). */
  change: number | null;
}

/** The year-over-year table (e.g. 2008–2011 like the seeds): one row per year, counted by receipt year. */
export function yearOverYear(rows: ReportRow[], fromYear: number, toYear: number, now: Date): YearRow[] {
  const years: YearRow[] = [];
  for (let year = fromYear; year <= toYear; year += 1) {
    const period = parsePeriod(String(year));
    const inYear = rows.filter((row) => inRange(row, period.range));
    const published = publishedReport(inYear, period, now);
    const byContent = Object.fromEntries(Object.keys(reportGroups).map((g) => [g, 0])) as YearRow['byContent'];
    for (const row of inYear) byContent[contentGroupOf(row.category) as keyof typeof reportGroups] += 1;
    const previous = years[years.length - 1];
    const change = previous && previous.total > 0 ? Math.round(((inYear.length - previous.total) / previous.total) * 10_000) / 100 : null;
    years.push({ year, total: inYear.length, byContent, rates: published.rates, change });
  }
  return years;
}
