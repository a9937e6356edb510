/**
 * 公开统计 (statistics as published) in the console: the tables a hospital publishes for any period (year, quarter,
 * month, range) with counts and shares to two decimals adding to 100.00 %, the rates with their formulas, and the
 * year-over-year table with a chart (drawn by the reports page's own /console/static/reports.js from a JSON block).
 * Figures from services/reports/published.ts over the same rows as 统计报表.
 */
import type { Request, Response } from 'express';
import { reportGroups } from '../../workflows/domain/catalog';
import { shanghaiDayOf, yearOf } from '../../workflows/domain/shanghai';
import { formatPercent, parsePeriod, PeriodError, publishedReport, yearOverYear, type Period, type PublishedRate, type PublishedShare } from '../reports/published';
import { loadReportRows } from '../reports/report-rows';
import { permitted, render, type ConsoleContext } from './context';
import { escape, html, raw } from './html';

const rateText = (rate: PublishedRate) => (rate.percent === null ? '—' : formatPercent(rate.percent));

function table(id: string, title: string, rows: PublishedShare[]) {
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  return html`<section class="card report-block"><h2>${title}</h2>
<table id="${id}"><thead><tr><th>${title.replace('按', '')}</th><th>件数</th><th>占比</th></tr></thead><tbody>
${rows.map((r) => html`<tr data-key="${r.key}"><td>${r.label}</td><td>${r.count}</td><td>${formatPercent(r.percent)}</td></tr>`)}
<tr class="total"><td>合计</td><td>${total}</td><td>${formatPercent(rows.reduce((sum, r) => sum + Math.round(r.percent * 100), 0) / 100)}</td></tr>
</tbody></table>
<canvas class="chart" data-chart="${id}" height="220"></canvas>
</section>`;
}

/** GET /console/published?period=2011|2011-Q1|2011-03|2011-01-01..2011-06-30&fromYear=2008&toYear=2011 */
export async function publishedPage(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = permitted(req, res, 'reports');
  if (!principal) return;
  const now = new Date();
  const thisYear = yearOf(shanghaiDayOf(now));
  const periodText = typeof req.query.period === 'string' ? req.query.period.trim().slice(0, 40) : '';
  const yearParam = (name: string, fallback: number) => {
    const value = Number(req.query[name]);
    return Number.isInteger(value) && value >= 1990 && value <= thisYear + 1 ? value : fallback;
  };
  let period: Period | null = null;
  let error: string | undefined;
  try {
    period = periodText ? parsePeriod(periodText) : null;
  } catch (e) {
    if (!(e instanceof PeriodError)) throw e;
    error = e.message;
  }
  const rows = await loadReportRows(context.prisma);
  const earliest = rows.reduce((min, r) => Math.min(min, r.year), thisYear);
  const toYear = yearParam('toYear', thisYear);
  const fromYear = Math.min(yearParam('fromYear', Math.max(earliest, toYear - 4)), toYear);
  const report = publishedReport(rows, period, now);
  const years = yearOverYear(rows, fromYear, toYear, now);
  const groups = Object.keys(reportGroups) as Array<keyof typeof reportGroups>;
  const rateKeys = Object.keys(report.rates) as Array<keyof typeof report.rates>;
  const chartData = escape(JSON.stringify({
    byContent: report.byContent, byDepartmentKind: report.byDepartmentKind, byCause: report.byCause, byChannel: report.byChannel,
    byYear: years.map((y) => ({ label: `${y.year}年`, count: y.total })),
  }));
  if (error) res.status(400);
  render(req, res, principal, '公开统计', html`
${error ? html`<p class="flash error" role="alert">${error}</p>` : ''}
<form method="get" action="/console/published" class="filters">
  <label>统计期间 <input name="period" value="${periodText}" placeholder="2011、2011-Q1、2011-03 或 2011-01-01..2011-06-30"></label>
  <label>逐年对比 从 <input type="number" name="fromYear" value="${String(fromYear)}" min="1990"></label>
  <label>至 <input type="number" name="toYear" value="${String(toYear)}" min="1990"></label>
  <button type="submit">统计</button>
  <a class="button" href="/console/ledger-import/export.xlsx${periodText && !error ? `?period=${encodeURIComponent(periodText)}` : ''}">导出台账（可重新导入）</a>
</form>
<section class="card"><h2>${report.period?.label ?? '全部'}：登记 <span id="published-total">${report.total}</span> 件</h2>
<table id="published-rates"><thead><tr><th>指标</th><th>数值</th><th>计算</th><th>公式</th></tr></thead><tbody>
${rateKeys.map((key) => html`<tr data-rate="${key}"><td>${report.rates[key].label}</td><td>${rateText(report.rates[key])}</td><td>${report.rates[key].numerator} / ${report.rates[key].denominator}</td><td class="muted">${report.rates[key].formula}</td></tr>`)}
</tbody></table></section>
<div class="grid">
${table('byContent', '按内容', report.byContent)}
${table('byDepartmentKind', '按部门类型', report.byDepartmentKind)}
${table('byCause', '按原因', report.byCause)}
${table('byChannel', '按渠道', report.byChannel)}
</div>
<section class="card"><h2>逐年对比（${fromYear}–${toYear} 年）</h2>
<table id="year-over-year"><thead><tr><th>年度</th><th>登记</th><th>较上年</th>${groups.map((g) => html`<th>${reportGroups[g]}</th>`)}<th>受理率</th><th>办结率</th><th>按期办结率</th><th>满意率</th><th>重访率</th></tr></thead><tbody>
${years.map((y) => html`<tr data-year="${String(y.year)}"><td>${y.year}年</td><td>${y.total}</td><td>${y.change === null ? '—' : `${y.change > 0 ? '+' : ''}${y.change.toFixed(2)}%`}</td>${groups.map((g) => html`<td>${y.byContent[g]}</td>`)}<td>${rateText(y.rates.acceptance)}</td><td>${rateText(y.rates.closed)}</td><td>${rateText(y.rates.onTime)}</td><td>${rateText(y.rates.satisfaction)}</td><td>${rateText(y.rates.repeat)}</td></tr>`)}
</tbody></table>
<canvas class="chart" data-chart="byYear" height="220"></canvas>
</section>
<p class="muted">各表占比按最大余数法保留两位小数，合计恰为 100.00%。按收到日期（北京时间）统计；办结、超期的口径见 workflows/domain/closure.ts 与 overdue.ts。</p>
<div id="report-data" hidden data-report="${raw(chartData)}"></div>`, ['/console/static/chart.umd.js', '/console/static/reports.js']);
}
