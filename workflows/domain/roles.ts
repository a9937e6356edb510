/**
 * Staff roles and their Chinese names: one table for the console, the API's refusals and the command catalog.
 * Who may do what is decided elsewhere (services/auth/roles.ts for permissions, the command catalog for commands).
 */

import { isKeyOf } from './keys';

export const roles = {
  intake: '信访接待人员',
  department: '承办部门',
  leader: '分管院领导',
  president: '院长',
  admin: '系统管理员',
} as const;
export type Role = keyof typeof roles;

export function isRole(value: string): value is Role {
  return isKeyOf(roles, value);
}

export function roleLabel(role: string): string {
  return isRole(role) ? roles[role] : role;
}
