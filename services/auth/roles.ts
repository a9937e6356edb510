/** Who may do what. One table, read by the JSON API and the console alike. */

export const roles = {
  intake: '信访接待人员',
  department: '承办部门',
  leader: '分管院领导',
  president: '院长',
  admin: '系统管理员',
} as const;
export type Role = keyof typeof roles;

export function isRole(value: string): value is Role {
  return Object.prototype.hasOwnProperty.call(roles, value);
}

export interface Principal {
  staffId: string;
  name: string;
  role: Role;
  departmentCode: string | null;
  /** The actor written into events: `staff:<id>`. */
  actor: string;
  /** How the request proved who it is. */
  via: 'session' | 'api-token';
}

/** Permissions that are not petition commands. */
export type Permission = 'register' | 'readAll' | 'reports' | 'supervision' | 'setCause' | 'managePasswords';

const permissionRoles: Record<Permission, readonly Role[]> = {
  register: ['intake', 'admin'],
  readAll: ['intake', 'leader', 'president', 'admin'],
  reports: ['intake', 'leader', 'president', 'admin'],
  supervision: ['intake', 'leader', 'president', 'admin'],
  setCause: ['intake', 'admin'],
  managePasswords: ['admin'],
};

/**
 * Commands on a petition. `department` roles act only for their own department (checked against the body and
 * the petition). Commands not listed here (added later) are for admins only until someone lists them: fail closed.
 */
const commandRoles: Record<string, readonly Role[]> = {
  accept: ['intake', 'admin'],
  decline: ['intake', 'admin'],
  assign: ['intake', 'admin'],
  feedback: ['intake', 'admin'],
  archive: ['intake', 'admin'],
  pauseClock: ['intake', 'admin'],
  resumeClock: ['intake', 'admin'],
  requestReview: ['intake', 'admin'],
  reply: ['department', 'intake', 'admin'],
  acknowledge: ['department', 'intake', 'admin'],
  requestExtension: ['department', 'intake', 'admin'],
  returnCase: ['department', 'intake', 'admin'],
  decideExtension: ['leader', 'president', 'admin'],
  takeOwnership: ['leader', 'president', 'admin'],
};

export const commandLabels: Record<string, string> = {
  accept: '受理',
  decline: '不予受理',
  assign: '交办',
  reply: '承办答复',
  feedback: '反馈',
  archive: '归档',
  acknowledge: '签收',
  requestExtension: '申请延期',
  decideExtension: '审批延期',
  returnCase: '退回',
  pauseClock: '中止计时',
  resumeClock: '恢复计时',
  requestReview: '申请复查',
  takeOwnership: '领导包案',
};

export function hasPermission(principal: Principal, permission: Permission): boolean {
  return permissionRoles[permission].includes(principal.role);
}

export function rolesForCommand(command: string): readonly Role[] {
  return commandRoles[command] ?? ['admin'];
}

export function mayRunCommand(principal: Principal, command: string): boolean {
  return rolesForCommand(command).includes(principal.role);
}

export function roleLabel(role: string): string {
  return isRole(role) ? roles[role] : role;
}
