import bcrypt from 'bcryptjs';
import type { PrismaClient } from '../../generated/prisma/client';
import type { AuditDb } from '../audit/audit-trail';

const COST = 10;
export const MIN_PASSWORD_LENGTH = 8;

export class WeakPasswordError extends Error {}
export class UnknownStaffMember extends Error {}

export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new WeakPasswordError(`密码至少 ${MIN_PASSWORD_LENGTH} 位`);
  if (password.length > 72) throw new WeakPasswordError('密码不能超过 72 个字符');
  return bcrypt.hash(password, COST);
}

/** Compares against a fixed hash when the user is unknown, so timing does not reveal which ids exist. */
const UNKNOWN_USER_HASH = bcrypt.hashSync('unknown-user-placeholder', COST);

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  const matches = await bcrypt.compare(password, hash ?? UNKNOWN_USER_HASH);
  return matches && Boolean(hash);
}

/** Sets the password, signs the person out everywhere, and writes the audit row (if given) in the same transaction. */
export async function setStaffPassword(prisma: PrismaClient, staffId: string, password: string, audit?: (db: AuditDb) => Promise<void>): Promise<void> {
  const passwordHash = await hashPassword(password);
  await prisma.$transaction(async (tx) => {
    const updated = await tx.staffMember.updateMany({ where: { id: staffId }, data: { passwordHash } });
    if (updated.count === 0) throw new UnknownStaffMember(`未知工作人员 (unknown staff member): ${staffId}`);
    await tx.consoleSession.deleteMany({ where: { staffId } });
    await audit?.(tx);
  });
}

/** Gives every staff member who has no password yet the initial one; passwords set later are kept across restarts. */
export async function seedInitialPasswords(prisma: PrismaClient, initialPassword: string): Promise<number> {
  const passwordHash = await hashPassword(initialPassword);
  const updated = await prisma.staffMember.updateMany({ where: { passwordHash: null }, data: { passwordHash } });
  return updated.count;
}
