/**
 * One token per rendered console form (`_form`): the same submission sent twice (Back and submit again, a double
 * click, a retried request) carries the same token, so it is done once. Registration keys the petition with it
 * (Petition.registrationKey); a petition command sends it as the Temporal Update's id, which the server
 * deduplicates. A form shown again after a refusal gets a fresh token, so the corrected submission is a new one.
 */
import { randomUUID } from 'node:crypto';

const tokenPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newFormToken(): string {
  return randomUUID();
}

/** The form's token, if it carries a well-formed one. */
export function formTokenOf(form: Record<string, unknown>): string | undefined {
  const value = form._form;
  return typeof value === 'string' && tokenPattern.test(value) ? value : undefined;
}

/** Registration key of a console registration (distinct from API Idempotency-Keys). */
export const registrationKeyOf = (token: string): string => `console:${token}`;

/** Temporal Update id of a console command (the petition's workflow dedupes on it). */
export const commandUpdateIdOf = (command: string, token: string): string => `console:${command}:${token}`;
