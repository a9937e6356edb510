import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client';

export interface SessionPolicy {
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
}

export interface OpenedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface LiveSession {
  staffId: string;
  csrfToken: string;
}

/** Only a digest of the cookie's token is stored: a leaked database does not hand out live sessions. */
function sessionIdOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const TOUCH_EVERY_MS = 60_000;

export async function openSession(prisma: Pick<PrismaClient, 'consoleSession'>, staffId: string, policy: SessionPolicy, now = new Date()): Promise<OpenedSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + policy.sessionAbsoluteMs);
  await prisma.consoleSession.create({ data: { id: sessionIdOf(token), staffId, csrfToken, createdAt: now, lastSeenAt: now, expiresAt } });
  return { token, csrfToken, expiresAt };
}

/**
 * A session ends at its absolute expiry or after the idle time without a request, whichever comes first; `onExpired`
 * hears whose session it was when its row is found expired (a form posted then keeps its draft for them).
 */
export async function resumeSession(prisma: PrismaClient, token: string, policy: SessionPolicy, now = new Date(), onExpired?: (staffId: string) => void): Promise<LiveSession | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const id = sessionIdOf(token);
  const session = await prisma.consoleSession.findUnique({ where: { id } });
  if (!session) return undefined;
  const idleSince = now.getTime() - session.lastSeenAt.getTime();
  if (session.expiresAt.getTime() <= now.getTime() || idleSince >= policy.sessionIdleMs) {
    await prisma.consoleSession.deleteMany({ where: { id } });
    onExpired?.(session.staffId);
    return undefined;
  }
  if (idleSince >= TOUCH_EVERY_MS) await prisma.consoleSession.update({ where: { id }, data: { lastSeenAt: now } });
  return { staffId: session.staffId, csrfToken: session.csrfToken };
}

export async function closeSession(prisma: PrismaClient, token: string): Promise<void> {
  await prisma.consoleSession.deleteMany({ where: { id: sessionIdOf(token) } });
}

export async function purgeExpiredSessions(prisma: PrismaClient, policy: SessionPolicy, now = new Date()): Promise<number> {
  const { count } = await prisma.consoleSession.deleteMany({
    where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: new Date(now.getTime() - policy.sessionIdleMs) } }] },
  });
  return count;
}
