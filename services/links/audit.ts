/**
 * The link pages' audit rows, through the audit trail's one writer; kept as a module of its own so the link routes
 * name the rows they write in one place.
 */
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { PrismaClient } from '../../generated/prisma/client';
import { auditRequest, type AuditEntry } from '../audit/audit-trail';

export type { AuditEntry } from '../audit/audit-trail';

/**
 * The link pages' audit rows (link.view, link.<action>), written through the audit trail's one writer
 * (services/audit/audit-trail.ts). A row that cannot be written fails the request (503) rather than letting a view
 * or submission go unrecorded; the log says why.
 */
export async function appendAudit(prisma: PrismaClient, log: Logger, req: Request, entry: AuditEntry): Promise<void> {
  try {
    await auditRequest(prisma, req, entry);
  } catch (err) {
    log.error({ err, action: entry.action, outcome: entry.outcome }, 'audit trail write failed');
    throw err;
  }
}
