import { escapeHtml } from '../../activities/mail/escape-html';
import { formatShanghaiDateTime, formatShanghaiDue } from '../../activities/mail/format-date';

/** Server-rendered pages behind mailed links: zh-CN, no scripts, one stylesheet from this origin. Every value is escaped. */

export interface PageShell {
  title: string;
  hospitalName: string;
  body: string;
}

export function shell({ title, hospitalName, body }: PageShell): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/links/assets/links.css">
</head>
<body>
<header class="banner"><div class="hospital">${escapeHtml(hospitalName)} · 信访事项办理</div><h1>${escapeHtml(title)}</h1></header>
<main>
${body}
<footer>本页面内容涉及信访秘密，仅限本单位办理人员使用，请勿转发。</footer>
</main>
</body>
</html>
`;
}

export function messagePage(hospitalName: string, title: string, message: string, kind: 'ok' | 'error', extra = ''): string {
  return shell({ title, hospitalName, body: `<section class="card"><p class="${kind}" id="link-message" role="${kind === 'ok' ? 'status' : 'alert'}">${escapeHtml(message)}</p>${extra}</section>` });
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** e.g. 剩余 12天5小时 / 已逾期 2天3小时 */
export function describeRemaining(dueAt: Date, now: Date): { text: string; overdue: boolean } {
  const left = dueAt.getTime() - now.getTime();
  const span = Math.abs(left);
  const days = Math.floor(span / DAY_MS);
  const hours = Math.floor((span % DAY_MS) / HOUR_MS);
  const amount = days > 0 ? `${days}天${hours}小时` : hours > 0 ? `${hours}小时` : '不足1小时';
  return left >= 0 ? { text: `剩余 ${amount}`, overdue: false } : { text: `已逾期 ${amount}`, overdue: true };
}

function factRows(rows: Array<[string, string]>, extraClass: Record<string, string> = {}): string {
  return rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd${extraClass[label] ? ` class="${extraClass[label]}"` : ''}>${escapeHtml(value)}</dd>`).join('\n');
}

function form(action: string, number: string, token: string, id: string, fields: string, submit: string): string {
  return `<form method="post" action="/links/${encodeURIComponent(number)}/${action}" id="${id}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
${fields}
<button type="submit">${escapeHtml(submit)}</button>
</form>`;
}

function textarea(name: string, label: string, maxLength: number, id = name, initial = ''): string {
  return `<label for="${id}">${escapeHtml(label)}</label><textarea id="${id}" name="${name}" required maxlength="${maxLength}">${escapeHtml(initial)}</textarea>`;
}

export interface ConsentedContact {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
}

export interface DepartmentPageData {
  hospitalName: string;
  number: string;
  departmentName: string;
  role: 'lead' | 'cooperating';
  category: string;
  channel: string;
  matter: string;
  complainedAbout: string[];
  statusLabel: string;
  dueAt?: Date;
  /** The handling deadline's status once it no longer runs (按期完成 / 逾期完成 …): no time left is shown then. */
  dueStatus?: string;
  now: Date;
  acknowledgedAt?: Date;
  pendingExtensionDays?: number;
  /** The policy's extension limit for this department (services/petitions/extension-limit.ts). */
  extensionLimit?: { text: string; maxDays?: number };
  /** Only when the petitioner consented to disclosure (保守信访秘密). */
  petitioner?: ConsentedContact;
  /**
   * The 信访办 returned the department's reply (review before answer): its note, when, and the reply it returned, which
   * the new reply form starts from.
   */
  returned?: { note: string; at: Date; reply: Record<string, string> };
  /**
   * The lead department's reply as it submitted it, with where the 信访办's review stands: shown read-only once
   * submitted (the link stays open to read it), never as a form.
   */
  submitted?: SubmittedReply;
  /** One single-use token per form the department may submit now. */
  forms: Partial<Record<'acknowledge' | 'reply' | 'requestExtension' | 'returnCase', string>>;
}

/** Where the department's submitted reply stands in the 信访办's review (review before answer). */
export type SubmittedReplyStatus = 'pending' | 'returned' | 'approved' | 'answered';

