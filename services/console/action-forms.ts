/**
 * The console's action forms on a petition page: when each command's form shows and which fields it has. The
 * heading, the button, the URL it posts to and who may see it come from the command catalog; the table below is
 * keyed by command, so a new catalog entry does not compile until it says whether (and how) the console offers it.
 * A refused submission comes back as a draft: the form shows what was typed and the reason beside the field. Each
 * rendered form carries its own token (`_form`, ./form-token.ts), so submitting it twice runs the command once.
 * Defaults come from the data: the 交办 form preselects the department the routing rules name; nothing preselects
 * 满意度 or a leader's decision.
 */
import { describeAmount, type PauseGround } from '../../workflows/deadlines';
import { deliveryMethods, satisfactionLevels, type PetitionStatus } from '../../workflows/domain/catalog';
import type { PetitionState } from '../../workflows/petition/messages';
import { hasPermission, type Principal } from '../auth/roles';
import { commands, type CommandKey } from '../petitions/command-catalog';
import { causes } from '../reports/vocabulary';
import type { ExtensionLimit } from '../petitions/extension-limit';
import { newFormToken } from './form-token';
import { html, options, raw, shanghaiDate, type Html } from './html';

/** A refused submission of one form: what was typed, the reasons beside the fields, and the form's message. */
export interface FormDraft {
  command: CommandKey;
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
  message: string;
  /** Back from a sign-in after the session expired (./drafts.ts): the form's own token, so it is still done once. */
  formToken?: string;
  restored?: boolean;
}

export interface FormInput {
  principal: Principal;
  status: PetitionStatus;
  state: PetitionState | undefined;
  petition: { number: string; leadDepartment: string | null; cooperatingDepartments: string[]; cause: string | null };
  departments: Array<{ code: string; name: string }>;
  csrfToken: string;
  allowed(command: CommandKey): boolean;
  /** The department the routing rules (config/hospital.json) name for the petition's category. */
  routedDepartment?: string;
  draft?: FormDraft;
  /** The department's reply under review: the draft 处理意见书 the approve form starts from (staff edit it). */
  replyUnderReview?: Record<string, string>;
  /** The policy's extension limit for a department (services/petitions/extension-limit.ts). */
  extensionLimit?(department: string): ExtensionLimit;
  /** The grounds on which the petition's pinned policy lets a clock stop (中止计时). */
  pauseGrounds?: readonly PauseGround[];
  /** The pinned policy has a matter handled again on new facts or evidence (重新处理). */
  reopensOnNewEvidence?: boolean;
}

/** The policy's grounds this person may approve: the one who approves a stop is the one who enters it. */
function pauseGroundsFor(v: FormInput): PauseGround[] {
  return (v.pauseGrounds ?? []).filter((g) => (g.approvedBy as readonly string[]).includes(v.principal.role));
}

/** What one form needs besides the input: the department the person acts for, and the choice of departments. */
interface FormView extends FormInput {
  ownDepartment: string;
  departmentField: Html;
  causeField: Html;
  /** The value to show in a field of this form: the draft's when the form comes back refused. */
  value(key: CommandKey, name: string): string | undefined;
  values(key: CommandKey, name: string): string[];
  /** The reason beside a field, when the draft has one. */
  error(key: CommandKey, name: string): Html;
  textarea(key: CommandKey, name: string, label: string, required?: boolean, initial?: string): Html;
  departmentName(code: string): string;
}

interface ConsoleForm {
  shows(view: FormView): boolean;
  fields(view: FormView): Html;
}

const open = (status: PetitionStatus) => ['registered', 'accepted', 'assigned'].includes(status);

/** The review waiting for the authority above's answer, if any (the last one requested, addressed to it). */
const pendingWithAuthority = (v: FormView) => {
  const last = v.state?.reviews?.at(-1);
  return last?.addressedTo === 'authority' && !last.answeredAt ? last : undefined;
};

