import { escapeHtml } from '../../activities/mail/escape-html';
import { formatShanghaiDateTime } from '../../activities/mail/format-date';
import type { CaughtMessage } from './message-store';

/**
 * Inbox HTML. Every mail field is hostile input (petition content ends up in subjects and bodies), so everything is
 * escaped and a mail's own HTML is shown only inside a sandboxed iframe that may not run scripts.
 */

export const INBOX_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; form-action 'self'; " +
  "base-uri 'none'; frame-ancestors 'self'";

const PAGE_STYLE = `
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}tr:hover td{background:#fafafa}.muted{color:#777}pre{white-space:pre-wrap;background:#f8f8f8;padding:12px}
iframe{width:100%;height:600px;border:1px solid #ccc}`;

function page(title: string, body: string, extraHead = ''): string {
  return (
    '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n' +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n${extraHead}` +
    `<title>${escapeHtml(title)}</title>\n<style>${PAGE_STYLE}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`
  );
}

const receivedText = (message: CaughtMessage) =>
  formatShanghaiDateTime(new Date(message.receivedAt), { seconds: true });

export interface InboxListView {
  baseUrl: string;
  messages: CaughtMessage[];
  totalHeld: number;
  toFilter?: string;
}

export const INBOX_REFRESH_SECONDS = 5;

export function renderInboxListPage(view: InboxListView): string {
  const rows = view.messages
    .map(
      (message) =>
        `<tr><td>${escapeHtml(receivedText(message))}</td>` +
        `<td>${escapeHtml(message.to.join(', '))}</td>` +
        `<td><a href="${escapeHtml(`${view.baseUrl}/messages/${encodeURIComponent(message.id)}`)}">` +
        `${escapeHtml(message.subject || '（无主题）')}</a></td></tr>`,
    )
    .join('\n');
  const table = view.messages.length
    ? `<table>\n<thead><tr><th>时间</th><th>收件人</th><th>主题</th></tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`
    : '<p class="muted">暂无邮件。</p>';
  const filterNote = view.toFilter
    ? `收件人为 <strong>${escapeHtml(view.toFilter)}</strong> 的邮件 ${view.messages.length} 封，` +
      `<a href="${escapeHtml(view.baseUrl || '/')}">显示全部</a>`
    : `共 ${view.totalHeld} 封邮件`;
  const body =
    '<h1>邮件收件箱（开发测试用）</h1>\n' +
    `<form method="get" action="${escapeHtml(view.baseUrl || '/')}">` +
    `<label>按收件人筛选：<input type="email" name="to" value="${escapeHtml(view.toFilter ?? '')}"></label> ` +
    '<button type="submit">筛选</button></form>\n' +
    `<p class="muted">${filterNote}；按接收时间倒序排列，每 ${INBOX_REFRESH_SECONDS} 秒自动刷新（北京时间）。</p>\n` +
    table;
  return page('邮件收件箱', body, `<meta http-equiv="refresh" content="${INBOX_REFRESH_SECONDS}">\n`);
}

/** A mail's HTML with `<base target="_blank">` first, so every link in it opens a new tab. */
export function withLinksInNewTab(mailHtml: string): string {
  return `<base target="_blank">${mailHtml}`;
}

/** Plain text escaped, its http(s) URLs made links that open in a new tab without a referrer. */
export function linkified(text: string): string {
  return escapeHtml(text).replace(
    /https?:\/\/[^\s<>"']+/g,
    (url) => `<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`,
  );
}

export function renderMessagePage(message: CaughtMessage, baseUrl: string): string {
  const summary: Array<[string, string]> = [
    ['接收时间', receivedText(message)],
    ['发件人', message.from],
    ['收件人', message.to.join(', ')],
    ['主题', message.subject],
    ['Message-ID', message.messageId],
    ['幂等键', message.headers['x-idempotency-key'] ?? '（无）'],
  ];
  const summaryRows = summary
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  const headerRows = Object.entries(message.headers)
    .map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  // Scripts and forms stay blocked in the frame; a link opens in a new tab (base target, popups let out of the
  // sandbox) instead of failing inside a frame the linked page refuses (frame-ancestors 'none').
  const htmlBody = message.html
    ? `<iframe sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer" title="HTML 正文" srcdoc="${escapeHtml(withLinksInNewTab(message.html))}"></iframe>`
    : '<p class="muted">（无 HTML 正文）</p>';
  const body =
    `<p><a href="${escapeHtml(baseUrl || '/')}">← 返回收件箱</a></p>\n` +
    `<h1>${escapeHtml(message.subject || '（无主题）')}</h1>\n` +
    `<table>\n${summaryRows}\n</table>\n` +
    `<h2>HTML 正文</h2>\n${htmlBody}\n` +
    `<h2>纯文本正文</h2>\n<pre>${linkified(message.text || '（无纯文本正文）')}</pre>\n` +
    `<details><summary>全部邮件头</summary>\n<table>\n${headerRows}\n</table>\n</details>`;
  return page(message.subject || '邮件', body);
}

export function renderNotFoundPage(baseUrl: string): string {
  return page(
    '邮件不存在',
    `<h1>邮件不存在</h1>\n<p>该邮件不存在或已被清除。</p>\n<p><a href="${escapeHtml(baseUrl || '/')}">返回收件箱</a></p>`,
  );
}