export const submittedReplyStatusLabels: Record<SubmittedReplyStatus, string> = {
  pending: '待信访办审核',
  returned: '已退回',
  approved: '已审核通过',
  // Replied before the review step: the reply went to the petitioner as written.
  answered: '已提交并答复信访人',
};

export interface SubmittedReply {
  at: Date;
  status: SubmittedReplyStatus;
  /** When the 信访办 approved it. */
  approvedAt?: Date;
  /** The 信访办's note when it returned the reply. */
  returnNote?: string;
  fields: Record<'investigation' | 'findings' | 'opinion' | 'result', string>;
}

const replyFieldLabels: Array<[keyof SubmittedReply['fields'], string]> = [
  ['investigation', '调查情况'],
  ['findings', '核实结论'],
  ['opinion', '处理意见'],
  ['result', '处理结果'],
];

function submittedReplySection(reply: SubmittedReply): string {
  const status = submittedReplyStatusLabels[reply.status];
  const facts: Array<[string, string]> = [
    ['提交时间', formatShanghaiDateTime(reply.at)],
    ['审核状态', reply.approvedAt ? `${status}（${formatShanghaiDateTime(reply.approvedAt)}）` : status],
  ];
  if (reply.returnNote) facts.push(['退回意见', reply.returnNote]);
  const texts = replyFieldLabels
    .map(([field, label]) => `<h3>${escapeHtml(label)}</h3><div class="matter" data-field="${field}">${escapeHtml(reply.fields[field])}</div>`)
    .join('\n');
  return `<section class="card" id="submitted-reply"><h2>贵部门提交的书面答复</h2><dl class="facts" id="submitted-reply-facts">${factRows(facts)}</dl>
<p class="muted">答复提交后不能修改；如需更正，请联系本院信访办公室。</p>${texts}</section>`;
}

function petitionerSection(contact: ConsentedContact | undefined): string {
  if (!contact) {
    return '<p class="notice" id="confidentiality">根据保守信访秘密的规定，信访人身份及联系方式不在此提供。如需联系信访人，请通过本院信访接待部门进行。</p>';
  }
  const rows: Array<[string, string]> = [];
  if (contact.name) rows.push(['信访人姓名', contact.name]);
  if (contact.phone) rows.push(['联系电话', contact.phone]);
  if (contact.email) rows.push(['电子邮箱', contact.email]);
  return `<p class="notice">以下信访人信息经信访人本人同意提供，仅限办理本事项使用，严禁泄露给被反映人或无关人员。</p><dl class="facts" id="petitioner">${factRows(rows)}</dl>`;
}

