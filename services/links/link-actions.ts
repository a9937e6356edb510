/**
 * The forms a department's or leader's link page submits: the catalog's commands that have a link form. Each action
 * is the command's key, which is also the purpose of its single-use form token (./link-tokens.ts).
 */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import type { PetitionState } from '../../workflows/petition/messages';
import { commands, isCommandKey, linkCommands, type Assert, type LinkCommandKey, type Same } from '../petitions/command-catalog';
import { parseCommandInput, petitionView, runCommand, TransitionRefused } from '../petitions/commands';
import type { LinkPurpose } from './link-tokens';

export type LinkAction = LinkCommandKey;

/**
 * Every form action is a token purpose and every purpose but the page's own (`handle`) is a form action: a catalog
 * entry that gains or loses a link form does not compile until linkPurposes in ./link-tokens.ts says the same.
 */
export type LinkActionsArePurposes = Assert<Same<LinkAction, Exclude<LinkPurpose, 'handle'>>>;

export const linkActions: readonly LinkAction[] = linkCommands.map((command) => command.key);

export function isLinkAction(value: string): value is LinkAction {
  return isCommandKey(value) && commands[value].link !== undefined;
}

/** What the page says once the action went through. */
export function linkConfirmation(action: LinkAction, state: PetitionState): string {
  return commands[action].link!.done(state);
}

/** Reply and return finish the department's part: the page link closes with them. */
export function closesPage(action: LinkAction): boolean {
  return commands[action].link!.closesPage;
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
 * What the link itself decides (a leader's link: the extension request it was minted for), from the link row, never
 * from the posted form. A link of such a form that names nothing decides nothing.
 */
function boundReference(field: string | undefined, link: { reference?: string | null }): Record<string, string> {
  if (!field) return {};
  if (!link.reference) throw new TransitionRefused('此链接未指明所审批的延期申请，不能用于审批；请使用审批邮件中的链接');
  return { [field]: link.reference };
}

/**
 * Runs one submitted form through the API's runCommand: the very command the staff console and the JSON API send,
 * so documents, Updates and refusals (TransitionRefused with the workflow's reason) are the same everywhere. A form
 * that does not parse throws the ZodError (its messages are Chinese); the department comes from the token.
 */
export async function runLinkAction(
  context: ActionContext,
  link: { number: string; subject: string; reference?: string | null },
  action: LinkAction,
  form: unknown,
): Promise<PetitionState> {
  const command = commands[action];
  const fields = command.link!.form.parse(form);
  const input = { ...command.link!.toInput(fields), ...boundReference(command.link!.reference, link) };
  const body = command.party === 'department' ? { department: departmentOf(link.subject), ...input } : input;
  const parsed = parseCommandInput(action, body);
  if (!parsed.success) throw parsed.error;
  await runCommand(context, link.number, action, parsed.data, { actor: link.subject });
  return petitionView(context, link.number);
}

/** The purposes a page link may open; each form on the page has a token of its own action. */
export const pagePurposes: readonly LinkPurpose[] = ['handle', 'decideExtension', 'answerReview'];