/** In the order the page shows them; `null`: the console does not offer the command. */
export const consoleForms: Record<CommandKey, ConsoleForm | null> = {
  accept: {
    shows: (v) => v.status === 'registered',
    fields: () => html`<p>受理后将向信访人发送《信访受理告知书》。</p>`,
  },
  decline: {
    shows: (v) => v.status === 'registered',
    fields: (v) => html`${v.textarea('decline', 'reason', '不予受理理由', true)}${v.textarea('decline', 'redirectTo', '告知其向何处反映', true)}`,
  },
  assign: {
    shows: (v) => v.status === 'accepted',
    fields: (v) => {
      const lead = v.value('assign', 'leadDepartment') ?? v.routedDepartment ?? '';
      const cooperating = new Set(v.values('assign', 'cooperatingDepartments'));
      return html`<label>牵头部门 <select name="leadDepartment" required>${options([['', '请选择牵头部门'], ...v.departments.map((d) => [d.code, d.name] as [string, string])], lead)}</select>${v.routedDepartment ? html` <span class="muted">（按分办规则：${v.departmentName(v.routedDepartment)}）</span>` : ''} ${v.error('assign', 'leadDepartment')}</label>
<label>协办部门（可多选，按住 Ctrl 键选择多个） <select name="cooperatingDepartments" multiple size="6">${v.departments.map((d) => html`<option value="${d.code}"${cooperating.has(d.code) ? raw(' selected') : ''}>${d.name}</option>`)}</select> ${v.error('assign', 'cooperatingDepartments')}</label>
<label>办理期限（留空按办理规则计算） <input type="date" name="dueAt" value="${v.value('assign', 'dueAt') ?? ''}"> ${v.error('assign', 'dueAt')}</label>`;
    },
  },
  acknowledge: {
    shows: (v) => v.status === 'assigned' && !(v.ownDepartment in (v.state?.acknowledgements ?? {})),
    fields: (v) => v.departmentField,
  },
  reply: {
    shows: (v) => v.status === 'assigned',
    fields: (v) => html`${v.departmentField}
${v.textarea('reply', 'investigation', '调查情况', true)}
${v.textarea('reply', 'findings', '核实结论', true)}
${v.textarea('reply', 'opinion', '处理意见', true)}
${v.textarea('reply', 'result', '处理结果', true)}`,
  },
  requestExtension: {
    shows: (v) => v.status === 'assigned' && !v.state?.pendingExtension,
    fields: (v) => {
      const limit = v.extensionLimit?.(v.ownDepartment);
      return html`${v.departmentField}${limit?.text ? html`<p class="muted extension-limit">${limit.text}</p>` : ''}<label>延长天数 <input type="number" name="days" min="1" max="${String(limit?.maxDays ?? 365)}" required value="${v.value('requestExtension', 'days') ?? ''}"> ${v.error('requestExtension', 'days')}</label>${v.textarea('requestExtension', 'reason', '延期理由', true)}`;
    },
  },
  returnCase: {
    shows: (v) => v.status === 'assigned',
    fields: (v) => html`${v.departmentField}${v.textarea('returnCase', 'reason', '退回理由', true)}`,
  },
  // Bound to the request it shows (requestDocumentId): one decided meanwhile and replaced by another is refused.
  decideExtension: {
    shows: (v) => Boolean(v.state?.pendingExtension),
    fields: (v) => {
      const chosen = v.value('decideExtension', 'approve');
      const radio = (value: string, label: string) => html`<label class="choice"><input type="radio" name="approve" value="${value}" required${chosen === value ? raw(' checked') : ''}> ${label}</label>`;
      return html`<p>${v.departmentName(v.state?.pendingExtension?.department ?? '')} 申请延期 ${v.state?.pendingExtension?.days} 天。</p>
<fieldset class="choices"><legend>审批</legend>${radio('true', '同意延期')}${radio('false', '不同意延期')} ${v.error('decideExtension', 'approve')}</fieldset>
${v.textarea('decideExtension', 'note', '审批意见')}
<input type="hidden" name="requestDocumentId" value="${v.state?.pendingExtension?.documentId ?? ''}">`;
    },
  },
  approveReply: {
    shows: (v) => v.status === 'replied' && v.state?.replyReview?.status === 'pending',
    fields: (v) => {
      const draft = v.replyUnderReview ?? {};
      return html`<p>以下为承办部门答复形成的《处理意见书》草稿。请删去不宜告知信访人的内部处理情况（如对工作人员的处分、内部通报），修改后审核通过；审核通过的文本将发送给信访人、用于打印并在查询页显示。</p>
${v.textarea('approveReply', 'investigation', '一、调查情况', true, draft.investigation)}
${v.textarea('approveReply', 'findings', '二、核实结论', true, draft.findings)}
${v.textarea('approveReply', 'opinion', '三、处理意见', true, draft.opinion)}
${v.textarea('approveReply', 'result', '四、处理结果', true, draft.result)}`;
    },
  },
  returnReply: {
    shows: (v) => v.status === 'replied' && v.state?.replyReview?.status === 'pending',
    fields: (v) => html`<p>退回后承办部门将收到退回意见和新的办理链接，在原办理时限内重新答复；信访人不会收到本次答复。</p>${v.textarea('returnReply', 'note', '退回意见', true)}`,
  },
  feedback: {
    shows: (v) => v.status === 'replied' && (!v.state?.replyReview || v.state.replyReview.status === 'approved'),
    fields: (v) => {
      const method = v.value('feedback', 'deliveryMethod') ?? '';
      const mailed = v.state?.replyMailedAt;
      return html`<label>送达方式 <select name="deliveryMethod" required>${options([['', '请选择'], ...Object.entries(deliveryMethods)], method)}</select> ${v.error('feedback', 'deliveryMethod')}</label>
<p class="muted">${mailed ? `《处理意见书》邮件已于 ${shanghaiDate(mailed)} 发出；选择电子邮件时以发送日期为送达日期。` : '《处理意见书》邮件尚未发出（信访人未留邮箱或尚在发送）：请选择邮寄、当面送达或电话告知。'}</p>
<label>送达日期（邮寄、当面送达、电话告知时填写） <input type="date" name="deliveredOn" value="${v.value('feedback', 'deliveredOn') ?? ''}"> ${v.error('feedback', 'deliveredOn')}</label>
<label>信访人满意度 <select name="satisfaction" required>${options([['', '请选择'], ...Object.entries(satisfactionLevels)], v.value('feedback', 'satisfaction') ?? '')}</select> ${v.error('feedback', 'satisfaction')}</label>
${v.textarea('feedback', 'note', '反馈说明（送达凭证、信访人意见等）')}${v.causeField}`;
    },
  },
  resumeClock: {
    shows: (v) => open(v.status) && Boolean(v.state?.clockPaused),
    fields: () => html`<p>信访人已补充材料，恢复计时。</p>`,
  },
  pauseClock: {
    // Only on the grounds the petition's policy allows, to a role a ground names as its approver.
    shows: (v) => open(v.status) && !v.state?.clockPaused && pauseGroundsFor(v).length > 0,
    fields: (v) => {
      const grounds = pauseGroundsFor(v);
      const chosen = v.value('pauseClock', 'ground') ?? (grounds.length === 1 ? grounds[0].id : undefined);
      return html`<label>中止事由 <select name="ground" required>${grounds.length > 1 ? raw('<option value="">请选择</option>') : ''}${options(grounds.map((g) => [g.id, g.label]), chosen)}</select> ${v.error('pauseClock', 'ground')}</label>
${grounds.map((g) => html`<p class="muted">${g.label}：${g.rule}（最长${describeAmount(g.longest.amount, g.longest.unit)}，到期自动恢复计时${g.petitionerTold ? '；中止和恢复均书面告知信访人' : ''}）</p>`)}
${v.textarea('pauseClock', 'reason', '中止理由', true)}${v.textarea('pauseClock', 'materials', '需补充的材料')}`;
    },
  },
  requestReview: {
    shows: (v) => v.status === 'fed_back' && pendingWithAuthority(v) === undefined,
    fields: (v) => html`${v.textarea('requestReview', 'reason', '复查请求（信访人的理由）', true)}
<label>收到日期（邮寄或当面递交时填写；不填为今天） <input type="date" name="receivedOn" value="${v.value('requestReview', 'receivedOn') ?? ''}"> ${v.error('requestReview', 'receivedOn')}</label>
<p class="muted">申请期限以收到之日判断；超过期限的请求由信访办决定是否仍予受理（信访人有正当理由时）。</p>
<label><input type="checkbox" name="acceptLate" value="true"${v.value('requestReview', 'acceptLate') === 'true' ? ' checked' : ''}> 逾期仍予受理</label>
${v.textarea('requestReview', 'lateReason', '逾期受理理由（勾选时必填）')}`,
  },
  reopen: {
    shows: (v) => v.status === 'fed_back' && v.reopensOnNewEvidence === true,
    fields: (v) => html`${v.textarea('reopen', 'evidence', '新的事实或证据（信访人新提交的材料及其内容）', true)}
<label>收到新材料的日期（不填为今天） <input type="date" name="receivedOn" value="${v.value('reopen', 'receivedOn') ?? ''}"> ${v.error('reopen', 'receivedOn')}</label>
<p class="muted">原承办部门重新签收、重新处理，办理期限自收到新材料之日起按本事项的办理规则重新计算；答复仍经信访办审核后反馈信访人。</p>`,
  },
  // 受理告知书 still owed and not mailed (the petitioner left no e-mail): print it, then record the post or hand delivery.
  recordAcceptanceNoticeDelivery: {
    shows: (v) => v.status !== 'registered' && v.status !== 'declined' && Boolean(v.state?.acceptanceNotice) && !v.state?.acceptanceNotice?.delivery
      && (v.state?.deadlines ?? []).some((d) => d.kind === 'acceptanceNotice' && (d.status === 'open' || d.status === 'overdue')),
    fields: (v) => html`<p>${v.state?.acceptanceNotice?.noEmailAt ? '信访人未留电子邮箱：' : ''}请<a href="/api/petitions/${v.petition.number}/letters/acceptance-notice.pdf">打印受理告知书</a>，以挂号信邮寄或当面送达后在此登记。</p>
<label>送达方式 <select name="deliveryMethod" required>${options([['', '请选择'], ['post', deliveryMethods.post], ['in_person', deliveryMethods.in_person]], v.value('recordAcceptanceNoticeDelivery', 'deliveryMethod') ?? '')}</select> ${v.error('recordAcceptanceNoticeDelivery', 'deliveryMethod')}</label>
<label>寄出或送达日期 <input type="date" name="deliveredOn" required value="${v.value('recordAcceptanceNoticeDelivery', 'deliveredOn') ?? ''}"> ${v.error('recordAcceptanceNoticeDelivery', 'deliveredOn')}</label>
<label>挂号单号（邮寄时填写，可不填） <input type="text" name="trackingNumber" value="${v.value('recordAcceptanceNoticeDelivery', 'trackingNumber') ?? ''}"> ${v.error('recordAcceptanceNoticeDelivery', 'trackingNumber')}</label>`,
  },
  // 复查 / 复核 by the authority above (patch review-by-authority): shown while a review waits for its answer.
  sendReviewFile: {
    shows: (v) => pendingWithAuthority(v) !== undefined,
    fields: (v) => html`<p>向受理复查（复核）的上级机关发送案卷邮件（附上级机关办理链接，可在线登记收到日期和复查意见）。</p>${v.textarea('sendReviewFile', 'note', '报送说明')}`,
  },
  recordReviewReceipt: {
    shows: (v) => pendingWithAuthority(v) !== undefined && !pendingWithAuthority(v)?.authorityReceivedOn,
    fields: (v) => html`<p class="muted">上级机关的答复期限（30日）自其收到请求之日起算。</p><label>上级机关收到日期 <input type="date" name="receivedOn" required value="${v.value('recordReviewReceipt', 'receivedOn') ?? ''}"> ${v.error('recordReviewReceipt', 'receivedOn')}</label>`,
  },
  startReviewHearing: {
    shows: (v) => Boolean(pendingWithAuthority(v)?.authorityReceivedOn) && !pendingWithAuthority(v)?.hearing,
    fields: (v) => html`<p class="muted">听证所需时间不计算在答复期限内：听证开始时登记，结束时登记恢复计时。</p>${v.textarea('startReviewHearing', 'basis', '听证情况（时间、地点、依据）', true)}`,
  },
  endReviewHearing: {
    shows: (v) => Boolean(pendingWithAuthority(v)?.hearing),
    fields: () => html`<p>听证已结束，恢复上级机关答复期限的计时。</p>`,
  },
  answerReview: {
    shows: (v) => pendingWithAuthority(v) !== undefined,
    fields: (v) => html`<p class="muted">上级机关以书面形式作出的意见（未通过链接提交时由信访办登记）。</p>${v.textarea('answerReview', 'opinion', '复查（复核）意见', true)}
<label>信访人收到意见的日期（不填为今天） <input type="date" name="deliveredOn" value="${v.value('answerReview', 'deliveredOn') ?? ''}"> ${v.error('answerReview', 'deliveredOn')}</label>`,
  },
  archive: {
    shows: (v) => v.status === 'fed_back' || v.status === 'declined',
    fields: (v) => v.causeField,
  },
  takeOwnership: {
    shows: (v) => !['archived', 'declined'].includes(v.status) && !v.state?.owner,
    fields: () => html`<p>由本人包案（领导包案）。</p>`,
  },
  urge: {
    shows: (v) => v.status === 'assigned',
    fields: (v) => html`<p>立即向承办部门发送督办提醒邮件（附办理期限）。</p>${v.departmentField}`,
  },
  instruct: {
    shows: (v) => v.status === 'assigned',
    fields: (v) => html`<p>督办意见将发送承办部门，并记入本事项的办理文书。</p>${v.departmentField}${v.textarea('instruct', 'note', '督办意见', true)}`,
  },
};

