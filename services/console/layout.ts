import { roleLabel, type Principal } from '../auth/roles';
import { html, type Html } from './html';

export interface PageOptions {
  title: string;
  principal?: Principal;
  csrfToken?: string;
  body: Html;
  flash?: { ok?: string; error?: string };
  scripts?: string[];
  /** The person's department by name (./department-name.ts); the code when it is not known. */
  departmentName?: string;
  /** A notice for every page of the signed-in staff, e.g. a missing holiday schedule (./calendar-reminder.ts). */
  notice?: string;
}

function navigation(principal: Principal, csrfToken: string | undefined, departmentName?: string): Html {
  const leaderOrIntake = principal.role !== 'department';
  const links: Array<[string, string, boolean]> = [
    ['/console/ledger', '台账', true],
    ['/console/register', '登记', principal.role === 'intake' || principal.role === 'admin'],
    ['/console/ledger-import', '台账导入', principal.role === 'intake' || principal.role === 'admin'],
    ['/console/reviews', '待审核', principal.role === 'intake' || principal.role === 'admin'],
    ['/console/supervision', '督办', leaderOrIntake],
    ['/console/approvals', '待审批', principal.role === 'leader' || principal.role === 'president' || principal.role === 'admin'],
    ['/console/reports', '统计报表', leaderOrIntake],
    ['/console/admin/passwords', '账号密码', principal.role === 'admin'],
    ['/console/audit', '审计日志', principal.role === 'admin'],
  ];
  return html`<nav class="top">
  <span class="brand">信访管理控制台</span>
  ${links.filter(([, , shown]) => shown).map(([href, label]) => html`<a href="${href}">${label}</a>`)}
  <span class="who">${principal.name}（${roleLabel(principal.role)}${principal.departmentCode ? ` · ${departmentName ?? principal.departmentCode}` : ''}）</span>
  <form method="post" action="/console/logout" class="inline"><input type="hidden" name="_csrf" value="${csrfToken ?? ''}"><button type="submit">退出登录</button></form>
</nav>`;
}

export function page(options: PageOptions): string {
  const { principal, flash } = options;
  return html`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · 信访管理</title>
<link rel="stylesheet" href="/console/static/console.css">
</head>
<body>
${principal ? navigation(principal, options.csrfToken, options.departmentName) : ''}
<main>
<h1>${options.title}</h1>
${options.notice ? html`<p class="flash warning" id="calendar-reminder" role="note">${options.notice}</p>` : ''}
${flash?.ok ? html`<p class="flash ok" role="status">${flash.ok}</p>` : ''}
${flash?.error ? html`<p class="flash error" role="alert">${flash.error}</p>` : ''}
${options.body}
</main>
${(options.scripts ?? []).map((src) => html`<script src="${src}"></script>`)}
</body>
</html>`.value;
}
