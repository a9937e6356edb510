import type { Request, Response } from 'express';
import { categories, channels, statuses, type Category, type Channel, type PetitionStatus } from '../../workflows/domain/catalog';
import { ledgerScope, seesPetitionerIdentity } from '../auth/petition-access';
import { policyTitles } from './staff-words';
import { auditRequest } from '../audit/audit-trail';
import { render, signedIn, type ConsoleContext } from './context';
import { formatDueOrEmpty } from '../../workflows/domain/due';
import { deadlineStatusText, isOverdue, overdueDeadlines, responsibleFor } from '../../workflows/domain/overdue';
import { petitionFactsOf } from '../../workflows/domain/recorded-facts';
import { factColumns } from '../reports/petition-facts';
import { html, options, shanghaiDateTime } from './html';
import { LEDGER_PAGE_SIZE, ledgerFilterSchema, ledgerQueryString, ledgerWhere } from './ledger-query';

/**
 * 台账: every petition the person may see, searched (number, keyword, department; name and phone for the 信访办),
 * filtered and paged; overdue as workflows/domain/overdue.ts decides it. The 信访办 sees the petitioner's name and
 * phone in a column of their own; everyone sees a summary of the matter.
 */
export async function ledgerPage(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = signedIn(req, res);
  if (!principal) return;
  const parsed = ledgerFilterSchema.safeParse(req.query);
  const filter = parsed.success ? parsed.data : ledgerFilterSchema.parse({});
  const now = new Date();
  // Personal data only to the roles that see the petitioner regardless of consent (the 信访办).
  const personal = seesPetitionerIdentity(principal);
  const where = { AND: [ledgerScope(principal), ledgerWhere(filter, now, personal)] };
  const select = {
    number: true, channel: true, category: true, peopleCount: true, policyId: true, content: true, anonymous: true, externalNumber: true,
    petitioner: { select: { name: true, phone: true } }, ...factColumns,
  } as const;
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
  // Names and phones on screen are a view of personal data: on the audit trail (services/audit), with the rows shown.
  if (personal && rows.length > 0) {
    await auditRequest(context.prisma, req, {
      action: 'ledger.view', outcome: 'ok', fields: ['petitioner.name', 'petitioner.phone', 'content'], detail: rows.map((r) => r.number).join(' ').slice(0, 2000),
    });
  }
  const pages = Math.max(1, Math.ceil(total / LEDGER_PAGE_SIZE));
  /** "已超期 3 天（办理）" …: the stages overdue now, counted from the earliest. */
  const overdueText = (row: (typeof rows)[number]) => {
    const late = overdueDeadlines(petitionFactsOf(row), now);
    if (late.length === 0) return '';
    const stages = [...new Set(late.map((d) => responsibleFor(d).stageLabel))];
    const earliest = late.reduce((a, b) => (Date.parse(a.dueAt) <= Date.parse(b.dueAt) ? a : b));
    return `${deadlineStatusText(earliest, now)}（${stages.join('、')}）`;
  };
  const summary = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
  const any: [string, string] = ['', '全部'];
  render(req, res, principal, '信访台账', html`
<form method="get" action="/console/ledger" class="filters" id="ledger-filters">
  <label>信访编号 <input name="number" value="${filter.number ?? ''}" size="14"></label>
  ${personal ? html`<label>信访人姓名 <input name="name" value="${filter.name ?? ''}" size="8"></label>
  <label>电话 <input name="phone" value="${filter.phone ?? ''}" size="12"></label>` : ''}
  <label>关键词 <input name="keyword" value="${filter.keyword ?? ''}" size="14"></label>
  <label>状态 <select name="status">${options([any, ...Object.entries(statuses)], filter.status)}</select></label>
  <label>渠道 <select name="channel">${options([any, ...Object.entries(channels)], filter.channel)}</select></label>
  <label>分类 <select name="category">${options([any, ...Object.entries(categories).map(([k, v]) => [k, v.label] as [string, string])], filter.category)}</select></label>
  <label>承办部门 <select name="department">${options([any, ...departments.map((d) => [d.code, d.name] as [string, string])], filter.department)}</select></label>
  <label>收到日期从 <input type="date" name="from" value="${filter.from ?? ''}"></label>
  <label>至 <input type="date" name="to" value="${filter.to ?? ''}"></label>
  <label>超期 <select name="overdue">${options([any, ['yes', '超期'], ['no', '未超期']], filter.overdue)}</select></label>
  <label>办理规则 <select name="policy">${options([any, ...[...policyTitles()]], filter.policy)}</select></label>
  <button type="submit">筛选</button>
</form>
<p class="count">共 <strong id="ledger-total">${total}</strong> 件，第 ${filter.page} / ${pages} 页</p>
<table class="ledger">
<thead><tr><th>信访编号</th><th>收到时间</th>${personal ? html`<th>信访人</th>` : ''}<th>摘要</th><th>渠道</th><th>分类</th><th>人数</th><th>状态</th><th>承办部门</th><th>办理期限</th><th>超期</th></tr></thead>
<tbody>
${rows.map((row) => ({ row, overdue: overdueText(row) })).map(({ row, overdue }) => html`<tr class="${overdue ? 'overdue' : ''}">
  <td><a href="/console/petitions/${row.number}">${row.number}</a></td>
  <td>${shanghaiDateTime(row.receivedAt)}</td>
  ${personal ? html`<td class="petitioner">${row.anonymous ? '匿名' : [row.petitioner?.name, row.petitioner?.phone].filter(Boolean).join(' ')}</td>` : ''}
  <td class="summary">${summary(row.content)}</td>
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
