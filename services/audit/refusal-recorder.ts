/**
 * Every refused request that reached a petition route (the JSON API's /api/petitions, the console's petition pages,
 * the mailed links, the petitioner's /lookup) is an audit row, whatever refused it: the request budget (429), a body
 * parser (400, 413), the sign-in check (401), a role (403), an unknown petition or action (404), a workflow (409).
 * Routes that wrote their own row for the request (a link refusal, a refused command, a wrong lookup pair) are not
 * written twice. Written when the answer has
 * gone: a refusal changes nothing, so there is nothing to hold back if the row cannot be written (it is logged).
 */
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { PrismaClient } from '../../generated/prisma/client';
import { auditEntryOf, recordAudit, wasAudited } from './audit-trail';

const registerNumber = /XF-\d{4}-\d{6}/;

function numberOf(req: Request): string | undefined {
  return registerNumber.exec(req.originalUrl)?.[0];
}

export function refusalRecorder(prisma: PrismaClient, log: Logger): RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      if (res.statusCode < 400 || wasAudited(req)) return;
      const path = req.originalUrl.split('?')[0].slice(0, 200);
      const entry = auditEntryOf(req, { action: 'refused', outcome: 'refused', status: res.statusCode, number: numberOf(req), detail: `${req.method} ${path}` });
      recordAudit(prisma, entry).catch((err: unknown) => log.error({ err, status: res.statusCode, path }, 'audit trail: a refused request went unrecorded'));
    });
    next();
  };
}
