import type { Request, Response } from 'express';
import { formatRate, rateDefinitions, rateLabels, type Share } from '../reports/report';
import { rangeQuerySchema } from '../reports/range';
import { currentReport } from '../reports/report-routes';
import { permitted, render, type ConsoleContext } from './context';
import { escape, html, raw } from './html';

function shareTable(id: string, title: string, rows: Share[]) {
  return html`<section class="card report-block"><h2>${title}</h2>
<table id="${id}"><thead><tr><th>${title.replace('按', '')}</th><th>件数</th><th>占比</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td>${r.label}</td><td>${r.count}</td><td>${(r.share * 100).toFixed(1)}%</td></tr>`)}
</tbody></table>
<canvas class="chart" data-chart="${id}" height="220"></canvas>
</section>`;
}

/** 统计报表: the published tables with charts (drawn by /console/static/reports.js) and the Excel export. */
export async function reportsPage(_context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = permitted(req, res, 'reports');
  if (!principal) return;
  const parsed = rangeQuerySchema.safeParse(req.query);
  const range = parsed.success ? { from: parsed.data.from || undefined, to: parsed.data.to || undefined } : {};
  const report = await currentReport(_context.prisma, range);
  const query = new URLSearchParams(Object.entries(range).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  const rateKeys = Object.keys(rateLabels) as Array<keyof typeof rateLabels>;
  // Chart data goes in a JSON block (not a script): the page's CSP allows only our own script files.
  const chartData = escape(JSON.stringify({ byContent: report.byContent, byDepartmentKind: report.byDepartmentKind, byCause: report.byCause, byChannel: report.byChannel, byYear: report.byYear, overdueByDepartment: report.overdueByDepartment }));
  render(req, res, principal, '统计报表', html`
<form method="get" action="/console/reports" class="filters">
  <label>收到日期从 <input type="date" name="from" value="${range.from ?? ''}"></label>
  <label>至 <input type="date" name="to" value="${range.to ?? ''}"></label>
  <button type="submit">统计</button>
  <a class="button" id="export-xlsx" href="/api/reports/export.xlsx${query ? `?${query}` : ''}">导出 Excel</a>
</form>
<section class="card"><h2>总体情况（登记 <span id="report-total">${report.total}</span> 件）</h2>
<table id="rates"><thead><tr><th>指标</th><th>数值</th><th>计算</th><th>口径</th></tr></thead><tbody>
${rateKeys.map((key) => html`<tr data-rate="${key}"><td>${rateLabels[key]}</td><td>${formatRate(report.rates[key])}</td><td>${report.rates[key].numerator} / ${report.rates[key].denominator}</td><td class="muted">${rateDefinitions[key]}</td></tr>`)}
</tbody></table></section>
<div class="grid">
${shareTable('byContent', '按内容', report.byContent)}
${shareTable('byDepartmentKind', '按部门类型', report.byDepartmentKind)}
${shareTable('byCause', '按原因', report.byCause)}
${shareTable('byChannel', '按渠道', report.byChannel)}
${shareTable('byYear', '按年度', report.byYear)}
<section class="card report-block"><h2>超期按部门</h2>
<table id="overdueByDepartment"><thead><tr><th>部门</th><th>交办</th><th>超期</th><th>当前超期未结</th></tr></thead><tbody>
${report.overdueByDepartment.map((d) => html`<tr><td>${d.name}</td><td>${d.assigned}</td><td>${d.overdue}</td><td>${d.overdueOpen}</td></tr>`)}
</tbody></table>
<canvas class="chart" data-chart="overdueByDepartment" height="220"></canvas>
</section>
</div>
<div id="report-data" hidden data-report="${raw(chartData)}"></div>`, ['/console/static/chart.umd.js', '/console/static/reports.js']);
}