export function departmentPage(data: DepartmentPageData): string {
  const remaining = data.dueAt && !data.dueStatus ? describeRemaining(data.dueAt, data.now) : undefined;
  const facts: Array<[string, string]> = [
    ['信访编号', data.number],
    ['承办部门', `${data.departmentName}（${data.role === 'lead' ? '牵头办理' : '协助办理'}）`],
    ['问题类别', data.category],
    ['信访渠道', data.channel],
    ['被反映对象', data.complainedAbout.length > 0 ? data.complainedAbout.join('、') : '未指明'],
    ['办理状态', data.statusLabel],
    ['办理时限', data.dueAt ? `${formatShanghaiDue(data.dueAt)}前${data.dueStatus ? `（${data.dueStatus}）` : ''}` : '—'],
  ];
  if (remaining) facts.push(['剩余时间', remaining.text]);
  facts.push(['签收', data.acknowledgedAt ? `已签收（${formatShanghaiDateTime(data.acknowledgedAt)}）` : '未签收']);
  if (data.pendingExtensionDays) facts.push(['延期申请', `已申请延长${data.pendingExtensionDays}天，待分管院领导审批`]);

  const sections = [
    `<section class="card" id="matter-card"><h2>信访事项</h2><dl class="facts" id="facts">${factRows(facts, { 剩余时间: remaining?.overdue ? 'due overdue' : 'due' })}</dl>
<h2>反映事项</h2><div class="matter" id="matter">${escapeHtml(data.matter)}</div>${petitionerSection(data.petitioner)}</section>`,
  ];
  const { forms } = data;
  if (forms.acknowledge) {
    sections.push(`<section class="card"><h2>签收</h2><p>请确认已收到本交办事项。</p>${form('acknowledge', data.number, forms.acknowledge, 'acknowledge-form', '', '签收')}</section>`);
  }
  if (forms.reply) {
    const previous = data.returned?.reply ?? {};
    const fields = [
      textarea('investigation', '调查情况（两名以上工作人员调查核实）', 20_000, 'investigation', previous.investigation),
      textarea('findings', '核实结论', 20_000, 'findings', previous.findings),
      textarea('opinion', '处理意见', 20_000, 'opinion', previous.opinion),
      textarea('result', '处理结果', 20_000, 'result', previous.result),
    ].join('\n');
    const returned = data.returned
      ? `<div class="notice" id="returned-note"><p>信访办公室于${escapeHtml(formatShanghaiDateTime(data.returned.at))}退回贵部门的书面答复，请按以下意见修改后重新提交（下表已填入退回的答复）：</p><p>${escapeHtml(data.returned.note)}</p></div>`
      : '';
    sections.push(`<section class="card"><h2>书面答复</h2>${returned}${form('reply', data.number, forms.reply, 'reply-form', fields, '提交答复')}</section>`);
  }
  if (forms.requestExtension) {
    const limit = data.extensionLimit;
    const fields = `<label for="days">延长天数</label><input id="days" name="days" type="number" min="1" max="${limit?.maxDays ?? 365}" required inputmode="numeric">\n${textarea('reason', '延期理由', 5000)}`;
    const limitText = limit?.text ? `<p class="extension-limit">${escapeHtml(limit.text)}</p>` : '';
    sections.push(`<section class="card"><h2>申请延期</h2><p>延期须经分管院领导批准。</p>${limitText}${form('requestExtension', data.number, forms.requestExtension, 'extension-form', fields, '提交延期申请')}</section>`);
  }
  if (!forms.reply && data.submitted) sections.push(submittedReplySection(data.submitted));
  if (forms.returnCase) {
    sections.push(`<section class="card"><h2>退回（不属于本部门职责）</h2>${form('returnCase', data.number, forms.returnCase, 'return-form', textarea('reason', '退回理由', 5000, 'returnReason'), '退回')}</section>`);
  }
  if (!forms.reply && !forms.requestExtension && !forms.returnCase && !forms.acknowledge) {
    sections.push('<section class="card"><p class="ok" id="nothing-to-do">本事项当前无需贵部门办理的操作。</p></section>');
  }
  return shell({ title: `信访交办事项 ${data.number}`, hospitalName: data.hospitalName, body: sections.join('\n') });
}

export interface LeaderPageData {
  hospitalName: string;
  number: string;
  leaderName: string;
  departmentName: string;
  category: string;
  matter: string;
  days?: number;
  reason?: string;
  dueAt?: Date;
  now: Date;
  /** Absent when the request was already decided (or withdrawn by a return). */
  formToken?: string;
}

export function leaderPage(data: LeaderPageData): string {
  const remaining = data.dueAt ? describeRemaining(data.dueAt, data.now) : undefined;
  const facts: Array<[string, string]> = [
    ['信访编号', data.number],
    ['申请部门', data.departmentName],
    ['问题类别', data.category],
    ['现办理时限', data.dueAt ? `${formatShanghaiDue(data.dueAt)}前（${remaining!.text}）` : '—'],
  ];
  if (data.days) facts.push(['申请延长', `${data.days}天`]);
  const decision = data.formToken
    ? form(
        'decideExtension',
        data.number,
        data.formToken,
        'decide-form',
        `<label for="decision">审批意见</label><select id="decision" name="decision" required><option value="approve">同意延期</option><option value="refuse">不同意延期</option></select>
<label for="note">说明（可选）</label><textarea id="note" name="note" maxlength="5000"></textarea>`,
        '提交审批',
      )
    : '<p class="ok" id="already-decided">该延期申请已处理，无需再审批。</p>';
  const body = `<section class="card"><p>${escapeHtml(data.leaderName)}：</p><dl class="facts" id="facts">${factRows(facts)}</dl>
<h2>延期理由</h2><div class="matter" id="reason">${escapeHtml(data.reason ?? '')}</div>
<h2>反映事项</h2><div class="matter" id="matter">${escapeHtml(data.matter)}</div></section>
<section class="card"><h2>延期审批</h2>${decision}</section>`;
  return shell({ title: `信访事项延期审批 ${data.number}`, hospitalName: data.hospitalName, body });
}

