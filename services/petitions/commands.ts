import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { satisfactionLevels, type Satisfaction } from '../../workflows/domain/catalog';
import { petitionWorkflowId } from '../../workflows/ids';
import {
  acceptUpdate,
  acknowledgeUpdate,
  archiveUpdate,
  assignUpdate,
  decideExtensionUpdate,
  pauseClockUpdate,
  requestExtensionUpdate,
  requestReviewUpdate,
  resumeClockUpdate,
  returnCaseUpdate,
  takeOwnershipUpdate,
  declineUpdate,
  feedbackUpdate,
  refusalTypes,
  replyUpdate,
  type PetitionState,
} from '../../workflows/petition/messages';

const satisfactionIds = Object.keys(satisfactionLevels) as [Satisfaction, ...Satisfaction[]];
const departmentCode = z.string().trim().regex(/^[A-Z][A-Z0-9_]{1,15}$/, '部门代码格式无效');
const longText = (max: number) => z.string().trim().min(1).max(max);

export const commandSchemas = {
  accept: z.object({}).strict(),
  decline: z.object({ reason: longText(5000), redirectTo: longText(1000) }).strict(),
  assign: z
    .object({
      leadDepartment: departmentCode,
      cooperatingDepartments: z.array(departmentCode).max(20).default([]),
      dueAt: z.iso.datetime({ offset: true }).optional(),
      departmentDueAt: z.record(departmentCode, z.iso.datetime({ offset: true })).optional(),
    })
    .strict(),
  reply: z
    .object({
      department: departmentCode,
      investigation: longText(20_000),
      findings: longText(20_000),
      opinion: longText(20_000),
      result: longText(20_000),
    })
    .strict(),
  feedback: z.object({ satisfaction: z.enum(satisfactionIds), note: z.string().trim().max(5000).optional() }).strict(),
  archive: z.object({}).strict(),
  acknowledge: z.object({ department: departmentCode }).strict(),
  'request-extension': z.object({ department: departmentCode, days: z.number().int().min(1).max(365), reason: longText(5000) }).strict(),
  'decide-extension': z.object({ approve: z.boolean(), note: z.string().trim().max(5000).optional() }).strict(),
  return: z.object({ department: departmentCode, reason: longText(5000) }).strict(),
  pause: z.object({ reason: longText(5000), materials: z.string().trim().max(5000).optional() }).strict(),
  resume: z.object({}).strict(),
  'request-review': z.object({ reason: longText(20_000) }).strict(),
  'take-ownership': z.object({}).strict(),
} as const;

export type CommandName = keyof typeof commandSchemas;

/** The Update each URL command runs (the names the permission table uses); URLs are kebab-case, Updates camelCase. */
export const commandUpdateNames: Record<CommandName, string> = {
  accept: 'accept',
  decline: 'decline',
  assign: 'assign',
  reply: 'reply',
  feedback: 'feedback',
  archive: 'archive',
  acknowledge: 'acknowledge',
  'request-extension': 'requestExtension',
  'decide-extension': 'decideExtension',
  return: 'returnCase',
  pause: 'pauseClock',
  resume: 'resumeClock',
  'request-review': 'requestReview',
  'take-ownership': 'takeOwnership',
};
export type CommandBody<N extends CommandName> = z.infer<(typeof commandSchemas)[N]>;

/** A transition the workflow refused: the petition is unchanged and the reason is for people. */
export class TransitionRefused extends Error {}
export class PetitionNotFound extends Error {}

function refusalOf(error: unknown): TransitionRefused | undefined {
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = error.cause;
  if (cause instanceof ApplicationFailure && (refusalTypes as readonly string[]).includes(cause.type ?? '')) {
    return new TransitionRefused(cause.message);
  }
  return undefined;
}

function isCompletedWorkflowError(error: unknown): boolean {
  return error instanceof Error && /already completed|workflow execution already/i.test(error.message);
}

export interface CommandContext {
  prisma: PrismaClient;
  temporal: Client;
  /** Documents stored for the command under way, removed again if the workflow refuses it. */
  storedDocuments?: string[];
}

/** Free text goes to the record store first; the Update carries only the document's id. */
async function storeDocument(context: CommandContext, number: string, kind: string, body: object, author: string) {
  const petition = await context.prisma.petition.findUnique({ where: { number }, select: { id: true } });
  if (!petition) throw new PetitionNotFound(number);
  const document = await context.prisma.petitionDocument.create({ data: { petitionId: petition.id, kind, body, author } });
  context.storedDocuments?.push(document.id);
  return document.id;
}

type PetitionHandle = ReturnType<Client['workflow']['getHandle']>;

