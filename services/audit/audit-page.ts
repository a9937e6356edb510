/**
 * The audit trail for administrators: /console/audit lists AuditLog rows filtered by petition (register number),
 * person (the actor, or the account a sign-in concerns) and period (Asia/Shanghai dates); /console/audit/export.xlsx
 * gives the same rows as an Excel workbook. Reading and exporting the trail are themselves on it.
 */
import ExcelJS from 'exceljs';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { commands, isCommandKey } from '../petitions/command-catalog';
import { permitted, render } from '../console/context';
import { html, shanghaiDateTime } from '../console/html';
import { auditRequest } from './audit-trail';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PAGE_ROWS = 500;
const EXPORT_ROWS = 50_000;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).or(z.literal('')).optional();
const filterSchema = z.object({
  number: z.string().regex(/^(XF-\d{4}-\d{6})?$/).optional(),
  person: z.string().regex(/^[A-Za-z0-9:_-]{0,80}$/).optional(),
  from: date,
  to: date,
});
type AuditFilter = z.infer<typeof filterSchema>;

const actionLabels: Record<string, string> = {
  'petition.view': '查看信访事项',
  'petition.register': '登记',
  'petition.setCause': '填写原因',
  'sign-in': '登录',
  'sign-out': '退出登录',
  'export.ledger': '导出台账',
  'sign-in.unlock': '解除登录锁定',
  'password.set': '设置密码',
  refused: '被拒绝的请求',
  'export.letter': '导出文书 PDF',
  'export.report': '导出统计报表',
  'audit.view': '查看审计日志',
  'audit.export': '导出审计日志',
  'inbox.view': '查看收件箱',
  'inbox.clear': '清空收件箱',
  'ledger-import': '台账导入',
  'ledger-import-summary': '发送台账导入汇总邮件',
  'ledger.view': '查看台账',
  'calendar.adopt': '采用新日历并重算期限',
  'policy.adopt': '运行中事项改用新版办理规则',
  'link.view': '打开办理链接',
  'lookup.view': '信访人查询进度',
};

/** The trail's name of an action in Chinese: every action written anywhere has one (test/unit/audit-labels.test.ts). */
export function actionLabel(action: string): string {
  if (actionLabels[action]) return actionLabels[action];
  const [kind, key] = action.split('.');
  if (kind === 'command' && key && isCommandKey(key)) return `办理：${commands[key].label}`;
  if (kind === 'link' && key && isCommandKey(key)) return `链接办理：${commands[key].label}`;
  return action;
}

/** A person filter matches `staff:<id>` (a bare id means the staff member), `service:<name>`, `dept:<code>`, … */
function personOf(person: string | undefined): string | undefined {
  if (!person) return undefined;
  return person.includes(':') ? person : `staff:${person}`;
}

function whereOf(filter: AuditFilter): object {
  const person = personOf(filter.person);
  const at: { gte?: Date; lt?: Date } = {};
  if (filter.from) at.gte = new Date(`${filter.from}T00:00:00+08:00`);
  if (filter.to) at.lt = new Date(new Date(`${filter.to}T00:00:00+08:00`).getTime() + 24 * 3600_000);
  return {
    AND: [
      filter.number ? { number: filter.number } : {},
      person ? { OR: [{ actor: person }, { subject: person }] } : {},
      filter.from || filter.to ? { at } : {},
    ],
  };
}

function filterText(filter: AuditFilter): string {
  return `number=${filter.number ?? ''} person=${filter.person ?? ''} from=${filter.from ?? ''} to=${filter.to ?? ''}`;
}

async function rowsOf(prisma: PrismaClient, filter: AuditFilter, take: number) {
  return prisma.auditLog.findMany({ where: whereOf(filter), orderBy: { id: 'desc' }, take });
}

function parsedFilter(req: Request, res: Response): AuditFilter | undefined {
  const parsed = filterSchema.safeParse({
    number: typeof req.query.number === 'string' ? req.query.number.trim() : undefined,
    person: typeof req.query.person === 'string' ? req.query.person.trim() : undefined,
    from: typeof req.query.from === 'string' ? req.query.from : undefined,
    to: typeof req.query.to === 'string' ? req.query.to : undefined,
  });
  if (parsed.success) return parsed.data;
  res.status(400).type('html').send('筛选条件无效：信访编号为 XF-年份-6位序号，日期为 YYYY-MM-DD，人员为工号');
  return undefined;
}

