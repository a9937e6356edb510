/**
 * 登记: the registration form for every channel of the catalog. A refused registration shows the form again with
 * what was typed and the Chinese reason beside each field; a likely duplicate (services/console/likely-duplicates.ts)
 * is shown before anything is stored, with "仍要登记"; the form's token makes a second submission of the same form
 * (Back and submit) return the petition it already registered instead of a copy (and no second 重复访 alert).
 */
import type { Request, Response } from 'express';
import { categories, channels, statuses, type PetitionStatus } from '../../workflows/domain/catalog';
import { csrfTokenOf } from '../auth/middleware';
import type { Principal } from '../auth/roles';
import { registerPetition, registrationSchema, UnknownAuthorityError, UnknownPolicyError, type RegistrationAudit } from '../petitions/registration';
import { auditEntryOf, recordAudit } from '../audit/audit-trail';
import { checkedForm, permitted, type ConsoleContext } from './context';
import { formTokenOf, newFormToken, registrationKeyOf } from './form-token';
import { html, options, raw, shanghaiDateTime, type Html } from './html';
import { page } from './layout';
import { departmentNameOf } from './department-name';
import { likelyDuplicates, type LikelyDuplicate } from './likely-duplicates';
import { DRAFT_RESTORED_MESSAGE, takeDraft } from './drafts';
import { fieldReasons, policyTitles } from './staff-words';

type Values = Record<string, string>;
type Errors = Record<string, string>;

/** Where a registration field's error is shown: the schema's path → the form's field. */
function formFieldOf(path: string): string {
  if (path.startsWith('petitioner.')) return path.slice('petitioner.'.length);
  if (path.startsWith('complainedAbout')) return 'complainedAbout';
  if (path === 'handedDown') return 'authority';
  if (path.startsWith('handedDown.')) return handedDownFields[path.slice('handedDown.'.length)] ?? 'authority';
  return path;
}

const fieldLabels: Record<string, string> = {
  channel: '渠道', category: '分类', receivedAt: '收到时间', policyId: '办理规则', name: '姓名', phone: '电话',
  email: '电子邮箱', idNumber: '证件号码', address: '地址', relationToPatient: '与患者关系', peopleCount: '人数',
  content: '反映内容', complainedAbout: '被反映的人员或部门', claimAmount: '诉求金额',
  authority: '交办机关', referenceNumber: '交办文号/工单号', handedDownDueAt: '交办办结期限', reportDueAt: '办结报告期限',
};

/** The 交办信息 fields (上级交办, 12345) and where the schema's reasons about them are shown. */
const handedDownFields: Record<string, string> = { authority: 'authority', referenceNumber: 'referenceNumber', dueAt: 'handedDownDueAt', reportDueAt: 'reportDueAt', reportRequired: 'reportDueAt' };

interface FormState {
  values: Values;
  errors: Errors;
  message?: string;
  duplicates?: LikelyDuplicate[];
  /** The form comes back from a session that expired (./drafts.ts): typed, not yet submitted. */
  restored?: boolean;
}

