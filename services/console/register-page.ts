import type { Request, Response } from 'express';
import { categories, channels } from '../../workflows/domain/catalog';
import { csrfTokenOf } from '../auth/middleware';
import { fieldErrors } from '../api/http-errors';
import { registerPetition, registrationSchema, UnknownPolicyError } from '../petitions/registration';
import { listPolicyIds } from '../policies';
import { checkedForm, permitted, render, type ConsoleContext } from './context';
import { html, options } from './html';

/** 登记: the form for every channel of the catalog; the JSON API's validation decides what is acceptable. */
export async function registerForm(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = permitted(req, res, 'register');
  if (!principal) return;
  render(req, res, principal, '登记信访事项', html`
<form method="post" action="/console/register" class="card" id="register-form">
<input type="hidden" name="_csrf" value="${csrfTokenOf(req) ?? ''}">
<fieldset><legend>来源</legend>
  <label>渠道 <select name="channel" required>${options(Object.entries(channels))}</select></label>
  <label>分类 <select name="category" required>${options(Object.entries(categories).map(([k, v]) => [k, v.label]))}</select></label>
  <label>收到时间（留空为现在） <input type="datetime-local" name="receivedAt"></label>
  <label>办理规则 <select name="policyId">${options([['', `默认（${context.defaultPolicy}）`], ...listPolicyIds().map((id) => [id, id] as [string, string])])}</select></label>
</fieldset>
<fieldset><legend>信访人</legend>
  <label><input type="checkbox" name="anonymous" value="yes"> 匿名</label>
  <label>姓名 <input name="name"></label>
  <label>电话 <input name="phone"></label>
  <label>电子邮箱 <input name="email" type="email"></label>
  <label>证件号码 <input name="idNumber"></label>
  <label>地址 <input name="address"></label>
  <label>与患者关系 <input name="relationToPatient" placeholder="本人 / 家属 / 监护人"></label>
  <label><input type="checkbox" name="consentToDisclose" value="yes"> 同意向承办部门披露身份</label>
  <label>人数 <input type="number" name="peopleCount" value="1" min="1"></label>
</fieldset>
<fieldset><legend>内容</legend>
  <label>反映内容 <textarea name="content" required rows="6"></textarea></label>
  <label>被反映的人员或部门（每行一个） <textarea name="complainedAbout" rows="2"></textarea></label>
  <label>诉求金额（元） <input type="number" name="claimAmount" step="0.01" min="0"></label>
</fieldset>
<button type="submit">登记</button>
</form>`);
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

export async function registerSubmit(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = checkedForm(req, res);
  if (!principal) return;
  if (principal.role !== 'intake' && principal.role !== 'admin') return void res.redirect(303, '/console/ledger?error=' + encodeURIComponent('无权登记'));
  const form = (req.body ?? {}) as Record<string, unknown>;
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
  };
  const parsed = registrationSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = fieldErrors(parsed.error).map((f) => `${f.field}：${f.message}`).join('；');
    return void res.redirect(303, `/console/register?error=${encodeURIComponent(`登记信息有误：${problems}`)}`);
  }
  try {
    const registered = await registerPetition(context, parsed.data, principal.actor);
    res.redirect(303, `/console/petitions/${registered.number}?ok=${encodeURIComponent(`已登记 ${registered.number}，查询码 ${registered.queryCode}`)}`);
  } catch (error) {
    if (error instanceof UnknownPolicyError) return void res.redirect(303, `/console/register?error=${encodeURIComponent('未知的办理规则')}`);
    throw error;
  }
}