/** The authority above's page for a 复查 / 复核 (patch review-by-authority): the case in brief, its receipt and its answer. */
export interface AuthorityPageData {
  hospitalName: string;
  number: string;
  authorityName: string;
  stageTitle: string;
  category: string;
  matter: string;
  /** The 处理意见书 as the petitioner received it (or, for 复核, the 复查意见). */
  opinion: string;
  result: string;
  request: string;
  requestReceivedOn?: string;
  authorityReceivedOn?: string;
  dueAt?: Date;
  hearingSince?: Date;
  now: Date;
  petitioner?: ConsentedContact;
  answered: boolean;
  forms: Partial<Record<'recordReviewReceipt' | 'answerReview', string>>;
}

export function authorityPage(data: AuthorityPageData): string {
  const remaining = data.dueAt && !data.hearingSince ? describeRemaining(data.dueAt, data.now) : undefined;
  const facts: Array<[string, string]> = [
    ['信访编号', data.number],
    ['受理机关', data.authorityName],
    ['问题类别', data.category],
    [`${data.stageTitle}请求`, data.requestReceivedOn ? `信访人于${data.requestReceivedOn}提出` : '已提出'],
    ['贵单位收到日期', data.authorityReceivedOn ?? '尚未登记'],
    ['答复期限', data.dueAt ? `${formatShanghaiDue(data.dueAt)}前（听证时间不计算在内）` : '自贵单位收到请求之日起30日'],
  ];
  if (data.hearingSince) facts.push(['听证', `${formatShanghaiDateTime(data.hearingSince)}起听证，暂停计时`]);
  if (remaining) facts.push(['剩余时间', remaining.text]);
  const sections = [
    `<section class="card" id="case-card"><p>${escapeHtml(data.authorityName)}：</p><dl class="facts" id="facts">${factRows(facts, { 剩余时间: remaining?.overdue ? 'due overdue' : 'due' })}</dl>
<h2>反映事项</h2><div class="matter" id="matter">${escapeHtml(data.matter)}</div>
<h2>本院处理意见</h2><div class="matter" id="opinion">${escapeHtml(data.opinion)}</div>
${data.result ? `<h2>处理结果</h2><div class="matter" id="result">${escapeHtml(data.result)}</div>` : ''}
<h2>${escapeHtml(data.stageTitle)}请求</h2><div class="matter" id="request">${escapeHtml(data.request)}</div>${petitionerSection(data.petitioner)}</section>`,
  ];
  const { forms } = data;
  if (forms.recordReviewReceipt) {
    const fields = `<label for="receivedOn">贵单位收到${escapeHtml(data.stageTitle)}请求的日期</label><input id="receivedOn" name="receivedOn" type="date" required>`;
    sections.push(`<section class="card"><h2>登记收到日期</h2><p>答复期限自收到请求之日起算。</p>${form('recordReviewReceipt', data.number, forms.recordReviewReceipt, 'receipt-form', fields, '登记收到日期')}</section>`);
  }
  if (forms.answerReview) {
    sections.push(`<section class="card"><h2>${escapeHtml(data.stageTitle)}意见</h2>${form('answerReview', data.number, forms.answerReview, 'answer-form', textarea('opinion', `${data.stageTitle}意见`, 20_000), `提交${data.stageTitle}意见`)}</section>`);
  }
  if (!forms.answerReview) {
    sections.push(`<section class="card"><p class="ok" id="nothing-to-do">${data.answered ? `本事项的${escapeHtml(data.stageTitle)}意见已登记，无需再提交。` : '本事项当前无需贵单位办理的操作。'}</p></section>`);
  }
  return shell({ title: `信访事项${data.stageTitle} ${data.number}`, hospitalName: data.hospitalName, body: sections.join('\n') });
}