function formPage(context: ConsoleContext, req: Request, res: Response, principal: Principal, state: FormState): string {
  const v = state.values;
  const e = state.errors;
  const error = (name: string): Html => (e[name] ? html`<span class="field-error" data-field="${name}">${e[name]}</span>` : html``);
  const input = (name: string, label: string, attrs = '') =>
    html`<label>${label} <input name="${name}" value="${v[name] ?? ''}"${raw(attrs ? ` ${attrs}` : '')}${e[name] ? raw(' aria-invalid="true"') : ''}> ${error(name)}</label>`;
  const checked = (name: string) => (v[name] === 'yes' ? raw(' checked') : '');
  const titles = policyTitles();
  const duplicates = state.duplicates ?? [];
  const body = html`
${state.message ? html`<p class="flash error" role="alert">${state.message}</p>` : ''}
${state.restored ? html`<p class="flash ok" role="status" id="draft-restored">${DRAFT_RESTORED_MESSAGE}</p>` : ''}
${duplicates.length ? html`<section class="card duplicates" id="likely-duplicates"><h2>可能是重复登记</h2>
<p>近期已有以下信访事项与本次登记的电话、证件号码或反映内容相同。请核对：如是同一事项，请勿重复登记；如确为新的信访，请点击“仍要登记”。</p>
${duplicates.some((d) => d.reviewFinished) ? html`<p class="form-error" role="alert" id="review-finished-warning">其中标明“已经复核”的事项已经上级机关复核：信访人对复核意见不服，仍以同一事实和理由提出的，依照《信访工作条例》第三十五条不再受理。如本次反映的是新的事实或理由，请核对后点击“仍要登记”。</p>` : ''}
<table><thead><tr><th>信访编号</th><th>收到时间</th><th>状态</th><th>信访人</th><th>相同之处</th><th>反映内容</th></tr></thead><tbody>
${duplicates.map((d) => html`<tr data-number="${d.number}"><td><a href="/console/petitions/${d.number}" target="_blank" rel="noopener">${d.number}</a></td><td>${shanghaiDateTime(d.receivedAt)}</td><td>${statuses[d.status as PetitionStatus] ?? d.status}</td><td>${d.petitionerName ?? '匿名'}</td><td>${d.reasons.join('、')}</td><td>${d.content.slice(0, 80)}</td></tr>`)}
</tbody></table></section>` : ''}
<form method="post" action="/console/register" class="card" id="register-form">
<input type="hidden" name="_csrf" value="${csrfTokenOf(req) ?? ''}">
<input type="hidden" name="_form" value="${v._form ?? newFormToken()}">
<fieldset><legend>来源</legend>
  <label>渠道 <select name="channel" required>${options(Object.entries(channels), v.channel)}</select> ${error('channel')}</label>
  <label>分类 <select name="category" required>${options(Object.entries(categories).map(([k, c]) => [k, c.label]), v.category)}</select> ${error('category')}</label>
  <label>收到时间（留空为现在） <input type="datetime-local" name="receivedAt" value="${v.receivedAt ?? ''}"> ${error('receivedAt')}</label>
  <label>办理规则 <select name="policyId">${options([['', `默认（${titles.get(context.defaultPolicy) ?? context.defaultPolicy}）`], ...[...titles]], v.policyId ?? '')}</select> ${error('policyId')}</label>
</fieldset>
<fieldset id="handed-down"><legend>交办信息（上级交办、12345/市长热线转办）</legend>
  <label>交办机关 <select name="authority">${options([['', '（非交办事项）'], ...(context.authorities ?? new Map<string, string>())], v.authority ?? '')}</select> ${error('authority')}</label>
  ${input('referenceNumber', '交办文号/工单号')}
  <label>交办办结期限（北京时间） <input type="datetime-local" name="handedDownDueAt" value="${v.handedDownDueAt ?? ''}"> ${error('handedDownDueAt')}</label>
  <label><input type="checkbox" name="reportRequired" value="yes"${v.authority === undefined || v.reportRequired === 'yes' ? raw(' checked') : ''}> 须向交办机关报送办结报告</label>
  <label>办结报告期限（留空同办结期限） <input type="datetime-local" name="reportDueAt" value="${v.reportDueAt ?? ''}"> ${error('reportDueAt')}</label>
</fieldset>
<fieldset><legend>信访人</legend>
  <label><input type="checkbox" name="anonymous" value="yes"${checked('anonymous')}> 匿名</label>
  ${input('name', '姓名')}
  ${input('phone', '电话')}
  ${input('email', '电子邮箱', 'type="email"')}
  ${input('idNumber', '证件号码')}
  ${input('address', '地址')}
  ${input('relationToPatient', '与患者关系', 'placeholder="本人 / 家属 / 监护人"')}
  <label><input type="checkbox" name="consentToDisclose" value="yes"${checked('consentToDisclose')}> 同意向承办部门披露身份</label>
  <label>人数 <input type="number" name="peopleCount" value="${v.peopleCount ?? '1'}" min="1"> ${error('peopleCount')}</label>
</fieldset>
<fieldset><legend>内容</legend>
  <label>反映内容 <textarea name="content" required rows="6">${v.content ?? ''}</textarea> ${error('content')}</label>
  <label>被反映的人员或部门（每行一个） <textarea name="complainedAbout" rows="2">${v.complainedAbout ?? ''}</textarea> ${error('complainedAbout')}</label>
  <label>诉求金额（元） <input type="number" name="claimAmount" step="0.01" min="0" value="${v.claimAmount ?? ''}"> ${error('claimAmount')}</label>
</fieldset>
${duplicates.length ? html`<input type="hidden" name="confirmDuplicate" value="yes"><button type="submit" id="register-anyway">仍要登记</button> <a href="/console/ledger">放弃本次登记</a>` : html`<button type="submit">登记</button>`}
</form>`;
  return page({ title: '登记信访事项', principal, csrfToken: csrfTokenOf(req), body, departmentName: departmentNameOf(res) });
}

