/**
 * Who may open the embedded mail catcher's inbox inside the app (`npm start` without SMTP_URL). The mails hold
 * petitioners' names and query codes and every department's and leader's action link, so the inbox is for the
 * 信访办 only: signed-in intake staff read it, admins read and clear it; nobody else gets in. The catcher's own
 * router (./inbox-router.ts) stays unguarded for the standalone catcher process of the cluster and for tests.
 */
import type { RequestHandler } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';
import { auditRequest } from '../audit/audit-trail';
import { csrfRefusal, principalOf } from '../auth/middleware';

const readers = new Set(['intake', 'admin']);
const readOnlyMethods = new Set(['GET', 'HEAD']);

function wantsJson(path: string): boolean {
  return path.startsWith('/api/');
}

/** Reading mails is reading petitioners' data: every read and every clearing is on the audit trail first. */
export function inboxAccess(prisma: PrismaClient): RequestHandler {
  return async (req, res, next) => {
    const principal = principalOf(req);
    const json = wantsJson(req.path);
    const refuse = (status: number, message: string) => {
      res.setHeader('Cache-Control', 'no-store');
      if (json) return void res.status(status).json({ error: message });
      res.status(status).type('html').send(
        `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>收件箱</title></head><body><p>${message}</p>` +
          '<p><a href="/console/login">登录控制台</a></p></body></html>',
      );
    };
    if (!principal) return refuse(401, '请先以信访接待或管理员身份登录控制台 (sign in as intake or admin staff)');
    if (!readers.has(principal.role)) return refuse(403, '无权访问收件箱：仅限信访接待人员和系统管理员 (intake and admin staff only)');
    if (!readOnlyMethods.has(req.method)) {
      if (principal.role !== 'admin') return refuse(403, '收件箱对信访接待人员只读：仅系统管理员可清空 (read-only: only admins may clear it)');
      const csrf = csrfRefusal(req, req.header('x-csrf-token'));
      if (csrf) return refuse(403, csrf);
    }
    const reading = readOnlyMethods.has(req.method);
    try {
      await auditRequest(prisma, req, { action: reading ? 'inbox.view' : 'inbox.clear', outcome: 'ok', detail: `${req.method} ${req.originalUrl.slice(0, 200)}` });
    } catch (error) {
      return next(error);
    }
    next();
  };
}
