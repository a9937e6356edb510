/**
 * Resolves the party that decides a department's extension request (workflows/domain/extension-decider.ts) from the
 * record store, which mirrors hospital configuration: the department's 分管院领导 (Department.leaderInCharge) or the
 * 院长 (the active staff member with role president). The workflow asks through the extensionDecider activity before
 * a decision is recorded; the notice registry asks the same to address the 延期审批单 and its link, so the person
 * mailed is the person allowed to decide.
 */
import type { PrismaClient } from '../generated/prisma/client';
import type { ExtensionDecider, ExtensionDeciderRequest } from '../workflows/domain/extension-decider';

async function activeStaffId(prisma: PrismaClient, where: { id?: string; roles: string[] }): Promise<string | null> {
  const member = await prisma.staffMember.findFirst({
    where: { ...(where.id ? { id: where.id } : {}), role: { in: where.roles }, active: true },
    orderBy: { id: 'asc' },
    select: { id: true },
  });
  return member?.id ?? null;
}

export async function resolveExtensionDecider(prisma: PrismaClient, request: ExtensionDeciderRequest): Promise<ExtensionDecider> {
  const department = await prisma.department.findUnique({ where: { code: request.departmentCode }, select: { name: true, leaderInCharge: true } });
  const base = { approvedBy: request.approvedBy, departmentCode: request.departmentCode, departmentName: department?.name ?? request.departmentCode };
  if (request.approvedBy === 'leaderInCharge') {
    // Only a leader (or the president) configured for the department counts: a leaderInCharge id naming an intake
    // officer is a configuration error, not a grant.
    const leader = department?.leaderInCharge ? await activeStaffId(prisma, { id: department.leaderInCharge, roles: ['leader', 'president'] }) : null;
    if (leader) return { ...base, staffId: leader, presidentInstead: false };
    return { ...base, staffId: await activeStaffId(prisma, { roles: ['president'] }), presidentInstead: true };
  }
  return { ...base, staffId: await activeStaffId(prisma, { roles: ['president'] }), presidentInstead: false };
}

export function createExtensionDeciderActivities({ prisma }: { prisma: PrismaClient }) {
  /** Who may decide this department's extension request now (asked when the decision arrives, not when it was requested). */
  async function extensionDecider(request: ExtensionDeciderRequest): Promise<ExtensionDecider> {
    return resolveExtensionDecider(prisma, request);
  }
  return { extensionDecider };
}