/** 签收, 延期, 退回, 补充材料, 复查/复核, 包案: free text (reasons) goes to documents like the other commands. */
async function runDeadlineCommand(
  context: CommandContext,
  handle: PetitionHandle,
  number: string,
  name: CommandName,
  body: unknown,
  actor: string,
): Promise<PetitionState> {
  switch (name) {
    case 'acknowledge': {
      const { department } = body as CommandBody<'acknowledge'>;
      return await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor, department }] });
    }
    case 'request-extension': {
      const { department, days, reason } = body as CommandBody<'request-extension'>;
      const documentId = await storeDocument(context, number, 'extension_request', { reason, days }, actor);
      return await handle.executeUpdate(requestExtensionUpdate, { args: [{ actor, department, days, documentId }] });
    }
    case 'decide-extension': {
      const { approve, note } = body as CommandBody<'decide-extension'>;
      const documentId = note ? await storeDocument(context, number, 'extension_decision', { approve, note }, actor) : undefined;
      return await handle.executeUpdate(decideExtensionUpdate, { args: [{ actor, approve, documentId }] });
    }
    case 'return': {
      const { department, reason } = body as CommandBody<'return'>;
      const documentId = await storeDocument(context, number, 'return', { reason }, actor);
      return await handle.executeUpdate(returnCaseUpdate, { args: [{ actor, department, documentId }] });
    }
    case 'pause': {
      const { reason, materials } = body as CommandBody<'pause'>;
      const documentId = await storeDocument(context, number, 'clock_pause', { reason, materials: materials ?? '' }, actor);
      return await handle.executeUpdate(pauseClockUpdate, { args: [{ actor, documentId }] });
    }
    case 'resume':
      return await handle.executeUpdate(resumeClockUpdate, { args: [{ actor }] });
    case 'request-review': {
      const { reason } = body as CommandBody<'request-review'>;
      const documentId = await storeDocument(context, number, 'review_request', { reason }, actor);
      return await handle.executeUpdate(requestReviewUpdate, { args: [{ actor, documentId }] });
    }
    case 'take-ownership':
      return await handle.executeUpdate(takeOwnershipUpdate, { args: [{ actor }] });
  }
  throw new Error(`unknown command ${String(name)}`);
}

export async function runCommand<N extends CommandName>(
  context: CommandContext,
  number: string,
  name: N,
  body: CommandBody<N>,
  actor: string,
): Promise<PetitionState> {
  const call: CommandContext = { ...context, storedDocuments: [] };
  try {
    return await runCommandOnce(call, number, name, body, actor);
  } catch (error) {
    // A refused transition changes nothing: its text was never adopted by the workflow.
    if (error instanceof TransitionRefused && call.storedDocuments!.length > 0) {
      await context.prisma.petitionDocument.deleteMany({ where: { id: { in: call.storedDocuments! }, accepted: false } });
    }
    throw error;
  }
}

async function runCommandOnce<N extends CommandName>(
  context: CommandContext,
  number: string,
  name: N,
  body: CommandBody<N>,
  actor: string,
): Promise<PetitionState> {
  const exists = await context.prisma.petition.findUnique({ where: { number }, select: { id: true } });
  if (!exists) throw new PetitionNotFound(number);
  const handle = context.temporal.workflow.getHandle(petitionWorkflowId(number));
  try {
    switch (name) {
      case 'accept':
        return await handle.executeUpdate(acceptUpdate, { args: [{ actor }] });
      case 'decline': {
        const { reason, redirectTo } = body as CommandBody<'decline'>;
        const documentId = await storeDocument(context, number, 'decline', { reason, redirectTo }, actor);
        return await handle.executeUpdate(declineUpdate, { args: [{ actor, documentId }] });
      }
      case 'assign': {
        const assign = body as CommandBody<'assign'>;
        return await handle.executeUpdate(assignUpdate, {
          args: [{
            actor,
            leadDepartment: assign.leadDepartment,
            cooperatingDepartments: assign.cooperatingDepartments,
            dueAt: assign.dueAt,
            departmentDueAt: assign.departmentDueAt,
          }],
        });
      }
      case 'reply': {
        const { department, ...text } = body as CommandBody<'reply'>;
        const documentId = await storeDocument(context, number, 'reply', text, actor);
        return await handle.executeUpdate(replyUpdate, { args: [{ actor, department, documentId }] });
      }
      case 'feedback': {
        const { satisfaction, note } = body as CommandBody<'feedback'>;
        const documentId = note ? await storeDocument(context, number, 'feedback', { note }, actor) : undefined;
        return await handle.executeUpdate(feedbackUpdate, { args: [{ actor, satisfaction, documentId }] });
      }
      case 'archive':
        return await handle.executeUpdate(archiveUpdate, { args: [{ actor }] });
      default:
        return await runDeadlineCommand(context, handle, number, name, body, actor);
    }
    throw new Error(`unknown command ${String(name)}`);
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal) throw refusal;
    // The petition row exists, so a missing run means the workflow already completed (archived).
    if (error instanceof WorkflowNotFoundError || isCompletedWorkflowError(error)) {
      throw new TransitionRefused('该信访事项已办结归档，不能再办理 (the petition is archived; its workflow has completed)');
    }
    throw error;
  }
}
