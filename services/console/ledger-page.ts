import type { Request, Response } from 'express';
import { categories, channels, statuses, type Category, type Channel, type PetitionStatus } from '../../workflows/domain/catalog';
import { ledgerScope } from '../auth/petition-access';
import { listPolicyIds } from '../policies';
import { render, signedIn, type ConsoleContext } from './context';
import { formatDueOrEmpty } from '../../workflows/domain/due';
import { isOverdue, overdueDeadlines, responsibleFor } from '../../workflows/domain/overdue';
import { petitionFactsOf } from '../../workflows/domain/recorded-facts';
import { factColumns } from '../reports/petition-facts';
import { html, options, shanghaiDateTime } from './html';
import { LEDGER_PAGE_SIZE, ledgerFilterSchema, ledgerQueryString, ledgerWhere } from './ledger-query';

/** 台账: every petition the person may see, filtered and paged; overdue as workflows/domain/overdue.ts decides it. */
export async function ledgerPage(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = signedIn(req, res);
  if (!principal) return;
  const parsed = ledgerFilterSchema.safeParse(req.query);
  const filter = parsed.success ? parsed.data : ledgerFilterSchema.parse({});
  const now = new Date();
  const where = { AND: [ledgerScope(principal), ledgerWhere(filter, now)] };
  const select = { number: true, channel: true, category: true, peopleCount: true, policyId: true, ...factColumns } as const;
  const orderBy = [{ year: 'desc' as const }, { seq: 'desc' as const }];
  const skip = (filter.page - 1) * LEDGER_PAGE_SIZE;
  // Overdue is decided per row (workflows/domain/overdue.ts): with that filter the candidates are filtered, then paged.
  const wanted = filter.overdue === 'yes' ? true : filter.overdue === 'no' ? false : undefined;
  const [{ total, rows }, departments] = await Promise.all([
    wanted === undefined
      ? Promise.all([
          context.prisma.petition.count({ where }),
          context.prisma.petition.findMany({ where, orderBy, skip, take: LEDGER_PAGE_SIZE, select }),
        ]).then(([count, page]) => ({ total: count, rows: page }))
      : context.prisma.petition.findMany({ where, orderBy, select }).then((all) => {
          const matching = all.filter((row) => isOverdue(petitionFactsOf(row), now) === wanted);
          return { total: matching.length, rows: matching.slice(skip, skip + LEDGER_PAGE_SIZE) };
        }),
    context.prisma.department.findMany({ orderBy: { code: 'asc' }, select: { code: true, name: true } }),
  ]);
  const departmentName = new Map(departments.map((d) => [d.code, d.name]));
  const pages = Math.max(1, Math.ceil(total / LEDGER_PAGE_SIZE));
  /** "超期（受理）", "超期（办理）" …: the stages overdue now. */
  const overdueText = (row: (typeof rows)[number]) => {
    const stages = [...new Set(overdueDeadlines(petitionFactsOf(row), now).map((d) => responsibleFor(d).stageLabel))];
    return stages.length === 0 ? '' : `超期（${stages.join('、')}）`;
  };
  const any: [string, string] = ['', '全部'];
  render(req, res, principal, '信访台账', html`
<form method="get" action="/console/ledger" class="filters" id="ledger-filters">
  <label>状态 <select name="status">${options([any, ...Object.entries(statuses)], filter.status)}</select></label>
  <label>渠道 <select name="channel">${options([any, ...Object.entries(channels)], filter.channel)}</select></label>
  <label>分类 <select name="category">${options([any, ...Object.entries(categories).map(([k, v]) => [k, v.label] as [string, string])], filter.category)}</select></label>
  <label>承办部门 <select name="department">${options([any, ...departments.map((d) => [d.code, d.name] as [string, string])], filter.department)}</select></label>
  <label>收到日期从 <input type="date" name="from" value="${filter.from ?? ''}"></label>
  <label>至 <input type="date" name="to" value="${filter.to ?? ''}"></label>
  <label>超期 <select name="overdue">${options([any, ['yes', '超期'], ['no', '未超期']], filter.overdue)}</select></label>
  <label>办理规则 <select name="policy">${options([any, ...listPolicyIds().map((id) => [id, id] as [string, string])], filter.policy)}</select></label>
  <button type="submit">筛选</button>
</form>
<p class="count">共 <strong id="ledger-total">${total}</strong> 件，第 ${filter.page} / ${pages} 页</p>
<table class="ledger">
<thead><tr><th>信访编号</th><th>收到时间</th><th>渠道</th><th>分类</th><th>人数</th><th>状态</th><th>承办部门</th><th>办理期限</th><th>超期</th></tr></thead>
<tbody>
${rows.map((row) => ({ row, overdue: overdueText(row) })).map(({ row, overdue }) => html`<tr class="${overdue ? 'overdue' : ''}">
  <td><a href="/console/petitions/${row.number}">${row.number}</a></td>
  <td>${shanghaiDateTime(row.receivedAt)}</td>
  <td>${channels[row.channel as Channel] ?? row.channel}</td>
  <td>${categories[row.category as Category]?.label ?? row.category}</td>
  <td>${row.peopleCount}</td>
  <td>${statuses[row.status as PetitionStatus] ?? row.status}</td>
  <td>${row.leadDepartment ? departmentName.get(row.leadDepartment) ?? row.leadDepartment : ''}</td>
  <td>${formatDueOrEmpty(row.dueAt)}</td>
  <td>${overdue}</td>
</tr>`)}
</tbody>
</table>
<nav class="pages">
${filter.page > 1 ? html`<a href="/console/ledger?${ledgerQueryString(filter, filter.page - 1)}">上一页</a>` : ''}
${filter.page < pages ? html`<a href="/console/ledger?${ledgerQueryString(filter, filter.page + 1)}">下一页</a>` : ''}
</nav>`);
}
