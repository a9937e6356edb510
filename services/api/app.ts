import express, { type Request } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { requestLogging } from '../observability/logging';
import { opsRoutes } from '../observability/ops-routes';
import { authenticate, principalOf } from '../auth/middleware';
import { inboxAccess } from '../mail/inbox-access';
import { refusalRecorder } from '../audit/refusal-recorder';
import { auditRoutes } from '../audit/audit-page';
import { auditRequest } from '../audit/audit-trail';
import { mountStaffSite, type StaffSiteSettings } from '../console/staff-site';
import { jsonErrorHandler, sendError } from './http-errors';
import { petitionRoutes, type PetitionRoutesContext } from './petition-routes';
import { supervisionRoutes } from './supervision-routes';
import { policyRoutes } from './policy-routes';
import { calendarRoutes } from './calendar-routes';
import { applySecurity, jsonBody, multipartBody, noStore, type SecuritySettings } from './security';
import { LEDGER_UPLOAD_LIMIT } from '../console/ledger-import-page';
import { linkRoutes, type LinkRoutesContext } from '../links/link-routes';

export interface AppContext extends Omit<PetitionRoutesContext, 'actorOf'> {
  log: Logger;
  /** Extra routers mounted by the embedded setup (the mail catcher's inbox): for signed-in intake and admin staff only. */
  mounts?: Array<{ path: string; router: express.Router }>;
  /** Prometheus registry served at GET /metrics. */
  metrics?: Registry;
  /** Headers and request budgets (services/config.ts). */
  security: SecuritySettings;
  /** Sign-in, roles, console pages and reports. */
  staffSite: StaffSiteSettings;
  /** The department and leader pages behind mailed links (/links). */
  links?: Pick<LinkRoutesContext, 'links' | 'hospitalName' | 'clock' | 'authorities'>;
  /** config/calendar, for adopting a year's schedule on the running petitions (./calendar-routes.ts). */
  calendarDirectory?: string;
}

/** The signed-in person (session), the staff member an API-token call names (X-Staff-Id), or the service itself. */
function actorOf(req: Request): string {
  const principal = principalOf(req);
  if (!principal) throw new Error('actorOf: no principal (the routes run behind requireApiPrincipal)');
  return principal.actor;
}

export function createApp(context: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLogging(context.log));
  // Before the budgets and parsers, so their refusals (429, 413, 400) are on the trail too.
  app.use(['/api/petitions', '/console/petitions', '/links', '/lookup'], refusalRecorder(context.prisma, context.log));
  applySecurity(app, context.security);
  app.use(jsonBody('256kb'));
  // Multipart bodies are checked here too; only the 台账 upload may be large (services/console/ledger-import-page.ts).
  app.use(multipartBody([{ path: '/console/ledger-import', limit: LEDGER_UPLOAD_LIMIT }], '256kb'));
  // Pages and answers that carry personal data stay out of caches (static console assets excepted).
  app.use('/api', noStore);
  app.use('/console', (req, res, next) => (req.path.startsWith('/static/') ? next() : noStore(req, res, next)));
  app.use(opsRoutes(context));
  const who = authenticate(context.prisma, context.staffSite.auth);
  // The audit trail's page and export (admins), before the console router takes the rest of /console.
  app.use('/console/audit', who, auditRoutes(context.prisma));
  // The 台账 export (another module's page) is an export of personal data: on the trail before it is built.
  app.get('/console/ledger-import/export.xlsx', who, (req, _res, next) => {
    if (principalOf(req)?.via !== 'session') return next();
    auditRequest(context.prisma, req, { action: 'export.ledger', outcome: 'requested', detail: req.originalUrl.slice(0, 200), fields: ['petitioner.name', 'petitioner.phone', 'content'] })
      .then(() => next(), next);
  });
  mountStaffSite(app, context, context.staffSite);
  app.use('/api/petitions', petitionRoutes({ ...context, actorOf }));
  if (context.links) app.use('/links', linkRoutes({ ...context.links, prisma: context.prisma, temporal: context.temporal, log: context.log }));
  app.use('/api/supervision', supervisionRoutes(context));
  if (context.calendarDirectory && context.calendarSnapshot) {
    app.use('/api/calendar', calendarRoutes({ ...context, calendarSnapshot: context.calendarSnapshot, supplementsDirectory: context.calendarDirectory }));
  }
  app.use('/api/policies', policyRoutes(context));
  for (const mount of context.mounts ?? []) app.use(mount.path, noStore, who, inboxAccess(context.prisma), mount.router);
  app.use('/api', (_req, res) => sendError(res, 404, '接口不存在 (no such endpoint)'));
  app.use(jsonErrorHandler(context.log));
  return app;
}