/** One command's form: `data-command` and the button name carry the catalog key; it posts to the command's slug. */
function form(view: FormView, key: CommandKey, fields: Html): Html {
  const { label, slug } = commands[key];
  const draft = view.draft?.command === key ? view.draft : undefined;
  return html`<form method="post" action="/console/petitions/${view.petition.number}/${slug}" class="action" id="form-${slug}" data-command="${key}">
<h3>${label}</h3>
${draft ? (draft.restored ? html`<p class="form-notice draft-restored" role="status">${draft.message}</p>` : html`<p class="form-error" role="alert">${draft.message}</p>`) : ''}
<input type="hidden" name="_csrf" value="${view.csrfToken}">
<input type="hidden" name="_form" value="${draft?.formToken ?? newFormToken()}">
${fields}
<button type="submit" name="submit-${key}">${label}</button>
</form>`;
}

function viewOf(input: FormInput): FormView {
  const { principal } = input;
  const ownDepartment = principal.role === 'department' ? principal.departmentCode ?? '' : input.petition.leadDepartment ?? '';
  const involved = [input.petition.leadDepartment, ...input.petition.cooperatingDepartments].filter((c): c is string => Boolean(c));
  const draft = input.draft;
  const raw_ = (key: CommandKey, name: string) => (draft?.command === key ? draft.values[name] : undefined);
  const value = (key: CommandKey, name: string) => {
    const v = raw_(key, name);
    return Array.isArray(v) ? v[0] : v;
  };
  const values = (key: CommandKey, name: string) => {
    const v = raw_(key, name);
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  const error = (key: CommandKey, name: string) =>
    draft?.command === key && draft.errors[name] ? html`<span class="field-error" data-field="${name}">${draft.errors[name]}</span>` : html``;
  const departmentName = (code: string) => input.departments.find((d) => d.code === code)?.name ?? code;
  // The department a form acts for: the draft's choice when it comes back refused.
  const chosenDepartment = draft && draft.values.department !== undefined ? String(draft.values.department) : ownDepartment;
  const departmentField = principal.role === 'department'
    ? html`<input type="hidden" name="department" value="${ownDepartment}">`
    : html`<label>承办部门 <select name="department">${options(involved.map((c) => [c, departmentName(c)]), chosenDepartment)}</select></label>`;
  const causeField = hasPermission(principal, 'setCause')
    ? html`<label>信访原因 <select name="cause">${options([['', '（不填写）'], ...Object.entries(causes)], (draft?.values.cause as string | undefined) ?? input.petition.cause ?? '')}</select></label>`
    : html``;
  return {
    ...input,
    ownDepartment,
    departmentField,
    causeField,
    value,
    values,
    error,
    departmentName,
    textarea: (key, name, label, required = false, initial = '') =>
      html`<label>${label} <textarea name="${name}"${required ? raw(' required') : ''}>${value(key, name) ?? initial}</textarea> ${error(key, name)}</label>`,
  };
}

/** The forms for the commands this person may run in this state; the workflow still has the last word. */
export function actionForms(input: FormInput): Html[] {
  const view = viewOf(input);
  const forms: Html[] = [];
  for (const [key, consoleForm] of Object.entries(consoleForms) as Array<[CommandKey, ConsoleForm | null]>) {
    if (consoleForm && input.allowed(key) && consoleForm.shows(view)) forms.push(form(view, key, consoleForm.fields(view)));
  }
  // A refused form that no longer applies (the petition moved on): its reason heads the actions.
  const draft = input.draft;
  if (draft && !forms.some((f) => f.value.includes(`data-command="${draft.command}"`))) {
    forms.unshift(html`<p class="form-error" role="alert">${draft.message}</p>`);
  }
  return forms;
}
