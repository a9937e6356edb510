/**
 * The console's action forms on a petition page: when each command's form shows and which fields it has. The
 * heading, the button, the URL it posts to and who may see it come from the command catalog; the table below is
 * keyed by command, so a new catalog entry does not compile until it says whether (and how) the console offers it.
 */
import { satisfactionLevels, type PetitionStatus } from '../../workflows/domain/catalog';
import type { PetitionState } from '../../workflows/petition/messages';
import { hasPermission, type Principal } from '../auth/roles';
import { commands, type CommandKey } from '../petitions/command-catalog';
import { causes } from '../reports/vocabulary';
import { html, options, type Html } from './html';

export interface FormInput {
  principal: Principal;
  status: PetitionStatus;
  state: PetitionState | undefined;
  petition: { number: string; leadDepartment: string | null; cooperatingDepartments: string[]; cause: string | null };
  departments: Array<{ code: string; name: string }>;
  csrfToken: string;
  allowed(command: CommandKey): boolean;
}

/** What one form needs besides the input: the department the person acts for, and the choice of departments. */
interface FormView extends FormInput {
  ownDepartment: string;
  departmentField: Html;
  departmentOptions: Html;
  causeField: Html;
}

interface ConsoleForm {
  shows(view: FormView): boolean;
  fields(view: FormView): Html;
}

const open = (status: PetitionStatus) => ['registered', 'accepted', 'assigned'].includes(status);

/** In the order the page shows them; `null`: the console does not offer the command. */
export const consoleForms: Record<CommandKey, ConsoleForm | null> = {
  accept: {
    shows: (v) => v.status === 'registered',
    fields: () => html`<p>受理后将向信访人发送《信访受理告知书》。</p>`,
  },
  decline: {
    shows: (v) => v.status === 'registered',
    fields: () => html`<label>不予受理理由 <textarea name="reason" required></textarea></label><label>告知其向何处反映 <textarea name="redirectTo" required></textarea></label>`,
  },
  assign: {
    shows: (v) => v.status === 'accepted',
    fields: (v) => html`<label>牵头部门 <select name="leadDepartment" required>${v.departmentOptions}</select></label>
<label>协办部门（部门代码，逗号分隔） <input name="cooperatingDepartments" placeholder="如 XNK,HLB"></label>
<label>办理期限（留空按办理规则计算） <input type="date" name="dueAt"></label>`,
  },
  acknowledge: {
    shows: (v) => v.status === 'assigned' && !(v.ownDepartment in (v.state?.acknowledgements ?? {})),
    fields: (v) => v.departmentField,
  },
  reply: {
    shows: (v) => v.status === 'assigned',
    fields: (v) => html`${v.departmentField}
<label>调查情况 <textarea name="investigation" required></textarea></label>
<label>核实结论 <textarea name="findings" required></textarea></label>
<label>处理意见 <textarea name="opinion" required></textarea></label>
<label>处理结果 <textarea name="result" required></textarea></label>`,
  },
  requestExtension: {
    shows: (v) => v.status === 'assigned' && !v.state?.pendingExtension,
    fields: (v) => html`${v.departmentField}<label>延长天数 <input type="number" name="days" min="1" max="60" required></label><label>延期理由 <textarea name="reason" required></textarea></label>`,
  },
  returnCase: {
    shows: (v) => v.status === 'assigned',
    fields: (v) => html`${v.departmentField}<label>退回理由 <textarea name="reason" required></textarea></label>`,
  },
  decideExtension: {
    shows: (v) => Boolean(v.state?.pendingExtension),
    fields: (v) => html`<p>${v.state?.pendingExtension?.department} 申请延期 ${v.state?.pendingExtension?.days} 天。</p>
<label>审批 <select name="approve">${options([['true', '同意'], ['false', '不同意']])}</select></label>
<label>审批意见 <textarea name="note"></textarea></label>`,
  },
  feedback: {
    shows: (v) => v.status === 'replied',
    fields: (v) => html`<label>信访人满意度 <select name="satisfaction">${options(Object.entries(satisfactionLevels))}</select></label>
<label>反馈说明 <textarea name="note"></textarea></label>${v.causeField}`,
  },
  resumeClock: {
    shows: (v) => open(v.status) && Boolean(v.state?.clockPaused),
    fields: () => html`<p>信访人已补充材料，恢复计时。</p>`,
  },
  pauseClock: {
    shows: (v) => open(v.status) && !v.state?.clockPaused,
    fields: () => html`<label>中止理由 <textarea name="reason" required></textarea></label><label>需补充的材料 <textarea name="materials"></textarea></label>`,
  },
  requestReview: {
    shows: (v) => v.status === 'fed_back',
    fields: () => html`<label>复查请求（信访人的理由） <textarea name="reason" required></textarea></label>`,
  },
  archive: {
    shows: (v) => v.status === 'fed_back' || v.status === 'declined',
    fields: (v) => v.causeField,
  },
  takeOwnership: {
    shows: (v) => !['archived', 'declined'].includes(v.status) && !v.state?.owner,
    fields: () => html`<p>由本人包案（领导包案）。</p>`,
  },
};

/** One command's form: `data-command` and the button name carry the catalog key; it posts to the command's slug. */
function form(view: FormView, key: CommandKey, fields: Html): Html {
  const { label, slug } = commands[key];
  return html`<form method="post" action="/console/petitions/${view.petition.number}/${slug}" class="action" data-command="${key}">
<h3>${label}</h3>
<input type="hidden" name="_csrf" value="${view.csrfToken}">
${fields}
<button type="submit" name="submit-${key}">${label}</button>
</form>`;
}

function viewOf(input: FormInput): FormView {
  const { principal } = input;
  const ownDepartment = principal.role === 'department' ? principal.departmentCode ?? '' : input.petition.leadDepartment ?? '';
  const involved = [input.petition.leadDepartment, ...input.petition.cooperatingDepartments].filter((c): c is string => Boolean(c));
  const departmentField = principal.role === 'department'
    ? html`<input type="hidden" name="department" value="${ownDepartment}">`
    : html`<label>承办部门 <select name="department">${options(involved.map((c) => [c, input.departments.find((d) => d.code === c)?.name ?? c]), ownDepartment)}</select></label>`;
  const causeField = hasPermission(principal, 'setCause')
    ? html`<label>信访原因 <select name="cause">${options([['', '（不填写）'], ...Object.entries(causes)], input.petition.cause ?? '')}</select></label>`
    : html``;
  return {
    ...input,
    ownDepartment,
    departmentField,
    departmentOptions: options(input.departments.map((d) => [d.code, `${d.name}（${d.code}）`])),
    causeField,
  };
}

/** The forms for the commands this person may run in this state; the workflow still has the last word. */
export function actionForms(input: FormInput): Html[] {
  const view = viewOf(input);
  const forms: Html[] = [];
  for (const [key, consoleForm] of Object.entries(consoleForms) as Array<[CommandKey, ConsoleForm | null]>) {
    if (consoleForm && input.allowed(key) && consoleForm.shows(view)) forms.push(form(view, key, consoleForm.fields(view)));
  }
  return forms;
}
