import type { Request } from 'express';
import type { Logger } from 'pino';
import type { PrismaClient } from '../../generated/prisma/client';

export interface AuditEntry {
  actor: string;
  action: string;
  outcome: string;
  petitionId?: string | null;
  number?: string | null;
  linkJti?: string | null;
  detail?: string;
}

function clipped(value: string | undefined, max: number): string | null {
  if (!value) return null;
  return value.length > max ? value.slice(0, max) : value;
}

/**
 * Appends one row to the audit trail. A failure to audit is logged loudly but does not turn a finished submission
 * into an error page: the workflow's own history already holds every change.
 */
export async function appendAudit(prisma: PrismaClient, log: Logger, req: Request, entry: AuditEntry): Promise<void> {
  try {
    await prisma.auditLog.create({
      data: {
        actor: entry.actor,
        action: entry.action,
        outcome: entry.outcome,
        petitionId: entry.petitionId ?? null,
        number: clipped(entry.number ?? undefined, 40),
        linkJti: entry.linkJti ?? null,
        detail: clipped(entry.detail, 1000),
        ip: clipped(req.ip, 64),
        userAgent: clipped(req.get('user-agent'), 400),
      },
    });
  } catch (err) {
    log.error({ err, action: entry.action, outcome: entry.outcome }, 'audit trail write failed');
  }
}
