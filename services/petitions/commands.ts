/**
 * Running one petition command: check the petition exists, store the command's free text as a document, send the
 * Update with the document's id, and turn the workflow's refusal into TransitionRefused. One generic function for
 * every command; what differs between commands is data in ./command-catalog.ts. The Update answers a small
 * CommandResult (it is kept in the history); a caller that shows the whole petition reads petitionView after it.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { petitionWorkflowId } from '../../workflows/ids';
import { petitionStateQuery, refusalTypes, type CommandResult, type PetitionState } from '../../workflows/petition/messages';
import { commands, type Command, type CommandInput, type CommandKey, type DocumentKind } from './command-catalog';
import type { Role } from '../../workflows/domain/roles';

/** The command's input checked against its schema: 400s carry the Chinese reasons naming each field. */
export function parseCommandInput<K extends CommandKey>(key: K, body: unknown): z.ZodSafeParseResult<CommandInput<K>> {
  return commands[key].input.safeParse(body) as z.ZodSafeParseResult<CommandInput<K>>;
}

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
async function storeDocument(context: CommandContext, number: string, kind: DocumentKind, body: object, author: string) {
  const petition = await context.prisma.petition.findUnique({ where: { number }, select: { id: true } });
  if (!petition) throw new PetitionNotFound(number);
  const document = await context.prisma.petitionDocument.create({ data: { petitionId: petition.id, kind, body, author } });
  context.storedDocuments?.push(document.id);
  return document.id;
}

/** Who runs a command: the actor recorded on the trail, and the staff role where the command's rules read it. */
export interface CommandActor {
  actor: string;
  role?: Role;
}

export async function runCommand<K extends CommandKey>(
  context: CommandContext,
  number: string,
  key: K,
  input: CommandInput<K>,
  by: CommandActor,
  /** The Update's id: a second call with the same id gets the first one's outcome and changes nothing (console forms). */
  updateId?: string,
): Promise<CommandResult> {
  const call: CommandContext = { ...context, storedDocuments: [] };
  try {
    return await runCommandOnce(call, number, commands[key], input, by, updateId);
  } catch (error) {
    // A refused transition changes nothing: its text was never adopted by the workflow.
    if (error instanceof TransitionRefused && call.storedDocuments!.length > 0) {
      await context.prisma.petitionDocument.deleteMany({ where: { id: { in: call.storedDocuments! }, accepted: false } });
    }
    throw error;
  }
}

async function runCommandOnce(
  context: CommandContext,
  number: string,
  command: Command,
  input: Record<string, unknown>,
  { actor, role }: CommandActor,
  updateId?: string,
): Promise<CommandResult> {
  const exists = await context.prisma.petition.findUnique({ where: { number }, select: { id: true } });
  if (!exists) throw new PetitionNotFound(number);
  const handle = context.temporal.workflow.getHandle(petitionWorkflowId(number));
  try {
    const text = command.document?.text(input);
    const documentId = text && command.document ? await storeDocument(context, number, command.document.kind, text, actor) : undefined;
    return await handle.executeUpdate(command.update, { args: [command.toUpdate(input, { actor, documentId, role })], ...(updateId ? { updateId } : {}) });
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

/** The petition's whole state as its workflow holds it (the query; nothing is recorded), e.g. after a command. */
export function petitionView(context: Pick<CommandContext, 'temporal'>, number: string): Promise<PetitionState> {
  return context.temporal.workflow.getHandle(petitionWorkflowId(number)).query(petitionStateQuery);
}
