import { satisfactionLevels, type PetitionStatus } from '../../workflows/domain/catalog';
import type { PetitionState } from '../../workflows/petition/messages';
import { commandLabels, hasPermission, type Principal } from '../auth/roles';
import { causes } from '../reports/vocabulary';
import { routeNameOf } from './form-commands';
import { html, options, type Html } from './html';

interface FormInput {
  principal: Principal;
  status: PetitionStatus;
  state: PetitionState | undefined;
  petition: { number: string; leadDepartment: string | null; cooperatingDepartments: string[]; cause: string | null };
  departments: Array<{ code: string; name: string }>;
  csrfToken: string;
  allowed(command: string): boolean;
}

/** `command` is the Update's name (permissions, labels, data-command); the form posts to its URL name. */
function form(input: FormInput, command: string, fields: Html, button = commandLabels[command] ?? command): Html {
  const route = routeNameOf(command) ?? command;
  return html`<form method="post" action="/console/petitions/${input.petition.number}/${route}" class="action" data-command="${command}">
<h3>${commandLabels[command] ?? command}</h3>
<input type="hidden" name="_csrf" value="${input.csrfToken}">
${fields}
<button type="submit" name="submit-${command}">${button}</button>
</form>`;
}

function causeField(input: FormInput): Html {
  if (!hasPermission(input.principal, 'setCause')) return html``;
  return html`<label>信访原因 <select name="cause">${options([['', '（不填写）'], ...Object.entries(causes)], input.petition.cause ?? '')}</select></label>`;
}

/** The forms for the commands this person may run in this state; the workflow still has the last word. */
export function actionForms(input: FormInput): Html[] {
  const { status, state, principal } = input;
  const forms: Html[] = [];
  const departmentOptions = options(input.departments.map((d) => [d.code, `${d.name}（${d.code}）`]));
  const ownDepartment = principal.role === 'department' ? principal.departmentCode ?? '' : input.petition.leadDepartment ?? '';
  const involved = [input.petition.leadDepartment, ...input.petition.cooperatingDepartments].filter((c): c is string => Boolean(c));
  const departmentField = principal.role === 'department'
    ? html`<input type="hidden" name="department" value="${ownDepartment}">`
    : html`<label>承办部门 <select name="department">${options(involved.map((c) => [c, input.departments.find((d) => d.code === c)?.name ?? c]), ownDepartment)}</select></label>`;
  const add = (command: string, fields: Html) => {
    if (input.allowed(command)) forms.push(form(input, command, fields));
  };

  if (status === 'registered') {
    add('accept', html`<p>受理后将向信访人发送《信访受理告知书》。</p>`);
    add('decline', html`<label>不予受理理由 <textarea name="reason" required></textarea></label><label>告知其向何处反映 <textarea name="redirectTo" required></textarea></label>`);
  }
  if (status === 'accepted') {
    add('assign', html`<label>牵头部门 <select name="leadDepartment" required>${departmentOptions}</select></label>
<label>协办部门（部门代码，逗号分隔） <input name="cooperatingDepartments" placeholder="如 XNK,HLB"></label>
<label>办理期限（留空按办理规则计算） <input type="date" name="dueAt"></label>`);
  }
  if (status === 'assigned') {
    const acknowledged = state?.acknowledgements ?? {};
    if (!(ownDepartment in acknowledged)) add('acknowledge', departmentField);
    add('reply', html`${departmentField}
<label>调查情况 <textarea name="investigation" required></textarea></label>
<label>核实结论 <textarea name="findings" required></textarea></label>
<label>处理意见 <textarea name="opinion" required></textarea></label>
<label>处理结果 <textarea name="result" required></textarea></label>`);
    if (!state?.pendingExtension) {
      add('requestExtension', html`${departmentField}<label>延长天数 <input type="number" name="days" min="1" max="60" required></label><label>延期理由 <textarea name="reason" required></textarea></label>`);
    }
    add('returnCase', html`${departmentField}<label>退回理由 <textarea name="reason" required></textarea></label>`);
  }
  if (state?.pendingExtension) {
    add('decideExtension', html`<p>${state.pendingExtension.department} 申请延期 ${state.pendingExtension.days} 天。</p>
<label>审批 <select name="approve">${options([['true', '同意'], ['false', '不同意']])}</select></label>
<label>审批意见 <textarea name="note"></textarea></label>`);
  }
  if (status === 'replied') {
    add('feedback', html`<label>信访人满意度 <select name="satisfaction">${options(Object.entries(satisfactionLevels))}</select></label>
<label>反馈说明 <textarea name="note"></textarea></label>${causeField(input)}`);
  }
  if (['registered', 'accepted', 'assigned'].includes(status)) {
    if (state?.clockPaused) add('resumeClock', html`<p>信访人已补充材料，恢复计时。</p>`);
    else add('pauseClock', html`<label>中止理由 <textarea name="reason" required></textarea></label><label>需补充的材料 <textarea name="materials"></textarea></label>`);
  }
  if (status === 'fed_back') add('requestReview', html`<label>复查请求（信访人的理由） <textarea name="reason" required></textarea></label>`);
  if (status === 'fed_back' || status === 'declined') add('archive', causeField(input));
  if (!['archived', 'declined'].includes(status) && !state?.owner) add('takeOwnership', html`<p>由本人包案（领导包案）。</p>`);
  return forms;
}
