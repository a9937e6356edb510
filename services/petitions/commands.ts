import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { satisfactionLevels, type Satisfaction } from '../../workflows/domain/catalog';
import { petitionWorkflowId } from '../../workflows/ids';
import {
  acceptUpdate,
  archiveUpdate,
  assignUpdate,
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
} as const;

export type CommandName = keyof typeof commandSchemas;
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
}

/** Free text goes to the record store first; the Update carries only the document's id. */
async function storeDocument(context: CommandContext, number: string, kind: string, body: object, author: string) {
  const petition = await context.prisma.petition.findUnique({ where: { number }, select: { id: true } });
  if (!petition) throw new PetitionNotFound(number);
  const document = await context.prisma.petitionDocument.create({ data: { petitionId: petition.id, kind, body, author } });
  return document.id;
}

export async function runCommand<N extends CommandName>(
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
          args: [{ actor, leadDepartment: assign.leadDepartment, cooperatingDepartments: assign.cooperatingDepartments, dueAt: assign.dueAt }],
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
