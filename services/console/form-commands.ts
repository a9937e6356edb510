import { commandSchemas, commandUpdateNames, type CommandName } from '../petitions/commands';

/** URL command names are kebab-case (`request-extension`); permissions and labels use the Update's name. */
export function isConsoleCommand(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commandSchemas, name);
}

export function routeNameOf(updateName: string): CommandName | undefined {
  return (Object.keys(commandUpdateNames) as CommandName[]).find((route) => commandUpdateNames[route] === updateName);
}

export function updateNameOf(route: CommandName): string {
  return commandUpdateNames[route];
}

const listFields = new Set(['cooperatingDepartments']);
const numberFields = new Set(['days']);
const booleanFields = new Set(['approve']);
/** Fields that belong to the form, not to the command. */
const formOnlyFields = new Set(['_csrf', 'cause']);

export function commandBodyFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    if (formOnlyFields.has(key) || typeof value !== 'string') continue;
    const text = value.trim();
    if (listFields.has(key)) body[key] = text ? text.split(/[\s,，、]+/).filter(Boolean) : [];
    else if (booleanFields.has(key)) body[key] = text === 'true' || text === 'yes';
    else if (numberFields.has(key)) body[key] = text === '' ? undefined : Number(text);
    else if (key === 'dueAt') {
      // <input type="date"> gives a Shanghai date: due at its 24:00.
      if (/^\d{4}-\d{2}-\d{2}$/.test(text)) body[key] = `${text}T24:00:00+08:00`.replace('T24:00:00', 'T23:59:59');
      else if (text) body[key] = text;
    } else if (text !== '') body[key] = text;
  }
  return body;
}