export async function registerForm(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = permitted(req, res, 'register');
  if (!principal) return;
  // Back from a sign-in after the session expired: the form as it was typed, with its own token (./drafts.ts).
  const draft = await takeDraft(context.prisma, req, res, '/console/register', context.auth.secureCookies, principal);
  if (draft?.form === 'register') {
    const values = valuesOf(draft.fields);
    if (!formTokenOf(values)) delete values._form;
    return void res.type('html').send(formPage(context, req, res, principal, { values, errors: {}, restored: true }));
  }
  res.type('html').send(formPage(context, req, res, principal, { values: {}, errors: {} }));
}

function text(form: Record<string, unknown>, key: string): string | undefined {
  const value = form[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** datetime-local has no zone: staff type Beijing time. */
function shanghaiLocalToIso(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00+08:00` : value;
}

/** The typed values as the form shows them again (strings only; nothing the form does not have). */
function valuesOf(form: Record<string, unknown>): Values {
  const values: Values = {};
  for (const key of [...Object.keys(fieldLabels), 'anonymous', 'consentToDisclose', 'reportRequired', '_form']) {
    const value = form[key];
    if (typeof value === 'string') values[key] = value;
  }
  return values;
}

export async function registerSubmit(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = checkedForm(req, res);
  if (!principal) return;
  if (principal.role !== 'intake' && principal.role !== 'admin') return void res.redirect(303, '/console/ledger?error=' + encodeURIComponent('无权登记'));
  const form = (req.body ?? {}) as Record<string, unknown>;
  const token = formTokenOf(form);
  const values = valuesOf(form);
  if (!token) values._form = newFormToken();
  const again = (status: number, state: Omit<FormState, 'values'>) => void res.status(status).type('html').send(formPage(context, req, res, principal, { values, ...state }));
  // On the trail before the answer: a new petition's row commits with it (services/petitions/registration.ts).
  const fields = Object.keys(form).filter((key) => !key.startsWith('_'));
  const audit: RegistrationAudit = (db, petition) =>
    recordAudit(db, auditEntryOf(req, { action: 'petition.register', outcome: petition.created ? 'ok' : 'repeat', number: petition.number, petitionId: petition.id, fields }));
  const registeredBefore = async (petition: { id: string; number: string }) => {
    await audit(context.prisma, { ...petition, created: false });
    res.redirect(303, `/console/petitions/${petition.number}?ok=${encodeURIComponent(`此登记已提交过，已登记为 ${petition.number}，未重复登记`)}`);
  };

  // The same form sent again: show what it registered the first time.
  if (token) {
    const earlier = await context.prisma.petition.findUnique({ where: { registrationKey: registrationKeyOf(token) }, select: { id: true, number: true } });
    if (earlier) return registeredBefore(earlier);
  }

  const anonymous = form.anonymous === 'yes';
  const petitioner = {
    name: text(form, 'name'), phone: text(form, 'phone'), email: text(form, 'email'), idNumber: text(form, 'idNumber'),
    address: text(form, 'address'), relationToPatient: text(form, 'relationToPatient'), consentToDisclose: form.consentToDisclose === 'yes',
  };
  const candidate = {
    channel: text(form, 'channel'),
    category: text(form, 'category'),
    anonymous,
    petitioner: anonymous ? undefined : petitioner,
    peopleCount: Number(text(form, 'peopleCount') ?? 1),
    content: text(form, 'content') ?? '',
    complainedAbout: (text(form, 'complainedAbout') ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean),
    claimAmount: text(form, 'claimAmount') ? Number(text(form, 'claimAmount')) : undefined,
    receivedAt: shanghaiLocalToIso(text(form, 'receivedAt')),
    policyId: text(form, 'policyId'),
    // 交办信息 only when an authority is chosen; the schema refuses it for other channels, with the reason.
    handedDown: text(form, 'authority')
      ? {
          authority: text(form, 'authority'),
          referenceNumber: text(form, 'referenceNumber'),
          dueAt: shanghaiLocalToIso(text(form, 'handedDownDueAt')),
          reportRequired: form.reportRequired === 'yes',
          reportDueAt: form.reportRequired === 'yes' ? shanghaiLocalToIso(text(form, 'reportDueAt')) : undefined,
        }
      : undefined,
  };
  const parsed = registrationSchema.safeParse(candidate);
  if (!parsed.success) {
    const errors: Errors = {};
    for (const [path, reason] of Object.entries(fieldReasons(parsed.error))) errors[formFieldOf(path)] ??= reason;
    const named = Object.keys(errors).map((field) => fieldLabels[field] ?? field).join('、');
    return again(422, { errors, message: `登记信息有误，请修改后再提交：${named}` });
  }
  const registration = parsed.data;
  if (form.confirmDuplicate !== 'yes') {
    const receivedAt = registration.receivedAt ? new Date(registration.receivedAt) : new Date();
    const person = registration.anonymous ? undefined : registration.petitioner;
    const duplicates = await likelyDuplicates(context.prisma, { phone: person?.phone, idNumber: person?.idNumber, content: registration.content }, receivedAt);
    if (duplicates.length) {
      const message = duplicates.some((d) => d.reviewFinished)
        ? '尚未登记：同一事项已经复核，依法不再受理；请核对后决定。'
        : '尚未登记：发现可能重复的信访事项，请核对后决定。';
      return again(409, { errors: {}, duplicates, message });
    }
  }
  try {
    const registered = await registerPetition(context, registration, principal.actor, registrationKeyOf(token ?? values._form), audit);
    const ok = registered.created ? `已登记 ${registered.number}，查询码 ${registered.queryCode}` : `此登记已提交过，已登记为 ${registered.number}，未重复登记`;
    res.redirect(303, `/console/petitions/${registered.number}?ok=${encodeURIComponent(ok)}`);
  } catch (error) {
    if (error instanceof UnknownPolicyError) return again(422, { errors: { policyId: '未知的办理规则' }, message: '登记信息有误，请修改后再提交：办理规则' });
    if (error instanceof UnknownAuthorityError) return again(422, { errors: { handedDown: '未配置的上级机关' }, message: '登记信息有误，请修改后再提交：交办机关' });
    // Two submissions of one form at once (a double click): the second finds the first's key taken.
    if ((error as { code?: string }).code === 'P2002') {
      const first = await context.prisma.petition.findUnique({ where: { registrationKey: registrationKeyOf(token ?? values._form) }, select: { id: true, number: true } });
      if (first) return registeredBefore(first);
    }
    throw error;
  }
}
