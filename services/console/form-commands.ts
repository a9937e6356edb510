/**
 * An HTML form posts strings; a command's input schema wants lists, numbers, booleans and instants. How each field
 * is read is derived from the command catalog's input schemas (a field's zod type), so a new command's form needs no
 * table here.
 */
import type { z } from 'zod';
import { endOfShanghaiDate } from '../../workflows/domain/due';
import { commandList } from '../petitions/command-catalog';

export type FieldKind = 'list' | 'number' | 'boolean' | 'instant' | 'text';

function kindOf(schema: z.ZodType): FieldKind {
  let inner = schema as z.core.$ZodType;
  while (inner._zod.def.type === 'optional' || inner._zod.def.type === 'default') {
    inner = (inner._zod.def as unknown as { innerType: z.core.$ZodType }).innerType;
  }
  const def = inner._zod.def as { type: string; format?: string };
  if (def.type === 'array') return 'list';
  if (def.type === 'number') return 'number';
  if (def.type === 'boolean') return 'boolean';
  if (def.type === 'string' && def.format === 'datetime') return 'instant';
  return 'text';
}

/** Every field any command takes, with how a form's string becomes its value (one kind per field name). */
export const formFieldKinds: ReadonlyMap<string, FieldKind> = (() => {
  const kinds = new Map<string, FieldKind>();
  for (const command of commandList) {
    for (const [field, schema] of Object.entries(command.input.shape)) {
      const kind = kindOf(schema as z.ZodType);
      const known = kinds.get(field);
      if (known && known !== kind) throw new Error(`field ${field} is a ${known} in one command and a ${kind} in ${command.key}`);
      kinds.set(field, kind);
    }
  }
  return kinds;
})();

/** Fields that belong to the form, not to the command. */
export const formOnlyFields: ReadonlySet<string> = new Set(['_csrf', '_form', 'cause']);

export function commandBodyFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    if (formOnlyFields.has(key)) continue;
    // A multi-select (协办部门) posts one value per choice.
    if (Array.isArray(value) && formFieldKinds.get(key) === 'list') {
      body[key] = value.filter((v): v is string => typeof v === 'string').flatMap((v) => v.split(/[\s,，、]+/)).filter(Boolean);
      continue;
    }
    if (typeof value !== 'string') continue;
    const text = value.trim();
    switch (formFieldKinds.get(key)) {
      case 'list':
        body[key] = text ? text.split(/[\s,，、]+/).filter(Boolean) : [];
        break;
      case 'boolean':
        // Nothing chosen (no preselected decision) stays missing, so the schema asks for it.
        if (text !== '') body[key] = text === 'true' || text === 'yes';
        break;
      case 'number':
        body[key] = text === '' ? undefined : Number(text);
        break;
      case 'instant':
        // <input type="date"> gives a Shanghai date: due at 24:00 of that day (workflows/domain/due.ts).
        if (/^\d{4}-\d{2}-\d{2}$/.test(text)) body[key] = endOfShanghaiDate(text);
        else if (text) body[key] = text;
        break;
      default:
        if (text !== '') body[key] = text;
    }
  }
  return body;
}
