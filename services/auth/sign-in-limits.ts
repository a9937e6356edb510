/**
 * Sign-in limits, counted from the audit trail itself (AuditLog rows `sign-in`), so every API process sees the
 * same counts and every lockout and its lifting is on record:
 * - per account: after ACCOUNT_FAILURES failed sign-ins within the window the account is locked until the window
 *   has passed without failures, or an admin lifts the lock (`sign-in.unlock`); a success starts the count afresh;
 * - per address: after IP_FAILURES failed sign-ins within the window an address may not try accounts that already
 *   failed in the window. Successes never count, and an account with no failure still signs in: a proxy without
 *   TRUST_PROXY (every staff member one address) does not lock the whole hospital out.
 */
import type { PrismaClient } from '../../generated/prisma/client';

export const SIGN_IN_LIMITS = { accountFailures: 5, ipFailures: 30, windowMs: 15 * 60_000 } as const;

export type SignInBlock = 'account-locked' | 'address-limited';

/** The audit subject of a sign-in attempt: the account named, whether or not it exists. */
export function signInSubject(staffId: string): string {
  return `staff:${staffId.slice(0, 40)}`;
}

/** Failed sign-ins of the account since the window began, its last success or the last lifted lock. */
export async function accountFailures(prisma: PrismaClient, staffId: string, now = new Date()): Promise<number> {
  const subject = signInSubject(staffId);
  const windowStart = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);
  const reset = await prisma.auditLog.findFirst({
    where: { subject, at: { gte: windowStart }, OR: [{ action: 'sign-in', outcome: 'ok' }, { action: 'sign-in.unlock', outcome: 'ok' }] },
    orderBy: { at: 'desc' },
    select: { at: true },
  });
  return prisma.auditLog.count({ where: { subject, action: 'sign-in', outcome: 'failed', at: { gt: reset?.at ?? windowStart } } });
}

export async function isAccountLocked(prisma: PrismaClient, staffId: string, now = new Date()): Promise<boolean> {
  return (await accountFailures(prisma, staffId, now)) >= SIGN_IN_LIMITS.accountFailures;
}

/** Why this attempt may not even be checked, or undefined when the password may be tried. */
export async function signInBlock(prisma: PrismaClient, staffId: string, ip: string | undefined, now = new Date()): Promise<SignInBlock | undefined> {
  const failures = await accountFailures(prisma, staffId, now);
  if (failures >= SIGN_IN_LIMITS.accountFailures) return 'account-locked';
  if (!ip || failures === 0) return undefined;
  const windowStart = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);
  const fromAddress = await prisma.auditLog.count({ where: { ip, action: 'sign-in', outcome: 'failed', at: { gte: windowStart } } });
  return fromAddress >= SIGN_IN_LIMITS.ipFailures ? 'address-limited' : undefined;
}

export const signInBlockMessages: Record<SignInBlock, string> = {
  'account-locked': `该账号因多次登录失败已暂时锁定：请 ${SIGN_IN_LIMITS.windowMs / 60_000} 分钟后再试，或请管理员解除锁定`,
  'address-limited': '此地址登录失败次数过多，请稍后再试',
};
