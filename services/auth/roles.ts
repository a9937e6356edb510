/** Who may do what. One table, read by the JSON API and the console alike; petition commands list theirs in the catalog. */
import { commands, isCommandKey } from '../petitions/command-catalog';
import type { Role } from '../../workflows/domain/roles';

export { isRole, roleLabel, roles, type Role } from '../../workflows/domain/roles';

export interface Principal {
  staffId: string;
  name: string;
  role: Role;
  departmentCode: string | null;
  /** The actor written into events: `staff:<id>`. */
  actor: string;
  /** How the request proved who it is. */
  via: 'session' | 'api-token';
  /**
   * For API-token calls: the calling service as the audit trail names it (`service:<name>`). The actor is the staff
   * member it names with X-Staff-Id, or the service itself when it names nobody (then it may read, not command).
   */
  service?: string;
}

/** A token call that names no staff member: the service itself, never mistaken for a person (it may read, not command). */
export function isBareService(principal: Principal | undefined): boolean {
  return principal?.via === 'api-token' && principal.actor === principal.service;
}

/** Permissions that are not petition commands. */
export type Permission = 'register' | 'readAll' | 'reports' | 'supervision' | 'setCause' | 'managePasswords' | 'readAudit' | 'adoptCalendar' | 'adoptPolicy';

const permissionRoles: Record<Permission, readonly Role[]> = {
  register: ['intake', 'admin'],
  readAll: ['intake', 'leader', 'president', 'admin'],
  reports: ['intake', 'leader', 'president', 'admin'],
  supervision: ['intake', 'leader', 'president', 'admin'],
  setCause: ['intake', 'admin'],
  managePasswords: ['admin'],
  readAudit: ['admin'],
  adoptCalendar: ['admin'],
  adoptPolicy: ['admin'],
};

export function hasPermission(principal: Principal, permission: Permission): boolean {
  return permissionRoles[permission].includes(principal.role);
}

/**
 * Who may run a petition command: the command catalog's entry says. A name the catalog does not know (an older or
 * mistyped one) is for admins only: fail closed. Department users are further held to their own department (the
 * entry's party rule, checked by commandRefusal in ./petition-access.ts).
 */
export function rolesForCommand(command: string): readonly Role[] {
  return isCommandKey(command) ? commands[command].roles : ['admin'];
}

export function mayRunCommand(principal: Principal, command: string): boolean {
  return rolesForCommand(command).includes(principal.role);
}
