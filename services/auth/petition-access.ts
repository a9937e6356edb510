import { commands, isCommandKey } from '../petitions/command-catalog';
import { isStaffNotice, type Audience } from '../../workflows/domain/notices';
import { hasPermission, isBareService, mayRunCommand, rolesForCommand, roleLabel, type Principal } from './roles';

/**
 * Departments see only petitions they were assigned (as lead or cooperating); departments and leaders see the
 * petitioner only with consent (保守信访秘密); the 信访办 sees everything.
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

/**
 * Whom a person's views are addressed to, in the notice registry's terms. The 信访办 (intake, admin) handles the
 * petitioner's identity; a department user reads as the department, a leader or the president as the leadership.
 */
export function viewerAudience(principal: Principal): Audience | 'office' {
  switch (principal.role) {
    case 'department':
      return 'department';
    case 'leader':
    case 'president':
      return 'leadership';
    default:
      return 'office';
  }
}

/** What decides disclosure: whether the petition is anonymous and whether its petitioner consented. */
export interface IdentitySource {
  anonymous: boolean;
  petitioner?: { consentToDisclose: boolean } | null;
}

/**
 * 保守信访秘密: the 信访办 sees who petitioned; any other audience only when the petitioner consented to disclosure and
 * is not anonymous. Without a petition: whether this person sees identities regardless of consent.
 */
export function seesPetitionerIdentity(principal: Principal, petition?: IdentitySource): boolean {
  if (viewerAudience(principal) === 'office') return true;
  return petition !== undefined && !petition.anonymous && petition.petitioner?.consentToDisclose === true;
}

/** Fields that open the petitioner's lookup or link the record to the person: the 信访办's only. */
const officeOnlyFields = ['petitionerId', 'queryCode', 'registrationKey'] as const;

/**
 * A petition record as a department or leader may see it: no lookup code; the petitioner's name and contact only
 * when consented (never ID number or address); only the notices addressed to staff (the audience decides, see
 * workflows/domain/notices.ts); for a department, not the petitioner's feedback.
 */
export function redactPetition<T extends Record<string, unknown>>(principal: Principal, petition: T): T {
  const audience = viewerAudience(principal);
  if (audience === 'office') return petition;
  const copy: Record<string, unknown> = { ...petition };
  for (const field of officeOnlyFields) delete copy[field];
  const person = copy.petitioner as { name?: unknown; phone?: unknown; email?: unknown } | null | undefined;
  if (person && seesPetitionerIdentity(principal, petition as unknown as IdentitySource)) {
    copy.petitioner = { name: person.name ?? null, phone: person.phone ?? null, email: person.email ?? null };
  } else {
    delete copy.petitioner;
  }
  if (Array.isArray(copy.notifications)) {
    copy.notifications = (copy.notifications as Array<Record<string, unknown>>).filter((n) => isStaffNotice(String(n.template)));
  }
  if (audience === 'department' && Array.isArray(copy.documents)) {
    copy.documents = (copy.documents as Array<Record<string, unknown>>).filter((d) => d.kind !== 'feedback');
  }
  return copy as T;
}

/**
 * Why a change to a petition may not be made by this caller at all: an API-token call that names no staff member
 * (X-Staff-Id) is the service itself, and a change is always made for a person, who is its actor on the record.
 */
export function serviceRefusal(principal: Principal): string | undefined {
  if (!isBareService(principal)) return undefined;
  return '无权操作：API 令牌调用须用 X-Staff-Id 指明代为办理的工作人员 (a service token must name the staff member it acts for)';
}

/** Why this person may not run the command on this petition, or undefined when they may. */
export function commandRefusal(principal: Principal, command: string, body: unknown, petition: DepartmentLinks): string | undefined {
  const service = serviceRefusal(principal);
  if (service) return service;
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
