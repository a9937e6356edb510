import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import type { PetitionState } from '../../workflows/petition/messages';
import { commandSchemas, runCommand, TransitionRefused } from '../petitions/commands';
import type { LinkPurpose } from './link-tokens';

/** What one form on a link page submits; the department or leader comes from the token, never from the form. */
const longText = (label: string, max: number) =>
  z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过${max}字`);

export const linkFormSchemas = {
  acknowledge: z.object({}),
  reply: z.object({
    investigation: longText('调查情况', 20_000),
    findings: longText('核实结论', 20_000),
    opinion: longText('处理意见', 20_000),
    result: longText('处理结果', 20_000),
  }),
  requestExtension: z.object({
    days: z.coerce.number({ error: '请填写延长天数' }).int('延长天数须为整数').min(1, '延长天数至少为1天').max(365, '延长天数不能超过365天'),
    reason: longText('延期理由', 5000),
  }),
  returnCase: z.object({ reason: longText('退回理由', 5000) }),
  decideExtension: z.object({
    decision: z.enum(['approve', 'refuse'], { error: '请选择同意或不同意' }),
    note: z.string().trim().max(5000, '审批意见不能超过5000字').optional(),
  }),
} as const;

export type LinkAction = keyof typeof linkFormSchemas;

export function isLinkAction(value: string): value is LinkAction {
  return Object.prototype.hasOwnProperty.call(linkFormSchemas, value);
}

export interface ActionContext {
  prisma: PrismaClient;
  temporal: Client;
}

function departmentOf(subject: string): string {
  if (!subject.startsWith('dept:')) throw new TransitionRefused('此链接不属于承办部门');
  return subject.slice('dept:'.length);
}

/**
 * Runs one submitted form through the API's runCommand: the very command the staff console and the JSON API send,
 * so documents, Updates and refusals (TransitionRefused with the workflow's reason) are the same everywhere.
 */
export async function runLinkAction(
  context: ActionContext,
  link: { number: string; subject: string },
  action: LinkAction,
  form: unknown,
): Promise<PetitionState> {
  const actor = link.subject;
  switch (action) {
    case 'acknowledge':
      return runCommand(context, link.number, 'acknowledge', { department: departmentOf(actor) }, actor);
    case 'reply': {
      const text = linkFormSchemas.reply.parse(form);
      return runCommand(context, link.number, 'reply', commandSchemas.reply.parse({ department: departmentOf(actor), ...text }), actor);
    }
    case 'requestExtension': {
      const { days, reason } = linkFormSchemas.requestExtension.parse(form);
      const body = commandSchemas['request-extension'].parse({ department: departmentOf(actor), days, reason });
      return runCommand(context, link.number, 'request-extension', body, actor);
    }
    case 'returnCase': {
      const { reason } = linkFormSchemas.returnCase.parse(form);
      return runCommand(context, link.number, 'return', commandSchemas.return.parse({ department: departmentOf(actor), reason }), actor);
    }
    case 'decideExtension': {
      const { decision, note } = linkFormSchemas.decideExtension.parse(form);
      const body = commandSchemas['decide-extension'].parse({ approve: decision === 'approve', ...(note ? { note } : {}) });
      return runCommand(context, link.number, 'decide-extension', body, actor);
    }
  }
}

/** The purposes a page link may open; each form on the page has a token of its own action. */
export const pagePurposes: readonly LinkPurpose[] = ['handle', 'decideExtension'];
