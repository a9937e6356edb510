import type { Request, Response } from 'express';
import { categories, statuses, type Category, type PetitionStatus } from '../../workflows/domain/catalog';
import { isOpenOverdue, overdueByDepartment } from '../reports/report';
import { loadReportRows } from '../reports/report-rows';
import { permitted, render, type ConsoleContext } from './context';
import { html, shanghaiDateTime, timeLeft } from './html';

/** 督办: petitions past their due time and still open, by department, and each department's overdue record. */
export async function supervisionPage(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = permitted(req, res, 'supervision');
  if (!principal) return;
  const now = new Date();
  const rows = await loadReportRows(context.prisma);
  const open = rows.filter((row) => isOpenOverdue(row, now)).sort((a, b) => (a.dueAt?.getTime() ?? 0) - (b.dueAt?.getTime() ?? 0));
  const byDepartment = overdueByDepartment(rows, now);
  const groups = new Map<string, typeof open>();
  for (const row of open) {
    const key = row.departmentName ?? row.departmentCode ?? '未交办';
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  render(req, res, principal, '超期督办', html`
<section class="card"><h2>当前超期未结（<span id="overdue-open-total">${open.length}</span> 件）</h2>
${open.length === 0 ? html`<p class="muted">目前没有超期未结的信访事项。</p>` : [...groups].map(([department, items]) => html`
<h3>${department}（${items.length} 件）</h3>
<table class="board"><thead><tr><th>信访编号</th><th>分类</th><th>状态</th><th>办理期限</th><th>超期</th></tr></thead><tbody>
${items.map((row) => html`<tr class="overdue"><td><a href="/console/petitions/${row.number}">${row.number}</a></td><td>${categories[row.category as Category]?.label ?? row.category}</td><td>${statuses[row.status as PetitionStatus] ?? row.status}</td><td>${shanghaiDateTime(row.dueAt)}</td><td>${row.dueAt ? timeLeft(row.dueAt, now) : '已超期'}</td></tr>`)}
</tbody></table>`)}
</section>
<section class="card"><h2>各部门超期情况（一岗双责）</h2>
<table id="overdue-by-department"><thead><tr><th>部门</th><th>交办件数</th><th>超期件数</th><th>当前超期未结</th></tr></thead><tbody>
${byDepartment.map((d) => html`<tr><td>${d.name}</td><td>${d.assigned}</td><td>${d.overdue}</td><td>${d.overdueOpen}</td></tr>`)}
</tbody></table>
</section>`);
}
