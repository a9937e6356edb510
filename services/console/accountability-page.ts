/**
 * 部门考核 in the console (leaders, the president, intake, admin): each department's month — assigned, 签收 on time,
 * replies on time, returns, extensions, overdue by stage, satisfaction — with the score from config/accountability.json
 * and the 红黑榜; every figure links to the petitions behind it (?department=<code>&measure=<figure>).
 * Figures from services/reports/accountability.ts.
 */
import type { Request, Response } from 'express';
import { shanghaiDate } from '../../workflows/domain/shanghai';
import {
  departmentAccounts,
  loadAccountabilitySettings,
  loadAccountPetitions,
  measureLabels,
  redBlackLists,
  type Counted,
  type DepartmentAccount,
  type Measure,
} from '../reports/accountability';
import { formatPercent, parsePeriod, PeriodError } from '../reports/published';
import { permitted, render, type ConsoleContext } from './context';
import { html, type Html } from './html';

const figures = {
  assigned: '交办',
  acknowledgements: '应签收',
  acknowledgedOnTime: '按时签收',
  replies: '应答复',
  repliedOnTime: '按时答复',
  returned: '退单',
  extensionsAsked: '申请延期',
  extensionsGranted: '批准延期',
  overdue: '超期',
  'overdueByStage.acknowledgement': '签收超期',
  'overdueByStage.handling': '办理超期',
  'overdueByStage.reviewAnswer': '复查答复超期',
  rated: '已评价',
  satisfied: '满意',
} as const;
type Figure = keyof typeof figures;

function figureOf(account: DepartmentAccount, figure: Figure): Counted {
  if (figure.startsWith('overdueByStage.')) return account.overdueByStage[figure.slice('overdueByStage.'.length) as keyof DepartmentAccount['overdueByStage']];
  return account[figure as Exclude<Figure, `overdueByStage.${string}`>] as Counted;
}

const rate = (value: number | null) => (value === null ? '—' : formatPercent(Math.round(value * 10_000) / 100));

/** GET /console/accountability?month=YYYY-MM[&department=<code>&measure=<figure>] */
export async function accountabilityPage(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = permitted(req, res, 'reports');
  if (!principal) return;
  const now = new Date();
  const month = typeof req.query.month === 'string' && req.query.month.trim() ? req.query.month.trim().slice(0, 7) : shanghaiDate(now).slice(0, 7);
  let period;
  try {
    if (!/^\d{4}-\d{2}$/.test(month)) throw new PeriodError(`月份格式应为 YYYY-MM，而不是「${month}」`);
    period = parsePeriod(month);
  } catch (error) {
    if (!(error instanceof PeriodError)) throw error;
    res.status(400);
    return render(req, res, principal, '部门考核', html`<p class="flash error" role="alert">${error.message}</p><p><a href="/console/accountability">返回本月</a></p>`);
  }
  const settings = loadAccountabilitySettings();
  const [petitions, departments] = await Promise.all([
    loadAccountPetitions(context.prisma, period.range),
    context.prisma.department.findMany({ select: { code: true, name: true } }),
  ]);
  const accounts = departmentAccounts(petitions, new Map(departments.map((d) => [d.code, d.name])), now, settings);
  const lists = redBlackLists(accounts, settings);
  const link = (account: DepartmentAccount, figure: Figure): Html => {
    const c = figureOf(account, figure);
    return c.count === 0 ? html`0` : html`<a href="/console/accountability?month=${month}&department=${account.code}&measure=${figure}" data-figure="${figure}">${c.count}</a>`;
  };
  const department = typeof req.query.department === 'string' ? accounts.find((a) => a.code === req.query.department) : undefined;
  const measure = typeof req.query.measure === 'string' && req.query.measure in figures ? (req.query.measure as Figure) : undefined;
  const drill = department && measure ? html`<section class="card" id="drill-down"><h2>${department.name} · ${figures[measure]}（${figureOf(department, measure).count} 件）</h2>
<ul>${figureOf(department, measure).numbers.map((n) => html`<li><a href="/console/petitions/${n}">${n}</a></li>`)}</ul></section>` : '';
  const listTable = (id: string, title: string, rows: DepartmentAccount[]) => html`<section class="card report-block"><h2>${title}</h2>
<ol id="${id}">${rows.map((a) => html`<li data-department="${a.code}">${a.name} ${a.score?.toFixed(2) ?? '—'} 分（交办 ${a.assigned.count} 件）</li>`)}</ol>
${rows.length === 0 ? html`<p class="muted">本月无可排名的部门。</p>` : ''}</section>`;
  const measures = Object.keys(measureLabels) as Measure[];
  render(req, res, principal, `部门考核 ${period.label}`, html`
<form method="get" action="/console/accountability" class="filters">
  <label>月份 <input type="month" name="month" value="${month}"></label> <button type="submit">查看</button>
</form>
${drill}
<div class="grid">
${listTable('red-list', '红榜', lists.red)}
${listTable('black-list', '黑榜', lists.black)}
</div>
<section class="card"><h2>各部门考核（按收到月份）</h2>
<table id="accountability"><thead><tr><th>部门</th>${(['assigned', 'acknowledgedOnTime', 'repliedOnTime', 'returned', 'extensionsAsked', 'extensionsGranted', 'overdueByStage.acknowledgement', 'overdueByStage.handling', 'overdueByStage.reviewAnswer', 'satisfied'] as Figure[]).map((f) => html`<th>${figures[f]}</th>`)}${measures.map((m) => html`<th>${measureLabels[m]}</th>`)}<th>得分</th></tr></thead><tbody>
${accounts.map((a) => html`<tr data-department="${a.code}"><td>${a.name}</td><td>${link(a, 'assigned')}</td><td>${link(a, 'acknowledgedOnTime')} / ${link(a, 'acknowledgements')}</td><td>${link(a, 'repliedOnTime')} / ${link(a, 'replies')}</td><td>${link(a, 'returned')}</td><td>${link(a, 'extensionsAsked')}</td><td>${link(a, 'extensionsGranted')}</td><td>${link(a, 'overdueByStage.acknowledgement')}</td><td>${link(a, 'overdueByStage.handling')}</td><td>${link(a, 'overdueByStage.reviewAnswer')}</td><td>${link(a, 'satisfied')} / ${link(a, 'rated')}</td>${measures.map((m) => html`<td>${rate(a.rates[m])}</td>`)}<td class="score">${a.score?.toFixed(2) ?? '—'}</td></tr>`)}
</tbody></table>
<p class="muted">得分 = Σ 权重 × 指标 ÷ Σ 权重（本月无可计的指标不计入）；权重：${measures.map((m) => `${measureLabels[m]} ${settings.weights[m]}`).join('，')}（config/accountability.json）。按时、超期以各环节期限为准（workflows/domain/overdue.ts）。</p>
</section>`);
}
