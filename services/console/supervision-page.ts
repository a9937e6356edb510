import type { Request, Response } from 'express';
import { categories, statuses, type Category, type PetitionStatus } from '../../workflows/domain/catalog';
import { formatDue } from '../../workflows/domain/due';
import { deadlineLabel, deadlineStatusText, INTAKE_LABEL } from '../../workflows/domain/overdue';
import { overdueByDepartment } from '../reports/report';
import { loadOverdueItems } from '../reports/petition-facts';
import { loadReportRows } from '../reports/report-rows';
import { csrfTokenOf } from '../auth/middleware';
import { mayRunCommand } from '../auth/roles';
import { commands } from '../petitions/command-catalog';
import { permitted, render, type ConsoleContext } from './context';
import { newFormToken } from './form-token';
import { html, type Html } from './html';
import { actorName, loadDirectory } from './staff-words';

/**
 * 督办: the overdue deadlines of open petitions (the same list as GET /api/supervision/overdue), grouped by who answers
 * for each — 信访办 for a late acceptance decision, the department for 签收, handling and the review answer — and
 * each department's overdue record. Actions from the board, each the command catalog's form posting to the petition's
 * command URL like the petition page's: 催办 (urge: the responsible department's 督办提醒 now), 督办意见 (a link to
 * the petition page's instruct form, leaders) and 包案 (takeOwnership, leaders); a petition already owned names its leader.
 * One set of actions per petition: a petition late at several steps of one department has its rows together and one
 * actions cell spanning them, and 包案 (the petition's, not a department's) appears once on the board.
 */
export async function supervisionPage(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = permitted(req, res, 'supervision');
  if (!principal) return;
  const now = new Date();
  const [items, rows, departments, directory] = await Promise.all([
    loadOverdueItems(context.prisma, now),
    loadReportRows(context.prisma),
    context.prisma.department.findMany({ select: { code: true, name: true } }),
    loadDirectory(context.prisma),
  ]);
  // Who owns each listed petition (包案), from the record store's events.
  const owned = await context.prisma.petitionEvent.findMany({
    where: { type: 'ownership_taken', petitionId: { in: [...new Set(items.map((item) => item.petitionId))] } },
    select: { petitionId: true, actor: true },
  });
  const owners = new Map(owned.map((e) => [e.petitionId, e.actor]));
  const csrf = csrfTokenOf(req) ?? '';
  const mayOwn = mayRunCommand(principal, 'takeOwnership');
  const mayUrge = mayRunCommand(principal, 'urge');
  const mayInstruct = mayRunCommand(principal, 'instruct');
  const boardForm = (number: string, key: 'takeOwnership' | 'urge', fields: Html = html``): Html =>
    html`<form method="post" action="/console/petitions/${number}/${commands[key].slug}" class="inline board-action" data-command="${key}"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="_form" value="${newFormToken()}">${fields}<button type="submit">${commands[key].label}</button></form>`;
  // 包案 is the petition's, not a department's: offered (or its owner named) once on the board, at its first row.
  const ownershipShown = new Set<string>();
  const actions = (item: (typeof items)[number]): Html => {
    const owner = owners.get(item.petitionId);
    const firstOnBoard = !ownershipShown.has(item.number);
    ownershipShown.add(item.number);
    const department = item.responsible.department;
    // 催办 reaches the department that answers for the late step (the 信访办's own late decision has none).
    const urging = mayUrge && department && item.status === 'assigned'
      ? boardForm(item.number, 'urge', html`<input type="hidden" name="department" value="${department}">`)
      : html``;
    // 督办意见 is written on the petition page (its form names the department and takes the text).
    const instructing = mayInstruct && department && item.status === 'assigned'
      ? html` <a class="board-action" href="/console/petitions/${item.number}#form-${commands.instruct.slug}">${commands.instruct.label}</a>`
      : html``;
    if (owner) return html`${urging}${instructing}${firstOnBoard ? html` <span class="owner">包案领导：${actorName(owner, directory)}</span>` : ''}`;
    return html`${urging}${instructing}${mayOwn && firstOnBoard ? boardForm(item.number, 'takeOwnership') : ''}`;
  };
  const names = new Map(departments.map((d) => [d.code, d.name]));
  const byDepartment = overdueByDepartment(rows, now);
  const groups = new Map<string, typeof items>();
  for (const item of items) {
    const code = item.responsible.department;
    const key = code ? names.get(code) ?? code : INTAKE_LABEL;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  // Within a group a petition's late deadlines (e.g. 签收 and 办理) sit together, with one set of actions for them.
  for (const [key, list] of groups) {
    const order = new Map<string, number>();
    list.forEach((item, i) => order.set(item.number, order.get(item.number) ?? i));
    groups.set(key, [...list].sort((a, b) => order.get(a.number)! - order.get(b.number)!));
  }
  const row = (item: (typeof items)[number], i: number, list: typeof items): Html => {
    const first = i === 0 || list[i - 1].number !== item.number;
    const span = first ? list.slice(i).findIndex((other) => other.number !== item.number) : 0;
    const rows = span < 0 ? list.length - i : span;
    return html`<tr class="overdue" data-number="${item.number}" data-stage="${item.responsible.stage}"><td><a href="/console/petitions/${item.number}">${item.number}</a></td><td>${categories[item.category as Category]?.label ?? item.category}</td><td>${statuses[item.status as PetitionStatus] ?? item.status}</td><td>${item.responsible.stageLabel}（${deadlineLabel(item.deadline)}）</td><td>${formatDue(item.deadline.dueAt)}</td><td>${deadlineStatusText(item.deadline, now)}</td>${first ? html`<td class="board-actions" rowspan="${String(rows)}">${actions(item)}</td>` : ''}</tr>`;
  };
  const petitions = new Set(items.map((item) => item.number)).size;
  render(req, res, principal, '超期督办', html`
<section class="card"><h2>当前超期未结（<span id="overdue-open-total">${petitions}</span> 件）</h2>
${items.length === 0 ? html`<p class="muted">目前没有超期未结的信访事项。</p>` : [...groups].map(([party, list]) => html`
<h3 data-responsible="${list[0].responsible.department ?? 'intake'}">${party}（${list.length} 项）</h3>
<table class="board"><thead><tr><th>信访编号</th><th>分类</th><th>状态</th><th>超期环节</th><th>期限</th><th>超期</th><th>督办操作</th></tr></thead><tbody>
${list.map((item, i) => row(item, i, list))}
</tbody></table>`)}
</section>
<section class="card"><h2>各部门超期情况（一岗双责）</h2>
<table id="overdue-by-department"><thead><tr><th>部门</th><th>交办件数</th><th>超期件数</th><th>当前超期未结</th></tr></thead><tbody>
${byDepartment.map((d) => html`<tr><td>${d.name}</td><td>${d.assigned}</td><td>${d.overdue}</td><td>${d.overdueOpen}</td></tr>`)}
</tbody></table>
</section>`);
}