export function auditRoutes(prisma: PrismaClient): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const principal = permitted(req, res, 'readAudit');
    if (!principal) return;
    const filter = parsedFilter(req, res);
    if (!filter) return;
    await auditRequest(prisma, req, { action: 'audit.view', outcome: 'ok', number: filter.number || undefined, detail: filterText(filter) });
    const rows = await rowsOf(prisma, filter, PAGE_ROWS);
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as Array<[string, string]>).toString();
    render(req, res, principal, '审计日志', html`<form method="get" action="/console/audit" class="card filters" id="audit-filter">
  <label>信访编号 <input name="number" value="${filter.number ?? ''}" placeholder="XF-2026-000001"></label>
  <label>人员 <input name="person" value="${filter.person ?? ''}" placeholder="工号，如 intake01"></label>
  <label>自 <input name="from" type="date" value="${filter.from ?? ''}"></label>
  <label>至 <input name="to" type="date" value="${filter.to ?? ''}"></label>
  <button type="submit">筛选</button>
  <a href="/console/audit/export.xlsx${query ? `?${query}` : ''}" id="audit-export">导出 Excel</a>
</form>
<p class="muted">共显示 ${rows.length} 条（最新在前，最多 ${PAGE_ROWS} 条；导出最多 ${EXPORT_ROWS} 条）。审计日志只能追加，不能修改或删除。</p>
<table class="audit" id="audit-rows"><thead><tr><th>时间</th><th>人员</th><th>经由</th><th>操作</th><th>结果</th><th>信访编号</th><th>涉及字段</th><th>状态码</th><th>说明</th><th>地址</th></tr></thead>
<tbody>${rows.map((r) => html`<tr data-action="${r.action}"><td>${shanghaiDateTime(r.at)}</td><td>${r.actor}${r.subject && r.subject !== r.actor ? html`<br><span class="muted">账号 ${r.subject}</span>` : ''}</td><td>${r.via ?? ''}</td><td>${actionLabel(r.action)}</td><td>${r.outcome}</td><td>${r.number ?? ''}</td><td>${r.fields.join('、')}</td><td>${r.status ?? ''}</td><td>${r.detail ?? ''}</td><td>${r.ip ?? ''}</td></tr>`)}</tbody>
</table>`);
  });

  router.get('/export.xlsx', async (req, res) => {
    const principal = permitted(req, res, 'readAudit');
    if (!principal) return;
    const filter = parsedFilter(req, res);
    if (!filter) return;
    const rows = await rowsOf(prisma, filter, EXPORT_ROWS);
    await auditRequest(prisma, req, { action: 'audit.export', outcome: 'ok', number: filter.number || undefined, detail: `${filterText(filter)} rows=${rows.length}` });
    const workbook = new ExcelJS.Workbook();
    workbook.created = new Date();
    const sheet = workbook.addWorksheet('审计日志');
    sheet.columns = [
      { header: '时间', key: 'at', width: 22 },
      { header: '人员', key: 'actor', width: 18 },
      { header: '账号', key: 'subject', width: 18 },
      { header: '经由', key: 'via', width: 12 },
      { header: '操作', key: 'action', width: 20 },
      { header: '操作代码', key: 'code', width: 20 },
      { header: '结果', key: 'outcome', width: 12 },
      { header: '信访编号', key: 'number', width: 16 },
      { header: '涉及字段', key: 'fields', width: 40 },
      { header: '状态码', key: 'status', width: 8 },
      { header: '说明', key: 'detail', width: 50 },
      { header: '地址', key: 'ip', width: 16 },
      { header: '浏览器', key: 'userAgent', width: 30 },
    ];
    for (const r of rows) {
      sheet.addRow({
        at: shanghaiDateTime(r.at), actor: r.actor, subject: r.subject ?? '', via: r.via ?? '', action: actionLabel(r.action), code: r.action,
        outcome: r.outcome, number: r.number ?? '', fields: r.fields.join('、'), status: r.status ?? '', detail: r.detail ?? '', ip: r.ip ?? '', userAgent: r.userAgent ?? '',
      });
    }
    sheet.getRow(1).font = { bold: true };
    res.setHeader('content-type', XLSX_TYPE);
    res.setHeader('content-disposition', `attachment; filename="audit.xlsx"; filename*=UTF-8''${encodeURIComponent('审计日志.xlsx')}`);
    res.send(Buffer.from(await workbook.xlsx.writeBuffer()));
  });

  return router;
}
