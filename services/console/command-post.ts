import type { Request, Response } from 'express';
import { parseRegisterNumber, petitionWorkflowId } from '../../workflows/ids';
import { commandRefusal } from '../auth/petition-access';
import { hasPermission } from '../auth/roles';
import { commandBySlug } from '../petitions/command-catalog';
import { parseCommandInput, PetitionNotFound, runCommand, TransitionRefused } from '../petitions/commands';
import { isCause } from '../reports/vocabulary';
import { checkedForm, type ConsoleContext } from './context';
import { commandBodyFromForm } from './form-commands';
import { auditEntryOf, auditRequest, recordAudit } from '../audit/audit-trail';
import type { FormDraft } from './action-forms';
import { commandUpdateIdOf, formTokenOf } from './form-token';
import { showPetition } from './petition-page';
import { chineseOnly, fieldReasons } from './staff-words';

/**
 * Whether the workflow already completed this form's Update successfully (a resubmission). Unknown id, a refusal or
 * any error: no, and the command runs (the Update id still keeps it from running twice).
 */
async function alreadyDone(context: ConsoleContext, number: string, updateId: string): Promise<boolean> {
  try {
    await context.temporal.workflow.getHandle(petitionWorkflowId(number)).getUpdateHandle(updateId).result();
    return true;
  } catch {
    return false;
  }
}

/** What the form had typed, to show it again (never the tokens). */
function draftValues(form: Record<string, unknown>): FormDraft['values'] {
  const values: FormDraft['values'] = {};
  for (const [key, value] of Object.entries(form)) {
    if (key === '_csrf' || key === '_form') continue;
    if (typeof value === 'string') values[key] = value;
    else if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return values;
}

/**
 * POST /console/petitions/:number/:command — the same checks and the same Update as the JSON API. A refusal shows the
 * petition page again with the form as it was typed and the Chinese reason beside the field (4xx); the form's token
 * is the Update's id, so the same form sent twice runs the command once.
 */
export async function commandPost(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = checkedForm(req, res);
  if (!principal) return;
  const number = String(req.params.number);
  const command = commandBySlug(String(req.params.command));
  if (!parseRegisterNumber(number) || !command) return void res.status(404).send('不支持的操作');
  const back = (kind: 'ok' | 'error', message: string) => res.redirect(303, `/console/petitions/${number}?${kind}=${encodeURIComponent(message)}`);
  const petition = await context.prisma.petition.findUnique({ where: { number }, select: { id: true, leadDepartment: true, cooperatingDepartments: true } });
  if (!petition) return void res.status(404).send('未找到信访事项');
  const form = (req.body ?? {}) as Record<string, unknown>;
  const body = commandBodyFromForm(form);
  const refused = (status: number, message: string, errors: Record<string, string> = {}) =>
    showPetition(context, req, res, principal, number, { command: command.key, values: draftValues(form), errors, message: chineseOnly(message) }, status);
  // Every submission is on the audit trail, refused or not, before the answer goes out.
  const audit = (outcome: string, status: number, detail?: string) =>
    auditRequest(context.prisma, req, { action: `command.${command.key}`, outcome, status, number, petitionId: petition.id, fields: Object.keys(body), detail });
  const refusal = commandRefusal(principal, command.key, body, petition);
  if (refusal) {
    await audit('forbidden', 403, refusal);
    return refused(403, refusal);
  }
  const parsed = parseCommandInput(command.key, body);
  if (!parsed.success) {
    await audit('invalid', 400);
    const errors: Record<string, string> = {};
    for (const [field, reason] of Object.entries(fieldReasons(parsed.error))) errors[field.split('.')[0]] ??= reason;
    return refused(422, `未能${command.label}：${Object.values(errors).join('；')}`, errors);
  }
  const token = formTokenOf(form);
  // The same form already done: answer as the first time, without storing its text again.
  if (token && (await alreadyDone(context, number, commandUpdateIdOf(command.key, token)))) {
    await audit('ok', 200, '同一表单重复提交，未再次办理');
    return void back('ok', `已${command.label}（同一表单重复提交，未再次办理）`);
  }
  try {
    await runCommand(context, number, command.key, parsed.data, { actor: principal.actor, role: principal.role }, token ? commandUpdateIdOf(command.key, token) : undefined);
  } catch (error) {
    if (error instanceof TransitionRefused) {
      await audit('refused', 409, error.message);
      return refused(409, `未能${command.label}：${error.message}`);
    }
    if (error instanceof PetitionNotFound) return void res.status(404).send('未找到信访事项');
    throw error;
  }
  await audit('ok', 200);
  const cause = typeof form.cause === 'string' ? form.cause : '';
  if (cause && isCause(cause) && hasPermission(principal, 'setCause')) {
    // The change and its audit row commit together.
    await context.prisma.$transaction(async (tx) => {
      await tx.petition.update({ where: { number }, data: { cause } });
      await recordAudit(tx, auditEntryOf(req, { action: 'petition.setCause', outcome: 'ok', number, petitionId: petition.id, fields: ['cause'], detail: cause }));
    });
  }
  back('ok', `已${command.label}`);
}
