import { commands, isCommandKey } from '../petitions/command-catalog';
import { hasPermission, mayRunCommand, rolesForCommand, roleLabel, type Principal } from './roles';

/**
 * Departments see only petitions they were assigned (as lead or cooperating) and never the petitioner
 * (保守信访秘密); everyone else who may read sees everything.
 */
export interface DepartmentLinks {
  leadDepartment: string | null;
  cooperatingDepartments: string[];
}

export function ledgerScope(principal: Principal): object {
  if (hasPermission(principal, 'readAll')) return {};
  const code = principal.departmentCode ?? '(none)';
  return { OR: [{ leadDepartment: code }, { cooperatingDepartments: { has: code } }] };
}

export function maySeePetition(principal: Principal, petition: DepartmentLinks): boolean {
  if (hasPermission(principal, 'readAll')) return true;
  const code = principal.departmentCode;
  return Boolean(code) && (petition.leadDepartment === code || petition.cooperatingDepartments.includes(code!));
}

export function seesPetitionerIdentity(principal: Principal): boolean {
  return principal.role !== 'department';
}

const identityFields = ['petitioner', 'petitionerId', 'queryCode', 'registrationKey'] as const;

/** Removes who petitioned (and the code that opens the public lookup) from a petition record for department users. */
export function redactPetition<T extends Record<string, unknown>>(principal: Principal, petition: T): T {
  if (seesPetitionerIdentity(principal)) return petition;
  const copy: Record<string, unknown> = { ...petition };
  for (const field of identityFields) delete copy[field];
  if (Array.isArray(copy.notifications)) {
    copy.notifications = (copy.notifications as Array<Record<string, unknown>>).filter((n) => !['acceptance', 'decline', 'reply'].includes(String(n.template)));
  }
  if (Array.isArray(copy.documents)) {
    copy.documents = (copy.documents as Array<Record<string, unknown>>).filter((d) => d.kind !== 'feedback');
  }
  return copy as T;
}

/** Why this person may not run the command on this petition, or undefined when they may. */
export function commandRefusal(principal: Principal, command: string, body: unknown, petition: DepartmentLinks): string | undefined {
  if (!mayRunCommand(principal, command)) {
    const allowed = rolesForCommand(command).map(roleLabel).join('、');
    return `无权操作：此操作仅限${allowed} (forbidden for role ${principal.role})`;
  }
  if (principal.role !== 'department') return undefined;
  if (!maySeePetition(principal, petition)) return '无权操作：该信访事项未交办给您的部门 (not assigned to your department)';
  // The catalog's party rule: a command given in a department's name is given in one's own department's name only.
  const department = (body as { department?: unknown } | null)?.department;
  if (isCommandKey(command) && commands[command].party === 'department' && department !== undefined && department !== principal.departmentCode) {
    return `无权操作：只能以本部门 (${principal.departmentCode}) 名义办理 (you act for your own department only)`;
  }
  return undefined;
}
